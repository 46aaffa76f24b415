//! The portfolio view (`iso20k portfolio`) for the terminal and as a workbook with a sheet per view;
//! Markdown and HTML come from `portfolio.md` and `portfolio.html`.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled};
use crate::assess::Status;
use crate::views::portfolio::Portfolio;
use anstyle::{AnsiColor, Style};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::fmt::Write;

const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

fn status_style(status: Status) -> Style {
    match status {
        Status::Conformant => GOOD,
        Status::Partial => WARN,
        Status::Gap => ERROR,
    }
}

fn score_style(score: f64) -> Style {
    if score >= 80.0 {
        GOOD
    } else if score >= 50.0 {
        WARN
    } else {
        ERROR
    }
}

/// At most `max` characters of `name`, with `…` when cut.
fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let cut: String = name.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The compact coloured comparison for a terminal.
pub fn table(p: &Portfolio) -> String {
    let mut out = String::new();
    let against = p.catalogue.as_ref().map_or(String::new(), |c| {
        format!(
            " against {}:{} (catalogue {})",
            c.standard, c.edition, c.version
        )
    });
    let _ = writeln!(
        out,
        "{}\n",
        styled(
            HEADING,
            &format!(
                "Portfolio of {} organisation{}{against}",
                p.organisations.len(),
                if p.organisations.len() == 1 { "" } else { "s" }
            )
        )
    );
    let mut ranking = Table::new(&[
        "RANK",
        "ORGANISATION",
        "ROLE",
        "AS OF",
        "SCORE",
        "C",
        "P",
        "G",
        "MANDATORY",
    ]);
    for r in &p.ranking {
        let o = p
            .organisations
            .iter()
            .find(|o| o.rank == r.rank)
            .expect("every ranked organisation is listed");
        ranking.row(vec![
            r.rank.to_string(),
            escape(&r.name).into_owned(),
            r.role.map_or("–", |role| role.label()).to_string(),
            o.as_of.to_string(),
            styled(score_style(r.score).bold(), &format!("{:.1}", r.score)),
            o.conformant.to_string(),
            o.partial.to_string(),
            o.gap.to_string(),
            format!(
                "{}/{} ({:.1}%)",
                o.mandatory.present, o.mandatory.total, o.mandatory.coverage
            ),
        ]);
    }
    out.push_str(&ranking.render());

    let mut header: Vec<String> = vec!["CLAUSE".into()];
    header.extend(
        p.organisations
            .iter()
            .map(|o| short(&o.name, 16).to_uppercase()),
    );
    header.push("MEAN".into());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut heat = Table::new(&header);
    for row in p
        .heatmap
        .iter()
        .filter(|r| r.depth == 1 || (r.depth == 2 && r.clause.starts_with("8.")))
    {
        let label = format!(
            "{}{} {}",
            if row.depth == 1 { "" } else { "  " },
            row.clause,
            short(&escape(&row.title), 34)
        );
        let mut cells = vec![if row.depth == 1 {
            styled(HEADING, &label)
        } else {
            label
        }];
        for cell in &row.cells {
            cells.push(match (cell.score, cell.status) {
                (Some(score), Some(status)) => format!(
                    "{:>5.1} {}",
                    score,
                    styled(status_style(status), &status.name()[..1].to_uppercase())
                ),
                _ => "–".to_string(),
            });
        }
        cells.push(format!("{:>5.1}", row.mean));
        heat.row(cells);
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        styled(HEADING, "Clauses by organisation"),
        styled(
            DIM,
            "(score and clause status: C conformant, P partial, G gap)"
        )
    );
    out.push_str(&heat.render());

    if !p.weakest_clauses.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            styled(HEADING, "Weakest clauses across the portfolio:")
        );
        let mut weak = Table::new(&["CLAUSE", "MEAN", "LOWEST", "NOT CONFORMANT"]);
        for w in &p.weakest_clauses {
            weak.row(vec![
                format!("{} {}", w.clause, escape(&w.title)),
                format!("{:.1}", w.mean),
                format!("{:.1} ({})", w.lowest, escape(&w.lowest_organisation)),
                format!("{} of {}", w.not_conformant, p.organisations.len()),
            ]);
        }
        out.push_str(&weak.render());
    }

    let _ = writeln!(
        out,
        "\n{}",
        styled(HEADING, "Worst gaps of each organisation:")
    );
    for o in &p.organisations {
        let _ = writeln!(
            out,
            "  {} {}",
            styled(HEADING, &escape(&o.name)),
            styled(DIM, &format!("({} not conformant)", o.open))
        );
        if o.worst_gaps.is_empty() {
            let _ = writeln!(out, "    none");
        }
        for g in &o.worst_gaps {
            let _ = writeln!(
                out,
                "    {}{} {}{}",
                styled(status_style(g.status), &g.status.name().to_uppercase()),
                " ".repeat(7 - g.status.name().len()),
                styled(ACCENT, &escape(&g.id)),
                if g.mandatory_document {
                    styled(DIM, "  mandatory")
                } else {
                    String::new()
                }
            );
        }
    }
    if !p.unassessed.is_empty() {
        let _ = writeln!(out, "\n{}", styled(ERROR, "Could not be assessed:"));
        for u in &p.unassessed {
            let _ = writeln!(out, "  {}: {}", escape(&u.source), escape(&u.error));
        }
    }
    out
}

