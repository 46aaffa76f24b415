//! Strings that many files of a folder hold alike, kept once.
//!
//! A large folder's register repeats a few thousand strings hundreds of thousands of times: headings
//! ("Purpose", "Scope", "Revision history"), where a metadata field came from (`front matter key
//! "owner"`), why a file is of its kind. Each [`Shared`] string of up to [`SHARED_BYTES`] bytes is
//! looked up in one table for the whole run, so equal strings share one allocation; the register's
//! memory then grows with the number of files, not with the number of headings in them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Longer strings are kept on their own (they seldom repeat, and the table would only grow).
pub const SHARED_BYTES: usize = 96;

/// An immutable string, shared with every equal one read in this run (see the module's documentation).
/// Reads like a `&str`; written to JSON as the string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<str>);

impl Shared {
    /// The shared copy of `text`.
    pub fn new(text: &str) -> Shared {
        static TABLE: Mutex<BTreeSet<Arc<str>>> = Mutex::new(BTreeSet::new());
        if text.len() > SHARED_BYTES {
            return Shared(Arc::from(text));
        }
        let mut table = TABLE
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = table.get(text) {
            return Shared(Arc::clone(found));
        }
        let new: Arc<str> = Arc::from(text);
        table.insert(Arc::clone(&new));
        Shared(new)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Shared {
    fn default() -> Shared {
        Shared::new("")
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Shared {
    fn from(text: &str) -> Shared {
        Shared::new(text)
    }
}

impl From<String> for Shared {
    fn from(text: String) -> Shared {
        Shared::new(&text)
    }
}

impl From<&String> for Shared {
    fn from(text: &String) -> Shared {
        Shared::new(text)
    }
}

impl From<Shared> for String {
    fn from(text: Shared) -> String {
        text.0.to_string()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Shared> for str {
    fn eq(&self, other: &Shared) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, other: &Shared) -> bool {
        **self == *other.0
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Shared, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Shared;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Shared, E> {
                Ok(Shared::new(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_one_allocation_and_read_as_the_string() {
        let a = Shared::new("Purpose");
        let b = Shared::from(String::from("Purpose"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "Purpose");
        assert_eq!(a.to_lowercase(), "purpose");
        assert_eq!(format!("{a} {a:?}"), "Purpose \"Purpose\"");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"Purpose\"");
        let c: Shared = serde_json::from_str("\"Pur\\u0070ose\"").unwrap();
        assert!(Arc::ptr_eq(&a.0, &c.0));
    }

    #[test]
    fn long_strings_are_kept_on_their_own() {
        let long = "x".repeat(SHARED_BYTES + 1);
        let a = Shared::new(&long);
        let b = Shared::new(&long);
        assert_eq!(a, b);
        assert!(!Arc::ptr_eq(&a.0, &b.0));
    }
}
