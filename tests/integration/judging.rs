//! Judging like an assessor on folders written the way people write them: sections of a manual read on
//! their own, expired plans, statements of absence, substitutes of the wrong kind, and properties that
//! must hold whatever the folder.

use crate::util::{copy_tree, embedded, iso20k};
use iso20k::assess::{self, Assessment, Judgements, RequirementResult, Status};
use iso20k::catalogue::Catalogue;
use iso20k::config::Config;
use iso20k::evidence::ScanOptions;
use jiff::civil::date;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn assess_folder(catalogue: &Catalogue, dir: &Path) -> Assessment {
    let options = ScanOptions {
        root: dir.to_path_buf(),
        config: Config::discover(dir, None).unwrap(),
    };
    assess::assess(
        catalogue,
        &options,
        &Judgements::default(),
        date(2026, 11, 21),
        &(),
    )
    .unwrap()
}

/// Assesses a folder holding one file, `name` with `text`.
fn assess_one(catalogue: &Catalogue, name: &str, text: impl AsRef<[u8]>) -> Assessment {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    assess_folder(catalogue, dir.path())
}

fn requirement<'a>(a: &'a Assessment, id: &str) -> &'a RequirementResult {
    a.requirements.iter().find(|r| r.id == id).unwrap()
}

/// Asserts that `r` has `status` and a reason of `rule` whose text holds `needle`.
fn assert_status_because(r: &RequirementResult, status: Status, rule: &str, needle: &str) {
    assert_eq!(r.status, status, "{:#?}", r.reasons);
    assert!(
        r.reasons
            .iter()
            .any(|x| x.rule == rule && x.text.contains(needle)),
        "no `{rule}` reason holding {needle:?}: {:#?}",
        r.reasons
    );
}

fn example(org: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evidence-examples")
        .join(org)
}

/// An approved manual about the whole system, in the words people use, with no front matter naming
/// clauses.
const MANUAL: &str = "# Service Management Manual\n\n\
| Version | 2.0 |\n|---|---|\n| Status | Approved |\n| Owner | Head of Service Management |\n\
| Approved by | IT Director, 02/03/2026 |\n| Next review | 31/03/2027 |\n\n\
## 1. Purpose\n\nHow our service management system works.\n\n\
## 9. Communication\n\nOur communication plan says, for each audience, who tells them what and when: the \
monthly team brief for staff, service reviews for customers.\n\n\
## 10. Improvement\n\nEvery team raises improvement ideas on the board.\n";

#[test]
fn a_manual_section_about_a_clause_is_read_on_its_own_and_cited() {
    let catalogue = embedded();
    let a = assess_one(&catalogue, "Service Management Manual.md", MANUAL);
    let r = requirement(&a, "7.4-communication-determined");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    let cited = &r.evidence[0];
    assert_eq!(&*cited.path, "Service Management Manual.md");
    let section = cited.section.as_deref().unwrap();
    assert!(section.starts_with("9. Communication (lines "), "{section}");
    assert!(
        r.reasons
            .iter()
            .any(|reason| reason.text.contains("§ 9. Communication")),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn an_agreement_section_is_not_read_as_a_policy() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Supplier Agreement - Northgate (signed).md",
        "# Supplier Agreement - Northgate\n\nStatus: Approved\nApproved: 22/09/2026\n\n\
         ## Information security\n\nThe supplier follows our information security policy, approved by \
         management and communicated to its staff.\n",
    );
    for r in a
        .requirements
        .iter()
        .filter(|r| r.clause.to_string() == "8.7.3.1")
    {
        assert_ne!(r.status, Status::Conformant, "{}: {:#?}", r.id, r.reasons);
        assert!(
            r.evidence.iter().all(|e| e.section.is_none()),
            "{}: {:#?}",
            r.id,
            r.evidence
        );
    }
}

#[test]
fn a_plan_for_years_that_are_over_is_set_aside() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Service Management Plan 2022-2024.md",
        "---\ntitle: Service Management Plan 2022-2024\nstatus: approved\nowner: SMS manager\n\
         review_due: 2027-01-31\n---\n# Plan\n\nObjectives, service requirements, resources, roles, \
         other parties and technology for the service management system.\n",
    );
    let aside = a
        .set_aside
        .iter()
        .find(|s| s.path == "Service Management Plan 2022-2024.md")
        .expect("set aside");
    assert!(aside.reason.contains("2022–2024"), "{}", aside.reason);
    assert_eq!(
        requirement(&a, "6.3-sms-plan-documented").status,
        Status::Gap
    );
}

#[test]
fn an_earlier_version_beside_a_later_one_is_set_aside_as_superseded() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("Policies");
    std::fs::create_dir(&policies).unwrap();
    for (name, review) in [
        ("Change Management Policy v1.0.md", "31/03/2027"),
        ("Change Management Policy v2.1.md", "31/03/2027"),
        ("Change Management Policy v2.1.txt", "31/03/2027"),
        ("Incident Management Policy v1.0.md", "31/03/2027"),
    ] {
        std::fs::write(policies.join(name), controlled_doc(name, review)).unwrap();
    }
    let a = assess_folder(&catalogue, dir.path());
    let aside: Vec<(&str, &str)> = a
        .set_aside
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        aside,
        [(
            "Policies/Change Management Policy v1.0.md",
            "an earlier version (v1.0) of `Policies/Change Management Policy v2.1.md`, which supersedes it"
        )]
    );
    assert!(
        a.requirements
            .iter()
            .flat_map(|r| &r.evidence)
            .all(|e| &*e.path != "Policies/Change Management Policy v1.0.md")
    );
}

#[test]
fn a_word_in_another_form_of_the_vocabulary_covers_an_element() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Supplier Management Procedure.md",
        format!(
            "{}\n## 2. Contracts\n\nEvery contract sets service levels, information security and data \
             protection duties, dispute resolution and exit. Problems are resolved by escalating to the Head \
             of Service.\n",
            controlled_doc("Supplier Management Procedure", "31/03/2027")
        ),
    );
    // "escalating" is a form of "escalation" (the vocabulary's equivalents): only what is supplied is left
    // out, a minor omission.
    assert_status_because(
        requirement(&a, "8.3.4.1-supplier-contracts"),
        Status::Conformant,
        "element-minor",
        "does not cover: scope supplied (a minor omission",
    );
}

