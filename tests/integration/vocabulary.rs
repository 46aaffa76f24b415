//! `[vocabulary]` in iso20k.toml: an organisation's own words, added to the embedded vocabulary.

use crate::util::{iso20k, json};
use tempfile::TempDir;

fn folder(files: &[(&str, &str)], config: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if let Some(config) = config {
        std::fs::write(dir.path().join("iso20k.toml"), config).unwrap();
    }
    dir
}

/// The requirement's status and the paths it cites.
fn judged(dir: &TempDir, id: &str) -> (String, Vec<String>) {
    let assessment = json([
        "assess",
        dir.path().to_str().unwrap(),
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        "-q",
    ]);
    let r = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    let cited = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect();
    (r["status"].as_str().unwrap().to_string(), cited)
}

/// An approved policy that calls itself an "Alteration Charter" and holds one of the change policy's
/// keywords: nothing the embedded vocabulary knows.
const CHARTER: (&str, &str) = (
    "policies/Alteration Charter.md",
    "---\ntitle: Alteration Charter\nstatus: approved\nowner: Head of Service Delivery\nversion: \"2.0\"\n\
     approved_on: 2026-03-02\nreview_due: 2027-03-02\n---\n# Alteration Charter\n\n## Purpose\n\nThis charter \
     says how Tarn Valley Water Ltd plans, authorises and reviews every alteration to its IT\nservices. An \
     emergency change follows the expedited route and is reviewed at the next weekly meeting.\n\n## Scope\n\n\
     All production systems, network devices and the service desk tooling.\n",
);

#[test]
fn a_custom_equivalent_or_topic_finds_evidence_only_with_the_extension() {
    let id = "8.5.1.1-change-policy";
    let plain = folder(&[CHARTER], None);
    assert_eq!(judged(&plain, id), ("gap".to_string(), Vec::new()));
    for config in [
        "[vocabulary]\nequivalents = [[\"alteration charter\", \"change management policy\"]]\n",
        "[vocabulary.topics]\n\"8.5.1.1\" = [\"alteration charter\"]\n",
    ] {
        let extended = folder(&[CHARTER], Some(config));
        let (status, cited) = judged(&extended, id);
        assert_eq!(cited, ["policies/Alteration Charter.md"], "{config}");
        assert_eq!(status, "partial", "{config}: elements are still missing");
    }
}

#[test]
fn custom_section_words_read_a_manual_section() {
    let manual = (
        "Service Management Manual.md",
        "---\ntitle: Service Management Manual\nstatus: approved\nowner: Head of Service Delivery\n\
         version: \"3.1\"\napproved_on: 2026-03-02\nreview_due: 2027-03-02\n---\n# Service Management Manual\n\n\
         ## 1. Purpose\n\nThis manual describes how Tarn Valley Water Ltd runs its service management system.\n\n\
         ## 2. Keeping people informed\n\nWe decide what we tell staff, customers and suppliers about the service \
         management system, when we tell\nthem, who does the telling and through which channel. The monthly \
         newsletter, the customer portal and the\nquarterly supplier call carry these messages; the service \
         manager keeps the schedule.\n",
    );
    let id = "7.4-communication-determined";
    let plain = folder(&[manual], None);
    assert!(judged(&plain, id).1.is_empty());
    let extended = folder(
        &[manual],
        Some("[vocabulary.sections]\n\"7.4\" = [\"keeping people informed\"]\n"),
    );
    assert_eq!(judged(&extended, id).1, ["Service Management Manual.md"]);
}

#[test]
fn bad_extensions_are_errors_naming_the_file_and_the_key() {
    for (config, expected) in [
        (
            "[vocabulary.topics]\n\"8.5.9\" = [\"alteration charter\"]\n",
            "[vocabulary.topics] \"8.5.9\" is not a leaf clause of the ISO/IEC 20000-1:2018 catalogue",
        ),
        (
            "[vocabulary.sections]\n\"8.5.1\" = [\"alterations\"]\n",
            "[vocabulary.sections] \"8.5.1\" is not a leaf clause",
        ),
        (
            "[vocabulary]\nequivalents = [[\"alteration charter\", \"  \"]]\n",
            "[vocabulary] equivalents: group 1, phrase 2 is empty",
        ),
        (
            "[vocabulary.topics]\n\"8.5.1.1\" = [\"\"]\n",
            "[vocabulary.topics] \"8.5.1.1\": phrase 1 is empty",
        ),
    ] {
        let dir = folder(&[CHARTER], Some(config));
        iso20k()
            .args(["assess", dir.path().to_str().unwrap(), "-q"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("iso20k.toml"))
            .stderr(predicates::str::contains(expected));
    }
}
