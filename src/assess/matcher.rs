//! Matching evidence text against the catalogue in one pass per file.
//!
//! Every phrase of the catalogue (keywords, title hints, element keywords, with the vocabulary's
//! equivalents and clause topics) and every clause number go into one trie of words ([`WordTrie`];
//! template placeholders are recognised by the evidence index, with the file's kind). Each file's text
//! is searched once, during the scan, and only the set of phrases found is kept: never requirements ×
//! documents × keywords.

use crate::catalogue::{Catalogue, TOPICS_EDITION, Vocabulary, normalise_phrase};
use crate::evidence::EvidenceItem;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

/// The phrases of one requirement, as pattern ids.
#[derive(Debug, Clone, Default)]
pub struct RequirementPatterns {
    pub keywords: Vec<u32>,
    pub title_hints: Vec<u32>,
    pub elements: Vec<Vec<u32>>,
    /// Phrases naming the subject of the requirement's clause in a title or heading (the vocabulary).
    pub topics: Vec<u32>,
    /// Words naming the clause's subject in a section heading of a manual or policy (the vocabulary's
    /// `sections`).
    pub sections: Vec<u32>,
}

/// The catalogue compiled for matching.
pub struct Matcher {
    /// The trie of patterns and what they mean, built on the first search (see [`Matcher::search`]): a
    /// run taking every file from the cache never needs them.
    search: std::sync::OnceLock<Search>,
    /// The vocabulary whose equivalents the trie's patterns include.
    vocabulary: Cow<'static, Vocabulary>,
    /// The kind of each phrase id.
    kinds: Vec<PatternKind>,
    /// Indexed like the catalogue's requirements.
    pub requirements: Vec<RequirementPatterns>,
    /// The names of other parties (from the configuration), as pattern ids.
    pub parties: Vec<u32>,
    /// The vocabulary's phrases of a rule that a reviewer approves every change to a document.
    pub approval_by_review: Vec<u32>,
    /// Each phrase id's phrase, normalised (`risk owner`), or clause number: what `explain --file` shows.
    names: Vec<String>,
}

/// What a search needs besides the phrase ids.
struct Search {
    /// A trie of the lower-case patterns by word, walked from each place a phrase may start (see
    /// [`Matcher::find_into`]).
    trie: WordTrie,
    /// For each node of the trie, the phrase ids of the pattern its path spells (a phrase or one of
    /// its variants): read at every occurrence, so kept beside each other, not behind a list each.
    spells: Vec<Spell>,
    /// The phrase ids of the patterns standing for more than one ([`Spell::many`]).
    many: Vec<Box<[u32]>>,
}

/// The phrase ids a trie node's path stands for: none, one, or several (listed in [`Search::many`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Spell {
    /// The one phrase id, plus one (0: none or several).
    one: u32,
    /// Where the several are in [`Search::many`], plus one (0: none or one).
    many: u32,
}

/// The patterns as sequences of tokens, in a trie.
///
/// A text is read as tokens: each run of ASCII letters, of ASCII digits or of non-ASCII bytes is one
/// token, and every other byte (a space, a full stop, a slash …) is one on its own. A phrase may start
/// only where a word does not go on (after a byte that is no letter, digit or non-ASCII byte: always
/// where a token starts) and is counted only where what follows does not go on its last run (a phrase:
/// no letter, digit or non-ASCII byte follows; a clause number, which ends in a digit: no digit), that
/// is, where a token ends. Where a pattern's bytes are the text's bytes from a token start to a token
/// end, the two are the same tokens, so walking the trie token by token finds every occurrence a walk of
/// a byte automaton finds from the same places, with one hash look-up per word instead of one automaton
/// step per byte (property test against such a walk).
struct WordTrie {
    /// Each run of letters, of digits or of non-ASCII bytes in a pattern, of at most 15 bytes, packed
    /// in a number ([`short_word`]) → its token id: compared as one number, not as bytes.
    short: Table<[u64; 2]>,
    /// Each longer run in a pattern → its token id.
    words: HashMap<Box<[u8]>, u32, BuildTokenHasher>,
    /// The token id of each byte that is a token on its own ([`NO_TOKEN`]: in no pattern).
    marks: [u32; 256],
    /// The longest run in any pattern, in bytes: a longer run of the text is in none.
    longest: usize,
    /// The node each token id leads to from the root (0: none; the root is node 0).
    first: Vec<u32>,
    /// The node a space leads to from each node (0: none): half the steps of a walk.
    space: Vec<u32>,
    /// Every other transition: the node `node << 32 | token` leads to.
    next: Table<u64>,
    /// For each node, the pattern spelled by the path to it, plus one (0: none).
    exact: Vec<u32>,
}

/// A token in no pattern.
const NO_TOKEN: u32 = u32::MAX;

