//! What the command modules share: loading the catalogue, reading the folder's configuration, assessing
//! it, and building and writing the views (checklists, plan, workbook) made from an assessment.
//!
//! Every command module imports from here (and from [`super::output`] for writing files); no command
//! module imports from another, so the arrows point one way.

use super::args::{AssessmentInput, AuditOptions, Cli, ViewFormat};
use super::output::write_text_file;
use super::{Error, write_stderr, write_stdout};
use anyhow::anyhow;
use iso20k::assess::{self, Assessment, Judgements};
use iso20k::catalogue::{
    self, CapabilityRules, Catalogue, CatalogueSource, ClauseNumber, LoadError, Mapping,
    Requirement,
};
use iso20k::config::{Config, JUDGEMENTS_FILE};
use iso20k::evidence::{Progress, ScanOptions};
use iso20k::render;
use iso20k::render::catalogue as catalogue_view;
use iso20k::views::checklist::{self, Stage1, Stage2};
use iso20k::views::plan::{self, Plan, PlanOptions};
use iso20k::views::series::Period;
use jiff::civil::Date;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

// The catalogue.

/// The catalogue chosen on the command line: `path`, else `--catalogue`, else the embedded `--edition`.
pub fn source(cli: &Cli, path: Option<PathBuf>) -> CatalogueSource {
    match path.or_else(|| cli.catalogue.clone()) {
        Some(path) => CatalogueSource::Path(path),
        None => CatalogueSource::Embedded(
            catalogue::embedded(&cli.edition)
                .expect("the command line only accepts embedded editions"),
        ),
    }
}

/// Loads the catalogue chosen on the command line.
pub fn load(cli: &Cli) -> Result<Catalogue, Error> {
    load_source(source(cli, None))
}

/// Loads a catalogue; problems are printed in full and end the run with exit code 2.
pub fn load_source(source: CatalogueSource) -> Result<Catalogue, Error> {
    match catalogue::load(&source) {
        Ok(catalogue) => Ok(catalogue),
        Err(LoadError::Invalid(problems)) => {
            write_stderr(&catalogue_view::problems_text(
                &source.describe(),
                &problems,
            ));
            Err(Error::Reported(format!(
                "the catalogue at {} is not valid",
                source.describe()
            )))
        }
        Err(err) => Err(Error::Other(err.into())),
    }
}

/// The embedded catalogue of an edition.
pub fn edition_catalogue(edition: &str) -> Result<Catalogue, Error> {
    load_source(CatalogueSource::Embedded(
        catalogue::embedded(edition).expect("the edition is embedded"),
    ))
}

/// Prints the problems of a mapping and ends the run with exit code 2.
pub fn mapping_problems(name: &str, problems: &[catalogue::Problem]) -> Error {
    write_stderr(&catalogue_view::problems_text(name, problems));
    Error::Reported(format!("the mapping {name} is not valid"))
}

/// The embedded catalogues of two editions and the mapping between them.
pub fn embedded_mapping(from: &str, to: &str) -> Result<(Catalogue, Catalogue, Mapping), Error> {
    // Loaded side by side (start-up time).
    let (older, newer) = rayon::join(|| edition_catalogue(from), || edition_catalogue(to));
    let (older, newer) = (older?, newer?);
    let mapping = Mapping::embedded(&older, &newer)
        .ok_or_else(|| anyhow!("there is no embedded mapping from {from} to {to}"))?
        .map_err(|problems| {
            mapping_problems(&format!("embedded:mapping-{from}-{to}.yaml"), &problems)
        })?;
    Ok((older, newer, mapping))
}

/// The embedded capability rules for the catalogue's edition; problems are printed in full (exit 2).
pub fn capability_rules(catalogue: &Catalogue) -> Result<CapabilityRules, Error> {
    let name = format!("embedded:capability-{}.yaml", catalogue.header.edition);
    CapabilityRules::embedded(catalogue)
        .ok_or_else(|| {
            anyhow!(
                "there are no capability rules for the {} catalogue (only for the 2018 edition)",
                catalogue.name()
            )
        })?
        .map_err(|problems| {
            write_stderr(&catalogue_view::problems_text(&name, &problems));
            Error::Reported(format!("the capability rules {name} are not valid"))
        })
}

