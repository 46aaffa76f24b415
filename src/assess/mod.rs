//! The assessment: the third stage of the pipeline, and the one result every view presents.
//!
//! [`assess`] scans the evidence folder (matching every file's text against the catalogue in one pass),
//! judges each requirement with its reasons, layers the assessor's judgements over the automatic results,
//! and scores requirements, clauses, process areas and the whole (conformant 1, partial 0.5, gap 0, times
//! the requirement's weight, as a percentage).

mod explain;
pub mod import;
mod judge;
mod judgements;
mod matcher;
mod model;

pub use explain::{
    CandidateFacts, EXPLAIN_FILE_SCHEMA_VERSION, FileExplanation, FileFacts, FileVerdict,
    PhraseFound, PhraseGroup, Verdict, explain_file,
};
pub use judgements::{Judgements, JudgementsError};
pub use matcher::{DocumentMatches, Matcher};
pub use model::*;

use crate::catalogue::{Catalogue, ClauseNumber, Mapping, Requirement};
use crate::evidence::{self, EvidenceIndex, Progress, ScanError, ScanOptions, Warning};
use jiff::civil::Date;
use judge::{Evidence, Judgement};
use rayon::prelude::*;

/// An earlier edition's catalogue and its mapping to the assessed edition: declarations such as `2011:9.2`
/// are understood through it, and with `transition` every requirement is marked new, changed or carried.
pub struct Earlier<'a> {
    pub catalogue: &'a Catalogue,
    pub mapping: &'a Mapping,
    pub transition: bool,
}

/// Scans `options.root` and assesses it against `catalogue` as of `as_of`.
pub fn assess(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    progress: &dyn Progress,
) -> Result<Assessment, ScanError> {
    assess_with(catalogue, options, judgements, as_of, progress, None).map(|(a, _)| a)
}

/// [`assess`], understanding declarations of an earlier edition through its mapping; also gives the
/// evidence index the assessment was made from, which the audit checklists sample.
pub fn assess_with(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    progress: &dyn Progress,
    earlier: Option<&Earlier<'_>>,
) -> Result<(Assessment, EvidenceIndex), ScanError> {
    assess_then(
        catalogue,
        options,
        judgements,
        as_of,
        progress,
        earlier,
        false,
        |_, _| (),
    )
    .map(|(assessment, index, ())| (assessment, index))
}

/// [`assess_with`] for a caller that needs only the assessment (`iso20k assess` but for the workbook,
/// `iso20k explain`): what judging never reads (headings, metadata sources, excerpts, kind signals,
/// each table's columns, row keys, dates, types and months) is let go as each file is read, so a large
/// folder takes much less memory. The same assessment; its cache is kept apart from [`assess_with`]'s.
pub fn assess_only(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    progress: &dyn Progress,
    earlier: Option<&Earlier<'_>>,
) -> Result<Assessment, ScanError> {
    assess_then(
        catalogue,
        options,
        judgements,
        as_of,
        progress,
        earlier,
        true,
        |_, _| (),
    )
    .map(|(assessment, index, ())| {
        drop_aside(index);
        assessment
    })
}

/// Empties what judging and the assessment never read of `item` (see [`assess_only`]); the reason
/// a list of requirements is set aside (its last kind signal) is kept.
fn lean(item: &mut evidence::EvidenceItem) {
    item.headings = Vec::new();
    item.metadata_sources = Vec::new();
    item.excerpt = String::new();
    if item.kind == evidence::Kind::RequirementsList {
        let last = item.kind_signals.pop();
        item.kind_signals = last.into_iter().collect();
    } else {
        item.kind_signals = Vec::new();
    }
    for table in &mut item.tables {
        table.name = None;
        table.columns = Vec::new();
        table.dates = Vec::new();
        table.keys = evidence::Keys::default();
        table.types = Vec::new();
        if let Some(series) = &mut table.series {
            series.months = Vec::new();
        }
    }
}

