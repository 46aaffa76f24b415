//! The command layer: turns parsed arguments into library calls and writes what they return.

pub mod args;
mod assess;
mod capability;
mod catalogue;
mod check;
mod checklist;
mod common;
mod diff;
mod evidence;
mod explain_file;
mod init;
mod inputs;
mod lint;
mod output;
mod pack;
mod plan;
mod portfolio;
mod report;
mod trend;
mod workbook;

use args::{Cli, ColorWhen, Command};
use clap::CommandFactory;
use std::io::Write;

/// Errors that end a run with exit code 2 (usage, configuration or catalogue errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The catalogue has problems; they were already printed.
    #[error("{0}")]
    Reported(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::Other(err.into())
    }
}

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a gate ran and failed.
    Failed,
}

pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    iso20k::evidence::cache::configure(
        iso20k::evidence::cache::Setting::from_args(cli.cache.as_deref(), cli.no_cache),
        cache_warning,
    );
    iso20k::render::text::set_width(terminal_width());
    let done = match &cli.command {
        Command::Check(args) => return check::run(&cli, args),
        Command::Lint(args) => return lint::run(args),
        Command::Verify(args) => return pack::verify(args),
        Command::Diff(args) => return diff::run(&cli, args),
        Command::Catalogue(command) => catalogue::run(&cli, command),
        Command::Assess(args) => assess::run(&cli, args),
        Command::Explain(args) => assess::explain(&cli, args),
        Command::Report(args) => report::run(&cli, args),
        Command::Checklist(args) => checklist::run(&cli, args),
        Command::Capability(args) => capability::run(&cli, args),
        Command::Plan(args) => plan::run(&cli, args),
        Command::Trend(args) => trend::run(args),
        Command::Portfolio(args) => portfolio::run(&cli, args),
        Command::Workbook(args) => workbook::run(&cli, args),
        Command::Import(args) => workbook::import(&cli, args),
        Command::Evidence(args) => evidence::run(args),
        Command::Init(args) => init::run(&cli, args),
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "iso20k", &mut buffer);
            write_stdout(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { dir: None } => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buffer)?;
            write_stdout(&String::from_utf8_lossy(&buffer))
        }
        Command::Man { dir: Some(dir) } => man_pages(dir),
    };
    done.map(|()| Outcome::Success)
}

/// A problem with the cache (it never changes the results), on standard error unless `-q`.
fn cache_warning(message: &str) {
    if !quiet() {
        write_stderr(&format!(
            "warning: {}\n",
            iso20k::render::text::escape(message)
        ));
    }
}

/// `-q`: no warnings and no progress bar on standard error.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether `-q/--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// The width terminal tables are fitted to: `COLUMNS` when set, else the terminal's when standard
/// output is one; none for pipes and files, which get whole lines.
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return Some(columns);
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(width), _)| usize::from(width))
}

/// `iso20k man --dir DIR`: `iso20k.1` and a page per subcommand (`iso20k-assess.1`,
/// `iso20k-catalogue-list.1` …), each written atomically.
fn man_pages(dir: &std::path::Path) -> Result<(), Error> {
    // Once built, each subcommand's display name is its page's name (`iso20k-catalogue-list`).
    fn pages(command: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages(sub, out)?;
        }
        let man = clap_mangen::Man::new(command.clone());
        let mut buffer = Vec::new();
        man.render(&mut buffer)?;
        out.push((man.get_filename(), buffer));
        Ok(())
    }
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut out = Vec::new();
    pages(&command, &mut out)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    out.sort();
    for (name, bytes) in &out {
        output::write_atomically(&dir.join(name), |_| Ok(()), bytes)?;
    }
    write_stderr(&format!(
        "wrote {} man pages into {} (read one with `man -l {}`)\n",
        out.len(),
        dir.display(),
        dir.join("iso20k-assess.1").display()
    ));
    Ok(())
}

/// Keeps `value` until the process ends rather than freeing it now, for what a command holds when it
/// has written its output and the process is about to exit: a catalogue, an evidence index or an
/// assessment is thousands of small allocations, freed one by one in a millisecond or more, while the
/// system takes the process's memory back at once. Only for what is built once per run.
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Writes to standard output, with styles stripped where colour is off.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes what `write` produces to standard output as it is produced (through a buffer), for output too
/// large to build in memory first (JSON of a large folder).
pub fn stream_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let stdout = anstream::stdout().lock();
    if stdout.current_choice() != anstream::ColorChoice::Never {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout);
        write(&mut out)?;
        out.flush()?;
        return Ok(());
    }
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, Printable::new(stdout.into_inner()));
    write(&mut out)?;
    out.flush()?;
    Ok(())
}

