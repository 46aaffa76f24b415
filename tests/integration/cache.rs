//! The incremental cache (`--cache DIR`, `--no-cache`): the same results with and without it, a corrupt
//! cache warned about and ignored, and nothing ever written inside the evidence folder.

use crate::util::{copy_tree, example_dir, iso20k};
use std::collections::BTreeMap;
use std::path::Path;

fn run(args: &[&str]) -> (String, String) {
    let out = iso20k().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "iso20k {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn assess(dir: &Path, cache: &[&str]) -> (String, String) {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["assess", dir, "--as-of", "2026-11-21", "--format", "json"];
    args.extend_from_slice(cache);
    run(&args)
}

fn evidence(dir: &Path, cache: &[&str]) -> String {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["evidence", dir, "--format", "json"];
    args.extend_from_slice(cache);
    run(&args).0
}

/// Every file under `dir` with its size and modification time.
fn listing(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.insert(
                    entry.path().display().to_string(),
                    (meta.len(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

#[test]
fn results_are_identical_with_and_without_the_cache_and_after_a_change() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("evidence");
    copy_tree(Path::new(&example_dir("brightwater-msp")), &folder);
    let cache_dir = work.path().join("cache");
    let cache = ["--cache", cache_dir.to_str().unwrap()];
    let before = listing(&folder);

    let (fresh, _) = assess(&folder, &["--no-cache"]);
    let (first, _) = assess(&folder, &cache);
    let (second, _) = assess(&folder, &cache);
    assert_eq!(
        fresh, first,
        "a run that fills the cache gives the same result"
    );
    assert_eq!(fresh, second, "a run from the cache gives the same result");
    assert!(
        std::fs::read_dir(&cache_dir).unwrap().count() > 0,
        "the cache was written"
    );
    let register = evidence(&folder, &["--no-cache"]);
    assert_eq!(register, evidence(&folder, &cache));
    assert_eq!(register, evidence(&folder, &cache));
    // The checklists sample record keys, which the register's JSON leaves out: they come back too.
    let checklist = |cache: &[&str]| {
        let mut args = vec![
            "checklist",
            "--stage",
            "2",
            folder.to_str().unwrap(),
            "--as-of",
            "2026-11-21",
            "--format",
            "json",
        ];
        args.extend_from_slice(cache);
        run(&args).0
    };
    assert_eq!(checklist(&["--no-cache"]), checklist(&cache));
    assert_eq!(
        before,
        listing(&folder),
        "nothing is written in the evidence folder"
    );

    // A changed file is read again; the others come from the cache.
    let policy = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .or_else(|| {
            listing(&folder)
                .keys()
                .map(std::path::PathBuf::from)
                .find(|p| p.extension().is_some_and(|e| e == "md"))
        })
        .unwrap();
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        format!("{text}\n\nStatus: draft. To be defined.\n"),
    )
    .unwrap();
    let (changed_fresh, _) = assess(&folder, &["--no-cache"]);
    let (changed_cached, _) = assess(&folder, &cache);
    assert_eq!(changed_fresh, changed_cached);
    std::fs::remove_file(&policy).unwrap();
    let (removed_fresh, _) = assess(&folder, &["--no-cache"]);
    let (removed_cached, _) = assess(&folder, &cache);
    assert_eq!(removed_fresh, removed_cached);
}

#[test]
fn a_corrupt_cache_is_ignored_with_a_warning() {
    let work = tempfile::tempdir().unwrap();
    let folder = Path::new(&example_dir("kestrel-cloud")).to_path_buf();
    let cache_dir = work.path().join("cache");
    let cache = ["--cache", cache_dir.to_str().unwrap()];
    let (fresh, _) = assess(&folder, &["--no-cache"]);
    let (_, quiet) = assess(&folder, &cache);
    assert!(!quiet.contains("cache"), "{quiet}");
    for entry in std::fs::read_dir(&cache_dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    }
    let (again, warned) = assess(&folder, &cache);
    assert_eq!(fresh, again, "the same result from a full scan");
    assert!(
        warned.contains("cache file") && warned.contains("corrupt"),
        "{warned}"
    );
    // The full scan rewrote it: the next run is quiet again.
    let (third, quiet) = assess(&folder, &cache);
    assert_eq!(fresh, third);
    assert!(!quiet.contains("corrupt"), "{quiet}");
}

#[test]
fn a_cache_inside_the_evidence_folder_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("evidence");
    copy_tree(Path::new(&example_dir("kestrel-cloud")), &folder);
    let before = listing(&folder);
    let inside = folder.join("cache");
    let (fresh, _) = assess(&folder, &["--no-cache"]);
    let (result, warned) = assess(&folder, &["--cache", inside.to_str().unwrap()]);
    assert_eq!(fresh, result);
    assert!(warned.contains("inside the evidence folder"), "{warned}");
    let after = listing(&folder);
    assert_eq!(before, after, "nothing is written in the evidence folder");
    // Not even the (empty) cache directory: it is refused before anything is created.
    assert!(!inside.exists(), "{} was created", inside.display());
}

#[test]
fn the_default_cache_follows_xdg_cache_home() {
    let work = tempfile::tempdir().unwrap();
    let folder = example_dir("kestrel-cloud");
    let out = iso20k()
        .env("XDG_CACHE_HOME", work.path())
        .args(["evidence", &folder, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let written: Vec<_> = std::fs::read_dir(work.path().join("iso20k"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with("scan-") && written[0].ends_with(".json"));
}

/// Regression: the folder named relatively and absolutely used two cache files (the configuration's path
/// was part of the key as typed).
#[test]
fn a_folder_named_relatively_or_absolutely_shares_one_cache_file() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("evidence");
    copy_tree(Path::new(&example_dir("brightwater-msp")), &folder);
    assert!(
        folder.join("iso20k.toml").is_file(),
        "the example has a configuration"
    );
    let cache_dir = work.path().join("cache");
    let cache = cache_dir.to_str().unwrap();
    let (absolute, _) = assess(&folder, &["--cache", cache]);
    let relative = iso20k()
        .current_dir(work.path())
        .args([
            "assess",
            "evidence",
            "--as-of",
            "2026-11-21",
            "--format",
            "json",
        ])
        .args(["--cache", cache])
        .output()
        .unwrap();
    assert!(relative.status.success());
    assert_eq!(String::from_utf8(relative.stdout).unwrap(), absolute);
    let inside = iso20k()
        .current_dir(&folder)
        .args(["assess", "--as-of", "2026-11-21", "--format", "json"])
        .args(["--cache", cache])
        .output()
        .unwrap();
    assert!(inside.status.success());
    assert_eq!(String::from_utf8(inside.stdout).unwrap(), absolute);
    let files: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "one cache file for one folder: {files:?}");
}

#[test]
fn a_damaged_entry_is_warned_about_and_its_file_read_again() {
    let work = tempfile::tempdir().unwrap();
    let folder = Path::new(&example_dir("kestrel-cloud")).to_path_buf();
    let cache_dir = work.path().join("cache");
    let cache = ["--cache", cache_dir.to_str().unwrap()];
    let (fresh, _) = assess(&folder, &["--no-cache"]);
    assess(&folder, &cache);
    // The file keeps its lines, so it is opened; one entry's JSON is broken, and found when it is read.
    for entry in std::fs::read_dir(&cache_dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        assert!(lines.len() > 2, "one line per file after the header");
        let (rel, body) = lines[1].split_once('\t').unwrap();
        lines[1] = format!("{rel}\t{}", body.replacen("\"size\":", "\"size\":x", 1));
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    let (again, warned) = assess(&folder, &cache);
    assert_eq!(
        fresh, again,
        "the same result, the damaged entry's file read again"
    );
    assert!(
        warned.contains("cache file") && warned.contains("corrupt") && warned.contains("line 2"),
        "{warned}"
    );
    // The cache was written again, whole.
    let (cached, quiet) = assess(&folder, &cache);
    assert_eq!(fresh, cached);
    assert!(!quiet.contains("corrupt"), "{quiet}");
}
