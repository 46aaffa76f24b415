//! `iso20k trend`: saved assessments over time.

use crate::util::{iso20k, json};
use predicates::prelude::*;
use std::path::Path;

fn history() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-examples/history")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_folder_of_saved_assessments_gives_points_in_date_order_with_milestones() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("iso20k.toml");
    std::fs::write(
        &config,
        "[[milestone]]\ndate = 2027-02-02\nname = \"Stage 2 audit\"\n\n[[milestone]]\ndate = 2026-12-08\nname = \"Stage 1 audit\"\n",
    )
    .unwrap();
    let t = json([
        "trend",
        &history(),
        "--config",
        &config.to_string_lossy(),
        "--format",
        "json",
    ]);
    let dates: Vec<&str> = t["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["as_of"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-11-01", "2026-11-21", "2027-03-01"]);
    assert_eq!(t["points"][0]["score"], 97.2);
    assert_eq!(t["milestones"][0]["name"], "Stage 1 audit");
    assert_eq!(t["milestones"][1]["day"], 93);
    assert_eq!(t["span"], 120);
    // Open at all three visits.
    assert_eq!(t["longest_open"][0]["id"], "8.7.3.1-policy-communicated");
    assert_eq!(t["longest_open"][0]["assessments"], 3);
    assert_eq!(t["longest_open"][0]["days"], 120);
    assert_eq!(t["clauses"][0]["scores"].as_array().unwrap().len(), 3);
    crate::schema::assert_matches_schema(&t, "report-templates/trend.schema.json");
    for format in ["table", "md", "html"] {
        let out = iso20k()
            .args(["trend", &history(), "--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(
            String::from_utf8(out).unwrap().contains("2027-03-01"),
            "{format}"
        );
    }
}

#[test]
fn mixed_catalogues_and_bad_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "not json").unwrap();
    iso20k()
        .arg("trend")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.json"));
    iso20k()
        .arg("trend")
        .arg(dir.path().join("empty-folder-that-is-missing"))
        .assert()
        .code(2);
    let text = std::fs::read_to_string(Path::new(&history()).join("brightwater-2026-11-01.json"))
        .unwrap()
        .replacen("\"edition\": \"2018\"", "\"edition\": \"2011\"", 1);
    let other = dir.path().join("2011.json");
    std::fs::write(&other, text).unwrap();
    iso20k()
        .arg("trend")
        .arg(&other)
        .arg(Path::new(&history()).join("brightwater-2026-11-21.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different catalogues"));
}
