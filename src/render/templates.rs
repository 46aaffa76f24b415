//! Markdown and HTML reports, rendered with minijinja from `report-templates/`.
//!
//! The templates are embedded in the binary; a user folder (`--templates DIR`) overrides any of them one
//! file at a time, including those pulled in by `{% include %}`. Undefined variables are errors, so a typo
//! in a template fails loudly instead of leaving a blank.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../report-templates/", $name)))),+]
    };
}

/// The templates compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = embedded!(
    "gap-report.md",
    "gap-report.html",
    "checklist-stage1.md",
    "checklist-stage1.html",
    "checklist-stage2.md",
    "checklist-stage2.html",
    "plan.md",
    "plan.html",
    "diff.md",
    "diff.html",
    "portfolio.md",
    "portfolio.html",
    "trend.md",
    "trend.html",
    "capability.md",
    "capability.html",
    "style.css",
    "checklist.css",
);

/// The auto-escape mode of Markdown templates (see the formatter in [`Templates::new`]).
const MARKDOWN: &str = "markdown";

/// The largest template read from a user folder.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("the templates folder {} does not exist", .0.display())]
    MissingFolder(PathBuf),
    #[error("cannot render `{name}`: {message}")]
    Render { name: String, message: String },
}

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The embedded templates, overridden by the files of `user` where it has them.
    pub fn new(user: Option<&Path>) -> Result<Templates, TemplateError> {
        if let Some(dir) = user
            && !dir.is_dir()
        {
            return Err(TemplateError::MissingFolder(dir.to_path_buf()));
        }
        let user = user.map(Path::to_path_buf);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else if name.ends_with(".md") {
                AutoEscape::Custom(std::borrow::Cow::Borrowed(MARKDOWN))
            } else {
                AutoEscape::None
            }
        });
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("default delimiters are valid"),
        );
        env.set_auto_reload(false);
        env.set_loader(move |name| {
            if let Some(dir) = &user
                && let Some(text) = read_user_template(dir, name)?
            {
                return Ok(Some(text));
            }
            Ok(EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| (*text).to_string()))
        });
        // Markdown gets no HTML escaping, but every value is written through `escape`: a control character
        // in a file name or a note cannot start a line of its own (a heading, or a CI workflow command when
        // the report is printed in a log). Macro output is already escaped, and marked safe.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == AutoEscape::Custom(std::borrow::Cow::Borrowed(MARKDOWN)) {
                let text = value.to_string();
                let text = if value.is_safe() {
                    text
                } else {
                    super::text::escape(&text).into_owned()
                };
                return out.write_str(&text).map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.add_filter("pct", |value: f64| format!("{value:.1}"));
        env.add_filter("md_cell", |value: String| {
            value.replace('|', "\\|").replace('\n', " ")
        });
        Ok(Templates { env })
    }

    /// Renders a report of `assessment`: the template sees it as `a`, its requirements that are not
    /// conformant, worst first, as `worst`, and the tool's version as `version`.
    pub fn render_assessment(
        &self,
        name: &str,
        assessment: &crate::assess::Assessment,
    ) -> Result<String, TemplateError> {
        let worst = super::assessment::worst_first(assessment);
        self.render(
            name,
            context! {
                a => Value::from(Serde(assessment)),
                worst => Value::from(Serde(&worst)),
                version => env!("CARGO_PKG_VERSION"),
            },
        )
    }

    /// Renders a view (a checklist, the plan): the template sees it as `v` and the tool's version as
    /// `version`.
    pub fn render_view<T: serde::Serialize>(
        &self,
        name: &str,
        view: &T,
    ) -> Result<String, TemplateError> {
        self.render(
            name,
            context! {
                v => Value::from(Serde(view)),
                version => env!("CARGO_PKG_VERSION"),
            },
        )
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: Value) -> Result<String, TemplateError> {
        let error = |e: minijinja::Error| TemplateError::Render {
            name: name.to_string(),
            message: e.to_string(),
        };
        let template = self.env.get_template(name).map_err(error)?;
        let mut text = template.render(context).map_err(error)?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(text)
    }
}

/// A template from the user's folder, if it has one by that name (names never leave the folder).
fn read_user_template(dir: &Path, name: &str) -> Result<Option<String>, minijinja::Error> {
    let safe = !name.is_empty()
        && !name.starts_with('.')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !safe {
        return Ok(None);
    }
    let path = dir.join(name);
    // No file by that name: the embedded template is used. Anything else there must be a readable
    // regular file (a FIFO would block the run forever).
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let text = crate::input::read_text(&path, MAX_TEMPLATE_BYTES).map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    Ok(Some(text))
}
