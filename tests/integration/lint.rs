//! `iso20k lint`: every rule on a small folder made for it (with file and line), every output format
//! (snapshots, SARIF against its schema, JSON against ours), `--deny`, `[lint] allow`, and the document
//! defects the example organisations and the labelled corpus list in their READMEs.

use crate::util::{example_dir, iso20k};
use std::path::Path;
use tempfile::TempDir;

const AS_OF: &str = "2026-11-21";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A folder where every rule fires at a known line.
fn fixture() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let long = vec!["word"; 45].join(" ");
    write(
        root,
        "Access Policy.md",
        &format!(
            "---\ntitle: Access Policy\ndoc_type: policy\ndocument_id: ACME-POL-001\nstatus: approved\n\
             version: \"1.0\"\napproved_on: 2025-01-10\nreview_due: 2026-01-31\n---\n# Access Policy\n\n\
             Staff should lock their screens. Access is reviewed as appropriate.\n\
             See the [procedure](procedures/Access%20Procedure.md), the [old policy](Archive/Old%20Policy.md) \
             and [the form](forms/missing.md).\n\
             The SLA applies. Refer to ACME-PRO-009 and ACME-POL-002.\n\
             Access owner: [Owner name] to confirm.\n\
             Review targets are TBC.\n\
             {long}.\n"
        ),
    );
    write(
        root,
        "procedures/Access Procedure.md",
        "---\ntitle: Access Procedure\ndoc_type: procedure\ndocument_id: ACME-PRO-001\nowner: IT Manager\n\
         status: draft\nversion: \"0.3\"\nreview_due: 2027-06-30\n---\n# Access Procedure\n\n\
         Requests are raised in the service desk tool and approved by the line manager.\n",
    );
    write(
        root,
        "procedures/Access Procedure (copy).md",
        "---\ntitle: Access Procedure\ndoc_type: procedure\ndocument_id: ACME-PRO-001\nowner: IT Manager\n\
         status: approved\napproved_by: Head of IT\napproved_on: 2025-02-01\nreview_due: 2027-06-30\n---\n\
         # Access Procedure\n\nRequests are raised in the service desk tool.\n\n## Revision history\n\n\
         | Version | Date | Change |\n|---|---|---|\n| 1.0 | 2025-02-01 | First issue |\n\
         | 1.1 | 2026-06-01 | New approval step |\n",
    );
    write(
        root,
        "Archive/Old Policy.md",
        "---\ntitle: Access Policy (2019)\ndoc_type: policy\ndocument_id: ACME-POL-002\nowner: IT Manager\n\
         status: approved\n---\n# Access Policy\n\nThe old rules.\n",
    );
    write(
        root,
        "Supplier Policy.md",
        "---\ntitle: Supplier Policy\ndoc_type: policy\nowner: Commercial Manager\nstatus: approved\n\
         approved_by: Board\napproved_on: 2026-03-01\n---\n# Supplier Policy\n\n\
         Every supplier has a contract and a named contract owner.\n",
    );
    write(
        root,
        "Templates/Access Request Form.md",
        "# Access request\n\nName: [Employee name]\nSystem: [System name]\n",
    );
    dir
}

