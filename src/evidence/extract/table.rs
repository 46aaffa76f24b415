//! Tables of records (CSV and TSV logs, spreadsheet sheets, YAML/JSON lists, `| a | b |` tables inside
//! documents): columns, row count, the dates in date-like columns, each row's key, and the record series
//! (the event-date column, first and last event, months covered).

use super::super::dates::parse_date;
use super::super::kind::RecordSeries;
use super::super::{Keys, TableInfo};
use super::Extracted;
use jiff::civil::Date;
use std::collections::BTreeSet;

/// The most distinct dates kept per column (about eleven years of days); later new dates are not kept.
const MAX_DATES_PER_COLUMN: usize = 4096;

/// The most row keys kept per table; rows beyond are still counted, and sampled by row number.
pub(crate) const MAX_KEYS: usize = 10_000;

/// The longest row key kept, in characters.
const MAX_KEY_CHARS: usize = 60;

/// The fewest month columns (`Jan-26`, `Feb-26`, …) that make a table a series laid out across.
const MONTH_COLUMNS: usize = 3;

/// The most distinct values counted in a type column (`Issue Type`, `Incident Type`).
const MAX_TYPE_VALUES: usize = 32;

/// Tracks, per column, how many cells hold dates, so only date-like columns count towards the table's
/// dates (a free-text column that happens to mention a date does not), each row's key (its first cell:
/// the record's number in most exports) and the values of a type column, if the table has one.
#[derive(Default)]
pub(super) struct DateColumns {
    columns: Vec<ColumnDates>,
    keys: Keys,
    /// The column holding each record's type (`Issue Type`, `Incident Type`, `Type`), if any.
    type_column: Option<usize>,
    types: Vec<(String, usize)>,
}

#[derive(Default, Clone)]
struct ColumnDates {
    cells: usize,
    dated: usize,
    dates: BTreeSet<Date>,
    /// The date observed last: an export dates row after row alike, and observing it again would
    /// change nothing (it is in `dates`, or was dropped as the earliest and would be again).
    last: Option<Date>,
}

/// How a date column's name says its dates are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DateRole {
    /// The date the recorded event happened (`Opened`, `Created`, `Date`, `Held on`).
    Event,
    /// A later date of the same record (`Resolved`, `Closed`, `Last reviewed`).
    Later,
    /// A date planned or promised (`Target`, `Due`, `Next review`): never makes a record fresh.
    Planned,
}

/// Words of a column name that mark a planned date.
const PLANNED: &[&str] = &[
    "target",
    "due",
    "next",
    "planned",
    "plan",
    "scheduled",
    "expiry",
    "expires",
    "expiration",
    "valid",
    "renewal",
    "deadline",
    "end",
    "until",
    "forecast",
    "estimated",
    "eta",
];

/// Words of a column name that mark the date of the event recorded.
const EVENT: &[&str] = &[
    "opened",
    "created",
    "logged",
    "raised",
    "reported",
    "submitted",
    "received",
    "occurred",
    "detected",
    "held",
    "date",
    "start",
    "started",
    "completed",
    "published",
    "enrolled",
    "issued",
    "recorded",
    "identified",
    "performed",
    "conducted",
    "tested",
    "attended",
    "registered",
    "when",
];

fn date_role(column: &str) -> DateRole {
    let name = normalise(column);
    let has = |word: &str| {
        if word.contains(' ') {
            name.contains(word)
        } else {
            name.split(' ').any(|w| w == word)
        }
    };
    if has("actual") {
        DateRole::Later
    } else if PLANNED.iter().any(|w| has(w)) {
        DateRole::Planned
    } else if EVENT.iter().any(|w| has(w)) {
        DateRole::Event
    } else {
        DateRole::Later
    }
}

