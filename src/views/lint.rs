//! Document quality before an auditor sees it (`iso20k lint`): a view over the evidence index.
//!
//! Every finding has a stable code ([`RULES`]), a severity, and the file and line it is about. The rules
//! reuse what the evidence index already knows (metadata and where each field came from, statements of
//! absence, kinds, dates) and read each document's text once, during the scan ([`analyse`]), for what
//! only the text shows: placeholders, links, document ids, vague wording, abbreviations and long
//! sentences. Nothing is judged against the catalogue here; that is the assessment's job.

use crate::evidence::{EvidenceIndex, EvidenceItem, Format, Kind, Source, Status};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Component, Path};

/// How serious a finding is. `--deny` fails a run on findings at or above a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A lint rule: its stable code, its severity and what it finds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub description: &'static str,
}

const fn rule(code: &'static str, severity: Severity, description: &'static str) -> Rule {
    Rule {
        code,
        severity,
        description,
    }
}

/// Every rule, in the order findings of one line are listed. Codes are stable: documented in the README
/// and never reused for another meaning.
pub const RULES: &[Rule] = &[
    rule(
        "draft",
        Severity::Warning,
        "A controlled document is still a draft",
    ),
    rule(
        "no-owner",
        Severity::Warning,
        "A controlled document names no owner",
    ),
    rule(
        "no-approver",
        Severity::Warning,
        "A controlled document that is not a draft records no approver",
    ),
    rule(
        "no-version",
        Severity::Warning,
        "A controlled document records no version",
    ),
    rule(
        "no-review-date",
        Severity::Warning,
        "A controlled document records no review date and no last review",
    ),
    rule(
        "review-overdue",
        Severity::Error,
        "A controlled document is past its review date (or more than a year past its last review or approval)",
    ),
    rule(
        "approval-outdated",
        Severity::Warning,
        "The approval is older than the version in force: the current version was not approved",
    ),
    rule(
        "broken-link",
        Severity::Error,
        "A relative link points at a file that does not exist",
    ),
    rule(
        "unknown-document-id",
        Severity::Warning,
        "A reference to a document id that no file in the folder carries",
    ),
    rule(
        "duplicate-document-id",
        Severity::Error,
        "The same document id on two files that are both in force",
    ),
    rule(
        "superseded-referenced",
        Severity::Warning,
        "A link or document id points at a superseded, retired or archived version",
    ),
    rule(
        "placeholder",
        Severity::Error,
        "A placeholder left unfilled outside a template",
    ),
    rule(
        "statement-of-absence",
        Severity::Warning,
        "The document says something does not exist yet (TBC, to be defined, planned for next year)",
    ),
    rule(
        "vague-wording",
        Severity::Warning,
        "Wording an auditor cannot hold anyone to (as appropriate, where possible; should in a policy)",
    ),
    rule(
        "undefined-abbreviation",
        Severity::Warning,
        "An abbreviation used without being spelled out anywhere in the document",
    ),
    rule(
        "long-sentence",
        Severity::Warning,
        "A sentence of more than 40 words",
    ),
];

/// The rule with this code, if any.
pub fn rule_of(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Words in a sentence above which it is reported as too long.
pub const LONG_SENTENCE_WORDS: usize = 40;

/// The most findings of one code reported for one file (placeholders, vague wording and the like can
/// repeat hundreds of times; the first ones are enough to act on).
pub const MAX_PER_CODE: usize = 20;

/// The most bytes of a Markdown file read again for its front matter.
const FRONT_MATTER_BYTES: u64 = 256 * 1024;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    /// The file, relative to the evidence folder, with `/` separators.
    pub path: String,
    /// 1-based line: of the file (Markdown, text), of the extracted text (Word, OpenDocument, PDF); 1 when
    /// the finding is about the file as a whole.
    pub line: usize,
    pub message: String,
}

/// The result of linting a folder.
#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    pub as_of: Date,
    /// Files in the evidence index.
    pub files: usize,
    /// Files linted as controlled documents (policies, procedures, plans, agreements, catalogues).
    pub documents: usize,
    /// Rule codes left out by `[lint] allow`.
    pub allowed: Vec<String>,
    /// Sorted by path, line and rule order.
    pub findings: Vec<Finding>,
}

