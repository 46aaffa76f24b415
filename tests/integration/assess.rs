//! `iso20k assess`, `explain` and `report`: the gap analysis, end to end and as a library.

use crate::util::{copy_tree, iso20k, json, stdout};
use iso20k::assess::{self, Assessment, Judgements, Status};
use iso20k::catalogue::{self, Catalogue, CatalogueSource};
use iso20k::config::Config;
use iso20k::evidence::ScanOptions;
use jiff::civil::{Date, date};
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-01";

fn as_of() -> Date {
    date(2026, 11, 1)
}

fn example(org: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-examples")
        .join(org)
}

fn assess_folder(catalogue: &Catalogue, dir: &Path, judgements: &Judgements) -> Assessment {
    let options = ScanOptions {
        root: dir.to_path_buf(),
        config: Config::discover(dir, None).unwrap(),
    };
    assess::assess(catalogue, &options, judgements, as_of(), &()).unwrap()
}

fn embedded() -> Catalogue {
    catalogue::load(&CatalogueSource::default()).unwrap()
}

fn requirement<'a>(a: &'a Assessment, id: &str) -> &'a assess::RequirementResult {
    a.requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[track_caller]
fn assert_reason(a: &Assessment, id: &str, status: Status, rule: &str, path: &str) {
    let r = requirement(a, id);
    assert_eq!(r.status, status, "{id}: {:#?}", r.reasons);
    assert!(
        r.reasons.iter().any(|reason| reason.rule == rule
            && reason.path.as_deref().is_some_and(|p| p.contains(path))),
        "{id}: no `{rule}` reason naming {path}: {:#?}",
        r.reasons
    );
}

#[test]
fn mature_example_scores_clearly_higher_and_its_weaknesses_show() {
    let catalogue = embedded();
    let mature = assess_folder(
        &catalogue,
        &example("brightwater-msp"),
        &Judgements::default(),
    );
    let early = assess_folder(
        &catalogue,
        &example("kestrel-cloud"),
        &Judgements::default(),
    );
    assert!(
        mature.summary.score >= early.summary.score + 50.0,
        "mature {} vs early {}",
        mature.summary.score,
        early.summary.score
    );
    // The four deliberate weaknesses of Brightwater (ABOUT.md), each with a reason naming the file.
    assert_reason(
        &mature,
        "8.7.3.1-information-security-policy",
        Status::Partial,
        "document-draft",
        "02 Policies/Information Security Policy.md",
    );
    assert_reason(
        &mature,
        "8.7.2-continuity-plan",
        Status::Partial,
        "review-overdue",
        "04 Plans/Service Continuity Plan.md",
    );
    assert_reason(
        &mature,
        "8.4.3-capacity-monitored",
        Status::Partial,
        "record-stale",
        "Capacity Review",
    );
    let complaints = requirement(&mature, "8.3.2-complaints-recorded");
    assert_eq!(complaints.status, Status::Gap);
    assert!(complaints.reasons.iter().any(|r| r.rule == "no-records"));
    assert!(
        mature
            .mandatory
            .missing
            .contains(&"8.3.2-complaints-recorded".to_string())
    );
    assert!(
        mature
            .mandatory
            .expired
            .contains(&"8.7.2-continuity-plan".to_string())
    );

    // Kestrel's untrustworthy files are set aside, each with its reason.
    let set_aside: Vec<(&str, &str)> = early
        .set_aside
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    for (path, reason) in [
        ("ISO20000/Problem Management.md", "empty"),
        ("ISO20000/Service Catalogue.md", "near-empty"),
        ("ISO20000/Service Management Policy.md", "unfilled template"),
        ("customers/SLA - Fenwick Analytics v1.md", "retired"),
    ] {
        assert!(
            set_aside
                .iter()
                .any(|(p, r)| *p == path && r.contains(reason)),
            "{path} not set aside as {reason}: {set_aside:#?}"
        );
    }
    let scope = requirement(&early, "4.3-scope-documented");
    assert_eq!(scope.status, Status::Partial, "a draft scope is partial");
}

#[test]
fn deleting_a_mandatory_document_makes_a_gap_and_lowers_the_score() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("org");
    copy_tree(&example("brightwater-msp"), &copy);
    let before = assess_folder(&catalogue, &copy, &Judgements::default());
    assert_eq!(
        requirement(&before, "8.5.1.1-change-policy").status,
        Status::Conformant
    );
    std::fs::remove_file(copy.join("02 Policies/Change Management Policy.md")).unwrap();
    let after = assess_folder(&catalogue, &copy, &Judgements::default());
    assert_eq!(
        requirement(&after, "8.5.1.1-change-policy").status,
        Status::Gap
    );
    assert!(after.summary.score < before.summary.score);
    assert!(
        after
            .mandatory
            .missing
            .contains(&"8.5.1.1-change-policy".to_string())
    );
}

