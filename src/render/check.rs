//! The CI gate's outputs: a short text for CI logs, JSON, JUnit XML, SARIF 2.1.0 and GitHub workflow
//! commands. `root` is the evidence folder as given on the command line, so file locations resolve from
//! where the CI job runs.

use super::text::{ACCENT, DIM, ERROR, escape, styled};
use crate::check::{CODES, CheckResult, Finding};
use serde_json::json;
use std::fmt::Write;

fn who(f: &Finding) -> String {
    match (&f.requirement, &f.clause, &f.title) {
        (Some(id), Some(clause), Some(title)) => format!("{id} ({clause} {title})"),
        (Some(id), _, _) => id.clone(),
        _ => "overall".to_string(),
    }
}

fn summary_line(result: &CheckResult) -> String {
    let mut parts = vec![format!("score {:.1}", result.score)];
    if let Some(threshold) = result.fail_under {
        parts.push(format!("threshold {threshold:.1}"));
    }
    if let Some(baseline) = result.baseline_score {
        parts.push(format!("baseline {baseline:.1}"));
    }
    parts.push(format!(
        "{} mandatory documented information item{} checked (--require {}{})",
        result.checked.len(),
        if result.checked.len() == 1 { "" } else { "s" },
        result.require.name(),
        if result.allow_expired {
            ", --allow-expired"
        } else {
            ""
        }
    ));
    parts.join("; ")
}

/// Short and readable in a CI log.
pub fn text(result: &CheckResult, root: &str) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let at = f
            .path
            .as_ref()
            .map(|p| format!(" [{}]", escape(&join(root, p))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} {}: {}{}",
            styled(ERROR, &format!("error[{}]", f.code)),
            styled(ACCENT, &escape(&who(f))),
            escape(&f.message),
            styled(DIM, &at)
        );
    }
    let verdict = if result.passed {
        "iso20k check: passed".to_string()
    } else {
        format!(
            "iso20k check: FAILED with {} problem{}",
            result.findings.len(),
            if result.findings.len() == 1 { "" } else { "s" }
        )
    };
    let style = if result.passed { DIM } else { ERROR };
    let _ = writeln!(
        out,
        "{} ({})",
        styled(style, &verdict),
        summary_line(result)
    );
    out
}

pub fn json(result: &CheckResult) -> String {
    let mut value = serde_json::to_value(result).expect("result serialises");
    value["schema_version"] = json!(1);
    let mut out = serde_json::to_string_pretty(&value).expect("value serialises");
    out.push('\n');
    out
}

/// One test case per checked requirement, plus one for the score threshold and the baseline.
pub fn junit(result: &CheckResult) -> String {
    let mut cases = String::new();
    let mut failures = 0;
    let mut tests = 0;
    let mut case = |classname: &str, name: &str, failed: Vec<&Finding>| {
        tests += 1;
        let _ = write!(
            cases,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(classname),
            xml(name)
        );
        if failed.is_empty() {
            cases.push_str("/>\n");
            return;
        }
        failures += 1;
        cases.push_str(">\n");
        for f in failed {
            let body = match &f.path {
                Some(path) => format!("{}\nfile: {path}", f.message),
                None => f.message.clone(),
            };
            let _ = writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                f.code,
                xml(&f.message),
                xml(&body)
            );
        }
        cases.push_str("    </testcase>\n");
    };
    for c in &result.checked {
        let failed = result
            .findings
            .iter()
            .filter(|f| f.requirement.as_deref() == Some(c.requirement.as_str()))
            .collect();
        case(
            &format!("mandatory documented information.{}", c.clause),
            &format!("{} {}", c.requirement, c.title),
            failed,
        );
    }
    let overall = |codes: &[&str]| -> Vec<&Finding> {
        result
            .findings
            .iter()
            .filter(|f| codes.contains(&f.code))
            .collect()
    };
    if let Some(threshold) = result.fail_under {
        case(
            "score",
            &format!("overall score at least {threshold:.1}"),
            overall(&["score-below-threshold"]),
        );
    }
    if result.baseline_score.is_some() {
        case(
            "baseline",
            "nothing worse than the baseline",
            overall(&["score-regression", "status-regression"]),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iso20k check\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"iso20k check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

/// SARIF 2.1.0: one result per finding, located on the evidence file where there is one, else on
/// `anchor` (a file relative to the repository root, e.g. the folder's `iso20k.toml`), else on the folder.
/// Every location has a region on line 1: code scanning shows only results located in a file and line.
pub fn sarif(result: &CheckResult, root: &str, anchor: Option<&str>) -> String {
    let rules: Vec<serde_json::Value> = CODES
        .iter()
        .map(|(code, description)| {
            json!({
                "id": code,
                "name": code,
                "shortDescription": { "text": description },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = result
        .findings
        .iter()
        .map(|f| {
            let mut entry = json!({
                "ruleId": f.code,
                "ruleIndex": CODES.iter().position(|(c, _)| *c == f.code).unwrap_or(0),
                "level": "error",
                "message": { "text": format!("{}: {}", who(f), f.message) },
            });
            let target = location(f, root, anchor);
            entry["locations"] = json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&target), "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 1 },
                }
            }]);
            if let Some(id) = &f.requirement {
                entry["properties"] = json!({ "requirement": id });
            }
            entry
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "iso20k",
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

/// Where a finding is shown: its evidence file, else the anchor, else the evidence folder.
fn location(f: &Finding, root: &str, anchor: Option<&str>) -> String {
    match (&f.path, anchor) {
        (Some(path), _) => join(root, path),
        (None, Some(anchor)) => anchor.to_string(),
        (None, None) => root.to_string(),
    }
}

/// GitHub Actions workflow commands: an annotation per finding (on its file, else on `anchor`), and a
/// notice with the verdict.
pub fn github(result: &CheckResult, root: &str, anchor: Option<&str>) -> String {
    let mut out = String::new();
    for f in &result.findings {
        let file = match (&f.path, anchor) {
            (None, None) => String::new(),
            _ => format!("file={},", property(&location(f, root, anchor))),
        };
        let _ = writeln!(
            out,
            "::error {file}title={}::{}",
            property(&format!("iso20k {}: {}", f.code, who(f))),
            data(&f.message)
        );
    }
    let verdict = if result.passed { "passed" } else { "FAILED" };
    let _ = writeln!(
        out,
        "::notice title=iso20k check::{}",
        data(&format!("{verdict} ({})", summary_line(result)))
    );
    out
}

/// `root/path` with `/` separators.
pub(crate) fn join(root: &str, path: &str) -> String {
    let root = root.trim_end_matches('/');
    if root.is_empty() || root == "." {
        path.to_string()
    } else {
        format!("{root}/{path}")
    }
}

/// A relative URI reference: path characters kept, everything else percent-encoded.
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn xml(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Escaping for a workflow command's message.
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a workflow command's property (`file=`, `title=`).
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(uri("a b/Ü.md"), "a%20b/%C3%9C.md");
        assert_eq!(xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(property("x: y, 100%\n"), "x%3A y%2C 100%25%0A");
        assert_eq!(join(".", "a.md"), "a.md");
        assert_eq!(join("docs/", "a.md"), "docs/a.md");
    }
}