/// A risk register with its owner and, when given, the date of its last full review on its header line.
fn risk_register(review: &str) -> String {
    format!(
        "# Risk and Opportunity Register\n\nRef REG-001 | Owner: Service Manager{review}\n\n\
         | Ref | Description | Services affected | Risk owner | Likelihood | Impact on customers | Response |\n\
         |---|---|---|---|---|---|---|\n\
         | R-01 | Business risk: loss of the server room | All | A. Jones | 3 | High | Treat |\n\
         | R-02 | Supplier risk: slow vendor response | WMS | B. Smith | 3 | Medium | Treat |\n\
         | OP-01 | Opportunity: self-service portal | Service desk | A. Jones | 2 | Low | Exploit |\n"
    )
}

#[test]
fn a_register_kept_under_review_needs_no_approval() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Risk Register.md"),
        risk_register(" | Last full review: 22/10/2026"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.1-risks-determined");
    assert_status_because(
        r,
        Status::Conformant,
        "register-kept-under-review",
        "2026-10-22",
    );
    assert!(
        r.reasons
            .iter()
            .any(|x| x.rule == "document-sound" && x.text.contains("is kept under review")),
        "{:#?}",
        r.reasons
    );
    // Without a review in the last year, the register is an unapproved document.
    std::fs::write(
        dir.path().join("Risk Register.md"),
        risk_register(" | Last full review: 22/10/2025"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    assert_status_because(
        requirement(&a, "6.1-risks-determined"),
        Status::Partial,
        "document-unapproved",
        "records no approval",
    );
}

/// A handbook page on leadership, controlled by its owner line, without the catalogue's words for records.
const LEADERSHIP: &str = "# SMS roles and responsibilities\n\nOwner: Head of Service Management\n\
Last reviewed: 2026-07-14 by @owner\n\n## 1. Top management\n\nThe leadership team is accountable for \
the service management system: it approves the policy, the plan, and the funding and headcount it needs.\n";

#[test]
fn minutes_of_a_leadership_meeting_record_leadership() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sms-roles.md"), LEADERSHIP).unwrap();
    let without = assess_folder(&catalogue, dir.path());
    let before = requirement(&without, "5.1-resources-committed");
    assert!(
        before.reasons.iter().any(|r| r.rule == "no-records"),
        "{:#?}",
        before.reasons
    );
    // Notes of the leadership team's meeting, dated by their file name, with none of the catalogue's words
    // for the records of leadership.
    std::fs::create_dir(dir.path().join("elt")).unwrap();
    std::fs::write(
        dir.path().join("elt/2026-10-06-elt-notes.md"),
        "# ELT — 6 October 2026\n\nPresent: the CEO (chair), the CTO, the CFO, the VP Engineering.\n\
         Notes: the chief of staff.\n\n## 1. September numbers\n\nRevenue and pipeline were reviewed; \
         the reliability figures for the month were discussed with the VP Engineering, who explained the \
         two missed targets and what the teams are doing about them.\n\n## 2. Hiring\n\nThe CTO asked for \
         two more engineers for the platform team and one support engineer. Decision: all three approved; \
         the CFO to update the budget.\n",
    )
    .unwrap();
    let with = assess_folder(&catalogue, dir.path());
    let after = requirement(&with, "5.1-resources-committed");
    assert_eq!(after.status, Status::Conformant, "{:#?}", after.reasons);
    assert!(
        after
            .evidence
            .iter()
            .any(|e| &*e.path == "elt/2026-10-06-elt-notes.md"),
        "{:#?}",
        after.evidence
    );
}

#[test]
fn a_mixed_ticket_export_records_each_process_its_types_name() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Issue key,Summary,Issue Type,Status,Created\n");
    for n in 0..20 {
        csv.push_str(&format!(
            "OPS-{},Access request {n},Service Request,Done,2026-11-{:02}\n",
            100 + n,
            1 + n % 19
        ));
    }
    for n in 0..3 {
        csv.push_str(&format!(
            "OPS-{},Recurring timeouts {n},Problem,Open,2026-10-{:02}\n",
            200 + n,
            10 + n
        ));
    }
    std::fs::write(dir.path().join("jira-ops-export-2026.csv"), csv).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let problems = requirement(&a, "8.6.3-problems-recorded");
    assert_eq!(
        problems.status,
        Status::Conformant,
        "{:#?}",
        problems.reasons
    );
    // Training records are records of the management system's support, not of operating the services.
    let a = assess_one(
        &catalogue,
        "security-awareness-training-2026.csv",
        "Name,Course,Completed\nAda,Security awareness,2026-11-02\nBo,Security awareness,2026-11-09\n",
    );
    assert_eq!(
        requirement(&a, "8.1-operational-records").status,
        Status::Gap
    );
}

#[test]
fn deleting_the_service_management_policy_fails_the_2011_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("harbour");
    copy_tree(&example("harbour-it"), &root);
    let args = |root: &Path| {
        vec![
            "--edition".to_string(),
            "2011".to_string(),
            "check".to_string(),
            root.display().to_string(),
            "--as-of".to_string(),
            "2026-11-21".to_string(),
            "-q".to_string(),
        ]
    };
    iso20k().args(args(&root)).assert().code(0);
    std::fs::remove_file(root.join("4 Service Management System/Service Management Policy.md"))
        .unwrap();
    // The Continual Improvement Policy is another policy, not a stand-in for the missing one.
    iso20k()
        .args(args(&root))
        .assert()
        .code(1)
        .stdout(predicates::str::contains("4.1.2-policy-documented"));
}

