//! `catalogue::load` reports every kind of catalogue problem with its file and line.
//!
//! Most cases break a minimal single-file catalogue in one way; a few break a copy of the embedded one.

use crate::util::CatalogueCopy;
use iso20k::catalogue::{self, CatalogueSource, LoadError};

/// The smallest valid catalogue: a header, three clauses, one process area, two requirements.
const MINIMAL: &str = r#"standard: Example standard
edition: "2018"
version: 1.0.0
date: "2026-01-01"
clauses:
  - { clause: "1", title: "Top" }
  - { clause: "1.1", title: "First" }
  - { clause: "1.2", title: "Second" }
processes:
  - { id: core, name: Core }
requirements:
  - id: 1.1-policy
    clause: "1.1"
    title: First
    summary: Keep a policy for the first thing.
    kind: document
    mandatory_document: true
    process: core
    evidence:
      doc_types: [policy]
      title_hints: [first policy]
      keywords: [first thing]
      elements:
        - name: purpose
          keywords: [purpose]
    audit:
      stages: [1]
      questions: [Is there a policy for the first thing?]
    phase: 1
    weight: 3
    related: [1.2-records]
  - id: 1.2-records
    clause: "1.2"
    title: Second
    summary: Keep records of the second thing.
    kind: record
    mandatory_document: true
    process: core
    evidence:
      doc_types: [record]
      title_hints: [second log]
      keywords: [second thing]
      freshness: 12 months
      recurrence: monthly
    audit:
      stages: [2]
      questions: [Show me the latest record of the second thing.]
    phase: 2
    weight: 3
"#;

fn minimal() -> CatalogueCopy {
    let copy = CatalogueCopy {
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::write(copy.file("catalogue.yaml"), MINIMAL).unwrap();
    copy
}

/// Asserts that exactly one problem was reported, at `line` of catalogue.yaml, containing `message`.
#[track_caller]
fn assert_one_problem(copy: &CatalogueCopy, line: usize, message: &str) {
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    assert_problem(&problems, "catalogue.yaml", line, message);
}

#[track_caller]
fn assert_problem(problems: &[String], file: &str, line: usize, message: &str) {
    let at = format!("{file}:{line}:");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&at) && p.contains(message)),
        "no problem at {at} containing {message:?} in {problems:#?}"
    );
}

#[test]
fn minimal_catalogue_is_valid_as_a_file_and_as_a_folder() {
    let copy = minimal();
    assert_eq!(copy.problems(), Vec::<String>::new());
    let file = CatalogueSource::Path(copy.file("catalogue.yaml"));
    let catalogue = catalogue::load(&file).unwrap();
    assert_eq!(catalogue.requirements.len(), 2);
    assert_eq!(catalogue.header.version, "1.0.0");
}

#[test]
fn yaml_syntax_error() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "stages: [1]", "stages: [1");
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with("catalogue.yaml:"), "{problems:#?}");
    let reported: usize = problems[0].split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        reported >= line,
        "reported line {reported}, broken line {line}"
    );
}

#[test]
fn unknown_key() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "    phase: 1\n", "    phaze: 1\n");
    assert_one_problem(&copy, line, "unknown field `phaze`");
}

#[test]
fn essential_element_is_a_yes_or_no() {
    let copy = minimal();
    copy.edit(
        "catalogue.yaml",
        "          keywords: [purpose]\n",
        "          keywords: [purpose]\n          essential: true\n",
    );
    let file = CatalogueSource::Path(copy.file("catalogue.yaml"));
    let catalogue = catalogue::load(&file).unwrap();
    assert!(catalogue.requirements[0].evidence.elements[0].essential);
    let line = copy.edit("catalogue.yaml", "essential: true", "essential: sometimes");
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(&format!("catalogue.yaml:{line}:")),
        "{problems:#?}"
    );
}

#[test]
fn missing_field() {
    let copy = minimal();
    copy.edit("catalogue.yaml", "    kind: document\n", "");
    assert_one_problem(&copy, 12, "requirement `1.1-policy` has no `kind`");
}

#[test]
fn empty_summary() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "summary: Keep a policy for the first thing.",
        "summary: \"  \"",
    );
    assert_one_problem(&copy, line, "has an empty summary");
}

#[test]
fn summary_that_sounds_copied() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "summary: Keep a policy for the first thing.",
        "summary: The organization shall keep a policy.",
    );
    assert_one_problem(&copy, line, "uses the word \"shall\"");
}

#[test]
fn duplicate_id() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "id: 1.2-records", "id: 1.2-policy");
    let line2 = copy.edit(
        "catalogue.yaml",
        "clause: \"1.2\"\n    title: Second",
        "clause: \"1.1\"\n    title: First",
    );
    assert_eq!(line2, line + 1);
    copy.edit("catalogue.yaml", "id: 1.2-policy", "id: 1.1-policy");
    copy.edit("catalogue.yaml", "related: [1.2-records]", "related: []");
    assert_one_problem(
        &copy,
        line,
        "duplicate id `1.1-policy` (first defined at catalogue.yaml:12:",
    );
}