#[test]
fn no_false_assurance_from_untrustworthy_files() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let keywords = "change control, emergency change, standard change, normal change, change category, major change";
    write(
        "template.md",
        &format!(
            "---\ntitle: Change Management Policy\nstatus: approved\ncovers: [8.5.1.1-change-policy]\n---\n\
             {{{{COMPANY}}}} change policy, owned by [Owner name], approved <insert date>. {keywords}\n"
        ),
    );
    write(
        "superseded.md",
        &format!(
            "---\ntitle: Change Management Policy v1\nstatus: superseded\nreview_due: 2027-01-01\n\
         covers: [8.5.1.1-change-policy]\n---\n# Change management policy\n\n{keywords}. {}\n",
            "Words. ".repeat(40)
        ),
    );
    write(
        "Service Catalogue.md",
        "---\ncovers: [8.2.4-service-catalogue-documented]\nstatus: approved\nreview_due: 2027-01-01\n---\n# Service catalogue\n\nTo be written.\n",
    );
    let clauses: Vec<String> = catalogue
        .clauses
        .iter()
        .filter(|c| c.clause.depth() > 1)
        .map(|c| format!("- {} {}", c.clause, c.title))
        .collect();
    write(
        "checklist.md",
        &format!(
            "---\ntitle: ISO 20000 checklist\nstatus: approved\nreview_due: 2027-01-01\ncovers: [\"8\"]\n---\n{}\n",
            clauses.join("\n")
        ),
    );
    let a = assess_folder(&catalogue, root, &Judgements::default());
    let set_aside = |path: &str| {
        a.set_aside
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.reason.clone())
    };
    assert!(
        set_aside("template.md")
            .unwrap()
            .contains("unfilled template")
    );
    assert!(set_aside("superseded.md").unwrap().contains("retired"));
    assert!(
        set_aside("checklist.md")
            .unwrap()
            .contains("list of the standard's requirements")
    );
    // Named like a catalogue, holding nothing: set aside for that requirement.
    let catalogue_req = requirement(&a, "8.2.4-service-catalogue-documented");
    assert_eq!(catalogue_req.status, Status::Gap);
    assert!(
        catalogue_req
            .reasons
            .iter()
            .any(|r| r.rule == "set-aside" && r.text.contains("near-empty")
                || r.text.contains("promises more")),
        "{:#?}",
        catalogue_req.reasons
    );
    let policy = requirement(&a, "8.5.1.1-change-policy");
    assert_eq!(policy.status, Status::Gap, "{:#?}", policy.reasons);
    assert!(
        policy
            .reasons
            .iter()
            .filter(|r| r.rule == "set-aside")
            .count()
            >= 2
    );
    assert!(
        a.requirements.iter().all(|r| r.status == Status::Gap),
        "nothing here is evidence"
    );
}

#[test]
fn judgements_override_and_both_statuses_are_reported() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let judgements_path = dir.path().join("judgements.yaml");
    std::fs::write(
        &judgements_path,
        "judgements:\n  - requirement: 8.7.3.1-information-security-policy\n    status: conformant\n\
         \x20   note: Approved by the board on 2026-10-30; minutes not yet filed.\n    assessor: A. Consultant\n\
         \x20   date: 2026-10-31\n  - requirement: 9.9-no-such-thing\n    status: gap\n",
    )
    .unwrap();
    let judgements = Judgements::read(&judgements_path).unwrap();
    let a = assess_folder(&catalogue, &example("brightwater-msp"), &judgements);
    let r = requirement(&a, "8.7.3.1-information-security-policy");
    assert_eq!(r.status, Status::Conformant);
    assert_eq!(r.automatic_status, Status::Partial);
    assert_eq!(
        r.override_.as_ref().unwrap().assessor.as_deref(),
        Some("A. Consultant")
    );
    assert!(r.reasons.iter().any(|reason| reason.rule == "override" && reason.text.contains("partial → conformant")));
    assert_eq!(a.summary.overridden, 1);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.message.contains("9.9-no-such-thing"))
    );

    // The CLI takes --judgements and shows both statuses in every report.
    let md = stdout([
        "assess",
        example("brightwater-msp").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--judgements",
        judgements_path.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert!(
        md.contains("Approved by the board on 2026-10-30"),
        "the note is shown"
    );
    let explained = stdout([
        "explain",
        "8.7.3.1-information-security-policy",
        example("brightwater-msp").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--judgements",
        judgements_path.to_str().unwrap(),
    ]);
    assert!(explained.contains("status: CONFORMANT"), "{explained}");
    assert!(explained.contains("automatic: PARTIAL"), "{explained}");

    std::fs::write(
        &judgements_path,
        "judgements:\n  - requirement: x\n    status: fine\n",
    )
    .unwrap();
    iso20k()
        .args([
            "assess",
            example("kestrel-cloud").to_str().unwrap(),
            "--judgements",
        ])
        .arg(&judgements_path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "judgements.yaml:2: `x`: unknown status `fine`",
        ));
}