/// Words that are in no catalogue phrase, vocabulary entry or clause topic.
const UNRELATED: &[&str] = &[
    "canteen", "menu", "lunch", "parking", "bicycle", "garden", "picnic", "holiday", "recipe",
    "weather",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// A file about something else (the canteen menu) changes no status, and a file renamed to a
    /// meaningless name never turns a gap into conformant.
    #[test]
    fn unrelated_files_and_meaningless_names_change_nothing_for_the_better(
        words in prop::collection::vec(prop::sample::select(UNRELATED), 5..60),
        pick in 0usize..1000,
    ) {
        let catalogue = embedded();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("org");
        copy_tree(&example("kestrel-cloud"), &root);
        let before = assess_folder(&catalogue, &root);

        std::fs::write(root.join("notes.md"), format!("# Notes\n\n{}\n", words.join(" "))).unwrap();
        let after = assess_folder(&catalogue, &root);
        for (b, a) in before.requirements.iter().zip(&after.requirements) {
            prop_assert_eq!(b.status, a.status, "{} changed after adding an unrelated file", &a.id);
        }
        std::fs::remove_file(root.join("notes.md")).unwrap();

        let mut files: Vec<PathBuf> = walk(&root);
        files.sort();
        let victim = &files[pick % files.len()];
        let extension = victim.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        std::fs::rename(victim, victim.with_file_name(format!("x{pick}.{extension}"))).unwrap();
        let renamed = assess_folder(&catalogue, &root);
        for (b, a) in before.requirements.iter().zip(&renamed.requirements) {
            prop_assert!(
                !(b.status == Status::Gap && a.status == Status::Conformant),
                "{} went from gap to conformant when {} lost its name", &a.id, victim.display()
            );
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.file_name().is_some_and(|n| n != "iso20k.toml") {
            out.push(path);
        }
    }
    out
}

/// Approved SMS objectives that serve the policy, with measures, targets, owners and dates, but say nothing
/// of the requirements they take into account; one objective's baseline is still to be confirmed.
fn objectives(title: &str) -> String {
    format!(
        "# {title}\n\n| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Service Management Lead |\n\
         | Approved by | IT Director |\n| Approval date | 24/04/2026 |\n| Next review | 30/04/2027 |\n\n\
         These objectives serve the Service Management Policy and run for the financial year.\n\n\
         | Objective | KPI | Baseline | Target | By | Owner |\n|---|---|---|---|---|---|\n\
         | Fix more at first contact | First contact resolution % | 64% | 70% | 31/03/2027 | Service Desk Lead |\n\
         | Fewer serious disruptions | P1 and P2 incidents per month | 8.1 | 6.5 | 31/03/2027 | Head of Infrastructure |\n\
         | Lower cost per user | IT cost per user | To be confirmed with Finance | -5% | 31/03/2027 | IT Director |\n"
    )
}

#[test]
fn one_missing_element_of_a_document_titled_as_the_thing_is_a_minor_omission() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Service Management Objectives 2026-27.md",
        objectives("Service Management Objectives 2026-27"),
    );
    let r = requirement(&a, "6.2.1-objectives-documented");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    let minor = r.reasons.iter().find(|x| x.rule == "element-minor");
    assert!(
        minor.is_some_and(|x| x.text.contains("requirements considered")),
        "{:#?}",
        r.reasons
    );
    // The baseline still to be confirmed is a detail of one row, not a statement that the objectives are
    // not in place.
    assert!(
        r.reasons.iter().all(|x| x.rule != "statement-of-absence"),
        "{:#?}",
        r.reasons
    );
}

#[test]
fn a_stand_in_document_must_cover_every_element() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Board pack April 2026.md",
        objectives("Board pack April 2026"),
    );
    let r = requirement(&a, "6.2.1-objectives-documented");
    assert_status_because(
        r,
        Status::Partial,
        "elements-missing",
        "requirements considered",
    );
}

/// A monthly service report, one section per subject, without front matter.
const MONTHLY_REPORT: &str = "# Monthly Service Report - October 2026\n\nReport date: 05/11/2026\n\n\
## 1. Service desk\n\nThe desk handled 412 calls; 71% were resolved at first contact.\n\n\
## 5. Security incidents\n\nFour security incidents this month: two phishing campaigns, one lost laptop and one \
malware alert. Incident types and trends are compared with the last quarter; none affected customers.\n\n\
## 7. Availability\n\nAvailability targets are not set in the agreements. Unplanned outages are shown above as \
major incidents.\n";

#[test]
fn a_report_section_on_the_subject_records_the_activity_it_speaks_of() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Monthly Service Report - October 2026.md",
        MONTHLY_REPORT,
    );
    let analysed = requirement(&a, "8.7.3.3-security-incidents-analysed");
    let cited = analysed
        .evidence
        .iter()
        .find(|e| &*e.path == "Monthly Service Report - October 2026.md")
        .unwrap_or_else(|| panic!("{:#?}", analysed.reasons));
    assert!(
        cited
            .section
            .as_deref()
            .is_some_and(|s| s.starts_with("5. Security incidents")),
        "{cited:#?}"
    );
    assert!(
        analysed.reasons.iter().any(|r| r.rule == "record-fresh"),
        "{:#?}",
        analysed.reasons
    );
    // The availability section says the very subject is missing: it records no outage investigation.
    let outages = requirement(&a, "8.7.1-unplanned-outages-investigated");
    assert!(
        outages
            .evidence
            .iter()
            .all(|e| &*e.path != "Monthly Service Report - October 2026.md"),
        "{:#?}",
        outages.evidence
    );
}

#[test]
fn security_incidents_in_an_incident_export_are_known_by_their_category() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("Number,Opened,Short description,Category,Priority,State\n");
    for n in 0..20 {
        let category = if n % 5 == 0 { "Security" } else { "Hardware" };
        csv.push_str(&format!(
            "INC00{},{:02}/11/2026 09:00:00,Ticket {n},{category},3 - Moderate,Closed\n",
            41000 + n,
            1 + n % 19
        ));
    }
    std::fs::write(dir.path().join("incident export 2026-11.csv"), &csv).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let recorded = requirement(&a, "8.7.3.3-security-incidents-recorded");
    assert_eq!(
        recorded.status,
        Status::Conformant,
        "{:#?}",
        recorded.reasons
    );
    // Without security rows the export is no record of security incidents.
    std::fs::write(
        dir.path().join("incident export 2026-11.csv"),
        csv.replace("Security", "Software"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let recorded = requirement(&a, "8.7.3.3-security-incidents-recorded");
    assert_ne!(
        recorded.status,
        Status::Conformant,
        "{:#?}",
        recorded.reasons
    );
}

/// An approved problem procedure with the given review date, and a current problem export.
fn problem_folder(review_due: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Problem Management Procedure.md"),
        format!(
            "# Problem Management Procedure\n\n| Version | 2.1 |\n|---|---|\n| Status | Approved |\n\
             | Owner | Problem Manager |\n| Approved by | Head of Service |\n| Approval date | 31/05/2022 |\n\
             | Next review | {review_due} |\n\n## 1. Raising problems\n\nProblems are raised for major incidents and \
             recurring incidents; each gets a root cause analysis, and known errors with workarounds are recorded \
             in the known error database.\n"
        ),
    )
    .unwrap();
    let mut csv = String::from("Problem ID,Opened,Summary,Status,Root cause,Known error\n");
    for n in 0..8 {
        csv.push_str(&format!(
            "PRB00{},{:02}/10/2026,Recurring timeouts {n},Closed,Disk full,Yes\n",
            2500 + n,
            1 + n
        ));
    }
    std::fs::write(dir.path().join("problems export 2026-11.csv"), csv).unwrap();
    dir
}

