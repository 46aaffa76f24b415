//! Stage 1 and Stage 2 certification-audit checklists: two views of one assessment, read together with the
//! evidence index it was made from (for approval states, record tables and dates) and the catalogue (for
//! audit questions and roles to interview).
//!
//! Every item carries a stable reference. Stage 2 items are bound to requirements: `S2-8.6.1-03` is the
//! third requirement of clause 8.6.1 in the catalogue, whatever the evidence says. Stage 1 items are
//! numbered within their section (`S1-A07`), stable for the same catalogue and configuration.

use super::Header;
use super::findings::{self, Grade, Prediction};
use super::sampling::{self, SAMPLING_TABLE, SampleBand};
use super::series::{self, Coverage, Period};
use crate::assess::{Assessment, EvidenceRef, RequirementResult, Role, Status};
use crate::catalogue::{Catalogue, ClauseNumber, DocType, Kind, Requirement};
use crate::evidence::{EvidenceIndex, EvidenceItem};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The version of the checklists' JSON layout.
pub const SCHEMA_VERSION: u32 = 1;

/// Process areas of the management system itself (clauses 4–7, 9 and 10); every other process area is an
/// operational (clause 8) process whose documented way of working Stage 1 reviews.
const MANAGEMENT_SYSTEM: &[&str] = &[
    "context",
    "leadership",
    "planning",
    "support",
    "documentation",
    "monitoring",
    "internal-audit",
    "management-review",
    "service-reporting",
    "improvement",
];

/// The process areas whose documents make the SMS foundations: policy, objectives, risks and the plan.
const FOUNDATIONS: &[&str] = &["leadership", "planning"];

/// Document types that describe a way of working (as opposed to records of doing it).
const WAYS_OF_WORKING: &[DocType] = &[
    DocType::Policy,
    DocType::Procedure,
    DocType::Process,
    DocType::Plan,
    DocType::Manual,
    DocType::Agreement,
    DocType::Contract,
    DocType::Definition,
];

// ---------------------------------------------------------------------------------------------------------
// Stage 1
// ---------------------------------------------------------------------------------------------------------

/// The Stage 1 checklist: documentation review and readiness for Stage 2.
#[derive(Debug, Clone, Serialize)]
pub struct Stage1 {
    pub schema_version: u32,
    pub stage: u8,
    #[serde(flatten)]
    pub header: Header,
    pub readiness: Readiness,
    /// A: every piece of mandatory documented information.
    pub mandatory: Vec<ItemCheck>,
    /// B: the scope statement and the service catalogue.
    pub scope_check: ScopeCheck,
    /// C: policy, objectives, risks and opportunities, and the SMS plan, beyond the mandatory documents.
    pub foundations: Vec<ItemCheck>,
    /// D: each operational process's documented way of working.
    pub processes: Vec<ProcessCheck>,
    /// E: what other parties operate, and how it is controlled.
    pub other_parties: Vec<PartyCheck>,
    /// F: whether an internal audit and a management review have been held within their window.
    pub audit_and_review: Vec<HeldCheck>,
}

/// Whether Stage 2 can be booked.
#[derive(Debug, Clone, Serialize)]
pub struct Readiness {
    pub verdict: Verdict,
    /// What blocks booking Stage 2, each naming the checklist item.
    pub blockers: Vec<Remark>,
    /// What to resolve before Stage 2, though it need not delay booking.
    pub concerns: Vec<Remark>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    ReadyWithConcerns,
    NotReady,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "ready for Stage 2",
            Verdict::ReadyWithConcerns => "ready for Stage 2, with concerns to resolve first",
            Verdict::NotReady => "not ready for Stage 2",
        }
    }
}

/// A blocker or concern: the checklist item it comes from and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remark {
    pub reference: String,
    pub text: String,
}

/// One requirement as Stage 1 sees it: the file that provides it, its approval and its review.
#[derive(Debug, Clone, Serialize)]
pub struct ItemCheck {
    pub reference: String,
    pub requirement: String,
    pub clause: ClauseNumber,
    pub title: String,
    pub kind: Kind,
    pub status: Status,
    /// The file that provides it (`null`: missing).
    pub file: Option<String>,
    /// The file's approval status (`approved`, `draft`, `retired`; `null` when it does not say).
    pub approval: Option<&'static str>,
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub review_due: Option<Date>,
    /// `current`, `overdue` or `not-set`; `null` without a file.
    pub review: Option<&'static str>,
    /// The record's date, for records.
    pub dated: Option<Date>,
    /// What falls short, from the assessment's reasons.
    pub remarks: Vec<String>,
}