struct Formats {
    title: Format,
    header: Format,
    pct: Format,
    wrap: Format,
    status: [Format; 3],
}

impl Formats {
    fn new() -> Formats {
        let fill = |rgb: u32| {
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_num_format("0.0")
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xFFFFFF))
        };
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            pct: Format::new().set_num_format("0.0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            status: [fill(0xC6EFCE), fill(0xFFEB9C), fill(0xFFC7CE)],
        }
    }
}

fn headers(sheet: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *name, &f.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    // Printed (or converted to PDF) landscape, one page wide.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The portfolio as a workbook: Ranking, Heatmap, Mandatory, Weakest clauses, Worst gaps (and Not
/// assessed, when something could not be).
pub fn workbook(p: &Portfolio) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    // A fixed creation date (the latest as-of date), so the same inputs give the same bytes.
    let latest = p.organisations.iter().map(|o| o.as_of).max();
    let created = match latest {
        Some(d) => ExcelDateTime::from_ymd(
            d.year().clamp(1900, 9999) as u16,
            d.month() as u8,
            d.day() as u8,
        )?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    book.set_properties(
        &DocProperties::new()
            .set_title("ISO/IEC 20000-1 portfolio comparison")
            .set_author(format!("iso20k {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );

    let sheet = book.add_worksheet().set_name("Ranking")?;
    let against = p.catalogue.as_ref().map_or(String::new(), |c| {
        format!(
            " against {}:{} (catalogue {})",
            c.standard, c.edition, c.version
        )
    });
    sheet.write_string_with_format(0, 0, format!("Portfolio{against}"), &f.title)?;
    headers(
        sheet,
        2,
        &[
            "Rank",
            "Organisation",
            "Role",
            "As of",
            "Score",
            "Conformant",
            "Partial",
            "Gap",
            "Evidence files",
            "Source",
        ],
        &f,
    )?;
    for (i, r) in p.ranking.iter().enumerate() {
        let o = p
            .organisations
            .iter()
            .find(|o| o.rank == r.rank)
            .expect("every ranked organisation is listed");
        let row = 3 + i as u32;
        sheet.write_number(row, 0, r.rank as f64)?;
        sheet.write_string(row, 1, &r.name)?;
        sheet.write_string(row, 2, r.role.map_or("", |role| role.label()))?;
        sheet.write_string(row, 3, o.as_of.to_string())?;
        sheet.write_number_with_format(row, 4, r.score, &f.pct)?;
        sheet.write_number(row, 5, o.conformant as f64)?;
        sheet.write_number(row, 6, o.partial as f64)?;
        sheet.write_number(row, 7, o.gap as f64)?;
        sheet.write_number(row, 8, o.evidence_files as f64)?;
        sheet.write_string(row, 9, &o.source)?;
    }
    for (c, w) in [(0, 6.0), (1, 36.0), (2, 16.0), (3, 12.0), (9, 40.0)] {
        sheet.set_column_width(c, w)?;
    }

    let sheet = book.add_worksheet().set_name("Heatmap")?;
    sheet.write_string_with_format(
        0,
        0,
        "Clause scores by organisation (colour: the clause's status)",
        &f.title,
    )?;
    let mut names: Vec<&str> = vec!["Clause", "Title"];
    names.extend(p.organisations.iter().map(|o| o.name.as_str()));
    names.push("Mean");
    headers(sheet, 2, &names, &f)?;
    sheet.set_row_height(2, 45)?;
    for (i, h) in p.heatmap.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, &h.clause)?;
        sheet.write_string(
            row,
            1,
            format!("{}{}", "  ".repeat(h.depth.saturating_sub(1)), h.title),
        )?;
        for (c, cell) in h.cells.iter().enumerate() {
            let col = 2 + c as u16;
            match (cell.score, cell.status) {
                (Some(score), Some(status)) => {
                    sheet.write_number_with_format(row, col, score, &f.status[status as usize])?;
                }
                _ => {
                    sheet.write_string(row, col, "–")?;
                }
            }
        }
        sheet.write_number_with_format(row, 2 + h.cells.len() as u16, h.mean, &f.pct)?;
    }
    sheet.set_column_width(0, 9)?;
    sheet.set_column_width(1, 44)?;
    for c in 0..=p.organisations.len() as u16 {
        sheet.set_column_width(2 + c, 14)?;
    }
    sheet.set_freeze_panes(3, 2)?;

    let sheet = book.add_worksheet().set_name("Mandatory")?;
    sheet.write_string_with_format(0, 0, "Mandatory documented information", &f.title)?;
    headers(
        sheet,
        2,
        &[
            "Organisation",
            "Total",
            "Present",
            "Missing",
            "Expired",
            "Incomplete",
            "Coverage %",
        ],
        &f,
    )?;
    for (i, o) in p.organisations.iter().enumerate() {
        let row = 3 + i as u32;
        let m = &o.mandatory;
        sheet.write_string(row, 0, &o.name)?;
        for (c, n) in [m.total, m.present, m.missing, m.expired, m.incomplete]
            .into_iter()
            .enumerate()
        {
            sheet.write_number(row, 1 + c as u16, n as f64)?;
        }
        sheet.write_number_with_format(row, 6, m.coverage, &f.pct)?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(6, 12)?;

    let sheet = book.add_worksheet().set_name("Weakest clauses")?;
    sheet.write_string_with_format(0, 0, "Weakest clauses across the portfolio", &f.title)?;
    headers(
        sheet,
        2,
        &[
            "Clause",
            "Title",
            "Mean score",
            "Lowest score",
            "Lowest organisation",
            "Not conformant",
        ],
        &f,
    )?;
    for (i, w) in p.weakest_clauses.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, &w.clause)?;
        sheet.write_string(row, 1, &w.title)?;
        sheet.write_number_with_format(row, 2, w.mean, &f.pct)?;
        sheet.write_number_with_format(row, 3, w.lowest, &f.pct)?;
        sheet.write_string(row, 4, &w.lowest_organisation)?;
        sheet.write_number(row, 5, w.not_conformant as f64)?;
    }
    for (c, w) in [(0, 9.0), (1, 40.0), (4, 36.0)] {
        sheet.set_column_width(c, w)?;
    }

    let sheet = book.add_worksheet().set_name("Worst gaps")?;
    sheet.write_string_with_format(0, 0, "Each organisation's worst gaps", &f.title)?;
    headers(
        sheet,
        2,
        &[
            "Organisation",
            "Requirement",
            "Clause",
            "Title",
            "Status",
            "Mandatory",
            "Why",
        ],
        &f,
    )?;
    let mut row = 3;
    for o in &p.organisations {
        for g in &o.worst_gaps {
            sheet.write_string(row, 0, &o.name)?;
            sheet.write_string(row, 1, &g.id)?;
            sheet.write_string(row, 2, &g.clause)?;
            sheet.write_string(row, 3, &g.title)?;
            sheet.write_string_with_format(
                row,
                4,
                g.status.name(),
                &f.status[g.status as usize],
            )?;
            sheet.write_string(row, 5, if g.mandatory_document { "yes" } else { "" })?;
            sheet.write_string_with_format(row, 6, g.reason.as_deref().unwrap_or(""), &f.wrap)?;
            row += 1;
        }
    }
    for (c, w) in [
        (0, 30.0),
        (1, 34.0),
        (2, 9.0),
        (3, 32.0),
        (4, 12.0),
        (6, 70.0),
    ] {
        sheet.set_column_width(c, w)?;
    }

    if !p.unassessed.is_empty() {
        let sheet = book.add_worksheet().set_name("Not assessed")?;
        sheet.write_string_with_format(
            0,
            0,
            "Organisations that could not be assessed",
            &f.title,
        )?;
        headers(sheet, 2, &["Source", "Name", "Why"], &f)?;
        for (i, u) in p.unassessed.iter().enumerate() {
            let row = 3 + i as u32;
            sheet.write_string(row, 0, &u.source)?;
            sheet.write_string(row, 1, u.name.as_deref().unwrap_or(""))?;
            sheet.write_string_with_format(row, 2, &u.error, &f.wrap)?;
        }
        sheet.set_column_width(0, 40)?;
        sheet.set_column_width(2, 80)?;
    }
    book.save_to_buffer()
}
