//! What kind of file it is: policy, procedure, plan, agreement, catalogue, register, record export,
//! report, minutes, invitation, template or requirements list, with the signals that say so.
//!
//! The inference is a small scoring function, run once per file during the scan on the text that exists
//! only then. Each kind collects points from signals, and every signal is recorded so that a reader can
//! see why (`explain`, `evidence --format json`):
//!
//! - the file **name** (2 points) and **folder** (1 point), the weakest signals: "Incident Management
//!   Procedure", `Policies/`; the last cue word of the name counts two more (the head noun: "Standard
//!   Change Catalogue" is a catalogue);
//! - **headings** (1 point each, at most 2 per kind): "Process steps", "Agenda", "Attendees";
//! - **content cues** in the prose (1 point each, at most 4 per kind): "this policy", "reporting period";
//!   **meeting cues** (2 each, at most 6): attendees, apologies, actions, "minutes of"; **message
//!   headers** (From/Sent/To/Subject/When: 4) and invitation phrases (2 each);
//! - **table structure**: a table whose columns record events of a process is a record export (or a
//!   register, for lists of assets, configuration items, suppliers, risks and articles): 4 points for a
//!   spreadsheet, CSV or data file, 2 for a table inside a document; a table of events with no known
//!   process, 1 point. Each kind counts its tables once.
//!
//! Two verdicts stand apart from the scores because they mean the file is not evidence at all: an
//! **unfilled template** (real placeholders such as `[COMPANY NAME]`, `<<Owner>>`, `<insert …>`,
//! `{{.Name}}`, a blank checklist, a name that says TEMPLATE, headings with almost no text, a compliance
//! kit's policy as shipped: mapped to another framework's criteria, naming nobody) and a
//! **requirements list** (a clause list with RAG/TODO/compliance columns, a catalogue of control
//! criteria). Site-generator and macro syntax (`{{ site.baseurl }}`, `{% link %}`, m4 `changequote`) and
//! text inside code blocks, inline code and HTML comments are never placeholders. An explicit `doc_type`
//! (front matter or manifest) still decides the kind, but not whether the file is an unfilled template.

use super::extract::normalise;
use super::{Format, Heading, Metadata, Status, TableInfo};
use crate::catalogue::DocType;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::LazyLock;

/// What kind of document or record a file is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Policy,
    /// A procedure, process description, standard, runbook or playbook.
    Procedure,
    Plan,
    /// An SLA, OLA, contract, MoU or internal service agreement.
    Agreement,
    Catalogue,
    Register,
    /// A log or record export (tickets, deployments, training records).
    Record,
    Report,
    Minutes,
    /// A meeting invitation, notice or e-mail: not evidence that a meeting happened.
    Invitation,
    /// A form or an unfilled template.
    Template,
    /// A list of requirements or criteria (a clause list with RAG/TODO columns): not evidence.
    RequirementsList,
    #[default]
    Other,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Policy,
        Kind::Procedure,
        Kind::Plan,
        Kind::Agreement,
        Kind::Catalogue,
        Kind::Register,
        Kind::Record,
        Kind::Report,
        Kind::Minutes,
        Kind::Invitation,
        Kind::Template,
        Kind::RequirementsList,
        Kind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Procedure => "procedure",
            Kind::Plan => "plan",
            Kind::Agreement => "agreement",
            Kind::Catalogue => "catalogue",
            Kind::Register => "register",
            Kind::Record => "record",
            Kind::Report => "report",
            Kind::Minutes => "minutes",
            Kind::Invitation => "invitation",
            Kind::Template => "template",
            Kind::RequirementsList => "requirements-list",
            Kind::Other => "other",
        }
    }

    /// The kind an explicit document type names.
    pub fn from_doc_type(doc_type: DocType) -> Kind {
        match doc_type {
            DocType::Policy | DocType::Scope | DocType::Manual => Kind::Policy,
            DocType::Procedure | DocType::Process | DocType::Definition => Kind::Procedure,
            DocType::Plan | DocType::Programme | DocType::Objectives => Kind::Plan,
            DocType::Agreement | DocType::Contract => Kind::Agreement,
            DocType::Catalogue => Kind::Catalogue,
            DocType::Register | DocType::Matrix => Kind::Register,
            DocType::Record | DocType::Log => Kind::Record,
            DocType::Report | DocType::Assessment => Kind::Report,
            DocType::Minutes => Kind::Minutes,
        }
    }

    /// Kinds that are not evidence of conformity at all.
    pub fn is_not_evidence(self) -> bool {
        matches!(self, Kind::Template | Kind::RequirementsList)
    }

    /// Tie-break order: the more specific kind first.
    fn priority(self) -> usize {
        match self {
            Kind::Minutes => 0,
            Kind::Invitation => 1,
            Kind::Report => 2,
            Kind::Agreement => 3,
            Kind::Catalogue => 4,
            Kind::Register => 5,
            Kind::Plan => 6,
            Kind::Record => 7,
            Kind::Procedure => 8,
            Kind::Policy => 9,
            Kind::Template => 10,
            Kind::RequirementsList => 11,
            Kind::Other => 12,
        }
    }
}

/// One signal behind a kind or a process: where it was seen, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    /// `doc_type`, `name`, `folder`, `columns`, `numbers`, `types`, `content`, `meeting`, `headers`,
    /// `placeholders`, `stub`, `checklist`, `criteria`, `sheet`.
    pub signal: &'static str,
    /// Shared: a folder's files are of their kinds for the same few reasons.
    pub detail: super::Shared,
}

fn signal(signal: &'static str, detail: impl Into<super::Shared>) -> Signal {
    Signal {
        signal,
        detail: detail.into(),
    }
}

/// Why a file is an unfilled template, with the placeholders found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Unfilled {
    pub reason: String,
    /// Up to three placeholders as written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub placeholders: Vec<String>,
}

/// A table that records events: which process, which column dates the events, and the span covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordSeries {
    /// The process area recorded (`incident`, `change`, …), where it could be told.
    pub process: Option<&'static str>,
    /// What told the process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process_signal: Option<Signal>,
    /// Other processes the table also records, by its type column (a Jira export of requests that also
    /// holds incidents and problems), in order of their row counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<&'static str>,
    /// The column dating each event (`Opened`, `Created`, `Date`); never a planned date.
    pub event_column: String,
    /// Data rows.
    pub rows: usize,
    /// The first and last event dates.
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// The months with at least one event (`2026-08`), ascending.
    pub months: Vec<String>,
}

/// Sheet names of a workbook's own revision log.
const REVISION_SHEETS: &[&str] = &[
    "change log",
    "changelog",
    "version",
    "revision",
    "document history",
    "document control",
];

/// What [`infer`] reads.
pub(super) struct Input<'a> {
    pub path: &'a str,
    pub format: Format,
    pub metadata: &'a Metadata,
    pub headings: &'a [Heading],
    pub text: &'a str,
    pub words: usize,
    /// Top-level keys of a YAML or JSON file.
    pub structured: Option<&'a Map<String, Value>>,
    /// A document's front matter, when it has one.
    pub front_matter: Option<&'a Map<String, Value>>,
    /// The cues of [`cue_patterns`] already found in `text` (one pass with the sections' phrases), if
    /// they were.
    pub phrases: Option<&'a super::phrases::TextPhrases>,
}

/// What [`infer`] found.
#[derive(Debug, Clone, Default)]
pub(super) struct Inferred {
    pub kind: Kind,
    pub signals: Vec<Signal>,
    pub unfilled: Option<Unfilled>,
}

/// The most text read for cues: the top of a document says what it is.
const MAX_CUE_BYTES: usize = 256 * 1024;

/// Infers a file's kind, and the process recorded by each of its record tables.
pub(super) fn infer(input: &Input<'_>, tables: &mut [TableInfo]) -> Inferred {
    let (folder, stem) = split_path(input.path);
    for table in tables.iter_mut() {
        // A sheet that logs the workbook's own revisions says nothing about the process recorded.
        let sheet = table
            .name
            .as_deref()
            .map(normalise)
            .filter(|n| !REVISION_SHEETS.iter().any(|r| n.contains(r)))
            .unwrap_or_default();
        let context = format!("{sheet} {stem}");
        if let Some(series) = table.series.as_mut()
            && let Some((process, why)) =
                table_process(&table.columns, &table.keys, &table.types, &context)
        {
            series.process = Some(process);
            series.process_signal = Some(why);
        }
        if let Some(series) = table.series.as_mut() {
            series.also = other_processes(&table.types, series.process);
        }
    }

    let mut scores = Scores::default();
    if let Some(doc_type) = input.metadata.doc_type {
        scores.signals.push(signal("doc_type", doc_type.name()));
    }
    name_cues(&stem, &folder, &mut scores);
    let cues = scan(input.text, input.phrases);
    content_cues(&cues, &mut scores);
    heading_cues(input.headings, &mut scores);
    table_cues(tables, input.format, &mut scores);
    sheet_cues(tables, &mut scores);

    let requirements = requirements_list(input, tables);
    let unfilled = if requirements.is_some() {
        None
    } else {
        unfilled(input, &stem, &cues, scores.best()).or_else(|| {
            (scores.best() == Kind::Template).then(|| Unfilled {
                reason: "a form or template (its name and folder say so)".to_string(),
                placeholders: Vec::new(),
            })
        })
    };
    let explicit = input.metadata.doc_type.map(Kind::from_doc_type);
    let (kind, mut signals) = match (&requirements, &unfilled, explicit) {
        (Some(why), _, None) => {
            let mut signals = scores.signals;
            signals.push(why.clone());
            (Kind::RequirementsList, signals)
        }
        (None, Some(unfilled), None) => {
            let mut signals = scores.signals;
            signals.push(signal("template", unfilled.reason.clone()));
            (Kind::Template, signals)
        }
        (_, _, Some(kind)) => (kind, scores.signals),
        (None, None, None) => {
            let kind = scores.best();
            (kind, scores.signals)
        }
    };
    signals.truncate(MAX_SIGNALS);
    Inferred {
        kind,
        signals,
        unfilled,
    }
}

