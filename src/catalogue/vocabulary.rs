//! The vocabulary: how people name things in real folders (`requirements/vocabulary.yaml`, embedded).
//!
//! - **Equivalents**: groups of phrases that mean the same thing in evidence ("postmortem" and
//!   "post-incident review"); a catalogue phrase is also found through any phrase of its group.
//! - **Topics**: per leaf clause of the 2018 edition, the phrases that name the clause's subject in a
//!   title, file name or heading ("Service Request Procedure"). They make a file a candidate for the
//!   clause's requirements; whether it is evidence is still judged on its kind, dates and content.
//! - **Sections**: per leaf clause, the broader words a section heading of a manual or policy uses for
//!   the clause's subject ("9. Communication"). Such a section is read on its own as evidence for the
//!   clause.
//! - **Approval by review**: the words with which a folder's own rules for changing its documents say
//!   that no change takes effect before a reviewer approves it ("one approving review", "branch
//!   protection"). Where such a rule stands, a page kept under it is approved by the review that merged it.
//!
//! The toolkit's own words, not text of any standard.

use super::ClauseNumber;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The embedded vocabulary's source.
pub const VOCABULARY_YAML: &str = include_str!("../../requirements/vocabulary.yaml");

/// The same vocabulary as JSON, converted by `build.rs` when the binary was built (parsed several times
/// faster than the YAML: start-up time); empty should it not have converted.
const VOCABULARY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/vocabulary.yaml.json"));

/// The edition whose clause numbers key the topics.
pub const TOPICS_EDITION: &str = "2018";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Groups of phrases that mean the same thing.
    pub equivalents: Vec<Vec<String>>,
    /// Phrases naming each leaf clause's subject (2018 clause numbers).
    pub topics: BTreeMap<String, Vec<String>>,
    /// Words of section headings naming each leaf clause's subject in a manual (2018 clause numbers).
    pub sections: BTreeMap<String, Vec<String>>,
    /// Phrases of a documented rule that every change to a document is approved by a reviewer first.
    pub approval_by_review: Vec<String>,
    #[serde(skip)]
    index: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>>,
}

