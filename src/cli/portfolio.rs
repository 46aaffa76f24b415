//! `iso20k portfolio DIR…`: several organisations assessed in parallel and compared.

use super::args::{Cli, PortfolioArgs, PortfolioFormat};
use super::inputs::{self, Loaded, Output};
use super::{Error, write_stderr};
use anyhow::{Context, anyhow};
use iso20k::render;
use iso20k::render::text::escape;
use iso20k::views::portfolio::{self, Member, Role};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The portfolio configuration looked for in the one folder of organisations given.
pub const PORTFOLIO_FILE: &str = "iso20k-portfolio.toml";

/// `iso20k-portfolio.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortfolioConfig {
    #[serde(default, rename = "organisation")]
    organisations: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The evidence folder or saved assessment, relative to the configuration file.
    folder: PathBuf,
    name: Option<String>,
    role: Option<Role>,
}

/// One organisation to assess: where it is and what the configuration says of it.
struct Wanted {
    path: PathBuf,
    name: Option<String>,
    role: Option<Role>,
}

pub fn run(cli: &Cli, args: &PortfolioArgs) -> Result<(), Error> {
    if args.format == PortfolioFormat::Xlsx && args.output.is_none() {
        return Err(
            anyhow!("--format xlsx writes a workbook: give it a file with -o FILE.xlsx").into(),
        );
    }
    let wanted = members(args)?;
    // Each organisation is assessed on its own thread; the evidence scan inside parallelises too.
    let loaded: Vec<Result<Loaded, String>> = wanted
        .par_iter()
        .map(|w| inputs::load(cli, &w.path, args.as_of, None).map_err(describe))
        .collect();
    let members: Vec<Member<'_>> = wanted
        .iter()
        .zip(&loaded)
        .map(|(w, l)| Member {
            source: w.path.display().to_string(),
            name: w.name.clone(),
            role: w.role,
            assessment: l.as_ref().map(|l| &l.assessment).map_err(Clone::clone),
        })
        .collect();
    for m in &members {
        if let Err(error) = &m.assessment {
            write_stderr(&format!(
                "warning: {} could not be assessed and is left out of the portfolio: {}\n",
                escape(&m.source),
                escape(error)
            ));
        }
    }
    if loaded.iter().all(Result::is_err) {
        return Err(anyhow!("none of the organisations could be assessed").into());
    }
    let view = portfolio::portfolio(&members).map_err(anyhow::Error::from)?;
    let sources: Vec<(&Path, bool)> = wanted
        .iter()
        .zip(&loaded)
        .map(|(w, l)| {
            (
                w.path.as_path(),
                l.as_ref().map_or(w.path.is_dir(), |l| l.folder),
            )
        })
        .collect();
    let text = match args.format {
        PortfolioFormat::Xlsx => {
            let bytes = render::portfolio::workbook(&view)
                .map_err(|e| anyhow!("cannot write the workbook: {e}"))?;
            return inputs::write(&sources, args.output.as_deref(), Output::Bytes(&bytes));
        }
        PortfolioFormat::Table => render::portfolio::table(&view),
        PortfolioFormat::Json => render::view::json(&view),
        PortfolioFormat::Md | PortfolioFormat::Html => {
            let name = if args.format == PortfolioFormat::Md {
                "portfolio.md"
            } else {
                "portfolio.html"
            };
            render::Templates::new(args.templates.as_deref())
                .and_then(|t| t.render_view(name, &view))
                .map_err(anyhow::Error::from)?
        }
    };
    inputs::write(&sources, args.output.as_deref(), Output::Text(&text))
}

/// An error on one line, with its causes.
fn describe(err: Error) -> String {
    match err {
        Error::Reported(message) => message,
        Error::Other(err) => format!("{err:#}"),
    }
}

/// The organisations to assess: the paths given, or the sub-folders of the one folder given.
fn members(args: &PortfolioArgs) -> Result<Vec<Wanted>, Error> {
    let parent = match args.dirs.as_slice() {
        [one] if one.is_dir() && !one.join(iso20k::evidence::CONFIG_FILE).exists() => Some(one),
        _ => None,
    };
    let config_path = args.config.clone().or_else(|| {
        parent
            .map(|p| p.join(PORTFOLIO_FILE))
            .filter(|p| p.exists())
    });
    let config = match &config_path {
        Some(path) => read_config(path)?,
        None => PortfolioConfig::default(),
    };
    let base = config_path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let configured: Vec<Wanted> = config
        .organisations
        .into_iter()
        .map(|e| Wanted {
            path: base.join(&e.folder),
            name: e.name,
            role: e.role,
        })
        .collect();
    let Some(parent) = parent else {
        // Paths given: the configuration only names them.
        return Ok(args
            .dirs
            .iter()
            .map(|path| {
                let entry = configured.iter().find(|w| same(&w.path, path));
                Wanted {
                    path: path.clone(),
                    name: entry.and_then(|e| e.name.clone()),
                    role: entry.and_then(|e| e.role),
                }
            })
            .collect());
    };
    if !configured.is_empty() {
        return Ok(configured);
    }
    let mut folders: Vec<PathBuf> = std::fs::read_dir(parent)
        .with_context(|| format!("cannot read the folder {}", parent.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| parent.join(e.file_name()))
        .collect();
    folders.sort();
    let configured_folders: Vec<&PathBuf> = folders
        .iter()
        .filter(|f| f.join(iso20k::evidence::CONFIG_FILE).exists())
        .collect();
    let chosen: Vec<PathBuf> = if configured_folders.is_empty() {
        folders.clone()
    } else {
        for skipped in folders
            .iter()
            .filter(|f| !f.join(iso20k::evidence::CONFIG_FILE).exists())
        {
            write_stderr(&format!(
                "note: {} is left out: it holds no {} while its sibling folders do (list it in {PORTFOLIO_FILE} \
                 to include it)\n",
                escape(&skipped.display().to_string()),
                iso20k::evidence::CONFIG_FILE
            ));
        }
        configured_folders.into_iter().cloned().collect()
    };
    if chosen.is_empty() {
        return Err(anyhow!(
            "{} holds no organisation folders; give the evidence folders to compare",
            parent.display()
        )
        .into());
    }
    Ok(chosen
        .into_iter()
        .map(|path| Wanted {
            path,
            name: None,
            role: None,
        })
        .collect())
}

fn same(a: &Path, b: &Path) -> bool {
    match (super::output::resolve(a), super::output::resolve(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn read_config(path: &Path) -> Result<PortfolioConfig, Error> {
    let text = iso20k::input::read_text(path, 1024 * 1024)
        .with_context(|| format!("cannot read the portfolio configuration {}", path.display()))?;
    toml::from_str(&text).map_err(|e| anyhow!("{}: {e}", path.display()).into())
}
