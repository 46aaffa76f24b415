//! The management workbook (`iso20k workbook`) read back with calamine, and `iso20k import` round trips.

use crate::util::{copy_tree, example_dir as example, iso20k, json};
use calamine::{Data, Reader, Xlsx};
use iso20k::render::workbook::REQUIREMENT_COLUMNS;
use predicates::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-01";

/// Writes the workbook of `dir` into `out` and returns its path.
fn make(dir: &str, out: &Path, extra: &[&str]) -> PathBuf {
    let path = out.join("gap.xlsx");
    iso20k()
        .args(["workbook", dir, "--as-of", AS_OF, "-o"])
        .arg(&path)
        .args(extra)
        .assert()
        .success();
    path
}

/// Every sheet as rows of cell text.
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

fn sheet<'a>(all: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &all.iter().find(|(n, _)| n == name).unwrap().1
}

/// The row of `key` in column A (or `column`), with its cells.
fn row<'a>(rows: &'a [Vec<String>], column: usize, key: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r.get(column).is_some_and(|c| c == key))
        .unwrap_or_else(|| panic!("no row with {key}"))
}

#[test]
fn the_sheets_hold_the_assessment_checklists_and_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = make(&example("brightwater-msp"), dir.path(), &[]);
    let all = sheets(&path);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Summary",
            "Requirements",
            "Gaps",
            "Evidence",
            "Stage 1",
            "Stage 2",
            "Plan",
            "Capability",
            "About"
        ]
    );
    // The capability profile: a row per process area, its level and each attribute's rating.
    let capability = sheet(&all, "Capability");
    assert_eq!(
        capability[0][..5],
        ["Process", "Name", "Level", "Target", "PA1.1"]
    );
    assert_eq!(capability.len(), 1 + 31);
    let change = row(capability, 0, "change");
    assert!(["2", "3"].contains(&change[2].as_str()), "{change:?}");
    assert!(
        change[4..13]
            .iter()
            .all(|r| ["N", "P", "L", "F"].contains(&r.as_str()))
    );
    assert!(!change[13].is_empty());
    let assessment = json([
        "assess",
        &example("brightwater-msp"),
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);

    let summary = sheet(&all, "Summary");
    assert_eq!(
        row(summary, 0, "Organisation")[1],
        "Brightwater Managed Services Ltd"
    );
    assert_eq!(row(summary, 0, "Overall score (0–100)")[1], "97.2");
    assert_eq!(row(summary, 0, "Catalogue")[1], "ISO/IEC 20000-1:2018");
    assert_eq!(
        row(summary, 0, "Missing (1)")[1],
        "8.3.2-complaints-recorded"
    );
    assert_eq!(row(summary, 0, "10")[1], "Improvement");

    let requirements = sheet(&all, "Requirements");
    assert_eq!(requirements[0], REQUIREMENT_COLUMNS.map(String::from));
    assert_eq!(requirements.len(), 1 + 190);
    let complaints = row(requirements, 0, "8.3.2-complaints-recorded");
    assert_eq!(complaints[5], "gap");
    assert_eq!(complaints[4], "yes");
    assert!(complaints[9].contains("[no-records]"), "{complaints:?}");
    assert!(complaints[10..].iter().all(String::is_empty));

    // Suggested evidence (found only by a title naming the clause's subject) follows the accepted
    // evidence in the Evidence cell, under its own line.
    let suggested: Vec<(String, String)> = assessment["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["band"] == "suggested")
                .map(|e| {
                    (
                        r["id"].as_str().unwrap().to_string(),
                        e["path"].as_str().unwrap().to_string(),
                    )
                })
        })
        .collect();
    assert!(!suggested.is_empty());
    for (id, path) in &suggested {
        let cell = &row(requirements, 0, id)[8];
        let (_, confirm) = cell
            .split_once("Suggested — confirm:")
            .unwrap_or_else(|| panic!("{id}: {cell:?}"));
        assert!(confirm.lines().any(|l| l == path), "{id}: {cell:?}");
    }

    let gaps = sheet(&all, "Gaps");
    assert_eq!(gaps[0][8..], ["Evidence", "Suggested — confirm"]);
    assert_eq!(gaps.len(), 1 + 7);
    assert_eq!(gaps[1][0], "8.3.2-complaints-recorded");
    assert!(gaps[1..].iter().all(|r| r[3] != "conformant"));

    let evidence = sheet(&all, "Evidence");
    assert_eq!(
        evidence.len() as u64,
        1 + assessment["summary"]["evidence_files"].as_u64().unwrap()
    );
    let policy = row(evidence, 0, "02 Policies/Information Security Policy.md");
    assert_eq!(policy[3], "draft");

    let stage1 = sheet(&all, "Stage 1");
    assert_eq!(row(stage1, 0, "Readiness")[1], "not ready for Stage 2");
    assert_eq!(row(stage1, 0, "Blocker")[1], "S1-A15");
    let missing = stage1
        .iter()
        .find(|r| r[1] == "S1-A15" && r[0].starts_with("A "))
        .unwrap();
    assert_eq!(missing[5], "missing");
    let stage2 = sheet(&all, "Stage 2");
    let incidents = row(stage2, 0, "S2-8.6.1-01");
    assert!(
        incidents[7].contains("Incident Log Jul-Oct 2026.csv: 10 of 60"),
        "{incidents:?}"
    );
    let capacity = row(stage2, 1, "8.4.3-capacity-monitored");
    assert_eq!(capacity[8], "monthly: holes 2026-08, 2026-09, 2026-10");
    assert!(capacity[9].starts_with("minor nonconformity"));

    let plan = sheet(&all, "Plan");
    let package = row(plan, 1, "WP-capacity-2");
    assert_eq!(package[3], "Capacity and Availability Manager");
    assert!(
        plan.iter()
            .any(|r| r.get(1).is_some_and(|c| c == "stage-1"))
    );

    let about = sheet(&all, "About");
    assert_eq!(row(about, 0, "Edition")[1], "2018");
    assert_eq!(row(about, 0, "As of")[1], AS_OF);
}

