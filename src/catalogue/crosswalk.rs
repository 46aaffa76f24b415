//! Crosswalks from the catalogue's requirements to other frameworks run beside ISO/IEC 20000-1: ITIL 4
//! practices, ISO/IEC 27001:2022 and ISO 9001:2015 (`requirements/crosswalk-2018.yaml`, the toolkit's own
//! reading: clause numbers, short titles and practice names only). Each link carries its relationship
//! (`equal | subset | superset | intersect`) and a confidence mark. Validated like a catalogue, every
//! problem with its file and line.

use super::{Catalogue, ClauseNumber, Location, Problem, Requirement};
use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The crosswalks compiled into the binary: (edition, file name, text).
const EMBEDDED: &[(&str, &str, &str)] = &[(
    "2018",
    "crosswalk-2018.yaml",
    include_str!("../../requirements/crosswalk-2018.yaml"),
)];

/// The frameworks a crosswalk may map to, by key.
pub const STANDARDS: [&str; 3] = ["itil4", "iso27001", "iso9001"];

/// A validated crosswalk.
#[derive(Debug, Clone, Serialize)]
pub struct Crosswalk {
    pub version: String,
    pub edition: String,
    pub targets: Vec<Target>,
    pub links: Vec<Link>,
}

/// A framework mapped to and the practices or clauses it has.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    /// `itil4`, `iso27001` or `iso9001`.
    pub key: String,
    pub name: String,
    pub items: Vec<TargetItem>,
}

/// A practice or clause of a target framework: its id and short title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetItem {
    pub id: String,
    pub title: String,
}

/// What a link starts from: every requirement of a clause, or one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkSource {
    Clause(ClauseNumber),
    Requirement(String),
}

/// How the 20000-1 side relates to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkRelation {
    Equal,
    Subset,
    Superset,
    Intersect,
}

/// How sure the toolkit is of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// One link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub source: LinkSource,
    /// The target framework's key.
    pub standard: String,
    /// The practice or clause id within it.
    pub id: String,
    pub relation: LinkRelation,
    pub confidence: Confidence,
}

impl LinkRelation {
    pub fn name(self) -> &'static str {
        match self {
            LinkRelation::Equal => "equal",
            LinkRelation::Subset => "subset",
            LinkRelation::Superset => "superset",
            LinkRelation::Intersect => "intersect",
        }
    }
}

