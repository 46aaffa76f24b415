//! The trend view (`iso20k trend`) for the terminal; Markdown and HTML come from `trend.md` and
//! `trend.html`.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled};
use crate::assess::Status;
use crate::views::trend::Trend;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

fn score_style(score: f64) -> Style {
    if score >= 80.0 {
        GOOD
    } else if score >= 50.0 {
        WARN
    } else {
        ERROR
    }
}

/// One character per point: the score in eighths of a block.
fn sparkline(scores: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    scores
        .iter()
        .map(|s| match s {
            Some(s) => BARS[((s / 100.0 * 7.0).round() as usize).min(7)],
            None => ' ',
        })
        .collect()
}

/// The compact coloured trend for a terminal.
pub fn table(t: &Trend) -> String {
    let mut out = String::new();
    let who = escape(t.organisation.as_deref().unwrap_or("the evidence folder"));
    let _ = writeln!(
        out,
        "{}\n",
        styled(
            HEADING,
            &format!(
                "Trend of {who} against {}:{}, {} assessments from {} to {}",
                t.catalogue.standard,
                t.catalogue.edition,
                t.points.len(),
                t.points
                    .first()
                    .map(|p| p.as_of.to_string())
                    .unwrap_or_default(),
                t.points
                    .last()
                    .map(|p| p.as_of.to_string())
                    .unwrap_or_default()
            )
        )
    );
    let mut points = Table::new(&["AS OF", "SCORE", "C", "P", "G", "MANDATORY", "ASSESSMENT"]);
    for p in &t.points {
        points.row(vec![
            p.as_of.to_string(),
            styled(score_style(p.score).bold(), &format!("{:.1}", p.score)),
            p.conformant.to_string(),
            p.partial.to_string(),
            p.gap.to_string(),
            format!("{}/{}", p.mandatory_present, p.mandatory_total),
            styled(DIM, &escape(&p.source)),
        ]);
    }
    out.push_str(&points.render());
    if !t.milestones.is_empty() {
        let _ = writeln!(out, "\n{}", styled(HEADING, "Milestones:"));
        for m in &t.milestones {
            let _ = writeln!(out, "  {}  {}", m.date, escape(&m.name));
        }
    }
    let _ = writeln!(out, "\n{}", styled(HEADING, "Clause scores over time:"));
    let mut clauses = Table::new(&["CLAUSE", "TREND", "FIRST", "LATEST"]);
    let overall: Vec<Option<f64>> = t.points.iter().map(|p| Some(p.score)).collect();
    clauses.row(vec![
        styled(HEADING, "Overall"),
        sparkline(&overall),
        format!("{:.1}", t.points.first().map_or(0.0, |p| p.score)),
        format!("{:.1}", t.points.last().map_or(0.0, |p| p.score)),
    ]);
    let score = |s: Option<&Option<f64>>| {
        s.copied()
            .flatten()
            .map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
    };
    for c in &t.clauses {
        clauses.row(vec![
            format!(
                "{}{} {}",
                if c.depth == 1 { "" } else { "  " },
                c.clause,
                escape(&c.title)
            ),
            sparkline(&c.scores),
            score(c.scores.first()),
            score(c.scores.last()),
        ]);
    }
    out.push_str(&clauses.render());
    if !t.longest_open.is_empty() {
        let _ = writeln!(out, "\n{}", styled(HEADING, "Not conformant the longest:"));
        let mut open = Table::new(&["REQUIREMENT", "STATUS", "SINCE", "DAYS", "ASSESSMENTS"]);
        for o in &t.longest_open {
            let style = if o.status == Status::Gap { ERROR } else { WARN };
            open.row(vec![
                styled(ACCENT, &escape(&o.id)),
                styled(style, o.status.name()),
                o.since.to_string(),
                o.days.to_string(),
                o.assessments.to_string(),
            ]);
        }
        out.push_str(&open.render());
    }
    out
}
