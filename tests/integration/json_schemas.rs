//! Every `--format json` output has a committed JSON Schema under `report-templates/`, and the real
//! output of every command on the three example folders validates against it (JSON Schema 2020-12).

use crate::schema::{assert_valid, validator};
use crate::util::{example_dir, iso20k};
use serde_json::Value;

const EXAMPLES: [&str; 3] = ["brightwater-msp", "harbour-it", "kestrel-cloud"];

/// Runs iso20k and parses its standard output, whatever the exit code (the gate exits 1 when it fails).
fn output(args: &[&str]) -> Value {
    let out = iso20k().args(args).output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?} does not print JSON: {e}"))
}

fn on_example(example: &str, args: &[&str]) -> Value {
    let dir = example_dir(example);
    let mut all = args.to_vec();
    all.extend(["-q", &dir, "--as-of", "2026-11-21", "--format", "json"]);
    output(&all)
}

#[test]
fn assessment_check_checklists_plan_and_explain_validate_on_every_example() {
    for example in EXAMPLES {
        let cases: [(&[&str], &str); 8] = [
            (&["assess"], "assessment.schema.json"),
            (&["check"], "check.schema.json"),
            (
                &["check", "--fail-under", "95", "--require", "declared"],
                "check.schema.json",
            ),
            (
                &["checklist", "--stage", "1"],
                "checklist-stage1.schema.json",
            ),
            (
                &["checklist", "--stage", "2", "--transition"],
                "checklist-stage2.schema.json",
            ),
            (
                &["plan", "--target-stage1", "2027-01-15"],
                "plan.schema.json",
            ),
            (&["explain", "8.7.2-continuity-plan"], "explain.schema.json"),
            (&["explain", "9.3"], "explain.schema.json"),
        ];
        for (args, schema) in cases {
            let value = on_example(example, args);
            assert_valid(&value, &format!("report-templates/{schema}"));
        }
        let evidence = output(&["evidence", &example_dir(example), "--format", "json"]);
        assert_valid(&evidence, "report-templates/evidence.schema.json");
    }
}

/// `explain --file` on files of every role: a policy, a record export, an audit report with clause
/// references.
#[test]
fn explain_file_validates() {
    let cases = [
        ("8.5.1", "02 Policies/Change Management Policy.md"),
        (
            "8.6.1",
            "06 Records/Incidents/Incident Log Jul-Oct 2026.csv",
        ),
        (
            "9.2",
            "08 Audit and Review/Internal Audit Report IA-2026-03.md",
        ),
    ];
    for (id, file) in cases {
        let value = on_example("brightwater-msp", &["explain", id, "--file", file]);
        assert_valid(&value, "report-templates/explain-file.schema.json");
        assert!(!value["requirements"].as_array().unwrap().is_empty());
    }
}

/// The gate with a baseline fills `baseline_score`; a clause's explanation is an array.
#[test]
fn optional_parts_validate_too() {
    let dir = example_dir("brightwater-msp");
    let baseline = tempfile::NamedTempFile::new().unwrap();
    let assessment = output(&["assess", &dir, "--as-of", "2026-11-01", "--format", "json"]);
    std::fs::write(baseline.path(), assessment.to_string()).unwrap();
    let path = baseline.path().to_str().unwrap();
    let check = on_example("brightwater-msp", &["check", "--baseline", path]);
    assert!(check["baseline_score"].is_number());
    assert_valid(&check, "report-templates/check.schema.json");
    let clause = on_example("brightwater-msp", &["explain", "9.3"]);
    assert!(clause.is_array());
}

#[test]
fn catalogue_outputs_validate() {
    for args in [
        &["catalogue", "list", "--format", "json"][..],
        &["catalogue", "list", "--mandatory", "--format", "json"],
        &["--edition", "2011", "catalogue", "list", "--format", "json"],
        &["catalogue", "show", "9.3", "--format", "json"],
        &[
            "catalogue",
            "show",
            "8.7.2-continuity-plan",
            "--format",
            "json",
        ],
    ] {
        assert_valid(&output(args), "report-templates/catalogue-list.schema.json");
    }
    let map = output(&["catalogue", "map", "--format", "json"]);
    assert_valid(&map, "report-templates/catalogue-map.schema.json");
}

/// The schemas are strict: an unknown key or a wrong type is caught, so a field added to the output
/// without its schema fails the tests above.
#[test]
fn schemas_reject_unknown_keys_and_wrong_types() {
    let mut check = on_example("harbour-it", &["check"]);
    check["surprise"] = Value::Bool(true);
    assert!(!validator("report-templates/check.schema.json").is_valid(&check));
    let mut plan = on_example("harbour-it", &["plan"]);
    plan["phases"][0]["work_packages"][0]["effort_days"] = Value::String("two".into());
    assert!(!validator("report-templates/plan.schema.json").is_valid(&plan));
    let mut stage2 = on_example("harbour-it", &["checklist", "--stage", "2"]);
    stage2["clauses"][0]["items"][0]["status"] = Value::String("fine".into());
    assert!(!validator("report-templates/checklist-stage2.schema.json").is_valid(&stage2));
}

/// Every schema in report-templates/ is named in its README, so users can find them.
#[test]
fn every_schema_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for entry in std::fs::read_dir(&root).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".schema.json") {
            assert!(
                readme.contains(&format!("`{name}`")),
                "{name} is not in report-templates/README.md"
            );
            validator(&format!("report-templates/{name}"));
        }
    }
}