/// The class of each byte in a token ([`WordTrie`]): 0 a token on its own, 1 an ASCII letter, 2 an
/// ASCII digit, 3 a non-ASCII byte.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphabetic() {
            1
        } else if byte.is_ascii_digit() {
            2
        } else if byte >= 0x80 {
            3
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The end of the token starting at `start` (see [`CLASS`]).
#[inline]
fn token_end(bytes: &[u8], start: usize) -> usize {
    let class = CLASS[usize::from(bytes[start])];
    if class == 0 {
        return start + 1;
    }
    let mut at = start + 1;
    if class == 1 {
        // Letters, most tokens: eight bytes at a time.
        while let Some(chunk) = bytes.get(at..at + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let others = not_letters(u64::from_le_bytes(word));
            if others != 0 {
                return at + others.trailing_zeros() as usize / 8;
            }
            at += 8;
        }
    }
    bytes[at..]
        .iter()
        .position(|&b| CLASS[usize::from(b)] != class)
        .map_or(bytes.len(), |n| at + n)
}

/// The top bit of each byte of `word` set where the byte is no ASCII letter.
#[inline]
fn not_letters(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A letter in either case is in `a..=z` with bit 5 set; no sum below carries into the next byte
    // (every byte is at most 0x7f before it).
    let low = (word | 0x2020_2020_2020_2020) & !HIGH;
    let from_a = low + 0x1f1f_1f1f_1f1f_1f1f;
    let past_z = low + 0x0505_0505_0505_0505;
    let letters = from_a & !past_z & !word & HIGH;
    !letters & HIGH
}

impl WordTrie {
    /// The trie of `texts` (lower case), and for each node the first pattern spelling its path. Two
    /// patterns spelled alike end in one node: the first one found there then also stands for the
    /// other's phrase ids (in `meanings`), as both would match there.
    fn new(texts: &[String], meanings: &mut [Vec<u32>]) -> WordTrie {
        let mut trie = WordTrie {
            short: Table::default(),
            words: HashMap::default(),
            marks: [NO_TOKEN; 256],
            longest: 0,
            first: Vec::new(),
            space: vec![0],
            next: Table::default(),
            exact: vec![0],
        };
        // Built in hash maps, then laid out in the compact tables the walks read.
        let mut short: HashMap<[u64; 2], u32, BuildTokenHasher> = HashMap::default();
        let mut next: HashMap<u64, u32, BuildTokenHasher> = HashMap::default();
        let mut tokens = 0u32;
        for (pattern, text) in texts.iter().enumerate() {
            let bytes = text.as_bytes();
            let mut node = 0u32;
            let mut at = 0;
            while at < bytes.len() {
                let end = token_end(bytes, at);
                let token = if CLASS[usize::from(bytes[at])] == 0 {
                    let slot = &mut trie.marks[usize::from(bytes[at])];
                    if *slot == NO_TOKEN {
                        *slot = tokens;
                        tokens += 1;
                    }
                    *slot
                } else {
                    trie.longest = trie.longest.max(end - at);
                    let slot = match short_word(bytes, at, end) {
                        Some(key) => short.entry(key).or_insert(NO_TOKEN),
                        None => trie.words.entry(bytes[at..end].into()).or_insert(NO_TOKEN),
                    };
                    if *slot == NO_TOKEN {
                        *slot = tokens;
                        tokens += 1;
                    }
                    *slot
                };
                let fresh = u32::try_from(trie.exact.len()).expect("fewer than 4 billion nodes");
                if trie.first.len() <= token as usize {
                    trie.first.resize(token as usize + 1, 0);
                }
                let slot = if node == 0 {
                    &mut trie.first[token as usize]
                } else if bytes[at] == b' ' {
                    &mut trie.space[node as usize]
                } else {
                    next.entry(u64::from(node) << 32 | u64::from(token))
                        .or_insert(0)
                };
                if *slot == 0 {
                    *slot = fresh;
                }
                node = *slot;
                if node == fresh {
                    trie.exact.push(0);
                    trie.space.push(0);
                }
                at = end;
            }
            match trie.exact[node as usize] {
                0 => {
                    trie.exact[node as usize] =
                        u32::try_from(pattern + 1).expect("fewer than 4 billion patterns");
                }
                first => {
                    let more = std::mem::take(&mut meanings[pattern]);
                    let first = &mut meanings[first as usize - 1];
                    for id in more {
                        if !first.contains(&id) {
                            first.push(id);
                        }
                    }
                }
            }
        }
        trie.short = Table::new(short);
        trie.next = Table::new(next);
        trie
    }

    /// The token id of the token `bytes[start..end]`.
    #[inline]
    fn token(&self, bytes: &[u8], start: usize, end: usize) -> u32 {
        if CLASS[usize::from(bytes[start])] == 0 {
            self.marks[usize::from(bytes[start])]
        } else if end - start > self.longest {
            NO_TOKEN
        } else {
            match short_word(bytes, start, end) {
                Some(key) => self.short.get(key),
                None => self.words.get(&bytes[start..end]).copied(),
            }
            .unwrap_or(NO_TOKEN)
        }
    }

    /// The node `token` leads to from `node` (0: none).
    #[inline]
    fn step(&self, node: u32, token: u32) -> u32 {
        if node == 0 {
            self.first.get(token as usize).copied().unwrap_or(0)
        } else if token == self.marks[usize::from(b' ')] {
            self.space[node as usize]
        } else {
            self.next
                .get(u64::from(node) << 32 | u64::from(token))
                .unwrap_or(0)
        }
    }
}

/// The run `bytes[start..end]` in two numbers when it has at most 15 bytes: its bytes (little-endian),
/// its length in the top byte of the second (so never zero).
#[inline]
fn short_word(bytes: &[u8], start: usize, end: usize) -> Option<[u64; 2]> {
    let len = end - start;
    if len > 15 {
        return None;
    }
    let mut word = [0u8; 16];
    let packed = match bytes.get(start..start + 16) {
        Some(window) => {
            word.copy_from_slice(window);
            u128::from_le_bytes(word) & ((1u128 << (8 * len)) - 1)
        }
        None => {
            word[..len].copy_from_slice(&bytes[start..end]);
            u128::from_le_bytes(word)
        }
    } | (len as u128) << 120;
    Some([packed as u64, (packed >> 64) as u64])
}

/// A key of a [`Table`]: never all zero bits (an empty slot).
trait Key: Copy + Default + Eq + std::hash::Hash {
    /// The key mixed to 64 bits; a table takes its place from the top bits.
    fn mix(self) -> u64;
}

const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

impl Key for u64 {
    #[inline]
    fn mix(self) -> u64 {
        self.wrapping_mul(MIX)
    }
}

impl Key for [u64; 2] {
    #[inline]
    fn mix(self) -> u64 {
        (self[0].wrapping_mul(MIX) ^ self[1]).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
}

/// A hash table of non-zero keys for the walks: open addressing, each slot holding its key and value
/// side by side (one cache line read per look-up where a general table reads two), at most half full.
struct Table<K> {
    slots: Box<[(K, u32)]>,
    /// 64 minus the number of bits of a slot's index.
    shift: u32,
}

impl<K: Key> Default for Table<K> {
    fn default() -> Table<K> {
        Table {
            slots: vec![(K::default(), 0)].into(),
            shift: 64,
        }
    }
}

impl<K: Key> Table<K> {
    fn new(entries: HashMap<K, u32, BuildTokenHasher>) -> Table<K> {
        let bits = (entries.len() * 2)
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let mut table = Table {
            slots: vec![(K::default(), 0); 1 << bits].into(),
            shift: 64 - bits,
        };
        let mask = table.slots.len() - 1;
        for (key, value) in entries {
            let mut at = table.place(key);
            while table.slots[at].0 != K::default() {
                at = (at + 1) & mask;
            }
            table.slots[at] = (key, value);
        }
        table
    }

    #[inline]
    fn place(&self, key: K) -> usize {
        // The top bits of the mixed key; no bits at all in the empty table.
        key.mix().checked_shr(self.shift).unwrap_or(0) as usize
    }

    #[inline]
    fn get(&self, key: K) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = self.place(key);
        loop {
            let (slot, value) = self.slots[at];
            if slot == key {
                return Some(value);
            }
            if slot == K::default() {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

/// A hasher for the trie's tables (FxHash's mixing): the keys are short words and numbers, hashed
/// once per token of every text, and need no protection against chosen collisions.
#[derive(Default, Clone, Copy)]
struct TokenHasher(u64);

impl TokenHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for TokenHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// The state mixed once more, high bits into low (the table takes its place from the low bits,
    /// which a multiplication alone leaves depending on the key's low bits only: the first letters of a
    /// word, the token of a transition).
    #[inline]
    fn finish(&self) -> u64 {
        let full = u128::from(self.0) * 0x9e37_79b9_7f4a_7c15;
        (full as u64) ^ (full >> 64) as u64
    }
}

type BuildTokenHasher = std::hash::BuildHasherDefault<TokenHasher>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    Phrase,
    Clause,
}

/// Phrase ids, built once.
#[derive(Default)]
struct Phrases {
    /// Normalised phrase → its id.
    ids: HashMap<String, u32>,
    kinds: Vec<PatternKind>,
}

impl Phrases {
    /// The id of `phrase` (normalised).
    fn intern(&mut self, phrase: &str, kind: PatternKind) -> u32 {
        let key = if kind == PatternKind::Phrase {
            normalise_phrase(phrase)
        } else {
            phrase.trim().to_ascii_lowercase()
        };
        if let Some(id) = self.ids.get(&key) {
            return *id;
        }
        let id = u32::try_from(self.kinds.len()).expect("fewer than 4 billion phrases");
        self.ids.insert(key, id);
        self.kinds.push(kind);
        id
    }
}

/// The patterns that find the phrase ids.
#[derive(Default)]
struct Patterns {
    /// Pattern text → index into `meanings`.
    patterns: HashMap<String, usize>,
    texts: Vec<String>,
    meanings: Vec<Vec<u32>>,
}

impl Patterns {
    /// The patterns of phrase `id` (`key`, normalised): its own words, its singular or plural and every
    /// phrase the vocabulary says means the same; a clause number as it is.
    fn add(&mut self, key: &str, id: u32, kind: PatternKind, vocabulary: &Vocabulary) {
        if kind != PatternKind::Phrase {
            self.pattern(key.to_string(), id);
            return;
        }
        let key = key.to_string();
        let mut forms: Vec<String> = vec![key.clone()];
        forms.extend(
            vocabulary
                .equivalents_of(&key)
                .map(|p| normalise_phrase(p))
                .filter(|p| *p != key),
        );
        for form in forms.clone() {
            forms.extend(number_variants(&form));
        }
        for form in forms {
            self.pattern(form, id);
        }
    }

    fn pattern(&mut self, text: String, id: u32) {
        let next = self.texts.len();
        let index = *self.patterns.entry(text.clone()).or_insert(next);
        if index == next {
            self.texts.push(text);
            self.meanings.push(Vec::new());
        }
        if !self.meanings[index].contains(&id) {
            self.meanings[index].push(id);
        }
    }
}

/// The singular or plural of a phrase's last word: `risk owners` ↔ `risk owner`, `policy` ↔ `policies`.
fn number_variants(phrase: &str) -> Vec<String> {
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), phrase),
    };
    if last.len() < 3 || !last.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(stem) = last.strip_suffix("ies") {
        out.push(format!("{head}{stem}y"));
    } else if let Some(stem) = last.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        out.push(format!("{head}{stem}ies"));
    } else if last.ends_with("ss") {
        out.push(format!("{head}{last}es"));
    } else if let Some(stem) = last.strip_suffix('s') {
        out.push(format!("{head}{stem}"));
    } else {
        out.push(format!("{head}{last}s"));
    }
    out
}

/// What a statement of absence says is missing: the words of its line before the phrase ("Corrective
/// action plans" in "Corrective action plans to be agreed with the Change Manager"), or the whole line
/// when the phrase opens it ("TBC: interested-party requirements"); and whether the line named it before
/// the phrase.
fn absent_thing(absence: &crate::evidence::Absence) -> (&str, bool) {
    let line = absence.excerpt.as_str();
    // ASCII lowercasing keeps byte offsets, so the position is on a character boundary of `line`.
    let at = line
        .to_ascii_lowercase()
        .find(&absence.text.to_ascii_lowercase());
    match at.map(|i| &line[..i]) {
        Some(before) if before.chars().any(char::is_alphanumeric) => (before, true),
        _ => (line, false),
    }
}

/// Text as the matcher reads it: runs of white space, hyphens and underscores folded into one space, so a
/// phrase broken by a line end or written with a hyphen is still found; ASCII letters in lower case.
/// Works on bytes (ASCII separators only; every other byte, UTF-8 included, is copied as it is), so the
/// result is valid UTF-8 and the cost is one pass.
#[cfg(test)]
fn fold(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    fold_into(text, &mut out, &mut false);
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `text` folded (see [`fold`]) to `out`, ASCII letters in lower case (the trie holds its
/// patterns in lower case and compares bytes as they are, which finds what an ASCII case-insensitive
/// search finds, faster); `space` carries a pending separator from one piece to the next, so pieces
/// fold as if they were one text.
///
/// One pass without branches on the text: every byte is written folded ([`FOLD`]) where the next byte
/// goes, and the place moves on unless the byte is a separator following another separator. The first
/// separator of a run is so written as the run's space; one that ends the piece is taken back and left
/// pending, and none is written at the start of the buffer.
fn fold_into(text: &str, out: &mut Vec<u8>, space: &mut bool) {
    let bytes = text.as_bytes();
    let from = out.len();
    // Whether the byte before is a separator (or nothing precedes: no space opens the buffer).
    let mut after_separator = from == 0;
    if *space && from > 0 {
        out.push(b' ');
        after_separator = true;
    }
    let mut at = out.len();
    out.resize(at + bytes.len(), 0);
    for &b in bytes {
        let separator = SEPARATOR[usize::from(b)];
        if let Some(slot) = out.get_mut(at) {
            *slot = FOLD[usize::from(b)];
        }
        at += usize::from(!(separator && after_separator));
        after_separator = separator;
    }
    // The piece ends in a separator: its space (never content: every space is a separator) is pending.
    if after_separator && at > 0 && out[at - 1] == b' ' {
        at -= 1;
    }
    out.truncate(at);
    *space = after_separator;
}

/// A thread's buffers for [`Matcher::find_parts`]: the folded text, the ids found, a bit per phrase
/// id, the walks of the trie under way (their node and where they started).
struct Scratch {
    folded: Vec<u8>,
    ids: Vec<u32>,
    seen: Vec<u64>,
    walks: Vec<(u32, usize)>,
}

/// The largest search buffer a thread keeps between files.
const KEPT_BUFFER_BYTES: usize = 1024 * 1024;

/// The bytes [`fold_into`] folds into one space: ASCII white space, hyphens and underscores.
const SEPARATOR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_whitespace() || byte == b'-' || byte == b'_';
        b += 1;
    }
    table
};

