//! The management workbook (.xlsx): every view of one assessment as sheets, with editable assessor
//! columns that `iso20k import` reads back.
//!
//! The layout of the Requirements sheet and the keys of the About sheet are a contract with
//! [`crate::assess::import`]: change them only together, and bump [`FORMAT`].

use crate::assess::{Assessment, Band, EvidenceRef, RequirementResult, Status};
use crate::evidence::EvidenceIndex;
use crate::views::capability::{Profile, Rating};
use crate::views::checklist::{ItemCheck, Stage1, Stage2};
use crate::views::plan::Plan;
use jiff::ToSpan;
use jiff::civil::Date;
use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatFormula, ConditionalFormatText,
    ConditionalFormatTextRule, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Table, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

/// The workbook layout's version, recorded on the About sheet.
pub const FORMAT: u32 = 1;

/// The sheet the assessor edits.
pub const REQUIREMENTS_SHEET: &str = "Requirements";
/// The sheet that says what produced the workbook.
pub const ABOUT_SHEET: &str = "About";

/// The Requirements sheet's columns, in order.
pub const REQUIREMENT_COLUMNS: [&str; 14] = [
    "ID",
    "Clause",
    "Title",
    "Kind",
    "Mandatory",
    "Status",
    "Automatic status",
    "Score",
    "Evidence",
    "Reasons",
    "Assessor status",
    "Assessor note",
    "Owner",
    "Target date",
];

/// The Requirements sheet's column widths in characters, chosen so the sheet prints one landscape A4
/// page wide at 70 % or more: long text wraps, and rows are as tall as it needs.
const REQUIREMENT_WIDTHS: [f64; 14] = [
    22.0, 8.0, 19.0, 9.0, 10.0, 11.0, 10.0, 6.0, 21.0, 30.0, 10.0, 12.0, 10.0, 11.0,
];

/// The first of the assessor's columns (Assessor status); the rest follow in order.
pub const ASSESSOR_COLUMN: u16 = 10;

/// The About sheet's keys (column A), with their values in column B.
pub mod about {
    pub const FORMAT: &str = "Workbook format";
    pub const STANDARD: &str = "Standard";
    pub const EDITION: &str = "Edition";
    pub const VERSION: &str = "Catalogue version";
    pub const ORGANISATION: &str = "Organisation";
    /// The evidence folder the workbook was made from (its full path), so `iso20k import` can refuse a
    /// workbook made from another folder.
    pub const EVIDENCE_FOLDER: &str = "Evidence folder";
    pub const AS_OF: &str = "As of";
    pub const PRODUCED_BY: &str = "Produced by";
}

/// Everything the workbook presents. The checklists and the plan are optional so that a caller with
/// only an assessment still gets the core sheets.
pub struct WorkbookInput<'a> {
    pub assessment: &'a Assessment,
    pub index: &'a EvidenceIndex,
    pub stage1: Option<&'a Stage1>,
    pub stage2: Option<&'a Stage2>,
    pub plan: Option<&'a Plan>,
    /// The process capability profile (a Capability sheet), when the catalogue has capability rules.
    pub capability: Option<&'a Profile>,
    /// The evidence folder's full path, recorded on the About sheet.
    pub evidence_folder: Option<String>,
}

/// Excel's limit on the text of one cell.
const MAX_CELL: usize = 32_767;

struct Formats {
    title: Format,
    bold: Format,
    bold_wrap: Format,
    header: Format,
    wrap: Format,
    /// Numbers, aligned with the first line of the wrapped text beside them.
    top: Format,
    date: Format,
    pct: Format,
    green: Format,
    amber: Format,
    red: Format,
    bar: Format,
    critical: Format,
    week: Format,
}

impl Formats {
    fn new() -> Formats {
        let fill = |rgb: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(Color::RGB(font))
        };
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            bold_wrap: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x1F3864))
                .set_font_color(Color::White)
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top),
            pct: Format::new().set_num_format("0.0"),
            green: fill(0xDAF5E0, 0x1A7F37),
            amber: fill(0xFFF1C2, 0x7D5700),
            red: fill(0xFFDCDC, 0xB3261E),
            bar: Format::new().set_background_color(Color::RGB(0x4472C4)),
            critical: Format::new().set_background_color(Color::RGB(0xC0392B)),
            week: Format::new()
                .set_num_format("dd mmm")
                .set_rotation(90)
                .set_bold()
                .set_align(FormatAlign::Center),
        }
    }
}

