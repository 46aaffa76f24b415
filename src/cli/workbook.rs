//! `iso20k workbook` (and `assess --format xlsx`): the management workbook; `iso20k import`: the
//! assessor's edits back into the judgements file.

use super::args::{AuditOptions, Cli, ImportArgs, WorkbookArgs};
use super::common::{Assessed, assessed, load, scan_options, workbook_bytes};
use super::output::{refuse_evidence, write_file};
use super::{Error, write_stderr, write_stdout};
use anyhow::anyhow;
use iso20k::assess::{Judgements, import};
use iso20k::render::text::escape;
use std::path::{Path, PathBuf};

pub fn run(cli: &Cli, args: &WorkbookArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    write(&assessed, &args.audit, &args.input.dir, &args.output)
}

/// The workbook of `assessed`, with both checklists and the plan, written to `output`.
pub fn write(
    assessed: &Assessed,
    audit: &AuditOptions,
    dir: &Path,
    output: &Path,
) -> Result<(), Error> {
    let bytes = workbook_bytes(assessed, audit)?;
    write_file(dir, output, &bytes)
}

pub fn import(cli: &Cli, args: &ImportArgs) -> Result<(), Error> {
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let catalogue = load(cli)?;
    let target = judgements_path(args, &options.config)?;
    refuse_evidence(&args.dir, &target)?;

    let edited = import::read_workbook(&args.workbook, &catalogue).map_err(anyhow::Error::from)?;
    for warning in &edited.warnings {
        write_stderr(&format!(
            "warning: {}: {}\n",
            escape(&args.workbook.display().to_string()),
            escape(warning)
        ));
    }
    let today = jiff::Zoned::now().date();
    if edited.as_of > today {
        return Err(anyhow!(
            "{}: its As of date {} lies in the future (today is {today}); it was not made by iso20k as it \
             stands, so nothing was imported",
            args.workbook.display(),
            edited.as_of
        )
        .into());
    }
    if !args.force {
        same_origin(args, &options.config, &edited)?;
    }
    let existing = if target.is_file() {
        Judgements::read(&target).map_err(anyhow::Error::from)?
    } else {
        Judgements::default()
    };
    let (merged, changes) = import::merge(
        &existing,
        &edited.rows,
        Some(edited.as_of),
        args.assessor.as_deref(),
    );
    let mut report = String::new();
    for change in &changes {
        let was = change
            .before
            .as_ref()
            .map_or("new".to_string(), |b| format!("was {}", b.status.name()));
        report.push_str(&format!(
            "{}: {} ({was}){}\n",
            escape(&change.requirement),
            change.after.status.name(),
            change
                .after
                .note
                .as_deref()
                .map(|n| format!(": {}", escape(n)))
                .unwrap_or_default()
        ));
    }
    let verb = if args.dry_run {
        "would change"
    } else {
        "changed"
    };
    report.push_str(&format!(
        "{} judgement{} {verb} in {} ({} kept as they were)\n",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        target.display(),
        merged.by_requirement.len() - changes.len()
    ));
    if !args.dry_run && !changes.is_empty() {
        if has_comments(&target) {
            write_stderr(&format!(
                "note: the comments in {} are not kept: iso20k rewrites the whole file\n",
                escape(&target.display().to_string())
            ));
        }
        write_file(&args.dir, &target, merged.to_yaml().as_bytes())?;
    }
    write_stdout(&report)
}

/// `--judgements`, else `[assessment] judgements` from the configuration; never inside the folder.
fn judgements_path(args: &ImportArgs, config: &iso20k::config::Config) -> Result<PathBuf, Error> {
    if let Some(path) = &args.judgements {
        return Ok(path.clone());
    }
    if let Some(path) = &config.assessment.judgements {
        let base = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&args.dir);
        return Ok(base.join(path));
    }
    Err(anyhow!(
        "name the judgements file to update with --judgements FILE (outside the evidence folder, which \
         iso20k never writes to), and give the same --judgements to `iso20k assess`"
    )
    .into())
}

/// Refuses a workbook made from another evidence folder or organisation, or one that does not say which
/// folder it was made from (`--force` skips this).
fn same_origin(
    args: &ImportArgs,
    config: &iso20k::config::Config,
    edited: &import::EditedWorkbook,
) -> Result<(), Error> {
    let workbook = args.workbook.display();
    let ours = config
        .organisation
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if ours != edited.organisation.as_deref() {
        return Err(anyhow!(
            "{workbook} was made for the organisation `{}`, and {} belongs to `{}`; check you have the \
             right workbook and folder, or import it anyway with --force",
            edited.organisation.as_deref().unwrap_or("(none named)"),
            args.dir.display(),
            ours.unwrap_or("(none named)")
        )
        .into());
    }
    let folder = super::output::resolve(&args.dir)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    match &edited.evidence_folder {
        Some(made_from) if *made_from == folder => Ok(()),
        Some(made_from) => Err(anyhow!(
            "{workbook} was made from the evidence folder {made_from}, not {folder}; check you have the \
             right workbook, or import it anyway with --force (e.g. after moving the folder)"
        )
        .into()),
        None => Err(anyhow!(
            "{workbook} does not record which evidence folder it was made from (an older iso20k made it); \
             check it is this folder's, and import it with --force"
        )
        .into()),
    }
}

/// Whether the YAML file at `path` has comments (which a rewrite does not keep).
fn has_comments(path: &Path) -> bool {
    iso20k::input::read_text(path, 4 * 1024 * 1024).is_ok_and(|text| {
        text.lines()
            .any(|line| line.trim_start().starts_with('#') || line.contains(" #"))
    })
}
