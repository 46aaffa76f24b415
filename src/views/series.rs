//! Record-series coverage: does a recurring record (monthly service reports, quarterly supplier reviews …)
//! cover every month, quarter, week or year of the audit period, and where are the holes?

use crate::catalogue::Recurrence;
use jiff::ToSpan;
use jiff::civil::{Date, ISOWeekDate};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// The audit period: from its first day to its last, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// The three whole calendar months before `as_of`'s month: the least operating time certification
    /// bodies commonly expect records for before Stage 2.
    pub fn default_for(as_of: Date) -> Period {
        let this_month = as_of.first_of_month();
        Period {
            from: this_month.saturating_sub(3.months()),
            to: this_month.saturating_sub(1.day()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from, self.to)
    }
}

/// The longest audit period iso20k checks a record series over.
pub const MAX_PERIOD_YEARS: i16 = 10;

/// Why a period did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodParseError {
    #[error(
        "`{0}` is not a period; write FROM..TO with months (2026-01..2026-06) or days (2026-01-15..2026-06-30)"
    )]
    Syntax(String),
    #[error("the period `{0}` is longer than {MAX_PERIOD_YEARS} years, the longest iso20k checks")]
    TooLong(String),
}

impl FromStr for Period {
    type Err = PeriodParseError;

    /// `2026-01..2026-06` (whole months) or `2026-01-15..2026-06-30`, or a mix; at most ten years.
    fn from_str(text: &str) -> Result<Period, PeriodParseError> {
        let error = || PeriodParseError::Syntax(text.to_string());
        let (from, to) = text.split_once("..").ok_or_else(error)?;
        let from = parse_end(from.trim(), false).ok_or_else(error)?;
        let to = parse_end(to.trim(), true).ok_or_else(error)?;
        if to < from {
            return Err(error());
        }
        let longest = from
            .checked_add(i64::from(MAX_PERIOD_YEARS).years())
            .ok()
            .and_then(|end| end.checked_sub(1.day()).ok());
        if longest.is_some_and(|end| to > end) {
            return Err(PeriodParseError::TooLong(text.to_string()));
        }
        Ok(Period { from, to })
    }
}

/// `YYYY-MM-DD`, or `YYYY-MM` as the month's first day (or last, for the end of a period).
fn parse_end(text: &str, end: bool) -> Option<Date> {
    match text.len() {
        10 => text.parse().ok(),
        7 => {
            let first: Date = format!("{text}-01").parse().ok()?;
            Some(if end { first.last_of_month() } else { first })
        }
        _ => None,
    }
}

/// How a recurring record series covers the audit period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub recurrence: Recurrence,
    /// Every slot of the period (`2026-08`, `2026-Q3`, `2026-W33`, `2026`), in order.
    pub expected: Vec<String>,
    /// The slots with at least one record dated in them.
    pub covered: Vec<String>,
    /// The slots without: where the series has holes.
    pub holes: Vec<String>,
}

impl Coverage {
    pub fn complete(&self) -> bool {
        self.holes.is_empty()
    }
}

/// The coverage of a series whose records carry `dates`, over `period`. Every slot that overlaps the
/// period and has ended by its last day is expected; a slot still running at the end of the period (the
/// current quarter) is not yet due.
pub fn coverage(recurrence: Recurrence, period: Period, dates: &[Date]) -> Coverage {
    let mut expected: Vec<String> = Vec::new();
    let mut day = period.from;
    while day <= period.to {
        let label = slot(recurrence, day);
        let next = day.checked_add(1.day()).ok();
        let slot_ends_today = next.is_none_or(|n| slot(recurrence, n) != label);
        if slot_ends_today && expected.last() != Some(&label) {
            expected.push(label);
        }
        match next {
            Some(next) => day = next,
            None => break,
        }
    }
    // A record counts for its slot wherever in the slot it falls: a quarterly review held on 5 July covers
    // the third quarter of a period that starts in August.
    let present: std::collections::BTreeSet<String> =
        dates.iter().map(|d| slot(recurrence, *d)).collect();
    let (covered, holes) = expected.iter().cloned().partition(|s| present.contains(s));
    Coverage {
        recurrence,
        expected,
        covered,
        holes,
    }
}

/// The label of the slot `day` falls in.
fn slot(recurrence: Recurrence, day: Date) -> String {
    match recurrence {
        Recurrence::Weekly => {
            let week = ISOWeekDate::from(day);
            format!("{}-W{:02}", week.year(), week.week())
        }
        Recurrence::Monthly => format!("{}-{:02}", day.year(), day.month()),
        Recurrence::Quarterly => format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1),
        Recurrence::Annually => day.year().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn parses_months_and_days() {
        assert_eq!(
            period("2026-01..2026-06"),
            Period {
                from: date(2026, 1, 1),
                to: date(2026, 6, 30)
            }
        );
        assert_eq!(
            period("2026-01-15..2026-02"),
            Period {
                from: date(2026, 1, 15),
                to: date(2026, 2, 28)
            }
        );
        for bad in [
            "2026-06..2026-01",
            "2026",
            "2026-01-2026-02",
            "2026-13..2026-14",
            "..",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_default_period_is_the_three_months_before_the_as_of_month() {
        assert_eq!(
            Period::default_for(date(2026, 11, 1)),
            period("2026-08..2026-10")
        );
        assert_eq!(
            Period::default_for(date(2026, 2, 27)),
            period("2025-11..2026-01")
        );
    }

    #[test]
    fn a_missing_month_is_a_hole_named_by_its_month() {
        let dates = [
            date(2026, 7, 31),
            date(2026, 9, 30),
            date(2026, 10, 31),
            date(2025, 8, 1),
        ];
        let c = coverage(Recurrence::Monthly, period("2026-07..2026-10"), &dates);
        assert_eq!(c.expected, ["2026-07", "2026-08", "2026-09", "2026-10"]);
        assert_eq!(c.holes, ["2026-08"]);
        assert_eq!(c.covered, ["2026-07", "2026-09", "2026-10"]);
        assert!(!c.complete());
    }

    #[test]
    fn quarters_weeks_and_years() {
        // The fourth quarter is still running on 31 October: not yet due.
        let q = coverage(
            Recurrence::Quarterly,
            period("2026-02..2026-10"),
            &[date(2026, 5, 2)],
        );
        assert_eq!(q.expected, ["2026-Q1", "2026-Q2", "2026-Q3"]);
        assert_eq!(q.holes, ["2026-Q1", "2026-Q3"]);
        let w = coverage(
            Recurrence::Weekly,
            period("2026-01-01..2026-01-17"),
            &[date(2026, 1, 6)],
        );
        assert_eq!(w.expected, ["2026-W01", "2026-W02"]);
        assert_eq!(w.covered, ["2026-W02"]);
        let y = coverage(
            Recurrence::Annually,
            period("2025-06..2026-10"),
            &[date(2025, 1, 6)],
        );
        assert_eq!(y.expected, ["2025"]);
        assert!(y.complete());
    }
}
