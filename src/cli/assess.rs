//! `iso20k assess` (alias `gap`) and `iso20k explain`: the gap analysis of an evidence folder.

use super::args::{AssessArgs, AssessFormat, Cli, ExplainArgs, ShowFormat};
use super::common::{assessed, assessment, crosswalk_of, select, workbook_bytes};
use super::output::{write_file, write_file_with, write_text_file};
use super::{Error, keep_until_exit, stream_stdout, write_stdout};

use anyhow::anyhow;
use iso20k::render;

pub fn run(cli: &Cli, args: &AssessArgs) -> Result<(), Error> {
    let needs_file =
        || anyhow!("--format xlsx writes a workbook: give it a file with -o FILE.xlsx");
    if args.format == AssessFormat::Xlsx && args.output.is_none() {
        return Err(needs_file().into());
    }
    if args.format == AssessFormat::Xlsx && args.lens.is_some() {
        return Err(anyhow!(
            "--lens regroups the table, Markdown, HTML or JSON output; the workbook has no lens"
        )
        .into());
    }
    if args.format == AssessFormat::Xlsx {
        // The workbook samples records: it needs the whole evidence index.
        let assessed = assessed(cli, &args.input)?;
        let audit = super::args::AuditOptions {
            seed: None,
            period: None,
        };
        let bytes = workbook_bytes(&assessed, &audit)?;
        let output = args.output.as_deref().ok_or_else(needs_file)?;
        return write_file(&args.input.dir, output, &bytes);
    }
    let (catalogue, owned) = assessment(cli, &args.input)?;
    let assessment = &owned;
    if args.format == AssessFormat::Json && args.lens.is_none() {
        // Streamed: the assessment of a large folder is megabytes of JSON (JSON escapes every control
        // character, so there is no colour to strip).
        let written = match args.output.as_deref() {
            None => stream_stdout(|out| render::view::write_json(assessment, out)),
            Some(path) => write_file_with(&args.input.dir, path, |out| {
                render::view::write_json(assessment, out)
            }),
        };
        keep_until_exit((catalogue, owned));
        return written;
    }
    let text = match args.format {
        // (The workbook was written above.)
        AssessFormat::Json | AssessFormat::Xlsx => render::assessment::json(assessment),
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
    let text = match args.lens {
        Some(framework) => {
            let crosswalk = crosswalk_of(&catalogue)?;
            let lens =
                iso20k::views::lens::lens(&catalogue, assessment, &crosswalk, framework.key());
            match args.format {
                AssessFormat::Json => render::view::json(&lens),
                AssessFormat::Table => text + "\n" + &render::lens::table(&lens),
                AssessFormat::Md => text + "\n" + &render::lens::markdown(&lens),
                AssessFormat::Html => render::lens::into_html(&text, &lens),
                AssessFormat::Xlsx => text,
            }
        }
        None => text,
    };
    match &args.output {
        Some(path) => write_text_file(&args.input.dir, path, &text),
        None => write_stdout(&text),
    }
}

/// `iso20k explain ID|CLAUSE`: everything behind the status of one requirement, or of every requirement
/// of a clause.
pub fn explain(cli: &Cli, args: &ExplainArgs) -> Result<(), Error> {
    if let Some(file) = &args.file {
        return super::explain_file::run(cli, args, file);
    }
    let (catalogue, assessment) = assessment(cli, &args.input)?;
    let wanted: Vec<&str> = select(&catalogue, &args.id)?
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let results: Vec<&iso20k::assess::RequirementResult> = assessment
        .requirements
        .iter()
        .filter(|r| wanted.contains(&r.id.as_str()))
        .collect();
    let text = match (args.format, results.as_slice()) {
        (ShowFormat::Text, _) => results
            .iter()
            .map(|result| render::assessment::explain(&catalogue, &assessment, result))
            .collect::<Vec<_>>()
            .join("\n"),
        (ShowFormat::Json, [one]) => json(one),
        (ShowFormat::Json, many) => json(&many),
        (ShowFormat::Yaml, [one]) => iso20k::yaml::to_string(one).map_err(|e| anyhow!("{e}"))?,
        (ShowFormat::Yaml, many) => iso20k::yaml::to_string(&many).map_err(|e| anyhow!("{e}"))?,
    };
    write_stdout(&text)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("results serialise");
    text.push('\n');
    text
}
