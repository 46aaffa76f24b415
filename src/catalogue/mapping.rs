//! The mapping between two editions' catalogues (2011 → 2018): which requirements became which, what was
//! dropped, what is new. Validated like a catalogue, every problem with its file and line.

use super::{Catalogue, Location, Problem};
use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The mappings compiled into the binary: (from edition, to edition, file name, text, the text as JSON
/// converted by `build.rs` when the binary was built: parsed several times faster, start-up time).
const EMBEDDED: &[(&str, &str, &str, &str, &str)] = &[(
    "2011",
    "2018",
    "mapping-2011-2018.yaml",
    include_str!("../../requirements/mapping-2011-2018.yaml"),
    include_str!(concat!(env!("OUT_DIR"), "/mapping-2011-2018.yaml.json")),
)];

/// How a requirement of the older edition carries over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Exactly one requirement of the newer edition.
    OneToOne,
    /// Split over two or more.
    OneToMany,
    /// No counterpart.
    Dropped,
}

impl Relation {
    pub fn name(self) -> &'static str {
        match self {
            Relation::OneToOne => "one-to-one",
            Relation::OneToMany => "one-to-many",
            Relation::Dropped => "dropped",
        }
    }
}

/// One requirement of the older edition and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapEntry {
    pub from: String,
    pub to: Vec<String>,
    pub relation: Relation,
    /// The newer requirement asks substantively more or differently.
    pub changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A validated mapping.
#[derive(Debug, Clone, Serialize)]
pub struct Mapping {
    pub from: String,
    pub to: String,
    pub mappings: Vec<MapEntry>,
    /// Requirements of the newer edition with no counterpart in the older one.
    pub new_in_to: Vec<String>,
}

impl Mapping {
    /// The embedded mapping from one edition to another, validated against the two catalogues.
    pub fn embedded(from: &Catalogue, to: &Catalogue) -> Option<Result<Mapping, Vec<Problem>>> {
        EMBEDDED
            .iter()
            .find(|(f, t, _, _, _)| *f == from.header.edition && *t == to.header.edition)
            .map(|(_, _, name, text, json)| {
                let name = format!("embedded:{name}");
                // From the JSON when it reads and the mapping is valid; problems are found again in the
                // YAML, with their lines (JSON carries no positions).
                serde_json::from_str::<RawMapping>(json)
                    .ok()
                    .and_then(|raw| Mapping::validate(&name, raw, from, to).ok())
                    .map_or_else(|| Mapping::parse(&name, text, from, to), Ok)
            })
    }

    /// The requirements of the newer edition an older requirement became.
    pub fn targets(&self, from_id: &str) -> &[String] {
        self.mappings
            .iter()
            .find(|m| m.from == from_id)
            .map_or(&[], |m| m.to.as_slice())
    }

