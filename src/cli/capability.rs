//! `iso20k capability DIR`: the process capability profile of an evidence folder.

use super::args::{CapabilityArgs, Cli, DiffFormat};
use super::common::{assessed, capability_rules};
use super::output::write_text_file;
use super::{Error, write_stdout};
use anyhow::anyhow;
use iso20k::render;
use iso20k::views::capability::{self, DocumentFacts};

pub fn run(cli: &Cli, args: &CapabilityArgs) -> Result<(), Error> {
    let assessed = assessed(cli, &args.input)?;
    let catalogue = &assessed.catalogue;
    let rules = capability_rules(catalogue)?;
    let targets = &assessed.config.capability.targets;
    for process in targets.keys() {
        if catalogue.process(process).is_none() {
            return Err(anyhow!(
                "{}: [capability] targets names `{process}`, which is not a process area of the {} catalogue \
                 (it has: {})",
                config_name(&assessed.config),
                catalogue.name(),
                process_ids(catalogue)
            )
            .into());
        }
    }
    let profile = capability::profile(
        catalogue,
        &assessed.assessment,
        &rules,
        &DocumentFacts::from_index(&assessed.index),
        targets,
    );
    let text = match (&args.explain, args.format) {
        (Some(wanted), format) => {
            let process = profile
                .processes
                .iter()
                .find(|p| &p.process == wanted)
                .ok_or_else(|| {
                    anyhow!(
                        "unknown process area `{wanted}`; the catalogue has: {}",
                        process_ids(catalogue)
                    )
                })?;
            match format {
                DiffFormat::Table => render::capability::explain(&profile, process),
                DiffFormat::Json => render::view::json(process),
                DiffFormat::Md | DiffFormat::Html => {
                    return Err(anyhow!(
                        "--explain prints to the terminal or as JSON; the Markdown and HTML reports already \
                         explain every rating"
                    )
                    .into());
                }
            }
        }
        (None, DiffFormat::Table) => render::capability::table(&profile),
        (None, DiffFormat::Json) => render::view::json(&profile),
        (None, format) => {
            let name = if format == DiffFormat::Md {
                "capability.md"
            } else {
                "capability.html"
            };
            render::Templates::new(args.templates.as_deref())
                .and_then(|t| t.render_view(name, &profile))
                .map_err(anyhow::Error::from)?
        }
    };
    match &args.output {
        Some(path) => write_text_file(&args.input.dir, path, &text),
        None => write_stdout(&text),
    }
}

fn process_ids(catalogue: &iso20k::catalogue::Catalogue) -> String {
    catalogue
        .processes
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn config_name(config: &iso20k::config::Config) -> String {
    config
        .path
        .as_deref()
        .map_or_else(|| "iso20k.toml".to_string(), |p| p.display().to_string())
}
