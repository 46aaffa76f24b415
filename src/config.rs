//! `iso20k.toml`: the evidence folder's configuration (what to scan, a manifest of metadata for files
//! that cannot carry front matter, and the settings of the assessment, the CI gate and the plan).
//!
//! The configuration is read by several stages (the evidence index, the assessment, the gate, the
//! plan), so it sits below all of them and imports none of them: every arrow points into this module.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The configuration file looked for at the root of the evidence folder.
pub const CONFIG_FILE: &str = "iso20k.toml";

/// The assessor's judgements file looked for at the root of the evidence folder.
pub const JUDGEMENTS_FILE: &str = "iso20k-judgements.yaml";

/// The largest amount of text extracted from one file unless configured otherwise (50 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// How strictly the CI gate checks mandatory documented information (`[check] require`, `--require`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Require {
    /// Missing, draft or expired mandatory documented information fails the gate.
    #[default]
    Mandatory,
    /// As `mandatory`, and each item must be evidenced by a file that declares it (inference is not enough).
    Declared,
    /// Mandatory documented information is not checked (only the score and the baseline are).
    None,
}

impl Require {
    pub fn name(self) -> &'static str {
        match self {
            Require::Mandatory => "mandatory",
            Require::Declared => "declared",
            Require::None => "none",
        }
    }
}

/// The largest value each configurable limit accepts; a configuration above one is refused (exit 2).
/// The README lists them under "Configuration limits".
pub mod maxima {
    /// `[scan] max_file_bytes`: 256 MiB (archives may expand to four times this, so one file never
    /// costs more than about 1 GiB of memory).
    pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
    /// `[plan] people`.
    pub const PEOPLE: u8 = 100;
    /// `[plan] stage1_after_days` and `stage2_after_days`: a year.
    pub const AFTER_DAYS: u16 = 365;
    /// `[plan] internal_audit_days`, `management_review_days` and `[plan.effort]` values, in person-days.
    pub const EFFORT_DAYS: f64 = 1000.0;
}

/// The whole configuration. Unknown keys are errors, so a misspelt key never goes unnoticed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub organisation: Organisation,
    #[serde(default)]
    pub scan: ScanConfig,
    /// Metadata for files that cannot carry front matter.
    #[serde(default)]
    pub evidence: Vec<ManifestEntry>,
    /// Processes operated, in whole or in part, by other parties.
    #[serde(default, rename = "other_party")]
    pub other_parties: Vec<OtherParty>,
    #[serde(default)]
    pub assessment: AssessmentConfig,
    /// The CI gate's settings (`iso20k check`); command-line flags win.
    #[serde(default)]
    pub check: CheckConfig,
    /// The implementation plan's team, efforts and owners (`iso20k plan`).
    #[serde(default)]
    pub plan: PlanConfig,
    /// Document-quality rules (`iso20k lint`).
    #[serde(default)]
    pub lint: LintConfig,
    /// The target capability profile (`iso20k capability`).
    #[serde(default)]
    pub capability: CapabilityConfig,
    /// Certification milestones (`[[milestone]]`), marked on `iso20k trend` charts.
    #[serde(default, rename = "milestone")]
    pub milestones: Vec<Milestone>,
    /// The folder's own words, added to the embedded vocabulary when evidence is matched.
    #[serde(default)]
    pub vocabulary: VocabularyConfig,
    /// Where the configuration was read from, if anywhere.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// A certification milestone: a Stage 1 or Stage 2 audit, a certificate, a surveillance audit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// A TOML date (`2027-03-15`, unquoted).
    pub date: toml::value::Datetime,
    pub name: String,
}

/// Who the evidence belongs to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: Option<String>,
    pub scope: Option<String>,
}

/// A process another party operates (an external supplier, an internal supplier, a customer acting as a
/// supplier). ISO/IEC 20000-1 allows no exclusions: the requirement is judged on evidence of governing
/// that party.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherParty {
    /// The process area id (e.g. `incident`, `service-request`).
    pub process: String,
    /// The party's name as it appears in contracts and reviews.
    pub party: String,
}

/// Assessment settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentConfig {
    /// The assessor's judgements file (default: `iso20k-judgements.yaml` beside the evidence folder's
    /// `iso20k.toml`, when it exists).
    pub judgements: Option<PathBuf>,
}

/// `[capability]`: the capability level aimed at per process area (`targets = { incident = 3 }`);
/// `iso20k capability` shows the gap to it. Process ids are checked against the catalogue there.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilityConfig {
    #[serde(default)]
    pub targets: std::collections::BTreeMap<String, u8>,
}