/// The bytes that go on a word (a phrase starts and ends where the byte before and after is none):
/// ASCII letters and digits, and every byte of a non-ASCII character.
const WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte >= 0x80;
        b += 1;
    }
    table
};

/// Each byte as [`fold_into`] writes it: a separator as a space, an ASCII capital in lower case, any
/// other byte as it is.
const FOLD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if SEPARATOR[b] {
            b' '
        } else {
            byte.to_ascii_lowercase()
        };
        b += 1;
    }
    table
};

/// Pattern ids found in a piece of text, sorted and distinct. Every file keeps several for the whole
/// run, so they are stored compactly: two bytes an id while the ids fit (the embedded catalogue has a few
/// thousand phrases), four otherwise, and no spare capacity; a set dense enough that a bitmap up to its
/// largest id takes no more room than the list (a long document's text) is kept as that bitmap, which
/// also answers [`PatternSet::contains`] without a search (judging asks it for every requirement).
/// A set of a few ids is kept in place, with no allocation (a heading's, a title's); a section's set is
/// kept as bits over its file's text's ids, which its text's set then shares (see [`share_sections`]).
/// Sets of the same ids are equal whatever their form.
#[derive(Debug, Clone)]
pub struct PatternSet(Ids);

#[derive(Debug, Clone)]
enum Ids {
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
    /// Bit `id % 64` of word `id / 64` set for each id; the last word is not zero.
    Bits(Box<[u64]>),
    /// At most [`INLINE_IDS`] ids below `u16::MAX`, sorted, the places left over `u16::MAX`.
    Inline([u16; INLINE_IDS]),
    /// Bit `k` of the mask starting at word `at` of the base's masks set for the base's `k`th id.
    Within(std::sync::Arc<Base>, u32),
    /// The base's ids (a file's whole text's set, whose sections' sets are [`Ids::Within`] it).
    Shared(std::sync::Arc<Base>),
}

/// How many ids a set keeps in place (as many as fit in the room a boxed list takes).
const INLINE_IDS: usize = 11;

/// The ids of a set kept in place.
fn inline_ids(ids: &[u16; INLINE_IDS]) -> &[u16] {
    let len = ids.iter().position(|&id| id == u16::MAX);
    &ids[..len.unwrap_or(INLINE_IDS)]
}

/// A file's text's ids, and the masks over them of the file's sections' sets ([`Ids::Within`]): the
/// text's bitmap kept once for the text and its sections, each section's id in a mask one bit instead
/// of two bytes.
#[derive(Debug)]
struct Base {
    /// As [`Ids::Bits`].
    bits: Box<[u64]>,
    /// For each word of `bits`, how many ids the words before it hold: an id's place among the ids.
    ranks: Box<[u16]>,
    masks: Box<[u64]>,
}

impl Base {
    /// How many ids the base holds.
    fn len(&self) -> usize {
        match (self.ranks.last(), self.bits.last()) {
            (Some(&rank), Some(word)) => usize::from(rank) + word.count_ones() as usize,
            _ => 0,
        }
    }

    /// The words of a mask: a bit per id.
    fn words(&self) -> usize {
        self.len().div_ceil(64)
    }

    /// The place of `id` among the base's ids, if it holds it.
    fn rank(&self, id: u32) -> Option<usize> {
        let w = id as usize / 64;
        let word = *self.bits.get(w)?;
        let bit = id % 64;
        (word >> bit & 1 == 1).then(|| {
            usize::from(self.ranks[w]) + (word & ((1u64 << bit) - 1)).count_ones() as usize
        })
    }

    /// The mask starting at word `at`.
    fn mask(&self, at: u32) -> &[u64] {
        let at = at as usize;
        self.masks.get(at..at + self.words()).unwrap_or_default()
    }
}

impl PartialEq for PatternSet {
    fn eq(&self, other: &PatternSet) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for PatternSet {}

impl Default for PatternSet {
    fn default() -> PatternSet {
        PatternSet(Ids::Narrow(Box::default()))
    }
}

impl PatternSet {
    /// The set of `ids`, which are sorted and distinct. The form depends only on the ids (a bitmap
    /// when it is no larger than the list), so equal sets compare equal.
    fn from_sorted(ids: &[u32]) -> PatternSet {
        PatternSet::from_sorted_within(ids, 0)
    }

    /// [`PatternSet::from_sorted`], also a bitmap whenever it takes at most `bitmap_bytes`: for the
    /// one set of each file's whole text, tested for every requirement (a few hundred bytes a file).
    fn from_sorted_within(ids: &[u32], bitmap_bytes: usize) -> PatternSet {
        let Some(&max) = ids.last() else {
            return PatternSet::default();
        };
        if bitmap_bytes == 0 && ids.len() <= INLINE_IDS && max < u32::from(u16::MAX) {
            let mut inline = [u16::MAX; INLINE_IDS];
            for (place, &id) in inline.iter_mut().zip(ids) {
                *place = u16::try_from(id).unwrap_or(u16::MAX);
            }
            return PatternSet(Ids::Inline(inline));
        }
        let wide = max > u32::from(u16::MAX);
        let list_bytes = ids.len() * if wide { 4 } else { 2 };
        let words = max as usize / 64 + 1;
        if words * 8 <= list_bytes.max(bitmap_bytes) {
            let mut bits = vec![0u64; words];
            for &id in ids {
                bits[id as usize / 64] |= 1 << (id % 64);
            }
            return PatternSet(Ids::Bits(bits.into()));
        }
        if wide {
            PatternSet(Ids::Wide(ids.into()))
        } else {
            PatternSet(Ids::Narrow(
                ids.iter()
                    .map(|&id| u16::try_from(id).unwrap_or(u16::MAX))
                    .collect(),
            ))
        }
    }

    pub fn contains(&self, id: u32) -> bool {
        match &self.0 {
            Ids::Narrow(ids) => u16::try_from(id).is_ok_and(|id| ids.binary_search(&id).is_ok()),
            Ids::Wide(ids) => ids.binary_search(&id).is_ok(),
            Ids::Bits(bits) => bits
                .get(id as usize / 64)
                .is_some_and(|word| word >> (id % 64) & 1 == 1),
            Ids::Inline(ids) => {
                u16::try_from(id).is_ok_and(|id| id != u16::MAX && ids.contains(&id))
            }
            Ids::Within(base, at) => base.rank(id).is_some_and(|k| {
                base.mask(*at)
                    .get(k / 64)
                    .is_some_and(|word| word >> (k % 64) & 1 == 1)
            }),
            Ids::Shared(base) => base
                .bits
                .get(id as usize / 64)
                .is_some_and(|word| word >> (id % 64) & 1 == 1),
        }
    }

    /// How many of `ids` are in the set.
    pub fn count(&self, ids: &[u32]) -> usize {
        match self.bitmap() {
            Some(bits) => ids
                .iter()
                .filter(|&&id| {
                    bits.get(id as usize / 64)
                        .is_some_and(|word| word >> (id % 64) & 1 == 1)
                })
                .count(),
            None => ids.iter().filter(|id| self.contains(**id)).count(),
        }
    }

    /// The bitmap of a set kept as one ([`Ids::Bits`], [`Ids::Shared`]).
    fn bitmap(&self) -> Option<&[u64]> {
        match &self.0 {
            Ids::Bits(bits) => Some(bits),
            Ids::Shared(base) => Some(&base.bits),
            _ => None,
        }
    }

    pub fn any(&self, ids: &[u32]) -> bool {
        match &self.0 {
            Ids::Narrow(_) | Ids::Inline(_) => {
                let set = match &self.0 {
                    Ids::Inline(set) => inline_ids(set),
                    Ids::Narrow(set) => set,
                    _ => &[],
                };
                // Judging asks this of every candidate file's title and headings for every
                // requirement: an id outside the set's range is not searched for, and a short set is
                // read through rather than searched.
                let (Some(&low), Some(&high)) = (set.first(), set.last()) else {
                    return false;
                };
                let (low, high) = (u32::from(low), u32::from(high));
                let short = set.len() <= SHORT_SET;
                ids.iter().any(|&id| {
                    (low..=high).contains(&id)
                        && u16::try_from(id).is_ok_and(|id| {
                            if short {
                                set.contains(&id)
                            } else {
                                set.binary_search(&id).is_ok()
                            }
                        })
                })
            }
            Ids::Bits(_) | Ids::Shared(_) => {
                let bits = self.bitmap().unwrap_or_default();
                ids.iter().any(|&id| {
                    bits.get(id as usize / 64)
                        .is_some_and(|word| word >> (id % 64) & 1 == 1)
                })
            }
            Ids::Wide(_) | Ids::Within(..) => ids.iter().any(|id| self.contains(*id)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        let (narrow, wide, bits): (&[u16], &[u32], &[u64]) = match &self.0 {
            Ids::Narrow(ids) => (ids, &[], &[]),
            Ids::Wide(ids) => (&[], ids, &[]),
            Ids::Bits(bits) => (&[], &[], bits),
            Ids::Inline(ids) => (inline_ids(ids), &[], &[]),
            Ids::Shared(base) => (&[], &[], &base.bits),
            Ids::Within(..) => (&[], &[], &[]),
        };
        // A section's set: the base's ids in order, each kept when its place's bit is set in the mask.
        let (base, mask): (&[u64], &[u64]) = match &self.0 {
            Ids::Within(base, at) => (&base.bits, base.mask(*at)),
            _ => (&[], &[]),
        };
        narrow
            .iter()
            .map(|&id| u32::from(id))
            .chain(wide.iter().copied())
            .chain(
                set_bits(base)
                    .enumerate()
                    .filter(move |(k, _)| {
                        mask.get(k / 64)
                            .is_some_and(|word| word >> (k % 64) & 1 == 1)
                    })
                    .map(|(_, id)| id),
            )
            .chain(set_bits(bits))
    }
}

/// The places of the set bits of a bitmap, in order.
fn set_bits(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let base = u32::try_from(w * 64).unwrap_or(u32::MAX);
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                base + bit
            })
        })
    })
}

