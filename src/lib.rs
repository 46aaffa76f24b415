//! iso20k: ISO/IEC 20000-1 conformity gap analysis and certification-audit preparation.
//!
//! The library is one pipeline, each stage a module:
//!
//! 1. [`catalogue`]: the requirements of an edition of ISO/IEC 20000-1, in our own words, loaded and
//!    validated from YAML (embedded by default);
//! 2. [`evidence`]: the evidence index of an organisation's folder, read once, bounded and in parallel;
//! 3. [`assess`]: the assessment, one status per requirement with its reasons (and [`check`], the CI
//!    gate over it);
//! 4. [`views`]: what each audience sees of the assessment (audit checklists …);
//!    [`pack`] bundles the reports with an evidence manifest into a reproducible zip and verifies a
//!    folder against it;
//! 5. [`render`]: turns an assessment or a view into terminal text, Markdown, HTML, JSON and the rest.
//!    Renderers only present; they never re-derive results.
//!
//! Below the stages, shared by them: [`config`] (`iso20k.toml`), [`input`] (bounded reads of the files
//! named on the command line) and [`yaml`].
//!
//! The `iso20k` binary is a thin command-line layer over this library. The library API is not yet
//! stable.

pub mod assess;
pub mod catalogue;
pub mod check;
pub mod config;
pub mod evidence;
pub mod init;
pub mod input;
pub mod pack;
pub mod render;
pub mod views;
pub mod yaml;
