//! `iso20k plan`: the phased implementation plan.

use super::Error;
use super::args::{Cli, PlanArgs};
use super::common::{ViewOutput, assessed, plan_of};
use iso20k::views::plan::PlanOptions;

pub fn run(cli: &Cli, args: &PlanArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let plan = plan_of(
        &assessed,
        PlanOptions {
            start: args.start,
            target_stage1: args.target_stage1,
        },
    )?;
    ViewOutput {
        format: args.format,
        templates: args.templates.as_deref(),
        dir: &args.input.dir,
        output: args.output.as_deref(),
    }
    .write("plan", &plan)
}