/// The embedded crosswalk for the catalogue's edition; problems are printed in full (exit 2).
pub fn crosswalk_of(catalogue: &Catalogue) -> Result<catalogue::Crosswalk, Error> {
    let name = format!("embedded:crosswalk-{}.yaml", catalogue.header.edition);
    catalogue::Crosswalk::embedded(catalogue)
        .ok_or_else(|| {
            anyhow!(
                "there are no crosswalks for the {} catalogue (only for the 2018 edition)",
                catalogue.name()
            )
        })?
        .map_err(|problems| {
            write_stderr(&catalogue_view::problems_text(&name, &problems));
            Error::Reported(format!("the crosswalk {name} is not valid"))
        })
}

/// The requirements `wanted` names: one by its id, or every requirement of a clause by its number
/// (`9.3`); an unknown one is an error with suggestions (`did you mean …`).
pub fn select<'c>(catalogue: &'c Catalogue, wanted: &str) -> Result<Vec<&'c Requirement>, Error> {
    let wanted = wanted.trim();
    match catalogue.requirement(wanted) {
        Some(requirement) => Ok(vec![requirement]),
        None => match wanted.parse::<ClauseNumber>() {
            Ok(clause) if catalogue.clause(&clause).is_some() => {
                Ok(catalogue.requirements_within(&clause))
            }
            _ => Err(unknown_id(catalogue, wanted).into()),
        },
    }
}

/// An unknown id, with suggestions: ids containing what was typed, else ids of the nearest clause.
fn unknown_id(catalogue: &Catalogue, wanted: &str) -> anyhow::Error {
    let needle = wanted.to_lowercase();
    let slug = |id: &str| id.split_once('-').map_or("", |(_, slug)| slug).to_string();
    let mut suggestions: Vec<&str> = catalogue
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| id.contains(&needle))
        .collect();
    // Ids whose name starts with what was typed come first.
    suggestions.sort_by_key(|id| !slug(id).starts_with(&needle));
    let mut prefix = needle.split('-').next().unwrap_or_default();
    while suggestions.is_empty() && !prefix.is_empty() {
        suggestions = catalogue
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| {
                id.starts_with(&format!("{prefix}-")) || id.starts_with(&format!("{prefix}."))
            })
            .collect();
        prefix = prefix.rsplit_once('.').map_or("", |(head, _)| head);
    }
    suggestions.truncate(8);
    let hint = if suggestions.is_empty() {
        "run `iso20k catalogue list` to see every id".to_string()
    } else {
        format!("did you mean: {}", suggestions.join(", "))
    };
    anyhow!(
        "no requirement or clause `{wanted}` in the {} catalogue; {hint}",
        catalogue.name()
    )
}

// The folder and its assessment.

/// The folder and its configuration; a broken configuration is an error (exit 2).
pub fn scan_options(dir: &Path, config: Option<&Path>) -> Result<ScanOptions, Error> {
    let config = Config::discover(dir, config).map_err(anyhow::Error::from)?;
    Ok(ScanOptions {
        root: dir.to_path_buf(),
        config,
    })
}

/// A progress bar on standard error, only for long scans on a terminal (never in pipes or CI logs).
pub struct ProgressBar(Option<indicatif::ProgressBar>);

/// Scans of fewer files finish too quickly for a bar to help.
const MIN_FILES_FOR_A_BAR: u64 = 500;

