//! `iso20k capability`: the process capability profile. The rules themselves are tested on hand-built
//! assessments (`src/views/capability/tests.rs`); here the command, its outputs and plausibility checks on
//! the examples and the labelled corpus, which do not depend on exact statuses the judge may refine.

use crate::util::{example_dir, iso20k, json};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

const AS_OF: &str = "2026-11-21";

fn profile(dir: &str) -> Value {
    json([
        "-q",
        "capability",
        dir,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ])
}

fn corpus_dir(org: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(org)
        .join("evidence")
        .to_string_lossy()
        .into_owned()
}

fn levels(p: &Value) -> Vec<(String, u64)> {
    p["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["process"].as_str().unwrap().to_string(),
                p["level"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn level_of(p: &Value, process: &str) -> u64 {
    levels(p)
        .into_iter()
        .find(|(id, _)| id == process)
        .unwrap_or_else(|| panic!("no process {process}"))
        .1
}

/// Every attribute names its signals, and every credited unit of a signal names its file.
#[track_caller]
fn assert_explained(p: &Value) {
    for process in p["processes"].as_array().unwrap() {
        let attributes = process["attributes"].as_array().unwrap();
        assert_eq!(attributes.len(), 9, "{}", process["process"]);
        for attribute in attributes {
            let signals = attribute["signals"].as_array().unwrap();
            assert!(!signals.is_empty());
            for signal in signals {
                assert!(signal["signal"].as_str().is_some_and(|s| !s.is_empty()));
                for item in signal["items"].as_array().unwrap() {
                    if item["credit"].as_f64().unwrap() > 0.0 {
                        assert!(
                            item["path"].is_string(),
                            "{} {} {}: {item}",
                            process["process"],
                            attribute["id"],
                            signal["signal"]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_early_stage_example_has_no_process_above_level_1() {
    let p = profile(&example_dir("kestrel-cloud"));
    crate::schema::assert_matches_schema(&p, "report-templates/capability.schema.json");
    assert_explained(&p);
    let above: Vec<_> = levels(&p).into_iter().filter(|(_, l)| *l > 1).collect();
    assert!(above.is_empty(), "{above:?}");
    assert_eq!(p["distribution"].as_array().unwrap().len(), 6);
}

#[test]
fn the_mature_example_reaches_level_2_to_3_in_its_strong_processes() {
    let p = profile(&example_dir("brightwater-msp"));
    crate::schema::assert_matches_schema(&p, "report-templates/capability.schema.json");
    assert_explained(&p);
    for strong in [
        "change",
        "incident",
        "service-level",
        "configuration",
        "supplier",
    ] {
        let level = level_of(&p, strong);
        assert!((2..=3).contains(&level), "{strong} is at level {level}");
    }
    let all = levels(&p);
    let at_two_or_more = all.iter().filter(|(_, l)| *l >= 2).count();
    assert!(at_two_or_more * 4 >= all.len() * 3, "{all:?}");
    // Levels 4 and 5 need a run of measured results the evidence does not show.
    assert!(all.iter().all(|(_, l)| *l <= 3), "{all:?}");
}

#[test]
fn the_labelled_corpus_gets_plausible_profiles() {
    // Cobalt: strong in the old 2011 processes, weak in what is new in 2018 (its README).
    let cobalt = profile(&corpus_dir("cobalt-council"));
    assert_explained(&cobalt);
    for strong in ["change", "incident"] {
        assert!(level_of(&cobalt, strong) >= 2, "cobalt {strong}");
    }
    for weak in ["context", "demand", "service-portfolio"] {
        assert!(level_of(&cobalt, weak) <= 1, "cobalt {weak}");
    }
    for org in ["fenwick-it", "lumen-saas"] {
        let p = profile(&corpus_dir(org));
        crate::schema::assert_matches_schema(&p, "report-templates/capability.schema.json");
        assert_explained(&p);
        assert!(levels(&p).iter().all(|(_, l)| *l <= 3), "{org}");
    }
    // Lumen: an SRE culture, strongest in incident response.
    let lumen = profile(&corpus_dir("lumen-saas"));
    assert!(level_of(&lumen, "incident") >= 1);
    assert!(level_of(&lumen, "service-catalogue") == 0);
}

#[test]
fn a_process_with_only_templates_is_level_0() {
    let dir = tempfile::tempdir().unwrap();
    let template = "---\ntitle: Service Level Management Procedure\ndoc_type: procedure\nowner: \"{{OWNER}}\"\n\
        status: draft\napproved_by: \"[Approver Name]\"\napproved_on: <insert date>\n---\n\n\
        # Service Level Management Procedure\n\n**Organisation:** [Company Name]\n**Owner:** {{OWNER}}\n\n\
        ## Service level agreements\n\n[Company Name] agrees service levels with [Customer Name] for \
        [describe services]. Targets: <insert targets>. Reviewed by [Job Title] every <insert period>.\n";
    std::fs::write(
        dir.path().join("Service Level Management Procedure.md"),
        template,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("SLA Template.md"),
        template.replace(
            "Service Level Management Procedure",
            "Service Level Agreement",
        ),
    )
    .unwrap();
    let folder = dir.path().to_string_lossy().into_owned();
    let assessment = json([
        "-q", "assess", &folder, "--as-of", AS_OF, "--format", "json",
    ]);
    assert!(
        !assessment["set_aside"].as_array().unwrap().is_empty(),
        "the templates are set aside: {}",
        assessment["set_aside"]
    );
    let p = profile(&folder);
    assert_eq!(level_of(&p, "service-level"), 0);
    let sl = p["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["process"] == "service-level")
        .unwrap();
    assert_eq!(sl["attributes"][0]["rating"], "N");
    assert!(levels(&p).iter().all(|(_, l)| *l == 0));
}

#[test]
fn a_target_profile_shows_the_gap_and_bad_targets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("iso20k.toml");
    let original =
        std::fs::read_to_string(Path::new(&example_dir("brightwater-msp")).join("iso20k.toml"))
            .unwrap();
    std::fs::write(
        &config,
        format!("{original}\n[capability]\ntargets = {{ incident = 5, change = 1 }}\n"),
    )
    .unwrap();
    let config_arg = config.to_string_lossy().into_owned();
    let p = json([
        "-q",
        "capability",
        &example_dir("brightwater-msp"),
        "--config",
        &config_arg,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let find = |id: &str| {
        p["processes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["process"] == id)
            .unwrap()
            .clone()
    };
    let incident = find("incident");
    assert_eq!(incident["target"], 5);
    assert_eq!(
        incident["gap_to_target"].as_u64().unwrap(),
        5 - incident["level"].as_u64().unwrap()
    );
    assert_eq!(find("change")["gap_to_target"], 0);
    assert_eq!(find("problem")["target"], Value::Null);

    std::fs::write(
        &config,
        format!("{original}\n[capability]\ntargets = {{ incidents = 3 }}\n"),
    )
    .unwrap();
    iso20k()
        .args([
            "-q",
            "capability",
            &example_dir("brightwater-msp"),
            "--config",
            &config_arg,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("iso20k.toml"))
        .stderr(predicate::str::contains("`incidents`"));
    std::fs::write(
        &config,
        format!("{original}\n[capability]\ntargets = {{ incident = 6 }}\n"),
    )
    .unwrap();
    iso20k()
        .args([
            "-q",
            "capability",
            &example_dir("brightwater-msp"),
            "--config",
            &config_arg,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "capability levels run from 0 to 5",
        ));
}

#[test]
fn every_format_renders_and_is_deterministic() {
    let dir = example_dir("brightwater-msp");
    let run = |format: &str| {
        String::from_utf8(
            iso20k()
                .args([
                    "-q",
                    "--color",
                    "never",
                    "capability",
                    &dir,
                    "--as-of",
                    AS_OF,
                    "--format",
                    format,
                ])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        )
        .unwrap()
    };
    for format in ["table", "md", "html", "json"] {
        let first = run(format);
        assert_eq!(first, run(format), "{format} is not deterministic");
        assert!(first.contains("incident"), "{format}");
    }
    assert!(run("table").contains("PA2.2"));
    assert!(run("md").contains("## Why each rating"));
    let html = run("html");
    assert!(html.contains("<svg role=\"img\""), "an inline SVG chart");
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "nothing fetched"
    );
    let explained = String::from_utf8(
        iso20k()
            .args([
                "-q",
                "--color",
                "never",
                "capability",
                &dir,
                "--as-of",
                AS_OF,
                "--explain",
                "change",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        explained.contains("PA1.1 Process performance"),
        "{explained}"
    );
    assert!(explained.contains("outcome-evidenced"), "{explained}");
    assert!(
        explained.contains("area-conformant(documentation)"),
        "{explained}"
    );
    iso20k()
        .args([
            "-q",
            "capability",
            &dir,
            "--as-of",
            AS_OF,
            "--explain",
            "changes",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown process area `changes`"));
}

#[test]
fn writes_a_file_but_never_inside_the_evidence_folder() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("capability.html");
    iso20k()
        .args([
            "-q",
            "capability",
            &example_dir("kestrel-cloud"),
            "--as-of",
            AS_OF,
            "--format",
            "html",
            "-o",
        ])
        .arg(&file)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file).unwrap().contains("</html>"));
    let inside = Path::new(&example_dir("kestrel-cloud")).join("capability.md");
    iso20k()
        .args([
            "-q",
            "capability",
            &example_dir("kestrel-cloud"),
            "--as-of",
            AS_OF,
            "--format",
            "md",
            "-o",
        ])
        .arg(&inside)
        .assert()
        .code(2);
    assert!(!inside.exists());
}

#[test]
fn catalogue_validate_checks_the_capability_rules_with_file_and_line() {
    iso20k()
        .args(["catalogue", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "embedded:capability-2018.yaml: valid capability rules",
        ));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("rules.yaml");
    let rules = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("requirements/capability-2018.yaml"),
    )
    .unwrap();
    let line = rules
        .lines()
        .position(|l| l.contains("area: support"))
        .unwrap()
        + 1;
    std::fs::write(&bad, rules.replace("area: support", "area: suport")).unwrap();
    iso20k()
        .args(["catalogue", "validate", "--capability"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("rules.yaml:{line}:")))
        .stderr(predicate::str::contains("unknown process area `suport`"));
}
