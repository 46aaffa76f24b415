//! The command line, declared once: `--help`, completions and the man page all come from here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use iso20k::catalogue::{ClauseNumber, Kind};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "iso20k",
    version,
    about = "ISO/IEC 20000-1 gap analysis and certification-audit preparation",
    long_about = "ISO/IEC 20000-1 gap analysis and certification-audit preparation.\n\n\
        iso20k matches an organisation's evidence folder against a machine-readable catalogue of \
        ISO/IEC 20000-1 requirements (written in our own words) and turns the result into explainable gap \
        reports, a CI gate, Stage 1 and Stage 2 audit checklists, a phased implementation plan and a \
        management workbook, for the 2018 edition, the 2011 edition and the transition between them.\n\n\
        Exit codes: 0 success; 1 a gate or check failed; 2 usage, configuration or catalogue error.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Use this catalogue file or folder instead of the embedded catalogue of --edition.
    #[arg(long, global = true, env = "ISO20K_CATALOGUE", value_name = "PATH")]
    pub catalogue: Option<PathBuf>,

    /// The edition of ISO/IEC 20000-1 to work with (its catalogue is embedded).
    #[arg(long, global = true, value_name = "YEAR", default_value = "2018", value_parser = ["2018", "2011"])]
    pub edition: String,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Print no warnings and no progress bar on standard error (errors are still printed).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print every warning on standard error, not only the first few.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Keep what reading each evidence file found in DIR between runs, so a re-run reads only the files
    /// that changed [default: $XDG_CACHE_HOME/iso20k, else ~/.cache/iso20k]. Never inside the evidence
    /// folder.
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache: Option<PathBuf>,

    /// Read every evidence file again, and neither read nor write the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a starter SMS document set into a new or empty folder: one draft per clause, a log per
    /// expected record, a README index and an iso20k.toml to complete.
    #[command(after_help = "Examples:\n  iso20k init docs/sms --profile msp\n  \
        iso20k --edition 2011 init docs/sms --profile internal-it --dry-run\n\n\
        Never overwrites: in a folder that is not empty, every file that already exists is left as it is \
        and listed. Every document starts as a draft with placeholders and every log is empty, so \
        `iso20k assess` finds nothing conformant until they are completed.")]
    Init(InitArgs),

    /// Browse and validate the requirement catalogue.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),

    /// Gap analysis: assess an evidence folder against the catalogue.
    #[command(
        visible_alias = "gap",
        after_help = "Examples:\n  iso20k assess evidence-examples/brightwater-msp --as-of 2026-11-01\n  \
            iso20k assess . --format html -o gap-report.html\n  iso20k assess . --format json > assessment.json\n  \
            iso20k assess . --lens iso27001   # the evidence you already have per ISO/IEC 27001 clause"
    )]
    Assess(AssessArgs),

    /// Write the whole report set into a folder: gap report, Stage 1 and 2 checklists and plan (Markdown,
    /// HTML, JSON) and the workbook.
    #[command(
        after_help = "Examples:\n  iso20k report evidence-examples/brightwater-msp --as-of 2026-11-01 -o report/\n  \
        iso20k report docs/sms --as-of 2026-11-01 --pack audit-pack.zip\n\n\
        The pack is reproducible (the same inputs give the same bytes); check a folder against it later with \
        `iso20k verify audit-pack.zip docs/sms`."
    )]
    Report(ReportArgs),

    /// Check an evidence folder against an audit pack's manifest: files added, removed or changed since.
    #[command(
        after_help = "Exit codes: 0 the folder matches the pack; 1 files were added, removed or changed; 2 the \
        pack or the folder cannot be read.\n\n\
        Example: iso20k verify audit-pack.zip docs/sms\n\n\
        Files are compared by path and SHA-256; modification times are informative only. The folder is \
        scanned with its iso20k.toml, as the assessment was."
    )]
    Verify(VerifyArgs),

    /// Stage 1 or Stage 2 certification-audit checklist, drawn from the evidence folder.
    #[command(after_help = "Examples:\n  \
        iso20k checklist --stage 1 evidence-examples/brightwater-msp --as-of 2026-11-01\n  \
        iso20k checklist --stage 2 . --seed 42 --period 2026-05..2026-10 --format html -o stage2.html\n\n\
        Samples are drawn with a seeded pseudo-random draw: the checklist prints its seed, and the same \
        --seed draws the same sample again.")]
    Checklist(ChecklistArgs),

    /// Management workbook (.xlsx): summary, requirements with assessor columns, gaps, evidence, checklists
    /// and plan.
    #[command(
        after_help = "Example: iso20k workbook evidence-examples/brightwater-msp --as-of 2026-11-01 -o gap.xlsx\n\n\
        Edit the assessor columns of the Requirements sheet, then feed them back with `iso20k import`."
    )]
    Workbook(WorkbookArgs),

    /// Read the assessor's edits back from a workbook into the judgements file, showing what changed.
    #[command(
        after_help = "Example: iso20k import gap.xlsx evidence-examples/brightwater-msp --judgements ../judgements.yaml\n\n\
        The judgements file must be outside the evidence folder (iso20k never writes there); pass the same \
        --judgements to `iso20k assess`. Existing judgements are kept unless the workbook changes them; a \
        blank Assessor status leaves a requirement as it was, and a blank note, owner or target date keeps \
        the recorded one (a single `-` clears it). A workbook from another catalogue edition, evidence \
        folder or organisation, rearranged, or with an As of date that is not a date or lies in the future, \
        is refused (exit 2) and nothing is written; --force imports one from another folder or \
        organisation. Comments in the judgements file are not kept when it is rewritten."
    )]
    Import(ImportArgs),

    /// Process capability profile: a level 0-5 per process area, each process attribute rated N/P/L/F
    /// from named evidence signals.
    #[command(after_help = "Examples:\n  \
        iso20k capability evidence-examples/brightwater-msp --as-of 2026-11-21\n  \
        iso20k capability evidence-examples/brightwater-msp --as-of 2026-11-21 --explain incident\n  \
        iso20k capability docs/sms --format html -o capability.html\n  \
        iso20k capability docs/sms --format json | jq '.processes[] | {process, level}'\n\n\
        The rules (which signal rates which attribute, and the N/P/L/F thresholds) are data: \
        requirements/capability-2018.yaml, embedded; `iso20k catalogue validate` checks them. A level is \
        reached when its attributes are largely (L) or fully (F) achieved and every lower level's fully. \
        Every rating names its signals and the files they rest on (--explain, or the JSON). The toolkit's \
        own reading of a capability scale, not an assessment under ISO/IEC 33020.\n\n\
        A target profile in iso20k.toml shows the gap to target per process:\n  \
        [capability]\n  targets = { incident = 3, change = 3, problem = 2 }")]
    Capability(CapabilityArgs),

    /// Phased implementation plan (in the style of ISO/IEC TR 20000-5) from the gaps, scheduled for the team.
    #[command(after_help = "Examples:\n  \
        iso20k plan evidence-examples/kestrel-cloud --as-of 2026-11-01\n  \
        iso20k plan . --start 2027-01-04 --format html -o plan.html\n  \
        iso20k plan . --target-stage1 2027-06-01 --format json\n\n\
        The team's size and days per week, effort overrides and owners come from [plan] in iso20k.toml.")]
    Plan(PlanArgs),

    /// What changed between two assessments: scores, statuses, evidence, mandatory documents, findings.
    #[command(
        after_help = "OLD and NEW are each a saved assessment (`iso20k assess --format json`) or an \
        evidence folder, assessed on the spot (NEW as of --as-of, OLD as of --old-as-of, else --as-of).\n\n\
        Examples:\n  \
        iso20k diff evidence-examples/history/brightwater-2026-05-01.json evidence-examples/history/brightwater-2026-11-21.json\n  \
        iso20k diff last-visit.json docs/sms --as-of 2026-11-21 --format html -o changes.html\n  \
        iso20k diff main.json docs/sms --fail-on regression\n  \
        iso20k diff harbour-2011.json harbour-2018.json --mapping\n\n\
        A requirement whose status moved is put down to one cause: the assessor's judgement changed; its \
        evidence changed (files added, gone, or edited, by SHA-256); time passed (the same files, judged on \
        another day: a review date passed, a record aged); or something else (catalogue, configuration).\n\n\
        Exit codes: 0 done (and, with --fail-on regression, nothing got worse); 1 --fail-on regression and \
        something got worse; 2 usage errors, unreadable inputs, or assessments of different catalogues or \
        editions compared without --mapping."
    )]
    Diff(DiffArgs),

    /// Compare several organisations (suppliers, bidders, group providers): ranking, clause heatmap,
    /// mandatory documented information, weakest clauses, worst gaps.
    #[command(
        after_help = "Give several evidence folders (or saved assessments), or one folder whose \
        sub-folders are the organisations: those listed in its iso20k-portfolio.toml, else every sub-folder \
        holding an iso20k.toml (else every sub-folder). They are assessed in parallel; one that cannot be \
        assessed is reported and the others are still compared.\n\n\
        Examples:\n  \
        iso20k portfolio evidence-examples --as-of 2026-11-21\n  \
        iso20k portfolio suppliers/acme suppliers/globex --format html -o portfolio.html\n  \
        iso20k portfolio suppliers --format xlsx -o portfolio.xlsx\n\n\
        iso20k-portfolio.toml names each organisation and its role:\n  \
        [[organisation]]\n  folder = \"acme\"\n  name = \"Acme Hosting\"\n  \
        role = \"supplier\"   # supplier, internal-provider, own-sms or other\n\n\
        Exit codes: 0 done (organisations that could not be assessed are listed, with a warning); 2 usage \
        errors, none could be assessed, or they were assessed against different catalogues."
    )]
    Portfolio(PortfolioArgs),

    /// The score over time from saved assessments: overall and per clause, with certification milestones
    /// and the requirements non-conformant the longest.
    #[command(
        after_help = "Give saved assessments (`iso20k assess --format json`), or a folder of them \
        (every *.json file in it). They are ordered by their as-of dates.\n\n\
        Examples:\n  \
        iso20k trend evidence-examples/history\n  \
        iso20k trend visits/*.json --config docs/sms/iso20k.toml --format html -o trend.html\n\n\
        Milestones come from [[milestone]] tables in the configuration given with --config:\n  \
        [[milestone]]\n  date = 2027-03-15\n  name = \"Stage 1 audit\""
    )]
    Trend(TrendArgs),

    /// CI gate: fail (exit 1) when mandatory documents go missing, stay drafts or expire, or the score drops.
    #[command(
        after_help = "Exit codes: 0 the gate passes; 1 it fails; 2 usage, configuration or catalogue errors.\n\n\
        Examples:\n  iso20k check docs/sms\n  iso20k check docs/sms --fail-under 80 --format junit -o iso20k.xml\n  \
        iso20k check docs/sms --baseline main-assessment.json --format github"
    )]
    Check(CheckArgs),

    /// Document quality before an auditor sees it: findings with stable codes, each on a file and line.
    #[command(
        after_help = "Exit codes: 0 no finding at or above --deny; 1 findings at or above it; 2 usage or \
        configuration errors.\n\n\
        Rules: draft, no-owner, no-approver, no-version, no-review-date, review-overdue, approval-outdated, \
        broken-link, unknown-document-id, duplicate-document-id, superseded-referenced, placeholder, \
        statement-of-absence, vague-wording, undefined-abbreviation, long-sentence (see the README). Leave \
        rules out with `[lint] allow = [\"vague-wording\"]` in iso20k.toml.\n\n\
        Examples:\n  iso20k lint docs/sms --as-of 2026-11-21\n  \
        iso20k lint docs/sms --deny warning --format github\n  \
        iso20k lint docs/sms --format sarif -o lint.sarif"
    )]
    Lint(LintArgs),

    /// Explain one requirement's status: every file considered, every rule applied.
    #[command(
        after_help = "Examples:\n  iso20k explain 8.7.2-continuity-plan evidence-examples/brightwater-msp\n  \
            iso20k explain 9.3 evidence-examples/brightwater-msp     # every requirement of clause 9.3\n  \
            iso20k explain 8.5.1.1-change-policy DIR --file \"policies/change.md\"   # one file, term by term\n\n\
            An unknown id gets suggestions (did you mean …)."
    )]
    Explain(ExplainArgs),

    /// List the evidence register of an evidence folder: every file, its metadata and any warnings.
    #[command(
        after_help = "Examples:\n  iso20k evidence evidence-examples/brightwater-msp\n  \
        iso20k evidence . --format json > register.json"
    )]
    Evidence(EvidenceArgs),

    /// Print a shell completion script.
    #[command(after_help = "Example: iso20k completions bash > /etc/bash_completion.d/iso20k")]
    Completions {
        /// The shell to write completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff), or write one per subcommand into a folder.
    #[command(
        after_help = "Examples:\n  iso20k man > iso20k.1 && man -l iso20k.1\n  \
        iso20k man --dir man/ && man -l man/iso20k-assess.1"
    )]
    Man {
        /// Write iso20k.1 and a page per subcommand (iso20k-assess.1, iso20k-catalogue-list.1 …) into
        /// this folder instead of printing the main page.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// List requirements, optionally filtered.
    #[command(after_help = "Examples:\n  iso20k catalogue list --clause 8.5\n  \
        iso20k catalogue list --mandatory --kind record\n  iso20k catalogue list --format json")]
    List(ListArgs),

    /// Show everything about one requirement (or every requirement of a clause).
    #[command(
        after_help = "Examples:\n  iso20k catalogue show 8.5.1.1-change-policy\n  \
        iso20k catalogue show 9.3"
    )]
    Show(ShowArgs),

    /// Check a catalogue and report every problem with its file and line.
    #[command(
        after_help = "Without PATH, checks every embedded catalogue, the 2011→2018 mapping and the \
        capability rules.\n\
        Examples:\n  iso20k catalogue validate\n  \
        iso20k catalogue validate --capability my-capability-rules.yaml\n\
        Exits 0 when everything is valid and 2 when it is not."
    )]
    Validate {
        /// The catalogue file or folder to check [default: --catalogue, else every embedded catalogue].
        path: Option<PathBuf>,

        /// Also check this 2011→2018 mapping file against the embedded catalogues.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,

        /// Also check this capability rules file (like requirements/capability-2018.yaml) against the
        /// embedded 2018 catalogue.
        #[arg(long, value_name = "FILE")]
        capability: Option<PathBuf>,
    },

    /// Show how the requirements of one edition map onto another, and what is new.
    #[command(after_help = "Example: iso20k catalogue map --from 2011 --to 2018 --format md")]
    Map(MapArgs),

    /// Show how the 2018 requirements map to ITIL 4 practices, ISO/IEC 27001:2022 or ISO 9001:2015.
    #[command(after_help = "Examples:\n  iso20k catalogue crosswalk --to itil4\n  \
        iso20k catalogue crosswalk --to iso27001 --format md\n  \
        iso20k catalogue crosswalk --to iso9001 --format json\n\n\
        The crosswalks are the toolkit's own reading (requirements/crosswalk-2018.yaml, embedded): clause \
        numbers, short titles and practice names only. Each link has its relationship (equal, subset, \
        superset or intersect: how the ISO/IEC 20000-1 side relates to the target) and a confidence mark \
        (high, medium, low). `iso20k catalogue show ID` lists a requirement's links.")]
    Crosswalk(CrosswalkArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only requirements of this clause and its sub-clauses (e.g. 8.5).
    #[arg(long, value_name = "CLAUSE", value_parser = parse_clause)]
    pub clause: Option<ClauseNumber>,

    /// Only mandatory documented information.
    #[arg(long)]
    pub mandatory: bool,

    /// Only requirements of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// Only requirements of this process area (e.g. change, incident).
    #[arg(long, value_name = "ID")]
    pub process: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The older edition.
    #[arg(long, default_value = "2011", value_parser = ["2011"])]
    pub from: String,

    /// The newer edition.
    #[arg(long, default_value = "2018", value_parser = ["2018"])]
    pub to: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MapFormat::Table)]
    pub format: MapFormat,
}