#[test]
fn unknown_related_id() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "related: [1.2-records]",
        "related: [1.3-nothing]",
    );
    assert_one_problem(&copy, line, "related id `1.3-nothing` does not exist");
}

#[test]
fn clause_title_mismatch() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "title: Second", "title: Secnd");
    assert_one_problem(
        &copy,
        line,
        "title `Secnd` does not match clause 1.2's title `Second`",
    );
}

#[test]
fn clause_not_in_the_table() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "id: 1.2-records\n    clause: \"1.2\"",
        "id: 1.9-records\n    clause: \"1.9\"",
    );
    let problems = copy.problems();
    assert_problem(
        &problems,
        "catalogue.yaml",
        line + 1,
        "clause 1.9 is not in the clause table",
    );
}

#[test]
fn id_must_start_with_its_clause() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "id: 1.2-records", "id: 1.1-records");
    let problems = copy.problems();
    assert_problem(
        &problems,
        "catalogue.yaml",
        line,
        "does not start with its clause number `1.2-`",
    );
    // The old id is gone, so the link to it is reported too.
    assert_problem(
        &problems,
        "catalogue.yaml",
        31,
        "related id `1.2-records` does not exist",
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn malformed_id() {
    let copy = minimal();
    let line = copy.edit("catalogue.yaml", "id: 1.2-records", "id: Second_Records");
    let problems = copy.problems();
    assert_problem(
        &problems,
        "catalogue.yaml",
        line,
        "id `Second_Records` is malformed",
    );
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn bad_freshness_value() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "freshness: 12 months",
        "freshness: 12 monthz",
    );
    assert_one_problem(&copy, line, "`12 monthz` is not a freshness window");
}

#[test]
fn record_without_freshness() {
    let copy = minimal();
    copy.edit("catalogue.yaml", "      freshness: 12 months\n", "");
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("is a record but has no `evidence.freshness`"),
        "{problems:#?}"
    );
}

#[test]
fn out_of_range_and_unknown_values() {
    for (from, to, message) in [
        (
            "    phase: 2\n",
            "    phase: 4\n",
            "`phase` must be from 1 to 3, not 4",
        ),
        (
            "    weight: 3\n    related",
            "    weight: 0\n    related",
            "`weight` must be from 1 to 5, not 0",
        ),
        (
            "kind: record",
            "kind: recording",
            "unknown kind `recording`",
        ),
        (
            "doc_types: [record]",
            "doc_types: [memo]",
            "unknown document type `memo`",
        ),
        (
            "stages: [2]",
            "stages: [3]",
            "audit stage must be 1 or 2, not 3",
        ),
        (
            "process: core\n    evidence:\n      doc_types: [record]",
            "process: kore\n    evidence:\n      doc_types: [record]",
            "unknown process area `kore`",
        ),
        (
            "recurrence: monthly",
            "recurrence: fortnightly",
            "unknown recurrence `fortnightly`",
        ),
        (
            "questions: [Is there",
            "questions: [\"\", Is there",
            "blank entry in `audit.questions`",
        ),
    ] {
        let copy = minimal();
        let line = copy.edit("catalogue.yaml", from, to);
        let problems = copy.problems();
        assert_eq!(problems.len(), 1, "{to:?}: {problems:#?}");
        assert_problem(&problems, "catalogue.yaml", line, message);
    }
}

#[test]
fn clause_without_requirement() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "processes:",
        "  - { clause: \"1.3\", title: \"Third\" }\nprocesses:",
    );
    assert_one_problem(&copy, line, "clause 1.3 (Third) has no requirement");
}

#[test]
fn clause_table_problems() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "processes:",
        "  - { clause: \"1.1\", title: \"Again\" }\n  - { clause: \"2.1\", title: \"Orphan\" }\nprocesses:",
    );
    let problems = copy.problems();
    assert_problem(
        &problems,
        "catalogue.yaml",
        line,
        "clause 1.1 is listed twice (first at catalogue.yaml:7:",
    );
    assert_problem(
        &problems,
        "catalogue.yaml",
        line + 1,
        "its parent clause 2 is not",
    );
}

#[test]
fn header_problems() {
    let copy = minimal();
    copy.edit("catalogue.yaml", "version: 1.0.0", "version: \"1.0\"");
    copy.edit(
        "catalogue.yaml",
        "date: \"2026-01-01\"",
        "date: \"2026-13-01\"",
    );
    let problems = copy.problems();
    assert_problem(
        &problems,
        "catalogue.yaml",
        3,
        "`version` must be a semantic version",
    );
    assert_problem(
        &problems,
        "catalogue.yaml",
        4,
        "`date` must be a date written YYYY-MM-DD",
    );
}

