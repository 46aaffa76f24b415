//! `iso20k assess` (alias `gap`) and `iso20k explain`: the gap analysis of an evidence folder.

use super::args::{AssessArgs, AssessFormat, Cli, ExplainArgs, ShowFormat};
use super::common::{assessed, assessment, workbook_bytes};
use super::output::{write_file, write_text_file};
use super::{Error, write_stdout};

use anyhow::anyhow;
use iso20k::render;

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
            let bytes = workbook_bytes(&assessed, &audit)?;
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