impl Confidence {
    pub fn name(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

impl Link {
    /// Whether the link applies to `requirement`.
    pub fn covers(&self, requirement: &Requirement) -> bool {
        match &self.source {
            LinkSource::Clause(clause) => &requirement.clause == clause,
            LinkSource::Requirement(id) => &requirement.id == id,
        }
    }
}

impl Crosswalk {
    /// The embedded crosswalk for the catalogue's edition, validated against it.
    pub fn embedded(catalogue: &Catalogue) -> Option<Result<Crosswalk, Vec<Problem>>> {
        EMBEDDED
            .iter()
            .find(|(edition, _, _)| *edition == catalogue.header.edition)
            .map(|(_, name, text)| Crosswalk::parse(&format!("embedded:{name}"), text, catalogue))
    }

    pub fn target(&self, key: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.key == key)
    }

    /// The short title of a target item.
    pub fn title(&self, standard: &str, id: &str) -> &str {
        self.target(standard)
            .and_then(|t| t.items.iter().find(|i| i.id == id))
            .map_or("", |i| i.title.as_str())
    }

    /// The links of `requirement`, in file order.
    pub fn links_of<'c>(&'c self, requirement: &Requirement) -> Vec<&'c Link> {
        self.links
            .iter()
            .filter(|l| l.covers(requirement))
            .collect()
    }

    /// Parses and validates `text` (named `name` in problems) against `catalogue`.
    pub fn parse(name: &str, text: &str, catalogue: &Catalogue) -> Result<Crosswalk, Vec<Problem>> {
        let at = |line: u64, column: u64| Location::at(name, line, column);
        let raw: RawCrosswalk = super::problem::parse_yaml(name, text)?;
        let mut problems = Vec::new();
        let mut report =
            |location: Location, message: String| problems.push(Problem { location, message });
        let spot = |line: u64, column: u64| at(line, column);
        if raw.edition.value != catalogue.header.edition {
            report(
                spot(
                    raw.edition.referenced.line(),
                    raw.edition.referenced.column(),
                ),
                format!(
                    "edition `{}` does not match the catalogue's `{}`",
                    raw.edition.value, catalogue.header.edition
                ),
            );
        }
        let mut targets = Vec::new();
        for (key, target) in &raw.targets {
            let here = spot(target.referenced.line(), target.referenced.column());
            if !STANDARDS.contains(&key.as_str()) {
                report(
                    here.clone(),
                    format!(
                        "unknown framework `{key}` (expected one of {})",
                        STANDARDS.join(", ")
                    ),
                );
            }
            let mut seen: BTreeMap<&str, Location> = BTreeMap::new();
            for item in &target.value.items {
                let item_at = spot(item.referenced.line(), item.referenced.column());
                if let Some(first) = seen.get(item.value.id.as_str()) {
                    report(
                        item_at.clone(),
                        format!("`{key}` lists `{}` twice (first at {first})", item.value.id),
                    );
                }
                if item.value.title.trim().is_empty() {
                    report(item_at.clone(), format!("`{}` has no title", item.value.id));
                }
                seen.insert(&item.value.id, item_at);
            }
            targets.push(Target {
                key: key.clone(),
                name: target.value.name.clone(),
                items: target
                    .value
                    .items
                    .iter()
                    .map(|i| TargetItem {
                        id: i.value.id.clone(),
                        title: i.value.title.clone(),
                    })
                    .collect(),
            });
        }
        let mut links = Vec::new();
        let mut linked: BTreeMap<(String, String, String), Location> = BTreeMap::new();
        for entry in &raw.links {
            let here = spot(entry.referenced.line(), entry.referenced.column());
            let e = &entry.value;
            let source = match (&e.clause, &e.requirement) {
                (Some(clause), None) => match clause.parse::<ClauseNumber>() {
                    Ok(number) if catalogue.requirements.iter().any(|r| r.clause == number) => {
                        Some(LinkSource::Clause(number))
                    }
                    Ok(number) => {
                        report(
                            here.clone(),
                            format!(
                                "clause {number} holds no requirement of the {} catalogue",
                                catalogue.name()
                            ),
                        );
                        None
                    }
                    Err(err) => {
                        report(here.clone(), err.to_string());
                        None
                    }
                },
                (None, Some(id)) if catalogue.requirement(id).is_some() => {
                    Some(LinkSource::Requirement(id.clone()))
                }
                (None, Some(id)) => {
                    report(
                        here.clone(),
                        format!(
                            "`{id}` is not a requirement of the {} catalogue",
                            catalogue.name()
                        ),
                    );
                    None
                }
                _ => {
                    report(
                        here.clone(),
                        "a link needs exactly one of `clause` or `requirement`".to_string(),
                    );
                    None
                }
            };
            let from = e
                .clause
                .clone()
                .or(e.requirement.clone())
                .unwrap_or_default();
            for to in &e.to {
                let to_at = spot(to.referenced.line(), to.referenced.column());
                let t = &to.value;
                let known = targets
                    .iter()
                    .find(|target| target.key == t.standard)
                    .map(|target| target.items.iter().any(|i| i.id == t.id));
                match known {
                    None => report(
                        to_at.clone(),
                        format!("unknown framework `{}` (not under `targets`)", t.standard),
                    ),
                    Some(false) => report(
                        to_at.clone(),
                        format!(
                            "`{}` is not an item of `{}` (list it under `targets`)",
                            t.id, t.standard
                        ),
                    ),
                    Some(true) => {}
                }
                let key = (from.clone(), t.standard.clone(), t.id.clone());
                if let Some(first) = linked.get(&key) {
                    report(
                        to_at.clone(),
                        format!(
                            "`{from}` is linked to {} `{}` twice (first at {first})",
                            t.standard, t.id
                        ),
                    );
                } else {
                    linked.insert(key, to_at.clone());
                }
                let relation = match t.relation.as_str() {
                    "equal" => Some(LinkRelation::Equal),
                    "subset" => Some(LinkRelation::Subset),
                    "superset" => Some(LinkRelation::Superset),
                    "intersect" => Some(LinkRelation::Intersect),
                    other => {
                        report(
                            to_at.clone(),
                            format!(
                                "unknown relation `{other}` (expected equal, subset, superset or intersect)"
                            ),
                        );
                        None
                    }
                };
                let confidence = match t.confidence.as_str() {
                    "high" => Some(Confidence::High),
                    "medium" => Some(Confidence::Medium),
                    "low" => Some(Confidence::Low),
                    other => {
                        report(
                            to_at.clone(),
                            format!("unknown confidence `{other}` (expected high, medium or low)"),
                        );
                        None
                    }
                };
                if let (Some(source), Some(relation), Some(confidence)) =
                    (&source, relation, confidence)
                {
                    links.push(Link {
                        source: source.clone(),
                        standard: t.standard.clone(),
                        id: t.id.clone(),
                        relation,
                        confidence,
                    });
                }
            }
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(problems);
        }
        Ok(Crosswalk {
            version: raw.version,
            edition: raw.edition.value,
            targets,
            links,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrosswalk {
    version: String,
    edition: Spanned<String>,
    targets: BTreeMap<String, Spanned<RawTarget>>,
    links: Vec<Spanned<RawLink>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: String,
    items: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    #[serde(default)]
    clause: Option<String>,
    #[serde(default)]
    requirement: Option<String>,
    to: Vec<Spanned<RawTo>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTo {
    standard: String,
    id: String,
    relation: String,
    confidence: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, embedded};

    fn catalogue() -> Catalogue {
        crate::catalogue::load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap()
    }

    #[test]
    fn the_embedded_crosswalk_is_valid_and_links_incident_to_itil() {
        let catalogue = catalogue();
        let crosswalk = Crosswalk::embedded(&catalogue).unwrap().unwrap();
        let incident = catalogue.requirement("8.6.1-incidents-recorded").unwrap();
        let links = crosswalk.links_of(incident);
        assert!(links.iter().any(|l| l.standard == "itil4"
            && l.id == "incident-management"
            && l.relation == LinkRelation::Equal));
        assert_eq!(crosswalk.title("iso27001", "9.2"), "Internal audit");
    }

    const HEAD: &str = "version: \"1\"\nedition: \"2018\"\ntargets:\n  itil4:\n    name: ITIL 4\n    items:\n      - { id: incident-management, title: Incident management }\nlinks:\n";

    fn problems(links: &str) -> Vec<String> {
        Crosswalk::parse("cw.yaml", &format!("{HEAD}{links}"), &catalogue())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn unknown_ids_duplicates_and_bad_marks_are_refused_with_their_line() {
        let found = problems(
            "  - clause: \"8.6.1\"\n    to:\n      - { standard: itil4, id: incident-management, relation: equal, confidence: high }\n      - { standard: itil4, id: incident-management, relation: subset, confidence: low }\n      - { standard: itil4, id: incident-mgmt, relation: equal, confidence: high }\n      - { standard: cobit, id: x, relation: equal, confidence: high }\n      - { standard: itil4, id: incident-management, relation: same, confidence: sure }\n  - requirement: 8.6.1-nope\n    to: []\n  - clause: \"8.99\"\n    to: []\n",
        );
        let has = |line: &str, text: &str| {
            found
                .iter()
                .any(|p| p.starts_with(line) && p.contains(text))
        };
        assert!(
            has(
                "cw.yaml:12:",
                "linked to itil4 `incident-management` twice (first at cw.yaml:11"
            ),
            "{found:#?}"
        );
        assert!(
            has("cw.yaml:13:", "`incident-mgmt` is not an item of `itil4`"),
            "{found:#?}"
        );
        assert!(
            has("cw.yaml:14:", "unknown framework `cobit`"),
            "{found:#?}"
        );
        assert!(has("cw.yaml:15:", "unknown relation `same`"), "{found:#?}");
        assert!(
            has("cw.yaml:15:", "unknown confidence `sure`"),
            "{found:#?}"
        );
        assert!(
            has("cw.yaml:16:", "`8.6.1-nope` is not a requirement"),
            "{found:#?}"
        );
        assert!(
            has("cw.yaml:18:", "clause 8.99 holds no requirement"),
            "{found:#?}"
        );
    }
}
