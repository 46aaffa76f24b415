//! The incremental cache: what reading a file found (its register item, its warnings and, for an
//! assessment, its phrase matches), kept between runs so a re-run reads only the files that changed.
//!
//! - **Where**: `--cache DIR`, else `$XDG_CACHE_HOME/iso20k`, else `~/.cache/iso20k`; never inside the
//!   evidence folder (a cache directory there is refused and nothing is cached). `--no-cache` bypasses
//!   it. Library callers get no cache unless they [`configure`] one.
//! - **One file per folder and setting**: its name is a hash of the folder's canonical path, the
//!   program (its version and the executable's size and modification time, so any rebuild starts
//!   afresh), and the context the caller gives (the catalogue, vocabulary and configuration that affect
//!   reading and matching). Any change to these uses another file: nothing stale is ever read.
//! - **Per file**: an entry is used only while the file's path, size, modification time (to the
//!   nanosecond) and inode are unchanged; otherwise the file is read again.
//! - **Written atomically**: to a uniquely named temporary file, then renamed over the old one, so two
//!   runs sharing the cache never see half a file (the last to finish wins). Written only when something
//!   changed.
//! - **Pruned by size**: when the cache directory's files exceed [`MAX_CACHE_BYTES`], the least recently
//!   written ones are removed.
//! - **Corrupt or unreadable**: ignored with a warning, and the folder is read in full; an entry that
//!   cannot be read is a warning too, and its file is read.
//! - **Read as the scan goes**: opening the cache indexes where each file's entry is (one line each,
//!   after its path); an entry is read and parsed only when the scan reaches its file, on every core, so
//!   a large folder's entries are never all in memory beside the register made from them.
//!
//! Results are the same with and without the cache: an entry holds everything the scan would build.

use super::{
    Absence, ClauseRef, EvidenceItem, Format, Heading, Kind, Metadata, MetadataSource, Section,
    Signal, TableInfo, Unfilled, Warning,
};
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

/// The cache directory may hold this much before the oldest files are removed.
pub const MAX_CACHE_BYTES: u64 = 1024 * 1024 * 1024;

/// The layout of a cache file; a file of another layout is ignored.
const FORMAT: u32 = 3;

/// Where the cache lives, as the command line asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// No cache (`--no-cache`, and library callers by default).
    Off,
    /// The cache directory.
    Dir(PathBuf),
}

impl Setting {
    /// `--cache DIR`, else `$XDG_CACHE_HOME/iso20k`, else `$HOME/.cache/iso20k`; off with `--no-cache`
    /// or when no directory can be told.
    pub fn from_args(dir: Option<&Path>, off: bool) -> Setting {
        if off {
            return Setting::Off;
        }
        if let Some(dir) = dir {
            return Setting::Dir(dir.to_path_buf());
        }
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .filter(|p| p.is_absolute())
                    .map(|home| home.join(".cache"))
            });
        base.map_or(Setting::Off, |base| Setting::Dir(base.join("iso20k")))
    }
}

/// Told about cache problems (a corrupt file, a directory that cannot be written); they never change
/// the results, so they are not scan warnings.
pub type Notify = fn(&str);

static SETTING: RwLock<Option<(Setting, Notify)>> = RwLock::new(None);

/// Sets where scans keep their cache, and who hears about its problems.
pub fn configure(setting: Setting, notify: Notify) {
    if let Ok(mut current) = SETTING.write() {
        *current = Some((setting, notify));
    }
}

/// Whether a cache directory is set (a scan may still find it unusable, e.g. inside the evidence
/// folder, and say so).
pub fn enabled() -> bool {
    setting().is_some()
}

fn setting() -> Option<(PathBuf, Notify)> {
    match SETTING.read().ok()?.as_ref()? {
        (Setting::Dir(dir), notify) => Some((dir.clone(), *notify)),
        (Setting::Off, _) => None,
    }
}

