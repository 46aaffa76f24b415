//! The process capability profile: for each process area of the catalogue, a capability level 0-5 with
//! each process attribute rated N/P/L/F from named evidence signals (the rules in
//! `requirements/capability-2018.yaml`). It reads what the assessment already recorded per requirement
//! (status, the reasons' rule codes and files, the evidence's roles and dates) and, for the `owner-named`
//! signal, the owners the evidence index read; it never judges evidence again.
//!
//! A signal's achievement is the mean of its credits over the requirements it applies to (1 in full, 0.5
//! half, 0 none), or a process-level figure (another area's conformance, months of records); an
//! attribute's achievement is the mean of its signals', rated against the rules' thresholds. A level is
//! reached when its attributes are largely or fully achieved and every lower level's fully.

use crate::assess::{Assessment, RequirementResult, Role, Status};
use crate::catalogue::{CapabilityRules, Catalogue, Kind, Signal, Thresholds};
use crate::evidence::EvidenceIndex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The profile of one assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    #[serde(flatten)]
    pub header: super::Header,
    /// The version of the capability rules applied.
    pub rules_version: String,
    pub thresholds: Thresholds,
    /// The attributes rated, in level order: `(id, name, level)`.
    pub attributes: Vec<AttributeInfo>,
    /// One entry per process area, in catalogue order.
    pub processes: Vec<ProcessCapability>,
    /// How many processes stand at each level 0-5.
    pub distribution: [usize; 6],
}

/// A process attribute as the profile lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeInfo {
    pub id: String,
    pub name: String,
    pub level: u8,
}

/// The capability of one process area.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessCapability {
    pub process: String,
    pub name: String,
    /// How many requirements of the catalogue the process area holds.
    pub requirements: usize,
    /// The capability level reached, 0-5.
    pub level: u8,
    /// The target level from `[capability] targets` in iso20k.toml (`null` when none).
    pub target: Option<u8>,
    /// Levels short of the target (0 when met or without a target).
    pub gap_to_target: u8,
    pub attributes: Vec<AttributeRating>,
}

/// A process attribute's rating and what it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct AttributeRating {
    pub id: String,
    pub level: u8,
    /// 0-100, one decimal.
    pub achievement: f64,
    pub rating: Rating,
    pub signals: Vec<SignalResult>,
}

/// The N/P/L/F scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Rating {
    /// Not achieved.
    N,
    /// Partially achieved.
    P,
    /// Largely achieved.
    L,
    /// Fully achieved.
    F,
}

impl Rating {
    pub fn letter(self) -> &'static str {
        match self {
            Rating::N => "N",
            Rating::P => "P",
            Rating::L => "L",
            Rating::F => "F",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Rating::N => "not achieved",
            Rating::P => "partially achieved",
            Rating::L => "largely achieved",
            Rating::F => "fully achieved",
        }
    }

    /// The rating of an achievement (0-100): above `fully` F, above `largely` L, above `partially` P.
    pub fn of(achievement: f64, t: &Thresholds) -> Rating {
        if achievement > t.fully {
            Rating::F
        } else if achievement > t.largely {
            Rating::L
        } else if achievement > t.partially {
            Rating::P
        } else {
            Rating::N
        }
    }
}

/// One signal's reading for a process.
#[derive(Debug, Clone, Serialize)]
pub struct SignalResult {
    /// The signal with its parameter (`records-fresh`, `area-conformant(support)`).
    pub signal: String,
    /// 0-100, one decimal; `null` when the signal applies to no requirement of the process.
    pub achievement: Option<f64>,
    /// What was found, in one sentence.
    pub summary: String,
    /// Per requirement (or per area, per month) what counted, each naming the rule and the file.
    pub items: Vec<SignalItem>,
}

/// What one requirement (or other unit) gave a signal.
#[derive(Debug, Clone, Serialize)]
pub struct SignalItem {
    /// The requirement id, or what the unit is (`support`, `2026-10`).
    pub subject: String,
    /// 1 in full, 0.5 half, 0 none.
    pub credit: f64,
    /// The assessment's rule code it rests on (`record-fresh`, `document-sound` …), `null` when none.
    pub rule: Option<String>,
    /// The evidence file, `null` when there is none.
    pub path: Option<String>,
}

/// What the profile needs to know about files beyond the assessment: who owns each document.
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// Path → owner, for files whose metadata names one.
    pub owners: BTreeMap<String, String>,
}

impl DocumentFacts {
    pub fn from_index(index: &EvidenceIndex) -> DocumentFacts {
        DocumentFacts {
            owners: index
                .items
                .iter()
                .filter_map(|item| {
                    let owner = item.metadata.owner.as_deref()?.trim();
                    (!owner.is_empty()).then(|| (item.path.clone(), owner.to_string()))
                })
                .collect(),
        }
    }
}

