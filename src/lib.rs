//! iso20k: ISO/IEC 20000-1 conformity gap analysis and certification-audit preparation.
//!
//! The library is one pipeline, each stage a module:
//!
//! 1. [`catalogue`]: the requirements of an edition of ISO/IEC 20000-1, in our own words, loaded and
//!    validated from YAML (embedded by default);
//! 2. evidence index, assessment and views (gap report, checklists, plan) follow in later stages;
//! 3. [`render`]: turns a view into terminal text, JSON or YAML. Renderers only present; they never
//!    re-derive results.
//!
//! The `iso20k` binary is a thin command-line layer over this library. The library API is not yet
//! stable.

pub mod assess;
pub mod catalogue;
pub mod check;
pub mod evidence;
pub mod render;
pub mod yaml;
