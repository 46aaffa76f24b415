//! The requirement catalogue: the first stage of the iso20k pipeline.
//!
//! A catalogue is a versioned, machine-readable list of the requirements of one edition of ISO/IEC
//! 20000-1, each written in our own words, with what evidence satisfies it, how an auditor looks at it and
//! where it sits in a phased implementation. Everything downstream (evidence matching, scoring, reports,
//! checklists, plans) is driven by this data, never by hard-coded clause knowledge.
//!
//! Catalogues are YAML (documented in `requirements/README.md`). [`load`] reads one from an embedded
//! default or from the user's file or folder and validates it in full: a catalogue value that exists has
//! passed every check, so later stages never re-check it.

mod build;
mod capability;
mod clause;
mod crosswalk;
mod embedded;
mod freshness;
mod mapping;
mod problem;
mod raw;
mod source;
mod vocabulary;

pub use capability::{Attribute, CapabilityRules, Level, MAX_LEVEL, Signal, Thresholds};
pub use clause::{ClauseNumber, ClauseParseError};
pub use crosswalk::{
    Confidence, Crosswalk, Link, LinkRelation, LinkSource, STANDARDS, Target, TargetItem,
};
pub use embedded::{DEFAULT_EDITION, EmbeddedCatalogue, embedded, embedded_editions};
pub use freshness::{Freshness, FreshnessParseError, FreshnessUnit, Recurrence};
pub use mapping::{MapEntry, Mapping, Relation};
pub use problem::{Location, Problem};
pub use source::{CatalogueSource, LoadError, MAX_FILE_BYTES, SourceFile};
pub use vocabulary::{TOPICS_EDITION, VOCABULARY_YAML, Vocabulary, normalise_phrase};

use jiff::civil::Date;
use serde::Serialize;

/// Reads and validates a catalogue. Every problem found is returned at once, in file and line order.
pub fn load(source: &CatalogueSource) -> Result<Catalogue, LoadError> {
    let files = source.read()?;
    build::build(&files, source.describe()).map_err(LoadError::Invalid)
}

/// A validated catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    #[serde(flatten)]
    pub header: Header,
    pub clauses: Vec<Clause>,
    pub processes: Vec<ProcessArea>,
    pub requirements: Vec<Requirement>,
    /// Where the catalogue came from (`embedded ISO/IEC 20000-1:2018` or a path), for messages.
    #[serde(skip)]
    pub origin: String,
}

/// What a catalogue is: the standard, edition and the catalogue's own version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub standard: String,
    pub edition: String,
    /// Semantic version of the catalogue data itself.
    pub version: String,
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A numbered heading of the standard and its short title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    pub clause: ClauseNumber,
    pub title: String,
}

/// A process area used to group requirements (incident, change, service level …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessArea {
    pub id: String,
    pub name: String,
    /// The process areas whose way of working must exist before this one's can (scope and policy before
    /// processes, incident before problem …); acyclic. The implementation plan orders work by them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

/// One requirement: one obligation a clause makes, in our own words.
#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub id: String,
    pub clause: ClauseNumber,
    /// The clause's short title.
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    /// Whether the standard itself requires documented information here.
    pub mandatory_document: bool,
    pub process: String,
    pub evidence: EvidenceSpec,
    pub audit: AuditSpec,
    pub phase: u8,
    pub weight: u8,
    /// Without it the clause is not in place at all: a gap here makes the whole clause a gap, whatever
    /// else it has (no availability targets: no availability management, however many risks are rated).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub decisive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort_days: Option<f64>,
    pub related: Vec<String>,
    /// Where the requirement is defined.
    #[serde(skip)]
    pub location: Location,
}

/// What sort of evidence a requirement calls for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Documented information to keep up to date: a policy, plan, procedure, agreement.
    Document,
    /// Documented information retained as evidence of results.
    Record,
    /// Something to do: needs a documented way of working and records that it is done.
    Activity,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Document, Kind::Record, Kind::Activity];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Record => "record",
            Kind::Activity => "activity",
        }
    }
}