#[test]
fn processes_operated_by_other_parties_are_judged_on_governance() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("iso20k.toml"),
        "[[other_party]]\nprocess = \"service-request\"\nparty = \"Helpdesk Partners Ltd\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("contract.md"),
        format!(
            "---\ntitle: Outsourcing contract\ndoc_type: contract\nstatus: approved\nreview_due: 2027-06-01\n---\n\
             # Outsourcing contract with Helpdesk Partners Ltd\n\n{}\n",
            "Service desk and request fulfilment terms. ".repeat(10)
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("review.md"),
        format!(
            "---\ntitle: Supplier review Q3\ndoc_type: minutes\ndate: 2026-10-01\n---\n# Quarterly review\n\n\
             Helpdesk Partners Ltd met its targets. {}\n",
            "Performance was discussed. ".repeat(10)
        ),
    )
    .unwrap();
    let a = assess_folder(&catalogue, root, &Judgements::default());
    let requests: Vec<&assess::RequirementResult> = a
        .requirements
        .iter()
        .filter(|r| r.process == "service-request")
        .collect();
    assert!(!requests.is_empty());
    for r in requests {
        assert_eq!(r.operated_by.as_deref(), Some("Helpdesk Partners Ltd"));
        assert_eq!(r.status, Status::Conformant, "{}: {:#?}", r.id, r.reasons);
        assert!(r.reasons.iter().any(|reason| reason.rule == "other-party"));
    }
    // Other processes are not affected.
    assert_eq!(
        requirement(&a, "8.6.1-incidents-recorded").status,
        Status::Gap
    );
}

#[test]
fn same_inputs_same_bytes_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "md", "html", "table"] {
        let run = |n: u8| {
            let out = dir.path().join(format!("{n}.{format}"));
            iso20k()
                .args([
                    "assess",
                    example("brightwater-msp").to_str().unwrap(),
                    "--as-of",
                    AS_OF,
                ])
                .args(["--format", format, "-o"])
                .arg(&out)
                .assert()
                .success();
            std::fs::read(out).unwrap()
        };
        assert_eq!(run(1), run(2), "{format} differs between runs");
    }
    // The JSON written to a file is streamed into it, as to standard output: the same bytes.
    let printed = stdout([
        "assess",
        example("brightwater-msp").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("1.json")).unwrap(),
        printed
    );
}

