//! Normalising metadata: one set of fields from the manifest, front matter, document properties and the
//! body text, strongest source first, each field remembering where it came from.

use super::config::ManifestEntry;
use super::dates::parse_date;
use super::{Metadata, MetadataSource, Source, Status, Warning};
use crate::catalogue::DocType;
use globset::{Glob, GlobMatcher};
use jiff::civil::Date;
use serde_json::{Map, Value};
use std::path::{Component, Path};

/// How many lines at the top of a document are searched for `Owner: …` lines and control tables.
const BODY_LINES: usize = 80;

/// The manifest's entries, checked to stay inside the evidence folder.
pub(super) struct Manifest {
    entries: Vec<(GlobMatcher, ManifestEntry)>,
    pub warnings: Vec<Warning>,
}

impl Manifest {
    pub fn new(entries: &[ManifestEntry]) -> Manifest {
        let mut manifest = Manifest {
            entries: Vec::new(),
            warnings: Vec::new(),
        };
        for entry in entries {
            let pattern = entry.path.trim().trim_start_matches("./");
            let path = Path::new(pattern);
            let leaves = path.is_absolute()
                || path
                    .components()
                    .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
            let warn = |message: String| Warning {
                path: "iso20k.toml".to_string(),
                message,
            };
            if leaves || pattern.is_empty() {
                manifest.warnings.push(warn(format!(
                    "[[evidence]] path `{}` points outside the evidence folder; entry ignored",
                    entry.path
                )));
                continue;
            }
            match Glob::new(pattern) {
                Ok(glob) => manifest
                    .entries
                    .push((glob.compile_matcher(), entry.clone())),
                Err(e) => manifest.warnings.push(warn(format!(
                    "[[evidence]] path `{}` is not a valid glob: {e}; entry ignored",
                    entry.path
                ))),
            }
        }
        manifest
    }

    /// The entries naming `rel`, in file order.
    fn lookup(&self, rel: &str) -> Vec<&ManifestEntry> {
        self.entries
            .iter()
            .filter(|(glob, _)| glob.is_match(rel))
            .map(|(_, entry)| entry)
            .collect()
    }

    /// Warnings for entries that named no file at all.
    pub fn unmatched(&self, paths: &[String]) -> Vec<Warning> {
        self.entries
            .iter()
            .filter(|(glob, _)| !paths.iter().any(|p| glob.is_match(p)))
            .map(|(_, entry)| Warning {
                path: "iso20k.toml".to_string(),
                message: format!("[[evidence]] path `{}` matches no file", entry.path),
            })
            .collect()
    }
}

/// The normalised fields of one file.
#[derive(Debug, Default)]
pub(super) struct Fields {
    pub title: Option<String>,
    pub metadata: Metadata,
    pub sources: Vec<MetadataSource>,
}

/// The metadata fields, their accepted names, and whether they hold dates.
const FIELDS: &[(&str, &[&str])] = &[
    ("title", &["title", "document title"]),
    (
        "doc_type",
        &["doc_type", "type", "document_type", "document type"],
    ),
    ("status", &["status", "document status"]),
    ("owner", &["owner", "document owner", "process owner"]),
    ("version", &["version", "document version", "revision"]),
    ("approved_by", &["approved_by", "approved by", "approver"]),
    (
        "approved_on",
        &[
            "approved_on",
            "approved on",
            "approval date",
            "date approved",
        ],
    ),
    (
        "effective",
        &[
            "effective",
            "effective_date",
            "effective date",
            "effective from",
        ],
    ),
    (
        "last_reviewed",
        &[
            "last_reviewed",
            "reviewed_on",
            "last reviewed",
            "last review",
            "reviewed on",
        ],
    ),
    (
        "review_due",
        &[
            "review_due",
            "next_review",
            "review due",
            "next review",
            "next review date",
            "review by",
        ],
    ),
    (
        "date",
        &[
            "date",
            "period_end",
            "meeting date",
            "report date",
            "test date",
            "period end",
        ],
    ),
    ("author", &["author"]),
    ("modified", &["modified"]),
    (
        "covers",
        &["covers", "requirements", "clauses", "iso 20000 clauses"],
    ),
];

/// The canonical field a label names (`Next review date` → `review_due`).
fn field_for(label: &str) -> Option<&'static str> {
    let label = label.trim().to_ascii_lowercase().replace(['-'], " ");
    FIELDS
        .iter()
        .find(|(_, names)| {
            names.contains(&label.as_str()) || names.contains(&label.replace(' ', "_").as_str())
        })
        .map(|(field, _)| *field)
}

