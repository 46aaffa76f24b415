//! Judging each requirement from the evidence that matches it, with the reasons written out.
//!
//! The rules, each with a stable code used in the reasons:
//!
//! - a **document** requirement is `conformant` when a matching document is approved, within its review
//!   date and holds every element the catalogue lists; `partial` when it is a draft, has no recorded
//!   status or review date, is overdue for review or lacks elements; `gap` when nothing matches;
//! - a **record** requirement needs a record dated within the catalogue's freshness window: stale or
//!   undated records give `partial`, none give `gap`;
//! - an **activity** needs both its documented way of working and records showing it is done (fresh, where
//!   the catalogue sets a window): one of the two gives `partial`, neither gives `gap`.
//!
//! Files that are not evidence of conformity (unfilled templates, empty files, retired versions, lists of
//! the standard's requirements, files whose name promises more than they hold) are set aside, and the
//! reasons say so.

use super::matcher::{DocumentMatches, Matcher, PatternSet, RequirementPatterns};
use super::model::{Band, Basis, EvidenceRef, Reason, Role, SetAside, Status};
use crate::catalogue::{Catalogue, ClauseNumber, DocType, Kind, Requirement};
use crate::evidence::{EvidenceIndex, EvidenceItem, Format, Status as DocStatus};
use jiff::ToSpan;
use jiff::civil::Date;
use rayon::prelude::*;

/// Documents with no review date of their own are due a year after their last review or approval.
const DEFAULT_REVIEW_MONTHS: i64 = 12;
/// Fewer words than this is no document at all.
const NEAR_EMPTY_WORDS: usize = 20;
/// A file mentioning this many clause numbers, with little text around them, is a list of requirements.
const REQUIREMENT_LIST_CLAUSES: usize = 25;
/// A file named like the evidence but holding fewer words than this, and almost none of the expected
/// content, promises more than it holds.
const THIN_WORDS: usize = 120;

/// [`Evidence::may_infer`]'s marks of a file: how many keywords it holds (up to this), and whether its
/// title or its headings hold a topic or a title hint.
const KEYWORD_COUNT: u16 = 0x3fff;
const TITLE_MARK: u16 = 0x8000;
const HEADING_MARK: u16 = 0x4000;

/// What judging one requirement found.
pub(super) struct Judgement {
    pub status: Status,
    pub reasons: Vec<Reason>,
    pub evidence: Vec<EvidenceRef>,
    /// True when the evidence exists but has lapsed (overdue review, stale records).
    pub lapsed: bool,
}

/// The evidence, screened and indexed for judging.
pub(super) struct Evidence<'a> {
    pub index: &'a EvidenceIndex,
    pub matches: &'a [DocumentMatches],
    pub matcher: &'a Matcher,
    /// Why each file is not evidence at all, if it is not.
    pub set_aside: Vec<Option<String>>,
    /// For each requirement (catalogue order), the files that declare it.
    pub declared: Vec<Vec<usize>>,
    /// For each requirement, the files that declare it in an earlier edition's terms, with the claim
    /// (`2011:9.2`), understood through the mapping.
    declared_via: Vec<Vec<(usize, String)>>,
    /// For each pattern id, the files whose text, title or headings hold it (an inverted index, so
    /// inference only looks at files sharing a phrase with the requirement; compact, see [`Holding`]).
    by_pattern: Holding,
    /// For each pattern id, the files whose title or file name holds it.
    by_title: Holding,
    /// For each pattern id, the files whose headings hold it.
    by_heading: Holding,
    /// For each process area, the files holding a record series of it (built once, not per requirement).
    by_process: std::collections::HashMap<&'static str, Vec<usize>>,
    /// For each file, the clauses (2018 numbers) whose subject its title or file name names.
    title_clauses: Vec<Vec<String>>,
    /// For each file, its sections headed by the document's own title: they head the whole document, so
    /// they are no section about a subject (normalised once here, not per requirement).
    title_sections: Vec<Vec<u32>>,
    /// For each file, its title normalised as a phrase (once here, not per requirement).
    titles: Vec<String>,
    /// For each file, its path, shared by every citation of it (the assessment cites a file many times).
    pub paths: Vec<std::sync::Arc<str>>,
    /// The first controlled page stating the folder's rule that a reviewer approves every change to a
    /// document (a handbook in git with branch protection): pages kept under it are approved by review.
    review_rule: Option<usize>,
    pub as_of: Date,
}

impl<'a> Evidence<'a> {
    pub fn new(
        catalogue: &Catalogue,
        index: &'a EvidenceIndex,
        matches: &'a [DocumentMatches],
        matcher: &'a Matcher,
        as_of: Date,
        earlier: Option<&super::Earlier<'_>>,
    ) -> (Evidence<'a>, Vec<crate::evidence::Warning>) {
        // Files the evidence index already found to be unfilled templates (from their metadata).
        let templates: std::collections::HashSet<&str> = index
            .warnings
            .iter()
            .filter(|w| w.message.contains("unfilled template"))
            .map(|w| w.path.as_str())
            .collect();
        let superseded = superseded_versions(&index.items);
        let set_aside: Vec<Option<String>> = index
            .items
            .par_iter()
            .zip(matches)
            .zip(superseded)
            .map(|((item, found), newer)| {
                screen(item, found, templates.contains(item.path.as_str()), as_of).or(newer)
            })
            .collect();
        let mut declared = vec![Vec::new(); catalogue.requirements.len()];
        let mut declared_via = vec![Vec::new(); catalogue.requirements.len()];
        let mut warnings = Vec::new();
        for (i, item) in index.items.iter().enumerate() {
            for claim in &item.metadata.declares {
                let (targets, via) = resolve_claim(catalogue, earlier, claim);
                if via {
                    for &target in &targets {
                        declared_via[target].push((i, claim.clone()));
                    }
                }
                if targets.is_empty() {
                    let message = if via {
                        format!(
                            "declares `{claim}`, which has no counterpart in the {} catalogue (the edition mapping \
                             drops it), so it is evidence for nothing here",
                            catalogue.name()
                        )
                    } else {
                        format!(
                            "declares `{claim}`, which is neither a requirement id nor a clause of the {} catalogue",
                            catalogue.name()
                        )
                    };
                    warnings.push(crate::evidence::Warning {
                        path: item.path.clone(),
                        message,
                    });
                }
                for target in targets {
                    // Items come in ascending order, so each list stays sorted and a repeat is the last one.
                    if declared[target].last() != Some(&i) {
                        declared[target].push(i);
                    }
                }
            }
        }
        let mut by_process: std::collections::HashMap<&'static str, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, item) in index.items.iter().enumerate() {
            for process in item
                .tables
                .iter()
                .filter_map(|t| t.series.as_ref())
                .flat_map(|s| s.process.into_iter().chain(s.also.iter().copied()))
            {
                // The records of an operational process (clause 8) are records of operation under
                // control (8.1) and of services delivered (8.2.1); a deployment is a change carried out.
                let operational = !SUPPORTING.contains(&process);
                let also = if process == RELEASE { CHANGE } else { process };
                for process in [process, also]
                    .into_iter()
                    .chain(operational.then_some(OPERATION))
                {
                    let files = by_process.entry(process).or_default();
                    if files.last() != Some(&i) {
                        files.push(i);
                    }
                }
            }
        }
        let (by_pattern, (by_title, by_heading)) = rayon::join(
            || {
                files_holding(matches, |found| {
                    found
                        .text
                        .iter()
                        .chain(found.title.iter())
                        .chain(found.headings.iter())
                })
            },
            || {
                (
                    files_holding(matches, |found| found.title.iter()),
                    files_holding(matches, |found| found.headings.iter()),
                )
            },
        );
        let mut title_clauses: Vec<Vec<String>> = vec![Vec::new(); index.items.len()];
        for (requirement, patterns) in catalogue.requirements.iter().zip(&matcher.requirements) {
            let clause = requirement.clause.to_string();
            for id in &patterns.topics {
                // The files whose title holds the topic (those of `by_pattern` whose title set holds it).
                for i in by_title.get(*id as usize).unwrap_or_default() {
                    let i = i as usize;
                    if !title_clauses[i].contains(&clause) {
                        title_clauses[i].push(clause.clone());
                    }
                }
            }
        }
        let title_sections = index
            .items
            .par_iter()
            .map(|item| {
                // Dashes of any width: "Operational Level Agreement – Service Desk" heads a document
                // titled "Operational Level Agreement - Service Desk".
                let plain = |text: &str| {
                    crate::catalogue::normalise_phrase(&text.replace(['\u{2013}', '\u{2014}'], "-"))
                };
                let title = plain(&item.title);
                (0..item.sections.len() as u32)
                    .filter(|&k| plain(&item.sections[k as usize].heading) == title)
                    .collect()
            })
            .collect();
        let titles = index
            .items
            .par_iter()
            .map(|item| crate::catalogue::normalise_phrase(&item.title))
            .collect();
        let review_rule =
            index
                .items
                .iter()
                .zip(matches)
                .enumerate()
                .position(|(i, (item, found))| {
                    set_aside[i].is_none()
                        && (item.metadata.status == Some(DocStatus::Approved)
                            || controlled(item, as_of))
                        && !is_record_like(item)
                        && found.text.any(&matcher.approval_by_review)
                });
        let paths = index
            .items
            .iter()
            .map(|item| std::sync::Arc::from(item.path.as_str()))
            .collect();
        (
            Evidence {
                index,
                matches,
                matcher,
                set_aside,
                declared,
                declared_via,
                by_pattern,
                by_title,
                by_heading,
                by_process,
                title_clauses,
                title_sections,
                titles,
                paths,
                review_rule,
                as_of,
            },
            warnings,
        )
    }

    /// Files set aside, with their reasons.
    pub fn set_aside_list(&self) -> Vec<SetAside> {
        self.index
            .items
            .iter()
            .zip(&self.set_aside)
            .filter_map(|(item, reason)| {
                reason.as_ref().map(|reason| SetAside {
                    path: item.path.clone(),
                    reason: reason.clone(),
                })
            })
            .collect()
    }
}

/// The requirements a declaration names, and whether it was made in an earlier edition's terms. A claim
/// prefixed with an edition (`2011:9.2-change-policy`, `2011:9.2`) is resolved in that edition and carried
/// over through the mapping; `2018:` and plain claims name the assessed edition.
fn resolve_claim(
    catalogue: &Catalogue,
    earlier: Option<&super::Earlier<'_>>,
    claim: &str,
) -> (Vec<usize>, bool) {
    let Some((edition, rest)) = claim.trim().split_once(':') else {
        return (declared_targets(catalogue, claim), false);
    };
    if edition == catalogue.header.edition {
        return (declared_targets(catalogue, rest), false);
    }
    let Some(earlier) = earlier.filter(|e| e.catalogue.header.edition == edition) else {
        return (Vec::new(), false);
    };
    let in_earlier = declared_targets(earlier.catalogue, rest);
    if in_earlier.is_empty() {
        return (Vec::new(), false);
    }
    let mut targets: Vec<usize> = in_earlier
        .into_iter()
        .flat_map(|i| {
            earlier
                .mapping
                .targets(&earlier.catalogue.requirements[i].id)
                .to_vec()
        })
        .filter_map(|id| catalogue.requirements.iter().position(|r| r.id == id))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    (targets, true)
}