#[test]
fn json_has_the_documented_shape() {
    let a = json([
        "assess",
        example("brightwater-msp").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(a["schema_version"], 1);
    assert_eq!(a["catalogue"]["edition"], "2018");
    assert_eq!(a["as_of"], AS_OF);
    for key in ["score", "conformant", "partial", "gap"] {
        assert!(a["summary"][key].is_number(), "summary.{key}");
    }
    assert!(
        a["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["clause"] == "8.5" && c["score"].is_number())
    );
    let r = &a["requirements"][0];
    for key in [
        "id",
        "clause",
        "status",
        "score",
        "mandatory_document",
        "reasons",
        "evidence",
        "override",
    ] {
        assert!(r.get(key).is_some(), "requirements[].{key}");
    }
    let with_evidence = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| !r["evidence"].as_array().unwrap().is_empty())
        .unwrap();
    assert!(with_evidence["evidence"][0]["path"].is_string());
    assert!(
        ["declared", "inferred"].contains(&with_evidence["evidence"][0]["basis"].as_str().unwrap())
    );
    assert!(a["warnings"].is_array());
    crate::schema::assert_matches_schema(&a, "report-templates/assessment.schema.json");
}

#[test]
fn explain_report_and_their_errors() {
    let folder = example("brightwater-msp");
    let folder = folder.to_str().unwrap();
    iso20k()
        .args(["explain", "8.7.2-continuity-plan", folder, "--as-of", AS_OF])
        .assert()
        .success()
        .stdout(predicate::str::contains("[review-overdue]"))
        .stdout(predicate::str::contains(
            "04 Plans/Service Continuity Plan.md",
        ))
        .stdout(predicate::str::contains("What the catalogue looks for"));
    iso20k()
        .args(["explain", "8.7.2-nope", folder])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no requirement or clause `8.7.2-nope` in the ISO/IEC 20000-1:2018 catalogue; did you mean: 8.7.2-",
        ));
    iso20k()
        .args(["gap", folder, "--as-of", "01/11/2026"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a date written YYYY-MM-DD"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    iso20k()
        .args(["report", folder, "--as-of", AS_OF, "-o"])
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".iso20k-report.json",
            "assessment.json",
            "checklist-stage1.html",
            "checklist-stage1.json",
            "checklist-stage1.md",
            "checklist-stage2.html",
            "checklist-stage2.json",
            "checklist-stage2.md",
            "gap-report.html",
            "gap-report.md",
            "plan.html",
            "plan.json",
            "plan.md",
            "workbook.xlsx",
        ]
    );
    iso20k()
        .args(["report", folder, "--as-of", AS_OF, "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty; use --force"));
    iso20k()
        .args(["report", folder, "--as-of", AS_OF, "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        ["report"],
        "no temporary folders are left behind"
    );
    iso20k()
        .args(["assess", folder, "-o"])
        .arg(example("brightwater-msp").join("gap.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the evidence folder"));
}

#[test]
fn html_report_is_self_contained() {
    let html = stdout([
        "assess",
        example("brightwater-msp").to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--format",
        "html",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "charts are inline SVG");
    for external in ["https://", "<script src", "<link ", "url("] {
        assert!(
            !html.contains(external),
            "`{external}`: the report must load nothing from the network"
        );
    }
    // The only http:// is the SVG namespace.
    assert_eq!(
        html.matches("http://").count(),
        html.matches("http://www.w3.org/2000/svg").count()
    );
}

/// A valid, declared document for `id`: approved, in date, holding every keyword and element.
fn valid_document(catalogue: &Catalogue, id: &str) -> String {
    let r = catalogue.requirement(id).unwrap();
    let mut words: Vec<String> = r.evidence.keywords.clone();
    for element in &r.evidence.elements {
        words.extend(element.keywords.iter().cloned());
    }
    format!(
        "---\ntitle: {}\ndoc_type: {}\nstatus: approved\napproved_on: 2026-09-01\nreview_due: 2027-09-01\n\
         date: 2026-10-15\ncovers: [{id}]\n---\n# {}\n\n{}. {}\n",
        r.evidence.title_hints[0],
        r.evidence.doc_types[0].name(),
        r.evidence.title_hints[0],
        words.join(", "),
        "This document sets out how the organisation works. ".repeat(12)
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Adding a valid declared document never lowers any requirement's status, any clause score or the
    /// overall score.
    #[test]
    fn adding_a_valid_declared_document_never_lowers_a_score(pick in 0usize..190, base in prop::bool::ANY) {
        let catalogue = embedded();
        let id = catalogue.requirements[pick % catalogue.requirements.len()].id.clone();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("org");
        copy_tree(&example(if base { "kestrel-cloud" } else { "brightwater-msp" }), &root);
        let before = assess_folder(&catalogue, &root, &Judgements::default());
        std::fs::write(root.join("added-evidence.md"), valid_document(&catalogue, &id)).unwrap();
        let after = assess_folder(&catalogue, &root, &Judgements::default());
        for (b, a) in before.requirements.iter().zip(&after.requirements) {
            prop_assert!(a.score >= b.score, "{} fell from {:?} to {:?} after adding evidence for {id}", a.id, b.status, a.status);
        }
        for (b, a) in before.clauses.iter().zip(&after.clauses) {
            prop_assert!(a.score >= b.score, "clause {} fell", a.clause);
        }
        prop_assert!(after.summary.score >= before.summary.score);
        prop_assert!(requirement(&after, &id).score >= 0.5, "{id} is at least partial with a valid document");
    }
}

#[test]
fn user_templates_override_one_file_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("gap-report.md"),
        "Custom report for {{ a.organisation }}: {{ a.summary.score|pct }} ({{ worst|length }} open)\n",
    )
    .unwrap();
    let folder = example("brightwater-msp");
    let run = |format: &str| {
        stdout([
            "assess",
            folder.to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            format,
            "--templates",
            templates.to_str().unwrap(),
        ])
    };
    assert_eq!(
        run("md"),
        "Custom report for Brightwater Managed Services Ltd: 97.2 (7 open)\n"
    );
    // No gap-report.html in the folder: the embedded one is used.
    assert!(run("html").starts_with("<!DOCTYPE html>"));

    std::fs::write(templates.join("gap-report.md"), "{{ a.no_such_field }}\n").unwrap();
    iso20k()
        .args([
            "assess",
            folder.to_str().unwrap(),
            "--format",
            "md",
            "--templates",
        ])
        .arg(&templates)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot render `gap-report.md`"))
        .stderr(predicate::str::contains("undefined"));
    iso20k()
        .args([
            "assess",
            folder.to_str().unwrap(),
            "--format",
            "md",
            "--templates",
            "/no/such/dir",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "templates folder /no/such/dir does not exist",
        ));
}
