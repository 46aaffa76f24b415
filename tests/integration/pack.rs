//! The audit pack (`iso20k report --pack`) and `iso20k verify`: reproducible bytes, what the pack holds,
//! and every kind of difference a folder can have from it; hostile packs are refused with exit 2.

use crate::util::{copy_tree, example_dir, iso20k};
use std::io::{Read, Write};
use std::path::Path;
use tempfile::TempDir;

/// A copy of the early-stage example (small), a work folder beside it, and its pack.
fn packed() -> (TempDir, std::path::PathBuf, std::path::PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let evidence = work.path().join("evidence");
    copy_tree(Path::new(&example_dir("kestrel-cloud")), &evidence);
    let pack = work.path().join("pack.zip");
    iso20k()
        .args(["report", "--as-of", "2026-11-01", "--pack"])
        .arg(&pack)
        .arg(&evidence)
        .assert()
        .success();
    (work, evidence, pack)
}

fn verify(pack: &Path, evidence: &Path) -> (String, i32) {
    let output = iso20k()
        .arg("verify")
        .arg(pack)
        .arg(evidence)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

fn entry(pack: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(pack).unwrap()).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (work, evidence, first) = packed();
    let second = work.path().join("again.zip");
    let out = work.path().join("reports");
    iso20k()
        .args(["report", "--as-of", "2026-11-01", "--pack"])
        .arg(&second)
        .arg("-o")
        .arg(&out)
        .arg(&evidence)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    // The pack holds every report of the folder, the same bytes, plus the evidence manifest; entries are
    // sorted and dated 1980-01-01.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&first).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    for i in 0..archive.len() {
        assert_eq!(
            archive.by_index(i).unwrap().last_modified(),
            Some(zip::DateTime::default())
        );
    }
    let mut reports: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    reports.push("evidence-manifest.json".to_string());
    reports.sort();
    assert_eq!(names, reports);
    assert!(names.contains(&"assessment.json".to_string()));
    assert_eq!(
        entry(&first, "gap-report.html"),
        std::fs::read(out.join("gap-report.html")).unwrap()
    );
}

