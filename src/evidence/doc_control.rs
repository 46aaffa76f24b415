//! Metadata in a document's own text: header blocks (`Owner: …` lines, several fields on one line), status
//! banners, document-control tables (vertical, horizontal, in Markdown, HTML, Word, OpenDocument or PDF
//! text) and revision-history tables (the latest row gives the version, its date and its approver).
//!
//! Every value found keeps where it was found (`header line 3`, `document-control table, line 7`,
//! `revision history (latest row), line 120`), and values come out strongest first: labelled header lines
//! and control tables in document order, then the latest revision row, then banners. Every loop is
//! bounded: header blocks are read in the first [`HEADER_LINES`] lines, tables anywhere but at most
//! [`MAX_TABLE_ROWS`] rows in all.

use super::dates::date_in;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many lines at the top of a document are read as its header block.
pub(super) const HEADER_LINES: usize = 80;
/// How many lines at the top may hold a label on its own line with its value on the next.
const LABEL_LINES: usize = 40;
/// How many table rows of a document are looked at in all.
const MAX_TABLE_ROWS: usize = 4000;
/// How many rows of one revision-history table are compared.
const MAX_REVISION_ROWS: usize = 200;
/// How many lines after a `Document control` or `Revision history` heading are read when the table has
/// come out of a PDF as one cell per line.
const MARKER_LINES: usize = 80;
/// The longest label and value taken from a line.
const MAX_LABEL: usize = 48;
const MAX_VALUE: usize = 200;

/// One value found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// The canonical field (`owner`, `review_due` …).
    pub field: &'static str,
    pub value: String,
    /// Where: `header line 3`, `document-control table, line 7` …
    pub at: String,
    /// Values from revision rows and banners only fill in what labelled values left empty.
    rank: u8,
    /// The line in the text, to keep document order.
    line: usize,
}

/// Canonical fields and the labels people give them (normalised: lower case, `_`/`-` as spaces).
const LABELS: &[(&str, &[&str])] = &[
    (
        "title",
        &["title", "document title", "document name", "doc title"],
    ),
    (
        "doc_type",
        &["doc type", "type", "document type", "type of document"],
    ),
    (
        "status",
        &[
            "status",
            "document status",
            "approval status",
            "doc status",
            "current status",
            "state of document",
        ],
    ),
    (
        "owner",
        &[
            "owner",
            "document owner",
            "process owner",
            "policy owner",
            "plan owner",
            "procedure owner",
            "doc owner",
            "owned by",
            "document custodian",
            "custodian",
            "maintained by",
            "responsible owner",
            "programme owner",
        ],
    ),
    (
        "version",
        &[
            "version",
            "document version",
            "revision",
            "rev",
            "ver",
            "version no",
            "version number",
            "revision number",
            "revision no",
            "issue no",
            "issue number",
            "current version",
        ],
    ),
    (
        "approved_by",
        &[
            "approved by",
            "approver",
            "authorised by",
            "authorized by",
            "signed off by",
            "sign off by",
            "approval authority",
            "approving body",
            "approved by name",
        ],
    ),
    (
        "approved_on",
        &[
            "approved on",
            "approval date",
            "date approved",
            "approved date",
            "date of approval",
            "authorised on",
            "authorized on",
            "authorisation date",
            "authorization date",
            "date authorised",
            "sign off date",
            "signed off on",
            "date signed",
            "signed on",
        ],
    ),
    (
        "effective",
        &[
            "effective",
            "effective date",
            "effective from",
            "date effective",
            "in force from",
            "valid from",
            "date of issue",
            "issue date",
            "date issued",
            "issued on",
            "issued",
            "publication date",
            "published on",
            "published",
            "release date",
            "date of publication",
        ],
    ),
    (
        "last_reviewed",
        &[
            "last reviewed",
            "last review",
            "last review date",
            "reviewed on",
            "reviewed",
            "date reviewed",
            "date of last review",
            "review completed",
            "last reviewed on",
            "last full review",
            "last formal review",
        ],
    ),
    (
        "review_due",
        &[
            "review due",
            "next review",
            "next review date",
            "next review due",
            "review date",
            "review by",
            "due for review",
            "review due date",
            "date of next review",
            "next scheduled review",
            "scheduled review",
            "next review by",
            "expiry",
            "expiry date",
            "expires",
            "expires on",
            "valid until",
            "valid to",
        ],
    ),
    (
        "date",
        &[
            "date",
            "period end",
            "meeting date",
            "report date",
            "test date",
            "date of meeting",
            "date of test",
            "date of report",
            "held on",
            "date held",
            "exercise date",
        ],
    ),
    (
        "author",
        &[
            "author",
            "prepared by",
            "written by",
            "created by",
            "drafted by",
            "document author",
            "originator",
            "authors",
        ],
    ),
    (
        "modified",
        &["modified", "last modified", "last updated", "updated"],
    ),
    (
        "covers",
        &[
            "covers",
            "requirements",
            "clauses",
            "iso 20000 clauses",
            "iso20000 clauses",
            "iso clause",
            "iso clauses",
            "standard refs",
            "standard references",
            "iso 20000 1 clauses",
            "clause references",
        ],
    ),
    // Recognised so that they are read as labels (and never as values), but not kept.
    (
        "ignored",
        &[
            "document id",
            "document ref",
            "document reference",
            "doc id",
            "doc ref",
            "classification",
            "protective marking",
            "security classification",
            "distribution",
        ],
    ),
    // `Approved: Jane Smith, 20/01/2026` names an approver, a date or both.
    (
        "approved",
        &[
            "approved",
            "signed",
            "signed off",
            "approval",
            "agreed",
            "agreed at",
            "agreed by",
            "approved at",
        ],
    ),
];

/// Column labels of a revision-history table that describe the change.
const DESCRIPTION_COLUMNS: &[&str] = &[
    "change",
    "changes",
    "summary",
    "summary of change",
    "summary of changes",
    "description",
    "description of change",
    "details",
    "change details",
    "reason",
    "reason for change",
    "comments",
    "comment",
    "notes",
    "amendment",
    "amendments",
    "nature of change",
    "changes made",
];

