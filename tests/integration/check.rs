//! `iso20k check`: the CI gate's exit codes, rules and output formats.

use crate::util::{copy_tree, iso20k};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-01";

fn mature() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/brightwater-msp")
}

#[track_caller]
fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the mature example with its three mandatory-information weaknesses fixed: it passes.
fn fixed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sms");
    copy_tree(&mature(), &root);
    let policy = root.join("02 Policies/Information Security Policy.md");
    replace(
        &policy,
        "status: draft",
        "status: approved\napproved_on: 2026-10-20\nreview_due: 2027-10-20",
    );
    let plan = root.join("04 Plans/Service Continuity Plan.md");
    replace(&plan, "review_due: 2026-06-30", "review_due: 2027-06-30");
    std::fs::write(
        root.join("06 Records/Service Complaints Log 2026.md"),
        "---\ntitle: Service Complaints Log 2026\ndoc_type: log\nowner: Head of Customer Success\nstatus: approved\n\
         date: 2026-10-28\ncovers: [8.3.2-complaints-recorded]\n---\n# Service complaints log 2026\n\n\
         Every service complaint is entered in this complaint log, followed by a complaint investigation, the \
         action taken and complaint closure with the customer informed. Complaint escalation goes to the \
         Operations Director when the normal route cannot settle it.\n\n\
         | Ref | Received | Customer | Summary | Investigation and root cause | Action taken | Escalated to | Closure date |\n\
         |---|---|---|---|---|---|---|---|\n\
         | CMP-2026-01 | 2026-09-14 | Pennine Freight Ltd | Slow response to a P3 ticket | queue misrouted | routing rule fixed | - | 2026-09-20 |\n\
         | CMP-2026-02 | 2026-10-27 | Calder Housing Group | Missed callback | rota gap | rota changed | Operations Director | 2026-10-28 |\n",
    )
    .unwrap();
    (dir, root)
}

fn check(root: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    iso20k()
        .arg("check")
        .arg(root)
        .args(["--as-of", AS_OF])
        .args(extra)
        .assert()
}

#[test]
fn the_gate_passes_and_fails_with_exact_exit_codes() {
    let (_dir, root) = fixed_copy();
    check(&root, &[])
        .code(0)
        .stdout(predicate::str::contains("iso20k check: passed"));

    // Delete a mandatory document.
    let (_dir, root) = fixed_copy();
    std::fs::remove_file(root.join("02 Policies/Change Management Policy.md")).unwrap();
    check(&root, &[]).code(1).stdout(predicate::str::contains(
        "error[mandatory-missing] 8.5.1.1-change-policy (8.5.1.1 Change management policy)",
    ));

    // Make one a draft.
    let (_dir, root) = fixed_copy();
    replace(
        &root.join("02 Policies/Service Management Policy.md"),
        "status: approved",
        "status: draft",
    );
    check(&root, &[])
        .code(1)
        .stdout(predicate::str::contains(
            "error[mandatory-draft] 5.2.1-policy-documented",
        ))
        .stdout(predicate::str::contains(
            "02 Policies/Service Management Policy.md",
        ));

    // Push one's review date into the past.
    let (_dir, root) = fixed_copy();
    replace(
        &root.join("04 Plans/Service Continuity Plan.md"),
        "review_due: 2027-06-30",
        "review_due: 2026-01-31",
    );
    check(&root, &[])
        .code(1)
        .stdout(predicate::str::contains(
            "error[mandatory-expired] 8.7.2-continuity-plan",
        ))
        .stdout(predicate::str::contains("was due for review on 2026-01-31"));
    check(&root, &["--allow-expired"]).code(0);

    // A broken configuration is never exit 1.
    let (_dir, root) = fixed_copy();
    std::fs::write(root.join("iso20k.toml"), "[check]\nfail_under = \"high\"\n").unwrap();
    check(&root, &[])
        .code(2)
        .stderr(predicate::str::contains("invalid configuration"));
    std::fs::write(root.join("iso20k.toml"), "[check]\nfail_under = 120\n").unwrap();
    check(&root, &[])
        .code(2)
        .stderr(predicate::str::contains("fail_under must be from 0 to 100"));
    check(&mature(), &["--fail-under", "101"]).code(2);
    iso20k().args(["check", "/no/such/folder"]).assert().code(2);
}

