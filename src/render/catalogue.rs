//! Views of the catalogue itself: the requirement list, one requirement in full, validation problems.

use super::text::{ACCENT, DIM, ERROR, HEADING, Table, WARN, escape, styled, wrap};
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
            escape(&r.title).into_owned(),
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
        styled(HEADING.underline(), &escape(&r.id)),
        styled(HEADING, &format!("{} {}", r.clause, escape(&r.title)))
    );
    let process = catalogue
        .process(&r.process)
        .map_or(r.process.as_str(), |p| p.name.as_str());
    let mut facts = vec![format!("kind: {}", r.kind.name())];
    if r.mandatory_document {
        facts.push(styled(WARN, "mandatory documented information"));
    }
    facts.push(format!("process: {}", escape(process)));
    facts.push(format!("phase {}", r.phase));
    facts.push(format!("weight {}", r.weight));
    if let Some(days) = r.effort_days {
        facts.push(format!(
            "effort {days} day{}",
            if days == 1.0 { "" } else { "s" }
        ));
    }
    let _ = writeln!(out, "{}\n", styled(DIM, &facts.join(" · ")));
    let _ = writeln!(out, "{}", wrap(&escape(&r.summary), "  ", WIDTH));

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
    if e.mandatory_set {
        field(
            &mut out,
            "Judged",
            "as the set of mandatory documents: where no document lists it, the sound ones found stand for it in part",
        );
    }
    if e.document_reviews {
        field(
            &mut out,
            "Judged",
            "with the review dates of every document: two or more in force past theirs keep it partial",
        );
    }
    if !e.elements.is_empty() {
        let _ = writeln!(out, "  {}", styled(HEADING, "Must contain:"));
        for element in &e.elements {
            let line = format!(
                "{}{} {}",
                escape(&element.name),
                if element.essential {
                    " [essential]"
                } else {
                    ""
                },
                styled(DIM, &format!("({})", escape(&element.keywords.join(", "))))
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
        let wrapped = wrap(&escape(question), "      ", WIDTH);
        let _ = writeln!(out, "    - {}", wrapped.trim_start());
    }

    if !r.related.is_empty() {
        section(&mut out, "Related");
        let mut table = Table::new(&[]);
        for id in &r.related {
            let title = catalogue
                .requirement(id)
                .map(|other| format!("{} {}", other.clause, escape(&other.title)))
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
            escape(&problem.location.to_string()),
            styled(ERROR, "error:"),
            escape(&problem.message)
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
    let wrapped = wrap(&escape(value), &indent, WIDTH);
    let _ = writeln!(
        out,
        "  {} {}",
        styled(HEADING, &label),
        wrapped.trim_start()
    );
}

/// The one-line confirmation of a valid mapping.
pub fn valid_mapping_text(
    name: &str,
    from: &Catalogue,
    to: &Catalogue,
    mapping: &crate::catalogue::Mapping,
) -> String {
    format!(
        "{name}: valid mapping from {} to {} ({} requirements mapped, {} new in {})\n",
        from.name(),
        to.name(),
        mapping.mappings.len(),
        mapping.new_in_to.len(),
        to.header.edition
    )
}

/// The one-line confirmation of valid capability rules.
pub fn valid_capability_text(name: &str, rules: &crate::catalogue::CapabilityRules) -> String {
    let attributes: usize = rules.levels.iter().map(|l| l.attributes.len()).sum();
    let signals: usize = rules
        .levels
        .iter()
        .flat_map(|l| &l.attributes)
        .map(|a| a.signals.len())
        .sum();
    format!(
        "{name}: valid capability rules {} for the {} edition ({} levels, {attributes} attributes, {signals} signal rules)\n",
        rules.version,
        rules.edition,
        rules.levels.len()
    )
}

/// Counts of each relation, and of changed requirements.
fn map_counts(mapping: &crate::catalogue::Mapping) -> String {
    use crate::catalogue::Relation;
    let count = |r: Relation| mapping.mappings.iter().filter(|m| m.relation == r).count();
    format!(
        "{} one-to-one, {} one-to-many, {} dropped; {} changed substantively; {} requirements new in {}",
        count(Relation::OneToOne),
        count(Relation::OneToMany),
        count(Relation::Dropped),
        mapping.mappings.iter().filter(|m| m.changed).count(),
        mapping.new_in_to.len(),
        mapping.to
    )
}

/// The new requirements grouped by the clause they sit in: (clause, title, ids).
fn new_by_clause<'a>(
    to: &'a Catalogue,
    mapping: &'a crate::catalogue::Mapping,
) -> Vec<(String, String, Vec<&'a str>)> {
    let mut groups: Vec<(String, String, Vec<&str>)> = Vec::new();
    for id in &mapping.new_in_to {
        let Some(r) = to.requirement(id) else {
            continue;
        };
        let clause = r.clause.to_string();
        match groups.last_mut() {
            Some((c, _, ids)) if *c == clause => ids.push(id),
            _ => groups.push((clause, r.title.clone(), vec![id])),
        }
    }
    groups
}

pub fn map_table(from: &Catalogue, to: &Catalogue, mapping: &crate::catalogue::Mapping) -> String {
    let mut table = Table::new(&[
        &format!("{} REQUIREMENT", mapping.from),
        "RELATION",
        "CHANGED",
        &format!("{} REQUIREMENTS", mapping.to),
    ]);
    for m in &mapping.mappings {
        table.row(vec![
            styled(ACCENT, &m.from),
            m.relation.name().to_string(),
            if m.changed {
                styled(WARN, "yes")
            } else {
                String::new()
            },
            if m.to.is_empty() {
                styled(DIM, "(no counterpart)")
            } else {
                m.to.join(", ")
            },
        ]);
    }
    let mut out = table.render();
    let _ = writeln!(
        out,
        "\n{}",
        styled(
            HEADING,
            &format!("New in {} (no {} counterpart):", mapping.to, mapping.from)
        )
    );
    for (clause, title, ids) in new_by_clause(to, mapping) {
        let _ = writeln!(out, "  {}", styled(HEADING, &format!("{clause} {title}")));
        let _ = writeln!(out, "{}", wrap(&ids.join(", "), "    ", WIDTH));
    }
    let _ = writeln!(
        out,
        "\n{}",
        styled(
            DIM,
            &format!("{} → {}: {}", from.name(), to.name(), map_counts(mapping))
        )
    );
    out
}

pub fn map_markdown(
    from: &Catalogue,
    to: &Catalogue,
    mapping: &crate::catalogue::Mapping,
) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "# {} → {}\n\n{}. The mapping is the toolkit's own reading, not text of either edition.\n\n## New in {}\n\n",
        from.name(),
        to.name(),
        map_counts(mapping),
        mapping.to
    );
    for (clause, title, ids) in new_by_clause(to, mapping) {
        let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
        let _ = writeln!(out, "- **{clause} {}**: {}", cell(&title), ids.join(", "));
    }
    let _ = writeln!(
        out,
        "\n## Correspondence\n\n| {} requirement | {} clause | Relation | Changed | {} requirements | Note |\n|---|---|---|---|---|---|",
        mapping.from, mapping.from, mapping.to
    );
    for m in &mapping.mappings {
        let clause = from
            .requirement(&m.from)
            .map(|r| format!("{} {}", r.clause, r.title))
            .unwrap_or_default();
        let targets: Vec<String> = m.to.iter().map(|t| format!("`{t}`")).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            m.from,
            cell(&clause),
            m.relation.name(),
            if m.changed { "yes" } else { "" },
            if targets.is_empty() {
                "—".to_string()
            } else {
                targets.join(", ")
            },
            cell(m.note.as_deref().unwrap_or(""))
        );
    }
    out
}