/// A requirement that asks for the set of mandatory documented information itself (7.5.4) and found no
/// document listing it: the sound mandatory documents found stand for the set in part, each cited, since
/// an assessor reads the set from the documents themselves when no register lists them.
fn mandatory_set(catalogue: &Catalogue, mut judged: Vec<Judgement>) -> Vec<Judgement> {
    let mandatory: Vec<usize> = (0..judged.len())
        .filter(|&i| {
            let requirement = &catalogue.requirements[i];
            requirement.mandatory_document
                && requirement.kind == crate::catalogue::Kind::Document
                && !requirement.evidence.mandatory_set
        })
        .collect();
    // Only documents that are sound count: a draft scope statement is no part of the set yet.
    let sound: Vec<usize> = mandatory
        .iter()
        .copied()
        .filter(|&i| judged[i].status == Status::Conformant)
        .collect();
    let mut found: Vec<EvidenceRef> = Vec::new();
    for &i in &sound {
        // The document the judgement rests on, not merely the first considered (a draft beside it).
        let best = judged[i].reasons.iter().find_map(|r| {
            matches!(
                r.rule,
                "document-sound" | "declared-evidence" | "inferred-evidence"
            )
            .then_some(r.path.as_deref())
            .flatten()
        });
        let cited = judged[i].evidence.iter().find(|e| {
            e.role == Role::Document
                && e.band == Band::Accepted
                && best.is_none_or(|b| b == &*e.path)
        });
        if let Some(cited) = cited.filter(|c| found.iter().all(|f| f.path != c.path)) {
            found.push(cited.clone());
        }
    }
    if found.is_empty() {
        return judged;
    }
    for (i, requirement) in catalogue.requirements.iter().enumerate() {
        if !requirement.evidence.mandatory_set || judged[i].status != Status::Gap {
            continue;
        }
        let judgement = &mut judged[i];
        judgement.status = Status::Partial;
        judgement.reasons.push(Reason {
            rule: "mandatory-set",
            path: None,
            text: format!(
                "no document lists the documented information of the system, but {} of the {} mandatory \
                 documents were found approved and complete ({}): the set is there in part, neither listed \
                 in one place nor complete",
                sound.len(),
                mandatory.len(),
                found
                    .iter()
                    .map(|e| format!("`{}`", e.path))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        judgement.evidence.extend(found.iter().cloned());
    }
    judged
}

/// [`assess_with`], then `then` reads the judging's working (the evidence as screened and matched) beside
/// the finished assessment: `explain --file` does. With `lean`, what judging never reads is let go as
/// each file is read (see [`assess_only`]).
#[allow(clippy::too_many_arguments)]
fn assess_then<T>(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    progress: &dyn Progress,
    earlier: Option<&Earlier<'_>>,
    lean: bool,
    then: impl FnOnce(&Evidence<'_>, &Assessment) -> T,
) -> Result<(Assessment, EvidenceIndex, T), ScanError> {
    let parties: Vec<String> = options
        .config
        .other_parties
        .iter()
        .map(|p| p.party.clone())
        .collect();
    let matcher = matcher(catalogue, options, &parties)?;
    // What the matches depend on besides the program (whose embedded vocabulary is part of it) and the
    // configuration (its vocabulary extension included): the catalogue's phrases and clauses, and the
    // other parties named in the configuration.
    let context = || format!("assess\n{catalogue:?}\n{parties:?}");
    let analyse = |item: &evidence::EvidenceItem, text: &str| matcher.analyse(item, text);
    let (index, matches) = if lean {
        let context = || format!("{} (lean)", context());
        evidence::scan_cached_trimmed(options, progress, context, analyse, self::lean)?
    } else {
        evidence::scan_cached(options, progress, context, analyse)?
    };
    let judged = judge_all(
        catalogue, options, judgements, as_of, earlier, &matcher, index, &matches, then,
    );
    drop_aside(matches);
    Ok(judged)
}

/// What an assessment is made with besides the folder, made by [`assess_preparing`]'s `prepare`.
pub trait Inputs: Send + Sync {
    fn catalogue(&self) -> &Catalogue;
    fn judgements(&self) -> &Judgements;
    fn as_of(&self) -> Date;
    /// The earlier edition whose declarations are understood, if any.
    fn earlier(&self) -> Option<Earlier<'_>>;
}

/// Why [`assess_preparing`] failed: `prepare` did, or the scan (or the matcher `prepare`'s catalogue
/// and the configuration make) did.
#[derive(Debug)]
pub enum PreparingError<E> {
    Prepare(E),
    Scan(ScanError),
}

/// [`assess_with`] (with `lean`, [`assess_only`]) without the cache, with the catalogue and the rest of
/// the [`Inputs`] made by `prepare` while the folder is walked and its first files read (see
/// [`evidence::scan_preparing`]): a small folder's run is mostly start-up, which no longer keeps a core
/// idle. The same assessment; gives back the inputs too. `prepare`'s error comes first, then the
/// matcher's (a configured vocabulary naming no clause of the catalogue), then the scan's.
pub fn assess_preparing<B: Inputs, E: Send>(
    options: &ScanOptions,
    progress: &dyn Progress,
    lean: bool,
    prepare: impl FnOnce() -> Result<B, E> + Send,
) -> Result<(B, Assessment, EvidenceIndex), PreparingError<E>> {
    let parties: Vec<String> = options
        .config
        .other_parties
        .iter()
        .map(|p| p.party.clone())
        .collect();
    let made = || {
        let basis = prepare().map_err(PreparingError::Prepare)?;
        let matcher =
            matcher(basis.catalogue(), options, &parties).map_err(PreparingError::Scan)?;
        // The matcher's search is built on its first use, while other threads wait for it: built here,
        // beside the reading, by analysing an empty file.
        let empty = evidence::EvidenceItem::unread("", evidence::Format::Text);
        let _ = matcher.analyse(&empty, "");
        Ok((basis, matcher))
    };
    let analyse = |(_, matcher): &(B, Matcher), item: &evidence::EvidenceItem, text: &str| {
        matcher.analyse(item, text)
    };
    let trim = |item: &mut evidence::EvidenceItem| {
        if lean {
            self::lean(item);
        }
    };
    let ((basis, matcher), index, matches) =
        evidence::scan_preparing(options, progress, made, analyse, trim)?
            .map_err(PreparingError::Scan)?;
    let (assessment, index, ()) = judge_all(
        basis.catalogue(),
        options,
        basis.judgements(),
        basis.as_of(),
        basis.earlier().as_ref(),
        &matcher,
        index,
        &matches,
        |_, _| (),
    );
    drop_aside(matches);
    drop(matcher);
    Ok((basis, assessment, index))
}

/// Judges every requirement on the matched evidence, then `then` reads the judging's working beside the
/// finished assessment.
#[allow(clippy::too_many_arguments)]
fn judge_all<T>(
    catalogue: &Catalogue,
    options: &ScanOptions,
    judgements: &Judgements,
    as_of: Date,
    earlier: Option<&Earlier<'_>>,
    matcher: &Matcher,
    index: EvidenceIndex,
    matches: &[DocumentMatches],
    then: impl FnOnce(&Evidence<'_>, &Assessment) -> T,
) -> (Assessment, EvidenceIndex, T) {
    let (evidence, mut warnings) =
        Evidence::new(catalogue, &index, matches, matcher, as_of, earlier);

    // Requirements are judged independently of each other, on every core; the results keep the
    // catalogue's order.
    let judged: Vec<Judgement> = catalogue
        .requirements
        .par_iter()
        .enumerate()
        .map(|(r, requirement)| evidence.judge(r, requirement))
        .collect();
    let judged = mandatory_set(catalogue, judged);
    let mut requirements = Vec::with_capacity(catalogue.requirements.len());
    let mut lapsed = Vec::with_capacity(catalogue.requirements.len());
    for (requirement, mut judgement) in catalogue.requirements.iter().zip(judged) {
        let operated_by = options
            .config
            .other_parties
            .iter()
            .position(|p| p.process == requirement.process);
        if let Some(p) = operated_by {
            judgement = governed(
                &evidence,
                matcher,
                p,
                &options.config.other_parties[p].party,
                judgement,
            );
        }
        lapsed.push(judgement.lapsed);
        let mut result = result(
            requirement,
            judgement,
            judgements.by_requirement.get(&requirement.id).cloned(),
            operated_by.map(|p| options.config.other_parties[p].party.clone()),
        );
        if let Some(earlier) = earlier.filter(|e| e.transition) {
            result.transition = Some(transition_mark(earlier.mapping, &requirement.id));
        }
        requirements.push(result);
    }
    for id in judgements.by_requirement.keys() {
        if catalogue.requirement(id).is_none() {
            warnings.push(Warning {
                path: judgements.path.as_ref().map_or_else(
                    || crate::config::JUDGEMENTS_FILE.to_string(),
                    |p| p.display().to_string(),
                ),
                message: format!(
                    "judges `{id}`, which is not a requirement of the {} catalogue",
                    catalogue.name()
                ),
            });
        }
    }
    for party in &options.config.other_parties {
        if catalogue.process(&party.process).is_none() {
            warnings.push(Warning {
                path: crate::config::CONFIG_FILE.to_string(),
                message: format!(
                    "[[other_party]] `{}` names the unknown process area `{}`",
                    party.party, party.process
                ),
            });
        }
    }
    warnings.extend(index.warnings.iter().cloned());
    warnings.sort();
    warnings.dedup();

    let mut set_aside = evidence.set_aside_list();
    set_aside.sort();
    let mut summary = summary(&requirements, index.items.len());
    if let Some(earlier) = earlier.filter(|e| e.transition) {
        summary.transition = Some(transition_summary(
            &earlier.catalogue.header.edition,
            &requirements,
        ));
    }
    let assessment = Assessment {
        schema_version: SCHEMA_VERSION,
        catalogue: CatalogueRef {
            standard: catalogue.header.standard.clone(),
            edition: catalogue.header.edition.clone(),
            version: catalogue.header.version.clone(),
        },
        organisation: options.config.organisation.name.clone(),
        scope: options.config.organisation.scope.clone(),
        as_of,
        summary,
        clauses: clause_scores(catalogue, &requirements),
        processes: process_scores(catalogue, &requirements),
        mandatory: mandatory(&requirements, &lapsed),
        requirements,
        set_aside,
        warnings,
        files: index
            .items
            .iter()
            .map(|item| FileHash {
                path: item.path.clone(),
                sha256: item.sha256.clone(),
            })
            .collect(),
    };
    let then = then(&evidence, &assessment);
    drop(evidence);
    (assessment, index, then)
}

/// Lets `value` go on a thread of its own: freeing every file's facts of a large folder takes a while,
/// and the caller has the assessment to write meanwhile (in place if no thread can be started).
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop".to_string())
        .spawn(move || drop(value));
}

/// The matcher, with the folder's own words (`[vocabulary]` in `iso20k.toml`) added to the embedded
/// vocabulary; a topic or section key that is no leaf clause of the catalogue is a configuration error.
fn matcher(
    catalogue: &Catalogue,
    options: &ScanOptions,
    parties: &[String],
) -> Result<Matcher, ScanError> {
    let extension = &options.config.vocabulary;
    if extension.is_empty() {
        return Ok(Matcher::new(catalogue, parties));
    }
    let embedded = crate::catalogue::Vocabulary::embedded();
    // Topics and section words are keyed by the 2018 edition's clauses; against another edition they are
    // not used, so their keys are not checked either.
    if catalogue.header.edition == crate::catalogue::TOPICS_EDITION
        && let Some((table, clause)) =
            crate::catalogue::Vocabulary::unknown_clauses(extension, catalogue)
                .into_iter()
                .next()
    {
        return Err(ScanError::Config(crate::config::ConfigError::Invalid {
            path: options
                .config
                .path
                .clone()
                .unwrap_or_else(|| options.root.join(crate::config::CONFIG_FILE)),
            message: format!(
                "[vocabulary.{table}] \"{clause}\" is not a leaf clause of the {} catalogue",
                catalogue.name()
            ),
        }));
    }
    Ok(Matcher::with_vocabulary(
        catalogue,
        parties,
        &embedded.extended(extension),
    ))
}

/// For a process another party operates: the better of the organisation's own evidence and evidence of
/// governing that party (a contract or agreement naming it, and a recent review of it).
fn governed(
    evidence: &Evidence<'_>,
    matcher: &Matcher,
    party: usize,
    name: &str,
    own: Judgement,
) -> Judgement {
    let id = matcher.parties[party];
    let year_ago = evidence.as_of.saturating_sub(jiff::Span::new().years(1));
    let mut agreement = None;
    let mut review = None;
    for (i, item) in evidence.index.items.iter().enumerate() {
        if evidence.set_aside[i].is_some() || !evidence.matches[i].text.contains(id) {
            continue;
        }
        use crate::catalogue::DocType::{Agreement, Contract, Minutes, Record, Report};
        match item.metadata.doc_type {
            Some(Agreement | Contract) if agreement.is_none() => agreement = Some(i),
            Some(Report | Minutes | Record) => {
                let date = item.metadata.date.or_else(|| {
                    item.dates_found
                        .iter()
                        .copied()
                        .filter(|d| *d <= evidence.as_of)
                        .max()
                });
                if date.is_some_and(|d| d >= year_ago && d <= evidence.as_of) && review.is_none() {
                    review = Some((i, date));
                }
            }
            _ => {}
        }
    }
    let mut reasons = vec![Reason {
        rule: "other-party",
        path: None,
        text: format!(
            "`{name}` operates this process (iso20k.toml); ISO/IEC 20000-1 allows no exclusion, so it is also \
             judged on evidence of governing that party"
        ),
    }];
    let mut refs = Vec::new();
    let path = |i: usize| evidence.index.items[i].path.clone();
    match agreement {
        Some(i) => {
            reasons.push(Reason {
                rule: "governance-agreement",
                path: Some(path(i)),
                text: format!("`{}` is an agreement or contract naming `{name}`", path(i)),
            });
            refs.push(EvidenceRef {
                path: evidence.paths[i].clone(),
                basis: Basis::Inferred,
                band: Band::Accepted,
                role: Role::Governance,
                dated: None,
                section: None,
            });
        }
        None => reasons.push(Reason {
            rule: "governance-missing",
            path: None,
            text: format!("no contract or agreement naming `{name}` was found"),
        }),
    }
    match review {
        Some((i, dated)) => {
            reasons.push(Reason {
                rule: "governance-review",
                path: Some(path(i)),
                text: format!("`{}` reviews `{name}` within the last year", path(i)),
            });
            refs.push(EvidenceRef {
                path: evidence.paths[i].clone(),
                basis: Basis::Inferred,
                band: Band::Accepted,
                role: Role::Governance,
                dated,
                section: None,
            });
        }
        None => reasons.push(Reason {
            rule: "governance-missing",
            path: None,
            text: format!("no report or minutes from the last year review `{name}`"),
        }),
    }
    let governance = match (agreement, review) {
        (Some(_), Some(_)) => Status::Conformant,
        (None, None) => Status::Gap,
        _ => Status::Partial,
    };
    // The better of the two; both sets of reasons are kept.
    let status = governance.min(own.status);
    reasons.extend(own.reasons);
    refs.extend(own.evidence);
    Judgement {
        status,
        reasons,
        evidence: refs,
        lapsed: own.lapsed && status == own.status,
    }
}

fn result(
    requirement: &Requirement,
    judgement: Judgement,
    judged: Option<Override>,
    operated_by: Option<String>,
) -> RequirementResult {
    let mut reasons = judgement.reasons;
    let status = match &judged {
        Some(o) => {
            let by = o
                .assessor
                .as_deref()
                .map(|a| format!(" by {a}"))
                .unwrap_or_default();
            let on = o.date.map(|d| format!(" on {d}")).unwrap_or_default();
            let note = o
                .note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            reasons.push(Reason {
                rule: "override",
                path: None,
                text: format!(
                    "the assessor's judgement{by}{on} overrides the automatic status ({} → {}){note}",
                    judgement.status.name(),
                    o.status.name()
                ),
            });
            o.status
        }
        None => judgement.status,
    };
    RequirementResult {
        id: requirement.id.clone(),
        clause: requirement.clause.clone(),
        title: requirement.title.clone(),
        summary: requirement.summary.clone(),
        kind: requirement.kind,
        mandatory_document: requirement.mandatory_document,
        process: requirement.process.clone(),
        weight: requirement.weight,
        decisive: requirement.decisive,
        phase: requirement.phase,
        status,
        score: status.value(),
        automatic_status: judgement.status,
        reasons,
        evidence: judgement.evidence,
        override_: judged,
        operated_by,
        transition: None,
    }
}

fn transition_mark(mapping: &Mapping, id: &str) -> TransitionMark {
    let sources = mapping.sources(id);
    let kind = if sources.is_empty() {
        TransitionKind::New
    } else if sources.iter().any(|m| m.changed) {
        TransitionKind::Changed
    } else {
        TransitionKind::Carried
    };
    TransitionMark {
        kind,
        from: sources.iter().map(|m| m.from.clone()).collect(),
    }
}

fn transition_summary(from_edition: &str, requirements: &[RequirementResult]) -> TransitionSummary {
    let of = |kind: TransitionKind| {
        requirements
            .iter()
            .filter(move |r| r.transition.as_ref().is_some_and(|t| t.kind == kind))
    };
    TransitionSummary {
        from_edition: from_edition.to_string(),
        new: of(TransitionKind::New).count(),
        changed: of(TransitionKind::Changed).count(),
        carried: of(TransitionKind::Carried).count(),
        new_open: of(TransitionKind::New)
            .filter(|r| r.status != Status::Conformant)
            .count(),
        changed_open: of(TransitionKind::Changed)
            .filter(|r| r.status != Status::Conformant)
            .count(),
    }
}

/// A weighted score, 0–100 with one decimal, and the counts of conformant, partial and gap results; 0 when
/// there is nothing to score. Views that recompute a score over some results (a diff's carried-over
/// assessment) use this one.
pub fn weighted<'a>(results: impl Iterator<Item = &'a RequirementResult>) -> (f64, [usize; 3]) {
    let mut earned = 0.0;
    let mut possible = 0.0;
    let mut counts = [0; 3];
    for r in results {
        earned += r.status.value() * f64::from(r.weight);
        possible += f64::from(r.weight);
        counts[r.status as usize] += 1;
    }
    let score = if possible > 0.0 {
        (earned / possible * 1000.0).round() / 10.0
    } else {
        0.0
    };
    (score, counts)
}

/// How many of `results` (the requirements within `clause`) of weight 2 or more are conformant, partial
/// and gaps, how many of weight 3 or more fall short, and how many of `clause`'s own decisive ones are
/// gaps (a sub-clause's decisive gap makes that sub-clause a gap, not its parent):
/// [`Status::of_clause`] judges a clause by them.
pub fn heavy_counts<'a>(
    clause: &ClauseNumber,
    results: impl Iterator<Item = &'a RequirementResult>,
) -> Heavy {
    let mut heavy = Heavy::default();
    for r in results {
        if r.decisive && r.status == Status::Gap && r.clause == *clause {
            heavy.decisive_gaps += 1;
        }
        if r.weight < 2 {
            continue;
        }
        heavy.by_status[r.status as usize] += 1;
        if r.weight >= 3 && r.status != Status::Conformant {
            heavy.core_shortfalls += 1;
        }
    }
    heavy
}

fn summary(requirements: &[RequirementResult], evidence_files: usize) -> Summary {
    let (score, [conformant, partial, gap]) = weighted(requirements.iter());
    Summary {
        score,
        requirements: requirements.len(),
        conformant,
        partial,
        gap,
        overridden: requirements
            .iter()
            .filter(|r| r.override_.is_some())
            .count(),
        evidence_files,
        transition: None,
    }
}

fn clause_scores(catalogue: &Catalogue, requirements: &[RequirementResult]) -> Vec<ClauseScore> {
    catalogue
        .clauses
        .iter()
        .filter_map(|clause| {
            let within = |r: &&RequirementResult| r.clause.is_within(&clause.clause);
            if !requirements.iter().any(|r| within(&r)) {
                return None;
            }
            let (score, [conformant, partial, gap]) = weighted(requirements.iter().filter(within));
            let leaf = !catalogue.clauses.iter().any(|other| {
                other.clause != clause.clause && other.clause.is_within(&clause.clause)
            });
            Some(ClauseScore {
                clause: clause.clause.clone(),
                depth: clause.clause.depth(),
                leaf,
                title: clause.title.clone(),
                score,
                status: Status::of_clause(
                    score,
                    [conformant, partial, gap],
                    heavy_counts(&clause.clause, requirements.iter().filter(within)),
                ),
                conformant,
                partial,
                gap,
            })
        })
        .collect()
}

fn process_scores(catalogue: &Catalogue, requirements: &[RequirementResult]) -> Vec<ProcessScore> {
    catalogue
        .processes
        .iter()
        .filter_map(|process| {
            let of = |r: &&RequirementResult| r.process == process.id;
            if !requirements.iter().any(|r| of(&r)) {
                return None;
            }
            let (score, [conformant, partial, gap]) = weighted(requirements.iter().filter(of));
            Some(ProcessScore {
                process: process.id.clone(),
                name: process.name.clone(),
                score,
                conformant,
                partial,
                gap,
            })
        })
        .collect()
}

fn mandatory(requirements: &[RequirementResult], lapsed: &[bool]) -> MandatoryCoverage {
    let mut coverage = MandatoryCoverage {
        total: 0,
        present: Vec::new(),
        missing: Vec::new(),
        expired: Vec::new(),
        incomplete: Vec::new(),
    };
    for (r, lapsed) in requirements.iter().zip(lapsed) {
        if !r.mandatory_document {
            continue;
        }
        coverage.total += 1;
        let list = match r.status {
            Status::Conformant => &mut coverage.present,
            Status::Gap => &mut coverage.missing,
            Status::Partial if *lapsed && r.override_.is_none() => &mut coverage.expired,
            Status::Partial => &mut coverage.incomplete,
        };
        list.push(r.id.clone());
    }
    coverage
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, embedded, load};
    use std::path::Path;

    /// [`assess_only`] lets go of what judging never reads as each file is read: the assessment is the
    /// one the whole register gives, file for file (requirement lists set aside with their reason, record
    /// series, sections cited).
    #[test]
    fn the_assessment_kept_lean_is_the_one_the_whole_register_gives() {
        let catalogue = load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap();
        let as_of = Date::constant(2026, 11, 21);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let folders = [
            root.join("evidence-examples/brightwater-msp"),
            root.join("evidence-examples/harbour-it"),
            root.join("evidence-examples/kestrel-cloud"),
            root.join("tests/corpus/cobalt-council/evidence"),
            root.join("tests/corpus/fenwick-it/evidence"),
            root.join("tests/corpus/lumen-saas/evidence"),
        ];
        for folder in folders {
            let options = ScanOptions {
                config: crate::config::Config::discover(&folder, None).unwrap(),
                root: folder.clone(),
            };
            let judgements = Judgements::default();
            let (whole, index) =
                assess_with(&catalogue, &options, &judgements, as_of, &(), None).unwrap();
            let lean = assess_only(&catalogue, &options, &judgements, as_of, &(), None).unwrap();
            assert!(
                index.items.iter().any(|item| !item.headings.is_empty()),
                "{}: the whole register keeps headings",
                folder.display()
            );
            assert_eq!(
                serde_json::to_string(&whole).unwrap(),
                serde_json::to_string(&lean).unwrap(),
                "{}",
                folder.display()
            );
        }
    }

    struct Made {
        catalogue: Catalogue,
        judgements: Judgements,
    }

    impl Inputs for Made {
        fn catalogue(&self) -> &Catalogue {
            &self.catalogue
        }
        fn judgements(&self) -> &Judgements {
            &self.judgements
        }
        fn as_of(&self) -> Date {
            Date::constant(2026, 11, 21)
        }
        fn earlier(&self) -> Option<Earlier<'_>> {
            None
        }
    }

    fn made() -> Result<Made, String> {
        Ok(Made {
            catalogue: load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap(),
            judgements: Judgements::default(),
        })
    }

    /// [`assess_preparing`] loads the catalogue while the folder is read, some files analysed after the
    /// scan: the assessment and the register are the ones [`assess_with`] and [`assess_only`] give.
    #[test]
    fn loading_while_reading_gives_the_same_assessment() {
        let catalogue = made().unwrap().catalogue;
        let as_of = Date::constant(2026, 11, 21);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in [
            root.join("evidence-examples/brightwater-msp"),
            root.join("evidence-examples/kestrel-cloud"),
            root.join("tests/corpus/fenwick-it/evidence"),
        ] {
            let options = ScanOptions {
                config: crate::config::Config::discover(&folder, None).unwrap(),
                root: folder.clone(),
            };
            let judgements = Judgements::default();
            let (whole, index) =
                assess_with(&catalogue, &options, &judgements, as_of, &(), None).unwrap();
            let (_, overlapped, overlapped_index) =
                assess_preparing(&options, &(), false, made).unwrap();
            assert_eq!(
                serde_json::to_string(&whole).unwrap(),
                serde_json::to_string(&overlapped).unwrap(),
                "{}",
                folder.display()
            );
            assert_eq!(
                serde_json::to_string(&index.items).unwrap(),
                serde_json::to_string(&overlapped_index.items).unwrap(),
                "{}",
                folder.display()
            );
            let (_, lean, lean_index) = assess_preparing(&options, &(), true, made).unwrap();
            assert_eq!(
                serde_json::to_string(&whole).unwrap(),
                serde_json::to_string(&lean).unwrap(),
                "{}",
                folder.display()
            );
            assert!(lean_index.items.iter().all(|item| item.headings.is_empty()));
        }
    }

    /// A file read before the catalogue is there is analysed after the scan: made slow on purpose here,
    /// so every file waits, the assessment is still the same.
    #[test]
    fn files_read_before_the_catalogue_is_there_are_matched_after() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/harbour-it");
        let options = ScanOptions {
            config: crate::config::Config::discover(&folder, None).unwrap(),
            root: folder.clone(),
        };
        let (_, expected, index) = assess_preparing(&options, &(), true, made).unwrap();
        let files = index.items.len();
        let read = std::sync::atomic::AtomicUsize::new(0);
        let read_first = std::sync::atomic::AtomicUsize::new(0);
        let progress = Counting(&read);
        let (_, late, _) = assess_preparing(&options, &progress, true, || {
            // Until every file has been read (with a single thread, the scan waits for this instead).
            let start = std::time::Instant::now();
            while read.load(std::sync::atomic::Ordering::SeqCst) < files
                && start.elapsed() < std::time::Duration::from_secs(10)
            {
                std::thread::yield_now();
            }
            read_first.store(
                read.load(std::sync::atomic::Ordering::SeqCst),
                std::sync::atomic::Ordering::SeqCst,
            );
            made()
        })
        .unwrap();
        if rayon::current_num_threads() > 1 {
            // Every file was read before the catalogue was there.
            assert_eq!(read_first.load(std::sync::atomic::Ordering::SeqCst), files);
        }
        assert!(files > 30);
        assert_eq!(
            serde_json::to_string(&expected).unwrap(),
            serde_json::to_string(&late).unwrap()
        );
    }

    struct Counting<'a>(&'a std::sync::atomic::AtomicUsize);

    impl evidence::Progress for Counting<'_> {
        fn advance(&self) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// `prepare`'s error is given back, before the scan's.
    #[test]
    fn a_failed_preparation_is_the_error() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("evidence-examples/harbour-it");
        let options = ScanOptions {
            config: crate::config::Config::discover(&folder, None).unwrap(),
            root: folder.clone(),
        };
        let failed = assess_preparing(&options, &(), true, || Err::<Made, _>("no catalogue"));
        assert!(matches!(
            failed,
            Err(PreparingError::Prepare("no catalogue"))
        ));
        let missing = ScanOptions {
            config: crate::config::Config::default(),
            root: folder.join("no such folder"),
        };
        let failed = assess_preparing(&missing, &(), true, || Err::<Made, _>("no catalogue"));
        assert!(matches!(
            failed,
            Err(PreparingError::Prepare("no catalogue"))
        ));
        let failed = assess_preparing(&missing, &(), true, made);
        assert!(matches!(
            failed,
            Err(PreparingError::Scan(ScanError::Root { .. }))
        ));
    }
}