impl LintReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether any finding is at or above `deny`.
    pub fn fails(&self, deny: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= deny)
    }

    /// How many distinct files have findings.
    pub fn files_with_findings(&self) -> usize {
        self.findings
            .iter()
            .map(|f| f.path.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// What the text of one file shows, read once during the scan.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Findings that need only this file's text.
    findings: Vec<Finding>,
    /// Relative link targets, resolved to folder paths (`None`: the link leaves the folder), with the
    /// link's line and its target as written.
    links: Vec<(usize, Option<String>, String)>,
    /// Tokens shaped like document ids (`ICT-PRO-021`), with their line.
    id_refs: Vec<(usize, String)>,
    /// The document's own id and the line stating it.
    own_id: Option<(String, usize)>,
    /// Front matter keys (as written, lower case) and their file lines.
    front_matter: HashMap<String, usize>,
}

/// Kinds held to document control (owner, approval, version, review).
fn is_controlled(item: &EvidenceItem) -> bool {
    matches!(
        item.kind,
        Kind::Policy | Kind::Procedure | Kind::Plan | Kind::Agreement | Kind::Catalogue
    ) && item.metadata.status != Some(Status::Retired)
}

/// A file meant to be a template: in a templates folder or named as one.
fn is_intended_template(path: &str) -> bool {
    path.to_lowercase()
        .split('/')
        .any(|part| part.contains("template") || part == "forms")
}

/// Whether the prose of this file is read for wording rules.
fn is_prose(item: &EvidenceItem) -> bool {
    is_controlled(item)
        && matches!(
            item.format,
            Format::Markdown | Format::Text | Format::Docx | Format::Odt | Format::Pdf
        )
}

/// Reads the text of one file (called by the scan with the item and its full text): placeholders,
/// vague wording, abbreviations, long sentences, links and document ids. `root` is the evidence folder,
/// from which a Markdown file's front matter is read again for the lines of its keys.
pub fn analyse(root: &Path, item: &EvidenceItem, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut offset = 0;
    if item.format == Format::Markdown
        && let Some(raw) = read_head(&root.join(&item.path))
    {
        let body = crate::evidence::markdown_body_line(&raw);
        offset = body - 1;
        facts.front_matter = front_matter_keys(&raw, body);
        facts.own_id = raw
            .lines()
            .enumerate()
            .take(body - 1)
            .find_map(|(number, line)| labelled_id(line).map(|id| (id, number + 1)));
    }
    // Tables and data carry no prose; retired versions are history, not in force: only their id counts.
    let data = matches!(
        item.format,
        Format::Csv | Format::Tsv | Format::Xlsx | Format::Ods | Format::Json | Format::Yaml
    );
    let retired = item.metadata.status == Some(Status::Retired);
    if data || retired {
        if facts.own_id.is_none() {
            facts.own_id = text
                .lines()
                .take(80)
                .enumerate()
                .find_map(|(number, line)| labelled_id(line).map(|id| (id, number + 1 + offset)));
        }
        if facts.own_id.is_none() {
            facts.own_id = own_id_from_name(&item.path);
        }
        return facts;
    }
    let line_of = |text_line: usize| text_line + offset;
    let path = item.path.as_str();
    let push = |facts: &mut FileFacts, code: &'static str, line: usize, message: String| {
        let count = facts.findings.iter().filter(|f| f.code == code).count();
        if count < MAX_PER_CODE {
            let severity = rule_of(code).map_or(Severity::Warning, |r| r.severity);
            facts.findings.push(Finding {
                code,
                severity,
                path: path.to_string(),
                line,
                message,
            });
        }
    };

    if !is_intended_template(path) && item.kind != Kind::RequirementsList {
        for (line, placeholder) in crate::evidence::placeholder_lines(text, MAX_PER_CODE) {
            push(
                &mut facts,
                "placeholder",
                line_of(line),
                format!("placeholder `{placeholder}` is still to be filled in"),
            );
        }
    }

    let prose = is_prose(item);
    let policy = item.kind == Kind::Policy;
    let mut fence = false;
    let mut first_use: BTreeMap<String, usize> = BTreeMap::new();
    let mut id_column: Option<usize> = None;
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for (number, raw_line) in text.lines().enumerate() {
        let line = line_of(number + 1);
        let trimmed = raw_line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || trimmed.is_empty() {
            continue;
        }
        let clean = strip_inline_code(trimmed);
        if item.format == Format::Markdown {
            for target in link_targets(&clean) {
                let resolved = resolve_link(path, &target);
                facts.links.push((line, resolved, target));
            }
        }
        if number < 80 && facts.own_id.is_none() {
            if let Some(id) = labelled_id(&clean) {
                facts.own_id = Some((id, line));
            } else if let Some(id) = id_column.and_then(|column| table_cell(&clean, column)) {
                facts.own_id = Some((id, line));
            }
            // A document-control table laid out horizontally: `| Document ID | Version | … |`, then
            // the values a row below.
            if clean.starts_with('|') && !clean.contains("---") {
                id_column = table_cells(&clean)
                    .iter()
                    .position(|cell| ID_LABELS.contains(&cell.to_ascii_lowercase().as_str()));
            }
        }
        for id in id_tokens(&clean) {
            facts.id_refs.push((line, id));
        }
        if !prose {
            continue;
        }
        let heading = trimmed.starts_with('#');
        let vague = vague_phrases(&clean, policy);
        if !vague.is_empty() && !heading {
            push(
                &mut facts,
                "vague-wording",
                line,
                format!(
                    "{}: wording that commits to nothing an auditor can check; say who does what, by when",
                    vague
                        .iter()
                        .map(|p| format!("\"{p}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        abbreviations(&clean, line, &mut first_use, &mut defined);
        if !heading && !trimmed.starts_with('|') {
            for words in long_sentences(&clean) {
                push(
                    &mut facts,
                    "long-sentence",
                    line,
                    format!(
                        "a sentence of {words} words (more than {LONG_SENTENCE_WORDS}); split it so each \
                         says one thing"
                    ),
                );
            }
        }
    }
    if facts.own_id.is_none() {
        facts.own_id = own_id_from_name(path);
    }
    let mut undefined: Vec<(usize, String)> = first_use
        .into_iter()
        .filter(|(abbr, _)| !defined.contains(abbr))
        .map(|(abbr, line)| (line, abbr))
        .collect();
    undefined.sort();
    for (line, abbr) in undefined {
        push(
            &mut facts,
            "undefined-abbreviation",
            line,
            format!("`{abbr}` is used but never spelled out in this document"),
        );
    }
    facts
}

/// Applies the rules that need the whole index (metadata, links and ids across files) and `[lint]
/// allow`. `facts` come from [`analyse`], in the index's item order.
pub fn lint(
    index: &EvidenceIndex,
    facts: &[FileFacts],
    as_of: Date,
    allow: &[String],
) -> LintReport {
    let mut findings = Vec::new();
    let empty = FileFacts::default();
    let fact = |i: usize| facts.get(i).unwrap_or(&empty);
    let by_path: HashMap<&str, &EvidenceItem> =
        index.items.iter().map(|i| (i.path.as_str(), i)).collect();

    // Document ids: who carries each, and which prefixes are in use.
    let mut carriers: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, _) in index.items.iter().enumerate() {
        if let Some((id, line)) = &fact(i).own_id {
            carriers.entry(id.as_str()).or_default().push((i, *line));
        }
    }
    let prefixes: BTreeSet<&str> = carriers.keys().map(|id| id_prefix(id)).collect();

    let mut documents = 0;
    for (i, item) in index.items.iter().enumerate() {
        let facts = fact(i);
        findings.extend(facts.findings.iter().cloned());
        let mut push = |code: &'static str, line: usize, message: String| {
            let severity = rule_of(code).map_or(Severity::Warning, |r| r.severity);
            findings.push(Finding {
                code,
                severity,
                path: item.path.clone(),
                line,
                message,
            });
        };
        if is_controlled(item) && !is_intended_template(&item.path) {
            documents += 1;
            metadata_rules(item, facts, as_of, &mut push);
        } else if claims_review(item) && !is_intended_template(&item.path) {
            // Not a policy or procedure, but it records when it was (or is to be) reviewed: hold it
            // to that.
            review_rules(item, facts, as_of, &mut push);
        }
        if item.metadata.status != Some(Status::Retired)
            && !matches!(
                item.kind,
                Kind::Record | Kind::Minutes | Kind::Invitation | Kind::RequirementsList
            )
            && !is_intended_template(&item.path)
        {
            for absence in item.absences.iter().take(MAX_PER_CODE) {
                push(
                    "statement-of-absence",
                    absence.line,
                    format!(
                        "says \"{}\": not in place yet (\"{}\")",
                        absence.text, absence.excerpt
                    ),
                );
            }
        }
        // Links.
        for (line, resolved, written) in &facts.links {
            let Some(target) = resolved else { continue };
            match by_path.get(target.as_str()) {
                Some(linked) if linked.metadata.status == Some(Status::Retired) => push(
                    "superseded-referenced",
                    *line,
                    format!("links to `{written}`, which is {}", retired_why(linked)),
                ),
                Some(_) => {}
                None => {
                    if !index.root.join(target).exists() {
                        push(
                            "broken-link",
                            *line,
                            format!("links to `{written}`, which does not exist in the folder"),
                        );
                    }
                }
            }
        }
        // Document ids.
        let own = facts.own_id.as_ref().map(|(id, _)| id.as_str());
        let mut seen = BTreeSet::new();
        for (line, id) in &facts.id_refs {
            if Some(id.as_str()) == own || !prefixes.contains(id_prefix(id)) || !seen.insert(id) {
                continue;
            }
            match carriers.get(id.as_str()) {
                None => push(
                    "unknown-document-id",
                    *line,
                    format!("refers to `{id}`, but no file in the folder carries that document id"),
                ),
                Some(holders)
                    if item.metadata.status != Some(Status::Retired)
                        && holders.iter().all(|(h, _)| {
                            index.items[*h].metadata.status == Some(Status::Retired)
                        }) =>
                {
                    let holder = &index.items[holders[0].0];
                    push(
                        "superseded-referenced",
                        *line,
                        format!(
                            "refers to `{id}`, whose only copy `{}` is {}",
                            holder.path,
                            retired_why(holder)
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
    // The same id on two files in force.
    for (id, holders) in &carriers {
        let live: Vec<&(usize, usize)> = holders
            .iter()
            .filter(|(h, _)| index.items[*h].metadata.status != Some(Status::Retired))
            .collect();
        if live.len() < 2 {
            continue;
        }
        for (h, line) in &live {
            let others: Vec<String> = live
                .iter()
                .filter(|(o, _)| o != h)
                .map(|(o, _)| format!("`{}`", index.items[*o].path))
                .collect();
            findings.push(Finding {
                code: "duplicate-document-id",
                severity: Severity::Error,
                path: index.items[*h].path.clone(),
                line: *line,
                message: format!(
                    "document id `{id}` is also carried by {}; retire one or give it its own id",
                    others.join(", ")
                ),
            });
        }
    }
    findings.retain(|f| !allow.iter().any(|a| a == f.code));
    let order = |code: &str| RULES.iter().position(|r| r.code == code).unwrap_or(0);
    findings.sort_by(|a, b| {
        (a.path.as_str(), a.line, order(a.code), a.message.as_str()).cmp(&(
            b.path.as_str(),
            b.line,
            order(b.code),
            b.message.as_str(),
        ))
    });
    findings.dedup();
    let mut allowed = allow.to_vec();
    allowed.sort();
    allowed.dedup();
    LintReport {
        as_of,
        files: index.items.len(),
        documents,
        allowed,
        findings,
    }
}

/// Owner, approver, version, review and approval rules of one controlled document.
fn metadata_rules(
    item: &EvidenceItem,
    facts: &FileFacts,
    as_of: Date,
    push: &mut impl FnMut(&'static str, usize, String),
) {
    let m = &item.metadata;
    let line = |field: &str| field_line(item, facts, field);
    let kind = item.kind.name();
    if m.status == Some(Status::Draft) {
        push(
            "draft",
            line("status"),
            format!("this {kind} is still a draft: approve it, or keep it out of the live folder"),
        );
    }
    if m.owner.is_none() {
        push(
            "no-owner",
            1,
            format!("this {kind} names no owner (front matter `owner:` or an `Owner:` line)"),
        );
    }
    if m.status != Some(Status::Draft) && m.approved_by.is_none() {
        push(
            "no-approver",
            line("status").max(1),
            format!("this {kind} records no approver (`approved_by:` or an `Approved by:` line)"),
        );
    }
    if m.version.is_none() {
        push(
            "no-version",
            1,
            format!("this {kind} records no version (`version:` or a `Version:` line)"),
        );
    }
    review_rules(item, facts, as_of, push);
    // The latest revision row dates the version in force; a header's `Effective:` date is only when an
    // approved version takes effect, often after its approval, and proves nothing.
    let from_revision = item.metadata_sources.iter().any(|s| {
        s.field == "effective"
            && s.at
                .as_deref()
                .is_some_and(|a| a.starts_with("revision history"))
    });
    if let (Some(approved), Some(effective)) = (m.approved_on, m.effective)
        && from_revision
        && approved < effective
    {
        push(
            "approval-outdated",
            line("approved_on"),
            format!(
                "approved on {approved}, but the latest revision{} is dated {effective}: the version in \
                 force has no recorded approval",
                m.version
                    .as_deref()
                    .map(|v| format!(" ({v})"))
                    .unwrap_or_default()
            ),
        );
    }
}

/// Whether a file that is not a controlled document still records its review (a handbook page with
/// `Last reviewed:`, a report with a next review).
fn claims_review(item: &EvidenceItem) -> bool {
    let m = &item.metadata;
    (m.review_due.is_some() || m.last_reviewed.is_some())
        && m.status != Some(Status::Retired)
        && !matches!(
            item.kind,
            Kind::Record
                | Kind::Minutes
                | Kind::Invitation
                | Kind::RequirementsList
                | Kind::Template
        )
}

/// `review-overdue` and `no-review-date`.
fn review_rules(
    item: &EvidenceItem,
    facts: &FileFacts,
    as_of: Date,
    push: &mut impl FnMut(&'static str, usize, String),
) {
    let m = &item.metadata;
    let line = |field: &str| field_line(item, facts, field);
    let kind = item.kind.name();
    match m.review_due {
        Some(due) if due < as_of => push(
            "review-overdue",
            line("review_due"),
            format!("review was due on {due}, before {as_of}"),
        ),
        Some(_) => {}
        None => {
            if m.last_reviewed.is_none() {
                push(
                    "no-review-date",
                    1,
                    format!(
                        "this {kind} records no review date and no last review (`review_due:` or a \
                         `Next review:` line)"
                    ),
                );
            }
            let last = [m.last_reviewed, m.approved_on].into_iter().flatten().max();
            if let Some(last) = last
                && last
                    .checked_add(jiff::Span::new().years(1))
                    .is_ok_and(|d| d < as_of)
            {
                let field = if m.last_reviewed == Some(last) {
                    "last_reviewed"
                } else {
                    "approved_on"
                };
                push(
                    "review-overdue",
                    line(field),
                    format!(
                        "no review date, and the last review or approval ({last}) is more than a year \
                         before {as_of}"
                    ),
                );
            }
        }
    }
}

/// Why a file counts as retired, for messages.
fn retired_why(item: &EvidenceItem) -> &'static str {
    let from_folder = item.metadata_sources.iter().any(|s| {
        s.field == "status"
            && s.source == Source::Derived
            && s.at.as_deref().is_some_and(|a| a.starts_with("folder"))
    });
    if from_folder {
        "in an archive folder"
    } else {
        "superseded or retired"
    }
}

/// The line a metadata field was read from: `line N` of its source, the line of its front matter key,
/// else 1.
fn field_line(item: &EvidenceItem, facts: &FileFacts, field: &str) -> usize {
    let Some(source) = item.metadata_sources.iter().find(|s| s.field == field) else {
        return 1;
    };
    let Some(at) = source.at.as_deref() else {
        return 1;
    };
    if let Some(key) = at
        .strip_prefix("front matter key \"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return facts
            .front_matter
            .get(&key.to_lowercase())
            .copied()
            .unwrap_or(1);
    }
    at.rfind("line ")
        .map(|i| &at[i + 5..])
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or(1)
}

/// The first bytes of a file (enough for any front matter), as text.
fn read_head(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(FRONT_MATTER_BYTES).read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.trim_start_matches('\u{feff}').to_string())
}

/// Top-level front matter keys (lower case) and their file lines; `body` is the body's first line.
fn front_matter_keys(raw: &str, body: usize) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    if body <= 1 {
        return keys;
    }
    for (number, line) in raw.lines().enumerate().take(body - 1).skip(1) {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        if let Some(i) = line.find([':', '=']) {
            let key = line[..i].trim().trim_matches('"').to_lowercase();
            if !key.is_empty() {
                keys.entry(key).or_insert(number + 1);
            }
        }
    }
    keys
}

/// `ICT-PRO-021 Change Procedure v2.0.pdf` → `ICT-PRO-021`: a file name that starts with a document id.
fn own_id_from_name(path: &str) -> Option<(String, usize)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let first = name.split([' ', '_']).next()?;
    let first = first.split('.').next()?;
    is_document_id(first).then(|| (first.to_string(), 1))
}

/// Labels that state a document's own id.
const ID_LABELS: &[&str] = &[
    "document id",
    "doc id",
    "document_id",
    "doc_id",
    "document no",
    "document number",
    "document_number",
    "document ref",
    "document reference",
    "doc ref",
    "document_ref",
];

/// `Document ID: BW-PRO-015`, `| Document ID | BW-GOV-007 |`, `document_id: HIT-SMS-010` (front matter),
/// `… Document ID BW-AGR-012, version 2.0 …` inside a sentence.
fn labelled_id(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    ID_LABELS.iter().find_map(|label| {
        let at = lower.find(label)?;
        if lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let rest = line.get(at + label.len()..)?;
        let rest = rest
            .trim_start_matches(|c: char| matches!(c, ':' | '=' | '|' | '*') || c.is_whitespace());
        let value = rest.split_whitespace().next()?.trim_matches(|c: char| {
            matches!(c, '"' | '\'' | ',' | ';' | '.' | ')' | '(' | '|' | '*')
        });
        is_document_id(value).then(|| value.to_string())
    })
}

/// The cells of a `| a | b |` table row, trimmed, emphasis removed.
fn table_cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|cell| cell.trim().trim_matches('*').trim().to_string())
        .collect()
}

/// Cell `column` of a table row, when it holds a document id.
fn table_cell(line: &str, column: usize) -> Option<String> {
    if !line.starts_with('|') {
        return None;
    }
    table_cells(line)
        .get(column)
        .filter(|cell| is_document_id(cell))
        .cloned()
}

/// `ICT-PRO-021`, `BW-GOV-007`: capital letters in one or more hyphenated groups, then a number of at
/// least two digits.
fn is_document_id(token: &str) -> bool {
    let mut parts: Vec<&str> = token.split('-').collect();
    if parts.len() < 2 {
        return false;
    }
    let number = parts.pop().unwrap_or_default();
    number.len() >= 2
        && number.len() <= 6
        && number.bytes().all(|b| b.is_ascii_digit())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_uppercase()))
}

/// `ICT-PRO-021` → `ICT-PRO-`: references are checked only against prefixes some file uses as its id.
fn id_prefix(id: &str) -> &str {
    match id.rfind('-') {
        Some(i) => &id[..=i],
        None => id,
    }
}

/// Tokens of a line shaped like document ids.
fn id_tokens(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| is_document_id(t))
        .map(str::to_string)
        .collect()
}

/// A line without its inline code spans.
fn strip_inline_code(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut code = false;
    for c in line.chars() {
        if c == '`' {
            code = !code;
            continue;
        }
        if !code {
            out.push(c);
        }
    }
    out
}

/// The targets of Markdown links and images on a line (`[text](target "title")`, `[label]: target`)
/// that are relative paths: no scheme, no anchor-only link.
fn link_targets(line: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        targets.push(after[..end].to_string());
        rest = &after[end..];
    }
    // A reference definition: `[label]: target`.
    if line.starts_with('[')
        && let Some(i) = line.find("]:")
    {
        targets.push(line[i + 2..].trim().to_string());
    }
    targets
        .into_iter()
        .filter_map(|t| {
            let t = t.trim().trim_start_matches('<');
            let t = t.split([' ', '>']).next().unwrap_or_default();
            let t = t.split(['#', '?']).next().unwrap_or_default();
            let lower = t.to_ascii_lowercase();
            let external = lower.contains("://")
                || lower.starts_with("mailto:")
                || lower.starts_with("tel:")
                || lower.starts_with("data:")
                || lower.starts_with('/')
                || lower.starts_with("{{")
                || lower.starts_with("{%");
            (!t.is_empty() && !external).then(|| percent_decode(t))
        })
        .collect()
}

/// `a%20b.md` → `a b.md`.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A link target relative to the file at `from`, as a folder path (`None` when it leaves the folder).
fn resolve_link(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for component in Path::new(target).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    let joined = parts.join("/");
    (!joined.is_empty()).then_some(joined)
}

/// Phrases an auditor cannot hold anyone to.
const VAGUE: &[&str] = &[
    "as appropriate",
    "where appropriate",
    "where possible",
    "if possible",
    "as far as possible",
    "where practicable",
    "as far as practicable",
    "as required",
    "as necessary",
    "where necessary",
    "if necessary",
    "as needed",
    "reasonable efforts",
    "best efforts",
    "in a timely manner",
    "from time to time",
];

/// The vague phrases of a line, and `should` in a policy (where the organisation commits, not advises).
fn vague_phrases(line: &str, policy: bool) -> Vec<&'static str> {
    let lower = line.to_lowercase();
    let mut found: Vec<&'static str> = VAGUE
        .iter()
        .copied()
        .filter(|p| contains_words(&lower, p))
        .collect();
    if policy && contains_words(&lower, "should") {
        found.push("should");
    }
    found
}

