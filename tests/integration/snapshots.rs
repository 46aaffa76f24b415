//! Snapshots of rendered catalogue output. Review changes with `cargo insta review`; CI never accepts them.

use crate::util::{CatalogueCopy, iso20k, stdout};

#[test]
fn list_table_of_a_clause() {
    insta::assert_snapshot!(stdout(["catalogue", "list", "--clause", "8.5"]));
}

#[test]
fn list_table_of_mandatory_documented_information() {
    insta::assert_snapshot!(stdout(["catalogue", "list", "--mandatory"]));
}

#[test]
fn show_text() {
    insta::assert_snapshot!(stdout(["catalogue", "show", "8.5.1.1-change-policy"]));
}

#[test]
fn show_text_of_a_record() {
    insta::assert_snapshot!(stdout(["catalogue", "show", "9.3-review-results"]));
}

#[test]
fn show_json() {
    insta::assert_snapshot!(stdout([
        "catalogue",
        "show",
        "8.6.1-incidents-recorded",
        "--format",
        "json"
    ]));
}

#[test]
fn validate_problems() {
    let copy = CatalogueCopy::new();
    copy.edit(
        "09-performance-evaluation.yaml",
        "title: Management review",
        "title: Management reviews",
    );
    copy.edit(
        "10-improvement.yaml",
        "freshness: 6 months",
        "freshness: half a year",
    );
    let output = iso20k()
        .args(["catalogue", "validate"])
        .arg(copy.path())
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8(output)
        .unwrap()
        .replace(&format!("{}/", copy.path().display()), "[catalogue]/")
        .replace(&copy.path().display().to_string(), "[catalogue]");
    insta::assert_snapshot!(text);
}

fn example(org: &str) -> String {
    format!("{}/evidence-examples/{org}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn evidence_register_json_of_the_mature_example() {
    insta::assert_snapshot!(stdout([
        "evidence",
        "--format",
        "json",
        &example("brightwater-msp")
    ]));
}

#[test]
fn evidence_register_json_of_the_early_stage_example() {
    insta::assert_snapshot!(stdout([
        "evidence",
        "--format",
        "json",
        &example("kestrel-cloud")
    ]));
}

#[test]
fn evidence_register_table() {
    insta::assert_snapshot!(stdout(["evidence", &example("kestrel-cloud")]));
}

#[test]
fn evidence_register_markdown() {
    insta::assert_snapshot!(stdout([
        "evidence",
        "--format",
        "md",
        &example("kestrel-cloud")
    ]));
}

fn assessed(org: &str, format: &str) -> String {
    stdout([
        "assess",
        &example(org),
        "--as-of",
        "2026-11-01",
        "--format",
        format,
    ])
}

#[test]
fn assessment_table_of_the_mature_example() {
    insta::assert_snapshot!(assessed("brightwater-msp", "table"));
}

#[test]
fn assessment_table_of_the_early_stage_example() {
    insta::assert_snapshot!(assessed("kestrel-cloud", "table"));
}

#[test]
fn assessment_markdown_of_the_mature_example() {
    insta::assert_snapshot!(assessed("brightwater-msp", "md"));
}

#[test]
fn assessment_html_of_the_mature_example() {
    insta::assert_snapshot!(assessed("brightwater-msp", "html"));
}

#[test]
fn assessment_json_of_the_mature_example() {
    insta::assert_snapshot!(assessed("brightwater-msp", "json"));
}

#[test]
fn assessment_markdown_of_the_early_stage_example() {
    insta::assert_snapshot!(assessed("kestrel-cloud", "md"));
}

#[test]
fn explain_text() {
    insta::assert_snapshot!(stdout([
        "explain",
        "8.7.2-continuity-plan",
        &example("brightwater-msp"),
        "--as-of",
        "2026-11-01",
    ]));
}