/// A cell value.
enum Cell {
    Text(String),
    Number(f64),
    Date(Option<Date>),
    Empty,
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn opt(value: &Option<String>) -> Cell {
    value.as_ref().map_or(Cell::Empty, |v| text(v.clone()))
}

fn yes_no(value: bool) -> Cell {
    text(if value { "yes" } else { "no" })
}

/// The workbook as bytes: the same input gives the same bytes (the document's dates are the as-of date).
pub fn workbook(input: &WorkbookInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let a = input.assessment;
    let formats = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        a.as_of.year().clamp(1900, 9999) as u16,
        a.as_of.month() as u8,
        a.as_of.day() as u8,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "ISO/IEC 20000-1 management workbook: {}",
                a.organisation.as_deref().unwrap_or("unnamed organisation")
            ))
            .set_author(format!("iso20k {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );

    summary(book.add_worksheet(), a, &formats)?;
    requirements(book.add_worksheet(), a, &formats)?;
    gaps(book.add_worksheet(), a, &formats)?;
    evidence(book.add_worksheet(), input, &formats)?;
    if let Some(stage1) = input.stage1 {
        stage1_sheet(book.add_worksheet(), stage1, &formats)?;
    }
    if let Some(stage2) = input.stage2 {
        stage2_sheet(book.add_worksheet(), stage2, &formats)?;
    }
    if let Some(plan) = input.plan {
        plan_sheet(book.add_worksheet(), plan, &formats)?;
    }
    if let Some(profile) = input.capability {
        capability_sheet(book.add_worksheet(), profile, &formats)?;
    }
    about_sheet(
        book.add_worksheet(),
        a,
        input.evidence_folder.as_deref(),
        &formats,
    )?;
    book.save_to_buffer()
}

/// A column of a grid: its header and its width in characters (Excel's unit: the width of a digit).
type Column<'a> = (&'a str, f64);

/// Writes `rows` under a header row at `first`, as an Excel table when `table` names one (filters, banded
/// rows), else with an autofilter; freezes the header; sets the columns' widths, every row's height from
/// its wrapped text, and the sheet's print layout. Returns the last row.
fn grid(
    sheet: &mut Worksheet,
    first: u32,
    columns: &[Column<'_>],
    rows: &[Vec<Cell>],
    table: Option<&str>,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let last_col = columns.len() as u16 - 1;
    for (c, (header, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(first, c as u16, *header, &formats.header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    let widths: Vec<f64> = columns.iter().map(|(_, width)| *width).collect();
    let header_lines = columns
        .iter()
        .map(|(header, width)| wrapped_lines(header, *width))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(first, row_height(header_lines))?;
    for (r, row) in rows.iter().enumerate() {
        let at = first + 1 + r as u32;
        let mut lines = 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(value) => {
                    let value: String = value.chars().take(MAX_CELL).collect();
                    if let Some(width) = widths.get(usize::from(c)) {
                        lines = lines.max(wrapped_lines(&value, *width));
                    }
                    sheet.write_string_with_format(at, c, value, &formats.wrap)?;
                }
                Cell::Number(value) => {
                    sheet.write_number_with_format(at, c, *value, &formats.top)?;
                }
                Cell::Date(Some(date)) => {
                    sheet.write_datetime_with_format(at, c, excel_date(*date)?, &formats.date)?;
                }
                Cell::Date(None) | Cell::Empty => {}
            }
        }
        sheet.set_row_height(at, row_height(lines))?;
    }
    let last_row = first + rows.len().max(1) as u32;
    match table {
        Some(name) => {
            let columns: Vec<TableColumn> = columns
                .iter()
                .map(|(h, _)| {
                    TableColumn::new()
                        .set_header(*h)
                        .set_header_format(&formats.header)
                })
                .collect();
            let table = Table::new()
                .set_name(name)
                .set_columns(&columns)
                .set_style(TableStyle::Medium2);
            sheet.add_table(first, 0, last_row, last_col, &table)?;
        }
        None => {
            sheet.autofilter(first, 0, last_row, last_col)?;
        }
    }
    sheet.set_freeze_panes(first + 1, 0)?;
    print_layout(sheet, &widths, 0)?;
    sheet.set_print_area(0, 0, last_row, last_col)?;
    sheet.set_repeat_rows(first, first)?;
    Ok(last_row)
}

/// The printable width of a landscape A4 page between [`MARGIN_SIDE`] margins, in pixels at 96 per inch
/// (the unit Excel and LibreOffice size columns in).
const PRINTABLE_PX: f64 = (11.69 - 2.0 * MARGIN_SIDE) * 96.0;
/// The left and right page margins, in inches.
const MARGIN_SIDE: f64 = 0.3;
/// The share of the printable width iso20k fills: spreadsheet programs round widths and fonts differ a
/// little, and a sliver of a last column would print alone on a page of its own.
const PRINT_SLACK: f64 = 0.95;
/// The smallest print scale iso20k chooses: below it a page is hard to read.
pub const MIN_PRINT_SCALE: u16 = 70;

/// A column's width in pixels, as Excel and LibreOffice draw it (Calibri 11: 7 pixels a character, plus
/// 5 of padding).
pub fn column_px(width: f64) -> f64 {
    (width * 7.0 + 5.0).trunc()
}

/// The print scale at which columns `widths` fit one landscape A4 page wide: at most 100, and never below
/// [`MIN_PRINT_SCALE`] (a sheet wider than that flows onto further pages, its first columns repeated).
pub fn print_scale(widths: &[f64]) -> u16 {
    let total: f64 = widths.iter().map(|w| column_px(*w)).sum();
    let fits = (PRINTABLE_PX * PRINT_SLACK * 100.0 / total.max(1.0)).floor() as u16;
    fits.clamp(MIN_PRINT_SCALE, 100)
}

/// Landscape A4 at the scale that fits `widths` one page wide, narrow side margins, and a footer with the
/// sheet's name and page numbers; the first `repeat` columns repeat on every page when the sheet is wider
/// than one.
fn print_layout(sheet: &mut Worksheet, widths: &[f64], repeat: u16) -> Result<(), XlsxError> {
    let scale = print_scale(widths);
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_scale(scale)
        .set_margins(MARGIN_SIDE, MARGIN_SIDE, 0.5, 0.6, 0.3, 0.3)
        .set_footer("&L&A&RPage &P of &N");
    let total: f64 = widths.iter().map(|w| column_px(*w)).sum();
    if repeat > 0 && total * f64::from(scale) / 100.0 > PRINTABLE_PX * PRINT_SLACK {
        sheet.set_repeat_columns(0, repeat - 1)?;
        sheet.set_page_order(true);
    }
    Ok(())
}

/// How many lines `text` takes in a wrapped cell `width` characters wide: its own lines, each wrapped at
/// spaces, hyphens and slashes. Proportional text averages about 0.85 of a digit's width a character
/// (Calibri and its metric twin Carlito); the cell's padding takes one, and the estimate errs on the side
/// of a line too many rather than too few.
pub fn wrapped_lines(text: &str, width: f64) -> u32 {
    let fits = ((width - 1.0) * 1.1).floor().max(1.0) as usize;
    text.split('\n')
        .map(|line| {
            let mut lines = 1u32;
            let mut used = 0usize;
            for word in line.split_inclusive([' ', '-', '/']) {
                let len = word.trim_end_matches(' ').chars().count();
                if used > 0 && used + len > fits {
                    lines += 1;
                    used = 0;
                }
                // A word longer than the line breaks wherever it reaches the edge.
                let mut len = word.chars().count();
                while used + len > fits && used == 0 && len > fits {
                    lines += 1;
                    len -= fits;
                }
                used += len;
            }
            lines
        })
        .sum::<u32>()
        .max(1)
}

/// The height in points of a row of `lines` lines of 11-point text, 14.3 points a line and a little
/// room (one line is Excel's default 15; the largest row Excel allows is 409).
pub fn row_height(lines: u32) -> f64 {
    (f64::from(lines) * 14.3 + 1.0).round().clamp(15.0, 409.0)
}

/// Writes `value` across columns `first..=last` of row `row`, wrapped, with the row as tall as it needs.
fn note(
    sheet: &mut Worksheet,
    row: u32,
    (first, last): (u16, u16),
    widths: &[f64],
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let width: f64 = widths
        .get(usize::from(first)..=usize::from(last))
        .map_or(60.0, |w| w.iter().sum());
    if last > first {
        sheet.merge_range(row, first, row, last, value, format)?;
    } else {
        sheet.write_string_with_format(row, first, value, format)?;
    }
    sheet.set_row_height(row, row_height(wrapped_lines(value, width)))?;
    Ok(())
}

fn excel_date(date: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        date.year().clamp(1900, 9999) as u16,
        date.month() as u8,
        date.day() as u8,
    )
}

/// Colours a status column: conformant green, partial amber, gap red.
fn status_colours(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    column: u16,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (status, format) in [
        ("conformant", &formats.green),
        ("partial", &formats.amber),
        ("gap", &formats.red),
    ] {
        sheet.add_conditional_format(
            first,
            column,
            last,
            column,
            &ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(status.to_string()))
                .set_format(format),
        )?;
    }
    Ok(())
}

