//! `iso20k evidence`: the register of an evidence folder, hostile input, and never writing to the folder.

use crate::util::{iso20k, json};
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// A zip archive (docx, xlsx …) holding `entries`.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn docx(body_xml: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{body_xml}</w:body></w:document>"#
    );
    zip(&[("word/document.xml", document.as_bytes())])
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every file under `root` (following no links) with its bytes, for before/after comparison.
fn snapshot_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if kind.is_dir() {
                stack.push(entry.path());
                files.insert(format!("{rel}/"), Vec::new());
            } else if kind.is_file() {
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            } else {
                files.insert(format!("{rel} (special)"), Vec::new());
            }
        }
    }
    files
}

fn warnings_by_path(register: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in register["warnings"].as_array().unwrap() {
        map.entry(w["path"].as_str().unwrap().to_string())
            .or_default()
            .push(w["message"].as_str().unwrap().to_string());
    }
    map
}

#[test]
fn hostile_folder_gives_one_warning_per_bad_file_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("evidence");
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "secret").unwrap();
    std::fs::create_dir_all(&root).unwrap();
    // A small size limit keeps the big cases small and fast.
    write(
        &root,
        "iso20k.toml",
        b"[scan]\nmax_file_bytes = 1048576\n\n[[evidence]]\npath = \"../outside.txt\"\ncovers = [\"4.3\"]\n",
    );
    // Good files, which must not warn.
    write(
        &root,
        "good/policy.md",
        b"---\ntitle: Policy\nstatus: approved\n---\n# Policy\n",
    );
    write(
        &root,
        "good/billion-laughs.docx",
        &docx(r#"<w:p><w:r><w:t>safe &amp; sound</w:t></w:r></w:p>"#),
    );
    // One bad file per case.
    let mut bad: Vec<(&str, &str)> = Vec::new();
    write(
        &root,
        "bad/broken-front-matter.md",
        b"---\ntitle: [unclosed\n---\n# Body\n",
    );
    bad.push((
        "bad/broken-front-matter.md",
        "invalid front matter at line 2",
    ));
    write(&root, "bad/latin1.txt", b"caf\xe9 au lait\n");
    bad.push(("bad/latin1.txt", "not UTF-8"));
    write(&root, "bad/huge.log", &vec![b'x'; 3 * 1024 * 1024]);
    bad.push(("bad/huge.log", "larger than the size limit (1 MiB)"));
    let spaces = vec![b' '; 40 * 1024 * 1024];
    write(
        &root,
        "bad/zip-bomb.docx",
        &zip(&[("word/document.xml", &spaces)]),
    );
    bad.push(("bad/zip-bomb.docx", "possible zip bomb"));
    write(
        &root,
        "bad/corrupt.xlsx",
        b"PK\x03\x04this is not a zip archive at all",
    );
    bad.push(("bad/corrupt.xlsx", "corrupt zip archive"));
    write(&root, "bad/not-a-docx.docx", &zip(&[("hello.txt", b"hi")]));
    bad.push(("bad/not-a-docx.docx", "word/document.xml` is missing"));
    write(
        &root,
        "bad/broken.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog \n%%EOF",
    );
    bad.push(("bad/broken.pdf", "cannot read the PDF"));
    write(&root, "bad/deep.json", "[".repeat(100_000).as_bytes());
    bad.push(("bad/deep.json", "recursion limit"));
    let mut alias_bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12u8 {
        let (prev, name) = ((b'a' + level - 1) as char, (b'a' + level) as char);
        alias_bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write(&root, "bad/alias-bomb.yaml", alias_bomb.as_bytes());
    bad.push(("bad/alias-bomb.yaml", "invalid YAML"));
    write(
        &root,
        "bad/deep.md",
        format!("{}deep\n", ">".repeat(50_000)).as_bytes(),
    );
    bad.push(("bad/deep.md", "nested more than"));
    write(
        &root,
        "bad/bad-dates.md",
        b"---\nreview_due: someday\n---\nText\n",
    );
    bad.push(("bad/bad-dates.md", "`someday` is not a date"));

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink(&root, root.join("bad/loop")).unwrap();
        bad.push(("bad/loop", "symbolic link loop"));
        std::os::unix::fs::symlink(&outside, root.join("bad/escape.txt")).unwrap();
        bad.push(("bad/escape.txt", "outside the evidence folder"));
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("bad/dangling.md")).unwrap();
        bad.push(("bad/dangling.md", "broken symbolic link"));
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("bad/pipe.csv"))
            .status()
            .unwrap();
        assert!(status.success());
        bad.push(("bad/pipe.csv", "FIFO"));
        let name = std::ffi::OsStr::from_bytes(b"bad/name-\xff.txt");
        std::fs::write(root.join(name), "text").unwrap();
        bad.push(("bad/name-\u{fffd}.txt", "not valid UTF-8"));
    }
    bad.push(("iso20k.toml", "points outside the evidence folder"));

    let before = snapshot_tree(&root);
    let output = iso20k()
        .args(["evidence", "--format", "json"])
        .arg(&root)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success()
        .stderr(predicate::str::contains("panicked").not())
        .get_output()
        .stdout
        .clone();
    let register: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let warnings = warnings_by_path(&register);
    for (path, expected) in &bad {
        let got = warnings
            .get(*path)
            .unwrap_or_else(|| panic!("no warning for {path}: {warnings:#?}"));
        assert_eq!(got.len(), 1, "{path}: {got:#?}");
        assert!(
            got[0].contains(expected),
            "{path}: {got:?} lacks {expected:?}"
        );
    }
    assert_eq!(
        warnings.len(),
        bad.len(),
        "unexpected warnings: {warnings:#?}"
    );

    let items: Vec<&str> = register["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(items.contains(&"good/policy.md"));
    assert!(
        items.contains(&"bad/huge.log"),
        "an over-size file is still listed"
    );
    assert!(
        !items
            .iter()
            .any(|p| p.contains("pipe") || p.contains("escape")),
        "{items:?}"
    );
    let laughs = register["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "good/billion-laughs.docx")
        .unwrap();
    assert_eq!(laughs["excerpt"], "safe & sound");

    assert_eq!(
        snapshot_tree(&root),
        before,
        "the scan changed the evidence folder"
    );
}

#[test]
fn metadata_from_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "iso20k.toml",
        b"[[evidence]]\npath = \"contracts/*.docx\"\ncovers = [\"8.3.4.1-supplier-contracts\"]\n\
          doc_type = \"contract\"\nstatus = \"approved\"\nreview_due = 2027-06-30\n",
    );
    write(
        root,
        "policy.md",
        b"---\ntitle: Service Management Policy\ntype: policy\nowner: SMS Manager\nversion: \"2.0\"\n\
          status: approved\napproved_by: CEO\napproved_on: 2026-01-10\nnext_review: 2027-01-10\n\
          covers: [5.2.1-policy-documented, \"5.2\"]\n---\n# Service management policy\n\n## Purpose\n",
    );
    write(
        root,
        "procedure.md",
        b"# Incident procedure\n\n| Field | Value |\n|---|---|\n| Owner | Service Desk Manager |\n\
          | Status | Draft |\n| Review due | 31/12/2026 |\n\nIncidents logged 2026-10-01.\n",
    );
    write(
        root,
        "contracts/northgate.docx",
        &zip(&[
            (
                "word/document.xml",
                br#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Hosting contract</w:t></w:r></w:p></w:body></w:document>"#,
            ),
            (
                "docProps/core.xml",
                br#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dc:title>Northgate hosting contract</dc:title><dc:creator>Legal</dc:creator></cp:coreProperties>"#,
            ),
        ]),
    );
    write(
        root,
        "incidents.csv",
        b"id,opened,summary\n1,2026-09-01,a\n2,2026-10-15,b\n",
    );
    let register = json(["evidence", "--format", "json", root.to_str().unwrap()]);
    assert_eq!(register["schema_version"], 1);
    assert_eq!(register["warnings"], serde_json::json!([]));
    let item = |path: &str| {
        register["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["path"] == path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone()
    };
    let policy = item("policy.md");
    assert_eq!(policy["title"], "Service Management Policy");
    assert_eq!(policy["doc_type"], "policy");
    assert_eq!(policy["owner"], "SMS Manager");
    assert_eq!(policy["status"], "approved");
    assert_eq!(policy["approved_on"], "2026-01-10");
    assert_eq!(policy["review_due"], "2027-01-10");
    assert_eq!(
        policy["declares"],
        serde_json::json!(["5.2", "5.2.1-policy-documented"])
    );
    assert_eq!(policy["headings"][1]["text"], "Purpose");
    assert_eq!(policy["headings"][1]["line"], 14);
    let procedure = item("procedure.md");
    assert_eq!(procedure["owner"], "Service Desk Manager");
    assert_eq!(procedure["status"], "draft");
    assert_eq!(procedure["review_due"], "2026-12-31");
    assert_eq!(procedure["title"], "Incident procedure");
    let contract = item("contracts/northgate.docx");
    assert_eq!(contract["doc_type"], "contract");
    assert_eq!(contract["status"], "approved");
    assert_eq!(contract["title"], "Northgate hosting contract");
    assert_eq!(contract["author"], "Legal");
    assert_eq!(
        contract["declares"],
        serde_json::json!(["8.3.4.1-supplier-contracts"])
    );
    assert_eq!(contract["headings"][0]["text"], "Hosting contract");
    let log = item("incidents.csv");
    assert_eq!(log["tables"][0]["rows"], 2);
    assert_eq!(log["tables"][0]["latest_date"], "2026-10-15");
    let sha = &log["sha256"];
    assert_eq!(sha.as_str().unwrap().len(), 64);
}