/// One file's cached reading.
#[derive(Deserialize)]
struct Entry<A> {
    size: u64,
    mtime: i128,
    inode: u64,
    item: ItemIn,
    /// What the item's JSON form leaves out: each table's event dates, row keys and types, and each
    /// section's byte range.
    tables: Vec<TableExtra>,
    sections: Vec<(usize, usize)>,
    warnings: Vec<Warning>,
    analysis: A,
}

/// [`EvidenceItem`] as the cache holds it: its metadata one field, not flattened into the item as in
/// the register's JSON (a flattened struct is read through a buffer of all its fields: several times
/// slower, and an allocation per field).
#[derive(Deserialize)]
struct ItemIn {
    path: String,
    format: Format,
    bytes: u64,
    sha256: String,
    title: String,
    metadata: Metadata,
    metadata_sources: Vec<MetadataSource>,
    kind: Kind,
    kind_signals: Vec<Signal>,
    template: Option<Unfilled>,
    headings: Vec<Heading>,
    sections: Vec<Section>,
    absences: Vec<Absence>,
    clause_refs: Vec<ClauseRef>,
    tables: Vec<TableInfo>,
    dates_found: Vec<Date>,
    words: usize,
    excerpt: String,
    truncated: bool,
}

impl From<ItemIn> for EvidenceItem {
    fn from(item: ItemIn) -> EvidenceItem {
        EvidenceItem {
            path: item.path,
            format: item.format,
            bytes: item.bytes,
            sha256: item.sha256,
            title: item.title,
            metadata: item.metadata,
            metadata_sources: item.metadata_sources,
            kind: item.kind,
            kind_signals: item.kind_signals,
            template: item.template,
            headings: item.headings,
            sections: item.sections,
            absences: item.absences,
            clause_refs: item.clause_refs,
            tables: item.tables,
            dates_found: item.dates_found,
            words: item.words,
            excerpt: item.excerpt,
            truncated: item.truncated,
        }
    }
}

/// [`ItemIn`] as written, borrowing from the scan's item.
#[derive(Serialize)]
struct ItemOut<'a> {
    path: &'a str,
    format: Format,
    bytes: u64,
    sha256: &'a str,
    title: &'a str,
    metadata: &'a Metadata,
    metadata_sources: &'a [MetadataSource],
    kind: Kind,
    kind_signals: &'a [Signal],
    template: &'a Option<Unfilled>,
    headings: &'a [Heading],
    sections: &'a [Section],
    absences: &'a [Absence],
    clause_refs: &'a [ClauseRef],
    tables: &'a [TableInfo],
    dates_found: &'a [Date],
    words: usize,
    excerpt: &'a str,
    truncated: bool,
}

impl<'a> From<&'a EvidenceItem> for ItemOut<'a> {
    fn from(item: &'a EvidenceItem) -> ItemOut<'a> {
        ItemOut {
            path: &item.path,
            format: item.format,
            bytes: item.bytes,
            sha256: &item.sha256,
            title: &item.title,
            metadata: &item.metadata,
            metadata_sources: &item.metadata_sources,
            kind: item.kind,
            kind_signals: &item.kind_signals,
            template: &item.template,
            headings: &item.headings,
            sections: &item.sections,
            absences: &item.absences,
            clause_refs: &item.clause_refs,
            tables: &item.tables,
            dates_found: &item.dates_found,
            words: item.words,
            excerpt: &item.excerpt,
            truncated: item.truncated,
        }
    }
}

#[derive(Deserialize)]
struct TableExtra {
    dates: Vec<Date>,
    keys: super::Keys,
    types: Vec<(String, usize)>,
}

/// The first line of a cache file; each of the next `entries` lines is one file's path and entry.
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    format: u32,
    key: std::borrow::Cow<'a, str>,
    entries: usize,
}

/// Where each file's entry is in the cache file, by path.
type Entries = HashMap<String, Slot>;