#[test]
fn the_same_inputs_give_the_same_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(make(&example("kestrel-cloud"), dir.path(), &[])).unwrap();
    let b = std::fs::read(make(&example("kestrel-cloud"), dir.path(), &[])).unwrap();
    assert!(a == b, "two runs gave different bytes");
    // `assess --format xlsx` writes the same workbook.
    let other = dir.path().join("assess.xlsx");
    iso20k()
        .args([
            "assess",
            &example("kestrel-cloud"),
            "--as-of",
            AS_OF,
            "--format",
            "xlsx",
            "-o",
        ])
        .arg(&other)
        .assert()
        .success();
    assert!(std::fs::read(&other).unwrap() == a);
    iso20k()
        .args(["assess", &example("kestrel-cloud"), "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FILE.xlsx"));
}

/// Rewrites one cell of the Requirements sheet: the assessor's edit, made programmatically.
fn edit_cell(path: &Path, cell: &str, after: &str, value: &str) {
    rewrite(path, |name, xml| {
        if name != "xl/worksheets/sheet2.xml" {
            return xml;
        }
        let start = xml
            .find(&format!("<c r=\"{after}\""))
            .expect("the cell before");
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        format!(
            "{}<c r=\"{cell}\" t=\"inlineStr\"><is><t>{value}</t></is></c>{}",
            &xml[..end],
            &xml[end..]
        )
    });
}

