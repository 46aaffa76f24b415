//! Shared test helpers: the built binary, and editable copies of the embedded catalogue.

use assert_cmd::Command;
use iso20k::catalogue::{self, Catalogue, CatalogueSource, LoadError};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The `iso20k` binary, with colour and the catalogue override taken out of the environment, and its
/// cache in the system's temporary folder (not the user's).
pub fn iso20k() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("iso20k"));
    cmd.env_remove("ISO20K_CATALOGUE")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", std::env::temp_dir().join("iso20k-tests"));
    cmd
}

/// The embedded 2018 catalogue.
pub fn embedded() -> Catalogue {
    catalogue::load(&CatalogueSource::default()).expect("the embedded catalogue is valid")
}

/// A writable copy of the embedded 2018 catalogue folder.
pub struct CatalogueCopy {
    pub dir: TempDir,
}

impl CatalogueCopy {
    pub fn new() -> CatalogueCopy {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in catalogue::embedded("2018").unwrap().files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        CatalogueCopy { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces the first occurrence of `from` in `file` with `to`; returns the 1-based line where the
    /// replacement starts.
    #[track_caller]
    pub fn edit(&self, file: &str, from: &str, to: &str) -> usize {
        let path = self.file(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} is not in {file}"));
        let line = text[..at].matches('\n').count() + 1;
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        line
    }

    /// The problems `load` reports, as `file:line:column: message` with the temp folder left out.
    pub fn problems(&self) -> Vec<String> {
        match catalogue::load(&CatalogueSource::Path(self.path().to_path_buf())) {
            Ok(_) => Vec::new(),
            Err(LoadError::Invalid(problems)) => {
                let prefix = format!("{}/", self.path().display());
                problems
                    .iter()
                    .map(|p| p.to_string().replace(&prefix, ""))
                    .collect()
            }
            Err(other) => panic!("unexpected load error: {other}"),
        }
    }
}

/// Runs `iso20k ARGS`, asserts success, returns standard output.
#[track_caller]
pub fn stdout<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = iso20k()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("output is UTF-8")
}

/// Runs `iso20k ARGS`, asserts success, parses standard output as JSON.
#[track_caller]
pub fn json<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    serde_json::from_str(&stdout(args)).expect("output is JSON")
}

/// Copies a folder tree (regular files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The path of an example organisation's evidence folder, as text for command lines.
pub fn example_dir(org: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-examples")
        .join(org)
        .to_string_lossy()
        .into_owned()
}
