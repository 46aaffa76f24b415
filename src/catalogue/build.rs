//! Validation: turns the raw catalogue files into a [`Catalogue`], or into the full list of problems.
//!
//! Each check reports its problem and carries on, so one run shows everything that is wrong. A value
//! that fails a check is left out of the result; the result is only returned when there are no problems.

use super::raw::{RawAudit, RawEvidence, RawFile, RawRequirement, S};
use super::{
    AuditSpec, Catalogue, Clause, ClauseNumber, DocType, Element, EvidenceSpec, Freshness, Header,
    Kind, Location, Problem, ProcessArea, Recurrence, Requirement, SourceFile,
};
use crate::yaml;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) fn build(files: &[SourceFile], origin: String) -> Result<Catalogue, Vec<Problem>> {
    match build_from(files, origin.clone(), true) {
        // JSON carries no positions: problems are found again in the YAML, with their lines.
        Err(_) if files.iter().any(|f| f.json.is_some()) => build_from(files, origin, false),
        built => built,
    }
}

/// [`build`], reading embedded files from their JSON when `json` is set.
fn build_from(files: &[SourceFile], origin: String, json: bool) -> Result<Catalogue, Vec<Problem>> {
    let mut v = Validator::default();
    // The files are parsed on every core (parsing is most of loading a catalogue), then taken in order.
    // An embedded file is read from the JSON it was converted to at build time when that fits (its
    // YAML otherwise, which also gives the positions for any problem).
    let results: Vec<Result<RawFile, yaml::YamlError>> = files
        .par_iter()
        .map(|file| {
            match file
                .json
                .filter(|_| json)
                .map(serde_json::from_str::<RawFile>)
            {
                Some(Ok(raw)) => Ok(raw),
                _ => yaml::from_str::<RawFile>(&file.text),
            }
        })
        .collect();
    let parsed: Vec<(&SourceFile, RawFile)> = files
        .iter()
        .zip(results)
        .filter_map(|(file, result)| match result {
            Ok(raw) => Some((file, raw)),
            Err(err) => {
                v.report(at_position(file, err.line, err.column), err.message);
                None
            }
        })
        .collect();
    // A file that does not parse hides its ids, clauses and processes from every other file: checking
    // the rest would report each reference to them as missing. Report the parse errors alone.
    if parsed.len() < files.len() {
        let mut problems = v.problems;
        problems.sort();
        return Err(problems);
    }

    let header = v.header(&parsed, files);
    let clauses = v.clauses(&parsed);
    let processes = v.processes(&parsed);
    let table: HashMap<&ClauseNumber, &str> = clauses
        .iter()
        .map(|c| (&c.clause, c.title.as_str()))
        .collect();
    let process_ids: BTreeSet<&str> = processes.iter().map(|p| p.id.as_str()).collect();

    let mut requirements = Vec::new();
    for (file, raw) in &parsed {
        for item in raw.requirements.iter().flatten() {
            if let Some(req) = v.requirement(file, item, &table, &process_ids) {
                requirements.push(req);
            }
        }
    }
    v.cross_check(&requirements, &clauses, &parsed);

    if !v.problems.is_empty() {
        let mut problems = v.problems;
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    requirements.sort_by(|a, b| a.clause.cmp(&b.clause));
    Ok(Catalogue {
        header: header.expect("a catalogue without problems has a header"),
        clauses,
        processes,
        requirements,
        origin,
    })
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

fn at<T>(file: &SourceFile, spanned: &S<T>) -> Location {
    at_position(file, spanned.referenced.line(), spanned.referenced.column())
}

fn at_position(file: &SourceFile, line: u64, column: u64) -> Location {
    Location {
        file: file.name.clone(),
        line,
        column,
    }
}

fn whole_file(file: &SourceFile) -> Location {
    at_position(file, 0, 0)
}

/// True when `text` uses the word "shall": catalogue prose is ours, and that word suggests copied text.
fn says_shall(text: &str) -> bool {
    // Most prose holds no `s` followed by `hall` at all: looked for as bytes first (start-up time).
    let bytes = text.as_bytes();
    let holds = memchr::memchr2_iter(b's', b'S', bytes).any(|at| {
        bytes
            .get(at..at + 5)
            .is_some_and(|five| five.eq_ignore_ascii_case(b"shall"))
    });
    holds
        && text
            .split(|c: char| !c.is_alphabetic())
            .any(|word| word.eq_ignore_ascii_case("shall"))
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_semver(text: &str) -> bool {
    let core = text.split(['-', '+']).next().unwrap_or_default();
    let numbers: Vec<&str> = core.split('.').collect();
    let well_formed_number = |n: &&str| {
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && (n.len() == 1 || !n.starts_with('0'))
    };
    let suffix = &text[core.len()..];
    let suffix_ok = suffix.is_empty()
        || suffix[1..]
            .split(['-', '+', '.'])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    numbers.len() == 3 && numbers.iter().all(well_formed_number) && suffix_ok
}

impl Validator {
    fn report(&mut self, location: Location, message: impl Into<String>) {
        self.problems.push(Problem {
            location,
            message: message.into(),
        });
    }

    /// A required value: reports it missing at `location` when absent.
    fn required<'a, T>(
        &mut self,
        value: &'a Option<S<T>>,
        location: &Location,
        what: &str,
        key: &str,
    ) -> Option<&'a S<T>> {
        if value.is_none() {
            self.report(location.clone(), format!("{what} has no `{key}`"));
        }
        value.as_ref()
    }

    /// A non-empty list of non-blank phrases.
    fn phrases(
        &mut self,
        file: &SourceFile,
        list: &Option<Vec<S<String>>>,
        location: &Location,
        what: &str,
        key: &str,
    ) -> Option<Vec<String>> {
        let Some(list) = list else {
            self.report(location.clone(), format!("{what} has no `{key}`"));
            return None;
        };
        if list.is_empty() {
            self.report(
                location.clone(),
                format!("{what} has an empty `{key}` list"),
            );
            return None;
        }
        self.optional_phrases(file, list, what, key)
    }

    fn optional_phrases(
        &mut self,
        file: &SourceFile,
        list: &[S<String>],
        what: &str,
        key: &str,
    ) -> Option<Vec<String>> {
        let mut ok = true;
        for phrase in list {
            if phrase.value.trim().is_empty() {
                self.report(
                    at(file, phrase),
                    format!("{what} has a blank entry in `{key}`"),
                );
                ok = false;
            } else if says_shall(&phrase.value) {
                self.report(at(file, phrase), shall_message(what, key));
                ok = false;
            }
        }
        ok.then(|| list.iter().map(|p| p.value.trim().to_string()).collect())
    }

    fn header(
        &mut self,
        parsed: &[(&SourceFile, RawFile)],
        files: &[SourceFile],
    ) -> Option<Header> {
        let candidates: Vec<&(&SourceFile, RawFile)> = parsed
            .iter()
            .filter(|(_, raw)| {
                raw.standard.is_some()
                    || raw.edition.is_some()
                    || raw.version.is_some()
                    || raw.date.is_some()
            })
            .collect();
        let (file, raw) = match candidates.as_slice() {
            [] => {
                // Only blame a missing header when every file could be read.
                if parsed.len() == files.len() {
                    let location = files.first().map(whole_file).unwrap_or_default();
                    self.report(
                        location,
                        "no catalogue header: one file (catalogue.yaml in a folder) must give \
                         `standard`, `edition`, `version` and `date`",
                    );
                }
                return None;
            }
            [one] => one,
            [first, rest @ ..] => {
                for (file, _) in rest {
                    self.report(
                        whole_file(file),
                        format!(
                            "a second catalogue header; the header is already given in {}",
                            first.0.name
                        ),
                    );
                }
                first
            }
        };
        let here = whole_file(file);
        let what = "the catalogue header";
        let standard = self.required(&raw.standard, &here, what, "standard");
        let edition = self.required(&raw.edition, &here, what, "edition");
        let version = self.required(&raw.version, &here, what, "version");
        let date = self.required(&raw.date, &here, what, "date");
        let (standard, edition, version, date) = (standard?, edition?, version?, date?);

        let mut ok = true;
        if standard.value.trim().is_empty() {
            self.report(at(file, standard), "`standard` is empty");
            ok = false;
        }
        if edition.value.len() != 4 || !edition.value.bytes().all(|b| b.is_ascii_digit()) {
            self.report(
                at(file, edition),
                format!(
                    "`edition` must be a year such as \"2018\", not `{}`",
                    edition.value
                ),
            );
            ok = false;
        }
        if !is_semver(&version.value) {
            self.report(
                at(file, version),
                format!(
                    "`version` must be a semantic version such as 1.2.0, not `{}`",
                    version.value
                ),
            );
            ok = false;
        }
        let parsed_date = date
            .value
            .parse::<jiff::civil::Date>()
            .ok()
            .filter(|_| date.value.len() == 10);
        if parsed_date.is_none() {
            self.report(
                at(file, date),
                format!(
                    "`date` must be a date written YYYY-MM-DD, not `{}`",
                    date.value
                ),
            );
        }
        Some(Header {
            standard: standard.value.trim().to_string(),
            edition: edition.value.clone(),
            version: version.value.clone(),
            date: parsed_date?,
            title: raw.title.as_ref().map(|t| t.value.trim().to_string()),
        })
        .filter(|_| ok)
    }

    fn clauses(&mut self, parsed: &[(&SourceFile, RawFile)]) -> Vec<Clause> {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut seen: HashMap<ClauseNumber, Location> = HashMap::new();
        let mut any_table = false;
        for (file, raw) in parsed {
            let Some(table) = &raw.clauses else { continue };
            any_table = true;
            for entry in &table.value {
                let here = at(file, entry);
                let what = "a clause table entry";
                let number = self.required(&entry.value.clause, &here, what, "clause");
                let title = self.required(&entry.value.title, &here, what, "title");
                let (Some(number), Some(title)) = (number, title) else {
                    continue;
                };
                let Ok(clause) = number.value.parse::<ClauseNumber>() else {
                    self.report(
                        at(file, number),
                        format!("`{}` is not a clause number such as 8.5.1", number.value),
                    );
                    continue;
                };
                if title.value.trim().is_empty() {
                    self.report(
                        at(file, title),
                        format!("clause {clause} has an empty title"),
                    );
                    continue;
                }
                if let Some(first) = seen.get(&clause) {
                    self.report(
                        at(file, number),
                        format!("clause {clause} is listed twice (first at {first})"),
                    );
                    continue;
                }
                seen.insert(clause.clone(), at(file, number));
                clauses.push(Clause {
                    clause,
                    title: title.value.trim().to_string(),
                });
            }
        }
        if !any_table && let Some((file, _)) = parsed.first() {
            self.report(
                whole_file(file),
                "no clause table: the header file must list `clauses` with their titles",
            );
        }
        for clause in &clauses {
            if let Some(parent) = clause.clause.parent()
                && !seen.contains_key(&parent)
            {
                self.report(
                    seen[&clause.clause].clone(),
                    format!(
                        "clause {} is listed but its parent clause {parent} is not",
                        clause.clause
                    ),
                );
            }
        }
        clauses.sort_by(|a, b| a.clause.cmp(&b.clause));
        clauses
    }

    fn processes(&mut self, parsed: &[(&SourceFile, RawFile)]) -> Vec<ProcessArea> {
        let mut processes = Vec::new();
        let mut seen: HashMap<String, Location> = HashMap::new();
        // Each dependency with where it is written, checked once every process area is known.
        let mut dependencies: Vec<(usize, String, Location)> = Vec::new();
        for (file, raw) in parsed {
            for entry in raw.processes.iter().flat_map(|t| &t.value) {
                let here = at(file, entry);
                let what = "a process area";
                let id = self.required(&entry.value.id, &here, what, "id");
                let name = self.required(&entry.value.name, &here, what, "name");
                let (Some(id), Some(name)) = (id, name) else {
                    continue;
                };
                if !is_kebab(&id.value) {
                    self.report(
                        at(file, id),
                        format!("process id `{}` must be lowercase kebab-case", id.value),
                    );
                    continue;
                }
                if let Some(first) = seen.get(&id.value) {
                    self.report(
                        at(file, id),
                        format!(
                            "process area `{}` is listed twice (first at {first})",
                            id.value
                        ),
                    );
                    continue;
                }
                seen.insert(id.value.clone(), at(file, id));
                for dependency in entry.value.depends_on.iter().flat_map(|d| &d.value) {
                    dependencies.push((
                        processes.len(),
                        dependency.value.clone(),
                        at(file, dependency),
                    ));
                }
                processes.push(ProcessArea {
                    id: id.value.clone(),
                    name: name.value.trim().to_string(),
                    depends_on: Vec::new(),
                });
            }
        }
        for (process, dependency, here) in dependencies {
            let id = &processes[process].id;
            if !seen.contains_key(&dependency) {
                self.report(
                    here,
                    format!(
                        "process area `{id}` depends on the unknown process area `{dependency}`"
                    ),
                );
            } else if &dependency == id {
                self.report(here, format!("process area `{id}` depends on itself"));
            } else if !processes[process].depends_on.contains(&dependency) {
                processes[process].depends_on.push(dependency);
            }
        }
        if let Some(cycle) = dependency_cycle(&processes) {
            self.report(
                seen[&cycle[0]].clone(),
                format!(
                    "process areas depend on each other in a cycle: {}",
                    cycle.join(" → ")
                ),
            );
        }
        processes
    }

    fn requirement(
        &mut self,
        file: &SourceFile,
        item: &S<RawRequirement>,
        table: &HashMap<&ClauseNumber, &str>,
        process_ids: &BTreeSet<&str>,
    ) -> Option<Requirement> {
        let raw = &item.value;
        let here = at(file, item);
        let what = match &raw.id {
            Some(id) => format!("requirement `{}`", id.value),
            None => "a requirement".to_string(),
        };
        let problems_before = self.problems.len();

        let id = self.required(&raw.id, &here, &what, "id");
        let clause = self.required(&raw.clause, &here, &what, "clause");
        let title = self.required(&raw.title, &here, &what, "title");
        let summary = self.required(&raw.summary, &here, &what, "summary");
        let kind = self.required(&raw.kind, &here, &what, "kind");
        let mandatory = self.required(&raw.mandatory_document, &here, &what, "mandatory_document");
        let process = self.required(&raw.process, &here, &what, "process");
        let evidence = self.required(&raw.evidence, &here, &what, "evidence");
        let audit = self.required(&raw.audit, &here, &what, "audit");
        let phase = self.required(&raw.phase, &here, &what, "phase");
        let weight = self.required(&raw.weight, &here, &what, "weight");

        let clause = clause.and_then(|c| match c.value.parse::<ClauseNumber>() {
            Ok(number) => Some((number, at(file, c))),
            Err(err) => {
                self.report(at(file, c), err.to_string());
                None
            }
        });
        if let Some((number, location)) = &clause {
            match table.get(number) {
                None => self.report(
                    location.clone(),
                    format!("{what}: clause {number} is not in the clause table"),
                ),
                Some(expected) => {
                    if let Some(title) = title
                        && title.value.trim() != *expected
                    {
                        self.report(
                            at(file, title),
                            format!(
                                "{what}: title `{}` does not match clause {number}'s title `{expected}`",
                                title.value.trim()
                            ),
                        );
                    }
                }
            }
        }
        if let Some(id) = id {
            self.check_id(file, id, clause.as_ref().map(|(n, _)| n));
        }
        if let Some(summary) = summary {
            if summary.value.trim().is_empty() {
                self.report(at(file, summary), format!("{what} has an empty summary"));
            } else if says_shall(&summary.value) {
                self.report(at(file, summary), shall_message(&what, "summary"));
            }
        }
        let kind = kind.and_then(|k| {
            let parsed = Kind::ALL.into_iter().find(|known| known.name() == k.value);
            if parsed.is_none() {
                self.report(
                    at(file, k),
                    format!(
                        "{what}: unknown kind `{}` (expected document, record or activity)",
                        k.value
                    ),
                );
            }
            parsed
        });
        if let (Some(Kind::Activity), Some(m)) = (kind, mandatory)
            && m.value
        {
            self.report(
                at(file, m),
                format!(
                    "{what}: mandatory documented information must be a `document` or a `record`, \
                     not an `activity`"
                ),
            );
        }
        if let Some(p) = process
            && !process_ids.contains(p.value.as_str())
        {
            self.report(
                at(file, p),
                format!(
                    "{what}: unknown process area `{}` (not in the header's `processes`)",
                    p.value
                ),
            );
        }
        let evidence = evidence.and_then(|e| self.evidence(file, e, kind, &what));
        let audit = audit.and_then(|a| self.audit(file, a, &what));
        let phase = phase.and_then(|p| self.in_range(file, p, 1, 3, &what, "phase"));
        let weight = weight.and_then(|w| self.in_range(file, w, 1, 5, &what, "weight"));
        let effort_days = raw.effort_days.as_ref().and_then(|e| {
            let ok = e.value.is_finite() && e.value > 0.0 && e.value <= 250.0;
            if !ok {
                self.report(
                    at(file, e),
                    format!(
                        "{what}: `effort_days` must be more than 0 and at most 250, not {}",
                        e.value
                    ),
                );
            }
            ok.then_some(e.value)
        });
        let related = raw
            .related
            .iter()
            .flatten()
            .map(|r| r.value.trim().to_string())
            .collect();

        if self.problems.len() != problems_before {
            return None;
        }
        Some(Requirement {
            id: id?.value.clone(),
            clause: clause?.0,
            title: title?.value.trim().to_string(),
            summary: summary?.value.trim().to_string(),
            kind: kind?,
            mandatory_document: mandatory?.value,
            process: process?.value.clone(),
            evidence: evidence?,
            audit: audit?,
            phase: phase?,
            weight: weight?,
            decisive: raw.decisive.as_ref().is_some_and(|d| d.value),
            effort_days,
            related,
            location: here,
        })
    }

    fn check_id(&mut self, file: &SourceFile, id: &S<String>, clause: Option<&ClauseNumber>) {
        let text = &id.value;
        let well_formed = text
            .split_once('-')
            .filter(|(prefix, slug)| prefix.parse::<ClauseNumber>().is_ok() && is_kebab(slug));
        match (well_formed, clause) {
            (None, _) => self.report(
                at(file, id),
                format!(
                    "id `{text}` is malformed: write the clause number, a hyphen, then a lowercase \
                     kebab-case name, e.g. `8.5.1.1-change-policy`"
                ),
            ),
            (Some((prefix, _)), Some(clause)) if prefix != clause.to_string() => self.report(
                at(file, id),
                format!("id `{text}` does not start with its clause number `{clause}-`"),
            ),
            _ => {}
        }
    }

    fn in_range(
        &mut self,
        file: &SourceFile,
        value: &S<i64>,
        low: i64,
        high: i64,
        what: &str,
        key: &str,
    ) -> Option<u8> {
        if (low..=high).contains(&value.value) {
            u8::try_from(value.value).ok()
        } else {
            self.report(
                at(file, value),
                format!(
                    "{what}: `{key}` must be from {low} to {high}, not {}",
                    value.value
                ),
            );
            None
        }
    }

    fn evidence(
        &mut self,
        file: &SourceFile,
        evidence: &S<RawEvidence>,
        kind: Option<Kind>,
        what: &str,
    ) -> Option<EvidenceSpec> {
        let here = at(file, evidence);
        let raw = &evidence.value;
        let before = self.problems.len();

        let mut doc_types = Vec::new();
        match &raw.doc_types {
            None => self.report(here.clone(), format!("{what} has no `evidence.doc_types`")),
            Some(list) if list.is_empty() => self.report(
                here.clone(),
                format!("{what} has an empty `evidence.doc_types` list"),
            ),
            Some(list) => {
                for t in list {
                    match DocType::from_name(&t.value) {
                        Some(doc_type) => doc_types.push(doc_type),
                        None => self.report(
                            at(file, t),
                            format!(
                                "{what}: unknown document type `{}` (known types: {})",
                                t.value,
                                DocType::ALL.map(DocType::name).join(", ")
                            ),
                        ),
                    }
                }
            }
        }
        let title_hints = self.phrases(file, &raw.title_hints, &here, what, "evidence.title_hints");
        let keywords = self.phrases(file, &raw.keywords, &here, what, "evidence.keywords");
        let mut elements = Vec::new();
        for element in raw.elements.iter().flatten() {
            let element_here = at(file, element);
            let name = self.required(&element.value.name, &element_here, what, "element name");
            let keywords = self.phrases(
                file,
                &element.value.keywords,
                &element_here,
                what,
                "evidence.elements.keywords",
            );
            if let Some(name) = name {
                if name.value.trim().is_empty() {
                    self.report(
                        at(file, name),
                        format!("{what} has an element with an empty name"),
                    );
                } else if says_shall(&name.value) {
                    self.report(at(file, name), shall_message(what, "element name"));
                }
                if let Some(keywords) = keywords {
                    elements.push(Element {
                        name: name.value.trim().to_string(),
                        keywords,
                        essential: element.value.essential.as_ref().is_some_and(|e| e.value),
                    });
                }
            }
        }
        let freshness = raw
            .freshness
            .as_ref()
            .and_then(|f| match f.value.parse::<Freshness>() {
                Ok(freshness) => Some(freshness),
                Err(err) => {
                    self.report(at(file, f), format!("{what}: {err}"));
                    None
                }
            });
        match (kind, &raw.freshness) {
            (Some(Kind::Record), None) => self.report(
                here.clone(),
                format!(
                    "{what} is a record but has no `evidence.freshness` (how recent the latest record \
                     must be, e.g. `12 months`)"
                ),
            ),
            (Some(Kind::Document), Some(f)) => self.report(
                at(file, f),
                format!(
                    "{what} is a document: documents are judged by their own review dates, so \
                     `evidence.freshness` applies only to records and activities"
                ),
            ),
            _ => {}
        }
        let recurrence = raw.recurrence.as_ref().and_then(|r| {
            let parsed = Recurrence::ALL.into_iter().find(|known| known.name() == r.value);
            if parsed.is_none() {
                self.report(
                    at(file, r),
                    format!(
                        "{what}: unknown recurrence `{}` (expected weekly, monthly, quarterly or annually)",
                        r.value
                    ),
                );
            }
            parsed
        });

        (self.problems.len() == before).then(|| EvidenceSpec {
            doc_types,
            title_hints: title_hints.unwrap_or_default(),
            keywords: keywords.unwrap_or_default(),
            elements,
            freshness,
            recurrence,
            mandatory_set: raw.mandatory_set.as_ref().is_some_and(|m| m.value),
            document_reviews: raw.document_reviews.as_ref().is_some_and(|m| m.value),
        })
    }

    fn audit(&mut self, file: &SourceFile, audit: &S<RawAudit>, what: &str) -> Option<AuditSpec> {
        let here = at(file, audit);
        let raw = &audit.value;
        let before = self.problems.len();
        let mut stages = Vec::new();
        match &raw.stages {
            None => self.report(here.clone(), format!("{what} has no `audit.stages`")),
            Some(list) if list.is_empty() => self.report(
                here.clone(),
                format!("{what} has an empty `audit.stages` list"),
            ),
            Some(list) => {
                for stage in list {
                    match u8::try_from(stage.value) {
                        Ok(n @ (1 | 2)) if !stages.contains(&n) => stages.push(n),
                        Ok(n @ (1 | 2)) => self.report(
                            at(file, stage),
                            format!("{what}: audit stage {n} is listed twice"),
                        ),
                        _ => self.report(
                            at(file, stage),
                            format!("{what}: audit stage must be 1 or 2, not {}", stage.value),
                        ),
                    }
                }
            }
        }
        stages.sort_unstable();
        let questions = self.phrases(file, &raw.questions, &here, what, "audit.questions");
        let interview = raw
            .interview
            .as_ref()
            .and_then(|list| self.optional_phrases(file, list, what, "audit.interview"));
        (self.problems.len() == before).then(|| AuditSpec {
            stages,
            questions: questions.unwrap_or_default(),
            interview: interview.unwrap_or_default(),
        })
    }

    fn cross_check(
        &mut self,
        requirements: &[Requirement],
        clauses: &[Clause],
        parsed: &[(&SourceFile, RawFile)],
    ) {
        // Duplicate ids are checked on the raw files, so a duplicate of an otherwise broken
        // requirement is still reported.
        let mut first_seen: BTreeMap<&str, Location> = BTreeMap::new();
        for (file, raw) in parsed {
            for item in raw.requirements.iter().flatten() {
                let Some(id) = &item.value.id else { continue };
                let here = at(file, id);
                match first_seen.get(id.value.as_str()) {
                    Some(first) => self.report(
                        here,
                        format!("duplicate id `{}` (first defined at {first})", id.value),
                    ),
                    None => {
                        first_seen.insert(&id.value, here);
                    }
                }
            }
        }
        for (file, raw) in parsed {
            for item in raw.requirements.iter().flatten() {
                let own = item.value.id.as_ref().map(|id| id.value.as_str());
                for related in item.value.related.iter().flatten() {
                    let target = related.value.trim();
                    if Some(target) == own {
                        self.report(
                            at(file, related),
                            format!("`{target}` lists itself as related"),
                        );
                    } else if !first_seen.contains_key(target) {
                        self.report(
                            at(file, related),
                            format!("related id `{target}` does not exist"),
                        );
                    }
                }
            }
        }
        // Only judge coverage when every requirement was readable: otherwise a clause may look empty
        // just because its requirements have problems of their own.
        if !self.problems.is_empty() {
            return;
        }
        let covered: BTreeSet<&ClauseNumber> = requirements.iter().map(|r| &r.clause).collect();
        let header_file = parsed.iter().find(|(_, raw)| raw.clauses.is_some());
        for clause in super::leaf_clauses(clauses) {
            if !covered.contains(&clause.clause) {
                let location = header_file
                    .and_then(|(file, raw)| {
                        let table = raw.clauses.as_ref()?;
                        let entry = table.value.iter().find(|e| {
                            e.value.clause.as_ref().map(|c| c.value.as_str())
                                == Some(clause.clause.to_string().as_str())
                        })?;
                        Some(at(file, entry))
                    })
                    .unwrap_or_default();
                self.report(
                    location,
                    format!(
                        "clause {} ({}) has no requirement; ISO/IEC 20000-1 allows no exclusions, so \
                         every clause needs at least one",
                        clause.clause, clause.title
                    ),
                );
            }
        }
    }
}

fn shall_message(what: &str, key: &str) -> String {
    format!(
        "{what}: the {key} uses the word \"shall\", which suggests text taken from the standard; \
         write it in our own words"
    )
}

/// A cycle among the process areas' dependencies, as the ids along it (the first repeated at the end), or
/// `None` when they are acyclic.
fn dependency_cycle(processes: &[ProcessArea]) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        at: usize,
        processes: &[ProcessArea],
        index: &HashMap<&str, usize>,
        marks: &mut [Mark],
        path: &mut Vec<usize>,
    ) -> Option<Vec<String>> {
        marks[at] = Mark::Open;
        path.push(at);
        for dependency in &processes[at].depends_on {
            let next = index[dependency.as_str()];
            match marks[next] {
                Mark::Open => {
                    let start = path.iter().position(|&p| p == next).unwrap_or(0);
                    let mut cycle: Vec<String> = path[start..]
                        .iter()
                        .map(|&p| processes[p].id.clone())
                        .collect();
                    cycle.push(processes[next].id.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(cycle) = visit(next, processes, index, marks, path) {
                        return Some(cycle);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks[at] = Mark::Done;
        None
    }
    let index: HashMap<&str, usize> = processes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut marks = vec![Mark::New; processes.len()];
    (0..processes.len()).find_map(|start| {
        if marks[start] == Mark::New {
            visit(start, processes, &index, &mut marks, &mut Vec::new())
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver() {
        for good in ["1.0.0", "0.1.0", "10.20.30", "1.0.0-rc.1", "1.0.0+build.5"] {
            assert!(is_semver(good), "{good}");
        }
        for bad in ["1.0", "1", "01.0.0", "1.0.0-", "v1.0.0", "1.0.x", ""] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn shall_is_a_word_not_a_substring() {
        assert!(says_shall("The organisation shall keep a policy"));
        assert!(says_shall("SHALL"));
        assert!(!says_shall("marshall the evidence"));
        assert!(!says_shall("shallow review"));
    }

    #[test]
    fn embedded_catalogues_read_from_their_build_time_json_equal_their_yaml() {
        for edition in crate::catalogue::embedded_editions() {
            let source = crate::catalogue::CatalogueSource::Embedded(
                crate::catalogue::embedded(edition).unwrap(),
            );
            let files = source.read().unwrap();
            for file in &files {
                let json = file
                    .json
                    .unwrap_or_else(|| panic!("{} has no JSON", file.name));
                serde_json::from_str::<RawFile>(json)
                    .unwrap_or_else(|e| panic!("{} does not read from JSON: {e}", file.name));
            }
            let from_json = build_from(&files, source.describe(), true).unwrap();
            let from_yaml = build_from(&files, source.describe(), false).unwrap();
            assert_eq!(
                serde_json::to_string(&from_json).unwrap(),
                serde_json::to_string(&from_yaml).unwrap(),
                "{edition}"
            );
            assert_eq!(
                format!("{:?}", from_json.header),
                format!("{:?}", from_yaml.header)
            );
        }
    }

    #[test]
    fn a_problem_in_an_embedded_file_is_reported_at_its_yaml_line() {
        let mut files = crate::catalogue::CatalogueSource::default().read().unwrap();
        let file = files
            .iter_mut()
            .find(|f| f.name.ends_with("/catalogue.yaml"))
            .unwrap();
        let line = file
            .text
            .lines()
            .position(|l| l.starts_with("version:"))
            .unwrap()
            + 1;
        file.text = file
            .text
            .lines()
            .map(|l| {
                if l.starts_with("version:") {
                    "version: \"one\""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        // The JSON reads (it carries no positions) but the catalogue it gives has a problem.
        let value: serde_json::Value = serde_saphyr::from_str(&file.text).unwrap();
        file.json = Some(Box::leak(value.to_string().into_boxed_str()));
        let problems = build(&files, "test".to_string()).unwrap_err();
        let version = problems
            .iter()
            .find(|p| p.message.contains("version"))
            .unwrap_or_else(|| panic!("{problems:?}"));
        assert_eq!(version.location.line, line as u64, "{problems:?}");
    }
}
