//! Metadata as people write it, on the labelled organisations of `tests/corpus`: every document whose text
//! has a document-control or revision table has its version and status read, and spot checks of statuses,
//! dates and sources against the files.
//!
//! The check reads each file's text on its own (Markdown as is, Word and OpenDocument XML without tags, PDF
//! text through lopdf) and looks for a `Version` and a `Status` label with a value, so that it does not
//! depend on the reader it checks.

use crate::util::json;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The items of `iso20k evidence` over one organisation, by path.
fn items(org: &str) -> Vec<Value> {
    let folder = corpus().join(org).join("evidence");
    let register = json(["evidence", folder.to_str().unwrap(), "--format", "json"]);
    register["items"].as_array().unwrap().clone()
}

fn item<'a>(items: &'a [Value], path: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["path"] == path)
        .unwrap_or_else(|| panic!("no item {path}"))
}

/// Where `field` came from: (source, at).
fn source(item: &Value, field: &str) -> (String, String) {
    let found = item["metadata_sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["field"] == field)
        .unwrap_or_else(|| panic!("{} has no source for {field}", item["path"]));
    (
        found["source"].as_str().unwrap().to_string(),
        found["at"].as_str().unwrap_or("").to_string(),
    )
}

/// A file's text as lines of cells, read independently of iso20k's readers.
fn text_lines(path: &Path) -> Vec<String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let text = match ext.as_str() {
        "md" => std::fs::read_to_string(path).unwrap(),
        "docx" | "odt" => {
            let entry = if ext == "docx" {
                "word/document.xml"
            } else {
                "content.xml"
            };
            let file = std::fs::File::open(path).unwrap();
            let mut archive = zip::ZipArchive::new(file).unwrap();
            let mut xml = String::new();
            archive
                .by_name(entry)
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            let xml = xml
                .replace("</w:p>", "\n")
                .replace("</text:p>", "\n")
                .replace("</text:h>", "\n");
            strip_tags(&xml)
        }
        "pdf" => {
            let document = lopdf::Document::load(path).unwrap();
            let pages: Vec<u32> = document.get_pages().keys().copied().collect();
            document.extract_text(&pages).unwrap_or_default()
        }
        _ => String::new(),
    };
    text.lines()
        .flat_map(|line| {
            let line = strip_tags(line);
            line.split(['|', '·'])
                .map(|cell| cell.replace("**", "").trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|cell| !cell.is_empty())
        .collect()
}

fn strip_tags(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The value given to `label` in the cells: `Label: value`, `Label value`, or the next cell.
fn labelled<'a>(cells: &'a [String], label: &str) -> Option<&'a str> {
    for (i, cell) in cells.iter().enumerate() {
        let lower = cell.to_ascii_lowercase();
        if lower == label || lower == format!("{label}:") {
            return cells.get(i + 1).map(String::as_str);
        }
        if let Some(rest) = lower.strip_prefix(label)
            && (rest.starts_with(':') || rest.starts_with(' '))
        {
            let value = cell[label.len()..].trim_start_matches(':').trim();
            if !value.is_empty() && value.len() < 40 {
                return Some(value);
            }
        }
    }
    None
}

/// Every Word, OpenDocument, PDF and Markdown file whose text labels a version (a number) and a status
/// (a word, not a template's prompt) has its version and status read.
#[test]
fn every_document_control_and_revision_table_is_read() {
    let mut checked = 0;
    for org in ["cobalt-council", "fenwick-it", "lumen-saas"] {
        let items = items(org);
        let root = corpus().join(org).join("evidence");
        for item in &items {
            let path = item["path"].as_str().unwrap();
            if !["docx", "odt", "pdf", "markdown"].contains(&item["format"].as_str().unwrap()) {
                continue;
            }
            let cells = text_lines(&root.join(path));
            let version = labelled(&cells, "version").filter(|v| {
                v.trim_start_matches(['v', 'V'])
                    .starts_with(|c: char| c.is_ascii_digit())
            });
            let status = labelled(&cells, "status").filter(|s| {
                s.starts_with(|c: char| c.is_alphabetic()) && !s.contains(" / ") && s.len() < 40
            });
            if version.is_some() {
                checked += 1;
                assert!(
                    !item["version"].is_null(),
                    "{org}/{path}: version {version:?} not read"
                );
            }
            if version.is_some() && status.is_some() {
                assert!(
                    !item["status"].is_null(),
                    "{org}/{path}: status {status:?} not read"
                );
            }
        }
    }
    assert!(checked >= 40, "only {checked} files with a version label");
}

#[test]
fn spot_checks_against_the_files() {
    let fenwick = items("fenwick-it");
    let policy = item(
        &fenwick,
        "01 - SMS Governance/Service Management Policy.docx",
    );
    assert_eq!(policy["status"], "approved");
    assert_eq!(policy["version"], "2.0");
    assert!(policy["review_due"].as_str().unwrap().starts_with("2027-"));
    assert_eq!(
        source(policy, "status"),
        ("body".into(), "document-control table, line 5".into())
    );
    let review = item(
        &fenwick,
        "01 - SMS Governance/Service Management Policy v1.9 - for review.docx",
    );
    assert_eq!(review["status"], "draft");
    assert!(
        review["approved_by"].is_null(),
        "an empty cell is no approver"
    );
    // The text says Approved, but the Archive folder is how people retire documents.
    let archived = item(
        &fenwick,
        "ITSM Practices/Change Enablement/Archive/Change Management Policy v1.0.docx",
    );
    assert_eq!(archived["status"], "retired");
    assert_eq!(
        source(archived, "status"),
        ("derived".into(), "folder \"Archive\"".into())
    );
    let capacity = item(
        &fenwick,
        "ITSM Practices/Capacity and Demand/Capacity Management Plan 2026-27.docx",
    );
    assert_eq!(
        capacity["last_reviewed"], "2026-10-22",
        "a review row repeating the version"
    );
    let infosec = item(
        &fenwick,
        "Information Security/Group Information Security Policy v5.0.pdf",
    );
    assert_eq!(infosec["version"], "5.0");
    assert_eq!(infosec["status"], "approved");

    let cobalt = items("cobalt-council");
    let manual = item(
        &cobalt,
        "01 SMS Governance/ICT-GOV-001 Service Management Manual v4.2.pdf",
    );
    assert_eq!(manual["review_due"], "2027-06-30", "Review date: Q2 2027");
    assert_eq!(
        manual["effective"], "2025-06-09",
        "Date of issue: 09/06/2025"
    );
    assert_eq!(manual["status"], "approved", "Status: Issued");
    let plan = item(
        &cobalt,
        "01 SMS Governance/ICT-GOV-003 Service Management Plan 2022-2024 v1.1.pdf",
    );
    assert_eq!(
        plan["version"], "1.1",
        "label and value on separate PDF lines"
    );
    assert_eq!(plan["review_due"], "2023-03-31");
    let mou = item(
        &cobalt,
        "12 Supplier Management/MoU Stanmere Property Services - DC1 environment DRAFT v0.2.odt",
    );
    assert_eq!(mou["status"], "draft");
    let old = item(&cobalt, "Archive/ICT-PRO-021 Change Procedure v1.4.odt");
    assert_eq!(old["status"], "retired");
    let change_policy = item(
        &cobalt,
        "02 Policies/ICT-POL-007 Change Management Policy v2.1.pdf",
    );
    assert_eq!(
        change_policy["version"], "2.1",
        "`Version 2.1` between other fields"
    );
    assert_eq!(change_policy["review_due"], "2027-11-30", "November 2027");

    let lumen = items("lumen-saas");
    let roles = item(
        &lumen,
        "compliance/iso20000/sms-roles-and-responsibilities.md",
    );
    assert_eq!(roles["version"], "1.0");
    assert_eq!(roles["approved_on"], "2026-07-14");
    assert_eq!(roles["status"], "approved");
    assert!(
        source(roles, "version")
            .1
            .starts_with("revision history (latest row), line ")
    );
    let policy = item(&lumen, "compliance/iso20000/service-management-policy.md");
    assert_eq!(policy["approved_by"], "Ruth Adebayo, CEO, for the ELT");
    assert_eq!(
        source(policy, "approved_by"),
        ("body".into(), "document-control table, line 5".into())
    );
    let change = item(
        &lumen,
        "compliance/soc2/policies/change-management-policy.md",
    );
    assert_eq!(change["version"], "3.1", "an HTML table in Markdown");
    assert_eq!(change["review_due"], "2027-02-10");
    let draft = item(
        &lumen,
        "compliance/iso20000/drafts/service-management-policy-v0.3-draft.md",
    );
    assert_eq!(draft["status"], "draft");
    let postmortem = item(
        &lumen,
        "incidents/postmortems/2026/2026-09-09-clickhouse-shard-07-disk-full.md",
    );
    assert_eq!(
        postmortem["status"], "approved",
        "Status: Final (reviewed …)"
    );
    assert_eq!(postmortem["date"], "2026-09-09");
    let template = item(&lumen, "incidents/postmortem-template.md");
    assert!(
        template["status"].is_null(),
        "a template's list of choices is no status"
    );
}
