//! Reading the assessor's edits back from the management workbook (`iso20k import`), and merging them into
//! the judgements.
//!
//! The workbook must be one iso20k made ([`crate::render::workbook`]): its About sheet names the
//! catalogue edition, and its Requirements sheet keeps the columns in their order. Anything else is
//! refused with the reason, before anything is written.

use super::judgements::Judgements;
use super::model::{Override, Status};
use crate::catalogue::Catalogue;
use crate::render::workbook::{
    ABOUT_SHEET, ASSESSOR_COLUMN, FORMAT, REQUIREMENT_COLUMNS, REQUIREMENTS_SHEET, about,
};
use calamine::{Data, Range, Reader};
use jiff::civil::Date;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// The largest workbook read, and the most its archive may expand to (four times as much).
const MAX_WORKBOOK_BYTES: u64 = 64 * 1024 * 1024;

/// One row of the Requirements sheet: the assessor's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessorRow {
    /// The spreadsheet row number (1-based, as Excel shows it).
    pub row: u32,
    pub requirement: String,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub target_date: Option<Date>,
}

/// What a workbook holds for import.
#[derive(Debug, Clone)]
pub struct EditedWorkbook {
    pub edition: String,
    pub as_of: Option<Date>,
    pub rows: Vec<AssessorRow>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{} is not a workbook made by iso20k: {message}", path.display())]
    Foreign { path: PathBuf, message: String },
    #[error(
        "{} was made from the {found} catalogue, not {expected}; import it with the same catalogue \
         (e.g. --edition {found_edition})",
        path.display()
    )]
    Edition {
        path: PathBuf,
        found: String,
        found_edition: String,
        expected: String,
    },
    #[error("{} has been edited out of shape: {message}", path.display())]
    Shape { path: PathBuf, message: String },
}

