//! Dates as documents write them: `2026-03-14`, `14/03/2026` and `14.03.2026` (day first unless that is
//! impossible), `14-03-2026`, `31-05-23` (two-digit years are 20xx), `14 March 2026`, `3rd March 2026`,
//! `24-Jan-2022`, `March 14, 2026`, a leading weekday (`Tuesday 15 September 2026`) and a trailing time
//! (`01/01/2026 11:21`, `2026-03-14T09:30`, `…, 10:00`).
//!
//! Periods (`February 2027`, `Feb-2027`, `02/2027`, `2027-02`, `Q2 2027`) are not dates: [`parse_period`]
//! gives their first and last day, and metadata takes the end of a period for a due date (a review due in
//! "Q2 2027" is not overdue until 30 June 2027) and its start for every other date.

use jiff::civil::Date;
use std::collections::BTreeSet;

/// Month names, lower case, January first.
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parses a date value (a metadata field or a table cell). Day-first for slashed, dotted and dashed dates,
/// as in the UK and most of the world, unless only month-first is possible (`03/16/2026`); ISO dates are
/// always unambiguous. A time after the date is allowed and ignored.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if text.is_empty() || text.len() > 60 {
        return None;
    }
    if let Some(date) = iso_prefix(text.as_bytes()) {
        // A date, or a timestamp starting with one (`text` starts with 10 ASCII bytes).
        let rest = &text[10..];
        if rest.is_empty() || rest.starts_with(['T', ' ', 't']) {
            return Some(date);
        }
        return None;
    }
    let (date_part, rest) = split_time(text);
    if !is_time_or_empty(rest) {
        return None;
    }
    numeric(date_part, true).or_else(|| written(date_part))
}

/// A period written as a month or a quarter: its first and last day. Exact dates are one-day periods.
pub(super) fn parse_period(text: &str) -> Option<(Date, Date)> {
    if let Some(date) = parse_date(text) {
        return Some((date, date));
    }
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() || text.len() > 30 {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| -> Option<i32> {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    match words.as_slice() {
        // `Q2 2027`, `2027 Q2`
        [q, y] | [y, q] if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
            let quarter: i32 = q[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
            let year = year(y)?;
            let first = make(year, quarter * 3 - 2, 1)?;
            Some((first, month_end(year, quarter * 3)?))
        }
        // `February 2027`, `Feb-2027`, `02/2027`, `2027-02`
        [a, b] => {
            let (month, year) = match (month_number(&a.to_ascii_lowercase()), year(b)) {
                (Some(month), Some(year)) => (month, year),
                _ => {
                    let small = |w: &str| -> Option<i32> {
                        (w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| w.parse().ok())
                            .flatten()
                            .filter(|m| (1..=12).contains(m))
                    };
                    match (small(a), year(b), year(a), small(b)) {
                        (Some(m), Some(y), _, _) | (_, _, Some(y), Some(m)) => (m, y),
                        _ => return None,
                    }
                }
            };
            Some((make(year, month, 1)?, month_end(year, month)?))
        }
        _ => None,
    }
}

/// The years a name says it covers, written as a range (`Plan 2022-2024`, `SLA 2025-26`, `FY2024/25`,
/// `2026–27`): the first and last year. A single year names no range (`Risk Register 2026` may be kept
/// up to date all year and beyond).
pub fn years_in_name(name: &str) -> Option<(i16, i16)> {
    let chars: Vec<char> = name.chars().collect();
    let digits_at = |i: usize, n: usize| -> Option<i16> {
        let run: String = chars.get(i..i + n)?.iter().collect();
        let bounded = chars.get(i + n).is_none_or(|c| !c.is_ascii_digit());
        (run.len() == n && run.chars().all(|c| c.is_ascii_digit()) && bounded)
            .then(|| run.parse().ok())
            .flatten()
    };
    let mut i = 0;
    while i + 4 <= chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_ascii_digit();
        if let (true, Some(first)) = (starts_word, digits_at(i, 4))
            && (1990..=2100).contains(&first)
        {
            let mut j = i + 4;
            while chars.get(j).is_some_and(|c| *c == ' ') {
                j += 1;
            }
            if chars
                .get(j)
                .is_some_and(|c| matches!(c, '-' | '/' | '–' | '—'))
            {
                j += 1;
                while chars.get(j).is_some_and(|c| *c == ' ') {
                    j += 1;
                }
                let last =
                    digits_at(j, 4).or_else(|| digits_at(j, 2).map(|y| first - first % 100 + y));
                if let Some(last) = last
                    && last > first
                    && last - first <= 10
                {
                    return Some((first, last));
                }
            }
        }
        i += 1;
    }
    None
}

/// The last day of a month.
fn month_end(year: i32, month: i32) -> Option<Date> {
    let first = make(year, month, 1)?;
    Some(first.last_of_month())
}

/// A date or period found in a longer value (`2027-07-14, or earlier if …`, `Fiona Marchbank, 20/01/2026`):
/// the whole value first, then runs of up to five words; `end` takes the end of a period, else its start.
pub(super) fn date_in(text: &str, end: bool) -> Option<Date> {
    let pick = |(start, last): (Date, Date)| if end { last } else { start };
    if let Some(period) = parse_period(text) {
        return Some(pick(period));
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .take(24)
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ';' | '.' | ',')))
        .collect();
    for start in 0..words.len() {
        for len in (1..=5).rev() {
            let Some(run) = words.get(start..start + len) else {
                continue;
            };
            let candidate = run.join(" ");
            if let Some(period) = parse_period(&candidate) {
                return Some(pick(period));
            }
        }
    }
    None
}