/// The most signals kept per file.
const MAX_SIGNALS: usize = 12;

#[derive(Default)]
struct Scores {
    points: [u32; 13],
    signals: Vec<Signal>,
}

impl Scores {
    fn add(&mut self, kind: Kind, points: u32, why: Signal) {
        self.points[kind.priority()] += points;
        if !self.signals.contains(&why) {
            self.signals.push(why);
        }
    }

    fn best(&self) -> Kind {
        Kind::ALL
            .iter()
            .copied()
            .filter(|k| self.points[k.priority()] > 0)
            .min_by_key(|k| (std::cmp::Reverse(self.points[k.priority()]), k.priority()))
            .unwrap_or(Kind::Other)
    }
}

/// The folder (normalised words) and the file name without its extension (normalised words).
fn split_path(path: &str) -> (String, String) {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    (normalise(folder), normalise(stem))
}

/// Words of a file name or folder that say what kind of document it is.
const NAME_CUES: &[(&str, Kind)] = &[
    ("minutes", Kind::Minutes),
    ("meeting notes", Kind::Minutes),
    ("invite", Kind::Invitation),
    ("invitation", Kind::Invitation),
    ("agenda", Kind::Invitation),
    ("notice", Kind::Invitation),
    ("policy", Kind::Policy),
    ("policies", Kind::Policy),
    // A manual, handbook or framework sets out how the whole system works, as a policy does.
    ("manual", Kind::Policy),
    ("handbook", Kind::Policy),
    ("framework", Kind::Policy),
    ("procedure", Kind::Procedure),
    ("procedures", Kind::Procedure),
    ("process", Kind::Procedure),
    ("runbook", Kind::Procedure),
    ("runbooks", Kind::Procedure),
    ("playbook", Kind::Procedure),
    ("standard", Kind::Procedure),
    ("sop", Kind::Procedure),
    ("work instruction", Kind::Procedure),
    ("plan", Kind::Plan),
    ("roadmap", Kind::Plan),
    ("programme", Kind::Plan),
    ("program", Kind::Plan),
    ("schedule", Kind::Plan),
    ("strategy", Kind::Plan),
    ("sla", Kind::Agreement),
    ("ola", Kind::Agreement),
    ("agreement", Kind::Agreement),
    ("contract", Kind::Agreement),
    ("mou", Kind::Agreement),
    ("isa", Kind::Agreement),
    ("catalogue", Kind::Catalogue),
    ("catalog", Kind::Catalogue),
    ("register", Kind::Register),
    ("inventory", Kind::Register),
    ("cmdb", Kind::Register),
    ("list", Kind::Register),
    ("matrix", Kind::Register),
    ("log", Kind::Record),
    ("export", Kind::Record),
    ("extract", Kind::Record),
    ("history", Kind::Record),
    ("records", Kind::Record),
    ("postmortem", Kind::Record),
    ("postmortems", Kind::Record),
    ("report", Kind::Report),
    ("scorecard", Kind::Report),
    ("dashboard", Kind::Report),
    ("results", Kind::Report),
    ("review", Kind::Report),
    ("template", Kind::Template),
    ("templates", Kind::Template),
    ("form", Kind::Template),
];

fn name_cues(stem: &str, folder: &str, scores: &mut Scores) {
    let mut last: Option<(usize, &str, Kind)> = None;
    for (cue, kind) in NAME_CUES {
        if let Some(at) = find_words(stem, cue) {
            scores.add(*kind, 2, signal("name", *cue));
            if last.is_none_or(|(end, ..)| at > end) {
                last = Some((at, cue, *kind));
            }
        }
        if find_words(folder, cue).is_some() {
            scores.add(*kind, 1, signal("folder", *cue));
        }
    }
    // The head noun comes last in English names: "Standard Change Catalogue" is a catalogue.
    if let Some((_, _, kind)) = last {
        scores.points[kind.priority()] += 2;
    }
}

/// Where `phrase` occurs in `words` as whole words (both normalised), if it does.
fn find_words(words: &str, phrase: &str) -> Option<usize> {
    let (bytes, needle) = (words.as_bytes(), phrase.as_bytes());
    if needle.is_empty() {
        return (words.is_empty() || bytes[0] == b' ').then_some(0);
    }
    let mut from = 0;
    // A plain scan: the texts are names, folders and headings, too short to repay building a searcher
    // for each phrase.
    while let Some(at) = bytes[from..]
        .windows(needle.len())
        .position(|window| window == needle)
    {
        let start = from + at;
        let end = start + phrase.len();
        let before = start == 0 || words.as_bytes()[start - 1] == b' ';
        let after = end == words.len() || words.as_bytes()[end] == b' ';
        if before && after {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Content cues, by what they say about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Minutes,
    Invitation,
    Report,
    Policy,
    Procedure,
    Plan,
    Agreement,
    /// A phrase that is itself a placeholder (`XYZ Corporation`, "template coming soon").
    Placeholder,
    /// A date format written as a value (`dd/mm/yyyy`): a placeholder only where a value belongs.
    DateFormat,
    /// An instruction to whoever fills in a template ("here we describe", "customize").
    Instruction,
    /// The organisation named only generically ("the organization").
    Generic,
    /// A stub's own admission ("coming soon").
    ComingSoon,
}

const CUES: &[(&str, Cue)] = &[
    ("attendees", Cue::Minutes),
    ("in attendance", Cue::Minutes),
    ("apologies", Cue::Minutes),
    ("matters arising", Cue::Minutes),
    ("actions arising", Cue::Minutes),
    ("actions agreed", Cue::Minutes),
    ("previous minutes", Cue::Minutes),
    ("minutes of the last", Cue::Minutes),
    ("actions from the last", Cue::Minutes),
    ("action log", Cue::Minutes),
    ("chair:", Cue::Minutes),
    ("present:", Cue::Minutes),
    ("you are invited", Cue::Invitation),
    ("you're invited", Cue::Invitation),
    ("join microsoft teams meeting", Cue::Invitation),
    ("join zoom meeting", Cue::Invitation),
    ("click here to join", Cue::Invitation),
    ("please accept", Cue::Invitation),
    ("calendar invite", Cue::Invitation),
    ("meeting invitation", Cue::Invitation),
    ("rsvp", Cue::Invitation),
    ("reporting period", Cue::Report),
    ("report for", Cue::Report),
    ("period covered", Cue::Report),
    ("against target", Cue::Report),
    ("against the target", Cue::Report),
    ("performance against", Cue::Report),
    ("executive summary", Cue::Report),
    ("this report", Cue::Report),
    ("key findings", Cue::Report),
    ("this policy", Cue::Policy),
    ("policy statement", Cue::Policy),
    ("policy applies", Cue::Policy),
    ("this procedure", Cue::Procedure),
    ("procedure steps", Cue::Procedure),
    ("process steps", Cue::Procedure),
    ("step 1", Cue::Procedure),
    ("work instruction", Cue::Procedure),
    ("this runbook", Cue::Procedure),
    ("this plan", Cue::Plan),
    ("milestones", Cue::Plan),
    ("this agreement", Cue::Agreement),
    ("service level agreement", Cue::Agreement),
    ("the parties", Cue::Agreement),
    ("signed for and on behalf", Cue::Agreement),
    ("xyz corporation", Cue::Placeholder),
    ("xyz corp", Cue::Placeholder),
    ("xyz company", Cue::Placeholder),
    ("xyz ltd", Cue::Placeholder),
    ("lorem ipsum", Cue::Placeholder),
    ("template coming soon", Cue::Placeholder),
    ("xx/xx/xxxx", Cue::Placeholder),
    ("dd/mm/yyyy", Cue::DateFormat),
    ("mm/dd/yyyy", Cue::DateFormat),
    ("dd/mm/yy", Cue::DateFormat),
    ("here we describe", Cue::Placeholder),
    ("here we narrate", Cue::Placeholder),
    ("customize", Cue::Instruction),
    ("customise", Cue::Instruction),
    ("adjust the", Cue::Instruction),
    ("replace this", Cue::Instruction),
    ("delete this", Cue::Instruction),
    ("fill in", Cue::Instruction),
    ("to be completed by", Cue::Instruction),
    ("the organization", Cue::Generic),
    ("the organisation", Cue::Generic),
    ("your organization", Cue::Generic),
    ("your organisation", Cue::Generic),
    ("the company", Cue::Generic),
    ("coming soon", Cue::ComingSoon),
];

/// The cue phrases, looked for leftmost-longest with ASCII case ignored.
pub(super) fn cue_patterns() -> impl Iterator<Item = &'static str> {
    CUES.iter().map(|(phrase, _)| *phrase)
}

/// [`cue_patterns`] on their own: for lines searched alone, and texts whose cues were not found with
/// the sections' phrases.
static CUE_AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(cue_patterns())
        .expect("cue phrases compile")
});

/// What the prose of a file holds.
#[derive(Debug, Default)]
struct Cues {
    /// Distinct cue phrases found (indexes into [`CUES`]), and how often each kind occurred.
    found: Vec<usize>,
    generic: usize,
    /// Placeholders as written, distinct, in order of appearance (at most [`MAX_SHOWN`]), and how
    /// many occurrences in all.
    placeholders: Vec<String>,
    placeholder_count: usize,
    /// E-mail or calendar header lines near the top (From:, Sent:, To:, Subject:, When:, Where:).
    headers: Vec<&'static str>,
    unticked: usize,
    ticked: usize,
}

const MAX_SHOWN: usize = 3;

impl Cues {
    fn count(&self, cue: Cue) -> usize {
        self.found.iter().filter(|i| CUES[**i].1 == cue).count()
    }

    fn phrases(&self, cue: Cue) -> Vec<&'static str> {
        self.found
            .iter()
            .filter(|i| CUES[**i].1 == cue)
            .map(|i| CUES[*i].0)
            .collect()
    }

    fn placeholder(&mut self, text: &str) {
        self.placeholder_count += 1;
        let text = text.trim();
        if self.placeholders.len() < MAX_SHOWN && !self.placeholders.iter().any(|p| p == text) {
            self.placeholders.push(text.chars().take(60).collect());
        }
    }
}

