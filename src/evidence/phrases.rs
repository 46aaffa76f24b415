//! The fixed phrases the evidence index looks for in a file's text, found in one automaton pass.
//!
//! Two readers look for fixed phrases in the whole text: the sections pass (statements of absence and
//! the cues of a clause reference) and the kind inference (minutes, invitations, reports, placeholders
//! …). Each reads its own phrases leftmost-longest, one match after another. Rather than run two
//! automata over every text, one automaton of both lists finds every occurrence of every phrase
//! (overlapping), and each reader's leftmost-longest matches are chosen from its own occurrences: at
//! each place, the occurrence starting leftmost, the longest of those, then on from its end. That is
//! what a leftmost-longest search of the reader's phrases alone finds.

use super::{kind, sections};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::LazyLock;

/// A phrase found in a text: its bytes and its index in its reader's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// Every occurrence, in a text, of the sections pass's phrases and of the kind inference's cues.
#[derive(Debug, Default)]
pub(super) struct TextPhrases {
    sections: Vec<Hit>,
    cues: Vec<Hit>,
}

/// The sections pass's phrases, then the kind inference's cues; both case-insensitive (ASCII). A DFA:
/// the texts are long and the phrases few.
static BOTH: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(sections::patterns().chain(kind::cue_patterns()))
        .expect("the phrases compile")
});

impl TextPhrases {
    /// Builds the automaton now (it is built on first use otherwise, while other threads wait for it).
    pub fn prepare() {
        LazyLock::force(&BOTH);
    }

    /// Finds both lists' phrases in `text`, in one pass.
    pub fn find(text: &str) -> TextPhrases {
        let split = sections::patterns().count();
        let mut found = TextPhrases::default();
        for m in BOTH.find_overlapping_iter(text) {
            let (start, end, pattern) = (m.start(), m.end(), m.pattern().as_usize());
            if pattern < split {
                found.sections.push(Hit {
                    start,
                    end,
                    pattern,
                });
            } else {
                found.cues.push(Hit {
                    start,
                    end,
                    pattern: pattern - split,
                });
            }
        }
        found.sections = leftmost_longest(std::mem::take(&mut found.sections));
        found
    }

    /// The sections pass's phrases, leftmost-longest, in order.
    pub fn sections(&self) -> &[Hit] {
        &self.sections
    }

    /// The kind inference's cues in the text's first `end` bytes, leftmost-longest, in order.
    pub fn cues_before(&self, end: usize) -> Vec<Hit> {
        leftmost_longest(self.cues.iter().copied().filter(|h| h.end <= end).collect())
    }
}

/// The matches a leftmost-longest search finds among `hits` (every occurrence of its phrases): from
/// each place, the occurrence starting first, the longest of those (the first phrase of the list among
/// equals), then on from where it ends.
fn leftmost_longest(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.pattern));
    let mut at = 0;
    hits.retain(|h| {
        let keep = h.start >= at;
        if keep {
            at = h.end.max(h.start + 1);
        }
        keep
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftmost_longest_search(patterns: &[&str], text: &str) -> Vec<Hit> {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .unwrap()
            .find_iter(text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
            })
            .collect()
    }

    #[test]
    fn both_readers_get_what_their_own_search_finds() {
        let sections: Vec<&str> = sections::patterns().collect();
        let cues: Vec<&str> = kind::cue_patterns().collect();
        let text = "Minutes. Attendees: TBC. Chair: the organisation; clause 8.5 of ISO 20000 is \
                    planned for 2027. No formal review; the company (to be confirmed) will fill in \
                    the reporting period. XYZ Corporation §9 cl. 4 — not yet documented, TBD";
        let found = TextPhrases::find(text);
        assert_eq!(found.sections(), leftmost_longest_search(&sections, text));
        assert_eq!(
            found.cues_before(text.len()),
            leftmost_longest_search(&cues, text)
        );
        let cut = text.find("the company").unwrap() + 5;
        assert_eq!(
            found.cues_before(cut),
            leftmost_longest_search(&cues, &text[..cut])
        );
        assert!(!found.sections().is_empty() && !found.cues_before(text.len()).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn leftmost_longest_from_every_occurrence_is_a_leftmost_longest_search(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "tbc", "TBD", "to be", "to be confirmed", "confirmed", "clause", "cl.", "iso",
                    "20000", "§", "the organisation", "the", "organisation", "fill in", "in",
                    "not yet", "yet documented", "planned for", "for", "xyz corp", "xyz corporation",
                    "chair:", "a", " ", ".", "-",
                ]),
                0..24,
            ),
            cut in 0usize..200,
        ) {
            let text: String = words.concat();
            let sections: Vec<&str> = sections::patterns().collect();
            let cues: Vec<&str> = kind::cue_patterns().collect();
            let found = TextPhrases::find(&text);
            proptest::prop_assert_eq!(found.sections(), leftmost_longest_search(&sections, &text));
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            proptest::prop_assert_eq!(
                found.cues_before(cut),
                leftmost_longest_search(&cues, &text[..cut])
            );
        }
    }
}