#[test]
fn a_procedure_long_past_its_review_no_longer_documents_the_activity() {
    let catalogue = embedded();
    let current = problem_folder("31/05/2027");
    let a = assess_folder(&catalogue, current.path());
    let r = requirement(&a, "8.6.3-root-cause-analysis");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    // Overdue by months: still the way of working (the document requirement reports the lapse).
    let overdue = problem_folder("30/06/2026");
    let a = assess_folder(&catalogue, overdue.path());
    let r = requirement(&a, "8.6.3-root-cause-analysis");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    // Overdue by more than a year: nobody looks after it.
    let lapsed = problem_folder("31/05/2024");
    let a = assess_folder(&catalogue, lapsed.path());
    let r = requirement(&a, "8.6.3-root-cause-analysis");
    assert_status_because(r, Status::Partial, "activity-document-lapsed", "2024-05-31");
}

#[test]
fn a_second_way_of_working_long_past_its_review_keeps_the_activity_partial() {
    let catalogue = embedded();
    let dir = problem_folder("31/05/2027");
    std::fs::write(
        dir.path().join("Problem Management Policy.md"),
        "# Problem Management Policy\n\n| Version | 1.0 |\n|---|---|\n| Status | Approved |\n\
         | Owner | Problem Manager |\n| Approved by | Head of Service |\n| Next review | 30/09/2024 |\n\n\
         ## 1. Policy\n\nEvery major incident gets a root cause analysis; known errors are recorded in the \
         known error database.\n",
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    // The current procedure is the best way of working, but the policy it rests on too is long lapsed.
    assert_status_because(
        requirement(&a, "8.6.3-root-cause-analysis"),
        Status::Partial,
        "activity-document-lapsed",
        "also rests on `Problem Management Policy.md`",
    );
}

#[test]
fn a_letter_found_for_a_records_only_activity_is_its_record() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("soc2-bridge-letter-2026-10.md"),
        "# Bridge letter — SOC 2 Type II\n\nAcme Cloud Ltd · 5 October 2026\n\nOur auditors issued their SOC 2 \
         Type II report on 28 August 2026 for the year to 30 June 2026. Management confirms that there were no \
         control failures from 1 July to 30 September 2026.\n",
    )
    .unwrap();
    // An undated page describing the work is no record of it.
    std::fs::write(
        dir.path().join("security-testing.md"),
        "# Security testing

Owner: Security team

How we run control testing: a penetration test and an IT \
         health check every year, with control effectiveness reported to the leadership team.\n",
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.7.3.2-control-effectiveness");
    let cited = r
        .evidence
        .iter()
        .find(|e| &*e.path == "soc2-bridge-letter-2026-10.md")
        .unwrap_or_else(|| panic!("{:#?}", r.reasons));
    assert_eq!(cited.role, iso20k::assess::Role::Record, "{cited:#?}");
    assert!(
        r.evidence
            .iter()
            .filter(|e| &*e.path == "security-testing.md")
            .all(|e| e.role == iso20k::assess::Role::Document),
        "{:#?}",
        r.evidence
    );
    assert!(
        r.reasons.iter().any(|x| x.rule == "record-fresh"),
        "{:#?}",
        r.reasons
    );
}

/// Service management objectives kept in a handbook: an owner and a review line, no approval of their own.
fn handbook_objectives() -> String {
    objectives("Service Management Objectives 2026-27").replace(
        "| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Service Management Lead |\n\
         | Approved by | IT Director |\n| Approval date | 24/04/2026 |\n| Next review | 30/04/2027 |\n",
        "Owner: Service Management Lead\nLast reviewed: 2026-09-14 by @sam\n",
    )
}

/// The handbook's rules for changing its pages: nothing is merged without an approving review.
const CHANGE_RULES: &str = "# How we change this handbook\n\nLast reviewed: 2026-06-02 by @lee\n\n\
    Open a pull request for every change. Branch protection requires an approving review from the owner of \
    the folder before the change can be merged, so every page here has been approved by its owner.\n";

