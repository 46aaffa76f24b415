//! `iso20k explain ID DIR --file PATH`: the term-by-term breakdown of one file against one requirement.
//!
//! An assessor who disagrees with a status wants to see, for the file they expected to be cited (or the one
//! they did not), exactly what iso20k saw: the file's kind and why, whether it was set aside, the metadata
//! that counted and where it came from, its declarations and clause references, and, for every phrase the
//! requirement looks for, whether the file holds it and where (title or file name, headings, which section
//! by heading and lines). Then whether the file was a candidate and how, and whether it ended up accepted,
//! suggested or rejected, with the reason.
//!
//! Nothing here matches or judges anew: the phrases found are those the matcher recorded during the scan
//! ([`Matcher::occurrences`]), and the candidate is the judge's own ([`Evidence::consider`]).

use super::judge::Evidence;
use super::matcher::{DocumentMatches, Matcher};
use super::model::{Assessment, Band, Basis, EvidenceRef, Reason, RequirementResult, Role, Status};
use super::{Earlier, Judgements};
use crate::catalogue::{Catalogue, Kind as RequirementKind, Requirement};
use crate::evidence::{
    ClauseRef, EvidenceItem, Kind, Metadata, MetadataSource, Progress, RecordSeries, ScanError,
    ScanOptions, Signal, Unfilled,
};
use jiff::civil::Date;
use serde::Serialize;

/// The version of the `explain --file` JSON (`report-templates/explain-file.schema.json`).
pub const EXPLAIN_FILE_SCHEMA_VERSION: u32 = 1;

/// One file explained against one or more requirements.
#[derive(Debug, Clone, Serialize)]
pub struct FileExplanation {
    pub schema_version: u32,
    pub as_of: Date,
    pub file: FileFacts,
    pub requirements: Vec<FileVerdict>,
}

/// What the evidence index made of the file, independently of any requirement.
#[derive(Debug, Clone, Serialize)]
pub struct FileFacts {
    pub path: String,
    pub title: String,
    pub format: crate::evidence::Format,
    pub words: usize,
    pub kind: Kind,
    /// The signals behind the kind (file name, folder, headings, content cues, columns …).
    pub kind_signals: Vec<Signal>,
    /// Why the file is not evidence at all (a template, a retired version, near-empty …), if it is not.
    pub set_aside: Option<String>,
    pub template: Option<Unfilled>,
    /// The metadata used: status, owner, version, approval, dates, declarations.
    pub metadata: Metadata,
    /// Where each metadata value came from.
    pub metadata_sources: Vec<MetadataSource>,
    pub clause_refs: Vec<ClauseRef>,
    /// The record series of its tables.
    pub series: Vec<RecordSeries>,
}

/// One requirement's view of the file.
#[derive(Debug, Clone, Serialize)]
pub struct FileVerdict {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub kind: RequirementKind,
    /// The requirement's status (the assessor's, where overridden).
    pub status: Status,
    /// Every phrase the requirement looks for, group by group, with where the file holds it.
    pub groups: Vec<PhraseGroup>,
    /// Whether and how the file was a candidate (`null` when it was not).
    pub candidate: Option<CandidateFacts>,
    pub verdict: Verdict,
    pub why: String,
    /// The file's citations in the requirement's evidence (one per role).
    pub evidence: Vec<EvidenceRef>,
    /// The requirement's reasons that name the file.
    pub reasons: Vec<Reason>,
}

/// The three outcomes for a file and a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Cited as evidence.
    Accepted,
    /// Cited for the assessor to confirm; never makes the requirement conformant by itself.
    Suggested,
    /// Not cited.
    Rejected,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Suggested => "suggested",
            Verdict::Rejected => "rejected",
        }
    }
}

/// A group of phrases of a requirement: `title-hints`, `keywords`, `element` (with its name), `topics`
/// (the clause's subject, for titles and headings) or `sections` (section-heading words).
#[derive(Debug, Clone, Serialize)]
pub struct PhraseGroup {
    pub group: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub phrases: Vec<PhraseFound>,
}

