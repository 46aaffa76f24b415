//! Crosswalks to ITIL 4, ISO/IEC 27001:2022 and ISO 9001:2015: `catalogue crosswalk --to`, the links in
//! `catalogue show`, and `assess --lens`. The crosswalk data is snapshotted per framework (it depends on
//! the data alone); the lens on an example is checked for its shape, not for statuses the judge may refine.

use crate::util::{example_dir, iso20k, json, stdout};
use predicates::prelude::*;

#[test]
fn each_framework_crosswalk_is_snapshotted() {
    for framework in ["itil4", "iso27001", "iso9001"] {
        let md = stdout([
            "--color",
            "never",
            "catalogue",
            "crosswalk",
            "--to",
            framework,
            "--format",
            "md",
        ]);
        insta::assert_snapshot!(format!("crosswalk_{framework}"), md);
    }
}

#[test]
fn crosswalk_json_lists_the_requirements_each_link_covers() {
    let cw = json([
        "catalogue",
        "crosswalk",
        "--to",
        "iso27001",
        "--format",
        "json",
    ]);
    assert_eq!(cw["framework"]["name"], "ISO/IEC 27001:2022");
    let links = cw["links"].as_array().unwrap();
    let audit = links
        .iter()
        .find(|l| l["source"] == "9.2" && l["id"] == "9.2")
        .unwrap();
    assert_eq!(audit["relation"], "equal");
    assert_eq!(audit["confidence"], "high");
    assert!(
        audit["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "9.2-audit-programme")
    );
    for link in links {
        assert!(
            ["equal", "subset", "superset", "intersect"]
                .contains(&link["relation"].as_str().unwrap())
        );
        assert!(!link["requirements"].as_array().unwrap().is_empty());
    }
}

#[test]
fn catalogue_show_lists_a_requirements_links() {
    iso20k()
        .args([
            "--color",
            "never",
            "catalogue",
            "show",
            "8.6.1-incidents-recorded",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Crosswalks"))
        .stdout(predicate::str::contains(
            "incident-management Incident management (equal, high confidence)",
        ));
    // The 2011 catalogue has no crosswalk, and show still works.
    iso20k()
        .args([
            "--edition",
            "2011",
            "catalogue",
            "show",
            "8.1-incidents-recorded",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Crosswalks").not());
}

#[test]
fn assess_lens_regroups_the_assessment_with_the_evidence_already_there() {
    let dir = example_dir("brightwater-msp");
    let lens = json([
        "-q",
        "assess",
        &dir,
        "--as-of",
        "2026-11-21",
        "--lens",
        "iso27001",
        "--format",
        "json",
    ]);
    assert_eq!(lens["framework"], "iso27001");
    crate::schema::assert_matches_schema(&lens, "report-templates/lens.schema.json");
    let groups = lens["groups"].as_array().unwrap();
    let audit = groups.iter().find(|g| g["id"] == "9.2").unwrap();
    assert_eq!(audit["title"], "Internal audit");
    let n = audit["requirements"].as_array().unwrap().len() as u64;
    assert_eq!(
        audit["conformant"].as_u64().unwrap()
            + audit["partial"].as_u64().unwrap()
            + audit["gap"].as_u64().unwrap(),
        n
    );
    assert!(!audit["evidence"].as_array().unwrap().is_empty());
    for (format, marker) in [
        ("table", "Integrated management system"),
        ("md", "## Integrated management system"),
        ("html", "<h2 id=\"ims-h\">Integrated management system</h2>"),
    ] {
        let out = stdout([
            "-q",
            "--color",
            "never",
            "assess",
            &dir,
            "--as-of",
            "2026-11-21",
            "--lens",
            "itil4",
            "--format",
            format,
        ]);
        assert!(out.contains(marker), "{format}");
        assert!(out.contains("Incident management"), "{format}");
    }
    let html = stdout([
        "-q",
        "assess",
        &dir,
        "--as-of",
        "2026-11-21",
        "--lens",
        "iso9001",
        "--format",
        "html",
    ]);
    assert!(html.find("id=\"ims\"").unwrap() < html.find("</main>").unwrap());
    iso20k()
        .args([
            "-q",
            "assess",
            &dir,
            "--lens",
            "iso9001",
            "--format",
            "xlsx",
            "-o",
            "/tmp/x.xlsx",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the workbook has no lens"));
}

#[test]
fn catalogue_validate_covers_the_crosswalk() {
    iso20k()
        .args(["catalogue", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "embedded:crosswalk-2018.yaml: valid crosswalk",
        ));
}
