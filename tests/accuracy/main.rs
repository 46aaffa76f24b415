//! The accuracy harness: how far iso20k's judgement agrees with experienced assessors on folders that
//! nobody on this project wrote.
//!
//! - Labelled organisations (`tests/corpus/<name>/`): an assessor's answer key gives the status of every
//!   leaf clause of ISO/IEC 20000-1:2018 and the files a good assessor cites. The harness prints, per
//!   organisation, the clause agreement, the confusion matrix, false assurance (conformant where the key
//!   says gap), citation recall, and every clause where iso20k and the key differ.
//! - Real-world folders (`../shared/real-world/<name>/`, read in place, skipped when absent):
//!   `tests/accuracy/real-world.toml` transcribes the assessor's expectations. The harness prints the
//!   requirements judged conformant (must be none), the clause groups whose partial evidence was surfaced
//!   with an expected file, and citations of files that must never be cited.
//!
//! `ACCURACY.md` records the tables; this test fails when any figure falls below what it records (floors
//! only rise) or when any false assurance appears. Run it with
//! `cargo test --release --test accuracy -- --nocapture` (or `bash bench/accuracy`).

use assert_cmd::Command;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The assessment date of every answer key.
const AS_OF: &str = "2026-11-21";

const STATUSES: [&str; 3] = ["conformant", "partial", "gap"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `iso20k assess DIR --format json` as of the answer keys' date.
fn assess(dir: &Path) -> Value {
    let output = Command::cargo_bin("iso20k")
        .expect("the iso20k binary is built")
        .args(["assess", "--as-of", AS_OF, "--format", "json"])
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("iso20k runs");
    assert!(
        output.status.success(),
        "iso20k assess {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("assess --format json prints JSON")
}

/// The requirements of an assessment whose clause is `clause` or lies within it.
fn within<'a>(assessment: &'a Value, clause: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    let prefix = format!("{clause}.");
    assessment["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .filter(move |r| {
            let c = r["clause"].as_str().unwrap_or_default();
            c == clause || c.starts_with(&prefix)
        })
}