/// Rewrites every XML entry of a workbook with `edit(name, text)`.
fn rewrite(path: &Path, edit: impl Fn(&str, String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name.ends_with(".xml") {
            data = edit(&name, String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// The spreadsheet row of requirement `id` on the Requirements sheet.
fn row_of(path: &Path, id: &str) -> usize {
    let all = sheets(path);
    sheet(&all, "Requirements")
        .iter()
        .position(|r| r[0] == id)
        .unwrap()
        + 1
}

#[test]
fn an_edited_status_comes_back_as_an_override_and_unchanged_rows_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = example("brightwater-msp");
    let path = make(&folder, dir.path(), &[]);
    let id = "8.7.3.1-information-security-policy";
    let r = row_of(&path, id);
    edit_cell(&path, &format!("K{r}"), &format!("J{r}"), "conformant");
    edit_cell(
        &path,
        &format!("M{r}"),
        &format!("K{r}"),
        "Information Security Manager",
    );

    let judgements = dir.path().join("judgements.yaml");
    iso20k()
        .args(["import"])
        .arg(&path)
        .arg(&folder)
        .arg("--judgements")
        .arg(&judgements)
        .args(["--assessor", "A. Consultant"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{id}: conformant (new)")))
        .stdout(predicate::str::contains("1 judgement changed"));
    let written = std::fs::read_to_string(&judgements).unwrap();
    assert_eq!(written.matches("requirement:").count(), 1, "{written}");
    assert!(written.contains("date: \"2026-11-01\""), "{written}");

    let assessed = json([
        "assess",
        &folder,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--judgements",
        judgements.to_str().unwrap(),
    ]);
    let result = assessed["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap();
    assert_eq!(result["status"], "conformant");
    assert_eq!(result["automatic_status"], "partial");
    assert_eq!(result["override"]["status"], "conformant");
    assert_eq!(result["override"]["assessor"], "A. Consultant");
    assert_eq!(result["override"]["owner"], "Information Security Manager");
    assert_eq!(assessed["summary"]["overridden"], 1);
    crate::schema::assert_matches_schema(&assessed, "report-templates/assessment.schema.json");

    // Importing the same workbook again changes nothing, and leaves the file as it was.
    iso20k()
        .args(["import"])
        .arg(&path)
        .arg(&folder)
        .arg("--judgements")
        .arg(&judgements)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 judgements changed"));
    assert_eq!(std::fs::read_to_string(&judgements).unwrap(), written);

    // A workbook made with the judgements shows them in the assessor columns, and importing it keeps them.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let second = make(
        &folder,
        &again,
        &["--judgements", judgements.to_str().unwrap()],
    );
    let all = sheets(&second);
    assert_eq!(row(sheet(&all, "Requirements"), 0, id)[10], "conformant");
    iso20k()
        .args(["import"])
        .arg(&second)
        .arg(&folder)
        .arg("--judgements")
        .arg(&judgements)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 judgements changed"));
}

/// Asserts that importing `workbook` fails with exit 2 and `message`, leaving the judgements untouched.
#[track_caller]
fn refused(workbook: &Path, judgements: &Path, message: &str, extra: &[&str]) {
    let before = std::fs::read(judgements).unwrap();
    iso20k()
        .args(["import"])
        .arg(workbook)
        .arg(example("brightwater-msp"))
        .arg("--judgements")
        .arg(judgements)
        .args(extra)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
    assert_eq!(std::fs::read(judgements).unwrap(), before);
}

#[test]
fn broken_foreign_or_reshaped_workbooks_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let judgements = dir.path().join("judgements.yaml");
    std::fs::write(
        &judgements,
        "judgements:\n  - requirement: 8.3.2-complaints-recorded\n    status: partial\n",
    )
    .unwrap();

    // Someone else's spreadsheet.
    let foreign =
        Path::new(&example("brightwater-msp")).join("01 Governance/Competence Matrix.xlsx");
    refused(
        &foreign,
        &judgements,
        "is not a workbook made by iso20k",
        &[],
    );
    // Not a spreadsheet at all.
    let text = dir.path().join("notes.xlsx");
    std::fs::write(&text, "just text").unwrap();
    refused(&text, &judgements, "is not a workbook made by iso20k", &[]);

    // Made from the other edition.
    let made_2011 = dir.path().join("2011");
    std::fs::create_dir(&made_2011).unwrap();
    let workbook_2011 = make(&example("harbour-it"), &made_2011, &["--edition", "2011"]);
    refused(
        &workbook_2011,
        &judgements,
        "made from the ISO/IEC 20000-1:2011 catalogue",
        &[],
    );

    // Columns rearranged.
    let reshaped = make(&example("brightwater-msp"), dir.path(), &[]);
    rewrite(&reshaped, |name, xml| {
        if name == "xl/sharedStrings.xml" {
            xml.replace("<t>Assessor status</t>", "<t>My status</t>")
        } else {
            xml
        }
    });
    refused(
        &reshaped,
        &judgements,
        "column K of the Requirements sheet should be `Assessor status`",
        &[],
    );

    // A status that is not one.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let path = make(&example("brightwater-msp"), &bad, &[]);
    let r = row_of(&path, "4.3-scope-documented");
    edit_cell(&path, &format!("K{r}"), &format!("J{r}"), "done");
    refused(
        &path,
        &judgements,
        &format!("row {r} (4.3-scope-documented): Assessor status `done`"),
        &[],
    );

    // The judgements file may not live in the evidence folder.
    let inside = Path::new(&example("brightwater-msp")).join("iso20k-judgements.yaml");
    iso20k()
        .args(["import"])
        .arg(&path)
        .arg(example("brightwater-msp"))
        .arg("--judgements")
        .arg(&inside)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the evidence folder"));
    assert!(!inside.exists());
    // Without --judgements or [assessment] judgements, import says what to do.
    let copy = dir.path().join("org");
    copy_tree(Path::new(&example("kestrel-cloud")), &copy);
    iso20k()
        .args(["import"])
        .arg(&path)
        .arg(&copy)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--judgements FILE"));
}

// Issue 13, item 4: `iso20k import` refuses what it cannot trust and never erases a value by accident.

/// Rewrites one cell of the Requirements sheet as a formula, with its cached value when given.
fn edit_formula(path: &Path, cell: &str, after: &str, formula: &str, cached: Option<&str>) {
    rewrite(path, |name, xml| {
        if name != "xl/worksheets/sheet2.xml" {
            return xml;
        }
        let start = xml
            .find(&format!("<c r=\"{after}\""))
            .expect("the cell before");
        let end = start + xml[start..].find("</c>").unwrap() + 4;
        let value = cached.map_or(String::new(), |v| format!("<v>{v}</v>"));
        format!(
            "{}<c r=\"{cell}\" t=\"str\"><f>{formula}</f>{value}</c>{}",
            &xml[..end],
            &xml[end..]
        )
    });
}

fn judgements_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("judgements.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_refuses_a_workbook_from_another_folder_or_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let judgements = judgements_file(dir.path(), "judgements: []\n");
    let workbook = make(&example("brightwater-msp"), dir.path(), &[]);
    let id = "4.3-scope-documented";
    let r = row_of(&workbook, id);
    edit_cell(&workbook, &format!("K{r}"), &format!("J{r}"), "gap");
    let import = |folder: &Path, extra: &[&str]| {
        iso20k()
            .args(["import"])
            .arg(&workbook)
            .arg(folder)
            .arg("--judgements")
            .arg(&judgements)
            .args(extra)
            .assert()
    };
    // The same organisation in another folder.
    let copy = dir.path().join("copy");
    copy_tree(Path::new(&example("brightwater-msp")), &copy);
    import(&copy, &[])
        .code(2)
        .stderr(predicate::str::contains(
            "was made from the evidence folder",
        ))
        .stderr(predicate::str::contains("--force"));
    // Another organisation.
    let other = dir.path().join("other");
    copy_tree(Path::new(&example("kestrel-cloud")), &other);
    import(&other, &[]).code(2).stderr(predicate::str::contains(
        "was made for the organisation `Brightwater Managed Services Ltd`",
    ));
    assert_eq!(
        std::fs::read_to_string(&judgements).unwrap(),
        "judgements: []\n"
    );
    // Told to, it imports.
    import(&copy, &["--force"])
        .success()
        .stdout(predicate::str::contains(format!("{id}: gap (new)")));
}

#[test]
fn import_reads_a_formula_by_its_cached_value_and_refuses_one_without() {
    let dir = tempfile::tempdir().unwrap();
    let judgements = judgements_file(dir.path(), "judgements: []\n");
    let workbook = make(&example("brightwater-msp"), dir.path(), &[]);
    let id = "4.3-scope-documented";
    let r = row_of(&workbook, id);
    edit_formula(
        &workbook,
        &format!("K{r}"),
        &format!("J{r}"),
        "LOWER(\"GAP\")",
        Some("gap"),
    );
    iso20k()
        .args(["import"])
        .arg(&workbook)
        .arg(example("brightwater-msp"))
        .arg("--judgements")
        .arg(&judgements)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "cell Requirements!K{r} holds the formula `=LOWER(\"GAP\")`; its computed value `gap` was read"
        )))
        .stdout(predicate::str::contains(format!("{id}: gap (new)")));

    let again = dir.path().join("again");
    std::fs::create_dir(&again).unwrap();
    let workbook = make(&example("brightwater-msp"), &again, &[]);
    edit_formula(
        &workbook,
        &format!("K{r}"),
        &format!("J{r}"),
        "LOWER(\"GAP\")",
        None,
    );
    refused(
        &workbook,
        &judgements,
        &format!(
            "cell Requirements!K{r} holds the formula `=LOWER(\"GAP\")` and no value computed for it"
        ),
        &[],
    );
}

#[test]
fn import_refuses_an_as_of_that_is_not_a_date_or_lies_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let judgements = judgements_file(dir.path(), "judgements: []\n");
    for (value, message) in [
        ("2999-01-01", "lies in the future"),
        ("next week", "is `next week`, not a date"),
    ] {
        let sub = dir.path().join(value.replace(' ', "-"));
        std::fs::create_dir(&sub).unwrap();
        let workbook = make(&example("brightwater-msp"), &sub, &[]);
        rewrite(&workbook, |name, xml| {
            if name == "xl/sharedStrings.xml" {
                xml.replace(&format!("<t>{AS_OF}</t>"), &format!("<t>{value}</t>"))
            } else {
                xml
            }
        });
        refused(&workbook, &judgements, message, &[]);
    }
}

