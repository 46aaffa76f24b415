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
}

impl Judgements {
    /// Reads a judgements file (at most 4 MiB).
    pub fn read(path: &Path) -> Result<Judgements, JudgementsError> {
        use std::io::Read;
        const MAX: u64 = 4 * 1024 * 1024;
        let read_error = |source| JudgementsError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut text = String::new();
        std::fs::File::open(path)
            .map_err(read_error)?
            .take(MAX + 1)
            .read_to_string(&mut text)
            .map_err(read_error)?;
        if text.len() as u64 > MAX {
            return Err(read_error(std::io::Error::other(
                "the file is larger than 4 MiB",
            )));
        }
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
            let date = match &raw.date {
                None => None,
                Some(text) => Some(parse_date(text).ok_or_else(|| {
                    (
                        line,
                        format!("`{}`: `{text}` is not a date", raw.requirement),
                    )
                })?),
            };
            let id = raw.requirement.trim().to_string();
            let judgement = Override {
                status,
                note: raw.note.filter(|n| !n.trim().is_empty()),
                evidence: raw.evidence,
                assessor: raw.assessor,
                date,
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
}
