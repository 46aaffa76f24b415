//! The diff view (`iso20k diff OLD NEW`): what changed between two assessments of one organisation.
//!
//! Both sides are assessments (saved JSON or fresh); the view only compares what they hold: scores per
//! clause and process area, each requirement's status, its evidence files (by path and SHA-256),
//! mandatory documented information and predicted findings. A requirement whose status moved is put down
//! to one cause, first match wins:
//!
//! | cause | when |
//! |---|---|
//! | `judgement` | the assessor's judgement (override) differs |
//! | `evidence` | its evidence files differ: one added or gone, or one whose content changed (a file in the folder on both sides with the same content is no change, whichever side cites it) |
//! | `time` | the same files with the same content, judged on a later (or earlier) day: a review date passed, a record aged out of its freshness window |
//! | `other` | nothing the assessments record changed (the catalogue, configuration or iso20k itself did), or file contents could not be compared because a side was saved without them |
//!
//! Assessments of different catalogues (standard or edition) are not comparable, except an earlier edition
//! carried to a later one through the edition mapping (`--mapping`): each requirement of the later edition
//! takes the worst status of the earlier requirements it comes from; those new in the later edition have no
//! earlier status.

use super::Header;
use super::findings::{Grade, predict};
use crate::assess::{Assessment, ClauseScore, ProcessScore, RequirementResult, Status, weighted};
use crate::catalogue::Mapping;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Why two assessments cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error(
        "the assessments are of different catalogues ({old} and {new}); compare an earlier edition with a \
         later one with --mapping, which carries its results across through the edition mapping"
    )]
    DifferentCatalogues { old: String, new: String },
    #[error(
        "the mapping carries {from} results to {to}, but the assessments are of {old} and {new}: give the \
         older edition as OLD"
    )]
    MappingMismatch {
        from: String,
        to: String,
        old: String,
        new: String,
    },
}

/// What changed between two assessments.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    /// With `--mapping`: the editions the earlier results were carried across (`null` otherwise).
    pub mapped: Option<Mapped>,
    pub summary: DiffSummary,
    /// Every clause of either side, in clause order.
    pub clauses: Vec<ScoreChange>,
    /// Every process area of either side, in the new side's order.
    pub processes: Vec<ScoreChange>,
    /// Requirements whose status moved because their evidence changed.
    pub moved_by_evidence: Vec<RequirementChange>,
    /// Requirements whose status moved with the same files and content: time passed.
    pub moved_by_time: Vec<RequirementChange>,
    /// Requirements whose status moved because the assessor's judgement changed.
    pub moved_by_judgement: Vec<RequirementChange>,
    /// Requirements whose status moved for a reason the assessments do not record.
    pub moved_otherwise: Vec<RequirementChange>,
    /// Requirements whose evidence changed while their status stayed the same.
    pub evidence_changed: Vec<RequirementChange>,
    pub mandatory: MandatoryChanges,
    pub findings: FindingChanges,
    pub files: FileChanges,
    /// Requirements only the new side has (a later catalogue, or new in the later edition).
    pub requirements_added: Vec<RequirementRef>,
    /// Requirements only the old side has.
    pub requirements_removed: Vec<RequirementRef>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    #[serde(flatten)]
    pub header: Header,
    pub score: f64,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
    pub evidence_files: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mapped {
    pub from_edition: String,
    pub to_edition: String,
    /// The old side's score over the requirements carried across (what `clauses` compares against).
    pub carried_score: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffSummary {
    /// New score minus old score, one decimal.
    pub score_change: f64,
    pub improved: usize,
    pub regressed: usize,
    pub by_evidence: usize,
    pub by_time: usize,
    pub by_judgement: usize,
    pub by_other: usize,
    pub evidence_changed: usize,
    pub mandatory_gained: usize,
    pub mandatory_lost: usize,
    pub findings_new: usize,
    pub findings_closed: usize,
    /// A requirement got worse, mandatory documented information was lost or the score fell
    /// (`--fail-on regression`).
    pub regression: bool,
    /// Nothing changed at all.
    pub empty: bool,
}

/// A clause's or process area's score on both sides.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    /// The clause number or process area id.
    pub key: String,
    pub title: String,
    /// The clause's depth (1 for clauses 4–10); 1 for process areas.
    pub depth: usize,
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    /// New minus old, one decimal (`null` when a side lacks it).
    pub change: Option<f64>,
    pub old_status: Option<Status>,
    pub new_status: Option<Status>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Improved,
    Regressed,
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    Judgement,
    Evidence,
    Time,
    Other,
}

