//! The catalogue files as written, before validation.
//!
//! Every field is optional and loosely typed, and keeps its position, so that validation can report every
//! missing field and bad value with its line instead of stopping at the first one. Unknown keys are still
//! rejected by the parser: a misspelt key is a problem, never silently ignored.

use crate::yaml::Spanned;
use serde::Deserialize;

pub(super) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub standard: Option<S<String>>,
    pub edition: Option<S<String>>,
    pub version: Option<S<String>>,
    pub date: Option<S<String>>,
    pub title: Option<S<String>>,
    pub clauses: Option<S<Vec<S<RawClause>>>>,
    pub processes: Option<S<Vec<S<RawProcess>>>>,
    pub requirements: Option<Vec<S<RawRequirement>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawClause {
    pub clause: Option<S<String>>,
    pub title: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProcess {
    pub id: Option<S<String>>,
    pub name: Option<S<String>>,
    pub depends_on: Option<S<Vec<S<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    pub id: Option<S<String>>,
    pub clause: Option<S<String>>,
    pub title: Option<S<String>>,
    pub summary: Option<S<String>>,
    pub kind: Option<S<String>>,
    pub mandatory_document: Option<S<bool>>,
    pub process: Option<S<String>>,
    pub evidence: Option<S<RawEvidence>>,
    pub audit: Option<S<RawAudit>>,
    pub phase: Option<S<i64>>,
    pub weight: Option<S<i64>>,
    pub decisive: Option<S<bool>>,
    pub effort_days: Option<S<f64>>,
    pub related: Option<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvidence {
    pub doc_types: Option<Vec<S<String>>>,
    pub title_hints: Option<Vec<S<String>>>,
    pub keywords: Option<Vec<S<String>>>,
    pub elements: Option<Vec<S<RawElement>>>,
    pub freshness: Option<S<String>>,
    pub recurrence: Option<S<String>>,
    pub mandatory_set: Option<S<bool>>,
    pub document_reviews: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawElement {
    pub name: Option<S<String>>,
    pub keywords: Option<Vec<S<String>>>,
    pub essential: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAudit {
    pub stages: Option<Vec<S<i64>>>,
    pub questions: Option<Vec<S<String>>>,
    pub interview: Option<Vec<S<String>>>,
}