/// The characters of a set's form in the evidence cache (see [`PatternSet`]'s `Serialize`): each holds
/// five bits of a number; the first 32 end it, the last 32 say more bits follow.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of each character of [`DIGITS`], 255 for any other byte.
const DIGIT_VALUES: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut k = 0;
    while k < 64 {
        table[DIGITS[k] as usize] = k as u8;
        k += 1;
    }
    table
};

/// Written (the evidence cache) as one short string, not a list of numbers: the gaps between the
/// sorted ids (the first id, then each id minus the one before minus one), each in base 32 with the
/// lowest five bits first, a character of [`DIGITS`]'s second half for every group but the last. A
/// long document's set of some 300 ids takes about 300 characters, read back without a number parser.
impl serde::Serialize for PatternSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = String::new();
        let mut next = 0u64;
        for id in self.iter() {
            let mut gap = u64::from(id) - next;
            next = u64::from(id) + 1;
            while gap >= 32 {
                out.push(char::from(DIGITS[32 + (gap % 32) as usize]));
                gap /= 32;
            }
            out.push(char::from(DIGITS[gap as usize]));
        }
        serializer.serialize_str(&out)
    }
}

/// Read from the string [`PatternSet`]'s `Serialize` writes, or from a list of ids (in any order).
impl<'de> serde::Deserialize<'de> for PatternSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PatternSet, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = PatternSet;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a set of phrase ids")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PatternSet, E> {
                let wrong = || E::custom("a malformed set of phrase ids");
                thread_local! {
                    static IDS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
                }
                IDS.with_borrow_mut(|ids| {
                    ids.clear();
                    let (mut gap, mut shift, mut next) = (0u64, 0u32, 0u64);
                    for &byte in text.as_bytes() {
                        let value = DIGIT_VALUES[usize::from(byte)];
                        if value == 255 || shift > 30 {
                            return Err(wrong());
                        }
                        gap |= u64::from(value % 32) << shift;
                        if value >= 32 {
                            shift += 5;
                            continue;
                        }
                        let id = next + gap;
                        ids.push(u32::try_from(id).map_err(|_| wrong())?);
                        next = id + 1;
                        (gap, shift) = (0, 0);
                    }
                    if shift != 0 {
                        return Err(wrong());
                    }
                    Ok(PatternSet::from_sorted(ids))
                })
            }
            fn visit_seq<S: serde::de::SeqAccess<'de>>(
                self,
                mut seq: S,
            ) -> Result<PatternSet, S::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<u32>()? {
                    ids.push(id);
                }
                ids.sort_unstable();
                ids.dedup();
                Ok(PatternSet::from_sorted(&ids))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A set of at most this many narrow ids is read through, not searched ([`PatternSet::any`]).
const SHORT_SET: usize = 16;

/// What one evidence file holds, found in one pass over its text.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "StoredMatches")]
pub struct DocumentMatches {
    /// Phrases in the text.
    pub text: PatternSet,
    /// Phrases in the title or the file name.
    pub title: PatternSet,
    /// Phrases in the headings.
    pub headings: PatternSet,
    /// Distinct clause numbers of the catalogue mentioned in the text.
    pub clause_mentions: usize,
    /// For each statement of absence of the file (`item.absences`), the phrases of its line and of its
    /// section's heading: what the file says does not exist yet.
    pub absences: Vec<PatternSet>,
    /// For each section of the file (`item.sections`), the phrases of its heading and of its text with
    /// its subsections: what the section is about and what it says.
    pub sections: Vec<SectionMatches>,
}

/// [`DocumentMatches`] as the cache holds it: read back, its sections' sets are shared as
/// [`Matcher::analyse`] shares them.
#[derive(serde::Deserialize)]
struct StoredMatches {
    #[serde(deserialize_with = "text_set")]
    text: PatternSet,
    title: PatternSet,
    headings: PatternSet,
    clause_mentions: usize,
    absences: Vec<PatternSet>,
    sections: Vec<SectionMatches>,
}

impl From<StoredMatches> for DocumentMatches {
    fn from(stored: StoredMatches) -> DocumentMatches {
        let (mut text, mut sections) = (stored.text, stored.sections);
        share_sections(&mut text, &mut sections);
        DocumentMatches {
            text,
            title: stored.title,
            headings: stored.headings,
            clause_mentions: stored.clause_mentions,
            absences: stored.absences,
            sections,
        }
    }
}

/// Keeps the sections' text sets (each within the file's `text`) as masks over `text`'s ids in one
/// [`Base`] that `text` then shares, when `text` is a bitmap and that takes less room than their own
/// lists (a file's sections nest, so their lists repeat most ids); small sets stay in place. Only the
/// form changes, never the ids.
fn share_sections(text: &mut PatternSet, sections: &mut [SectionMatches]) {
    let Ids::Bits(bits) = &text.0 else {
        return;
    };
    let mut ranks = Vec::with_capacity(bits.len());
    let mut held = 0usize;
    for word in bits.iter() {
        let Ok(rank) = u16::try_from(held) else {
            return;
        };
        ranks.push(rank);
        held += word.count_ones() as usize;
    }
    let rank = |id: u32| {
        let w = id as usize / 64;
        let word = *bits.get(w)?;
        let bit = id % 64;
        (word >> bit & 1 == 1)
            .then(|| usize::from(ranks[w]) + (word & ((1u64 << bit) - 1)).count_ones() as usize)
    };
    let words = held.div_ceil(64);
    let (mut masks, mut chosen, mut listed) = (Vec::new(), Vec::new(), 0);
    let mut mask = vec![0u64; words];
    for (k, section) in sections.iter().enumerate() {
        let bytes = match &section.text.0 {
            Ids::Narrow(list) => list.len() * 2,
            Ids::Wide(list) => list.len() * 4,
            Ids::Bits(bits) => bits.len() * 8,
            Ids::Inline(_) | Ids::Within(..) | Ids::Shared(_) => 0,
        };
        if bytes <= words * 8 {
            continue;
        }
        mask.fill(0);
        let within = section
            .text
            .iter()
            .all(|id| rank(id).map(|r| mask[r / 64] |= 1 << (r % 64)).is_some());
        if let (true, Ok(at)) = (within, u32::try_from(masks.len())) {
            chosen.push((k, at));
            masks.extend_from_slice(&mask);
            listed += bytes;
        }
    }
    // The base's ranks, masks and its own allocations against what the sets' lists take.
    if chosen.is_empty() || listed <= ranks.len() * 2 + masks.len() * 8 + 48 {
        return;
    }
    let Ids::Bits(bits) = std::mem::replace(&mut text.0, Ids::Narrow(Box::default())) else {
        return;
    };
    let base = std::sync::Arc::new(Base {
        bits,
        ranks: ranks.into(),
        masks: masks.into(),
    });
    *text = PatternSet(Ids::Shared(base.clone()));
    for (k, at) in chosen {
        sections[k].text = PatternSet(Ids::Within(base.clone(), at));
    }
}

/// The phrases of one section of a file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct SectionMatches {
    /// Phrases in the heading.
    pub heading: PatternSet,
    /// Phrases in the section's text (heading included) and its subsections' texts.
    pub text: PatternSet,
    /// The index just past the section's last subsection in `item.sections`.
    pub end: usize,
}

impl PatternSet {
    /// The distinct ids of several sets.
    fn union<'a>(sets: impl IntoIterator<Item = &'a PatternSet>) -> PatternSet {
        PatternSet::union_within(sets, 0)
    }

    /// [`PatternSet::union`] as [`PatternSet::from_sorted_within`] keeps it.
    fn union_within<'a>(
        sets: impl IntoIterator<Item = &'a PatternSet>,
        bitmap_bytes: usize,
    ) -> PatternSet {
        // Gathered in a bitmap (ids are phrase ids, at most a few thousand), read back in order: no sort.
        let mut bits: Vec<u64> = Vec::new();
        for id in sets.into_iter().flat_map(PatternSet::iter) {
            let word = id as usize / 64;
            if word >= bits.len() {
                bits.resize(word + 1, 0);
            }
            bits[word] |= 1 << (id % 64);
        }
        let mut ids = Vec::new();
        for (w, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                ids.push(u32::try_from(w * 64).unwrap_or(u32::MAX) + rest.trailing_zeros());
                rest &= rest - 1;
            }
        }
        PatternSet::from_sorted_within(&ids, bitmap_bytes)
    }

    /// The form of a file's whole-text set, however it was made.
    fn for_text(self) -> PatternSet {
        match &self.0 {
            Ids::Bits(_) | Ids::Shared(_) => self,
            _ => {
                PatternSet::from_sorted_within(&self.iter().collect::<Vec<_>>(), TEXT_BITMAP_BYTES)
            }
        }
    }
}

