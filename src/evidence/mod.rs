//! The evidence index: the second stage of the pipeline.
//!
//! [`scan`] reads an organisation's evidence folder (policies, procedures, plans, records in Markdown,
//! text, CSV, YAML/JSON, Word, Excel, OpenDocument and PDF) into a register of [`EvidenceItem`]s with
//! normalised metadata, and a list of [`Warning`]s for everything it could not read or did not trust.
//!
//! Real folders are hostile: zip bombs, symlink loops, huge logs, broken YAML, FIFOs. Every read is bounded
//! (see [`ScanOptions`]), bad input becomes a warning naming the file and the reason, and the scan goes on.
//! Nothing is ever written inside the folder.
//!
//! Memory is bounded by the largest file read, not by the folder: an item keeps its metadata, headings,
//! dates and a short excerpt, never its full text. Stages that need the text (keyword matching) run
//! during the scan through [`scan_with`], one pass over each file's text.

pub mod cache;
mod dates;
mod doc_control;
mod extract;
mod kind;
mod metadata;
mod phrases;
mod read;
mod sections;
mod shared;
mod walk;

// The configuration lives below the stages (`crate::config`); these names stay reachable here for
// code written against the evidence stage.
pub use crate::config::{
    AssessmentConfig, CONFIG_FILE, CheckConfig, Config, ConfigError, DEFAULT_MAX_FILE_BYTES,
    JUDGEMENTS_FILE, LintConfig, ManifestEntry, Organisation, OtherParty, PlanConfig, ScanConfig,
    maxima,
};
pub use dates::{date_in_name, parse_date, years_in_name};
pub(crate) use extract::{cell_date, check_workbook};
pub use kind::{Kind, RecordSeries, Signal, Unfilled, placeholder_lines};
pub use sections::{
    Absence, ClauseRef, Edition, MAX_ABSENCES, MAX_CLAUSE_REFS, MAX_SECTIONS, Section, extent_end,
    section_at, section_byte_ranges, section_label,
};
pub use shared::{SHARED_BYTES, Shared};

use crate::catalogue::DocType;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many characters of text an item keeps as its excerpt.
pub const EXCERPT_CHARS: usize = 280;

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The evidence folder.
    pub root: PathBuf,
    /// The configuration (from `iso20k.toml` or `--config`).
    pub config: Config,
}

/// The register of evidence found in a folder.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceIndex {
    /// The folder scanned, as given.
    #[serde(skip)]
    pub root: PathBuf,
    /// Every file read or listed, sorted by path.
    pub items: Vec<EvidenceItem>,
    /// Everything that could not be read or was set aside, sorted by path.
    pub warnings: Vec<Warning>,
    /// Files and folders left out on purpose, by reason.
    pub skipped: Skipped,
}

/// How many files or folders a scan left out on purpose (files ignored by `.gitignore`/`.ignore` are
/// not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Hidden files and folders (names starting with a dot), unless `[scan] hidden = true`.
    pub hidden: usize,
    /// Version-control folders such as `.git`.
    pub version_control: usize,
    /// Files and folders matching `[scan] exclude`.
    pub excluded: usize,
    /// Files not matching `[scan] include`.
    pub not_included: usize,
}

