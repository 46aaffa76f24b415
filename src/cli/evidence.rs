//! `iso20k evidence`: the evidence register of a folder.

use super::args::{EvidenceArgs, EvidenceFormat};
use super::common::{ProgressBar, scan_options};
use super::{Error, stream_stdout, write_stdout};
use iso20k::evidence;
use iso20k::render::evidence as view;

pub fn run(args: &EvidenceArgs) -> Result<(), Error> {
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let progress = ProgressBar::new();
    let index = evidence::scan_register_shown(&options, &progress).map_err(anyhow::Error::from)?;
    progress.finish();
    let text = match args.format {
        EvidenceFormat::Table => view::table(&index),
        // Streamed: the register of a large folder is tens of megabytes of JSON.
        EvidenceFormat::Json => return stream_stdout(|out| view::write_json(&index, out)),
        EvidenceFormat::Md => view::markdown(&index),
    };
    write_stdout(&text)
}
