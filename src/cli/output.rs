//! Everything iso20k writes: single files (`-o FILE`, the judgements file) and report folders
//! (`iso20k report -o OUTDIR`).
//!
//! The guarantees, stated in the README under "What iso20k writes, and where":
//!
//! - nothing is ever written inside the evidence folder, over it, or over a folder that contains it,
//!   however the path is spelled (relative, `..`, symbolic links, a trailing `/`);
//! - a file is written to a uniquely named temporary file beside it, synced, then renamed over the
//!   destination: a reader (or a crash) sees the old file or the new one, never half of one, and a failed
//!   run removes its temporary file;
//! - a report folder is written into a uniquely named temporary folder beside it and swapped in, under an
//!   advisory lock on the destination, so two runs into the same folder never mix their files; it carries
//!   a manifest ([`REPORT_MANIFEST`]) listing what iso20k wrote, and `--force` replaces only a folder with
//!   that manifest and nothing else in it.

use super::Error;
use anyhow::{Context, anyhow};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The manifest iso20k puts in every report folder it writes.
pub const REPORT_MANIFEST: &str = ".iso20k-report.json";

/// What a report folder's manifest says.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    written_by: String,
    version: String,
    /// Every file written, with its SHA-256, sorted by name.
    files: Vec<ManifestFile>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ManifestFile {
    name: String,
    sha256: String,
}

/// `path` made absolute, with its existing part canonicalised (symbolic links and `..` resolved) and the
/// part that does not exist yet appended as written (with `.` and `..` folded).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component),
            Component::CurDir => {}
            // `out` has no symbolic links left in it, so dropping its last part is its parent.
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => {
                out.push(part);
                if let Ok(canonical) = out.canonicalize() {
                    out = canonical;
                }
            }
        }
    }
    Ok(out)
}

/// Refuses to write `target` when it is the evidence folder, lies inside it, or contains it.
pub fn refuse_evidence(evidence: &Path, target: &Path) -> Result<(), Error> {
    let folder = resolve(evidence)
        .with_context(|| format!("cannot resolve the evidence folder {}", evidence.display()))?;
    let resolved =
        resolve(target).with_context(|| format!("cannot resolve {}", target.display()))?;
    let why = if resolved == folder {
        "it is the evidence folder"
    } else if resolved.starts_with(&folder) {
        "it is inside the evidence folder"
    } else if folder.starts_with(&resolved) {
        "it contains the evidence folder"
    } else {
        return Ok(());
    };
    Err(anyhow!(
        "refusing to write {}: {why} {}, which iso20k never writes to (a report there would be read as \
         evidence next time, or replace the evidence); write it elsewhere",
        target.display(),
        folder.display()
    )
    .into())
}

