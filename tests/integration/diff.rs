//! `iso20k diff`: saved and fresh assessments compared, causes told apart, exit codes, editions, schema.

use crate::util::{example_dir, iso20k, json, stdout};
use predicates::prelude::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A real policy from an example organisation: approved, due for review on 2027-01-31.
const POLICY: &str =
    include_str!("../../evidence-examples/brightwater-msp/02 Policies/Change Management Policy.md");

const COMPLAINTS: &str = "---\ntitle: Complaints Log\ndoc_type: log\nowner: Service Manager\nstatus: approved\ndate: 2026-10-20\ncovers: [\"8.3.2-complaints-recorded\"]\n---\n\n# Complaints Log\n\n| Ref | Received | Complaint | Closed |\n|---|---|---|---|\n| C-1 | 2026-10-02 | Late monthly report | 2026-10-20 |\n";

/// A small evidence folder with an organisation name and a change policy.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "iso20k.toml",
        "[organisation]\nname = \"Diff Test Ltd\"\n",
    );
    write(dir.path(), "Change Management Policy.md", POLICY);
    dir
}

/// Saves `iso20k assess DIR --as-of DATE --format json` to `out` and returns its path as text.
fn save(dir: &Path, as_of: &str, out: &Path) -> String {
    let text = stdout([
        "assess",
        &dir.to_string_lossy(),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    std::fs::write(out, text).unwrap();
    out.to_string_lossy().into_owned()
}

fn diff_json(old: &str, new: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["diff", old, new, "--format", "json"];
    args.extend_from_slice(extra);
    json(args)
}

fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_assessment_compared_with_itself_is_empty() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let saved = save(dir.path(), "2026-11-01", &out.path().join("a.json"));
    let d = diff_json(&saved, &saved, &[]);
    assert_eq!(d["summary"]["empty"], true);
    assert_eq!(d["summary"]["score_change"], 0.0);
    assert_eq!(d["files"]["compared"], true);
    iso20k()
        .args(["diff", &saved, &saved])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nothing changed."));
    // A folder assessed on the spot, compared with its own saved assessment of the same day.
    let d = diff_json(
        &saved,
        &dir.path().to_string_lossy(),
        &["--as-of", "2026-11-01"],
    );
    assert_eq!(d["summary"]["empty"], true, "{d:#}");
}

#[test]
fn a_document_added_removed_or_edited_shows_up_as_exactly_that() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let before = save(dir.path(), "2026-11-01", &out.path().join("before.json"));

    // Added: a complaints log closes a gap.
    write(dir.path(), "Complaints Log.md", COMPLAINTS);
    let added = save(dir.path(), "2026-11-01", &out.path().join("added.json"));
    let d = diff_json(&before, &added, &[]);
    assert_eq!(
        d["files"]["added"],
        serde_json::json!(["Complaints Log.md"])
    );
    assert_eq!(d["files"]["removed"], serde_json::json!([]));
    assert_eq!(d["files"]["edited"], serde_json::json!([]));
    assert!(ids(&d["moved_by_evidence"]).contains(&"8.3.2-complaints-recorded".to_string()));
    for c in d["moved_by_evidence"].as_array().unwrap() {
        assert_eq!(
            c["evidence"]["added"],
            serde_json::json!(["Complaints Log.md"]),
            "{c:#}"
        );
        assert_eq!(c["direction"], "improved");
    }
    assert_eq!(d["moved_by_time"], serde_json::json!([]));
    assert!(
        d["mandatory"]["gained"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "8.3.2-complaints-recorded")
    );
    assert_eq!(d["summary"]["regression"], false);

    // Edited: the policy withdrawn to a draft.
    let policy = dir.path().join("Change Management Policy.md");
    std::fs::write(&policy, POLICY.replace("status: approved", "status: draft")).unwrap();
    let edited = save(dir.path(), "2026-11-01", &out.path().join("edited.json"));
    let d = diff_json(&added, &edited, &[]);
    assert_eq!(
        d["files"]["edited"],
        serde_json::json!(["Change Management Policy.md"])
    );
    assert_eq!(d["files"]["added"], serde_json::json!([]));
    let moved = d["moved_by_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "8.5.1.1-change-policy")
        .expect("the policy moved by evidence");
    assert_eq!(moved["direction"], "regressed");
    assert_eq!(
        moved["evidence"]["edited"],
        serde_json::json!(["Change Management Policy.md"])
    );
    assert_eq!(d["summary"]["regression"], true);

    // Removed.
    std::fs::remove_file(&policy).unwrap();
    let removed = save(dir.path(), "2026-11-01", &out.path().join("removed.json"));
    let d = diff_json(&edited, &removed, &[]);
    assert_eq!(
        d["files"]["removed"],
        serde_json::json!(["Change Management Policy.md"])
    );
    let moved: Vec<&serde_json::Value> = d["moved_by_evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == "8.5.1.1-change-policy")
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        moved[0]["evidence"]["removed"],
        serde_json::json!(["Change Management Policy.md"])
    );
    assert_eq!(moved[0]["new_status"], "gap");
}

#[test]
fn changes_from_time_passing_are_kept_apart_from_changes_by_evidence() {
    let dir = folder();
    let d = diff_json(
        &dir.path().to_string_lossy(),
        &dir.path().to_string_lossy(),
        &["--old-as-of", "2026-11-01", "--as-of", "2027-02-15"],
    );
    // The policy's review date (2027-01-31) passed: the same file, the same content. The set of sound
    // mandatory documents (7.5.4) loses it for the same reason, though it no longer cites the file.
    assert_eq!(
        ids(&d["moved_by_time"]),
        ["7.5.4-sms-documentation", "8.5.1.1-change-policy"]
    );
    assert!(
        d["moved_by_time"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["cause"] == "time")
    );
    assert_eq!(d["moved_by_evidence"], serde_json::json!([]));
    assert_eq!(d["evidence_changed"], serde_json::json!([]));
    assert_eq!(d["old"]["as_of"], "2026-11-01");
    assert_eq!(d["new"]["as_of"], "2027-02-15");
    assert!(
        d["moved_by_time"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("2027-01-31")
    );
}

#[test]
fn fail_on_regression_sets_the_exit_code() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/history");
    let first = history.join("brightwater-2026-11-01.json");
    let remediated = history.join("brightwater-2026-11-21.json");
    let later = history.join("brightwater-2027-03-01.json");
    // Better: 0.
    iso20k()
        .arg("diff")
        .args([&first, &remediated])
        .args(["--fail-on", "regression"])
        .assert()
        .code(0);
    // Worse: 1, and the report is still written.
    iso20k()
        .arg("diff")
        .args([&remediated, &later])
        .args(["--fail-on", "regression"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Moved only because time passed"));
    // Worse without --fail-on: 0.
    iso20k()
        .arg("diff")
        .args([&remediated, &later])
        .assert()
        .code(0);
}

#[test]
fn the_saved_example_history_reads_back_and_tells_its_story() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/history");
    let d = diff_json(
        &history
            .join("brightwater-2026-11-01.json")
            .to_string_lossy(),
        &history
            .join("brightwater-2026-11-21.json")
            .to_string_lossy(),
        &[],
    );
    assert_eq!(d["summary"]["regressed"], 0);
    assert_eq!(
        ids(&d["mandatory"]["gained"]),
        [
            "8.3.2-complaints-recorded",
            "8.7.2-continuity-plan",
            "8.7.3.1-information-security-policy"
        ]
    );
    assert_eq!(
        d["files"]["edited"],
        serde_json::json!([
            "02 Policies/Information Security Policy.md",
            "04 Plans/Service Continuity Plan.md"
        ])
    );
    let d = diff_json(
        &history
            .join("brightwater-2026-11-21.json")
            .to_string_lossy(),
        &history
            .join("brightwater-2027-03-01.json")
            .to_string_lossy(),
        &[],
    );
    assert_eq!(d["summary"]["by_evidence"], 0);
    assert!(d["summary"]["by_time"].as_u64().unwrap() > 10);
}

#[test]
fn assessments_of_different_editions_are_refused_without_mapping() {
    let out = tempfile::tempdir().unwrap();
    let harbour = example_dir("harbour-it");
    let old = out.path().join("2011.json");
    std::fs::write(
        &old,
        stdout([
            "--edition",
            "2011",
            "assess",
            &harbour,
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ]),
    )
    .unwrap();
    let new = save(
        Path::new(&harbour),
        "2026-11-01",
        &out.path().join("2018.json"),
    );
    let old = old.to_string_lossy().into_owned();
    iso20k()
        .args(["diff", &old, &new])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different catalogues"))
        .stderr(predicate::str::contains("--mapping"));
    // The wrong way round is refused even with the mapping.
    iso20k()
        .args(["diff", &new, &old, "--mapping"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give the older edition as OLD"));
    let d = diff_json(&old, &new, &["--mapping"]);
    assert_eq!(d["mapped"]["from_edition"], "2011");
    assert_eq!(d["mapped"]["to_edition"], "2018");
    assert_eq!(d["new"]["catalogue"]["edition"], "2018");
    assert_eq!(d["old"]["catalogue"]["edition"], "2011");
    // Requirements new in 2018 have no earlier status.
    assert!(!d["requirements_added"].as_array().unwrap().is_empty());
    // A folder as OLD is assessed against 2011 with --mapping.
    let d = diff_json(&harbour, &new, &["--mapping", "--as-of", "2026-11-01"]);
    assert_eq!(d["old"]["catalogue"]["edition"], "2011");
}

#[test]
fn the_json_matches_its_schema_and_every_format_renders() {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/history");
    let (a, b) = (
        history.join("brightwater-2026-11-01.json"),
        history.join("brightwater-2027-03-01.json"),
    );
    let d = diff_json(&a.to_string_lossy(), &b.to_string_lossy(), &[]);
    crate::schema::assert_matches_schema(&d, "report-templates/diff.schema.json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/diff.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the diff schema compiles");
    assert!(validator.is_valid(&d));
    for format in ["table", "md", "html", "json"] {
        let args = |out: &Path| {
            let mut cmd = iso20k();
            cmd.arg("diff")
                .args([&a, &b])
                .args(["--format", format, "-o"])
                .arg(out);
            cmd
        };
        let out = tempfile::tempdir().unwrap();
        args(&out.path().join("1")).assert().success();
        args(&out.path().join("2")).assert().success();
        let first = std::fs::read(out.path().join("1")).unwrap();
        assert_eq!(
            first,
            std::fs::read(out.path().join("2")).unwrap(),
            "{format} is deterministic"
        );
        assert!(first.len() > 500, "{format}");
    }
}

#[test]
fn bad_inputs_are_named_and_outputs_stay_out_of_the_evidence_folder() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let bad = out.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 1, \"summary\": 3}").unwrap();
    let saved = save(dir.path(), "2026-11-01", &out.path().join("a.json"));
    iso20k()
        .arg("diff")
        .arg(&bad)
        .arg(&saved)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json"))
        .stderr(predicate::str::contains("not an iso20k assessment"));
    iso20k()
        .args(["diff", &saved])
        .arg(out.path().join("missing.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.json does not exist"));
    iso20k()
        .args([
            "diff",
            &saved,
            &dir.path().to_string_lossy(),
            "--as-of",
            "2026-11-01",
            "-o",
        ])
        .arg(dir.path().join("diff.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("evidence folder"));
    assert!(!dir.path().join("diff.md").exists());
    iso20k()
        .args(["diff", &saved, &saved, "-o", &saved])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one of the assessments read"));
}

#[test]
fn a_saved_assessment_reads_back_into_the_same_assessment() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("evidence-examples/history/brightwater-2026-11-21.json"),
    )
    .unwrap();
    let read: iso20k::assess::Assessment = serde_json::from_str(&text).unwrap();
    assert_eq!(iso20k::render::assessment::json(&read), text);
    // Unknown fields (from a later version) are ignored; `files` may be missing (an earlier one).
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["requirements"][0]["evidence_band"] = serde_json::json!("strong");
    value["something_new"] = serde_json::json!({"a": 1});
    value.as_object_mut().unwrap().remove("files");
    let read: iso20k::assess::Assessment = serde_json::from_value(value).unwrap();
    assert!(read.files.is_empty());
    assert_eq!(read.requirements.len(), 190);
}