/// One phrase and where the file holds it.
#[derive(Debug, Clone, Serialize)]
pub struct PhraseFound {
    /// The phrase as the matcher knows it (normalised; its singular or plural and the vocabulary's
    /// equivalents count too).
    pub phrase: String,
    pub found: bool,
    /// In the title or the file name.
    pub title: bool,
    pub headings: bool,
    /// In the text.
    pub body: bool,
    /// The innermost sections holding it, by heading and lines.
    pub sections: Vec<String>,
}

/// How the file was a candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateFacts {
    pub basis: Basis,
    /// `file` (the whole file), `section` (one section read on its own) or `series` (a record series of
    /// the requirement's process).
    pub through: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Found only by its title (or a heading) naming the clause's subject: a suggestion.
    pub topic_only: bool,
    /// Of a type the requirement does not list.
    pub off_type: bool,
}

/// Assesses the folder, then explains file `path` (relative to the folder, `/` separators) against the
/// requirements `wanted` (indexes into the catalogue). `None` when the folder holds no such file.
#[allow(clippy::too_many_arguments)]
pub fn explain_file(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    progress: &dyn Progress,
    earlier: Option<&Earlier<'_>>,
    wanted: &[usize],
    path: &str,
) -> Result<(Assessment, Option<FileExplanation>), ScanError> {
    let (assessment, _, explanation) = super::assess_then(
        catalogue,
        options,
        judgements,
        as_of,
        progress,
        earlier,
        false,
        |evidence, assessment| {
            let i = evidence.index.items.iter().position(|i| i.path == path)?;
            Some(explain(catalogue, evidence, assessment, i, wanted))
        },
    )?;
    Ok((assessment, explanation))
}

fn explain(
    catalogue: &Catalogue,
    evidence: &Evidence<'_>,
    assessment: &Assessment,
    i: usize,
    wanted: &[usize],
) -> FileExplanation {
    let item = &evidence.index.items[i];
    let found = &evidence.matches[i];
    let file = FileFacts {
        path: item.path.clone(),
        title: item.title.clone(),
        format: item.format,
        words: item.words,
        kind: item.kind,
        kind_signals: item.kind_signals.clone(),
        set_aside: evidence.set_aside[i].clone(),
        template: item.template.clone(),
        metadata: item.metadata.clone(),
        metadata_sources: item.metadata_sources.clone(),
        clause_refs: item.clause_refs.clone(),
        series: item
            .tables
            .iter()
            .filter_map(|t| t.series.clone())
            .collect(),
    };
    let requirements = wanted
        .iter()
        .filter_map(|&r| {
            let requirement = catalogue.requirements.get(r)?;
            let result = assessment
                .requirements
                .iter()
                .find(|x| x.id == requirement.id)?;
            Some(verdict(evidence, item, found, i, r, requirement, result))
        })
        .collect();
    FileExplanation {
        schema_version: EXPLAIN_FILE_SCHEMA_VERSION,
        as_of: assessment.as_of,
        file,
        requirements,
    }
}

fn verdict(
    evidence: &Evidence<'_>,
    item: &EvidenceItem,
    found: &DocumentMatches,
    i: usize,
    r: usize,
    requirement: &Requirement,
    result: &RequirementResult,
) -> FileVerdict {
    let (considered, mut reasons) = evidence.consider(i, r, requirement);
    for reason in result
        .reasons
        .iter()
        .filter(|x| x.path.as_ref() == Some(&item.path))
    {
        if !reasons.contains(reason) {
            reasons.push(reason.clone());
        }
    }
    let cited: Vec<EvidenceRef> = result
        .evidence
        .iter()
        .filter(|e| *e.path == *item.path)
        .cloned()
        .collect();
    let candidate = considered.as_ref().map(|c| CandidateFacts {
        basis: c.basis,
        through: if c.series {
            "series"
        } else if c.section.is_some() {
            "section"
        } else {
            "file"
        },
        section: c.section.clone(),
        topic_only: c.topic_only,
        off_type: c.off_type,
    });
    let (verdict, why) = decide(
        evidence.set_aside[i].as_deref(),
        candidate.as_ref(),
        &cited,
        &reasons,
    );
    FileVerdict {
        id: requirement.id.clone(),
        clause: requirement.clause.to_string(),
        title: requirement.title.clone(),
        kind: requirement.kind,
        status: result.status,
        groups: groups(evidence.matcher, item, found, r, requirement),
        candidate,
        verdict,
        why,
        evidence: cited,
        reasons,
    }
}