#[test]
fn thresholds_come_from_the_configuration_and_flags_win() {
    let (_dir, root) = fixed_copy();
    check(&root, &["--fail-under", "99.9"])
        .code(1)
        .stdout(predicate::str::contains("error[score-below-threshold]"));
    let config = root.join("iso20k.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[check]\nfail_under = 99.9\n")).unwrap();
    check(&root, &[]).code(1);
    check(&root, &["--fail-under", "50"]).code(0);
    std::fs::write(&config, format!("{text}\n[check]\nrequire = \"none\"\n")).unwrap();
    std::fs::remove_file(root.join("02 Policies/Change Management Policy.md")).unwrap();
    check(&root, &[]).code(0);
    check(&root, &["--require", "mandatory"]).code(1);
}

#[test]
fn a_baseline_fails_only_on_regressions() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let output = iso20k()
        .args([
            "assess",
            mature().to_str().unwrap(),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&baseline, output).unwrap();
    // The example's three known problems are in the baseline: nothing got worse.
    check(&mature(), &["--baseline", baseline.to_str().unwrap()]).code(0);

    let root = dir.path().join("sms");
    copy_tree(&mature(), &root);
    std::fs::remove_file(root.join("02 Policies/Change Management Policy.md")).unwrap();
    check(&root, &["--baseline", baseline.to_str().unwrap()])
        .code(1)
        .stdout(predicate::str::contains(
            "error[mandatory-missing] 8.5.1.1-change-policy",
        ))
        .stdout(predicate::str::contains(
            "error[status-regression] 8.5.1.1-change-policy",
        ))
        .stdout(predicate::str::contains("error[score-regression]"))
        .stdout(predicate::str::contains("8.7.2-continuity-plan").not());

    std::fs::write(&baseline, "{\"not\": \"an assessment\"}").unwrap();
    check(&mature(), &["--baseline", baseline.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("not an iso20k assessment"));
}

#[test]
fn require_declared_rejects_inferred_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("Change Management Policy.md"),
        format!(
            "---\ntitle: Change Management Policy\ndoc_type: policy\nstatus: approved\nreview_due: 2027-06-30\n---\n\
             # Change management policy\n\nChange control covers service components under change control, \
             standard change, normal change and emergency change categories, each change category with its \
             handling, and criteria for major impact. {}\n",
            "Every change is recorded. ".repeat(20)
        ),
    )
    .unwrap();
    let json = |require: &str| -> serde_json::Value {
        let output = iso20k()
            .arg("check")
            .arg(root)
            .args(["--as-of", AS_OF, "--format", "json", "--require", require])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).unwrap()
    };
    let mandatory = json("mandatory");
    let declared = json("declared");
    let has = |v: &serde_json::Value, code: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == code && f["requirement"] == "8.5.1.1-change-policy")
    };
    assert!(
        !has(&mandatory, "mandatory-missing"),
        "inferred evidence is found"
    );
    assert!(has(&declared, "mandatory-undeclared"), "{declared:#}");
}

fn formats(root: &Path) -> Vec<(String, String)> {
    ["text", "json", "junit", "sarif", "github"]
        .iter()
        .map(|format| {
            let output = iso20k()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .arg("check")
                .arg(root)
                .args(["--as-of", AS_OF, "--format", format])
                .assert()
                .code(1)
                .get_output()
                .stdout
                .clone();
            (format.to_string(), String::from_utf8(output).unwrap())
        })
        .collect()
}