/// The width of the Summary's chart, in pixels.
const CHART_PX: f64 = 640.0;

/// The Summary sheet's columns: keys, values, scores, statuses.
const SUMMARY_WIDTHS: [f64; 4] = [34.0, 60.0, 10.0, 12.0];

fn summary(sheet: &mut Worksheet, a: &Assessment, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.write_string_with_format(0, 0, "ISO/IEC 20000-1 gap analysis", &f.title)?;
    let rows: [(&str, Cell); 12] = [
        ("Organisation", opt(&a.organisation)),
        ("Scope", opt(&a.scope)),
        (
            "Catalogue",
            text(format!("{}:{}", a.catalogue.standard, a.catalogue.edition)),
        ),
        ("Catalogue version", text(a.catalogue.version.clone())),
        ("As of", Cell::Date(Some(a.as_of))),
        ("Overall score (0–100)", Cell::Number(a.summary.score)),
        ("Requirements", Cell::Number(a.summary.requirements as f64)),
        ("Conformant", Cell::Number(a.summary.conformant as f64)),
        ("Partial", Cell::Number(a.summary.partial as f64)),
        ("Gap", Cell::Number(a.summary.gap as f64)),
        (
            "Assessor judgements",
            Cell::Number(a.summary.overridden as f64),
        ),
        (
            "Evidence files",
            Cell::Number(a.summary.evidence_files as f64),
        ),
    ];
    for (i, (key, value)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        sheet.write_string_with_format(r, 0, *key, &f.bold_wrap)?;
        match value {
            Cell::Text(v) => {
                sheet.write_string_with_format(r, 1, v, &f.wrap)?;
                sheet.set_row_height(r, row_height(wrapped_lines(v, SUMMARY_WIDTHS[1])))?;
            }
            Cell::Number(v) => {
                sheet.write_number(r, 1, *v)?;
            }
            Cell::Date(Some(d)) => {
                sheet.write_datetime_with_format(r, 1, excel_date(*d)?, &f.date)?;
            }
            _ => {}
        }
    }
    // Mandatory documented information that is missing, lapsed or incomplete.
    let mut r = 2 + rows.len() as u32 + 1;
    sheet.write_string_with_format(r, 0, "Mandatory documented information", &f.bold)?;
    let m = &a.mandatory;
    for (label, ids) in [
        ("Missing", &m.missing),
        ("Review or freshness lapsed", &m.expired),
        ("Incomplete or draft", &m.incomplete),
    ] {
        r += 1;
        let label = format!("{label} ({})", ids.len());
        // Comma-separated and wrapped: one id a line makes a row taller than a page for a new SMS.
        let ids = ids.join(", ");
        sheet.write_string_with_format(r, 0, label, &f.wrap)?;
        sheet.write_string_with_format(r, 1, &ids, &f.wrap)?;
        sheet.set_row_height(r, row_height(wrapped_lines(&ids, SUMMARY_WIDTHS[1])))?;
    }
    sheet.write_string(
        r + 1,
        0,
        format!("Present: {} of {}", m.present.len(), m.total),
    )?;

    // Clause scores with a chart of the top-level clauses.
    let top = r + 3;
    sheet.write_string_with_format(top, 0, "Clause", &f.header)?;
    sheet.write_string_with_format(top, 1, "Title", &f.header)?;
    sheet.write_string_with_format(top, 2, "Score", &f.header)?;
    sheet.write_string_with_format(top, 3, "Status", &f.header)?;
    let clauses: Vec<_> = a.clauses.iter().filter(|c| c.depth == 1).collect();
    for (i, clause) in clauses.iter().enumerate() {
        let row = top + 1 + i as u32;
        sheet.write_string(row, 0, clause.clause.to_string())?;
        sheet.write_string(row, 1, &clause.title)?;
        sheet.write_number_with_format(row, 2, clause.score, &f.pct)?;
        sheet.write_string(row, 3, clause.status.name())?;
    }
    if !clauses.is_empty() {
        let last = top + clauses.len() as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name("Score")
            .set_categories(("Summary", top + 1, 1, last, 1))
            .set_values(("Summary", top + 1, 2, last, 2));
        chart.title().set_name("Score by clause (0–100)");
        chart.x_axis().set_min(0.0).set_max(100.0);
        chart.legend().set_hidden();
        chart.set_width(CHART_PX as u32).set_height(260);
        // Below the clause table, within the width of the first two columns: the page is as wide as the
        // table.
        sheet.insert_chart(last + 2, 0, &chart)?;
    }
    for (c, width) in SUMMARY_WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    print_layout(sheet, &SUMMARY_WIDTHS, 0)?;
    Ok(())
}

