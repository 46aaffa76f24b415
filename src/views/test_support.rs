//! Small hand-made assessments for the views' unit tests.

use crate::assess::{
    Assessment, Band, Basis, CatalogueRef, ClauseScore, EvidenceRef, FileHash, MandatoryCoverage,
    ProcessScore, Reason, RequirementResult, Role, Status, Summary, weighted,
};
use crate::catalogue::Kind;

/// A requirement `ID` (its clause is the part before the first `-`; ids ending `-policy` are mandatory
/// documented information) with `status` and `evidence` files.
pub fn requirement(id: &str, status: Status, evidence: &[&str]) -> RequirementResult {
    let clause = id.split('-').next().unwrap().parse().unwrap();
    RequirementResult {
        id: id.to_string(),
        clause,
        title: format!("Title of {id}"),
        summary: String::new(),
        kind: Kind::Document,
        mandatory_document: id.ends_with("-policy"),
        process: "change".to_string(),
        weight: 2,
        decisive: false,
        phase: 1,
        status,
        score: status.value(),
        automatic_status: status,
        reasons: if status == Status::Conformant {
            Vec::new()
        } else {
            vec![Reason {
                rule: "review-overdue",
                path: evidence.first().map(|p| p.to_string()),
                text: format!("{id} is overdue"),
            }]
        },
        evidence: evidence
            .iter()
            .map(|p| EvidenceRef {
                path: (*p).into(),
                basis: Basis::Declared,
                band: Band::Accepted,
                role: Role::Document,
                dated: None,
                section: None,
            })
            .collect(),
        override_: None,
        operated_by: None,
        transition: None,
    }
}

/// An assessment of `requirements` (scored as iso20k scores them) with `files` and their hashes.
pub fn assessment(
    as_of: &str,
    requirements: Vec<RequirementResult>,
    files: &[(&str, &str)],
) -> Assessment {
    let (score, [conformant, partial, gap]) = weighted(requirements.iter());
    let mut clauses: Vec<ClauseScore> = Vec::new();
    let mut numbers: Vec<_> = requirements.iter().map(|r| r.clause.clone()).collect();
    numbers.sort();
    numbers.dedup();
    for number in numbers {
        let (score, counts) = weighted(requirements.iter().filter(|r| r.clause == number));
        let heavy = crate::assess::heavy_counts(
            &number,
            requirements.iter().filter(|r| r.clause == number),
        );
        clauses.push(ClauseScore {
            depth: number.depth(),
            leaf: true,
            title: format!("Clause {number}"),
            clause: number,
            score,
            status: Status::of_clause(score, counts, heavy),
            conformant: counts[0],
            partial: counts[1],
            gap: counts[2],
        });
    }
    let mut mandatory = MandatoryCoverage {
        total: 0,
        present: vec![],
        missing: vec![],
        expired: vec![],
        incomplete: vec![],
    };
    for r in requirements.iter().filter(|r| r.mandatory_document) {
        mandatory.total += 1;
        match r.status {
            Status::Conformant => mandatory.present.push(r.id.clone()),
            Status::Partial => mandatory.expired.push(r.id.clone()),
            Status::Gap => mandatory.missing.push(r.id.clone()),
        }
    }
    Assessment {
        schema_version: 1,
        catalogue: CatalogueRef {
            standard: "ISO/IEC 20000-1".into(),
            edition: "2018".into(),
            version: "1.0.0".into(),
        },
        organisation: Some("Example Ltd".into()),
        scope: None,
        as_of: as_of.parse().unwrap(),
        summary: Summary {
            score,
            requirements: requirements.len(),
            conformant,
            partial,
            gap,
            overridden: 0,
            evidence_files: files.len(),
            transition: None,
        },
        clauses,
        processes: vec![ProcessScore {
            process: "change".into(),
            name: "Change management".into(),
            score,
            conformant,
            partial,
            gap,
        }],
        mandatory,
        requirements,
        set_aside: vec![],
        warnings: vec![],
        files: files
            .iter()
            .map(|(path, sha)| FileHash {
                path: path.to_string(),
                sha256: sha.repeat(64),
            })
            .collect(),
    }
}