#[test]
fn missing_header() {
    let copy = minimal();
    copy.edit(
        "catalogue.yaml",
        "standard: Example standard\nedition: \"2018\"\nversion: 1.0.0\ndate: \"2026-01-01\"\n",
        "",
    );
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("catalogue.yaml: no catalogue header"),
        "{problems:#?}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let copy = minimal();
    copy.edit("catalogue.yaml", "title: Second", "title: Secnd");
    copy.edit("catalogue.yaml", "freshness: 12 months", "freshness: soon");
    copy.edit(
        "catalogue.yaml",
        "related: [1.2-records]",
        "related: [1.3-nothing]",
    );
    copy.edit(
        "catalogue.yaml",
        "    weight: 3\n    related",
        "    weight: 9\n    related",
    );
    assert_eq!(copy.problems().len(), 4, "{:#?}", copy.problems());
}

#[test]
fn duplicate_id_across_files_of_a_folder() {
    let copy = CatalogueCopy::new();
    let line = copy.edit(
        "10-improvement.yaml",
        "id: 10.2-sms-continually-improved",
        "id: 10.2-opportunities-recorded",
    );
    // The renamed requirement comes first in the file, so the original is reported as the duplicate.
    let first = format!(
        "duplicate id `10.2-opportunities-recorded` (first defined at 10-improvement.yaml:{line}:"
    );
    assert!(
        copy.problems()
            .iter()
            .any(|p| p.starts_with("10-improvement.yaml:") && p.contains(&first)),
        "{:#?}",
        copy.problems()
    );
    let copy = CatalogueCopy::new();
    copy.edit(
        "05-leadership.yaml",
        "id: 5.1-policy-plan-direction",
        "id: 4.3-scope-documented",
    );
    assert!(
        copy.problems().iter().any(|p| p
            .contains("duplicate id `4.3-scope-documented` (first defined at 04-context.yaml:")),
        "{:#?}",
        copy.problems()
    );
}

#[test]
fn unreadable_sources_are_errors_not_panics() {
    let empty = tempfile::tempdir().unwrap();
    let err = catalogue::load(&CatalogueSource::Path(empty.path().to_path_buf())).unwrap_err();
    assert!(matches!(err, LoadError::Empty { .. }), "{err}");
    assert!(err.to_string().contains("holds no catalogue files"));

    let missing = empty.path().join("nope.yaml");
    let err = catalogue::load(&CatalogueSource::Path(missing)).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err}");

    let binary = empty.path().join("catalogue.yaml");
    std::fs::write(&binary, b"standard: \xff\xfe\n").unwrap();
    let err = catalogue::load(&CatalogueSource::Path(binary.clone())).unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");

    let big = vec![b'#'; (catalogue::MAX_FILE_BYTES + 1) as usize];
    std::fs::write(&binary, big).unwrap();
    let err = catalogue::load(&CatalogueSource::Path(binary)).unwrap_err();
    assert!(err.to_string().contains("larger than"), "{err}");
}

#[test]
fn alias_bombs_are_refused() {
    let copy = minimal();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prev = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    std::fs::write(copy.file("catalogue.yaml"), bomb).unwrap();
    // Without the parser's budget this would expand to 10^12 nodes and never finish.
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
}

#[test]
fn process_dependencies_must_be_known_and_acyclic() {
    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "  - { id: core, name: Core }",
        "  - { id: core, name: Core, depends_on: [edge, kore] }\n  - { id: edge, name: Edge, depends_on: [core] }",
    );
    let problems = copy.problems();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_problem(
        &problems,
        "catalogue.yaml",
        line,
        "process area `core` depends on the unknown process area `kore`",
    );
    assert_problem(
        &problems,
        "catalogue.yaml",
        line,
        "process areas depend on each other in a cycle: core → edge → core",
    );

    let copy = minimal();
    let line = copy.edit(
        "catalogue.yaml",
        "  - { id: core, name: Core }",
        "  - { id: core, name: Core, depends_on: [core] }",
    );
    assert_one_problem(&copy, line, "process area `core` depends on itself");
}

#[test]
fn embedded_process_dependencies_put_audit_before_review() {
    for edition in ["2018", "2011"] {
        let source = CatalogueSource::Embedded(catalogue::embedded(edition).unwrap());
        let catalogue = catalogue::load(&source).unwrap();
        let process = |id: &str| catalogue.process(id).unwrap();
        assert_eq!(process("management-review").depends_on, ["internal-audit"]);
        assert!(
            process("internal-audit")
                .depends_on
                .contains(&"change".to_string())
        );
        assert!(
            process("problem")
                .depends_on
                .contains(&"incident".to_string())
        );
        assert!(process("context").depends_on.is_empty());
    }
}

/// One YAML error in a copied catalogue is reported alone: the ids, clauses and processes of the file
/// that did not parse do not turn into "related id does not exist" errors in every other file.
#[test]
fn a_file_that_does_not_parse_does_not_cascade() {
    let copy = CatalogueCopy::new();
    copy.edit(
        "08-5-design-build-transition.yaml",
        "stages: [",
        "stages: [[",
    );
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("08-5-design-build-transition.yaml:"),
        "{problems:#?}"
    );
    assert!(!problems[0].contains("does not exist"), "{problems:#?}");
}