/// Splits `14/03/2026 10:00` or `Tuesday 15 September 2026, 10:00` into the date and what follows it.
fn split_time(text: &str) -> (&str, &str) {
    // The time starts at the first `d:dd` or `dd:dd` whose colon is preceded by one or two digits.
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b':' || i == 0 || !bytes[i - 1].is_ascii_digit() {
            continue;
        }
        let start = if i >= 2 && bytes[i - 2].is_ascii_digit() {
            i - 2
        } else {
            i - 1
        };
        // ASCII positions, so character boundaries.
        let date = text[..start].trim_end_matches([' ', ',', '@']);
        let date = date.strip_suffix(" at").unwrap_or(date).trim_end();
        return (date, &text[start..]);
    }
    (text, "")
}

fn is_time_or_empty(rest: &str) -> bool {
    rest.is_empty()
        || rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b" :.-+apmAPMZUTCBS()".contains(&b))
}

/// `YYYY-MM-DD` (or `YYYY/MM/DD`) at the start of `bytes`.
fn iso_prefix(bytes: &[u8]) -> Option<Date> {
    if bytes.len() < 10 {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i32> {
        let part = &bytes[range];
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, b| n * 10 + i32::from(b - b'0')))
    };
    let sep = bytes[4];
    if !(sep == b'-' || sep == b'/') || bytes[7] != sep {
        return None;
    }
    make(digits(0..4)?, digits(5..7)?, digits(8..10)?)
}

/// `DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY`, `DD-Mon-YYYY`; two-digit years (20xx) only when
/// `short_years`. Day first unless the first number cannot be a month day and the second can.
fn numeric(text: &str, short_years: bool) -> Option<Date> {
    let sep = ['/', '.', '-'].into_iter().find(|s| text.contains(*s))?;
    let mut parts = text.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let number = |p: &str| -> Option<i32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = match c.len() {
        4 => number(c)?,
        2 if short_years => 2000 + number(c)?,
        _ => return None,
    };
    if a.len() > 2 || a.is_empty() {
        return None;
    }
    let day = number(a)?;
    if let Some(month) = number(b).filter(|_| b.len() <= 2) {
        return make(year, month, day).or_else(|| {
            // `03/16/2026`: only month-first is possible.
            (day <= 12 && month > 12)
                .then(|| make(year, day, month))
                .flatten()
        });
    }
    // `24-Jan-2022`
    let month = month_number(&b.to_ascii_lowercase())?;
    make(year, month, day)
}

/// `14 March 2026`, `14th March 2026`, `March 14, 2026`, `Mar 14 2026`, `Tuesday 15 September 2026`.
fn written(text: &str) -> Option<Date> {
    let mut words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.len() == 4 && is_weekday(&words[0]) {
        words.remove(0);
    }
    if words.len() != 3 {
        return None;
    }
    let year: i32 = words[2]
        .parse()
        .ok()
        .filter(|y: &i32| *y >= 1000 && words[2].len() == 4)?;
    let (day, month) = match (day_number(&words[0]), month_number(&words[1])) {
        (Some(day), Some(month)) => (day, month),
        _ => (day_number(&words[1])?, month_number(&words[0])?),
    };
    make(year, month, day)
}

fn is_weekday(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(word))
}

fn day_number(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !["", "st", "nd", "rd", "th"].contains(&suffix) || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn month_number(word: &str) -> Option<i32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) && (word.len() == 3 || *m == word || word == "sept"))
        .and_then(|i| i32::try_from(i + 1).ok())
}