/// One file of the evidence folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// Path relative to the evidence folder, with `/` separators.
    pub path: String,
    pub format: Format,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// SHA-256 of the whole file, hex: an auditor can check it with `sha256sum`.
    pub sha256: String,
    pub title: String,
    /// The normalised metadata (flattened into the item in JSON).
    #[serde(flatten)]
    pub metadata: Metadata,
    /// Where each metadata field came from.
    pub metadata_sources: Vec<MetadataSource>,
    /// What kind of document or record the file is (inferred, or named by an explicit `doc_type`).
    pub kind: Kind,
    /// The signals behind the kind (file name, folder, columns, content cues …).
    pub kind_signals: Vec<Signal>,
    /// Why the file is an unfilled template or stub, with the placeholders found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<Unfilled>,
    pub headings: Vec<Heading>,
    /// The document split at its headings, each with its line range (at most [`MAX_SECTIONS`]); the
    /// byte range of each in the text given to [`scan_with`]'s `analyse` is [`Section::bytes`].
    pub sections: Vec<Section>,
    /// Statements that something does not exist yet (`TBC`, "not yet documented", "planned for 2027"),
    /// with their line and section (at most [`MAX_ABSENCES`]).
    pub absences: Vec<Absence>,
    /// Explicit references to clauses of ISO/IEC 20000-1, with the edition cited (at most
    /// [`MAX_CLAUSE_REFS`]).
    pub clause_refs: Vec<ClauseRef>,
    /// Tables of records (CSV rows, spreadsheet sheets).
    pub tables: Vec<TableInfo>,
    /// Distinct dates found in the text, sorted (at most [`MAX_DATES`]).
    pub dates_found: Vec<Date>,
    /// Number of words of text extracted.
    pub words: usize,
    /// The first characters of the text.
    pub excerpt: String,
    /// Whether the text was cut at the size limit.
    pub truncated: bool,
}

impl EvidenceItem {
    /// The item of a file not read: its path and format alone, nothing found.
    pub fn unread(path: &str, format: Format) -> EvidenceItem {
        EvidenceItem {
            path: path.to_string(),
            format,
            bytes: 0,
            sha256: String::new(),
            title: String::new(),
            metadata: Metadata::default(),
            metadata_sources: Vec::new(),
            kind: Kind::default(),
            kind_signals: Vec::new(),
            template: None,
            headings: Vec::new(),
            sections: Vec::new(),
            absences: Vec::new(),
            clause_refs: Vec::new(),
            tables: Vec::new(),
            dates_found: Vec::new(),
            words: 0,
            excerpt: String::new(),
            truncated: false,
        }
    }
}

/// The most distinct dates an item keeps.
pub const MAX_DATES: usize = 1000;

/// A file's format, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Text,
    Csv,
    Tsv,
    Yaml,
    Json,
    Docx,
    Odt,
    Xlsx,
    Ods,
    Pdf,
    Other,
}

impl Format {
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
            "txt" | "text" | "log" | "rst" | "adoc" => Format::Text,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "yaml" | "yml" => Format::Yaml,
            "json" => Format::Json,
            "docx" | "docm" => Format::Docx,
            "odt" => Format::Odt,
            "xlsx" | "xlsm" | "xls" | "xlsb" => Format::Xlsx,
            "ods" => Format::Ods,
            "pdf" => Format::Pdf,
            _ => Format::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Xlsx => "xlsx",
            Format::Ods => "ods",
            Format::Pdf => "pdf",
            Format::Other => "other",
        }
    }
}

/// A document's approval status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Approved,
    /// Retired, superseded or archived: no longer in force.
    Retired,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }
}

/// A file's normalised metadata, from the manifest, front matter, document properties and body text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Metadata {
    pub doc_type: Option<DocType>,
    pub status: Option<Status>,
    pub owner: Option<String>,
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<Date>,
    pub effective: Option<Date>,
    pub last_reviewed: Option<Date>,
    pub review_due: Option<Date>,
    /// For records: the date the record is about (meeting, report period end, test date).
    pub date: Option<Date>,
    /// The author named in the document's own properties (Office, PDF).
    pub author: Option<String>,
    /// The last-modified date in the document's own properties (not the file system's).
    pub modified: Option<Date>,
    /// Requirement ids or clause numbers the document declares it provides evidence for.
    pub declares: Vec<String>,
}

/// Where a metadata field's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataSource {
    pub field: &'static str,
    pub source: Source,
    /// Where exactly, when known: `front matter key "approval_date"`, `document-control table, line 7`,
    /// `revision history (latest row), line 120`, `header line 3`, `file name`, `folder "Archive"`
    /// (shared: a folder's files say the same few things).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Shared>,
}

/// The places metadata is read from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An `[[evidence]]` entry of `iso20k.toml`.
    Manifest,
    /// YAML or TOML front matter.
    FrontMatter,
    /// Office document properties.
    DocumentProperties,
    /// The text: `Owner: …` lines and banners at the top, document-control and revision-history tables.
    Body,
    /// The first heading, the file name or its folders.
    Derived,
}