/// `[vocabulary]`: how this organisation names things, added to the embedded vocabulary
/// (`requirements/vocabulary.yaml`) when evidence is matched: `equivalents = [["war room", "major incident
/// bridge"]]`, `[vocabulary.topics] "8.6.1" = ["ticket triage"]`, `[vocabulary.sections]` likewise. Topics and
/// section words are keyed by leaf clauses of the 2018 edition; the assessment checks the keys against the
/// catalogue.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyConfig {
    /// Groups of phrases that mean the same thing (two or more each).
    #[serde(default)]
    pub equivalents: Vec<Vec<String>>,
    /// Phrases naming a clause's subject in a title, file name or heading, by clause.
    #[serde(default)]
    pub topics: std::collections::BTreeMap<String, Vec<String>>,
    /// Section-heading words naming a clause's subject in a manual or policy, by clause.
    #[serde(default)]
    pub sections: std::collections::BTreeMap<String, Vec<String>>,
    /// Phrases of the organisation's own rule that a reviewer approves every change to a document.
    #[serde(default)]
    pub approval_by_review: Vec<String>,
}

impl VocabularyConfig {
    pub fn is_empty(&self) -> bool {
        self.equivalents.is_empty()
            && self.topics.is_empty()
            && self.sections.is_empty()
            && self.approval_by_review.is_empty()
    }

    /// The problems that need no catalogue: empty phrases, groups of one, keys that are no clause number.
    fn check(&self) -> Result<(), String> {
        let empty = |phrase: &str| !phrase.chars().any(char::is_alphanumeric);
        for (g, group) in self.equivalents.iter().enumerate() {
            if group.len() < 2 {
                return Err(format!(
                    "[vocabulary] equivalents: group {} ({}) needs at least two phrases that mean the same",
                    g + 1,
                    quoted_list(group)
                ));
            }
            if let Some(p) = group.iter().position(|p| empty(p)) {
                return Err(format!(
                    "[vocabulary] equivalents: group {}, phrase {} is empty",
                    g + 1,
                    p + 1
                ));
            }
        }
        if let Some(p) = self.approval_by_review.iter().position(|p| empty(p)) {
            return Err(format!(
                "[vocabulary] approval_by_review: phrase {} is empty",
                p + 1
            ));
        }
        for (table, entries) in [("topics", &self.topics), ("sections", &self.sections)] {
            for (clause, phrases) in entries {
                let numbered = !clause.is_empty()
                    && clause
                        .split('.')
                        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if !numbered {
                    return Err(format!(
                        "[vocabulary.{table}] `{clause}` is not a clause number (write \"8.6.1\")"
                    ));
                }
                if phrases.is_empty() {
                    return Err(format!("[vocabulary.{table}] \"{clause}\" lists no phrase"));
                }
                if let Some(p) = phrases.iter().position(|p| empty(p)) {
                    return Err(format!(
                        "[vocabulary.{table}] \"{clause}\": phrase {} is empty",
                        p + 1
                    ));
                }
            }
        }
        Ok(())
    }
}

fn quoted_list(items: &[String]) -> String {
    if items.is_empty() {
        return "empty".to_string();
    }
    items
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `[plan]`: the implementation team and what the plan may not guess.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    /// How many people work on the implementation at once (default 2).
    pub people: Option<u8>,
    /// How many days a week each of them gives it, 1–7 (default 5).
    pub days_per_week: Option<u8>,
    /// Calendar days from the management review to the Stage 1 audit (default 14).
    pub stage1_after_days: Option<u16>,
    /// Calendar days from Stage 1 to Stage 2 (default 30).
    pub stage2_after_days: Option<u16>,
    /// Person-days for the internal audit of the implemented SMS, when the catalogue gives none (default 5).
    pub internal_audit_days: Option<f64>,
    /// Person-days for the management review, when the catalogue gives none (default 1).
    pub management_review_days: Option<f64>,
    /// Effort overrides in person-days, by requirement id or work package id (`WP-change-1`).
    #[serde(default)]
    pub effort: std::collections::BTreeMap<String, f64>,
    /// Owners by process area id (`change = "Change Manager"`).
    #[serde(default)]
    pub owners: std::collections::BTreeMap<String, String>,
}

