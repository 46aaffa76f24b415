//! `iso20k init`: the starter set for every profile and edition is judged honestly by `assess` (nothing
//! conformant, every reason naming a file to complete), never overwrites, and `--dry-run` writes nothing.

use crate::util::iso20k;
use std::path::Path;

fn init(dir: &Path, args: &[&str]) -> String {
    let output = iso20k().arg("init").arg(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    found.sort();
    found
}

/// `assess` right after `init`: nothing conformant, and every requirement has a reason naming one of the
/// files `init` wrote.
#[track_caller]
fn judged_honestly(dir: &Path, edition: &str) {
    let written = files(dir);
    let output = iso20k()
        .args([
            "--edition",
            edition,
            "assess",
            "--as-of",
            "2026-11-21",
            "--format",
            "json",
        ])
        .arg(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["conformant"], 0, "{}", json["summary"]);
    for requirement in json["requirements"].as_array().unwrap() {
        let paths: Vec<&str> = requirement["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["path"].as_str())
            .collect();
        assert!(
            paths.iter().any(|p| written.iter().any(|w| w == p)),
            "{} has no reason naming a file to complete: {}",
            requirement["id"],
            requirement["reasons"]
        );
    }
}

#[test]
fn every_profile_gives_an_honest_draft_set() {
    let mut policies = Vec::new();
    for profile in ["msp", "internal-it", "saas"] {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join("sms");
        let text = init(&dir, &["--profile", profile]);
        assert!(
            text.contains(&format!("({profile} profile, ISO/IEC 20000-1 2018")),
            "{text}"
        );
        // The profiles differ in wording, not in structure.
        assert_eq!(files(&dir).len(), 78);
        judged_honestly(&dir, "2018");
        let policy = std::fs::read_to_string(
            dir.join("05 Leadership/5.2.1 Establishing the service management policy.md"),
        )
        .unwrap();
        assert!(policy.starts_with("---\ntitle: \"5.2.1 "), "{policy}");
        for field in [
            "doc_type: policy",
            "status: draft",
            "version: \"0.1\"",
            "owner: ",
            "covers:\n  - 5.2.1-",
        ] {
            assert!(policy.contains(field), "{field} in {policy}");
        }
        assert!(policy.contains(&format!("({profile} profile)")), "{policy}");
        assert!(policy.contains("[Describe"), "{policy}");
        policies.push(policy);
        // Logs hold a header row and nothing else, declared in iso20k.toml.
        let log =
            std::fs::read_to_string(dir.join("Records/8.6.1 Incidents recorded.csv")).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(log.starts_with("Incident ID,Date opened,"), "{log}");
        let toml = std::fs::read_to_string(dir.join("iso20k.toml")).unwrap();
        assert!(
            toml.contains("path = \"Records/8.6.1 Incidents recorded.csv\""),
            "{toml}"
        );
        let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
        assert!(
            readme.contains("8.5.1.1 Change management policy.md"),
            "{readme}"
        );
    }
    assert_ne!(policies[0], policies[1]);
    assert_ne!(policies[1], policies[2]);
}

#[test]
fn the_2011_edition_gets_its_own_set() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("sms");
    let text = init(&dir, &["--edition", "2011"]);
    assert!(text.contains("2011 catalogue"), "{text}");
    judged_honestly(&dir, "2011");
}

#[test]
fn a_folder_that_is_not_empty_keeps_every_existing_file() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("sms");
    std::fs::create_dir_all(dir.join("05 Leadership")).unwrap();
    std::fs::write(dir.join("README.md"), "our own readme\n").unwrap();
    let policy = dir.join("05 Leadership/5.2.1 Establishing the service management policy.md");
    std::fs::write(&policy, "our approved policy\n").unwrap();
    let text = init(&dir, &[]);
    assert!(
        text.lines()
            .any(|l| l.starts_with("exists, kept") && l.ends_with(" README.md")),
        "{text}"
    );
    assert!(
        text.contains("2 already existed and were left as they were"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "our own readme\n"
    );
    assert_eq!(
        std::fs::read_to_string(&policy).unwrap(),
        "our approved policy\n"
    );
    assert!(dir.join("iso20k.toml").is_file());
    // A second run writes nothing at all.
    let before: Vec<(String, Vec<u8>)> = files(&dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect();
    let text = init(&dir, &[]);
    assert!(text.contains("wrote 0 files"), "{text}");
    let after: Vec<(String, Vec<u8>)> = files(&dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap()))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn dry_run_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("sms");
    let text = init(&dir, &["--dry-run"]);
    assert!(!dir.exists());
    let output = iso20k()
        .args(["init", "--dry-run"])
        .arg(&dir)
        .output()
        .unwrap();
    let text2 = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text, text2);
    assert!(text.contains("would write         iso20k.toml"), "{text}");
    assert!(text.contains("iso20k init: would write 78 files"), "{text}");
}

#[test]
fn lint_finds_the_drafts_and_placeholders_left_to_fill() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("sms");
    init(&dir, &["--profile", "saas"]);
    let output = iso20k()
        .args(["lint", "--as-of", "2026-11-21", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let policy = "05 Leadership/5.2.1 Establishing the service management policy.md";
    for code in ["draft", "placeholder"] {
        assert!(
            findings
                .iter()
                .any(|f| f["code"] == code && f["path"] == policy),
            "{code}"
        );
    }
}