/// Other column labels that are not metadata fields (revision tables, action lists).
const REVISION_COLUMNS: &[&str] = &[
    "by",
    "editor",
    "reviewer",
    "reviewed by",
    "issue",
    "ref",
    "reference",
    "due",
    "due date",
    "target",
    "target date",
    "deadline",
    "action",
    "actions",
];

/// Headings under which a document-control or revision table follows.
const MARKERS: &[&str] = &[
    "document control",
    "document information",
    "document details",
    "document properties",
    "version control",
    "version history",
    "revision history",
    "document history",
    "change history",
    "change log",
    "changelog",
    "amendment history",
    "amendment record",
    "revision record",
    "record of changes",
    "document revision history",
];

/// `Approval Date`, `approval_date`, `**Next review:**`, `Approved by (Engineering Manager)` → normalised.
pub(super) fn normalise_label(label: &str) -> String {
    let label = match label.find('(') {
        Some(i) if i > 0 => &label[..i],
        _ => label,
    };
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        let c = match c {
            '_' | '-' | '.' | '/' => ' ',
            '*' | ':' | '#' | '`' | '"' => continue,
            c => c.to_ascii_lowercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The canonical field a label names (`Next review date` → `review_due`), if any.
pub(super) fn field_for(label: &str) -> Option<&'static str> {
    if label.len() > MAX_LABEL * 2 {
        return None;
    }
    // Normalised on the stack: this runs for many lines and cells of every document.
    let mut buffer = [0u8; MAX_LABEL];
    let label = normalise_into(label, &mut buffer)?;
    label_index().get(label).copied()
}

/// The hashing of the label tables: their keys are short labels, looked up for many lines and cells of
/// every document, that need no protection against chosen collisions (FxHash's mixing, folded once so
/// the low bits a table's place comes from depend on every byte).
#[derive(Default)]
struct LabelHasher(u64);

impl std::hash::Hasher for LabelHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        let full = u128::from(self.0) * 0x9e37_79b9_7f4a_7c15;
        (full as u64) ^ (full >> 64) as u64
    }
}

type Labels = std::hash::BuildHasherDefault<LabelHasher>;

/// The first words of every label, built once.
fn first_words() -> &'static std::collections::HashSet<&'static str, Labels> {
    static WORDS: OnceLock<std::collections::HashSet<&'static str, Labels>> = OnceLock::new();
    WORDS.get_or_init(|| {
        LABELS
            .iter()
            .flat_map(|(_, names)| names.iter())
            .filter_map(|name| name.split(' ').next())
            .collect()
    })
}

/// Every label and its field, built once.
fn label_index() -> &'static HashMap<&'static str, &'static str, Labels> {
    static INDEX: OnceLock<HashMap<&'static str, &'static str, Labels>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = HashMap::default();
        for (field, names) in LABELS {
            for name in *names {
                index.entry(*name).or_insert(*field);
            }
        }
        index
    })
}

/// [`normalise_label`] into `buffer`, for ASCII labels of at most [`MAX_LABEL`] bytes.
fn normalise_into<'b>(label: &str, buffer: &'b mut [u8; MAX_LABEL]) -> Option<&'b str> {
    let label = match label.find('(') {
        Some(i) if i > 0 => &label[..i],
        _ => label,
    };
    let mut len = 0;
    for b in label.bytes() {
        let b = match b {
            b'_' | b'-' | b'.' | b'/' | b' ' | b'\t' => b' ',
            b'*' | b':' | b'#' | b'`' | b'"' => continue,
            b if b.is_ascii() => b.to_ascii_lowercase(),
            _ => return None,
        };
        if b == b' ' && (len == 0 || buffer[len - 1] == b' ') {
            continue;
        }
        if len == MAX_LABEL {
            return None;
        }
        buffer[len] = b;
        len += 1;
    }
    while len > 0 && buffer[len - 1] == b' ' {
        len -= 1;
    }
    if len == 0 {
        return None;
    }
    std::str::from_utf8(&buffer[..len]).ok()
}

fn is_revision_column(label: &str) -> bool {
    let label = normalise_label(label);
    REVISION_COLUMNS.contains(&label.as_str())
}

fn is_description_column(label: &str) -> bool {
    let label = normalise_label(label);
    DESCRIPTION_COLUMNS.contains(&label.as_str())
}

/// Expands a labelled value into the fields it gives: `approved` and `approved by` name an approver, a
/// date or both (`Partnership Board (18/06/2026)`), `approved: yes` is a status; every other field gives
/// itself.
pub(super) fn expand(field: &'static str, value: &str) -> Vec<(&'static str, String)> {
    if field != "approved" && field != "approved_by" {
        return vec![(field, value.to_string())];
    }
    let lower = value.trim().to_ascii_lowercase();
    if field == "approved" && matches!(lower.as_str(), "yes" | "true" | "y") {
        return vec![("status", "approved".to_string())];
    }
    if field == "approved" && matches!(lower.as_str(), "no" | "false" | "n") {
        return vec![("status", "draft".to_string())];
    }
    if date_in(value, false).is_none() {
        return vec![("approved_by", value.to_string())];
    }
    // `Jane Smith, 20/01/2026`, `Partnership Board (18/06/2026)`, `ITLT on 20/01/2026`: the words before
    // the date name the approver.
    let mut out = vec![("approved_on", value.to_string())];
    let name = name_before_date(value);
    if !name.is_empty() {
        out.push(("approved_by", name));
    }
    out
}

/// The words of `value` before its first date, without a trailing `on`, `at` or punctuation.
fn name_before_date(value: &str) -> String {
    let first = value.split([',', ';', '(', '|']).next().unwrap_or("");
    let mut words: Vec<&str> = Vec::new();
    for word in first.split_whitespace().take(20) {
        let lower = word.to_ascii_lowercase();
        if word.starts_with(|c: char| c.is_ascii_digit())
            || super::dates::parse_period(&format!("{lower} 2000")).is_some()
        {
            break;
        }
        words.push(word);
    }
    while words.last().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "on" | "at" | "-" | "–" | "dated"
        )
    }) {
        words.pop();
    }
    let name = words.join(" ");
    if name.chars().any(char::is_alphabetic) {
        name
    } else {
        String::new()
    }
}

