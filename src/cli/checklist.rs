//! `iso20k checklist`: the Stage 1 and Stage 2 certification-audit checklists.

use super::args::{AuditOptions, ChecklistArgs, ChecklistFormat, Cli};
use super::assess::{Assessed, assessed, write_file};
use super::{Error, write_stdout};
use iso20k::render;
use iso20k::views::checklist::{self, Stage1, Stage2};
use iso20k::views::series::Period;

pub fn run(cli: &Cli, args: &ChecklistArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let text = match args.format {
        ChecklistFormat::Json if args.stage == 1 => render::view::json(&stage1(&assessed)),
        ChecklistFormat::Json => render::view::json(&stage2(&assessed, &args.audit)),
        ChecklistFormat::Md | ChecklistFormat::Html => {
            let templates =
                render::Templates::new(args.templates.as_deref()).map_err(anyhow::Error::from)?;
            let extension = if args.format == ChecklistFormat::Md {
                "md"
            } else {
                "html"
            };
            let name = format!("checklist-stage{}.{extension}", args.stage);
            if args.stage == 1 {
                templates.render_view(&name, &stage1(&assessed))
            } else {
                templates.render_view(&name, &stage2(&assessed, &args.audit))
            }
            .map_err(anyhow::Error::from)?
        }
    };
    match &args.output {
        Some(path) => write_file(&args.input.dir, path, text.as_bytes()),
        None => write_stdout(&text),
    }
}

pub fn stage1(assessed: &Assessed) -> Stage1 {
    checklist::stage1(&assessed.catalogue, &assessed.assessment, &assessed.index)
}

pub fn stage2(assessed: &Assessed, options: &AuditOptions) -> Stage2 {
    let as_of = assessed.assessment.as_of;
    checklist::stage2(
        &assessed.catalogue,
        &assessed.assessment,
        &assessed.index,
        options
            .seed
            .unwrap_or_else(|| checklist::default_seed(as_of)),
        options.period.unwrap_or_else(|| Period::default_for(as_of)),
    )
}
