//! The assessor's judgements: their own findings, which override the automatic status.
//!
//! ```yaml
//! judgements:
//!   - requirement: 8.7.3.1-information-security-policy
//!     status: conformant
//!     note: Approved by the board on 2026-11-05; the signed copy is in the minutes.
//!     evidence: ["08 Audit and Review/Board Minutes 2026-11-05.pdf"]
//!     assessor: A. Consultant
//!     date: 2026-11-06
//!     owner: Information Security Manager
//!     target_date: 2026-12-15
//! ```

use super::model::{Override, Status};
use crate::evidence::parse_date;
use crate::yaml::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The judgements, by requirement id.
#[derive(Debug, Clone, Default)]
pub struct Judgements {
    pub by_requirement: BTreeMap<String, Override>,
    /// Where they were read from.
    pub path: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum JudgementsError {
    #[error("cannot read the judgements file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid judgements file {}:{line}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    judgements: Vec<Spanned<RawJudgement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJudgement {
    requirement: String,
    status: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    assessor: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    target_date: Option<String>,
}

impl Judgements {
    /// Reads a judgements file (at most 4 MiB).
    pub fn read(path: &Path) -> Result<Judgements, JudgementsError> {
        const MAX: u64 = 4 * 1024 * 1024;
        let text = crate::input::read_text(path, MAX).map_err(|source| JudgementsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut judgements =
            Judgements::parse(&text).map_err(|(line, message)| JudgementsError::Invalid {
                path: path.to_path_buf(),
                line,
                message,
            })?;
        judgements.path = Some(path.to_path_buf());
        Ok(judgements)
    }

    /// Parses judgements; the error carries the line.
    pub fn parse(text: &str) -> Result<Judgements, (u64, String)> {
        if text.trim().is_empty() {
            return Ok(Judgements::default());
        }
        let raw: RawFile = crate::yaml::from_str(text).map_err(|e| (e.line, e.message))?;
        let mut by_requirement = BTreeMap::new();
        for entry in raw.judgements {
            let line = entry.referenced.line();
            let raw = entry.value;
            let status = Status::from_name(&raw.status).ok_or_else(|| {
                (
                    line,
                    format!(
                        "`{}`: unknown status `{}` (expected conformant, partial or gap)",
                        raw.requirement, raw.status
                    ),
                )
            })?;
            let date_of = |field: &Option<String>| match field {
                None => Ok(None),
                Some(text) => parse_date(text).map(Some).ok_or_else(|| {
                    (
                        line,
                        format!("`{}`: `{text}` is not a date", raw.requirement),
                    )
                }),
            };
            let date = date_of(&raw.date)?;
            let target_date = date_of(&raw.target_date)?;
            let id = raw.requirement.trim().to_string();
            let judgement = Override {
                status,
                note: raw.note.filter(|n| !n.trim().is_empty()),
                evidence: raw.evidence,
                assessor: raw.assessor,
                date,
                owner: raw.owner.filter(|o| !o.trim().is_empty()),
                target_date,
            };
            if by_requirement.insert(id.clone(), judgement).is_some() {
                return Err((line, format!("`{id}` is judged twice")));
            }
        }
        Ok(Judgements {
            by_requirement,
            path: None,
        })
    }
}

impl Judgements {
    /// The judgements as a judgements file, in requirement order (what [`Judgements::parse`] reads).
    pub fn to_yaml(&self) -> String {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            requirement: &'a str,
            #[serde(flatten)]
            judgement: &'a Override,
        }
        #[derive(serde::Serialize)]
        struct File<'a> {
            judgements: Vec<Entry<'a>>,
        }
        let file = File {
            judgements: self
                .by_requirement
                .iter()
                .map(|(requirement, judgement)| Entry {
                    requirement,
                    judgement,
                })
                .collect(),
        };
        let body = crate::yaml::to_string(&file).expect("judgements serialise");
        format!(
            "# The assessor's judgements: they override iso20k's automatic statuses.\n\
             # Written by `iso20k import`; edit freely (see the README, \"Judgements\").\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        let judgements = Judgements::parse(
            "judgements:\n  - requirement: 9.3-review-held\n    status: Partial\n    note: minutes unsigned\n\
             \x20   date: 2026-11-02\n",
        )
        .unwrap();
        let j = &judgements.by_requirement["9.3-review-held"];
        assert_eq!(j.status, Status::Partial);
        assert_eq!(j.date.unwrap().to_string(), "2026-11-02");

        let err =
            Judgements::parse("judgements:\n  - requirement: a\n    status: fine\n").unwrap_err();
        assert_eq!(err.0, 2);
        assert!(err.1.contains("unknown status `fine`"), "{err:?}");
        let err = Judgements::parse(
            "judgements:\n  - requirement: a\n    status: gap\n  - requirement: a\n    status: gap\n",
        )
        .unwrap_err();
        assert_eq!(err.0, 4);
        let err =
            Judgements::parse("judgements:\n  - requirement: a\n    stauts: gap\n").unwrap_err();
        assert!(err.1.contains("unknown field `stauts`"), "{err:?}");
    }

    #[test]
    fn written_judgements_read_back_the_same() {
        let text = "judgements:\n  - requirement: 9.3-review-held\n    status: partial\n    note: 'minutes: unsigned'\n\
             \x20   evidence: [a.md]\n    assessor: A. Consultant\n    date: 2026-11-02\n    owner: SMS Manager\n\
             \x20   target_date: 2026-12-01\n  - requirement: 4.1-context\n    status: gap\n";
        let judgements = Judgements::parse(text).unwrap();
        let again = Judgements::parse(&judgements.to_yaml()).unwrap();
        assert_eq!(again.by_requirement, judgements.by_requirement);
        let j = &again.by_requirement["9.3-review-held"];
        assert_eq!(j.owner.as_deref(), Some("SMS Manager"));
        assert_eq!(j.target_date.unwrap().to_string(), "2026-12-01");
    }
}