/// Document types that evidence can have; shared by the catalogue and the evidence index.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DocType {
    Scope,
    Policy,
    Objectives,
    Plan,
    Procedure,
    Process,
    Catalogue,
    Agreement,
    Contract,
    Register,
    Record,
    Log,
    Report,
    Minutes,
    Programme,
    Assessment,
    Definition,
    Matrix,
    Manual,
}

impl DocType {
    pub const ALL: [DocType; 19] = [
        DocType::Scope,
        DocType::Policy,
        DocType::Objectives,
        DocType::Plan,
        DocType::Procedure,
        DocType::Process,
        DocType::Catalogue,
        DocType::Agreement,
        DocType::Contract,
        DocType::Register,
        DocType::Record,
        DocType::Log,
        DocType::Report,
        DocType::Minutes,
        DocType::Programme,
        DocType::Assessment,
        DocType::Definition,
        DocType::Matrix,
        DocType::Manual,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocType::Scope => "scope",
            DocType::Policy => "policy",
            DocType::Objectives => "objectives",
            DocType::Plan => "plan",
            DocType::Procedure => "procedure",
            DocType::Process => "process",
            DocType::Catalogue => "catalogue",
            DocType::Agreement => "agreement",
            DocType::Contract => "contract",
            DocType::Register => "register",
            DocType::Record => "record",
            DocType::Log => "log",
            DocType::Report => "report",
            DocType::Minutes => "minutes",
            DocType::Programme => "programme",
            DocType::Assessment => "assessment",
            DocType::Definition => "definition",
            DocType::Matrix => "matrix",
            DocType::Manual => "manual",
        }
    }

    pub fn from_name(name: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What evidence satisfies a requirement.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSpec {
    pub doc_types: Vec<DocType>,
    /// Lowercase phrases a matching document's title or headings may contain.
    pub title_hints: Vec<String>,
    /// Lowercase words or phrases a matching document's text may contain.
    pub keywords: Vec<String>,
    /// What a matching document must contain.
    pub elements: Vec<Element>,
    /// How recent the latest record must be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freshness: Option<Freshness>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    /// The requirement asks for the set of mandatory documented information itself (7.5.4): where no
    /// document lists the set, the mandatory documents found stand for it in part.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mandatory_set: bool,
    /// The requirement is the review and approval of the system's documents (7.5.2): documents in force
    /// past their review date count against it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub document_reviews: bool,
}

/// Something a document must contain, recognised by any one of its keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Element {
    pub name: String,
    pub keywords: Vec<String>,
    /// Without it the document is not the thing asked for, whatever else it holds (an agreement without
    /// targets or time limits is a list of duties): a part of another document stands in only with it.
    pub essential: bool,
}

/// How certification auditors look at a requirement.
#[derive(Debug, Clone, Serialize)]
pub struct AuditSpec {
    /// 1 (documentation review and readiness), 2 (implementation and effectiveness), or both.
    pub stages: Vec<u8>,
    pub questions: Vec<String>,
    pub interview: Vec<String>,
}

impl Catalogue {
    /// `ISO/IEC 20000-1:2018`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.header.standard, self.header.edition)
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn clause(&self, number: &ClauseNumber) -> Option<&Clause> {
        self.clauses.iter().find(|c| &c.clause == number)
    }

    pub fn process(&self, id: &str) -> Option<&ProcessArea> {
        self.processes.iter().find(|p| p.id == id)
    }

    /// The requirements of `clause` and all its sub-clauses, in catalogue order.
    pub fn requirements_within(&self, clause: &ClauseNumber) -> Vec<&Requirement> {
        self.requirements
            .iter()
            .filter(|r| r.clause.is_within(clause))
            .collect()
    }

    /// Clauses of the table with no sub-clause in it: each must hold at least one requirement.
    pub fn leaf_clauses(&self) -> impl Iterator<Item = &Clause> {
        leaf_clauses(&self.clauses)
    }
}

/// The clauses that have no sub-clause among `clauses`.
fn leaf_clauses(clauses: &[Clause]) -> impl Iterator<Item = &Clause> {
    clauses.iter().filter(|c| {
        !clauses
            .iter()
            .any(|other| other.clause != c.clause && other.clause.is_within(&c.clause))
    })
}

fn serialize_date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}
