//! Markdown with YAML (`---`) or TOML (`+++`) front matter; headings from the Markdown structure.

use super::super::Heading;
use super::Extracted;
use comrak::nodes::NodeValue;
use serde_json::{Map, Value};

/// Markdown nesting deeper than this (block quotes, lists) is not parsed for headings: real documents
/// never nest that deep, and hostile ones would only cost time.
const MAX_NESTING: usize = 100;

pub(super) fn read((text, note): &(String, Option<String>)) -> Extracted {
    let mut extracted = Extracted {
        notes: note.iter().cloned().collect(),
        ..Extracted::default()
    };
    let (front, body, body_line) = split_front_matter(text);
    if let Some((kind, front_text)) = front {
        match parse_front_matter(kind, front_text) {
            Ok(map) => extracted.front_matter = Some(map),
            Err(message) => extracted.notes.push(message),
        }
    }
    if too_deep(body) {
        extracted.notes.push(format!(
            "Markdown nested more than {MAX_NESTING} levels deep; headings not read"
        ));
    } else {
        extracted.headings = headings(body, body_line);
    }
    extracted.text = body.to_string();
    extracted.line_offset = body_line - 1;
    extracted
}

/// The first line of the body, after any front matter.
pub(super) fn body_line(text: &str) -> usize {
    split_front_matter(text).2
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrontMatter {
    Yaml,
    Toml,
}

/// Splits off front matter: `(front matter, body, the body's first line number)`.
fn split_front_matter(text: &str) -> (Option<(FrontMatter, &str)>, &str, usize) {
    let (kind, fence) = if text.starts_with("---") {
        (FrontMatter::Yaml, "---")
    } else if text.starts_with("+++") {
        (FrontMatter::Toml, "+++")
    } else {
        return (None, text, 1);
    };
    let Some(first_newline) = text.find('\n') else {
        return (None, text, 1);
    };
    if text[..first_newline].trim_end() != fence {
        return (None, text, 1);
    }
    let mut offset = first_newline + 1;
    for (line, chunk) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = chunk.trim_end();
        if trimmed == fence || (kind == FrontMatter::Yaml && trimmed == "...") {
            let front = &text[first_newline + 1..offset];
            let body = &text[offset + chunk.len()..];
            return (Some((kind, front)), body, line + 1);
        }
        offset += chunk.len();
    }
    // An opening fence and no closing one: not front matter.
    (None, text, 1)
}

fn parse_front_matter(kind: FrontMatter, text: &str) -> Result<Map<String, Value>, String> {
    let value: Value = match kind {
        FrontMatter::Yaml => {
            if text.trim().is_empty() {
                return Ok(Map::new());
            }
            crate::yaml::from_str(text).map_err(|e| {
                // Front matter starts on line 2 of the file.
                format!(
                    "invalid front matter at line {} column {}: {}",
                    e.line + 1,
                    e.column,
                    e.message
                )
            })?
        }
        FrontMatter::Toml => {
            let table: toml::Table = toml::from_str(text).map_err(|e| {
                let line = e.span().map_or(0, |s| {
                    text[..s.start.min(text.len())].matches('\n').count() + 2
                });
                format!("invalid front matter at line {line}: {}", e.message())
            })?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err("invalid front matter at line 2: expected `key: value` pairs".to_string()),
    }
}

/// TOML values as JSON, with dates as `YYYY-MM-DD` strings like YAML's.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// True when block nesting (`>` quotes or indentation) goes deeper than any real document.
fn too_deep(body: &str) -> bool {
    body.lines().any(|line| {
        let quotes = line
            .chars()
            .take_while(|c| *c == '>' || c.is_whitespace())
            .filter(|c| *c == '>')
            .count();
        let indent = line.chars().take_while(|c| *c == ' ').count() / 2;
        quotes > MAX_NESTING || indent > MAX_NESTING * 2
    })
}

fn headings(body: &str, body_line: usize) -> Vec<Heading> {
    let arena = comrak::Arena::new();
    let options = comrak::Options::default();
    let root = comrak::parse_document(&arena, body, &options);
    let mut headings = Vec::new();
    for node in root.descendants() {
        let heading = {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::Heading(heading) => Some((heading.level, data.sourcepos.start.line)),
                _ => None,
            }
        };
        if let Some((level, start)) = heading {
            let mut text = String::new();
            collect_text(node, &mut text);
            headings.push(Heading {
                level,
                text: text.split_whitespace().collect::<Vec<_>>().join(" ").into(),
                line: Some(start + body_line - 1),
            });
        }
    }
    headings
}

fn collect_text<'a>(node: &'a comrak::nodes::AstNode<'a>, out: &mut String) {
    for child in node.descendants().skip(1) {
        match &child.data.borrow().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Extracted {
        read(&(text.to_string(), None))
    }

    #[test]
    fn yaml_front_matter_and_headings_with_file_lines() {
        let doc = read_str(
            "---\ntitle: Change Policy\nreview_due: 2027-01-31\n---\n# Change *management* policy\n\n\
             Text.\n\n## Scope\n",
        );
        let front = doc.front_matter.unwrap();
        assert_eq!(front["title"], "Change Policy");
        assert_eq!(front["review_due"], "2027-01-31");
        let headings: Vec<(u8, &str, Option<usize>)> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect();
        assert_eq!(
            headings,
            [
                (1, "Change management policy", Some(5)),
                (2, "Scope", Some(9))
            ]
        );
        assert!(!doc.text.contains("review_due"));
    }

    #[test]
    fn toml_front_matter() {
        let doc = read_str("+++\ntitle = \"Plan\"\nreview_due = 2027-01-31\n+++\nBody\n");
        let front = doc.front_matter.unwrap();
        assert_eq!(front["title"], "Plan");
        assert_eq!(front["review_due"], "2027-01-31");
    }

    #[test]
    fn broken_front_matter_is_a_note_with_its_file_line() {
        let doc = read_str("---\ntitle: ok\nowner: [unclosed\n---\n# Heading\n");
        assert!(doc.front_matter.is_none());
        assert_eq!(doc.notes.len(), 1);
        assert!(
            doc.notes[0].starts_with("invalid front matter at line 3"),
            "{:?}",
            doc.notes
        );
        assert_eq!(doc.headings.len(), 1);
    }

    #[test]
    fn thematic_break_is_not_front_matter_unless_closed() {
        let doc = read_str("---\nJust a rule and text, never closed\n");
        assert!(doc.front_matter.is_none());
        assert!(doc.notes.is_empty());
    }

    #[test]
    fn hostile_nesting_is_refused_quickly() {
        let doc = read_str(&format!("{}deep\n", ">".repeat(100_000)));
        assert!(doc.headings.is_empty());
        assert!(doc.notes[0].contains("nested more than"));
    }
}
