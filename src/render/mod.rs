//! Renderers: the last stage of the pipeline. Each turns a view into text for one output format.
//!
//! Renderers present results; they never compute them. Terminal text is written with ANSI styles
//! always; the command layer prints it through `anstream`, which strips the styles when output is piped,
//! when `NO_COLOR` is set or when `--color never` is given. [`plain`] strips them for tests and files.

pub mod assessment;
pub mod capability;
pub mod catalogue;
pub mod check;
pub mod diff;
pub mod evidence;
pub mod explain;
pub mod lens;
pub mod lint;
pub mod portfolio;
pub mod templates;
pub mod text;
pub mod trend;
pub mod view;
pub mod workbook;

pub use templates::{TemplateError, Templates};
pub use text::plain;
