//! Views of an assessment for the terminal and for machines (Markdown and HTML come from templates).

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled, wrap};
use crate::assess::{Assessment, Band, EvidenceRef, RequirementResult, Status};
use crate::catalogue::Catalogue;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const WIDTH: usize = 100;
/// How many of the worst requirements the terminal summary lists.
const WORST: usize = 15;

const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

pub fn json(assessment: &Assessment) -> String {
    super::view::json(assessment)
}

fn status_style(status: Status) -> Style {
    match status {
        Status::Conformant => GOOD,
        Status::Partial => WARN,
        Status::Gap => ERROR,
    }
}

fn status_label(status: Status) -> String {
    styled(status_style(status), &status.name().to_uppercase())
}

/// The status label padded to the width of the longest one, counting visible characters only.
fn padded_status_label(status: Status) -> String {
    let name = status.name().to_uppercase();
    format!(
        "{}{}",
        styled(status_style(status), &name),
        " ".repeat(10 - name.len())
    )
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

/// A 20-character bar for a 0–100 score.
fn bar(score: f64) -> String {
    let filled = ((score / 5.0).round() as usize).min(20);
    format!(
        "{}{}",
        styled(score_style(score), &"█".repeat(filled)),
        styled(DIM, &"░".repeat(20 - filled))
    )
}

/// The worst requirements first: gaps before partials, mandatory first, then heavier, then clause order
/// (see [`crate::views::worst_first`]).
pub fn worst_first(assessment: &Assessment) -> Vec<&RequirementResult> {
    crate::views::worst_first(assessment)
}

/// The compact coloured summary for a terminal.
pub fn table(a: &Assessment) -> String {
    let mut out = String::new();
    let who = escape(a.organisation.as_deref().unwrap_or("the evidence folder"));
    let _ = writeln!(
        out,
        "{}",
        styled(
            HEADING,
            &format!(
                "Gap analysis of {who} against {}:{} (catalogue {}), as of {}",
                a.catalogue.standard, a.catalogue.edition, a.catalogue.version, a.as_of
            )
        )
    );
    let s = &a.summary;
    let _ = writeln!(
        out,
        "Overall score {} / 100   {} conformant · {} partial · {} gap   ({} requirements, {} evidence files{})\n",
        styled(score_style(s.score).bold(), &format!("{:.1}", s.score)),
        styled(GOOD, &s.conformant.to_string()),
        styled(WARN, &s.partial.to_string()),
        styled(ERROR, &s.gap.to_string()),
        s.requirements,
        s.evidence_files,
        if s.overridden > 0 {
            format!(", {} judged by the assessor", s.overridden)
        } else {
            String::new()
        }
    );

    let mut table = Table::new(&["CLAUSE", "", "SCORE", "STATUS", "C", "P", "G"]);
    for c in &a.clauses {
        let top = c.clause.depth() == 1;
        let in_eight = c.clause.depth() == 2 && c.clause.top() == 8;
        if !(top || in_eight) {
            continue;
        }
        let label = if top {
            format!("{} {}", c.clause, escape(&c.title))
        } else {
            format!("  {} {}", c.clause, escape(&c.title))
        };
        table.row(vec![
            if top { styled(HEADING, &label) } else { label },
            bar(c.score),
            format!("{:>5.1}", c.score),
            c.status.name().to_string(),
            c.conformant.to_string(),
            c.partial.to_string(),
            c.gap.to_string(),
        ]);
    }
    out.push_str(&table.render());

    let m = &a.mandatory;
    let _ = writeln!(
        out,
        "\n{} {} of {} present, {} missing, {} expired, {} incomplete",
        styled(HEADING, "Mandatory documented information:"),
        m.present.len(),
        m.total,
        styled(
            if m.missing.is_empty() { DIM } else { ERROR },
            &m.missing.len().to_string()
        ),
        styled(
            if m.expired.is_empty() { DIM } else { WARN },
            &m.expired.len().to_string()
        ),
        styled(
            if m.incomplete.is_empty() { DIM } else { WARN },
            &m.incomplete.len().to_string()
        ),
    );
    for (label, ids) in [
        ("missing", &m.missing),
        ("expired", &m.expired),
        ("incomplete", &m.incomplete),
    ] {
        for id in ids {
            let title = a
                .requirements
                .iter()
                .find(|r| &r.id == id)
                .map_or("", |r| r.title.as_str());
            let _ = writeln!(
                out,
                "  {:<11} {}  {}",
                label,
                styled(ACCENT, &escape(id)),
                styled(DIM, &escape(title))
            );
        }
    }

    let worst = worst_first(a);
    if !worst.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            styled(
                HEADING,
                &format!(
                    "Worst gaps ({} of {} not conformant):",
                    worst.len().min(WORST),
                    worst.len()
                )
            )
        );
        for r in worst.iter().take(WORST) {
            let why = r
                .reasons
                .iter()
                .rev()
                .find(|reason| {
                    !matches!(
                        reason.rule,
                        "declared-evidence" | "inferred-evidence" | "inferred-only"
                    )
                })
                .map_or(String::new(), |reason| reason.text.clone());
            let _ = writeln!(
                out,
                "  {}{}",
                padded_status_label(r.status),
                styled(ACCENT, &escape(&r.id))
            );
            let _ = writeln!(
                out,
                "{}",
                styled(DIM, &wrap(&escape(&why), "            ", WIDTH))
            );
        }
    }
    if !a.set_aside.is_empty() {
        // Warnings go to standard error as they happen; here only what was set aside, and where to see it.
        let _ = writeln!(
            out,
            "\n{} file{} set aside as not evidence of conformity (the reasons: --format md or json)",
            a.set_aside.len(),
            if a.set_aside.len() == 1 { "" } else { "s" },
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        styled(
            DIM,
            "Run `iso20k explain ID DIR` for the full reasoning behind any status."
        )
    );
    out
}

