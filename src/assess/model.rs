//! The assessment: the one result every view and renderer presents. It is also the JSON output, so its
//! shape is documented (`report-templates/assessment.schema.json`) and versioned by [`SCHEMA_VERSION`].

use crate::catalogue::{ClauseNumber, Kind};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The version of the assessment's JSON layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    pub schema_version: u32,
    pub catalogue: CatalogueRef,
    pub organisation: Option<String>,
    pub scope: Option<String>,
    pub as_of: Date,
    pub summary: Summary,
    /// Scores of every clause of the table that holds requirements, in clause order.
    pub clauses: Vec<ClauseScore>,
    /// Scores per process area, in catalogue order.
    pub processes: Vec<ProcessScore>,
    pub mandatory: MandatoryCoverage,
    pub requirements: Vec<RequirementResult>,
    /// Evidence files set aside as not trustworthy, with the reason (templates, empty files …).
    pub set_aside: Vec<SetAside>,
    pub warnings: Vec<crate::evidence::Warning>,
    /// Every file of the evidence index with its SHA-256, sorted by path: what `iso20k diff` compares to
    /// tell evidence that changed from time that passed. Empty in assessments saved before it existed.
    #[serde(default)]
    pub files: Vec<FileHash>,
}

/// A file of the evidence folder and the SHA-256 of its content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileHash {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogueRef {
    pub standard: String,
    pub edition: String,
    pub version: String,
}

/// The weighted score (0–100) from which a clause with no gap among its requirements is conformant.
pub const CLAUSE_CONFORMANT_SCORE: f64 = 85.0;

/// A requirement's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Conformant,
    Partial,
    Gap,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Conformant, Status::Partial, Status::Gap];

    /// Conformant 1, partial 0.5, gap 0.
    pub fn value(self) -> f64 {
        match self {
            Status::Conformant => 1.0,
            Status::Partial => 0.5,
            Status::Gap => 0.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Conformant => "conformant",
            Status::Partial => "partial",
            Status::Gap => "gap",
        }
    }

    /// A clause judged as a whole from its requirements, the way an assessor rates a clause: a **gap**
    /// when none of its requirements has any evidence, when every requirement of weight 2 or more is a
    /// gap (what little there is, a supplier register for internal agreements, is no partial fulfilment of
    /// what the clause is about), or when a decisive requirement is a gap (no availability targets: a
    /// risk register rating outages is no availability management); **conformant** when the shortfalls are minor,
    /// that is when every requirement of weight 2 or more is conformant and none is a gap (the only
    /// shortfalls are partials on light requirements), or when none of weight 2 or more is a gap, every
    /// core requirement (weight 3 or more: the clause's documented information and key records) is
    /// conformant and their weighted score reaches [`CLAUSE_CONFORMANT_SCORE`]; **partial** otherwise.
    /// `score` is the clause's weighted score, 0–100; `counts` its requirements by status.
    pub fn of_clause(score: f64, counts: [usize; 3], heavy: Heavy) -> Status {
        let [conformant, partial, gap] = counts;
        let [heavy_conformant, heavy_partial, heavy_gap] = heavy.by_status;
        let light_shortfalls_only = heavy_conformant > 0 && heavy_partial == 0 && gap == 0;
        let sound_core = heavy.core_shortfalls == 0 && score >= CLAUSE_CONFORMANT_SCORE;
        let heavy_all_gaps = heavy_gap > 0 && heavy_conformant == 0 && heavy_partial == 0;
        if (conformant == 0 && partial == 0) || heavy_all_gaps || heavy.decisive_gaps > 0 {
            Status::Gap
        } else if heavy_gap == 0 && (sound_core || light_shortfalls_only) {
            Status::Conformant
        } else {
            Status::Partial
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.name() == name.trim().to_ascii_lowercase())
    }
}

/// The requirements that weigh in a clause's rating: those of weight 2 or more, by status, and how many
/// of its core requirements (weight 3 or more) are not conformant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heavy {
    pub by_status: [usize; 3],
    pub core_shortfalls: usize,
    /// Decisive requirements (the catalogue's `decisive`) that are gaps.
    pub decisive_gaps: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// The weighted score, 0–100, one decimal.
    pub score: f64,
    pub requirements: usize,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
    /// Requirements whose status comes from the assessor's judgement.
    pub overridden: usize,
    pub evidence_files: usize,
    /// With `--transition`: how the requirements relate to the earlier edition (`null` otherwise).
    pub transition: Option<TransitionSummary>,
}