#[test]
fn import_never_erases_a_value_with_a_blank_cell_and_clears_one_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let id = "4.3-scope-documented";
    let judgements = judgements_file(
        dir.path(),
        &format!(
            "# Reviewed with the SMS manager.\njudgements:\n  - requirement: {id}\n    status: partial\n    \
             note: keep me\n    owner: Ann Other\n    target_date: \"2027-01-31\"\n"
        ),
    );
    let workbook = make(&example("brightwater-msp"), dir.path(), &[]);
    let r = row_of(&workbook, id);
    // Status changed; note, owner and target date left blank; then the owner cleared with `-`.
    edit_cell(&workbook, &format!("K{r}"), &format!("J{r}"), "gap");
    edit_cell(&workbook, &format!("M{r}"), &format!("K{r}"), "-");
    iso20k()
        .args(["import"])
        .arg(&workbook)
        .arg(example("brightwater-msp"))
        .arg("--judgements")
        .arg(&judgements)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{id}: gap (was partial)")))
        .stderr(predicate::str::contains("comments in"))
        .stderr(predicate::str::contains("are not kept"));
    let written = std::fs::read_to_string(&judgements).unwrap();
    assert!(written.contains("note: keep me"), "{written}");
    assert!(written.contains("2027-01-31"), "{written}");
    assert!(!written.contains("Ann Other"), "{written}");
    assert!(written.contains("status: gap"), "{written}");
}

