//! The diff view (`iso20k diff`) for the terminal; Markdown and HTML come from `diff.md` and `diff.html`.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled, wrap};
use crate::assess::Status;
use crate::views::diff::{Diff, Direction, RequirementChange, ScoreChange};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const WIDTH: usize = 100;

/// A score change, signed, coloured by direction (`·` when nothing moved).
fn signed(change: Option<f64>) -> String {
    match change {
        None => styled(DIM, "new"),
        Some(c) if c > 0.0 => styled(GOOD, &format!("+{c:.1}")),
        Some(c) if c < 0.0 => styled(ERROR, &format!("{c:.1}")),
        Some(_) => styled(DIM, "·"),
    }
}

fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

fn status(s: Status) -> String {
    let style = match s {
        Status::Conformant => GOOD,
        Status::Partial => WARN,
        Status::Gap => ERROR,
    };
    styled(style, &s.name().to_uppercase())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The compact coloured summary of a diff for a terminal.
pub fn table(d: &Diff) -> String {
    let mut out = String::new();
    let who = escape(
        d.new
            .header
            .organisation
            .as_deref()
            .or(d.old.header.organisation.as_deref())
            .unwrap_or("the evidence folder"),
    );
    let catalogue = &d.new.header.catalogue;
    let _ = writeln!(
        out,
        "{}",
        styled(
            HEADING,
            &format!(
                "Changes in {who} against {}:{}, {} → {}",
                catalogue.standard, catalogue.edition, d.old.header.as_of, d.new.header.as_of
            )
        )
    );
    if let Some(m) = &d.mapped {
        let _ = writeln!(
            out,
            "{}",
            styled(
                DIM,
                &format!(
                    "The {} results are carried to {} through the edition mapping: {:.1} over the requirements \
                     carried across (the {} assessment's own score was {:.1}).",
                    m.from_edition, m.to_edition, m.carried_score, m.from_edition, d.old.score
                )
            )
        );
    }
    let s = &d.summary;
    let old_score = d.mapped.as_ref().map_or(d.old.score, |m| m.carried_score);
    let _ = writeln!(
        out,
        "Score {old_score:.1} → {} ({})   {} improved · {} regressed · {} with changed evidence   ({} → {} evidence files)\n",
        styled(HEADING, &format!("{:.1}", d.new.score)),
        signed(Some(s.score_change)),
        styled(
            if s.improved > 0 { GOOD } else { DIM },
            &s.improved.to_string()
        ),
        styled(
            if s.regressed > 0 { ERROR } else { DIM },
            &s.regressed.to_string()
        ),
        s.by_evidence + s.evidence_changed,
        d.old.evidence_files,
        d.new.evidence_files,
    );
    if s.empty {
        let _ = writeln!(out, "Nothing changed.");
        return out;
    }

    let shown = |c: &&ScoreChange| {
        let top = c.depth == 1;
        let in_eight = c.depth == 2 && c.key.starts_with("8.");
        top || in_eight
    };
    let mut table = Table::new(&["CLAUSE", "OLD", "NEW", "CHANGE", "STATUS"]);
    for c in d.clauses.iter().filter(shown) {
        let label = format!(
            "{}{} {}",
            if c.depth == 1 { "" } else { "  " },
            c.key,
            escape(&c.title)
        );
        let moved = match (c.old_status, c.new_status) {
            (Some(a), Some(b)) if a != b => format!("{} → {}", a.name(), b.name()),
            (_, Some(b)) => b.name().to_string(),
            (Some(a), None) => format!("{} → –", a.name()),
            (None, None) => String::new(),
        };
        table.row(vec![
            if c.depth == 1 {
                styled(HEADING, &label)
            } else {
                label
            },
            score(c.old_score),
            score(c.new_score),
            signed(c.change),
            moved,
        ]);
    }
    out.push_str(&table.render());

    let moved_processes: Vec<&ScoreChange> = d
        .processes
        .iter()
        .filter(|p| p.change != Some(0.0))
        .collect();
    if !moved_processes.is_empty() {
        let _ = writeln!(out, "\n{}", styled(HEADING, "Process areas that moved:"));
        let mut table = Table::new(&["PROCESS", "OLD", "NEW", "CHANGE"]);
        for p in moved_processes {
            table.row(vec![
                escape(&p.title).into_owned(),
                score(p.old_score),
                score(p.new_score),
                signed(p.change),
            ]);
        }
        out.push_str(&table.render());
    }

    for (title, list) in [
        (
            "Moved by new, removed or edited evidence",
            &d.moved_by_evidence,
        ),
        (
            "Moved only because time passed (same files, same content)",
            &d.moved_by_time,
        ),
        ("Moved by the assessor's judgement", &d.moved_by_judgement),
        (
            "Moved for a reason the assessments do not record (catalogue, configuration, iso20k version)",
            &d.moved_otherwise,
        ),
        ("Evidence changed, status unchanged", &d.evidence_changed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            styled(HEADING, &format!("{title} ({}):", list.len()))
        );
        for c in list {
            requirement(&mut out, c);
        }
    }

    let m = &d.mandatory;
    if !m.gained.is_empty() || !m.lost.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {} gained, {} lost",
            styled(HEADING, "Mandatory documented information:"),
            styled(GOOD, &m.gained.len().to_string()),
            styled(
                if m.lost.is_empty() { DIM } else { ERROR },
                &m.lost.len().to_string()
            ),
        );
        for (sign, style, list) in [("+", GOOD, &m.gained), ("-", ERROR, &m.lost)] {
            for item in list {
                let _ = writeln!(
                    out,
                    "  {} {}  {}  {}",
                    styled(style, sign),
                    styled(ACCENT, &escape(&item.id)),
                    escape(&item.title),
                    styled(DIM, &format!("({} → {})", item.old_state, item.new_state))
                );
            }
        }
    }

    let f = &d.findings;
    if !f.new.is_empty() || !f.closed.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}, {}",
            styled(HEADING, "Predicted audit findings:"),
            plural(f.new.len(), "new", "new"),
            plural(f.closed.len(), "closed", "closed")
        );
        for (label, style, list) in [("new   ", ERROR, &f.new), ("closed", GOOD, &f.closed)] {
            for item in list {
                let _ = writeln!(
                    out,
                    "  {}  {}  {}",
                    styled(style, label),
                    styled(ACCENT, &escape(&item.id)),
                    styled(DIM, item.label)
                );
            }
        }
    }

    let files = &d.files;
    let _ = writeln!(
        out,
        "\n{} {} added, {} removed, {}",
        styled(HEADING, "Evidence folder:"),
        files.added.len(),
        files.removed.len(),
        if files.compared {
            format!("{} edited", files.edited.len())
        } else {
            "contents not compared (an assessment was saved without file hashes)".to_string()
        }
    );
    if !d.requirements_added.is_empty() || !d.requirements_removed.is_empty() {
        let _ = writeln!(
            out,
            "{} {} only in the new assessment, {} only in the old one",
            styled(HEADING, "Requirements:"),
            d.requirements_added.len(),
            d.requirements_removed.len()
        );
    }
    out
}

fn requirement(out: &mut String, c: &RequirementChange) {
    let arrow = match c.direction {
        Direction::Improved => styled(GOOD, "↑"),
        Direction::Regressed => styled(ERROR, "↓"),
        Direction::Unchanged => styled(DIM, "="),
    };
    let moved = if c.direction == Direction::Unchanged {
        status(c.new_status)
    } else {
        format!("{} → {}", status(c.old_status), status(c.new_status))
    };
    let _ = writeln!(
        out,
        "  {arrow} {}  {moved}  {}",
        styled(ACCENT, &escape(&c.id)),
        styled(DIM, &escape(&c.title))
    );
    for (label, files) in [
        ("added", &c.evidence.added),
        ("removed", &c.evidence.removed),
        ("edited", &c.evidence.edited),
    ] {
        for file in files {
            let _ = writeln!(out, "      {label:<7} {}", escape(file));
        }
    }
    if let Some(reason) = &c.reason {
        let _ = writeln!(
            out,
            "{}",
            styled(DIM, &wrap(&escape(reason), "      ", WIDTH))
        );
    }
}
