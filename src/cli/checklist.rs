//! `iso20k checklist`: the Stage 1 and Stage 2 certification-audit checklists.

use super::Error;
use super::args::{ChecklistArgs, Cli};
use super::common::{ViewOutput, assessed, stage1, stage2};

pub fn run(cli: &Cli, args: &ChecklistArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let stem = format!("checklist-stage{}", args.stage);
    let out = ViewOutput {
        format: args.format,
        templates: args.templates.as_deref(),
        dir: &args.input.dir,
        output: args.output.as_deref(),
    };
    if args.stage == 1 {
        out.write(&stem, &stage1(&assessed))
    } else {
        out.write(&stem, &stage2(&assessed, &args.audit))
    }
}
