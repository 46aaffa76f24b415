//! `iso20k diff OLD NEW`: what changed between two assessments.

use super::args::{Cli, DiffArgs, DiffFormat, FailOn};
use super::inputs::{self, Output};
use super::{Error, Outcome};
use anyhow::anyhow;
use iso20k::render;
use iso20k::views::diff;

pub fn run(cli: &Cli, args: &DiffArgs) -> Result<Outcome, Error> {
    let (old_edition, new_edition) = if args.mapping {
        if cli.catalogue.is_some() {
            return Err(anyhow!(
                "--mapping uses the embedded 2011 and 2018 catalogues and their mapping; leave out --catalogue"
            )
            .into());
        }
        (Some("2011"), Some("2018"))
    } else {
        (None, None)
    };
    let old = inputs::load(cli, &args.old, args.old_as_of.or(args.as_of), old_edition)?;
    let new = inputs::load(cli, &args.new, args.as_of, new_edition)?;
    let mapping = if args.mapping {
        let (_, _, mapping) = super::common::embedded_mapping("2011", "2018")?;
        Some(mapping)
    } else {
        None
    };
    let view = diff::diff(&old.assessment, &new.assessment, mapping.as_ref()).map_err(|e| {
        anyhow!(
            "cannot compare {} with {}: {e}",
            args.old.display(),
            args.new.display()
        )
    })?;
    let text = match args.format {
        DiffFormat::Table => render::diff::table(&view),
        DiffFormat::Json => render::view::json(&view),
        DiffFormat::Md | DiffFormat::Html => {
            let name = if args.format == DiffFormat::Md {
                "diff.md"
            } else {
                "diff.html"
            };
            render::Templates::new(args.templates.as_deref())
                .and_then(|t| t.render_view(name, &view))
                .map_err(anyhow::Error::from)?
        }
    };
    inputs::write(
        &[(&old.path, old.folder), (&new.path, new.folder)],
        args.output.as_deref(),
        Output::Text(&text),
    )?;
    Ok(match args.fail_on {
        Some(FailOn::Regression) if view.summary.regression => Outcome::Failed,
        _ => Outcome::Success,
    })
}