/// Rule codes that show the way of working is written down and approved or controlled.
const DOCUMENTED: [&str; 3] = [
    "activity-documented",
    "activity-documented-controlled",
    "document-sound",
];
/// Rule codes that show a document exists but is a draft, unapproved or lapsed.
const DOCUMENT_WEAK: [&str; 6] = [
    "activity-document-lapsed",
    "document-draft",
    "document-unapproved",
    "review-overdue",
    "no-review-date",
    "elements-missing",
];
/// Rule codes that show a current record of the work.
const FRESH: [&str; 2] = ["record-fresh", "document-as-record"];
/// Rule codes that show records exist but are not current.
const NOT_FRESH: [&str; 2] = ["record-stale", "record-undated"];

/// The profile of `assessment` under `rules`; `targets` are target levels by process area id.
pub fn profile(
    catalogue: &Catalogue,
    assessment: &Assessment,
    rules: &CapabilityRules,
    facts: &DocumentFacts,
    targets: &BTreeMap<String, u8>,
) -> Profile {
    let attributes: Vec<AttributeInfo> = rules
        .levels
        .iter()
        .flat_map(|l| {
            l.attributes.iter().map(|a| AttributeInfo {
                id: a.id.clone(),
                name: a.name.clone(),
                level: l.level,
            })
        })
        .collect();
    let mut processes = Vec::new();
    let mut distribution = [0; 6];
    for area in &catalogue.processes {
        let results: Vec<&RequirementResult> = assessment
            .requirements
            .iter()
            .filter(|r| r.process == area.id)
            .collect();
        let context = Context {
            assessment,
            facts,
            results: &results,
        };
        let mut ratings = Vec::new();
        for level in &rules.levels {
            for attribute in &level.attributes {
                let signals: Vec<SignalResult> =
                    attribute.signals.iter().map(|s| context.read(s)).collect();
                let read: Vec<f64> = signals.iter().filter_map(|s| s.achievement).collect();
                let achievement = if read.is_empty() {
                    0.0
                } else {
                    round1(read.iter().sum::<f64>() / read.len() as f64)
                };
                ratings.push(AttributeRating {
                    id: attribute.id.clone(),
                    level: level.level,
                    achievement,
                    rating: Rating::of(achievement, &rules.ratings),
                    signals,
                });
            }
        }
        let level = level_reached(&ratings);
        distribution[usize::from(level)] += 1;
        let target = targets.get(&area.id).copied();
        processes.push(ProcessCapability {
            process: area.id.clone(),
            name: area.name.clone(),
            requirements: results.len(),
            level,
            target,
            gap_to_target: target.map_or(0, |t| t.saturating_sub(level)),
            attributes: ratings,
        });
    }
    Profile {
        header: super::Header::new(assessment),
        rules_version: rules.version.clone(),
        thresholds: rules.ratings,
        attributes,
        processes,
        distribution,
    }
}

/// The highest level whose attributes are all largely or fully achieved, with every lower level's fully.
pub fn level_reached(ratings: &[AttributeRating]) -> u8 {
    let top = ratings.iter().map(|r| r.level).max().unwrap_or(0);
    let mut reached = 0;
    for level in 1..=top {
        let of = |n: u8| ratings.iter().filter(move |r| r.level == n);
        let here = of(level).all(|r| r.rating >= Rating::L);
        let below = (1..level).all(|n| of(n).all(|r| r.rating == Rating::F));
        if here && below {
            reached = level;
        } else {
            break;
        }
    }
    reached
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// One process area's requirements, and what the signals read beside them.
struct Context<'a> {
    assessment: &'a Assessment,
    facts: &'a DocumentFacts,
    results: &'a [&'a RequirementResult],
}

