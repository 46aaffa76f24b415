//! The audit pack (`iso20k report … --pack FILE.zip`) and its check (`iso20k verify FILE.zip DIR`).
//!
//! A pack holds every report of one assessment, the assessment JSON and an evidence manifest: each file the
//! assessment read, with its size, SHA-256, modification time, kind and the requirements that cite it. The
//! zip is reproducible (entries sorted, fixed timestamps and permissions), so the same inputs give the same
//! bytes. [`verify`] compares a folder with the manifest and lists what was added, removed or changed since:
//! the evidence seen is the evidence judged.
//!
//! A pack handed back for verification is input like any other: the zip is opened only if it is a regular
//! file under [`MAX_PACK_BYTES`], with at most [`MAX_ENTRIES`] entries, and only the manifest is inflated,
//! never beyond [`MAX_MANIFEST_BYTES`] whatever its header claims.

use crate::assess::{Assessment, CatalogueRef};
use crate::evidence::EvidenceIndex;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// The evidence manifest's name inside a pack.
pub const MANIFEST: &str = "evidence-manifest.json";

/// The largest pack `verify` opens (1 GiB).
pub const MAX_PACK_BYTES: u64 = 1024 * 1024 * 1024;
/// The most entries a pack may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// The largest evidence manifest read (64 MiB, enough for several hundred thousand files).
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// What a pack says about the evidence its assessment read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceManifest {
    pub schema_version: u32,
    pub tool: String,
    pub catalogue: CatalogueId,
    pub as_of: Date,
    pub organisation: Option<String>,
    /// Every file of the evidence index, sorted by path.
    pub files: Vec<ManifestFile>,
}

/// The catalogue the assessment was made against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueId {
    /// `iso20000-1:2018`: the standard's edition, the catalogue's identity.
    pub id: String,
    pub standard: String,
    pub edition: String,
    pub version: String,
}

impl CatalogueId {
    pub fn of(catalogue: &CatalogueRef) -> CatalogueId {
        CatalogueId {
            id: format!("iso20000-1:{}", catalogue.edition),
            standard: catalogue.standard.clone(),
            edition: catalogue.edition.clone(),
            version: catalogue.version.clone(),
        }
    }
}

/// One evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Relative to the evidence folder, `/` separators.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// The file system's modification time (UTC, to the second), when it could be read. Informative only:
    /// copying a folder changes it, so `verify` compares contents, not times.
    pub modified: Option<String>,
    /// The kind the evidence index gave it (`policy`, `record` …).
    pub kind: String,
    /// The requirements whose assessment cites it, in catalogue order.
    pub requirements: Vec<String>,
}

