//! `iso20k report --pack FILE.zip` and `iso20k verify FILE.zip DIR`: the audit pack and its check.

use super::args::{VerifyArgs, VerifyFormat};
use super::common::Assessed;
use super::common::{ProgressBar, scan_options};
use super::output::write_file;
use super::{Error, Outcome, write_stdout};
use anyhow::anyhow;
use iso20k::pack::{self, Verification};
use iso20k::render::text::escape;
use std::fmt::Write;
use std::path::Path;

/// Writes the pack: the report files, and the evidence manifest (atomically, never in the evidence folder).
pub fn write(
    dir: &Path,
    pack_path: &Path,
    files: &[(&str, Vec<u8>)],
    assessed: &Assessed,
) -> Result<(), Error> {
    let root = assessed.index.root.clone();
    let modified = |path: &str| {
        std::fs::metadata(root.join(path))
            .and_then(|m| m.modified())
            .ok()
            .and_then(pack::timestamp)
    };
    let manifest = pack::manifest(&assessed.assessment, &assessed.index, &modified);
    let mut entries: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| ((*name).to_string(), bytes.clone()))
        .collect();
    entries.push((
        pack::MANIFEST.to_string(),
        pack::manifest_json(&manifest).into_bytes(),
    ));
    let bytes = pack::zip(&entries).map_err(|e| anyhow!("cannot build the audit pack: {e}"))?;
    write_file(dir, pack_path, &bytes)
}

pub fn verify(args: &VerifyArgs) -> Result<Outcome, Error> {
    let manifest = pack::read_manifest(&args.pack).map_err(anyhow::Error::from)?;
    let options = scan_options(&args.dir, args.config.as_deref())?;
    let progress = ProgressBar::new();
    let index = iso20k::evidence::scan_with(&options, &progress, |_, _| ())
        .map(|(index, _)| index)
        .map_err(anyhow::Error::from)?;
    progress.finish();
    let result = pack::verify(&manifest, &index);
    let text = match args.format {
        VerifyFormat::Json => {
            let value = serde_json::json!({
                "schema_version": 1,
                "pack": args.pack.to_string_lossy(),
                "catalogue": manifest.catalogue,
                "as_of": manifest.as_of,
                "matches": result.is_clean(),
                "added": result.added,
                "removed": result.removed,
                "changed": result.changed,
                "unchanged": result.unchanged,
            });
            let mut text = serde_json::to_string_pretty(&value).expect("JSON serialises");
            text.push('\n');
            text
        }
        VerifyFormat::Text => text(&result, &manifest, args),
    };
    write_stdout(&text)?;
    Ok(if result.is_clean() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

fn text(result: &Verification, manifest: &pack::EvidenceManifest, args: &VerifyArgs) -> String {
    let mut out = String::new();
    for (what, paths) in [
        ("added", &result.added),
        ("removed", &result.removed),
        ("changed", &result.changed),
    ] {
        for path in paths {
            let _ = writeln!(out, "{what:<8} {}", escape(path));
        }
    }
    let differences = result.added.len() + result.removed.len() + result.changed.len();
    let about = format!(
        "the pack {} (assessed as of {} against {} {} catalogue {})",
        escape(&args.pack.to_string_lossy()),
        manifest.as_of,
        manifest.catalogue.standard,
        manifest.catalogue.edition,
        manifest.catalogue.version
    );
    if differences == 0 {
        let _ = writeln!(
            out,
            "iso20k verify: {} matches {about}: {} files unchanged",
            escape(&args.dir.to_string_lossy()),
            result.unchanged
        );
    } else {
        let _ = writeln!(
            out,
            "iso20k verify: {} differs from {about}: {} added, {} removed, {} changed, {} unchanged",
            escape(&args.dir.to_string_lossy()),
            result.added.len(),
            result.removed.len(),
            result.changed.len(),
            result.unchanged
        );
    }
    out
}