#[test]
fn the_manifest_lists_every_file_with_its_hash_and_citing_requirements() {
    let (_work, evidence, pack) = packed();
    let manifest: serde_json::Value =
        serde_json::from_slice(&entry(&pack, "evidence-manifest.json")).unwrap();
    assert_eq!(manifest["catalogue"]["id"], "iso20000-1:2018");
    assert_eq!(manifest["catalogue"]["version"], "1.0.0");
    assert_eq!(manifest["as_of"], "2026-11-01");
    let files = manifest["files"].as_array().unwrap();
    let scope = files
        .iter()
        .find(|f| f["path"] == "ISO20000/Scope Statement (DRAFT).md")
        .expect("the scope statement is listed");
    let bytes = std::fs::read(evidence.join("ISO20000/Scope Statement (DRAFT).md")).unwrap();
    use sha2::Digest;
    assert_eq!(scope["sha256"], hex(&sha2::Sha256::digest(&bytes)));
    assert_eq!(scope["bytes"], bytes.len() as u64);
    assert!(scope["modified"].as_str().unwrap().ends_with('Z'));
    assert!(scope["kind"].is_string());
    let cited: Vec<&str> = scope["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(cited.contains(&"4.3-scope-documented"), "{cited:?}");
    // Every file the assessment cites, and only files of the folder.
    let assessment: serde_json::Value =
        serde_json::from_slice(&entry(&pack, "assessment.json")).unwrap();
    for requirement in assessment["requirements"].as_array().unwrap() {
        for evidence in requirement["evidence"].as_array().unwrap() {
            let listed = files
                .iter()
                .find(|f| f["path"] == evidence["path"])
                .unwrap();
            assert!(
                listed["requirements"]
                    .as_array()
                    .unwrap()
                    .contains(&requirement["id"])
            );
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_untouched_folder_matches() {
    let (_work, evidence, pack) = packed();
    let (text, code) = verify(&pack, &evidence);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("matches the pack"), "{text}");
}

#[test]
fn an_added_file_is_found() {
    let (_work, evidence, pack) = packed();
    std::fs::write(evidence.join("ISO20000/New Procedure.md"), "# New\n").unwrap();
    let (text, code) = verify(&pack, &evidence);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("added    ISO20000/New Procedure.md"),
        "{text}"
    );
    assert!(text.contains("1 added, 0 removed, 0 changed"), "{text}");
}

#[test]
fn a_removed_file_is_found() {
    let (_work, evidence, pack) = packed();
    std::fs::remove_file(evidence.join("ISO20000/Scope Statement (DRAFT).md")).unwrap();
    let (text, code) = verify(&pack, &evidence);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("removed  ISO20000/Scope Statement (DRAFT).md"),
        "{text}"
    );
    assert!(text.contains("0 added, 1 removed, 0 changed"), "{text}");
}

#[test]
fn an_edited_file_is_found_but_a_touched_one_is_not() {
    let (_work, evidence, pack) = packed();
    let path = evidence.join("ISO20000/Scope Statement (DRAFT).md");
    // A new modification time alone (a copy, a checkout) is no change of content.
    let file = std::fs::File::options().append(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now()).unwrap();
    drop(file);
    assert_eq!(verify(&pack, &evidence).1, 0);
    let mut file = std::fs::File::options().append(true).open(&path).unwrap();
    file.write_all(b"\nApproved after all.\n").unwrap();
    drop(file);
    let (text, code) = verify(&pack, &evidence);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("changed  ISO20000/Scope Statement (DRAFT).md"),
        "{text}"
    );
    let output = iso20k()
        .arg("verify")
        .arg(&pack)
        .arg(&evidence)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["matches"], false);
    assert_eq!(json["changed"][0], "ISO20000/Scope Statement (DRAFT).md");
}

#[test]
fn hostile_or_foreign_packs_are_refused() {
    let (work, evidence, _) = packed();
    let refused = |pack: &Path, expect: &str| {
        let (text, code) = verify(pack, &evidence);
        assert_eq!(code, 2, "{text}");
        assert!(text.contains(expect), "{expect}: {text}");
    };
    let not_zip = work.path().join("not.zip");
    std::fs::write(&not_zip, "hello").unwrap();
    refused(&not_zip, "not a zip archive");
    refused(work.path(), "not a regular file");
    let zip_of = |name: &str, entries: &[(&str, &[u8])]| {
        let path = work.path().join(name);
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for (entry, bytes) in entries {
            writer
                .start_file(*entry, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        path
    };
    refused(
        &zip_of("foreign.zip", &[("a.txt", b"a")]),
        "holds no evidence-manifest.json",
    );
    refused(
        &zip_of(
            "garbled.zip",
            &[("evidence-manifest.json", b"{\"files\": 3}")],
        ),
        "not an iso20k evidence manifest",
    );
    // A manifest that inflates past the limit (65 MiB of spaces in a small zip) is not read.
    let bomb = vec![b' '; 65 * 1024 * 1024];
    refused(
        &zip_of("bomb.zip", &[("evidence-manifest.json", &bomb)]),
        "possible zip bomb",
    );
}

#[test]
fn the_pack_is_never_written_inside_the_evidence_folder() {
    let (_work, evidence, _) = packed();
    let inside = evidence.join("pack.zip");
    iso20k()
        .args(["report", "--as-of", "2026-11-01", "--pack"])
        .arg(&inside)
        .arg(&evidence)
        .assert()
        .code(2);
    assert!(!inside.exists());
    // Without -o or --pack there is nothing to write.
    iso20k()
        .args(["report", "--as-of", "2026-11-01"])
        .arg(&evidence)
        .assert()
        .code(2);
}
