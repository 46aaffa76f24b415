//! The phased implementation plan: the assessment's gaps turned into work packages, ordered by the
//! catalogue's process dependencies, grouped into three phases and scheduled for the team's capacity.
//!
//! The phase model is the toolkit's own reading of the phased approach of ISO/IEC TR 20000-5, not text
//! from it. The rules, in order:
//!
//! 1. **Work packages.** Each process area with requirements not conformant gets up to two packages:
//!    `WP-<process>-1` establishes its documented way of working (document requirements, and activities
//!    held back by a missing or unapproved document) and `WP-<process>-2` operates it and keeps records
//!    (record requirements and the other activities). Every requirement not conformant is in exactly
//!    one package. A plan with any work ends with the internal audit (`WP-internal-audit-2`) and the
//!    management review (`WP-management-review-2`), which exist even when those processes are conformant.
//! 2. **Effort.** A requirement's effort is the catalogue's `effort_days` (2 when it gives none), halved
//!    when it is partial; `[plan.effort]` in `iso20k.toml` overrides a requirement or a whole package.
//! 3. **Dependencies.** For every process area Q that P depends on (`depends_on` in the catalogue),
//!    `WP-P-1` follows `WP-Q-1`, and `WP-P-2` follows `WP-Q-2` (or `WP-Q-1` when Q has no records to
//!    produce); `WP-P-2` follows `WP-P-1`. When Q has no package, Q's own dependencies stand in for it.
//!    Every package that nothing else follows comes before the internal audit.
//! 4. **Phases.** A package's phase is the lowest catalogue phase among its requirements (3 for the
//!    audit and review), raised to the phase of anything it depends on.
//! 5. **Schedule.** One person works a package from start to end; its duration is its effort in working
//!    days, rounded up. `[plan] people` packages run at once, each person working `days_per_week` days
//!    (Monday onwards). Packages are started in order of the longest chain of work they hold up. The
//!    critical path is the longest chain of dependencies by duration.
//! 6. **Milestones.** Internal audit and management review when their packages end; Stage 1
//!    `stage1_after_days` (14) calendar days after the review; Stage 2 `stage2_after_days` (30) after
//!    Stage 1; each moved to a weekday.

use super::Header;
use crate::assess::{Assessment, RequirementResult, Status};
use crate::catalogue::{Catalogue, Kind};
use crate::config::PlanConfig;
use crate::evidence::EvidenceIndex;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The version of the plan's JSON layout.
pub const SCHEMA_VERSION: u32 = 1;

/// Said in every plan, so nobody mistakes the phase model for the technical report's.
pub const APPROACH: &str = "The three phases are the toolkit's own reading of the phased approach of \
    ISO/IEC TR 20000-5 (an exemplar implementation plan), not text from it: the scope stays fixed, each \
    phase builds on the one before, and when the last ends every requirement should be met.";

const PHASES: [&str; 3] = [
    "Foundations and the highest-risk processes",
    "The remaining service management processes",
    "Measurement, audit, review and improvement",
];

/// A requirement's effort when the catalogue gives none, in person-days.
const DEFAULT_EFFORT: f64 = 2.0;

/// Rules of the assessment that mean a requirement's documented way of working is what is missing.
const DOCUMENT_SHORTFALLS: &[&str] = &[
    "activity-document-lapsed",
    "activity-undocumented",
    "document-draft",
    "document-unapproved",
    "elements-missing",
    "review-overdue",
    "no-review-date",
];

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub schema_version: u32,
    #[serde(flatten)]
    pub header: Header,
    /// That the phase model is the toolkit's reading of ISO/IEC TR 20000-5, not text from it.
    pub approach: &'static str,
    pub team: Team,
    /// The first working day of the plan.
    pub start: Date,
    /// The last working day of the last work package (`null` for an empty plan).
    pub finish: Option<Date>,
    /// `--target-stage1`, when given.
    pub target_stage1: Option<Date>,
    /// When the target cannot be met: by how much.
    pub shortfall: Option<Shortfall>,
    /// Nothing to do: every requirement is conformant.
    pub empty: bool,
    /// A sentence on the plan as a whole.
    pub message: String,
    pub phases: Vec<Phase>,
    pub milestones: Vec<Milestone>,
    /// The work package ids on the longest chain of dependencies, first to last.
    pub critical_path: Vec<String>,
    /// The critical path's length, in working days.
    pub critical_days: u32,
    /// The schedule's length with the team's capacity, in working days.
    pub schedule_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Team {
    pub people: u8,
    pub days_per_week: u8,
}

