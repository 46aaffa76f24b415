//! The management workbook (.xlsx): every view of one assessment as sheets, with editable assessor
//! columns that `iso20k import` reads back.
//!
//! The layout of the Requirements sheet and the keys of the About sheet are a contract with
//! [`crate::assess::import`]: change them only together, and bump [`FORMAT`].

use crate::assess::{Assessment, RequirementResult, Status};
use crate::evidence::EvidenceIndex;
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
    /// The evidence folder's full path, recorded on the About sheet.
    pub evidence_folder: Option<String>,
}

/// The widest a column gets, in characters; longer text wraps.
const WIDE: f64 = 60.0;
/// Excel's limit on the text of one cell.
const MAX_CELL: usize = 32_767;

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    wrap: Format,
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
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x1F3864))
                .set_font_color(Color::White)
                .set_text_wrap()
                .set_border_bottom(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
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
    about_sheet(
        book.add_worksheet(),
        a,
        input.evidence_folder.as_deref(),
        &formats,
    )?;
    book.save_to_buffer()
}

/// Writes `rows` under a header row at `first`, as an Excel table when `table` names one (filters, banded
/// rows), else with an autofilter; freezes the header; sizes the columns; sets up landscape A4 printing.
fn grid(
    sheet: &mut Worksheet,
    first: u32,
    headers: &[&str],
    rows: &[Vec<Cell>],
    table: Option<&str>,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let last_col = headers.len() as u16 - 1;
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(first, c as u16, *header, &formats.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let at = first + 1 + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(value) => {
                    let value: String = value.chars().take(MAX_CELL).collect();
                    sheet.write_string_with_format(at, c, value, &formats.wrap)?;
                }
                Cell::Number(value) => {
                    sheet.write_number(at, c, *value)?;
                }
                Cell::Date(Some(date)) => {
                    sheet.write_datetime_with_format(at, c, excel_date(*date)?, &formats.date)?;
                }
                Cell::Date(None) | Cell::Empty => {}
            }
        }
    }
    let last_row = first + rows.len().max(1) as u32;
    match table {
        Some(name) => {
            let columns: Vec<TableColumn> = headers
                .iter()
                .map(|h| TableColumn::new().set_header(*h))
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
    sheet.set_autofit_max_width(WIDE as u32 * 7);
    sheet.autofit();
    page_setup(sheet);
    sheet.set_print_area(0, 0, last_row, last_col)?;
    sheet.set_repeat_rows(first, first)?;
    Ok(last_row)
}

/// Landscape A4, as wide as one page.
fn page_setup(sheet: &mut Worksheet) {
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0);
}

/// Sets the widths of the columns named, in characters.
fn widths(sheet: &mut Worksheet, widths: &[(u16, f64)]) -> Result<(), XlsxError> {
    for &(column, width) in widths {
        sheet.set_column_width(column, width)?;
    }
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
        sheet.write_string_with_format(r, 0, *key, &f.bold)?;
        match value {
            Cell::Text(v) => {
                sheet.write_string_with_format(r, 1, v, &f.wrap)?;
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
        sheet.write_string(r, 0, format!("{label} ({})", ids.len()))?;
        sheet.write_string_with_format(r, 1, ids.join("\n"), &f.wrap)?;
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
        sheet.insert_chart(2, 3, &chart)?;
    }
    widths(sheet, &[(0, 34.0), (1, 60.0), (2, 10.0)])?;
    page_setup(sheet);
    Ok(())
}

fn evidence_paths(r: &RequirementResult) -> String {
    r.evidence
        .iter()
        .map(|e| e.path.as_str())
        .collect::<Vec<_>>()
        .join("\n")
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
                text(evidence_paths(r)),
                text(reasons(r)),
                judged.map_or(Cell::Empty, |o| text(o.status.name())),
                judged.map_or(Cell::Empty, |o| opt(&o.note)),
                judged.map_or(Cell::Empty, |o| opt(&o.owner)),
                Cell::Date(judged.and_then(|o| o.target_date)),
            ]
        })
        .collect();
    let last = grid(
        sheet,
        0,
        &REQUIREMENT_COLUMNS,
        &rows,
        Some("Requirements"),
        f,
    )?;
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
    widths(
        sheet,
        &[
            (2, 34.0),
            (8, 48.0),
            (9, WIDE),
            (11, 40.0),
            (12, 20.0),
            (13, 12.0),
        ],
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
                text(evidence_paths(r)),
            ]
        })
        .collect();
    let headers = [
        "ID",
        "Clause",
        "Title",
        "Status",
        "Mandatory",
        "Weight",
        "Phase",
        "Reasons",
        "Evidence",
    ];
    let last = grid(sheet, 0, &headers, &rows, Some("Gaps"), f)?;
    status_colours(sheet, (1, last), 3, f)?;
    widths(sheet, &[(2, 34.0), (7, WIDE), (8, 48.0)])?;
    Ok(())
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
    let headers = [
        "Path",
        "Title",
        "Type",
        "Status",
        "Owner",
        "Approved",
        "Review due",
        "Warnings",
    ];
    grid(sheet, 0, &headers, &rows, Some("Evidence"), f)?;
    widths(sheet, &[(0, 48.0), (1, 40.0), (7, 48.0)])?;
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

