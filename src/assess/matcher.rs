//! Matching evidence text against the catalogue in one pass per file.
//!
//! Every phrase of the catalogue (keywords, title hints, element keywords), every clause number and a few
//! template placeholders go into one Aho-Corasick automaton. Each file's text is searched once, during the
//! scan, and only the set of phrases found is kept: never requirements × documents × keywords.

use crate::catalogue::Catalogue;
use crate::evidence::EvidenceItem;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// Placeholders that mark an unfilled template.
const PLACEHOLDERS: &[&str] = &[
    "{{",
    "<insert",
    "[insert",
    "[company",
    "[organisation",
    "[organization",
    "[name",
    "[date",
    "[owner",
    "xx/xx/xxxx",
    "lorem ipsum",
];

/// The phrases of one requirement, as pattern ids.
#[derive(Debug, Clone, Default)]
pub struct RequirementPatterns {
    pub keywords: Vec<u32>,
    pub title_hints: Vec<u32>,
    pub elements: Vec<Vec<u32>>,
}

/// The catalogue compiled for matching.
pub struct Matcher {
    automaton: AhoCorasick,
    kinds: Vec<PatternKind>,
    /// Indexed like the catalogue's requirements.
    pub requirements: Vec<RequirementPatterns>,
    /// The names of other parties (from the configuration), as pattern ids.
    pub parties: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    Phrase,
    Placeholder,
    Clause,
}

/// Pattern ids found in a piece of text, sorted and distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternSet(Vec<u32>);

impl PatternSet {
    pub fn contains(&self, id: u32) -> bool {
        self.0.binary_search(&id).is_ok()
    }

    /// How many of `ids` are in the set.
    pub fn count(&self, ids: &[u32]) -> usize {
        ids.iter().filter(|id| self.contains(**id)).count()
    }

    pub fn any(&self, ids: &[u32]) -> bool {
        ids.iter().any(|id| self.contains(*id))
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().copied()
    }
}

/// What one evidence file holds, found in one pass over its text.
#[derive(Debug, Clone, Default)]
pub struct DocumentMatches {
    /// Phrases in the text.
    pub text: PatternSet,
    /// Phrases in the title or the file name.
    pub title: PatternSet,
    /// Phrases in the headings.
    pub headings: PatternSet,
    /// Template placeholders in the text.
    pub placeholders: usize,
    /// Distinct clause numbers of the catalogue mentioned in the text.
    pub clause_mentions: usize,
}

