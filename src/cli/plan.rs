//! `iso20k plan`: the phased implementation plan.

use super::Error;
use super::args::{Cli, PlanArgs};
use super::assess::{Assessed, assessed};
use super::checklist::ViewOutput;
use anyhow::anyhow;
use iso20k::views::plan::{self, Plan, PlanOptions};
use jiff::civil::Date;

pub fn run(cli: &Cli, args: &PlanArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let plan = build(
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

/// The plan of `assessed`; refused (exit 2) when its dates do not fit in the calendar.
pub fn build(assessed: &Assessed, options: PlanOptions) -> Result<Plan, Error> {
    let plan = plan::plan(
        &assessed.catalogue,
        &assessed.assessment,
        &assessed.index,
        &assessed.config.plan,
        options,
    );
    schedulable(&plan)?;
    Ok(plan)
}

/// Date arithmetic stops at the ends of the calendar (-9999-01-01 and 9999-12-31): a plan with a date
/// there was squashed against them, and cannot be carried out.
fn schedulable(plan: &Plan) -> Result<(), Error> {
    let dates = std::iter::once(plan.start)
        .chain(plan.finish)
        .chain(plan.milestones.iter().map(|m| m.date))
        .chain(
            plan.phases
                .iter()
                .flat_map(|p| &p.work_packages)
                .flat_map(|w| [w.start, w.end]),
        );
    for date in dates {
        if date >= Date::MAX || date <= Date::MIN {
            return Err(anyhow!(
                "cannot schedule the plan: it would run past {}; choose a --start, --target-stage1 or \
                 --as-of date that leaves room for the work",
                if date >= Date::MAX { Date::MAX } else { Date::MIN }
            )
            .into());
        }
    }
    Ok(())
}