impl Context<'_> {
    fn read(&self, signal: &Signal) -> SignalResult {
        match signal {
            Signal::OutcomeEvidenced => self.per_requirement(signal, |_| true, outcome),
            Signal::WayDocumented => self.per_requirement(signal, documented_kind, way_documented),
            Signal::RecordsFresh => self.per_requirement(signal, recorded_kind, records_fresh),
            Signal::DocumentsControlled => {
                self.per_requirement(signal, documented_kind, documents_controlled)
            }
            Signal::OwnerNamed => {
                self.per_requirement(signal, documented_kind, |r| match documented_path(r) {
                    Some((rule, path)) => match self.facts.owners.get(path) {
                        Some(_) => item(r, 1.0, Some(rule), Some(path)),
                        None => item(r, 0.0, Some(rule), Some(path)),
                    },
                    None => item(r, 0.0, None, None),
                })
            }
            Signal::AllConformant => self.per_requirement(
                signal,
                |_| true,
                |r| item(r, r.status.value(), None, first_evidence(r)),
            ),
            Signal::AreaConformant { area } => self.area(signal, area),
            Signal::RecordsOverTime { periods } => self.months(signal, *periods),
        }
    }

    /// A signal credited requirement by requirement over those it `applies` to.
    fn per_requirement(
        &self,
        signal: &Signal,
        applies: impl Fn(&RequirementResult) -> bool,
        credit: impl Fn(&RequirementResult) -> SignalItem,
    ) -> SignalResult {
        let items: Vec<SignalItem> = self
            .results
            .iter()
            .filter(|r| applies(r))
            .map(|r| credit(r))
            .collect();
        let label = signal.label();
        if items.is_empty() {
            return SignalResult {
                signal: label,
                achievement: None,
                summary: "applies to no requirement of this process".to_string(),
                items,
            };
        }
        let sum: f64 = items.iter().map(|i| i.credit).sum();
        let full = items.iter().filter(|i| i.credit >= 1.0).count();
        let half = items
            .iter()
            .filter(|i| i.credit > 0.0 && i.credit < 1.0)
            .count();
        let achievement = round1(sum / items.len() as f64 * 100.0);
        let mut summary = format!("{full} of {} requirements in full", items.len());
        if half > 0 {
            summary.push_str(&format!(", {half} in part"));
        }
        SignalResult {
            signal: label,
            achievement: Some(achievement),
            summary,
            items,
        }
    }

    /// How conformant another process area is: its requirements' mean status value.
    fn area(&self, signal: &Signal, area: &str) -> SignalResult {
        let of_area: Vec<&RequirementResult> = self
            .assessment
            .requirements
            .iter()
            .filter(|r| r.process == area)
            .collect();
        let label = signal.label();
        if of_area.is_empty() {
            return SignalResult {
                signal: label,
                achievement: None,
                summary: format!("the assessment holds no requirement of `{area}`"),
                items: Vec::new(),
            };
        }
        let conformant = of_area
            .iter()
            .filter(|r| r.status == Status::Conformant)
            .count();
        let sum: f64 = of_area.iter().map(|r| r.status.value()).sum();
        let items = of_area
            .iter()
            .map(|r| item(r, r.status.value(), None, first_evidence(r)))
            .collect();
        SignalResult {
            signal: label,
            achievement: Some(round1(sum / of_area.len() as f64 * 100.0)),
            summary: format!(
                "{conformant} of {} requirements of `{area}` conformant",
                of_area.len()
            ),
            items,
        }
    }

    /// How many distinct months the process's dated records cover, against `periods`.
    fn months(&self, signal: &Signal, periods: u32) -> SignalResult {
        let mut latest: BTreeMap<String, (jiff::civil::Date, String)> = BTreeMap::new();
        for r in self.results {
            for e in r.evidence.iter().filter(|e| e.role == Role::Record) {
                let Some(date) = e.dated else { continue };
                let month = format!("{:04}-{:02}", date.year(), date.month());
                let entry = latest.entry(month).or_insert((date, e.path.to_string()));
                if (date, &*e.path) > (entry.0, entry.1.as_str()) {
                    *entry = (date, e.path.to_string());
                }
            }
        }
        let covered = latest.len();
        let achievement = round1((covered as f64 / f64::from(periods)).min(1.0) * 100.0);
        let months: BTreeSet<&String> = latest.keys().collect();
        SignalResult {
            signal: signal.label(),
            achievement: Some(achievement),
            summary: format!(
                "dated records in {covered} distinct month{} (of {periods} wanted){}",
                if covered == 1 { "" } else { "s" },
                months
                    .iter()
                    .next()
                    .zip(months.iter().next_back())
                    .map(|(a, b)| format!(", {a} to {b}"))
                    .unwrap_or_default()
            ),
            items: latest
                .into_iter()
                .map(|(month, (_, path))| SignalItem {
                    subject: month,
                    credit: 1.0,
                    rule: Some("record-dated".to_string()),
                    path: Some(path),
                })
                .collect(),
        }
    }
}

fn item(r: &RequirementResult, credit: f64, rule: Option<&str>, path: Option<&str>) -> SignalItem {
    SignalItem {
        subject: r.id.clone(),
        credit,
        rule: rule.map(str::to_string),
        path: path.map(str::to_string),
    }
}

/// Requirements that call for a document, and activities the assessment looked for a documented way of
/// working for (an activity judged on its records alone is not counted).
fn documented_kind(r: &RequirementResult) -> bool {
    r.kind == Kind::Document
        || (r.kind == Kind::Activity
            && (r.evidence.iter().any(|e| e.role == Role::Document)
                || r.reasons.iter().any(|reason| {
                    DOCUMENTED.contains(&reason.rule)
                        || DOCUMENT_WEAK.contains(&reason.rule)
                        || reason.rule == "activity-undocumented"
                })))
}