impl Matcher {
    /// Compiles the catalogue's phrases, and the names of other parties that operate processes.
    pub fn new(catalogue: &Catalogue, parties: &[String]) -> Matcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut intern = |phrase: &str, kind: PatternKind| -> u32 {
            let phrase = phrase.trim().to_ascii_lowercase();
            *ids.entry(phrase.clone()).or_insert_with(|| {
                patterns.push(phrase);
                kinds.push(kind);
                u32::try_from(patterns.len() - 1).expect("fewer than 4 billion phrases")
            })
        };
        let requirements = catalogue
            .requirements
            .iter()
            .map(|r| RequirementPatterns {
                keywords: r
                    .evidence
                    .keywords
                    .iter()
                    .map(|k| intern(k, PatternKind::Phrase))
                    .collect(),
                title_hints: r
                    .evidence
                    .title_hints
                    .iter()
                    .map(|k| intern(k, PatternKind::Phrase))
                    .collect(),
                elements: r
                    .evidence
                    .elements
                    .iter()
                    .map(|e| {
                        e.keywords
                            .iter()
                            .map(|k| intern(k, PatternKind::Phrase))
                            .collect()
                    })
                    .collect(),
            })
            .collect();
        let parties = parties
            .iter()
            .map(|p| intern(p, PatternKind::Phrase))
            .collect();
        for placeholder in PLACEHOLDERS {
            intern(placeholder, PatternKind::Placeholder);
        }
        for clause in &catalogue.clauses {
            // Only sub-clauses: a bare "8" is any number.
            if clause.clause.depth() > 1 {
                intern(&clause.clause.to_string(), PatternKind::Clause);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("catalogue phrases compile");
        Matcher {
            automaton,
            kinds,
            requirements,
            parties,
        }
    }

    /// Searches a file's text, title and headings. Called once per file, during the scan.
    pub fn analyse(&self, item: &EvidenceItem, text: &str) -> DocumentMatches {
        let mut placeholders = 0;
        let mut clauses = 0;
        let found = self.find(text, |kind| match kind {
            PatternKind::Placeholder => placeholders += 1,
            PatternKind::Clause => clauses += 1,
            PatternKind::Phrase => {}
        });
        let name = item.path.rsplit('/').next().unwrap_or_default();
        let title = format!("{}\n{}", item.title, name.replace(['_', '-'], " "));
        let headings: Vec<&str> = item.headings.iter().map(|h| h.text.as_str()).collect();
        DocumentMatches {
            text: found,
            title: self.find(&title, |_| {}),
            headings: self.find(&headings.join("\n"), |_| {}),
            placeholders,
            clause_mentions: clauses,
        }
    }

    /// The distinct patterns found in `text` at word boundaries; `seen` is told the kind of each new one
    /// (and of every placeholder occurrence).
    fn find(&self, text: &str, mut seen: impl FnMut(PatternKind)) -> PatternSet {
        let bytes = text.as_bytes();
        let mut found = vec![false; self.kinds.len()];
        for m in self.automaton.find_overlapping_iter(text) {
            let id = m.pattern().as_usize();
            let kind = self.kinds[id];
            if kind == PatternKind::Placeholder {
                seen(kind);
                found[id] = true;
                continue;
            }
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80);
            let bounded = match kind {
                PatternKind::Clause => {
                    let digit_follows = after.is_some_and(|b| b.is_ascii_digit())
                        || (after == Some(b'.')
                            && bytes.get(m.end() + 1).is_some_and(u8::is_ascii_digit));
                    !word(before) && before != Some(b'.') && !digit_follows
                }
                _ => !word(before) && !word(after),
            };
            if bounded && !found[id] {
                found[id] = true;
                seen(kind);
            }
        }
        PatternSet(
            found
                .iter()
                .enumerate()
                .filter(|(_, f)| **f)
                .map(|(i, _)| u32::try_from(i).expect("pattern id fits"))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, load};

    fn item(title: &str) -> EvidenceItem {
        EvidenceItem {
            path: "policies/change-management-policy.md".into(),
            format: crate::evidence::Format::Markdown,
            bytes: 0,
            sha256: String::new(),
            title: title.into(),
            metadata: crate::evidence::Metadata::default(),
            metadata_sources: Vec::new(),
            headings: Vec::new(),
            sections: Vec::new(),
            absences: Vec::new(),
            clause_refs: Vec::new(),
            tables: Vec::new(),
            dates_found: Vec::new(),
            words: 0,
            excerpt: String::new(),
            truncated: false,
        }
    }

    #[test]
    fn finds_phrases_at_word_boundaries_only() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        let index = catalogue
            .requirements
            .iter()
            .position(|r| r.id == "8.5.1.1-change-policy")
            .unwrap();
        let patterns = &matcher.requirements[index];
        let text = "Our Emergency Change process and CHANGE CONTROL board. Unrelated: interchange controlling.";
        let found = matcher.analyse(&item("Change Management Policy"), text);
        assert_eq!(
            found.text.count(&patterns.keywords),
            2,
            "emergency change + change control"
        );
        assert!(found.title.any(&patterns.title_hints));
        let none = matcher.analyse(&item("x"), "exchange controlled emergency changes");
        assert_eq!(none.text.count(&patterns.keywords), 0);
    }

    #[test]
    fn counts_placeholders_and_clause_mentions() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        let found = matcher.analyse(
            &item("Policy"),
            "{{COMPANY}} will <insert date> review. See 8.5.1.1, 8.5.1 and 9.3; not 8.5.10, 18.5.1 or 8.5.1.9.",
        );
        assert_eq!(found.placeholders, 2);
        // 8.5.1.1, 8.5.1 and 9.3 (8.5.1.9 and 8.5.10 are not clauses; 18.5.1 is not 8.5.1).
        assert_eq!(found.clause_mentions, 3);
    }
}
