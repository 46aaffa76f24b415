//! Word (`.docx`) and OpenDocument text (`.odt`): paragraphs, headings, tables and document properties.
//!
//! Both are zip archives of XML. Each entry's declared size is checked against the size limit before it is
//! inflated, and the inflated stream is cut at the limit too, because declared sizes can lie. quick-xml
//! never expands entities declared in a DTD, so "billion laughs" documents stay small.

use super::super::Heading;
use super::super::dates::parse_date;
use super::Extracted;
use quick_xml::events::{BytesRef, BytesStart, Event};
use serde_json::{Map, Value};
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// More entries than any real office document has.
const MAX_ENTRIES: usize = 20_000;

pub(super) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a zip archive and checks it against decompression bombs: the declared sizes of all entries
/// together may not exceed four times the size limit.
pub(super) fn open_archive(bytes: &[u8], limit: u64) -> Result<Archive<'_>, String> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("corrupt zip archive: {e}"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "zip archive with {} entries; possible zip bomb, not read",
            archive.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| format!("corrupt zip archive: {e}"))?;
        total = total.saturating_add(entry.size());
    }
    if total > limit.saturating_mul(4) {
        return Err(format!(
            "zip archive would expand to {} (more than four times the size limit of {}); possible zip \
             bomb, not read",
            super::human_bytes(total),
            super::human_bytes(limit)
        ));
    }
    Ok(archive)
}