/// A requirement that moved, or whose evidence changed.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementChange {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub mandatory_document: bool,
    pub old_status: Status,
    pub new_status: Status,
    pub direction: Direction,
    /// `null` when the status did not move.
    pub cause: Option<Cause>,
    pub evidence: EvidenceChange,
    /// What held it back: the new side's first shortfall for a regression, the old side's for an
    /// improvement (`null` when there is none).
    pub reason: Option<String>,
}

/// A requirement's evidence files on both sides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EvidenceChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Files used on both sides whose content (SHA-256) differs.
    pub edited: Vec<String>,
}

impl EvidenceChange {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.edited.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementRef {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub status: Status,
}

/// Mandatory documented information that became present, or stopped being present.
#[derive(Debug, Clone, Serialize)]
pub struct MandatoryChanges {
    pub gained: Vec<MandatoryChange>,
    pub lost: Vec<MandatoryChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandatoryChange {
    pub id: String,
    pub title: String,
    /// `present`, `missing`, `expired`, `incomplete` (or `absent` when the side lacks the requirement).
    pub old_state: &'static str,
    pub new_state: &'static str,
}

/// Predicted audit findings (see `views::findings`) that appeared or were closed.
#[derive(Debug, Clone, Serialize)]
pub struct FindingChanges {
    pub new: Vec<FindingChange>,
    pub closed: Vec<FindingChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingChange {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub grade: Grade,
    pub label: &'static str,
    pub text: String,
}

/// The evidence folder's files on both sides.
#[derive(Debug, Clone, Serialize)]
pub struct FileChanges {
    /// Whether both sides recorded each file's SHA-256 (assessments saved by older versions did not);
    /// without it, edited files cannot be told apart and `edited` is empty.
    pub compared: bool,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub edited: Vec<String>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn catalogue_name(a: &Assessment) -> String {
    format!("{}:{}", a.catalogue.standard, a.catalogue.edition)
}

/// Compares `old` with `new`; with `mapping`, an `old` of the mapping's earlier edition is carried across
/// to `new`'s edition first.
pub fn diff(
    old: &Assessment,
    new: &Assessment,
    mapping: Option<&Mapping>,
) -> Result<Diff, DiffError> {
    let same = old.catalogue.standard == new.catalogue.standard
        && old.catalogue.edition == new.catalogue.edition;
    let carried;
    let (base, mapped) = match mapping {
        Some(mapping) if !same => {
            if old.catalogue.standard != new.catalogue.standard
                || mapping.from != old.catalogue.edition
                || mapping.to != new.catalogue.edition
            {
                return Err(DiffError::MappingMismatch {
                    from: mapping.from.clone(),
                    to: mapping.to.clone(),
                    old: catalogue_name(old),
                    new: catalogue_name(new),
                });
            }
            carried = carry(old, new, mapping);
            let mapped = Mapped {
                from_edition: mapping.from.clone(),
                to_edition: mapping.to.clone(),
                carried_score: carried.summary.score,
            };
            (&carried, Some(mapped))
        }
        _ if !same => {
            return Err(DiffError::DifferentCatalogues {
                old: catalogue_name(old),
                new: catalogue_name(new),
            });
        }
        _ => (old, None),
    };
    Ok(compare(old, base, new, mapped))
}

/// `old`, carried across to `new`'s edition: every requirement of `new` that comes from requirements of
/// `old` takes the worst of their statuses and all of their evidence; scores are weighted as `new` weighs
/// them.
fn carry(old: &Assessment, new: &Assessment, mapping: &Mapping) -> Assessment {
    let by_id: BTreeMap<&str, &RequirementResult> = old
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut requirements = Vec::new();
    let mut mandatory = crate::assess::MandatoryCoverage {
        total: 0,
        present: Vec::new(),
        missing: Vec::new(),
        expired: Vec::new(),
        incomplete: Vec::new(),
    };
    for r in &new.requirements {
        let sources: Vec<&RequirementResult> = mapping
            .sources(&r.id)
            .iter()
            .filter_map(|m| by_id.get(m.from.as_str()).copied())
            .collect();
        let Some(status) = sources.iter().map(|s| s.status).max() else {
            continue;
        };
        let automatic_status = sources
            .iter()
            .map(|s| s.automatic_status)
            .max()
            .unwrap_or(status);
        let mut carried = r.clone();
        carried.status = status;
        carried.score = status.value();
        carried.automatic_status = automatic_status;
        carried.reasons = sources.iter().flat_map(|s| s.reasons.clone()).collect();
        carried.evidence = sources.iter().flat_map(|s| s.evidence.clone()).collect();
        carried.override_ = sources.iter().find_map(|s| s.override_.clone());
        if r.mandatory_document {
            mandatory.total += 1;
            let expired = sources
                .iter()
                .any(|s| old.mandatory.expired.contains(&s.id));
            let list = match status {
                Status::Conformant => &mut mandatory.present,
                Status::Gap => &mut mandatory.missing,
                Status::Partial if expired => &mut mandatory.expired,
                Status::Partial => &mut mandatory.incomplete,
            };
            list.push(r.id.clone());
        }
        requirements.push(carried);
    }
    let (score, [conformant, partial, gap]) = weighted(requirements.iter());
    let clauses = new
        .clauses
        .iter()
        .filter_map(|c| {
            let within: Vec<&RequirementResult> = requirements
                .iter()
                .filter(|r| r.clause.is_within(&c.clause))
                .collect();
            if within.is_empty() {
                return None;
            }
            let heavy = crate::assess::heavy_counts(&c.clause, within.iter().copied());
            let (score, counts) = weighted(within.into_iter());
            Some(ClauseScore {
                score,
                status: Status::of_clause(score, counts, heavy),
                conformant: counts[0],
                partial: counts[1],
                gap: counts[2],
                ..c.clone()
            })
        })
        .collect();
    let processes = new
        .processes
        .iter()
        .filter_map(|p| {
            let of: Vec<&RequirementResult> = requirements
                .iter()
                .filter(|r| r.process == p.process)
                .collect();
            if of.is_empty() {
                return None;
            }
            let (score, counts) = weighted(of.into_iter());
            Some(ProcessScore {
                score,
                conformant: counts[0],
                partial: counts[1],
                gap: counts[2],
                ..p.clone()
            })
        })
        .collect();
    Assessment {
        catalogue: new.catalogue.clone(),
        summary: crate::assess::Summary {
            score,
            requirements: requirements.len(),
            conformant,
            partial,
            gap,
            overridden: requirements
                .iter()
                .filter(|r| r.override_.is_some())
                .count(),
            evidence_files: old.summary.evidence_files,
            transition: None,
        },
        clauses,
        processes,
        mandatory,
        requirements,
        ..old.clone()
    }
}

fn side(a: &Assessment) -> Side {
    Side {
        header: Header::new(a),
        score: a.summary.score,
        conformant: a.summary.conformant,
        partial: a.summary.partial,
        gap: a.summary.gap,
        evidence_files: a.summary.evidence_files,
    }
}

/// Whether an assessment recorded every file's SHA-256.
fn hashed(a: &Assessment) -> bool {
    a.files.len() == a.summary.evidence_files
}

fn mandatory_state(a: &Assessment, id: &str) -> &'static str {
    let m = &a.mandatory;
    let has = |list: &[String]| list.iter().any(|x| x == id);
    if has(&m.present) {
        "present"
    } else if has(&m.missing) {
        "missing"
    } else if has(&m.expired) {
        "expired"
    } else if has(&m.incomplete) {
        "incomplete"
    } else {
        "absent"
    }
}

/// The first reason of `r` that holds it back.
fn shortfall(r: &RequirementResult) -> Option<String> {
    r.reasons
        .iter()
        .find(|reason| super::findings::is_shortfall(reason.rule))
        .map(|reason| reason.text.clone())
}

/// `original` is the old side as given (for its header and files); `old` is what is compared (the same,
/// or carried across editions).
fn compare(
    original: &Assessment,
    old: &Assessment,
    new: &Assessment,
    mapped: Option<Mapped>,
) -> Diff {
    let hashes_compared = hashed(original) && hashed(new);
    let old_files: BTreeMap<&str, &str> = original
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let new_files: BTreeMap<&str, &str> = new
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let edited_file = |path: &str| {
        hashes_compared
            && matches!((old_files.get(path), new_files.get(path)), (Some(a), Some(b)) if a != b)
    };

    let old_by_id: BTreeMap<&str, &RequirementResult> = old
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let new_ids: BTreeSet<&str> = new.requirements.iter().map(|r| r.id.as_str()).collect();
    let as_of_differs = original.as_of != new.as_of;

    let mut moved: [Vec<RequirementChange>; 4] = Default::default();
    let mut evidence_changed = Vec::new();
    let mut requirements_added = Vec::new();
    let (mut improved, mut regressed) = (0, 0);
    for n in &new.requirements {
        let Some(o) = old_by_id.get(n.id.as_str()) else {
            requirements_added.push(reference(n));
            continue;
        };
        let paths = |r: &RequirementResult| -> BTreeSet<String> {
            r.evidence.iter().map(|e| e.path.to_string()).collect()
        };
        let (before, after) = (paths(o), paths(n));
        // A file in the folder on both sides with the same content is no change of evidence, even where
        // one side cites it and the other does not (a requirement judged from others' findings).
        let same_file = |path: &String| {
            hashes_compared
                && matches!((old_files.get(path.as_str()), new_files.get(path.as_str())), (Some(a), Some(b)) if a == b)
        };
        let evidence = EvidenceChange {
            added: after
                .difference(&before)
                .filter(|p| !same_file(p))
                .cloned()
                .collect(),
            removed: before
                .difference(&after)
                .filter(|p| !same_file(p))
                .cloned()
                .collect(),
            edited: before
                .intersection(&after)
                .filter(|p| edited_file(p))
                .cloned()
                .collect(),
        };
        let direction = match n.status.cmp(&o.status) {
            std::cmp::Ordering::Less => Direction::Improved,
            std::cmp::Ordering::Greater => Direction::Regressed,
            std::cmp::Ordering::Equal => Direction::Unchanged,
        };
        let judged = |r: &RequirementResult| r.override_.as_ref().map(|j| j.status);
        let cause = (direction != Direction::Unchanged).then(|| {
            if judged(o) != judged(n) {
                Cause::Judgement
            } else if !evidence.is_empty() {
                Cause::Evidence
            } else if as_of_differs && hashes_compared {
                Cause::Time
            } else {
                Cause::Other
            }
        });
        if cause.is_none() && evidence.is_empty() {
            continue;
        }
        let reason = match direction {
            Direction::Regressed => shortfall(n),
            Direction::Improved => shortfall(o),
            Direction::Unchanged => None,
        };
        let change = RequirementChange {
            id: n.id.clone(),
            clause: n.clause.to_string(),
            title: n.title.clone(),
            mandatory_document: n.mandatory_document,
            old_status: o.status,
            new_status: n.status,
            direction,
            cause,
            evidence,
            reason,
        };
        match direction {
            Direction::Improved => improved += 1,
            Direction::Regressed => regressed += 1,
            Direction::Unchanged => {}
        }
        match cause {
            Some(Cause::Evidence) => moved[0].push(change),
            Some(Cause::Time) => moved[1].push(change),
            Some(Cause::Judgement) => moved[2].push(change),
            Some(Cause::Other) => moved[3].push(change),
            None => evidence_changed.push(change),
        }
    }
    let requirements_removed: Vec<RequirementRef> = old
        .requirements
        .iter()
        .filter(|r| !new_ids.contains(r.id.as_str()))
        .map(reference)
        .collect();

    let mandatory = mandatory_changes(old, new);
    let findings = finding_changes(old, new);
    let files = FileChanges {
        compared: hashes_compared,
        added: new_files
            .keys()
            .filter(|p| !old_files.contains_key(*p))
            .map(|p| p.to_string())
            .collect(),
        removed: old_files
            .keys()
            .filter(|p| !new_files.contains_key(*p))
            .map(|p| p.to_string())
            .collect(),
        edited: old_files
            .keys()
            .filter(|p| edited_file(p))
            .map(|p| p.to_string())
            .collect(),
    };
    let clauses = clause_changes(&old.clauses, &new.clauses);
    let processes = process_changes(&old.processes, &new.processes);
    let score_change = round1(new.summary.score - old.summary.score);
    let [by_evidence, by_time, by_judgement, by_other] = moved;
    let summary = DiffSummary {
        score_change,
        improved,
        regressed,
        by_evidence: by_evidence.len(),
        by_time: by_time.len(),
        by_judgement: by_judgement.len(),
        by_other: by_other.len(),
        evidence_changed: evidence_changed.len(),
        mandatory_gained: mandatory.gained.len(),
        mandatory_lost: mandatory.lost.len(),
        findings_new: findings.new.len(),
        findings_closed: findings.closed.len(),
        regression: regressed > 0 || !mandatory.lost.is_empty() || score_change < 0.0,
        empty: improved + regressed == 0
            && evidence_changed.is_empty()
            && mandatory.gained.is_empty()
            && mandatory.lost.is_empty()
            && findings.new.is_empty()
            && findings.closed.is_empty()
            && files.added.is_empty()
            && files.removed.is_empty()
            && files.edited.is_empty()
            && requirements_added.is_empty()
            && requirements_removed.is_empty()
            && score_change == 0.0
            && clauses.iter().all(|c| c.change == Some(0.0))
            && processes.iter().all(|p| p.change == Some(0.0)),
    };
    Diff {
        old: side(original),
        new: side(new),
        mapped,
        summary,
        clauses,
        processes,
        moved_by_evidence: by_evidence,
        moved_by_time: by_time,
        moved_by_judgement: by_judgement,
        moved_otherwise: by_other,
        evidence_changed,
        mandatory,
        findings,
        files,
        requirements_added,
        requirements_removed,
    }
}

fn reference(r: &RequirementResult) -> RequirementRef {
    RequirementRef {
        id: r.id.clone(),
        clause: r.clause.to_string(),
        title: r.title.clone(),
        status: r.status,
    }
}

fn change(old: Option<f64>, new: Option<f64>) -> Option<f64> {
    Some(round1(new? - old?))
}

fn clause_changes(old: &[ClauseScore], new: &[ClauseScore]) -> Vec<ScoreChange> {
    let mut keys: Vec<&crate::catalogue::ClauseNumber> =
        old.iter().chain(new).map(|c| &c.clause).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let o = old.iter().find(|c| &c.clause == key);
            let n = new.iter().find(|c| &c.clause == key);
            let any = n.or(o).expect("a key comes from one side");
            ScoreChange {
                key: key.to_string(),
                title: any.title.clone(),
                depth: any.depth,
                old_score: o.map(|c| c.score),
                new_score: n.map(|c| c.score),
                change: change(o.map(|c| c.score), n.map(|c| c.score)),
                old_status: o.map(|c| c.status),
                new_status: n.map(|c| c.status),
            }
        })
        .collect()
}

fn process_changes(old: &[ProcessScore], new: &[ProcessScore]) -> Vec<ScoreChange> {
    let mut keys: Vec<&str> = new.iter().map(|p| p.process.as_str()).collect();
    for p in old {
        if !keys.contains(&p.process.as_str()) {
            keys.push(&p.process);
        }
    }
    keys.into_iter()
        .map(|key| {
            let o = old.iter().find(|p| p.process == key);
            let n = new.iter().find(|p| p.process == key);
            let any = n.or(o).expect("a key comes from one side");
            ScoreChange {
                key: key.to_string(),
                title: any.name.clone(),
                depth: 1,
                old_score: o.map(|p| p.score),
                new_score: n.map(|p| p.score),
                change: change(o.map(|p| p.score), n.map(|p| p.score)),
                old_status: None,
                new_status: None,
            }
        })
        .collect()
}

fn mandatory_changes(old: &Assessment, new: &Assessment) -> MandatoryChanges {
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    let titles: BTreeMap<&str, &str> = old
        .requirements
        .iter()
        .chain(&new.requirements)
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    let mut ids: Vec<&str> = old
        .requirements
        .iter()
        .chain(&new.requirements)
        .filter(|r| r.mandatory_document)
        .map(|r| r.id.as_str())
        .collect();
    ids.sort();
    ids.dedup();
    // In the new side's order, then the old side's leftovers.
    let order: Vec<&str> = new
        .requirements
        .iter()
        .chain(&old.requirements)
        .map(|r| r.id.as_str())
        .filter(|id| ids.binary_search(id).is_ok())
        .fold(Vec::new(), |mut seen, id| {
            if !seen.contains(&id) {
                seen.push(id);
            }
            seen
        });
    for id in order {
        let (before, after) = (mandatory_state(old, id), mandatory_state(new, id));
        let change = MandatoryChange {
            id: id.to_string(),
            title: titles.get(id).copied().unwrap_or_default().to_string(),
            old_state: before,
            new_state: after,
        };
        if after == "present" && before != "present" {
            gained.push(change);
        } else if before == "present" && after != "present" {
            lost.push(change);
        }
    }
    MandatoryChanges { gained, lost }
}

fn finding_changes(old: &Assessment, new: &Assessment) -> FindingChanges {
    let predicted = |a: &Assessment| -> Vec<FindingChange> {
        a.requirements
            .iter()
            .filter_map(|r| {
                predict(a, r, &[]).map(|p| FindingChange {
                    id: r.id.clone(),
                    clause: r.clause.to_string(),
                    title: r.title.clone(),
                    grade: p.grade,
                    label: p.label,
                    text: p.text,
                })
            })
            .collect()
    };
    let (before, after) = (predicted(old), predicted(new));
    let ids = |list: &[FindingChange]| -> BTreeSet<String> {
        list.iter().map(|f| f.id.clone()).collect()
    };
    let (had, has) = (ids(&before), ids(&after));
    FindingChanges {
        new: after.into_iter().filter(|f| !had.contains(&f.id)).collect(),
        closed: before
            .into_iter()
            .filter(|f| !has.contains(&f.id))
            .collect(),
    }
}

#[cfg(test)]
mod tests;