#[test]
fn a_page_kept_under_the_folders_review_rule_is_approved_by_review() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("objectives.md"), handbook_objectives()).unwrap();
    assert!(handbook_objectives().contains("Last reviewed: 2026-09-14"));
    // Without a rule, a page with no approval of its own is not an approved document.
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.2.1-objectives-documented");
    assert_eq!(r.status, Status::Partial, "{:#?}", r.reasons);
    assert!(r.reasons.iter().any(|x| x.rule == "document-unapproved"));
    // A draft of the rule is no rule.
    std::fs::write(
        dir.path().join("CONTRIBUTING.md"),
        CHANGE_RULES.replace("Last reviewed: 2026-06-02 by @lee", "Status: Draft"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    assert_eq!(
        requirement(&a, "6.2.1-objectives-documented").status,
        Status::Partial
    );
    // Under the folder's rule, the review that merged the page approved it; the reason cites the rule.
    std::fs::write(dir.path().join("CONTRIBUTING.md"), CHANGE_RULES).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.2.1-objectives-documented");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    let note = r
        .reasons
        .iter()
        .find(|x| x.rule == "document-approved-by-review")
        .expect("the approval by review is noted");
    assert!(note.text.contains("`CONTRIBUTING.md`"), "{}", note.text);
}

/// A signed agreement with a business unit whose duties section commits it to a time limit, and whose
/// availability section says no targets are set.
const BUSINESS_UNIT_AGREEMENT: &str = "# Service Level Agreement - Northern Depots\n\n\
    Status: Approved\nApproved by: Head of IT and Depot Director\nApproval date: 02/04/2026\n\
    Next review: 31/03/2027\n\n\
    ## 1. Services covered\n\nDepot scheduling and handheld scanners, supported 07:00-19:00.\n\n\
    ## 2. Availability\n\nAvailability targets are not set in this agreement.\n\n\
    ## 3. Responsibilities of the business unit\n\nApprove access requests within 1 working day. Test \
    and accept each release before it goes live.\n";

#[test]
fn an_agreements_customer_duties_with_a_time_limit_partly_serve_internal_agreements() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("SLA - Northern Depots 2026-27.md"),
        BUSINESS_UNIT_AGREEMENT,
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.3.4.2-internal-agreements");
    assert_eq!(r.status, Status::Partial, "{:#?}", r.reasons);
    let section = r.evidence[0].section.as_deref().unwrap_or_default();
    assert!(
        section.starts_with("3. Responsibilities of the business unit"),
        "{section}"
    );
    // The section that says the targets are not set is no availability target.
    let r = requirement(&a, "8.7.1-availability-targets");
    assert!(
        r.evidence.iter().all(|e| e.section.is_none()),
        "{:#?}",
        r.evidence
    );
    // Without the time limit the duties are a bare list: no agreement.
    std::fs::write(
        dir.path().join("SLA - Northern Depots 2026-27.md"),
        BUSINESS_UNIT_AGREEMENT
            .replace("Approve access requests within 1 working day. ", "")
            .replace("Test and accept", "Take part in"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.3.4.2-internal-agreements");
    assert_eq!(r.status, Status::Gap, "{:#?}", r.reasons);
    // Naming the interfaces it touches sets no target either: the time limit is the essential element.
    std::fs::write(
        dir.path().join("SLA - Northern Depots 2026-27.md"),
        BUSINESS_UNIT_AGREEMENT
            .replace(
                "Approve access requests within 1 working day. ",
                "The depot systems team configures the scheduling forms and tells IT in advance of \
                 changes that may affect performance or interfaces. ",
            )
            .replace("Test and accept", "Take part in"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.3.4.2-internal-agreements");
    assert_eq!(r.status, Status::Gap, "{:#?}", r.reasons);
}

/// An approved design document for one migration that speaks of service requirements.
fn design_package(title: &str) -> String {
    format!(
        "# {title}\n\nStatus: Approved\nApproved by: Head of IT\nApproval date: 02/06/2026\n\
         Next review: 31/05/2027\n\n## Requirements\n\nThe service requirements for the new payroll \
         service: service level requirements, non-functional requirements, regulatory requirements, \
         service hours 08:00-18:00 and transaction volumes of 4,000 payslips a month.\n"
    )
}

#[test]
fn another_processs_document_is_no_stand_in_for_a_process_document() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Payroll Service Requirements.md");
    std::fs::write(&path, design_package("Payroll Service Requirements")).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.2.2-service-requirements");
    assert_ne!(r.status, Status::Gap, "{:#?}", r.reasons);
    // The same words in a design package for one migration: another process's document.
    std::fs::remove_file(&path).unwrap();
    std::fs::write(
        dir.path()
            .join("Service Design Package - Payroll Migration.md"),
        design_package("Service Design Package - Payroll Migration"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.2.2-service-requirements");
    assert_eq!(r.status, Status::Gap, "{:#?}", r.reasons);
    let rejected = r
        .reasons
        .iter()
        .find(|x| x.rule == "substitute-rejected")
        .expect("the design package is rejected");
    assert!(rejected.text.contains("8.5.2"), "{}", rejected.text);
}

/// An approved Word-style "Service Catalogue" that is really a list of applications: who sells them, who
/// uses them, where they run. It describes no service, outcome, dependency or support hours.
const APPLICATION_LIST: &str = "# Service Catalogue\n\n\
| Version | 2.1 |\n|---|---|\n| Status | Approved |\n| Owner | Service Level Manager |\n\
| Approved by | IT Director |\n| Approval date | 26/01/2026 |\n| Next review | 31/01/2027 |\n\n\
| Application | Vendor | Business unit | Hosting | Criticality | Support team |\n|---|---|---|---|---|---|\n\
| Warehouse system | Corvane | Logistics | On premises | High | Applications |\n\
| Payroll | Payline | Finance | SaaS | Medium | Applications |\n\
| Intranet | In house | All | Cloud | Low | Digital |\n";

#[test]
fn a_core_document_in_name_only_is_a_gap() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Service Catalogue.md"), APPLICATION_LIST).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.2.4-service-catalogue-documented");
    assert_eq!(r.status, Status::Gap, "{:#?}", r.reasons);
    let hollow = r.reasons.iter().find(|x| x.rule == "title-only");
    assert!(
        hollow
            .is_some_and(|x| x.text.contains("covers only 1 of the 5")
                && x.text.contains("service description")),
        "{:#?}",
        r.reasons
    );
    // The same list with a real description of each service is the catalogue, short of a detail or two.
    let described = APPLICATION_LIST.replace(
        "| Application |",
        "Each service description below gives the intended outcomes for users, its dependencies on \
         other services, and the service hours and support arrangements.\n\n| Application |",
    );
    std::fs::write(dir.path().join("Service Catalogue.md"), described).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.2.4-service-catalogue-documented");
    assert_ne!(r.status, Status::Gap, "{:#?}", r.reasons);
    assert!(r.reasons.iter().all(|x| x.rule != "title-only"));
}

#[test]
fn a_register_is_judged_by_its_rows_not_dismissed_by_its_title() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Risk Register.csv",
        "Ref,Raised,Category,Description,Risk owner,Likelihood,Impact,Treatment,Status\n\
         R-01,2026-02-01,Service,Loss of the server room stops the warehouse system,Head of Infrastructure,3,5,Treat,Open\n\
         R-02,2026-03-14,Supplier,Slow vendor response extends outages,Supplier Manager,3,4,Treat,Open\n\
         R-03,2026-09-30,Security,Phishing leads to account compromise,Security Manager,4,4,Treat,Open\n",
    );
    let r = requirement(&a, "6.1-risks-determined");
    assert_eq!(r.status, Status::Partial, "{:#?}", r.reasons);
    assert!(r.reasons.iter().all(|x| x.rule != "title-only"));
}

#[test]
fn a_way_of_working_that_says_the_activity_is_not_in_place_and_no_record_is_a_gap() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Service Management Objectives 2026-27.md");
    let prose = format!(
        "{}\n## Delivery plan\n\nEach owner will plan the actions for their objectives. Delivery plans are to \
         be defined by the end of Q3 2026.\n",
        objectives("Service Management Objectives 2026-27")
    );
    std::fs::write(&file, prose).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.2.2-achievement-planned");
    assert_eq!(r.status, Status::Gap, "{:#?}", r.reasons);
    assert!(
        r.reasons.iter().any(|x| x.rule == "not-in-place"),
        "{:#?}",
        r.reasons
    );
    // One plan of several still to be confirmed, in a row of the plan's table, leaves the rest in place.
    let row = format!(
        "{}\n## Delivery plan\n\n| Objective | Actions | Owner | By |\n|---|---|---|---|\n\
         | Fix more at first contact | Knowledge articles for the top 20 calls | Service Desk Lead | 31/01/2027 |\n\
         | Lower cost per user | TBC | IT Director | TBC |\n",
        objectives("Service Management Objectives 2026-27")
    );
    std::fs::write(&file, row).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.2.2-achievement-planned");
    assert_ne!(r.status, Status::Gap, "{:#?}", r.reasons);
    assert!(r.reasons.iter().all(|x| x.rule != "not-in-place"));
}

