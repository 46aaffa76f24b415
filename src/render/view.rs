//! The assessment and its views (the audit checklists, the plan) as JSON; Markdown and HTML come from the
//! report templates.

use serde::Serialize;

/// The assessment or a view as pretty JSON with a final newline.
pub fn json<T: Serialize>(view: &T) -> String {
    let mut text = serde_json::to_string_pretty(view).expect("views serialise");
    text.push('\n');
    text
}

/// [`json`] written to `out` as it is produced, so a large assessment is never held in memory as text
/// (the same bytes).
pub fn write_json<T: Serialize>(view: &T, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, view)?;
    out.write_all(b"\n")
}