/// A heading of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    /// Shared: a folder's documents repeat the same headings.
    pub text: Shared,
    /// 1-based line: of the file (Markdown), of the extracted text (Word, OpenDocument).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A table of records: a CSV file or one spreadsheet sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableInfo {
    /// The sheet name (spreadsheets), or the key holding the list (YAML/JSON records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// Data rows, not counting the header row.
    pub rows: usize,
    /// The latest event date: the last date of the event column where the table records events, else
    /// none. Planned dates (`Target`, `Due`, `Next review`) never count.
    pub latest_date: Option<Date>,
    /// The record series the table holds, if it records events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<RecordSeries>,
    /// The distinct dates of the event column, sorted (the latest 4,096), for record-series coverage.
    #[serde(skip)]
    pub dates: Vec<Date>,
    /// Each data row's first cell (the record's number in most exports), for audit samples; the first
    /// 10,000 rows.
    #[serde(skip)]
    pub keys: Keys,
    /// The values of the table's type column (`Issue Type`), most frequent first, with their counts.
    #[serde(skip)]
    pub types: Vec<(String, usize)>,
}

/// A table's row keys ([`TableInfo::keys`]), kept in one string: a CSV export of thousands of rows
/// costs two allocations, not one per row (memory of large folders).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
}

impl Keys {
    pub fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The key of row `i` (0-based), if the table kept one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Gives back the room left over from growing.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Read (the evidence cache) from a list of strings, one allocation for them all.
impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Keys, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of row keys")
            }
            fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<Keys, S::Error> {
                let mut keys = Keys::default();
                while let Some(key) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    keys.push(&key);
                }
                keys.shrink_to_fit();
                Ok(keys)
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

impl<'a> FromIterator<&'a str> for Keys {
    fn from_iter<I: IntoIterator<Item = &'a str>>(keys: I) -> Keys {
        let mut out = Keys::default();
        for key in keys {
            out.push(key);
        }
        out.shrink_to_fit();
        out
    }
}