/// Builds the manifest of an assessment's evidence. `modified` gives each path's modification time.
pub fn manifest(
    assessment: &Assessment,
    index: &EvidenceIndex,
    modified: &dyn Fn(&str) -> Option<String>,
) -> EvidenceManifest {
    let mut citing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for requirement in &assessment.requirements {
        let mut paths: BTreeSet<&str> = requirement.evidence.iter().map(|e| &*e.path).collect();
        paths.extend(requirement.reasons.iter().filter_map(|r| r.path.as_deref()));
        for path in paths {
            let list = citing.entry(path).or_default();
            if !list.contains(&requirement.id) {
                list.push(requirement.id.clone());
            }
        }
    }
    let mut files: Vec<ManifestFile> = index
        .items
        .iter()
        .map(|item| ManifestFile {
            path: item.path.clone(),
            bytes: item.bytes,
            sha256: item.sha256.clone(),
            modified: modified(&item.path),
            kind: item.kind.name().to_string(),
            requirements: citing.get(item.path.as_str()).cloned().unwrap_or_default(),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    EvidenceManifest {
        schema_version: 1,
        tool: format!("iso20k {}", env!("CARGO_PKG_VERSION")),
        catalogue: CatalogueId::of(&assessment.catalogue),
        as_of: assessment.as_of,
        organisation: assessment.organisation.clone(),
        files,
    }
}

/// A file system time as `2026-11-01T09:30:00Z`.
pub fn timestamp(time: std::time::SystemTime) -> Option<String> {
    let stamp = jiff::Timestamp::try_from(time).ok()?;
    jiff::Timestamp::from_second(stamp.as_second())
        .ok()
        .map(|t| t.to_string())
}

/// The manifest as pretty JSON with a final new line.
pub fn manifest_json(manifest: &EvidenceManifest) -> String {
    let mut text = serde_json::to_string_pretty(manifest).expect("manifest serialises");
    text.push('\n');
    text
}

/// A reproducible zip of `entries` (name, bytes): sorted by name, every entry deflated with the same
/// settings, dated 1980-01-01 00:00 and readable by everyone, with no extra fields, so the same entries give
/// the same bytes.
pub fn zip(entries: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut sorted: Vec<&(String, Vec<u8>)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in sorted {
        writer
            .start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        writer.write_all(bytes)?;
    }
    let cursor = writer.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// Why a pack could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot read the pack {}: {source}", path.display())]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Invalid {
        path: std::path::PathBuf,
        message: String,
    },
}

/// Reads the evidence manifest of the pack at `path`, within the bounds above.
pub fn read_manifest(path: &Path) -> Result<EvidenceManifest, PackError> {
    let invalid = |message: String| PackError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let read = |source: std::io::Error| PackError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = crate::input::open_regular(path).map_err(read)?;
    let size = file.metadata().map_err(read)?.len();
    if size > MAX_PACK_BYTES {
        return Err(invalid(format!(
            "{size} bytes; the largest pack iso20k opens is {MAX_PACK_BYTES} bytes (1 GiB)"
        )));
    }
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        invalid(format!(
            "not a zip archive made by iso20k report --pack: {e}"
        ))
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "{} entries; a pack holds at most {MAX_ENTRIES}: not read",
            archive.len()
        )));
    }
    let entry = match archive.by_name(MANIFEST) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(invalid(format!(
                "holds no {MANIFEST}: not an audit pack made by iso20k report --pack"
            )));
        }
        Err(e) => return Err(invalid(format!("corrupt zip archive: {e}"))),
    };
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(invalid(format!(
            "{MANIFEST} would expand to {} bytes, more than the {MAX_MANIFEST_BYTES} iso20k reads; possible \
             zip bomb, not read",
            entry.size()
        )));
    }
    // The declared size may lie: never inflate more than the limit.
    let mut bytes = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| invalid(format!("corrupt {MANIFEST}: {e}")))?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(invalid(format!(
            "{MANIFEST} expands beyond {MAX_MANIFEST_BYTES} bytes; possible zip bomb, not read"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| invalid(format!("{MANIFEST} is not UTF-8")))?;
    serde_json::from_str(&text).map_err(|e| {
        invalid(format!(
            "{MANIFEST} is not an iso20k evidence manifest: line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

/// What changed in a folder since the pack was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// In the folder, not in the manifest.
    pub added: Vec<String>,
    /// In the manifest, not in the folder.
    pub removed: Vec<String>,
    /// In both, with different contents (SHA-256).
    pub changed: Vec<String>,
    /// In both and identical.
    pub unchanged: usize,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares a folder's evidence index with a pack's manifest, by path and SHA-256.
pub fn verify(manifest: &EvidenceManifest, index: &EvidenceIndex) -> Verification {
    let before: BTreeMap<&str, &str> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let now: BTreeMap<&str, &str> = index
        .items
        .iter()
        .map(|i| (i.path.as_str(), i.sha256.as_str()))
        .collect();
    let mut result = Verification::default();
    for (path, hash) in &now {
        match before.get(path) {
            None => result.added.push((*path).to_string()),
            Some(old) if old != hash => result.changed.push((*path).to_string()),
            Some(_) => result.unchanged += 1,
        }
    }
    for path in before.keys() {
        if !now.contains_key(path) {
            result.removed.push((*path).to_string());
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zips_are_reproducible_and_sorted() {
        let a = zip(&[
            ("b.txt".to_string(), b"two".to_vec()),
            ("a.txt".to_string(), b"one".to_vec()),
        ])
        .unwrap();
        let b = zip(&[
            ("a.txt".to_string(), b"one".to_vec()),
            ("b.txt".to_string(), b"two".to_vec()),
        ])
        .unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "a.txt");
        assert_eq!(
            archive.by_index(1).unwrap().last_modified(),
            Some(zip::DateTime::default())
        );
    }

    #[test]
    fn timestamps_are_to_the_second() {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_millis(1_790_000_000_123);
        assert_eq!(timestamp(time).as_deref(), Some("2026-09-21T14:13:20Z"));
    }
}