/// Everything the text says about its own metadata, strongest first. `first_line` is the file line of
/// the text's first line (Markdown after front matter), so that locations name file lines.
pub(super) fn scan(body: &str, first_line: usize) -> Vec<Found> {
    let mut found = Vec::new();
    let line_no = |i: usize| i + first_line;
    let lines: Vec<&str> = body.lines().collect();

    // 1. The header block: labelled lines, label lines followed by their value, banners.
    let header = &lines[..header_end(&lines)];
    let mut banner_lines = 0;
    let mut fenced = false;
    let mut i = 0;
    while i < header.len() {
        let line = header[i].trim();
        // Code blocks hold examples (an e-mail to send, a list of fields), not the document's metadata.
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
            i += 1;
            continue;
        }
        if fenced || line.is_empty() || line.starts_with('|') || line.starts_with('<') {
            i += 1;
            continue;
        }
        let bullet = line.starts_with("* ") || line.starts_with("- ") || line.starts_with("• ");
        let before = found.len();
        labelled_line(
            line,
            (&format!("header line {}", line_no(i)), i),
            &mut found,
        );
        if found.len() == before
            && i < LABEL_LINES
            && !bullet
            && let Some(field) = label_only(line)
            && let Some((j, value)) = next_value(header, i)
        {
            // A label on its own line and its value on the next (PDF and Word tables as paragraphs).
            push_labelled(
                field,
                value,
                (&format!("header line {}", line_no(j)), j),
                0,
                &mut found,
            );
            i = j + 1;
            continue;
        }
        if banner_lines < 12 {
            banner_lines += 1;
            if let Some(status) = banner(line) {
                found.push(Found {
                    field: "status",
                    value: status.to_string(),
                    at: format!("banner, line {}", line_no(i)),
                    rank: 2,
                    line: i,
                });
            }
        }
        i += 1;
    }

    // 2. Tables anywhere: Markdown and Word/ODF `| … |` rows, HTML tables.
    let mut rows_seen = 0;
    for table in tables(&lines, &mut rows_seen) {
        read_table(&table.rows, table.count, &lines, first_line, &mut found);
    }

    // 3. Tables that came out of a PDF one cell per line, under a control or revision heading.
    for (i, line) in lines.iter().enumerate() {
        if i >= HEADER_LINES && is_marker(line) {
            flattened_table(&lines, i, first_line, &mut found);
        }
    }

    found.sort_by_key(|f| (f.rank, f.line));
    found
}

/// Where the header block ends: at [`HEADER_LINES`], or at the first section heading (`1. Purpose`,
/// `## Scope`) after the title, so that `Owner: …` in a section about roles is not the document's owner.
fn header_end(lines: &[&str]) -> usize {
    let limit = lines.len().min(HEADER_LINES);
    let mut headings = 0;
    for (i, line) in lines.iter().enumerate().take(limit) {
        let line = line.trim();
        if line.starts_with('#') {
            headings += 1;
            let title = line.trim_start_matches('#').trim();
            if headings >= 2 && !is_marker(title) {
                return i;
            }
            continue;
        }
        if numbered_heading(line) {
            return i;
        }
    }
    limit
}

/// `1. Purpose`, `2 Scope`, `1. CHANGES IMPLEMENTED`: a numbered section heading.
fn numbered_heading(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || line.len() > 80 {
        return false;
    }
    let rest = line[digits..].strip_prefix('.').unwrap_or(&line[digits..]);
    rest.starts_with(' ')
        && rest.trim_start().starts_with(|c: char| c.is_uppercase())
        && !date_at_start(line)
}

/// A row of a table: its line (0-based in the text) and cells.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// `Label: value` pairs on one line, several of them separated by `|`, `·`, `•`, `;` or runs of spaces.
fn labelled_line(line: &str, at: (&str, usize), found: &mut Vec<Found>) {
    let line = line.trim_start_matches(['>', '-', '*', '+', ' ', '#']);
    if line.len() > 600 {
        return;
    }
    let segments = segments(line);
    let tabbed = line.contains('\t');
    // A spreadsheet row of two cells, a label and its value (a "Document control" sheet).
    if tabbed {
        let cells: Vec<&str> = line
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        // A header row of two columns ("Review date", "Outcome") is no pair: a date field needs a date.
        let dated = |field: &str, value: &str| {
            !matches!(
                field,
                "approved_on" | "effective" | "last_reviewed" | "review_due" | "date"
            ) || super::dates::parse_date(value).is_some()
        };
        if let [label, value] = cells.as_slice()
            && let Some(field) = field_for(label)
            && dated(field, value)
        {
            push_labelled(field, value, at, 0, found);
            return;
        }
    }
    for segment in segments {
        let segment = segment.trim().trim_start_matches(['-', '*', '>', ' ']);
        if let Some((label, value)) = split_colon(segment)
            && let Some(field) = field_for(label)
        {
            push_labelled(field, value, at, 0, found);
            continue;
        }
        // `Version 2.1`, `Issued 13/11/2026`, `Prepared by Joanne Pilkington`: a known label and a value
        // without a colon, only where the value is of the right kind.
        // Not in spreadsheet rows, whose cells are free text.
        if tabbed {
            continue;
        }
        if let Some((field, value)) = label_then_value(segment) {
            push_labelled(field, value, at, 0, found);
        }
    }
}