/// The cited files, one a line: accepted evidence first, then, under "Suggested — confirm:", the files
/// found only by a title naming the clause's subject.
fn evidence_paths(evidence: &[EvidenceRef]) -> String {
    let mut lines = paths_in(evidence, Band::Accepted);
    let suggested = paths_in(evidence, Band::Suggested);
    if !suggested.is_empty() {
        lines.push(SUGGESTED.to_string());
        lines.extend(suggested);
    }
    lines.join("\n")
}

/// The heading of suggested evidence in a cell.
const SUGGESTED: &str = "Suggested — confirm:";

/// The paths of the citations in `band`, in order (a file cited as document and record twice).
fn paths_in(evidence: &[EvidenceRef], band: Band) -> Vec<String> {
    evidence
        .iter()
        .filter(|e| e.band == band)
        .map(|e| e.path.to_string())
        .collect()
}

fn reasons(r: &RequirementResult) -> String {
    r.reasons
        .iter()
        .map(|reason| format!("[{}] {}", reason.rule, reason.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn requirements(sheet: &mut Worksheet, a: &Assessment, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(REQUIREMENTS_SHEET)?;
    let rows: Vec<Vec<Cell>> = a
        .requirements
        .iter()
        .map(|r| {
            let judged = r.override_.as_ref();
            vec![
                text(r.id.clone()),
                text(r.clause.to_string()),
                text(r.title.clone()),
                text(r.kind.name()),
                yes_no(r.mandatory_document),
                text(r.status.name()),
                text(r.automatic_status.name()),
                Cell::Number(r.score),
                text(evidence_paths(&r.evidence)),
                text(reasons(r)),
                judged.map_or(Cell::Empty, |o| text(o.status.name())),
                judged.map_or(Cell::Empty, |o| opt(&o.note)),
                judged.map_or(Cell::Empty, |o| opt(&o.owner)),
                Cell::Date(judged.and_then(|o| o.target_date)),
            ]
        })
        .collect();
    let columns: Vec<Column<'_>> = REQUIREMENT_COLUMNS
        .iter()
        .zip(REQUIREMENT_WIDTHS)
        .map(|(header, width)| (*header, width))
        .collect();
    let last = grid(sheet, 0, &columns, &rows, Some("Requirements"), f)?;
    status_colours(sheet, (1, last), 5, f)?;
    status_colours(sheet, (1, last), ASSESSOR_COLUMN, f)?;
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
    sheet.add_data_validation(
        1,
        ASSESSOR_COLUMN,
        last,
        ASSESSOR_COLUMN,
        &DataValidation::new()
            .allow_list_strings(&names)?
            .set_input_message("Your status overrides the automatic one")?
            .set_error_message("Choose conformant, partial or gap, or leave the cell empty")?,
    )?;
    Ok(())
}

fn gaps(sheet: &mut Worksheet, a: &Assessment, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Gaps")?;
    let rows: Vec<Vec<Cell>> = super::assessment::worst_first(a)
        .into_iter()
        .map(|r| {
            vec![
                text(r.id.clone()),
                text(r.clause.to_string()),
                text(r.title.clone()),
                text(r.status.name()),
                yes_no(r.mandatory_document),
                Cell::Number(f64::from(r.weight)),
                Cell::Number(f64::from(r.phase)),
                text(reasons(r)),
                text(paths_in(&r.evidence, Band::Accepted).join("\n")),
                text(paths_in(&r.evidence, Band::Suggested).join("\n")),
            ]
        })
        .collect();
    let columns = [
        ("ID", 24.0),
        ("Clause", 8.0),
        ("Title", 24.0),
        ("Status", 11.0),
        ("Mandatory", 10.0),
        ("Weight", 8.0),
        ("Phase", 7.0),
        ("Reasons", 42.0),
        ("Evidence", 28.0),
        ("Suggested — confirm", 22.0),
    ];
    let last = grid(sheet, 0, &columns, &rows, Some("Gaps"), f)?;
    status_colours(sheet, (1, last), 3, f)?;
    Ok(())
}

/// The Capability sheet's widths: process id, name, level, target, one narrow column per attribute, and
/// the reading of the first attribute short of fully achieved. Prints one landscape A4 page wide at about
/// 84 %.
const CAPABILITY_WIDTHS: [f64; 5] = [17.0, 24.0, 6.0, 7.0, 40.0];
/// The extra room the Capability sheet is fitted with when printed (see [`capability_sheet`]).
const CAPABILITY_PRINT_ROOM: f64 = 1.08;
/// The width of an attribute's rating column.
const RATING_WIDTH: f64 = 6.5;

/// One row per process area: its capability level, target, every attribute's N/P/L/F rating, and what
/// holds it back (the first attribute not fully achieved, with its signals and a file).
fn capability_sheet(sheet: &mut Worksheet, p: &Profile, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Capability")?;
    let mut columns: Vec<Column<'_>> = vec![
        ("Process", CAPABILITY_WIDTHS[0]),
        ("Name", CAPABILITY_WIDTHS[1]),
        ("Level", CAPABILITY_WIDTHS[2]),
        ("Target", CAPABILITY_WIDTHS[3]),
    ];
    columns.extend(p.attributes.iter().map(|a| (a.id.as_str(), RATING_WIDTH)));
    columns.push(("Held back by", CAPABILITY_WIDTHS[4]));
    let rows: Vec<Vec<Cell>> = p
        .processes
        .iter()
        .map(|process| {
            let mut row = vec![
                text(process.process.clone()),
                text(process.name.clone()),
                Cell::Number(f64::from(process.level)),
                process
                    .target
                    .map_or(Cell::Empty, |t| Cell::Number(f64::from(t))),
            ];
            row.extend(process.attributes.iter().map(|a| text(a.rating.letter())));
            row.push(text(held_back(process)));
            row
        })
        .collect();
    let last = grid(sheet, 0, &columns, &rows, Some("Capability"), f)?;
    // LibreOffice draws columns about 5 % wider than Excel's pixel rule, which eats all of the print
    // slack: a sheet this narrow would otherwise push its last column onto pages of its own. Fit it with
    // a little more room (still well above the 70 % floor).
    let widths: Vec<f64> = columns
        .iter()
        .map(|(_, w)| w * CAPABILITY_PRINT_ROOM)
        .collect();
    sheet.set_print_scale(print_scale(&widths));
    let (first_rating, last_rating) = (4, 3 + p.attributes.len() as u16);
    for (letter, format) in [("F", &f.green), ("P", &f.amber), ("N", &f.red)] {
        sheet.add_conditional_format(
            1,
            first_rating,
            last,
            last_rating,
            &ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(letter.to_string()))
                .set_format(format),
        )?;
    }
    Ok(())
}

/// The first attribute of a process not fully achieved, with each of its signals and a file behind it.
fn held_back(process: &crate::views::capability::ProcessCapability) -> String {
    let Some(weak) = process.attributes.iter().find(|a| a.rating != Rating::F) else {
        return "every attribute fully achieved".to_string();
    };
    let signals: Vec<String> = weak
        .signals
        .iter()
        .filter(|s| s.achievement.is_some_and(|a| a < 100.0))
        .map(|s| {
            let file = s
                .items
                .iter()
                .find(|i| i.credit < 1.0 && i.path.is_some())
                .or(s.items.iter().find(|i| i.path.is_some()))
                .and_then(|i| i.path.as_deref().map(|p| format!(" ({p})")))
                .unwrap_or_default();
            format!("{} {}%{file}", s.signal, s.achievement.unwrap_or_default())
        })
        .collect();
    format!(
        "{} {} {}%: {}",
        weak.id,
        weak.rating.letter(),
        weak.achievement,
        signals.join("; ")
    )
}

fn evidence(
    sheet: &mut Worksheet,
    input: &WorkbookInput<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("Evidence")?;
    let a = input.assessment;
    // Warnings and set-aside reasons by path, gathered once.
    let mut notes: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
    for warning in &a.warnings {
        notes
            .entry(warning.path.as_str())
            .or_default()
            .push(warning.message.clone());
    }
    for set_aside in &a.set_aside {
        notes
            .entry(set_aside.path.as_str())
            .or_default()
            .push(format!("set aside: {}", set_aside.reason));
    }
    let rows: Vec<Vec<Cell>> = input
        .index
        .items
        .iter()
        .map(|item| {
            let m = &item.metadata;
            let notes = notes.get(item.path.as_str()).map_or(&[][..], Vec::as_slice);
            vec![
                text(item.path.clone()),
                text(item.title.clone()),
                m.doc_type.map_or(Cell::Empty, |t| text(t.name())),
                m.status.map_or(Cell::Empty, |s| text(s.name())),
                opt(&m.owner),
                Cell::Date(m.approved_on),
                Cell::Date(m.review_due),
                text(notes.join("\n")),
            ]
        })
        .collect();
    let columns = [
        ("Path", 44.0),
        ("Title", 36.0),
        ("Type", 11.0),
        ("Status", 10.0),
        ("Owner", 22.0),
        ("Approved", 11.0),
        ("Review due", 11.0),
        ("Warnings", 40.0),
    ];
    grid(sheet, 0, &columns, &rows, Some("Evidence"), f)?;
    Ok(())
}

fn item_row(section: &str, item: &ItemCheck) -> Vec<Cell> {
    let review = match (item.review, item.review_due) {
        (Some(state), Some(due)) => format!("{state} (due {due})"),
        (Some(state), None) => state.to_string(),
        _ => String::new(),
    };
    let approval = [
        item.approval.map(str::to_string),
        item.approved_by.clone(),
        item.approved_on.map(|d| d.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    vec![
        text(section),
        text(item.reference.clone()),
        text(item.requirement.clone()),
        text(item.title.clone()),
        text(item.status.name()),
        text(item.file.clone().unwrap_or_else(|| "missing".to_string())),
        text(approval),
        text(review),
        text(item.remarks.join("\n")),
        Cell::Empty,
        Cell::Empty,
    ]
}

/// The Stage 1 sheet's columns and widths (one landscape A4 page wide at 70 % or more).
const STAGE1_COLUMNS: [Column<'static>; 11] = [
    ("Section", 16.0),
    ("Reference", 10.0),
    ("Requirement", 20.0),
    ("Title", 24.0),
    ("State", 11.0),
    ("File", 28.0),
    ("Approval", 18.0),
    ("Review", 14.0),
    ("Remarks", 30.0),
    ("Result", 9.0),
    ("Notes", 14.0),
];

fn stage1_sheet(sheet: &mut Worksheet, s: &Stage1, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Stage 1")?;
    sheet.write_string_with_format(0, 0, "Stage 1 audit checklist", &f.title)?;
    sheet.write_string_with_format(1, 0, "Readiness", &f.bold)?;
    sheet.write_string_with_format(1, 1, s.readiness.verdict.label(), &f.bold)?;
    let mut r = 2;
    let widths: Vec<f64> = STAGE1_COLUMNS.iter().map(|(_, width)| *width).collect();
    let last = STAGE1_COLUMNS.len() as u16 - 1;
    for (label, remarks) in [
        ("Blocker", &s.readiness.blockers),
        ("Concern", &s.readiness.concerns),
    ] {
        for remark in remarks {
            sheet.write_string_with_format(r, 0, label, &f.top)?;
            sheet.write_string_with_format(r, 1, &remark.reference, &f.top)?;
            note(sheet, r, (2, last), &widths, &remark.text, &f.wrap)?;
            r += 1;
        }
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for item in &s.mandatory {
        rows.push(item_row("A Mandatory documented information", item));
    }
    let scope = &s.scope_check;
    rows.push(vec![
        text("B Scope and service catalogue"),
        text(scope.reference.clone()),
        Cell::Empty,
        text(format!(
            "Scope statement and service catalogue: {}",
            scope.consistency
        )),
        text(scope.consistency),
        text(
            [scope.scope_file.clone(), scope.catalogue_file.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Cell::Empty,
        Cell::Empty,
        text(
            scope
                .remarks
                .iter()
                .cloned()
                .chain(
                    (!scope.services.is_empty())
                        .then(|| format!("Services listed: {}", scope.services.join("; "))),
                )
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Cell::Empty,
        Cell::Empty,
    ]);
    for item in &s.foundations {
        rows.push(item_row("C Policy, objectives, risks, plan", item));
    }
    for p in &s.processes {
        rows.push(vec![
            text("D Operational processes"),
            text(p.reference.clone()),
            text(p.process.clone()),
            text(p.name.clone()),
            text(if p.documented {
                "documented"
            } else {
                "not documented"
            }),
            text(p.documents.join("\n")),
            Cell::Empty,
            Cell::Empty,
            text(
                std::iter::once(format!(
                    "{} of {} requirements conformant",
                    p.conformant, p.requirements
                ))
                .chain(p.operated_by.iter().map(|o| format!("operated by {o}")))
                .chain(p.remarks.iter().cloned())
                .collect::<Vec<_>>()
                .join("\n"),
            ),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for p in &s.other_parties {
        rows.push(vec![
            text("E Other parties"),
            text(p.reference.clone()),
            text(p.process.clone()),
            text(format!("{} operates {}", p.party, p.name)),
            text(if p.controlled {
                "controlled"
            } else {
                "not shown to be controlled"
            }),
            text(p.evidence.join("\n")),
            Cell::Empty,
            Cell::Empty,
            text(p.remarks.join("\n")),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    for h in &s.audit_and_review {
        rows.push(vec![
            text("F Internal audit and management review"),
            text(h.reference.clone()),
            text(h.requirement.clone()),
            text(h.title.clone()),
            text(if h.held { "held" } else { "not held" }),
            opt(&h.file),
            Cell::Empty,
            text(match (h.last, &h.window) {
                (Some(last), Some(window)) => format!("latest {last}; window {window}"),
                (Some(last), None) => format!("latest {last}"),
                _ => String::new(),
            }),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    grid(sheet, r + 1, &STAGE1_COLUMNS, &rows, None, f)?;
    Ok(())
}

/// The Stage 2 sheet's columns and widths (one landscape A4 page wide at 70 % or more; the reference
/// names the clause).
const STAGE2_COLUMNS: [Column<'static>; 13] = [
    ("Reference", 12.0),
    ("Requirement", 17.0),
    ("Title", 15.0),
    ("Status", 11.0),
    ("Questions", 28.0),
    ("Interview", 12.0),
    ("Evidence", 20.0),
    ("Samples", 22.0),
    ("Series", 11.0),
    ("Predicted finding", 17.0),
    ("Result", 8.0),
    ("Finding", 10.0),
    ("Notes", 10.0),
];

fn stage2_sheet(sheet: &mut Worksheet, s: &Stage2, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Stage 2")?;
    sheet.write_string_with_format(0, 0, "Stage 2 audit checklist", &f.title)?;
    let widths: Vec<f64> = STAGE2_COLUMNS.iter().map(|(_, width)| *width).collect();
    note(
        sheet,
        1,
        (0, STAGE2_COLUMNS.len() as u16 - 1),
        &widths,
        &format!(
            "Audit period {}; samples drawn with seed {} (iso20k checklist --stage 2 DIR --as-of {} --period \
             {} --seed {} draws them again from the same evidence folder DIR). Predicted findings are \
             the tool's prediction by documented rules, not audit findings.",
            s.period, s.seed, s.header.as_of, s.period, s.seed
        ),
        &f.wrap,
    )?;
    let mut rows = Vec::new();
    for clause in &s.clauses {
        for item in &clause.items {
            let samples = item
                .samples
                .iter()
                .map(|sample| {
                    let source = match &sample.table {
                        Some(table) => format!("{} ({table})", sample.source),
                        None => sample.source.clone(),
                    };
                    let mut line = format!("{source}: {} of {}", sample.size, sample.population);
                    if !sample.items.is_empty() {
                        line.push_str(&format!(": {}", sample.items.join(", ")));
                    }
                    if let Some(note) = &sample.note {
                        line.push_str(&format!(" ({note})"));
                    }
                    line
                })
                .collect::<Vec<_>>()
                .join("\n");
            let series = item.series.as_ref().map_or(String::new(), |c| {
                if c.holes.is_empty() {
                    format!("{}: covers the period", c.recurrence.name())
                } else {
                    format!("{}: holes {}", c.recurrence.name(), c.holes.join(", "))
                }
            });
            rows.push(vec![
                text(item.reference.clone()),
                text(item.requirement.clone()),
                text(item.title.clone()),
                text(item.status.name()),
                text(item.questions.join("\n")),
                text(item.interview.join(", ")),
                text(evidence_paths(&item.evidence)),
                text(samples),
                text(series),
                item.prediction
                    .as_ref()
                    .map_or(Cell::Empty, |p| text(format!("{}: {}", p.label, p.text))),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    let last = grid(sheet, 3, &STAGE2_COLUMNS, &rows, None, f)?;
    status_colours(sheet, (4, last), 3, f)?;
    Ok(())
}

/// The Plan sheet's table columns; a column per week follows them.
const PLAN_COLUMNS: [Column<'static>; 8] = [
    ("Phase", 6.0),
    ("ID", 24.0),
    ("Title", 36.0),
    ("Owner", 18.0),
    ("Effort (days)", 8.0),
    ("Start", 11.0),
    ("End", 11.0),
    ("Critical", 8.0),
];

/// A week column of the Plan's bars, in characters.
const WEEK_WIDTH: f64 = 2.5;

fn plan_sheet(sheet: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Plan")?;
    sheet.write_string_with_format(0, 0, "Implementation plan", &f.title)?;
    let mut widths: Vec<f64> = PLAN_COLUMNS.iter().map(|(_, width)| *width).collect();
    let across = (0, PLAN_COLUMNS.len() as u16 - 1);
    note(sheet, 1, across, &widths, plan.approach, &f.wrap)?;
    note(sheet, 2, across, &widths, &plan.message, &f.wrap)?;
    if let Some(shortfall) = &plan.shortfall {
        let text = format!(
            "The target Stage 1 date {} cannot be met: the earliest is {}, {} days later.",
            shortfall.target, shortfall.earliest, shortfall.days
        );
        note(sheet, 3, across, &widths, &text, &f.bold_wrap)?;
    }
    let headers = PLAN_COLUMNS;
    let first = 5;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for phase in &plan.phases {
        for wp in &phase.work_packages {
            rows.push(vec![
                Cell::Number(f64::from(phase.number)),
                text(wp.id.clone()),
                text(wp.title.clone()),
                opt(&wp.owner),
                Cell::Number(wp.effort_days),
                Cell::Date(Some(wp.start)),
                Cell::Date(Some(wp.end)),
                yes_no(wp.critical),
            ]);
        }
    }
    for milestone in &plan.milestones {
        rows.push(vec![
            Cell::Empty,
            text(milestone.id),
            text(milestone.name),
            Cell::Empty,
            Cell::Empty,
            Cell::Date(Some(milestone.date)),
            Cell::Date(Some(milestone.date)),
            text("milestone"),
        ]);
    }
    let last = grid(sheet, first, &headers, &rows, None, f)?;
    // Week columns: a bar wherever a package runs, drawn by conditional formatting.
    let last_day = plan
        .milestones
        .iter()
        .map(|m| m.date)
        .chain(plan.finish)
        .max();
    if let Some(last_day) = last_day.filter(|_| !rows.is_empty()) {
        let monday = plan
            .start
            .saturating_sub(i64::from(plan.start.weekday().to_monday_zero_offset()).days());
        let first_week = headers.len() as u16;
        let mut week = monday;
        let mut column = first_week;
        while week <= last_day && column < first_week + 156 {
            sheet.write_datetime_with_format(first, column, excel_date(week)?, &f.week)?;
            sheet.set_column_width(column, WEEK_WIDTH)?;
            widths.push(WEEK_WIDTH);
            week = week.saturating_add(7.days());
            column += 1;
        }
        let last_week = column - 1;
        let top = first + 1;
        let letter = |c: u16| rust_xlsxwriter::utility::column_number_to_name(c);
        let cell = format!("{}${}", letter(first_week), first + 1);
        let row = top + 1;
        let runs = format!("AND({cell}<=$G{row},{cell}+6>=$F{row})");
        sheet.add_conditional_format(
            top,
            first_week,
            last,
            last_week,
            &ConditionalFormatFormula::new()
                .set_rule(Formula::new(format!("=AND($H{row}=\"yes\",{runs})")))
                .set_format(&f.critical)
                .set_stop_if_true(true),
        )?;
        sheet.add_conditional_format(
            top,
            first_week,
            last,
            last_week,
            &ConditionalFormatFormula::new()
                .set_rule(Formula::new(format!("={runs}")))
                .set_format(&f.bar),
        )?;
        sheet.set_print_area(0, 0, last, last_week)?;
        // Week labels are turned on their side: the header row is as tall as a date.
        sheet.set_row_height(first, 45)?;
        // A long plan runs onto pages to the right, each repeating the phase, id and title.
        print_layout(sheet, &widths, 3)?;
    }
    Ok(())
}

fn about_sheet(
    sheet: &mut Worksheet,
    a: &Assessment,
    folder: Option<&str>,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT_SHEET)?;
    sheet.write_string_with_format(0, 0, "About this workbook", &f.title)?;
    let values = [
        (about::FORMAT, FORMAT.to_string()),
        (about::STANDARD, a.catalogue.standard.clone()),
        (about::EDITION, a.catalogue.edition.clone()),
        (about::VERSION, a.catalogue.version.clone()),
        (
            about::ORGANISATION,
            a.organisation.clone().unwrap_or_default(),
        ),
        (
            about::EVIDENCE_FOLDER,
            folder.unwrap_or_default().to_string(),
        ),
        (about::AS_OF, a.as_of.to_string()),
        (
            about::PRODUCED_BY,
            format!("iso20k {}", env!("CARGO_PKG_VERSION")),
        ),
    ];
    for (i, (key, value)) in values.iter().enumerate() {
        sheet.write_string_with_format(2 + i as u32, 0, *key, &f.bold)?;
        sheet.write_string(2 + i as u32, 1, value)?;
    }
    let notes = [
        (
            "How it was produced",
            "iso20k matched the evidence folder against its catalogue of ISO/IEC 20000-1 requirements \
             (written in its own words) and assessed each requirement as conformant, partial or gap. Every \
             sheet is a view of that one assessment.",
        ),
        (
            "Feeding edits back",
            "On the Requirements sheet, fill in Assessor status (conformant, partial or gap), Assessor note, \
             Owner and Target date. Then run: iso20k import THIS.xlsx EVIDENCE-FOLDER --judgements \
             JUDGEMENTS.yaml. Your statuses become judgements that override the automatic ones in the next \
             iso20k assess (give it the same --judgements file). A blank Assessor status leaves a \
             requirement as it was; a blank note, owner or target date keeps the one recorded, and a single \
             `-` clears it. Type values rather than formulas.",
        ),
        (
            "Keep the shape",
            "Leave the other columns, the sheet names and this sheet as they are: iso20k refuses a workbook \
             whose Requirements sheet has been rearranged, or one made from another catalogue edition.",
        ),
        (
            "Predictions and phases",
            "Predicted findings on the Stage 2 sheet are the tool's prediction by documented rules, not audit \
             findings. The plan's phases are the toolkit's own reading of ISO/IEC TR 20000-5, not text from it.",
        ),
    ];
    let widths = [24.0, 90.0];
    for (i, (label, text)) in notes.iter().enumerate() {
        let r = 11 + i as u32;
        sheet.write_string_with_format(r, 0, *label, &f.bold_wrap)?;
        note(sheet, r, (1, 1), &widths, text, &f.wrap)?;
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    print_layout(sheet, &widths, 0)?;
    Ok(())
}