#[test]
fn skips_are_counted_not_silent() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "iso20k.toml", b"[scan]\nexclude = [\"archive\"]\n");
    write(root, ".gitignore", b"*.tmp\n");
    write(root, "kept.md", b"# Kept\n");
    write(root, "scratch.tmp", b"ignored by .gitignore\n");
    write(root, ".hidden/notes.md", b"# Hidden\n");
    write(root, ".git/config", b"[core]\n");
    write(root, "archive/old.md", b"# Old\n");
    let register = json(["evidence", "--format", "json", root.to_str().unwrap()]);
    let paths: Vec<&str> = register["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    // The configuration file is the tool's, not evidence.
    assert_eq!(paths, ["kept.md"]);
    assert_eq!(register["skipped"]["hidden"], 2, "{}", register["skipped"]);
    assert_eq!(register["skipped"]["version_control"], 1);
    assert_eq!(register["skipped"]["excluded"], 1);
    iso20k()
        .args(["evidence"])
        .arg(root)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 file read, 0 warnings; skipped: 2 hidden, 1 version control, 1 excluded by [scan] exclude",
        ));
}

#[test]
fn broken_configuration_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "iso20k.toml",
        b"[scan]\nexclude = \"not a list\"\n",
    );
    iso20k()
        .arg("evidence")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid configuration"))
        .stderr(predicate::str::contains("line 2"));
    iso20k()
        .args(["evidence", "/no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read the evidence folder /no/such/folder",
        ));
}

