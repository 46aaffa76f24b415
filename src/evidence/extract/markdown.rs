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
    simple_headings(body, body_line).unwrap_or_else(|| parsed_headings(body, body_line))
}

/// The headings of a plain document, read line by line: what the full parse below finds, for a text
/// whose only block structure that could hide, make or change a heading is none, that is, a text with no
/// code fence, HTML, block quote or link definition opening a line (or a list item), setext underline
/// after a line of text, heading inside a list item or behind four spaces, tab, carriage return or NUL,
/// and whose `#` headings hold
/// no character with a meaning inside a line (emphasis, code, links, escapes, entities). `None` for any
/// other text, which is parsed in full (property test against the parser).
fn simple_headings(body: &str, body_line: usize) -> Option<Vec<Heading>> {
    if body.bytes().any(|b| matches!(b, b'\t' | b'\r' | 0)) || body.contains('\u{feff}') {
        return None;
    }
    let mut headings = Vec::new();
    let mut after_text = false;
    for (k, line) in body.split('\n').enumerate() {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() {
            after_text = false;
            continue;
        }
        if indent <= 3
            && let Some(heading) = atx(content)
        {
            let text = heading?;
            headings.push(Heading {
                level: u8::try_from(content.len() - content.trim_start_matches('#').len())
                    .unwrap_or(1),
                text: text.split_whitespace().collect::<Vec<_>>().join(" ").into(),
                line: Some(k + body_line),
            });
            after_text = true;
            continue;
        }
        // A setext underline (`===`, `---`) under a line of text makes that line a heading.
        let underline = content.trim_end_matches(' ');
        if after_text
            && !underline.is_empty()
            && (underline.bytes().all(|b| b == b'=') || underline.bytes().all(|b| b == b'-'))
        {
            return None;
        }
        // What a line holds past its list markers: a heading there is in a list item; a code fence, a
        // block quote, HTML or a link definition there or at the start may hide the lines after it.
        let inner = without_list_markers(content);
        let hides = |start: &str| {
            start.starts_with(['>', '[', '<'])
                || start.starts_with("```")
                || start.starts_with("~~~")
        };
        if (indent > 3 && content.starts_with('#'))
            || (inner.len() < content.len() && inner.starts_with('#'))
            || hides(content)
            || hides(inner)
        {
            return None;
        }
        after_text = true;
    }
    Some(headings)
}

/// For a line starting with an ATX heading's `#`s (1 to 6, then a space or the end): `Some(None)` when
/// its text holds a character with a meaning inside a line, else `Some(Some(text))`, without the
/// closing `#`s. `None` for any other line.
fn atx(content: &str) -> Option<Option<&str>> {
    let hashes = content.len() - content.trim_start_matches('#').len();
    let rest = &content[hashes..];
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    if rest.contains(['*', '_', '`', '[', ']', '<', '&', '\\']) {
        return Some(None);
    }
    let text = rest.trim_matches(' ');
    // A closing sequence: `#`s at the end, after a space or standing alone.
    let closing = text.len() - text.trim_end_matches('#').len();
    let text = if closing == text.len() {
        ""
    } else if closing > 0 && text[..text.len() - closing].ends_with(' ') {
        text[..text.len() - closing].trim_end_matches(' ')
    } else {
        text
    };
    Some(Some(text))
}

/// A line without the list markers it opens with (`- `, `* `, `+ `, `1. `, `2) `, nested ones too).
fn without_list_markers(mut line: &str) -> &str {
    loop {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let marker = if line.starts_with(['-', '*', '+']) {
            1
        } else if digits > 0 && line[digits..].starts_with(['.', ')']) {
            digits + 1
        } else {
            return line;
        };
        let rest = &line[marker..];
        if rest.is_empty() {
            return rest;
        }
        if !rest.starts_with(' ') {
            return line;
        }
        line = rest.trim_start_matches(' ');
    }
}

/// The headings as a full CommonMark parse finds them.
fn parsed_headings(body: &str, body_line: usize) -> Vec<Heading> {
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

    fn assert_simple_headings_parse_alike(body: &str) {
        if let Some(simple) = simple_headings(body, 3) {
            assert_eq!(simple, parsed_headings(body, 3), "{body:?}");
        }
    }

    #[test]
    fn plain_documents_headings_are_read_line_by_line_as_parsed() {
        let plain = "# Policy ##\n\nText\n## 1. Scope #\n- item\n  ### In a list\n   #### Four # 4 ##\n\
                     ##### \n###### six\n####### seven\n#5 bolts\nText\n# #\n#\n* * *\n- - -\n";
        let simple = simple_headings(plain, 3).expect("a plain document");
        assert_eq!(simple.len(), 8, "{simple:?}");
        assert_simple_headings_parse_alike(plain);
        for other in [
            "Title\n=====\n",
            "Title\n---\n",
            "- # In an item\n",
            "```\n# code\n```\n",
            "<div>\n# html\n</div>\n",
            "> # quoted\n",
            "# *Emphasis*\n",
            "    # indented code\n",
            "[ref]: /url\n'# title\n'\n",
            "- ```\n  # code\n  ```\n",
            "- <div>\n  # html\n",
        ] {
            assert!(simple_headings(other, 1).is_none(), "{other:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn headings_read_line_by_line_are_the_parsed_ones(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "", " ", "Text line", "# Title", "## Scope ##", "### A # b", "#### x#", "#No",
                    "   # Three", "    # Four", "####### Seven", "# #", "#", "##   ", "- item",
                    "- # item", "1. one", "2) two", "  # in item", "  continued", "===", "---", "- - -",
                    "***", "  ---  ", "-", "+ # plus", "* item", "10. ten", "# Ünïcode\u{a0}##",
                    "# a\u{a0}#", "para # not", "| a | b |", "|---|---|", "12345", "-- two", "#\u{a0}x",
                    "```", "~~~ x", "- ```", "<div>", "  <!-- c -->", "> # q", "- > q", "[r]: /u",
                    "    code", "# *em*", "# a_b", "#\ttab",
                ]),
                0..12,
            ),
        ) {
            let body = lines.join("\n");
            if let Some(simple) = simple_headings(&body, 1) {
                proptest::prop_assert_eq!(simple, parsed_headings(&body, 1));
            }
        }
    }

    #[test]
    fn hostile_nesting_is_refused_quickly() {
        let doc = read_str(&format!("{}deep\n", ">".repeat(100_000)));
        assert!(doc.headings.is_empty());
        assert!(doc.notes[0].contains("nested more than"));
    }
}