/// The scope statement and its consistency with the service catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeCheck {
    pub reference: String,
    /// The scope as the configuration states it.
    pub declared_scope: Option<String>,
    pub scope_file: Option<String>,
    pub catalogue_file: Option<String>,
    /// The services the catalogue file lists (its table's first column, else its third-level headings).
    pub services: Vec<String>,
    /// `consistent`, `check` (something to confirm) or `cannot-check` (a file is missing).
    pub consistency: &'static str,
    pub remarks: Vec<String>,
}

/// An operational process's documented way of working.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessCheck {
    pub reference: String,
    pub process: String,
    pub name: String,
    /// At least one approved document describes how the process works.
    pub documented: bool,
    /// The policies, procedures, plans and agreements used as its documents.
    pub documents: Vec<String>,
    pub requirements: usize,
    pub conformant: usize,
    pub operated_by: Option<String>,
    pub remarks: Vec<String>,
}

/// A process another party operates, and the evidence that the organisation controls it.
#[derive(Debug, Clone, Serialize)]
pub struct PartyCheck {
    pub reference: String,
    pub party: String,
    pub process: String,
    pub name: String,
    /// An agreement naming the party and a recent review of it were both found.
    pub controlled: bool,
    pub evidence: Vec<String>,
    pub remarks: Vec<String>,
}

/// Whether an internal audit or management review has been held within its window.
#[derive(Debug, Clone, Serialize)]
pub struct HeldCheck {
    pub reference: String,
    pub requirement: String,
    pub title: String,
    pub held: bool,
    /// The latest record's date.
    pub last: Option<Date>,
    pub file: Option<String>,
    /// How recent the latest record must be (`12 months`).
    pub window: Option<String>,
}

/// Builds the Stage 1 checklist.
pub fn stage1(catalogue: &Catalogue, assessment: &Assessment, index: &EvidenceIndex) -> Stage1 {
    let look = Lookup::new(catalogue, assessment, index);
    let mandatory: Vec<ItemCheck> = assessment
        .requirements
        .iter()
        .filter(|r| r.mandatory_document)
        .enumerate()
        .map(|(n, r)| look.item_check(format!("S1-A{:02}", n + 1), r))
        .collect();
    let scope = look.scope_check();
    let foundations: Vec<ItemCheck> = assessment
        .requirements
        .iter()
        .filter(|r| !r.mandatory_document && FOUNDATIONS.contains(&r.process.as_str()))
        .enumerate()
        .map(|(n, r)| look.item_check(format!("S1-C{:02}", n + 1), r))
        .collect();
    let processes: Vec<ProcessCheck> = catalogue
        .processes
        .iter()
        .filter(|p| !MANAGEMENT_SYSTEM.contains(&p.id.as_str()))
        .filter(|p| assessment.requirements.iter().any(|r| r.process == p.id))
        .enumerate()
        .map(|(n, p)| look.process_check(format!("S1-D{:02}", n + 1), &p.id, &p.name))
        .collect();
    let other_parties = look.party_checks();
    let audit_and_review = look.held_checks();
    let readiness = readiness(
        &mandatory,
        &scope,
        &processes,
        &other_parties,
        &audit_and_review,
    );
    Stage1 {
        schema_version: SCHEMA_VERSION,
        stage: 1,
        header: Header::new(assessment),
        readiness,
        mandatory,
        scope_check: scope,
        foundations,
        processes,
        other_parties,
        audit_and_review,
    }
}

