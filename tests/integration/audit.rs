//! The audit checklists (`iso20k checklist`) and the implementation plan (`iso20k plan`), end to end.

use crate::util::{copy_tree, embedded, example_dir as example, iso20k, json, stdout};
use iso20k::views::sampling;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-01";

fn checklist(stage: &str, dir: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "checklist",
        "--stage",
        stage,
        dir,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    json(args)
}

fn plan(dir: &str, extra: &[&str]) -> Value {
    let mut args = vec!["plan", dir, "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    json(args)
}

/// Every Stage 2 item, by reference.
fn items(stage2: &Value) -> BTreeMap<String, Value> {
    stage2["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap())
        .map(|i| (i["requirement"].as_str().unwrap().to_string(), i.clone()))
        .collect()
}

fn texts(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// Stage 1
// ---------------------------------------------------------------------------------------------------------

#[test]
fn stage1_lists_every_mandatory_item_with_its_file_or_missing() {
    let mandatory: Vec<String> = embedded()
        .requirements
        .iter()
        .filter(|r| r.mandatory_document)
        .map(|r| r.id.clone())
        .collect();
    for org in ["brightwater-msp", "kestrel-cloud", "harbour-it"] {
        let s1 = checklist("1", &example(org), &[]);
        let listed: Vec<&str> = s1["mandatory"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["requirement"].as_str().unwrap())
            .collect();
        assert_eq!(listed, mandatory, "{org}");
        for item in s1["mandatory"].as_array().unwrap() {
            // A file whenever the assessment found evidence: a gap has none, unless the file is the
            // document in name only.
            if item["file"].is_null() {
                assert_eq!(item["status"], "gap", "{org}: {item:#}");
            }
        }
    }
}

#[test]
fn stage1_verdict_matches_the_mature_examples_weaknesses() {
    let s1 = checklist("1", &example("brightwater-msp"), &[]);
    let by_id = |id: &str| {
        s1["mandatory"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["requirement"] == id)
            .unwrap()
            .clone()
    };
    assert!(by_id("8.3.2-complaints-recorded")["file"].is_null());
    let continuity = by_id("8.7.2-continuity-plan");
    assert_eq!(continuity["file"], "04 Plans/Service Continuity Plan.md");
    assert_eq!(continuity["review"], "overdue");
    assert_eq!(continuity["review_due"], "2026-06-30");
    let policy = by_id("8.7.3.1-information-security-policy");
    assert_eq!(policy["file"], "02 Policies/Information Security Policy.md");
    assert_eq!(policy["approval"], "draft");
    assert_eq!(
        by_id("4.3-scope-documented")["file"],
        "01 Governance/SMS Scope Statement.md"
    );

    let readiness = &s1["readiness"];
    assert_eq!(readiness["verdict"], "not-ready");
    let blockers = texts(&readiness["blockers"]);
    assert_eq!(blockers.len(), 1, "{blockers:#?}");
    assert!(blockers[0].contains("8.3.2-complaints-recorded"));
    let concerns = texts(&readiness["concerns"]).join("\n");
    assert!(concerns.contains("8.7.2-continuity-plan"), "{concerns}");
    assert!(concerns.contains("is still a draft"), "{concerns}");

    // Internal audit and management review were held within a year, from their declared records.
    let held = s1["audit_and_review"].as_array().unwrap();
    assert_eq!(held.len(), 2);
    assert!(held.iter().all(|h| h["held"] == true));
    assert_eq!(
        held[1]["file"],
        "08 Audit and Review/Management Review Minutes 2026-10-14.md"
    );
    // Every operational process has an approved documented way of working.
    assert!(
        s1["processes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["documented"] == true)
    );
}

#[test]
fn stage1_verdicts_of_the_other_examples() {
    let kestrel = checklist("1", &example("kestrel-cloud"), &[]);
    assert_eq!(kestrel["readiness"]["verdict"], "not-ready");
    assert_eq!(kestrel["scope_check"]["consistency"], "cannot-check");
    assert!(
        texts(&kestrel["readiness"]["blockers"])
            .iter()
            .any(|b| b.contains("no service catalogue was found"))
    );
    let harbour = json([
        "checklist",
        "--stage",
        "1",
        &example("harbour-it"),
        "--edition",
        "2011",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(harbour["readiness"]["verdict"], "ready");
    assert_eq!(harbour["catalogue"]["edition"], "2011");
}

#[test]
fn stage1_other_parties_need_an_agreement_and_a_review() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("org");
    copy_tree(Path::new(&example("brightwater-msp")), &copy);
    let config = copy.join("iso20k.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[[other_party]]\nprocess = \"incident\"\nparty = \"Nightwatch Desk Ltd\"\n");
    std::fs::write(&config, text).unwrap();
    let s1 = checklist("1", copy.to_str().unwrap(), &[]);
    let parties = s1["other_parties"].as_array().unwrap();
    assert_eq!(parties.len(), 1);
    assert_eq!(parties[0]["party"], "Nightwatch Desk Ltd");
    assert_eq!(parties[0]["controlled"], false);
    let blockers = texts(&s1["readiness"]["blockers"]).join("\n");
    assert!(
        blockers.contains("Nightwatch Desk Ltd operates Incident management"),
        "{blockers}"
    );
}

// ---------------------------------------------------------------------------------------------------------
// Stage 2: samples, series, predictions
// ---------------------------------------------------------------------------------------------------------

fn incident_sample(stage2: &Value) -> Value {
    items(stage2)["8.6.1-incidents-recorded"]["samples"][0].clone()
}

#[test]
fn the_same_seed_draws_the_same_sample_and_another_seed_another() {
    let dir = example("brightwater-msp");
    let a = checklist("2", &dir, &["--seed", "42"]);
    let b = checklist("2", &dir, &["--seed", "42"]);
    let c = checklist("2", &dir, &["--seed", "43"]);
    assert_eq!(a["seed"], 42);
    let sample = incident_sample(&a);
    assert_eq!(
        sample["source"],
        "06 Records/Incidents/Incident Log Jul-Oct 2026.csv"
    );
    assert_eq!(sample["population"], 60);
    assert_eq!(sample["items"], incident_sample(&b)["items"]);
    assert_ne!(sample["items"], incident_sample(&c)["items"]);
    // Sampled items are the records' numbers, in file order.
    let ids: Vec<&str> = sample["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    assert!(ids.iter().all(|i| i.starts_with("INC-2026-")), "{ids:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");

    // Without --seed, the as-of date is the seed, printed in the checklist.
    let default = checklist("2", &dir, &[]);
    assert_eq!(default["seed"], 20261101);
    assert_eq!(
        incident_sample(&default)["items"],
        incident_sample(&checklist("2", &dir, &["--seed", "20261101"]))["items"]
    );
}

#[test]
fn sample_sizes_follow_the_documented_table() {
    let s2 = checklist("2", &example("kestrel-cloud"), &[]);
    let table = s2["sampling_table"].as_array().unwrap();
    assert_eq!(table.len(), sampling::SAMPLING_TABLE.len());
    let s2 = checklist("2", &example("brightwater-msp"), &[]);
    let mut populations = 0;
    for item in items(&s2).values() {
        for sample in item["samples"].as_array().unwrap() {
            let population = sample["population"].as_u64().unwrap() as usize;
            let size = sample["size"].as_u64().unwrap() as usize;
            assert_eq!(size, sampling::sample_size(population), "{sample:#}");
            assert_eq!(sample["items"].as_array().unwrap().len(), size);
            populations += 1;
        }
    }
    assert!(populations > 20, "only {populations} populations");
    // 60 incidents: 10 (26–100); 9 security incidents: 5 (6–25); 3 dispute records: all.
    let by_id = items(&s2);
    let sizes = |id: &str| -> Vec<(u64, u64)> {
        by_id[id]["samples"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["population"].as_u64().unwrap(),
                    s["size"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(sizes("8.6.1-incidents-recorded"), [(60, 10), (9, 5)]);
    // The dispute log, and the event tables of documents cited with it (a quarterly review's table of
    // contract reviews, the register's table), each sampled whole.
    assert_eq!(sizes("8.3.4.1-supplier-disputes"), [(3, 3), (3, 3), (1, 1)]);
}

/// A copy of the mature example whose incident log holds `rows` incidents.
fn with_incident_log(rows: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("org");
    copy_tree(Path::new(&example("brightwater-msp")), &copy);
    let log = copy.join("06 Records/Incidents/Incident Log Jul-Oct 2026.csv");
    let mut text = "Incident Number,Opened At,Short Description\n".to_string();
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    std::fs::write(log, text).unwrap();
    (dir, copy)
}

#[test]
fn populations_of_one_and_none() {
    let (_dir, copy) = with_incident_log(&["INC-1,2026-10-02,Printer jam"]);
    let sample = incident_sample(&checklist("2", copy.to_str().unwrap(), &[]));
    assert_eq!(sample["population"], 1);
    assert_eq!(sample["size"], 1);
    assert_eq!(sample["items"], serde_json::json!(["INC-1"]));

    // A requirement that expects records and has none gets an empty population, so the auditor asks.
    let s2 = checklist("2", &example("brightwater-msp"), &[]);
    let complaints = &items(&s2)["8.3.2-complaints-recorded"];
    assert_eq!(complaints["samples"][0]["population"], 0);
    assert!(
        complaints["samples"][0]["note"]
            .as_str()
            .unwrap()
            .contains("no records were found")
    );
}

#[test]
fn a_record_series_with_a_missing_month_is_reported_as_a_hole() {
    let period = ["--period", "2026-07..2026-10"];
    let s2 = checklist("2", &example("brightwater-msp"), &period);
    assert_eq!(s2["period"]["from"], "2026-07-01");
    assert_eq!(s2["period"]["to"], "2026-10-31");
    let reports = &items(&s2)["9.4-service-reports"]["series"];
    assert_eq!(reports["recurrence"], "monthly");
    assert_eq!(reports["holes"], serde_json::json!([]));

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("org");
    copy_tree(Path::new(&example("brightwater-msp")), &copy);
    std::fs::remove_file(
        copy.join("07 Reports/Monthly Service Reports/Monthly Service Report - 2026-08.md"),
    )
    .unwrap();
    let s2 = checklist("2", copy.to_str().unwrap(), &period);
    let reports = &items(&s2)["9.4-service-reports"]["series"];
    assert_eq!(reports["holes"], serde_json::json!(["2026-08"]));
    assert_eq!(
        reports["covered"],
        serde_json::json!(["2026-07", "2026-09", "2026-10"])
    );

    // The mature example's capacity reviews stop in June: a hole for every month of the default period.
    let s2 = checklist("2", &example("brightwater-msp"), &[]);
    let capacity = &items(&s2)["8.4.3-capacity-monitored"];
    assert_eq!(
        capacity["series"]["holes"],
        serde_json::json!(["2026-08", "2026-09", "2026-10"])
    );
    assert_eq!(capacity["prediction"]["rule"], "series-holes");
    assert_eq!(capacity["prediction"]["grade"], "minor");
}

#[test]
fn predicted_findings_follow_the_documented_rules() {
    let s2 = checklist("2", &example("brightwater-msp"), &[]);
    let findings: BTreeMap<&str, (&str, &str)> = s2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["requirement"].as_str().unwrap(),
                (
                    f["prediction"]["grade"].as_str().unwrap(),
                    f["prediction"]["rule"].as_str().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(
        findings["8.3.2-complaints-recorded"],
        ("major", "mandatory-missing")
    );
    assert_eq!(
        findings["8.7.3.1-information-security-policy"],
        ("minor", "mandatory-incomplete")
    );
    assert_eq!(
        findings["8.7.2-continuity-plan"],
        ("minor", "mandatory-incomplete")
    );
    assert_eq!(
        findings["8.7.3.1-policy-communicated"],
        ("minor", "requirement-not-met")
    );
    assert_eq!(
        findings["8.4.3-sufficient-capacity"],
        ("opportunity", "weak-evidence")
    );
    // Exactly the requirements that are not conformant, worst first.
    let gap = json([
        "assess",
        &example("brightwater-msp"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let open = gap["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "conformant")
        .count();
    assert_eq!(findings.len(), open);
    assert_eq!(s2["predicted"]["major"], 1);
    assert_eq!(s2["findings"][0]["prediction"]["grade"], "major");

    // Kestrel has whole processes without evidence: likely major.
    let kestrel = checklist("2", &example("kestrel-cloud"), &[]);
    assert!(
        kestrel["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["prediction"]["rule"] == "process-without-evidence")
    );
}

#[test]
fn stage2_references_are_stable_and_bound_to_requirements() {
    let s2 = checklist("2", &example("brightwater-msp"), &[]);
    let by_id = items(&s2);
    assert_eq!(
        by_id["8.6.1-incidents-recorded"]["reference"],
        "S2-8.6.1-01"
    );
    // The same reference whatever the evidence says.
    let kestrel = checklist("2", &example("kestrel-cloud"), &[]);
    for (id, item) in items(&kestrel) {
        assert_eq!(item["reference"], by_id[&id]["reference"], "{id}");
    }
}

#[test]
fn checklist_usage_errors() {
    iso20k()
        .args(["checklist", "--stage", "3", "."])
        .assert()
        .code(2);
    iso20k()
        .args([
            "checklist",
            "--stage",
            "2",
            ".",
            "--period",
            "2026-10..2026-01",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a period"));
}

// ---------------------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------------------

fn packages(plan: &Value) -> Vec<Value> {
    plan["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["work_packages"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn every_open_requirement_is_in_exactly_one_work_package() {
    for org in ["brightwater-msp", "kestrel-cloud", "harbour-it"] {
        let dir = example(org);
        let gap = json(["assess", &dir, "--as-of", AS_OF, "--format", "json"]);
        let mut open: Vec<String> = gap["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] != "conformant")
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let mut planned: Vec<String> = packages(&plan(&dir, &[]))
            .iter()
            .flat_map(|p| p["requirements"].as_array().unwrap().clone())
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        open.sort();
        planned.sort();
        assert_eq!(planned, open, "{org}");
    }
}

#[test]
fn packages_start_after_their_dependencies_end_and_phases_never_go_back() {
    let plan = plan(&example("kestrel-cloud"), &[]);
    let all = packages(&plan);
    let by_id: BTreeMap<&str, &Value> =
        all.iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let phase_of: BTreeMap<&str, u64> = plan["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ph| {
            ph["work_packages"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |p| (p["id"].as_str().unwrap(), ph["number"].as_u64().unwrap()))
        })
        .collect();
    for p in &all {
        for dep in p["depends_on"].as_array().unwrap() {
            let dep = by_id[dep.as_str().unwrap()];
            assert!(
                p["start"].as_str() > dep["end"].as_str(),
                "{} starts {} before {} ends {}",
                p["id"],
                p["start"],
                dep["id"],
                dep["end"]
            );
            assert!(phase_of[p["id"].as_str().unwrap()] >= phase_of[dep["id"].as_str().unwrap()]);
        }
    }
    // Records before the internal audit, the audit before the review, the review before Stage 1.
    let audit = by_id["WP-internal-audit-2"];
    assert!(all.iter().all(|p| p["id"] == "WP-management-review-2"
        || p["id"] == "WP-management-review-1"
        || p["id"] == "WP-internal-audit-2"
        || p["end"].as_str() < audit["start"].as_str()));
    let milestones: Vec<&str> = plan["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        milestones,
        ["internal-audit", "management-review", "stage-1", "stage-2"]
    );
    let dates: Vec<&str> = plan["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
    assert_eq!(
        plan["critical_path"].as_array().unwrap().last().unwrap(),
        "WP-management-review-2"
    );
    assert_eq!(plan["critical_path"][0], "WP-context-1");
    assert!(
        plan["approach"]
            .as_str()
            .unwrap()
            .contains("not text from it")
    );
}

#[test]
fn a_conformant_organisation_gets_an_empty_plan_that_says_so() {
    let plan = json([
        "plan",
        &example("harbour-it"),
        "--edition",
        "2011",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(plan["empty"], true);
    assert!(plan["phases"].as_array().unwrap().is_empty());
    assert!(
        plan["message"]
            .as_str()
            .unwrap()
            .contains("nothing to implement")
    );
}

#[test]
fn a_target_stage1_too_early_is_reported_with_the_shortfall() {
    let dir = example("brightwater-msp");
    let on_time = plan(&dir, &[]);
    let earliest = on_time["milestones"][2]["date"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(earliest, "2026-12-01");

    let late = plan(&dir, &["--target-stage1", "2026-11-20"]);
    assert_eq!(
        late["shortfall"],
        serde_json::json!({"target": "2026-11-20", "earliest": "2026-12-01", "days": 11})
    );
    let text = stdout([
        "plan",
        &dir,
        "--as-of",
        AS_OF,
        "--target-stage1",
        "2026-11-20",
    ]);
    assert!(text.contains("cannot be met"), "{text}");

    // A reachable target: scheduled backwards, Stage 1 on or before it, as late as possible.
    let backwards = plan(&dir, &["--target-stage1", "2027-03-01"]);
    assert!(backwards["shortfall"].is_null());
    assert_eq!(backwards["milestones"][2]["date"], "2027-03-01");
    assert!(backwards["start"].as_str().unwrap() > "2027-01-01");

    iso20k()
        .args([
            "plan",
            &dir,
            "--start",
            "2027-01-04",
            "--target-stage1",
            "2027-06-01",
        ])
        .assert()
        .code(2);
}

#[test]
fn the_team_efforts_and_owners_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("org");
    copy_tree(Path::new(&example("brightwater-msp")), &copy);
    let config = copy.join("iso20k.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[plan]\npeople = 1\ndays_per_week = 2\n\n[plan.effort]\n\"WP-continuity-1\" = 10\n\n\
         [plan.owners]\ncapacity = \"Owen Hughes\"\n",
    );
    std::fs::write(&config, text).unwrap();
    let plan = plan(copy.to_str().unwrap(), &["--start", "2027-01-04"]);
    assert_eq!(
        plan["team"],
        serde_json::json!({"people": 1, "days_per_week": 2})
    );
    assert_eq!(plan["start"], "2027-01-04");
    let all = packages(&plan);
    let find = |id: &str| all.iter().find(|p| p["id"] == id).unwrap().clone();
    assert_eq!(find("WP-continuity-1")["effort_days"], 10.0);
    assert_eq!(find("WP-capacity-2")["owner"], "Owen Hughes");
    assert_eq!(find("WP-capacity-2")["owner_source"], "configuration");
    assert_eq!(find("WP-continuity-1")["owner_source"], "evidence");
    // One person: nothing overlaps, and only Mondays and Tuesdays are worked.
    let mut spans: Vec<(String, String)> = all
        .iter()
        .map(|p| {
            (
                p["start"].as_str().unwrap().to_string(),
                p["end"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort();
    assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{spans:?}");
    for (start, end) in &spans {
        for day in [start, end] {
            let weekday = day.parse::<jiff::civil::Date>().unwrap().weekday();
            assert!(
                matches!(
                    weekday,
                    jiff::civil::Weekday::Monday | jiff::civil::Weekday::Tuesday
                ),
                "{day} is a {weekday:?}"
            );
        }
    }

    std::fs::write(&config, "[plan]\ndays_per_week = 8\n").unwrap();
    iso20k()
        .args(["plan", copy.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "days_per_week must be from 1 to 7",
        ));
}

// ---------------------------------------------------------------------------------------------------------
// Snapshots of the rendered checklists and plans (reviewed; CI never accepts them)
// ---------------------------------------------------------------------------------------------------------

fn render(args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--as-of", AS_OF]);
    stdout(all)
}

#[test]
fn checklist_snapshots() {
    let bright = example("brightwater-msp");
    let kestrel = example("kestrel-cloud");
    let harbour = example("harbour-it");
    for format in ["md", "html", "json"] {
        insta::assert_snapshot!(
            format!("stage1_brightwater_{format}"),
            render(&["checklist", "--stage", "1", &bright, "--format", format])
        );
        insta::assert_snapshot!(
            format!("stage2_brightwater_{format}"),
            render(&["checklist", "--stage", "2", &bright, "--format", format])
        );
    }
    insta::assert_snapshot!(
        "stage1_kestrel_md",
        render(&["checklist", "--stage", "1", &kestrel])
    );
    insta::assert_snapshot!(
        "stage1_harbour_2011_md",
        render(&["checklist", "--stage", "1", &harbour, "--edition", "2011"])
    );
}

#[test]
fn plan_snapshots() {
    let bright = example("brightwater-msp");
    for format in ["md", "html", "json"] {
        insta::assert_snapshot!(
            format!("plan_brightwater_{format}"),
            render(&["plan", &bright, "--format", format])
        );
    }
    insta::assert_snapshot!(
        "plan_kestrel_md",
        render(&["plan", &example("kestrel-cloud")])
    );
    insta::assert_snapshot!(
        "plan_harbour_2011_empty_md",
        render(&["plan", &example("harbour-it"), "--edition", "2011"])
    );
    insta::assert_snapshot!(
        "plan_brightwater_shortfall_md",
        render(&["plan", &bright, "--target-stage1", "2026-11-20"])
    );
}