/// Splits a line into segments at `|`, `·`, `•`, `;` and runs of two or more spaces, merging back a
/// segment that does not start with a label (`Martin Ashdown (GITS); Willem de Ruiter`).
fn segments(line: &str) -> Vec<&str> {
    let mut cuts = Vec::new();
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let width = match c {
            '|' | '·' | '•' | ';' | '\t' => c.len_utf8(),
            ' ' if bytes.get(i + 1) == Some(&b' ') => {
                let mut width = 1;
                while bytes.get(i + width) == Some(&b' ') {
                    width += 1;
                }
                width
            }
            _ => continue,
        };
        cuts.push((start, i, c == ';'));
        start = i + width;
        while iter.peek().is_some_and(|(j, _)| *j < start) {
            iter.next();
        }
    }
    cuts.push((start, line.len(), false));
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Whether the separator before the current piece was `;`.
    let mut soft = false;
    for (from, to, semicolon) in cuts {
        let after_soft = soft;
        soft = semicolon;
        let piece = line[from..to].trim();
        if piece.is_empty() {
            continue;
        }
        let starts_with_label = split_colon(piece).is_some_and(|(l, _)| field_for(l).is_some())
            || label_then_value(piece).is_some()
            || field_for(piece).is_some();
        match out.last_mut() {
            Some(last) if !starts_with_label && after_soft => last.1 = to,
            _ => out.push((from, to)),
        }
    }
    out.into_iter().map(|(a, b)| line[a..b].trim()).collect()
}

/// `**Owner:** Jane`, `Owner: Jane`, `_Owner_: Jane` → (`Owner`, `Jane`).
fn split_colon(segment: &str) -> Option<(&str, &str)> {
    let (label, value) = segment.split_once(':')?;
    // `10:00`, `https://…` are not labels.
    if label.is_empty()
        || label.len() > MAX_LABEL + 8
        || label.ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let value = value.trim().trim_start_matches(['*', '_']).trim();
    Some((label.trim_matches(['*', '_', ' ']), value))
}

/// A known label at the start of `segment` followed by a value of the right kind.
fn label_then_value(segment: &str) -> Option<(&'static str, &str)> {
    // Cheap test first: the first word must start some label.
    let first = segment.split(' ').next().unwrap_or("");
    let mut buffer = [0u8; MAX_LABEL];
    if !normalise_into(first, &mut buffer).is_some_and(|w| first_words().contains(w)) {
        return None;
    }
    // The ends of the first three words: a label is at most three words long.
    let mut ends = [0usize; 3];
    let mut n_ends = 0;
    for (i, b) in segment.bytes().enumerate() {
        if b == b' ' && i > 0 && segment.as_bytes()[i - 1] != b' ' {
            ends[n_ends] = i;
            n_ends += 1;
            if n_ends == ends.len() {
                break;
            }
        }
    }
    for &label_end in ends[..n_ends].iter().rev() {
        let label = &segment[..label_end];
        let Some(field) = field_for(label) else {
            continue;
        };
        let value = segment[label_end..].trim();
        if value.contains(':') && !date_at_start(value) {
            continue;
        }
        let fits = match field {
            "approved_on" | "effective" | "last_reviewed" | "review_due" | "date" | "modified" => {
                date_at_start(value)
            }
            "version" => looks_like_version(value),
            "status" => super::metadata::status(value).is_some() && value.len() < 40,
            "approved_by" | "author" | "owner" => {
                normalise_label(label).ends_with(" by")
                    && value.len() <= 60
                    && !value.contains(". ")
            }
            // `Agreed at ELT on 2026-06-30`, `Approved by the Board 12/03/2026`: a decision with its date.
            "approved" => {
                value.len() <= 60 && !value.contains(". ") && date_in(value, false).is_some()
            }
            _ => false,
        };
        if fits && !value.is_empty() {
            return Some((field, value));
        }
    }
    None
}

/// Whether `value` starts with a date or period (`13/11/2026`, `1 September 2025 · …`, `Tuesday 15 …`).
fn date_at_start(value: &str) -> bool {
    let words: Vec<&str> = value
        .split_whitespace()
        .take(5)
        .map(|w| w.trim_end_matches([',', '.', ';']))
        .collect();
    (1..=words.len()).any(|n| super::dates::parse_period(&words[..n].join(" ")).is_some())
}

/// `3.2`, `v1.4`, `2026.1`, `1`.
pub(super) fn looks_like_version(value: &str) -> bool {
    let v = value.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let token = v.split_whitespace().next().unwrap_or("");
    !token.is_empty()
        && token.len() <= 12
        && token.starts_with(|c: char| c.is_ascii_digit())
        && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// A line that is only a label (`Version`, `Approved by:`).
fn label_only(line: &str) -> Option<&'static str> {
    let line = line.trim().trim_end_matches(':');
    field_for(line)
}

/// The value after a label line: the next non-empty line within three, unless it is a label itself.
fn next_value<'a>(lines: &[&'a str], i: usize) -> Option<(usize, &'a str)> {
    for (j, line) in lines.iter().enumerate().skip(i + 1).take(3) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bare = line.trim_end_matches(':');
        let labelled = split_colon(line).is_some_and(|(label, _)| field_for(label).is_some());
        if line.len() > MAX_VALUE
            || labelled
            || is_label(bare)
            || matches!(column(bare), Column::Revision | Column::Description)
            || line.starts_with('|')
        {
            return None;
        }
        return Some((j, line));
    }
    None
}

/// Records a labelled value (with `approved` expanded).
fn push_labelled(
    field: &'static str,
    value: &str,
    (at, line): (&str, usize),
    rank: u8,
    found: &mut Vec<Found>,
) {
    if field == "ignored" {
        return;
    }
    let value = clean_value(value);
    if value.is_empty() || value.len() > MAX_VALUE {
        return;
    }
    for (field, value) in expand(field, &value) {
        found.push(Found {
            field,
            value,
            at: at.to_string(),
            rank,
            line,
        });
    }
}

/// Strips Markdown emphasis and trailing punctuation from a value.
fn clean_value(value: &str) -> String {
    let value = value.replace("**", "").replace("__", "");
    value
        .trim()
        .trim_matches(['*', '_', '`'])
        .trim_end_matches(['.', ','])
        .trim()
        .to_string()
}