#[test]
fn every_format_is_valid_and_snapshot_tested() {
    // Run from the repository so file locations are the ones CI would see.
    let root = Path::new("evidence-examples/brightwater-msp");
    for (format, text) in formats(root) {
        match format.as_str() {
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v["passed"], false);
                assert_eq!(v["findings"].as_array().unwrap().len(), 3);
            }
            "junit" => assert_junit(&text, 38, 3),
            "sarif" => assert_sarif(&text),
            "github" => {
                assert_eq!(
                    text.lines().filter(|l| l.starts_with("::error ")).count(),
                    3
                );
                assert!(text.contains(
                    "::error file=evidence-examples/brightwater-msp/04 Plans/Service Continuity Plan.md,"
                ));
            }
            _ => {}
        }
        insta::assert_snapshot!(format!("check_{format}"), text);
    }
}

/// Well-formed XML with the JUnit structure: a testcase per checked item, the failures counted.
fn assert_junit(text: &str, tests: usize, failures: usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut cases, mut failed, mut depth) = (0, 0, 0i32);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().as_ref() {
                    "testcase" => cases += 1,
                    "failure" => failed += 1,
                    _ => {}
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "testcase" => cases += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced elements");
    assert_eq!(cases, tests);
    assert_eq!(failed, failures);
    assert!(text.contains(&format!(
        "<testsuites name=\"iso20k check\" tests=\"{tests}\" failures=\"{failures}\">"
    )));
}

/// Valid against the SARIF 2.1.0 schema kept in the repository.
fn assert_sarif(text: &str) {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let log: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
    let uri = log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap();
    assert!(!uri.contains(' '), "URIs are percent-encoded: {uri}");
}

/// SARIF results for a missing document point at a file, so code scanning can show them: the folder's
/// iso20k.toml by default, `--anchor FILE` when given, line 1 in every case.
#[test]
fn sarif_locates_missing_documents_in_a_file() {
    let sarif = |extra: &[&str]| -> serde_json::Value {
        let output = iso20k()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "check",
                "evidence-examples/brightwater-msp",
                "--as-of",
                AS_OF,
            ])
            .args(["--format", "sarif"])
            .args(extra)
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).unwrap()
    };
    let location = |log: &serde_json::Value, rule: &str| -> (String, u64) {
        let result = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {log:#}"))
            .clone();
        let physical = &result["locations"][0]["physicalLocation"];
        (
            physical["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string(),
            physical["region"]["startLine"].as_u64().unwrap(),
        )
    };
    let default = sarif(&[]);
    assert_eq!(
        location(&default, "mandatory-missing"),
        (
            "evidence-examples/brightwater-msp/iso20k.toml".to_string(),
            1
        )
    );
    assert_eq!(
        location(&default, "mandatory-draft").0,
        "evidence-examples/brightwater-msp/02%20Policies/Information%20Security%20Policy.md"
    );
    let anchored = sarif(&["--anchor", "README.md"]);
    assert_eq!(
        location(&anchored, "mandatory-missing"),
        ("README.md".to_string(), 1)
    );
    // An anchor that does not exist, or lies outside the root, is a setup error.
    iso20k()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "evidence-examples/brightwater-msp",
            "--format",
            "sarif",
        ])
        .args(["--anchor", "no-such-file.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--anchor no-such-file.md: no such file",
        ));
}

/// Without an iso20k.toml or README.md the missing document stays on the folder (nothing better exists).
#[test]
fn without_an_anchor_file_findings_stay_on_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sms");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("notes.md"), "# Notes\n\nNothing yet.\n").unwrap();
    let output = iso20k()
        .current_dir(dir.path())
        .args(["-q", "check", "sms", "--as-of", AS_OF, "--format", "github"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    assert!(
        text.lines()
            .filter(|l| l.starts_with("::error "))
            .all(|l| l.starts_with("::error file=sms,") || l.starts_with("::error title=")),
        "{text}"
    );
}
