//! `iso20k check`: the CI gate. Exit 0 when it passes, 1 when it fails, 2 when it cannot run.

use super::args::{CheckArgs, CheckFormat, Cli, RequireArg};
use super::common::{assessment_with, scan_options};
use super::output::write_text_file;
use super::{Error, Outcome, keep_until_exit, write_stdout};
use anyhow::{Context, anyhow};
use iso20k::check::{self, CheckOptions, Require, Snapshot};
use iso20k::config::Config;
use iso20k::render::check as view;
use std::path::{Path, PathBuf};

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<Outcome, Error> {
    // The configuration is read once: for `[check]` here, and for the scan.
    let scan = scan_options(&args.input.dir, args.input.config.as_deref())?;
    let options = options(args, &scan.config)?;
    let config_path = scan.config.path.clone();
    let assessed = assessment_with(cli, &args.input, scan)?;
    let assessment = &assessed.assessment;
    let result = check::check(assessment, &options);
    let typed = args.input.dir.to_string_lossy().replace('\\', "/");
    let text = match args.format {
        CheckFormat::Text => view::text(&result, &typed),
        CheckFormat::Json => view::json(&result),
        CheckFormat::Junit => view::junit(&result),
        CheckFormat::Sarif => {
            let anchor = anchor(args, config_path.as_deref())?;
            view::sarif(
                &result,
                &relative_to_root(args.root.as_deref(), &args.input.dir)?,
                anchor.as_deref(),
            )
        }
        CheckFormat::Github => {
            let anchor = anchor(args, config_path.as_deref())?;
            view::github(
                &result,
                &relative_to_root(args.root.as_deref(), &args.input.dir)?,
                anchor.as_deref(),
            )
        }
    };
    match &args.output {
        Some(path) => write_text_file(&args.input.dir, path, &text)?,
        None => write_stdout(&text)?,
    }
    keep_until_exit(assessed);
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
/// The evidence folder `dir` relative to the repository root (`--root`, else the working folder), as
/// SARIF and GitHub annotations give paths.
pub fn relative_to_root(root: Option<&Path>, dir: &Path) -> Result<String, Error> {
    under_root(root, dir)?.ok_or_else(|| {
        anyhow!(
            "the evidence folder {} is outside the repository root {}; SARIF and GitHub output give paths \
             relative to it: run from the repository, or give --root",
            dir.display(),
            root_or_here(root).display()
        )
        .into()
    })
}

fn root_or_here(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `path` relative to the repository root with `/` separators (`.` for the root itself), or `None` when
/// it lies outside the root.
fn under_root(root: Option<&Path>, path: &Path) -> Result<Option<String>, Error> {
    let root = root_or_here(root);
    let resolved_root = super::output::resolve(&root)
        .with_context(|| format!("cannot resolve the root {}", root.display()))?;
    let resolved = super::output::resolve(path)
        .with_context(|| format!("cannot resolve {}", path.display()))?;
    let Ok(relative) = resolved.strip_prefix(&resolved_root) else {
        return Ok(None);
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }))
}

/// The file findings without an evidence file are attached to, relative to the root: `--anchor`, else
/// the configuration file, else the folder's README.md, if inside the root; `None` leaves them on the
/// folder.
fn anchor(args: &CheckArgs, config: Option<&Path>) -> Result<Option<String>, Error> {
    if let Some(anchor) = &args.anchor {
        if !anchor.is_file() {
            return Err(anyhow!("--anchor {}: no such file", anchor.display()).into());
        }
        return under_root(args.root.as_deref(), anchor)?.map(Some).ok_or_else(|| {
            anyhow!(
                "--anchor {} is outside the repository root {}: give a file in the repository, or --root",
                anchor.display(),
                root_or_here(args.root.as_deref()).display()
            )
            .into()
        });
    }
    let readme = args.input.dir.join("README.md");
    for candidate in config.into_iter().chain([readme.as_path()]) {
        if candidate.is_file()
            && let Some(relative) = under_root(args.root.as_deref(), candidate)?
        {
            return Ok(Some(relative));
        }
    }
    Ok(None)
}