/// Whether `phrase` occurs in `text` between word boundaries.
fn contains_words(text: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(i) = text[from..].find(phrase) {
        let start = from + i;
        let end = start + phrase.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = end;
    }
    false
}

/// Abbreviations everyone reads without a definition.
const COMMON: &[&str] = &[
    "IT",
    "ICT",
    "UK",
    "US",
    "USA",
    "EU",
    "ISO",
    "IEC",
    "PDF",
    "CSV",
    "URL",
    "HTML",
    "ID",
    "OK",
    "FAQ",
    "CEO",
    "CFO",
    "CTO",
    "CIO",
    "COO",
    "HR",
    "AM",
    "PM",
    "UTC",
    "GMT",
    "BST",
    "TBC",
    "TBD",
    "TBA",
    "TODO",
    "NA",
    "DRAFT",
    "FINAL",
    "OFFICIAL",
    "SENSITIVE",
    "NOTE",
    "AND",
    "OR",
    "NOT",
    "FOR",
    "THE",
    "PC",
    "USB",
    "IP",
    "DNS",
    "API",
    "VAT",
    "LTD",
    "PLC",
    "LLP",
    "CC",
    "BCC",
    "RE",
    "FW",
    "FYI",
    "NB",
    "VS",
    "II",
    "III",
    "IV",
    "VI",
    "VII",
    "VIII",
    "IX",
    "XI",
    "XII",
    "MB",
    "GB",
    "TB",
    "KB",
    "CPU",
    "RAM",
    "SQL",
];