/// Where one entry is in the cache file: its bytes and its line (for messages).
#[derive(Clone, Copy)]
struct Slot {
    offset: u64,
    len: u32,
    line: u32,
}

/// Why a cache file could not be used.
enum ReadError {
    Io(std::io::Error),
    Corrupt(String),
}

/// [`Entry`] as written, borrowing from the scan's results.
#[derive(Serialize)]
struct EntryOut<'a, A> {
    size: u64,
    mtime: i128,
    inode: u64,
    item: ItemOut<'a>,
    tables: Vec<TableExtraOut<'a>>,
    sections: Vec<(usize, usize)>,
    warnings: &'a [Warning],
    analysis: &'a A,
}

#[derive(Serialize)]
struct TableExtraOut<'a> {
    dates: &'a [Date],
    keys: Vec<&'a str>,
    types: &'a [(String, usize)],
}

/// A file's identity on disk: size, modification time (nanoseconds) and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    mtime: i128,
    inode: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mtime = meta.modified().ok()?;
        let mtime = match mtime.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).ok()?,
            Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
        };
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            size: meta.len(),
            mtime,
            inode,
        })
    }
}

/// What the scan says of one file besides its item and analysis: its stamp, whether it was read (not
/// taken from the cache) and its own warnings.
pub(super) struct Stamped {
    pub stamp: Option<Stamp>,
    pub read: bool,
    pub warnings: Vec<Warning>,
}

/// Gives back the room the item's lists grew into while they were read (the JSON gives no lengths), since
/// the item is kept for the whole run.
fn shrink(item: &mut EvidenceItem) {
    item.metadata_sources.shrink_to_fit();
    item.kind_signals.shrink_to_fit();
    item.headings.shrink_to_fit();
    item.sections.shrink_to_fit();
    item.absences.shrink_to_fit();
    item.clause_refs.shrink_to_fit();
    item.tables.shrink_to_fit();
    item.dates_found.shrink_to_fit();
    item.metadata.declares.shrink_to_fit();
}

/// The cache of one scan: the entries read at the start, and those the scan produced.
pub(super) struct Cache<A> {
    path: PathBuf,
    key: String,
    notify: Notify,
    /// Where the last run's entries are in `file`, the cache file as it was opened (another run may
    /// replace it meanwhile: this one keeps reading the file it indexed).
    old: Entries,
    file: Option<std::fs::File>,
    /// Whether an entry could not be read (told once).
    broken: std::sync::atomic::AtomicBool,
    entry: std::marker::PhantomData<fn() -> A>,
}