/// Everything that led to one requirement's status.
/// Cited evidence as a table: path (with the section read), basis, role, date.
fn evidence_table(evidence: &[&EvidenceRef]) -> String {
    let mut table = Table::new(&["  PATH", "BASIS", "ROLE", "DATED"]);
    for e in evidence {
        table.row(vec![
            format!(
                "  {}{}",
                styled(ACCENT, &escape(&e.path)),
                e.section
                    .as_ref()
                    .map(|s| format!(" § {}", escape(s)))
                    .unwrap_or_default()
            ),
            format!("{:?}", e.basis).to_lowercase(),
            format!("{:?}", e.role).to_lowercase(),
            e.dated.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    table.render()
}

pub fn explain(catalogue: &Catalogue, a: &Assessment, r: &RequirementResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        styled(HEADING.underline(), &escape(&r.id)),
        styled(HEADING, &format!("{} {}", r.clause, escape(&r.title)))
    );
    let mut facts = vec![format!("status: {}", status_label(r.status))];
    if r.override_.is_some() {
        facts.push(format!("automatic: {}", status_label(r.automatic_status)));
    }
    facts.push(r.kind.name().to_string());
    if r.mandatory_document {
        facts.push("mandatory documented information".to_string());
    }
    facts.push(format!("weight {}", r.weight));
    facts.push(format!("as of {}", a.as_of));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    let _ = writeln!(out, "{}", wrap(&escape(&r.summary), "  ", WIDTH));
    if let Some(party) = &r.operated_by {
        let _ = writeln!(out, "\n  Operated by another party: {}", escape(party));
    }

    let _ = writeln!(out, "\n{}", styled(HEADING, "How the status was reached"));
    for reason in &r.reasons {
        let rule = styled(DIM, &format!("[{}]", reason.rule));
        let text = wrap(&escape(&reason.text), "      ", WIDTH);
        let _ = writeln!(out, "  - {rule} {}", text.trim_start());
    }

    let _ = writeln!(out, "\n{}", styled(HEADING, "Evidence considered"));
    let (accepted, suggested): (Vec<&EvidenceRef>, Vec<&EvidenceRef>) =
        r.evidence.iter().partition(|e| e.band == Band::Accepted);
    if r.evidence.is_empty() {
        let _ = writeln!(out, "  none");
    } else if accepted.is_empty() {
        let _ = writeln!(out, "  none accepted");
    } else {
        out.push_str(&evidence_table(&accepted));
    }
    if !suggested.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {}",
            styled(HEADING, "Suggested — confirm:"),
            styled(
                DIM,
                "found only by a title naming the clause's subject; never counts by itself"
            )
        );
        out.push_str(&evidence_table(&suggested));
    }

    if let Some(requirement) = catalogue.requirement(&r.id) {
        let _ = writeln!(out, "\n{}", styled(HEADING, "What the catalogue looks for"));
        let e = &requirement.evidence;
        let types: Vec<&str> = e.doc_types.iter().map(|t| t.name()).collect();
        let _ = writeln!(out, "  Document types: {}", types.join(", "));
        let _ = writeln!(out, "  Title hints: {}", escape(&e.title_hints.join(", ")));
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &escape(&format!("Keywords: {}", e.keywords.join(", "))),
                "  ",
                WIDTH
            )
        );
        if !e.elements.is_empty() {
            let names: Vec<&str> = e.elements.iter().map(|el| el.name.as_str()).collect();
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &escape(&format!("Elements: {}", names.join("; "))),
                    "  ",
                    WIDTH
                )
            );
        }
        if let Some(f) = e.freshness {
            let _ = writeln!(out, "  Freshness: latest record within {f}");
        }
        let _ = writeln!(
            out,
            "\n  Declare a file as evidence with `covers: [{}]` in its front matter or an iso20k.toml [[evidence]] entry.",
            r.id
        );
    }
    out
}
