//! Small helpers for terminal text: styles, word wrapping, aligned columns, and [`escape`], the one
//! place control characters in untrusted strings (file names, metadata, configuration and catalogue
//! text) are made visible before they reach a text or Markdown output.

use anstyle::{AnsiColor, Style};
use std::borrow::Cow;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The width tables are fitted to, in columns; 0 for no limit (pipes and files).
static WIDTH: AtomicUsize = AtomicUsize::new(0);

/// Fits every [`Table`] rendered from now on to `columns` visible columns (`None`: no limit). The
/// command line sets it to the terminal's width when standard output is one.
pub fn set_width(columns: Option<usize>) {
    WIDTH.store(columns.unwrap_or(0), Ordering::Relaxed);
}

/// The width set by [`set_width`], if any.
pub fn width() -> Option<usize> {
    match WIDTH.load(Ordering::Relaxed) {
        0 => None,
        columns => Some(columns),
    }
}

pub const HEADING: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const ACCENT: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
pub const WARN: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .bold();
pub const ERROR: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();

/// `text` wrapped in `style`. Styles nest, so `text` is not escaped: escape untrusted parts of it first.
pub fn styled(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// `text` with every control character made visible, so an untrusted string cannot start a new line, move
/// the cursor or inject terminal escapes (or CI workflow commands such as `::error`) into an output:
/// `\n`, `\r`, `\t` and `\u{1b}`-style escapes for the other C0 and C1 characters and DEL.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Removes ANSI styles.
pub fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// Wraps `text` to `width` visible columns, every line starting with `indent` (white space, new lines
/// included, folds; `text` may hold styles, so escape its untrusted parts first).
pub fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let word_len = visible_width(word);
        if line_len > 0 && line_len + 1 + word_len > width {
            out.push('\n');
            line_len = 0;
        }
        if line_len == 0 {
            out.push_str(indent);
            line_len = indent.chars().count();
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word_len;
    }
    out
}

/// A table of left-aligned columns; cells may carry styles (widths count visible characters only).
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|h| styled(HEADING, h)).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table, fitted to the width set by [`set_width`].
    pub fn render(&self) -> String {
        self.render_within(width())
    }

    /// The table within `limit` visible columns: while it is wider, the widest column gives up a
    /// character (never below [`MIN_COLUMN`]), and cells and headers that no longer fit end in `…`.
    pub fn render_within(&self, limit: Option<usize>) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(c))
                    .map(|cell| visible_width(cell))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        if let Some(limit) = limit {
            let floor: Vec<usize> = widths.iter().map(|w| (*w).min(MIN_COLUMN)).collect();
            let total =
                |widths: &[usize]| widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
            while total(&widths) > limit {
                let Some(widest) = (0..columns)
                    .filter(|&c| widths[c] > floor[c])
                    .max_by_key(|&c| (widths[c], c))
                else {
                    break;
                };
                widths[widest] -= 1;
            }
        }
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                let cell = truncate(cell, widths[c]);
                line.push_str(&cell);
                if c + 1 < row.len() {
                    let pad = widths[c] - visible_width(&cell) + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}

/// The narrowest a column is squeezed to when a table is fitted to the terminal.
pub const MIN_COLUMN: usize = 6;

fn visible_width(text: &str) -> usize {
    plain(text).chars().count()
}

/// `cell` cut to `width` visible characters, ending in `…` when cut (styles are dropped from a cut cell).
fn truncate(cell: &str, width: usize) -> Cow<'_, str> {
    if visible_width(cell) <= width {
        return Cow::Borrowed(cell);
    }
    let kept: String = plain(cell).chars().take(width.saturating_sub(1)).collect();
    Cow::Owned(format!("{kept}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_with_indent() {
        let text = "one two three four five six";
        assert_eq!(wrap(text, "  ", 12), "  one two\n  three four\n  five six");
        assert_eq!(wrap("", "  ", 12), "");
    }

    #[test]
    fn escapes_control_characters() {
        assert_eq!(escape("plain ü"), "plain ü");
        assert_eq!(
            escape("a\nb\r\tc\u{1b}[31m\u{7f}\u{9b}"),
            "a\\nb\\r\\tc\\u{1b}[31m\\u{7f}\\u{9b}"
        );
    }

    #[test]
    fn table_aligns_on_visible_width() {
        let mut table = Table::new(&["A", "B"]);
        table.row(vec![styled(WARN, "long cell"), "x".into()]);
        table.row(vec!["s".into(), "y".into()]);
        assert_eq!(
            plain(&table.render()),
            "A          B\nlong cell  x\ns          y\n"
        );
    }

    #[test]
    fn tables_fit_a_width_by_cutting_the_widest_column() {
        let mut table = Table::new(&["PATH", "TYPE", "OWNER"]);
        table.row(vec![
            "02 Policies/Change Management Policy.md".into(),
            "policy".into(),
            "Change and Release Manager".into(),
        ]);
        let fitted = plain(&table.render_within(Some(40)));
        for line in fitted.lines() {
            assert!(line.chars().count() <= 40, "{line:?} is wider than 40");
        }
        assert!(fitted.contains("02 Policies/Ch…"), "{fitted}");
        assert!(fitted.contains("policy"), "{fitted}");
        // No limit, or room enough: nothing is cut.
        assert!(!table.render_within(None).contains('…'));
        assert!(!table.render_within(Some(200)).contains('…'));
        // Too narrow for the floors: columns stop at their floor rather than vanish.
        let squeezed = plain(&table.render_within(Some(5)));
        assert!(
            squeezed.lines().nth(1).unwrap().starts_with("02 Po…"),
            "{squeezed}"
        );
    }
}