pub fn map_json(from: &Catalogue, to: &Catalogue, mapping: &crate::catalogue::Mapping) -> String {
    let new: Vec<serde_json::Value> = mapping
        .new_in_to
        .iter()
        .filter_map(|id| to.requirement(id))
        .map(|r| serde_json::json!({ "id": r.id, "clause": r.clause, "title": r.title }))
        .collect();
    let value = serde_json::json!({
        "from": { "standard": from.header.standard, "edition": from.header.edition, "version": from.header.version },
        "to": { "standard": to.header.standard, "edition": to.header.edition, "version": to.header.version },
        "mappings": mapping.mappings,
        "new": new,
    });
    let mut out = serde_json::to_string_pretty(&value).expect("mapping serialises");
    out.push('\n');
    out
}

/// The one-line confirmation of a valid crosswalk.
pub fn valid_crosswalk_text(name: &str, crosswalk: &crate::catalogue::Crosswalk) -> String {
    let per: Vec<String> = crosswalk
        .targets
        .iter()
        .map(|t| {
            let links = crosswalk
                .links
                .iter()
                .filter(|l| l.standard == t.key)
                .count();
            format!("{} {links}", t.key)
        })
        .collect();
    format!(
        "{name}: valid crosswalk {} for the {} edition ({} links: {})\n",
        crosswalk.version,
        crosswalk.edition,
        crosswalk.links.len(),
        per.join(", ")
    )
}

/// A link's source as text (`8.6.1`, or a requirement id) and its short title.
fn link_source(catalogue: &Catalogue, link: &crate::catalogue::Link) -> (String, String) {
    use crate::catalogue::LinkSource;
    match &link.source {
        LinkSource::Clause(clause) => (
            clause.to_string(),
            catalogue
                .clause(clause)
                .map_or(String::new(), |c| c.title.clone()),
        ),
        LinkSource::Requirement(id) => (
            id.clone(),
            catalogue
                .requirement(id)
                .map_or(String::new(), |r| r.title.clone()),
        ),
    }
}

