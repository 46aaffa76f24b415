//! `iso20k init DIR`: writes the starter SMS document set, never over an existing file.

use super::args::{Cli, InitArgs, ProfileArg};
use super::{Error, write_stdout};
use anyhow::Context;
use iso20k::init::{self, Profile};
use iso20k::render::text::escape;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

pub fn run(cli: &Cli, args: &InitArgs) -> Result<(), Error> {
    let catalogue = super::common::load(cli)?;
    let profile = match args.profile {
        ProfileArg::Msp => Profile::Msp,
        ProfileArg::InternalIt => Profile::InternalIt,
        ProfileArg::Saas => Profile::Saas,
    };
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(anyhow::anyhow!("{} exists and is not a folder", args.dir.display()).into());
    }
    let files = init::starter_set(&catalogue, profile);
    let mut out = String::new();
    let (mut written, mut kept) = (0, 0);
    for file in &files {
        let target = args.dir.join(&file.path);
        let exists = target.symlink_metadata().is_ok();
        let verb = match (exists, args.dry_run) {
            (true, true) => "exists, would keep",
            (true, false) => "exists, kept",
            (false, true) => "would write",
            (false, false) => {
                if write_new(&target, file.text.as_bytes())
                    .with_context(|| format!("cannot write {}", target.display()))?
                {
                    "wrote"
                } else {
                    "exists, kept"
                }
            }
        };
        if verb.starts_with("exists") {
            kept += 1;
        } else {
            written += 1;
        }
        let _ = writeln!(out, "{verb:<19} {}", escape(&file.path));
    }
    let dir = escape(&args.dir.to_string_lossy()).into_owned();
    let _ = writeln!(
        out,
        "iso20k init: {} {written} files into {dir} ({} profile, {} {} catalogue {}){}",
        if args.dry_run { "would write" } else { "wrote" },
        profile.name(),
        catalogue.header.standard,
        catalogue.header.edition,
        catalogue.header.version,
        if kept > 0 {
            format!("; {kept} already existed and were left as they were")
        } else {
            String::new()
        }
    );
    if !args.dry_run {
        let _ = writeln!(
            out,
            "Next: complete {dir}/iso20k.toml and the placeholders in each document, then run `iso20k lint \
             {dir}` and `iso20k assess {dir}`."
        );
    }
    write_stdout(&out)
}

/// Writes `bytes` to `path` only if nothing is there: into a temporary file beside it, then linked into
/// place, which fails rather than replace a file created meanwhile. `false` when the path was taken.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{name}.{}.iso20k-tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        match std::fs::hard_link(&temporary, path) {
            Ok(()) => Ok(true),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(err) => Err(err),
        }
    })();
    let _ = std::fs::remove_file(&temporary);
    result
}
