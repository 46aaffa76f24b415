//! CSV and TSV record logs: columns, row count, the dates in date-like columns and each row's key.

use super::super::TableInfo;
use super::super::dates::parse_date;
use super::Extracted;
use jiff::civil::Date;

/// The most distinct dates kept per column (about eleven years of days); later new dates are not kept.
const MAX_DATES_PER_COLUMN: usize = 4096;

/// The most row keys kept per table; rows beyond are still counted, and sampled by row number.
pub(crate) const MAX_KEYS: usize = 10_000;

/// The longest row key kept, in characters.
const MAX_KEY_CHARS: usize = 60;

/// Tracks, per column, how many cells hold dates, so only date-like columns count towards the table's
/// dates (a free-text column that happens to mention a date does not), and each row's key (its first
/// cell: the record's number in most exports).
#[derive(Default)]
pub(super) struct DateColumns {
    columns: Vec<ColumnDates>,
    keys: Vec<String>,
}

#[derive(Default, Clone)]
struct ColumnDates {
    cells: usize,
    dated: usize,
    dates: std::collections::BTreeSet<Date>,
}

impl DateColumns {
    pub fn observe(&mut self, column: usize, cell: &str, date: Option<Date>) {
        if column == 0 && self.keys.len() < MAX_KEYS {
            self.keys
                .push(cell.trim().chars().take(MAX_KEY_CHARS).collect());
        }
        if self.columns.len() <= column {
            self.columns.resize(column + 1, ColumnDates::default());
        }
        let stats = &mut self.columns[column];
        if !cell.trim().is_empty() || date.is_some() {
            stats.cells += 1;
        }
        if let Some(date) = date {
            stats.dated += 1;
            if stats.dates.len() < MAX_DATES_PER_COLUMN || stats.dates.last() < Some(&date) {
                stats.dates.insert(date);
                if stats.dates.len() > MAX_DATES_PER_COLUMN {
                    stats.dates.pop_first();
                }
            }
        }
    }

    fn date_like(&self) -> impl Iterator<Item = &ColumnDates> {
        self.columns
            .iter()
            .filter(|c| c.dated > 0 && c.dated * 2 >= c.cells)
    }

    /// The latest date of the columns where at least half the non-empty cells are dates.
    pub fn latest(&self) -> Option<Date> {
        self.date_like()
            .filter_map(|c| c.dates.last().copied())
            .max()
    }

    /// The table's description, with its dates (distinct, sorted) and row keys.
    pub fn table(self, name: Option<String>, columns: Vec<String>, rows: usize) -> TableInfo {
        let latest_date = self.latest();
        let mut dates: Vec<Date> = self
            .date_like()
            .flat_map(|c| c.dates.iter().copied())
            .collect();
        dates.sort_unstable();
        dates.dedup();
        TableInfo {
            name,
            columns,
            rows,
            latest_date,
            dates,
            keys: self.keys,
        }
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
        tables: vec![dates.table(None, columns, rows)],
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