/// The links to one framework, in the crosswalk's order.
fn links_to<'c>(
    crosswalk: &'c crate::catalogue::Crosswalk,
    key: &str,
) -> Vec<&'c crate::catalogue::Link> {
    crosswalk
        .links
        .iter()
        .filter(|l| l.standard == key)
        .collect()
}

/// `iso20k catalogue crosswalk --to KEY` for the terminal.
pub fn crosswalk_table(
    catalogue: &Catalogue,
    crosswalk: &crate::catalogue::Crosswalk,
    key: &str,
) -> String {
    let name = crosswalk.target(key).map_or(key, |t| t.name.as_str());
    let mut out = format!(
        "{}\n\n",
        styled(
            HEADING,
            &format!(
                "{} → {name} (crosswalk {}, the toolkit's own reading)",
                catalogue.name(),
                crosswalk.version
            )
        )
    );
    let mut table = Table::new(&[
        "20000-1",
        "TITLE",
        &key.to_ascii_uppercase(),
        "TARGET TITLE",
        "RELATION",
        "CONFIDENCE",
    ]);
    for link in links_to(crosswalk, key) {
        let (source, title) = link_source(catalogue, link);
        table.row(vec![
            source,
            escape(&title).into_owned(),
            link.id.clone(),
            escape(crosswalk.title(key, &link.id)).into_owned(),
            link.relation.name().to_string(),
            link.confidence.name().to_string(),
        ]);
    }
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "{}",
        styled(
            DIM,
            "relation: how the ISO/IEC 20000-1 side relates to the target (equal, subset, superset, intersect). A \
             clause's link applies to every requirement of it."
        )
    );
    out
}

/// The same as Markdown.
pub fn crosswalk_markdown(
    catalogue: &Catalogue,
    crosswalk: &crate::catalogue::Crosswalk,
    key: &str,
) -> String {
    let name = crosswalk.target(key).map_or(key, |t| t.name.as_str());
    let mut out = format!(
        "# {} → {name}\n\nCrosswalk {}, the toolkit's own reading: clause numbers, short titles and practice \
         names only. Relation: how the ISO/IEC 20000-1 side relates to the target.\n\n| ISO/IEC 20000-1 | {name} | Relation | Confidence |\n|---|---|---|---|\n",
        catalogue.name(),
        crosswalk.version
    );
    let cell = |text: &str| escape(text).replace('|', "\\|");
    for link in links_to(crosswalk, key) {
        let (source, title) = link_source(catalogue, link);
        let _ = writeln!(
            out,
            "| {source} {} | {} {} | {} | {} |",
            cell(&title),
            link.id,
            cell(crosswalk.title(key, &link.id)),
            link.relation.name(),
            link.confidence.name()
        );
    }
    out
}

/// The same as JSON: every link with the requirements it covers.
pub fn crosswalk_json(
    catalogue: &Catalogue,
    crosswalk: &crate::catalogue::Crosswalk,
    key: &str,
) -> String {
    let links: Vec<serde_json::Value> = links_to(crosswalk, key)
        .into_iter()
        .map(|link| {
            let (source, title) = link_source(catalogue, link);
            let requirements: Vec<&str> = catalogue
                .requirements
                .iter()
                .filter(|r| link.covers(r))
                .map(|r| r.id.as_str())
                .collect();
            serde_json::json!({
                "source": source,
                "source_title": title,
                "requirements": requirements,
                "id": link.id,
                "title": crosswalk.title(key, &link.id),
                "relation": link.relation,
                "confidence": link.confidence,
            })
        })
        .collect();
    let value = serde_json::json!({
        "catalogue": { "standard": catalogue.header.standard, "edition": catalogue.header.edition, "version": catalogue.header.version },
        "crosswalk_version": crosswalk.version,
        "framework": { "key": key, "name": crosswalk.target(key).map(|t| t.name.clone()) },
        "links": links,
    });
    let mut out = serde_json::to_string_pretty(&value).expect("crosswalk serialises");
    out.push('\n');
    out
}

/// A requirement's crosswalk links, for `catalogue show`.
pub fn crosswalk_links_text(crosswalk: &crate::catalogue::Crosswalk, r: &Requirement) -> String {
    let links = crosswalk.links_of(r);
    let mut out = format!("\n{}\n", styled(HEADING, "Crosswalks"));
    if links.is_empty() {
        out.push_str("  none\n");
        return out;
    }
    for target in &crosswalk.targets {
        let mine: Vec<String> = links
            .iter()
            .filter(|l| l.standard == target.key)
            .map(|l| {
                format!(
                    "{} {} ({}, {} confidence)",
                    l.id,
                    escape(crosswalk.title(&target.key, &l.id)),
                    l.relation.name(),
                    l.confidence.name()
                )
            })
            .collect();
        if !mine.is_empty() {
            let _ = writeln!(
                out,
                "  {}: {}",
                styled(ACCENT, &target.name),
                mine.join("; ")
            );
        }
    }
    out
}