/// One worksheet's print settings and layout, read from its XML.
struct Printed {
    name: String,
    scale: u16,
    landscape: bool,
    paper: String,
    footer: String,
    /// Column widths in characters by 0-based column.
    widths: Vec<(u16, u16, f64)>,
    /// Row heights in points by 1-based row.
    heights: std::collections::BTreeMap<u32, f64>,
}

fn attribute(tag: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.0 == name)
        .map(|a| a.value.into_owned())
}

/// The print settings of every sheet, read straight from the xlsx (a zip of XML parts).
fn printed(path: &Path) -> Vec<Printed> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let book = read("xl/workbook.xml");
    let mut names = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&book);
    loop {
        match reader.read_event().unwrap() {
            Event::Empty(tag) | Event::Start(tag) if tag.name().0 == "sheet" => {
                names.push(attribute(&tag, "name").unwrap());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
            let mut sheet = Printed {
                name,
                scale: 100,
                landscape: false,
                paper: String::new(),
                footer: String::new(),
                widths: Vec::new(),
                heights: Default::default(),
            };
            let mut reader = quick_xml::Reader::from_str(&xml);
            // The footer's text, entities and all (`&amp;P` is the page number).
            sheet.footer = xml
                .split_once("<oddFooter>")
                .and_then(|(_, rest)| rest.split_once("</oddFooter>"))
                .map_or(String::new(), |(footer, _)| footer.replace("&amp;", "&"));
            loop {
                match reader.read_event().unwrap() {
                    Event::Empty(tag) | Event::Start(tag) => match tag.name().0 {
                        "pageSetup" => {
                            sheet.scale =
                                attribute(&tag, "scale").map_or(100, |s| s.parse().unwrap());
                            sheet.landscape =
                                attribute(&tag, "orientation").as_deref() == Some("landscape");
                            sheet.paper = attribute(&tag, "paperSize").unwrap_or_default();
                        }
                        "col" => sheet.widths.push((
                            attribute(&tag, "min").unwrap().parse().unwrap(),
                            attribute(&tag, "max").unwrap().parse().unwrap(),
                            attribute(&tag, "width").unwrap().parse().unwrap(),
                        )),
                        "row" => {
                            if let Some(height) = attribute(&tag, "ht") {
                                sheet.heights.insert(
                                    attribute(&tag, "r").unwrap().parse().unwrap(),
                                    height.parse().unwrap(),
                                );
                            }
                        }
                        _ => {}
                    },
                    Event::Eof => break,
                    _ => {}
                }
            }
            sheet
        })
        .collect()
}

