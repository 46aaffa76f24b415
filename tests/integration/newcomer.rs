//! Issue 16, "as a newcomer finds it": warnings on standard error, `-q`/`-v`, an empty folder, tables that
//! fit the terminal, `-o -`, errors that name the path once, `explain` by clause and with suggestions,
//! and a man page per subcommand.

use crate::util::{example_dir as example, iso20k};
use predicates::prelude::*;

const AS_OF: &str = "2026-11-21";

/// A copy of an example with `n` files whose front matter does not parse.
fn with_broken_files(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::util::copy_tree(std::path::Path::new(&example("kestrel-cloud")), dir.path());
    for i in 1..=n {
        std::fs::write(
            dir.path().join(format!("broken-{i}.md")),
            "---\ntitle: [unclosed\n---\nBody text.\n",
        )
        .unwrap();
    }
    dir
}

#[test]
fn assess_prints_the_first_warnings_on_stderr_with_file_and_reason_then_how_many_more() {
    let dir = with_broken_files(7);
    let out = iso20k()
        .args(["assess"])
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // One YAML error, one line number: the front matter's own position is not repeated.
    assert!(
        stderr.contains(
            "warning: broken-1.md: invalid front matter at line 2 column 8: unclosed bracket '['\n"
        ),
        "{stderr}"
    );
    // The example's own warning (an unfilled template) and four of ours: five, then the count.
    assert_eq!(stderr.matches("warning: broken-").count(), 4, "{stderr}");
    assert!(
        stderr.contains("warning: 3 more warnings (8 in all): -v shows every one"),
        "{stderr}"
    );
    assert!(!stdout.contains("warning"), "{stdout}");

    let all = iso20k()
        .args(["assess", "-v"])
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success();
    let stderr = String::from_utf8(all.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.matches("warning: broken-").count(), 7, "{stderr}");
    assert!(!stderr.contains("more warning"), "{stderr}");

    iso20k()
        .args(["assess", "--quiet"])
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn an_empty_folder_is_a_warning_saying_where_iso20k_looked_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".hidden.md"), "# Policy\n").unwrap();
    iso20k()
        .args(["assess"])
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: .: no evidence files found: iso20k left out 1 hidden file or folder (names \
             starting with a dot; [scan] hidden = true reads them)",
        ));
    let empty = tempfile::tempdir().unwrap();
    iso20k()
        .args(["evidence", "--format", "json"])
        .arg(empty.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "no evidence files found: the folder and every folder below it hold no files",
        ));
}

#[test]
fn tables_fit_the_terminal_width() {
    let out = iso20k()
        .env("COLUMNS", "60")
        .args(["evidence", &example("brightwater-msp")])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let table: Vec<&str> = stdout.lines().take_while(|l| !l.is_empty()).collect();
    assert!(table.len() > 10);
    for line in &table {
        assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
    }
    assert!(stdout.contains('…'));
    // Without COLUMNS and with standard output a pipe, lines stay whole.
    let whole = iso20k()
        .env_remove("COLUMNS")
        .args(["evidence", &example("brightwater-msp")])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&whole.get_output().stdout).contains('…'));
}

#[test]
fn dash_as_output_writes_to_standard_output_and_no_file_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    iso20k()
        .current_dir(dir.path())
        .args(["assess", &example("brightwater-msp"), "--as-of", AS_OF])
        .args(["--format", "json", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("{\n  \"schema_version\""));
    iso20k()
        .current_dir(dir.path())
        .args([
            "plan",
            &example("kestrel-cloud"),
            "--as-of",
            AS_OF,
            "-o",
            "-",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Implementation plan"));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn errors_name_the_path_once() {
    for (args, expected) in [
        (
            vec!["assess", "/nonexistent-iso20k"],
            "error: cannot read the evidence folder /nonexistent-iso20k: No such file or directory (os error 2)\n",
        ),
        (
            vec!["assess", ".", "--config", "/nonexistent-iso20k.toml"],
            "error: cannot read the configuration /nonexistent-iso20k.toml: No such file or directory (os error 2)\n",
        ),
        (
            vec!["assess", ".", "--catalogue", "/nonexistent-iso20k"],
            "error: cannot read the catalogue at /nonexistent-iso20k: No such file or directory (os error 2)\n",
        ),
    ] {
        iso20k().args(&args).assert().code(2).stderr(expected);
    }
    // A write error names the file asked for, never the temporary file beside it.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing-folder").join("gap.md");
    let out = iso20k()
        .args([
            "assess",
            &example("brightwater-msp"),
            "--as-of",
            AS_OF,
            "-o",
        ])
        .arg(&target)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert!(!stderr.contains("iso20k-tmp"), "{stderr}");
}

#[test]
fn explain_takes_a_clause_and_suggests_ids() {
    let out = iso20k()
        .args([
            "explain",
            "9.3",
            &example("brightwater-msp"),
            "--as-of",
            AS_OF,
        ])
        .args(["--format", "json"])
        .assert()
        .success();
    let results: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ids: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() > 1, "{ids:?}");
    assert!(ids.iter().all(|id| id.starts_with("9.3-")), "{ids:?}");
    iso20k()
        .args(["explain", "8.7.2-continuity", &example("brightwater-msp")])
        .args(["--as-of", AS_OF])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean: 8.7.2-continuity-risks, 8.7.2-continuity-requirements, 8.7.2-continuity-plan",
        ));
}

