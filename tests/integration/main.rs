//! iso20k's integration tests, compiled into one binary (see `[[test]]` in Cargo.toml).
//!
//! One module per area. Library-level tests call `iso20k` directly; CLI tests run the built binary.

mod assess;
mod audit;
mod cache;
mod capability;
mod catalogue_content;
mod catalogue_validation;
mod check;
mod cli;
mod crosswalk;
mod diff;
mod editions;
mod evidence;
mod explain_file;
mod init;
mod json_schemas;
mod judging;
mod kinds;
mod lint;
mod metadata;
mod newcomer;
mod pack;
mod portfolio;
mod safety;
mod schema;
mod snapshots;
mod trend;
mod util;
mod vocabulary;
mod workbook;