/// Where `dir` is, symbolic links resolved, whether or not it exists yet: its nearest existing ancestor,
/// canonicalised, with the rest of the path after it.
fn resolved(dir: &Path) -> PathBuf {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            return rest
                .iter()
                .rev()
                .fold(canonical, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

impl<A: Serialize + DeserializeOwned + Send> Cache<A> {
    /// The cache for scanning `root` in `context`, with the entries of the last run; none when the cache
    /// is off or would lie inside the evidence folder.
    pub fn open(root: &Path, context: impl FnOnce() -> String) -> Option<Cache<A>> {
        let (dir, notify) = setting()?;
        let root = std::fs::canonicalize(root).ok()?;
        // Checked before anything is created: not even an empty directory goes inside the evidence folder.
        if resolved(&dir).starts_with(&root) {
            notify(&format!(
                "the cache directory {} is inside the evidence folder; nothing is cached (use --cache DIR \
                 elsewhere, or --no-cache)",
                dir.display()
            ));
            return None;
        }
        let _ = std::fs::create_dir_all(&dir);
        let key = key(&root, &context());
        let path = dir.join(format!("scan-{}.json", &key[..32]));
        let mut cache = Cache {
            path,
            key,
            notify,
            old: HashMap::new(),
            file: None,
            broken: std::sync::atomic::AtomicBool::new(false),
            entry: std::marker::PhantomData,
        };
        match read_entries(&cache.path, &cache.key) {
            Ok((entries, file)) => {
                cache.old = entries;
                cache.file = file;
            }
            Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(ReadError::Io(err)) => notify(&format!(
                "cannot read the cache file {} ({err}); every file is read",
                cache.path.display()
            )),
            Err(ReadError::Corrupt(why)) => notify(&format!(
                "the cache file {} is corrupt ({why}); it was ignored and every file read",
                cache.path.display()
            )),
        }
        Some(cache)
    }

    /// The cached reading of `rel`, if the file is unchanged since it was cached (asked once per file).
    /// An entry that cannot be read is a miss (the file is read), and the cache file is said to be
    /// corrupt, once.
    pub fn get(&self, rel: &str, stamp: Option<Stamp>) -> Option<(EvidenceItem, Vec<Warning>, A)> {
        let stamp = stamp?;
        let slot = *self.old.get(rel)?;
        let read = read_at(self.file.as_ref()?, slot.offset, slot.len as usize)
            .map_err(|err| err.to_string())
            .and_then(|bytes| {
                serde_json::from_slice::<Entry<A>>(&bytes).map_err(|err| err.to_string())
            });
        let entry = match read {
            Ok(entry) => entry,
            Err(why) => {
                if !self.broken.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    (self.notify)(&format!(
                        "the cache file {} is corrupt (line {}: {why}); the files it could not give \
                         were read",
                        self.path.display(),
                        slot.line
                    ));
                }
                return None;
            }
        };
        if entry.size != stamp.size || entry.mtime != stamp.mtime || entry.inode != stamp.inode {
            return None;
        }
        if entry.tables.len() != entry.item.tables.len()
            || entry.sections.len() != entry.item.sections.len()
            || entry.item.path != rel
        {
            return None;
        }
        let mut item = EvidenceItem::from(entry.item);
        shrink(&mut item);
        for (table, extra) in item.tables.iter_mut().zip(entry.tables) {
            table.dates = extra.dates;
            table.keys = extra.keys;
            table.types = extra.types;
        }
        for (section, (start, end)) in item.sections.iter_mut().zip(entry.sections) {
            section.byte_start = start;
            section.byte_end = end;
        }
        Some((item, entry.warnings, entry.analysis))
    }

    /// Writes the cache for this scan's files (when anything changed since the last run), then prunes
    /// the directory.
    pub fn save(self, index: &super::EvidenceIndex, analyses: &[A], stamped: &[Stamped]) {
        let unchanged = stamped.iter().all(|s| !s.read) && self.old.len() == index.items.len();
        if unchanged {
            return;
        }
        let entries: BTreeMap<&str, EntryOut<'_, A>> = index
            .items
            .iter()
            .zip(analyses)
            .zip(stamped)
            .filter_map(|((item, analysis), stamped)| {
                let stamp = stamped.stamp?;
                Some((
                    item.path.as_str(),
                    EntryOut {
                        size: stamp.size,
                        mtime: stamp.mtime,
                        inode: stamp.inode,
                        item: item.into(),
                        tables: item
                            .tables
                            .iter()
                            .map(|t| TableExtraOut {
                                dates: &t.dates,
                                keys: t.keys.iter().collect(),
                                types: &t.types,
                            })
                            .collect(),
                        sections: item
                            .sections
                            .iter()
                            .map(|s| (s.byte_start, s.byte_end))
                            .collect(),
                        warnings: &stamped.warnings,
                        analysis,
                    },
                ))
            })
            .collect();
        if let Err(err) = write_atomically(&self.path, &self.key, &entries) {
            (self.notify)(&format!(
                "cannot write the cache file {} ({err}); the next run reads every file again",
                self.path.display()
            ));
            return;
        }
        if let Some(dir) = self.path.parent() {
            prune(dir, &self.path, MAX_CACHE_BYTES);
        }
    }
}

/// The cache key: the folder, the program and the caller's context, hashed.
fn key(root: &Path, context: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!(
        "iso20k {} cache {FORMAT}\n",
        env!("CARGO_PKG_VERSION")
    ));
    hasher.update(root.to_string_lossy().as_bytes());
    hasher.update(b"\n");
    // Any rebuild of the program (new reading or matching code, a new embedded catalogue or vocabulary)
    // changes its executable.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        hasher.update(format!("{} {:?}\n", meta.len(), meta.modified().ok()));
    }
    hasher.update(context.as_bytes());
    hex::encode(hasher.finalize())
}

