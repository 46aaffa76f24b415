//! The `iso20k` binary: parse the command line, run it, map the result to an exit code.

mod cli;

use clap::Parser;
use iso20k::render::text::escape;
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run(cli::args::Cli::parse()) {
        Ok(cli::Outcome::Success) => ExitCode::SUCCESS,
        Ok(cli::Outcome::Failed) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(cli::Error::Reported(message)) => {
            cli::write_stderr(&format!("error: {}\n", escape(&message)));
            ExitCode::from(2)
        }
        Err(cli::Error::Other(err)) => {
            cli::write_stderr(&format!("error: {}\n", escape(&message(&err))));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, leaving out a cause the message already quotes (typed errors
/// often show their source in their own message).
fn message(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// `iso20k … | head` closes the pipe early; that is not an error.
fn is_broken_pipe(err: &cli::Error) -> bool {
    match err {
        cli::Error::Other(err) => err.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        }),
        cli::Error::Reported(_) => false,
    }
}