/// How far a target Stage 1 date is out of reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortfall {
    pub target: Date,
    /// The earliest Stage 1 the plan allows, starting at once.
    pub earliest: Date,
    /// Calendar days between the two.
    pub days: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub number: u8,
    pub name: &'static str,
    pub work_packages: Vec<WorkPackage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkPackage {
    pub id: String,
    pub title: String,
    pub process: String,
    /// `establish` (the documented way of working) or `operate` (running it and keeping records).
    pub step: &'static str,
    /// The requirements not conformant it closes.
    pub requirements: Vec<String>,
    /// The documents and records to produce.
    pub deliverables: Vec<String>,
    pub depends_on: Vec<String>,
    /// Person-days.
    pub effort_days: f64,
    /// Working days, for one person.
    pub duration_days: u32,
    pub start: Date,
    /// The last working day.
    pub end: Date,
    pub owner: Option<String>,
    /// Where the owner comes from: `configuration` (`[plan.owners]`) or `evidence` (the most frequent
    /// owner of the process's evidence).
    pub owner_source: Option<&'static str>,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub id: &'static str,
    pub name: &'static str,
    pub date: Date,
}

/// Where the schedule is anchored.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Plan forwards from this day [default: the as-of date].
    pub start: Option<Date>,
    /// Plan backwards so that Stage 1 falls on or before this day.
    pub target_stage1: Option<Date>,
}

