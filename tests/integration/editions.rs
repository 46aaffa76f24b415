//! The 2011 edition, the 2011→2018 mapping, `catalogue map`, `2011:` declarations and `--transition`.

use crate::util::{iso20k, json, stdout};
use iso20k::catalogue::{self, Catalogue, CatalogueSource, Mapping};
use predicates::prelude::*;

/// Every numbered heading of ISO/IEC 20000-1:2011 clauses 4–9 below top level (reference §2).
const SUBCLAUSES_2011: &[&str] = &[
    "4.1", "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2", "4.3", "4.3.1", "4.3.2", "4.3.3", "4.4",
    "4.4.1", "4.4.2", "4.5", "4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.4.1", "4.5.4.2", "4.5.4.3",
    "4.5.5", "4.5.5.1", "4.5.5.2", "5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3", "6.3.1",
    "6.3.2", "6.3.3", "6.4", "6.5", "6.6", "6.6.1", "6.6.2", "6.6.3", "7.1", "7.2", "8.1", "8.2",
    "9.1", "9.2", "9.3",
];

fn edition(year: &str) -> Catalogue {
    catalogue::load(&CatalogueSource::Embedded(
        catalogue::embedded(year).unwrap(),
    ))
    .unwrap()
}

const MAPPING: &str = include_str!("../../requirements/mapping-2011-2018.yaml");

#[test]
fn validate_passes_on_both_editions_and_the_mapping() {
    iso20k()
        .args(["catalogue", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "valid ISO/IEC 20000-1:2018 catalogue",
        ))
        .stdout(predicate::str::contains(
            "valid ISO/IEC 20000-1:2011 catalogue",
        ))
        .stdout(predicate::str::contains(
            "valid mapping from ISO/IEC 20000-1:2011 to ISO/IEC 20000-1:2018",
        ));
}

#[test]
fn every_2011_subclause_is_in_the_catalogue_and_the_mapping() {
    let (old, new) = (edition("2011"), edition("2018"));
    assert_eq!(old.header.edition, "2011");
    let mapping = Mapping::embedded(&old, &new).unwrap().unwrap();
    for number in SUBCLAUSES_2011 {
        let clause = number.parse().unwrap();
        assert!(
            old.clause(&clause).is_some(),
            "{number} is not in the clause table"
        );
        let within = old.requirements_within(&clause);
        assert!(!within.is_empty(), "no 2011 requirement within {number}");
        for r in within {
            assert!(
                mapping.mappings.iter().any(|m| m.from == r.id),
                "{} is not mapped",
                r.id
            );
        }
    }
    assert_eq!(old.clauses.len(), 53, "53 numbered headings in 4–9");
    // What is new in 2018 includes the areas the transition guides call out.
    for id in [
        "4.1-issues-determined",
        "7.6-knowledge-determined",
        "8.2.5-assets-managed",
        "8.4.2-demand-monitored",
    ] {
        assert!(
            mapping.new_in_to.iter().any(|n| n == id),
            "{id} should be new in 2018"
        );
    }
}

/// Breaks the embedded mapping with one edit and returns the problems, as `line: message`.
fn broken(from: &str, to: &str) -> Vec<String> {
    let (old, new) = (edition("2011"), edition("2018"));
    assert!(MAPPING.contains(from), "{from:?} not in the mapping");
    let text = MAPPING.replacen(from, to, 1);
    match Mapping::parse("mapping.yaml", &text, &old, &new) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .iter()
            .map(|p| format!("{}: {}", p.location.line, p.message))
            .collect(),
    }
}

fn line_of(text: &str) -> u64 {
    (MAPPING[..MAPPING.find(text).unwrap()].matches('\n').count() + 1) as u64
}