/// Records abbreviations used on a line (first use) and those it spells out: `Service Level Agreement
/// (SLA)`, `SLA (service level agreement)`, `SLA: service level agreement`, `| SLA | … |`.
fn abbreviations(
    line: &str,
    number: usize,
    first_use: &mut BTreeMap<String, usize>,
    defined: &mut BTreeSet<String>,
) {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().filter(|c| c.is_uppercase()).count();
    // A line in capitals (a banner, a heading) is no use of an abbreviation.
    let shouting = letters.len() >= 8 && capitals * 10 >= letters.len() * 7;
    let mut all: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let word = c.is_alphanumeric() || c == '&';
        match (start, word) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                all.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    for (start, token) in all {
        let abbr = token
            .strip_suffix('s')
            .filter(|t| is_abbreviation(t))
            .unwrap_or(token);
        if !is_abbreviation(abbr) || COMMON.contains(&abbr) {
            continue;
        }
        let (next, prev) = (
            line[start + token.len()..].chars().next(),
            line[..start].chars().next_back(),
        );
        // Part of an identifier (`BW-PRO-007`, `ICT_GOV`, `a/B`), a path or a code: not prose.
        if matches!(next, Some('-' | '_' | '/' | '.' | '@'))
            && line[start + token.len() + 1..].starts_with(|c: char| c.is_alphanumeric())
            || matches!(prev, Some('-' | '_' | '/' | '.' | '@'))
        {
            continue;
        }
        let before = line[..start].trim_end();
        let after = line[start + token.len()..].trim_start();
        let spelled = (before.ends_with('(') && after.starts_with(')'))
            || (after.starts_with('(')
                && after[1..].chars().next().is_some_and(char::is_alphabetic)
                && after[1..]
                    .split(')')
                    .next()
                    .is_some_and(|inner| inner.split_whitespace().count() >= 2))
            || ((before.is_empty() || before == "|" || before == "-" || before == "*")
                && (after.starts_with(':')
                    || after.starts_with('|')
                    || after.starts_with('–')
                    || after.starts_with('—')
                    || after.starts_with("- ")
                    || after.starts_with('=')));
        if spelled {
            defined.insert(abbr.to_string());
        } else if !shouting {
            first_use.entry(abbr.to_string()).or_insert(number);
        }
    }
}