/// `[lint]`: which document-quality rules to leave out (`iso20k lint`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Rule codes not to report (`["vague-wording", "long-sentence"]`); an unknown code is an error.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `[check]`: the CI gate's settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Fail when the overall score is below this (0–100).
    pub fail_under: Option<f64>,
    /// `mandatory` (default), `declared` or `none`.
    pub require: Option<Require>,
    /// Do not fail on passed review dates or freshness windows.
    pub allow_expired: Option<bool>,
    /// A JSON assessment from an earlier run: fail only on regressions against it.
    pub baseline: Option<PathBuf>,
}

/// What to scan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanConfig {
    /// Globs (relative to the folder) of files to read; default: everything.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files and folders to leave out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Honour `.gitignore` and `.ignore` files (default true).
    #[serde(default = "yes")]
    pub respect_ignore_files: bool,
    /// Read hidden files and folders (default false; version-control folders are always skipped).
    #[serde(default)]
    pub hidden: bool,
    /// The most bytes of text extracted from one file (default 50 MiB).
    pub max_file_bytes: Option<u64>,
}

fn yes() -> bool {
    true
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            include: Vec::new(),
            exclude: Vec::new(),
            respect_ignore_files: true,
            hidden: false,
            max_file_bytes: None,
        }
    }
}

impl ScanConfig {
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES)
    }
}

/// An `[[evidence]]` entry: metadata for the files a path or glob names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// A path or glob relative to the evidence folder.
    pub path: String,
    #[serde(default, alias = "requirements", alias = "clauses")]
    pub covers: Vec<String>,
    #[serde(alias = "type", alias = "document_type")]
    pub doc_type: Option<String>,
    pub title: Option<String>,
    pub owner: Option<String>,
    pub version: Option<String>,
    pub status: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<toml::value::Datetime>,
    #[serde(alias = "effective_date")]
    pub effective: Option<toml::value::Datetime>,
    #[serde(alias = "reviewed_on")]
    pub last_reviewed: Option<toml::value::Datetime>,
    #[serde(alias = "next_review")]
    pub review_due: Option<toml::value::Datetime>,
    #[serde(alias = "period_end")]
    pub date: Option<toml::value::Datetime>,
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration {}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// Reads `explicit` if given, else `iso20k.toml` at the root of `folder` if it exists, else the
    /// defaults.
    pub fn discover(folder: &Path, explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => {
                let path = folder.join(CONFIG_FILE);
                if !path.is_file() {
                    return Ok(Config::default());
                }
                path
            }
        };
        Config::read(&path)
    }

    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = read_bounded(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses configuration text; the error names the line and column.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let position = e
                .span()
                .map(|span| {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!("line {line} column {column}: ")
                })
                .unwrap_or_default();
            format!("{position}{}", e.message())
        })?;
        for (i, pattern) in config
            .scan
            .include
            .iter()
            .chain(&config.scan.exclude)
            .enumerate()
        {
            globset::Glob::new(pattern).map_err(|e| {
                format!(
                    "[scan] pattern {} `{pattern}` is not a valid glob: {e}",
                    i + 1
                )
            })?;
        }
        if config.scan.max_file_bytes == Some(0) {
            return Err("[scan] max_file_bytes must be more than 0".to_string());
        }
        if let Some(bytes) = config.scan.max_file_bytes
            && bytes > maxima::MAX_FILE_BYTES
        {
            return Err(format!(
                "[scan] max_file_bytes is {bytes}; the most iso20k allows is {} (256 MiB)",
                maxima::MAX_FILE_BYTES
            ));
        }
        if let Some(score) = config.check.fail_under
            && !(0.0..=100.0).contains(&score)
        {
            return Err(format!(
                "[check] fail_under must be from 0 to 100, not {score}"
            ));
        }
        config.vocabulary.check()?;
        for (process, level) in &config.capability.targets {
            if *level > 5 {
                return Err(format!(
                    "[capability] targets: `{process}` is {level}; capability levels run from 0 to 5"
                ));
            }
        }
        let plan = &config.plan;
        if let Some(people) = plan.people
            && !(1..=maxima::PEOPLE).contains(&people)
        {
            return Err(format!(
                "[plan] people must be from 1 to {} (the most iso20k allows), not {people}",
                maxima::PEOPLE
            ));
        }
        for (key, days) in [
            ("stage1_after_days", plan.stage1_after_days),
            ("stage2_after_days", plan.stage2_after_days),
        ] {
            if let Some(days) = days
                && days > maxima::AFTER_DAYS
            {
                return Err(format!(
                    "[plan] {key} is {days}; the most iso20k allows is {} days",
                    maxima::AFTER_DAYS
                ));
            }
        }
        if let Some(days) = plan.days_per_week
            && !(1..=7).contains(&days)
        {
            return Err(format!(
                "[plan] days_per_week must be from 1 to 7, not {days}"
            ));
        }
        let efforts = plan
            .effort
            .iter()
            .map(|(key, days)| (format!("[plan.effort] {key}"), *days))
            .chain(
                plan.internal_audit_days
                    .map(|d| ("[plan] internal_audit_days".to_string(), d)),
            )
            .chain(
                plan.management_review_days
                    .map(|d| ("[plan] management_review_days".to_string(), d)),
            );
        for (what, days) in efforts {
            if !(0.0..=maxima::EFFORT_DAYS).contains(&days) {
                return Err(format!(
                    "{what} must be from 0 to {} person-days (the most iso20k allows), not {days}",
                    maxima::EFFORT_DAYS
                ));
            }
        }
        Ok(config)
    }
}