    /// The older requirements a newer one came from.
    pub fn sources(&self, to_id: &str) -> Vec<&MapEntry> {
        self.mappings
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to_id))
            .collect()
    }

    /// Parses and validates `text` (named `name` in problems) against the two catalogues.
    pub fn parse(
        name: &str,
        text: &str,
        from: &Catalogue,
        to: &Catalogue,
    ) -> Result<Mapping, Vec<Problem>> {
        let raw: RawMapping = super::problem::parse_yaml(name, text)?;
        Mapping::validate(name, raw, from, to)
    }

    /// Validates a parsed mapping against the two catalogues.
    fn validate(
        name: &str,
        raw: RawMapping,
        from: &Catalogue,
        to: &Catalogue,
    ) -> Result<Mapping, Vec<Problem>> {
        let at = |line: u64, column: u64| Location::at(name, line, column);
        let mut problems = Vec::new();
        let mut report =
            |location: Location, message: String| problems.push(Problem { location, message });
        let spot = |s: &Spanned<String>| at(s.referenced.line(), s.referenced.column());

        for (key, expected) in [
            (&raw.from, &from.header.edition),
            (&raw.to, &to.header.edition),
        ] {
            if &key.value != expected {
                report(
                    spot(key),
                    format!(
                        "edition `{}` does not match the catalogue's `{expected}`",
                        key.value
                    ),
                );
            }
        }
        let to_ids: BTreeSet<&str> = to.requirements.iter().map(|r| r.id.as_str()).collect();
        let mut seen: BTreeMap<String, Location> = BTreeMap::new();
        let mut targeted: BTreeSet<String> = BTreeSet::new();
        let mut mappings = Vec::new();
        for entry in &raw.mappings {
            let e = &entry.value;
            let here = spot(&e.from);
            if from.requirement(&e.from.value).is_none() {
                report(
                    here.clone(),
                    format!(
                        "`{}` is not a requirement of the {} catalogue",
                        e.from.value,
                        from.name()
                    ),
                );
            }
            if let Some(first) = seen.get(&e.from.value) {
                report(
                    here.clone(),
                    format!("`{}` is mapped twice (first at {first})", e.from.value),
                );
            }
            seen.insert(e.from.value.clone(), here.clone());
            for target in &e.to {
                if !to_ids.contains(target.value.as_str()) {
                    report(
                        spot(target),
                        format!(
                            "`{}` is not a requirement of the {} catalogue",
                            target.value,
                            to.name()
                        ),
                    );
                }
                targeted.insert(target.value.clone());
            }
            let relation = match e.relation.value.as_str() {
                "one-to-one" => Some(Relation::OneToOne),
                "one-to-many" => Some(Relation::OneToMany),
                "dropped" => Some(Relation::Dropped),
                other => {
                    report(
                        spot(&e.relation),
                        format!(
                            "unknown relation `{other}` (expected one-to-one, one-to-many or dropped)"
                        ),
                    );
                    None
                }
            };
            let agrees = match relation {
                Some(Relation::OneToOne) => e.to.len() == 1,
                Some(Relation::OneToMany) => e.to.len() >= 2,
                Some(Relation::Dropped) => e.to.is_empty(),
                None => true,
            };
            if !agrees {
                report(
                    spot(&e.relation),
                    format!(
                        "`{}` is {} but lists {} target{}",
                        e.from.value,
                        e.relation.value,
                        e.to.len(),
                        if e.to.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            if let Some(relation) = relation {
                mappings.push(MapEntry {
                    from: e.from.value.clone(),
                    to: e.to.iter().map(|t| t.value.clone()).collect(),
                    relation,
                    changed: e.changed.unwrap_or(false),
                    note: e.note.clone(),
                });
            }
        }
        let whole = at(0, 0);
        for r in &from.requirements {
            if !seen.contains_key(&r.id) {
                report(
                    whole.clone(),
                    format!("`{}` ({} {}) is not mapped", r.id, r.clause, r.title),
                );
            }
        }
        let listed: BTreeSet<&str> = raw.new_in.iter().map(|s| s.value.as_str()).collect();
        for item in &raw.new_in {
            if !to_ids.contains(item.value.as_str()) {
                report(
                    spot(item),
                    format!(
                        "`{}` is not a requirement of the {} catalogue",
                        item.value,
                        to.name()
                    ),
                );
            } else if targeted.contains(&item.value) {
                report(
                    spot(item),
                    format!(
                        "`{}` is listed as new but is the target of a mapping",
                        item.value
                    ),
                );
            }
        }
        for id in &to_ids {
            if !targeted.contains(*id) && !listed.contains(id) {
                report(
                    whole.clone(),
                    format!("`{id}` is neither the target of a mapping nor listed as new"),
                );
            }
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(problems);
        }
        let mut new_in_to: Vec<String> = listed.iter().map(|s| (*s).to_string()).collect();
        new_in_to.sort_by_key(|id| to.requirements.iter().position(|r| &r.id == id));
        Ok(Mapping {
            from: raw.from.value,
            to: raw.to.value,
            mappings,
            new_in_to,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    from: Spanned<String>,
    to: Spanned<String>,
    mappings: Vec<Spanned<RawEntry>>,
    #[serde(rename = "new_in_2018", default)]
    new_in: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    from: Spanned<String>,
    #[serde(default)]
    to: Vec<Spanned<String>>,
    relation: Spanned<String>,
    #[serde(default)]
    changed: Option<bool>,
    #[serde(default)]
    note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_mapping_read_from_its_build_time_json_equals_its_yaml() {
        let load = |edition| {
            crate::catalogue::load(&crate::catalogue::CatalogueSource::Embedded(
                crate::catalogue::embedded(edition).unwrap(),
            ))
            .unwrap()
        };
        let (older, newer) = (load("2011"), load("2018"));
        for (_, _, name, text, json) in EMBEDDED {
            let raw: RawMapping = serde_json::from_str(json).expect("the build-time JSON reads");
            let from_json = Mapping::validate(name, raw, &older, &newer).unwrap();
            let from_yaml = Mapping::parse(name, text, &older, &newer).unwrap();
            assert_eq!(
                serde_json::to_string(&from_json).unwrap(),
                serde_json::to_string(&from_yaml).unwrap()
            );
        }
        assert!(Mapping::embedded(&older, &newer).unwrap().is_ok());
    }
}
