//! `iso20k lint` outputs: `file:line: severity[code]: message` text, JSON, SARIF 2.1.0 and GitHub workflow
//! commands, in the same shapes as `iso20k check`'s. `root` is the evidence folder as given (text) or
//! relative to the repository root (SARIF, GitHub), so locations resolve from where the job runs.

use super::check::{data, join, property, uri};
use super::text::{ACCENT, DIM, ERROR, WARN, escape, styled};
use crate::views::lint::{LintReport, RULES, Severity};
use serde_json::json;
use std::fmt::Write;

fn verdict(report: &LintReport, deny: Severity) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    format!(
        "{} error{}, {} warning{} in {} of {} files ({} controlled documents){}; --deny {}: {}",
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
        report.files_with_findings(),
        report.files,
        report.documents,
        if report.allowed.is_empty() {
            String::new()
        } else {
            format!("; allowed: {}", report.allowed.join(", "))
        },
        deny.name(),
        if report.fails(deny) {
            "FAILED"
        } else {
            "passed"
        }
    )
}

/// One line per finding, then the verdict.
pub fn text(report: &LintReport, root: &str, deny: Severity) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let style = match f.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARN,
        };
        let _ = writeln!(
            out,
            "{}: {}: {}",
            styled(
                ACCENT,
                &format!("{}:{}", escape(&join(root, &f.path)), f.line)
            ),
            styled(style, &format!("{}[{}]", f.severity.name(), f.code)),
            escape(&f.message)
        );
    }
    let style = if report.fails(deny) { ERROR } else { DIM };
    let _ = writeln!(
        out,
        "{}",
        styled(style, &format!("iso20k lint: {}", verdict(report, deny)))
    );
    out
}

pub fn json(report: &LintReport, deny: Severity) -> String {
    let value = json!({
        "schema_version": 1,
        "as_of": report.as_of,
        "deny": deny,
        "passed": !report.fails(deny),
        "files": report.files,
        "documents": report.documents,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "allowed": report.allowed,
        "findings": report.findings,
    });
    let mut out = serde_json::to_string_pretty(&value).expect("lint report serialises");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// SARIF 2.1.0: every rule, one result per finding located on its file and line.
pub fn sarif(report: &LintReport, root: &str) -> String {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.description },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.code,
                "ruleIndex": RULES.iter().position(|r| r.code == f.code).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&join(root, &f.path)), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": f.line.max(1) },
                    }
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "iso20k lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/iso20k",
                "rules": rules,
            } },
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    out.push('\n');
    out
}

/// GitHub Actions workflow commands: an annotation per finding on its file and line, and the verdict.
pub fn github(report: &LintReport, root: &str, deny: Severity) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(
            out,
            "::{} file={},line={},title={}::{}",
            level(f.severity),
            property(&join(root, &f.path)),
            f.line.max(1),
            property(&format!("iso20k lint {}", f.code)),
            data(&f.message)
        );
    }
    let _ = writeln!(
        out,
        "::notice title=iso20k lint::{}",
        data(&verdict(report, deny))
    );
    out
}