/// Rule codes the assessment gives only where it looked for records.
const RECORD_RULES: [&str; 5] = [
    "record-fresh",
    "record-stale",
    "record-undated",
    "no-records",
    "document-as-record",
];

/// Requirements that call for records of the work: records themselves, and activities the assessment
/// looked for records of.
fn recorded_kind(r: &RequirementResult) -> bool {
    r.kind == Kind::Record
        || (r.kind == Kind::Activity
            && (r.evidence.iter().any(|e| e.role == Role::Record)
                || r.reasons
                    .iter()
                    .any(|reason| RECORD_RULES.contains(&reason.rule))))
}

/// The first reason with one of `rules`, as (rule, path).
fn reason_with<'r>(r: &'r RequirementResult, rules: &[&str]) -> Option<(&'r str, Option<&'r str>)> {
    r.reasons
        .iter()
        .find(|reason| rules.contains(&reason.rule))
        .map(|reason| (reason.rule, reason.path.as_deref()))
}

fn first_evidence(r: &RequirementResult) -> Option<&str> {
    r.evidence.first().map(|e| &*e.path)
}

/// The latest dated record among the evidence, else the first record.
fn latest_record(r: &RequirementResult) -> Option<&str> {
    let records = r.evidence.iter().filter(|e| e.role == Role::Record);
    records
        .clone()
        .filter(|e| e.dated.is_some())
        .max_by(|a, b| (a.dated, &a.path).cmp(&(b.dated, &b.path)))
        .or_else(|| records.clone().next())
        .map(|e| &*e.path)
}

/// `outcome-evidenced`: a record of the work, or the document a document requirement asks for; a gap
/// (evidence that says the thing does not exist yet) earns nothing.
fn outcome(r: &RequirementResult) -> SignalItem {
    if r.status == Status::Gap {
        return item(r, 0.0, Some("gap"), first_evidence(r));
    }
    if let Some(path) = latest_record(r) {
        return item(r, 1.0, Some("record"), Some(path));
    }
    if let Some((rule, path)) = reason_with(r, &["document-as-record"]) {
        return item(r, 1.0, Some(rule), path);
    }
    if r.kind == Kind::Document
        && let Some(e) = r.evidence.iter().find(|e| e.role == Role::Document)
    {
        return item(r, 1.0, Some("document"), Some(&e.path));
    }
    if let Some(e) = r.evidence.iter().find(|e| e.role == Role::Governance) {
        return item(r, 1.0, Some("governance"), Some(&e.path));
    }
    // Conformant without records: the catalogue asks for none here, so the way of working in use is
    // the outcome.
    if r.status == Status::Conformant
        && let Some((rule, path)) = reason_with(r, &DOCUMENTED)
    {
        return item(r, 1.0, Some(rule), path);
    }
    item(r, 0.0, None, first_evidence(r))
}

/// The reason showing the way of working is documented, as (rule, path).
fn documented_path(r: &RequirementResult) -> Option<(&str, &str)> {
    r.reasons
        .iter()
        .filter(|reason| DOCUMENTED.contains(&reason.rule) || DOCUMENT_WEAK.contains(&reason.rule))
        .find_map(|reason| Some((reason.rule, reason.path.as_deref()?)))
}

/// `way-documented`: approved or controlled in full, draft or lapsed half.
fn way_documented(r: &RequirementResult) -> SignalItem {
    if let Some((rule, path)) = reason_with(r, &DOCUMENTED) {
        return item(r, 1.0, Some(rule), path);
    }
    if let Some((rule, path)) = reason_with(r, &DOCUMENT_WEAK) {
        return item(r, 0.5, Some(rule), path);
    }
    item(r, 0.0, None, None)
}

/// `records-fresh`: current in full, stale or undated half.
fn records_fresh(r: &RequirementResult) -> SignalItem {
    if let Some((rule, path)) = reason_with(r, &FRESH) {
        return item(r, 1.0, Some(rule), path);
    }
    if let Some((rule, path)) = reason_with(r, &NOT_FRESH) {
        return item(r, 0.5, Some(rule), path);
    }
    item(r, 0.0, None, None)
}

/// `documents-controlled`: approved and current with nothing lapsed in full; controlled without an
/// approval half; anything draft or lapsed none.
fn documents_controlled(r: &RequirementResult) -> SignalItem {
    if let Some((rule, path)) = reason_with(r, &DOCUMENT_WEAK) {
        return item(r, 0.0, Some(rule), path);
    }
    if let Some((rule, path)) = reason_with(r, &["activity-documented", "document-sound"]) {
        return item(r, 1.0, Some(rule), path);
    }
    if let Some((rule, path)) = reason_with(r, &["activity-documented-controlled"]) {
        return item(r, 0.5, Some(rule), path);
    }
    item(r, 0.0, None, None)
}

#[cfg(test)]
mod tests;
