//! CSV and TSV record logs: columns, row count, and the latest date in date-like columns.

use super::super::TableInfo;
use super::super::dates::parse_date;
use super::Extracted;
use jiff::civil::Date;

/// Tracks, per column, how many cells hold dates, so only date-like columns count towards the latest
/// date (a free-text column that happens to mention a date does not).
#[derive(Default)]
pub(super) struct DateColumns {
    /// Per column: non-empty cells, cells that are dates, latest date.
    columns: Vec<(usize, usize, Option<Date>)>,
}

impl DateColumns {
    pub fn observe(&mut self, column: usize, cell: &str, date: Option<Date>) {
        if self.columns.len() <= column {
            self.columns.resize(column + 1, (0, 0, None));
        }
        let stats = &mut self.columns[column];
        if !cell.trim().is_empty() || date.is_some() {
            stats.0 += 1;
        }
        if let Some(date) = date {
            stats.1 += 1;
            stats.2 = stats.2.max(Some(date));
        }
    }

    /// The latest date of the columns where at least half the non-empty cells are dates.
    pub fn latest(&self) -> Option<Date> {
        self.columns
            .iter()
            .filter(|(cells, dates, _)| *dates > 0 && dates * 2 >= *cells)
            .filter_map(|(_, _, latest)| *latest)
            .max()
    }
}

pub(super) fn read_csv(bytes: &[u8], delimiter: u8) -> Extracted {
    let (text, note) = super::text::decode(bytes);
    let mut notes: Vec<String> = note.into_iter().collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim().to_string()).collect(),
        Err(err) => {
            notes.push(format!("malformed CSV header: {err}"));
            Vec::new()
        }
    };
    let mut dates = DateColumns::default();
    let mut rows = 0;
    for record in reader.records() {
        match record {
            Ok(record) => {
                rows += 1;
                for (column, cell) in record.iter().enumerate() {
                    dates.observe(column, cell, parse_date(cell));
                }
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                notes.push(format!(
                    "malformed CSV at line {line}: {err}; the rest was not read as rows"
                ));
                break;
            }
        }
    }
    Extracted {
        tables: vec![TableInfo {
            name: None,
            columns,
            rows,
            latest_date: dates.latest(),
        }],
        text,
        notes,
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn counts_rows_and_finds_the_latest_date_in_date_columns() {
        let csv = "Ticket,Opened,Summary\nINC-1,2026-07-01,Printer down since 2027-01-01\n\
                   INC-2,03/10/2026,VPN\n\"INC-3\",2026-09-30,\"Mail, slow\"\n";
        let doc = read_csv(csv.as_bytes(), b',');
        let table = &doc.tables[0];
        assert_eq!(table.columns, ["Ticket", "Opened", "Summary"]);
        assert_eq!(table.rows, 3);
        // The free-text column's 2027 date does not count.
        assert_eq!(table.latest_date, Some(date(2026, 10, 3)));
        assert!(doc.notes.is_empty());
    }

    #[test]
    fn tab_separated() {
        let doc = read_csv(b"a\tb\n1\t2026-01-02\n", b'\t');
        assert_eq!(doc.tables[0].columns, ["a", "b"]);
        assert_eq!(doc.tables[0].latest_date, Some(date(2026, 1, 2)));
    }
}