/// `DRAFT`, `DRAFT v0.2 - for discussion`, `SUPERSEDED`, `> Archived September 2025. Replaced by …`.
fn banner(line: &str) -> Option<&'static str> {
    let line = line.trim_start_matches(['>', '#', '*', '_', ' ', '(', '[']);
    if line.len() > 160 {
        return None;
    }
    let words: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(40)
        .collect();
    if words.contains(&"DRAFT") {
        return Some("draft");
    }
    if words.iter().any(|w| {
        matches!(
            *w,
            "SUPERSEDED" | "WITHDRAWN" | "OBSOLETE" | "ARCHIVED" | "RETIRED"
        )
    }) {
        return Some("retired");
    }
    let first = words.first()?;
    let second = words
        .get(1)
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_default();
    let dated = second.starts_with(|c: char| c.is_ascii_digit())
        || super::dates::parse_period(&format!("{second} 2000")).is_some()
        || matches!(second.as_str(), "by" | "on" | "in");
    if matches!(*first, "Archived" | "Superseded" | "Withdrawn" | "Obsolete") && dated {
        return Some("retired");
    }
    None
}

fn is_marker(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 60 || line.len() < 8 {
        return false;
    }
    // Cheap test first: this runs on every line of a document.
    let bytes = line.as_bytes();
    let has = |needle: &[u8]| {
        bytes
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !(has(b"histor")
        || has(b"control")
        || has(b"change")
        || has(b"amendment")
        || has(b"revision")
        || has(b"document"))
    {
        return false;
    }
    let label = normalise_label(line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'));
    MARKERS.contains(&label.as_str())
}

/// The tables of the text: runs of `| … |` lines and HTML `<table>`s, at most [`MAX_TABLE_ROWS`] rows in
/// all.
fn tables(lines: &[&str], rows_seen: &mut usize) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut current = Table::default();
    let mut i = 0;
    while i < lines.len() && *rows_seen < MAX_TABLE_ROWS {
        let line = lines[i].trim();
        if line.starts_with('|') {
            let separator = line
                .bytes()
                .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'=' | b'\t'));
            if !separator {
                current.count += 1;
                // The first rows tell whether the rest matter: a version column (a revision history)
                // or label/value rows (a vertical control table). Registers are not parsed further.
                if current.rows.len() == 3 && current.more.is_none() {
                    current.more = Some(current.needs_rows());
                }
                let wanted = current.rows.len() < 3
                    || (current.rows.len() < MAX_REVISION_ROWS + 3 && current.more == Some(true));
                if wanted {
                    *rows_seen += 1;
                    current.rows.push(Row {
                        line: i,
                        cells: pipe_cells(line),
                    });
                }
            }
            i += 1;
            continue;
        }
        if !current.rows.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
        if line.starts_with("<table") || line.starts_with("<TABLE") {
            let (rows, next) = html_table(lines, i);
            *rows_seen += rows.len();
            if !rows.is_empty() {
                tables.push(Table {
                    count: rows.len(),
                    rows,
                    more: None,
                });
            }
            i = next;
            continue;
        }
        i += 1;
    }
    if !current.rows.is_empty() {
        tables.push(current);
    }
    tables
}

/// A table's rows as far as they were parsed, and how many rows it has in all.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
    count: usize,
    /// Whether rows after the first three are parsed, decided once.
    more: Option<bool>,
}

impl Table {
    /// Whether rows beyond the first three are worth parsing: near the top, or when they start like a
    /// revision history or a vertical control table.
    fn needs_rows(&self) -> bool {
        self.rows.first().is_some_and(|row| row.line < HEADER_LINES)
            || self.rows.iter().take(3).any(|row| {
                is_pair_row(row)
                    || row
                        .cells
                        .iter()
                        .any(|c| column(c) == Column::Field("version"))
            })
    }
}

fn pipe_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner
        .split('|')
        .take(40)
        .map(|c| clean_value(c.trim()))
        .collect()
}

/// An HTML table starting at line `start`: its rows (each at the line of its `<tr>`) and the line after
/// `</table>` (at most 400 lines on).
fn html_table(lines: &[&str], start: usize) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut row: Option<Row> = None;
    let end = (start + 400).min(lines.len());
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        let mut rest: &str = line;
        loop {
            let lower_at =
                |s: &str, tag: &str| s.find(tag).or_else(|| s.find(&tag.to_ascii_uppercase()));
            let next_tr = lower_at(rest, "<tr");
            let next_cell = [lower_at(rest, "<td"), lower_at(rest, "<th")]
                .into_iter()
                .flatten()
                .min();
            match (next_tr, next_cell) {
                (Some(tr), cell) if cell.is_none_or(|c| tr < c) => {
                    if let Some(done) = row.take().filter(|r| !r.cells.is_empty()) {
                        rows.push(done);
                    }
                    row = Some(Row {
                        line: i,
                        cells: Vec::new(),
                    });
                    rest = &rest[tr + 3..];
                }
                (_, Some(cell)) => {
                    let after = &rest[cell + 3..];
                    let Some(open_end) = after.find('>') else {
                        break;
                    };
                    let content = &after[open_end + 1..];
                    let close = ["</td", "</th", "</TD", "</TH"]
                        .iter()
                        .filter_map(|t| content.find(t))
                        .min()
                        .unwrap_or(content.len());
                    let text = strip_tags(&content[..close]);
                    row.get_or_insert(Row {
                        line: i,
                        cells: Vec::new(),
                    })
                    .cells
                    .push(clean_value(&text));
                    rest = &content[close..];
                }
                _ => break,
            }
        }
        if line.contains("</table") || line.contains("</TABLE") {
            if let Some(done) = row.take().filter(|r| !r.cells.is_empty()) {
                rows.push(done);
            }
            return (rows, i + 1);
        }
    }
    if let Some(done) = row.take().filter(|r| !r.cells.is_empty()) {
        rows.push(done);
    }
    (rows, end.max(start + 1))
}

/// Text without tags, with the common entities decoded.
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// What a header cell names: a metadata field, a revision column, or nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Field(&'static str),
    /// `Change`, `Summary`, `Description` …
    Description,
    /// `By`, `Reviewer`, `Ref`, `Due` …
    Revision,
    Other,
}

