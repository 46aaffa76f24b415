use super::*;
use crate::assess::{FileHash, Override};
use crate::views::test_support::{assessment, requirement};

fn before() -> Assessment {
    assessment(
        "2026-05-01",
        vec![
            requirement("8.5.1.1-change-policy", Status::Conformant, &["policy.md"]),
            requirement("8.5.1.2-requests-recorded", Status::Partial, &["log.csv"]),
            requirement("8.5.1.3-emergency", Status::Gap, &[]),
        ],
        &[("policy.md", "a"), ("log.csv", "b")],
    )
}

#[test]
fn an_assessment_compared_with_itself_is_empty() {
    let d = diff(&before(), &before(), None).unwrap();
    assert!(d.summary.empty, "{:#?}", d.summary);
    assert!(!d.summary.regression);
    assert_eq!(d.summary.score_change, 0.0);
    assert!(d.moved_by_evidence.is_empty() && d.moved_by_time.is_empty());
    assert!(d.evidence_changed.is_empty());
    assert!(d.files.compared);
}

#[test]
fn a_document_added_shows_as_exactly_that() {
    let mut after = before();
    after.requirements[2] = requirement("8.5.1.3-emergency", Status::Conformant, &["emergency.md"]);
    after.files.push(FileHash {
        path: "emergency.md".into(),
        sha256: "c".repeat(64),
    });
    after.summary.evidence_files = 3;
    let after = assessment(
        "2026-05-01",
        after.requirements,
        &[("policy.md", "a"), ("log.csv", "b"), ("emergency.md", "c")],
    );
    let d = diff(&before(), &after, None).unwrap();
    assert_eq!(d.files.added, vec!["emergency.md"]);
    assert!(d.files.removed.is_empty() && d.files.edited.is_empty());
    assert_eq!(d.moved_by_evidence.len(), 1);
    let c = &d.moved_by_evidence[0];
    assert_eq!(c.id, "8.5.1.3-emergency");
    assert_eq!(c.direction, Direction::Improved);
    assert_eq!(c.evidence.added, vec!["emergency.md"]);
    assert!(c.evidence.removed.is_empty() && c.evidence.edited.is_empty());
    assert_eq!((d.summary.improved, d.summary.regressed), (1, 0));
    assert!(d.summary.score_change > 0.0);
    assert!(!d.summary.regression);
    assert_eq!(d.findings.closed.len(), 1);
    assert_eq!(d.findings.closed[0].id, "8.5.1.3-emergency");
    assert!(d.findings.new.is_empty());
}

#[test]
fn a_document_removed_is_a_regression_and_mandatory_information_lost() {
    let after = assessment(
        "2026-05-01",
        vec![
            requirement("8.5.1.1-change-policy", Status::Gap, &[]),
            requirement("8.5.1.2-requests-recorded", Status::Partial, &["log.csv"]),
            requirement("8.5.1.3-emergency", Status::Gap, &[]),
        ],
        &[("log.csv", "b")],
    );
    let d = diff(&before(), &after, None).unwrap();
    assert_eq!(d.files.removed, vec!["policy.md"]);
    assert_eq!(d.moved_by_evidence.len(), 1);
    assert_eq!(d.moved_by_evidence[0].evidence.removed, vec!["policy.md"]);
    assert_eq!(d.moved_by_evidence[0].direction, Direction::Regressed);
    assert_eq!(d.mandatory.lost.len(), 1);
    assert_eq!(d.mandatory.lost[0].old_state, "present");
    assert_eq!(d.mandatory.lost[0].new_state, "missing");
    assert_eq!(d.findings.new.len(), 1);
    assert_eq!(d.findings.new[0].grade, Grade::Major);
    assert!(d.summary.regression);
}

