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

/// What an assessor cell says to do with the value recorded before.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit<T> {
    /// A blank cell: keep the recorded value (a blank never erases anything).
    Keep,
    /// A value: record it.
    Set(T),
    /// [`CLEAR`]: remove the recorded value.
    Clear,
}

impl<T: Clone> Edit<T> {
    /// The value after the edit, given the one recorded before.
    pub fn apply(&self, before: Option<&T>) -> Option<T> {
        match self {
            Edit::Keep => before.cloned(),
            Edit::Set(value) => Some(value.clone()),
            Edit::Clear => None,
        }
    }
}

/// What an assessor types in a note, owner or target date cell to clear the recorded value.
pub const CLEAR: &str = "-";

/// One row of the Requirements sheet: the assessor's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessorRow {
    /// The spreadsheet row number (1-based, as Excel shows it).
    pub row: u32,
    pub requirement: String,
    pub status: Option<Status>,
    pub note: Edit<String>,
    pub owner: Edit<String>,
    pub target_date: Edit<Date>,
}

/// What a workbook holds for import.
#[derive(Debug, Clone)]
pub struct EditedWorkbook {
    pub edition: String,
    /// The assessment date the workbook was made for.
    pub as_of: Date,
    /// The organisation named on the About sheet, if any.
    pub organisation: Option<String>,
    /// The evidence folder the workbook was made from, if it records one.
    pub evidence_folder: Option<String>,
    pub rows: Vec<AssessorRow>,
    /// What was read but deserves a look (formulas read by their cached values), naming the cell.
    pub warnings: Vec<String>,
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
    let as_of_cell = about
        .rows()
        .find(|row| {
            row.first()
                .is_some_and(|c| c.to_string().trim() == about::AS_OF)
        })
        .and_then(|row| row.get(1))
        .cloned()
        .unwrap_or(Data::Empty);
    let as_of = crate::evidence::cell_date(&as_of_cell).ok_or_else(|| ImportError::Shape {
        path: path.to_path_buf(),
        message: format!(
            "the {ABOUT_SHEET} sheet's `{}` is `{as_of_cell}`, not a date (YYYY-MM-DD)",
            about::AS_OF
        ),
    })?;
    let organisation = value(about::ORGANISATION).filter(|o| !o.is_empty());
    let evidence_folder = value(about::EVIDENCE_FOLDER).filter(|f| !f.is_empty());

    let shape = |message: String| ImportError::Shape {
        path: path.to_path_buf(),
        message,
    };
    let range = sheet(&mut book, REQUIREMENTS_SHEET)?;
    // Formulas, by cell: a formula cell is read by the value Excel cached for it, with a warning.
    let formulas = book.worksheet_formula(REQUIREMENTS_SHEET).ok();
    let mut warnings = Vec::new();
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
        for c in
            std::iter::once(0).chain(usize::from(ASSESSOR_COLUMN)..usize::from(ASSESSOR_COLUMN) + 4)
        {
            let formula = formulas
                .as_ref()
                .and_then(|f| f.get_value((row - 1, c as u32)))
                .filter(|f| !f.trim().is_empty());
            let Some(formula) = formula else { continue };
            let at = format!("{REQUIREMENTS_SHEET}!{}{row}", column_name(c));
            let cached = cells.get(c).map(|d| d.to_string()).unwrap_or_default();
            if cached.trim().is_empty() {
                return Err(shape(format!(
                    "cell {at} holds the formula `={formula}` and no value computed for it; type the value \
                     instead"
                )));
            }
            warnings.push(format!(
                "cell {at} holds the formula `={formula}`; its computed value `{}` was read",
                cached.trim()
            ));
        }
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
        let edit = |c: usize| match text(c) {
            None => Edit::Keep,
            Some(t) if t == CLEAR => Edit::Clear,
            Some(t) => Edit::Set(t),
        };
        let target_date = match (cell(assessor + 3), edit(assessor + 3)) {
            (_, Edit::Keep) => Edit::Keep,
            (_, Edit::Clear) => Edit::Clear,
            (other, Edit::Set(_)) => Edit::Set(crate::evidence::cell_date(other).ok_or_else(|| {
                shape(format!(
                    "row {row} ({id}): Target date `{other}` is not a date (YYYY-MM-DD, or `{CLEAR}` to clear it)"
                ))
            })?),
        };
        out.push(AssessorRow {
            row,
            requirement: id,
            status,
            note: edit(assessor + 1),
            owner: edit(assessor + 2),
            target_date,
        });
    }
    Ok(EditedWorkbook {
        edition,
        as_of,
        organisation,
        evidence_folder,
        rows: out,
        warnings,
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
/// requirement's judgement; a row without one leaves it as it was. A blank note, owner or target date
/// keeps the recorded one; [`CLEAR`] removes it. New and changed judgements are dated `date` and credited
/// to `assessor` when given. Returns the merged judgements and what changed.
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
        after.note = row.note.apply(before.and_then(|b| b.note.as_ref()));
        after.owner = row.owner.apply(before.and_then(|b| b.owner.as_ref()));
        after.target_date = row
            .target_date
            .apply(before.and_then(|b| b.target_date.as_ref()));
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
            note: note.map_or(Edit::Keep, |n| Edit::Set(n.to_string())),
            owner: Edit::Keep,
            target_date: Edit::Keep,
        }
    }

    #[test]
    fn a_blank_cell_keeps_the_recorded_value_and_a_dash_clears_it() {
        let existing = Judgements::parse(
            "judgements:\n  - requirement: a\n    status: gap\n    note: keep me\n    owner: Ann\n",
        )
        .unwrap();
        let mut edited = row("a", Some(Status::Partial), None);
        edited.owner = Edit::Clear;
        let (merged, changes) = merge(&existing, &[edited], None, None);
        assert_eq!(changes.len(), 1);
        let a = &merged.by_requirement["a"];
        assert_eq!(a.note.as_deref(), Some("keep me"));
        assert_eq!(a.owner, None);
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
