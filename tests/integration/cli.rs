//! The `iso20k` command line, end to end: exit codes, formats, help, completions and the man page.

use crate::util::{CatalogueCopy, iso20k, json, stdout};
use predicates::prelude::*;

#[test]
fn version_and_help() {
    iso20k()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("iso20k 0."));
    for args in [
        &["--help"][..],
        &["catalogue", "--help"],
        &["catalogue", "list", "--help"],
        &["catalogue", "show", "--help"],
        &["catalogue", "validate", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        iso20k()
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: iso20k"));
    }
    iso20k()
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains(
            "Exit codes: 0 success; 1 a gate or check failed; 2 usage",
        ));
}

#[test]
fn usage_errors_exit_2() {
    iso20k().assert().code(2);
    iso20k().arg("frobnicate").assert().code(2);
    iso20k()
        .args(["catalogue", "list", "--clause", "8.x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a clause number"));
    iso20k()
        .args(["catalogue", "list", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn list_json_has_the_documented_shape() {
    let json = json(["catalogue", "list", "--format", "json"]);
    assert_eq!(json["standard"], "ISO/IEC 20000-1");
    assert_eq!(json["edition"], "2018");
    assert!(json["version"].as_str().unwrap().split('.').count() == 3);
    let requirements = json["requirements"].as_array().unwrap();
    assert_eq!(json["count"].as_u64().unwrap() as usize, requirements.len());
    let mut clauses = std::collections::BTreeSet::new();
    for r in requirements {
        for key in [
            "id",
            "clause",
            "title",
            "summary",
            "kind",
            "mandatory_document",
        ] {
            assert!(!r[key].is_null(), "{key} missing in {r}");
        }
        assert!(!r["summary"].as_str().unwrap().is_empty());
        clauses.insert(r["clause"].as_str().unwrap().to_string());
    }
    // Every leaf subclause 4.1 … 10.2 is covered (parents such as 8.2 are covered through them).
    for leaf in crate::util::embedded().leaf_clauses() {
        assert!(
            clauses.contains(&leaf.clause.to_string()),
            "{} missing",
            leaf.clause
        );
    }
}

#[test]
fn list_filters_combine() {
    let json = |args: &[&str]| json(["catalogue", "list", "--format", "json"].iter().chain(args));
    let ids = |value: &serde_json::Value| -> Vec<String> {
        value["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let change = json(&["--clause", "8.5.1"]);
    assert!(ids(&change).iter().all(|id| id.starts_with("8.5.1.")));
    assert!(ids(&change).contains(&"8.5.1.1-change-policy".to_string()));
    let mandatory_records = json(&["--mandatory", "--kind", "record"]);
    for r in mandatory_records["requirements"].as_array().unwrap() {
        assert_eq!(r["kind"], "record");
        assert_eq!(r["mandatory_document"], true);
    }
    assert!(ids(&mandatory_records).contains(&"9.3-review-results".to_string()));
    let incident = json(&["--process", "incident"]);
    assert!(!ids(&incident).is_empty());
    assert!(ids(&incident).iter().all(|id| id.starts_with("8.6.1-")));
    let yaml = stdout(["catalogue", "list", "--format", "yaml", "--clause", "9.3"]);
    assert!(
        yaml.contains("edition: '2018'") || yaml.contains("edition: \"2018\""),
        "{yaml}"
    );
    assert!(yaml.contains("id: 9.3-review-results"), "{yaml}");
}

#[test]
fn unknown_filters_and_ids_explain_themselves() {
    iso20k()
        .args(["catalogue", "list", "--clause", "11"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "clause 11 is not in the ISO/IEC 20000-1:2018 catalogue",
        ));
    iso20k()
        .args(["catalogue", "list", "--process", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown process area `nope`"))
        .stderr(predicate::str::contains("incident"));
    iso20k()
        .args(["catalogue", "show", "8.5.1.1-change-polcy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean: 8.5.1.1-change-policy",
        ));
    iso20k()
        .args(["catalogue", "show", "review"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("9.3-review-held"));
}

#[test]
fn show_a_clause_shows_all_its_requirements() {
    let json = json(["catalogue", "show", "9.3", "--format", "json"]);
    let requirements = json["requirements"].as_array().unwrap();
    assert!(requirements.len() >= 2);
    assert!(requirements.iter().all(|r| r["clause"] == "9.3"));
}

#[test]
fn validate_embedded_and_copies() {
    iso20k()
        .args(["catalogue", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid ISO/IEC 20000-1:2018 catalogue",
        ));
    let copy = CatalogueCopy::new();
    iso20k()
        .args(["catalogue", "validate"])
        .arg(copy.path())
        .assert()
        .success();
    let line = copy.edit(
        "06-planning.yaml",
        "title: Actions to address risks and opportunities",
        "title: Risks",
    );
    let expected = format!("06-planning.yaml:{line}:");
    iso20k()
        .args(["catalogue", "validate"])
        .arg(copy.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(expected))
        .stderr(predicate::str::contains(
            "does not match clause 6.1's title",
        ))
        .stderr(predicate::str::contains("1 problem found"));
}

#[test]
fn catalogue_option_and_environment_choose_the_catalogue() {
    let copy = CatalogueCopy::new();
    copy.edit("catalogue.yaml", "version: 1.0.0", "version: 9.9.9");
    iso20k()
        .arg("--catalogue")
        .arg(copy.path())
        .args(["catalogue", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("catalogue 9.9.9"));
    iso20k()
        .env("ISO20K_CATALOGUE", copy.path())
        .args(["catalogue", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("catalogue 9.9.9"));
    copy.edit("catalogue.yaml", "version: 9.9.9", "version: nine");
    iso20k()
        .arg("--catalogue")
        .arg(copy.path())
        .args(["catalogue", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`version` must be a semantic version",
        ));
    iso20k()
        .args(["--catalogue", "/no/such/catalogue", "catalogue", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read the catalogue at /no/such/catalogue",
        ));
}

#[test]
fn colour_follows_the_choice() {
    let has_escape = predicate::str::contains("\u{1b}[");
    iso20k()
        .args(["catalogue", "show", "9.3-review-held"])
        .assert()
        .success()
        .stdout(has_escape.clone().not());
    iso20k()
        .env_remove("NO_COLOR")
        .args(["--color", "always", "catalogue", "show", "9.3-review-held"])
        .assert()
        .success()
        .stdout(has_escape.clone());
    // Piped (as here) with colour on auto: plain.
    iso20k()
        .env_remove("NO_COLOR")
        .args(["catalogue", "show", "9.3-review-held"])
        .assert()
        .success()
        .stdout(has_escape.not());
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        iso20k()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("iso20k"))
            .stdout(predicate::str::contains("catalogue"));
    }
    iso20k()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH iso20k"));
}

#[test]
fn catalogue_show_marks_essential_elements_and_how_a_requirement_is_judged() {
    iso20k()
        .args(["catalogue", "show", "6.2.1-objectives-documented"])
        .assert()
        .success()
        .stdout(predicate::str::contains("measurable targets [essential]"))
        .stdout(predicate::str::contains("link to policy [essential]").not());
    iso20k()
        .args(["catalogue", "show", "7.5.2-review-approval"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Judged: with the review dates of every document",
        ));
}
