//! What kind of file it is, and the record series of ticket and log exports: over the labelled
//! organisations of `tests/corpus/` and, where present, the real-world folders of `../shared/real-world/`.

use iso20k::config::Config;
use iso20k::evidence::{EvidenceIndex, EvidenceItem, Kind, ScanOptions, scan};
use std::io::Write;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn scan_folder(folder: &Path) -> EvidenceIndex {
    scan(&ScanOptions {
        root: folder.to_path_buf(),
        config: Config::default(),
    })
    .unwrap()
}

fn corpus(name: &str) -> EvidenceIndex {
    scan_folder(&root().join("tests/corpus").join(name).join("evidence"))
}

/// A real-world folder read in place, or `None` (with a message) where it is absent.
fn real_world(name: &str) -> Option<EvidenceIndex> {
    let folder = root()
        .join("../shared/real-world")
        .join(name)
        .join("evidence");
    if !folder.is_dir() {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {} is absent (the real-world folders are read in place, not copied)",
            folder.display()
        );
        return None;
    }
    Some(scan_folder(&folder))
}

fn item<'a>(index: &'a EvidenceIndex, path: &str) -> &'a EvidenceItem {
    index
        .items
        .iter()
        .find(|i| i.path == path)
        .unwrap_or_else(|| panic!("{path} not in the index"))
}

/// Every ticket and log export of the labelled organisations, checked by hand: the sheet (if any), the
/// process, the event column, rows, and the first and last event dates.
/// (organisation, path, sheet, process, event column, rows, first, last)
type Export = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    usize,
    &'static str,
    &'static str,
);

const EXPORTS: &[Export] = &[
    (
        "fenwick-it",
        "ITSM Practices/Service Desk/incident export 2026-08-01 to 2026-11-15.csv",
        None,
        "incident",
        "Opened",
        564,
        "2026-08-01",
        // The file name says 15 November; the last incident was opened on the 14th.
        "2026-11-14",
    ),
    (
        "fenwick-it",
        "ITSM Practices/Service Desk/sc_req_item export 2026-09-01 to 2026-11-15.xlsx",
        Some("Page 1"),
        "service-request",
        "Opened",
        304,
        "2026-09-01",
        "2026-11-13",
    ),
    (
        "fenwick-it",
        "ITSM Practices/Problem Management/problem export 2026.xlsx",
        Some("Page 1"),
        "problem",
        "Opened",
        17,
        "2026-01-14",
        "2026-11-03",
    ),
    (
        "fenwick-it",
        "ITSM Practices/Change Enablement/change_request export 2026.xlsx",
        Some("Page 1"),
        "change",
        "CAB date",
        200,
        "2026-01-13",
        "2026-11-17",
    ),
    (
        "fenwick-it",
        "ITSM Practices/Knowledge/kb_knowledge export 2026-11-14.xlsx",
        Some("Page 1"),
        "documentation",
        "Published",
        80,
        "2021-04-03",
        "2026-10-17",
    ),
    (
        "fenwick-it",
        "06 - Improvement/Corrective Action Log 2026.xlsx",
        Some("CAR log 2026"),
        "improvement",
        "Raised",
        10,
        "2026-01-13",
        "2026-10-15",
    ),
    (
        "fenwick-it",
        "People and Training/Training and Awareness Records 2026.xlsx",
        Some("Training 2026"),
        "support",
        "Date completed",
        151,
        "2026-01-11",
        "2026-10-22",
    ),
    (
        "cobalt-council",
        "06 Service Desk/Cherwell incidents P1-P3 01-06-2026 to 15-11-2026.csv",
        None,
        "incident",
        "Created Date Time",
        542,
        "2026-06-01",
        "2026-11-13",
    ),
    (
        "cobalt-council",
        "06 Service Desk/Cherwell service requests - access and starters 01-09-2026 to 15-11-2026.csv",
        None,
        "service-request",
        "Created Date Time",
        404,
        "2026-09-01",
        "2026-11-13",
    ),
    (
        "cobalt-council",
        "06 Service Desk/Cherwell problems export 16-11-2026.csv",
        None,
        "problem",
        "Created Date Time",
        25,
        "2024-02-12",
        "2026-11-06",
    ),
    (
        "cobalt-council",
        "07 Change and Release/Cherwell changes (excl standard) 01-01-2026 to 15-11-2026.csv",
        None,
        "change",
        "Created Date Time",
        237,
        "2026-01-02",
        "2026-11-13",
    ),
    (
        "cobalt-council",
        "11 Information Security/Information Security Incident Log 2026.ods",
        Some("Log 2026"),
        "information-security",
        "Date/time reported",
        16,
        "2026-01-08",
        "2026-11-11",
    ),
    (
        "cobalt-council",
        "05 Business Relationship Management/Customer Satisfaction and Complaints 2026.ods",
        Some("Complaints log"),
        "business-relationship",
        "Date received",
        13,
        "2026-01-14",
        "2026-11-06",
    ),
    (
        "lumen-saas",
        "exports/pagerduty-incidents-2026.csv",
        None,
        "incident",
        "created_at",
        323,
        "2026-01-03",
        "2026-11-20",
    ),
    (
        "lumen-saas",
        "exports/statuspage-incident-history-2026.csv",
        None,
        "incident",
        "created_at",
        27,
        "2026-01-06",
        "2026-11-16",
    ),
    (
        "lumen-saas",
        "exports/jira-service-management-ops-2026.csv",
        None,
        // 253 of 386 are service requests (with or without approvals), 125 incidents, 8 problems.
        "service-request",
        "Created",
        386,
        "2026-01-01",
        "2026-11-20",
    ),
    (
        "lumen-saas",
        "exports/jira-postmortem-action-items.csv",
        None,
        "improvement",
        "Created",
        40,
        "2025-12-02",
        "2026-10-23",
    ),
    (
        "lumen-saas",
        "exports/github-deployments-production-2026H2.csv",
        None,
        "release-deployment",
        "created_at",
        201,
        "2026-07-01",
        "2026-11-19",
    ),
    (
        "lumen-saas",
        "exports/zendesk-satisfaction-2026.csv",
        None,
        "business-relationship",
        "Ticket created - Date",
        635,
        "2025-12-30",
        "2026-11-19",
    ),
    (
        "lumen-saas",
        "exports/datadog-slo-history-2026.csv",
        None,
        "service-level",
        "period_start",
        73,
        "2026-01-01",
        "2026-11-01",
    ),
    (
        "lumen-saas",
        "compliance/soc2/security-awareness-training-2026.csv",
        None,
        "support",
        "Completed",
        140,
        "2026-02-03",
        // One completion is dated after the assessment date; the judge never counts future dates.
        "2026-11-29",
    ),
];

