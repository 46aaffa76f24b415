//! `iso20k portfolio`: organisations assessed in parallel and compared.

use crate::util::{example_dir, iso20k, json};
use predicates::prelude::*;
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

const EXAMPLES: [&str; 3] = ["brightwater-msp", "kestrel-cloud", "harbour-it"];
const DATES: [&str; 3] = ["2026-11-01", "2026-11-21", "2027-03-01"];

/// `iso20k assess ORG --as-of DATE --format json`, computed once per pair.
fn single(org: &str, as_of: &str) -> serde_json::Value {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), serde_json::Value>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (org.to_string(), as_of.to_string());
    if let Some(v) = cache.lock().unwrap().get(&key) {
        return v.clone();
    }
    let v = json([
        "assess",
        &example_dir(org),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    cache.lock().unwrap().insert(key, v.clone());
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// A portfolio of N folders says exactly what N single assessments say.
    #[test]
    fn a_portfolio_of_n_folders_equals_n_single_assessments(
        picks in proptest::collection::vec(0..3usize, 1..=4),
        date in 0..3usize,
    ) {
        let as_of = DATES[date];
        let dirs: Vec<String> = picks.iter().map(|&i| example_dir(EXAMPLES[i])).collect();
        let mut args = vec!["portfolio".to_string()];
        args.extend(dirs.iter().cloned());
        args.extend(["--as-of".into(), as_of.into(), "--format".into(), "json".into()]);
        let p = json(&args);
        let organisations = p["organisations"].as_array().unwrap();
        prop_assert_eq!(organisations.len(), picks.len());
        for (i, &pick) in picks.iter().enumerate() {
            let a = single(EXAMPLES[pick], as_of);
            let o = &organisations[i];
            prop_assert_eq!(&o["source"], &serde_json::json!(dirs[i]));
            prop_assert_eq!(&o["as_of"], &a["as_of"]);
            for key in ["score", "conformant", "partial", "gap", "requirements", "evidence_files"] {
                prop_assert_eq!(&o[key], &a["summary"][key], "{}", key);
            }
            for (key, list) in [("present", "present"), ("missing", "missing"), ("expired", "expired"), ("incomplete", "incomplete")] {
                prop_assert_eq!(o["mandatory"][key].as_u64().unwrap() as usize, a["mandatory"][list].as_array().unwrap().len());
            }
            let clauses = a["clauses"].as_array().unwrap();
            let heatmap = p["heatmap"].as_array().unwrap();
            prop_assert_eq!(heatmap.len(), clauses.len());
            for (row, clause) in heatmap.iter().zip(clauses) {
                prop_assert_eq!(&row["clause"], &clause["clause"]);
                prop_assert_eq!(&row["cells"][i]["score"], &clause["score"]);
                prop_assert_eq!(&row["cells"][i]["status"], &clause["status"]);
            }
        }
    }
}

#[test]
fn one_unreadable_folder_is_reported_and_the_others_still_compared() {
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("iso20k.toml"), "[organisation\nname = ").unwrap();
    let missing = broken.path().join("no-such-folder");
    let output = iso20k()
        .arg("portfolio")
        .arg(example_dir("kestrel-cloud"))
        .arg(broken.path())
        .arg(&missing)
        .arg(example_dir("brightwater-msp"))
        .args(["--as-of", "2026-11-21", "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "warning: {} could not be assessed",
            broken.path().display()
        )))
        .stderr(predicate::str::contains("iso20k.toml"))
        .stderr(predicate::str::contains("no-such-folder does not exist"))
        .get_output()
        .stdout
        .clone();
    let p: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let names: Vec<&str> = p["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Kestrel Cloud Services Ltd",
            "Brightwater Managed Services Ltd"
        ]
    );
    assert_eq!(p["unassessed"].as_array().unwrap().len(), 2);
    // Every format lists them.
    iso20k()
        .arg("portfolio")
        .arg(example_dir("kestrel-cloud"))
        .arg(&missing)
        .args(["--as-of", "2026-11-21"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Could not be assessed:"));
    // None at all: exit 2.
    iso20k()
        .arg("portfolio")
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "none of the organisations could be assessed",
        ));
}

#[test]
fn one_folder_of_organisations_compares_its_sub_folders() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples");
    let output = iso20k()
        .arg("portfolio")
        .arg(&examples)
        .args(["--as-of", "2026-11-21", "--format", "json"])
        .assert()
        .success()
        // history/ (saved assessments) and tools/ are not organisations.
        .stderr(predicate::str::contains("history is left out"))
        .stderr(predicate::str::contains("tools is left out"))
        .get_output()
        .stdout
        .clone();
    let p: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let ranking: Vec<(&str, u64)> = p["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["rank"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        ranking,
        [
            ("Brightwater Managed Services Ltd", 1),
            ("Harbour IT Services Ltd", 2),
            ("Kestrel Cloud Services Ltd", 3)
        ]
    );
    crate::schema::assert_matches_schema(&p, "report-templates/portfolio.schema.json");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/portfolio.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(jsonschema::draft202012::new(&schema).unwrap().is_valid(&p));
}

#[test]
fn the_configuration_names_organisations_and_their_roles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iso20k-portfolio.toml"),
        format!(
            "[[organisation]]\nfolder = \"{}\"\nname = \"Kestrel (bidder)\"\nrole = \"supplier\"\n\n\
             [[organisation]]\nfolder = \"{}\"\nrole = \"own-sms\"\n",
            example_dir("kestrel-cloud"),
            example_dir("harbour-it")
        ),
    )
    .unwrap();
    let p = json([
        "portfolio",
        &dir.path().to_string_lossy(),
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    assert_eq!(p["organisations"][0]["name"], "Kestrel (bidder)");
    assert_eq!(p["organisations"][0]["role"], "supplier");
    assert_eq!(p["organisations"][1]["name"], "Harbour IT Services Ltd");
    assert_eq!(p["organisations"][1]["role"], "own-sms");
    std::fs::write(
        dir.path().join("iso20k-portfolio.toml"),
        "[[organisation]]\nfolder = \"x\"\nrole = \"vendor\"\n",
    )
    .unwrap();
    iso20k()
        .args(["portfolio", &dir.path().to_string_lossy()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("iso20k-portfolio.toml"))
        .stderr(predicate::str::contains("vendor"));
}

#[test]
fn every_format_is_deterministic_and_xlsx_needs_a_file() {
    let (a, b) = (example_dir("brightwater-msp"), example_dir("kestrel-cloud"));
    iso20k()
        .args(["portfolio", &a, &b, "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FILE.xlsx"));
    for format in ["table", "md", "html", "json", "xlsx"] {
        let out = tempfile::tempdir().unwrap();
        for name in ["1", "2"] {
            iso20k()
                .args([
                    "portfolio",
                    &a,
                    &b,
                    "--as-of",
                    "2026-11-21",
                    "--format",
                    format,
                    "-o",
                ])
                .arg(out.path().join(name))
                .assert()
                .success();
        }
        let first = std::fs::read(out.path().join("1")).unwrap();
        assert_eq!(
            first,
            std::fs::read(out.path().join("2")).unwrap(),
            "{format}"
        );
        assert!(first.len() > 1000, "{format}");
    }
    // Never into an evidence folder compared.
    iso20k()
        .args(["portfolio", &a, &b, "--format", "md", "-o"])
        .arg(Path::new(&b).join("portfolio.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("evidence folder"));
}
