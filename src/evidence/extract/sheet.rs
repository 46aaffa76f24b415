//! Spreadsheets (`.xlsx`, `.xls`, `.ods`): sheet names, header rows, row counts and dates, via calamine.

use super::super::dates::parse_date;
use super::Extracted;
use super::table::DateColumns;
use calamine::{Data, Reader};
use jiff::civil::Date;
use std::io::Cursor;

pub(super) fn read(bytes: &[u8], limit: u64) -> Result<Extracted, String> {
    // xlsx and ods are zip archives: check for bombs before calamine inflates anything.
    let zipped = bytes.starts_with(b"PK");
    let properties = if zipped {
        let mut archive = super::office::open_archive(bytes, limit)?;
        let core = super::office::read_entry(&mut archive, "docProps/core.xml", limit)?
            .or(super::office::read_entry(&mut archive, "meta.xml", limit)?);
        core.map(|xml| super::office::core_properties(&xml))
            .unwrap_or_default()
    } else {
        serde_json::Map::new()
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("cannot read the spreadsheet: {e}"))?;
    let mut text = String::new();
    let mut tables = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let all: Vec<&[Data]> = range
            .rows()
            .filter(|row| row.iter().any(|c| !matches!(c, Data::Empty)))
            .collect();
        let header_at = header_row(&all);
        text.push_str(&name);
        text.push('\n');
        // Title and note rows above the header row are text, not records.
        for row in &all[..header_at] {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            text.push_str(cells.join("\t").trim_end());
            text.push('\n');
        }
        let columns: Vec<String> = all
            .get(header_at)
            .map(|header| {
                header
                    .iter()
                    .map(|c| cell_text(c).trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        text.push_str(&columns.join("\t"));
        text.push('\n');
        let mut dates = DateColumns::with_columns(&columns);
        let mut count = 0;
        for row in all.iter().skip(header_at + 1) {
            count += 1;
            let mut cells = Vec::with_capacity(row.len());
            for (column, cell) in row.iter().enumerate() {
                let shown = cell_text(cell);
                dates.observe(column, &shown, cell_date(cell));
                cells.push(shown);
            }
            if (text.len() as u64) < limit {
                text.push_str(&cells.join("\t"));
                text.push('\n');
            }
        }
        tables.push(dates.table(Some(name.clone()), columns, count));
    }
    Ok(Extracted {
        text,
        tables,
        properties,
        ..Extracted::default()
    })
}

/// How many rows at the top of a sheet are looked at to find its header row.
const HEADER_SEARCH_ROWS: usize = 12;

/// The header row of a sheet: the first of its top rows holding at least two text cells and at least
/// half as many filled cells as the fullest top row, so that a title row (`Supplier Register 2026`) or a
/// note above the table is not taken for the column names. The first row when none qualifies.
fn header_row(rows: &[&[Data]]) -> usize {
    let top = &rows[..rows.len().min(HEADER_SEARCH_ROWS)];
    let filled = |row: &[Data]| row.iter().filter(|c| !matches!(c, Data::Empty)).count();
    let widest = top.iter().map(|r| filled(r)).max().unwrap_or(0);
    top.iter()
        .position(|row| {
            let texts = row
                .iter()
                .filter(|c| matches!(c, Data::String(s) if !s.trim().is_empty()))
                .count();
            texts >= 2 && texts * 3 >= filled(row) * 2 && texts * 2 >= widest
        })
        .unwrap_or(0)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::DateTime(_) => cell_date(cell).map(|d| d.to_string()).unwrap_or_default(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn cell_date(cell: &Data) -> Option<Date> {
    match cell {
        Data::DateTime(dt) if dt.is_datetime() => excel_serial_date(dt.as_f64()),
        Data::DateTimeIso(text) => parse_date(text),
        Data::String(text) => super::table::cell_date(text),
        _ => None,
    }
}

/// Excel's serial dates count days from 1899-12-30 (which absorbs Excel's 1900 leap-year bug).
fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i32;
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(
            excel_serial_date(46082.0),
            Some(jiff::civil::date(2026, 3, 1))
        );
        assert_eq!(
            excel_serial_date(46082.75),
            Some(jiff::civil::date(2026, 3, 1))
        );
        assert_eq!(excel_serial_date(-1.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    #[test]
    fn not_a_spreadsheet() {
        assert!(read(b"%PDF-1.7 nothing", 1024).is_err());
        assert!(
            read(b"PK\x03\x04garbage", 1024)
                .unwrap_err()
                .starts_with("corrupt zip")
        );
    }
}