fn column(cell: &str) -> Column {
    match field_for(cell) {
        // In a header row `Approved` is the approval (a date or a name).
        Some("approved") => Column::Field("approved"),
        // `Issued`, `Published` are as often status values as labels.
        Some(_) if !cell.trim().contains(' ') && super::metadata::status(cell).is_some() => {
            Column::Other
        }
        Some(field) => Column::Field(field),
        None if is_description_column(cell) => Column::Description,
        None if is_revision_column(cell) => Column::Revision,
        None => Column::Other,
    }
}

/// Reads one table: a horizontal control table or a revision history (a header row of labels and value
/// rows), or a vertical control table (`| Version | 3.2 |` rows, also `| Label | value | Label | value |`).
fn read_table(
    table: &[Row],
    count: usize,
    lines: &[&str],
    first_line: usize,
    found: &mut Vec<Found>,
) {
    let near_marker = table.first().is_some_and(|row| {
        (row.line.saturating_sub(3)..row.line).any(|i| lines.get(i).is_some_and(|l| is_marker(l)))
    });
    // A header row: at least two labels, and labels in at least half its non-empty cells.
    let header = table.iter().take(3).position(|row| {
        let cells: Vec<&String> = row.cells.iter().filter(|c| !c.is_empty()).collect();
        // A cell that may as well be a value (`Approved`, `Issued`) does not make a header.
        let labels = cells
            .iter()
            .filter(|c| is_label(c) || matches!(column(c), Column::Revision | Column::Description))
            .count();
        labels >= 2 && labels * 2 >= cells.len() && row.cells.len() >= 2
    });
    if let Some(h) = header {
        let columns: Vec<Column> = table[h].cells.iter().map(|c| column(c)).collect();
        let data = &table[h + 1..];
        // A header row whose cells are label, value, label, value is a vertical table's first row.
        let pairs = columns.len() >= 2
            && columns.iter().enumerate().all(|(k, c)| {
                (k % 2 == 0) == (*c != Column::Other) || table[h].cells[k].is_empty()
            });
        let vertical = pairs && data.iter().all(is_pair_row);
        if !data.is_empty() && !vertical {
            // A revision history: a version column, a date or description column, and several rows or
            // a description or author column.
            let has = |c: Column| columns.contains(&c);
            let dated = columns.iter().any(|c| {
                matches!(
                    c,
                    Column::Field("date" | "approved_on" | "approved" | "effective")
                )
            });
            let described = has(Column::Description);
            // A log of reviews of many documents (a `Document` or `Title` column) is a register.
            let about_documents = table[h].cells.iter().any(|c| {
                matches!(
                    normalise_label(c).as_str(),
                    "document"
                        | "documents"
                        | "document title"
                        | "document name"
                        | "title"
                        | "doc id"
                        | "document id"
                        | "document ref"
                        | "document reference"
                )
            });
            let is_revision = !about_documents
                && has(Column::Field("version"))
                && (dated || described)
                && (described || has(Column::Field("author")) || count > h + 2);
            if is_revision {
                revision(&columns, data, first_line, found);
                return;
            }
            // A horizontal control table: at least two field columns and one value row (a table of many
            // rows with an Owner column is a list of actions or risks, not the document's control).
            let fields = columns
                .iter()
                .filter(|c| matches!(c, Column::Field(f) if *f != "ignored"))
                .count();
            if fields >= 2 && count <= h + 3 {
                let row = &data[0];
                let at = format!("document-control table, line {}", row.line + first_line);
                for (k, col) in columns.iter().enumerate() {
                    if let (Column::Field(field), Some(value)) = (col, row.cells.get(k)) {
                        push_labelled(field, value, (&at, row.line), 0, found);
                    }
                }
                return;
            }
        }
    }
    // A vertical table: label/value pairs; deep in a document only when it looks like a control table.
    if count > 40 {
        // A document-control table is short; a long table of label/value rows is data.
        return;
    }
    let pair_rows = table.iter().filter(|r| is_pair_row(r)).count();
    let at_top = table.first().is_some_and(|r| r.line < HEADER_LINES);
    if !(at_top || near_marker || pair_rows >= 3) {
        return;
    }
    for row in table {
        let at = format!("document-control table, line {}", row.line + first_line);
        // `| Label | value | Label | value |`: every other cell a label, or the row is not read as pairs.
        let aligned = row.cells.len() <= 2
            || row
                .cells
                .chunks(2)
                .all(|pair| pair[0].is_empty() || field_for(&pair[0]).is_some());
        if !aligned {
            continue;
        }
        for pair in row.cells.chunks(2) {
            if let [label, value] = pair
                && let Some(field) = field_for(label)
                && !is_label(value)
            {
                push_labelled(field, value, (&at, row.line), 0, found);
            }
        }
    }
}

/// A row whose first cell is a label and second a value.
fn is_pair_row(row: &Row) -> bool {
    matches!(row.cells.as_slice(), [label, value, ..] if field_for(label).is_some() && !is_label(value))
}

/// A cell that is a label rather than a value (`Approved` is a value as often as a label).
fn is_label(cell: &str) -> bool {
    field_for(cell).is_some_and(|f| f != "approved")
        && (cell.trim().contains(' ') || super::metadata::status(cell).is_none())
}