/// A column name in lower case, with `_`, `-`, `/` and other punctuation as single spaces.
pub(crate) fn normalise(column: &str) -> String {
    let mut out = String::with_capacity(column.len());
    for c in column.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether a column holds each record's type.
fn is_type_column(column: &str) -> bool {
    matches!(
        normalise(column).as_str(),
        "issue type"
            | "incident type"
            | "type"
            | "ticket type"
            | "record type"
            | "request type"
            | "work item type"
            | "call type"
            | "sys class name"
            | "task type"
    )
}

impl DateColumns {
    /// Tracks a table with these column names (so that a type column is recognised).
    pub fn with_columns(columns: &[String]) -> DateColumns {
        DateColumns {
            // `Request Type` names the catalogue item in JSM; prefer a column naming the record's type.
            // Without one, a category column (`Category`: Hardware, Security, …) may still name processes:
            // security incidents in an incident export.
            type_column: columns
                .iter()
                .position(|c| is_type_column(c) && normalise(c) != "request type")
                .or_else(|| columns.iter().position(|c| is_type_column(c)))
                .or_else(|| columns.iter().position(|c| normalise(c) == "category")),
            ..DateColumns::default()
        }
    }

    pub fn observe(&mut self, column: usize, cell: &str, date: Option<Date>) {
        if column == 0 && self.keys.len() < MAX_KEYS {
            let key = cell.trim();
            let end = key
                .char_indices()
                .nth(MAX_KEY_CHARS)
                .map_or(key.len(), |(at, _)| at);
            self.keys.push(&key[..end]);
        }
        if self.type_column == Some(column) {
            let value = cell.trim();
            if !value.is_empty() && value.len() <= 60 {
                let room = self.types.len() < MAX_TYPE_VALUES;
                match self
                    .types
                    .iter_mut()
                    .find(|(v, _)| v.eq_ignore_ascii_case(value))
                {
                    Some((_, n)) => *n += 1,
                    None if room => self.types.push((value.to_string(), 1)),
                    None => {}
                }
            }
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
            if stats.last == Some(date) {
                return;
            }
            stats.last = Some(date);
            if stats.dates.len() < MAX_DATES_PER_COLUMN || stats.dates.last() < Some(&date) {
                stats.dates.insert(date);
                if stats.dates.len() > MAX_DATES_PER_COLUMN {
                    stats.dates.pop_first();
                }
            }
        }
    }

    /// The columns where at least half the non-empty cells are dates, with their index.
    fn date_like(&self) -> impl Iterator<Item = (usize, &ColumnDates)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.dated > 0 && c.dated * 2 >= c.cells)
    }

    /// A workbook's time axis laid out across: at least three columns headed by months in ascending order
    /// (`Jan-26`, `Feb-26`, …), each with its index and month, keeping only months whose column holds a
    /// value (a reading taken). None unless every month heading is in order.
    fn month_columns(&self, columns: &[String]) -> Option<Vec<(usize, Date)>> {
        let headed: Vec<(usize, Date)> = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| super::super::dates::month_heading(c).map(|d| (i, d)))
            .collect();
        if headed.len() < MONTH_COLUMNS || headed.windows(2).any(|w| w[0].1 >= w[1].1) {
            return None;
        }
        let filled: Vec<(usize, Date)> = headed
            .into_iter()
            .filter(|(i, _)| self.columns.get(*i).is_some_and(|c| c.cells > 0))
            .collect();
        (!filled.is_empty()).then_some(filled)
    }

    /// The table's description: its dates (distinct, sorted), row keys and record series. The event
    /// column is the left-most date-like column named like an event (`Opened`, `Created`, `Date`), else
    /// the left-most one that is not a planned date. The table's latest date and dates are those of its
    /// event column where there is one; planned dates (`Target`, `Due`, `Next review`) never count.
    pub fn table(self, name: Option<String>, columns: Vec<String>, rows: usize) -> TableInfo {
        let role = |i: usize| columns.get(i).map_or(DateRole::Later, |c| date_role(c));
        let event = self
            .date_like()
            .filter(|(i, _)| role(*i) != DateRole::Planned)
            .min_by_key(|(i, _)| (role(*i), *i))
            .map(|(i, c)| (i, c.dates.iter().copied().collect::<Vec<Date>>()));
        let (latest_date, dates, series) = match event {
            Some((i, dates)) => {
                let mut months: Vec<String> = dates
                    .iter()
                    .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
                    .collect();
                months.dedup();
                let series = RecordSeries {
                    process: None,
                    event_column: columns.get(i).cloned().unwrap_or_default(),
                    rows,
                    first: dates.first().copied(),
                    last: dates.last().copied(),
                    months,
                    process_signal: None,
                    also: Vec::new(),
                };
                (dates.last().copied(), dates, Some(series))
            }
            None => match self.month_columns(&columns) {
                Some(months) => {
                    let series = RecordSeries {
                        process: None,
                        event_column: format!(
                            "{} to {} (a column per month)",
                            columns[months[0].0],
                            columns[months[months.len() - 1].0]
                        ),
                        rows,
                        first: months.first().map(|m| m.1),
                        last: months.last().map(|m| m.1),
                        months: months
                            .iter()
                            .map(|(_, d)| format!("{:04}-{:02}", d.year(), d.month()))
                            .collect(),
                        process_signal: None,
                        also: Vec::new(),
                    };
                    let dates: Vec<Date> = months.iter().map(|m| m.1).collect();
                    (dates.last().copied(), dates, Some(series))
                }
                None => (None, Vec::new(), None),
            },
        };
        let mut types = self.types;
        let mut keys = self.keys;
        keys.shrink_to_fit();
        types.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        TableInfo {
            name,
            columns,
            rows,
            latest_date,
            series,
            dates,
            keys,
            types,
        }
    }
}

