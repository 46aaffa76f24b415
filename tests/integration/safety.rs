//! Never losing a user's data, never hanging, never injecting: the regression tests of issue 13, one (or
//! more) per numbered item, named after it. (Item 4, `iso20k import`, is tested in `workbook.rs`, beside
//! the workbook helpers it needs.)

use crate::util::{copy_tree, example_dir, iso20k};
use predicates::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-01";

/// A scratch folder holding a copy of an example organisation at `org`.
fn scratch(example: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    copy_tree(Path::new(&example_dir(example)), &org);
    (dir, org)
}

/// Every file under `root` with its contents, for before/after comparisons.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts that `out` is one complete report folder: exactly the files its manifest lists, each with the
/// hash the manifest gives (so all of them come from the run that wrote the manifest). Returns the seed
/// of its Stage 2 checklist.
#[track_caller]
fn assert_one_complete_report(out: &Path) -> u64 {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(".iso20k-report.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 13, "{manifest:#}");
    let mut listed: Vec<String> = files
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    listed.push(".iso20k-report.json".to_string());
    listed.sort();
    assert_eq!(names(out), listed, "exactly the files of the manifest");
    for f in files {
        let bytes = std::fs::read(out.join(f["name"].as_str().unwrap())).unwrap();
        assert_eq!(
            hex(&Sha256::digest(&bytes)),
            f["sha256"].as_str().unwrap(),
            "{} comes from another run than the manifest",
            f["name"]
        );
    }
    let stage2: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("checklist-stage2.json")).unwrap()).unwrap();
    stage2["seed"].as_u64().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// iso20k's temporary and lock files in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.contains(".iso20k-"))
        .collect()
}

// 1. `report --force` can delete the evidence folder.

