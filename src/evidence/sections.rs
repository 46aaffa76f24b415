//! What a document's text says, line by line: its **sections** (split at its headings), its
//! **statements of absence** ("to be confirmed", "not yet documented", "planned for 2027") and its explicit
//! **clause references** to ISO/IEC 20000-1 ("meets clause 8.5.1", a cross-reference table), each with
//! its line.
//!
//! [`analyse`] reads a file's extracted text once, line by line, with a one-line lookahead (a heading is
//! confirmed by what follows it). Every output is bounded ([`MAX_SECTIONS`], [`MAX_ABSENCES`],
//! [`MAX_CLAUSE_REFS`]), phrases are found with automata built once per process, and nothing here can
//! split a UTF-8 character.
//!
//! Lines are 1-based lines of the extracted text, except for Markdown, where they are lines of the file
//! (the text starts after the front matter). Each [`Section`] also keeps the byte range of its lines in
//! the extracted text, so a stage that sees the text during the scan can slice it by section.

use super::dates::{MONTHS, parse_date};
use super::doc_control::strip_tags;
use super::{Format, Heading};
#[cfg(test)]
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;
use std::ops::Range;
#[cfg(test)]
use std::sync::LazyLock;

/// The most sections kept per file; the last one kept runs to the end of the text.
pub const MAX_SECTIONS: usize = 2_000;
/// The most statements of absence kept per file.
pub const MAX_ABSENCES: usize = 200;
/// The most clause references kept per file.
pub const MAX_CLAUSE_REFS: usize = 1_000;
/// Lines longer than this (in characters) are never headings.
const MAX_HEADING_CHARS: usize = 100;
/// The longest excerpt kept for a statement of absence, in characters.
const ABSENCE_EXCERPT_CHARS: usize = 120;

/// A part of a document, from its heading to the line before the next heading (of any level).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Section {
    /// The heading's text: trimmed, white space folded, Markdown emphasis stripped, numbers kept
    /// (`8.2 Operational planning and control`); shared, as a folder's documents repeat their headings.
    pub heading: super::Shared,
    /// 1 for a top-level heading; numbered headings take the depth of their number (`8.2` is 2).
    pub level: u8,
    /// The heading's line (1-based; Markdown: of the file, other formats: of the extracted text).
    pub line_start: usize,
    /// The section's last non-blank line, before the next heading.
    pub line_end: usize,
    /// Byte offset in the extracted text where the heading's line starts.
    #[serde(skip)]
    pub byte_start: usize,
    /// Byte offset in the extracted text just after `line_end` (its newline included).
    #[serde(skip)]
    pub byte_end: usize,
}

impl Section {
    /// `SMS Manual.md § 8.2 Operational planning and control (lines 88–120)`.
    pub fn cite(&self, path: &str) -> String {
        if self.line_end > self.line_start {
            format!(
                "{path} § {} (lines {}–{})",
                self.heading, self.line_start, self.line_end
            )
        } else {
            format!("{path} § {} (line {})", self.heading, self.line_start)
        }
    }

    /// The section's bytes in the extracted text: `&text[section.bytes()]` (always on character
    /// boundaries of the text the section was found in).
    pub fn bytes(&self) -> Range<usize> {
        self.byte_start..self.byte_end
    }

    /// Whether `line` (as numbered in [`Section::line_start`]) falls in this section.
    pub fn contains_line(&self, line: usize) -> bool {
        (self.line_start..=self.line_end).contains(&line)
    }
}

/// The byte range of every section in the extracted text, in order; ranges never overlap.
pub fn section_byte_ranges(sections: &[Section]) -> Vec<Range<usize>> {
    sections.iter().map(Section::bytes).collect()
}

/// The index of the section holding `line`, if any (lines before the first heading belong to none).
pub fn section_at(sections: &[Section], line: usize) -> Option<usize> {
    let after = sections.partition_point(|s| s.line_start <= line);
    let index = after.checked_sub(1)?;
    sections[index].contains_line(line).then_some(index)
}

/// The last line of section `index` together with its subsections: the line before the next heading of
/// the same or a higher level (`§ 8.2` with `8.2.1` … `8.2.4`), else the end of the last section.
pub fn extent_end(sections: &[Section], index: usize) -> Option<usize> {
    let section = sections.get(index)?;
    let next = sections[index + 1..]
        .iter()
        .position(|s| s.level <= section.level)
        .map(|offset| index + 1 + offset);
    let last = next.map_or(sections.len() - 1, |n| n - 1);
    Some(sections[last].line_end)
}

/// How section `index` is cited, with its subsections' lines: `9. Communication (lines 67–78)`.
pub fn section_label(sections: &[Section], index: usize) -> Option<String> {
    let s = sections.get(index)?;
    let end = extent_end(sections, index).unwrap_or(s.line_end);
    Some(if end > s.line_start {
        format!("{} (lines {}–{end})", s.heading, s.line_start)
    } else {
        format!("{} (line {})", s.heading, s.line_start)
    })
}

/// A statement that something does not exist yet: `TBC`, "to be defined", "planned for 2027" …
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Absence {
    /// The line (numbered like [`Section::line_start`]).
    pub line: usize,
    /// The phrase found, as written.
    pub text: String,
    /// The line, trimmed, at most about 120 characters around the phrase.
    pub excerpt: String,
    /// The index in `sections` of the section holding the line; none before the first heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
}

/// The edition of ISO/IEC 20000-1 a clause reference cites.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum Edition {
    #[serde(rename = "2011")]
    E2011,
    #[serde(rename = "2018")]
    E2018,
}

impl Edition {
    pub fn year(self) -> &'static str {
        match self {
            Edition::E2011 => "2011",
            Edition::E2018 => "2018",
        }
    }
}

/// An explicit reference to a clause of ISO/IEC 20000-1 (`clause 8.5.1`, a cross-reference table row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ClauseRef {
    /// The clause number as written (`8.5.1`).
    pub clause: String,
    /// The edition cited next to the reference, else the one the document names; none if it names none.
    pub edition: Option<Edition>,
    /// The line (numbered like [`Section::line_start`]).
    pub line: usize,
}

/// Everything [`analyse`] finds in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Structure {
    pub sections: Vec<Section>,
    pub absences: Vec<Absence>,
    pub clause_refs: Vec<ClauseRef>,
}