fn make(year: i32, month: i32, day: i32) -> Option<Date> {
    if !(1900..=2999).contains(&year) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// The month a column heading names, as its first day: `Jan-26`, `Jan 2026`, `January 2026`, `Sept-26`,
/// `2026-01`, `2026/01` (a workbook laying out one column per month). A two-digit year is of this
/// century. A day or anything else makes it no month heading.
pub fn month_heading(heading: &str) -> Option<Date> {
    let heading = heading.trim();
    if heading.is_empty() || heading.len() > 20 {
        return None;
    }
    let mut parts = heading
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '.' || c == '\'')
        .filter(|p| !p.is_empty());
    let (a, b) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year = |y: &str| -> Option<i32> {
        if !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match y.len() {
            2 => y.parse::<i32>().ok().map(|y| 2000 + y),
            4 => y.parse().ok(),
            _ => None,
        }
    };
    if let Some(month) = month_number(&a.to_ascii_lowercase()) {
        return make(year(b)?, month, 1);
    }
    // `2026-01`: a four-digit year, then the month's number.
    let month: i32 = b
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m) && b.len() == 2)?;
    make(year(a).filter(|_| a.len() == 4)?, month, 1)
}

/// The day a name is dated (`2026-07-16-all-hands.md`, `Minutes 17-09-2026.pdf`, `Brief 7 April 2026`):
/// the one full date it holds. A name with two dates (`export 2026-08-01 to 2026-11-15`) names a period,
/// not a day.
pub fn date_in_name(name: &str) -> Option<Date> {
    match find_dates(name, 2).as_slice() {
        [date] => Some(*date),
        _ => None,
    }
}

/// Where the first ASCII digit at or after `at` is in `bytes` (`bytes.len()`: none).
fn next_digit(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let digits = digit_bytes(u64::from_le_bytes(word));
        if digits != 0 {
            return at + digits.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(u8::is_ascii_digit))
        .map_or(bytes.len(), |n| at + n)
}

/// The top bit of each byte of `word` set where the byte is an ASCII digit.
fn digit_bytes(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each byte's low seven bits; no sum below carries into the next byte (each is at most 0x7f).
    let low = word & !HIGH;
    let from_zero = low + 0x5050_5050_5050_5050; // top bit set from 0x30 (`0`) on
    let past_nine = low + 0x4646_4646_4646_4646; // top bit set from 0x3a (past `9`) on
    from_zero & !past_nine & !word & HIGH
}

