//! Dates as documents write them: `2026-03-14`, `14/03/2026` (day first), `14 March 2026`, `March 14, 2026`,
//! and timestamps that start with a date (`2026-03-14T09:30`, `2026-03-14 09:30`).

use jiff::civil::Date;
use std::collections::BTreeSet;

const MONTHS: [&str; 12] = [
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

/// Parses a date value (a metadata field or a table cell). Day-first for slashed dates, as in the UK and
/// most of the world; ISO dates are always unambiguous.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    if let Some(date) = iso_prefix(text.as_bytes()) {
        let rest = &text[10..];
        // A date, or a timestamp starting with one.
        if rest.is_empty() || rest.starts_with(['T', ' ', 't']) {
            return Some(date);
        }
        return None;
    }
    if let Some(date) = slashed(text) {
        return Some(date);
    }
    written(text)
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

/// `DD/MM/YYYY` or `DD.MM.YYYY` (day first).
fn slashed(text: &str) -> Option<Date> {
    let sep = if text.contains('/') { '/' } else { '.' };
    let parts: Vec<&str> = text.split(sep).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let number = |p: &str| -> Option<i32> {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    make(number(parts[2])?, number(parts[1])?, number(parts[0])?)
}

/// `14 March 2026`, `14th March 2026`, `March 14, 2026`, `Mar 14 2026`.
fn written(text: &str) -> Option<Date> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.len() != 3 {
        return None;
    }
    let year: i32 = words[2].parse().ok().filter(|y: &i32| *y >= 1000)?;
    let (day, month) = match (day_number(&words[0]), month_number(&words[1])) {
        (Some(day), Some(month)) => (day, month),
        _ => (day_number(&words[1])?, month_number(&words[0])?),
    };
    make(year, month, day)
}

fn day_number(word: &str) -> Option<i32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !["", "st", "nd", "rd", "th"].contains(&suffix) {
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

/// Distinct dates written in `text`, in one pass: ISO dates (`2026-03-14`), day-first slashed dates
/// (`14/03/2026`) and written dates (`14 March 2026`). At most `max` are kept (the latest ones).
pub(super) fn find_dates(text: &str, max: usize) -> Vec<Date> {
    let bytes = text.as_bytes();
    let mut found = BTreeSet::new();
    let keep = |date: Date, found: &mut BTreeSet<Date>| {
        found.insert(date);
        if found.len() > max {
            found.pop_first();
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
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
        if (1..=2).contains(&run) && matches!(after(run), Some(b'/')) {
            // ASCII digits and slashes only, so the slice is on character boundaries.
            let len = bytes[i..]
                .iter()
                .take(10)
                .take_while(|b| b.is_ascii_digit() || **b == b'/')
                .count();
            if let Some(date) = std::str::from_utf8(&bytes[i..i + len])
                .ok()
                .and_then(slashed)
            {
                keep(date, &mut found);
                i += len;
                continue;
            }
        }
        if (1..=2).contains(&run) && matches!(after(run), Some(b' ')) {
            // `14 March 2026`: the next two words (i is on an ASCII digit, so a boundary).
            let tail: String = text[i..].chars().take(30).collect();
            let words: Vec<&str> = tail.split(' ').take(3).collect();
            if words.len() == 3 {
                let year: String = words[2].chars().take_while(char::is_ascii_digit).collect();
                let candidate = format!("{} {} {year}", words[0], words[1]);
                if year.len() == 4
                    && let Some(date) = written(&candidate)
                {
                    keep(date, &mut found);
                    i += run;
                    continue;
                }
            }
        }
        i += run;
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

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
}