/// Reads `text` once. `known` are the headings the format's reader found (Markdown structure, Word
/// heading styles, OpenDocument headings) with their lines; `line_offset` is the number of file lines
/// before the text (Markdown front matter), added to every line reported.
#[cfg(test)]
pub fn analyse(text: &str, format: Format, known: &[Heading], line_offset: usize) -> Structure {
    let phrases = super::phrases::TextPhrases::find(text);
    analyse_with(text, format, known, line_offset, &phrases)
}

/// [`analyse`], with the phrases of [`patterns`] already found in `text` (one pass with the kind
/// inference's cues: see [`super::phrases`]).
pub(super) fn analyse_with(
    text: &str,
    format: Format,
    known: &[Heading],
    line_offset: usize,
    phrases: &super::phrases::TextPhrases,
) -> Structure {
    let mut scan = Scan::new(format, known, line_offset);
    // One automaton pass over the whole text found every phrase and cue; no pattern holds a line
    // break, so each match lies within one line.
    let mut phrases = phrases.sections().iter().peekable();
    let mut on_line: Vec<Found> = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        on_line.clear();
        while let Some(found) = phrases.next_if(|m| m.start < offset) {
            on_line.push(Found {
                start: found.start - start,
                end: found.end - start,
                pattern: found.pattern,
            });
        }
        scan.line(index + 1, start, offset, raw, &on_line);
    }
    scan.finish()
}

// ---------------------------------------------------------------------------------------------------
// The pass
// ---------------------------------------------------------------------------------------------------

/// How a heading was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingForm {
    /// Found by the format's reader, or an ATX or HTML heading: no confirmation needed.
    Certain,
    /// A bold-only line: no confirmation needed, but its level follows the document's structure.
    Emphasis,
    /// `3.2 Leadership and commitment`, `5. Roles`: not one of a run of numbered lines.
    Numbered,
    /// A short Title Case line: only when body text follows.
    TitleCase,
}

/// A line that may be a heading, waiting for the next non-blank line.
#[derive(Debug, Clone)]
struct Candidate {
    line: usize,
    byte_start: usize,
    heading: String,
    level: u8,
    form: HeadingForm,
    /// The previous non-blank line (its number and the byte just after it) when the candidate was seen.
    before: (usize, usize),
    /// The previous non-blank line was the predecessor in a run of numbered lines.
    after_sibling: bool,
    number: Option<Number>,
}

/// A heading number such as `8.2.1`, `5.`: its components (at most six) and whether it ends with a dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    parts: [u8; 6],
    depth: u8,
}

impl Number {
    fn last(&self) -> u8 {
        self.parts[usize::from(self.depth) - 1]
    }

    /// `next` follows `self` in a list or table of contents: same depth, same prefix, the same or the
    /// next last number (`1.` `1.` `1.` is a Markdown list too).
    fn runs_into(&self, next: &Number) -> bool {
        let depth = usize::from(self.depth);
        self.depth == next.depth
            && self.parts[..depth - 1] == next.parts[..depth - 1]
            && (next.last() == self.last() || next.last() == self.last().wrapping_add(1))
    }
}

/// What the lookahead needs to know of a non-blank line.
#[derive(Debug, Clone, Copy)]
struct LineFacts {
    number: Option<Number>,
    candidate: bool,
    body: bool,
    /// Ends a sentence, a table row or a heading: a Title Case heading may follow it.
    ends_block: bool,
}

struct Scan<'a> {
    format: Format,
    known: std::iter::Peekable<std::slice::Iter<'a, Heading>>,
    /// Lines before the text in the file.
    offset: usize,
    /// Whether heuristics may find unnumbered Title Case headings (not when the reader found real ones).
    title_case: bool,
    markdown: bool,
    /// Inside a fenced code block (Markdown): its fence.
    fence: Option<(u8, usize)>,
    in_comment: bool,
    /// The previous non-blank line: number, byte just after it, and its facts.
    previous: Option<(usize, usize, LineFacts)>,
    /// The previous non-blank line ended mid-sentence and was long (a wrapped paragraph).
    previous_wraps: bool,
    pending: Option<Candidate>,
    /// Headings accepted, in order, each with the previous non-blank line before it.
    headings: Vec<Candidate>,
    /// The level of the last heading from the document's own structure (for bold and Title Case ones).
    structural_level: u8,
    last_non_blank: (usize, usize),
    absences: Vec<Absence>,
    refs: Refs,
}

impl<'a> Scan<'a> {
    fn new(format: Format, known: &'a [Heading], offset: usize) -> Self {
        let documents = matches!(
            format,
            Format::Text | Format::Pdf | Format::Docx | Format::Odt | Format::Other
        );
        Scan {
            format,
            known: known.iter().peekable(),
            offset,
            title_case: documents && known.is_empty(),
            markdown: format == Format::Markdown,
            fence: None,
            in_comment: false,
            previous: None,
            previous_wraps: false,
            pending: None,
            headings: Vec::new(),
            structural_level: 0,
            last_non_blank: (0, 0),
            absences: Vec::new(),
            refs: Refs::default(),
        }
    }

    fn sections_wanted(&self) -> bool {
        matches!(
            self.format,
            Format::Markdown
                | Format::Text
                | Format::Pdf
                | Format::Docx
                | Format::Odt
                | Format::Other
        )
    }

    fn line(&mut self, number: usize, start: usize, end: usize, raw: &str, found: &[Found]) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        // Matches relative to the trimmed line (phrases never start or end with white space).
        let lead = line.len() - line.trim_start().len();
        let found = found.iter().filter_map(|f| {
            (f.start >= lead && f.end <= lead + trimmed.len()).then_some(Found {
                start: f.start - lead,
                end: f.end - lead,
                pattern: f.pattern,
            })
        });
        let reported = number + self.offset;
        // Markdown code and comments hold no headings, statements or references.
        if self.markdown && self.skip_markdown(line) {
            if !trimmed.is_empty() {
                self.last_non_blank = (number, end);
            }
            return;
        }
        if trimmed.is_empty() {
            self.refs.table_row(false, "");
            // A blank line ends a paragraph: the next line is not its continuation.
            self.previous_wraps = false;
            return;
        }
        let mut cues = [Found::default(); 16];
        let mut cue_count = 0;
        for found in found {
            if found.pattern < ABSENCE_PHRASES.len() {
                if self.absences.len() < MAX_ABSENCES {
                    absence_at(trimmed, reported, found, &mut self.absences);
                }
            } else if cue_count < cues.len() {
                cues[cue_count] = found;
                cue_count += 1;
            }
        }
        let table_row = matches!(self.format, Format::Csv | Format::Tsv)
            || trimmed.starts_with('|')
            || line.contains('\t');
        self.refs.table_row(table_row, trimmed);
        self.refs.scan_line(trimmed, reported, &cues[..cue_count]);

