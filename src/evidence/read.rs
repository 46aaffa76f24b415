//! Reading one file: a bounded read and hash, the format's reader, metadata, dates and an excerpt.

use super::dates::find_dates;
use super::extract::{self, Extracted, human_bytes};
use super::metadata::{self, Manifest};
use super::walk::FoundFile;
use super::{EXCERPT_CHARS, EvidenceItem, Format, MAX_DATES, MetadataSource, Source, Warning};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// A file's bytes (at most the limit), its full size and its SHA-256.
struct Bytes {
    kept: Vec<u8>,
    size: u64,
    sha256: String,
    truncated: bool,
}

pub(super) fn read<A, F>(
    file: &FoundFile,
    limit: u64,
    manifest: &Manifest,
    analyse: &F,
) -> (EvidenceItem, Vec<Warning>, A)
where
    F: Fn(&EvidenceItem, &str) -> A,
{
    let format = Format::from_path(&file.abs);
    let mut messages = Vec::new();
    let bytes = match read_bounded(&file.abs, limit) {
        Ok(bytes) => Some(bytes),
        Err(err) => {
            messages.push(format!("cannot read: {err}"));
            None
        }
    };
    let extracted = match &bytes {
        None => Extracted::default(),
        Some(bytes) => {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                extract::extract(format, &bytes.kept, bytes.truncated, limit)
            }));
            let archive = matches!(
                format,
                Format::Docx | Format::Odt | Format::Xlsx | Format::Ods | Format::Pdf
            );
            if bytes.truncated && !archive {
                messages.push(format!(
                    "larger than the size limit ({}); only the first {} were read",
                    human_bytes(limit),
                    human_bytes(limit)
                ));
            }
            match outcome {
                Ok(Ok(extracted)) => extracted,
                Ok(Err(message)) => {
                    messages.push(message);
                    Extracted::default()
                }
                Err(_) => {
                    messages.push(
                        "the reader failed unexpectedly on this file; it was skipped (please report \
                         this as an iso20k bug)"
                            .to_string(),
                    );
                    Extracted::default()
                }
            }
        }
    };
    messages.extend(extracted.notes.iter().cloned());

    // YAML and JSON give their metadata as top-level keys; their text is data, not a document.
    let body = match format {
        Format::Json | Format::Yaml => "",
        _ => extracted.text.as_str(),
    };
    let (fields, problems) = metadata::fields(
        &file.rel,
        manifest,
        extracted.front_matter.as_ref(),
        &extracted.properties,
        body,
        extracted.body_line,
    );
    messages.extend(problems);
    let mut sources = fields.sources;
    let title = fields.title.unwrap_or_else(|| {
        sources.push(MetadataSource {
            field: "title",
            source: Source::Derived,
            at: None,
        });
        derived_title(&extracted, &file.abs)
    });
    let text = &extracted.text;
    let (size, sha256, truncated) = bytes.as_ref().map_or((0, String::new(), false), |b| {
        (b.size, b.sha256.clone(), b.truncated)
    });
    let item = EvidenceItem {
        path: file.rel.clone(),
        format,
        bytes: size,
        sha256,
        title,
        metadata: fields.metadata,
        metadata_sources: sources,
        headings: extracted.headings.clone(),
        tables: extracted.tables.clone(),
        dates_found: find_dates(text, MAX_DATES),
        words: text.split_whitespace().count(),
        excerpt: excerpt(text),
        truncated,
    };
    let analysis = analyse(&item, text);
    let warnings = messages
        .into_iter()
        .map(|message| Warning {
            path: file.rel.clone(),
            message,
        })
        .collect();
    (item, warnings, analysis)
}

/// Reads at most `limit` bytes but hashes the whole file, so the hash matches `sha256sum`.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Bytes> {
    let mut file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut hasher = Sha256::new();
    let mut kept = Vec::new();
    let mut size: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        hasher.update(&buffer[..n]);
        let room = usize::try_from(limit.saturating_sub(kept.len() as u64)).unwrap_or(usize::MAX);
        kept.extend_from_slice(&buffer[..n.min(room)]);
        size += n as u64;
    }
    let truncated = size > limit;
    if truncated {
        // Do not leave half a UTF-8 character at the cut.
        if let Err(err) = std::str::from_utf8(&kept)
            && err.error_len().is_none()
        {
            kept.truncate(err.valid_up_to());
        }
    }
    Ok(Bytes {
        kept,
        size,
        sha256: hex::encode(hasher.finalize()),
        truncated,
    })
}

/// The first heading (the highest level), else the file name without its extension.
fn derived_title(extracted: &Extracted, path: &Path) -> String {
    let top = extracted.headings.iter().map(|h| h.level).min();
    top.and_then(|level| extracted.headings.iter().find(|h| h.level == level))
        .map(|h| h.text.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// The first characters of the text, white space folded.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > EXCERPT_CHARS {
            if out.is_empty() {
                out = word.chars().take(EXCERPT_CHARS).collect();
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
