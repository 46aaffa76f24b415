//! Views of the evidence index: the evidence register as a terminal table, JSON or Markdown.

use super::text::{ACCENT, DIM, Table, WARN, escape, styled};
use crate::evidence::{EvidenceIndex, EvidenceItem, Skipped};
use serde::Serialize;
use std::fmt::Write;

/// The version of the JSON layout below; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Register<'a> {
    schema_version: u32,
    #[serde(flatten)]
    index: &'a EvidenceIndex,
}

pub fn json(index: &EvidenceIndex) -> String {
    let register = Register {
        schema_version: SCHEMA_VERSION,
        index,
    };
    let mut out = serde_json::to_string_pretty(&register).expect("register serialises");
    out.push('\n');
    out
}

/// [`json`] written to `out` as it is produced, so the register of a large folder is never held in
/// memory as text (the same bytes).
pub fn write_json(index: &EvidenceIndex, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let register = Register {
        schema_version: SCHEMA_VERSION,
        index,
    };
    serde_json::to_writer_pretty(&mut *out, &register)?;
    out.write_all(b"\n")
}

fn date(value: Option<jiff::civil::Date>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// The cells after the path; values from the files are escaped.
fn cells(item: &EvidenceItem) -> [String; 6] {
    [
        item.format.name().to_string(),
        item.metadata
            .doc_type
            .map(|t| t.name().to_string())
            .unwrap_or_default(),
        item.metadata
            .status
            .map(|s| s.name().to_string())
            .unwrap_or_default(),
        escape(item.metadata.owner.as_deref().unwrap_or_default()).into_owned(),
        date(item.metadata.review_due),
        escape(&item.metadata.declares.join(", ")).into_owned(),
    ]
}

pub fn table(index: &EvidenceIndex) -> String {
    let mut table = Table::new(&[
        "PATH",
        "FORMAT",
        "TYPE",
        "STATUS",
        "OWNER",
        "REVIEW DUE",
        "DECLARES",
    ]);
    for item in &index.items {
        let mut row = vec![styled(ACCENT, &escape(&item.path))];
        row.extend(cells(item));
        table.row(row);
    }
    let mut out = table.render();
    if !index.warnings.is_empty() {
        let _ = writeln!(out);
        for warning in &index.warnings {
            let _ = writeln!(
                out,
                "{} {}: {}",
                styled(WARN, "warning:"),
                escape(&warning.path),
                escape(&warning.message)
            );
        }
    }
    let _ = writeln!(out, "\n{}", styled(DIM, &summary(index)));
    out
}

pub fn markdown(index: &EvidenceIndex) -> String {
    let mut out = String::from("# Evidence register\n\n");
    let _ = writeln!(out, "{}\n", summary(index));
    out.push_str("| Path | Format | Type | Status | Owner | Review due | Declares |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for item in &index.items {
        let mut row = vec![format!("`{}`", escape(&item.path).replace('`', "'"))];
        row.extend(cells(item));
        let row: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    if !index.warnings.is_empty() {
        out.push_str("\n## Warnings\n\n");
        for warning in &index.warnings {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                escape(&warning.path).replace('`', "'"),
                escape(&warning.message)
            );
        }
    }
    out
}

fn summary(index: &EvidenceIndex) -> String {
    let mut text = format!(
        "{} file{} read, {} warning{}",
        index.items.len(),
        plural(index.items.len()),
        index.warnings.len(),
        plural(index.warnings.len())
    );
    let Skipped {
        hidden,
        version_control,
        excluded,
        not_included,
    } = index.skipped;
    let skips: Vec<String> = [
        (hidden, "hidden"),
        (version_control, "version control"),
        (excluded, "excluded by [scan] exclude"),
        (not_included, "not in [scan] include"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| format!("{n} {why}"))
    .collect();
    if !skips.is_empty() {
        let _ = write!(text, "; skipped: {}", skips.join(", "));
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