        if self.sections_wanted() {
            self.headings_at(number, start, end, line, trimmed, table_row);
        }
        self.last_non_blank = (number, end);
    }

    /// Tracks fenced code and HTML comments; true when the line is inside (or opens or closes) one.
    fn skip_markdown(&mut self, line: &str) -> bool {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some((fence_char, length)) = self.fence {
            let run = trimmed.bytes().take_while(|&b| b == fence_char).count();
            if indent < 4 && run >= length && trimmed[run..].trim().is_empty() {
                self.fence = None;
            }
            return true;
        }
        if self.in_comment {
            if trimmed.contains("-->") {
                self.in_comment = false;
            }
            return true;
        }
        if indent < 4 {
            for fence_char in [b'`', b'~'] {
                let run = trimmed.bytes().take_while(|&b| b == fence_char).count();
                if run >= 3 && !(fence_char == b'`' && trimmed[run..].contains('`')) {
                    self.fence = Some((fence_char, run));
                    return true;
                }
            }
        }
        if trimmed.starts_with("<!--") {
            self.in_comment = !trimmed.contains("-->");
            return true;
        }
        false
    }

    fn headings_at(
        &mut self,
        number: usize,
        start: usize,
        end: usize,
        line: &str,
        trimmed: &str,
        table_row: bool,
    ) {
        // The reader's own headings come first; skip any it reported for earlier (skipped) lines.
        let mut known = None;
        while let Some(heading) = self.known.peek() {
            match heading.line.map(|l| l.saturating_sub(self.offset)) {
                None => {
                    self.known.next();
                }
                Some(l) if l < number => {
                    self.known.next();
                }
                Some(l) if l == number => {
                    known = self.known.next();
                    break;
                }
                _ => break,
            }
        }
        let found = match known {
            Some(heading) => {
                let text = clean_heading(&heading.text);
                (!text.is_empty()).then(|| (text, heading.level.clamp(1, 6), HeadingForm::Certain))
            }
            None if table_row => None,
            None => self.heuristic(line, trimmed),
        };
        // A Title Case line only starts a section after a finished sentence, a table or a heading.
        let found = found.filter(|f| {
            f.2 != HeadingForm::TitleCase
                || self.previous.as_ref().is_none_or(|(_, _, p)| p.ends_block)
        });
        let number_of_line = found
            .as_ref()
            .filter(|f| f.2 == HeadingForm::Numbered)
            .and_then(|f| parse_number(&f.0).map(|(n, _)| n))
            .or_else(|| parse_number(trimmed).map(|(n, _)| n));
        // Only whether there are five words matters: never count more.
        let words = trimmed.split_whitespace().take(5).count();
        let facts = LineFacts {
            number: number_of_line,
            candidate: found.is_some(),
            body: !table_row
                && (words >= 5
                    || words >= 2 && trimmed.ends_with(['.', ':', '!', '?'])
                    || starts_with_bullet(trimmed)),
            ends_block: found
                .as_ref()
                .is_some_and(|f| f.2 != HeadingForm::TitleCase)
                || trimmed.ends_with(['.', ':', '!', '?', ';', '|']),
        };
        self.resolve_pending(Some(facts));

        if let Some((heading, level, form)) = found {
            let after_sibling = match (&self.previous, number_of_line) {
                (Some((_, _, previous)), Some(this)) => previous
                    .number
                    .is_some_and(|p| form == HeadingForm::Numbered && p.runs_into(&this)),
                _ => false,
            };
            let continuation = !matches!(form, HeadingForm::Certain | HeadingForm::Emphasis)
                && self.previous_wraps;
            if !continuation {
                let candidate = Candidate {
                    line: number,
                    byte_start: start,
                    heading,
                    level,
                    form,
                    before: self.last_non_blank,
                    after_sibling,
                    number: number_of_line,
                };
                if matches!(form, HeadingForm::Certain | HeadingForm::Emphasis) {
                    self.accept(candidate);
                } else {
                    self.pending = Some(candidate);
                }
            }
        }
        self.previous = Some((number, end, facts));
        self.previous_wraps = at_least_chars(trimmed, 50)
            && trimmed
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == ',');
    }

    /// Decides on the waiting candidate, given the next non-blank line (none at the end of the text).
    fn resolve_pending(&mut self, next: Option<LineFacts>) {
        let Some(candidate) = self.pending.take() else {
            return;
        };
        let keep = match candidate.form {
            HeadingForm::Certain | HeadingForm::Emphasis => true,
            HeadingForm::Numbered => {
                let before_sibling = match (candidate.number, next.and_then(|n| n.number)) {
                    (Some(this), Some(following)) => this.runs_into(&following),
                    _ => false,
                };
                !candidate.after_sibling && !before_sibling
            }
            HeadingForm::TitleCase => next.is_some_and(|n| n.body && !n.candidate),
        };
        if keep {
            self.accept(candidate);
        }
    }

    fn accept(&mut self, candidate: Candidate) {
        if self.headings.len() >= MAX_SECTIONS {
            return;
        }
        if matches!(candidate.form, HeadingForm::Certain | HeadingForm::Numbered) {
            self.structural_level = candidate.level;
        }
        self.headings.push(candidate);
    }

    /// A heading found by its look alone (the reader did not report it).
    fn heuristic(&self, line: &str, trimmed: &str) -> Option<(String, u8, HeadingForm)> {
        if at_least_chars(trimmed, MAX_HEADING_CHARS + 11) {
            return None;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        // HTML headings (in Markdown and text).
        if let Some(found) = html_heading(trimmed) {
            return Some(found);
        }
        if self.markdown {
            if indented {
                return None;
            }
            if let Some(title) = bold_only(trimmed) {
                let level = (self.structural_level + 1).min(6);
                return Some((title, level, HeadingForm::Emphasis));
            }
            let (number, rest) = parse_number(trimmed)?;
            // `5. Roles` in Markdown is a list item unless it reads as a Title.
            let single = number.depth == 1;
            if single && !trimmed[..trimmed.len() - rest.len()].contains('.') {
                return None;
            }
            if !looks_like_title(rest, !single) {
                return None;
            }
            return Some((
                numbered_heading(trimmed),
                number.depth,
                HeadingForm::Numbered,
            ));
        }
        if matches!(self.format, Format::Text | Format::Other)
            && let Some(found) = atx_heading(trimmed)
        {
            return Some(found);
        }
        if let Some(title) = bold_only(trimmed) {
            let level = (self.structural_level + 1).min(6);
            return Some((title, level, HeadingForm::Emphasis));
        }
        if let Some((number, rest)) = parse_number(trimmed) {
            let dotted = number.depth > 1 || trimmed[..trimmed.len() - rest.len()].contains('.');
            // `4 Context of the Organisation`: without a dot, only in Title Case.
            let ok = looks_like_title(rest, dotted);
            return ok.then(|| {
                (
                    numbered_heading(trimmed),
                    number.depth,
                    HeadingForm::Numbered,
                )
            });
        }
        if self.title_case && is_title_case(trimmed) {
            let level = (self.structural_level + 1).min(6);
            return Some((clean_heading(trimmed), level, HeadingForm::TitleCase));
        }
        None
    }

    fn finish(mut self) -> Structure {
        self.resolve_pending(None);
        // A Title Case line accepted more than once is a running header or a table's repeated cell.
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for heading in &self.headings {
            if heading.form == HeadingForm::TitleCase {
                *seen.entry(heading.heading.as_str()).or_default() += 1;
            }
        }
        let repeated: std::collections::HashSet<String> = seen
            .into_iter()
            .filter(|(_, count)| *count > 1)
            .map(|(text, _)| text.to_string())
            .collect();
        if !repeated.is_empty() {
            self.headings
                .retain(|h| h.form != HeadingForm::TitleCase || !repeated.contains(&h.heading));
        }
        let mut sections: Vec<Section> = Vec::with_capacity(self.headings.len());
        let count = self.headings.len();
        for i in 0..count {
            let (end_line, end_byte) = match self.headings.get(i + 1) {
                Some(next) => next.before,
                None => self.last_non_blank,
            };
            let heading = &self.headings[i];
            let end_line = end_line.max(heading.line);
            let end_byte = end_byte.max(heading.byte_start);
            sections.push(Section {
                heading: std::mem::take(&mut self.headings[i].heading).into(),
                level: self.headings[i].level,
                line_start: self.headings[i].line + self.offset,
                line_end: end_line + self.offset,
                byte_start: self.headings[i].byte_start,
                byte_end: end_byte,
            });
        }
        let mut absences = self.absences;
        for absence in &mut absences {
            absence.section = section_at(&sections, absence.line);
        }
        Structure {
            sections,
            absences,
            clause_refs: self.refs.finish(),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Headings
// ---------------------------------------------------------------------------------------------------

/// Words a Title Case heading may leave in lower case.
const SMALL_WORDS: [&str; 22] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per",
    "the", "to", "vs", "via", "with", "&", "-", "–",
];

/// `8.2.1`, `5.`, `4` followed by white space and the rest of the line: at most six parts of one or two
/// digits, the first 1–99 without a leading zero.
fn parse_number(line: &str) -> Option<(Number, &str)> {
    let bytes = line.as_bytes();
    let mut parts = [0u8; 6];
    let mut depth = 0usize;
    let mut i = 0;
    loop {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 2 || depth == 6 {
            return None;
        }
        if depth == 0 && bytes[i] == b'0' {
            return None;
        }
        let value = bytes[i..i + digits]
            .iter()
            .fold(0u8, |acc, b| acc * 10 + (b - b'0'));
        parts[depth] = value;
        depth += 1;
        i += digits;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                continue;
            }
        }
        break;
    }
    let rest = &line[i..];
    if !rest.starts_with([' ', '\t', '\u{a0}']) {
        return None;
    }
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    let depth = u8::try_from(depth).ok()?;
    Some((Number { parts, depth }, rest))
}