#[test]
fn man_writes_a_page_per_subcommand_that_man_can_render() {
    let dir = tempfile::tempdir().unwrap();
    iso20k()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "iso20k.1",
        "iso20k-assess.1",
        "iso20k-check.1",
        "iso20k-explain.1",
        "iso20k-catalogue-show.1",
        "iso20k-workbook.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{page}");
    }
    let assess = std::fs::read_to_string(dir.path().join("iso20k-assess.1")).unwrap();
    assert!(
        assess.contains("as\\-of"),
        "the assess page lists its options"
    );
    // Rendered by man itself where it is installed.
    let rendered = std::process::Command::new("man")
        .arg("-l")
        .arg(dir.path().join("iso20k-assess.1"))
        .env("MANPAGER", "cat")
        .env("COLUMNS", "80")
        .output();
    if let Ok(out) = rendered
        && out.status.success()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("iso20k-assess"), "{text}");
        assert!(text.contains("--as-of"), "{text}");
    }
}

/// Stage 2's re-run hint names everything the samples depend on, and the legend for "—" appears only
/// under a findings table that has a "—" in it.
#[test]
fn stage2_rerun_hint_is_complete_and_the_legend_appears_only_when_used() {
    let stage2 = |org: &str, format: &str| -> String {
        let out = iso20k()
            .args(["-q", "checklist", "--stage", "2", &example(org)])
            .args(["--as-of", AS_OF, "--format", format])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    for format in ["md", "html"] {
        // Every finding of brightwater-msp has an item reference; harbour-it has one without.
        let all_referenced = stage2("brightwater-msp", format);
        let one_without = stage2("harbour-it", format);
        assert!(all_referenced.contains(
            "iso20k checklist --stage 2 DIR --as-of 2026-11-21 --period 2026-08-01..2026-10-31 --seed 20261121"
        ));
        assert!(!all_referenced.contains("marks a requirement that Stage 2"));
        assert!(one_without.contains("marks a requirement that Stage 2"));
    }
}

/// Deliverable names keep their acronyms upper case.
#[test]
fn plan_deliverables_keep_acronyms() {
    let out = iso20k()
        .args(["-q", "plan", &example("kestrel-cloud"), "--as-of", AS_OF])
        .assert()
        .success();
    let plan = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for name in [
        "SMS manager role (activity",
        "SLA review (activity",
        "OLA review (activity",
        "CMDB (records",
    ] {
        assert!(plan.contains(name), "{name} not in the plan");
    }
    for name in ["Sla review", "Ola review", "Sms manager", "Cmdb"] {
        assert!(!plan.contains(name), "{name} in the plan");
    }
}

/// The ready-made GitHub Action (`action.yml`): a composite action whose inputs the README documents,
/// and whose script runs the gate, writes the reports and sets its outputs (run here with bash, as the
/// runner would).
#[test]
#[cfg(unix)]
fn the_github_action_runs_the_gate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let action: serde_json::Value =
        iso20k::yaml::from_str(&std::fs::read_to_string(root.join("action.yml")).unwrap()).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for input in action["inputs"].as_object().unwrap().keys() {
        assert!(
            readme.contains(&format!("{input}: ")),
            "input {input} is not in the README"
        );
    }
    let script = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "check")
        .and_then(|s| s["run"].as_str())
        .unwrap()
        .to_string();
    assert!(script.contains("iso20k check \"$FOLDER\""));

    let binary = std::path::PathBuf::from(assert_cmd::cargo::cargo_bin!("iso20k"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |formats: &str, args: &str, fail: &str| {
        let dir = tempfile::tempdir().unwrap();
        let outputs = dir.path().join("github-output");
        std::fs::write(&outputs, "").unwrap();
        let status = std::process::Command::new("bash")
            .args(["-c", &script])
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("FOLDER", "evidence-examples/brightwater-msp")
            .env("FORMATS", formats)
            .env("ARGS", args)
            .env("OUTPUT_DIR", dir.path().join("reports"))
            .env("FAIL", fail)
            .env("GITHUB_OUTPUT", &outputs)
            .output()
            .unwrap();
        let set = std::fs::read_to_string(&outputs).unwrap();
        let mut reports: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().into_string().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        reports.sort();
        (status.status.code(), set, reports)
    };
    // The example fails the gate on purpose: the step fails, the SARIF file is there for upload.
    let (code, set, reports) = run("github,sarif", "--as-of 2026-11-01", "true");
    assert_eq!(code, Some(1));
    assert!(
        set.contains("passed=false") && set.contains("/iso20k.sarif"),
        "{set}"
    );
    assert_eq!(reports, ["iso20k.sarif"]);
    // fail: false reports without failing the step.
    let (code, set, reports) = run("json, junit", "--as-of 2026-11-01", "false");
    assert_eq!(code, Some(0));
    assert!(set.contains("passed=false"), "{set}");
    assert_eq!(reports, ["iso20k.json", "iso20k.xml"]);
    // A broken setup stops the step with exit 2 whatever `fail` says.
    let (code, _, _) = run("github", "--no-such-option", "false");
    assert_eq!(code, Some(2));
    let (code, _, _) = run("pdf", "", "false");
    assert_eq!(code, Some(2));
}
