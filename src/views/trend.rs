//! The trend view (`iso20k trend`): one organisation's saved assessments over time.
//!
//! The points are the assessments, oldest first; every figure is read from them. The view adds the
//! certification milestones of the configuration, and the requirements that have stayed non-conformant
//! the longest: for each requirement not conformant in the latest assessment, the unbroken run of
//! assessments back from the latest in which it was not conformant.

use crate::assess::{Assessment, CatalogueRef, Status};
use jiff::civil::Date;
use serde::Serialize;

/// How many of the longest-open requirements the view lists.
pub const LONGEST_OPEN: usize = 15;

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub organisation: Option<String>,
    pub catalogue: CatalogueRef,
    /// The assessments, oldest first.
    pub points: Vec<Point>,
    /// The top-level clauses (and those of clause 8), each with its score at every point (`null` when that
    /// assessment lacks the clause).
    pub clauses: Vec<ClauseSeries>,
    /// Certification milestones from the configuration, in date order.
    pub milestones: Vec<Marked>,
    /// Requirements not conformant in the latest assessment, longest open first.
    pub longest_open: Vec<Open>,
    /// The earliest and latest dates the charts span (points and milestones).
    pub first: Date,
    pub last: Date,
    /// Days from `first` to `last` (at least 1): the charts' time axis.
    pub span: i32,
}