impl ProgressBar {
    pub fn new() -> ProgressBar {
        let wanted =
            std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !super::quiet();
        ProgressBar(wanted.then(indicatif::ProgressBar::hidden))
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ProgressBar {
    fn start(&self, files: usize) {
        let Some(bar) = &self.0 else { return };
        let files = files as u64;
        if files < MIN_FILES_FOR_A_BAR {
            return;
        }
        bar.set_length(files);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} reading evidence {pos}/{len} files [{bar:30}] {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }

    fn advance(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
}
/// Loads the catalogue, the configuration and the judgements, then assesses the folder.
/// Only what judging reads of each file is kept ([`assess::assess_only`]): the evidence index is not
/// given back.
pub fn assessment(cli: &Cli, input: &AssessmentInput) -> Result<(Catalogue, Assessment), Error> {
    let options = scan_options(&input.dir, input.config.as_deref())?;
    if overlapped(cli) {
        let progress = ProgressBar::new();
        let (prepared, assessment, index) =
            assess::assess_preparing(&options, &progress, true, || prepare(cli, input, &options))
                .map_err(preparing_error)?;
        progress.finish();
        warn(cli, &assessment.warnings);
        // `assess` and `explain` write their output and end.
        super::keep_until_exit((index, prepared.earlier, prepared.judgements));
        return Ok((prepared.catalogue, assessment));
    }
    let prepared = prepare(cli, input, &options)?;
    let progress = ProgressBar::new();
    let assessment = assess::assess_only(
        &prepared.catalogue,
        &options,
        &prepared.judgements,
        prepared.as_of,
        &progress,
        prepared.earlier().as_ref(),
    )
    .map_err(anyhow::Error::from)?;
    progress.finish();
    warn(cli, &assessment.warnings);
    Ok((prepared.catalogue, assessment))
}

/// What an assessing command has to work from: the catalogue, the folder's configuration, the
/// assessment and the evidence index it was made from.
pub struct Assessed {
    pub catalogue: Catalogue,
    pub config: Config,
    pub assessment: Assessment,
    pub index: iso20k::evidence::EvidenceIndex,
}

/// [`assessment`], keeping everything the audit views need.
pub fn assessed(cli: &Cli, input: &AssessmentInput) -> Result<Assessed, Error> {
    let options = scan_options(&input.dir, input.config.as_deref())?;
    assessment_with(cli, input, options)
}

/// [`assessment`] with the folder's configuration already read.
pub fn assessment_with(
    cli: &Cli,
    input: &AssessmentInput,
    options: ScanOptions,
) -> Result<Assessed, Error> {
    if overlapped(cli) {
        let progress = ProgressBar::new();
        let (prepared, assessment, index) =
            assess::assess_preparing(&options, &progress, false, || prepare(cli, input, &options))
                .map_err(preparing_error)?;
        progress.finish();
        warn(cli, &assessment.warnings);
        return Ok(Assessed {
            catalogue: prepared.catalogue,
            config: options.config,
            assessment,
            index,
        });
    }
    let prepared = prepare(cli, input, &options)?;
    let progress = ProgressBar::new();
    let (assessment, index) = assess::assess_with(
        &prepared.catalogue,
        &options,
        &prepared.judgements,
        prepared.as_of,
        &progress,
        prepared.earlier().as_ref(),
    )
    .map_err(anyhow::Error::from)?;
    progress.finish();
    warn(cli, &assessment.warnings);
    Ok(Assessed {
        catalogue: prepared.catalogue,
        config: options.config,
        assessment,
        index,
    })
}

/// Whether the catalogue is loaded while the folder is read ([`assess::assess_preparing`]): with an
/// embedded catalogue (a catalogue file's problems are printed as it loads: not beside a progress
/// bar) and no cache (the cache's key names the catalogue).
fn overlapped(cli: &Cli) -> bool {
    cli.catalogue.is_none() && !iso20k::evidence::cache::enabled()
}

fn preparing_error(err: assess::PreparingError<Error>) -> Error {
    match err {
        assess::PreparingError::Prepare(err) => err,
        assess::PreparingError::Scan(err) => anyhow::Error::from(err).into(),
    }
}

/// What an assessment is made with besides the folder: the catalogue, the earlier edition (with its
/// mapping) whose declarations are understood, the assessor's judgements and the as-of date.
pub struct Prepared {
    pub catalogue: Catalogue,
    earlier: Option<(Catalogue, Mapping)>,
    transition: bool,
    pub judgements: Judgements,
    pub as_of: Date,
}

impl assess::Inputs for Prepared {
    fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    fn judgements(&self) -> &Judgements {
        &self.judgements
    }

    fn as_of(&self) -> Date {
        self.as_of
    }

    fn earlier(&self) -> Option<assess::Earlier<'_>> {
        Prepared::earlier(self)
    }
}

impl Prepared {
    pub fn earlier(&self) -> Option<assess::Earlier<'_>> {
        self.earlier
            .as_ref()
            .map(|(older, mapping)| assess::Earlier {
                catalogue: older,
                mapping,
                transition: self.transition,
            })
    }
}

/// Loads the catalogue (and, against the embedded 2018 catalogue, the 2011 one and the mapping) and the
/// judgements, and settles the as-of date.
pub fn prepare(
    cli: &Cli,
    input: &AssessmentInput,
    options: &ScanOptions,
) -> Result<Prepared, Error> {
    let embedded_2018 = cli.catalogue.is_none() && cli.edition == "2018";
    if input.transition && !embedded_2018 {
        return Err(anyhow!(
            "--transition assesses against the embedded 2018 catalogue; leave out --edition and --catalogue"
        )
        .into());
    }
    // Against the embedded 2018 catalogue, declarations in 2011 terms (`2011:9.2`) are understood through
    // the embedded mapping.
    let (catalogue, earlier) = if embedded_2018 {
        // The embedded vocabulary (parsed once, for the matcher) is read while the catalogues load.
        let (loaded, _) = rayon::join(
            || embedded_mapping("2011", "2018"),
            iso20k::catalogue::Vocabulary::embedded,
        );
        let (older, newer, mapping) = loaded?;
        (newer, Some((older, mapping)))
    } else {
        (load(cli)?, None)
    };
    let judgements = judgements(input, &options.config)?;
    let as_of = input.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    Ok(Prepared {
        catalogue,
        earlier,
        transition: input.transition,
        judgements,
        as_of,
    })
}

/// `--judgements`, else `[assessment] judgements` (relative to the configuration file), else
/// `DIR/iso20k-judgements.yaml` when it exists, else none.
fn judgements(input: &AssessmentInput, config: &Config) -> Result<Judgements, Error> {
    let configured = config.assessment.judgements.as_ref().map(|path| {
        let base = config
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&input.dir);
        base.join(path)
    });
    let path: Option<PathBuf> = input.judgements.clone().or(configured).or_else(|| {
        let default = input.dir.join(JUDGEMENTS_FILE);
        default.is_file().then_some(default)
    });
    match path {
        Some(path) => Ok(Judgements::read(&path).map_err(anyhow::Error::from)?),
        None => Ok(Judgements::default()),
    }
}
/// How many warnings are printed without `-v`.
const FIRST_WARNINGS: usize = 5;