/// The folder and the file name of an output path (`out` → `.`, `out`).
fn split(path: &Path, what: &str) -> Result<(PathBuf, String), Error> {
    let name = match path.components().next_back() {
        Some(Component::Normal(name)) => name.to_string_lossy().into_owned(),
        _ => {
            return Err(anyhow!(
                "{} is not a {what} name iso20k can write (give a name, not `.`, `..` or `/`)",
                path.display()
            )
            .into());
        }
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// A name no other run (nor this one) uses: process id, a counter and a random number.
fn unique(name: &str, suffix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!(
        ".{name}.{}-{count}-{random:016x}.{suffix}",
        std::process::id()
    )
}

/// A temporary file or folder, removed when dropped unless kept.
struct Temporary {
    path: PathBuf,
    folder: bool,
    keep: bool,
}

impl Temporary {
    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        let _ = if self.folder {
            std::fs::remove_dir_all(&self.path)
        } else {
            std::fs::remove_file(&self.path)
        };
    }
}

/// `-o -`: standard output rather than a file named `-`.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `text` to `path` atomically (see [`write_file`]), without colour unless `--color always`;
/// `-` is standard output.
pub fn write_text_file(evidence: &Path, path: &Path, text: &str) -> Result<(), Error> {
    if is_stdout(path) {
        return super::write_stdout(text);
    }
    if anstream::ColorChoice::global() == anstream::ColorChoice::Always {
        write_file(evidence, path, text.as_bytes())
    } else {
        write_file(evidence, path, iso20k::render::plain(text).as_bytes())
    }
}

/// Writes `bytes` to `path` atomically: a uniquely named temporary file beside it, synced, then renamed
/// over it. Never inside, over, or above the evidence folder. `-` is standard output.
pub fn write_file(evidence: &Path, path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file_with(evidence, path, |out| out.write_all(bytes))
}

/// Writes to `path` atomically what `write` produces, as it produces it (a large assessment is never held
/// in memory as text), like [`write_file`]. `-` is standard output.
pub fn write_file_with(
    evidence: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    write_atomically_with(path, |target| refuse_evidence(evidence, target), write)
}

/// Writes `bytes` to `path` atomically, once `check` accepts the resolved destination. Errors name
/// `path` as the user wrote it, never the temporary file.
pub fn write_atomically(
    path: &Path,
    check: impl FnOnce(&Path) -> Result<(), Error>,
    bytes: &[u8],
) -> Result<(), Error> {
    write_atomically_with(path, check, |out| out.write_all(bytes))
}

/// [`write_atomically`] of what `write` produces, streamed into the temporary file.
fn write_atomically_with(
    path: &Path,
    check: impl FnOnce(&Path) -> Result<(), Error>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let (parent, name) = split(path, "file")?;
    let parent = parent
        .canonicalize()
        .with_context(|| format!("cannot write {}: its folder does not exist", path.display()))?;
    let target = parent.join(&name);
    check(&target)?;
    if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
        return Err(anyhow!("cannot write {}: it is a folder", path.display()).into());
    }
    remove_stale_files(&parent, &name);
    let temp = Temporary {
        path: parent.join(unique(&name, "iso20k-tmp")),
        folder: false,
        keep: false,
    };
    write_synced(&temp.path, write).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::rename(&temp.path, &target)
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.keep();
    sync_folder(&parent);
    Ok(())
}