/// Builds the fields of `rel` from every source; problems with values become warning messages.
pub(super) fn fields(
    rel: &str,
    manifest: &Manifest,
    front_matter: Option<&Map<String, Value>>,
    properties: &Map<String, Value>,
    body: &str,
) -> (Fields, Vec<String>) {
    let mut layers: Vec<(Source, Map<String, Value>)> = Vec::new();
    for entry in manifest.lookup(rel) {
        layers.push((Source::Manifest, manifest_map(entry)));
    }
    if let Some(front) = front_matter {
        layers.push((Source::FrontMatter, canonical(front)));
    }
    layers.push((Source::DocumentProperties, canonical(properties)));
    layers.push((Source::Body, body_fields(body)));

    let mut fields = Fields::default();
    let mut problems = Vec::new();
    let mut placeholders = Vec::new();
    for (field, _) in FIELDS {
        // Only the strongest source offering a field has its bad value reported; weaker ones may
        // still fill the field in.
        let mut reported = false;
        for (source, map) in &layers {
            let Some(value) = map.get(*field) else {
                continue;
            };
            if let Some(text) = scalar(value).filter(|t| is_placeholder(t)) {
                if !placeholders.contains(&text) {
                    placeholders.push(text);
                }
                continue;
            }
            let mut value_problems = Vec::new();
            let stored = set(&mut fields, field, value, *source, &mut value_problems);
            if !reported {
                reported = !value_problems.is_empty();
                problems.extend(value_problems);
            }
            if stored {
                fields.sources.push(MetadataSource {
                    field,
                    source: *source,
                });
                if *field != "covers" {
                    break;
                }
            }
        }
    }
    if !placeholders.is_empty() {
        let shown: Vec<String> = placeholders
            .iter()
            .take(3)
            .map(|p| format!("`{p}`"))
            .collect();
        problems.push(format!(
            "looks like an unfilled template: placeholder values ({}) were ignored",
            shown.join(", ")
        ));
    }
    fields.metadata.declares.sort();
    fields.metadata.declares.dedup();
    (fields, problems)
}

/// Template placeholders such as `{{OWNER}}`, `<insert date>`, `[Company Name]`, `TBD`.
pub(super) fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    (text.contains("{{") && text.contains("}}"))
        || (text.starts_with('<') && text.ends_with('>'))
        || (text.starts_with('[')
            && text.ends_with(']')
            && !text.contains(',')
            && !is_number_list(text))
        || lower.contains("insert ")
        || matches!(
            lower.as_str(),
            "tbd" | "tbc" | "todo" | "xxx" | "dd/mm/yyyy" | "yyyy-mm-dd"
        )
}