/// The requirements a declaration names: an exact id, or every requirement within a clause.
fn declared_targets(catalogue: &Catalogue, claim: &str) -> Vec<usize> {
    let claim = claim.trim();
    if let Some(i) = catalogue.requirements.iter().position(|r| r.id == claim) {
        return vec![i];
    }
    match claim.parse::<crate::catalogue::ClauseNumber>() {
        Ok(clause) if catalogue.clause(&clause).is_some() => catalogue
            .requirements
            .iter()
            .enumerate()
            .filter(|(_, r)| r.clause.is_within(&clause))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    }
}

/// Why a file is not evidence of conformity at all, if it is not.
fn screen(
    item: &EvidenceItem,
    found: &DocumentMatches,
    template_warning: bool,
    as_of: Date,
) -> Option<String> {
    if item.metadata.status == Some(DocStatus::Retired) {
        return Some(
            "a retired or superseded version (status: retired), no longer in force".to_string(),
        );
    }
    // A plan, agreement or policy for years that are over is no longer in force, whatever its status
    // says; records are judged by their dates instead.
    let name = format!(
        "{} {}",
        item.title,
        item.path.rsplit('/').next().unwrap_or_default()
    );
    if let Some((first, last)) = crate::evidence::years_in_name(&name)
        && !is_record_like(item)
        && jiff::civil::date(last, 12, 31) < as_of
    {
        return Some(format!(
            "its name says it covers {first}–{last}, a period that ended before the as-of date {as_of}"
        ));
    }
    if let Some(template) = &item.template {
        return Some(template.reason.clone());
    }
    if template_warning {
        return Some(
            "an unfilled template (placeholder values in its metadata, such as `<insert …>`)"
                .to_string(),
        );
    }
    if item.kind == crate::evidence::Kind::RequirementsList {
        let why = item
            .kind_signals
            .last()
            .map(|s| format!(" ({})", s.detail))
            .unwrap_or_default();
        return Some(format!(
            "a list of requirements{why}, not evidence that they are met"
        ));
    }
    let rows: usize = item.tables.iter().map(|t| t.rows).sum();
    if item.bytes == 0 {
        return Some("an empty file".to_string());
    }
    if item.words < NEAR_EMPTY_WORDS && rows == 0 {
        return Some(format!(
            "near-empty ({} word{} of text)",
            item.words,
            if item.words == 1 { "" } else { "s" }
        ));
    }
    if found.clause_mentions >= REQUIREMENT_LIST_CLAUSES && item.words < found.clause_mentions * 25
    {
        return Some(format!(
            "reads like a list of the standard's requirements ({} clause numbers in {} words), not evidence that \
             they are met",
            found.clause_mentions, item.words
        ));
    }
    None
}

/// For each phrase id, the files holding it (in order, each once), in one list: no list of its own per
/// phrase with room left over from growing, and each file as its distance from the one before, in
/// seven-bit groups (most take a byte, not four: a common phrase is in most files; memory).
#[derive(Default)]
struct Holding {
    /// Where each id's files start in `files`, and where the last one's end.
    starts: Vec<usize>,
    files: Vec<u8>,
}

impl Holding {
    /// The files holding phrase `id`.
    fn get(&self, id: usize) -> Option<Files<'_>> {
        let (&start, &end) = (self.starts.get(id)?, self.starts.get(id + 1)?);
        Some(Files {
            bytes: self.files.get(start..end)?,
            next: 0,
        })
    }
}

/// The files of one phrase of a [`Holding`], in order.
#[derive(Default)]
struct Files<'h> {
    bytes: &'h [u8],
    /// The file after the last one read: the next is this one plus the gap read.
    next: u32,
}

impl Iterator for Files<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut gap = 0u32;
        let mut shift = 0;
        loop {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            gap |= u32::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        let file = self.next + gap;
        self.next = file + 1;
        Some(file)
    }
}

/// Writes `gap` in [`Holding`]'s seven-bit groups to `out` at `at`, and gives where it ends (`out`
/// empty: only counts).
fn put_gap(out: &mut [u8], mut at: usize, mut gap: u32) -> usize {
    loop {
        let more = gap >= 0x80;
        if let Some(byte) = out.get_mut(at) {
            *byte = (gap & 0x7f) as u8 | if more { 0x80 } else { 0 };
        }
        at += 1;
        gap >>= 7;
        if !more {
            return at;
        }
    }
}

/// For each phrase id, the files (in order, each once) whose phrases `ids` gives hold it: counted in a
/// first pass, placed in a second.
fn files_holding<'m, I: Iterator<Item = u32>>(
    matches: &'m [DocumentMatches],
    ids: impl Fn(&'m DocumentMatches) -> I,
) -> Holding {
    // For each id, the bytes its files take, and the file after the last one counted (none yet: 0).
    let (mut counts, mut after): (Vec<usize>, Vec<u32>) = (Vec::new(), Vec::new());
    for (i, found) in matches.iter().enumerate() {
        let i = u32::try_from(i).expect("fewer than 4 billion files");
        for id in ids(found) {
            let id = id as usize;
            if counts.len() <= id {
                counts.resize(id + 1, 0);
                after.resize(id + 1, 0);
            }
            if after[id] <= i {
                counts[id] += put_gap(&mut [], 0, i - after[id]);
                after[id] = i + 1;
            }
        }
    }
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut total = 0;
    starts.push(0);
    for count in &counts {
        total += count;
        starts.push(total);
    }
    let mut files = vec![0u8; total];
    let mut next = starts.clone();
    after.fill(0);
    for (i, found) in matches.iter().enumerate() {
        let i = u32::try_from(i).expect("fewer than 4 billion files");
        for id in ids(found) {
            let id = id as usize;
            if after[id] <= i {
                next[id] = put_gap(&mut files, next[id], i - after[id]);
                after[id] = i + 1;
            }
        }
    }
    Holding { starts, files }
}

/// For each file, why it is an earlier version of another file in the same folder, if it is: the same
/// name apart from its version (`Policy v1.0.odt` beside `Policy v3.0.odt` and `Policy v3.0.pdf`). The
/// latest version is in force; the earlier ones are superseded, whatever their own status says.
fn superseded_versions(items: &[EvidenceItem]) -> Vec<Option<String>> {
    type Versions = Vec<(usize, Vec<u32>, String)>;
    let mut groups: std::collections::BTreeMap<(&str, String), Versions> =
        std::collections::BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let (folder, name) = item.path.rsplit_once('/').unwrap_or(("", &item.path));
        if let Some((stem, version, text)) = versioned_name(name) {
            groups
                .entry((folder, stem))
                .or_default()
                .push((i, version, text));
        }
    }
    let mut superseded = vec![None; items.len()];
    for files in groups.values() {
        let Some(latest) = files.iter().map(|(_, v, _)| v).max() else {
            continue;
        };
        let newest = files
            .iter()
            .filter(|(_, v, _)| v == latest)
            .map(|(i, _, _)| *i)
            .min()
            .expect("the latest version is one of the files");
        for (i, version, text) in files {
            if version < latest {
                superseded[*i] = Some(format!(
                    "an earlier version ({text}) of `{}`, which supersedes it",
                    items[newest].path
                ));
            }
        }
    }
    superseded
}

/// A file name's stem without its version, normalised, the version's numbers to compare (without trailing
/// zeros: `v3` is `v3.0`) and the version as written: `ICT-POL-001 Service Management Policy v3.0.pdf` →
/// (`ict-pol-001 service management policy`, [3], `v3.0`). `None` without a version (`v` or `version`
/// followed by a number) at the end of the stem.
fn versioned_name(name: &str) -> Option<(String, Vec<u32>, String)> {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
    let lower = stem.to_lowercase();
    let digits_start = lower
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '_')
        .len();
    let number = &lower[digits_start..];
    let before = lower[..digits_start].trim_end_matches([' ', '.']);
    let head = before
        .strip_suffix("version")
        .or_else(|| before.strip_suffix('v'))?;
    // `v` or `version` must stand alone: `Policy v3.0`, `Policy_v3`, `Policy-version 2`, not `Dev2`.
    if !(head.is_empty() || head.ends_with([' ', '_', '-', '('])) {
        return None;
    }
    let mut version: Vec<u32> = number
        .split(['.', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    if version.is_empty() {
        return None;
    }
    while version.len() > 1 && version.last() == Some(&0) {
        version.pop();
    }
    let written = stem[head.len()..]
        .trim()
        .trim_end_matches(['.', '_'])
        .to_string();
    let stem = head
        .trim_end_matches([' ', '_', '-', '('])
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!stem.is_empty()).then_some((stem, version, written))
}

/// The process area of operational planning and control (clause 8.1), whose records are those of every
/// process.
const OPERATION: &str = "operation";
/// The process areas of release and deployment, and of change management.
const RELEASE: &str = "release-deployment";
/// Processes of the management system itself (clauses 6, 7, 9, 10), not of operating the services: their
/// records (training, audit findings, improvements) are no records of operation.
const SUPPORTING: &[&str] = &[
    "support",
    "internal-audit",
    "improvement",
    "planning",
    "documentation",
];
const CHANGE: &str = "change";

/// The clause of the service management system as a whole: a file titled after it (a "Service
/// Management Framework") is about every clause.
const SMS_CLAUSE: &str = "4.4";

/// The neighbourhood of a clause: its sub-clause for the operational clause 8 (`8.6` for incident,
/// request and problem management), else its top-level clause (`4` for context, scope and the SMS).
fn neighbourhood(clause: &ClauseNumber) -> String {
    neighbourhood_of(&clause.to_string())
}

fn neighbourhood_of(clause: &str) -> String {
    let parts: Vec<&str> = clause.split('.').collect();
    let depth = if parts.first() == Some(&"8") { 2 } else { 1 };
    parts[..depth.min(parts.len())].join(".")
}

/// Whether `text` holds any of a requirement's own words: a keyword or an element.
fn holds_words(text: &PatternSet, patterns: &RequirementPatterns) -> bool {
    text.any(&patterns.keywords) || patterns.elements.iter().any(|e| text.any(e))
}

/// Document types that hold results (records) rather than a way of working.
fn is_record_type(doc_type: DocType) -> bool {
    matches!(
        doc_type,
        DocType::Record
            | DocType::Log
            | DocType::Report
            | DocType::Minutes
            | DocType::Register
            | DocType::Assessment
    )
}

/// Whether a file looks like a record (evidence of results) rather than a controlled document.
fn is_record_like(item: &EvidenceItem) -> bool {
    use crate::evidence::Kind as K;
    if let Some(doc_type) = item.metadata.doc_type {
        return is_record_type(doc_type);
    }
    match item.kind {
        K::Record | K::Register | K::Report | K::Minutes => true,
        K::Policy | K::Procedure | K::Plan | K::Agreement | K::Catalogue => false,
        K::Invitation | K::Template | K::RequirementsList | K::Other => {
            // Notes dated by their name (`2026-07-16-all-hands.md`) are a record of that day.
            item.metadata.date.is_some()
                || crate::evidence::date_in_name(item.path.rsplit('/').next().unwrap_or_default())
                    .is_some()
                || matches!(
                    item.format,
                    Format::Csv
                        | Format::Tsv
                        | Format::Xlsx
                        | Format::Ods
                        | Format::Json
                        | Format::Yaml
                )
        }
    }
}

