//! Finding the files of an evidence folder, without ever leaving it.
//!
//! The walk is sequential and sorted, so results are the same on every run; the expensive part (reading
//! files) runs in parallel afterwards. Symbolic links are followed only while they stay inside the folder;
//! loops, links leaving the folder, FIFOs, sockets and devices become warnings and are never opened.

use super::Warning;
use crate::config::ScanConfig;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Version-control folders are never evidence.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn", ".bzr", "_darcs", "CVS"];

/// A file to read.
#[derive(Debug, Clone)]
pub(super) struct FoundFile {
    pub abs: PathBuf,
    /// Relative to the root, `/`-separated (lossy where the name is not UTF-8).
    pub rel: String,
}

pub(super) struct Walk {
    pub files: Vec<FoundFile>,
    pub warnings: Vec<Warning>,
    pub skipped: super::Skipped,
}

/// What the entry filter needs; shared with the walker, which wants it `'static`.
struct Filter {
    root: PathBuf,
    canonical_root: PathBuf,
    exclude: GlobSet,
    hidden_allowed: bool,
    warnings: Mutex<Vec<Warning>>,
    hidden: AtomicUsize,
    version_control: AtomicUsize,
    excluded: AtomicUsize,
}

impl Filter {
    fn warn(&self, path: &Path, message: &str) {
        self.warnings.lock().expect("warnings lock").push(Warning {
            path: relative(&self.root, path),
            message: message.to_string(),
        });
    }

    /// Whether to enter or read `entry`; skips are counted, refused links are warnings.
    fn keep(&self, entry: &ignore::DirEntry) -> bool {
        if entry.depth() == 0 {
            return true;
        }
        let skip = |counter: &AtomicUsize| {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        };
        let name = entry.file_name().to_string_lossy();
        if VCS_DIRS.contains(&name.as_ref()) {
            return skip(&self.version_control);
        }
        if !self.hidden_allowed && name.starts_with('.') {
            return skip(&self.hidden);
        }
        if self.exclude.is_match(relative(&self.root, entry.path())) {
            return skip(&self.excluded);
        }
        if entry.path_is_symlink() {
            return match std::fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(&self.canonical_root) => true,
                Ok(_) => {
                    self.warn(
                        entry.path(),
                        "symbolic link to a place outside the evidence folder; not followed",
                    );
                    false
                }
                Err(_) => {
                    self.warn(entry.path(), "broken symbolic link; skipped");
                    false
                }
            };
        }
        true
    }
}

pub(super) fn walk(root: &Path, config: &ScanConfig) -> Walk {
    let filter = Arc::new(Filter {
        root: root.to_path_buf(),
        canonical_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        // Globs were checked when the configuration was parsed.
        exclude: globs(&config.exclude),
        hidden_allowed: config.hidden,
        warnings: Mutex::new(Vec::new()),
        hidden: AtomicUsize::new(0),
        version_control: AtomicUsize::new(0),
        excluded: AtomicUsize::new(0),
    });
    let include = globs(&config.include);
    let mut not_included = 0;

    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .hidden(false)
        .parents(false)
        .git_ignore(config.respect_ignore_files)
        .ignore(config.respect_ignore_files)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b));
    let shared = Arc::clone(&filter);
    builder.filter_entry(move |entry| shared.keep(entry));

    let mut files = Vec::new();
    for result in builder.build() {
        let entry = match result {
            Ok(entry) => entry,
            Err(err) => {
                let (path, message) = describe(root, &err);
                filter.warn(path.as_deref().unwrap_or(root), &message);
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            continue;
        }
        if !file_type.is_file() {
            filter.warn(entry.path(), &special_file_message(entry.path()));
            continue;
        }
        let rel = relative(root, entry.path());
        // The tool's own configuration and the assessor's judgements are not evidence.
        if rel == crate::config::CONFIG_FILE || rel == crate::config::JUDGEMENTS_FILE {
            continue;
        }
        if !config.include.is_empty() && !include.is_match(&rel) {
            not_included += 1;
            continue;
        }
        if entry.path().to_str().is_none() {
            filter.warn(
                entry.path(),
                "file name is not valid UTF-8; shown with replacement characters",
            );
        }
        files.push(FoundFile {
            abs: entry.path().to_path_buf(),
            rel,
        });
    }
    let warnings = filter.warnings.lock().expect("warnings lock").clone();
    Walk {
        files,
        warnings,
        skipped: super::Skipped {
            hidden: filter.hidden.load(Ordering::Relaxed),
            version_control: filter.version_control.load(Ordering::Relaxed),
            excluded: filter.excluded.load(Ordering::Relaxed),
            not_included,
        },
    }
}

fn globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
            // `archive` also leaves out everything below it.
            if let Ok(below) = Glob::new(&format!("{}/**", pattern.trim_end_matches('/'))) {
                builder.add(below);
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// `path` relative to `root`, with `/` separators.
pub(super) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

fn special_file_message(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let t = meta.file_type();
            let kind = if t.is_fifo() {
                "a FIFO (named pipe)"
            } else if t.is_socket() {
                "a socket"
            } else if t.is_block_device() || t.is_char_device() {
                "a device"
            } else {
                "not a regular file"
            };
            return format!("{kind}, not a regular file; skipped without opening it");
        }
    }
    let _ = path;
    "not a regular file; skipped without opening it".to_string()
}

/// The path and a plain message for a walk error.
fn describe(root: &Path, err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            let (_, message) = describe(root, err);
            if is_link && std::fs::metadata(path).is_err() {
                return (
                    Some(path.clone()),
                    "broken symbolic link; skipped".to_string(),
                );
            }
            (Some(path.clone()), message)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(root, err)
        }
        ignore::Error::Loop { child, ancestor } => (
            Some(child.clone()),
            format!(
                "symbolic link loop (leads back to `{}`); not followed",
                relative(root, ancestor)
            ),
        ),
        ignore::Error::Io(io) => (None, format!("cannot read: {}", plain_io_message(io))),
        other => (None, other.to_string()),
    }
}

/// An I/O error's reason without the absolute path some wrappers put in it.
fn plain_io_message(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => std::io::Error::from(err.kind()).to_string(),
    }
}
