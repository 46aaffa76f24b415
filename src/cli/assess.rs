//! `iso20k assess` (alias `gap`) and `iso20k explain`: the gap analysis of an evidence folder.

use super::args::{
    AssessArgs, AssessFormat, AssessmentInput, Cli, ExplainArgs, ReportArgs, ShowFormat,
};
use super::evidence::{ProgressBar, scan_options};
use super::output::{self, write_file, write_text_file};
use super::{Error, write_stdout};

use anyhow::anyhow;
use iso20k::assess::{self, Assessment, Judgements};
use iso20k::catalogue::Catalogue;
use iso20k::evidence::JUDGEMENTS_FILE;
use iso20k::render;
use std::path::{Path, PathBuf};

pub fn run(cli: &Cli, args: &AssessArgs) -> Result<(), Error> {
    let needs_file =
        || anyhow!("--format xlsx writes a workbook: give it a file with -o FILE.xlsx");
    if args.format == AssessFormat::Xlsx && args.output.is_none() {
        return Err(needs_file().into());
    }
    let assessed = assessed(cli, &args.input)?;
    let assessment = &assessed.assessment;
    let text = match args.format {
        AssessFormat::Xlsx => {
            let audit = super::args::AuditOptions {
                seed: None,
                period: None,
            };
            let bytes = super::workbook::bytes(&assessed, &audit)?;
            let output = args.output.as_deref().ok_or_else(needs_file)?;
            return write_file(&args.input.dir, output, &bytes);
        }
        AssessFormat::Json => render::assessment::json(assessment),
        AssessFormat::Table => render::assessment::table(assessment),
        AssessFormat::Md | AssessFormat::Html => {
            let templates =
                render::Templates::new(args.templates.as_deref()).map_err(anyhow::Error::from)?;
            let name = if args.format == AssessFormat::Md {
                "gap-report.md"
            } else {
                "gap-report.html"
            };
            templates
                .render_assessment(name, assessment)
                .map_err(anyhow::Error::from)?
        }
    };
    match &args.output {
        Some(path) => write_text_file(&args.input.dir, path, &text),
        None => write_stdout(&text),
    }
}

pub fn explain(cli: &Cli, args: &ExplainArgs) -> Result<(), Error> {
    let (catalogue, assessment) = assessment(cli, &args.input)?;
    let Some(result) = assessment
        .requirements
        .iter()
        .find(|r| r.id == args.id.trim())
    else {
        return Err(anyhow!(
            "no requirement `{}` in the {} catalogue; run `iso20k catalogue list` to see every id",
            args.id,
            catalogue.name()
        )
        .into());
    };
    let text = match args.format {
        ShowFormat::Text => render::assessment::explain(&catalogue, &assessment, result),
        ShowFormat::Json => {
            let mut text = serde_json::to_string_pretty(result).expect("result serialises");
            text.push('\n');
            text
        }
        ShowFormat::Yaml => iso20k::yaml::to_string(result).map_err(|e| anyhow!("{e}"))?,
    };
    write_stdout(&text)
}

pub fn report(cli: &Cli, args: &ReportArgs) -> Result<(), Error> {
    // Checked before the work and again under the lock, just before writing.
    if let Some(out) = &args.output {
        output::refuse_evidence(&args.input.dir, out)?;
        output::check_report_folder(out, args.force)?;
    }
    if let Some(pack) = &args.pack {
        output::refuse_evidence(&args.input.dir, pack)?;
    }
    let assessed = assessed(cli, &args.input)?;
    let templates =
        render::Templates::new(args.templates.as_deref()).map_err(anyhow::Error::from)?;
    let stage1 = super::checklist::stage1(&assessed);
    let stage2 = super::checklist::stage2(&assessed, &args.audit);
    let plan = super::plan::build(&assessed, Default::default())?;
    let assessment = &assessed.assessment;
    let mut files = Vec::new();
    for (name, text) in [
        (
            "gap-report.md",
            templates.render_assessment("gap-report.md", assessment),
        ),
        (
            "gap-report.html",
            templates.render_assessment("gap-report.html", assessment),
        ),
        (
            "checklist-stage1.md",
            templates.render_view("checklist-stage1.md", &stage1),
        ),
        (
            "checklist-stage1.html",
            templates.render_view("checklist-stage1.html", &stage1),
        ),
        (
            "checklist-stage2.md",
            templates.render_view("checklist-stage2.md", &stage2),
        ),
        (
            "checklist-stage2.html",
            templates.render_view("checklist-stage2.html", &stage2),
        ),
        ("plan.md", templates.render_view("plan.md", &plan)),
        ("plan.html", templates.render_view("plan.html", &plan)),
    ] {
        files.push((name, text.map_err(anyhow::Error::from)?.into_bytes()));
    }
    files.push((
        "assessment.json",
        render::assessment::json(assessment).into_bytes(),
    ));
    files.push((
        "checklist-stage1.json",
        render::view::json(&stage1).into_bytes(),
    ));
    files.push((
        "checklist-stage2.json",
        render::view::json(&stage2).into_bytes(),
    ));
    files.push(("plan.json", render::view::json(&plan).into_bytes()));
    let workbook = super::workbook::bytes_of(&assessed, &stage1, &stage2, &plan)?;
    files.push(("workbook.xlsx", workbook));
    files.sort();
    if let Some(pack) = &args.pack {
        super::pack::write(&args.input.dir, pack, &files, &assessed)?;
    }
    match &args.output {
        Some(out) => output::write_report_folder(&args.input.dir, out, &files, args.force),
        None => Ok(()),
    }
}

/// Loads the catalogue, the configuration and the judgements, then assesses the folder.
pub fn assessment(cli: &Cli, input: &AssessmentInput) -> Result<(Catalogue, Assessment), Error> {
    let assessed = assessed(cli, input)?;
    Ok((assessed.catalogue, assessed.assessment))
}

/// What an assessing command has to work from: the catalogue, the folder's configuration, the
/// assessment and the evidence index it was made from.
pub struct Assessed {
    pub catalogue: Catalogue,
    pub config: iso20k::evidence::Config,
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
    options: iso20k::evidence::ScanOptions,
) -> Result<Assessed, Error> {
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
        let (older, newer, mapping) = super::catalogue::embedded_mapping("2011", "2018")?;
        (newer, Some((older, mapping)))
    } else {
        (super::catalogue::load(cli)?, None)
    };
    let earlier = earlier.as_ref().map(|(older, mapping)| assess::Earlier {
        catalogue: older,
        mapping,
        transition: input.transition,
    });
    let judgements = judgements(input, &options.config)?;
    let as_of = input.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    let progress = ProgressBar::new();
    let (assessment, index) = assess::assess_with(
        &catalogue,
        &options,
        &judgements,
        as_of,
        &progress,
        earlier.as_ref(),
    )
    .map_err(anyhow::Error::from)?;
    progress.finish();
    Ok(Assessed {
        catalogue,
        config: options.config,
        assessment,
        index,
    })
}

/// `--judgements`, else `[assessment] judgements` (relative to the configuration file), else
/// `DIR/iso20k-judgements.yaml` when it exists, else none.
fn judgements(
    input: &AssessmentInput,
    config: &iso20k::evidence::Config,
) -> Result<Judgements, Error> {
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