/// Reads the prose of a file once: cue phrases, placeholders, message headers and checkboxes. Code
/// blocks, inline code and HTML comments are skipped; in a file that redefines m4 quotes
/// (`changequote`), `{{…}}` is macro syntax.
fn scan(text: &str, phrases: Option<&super::phrases::TextPhrases>) -> Cues {
    let mut end = text.len().min(MAX_CUE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let m4 = text.contains("changequote");
    let mut cues = Cues::default();
    // One automaton pass over the whole text: no cue holds a line break or starts or ends with white
    // space, so the matches inside a line of prose that is the text's own line (trimmed) are the ones a
    // search of that line alone finds. Lines that lost a comment or inline code are searched alone.
    let found: Vec<(usize, usize, usize)> = match phrases {
        Some(phrases) => phrases
            .cues_before(end)
            .into_iter()
            .map(|h| (h.start, h.end, h.pattern))
            .collect(),
        None => CUE_AUTOMATON
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect(),
    };
    let mut whole = found.into_iter().peekable();
    let mut on_line: Vec<(usize, usize, usize)> = Vec::new();
    for (number, prose, offset) in prose_lines(text) {
        let prose: &str = &prose;
        if number < 40 {
            header_line(prose, &mut cues.headers);
        }
        checkbox(prose, &mut cues);
        on_line.clear();
        match offset {
            Some(offset) => {
                while whole.next_if(|m| m.0 < offset).is_some() {}
                while let Some(m) = whole.next_if(|m| m.0 < offset + prose.len()) {
                    on_line.push((m.0 - offset, m.1 - offset, m.2));
                }
            }
            None => on_line.extend(
                CUE_AUTOMATON
                    .find_iter(prose)
                    .map(|m| (m.start(), m.end(), m.pattern().as_usize())),
            ),
        }
        for &(start, end, pattern) in &on_line {
            let (phrase, cue) = CUES[pattern];
            match cue {
                Cue::Placeholder => cues.placeholder(&prose[start..end]),
                Cue::DateFormat => {
                    if is_value_position(prose, start, end) {
                        cues.placeholder(phrase);
                    }
                    continue;
                }
                Cue::Generic => cues.generic += 1,
                _ => {}
            }
            if !cues.found.contains(&pattern) {
                cues.found.push(pattern);
            }
        }
        placeholders_in(prose, m4, &mut cues);
    }
    cues
}

/// Every placeholder left in a text, with its 1-based line in the text: the same cues as the template
/// detection (bracketed, angled and braced placeholders, form fields in capitals, `dd/mm/yyyy` where a
/// value belongs, `lorem ipsum` …), skipping code blocks, inline code and HTML comments. At most `max`.
/// `iso20k lint` cites each one.
pub fn placeholder_lines(text: &str, max: usize) -> Vec<(usize, String)> {
    let m4 = text.contains("changequote");
    let mut found = Vec::new();
    for (number, prose, _) in prose_lines(text) {
        if found.len() >= max {
            break;
        }
        let prose: &str = &prose;
        let mut cues = Cues::default();
        for m in CUE_AUTOMATON.find_iter(prose) {
            match CUES[m.pattern().as_usize()].1 {
                Cue::Placeholder => cues.placeholder(&prose[m.start()..m.end()]),
                Cue::DateFormat if is_value_position(prose, m.start(), m.end()) => {
                    cues.placeholder(&prose[m.start()..m.end()]);
                }
                _ => {}
            }
        }
        placeholders_in(prose, m4, &mut cues);
        for placeholder in cues.placeholders {
            if found.len() < max {
                found.push((number + 1, placeholder));
            }
        }
    }
    found
}

/// The lines of prose of a text, with their 0-based numbers: code blocks, HTML comments and inline code
/// left out, each line trimmed, blank ones skipped. A line that is the text's own (trimmed) comes with
/// its byte offset in `text`.
fn prose_lines(text: &str) -> impl Iterator<Item = (usize, Cow<'_, str>, Option<usize>)> + '_ {
    let mut fence = false;
    let mut comment = false;
    text.lines().enumerate().filter_map(move |(number, line)| {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            return None;
        }
        if fence {
            return None;
        }
        if !comment && memchr::memchr2(b'<', b'`', line.as_bytes()).is_none() {
            // Nothing to strip: the trimmed line itself.
            if trimmed.is_empty() {
                return None;
            }
            let offset = trimmed.as_ptr() as usize - text.as_ptr() as usize;
            return Some((number, Cow::Borrowed(trimmed), Some(offset)));
        }
        let prose = strip_comments_and_code(line, &mut comment);
        let trimmed = prose.trim();
        match (trimmed.is_empty(), trimmed.len() == prose.len()) {
            (true, _) => None,
            (false, true) => Some((number, Cow::Owned(prose), None)),
            (false, false) => Some((number, Cow::Owned(trimmed.to_string()), None)),
        }
    })
}

/// A line without its HTML comments (`comment` carries an open comment to the next line) and inline
/// code spans.
fn strip_comments_and_code(line: &str, comment: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *comment {
            match rest.find("-->") {
                Some(at) => {
                    rest = &rest[at + 3..];
                    *comment = false;
                }
                None => break,
            }
        } else {
            match rest.find("<!--") {
                Some(at) => {
                    out.push_str(&rest[..at]);
                    rest = &rest[at + 4..];
                    *comment = true;
                }
                None => {
                    out.push_str(rest);
                    break;
                }
            }
        }
    }
    if !out.contains('`') {
        return out;
    }
    out.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `line[start..end]` stands where a value belongs: after `:` or `|` or at the start of the
/// line, and before the end of the line or a `|`.
fn is_value_position(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start].trim_end_matches([' ', '*', '[', '(']);
    let after = line[end..].trim_start_matches([' ', '*', ']', ')']);
    (before.is_empty() || before.ends_with(':') || before.ends_with('|'))
        && (after.is_empty() || after.starts_with('|'))
}

const HEADERS: &[&str] = &["from", "sent", "to", "subject", "when", "where"];

fn header_line(line: &str, headers: &mut Vec<&'static str>) {
    let line = line.trim_start_matches(['*', '#', ' ']);
    let Some((key, _)) = line.split_once(':') else {
        return;
    };
    let key = key.trim_end_matches('*').trim();
    if let Some(h) = HEADERS.iter().find(|h| key.eq_ignore_ascii_case(h))
        && !headers.contains(h)
    {
        headers.push(h);
    }
}

fn checkbox(line: &str, cues: &mut Cues) {
    let item = line.trim_start_matches(['-', '*', '+', ' ']);
    if item.len() == line.len() {
        return;
    }
    if item.starts_with("[ ]") {
        cues.unticked += 1;
    } else if item.starts_with("[x]") || item.starts_with("[X]") {
        cues.ticked += 1;
    }
}

/// Words after `[` or `<` that open a placeholder (`[insert …]`, `<describe …>`).
const PLACEHOLDER_OPENERS: &[&str] = &[
    "insert",
    "describe",
    "enter ",
    "add your",
    "your ",
    "type ",
    "specify",
    "provide",
    "name of",
    "date of",
    "list your",
    "include ",
];

/// Whole bracketed texts that are placeholders (`[Organisation Name]`, `[Date]`).
const PLACEHOLDER_NAMES: &[&str] = &[
    "organisation name",
    "organization name",
    "company name",
    "company",
    "organisation",
    "organization",
    "client name",
    "customer name",
    "name",
    "date",
    "owner",
    "title",
    "version",
    "system name",
    "service name",
    "department",
    "job title",
    "role",
    "signature",
    "approver",
    "author",
    "location",
    "address",
    "phone",
    "email",
];

/// Nouns naming a value to fill in, inside brackets (`[Incident number]`).
const FILL_NOUNS: &[&str] = &[
    "name",
    "number",
    "date",
    "owner",
    "title",
    "reference",
    "ref",
    "description",
    "details",
    "value",
    "amount",
    "organisation",
    "organization",
    "company",
    "department",
    "role",
    "system",
    "location",
    "version",
    "period",
    "customer",
    "supplier",
    "client",
];

/// Bracketed all-capitals words that are labels or markings, not placeholders.
const MARKINGS: &[&str] = &[
    "TBD",
    "TBC",
    "TODO",
    "DRAFT",
    "OFFICIAL",
    "REDACTED",
    "WIP",
    "NOTE",
    "N/A",
    "NA",
    "SENSITIVE",
    "INTERNAL",
    "CONFIDENTIAL",
    "UPDATE",
    "DEPRECATED",
    "NEW",
    "OPTIONAL",
    "REQUIRED",
    "RESTRICTED",
    "PUBLIC",
    "OK",
    "FAIL",
    "PASS",
    "DONE",
    "BETA",
];

/// Words before an all-capitals `NAME` that make a form placeholder (`SYSTEM NAME`).
const NAMED_THINGS: &[&str] = &[
    "SYSTEM",
    "SCENARIO",
    "COMPANY",
    "ORGANIZATION",
    "ORGANISATION",
    "AGENCY",
    "CLIENT",
    "CUSTOMER",
    "SERVICE",
    "PROJECT",
    "PRODUCT",
    "VENDOR",
    "SUPPLIER",
    "APPLICATION",
];

