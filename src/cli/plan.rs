//! `iso20k plan`: the phased implementation plan.

use super::Error;
use super::args::{Cli, PlanArgs};
use super::assess::{Assessed, assessed};
use super::checklist::ViewOutput;
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
    ViewOutput {
        format: args.format,
        templates: args.templates.as_deref(),
        dir: &args.input.dir,
        output: args.output.as_deref(),
    }
    .write("plan", &plan)
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