/// Configuration files are small; refuse to read more than 1 MiB.
fn read_bounded(path: &Path) -> std::io::Result<String> {
    crate::input::read_text(path, 1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_a_file() {
        let config = Config::parse("").unwrap();
        assert!(config.scan.respect_ignore_files);
        assert!(!config.scan.hidden);
        assert_eq!(config.scan.max_file_bytes(), DEFAULT_MAX_FILE_BYTES);
    }

    #[test]
    fn reads_a_manifest() {
        let config = Config::parse(
            "[organisation]\nname = \"Acme\"\n\n[[evidence]]\npath = \"contracts/*.pdf\"\n\
             covers = [\"8.3.4.1-supplier-contracts\"]\ntype = \"contract\"\nreview_due = 2027-01-31\n",
        )
        .unwrap();
        assert_eq!(config.organisation.name.as_deref(), Some("Acme"));
        assert_eq!(config.evidence[0].doc_type.as_deref(), Some("contract"));
        assert_eq!(
            config.evidence[0].review_due.unwrap().to_string(),
            "2027-01-31"
        );
    }

    #[test]
    fn a_vocabulary_extension_is_read_and_checked() {
        let config = Config::parse(
            "[vocabulary]\nequivalents = [[\"war room\", \"major incident bridge\"]]\n\
             approval_by_review = [\"sign-off by the page owner\"]\n\n\
             [vocabulary.topics]\n\"8.6.1\" = [\"ticket triage\"]\n\n[vocabulary.sections]\n\
             \"7.4\" = [\"keeping people informed\"]\n",
        )
        .unwrap();
        assert_eq!(config.vocabulary.equivalents[0][1], "major incident bridge");
        assert_eq!(config.vocabulary.topics["8.6.1"], ["ticket triage"]);
        assert_eq!(
            config.vocabulary.approval_by_review,
            ["sign-off by the page owner"]
        );
        assert_eq!(
            config.vocabulary.sections["7.4"],
            ["keeping people informed"]
        );
        for (text, expected) in [
            (
                "[vocabulary]\nequivalents = [[\"war room\"]]\n",
                "[vocabulary] equivalents: group 1 (\"war room\") needs at least two phrases",
            ),
            (
                "[vocabulary]\nequivalents = [[\"war room\", \" - \"]]\n",
                "[vocabulary] equivalents: group 1, phrase 2 is empty",
            ),
            (
                "[vocabulary]\napproval_by_review = [\"sign-off\", \" \"]\n",
                "[vocabulary] approval_by_review: phrase 2 is empty",
            ),
            (
                "[vocabulary.topics]\n\"incident\" = [\"triage\"]\n",
                "[vocabulary.topics] `incident` is not a clause number",
            ),
            (
                "[vocabulary.sections]\n\"8.6.1\" = [\"\"]\n",
                "[vocabulary.sections] \"8.6.1\": phrase 1 is empty",
            ),
            (
                "[vocabulary.topics]\n\"8.6.1\" = []\n",
                "[vocabulary.topics] \"8.6.1\" lists no phrase",
            ),
            ("[vocabulary]\nsynonyms = []\n", "unknown field `synonyms`"),
        ] {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let err = Config::parse("[scan]\nexclude = [\"a\"]\nexlude = 1\n").unwrap_err();
        assert!(err.starts_with("line 3 column 1: "), "{err}");
        assert!(err.contains("unknown field `exlude`"), "{err}");
        let err = Config::parse("[scan]\nexclude = [\"a{\"]\n").unwrap_err();
        assert!(err.contains("not a valid glob"), "{err}");
    }
}