/// A file's whole-text set is a bitmap when that takes at most this many bytes (see
/// [`PatternSet::from_sorted_within`]).
const TEXT_BITMAP_BYTES: usize = 512;

/// Reads a file's whole-text set in the form [`Matcher::analyse`] gives it.
fn text_set<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<PatternSet, D::Error> {
    <PatternSet as serde::Deserialize>::deserialize(deserializer).map(PatternSet::for_text)
}

impl Matcher {
    /// Compiles the catalogue's phrases (with the vocabulary's equivalents and topics), and the names of
    /// other parties that operate processes.
    pub fn new(catalogue: &Catalogue, parties: &[String]) -> Matcher {
        Matcher::build(catalogue, parties, Cow::Borrowed(Vocabulary::embedded()))
    }

    /// [`Matcher::new`] with another vocabulary (the embedded one extended by `iso20k.toml`).
    pub fn with_vocabulary(
        catalogue: &Catalogue,
        parties: &[String],
        vocabulary: &Vocabulary,
    ) -> Matcher {
        Matcher::build(catalogue, parties, Cow::Owned(vocabulary.clone()))
    }

    fn build(
        catalogue: &Catalogue,
        parties: &[String],
        vocabulary: Cow<'static, Vocabulary>,
    ) -> Matcher {
        let mut phrases = Phrases::default();
        let mut intern = |phrase: &str, kind: PatternKind| phrases.intern(phrase, kind);
        let topics_apply = catalogue.header.edition == TOPICS_EDITION;
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
                topics: if topics_apply {
                    vocabulary
                        .topics_of(&r.clause)
                        .iter()
                        .map(|k| intern(k, PatternKind::Phrase))
                        .collect()
                } else {
                    Vec::new()
                },
                sections: if topics_apply {
                    let mut ids: Vec<u32> = vocabulary
                        .sections_of(&r.clause)
                        .iter()
                        .map(|k| intern(k, PatternKind::Phrase))
                        .collect();
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                } else {
                    Vec::new()
                },
            })
            .collect();
        let parties = parties
            .iter()
            .map(|p| intern(p, PatternKind::Phrase))
            .collect();
        let approval_by_review = vocabulary
            .approval_by_review
            .iter()
            .map(|p| intern(p, PatternKind::Phrase))
            .collect();
        for clause in &catalogue.clauses {
            // Only sub-clauses: a bare "8" is any number.
            if clause.clause.depth() > 1 {
                intern(&clause.clause.to_string(), PatternKind::Clause);
            }
        }
        let mut names = vec![String::new(); phrases.kinds.len()];
        for (name, id) in &phrases.ids {
            names[*id as usize].clone_from(name);
        }
        Matcher {
            search: std::sync::OnceLock::new(),
            vocabulary,
            kinds: phrases.kinds,
            requirements,
            parties,
            approval_by_review,
            names,
        }
    }

    /// The trie and the meaning of its patterns, built on the first call.
    #[inline]
    fn search(&self) -> &Search {
        match self.search.get() {
            Some(search) => search,
            None => self.build_search(),
        }
    }

    /// [`Matcher::search`]'s first call, kept out of the search loop's code.
    #[cold]
    #[inline(never)]
    fn build_search(&self) -> &Search {
        self.search.get_or_init(|| {
            // Each phrase id's patterns, in id order.
            let mut patterns = Patterns::default();
            for (id, (name, kind)) in self.names.iter().zip(&self.kinds).enumerate() {
                let id = u32::try_from(id).expect("fewer than 4 billion phrases");
                patterns.add(name, id, *kind, &self.vocabulary);
            }
            // The text is folded to lower case (ASCII letters) before it is searched, so the patterns
            // are too and compared as they are: the same matches as an ASCII case-insensitive search.
            let texts: Vec<String> = patterns
                .texts
                .iter()
                .map(|t| t.to_ascii_lowercase())
                .collect();
            let mut meanings = patterns.meanings;
            let trie = WordTrie::new(&texts, &mut meanings);
            let mut many: Vec<Box<[u32]>> = Vec::new();
            let spells = trie
                .exact
                .iter()
                .map(
                    |&pattern| match pattern.checked_sub(1).map(|p| &meanings[p as usize]) {
                        None => Spell::default(),
                        Some(ids) if ids.len() == 1 => Spell {
                            one: ids[0] + 1,
                            many: 0,
                        },
                        Some(ids) => {
                            many.push(ids.as_slice().into());
                            Spell {
                                one: 0,
                                many: u32::try_from(many.len())
                                    .expect("fewer than 4 billion patterns"),
                            }
                        }
                    },
                )
                .collect();
            Search { trie, spells, many }
        })
    }

    /// Searches a file's text (section by section), title and headings. Called once per file, during
    /// the scan.
    pub fn analyse(&self, item: &EvidenceItem, text: &str) -> DocumentMatches {
        let (found, sections) = self.find_by_section(item, text);
        let clauses = found
            .iter()
            .filter(|id| self.kinds[*id as usize] == PatternKind::Clause)
            .count();
        let name = item.path.rsplit('/').next().unwrap_or_default();
        let title = self.find_parts(&[&item.title, " | ", name]);
        let mut parts: Vec<&str> = Vec::with_capacity(item.headings.len() * 2);
        for (k, heading) in item.headings.iter().enumerate() {
            if k > 0 {
                parts.push(" | ");
            }
            parts.push(&heading.text);
        }
        let headings = self.find_parts(&parts);
        let absences = item
            .absences
            .iter()
            .map(|absence| {
                // A line that names what is missing ("Baseline: to be confirmed") is about that; a bare
                // "TBC" is about the section it stands in.
                let (thing, named) = absent_thing(absence);
                let heading = absence
                    .section
                    .and_then(|s| item.sections.get(s))
                    .filter(|_| !named)
                    .map_or("", |s| s.heading.as_str());
                self.find_parts(&[heading, " | ", thing])
            })
            .collect();
        DocumentMatches {
            absences,
            sections,
            text: found,
            title,
            headings,
            clause_mentions: clauses,
        }
    }

    /// The phrases of the whole text and of each section. The text is searched once, piece by piece: the
    /// part before the first heading, then each section (a phrase split across a heading is not found).
    /// Where the sections do not tile the text (they always do for text the index extracted), the text is
    /// searched whole and no section is read on its own.
    fn find_by_section(
        &self,
        item: &EvidenceItem,
        text: &str,
    ) -> (PatternSet, Vec<SectionMatches>) {
        let mut pieces: Vec<(std::ops::Range<usize>, Option<usize>)> = Vec::new();
        let mut at = 0;
        for (k, section) in item.sections.iter().enumerate() {
            let range = section.bytes();
            if range.start < at || text.get(range.clone()).is_none() {
                return (self.find_parts(&[text]).for_text(), Vec::new());
            }
            if range.start > at {
                pieces.push((at..range.start, None));
            }
            at = range.end;
            pieces.push((range, Some(k)));
        }
        if at < text.len() {
            pieces.push((at..text.len(), None));
        }
        let mut own = vec![PatternSet::default(); item.sections.len()];
        let mut rest = Vec::new();
        for (range, section) in pieces {
            let set = self.find_parts(&[&text[range]]);
            match section {
                Some(k) => own[k] = set,
                None => rest.push(set),
            }
        }
        let mut whole = PatternSet::union_within(own.iter().chain(&rest), TEXT_BITMAP_BYTES);
        let mut sections: Vec<SectionMatches> = item
            .sections
            .iter()
            .enumerate()
            .map(|(k, section)| {
                let end = item.sections[k + 1..]
                    .iter()
                    .position(|s| s.level <= section.level)
                    .map_or(item.sections.len(), |n| k + 1 + n);
                SectionMatches {
                    heading: self.find_parts(&[&section.heading]),
                    text: PatternSet::union(&own[k..end]),
                    end,
                }
            })
            .collect();
        share_sections(&mut whole, &mut sections);
        (whole, sections)
    }

    /// The distinct phrases found in the concatenation of `parts`, folded (see [`fold`]) into a
    /// buffer reused by the thread, so a search allocates only its result.
    fn find_parts(&self, parts: &[&str]) -> PatternSet {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = const {
                RefCell::new(Scratch {
                    folded: Vec::new(),
                    ids: Vec::new(),
                    seen: Vec::new(),
                    walks: Vec::new(),
                })
            };
        }
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch {
                folded,
                ids,
                seen,
                walks,
            } = scratch;
            folded.clear();
            let mut space = false;
            for part in parts {
                fold_into(part, folded, &mut space);
            }
            let found = self.find_into(folded, ids, seen, walks);
            // A large file's buffers are given back rather than kept by the thread for the rest of the
            // run (memory stays bounded by the files being read, not by the largest one ever read).
            if folded.capacity() > KEPT_BUFFER_BYTES {
                *folded = Vec::new();
            }
            if ids.capacity() * 4 > KEPT_BUFFER_BYTES {
                *ids = Vec::new();
            }
            found
        })
    }

    /// The distinct phrases found in the folded text `bytes` at word boundaries (its bytes alone are
    /// read, so it is not checked for UTF-8 again); `ids`, `seen` (a bit per phrase id) and `walks` are
    /// scratch space.
    ///
    /// Every phrase and clause number must start where a word does not go on (the byte before is no
    /// letter or digit), so a walk of the trie starts at those places only, token by token (see
    /// [`WordTrie`]), each walk ending where no pattern goes on: every occurrence starting there is
    /// found, as an unanchored overlapping search would find it. The walks under way are advanced
    /// together as each token is read, so every token of the text is looked up once.
    fn find_into(
        &self,
        bytes: &[u8],
        ids: &mut Vec<u32>,
        seen: &mut Vec<u64>,
        walks: &mut Vec<(u32, usize)>,
    ) -> PatternSet {
        let word = is_word;
        let Search { trie, spells, many } = self.search();
        seen.clear();
        seen.resize(self.kinds.len() / 64 + 1, 0);
        let mut found = |at: usize, end: usize, spell: Spell| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            let phrase_bounded = !word(before) && !word(after);
            let one = [spell.one.wrapping_sub(1)];
            let ids: &[u32] = match spell.many.checked_sub(1) {
                Some(k) => &many[k as usize],
                None => &one,
            };
            for &id in ids {
                let Some(bits) = seen.get_mut(id as usize / 64) else {
                    continue;
                };
                if *bits >> (id % 64) & 1 == 1 {
                    // Found already: no need to weigh this occurrence.
                    continue;
                }
                let bounded = match self.kinds[id as usize] {
                    PatternKind::Clause => clause_bounded(bytes, before, end),
                    PatternKind::Phrase => phrase_bounded,
                };
                if bounded {
                    *bits |= 1 << (id % 64);
                }
            }
        };
        // An empty pattern (a phrase of separators only) is found wherever a walk may start.
        let empty = spells[0];
        walks.clear();
        let mut at = 0;
        while at < bytes.len() {
            let end = token_end(bytes, at);
            let token = trie.token(bytes, at, end);
            if token == NO_TOKEN {
                walks.clear();
            } else {
                let mut kept = 0;
                for k in 0..walks.len() {
                    let (node, from) = walks[k];
                    let node = trie.step(node, token);
                    if node != 0 {
                        let spell = spells[node as usize];
                        if spell != Spell::default() {
                            found(from, end, spell);
                        }
                        walks[kept] = (node, from);
                        kept += 1;
                    }
                }
                walks.truncate(kept);
            }
            if at == 0 || !WORD[usize::from(bytes[at - 1])] {
                if empty != Spell::default() {
                    found(at, at, empty);
                }
                let node = if token == NO_TOKEN {
                    0
                } else {
                    trie.step(0, token)
                };
                if node != 0 {
                    let spell = spells[node as usize];
                    if spell != Spell::default() {
                        found(at, end, spell);
                    }
                    walks.push((node, at));
                }
            }
            at = end;
        }
        if empty != Spell::default() && bytes.last().is_none_or(|&b| !WORD[usize::from(b)]) {
            found(bytes.len(), bytes.len(), empty);
        }
        // The ids found, in order, from the bits.
        ids.clear();
        for (w, bits) in seen.iter().enumerate() {
            let mut rest = *bits;
            while rest != 0 {
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                ids.push(u32::try_from(w * 64).unwrap_or(u32::MAX) + bit);
            }
        }
        PatternSet::from_sorted(ids)
    }
}

