//! Views of the catalogue itself: the requirement list, one requirement in full, validation problems.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, styled, wrap};
use crate::catalogue::{Catalogue, Header, Problem, Requirement};
use serde::Serialize;
use std::fmt::Write;

const WIDTH: usize = 100;

/// The requirement list as an aligned table, with a one-line footer.
pub fn list_table(catalogue: &Catalogue, requirements: &[&Requirement]) -> String {
    let mut table = Table::new(&["ID", "KIND", "MANDATORY", "PHASE", "CLAUSE TITLE"]);
    for r in requirements {
        table.row(vec![
            styled(ACCENT, &r.id),
            r.kind.name().to_string(),
            if r.mandatory_document {
                styled(WARN, "yes")
            } else {
                String::new()
            },
            r.phase.to_string(),
            r.title.clone(),
        ]);
    }
    let mut out = table.render();
    let mandatory = requirements.iter().filter(|r| r.mandatory_document).count();
    let footer = format!(
        "{} requirement{} ({} mandatory documented information) from {} catalogue {}",
        requirements.len(),
        if requirements.len() == 1 { "" } else { "s" },
        mandatory,
        catalogue.name(),
        catalogue.header.version
    );
    let _ = writeln!(out, "\n{}", styled(DIM, &footer));
    out
}

/// The JSON form of a requirement list: the catalogue header and the requirements.
#[derive(Serialize)]
struct Listing<'a> {
    #[serde(flatten)]
    header: &'a Header,
    count: usize,
    requirements: &'a [&'a Requirement],
}

pub fn list_json(catalogue: &Catalogue, requirements: &[&Requirement]) -> String {
    let listing = Listing {
        header: &catalogue.header,
        count: requirements.len(),
        requirements,
    };
    let mut out = serde_json::to_string_pretty(&listing).expect("listing serialises");
    out.push('\n');
    out
}

pub fn list_yaml(catalogue: &Catalogue, requirements: &[&Requirement]) -> String {
    let listing = Listing {
        header: &catalogue.header,
        count: requirements.len(),
        requirements,
    };
    crate::yaml::to_string(&listing).expect("listing serialises")
}

/// Everything about one requirement, for reading in a terminal.
pub fn show_text(catalogue: &Catalogue, r: &Requirement) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        styled(HEADING.underline(), &r.id),
        styled(HEADING, &format!("{} {}", r.clause, r.title))
    );
    let process = catalogue
        .process(&r.process)
        .map_or(r.process.as_str(), |p| p.name.as_str());
    let mut facts = vec![format!("kind: {}", r.kind.name())];
    if r.mandatory_document {
        facts.push(styled(WARN, "mandatory documented information"));
    }
    facts.push(format!("process: {process}"));
    facts.push(format!("phase {}", r.phase));
    facts.push(format!("weight {}", r.weight));
    if let Some(days) = r.effort_days {
        facts.push(format!(
            "effort {days} day{}",
            if days == 1.0 { "" } else { "s" }
        ));
    }
    let _ = writeln!(out, "{}\n", styled(DIM, &facts.join(" · ")));
    let _ = writeln!(out, "{}", wrap(&r.summary, "  ", WIDTH));

    section(&mut out, "Evidence");
    let e = &r.evidence;
    field(
        &mut out,
        "Document types",
        &e.doc_types
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(", "),
    );
    field(&mut out, "Title hints", &e.title_hints.join(", "));
    field(&mut out, "Keywords", &e.keywords.join(", "));
    if let Some(freshness) = e.freshness {
        let recurring = e
            .recurrence
            .map(|r| format!(", recurring {}", r.name()))
            .unwrap_or_default();
        field(
            &mut out,
            "Freshness",
            &format!("latest record within {freshness}{recurring}"),
        );
    } else if let Some(recurrence) = e.recurrence {
        field(&mut out, "Recurrence", recurrence.name());
    }
    if !e.elements.is_empty() {
        let _ = writeln!(out, "  {}", styled(HEADING, "Must contain:"));
        for element in &e.elements {
            let line = format!(
                "{} {}",
                element.name,
                styled(DIM, &format!("({})", element.keywords.join(", ")))
            );
            let _ = writeln!(out, "    - {}", wrap(&line, "      ", WIDTH).trim_start());
        }
    }

    section(&mut out, "Audit");
    let stages: Vec<String> = r
        .audit
        .stages
        .iter()
        .map(|s| match s {
            1 => "Stage 1 (documentation review)".to_string(),
            _ => "Stage 2 (implementation)".to_string(),
        })
        .collect();
    field(&mut out, "Stages", &stages.join(", "));
    if !r.audit.interview.is_empty() {
        field(&mut out, "Interview", &r.audit.interview.join(", "));
    }
    let _ = writeln!(out, "  {}", styled(HEADING, "Questions:"));
    for question in &r.audit.questions {
        let wrapped = wrap(question, "      ", WIDTH);
        let _ = writeln!(out, "    - {}", wrapped.trim_start());
    }

    if !r.related.is_empty() {
        section(&mut out, "Related");
        let mut table = Table::new(&[]);
        for id in &r.related {
            let title = catalogue
                .requirement(id)
                .map(|other| format!("{} {}", other.clause, other.title))
                .unwrap_or_default();
            table.row(vec![format!("  {}", styled(ACCENT, id)), title]);
        }
        // The header row of an empty-header table is blank: skip it.
        out.push_str(table.render().trim_start_matches('\n'));
    }
    out
}

/// One requirement as JSON.
pub fn show_json(r: &Requirement) -> String {
    let mut out = serde_json::to_string_pretty(r).expect("requirement serialises");
    out.push('\n');
    out
}

/// One requirement as YAML.
pub fn show_yaml(r: &Requirement) -> String {
    crate::yaml::to_string(r).expect("requirement serialises")
}

/// Validation problems, one per line, then a count.
pub fn problems_text(origin: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    for problem in problems {
        let _ = writeln!(
            out,
            "{}: {} {}",
            problem.location,
            styled(ERROR, "error:"),
            problem.message
        );
    }
    let _ = writeln!(
        out,
        "{}",
        styled(
            ERROR,
            &format!(
                "{origin}: {} problem{} found; the catalogue is not valid",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )
        )
    );
    out
}

/// The one-line confirmation of a valid catalogue.
pub fn valid_text(catalogue: &Catalogue) -> String {
    let mandatory = catalogue
        .requirements
        .iter()
        .filter(|r| r.mandatory_document)
        .count();
    format!(
        "{}: valid {} catalogue {} ({} requirements in {} clauses, {} mandatory documented information)\n",
        catalogue.origin,
        catalogue.name(),
        catalogue.header.version,
        catalogue.requirements.len(),
        catalogue.clauses.len(),
        mandatory
    )
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{}", styled(HEADING, title));
}

/// `  Name: value`, the value wrapped with a hanging indent.
fn field(out: &mut String, name: &str, value: &str) {
    let label = format!("{name}:");
    let indent = " ".repeat(label.len() + 3);
    let wrapped = wrap(value, &indent, WIDTH);
    let _ = writeln!(
        out,
        "  {} {}",
        styled(HEADING, &label),
        wrapped.trim_start()
    );
}
