//! PDF: text and document information, via lopdf (pure Rust, with a decompression limit).

use super::super::dates::parse_date;
use super::Extracted;
use lopdf::{Document, LoadOptions, Object};
use serde_json::{Map, Value};

pub(super) fn read(bytes: &[u8], limit: u64) -> Result<Extracted, String> {
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let options = LoadOptions {
        max_decompressed_size: Some(cap),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options)
        .map_err(|e| format!("cannot read the PDF: {e}"))?;
    let mut notes = Vec::new();
    if document.is_encrypted() {
        notes.push("encrypted PDF; its text may be unreadable".to_string());
    }
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let mut text = String::new();
    let mut failed = 0;
    for chunk in document.extract_text_chunks_with_limit(&pages, cap) {
        match chunk {
            Ok(chunk) if text.len() < cap => text.push_str(&chunk),
            Ok(_) => {}
            Err(_) => failed += 1,
        }
    }
    if failed > 0 {
        notes.push(format!(
            "text of {failed} part(s) of the PDF could not be extracted"
        ));
    }
    Ok(Extracted {
        text,
        properties: info(&document),
        notes,
        ..Extracted::default()
    })
}

/// The document information dictionary: Title, Author, ModDate.
fn info(document: &Document) -> Map<String, Value> {
    let mut properties = Map::new();
    let Some(dictionary) = document
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| document.dereference(info).ok())
        .and_then(|(_, object)| object.as_dict().ok())
    else {
        return properties;
    };
    for (key, field) in [
        (&b"Title"[..], "title"),
        (b"Author", "author"),
        (b"ModDate", "modified"),
    ] {
        let Some(text) = dictionary.get(key).ok().and_then(pdf_string) else {
            continue;
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let value = if field == "modified" {
            // `D:20260301120000Z`
            let digits = text.trim_start_matches("D:");
            match digits
                .get(..8)
                .filter(|d| d.is_ascii())
                .and_then(|d| parse_date(&format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])))
            {
                Some(date) => date.to_string(),
                None => continue,
            }
        } else {
            text
        };
        properties.insert(field.to_string(), Value::String(value));
    }
    properties
}

/// A PDF text string: UTF-16BE with a byte-order mark, else PDFDocEncoding (read as Latin-1).
fn pdf_string(object: &Object) -> Option<String> {
    let bytes = object.as_str().ok()?;
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    Some(bytes.iter().map(|&b| char::from(b)).collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lopdf::content::{Content, Operation};
    use lopdf::{Stream, dictionary};

    /// A one-page PDF saying `text`, with a Title in its information dictionary.
    pub(crate) fn make_pdf(text: &str, title: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
        });
        let resources_id =
            doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 720.into()]),
                Operation::new("Tj", vec![Object::string_literal(text)]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
                "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let info_id = doc.add_object(dictionary! {
            "Title" => Object::string_literal(title), "ModDate" => Object::string_literal("D:20260301120000Z"),
        });
        doc.trailer.set("Root", catalog_id);
        doc.trailer.set("Info", info_id);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn reads_text_and_document_information() {
        let bytes = make_pdf(
            "Continuity test passed on 2026-04-18",
            "Continuity Test Report",
        );
        let doc = read(&bytes, 1024 * 1024).unwrap();
        assert!(
            doc.text.contains("Continuity test passed on 2026-04-18"),
            "{:?}",
            doc.text
        );
        assert_eq!(doc.properties["title"], "Continuity Test Report");
        assert_eq!(doc.properties["modified"], "2026-03-01");
    }

    #[test]
    fn malformed_pdfs_are_errors() {
        let good = make_pdf("hello", "t");
        for bytes in [
            &b""[..],
            b"%PDF-1.4\n",
            b"not a pdf",
            &good[..good.len() / 2],
        ] {
            assert!(
                read(bytes, 1024 * 1024).is_err(),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