/// Indexes the entries of the cache file at `path` when its header has this layout and `key` (none when
/// it has another): where each file's entry is, not the entry itself. Each entry is read and parsed
/// when the scan asks for it ([`Cache::get`], on every core), so a large folder's entries are never all
/// in memory beside the register built from them.
fn read_entries(path: &Path, key: &str) -> Result<(Entries, Option<std::fs::File>), ReadError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
    let io = |err: std::io::Error| {
        if err.kind() == std::io::ErrorKind::InvalidData {
            ReadError::Corrupt(err.to_string())
        } else {
            ReadError::Io(err)
        }
    };
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).map_err(io)?;
    let header: Header<'_> = serde_json::from_slice(&line)
        .map_err(|err| ReadError::Corrupt(format!("line 1: {err}")))?;
    let mut entries = HashMap::new();
    if header.format != FORMAT || header.key != key {
        return Ok((entries, None));
    }
    entries.reserve(header.entries);
    let mut offset = line.len() as u64;
    let mut lines = 1u32;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(io)?;
        if read == 0 {
            break;
        }
        lines += 1;
        let corrupt = |why: &str| ReadError::Corrupt(format!("line {lines}: {why}"));
        let Some(body) = line.strip_suffix(b"\n") else {
            return Err(corrupt("cut short"));
        };
        let tab = memchr::memchr(b'\t', body).ok_or_else(|| corrupt("no path"))?;
        let rel: String =
            serde_json::from_slice(&body[..tab]).map_err(|err| corrupt(&err.to_string()))?;
        let slot = Slot {
            offset: offset + tab as u64 + 1,
            len: u32::try_from(body.len() - tab - 1).map_err(|_| corrupt("too long"))?,
            line: lines,
        };
        offset += read as u64;
        entries.insert(rel, slot);
    }
    let found = (lines - 1) as usize;
    if entries.len() != header.entries || found != header.entries {
        return Err(ReadError::Corrupt(format!(
            "{found} entries of {}",
            header.entries
        )));
    }
    Ok((entries, Some(file)))
}

/// Reads `len` bytes of `file` at `offset`, without moving a shared position (the scan reads entries
/// on every core at once).
fn read_at(file: &std::fs::File, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; len];
    #[cfg(unix)]
    std::os::unix::fs::FileExt::read_exact_at(file, &mut bytes, offset)?;
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < len {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut bytes[done..],
                offset + done as u64,
            )?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        use std::io::{Read, Seek};
        let mut file = file;
        file.seek(std::io::SeekFrom::Start(offset))?;
        file.read_exact(&mut bytes)?;
    }
    Ok(bytes)
}