/// A table cell's date: any form [`parse_date`] reads, and the timestamps ticketing tools export
/// (`01/08/2026 10:25:58`, `02/Dec/25 3:03 PM`, `24-Jan-2022`).
pub(super) fn cell_date(cell: &str) -> Option<Date> {
    let cell = cell.trim();
    if cell.is_empty() || cell.len() > 40 || !cell.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Some(date) = parse_date(cell) {
        return Some(date);
    }
    let (day_part, rest) = cell.split_once(' ').unwrap_or((cell, ""));
    let rest = rest.trim();
    let time_like = rest.is_empty()
        || (rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.contains(':')
            && rest.len() <= 14);
    if !time_like {
        return None;
    }
    if !rest.is_empty()
        && let Some(date) = parse_date(day_part)
    {
        return Some(date);
    }
    month_named(day_part)
}

/// `02/Dec/25`, `24-Jan-2022`, `7-Apr-26` (day, month name, two- or four-digit year).
fn month_named(text: &str) -> Option<Date> {
    let mut parts = text.split(['/', '-']);
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !(1..=2).contains(&day.len()) || month.len() != 3 {
        return None;
    }
    let month = 1 + [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| m.eq_ignore_ascii_case(month))?;
    let day: i8 = day.parse().ok()?;
    let year: i16 = match year.len() {
        2 => 2000 + year.parse::<i16>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    Date::new(year, i8::try_from(month).ok()?, day).ok()
}

/// A CSV text's table (for tests of what reads tables).
#[cfg(test)]
pub(crate) fn csv_table(csv: &str) -> TableInfo {
    read_csv(csv.as_bytes(), b',').tables.remove(0)
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
        Ok(headers) => headers
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        Err(err) => {
            notes.push(format!("malformed CSV header: {err}"));
            Vec::new()
        }
    };
    let mut dates = DateColumns::with_columns(&columns);
    let mut rows = 0;
    for record in reader.records() {
        match record {
            Ok(record) => {
                rows += 1;
                for (column, cell) in record.iter().enumerate() {
                    dates.observe(column, cell, cell_date(cell));
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

/// The most tables read from one document's text.
const MAX_TEXT_TABLES: usize = 64;

/// Tables written as `| a | b |` lines in a document's text (Markdown tables, and Word and OpenDocument
/// tables, which the extractor writes that way). Markdown separator rows (`|---|---|`) are skipped; a
/// table ends at the first line that is not a table row. Tables with fewer than two columns or no data
/// rows, revision histories and tables without an event-date column are left out. Linear in the text.
pub(crate) fn text_tables(text: &str) -> Vec<TableInfo> {
    let mut tables = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut current: Option<(Vec<String>, DateColumns, usize)> = None;
    let mut fence = false;
    // A table is named after the heading above it (Markdown), else by its place (`table 2`).
    let mut heading: Option<String> = None;
    let mut seen = 0;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        if !fence && trimmed.starts_with('#') {
            let title = trimmed.trim_start_matches('#').trim();
            heading = (!title.is_empty()).then(|| title.chars().take(80).collect());
        }
        let row = (!fence && trimmed.starts_with('|') && trimmed.len() > 1).then(|| {
            let inner = trimmed.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            inner.split('|').map(str::trim).collect::<Vec<&str>>()
        });
        match (row, current.as_mut()) {
            (Some(cells), _) if cells.iter().all(|c| is_separator(c)) => {}
            (Some(cells), Some((_, dates, rows))) => {
                *rows += 1;
                for (column, cell) in cells.iter().enumerate() {
                    dates.observe(column, cell, cell_date(cell));
                }
            }
            (Some(cells), None) => {
                if tables.len() >= MAX_TEXT_TABLES {
                    break;
                }
                let columns: Vec<String> = cells.iter().map(|c| strip_emphasis(c)).collect();
                let dates = DateColumns::with_columns(&columns);
                seen += 1;
                names.push(heading.take().unwrap_or_else(|| format!("table {seen}")));
                current = Some((columns, dates, 0));
            }
            (None, _) => {
                if let Some((columns, dates, rows)) = current.take() {
                    push_text_table(&mut tables, names.pop(), columns, dates, rows);
                }
            }
        }
    }
    if let Some((columns, dates, rows)) = current.take() {
        push_text_table(&mut tables, names.pop(), columns, dates, rows);
    }
    tables
}

fn push_text_table(
    tables: &mut Vec<TableInfo>,
    name: Option<String>,
    columns: Vec<String>,
    dates: DateColumns,
    rows: usize,
) {
    if rows > 0
        && columns.iter().filter(|c| !c.is_empty()).count() >= 2
        && !is_document_control(&columns, rows)
    {
        let table = dates.table(name, columns, rows);
        // Inside a document, only a table dated by an event column (`Date`, `Opened`, `Held on`) is a
        // series of records; a `Last checked` column in a list of documents is not.
        if table
            .series
            .as_ref()
            .is_some_and(|s| date_role(&s.event_column) == DateRole::Event)
        {
            tables.push(table);
        }
    }
}

/// Whether a table is a document's own control, not a series of records: its revision history (`Version |
/// Date | Author | Summary of change`), or its control table laid out across (`Reference | Version | Status
/// | Owner | Approved by | Approval date`) in one or two rows, whose approval is the document's.
fn is_document_control(columns: &[String], rows: usize) -> bool {
    let names: Vec<String> = columns.iter().map(|c| normalise(c)).collect();
    let has = |words: &[&str]| {
        names
            .iter()
            .any(|n| n.split(' ').any(|w| words.contains(&w)))
    };
    has(&["version", "revision", "rev", "issue"])
        && (has(&[
            "change",
            "changes",
            "summary",
            "description",
            "comment",
            "comments",
            "amendment",
            "reason",
            "author",
        ]) || (rows <= 2 && has(&["approved", "approval", "approver", "owner", "status"])))
}

fn is_separator(cell: &str) -> bool {
    !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' '))
}

/// `**Date**` → `Date`.
fn strip_emphasis(cell: &str) -> String {
    cell.trim_matches(|c| c == '*' || c == '_')
        .trim()
        .to_string()
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
    fn months_laid_out_across_are_a_series_of_the_months_filled_in() {
        let csv = "Metric,Amber threshold,Jan-26,Feb-26,Mar-26,Apr-26\n\
                   SAN used (%),80,71,72,74,\nWAN peak (%),70,62,57,61,\n";
        let table = &read_csv(csv.as_bytes(), b',').tables[0];
        let series = table.series.as_ref().expect("a series");
        assert_eq!(series.months, ["2026-01", "2026-02", "2026-03"]);
        assert_eq!(series.event_column, "Jan-26 to Mar-26 (a column per month)");
        assert_eq!(series.rows, 2);
        assert_eq!(table.latest_date, Some(date(2026, 3, 1)));
        // Months out of order, or too few, are no time axis.
        for columns in ["Metric,Mar-26,Jan-26,Feb-26", "Metric,Jan-26,Feb-26,Owner"] {
            let csv = format!("{columns}\nSAN,1,2,3\n");
            assert_eq!(
                read_csv(csv.as_bytes(), b',').tables[0].series,
                None,
                "{columns}"
            );
        }
    }

    #[test]
    fn tab_separated() {
        let doc = read_csv(b"a\tb\n1\t2026-01-02\n", b'\t');
        assert_eq!(doc.tables[0].columns, ["a", "b"]);
        assert_eq!(doc.tables[0].latest_date, Some(date(2026, 1, 2)));
    }

    #[test]
    fn ticketing_timestamps() {
        assert_eq!(cell_date("01/08/2026 10:25:58"), Some(date(2026, 8, 1)));
        assert_eq!(cell_date("02/Dec/25 3:03 PM"), Some(date(2025, 12, 2)));
        assert_eq!(cell_date("24-Jan-2022"), Some(date(2022, 1, 24)));
        assert_eq!(cell_date("2026-11-19T11:01:25Z"), Some(date(2026, 11, 19)));
        assert_eq!(cell_date("12 widgets"), None);
        assert_eq!(cell_date("3 - Moderate"), None);
        assert_eq!(cell_date("31/Feb/26 1:00 PM"), None);
    }

    #[test]
    fn event_planned_and_later_columns() {
        for (column, role) in [
            ("Opened", DateRole::Event),
            ("Created Date Time", DateRole::Event),
            ("Date", DateRole::Event),
            ("Held on", DateRole::Event),
            ("created_at", DateRole::Event),
            ("Resolved", DateRole::Later),
            ("Actual End", DateRole::Later),
            ("Last reviewed", DateRole::Later),
            ("Target date", DateRole::Planned),
            ("Due", DateRole::Planned),
            ("Next review", DateRole::Planned),
            ("Planned start date", DateRole::Planned),
            ("Scheduled Start", DateRole::Planned),
        ] {
            assert_eq!(date_role(column), role, "{column}");
        }
    }

    #[test]
    fn tables_inside_documents() {
        let text = "# Minutes\n\n## Actions\n\n| Action | Raised | Due |\n|---|---|---|\n\
                    | Renew SLA | 2026-01-05 | 2027-01-31 |\n| **Fix backups** | 2026-02-07 | 2027-02-28 |\n\n\
                    | Version | Date | Author | Change |\n|---|---|---|---|\n| 1.0 | 2026-01-01 | AS | First |\n\n\
                    | Document | Last checked |\n|---|---|\n| Guide | 2026-03-01 |\n\n\
                    | Reference | Version | Owner | Approved by | Approval date |\n|---|---|---|---|---|\n\
                    | BCP-01 | 2026 | Head of Risk | ExCo | 2026-04-15 |\n\n\
                    ```\n| Date | What |\n| 2026-05-05 | code |\n```\n";
        let tables = text_tables(text);
        // The revision history, the document's own control table, the list of documents and the table in
        // a code block are not series.
        assert_eq!(tables.len(), 1, "{tables:?}");
        let table = &tables[0];
        assert_eq!(table.name.as_deref(), Some("Actions"));
        assert_eq!(table.rows, 2);
        let series = table.series.as_ref().unwrap();
        assert_eq!(series.event_column, "Raised");
        assert_eq!(series.months, ["2026-01", "2026-02"]);
        assert_eq!(table.latest_date, Some(date(2026, 2, 7)));
    }
}
