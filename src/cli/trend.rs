//! `iso20k trend FILE…`: one organisation's saved assessments over time.

use super::Error;
use super::args::{DiffFormat, TrendArgs};
use super::inputs::{self, Output};
use anyhow::{Context, anyhow};
use iso20k::render;
use iso20k::views::trend::{self, Milestone};
use std::path::PathBuf;

pub fn run(args: &TrendArgs) -> Result<(), Error> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in &args.files {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the folder {}", path.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(anyhow!(
                    "{} holds no saved assessments (*.json from `iso20k assess --format json`)",
                    path.display()
                )
                .into());
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut assessments = Vec::with_capacity(files.len());
    for file in &files {
        assessments.push((file.display().to_string(), inputs::read_saved(file)?));
    }
    let milestones = match &args.config {
        Some(path) => {
            let config = iso20k::evidence::Config::read(path).map_err(anyhow::Error::from)?;
            config
                .milestones
                .iter()
                .map(|m| {
                    let date = m.date.date.ok_or_else(|| {
                        anyhow!(
                            "{}: milestone `{}` needs a date (YYYY-MM-DD)",
                            path.display(),
                            m.name
                        )
                    })?;
                    let date =
                        jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8)
                            .map_err(|e| {
                                anyhow!("{}: milestone `{}`: {e}", path.display(), m.name)
                            })?;
                    Ok(Milestone {
                        date,
                        name: m.name.clone(),
                    })
                })
                .collect::<Result<Vec<_>, anyhow::Error>>()?
        }
        None => Vec::new(),
    };
    let given: Vec<(String, &iso20k::assess::Assessment)> =
        assessments.iter().map(|(s, a)| (s.clone(), a)).collect();
    let view = trend::trend(&given, &milestones).map_err(anyhow::Error::from)?;
    let text = match args.format {
        DiffFormat::Table => render::trend::table(&view),
        DiffFormat::Json => render::view::json(&view),
        DiffFormat::Md | DiffFormat::Html => {
            let name = if args.format == DiffFormat::Md {
                "trend.md"
            } else {
                "trend.html"
            };
            render::Templates::new(args.templates.as_deref())
                .and_then(|t| t.render_view(name, &view))
                .map_err(anyhow::Error::from)?
        }
    };
    let sources: Vec<(&std::path::Path, bool)> =
        files.iter().map(|f| (f.as_path(), false)).collect();
    inputs::write(&sources, args.output.as_deref(), Output::Text(&text))
}
