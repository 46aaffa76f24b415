//! Reading one file: a bounded read and hash, the format's reader, metadata, dates and an excerpt.

use super::dates::find_dates;
use super::extract::{self, Extracted, human_bytes};
use super::kind;
use super::metadata::{self, Manifest};
use super::sections;
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
    if format == Format::Markdown && extracted.front_matter.is_none() {
        messages.extend(unclosed_front_matter(&extracted.text));
    }
    messages.extend(iso20k_name(&file.rel));

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
        extracted.line_offset + 1,
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
    let words = count_words(text);
    let mut tables = extracted.tables.clone();
    if tables.is_empty()
        && matches!(
            format,
            Format::Markdown | Format::Text | Format::Docx | Format::Odt | Format::Pdf
        )
    {
        // Tables inside documents count when they record events (an action log, a test record).
        tables = extract::text_tables(text)
            .into_iter()
            .filter(|t| t.series.is_some())
            .collect();
    }
    let structured = match format {
        Format::Yaml | Format::Json => extracted.front_matter.as_ref(),
        _ => None,
    };
    // The fixed phrases of the kind inference and of the sections pass, found in one automaton pass.
    let phrases = super::phrases::TextPhrases::find(text);
    // The kind is inferred once, on the text that exists only now; a bug there must not stop the scan.
    let inferred = catch_unwind(AssertUnwindSafe(|| {
        kind::infer(
            &kind::Input {
                path: &file.rel,
                format,
                metadata: &fields.metadata,
                headings: &extracted.headings,
                text,
                words,
                structured,
                front_matter: extracted.front_matter.as_ref(),
                phrases: Some(&phrases),
            },
            &mut tables,
        )
    }))
    .unwrap_or_else(|_| {
        messages.push(
            "telling what kind of file this is failed unexpectedly (please report this as an iso20k bug)"
                .to_string(),
        );
        kind::Inferred::default()
    });
    let structure = sections::analyse_with(
        text,
        format,
        &extracted.headings,
        extracted.line_offset,
        &phrases,
    );
    drop(phrases);
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
        kind: inferred.kind,
        kind_signals: inferred.signals,
        template: inferred.unfilled,
        headings: extracted.headings.clone(),
        sections: structure.sections,
        absences: structure.absences,
        clause_refs: structure.clause_refs,
        tables,
        dates_found: find_dates(text, MAX_DATES),
        words,
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
///
/// The kept bytes are read straight into a buffer sized from the file's length (not through a second
/// buffer, and not grown and copied as they come) and hashed in one go; only what lies past the limit
/// is read through a small buffer, to be hashed.
fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Bytes> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    // The length is a hint (a file may change while it is read): never more room than a read may keep.
    let expected = usize::try_from(meta.len().min(limit).min(MAX_RESERVED)).unwrap_or(0);
    let mut kept = Vec::with_capacity(expected);
    (&mut file).take(limit).read_to_end(&mut kept)?;
    let mut hasher = Sha256::new();
    hasher.update(&kept);
    let mut size = kept.len() as u64;
    if size == limit {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            hasher.update(&buffer[..n]);
            size += n as u64;
        }
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

/// The most room reserved up front for a file's bytes, whatever length it claims (a sparse file may
/// claim far more than it holds); a larger file's buffer grows as it is read.
const MAX_RESERVED: u64 = 256 * 1024 * 1024;

/// The number of words: what `text.split_whitespace().count()` gives, counted byte by byte for ASCII
/// text (most evidence), which is several times faster.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // The ASCII characters `char::is_whitespace` accepts: tab, line feed, vertical tab, form feed,
    // carriage return and space.
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = text.as_bytes();
    // A word starts at a byte that is no space, first or after a space: counted pair by pair, in
    // blocks small enough for a byte counter, which the compiler turns into vector code.
    let first = bytes.first().is_some_and(|&b| !space(b));
    let mut words = usize::from(first);
    let mut from = 1;
    while from < bytes.len() {
        let to = (from + 255).min(bytes.len());
        let starts: u8 = bytes[from - 1..to - 1]
            .iter()
            .zip(&bytes[from..to])
            .map(|(&before, &b)| u8::from(space(before) & !space(b)))
            .sum();
        words += usize::from(starts);
        from = to;
    }
    words
}

