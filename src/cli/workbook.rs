//! `iso20k workbook` (and `assess --format xlsx`): the management workbook; `iso20k import`: the
//! assessor's edits back into the judgements file.

use super::args::{AuditOptions, Cli, ImportArgs, WorkbookArgs};
use super::assess::{Assessed, assessed};
use super::evidence::scan_options;
use super::output::{refuse_evidence, write_file};
use super::{Error, write_stdout};
use anyhow::anyhow;
use iso20k::assess::{Judgements, import};
use iso20k::render::text::escape;
use iso20k::render::workbook::{WorkbookInput, workbook};
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
    let bytes = bytes(assessed, audit)?;
    write_file(dir, output, &bytes)
}

/// The workbook of `assessed`, with both checklists (samples drawn per `audit`) and the plan.
pub fn bytes(assessed: &Assessed, audit: &AuditOptions) -> Result<Vec<u8>, Error> {
    let stage1 = super::checklist::stage1(assessed);
    let stage2 = super::checklist::stage2(assessed, audit);
    let plan = super::plan::build(assessed, Default::default())?;
    bytes_of(assessed, &stage1, &stage2, &plan)
}

/// The workbook of views already made.
pub fn bytes_of(
    assessed: &Assessed,
    stage1: &iso20k::views::checklist::Stage1,
    stage2: &iso20k::views::checklist::Stage2,
    plan: &iso20k::views::plan::Plan,
) -> Result<Vec<u8>, Error> {
    workbook(&WorkbookInput {
        assessment: &assessed.assessment,
        index: &assessed.index,
        stage1: Some(stage1),
        stage2: Some(stage2),
        plan: Some(plan),
    })
    .map_err(|e| anyhow!("cannot write the workbook: {e}").into())
}

pub fn import(cli: &Cli, args: &ImportArgs) -> Result<(), Error> {
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let catalogue = super::catalogue::load(cli)?;
    let target = judgements_path(args, &options.config)?;
    refuse_evidence(&args.dir, &target)?;

    let edited = import::read_workbook(&args.workbook, &catalogue).map_err(anyhow::Error::from)?;
    let existing = if target.is_file() {
        Judgements::read(&target).map_err(anyhow::Error::from)?
    } else {
        Judgements::default()
    };
    let (merged, changes) = import::merge(
        &existing,
        &edited.rows,
        edited.as_of,
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
        write_file(&args.dir, &target, merged.to_yaml().as_bytes())?;
    }
    write_stdout(&report)
}

/// `--judgements`, else `[assessment] judgements` from the configuration; never inside the folder.
fn judgements_path(args: &ImportArgs, config: &iso20k::evidence::Config) -> Result<PathBuf, Error> {
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