/// Pixels of a column `width` characters wide as written in the file (which adds the cell padding).
fn px(width: f64) -> f64 {
    (width * 7.0).trunc()
}

#[test]
fn every_sheet_prints_landscape_a4_at_seventy_percent_or_more_with_rows_as_tall_as_their_text() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["brightwater-msp", "kestrel-cloud", "harbour-it"] {
        let path = dir.path().join(format!("{name}.xlsx"));
        iso20k()
            .args(["workbook", &example(name), "--as-of", AS_OF, "-q", "-o"])
            .arg(&path)
            .assert()
            .success();
        let values = sheets(&path);
        for sheet in printed(&path) {
            let what = format!("{name}: {}", sheet.name);
            assert!(sheet.landscape, "{what} is not landscape");
            assert_eq!(sheet.paper, "9", "{what} is not A4");
            assert!(sheet.scale >= 70, "{what} prints at {} %", sheet.scale);
            assert!(
                sheet.footer.contains("&P") && sheet.footer.contains("&N"),
                "{what} has no page numbers: {:?}",
                sheet.footer
            );
            // The columns fit one page wide at that scale (A4 landscape, 0.3 inch side margins), except
            // the Plan's week columns, which run on across pages.
            let table_columns = if sheet.name == "Plan" { 8 } else { u16::MAX };
            let wide: f64 = sheet
                .widths
                .iter()
                .filter(|(min, _, _)| *min <= table_columns)
                .map(|(min, max, width)| f64::from(max.min(&table_columns) - min + 1) * px(*width))
                .sum();
            let page = (11.69 - 0.6) * 96.0;
            assert!(
                wide * f64::from(sheet.scale) / 100.0 <= page,
                "{what}: {wide} pixels of columns do not fit {page} at {} %",
                sheet.scale
            );
            // No column is much wider than what it holds: the Plan's one-digit Phase column was 60 wide.
            if sheet.name == "Plan" {
                let phase = sheet.widths.iter().find(|(min, _, _)| *min == 1).unwrap().2;
                assert!(phase < 10.0, "{what}: the Phase column is {phase} wide");
            }
            // Every row holding lines of text is at least as tall as those lines.
            let rows = sheet_rows(&values, &sheet.name);
            for (r, row) in rows.iter().enumerate() {
                let lines = row.iter().map(|c| c.lines().count()).max().unwrap_or(0);
                if lines > 1 {
                    let height = sheet.heights.get(&(r as u32 + 1)).copied().unwrap_or(15.0);
                    assert!(
                        height >= (14.0 * lines as f64).min(408.0),
                        "{what} row {}: {lines} lines of text in a row {height} points tall",
                        r + 1
                    );
                }
            }
        }
    }
    // A long wrapped cell (a requirement's reasons) makes its row taller than one line.
    let path = dir.path().join("brightwater-msp.xlsx");
    let requirements = printed(&path)
        .into_iter()
        .find(|s| s.name == "Requirements")
        .unwrap();
    let rows = sheet_rows(&sheets(&path), "Requirements");
    let (r, _) = rows
        .iter()
        .enumerate()
        .find(|(_, row)| row[9].len() > 200)
        .expect("a requirement with long reasons");
    assert!(requirements.heights[&(r as u32 + 1)] >= 60.0);
}

fn sheet_rows(all: &[(String, Vec<Vec<String>>)], name: &str) -> Vec<Vec<String>> {
    sheet(all, name).to_vec()
}
