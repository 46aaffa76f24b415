//! `iso20k explain ID DIR --file PATH`: one file, term by term, against a requirement.

use crate::schema::assert_valid;
use crate::util::{iso20k, json, stdout};
use tempfile::TempDir;

/// A small folder: an approved change policy (accepted for the change policy), a "Change Procedure"
/// that names the clause's subject in its title but holds none of the requirements' words (suggested),
/// and an unfilled change request form (set aside).
fn folder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "policies/Change Management Policy.md",
        "---\ntitle: Change Management Policy\nstatus: approved\nowner: Head of Service Delivery\n\
         version: \"1.3\"\napproved_on: 2026-02-01\nreview_due: 2027-02-01\n---\n\
         # Change Management Policy\n\n## 1. Purpose\n\nThis policy sets how Tarn Valley Water Ltd keeps its IT \
         services under change control.\n\n## 2. Change categories\n\nEvery change has a change category: a \
         standard change is pre-approved, a normal change goes to the\nchange advisory board, and an emergency \
         change follows the expedited route.\n\n## 3. Major change\n\nA major change is one with a major impact \
         on services or customers; it is designed and transitioned as\na new service.\n",
    );
    write(
        "processes/Change Procedure.md",
        "---\ntitle: Change Procedure\nowner: Head of Service Delivery\nversion: \"0.9\"\n---\n\
         # Change Procedure\n\nHow the service desk team runs its weekly meeting on planned work, who chairs it, \
         and where the\nminutes are kept. The meeting looks at the week ahead and the staff rota for the \
         on-site visits.\n",
    );
    write(
        "templates/Change Request Form.md",
        "# Change Request Form\n\nRequested by: [Name]\nDate: dd/mm/yyyy\nDescription: [describe the change \
         here]\n",
    );
    dir
}

fn explain(dir: &TempDir, id: &str, file: &str) -> serde_json::Value {
    let value = json([
        "explain",
        id,
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--file",
        file,
        "--format",
        "json",
        "-q",
    ]);
    assert_valid(&value, "report-templates/explain-file.schema.json");
    value
}