/// Two to six capital letters (`&` allowed): `SLA`, `ITSCM`, `R&D`; `P1` and `MAN1` are not.
fn is_abbreviation(token: &str) -> bool {
    let len = token.chars().count();
    (2..=6).contains(&len)
        && token.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && token.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && token.chars().all(|c| c.is_ascii_uppercase() || c == '&')
}

/// The word counts of the sentences on a line longer than [`LONG_SENTENCE_WORDS`].
fn long_sentences(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut words = 0;
    for word in line.split_whitespace() {
        words += 1;
        if word.ends_with(['.', '?', '!']) && !word.ends_with("e.g.") && !word.ends_with("i.e.") {
            if words > LONG_SENTENCE_WORDS {
                out.push(words);
            }
            words = 0;
        }
    }
    if words > LONG_SENTENCE_WORDS {
        out.push(words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_ids() {
        assert!(is_document_id("ICT-PRO-021"));
        assert!(is_document_id("BW-GOV-007"));
        assert!(!is_document_id("ICT-R03"));
        assert!(!is_document_id("iso-2018"));
        assert!(!is_document_id("P1"));
        assert_eq!(id_prefix("ICT-PRO-021"), "ICT-PRO-");
        assert_eq!(
            labelled_id("| Document ID | BW-GOV-007 |").as_deref(),
            Some("BW-GOV-007")
        );
        assert_eq!(
            labelled_id("**Document ID:** LUM-SMS-003").as_deref(),
            Some("LUM-SMS-003")
        );
        assert_eq!(
            own_id_from_name("02 Policies/ICT-POL-001 Service Management Policy v1.0.odt"),
            Some(("ICT-POL-001".to_string(), 1))
        );
        assert_eq!(
            id_tokens("see BW-PRO-001 to BW-PRO-007, and INC-2026-0418."),
            ["BW-PRO-001", "BW-PRO-007"],
            "a ticket numbered by year is no document id"
        );
    }

    #[test]
    fn links() {
        assert_eq!(
            link_targets(
                "See [the policy](../02%20Policies/Policy.md#scope) and [site](https://x.org)."
            ),
            ["../02 Policies/Policy.md"]
        );
        assert_eq!(link_targets("[ref]: ./a.md \"Title\""), ["./a.md"]);
        assert_eq!(link_targets("[top](#top)"), Vec::<String>::new());
        assert_eq!(
            resolve_link("03 Processes/Change.md", "../02 Policies/Policy.md").as_deref(),
            Some("02 Policies/Policy.md")
        );
        assert_eq!(resolve_link("a.md", "../../etc/passwd"), None);
    }

    #[test]
    fn wording() {
        assert_eq!(
            vague_phrases("Changes are reviewed as appropriate.", false),
            ["as appropriate"]
        );
        assert_eq!(vague_phrases("Staff should report it.", true), ["should"]);
        assert!(vague_phrases("Staff should report it.", false).is_empty());
        assert!(vague_phrases("unshouldered", true).is_empty());
        let long = vec!["word"; 45].join(" ") + ". Short one.";
        assert_eq!(long_sentences(&long), [45]);
        assert!(long_sentences("A short sentence. Another.").is_empty());
    }

    #[test]
    fn abbreviations_spelled_out_or_not() {
        let mut first = BTreeMap::new();
        let mut defined = BTreeSet::new();
        abbreviations("The CAB meets weekly.", 3, &mut first, &mut defined);
        abbreviations(
            "Service Level Agreement (SLA) terms apply to SLAs.",
            4,
            &mut first,
            &mut defined,
        );
        abbreviations(
            "ITSCM (IT service continuity management) is tested.",
            5,
            &mut first,
            &mut defined,
        );
        abbreviations(
            "| RTO | recovery time objective |",
            6,
            &mut first,
            &mut defined,
        );
        abbreviations(
            "OFFICIAL SENSITIVE COMMERCIAL HEADER",
            7,
            &mut first,
            &mut defined,
        );
        assert_eq!(first.get("CAB"), Some(&3));
        assert!(defined.contains("SLA"));
        assert!(defined.contains("ITSCM"));
        assert!(defined.contains("RTO"));
        assert!(!first.contains_key("COMMERCIAL"));
    }

    proptest::proptest! {
        /// Whatever a document says, reading it never panics and a resolved link never leaves the
        /// folder.
        #[test]
        fn any_line_is_safe(line in "\\PC{0,80}", from in "[a-z]{1,4}(/[a-z]{1,4}){0,3}\\.md") {
            let mut first = BTreeMap::new();
            let mut defined = BTreeSet::new();
            abbreviations(&line, 1, &mut first, &mut defined);
            let _ = labelled_id(&line);
            let _ = id_tokens(&line);
            let _ = vague_phrases(&line, true);
            let _ = long_sentences(&line);
            for target in link_targets(&line) {
                if let Some(path) = resolve_link(&from, &target) {
                    proptest::prop_assert!(!path.split('/').any(|part| part == ".." || part.is_empty()));
                }
            }
        }
    }

    #[test]
    fn front_matter_lines() {
        let raw = "---\ntitle: A\nreview_due: 2026-01-01\ncovers:\n  - x\n---\n# A\n";
        let keys = front_matter_keys(raw, crate::evidence::markdown_body_line(raw));
        assert_eq!(keys.get("review_due"), Some(&3));
        assert_eq!(keys.get("covers"), Some(&4));
        assert!(!keys.contains_key("  - x"));
    }
}
