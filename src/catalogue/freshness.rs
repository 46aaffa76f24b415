//! How recent a record must be (`12 months`, `90 days`), and how often a record series recurs.

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The unit of a freshness window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreshnessUnit {
    Day,
    Week,
    Month,
    Year,
}

/// A freshness window: the latest record must be no older than this, judged from the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    pub amount: u16,
    pub unit: FreshnessUnit,
}

impl Freshness {
    /// The window as a calendar span.
    pub fn span(self) -> Span {
        let n = i64::from(self.amount);
        match self.unit {
            FreshnessUnit::Day => n.days(),
            FreshnessUnit::Week => n.weeks(),
            FreshnessUnit::Month => n.months(),
            FreshnessUnit::Year => n.years(),
        }
    }

    /// The oldest date a record may carry and still be fresh on `as_of`.
    pub fn earliest_fresh_date(self, as_of: Date) -> Date {
        as_of.saturating_sub(self.span())
    }
}

/// Why a freshness value did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a freshness window (expected a whole number from 1 to 9999 and a unit: \
     days, weeks, months or years, e.g. `12 months`)"
)]
pub struct FreshnessParseError(pub String);

impl FromStr for Freshness {
    type Err = FreshnessParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || FreshnessParseError(text.to_string());
        let (amount, unit) = text.split_once(' ').ok_or_else(error)?;
        if !amount.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        let amount: u16 = amount.parse().map_err(|_| error())?;
        if amount == 0 || amount > 9999 {
            return Err(error());
        }
        let unit = match (unit, amount) {
            ("day", 1) | ("days", _) => FreshnessUnit::Day,
            ("week", 1) | ("weeks", _) => FreshnessUnit::Week,
            ("month", 1) | ("months", _) => FreshnessUnit::Month,
            ("year", 1) | ("years", _) => FreshnessUnit::Year,
            _ => return Err(error()),
        };
        Ok(Freshness { amount, unit })
    }
}

impl fmt::Display for Freshness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            FreshnessUnit::Day => "day",
            FreshnessUnit::Week => "week",
            FreshnessUnit::Month => "month",
            FreshnessUnit::Year => "year",
        };
        let plural = if self.amount == 1 { "" } else { "s" };
        write!(f, "{} {unit}{plural}", self.amount)
    }
}

impl Serialize for Freshness {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How often a recurring record series is produced (monthly service reports, quarterly reviews …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    Weekly,
    Monthly,
    Quarterly,
    Annually,
}

impl Recurrence {
    pub const ALL: [Recurrence; 4] = [
        Recurrence::Weekly,
        Recurrence::Monthly,
        Recurrence::Quarterly,
        Recurrence::Annually,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Recurrence::Weekly => "weekly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Annually => "annually",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_the_documented_forms() {
        for (text, amount, unit) in [
            ("12 months", 12, FreshnessUnit::Month),
            ("1 month", 1, FreshnessUnit::Month),
            ("90 days", 90, FreshnessUnit::Day),
            ("2 weeks", 2, FreshnessUnit::Week),
            ("1 year", 1, FreshnessUnit::Year),
        ] {
            assert_eq!(text.parse(), Ok(Freshness { amount, unit }), "{text}");
            assert_eq!(text.parse::<Freshness>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_bad_values() {
        for bad in [
            "",
            "12",
            "months",
            "0 days",
            "-3 days",
            "12 monthz",
            "1.5 years",
            "2 month",
            "12  months",
            "99999 days",
            "+3 days",
            " 3 days",
            "3 days ",
        ] {
            assert!(bad.parse::<Freshness>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn window_counts_back_in_calendar_units() {
        let f: Freshness = "12 months".parse().unwrap();
        assert_eq!(
            f.earliest_fresh_date(date(2026, 11, 21)),
            date(2025, 11, 21)
        );
        let f: Freshness = "1 month".parse().unwrap();
        assert_eq!(f.earliest_fresh_date(date(2026, 3, 31)), date(2026, 2, 28));
    }
}
