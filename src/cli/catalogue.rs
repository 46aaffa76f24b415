//! `iso20k catalogue list|show|validate`.

use super::args::{
    CatalogueCommand, Cli, CrosswalkArgs, ListArgs, ListFormat, MapArgs, MapFormat, ShowArgs,
    ShowFormat,
};
use super::common::{
    capability_rules, crosswalk_of, edition_catalogue, embedded_mapping, load, load_source,
    mapping_problems, select, source,
};
use super::{Error, write_stderr, write_stdout};
use anyhow::anyhow;
use iso20k::catalogue::{
    self, CapabilityRules, Catalogue, CatalogueSource, Kind, Mapping, Requirement,
};
use iso20k::render::catalogue as view;
use std::path::PathBuf;

pub fn run(cli: &Cli, command: &CatalogueCommand) -> Result<(), Error> {
    match command {
        CatalogueCommand::List(args) => list(&load(cli)?, args),
        CatalogueCommand::Show(args) => show(&load(cli)?, args),
        CatalogueCommand::Validate {
            path,
            mapping,
            capability,
        } => validate(cli, path.clone(), mapping.as_deref(), capability.as_deref()),
        CatalogueCommand::Map(args) => map(args),
        CatalogueCommand::Crosswalk(args) => crosswalk(&load(cli)?, args),
    }
}

/// Validates the chosen catalogue, or every embedded catalogue and mapping.
fn validate(
    cli: &Cli,
    path: Option<PathBuf>,
    mapping: Option<&std::path::Path>,
    capability: Option<&std::path::Path>,
) -> Result<(), Error> {
    let mut text = String::new();
    if path.is_some() || cli.catalogue.is_some() {
        text.push_str(&view::valid_text(&load_source(source(cli, path))?));
    } else {
        for edition in catalogue::embedded_editions() {
            let embedded = catalogue::embedded(edition).expect("listed editions are embedded");
            text.push_str(&view::valid_text(&load_source(CatalogueSource::Embedded(
                embedded,
            ))?));
        }
        let (from, to, mapping) = embedded_mapping("2011", "2018")?;
        text.push_str(&view::valid_mapping_text(
            "embedded:mapping-2011-2018.yaml",
            &from,
            &to,
            &mapping,
        ));
        let to = edition_catalogue("2018")?;
        text.push_str(&view::valid_capability_text(
            "embedded:capability-2018.yaml",
            &capability_rules(&to)?,
        ));
        text.push_str(&view::valid_crosswalk_text(
            "embedded:crosswalk-2018.yaml",
            &crosswalk_of(&to)?,
        ));
    }
    if let Some(file) = capability {
        let catalogue = edition_catalogue("2018")?;
        let name = file.display().to_string();
        let content = iso20k::input::read_text(file, iso20k::catalogue::MAX_FILE_BYTES)
            .map_err(|e| anyhow!("cannot read the capability rules {name}: {e}"))?;
        let rules = CapabilityRules::parse(&name, &content, &catalogue).map_err(|problems| {
            write_stderr(&view::problems_text(&name, &problems));
            Error::Reported(format!("the capability rules {name} are not valid"))
        })?;
        text.push_str(&view::valid_capability_text(&name, &rules));
    }
    if let Some(file) = mapping {
        let (from, to) = (edition_catalogue("2011")?, edition_catalogue("2018")?);
        let name = file.display().to_string();
        let content = iso20k::input::read_text(file, iso20k::catalogue::MAX_FILE_BYTES)
            .map_err(|e| anyhow!("cannot read the mapping {name}: {e}"))?;
        let mapping = Mapping::parse(&name, &content, &from, &to)
            .map_err(|problems| mapping_problems(&name, &problems))?;
        text.push_str(&view::valid_mapping_text(&name, &from, &to, &mapping));
    }
    write_stdout(&text)
}

fn map(args: &MapArgs) -> Result<(), Error> {
    let (from, to, mapping) = embedded_mapping(&args.from, &args.to)?;
    let text = match args.format {
        MapFormat::Table => view::map_table(&from, &to, &mapping),
        MapFormat::Md => view::map_markdown(&from, &to, &mapping),
        MapFormat::Json => view::map_json(&from, &to, &mapping),
    };
    write_stdout(&text)
}

fn list(catalogue: &Catalogue, args: &ListArgs) -> Result<(), Error> {
    if let Some(clause) = &args.clause
        && !catalogue.clauses.iter().any(|c| c.clause.is_within(clause))
    {
        return Err(anyhow!(
            "clause {clause} is not in the {} catalogue",
            catalogue.name()
        )
        .into());
    }
    if let Some(process) = &args.process
        && catalogue.process(process).is_none()
    {
        let known: Vec<&str> = catalogue.processes.iter().map(|p| p.id.as_str()).collect();
        return Err(anyhow!(
            "unknown process area `{process}`; the catalogue has: {}",
            known.join(", ")
        )
        .into());
    }
    let kind = args.kind.map(Kind::from);
    let selected: Vec<&Requirement> = catalogue
        .requirements
        .iter()
        .filter(|r| args.clause.as_ref().is_none_or(|c| r.clause.is_within(c)))
        .filter(|r| !args.mandatory || r.mandatory_document)
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| args.process.as_ref().is_none_or(|p| &r.process == p))
        .collect();
    let text = match args.format {
        ListFormat::Table => view::list_table(catalogue, &selected),
        ListFormat::Json => view::list_json(catalogue, &selected),
        ListFormat::Yaml => view::list_yaml(catalogue, &selected),
    };
    write_stdout(&text)
}

fn show(catalogue: &Catalogue, args: &ShowArgs) -> Result<(), Error> {
    let selected = select(catalogue, &args.id)?;
    // The 2011 catalogue has no crosswalks.
    let crosswalk = match iso20k::catalogue::Crosswalk::embedded(catalogue) {
        Some(_) => Some(crosswalk_of(catalogue)?),
        None => None,
    };
    let text = match args.format {
        ShowFormat::Text => selected
            .iter()
            .map(|r| {
                let mut text = view::show_text(catalogue, r);
                if let Some(crosswalk) = &crosswalk {
                    text.push_str(&view::crosswalk_links_text(crosswalk, r));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("\n"),
        ShowFormat::Json if selected.len() == 1 => view::show_json(selected[0]),
        ShowFormat::Yaml if selected.len() == 1 => view::show_yaml(selected[0]),
        ShowFormat::Json => view::list_json(catalogue, &selected),
        ShowFormat::Yaml => view::list_yaml(catalogue, &selected),
    };
    write_stdout(&text)
}

/// `iso20k catalogue crosswalk --to FRAMEWORK`.
fn crosswalk(catalogue: &Catalogue, args: &CrosswalkArgs) -> Result<(), Error> {
    let crosswalk = crosswalk_of(catalogue)?;
    let key = args.to.key();
    let text = match args.format {
        MapFormat::Table => view::crosswalk_table(catalogue, &crosswalk, key),
        MapFormat::Md => view::crosswalk_markdown(catalogue, &crosswalk, key),
        MapFormat::Json => view::crosswalk_json(catalogue, &crosswalk, key),
    };
    write_stdout(&text)
}