#[test]
fn a_broken_mapping_is_caught_with_its_line() {
    let first_from = MAPPING
        .lines()
        .find(|l| l.trim_start().starts_with("- from: "))
        .unwrap();
    let id = first_from
        .trim_start()
        .trim_start_matches("- from: ")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let line = line_of(first_from);

    let problems = broken(
        &format!("- from: {id}"),
        "- from: 4.9.9-no-such-requirement",
    );
    assert!(problems.iter().any(|p| p.starts_with(&format!("{line}: ")) && p.contains("`4.9.9-no-such-requirement` is not a requirement of the ISO/IEC 20000-1:2011 catalogue")), "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("`{id}`")) && p.contains("is not mapped")),
        "{problems:#?}"
    );

    let problems = broken("relation: one-to-one", "relation: one-to-many");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("is one-to-many but lists 1 target")),
        "{problems:#?}"
    );

    let problems = broken("relation: dropped", "relation: sideways");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("unknown relation `sideways`")),
        "{problems:#?}"
    );

    let new_entry = MAPPING
        .lines()
        .skip_while(|l| !l.starts_with("new_in_2018:"))
        .nth(1)
        .unwrap();
    let new_id = new_entry.trim_start_matches(['-', ' ']).to_string();
    let problems = broken(new_entry, "");
    assert!(
        problems.iter().any(|p| p.contains(&format!(
            "`{new_id}` is neither the target of a mapping nor listed as new"
        ))),
        "{problems:#?}"
    );

    let problems = broken("from: \"2011\"", "from: \"2008\"");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("edition `2008` does not match")),
        "{problems:#?}"
    );

    // A valid copy passes; the CLI reports a broken file with its name and line, exit 2.
    assert!(broken("from: \"2011\"", "from: \"2011\"").is_empty());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mapping.yaml");
    std::fs::write(
        &file,
        MAPPING.replacen("relation: one-to-one", "relation: one-to-many", 1),
    )
    .unwrap();
    iso20k()
        .args(["catalogue", "validate", "--mapping"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mapping.yaml:"))
        .stderr(predicate::str::contains("but lists 1 target"));
}

#[test]
fn catalogue_map_shows_the_correspondence_and_what_is_new() {
    let table = stdout(["catalogue", "map", "--from", "2011", "--to", "2018"]);
    assert!(table.contains("New in 2018 (no 2011 counterpart):"));
    assert!(table.contains("7.6 Knowledge"));
    let map = json(["catalogue", "map", "--format", "json"]);
    assert_eq!(map["from"]["edition"], "2011");
    assert_eq!(map["to"]["edition"], "2018");
    assert_eq!(
        map["mappings"].as_array().unwrap().len(),
        edition("2011").requirements.len()
    );
    assert!(
        map["new"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["clause"] == "8.4.2")
    );
    insta::assert_snapshot!(stdout(["catalogue", "map", "--format", "md"]));
    iso20k()
        .args(["catalogue", "map", "--from", "2018", "--to", "2011"])
        .assert()
        .code(2);
}

#[test]
fn editions_flow_through_the_commands() {
    let list = json(["--edition", "2011", "catalogue", "list", "--format", "json"]);
    assert_eq!(list["edition"], "2011");
    assert!(
        list["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "9.2-change-policy")
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("change-policy.md"),
        format!(
            "---\ntitle: Change Policy\ndoc_type: policy\nstatus: approved\nreview_due: 2027-05-01\n\
             covers: [\"2011:9.2-change-policy\"]\n---\n# Change and release policy\n\n{}\n",
            "Change control for service components, emergency change, standard change, normal change, change \
             category, major change, criteria for major impact, configuration items under change control. "
                .repeat(3)
        ),
    )
    .unwrap();
    // Against 2011 directly.
    let a2011 = json([
        "assess",
        root.to_str().unwrap(),
        "--edition",
        "2011",
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ]);
    assert_eq!(a2011["catalogue"]["edition"], "2011");
    let r = a2011["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "9.2-change-policy")
        .unwrap();
    assert_eq!(r["evidence"][0]["basis"], "declared");
    // Against 2018: the 2011 declaration is carried over through the mapping, and the reasons say so.
    let a2018 = json([
        "assess",
        root.to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    ]);
    let r = a2018["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "8.5.1.1-change-policy")
        .unwrap();
    assert_eq!(r["evidence"][0]["basis"], "declared", "{r:#}");
    assert!(
        r["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["rule"] == "declared-via-mapping"
                && x["text"]
                    .as_str()
                    .unwrap()
                    .contains("`2011:9.2-change-policy`")),
        "{r:#}"
    );
    // The edition reaches the other commands too.
    iso20k()
        .args([
            "check",
            root.to_str().unwrap(),
            "--edition",
            "2011",
            "--as-of",
            "2026-11-01",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "\"requirement\": \"4.1.2-policy-documented\"",
        ));
    iso20k()
        .args([
            "assess",
            root.to_str().unwrap(),
            "--edition",
            "2011",
            "--transition",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--transition assesses against the embedded 2018 catalogue",
        ));
}

#[test]
fn transition_of_the_2011_example_lists_the_new_in_2018_gaps() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/evidence-examples/harbour-it");
    let a = json([
        "assess",
        folder,
        "--as-of",
        "2026-11-01",
        "--transition",
        "--format",
        "json",
    ]);
    let t = &a["summary"]["transition"];
    assert_eq!(t["from_edition"], "2011");
    assert!(t["new_open"].as_u64().unwrap() >= 8, "{t}");
    let open_new: Vec<&str> = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["transition"]["kind"] == "new" && r["status"] != "conformant")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // The areas new in 2018 that a 2011-certified organisation does not have yet.
    for id in [
        "4.1-issues-determined",
        "7.6-knowledge-determined",
        "8.2.5-assets-managed",
        "8.4.2-demand-monitored",
    ] {
        assert!(
            open_new.contains(&id),
            "{id} should be an open new-in-2018 requirement: {open_new:?}"
        );
    }
    // Its 2011 declarations are understood through the mapping.
    let declared_via = a["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["rule"] == "declared-via-mapping")
        })
        .count();
    assert!(
        declared_via > 50,
        "only {declared_via} requirements evidenced through 2011 declarations"
    );
    let md = stdout([
        "assess",
        folder,
        "--as-of",
        "2026-11-01",
        "--transition",
        "--format",
        "md",
    ]);
    let start = md.find("## Transition from").expect("a Transition section");
    let end = md[start..]
        .find("\n## ")
        .map_or(md.len(), |i| start + 1 + i);
    insta::assert_snapshot!(&md[start..end]);
}
