//! `iso20k explain ID DIR --file PATH` for the terminal: one file, term by term, against each requirement.

use super::text::{ACCENT, DIM, ERROR, HEADING, WARN, escape, styled, wrap};
use crate::assess::{FileExplanation, FileFacts, FileVerdict, PhraseFound, Verdict};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const WIDTH: usize = 100;
const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

/// The breakdown as text: the file's facts, then each requirement's phrases and verdict.
pub fn text(e: &FileExplanation) -> String {
    let mut out = file_facts(&e.file, e);
    for verdict in &e.requirements {
        out.push('\n');
        out.push_str(&requirement(verdict));
    }
    out
}

fn file_facts(f: &FileFacts, e: &FileExplanation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        styled(HEADING.underline(), &escape(&f.path)),
        styled(
            DIM,
            &format!(
                "{} · {} words · as of {}",
                format!("{:?}", f.format).to_lowercase(),
                f.words,
                e.as_of
            )
        )
    );
    let _ = writeln!(out, "  Title: {}", escape(&f.title));
    let signals: Vec<String> = f
        .kind_signals
        .iter()
        .map(|s| format!("{} \"{}\"", s.signal, escape(&s.detail)))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &format!(
                "Kind: {}{}",
                f.kind.name(),
                if signals.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", signals.join("; "))
                }
            ),
            "  ",
            WIDTH
        )
    );
    let set_aside = match &f.set_aside {
        Some(reason) => format!("{} {}", styled(ERROR, "yes:"), escape(reason)),
        None => "no".to_string(),
    };
    let _ = writeln!(
        out,
        "{}",
        wrap(&format!("Set aside: {set_aside}"), "  ", WIDTH)
    );

    let m = &f.metadata;
    let mut facts: Vec<String> = Vec::new();
    let source = |field: &str| {
        f.metadata_sources
            .iter()
            .find(|s| s.field == field)
            .map(|s| {
                let from = serde_json::to_value(s.source)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                    .unwrap_or_default();
                match &s.at {
                    Some(at) => format!(" [{}]", escape(at)),
                    None => format!(" [{from}]"),
                }
            })
            .unwrap_or_default()
    };
    let mut fact = |field: &str, label: &str, value: Option<String>| {
        if let Some(value) = value {
            facts.push(format!("{label} {}{}", escape(&value), source(field)));
        }
    };
    fact(
        "status",
        "status",
        m.status.map(|s| format!("{s:?}").to_lowercase()),
    );
    fact("owner", "owner", m.owner.clone());
    fact("version", "version", m.version.clone());
    fact("approved_by", "approved by", m.approved_by.clone());
    fact(
        "approved_on",
        "approved on",
        m.approved_on.map(|d| d.to_string()),
    );
    fact("effective", "effective", m.effective.map(|d| d.to_string()));
    fact(
        "last_reviewed",
        "last reviewed",
        m.last_reviewed.map(|d| d.to_string()),
    );
    fact(
        "review_due",
        "review due",
        m.review_due.map(|d| d.to_string()),
    );
    fact("date", "dated", m.date.map(|d| d.to_string()));
    fact("modified", "modified", m.modified.map(|d| d.to_string()));
    let metadata = if facts.is_empty() {
        "none recorded".to_string()
    } else {
        facts.join("; ")
    };
    let _ = writeln!(
        out,
        "{}",
        wrap(&format!("Metadata: {metadata}"), "  ", WIDTH)
    );
    if !m.declares.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("Declares: {}", escape(&m.declares.join(", "))),
                "  ",
                WIDTH
            )
        );
    }
    if !f.clause_refs.is_empty() {
        let refs: Vec<String> = f
            .clause_refs
            .iter()
            .map(|c| match c.edition {
                Some(edition) => format!("{} ({}, line {})", c.clause, edition.year(), c.line),
                None => format!("{} (line {})", c.clause, c.line),
            })
            .collect();
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!("Clause references: {}", escape(&refs.join(", "))),
                "  ",
                WIDTH
            )
        );
    }
    for series in &f.series {
        let span = match (series.first, series.last) {
            (Some(first), Some(last)) => format!(", {first} to {last}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  Record series: {} ({} rows by {}{span})",
            series.process.unwrap_or("process not told"),
            series.rows,
            escape(&series.event_column)
        );
    }
    out
}

