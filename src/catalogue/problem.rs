//! Catalogue problems: what is wrong, in which file, on which line.

use std::fmt;

/// A position in a catalogue file (1-based line and column; 0 when the problem concerns the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, 0) => write!(f, "{}:{line}", self.file),
            (line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// One thing wrong with a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl Location {
    /// A position in the file `file`.
    pub fn at(file: &str, line: u64, column: u64) -> Location {
        Location {
            file: file.to_string(),
            line,
            column,
        }
    }
}

/// Parses one YAML data file beside the catalogue (a mapping, crosswalk or rules), its syntax error as the
/// one problem to report: validation of a file that does not parse would only cascade.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, Vec<Problem>> {
    crate::yaml::from_str(text).map_err(|e| {
        vec![Problem {
            location: Location::at(file, e.line, e.column),
            message: e.message,
        }]
    })
}