/// Finds bracketed, angled and braced placeholders and all-capitals form placeholders in a line.
fn placeholders_in(line: &str, m4: bool, cues: &mut Cues) {
    let bytes = line.as_bytes();
    let mut i = 0;
    // The next `NAME` at or after `i` (the only way an `N` starts a placeholder), found ahead.
    let mut name = memchr::memmem::find(bytes, b"NAME");
    while i < bytes.len() {
        // Skip to the next byte that can open a placeholder.
        let bracket = memchr::memchr3(b'[', b'<', b'{', &bytes[i..]).map(|at| i + at);
        if name.is_some_and(|at| at < i) {
            name = memchr::memmem::find(&bytes[i..], b"NAME").map(|at| i + at);
        }
        i = match (bracket, name) {
            (Some(b), Some(n)) => b.min(n),
            (Some(b), None) => b,
            (None, Some(n)) => n,
            (None, None) => break,
        };
        match bytes[i] {
            b'[' => {
                if let Some(len) = closing(&line[i + 1..], ']') {
                    let inner = &line[i + 1..i + 1 + len];
                    let after = bytes.get(i + 2 + len).copied();
                    if !matches!(after, Some(b'(' | b'[' | b':')) && is_bracket_placeholder(inner) {
                        cues.placeholder(&line[i..i + 2 + len]);
                    }
                    i += 1 + len;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if let Some(at) = window(&line[i + 2..], 62).find(">>").filter(|at| *at >= 1) {
                    let inner = &line[i + 2..i + 2 + at];
                    if inner.chars().any(char::is_alphabetic) && !inner.contains('<') {
                        cues.placeholder(&line[i..i + 4 + at]);
                    }
                    i += 3 + at;
                }
            }
            b'<' => {
                if let Some(len) = closing(&line[i + 1..], '>') {
                    let inner = &line.as_bytes()[i + 1..i + 1 + len];
                    // The openers are lower-case ASCII: compared without a lower-cased copy.
                    if PLACEHOLDER_OPENERS.iter().any(|o| {
                        inner.len() >= o.len()
                            && inner[..o.len()].eq_ignore_ascii_case(o.as_bytes())
                    }) {
                        cues.placeholder(&line[i..i + 2 + len]);
                    }
                    i += 1 + len;
                }
            }
            b'{' if !m4 && bytes.get(i + 1) == Some(&b'{') => {
                if let Some(at) = window(&line[i + 2..], 62).find("}}") {
                    let inner = line[i + 2..i + 2 + at].trim();
                    let go_template = inner.starts_with('.') && inner.len() > 1;
                    let capitals = inner.chars().any(|c| c.is_ascii_uppercase())
                        && inner.chars().all(|c| {
                            c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == ' '
                        });
                    if go_template || capitals {
                        cues.placeholder(&line[i..i + 4 + at]);
                    }
                    i += 3 + at;
                }
            }
            b'N' if line[i..].starts_with("NAME") => named_thing(line, i, cues),
            _ => {}
        }
        i += 1;
    }
}

/// The length of the text before `close`, if it closes within 80 bytes on the line.
fn closing(rest: &str, close: char) -> Option<usize> {
    window(rest, 81).find(close)
}

/// At most the first `bytes` bytes of `text`, cut at a character boundary, so that looking for a closing
/// bracket stays linear in the line however many brackets it opens.
fn window(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn is_bracket_placeholder(inner: &str) -> bool {
    let inner = inner.trim();
    let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || inner.starts_with('^') || inner.contains("://") {
        return false;
    }
    let lower = inner.to_lowercase();
    if PLACEHOLDER_OPENERS.iter().any(|o| lower.starts_with(o))
        || PLACEHOLDER_NAMES.contains(&lower.as_str())
    {
        return true;
    }
    // `[Incident number]`, `[Supplier name]`: a few plain words naming a value to fill in.
    let words: Vec<&str> = lower.split_whitespace().collect();
    let plain = inner
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '/' || c == '-');
    if plain && words.len() <= 6 && words.iter().any(|w| FILL_NOUNS.contains(w)) {
        return true;
    }
    // `[COMPANY NAME]`: all capitals, not a marking such as `[DRAFT]`.
    let capitals = inner
        .chars()
        .all(|c| c.is_uppercase() || c == ' ' || c == '_' || c == '-' || c == '/');
    capitals && !MARKINGS.contains(&inner)
}

/// `SYSTEM NAME` written in capitals inside a sentence or a form field (not a `SYSTEM NAME:` label).
fn named_thing(line: &str, at: usize, cues: &mut Cues) {
    let after = line[at + 4..].chars().next();
    if after.is_some_and(|c| c.is_alphanumeric() || c == ':') {
        return;
    }
    let before = line[..at].trim_end_matches(' ');
    if before.len() == at {
        return;
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_uppercase())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    // A line written all in capitals is a heading, not a form with a placeholder.
    let shouting = line.chars().filter(|c| c.is_lowercase()).count() == 0;
    if NAMED_THINGS.contains(&word) && !shouting {
        cues.placeholder(&line[word_start..at + 4]);
    }
}

fn content_cues(cues: &Cues, scores: &mut Scores) {
    let weighted = [
        (Cue::Report, Kind::Report),
        (Cue::Policy, Kind::Policy),
        (Cue::Procedure, Kind::Procedure),
        (Cue::Plan, Kind::Plan),
        (Cue::Agreement, Kind::Agreement),
    ];
    for (cue, kind) in weighted {
        let phrases = cues.phrases(cue);
        if !phrases.is_empty() {
            let points = u32::try_from(phrases.len().min(4)).unwrap_or(4);
            scores.add(kind, points, signal("content", phrases.join(", ")));
        }
    }
    let meeting = cues.phrases(Cue::Minutes);
    if meeting.len() >= 2 {
        let points = u32::try_from(2 * meeting.len().min(3)).unwrap_or(6);
        scores.add(Kind::Minutes, points, signal("meeting", meeting.join(", ")));
    }
    if cues.headers.len() >= 3 {
        scores.add(
            Kind::Invitation,
            4,
            signal("headers", header_names(&cues.headers)),
        );
    }
    let invited = cues.phrases(Cue::Invitation);
    if !invited.is_empty() {
        let points = u32::try_from(2 * invited.len().min(3)).unwrap_or(6);
        scores.add(
            Kind::Invitation,
            points,
            signal("content", invited.join(", ")),
        );
    }
}

fn header_names(headers: &[&str]) -> String {
    headers
        .iter()
        .map(|h| {
            let mut c = h.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
                + ":"
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Processes whose tables list things (assets, risks, suppliers) rather than events.
fn lists_things(process: &str) -> bool {
    matches!(
        process,
        "asset" | "configuration" | "supplier" | "planning" | "documentation"
    )
}

fn table_cues(tables: &[TableInfo], format: Format, scores: &mut Scores) {
    let data = matches!(
        format,
        Format::Csv | Format::Tsv | Format::Xlsx | Format::Ods | Format::Yaml | Format::Json
    );
    let mut counted: Vec<Kind> = Vec::new();
    for table in tables {
        let Some(series) = &table.series else {
            continue;
        };
        let (kind, points) = match series.process {
            Some(process) if lists_things(process) => (Kind::Register, if data { 4 } else { 2 }),
            Some(_) => (Kind::Record, if data { 4 } else { 2 }),
            None if series.rows >= 3 => (Kind::Record, 1),
            None => continue,
        };
        if !counted.contains(&kind) {
            counted.push(kind);
            scores.add(
                kind,
                points,
                signal("columns", shown_columns(&table.columns)),
            );
        }
    }
}

/// Words of a workbook's sheet names that make it a matrix: a RACI chart of who does what.
const MATRIX_SHEETS: &[&str] = &["raci", "matrix", "rasci", "responsibility assignment"];

/// A workbook with a sheet named as a responsibility matrix (`RACI`) is a matrix, which registers stand
/// for, whatever its name (`SMS Roles and Responsibilities.xlsx`).
fn sheet_cues(tables: &[TableInfo], scores: &mut Scores) {
    let sheet = tables
        .iter()
        .filter_map(|t| t.name.as_deref())
        .find(|name| {
            let name = normalise(name);
            MATRIX_SHEETS
                .iter()
                .any(|cue| find_words(&name, cue).is_some())
        });
    if let Some(sheet) = sheet {
        scores.add(Kind::Register, 2, signal("sheet", sheet));
    }
}

/// Words of headings that say what kind of document holds them.
const HEADING_CUES: &[(&str, Kind)] = &[
    ("procedure", Kind::Procedure),
    ("process", Kind::Procedure),
    ("workflow", Kind::Procedure),
    ("steps", Kind::Procedure),
    ("policy", Kind::Policy),
    ("policy statement", Kind::Policy),
    ("executive summary", Kind::Report),
    ("results", Kind::Report),
    ("findings", Kind::Report),
    ("milestones", Kind::Plan),
    ("service levels", Kind::Agreement),
    ("signatures", Kind::Agreement),
];

/// The most headings read for cues.
const MAX_CUE_HEADINGS: usize = 60;

/// Words of a heading that points to other documents ("Related policies", "How OKRs relate to the service
/// management policy", "See also"): the kind it names is theirs, not the kind of the document holding it.
const REFERENCE_HEADING_WORDS: &[&str] = &[
    "related",
    "relate to",
    "relates to",
    "relation to",
    "relationship to",
    "relationship with",
    "relationship between",
    "link to",
    "links to",
    "linked",
    "see also",
    "references",
    "reference to",
    "referenced",
    "supporting",
    "associated",
    "other",
];

/// Whole headings (numbering aside) of meeting minutes.
const MEETING_HEADINGS: &[&str] = &[
    "attendees",
    "present",
    "apologies",
    "in attendance",
    "actions",
    "action items",
    "actions agreed",
    "matters arising",
    "agenda",
    "decisions",
];

fn heading_cues(headings: &[Heading], scores: &mut Scores) {
    let mut points = [0u32; 13];
    for heading in headings.iter().take(MAX_CUE_HEADINGS) {
        let words = normalise(&heading.text);
        let bare = words.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        if points[Kind::Minutes.priority()] < 2 && MEETING_HEADINGS.contains(&bare) {
            points[Kind::Minutes.priority()] += 1;
            scores.add(
                Kind::Minutes,
                1,
                signal("heading", heading.text.chars().take(60).collect::<String>()),
            );
        }
        if REFERENCE_HEADING_WORDS
            .iter()
            .any(|w| find_words(&words, w).is_some())
        {
            continue;
        }
        for (cue, kind) in HEADING_CUES {
            if points[kind.priority()] < 2 && find_words(&words, cue).is_some() {
                points[kind.priority()] += 1;
                scores.add(
                    *kind,
                    1,
                    signal("heading", heading.text.chars().take(60).collect::<String>()),
                );
            }
        }
    }
}

/// The first columns of a table, for a signal.
fn shown_columns(columns: &[String]) -> String {
    let shown: Vec<&str> = columns
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .take(6)
        .collect();
    let mut out = shown.join(", ");
    if columns.len() > shown.len() {
        out.push_str(", …");
    }
    out
}

/// Ticket-number prefixes of the common ITSM tools.
const PREFIXES: &[(&str, &str)] = &[
    ("INC", "incident"),
    ("RITM", "service-request"),
    ("REQ", "service-request"),
    ("SCTASK", "service-request"),
    ("CHG", "change"),
    ("CTASK", "change"),
    ("PRB", "problem"),
    ("PTASK", "problem"),
    ("KB", "documentation"),
    ("RLSE", "release-deployment"),
];

/// Record types (`Issue Type`, `Incident Type` values) naming a process.
const TYPES: &[(&str, &str)] = &[
    ("incident", "incident"),
    ("major incident", "incident"),
    ("service request", "service-request"),
    ("request", "service-request"),
    ("service request with approvals", "service-request"),
    ("change", "change"),
    ("normal change", "change"),
    ("standard change", "change"),
    ("emergency change", "change"),
    ("problem", "problem"),
    ("release", "release-deployment"),
    ("deployment", "release-deployment"),
    // Categories of an incident export that name another process's records.
    ("security", "information-security"),
    ("information security", "information-security"),
    ("security incident", "information-security"),
    ("cyber security", "information-security"),
];

/// Column names (normalised, whole words) naming the process a table records, strongest first.
const COLUMNS: &[(&str, &str)] = &[
    ("satisfaction", "business-relationship"),
    ("satisfaction rating", "business-relationship"),
    ("complaint", "business-relationship"),
    ("nonconformity", "improvement"),
    ("corrective action", "improvement"),
    ("car ref", "improvement"),
    ("improvement", "improvement"),
    ("audit finding", "internal-audit"),
    ("finding", "internal-audit"),
    ("problem id", "problem"),
    ("known error", "problem"),
    ("change id", "change"),
    ("change type", "change"),
    ("cab date", "change"),
    ("backout plan recorded", "change"),
    ("deployment id", "release-deployment"),
    ("sha", "release-deployment"),
    ("release id", "release-deployment"),
    ("incident id", "incident"),
    ("incident number", "incident"),
    ("urgency", "incident"),
    ("caller", "incident"),
    ("requested for", "service-request"),
    ("request item", "service-request"),
    ("ci type", "configuration"),
    ("config item id", "configuration"),
    ("operational status", "configuration"),
    ("discovery source", "configuration"),
    ("serial number", "asset"),
    ("asset tag", "asset"),
    ("course", "support"),
    ("training", "support"),
    ("likelihood", "planning"),
    ("risk id", "planning"),
    ("inherent score", "planning"),
    ("supplier", "supplier"),
    ("vendor", "supplier"),
    ("slo", "service-level"),
    ("slo name", "service-level"),
    ("error budget remaining pct", "service-level"),
    ("utilisation", "capacity"),
    ("utilization", "capacity"),
    ("downtime", "availability"),
    ("uptime", "availability"),
    ("knowledge base", "documentation"),
];

/// Words of a sheet or file name naming the process recorded, strongest first.
const NAMES: &[(&str, &str)] = &[
    ("security incident", "information-security"),
    ("information security", "information-security"),
    ("infosec", "information-security"),
    ("corrective action", "improvement"),
    ("nonconformity", "improvement"),
    ("action items", "improvement"),
    ("improvement", "improvement"),
    ("audit", "internal-audit"),
    ("incident", "incident"),
    ("incidents", "incident"),
    ("sc req item", "service-request"),
    ("ritm", "service-request"),
    ("service requests", "service-request"),
    ("service request", "service-request"),
    ("requests", "service-request"),
    ("change", "change"),
    ("changes", "change"),
    ("change request", "change"),
    ("cab", "change"),
    ("problem", "problem"),
    ("problems", "problem"),
    ("release", "release-deployment"),
    ("releases", "release-deployment"),
    ("deployments", "release-deployment"),
    ("deployment", "release-deployment"),
    ("cmdb", "configuration"),
    ("configuration", "configuration"),
    ("asset", "asset"),
    ("assets", "asset"),
    ("inventory", "asset"),
    ("licence", "asset"),
    ("capacity", "capacity"),
    ("availability", "availability"),
    ("continuity", "continuity"),
    ("dr test", "continuity"),
    ("supplier", "supplier"),
    ("suppliers", "supplier"),
    ("vendor", "supplier"),
    ("vendors", "supplier"),
    ("complaints", "business-relationship"),
    ("complaint", "business-relationship"),
    ("satisfaction", "business-relationship"),
    ("csat", "business-relationship"),
    ("survey", "business-relationship"),
    ("compliments", "business-relationship"),
    ("training", "support"),
    ("awareness", "support"),
    ("learning", "support"),
    ("risk", "planning"),
    ("risks", "planning"),
    ("knowledge", "documentation"),
    ("kb knowledge", "documentation"),
    ("slo", "service-level"),
    ("sla", "service-level"),
];

/// The processes a table's type column names, with their row counts and the first value naming each
/// (`Service Request` and `Service Request with Approvals` both name requests), in order of first sight.
fn type_counts(types: &[(String, usize)]) -> Vec<(&'static str, usize, &str)> {
    let mut counts: Vec<(&'static str, usize, &str)> = Vec::new();
    for (value, n) in types {
        let lower = value.to_lowercase();
        if let Some((_, process)) = TYPES.iter().find(|(t, _)| *t == lower) {
            match counts.iter_mut().find(|(p, ..)| p == process) {
                Some((_, count, _)) => *count += n,
                None => counts.push((process, *n, value)),
            }
        }
    }
    counts
}

/// The processes a table's type column names for at least two rows besides `main`, most rows first (ties
/// in process order).
fn other_processes(types: &[(String, usize)], main: Option<&'static str>) -> Vec<&'static str> {
    let mut counts: Vec<(&'static str, usize)> = type_counts(types)
        .into_iter()
        .filter(|(p, n, _)| Some(*p) != main && *n >= 2)
        .map(|(p, n, _)| (p, n))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts.into_iter().map(|(p, _)| p).collect()
}

/// The process a table records: from its record numbers (`INC0041187`), its type column, its column
/// names, then its sheet and file name.
pub(super) fn table_process(
    columns: &[String],
    keys: &super::Keys,
    types: &[(String, usize)],
    context: &str,
) -> Option<(&'static str, Signal)> {
    let filled: Vec<&str> = keys.iter().filter(|k| !k.is_empty()).collect();
    for (prefix, process) in PREFIXES {
        let numbered = filled
            .iter()
            .filter(|k| {
                k.len() > prefix.len()
                    && k.is_char_boundary(prefix.len())
                    && k[..prefix.len()].eq_ignore_ascii_case(prefix)
                    && k[prefix.len()..]
                        .trim_start_matches(['-', '_'])
                        .starts_with(|c: char| c.is_ascii_digit())
            })
            .count();
        if numbered > 0 && numbered * 2 >= filled.len() {
            let example = filled
                .iter()
                .find(|k| k.starts_with(prefix))
                .map_or("", |k| *k);
            return Some((
                process,
                signal(
                    "numbers",
                    format!("{example} … ({numbered} of {} rows)", filled.len()),
                ),
            ));
        }
    }
    // The process most of the records' types name (`Service Request` and `Service Request with
    // Approvals` both name requests).
    let total: usize = types.iter().map(|(_, n)| n).sum();
    let by_process = type_counts(types);
    if let Some((process, n, value)) = by_process.iter().max_by_key(|(_, n, _)| *n)
        && n * 2 >= total
    {
        return Some((
            process,
            signal("types", format!("{value} … ({n} of {total} rows)")),
        ));
    }
    let context = normalise(context);
    // A sheet or file named for security incidents records those, whatever the columns say.
    if let Some((word, process)) = NAMES
        .iter()
        .take(3)
        .find(|(w, _)| find_words(&context, w).is_some())
    {
        return Some((process, signal("name", *word)));
    }
    let names: Vec<String> = columns.iter().map(|c| normalise(c)).collect();
    for (column, process) in COLUMNS {
        if let Some(name) = columns
            .iter()
            .zip(&names)
            .find(|(_, n)| find_words(n, column).is_some())
            .map(|(c, _)| c)
        {
            return Some((process, signal("columns", name.clone())));
        }
    }
    NAMES
        .iter()
        .find(|(w, _)| find_words(&context, w).is_some())
        .map(|(word, process)| (*process, signal("name", *word)))
}

/// Column words of a requirements list: what is required, and how far it is met.
const REQUIREMENT_COLUMNS: &[&str] = &[
    "clause",
    "requirement",
    "requirements",
    "criteria",
    "criterion",
];
const ASSESSMENT_COLUMNS: &[&str] = &[
    "rag",
    "todo",
    "compliant",
    "compliance",
    "conformity",
    "met",
    "gap",
    "status",
    "where we are",
    "current position",
    "current state",
];

/// Whether a file lists requirements or criteria rather than evidencing them.
fn requirements_list(input: &Input<'_>, tables: &[TableInfo]) -> Option<Signal> {
    for table in tables {
        let names: Vec<String> = table.columns.iter().map(|c| normalise(c)).collect();
        let required = names.iter().find(|n| {
            REQUIREMENT_COLUMNS
                .iter()
                .any(|w| find_words(n, w).is_some())
        });
        let assessed = names.iter().find(|n| {
            ASSESSMENT_COLUMNS
                .iter()
                .any(|w| find_words(n, w).is_some())
        });
        if let (Some(_), Some(_), true) = (required, assessed, table.rows >= 5) {
            return Some(signal(
                "columns",
                format!(
                    "a list of requirements with an assessment column ({})",
                    shown_columns(&table.columns)
                ),
            ));
        }
    }
    // A catalogue of criteria: many top-level entries keyed by an id (`CC1.1`, `A.5.1`), each with a
    // name or description.
    let map = input.structured?;
    let criteria = map
        .iter()
        .filter(|(key, value)| {
            key.len() <= 12
                && !key.contains(' ')
                && key.chars().any(|c| c.is_ascii_digit())
                && value
                    .as_object()
                    .is_some_and(|o| o.contains_key("description") || o.contains_key("name"))
        })
        .count();
    (criteria >= 10).then(|| {
        signal(
            "criteria",
            format!("{criteria} criteria keyed by id, each with a name or description"),
        )
    })
}

/// Generic mentions of "the organization" that, in a policy or procedure naming no owner, version or
/// approval, mark an unadopted template.
const GENERIC_MENTIONS: usize = 2;

/// Body words below which a document with headings is a stub.
const STUB_WORDS: usize = 20;

/// Why a file is an unfilled template, if it is.
fn unfilled(input: &Input<'_>, stem: &str, cues: &Cues, best: Kind) -> Option<Unfilled> {
    let shown = || cues.placeholders.clone();
    let prose = matches!(
        input.format,
        Format::Markdown | Format::Text | Format::Docx | Format::Odt | Format::Pdf | Format::Other
    );
    if cues.placeholder_count >= 2 || (cues.placeholder_count == 1 && input.words < 300) {
        return Some(Unfilled {
            reason: format!(
                "an unfilled template ({} placeholder{}: {})",
                cues.placeholder_count,
                if cues.placeholder_count == 1 { "" } else { "s" },
                quoted(&cues.placeholders)
            ),
            placeholders: shown(),
        });
    }
    if find_words(stem, "template").is_some() || find_words(stem, "blank form").is_some() {
        return Some(Unfilled {
            reason: "a template (the file name says so)".to_string(),
            placeholders: shown(),
        });
    }
    if cues.count(Cue::ComingSoon) > 0 && input.words < 300 {
        return Some(Unfilled {
            reason: "a stub (\"coming soon\")".to_string(),
            placeholders: Vec::new(),
        });
    }
    let adopted = input.metadata.owner.is_some()
        || input.metadata.approved_by.is_some()
        || input.metadata.approved_on.is_some()
        || input.metadata.version.is_some()
        || input.metadata.last_reviewed.is_some()
        || input.metadata.effective.is_some()
        || input.metadata.status == Some(Status::Approved);
    // A reviewed checklist is a documented way of working (an onboarding checklist); an unowned one is
    // a ticket or form template.
    if prose && cues.unticked >= 3 && cues.ticked == 0 && !adopted {
        return Some(Unfilled {
            reason: format!(
                "a blank checklist ({} unticked boxes, none ticked, no owner or review): a form, not a record",
                cues.unticked
            ),
            placeholders: Vec::new(),
        });
    }
    let heading_words: usize = input
        .headings
        .iter()
        .map(|h| h.text.split_whitespace().count())
        .sum();
    if prose && !input.headings.is_empty() && input.words.saturating_sub(heading_words) < STUB_WORDS
    {
        return Some(Unfilled {
            reason: format!(
                "near-empty: a stub of {} heading{} with almost no text",
                input.headings.len(),
                if input.headings.len() == 1 { "" } else { "s" }
            ),
            placeholders: Vec::new(),
        });
    }
    let instructions = cues.count(Cue::Instruction);
    if prose && (instructions >= 2 || (instructions == 1 && input.words < 100)) {
        return Some(Unfilled {
            reason: format!(
                "a template: instructions to whoever fills it in ({})",
                quoted_static(&cues.phrases(Cue::Instruction))
            ),
            placeholders: Vec::new(),
        });
    }
    let speaks_of_itself = cues.phrases(Cue::Policy).contains(&"this policy")
        || cues.phrases(Cue::Procedure).contains(&"this procedure");
    if prose && cues.generic >= GENERIC_MENTIONS && !adopted && speaks_of_itself {
        return Some(Unfilled {
            reason: format!(
                "an unadopted template: a {} that speaks of \"the organization\" ({}×) and names no owner, \
                 version or approval",
                if best == Kind::Procedure {
                    "procedure"
                } else {
                    "policy"
                },
                cues.generic
            ),
            placeholders: Vec::new(),
        });
    }
    // A compliance kit's policy, copied as shipped: its only control metadata maps it to another
    // framework's criteria, and it names nobody (no owner, version, status, approval or organisation).
    if prose
        && matches!(best, Kind::Policy | Kind::Procedure)
        && !adopted
        && input.metadata.status.is_none()
        && let Some(mapping) = criteria_mapping(input.text, input.front_matter)
        && !names_organisation(input.text)
    {
        return Some(Unfilled {
            reason: format!(
                "an unadopted template from a compliance kit: a {} whose only control metadata maps it to \
                 another framework's criteria ({mapping}), naming no owner, version, status, approval or \
                 organisation",
                if best == Kind::Procedure {
                    "procedure"
                } else {
                    "policy"
                },
            ),
            placeholders: Vec::new(),
        });
    }
    None
}

/// Keys (normalised) under which a compliance kit maps a document to another framework's criteria.
const MAPPING_KEYS: &[&str] = &[
    "satisfies",
    "criteria",
    "controls",
    "control mapping",
    "mapped to",
    "maps to",
    "mapping",
    "tsc",
    "soc2",
    "soc 2",
    "trust services criteria",
    "nist",
    "annex a",
];

/// The lines of a header block read for a criteria mapping.
const MAX_HEADER_LINES: usize = 30;

/// A mapping of the document to another framework's criteria in its front matter or the header block
/// at the top of its text (`satisfies: TSC: [CC9.9]`), as `key: id, id`, if there is one.
fn criteria_mapping(text: &str, front_matter: Option<&Map<String, Value>>) -> Option<String> {
    let shown = |key: &str, ids: &[String]| {
        let mut ids = ids.to_vec();
        ids.truncate(MAX_SHOWN);
        format!("`{key}`: {}", ids.join(", "))
    };
    if let Some(map) = front_matter {
        for (key, value) in map {
            if MAPPING_KEYS.contains(&normalise(key).as_str()) {
                let mut ids = Vec::new();
                criteria_in_value(value, &mut ids);
                if !ids.is_empty() {
                    return Some(shown(key, &ids));
                }
            }
        }
    }
    // A header block: `key: value` lines before the first heading or `---` rule.
    let mut lines = text.lines().take(MAX_HEADER_LINES).peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.starts_with("---") {
            break;
        }
        let Some((key, rest)) = trimmed.split_once(':') else {
            continue;
        };
        if line.starts_with([' ', '\t']) || !MAPPING_KEYS.contains(&normalise(key).as_str()) {
            continue;
        }
        let mut ids = Vec::new();
        criteria_in_words(rest, &mut ids);
        // The value may go on in indented lines (a YAML list).
        while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t', '-'])) {
            if next.trim() == "---" {
                break;
            }
            criteria_in_words(next, &mut ids);
        }
        if !ids.is_empty() {
            return Some(shown(key.trim(), &ids));
        }
    }
    None
}

fn criteria_in_value(value: &Value, ids: &mut Vec<String>) {
    match value {
        Value::String(text) => criteria_in_words(text, ids),
        Value::Array(items) => items.iter().for_each(|v| criteria_in_value(v, ids)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            criteria_in_words(k, ids);
            criteria_in_value(v, ids);
        }),
        _ => {}
    }
}

fn criteria_in_words(text: &str, ids: &mut Vec<String>) {
    for word in
        text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '[' | ']' | '"' | '\''))
    {
        let word = word.trim_matches(|c: char| matches!(c, '-' | ':' | '(' | ')'));
        if is_criterion_id(word) && !ids.iter().any(|id| id == word) {
            ids.push(word.to_string());
        }
    }
}

/// An id of another framework's criterion: SOC 2 (`CC6.1`, `A1.2`, `PI1.1`), ISO/IEC 27001 Annex A
/// (`A.9.2.1`), NIST SP 800-53 (`AC-2`, `CM-3(1)`).
fn is_criterion_id(word: &str) -> bool {
    let dotted = |rest: &str| {
        let mut parts = rest.split('.');
        let first = parts.next().unwrap_or_default();
        let others: Vec<&str> = parts.collect();
        !first.is_empty()
            && first.bytes().all(|b| b.is_ascii_digit())
            && !others.is_empty()
            && others
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(rest) = word.strip_prefix("A.") {
        return dotted(rest);
    }
    for prefix in ["CC", "PI", "A", "C", "P"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return dotted(rest);
        }
    }
    // NIST: two capitals, a hyphen, a number, an optional enhancement in brackets.
    let bytes = word.as_bytes();
    let base = word.split('(').next().unwrap_or_default();
    bytes.len() >= 4
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2] == b'-'
        && base.len() > 3
        && base[3..].bytes().all(|b| b.is_ascii_digit())
}

/// Legal forms that follow an organisation's name.
const LEGAL_FORMS: &[&str] = &[
    "Ltd", "Limited", "Inc", "LLC", "LLP", "plc", "PLC", "GmbH", "Corp", "Pty", "B.V.", "N.V.",
    "S.A.",
];

/// Whether a text names an organisation by its legal name ("Harbour IT Ltd", "Acme, Inc.").
fn names_organisation(text: &str) -> bool {
    let mut end = text.len().min(MAX_CUE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut previous_capitalised = false;
    for word in text[..end].split_whitespace() {
        let bare = word.trim_end_matches([',', ';', ':', ')', '\'', '"']);
        let form = bare
            .strip_suffix('.')
            .filter(|b| !b.contains('.'))
            .unwrap_or(bare);
        if previous_capitalised && LEGAL_FORMS.contains(&form) {
            return true;
        }
        previous_capitalised = word
            .trim_start_matches(['(', '"', '\''])
            .starts_with(|c: char| c.is_uppercase());
    }
    false
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted_static(items: &[&str]) -> String {
    items
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::extract::{csv_table, text_tables};

    fn heading(text: &str) -> Heading {
        Heading {
            level: 1,
            text: text.into(),
            line: None,
        }
    }

    /// Infers the kind of a file from its path and text (headings: Markdown `#` lines).
    fn infer_text(path: &str, text: &str) -> Inferred {
        infer_with(path, text, &Metadata::default(), &mut text_tables(text))
    }

    fn infer_with(
        path: &str,
        text: &str,
        metadata: &Metadata,
        tables: &mut [TableInfo],
    ) -> Inferred {
        let headings: Vec<Heading> = text
            .lines()
            .filter_map(|l| l.strip_prefix('#'))
            .map(|h| heading(h.trim_start_matches('#').trim()))
            .collect();
        let format = Format::from_path(std::path::Path::new(path));
        infer(
            &Input {
                path,
                format,
                metadata,
                headings: &headings,
                text,
                words: text.split_whitespace().count(),
                structured: None,
                front_matter: None,
                phrases: None,
            },
            tables,
        )
    }

    /// The process and kind a CSV export is recognised as.
    fn export(path: &str, csv: &str) -> (Kind, Option<&'static str>, TableInfo) {
        let mut tables = vec![csv_table(csv)];
        let inferred = infer_with(path, csv, &Metadata::default(), &mut tables);
        let table = tables.remove(0);
        let process = table.series.as_ref().and_then(|s| s.process);
        (inferred.kind, process, table)
    }

    #[test]
    fn ticketing_exports_are_record_series_of_their_process() {
        let cases = [
            (
                "tickets.csv",
                "Number,Opened,Short description,Caller,Category,Priority,State,Assignment group,Resolved,Closed\n\
                 INC0000101,03/02/2027 09:15:00,Printer jam,A. Person,Hardware,3 - Moderate,Closed,Desk,03/02/2027 10:00:00,05/02/2027 10:00:00\n\
                 INC0000102,17/03/2027 11:00:00,VPN down,B. Person,Network,2 - High,Resolved,Net,17/03/2027 12:00:00,\n",
                "incident",
                "Opened",
            ),
            (
                "export.csv",
                "Number,Opened,Short description,State\nRITM0001,2027-01-04,Laptop,Closed\nRITM0002,2027-01-09,Mouse,Open\n",
                "service-request",
                "Opened",
            ),
            (
                "export.csv",
                "Number,Short description,Planned start date,Opened\nCHG0001,Patch,2027-03-01,2027-01-04\nCHG0002,Upgrade,2027-04-01,2027-01-09\n",
                "change",
                "Opened",
            ),
            (
                "jira.csv",
                "Issue key,Summary,Issue Type,Status,Created,Resolved\nOPS-1,Outage,Incident,Done,04/Jan/27 9:58 AM,\n\
                 OPS-2,Access,Service Request,Done,05/Jan/27 10:00 AM,\nOPS-3,Slow,Incident,Open,09/Jan/27 1:00 PM,\n",
                "incident",
                "Created",
            ),
            (
                "pd.csv",
                "incident_number,title,urgency,status,created_at,resolved_at,service\n\
                 41,Disk full,high,resolved,2027-02-01T10:00:00Z,2027-02-01T11:00:00Z,DB\n",
                "incident",
                "created_at",
            ),
            (
                "calls.csv",
                "Incident ID,Incident Type,Created Date Time,Owned By Team,Status\n\
                 9001,Service Request,02/02/2027 09:00,Desk,Closed\n9002,Service Request,03/02/2027 09:00,Desk,Closed\n",
                "service-request",
                "Created Date Time",
            ),
            (
                "problems.csv",
                "Problem ID,Created Date Time,Summary,Known Error\n77,02/02/2027 09:00,Wi-Fi drops,True\n",
                "problem",
                "Created Date Time",
            ),
            (
                "csat.csv",
                "Ticket ID,Requester,Ticket created - Date,Satisfaction rating\n5,Ann,2027-01-02,Good\n6,Bob,2027-01-05,Bad\n",
                "business-relationship",
                "Ticket created - Date",
            ),
            (
                "deploys.csv",
                "deployment_id,environment,sha,created_at,state\n1,production,abc123,2027-01-02T10:00:00Z,success\n",
                "release-deployment",
                "created_at",
            ),
            (
                "Corrective action log.csv",
                "ID,Date,Description,Owner,Status\n1,2027-01-02,Fix backups,Ann,Open\n2,2027-02-03,Train desk,Bob,Closed\n",
                "improvement",
                "Date",
            ),
        ];
        for (path, csv, process, column) in cases {
            let (kind, found, table) = export(path, csv);
            assert_eq!(found, Some(process), "{path}: {csv}");
            assert!(
                matches!(kind, Kind::Record | Kind::Register),
                "{path}: {kind:?}"
            );
            assert_eq!(table.series.unwrap().event_column, column, "{path}");
        }
    }

    #[test]
    fn a_series_spans_its_event_dates_not_its_planned_ones() {
        let (_, process, table) = export(
            "Risk register.csv",
            "Risk ID,Risk,Likelihood,Raised,Next review,Target date\n\
             R1,Outage,3,2025-01-10,2027-06-01,2027-12-31\nR2,Breach,2,2025-03-02,2027-06-01,2027-12-31\n",
        );
        assert_eq!(process, Some("planning"));
        let series = table.series.unwrap();
        assert_eq!(series.event_column, "Raised");
        assert_eq!(series.rows, 2);
        assert_eq!(series.first, Some(jiff::civil::date(2025, 1, 10)));
        assert_eq!(series.last, Some(jiff::civil::date(2025, 3, 2)));
        assert_eq!(series.months, ["2025-01", "2025-03"]);
        // The old entries make the register stale, whatever its targets say.
        assert_eq!(table.latest_date, Some(jiff::civil::date(2025, 3, 2)));
        assert_eq!(
            table.dates,
            [
                jiff::civil::date(2025, 1, 10),
                jiff::civil::date(2025, 3, 2)
            ]
        );
    }

    #[test]
    fn only_planned_dates_make_no_series() {
        let (_, _, table) = export("plan.csv", "Action,Due,Target\nA,2027-01-01,2027-02-01\n");
        assert_eq!(table.series, None);
        assert_eq!(table.latest_date, None);
    }

    #[test]
    fn minutes() {
        let text = "# Service Review Meeting\n\nPresent: A. Smith (chair), B. Jones\nApologies: C. Brown\n\n\
                    ## Matters arising\nNone.\n\n## Actions\n| Action | Owner | Due |\n|---|---|---|\n| Renew SLA | AS | 2027-02-01 |\n";
        let inferred = infer_text("2027-01-12 review.md", text);
        assert_eq!(inferred.kind, Kind::Minutes, "{:?}", inferred.signals);
        assert!(inferred.signals.iter().any(|s| s.signal == "meeting"));
    }

    #[test]
    fn invitation() {
        let text = "From: Service Desk Manager\nSent: 02 March 2027 09:14\nTo: All staff\nSubject: Service review\n\
                    When: Tuesday 9 March 2027 10:00\n\nYou are invited to the quarterly service review.\n\
                    Join Microsoft Teams meeting\n";
        let inferred = infer_text("Service review.txt", text);
        assert_eq!(inferred.kind, Kind::Invitation, "{:?}", inferred.signals);
        assert!(inferred.unfilled.is_none());
    }

    #[test]
    fn report() {
        let text = "# Monthly Service Report\n\nReporting period: February 2027\n\n## Executive summary\n\
                    Availability was 99.95 % against target 99.9 %. Performance against the targets is shown below.\n";
        let inferred = infer_text("Monthly pack.md", text);
        assert_eq!(inferred.kind, Kind::Report, "{:?}", inferred.signals);
    }

    #[test]
    fn a_heading_pointing_to_other_documents_names_their_kind_not_this_ones() {
        // Objectives with a closing note on how they relate to the policy are no policy; nor is a
        // procedure a policy for listing its related policies.
        let text = "# Company OKRs H2\n\nOwner: CEO\n\n## O1. Be reliable\n\n{body}\n\n\
                    ## How OKRs relate to the service management policy\n\nThe policy sets objectives here.\n";
        let body = "Every tier-one service level objective is met in five of six months, checked monthly. ".repeat(4);
        let text = text.replace("{body}", &body);
        let inferred = infer_text("company/okrs.md", &text);
        assert_eq!(inferred.kind, Kind::Other, "{:?}", inferred.signals);
        let text = format!("# Change steps\n\n{body}\n\n## Related policies\n\nChange policy.\n");
        let inferred = infer_text("change.md", &text);
        assert_eq!(inferred.kind, Kind::Procedure, "{:?}", inferred.signals);
        assert!(
            !inferred
                .signals
                .iter()
                .any(|s| s.detail.contains("Related"))
        );
        // A process named after relationships still names a procedure.
        let text = format!("# Business Relationship Management Procedure\n\n{body}\n");
        let inferred = infer_text("brm.md", &text);
        assert_eq!(inferred.kind, Kind::Procedure, "{:?}", inferred.signals);
        assert!(inferred.signals.iter().any(|s| s.signal == "heading"));
    }

    #[test]
    fn names_and_explicit_doc_types() {
        let text = "Body text of a reasonable length that explains how things are done here, in several words.";
        assert_eq!(
            infer_text("Change Management Policy.md", text).kind,
            Kind::Policy
        );
        assert_eq!(
            infer_text("Incident Procedure.md", text).kind,
            Kind::Procedure
        );
        assert_eq!(
            infer_text("Standard Change Catalogue.md", text).kind,
            Kind::Catalogue
        );
        assert_eq!(
            infer_text("SLA - Customer A.md", text).kind,
            Kind::Agreement
        );
        assert_eq!(infer_text("notes.md", text).kind, Kind::Other);
        let metadata = Metadata {
            doc_type: Some(DocType::Minutes),
            ..Metadata::default()
        };
        let inferred = infer_with("Policy.md", text, &metadata, &mut []);
        assert_eq!(inferred.kind, Kind::Minutes);
        assert_eq!(inferred.signals[0].signal, "doc_type");
    }

    /// The placeholders found in a text, in order.
    fn placeholders(text: &str) -> Vec<String> {
        scan(text, None).placeholders
    }

    #[test]
    fn real_placeholders() {
        assert_eq!(
            placeholders("Owner: [COMPANY NAME] and <<Owner>>"),
            ["[COMPANY NAME]", "<<Owner>>"]
        );
        assert_eq!(
            placeholders("Approved on: <insert date>"),
            ["<insert date>"]
        );
        assert_eq!(
            placeholders("[insert scope here] for [Organisation Name]"),
            ["[insert scope here]", "[Organisation Name]"]
        );
        assert_eq!(
            placeholders("[describe your process here]"),
            ["[describe your process here]"]
        );
        assert_eq!(placeholders("| Date | dd/mm/yyyy |"), ["dd/mm/yyyy"]);
        assert_eq!(placeholders("Review date: dd/mm/yyyy"), ["dd/mm/yyyy"]);
        assert_eq!(
            placeholders("This policy applies to XYZ Corporation."),
            ["XYZ Corporation"]
        );
        assert_eq!(
            placeholders("# {{.Name}} Compliance Program"),
            ["{{.Name}}"]
        );
        assert_eq!(placeholders("Owner: {{OWNER_NAME}}"), ["{{OWNER_NAME}}"]);
        assert_eq!(
            placeholders("Exercise of the SYSTEM NAME plan, scenario SCENARIO NAME."),
            ["SYSTEM NAME", "SCENARIO NAME"]
        );
        assert_eq!(
            placeholders("# Template Coming Soon"),
            ["Template Coming Soon"]
        );
    }

    #[test]
    fn site_and_macro_syntax_is_not_a_placeholder() {
        let text = "See [our docs]({{ site.baseurl }}/docs) and {% link _docs/ops.md %}.\n\
                    {% include note.html %} {{generator:toc}} {{ page.title }} {{bq_tts.md}}\n\
                    Dates are written dd/mm/yyyy in this handbook.\n\
                    <!-- [COMPANY NAME] <insert owner> -->\n\
                    ```\n{{.Name}} [INSERT VALUE]\n```\n\
                    Run `{{.Name}}` to render. [DRAFT] [TBD] - [ ] task [x] done [link](http://x) [ref][1]\n\
                    FULL SYSTEM NAME: cloud platform\n";
        assert_eq!(placeholders(text), Vec::<String>::new());
        let m4 = "changequote({{,}})\ninclude({{COMMON}})\n";
        assert_eq!(placeholders(m4), Vec::<String>::new());
        // A page full of site syntax is not a template.
        let page = "# Deploying\n\nRead [the guide]({{ site.baseurl }}/guide) before you push, and \
                    [the rules]({{ site.baseurl }}/rules). Then open a pull request; a reviewer approves it and the \
                    pipeline deploys to staging and production. {% include alert.html %}\n";
        assert!(infer_text("deploying.md", page).unfilled.is_none());
    }

    #[test]
    fn templates_and_stubs() {
        let form = "# Post-incident review\n\nIncident: [Incident number]\nOwner: <<Owner>>\nDate: dd/mm/yyyy\n";
        let inferred = infer_text("review.md", form);
        assert_eq!(inferred.kind, Kind::Template);
        let unfilled = inferred.unfilled.unwrap();
        assert!(
            unfilled.reason.contains("3 placeholders"),
            "{}",
            unfilled.reason
        );
        assert_eq!(
            unfilled.placeholders,
            ["[Incident number]", "<<Owner>>", "dd/mm/yyyy"]
        );

        let stub = "# Capacity planning\n\n## Forecasts\n\nTo follow.\n";
        let inferred = infer_text("capacity.md", stub);
        assert_eq!(inferred.kind, Kind::Template);
        assert!(inferred.unfilled.unwrap().reason.contains("a stub"));

        let named = "A full body of text about how suppliers are reviewed every quarter by the supplier manager.";
        assert_eq!(
            infer_text("Supplier review TEMPLATE.md", named).kind,
            Kind::Template
        );

        let checklist = "# Patch\n\nResolve this ticket:\n- [ ] Pull scripts\n- [ ] Run on staging\n- [ ] Run on production\n";
        assert!(
            infer_text("patch.md", checklist)
                .unfilled
                .unwrap()
                .reason
                .contains("blank checklist")
        );

        let generic = "# Access policy\n\nThis policy sets out how the organization grants access. The organization \
                       reviews access quarterly, and managers approve every request in writing before it is granted.";
        let inferred = infer_text("access.md", generic);
        assert!(
            inferred
                .unfilled
                .unwrap()
                .reason
                .starts_with("an unadopted template")
        );
        let owned = Metadata {
            owner: Some("Head of IT".into()),
            ..Metadata::default()
        };
        assert!(
            infer_with("access.md", generic, &owned, &mut [])
                .unfilled
                .is_none()
        );
    }

    #[test]
    fn compliance_kit_policies_as_shipped() {
        // A kit's policy: a header mapping it to another framework's criteria, a revision date, and
        // nobody named: no owner, version, status, approval or organisation.
        let kit = "title: Backup Policy\nsatisfies:\n  SOC2:\n    - A1.2\n    - CC7.4\nrevisions:\n  - date: \
                   Mar 3 2019\n---\n# Purpose\n\nThis policy says how backups of company systems are taken, \
                   tested and kept, and it applies to all employees.\n\n# Policy\n\nBackups run nightly and \
                   are restored in a test once a quarter by the engineering team.\n";
        let inferred = infer_text("policies/backup.md", kit);
        let reason = inferred.unfilled.expect("a kit template").reason;
        assert!(reason.contains("compliance kit"), "{reason}");
        assert!(reason.contains("`satisfies`: A1.2, CC7.4"), "{reason}");
        assert_eq!(inferred.kind, Kind::Template);

        // The same mapping in front matter.
        let body = "# Purpose\n\nThis policy says how backups of company systems are taken, tested and kept, \
                    and it applies to all employees.\n";
        let front: Map<String, Value> =
            serde_json::from_str(r#"{"name": "Backup Policy", "controls": ["AC-2", "CP-9(1)"]}"#)
                .unwrap();
        let headings = [heading("Purpose")];
        let unfilled = |metadata: &Metadata| {
            infer(
                &Input {
                    path: "backup.md",
                    format: Format::Markdown,
                    metadata,
                    headings: &headings,
                    text: body,
                    words: body.split_whitespace().count(),
                    structured: None,
                    front_matter: Some(&front),
                    phrases: None,
                },
                &mut [],
            )
            .unfilled
        };
        let reason = unfilled(&Metadata::default()).unwrap().reason;
        assert!(reason.contains("`controls`: AC-2, CP-9(1)"), "{reason}");

        // Adopted: an owner, a version or an approval status makes it the organisation's own.
        for metadata in [
            Metadata {
                owner: Some("Head of IT".into()),
                ..Metadata::default()
            },
            Metadata {
                version: Some("1.2".into()),
                ..Metadata::default()
            },
            Metadata {
                status: Some(Status::Draft),
                ..Metadata::default()
            },
        ] {
            assert!(unfilled(&metadata).is_none());
        }
        // An organisation named by its legal name has adopted it too.
        let named = kit.replace("company systems", "Tarn Valley Water Ltd systems");
        assert!(infer_text("policies/backup.md", &named).unfilled.is_none());
        // A policy that cites criteria in its prose, not a kit's header, is not a template for that.
        let prose = "# Backup Policy\n\nThis policy supports criterion CC7.4 and applies to all employees: \
                     backups run nightly and are restored in a test once a quarter.\n";
        assert!(infer_text("policies/backup.md", prose).unfilled.is_none());
        // Criteria ids are ids, not section numbers or words.
        for id in ["CC9.9", "A1.2", "PI1.1", "A.9.2.1", "AC-2", "CM-3(1)"] {
            assert!(is_criterion_id(id), "{id}");
        }
        for word in ["8.2", "CC", "A.", "ACME-2", "Ac-2", "A1", "C-3PO", "SOC2"] {
            assert!(!is_criterion_id(word), "{word}");
        }
        assert!(names_organisation("sold by Acme, Inc. to"));
        assert!(!names_organisation("limited access for the company"));
    }

    #[test]
    fn requirements_lists() {
        let csv = "Clause,Requirement,RAG,Action\n4.1,Context,Red,Write it\n4.2,Parties,Amber,List them\n\
                   4.3,Scope,Green,\n5.1,Leadership,Red,Brief board\n5.2,Policy,Amber,Approve\n";
        let mut tables = vec![csv_table(csv)];
        let inferred = infer_with("gap list.csv", csv, &Metadata::default(), &mut tables);
        assert_eq!(inferred.kind, Kind::RequirementsList);

        let yaml: Map<String, Value> = serde_json::from_str(
            &format!(
                "{{{}}}",
                (1..=12)
                    .map(|i| format!("\"AB{i}.1\": {{\"name\": \"Criterion {i}\", \"description\": \"The entity does {i}\"}}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        )
        .unwrap();
        let metadata = Metadata::default();
        let inferred = infer(
            &Input {
                path: "criteria.yml",
                format: Format::Yaml,
                metadata: &metadata,
                headings: &[],
                text: "",
                words: 0,
                structured: Some(&yaml),
                front_matter: None,
                phrases: None,
            },
            &mut [],
        );
        assert_eq!(inferred.kind, Kind::RequirementsList);
        // A control register with test results is evidence, not a list of requirements.
        let controls =
            "Control ID,Control,Owner,Frequency,Evidence,Result\nC1,MFA,Ann,Continuous,Okta,Pass\n";
        let mut tables = vec![csv_table(controls)];
        assert_ne!(
            infer_with("controls.csv", controls, &Metadata::default(), &mut tables).kind,
            Kind::RequirementsList
        );
    }

    #[test]
    fn non_ascii_text_never_panics() {
        let text = "Scenario name: “SCENARIO NAME” — “ÉTÉ NAME” [ÜBER NAME] <<é>> {{é}} « NAME » 日本 NAME\n";
        let _ = infer_text("x.md", text);
        let _ = infer_text("y.md", &"é[".repeat(1000));
        // Brackets that never close on a long line stay linear.
        let _ = infer_text("z.md", &"[<<{{<".repeat(200_000));
    }
}