/// Creates `path` (which must not exist), writes what `write` produces and syncs it to disk.
fn write_synced(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let mut out = std::io::BufWriter::new(file);
    write(&mut out)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// Syncs a folder's entries (a rename) to disk, where the platform allows it.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Removes temporary files of `name` left by runs that were killed: their process no longer exists.
fn remove_stale_files(parent: &Path, name: &str) {
    for (path, pid) in temporaries(parent, name) {
        if pid.is_some_and(|pid| !process_exists(pid)) && path.is_file() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Temporary files and folders beside `name` (`.NAME.PID-N-RANDOM.iso20k-tmp` or `.iso20k-old`), with the
/// process id that made them; older versions of iso20k named them `.NAME.iso20k-tmp`, without one.
fn temporaries(parent: &Path, name: &str) -> Vec<(PathBuf, Option<u32>)> {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let rest = file_name.to_str()?.strip_prefix(&prefix)?;
            let middle = rest
                .strip_suffix("iso20k-tmp")
                .or_else(|| rest.strip_suffix("iso20k-old"))?;
            if middle.is_empty() {
                return Some((entry.path(), Some(0)));
            }
            // `PID-COUNT-RANDOM.`, exactly: never another output's temporary (`.NAME.x.…`).
            let parts: Vec<&str> = middle.strip_suffix('.')?.split('-').collect();
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let valid = parts.len() == 3
                && digits(parts[0])
                && digits(parts[1])
                && parts[2].len() == 16
                && parts[2].bytes().all(|b| b.is_ascii_hexdigit());
            valid.then(|| (entry.path(), parts[0].parse::<u32>().ok()))
        })
        .collect()
}

/// Whether process `pid` exists; where that cannot be told (no `/proc`), it is assumed to.
fn process_exists(pid: u32) -> bool {
    if pid == 0 {
        // Left by an older iso20k, which used no process id.
        return false;
    }
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Checks that `iso20k report` may write into `out`: it does not exist, is empty, or (with `--force`) is
/// a report folder iso20k wrote and holds nothing else.
pub fn check_report_folder(out: &Path, force: bool) -> Result<(), Error> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(anyhow::Error::from(err)
                .context(format!("cannot read {}", out.display()))
                .into());
        }
    };
    if meta.file_type().is_symlink() {
        return Err(anyhow!(
            "{} is a symbolic link; iso20k writes a report folder only where it can replace the folder \
             itself; give the real folder, or another one",
            out.display()
        )
        .into());
    }
    if !meta.is_dir() {
        return Err(anyhow!("{} exists and is not a folder", out.display()).into());
    }
    let mut names: Vec<String> = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read {}", out.display()))?;
    if names.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(anyhow!(
            "{} is not empty; use --force to replace a report folder iso20k wrote, or choose another folder",
            out.display()
        )
        .into());
    }
    let manifest_path = out.join(REPORT_MANIFEST);
    let manifest: Manifest = iso20k::input::read_text(&manifest_path, 1024 * 1024)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(|m: &Manifest| m.written_by == "iso20k")
        .ok_or_else(|| {
            anyhow!(
                "refusing to replace {}: it is not a report folder iso20k wrote (it has no {REPORT_MANIFEST}); \
                 --force replaces only iso20k's own report folders; choose another folder",
                out.display()
            )
        })?;
    names.sort();
    let foreign: Vec<String> = names
        .into_iter()
        .filter(|name| name != REPORT_MANIFEST && !manifest.files.iter().any(|f| &f.name == name))
        .collect();
    if !foreign.is_empty() {
        let shown: Vec<String> = foreign.iter().take(10).map(|n| format!("`{n}`")).collect();
        let more = if foreign.len() > 10 {
            format!(" and {} more", foreign.len() - 10)
        } else {
            String::new()
        };
        return Err(anyhow!(
            "refusing to replace {}: it holds files iso20k did not write: {}{more}; move them away or \
             choose another folder",
            out.display(),
            shown.join(", ")
        )
        .into());
    }
    Ok(())
}