/// Reads the assessor's columns from the workbook at `path`, checking that it was made from `catalogue`
/// and is still in shape.
pub fn read_workbook(path: &Path, catalogue: &Catalogue) -> Result<EditedWorkbook, ImportError> {
    let bytes =
        crate::input::read_bytes(path, MAX_WORKBOOK_BYTES).map_err(|e| ImportError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    let foreign = |message: String| ImportError::Foreign {
        path: path.to_path_buf(),
        message,
    };
    crate::evidence::check_workbook(&bytes, MAX_WORKBOOK_BYTES).map_err(foreign)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| foreign(format!("not a readable spreadsheet ({e})")))?;
    let sheet = |book: &mut calamine::Sheets<_>, name: &str| {
        book.worksheet_range(name)
            .map_err(|_| foreign(format!("it has no `{name}` sheet")))
    };

    let about = sheet(&mut book, ABOUT_SHEET)?;
    let value = |key: &str| about_value(&about, key);
    let format = value(about::FORMAT).ok_or_else(|| {
        foreign(format!(
            "its {ABOUT_SHEET} sheet does not say `{}`",
            about::FORMAT
        ))
    })?;
    if format != FORMAT.to_string() {
        return Err(foreign(format!(
            "it has workbook format {format}, and this iso20k reads format {FORMAT}"
        )));
    }
    let standard = value(about::STANDARD).unwrap_or_default();
    let edition = value(about::EDITION).unwrap_or_default();
    if standard != catalogue.header.standard || edition != catalogue.header.edition {
        return Err(ImportError::Edition {
            path: path.to_path_buf(),
            found: format!("{standard}:{edition}"),
            found_edition: edition,
            expected: catalogue.name(),
        });
    }
    let as_of = value(about::AS_OF).and_then(|d| crate::evidence::parse_date(&d));

    let shape = |message: String| ImportError::Shape {
        path: path.to_path_buf(),
        message,
    };
    let range = sheet(&mut book, REQUIREMENTS_SHEET)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    if (first_row, first_col) != (0, 0) {
        return Err(shape(format!(
            "the {REQUIREMENTS_SHEET} sheet no longer starts at cell A1"
        )));
    }
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    for (i, expected) in REQUIREMENT_COLUMNS.iter().enumerate() {
        let found = header.get(i).map(String::as_str).unwrap_or("");
        if found != *expected {
            return Err(shape(format!(
                "column {} of the {REQUIREMENTS_SHEET} sheet should be `{expected}`, not `{found}`",
                column_name(i)
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, cells) in rows.enumerate() {
        let row = i as u32 + 2;
        let cell = |c: usize| cells.get(c).unwrap_or(&Data::Empty);
        let text = |c: usize| {
            let t = cell(c).to_string();
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let Some(id) = text(0) else {
            if (0..REQUIREMENT_COLUMNS.len()).all(|c| text(c).is_none()) {
                continue;
            }
            return Err(shape(format!("row {row} has no requirement ID")));
        };
        if catalogue.requirement(&id).is_none() {
            return Err(shape(format!(
                "row {row} names `{id}`, which is not a requirement of the {} catalogue",
                catalogue.name()
            )));
        }
        if !seen.insert(id.clone()) {
            return Err(shape(format!("row {row} repeats `{id}`")));
        }
        let assessor = usize::from(ASSESSOR_COLUMN);
        let status = match text(assessor) {
            None => None,
            Some(name) => Some(Status::from_name(&name).ok_or_else(|| {
                shape(format!(
                    "row {row} ({id}): Assessor status `{name}` is not conformant, partial or gap"
                ))
            })?),
        };
        let target_date = match cell(assessor + 3) {
            Data::Empty => None,
            other => Some(crate::evidence::cell_date(other).ok_or_else(|| {
                shape(format!(
                    "row {row} ({id}): Target date `{other}` is not a date (YYYY-MM-DD)"
                ))
            })?),
        };
        out.push(AssessorRow {
            row,
            requirement: id,
            status,
            note: text(assessor + 1),
            owner: text(assessor + 2),
            target_date,
        });
    }
    Ok(EditedWorkbook {
        edition,
        as_of,
        rows: out,
    })
}

/// The value beside `key` in column A of the About sheet.
fn about_value(about: &Range<Data>, key: &str) -> Option<String> {
    about
        .rows()
        .find(|row| row.first().is_some_and(|c| c.to_string().trim() == key))
        .and_then(|row| row.get(1))
        .map(|c| c.to_string().trim().to_string())
}

fn column_name(i: usize) -> String {
    rust_xlsxwriter::utility::column_number_to_name(i as u16)
}

/// How one requirement's judgement changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub requirement: String,
    pub before: Option<Override>,
    pub after: Override,
}

/// Merges the workbook's rows into `existing`: a row with an assessor status sets or updates the
/// requirement's judgement; a row without one leaves it as it was. New and changed judgements are dated
/// `date` and credited to `assessor` when given. Returns the merged judgements and what changed.
pub fn merge(
    existing: &Judgements,
    rows: &[AssessorRow],
    date: Option<Date>,
    assessor: Option<&str>,
) -> (Judgements, Vec<Change>) {
    let mut merged = existing.clone();
    let mut changes = Vec::new();
    for row in rows {
        let Some(status) = row.status else {
            continue;
        };
        let before = existing.by_requirement.get(&row.requirement);
        let mut after = before.cloned().unwrap_or(Override {
            status,
            note: None,
            evidence: Vec::new(),
            assessor: None,
            date: None,
            owner: None,
            target_date: None,
        });
        after.status = status;
        after.note = row.note.clone();
        after.owner = row.owner.clone();
        after.target_date = row.target_date;
        let same = before.is_some_and(|b| {
            b.status == after.status
                && b.note == after.note
                && b.owner == after.owner
                && b.target_date == after.target_date
        });
        if same {
            continue;
        }
        if let Some(date) = date {
            after.date = Some(date);
        }
        if let Some(assessor) = assessor {
            after.assessor = Some(assessor.to_string());
        }
        merged
            .by_requirement
            .insert(row.requirement.clone(), after.clone());
        changes.push(Change {
            requirement: row.requirement.clone(),
            before: before.cloned(),
            after,
        });
    }
    (merged, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, status: Option<Status>, note: Option<&str>) -> AssessorRow {
        AssessorRow {
            row: 2,
            requirement: id.to_string(),
            status,
            note: note.map(str::to_string),
            owner: None,
            target_date: None,
        }
    }

    #[test]
    fn blank_rows_keep_and_unchanged_rows_change_nothing() {
        let existing = Judgements::parse(
            "judgements:\n  - requirement: a\n    status: gap\n    note: none yet\n\
             \x20 - requirement: b\n    status: partial\n",
        )
        .unwrap();
        let rows = [
            row("a", Some(Status::Gap), Some("none yet")),
            row("b", None, None),
            row("c", Some(Status::Conformant), Some("seen on site")),
        ];
        let date = Some(jiff::civil::date(2026, 11, 1));
        let (merged, changes) = merge(&existing, &rows, date, Some("A. Consultant"));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].requirement, "c");
        assert!(changes[0].before.is_none());
        assert_eq!(merged.by_requirement["a"], existing.by_requirement["a"]);
        assert_eq!(merged.by_requirement["b"], existing.by_requirement["b"]);
        let c = &merged.by_requirement["c"];
        assert_eq!(c.status, Status::Conformant);
        assert_eq!(c.date, date);
        assert_eq!(c.assessor.as_deref(), Some("A. Consultant"));

        let (_, changes) = merge(
            &existing,
            &[row("a", Some(Status::Partial), None)],
            None,
            None,
        );
        assert_eq!(changes[0].before.as_ref().unwrap().status, Status::Gap);
        assert_eq!(changes[0].after.status, Status::Partial);
    }
}
