//! The capability profile (`iso20k capability`) for the terminal: one row per process with its level,
//! target and each attribute's N/P/L/F rating, and with `--explain` every rating's signals and files.
//! Markdown and HTML come from `capability.md` and `capability.html`; JSON is the view itself.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled};
use crate::views::capability::{ProcessCapability, Profile, Rating};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

fn rating_style(rating: Rating) -> Style {
    match rating {
        Rating::F => GOOD,
        Rating::L => ACCENT,
        Rating::P => WARN,
        Rating::N => DIM,
    }
}

/// The profile as a table, one row per process area.
pub fn table(p: &Profile) -> String {
    let mut out = String::new();
    let who = escape(
        p.header
            .organisation
            .as_deref()
            .unwrap_or("the evidence folder"),
    );
    let _ = writeln!(
        out,
        "{}\n",
        styled(
            HEADING,
            &format!(
                "Process capability of {who} against {}:{}, as of {} (rules {})",
                p.header.catalogue.standard,
                p.header.catalogue.edition,
                p.header.as_of,
                p.rules_version
            )
        )
    );
    let mut header = vec!["PROCESS", "LEVEL", "TARGET"];
    header.extend(p.attributes.iter().map(|a| a.id.as_str()));
    let mut rows = Table::new(&header);
    for process in &p.processes {
        let mut row = vec![
            escape(&process.process).into_owned(),
            level_cell(process),
            target_cell(process),
        ];
        row.extend(
            process
                .attributes
                .iter()
                .map(|a| styled(rating_style(a.rating), a.rating.letter())),
        );
        rows.row(row);
    }
    out.push_str(&rows.render());
    let _ = writeln!(
        out,
        "\nProcesses at each level: {}",
        p.distribution
            .iter()
            .enumerate()
            .map(|(level, n)| format!("{level}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "{}",
        styled(
            DIM,
            &format!(
                "N/P/L/F: not, partially, largely, fully achieved (achievement above {}%, {}%, {}%). A level \
                 is reached when its attributes are L or F and every lower one F. `iso20k capability DIR \
                 --explain PROCESS` shows each rating's signals and files.",
                p.thresholds.partially, p.thresholds.largely, p.thresholds.fully
            )
        )
    );
    out
}

fn level_cell(process: &ProcessCapability) -> String {
    let text = process.level.to_string();
    match process.target {
        Some(target) if process.level < target => styled(ERROR, &text),
        _ if process.level >= 2 => styled(GOOD, &text),
        _ => text,
    }
}

fn target_cell(process: &ProcessCapability) -> String {
    match process.target {
        Some(target) if process.gap_to_target > 0 => {
            format!("{target} (-{})", process.gap_to_target)
        }
        Some(target) => target.to_string(),
        None => "–".to_string(),
    }
}

/// Every rating of one process with the signals and files behind it, in the `explain` style.
pub fn explain(p: &Profile, process: &ProcessCapability) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        styled(
            HEADING,
            &format!(
                "{} ({}): capability level {}{}",
                escape(&process.name),
                escape(&process.process),
                process.level,
                process
                    .target
                    .map(|t| format!(", target {t}"))
                    .unwrap_or_default()
            )
        )
    );
    for rating in &process.attributes {
        let name = p
            .attributes
            .iter()
            .find(|a| a.id == rating.id)
            .map_or("", |a| a.name.as_str());
        let _ = writeln!(
            out,
            "\n  {} {} (level {}): {} — {}, {}%",
            styled(HEADING, &rating.id),
            escape(name),
            rating.level,
            styled(rating_style(rating.rating), rating.rating.letter()),
            rating.rating.word(),
            rating.achievement
        );
        for signal in &rating.signals {
            let _ = writeln!(
                out,
                "    {} {}: {}",
                styled(ACCENT, &signal.signal),
                signal
                    .achievement
                    .map(|a| format!("{a}%"))
                    .unwrap_or_else(|| "n/a".to_string()),
                escape(&signal.summary)
            );
            for item in &signal.items {
                let _ = writeln!(
                    out,
                    "      {} {}{}{}",
                    credit_mark(item.credit),
                    escape(&item.subject),
                    item.rule
                        .as_deref()
                        .map(|r| format!(" [{r}]"))
                        .unwrap_or_default(),
                    item.path
                        .as_deref()
                        .map(|path| format!(" `{}`", escape(path)))
                        .unwrap_or_else(|| styled(DIM, " (no evidence)"))
                );
            }
        }
    }
    out
}

fn credit_mark(credit: f64) -> String {
    if credit >= 1.0 {
        styled(GOOD, "✓")
    } else if credit > 0.0 {
        styled(WARN, "½")
    } else {
        styled(ERROR, "✗")
    }
}