#[test]
fn same_folder_same_output() {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/evidence-examples/brightwater-msp"
    );
    let first = crate::util::stdout(["evidence", "--format", "json", folder]);
    let second = crate::util::stdout(["evidence", "--format", "json", folder]);
    assert_eq!(first, second);
}

#[test]
fn opendocument_spreadsheet_sheets_rows_and_dates() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Capacity reviews">
<table:table-row><table:table-cell office:value-type="string"><text:p>Review date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Outcome</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2026-05-04"><text:p>04/05/2026</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Headroom fine</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="date" office:date-value="2026-06-01"><text:p>01/06/2026</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Add storage</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "capacity.ods",
        &zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("META-INF/manifest.xml", manifest.as_bytes()),
            ("content.xml", content.as_bytes()),
        ]),
    );
    let register = json(["evidence", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(register["warnings"], serde_json::json!([]), "{register}");
    let table = &register["items"][0]["tables"][0];
    assert_eq!(table["name"], "Capacity reviews");
    assert_eq!(
        table["columns"],
        serde_json::json!(["Review date", "Outcome"])
    );
    assert_eq!(table["rows"], 2);
    assert_eq!(table["latest_date"], "2026-06-01");
}

fn corpus_dir(org: &str) -> String {
    format!("{}/tests/corpus/{org}/evidence", env!("CARGO_MANIFEST_DIR"))
}

fn register_item<'a>(register: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    register["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == path)
        .unwrap_or_else(|| panic!("{path} missing"))
}