#[test]
fn another_documents_approval_and_revision_history_are_no_record_of_the_sms_plan_or_a_policy() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "Capacity Plan 2026-27.md",
        "# Capacity Plan 2026-27\n\n| Version | 1.1 |\n|---|---|\n| Status | Approved |\n\
         | Approved by | IT Director |\n| Approval date | 22/10/2026 |\n| Next review | 30/04/2027 |\n\n\
         ## Current capacity\n\nStorage is 63% used and grows 1.2 TB a month.\n\n\
         ## Revision history\n\n| Version | Date | Change |\n|---|---|---|\n\
         | 1.0 | 21/04/2026 | First issue |\n| 1.1 | 22/10/2026 | Six-monthly review date and version updated |\n",
    );
    // Every controlled document has an approver, a review date and a revision history: they say nothing
    // about the SMS plan or the policies.
    for id in [
        "6.3-plan-maintained",
        "5.2.1-policy-approved-reviewed",
        "8.7.3.1-policy-approved",
    ] {
        let r = requirement(&a, id);
        assert!(r.evidence.is_empty(), "{id}: {:#?}", r.evidence);
        assert_eq!(r.status, Status::Gap, "{id}");
    }
}

#[test]
fn the_mandatory_documents_found_stand_in_part_for_an_unlisted_set() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let a = assess_folder(&catalogue, dir.path());
    assert_eq!(
        requirement(&a, "7.5.4-sms-documentation").status,
        Status::Gap
    );
    // Approved objectives, and no register or manual listing the system's documents.
    std::fs::write(
        dir.path().join("Service Management Objectives 2026-27.md"),
        objectives("Service Management Objectives 2026-27"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "7.5.4-sms-documentation");
    assert_eq!(r.status, Status::Partial, "{:#?}", r.reasons);
    let set = r.reasons.iter().find(|x| x.rule == "mandatory-set");
    assert!(
        set.is_some_and(|x| x
            .text
            .contains("`Service Management Objectives 2026-27.md`")),
        "{:#?}",
        r.reasons
    );
    assert!(
        r.evidence
            .iter()
            .any(|e| &*e.path == "Service Management Objectives 2026-27.md")
    );
}

/// A controlled document for the review-discipline tests: approved, with the review date given.
fn controlled_doc(title: &str, review: &str) -> String {
    format!(
        "# {title}\n\n| Version | 1.2 |\n|---|---|\n| Status | Approved |\n| Owner | Service Manager |\n\
         | Approved by | IT Director, 01/02/2024 |\n| Next review | {review} |\n\n\
         ## 1. Purpose\n\nHow we do this work, who does it and when.\n"
    )
}

#[test]
fn documents_past_their_review_date_count_against_the_review_of_documents() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "Document Control Procedure.md",
        &format!(
            "{}\n## 2. Review and approval\n\nEvery new or changed document is reviewed by its owner and \
             approved by the approval authority before issue; the approval date and the reviewer are \
             recorded in its revision history. Every document is reviewed every year.\n",
            controlled_doc("Document Control Procedure", "31/01/2027")
        ),
    );
    write(
        "Document Register.csv",
        "Document,Version,Approved by,Approval date,Review date\n\
         Document Control Procedure,1.2,IT Director,2026-09-01,2027-01-31\n",
    );
    write(
        "Problem Management Procedure.md",
        &controlled_doc("Problem Management Procedure", "31/05/2024"),
    );
    write(
        "Asset Management Policy.md",
        &controlled_doc("Asset Management Policy", "30/09/2025"),
    );
    // An agreement's date is its expiry, not a review: it never counts here.
    write(
        "SLA Fenwick 2025-26.md",
        "# Service Level Agreement\n\n| Status | Signed |\n|---|---|\n| Next review | 31/03/2026 |\n\n\
         The services covered and their service level targets.\n",
    );

    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "7.5.2-review-approval");
    let overdue = r
        .reasons
        .iter()
        .find(|x| x.rule == "reviews-overdue")
        .unwrap_or_else(|| panic!("{:#?}", r.reasons));
    assert_ne!(r.status, Status::Conformant, "{:#?}", r.reasons);
    assert!(overdue.text.starts_with("2 documents"), "{}", overdue.text);
    assert!(!overdue.text.contains("SLA"), "{}", overdue.text);
    let cited = r
        .evidence
        .iter()
        .find(|e| &*e.path == "Problem Management Procedure.md")
        .expect("the overdue procedure is cited");
    assert_eq!(cited.dated, Some(date(2024, 5, 31)));
    // The Stage 2 checklist names it among what holds the requirement back.
    let checklist = iso20k()
        .args(["checklist", "--stage", "2", "--as-of", "2026-11-21"])
        .arg(dir.path())
        .output()
        .unwrap();
    let checklist = String::from_utf8(checklist.stdout).unwrap();
    let item = &checklist[checklist
        .find("`7.5.2-review-approval`")
        .expect("the 7.5.2 item")..];
    let item = &item[..item.find("####").unwrap_or(item.len())];
    assert!(item.contains("falls short: reviews-overdue"), "{item}");

    // One overdue document is a slip its own requirement shows, not a pattern.
    write(
        "Asset Management Policy.md",
        &controlled_doc("Asset Management Policy", "30/09/2027"),
    );
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "7.5.2-review-approval");
    assert!(
        r.reasons.iter().all(|x| x.rule != "reviews-overdue"),
        "{:#?}",
        r.reasons
    );
}