#[test]
fn report_force_refuses_the_evidence_folder() {
    let (dir, org) = scratch("kestrel-cloud");
    let sibling = dir.path().join("sibling.txt");
    std::fs::write(&sibling, "unrelated").unwrap();
    let before = snapshot(dir.path());
    #[cfg(unix)]
    std::os::unix::fs::symlink(&org, dir.path().join("link")).unwrap();
    let spellings = [
        ("org", "is the evidence folder"),
        ("org/", "is the evidence folder"),
        ("org/../org", "is the evidence folder"),
        ("./org/.", "is the evidence folder"),
        (".", "contains the evidence folder"),
        ("org/sub/report", "is inside the evidence folder"),
        #[cfg(unix)]
        ("link", "is the evidence folder"),
        #[cfg(unix)]
        ("link/report", "is inside the evidence folder"),
    ];
    for (out, message) in spellings {
        for evidence in ["org", "org/", "link"] {
            if evidence == "link" && !cfg!(unix) {
                continue;
            }
            iso20k()
                .current_dir(dir.path())
                .args(["report", evidence, "--as-of", AS_OF, "--force", "-o", out])
                .assert()
                .code(2)
                .stderr(predicate::str::contains(message));
        }
    }
    // The whole tree, evidence and sibling alike, is as it was: nothing touched, nothing left behind.
    #[cfg(unix)]
    std::fs::remove_file(dir.path().join("link")).unwrap();
    assert!(snapshot(dir.path()) == before, "files were touched");
    // The same check guards single files.
    iso20k()
        .current_dir(dir.path())
        .args([
            "assess",
            "org",
            "--as-of",
            AS_OF,
            "-o",
            "org/../org/gap.txt",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the evidence folder"));
    assert!(snapshot(dir.path()) == before);
}

#[test]
fn report_force_replaces_only_a_folder_iso20k_wrote() {
    let (dir, org) = scratch("kestrel-cloud");
    let report = |out: &Path| {
        iso20k()
            .args(["report"])
            .arg(&org)
            .args(["--as-of", AS_OF, "--force", "-o"])
            .arg(out)
            .assert()
    };
    // A folder of someone else's files is never replaced.
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("notes.md"), "mine").unwrap();
    report(&theirs)
        .code(2)
        .stderr(predicate::str::contains("not a report folder iso20k wrote"));
    assert_eq!(names(&theirs), ["notes.md"]);

    // iso20k's own folder is replaced, until someone adds a file to it: then it is refused, naming it.
    let ours = dir.path().join("ours");
    report(&ours).success();
    assert_one_complete_report(&ours);
    report(&ours).success();
    assert_one_complete_report(&ours);
    std::fs::write(ours.join("my notes.md"), "mine").unwrap();
    report(&ours).code(2).stderr(predicate::str::contains(
        "files iso20k did not write: `my notes.md`",
    ));
    assert!(ours.join("my notes.md").exists());
    // A file in place of the folder is not replaced either.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    report(&file)
        .code(2)
        .stderr(predicate::str::contains("is not a folder"));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

// 2. Two `report -o OUT` at once mix or lose files.

#[test]
fn concurrent_reports_into_one_folder_never_mix_files() {
    let (dir, org) = scratch("kestrel-cloud");
    let out = dir.path().join("cc");
    let binary = assert_cmd::cargo::cargo_bin!("iso20k");
    let mut seeds = std::collections::BTreeSet::new();
    for _ in 0..20 {
        let runs: Vec<std::process::Child> = ["1", "2"]
            .iter()
            .map(|seed| {
                std::process::Command::new(binary)
                    .env("NO_COLOR", "1")
                    .env_remove("ISO20K_CATALOGUE")
                    .arg("report")
                    .arg(&org)
                    .args(["--as-of", AS_OF, "--seed", seed, "--force", "-o"])
                    .arg(&out)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for run in runs {
            let output = run.wait_with_output().unwrap();
            // The loser waits for the winner, then replaces its folder: both succeed.
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let seed = assert_one_complete_report(&out);
        assert!(seed == 1 || seed == 2);
        seeds.insert(seed);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
    assert!(!seeds.is_empty());
}

// 3. Crash safety: old or new, never partial; no stray temporary files.

#[test]
fn failed_or_killed_runs_leave_no_stray_temporary_files() {
    let (dir, org) = scratch("kestrel-cloud");
    // Leftovers of runs killed earlier (process ids that cannot exist), and of older iso20k versions.
    let dead = ".999999999-0-0123456789abcdef.iso20k-tmp";
    std::fs::write(dir.path().join(format!(".gap.txt{dead}")), "").unwrap();
    std::fs::create_dir(dir.path().join(format!(".out{dead}"))).unwrap();
    std::fs::write(dir.path().join(format!(".out{dead}/half.md")), "half").unwrap();
    std::fs::create_dir(dir.path().join(".out.iso20k-tmp")).unwrap();
    // Another output's temporary file is not ours to remove.
    let other = dir.path().join(".out.md.1-0-0123456789abcdef.iso20k-tmp");
    std::fs::write(&other, "").unwrap();

    iso20k()
        .current_dir(dir.path())
        .args(["assess", "org", "--as-of", AS_OF, "-o", "gap.txt"])
        .assert()
        .success();
    iso20k()
        .current_dir(dir.path())
        .args(["report", "org", "--as-of", AS_OF, "-o", "out"])
        .assert()
        .success();
    assert_one_complete_report(&dir.path().join("out"));
    assert_eq!(
        leftovers(dir.path()),
        [".out.md.1-0-0123456789abcdef.iso20k-tmp"]
    );
    std::fs::remove_file(&other).unwrap();

    // A run that fails (here: the output is a folder) leaves nothing behind.
    std::fs::create_dir(dir.path().join("a folder")).unwrap();
    iso20k()
        .current_dir(dir.path())
        .args(["assess", "org", "--as-of", AS_OF, "-o", "a folder"])
        .assert()
        .code(2);
    iso20k()
        .current_dir(dir.path())
        .args(["report", "org", "--as-of", AS_OF, "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());

    // Killed at different moments of writing, a report folder is the old one or the new one, complete;
    // the next run sweeps whatever the killed one left.
    let binary = assert_cmd::cargo::cargo_bin!("iso20k");
    for step in 0..6u64 {
        let mut child = std::process::Command::new(binary)
            .env("NO_COLOR", "1")
            .arg("report")
            .arg(&org)
            .args(["--as-of", AS_OF, "--seed", "7", "--force", "-o"])
            .arg(dir.path().join("out"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Not a timing assertion: only varies the moment of the kill.
        std::thread::sleep(std::time::Duration::from_millis(step * 60));
        let _ = child.kill();
        let _ = child.wait();
        assert_one_complete_report(&dir.path().join("out"));
        iso20k()
            .args(["report"])
            .arg(&org)
            .args(["--as-of", AS_OF, "--force", "-o"])
            .arg(dir.path().join("out"))
            .assert()
            .success();
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}

// 5. Any FIFO given as a file argument hangs forever.

#[cfg(unix)]
#[test]
fn fifo_file_arguments_are_refused_without_hanging() {
    let (dir, org) = scratch("kestrel-cloud");
    let fifo = dir.path().join("pipe");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(templates.join("gap-report.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let fifo = fifo.to_str().unwrap();
    let org = org.to_str().unwrap();
    let judgements = dir.path().join("j.yaml");
    let judgements = judgements.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["assess", org, "--as-of", AS_OF, "--config", fifo],
        vec!["assess", org, "--as-of", AS_OF, "--judgements", fifo],
        vec!["assess", org, "--as-of", AS_OF, "--catalogue", fifo],
        vec!["catalogue", "validate", fifo],
        vec!["catalogue", "validate", "--mapping", fifo],
        vec!["check", org, "--as-of", AS_OF, "--baseline", fifo],
        vec!["import", fifo, org, "--judgements", judgements],
        vec![
            "assess",
            org,
            "--as-of",
            AS_OF,
            "--format",
            "md",
            "--templates",
            templates.to_str().unwrap(),
        ],
    ];
    for args in runs {
        iso20k()
            .args(&args)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "a FIFO (named pipe), not a regular file",
            ));
    }
}

// 6. The configuration can lift every bound.

#[test]
fn configurable_limits_above_their_maxima_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    std::fs::create_dir(&org).unwrap();
    std::fs::write(org.join("policy.md"), "# Policy\n").unwrap();
    let cases = [
        (
            "[scan]\nmax_file_bytes = 9223372036854775807\n",
            "[scan] max_file_bytes is 9223372036854775807; the most iso20k allows is 268435456",
        ),
        (
            "[scan]\nmax_file_bytes = 268435457\n",
            "the most iso20k allows is 268435456 (256 MiB)",
        ),
        (
            "[plan]\npeople = 101\n",
            "[plan] people must be from 1 to 100",
        ),
        (
            "[plan]\nstage1_after_days = 366\n",
            "[plan] stage1_after_days is 366; the most iso20k allows is 365 days",
        ),
        (
            "[plan]\nstage2_after_days = 4000\n",
            "[plan] stage2_after_days is 4000",
        ),
        (
            "[plan.effort]\nWP-change-1 = 1e9\n",
            "must be from 0 to 1000 person-days",
        ),
    ];
    for (config, message) in cases {
        std::fs::write(org.join("iso20k.toml"), config).unwrap();
        iso20k()
            .args(["evidence"])
            .arg(&org)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    // At the maximum, it is accepted.
    std::fs::write(
        org.join("iso20k.toml"),
        "[scan]\nmax_file_bytes = 268435456\n[plan]\npeople = 100\nstage1_after_days = 365\n",
    )
    .unwrap();
    iso20k().args(["evidence"]).arg(&org).assert().success();
}

// 7. Unbounded periods and dates.

#[test]
fn periods_over_ten_years_and_unschedulable_plans_are_refused() {
    let org = example_dir("kestrel-cloud");
    iso20k()
        .args(["checklist", "--stage", "2", &org, "--as-of", AS_OF])
        .args(["--period", "0001-01..9999-12"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("longer than 10 years"));
    iso20k()
        .args(["checklist", "--stage", "2", &org, "--as-of", AS_OF])
        .args(["--period", "2016-11..2026-10", "--format", "json"])
        .assert()
        .success();
    iso20k()
        .args(["plan", &org, "--as-of", AS_OF, "--start", "9999-12-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot schedule the plan"));
    iso20k()
        .args(["report", &org, "--as-of", "9999-12-30", "-o"])
        .arg(tempfile::tempdir().unwrap().path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot schedule the plan"));
}

// 8. A newline in a file name injects lines.

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_are_escaped_in_text_and_markdown() {
    let (dir, org) = scratch("brightwater-msp");
    // The expired continuity plan is named in `check`'s findings.
    let hostile = "Plan\n::error file=pwn.md::owned\r\u{1b}[2J.md";
    std::fs::rename(
        org.join("04 Plans/Service Continuity Plan.md"),
        org.join("04 Plans").join(hostile),
    )
    .unwrap();
    let dated = ["org", "--as-of", AS_OF];
    let outputs = [
        vec!["check", "--format", "text"],
        vec!["evidence"],
        vec!["evidence", "--format", "md"],
        vec!["assess", "--format", "md"],
        vec!["assess"],
        vec!["checklist", "--stage", "1"],
        vec!["checklist", "--stage", "2"],
        vec!["explain", "8.7.2-continuity-plan"],
    ];
    for args in outputs {
        let folder: &[&str] = if args[0] == "evidence" {
            &dated[..1]
        } else {
            &dated
        };
        let output = iso20k()
            .current_dir(dir.path())
            .args(&args)
            .args(folder)
            .output()
            .unwrap();
        assert!(output.status.code().unwrap() <= 1, "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        // Escaped as `\n`, or folded to a space in a Markdown table cell.
        assert!(
            text.contains("Plan\\n::error file=pwn.md::owned\\r\\u{1b}[2J.md")
                || text.contains("Plan ::error file=pwn.md::owned\\r\\u{1b}[2J.md"),
            "{args:?} does not show the name escaped"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("::error")),
            "{args:?}: a line was injected"
        );
        assert!(!text.contains('\r') && !text.contains('\u{1b}'), "{args:?}");
    }
}

// 9. `-o FILE` with table/text output writes ANSI colour codes.

#[test]
fn files_written_with_o_get_no_colour_unless_color_always() {
    let dir = tempfile::tempdir().unwrap();
    let org = example_dir("kestrel-cloud");
    let write = |name: &str, args: &[&str], color: &[&str]| -> String {
        let path = dir.path().join(name);
        let mut cmd = iso20k();
        // A terminal-like environment that asks for colour.
        cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
        let status = cmd
            .args(args)
            .args([&org, "--as-of", AS_OF, "-o"])
            .arg(&path)
            .args(color)
            .output()
            .unwrap()
            .status;
        assert!(status.code().unwrap() <= 1);
        std::fs::read_to_string(&path).unwrap()
    };
    for args in [&["assess"][..], &["check", "--format", "text"][..]] {
        assert!(!write("auto.txt", args, &[]).contains('\u{1b}'), "{args:?}");
        assert!(
            !write("never.txt", args, &["--color", "never"]).contains('\u{1b}'),
            "{args:?}"
        );
        assert!(
            write("always.txt", args, &["--color", "always"]).contains('\u{1b}'),
            "{args:?}"
        );
    }
}

// 10. SARIF paths relative to the repository root.

#[test]
fn sarif_paths_are_relative_to_the_repository_root() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let absolute = example_dir("brightwater-msp");
    let uris = |root: Option<&str>| -> Vec<String> {
        let mut cmd = iso20k();
        cmd.current_dir(repo)
            .args(["check", &absolute, "--as-of", AS_OF, "--format", "sarif"]);
        if let Some(root) = root {
            cmd.args(["--root", root]);
        }
        let output = cmd.assert().code(1).get_output().stdout.clone();
        let sarif: serde_json::Value = serde_json::from_slice(&output).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let from_cwd = uris(None);
    assert!(
        from_cwd
            .iter()
            .all(|u| u.starts_with("evidence-examples/brightwater-msp")),
        "{from_cwd:?}"
    );
    assert!(from_cwd.contains(
        &"evidence-examples/brightwater-msp/04%20Plans/Service%20Continuity%20Plan.md".to_string()
    ));
    let from_root = uris(Some(&absolute));
    assert!(from_root.contains(&"04%20Plans/Service%20Continuity%20Plan.md".to_string()));
    // A folder outside the root cannot be linked: said, exit 2.
    let elsewhere = tempfile::tempdir().unwrap();
    iso20k()
        .current_dir(repo)
        .args(["check", &absolute, "--as-of", AS_OF, "--format", "github"])
        .arg("--root")
        .arg(elsewhere.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the repository root"));
}

// 11. `[scan]` edge cases: unclosed front matter, `iso20k-evidence.yaml`.

#[test]
fn unclosed_front_matter_is_a_warning_and_iso20k_evidence_yaml_is_ordinary_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org");
    std::fs::create_dir(&org).unwrap();
    std::fs::write(
        org.join("Policy.md"),
        "---\ntitle: Change Policy\nstatus: approved\n\n# Change policy\n\nHow changes are made.\n",
    )
    .unwrap();
    std::fs::write(
        org.join("Rule.md"),
        "---\nA document that opens with a rule.\n",
    )
    .unwrap();
    std::fs::write(
        org.join("iso20k-evidence.yaml"),
        "- path: \"policies/*.md\"\n  owner: Head of Service\n  covers: [8.5.1]\n",
    )
    .unwrap();
    let register: serde_json::Value = serde_json::from_slice(
        &iso20k()
            .args(["evidence", "--format", "json"])
            .arg(&org)
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let warnings: Vec<(String, String)> = register["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["path"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        warnings
            .iter()
            .any(|(p, m)| p == "Policy.md" && m.contains("never closes it")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|(p, _)| p == "Rule.md"),
        "a rule is not front matter: {warnings:?}"
    );
    let paths: Vec<&str> = register["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"iso20k-evidence.yaml"), "{paths:?}");
    let about: Vec<&String> = warnings
        .iter()
        .filter(|(p, _)| p == "iso20k-evidence.yaml")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].contains("read as ordinary evidence"), "{about:?}");
    // Ordinary evidence, judged by the ordinary rules: not an unfilled template.
    let assessment: serde_json::Value = serde_json::from_slice(
        &iso20k()
            .args(["assess", "--format", "json", "--as-of", AS_OF])
            .arg(&org)
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let text = assessment.to_string();
    assert!(!text.contains("unfilled template"), "{text}");
}