/// The heading of a numbered line: its number and title, cleaned (`5.` keeps its dot).
fn numbered_heading(line: &str) -> String {
    clean_heading(line)
}

/// Whether `title` (after a number, or a whole line) reads as a heading rather than a sentence, a field,
/// a date, a placeholder or a table row.
fn looks_like_title(title: &str, sentence_case: bool) -> bool {
    let title = title.trim().trim_end_matches(':').trim_end();
    let chars = title.chars().count();
    if chars == 0 || chars > MAX_HEADING_CHARS {
        return false;
    }
    let mut chars = title.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // `iLearn`, `eBay`: a lower-case letter before a capital is a name, not the middle of a sentence.
    let named = first.is_lowercase() && chars.next().is_some_and(char::is_uppercase);
    if !first.is_uppercase() && !named {
        return false;
    }
    if title.ends_with(['.', ',', ';', '?', '!', '…'])
        || title.contains("...")
        || title.contains(": ")
        || title.contains("](")
        || title.contains('|')
        || title.contains("http")
        || title.contains('@')
        || title.starts_with(['[', '<', '{', '('])
    {
        return false;
    }
    if title.matches('(').count() != title.matches(')').count() {
        return false;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    if words.len() > 14 {
        return false;
    }
    // A heading does not end on `and`, `of`, `with`: a line of a wrapped sentence does.
    if let Some(last) = words.last()
        && words.len() > 1
        && SMALL_WORDS.contains(&last.to_lowercase().as_str())
    {
        return false;
    }
    // A page number at the end: a table of contents line.
    if let Some(last) = words.last()
        && words.len() > 1
        && last.len() <= 3
        && last.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let lower = title.to_lowercase();
    if MONTHS
        .iter()
        .any(|m| lower.starts_with(m) || lower.starts_with(&m[..3]) && words[0].len() == 3)
        || parse_date(title).is_some()
    {
        return false;
    }
    sentence_case || title_cased(&words)
}

/// Every word but the small ones starts with a capital or a digit.
fn title_cased(words: &[&str]) -> bool {
    words.iter().enumerate().all(|(i, word)| {
        let first = word.chars().next().unwrap_or(' ');
        first.is_uppercase()
            || first.is_ascii_digit()
            || !first.is_alphanumeric()
            || (i > 0 && SMALL_WORDS.contains(&word.to_lowercase().as_str()))
    })
}

/// A short unnumbered Title Case line, not all capitals (placeholders, table headers).
fn is_title_case(line: &str) -> bool {
    if line.chars().count() > 60 || starts_with_bullet(line) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let lower = line.chars().filter(|c| c.is_lowercase()).count();
    if letters < 3 || lower == 0 {
        return false;
    }
    // Mostly words, not figures.
    if line.chars().filter(char::is_ascii_digit).count() * 3 > letters {
        return false;
    }
    if line.contains(':') && !line.trim_end().ends_with(':') || line.contains(',') {
        return false;
    }
    looks_like_title(line, false)
}

fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    matches!(
        first,
        Some('•' | '◦' | '▪' | '‣' | '·' | '●' | '○' | '■' | '□' | '➢' | '►')
    ) || (matches!(first, Some('-' | '*' | '+' | '–' | '>'))
        && second.is_none_or(char::is_whitespace))
}