#[test]
fn an_accepted_file_shows_its_phrases_and_where() {
    let dir = folder();
    let e = explain(
        &dir,
        "8.5.1.1-change-policy",
        "policies/Change Management Policy.md",
    );
    assert_eq!(e["file"]["kind"], "policy");
    assert_eq!(e["file"]["metadata"]["status"], "approved");
    assert_eq!(e["file"]["set_aside"], serde_json::Value::Null);
    let sources = e["file"]["metadata_sources"].as_array().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s["field"] == "approved_on" && s["source"] == "front_matter")
    );
    let r = &e["requirements"][0];
    assert_eq!(r["id"], "8.5.1.1-change-policy");
    assert_eq!(r["verdict"], "accepted", "{r:#}");
    assert_eq!(r["candidate"]["basis"], "inferred");
    assert_eq!(r["candidate"]["through"], "file");
    assert_eq!(r["evidence"][0]["role"], "document");
    let keyword = |phrase: &str| {
        r["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["group"] == "keywords")
            .flat_map(|g| g["phrases"].as_array().unwrap())
            .find(|p| p["phrase"] == phrase)
            .unwrap_or_else(|| panic!("{phrase} is a keyword"))
            .clone()
    };
    let emergency = keyword("emergency change");
    assert_eq!(emergency["found"], true);
    assert_eq!(emergency["body"], true);
    assert_eq!(emergency["title"], false);
    assert_eq!(
        emergency["sections"],
        serde_json::json!(["2. Change categories (lines 15–18)"])
    );
    assert!(
        r["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["group"] == "element")
    );

    // The text says the same.
    let text = stdout([
        "explain",
        "8.5.1.1-change-policy",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--file",
        "policies/Change Management Policy.md",
        "-q",
    ]);
    for expected in [
        "policies/Change Management Policy.md",
        "Kind: policy",
        "Set aside: no",
        "status approved [front matter key \"status\"]",
        "ACCEPTED cited as a document (inferred, the whole file)",
        "✓ \"emergency change\": text: § 2. Change categories (lines 15–18)",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn suggested_and_rejected_files_say_why() {
    let dir = folder();
    // Named after the clause's subject but holding none of the requirement's words: a suggestion.
    let e = explain(
        &dir,
        "8.5.1.3-changes-assessed",
        "processes/Change Procedure.md",
    );
    let r = &e["requirements"][0];
    assert_eq!(r["verdict"], "suggested", "{r:#}");
    assert_eq!(r["candidate"]["topic_only"], true);
    assert!(r["why"].as_str().unwrap().contains("assessor to confirm"));

    // Not a candidate at all.
    let e = explain(
        &dir,
        "8.5.1.1-change-policy",
        "processes/Change Procedure.md",
    );
    let r = &e["requirements"][0];
    assert_eq!(r["verdict"], "rejected");
    assert_eq!(r["candidate"], serde_json::Value::Null);
    assert!(r["why"].as_str().unwrap().starts_with("not a candidate"));

    // An unfilled form is set aside, whatever the requirement.
    let e = explain(&dir, "8.5.1", "templates/Change Request Form.md");
    assert_eq!(e["file"]["kind"], "template");
    assert!(
        e["file"]["set_aside"]
            .as_str()
            .unwrap()
            .starts_with("an unfilled template")
    );
    let requirements = e["requirements"].as_array().unwrap();
    assert!(requirements.len() > 1, "a clause explains each requirement");
    for r in requirements {
        assert_eq!(r["verdict"], "rejected");
        assert!(
            r["why"]
                .as_str()
                .unwrap()
                .starts_with("set aside: an unfilled template")
        );
    }
}

#[test]
fn the_file_may_be_given_as_a_path_into_the_folder() {
    let dir = folder();
    let through_folder = dir.path().join("policies/Change Management Policy.md");
    let e = explain(
        &dir,
        "8.5.1.1-change-policy",
        through_folder.to_str().unwrap(),
    );
    assert_eq!(e["file"]["path"], "policies/Change Management Policy.md");
}

#[test]
fn a_file_outside_the_folder_is_an_error_naming_it() {
    let dir = folder();
    for path in ["policies/nope.md", "../Change Management Policy.md"] {
        iso20k()
            .args([
                "explain",
                "8.5.1.1-change-policy",
                dir.path().to_str().unwrap(),
                "--file",
                path,
                "-q",
            ])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!("`{path}` is not a file")));
    }
}

#[test]
fn suggested_evidence_is_shown_apart_from_accepted() {
    let dir = folder();
    let path = dir.path().to_str().unwrap();
    let assessment = json(["assess", path, "--as-of", "2026-11-21", "--format", "json"]);
    let assessed = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "8.5.1.3-changes-assessed")
        .unwrap();
    let cited = assessed["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "processes/Change Procedure.md")
        .unwrap();
    assert_eq!(cited["band"], "suggested");
    assert_ne!(assessed["status"], "conformant");
    let policy = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "8.5.1.1-change-policy")
        .unwrap();
    assert_eq!(policy["evidence"][0]["band"], "accepted");

    let explained = stdout([
        "explain",
        "8.5.1.3-changes-assessed",
        path,
        "--as-of",
        "2026-11-21",
        "-q",
    ]);
    assert!(
        explained.contains("none accepted\n\nSuggested — confirm:"),
        "{explained}"
    );
    let report = stdout([
        "assess",
        path,
        "--as-of",
        "2026-11-21",
        "--format",
        "md",
        "-q",
    ]);
    assert!(
        report.contains(
            "| none<br>Suggested — confirm: `policies/Change Management Policy.md`, \
             `processes/Change Procedure.md` |"
        ),
        "{report}"
    );
    let html = stdout([
        "assess",
        path,
        "--as-of",
        "2026-11-21",
        "--format",
        "html",
        "-q",
    ]);
    assert!(html.contains("<span class=\"empty\">none accepted</span>"));
    assert!(html.contains("Suggested — confirm:</p>"));
}