/// A work package before it is scheduled.
struct Draft {
    id: String,
    process: String,
    step: Step,
    requirements: Vec<String>,
    deliverables: Vec<String>,
    depends_on: Vec<usize>,
    effort: f64,
    duration: u32,
    phase: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Step {
    Establish,
    Operate,
}

/// Builds the plan.
pub fn plan(
    catalogue: &Catalogue,
    assessment: &Assessment,
    index: &EvidenceIndex,
    config: &PlanConfig,
    options: PlanOptions,
) -> Plan {
    let team = Team {
        people: config.people.unwrap_or(2).max(1),
        days_per_week: config.days_per_week.unwrap_or(5).clamp(1, 7),
    };
    let earliest_start = options.start.unwrap_or(assessment.as_of);
    let drafts = drafts(catalogue, assessment, config);
    let mut plan = Plan {
        schema_version: SCHEMA_VERSION,
        header: Header::new(assessment),
        approach: APPROACH,
        team,
        start: first_working_day(earliest_start, team.days_per_week),
        finish: None,
        target_stage1: options.target_stage1,
        shortfall: None,
        empty: drafts.is_empty(),
        message: String::new(),
        phases: Vec::new(),
        milestones: Vec::new(),
        critical_path: Vec::new(),
        critical_days: 0,
        schedule_days: 0,
    };
    if drafts.is_empty() {
        plan.message =
            "Every requirement is conformant: there is nothing to implement. Keep the SMS \
            running (internal audits, management reviews) and book the certification audit."
                .to_string();
        return plan;
    }

    let order = topological(&drafts);
    let (critical, critical_days) = critical_path(&drafts, &order);
    let (starts, schedule_days) = schedule(&drafts, &order, team.people);

    // Anchor the calendar: forwards from the start, or as late as still meets the target.
    let stage1_for = |start: Date| milestones(&drafts, &starts, start, team, config)[2].date;
    let mut start = plan.start;
    if let Some(target) = options.target_stage1 {
        let earliest = stage1_for(start);
        if earliest > target {
            plan.shortfall = Some(Shortfall {
                target,
                earliest,
                days: (earliest - target).get_days(),
            });
        } else {
            let mut candidate = first_working_day(
                start.saturating_add((target - earliest).get_days().days()),
                team.days_per_week,
            );
            while candidate > start && stage1_for(candidate) > target {
                candidate = previous_working_day(candidate, team.days_per_week);
            }
            start = candidate;
        }
    }
    plan.start = start;
    plan.milestones = milestones(&drafts, &starts, start, team, config);

    let owners = owners(catalogue, assessment, index, config);
    let mut phases: Vec<Phase> = (1..=3)
        .map(|number| Phase {
            number,
            name: PHASES[usize::from(number) - 1],
            work_packages: Vec::new(),
        })
        .collect();
    for &i in &order {
        let draft = &drafts[i];
        let (owner, owner_source) = match owners.get(&draft.process) {
            Some((owner, source)) => (Some(owner.clone()), Some(*source)),
            None => (None, None),
        };
        let first = working_day(start, starts[i], team.days_per_week);
        let last = working_day(
            start,
            starts[i] + draft.duration.max(1) - 1,
            team.days_per_week,
        );
        phases[usize::from(draft.phase) - 1]
            .work_packages
            .push(WorkPackage {
                id: draft.id.clone(),
                title: title(catalogue, draft),
                process: draft.process.clone(),
                step: match draft.step {
                    Step::Establish => "establish",
                    Step::Operate => "operate",
                },
                requirements: draft.requirements.clone(),
                deliverables: draft.deliverables.clone(),
                depends_on: draft
                    .depends_on
                    .iter()
                    .map(|&d| drafts[d].id.clone())
                    .collect(),
                effort_days: draft.effort,
                duration_days: draft.duration,
                start: first,
                end: last,
                owner,
                owner_source,
                critical: critical.contains(&i),
            });
        plan.finish = plan.finish.max(Some(last));
    }
    for phase in &mut phases {
        phase
            .work_packages
            .sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    }
    plan.phases = phases;
    plan.critical_path = critical.iter().map(|&i| drafts[i].id.clone()).collect();
    plan.critical_days = critical_days;
    plan.schedule_days = schedule_days;
    let count = drafts.iter().map(|d| d.requirements.len()).sum::<usize>();
    plan.message = format!(
        "{count} requirements not conformant, in {} work packages over {} working days; the critical \
         path alone takes {critical_days}.",
        drafts.len(),
        schedule_days
    );
    plan
}

/// The work packages, with their requirements, efforts, dependencies and phases; empty when every
/// requirement is conformant.
fn drafts(catalogue: &Catalogue, assessment: &Assessment, config: &PlanConfig) -> Vec<Draft> {
    let open: Vec<&RequirementResult> = assessment
        .requirements
        .iter()
        .filter(|r| r.status != Status::Conformant)
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    let mut drafts: Vec<Draft> = Vec::new();
    let mut at: HashMap<(&str, Step), usize> = HashMap::new();
    for process in &catalogue.processes {
        for step in [Step::Establish, Step::Operate] {
            let members: Vec<&RequirementResult> = open
                .iter()
                .copied()
                .filter(|r| r.process == process.id && step_of(r) == step)
                .collect();
            let closing = step == Step::Operate
                && matches!(process.id.as_str(), "internal-audit" | "management-review");
            if members.is_empty() && !closing {
                continue;
            }
            let id = format!(
                "WP-{}-{}",
                process.id,
                if step == Step::Establish { 1 } else { 2 }
            );
            let mut effort: f64 = members
                .iter()
                .map(|r| requirement_effort(catalogue, config, r))
                .sum();
            if closing {
                let least = if process.id == "internal-audit" {
                    config.internal_audit_days.unwrap_or(5.0)
                } else {
                    config.management_review_days.unwrap_or(1.0)
                };
                effort = effort.max(least);
            }
            if let Some(days) = config.effort.get(&id) {
                effort = *days;
            }
            at.insert((process.id.as_str(), step), drafts.len());
            drafts.push(Draft {
                id,
                process: process.id.clone(),
                step,
                requirements: members.iter().map(|r| r.id.clone()).collect(),
                deliverables: members.iter().map(|r| deliverable(catalogue, r)).collect(),
                depends_on: Vec::new(),
                duration: effort.ceil().max(1.0) as u32,
                effort,
                phase: members
                    .iter()
                    .map(|r| r.phase)
                    .min()
                    .unwrap_or(3)
                    .clamp(1, 3),
            });
        }
    }

    // Dependencies through the catalogue's process graph, skipping process areas without a package.
    let depends: HashMap<&str, &[String]> = catalogue
        .processes
        .iter()
        .map(|p| (p.id.as_str(), p.depends_on.as_slice()))
        .collect();
    for draft in &mut drafts {
        let mut deps = Vec::new();
        if draft.step == Step::Operate
            && let Some(&own) = at.get(&(draft.process.as_str(), Step::Establish))
        {
            deps.push(own);
        }
        for q in depends
            .get(draft.process.as_str())
            .copied()
            .unwrap_or_default()
        {
            nearest(q, draft.step, &at, &depends, &mut deps);
        }
        deps.sort_unstable();
        deps.dedup();
        draft.depends_on = deps;
    }
    // Everything comes before the internal audit.
    if let Some(&audit) = at.get(&("internal-audit", Step::Operate)) {
        let review: Vec<usize> = [Step::Establish, Step::Operate]
            .iter()
            .filter_map(|s| at.get(&("management-review", *s)).copied())
            .collect();
        let followed: Vec<bool> = (0..drafts.len())
            .map(|i| drafts.iter().any(|d| d.depends_on.contains(&i)))
            .collect();
        for (i, followed) in followed.iter().enumerate() {
            if !followed && i != audit && !review.contains(&i) {
                drafts[audit].depends_on.push(i);
            }
        }
        drafts[audit].depends_on.sort_unstable();
        drafts[audit].depends_on.dedup();
    }
    // Phases never go backwards along a dependency.
    for i in topological(&drafts) {
        let inherited = drafts[i]
            .depends_on
            .iter()
            .map(|&d| drafts[d].phase)
            .max()
            .unwrap_or(1);
        drafts[i].phase = drafts[i].phase.max(inherited);
    }
    drafts
}

/// Adds to `out` the package standing for process area `q` at `step`: its own, else (for records) its
/// way of working, else those of the process areas it depends on.
fn nearest(
    q: &str,
    step: Step,
    at: &HashMap<(&str, Step), usize>,
    depends: &HashMap<&str, &[String]>,
    out: &mut Vec<usize>,
) {
    let own = match step {
        Step::Establish => at.get(&(q, Step::Establish)),
        Step::Operate => at
            .get(&(q, Step::Operate))
            .or_else(|| at.get(&(q, Step::Establish))),
    };
    match own {
        Some(&i) => out.push(i),
        None => {
            for r in depends.get(q).copied().unwrap_or_default() {
                nearest(r, step, at, depends, out);
            }
        }
    }
}

/// Which package a requirement belongs in.
fn step_of(result: &RequirementResult) -> Step {
    let missing_document = result
        .reasons
        .iter()
        .any(|r| DOCUMENT_SHORTFALLS.contains(&r.rule));
    match result.kind {
        Kind::Document => Step::Establish,
        Kind::Record => Step::Operate,
        Kind::Activity if missing_document => Step::Establish,
        Kind::Activity => Step::Operate,
    }
}

fn requirement_effort(catalogue: &Catalogue, config: &PlanConfig, r: &RequirementResult) -> f64 {
    if let Some(days) = config.effort.get(&r.id) {
        return *days;
    }
    let full = catalogue
        .requirement(&r.id)
        .and_then(|q| q.effort_days)
        .unwrap_or(DEFAULT_EFFORT);
    if r.status == Status::Partial {
        full / 2.0
    } else {
        full
    }
}

/// What to produce for a requirement: `Change management policy (8.5.1.1-change-policy)`.
fn deliverable(catalogue: &Catalogue, r: &RequirementResult) -> String {
    let requirement = catalogue.requirement(&r.id);
    let what = requirement
        .and_then(|q| q.evidence.title_hints.first().cloned())
        .or_else(|| {
            requirement.map(|q| {
                q.evidence
                    .doc_types
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
        })
        .unwrap_or_else(|| r.title.clone());
    let kind = match r.kind {
        Kind::Document => "document",
        Kind::Record => "records",
        Kind::Activity => "activity",
    };
    format!("{} ({kind}, {})", deliverable_name(&what), r.id)
}

/// Acronyms that title hints write in lower case (`sla review`).
const ACRONYMS: &[&str] = &[
    "BIA", "CAB", "CAPA", "CI", "CMDB", "CSI", "DR", "ISMS", "IT", "ITSM", "KEDB", "KPI", "OLA",
    "RACI", "RCA", "SLA", "SMS", "SWOT", "UC",
];

/// The acronyms whose plural (`kpis`) is written with a lower-case s (`KPIs`); not `its`.
const PLURAL_ACRONYMS: &[&str] = &["CI", "KPI", "OLA", "SLA", "UC"];

/// A deliverable's name as a heading: the first letter upper case and acronyms written as acronyms
/// (`sla review` → `SLA review`, `kpis` → `KPIs`).
fn deliverable_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let upper = word.to_ascii_uppercase();
        let singular = upper.strip_suffix('S').unwrap_or("");
        if ACRONYMS.contains(&upper.as_str()) && word.chars().all(|c| c.is_ascii_lowercase()) {
            out.push_str(&upper);
        } else if PLURAL_ACRONYMS.contains(&singular)
            && word.chars().all(|c| c.is_ascii_lowercase())
        {
            out.push_str(singular);
            out.push('s');
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    match out.chars().next() {
        Some(first) => first.to_uppercase().chain(out.chars().skip(1)).collect(),
        None => out,
    }
}

fn title(catalogue: &Catalogue, draft: &Draft) -> String {
    let name = catalogue
        .process(&draft.process)
        .map_or_else(|| draft.process.clone(), |p| p.name.clone());
    match (draft.process.as_str(), draft.step) {
        ("internal-audit", Step::Operate) => {
            format!("{name}: audit the implemented SMS and record the results")
        }
        ("management-review", Step::Operate) => {
            format!("{name}: review the SMS and its readiness for certification")
        }
        (_, Step::Establish) => format!("{name}: establish the documented way of working"),
        (_, Step::Operate) => format!("{name}: operate it and keep the records"),
    }
}

/// The packages in dependency order (Kahn's algorithm; ties in catalogue order).
fn topological(drafts: &[Draft]) -> Vec<usize> {
    let mut waiting: Vec<usize> = drafts.iter().map(|d| d.depends_on.len()).collect();
    let mut ready: std::collections::BTreeSet<usize> =
        (0..drafts.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(drafts.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for (j, d) in drafts.iter().enumerate() {
            if d.depends_on.contains(&i) {
                waiting[j] -= 1;
                if waiting[j] == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    debug_assert_eq!(
        order.len(),
        drafts.len(),
        "the catalogue's dependencies are acyclic"
    );
    order
}

/// The longest chain of dependencies by duration, and its length in working days.
fn critical_path(drafts: &[Draft], order: &[usize]) -> (Vec<usize>, u32) {
    let mut finish = vec![0u32; drafts.len()];
    let mut via: Vec<Option<usize>> = vec![None; drafts.len()];
    for &i in order {
        let before = drafts[i]
            .depends_on
            .iter()
            .copied()
            .max_by_key(|&d| (finish[d], std::cmp::Reverse(d)));
        finish[i] = before.map_or(0, |d| finish[d]) + drafts[i].duration;
        via[i] = before;
    }
    let Some(mut at) = order
        .iter()
        .copied()
        .max_by_key(|&i| (finish[i], std::cmp::Reverse(i)))
    else {
        return (Vec::new(), 0);
    };
    let length = finish[at];
    let mut path = vec![at];
    while let Some(before) = via[at] {
        path.push(before);
        at = before;
    }
    path.reverse();
    (path, length)
}

/// Start days (working days from the plan's start) for every package, with at most `people` at once,
/// and the schedule's length.
fn schedule(drafts: &[Draft], order: &[usize], people: u8) -> (Vec<u32>, u32) {
    // Priority: the longest chain of work from the package to the end, itself included.
    let mut tail = vec![0u32; drafts.len()];
    for &i in order.iter().rev() {
        let after = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.depends_on.contains(&i))
            .map(|(j, _)| tail[j])
            .max()
            .unwrap_or(0);
        tail[i] = after + drafts[i].duration;
    }
    let position: HashMap<usize, usize> = order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    // Each person's busy spans; a package goes into the earliest gap long enough, on anyone.
    let mut busy: Vec<Vec<(u32, u32)>> = vec![Vec::new(); usize::from(people)];
    let mut start = vec![0u32; drafts.len()];
    let mut end: Vec<Option<u32>> = vec![None; drafts.len()];
    for _ in 0..drafts.len() {
        let next = (0..drafts.len())
            .filter(|&i| end[i].is_none())
            .filter(|&i| drafts[i].depends_on.iter().all(|&d| end[d].is_some()))
            .max_by_key(|&i| (tail[i], std::cmp::Reverse(position[&i])))
            .expect("an acyclic plan always has a package ready");
        let ready = drafts[next]
            .depends_on
            .iter()
            .filter_map(|&d| end[d])
            .max()
            .unwrap_or(0);
        let duration = drafts[next].duration;
        let (person, at) = busy
            .iter()
            .map(|spans| earliest_gap(spans, ready, duration))
            .enumerate()
            .min_by_key(|&(p, at)| (at, p))
            .expect("at least one person");
        start[next] = at;
        end[next] = Some(at + duration);
        busy[person].push((at, at + duration));
        busy[person].sort_unstable();
    }
    let length = end.iter().flatten().copied().max().unwrap_or(0);
    (start, length)
}

/// The earliest day from `ready` on which `duration` days fit between the sorted busy `spans`.
fn earliest_gap(spans: &[(u32, u32)], ready: u32, duration: u32) -> u32 {
    let mut at = ready;
    for &(from, to) in spans {
        if at + duration <= from {
            break;
        }
        at = at.max(to);
    }
    at
}

/// The milestones, for a plan starting on `start`: internal audit, management review, Stage 1, Stage 2.
fn milestones(
    drafts: &[Draft],
    starts: &[u32],
    start: Date,
    team: Team,
    config: &PlanConfig,
) -> Vec<Milestone> {
    let end_of = |process: &str| {
        drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.process == process && d.step == Step::Operate)
            .map(|(i, d)| starts[i] + d.duration.max(1) - 1)
            .max()
            .map(|day| working_day(start, day, team.days_per_week))
            .unwrap_or(start)
    };
    let audit = end_of("internal-audit");
    let review = end_of("management-review").max(audit);
    let stage1 = weekday_on_or_after(
        review.saturating_add(i64::from(config.stage1_after_days.unwrap_or(14)).days()),
    );
    let stage2 = weekday_on_or_after(
        stage1.saturating_add(i64::from(config.stage2_after_days.unwrap_or(30)).days()),
    );
    vec![
        Milestone {
            id: "internal-audit",
            name: "Internal audit completed",
            date: audit,
        },
        Milestone {
            id: "management-review",
            name: "Management review held",
            date: review,
        },
        Milestone {
            id: "stage-1",
            name: "Stage 1 audit",
            date: stage1,
        },
        Milestone {
            id: "stage-2",
            name: "Stage 2 audit",
            date: stage2,
        },
    ]
}

/// Suggested owners by process area: `[plan.owners]`, else the most frequent owner of the evidence the
/// assessment used for the process (ties alphabetically).
fn owners(
    catalogue: &Catalogue,
    assessment: &Assessment,
    index: &EvidenceIndex,
    config: &PlanConfig,
) -> HashMap<String, (String, &'static str)> {
    let owner_of: HashMap<&str, &str> = index
        .items
        .iter()
        .filter_map(|i| Some((i.path.as_str(), i.metadata.owner.as_deref()?)))
        .collect();
    let mut owners = HashMap::new();
    for process in &catalogue.processes {
        if let Some(owner) = config.owners.get(&process.id) {
            owners.insert(process.id.clone(), (owner.clone(), "configuration"));
            continue;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for evidence in assessment
            .requirements
            .iter()
            .filter(|r| r.process == process.id)
            .flat_map(|r| &r.evidence)
        {
            if let Some(owner) = owner_of.get(&*evidence.path) {
                *counts.entry(owner).or_default() += 1;
            }
        }
        if let Some((owner, _)) = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        {
            owners.insert(process.id.clone(), (owner.to_string(), "evidence"));
        }
    }
    owners
}

// ---------------------------------------------------------------------------------------------------------
// The working calendar: `days_per_week` working days each week, from Monday.
// ---------------------------------------------------------------------------------------------------------

fn is_working(day: Date, days_per_week: u8) -> bool {
    day.weekday().to_monday_zero_offset() < days_per_week as i8
}

fn first_working_day(day: Date, days_per_week: u8) -> Date {
    let mut day = day;
    while !is_working(day, days_per_week) {
        day = day.saturating_add(1.day());
    }
    day
}

fn previous_working_day(day: Date, days_per_week: u8) -> Date {
    let mut day = day.saturating_sub(1.day());
    while !is_working(day, days_per_week) {
        day = day.saturating_sub(1.day());
    }
    day
}

/// The date of working day `n` (0-based) of a plan starting on the working day `start`.
fn working_day(start: Date, n: u32, days_per_week: u8) -> Date {
    let per_week = u32::from(days_per_week);
    let monday = start.saturating_sub(i64::from(start.weekday().to_monday_zero_offset()).days());
    let offset = start.weekday().to_monday_zero_offset() as u32 + n;
    let (weeks, day) = (offset / per_week, offset % per_week);
    monday.saturating_add((i64::from(weeks) * 7 + i64::from(day)).days())
}

fn weekday_on_or_after(day: Date) -> Date {
    match day.weekday() {
        Weekday::Saturday => day.saturating_add(2.days()),
        Weekday::Sunday => day.saturating_add(1.day()),
        _ => day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn deliverable_names_keep_acronyms_upper_case() {
        assert_eq!(deliverable_name("sms manager role"), "SMS manager role");
        assert_eq!(deliverable_name("sla review"), "SLA review");
        assert_eq!(deliverable_name("ola review"), "OLA review");
        assert_eq!(
            deliverable_name("it service continuity plan"),
            "IT service continuity plan"
        );
        assert_eq!(deliverable_name("kpis and slas"), "KPIs and SLAs");
        assert_eq!(
            deliverable_name("supplier and its contracts"),
            "Supplier and its contracts"
        );
        assert_eq!(deliverable_name("change policy"), "Change policy");
        assert_eq!(deliverable_name("ci-register"), "CI-register");
        assert_eq!(deliverable_name(""), "");
    }

    fn draft(id: &str, duration: u32, depends_on: &[usize]) -> Draft {
        Draft {
            id: id.to_string(),
            process: id.to_string(),
            step: Step::Establish,
            requirements: vec![],
            deliverables: vec![],
            depends_on: depends_on.to_vec(),
            effort: f64::from(duration),
            duration,
            phase: 1,
        }
    }

    /// A hand-checked network: A(3) → B(2) → D(4); A → C(5) → D; E(1) alone.
    /// Chains: A-B-D = 9, A-C-D = 12, E = 1. The critical path is A, C, D with 12 days.
    #[test]
    fn the_critical_path_of_a_hand_checked_network() {
        let drafts = vec![
            draft("A", 3, &[]),
            draft("B", 2, &[0]),
            draft("C", 5, &[0]),
            draft("D", 4, &[1, 2]),
            draft("E", 1, &[]),
        ];
        let order = topological(&drafts);
        let (path, days) = critical_path(&drafts, &order);
        let ids: Vec<&str> = path.iter().map(|&i| drafts[i].id.as_str()).collect();
        assert_eq!(ids, ["A", "C", "D"]);
        assert_eq!(days, 12);
        // One person: everything in a row (15 days); two people: the critical path (12 days).
        assert_eq!(schedule(&drafts, &order, 1).1, 15);
        let (starts, length) = schedule(&drafts, &order, 2);
        assert_eq!(length, 12);
        assert_eq!(starts, vec![0, 3, 3, 8, 0]);
    }

    #[test]
    fn working_days_skip_the_days_off() {
        let monday = date(2026, 11, 2);
        assert_eq!(working_day(monday, 0, 5), monday);
        assert_eq!(working_day(monday, 5, 5), date(2026, 11, 9));
        assert_eq!(working_day(monday, 3, 3), date(2026, 11, 9));
        let wednesday = date(2026, 11, 4);
        assert_eq!(working_day(wednesday, 3, 5), date(2026, 11, 9));
        assert_eq!(first_working_day(date(2026, 11, 7), 5), date(2026, 11, 9));
        assert_eq!(first_working_day(date(2026, 11, 5), 3), date(2026, 11, 9));
        assert_eq!(
            previous_working_day(date(2026, 11, 9), 5),
            date(2026, 11, 6)
        );
    }

    fn network() -> impl Strategy<Value = (Vec<(u32, Vec<usize>)>, u8)> {
        (1usize..25, 1u8..5).prop_flat_map(|(n, people)| {
            let packages: Vec<_> = (0..n)
                .map(|i| {
                    (
                        1u32..15,
                        proptest::collection::vec(0..i.max(1), 0..3.min(i + 1)),
                    )
                })
                .collect();
            (packages, Just(people))
        })
    }

    proptest! {
        /// No package starts before every package it depends on has ended, whatever the capacity, and
        /// never more than `people` run at once.
        #[test]
        fn no_package_starts_before_a_dependency_ends((packages, people) in network()) {
            let drafts: Vec<Draft> = packages
                .iter()
                .enumerate()
                .map(|(i, (duration, deps))| {
                    let mut deps: Vec<usize> = deps.iter().copied().filter(|&d| d < i).collect();
                    deps.sort_unstable();
                    deps.dedup();
                    draft(&format!("P{i}"), *duration, &deps)
                })
                .collect();
            let order = topological(&drafts);
            prop_assert_eq!(order.len(), drafts.len());
            let (starts, length) = schedule(&drafts, &order, people);
            for (i, d) in drafts.iter().enumerate() {
                for &dep in &d.depends_on {
                    prop_assert!(starts[i] >= starts[dep] + drafts[dep].duration);
                }
                prop_assert!(starts[i] + d.duration <= length);
            }
            for day in 0..length {
                let running = drafts
                    .iter()
                    .enumerate()
                    .filter(|(i, d)| starts[*i] <= day && day < starts[*i] + d.duration)
                    .count();
                prop_assert!(running <= usize::from(people));
            }
            let (_, critical) = critical_path(&drafts, &order);
            prop_assert!(length >= critical);
        }
    }
}