impl Vocabulary {
    /// The embedded vocabulary (validated by the test suite, so parsing cannot fail at run time).
    pub fn embedded() -> &'static Vocabulary {
        // Read from its build-time JSON; from the YAML should that not fit.
        static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
            serde_json::from_str(VOCABULARY_JSON).unwrap_or_else(|_| {
                crate::yaml::from_str(VOCABULARY_YAML).expect("the embedded vocabulary parses")
            })
        });
        &VOCABULARY
    }

    /// This vocabulary with an organisation's own words added (`[vocabulary]` in `iso20k.toml`): its
    /// equivalence groups after the embedded ones, and its topics and section words after those of the same
    /// clause. A group sharing a phrase with an embedded group also joins that group, so `["war room",
    /// "major incident bridge"]` makes "war room" mean whatever "major incident bridge" already means.
    /// Clause keys are checked with [`Vocabulary::unknown_clauses`].
    pub fn extended(&self, extension: &crate::config::VocabularyConfig) -> Vocabulary {
        let mut equivalents = self.equivalents.clone();
        for group in &extension.equivalents {
            let ours: Vec<String> = group.iter().map(|p| normalise_phrase(p)).collect();
            for existing in equivalents.iter_mut().take(self.equivalents.len()) {
                if existing.iter().any(|p| ours.contains(&normalise_phrase(p))) {
                    for phrase in group {
                        if !existing
                            .iter()
                            .any(|p| normalise_phrase(p) == normalise_phrase(phrase))
                        {
                            existing.push(phrase.clone());
                        }
                    }
                }
            }
            equivalents.push(group.clone());
        }
        let add = |base: &BTreeMap<String, Vec<String>>, more: &BTreeMap<String, Vec<String>>| {
            let mut out = base.clone();
            for (clause, phrases) in more {
                let list = out.entry(clause.clone()).or_default();
                for phrase in phrases {
                    if !list
                        .iter()
                        .any(|p| normalise_phrase(p) == normalise_phrase(phrase))
                    {
                        list.push(phrase.clone());
                    }
                }
            }
            out
        };
        Vocabulary {
            equivalents,
            topics: add(&self.topics, &extension.topics),
            sections: add(&self.sections, &extension.sections),
            approval_by_review: self
                .approval_by_review
                .iter()
                .chain(&extension.approval_by_review)
                .cloned()
                .collect(),
            index: std::sync::OnceLock::new(),
        }
    }

    /// The keys of `[vocabulary.topics]` and `[vocabulary.sections]` that are not leaf clauses of
    /// `catalogue`, as `(table, clause)`.
    pub fn unknown_clauses<'a>(
        extension: &'a crate::config::VocabularyConfig,
        catalogue: &super::Catalogue,
    ) -> Vec<(&'static str, &'a str)> {
        let leaves: Vec<String> = catalogue
            .leaf_clauses()
            .map(|c| c.clause.to_string())
            .collect();
        [
            ("topics", &extension.topics),
            ("sections", &extension.sections),
        ]
        .into_iter()
        .flat_map(|(table, entries)| {
            entries
                .keys()
                .filter(|clause| !leaves.contains(clause))
                .map(move |clause| (table, clause.as_str()))
                .collect::<Vec<_>>()
        })
        .collect()
    }

    /// The topic phrases of `clause`, if the vocabulary knows it.
    pub fn topics_of(&self, clause: &ClauseNumber) -> &[String] {
        self.topics
            .get(&clause.to_string())
            .map_or(&[], Vec::as_slice)
    }

    /// The section-heading words of `clause` (besides its topics), if the vocabulary knows it.
    pub fn sections_of(&self, clause: &ClauseNumber) -> &[String] {
        self.sections
            .get(&clause.to_string())
            .map_or(&[], Vec::as_slice)
    }

    /// The phrases of the groups `phrase` belongs to (normalised comparison), `phrase` included.
    pub fn equivalents_of<'a>(&'a self, phrase: &str) -> impl Iterator<Item = &'a String> + 'a {
        let groups = self
            .index()
            .get(&normalise_phrase(phrase))
            .map_or(&[][..], Vec::as_slice);
        groups.iter().flat_map(|g| &self.equivalents[*g])
    }

    /// Normalised phrase → the equivalence groups holding it, built once.
    fn index(&self) -> &std::collections::HashMap<String, Vec<usize>> {
        self.index.get_or_init(|| {
            let mut index: std::collections::HashMap<String, Vec<usize>> =
                std::collections::HashMap::new();
            for (g, group) in self.equivalents.iter().enumerate() {
                for phrase in group {
                    let groups = index.entry(normalise_phrase(phrase)).or_default();
                    if !groups.contains(&g) {
                        groups.push(g);
                    }
                }
            }
            index
        })
    }
}