/// Accepted, suggested or rejected, and why in one sentence.
fn decide(
    set_aside: Option<&str>,
    candidate: Option<&CandidateFacts>,
    cited: &[EvidenceRef],
    reasons: &[Reason],
) -> (Verdict, String) {
    if let Some(first) = cited.first() {
        let roles: Vec<&str> = cited.iter().map(|e| role_name(e.role)).collect();
        let how = match candidate {
            Some(c) => format!(
                "{}, {}",
                basis_name(c.basis),
                match (&c.section, c.through) {
                    (Some(section), _) => format!("through its section {section}"),
                    (None, "series") => "as a record series of the process".to_string(),
                    _ => "the whole file".to_string(),
                }
            ),
            None => basis_name(first.basis).to_string(),
        };
        let dated = cited
            .iter()
            .find_map(|e| e.dated)
            .map(|d| format!(", dated {d}"))
            .unwrap_or_default();
        let roles = roles.join(" and ");
        if cited.iter().all(|e| e.band == Band::Suggested) {
            return (
                Verdict::Suggested,
                format!(
                    "cited as {roles} ({how}{dated}) for the assessor to confirm: found only because its \
                     title or a heading names the subject of the clause; it holds none of the requirement's \
                     own words, so it never makes the requirement conformant by itself"
                ),
            );
        }
        return (
            Verdict::Accepted,
            format!("cited as {roles} ({how}{dated})"),
        );
    }
    if let Some(reason) = set_aside {
        return (Verdict::Rejected, format!("set aside: {reason}"));
    }
    if let Some(reason) = reasons
        .iter()
        .find(|x| matches!(x.rule, "substitute-rejected" | "set-aside"))
    {
        return (Verdict::Rejected, reason.text.clone());
    }
    if candidate.is_some() {
        return (
            Verdict::Rejected,
            "a candidate, but not cited: for an activity that asks for records only, a document that \
             merely names the clause's subject is no evidence of it"
                .to_string(),
        );
    }
    (
        Verdict::Rejected,
        "not a candidate: it does not declare the requirement, is no record series of its process, and its \
         title, headings and words do not match enough of what the requirement looks for (see the phrases)"
            .to_string(),
    )
}

fn basis_name(basis: Basis) -> &'static str {
    match basis {
        Basis::Declared => "declared",
        Basis::Inferred => "inferred",
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Document => "a document",
        Role::Record => "a record",
        Role::Governance => "governance of another party",
    }
}

/// Every phrase group of requirement `r`, each phrase with where the file holds it.
fn groups(
    matcher: &Matcher,
    item: &EvidenceItem,
    found: &DocumentMatches,
    r: usize,
    requirement: &Requirement,
) -> Vec<PhraseGroup> {
    let patterns = &matcher.requirements[r];
    let phrases = |ids: &[u32]| -> Vec<PhraseFound> {
        ids.iter()
            .map(|&id| {
                let at = matcher.occurrences(found, id);
                PhraseFound {
                    phrase: matcher.phrase(id).to_string(),
                    found: at.title || at.headings || at.text,
                    title: at.title,
                    headings: at.headings,
                    body: at.text,
                    sections: at
                        .sections
                        .iter()
                        .filter_map(|&k| crate::evidence::section_label(&item.sections, k))
                        .collect(),
                }
            })
            .collect()
    };
    let mut groups = vec![
        PhraseGroup {
            group: "title-hints",
            name: None,
            phrases: phrases(&patterns.title_hints),
        },
        PhraseGroup {
            group: "keywords",
            name: None,
            phrases: phrases(&patterns.keywords),
        },
    ];
    for (element, ids) in requirement.evidence.elements.iter().zip(&patterns.elements) {
        groups.push(PhraseGroup {
            group: "element",
            name: Some(element.name.clone()),
            phrases: phrases(ids),
        });
    }
    groups.push(PhraseGroup {
        group: "topics",
        name: None,
        phrases: phrases(&patterns.topics),
    });
    groups.push(PhraseGroup {
        group: "sections",
        name: None,
        phrases: phrases(&patterns.sections),
    });
    groups
}