/// Reads one entry as text, at most `limit` bytes; `None` when the archive has no such entry.
pub(super) fn read_entry(
    archive: &mut Archive<'_>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("corrupt zip archive: {e}")),
    };
    if entry.size() > limit {
        return Err(bomb(name, entry.size(), limit));
    }
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("corrupt zip archive: cannot inflate `{name}`: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(bomb(name, bytes.len() as u64, limit));
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

fn bomb(name: &str, size: u64, limit: u64) -> String {
    format!(
        "`{name}` would expand to more than {} (the size limit); possible zip bomb, not read",
        super::human_bytes(size.min(limit))
    )
}

pub(super) fn read_docx(bytes: &[u8], limit: u64) -> Result<Extracted, String> {
    let mut archive = open_archive(bytes, limit)?;
    let xml = read_entry(&mut archive, "word/document.xml", limit)?
        .ok_or("not a Word document: `word/document.xml` is missing")?;
    let mut extracted = body(&xml, &DOCX)?;
    if let Some(core) = read_entry(&mut archive, "docProps/core.xml", limit)? {
        extracted.properties = core_properties(&core);
    }
    Ok(extracted)
}

pub(super) fn read_odt(bytes: &[u8], limit: u64) -> Result<Extracted, String> {
    let mut archive = open_archive(bytes, limit)?;
    let xml = read_entry(&mut archive, "content.xml", limit)?
        .ok_or("not an OpenDocument text: `content.xml` is missing")?;
    let mut extracted = body(&xml, &ODT)?;
    if let Some(meta) = read_entry(&mut archive, "meta.xml", limit)? {
        extracted.properties = core_properties(&meta);
    }
    Ok(extracted)
}

/// The element names of a word-processing format.
struct Vocabulary {
    paragraph: &'static str,
    heading: Option<&'static str>,
    text_run: Option<&'static str>,
    tab: &'static str,
    line_break: &'static str,
    space: Option<&'static str>,
    row: &'static str,
    cell: &'static str,
}

const DOCX: Vocabulary = Vocabulary {
    paragraph: "p",
    heading: None,
    text_run: Some("t"),
    tab: "tab",
    line_break: "br",
    space: None,
    row: "tr",
    cell: "tc",
};

const ODT: Vocabulary = Vocabulary {
    paragraph: "p",
    heading: Some("h"),
    text_run: None,
    tab: "tab",
    line_break: "line-break",
    space: Some("s"),
    row: "table-row",
    cell: "table-cell",
};

/// Paragraph text, headings (Word heading styles, OpenDocument `text:h`) and tables, which come out as
/// `| cell | cell |` lines so that document-control tables can be read like Markdown ones.
fn body(xml: &str, words: &Vocabulary) -> Result<Extracted, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut headings = Vec::new();
    let mut paragraph = String::new();
    let mut heading_level: Option<u8> = None;
    let mut in_run = words.text_run.is_none();
    let mut row: Option<Vec<String>> = None;
    let mut cell = String::new();
    let mut in_cell = false;
    // Lines of `text` so far, so each heading knows its line.
    let mut text_lines = 0;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "malformed document XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == words.paragraph || Some(name) == words.heading {
                    paragraph.clear();
                    heading_level = (Some(name) == words.heading).then(|| {
                        attribute(&e, "outline-level")
                            .and_then(|l| l.parse().ok())
                            .unwrap_or(1)
                    });
                } else if name == "pStyle" {
                    heading_level =
                        attribute(&e, "val").and_then(|style| heading_style_level(&style));
                } else if Some(name) == words.text_run {
                    in_run = true;
                } else if name == words.tab {
                    paragraph.push('\t');
                } else if name == words.line_break || name == "cr" {
                    paragraph.push('\n');
                } else if Some(name) == words.space {
                    let count: usize = attribute(&e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                    paragraph.extend(std::iter::repeat_n(' ', count.min(1000)));
                } else if name == words.row {
                    row = Some(Vec::new());
                } else if name == words.cell {
                    cell.clear();
                    in_cell = true;
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if Some(name) == words.text_run {
                    in_run = false;
                } else if name == words.paragraph || Some(name) == words.heading {
                    let line = paragraph.trim();
                    if in_cell {
                        if !cell.is_empty() && !line.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(line);
                    } else {
                        if let Some(level) = heading_level.filter(|_| !line.is_empty()) {
                            headings.push(Heading {
                                level,
                                text: line.into(),
                                line: Some(text_lines + 1),
                            });
                        }
                        text_lines += line.matches('\n').count() + 1;
                        text.push_str(line);
                        text.push('\n');
                    }
                    paragraph.clear();
                    heading_level = None;
                } else if name == words.cell {
                    in_cell = false;
                    if let Some(row) = row.as_mut() {
                        row.push(cell.replace('|', "/"));
                    }
                } else if name == words.row
                    && let Some(cells) = row.take()
                {
                    text.push_str("| ");
                    let cells = cells.join(" | ");
                    text_lines += cells.matches('\n').count() + 1;
                    text.push_str(&cells);
                    text.push_str(" |\n");
                }
            }
            Event::Text(e) if in_run => paragraph.push_str(&e.xml10_content()),
            Event::CData(e) if in_run => paragraph.push_str(&e.xml10_content()),
            Event::GeneralRef(e) if in_run => {
                if let Some(resolved) = resolve(&e) {
                    paragraph.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Extracted {
        text,
        headings,
        ..Extracted::default()
    })
}

/// `Heading1` … `Heading9`, `heading 2`, `Title` (level 1).
fn heading_style_level(style: &str) -> Option<u8> {
    let lower = style.to_ascii_lowercase().replace(' ', "");
    if lower == "title" {
        return Some(1);
    }
    let digits = lower.strip_prefix("heading")?;
    digits.parse().ok().filter(|l| (1..=9).contains(l))
}

fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `&amp;` and `&#x263A;`; entities declared in a DTD are not expanded.
fn resolve(reference: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = reference.xml10_content();
    quick_xml::escape::resolve_xml_entity(&name).map(str::to_string)
}

/// Document properties (`docProps/core.xml` or ODF `meta.xml`) under the metadata names they map to.
pub(super) fn core_properties(xml: &str) -> Map<String, Value> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut properties = Map::new();
    let mut current: Option<&'static str> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                value.clear();
                current = match e.local_name().as_ref() {
                    "title" => Some("title"),
                    "creator" | "initial-creator" => Some("author"),
                    "modified" | "date" => Some("modified"),
                    "contentStatus" => Some("status"),
                    "version" => Some("version"),
                    _ => None,
                };
            }
            Ok(Event::Text(e)) if current.is_some() => value.push_str(&e.xml10_content()),
            Ok(Event::GeneralRef(e)) if current.is_some() => {
                if let Some(resolved) = resolve(&e) {
                    value.push_str(&resolved);
                }
            }
            Ok(Event::End(_)) => {
                if let Some(field) = current.take() {
                    let text = value.trim();
                    // ODF's meta:initial-creator is the author; a later dc:creator is only the last editor.
                    let later_editor = field == "author" && properties.contains_key("author");
                    let keep = !text.is_empty() && !later_editor;
                    if keep {
                        let stored = if field == "modified" {
                            parse_date(text).map_or_else(|| text.to_string(), |d| d.to_string())
                        } else {
                            text.to_string()
                        };
                        properties.insert(field.to_string(), Value::String(stored));
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    properties
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docx_paragraphs_headings_entities_and_tables() {
        let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lol [<!ENTITY lol "lollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Service Level Agreement</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Fish &amp; chips &#x263A; </w:t></w:r><w:r><w:t>&lol2;</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Owner</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Jane Smith</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let doc = body(xml, &DOCX).unwrap();
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(doc.headings[0].text, "Service Level Agreement");
        assert!(doc.text.contains("Fish & chips \u{263A}"), "{}", doc.text);
        assert!(
            !doc.text.contains("lollol"),
            "DTD entity expanded: {}",
            doc.text
        );
        assert!(doc.text.contains("| Owner | Jane Smith |"), "{}", doc.text);
    }

    #[test]
    fn odt_headings_and_spaces() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h text:outline-level="2">Scope</text:h><text:p>a<text:s text:c="3"/>b<text:tab/>c</text:p>
</office:text></office:body></office:document-content>"#;
        let doc = body(xml, &ODT).unwrap();
        assert_eq!(doc.headings[0].level, 2);
        assert_eq!(doc.headings[0].text, "Scope");
        assert!(doc.text.contains("a   b\tc"), "{:?}", doc.text);
    }

    #[test]
    fn core_properties_map_to_metadata_names() {
        let xml = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t">
<dc:title>Supplier Contract</dc:title><dc:creator>J. Smith</dc:creator>
<cp:contentStatus>Final</cp:contentStatus><dcterms:modified>2026-03-01T10:00:00Z</dcterms:modified>
</cp:coreProperties>"#;
        let props = core_properties(xml);
        assert_eq!(props["title"], "Supplier Contract");
        assert_eq!(props["author"], "J. Smith");
        assert_eq!(props["status"], "Final");
        assert_eq!(props["modified"], "2026-03-01");
    }

    #[test]
    fn garbage_is_a_corrupt_zip() {
        let err = read_docx(b"PK\x03\x04 not really", 1024).unwrap_err();
        assert!(err.starts_with("corrupt zip archive"), "{err}");
    }
}
