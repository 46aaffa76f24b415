//! Where a catalogue comes from: the copy embedded in the binary, or the user's own file or folder.

use super::embedded::{EmbeddedCatalogue, embedded};
use super::problem::Problem;
use std::path::{Path, PathBuf};

/// The largest catalogue file read; catalogues are small, so anything bigger is a mistake.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Which catalogue to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueSource {
    /// The catalogue of this edition embedded in the binary.
    Embedded(&'static EmbeddedCatalogue),
    /// A single catalogue file, or a folder of them.
    Path(PathBuf),
}

/// One catalogue file's text and the name used for it in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// The same content as JSON, converted when the binary was built (embedded files only): read
    /// instead of the YAML when it fits (start-up time).
    pub json: Option<&'static str>,
}

/// Why a catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the catalogue at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} holds no catalogue files (*.yaml or *.yml)", path.display())]
    Empty { path: PathBuf },
    #[error("the catalogue is not valid: {} problem{}", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Invalid(Vec<Problem>),
}

impl Default for CatalogueSource {
    fn default() -> Self {
        CatalogueSource::Embedded(
            embedded(super::DEFAULT_EDITION).expect("default edition is embedded"),
        )
    }
}

impl CatalogueSource {
    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            CatalogueSource::Embedded(e) => format!("embedded {}", e.name()),
            CatalogueSource::Path(path) => path.display().to_string(),
        }
    }

    /// Reads the catalogue's files in name order, bounded in size.
    pub fn read(&self) -> Result<Vec<SourceFile>, LoadError> {
        match self {
            CatalogueSource::Embedded(e) => Ok(e
                .files
                .iter()
                .zip(e.json)
                .map(|((name, text), json)| SourceFile {
                    name: format!("embedded:{}/{name}", e.dir),
                    text: (*text).to_string(),
                    json: Some(*json).filter(|json| !json.is_empty()),
                })
                .collect()),
            CatalogueSource::Path(path) => read_path(path),
        }
    }
}

fn read_path(path: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        return Ok(vec![read_file(path)?]);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let entry = entry.map_err(io)?;
        let file = entry.path();
        let is_yaml = file
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if is_yaml && std::fs::metadata(&file).is_ok_and(|m| m.is_file()) {
            names.push(file);
        }
    }
    if names.is_empty() {
        return Err(LoadError::Empty {
            path: path.to_path_buf(),
        });
    }
    names.sort();
    names.iter().map(|file| read_file(file)).collect()
}

fn read_file(path: &Path) -> Result<SourceFile, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let text = crate::input::read_text(path, MAX_FILE_BYTES).map_err(io)?;
    Ok(SourceFile {
        name: path.display().to_string(),
        text,
        json: None,
    })
}