/// `# Title` in a text file.
fn atx_heading(line: &str) -> Option<(String, u8, HeadingForm)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with(' ') {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    if !looks_like_title(title, true) {
        return None;
    }
    let level = u8::try_from(hashes).ok()?;
    Some((clean_heading(title), level, HeadingForm::Certain))
}

/// `<h2>Scope</h2>`, `<h3><a id="x"></a>Support Status</h3>`.
fn html_heading(line: &str) -> Option<(String, u8, HeadingForm)> {
    let bytes = line.as_bytes();
    if bytes.len() < 4 || bytes[0] != b'<' || !matches!(bytes[1], b'h' | b'H') {
        return None;
    }
    let level = bytes[2];
    if !(b'1'..=b'6').contains(&level) || !matches!(bytes[3], b'>' | b' ') {
        return None;
    }
    let closing = format!("</h{}", char::from(level));
    let lower = line.to_ascii_lowercase();
    let end = lower.find(&closing)?;
    let open_end = line.find('>')? + 1;
    if open_end > end {
        return None;
    }
    let text = strip_tags(&line[open_end..end]);
    let text = clean_heading(&text);
    if text.is_empty() || text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    Some((text, level - b'0', HeadingForm::Certain))
}

/// `**Scope**`, `__Scope__`, `**Scope:**`, `**Scope**:` as a whole line.
fn bold_only(line: &str) -> Option<String> {
    let (marker, inner) = if let Some(rest) = line.strip_prefix("**") {
        ("**", rest)
    } else {
        ("__", line.strip_prefix("__")?)
    };
    let inner = inner.strip_suffix(':').unwrap_or(inner);
    let inner = inner.strip_suffix(marker)?;
    if inner.contains(marker) || inner.starts_with(' ') || inner.ends_with(' ') {
        return None;
    }
    let inner = inner.trim_end_matches(':').trim();
    if !looks_like_title(inner, true) && !starts_with_digit_title(inner) {
        return None;
    }
    Some(clean_heading(inner))
}

/// `2026 Targets`, `3.2 Leadership` in bold.
fn starts_with_digit_title(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_digit())
        && parse_number(text).is_some_and(|(_, rest)| looks_like_title(rest, true))
}

/// Trimmed, white space folded, Markdown emphasis (`*`, `_` at word edges, backticks) stripped, a final
/// colon or closing `#`s dropped.
pub(crate) fn clean_heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let word = word.replace(['*', '`'], "");
        let word = word.trim_matches('_');
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out
        .trim_end_matches(['#', ' '])
        .trim_end_matches(':')
        .trim_end();
    trimmed.to_string()
}

// ---------------------------------------------------------------------------------------------------
// Statements of absence
// ---------------------------------------------------------------------------------------------------

/// What to do with a phrase once found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phrase {
    /// Found anywhere as a whole phrase.
    Plain,
    /// An abbreviation, only in capitals (`TBC`).
    Capitals,
    /// `planned for`: only before a time (`2027`, `Q2 2027`, `March 2027`, `next year`).
    PlannedFor,
    /// `no formal`: only when the line says it does not exist (`… exists`, `… in place`, `yet`).
    NoFormal,
    /// `we intend to`: only when its sentence says from when (`… from 2027`, `… by Q2 2027`): an intention
    /// for later, not a commitment kept now.
    Intent,
}

const ABSENCE_PHRASES: &[(&str, Phrase)] = &[
    ("TBC", Phrase::Capitals),
    ("TBD", Phrase::Capitals),
    ("TBA", Phrase::Capitals),
    ("TODO", Phrase::Capitals),
    ("to be defined", Phrase::Plain),
    ("to be confirmed", Phrase::Plain),
    ("to be determined", Phrase::Plain),
    ("to be agreed", Phrase::Plain),
    ("to be documented", Phrase::Plain),
    ("to be written", Phrase::Plain),
    ("to be developed", Phrase::Plain),
    ("to be established", Phrase::Plain),
    ("not yet documented", Phrase::Plain),
    ("not yet defined", Phrase::Plain),
    ("not yet in place", Phrase::Plain),
    ("not yet implemented", Phrase::Plain),
    ("not yet established", Phrase::Plain),
    ("not yet formalised", Phrase::Plain),
    ("not yet formalized", Phrase::Plain),
    ("not yet written", Phrase::Plain),
    ("not yet developed", Phrase::Plain),
    ("not yet been documented", Phrase::Plain),
    ("not yet been defined", Phrase::Plain),
    ("not yet been implemented", Phrase::Plain),
    ("not yet been established", Phrase::Plain),
    ("not yet been formalised", Phrase::Plain),
    ("not yet been formalized", Phrase::Plain),
    ("not yet been written", Phrase::Plain),
    ("not yet been developed", Phrase::Plain),
    ("none set", Phrase::Plain),
    ("none defined", Phrase::Plain),
    ("none agreed", Phrase::Plain),
    ("none in place", Phrase::Plain),
    ("are not set", Phrase::Plain),
    ("is not set", Phrase::Plain),
    ("have not been set", Phrase::Plain),
    ("has not been set", Phrase::Plain),
    ("are not defined", Phrase::Plain),
    ("is not defined", Phrase::Plain),
    ("have not been defined", Phrase::Plain),
    ("has not been defined", Phrase::Plain),
    ("will be developed", Phrase::Plain),
    ("will be documented", Phrase::Plain),
    ("will be defined", Phrase::Plain),
    ("will be established", Phrase::Plain),
    ("will be written", Phrase::Plain),
    ("will be put in place", Phrase::Plain),
    ("under development", Phrase::Plain),
    ("being developed", Phrase::Plain),
    ("coming soon", Phrase::Plain),
    ("we do not currently", Phrase::Plain),
    ("we don't currently", Phrase::Plain),
    ("we don’t currently", Phrase::Plain),
    ("we do not yet", Phrase::Plain),
    ("we don't yet", Phrase::Plain),
    ("we don’t yet", Phrase::Plain),
    ("we have not yet", Phrase::Plain),
    ("there is currently no", Phrase::Plain),
    ("there is no formal", Phrase::Plain),
    ("there are no formal", Phrase::Plain),
    ("we have no formal", Phrase::Plain),
    ("planned for", Phrase::PlannedFor),
    ("we intend to", Phrase::Intent),
    ("we plan to", Phrase::Intent),
    ("no formal", Phrase::NoFormal),
];