/// Counts of the transition view: requirements new since the earlier edition, changed, carried over, and
/// how many of the new and changed ones are not conformant (the transition work).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TransitionSummary {
    /// The earlier edition, e.g. `2011`.
    pub from_edition: String,
    pub new: usize,
    pub changed: usize,
    pub carried: usize,
    pub new_open: usize,
    pub changed_open: usize,
}

/// Where a requirement stands against the earlier edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransitionKind {
    /// No counterpart in the earlier edition.
    New,
    /// Has a counterpart, but asks substantively more or differently.
    Changed,
    /// Carried over.
    Carried,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransitionMark {
    pub kind: TransitionKind,
    /// The earlier edition's requirements it comes from.
    pub from: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClauseScore {
    pub clause: ClauseNumber,
    /// 1 for a top-level clause (8), 2 for 8.5, and so on.
    pub depth: usize,
    /// Whether the clause has no sub-clause in the catalogue (the level assessors rate).
    pub leaf: bool,
    pub title: String,
    pub score: f64,
    /// The clause judged as a whole, the way an assessor rates it (see [`Status::of_clause`]).
    pub status: Status,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProcessScore {
    pub process: String,
    pub name: String,
    pub score: f64,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
}

/// Mandatory documented information: what is there, what is missing, what has lapsed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MandatoryCoverage {
    pub total: usize,
    /// Requirement ids with acceptable evidence (conformant).
    pub present: Vec<String>,
    /// Requirement ids with no evidence at all (gap).
    pub missing: Vec<String>,
    /// Requirement ids whose evidence is past its review date or out of its freshness window.
    pub expired: Vec<String>,
    /// Requirement ids with evidence that is incomplete otherwise (draft, missing elements …).
    pub incomplete: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequirementResult {
    pub id: String,
    pub clause: ClauseNumber,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub mandatory_document: bool,
    pub process: String,
    pub weight: u8,
    /// A gap here makes the clause a gap (see [`Status::of_clause`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decisive: bool,
    pub phase: u8,
    /// The status reported: the assessor's, where there is an override, else the automatic one.
    pub status: Status,
    /// `status` as a value: conformant 1, partial 0.5, gap 0.
    pub score: f64,
    /// The status the tool arrived at on its own.
    pub automatic_status: Status,
    /// Why, in plain language, each naming the rule and the file.
    pub reasons: Vec<Reason>,
    pub evidence: Vec<EvidenceRef>,
    /// The assessor's judgement, if any (`null` otherwise).
    #[serde(rename = "override")]
    pub override_: Option<Override>,
    /// The other party that operates this process, per the configuration (`null` otherwise).
    pub operated_by: Option<String>,
    /// With `--transition`: new, changed or carried over since the earlier edition (`null` otherwise).
    pub transition: Option<TransitionMark>,
}

/// One step of the reasoning behind a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// A stable rule code (`review-overdue`, `record-stale` …), documented in the README.
    pub rule: &'static str,
    /// The evidence file the reason is about (`null` when none).
    pub path: Option<String>,
    pub text: String,
}

/// A file used as evidence for a requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// Shared with every other citation of the same file in one assessment (a file may be cited by
    /// dozens of requirements).
    #[serde(serialize_with = "shared_str", deserialize_with = "to_shared_str")]
    pub path: std::sync::Arc<str>,
    /// `declared` (the file or the manifest names the requirement or its clause) or `inferred` (title,
    /// type and keywords match; weaker).
    pub basis: Basis,
    /// `accepted` (counts as evidence) or `suggested` (found only by its title naming the clause's
    /// subject, holding none of the requirement's own words: shown for the assessor to confirm, never
    /// making the requirement conformant by itself). Saved assessments without it read as accepted.
    #[serde(default)]
    pub band: Band,
    /// What the file stands for here: a controlled `document`, a `record` of the activity, or evidence of
    /// `governance` over another party.
    pub role: Role,
    /// The date that made a record fresh or stale (`null` for documents).
    pub dated: Option<Date>,
    /// The section of the file read as the evidence, when only a section of it is about the requirement
    /// (`9. Communication (lines 67–78)`); absent when the whole file is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// A shared string written as a string.
fn shared_str<S: serde::Serializer>(
    text: &std::sync::Arc<str>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}

/// A string read into a shared string.
fn to_shared_str<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::sync::Arc<str>, D::Error> {
    String::deserialize(deserializer).map(std::sync::Arc::from)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Declared,
    Inferred,
}

/// Whether a citation counts as evidence or is a suggestion for the assessor to confirm.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    #[default]
    Accepted,
    Suggested,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::Accepted => "accepted",
            Band::Suggested => "suggested",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Document,
    Record,
    Governance,
}