/// An advisory lock on a destination, held by a lock file beside it (`.NAME.iso20k-lock`), removed when
/// the lock is released.
struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Takes the lock on `name` in `parent`, waiting for another run that holds it.
    fn acquire(parent: &Path, name: &str, shown: &Path) -> Result<Lock, Error> {
        let path = parent.join(format!(".{name}.iso20k-lock"));
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot create the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !told {
                        super::write_stderr(&format!(
                            "waiting for another iso20k run writing {} to finish…\n",
                            shown.display()
                        ));
                        told = true;
                    }
                    file.lock()
                        .with_context(|| format!("cannot lock {}", path.display()))?;
                }
                Err(std::fs::TryLockError::Error(err)) => {
                    return Err(anyhow::Error::from(err)
                        .context(format!("cannot lock {}", path.display()))
                        .into());
                }
            }
            // The run before may have removed the lock file as it finished: then this lock is on a file
            // nobody else will look at, and the lock must be taken again.
            if same_file(&file, &path) {
                return Ok(Lock { path, _file: file });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so a run waiting on it sees it is gone and locks a new one.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Writes `files` as the report folder `out`: into a uniquely named temporary folder beside it, with its
/// manifest, then swapped in, under a lock on `out`. Never inside, over, or above the evidence folder.
pub fn write_report_folder(
    evidence: &Path,
    out: &Path,
    files: &[(&str, Vec<u8>)],
    force: bool,
) -> Result<(), Error> {
    let (parent, name) = split(out, "folder")?;
    // Before anything is created: the parent folders too must not be made inside the evidence folder.
    refuse_evidence(evidence, out)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let parent = parent
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", parent.display()))?;
    let target = parent.join(&name);
    refuse_evidence(evidence, &target)?;
    let _lock = Lock::acquire(&parent, &name, out)?;
    // Under the lock, no other run writes beside `out`: whatever temporary folders are there were left
    // by runs that were killed.
    for (stale, _) in temporaries(&parent, &name) {
        let _ = std::fs::remove_dir_all(&stale).or_else(|_| std::fs::remove_file(&stale));
    }
    check_report_folder(&target, force)?;

    let temp = Temporary {
        path: parent.join(unique(&name, "iso20k-tmp")),
        folder: true,
        keep: false,
    };
    std::fs::create_dir(&temp.path)
        .with_context(|| format!("cannot create {}", temp.path.display()))?;
    let mut manifest = Manifest {
        written_by: "iso20k".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        files: Vec::new(),
    };
    for (file, bytes) in files {
        write_synced(&temp.path.join(file), |out| out.write_all(bytes))
            .with_context(|| format!("cannot write {file} into {}", out.display()))?;
        manifest.files.push(ManifestFile {
            name: (*file).to_string(),
            sha256: hex::encode(Sha256::digest(bytes)),
        });
    }
    manifest.files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    text.push('\n');
    write_synced(&temp.path.join(REPORT_MANIFEST), |out| {
        out.write_all(text.as_bytes())
    })
    .with_context(|| format!("cannot write {REPORT_MANIFEST} into {}", out.display()))?;
    sync_folder(&temp.path);

    let old = if std::fs::symlink_metadata(&target).is_ok() {
        let old = Temporary {
            path: parent.join(unique(&name, "iso20k-old")),
            folder: true,
            keep: false,
        };
        std::fs::rename(&target, &old.path)
            .with_context(|| format!("cannot replace {}", out.display()))?;
        Some(old)
    } else {
        None
    };
    if let Err(err) = std::fs::rename(&temp.path, &target) {
        // Put the old folder back: nothing already written is lost.
        if let Some(old) = old {
            if std::fs::rename(&old.path, &target).is_ok() {
                old.keep();
            } else {
                // Could not put it back: keep it where it is and say so.
                let kept = old.path.clone();
                old.keep();
                return Err(anyhow::Error::from(err)
                    .context(format!(
                        "cannot write {}; its previous contents are in {}",
                        out.display(),
                        kept.display()
                    ))
                    .into());
            }
        }
        return Err(anyhow::Error::from(err)
            .context(format!("cannot write {}", out.display()))
            .into());
    }
    temp.keep();
    sync_folder(&parent);
    // `old` is removed as it goes out of scope.
    drop(old);
    Ok(())
}

/// Whether `name` is one of iso20k's own temporary or lock names (for tests and sweeps).
#[cfg(test)]
fn is_ours(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with(".iso20k-tmp") || name.ends_with(".iso20k-old") || name.ends_with(".iso20k-lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_folds_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("org")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("org"), root.join("link")).unwrap();
        assert_eq!(
            resolve(&root.join("org/../org/")).unwrap(),
            root.join("org")
        );
        assert_eq!(
            resolve(&root.join("new/./x/../y")).unwrap(),
            root.join("new/y")
        );
        #[cfg(unix)]
        assert_eq!(resolve(&root.join("link/a")).unwrap(), root.join("org/a"));
    }

    #[test]
    fn a_failed_folder_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let evidence = dir.path().join("evidence");
        std::fs::create_dir(&evidence).unwrap();
        let out = dir.path().join("out");
        // A file name with a folder that does not exist in it cannot be written.
        let files = [("a.md", b"a".to_vec()), ("missing/b.md", b"b".to_vec())];
        assert!(write_report_folder(&evidence, &out, &files, false).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| is_ours(n) || n == "out")
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