/// Where one phrase occurs in one file ([`Matcher::occurrences`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Occurrences {
    pub title: bool,
    pub headings: bool,
    pub text: bool,
    /// The innermost sections holding it (indexes into `item.sections`).
    pub sections: Vec<usize>,
}

/// Queries for `iso20k explain ID DIR --file PATH`, over what [`Matcher::analyse`] found.
impl Matcher {
    /// The phrase (normalised) or clause number a phrase id stands for.
    pub fn phrase(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// Where phrase `id` occurs in a file: its title or file name, its headings, its text, and the
    /// innermost sections (indexes into `item.sections`) whose text holds it.
    pub fn occurrences(&self, found: &DocumentMatches, id: u32) -> Occurrences {
        let holding: Vec<usize> = (0..found.sections.len())
            .filter(|&k| found.sections[k].text.contains(id))
            .collect();
        // A section is listed only when none of its subsections holds the phrase too.
        let sections = holding
            .iter()
            .copied()
            .filter(|&k| {
                !holding
                    .iter()
                    .any(|&sub| sub > k && sub < found.sections[k].end)
            })
            .collect();
        Occurrences {
            title: found.title.contains(id),
            headings: found.headings.contains(id),
            text: found.text.contains(id),
            sections,
        }
    }
}

/// Whether `b` is a byte of a word (a letter or a digit), none being no word.
fn is_word(b: Option<u8>) -> bool {
    b.is_some_and(|b| WORD[usize::from(b)])
}

/// Whether a clause number found in `bytes` up to `end`, after the byte `before`, stands on its own: not
/// inside a word or a longer number (`18.5.1`, `8.5.12`, `8.5.1.2` for `8.5.1`).
fn clause_bounded(bytes: &[u8], before: Option<u8>, end: usize) -> bool {
    let after = bytes.get(end).copied();
    let digit_follows = after.is_some_and(|b| b.is_ascii_digit())
        || (after == Some(b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
    !is_word(before) && before != Some(b'.') && !digit_follows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, load};

    fn item(title: &str) -> EvidenceItem {
        EvidenceItem {
            title: title.into(),
            kind: crate::evidence::Kind::Other,
            ..EvidenceItem::unread(
                "policies/change-management-policy.md",
                crate::evidence::Format::Markdown,
            )
        }
    }

    #[test]
    fn the_trie_is_built_on_the_first_search_only() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        assert!(!matcher.requirements.is_empty());
        assert!(matcher.search.get().is_none(), "built before any search");
        matcher.analyse(&item("Change Management Policy"), "change control");
        assert!(matcher.search.get().is_some());
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
        let none = matcher.analyse(&item("x"), "exchange controlled; an emergency of change");
        assert_eq!(none.text.count(&patterns.keywords), 0);
    }

    #[test]
    fn finds_plurals_hyphens_line_breaks_and_equivalents() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        let keywords = |id: &str| {
            let index = catalogue
                .requirements
                .iter()
                .position(|r| r.id == id)
                .unwrap();
            matcher.requirements[index].keywords.clone()
        };
        let change = keywords("8.5.1.1-change-policy");
        // A plural, a phrase broken by a line end, and a hyphenated spelling.
        let found = matcher.analyse(
            &item("x"),
            "Emergency changes and the change\n  control-board",
        );
        assert_eq!(found.text.count(&change), 2);
        // The vocabulary: a postmortem is a post-incident review; a CAB is a change advisory board.
        let review = keywords("8.6.1-major-incident-review");
        let ids: Vec<u32> = review.clone();
        let postmortem = matcher.analyse(&item("x"), "Every SEV1 gets a postmortem.");
        let pir = matcher.analyse(&item("x"), "Every SEV1 gets a post-incident review.");
        assert!(postmortem.text.count(&ids) >= 1);
        assert_eq!(
            postmortem.text.count(&ids),
            pir.text.count(&ids),
            "the same phrases are found under either name"
        );
    }

    #[test]
    fn a_statement_of_absence_is_about_what_precedes_it() {
        let absence = |excerpt: &str, text: &str| crate::evidence::Absence {
            line: 1,
            text: text.into(),
            excerpt: excerpt.into(),
            section: None,
        };
        assert_eq!(
            absent_thing(&absence(
                "Corrective action plans to be agreed with the Change Manager",
                "to be agreed"
            )),
            ("Corrective action plans ", true)
        );
        // The phrase opens the line: what follows is what is missing.
        let opening = absence("TBC: interested-party requirements", "TBC");
        assert_eq!(
            absent_thing(&opening),
            ("TBC: interested-party requirements", false)
        );
        let unmarked = absence("Ünïcode plan — pending", "missing");
        assert_eq!(absent_thing(&unmarked), ("Ünïcode plan — pending", false));
    }

    #[test]
    fn folding_joins_words_across_separators_and_keeps_utf8() {
        assert_eq!(
            fold("  post-incident\n\treview__log "),
            "post incident review log"
        );
        assert_eq!(fold("Ünïcode – dash"), "Ünïcode – dash");
        assert_eq!(fold(""), "");
        assert_eq!(fold("---"), "");
    }