/// An approved plan titled as the capacity plan whose demand section is still to be developed.
const CAPACITY_PLAN: &str = "# Capacity Plan 2026-27\n\n\
| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Infrastructure Manager |\n\
| Approved by | IT Director, 28/05/2026 |\n| Next review | 31/05/2027 |\n\n\
## 1. Current capacity\n\nSAN used 74 % against a threshold of 80 %; the current capacity of the cluster \
meets the service level targets of every SLA.\n\n\
## 2. Forecast\n\nProjected growth of 1.5 TB a year from document retention.\n\n\
## 3. Demand management\n\nTo be developed with the relationship managers next year.\n";

#[test]
fn an_element_shown_in_another_section_is_not_missing_for_a_statement_of_absence() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Capacity Plan 2026-27.md"), CAPACITY_PLAN).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.4.3-capacity-plan");
    let text: Vec<&str> = r.reasons.iter().map(|x| x.text.as_str()).collect();
    assert!(
        text.iter()
            .all(|t| !t.contains("current and forecast capacity")),
        "{text:#?}"
    );

    // Where nothing else shows it, the statement leaves the element missing and is quoted.
    let only_absent = CAPACITY_PLAN
        .replace("## 1. Current capacity", "## 1. Storage")
        .replace("the current capacity of the cluster", "the cluster")
        .replace("Projected growth of 1.5 TB a year", "1.5 TB a year");
    std::fs::write(dir.path().join("Capacity Plan 2026-27.md"), only_absent).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.4.3-capacity-plan");
    let missing = r
        .reasons
        .iter()
        .find(|x| x.rule == "elements-missing")
        .unwrap_or_else(|| panic!("{:#?}", r.reasons));
    assert!(
        missing.text.contains("current and forecast capacity") && missing.text.contains("line"),
        "{}",
        missing.text
    );
}

/// An approved SLA covering three of its five elements: no workload limits, no exceptions.
const SLA: &str = "# Service Level Agreement 2026-27\n\n\
| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Service Level Manager |\n\
| Approved by | Head of Service, 31/03/2026 |\n| Next review | 31/03/2027 |\n\n\
## Services covered\n\nThe corporate network, the case management system and the service desk.\n\n\
## Service level targets\n\nP1 resolution time 4 hours; availability 99.5 %.\n\n\
## Responsibilities\n\nCustomer responsibilities: name a client lead. Signed by both parties.\n";

#[test]
fn a_document_named_as_the_thing_with_more_than_half_its_elements_has_minor_omissions() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("SLA Council 2026-27.md"), SLA).unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "8.3.3-slas-agreed");
    assert_eq!(r.status, Status::Conformant, "{:#?}", r.reasons);
    let minor = r
        .reasons
        .iter()
        .find(|x| x.rule == "element-minor")
        .unwrap_or_else(|| panic!("{:#?}", r.reasons));
    assert!(
        minor.text.contains("workload limits; exceptions") && minor.text.contains("3 of the 5"),
        "{}",
        minor.text
    );

    // Titled only by its subject, it must cover more: two omissions keep it partial.
    std::fs::remove_file(dir.path().join("SLA Council 2026-27.md")).unwrap();
    std::fs::write(
        dir.path().join("Service levels.md"),
        SLA.replace("# Service Level Agreement 2026-27", "# Service levels"),
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    assert_eq!(requirement(&a, "8.3.3-slas-agreed").status, Status::Partial);
}

#[test]
fn a_missing_essential_element_is_never_a_minor_omission() {
    let catalogue = embedded();
    let dir = tempfile::tempdir().unwrap();
    // Objectives with owners, dates and the policy they serve, but nothing measurable.
    std::fs::write(
        dir.path().join("Service Management Objectives 2026-27.md"),
        "# Service Management Objectives 2026-27\n\n| Version | 1.0 |\n|---|---|\n| Status | Approved |\n\
         | Owner | Service Management Lead |\n| Approved by | IT Director |\n| Approval date | 24/04/2026 |\n\
         | Next review | 30/04/2027 |\n\nThese objectives serve the Service Management Policy and take the \
         service requirements of our customers into account.\n\n| Objective | Owner | Deadline |\n|---|---|---|\n\
         | Fewer major incidents | Service Desk Lead | 31/03/2027 |\n| Happier customers | IT Director | 31/03/2027 |\n",
    )
    .unwrap();
    let a = assess_folder(&catalogue, dir.path());
    let r = requirement(&a, "6.2.1-objectives-documented");
    assert_status_because(r, Status::Partial, "elements-missing", "measurable targets");
}

#[test]
fn a_design_package_shows_its_impact_on_the_sms_in_its_own_words() {
    let catalogue = embedded();
    let a = assess_one(
        &catalogue,
        "SDP - Planning system migration.md",
        "# Service Design Package - Planning system migration\n\n| Version | 1.0 |\n|---|---|\n\
         | Status | Approved |\n| Owner | Project lead |\n| Approved by | Project Board, 05/05/2026 |\n\n\
         ## Impact on the SMS\n\nSLA: no change to targets; the supplier's service level agreement supports them.\n\
         Catalogue: CS04 to be updated (hosting model, supplier).\n\
         Support model: service desk first line; the supplier third line.\n\
         Resources: a network engineer for five days; infrastructure released at the data centre.\n",
    );
    let r = requirement(&a, "8.5.2.2-design-content");
    let missing: Vec<&str> = r
        .reasons
        .iter()
        .filter(|x| x.rule == "elements-missing" || x.rule == "element-minor")
        .map(|x| x.text.as_str())
        .collect();
    assert!(!missing.is_empty(), "{:#?}", r.reasons);
    for text in missing {
        assert!(!text.contains("SMS and knowledge changes"), "{text}");
    }
}

