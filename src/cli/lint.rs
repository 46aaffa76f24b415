//! `iso20k lint`: document quality findings. Exit 0 when none is at or above `--deny`, 1 when some
//! are, 2 when it cannot run.

use super::args::{DenyArg, LintArgs, LintFormat};
use super::check::relative_to_root;
use super::common::{ProgressBar, scan_options};
use super::output::write_text_file;
use super::{Error, Outcome, write_stdout};
use anyhow::anyhow;
use iso20k::evidence;
use iso20k::render::lint as view;
use iso20k::views::lint::{self, RULES, Severity};

pub fn run(args: &LintArgs) -> Result<Outcome, Error> {
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let allow = options.config.lint.allow.clone();
    if let Some(unknown) = allow.iter().find(|code| lint::rule_of(code).is_none()) {
        return Err(anyhow!(
            "[lint] allow names `{unknown}`, which is no lint rule; the rules are: {}",
            RULES.iter().map(|r| r.code).collect::<Vec<_>>().join(", ")
        )
        .into());
    }
    let as_of = args.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    let progress = ProgressBar::new();
    let root = options.root.clone();
    let (index, facts) = evidence::scan_with(&options, &progress, |item, text| {
        lint::analyse(&root, item, text)
    })
    .map_err(anyhow::Error::from)?;
    progress.finish();
    let report = lint::lint(&index, &facts, as_of, &allow);
    let deny = match args.deny {
        DenyArg::Warning => Severity::Warning,
        DenyArg::Error => Severity::Error,
    };
    let typed = args.dir.to_string_lossy().replace('\\', "/");
    let text = match args.format {
        LintFormat::Text => view::text(&report, &typed, deny),
        LintFormat::Json => view::json(&report, deny),
        LintFormat::Sarif => {
            view::sarif(&report, &relative_to_root(args.root.as_deref(), &args.dir)?)
        }
        LintFormat::Github => view::github(
            &report,
            &relative_to_root(args.root.as_deref(), &args.dir)?,
            deny,
        ),
    };
    match &args.output {
        Some(path) => write_text_file(&args.dir, path, &text)?,
        None => write_stdout(&text)?,
    }
    Ok(if report.fails(deny) {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}
