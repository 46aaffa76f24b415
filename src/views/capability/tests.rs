//! The capability rules on hand-built assessments, so they do not hang on how the judge rates the examples
//! today. The main case is worked by hand: two processes of a Brightwater-like organisation, with the
//! expected achievement and rating of every attribute written out below.

use super::*;
use crate::assess::{Band, Basis, EvidenceRef, Reason};
use crate::catalogue::{CatalogueSource, embedded};
use crate::views::test_support;
use jiff::civil::date;

fn catalogue() -> Catalogue {
    crate::catalogue::load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap()
}

fn rules(catalogue: &Catalogue) -> CapabilityRules {
    CapabilityRules::embedded(catalogue).unwrap().unwrap()
}

/// A requirement result of `process` with `reasons` (rule, path) and `evidence` (path, role, date).
fn result(
    id: &str,
    process: &str,
    kind: Kind,
    status: Status,
    reasons: &[(&'static str, Option<&str>)],
    evidence: &[(&str, Role, Option<jiff::civil::Date>)],
) -> RequirementResult {
    let mut r = test_support::requirement(id, status, &[]);
    r.process = process.to_string();
    r.kind = kind;
    r.reasons = reasons
        .iter()
        .map(|(rule, path)| Reason {
            rule,
            path: path.map(str::to_string),
            text: format!("{rule} on {path:?}"),
        })
        .collect();
    r.evidence = evidence
        .iter()
        .map(|(path, role, dated)| EvidenceRef {
            path: (*path).into(),
            basis: Basis::Declared,
            band: Band::Accepted,
            role: *role,
            dated: *dated,
            section: None,
        })
        .collect();
    r
}

fn conformant(id: &str, process: &str) -> RequirementResult {
    result(
        id,
        process,
        Kind::Activity,
        Status::Conformant,
        &[("activity-documented", Some("proc.md"))],
        &[("proc.md", Role::Document, None)],
    )
}

const LOG: &str = "06 Records/Incident Log.csv";
const LOG_JULY: &str = "06 Records/Incident Log Jul.csv";
const REVIEW: &str = "06 Records/Major Incident Review.md";
const INCIDENT_PROC: &str = "03 Processes/Incident Procedure.md";
const MAJOR_PROC: &str = "03 Processes/Major Incident Procedure.md";
const CAPACITY_PLAN: &str = "04 Plans/Capacity Plan.md";
const CAPACITY_SEP: &str = "06 Records/Capacity Report Sep.md";
const CAPACITY_JUN: &str = "06 Records/Capacity Report Jun.md";

/// Incident: a fresh log, a documented lifecycle, a major-incident procedure past its review date and a
/// stale major-incident review. Capacity: a sound plan and a documented, recorded activity. Around them:
/// documentation, support, monitoring and service reporting conformant; improvement a gap.
fn brightwater_like() -> Assessment {
    let (oct, jul, mar) = (date(2026, 10, 31), date(2026, 7, 15), date(2026, 3, 2));
    let requirements = vec![
        result(
            "8.6.1-incidents-recorded",
            "incident",
            Kind::Record,
            Status::Conformant,
            &[("record-fresh", Some(LOG))],
            &[
                (LOG, Role::Record, Some(oct)),
                (LOG_JULY, Role::Record, Some(jul)),
            ],
        ),
        result(
            "8.6.1-incident-lifecycle",
            "incident",
            Kind::Activity,
            Status::Conformant,
            &[
                ("activity-documented", Some(INCIDENT_PROC)),
                ("record-fresh", Some(LOG)),
            ],
            &[
                (INCIDENT_PROC, Role::Document, None),
                (LOG, Role::Record, Some(oct)),
            ],
        ),
        result(
            "8.6.1-major-incident-procedure",
            "incident",
            Kind::Document,
            Status::Partial,
            &[("review-overdue", Some(MAJOR_PROC))],
            &[(MAJOR_PROC, Role::Document, None)],
        ),
        result(
            "8.6.1-major-incident-review",
            "incident",
            Kind::Activity,
            Status::Partial,
            &[("record-stale", Some(REVIEW))],
            &[(REVIEW, Role::Record, Some(mar))],
        ),
        result(
            "8.4.3-capacity-plan",
            "capacity",
            Kind::Document,
            Status::Conformant,
            &[("document-sound", Some(CAPACITY_PLAN))],
            &[(CAPACITY_PLAN, Role::Document, None)],
        ),
        result(
            "8.4.3-capacity-monitored",
            "capacity",
            Kind::Activity,
            Status::Conformant,
            &[
                ("activity-documented", Some(CAPACITY_PLAN)),
                ("record-fresh", Some(CAPACITY_SEP)),
            ],
            &[
                (CAPACITY_PLAN, Role::Document, None),
                (CAPACITY_SEP, Role::Record, Some(date(2026, 9, 30))),
                (CAPACITY_JUN, Role::Record, Some(date(2026, 6, 30))),
            ],
        ),
        conformant("7.5.3-documents-controlled", "documentation"),
        conformant("7.5.4-processes-documented", "documentation"),
        conformant("7.2-competence-defined", "support"),
        conformant("7.1-resources-provided", "support"),
        conformant("9.1-measures-determined", "monitoring"),
        conformant("9.4-service-reports", "service-reporting"),
        result(
            "10.2-improvements-managed",
            "improvement",
            Kind::Activity,
            Status::Gap,
            &[("activity-undocumented", None), ("no-records", None)],
            &[],
        ),
    ];
    test_support::assessment("2026-11-21", requirements, &[])
}

fn owners() -> DocumentFacts {
    DocumentFacts {
        owners: [INCIDENT_PROC, CAPACITY_PLAN]
            .into_iter()
            .map(|p| (p.to_string(), "Service Delivery Manager".to_string()))
            .collect(),
    }
}

fn ratings(process: &ProcessCapability) -> Vec<(&str, f64, &str)> {
    process
        .attributes
        .iter()
        .map(|a| (a.id.as_str(), a.achievement, a.rating.letter()))
        .collect()
}

fn assert_ratings(process: &ProcessCapability, expected: &[(&str, f64, &str)]) {
    let got = ratings(process);
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for ((id, achievement, letter), (want_id, want_achievement, want_letter)) in
        got.iter().zip(expected)
    {
        assert_eq!(id, want_id);
        assert!(
            (achievement - want_achievement).abs() <= 0.1,
            "{id}: {achievement} != {want_achievement} ({got:?})"
        );
        assert_eq!(letter, want_letter, "{id} ({got:?})");
    }
}

#[test]
fn two_processes_worked_by_hand() {
    let catalogue = catalogue();
    let targets = BTreeMap::from([("incident".to_string(), 3), ("capacity".to_string(), 2)]);
    let profile = profile(
        &catalogue,
        &brightwater_like(),
        &rules(&catalogue),
        &owners(),
        &targets,
    );
    let find = |id: &str| profile.processes.iter().find(|p| p.process == id).unwrap();

    // Incident.
    // PA1.1 outcome-evidenced: log, log, the procedure itself (a document requirement), stale review:
    //   4 of 4 = 100 → F.
    // PA2.1 way-documented applies to the lifecycle (approved, 1) and the procedure (review overdue,
    //   0.5) = 75; records-fresh to the log (1), the lifecycle (1) and the review (stale, 0.5) = 83.3;
    //   mean 79.2 → L.
    // PA2.2 documents-controlled: lifecycle 1, procedure 0 = 50; owner-named: the incident procedure
    //   names its owner, the major-incident one does not = 50; mean 50 → P (L needs more than 50).
    // PA3.1 way-documented 75, documentation conformant 100 → 87.5 → F.
    // PA3.2 all-conformant (1 + 1 + 0.5 + 0.5) / 4 = 75, support 100, monitoring 100, records in 3
    //   months (2026-03, -07, -10) of 3 = 100 → 93.8 → F.
    // PA4.1 3 months of 12 = 25, service reporting 100 → 62.5 → L.   PA4.2 3 of 24 = 12.5 → N.
    // PA5.1 improvement 0, 12.5 → 6.3 → N.                          PA5.2 3 of 36 = 8.3 → N.
    // Level 1: PA1.1 F; level 2 fails on PA2.2 P.
    let incident = find("incident");
    assert_ratings(
        incident,
        &[
            ("PA1.1", 100.0, "F"),
            ("PA2.1", 79.2, "L"),
            ("PA2.2", 50.0, "P"),
            ("PA3.1", 87.5, "F"),
            ("PA3.2", 93.8, "F"),
            ("PA4.1", 62.5, "L"),
            ("PA4.2", 12.5, "N"),
            ("PA5.1", 6.3, "N"),
            ("PA5.2", 8.3, "N"),
        ],
    );
    assert_eq!(incident.level, 1);
    assert_eq!((incident.target, incident.gap_to_target), (Some(3), 2));

    // Capacity.
    // PA1.1 the plan (document) and the monitoring records: 100 → F.
    // PA2.1 way-documented 100 (document-sound, activity-documented), records-fresh 100 → F.
    // PA2.2 documents-controlled 100, owner-named 100 (the plan names its owner) → F.
    // PA3.1 100 and documentation 100 → F.
    // PA3.2 all-conformant 100, support 100, monitoring 100, records in 2 months of 3 = 66.7 → 91.7 → F.
    // PA4.1 2 of 12 = 16.7 (signals are rounded to one decimal first), service reporting 100 → 58.4 → L.   PA4.2 2 of 24 = 8.3 → N.
    // PA5.1 improvement 0, 8.3 → 4.2 → N.                      PA5.2 2 of 36 = 5.6 → N.
    // Level 3: levels 1 and 2 fully, level 3 fully; level 4 fails on PA4.2.
    let capacity = find("capacity");
    assert_ratings(
        capacity,
        &[
            ("PA1.1", 100.0, "F"),
            ("PA2.1", 100.0, "F"),
            ("PA2.2", 100.0, "F"),
            ("PA3.1", 100.0, "F"),
            ("PA3.2", 91.7, "F"),
            ("PA4.1", 58.4, "L"),
            ("PA4.2", 8.3, "N"),
            ("PA5.1", 4.2, "N"),
            ("PA5.2", 5.6, "N"),
        ],
    );
    assert_eq!(capacity.level, 3);
    assert_eq!((capacity.target, capacity.gap_to_target), (Some(2), 0));
}

#[test]
fn every_rating_names_its_signal_and_files() {
    let catalogue = catalogue();
    let profile = profile(
        &catalogue,
        &brightwater_like(),
        &rules(&catalogue),
        &owners(),
        &BTreeMap::new(),
    );
    let incident = profile
        .processes
        .iter()
        .find(|p| p.process == "incident")
        .unwrap();
    let pa22 = &incident.attributes[2];
    let owner = pa22
        .signals
        .iter()
        .find(|s| s.signal == "owner-named")
        .unwrap();
    let missing = owner
        .items
        .iter()
        .find(|i| i.subject == "8.6.1-major-incident-procedure")
        .unwrap();
    assert_eq!(missing.credit, 0.0);
    assert_eq!(missing.path.as_deref(), Some(MAJOR_PROC));
    assert_eq!(missing.rule.as_deref(), Some("review-overdue"));
    for attribute in &incident.attributes {
        assert!(!attribute.signals.is_empty(), "{}", attribute.id);
        for signal in &attribute.signals {
            let credited = signal.items.iter().filter(|i| i.credit > 0.0);
            for item in credited {
                assert!(
                    item.path.is_some(),
                    "{} {}: {item:?}",
                    attribute.id,
                    signal.signal
                );
            }
        }
    }
    let months = &incident.attributes[6].signals[0];
    assert_eq!(months.signal, "records-over-time(24)");
    assert!(
        months.summary.contains("3 distinct months"),
        "{}",
        months.summary
    );
}

#[test]
fn a_process_with_only_templates_is_level_0() {
    let catalogue = catalogue();
    let requirements = vec![
        result(
            "8.3.3-slas-agreed",
            "service-level",
            Kind::Document,
            Status::Gap,
            &[
                ("set-aside", Some("SLA Template.docx")),
                ("no-document", None),
            ],
            &[],
        ),
        result(
            "8.3.3-performance-monitored",
            "service-level",
            Kind::Activity,
            Status::Gap,
            &[
                ("set-aside", Some("SLA Report Template.xlsx")),
                ("activity-undocumented", None),
                ("no-records", None),
            ],
            &[],
        ),
    ];
    let assessment = test_support::assessment("2026-11-21", requirements, &[]);
    let profile = profile(
        &catalogue,
        &assessment,
        &rules(&catalogue),
        &DocumentFacts::default(),
        &BTreeMap::new(),
    );
    let sl = profile
        .processes
        .iter()
        .find(|p| p.process == "service-level")
        .unwrap();
    assert_eq!(sl.level, 0);
    assert_eq!(sl.attributes[0].rating, Rating::N);
    // A process area with no requirement in the assessment is level 0 too, never a crash.
    let incident = profile
        .processes
        .iter()
        .find(|p| p.process == "incident")
        .unwrap();
    assert_eq!((incident.level, incident.requirements), (0, 0));
    assert_eq!(
        profile.distribution.iter().sum::<usize>(),
        catalogue.processes.len()
    );
}

fn rated(level: u8, rating: Rating) -> AttributeRating {
    AttributeRating {
        id: format!("PA{level}"),
        level,
        achievement: 0.0,
        rating,
        signals: Vec::new(),
    }
}

#[test]
fn a_level_needs_its_attributes_largely_and_lower_ones_fully() {
    use Rating::*;
    assert_eq!(level_reached(&[rated(1, L), rated(2, F)]), 1);
    assert_eq!(level_reached(&[rated(1, F), rated(2, L), rated(3, L)]), 2);
    assert_eq!(level_reached(&[rated(1, F), rated(2, F), rated(3, L)]), 3);
    assert_eq!(level_reached(&[rated(1, P), rated(2, F)]), 0);
    assert_eq!(
        level_reached(&[rated(1, F), rated(2, F), rated(2, P), rated(3, F)]),
        1
    );
}

#[test]
fn ratings_follow_the_thresholds() {
    let t = Thresholds {
        partially: 15.0,
        largely: 50.0,
        fully: 85.0,
    };
    let of = |a| Rating::of(a, &t);
    assert_eq!(
        [
            of(0.0),
            of(15.0),
            of(15.1),
            of(50.0),
            of(50.1),
            of(85.0),
            of(85.1),
            of(100.0)
        ],
        [
            Rating::N,
            Rating::N,
            Rating::P,
            Rating::P,
            Rating::L,
            Rating::L,
            Rating::F,
            Rating::F
        ]
    );
}

#[test]
fn the_profile_is_deterministic() {
    let catalogue = catalogue();
    let run = || {
        serde_json::to_string(&profile(
            &catalogue,
            &brightwater_like(),
            &rules(&catalogue),
            &owners(),
            &BTreeMap::new(),
        ))
        .unwrap()
    };
    assert_eq!(run(), run());
}

fn problems(text: &str) -> Vec<String> {
    CapabilityRules::parse("rules.yaml", text, &catalogue())
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

const HEAD: &str = "version: \"1.0.0\"\nedition: \"2018\"\nratings: { partially: 15, largely: 50, fully: 85 }\nlevels:\n";

fn five_levels(level_one_signals: &str) -> String {
    let mut text = HEAD.to_string();
    text.push_str(&format!(
        "  - level: 1\n    name: One\n    attributes:\n      - id: PA1.1\n        name: A\n        summary: s\n        signals:\n{level_one_signals}"
    ));
    for level in 2..=5 {
        text.push_str(&format!(
            "  - level: {level}\n    name: L{level}\n    attributes:\n      - id: PA{level}.1\n        name: A\n        summary: s\n        signals:\n          - {{ signal: all-conformant }}\n"
        ));
    }
    text
}

#[test]
fn valid_rules_parse() {
    let rules = CapabilityRules::parse(
        "rules.yaml",
        &five_levels("          - { signal: outcome-evidenced }\n"),
        &catalogue(),
    )
    .unwrap();
    assert_eq!(rules.levels.len(), 5);
}

#[test]
fn rule_problems_name_file_and_line() {
    let found = problems(&five_levels(
        "          - { signal: outcome-evidnced }\n          - { signal: area-conformant, area: nowhere }\n          - { signal: records-over-time }\n          - { signal: all-conformant, periods: 3 }\n",
    ));
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].starts_with("rules.yaml:12:"), "{found:?}");
    assert!(
        found[0].contains("unknown signal `outcome-evidnced`"),
        "{found:?}"
    );
    assert!(found[1].starts_with("rules.yaml:13:"), "{found:?}");
    assert!(
        found[1].contains("unknown process area `nowhere`"),
        "{found:?}"
    );
    assert!(found[2].contains("needs `periods`"), "{found:?}");
    assert!(found[3].contains("takes no `periods`"), "{found:?}");
}

#[test]
fn duplicate_attributes_and_misplaced_levels_are_refused() {
    let text = five_levels("          - { signal: outcome-evidenced }\n")
        .replace("id: PA2.1", "id: PA1.1")
        .replace("level: 3\n", "level: 4\n");
    let found = problems(&text);
    assert!(
        found
            .iter()
            .any(|p| p.contains("`PA1.1` is defined twice (first at rules.yaml:8")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.contains("level 4 is out of place")),
        "{found:?}"
    );
    let bad_thresholds = five_levels("          - { signal: outcome-evidenced }\n")
        .replace("largely: 50", "largely: 90");
    assert!(problems(&bad_thresholds)[0].contains("ratings must rise"));
    let wrong_edition = five_levels("          - { signal: outcome-evidenced }\n")
        .replace("edition: \"2018\"", "edition: \"2011\"");
    assert!(problems(&wrong_edition)[0].starts_with("rules.yaml:2:"));
    assert!(problems("version: 1\nnope: 2\n")[0].starts_with("rules.yaml:"));
}
