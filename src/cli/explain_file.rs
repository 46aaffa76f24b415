//! `iso20k explain ID DIR --file PATH`: one file, term by term, against a requirement (or every
//! requirement of a clause).

use super::args::{Cli, ExplainArgs, ShowFormat};
use super::common::{ProgressBar, prepare, scan_options, select, warn};
use super::{Error, write_stdout};
use anyhow::anyhow;
use iso20k::render;
use std::path::{Component, Path};

pub fn run(cli: &Cli, args: &ExplainArgs, file: &Path) -> Result<(), Error> {
    let input = &args.input;
    let options = scan_options(&input.dir, input.config.as_deref())?;
    let prepared = prepare(cli, input, &options)?;
    let wanted: Vec<usize> = select(&prepared.catalogue, &args.id)?
        .iter()
        .filter_map(|r| {
            prepared
                .catalogue
                .requirements
                .iter()
                .position(|x| x.id == r.id)
        })
        .collect();
    let path = relative(&input.dir, file);
    let progress = ProgressBar::new();
    let (assessment, explanation) = iso20k::assess::explain_file(
        &prepared.catalogue,
        &options,
        &prepared.judgements,
        prepared.as_of,
        &progress,
        prepared.earlier().as_ref(),
        &wanted,
        &path,
    )
    .map_err(anyhow::Error::from)?;
    progress.finish();
    warn(cli, &assessment.warnings);
    let explanation = explanation.ok_or_else(|| {
        anyhow!(
            "`{}` is not a file iso20k reads in the evidence folder {} (give a path inside the folder; \
             `iso20k evidence {}` lists every file it reads)",
            render::text::escape(&file.display().to_string()),
            render::text::escape(&input.dir.display().to_string()),
            render::text::escape(&input.dir.display().to_string()),
        )
    })?;
    let text = match args.format {
        ShowFormat::Text => render::explain::text(&explanation),
        ShowFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&explanation).expect("explanations serialise");
            text.push('\n');
            text
        }
        ShowFormat::Yaml => iso20k::yaml::to_string(&explanation).map_err(|e| anyhow!("{e}"))?,
    };
    write_stdout(&text)
}

/// `file` as the evidence index names it (relative to `dir`, `/` separators): a path relative to the
/// folder, or one that leads into it from here (`DIR/policies/x.md`, an absolute path).
fn relative(dir: &Path, file: &Path) -> String {
    let inside = |p: &Path| {
        let (Ok(dir), Ok(p)) = (dir.canonicalize(), p.canonicalize()) else {
            return None;
        };
        p.strip_prefix(&dir).ok().map(Path::to_path_buf)
    };
    let rel = if file.is_relative() && dir.join(file).is_file() {
        file.to_path_buf()
    } else {
        inside(file).unwrap_or_else(|| file.to_path_buf())
    };
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            // Outside the folder (`../x.md`, an absolute path elsewhere): no file of the index.
            _ => return file.display().to_string(),
        }
    }
    parts.join("/")
}