/// A document in force without a recorded approval, under the control its library uses (a handbook in
/// version control, a wiki): it names an owner, a version or a review date, is no draft, and is not past
/// its review date. Good enough as the documented way of working of an activity.
fn controlled(item: &EvidenceItem, as_of: Date) -> bool {
    let m = &item.metadata;
    let overdue = m.review_due.is_some_and(|due| due < as_of)
        || m.last_reviewed
            .is_some_and(|d| d.saturating_add(DEFAULT_REVIEW_MONTHS.months()) < as_of);
    m.status.is_none()
        && !overdue
        && (m.owner.is_some()
            || m.version.is_some()
            || m.last_reviewed.is_some()
            || m.review_due.is_some())
}

/// A register (risks, suppliers, assets) with a named owner, reviewed within the last year and not past a
/// stated review date: such a living list is kept under control by its reviews, not by an approval.
fn kept_under_review(item: &EvidenceItem, as_of: Date) -> bool {
    let m = &item.metadata;
    let register = m
        .doc_type
        .map_or(item.kind == crate::evidence::Kind::Register, |t| {
            t == DocType::Register
        });
    register
        && m.owner.is_some()
        && m.review_due.is_none_or(|due| due >= as_of)
        && m.last_reviewed.is_some_and(|d| {
            d <= as_of && d.saturating_add(DEFAULT_REVIEW_MONTHS.months()) >= as_of
        })
}

/// Whether an approved document is more than a year past its review date: nobody has looked after it
/// for so long that it no longer shows how the work is done today.
fn long_overdue(item: &EvidenceItem, as_of: Date) -> bool {
    item.metadata
        .review_due
        .is_some_and(|due| due.saturating_add(DEFAULT_REVIEW_MONTHS.months()) < as_of)
}

/// When a document is due for review: its stated review date, else a year after its last review, approval
/// or effective date.
fn due_for_review(item: &EvidenceItem) -> Option<Date> {
    let m = &item.metadata;
    m.review_due.or_else(|| {
        m.last_reviewed
            .or(m.approved_on)
            .or(m.effective)
            .map(|d| d.saturating_add(DEFAULT_REVIEW_MONTHS.months()))
    })
}

/// Whether a file is of one of `types`: its declared type, else the types its inferred kind stands for.
fn serves_as<'a>(item: &EvidenceItem, mut types: impl Iterator<Item = &'a DocType>) -> bool {
    use crate::evidence::Kind as K;
    if let Some(doc_type) = item.metadata.doc_type {
        return types.any(|t| *t == doc_type);
    }
    let kinds: &[DocType] = match item.kind {
        K::Register => &[DocType::Register, DocType::Matrix],
        K::Plan => &[DocType::Plan, DocType::Programme],
        K::Catalogue => &[DocType::Catalogue],
        K::Report => &[DocType::Report, DocType::Assessment],
        K::Minutes => &[DocType::Minutes],
        K::Agreement => &[DocType::Agreement, DocType::Contract],
        K::Policy => &[DocType::Policy, DocType::Scope, DocType::Manual],
        K::Procedure => &[DocType::Procedure, DocType::Process, DocType::Manual],
        K::Record => &[DocType::Record, DocType::Log],
        K::Invitation | K::Template | K::RequirementsList | K::Other => &[],
    };
    types.any(|t| kinds.contains(t))
}

/// Whether a file's kind can stand for what a requirement asks: a record for a record requirement, a
/// controlled document for a document requirement, either for an activity.
fn fits(item: &EvidenceItem, requirement: &Requirement) -> bool {
    let listed = item
        .metadata
        .doc_type
        .is_some_and(|t| requirement.evidence.doc_types.contains(&t));
    match requirement.kind {
        Kind::Document => listed || !is_record_like(item),
        Kind::Record => listed || is_record_like(item),
        Kind::Activity => true,
    }
}

/// Whether a document describes a way of working (a policy, procedure, process, manual or standard)
/// rather than holding the outcome of one: by its type, else by the words of its title or file name.
fn is_way_of_working(item: &EvidenceItem) -> bool {
    if let Some(doc_type) = item.metadata.doc_type {
        return matches!(
            doc_type,
            DocType::Policy | DocType::Procedure | DocType::Process | DocType::Manual
        );
    }
    use crate::evidence::Kind as K;
    if matches!(item.kind, K::Policy | K::Procedure) {
        return true;
    }
    const WORDS: [&str; 8] = [
        "policy",
        "procedure",
        "process",
        "manual",
        "standard",
        "guide",
        "handbook",
        "framework",
    ];
    let name = item.path.rsplit('/').next().unwrap_or_default();
    let words = format!("{} {name}", item.title).to_ascii_lowercase();
    words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| WORDS.contains(&w))
}

/// Document types whose approved, dated version is itself the output of an activity: an approved context
/// analysis shows the context was analysed, a reviewed register that it is kept.
fn is_output_type(doc_type: DocType) -> bool {
    matches!(
        doc_type,
        DocType::Assessment
            | DocType::Register
            | DocType::Objectives
            | DocType::Matrix
            | DocType::Scope
            | DocType::Definition
            | DocType::Plan
    )
}

/// The date a record speaks for: its own date, else the latest date in its tables or text, never after
/// the as-of date.
///
/// With `events_only` (a requirement whose evidence is records and reports only: tests held, incidents
/// reviewed), a document that is no record (a plan, a procedure) speaks for the events it reports (the
/// tests in its "Testing" table), never for its own approval or last edit: those date the document, not
/// what it records.
fn record_date(item: &EvidenceItem, as_of: Date, events_only: bool) -> Option<Date> {
    let not_future = |d: &Date| *d <= as_of;
    let m = &item.metadata;
    let document = events_only && !is_record_like(item);
    let approval = [m.approved_on, m.effective];
    let event = |d: &Date| not_future(d) && !(document && approval.contains(&Some(*d)));
    m.date
        .filter(not_future)
        .or_else(|| {
            item.tables
                .iter()
                .filter_map(|t| t.latest_date)
                .filter(event)
                .max()
        })
        .or_else(|| item.dates_found.iter().copied().filter(event).max())
        .or_else(|| m.modified.filter(|d| not_future(d) && !document))
}

/// Whether a requirement's evidence is records and reports only (see [`record_date`]).
fn events_only(requirement: &Requirement) -> bool {
    requirement
        .evidence
        .doc_types
        .iter()
        .all(|t| is_record_type(*t))
}

/// What judging one candidate as a requirement's documented information found.
struct DocumentFindings {
    /// Each keeps the requirement partial: no approval, a lapsed review, a statement of absence, missing
    /// elements.
    problems: Vec<Reason>,
    /// Its review date has passed.
    lapsed: bool,
    /// Expected elements it does not cover.
    gaps: usize,
    /// Titled as the core document asked for, yet holding under half of what that document must hold: an
    /// application list called "Service Catalogue", a pricing page called the catalogue. The title promises
    /// more than the document holds, so it is no evidence of the document at all.
    hollow: Option<Reason>,
    /// What an assessor notes without marking the requirement down: a minor omission, an approval by the
    /// folder's review rule.
    notes: Vec<Reason>,
}

/// A document that covers more than half of at least this many expected elements has minor omissions; one
/// titled as a core document that covers under half of at least this many is hollow.
const MINOR_OMISSION_ELEMENTS: usize = 4;

/// Requirements of at least this weight ask for a clause's core document (the catalogue, the SMS plan, the
/// SLA), which a title alone cannot stand for.
const CORE_WEIGHT: u8 = 3;

/// A matching file and how it matched.
#[derive(Clone, Copy)]
struct Candidate {
    item: usize,
    basis: Basis,
    /// Found only because its title names the subject of the requirement's clause: it holds none of
    /// the requirement's own words, so it never makes the requirement conformant by itself.
    topic_only: bool,
    /// Of a type the requirement does not list, found through a section about the subject: a substitute
    /// that cannot stand as the documented way of working.
    off_type: bool,
    /// Found through one section of the file (its heading names the clause's subject): only that
    /// section's words count, and it is cited with its heading and lines.
    section: Option<usize>,
    /// A record series of the requirement's process (a ticket export, a release schedule's past rows):
    /// a record, whatever the file's kind.
    series: bool,
}

