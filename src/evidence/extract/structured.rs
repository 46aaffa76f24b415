//! YAML and JSON records. Top-level keys can carry document metadata (like front matter); lists of
//! records become tables.

use super::super::TableInfo;
use super::super::dates::parse_date;
use super::Extracted;
use super::table::DateColumns;
use serde_json::Value;

pub(super) fn read_yaml(bytes: &[u8]) -> Extracted {
    let (text, note) = super::text::decode(bytes);
    let parsed = if text.trim().is_empty() {
        Ok(Value::Null)
    } else {
        crate::yaml::from_str::<Value>(&text)
            .map_err(|e| format!("invalid YAML at line {}: {}", e.line, e.message))
    };
    finish(text, note, parsed)
}

pub(super) fn read_json(bytes: &[u8]) -> Extracted {
    let (text, note) = super::text::decode(bytes);
    // serde_json refuses nesting deeper than 128 levels.
    let parsed = serde_json::from_str::<Value>(&text).map_err(|e| {
        format!(
            "invalid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        )
    });
    finish(text, note, parsed)
}

fn finish(text: String, note: Option<String>, parsed: Result<Value, String>) -> Extracted {
    let mut extracted = Extracted {
        notes: note.into_iter().collect(),
        ..Extracted::default()
    };
    match parsed {
        Ok(value) => {
            extracted.tables = tables(&value);
            if let Value::Object(map) = value {
                extracted.front_matter = Some(map);
            }
        }
        Err(message) => extracted.notes.push(message),
    }
    extracted.text = text;
    extracted
}

/// A top-level list of records, or top-level keys holding lists of records.
fn tables(value: &Value) -> Vec<TableInfo> {
    match value {
        Value::Array(items) => table(None, items).into_iter().collect(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(key, value)| match value {
                Value::Array(items) => table(Some(key.clone()), items),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn table(name: Option<String>, items: &[Value]) -> Option<TableInfo> {
    let first = items.first()?.as_object()?;
    let columns: Vec<String> = first.keys().cloned().collect();
    let mut dates = DateColumns::default();
    let mut rows = 0;
    for item in items {
        let Some(record) = item.as_object() else {
            continue;
        };
        rows += 1;
        for (column, key) in columns.iter().enumerate() {
            let cell = match record.get(key) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            dates.observe(column, &cell, parse_date(&cell));
        }
    }
    Some(dates.table(name, columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_list_of_records_is_a_table() {
        let doc = read_yaml(b"title: Suppliers\nsuppliers:\n  - name: A\n    reviewed: 2026-02-01\n  - name: B\n    reviewed: 2026-05-01\n");
        assert_eq!(doc.front_matter.as_ref().unwrap()["title"], "Suppliers");
        let table = &doc.tables[0];
        assert_eq!(table.name.as_deref(), Some("suppliers"));
        assert_eq!(table.rows, 2);
        assert_eq!(table.latest_date.unwrap().to_string(), "2026-05-01");
    }

    #[test]
    fn broken_inputs_are_notes() {
        let doc = read_yaml(b"a: [1\n");
        assert!(
            doc.notes[0].starts_with("invalid YAML at line"),
            "{:?}",
            doc.notes
        );
        let doc = read_json(b"{\"a\": }");
        assert!(
            doc.notes[0].starts_with("invalid JSON at line 1"),
            "{:?}",
            doc.notes
        );
        let deep = "[".repeat(100_000);
        let doc = read_json(deep.as_bytes());
        assert!(doc.notes[0].contains("recursion limit"), "{:?}", doc.notes);
        let deep_yaml = format!("a: {}", "[".repeat(100_000));
        let doc = read_yaml(deep_yaml.as_bytes());
        assert!(doc.notes[0].starts_with("invalid YAML"), "{:?}", doc.notes);
    }
}
