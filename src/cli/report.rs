//! `iso20k report`: the whole set of reports, every file a view of the same assessment.

use super::Error;
use super::args::{Cli, ReportArgs};
use super::common::{assessed, plan_of, stage1, stage2, workbook_of};
use super::output;
use iso20k::render;

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<(), Error> {
    // Checked before the work and again under the lock, just before writing.
    if let Some(out) = &args.output {
        output::refuse_evidence(&args.input.dir, out)?;
        output::check_report_folder(out, args.force)?;
    }
    if let Some(pack) = &args.pack {
        output::refuse_evidence(&args.input.dir, pack)?;
    }
    let assessed = assessed(cli, &args.input)?;
    let templates =
        render::Templates::new(args.templates.as_deref()).map_err(anyhow::Error::from)?;
    let stage1 = stage1(&assessed);
    let stage2 = stage2(&assessed, &args.audit);
    let plan = plan_of(&assessed, Default::default())?;
    let assessment = &assessed.assessment;
    let mut files = Vec::new();
    for (name, text) in [
        (
            "gap-report.md",
            templates.render_assessment("gap-report.md", assessment),
        ),
        (
            "gap-report.html",
            templates.render_assessment("gap-report.html", assessment),
        ),
        (
            "checklist-stage1.md",
            templates.render_view("checklist-stage1.md", &stage1),
        ),
        (
            "checklist-stage1.html",
            templates.render_view("checklist-stage1.html", &stage1),
        ),
        (
            "checklist-stage2.md",
            templates.render_view("checklist-stage2.md", &stage2),
        ),
        (
            "checklist-stage2.html",
            templates.render_view("checklist-stage2.html", &stage2),
        ),
        ("plan.md", templates.render_view("plan.md", &plan)),
        ("plan.html", templates.render_view("plan.html", &plan)),
    ] {
        files.push((name, text.map_err(anyhow::Error::from)?.into_bytes()));
    }
    files.push((
        "assessment.json",
        render::assessment::json(assessment).into_bytes(),
    ));
    files.push((
        "checklist-stage1.json",
        render::view::json(&stage1).into_bytes(),
    ));
    files.push((
        "checklist-stage2.json",
        render::view::json(&stage2).into_bytes(),
    ));
    files.push(("plan.json", render::view::json(&plan).into_bytes()));
    let workbook = workbook_of(&assessed, &stage1, &stage2, &plan)?;
    files.push(("workbook.xlsx", workbook));
    files.sort();
    if let Some(pack) = &args.pack {
        super::pack::write(&args.input.dir, pack, &files, &assessed)?;
    }
    match &args.output {
        Some(out) => output::write_report_folder(&args.input.dir, out, &files, args.force),
        None => Ok(()),
    }
}