impl Evidence<'_> {
    fn item(&self, i: usize) -> &EvidenceItem {
        &self.index.items[i]
    }

    /// Whether file `i` matches requirement `r` by its title, type and keywords, and how.
    ///
    /// A file whose title or name names the subject of the requirement's clause (a topic of the
    /// vocabulary: "Service Request Procedure") is a candidate when its kind fits the requirement (a
    /// document for a document, a record for a record). Otherwise it needs the requirement's own title
    /// hints or keywords; a file of a type the requirement does not list needs a section on the subject.
    ///
    /// `None` when it does not match, else whether it is of a type the requirement does not list (a
    /// substitute, found through a section about the subject: only ever a suggestion).
    ///
    /// Every rule needs two of the requirement's keywords or a title naming the subject or holding a
    /// title hint: [`Evidence::may_infer`] visits only such files, so keep it in step with a new rule.
    fn inference(&self, i: usize, r: usize, requirement: &Requirement) -> Option<bool> {
        let item = self.item(i);
        let found = &self.matches[i];
        let patterns = &self.matcher.requirements[r];
        let keywords = found.text.count(&patterns.keywords);
        let topic_heading = found.headings.any(&patterns.topics);
        let type_ok = item
            .metadata
            .doc_type
            .is_none_or(|t| requirement.evidence.doc_types.contains(&t));
        if found.title.any(&patterns.topics) && fits(item, requirement) {
            return Some(!type_ok);
        }
        if !type_ok {
            return (topic_heading && keywords >= 2).then_some(true);
        }
        let needed = patterns.keywords.len().div_ceil(2);
        let title = found.title.any(&patterns.title_hints);
        let heading = found.headings.any(&patterns.title_hints) || topic_heading;
        let matched = if item.metadata.doc_type.is_some() {
            title || (heading && keywords >= 2) || keywords >= needed.max(3)
        } else {
            (title && keywords >= 1) || (heading && keywords >= 2) || keywords >= needed.max(4)
        };
        matched.then_some(false)
    }

    /// The files matching requirement `r`, declared ones first; set-aside files are reported in
    /// `reasons` and left out.
    fn candidates(
        &self,
        r: usize,
        requirement: &Requirement,
        reasons: &mut Vec<Reason>,
    ) -> Vec<Candidate> {
        let mut candidates: Vec<Candidate> = self.declared[r]
            .iter()
            .map(|&item| Candidate {
                item,
                basis: Basis::Declared,
                topic_only: false,
                off_type: false,
                section: None,
                series: false,
            })
            .collect();
        // Every way of inferring a match needs at least one of the requirement's keywords, title hints
        // or topics, so only files holding one are looked at.
        let patterns = &self.matcher.requirements[r];
        // Record series of the requirement's process (a ticket export, a log) are its records, whatever
        // their words.
        let wants_records = requirement.kind == Kind::Record
            || (requirement.kind == Kind::Activity && requirement.evidence.freshness.is_some());
        let series = wants_records.then(|| self.series_of(&requirement.process));
        let (sharing, marks) = self.may_infer(r, series.unwrap_or_default());
        // Fewer keywords than any rule of `inference` asks for without a title or heading naming the
        // subject (an upper bound, from the indexes): such a file is not looked at.
        let fewest = patterns.keywords.len().div_ceil(2).max(3);
        #[cfg(debug_assertions)]
        {
            let holding = patterns
                .keywords
                .iter()
                .chain(&patterns.title_hints)
                .chain(&patterns.topics)
                .filter_map(|id| self.by_pattern.get(*id as usize));
            for i in self.distinct_files_and(holding, &[]) {
                debug_assert!(
                    sharing.binary_search(&i).is_ok()
                        || self.declared[r].binary_search(&i).is_ok()
                        || self.inference(i, r, requirement).is_none(),
                    "`may_infer` left out `{}`, which `inference` matches to {}",
                    self.item(i).path,
                    requirement.id
                );
            }
        }
        // The day-to-day activities of an operational process (clause 8) are what its record series
        // record: a change export shows changes assessed, approved and reviewed. A policy's activities are
        // not (a security incident log does not show the security policy communicated).
        // Where the activity asks for records only (a major incident review), the series must speak of it:
        // a list of incidents does not show that major ones were reviewed.
        let operational = requirement.clause.to_string().starts_with("8.")
            && !requirement.evidence.doc_types.contains(&DocType::Policy)
            && !requirement.title.to_ascii_lowercase().contains("policy")
            && requirement
                .evidence
                .doc_types
                .iter()
                .any(|t| !is_record_type(*t));
        for i in sharing {
            // A series of the process is a record of an activity when it also speaks of it (its columns,
            // title or text hold the activity's words or its clause's topic): a security incident log is
            // no record of the security policy's communication.
            let series = wants_records
                && series.is_some_and(|files| files.binary_search(&i).is_ok())
                && (requirement.kind == Kind::Record
                    || operational
                    || self.holds_own_words(i, r)
                    || self.matches[i].title.any(&patterns.topics));
            if self.declared[r].binary_search(&i).is_err() {
                let hopeless = !series
                    && marks[i] & (TITLE_MARK | HEADING_MARK) == 0
                    && usize::from(marks[i] & KEYWORD_COUNT) < fewest;
                let inferred = if hopeless {
                    None
                } else {
                    self.inference(i, r, requirement)
                };
                debug_assert!(
                    !hopeless || self.inference(i, r, requirement).is_none(),
                    "`{}` was passed over for {}, but `inference` matches it",
                    self.item(i).path,
                    requirement.id
                );
                let off_type = match (series, inferred) {
                    (true, _) => false,
                    (false, Some(off_type)) => off_type,
                    (false, None) => continue,
                };
                // Minutes record the meeting they minute: minutes whose title names the clause's subject
                // ("Management Review Minutes", "ELT notes", "CAB minutes") record the clause's activities,
                // whatever their words.
                let minuted = wants_records
                    && requirement.kind == Kind::Activity
                    && !off_type
                    && self.item(i).kind == crate::evidence::Kind::Minutes
                    && self.item(i).metadata.doc_type.is_none_or(is_record_type)
                    && self.matches[i].title.any(&patterns.topics);
                let series = series || minuted;
                let topic_only = !series && (off_type || !self.holds_own_words(i, r));
                // A record must show the very thing recorded, by its words or its series: a file that only
                // shares the clause's subject (a satisfaction survey for a complaints log) is not one.
                if topic_only && requirement.kind == Kind::Record {
                    continue;
                }
                candidates.push(Candidate {
                    item: i,
                    basis: Basis::Inferred,
                    topic_only,
                    off_type,
                    section: None,
                    series,
                });
            }
        }
        if requirement.kind != Kind::Record {
            self.section_candidates(r, requirement, &mut candidates);
        }
        if wants_records && requirement.kind == Kind::Activity {
            self.report_sections(r, &mut candidates);
        }
        for (item, claim) in &self.declared_via[r] {
            reasons.push(Reason {
                rule: "declared-via-mapping",
                path: Some(self.item(*item).path.clone()),
                text: format!(
                    "`{}` declares `{claim}`, which the edition mapping carries over to this requirement",
                    self.item(*item).path
                ),
            });
        }
        if requirement.kind == Kind::Document {
            candidates.retain(|c| {
                let path = &self.item(c.item).path;
                let text = if let Some(head) = self.other_document(*c, r, requirement) {
                    format!(
                        "`{path}` is another {head}: its title names none of \"{}\"",
                        requirement.evidence.title_hints.join("\", \"")
                    )
                } else if let Some(named) = self.titled_elsewhere(*c, requirement) {
                    format!(
                        "`{path}` is titled as another process's document (its title names the subject \
                         of {named}), found here only by its words"
                    )
                } else {
                    return true;
                };
                reasons.push(Reason {
                    rule: "substitute-rejected",
                    path: Some(path.clone()),
                    text,
                });
                false
            });
        }
        candidates.retain(|c| {
            let item = self.item(c.item);
            if let Some(reason) = &self.set_aside[c.item] {
                reasons.push(Reason {
                    rule: "set-aside",
                    path: Some(item.path.clone()),
                    text: format!("`{}` was set aside: {reason}", item.path),
                });
                return false;
            }
            if let Some(reason) = self.promises_more(c.item, r) {
                reasons.push(Reason {
                    rule: "set-aside",
                    path: Some(item.path.clone()),
                    text: format!("`{}` was set aside: {reason}", item.path),
                });
                return false;
            }
            true
        });
        candidates
    }

    /// The first statement of absence in candidate `c` about what requirement `r` asks ("communication
    /// plan: to be written"), if any: the file names the subject only to say it is not in place yet.
    fn absence(&self, c: Candidate, r: usize) -> Option<&crate::evidence::Absence> {
        let patterns = &self.matcher.requirements[r];
        self.absence_where(c, |set| {
            set.any(&patterns.keywords)
                || set.any(&patterns.title_hints)
                || set.any(&patterns.topics)
                || patterns.elements.iter().any(|e| set.any(e))
        })
    }

    /// A statement of absence in candidate `c` about the very thing requirement `r` asks for (its title
    /// hints or its clause's subject: "delivery plans: to be defined"), not merely a line sharing one of
    /// its keywords.
    fn absence_of_subject(&self, c: Candidate, r: usize) -> Option<&crate::evidence::Absence> {
        let patterns = &self.matcher.requirements[r];
        self.absence_where(c, |set| {
            set.any(&patterns.title_hints) || set.any(&patterns.topics)
        })
    }

    /// The first statement of absence in candidate `c` whose phrases pass `about`; read through a
    /// section, only the section's own statements count.
    fn absence_where(
        &self,
        c: Candidate,
        about: impl Fn(&PatternSet) -> bool,
    ) -> Option<&crate::evidence::Absence> {
        let found = &self.matches[c.item];
        found
            .absences
            .iter()
            .zip(&self.item(c.item).absences)
            .find(|(set, absence)| {
                let within = c.section.is_none_or(|s| {
                    absence
                        .section
                        .is_some_and(|a| (s..found.sections[s].end).contains(&a))
                });
                within && about(set)
            })
            .map(|(_, absence)| absence)
    }

    /// Whether a section of candidate `c` (within its own section, if it is one) holds a phrase of `ids`
    /// and holds no statement of absence about them, in its text or its subsections.
    fn shown_outside_absences(&self, c: Candidate, ids: &[u32]) -> bool {
        let found = &self.matches[c.item];
        let absences = &self.item(c.item).absences;
        let range = c
            .section
            .map_or(0..found.sections.len(), |s| s..found.sections[s].end);
        range.into_iter().any(|k| {
            let section = &found.sections[k];
            section.text.any(ids)
                && !found.absences.iter().zip(absences).any(|(set, absence)| {
                    absence
                        .section
                        .is_some_and(|a| (k..section.end).contains(&a))
                        && set.any(ids)
                })
        })
    }

    /// For a document requirement that names its document ("service management policy"): the kind of
    /// document (`policy`) when inferred candidate `c` is titled as another document of that kind (a
    /// "Continual Improvement Policy"), a substitute no assessor accepts.
    fn other_document(
        &self,
        c: Candidate,
        r: usize,
        requirement: &Requirement,
    ) -> Option<&'static str> {
        if c.basis != Basis::Inferred || c.section.is_some() {
            return None;
        }
        let patterns = &self.matcher.requirements[r];
        let found = &self.matches[c.item];
        if found.title.any(&patterns.title_hints) || found.title.any(&patterns.topics) {
            return None;
        }
        let title = &self.titles[c.item];
        let title_words: Vec<&str> = title.split(' ').collect();
        ["policy", "procedure", "plan", "manual"]
            .into_iter()
            .find(|head| {
                title_words.last() == Some(head)
                    && requirement
                        .evidence
                        .title_hints
                        .iter()
                        .all(|hint| hint.to_ascii_lowercase().ends_with(head))
            })
    }

    /// For a document requirement of an operational process (clause 8): the clauses named by the title of
    /// inferred candidate `c` when they are all of other operational processes (a design package for one
    /// migration found for the service requirements by its words). A process's documented information is
    /// a document of that process, or of the management system; not another process's document.
    fn titled_elsewhere(&self, c: Candidate, requirement: &Requirement) -> Option<String> {
        let group = neighbourhood(&requirement.clause);
        if !group.starts_with('8') || c.basis != Basis::Inferred || c.section.is_some() {
            return None;
        }
        let clause = requirement.clause.to_string();
        let names = &self.title_clauses[c.item];
        // Documents of the management system (roles, the SMS plan) may speak for any process.
        let elsewhere = !names.is_empty()
            && names
                .iter()
                .all(|n| *n != clause && n.starts_with("8.") && neighbourhood_of(n) != group);
        elsewhere.then(|| names.join(", "))
    }

    /// The phrases of what candidate `c` offers: the section it was found through, else the whole file.
    fn text_of(&self, c: Candidate) -> (&PatternSet, &PatternSet) {
        let found = &self.matches[c.item];
        match c.section {
            Some(k) => (&found.sections[k].text, &found.sections[k].heading),
            None => (&found.text, &found.headings),
        }
    }

    /// Sections about the requirement's clause, in controlled documents about the whole system or a
    /// neighbouring clause (a manual's "9. Communication", a scope statement's "3. Interested parties"),
    /// each read on its own. A section that holds none of the requirement's own words only names the
    /// subject (`topic_only`); for a document requirement it is no candidate at all.
    fn section_candidates(
        &self,
        r: usize,
        requirement: &Requirement,
        candidates: &mut Vec<Candidate>,
    ) {
        let patterns = &self.matcher.requirements[r];
        for i in self.files_with_section_words(r, candidates) {
            let item = self.item(i);
            // An agreement's section stands for an agreement asked for (an SLA's "Responsibilities of the
            // customer" for the agreement with a customer acting as a supplier) when it is signed, holds
            // the requirement's words or half its elements and every essential one (duties without a target
            // or time limit are no agreement), and does not say the thing is missing.
            let agreement_part = requirement.kind == Kind::Document
                && requirement.evidence.doc_types.contains(&DocType::Agreement)
                && item
                    .metadata
                    .doc_type
                    .map_or(item.kind, crate::evidence::Kind::from_doc_type)
                    == crate::evidence::Kind::Agreement
                && item.metadata.status == Some(DocStatus::Approved);
            if !agreement_part && !self.section_source(i, &requirement.clause) {
                continue;
            }
            // The documented information itself comes from a document of its type, or from a manual
            // about the whole system; not from a procedure's section on the subject.
            if requirement.kind == Kind::Document
                && !agreement_part
                && (self.title_clauses[i].iter().any(|c| c != SMS_CLAUSE)
                    || item.metadata.doc_type.is_some_and(|t| {
                        t != DocType::Manual && !requirement.evidence.doc_types.contains(&t)
                    }))
            {
                continue;
            }
            let found = &self.matches[i];
            let about: Vec<usize> = self.sections_about(i, r).collect();
            let own = about.iter().copied().find(|&k| {
                let text = &found.sections[k].text;
                let essentials = requirement
                    .evidence
                    .elements
                    .iter()
                    .zip(&patterns.elements)
                    .all(|(element, ids)| !element.essential || text.any(ids));
                if agreement_part && !essentials {
                    return false;
                }
                let words = if agreement_part {
                    let elements = patterns.elements.iter().filter(|e| text.any(e)).count();
                    text.any(&patterns.keywords) || 2 * elements >= patterns.elements.len().max(1)
                } else {
                    holds_words(text, patterns)
                };
                words || text.any(&patterns.title_hints)
            });
            let section = match (own, about.first()) {
                (Some(k), _) => (k, false),
                (None, Some(&k)) if requirement.kind == Kind::Activity => (k, true),
                _ => continue,
            };
            let candidate = Candidate {
                item: i,
                basis: Basis::Inferred,
                topic_only: section.1,
                off_type: false,
                section: Some(section.0),
                series: false,
            };
            // "Availability targets are not set in this agreement": the section says the thing is missing.
            if agreement_part && self.absence_of_subject(candidate, r).is_some() {
                continue;
            }
            candidates.push(candidate);
        }
    }

    /// Files holding one of requirement `r`'s section words that are not candidates yet nor set aside, in
    /// path order (already listed files looked up once each, not a scan of the candidates per file).
    fn files_with_section_words(&self, r: usize, candidates: &[Candidate]) -> Vec<usize> {
        let patterns = &self.matcher.requirements[r];
        if patterns.sections.is_empty() {
            return Vec::new();
        }
        let files = self.distinct_files(
            patterns
                .sections
                .iter()
                .filter_map(|id| self.by_pattern.get(*id as usize)),
        );
        let mut listed = vec![false; self.index.items.len()];
        for c in candidates {
            listed[c.item] = true;
        }
        files
            .into_iter()
            .filter(|&i| !listed[i] && self.set_aside[i].is_none())
            .collect()
    }

    /// The sections of file `i` whose heading names requirement `r`'s subject (its section words), in
    /// order. A heading that is the document's own title heads the whole document, not a section.
    fn sections_about(&self, i: usize, r: usize) -> impl Iterator<Item = usize> + '_ {
        let patterns = &self.matcher.requirements[r];
        let whole = &self.title_sections[i];
        self.matches[i]
            .sections
            .iter()
            .enumerate()
            .filter(move |(k, s)| {
                s.heading.any(&patterns.sections) && !whole.contains(&(*k as u32))
            })
            .map(|(k, _)| k)
    }

    /// Sections of reports and minutes headed by the clause's subject (a monthly service report's
    /// "Security incidents", management review minutes' "Resources"): records of the clause's activities,
    /// the way minutes whose title names the subject are. Only that section is cited.
    fn report_sections(&self, r: usize, candidates: &mut Vec<Candidate>) {
        use crate::evidence::Kind as K;
        let patterns = &self.matcher.requirements[r];
        for i in self.files_with_section_words(r, candidates) {
            let item = self.item(i);
            let own_kind = item.metadata.doc_type.map_or(item.kind, K::from_doc_type);
            if !matches!(own_kind, K::Report | K::Minutes) {
                continue;
            }
            let found = &self.matches[i];
            let Some(k) = self.sections_about(i, r).find(|&k| {
                let text = &found.sections[k].text;
                holds_words(text, patterns) || text.any(&patterns.title_hints)
            }) else {
                continue;
            };
            let candidate = Candidate {
                item: i,
                basis: Basis::Inferred,
                topic_only: false,
                off_type: false,
                section: Some(k),
                series: true,
            };
            // "Availability targets are not set": the section reports that the subject is missing.
            if self.absence_of_subject(candidate, r).is_none() {
                candidates.push(candidate);
            }
        }
    }

    /// Whether file `i` may be read section by section for `clause`: a controlled document (approved, or
    /// under control without a recorded approval), not a record, whose title names no clause's subject
    /// outside `clause`'s neighbourhood (a manual, a framework, a scope statement for the context
    /// clauses; not an information security policy for the SMS roles).
    fn section_source(&self, i: usize, clause: &ClauseNumber) -> bool {
        use crate::evidence::Kind as K;
        let item = self.item(i);
        let own_kind = item.metadata.doc_type.map_or(item.kind, K::from_doc_type);
        // Agreements, catalogues and reports have sections about many subjects, all in their own terms
        // (a supplier contract's "Information security" is no security policy).
        if is_record_like(item)
            || !matches!(own_kind, K::Policy | K::Procedure | K::Plan | K::Other)
            || !(item.metadata.status == Some(DocStatus::Approved) || controlled(item, self.as_of))
        {
            return false;
        }
        // About the whole system: titled after it ("Service Management Framework") or as a manual,
        // handbook or framework. Else about a neighbouring clause, by the subjects its title names.
        let title = &self.titles[i];
        let whole = self.title_clauses[i].iter().any(|c| c == SMS_CLAUSE)
            || title
                .split(' ')
                .any(|w| matches!(w, "manual" | "handbook" | "framework"));
        // A page whose title names no clause's subject ("How we communicate") is read for the clauses of
        // the management system (4–7, 9, 10), not for an operational process's (clause 8): a budgeting
        // procedure's "Information security" paragraph is no security control.
        let group = neighbourhood(clause);
        let operational = group.starts_with("8");
        whole
            || (self.title_clauses[i].is_empty() && !operational)
            || (!self.title_clauses[i].is_empty()
                && self.title_clauses[i]
                    .iter()
                    .all(|c| c.as_str() == SMS_CLAUSE || neighbourhood_of(c) == group))
    }

    fn absence_reason(&self, i: usize, absence: &crate::evidence::Absence) -> Reason {
        let path = &self.item(i).path;
        Reason {
            rule: "statement-of-absence",
            path: Some(path.clone()),
            text: format!(
                "`{path}` says it is not in place yet (line {}: \"{}\")",
                absence.line, absence.excerpt
            ),
        }
    }

    /// The distinct files of several lists, in path order (marked in one pass, not sorted).
    fn distinct_files<'l>(&self, lists: impl Iterator<Item = Files<'l>>) -> Vec<usize> {
        self.distinct_files_and(lists, &[])
    }

    /// [`Evidence::distinct_files`] of several lists of the inverted index and of `more`.
    fn distinct_files_and<'l>(
        &self,
        lists: impl Iterator<Item = Files<'l>>,
        more: &[usize],
    ) -> Vec<usize> {
        let mut marked = vec![false; self.index.items.len()];
        for i in lists.flatten() {
            marked[i as usize] = true;
        }
        for &i in more {
            marked[i] = true;
        }
        (0..marked.len()).filter(|&i| marked[i]).collect()
    }

    /// The files [`Evidence::inference`] may match to requirement `r`, and `more`, in index order:
    /// those holding at least two of its keywords, or whose title names its clause's subject or holds
    /// one of its title hints. Every rule of `inference` needs one of these, so the other files sharing
    /// a phrase with the requirement are never visited; counted from the phrase → file indexes, per
    /// requirement, not looked up file by file (a check in debug builds keeps the two in step). Also
    /// each file's marks ([`KEYWORD_COUNT`], [`TITLE_MARK`], [`HEADING_MARK`]), from the same indexes.
    fn may_infer(&self, r: usize, more: &[usize]) -> (Vec<usize>, Vec<u16>) {
        let patterns = &self.matcher.requirements[r];
        // Per file: how many of the keywords its text, title or headings hold (at least the text's count;
        // `KEYWORD_COUNT` at most), `TITLE_MARK` when its title holds a topic or a title hint,
        // `HEADING_MARK` when its headings do.
        let mut marks = vec![0u16; self.index.items.len()];
        for id in &patterns.keywords {
            for i in self.by_pattern.get(*id as usize).unwrap_or_default() {
                let mark = &mut marks[i as usize];
                if *mark & KEYWORD_COUNT < KEYWORD_COUNT {
                    *mark += 1;
                }
            }
        }
        for id in patterns.topics.iter().chain(&patterns.title_hints) {
            let id = *id as usize;
            for i in self.by_title.get(id).unwrap_or_default() {
                marks[i as usize] |= TITLE_MARK;
            }
            for i in self.by_heading.get(id).unwrap_or_default() {
                marks[i as usize] |= HEADING_MARK;
            }
        }
        let mut sharing = vec![false; marks.len()];
        for &i in more {
            sharing[i] = true;
        }
        let sharing = (0..marks.len())
            .filter(|&i| sharing[i] || marks[i] & KEYWORD_COUNT >= 2 || marks[i] & TITLE_MARK != 0)
            .collect();
        (sharing, marks)
    }

    /// The files holding a record series of `process`, in path order.
    fn series_of(&self, process: &str) -> &[usize] {
        self.by_process.get(process).map_or(&[], Vec::as_slice)
    }

    /// Whether file `i` holds any of requirement `r`'s own words: a keyword, a title hint or an element.
    fn holds_own_words(&self, i: usize, r: usize) -> bool {
        let patterns = &self.matcher.requirements[r];
        let found = &self.matches[i];
        holds_words(&found.text, patterns)
            || found.title.any(&patterns.title_hints)
            || found.headings.any(&patterns.title_hints)
    }

    /// A file named like the evidence that holds almost none of it.
    fn promises_more(&self, i: usize, r: usize) -> Option<String> {
        let item = self.item(i);
        let found = &self.matches[i];
        let patterns = &self.matcher.requirements[r];
        let rows: usize = item.tables.iter().map(|t| t.rows).sum();
        let named = found.title.any(&patterns.title_hints);
        let content = found.text.count(&patterns.keywords)
            + patterns
                .elements
                .iter()
                .filter(|e| found.text.any(e))
                .count();
        (named && rows == 0 && item.words < THIN_WORDS && content < 2).then(|| {
            format!(
                "its name promises more than it holds ({} words, {} of the expected content)",
                item.words,
                if content == 0 { "none" } else { "hardly any" }
            )
        })
    }

    pub fn judge(&self, r: usize, requirement: &Requirement) -> Judgement {
        let mut reasons = Vec::new();
        let candidates = self.candidates(r, requirement, &mut reasons);
        let mut judgement = match requirement.kind {
            Kind::Document => self.judge_document(r, requirement, &candidates, reasons),
            Kind::Record => self.judge_record(requirement, &candidates, reasons),
            Kind::Activity => self.judge_activity(r, requirement, &candidates, reasons),
        };
        // A file about the subject that says the thing asked for is not in place yet ("plans: to be
        // defined") outweighs any other file that seems to show it.
        if judgement.status == Status::Conformant
            && let Some((c, absence)) = candidates
                .iter()
                .find_map(|c| self.absence_of_subject(*c, r).map(|a| (c, a)))
        {
            judgement.status = Status::Partial;
            judgement.reasons.push(self.absence_reason(c.item, absence));
        }
        if judgement.status == Status::Conformant
            && !candidates.is_empty()
            && candidates.iter().all(|c| c.topic_only)
        {
            judgement.status = Status::Partial;
            judgement.reasons.push(Reason {
                rule: "topic-only",
                path: None,
                text: "the files found are about the subject of this clause by their titles, but none holds \
                       what this requirement asks in its own words: confirm them, or declare the evidence"
                    .to_string(),
            });
        }
        if requirement.evidence.document_reviews && judgement.status != Status::Gap {
            self.overdue_reviews(&mut judgement);
        }
        if candidates.iter().all(|c| c.basis == Basis::Inferred) && !candidates.is_empty() {
            judgement.reasons.push(Reason {
                rule: "inferred-only",
                path: None,
                text: "no file declares this requirement; the evidence was inferred from titles, types and \
                       keywords, which is weaker (declare it in front matter or iso20k.toml `covers`)"
                    .to_string(),
            });
        }
        judgement
    }

    /// Documents in force past their review date (stated, or a year after their last review or approval)
    /// count against the activity of reviewing the system's documents: two or more show that reviews are
    /// not done when the documents say, and each is cited with the date its review was due. One alone is
    /// a slip the document's own requirement already shows.
    fn overdue_reviews(&self, judgement: &mut Judgement) {
        use crate::evidence::Kind as K;
        let overdue: Vec<(usize, Date)> = (0..self.index.items.len())
            .filter(|&i| self.set_aside[i].is_none())
            .filter_map(|i| {
                let item = self.item(i);
                let m = &item.metadata;
                // Documents only: an agreement's date is its expiry, and records are not reviewed.
                let document = matches!(
                    item.kind,
                    K::Policy | K::Procedure | K::Plan | K::Catalogue | K::Other
                );
                let in_force = match m.status {
                    Some(DocStatus::Approved) => true,
                    Some(_) => false,
                    // Kept under control without a recorded approval: see `controlled`.
                    None => m.owner.is_some() || m.version.is_some() || m.last_reviewed.is_some(),
                };
                let due = due_for_review(item)?;
                (document && in_force && due < self.as_of).then_some((i, due))
            })
            .collect();
        if overdue.len() < 2 {
            return;
        }
        const NAMED: usize = 5;
        let mut named: Vec<String> = overdue
            .iter()
            .take(NAMED)
            .map(|&(i, due)| format!("`{}` (due {due})", self.item(i).path))
            .collect();
        if overdue.len() > NAMED {
            named.push(format!("and {} more", overdue.len() - NAMED));
        }
        if judgement.status == Status::Conformant {
            judgement.status = Status::Partial;
        }
        judgement.lapsed = true;
        judgement.reasons.push(Reason {
            rule: "reviews-overdue",
            path: None,
            text: format!(
                "{} documents in force are past their review date: {}; reviews are not done when the \
                 documents say",
                overdue.len(),
                named.join(", ")
            ),
        });
        for (i, due) in overdue {
            let path = &self.paths[i];
            if judgement.evidence.iter().any(|e| &e.path == path) {
                continue;
            }
            judgement.evidence.push(EvidenceRef {
                path: path.clone(),
                basis: Basis::Inferred,
                band: Band::Accepted,
                role: Role::Record,
                dated: Some(due),
                section: None,
            });
        }
    }

    /// `` `SMS Manual.md` `` or, for a candidate read through a section, `` `SMS Manual.md` § 9.
    /// Communication (lines 67–78) ``.
    fn cited(&self, c: Candidate) -> String {
        let path = &self.item(c.item).path;
        match self.section_label(c) {
            Some(section) => format!("`{path}` § {section}"),
            None => format!("`{path}`"),
        }
    }

    /// The heading and lines of the section candidate `c` was found through, if any.
    fn section_label(&self, c: Candidate) -> Option<String> {
        crate::evidence::section_label(&self.item(c.item).sections, c.section?)
    }

    fn evidence_ref(&self, c: Candidate, role: Role, events_only: bool) -> EvidenceRef {
        let item = self.item(c.item);
        EvidenceRef {
            path: self.paths[c.item].clone(),
            basis: c.basis,
            band: if c.topic_only {
                Band::Suggested
            } else {
                Band::Accepted
            },
            role,
            dated: (role == Role::Record)
                .then(|| record_date(item, self.as_of, events_only))
                .flatten(),
            section: self.section_label(c),
        }
    }

    /// What is wrong with a controlled document as requirement `r`'s documented information: status,
    /// review date, statements of absence, elements. No problems when it is sound.
    fn document_findings(
        &self,
        c: Candidate,
        r: usize,
        requirement: &Requirement,
    ) -> DocumentFindings {
        let item = self.item(c.item);
        let path = || Some(item.path.clone());
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let mut lapsed = false;
        match (item.metadata.status, self.review_rule) {
            (Some(DocStatus::Approved), _) => {}
            (None, Some(rule)) if controlled(item, self.as_of) => {
                let rule = self.item(rule);
                notes.push(Reason {
                    rule: "document-approved-by-review",
                    path: path(),
                    text: format!(
                        "`{}` records no approval of its own, but it is kept under the rule of `{}` that a \
                         reviewer approves every change before it takes effect",
                        item.path, rule.path
                    ),
                });
            }
            (None, _) if kept_under_review(item, self.as_of) => notes.push(Reason {
                rule: "register-kept-under-review",
                path: path(),
                text: format!(
                    "`{}` records no approval, but it is a register with an owner, last reviewed on {}: a \
                     register is kept up to date and reviewed rather than approved",
                    item.path,
                    item.metadata
                        .last_reviewed
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                ),
            }),
            (Some(DocStatus::Draft), _) => problems.push(Reason {
                rule: "document-draft",
                path: path(),
                text: format!("`{}` is still a draft", item.path),
            }),
            _ => problems.push(Reason {
                rule: "document-unapproved",
                path: path(),
                text: format!(
                    "`{}` records no approval (no `status: approved`)",
                    item.path
                ),
            }),
        }
        match due_for_review(item) {
            Some(due) if due < self.as_of => {
                lapsed = true;
                problems.push(Reason {
                    rule: "review-overdue",
                    path: path(),
                    text: format!(
                        "`{}` was due for review on {due}{}, before the as-of date {}",
                        item.path,
                        if item.metadata.review_due.is_none() {
                            " (a year after its last review or approval)"
                        } else {
                            ""
                        },
                        self.as_of
                    ),
                });
            }
            Some(_) => {}
            None => problems.push(Reason {
                rule: "no-review-date",
                path: path(),
                text: format!(
                    "`{}` records no review, approval or effective date",
                    item.path
                ),
            }),
        }
        // A statement of absence about the document's subject ("objectives: to be defined") is a problem
        // of the whole document; one about an element ("escalation contacts: TBC") leaves that element
        // missing; one about a detail (a baseline still to be confirmed in one row) is no problem.
        if let Some(absence) = self.absence_of_subject(c, r) {
            problems.push(self.absence_reason(c.item, absence));
        }
        // A section headed as the very thing asked for ("5. Availability targets").
        let patterns = &self.matcher.requirements[r];
        let headed = c.section.is_some_and(|k| {
            self.matches[c.item].sections[k]
                .heading
                .any(&patterns.title_hints)
        });
        // Such a section of an approved agreement is one part of one commitment: the agreement's other
        // sections (its service hours, the agreement itself) qualify the targets it sets, so the elements
        // are looked for in the whole agreement. A manual's sections stay on their own (each is about a
        // different clause), and so does an agreement's section standing in for something else (customer
        // duties for an internal agreement).
        let own_kind = item
            .metadata
            .doc_type
            .map_or(item.kind, crate::evidence::Kind::from_doc_type);
        let (text, headings) = if headed
            && own_kind == crate::evidence::Kind::Agreement
            && item.metadata.status == Some(DocStatus::Approved)
        {
            let found = &self.matches[c.item];
            (&found.text, &found.headings)
        } else {
            self.text_of(c)
        };
        let mut stated_absent = None;
        let missing: Vec<&crate::catalogue::Element> = requirement
            .evidence
            .elements
            .iter()
            .zip(&self.matcher.requirements[r].elements)
            .filter(|(_, ids)| {
                if !text.any(ids) && !headings.any(ids) {
                    return true;
                }
                // A statement of absence leaves the element missing unless a section that says
                // nothing is missing shows it ("Demand management: to be developed" beside a section
                // on current and forecast capacity).
                let absent = self
                    .absence_where(c, |set| set.any(ids))
                    .filter(|_| !self.shown_outside_absences(c, ids));
                stated_absent = stated_absent.or(absent);
                absent.is_some()
            })
            .map(|(element, _)| element)
            .collect();
        let gaps = missing.len();
        let essential_missing = missing.iter().any(|e| e.essential);
        let missing: Vec<&str> = missing.iter().map(|e| e.name.as_str()).collect();
        // A document titled as the very thing asked for (a "Service Configuration Management Procedure",
        // "Service Management Objectives") that covers more than half of four or more elements, every
        // essential one among them, has minor omissions an assessor notes without marking the requirement
        // down. A stand-in found by its words (an SLA serving as the catalogue) must cover everything, and so
        // must an element it says is not in place yet, and a list of the documents the system needs (7.5.4)
        // every document.
        // Beyond one omission, the title must name the document itself ("ICT Service Continuity Plan"),
        // not only its subject (a "Business Continuity and Disaster Recovery Policy" standing for the plan).
        let title = &self.matches[c.item].title;
        let named = c.section.is_none() && title.any(&patterns.title_hints);
        let titled = named || (c.section.is_none() && title.any(&patterns.topics));
        // A section headed as the very thing asked for is titled as it, for one omission.
        let expected = requirement.evidence.elements.len();
        let minor = (titled || headed)
            && (gaps == 1 || named)
            && gaps >= 1
            && 2 * gaps < expected
            && expected >= MINOR_OMISSION_ELEMENTS
            && !essential_missing
            && !requirement.evidence.mandatory_set
            && stated_absent.is_none();
        // A register or a record export holds what it covers in its rows ("Supplier", "Service" in a category
        // column), which phrases do not reach: it is judged by them, never dismissed by its title.
        let tabular = matches!(
            item.kind,
            crate::evidence::Kind::Register | crate::evidence::Kind::Record
        );
        // A draft that says what it still lacks ("TODO: interfaces, locations") is the document, unfinished.
        let hollow = (titled
            && !tabular
            && stated_absent.is_none()
            && requirement.weight >= CORE_WEIGHT
            && expected >= MINOR_OMISSION_ELEMENTS
            && 2 * gaps > expected)
            .then(|| Reason {
                rule: "title-only",
                path: path(),
                text: format!(
                    "`{}` is titled as the document asked for but covers only {} of the {expected} expected \
                     elements (not: {}): the title promises more than the document holds",
                    item.path,
                    expected - gaps,
                    missing.join("; ")
                ),
            });
        if minor {
            notes.push(Reason {
                rule: "element-minor",
                path: path(),
                text: if gaps == 1 {
                    format!(
                        "`{}` does not cover: {} (a minor omission in a document that covers the other {} \
                         expected elements)",
                        item.path,
                        missing[0],
                        expected - 1
                    )
                } else {
                    format!(
                        "`{}` does not cover: {} (minor omissions in a document that covers {} of the \
                         {expected} expected elements, every essential one among them)",
                        item.path,
                        missing.join("; "),
                        expected - gaps
                    )
                },
            });
        } else if !missing.is_empty() {
            problems.push(Reason {
                rule: "elements-missing",
                path: path(),
                text: format!(
                    "`{}` does not cover: {}{}",
                    item.path,
                    missing.join("; "),
                    stated_absent
                        .map(|a| format!(
                            " (line {} says one is not in place yet: \"{}\")",
                            a.line, a.excerpt
                        ))
                        .unwrap_or_default()
                ),
            });
        }
        DocumentFindings {
            problems,
            lapsed,
            gaps,
            hollow,
            notes,
        }
    }

    fn judge_document(
        &self,
        r: usize,
        requirement: &Requirement,
        candidates: &[Candidate],
        mut reasons: Vec<Reason>,
    ) -> Judgement {
        if candidates.is_empty() {
            return nothing_found(requirement, "no-document", "no document found", reasons);
        }
        // The best candidate: fewest problems, declared before inferred, then path order.
        let assessed: Vec<(Candidate, DocumentFindings)> = candidates
            .iter()
            .map(|&c| (c, self.document_findings(c, r, requirement)))
            .collect();
        let best = assessed
            .iter()
            // A document that is one only in name comes last; then fewest problems, fewest missing elements;
            // on a tie, files of the requirement's own
            // document types (a record that happens to mention the topic is no stand-in for the document
            // itself), then whole files before sections of a larger one.
            .min_by_key(|(c, findings)| {
                let own_type = self
                    .item(c.item)
                    .metadata
                    .doc_type
                    .is_none_or(|t| requirement.evidence.doc_types.contains(&t));
                (
                    findings.hollow.is_some(),
                    findings.problems.len(),
                    findings.gaps,
                    !own_type,
                    c.section.is_some(),
                    c.basis,
                    c.item,
                )
            })
            .expect("at least one candidate");
        let (
            c,
            DocumentFindings {
                problems,
                lapsed,
                notes,
                hollow,
                gaps,
            },
        ) = best;
        let noted = |rule: &str| notes.iter().any(|n| n.rule == rule);
        let item = self.item(c.item);
        let evidence = assessed
            .iter()
            .map(|(c, ..)| self.evidence_ref(*c, Role::Document, false))
            .collect();
        if problems.is_empty() {
            reasons.push(Reason {
                rule: "document-sound",
                path: Some(item.path.clone()),
                text: format!(
                    "`{}` ({}) is {}, within its review date and covers {}",
                    item.path,
                    basis_word(c.basis),
                    if noted("document-approved-by-review") {
                        "approved by review"
                    } else if noted("register-kept-under-review") {
                        "kept under review"
                    } else {
                        "approved"
                    },
                    match gaps {
                        0 => "every expected element",
                        1 => "all but one expected element",
                        _ => "more than half of the expected elements",
                    }
                ),
            });
            reasons.extend(notes.iter().cloned());
            Judgement {
                status: Status::Conformant,
                reasons,
                evidence,
                lapsed: false,
            }
        } else {
            reasons.push(Reason {
                rule: if c.basis == Basis::Declared {
                    "declared-evidence"
                } else {
                    "inferred-evidence"
                },
                path: Some(item.path.clone()),
                text: format!(
                    "`{}` ({}) is the best matching document",
                    item.path,
                    basis_word(c.basis)
                ),
            });
            let status = match hollow {
                Some(hollow) => {
                    reasons.push(hollow.clone());
                    reasons.extend(
                        problems
                            .iter()
                            .filter(|p| p.rule != "elements-missing")
                            .cloned(),
                    );
                    Status::Gap
                }
                None => {
                    reasons.extend(problems.iter().cloned());
                    Status::Partial
                }
            };
            Judgement {
                status,
                reasons,
                evidence,
                lapsed: *lapsed,
            }
        }
    }

    /// The freshest dated record among `records`, and whether it is within the window.
    fn freshest(&self, requirement: &Requirement, records: &[Candidate]) -> RecordFinding {
        let dated = records
            .iter()
            .filter_map(|c| {
                record_date(self.item(c.item), self.as_of, events_only(requirement))
                    .map(|d| (d, *c))
            })
            .max_by_key(|(d, c)| (*d, std::cmp::Reverse(c.item)));
        match (dated, requirement.evidence.freshness) {
            (None, _) => RecordFinding::Undated,
            (Some((date, c)), Some(window)) => {
                let earliest = window.earliest_fresh_date(self.as_of);
                if date >= earliest {
                    RecordFinding::Fresh(c, date, Some(window.to_string()))
                } else {
                    RecordFinding::Stale(c, date, window.to_string(), earliest)
                }
            }
            (Some((date, c)), None) => RecordFinding::Fresh(c, date, None),
        }
    }

    fn record_reasons(
        &self,
        finding: &RecordFinding,
        records: &[Candidate],
        reasons: &mut Vec<Reason>,
    ) -> Status {
        match finding {
            RecordFinding::Fresh(c, date, window) => {
                let item = self.item(c.item);
                reasons.push(Reason {
                    rule: "record-fresh",
                    path: Some(item.path.clone()),
                    text: format!(
                        "the latest record, `{}` ({}), is dated {date}{}",
                        item.path,
                        basis_word(c.basis),
                        window
                            .as_ref()
                            .map(|w| format!(", within the {w} window"))
                            .unwrap_or_default()
                    ),
                });
                Status::Conformant
            }
            RecordFinding::Stale(c, date, window, earliest) => {
                let item = self.item(c.item);
                reasons.push(Reason {
                    rule: "record-stale",
                    path: Some(item.path.clone()),
                    text: format!(
                        "the latest record, `{}`, is dated {date}: older than the {window} window (a record \
                         dated {earliest} or later is needed)",
                        item.path
                    ),
                });
                Status::Partial
            }
            RecordFinding::Undated => {
                let paths: Vec<String> = records
                    .iter()
                    .map(|c| format!("`{}`", self.item(c.item).path))
                    .collect();
                reasons.push(Reason {
                    rule: "record-undated",
                    path: records.first().map(|c| self.item(c.item).path.clone()),
                    text: format!(
                        "records found ({}), but no date could be read from them",
                        paths.join(", ")
                    ),
                });
                Status::Partial
            }
        }
    }

    fn judge_record(
        &self,
        requirement: &Requirement,
        candidates: &[Candidate],
        mut reasons: Vec<Reason>,
    ) -> Judgement {
        if candidates.is_empty() {
            return nothing_found(requirement, "no-records", "no records found", reasons);
        }
        let finding = self.freshest(requirement, candidates);
        let status = self.record_reasons(&finding, candidates, &mut reasons);
        Judgement {
            status,
            reasons,
            evidence: candidates
                .iter()
                .map(|c| self.evidence_ref(*c, Role::Record, events_only(requirement)))
                .collect(),
            lapsed: matches!(finding, RecordFinding::Stale(..)),
        }
    }

    fn judge_activity(
        &self,
        r: usize,
        requirement: &Requirement,
        candidates: &[Candidate],
        mut reasons: Vec<Reason>,
    ) -> Judgement {
        // What the catalogue expects for this activity: a documented way of working where its evidence
        // types (alternatives) include a way-of-working type, and records where it sets a freshness window
        // for them.
        let types = &requirement.evidence.doc_types;
        let expects_documented = types.iter().any(|t| !is_record_type(*t));
        // Where the activity asks for records only, a dated file found for it that is no way of working
        // (a letter, a note of what was done) is one of its records; an undated page describing the work
        // is not.
        let (records, documents): (Vec<Candidate>, Vec<Candidate>) =
            candidates.iter().partition(|c| {
                let item = self.item(c.item);
                c.series
                    || is_record_like(item)
                    || (!expects_documented
                        && !c.topic_only
                        && !is_way_of_working(item)
                        && record_date(item, self.as_of, true).is_some())
            });
        let expects_records = requirement.evidence.freshness.is_some();
        // Where the activity asks for records only, a document about the clause's subject that does not
        // speak of the activity (the policy, for the activity of communicating it) is not evidence of it.
        let documents: Vec<Candidate> = if expects_documented {
            documents
        } else {
            documents.into_iter().filter(|c| !c.topic_only).collect()
        };
        let mut evidence: Vec<EvidenceRef> = documents
            .iter()
            .map(|c| self.evidence_ref(*c, Role::Document, false))
            .collect();
        evidence.extend(
            records
                .iter()
                .map(|c| self.evidence_ref(*c, Role::Record, events_only(requirement))),
        );

        // The documented way of working: the best document, judged on approval only (its review date and
        // elements are the business of the document requirements).
        // A record-like file of a kind the activity lists as its way of working (a skills matrix, a
        // register, a plan kept as a spreadsheet) is both the approach and its record.
        let serving: Vec<Candidate> = if documents.is_empty() && expects_documented {
            records
                .iter()
                .copied()
                .filter(|c| {
                    serves_as(
                        self.item(c.item),
                        types.iter().filter(|t| !is_record_type(**t)),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let documents = if documents.is_empty() {
            serving
        } else {
            documents
        };
        let documented = documents.iter().min_by_key(|c| {
            let item = self.item(c.item);
            (
                item.metadata.status != Some(DocStatus::Approved),
                long_overdue(item, self.as_of),
                !controlled(item, self.as_of),
                c.basis,
                c.item,
            )
        });
        // The way of working says, in its own prose, that the activity itself is not in place yet
        // ("delivery plans are to be defined"; a "Demand management" section: "to be developed"), rather
        // than leaving one row of a table to be confirmed.
        let not_in_place = documented.is_some_and(|c| {
            self.absence_of_subject(*c, r)
                .is_some_and(|absence| !absence.excerpt.contains('|'))
        });
        let documented_ok = match documented {
            Some(c) => {
                let item = self.item(c.item);
                let approved = item.metadata.status == Some(DocStatus::Approved);
                let absence = self.absence(*c, r);
                if let Some(absence) = absence {
                    reasons.push(self.absence_reason(c.item, absence));
                }
                let lapsed = approved && long_overdue(item, self.as_of);
                let ok = ((approved && !lapsed) || controlled(item, self.as_of))
                    && absence.is_none()
                    && !c.off_type;
                reasons.push(Reason {
                        rule: if lapsed {
                            "activity-document-lapsed"
                        } else if approved {
                            "activity-documented"
                        } else if ok {
                            "activity-documented-controlled"
                        } else {
                            "document-draft"
                        },
                        path: Some(item.path.clone()),
                        text: if lapsed {
                            format!(
                                "the way of working is documented in {} ({}), but its review was due on {}, \
                                 more than a year before the as-of date: it no longer shows how the work is \
                                 done today",
                                self.cited(*c),
                                basis_word(c.basis),
                                item.metadata.review_due.map(|d| d.to_string()).unwrap_or_default()
                            )
                        } else if approved {
                            format!(
                                "the way of working is documented in {} ({})",
                                self.cited(*c),
                                basis_word(c.basis)
                            )
                        } else if ok {
                            format!(
                                "the way of working is documented in {} ({}), a controlled page with an owner or \
                                 a review date but no recorded approval",
                                self.cited(*c),
                                basis_word(c.basis)
                            )
                        } else {
                            format!(
                                "the way of working is described in `{}`, which is not approved ({})",
                                item.path,
                                item.metadata.status.map_or("no status recorded", |s| s.name())
                            )
                        },
                    });
                ok
            }
            None if expects_documented => {
                reasons.push(Reason {
                    rule: "activity-undocumented",
                    path: None,
                    text: format!(
                        "no documented way of working found (expected {})",
                        type_list(types.iter().copied().filter(|t| !is_record_type(*t)))
                    ),
                });
                false
            }
            None => true,
        };
        // Another document the activity's way of working rests on, approved but more than a year past its
        // review date: the activity is documented in part by something nobody looks after any more.
        let other_lapsed = documented.and_then(|best| {
            documents.iter().find(|c| {
                let item = self.item(c.item);
                c.item != best.item
                    && !c.topic_only
                    && c.section.is_none()
                    && item.metadata.status == Some(DocStatus::Approved)
                    && long_overdue(item, self.as_of)
            })
        });
        if let Some(c) = other_lapsed {
            let item = self.item(c.item);
            reasons.push(Reason {
                rule: "activity-document-lapsed",
                path: Some(item.path.clone()),
                text: format!(
                    "the way of working also rests on {} ({}), whose review was due on {}, more than a year \
                     before the as-of date: part of it is no longer looked after",
                    self.cited(*c),
                    basis_word(c.basis),
                    item.metadata.review_due.map(|d| d.to_string()).unwrap_or_default()
                ),
            });
        }
        let documented_ok = documented_ok && other_lapsed.is_none();
        let own_record = if records.is_empty() && expects_records {
            self.document_as_record(r, requirement, &documents)
        } else {
            None
        };
        let (records_ok, lapsed) = if let Some((c, date)) = own_record {
            let item = self.item(c.item);
            let window = requirement.evidence.freshness;
            let earliest = window.map(|w| w.earliest_fresh_date(self.as_of));
            let fresh = earliest.is_none_or(|e| date >= e);
            reasons.push(Reason {
                rule: if fresh {
                    "document-as-record"
                } else {
                    "record-stale"
                },
                path: Some(item.path.clone()),
                text: if fresh {
                    format!(
                        "`{}` is itself the outcome of the activity: approved or reviewed on {date}{}",
                        item.path,
                        window
                            .map(|w| format!(", within the {w} window"))
                            .unwrap_or_default()
                    )
                } else {
                    format!(
                        "`{}` is the outcome of the activity, but was last approved or reviewed on {date}: older \
                         than the {} window",
                        item.path,
                        window.map(|w| w.to_string()).unwrap_or_default()
                    )
                },
            });
            (fresh, !fresh)
        } else if records.is_empty() {
            if expects_records {
                reasons.push(Reason {
                    rule: "no-records",
                    path: None,
                    text: format!(
                        "no records found showing the activity is carried out (the catalogue expects one dated \
                         within {})",
                        requirement.evidence.freshness.map(|f| f.to_string()).unwrap_or_default()
                    ),
                });
            }
            (!expects_records, false)
        } else {
            let finding = self.freshest(requirement, &records);
            let status = self.record_reasons(&finding, &records, &mut reasons);
            (
                status == Status::Conformant,
                matches!(finding, RecordFinding::Stale(..)),
            )
        };
        // With no record of it either, a way of working that is not in place yet is no evidence at all.
        let nothing_done = records.is_empty() && own_record.is_none();
        if let Some(c) = documented.filter(|_| not_in_place && nothing_done) {
            reasons.push(Reason {
                rule: "not-in-place",
                path: Some(self.item(c.item).path.clone()),
                text: format!(
                    "`{}` says the activity is not in place yet, and no record shows it carried out: there is \
                     nothing yet to credit",
                    self.item(c.item).path
                ),
            });
        }
        let status = if (documented.is_none() || not_in_place) && nothing_done {
            Status::Gap
        } else if documented_ok && records_ok {
            Status::Conformant
        } else {
            Status::Partial
        };
        Judgement {
            status,
            reasons,
            evidence,
            lapsed,
        }
    }
}

impl Evidence<'_> {
    /// For an activity whose outcome is a document (an analysis, a register, a plan, objectives): the
    /// latest approved such document, dated by its last review or approval, stands as the record that the
    /// activity was carried out.
    fn document_as_record(
        &self,
        r: usize,
        requirement: &Requirement,
        documents: &[Candidate],
    ) -> Option<(Candidate, Date)> {
        let types = &requirement.evidence.doc_types;
        if !types
            .iter()
            .any(|t| is_output_type(*t) || *t == DocType::Policy)
        {
            return None;
        }
        documents
            .iter()
            // A section about the subject is part of a document about something larger: the document's
            // approval is not the outcome of this activity.
            .filter(|c| c.section.is_none())
            .filter_map(|c| {
                let item = self.item(c.item);
                let m = &item.metadata;
                let own_type = item
                    .metadata
                    .doc_type
                    .map(crate::evidence::Kind::from_doc_type)
                    .unwrap_or(item.kind);
                let policy_review = own_type == crate::evidence::Kind::Policy
                    && requirement.evidence.doc_types.contains(&DocType::Policy);
                if m.status != Some(DocStatus::Approved)
                    || (is_way_of_working(item) && !policy_review)
                    || self.absence(*c, r).is_some()
                {
                    return None;
                }
                let date = [m.last_reviewed, m.approved_on, m.effective]
                    .into_iter()
                    .flatten()
                    .filter(|d| *d <= self.as_of)
                    .max()?;
                Some((date, *c))
            })
            .max_by_key(|(date, c)| (*date, std::cmp::Reverse(c.item)))
            .map(|(date, c)| (c, date))
    }
}

/// A gap: nothing matched. Says what was expected.
fn nothing_found(
    requirement: &Requirement,
    rule: &'static str,
    what: &str,
    mut reasons: Vec<Reason>,
) -> Judgement {
    let example = requirement
        .evidence
        .title_hints
        .first()
        .map_or("", String::as_str);
    reasons.push(Reason {
        rule,
        path: None,
        text: format!(
            "{what}: expected {} such as \"{example}\"",
            doc_types(requirement)
        ),
    });
    Judgement {
        status: Status::Gap,
        reasons,
        evidence: Vec::new(),
        lapsed: false,
    }
}

enum RecordFinding {
    Fresh(Candidate, Date, Option<String>),
    Stale(Candidate, Date, String, Date),
    Undated,
}

fn basis_word(basis: Basis) -> &'static str {
    match basis {
        Basis::Declared => "declared",
        Basis::Inferred => "inferred",
    }
}

fn doc_types(requirement: &Requirement) -> String {
    type_list(requirement.evidence.doc_types.iter().copied())
}

/// `a policy, a procedure or an agreement`; plural names take no article (`objectives or a plan`).
fn type_list(types: impl Iterator<Item = DocType>) -> String {
    let names: Vec<String> = types.map(|t| with_article(t.name())).collect();
    match names.as_slice() {
        [] => "a document".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `a plan`, `an agreement`, `objectives`.
fn with_article(name: &str) -> String {
    if matches!(name, "objectives" | "minutes") {
        name.to_string()
    } else if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

/// How one file stood as a candidate for one requirement (`iso20k explain ID DIR --file PATH`).
pub(super) struct Considered {
    pub basis: Basis,
    /// Found only because its title or a section heading names the clause's subject.
    pub topic_only: bool,
    /// Of a type the requirement does not list (a substitute found through a section on the subject).
    pub off_type: bool,
    /// The section it was read through (`9. Communication (lines 67–78)`), when not the whole file.
    pub section: Option<String>,
    /// A record series of the requirement's process.
    pub series: bool,
}

impl Evidence<'_> {
    /// Whether file `i` is a candidate for requirement `r`, and how, with the reasons that name it (set
    /// aside, substitute rejected): the judge's own candidate search, for `explain --file`.
    pub(super) fn consider(
        &self,
        i: usize,
        r: usize,
        requirement: &Requirement,
    ) -> (Option<Considered>, Vec<Reason>) {
        let mut reasons = Vec::new();
        let candidates = self.candidates(r, requirement, &mut reasons);
        let path = &self.item(i).path;
        reasons.retain(|reason| reason.path.as_ref() == Some(path));
        let considered = candidates
            .iter()
            .find(|c| c.item == i)
            .map(|&c| Considered {
                basis: c.basis,
                topic_only: c.topic_only,
                off_type: c.off_type,
                section: self.section_label(c),
                series: c.series,
            });
        (considered, reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::{DocumentMatches, files_holding, versioned_name};

    #[test]
    fn versions_at_the_end_of_a_file_name() {
        let read = versioned_name;
        assert_eq!(
            read("ICT-POL-001 Service Management Policy v3.0.pdf"),
            Some((
                "ict-pol-001 service management policy".to_string(),
                vec![3],
                "v3.0".to_string()
            ))
        );
        assert_eq!(
            read("Change_Policy_V2.1.docx"),
            Some(("change policy".to_string(), vec![2, 1], "V2.1".to_string()))
        );
        assert_eq!(read("DR Plan version 4.odt").map(|r| r.1), Some(vec![4]));
        // `v3` and `v3.0` are the same version.
        assert_eq!(
            read("Plan v3.md").map(|r| r.1),
            read("Plan v3.0.md").map(|r| r.1)
        );
        for name in [
            "Dev2.md",
            "Policy.docx",
            "Minutes 2026-10-15.pdf",
            "v2.md",
            "Plan 3.0.md",
        ] {
            assert_eq!(read(name), None, "{name}");
        }
    }

    #[test]
    fn the_phrase_to_file_index_gives_each_file_once_in_order_however_far_apart() {
        // Phrase 5 in files 0, 1, 130 and 19,999 (gaps of one, two and three bytes), twice in file 1;
        // phrase 7 in file 200 alone; phrase 6 in none.
        let matches: Vec<DocumentMatches> = (0..20_000)
            .map(|i| {
                let ids: &[u32] = match i {
                    0 | 130 | 19_999 => &[5],
                    1 => &[5, 5],
                    200 => &[7],
                    _ => &[],
                };
                DocumentMatches {
                    title: serde_json::from_str(&format!("{ids:?}")).unwrap(),
                    ..DocumentMatches::default()
                }
            })
            .collect();
        let index = files_holding(&matches, |found| {
            found.title.iter().chain(found.title.iter())
        });
        let files = |id| index.get(id).map(Iterator::collect::<Vec<u32>>);
        assert_eq!(files(5), Some(vec![0, 1, 130, 19_999]));
        assert_eq!(files(7), Some(vec![200]));
        assert_eq!(files(6), Some(vec![]));
        assert_eq!(files(8), None);
    }
}
