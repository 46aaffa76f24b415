//! The CI gate: a view of the assessment that passes or fails.
//!
//! By default the gate fails on mandatory documented information that is missing, still a draft, or past
//! its review date (or freshness window). A score threshold, a stricter `declared` requirement and a
//! baseline (fail only on what got worse) can be added. The gate works on a [`Snapshot`]: the parts of an
//! assessment it needs, which the JSON of an earlier `iso20k assess --format json` run also provides, so a
//! baseline is judged by exactly the same rules.

use crate::assess::{Assessment, Basis, Status};
use serde::{Deserialize, Serialize};

pub use crate::config::Require;

/// The gate's settings, after merging `[check]` in `iso20k.toml` with the command line.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Fail when the overall score is below this (0–100).
    pub fail_under: Option<f64>,
    pub require: Require,
    /// Do not fail on review dates or freshness windows that have passed.
    pub allow_expired: bool,
    /// Fail only on what got worse than this earlier assessment.
    pub baseline: Option<Snapshot>,
}

/// The parts of an assessment the gate reads; deserialisable from an assessment's JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Snapshot {
    pub summary: SnapshotSummary,
    pub requirements: Vec<SnapshotRequirement>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotSummary {
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotRequirement {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub mandatory_document: bool,
    pub status: Status,
    pub reasons: Vec<SnapshotReason>,
    #[serde(default)]
    pub evidence: Vec<SnapshotEvidence>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotReason {
    pub rule: String,
    pub path: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotEvidence {
    pub path: String,
    pub basis: String,
}

impl Snapshot {
    /// The parts of `assessment` the gate reads, as its JSON gives them (a test checks they agree).
    pub fn of(assessment: &Assessment) -> Snapshot {
        Snapshot {
            summary: SnapshotSummary {
                score: assessment.summary.score,
            },
            requirements: assessment
                .requirements
                .iter()
                .map(|r| SnapshotRequirement {
                    id: r.id.clone(),
                    clause: r.clause.to_string(),
                    title: r.title.clone(),
                    mandatory_document: r.mandatory_document,
                    status: r.status,
                    reasons: r
                        .reasons
                        .iter()
                        .map(|reason| SnapshotReason {
                            rule: reason.rule.to_string(),
                            path: reason.path.clone(),
                            text: reason.text.clone(),
                        })
                        .collect(),
                    evidence: r
                        .evidence
                        .iter()
                        .map(|e| SnapshotEvidence {
                            path: e.path.to_string(),
                            basis: match e.basis {
                                Basis::Declared => "declared",
                                Basis::Inferred => "inferred",
                            }
                            .to_string(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Reads an earlier assessment's JSON.
    pub fn from_json(text: &str) -> Result<Snapshot, String> {
        serde_json::from_str(text).map_err(|e| {
            format!(
                "not an iso20k assessment (JSON from `iso20k assess --format json`): line {} column {}: {e}",
                e.line(),
                e.column()
            )
        })
    }
}

/// Why the gate fails, with a stable code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `mandatory-missing`, `mandatory-draft`, `mandatory-expired`, `mandatory-undeclared`,
    /// `score-below-threshold`, `status-regression` or `score-regression`.
    pub code: &'static str,
    /// The requirement concerned, if any.
    pub requirement: Option<String>,
    pub clause: Option<String>,
    pub title: Option<String>,
    /// The evidence file concerned, relative to the evidence folder, if there is one.
    pub path: Option<String>,
    pub message: String,
}

/// A requirement the gate looked at (a JUnit test case).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    pub requirement: String,
    pub clause: String,
    pub title: String,
    pub passed: bool,
}

/// The gate's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub passed: bool,
    pub score: f64,
    pub fail_under: Option<f64>,
    pub require: Require,
    pub allow_expired: bool,
    pub baseline_score: Option<f64>,
    pub checked: Vec<Checked>,
    pub findings: Vec<Finding>,
}

/// The stable finding codes and what each means (for SARIF rules and the README).
pub const CODES: &[(&str, &str)] = &[
    (
        "mandatory-missing",
        "Mandatory documented information is missing",
    ),
    (
        "mandatory-draft",
        "Mandatory documented information is still a draft",
    ),
    (
        "mandatory-expired",
        "Mandatory documented information is past its review date or freshness window",
    ),
    (
        "mandatory-undeclared",
        "Mandatory documented information is evidenced only by inference, not declared",
    ),
    (
        "score-below-threshold",
        "The overall score is below the threshold",
    ),
    (
        "status-regression",
        "A requirement's status is worse than in the baseline",
    ),
    (
        "score-regression",
        "The overall score is lower than in the baseline",
    ),
];

pub fn check(assessment: &Assessment, options: &CheckOptions) -> CheckResult {
    let current = Snapshot::of(assessment);
    let mut findings = mandatory_findings(&current, options);
    if let Some(baseline) = &options.baseline {
        // Only what the baseline did not already have counts.
        let old = mandatory_findings(baseline, options);
        findings.retain(|f| {
            !old.iter()
                .any(|o| o.code == f.code && o.requirement == f.requirement)
        });
        findings.extend(regressions(&current, baseline));
    }
    if let Some(threshold) = options.fail_under
        && current.summary.score < threshold
    {
        findings.push(Finding {
            code: "score-below-threshold",
            requirement: None,
            clause: None,
            title: None,
            path: None,
            message: format!(
                "the overall score {:.1} is below the threshold {threshold:.1}",
                current.summary.score
            ),
        });
    }
    let checked = if options.require == Require::None {
        Vec::new()
    } else {
        current
            .requirements
            .iter()
            .filter(|r| r.mandatory_document)
            .map(|r| Checked {
                requirement: r.id.clone(),
                clause: r.clause.clone(),
                title: r.title.clone(),
                passed: !findings
                    .iter()
                    .any(|f| f.requirement.as_deref() == Some(r.id.as_str())),
            })
            .collect()
    };
    CheckResult {
        passed: findings.is_empty(),
        score: current.summary.score,
        fail_under: options.fail_under,
        require: options.require,
        allow_expired: options.allow_expired,
        baseline_score: options.baseline.as_ref().map(|b| b.summary.score),
        checked,
        findings,
    }
}

fn finding(
    r: &SnapshotRequirement,
    code: &'static str,
    path: Option<String>,
    message: String,
) -> Finding {
    Finding {
        code,
        requirement: Some(r.id.clone()),
        clause: Some(r.clause.clone()),
        title: Some(r.title.clone()),
        path,
        message,
    }
}

fn mandatory_findings(snapshot: &Snapshot, options: &CheckOptions) -> Vec<Finding> {
    if options.require == Require::None {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for r in snapshot
        .requirements
        .iter()
        .filter(|r| r.mandatory_document)
    {
        let reason = |rules: &[&str]| r.reasons.iter().find(|x| rules.contains(&x.rule.as_str()));
        match r.status {
            Status::Gap => {
                let expected = reason(&["no-document", "no-records"])
                    .map(|x| x.text.clone())
                    .unwrap_or_else(|| "no evidence found".to_string());
                findings.push(finding(
                    r,
                    "mandatory-missing",
                    None,
                    format!("missing: {expected}"),
                ));
            }
            Status::Partial => {
                if let Some(x) = reason(&["document-draft"]) {
                    findings.push(finding(
                        r,
                        "mandatory-draft",
                        x.path.clone(),
                        x.text.clone(),
                    ));
                }
                if !options.allow_expired
                    && let Some(x) = reason(&["review-overdue", "record-stale"])
                {
                    findings.push(finding(
                        r,
                        "mandatory-expired",
                        x.path.clone(),
                        x.text.clone(),
                    ));
                }
            }
            Status::Conformant => {}
        }
        if options.require == Require::Declared
            && r.status != Status::Gap
            && !r.evidence.iter().any(|e| e.basis == "declared")
        {
            let path = r.evidence.first().map(|e| e.path.clone());
            findings.push(finding(
                r,
                "mandatory-undeclared",
                path.clone(),
                format!(
                    "no file declares this requirement (found by inference only{}); add `covers: [{}]` to its \
                     front matter or an iso20k.toml [[evidence]] entry",
                    path.map(|p| format!(", e.g. `{p}`")).unwrap_or_default(),
                    r.id
                ),
            ));
        }
    }
    findings
}

fn regressions(current: &Snapshot, baseline: &Snapshot) -> Vec<Finding> {
    let mut findings = Vec::new();
    for r in &current.requirements {
        let Some(old) = baseline.requirements.iter().find(|b| b.id == r.id) else {
            continue;
        };
        if r.status.value() < old.status.value() {
            let why = r.reasons.iter().rev().find(|x| {
                !matches!(
                    x.rule.as_str(),
                    "declared-evidence" | "inferred-evidence" | "inferred-only"
                )
            });
            findings.push(finding(
                r,
                "status-regression",
                why.and_then(|x| x.path.clone()),
                format!(
                    "was {}, now {}{}",
                    old.status.name(),
                    r.status.name(),
                    why.map(|x| format!(": {}", x.text)).unwrap_or_default()
                ),
            ));
        }
    }
    if current.summary.score < baseline.summary.score {
        findings.push(Finding {
            code: "score-regression",
            requirement: None,
            clause: None,
            title: None,
            path: None,
            message: format!(
                "the overall score fell from {:.1} to {:.1}",
                baseline.summary.score, current.summary.score
            ),
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{Judgements, assess};
    use crate::catalogue::{CatalogueSource, embedded, load};
    use crate::evidence::ScanOptions;
    use jiff::civil::Date;
    use std::path::Path;

    /// The gate reads a fresh assessment as it reads a baseline's JSON: [`Snapshot::of`] takes the same
    /// parts the assessment's JSON gives.
    #[test]
    fn a_snapshot_is_what_the_assessments_json_gives() {
        let catalogue = load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in [
            "evidence-examples/brightwater-msp",
            "evidence-examples/kestrel-cloud",
            "tests/corpus/lumen-saas/evidence",
        ] {
            let folder = root.join(folder);
            let options = ScanOptions {
                config: crate::config::Config::discover(&folder, None).unwrap(),
                root: folder.clone(),
            };
            let judgements = Judgements::default();
            let assessment = assess(
                &catalogue,
                &options,
                &judgements,
                Date::constant(2026, 11, 21),
                &(),
            )
            .unwrap();
            let snapshot = Snapshot::of(&assessment);
            assert!(
                snapshot.requirements.iter().any(|r| !r.evidence.is_empty()
                    && !r.reasons.is_empty()
                    && r.reasons.iter().any(|reason| reason.path.is_some())),
                "{}: evidence and reasons to compare",
                folder.display()
            );
            let json = serde_json::to_string(&assessment).unwrap();
            assert_eq!(
                snapshot,
                Snapshot::from_json(&json).unwrap(),
                "{}",
                folder.display()
            );
        }
    }
}