/// `[8.5.1]`: a YAML list of clause numbers or requirement ids, not a `[Company Name]` placeholder.
fn is_number_list(text: &str) -> bool {
    text[1..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
}

/// Stores `value` in `field`; false when it is empty or unusable (a problem is recorded for the latter).
fn set(
    fields: &mut Fields,
    field: &str,
    value: &Value,
    source: Source,
    problems: &mut Vec<String>,
) -> bool {
    let where_ = match source {
        Source::Manifest => "iso20k.toml",
        Source::FrontMatter => "front matter",
        Source::DocumentProperties => "document properties",
        Source::Body => "document text",
        Source::Derived => "derived",
    };
    if field == "covers" {
        let items: Vec<String> = match value {
            Value::Array(items) => items.iter().filter_map(scalar).collect(),
            other => scalar(other)
                .map(|s| s.split([',', ';']).map(|p| p.trim().to_string()).collect())
                .unwrap_or_default(),
        };
        let items: Vec<String> = items.into_iter().filter(|i| !i.is_empty()).collect();
        let any = !items.is_empty();
        fields.metadata.declares.extend(items);
        return any;
    }
    let Some(text) = scalar(value).filter(|t| !t.is_empty()) else {
        return false;
    };
    let mut date = || -> Option<Date> {
        let parsed = parse_date(&text);
        if parsed.is_none() {
            problems.push(format!("{where_} `{field}`: `{text}` is not a date"));
        }
        parsed
    };
    match field {
        "title" => fields.title = Some(text),
        "owner" => fields.metadata.owner = Some(text),
        "version" => fields.metadata.version = Some(text),
        "approved_by" => fields.metadata.approved_by = Some(text),
        "author" => fields.metadata.author = Some(text),
        "doc_type" => match doc_type(&text) {
            Some(t) => fields.metadata.doc_type = Some(t),
            None => {
                problems.push(format!(
                    "{where_} `doc_type`: unknown document type `{text}` (known types: {})",
                    DocType::ALL.map(DocType::name).join(", ")
                ));
                return false;
            }
        },
        "status" => match status(&text) {
            Some(s) => fields.metadata.status = Some(s),
            None => {
                // Office "contentStatus" is free text: only trust it when it is recognisable.
                if source != Source::DocumentProperties {
                    problems.push(format!(
                        "{where_} `status`: unknown status `{text}` (expected draft, approved or retired)"
                    ));
                }
                return false;
            }
        },
        "approved_on" => return store(&mut fields.metadata.approved_on, date()),
        "effective" => return store(&mut fields.metadata.effective, date()),
        "last_reviewed" => return store(&mut fields.metadata.last_reviewed, date()),
        "review_due" => return store(&mut fields.metadata.review_due, date()),
        "date" => return store(&mut fields.metadata.date, date()),
        "modified" => return store(&mut fields.metadata.modified, parse_date(&text)),
        _ => return false,
    }
    true
}

fn store(slot: &mut Option<Date>, value: Option<Date>) -> bool {
    *slot = value;
    value.is_some()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A document type, with the synonyms real documents use.
fn doc_type(text: &str) -> Option<DocType> {
    let lower = text.trim().to_ascii_lowercase();
    DocType::from_name(&lower).or(match lower.as_str() {
        "sla" | "ola" | "service level agreement" | "underpinning contract" => {
            Some(DocType::Agreement)
        }
        "standard operating procedure" | "sop" | "work instruction" => Some(DocType::Procedure),
        "service catalog" => Some(DocType::Catalogue),
        "program" | "audit programme" | "audit program" => Some(DocType::Programme),
        "risk register" | "issue log" => Some(DocType::Register),
        "meeting minutes" => Some(DocType::Minutes),
        _ => None,
    })
}

/// A status, with the synonyms real documents use.
fn status(text: &str) -> Option<Status> {
    match text.trim().to_ascii_lowercase().as_str() {
        "draft" | "in review" | "under review" | "proposed" | "wip" | "work in progress" => {
            Some(Status::Draft)
        }
        "approved" | "final" | "released" | "published" | "issued" | "active" | "current"
        | "in force" => Some(Status::Approved),
        "retired" | "superseded" | "archived" | "obsolete" | "withdrawn" => Some(Status::Retired),
        _ => None,
    }
}

/// A front-matter or properties map with its keys turned into canonical field names.
fn canonical(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .filter_map(|(key, value)| field_for(key).map(|field| (field.to_string(), value.clone())))
        .collect()
}

fn manifest_map(entry: &ManifestEntry) -> Map<String, Value> {
    let mut map = Map::new();
    let mut put = |field: &str, value: Option<String>| {
        if let Some(value) = value {
            map.insert(field.to_string(), Value::String(value));
        }
    };
    put("title", entry.title.clone());
    put("doc_type", entry.doc_type.clone());
    put("owner", entry.owner.clone());
    put("version", entry.version.clone());
    put("status", entry.status.clone());
    put("approved_by", entry.approved_by.clone());
    put("approved_on", entry.approved_on.map(|d| d.to_string()));
    put("effective", entry.effective.map(|d| d.to_string()));
    put("last_reviewed", entry.last_reviewed.map(|d| d.to_string()));
    put("review_due", entry.review_due.map(|d| d.to_string()));
    put("date", entry.date.map(|d| d.to_string()));
    if !entry.covers.is_empty() {
        map.insert(
            "covers".to_string(),
            Value::Array(entry.covers.iter().cloned().map(Value::String).collect()),
        );
    }
    map
}

/// `Owner: …` lines (also `**Owner:** …`, `- Owner: …`) and `| Owner | … |` table rows near the top.
fn body_fields(body: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for line in body.lines().take(BODY_LINES) {
        let line = line.trim();
        let (label, value) = if line.starts_with('|') {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            match cells.as_slice() {
                [label, value, ..] => (label.to_string(), value.to_string()),
                _ => continue,
            }
        } else {
            let line = line.trim_start_matches(['-', '*', '>', ' ']);
            let Some((label, value)) = line.split_once(':') else {
                continue;
            };
            (label.to_string(), value.to_string())
        };
        let label = label.replace("**", "").replace('*', "").replace('_', " ");
        let value = value.replace("**", "").trim().to_string();
        if label.len() > 40 || value.is_empty() || value.len() > 200 {
            continue;
        }
        if let Some(field) = field_for(&label)
            && !map.contains_key(field)
        {
            map.insert(field.to_string(), Value::String(value));
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn no_manifest() -> Manifest {
        Manifest::new(&[])
    }

    #[test]
    fn front_matter_beats_properties_and_body() {
        let front: Map<String, Value> = serde_json::from_str(
            r#"{"owner": "Service Owner", "type": "SLA", "next_review": "2027-01-31"}"#,
        )
        .unwrap();
        let props: Map<String, Value> =
            serde_json::from_str(r#"{"title": "From properties", "author": "J. Doe"}"#).unwrap();
        let body =
            "# Heading\n\nOwner: Somebody Else\nApproved by: Jane Smith\n| Version | 2.1 |\n";
        let (fields, problems) = fields("a.md", &no_manifest(), Some(&front), &props, body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fields.metadata.owner.as_deref(), Some("Service Owner"));
        assert_eq!(fields.metadata.doc_type, Some(DocType::Agreement));
        assert_eq!(fields.metadata.review_due, Some(date(2027, 1, 31)));
        assert_eq!(fields.title.as_deref(), Some("From properties"));
        assert_eq!(fields.metadata.author.as_deref(), Some("J. Doe"));
        assert_eq!(fields.metadata.approved_by.as_deref(), Some("Jane Smith"));
        assert_eq!(fields.metadata.version.as_deref(), Some("2.1"));
        let owner_source = fields.sources.iter().find(|s| s.field == "owner").unwrap();
        assert_eq!(owner_source.source, Source::FrontMatter);
    }

    #[test]
    fn manifest_is_strongest_and_covers_accumulate() {
        let entry = ManifestEntry {
            path: "contracts/*.pdf".into(),
            covers: vec!["8.3.4.1-supplier-contracts".into()],
            status: Some("approved".into()),
            ..ManifestEntry::default()
        };
        let manifest = Manifest::new(&[entry]);
        let front: Map<String, Value> =
            serde_json::from_str(r#"{"status": "draft", "covers": ["8.3.4.1"]}"#).unwrap();
        let (fields, _) = fields("contracts/a.pdf", &manifest, Some(&front), &Map::new(), "");
        assert_eq!(fields.metadata.status, Some(Status::Approved));
        assert_eq!(
            fields.metadata.declares,
            ["8.3.4.1", "8.3.4.1-supplier-contracts"]
        );
    }

    #[test]
    fn manifest_entries_may_not_leave_the_folder() {
        let entries: Vec<ManifestEntry> = ["../secrets/*.pdf", "/etc/passwd", "ok/*.pdf"]
            .iter()
            .map(|p| ManifestEntry {
                path: p.to_string(),
                ..ManifestEntry::default()
            })
            .collect();
        let manifest = Manifest::new(&entries);
        assert_eq!(manifest.warnings.len(), 2);
        assert!(
            manifest.warnings[0]
                .message
                .contains("points outside the evidence folder")
        );
        assert_eq!(manifest.entries.len(), 1);
    }

    #[test]
    fn bad_values_are_reported() {
        let front: Map<String, Value> = serde_json::from_str(
            r#"{"status": "maybe", "review_due": "soon", "doc_type": "memo"}"#,
        )
        .unwrap();
        let (fields, problems) = fields("a.md", &no_manifest(), Some(&front), &Map::new(), "");
        assert_eq!(fields.metadata.status, None);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`soon` is not a date")));
    }

    #[test]
    fn placeholders_are_ignored_with_one_problem() {
        let front: Map<String, Value> = serde_json::from_str(
            r#"{"owner": "{{OWNER}}", "approved_on": "<insert date>", "title": "[Company Name] Policy"}"#,
        )
        .unwrap();
        let body = "Approved on: <insert date>\nOwner: [Owner name]\n";
        let (fields, problems) = fields("a.md", &no_manifest(), Some(&front), &Map::new(), body);
        assert_eq!(fields.metadata.owner, None);
        assert_eq!(fields.metadata.approved_on, None);
        assert_eq!(fields.title.as_deref(), Some("[Company Name] Policy"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("unfilled template"), "{problems:?}");
        assert!(
            is_placeholder("TBD") && is_placeholder("<name>") && !is_placeholder("SMS Manager")
        );
    }

    #[test]
    fn a_bad_value_is_reported_once() {
        let front: Map<String, Value> = serde_json::from_str(r#"{"review_due": "soon"}"#).unwrap();
        let (fields, problems) = fields(
            "a.md",
            &no_manifest(),
            Some(&front),
            &Map::new(),
            "Review due: 2027-01-01\n",
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            fields.metadata.review_due,
            Some(date(2027, 1, 1)),
            "the body fills the field in"
        );
    }

    #[test]
    fn document_control_table_in_the_body() {
        let body = "| Field | Value |\n|---|---|\n| Document owner | Head of Operations |\n\
                    | Status | Approved |\n| Next review date | 14/03/2027 |\n";
        let (fields, problems) = fields("a.md", &no_manifest(), None, &Map::new(), body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fields.metadata.owner.as_deref(), Some("Head of Operations"));
        assert_eq!(fields.metadata.status, Some(Status::Approved));
        assert_eq!(fields.metadata.review_due, Some(date(2027, 3, 14)));
    }
}