/// A phrase as the matcher compares it: lower case, runs of white space, hyphens and underscores folded
/// into one space, trimmed.
pub fn normalise_phrase(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for c in phrase.chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, load};

    #[test]
    fn the_embedded_vocabulary_parses_and_names_real_clauses() {
        let vocabulary = Vocabulary::embedded();
        let catalogue = load(&CatalogueSource::default()).unwrap();
        assert_eq!(catalogue.header.edition, TOPICS_EDITION);
        let leaves: Vec<String> = catalogue
            .leaf_clauses()
            .map(|c| c.clause.to_string())
            .collect();
        for clause in vocabulary.topics.keys() {
            assert!(
                leaves.contains(clause),
                "topic for unknown leaf clause {clause}"
            );
        }
        for clause in vocabulary.sections.keys() {
            assert!(
                leaves.contains(clause),
                "section words for unknown leaf clause {clause}"
            );
        }
        for leaf in &leaves {
            assert!(
                vocabulary.topics.contains_key(leaf),
                "no topic for leaf clause {leaf}"
            );
            assert!(
                vocabulary.sections.contains_key(leaf),
                "no section words for leaf clause {leaf}"
            );
        }
        for group in &vocabulary.equivalents {
            assert!(
                group.len() >= 2,
                "an equivalence group needs two phrases: {group:?}"
            );
            for phrase in group {
                assert!(
                    normalise_phrase(phrase).len() >= 2,
                    "phrase too short: {phrase:?}"
                );
            }
        }
    }

    #[test]
    fn the_embedded_vocabulary_read_from_its_build_time_json_equals_its_yaml() {
        let from_json: Vocabulary =
            serde_json::from_str(VOCABULARY_JSON).expect("the build-time JSON reads");
        let from_yaml: Vocabulary = crate::yaml::from_str(VOCABULARY_YAML).unwrap();
        // Field by field: the embedded vocabulary's lazily built index may already be filled in.
        for read in [&from_json, Vocabulary::embedded()] {
            assert_eq!(read.equivalents, from_yaml.equivalents);
            assert_eq!(read.topics, from_yaml.topics);
            assert_eq!(read.sections, from_yaml.sections);
            assert_eq!(read.approval_by_review, from_yaml.approval_by_review);
        }
    }

    #[test]
    fn phrases_fold_case_spaces_hyphens_and_underscores() {
        assert_eq!(
            normalise_phrase("Post-Incident  Review"),
            "post incident review"
        );
        assert_eq!(normalise_phrase(" created_at "), "created at");
        assert_eq!(normalise_phrase("on-call\nrota"), "on call rota");
    }

    #[test]
    fn an_extension_adds_groups_topics_and_section_words() {
        let extension = crate::config::Config::parse(
            "[vocabulary]\nequivalents = [[\"War Room\", \"postmortem\"], [\"huddle\", \"stand-up\"]]\n\
             [vocabulary.topics]\n\"8.6.1\" = [\"ticket triage\"]\n[vocabulary.sections]\n\"8.6.1\" = \
             [\"firefighting\"]\n\"8.9.9\" = [\"nowhere\"]\n",
        )
        .unwrap()
        .vocabulary;
        let embedded = Vocabulary::embedded();
        let extended = embedded.extended(&extension);
        // Joined to the embedded group holding "postmortem": a post-incident review is a war room too.
        let review: Vec<&String> = extended.equivalents_of("post-incident review").collect();
        assert!(
            review.iter().any(|p| p.as_str() == "War Room"),
            "{review:?}"
        );
        assert!(extended.equivalents_of("huddle").any(|p| p == "stand-up"));
        assert_eq!(extended.equivalents.len(), embedded.equivalents.len() + 2);
        let clause: ClauseNumber = "8.6.1".parse().unwrap();
        assert_eq!(
            extended.topics_of(&clause).last().map(String::as_str),
            Some("ticket triage")
        );
        assert_eq!(
            extended.topics_of(&clause).len(),
            embedded.topics_of(&clause).len() + 1
        );
        assert!(
            extended
                .sections_of(&clause)
                .contains(&"firefighting".to_string())
        );
        // The embedded vocabulary itself is unchanged.
        assert!(
            !embedded
                .topics_of(&clause)
                .contains(&"ticket triage".to_string())
        );
        let catalogue = load(&CatalogueSource::default()).unwrap();
        assert_eq!(
            Vocabulary::unknown_clauses(&extension, &catalogue),
            [("sections", "8.9.9")]
        );
    }

    #[test]
    fn equivalents_are_found_from_any_member() {
        let vocabulary = Vocabulary::embedded();
        let group: Vec<&String> = vocabulary.equivalents_of("Postmortem").collect();
        assert!(group.iter().any(|p| p.as_str() == "post-incident review"));
        assert_eq!(vocabulary.equivalents_of("no such phrase").count(), 0);
    }
}
