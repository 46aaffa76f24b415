//! `iso20k evidence`: the evidence register of a folder.

use super::args::{EvidenceArgs, EvidenceFormat};
use super::{Error, write_stdout};
use iso20k::evidence::{self, Config, Progress, ScanOptions};
use iso20k::render::evidence as view;
use std::io::IsTerminal;

pub fn run(args: &EvidenceArgs) -> Result<(), Error> {
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let progress = ProgressBar::new();
    let index = evidence::scan_with(&options, &progress, |_, _| ())
        .map(|(index, _)| index)
        .map_err(anyhow::Error::from)?;
    progress.finish();
    let text = match args.format {
        EvidenceFormat::Table => view::table(&index),
        EvidenceFormat::Json => view::json(&index),
        EvidenceFormat::Md => view::markdown(&index),
    };
    write_stdout(&text)
}

/// The folder and its configuration; a broken configuration is an error (exit 2).
pub fn scan_options(
    dir: &std::path::Path,
    config: Option<&std::path::Path>,
) -> Result<ScanOptions, Error> {
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
        let wanted = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
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
