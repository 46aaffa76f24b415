//! Predicted audit findings: the grade a certification auditor would likely give a requirement that is not
//! conformant, if they saw the evidence today. A prediction by documented rules, never a finding.
//!
//! The rules, first match wins:
//!
//! | Rule | Grade | When |
//! |---|---|---|
//! | `mandatory-missing` | major | mandatory documented information with no evidence at all |
//! | `process-without-evidence` | major | every requirement of the requirement's process area is a gap |
//! | `requirement-not-met` | minor | any other gap |
//! | `mandatory-incomplete` | minor | mandatory documented information that is a draft, lapsed or incomplete |
//! | `series-holes` | minor | a recurring record with holes in the audit period |
//! | `weak-evidence` | opportunity | any other partial requirement |

use crate::assess::{Assessment, RequirementResult, Status};
use serde::Serialize;

/// The likely grade of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// Major nonconformity.
    Major,
    /// Minor nonconformity.
    Minor,
    /// Opportunity for improvement.
    Opportunity,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::Major => "major nonconformity",
            Grade::Minor => "minor nonconformity",
            Grade::Opportunity => "opportunity for improvement",
        }
    }
}

/// A predicted finding and the rule that predicts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prediction {
    pub grade: Grade,
    /// The grade in words (`major nonconformity` …).
    pub label: &'static str,
    pub rule: &'static str,
    pub text: String,
}

/// The predicted finding for `result`, or `None` when it is conformant. `series_holes` names the slots a
/// recurring record is missing in the audit period.
pub fn predict(
    assessment: &Assessment,
    result: &RequirementResult,
    series_holes: &[String],
) -> Option<Prediction> {
    let (grade, rule, text) = match result.status {
        Status::Conformant => return None,
        Status::Gap if result.mandatory_document => (
            Grade::Major,
            "mandatory-missing",
            "mandatory documented information with no evidence".to_string(),
        ),
        Status::Gap if whole_process_missing(assessment, &result.process) => (
            Grade::Major,
            "process-without-evidence",
            format!(
                "no requirement of the `{}` process has evidence",
                result.process
            ),
        ),
        Status::Gap => (
            Grade::Minor,
            "requirement-not-met",
            "no evidence that the requirement is met".to_string(),
        ),
        Status::Partial if result.mandatory_document => (
            Grade::Minor,
            "mandatory-incomplete",
            format!(
                "mandatory documented information that falls short: {}",
                shortfall(result)
            ),
        ),
        Status::Partial if !series_holes.is_empty() => (
            Grade::Minor,
            "series-holes",
            format!(
                "the record series has holes in the audit period: {}",
                series_holes.join(", ")
            ),
        ),
        Status::Partial => (
            Grade::Opportunity,
            "weak-evidence",
            format!("evidence exists but falls short: {}", shortfall(result)),
        ),
    };
    Some(Prediction {
        grade,
        label: grade.label(),
        rule,
        text,
    })
}

/// Every requirement of `process` is a gap.
fn whole_process_missing(assessment: &Assessment, process: &str) -> bool {
    assessment
        .requirements
        .iter()
        .filter(|r| r.process == process)
        .all(|r| r.status == Status::Gap)
}

/// The assessment's rules that hold a requirement back (the others explain what was found).
const SHORTFALLS: &[&str] = &[
    "activity-document-lapsed",
    "activity-undocumented",
    "document-draft",
    "document-unapproved",
    "elements-missing",
    "governance-missing",
    "inferred-only",
    "no-records",
    "no-review-date",
    "not-in-place",
    "record-stale",
    "record-undated",
    "review-overdue",
    "reviews-overdue",
    "set-aside",
    "title-only",
];

/// Whether the assessment's `rule` is one that holds a requirement back.
pub fn is_shortfall(rule: &str) -> bool {
    SHORTFALLS.contains(&rule)
}

/// The rules that held the requirement back, in order (`document-draft, review-overdue`).
fn shortfall(result: &RequirementResult) -> String {
    let mut rules: Vec<&str> = result
        .reasons
        .iter()
        .map(|r| r.rule)
        .filter(|rule| is_shortfall(rule))
        .collect();
    rules.dedup();
    if rules.is_empty() {
        "see the gap report".to_string()
    } else {
        rules.join(", ")
    }
}
