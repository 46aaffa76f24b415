//! The one place iso20k reads and writes YAML.
//!
//! The product card asked for `serde_yaml`, which is archived upstream. Everything YAML goes through this
//! module instead, backed by `serde-saphyr` (pure Rust, duplicate keys rejected, budgets against alias bombs
//! and deep nesting), so the backend can be swapped without touching callers.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

pub use serde_saphyr::Spanned;

/// A YAML syntax or shape error, with the position it was found at (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for YamlError {}

/// Parses `text` into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((0, 0), |loc| (loc.line(), loc.column()));
        YamlError {
            line,
            column,
            message: plain_message(&err.without_snippet().to_string()),
        }
    })
}

/// Serialises `value` as a YAML document.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, serde_saphyr::SerializeError> {
    serde_saphyr::to_string(value)
}

/// serde-saphyr prefixes messages with their position, and some syntax errors repeat a position at the
/// end (`unclosed bracket '[' at line 1, column 8`), counted within the text parsed, which is not the
/// file's line when the text is front matter; we carry the position separately, so both go.
fn plain_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.split_once(": ") {
        Some((position, rest))
            if position.starts_with("line ") && position.contains(" column ") =>
        {
            rest
        }
        _ => first,
    };
    without_trailing_position(message).to_string()
}

/// `message` without a final ` at line N, column M`.
fn without_trailing_position(message: &str) -> &str {
    let Some((head, tail)) = message.rsplit_once(" at line ") else {
        return message;
    };
    let is_position = tail.split_once(", column ").is_some_and(|(line, column)| {
        !line.is_empty()
            && line.chars().all(|c| c.is_ascii_digit())
            && !column.is_empty()
            && column.chars().all(|c| c.is_ascii_digit())
    });
    if is_position { head } else { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn unknown_key_is_reported_with_its_position() {
        let err = from_str::<Doc>("name: a\nnmae: b\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.message.starts_with("unknown field `nmae`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let err = from_str::<Doc>("name: a\nname: b\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let err = from_str::<Doc>("name: [a\n").unwrap_err();
        assert!(err.line >= 1, "{err}");
    }

    #[test]
    fn a_message_names_no_second_position() {
        let err = from_str::<Doc>("name: [bad\n").unwrap_err();
        assert!(!err.message.contains(" line "), "{}", err.message);
        assert_eq!(
            without_trailing_position("unclosed bracket '[' at line 1, column 8"),
            "unclosed bracket '['"
        );
        assert_eq!(
            without_trailing_position("expected a value at line one"),
            "expected a value at line one"
        );
    }
}