/// Prints the scan's warnings on standard error: the first few with their file and reason, then how many
/// more there are and how to see them; all of them with `-v`, none with `-q`.
pub fn warn(cli: &Cli, warnings: &[iso20k::evidence::Warning]) {
    if cli.quiet || warnings.is_empty() {
        return;
    }
    write_stderr(&warnings_text(warnings, cli.verbose));
}

/// The text [`warn`] prints.
pub fn warnings_text(warnings: &[iso20k::evidence::Warning], all: bool) -> String {
    use iso20k::render::text::{WARN, escape, styled};
    let shown = if all {
        warnings.len()
    } else {
        warnings.len().min(FIRST_WARNINGS)
    };
    let mut text = String::new();
    for warning in &warnings[..shown] {
        text.push_str(&format!(
            "{} {}: {}\n",
            styled(WARN, "warning:"),
            escape(&warning.path),
            escape(&warning.message)
        ));
    }
    let more = warnings.len() - shown;
    if more > 0 {
        text.push_str(&format!(
            "{} {more} more warning{} ({} in all): -v shows every one, --format json lists them; -q hides them\n",
            styled(WARN, "warning:"),
            if more == 1 { "" } else { "s" },
            warnings.len()
        ));
    }
    text
}

// The views.

pub fn stage1(assessed: &Assessed) -> Stage1 {
    checklist::stage1(&assessed.catalogue, &assessed.assessment, &assessed.index)
}

