//! `iso20k plan`: the phased implementation plan.

use super::args::{ChecklistFormat, Cli, PlanArgs};
use super::assess::{Assessed, assessed, write_file};
use super::{Error, write_stdout};
use iso20k::render;
use iso20k::views::plan::{self, Plan, PlanOptions};

pub fn run(cli: &Cli, args: &PlanArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let plan = build(
        &assessed,
        PlanOptions {
            start: args.start,
            target_stage1: args.target_stage1,
        },
    );
    let text = match args.format {
        ChecklistFormat::Json => render::view::json(&plan),
        ChecklistFormat::Md | ChecklistFormat::Html => {
            let templates =
                render::Templates::new(args.templates.as_deref()).map_err(anyhow::Error::from)?;
            let name = if args.format == ChecklistFormat::Md {
                "plan.md"
            } else {
                "plan.html"
            };
            templates
                .render_view(name, &plan)
                .map_err(anyhow::Error::from)?
        }
    };
    match &args.output {
        Some(path) => write_file(&args.input.dir, path, text.as_bytes()),
        None => write_stdout(&text),
    }
}

pub fn build(assessed: &Assessed, options: PlanOptions) -> Plan {
    plan::plan(
        &assessed.catalogue,
        &assessed.assessment,
        &assessed.index,
        &assessed.config.plan,
        options,
    )
}