/// Standard output with what a terminal would read as control sequences stripped, as `anstream` strips
/// them where colour is off, but passing the bytes straight through while there is nothing to strip: JSON
/// holds no escape character (it escapes every control character), so stripping, byte by byte, would
/// only cost time. Once a piece holds something to strip (a DEL, which JSON does not escape) or ends
/// inside a character, everything from there on goes through `anstream`'s stripping, whose state is
/// then the one it would have had all along (nothing before was stripped, and every piece ended at a
/// character's end).
struct Printable<W: Write> {
    raw: W,
    /// Set once a piece needed stripping: from then on, every piece is stripped.
    strip: Option<anstream::adapter::StripBytes>,
}

impl<W: Write> Printable<W> {
    fn new(raw: W) -> Printable<W> {
        Printable { raw, strip: None }
    }

    /// Whether `anstream` would pass `bytes`, from its ground state, through unchanged and end in its
    /// ground state: whole UTF-8 characters, none of them an ASCII control character but white space.
    fn passes(bytes: &[u8]) -> bool {
        // Without branches, a block at a time, so that the compiler makes vector code of it.
        let stripped =
            |b: u8| (b < 0x20) & !matches!(b, b'\t' | b'\n' | 0x0c | b'\r') | (b == 0x7f);
        bytes
            .chunks(256)
            .all(|block| !block.iter().fold(false, |any, &b| any | stripped(b)))
            && std::str::from_utf8(bytes).is_ok()
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.strip.is_none() && Printable::<W>::passes(bytes) {
            self.raw.write_all(bytes)?;
            return Ok(bytes.len());
        }
        let state = self
            .strip
            .get_or_insert_with(anstream::adapter::StripBytes::new);
        for printable in state.strip_next(bytes) {
            self.raw.write_all(printable)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.raw.flush()
    }
}

/// Writes to standard error, with styles stripped where colour is off.
pub fn write_stderr(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    fn stripped_by_anstream(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = anstream::StripStream::new(Vec::new());
        for piece in pieces {
            out.write_all(piece).unwrap();
        }
        out.into_inner()
    }

    fn stripped_by_printable(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = Printable::new(Vec::new());
        for piece in pieces {
            out.write_all(piece).unwrap();
        }
        out.raw
    }

    /// What standard output gives where colour is off is what `anstream` gives, whatever the text and
    /// wherever it is cut into pieces.
    #[test]
    fn printable_output_is_what_anstream_gives() {
        let text = "{\n  \"title\": \"Caf\u{e9} \u{20ac}5 \u{1d11e}\u{9b}\u{7f}x\u{1b}[31mred\u{1b}[0m\\t\"\n}\n";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let pieces = [&bytes[..cut], &bytes[cut..]];
            assert_eq!(
                stripped_by_printable(&pieces),
                stripped_by_anstream(&pieces),
                "cut at {cut}"
            );
        }
        let plain = "{\n  \"title\": \"Caf\u{e9}\"\n}\n".as_bytes();
        assert_eq!(stripped_by_printable(&[plain]), plain);
        assert!(!stripped_by_printable(&[bytes]).contains(&0x7f));
    }

    proptest::proptest! {
        #[test]
        fn printable_pieces_are_what_anstream_gives(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", " ", "\n", "\t", "\r", "\u{c}", "\u{b}", "\u{7f}", "\u{1b}", "[", "m", "31",
                    "\u{e9}", "\u{20ac}", "\u{1d11e}", "\u{9b}", "\u{85}", "\"", "\\", "\u{0}", "\u{7}",
                ]),
                0..40,
            ).prop_map(|parts| parts.concat()),
            cuts in proptest::collection::vec(0usize..200, 0..4),
        ) {
            let bytes = text.as_bytes();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut pieces = Vec::new();
            let mut from = 0;
            for cut in cuts {
                pieces.push(&bytes[from..cut]);
                from = cut;
            }
            pieces.push(&bytes[from..]);
            proptest::prop_assert_eq!(stripped_by_printable(&pieces), stripped_by_anstream(&pieces));
        }
    }
}