/// The readiness verdict: blockers first, then concerns.
fn readiness(
    mandatory: &[ItemCheck],
    scope: &ScopeCheck,
    processes: &[ProcessCheck],
    parties: &[PartyCheck],
    held: &[HeldCheck],
) -> Readiness {
    let mut blockers = Vec::new();
    let mut concerns = Vec::new();
    let remark = |reference: &str, text: String| Remark {
        reference: reference.to_string(),
        text,
    };
    for item in mandatory {
        match (item.status, &item.file) {
            (Status::Conformant, _) => {}
            (_, None) => blockers.push(remark(
                &item.reference,
                format!(
                    "mandatory documented information missing: {} ({})",
                    item.title, item.requirement
                ),
            )),
            (_, Some(file)) => concerns.push(remark(
                &item.reference,
                match item.remarks.is_empty() {
                    // The assessment's reasons name the file themselves.
                    false => format!(
                        "{} ({}): {}",
                        item.title,
                        item.requirement,
                        item.remarks.join("; ")
                    ),
                    true => format!(
                        "{} ({}): `{file}` falls short",
                        item.title, item.requirement
                    ),
                },
            )),
        }
    }
    match scope.consistency {
        "cannot-check" => blockers.push(remark(&scope.reference, scope.remarks.join("; "))),
        "check" => concerns.push(remark(&scope.reference, scope.remarks.join("; "))),
        _ => {}
    }
    for process in processes.iter().filter(|p| !p.documented) {
        blockers.push(remark(
            &process.reference,
            format!("{}: no approved documented way of working", process.name),
        ));
    }
    for party in parties.iter().filter(|p| !p.controlled) {
        blockers.push(remark(
            &party.reference,
            format!(
                "{} operates {}, and no agreement with a recent review shows it is controlled",
                party.party, party.name
            ),
        ));
    }
    for check in held.iter().filter(|h| !h.held) {
        blockers.push(remark(
            &check.reference,
            match (check.last, &check.window) {
                (Some(last), Some(window)) => format!(
                    "{}: the latest record ({last}) is older than {window}",
                    check.title
                ),
                _ => format!("{}: no record that it has been held", check.title),
            },
        ));
    }
    let verdict = if !blockers.is_empty() {
        Verdict::NotReady
    } else if !concerns.is_empty() {
        Verdict::ReadyWithConcerns
    } else {
        Verdict::Ready
    };
    Readiness {
        verdict,
        blockers,
        concerns,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Stage 2
// ---------------------------------------------------------------------------------------------------------

/// The Stage 2 checklist: implementation and effectiveness, per clause.
#[derive(Debug, Clone, Serialize)]
pub struct Stage2 {
    pub schema_version: u32,
    pub stage: u8,
    #[serde(flatten)]
    pub header: Header,
    /// The seed of every sample drawn; `--seed` with it draws the same samples again.
    pub seed: u64,
    /// The audit period record series are checked against.
    pub period: Period,
    /// The sampling table the sample sizes come from.
    pub sampling_table: Vec<SampleBand>,
    /// How many findings of each grade are predicted.
    pub predicted: PredictedCounts,
    /// Every requirement that is not conformant, with its predicted finding, worst first.
    pub findings: Vec<PredictedFinding>,
    pub clauses: Vec<Stage2Clause>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PredictedCounts {
    pub major: usize,
    pub minor: usize,
    pub opportunity: usize,
}

/// A requirement not conformant and the finding an auditor would likely raise today.
#[derive(Debug, Clone, Serialize)]
pub struct PredictedFinding {
    /// The Stage 2 item (`null` for requirements Stage 2 does not look at).
    pub reference: Option<String>,
    pub requirement: String,
    pub clause: ClauseNumber,
    pub title: String,
    pub status: Status,
    pub prediction: Prediction,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage2Clause {
    pub clause: ClauseNumber,
    pub title: String,
    pub items: Vec<Stage2Item>,
}

/// One requirement as Stage 2 examines it.
#[derive(Debug, Clone, Serialize)]
pub struct Stage2Item {
    pub reference: String,
    pub requirement: String,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub process: String,
    pub status: Status,
    pub questions: Vec<String>,
    pub interview: Vec<String>,
    /// The kinds of record to examine, and phrases their titles tend to carry.
    pub record_types: Vec<DocType>,
    pub title_hints: Vec<String>,
    /// The evidence found.
    pub evidence: Vec<EvidenceRef>,
    /// Samples to examine, one per population of records.
    pub samples: Vec<Sample>,
    /// For recurring records: how the series covers the audit period.
    pub series: Option<Coverage>,
    pub prediction: Option<Prediction>,
    pub operated_by: Option<String>,
}

/// A sample drawn from one population of records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sample {
    /// The file (a log or register), or the folder whose record files make the population.
    pub source: String,
    /// The sheet or list name, for workbooks and YAML records.
    pub table: Option<String>,
    pub population: usize,
    pub size: usize,
    /// The sampled records: their first cell (the record number) or row, or their file.
    pub items: Vec<String>,
    pub note: Option<String>,
}

/// Builds the Stage 2 checklist. `seed` draws the samples; `period` is the audit period.
pub fn stage2(
    catalogue: &Catalogue,
    assessment: &Assessment,
    index: &EvidenceIndex,
    seed: u64,
    period: Period,
) -> Stage2 {
    let look = Lookup::new(catalogue, assessment, index);
    let mut clauses: BTreeMap<ClauseNumber, Vec<Stage2Item>> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut counts = PredictedCounts::default();
    for result in &assessment.requirements {
        let Some(requirement) = catalogue.requirement(&result.id) else {
            continue;
        };
        let series = requirement
            .evidence
            .recurrence
            .map(|r| series::coverage(r, period, &look.record_dates(result)));
        let holes = series.as_ref().map_or(&[][..], |c| &c.holes[..]);
        let prediction = findings::predict(assessment, result, holes);
        let in_stage2 = requirement.audit.stages.contains(&2);
        let reference = look.reference(requirement);
        if let Some(prediction) = &prediction {
            match prediction.grade {
                Grade::Major => counts.major += 1,
                Grade::Minor => counts.minor += 1,
                Grade::Opportunity => counts.opportunity += 1,
            }
            findings.push(PredictedFinding {
                reference: in_stage2.then(|| reference.clone()),
                requirement: result.id.clone(),
                clause: result.clause.clone(),
                title: result.title.clone(),
                status: result.status,
                prediction: prediction.clone(),
            });
        }
        if !in_stage2 {
            continue;
        }
        clauses
            .entry(result.clause.clone())
            .or_default()
            .push(Stage2Item {
                reference,
                requirement: result.id.clone(),
                title: result.title.clone(),
                summary: result.summary.clone(),
                kind: result.kind,
                process: result.process.clone(),
                status: result.status,
                questions: requirement.audit.questions.clone(),
                interview: requirement.audit.interview.clone(),
                record_types: requirement.evidence.doc_types.clone(),
                title_hints: requirement.evidence.title_hints.clone(),
                evidence: result.evidence.clone(),
                samples: look.samples(requirement, result, seed),
                series,
                prediction,
                operated_by: result.operated_by.clone(),
            });
    }
    findings.sort_by(|a, b| {
        (a.prediction.grade, &a.clause, &a.requirement).cmp(&(
            b.prediction.grade,
            &b.clause,
            &b.requirement,
        ))
    });
    Stage2 {
        schema_version: SCHEMA_VERSION,
        stage: 2,
        header: Header::new(assessment),
        seed,
        period,
        sampling_table: SAMPLING_TABLE.to_vec(),
        predicted: counts,
        findings,
        clauses: clauses
            .into_iter()
            .map(|(clause, items)| Stage2Clause {
                title: catalogue
                    .clause(&clause)
                    .map_or_else(String::new, |c| c.title.clone()),
                clause,
                items,
            })
            .collect(),
    }
}

/// The seed used when none is given: the as-of date as a number (`20261101`), so a checklist made for the
/// same day draws the same samples.
pub fn default_seed(as_of: Date) -> u64 {
    let number =
        i64::from(as_of.year()) * 10_000 + i64::from(as_of.month()) * 100 + i64::from(as_of.day());
    number.unsigned_abs()
}

// ---------------------------------------------------------------------------------------------------------
// Lookups shared by both stages
// ---------------------------------------------------------------------------------------------------------

struct Lookup<'a> {
    catalogue: &'a Catalogue,
    assessment: &'a Assessment,
    items: HashMap<&'a str, &'a EvidenceItem>,
}

impl<'a> Lookup<'a> {
    fn new(catalogue: &'a Catalogue, assessment: &'a Assessment, index: &'a EvidenceIndex) -> Self {
        Lookup {
            catalogue,
            assessment,
            items: index.items.iter().map(|i| (i.path.as_str(), i)).collect(),
        }
    }

    fn result(&self, id: &str) -> Option<&'a RequirementResult> {
        self.assessment.requirements.iter().find(|r| r.id == id)
    }

    /// `S2-8.6.1-03`: the requirement's position among its clause's requirements, in catalogue order.
    fn reference(&self, requirement: &Requirement) -> String {
        let position = self
            .catalogue
            .requirements
            .iter()
            .filter(|r| r.clause == requirement.clause)
            .position(|r| r.id == requirement.id)
            .unwrap_or(0);
        format!("S2-{}-{:02}", requirement.clause, position + 1)
    }

    fn item_check(&self, reference: String, result: &RequirementResult) -> ItemCheck {
        let best = best_file(result);
        let item = best.and_then(|e| self.items.get(&*e.path).copied());
        let meta = item.map(|i| &i.metadata);
        let review = meta.map(|m| match m.review_due {
            Some(due) if due < self.assessment.as_of => "overdue",
            Some(_) => "current",
            None => "not-set",
        });
        ItemCheck {
            reference,
            requirement: result.id.clone(),
            clause: result.clause.clone(),
            title: result.title.clone(),
            kind: result.kind,
            status: result.status,
            file: best.map(|e| e.path.to_string()),
            approval: meta.and_then(|m| m.status).map(|s| s.name()),
            approved_by: meta.and_then(|m| m.approved_by.clone()),
            approved_on: meta.and_then(|m| m.approved_on),
            last_reviewed: meta.and_then(|m| m.last_reviewed),
            review_due: meta.and_then(|m| m.review_due),
            review,
            dated: best.and_then(|e| e.dated),
            remarks: shortfalls(result),
        }
    }

    fn scope_check(&self) -> ScopeCheck {
        let provider = |doc_type: DocType| {
            self.assessment
                .requirements
                .iter()
                .filter(|r| r.mandatory_document)
                .filter(|r| {
                    self.catalogue
                        .requirement(&r.id)
                        .is_some_and(|q| q.evidence.doc_types.contains(&doc_type))
                })
                .find_map(|r| best_file(r).map(|e| e.path.to_string()))
        };
        let scope_file = provider(DocType::Scope);
        let catalogue_file = provider(DocType::Catalogue);
        let item = |path: &Option<String>| path.as_deref().and_then(|p| self.items.get(p).copied());
        let (scope_item, catalogue_item) = (item(&scope_file), item(&catalogue_file));
        let services = catalogue_item.map(services).unwrap_or_default();
        let mut remarks = Vec::new();
        if self.assessment.scope.is_none() {
            remarks.push("iso20k.toml states no scope ([organisation] scope)".to_string());
        }
        let consistency = match (scope_item, catalogue_item) {
            (None, _) => {
                remarks.push("no scope statement was found".to_string());
                "cannot-check"
            }
            (_, None) => {
                remarks.push("no service catalogue was found".to_string());
                "cannot-check"
            }
            (Some(scope), Some(cat)) => {
                let reviewed = [scope.metadata.approved_on, scope.metadata.last_reviewed]
                    .into_iter()
                    .flatten()
                    .max();
                let changed = [
                    cat.metadata.approved_on,
                    cat.metadata.last_reviewed,
                    cat.metadata.date,
                ]
                .into_iter()
                .flatten()
                .max();
                match (reviewed, changed) {
                    (Some(reviewed), Some(changed)) if changed > reviewed => {
                        remarks.push(format!(
                            "the service catalogue changed ({changed}) after the scope statement was last \
                             approved or reviewed ({reviewed}): confirm that the scope still covers every \
                             service"
                        ));
                        "check"
                    }
                    (None, _) => {
                        remarks.push(
                            "the scope statement carries no approval or review date".to_string(),
                        );
                        "check"
                    }
                    _ => {
                        remarks.push(
                            "the scope statement was approved or reviewed after the service catalogue's \
                             last change; confirm that each service listed is within the scope"
                                .to_string(),
                        );
                        "consistent"
                    }
                }
            }
        };
        ScopeCheck {
            reference: "S1-B01".to_string(),
            declared_scope: self.assessment.scope.clone(),
            scope_file,
            catalogue_file,
            services,
            consistency,
            remarks,
        }
    }

    fn process_check(&self, reference: String, process: &str, name: &str) -> ProcessCheck {
        let results: Vec<&RequirementResult> = self
            .assessment
            .requirements
            .iter()
            .filter(|r| r.process == process)
            .collect();
        let mut documents: Vec<String> = Vec::new();
        let mut approved = false;
        for evidence in results.iter().flat_map(|r| &r.evidence) {
            let Some(item) = self.items.get(&*evidence.path) else {
                continue;
            };
            let way = evidence.role == Role::Document
                && item
                    .metadata
                    .doc_type
                    .is_some_and(|t| WAYS_OF_WORKING.contains(&t));
            if way {
                approved |= item.metadata.status == Some(crate::evidence::Status::Approved);
                documents.push(evidence.path.to_string());
            }
        }
        documents.sort();
        documents.dedup();
        let mut remarks = Vec::new();
        if documents.is_empty() {
            remarks.push("no policy, procedure, plan or agreement was found".to_string());
        } else if !approved {
            remarks.push("its documents are not approved".to_string());
        }
        let conformant = results
            .iter()
            .filter(|r| r.status == Status::Conformant)
            .count();
        ProcessCheck {
            reference,
            process: process.to_string(),
            name: name.to_string(),
            documented: approved,
            documents,
            requirements: results.len(),
            conformant,
            operated_by: results.iter().find_map(|r| r.operated_by.clone()),
            remarks,
        }
    }

    fn party_checks(&self) -> Vec<PartyCheck> {
        let mut parties: Vec<(String, String)> = self
            .assessment
            .requirements
            .iter()
            .filter_map(|r| r.operated_by.clone().map(|p| (p, r.process.clone())))
            .collect();
        parties.sort();
        parties.dedup();
        parties
            .into_iter()
            .enumerate()
            .map(|(n, (party, process))| {
                let results: Vec<&RequirementResult> = self
                    .assessment
                    .requirements
                    .iter()
                    .filter(|r| r.process == process)
                    .collect();
                let has = |rule: &str| {
                    results
                        .iter()
                        .any(|r| r.reasons.iter().any(|reason| reason.rule == rule))
                };
                let mut evidence: Vec<String> = results
                    .iter()
                    .flat_map(|r| &r.evidence)
                    .filter(|e| e.role == Role::Governance)
                    .map(|e| e.path.to_string())
                    .collect();
                evidence.sort();
                evidence.dedup();
                let mut remarks: Vec<String> = results
                    .iter()
                    .flat_map(|r| &r.reasons)
                    .filter(|reason| reason.rule == "governance-missing")
                    .map(|reason| reason.text.clone())
                    .collect();
                remarks.sort();
                remarks.dedup();
                PartyCheck {
                    reference: format!("S1-E{:02}", n + 1),
                    name: self
                        .catalogue
                        .process(&process)
                        .map_or_else(|| process.clone(), |p| p.name.clone()),
                    party,
                    process,
                    controlled: has("governance-agreement") && has("governance-review"),
                    evidence,
                    remarks,
                }
            })
            .collect()
    }

    fn held_checks(&self) -> Vec<HeldCheck> {
        self.catalogue
            .requirements
            .iter()
            .filter(|r| matches!(r.process.as_str(), "internal-audit" | "management-review"))
            .filter(|r| r.kind == Kind::Record && r.evidence.freshness.is_some())
            .filter_map(|r| Some((r, self.result(&r.id)?)))
            .enumerate()
            .map(|(n, (requirement, result))| {
                let latest = result
                    .evidence
                    .iter()
                    .filter(|e| e.role == Role::Record)
                    .filter(|e| e.dated.is_some_and(|d| d <= self.assessment.as_of))
                    .min_by_key(|e| (e.basis, std::cmp::Reverse(e.dated)));
                let freshness = requirement.evidence.freshness;
                let held = latest.is_some_and(|e| {
                    freshness.is_none_or(|f| {
                        e.dated
                            .is_some_and(|d| d >= f.earliest_fresh_date(self.assessment.as_of))
                    })
                });
                HeldCheck {
                    reference: format!("S1-F{:02}", n + 1),
                    requirement: result.id.clone(),
                    title: result.title.clone(),
                    held,
                    last: latest.and_then(|e| e.dated),
                    file: latest.map(|e| e.path.to_string()),
                    window: freshness.map(|f| f.to_string()),
                }
            })
            .collect()
    }

    /// The dates of a requirement's records: each record file's date and the dates in its tables.
    fn record_dates(&self, result: &RequirementResult) -> Vec<Date> {
        let mut dates = Vec::new();
        for evidence in result.evidence.iter().filter(|e| e.role == Role::Record) {
            dates.extend(evidence.dated);
            if let Some(item) = self.items.get(&*evidence.path) {
                dates.extend(item.metadata.date);
                for table in &item.tables {
                    dates.extend(table.dates.iter().copied());
                }
            }
        }
        dates.retain(|d| *d <= self.assessment.as_of);
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The samples of a requirement's records: one per table of records, and one of the record files
    /// themselves when there are several without tables. Requirements that expect records and have none
    /// get an empty population, so the auditor asks for them.
    fn samples(
        &self,
        requirement: &Requirement,
        result: &RequirementResult,
        seed: u64,
    ) -> Vec<Sample> {
        let expects_records =
            requirement.kind == Kind::Record || requirement.evidence.freshness.is_some();
        if !expects_records {
            return Vec::new();
        }
        let mut samples = Vec::new();
        let mut files = Vec::new();
        for evidence in result.evidence.iter().filter(|e| e.role == Role::Record) {
            let Some(item) = self.items.get(&*evidence.path) else {
                continue;
            };
            if item.tables.is_empty() {
                files.push(evidence.path.to_string());
            }
            for table in &item.tables {
                let name = match &table.name {
                    Some(t) => format!("{}#{t}", item.path),
                    None => item.path.clone(),
                };
                let size = sampling::sample_size(table.rows);
                let items = sampling::draw(seed, &name, table.rows, size)
                    .into_iter()
                    .map(|i| match table.keys.get(i) {
                        Some(key) if !key.is_empty() => key.to_string(),
                        _ => format!("row {}", i + 1),
                    })
                    .collect();
                samples.push(Sample {
                    source: item.path.clone(),
                    table: table.name.clone(),
                    population: table.rows,
                    size,
                    items,
                    note: (table.rows == 0)
                        .then(|| "the table holds no records: ask for them".to_string()),
                });
            }
        }
        if !files.is_empty() {
            files.sort();
            let source = common_folder(&files);
            let size = sampling::sample_size(files.len());
            let items = sampling::draw(seed, &source, files.len(), size)
                .into_iter()
                .map(|i| files[i].clone())
                .collect();
            samples.push(Sample {
                source,
                table: None,
                population: files.len(),
                size,
                items,
                note: None,
            });
        } else if samples.is_empty() {
            samples.push(Sample {
                source: String::new(),
                table: None,
                population: 0,
                size: 0,
                items: Vec::new(),
                note: Some("no records were found: ask how the activity is evidenced".to_string()),
            });
        }
        samples
    }
}

/// The file that best provides a requirement: of the kind's role, declared before inferred, then the
/// latest dated, then by path.
fn best_file(result: &RequirementResult) -> Option<&EvidenceRef> {
    let wanted = match result.kind {
        Kind::Record => Some(Role::Record),
        Kind::Document => Some(Role::Document),
        Kind::Activity => None,
    };
    result
        .evidence
        .iter()
        .filter(|e| e.role != Role::Governance)
        .min_by(|a, b| {
            let key = |e: &EvidenceRef| {
                (
                    wanted.is_some_and(|w| w != e.role),
                    e.basis,
                    std::cmp::Reverse(e.dated),
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path))
        })
}

/// What holds a requirement back, from the assessment's reasons (none when conformant).
fn shortfalls(result: &RequirementResult) -> Vec<String> {
    if result.status == Status::Conformant {
        return Vec::new();
    }
    result
        .reasons
        .iter()
        .filter(|r| findings::is_shortfall(r.rule))
        .map(|r| r.text.clone())
        .collect()
}

/// The services a service catalogue lists: its first table's keys, else its third-level headings.
fn services(item: &EvidenceItem) -> Vec<String> {
    if let Some(table) = item.tables.iter().find(|t| t.rows > 0) {
        return table
            .keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect();
    }
    item.headings
        .iter()
        .filter(|h| h.level == 3)
        .map(|h| h.text.to_string())
        .collect()
}

/// The folder several paths share (`07 Reports/Capacity Reviews/`), else `record files`; a single path
/// is its own source.
fn common_folder(paths: &[String]) -> String {
    if let [only] = paths {
        return only.clone();
    }
    let folder = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(f, _)| f.to_string())
    };
    let first = folder(&paths[0]);
    if !first.is_empty() && paths.iter().all(|p| folder(p) == first) {
        format!("{first}/")
    } else {
        "record files".to_string()
    }
}