/// Something in the evidence folder that could not be read, or was not trusted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// The warning for a folder with no evidence files: where iso20k looked and what it left out on purpose.
fn nothing_found(skipped: &Skipped, scan: &crate::config::ScanConfig) -> Warning {
    let mut left_out = Vec::new();
    if skipped.hidden > 0 {
        left_out.push(format!(
            "{} hidden file{} or folder{} (names starting with a dot; [scan] hidden = true reads them)",
            skipped.hidden,
            if skipped.hidden == 1 { "" } else { "s" },
            if skipped.hidden == 1 { "" } else { "s" },
        ));
    }
    if skipped.excluded > 0 {
        left_out.push(format!("{} excluded by [scan] exclude", skipped.excluded));
    }
    if skipped.not_included > 0 {
        left_out.push(format!(
            "{} not matching [scan] include",
            skipped.not_included
        ));
    }
    if skipped.version_control > 0 {
        left_out.push(format!(
            "{} version-control folder{}",
            skipped.version_control,
            if skipped.version_control == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    let looked = if left_out.is_empty() {
        "the folder and every folder below it hold no files".to_string()
    } else {
        format!("iso20k left out {}", left_out.join(", "))
    };
    let ignore = if scan.respect_ignore_files {
        "; files named in .gitignore or .ignore files are skipped too ([scan] respect_ignore_files = false reads them)"
    } else {
        ""
    };
    Warning {
        path: ".".to_string(),
        message: format!(
            "no evidence files found: {looked}{ignore}; every requirement is judged without evidence"
        ),
    }
}

/// What went wrong before any file was read.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot read the evidence folder {}: {source}", path.display())]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The configuration holds something only the catalogue can refuse (a `[vocabulary.topics]` key that
    /// is no clause of it).
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Told how a scan advances, e.g. to draw a progress bar. `()` ignores it.
pub trait Progress: Sync {
    /// The folder has been walked and `files` files will be read.
    fn start(&self, files: usize) {
        let _ = files;
    }
    /// One more file has been read.
    fn advance(&self) {}
}

impl Progress for () {}

/// Runs the reader a file named `name` gets (chosen by its extension, as in a scan) over `bytes`, with the
/// default size limit, then looks for dates in its text. The entry point of the fuzz targets in `fuzz/`;
/// a reader must never panic, hang or run out of memory, whatever the bytes.
#[doc(hidden)]
pub fn fuzz_extract(name: &str, bytes: &[u8]) {
    let format = Format::from_path(Path::new(name));
    if let Ok(extracted) = extract::extract(format, bytes, false, DEFAULT_MAX_FILE_BYTES) {
        let _ = dates::find_dates(&extracted.text, MAX_DATES);
    }
}

/// The first line of a Markdown file's body: 1 without front matter, else the line after its closing
/// fence (the lines of a Markdown item's text are file lines minus this, plus one).
pub fn markdown_body_line(raw: &str) -> usize {
    extract::markdown_body_line(raw)
}

/// Scans an evidence folder into a register.
pub fn scan(options: &ScanOptions) -> Result<EvidenceIndex, ScanError> {
    scan_register(options, &())
}

/// [`scan`], telling `progress` how it advances; unchanged files come from the cache (see [`cache`]).
pub fn scan_register(
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<EvidenceIndex, ScanError> {
    scan_cached(options, progress, || "evidence".to_string(), |_, _| ()).map(|(index, _)| index)
}

/// [`scan_register`] for a register that is only shown (`iso20k evidence`): what its views leave out
/// (each table's event dates, row keys and type counts, kept for audit samples and coverage) is not
/// kept, so a large folder's register takes less memory. Cached apart from [`scan_register`]'s.
pub fn scan_register_shown(
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<EvidenceIndex, ScanError> {
    scan_cached_trimmed(
        options,
        progress,
        || "evidence, as shown".to_string(),
        |_, _| (),
        |item| {
            for table in &mut item.tables {
                table.dates = Vec::new();
                table.keys = Keys::default();
                table.types = Vec::new();
            }
        },
    )
    .map(|(index, _)| index)
}

/// Scans an evidence folder, calling `analyse` once for every file read with its item and full text
/// (the only moment the text exists). The analyses come back in the same order as the index's items.
pub fn scan_with<A, F>(
    options: &ScanOptions,
    progress: &dyn Progress,
    analyse: F,
) -> Result<(EvidenceIndex, Vec<A>), ScanError>
where
    A: Send,
    F: Fn(&EvidenceItem, &str) -> A + Sync,
{
    scan_files(options, progress, |file, limit, manifest| {
        let (item, warnings, analysis) = read::read(file, limit, manifest, &analyse);
        (item, warnings, analysis, None, true)
    })
    .map(|(index, analyses, _)| (index, analyses))
}

/// [`scan_with`], keeping what reading each file found in the cache (see [`cache`], off unless
/// configured) between runs: a file unchanged since the last run with the same `context` is not read
/// again. `context` names everything besides the program and the folder that `analyse` depends on (the
/// catalogue, the vocabulary, the configuration's parties); the configuration itself is added here.
/// The results are the same as [`scan_with`]'s.
pub fn scan_cached<A, F>(
    options: &ScanOptions,
    progress: &dyn Progress,
    context: impl FnOnce() -> String,
    analyse: F,
) -> Result<(EvidenceIndex, Vec<A>), ScanError>
where
    A: Send + Sync + Serialize + serde::de::DeserializeOwned,
    F: Fn(&EvidenceItem, &str) -> A + Sync,
{
    scan_cached_trimmed(options, progress, context, analyse, |_| ())
}

/// [`scan_cached`], with `trim` applied to every item as soon as it is read (after `analyse`) or taken
/// from the cache: it empties what the caller never reads, so a large folder's register takes less
/// memory. The cache then holds trimmed items, so `context` must name the trimming.
pub fn scan_cached_trimmed<A, F, T>(
    options: &ScanOptions,
    progress: &dyn Progress,
    context: impl FnOnce() -> String,
    analyse: F,
    trim: T,
) -> Result<(EvidenceIndex, Vec<A>), ScanError>
where
    A: Send + Sync + Serialize + serde::de::DeserializeOwned,
    F: Fn(&EvidenceItem, &str) -> A + Sync,
    T: Fn(&mut EvidenceItem) + Sync,
{
    let context = || {
        // The configuration file by its canonical path: the same folder named relatively or absolutely
        // (`iso20k assess evidence`, `iso20k assess /work/evidence`) shares one cache file.
        let mut config = options.config.clone();
        config.path = config
            .path
            .map(|path| std::fs::canonicalize(&path).unwrap_or(path));
        format!("{}\nconfiguration: {config:?}", context())
    };
    let Some(cache) = cache::Cache::<A>::open(&options.root, context) else {
        return scan_files(options, progress, |file, limit, manifest| {
            let (mut item, warnings, analysis) = read::read(file, limit, manifest, &analyse);
            trim(&mut item);
            (item, warnings, analysis, None, true)
        })
        .map(|(index, analyses, _)| (index, analyses));
    };
    let (index, analyses, stamped) = scan_files(options, progress, |file, limit, manifest| {
        let stamp = cache::Stamp::of(&file.abs);
        if let Some((item, warnings, analysis)) = cache.get(&file.rel, stamp) {
            return (item, warnings, analysis, stamp, false);
        }
        let (mut item, warnings, analysis) = read::read(file, limit, manifest, &analyse);
        trim(&mut item);
        (item, warnings, analysis, stamp, true)
    })?;
    cache.save(&index, &analyses, &stamped);
    Ok((index, analyses))
}

/// [`scan_cached_trimmed`] without the cache, for an `analyse` that needs something made first (a
/// catalogue loaded, a matcher built): `prepare` makes it on one core while the folder is walked and
/// read on the other, so start-up and reading overlap (a small folder's run is mostly start-up). A file
/// read before `prepare` is done keeps its text until then and is analysed (and trimmed) after the scan,
/// on every core; the results are the same as [`scan_cached_trimmed`]'s. When `prepare` fails, the files
/// not yet read are not read and its error is given back (before any of the scan's).
#[allow(clippy::type_complexity)]
pub fn scan_preparing<P, E, A, F, T>(
    options: &ScanOptions,
    progress: &dyn Progress,
    prepare: impl FnOnce() -> Result<P, E> + Send,
    analyse: F,
    trim: T,
) -> Result<Result<(P, EvidenceIndex, Vec<A>), ScanError>, E>
where
    P: Send + Sync,
    E: Send,
    A: Send,
    F: Fn(&P, &EvidenceItem, &str) -> A + Sync,
    T: Fn(&mut EvidenceItem) + Sync,
{
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, OnceLock};
    let ready: OnceLock<P> = OnceLock::new();
    let failed = AtomicBool::new(false);
    // The files read before `prepare` was done: their paths and texts.
    let waiting: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let make = || match prepare() {
        Ok(made) => {
            let _ = ready.set(made);
            Ok(())
        }
        Err(err) => {
            failed.store(true, Ordering::Relaxed);
            Err(err)
        }
    };
    let read_one = |file: &walk::FoundFile, limit: u64, manifest: &metadata::Manifest| {
        if failed.load(Ordering::Relaxed) {
            // Given up: the run ends with `prepare`'s error.
            let item = EvidenceItem::unread(&file.rel, Format::from_path(&file.abs));
            return (item, Vec::new(), None, None, false);
        }
        let analyse_now = |item: &EvidenceItem, text: &str| match ready.get() {
            Some(made) => Some(analyse(made, item, text)),
            None => {
                waiting
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((item.path.clone(), text.to_string()));
                None
            }
        };
        let (mut item, warnings, analysis) = read::read(file, limit, manifest, &analyse_now);
        if analysis.is_some() {
            trim(&mut item);
        }
        (item, warnings, analysis, None, true)
    };
    let scan = || {
        // The automaton every file's reading needs, built before the first file asks for it (on first
        // use, the other threads would wait for it).
        phrases::TextPhrases::prepare();
        scan_files_in(options, progress, true, read_one)
    };
    // `prepare` runs in a pool of its own (one thread), whatever it does in parallel with it: on a thread
    // of the scan's pool it would be held up by the files that thread takes on while it waits for its own
    // parallel parts (a waiting worker works), and the scan could end long before the matcher, every file
    // waiting. The scan's thread that hands it over reads files meanwhile; three threads on two cores,
    // the system shares them.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "iso20k-prepare".to_string())
        .build();
    let (prepared, scanned) = match &pool {
        Ok(pool) => rayon::join(|| pool.install(make), scan),
        // No thread to spare: side by side in the scan's pool.
        Err(_) => rayon::join(make, scan),
    };
    prepared?;
    let made = ready.into_inner().expect("prepared");
    let (mut index, analyses, _) = match scanned {
        Ok(scanned) => scanned,
        Err(err) => return Ok(Err(err)),
    };
    let waiting = waiting
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let late: Vec<(usize, A)> = waiting
        .par_iter()
        .with_max_len(1)
        .map(|(path, text)| {
            let i = index
                .items
                .binary_search_by(|item| item.path.as_str().cmp(path))
                .expect("a file read is in the index");
            (i, analyse(&made, &index.items[i], text))
        })
        .collect();
    drop(waiting);
    let mut analyses = analyses;
    for (i, analysis) in late {
        analyses[i] = Some(analysis);
        trim(&mut index.items[i]);
    }
    let analyses = analyses
        .into_iter()
        .map(|analysis| analysis.expect("every file analysed"))
        .collect();
    Ok(Ok((made, index, analyses)))
}

/// The files' indexes, largest file first (equal sizes in path order); a file whose size cannot be
/// read counts as empty (reading it will say why).
fn biggest_first_order(files: &[walk::FoundFile]) -> Vec<usize> {
    let sizes: Vec<u64> = files
        .par_iter()
        .map(|file| std::fs::metadata(&file.abs).map_or(0, |meta| meta.len()))
        .collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    order
}

/// Puts `items` and `rest`, read in `order` (the `k`th belongs at `order[k]`), back in path order, in
/// place (a swap puts one result where it belongs).
fn into_path_order<I, R>(items: &mut [I], rest: &mut [R], mut order: Vec<usize>) {
    for k in 0..order.len() {
        while order[k] != k {
            let home = order[k];
            items.swap(k, home);
            rest.swap(k, home);
            order.swap(k, home);
        }
    }
}

/// What a scan says of each file besides its item: its analysis, its own warnings, its modification
/// stamp (for the cache) and whether it was read.
type FileResult<A> = (EvidenceItem, Vec<Warning>, A, Option<cache::Stamp>, bool);

/// Walks the folder and reads every file with `read_one` (in parallel), in path order; also gives each
/// file's warnings, stamp and whether it was read, in the same order.
#[allow(clippy::type_complexity)]
fn scan_files<A, R>(
    options: &ScanOptions,
    progress: &dyn Progress,
    read_one: R,
) -> Result<(EvidenceIndex, Vec<A>, Vec<cache::Stamped>), ScanError>
where
    A: Send,
    R: Fn(&walk::FoundFile, u64, &metadata::Manifest) -> FileResult<A> + Sync,
{
    scan_files_in(options, progress, false, read_one)
}

/// [`scan_files`]; with `biggest_first`, the files are read largest first (each file's size asked for
/// before reading), so that no large file is left to one core at the end while the others wait: worth
/// it when every file is read, not when most come from the cache. The results are in path order all
/// the same.
#[allow(clippy::type_complexity)]
fn scan_files_in<A, R>(
    options: &ScanOptions,
    progress: &dyn Progress,
    biggest_first: bool,
    read_one: R,
) -> Result<(EvidenceIndex, Vec<A>, Vec<cache::Stamped>), ScanError>
where
    A: Send,
    R: Fn(&walk::FoundFile, u64, &metadata::Manifest) -> FileResult<A> + Sync,
{
    let root = &options.root;
    let meta = std::fs::metadata(root).map_err(|source| ScanError::Root {
        path: root.clone(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ScanError::NotAFolder(root.clone()));
    }
    let mut found = walk::walk(root, &options.config.scan);
    let manifest = metadata::Manifest::new(&options.config.evidence);
    let mut warnings = found.warnings;
    warnings.extend(manifest.warnings.iter().cloned());
    let paths: Vec<String> = found.files.iter().map(|f| f.rel.clone()).collect();
    warnings.extend(manifest.unmatched(&paths));
    drop(paths);

    progress.start(found.files.len());
    let limit = options.config.scan.max_file_bytes();
    // In path order before reading (an item's path is its file's), so the results are collected
    // straight into their lists: no list of every file's whole result beside them (memory).
    found.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    // The order the files are read in (indexes into the list); the results are put back in path order.
    let order = biggest_first.then(|| biggest_first_order(&found.files));
    let mut items = Vec::new();
    let mut rest: Vec<(A, cache::Stamped)> = Vec::new();
    let files = &found.files;
    order
        .as_deref()
        .map_or_else(|| (0..files.len()).collect(), <[usize]>::to_vec)
        .par_iter()
        // Read one by one when every file is read: a thread that ran out of files can then take any file
        // not yet begun (rayon otherwise reads a run of files in one go, which no other thread can share,
        // and one thread could be left with a long run at the end).
        .with_max_len(if biggest_first { 1 } else { usize::MAX })
        .map(|&i| {
            let file = &files[i];
            let (item, warnings, analysis, stamp, read) = read_one(file, limit, &manifest);
            progress.advance();
            debug_assert_eq!(item.path, file.rel);
            let stamped = cache::Stamped {
                stamp,
                read,
                warnings,
            };
            (item, (analysis, stamped))
        })
        .unzip_into_vecs(&mut items, &mut rest);
    if let Some(order) = order {
        into_path_order(&mut items, &mut rest, order);
    }
    drop(found.files);
    let mut analyses = Vec::with_capacity(rest.len());
    let mut stamped = Vec::with_capacity(rest.len());
    for (analysis, file) in rest {
        warnings.extend(file.warnings.iter().cloned());
        analyses.push(analysis);
        stamped.push(file);
    }
    if items.is_empty() {
        warnings.push(nothing_found(&found.skipped, &options.config.scan));
    }
    warnings.sort();
    warnings.dedup();
    Ok((
        EvidenceIndex {
            root: root.clone(),
            items,
            warnings,
            skipped: found.skipped,
        },
        analyses,
        stamped,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Results read in any order are put back where they belong.
        #[test]
        fn results_read_in_any_order_are_put_back_in_path_order(
            order in proptest::collection::vec(0u32..1000, 0..60).prop_map(|keys| {
                let mut order: Vec<usize> = (0..keys.len()).collect();
                order.sort_by_key(|&i| keys[i]);
                order
            })
        ) {
            // What reading in `order` gives: the `k`th result is file `order[k]`'s.
            let mut items: Vec<usize> = order.clone();
            let mut rest: Vec<String> = order.iter().map(|i| format!("file {i}")).collect();
            into_path_order(&mut items, &mut rest, order.clone());
            let expected: Vec<usize> = (0..order.len()).collect();
            proptest::prop_assert_eq!(&items, &expected);
            let expected: Vec<String> = (0..order.len()).map(|i| format!("file {i}")).collect();
            proptest::prop_assert_eq!(rest, expected);
        }
    }

    /// The largest file is read first; files of the same size in path order.
    #[test]
    fn the_largest_files_are_read_first() {
        let dir = tempfile::tempdir().unwrap();
        let sizes = [3usize, 10, 0, 10, 7];
        let files: Vec<walk::FoundFile> = sizes
            .iter()
            .enumerate()
            .map(|(i, &size)| {
                let abs = dir.path().join(format!("{i}.txt"));
                std::fs::write(&abs, "x".repeat(size)).unwrap();
                walk::FoundFile {
                    abs,
                    rel: format!("{i}.txt"),
                }
            })
            .chain(std::iter::once(walk::FoundFile {
                abs: dir.path().join("gone.txt"),
                rel: "gone.txt".to_string(),
            }))
            .collect();
        assert_eq!(biggest_first_order(&files), vec![1, 3, 4, 0, 2, 5]);
    }
}