#[test]
fn a_plan_recently_approved_is_no_recent_record_of_the_tests_it_reports() {
    // An approved DR plan whose "Testing" section reports the last test, two years ago: the plan's
    // approval this year dates the plan, not a test.
    let dir = tempfile::tempdir().unwrap();
    let plan = "# IT Disaster Recovery Plan\n\n\
| Version | 3.0 |\n|---|---|\n| Status | Approved |\n| Owner | Head of Infrastructure |\n\
| Approved by | IT Director |\n| Approved on | 11/02/2026 |\n| Next review | 28/02/2027 |\n\n\
## 1. Purpose and scope\n\nHow we recover the warehouse and transport systems after a disaster.\n\n\
## 6. Testing\n\nThe plan is tested once a year by a full failover (a DR test); tabletop exercise and \
failover test results are written up and test results kept. The last full failover test was held on \
17/09/2024 and met its recovery time.\n";
    std::fs::write(dir.path().join("IT Disaster Recovery Plan.md"), plan).unwrap();
    let a = assess_folder(&embedded(), dir.path());
    let tested = requirement(&a, "8.7.2-continuity-tested");
    assert_status_because(tested, Status::Partial, "record-stale", "2024-09-17");
}

/// An approved SLA whose availability targets sit in their own section, with the service hours and the
/// maintenance windows in another.
const AVAILABILITY_SLA: &str = "# Service Level Agreement - Northdale Council 2026-27\n\n\
| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Service Level Manager |\n\
| Approved by | Head of ICT and the Council's Head of Digital |\n| Effective | 31/03/2026 |\n\
| Next review | 31/03/2027 |\n\n\
## 1. Services\n\nThe hosted line-of-business applications, the network and the service desk.\n\n\
## 3. Service hours\n\nService desk Monday to Friday 08:00-18:00. Systems are available 24x7 except during \
the agreed maintenance window on weekday evenings.\n\n\
## 5. Availability targets\n\n| Service | Availability target |\n|---|---|\n| Network | 99.8% |\n\
| Line-of-business applications | 99.5% |\n\n\
## 6. Reporting and reviews\n\nA monthly SLA performance report goes to the Council within 10 working days.\n";

/// A risk register rating risks of outages, reviewed this year.
const RISKS: &str = "Risk ID,Date raised,Risk description,Risk owner,Likelihood,Impact,Treatment,Last reviewed\n\
R01,14/05/2019,Loss of the main data centre leads to an outage of hosted applications,Head of \
Infrastructure,2,5,Treat: failover to the second site,29/09/2026\n\
R02,02/02/2021,Ransomware encrypts servers and backups causing loss of service,Security Lead,3,5,Treat: \
immutable backups,29/09/2026\n\
R03,10/08/2026,The single network circuit to the depot fails and the depot loses service,Network \
Manager,3,3,Treat: second circuit,29/09/2026\n";

#[test]
fn availability_targets_in_an_agreement_are_read_with_its_service_hours() {
    let a = assess_one(&embedded(), "SLA Northdale 2026-27.md", AVAILABILITY_SLA);
    // The section "5. Availability targets" sets the targets; "3. Service hours" of the same agreement
    // gives their hours and exclusions, and the agreement itself is the link to it: only the method of
    // calculation is missing, a minor omission.
    let targets = requirement(&a, "8.7.1-availability-targets");
    assert_status_because(
        targets,
        Status::Conformant,
        "element-minor",
        "how availability is calculated",
    );
}

#[test]
fn rated_outages_without_availability_targets_are_no_availability_management() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Risk Register.csv"), RISKS).unwrap();
    let a = assess_folder(&embedded(), dir.path());
    // The register shows availability risks assessed ...
    let risks = requirement(&a, "8.7.1-availability-risks");
    assert_eq!(risks.status, Status::Conformant, "{:#?}", risks.reasons);
    // ... but with no targets and no measurement against them the clause is not in place.
    let clause = |number: &str| {
        a.clauses
            .iter()
            .find(|c| c.clause.to_string() == number)
            .unwrap()
            .status
    };
    assert_eq!(clause("8.7.1"), Status::Gap);
    // The decisive gap is 8.7.1's own: clause 8.7 as a whole is judged on all its sub-clauses.
    std::fs::write(
        dir.path().join("SLA Northdale 2026-27.md"),
        AVAILABILITY_SLA,
    )
    .unwrap();
    let a = assess_folder(&embedded(), dir.path());
    let clause = |number: &str| {
        a.clauses
            .iter()
            .find(|c| c.clause.to_string() == number)
            .unwrap()
            .status
    };
    assert_eq!(
        requirement(&a, "8.7.1-availability-targets").status,
        Status::Conformant
    );
    assert_eq!(
        requirement(&a, "8.7.1-availability-monitored").status,
        Status::Gap
    );
    assert_eq!(clause("8.7.1"), Status::Gap);
}

#[test]
fn the_approved_service_management_policy_shows_top_management_established_it() {
    let dir = tempfile::tempdir().unwrap();
    let policy = format!(
        "# Service Management Policy\n\n\
| Version | 1.0 |\n|---|---|\n| Status | Approved |\n| Owner | Service Manager |\n\
| Approved by | Chief Executive, for top management |\n| Approved on | 14/07/2026 |\n\
| Next review | 14/07/2027 |\n\n## What we commit to\n\n{}\n",
        "Top management sets this policy and the objectives that follow from it. ".repeat(6)
    );
    std::fs::write(dir.path().join("Service Management Policy.md"), policy).unwrap();
    let a = assess_folder(&embedded(), dir.path());
    let direction = requirement(&a, "5.1-policy-plan-direction");
    assert!(
        direction
            .evidence
            .iter()
            .any(|e| &*e.path == "Service Management Policy.md"),
        "{:#?}",
        direction.reasons
    );
    assert_status_because(
        direction,
        Status::Conformant,
        "document-as-record",
        "2026-07-14",
    );
}
