//! Clause numbers (`8.5.1.1`): parsed once, ordered numerically, so `8.10` sorts after `8.9`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A clause number of the standard, such as `4`, `8.5` or `8.7.3.1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClauseNumber(Vec<u16>);

impl ClauseNumber {
    /// The top-level clause (`8` for `8.5.1`).
    pub fn top(&self) -> u16 {
        self.0[0]
    }

    /// How many levels deep the number is (`8.5.1` has depth 3).
    pub fn depth(&self) -> usize {
        self.0.len()
    }

    /// True when `self` is `other` or one of its sub-clauses (`8.5.1` is within `8.5`).
    pub fn is_within(&self, other: &ClauseNumber) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The enclosing clause (`8.5` for `8.5.1`), or `None` for a top-level clause.
    pub fn parent(&self) -> Option<ClauseNumber> {
        (self.0.len() > 1).then(|| ClauseNumber(self.0[..self.0.len() - 1].to_vec()))
    }
}

/// Why a clause number did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a clause number (expected numbers separated by dots, such as 8.5.1)")]
pub struct ClauseParseError(pub String);

impl FromStr for ClauseNumber {
    type Err = ClauseParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Option<Vec<u16>> = text
            .split('.')
            .map(|part| {
                let valid = !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_digit())
                    && !part.starts_with('0');
                valid.then(|| part.parse().ok()).flatten()
            })
            .collect();
        match parts {
            Some(parts) if !parts.is_empty() => Ok(ClauseNumber(parts)),
            _ => Err(ClauseParseError(text.to_string())),
        }
    }
}

impl fmt::Display for ClauseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

impl Serialize for ClauseNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read back from a saved assessment (`"8.5.1"`).
impl<'de> Deserialize<'de> for ClauseNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clause(text: &str) -> ClauseNumber {
        text.parse().unwrap()
    }

    #[test]
    fn orders_numerically_not_as_text() {
        assert!(clause("8.9") < clause("8.10"));
        assert!(clause("9") < clause("10"));
        assert!(clause("8.5") < clause("8.5.1"));
        assert!(clause("8.5.1.3") < clause("8.5.2"));
    }

    #[test]
    fn knows_its_family() {
        assert!(clause("8.5.1").is_within(&clause("8.5")));
        assert!(clause("8.5").is_within(&clause("8.5")));
        assert!(!clause("8.50").is_within(&clause("8.5")));
        assert_eq!(clause("8.5.1").parent(), Some(clause("8.5")));
        assert_eq!(clause("8").parent(), None);
        assert_eq!(clause("8.7.3.1").depth(), 4);
        assert_eq!(clause("10.2").top(), 10);
    }

    #[test]
    fn rejects_what_is_not_a_clause() {
        for bad in ["", "8.", ".8", "8..1", "8.a", "08.1", "8.0", "-1", "8 .1"] {
            assert!(bad.parse::<ClauseNumber>().is_err(), "{bad:?} parsed");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(parts in proptest::collection::vec(1u16..200, 1..5)) {
            let number = ClauseNumber(parts);
            prop_assert_eq!(number.to_string().parse::<ClauseNumber>().unwrap(), number);
        }
    }
}
