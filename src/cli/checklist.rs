//! `iso20k checklist`: the Stage 1 and Stage 2 certification-audit checklists.

use super::args::{AuditOptions, ChecklistArgs, Cli, ViewFormat};
use super::assess::{Assessed, assessed};
use super::output::write_text_file;
use super::{Error, write_stdout};
use iso20k::render;
use iso20k::views::checklist::{self, Stage1, Stage2};
use iso20k::views::series::Period;
use std::path::Path;

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

/// Where and how a view (a checklist, the plan) is written.
pub struct ViewOutput<'a> {
    pub format: ViewFormat,
    pub templates: Option<&'a Path>,
    /// The evidence folder, never written to.
    pub dir: &'a Path,
    /// The file to write, else standard output.
    pub output: Option<&'a Path>,
}

impl ViewOutput<'_> {
    /// Renders `view` as JSON, or with the template `STEM.md` or `STEM.html`, and writes it.
    pub fn write<T: serde::Serialize>(&self, stem: &str, view: &T) -> Result<(), Error> {
        let text = match self.format {
            ViewFormat::Json => render::view::json(view),
            ViewFormat::Md | ViewFormat::Html => {
                let extension = if self.format == ViewFormat::Md {
                    "md"
                } else {
                    "html"
                };
                render::Templates::new(self.templates)
                    .and_then(|t| t.render_view(&format!("{stem}.{extension}"), view))
                    .map_err(anyhow::Error::from)?
            }
        };
        match self.output {
            Some(path) => write_text_file(self.dir, path, &text),
            None => write_stdout(&text),
        }
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
