//! Format readers: each turns a file's bytes into text, headings, tables and raw metadata fields.
//!
//! Readers never trust their input. Text is capped at the scan's size limit, archives are checked for
//! decompression bombs before anything is inflated, XML entities are never expanded, and YAML and JSON
//! parsers have depth and alias limits. A reader that fails returns the reason; the caller turns it
//! into a warning.

mod markdown;
mod office;
mod pdf;
mod sheet;
mod structured;
mod table;
mod text;

use super::{Format, Heading, TableInfo};
use serde_json::{Map, Value};

/// What a reader found in a file.
#[derive(Debug, Default)]
pub(super) struct Extracted {
    /// The text, for keyword matching and body metadata (Markdown: without its front matter).
    pub text: String,
    /// Lines of the file before the text (Markdown front matter): added to lines of the text to give
    /// lines of the file.
    pub line_offset: usize,
    pub headings: Vec<Heading>,
    pub tables: Vec<TableInfo>,
    /// Front matter (Markdown) or top-level keys (YAML/JSON records).
    pub front_matter: Option<Map<String, Value>>,
    /// Office document properties, under the metadata field names they map to.
    pub properties: Map<String, Value>,
    /// Problems that did not stop the reader (invalid front matter, invalid UTF-8 …).
    pub notes: Vec<String>,
}

/// Reads `bytes` (at most `limit` of them were read; `truncated` says whether the file was longer).
pub(super) fn extract(
    format: Format,
    bytes: &[u8],
    truncated: bool,
    limit: u64,
) -> Result<Extracted, String> {
    let archive = matches!(
        format,
        Format::Docx | Format::Odt | Format::Xlsx | Format::Ods | Format::Pdf
    );
    if archive && truncated {
        return Err(format!(
            "larger than the size limit ({}); not read (raise [scan] max_file_bytes to read it)",
            human_bytes(limit)
        ));
    }
    match format {
        Format::Markdown => Ok(markdown::read(&text::decode(bytes))),
        Format::Text | Format::Other => Ok(text::read(bytes)),
        Format::Csv => Ok(table::read_csv(bytes, b',')),
        Format::Tsv => Ok(table::read_csv(bytes, b'\t')),
        Format::Yaml => Ok(structured::read_yaml(bytes)),
        Format::Json => Ok(structured::read_json(bytes)),
        Format::Docx => office::read_docx(bytes, limit),
        Format::Odt => office::read_odt(bytes, limit),
        Format::Xlsx | Format::Ods => sheet::read(bytes, limit),
        Format::Pdf => pdf::read(bytes, limit),
    }
}

/// `52428800` → `50 MiB`.
pub(super) fn human_bytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Checks a workbook's zip archive against decompression bombs before calamine inflates it (for
/// `iso20k import`, which reads the assessor's workbook).
pub(crate) fn check_workbook(bytes: &[u8], limit: u64) -> Result<(), String> {
    office::open_archive(bytes, limit).map(|_| ())
}

pub(crate) use sheet::cell_date;

/// See [`super::markdown_body_line`].
pub(super) fn markdown_body_line(raw: &str) -> usize {
    markdown::body_line(raw)
}
#[cfg(test)]
pub(super) use table::csv_table;
pub(super) use table::{normalise, text_tables};
