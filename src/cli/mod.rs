//! The command layer: turns parsed arguments into library calls and writes what they return.

pub mod args;
mod assess;
mod catalogue;
mod check;
mod checklist;
mod diff;
mod evidence;
mod inputs;
mod output;
mod plan;
mod portfolio;
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
    let done = match &cli.command {
        Command::Check(args) => return check::run(&cli, args),
        Command::Diff(args) => return diff::run(&cli, args),
        Command::Catalogue(command) => catalogue::run(&cli, command),
        Command::Assess(args) => assess::run(&cli, args),
        Command::Explain(args) => assess::explain(&cli, args),
        Command::Report(args) => assess::report(&cli, args),
        Command::Checklist(args) => checklist::run(&cli, args),
        Command::Plan(args) => plan::run(&cli, args),
        Command::Trend(args) => trend::run(args),
        Command::Portfolio(args) => portfolio::run(&cli, args),
        Command::Workbook(args) => workbook::run(&cli, args),
        Command::Import(args) => workbook::import(&cli, args),
        Command::Evidence(args) => evidence::run(args),
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "iso20k", &mut buffer);
            write_stdout(&String::from_utf8_lossy(&buffer))
        }
        Command::Man => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buffer)?;
            write_stdout(&String::from_utf8_lossy(&buffer))
        }
    };
    done.map(|()| Outcome::Success)
}

/// Writes to standard output, with styles stripped where colour is off.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    let mut out = anstream::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes to standard error, with styles stripped where colour is off.
pub fn write_stderr(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}