/// Every file cited as evidence by the requirements of `clause`.
fn cited(assessment: &Value, clause: &str) -> BTreeSet<String> {
    within(assessment, clause)
        .flat_map(|r| r["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| e["path"].as_str().map(str::to_string))
        .collect()
}

fn clause_status<'a>(assessment: &'a Value, clause: &str) -> &'a str {
    assessment["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c["clause"] == clause)
        .and_then(|c| c["status"].as_str())
        .unwrap_or_else(|| panic!("the assessment has no clause {clause} with a status"))
}

#[derive(Debug, Deserialize)]
struct KeyRow {
    clause: String,
    expected_status: String,
    files: String,
    #[allow(dead_code)]
    reason: String,
}

/// What one labelled organisation scored.
struct OrgResult {
    name: String,
    agree: usize,
    clauses: usize,
    /// `confusion[expected][got]`, in the order of [`STATUSES`].
    confusion: [[usize; 3]; 3],
    key_files: usize,
    key_files_cited: usize,
    mismatches: Vec<String>,
}

impl OrgResult {
    fn false_assurance(&self) -> usize {
        self.confusion[2][0]
    }

    fn recall(&self) -> f64 {
        percent(self.key_files_cited, self.key_files)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn index(status: &str) -> usize {
    STATUSES
        .iter()
        .position(|s| *s == status)
        .unwrap_or_else(|| panic!("unknown status `{status}`"))
}

fn labelled(dir: &Path) -> OrgResult {
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    let assessment = assess(&dir.join("evidence"));
    let mut reader = csv::Reader::from_path(dir.join("answer-key.csv")).expect("answer key");
    let mut result = OrgResult {
        name,
        agree: 0,
        clauses: 0,
        confusion: [[0; 3]; 3],
        key_files: 0,
        key_files_cited: 0,
        mismatches: Vec::new(),
    };
    for row in reader.deserialize::<KeyRow>() {
        let row = row.expect("answer-key row");
        let got = clause_status(&assessment, &row.clause);
        let cited = cited(&assessment, &row.clause);
        let key: BTreeSet<String> = row
            .files
            .split(';')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        result.clauses += 1;
        result.confusion[index(&row.expected_status)][index(got)] += 1;
        result.key_files += key.len();
        result.key_files_cited += key.intersection(&cited).count();
        if got == row.expected_status {
            result.agree += 1;
        } else {
            let list = |files: &BTreeSet<String>| {
                if files.is_empty() {
                    "none".to_string()
                } else {
                    files.iter().cloned().collect::<Vec<_>>().join("; ")
                }
            };
            result.mismatches.push(format!(
                "  {:<8} key {:<10} iso20k {:<10}\n           key cites: {}\n           iso20k cites: {}",
                row.clause,
                row.expected_status,
                got,
                list(&key),
                list(&cited)
            ));
        }
    }
    result
}

#[derive(Debug, Deserialize)]
struct Expectations {
    folder: Vec<FolderExpectation>,
}

#[derive(Debug, Deserialize)]
struct FolderExpectation {
    name: String,
    #[serde(default)]
    never_anywhere: Vec<String>,
    group: Vec<GroupExpectation>,
}

#[derive(Debug, Deserialize)]
struct GroupExpectation {
    group: String,
    verdict: String,
    #[serde(default)]
    cite: Vec<String>,
    #[serde(default)]
    never: Vec<String>,
}

fn globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(
            Glob::new(p)
                .unwrap_or_else(|e| panic!("bad glob {p}: {e}"))
                .compile_matcher()
                .glob()
                .clone(),
        );
    }
    builder.build().expect("globs")
}

/// What one real-world folder scored.
struct RealResult {
    name: String,
    conformant: Vec<String>,
    /// Groups the assessor rates `partial`.
    partial_groups: usize,
    surfaced: Vec<String>,
    never_cited: Vec<String>,
    lines: Vec<String>,
}

fn real_world(dir: &Path, expected: &FolderExpectation) -> RealResult {
    let assessment = assess(&dir.join("evidence"));
    let requirements = assessment["requirements"].as_array().expect("requirements");
    let conformant = requirements
        .iter()
        .filter(|r| r["status"] == "conformant")
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let never_anywhere = globs(&expected.never_anywhere);
    let mut never_cited = BTreeSet::new();
    for r in requirements {
        for e in r["evidence"].as_array().into_iter().flatten() {
            let path = e["path"].as_str().unwrap_or_default();
            if never_anywhere.is_match(path) {
                never_cited.insert(format!("{path} (at {})", r["id"].as_str().unwrap_or("?")));
            }
        }
    }
    let mut result = RealResult {
        name: expected.name.clone(),
        conformant,
        partial_groups: 0,
        surfaced: Vec::new(),
        never_cited: Vec::new(),
        lines: Vec::new(),
    };
    for group in &expected.group {
        let cite = globs(&group.cite);
        let never = globs(&group.never);
        let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
        let mut expected_cited = BTreeSet::new();
        for r in within(&assessment, &group.group) {
            let status = r["status"].as_str().unwrap_or_default();
            *statuses.entry(status).or_default() += 1;
            for e in r["evidence"].as_array().into_iter().flatten() {
                let path = e["path"].as_str().unwrap_or_default();
                if cite.is_match(path) && status == "partial" {
                    expected_cited.insert(path.to_string());
                }
                if never.is_match(path) {
                    never_cited.insert(format!("{path} (at {})", r["id"].as_str().unwrap_or("?")));
                }
            }
        }
        if group.verdict == "partial" {
            result.partial_groups += 1;
            if !expected_cited.is_empty() {
                result.surfaced.push(group.group.clone());
            }
        }
        result.lines.push(format!(
            "  {:<4} assessor {:<15} iso20k {} · expected files cited: {}",
            group.group,
            group.verdict,
            STATUSES
                .iter()
                .map(|s| format!("{} {s}", statuses.get(s).copied().unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(", "),
            if expected_cited.is_empty() {
                "none".to_string()
            } else {
                expected_cited.into_iter().collect::<Vec<_>>().join("; ")
            }
        ));
    }
    result.never_cited = never_cited.into_iter().collect();
    result
}

/// The figures `ACCURACY.md` records: its table rows whose first cell names an organisation or folder.
fn recorded(name: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(root().join("ACCURACY.md")).expect("ACCURACY.md exists");
    text.lines().find_map(|line| {
        let cells: Vec<String> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().trim_matches('`').to_string())
            .collect();
        (cells.first().map(String::as_str) == Some(name)).then_some(cells)
    })
}

/// The first number of a cell such as `12 / 57 (21 %)`.
fn leading_number(cell: &str) -> usize {
    cell.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("ACCURACY.md: no number in `{cell}`"))
}

#[test]
fn judgement_agrees_with_assessors() {
    let mut report = String::new();
    let mut failures = Vec::new();

    let corpus = root().join("tests/corpus");
    let mut orgs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("tests/corpus exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("answer-key.csv").is_file())
        .collect();
    orgs.sort();
    assert!(!orgs.is_empty(), "no labelled organisation in tests/corpus");
    let results: Vec<OrgResult> = orgs.iter().map(|dir| labelled(dir)).collect();

    let _ = writeln!(report, "\nLabelled organisations (as of {AS_OF})\n");
    let _ = writeln!(
        report,
        "| organisation | clause agreement | false assurance | citation recall | key C: iso20k C/P/G | key P: iso20k C/P/G | key G: iso20k C/P/G |"
    );
    let _ = writeln!(report, "|---|---|---|---|---|---|---|");
    let (mut agree, mut clauses) = (0, 0);
    for r in &results {
        let row = |i: usize| {
            let [c, p, g] = r.confusion[i];
            format!("{c} / {p} / {g}")
        };
        let _ = writeln!(
            report,
            "| {} | {} / {} ({:.0} %) | {} | {:.0} % ({} / {}) | {} | {} | {} |",
            r.name,
            r.agree,
            r.clauses,
            percent(r.agree, r.clauses),
            r.false_assurance(),
            r.recall(),
            r.key_files_cited,
            r.key_files,
            row(0),
            row(1),
            row(2)
        );
        agree += r.agree;
        clauses += r.clauses;
        if r.false_assurance() > 0 {
            failures.push(format!(
                "{}: {} clause(s) conformant where the assessor found a gap",
                r.name,
                r.false_assurance()
            ));
        }
        match recorded(&r.name) {
            Some(cells) if cells.len() > 1 => {
                let floor = leading_number(&cells[1]);
                if r.agree < floor {
                    failures.push(format!(
                        "{}: clause agreement fell to {} from {floor} recorded in ACCURACY.md",
                        r.name, r.agree
                    ));
                }
            }
            _ => failures.push(format!("{}: no row in ACCURACY.md", r.name)),
        }
    }
    let _ = writeln!(
        report,
        "\nAll organisations: {agree} / {clauses} ({:.0} %)",
        percent(agree, clauses)
    );
    for r in &results {
        let _ = writeln!(report, "\n{}: clauses where iso20k and the key differ", r.name);
        for m in &r.mismatches {
            let _ = writeln!(report, "{m}");
        }
    }

    let shared = root().join("../shared/real-world");
    if shared.is_dir() {
        let text = std::fs::read_to_string(root().join("tests/accuracy/real-world.toml"))
            .expect("real-world.toml");
        let expectations: Expectations = toml::from_str(&text).expect("real-world.toml parses");
        let _ = writeln!(report, "\nReal-world folders (as of {AS_OF})\n");
        let _ = writeln!(
            report,
            "| folder | requirements conformant | partial groups surfaced | must-not-cite citations |"
        );
        let _ = writeln!(report, "|---|---|---|---|");
        let mut details = String::new();
        for expected in &expectations.folder {
            let dir = shared.join(&expected.name);
            if !dir.is_dir() {
                let _ = writeln!(report, "| {} | skipped: folder absent | | |", expected.name);
                continue;
            }
            let r = real_world(&dir, expected);
            let _ = writeln!(
                report,
                "| {} | {} | {} / {} | {} |",
                r.name,
                r.conformant.len(),
                r.surfaced.len(),
                r.partial_groups,
                r.never_cited.len()
            );
            let _ = writeln!(details, "\n{}: by clause group", r.name);
            for line in &r.lines {
                let _ = writeln!(details, "{line}");
            }
            for c in &r.conformant {
                let _ = writeln!(details, "  FALSE ASSURANCE: {c} judged conformant");
            }
            for n in &r.never_cited {
                let _ = writeln!(details, "  must not be cited: {n}");
            }
            if !r.conformant.is_empty() {
                failures.push(format!(
                    "{}: {} requirement(s) judged conformant in a folder with no SMS",
                    r.name,
                    r.conformant.len()
                ));
            }
            match recorded(&r.name) {
                Some(cells) if cells.len() > 3 => {
                    let surfaced = leading_number(&cells[2]);
                    let never = leading_number(&cells[3]);
                    if r.surfaced.len() < surfaced {
                        failures.push(format!(
                            "{}: partial groups surfaced fell to {} from {surfaced} recorded in ACCURACY.md",
                            r.name,
                            r.surfaced.len()
                        ));
                    }
                    if r.never_cited.len() > never {
                        failures.push(format!(
                            "{}: must-not-cite citations rose to {} from {never} recorded in ACCURACY.md",
                            r.name,
                            r.never_cited.len()
                        ));
                    }
                }
                _ => failures.push(format!("{}: no row in ACCURACY.md", r.name)),
            }
        }
        report.push_str(&details);
    } else {
        let _ = writeln!(
            report,
            "\nReal-world folders skipped: {} is absent",
            shared.display()
        );
    }

    // The harness's whole purpose is this table: print it for people and CI logs.
    #[allow(clippy::print_stdout)]
    {
        println!("{report}");
    }
    assert!(
        failures.is_empty(),
        "accuracy fell or false assurance appeared:\n{}",
        failures.join("\n")
    );
}