#[derive(Debug, Args)]
pub struct CrosswalkArgs {
    /// The framework to map to.
    #[arg(long, value_enum)]
    pub to: Framework,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MapFormat::Table)]
    pub format: MapFormat,
}

/// A framework run beside ISO/IEC 20000-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Framework {
    /// ITIL 4 practices.
    Itil4,
    /// ISO/IEC 27001:2022 clauses 4-10 and Annex A themes.
    Iso27001,
    /// ISO 9001:2015 clauses.
    Iso9001,
}

impl Framework {
    /// The key the crosswalk file uses.
    pub fn key(self) -> &'static str {
        match self {
            Framework::Itil4 => "itil4",
            Framework::Iso27001 => "iso27001",
            Framework::Iso9001 => "iso9001",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapFormat {
    Table,
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A requirement id (8.5.1.1-change-policy) or a clause number (8.5.1).
    pub id: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// What every assessing command needs: the folder, its configuration, the date and the judgements.
#[derive(Debug, Clone, Args)]
pub struct AssessmentInput {
    /// The evidence folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Read this configuration file instead of DIR/iso20k.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Judge dates as of this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,

    /// The assessor's judgements file [default: DIR/iso20k-judgements.yaml, if it exists].
    #[arg(long, value_name = "FILE")]
    pub judgements: Option<PathBuf>,

    /// Assess against 2018 and mark which requirements are new or changed since 2011 (the transition work).
    #[arg(long)]
    pub transition: bool,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Table)]
    pub format: AssessFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones (any template not there falls
    /// back to the embedded one).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Regroup the assessment by another framework's practices or clauses through the crosswalk, with
    /// the evidence already there for each: the table and reports gain an "Integrated management system"
    /// section; JSON prints the lens itself.
    #[arg(long, value_enum, value_name = "FRAMEWORK")]
    pub lens: Option<Framework>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    /// The folder to write the reports into (created if needed; written atomically).
    #[arg(short, long, value_name = "OUTDIR", required_unless_present = "pack")]
    pub output: Option<PathBuf>,

    /// Also (or instead) write the audit pack: a reproducible zip of every report, the assessment JSON and
    /// an evidence manifest (each file's size, SHA-256, modification time, kind and citing requirements),
    /// for `iso20k verify`.
    #[arg(long, value_name = "FILE.zip")]
    pub pack: Option<PathBuf>,

    /// Replace the contents of a non-empty OUTDIR.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub audit: AuditOptions,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// The options of the Stage 2 checklist's samples and series coverage.
#[derive(Debug, Clone, Args)]
pub struct AuditOptions {
    /// The seed of the sample draws [default: the as-of date as a number, e.g. 20261101].
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// The audit period record series must cover, FROM..TO (2026-05..2026-10, or with days)
    /// [default: the three whole months before the as-of date].
    #[arg(long, value_name = "FROM..TO", value_parser = parse_period)]
    pub period: Option<iso20k::views::series::Period>,
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// Which audit stage: 1 (documentation review and readiness) or 2 (implementation and effectiveness).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub stage: u8,

    #[command(flatten)]
    pub input: AssessmentInput,

    #[command(flatten)]
    pub audit: AuditOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Md)]
    pub format: ViewFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WorkbookArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    #[command(flatten)]
    pub audit: AuditOptions,

    /// The workbook to write (.xlsx; written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbook made by `iso20k workbook` and edited by the assessor.
    pub workbook: PathBuf,

    /// The evidence folder (for its configuration, and to keep the judgements file out of it).
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Read this configuration file instead of DIR/iso20k.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// The judgements file to update [default: [assessment] judgements in iso20k.toml]; outside DIR.
    #[arg(long, value_name = "FILE")]
    pub judgements: Option<PathBuf>,

    /// Who made the judgements (recorded with each new or changed one).
    #[arg(long, value_name = "NAME")]
    pub assessor: Option<String>,

    /// Show what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,

    /// Import a workbook made from another evidence folder or organisation (or one that does not say
    /// which).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CapabilityArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    /// Show every rating of this process area (its id, e.g. `incident`) with its signals and files.
    #[arg(long, value_name = "PROCESS")]
    pub explain: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    /// Schedule forwards from this day (YYYY-MM-DD) [default: the as-of date].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of, conflicts_with = "target_stage1")]
    pub start: Option<jiff::civil::Date>,

    /// Schedule backwards so that the Stage 1 audit falls on or before this day (YYYY-MM-DD); a plan that
    /// cannot make it says by how much.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub target_stage1: Option<jiff::civil::Date>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ViewFormat::Md)]
    pub format: ViewFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier assessment: a saved assessment (JSON) or an evidence folder.
    pub old: PathBuf,

    /// The later assessment: a saved assessment (JSON) or an evidence folder.
    pub new: PathBuf,

    /// Judge a folder given as NEW (and OLD, without --old-as-of) as of this day (YYYY-MM-DD) [default:
    /// today].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,

    /// Judge a folder given as OLD as of this day (YYYY-MM-DD) [default: --as-of].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub old_as_of: Option<jiff::civil::Date>,

    /// Compare an assessment of the 2011 edition (OLD) with one of the 2018 edition (NEW), carrying the
    /// 2011 results across through the embedded edition mapping. A folder given as OLD is then assessed
    /// against the 2011 edition.
    #[arg(long)]
    pub mapping: bool,

    /// Exit 1 when something got worse: a requirement regressed, mandatory documented information was
    /// lost, or the overall score fell.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// Evidence folders or saved assessments, one per organisation; or one folder of organisations.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,

    /// Judge every folder as of this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,

    /// The portfolio configuration (organisations' names and roles) [default: iso20k-portfolio.toml in
    /// the one folder given, if it exists].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format (xlsx needs -o FILE).
    #[arg(long, value_enum, default_value_t = PortfolioFormat::Table)]
    pub format: PortfolioFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PortfolioFormat {
    Table,
    Md,
    Html,
    Json,
    /// A workbook with a sheet per view (needs -o FILE).
    Xlsx,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Saved assessments (JSON), or folders of them.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The iso20k.toml whose [[milestone]] tables mark certification milestones.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Write to this file instead of standard output (written atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Use the report templates in this folder instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A requirement got worse, mandatory documented information was lost, or the score fell.
    Regression,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Table,
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewFormat {
    Md,
    Html,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: AssessmentInput,

    /// Fail when the overall score is below SCORE (0–100) [default: [check] fail_under, else no threshold].
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub fail_under: Option<f64>,

    /// What to require of mandatory documented information [default: [check] require, else mandatory].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub require: Option<RequireArg>,

    /// Do not fail on review dates or freshness windows that have passed.
    #[arg(long)]
    pub allow_expired: bool,

    /// A JSON assessment from an earlier run (`iso20k assess --format json`): fail only on regressions.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Write to this file instead of standard output (written atomically); the exit code is the gate's.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The repository root that file paths in SARIF and GitHub output are relative to, so code scanning
    /// and annotations can link them [default: the current directory].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The file that SARIF and GitHub output attach findings without an evidence file to (a missing
    /// document, the score), since code scanning shows only results located in a file [default: the
    /// configuration file (DIR/iso20k.toml or --config), else DIR/README.md, else the folder itself].
    #[arg(long, value_name = "FILE")]
    pub anchor: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the starter set into (created if needed).
    pub dir: PathBuf,

    /// Who the set is written for: adjusts examples, suggested owners and wording.
    #[arg(long, value_enum, default_value_t = ProfileArg::Msp)]
    pub profile: ProfileArg,

    /// List what would be written (and what exists already) without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// A managed-service provider with external customers.
    Msp,
    /// An internal IT department.
    InternalIt,
    /// A software-as-a-service company.
    Saas,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The audit pack written by `iso20k report --pack`.
    pub pack: PathBuf,

    /// The evidence folder to check.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Read this configuration file instead of DIR/iso20k.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The evidence folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Read this configuration file instead of DIR/iso20k.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Judge review dates as of this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,

    /// Fail (exit 1) on findings of this severity or worse.
    #[arg(long, value_enum, default_value_t = DenyArg::Error, value_name = "SEVERITY")]
    pub deny: DenyArg,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// Write the output to this file instead of standard output (written atomically); the exit code is
    /// still the lint's.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The repository root that file paths in SARIF and GitHub output are relative to [default: the
    /// current directory].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyArg {
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequireArg {
    /// Missing, draft or expired mandatory documented information fails.
    Mandatory,
    /// As mandatory, and each item must be declared by a file, not just inferred.
    Declared,
    /// Do not check mandatory documented information.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Junit,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    Table,
    Md,
    Html,
    Json,
    /// The management workbook (needs -o FILE).
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The requirement id (e.g. 8.5.1.1-change-policy), or a clause number (e.g. 8.5.1) for every
    /// requirement of that clause.
    pub id: String,

    #[command(flatten)]
    pub input: AssessmentInput,

    /// Break one file down term by term against the requirement: its kind, metadata and set-aside
    /// status, every phrase the requirement looks for and where the file holds it, and whether it is
    /// accepted, suggested or rejected. A path inside DIR (relative to DIR, or as you would open it).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The evidence folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Read this configuration file instead of DIR/iso20k.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Table)]
    pub format: EvidenceFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvidenceFormat {
    Table,
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Document,
    Record,
    Activity,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Kind {
        match kind {
            KindArg::Document => Kind::Document,
            KindArg::Record => Kind::Record,
            KindArg::Activity => Kind::Activity,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Yaml,
}

fn parse_score(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| (0.0..=100.0).contains(s))
        .ok_or_else(|| format!("`{text}` is not a score from 0 to 100"))
}

fn parse_as_of(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| format!("`{text}` is not a date written YYYY-MM-DD"))
}

fn parse_period(text: &str) -> Result<iso20k::views::series::Period, String> {
    text.parse()
        .map_err(|e: iso20k::views::series::PeriodParseError| e.to_string())
}

fn parse_clause(text: &str) -> Result<ClauseNumber, String> {
    text.parse()
        .map_err(|e: iso20k::catalogue::ClauseParseError| e.to_string())
}