/// The first heading (the highest level), else the file name without its extension.
fn derived_title(extracted: &Extracted, path: &Path) -> String {
    let top = extracted.headings.iter().map(|h| h.level).min();
    top.and_then(|level| extracted.headings.iter().find(|h| h.level == level))
        .map(|h| h.text.to_string())
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
    // The characters in `out`, counted as it grows.
    let mut chars = 0;
    for word in text.split_whitespace() {
        let word_chars = word.chars().count();
        if chars + word_chars + 1 > EXCERPT_CHARS {
            if out.is_empty() {
                out = word.chars().take(EXCERPT_CHARS).collect();
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word_chars;
    }
    // Kept for the whole run: no room left over from growing.
    out.shrink_to_fit();
    out
}

/// A warning for Markdown that opens front matter (`---` or `+++`, then a `key: value` or `key = value`
/// line) and never closes it: the reader takes all of it as body text, so its metadata is not read.
fn unclosed_front_matter(text: &str) -> Option<String> {
    let mut lines = text.lines();
    let fence = lines.next()?.trim_end();
    let separator = match fence {
        "---" => ':',
        "+++" => '=',
        _ => return None,
    };
    let first = lines.find(|line| !line.trim().is_empty())?;
    let (key, _) = first.split_once(separator)?;
    let key = key.trim();
    let looks_like_a_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '));
    looks_like_a_key.then(|| {
        format!(
            "opens front matter with `{fence}` but never closes it (no second `{fence}` line): it was not \
             read as front matter, and the whole file was read as body text"
        )
    })
}

/// A note for a file at the top of the folder named like one of iso20k's own files but not one: iso20k
/// reads only `iso20k.toml` and `iso20k-judgements.yaml` there, and anything else is ordinary evidence.
fn iso20k_name(rel: &str) -> Option<String> {
    let lower = rel.to_ascii_lowercase();
    let ours = lower == super::CONFIG_FILE || lower == super::JUDGEMENTS_FILE;
    (lower.starts_with("iso20k") && !lower.contains('/') && !ours).then(|| {
        format!(
            "named like an iso20k file, but iso20k reads no file by that name: it is read as ordinary \
             evidence (metadata for other files goes in `[[evidence]]` entries of {})",
            super::CONFIG_FILE
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            " one  two\tthree\r\nfour\x0bfive\x0csix ",
            "a-b c_d\n\n",
            "non\u{a0}breaking and\u{2003}em space, ünïcode",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_like_split_whitespace_in_any_text(
            text in "([ \t\r\n\x0b\x0ca-z.]{0,40}|\\PC{0,20}){0,30}",
        ) {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    /// The excerpt as first written: the characters so far counted again for every word.
    fn excerpt_reference(text: &str) -> String {
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

    proptest::proptest! {
        #[test]
        fn the_excerpt_counts_characters_as_it_grows(
            words in proptest::collection::vec("[a-zé€ ]{0,40}|\\PC{0,300}", 0..40),
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(excerpt(&text), excerpt_reference(&text));
        }
    }

    #[test]
    fn unclosed_front_matter_is_told_apart_from_a_rule() {
        assert!(unclosed_front_matter("---\ntitle: Policy\n\n# Policy\n").is_some());
        assert!(unclosed_front_matter("+++\ntitle = \"Policy\"\n").is_some());
        assert!(unclosed_front_matter("---\nJust a rule and text, never closed\n").is_none());
        assert!(unclosed_front_matter("# Title\n---\nowner: x\n").is_none());
    }
}