/// The latest row of a revision history: the highest version (ties and unnumbered rows by date, else the
/// last row). It gives the version, the approver, and its date: the approval date when the row names an
/// approver or the column says so, else the date the version took effect.
fn revision(columns: &[Column], data: &[Row], first_line: usize, found: &mut Vec<Found>) {
    let col = |field: &'static str| columns.iter().position(|c| *c == Column::Field(field));
    let version_col = col("version");
    let date_col = col("approved_on")
        .or_else(|| col("approved"))
        .or_else(|| col("date"))
        .or_else(|| col("effective"));
    let approver_col = col("approved_by");
    let cell = |row: &Row, c: Option<usize>| -> Option<String> {
        c.and_then(|c| row.cells.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && !is_nothing(s))
    };
    let mut best: Option<(&Row, RowKey)> = None;
    for row in data.iter().take(MAX_REVISION_ROWS) {
        let version = cell(row, version_col)
            .filter(|v| looks_like_version(v))
            .map(|v| version_key(&v))
            .unwrap_or_default();
        let date = cell(row, date_col).and_then(|d| date_in(&d, false));
        if version.is_empty() && date.is_none() {
            continue;
        }
        let key = (version, date);
        if best.as_ref().is_none_or(|(_, k)| key >= *k) {
            best = Some((row, key));
        }
    }
    let Some((row, (latest_version, latest_date))) = best else {
        return;
    };
    // A later row repeating an earlier row's version records a review, not a new issue.
    let review_only = !latest_version.is_empty()
        && data.iter().take(MAX_REVISION_ROWS).any(|other| {
            !std::ptr::eq(other, row)
                && cell(other, version_col).map(|v| version_key(&v)) == Some(latest_version.clone())
                && cell(other, date_col)
                    .and_then(|d| date_in(&d, false))
                    .is_some_and(|d| latest_date.is_some_and(|l| d < l))
        });
    let at = format!(
        "revision history (latest row), line {}",
        row.line + first_line
    );
    if let Some(version) = cell(row, version_col) {
        push_labelled("version", &version, (&at, row.line), 1, found);
    }
    let approver = cell(row, approver_col);
    if let Some(approver) = &approver {
        push_labelled("approved_by", approver, (&at, row.line), 1, found);
    }
    if let Some(date) = cell(row, date_col) {
        let approval =
            approver.is_some() || date_col == col("approved_on") || date_col == col("approved");
        let field = if review_only {
            "last_reviewed"
        } else if approval {
            "approved_on"
        } else {
            "effective"
        };
        push_labelled(field, &date, (&at, row.line), 1, found);
    }
    if let Some(due) = cell(row, col("review_due")) {
        push_labelled("review_due", &due, (&at, row.line), 1, found);
    }
}

/// How revision rows are ordered: by version numbers, then date.
type RowKey = (Vec<u32>, Option<jiff::civil::Date>);