pub fn stage2(assessed: &Assessed, options: &AuditOptions) -> Stage2 {
    let as_of = assessed.assessment.as_of;
    checklist::stage2(
        &assessed.catalogue,
        &assessed.assessment,
        &assessed.index,
        options
            .seed
            .unwrap_or_else(|| checklist::default_seed(as_of)),
        options.period.unwrap_or_else(|| Period::default_for(as_of)),
    )
}
/// The plan of `assessed`; refused (exit 2) when its dates do not fit in the calendar.
pub fn plan_of(assessed: &Assessed, options: PlanOptions) -> Result<Plan, Error> {
    let plan = plan::plan(
        &assessed.catalogue,
        &assessed.assessment,
        &assessed.index,
        &assessed.config.plan,
        options,
    );
    schedulable(&plan)?;
    Ok(plan)
}

/// Date arithmetic stops at the ends of the calendar (-9999-01-01 and 9999-12-31): a plan with a date
/// there was squashed against them, and cannot be carried out.
fn schedulable(plan: &Plan) -> Result<(), Error> {
    let dates = std::iter::once(plan.start)
        .chain(plan.finish)
        .chain(plan.milestones.iter().map(|m| m.date))
        .chain(
            plan.phases
                .iter()
                .flat_map(|p| &p.work_packages)
                .flat_map(|w| [w.start, w.end]),
        );
    for date in dates {
        if date >= Date::MAX || date <= Date::MIN {
            return Err(anyhow!(
                "cannot schedule the plan: it would run past {}; choose a --start, --target-stage1 or \
                 --as-of date that leaves room for the work",
                if date >= Date::MAX { Date::MAX } else { Date::MIN }
            )
            .into());
        }
    }
    Ok(())
}
/// The workbook of `assessed`, with both checklists (samples drawn per `audit`) and the plan.
pub fn workbook_bytes(assessed: &Assessed, audit: &AuditOptions) -> Result<Vec<u8>, Error> {
    let stage1 = stage1(assessed);
    let stage2 = stage2(assessed, audit);
    let plan = plan_of(assessed, Default::default())?;
    workbook_of(assessed, &stage1, &stage2, &plan)
}

/// The workbook of views already made.
pub fn workbook_of(
    assessed: &Assessed,
    stage1: &Stage1,
    stage2: &Stage2,
    plan: &Plan,
) -> Result<Vec<u8>, Error> {
    // A catalogue without capability rules (the 2011 edition) gets no Capability sheet.
    let capability = iso20k::catalogue::CapabilityRules::embedded(&assessed.catalogue)
        .and_then(Result::ok)
        .map(|rules| {
            iso20k::views::capability::profile(
                &assessed.catalogue,
                &assessed.assessment,
                &rules,
                &iso20k::views::capability::DocumentFacts::from_index(&assessed.index),
                &assessed.config.capability.targets,
            )
        });
    render::workbook::workbook(&render::workbook::WorkbookInput {
        assessment: &assessed.assessment,
        index: &assessed.index,
        stage1: Some(stage1),
        stage2: Some(stage2),
        plan: Some(plan),
        capability: capability.as_ref(),
        evidence_folder: super::output::resolve(&assessed.index.root)
            .ok()
            .map(|p| p.display().to_string()),
    })
    .map_err(|e| anyhow!("cannot write the workbook: {e}").into())
}

/// Where and how a view (a checklist, the plan) is written.
pub struct ViewOutput<'a> {
    pub format: ViewFormat,
    pub templates: Option<&'a Path>,
    /// The evidence folder, never written to.
    pub dir: &'a Path,
    /// The file to write, else standard output.
    pub output: Option<&'a Path>,
}

impl ViewOutput<'_> {
    /// Renders `view` as JSON, or with the template `STEM.md` or `STEM.html`, and writes it.
    pub fn write<T: serde::Serialize>(&self, stem: &str, view: &T) -> Result<(), Error> {
        let text = match self.format {
            ViewFormat::Json => render::view::json(view),
            ViewFormat::Md | ViewFormat::Html => {
                let extension = if self.format == ViewFormat::Md {
                    "md"
                } else {
                    "html"
                };
                render::Templates::new(self.templates)
                    .and_then(|t| t.render_view(&format!("{stem}.{extension}"), view))
                    .map_err(anyhow::Error::from)?
            }
        };
        match self.output {
            Some(path) => write_text_file(self.dir, path, &text),
            None => write_stdout(&text),
        }
    }
}
