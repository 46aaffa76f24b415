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

use super::matcher::{DocumentMatches, Matcher};
use super::model::{Basis, EvidenceRef, Reason, Role, SetAside, Status};
use crate::catalogue::{Catalogue, DocType, Kind, Requirement};
use crate::evidence::{EvidenceIndex, EvidenceItem, Format, Status as DocStatus};
use jiff::ToSpan;
use jiff::civil::Date;

/// Documents with no review date of their own are due a year after their last review or approval.
const DEFAULT_REVIEW_MONTHS: i64 = 12;
/// Fewer words than this is no document at all.
const NEAR_EMPTY_WORDS: usize = 20;
/// A file mentioning this many clause numbers, with little text around them, is a list of requirements.
const REQUIREMENT_LIST_CLAUSES: usize = 25;
/// A file named like the evidence but holding fewer words than this, and almost none of the expected
/// content, promises more than it holds.
const THIN_WORDS: usize = 120;

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
    /// inference only looks at files sharing a phrase with the requirement).
    by_pattern: Vec<Vec<usize>>,
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
        let set_aside = index
            .items
            .iter()
            .zip(matches)
            .map(|(item, found)| screen(item, found, templates.contains(item.path.as_str())))
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
        let mut by_pattern: Vec<Vec<usize>> = Vec::new();
        for (i, found) in matches.iter().enumerate() {
            for id in found
                .text
                .iter()
                .chain(found.title.iter())
                .chain(found.headings.iter())
            {
                let id = id as usize;
                if by_pattern.len() <= id {
                    by_pattern.resize(id + 1, Vec::new());
                }
                if by_pattern[id].last() != Some(&i) {
                    by_pattern[id].push(i);
                }
            }
        }
        (
            Evidence {
                index,
                matches,
                matcher,
                set_aside,
                declared,
                declared_via,
                by_pattern,
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
fn screen(item: &EvidenceItem, found: &DocumentMatches, template_warning: bool) -> Option<String> {
    if item.metadata.status == Some(DocStatus::Retired) {
        return Some(
            "a retired or superseded version (status: retired), no longer in force".to_string(),
        );
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
    match item.metadata.doc_type {
        Some(doc_type) => is_record_type(doc_type),
        None => {
            item.metadata.date.is_some()
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

/// The date a record speaks for: its own date, else the latest date in its tables or text, never after
/// the as-of date.
fn record_date(item: &EvidenceItem, as_of: Date) -> Option<Date> {
    let not_future = |d: &Date| *d <= as_of;
    item.metadata
        .date
        .filter(not_future)
        .or_else(|| {
            item.tables
                .iter()
                .filter_map(|t| t.latest_date)
                .filter(not_future)
                .max()
        })
        .or_else(|| item.dates_found.iter().copied().filter(not_future).max())
        .or_else(|| item.metadata.modified.filter(not_future))
}

/// A matching file and how it matched.
#[derive(Clone, Copy)]
struct Candidate {
    item: usize,
    basis: Basis,
}

impl Evidence<'_> {
    fn item(&self, i: usize) -> &EvidenceItem {
        &self.index.items[i]
    }

    /// Whether file `i` matches requirement `r` by its title, type and keywords.
    fn inferred(&self, i: usize, r: usize, requirement: &Requirement) -> bool {
        let item = self.item(i);
        let found = &self.matches[i];
        let patterns = &self.matcher.requirements[r];
        let type_ok = item
            .metadata
            .doc_type
            .is_none_or(|t| requirement.evidence.doc_types.contains(&t));
        if !type_ok {
            return false;
        }
        let keywords = found.text.count(&patterns.keywords);
        let needed = patterns.keywords.len().div_ceil(2);
        let title = found.title.any(&patterns.title_hints);
        let heading = found.headings.any(&patterns.title_hints);
        if item.metadata.doc_type.is_some() {
            title || (heading && keywords >= 2) || keywords >= needed.max(3)
        } else {
            (title && keywords >= 1) || keywords >= needed.max(4)
        }
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
            })
            .collect();
        // Every way of inferring a match needs at least one of the requirement's keywords or title hints,
        // so only files holding one are looked at.
        let patterns = &self.matcher.requirements[r];
        let mut sharing: Vec<usize> = patterns
            .keywords
            .iter()
            .chain(&patterns.title_hints)
            .filter_map(|id| self.by_pattern.get(*id as usize))
            .flatten()
            .copied()
            .collect();
        sharing.sort_unstable();
        sharing.dedup();
        for i in sharing {
            if self.declared[r].binary_search(&i).is_err() && self.inferred(i, r, requirement) {
                candidates.push(Candidate {
                    item: i,
                    basis: Basis::Inferred,
                });
            }
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
            Kind::Activity => self.judge_activity(requirement, &candidates, reasons),
        };
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

    fn evidence_ref(&self, c: Candidate, role: Role) -> EvidenceRef {
        let item = self.item(c.item);
        EvidenceRef {
            path: item.path.clone(),
            basis: c.basis,
            role,
            dated: (role == Role::Record)
                .then(|| record_date(item, self.as_of))
                .flatten(),
        }
    }

    /// The problems of a controlled document: status, review date, elements. Empty when it is sound.
    fn document_problems(
        &self,
        c: Candidate,
        r: usize,
        requirement: &Requirement,
    ) -> (Vec<Reason>, bool) {
        let item = self.item(c.item);
        let path = || Some(item.path.clone());
        let mut problems = Vec::new();
        let mut lapsed = false;
        match item.metadata.status {
            Some(DocStatus::Approved) => {}
            Some(DocStatus::Draft) => problems.push(Reason {
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
        let implied = item
            .metadata
            .last_reviewed
            .or(item.metadata.approved_on)
            .or(item.metadata.effective)
            .map(|d| d.saturating_add(DEFAULT_REVIEW_MONTHS.months()));
        match item.metadata.review_due.or(implied) {
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
        let found = &self.matches[c.item];
        let missing: Vec<&str> = requirement
            .evidence
            .elements
            .iter()
            .zip(&self.matcher.requirements[r].elements)
            .filter(|(_, ids)| !found.text.any(ids) && !found.headings.any(ids))
            .map(|(element, _)| element.name.as_str())
            .collect();
        if !missing.is_empty() {
            problems.push(Reason {
                rule: "elements-missing",
                path: path(),
                text: format!("`{}` does not cover: {}", item.path, missing.join("; ")),
            });
        }
        (problems, lapsed)
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
        let assessed: Vec<(Candidate, Vec<Reason>, bool)> = candidates
            .iter()
            .map(|&c| {
                let (problems, lapsed) = self.document_problems(c, r, requirement);
                (c, problems, lapsed)
            })
            .collect();
        let best = assessed
            .iter()
            // Fewest problems first; on a tie, files of the requirement's own document types: a record that
            // happens to mention the topic is no stand-in for the document itself.
            .min_by_key(|(c, problems, _)| {
                let own_type = self
                    .item(c.item)
                    .metadata
                    .doc_type
                    .is_none_or(|t| requirement.evidence.doc_types.contains(&t));
                (problems.len(), !own_type, c.basis, c.item)
            })
            .expect("at least one candidate");
        let (c, problems, lapsed) = best;
        let item = self.item(c.item);
        let evidence = assessed
            .iter()
            .map(|(c, _, _)| self.evidence_ref(*c, Role::Document))
            .collect();
        if problems.is_empty() {
            reasons.push(Reason {
                rule: "document-sound",
                path: Some(item.path.clone()),
                text: format!(
                    "`{}` ({}) is approved, within its review date and covers every expected element",
                    item.path,
                    basis_word(c.basis)
                ),
            });
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
            reasons.extend(problems.iter().cloned());
            Judgement {
                status: Status::Partial,
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
            .filter_map(|c| record_date(self.item(c.item), self.as_of).map(|d| (d, *c)))
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
                .map(|c| self.evidence_ref(*c, Role::Record))
                .collect(),
            lapsed: matches!(finding, RecordFinding::Stale(..)),
        }
    }

    fn judge_activity(
        &self,
        requirement: &Requirement,
        candidates: &[Candidate],
        mut reasons: Vec<Reason>,
    ) -> Judgement {
        let (records, documents): (Vec<Candidate>, Vec<Candidate>) = candidates
            .iter()
            .partition(|c| is_record_like(self.item(c.item)));
        let mut evidence: Vec<EvidenceRef> = documents
            .iter()
            .map(|c| self.evidence_ref(*c, Role::Document))
            .collect();
        evidence.extend(records.iter().map(|c| self.evidence_ref(*c, Role::Record)));

        // What the catalogue expects for this activity: a documented way of working where its evidence
        // types (alternatives) include a way-of-working type, and records where it sets a freshness window
        // for them.
        let types = &requirement.evidence.doc_types;
        let expects_documented = types.iter().any(|t| !is_record_type(*t));
        let expects_records = requirement.evidence.freshness.is_some();

        // The documented way of working: the best document, judged on approval only (its review date and
        // elements are the business of the document requirements).
        let documented = documents.iter().min_by_key(|c| {
            (
                self.item(c.item).metadata.status != Some(DocStatus::Approved),
                c.basis,
                c.item,
            )
        });
        let documented_ok =
            match documented {
                Some(c) => {
                    let item = self.item(c.item);
                    let approved = item.metadata.status == Some(DocStatus::Approved);
                    reasons.push(Reason {
                    rule: if approved {
                        "activity-documented"
                    } else {
                        "document-draft"
                    },
                    path: Some(item.path.clone()),
                    text: if approved {
                        format!(
                            "the way of working is documented in `{}` ({})",
                            item.path,
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
                    approved
                }
                None if expects_documented => {
                    reasons.push(Reason {
                        rule: "activity-undocumented",
                        path: None,
                        text: format!(
                            "no documented way of working found (expected a {})",
                            type_list(types.iter().copied().filter(|t| !is_record_type(*t)))
                        ),
                    });
                    false
                }
                None => true,
            };
        let (records_ok, lapsed) = if records.is_empty() {
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
        let status = if documented.is_none() && records.is_empty() {
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
            "{what}: expected a {} such as a \"{example}\"",
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

/// `policy, procedure or plan`.
fn type_list(types: impl Iterator<Item = DocType>) -> String {
    let names: Vec<&str> = types.map(DocType::name).collect();
    match names.as_slice() {
        [] => "document".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