/// `1.10` > `1.9`: a version's numbers.
fn version_key(version: &str) -> Vec<u32> {
    version
        .trim()
        .trim_start_matches(['v', 'V'])
        .split(|c: char| !c.is_ascii_digit())
        .take_while(|p| !p.is_empty())
        .take(6)
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// A value that says nothing: `-`, `—`, `n/a`, `none`, `……`.
pub(super) fn is_nothing(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    lower.is_empty()
        || lower.chars().all(|c| !c.is_alphanumeric())
        || bare.starts_with("not yet")
        || bare.starts_with("awaiting")
        || bare.starts_with("to be ")
        || matches!(
            lower.as_str(),
            "n/a"
                | "na"
                | "none"
                | "nil"
                | "todo"
                | "not applicable"
                | "-"
                | "tbc"
                | "tbd"
                | "tba"
                | "to be confirmed"
                | "to be decided"
                | "to be agreed"
                | "pending"
                | "unknown"
        )
}

/// A revision or control table that a PDF flattened into one cell per line, under a heading such as
/// `Version history`: header cells (labels) then rows of as many cells.
fn flattened_table(lines: &[&str], marker: usize, first_line: usize, found: &mut Vec<Found>) {
    let cells: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .skip(marker + 1)
        .take(MARKER_LINES)
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .take_while(|(_, l)| !l.starts_with('|'))
        .collect();
    let width = cells
        .iter()
        .take_while(|(_, c)| column(c) != Column::Other)
        .count();
    if width < 2 {
        // Perhaps label / value lines: `Version` then `3.2`.
        let mut k = 0;
        while k + 1 < cells.len() && k < 40 {
            if let Some(field) = label_only(cells[k].1)
                && !is_label(cells[k + 1].1.trim_end_matches(':'))
            {
                let at = format!(
                    "document-control table, line {}",
                    cells[k + 1].0 + first_line
                );
                push_labelled(field, cells[k + 1].1, (&at, cells[k + 1].0), 0, found);
                k += 2;
            } else {
                k += 1;
            }
        }
        return;
    }
    let columns: Vec<Column> = cells[..width].iter().map(|(_, c)| column(c)).collect();
    let version_col = columns.iter().position(|c| *c == Column::Field("version"));
    let mut rows = Vec::new();
    for chunk in cells[width..].chunks(width).take(MAX_REVISION_ROWS) {
        if chunk.len() < width {
            break;
        }
        // Each row starts with a version (or whatever the first column holds); stop where the cells no
        // longer line up.
        if let Some(v) = version_col
            && !looks_like_version(chunk[v].1)
        {
            break;
        }
        rows.push(Row {
            line: chunk[0].0,
            cells: chunk.iter().map(|(_, c)| clean_value(c)).collect(),
        });
    }
    if rows.is_empty() {
        return;
    }
    if version_col.is_some() {
        revision(&columns, &rows, first_line, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_and_list_items_are_not_the_header() {
        // A ticket template: an e-mail to send in a code block, and a list of fields to collect.
        let body = "Resolve this ticket:\n\n```\nTo: Desktop support\nOwner: Service desk\n\nFields:\n    * Custodian\n    * Full disk encryption status\n```\n";
        let found = scan(body, 1);
        assert!(
            found.iter().all(|f| f.field != "owner"),
            "no owner from a code block or a list: {:?}",
            found
                .iter()
                .map(|f| (f.field, &f.value))
                .collect::<Vec<_>>()
        );
        let listed = scan("Fields to fill in:\n* Custodian\n* Encryption status\n", 1);
        assert!(listed.iter().all(|f| f.field != "owner"));
        let real = scan("Owner: Service desk\n\n# Steps\n", 1);
        assert!(
            real.iter()
                .any(|f| f.field == "owner" && f.value == "Service desk")
        );
    }

    #[test]
    fn a_document_control_sheet_of_label_and_value_rows_is_read() {
        // A spreadsheet's first sheet, as the sheet reader writes it: its name, then tab-separated rows.
        let body = "Document control\nDocument ID\tPLN-002\nVersion\t1.0\nStatus\tApproved\n\
                    Approved by\tGroup Finance Director\nNext review\t30/04/2027\n\
                    Establishment\nTeam\tBudgeted FTE\tIn post\nService desk\t12\t11\n";
        let found = scan(body, 1);
        let value = |field: &str| {
            found
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.value.as_str())
        };
        assert_eq!(value("status"), Some("Approved"), "{found:?}");
        assert_eq!(value("version"), Some("1.0"));
        assert_eq!(value("approved_by"), Some("Group Finance Director"));
        assert_eq!(value("review_due"), Some("30/04/2027"));
        // A two-column header row is no label and value.
        assert!(scan("Reviews\nReview date\tOutcome\n2026-05-04\tFine\n", 1).is_empty());
        // Rows of more cells are records, not labels.
        assert!(found.iter().all(|f| !f.value.contains("12")), "{found:?}");
    }

    #[test]
    fn labels_in_any_spelling() {
        for (label, field) in [
            ("approval_status", "status"),
            ("Approval Status", "status"),
            ("approval_date", "approved_on"),
            ("Approval Date", "approved_on"),
            ("approver", "approved_by"),
            ("Authorised by", "approved_by"),
            ("Authorized-By", "approved_by"),
            ("Date of issue", "effective"),
            ("Issued", "effective"),
            ("Revision", "version"),
            ("Rev", "version"),
            ("Rev.", "version"),
            ("Document owner", "owner"),
            ("**Document Owner:**", "owner"),
            ("Next review", "review_due"),
            ("Next review due", "review_due"),
            ("next-review-date", "review_due"),
            ("Review date", "review_due"),
            ("Last reviewed", "last_reviewed"),
            ("Reviewed on", "last_reviewed"),
            ("Last full review", "last_reviewed"),
            ("Effective from", "effective"),
            ("Document ID", "ignored"),
            ("Classification", "ignored"),
            ("iso20000_clauses", "covers"),
            ("iso_clause", "covers"),
            ("standard_refs", "covers"),
            ("Approved by (Engineering Manager)", "approved_by"),
            ("approved", "approved"),
        ] {
            assert_eq!(field_for(label), Some(field), "{label}");
        }
        assert_eq!(field_for("Purpose"), None);
    }

    #[test]
    fn approved_names_an_approver_a_date_or_both() {
        assert_eq!(
            expand("approved", "Leadership team, 20/01/2026"),
            vec![
                ("approved_on", "Leadership team, 20/01/2026".to_string()),
                ("approved_by", "Leadership team".to_string())
            ]
        );
        assert_eq!(
            expand("approved", "2026-01-20"),
            vec![("approved_on", "2026-01-20".to_string())]
        );
        assert_eq!(
            expand("approved", "Jane Smith"),
            vec![("approved_by", "Jane Smith".to_string())]
        );
        assert_eq!(
            expand("approved_by", "Partnership Board (18/06/2026)"),
            vec![
                ("approved_on", "Partnership Board (18/06/2026)".to_string()),
                ("approved_by", "Partnership Board".to_string())
            ]
        );
        assert_eq!(
            expand("approved_by", "ITLT on 20 January 2026"),
            vec![
                ("approved_on", "ITLT on 20 January 2026".to_string()),
                ("approved_by", "ITLT".to_string())
            ]
        );
        assert_eq!(
            expand("approved_by", "A (GITS); B (MD)"),
            vec![("approved_by", "A (GITS); B (MD)".to_string())]
        );
        assert_eq!(
            expand("approved", "yes"),
            vec![("status", "approved".to_string())]
        );
    }

    #[test]
    fn a_decision_agreed_with_its_date_is_an_approval() {
        let fields = |body: &str| -> Vec<(&str, String)> {
            scan(body, 1)
                .into_iter()
                .map(|f| (f.field, f.value))
                .collect()
        };
        let found = fields(
            "# Company OKRs - H2 2026\n\nOwner: @ceo · Agreed at ELT on 2026-06-30 · Mid-half check-in: 2026-10-12\n",
        );
        assert!(
            found.contains(&("approved_on", "ELT on 2026-06-30".to_string()))
                && found.contains(&("approved_by", "ELT".to_string())),
            "{found:?}"
        );
        // Without a date it is no approval: "Agreed actions" or "Agreed with the customer".
        let found = fields("# Plan\n\nAgreed with the customer at the kick-off\n");
        assert!(
            found.iter().all(|(f, _)| !f.starts_with("approved")),
            "{found:?}"
        );
    }

    #[test]
    fn segments_keep_values_with_separators_together() {
        assert_eq!(
            segments("**Version:** 3.2 | **Status:** Approved | **Owner:** Jo Bloggs"),
            vec![
                "**Version:** 3.2",
                "**Status:** Approved",
                "**Owner:** Jo Bloggs"
            ]
        );
        assert_eq!(
            segments("Approved by: A (X); B (Y)"),
            vec!["Approved by: A (X); B (Y)"]
        );
    }

    #[test]
    fn huge_tables_are_read_within_bounds() {
        let mut text = String::from("| Version | Date | Change |\n|---|---|---|\n");
        for i in 0..50_000 {
            text.push_str(&format!("| 1.{i} | 2026-01-01 | c |\n"));
        }
        text.push_str(&"| Owner | Jo |\n".repeat(50_000));
        let found = scan(&text, 1);
        assert!(found.len() <= MAX_TABLE_ROWS + 10, "{}", found.len());
        // The latest of the first rows compared.
        assert_eq!(
            found
                .iter()
                .find(|f| f.field == "version")
                .map(|f| f.value.as_str()),
            Some("1.199")
        );
    }

    #[test]
    fn bounded_and_panic_free_on_odd_input() {
        let odd =
            "| é | ü |\n<table><tr><td>Version</td><td>ä\n|||\n: :\nVersion\n\u{1F600}\n<td>\n"
                .repeat(50);
        let _ = scan(&odd, 1);
        let _ = scan("Owner:", 1);
        let _ = scan("<table", 1);
        let _ = scan("Version history\nVersion\nDate\n1.0", 1);
    }
}