/// Cues of a clause reference, after the absence phrases in [`PHRASES`].
const CUE_PATTERNS: [&str; 5] = ["20000", "clause", "cl.", "§", "iso"];

/// Every absence phrase, then every cue: the phrases the pass looks for (leftmost-longest, ASCII case
/// ignored), found in each text in one automaton pass with the kind inference's cues.
pub(super) fn patterns() -> impl Iterator<Item = &'static str> {
    ABSENCE_PHRASES
        .iter()
        .map(|(p, _)| *p)
        .chain(CUE_PATTERNS.iter().copied())
}

/// [`patterns`] on their own, for a line searched alone (tests).
#[cfg(test)]
static PHRASES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns())
        .expect("the phrases compile")
});

/// A phrase or cue found in a line: its bytes in the line and its pattern in [`PHRASES`].
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    start: usize,
    end: usize,
    pattern: usize,
}

/// Whether `text` has at least `n` characters: counted without decoding them (every byte but a UTF-8
/// continuation byte starts one), and not at all when it has so many bytes that it must.
fn at_least_chars(text: &str, n: usize) -> bool {
    text.len() >= n
        && (text.len() >= n.saturating_mul(4)
            || text.bytes().filter(|&b| !(0x80..0xc0).contains(&b)).count() >= n)
}

/// Whether a phrase at `start..end` of `line` stands as whole words.
fn whole_words(line: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    !line[..start].chars().next_back().is_some_and(word)
        && !line[end..].chars().next().is_some_and(word)
}

/// Records every statement of absence on one (trimmed, non-blank) line (tests; the scan finds the
/// phrases in one pass over the whole text).
#[cfg(test)]
fn find_absences(line: &str, number: usize, out: &mut Vec<Absence>) {
    for found in PHRASES.find_iter(line) {
        let found = Found {
            start: found.start(),
            end: found.end(),
            pattern: found.pattern().as_usize(),
        };
        if found.pattern < ABSENCE_PHRASES.len() && out.len() < MAX_ABSENCES {
            absence_at(line, number, found, out);
        }
    }
}

/// Records the absence phrase found at `found` in `line`, if it stands as one.
fn absence_at(line: &str, number: usize, found: Found, out: &mut Vec<Absence>) {
    let (start, mut end) = (found.start, found.end);
    if !whole_words(line, start, end) {
        return;
    }
    let (phrase, kind) = ABSENCE_PHRASES[found.pattern];
    match kind {
        Phrase::Plain => {}
        Phrase::Capitals => {
            // `TBC`, `tbc`; `TODO` only in capitals.
            let written = &line[start..end];
            if written != phrase && (phrase == "TODO" || written != phrase.to_lowercase()) {
                return;
            }
        }
        Phrase::PlannedFor => match time_after(&line[end..]) {
            Some(length) => end += length,
            None => return,
        },
        Phrase::NoFormal => match denial_after(&line[end..]) {
            Some(length) => end += length,
            None => return,
        },
        Phrase::Intent => match time_later_in_sentence(&line[end..]) {
            Some(length) => end += length,
            None => return,
        },
    }
    out.push(Absence {
        line: number,
        text: line[start..end].to_string(),
        excerpt: excerpt_around(line, start, end),
        section: None,
    });
}

/// How far after `we intend to` a time is looked for.
const MAX_INTENT_BYTES: usize = 240;

/// After `we intend to`: the length up to the end of a time named later in the same sentence after `from`,
/// `in`, `by` or `during` (`record them in a register from 2027`), if there is one.
fn time_later_in_sentence(rest: &str) -> Option<usize> {
    // A sentence's time is within its first few hundred bytes: never read further (a line of one long
    // repeated phrase stays linear).
    let rest = &rest[..floor_boundary(rest, MAX_INTENT_BYTES)];
    let sentence = &rest[..rest.find(". ").unwrap_or(rest.len())];
    let lower = sentence.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find(' ') {
        let word_start = at + found + 1;
        let word_end = lower[word_start..]
            .find(' ')
            .map_or(lower.len(), |e| word_start + e);
        if matches!(
            &lower[word_start..word_end],
            "from" | "in" | "by" | "during"
        ) && let Some(length) = time_after(&sentence[word_end..])
        {
            return Some(word_end + length);
        }
        at = word_start;
    }
    None
}

/// After `planned for`: ` 2027`, ` Q2 2027`, ` March 2027`, ` 2026/27`, ` next year` → its length.
fn time_after(rest: &str) -> Option<usize> {
    let lead = rest.len() - rest.trim_start().len();
    if lead == 0 || lead > 3 {
        return None;
    }
    let body = &rest[lead..];
    // ASCII lower case keeps byte offsets; a time is written in the next few words.
    let lower = body[..floor_boundary(body, 32)].to_ascii_lowercase();
    for phrase in [
        "next year",
        "later this year",
        "the future",
        "a future release",
        "next quarter",
    ] {
        if lower.starts_with(phrase) {
            return Some(lead + phrase.len());
        }
    }
    let first = lower.split(' ').next().unwrap_or("");
    let qualifier = (first.len() == 2
        && (first.starts_with('q') && matches!(first.as_bytes()[1], b'1'..=b'4')
            || first.starts_with('h') && matches!(first.as_bytes()[1], b'1' | b'2')))
        || MONTHS
            .iter()
            .any(|m| first == *m || (first.len() == 3 && m.starts_with(first)))
        || matches!(
            first,
            "early" | "mid" | "late" | "end" | "spring" | "summer" | "autumn" | "fall" | "winter"
        );
    let mut at = 0;
    if qualifier {
        at = first.len();
        at += lower[at..].len() - lower[at..].trim_start().len();
    }
    let year = &lower.as_bytes()[at..];
    let is_year = year.len() >= 4
        && year.starts_with(b"20")
        && year[..4].iter().all(u8::is_ascii_digit)
        && !year.get(4).is_some_and(u8::is_ascii_digit);
    if !is_year {
        return None;
    }
    let mut length = at + 4;
    // `2026/27`, `2026-27`
    if matches!(year.get(4), Some(b'/' | b'-'))
        && year
            .get(5..7)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !year.get(7).is_some_and(u8::is_ascii_digit)
    {
        length += 3;
    }
    Some(lead + length)
}