    /// The folding as first written (a branch per byte and a copy per word), against which the one
    /// without branches is checked.
    fn fold_reference(text: &str, out: &mut Vec<u8>, space: &mut bool) {
        let from = out.len();
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if SEPARATOR[usize::from(b)] {
                if !*space {
                    out.extend_from_slice(&bytes[start..i]);
                    *space = true;
                }
            } else if *space {
                if !out.is_empty() {
                    out.push(b' ');
                }
                *space = false;
                start = i;
            }
        }
        if !*space {
            out.extend_from_slice(&bytes[start..]);
        }
        out[from..].make_ascii_lowercase();
    }

    proptest::proptest! {
        #[test]
        fn folding_pieces_gives_what_the_reference_folding_gives(
            pieces in proptest::collection::vec("[ \t\n_A-Za-z0-9.-]{0,12}|\\PC{0,6}", 0..6),
        ) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let (mut fast_space, mut slow_space) = (false, false);
            for piece in &pieces {
                fold_into(piece, &mut fast, &mut fast_space);
                fold_reference(piece, &mut slow, &mut slow_space);
                proptest::prop_assert_eq!(&fast, &slow, "after {:?}", piece);
                // A pending separator matters only once something precedes it.
                if !slow.is_empty() {
                    proptest::prop_assert_eq!(fast_space, slow_space);
                }
            }
        }
    }

    #[test]
    fn patterns_spelled_alike_end_in_one_node_with_both_meanings() {
        let texts: Vec<String> = ["sla", "sla", "slas", "la", "sla 8.2"]
            .map(String::from)
            .into();
        let mut meanings = vec![vec![1], vec![2, 1], vec![3], vec![4], vec![5]];
        let trie = WordTrie::new(&texts, &mut meanings);
        let walk = |text: &str| {
            let bytes = text.as_bytes();
            let (mut node, mut at) = (0, 0);
            while at < bytes.len() {
                let end = token_end(bytes, at);
                node = trie.step(node, trie.token(bytes, at, end));
                if node == 0 {
                    return 0;
                }
                at = end;
            }
            trie.exact[node as usize]
        };
        assert_eq!(walk("sla"), 1, "the first of the two");
        assert_eq!(meanings[0], vec![1, 2]);
        assert!(meanings[1].is_empty());
        assert_eq!(
            walk("slas"),
            3,
            "a word is one token, not a prefix of a longer one"
        );
        assert_eq!(walk("la"), 4);
        assert_eq!(
            walk("sla 8.2"),
            5,
            "words, spaces, digits and full stops are tokens"
        );
        // A node reached only on the way to a longer pattern spells none.
        assert_eq!(walk("sla 8"), 0);
        assert_eq!(walk("sl"), 0);
    }

    #[test]
    fn tokens_are_runs_of_one_class_or_single_marks() {
        let text = b"iso20000-1 caf\xc3\xa9s (8.2)";
        let mut tokens = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let end = token_end(text, at);
            tokens.push(&text[at..end]);
            at = end;
        }
        let expected: Vec<&[u8]> = vec![
            b"iso",
            b"20000",
            b"-",
            b"1",
            b" ",
            b"caf",
            b"\xc3\xa9",
            b"s",
            b" ",
            b"(",
            b"8",
            b".",
            b"2",
            b")",
        ];
        assert_eq!(tokens, expected);
    }

    proptest::proptest! {
        #[test]
        fn a_token_ends_where_its_class_changes(text in "[a-zA-Z]{0,20}[ 0-9.é@`\\[{]?[a-z]{0,3}|\\PC{0,12}") {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                let class = CLASS[usize::from(bytes[start])];
                let expected = if class == 0 {
                    start + 1
                } else {
                    (start + 1..bytes.len())
                        .find(|&i| CLASS[usize::from(bytes[i])] != class)
                        .unwrap_or(bytes.len())
                };
                proptest::prop_assert_eq!(token_end(bytes, start), expected, "from {}", start);
            }
        }
    }

    #[test]
    fn not_letters_marks_every_byte_but_ascii_letters() {
        for b in 0..=255u8 {
            let word = u64::from_le_bytes([b, b'a', b'Z', b, b'@', b'[', b'`', b'{']);
            let marks = not_letters(word);
            let expected = u64::from_le_bytes(
                [b, b'a', b'Z', b, b'@', b'[', b'`', b'{']
                    .map(|x| if x.is_ascii_alphabetic() { 0 } else { 0x80 }),
            );
            assert_eq!(marks, expected, "byte {b:#x}");
        }
    }

    /// The byte automaton the trie replaced: a contiguous NFA of the same patterns walked anchored,
    /// byte by byte, from every place a phrase may start. The trie must find what it finds.
    struct Reference {
        automaton: aho_corasick::nfa::contiguous::NFA,
        meanings: Vec<Vec<u32>>,
        exact: Vec<u32>,
        texts: Vec<String>,
    }

    impl Reference {
        fn new(matcher: &Matcher) -> Reference {
            use aho_corasick::automaton::Automaton;
            let mut patterns = Patterns::default();
            for (id, (name, kind)) in matcher.names.iter().zip(&matcher.kinds).enumerate() {
                patterns.add(name, u32::try_from(id).unwrap(), *kind, &matcher.vocabulary);
            }
            let texts: Vec<String> = patterns
                .texts
                .iter()
                .map(|t| t.to_ascii_lowercase())
                .collect();
            let automaton = aho_corasick::nfa::contiguous::NFA::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&texts)
                .unwrap();
            let mut meanings = patterns.meanings;
            let start = automaton.start_state(aho_corasick::Anchored::Yes).unwrap();
            let mut exact: Vec<u32> = Vec::new();
            for (pattern, text) in texts.iter().enumerate() {
                let sid = text.bytes().fold(start, |sid, b| {
                    automaton.next_state(aho_corasick::Anchored::Yes, sid, b)
                });
                let at = sid.as_usize();
                if exact.len() <= at {
                    exact.resize(at + 1, 0);
                }
                match exact[at] {
                    0 => exact[at] = u32::try_from(pattern + 1).unwrap(),
                    first => {
                        let more = std::mem::take(&mut meanings[pattern]);
                        for id in more {
                            if !meanings[first as usize - 1].contains(&id) {
                                meanings[first as usize - 1].push(id);
                            }
                        }
                    }
                }
            }
            Reference {
                automaton,
                meanings,
                exact,
                texts,
            }
        }

        /// The phrase ids found in folded `text`, as the automaton's walks found them.
        fn find(&self, matcher: &Matcher, text: &str) -> Vec<u32> {
            use aho_corasick::Anchored;
            use aho_corasick::automaton::Automaton;
            let bytes = text.as_bytes();
            let word = is_word;
            let nfa = &self.automaton;
            let start = nfa.start_state(Anchored::Yes).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            let spelt = |sid: aho_corasick::automaton::StateID| {
                self.exact.get(sid.as_usize()).copied().unwrap_or(0)
            };
            let mut found = |at: usize, end: usize, pattern: u32| {
                let before = at.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(end).copied();
                for &id in &self.meanings[pattern as usize - 1] {
                    let bounded = match matcher.kinds[id as usize] {
                        PatternKind::Clause => clause_bounded(bytes, before, end),
                        PatternKind::Phrase => !word(before) && !word(after),
                    };
                    if bounded {
                        seen.insert(id);
                    }
                }
            };
            for at in 0..=bytes.len() {
                if at > 0 && WORD[usize::from(bytes[at - 1])] {
                    continue;
                }
                let mut sid = start;
                if nfa.is_match(sid) && spelt(sid) != 0 {
                    found(at, at, spelt(sid));
                }
                for (end, &b) in bytes.iter().enumerate().skip(at) {
                    sid = nfa.next_state(Anchored::Yes, sid, b);
                    if nfa.is_dead(sid) {
                        break;
                    }
                    if nfa.is_match(sid) && spelt(sid) != 0 {
                        found(at, end + 1, spelt(sid));
                    }
                }
            }
            seen.into_iter().collect()
        }
    }

    fn trie_and_reference_agree(matcher: &Matcher, reference: &Reference, text: &str) {
        let folded = fold(text);
        let trie: Vec<u32> = matcher.find_parts(&[text]).iter().collect();
        assert_eq!(
            trie,
            reference.find(matcher, &folded),
            "in {folded:?}: {:?}",
            trie.iter()
                .map(|&id| matcher.phrase(id))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_word_trie_finds_what_the_byte_automaton_found() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &["Acme Hosting Ltd.".to_string()]);
        let reference = Reference::new(&matcher);
        // Every pattern alone, glued to its neighbours, and with a word, digit or clause beside it.
        for text in &reference.texts {
            for example in [
                text.clone(),
                format!("({text})."),
                format!("x{text}"),
                format!("{text}x"),
                format!("{text}1"),
                format!("{text}.1"),
                format!("{text}.a"),
                format!("{text}s"),
                format!("The {text}, and {text}-{text}"),
            ] {
                trie_and_reference_agree(&matcher, &reference, &example);
            }
        }
        for text in [
            "",
            " ",
            "8.2.1a clause 8.2.1.3 and 8.2.1. or 8.2.10 (8.2.1) v8.2.1",
            "Incident   management\n\t-_ process; problem-management café 8.2",
            "\u{e9}incident management",
        ] {
            trie_and_reference_agree(&matcher, &reference, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_word_trie_finds_what_the_byte_automaton_finds_in_any_text(
            picks in proptest::collection::vec((0usize..100_000, 0usize..12), 0..24),
            noise in proptest::collection::vec("[a-z0-9.()/ &,]{0,4}|\\PC{0,2}", 12),
        ) {
            thread_local! {
                static BUILT: (Matcher, Reference) = {
                    let catalogue = load(&CatalogueSource::default()).unwrap();
                    let matcher = Matcher::new(&catalogue, &["Acme Hosting Ltd.".to_string()]);
                    let reference = Reference::new(&matcher);
                    (matcher, reference)
                };
            }
            BUILT.with(|(matcher, reference)| {
                let mut text = String::new();
                for (pattern, glue) in &picks {
                    text.push_str(&reference.texts[pattern % reference.texts.len()]);
                    text.push_str(&noise[*glue]);
                }
                let folded = fold(&text);
                let trie: Vec<u32> = matcher.find_parts(&[&text]).iter().collect();
                proptest::prop_assert_eq!(trie, reference.find(matcher, &folded), "in {:?}", folded);
                Ok(())
            })?;
        }
    }

    #[test]
    fn number_variants_cover_common_english_plurals() {
        assert_eq!(
            number_variants("risk owners"),
            vec!["risk owner".to_string()]
        );
        assert_eq!(number_variants("policy"), vec!["policies".to_string()]);
        assert_eq!(number_variants("key"), vec!["keys".to_string()]);
        assert_eq!(number_variants("policies"), vec!["policy".to_string()]);
        assert_eq!(number_variants("process"), vec!["processes".to_string()]);
        assert!(number_variants("it").is_empty());
        assert!(number_variants("8.5.1").is_empty());
    }

    #[test]
    fn names_phrases_and_finds_the_innermost_sections_holding_them() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        let r = catalogue
            .requirements
            .iter()
            .position(|r| r.id == "8.5.1.1-change-policy")
            .unwrap();
        let keyword = matcher.requirements[r].keywords[0];
        assert_eq!(
            matcher.phrase(keyword),
            normalise_phrase(&catalogue.requirements[r].evidence.keywords[0])
        );
        // Section 0 holds sections 1 and 2; the phrase is in 0 (through 1) and in 1: only 1 is listed.
        let set = |ids: &[u32]| PatternSet::from_sorted(ids);
        let found = DocumentMatches {
            text: set(&[keyword]),
            sections: vec![
                SectionMatches {
                    heading: set(&[]),
                    text: set(&[keyword]),
                    end: 3,
                },
                SectionMatches {
                    heading: set(&[]),
                    text: set(&[keyword]),
                    end: 2,
                },
                SectionMatches {
                    heading: set(&[]),
                    text: set(&[]),
                    end: 3,
                },
            ],
            ..DocumentMatches::default()
        };
        let at = matcher.occurrences(&found, keyword);
        assert!(at.text && !at.title && !at.headings);
        assert_eq!(at.sections, vec![1]);
    }

    #[test]
    fn pattern_sets_hold_narrow_and_wide_ids_alike() {
        let narrow = PatternSet::from_sorted(&[1, 7, 65535]);
        assert!(matches!(narrow.0, Ids::Narrow(_)));
        assert!(narrow.contains(65535) && narrow.contains(1));
        assert!(!narrow.contains(65536) && !narrow.contains(2) && !narrow.contains(u32::MAX));
        let wide = PatternSet::from_sorted(&[1, 7, 65536]);
        assert!(matches!(wide.0, Ids::Wide(_)));
        assert!(wide.contains(65536) && wide.contains(7) && !wide.contains(65535));
        assert_eq!(wide.iter().collect::<Vec<_>>(), vec![1, 7, 65536]);
        assert_eq!(wide.count(&[7, 8, 65536]), 2);
        // The cache holds the gaps between ids in one string, read back in either storage; a plain
        // list of ids is read too.
        let json = serde_json::to_string(&wide).unwrap();
        assert_eq!(
            json, r#""BF4__B""#,
            "gaps 1, 5 and 65528 (four groups of five bits)"
        );
        assert_eq!(serde_json::from_str::<PatternSet>(&json).unwrap(), wide);
        assert_eq!(
            serde_json::from_str::<PatternSet>("[65535,7,1,7]").unwrap(),
            narrow
        );
        assert_eq!(PatternSet::from_sorted(&[]), PatternSet::default());
        assert_eq!(
            serde_json::to_string(&PatternSet::default()).unwrap(),
            r#""""#
        );
        for bad in [r#""B*""#, r#""-""#, r#""______________""#, "[-1]"] {
            assert!(serde_json::from_str::<PatternSet>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_dense_pattern_set_is_a_bitmap_no_larger_than_its_list() {
        // 64 ids below 128: two words (16 bytes) against 128 bytes of list.
        let ids: Vec<u32> = (0..128).step_by(2).collect();
        let dense = PatternSet::from_sorted(&ids);
        assert!(matches!(&dense.0, Ids::Bits(bits) if bits.len() == 2));
        assert_eq!(dense.iter().collect::<Vec<_>>(), ids);
        assert!(dense.contains(0) && dense.contains(126) && !dense.contains(127));
        assert!(!dense.contains(128) && !dense.contains(u32::MAX));
        assert_eq!(dense.count(&[0, 1, 2, 500]), 2);
        assert!(dense.any(&[3, 4]) && !dense.any(&[3, 5, 1000]));
        // Two ids far apart stay a list.
        assert!(matches!(
            PatternSet::from_sorted(&[1, 900]).0,
            Ids::Inline(_)
        ));
        let json = serde_json::to_string(&dense).unwrap();
        assert_eq!(serde_json::from_str::<PatternSet>(&json).unwrap(), dense);
    }

    proptest::proptest! {
        #[test]
        fn a_pattern_set_answers_like_the_list_it_was_made_from(
            ids in proptest::prop_oneof![
                proptest::collection::btree_set(0u32..70_000, 0..40),
                proptest::collection::btree_set(0u32..3_000, 0..600),
            ],
            probes in proptest::collection::vec(0u32..70_000, 0..40),
        ) {
            let list: Vec<u32> = ids.into_iter().collect();
            let set = PatternSet::from_sorted(&list);
            proptest::prop_assert_eq!(set.iter().collect::<Vec<_>>(), list.clone());
            for probe in &probes {
                proptest::prop_assert_eq!(set.contains(*probe), list.contains(probe));
            }
            proptest::prop_assert_eq!(
                set.count(&probes),
                probes.iter().filter(|p| list.contains(p)).count()
            );
            proptest::prop_assert_eq!(set.any(&probes), probes.iter().any(|p| list.contains(p)));
            let json = serde_json::to_string(&set).unwrap();
            proptest::prop_assert_eq!(&serde_json::from_str::<PatternSet>(&json).unwrap(), &set);
            let union = PatternSet::union([&set, &PatternSet::from_sorted(&list[..list.len() / 2])]);
            proptest::prop_assert_eq!(union, set);
        }
    }

    proptest::proptest! {
        #[test]
        fn sections_sets_shared_over_the_text_answer_as_their_own_lists(
            text in proptest::collection::btree_set(0u32..3_000, 0..300),
            picks in proptest::collection::vec(proptest::collection::vec(proptest::bool::ANY, 300), 0..8),
            stray in proptest::option::of(3_000u32..70_000),
            probes in proptest::collection::vec(0u32..3_100, 0..60),
        ) {
            let text: Vec<u32> = text.into_iter().collect();
            let mut lists: Vec<Vec<u32>> = picks
                .iter()
                .map(|pick| text.iter().zip(pick).filter(|(_, p)| **p).map(|(id, _)| *id).collect())
                .collect();
            // A set that is not within the text (never from the matcher) keeps its own list.
            if let (Some(stray), Some(last)) = (stray, lists.last_mut()) {
                last.push(stray);
            }
            let mut sections: Vec<SectionMatches> = lists
                .iter()
                .map(|list| SectionMatches {
                    heading: PatternSet::from_sorted(list),
                    text: PatternSet::from_sorted(list),
                    end: 0,
                })
                .collect();
            let mut shared = PatternSet::from_sorted_within(&text, TEXT_BITMAP_BYTES);
            share_sections(&mut shared, &mut sections);
            proptest::prop_assert_eq!(shared.iter().collect::<Vec<_>>(), text.clone());
            for probe in &probes {
                proptest::prop_assert_eq!(shared.contains(*probe), text.contains(probe));
            }
            proptest::prop_assert_eq!(shared.count(&probes), probes.iter().filter(|p| text.contains(p)).count());
            proptest::prop_assert_eq!(shared.any(&probes), probes.iter().any(|p| text.contains(p)));
            for (section, list) in sections.iter().zip(&lists) {
                let set = &section.text;
                proptest::prop_assert_eq!(set, &section.heading);
                proptest::prop_assert_eq!(set.iter().collect::<Vec<_>>(), list.clone());
                for probe in &probes {
                    proptest::prop_assert_eq!(set.contains(*probe), list.contains(probe));
                }
                proptest::prop_assert_eq!(set.count(&probes), probes.iter().filter(|p| list.contains(p)).count());
                proptest::prop_assert_eq!(set.any(&probes), probes.iter().any(|p| list.contains(p)));
                let json = serde_json::to_string(set).unwrap();
                proptest::prop_assert_eq!(json, serde_json::to_string(&section.heading).unwrap());
            }
        }
    }

    #[test]
    fn small_sets_take_no_allocation_and_sections_share_their_files_ids() {
        assert!(std::mem::size_of::<PatternSet>() <= 24);
        let small = PatternSet::from_sorted(&[3, 9, 4000]);
        assert!(matches!(small.0, Ids::Inline(_)));
        assert_eq!(small.iter().collect::<Vec<_>>(), vec![3, 9, 4000]);
        assert!(small.contains(4000) && !small.contains(u32::from(u16::MAX)));
        // Three nested sections of a file of 200 phrases: one shared list, a mask each.
        let text: Vec<u32> = (0..3400).step_by(17).collect();
        let mut sections: Vec<SectionMatches> = [&text[..], &text[..150], &text[100..]]
            .iter()
            .map(|list| SectionMatches {
                text: PatternSet::from_sorted(list),
                ..SectionMatches::default()
            })
            .collect();
        let mut whole = PatternSet::from_sorted_within(&text, TEXT_BITMAP_BYTES);
        share_sections(&mut whole, &mut sections);
        assert!(matches!(whole.0, Ids::Shared(_)));
        assert_eq!(whole.iter().collect::<Vec<_>>(), text);
        assert!(sections.iter().all(|s| matches!(s.text.0, Ids::Within(..))));
        assert_eq!(
            sections[1].text.iter().collect::<Vec<_>>(),
            text[..150].to_vec()
        );
        // Read back from the cache's form, the sets are shared again.
        let found = DocumentMatches {
            text: whole,
            sections,
            ..DocumentMatches::default()
        };
        let json = serde_json::to_string(&found).unwrap();
        let back: DocumentMatches = serde_json::from_str(&json).unwrap();
        assert!(
            back.sections
                .iter()
                .all(|s| matches!(s.text.0, Ids::Within(..)))
        );
        assert!(matches!(back.text.0, Ids::Shared(_)));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn counts_clause_mentions() {
        let catalogue = load(&CatalogueSource::default()).unwrap();
        let matcher = Matcher::new(&catalogue, &[]);
        let found = matcher.analyse(
            &item("Policy"),
            "{{COMPANY}} will <insert date> review. See 8.5.1.1, 8.5.1 and 9.3; not 8.5.10, 18.5.1 or 8.5.1.9.",
        );
        // 8.5.1.1, 8.5.1 and 9.3 (8.5.1.9 and 8.5.10 are not clauses; 18.5.1 is not 8.5.1).
        assert_eq!(found.clause_mentions, 3);
    }
}