fn stage1_sheet(sheet: &mut Worksheet, s: &Stage1, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Stage 1")?;
    sheet.write_string_with_format(0, 0, "Stage 1 audit checklist", &f.title)?;
    sheet.write_string_with_format(1, 0, "Readiness", &f.bold)?;
    sheet.write_string_with_format(1, 1, s.readiness.verdict.label(), &f.bold)?;
    let mut r = 2;
    for (label, remarks) in [
        ("Blocker", &s.readiness.blockers),
        ("Concern", &s.readiness.concerns),
    ] {
        for remark in remarks {
            sheet.write_string(r, 0, label)?;
            sheet.write_string(r, 1, &remark.reference)?;
            sheet.write_string(r, 2, &remark.text)?;
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
    let headers = [
        "Section",
        "Reference",
        "Requirement",
        "Title",
        "State",
        "File",
        "Approval",
        "Review",
        "Remarks",
        "Result",
        "Notes",
    ];
    grid(sheet, r + 1, &headers, &rows, None, f)?;
    widths(
        sheet,
        &[
            (0, 26.0),
            (3, 34.0),
            (5, 44.0),
            (8, WIDE),
            (9, 16.0),
            (10, 30.0),
        ],
    )?;
    Ok(())
}

fn stage2_sheet(sheet: &mut Worksheet, s: &Stage2, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Stage 2")?;
    sheet.write_string_with_format(0, 0, "Stage 2 audit checklist", &f.title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "Audit period {}; samples drawn with seed {} (iso20k checklist --stage 2 --seed {} draws them again). \
             Predicted findings are the tool's prediction by documented rules, not audit findings.",
            s.period, s.seed, s.seed
        ),
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
                text(clause.clause.to_string()),
                text(item.requirement.clone()),
                text(item.title.clone()),
                text(item.status.name()),
                text(item.questions.join("\n")),
                text(item.interview.join(", ")),
                text(
                    item.evidence
                        .iter()
                        .map(|e| e.path.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
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
    let headers = [
        "Reference",
        "Clause",
        "Requirement",
        "Title",
        "Status",
        "Questions",
        "Interview",
        "Evidence",
        "Samples",
        "Series",
        "Predicted finding",
        "Result",
        "Finding",
        "Notes",
    ];
    let last = grid(sheet, 3, &headers, &rows, None, f)?;
    status_colours(sheet, (4, last), 4, f)?;
    widths(
        sheet,
        &[
            (3, 30.0),
            (5, WIDE),
            (6, 24.0),
            (7, 44.0),
            (8, 48.0),
            (9, 24.0),
            (10, 40.0),
            (11, 14.0),
            (12, 30.0),
            (13, 30.0),
        ],
    )?;
    Ok(())
}

fn plan_sheet(sheet: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Plan")?;
    sheet.write_string_with_format(0, 0, "Implementation plan", &f.title)?;
    sheet.write_string(1, 0, plan.approach)?;
    sheet.write_string(2, 0, &plan.message)?;
    if let Some(shortfall) = &plan.shortfall {
        sheet.write_string_with_format(
            3,
            0,
            format!(
                "The target Stage 1 date {} cannot be met: the earliest is {}, {} days later.",
                shortfall.target, shortfall.earliest, shortfall.days
            ),
            &f.bold,
        )?;
    }
    let headers = [
        "Phase",
        "ID",
        "Title",
        "Owner",
        "Effort (days)",
        "Start",
        "End",
        "Critical",
    ];
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
            sheet.set_column_width(column, 3)?;
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
    }
    widths(sheet, &[(1, 28.0), (2, 66.0), (3, 30.0)])?;
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
    for (i, (label, note)) in notes.iter().enumerate() {
        let r = 11 + i as u32;
        sheet.write_string_with_format(r, 0, *label, &f.bold)?;
        sheet.write_string_with_format(r, 1, *note, &f.wrap)?;
    }
    widths(sheet, &[(0, 24.0), (1, 90.0)])?;
    sheet.set_paper_size(9).set_print_fit_to_pages(1, 0);
    Ok(())
}