/// After `no formal`: the rest of the line says it does not exist → the length up to that word.
fn denial_after(rest: &str) -> Option<usize> {
    let window = &rest[..floor_boundary(rest, 100)];
    let lower = window.to_ascii_lowercase();
    [
        "exists",
        "exist",
        "in place",
        " yet",
        "is documented",
        "has been",
        "have been",
    ]
    .iter()
    .filter_map(|word| lower.find(word).map(|i| (i, word.len())))
    .min_by_key(|&(i, length)| (i, std::cmp::Reverse(length)))
    .map(|(i, length)| i + length)
}

/// The largest char boundary of `text` at or before `index`.
fn floor_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut i = index;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `text` at or after `index`.
fn ceil_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    let mut i = index;
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The line, or about [`ABSENCE_EXCERPT_CHARS`] characters of it around the phrase, with `…` at cuts.
fn excerpt_around(line: &str, start: usize, end: usize) -> String {
    // Never count the characters of a huge line: its length in bytes bounds them.
    if line.len() <= ABSENCE_EXCERPT_CHARS
        || line.len() <= 4 * ABSENCE_EXCERPT_CHARS && line.chars().count() <= ABSENCE_EXCERPT_CHARS
    {
        return line.to_string();
    }
    // Byte budget roughly matching the character budget; cut on boundaries.
    let budget = ABSENCE_EXCERPT_CHARS.saturating_sub(end - start) / 2;
    let from = floor_boundary(line, start.saturating_sub(budget));
    let to = ceil_boundary(line, end + budget);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(line[from..to].trim());
    if to < line.len() {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Clause references
// ---------------------------------------------------------------------------------------------------

/// How many bytes before a number a cue may stand.
const CUE_WINDOW: usize = 40;

#[derive(Default)]
struct Refs {
    found: Vec<(ClauseRef, bool)>,
    /// Edition mentions: (line, edition), in order.
    editions: Vec<(usize, Edition)>,
    /// The current table's header names clauses or requirements.
    in_table: bool,
    table_cued: bool,
    /// The text names ISO/IEC 20000 somewhere, and another ISO standard somewhere.
    names_20000: bool,
    names_other: bool,
    /// Lines left under a column header naming clauses (PDF tables come out a cell per line): a line
    /// holding only clause numbers is a reference.
    column_cued: usize,
    /// The line that ended with `20000-`, its edition on the next line (`1:2011`).
    dangling: Option<usize>,
}

impl Refs {
    /// Follows tables: the first row of a run of rows is its header.
    fn table_row(&mut self, row: bool, line: &str) {
        if !row {
            self.in_table = false;
            self.table_cued = false;
            return;
        }
        if !self.in_table {
            self.in_table = true;
            let lower = line.to_lowercase();
            self.table_cued = ["clause", "requirement", "iso", "20000", "§"]
                .iter()
                .any(|cue| lower.contains(cue));
        }
    }

    /// `cues` are the cue words found on the line, in order.
    fn scan_line(&mut self, line: &str, number: usize, cues: &[Found]) {
        let bytes = line.as_bytes();
        // `ISO/IEC 20000-` at the end of one line, `1:2011` at the start of the next.
        if let Some(previous) = self.dangling.take()
            && let Some(edition) = line.strip_prefix('1').and_then(edition_after)
        {
            self.editions.push((previous, edition));
            for (found, _) in self
                .found
                .iter_mut()
                .rev()
                .take_while(|(r, _)| r.line == previous)
            {
                found.edition.get_or_insert(edition);
            }
        }
        let bare = self.column_cued > 0 && bare_numbers(line);
        self.column_cued = self.column_cued.saturating_sub(1);
        let has_cue = !cues.is_empty();
        if !has_cue && !self.table_cued && !bare {
            return;
        }
        if line.ends_with("20000-") {
            self.dangling = Some(number);
        }
        let refs_before = self.found.len();
        // Edition mentions and standards named on the line.
        let mut line_editions: Vec<(usize, Edition)> = Vec::new();
        for found in cues {
            let cue = &line[found.start..found.end];
            if cue == "20000" {
                self.names_20000 = true;
                if let Some(edition) = edition_after(&line[found.end..]) {
                    line_editions.push((found.start, edition));
                    self.editions.push((number, edition));
                }
            } else if cue.eq_ignore_ascii_case("iso") && other_standard(&line[found.end..]) {
                self.names_other = true;
            }
        }
        let mut i = 0;
        let mut last_ref_end: Option<usize> = None;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b'.')
                .count();
            i += run;
            if !stands_alone(line, start, start + run) {
                continue;
            }
            let token = line[start..start + run].trim_end_matches('.');
            let Some(clause) = clause_number(token) else {
                continue;
            };
            let cued = self.table_cued
                || bare
                || cue_before(&line[..start])
                || last_ref_end.is_some_and(|end| list_continues(&line[end..start]))
                || line[i..]
                    .get(..floor_boundary(&line[i..], 30))
                    .is_some_and(|after| {
                        let lower = after.to_ascii_lowercase();
                        lower.contains("20000")
                    });
            if !cued || own_clause(&line[i..]) || other_standard_near(&line[..start]) {
                continue;
            }
            let local = line_editions
                .iter()
                .filter(|(at, _)| *at + 80 >= start && *at <= start + 60)
                .min_by_key(|(at, _)| at.abs_diff(start))
                .map(|(_, e)| *e);
            let plain_clause_cue = !self.table_cued && !bare && plain_clause_cue(&line[..start]);
            last_ref_end = Some(start + token.len());
            if self.found.len() < MAX_CLAUSE_REFS
                && !self
                    .found
                    .iter()
                    .rev()
                    .take(8)
                    .any(|(r, _)| r.line == number && r.clause == clause)
            {
                self.found.push((
                    ClauseRef {
                        clause: clause.to_string(),
                        edition: local,
                        line: number,
                    },
                    plain_clause_cue,
                ));
            }
        }
        self.column_header(line, refs_before);
    }

    /// A short line naming clauses, with no reference of its own, heads a column of clause numbers.
    fn column_header(&mut self, line: &str, refs_before: usize) {
        if self.found.len() == refs_before
            && line.chars().count() <= 60
            && !line.ends_with('.')
            && line.split(|c: char| !c.is_alphanumeric()).any(|word| {
                word.eq_ignore_ascii_case("clause") || word.eq_ignore_ascii_case("clauses")
            })
        {
            self.column_cued = 200;
        }
    }

    fn finish(self) -> Vec<ClauseRef> {
        let Refs {
            found,
            editions,
            names_20000,
            names_other,
            ..
        } = self;
        let first = editions.first().map(|(_, e)| *e);
        found
            .into_iter()
            // `clause 6.1.2` in a document that names another standard and never ISO/IEC 20000.
            .filter(|(_, plain)| !(*plain && names_other && !names_20000))
            .map(|(mut r, _)| {
                if r.edition.is_none() {
                    let before = editions.partition_point(|(line, _)| *line <= r.line);
                    r.edition = before.checked_sub(1).map(|i| editions[i].1).or(first);
                }
                r
            })
            .collect()
    }
}