/// The assessor's own finding, which overrides the automatic status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Who is to close the gap (from the workbook's Owner column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// By when (from the workbook's Target date column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<Date>,
}

/// An evidence file that is not evidence of conformity, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SetAside {
    pub path: String,
    pub reason: String,
}

/// A [`Reason`] as a saved assessment holds it.
#[derive(Deserialize)]
struct SavedReason {
    rule: String,
    path: Option<String>,
    text: String,
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Reason, D::Error> {
        let saved = SavedReason::deserialize(deserializer)?;
        Ok(Reason {
            rule: rule_code(saved.rule),
            path: saved.path,
            text: saved.text,
        })
    }
}

/// A rule code read back from a saved assessment. Codes are `&'static str` (the judge's constants); each
/// distinct code read back is kept once, however many assessments are read.
fn rule_code(code: String) -> &'static str {
    use std::collections::BTreeSet;
    use std::sync::{Mutex, OnceLock};
    static CODES: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut codes = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = codes.get(code.as_str()) {
        return known;
    }
    let interned: &'static str = Box::leak(code.into_boxed_str());
    codes.insert(interned);
    interned
}

#[cfg(test)]
mod tests {
    use super::{Heavy, Status};

    #[test]
    fn a_clause_is_rated_as_a_whole() {
        let heavy = |by_status, core_shortfalls| Heavy {
            by_status,
            core_shortfalls,
            decisive_gaps: 0,
        };
        // Nothing found at all.
        assert_eq!(
            Status::of_clause(0.0, [0, 0, 3], heavy([0, 0, 2], 0)),
            Status::Gap
        );
        // Sound, with a partial on a light requirement.
        assert_eq!(
            Status::of_clause(87.5, [3, 1, 0], heavy([3, 0, 0], 0)),
            Status::Conformant
        );
        // Every heavy requirement sound, a partial on the one light one: minor, whatever the score.
        assert_eq!(
            Status::of_clause(83.3, [1, 1, 0], heavy([1, 0, 0], 0)),
            Status::Conformant
        );
        // A gap on a light requirement among sound ones is minor.
        assert_eq!(
            Status::of_clause(93.3, [7, 0, 1], heavy([6, 0, 0], 0)),
            Status::Conformant
        );
        // A gap on a requirement of weight 2 or 3 is not.
        assert_eq!(
            Status::of_clause(88.0, [7, 0, 1], heavy([6, 0, 1], 0)),
            Status::Partial
        );
        // A partial on a heavy requirement with too low a score.
        assert_eq!(
            Status::of_clause(83.3, [2, 1, 0], heavy([2, 1, 0], 0)),
            Status::Partial
        );
        // A shortfall on a core requirement (weight 3) is never minor, whatever the score.
        assert_eq!(
            Status::of_clause(86.4, [5, 1, 0], heavy([2, 1, 0], 1)),
            Status::Partial
        );
        // Whatever else is sound, a decisive requirement that is a gap (no availability targets) leaves
        // the clause a gap.
        let decisive = Heavy {
            decisive_gaps: 1,
            ..heavy([1, 0, 1], 1)
        };
        assert_eq!(Status::of_clause(40.0, [2, 0, 2], decisive), Status::Gap);
        // Only light requirements, partly met: not enough.
        assert_eq!(
            Status::of_clause(50.0, [0, 1, 0], heavy([0, 0, 0], 0)),
            Status::Partial
        );
        // Every heavy requirement a gap: light evidence alone is no partial fulfilment.
        assert_eq!(
            Status::of_clause(25.0, [1, 0, 2], heavy([0, 0, 2], 1)),
            Status::Gap
        );
        // One heavy requirement partly met among heavy gaps: partial.
        assert_eq!(
            Status::of_clause(20.0, [0, 1, 2], heavy([0, 1, 1], 1)),
            Status::Partial
        );
    }
}