/// Distinct dates written in `text`, in one pass: ISO dates (`2026-03-14`), day-first numeric dates with a
/// four-digit year (`14/03/2026`, `14.03.2026`, `14-03-2026`, `24-Jan-2022`) and written dates
/// (`14 March 2026`, `3rd March 2026`). Two-digit years and periods are left out: in free text they are
/// too often something else. At most `max` are kept (the latest ones).
pub(super) fn find_dates(text: &str, max: usize) -> Vec<Date> {
    let bytes = text.as_bytes();
    let mut found = BTreeSet::new();
    // The date kept last: a log dates line after line alike. Kept again, it would change nothing: it
    // is in the set, or was dropped as its earliest and would be dropped again.
    let mut last = None;
    let mut keep = |date: Date, found: &mut BTreeSet<Date>| {
        if last == Some(date) {
            return;
        }
        last = Some(date);
        found.insert(date);
        if found.len() > max {
            found.pop_first();
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_digit() {
            // Most of a text is no digit: skipped eight bytes at a time.
            i = next_digit(bytes, i);
            continue;
        }
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        // The run of digits starting here.
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let after = |n: usize| bytes.get(i + n).copied();
        if run == 4
            && let Some(date) = iso_prefix(&bytes[i..])
            && !after(10).is_some_and(|b| b.is_ascii_digit())
        {
            keep(date, &mut found);
            i += 10;
            continue;
        }
        if (1..=2).contains(&run)
            && let Some(sep) = after(run).filter(|b| matches!(b, b'/' | b'.' | b'-'))
        {
            // ASCII digits, letters and the separator only, so the slice is on character boundaries.
            let len = bytes[i..]
                .iter()
                .take(12)
                .take_while(|b| b.is_ascii_alphanumeric() || **b == sep)
                .count();
            let slice = &bytes[i..i + len];
            let slice = slice.strip_suffix(&[sep]).unwrap_or(slice);
            let boundary = !bytes
                .get(i + slice.len())
                .is_some_and(|b| b.is_ascii_alphanumeric());
            if boundary
                && let Some(date) = std::str::from_utf8(slice)
                    .ok()
                    .and_then(|s| numeric(s, false))
            {
                keep(date, &mut found);
                i += slice.len();
                continue;
            }
        }
        if (1..=2).contains(&run) {
            // `14 March 2026`, `3rd March 2026`: the next two words (i is on an ASCII digit, so a
            // character boundary).
            let suffix = bytes[i + run..]
                .iter()
                .take(3)
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            // A month's name follows (ASCII letters): only then are the words copied and read.
            if matches!(after(run + suffix), Some(b' '))
                && after(run + suffix + 1).is_some_and(|b| b.is_ascii_alphabetic())
            {
                let tail: String = text[i..].chars().take(32).collect();
                let mut words = tail.split(' ');
                if let (Some(day), Some(month), Some(year)) =
                    (words.next(), words.next(), words.next())
                {
                    let year: String = year.chars().take_while(char::is_ascii_digit).collect();
                    if year.len() == 4
                        && let Some(date) = written(&format!("{day} {month} {year}"))
                    {
                        keep(date, &mut found);
                        i += run;
                        continue;
                    }
                }
            }
        }
        i += run;
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_month_headings_and_nothing_else() {
        let cases = [
            ("Jan-26", Some(date(2026, 1, 1))),
            ("Oct 2026", Some(date(2026, 10, 1))),
            ("September 2025", Some(date(2025, 9, 1))),
            ("Sept-26", Some(date(2026, 9, 1))),
            ("2026-03", Some(date(2026, 3, 1))),
            ("2026/11", Some(date(2026, 11, 1))),
            ("12 Jan 2026", None),
            ("Jan", None),
            ("Target %", None),
            ("2026", None),
            ("2026-13", None),
            ("Q1 2026", None),
            ("May-2026-x", None),
        ];
        for (heading, expected) in cases {
            assert_eq!(super::month_heading(heading), expected, "{heading}");
        }
    }

    use super::*;

    #[test]
    fn digits_are_found_eight_bytes_at_a_time_as_one_by_one() {
        let bytes: Vec<u8> = (0..=255u8).chain(b"abc/9x0".iter().copied()).collect();
        for from in 0..=bytes.len() {
            let expected = bytes[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map_or(bytes.len(), |n| from + n);
            assert_eq!(next_digit(&bytes, from), expected, "from {from}");
        }
        for b in 0..=255u8 {
            let word = u64::from_le_bytes([b'x', b, 0xff, b'/', b':', 0x30 | 0x80, b, b'a']);
            let expected: u64 = word
                .to_le_bytes()
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_digit())
                .map(|(k, _)| 0x80 << (8 * k))
                .sum();
            assert_eq!(digit_bytes(word), expected, "byte {b:#x}");
        }
    }
    use jiff::civil::date;

    #[test]
    fn names_dated_by_one_day() {
        assert_eq!(
            date_in_name("2026-07-16-all-hands.md"),
            Some(jiff::civil::date(2026, 7, 16))
        );
        assert_eq!(
            date_in_name("Partnership Board Minutes 17-09-2026.pdf"),
            Some(jiff::civil::date(2026, 9, 17))
        );
        assert_eq!(
            date_in_name("incident export 2026-08-01 to 2026-11-15.csv"),
            None
        );
        assert_eq!(date_in_name("Service Management Plan 2026.docx"), None);
        assert_eq!(date_in_name("notes.md"), None);
    }

    #[test]
    fn reads_year_ranges_in_names() {
        for (name, range) in [
            (
                "ICT-GOV-003 Service Management Plan 2022-2024 v1.1",
                Some((2022, 2024)),
            ),
            ("SLA - Hallowdene DC 2025-26", Some((2025, 2026))),
            ("Recharge model FY2024/25", Some((2024, 2025))),
            ("Capacity plan 2026 – 27", Some((2026, 2027))),
            ("Minutes 2026-03-14", None),
            ("Risk Register 2026", None),
            ("Changes 01-01-2026 to 15-11-2026", None),
            ("Roadmap 2020-2040", None),
            ("Version 12026-27", None),
        ] {
            assert_eq!(years_in_name(name), range, "{name}");
        }
    }

    #[test]
    fn parses_the_common_forms() {
        let d = date(2026, 3, 14);
        for text in [
            "2026-03-14",
            "2026/03/14",
            "2026-03-14T09:30:00Z",
            "2026-03-14 09:30",
            "14/03/2026",
            "14.03.2026",
            "14 March 2026",
            "14th March 2026",
            "14 Mar 2026",
            "March 14, 2026",
            "Mar 14 2026",
            " \"2026-03-14\" ",
        ] {
            assert_eq!(parse_date(text), Some(d), "{text:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in [
            "",
            "soon",
            "2026-13-01",
            "2026-02-30",
            "31/02/2026",
            "2026-03-14x",
            "14 Mayday 2026",
            "1.2.3",
            "v2026-03-14",
            "14 March",
            "March 2026",
            "0000-01-01",
            "14 March 2026 and more",
            "2026-03",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn finds_dates_in_text() {
        let text = "Reviewed 2026-01-05; next review 05/01/2027. Minutes of 3 February 2026. \
                    Ticket INC2026-01-0512 and 12026-01-05 are not dates; 2026-02-30 is invalid. \
                    12 Ж 2026, 1 é, 3/é and 14 Märch 2026 do not panic.";
        assert_eq!(
            find_dates(text, 10),
            vec![date(2026, 1, 5), date(2026, 2, 3), date(2027, 1, 5)]
        );
    }

    #[test]
    fn keeps_the_latest_dates_when_there_are_too_many() {
        let text = "2026-01-01 2026-01-02 2026-01-03 2026-01-04";
        assert_eq!(
            find_dates(text, 2),
            vec![date(2026, 1, 3), date(2026, 1, 4)]
        );
    }

    /// Every date form of issue 14, section 2: (text, expected date).
    #[test]
    fn every_listed_form() {
        for (text, expected) in [
            ("2026-03-16", date(2026, 3, 16)),
            ("16/03/2026", date(2026, 3, 16)),
            ("03/16/2026", date(2026, 3, 16)),
            ("04/03/2026", date(2026, 3, 4)),
            ("16.03.2026", date(2026, 3, 16)),
            ("16-03-2026", date(2026, 3, 16)),
            ("7 April 2026", date(2026, 4, 7)),
            ("3rd March 2026", date(2026, 3, 3)),
            ("09 Mar 2026", date(2026, 3, 9)),
            ("24-Jan-2022", date(2022, 1, 24)),
            ("31-05-23", date(2023, 5, 31)),
            ("31/05/23", date(2023, 5, 31)),
            ("Tuesday 15 September 2026, 10:00", date(2026, 9, 15)),
            ("Thursday 16 April 2026, 09:30-12:45", date(2026, 4, 16)),
            ("01/01/2026 11:21", date(2026, 1, 1)),
            ("2026-03-16T09:30:00Z", date(2026, 3, 16)),
            ("2026-03-16 09:30:00+01:00", date(2026, 3, 16)),
        ] {
            assert_eq!(parse_date(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn periods_have_a_start_and_an_end() {
        for (text, start, end) in [
            ("February 2027", date(2027, 2, 1), date(2027, 2, 28)),
            ("Feb 2027", date(2027, 2, 1), date(2027, 2, 28)),
            ("Feb-2027", date(2027, 2, 1), date(2027, 2, 28)),
            ("11/2023", date(2023, 11, 1), date(2023, 11, 30)),
            ("2027-02", date(2027, 2, 1), date(2027, 2, 28)),
            ("Q2 2027", date(2027, 4, 1), date(2027, 6, 30)),
            ("Q4 2026", date(2026, 10, 1), date(2026, 12, 31)),
            ("2027 Q1", date(2027, 1, 1), date(2027, 3, 31)),
            ("2026-03-16", date(2026, 3, 16), date(2026, 3, 16)),
        ] {
            assert_eq!(parse_period(text), Some((start, end)), "{text:?}");
        }
        for text in ["Q5 2027", "Annually", "13/2026", "Q2", "2027"] {
            assert_eq!(parse_period(text), None, "{text:?}");
        }
        // A due date in a period falls at its end; any other date at its start.
        assert_eq!(date_in("July 2027.", true), Some(date(2027, 7, 31)));
        assert_eq!(date_in("July 2027.", false), Some(date(2027, 7, 1)));
        assert_eq!(
            date_in("2027-07-14, or earlier if the services change", true),
            Some(date(2027, 7, 14))
        );
        assert_eq!(
            date_in("Leadership team, 20/01/2026", false),
            Some(date(2026, 1, 20))
        );
        assert_eq!(
            date_in("Final (reviewed 2026-09-16)", false),
            Some(date(2026, 9, 16))
        );
        assert_eq!(date_in("on significant change", true), None);
    }

    #[test]
    fn finds_the_new_forms_in_text_but_not_short_years() {
        let text = "Issued 16.03.2026, logged 24-Jan-2022 and held on 3rd March 2026; \
                    ref 10-11-12 and 1.2.3 are not dates; 12-14 May 2026 is a range.";
        assert_eq!(
            find_dates(text, 10),
            vec![
                date(2022, 1, 24),
                date(2026, 3, 3),
                date(2026, 3, 16),
                date(2026, 5, 14)
            ]
        );
    }
}
