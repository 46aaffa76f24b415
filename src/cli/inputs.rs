//! What `iso20k diff`, `trend` and `portfolio` read: assessments saved as JSON (`iso20k assess --format
//! json`) or evidence folders assessed on the spot; and where their views may be written (never inside an
//! evidence folder they read, never over an assessment they read).

use super::Error;
use super::args::{AssessmentInput, Cli, Command};
use super::common::assessed;
use super::output::{refuse_evidence, resolve, write_file, write_text_file};
use anyhow::{Context, anyhow};
use iso20k::assess::{Assessment, SCHEMA_VERSION};
use std::path::{Path, PathBuf};

/// The largest saved assessment read.
const MAX_ASSESSMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads an assessment saved by `iso20k assess --format json`. Fields it does not know are ignored, so
/// assessments saved by later versions of the same schema still read.
pub fn read_saved(path: &Path) -> Result<Assessment, Error> {
    let text = iso20k::input::read_text(path, MAX_ASSESSMENT_BYTES)
        .with_context(|| format!("cannot read the assessment {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{}: not an iso20k assessment (JSON from `iso20k assess --format json`): line {} column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if let Some(version) = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
        && version > u64::from(SCHEMA_VERSION)
    {
        return Err(anyhow!(
            "{}: an assessment of schema version {version}, newer than this iso20k reads ({SCHEMA_VERSION}); \
             upgrade iso20k",
            path.display()
        )
        .into());
    }
    serde_json::from_value(value).map_err(|e| {
        anyhow!(
            "{}: not an iso20k assessment (JSON from `iso20k assess --format json`): {e}",
            path.display()
        )
        .into()
    })
}

/// One input: a saved assessment or an evidence folder.
pub struct Loaded {
    pub path: PathBuf,
    /// Whether `path` is an evidence folder (assessed on the spot).
    pub folder: bool,
    pub assessment: Assessment,
}

/// The assessment `path` holds (a saved assessment) or makes (an evidence folder, assessed as of `as_of`
/// against `edition`, else the command line's edition).
pub fn load(
    cli: &Cli,
    path: &Path,
    as_of: Option<jiff::civil::Date>,
    edition: Option<&str>,
) -> Result<Loaded, Error> {
    if path.is_dir() {
        let input = AssessmentInput {
            dir: path.to_path_buf(),
            config: None,
            as_of,
            judgements: None,
            transition: false,
        };
        let assessment = match edition.filter(|e| *e != cli.edition) {
            // Only the catalogue options of the command line are read when assessing.
            Some(edition) => {
                let other = Cli {
                    catalogue: None,
                    edition: edition.to_string(),
                    color: cli.color,
                    quiet: cli.quiet,
                    verbose: cli.verbose,
                    cache: cli.cache.clone(),
                    no_cache: cli.no_cache,
                    // Never run: only the catalogue options are read when assessing.
                    command: Command::Man { dir: None },
                };
                assessed(&other, &input)?.assessment
            }
            None => assessed(cli, &input)?.assessment,
        };
        return Ok(Loaded {
            path: path.to_path_buf(),
            folder: true,
            assessment,
        });
    }
    if std::fs::symlink_metadata(path).is_err() {
        return Err(anyhow!(
            "{} does not exist: give a saved assessment (`iso20k assess --format json`) or an evidence folder",
            path.display()
        )
        .into());
    }
    Ok(Loaded {
        path: path.to_path_buf(),
        folder: false,
        assessment: read_saved(path)?,
    })
}

/// Writes a view made from `inputs` to `output` atomically, or to standard output: never inside (or over,
/// or above) an evidence folder among them, never over a saved assessment among them. `bytes` are written
/// as they are; text has its styles stripped unless `--color always`.
pub fn write(
    inputs: &[(&Path, bool)],
    output: Option<&Path>,
    text: Output<'_>,
) -> Result<(), Error> {
    let Some(output) = output else {
        return match text {
            Output::Text(text) => super::write_stdout(text),
            Output::Bytes(_) => {
                Err(anyhow!("this format writes a file: give it with -o FILE").into())
            }
        };
    };
    let target = resolve(output).with_context(|| format!("cannot resolve {}", output.display()))?;
    for (path, folder) in inputs {
        if *folder {
            refuse_evidence(path, output)?;
        } else if resolve(path).is_ok_and(|p| p == target) {
            return Err(anyhow!(
                "refusing to write {}: it is one of the assessments read; write it elsewhere",
                output.display()
            )
            .into());
        }
    }
    // The atomic writer refuses an evidence folder; the folders were checked above, so any path that is
    // neither the target nor holds it will do.
    let guard = inputs
        .iter()
        .find(|(_, folder)| *folder)
        .map(|(path, _)| path.to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join(".iso20k-no-evidence-folder"));
    match text {
        Output::Text(text) => write_text_file(&guard, output, text),
        Output::Bytes(bytes) => write_file(&guard, output, bytes),
    }
}

/// What a view writes.
pub enum Output<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}