fn lint(dir: &Path, extra: &[&str]) -> (String, i32) {
    let output = iso20k()
        .current_dir(dir)
        .args(["lint", ".", "--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

#[test]
fn every_rule_names_its_file_and_line() {
    let dir = fixture();
    let (text, code) = lint(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1, "errors fail the default --deny error");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let found: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let has = |code: &str, path: &str, line: u64| {
        assert!(
            found
                .iter()
                .any(|f| f == &(code.to_string(), path.to_string(), line)),
            "no {code} at {path}:{line} in {found:#?}"
        );
    };
    let policy = "Access Policy.md";
    has("no-owner", policy, 1);
    has("no-approver", policy, 5);
    has("review-overdue", policy, 8);
    has("vague-wording", policy, 12);
    has("broken-link", policy, 13);
    has("superseded-referenced", policy, 13);
    has("undefined-abbreviation", policy, 14);
    has("unknown-document-id", policy, 14);
    has("superseded-referenced", policy, 14);
    has("placeholder", policy, 15);
    has("statement-of-absence", policy, 16);
    has("long-sentence", policy, 17);
    let procedure = "procedures/Access Procedure.md";
    has("draft", procedure, 6);
    has("duplicate-document-id", procedure, 4);
    let copy = "procedures/Access Procedure (copy).md";
    has("duplicate-document-id", copy, 4);
    has("approval-outdated", copy, 8);
    has("no-version", "Supplier Policy.md", 1);
    has("no-review-date", "Supplier Policy.md", 1);
    // An intended template keeps its placeholders; the link to the existing procedure is not broken;
    // the archived policy is history and is not linted.
    assert!(
        !found.iter().any(|f| f.1.starts_with("Templates/")),
        "{found:#?}"
    );
    assert!(
        !found.iter().any(|f| f.1.starts_with("Archive/")),
        "{found:#?}"
    );
    assert_eq!(
        found.iter().filter(|f| f.0 == "broken-link").count(),
        1,
        "{found:#?}"
    );
    // Every code is a documented rule.
    let codes: Vec<&str> = iso20k::views::lint::RULES.iter().map(|r| r.code).collect();
    for f in &found {
        assert!(codes.contains(&f.0.as_str()), "{}", f.0);
    }
    for code in &codes {
        assert!(
            found.iter().any(|f| f.0 == *code),
            "the fixture misses {code}"
        );
    }
    crate::schema::assert_matches_schema(&json, "report-templates/lint.schema.json");
}

#[test]
fn codes_are_unique_and_documented_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for rule in iso20k::views::lint::RULES {
        assert!(seen.insert(rule.code), "{} twice", rule.code);
        assert!(
            readme.contains(&format!("`{}`", rule.code)),
            "README does not document {}",
            rule.code
        );
    }
}

fn snapshot_text(format: &str) -> String {
    let dir = fixture();
    let (text, code) = lint(dir.path(), &["--format", format]);
    assert_eq!(code, 1);
    text
}

#[test]
fn text_output() {
    insta::assert_snapshot!(snapshot_text("text"));
}

#[test]
fn json_output() {
    insta::assert_snapshot!(snapshot_text("json"));
}

#[test]
fn github_output() {
    insta::assert_snapshot!(snapshot_text("github"));
}

#[test]
fn sarif_output_is_valid_sarif() {
    let text = snapshot_text("sarif");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let first = &value["runs"][0]["results"][0];
    assert!(first["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
    insta::assert_snapshot!(text);
}

#[test]
fn deny_warning_fails_on_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "Policy.md",
        "---\ntitle: Policy\ndoc_type: policy\nowner: SMS Manager\nstatus: draft\nversion: \"0.1\"\n\
         review_due: 2027-01-31\n---\n# Policy\n\nWe commit to it.\n",
    );
    let (text, code) = lint(dir.path(), &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Policy.md:5: warning[draft]"), "{text}");
    assert!(text.contains("--deny error: passed"), "{text}");
    let (text, code) = lint(dir.path(), &["--deny", "warning"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("--deny warning: FAILED"), "{text}");
}

#[test]
fn allow_in_the_configuration_leaves_rules_out() {
    let dir = fixture();
    write(
        dir.path(),
        "iso20k.toml",
        "[lint]\nallow = [\"undefined-abbreviation\", \"long-sentence\"]\n",
    );
    let (text, _) = lint(dir.path(), &[]);
    assert!(!text.contains("[undefined-abbreviation]"), "{text}");
    assert!(!text.contains("[long-sentence]"), "{text}");
    assert!(
        text.contains("allowed: long-sentence, undefined-abbreviation"),
        "{text}"
    );
    assert!(text.contains("[vague-wording]"), "{text}");
    // An unknown code is an error naming it, not a silently ignored setting.
    write(
        dir.path(),
        "iso20k.toml",
        "[lint]\nallow = [\"vague-words\"]\n",
    );
    let output = iso20k()
        .current_dir(dir.path())
        .args(["lint", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("`vague-words`, which is no lint rule"),
        "{stderr}"
    );
}

#[test]
fn output_file_is_never_written_inside_the_evidence_folder() {
    let dir = fixture();
    let output = iso20k()
        .args(["lint", &dir.path().to_string_lossy(), "-o"])
        .arg(dir.path().join("lint.txt"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("lint.txt").exists());
}

/// Runs lint on a folder, returns `code path:line` strings (paths relative to the folder).
fn findings(dir: &str, as_of: &str) -> Vec<String> {
    let output = iso20k()
        .args(["lint", dir, "--as-of", as_of, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect()
}

#[track_caller]
fn expect(found: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(
            found
                .iter()
                .any(|f| f == w || f.starts_with(&format!("{w}:"))),
            "missing `{w}`"
        );
    }
}

fn corpus(org: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(org)
        .join("evidence")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn finds_the_examples_planted_document_defects() {
    // ABOUT.md: the information security policy is a draft; the continuity plan is overdue for review.
    let found = findings(&example_dir("brightwater-msp"), "2026-11-01");
    expect(
        &found,
        &[
            "draft 02 Policies/Information Security Policy.md:7",
            "review-overdue 04 Plans/Service Continuity Plan.md:12",
        ],
    );
    // ABOUT.md: a draft scope with TODOs, and a policy that is an unfilled template.
    let found = findings(&example_dir("kestrel-cloud"), "2026-11-01");
    expect(
        &found,
        &[
            "draft ISO20000/Scope Statement (DRAFT).md",
            "statement-of-absence ISO20000/Scope Statement (DRAFT).md",
            "placeholder ISO20000/Service Management Policy.md",
        ],
    );
    // The 2011-certified example is kept current: nothing is overdue or a draft.
    let found = findings(&example_dir("harbour-it"), "2026-11-01");
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("draft ") || f.starts_with("review-overdue ")),
        "{found:#?}"
    );
}

#[test]
fn finds_the_labelled_corpus_document_defects() {
    // README: drafts beside the live versions, "to be defined" objectives, documents years overdue, an
    // obsolete policy still marked issued under the same document id.
    let found = findings(&corpus("cobalt-council"), AS_OF);
    expect(
        &found,
        &[
            "draft 12 Supplier Management/MoU Stanmere Property Services - DC1 environment DRAFT v0.2.odt",
            "statement-of-absence 12 Supplier Management/MoU Stanmere Property Services - DC1 environment DRAFT v0.2.odt",
            "draft 03 Procedures/change proc - KJ comments.odt",
            "duplicate-document-id 03 Procedures/change proc - KJ comments.odt",
            "statement-of-absence 01 SMS Governance/ICT-GOV-004 Service Management Objectives 2026-27.odt",
            "statement-of-absence 09 Capacity and Availability/ICT-PLN-003 Demand and Capacity Plan 2026-27.odt",
            "review-overdue 01 SMS Governance/ICT-GOV-002 Context of the Organisation and Interested Parties v1.0.odt",
            "review-overdue 01 SMS Governance/ICT-GOV-003 Service Management Plan 2022-2024 v1.1.pdf",
            "review-overdue 02 Policies/ICT-POL-009 IT Asset Management Policy v1.0.odt",
            "duplicate-document-id 02 Policies/ICT-POL-001 Service Management Policy v1.0.odt",
        ],
    );
    // README: the SM policy v1.9 "for review", a draft ISA, a TBC demand procedure, TBC objectives.
    let found = findings(&corpus("fenwick-it"), AS_OF);
    expect(
        &found,
        &[
            "draft 01 - SMS Governance/Service Management Policy v1.9 - for review.docx",
            "draft ITSM Practices/Service Level Management/Internal Service Agreement - Fenwick Customs Services 2026 DRAFT.docx",
            "draft ITSM Practices/Capacity and Demand/Demand Management Procedure v0.3 DRAFT.docx",
            "statement-of-absence ITSM Practices/Capacity and Demand/Demand Management Procedure v0.3 DRAFT.docx",
            "statement-of-absence 01 - SMS Governance/Service Management Objectives 2026-27.docx",
        ],
    );
    // README: interested parties TBC, the residency SLA TBC, overdue reviews, the draft policy.
    let found = findings(&corpus("lumen-saas"), AS_OF);
    expect(
        &found,
        &[
            "statement-of-absence compliance/iso20000/sms-scope.md:55",
            "statement-of-absence engineering/rfcs/0031-eu-central-1-data-residency.md:106",
            "review-overdue sre/autoscaling.md",
            "review-overdue sre/production-readiness-review.md",
            "review-overdue company/onboarding/engineering-onboarding.md",
            "draft compliance/iso20000/drafts/service-management-policy-v0.3-draft.md",
            "statement-of-absence sre/capacity-planning.md:3",
        ],
    );
}
