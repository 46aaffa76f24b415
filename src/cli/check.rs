//! `iso20k check`: the CI gate. Exit 0 when it passes, 1 when it fails, 2 when it cannot run.

use super::args::{CheckArgs, CheckFormat, Cli, RequireArg};
use super::common::{assessment_with, scan_options};
use super::output::write_text_file;
use super::{Error, Outcome, write_stdout};
use anyhow::{Context, anyhow};
use iso20k::check::{self, CheckOptions, Require, Snapshot};
use iso20k::config::Config;
use iso20k::render::check as view;
use std::path::{Path, PathBuf};

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<Outcome, Error> {
    // The configuration is read once: for `[check]` here, and for the scan.
    let scan = scan_options(&args.input.dir, args.input.config.as_deref())?;
    let options = options(args, &scan.config)?;
    let assessment = assessment_with(cli, &args.input, scan)?.assessment;
    let result = check::check(&assessment, &options);
    let typed = args.input.dir.to_string_lossy().replace('\\', "/");
    let text = match args.format {
        CheckFormat::Text => view::text(&result, &typed),
        CheckFormat::Json => view::json(&result),
        CheckFormat::Junit => view::junit(&result),
        CheckFormat::Sarif => view::sarif(
            &result,
            &relative_to_root(args.root.as_deref(), &args.input.dir)?,
        ),
        CheckFormat::Github => view::github(
            &result,
            &relative_to_root(args.root.as_deref(), &args.input.dir)?,
        ),
    };
    match &args.output {
        Some(path) => write_text_file(&args.input.dir, path, &text)?,
        None => write_stdout(&text)?,
    }
    Ok(if result.passed {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// `[check]` from the configuration, with the command line's flags winning.
fn options(args: &CheckArgs, config: &Config) -> Result<CheckOptions, Error> {
    let require = match args.require {
        Some(RequireArg::Mandatory) => Require::Mandatory,
        Some(RequireArg::Declared) => Require::Declared,
        Some(RequireArg::None) => Require::None,
        None => config.check.require.unwrap_or_default(),
    };
    let configured_baseline = config.check.baseline.as_ref().map(|path| {
        let base = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&args.input.dir);
        base.join(path)
    });
    let baseline: Option<PathBuf> = args.baseline.clone().or(configured_baseline);
    let baseline = match baseline {
        Some(path) => Some(read_baseline(&path)?),
        None => None,
    };
    Ok(CheckOptions {
        fail_under: args.fail_under.or(config.check.fail_under),
        require,
        allow_expired: args.allow_expired || config.check.allow_expired.unwrap_or(false),
        baseline,
    })
}

fn read_baseline(path: &Path) -> Result<Snapshot, Error> {
    const MAX: u64 = 64 * 1024 * 1024;
    let text = iso20k::input::read_text(path, MAX)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    Snapshot::from_json(&text)
        .map_err(|e| anyhow!("invalid baseline {}: {e}", path.display()).into())
}

/// The evidence folder relative to `--root` (default: the current directory), with `/` separators: what
/// SARIF and GitHub annotations need to link files in the repository.
pub fn relative_to_root(root: Option<&Path>, dir: &Path) -> Result<String, Error> {
    let root = root.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let resolved_root = super::output::resolve(&root)
        .with_context(|| format!("cannot resolve the root {}", root.display()))?;
    let resolved_dir =
        super::output::resolve(dir).with_context(|| format!("cannot resolve {}", dir.display()))?;
    let relative = resolved_dir.strip_prefix(&resolved_root).map_err(|_| {
        anyhow!(
            "the evidence folder {} is outside the repository root {}; SARIF and GitHub output give paths \
             relative to it: run from the repository, or give --root",
            dir.display(),
            resolved_root.display()
        )
    })?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}