fn verdict_label(verdict: Verdict) -> String {
    let style = match verdict {
        Verdict::Accepted => GOOD,
        Verdict::Suggested => WARN,
        Verdict::Rejected => ERROR,
    };
    styled(style, &verdict.name().to_uppercase())
}

fn requirement(v: &FileVerdict) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  {}",
        styled(HEADING.underline(), &escape(&v.id)),
        styled(HEADING, &format!("{} {}", v.clause, escape(&v.title))),
        styled(
            DIM,
            &format!("({} · status {})", v.kind.name(), v.status.name())
        )
    );
    let _ = writeln!(
        out,
        "{}",
        wrap(
            &format!("{} {}", verdict_label(v.verdict), escape(&v.why)),
            "  ",
            WIDTH
        )
    );
    let candidate = match &v.candidate {
        Some(c) => {
            let mut how = format!("{:?}", c.basis).to_lowercase();
            match (&c.section, c.through) {
                (Some(section), _) => {
                    let _ = write!(how, ", through its section {}", escape(section));
                }
                (None, "series") => how.push_str(", as a record series of the process"),
                _ => how.push_str(", the whole file"),
            }
            if c.topic_only {
                how.push_str("; by the clause's subject only");
            }
            if c.off_type {
                how.push_str("; of a type the requirement does not list");
            }
            format!("yes ({how})")
        }
        None => "no".to_string(),
    };
    let _ = writeln!(
        out,
        "{}",
        wrap(&format!("Candidate: {candidate}"), "  ", WIDTH)
    );
    let _ = writeln!(out, "  Phrases the requirement looks for:");
    for group in &v.groups {
        if group.phrases.is_empty() {
            continue;
        }
        let found = group.phrases.iter().filter(|p| p.found).count();
        let name = match (&group.name, group.group) {
            (Some(name), _) => format!("element \"{}\"", escape(name)),
            (None, "title-hints") => "title hints".to_string(),
            (None, "topics") => "clause subject (topics)".to_string(),
            (None, "sections") => "section words".to_string(),
            (None, other) => other.to_string(),
        };
        let _ = writeln!(
            out,
            "    {} {}",
            styled(HEADING, &name),
            styled(DIM, &format!("({found} of {} found)", group.phrases.len()))
        );
        for phrase in &group.phrases {
            let _ = writeln!(out, "{}", wrap(&phrase_line(phrase), "        ", WIDTH));
        }
    }
    if !v.reasons.is_empty() {
        let _ = writeln!(out, "  Reasons naming this file:");
        for reason in &v.reasons {
            let rule = styled(DIM, &format!("[{}]", reason.rule));
            let text = wrap(&escape(&reason.text), "        ", WIDTH);
            let _ = writeln!(out, "    - {rule} {}", text.trim_start());
        }
    }
    out
}

fn phrase_line(p: &PhraseFound) -> String {
    if !p.found {
        return format!("{} \"{}\"", styled(DIM, "·"), escape(&p.phrase));
    }
    let mut at: Vec<String> = Vec::new();
    if p.title {
        at.push("title or file name".to_string());
    }
    if p.headings {
        at.push("headings".to_string());
    }
    if p.body {
        if p.sections.is_empty() {
            at.push("text".to_string());
        } else {
            let sections: Vec<String> = p.sections.iter().map(|s| format!("§ {s}")).collect();
            at.push(format!("text: {}", escape(&sections.join(", "))));
        }
    }
    format!(
        "{} \"{}\": {}",
        styled(GOOD, "✓"),
        styled(ACCENT, &escape(&p.phrase)),
        at.join("; ")
    )
}
