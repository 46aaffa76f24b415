//! The audit checklists as JSON (Markdown and HTML come from the report templates).

use serde::Serialize;

/// A checklist as pretty JSON with a final newline.
pub fn json<T: Serialize>(checklist: &T) -> String {
    let mut text = serde_json::to_string_pretty(checklist).expect("checklists serialise");
    text.push('\n');
    text
}