/// A number at `start..end` of `line` is a token of its own: not part of `CC8.1`, `v4.2`, `1.8.5`,
/// `8.5.1a`, `9.5%`, `2026-8.1` or a date.
fn stands_alone(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start].chars().next_back();
    let before_that = line[..start].chars().rev().nth(1);
    let glued = match before {
        None => false,
        Some(c) if c.is_alphanumeric() => true,
        Some('-' | '/' | '_' | '\\') => true,
        Some('.' | ',' | ':') => before_that.is_some_and(|c| c.is_ascii_digit()),
        Some(_) => false,
    };
    let after = line[end..].chars().next();
    let stuck = after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '/' | '_'));
    !glued && !stuck && !versionish(&line[..start])
}

/// `version 4.2`, `v. 4.2`, `rev 5.1`, `release 6.2`: a version, not a clause.
fn versionish(before: &str) -> bool {
    let window = &before[floor_boundary(before, before.len().saturating_sub(12))..];
    let lower = window
        .trim_end()
        .trim_end_matches(['.', ':'])
        .to_ascii_lowercase();
    [
        "version", "ver", "v", "rev", "revision", "release", "issue", "build", "r",
    ]
    .iter()
    .any(|word| {
        lower.ends_with(word)
            && !lower[..lower.len() - word.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// `6.1`, `8.5.1, 8.5.2`, `8.2.1 - 8.2.2`: a line of clause numbers and nothing else.
fn bare_numbers(line: &str) -> bool {
    let mut any = false;
    for token in line.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '&')) {
        if token.is_empty() || matches!(token, "-" | "–" | "and" | "or" | "to") {
            continue;
        }
        if clause_number(token.trim_end_matches('.')).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// `8.5.1`: two to six parts, the first 4–10, the others 1–99 without leading zeros.
fn clause_number(token: &str) -> Option<&str> {
    let mut parts = token.split('.');
    let first: u8 = parts.next()?.parse().ok()?;
    if !(4..=10).contains(&first) || token.starts_with('0') {
        return None;
    }
    let mut count = 1;
    for part in parts {
        if part.is_empty() || part.len() > 2 || part.starts_with('0') {
            return None;
        }
        count += 1;
    }
    (2..=6).contains(&count).then_some(token)
}

/// A cue just before the number: `clause`, `clauses`, `cl.`, `§`, or `ISO/IEC 20000-1[:2018]` close by.
fn cue_before(before: &str) -> bool {
    let window = &before[floor_boundary(before, before.len().saturating_sub(CUE_WINDOW))..];
    let tail = window.trim_end().trim_end_matches(['(', '[']).trim_end();
    let lower = tail.to_ascii_lowercase();
    if lower.ends_with("clause")
        || lower.ends_with("clauses")
        || lower.ends_with("cl.")
        || lower.ends_with(" cl")
        || lower == "cl"
        || tail.ends_with('§')
    {
        return true;
    }
    // `ISO/IEC 20000-1:2018 8.5.1`, `ISO 20000 requirement 8.5.1`, `20000-1 clause` handled above.
    match lower.rfind("20000") {
        Some(at) => {
            let between = &lower[at + 5..];
            between.len() <= 30 && !between.contains(". ") && !between.contains(';')
        }
        None => false,
    }
}

/// The cue is only the word `clause` (or `cl.`, `§`), not the standard.
fn plain_clause_cue(before: &str) -> bool {
    let window = &before[floor_boundary(before, before.len().saturating_sub(CUE_WINDOW))..];
    !window.contains("20000")
}

/// Between two references: `, `, ` and `, ` or `, `/`, ` to `, `–`.
fn list_continues(between: &str) -> bool {
    let between = between.trim();
    between.len() <= 8
        && between.split([',', ';', '/', '&', '–', '-', ' ']).all(|w| {
            w.is_empty()
                || matches!(
                    w.to_ascii_lowercase().as_str(),
                    "and" | "or" | "to" | "cl." | "clause"
                )
        })
}

/// `clause 4.3 of this agreement`: the document's own clauses, not the standard's.
fn own_clause(after: &str) -> bool {
    let window = &after[..floor_boundary(after, 40)];
    let lower = window.trim_start().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("of ") else {
        return lower.starts_with("above") || lower.starts_with("below");
    };
    if rest.starts_with("this") {
        return true;
    }
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    [
        "agreement",
        "contract",
        "sla",
        "ola",
        "mou",
        "memorandum",
        "schedule",
        "framework",
        "terms",
        "policy",
        "procedure",
        "document",
        "manual",
        "plan",
    ]
    .iter()
    .any(|word| rest.starts_with(word))
}

/// `ISO 27001 clause 6.1.2`: the nearest standard named before the number is another one.
fn other_standard_near(before: &str) -> bool {
    let window = &before[floor_boundary(before, before.len().saturating_sub(60))..];
    let lower = window.to_ascii_lowercase();
    match lower.rfind("iso") {
        Some(at) => other_standard(&lower[at + 3..]) && !lower[at..].contains("20000"),
        None => false,
    }
}

/// After `ISO`: `/IEC 27001`, ` 9001:2015` → true (a standard other than 20000).
fn other_standard(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '/', '\u{a0}']);
    let rest = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("iec") {
        rest[3..].trim_start_matches([' ', '/', '\u{a0}'])
    } else {
        rest
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits >= 4 && &rest[..digits] != "20000"
}

/// After `20000`: `-1:2018`, `-1:2011`, `:2011`, `-1 2018`, `-1:2018(E)` → the edition.
fn edition_after(after: &str) -> Option<Edition> {
    let rest = after.strip_prefix("-1").unwrap_or(after);
    let rest = rest.trim_start_matches([':', ' ', '/', '\u{a0}', '(']);
    let year = rest.get(..4)?;
    if rest.as_bytes().get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    match year {
        "2011" => Some(Edition::E2011),
        "2018" => Some(Edition::E2018),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