#[test]
fn an_edited_document_is_told_apart_by_its_hash() {
    // Same files, same status, one file's content changed.
    let after = assessment(
        "2026-05-01",
        before().requirements,
        &[("policy.md", "d"), ("log.csv", "b")],
    );
    let d = diff(&before(), &after, None).unwrap();
    assert_eq!(d.files.edited, vec!["policy.md"]);
    assert_eq!(d.evidence_changed.len(), 1);
    assert_eq!(d.evidence_changed[0].evidence.edited, vec!["policy.md"]);
    assert_eq!(d.evidence_changed[0].cause, None);
    assert!(!d.summary.empty);
    assert!(!d.summary.regression);
}

#[test]
fn a_status_moved_by_time_alone_is_separated_from_one_moved_by_evidence() {
    let mut requirements = before().requirements;
    // The policy aged past its review date: same file, same content.
    requirements[0] = requirement("8.5.1.1-change-policy", Status::Partial, &["policy.md"]);
    // The log was replaced by a fresh one (edited content).
    requirements[1] = requirement(
        "8.5.1.2-requests-recorded",
        Status::Conformant,
        &["log.csv"],
    );
    let after = assessment(
        "2026-11-01",
        requirements,
        &[("policy.md", "a"), ("log.csv", "e")],
    );
    let d = diff(&before(), &after, None).unwrap();
    assert_eq!(
        d.moved_by_time
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["8.5.1.1-change-policy"]
    );
    assert_eq!(
        d.moved_by_time[0].reason.as_deref(),
        Some("8.5.1.1-change-policy is overdue")
    );
    assert_eq!(
        d.moved_by_evidence
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        ["8.5.1.2-requests-recorded"]
    );
    assert_eq!(d.moved_by_evidence[0].evidence.edited, vec!["log.csv"]);
    assert_eq!((d.summary.by_time, d.summary.by_evidence), (1, 1));
    assert!(d.summary.regression);
}

#[test]
fn without_hashes_same_files_are_not_called_time_only() {
    let mut old = before();
    old.files.clear();
    let mut requirements = before().requirements;
    requirements[0] = requirement("8.5.1.1-change-policy", Status::Partial, &["policy.md"]);
    let after = assessment(
        "2026-11-01",
        requirements,
        &[("policy.md", "a"), ("log.csv", "b")],
    );
    let d = diff(&old, &after, None).unwrap();
    assert!(!d.files.compared);
    assert!(d.moved_by_time.is_empty());
    assert_eq!(d.moved_otherwise.len(), 1);
}

#[test]
fn a_changed_judgement_is_its_own_cause() {
    let mut after = before();
    after.requirements[2].status = Status::Conformant;
    after.requirements[2].override_ = Some(Override {
        status: Status::Conformant,
        note: Some("seen on site".into()),
        evidence: vec![],
        assessor: None,
        date: None,
        owner: None,
        target_date: None,
    });
    let d = diff(&before(), &after, None).unwrap();
    assert_eq!(d.moved_by_judgement.len(), 1);
    assert_eq!(d.moved_by_judgement[0].cause, Some(Cause::Judgement));
}

#[test]
fn different_editions_are_refused_without_a_mapping() {
    let mut old = before();
    old.catalogue.edition = "2011".into();
    let err = diff(&old, &before(), None).unwrap_err();
    assert!(matches!(err, DiffError::DifferentCatalogues { .. }));
    assert!(err.to_string().contains("--mapping"), "{err}");
}

#[test]
fn clause_scores_are_compared_clause_by_clause() {
    let mut requirements = before().requirements;
    requirements[2] = requirement("8.5.1.3-emergency", Status::Partial, &["policy.md"]);
    let after = assessment(
        "2026-05-01",
        requirements,
        &[("policy.md", "a"), ("log.csv", "b")],
    );
    let d = diff(&before(), &after, None).unwrap();
    let c = d.clauses.iter().find(|c| c.key == "8.5.1.3").unwrap();
    assert_eq!(
        (c.old_score, c.new_score, c.change),
        (Some(0.0), Some(50.0), Some(50.0))
    );
    assert_eq!(
        d.processes[0].change,
        Some(round1(after.summary.score - before().summary.score))
    );
}