#[test]
fn every_ticket_and_log_export_is_a_record_series_of_its_process() {
    let mut problems = Vec::new();
    for organisation in ["fenwick-it", "cobalt-council", "lumen-saas"] {
        let index = corpus(organisation);
        for (org, path, sheet, process, column, rows, first, last) in EXPORTS {
            if *org != organisation {
                continue;
            }
            let item = item(&index, path);
            let Some(table) = item.tables.iter().find(|t| t.name.as_deref() == *sheet) else {
                problems.push(format!("{org}/{path}: no table {sheet:?}"));
                continue;
            };
            let Some(series) = &table.series else {
                problems.push(format!("{org}/{path}: no record series"));
                continue;
            };
            let found = (
                series.process.unwrap_or("none"),
                series.event_column.as_str(),
                series.rows,
                series.first.map(|d| d.to_string()).unwrap_or_default(),
                series.last.map(|d| d.to_string()).unwrap_or_default(),
            );
            let expected = (
                *process,
                *column,
                *rows,
                first.to_string(),
                last.to_string(),
            );
            if found != expected {
                problems.push(format!(
                    "{org}/{path}: found {found:?}, expected {expected:?}"
                ));
            }
            if table.latest_date != series.last {
                problems.push(format!("{org}/{path}: latest date is not the last event"));
            }
            if !matches!(
                item.kind,
                Kind::Record | Kind::Register | Kind::Report | Kind::Plan
            ) {
                problems.push(format!("{org}/{path}: kind {:?}", item.kind));
            }
            if series.months.is_empty() || series.process_signal.is_none() {
                problems.push(format!("{org}/{path}: no months or no process signal"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn minutes_and_templates_of_the_labelled_organisations() {
    let fenwick = corpus("fenwick-it");
    for path in [
        "03 - Management Review/Management Review Minutes 2026-04-16.pdf",
        "ITSM Practices/Change Enablement/CAB Minutes 2026-11-10.docx",
    ] {
        assert_eq!(item(&fenwick, path).kind, Kind::Minutes, "{path}");
    }
    for path in [
        "Templates/Operational Level Agreement TEMPLATE.docx",
        "Templates/Problem Management Procedure TEMPLATE.docx",
    ] {
        let item = item(&fenwick, path);
        assert_eq!(item.kind, Kind::Template, "{path}");
        assert!(item.template.is_some(), "{path}");
    }
    let cobalt = corpus("cobalt-council");
    assert_eq!(
        item(
            &cobalt,
            "ISO 20000 Recertification/Transition to ISO 20000-1 2018 gap list.ods"
        )
        .kind,
        Kind::RequirementsList
    );
    // A control register with owners and test results is evidence, not a list of requirements.
    let lumen = corpus("lumen-saas");
    assert_ne!(
        item(&lumen, "compliance/soc2/controls-matrix.csv").kind,
        Kind::RequirementsList
    );
    assert!(
        item(&lumen, "company/onboarding/engineering-onboarding.md")
            .template
            .is_none(),
        "a reviewed onboarding checklist is a documented way of working"
    );
}

#[test]
fn cloudgov_site_syntax_is_not_a_template_but_the_exercise_form_is() {
    let Some(index) = real_world("cloudgov") else {
        return;
    };
    let templates: Vec<(&str, &str)> = index
        .items
        .iter()
        .filter_map(|i| {
            i.template
                .as_ref()
                .map(|t| (i.path.as_str(), t.reason.as_str()))
        })
        .collect();
    for (path, reason) in &templates {
        assert!(
            !reason.contains("{{") && !reason.contains("{%"),
            "{path} set aside for site syntax: {reason}"
        );
    }
    for path in [
        "cg-site/resources/Contingency-plan-exercise-template.docx",
        "cg-site/resources/Contingency-plan-exercise-template.pdf",
    ] {
        let item = item(&index, path);
        assert_eq!(item.kind, Kind::Template, "{path}");
        let template = item.template.as_ref().unwrap();
        assert!(
            template.placeholders.iter().any(|p| p == "SYSTEM NAME"),
            "{path}: {template:?}"
        );
    }
    // Only the exercise form: the operations and policy pages are not templates.
    assert_eq!(templates.len(), 2, "{templates:#?}");
}

#[test]
fn strongdm_comply_is_templates_and_a_criteria_catalogue() {
    let Some(index) = real_world("strongdm-comply") else {
        return;
    };
    let mut neither = Vec::new();
    for item in &index.items {
        let ok = match item.kind {
            Kind::Template => item.template.is_some(),
            Kind::RequirementsList => true,
            _ => false,
        };
        if !ok {
            neither.push(format!("{} ({:?})", item.path, item.kind));
        }
    }
    assert!(neither.is_empty(), "{neither:#?}");
    assert_eq!(
        item(&index, "example/standards/TSC-2017.yml").kind,
        Kind::RequirementsList
    );
}

#[test]
fn evidence_register_json_matches_its_schema() {
    let folder = root().join("tests/corpus/lumen-saas/evidence");
    let register = crate::util::json(["evidence", "--format", "json", folder.to_str().unwrap()]);
    crate::schema::assert_matches_schema(&register, "report-templates/evidence.schema.json");
    let items = register["items"].as_array().unwrap();
    let pagerduty = items
        .iter()
        .find(|i| i["path"] == "exports/pagerduty-incidents-2026.csv")
        .unwrap();
    assert_eq!(pagerduty["kind"], "record");
    let series = &pagerduty["tables"][0]["series"];
    assert_eq!(series["process"], "incident");
    assert_eq!(series["process_signal"]["signal"], "columns");
    assert_eq!(series["rows"], 323);
    assert_eq!(series["months"][0], "2026-01");
    let template = items
        .iter()
        .find(|i| i["path"] == "incidents/postmortems/_archive/postmortem-template-2023.md")
        .unwrap();
    assert_eq!(template["kind"], "template");
    assert!(
        !template["template"]["placeholders"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_workbook_with_a_raci_sheet_is_a_matrix_whatever_its_name() {
    for (org, path) in [
        (
            "fenwick-it",
            "01 - SMS Governance/SMS Roles and Responsibilities.xlsx",
        ),
        (
            "cobalt-council",
            "01 SMS Governance/ICT-GOV-005 SMS Roles and Responsibilities (RACI).ods",
        ),
    ] {
        let index = corpus(org);
        let item = item(&index, path);
        assert_eq!(
            item.kind,
            Kind::Register,
            "{path}: {:#?}",
            item.kind_signals
        );
        assert!(
            item.kind_signals
                .iter()
                .any(|s| s.signal == "sheet" && s.detail == "RACI"),
            "{path}: {:#?}",
            item.kind_signals
        );
    }
}