/// A milestone placed on the time axis.
#[derive(Debug, Clone, Serialize)]
pub struct Marked {
    pub date: Date,
    pub name: String,
    /// Days from the trend's `first` date.
    pub day: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub as_of: Date,
    /// Days from the trend's `first` date.
    pub day: i32,
    /// The saved assessment, as given.
    pub source: String,
    pub score: f64,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
    pub mandatory_present: usize,
    pub mandatory_total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseSeries {
    pub clause: String,
    pub title: String,
    pub depth: usize,
    pub scores: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub date: Date,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Open {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub mandatory_document: bool,
    /// Its status in the latest assessment.
    pub status: Status,
    /// The first assessment of the unbroken run in which it was not conformant.
    pub since: Date,
    /// How many assessments in a row, up to the latest.
    pub assessments: usize,
    /// Days from `since` to the latest assessment.
    pub days: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrendError {
    #[error("no assessments to draw a trend from")]
    Empty,
    #[error(
        "{first} and {other} are assessments against different catalogues ({a} and {b}); a trend follows \
         one catalogue"
    )]
    MixedCatalogues {
        first: String,
        other: String,
        a: String,
        b: String,
    },
}

/// The trend of `assessments` (each with the source it was read from), marked with `milestones`.
pub fn trend(
    assessments: &[(String, &Assessment)],
    milestones: &[Milestone],
) -> Result<Trend, TrendError> {
    let mut sorted: Vec<&(String, &Assessment)> = assessments.iter().collect();
    // Oldest first; the same day keeps the order given (the sort is stable).
    sorted.sort_by_key(|(_, a)| a.as_of);
    let Some((first_source, first)) = sorted.first().copied() else {
        return Err(TrendError::Empty);
    };
    let name = |c: &CatalogueRef| format!("{}:{}", c.standard, c.edition);
    for (source, a) in &sorted[1..] {
        if name(&a.catalogue) != name(&first.catalogue) {
            return Err(TrendError::MixedCatalogues {
                first: first_source.clone(),
                other: source.clone(),
                a: name(&first.catalogue),
                b: name(&a.catalogue),
            });
        }
    }
    let latest = sorted.last().expect("not empty").1;
    let mut milestones = milestones.to_vec();
    milestones.sort_by(|a, b| a.date.cmp(&b.date).then(a.name.cmp(&b.name)));
    let dates = sorted
        .iter()
        .map(|(_, a)| a.as_of)
        .chain(milestones.iter().map(|m| m.date));
    let first_date = dates.clone().min().expect("not empty");
    let last_date = dates.max().expect("not empty");
    let day = |d: Date| (d - first_date).get_days();
    let points = sorted
        .iter()
        .map(|(source, a)| Point {
            as_of: a.as_of,
            day: day(a.as_of),
            source: source.clone(),
            score: a.summary.score,
            conformant: a.summary.conformant,
            partial: a.summary.partial,
            gap: a.summary.gap,
            mandatory_present: a.mandatory.present.len(),
            mandatory_total: a.mandatory.total,
        })
        .collect();
    let clauses = latest
        .clauses
        .iter()
        .filter(|c| c.depth == 1 || (c.depth == 2 && c.clause.top() == 8))
        .map(|c| ClauseSeries {
            clause: c.clause.to_string(),
            title: c.title.clone(),
            depth: c.depth,
            scores: sorted
                .iter()
                .map(|(_, a)| {
                    a.clauses
                        .iter()
                        .find(|x| x.clause == c.clause)
                        .map(|x| x.score)
                })
                .collect(),
        })
        .collect();
    let mut longest_open: Vec<Open> = latest
        .requirements
        .iter()
        .filter(|r| r.status != Status::Conformant)
        .map(|r| {
            let mut run = 0;
            let mut since = latest.as_of;
            for (_, a) in sorted.iter().rev() {
                match a.requirements.iter().find(|x| x.id == r.id) {
                    Some(x) if x.status != Status::Conformant => {
                        run += 1;
                        since = a.as_of;
                    }
                    _ => break,
                }
            }
            Open {
                id: r.id.clone(),
                clause: r.clause.to_string(),
                title: r.title.clone(),
                mandatory_document: r.mandatory_document,
                status: r.status,
                since,
                assessments: run,
                days: (latest.as_of - since).get_days(),
            }
        })
        .collect();
    // Longest open first; then gaps before partials, then clause order (the requirements' order).
    longest_open.sort_by(|a, b| {
        b.days
            .cmp(&a.days)
            .then(b.assessments.cmp(&a.assessments))
            .then(b.status.cmp(&a.status))
    });
    longest_open.truncate(LONGEST_OPEN);
    Ok(Trend {
        organisation: latest.organisation.clone(),
        catalogue: latest.catalogue.clone(),
        points,
        clauses,
        milestones: milestones
            .into_iter()
            .map(|m| Marked {
                day: day(m.date),
                date: m.date,
                name: m.name,
            })
            .collect(),
        longest_open,
        first: first_date,
        last: last_date,
        span: day(last_date).max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_support::{assessment, requirement};

    #[test]
    fn points_are_ordered_by_date_and_the_longest_open_found() {
        let early = assessment(
            "2026-01-01",
            vec![
                requirement("8.5.1.1-change-policy", Status::Gap, &[]),
                requirement("8.5.1.2-requests-recorded", Status::Partial, &["l.csv"]),
            ],
            &[("l.csv", "a")],
        );
        let middle = assessment(
            "2026-04-01",
            vec![
                requirement("8.5.1.1-change-policy", Status::Gap, &[]),
                requirement("8.5.1.2-requests-recorded", Status::Conformant, &["l.csv"]),
            ],
            &[("l.csv", "b")],
        );
        let late = assessment(
            "2026-07-01",
            vec![
                requirement("8.5.1.1-change-policy", Status::Partial, &["p.md"]),
                requirement("8.5.1.2-requests-recorded", Status::Partial, &["l.csv"]),
            ],
            &[("l.csv", "b"), ("p.md", "c")],
        );
        let given = [
            ("late.json".to_string(), &late),
            ("early.json".to_string(), &early),
            ("middle.json".to_string(), &middle),
        ];
        let milestones = [Milestone {
            date: "2026-09-01".parse().unwrap(),
            name: "Stage 1 audit".into(),
        }];
        let t = trend(&given, &milestones).unwrap();
        let sources: Vec<&str> = t.points.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(sources, ["early.json", "middle.json", "late.json"]);
        assert_eq!(t.first, "2026-01-01".parse::<Date>().unwrap());
        assert_eq!(t.last, "2026-09-01".parse::<Date>().unwrap());
        assert_eq!(t.longest_open[0].id, "8.5.1.1-change-policy");
        assert_eq!(t.longest_open[0].assessments, 3);
        assert_eq!(t.longest_open[0].days, 181);
        assert_eq!(t.longest_open[1].id, "8.5.1.2-requests-recorded");
        assert_eq!(t.longest_open[1].assessments, 1);
        assert_eq!(t.longest_open[1].days, 0);
    }

    #[test]
    fn mixed_catalogues_and_no_points_are_refused() {
        assert_eq!(trend(&[], &[]).unwrap_err(), TrendError::Empty);
        let a = assessment("2026-01-01", vec![], &[]);
        let mut b = a.clone();
        b.catalogue.edition = "2011".into();
        let given = [("a".to_string(), &a), ("b".to_string(), &b)];
        assert!(matches!(
            trend(&given, &[]),
            Err(TrendError::MixedCatalogues { .. })
        ));
    }
}