/// `iso20k evidence --format json` matches `report-templates/evidence.schema.json` on the examples and
/// every labelled organisation.
#[test]
fn register_json_matches_its_schema() {
    let mut folders = vec![
        crate::util::example_dir("brightwater-msp"),
        crate::util::example_dir("kestrel-cloud"),
        crate::util::example_dir("harbour-it"),
    ];
    folders.extend(
        ["cobalt-council", "fenwick-it", "lumen-saas"]
            .iter()
            .map(|org| corpus_dir(org)),
    );
    for folder in folders {
        let register = json(["evidence", "--format", "json", &folder]);
        crate::schema::assert_matches_schema(&register, "report-templates/evidence.schema.json");
    }
}

/// Long manuals split into sections with their line ranges; statements of absence and clause
/// references carry their line, section and edition.
#[test]
fn corpus_documents_have_sections_absences_and_clause_references() {
    let cobalt = json([
        "evidence",
        "--format",
        "json",
        &corpus_dir("cobalt-council"),
    ]);
    let manual = register_item(
        &cobalt,
        "01 SMS Governance/ICT-GOV-001 Service Management Manual v4.2.pdf",
    );
    let sections = manual["sections"].as_array().unwrap();
    assert!(sections.len() >= 15, "{sections:#?}");
    let section = |heading: &str| {
        sections
            .iter()
            .position(|s| s["heading"] == heading)
            .unwrap_or_else(|| panic!("no section {heading}: {sections:#?}"))
    };
    let processes = &sections[section("4. Processes of the SMS")];
    assert_eq!(processes["level"], 1);
    assert_eq!(processes["line_start"], 105);
    assert_eq!(processes["line_end"], 198);
    assert_eq!(
        sections[section("3.1 Application of the standard")]["line_start"],
        101
    );
    // "… integrating Harrier's incident and change records with ours to be confirmed" in § 5.
    let absence = &manual["absences"][0];
    assert_eq!(absence["text"], "to be confirmed");
    assert_eq!(absence["line"], 232);
    let governed = section("5. Governance of processes operated by other parties");
    assert_eq!(absence["section"], governed);
    // The manual's process table still cites the 2011 edition: 9.2 there is change management.
    let refs = manual["clause_refs"].as_array().unwrap();
    assert!(
        refs.iter()
            .any(|r| r["clause"] == "9.2" && r["edition"] == "2011"),
        "{refs:#?}"
    );
    assert!(refs.iter().all(|r| r["edition"] == "2011"), "{refs:#?}");

    let fenwick = json(["evidence", "--format", "json", &corpus_dir("fenwick-it")]);
    let framework = register_item(
        &fenwick,
        "01 - SMS Governance/GITS Service Management Framework.docx",
    );
    let sections = framework["sections"].as_array().unwrap();
    assert!(sections.len() >= 15, "{sections:#?}");
    let appendix = sections
        .iter()
        .position(|s| {
            s["heading"]
                .as_str()
                .unwrap()
                .starts_with("Appendix A - Where ISO/IEC 20000-1:2018 is addressed")
        })
        .unwrap();
    let change = framework["clause_refs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["clause"] == "8.5.1")
        .unwrap();
    assert_eq!(change["edition"], "2018");
    let line = change["line"].as_u64().unwrap();
    let range = &sections[appendix];
    assert!(
        range["line_start"].as_u64().unwrap() < line && line <= range["line_end"].as_u64().unwrap()
    );
    let draft = register_item(
        &fenwick,
        "ITSM Practices/Service Level Management/Internal Service Agreement - Fenwick Customs Services 2026 DRAFT.docx",
    );
    assert!(
        draft["absences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["text"] == "to be confirmed" && a["line"] == 46),
        "{:#?}",
        draft["absences"]
    );

    let lumen = json(["evidence", "--format", "json", &corpus_dir("lumen-saas")]);
    let scope = register_item(&lumen, "compliance/iso20000/sms-scope.md");
    // Markdown lines are lines of the file, front matter included.
    let lines: Vec<u64> = scope["absences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["text"] == "TBC")
        .map(|a| a["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [52, 55, 56, 58]);
    let headings: Vec<&str> = scope["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["heading"].as_str().unwrap())
        .collect();
    assert!(headings.len() >= 5, "{headings:?}");
}