/// Writes the cache file: its header line, then one line per entry, its path (a JSON string), a tab and
/// the entry (JSON never breaks a line inside a value, nor holds a tab outside a string), to a temporary
/// file renamed over `path`.
fn write_atomically<A: Serialize>(
    path: &Path,
    key: &str,
    entries: &BTreeMap<&str, EntryOut<'_, A>>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let written = (|| {
        let file = std::fs::File::create(&temp)?;
        let mut writer = std::io::BufWriter::new(file);
        let header = Header {
            format: FORMAT,
            key: key.into(),
            entries: entries.len(),
        };
        serde_json::to_writer(&mut writer, &header).map_err(std::io::Error::other)?;
        for (rel, entry) in entries {
            writer.write_all(b"\n")?;
            serde_json::to_writer(&mut writer, rel).map_err(std::io::Error::other)?;
            writer.write_all(b"\t")?;
            serde_json::to_writer(&mut writer, entry).map_err(std::io::Error::other)?;
        }
        writer.write_all(b"\n")?;
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Removes the least recently written cache files until the directory holds at most `max` bytes of
/// them; `keep` (the file just written) stays. Temporary files of runs that died are removed after a day.
fn prune(dir: &Path, keep: &Path, max: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        if name.starts_with(".scan-") && name.ends_with(".tmp") {
            if now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() > 86_400)
            {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if name.starts_with("scan-") && name.ends_with(".json") && meta.is_file() {
            files.push((modified, meta.len(), path));
        }
    }
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    for (_, size, path) in files {
        if total <= max {
            break;
        }
        if path != keep && std::fs::remove_file(&path).is_ok() {
            total -= size;
        }
    }
}

/// Strings of a fixed, small set (metadata field names, signal names, process areas) read back from
/// the cache as the `&'static str` the types hold; each distinct string is allocated once.
fn intern(text: &str) -> &'static str {
    static INTERNED: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut set = INTERNED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = set.get(text) {
        return found;
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

// The types holding a `&'static str` read back by hand (a derived reader would borrow from the input).

impl<'de> Deserialize<'de> for super::MetadataSource {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            field: String,
            source: super::Source,
            at: Option<super::Shared>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(super::MetadataSource {
            field: intern(&raw.field),
            source: raw.source,
            at: raw.at,
        })
    }
}

impl<'de> Deserialize<'de> for super::Signal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            signal: String,
            detail: super::Shared,
        }
        let raw = Raw::deserialize(d)?;
        Ok(super::Signal {
            signal: intern(&raw.signal),
            detail: raw.detail,
        })
    }
}

impl<'de> Deserialize<'de> for super::RecordSeries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            process: Option<String>,
            process_signal: Option<super::Signal>,
            #[serde(default)]
            also: Vec<String>,
            event_column: String,
            rows: usize,
            first: Option<Date>,
            last: Option<Date>,
            months: Vec<String>,
        }
        let raw = Raw::deserialize(d)?;
        Ok(super::RecordSeries {
            process: raw.process.as_deref().map(intern),
            process_signal: raw.process_signal,
            also: raw.also.iter().map(|p| intern(p)).collect(),
            event_column: raw.event_column,
            rows: raw.rows,
            first: raw.first,
            last: raw.last,
            months: raw.months,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_are_read_back_from_a_list_of_strings() {
        let keys: super::super::Keys =
            serde_json::from_str(r#"["INC1", "", "Ünï \"q\""]"#).unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys.get(0), Some("INC1"));
        assert_eq!(keys.get(1), Some(""));
        assert_eq!(keys.get(2), Some("Ünï \"q\""));
        assert_eq!(keys.get(3), None);
        assert_eq!(keys.iter().collect::<Vec<_>>(), ["INC1", "", "Ünï \"q\""]);
        assert_eq!(keys, ["INC1", "", "Ünï \"q\""].into_iter().collect());
    }

    #[test]
    fn interned_strings_are_shared() {
        let a = intern("incident");
        let b = intern(&String::from("incident"));
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn pruning_removes_the_oldest_files_first_and_keeps_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("scan-old.json");
        let new = dir.path().join("scan-new.json");
        std::fs::write(&old, vec![b'x'; 600]).unwrap();
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(past)
            .unwrap();
        std::fs::write(&new, vec![b'x'; 600]).unwrap();
        prune(dir.path(), &new, 1000);
        assert!(!old.exists());
        assert!(new.exists());
    }
}
