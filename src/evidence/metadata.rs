//! Normalising metadata: one set of fields from the manifest, front matter, document properties and the
//! body text, strongest source first, each field remembering where it came from.

use super::dates::{date_in, parse_date};
use super::doc_control;
use super::{Metadata, MetadataSource, Source, Status, Warning};
use crate::catalogue::DocType;
use crate::config::ManifestEntry;
use globset::{Glob, GlobMatcher};
use jiff::civil::Date;
use serde_json::{Map, Value};
use std::path::{Component, Path};

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

/// The metadata fields in the order their sources are listed.
const FIELDS: &[&str] = &[
    "title",
    "doc_type",
    "status",
    "owner",
    "version",
    "approved_by",
    "approved_on",
    "effective",
    "last_reviewed",
    "review_due",
    "date",
    "author",
    "modified",
    "covers",
];

/// One offered value of a field, and where exactly it was found.
struct Offer {
    field: &'static str,
    value: Value,
    at: Option<String>,
}

/// Builds the fields of `rel` from every source; problems with values become warning messages.
///
/// Sources, strongest first: the manifest; an `Archive`, `Old` or `Superseded` folder (status only: that
/// is how people retire documents, whatever the text still says); front matter; the text (header block,
/// document-control tables, the latest revision row, banners); the document's own properties; and last the
/// file name and folders (`… DRAFT.docx`, `v0.3`, `Drafts/`, `FINAL`), which count only when nothing else
/// gives a status or version. Within a source the first *usable* value wins: `TBC`, `-` or a value that
/// is not a date does not block a later valid one. `first_line` is the file line of the text's first line.
pub(super) fn fields(
    rel: &str,
    manifest: &Manifest,
    front_matter: Option<&Map<String, Value>>,
    properties: &Map<String, Value>,
    body: &str,
    first_line: usize,
) -> (Fields, Vec<String>) {
    let mut layers: Vec<(Source, Vec<Offer>)> = Vec::new();
    for entry in manifest.lookup(rel) {
        let at = format!("[[evidence]] path \"{}\"", entry.path);
        let offers = offers(&manifest_map(entry), |_| Some(at.clone()));
        layers.push((Source::Manifest, offers));
    }
    let path = path_signals(rel);
    if let Some((status, at)) = &path.retired_folder {
        layers.push((
            Source::Derived,
            vec![Offer {
                field: "status",
                value: Value::String(status.name().to_string()),
                at: Some(at.clone()),
            }],
        ));
    }
    if let Some(front) = front_matter {
        layers.push((
            Source::FrontMatter,
            offers(front, |key| Some(format!("front matter key \"{key}\""))),
        ));
    }
    let text_offers = doc_control::scan(body, first_line.max(1))
        .into_iter()
        .map(|found| Offer {
            field: found.field,
            value: Value::String(found.value),
            at: Some(found.at),
        })
        .collect();
    layers.push((Source::Body, text_offers));
    layers.push((Source::DocumentProperties, offers(properties, |_| None)));
    let weak_layer = layers.len();
    layers.push((Source::Derived, path.weak));

    let mut fields = Fields::default();
    let mut problems = Vec::new();
    let mut placeholders = Vec::new();
    let mut status_at = None;
    for field in FIELDS {
        // Only the strongest declared source (manifest, front matter) offering a field has its bad value
        // reported; a bad value in the text is reported only when nothing fills the field in.
        let mut reported = false;
        let mut text_problem = None;
        let mut stored_any = false;
        for (n, (source, offers)) in layers.iter().enumerate() {
            if *field == "status" && n == weak_layer {
                status_at = Some(fields.sources.len());
                continue;
            }
            for offer in offers.iter().filter(|o| o.field == *field) {
                let text = scalar(&offer.value);
                if let Some(text) = text.as_deref().filter(|t| is_placeholder(t)) {
                    if !placeholders.iter().any(|p| p == text) {
                        placeholders.push(text.to_string());
                    }
                    continue;
                }
                if *field != "status" && text.as_deref().is_some_and(doc_control::is_nothing) {
                    continue;
                }
                let mut value_problems = Vec::new();
                let stored = set(
                    &mut fields,
                    field,
                    &offer.value,
                    *source,
                    &mut value_problems,
                );
                match source {
                    Source::Manifest | Source::FrontMatter if !reported => {
                        reported = !value_problems.is_empty();
                        problems.extend(value_problems);
                    }
                    // Only dates: a `Type` or `Status` column in the text is often about something else.
                    Source::Body if text_problem.is_none() && is_date_field(field) => {
                        text_problem = value_problems.into_iter().next();
                    }
                    _ => {}
                }
                if stored {
                    stored_any = true;
                    fields.sources.push(MetadataSource {
                        field,
                        source: *source,
                        at: offer.at.as_deref().map(super::Shared::new),
                    });
                    if *field != "covers" {
                        break;
                    }
                }
            }
            if stored_any && *field != "covers" {
                break;
            }
        }
        if !stored_any && !reported {
            problems.extend(text_problem);
        }
    }
    // The status, when nothing says it: a named approver with an approval date means approved; else
    // what the file name and folders say.
    if fields.metadata.status.is_none() {
        let index = status_at.unwrap_or(fields.sources.len());
        let approval =
            fields.metadata.approved_by.is_some() && fields.metadata.approved_on.is_some();
        let derived = if approval {
            Some((
                Status::Approved,
                Source::Body,
                "a named approver and an approval date".to_string(),
            ))
        } else {
            path.weak_status
                .map(|(status, at)| (status, Source::Derived, at))
        };
        if let Some((status, source, at)) = derived {
            fields.metadata.status = Some(status);
            fields.sources.insert(
                index.min(fields.sources.len()),
                MetadataSource {
                    field: "status",
                    source,
                    at: Some(at.into()),
                },
            );
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

fn is_date_field(field: &str) -> bool {
    matches!(
        field,
        "approved_on" | "effective" | "last_reviewed" | "review_due" | "date"
    )
}

/// A map's keys turned into canonical fields (`approval_date` → `approved_on`; `approved` into the
/// approver, the date or both), each offer located by `at(key)`.
fn offers(map: &Map<String, Value>, at: impl Fn(&str) -> Option<String>) -> Vec<Offer> {
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(field) = doc_control::field_for(key) else {
            continue;
        };
        if field == "ignored" {
            continue;
        }
        if field == "approved" || (field == "approved_by" && value.is_string()) {
            if let Some(text) = scalar(value) {
                for (field, text) in doc_control::expand(field, &text) {
                    out.push(Offer {
                        field,
                        value: Value::String(text),
                        at: at(key),
                    });
                }
            }
            continue;
        }
        out.push(Offer {
            field,
            value: value.clone(),
            at: at(key),
        });
    }
    out
}

/// Template placeholders such as `{{OWNER}}`, `<insert date>`, `[Company Name]`, `dd/mm/yyyy` (`TBC` and
/// `TBD` are not: they say the value is not known yet, see [`doc_control::is_nothing`]).
pub(super) fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    (text.contains("{{") && text.contains("}}"))
        || (text.starts_with('<') && text.ends_with('>'))
        || (text.starts_with('[')
            && text.ends_with(']')
            && (!text.contains(',') || !text.contains(|c: char| c.is_ascii_digit()))
            && !is_number_list(text))
        || lower.contains("insert ")
        || matches!(
            lower.as_str(),
            "xxx"
                | "dd/mm/yyyy"
                | "yyyy-mm-dd"
                | "dd/mm/yy"
                | "mm/dd/yyyy"
                | "dd-mm-yyyy"
                | "dd.mm.yyyy"
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
    // A due date written as a period (`Q2 2027`, `February 2027`) falls at its end, any other at its start.
    let end = field == "review_due";
    let mut date = || -> Option<Date> {
        let parsed = date_in(&text, end);
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

/// A status as people write it: `Approved`, `Issued`, `Final (reviewed 2026-09-16)`, `Signed` → approved;
/// `Draft`, `DRAFT - not approved`, `DRAFT v0.2 – for review`, `For review`, `Not started` → draft;
/// `Superseded by …`, `Withdrawn`, `Archived` → retired. A list of choices (`Draft / In review / Final`,
/// a template's prompt) is no status.
pub(super) fn status(text: &str) -> Option<Status> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() || lower.len() > 80 {
        return None;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .collect();
    let has = |w: &str| words.contains(&w);
    let phrase = |p: &str| lower.contains(p);
    let retired = [
        "superseded",
        "withdrawn",
        "obsolete",
        "archived",
        "retired",
        "deprecated",
        "replaced",
    ]
    .iter()
    .any(|w| has(w));
    let draft = has("draft")
        || has("drafting")
        || has("wip")
        || has("proposed")
        || has("pending")
        || has("awaiting")
        || has("unapproved")
        || phrase("not approved")
        || phrase("for review")
        || phrase("under review")
        || phrase("in review")
        || phrase("for approval")
        || phrase("for comment")
        || phrase("for consultation")
        || phrase("for discussion")
        || phrase("in progress")
        || phrase("not started")
        || phrase("work in progress")
        || phrase("being revised")
        || phrase("under revision");
    let first = words.first().copied().unwrap_or("");
    let approved = matches!(
        first,
        "approved"
            | "issued"
            | "final"
            | "released"
            | "published"
            | "current"
            | "signed"
            | "active"
            | "live"
            | "ratified"
            | "adopted"
            | "endorsed"
            | "authorised"
            | "authorized"
            | "effective"
    ) || phrase("in force");
    // `Draft / In review / Final`: a prompt listing the choices.
    if lower.contains('/') || lower.contains('|') {
        let choices = lower
            .split(['/', '|'])
            .take(8)
            .filter(|part| !part.contains('/') && !part.contains('|') && status(part).is_some())
            .count();
        if choices > 1 {
            return None;
        }
    }
    if retired {
        Some(Status::Retired)
    } else if draft {
        Some(Status::Draft)
    } else if approved {
        Some(Status::Approved)
    } else {
        None
    }
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

/// What a file's path says about it.
#[derive(Default)]
struct PathSignals {
    /// An `Archive`, `Old` or `Superseded` folder: retired, stronger than the text.
    retired_folder: Option<(Status, String)>,
    /// The status the file name or a `Drafts` folder suggests, when nothing else gives one.
    weak_status: Option<(Status, String)>,
    /// The version in the file name (`v1.4`), when nothing else gives one.
    weak: Vec<Offer>,
}

/// Folders whose files people no longer use.
const RETIRED_FOLDERS: &[&str] = &[
    "archive",
    "archived",
    "archives",
    "old",
    "old versions",
    "previous versions",
    "superseded",
    "obsolete",
    "retired",
    "withdrawn",
    "deprecated",
];

fn path_signals(rel: &str) -> PathSignals {
    let mut signals = PathSignals::default();
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or("");
    for folder in parts.iter().rev().take(16) {
        let name = folder
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .to_lowercase()
            .replace(['_', '-'], " ");
        let name = name.trim();
        if signals.retired_folder.is_none() && RETIRED_FOLDERS.contains(&name) {
            signals.retired_folder = Some((Status::Retired, format!("folder \"{folder}\"")));
        }
        if signals.weak_status.is_none() && matches!(name, "drafts" | "draft" | "wip") {
            signals.weak_status = Some((Status::Draft, format!("folder \"{folder}\"")));
        }
    }
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let lower = stem.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .take(40)
        .collect();
    let version = words.iter().rev().find_map(|w| {
        w.strip_prefix('v')
            .filter(|v| v.contains('.') && doc_control::looks_like_version(v))
    });
    let has = |word: &str| words.contains(&word);
    let name_status = if [
        "superseded",
        "obsolete",
        "withdrawn",
        "archived",
        "retired",
        "deprecated",
    ]
    .iter()
    .any(|w| has(w))
    {
        Some(Status::Retired)
    } else if has("draft")
        || has("wip")
        || lower.contains("for review")
        || lower.contains("for comment")
        || version.is_some_and(|v| v.starts_with("0.") || v == "0")
    {
        Some(Status::Draft)
    } else if has("final") || has("signed") || has("approved") {
        Some(Status::Approved)
    } else {
        None
    };
    if let Some(status) = name_status {
        signals.weak_status = Some((status, "file name".to_string()));
    }
    if let Some(version) = version {
        signals.weak.push(Offer {
            field: "version",
            value: Value::String(version.to_string()),
            at: Some("file name".to_string()),
        });
    }
    signals
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn fields5(
        rel: &str,
        manifest: &Manifest,
        front: Option<&Map<String, Value>>,
        props: &Map<String, Value>,
        body: &str,
    ) -> (Fields, Vec<String>) {
        fields(rel, manifest, front, props, body, 1)
    }

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
        let (fields, problems) = fields5("a.md", &no_manifest(), Some(&front), &props, body);
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
        let (fields, _) = fields5("contracts/a.pdf", &manifest, Some(&front), &Map::new(), "");
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
        let (fields, problems) = fields5("a.md", &no_manifest(), Some(&front), &Map::new(), "");
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
        let (fields, problems) = fields5("a.md", &no_manifest(), Some(&front), &Map::new(), body);
        assert_eq!(fields.metadata.owner, None);
        assert_eq!(fields.metadata.approved_on, None);
        assert_eq!(fields.title.as_deref(), Some("[Company Name] Policy"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("unfilled template"), "{problems:?}");
        assert!(is_placeholder("<name>") && !is_placeholder("SMS Manager"));
        assert!(!is_placeholder("TBD") && doc_control::is_nothing("TBD"));
    }

    #[test]
    fn a_bad_value_is_reported_once() {
        let front: Map<String, Value> = serde_json::from_str(r#"{"review_due": "soon"}"#).unwrap();
        let (fields, problems) = fields5(
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
        let (fields, problems) = fields5("a.md", &no_manifest(), None, &Map::new(), body);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fields.metadata.owner.as_deref(), Some("Head of Operations"));
        assert_eq!(fields.metadata.status, Some(Status::Approved));
        assert_eq!(fields.metadata.review_due, Some(date(2027, 3, 14)));
    }

    /// A field's value as text, for the table below.
    fn shown(fields: &Fields, field: &str) -> Option<String> {
        let m = &fields.metadata;
        let date = |d: Option<Date>| d.map(|d| d.to_string());
        match field {
            "status" => m.status.map(|s| s.name().to_string()),
            "owner" => m.owner.clone(),
            "version" => m.version.clone(),
            "approved_by" => m.approved_by.clone(),
            "approved_on" => date(m.approved_on),
            "effective" => date(m.effective),
            "last_reviewed" => date(m.last_reviewed),
            "review_due" => date(m.review_due),
            "date" => date(m.date),
            "covers" => Some(m.declares.join(",")).filter(|d| !d.is_empty()),
            other => panic!("no such field {other}"),
        }
    }

    /// Every metadata form of issue 14, section 2, with its expected value and source: (path, front
    /// matter as JSON, text, field, value, source, where).
    #[test]
    fn every_listed_metadata_form() {
        use Source::{Body, Derived, DocumentProperties, FrontMatter};
        let cases: &[(&str, &str, &str, &str, &str, Source, &str)] = &[
            // Keys in any spelling.
            (
                "a.md",
                r#"{"approval_status": "Approved"}"#,
                "",
                "status",
                "approved",
                FrontMatter,
                "front matter key \"approval_status\"",
            ),
            (
                "a.md",
                r#"{"approval_date": "2026-03-16"}"#,
                "",
                "approved_on",
                "2026-03-16",
                FrontMatter,
                "front matter key \"approval_date\"",
            ),
            (
                "a.md",
                r#"{"Approval Date": "16/03/2026"}"#,
                "",
                "approved_on",
                "2026-03-16",
                FrontMatter,
                "front matter key \"Approval Date\"",
            ),
            (
                "a.md",
                r#"{"approved": "2026-03-16"}"#,
                "",
                "approved_on",
                "2026-03-16",
                FrontMatter,
                "front matter key \"approved\"",
            ),
            (
                "a.md",
                r#"{"approved": "Jane Smith"}"#,
                "",
                "approved_by",
                "Jane Smith",
                FrontMatter,
                "front matter key \"approved\"",
            ),
            (
                "a.md",
                r#"{"approver": "Jane Smith"}"#,
                "",
                "approved_by",
                "Jane Smith",
                FrontMatter,
                "front matter key \"approver\"",
            ),
            (
                "a.md",
                r#"{"next-review": "Q2 2027"}"#,
                "",
                "review_due",
                "2027-06-30",
                FrontMatter,
                "front matter key \"next-review\"",
            ),
            (
                "a.md",
                r#"{"iso20000_clauses": ["8.5.1"]}"#,
                "",
                "covers",
                "8.5.1",
                FrontMatter,
                "front matter key \"iso20000_clauses\"",
            ),
            (
                "a.md",
                r#"{"clauses": "8.2, 8.3"}"#,
                "",
                "covers",
                "8.2,8.3",
                FrontMatter,
                "front matter key \"clauses\"",
            ),
            (
                "a.md",
                r#"{"iso_clause": "8.6.1"}"#,
                "",
                "covers",
                "8.6.1",
                FrontMatter,
                "front matter key \"iso_clause\"",
            ),
            (
                "a.md",
                r#"{"standard_refs": ["9.2"]}"#,
                "",
                "covers",
                "9.2",
                FrontMatter,
                "front matter key \"standard_refs\"",
            ),
            (
                "a.pdf",
                "",
                "Authorised by: Jane Smith\n",
                "approved_by",
                "Jane Smith",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Authorized by: Jane Smith\n",
                "approved_by",
                "Jane Smith",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Title\nDate of issue: 02/02/2026\n",
                "effective",
                "2026-02-02",
                Body,
                "header line 2",
            ),
            (
                "a.pdf",
                "",
                "Issued: 2 February 2026\n",
                "effective",
                "2026-02-02",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Revision: 3\n",
                "version",
                "3",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Rev: 2.1\n",
                "version",
                "2.1",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Document owner: Head of IT\n",
                "owner",
                "Head of IT",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Next review: February 2027\n",
                "review_due",
                "2027-02-28",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Next review due: 31/03/2027\n",
                "review_due",
                "2027-03-31",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Review date: Q2 2027\n",
                "review_due",
                "2027-06-30",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Last reviewed: 7 April 2026 by @jo\n",
                "last_reviewed",
                "2026-04-07",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Reviewed on: 09 Mar 2026\n",
                "last_reviewed",
                "2026-03-09",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Effective from: 3rd March 2026\n",
                "effective",
                "2026-03-03",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Document ID: ICT-1\nClassification: OFFICIAL\nOwner: Jo\n",
                "owner",
                "Jo",
                Body,
                "header line 3",
            ),
            (
                "a.pdf",
                "",
                "Approved: Leadership team, 20/01/2026\n",
                "approved_by",
                "Leadership team",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Approved by (Engineering Manager): Jo Bloggs\n",
                "approved_by",
                "Jo Bloggs",
                Body,
                "header line 1",
            ),
            // Several fields on one line.
            (
                "a.md",
                "",
                "**Version:** 3.2 | **Status:** Approved | **Owner:** Jo Bloggs\n",
                "version",
                "3.2",
                Body,
                "header line 1",
            ),
            (
                "a.md",
                "",
                "**Version:** 3.2 | **Status:** Approved | **Owner:** Jo Bloggs\n",
                "owner",
                "Jo Bloggs",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Document ID: P-7 | Version 2.1 | Status: Issued\n",
                "version",
                "2.1",
                Body,
                "header line 1",
            ),
            (
                "a.md",
                "",
                "Date: 2026-09-09 · Severity: SEV2 · Status: Final (reviewed 2026-09-16)\n",
                "status",
                "approved",
                Body,
                "header line 1",
            ),
            (
                "a.md",
                "",
                "Version 3.1 · Effective 1 September 2025 · Published at example.org\n",
                "effective",
                "2025-09-01",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "Owner: A (X); B (Y)\n",
                "owner",
                "A (X); B (Y)",
                Body,
                "header line 1",
            ),
            // Header blocks: a label line and its value on the next (PDF and Word paragraphs).
            (
                "a.pdf",
                "",
                "Policy\n\nVersion\n\n5.0\n\nStatus\n\nApproved\n",
                "version",
                "5.0",
                Body,
                "header line 5",
            ),
            (
                "a.pdf",
                "",
                "Policy\n\nVersion\n\n5.0\n\nStatus\n\nApproved\n",
                "status",
                "approved",
                Body,
                "header line 9",
            ),
            // Document-control tables: vertical and horizontal, Markdown, HTML, Word/ODF rows.
            (
                "a.md",
                "",
                "# P\n\n| Document control | |\n|---|---|\n| Version | 1.0 |\n| Approval date | 2026-07-14 |\n",
                "approved_on",
                "2026-07-14",
                Body,
                "document-control table, line 6",
            ),
            (
                "a.md",
                "",
                "# P\n\n| Document ID | Version | Status | Owner | Approved on | Next review |\n|---|---|---|---|---|---|\n| P-2 | 1.0 | Approved | CTO | 2026-07-14 | 2027-07-14 |\n",
                "review_due",
                "2027-07-14",
                Body,
                "document-control table, line 5",
            ),
            (
                "a.md",
                "",
                "# P\n\n<table>\n  <tr><th>Version</th><td>3.0</td></tr>\n  <tr><th>Approved on</th><td>2026-02-10</td></tr>\n</table>\n",
                "approved_on",
                "2026-02-10",
                Body,
                "document-control table, line 5",
            ),
            (
                "a.md",
                "",
                "# P\n\n<table>\n  <tr><th>Policy owner</th><th>Version</th><th>Approved by</th></tr>\n  <tr><td>Jo Bloggs</td><td>2.0</td><td>CEO</td></tr>\n</table>\n",
                "approved_by",
                "CEO",
                Body,
                "document-control table, line 5",
            ),
            (
                "a.docx",
                "",
                "Policy\n| Document ID | P-1 |\n| Version | 1.9 |\n| Status | For review |\n| Approved by |  |\n",
                "status",
                "draft",
                Body,
                "document-control table, line 4",
            ),
            (
                "a.docx",
                "",
                "Policy\n| Document ID | P-1 | Version | 2.0 |\n",
                "version",
                "2.0",
                Body,
                "document-control table, line 2",
            ),
            // Revision histories: the latest row, anywhere in the document.
            (
                "a.md",
                "",
                &format!(
                    "# P\n{}\n## Document control\n\n| Version | Date | Author | Change | Approved by |\n|---|---|---|---|---|\n| 1.0 | 2026-07-14 | Jo | Issued | CEO |\n| 0.2 | 2026-06-30 | Jo | Draft | — |\n",
                    "\ntext\n".repeat(60)
                ),
                "approved_on",
                "2026-07-14",
                Body,
                "revision history (latest row), line 127",
            ),
            (
                "a.docx",
                "",
                "P\nRevision history\n| Version | Date | Author | Summary of change |\n| 1.0 | 03/11/2025 | Jo | First issue |\n| 1.1 | 12/12/2025 | Jo | Annual update |\n",
                "effective",
                "2025-12-12",
                Body,
                "revision history (latest row), line 5",
            ),
            (
                "a.docx",
                "",
                "P\nRevision history\n| Version | Date | Author | Summary of change |\n| 1.0 | 21/04/2026 | Jo | First issue |\n| 1.0 | 22/10/2026 | Jo | Six-monthly review, no change |\n",
                "last_reviewed",
                "2026-10-22",
                Body,
                "revision history (latest row), line 5",
            ),
            (
                "a.md",
                "",
                "# P\n\n<table>\n  <tr><th>Version</th><th>Approved</th><th>Approver</th><th>Next review</th></tr>\n  <tr><td>2.0</td><td>2025-02-11</td><td>Jo</td><td>2026-02-11</td></tr>\n  <tr><td>2.2</td><td>2026-02-10</td><td>Jo</td><td>2027-02-10</td></tr>\n</table>\n",
                "version",
                "2.2",
                Body,
                "revision history (latest row), line 6",
            ),
            (
                "a.pdf",
                "",
                &format!(
                    "{}Version history\n\nVersion\n\nDate\n\nChange\n\n4.0\n\n11/2023\n\nRewrite\n\n5.0\n\n03/2026\n\nAnnual review\n",
                    "text\n".repeat(90)
                ),
                "effective",
                "2026-03-01",
                Body,
                "revision history (latest row), line 105",
            ),
            // The first valid value wins.
            (
                "a.pdf",
                "",
                "Next review: TBC\n| Next review | 31/01/2027 |\n",
                "review_due",
                "2027-01-31",
                Body,
                "document-control table, line 2",
            ),
            (
                "a.pdf",
                "",
                "Next review: annually\nReview date: 31/01/2027\n",
                "review_due",
                "2027-01-31",
                Body,
                "header line 2",
            ),
            (
                "a.pdf",
                "",
                "Approved by: -\nAuthorised by: Jo Bloggs\n",
                "approved_by",
                "Jo Bloggs",
                Body,
                "header line 2",
            ),
            // Statuses from the text, banners, and the approval itself.
            (
                "a.pdf",
                "",
                "Status: DRAFT - not approved\n",
                "status",
                "draft",
                Body,
                "header line 1",
            ),
            (
                "a.pdf",
                "",
                "DRAFT v0.2 – for review\nSome policy\n",
                "status",
                "draft",
                Body,
                "banner, line 1",
            ),
            (
                "a.md",
                "",
                "> Archived September 2025. Replaced by the new template.\n",
                "status",
                "retired",
                Body,
                "banner, line 1",
            ),
            (
                "a.md",
                "",
                "| Status | Draft / In review / Final |\nApproved by: Jo\nApproval date: 2026-01-01\n",
                "status",
                "approved",
                Body,
                "a named approver and an approval date",
            ),
            // File names and folders: an archive folder beats the text; a file name only fills a gap.
            (
                "Archive/Policy.docx",
                "",
                "Status: Approved\n",
                "status",
                "retired",
                Derived,
                "folder \"Archive\"",
            ),
            (
                "Old/Policy.docx",
                "",
                "",
                "status",
                "retired",
                Derived,
                "folder \"Old\"",
            ),
            (
                "Superseded/Policy.docx",
                "",
                "",
                "status",
                "retired",
                Derived,
                "folder \"Superseded\"",
            ),
            (
                "Policy DRAFT.docx",
                "",
                "",
                "status",
                "draft",
                Derived,
                "file name",
            ),
            (
                "Policy DRAFT.docx",
                "",
                "Status: Approved\n",
                "status",
                "approved",
                Body,
                "header line 1",
            ),
            (
                "Policy v0.3.docx",
                "",
                "",
                "status",
                "draft",
                Derived,
                "file name",
            ),
            (
                "Policy v0.3.docx",
                "",
                "",
                "version",
                "0.3",
                Derived,
                "file name",
            ),
            (
                "Policy (superseded).docx",
                "",
                "",
                "status",
                "retired",
                Derived,
                "file name",
            ),
            (
                "drafts/policy.md",
                "",
                "",
                "status",
                "draft",
                Derived,
                "folder \"drafts\"",
            ),
            (
                "Policy v2.0 FINAL.pdf",
                "",
                "",
                "status",
                "approved",
                Derived,
                "file name",
            ),
        ];
        for (path, front, body, field, value, source, at) in cases {
            let front: Option<Map<String, Value>> =
                (!front.is_empty()).then(|| serde_json::from_str(front).unwrap());
            let (fields, _) = fields5(path, &no_manifest(), front.as_ref(), &Map::new(), body);
            let case = format!("{path} {front:?} {body:?}");
            assert_eq!(
                shown(&fields, field).as_deref(),
                Some(*value),
                "{field} of {case}"
            );
            let found = fields.sources.iter().find(|s| s.field == *field).unwrap();
            assert_eq!(found.source, *source, "source of {field} of {case}");
            assert_eq!(found.at.as_deref(), Some(*at), "where {field} of {case}");
        }
        // Document properties are the last resort: the text beats them.
        let props: Map<String, Value> = serde_json::from_str(r#"{"status": "Final"}"#).unwrap();
        let (fields, _) = fields5("a.docx", &no_manifest(), None, &props, "Status: Draft\n");
        assert_eq!(fields.metadata.status, Some(Status::Draft));
        let (fields, _) = fields5("a.docx", &no_manifest(), None, &props, "");
        assert_eq!(fields.metadata.status, Some(Status::Approved));
        assert_eq!(fields.sources[0].source, DocumentProperties);
    }

    #[test]
    fn statuses_as_people_write_them() {
        for (text, expected) in [
            ("Approved", Some(Status::Approved)),
            ("Issued", Some(Status::Approved)),
            ("Final", Some(Status::Approved)),
            ("Released", Some(Status::Approved)),
            ("Published", Some(Status::Approved)),
            ("In force", Some(Status::Approved)),
            ("Current", Some(Status::Approved)),
            ("Signed", Some(Status::Approved)),
            ("Final (reviewed 2026-09-16)", Some(Status::Approved)),
            ("Draft", Some(Status::Draft)),
            ("DRAFT - not approved", Some(Status::Draft)),
            ("DRAFT v0.2 – for review", Some(Status::Draft)),
            ("For review", Some(Status::Draft)),
            ("Under review", Some(Status::Draft)),
            ("Not started", Some(Status::Draft)),
            ("In progress", Some(Status::Draft)),
            ("Proposed", Some(Status::Draft)),
            ("Final draft", Some(Status::Draft)),
            ("Issued for consultation", Some(Status::Draft)),
            ("Superseded", Some(Status::Retired)),
            ("Superseded by ICT-POL-002", Some(Status::Retired)),
            ("Withdrawn", Some(Status::Retired)),
            ("Obsolete", Some(Status::Retired)),
            ("Archived", Some(Status::Retired)),
            ("Retired", Some(Status::Retired)),
            ("Draft / In review / Final", None),
            ("[Draft / For review / Approved]", None),
            ("Open", None),
            ("OFFICIAL", None),
        ] {
            assert_eq!(status(text), expected, "{text:?}");
        }
    }
}
