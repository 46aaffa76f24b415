//! The portfolio view (`iso20k portfolio`): several organisations' assessments side by side (suppliers in a
//! supply chain, bidders in a tender, the providers of a group).
//!
//! Every figure is read from the organisations' assessments: scores, clause statuses, mandatory documented
//! information and worst gaps. The view only lines them up, ranks them and finds the clauses weakest
//! across the portfolio (lowest mean score over the organisations).

use crate::assess::{Assessment, CatalogueRef, Status};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How many gaps per organisation the view lists.
pub const WORST_GAPS: usize = 5;
/// How many of the weakest clauses the view lists.
pub const WEAKEST_CLAUSES: usize = 10;

/// What an organisation is to whoever compares the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// An external supplier.
    Supplier,
    /// A provider inside the same group or organisation.
    InternalProvider,
    /// The customer's own service management system.
    OwnSms,
    Other,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Supplier => "supplier",
            Role::InternalProvider => "internal provider",
            Role::OwnSms => "own SMS",
            Role::Other => "other",
        }
    }
}

/// One organisation given to the portfolio: its assessment, or why it could not be assessed.
pub struct Member<'a> {
    /// The folder or saved assessment it came from, as given.
    pub source: String,
    /// The name from the portfolio configuration, else the assessment's organisation, else the source.
    pub name: Option<String>,
    pub role: Option<Role>,
    pub assessment: Result<&'a Assessment, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// The catalogue every organisation was assessed against.
    pub catalogue: Option<CatalogueRef>,
    /// The organisations assessed, in the order given.
    pub organisations: Vec<OrganisationRow>,
    /// Every clause (of the catalogue's table, in order) with each organisation's score and status, in the
    /// order of `organisations`.
    pub heatmap: Vec<HeatRow>,
    /// The clauses (the level assessors rate) with the lowest mean score across the portfolio.
    pub weakest_clauses: Vec<WeakClause>,
    /// The organisations, best score first (ties by name).
    pub ranking: Vec<Ranked>,
    /// What could not be assessed, and why.
    pub unassessed: Vec<Unassessed>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationRow {
    pub name: String,
    pub role: Option<Role>,
    pub source: String,
    pub as_of: Date,
    pub score: f64,
    pub rank: usize,
    pub requirements: usize,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
    pub evidence_files: usize,
    pub mandatory: MandatoryRow,
    /// The worst requirements first (as the gap report orders them), at most [`WORST_GAPS`].
    pub worst_gaps: Vec<Gap>,
    /// How many requirements are not conformant in all.
    pub open: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MandatoryRow {
    pub total: usize,
    pub present: usize,
    pub missing: usize,
    pub expired: usize,
    pub incomplete: usize,
    /// Present as a percentage of the total, one decimal.
    pub coverage: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub id: String,
    pub clause: String,
    pub title: String,
    pub status: Status,
    pub mandatory_document: bool,
    /// The last reason the assessment gives (the one that decided the status).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub clause: String,
    pub title: String,
    pub depth: usize,
    pub leaf: bool,
    pub cells: Vec<HeatCell>,
    /// The mean score across the organisations, one decimal.
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    pub score: Option<f64>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeakClause {
    pub clause: String,
    pub title: String,
    pub mean: f64,
    pub lowest: f64,
    /// The organisation with the lowest score (the first, on a tie).
    pub lowest_organisation: String,
    /// How many organisations do not have the clause conformant.
    pub not_conformant: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub name: String,
    pub role: Option<Role>,
    pub score: f64,
    pub mandatory_coverage: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unassessed {
    pub source: String,
    pub name: Option<String>,
    pub error: String,
}

/// Why a portfolio cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortfolioError {
    #[error(
        "{first} and {other} were assessed against different catalogues ({a} and {b}); a portfolio compares \
         organisations against one catalogue"
    )]
    MixedCatalogues {
        first: String,
        other: String,
        a: String,
        b: String,
    },
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The portfolio of `members`.
pub fn portfolio(members: &[Member<'_>]) -> Result<Portfolio, PortfolioError> {
    let assessed: Vec<(&Member<'_>, &Assessment)> = members
        .iter()
        .filter_map(|m| m.assessment.as_ref().ok().map(|a| (m, *a)))
        .collect();
    let unassessed = members
        .iter()
        .filter_map(|m| {
            m.assessment.as_ref().err().map(|error| Unassessed {
                source: m.source.clone(),
                name: m.name.clone(),
                error: error.clone(),
            })
        })
        .collect();
    if let Some((first, a)) = assessed.first() {
        for (other, b) in &assessed[1..] {
            let name = |c: &CatalogueRef| format!("{}:{}", c.standard, c.edition);
            if name(&a.catalogue) != name(&b.catalogue) {
                return Err(PortfolioError::MixedCatalogues {
                    first: first.source.clone(),
                    other: other.source.clone(),
                    a: name(&a.catalogue),
                    b: name(&b.catalogue),
                });
            }
        }
    }
    let names: Vec<String> = assessed
        .iter()
        .map(|(m, a)| {
            m.name
                .clone()
                .or_else(|| a.organisation.clone())
                .unwrap_or_else(|| m.source.clone())
        })
        .collect();

    // Ranking: best score first, ties by name, then by position.
    let mut order: Vec<usize> = (0..assessed.len()).collect();
    order.sort_by(|&x, &y| {
        assessed[y]
            .1
            .summary
            .score
            .total_cmp(&assessed[x].1.summary.score)
            .then_with(|| names[x].cmp(&names[y]))
            .then(x.cmp(&y))
    });
    let mut ranks = vec![0; assessed.len()];
    for (position, &i) in order.iter().enumerate() {
        ranks[i] = position + 1;
    }

    let organisations: Vec<OrganisationRow> = assessed
        .iter()
        .enumerate()
        .map(|(i, (m, a))| organisation_row(m, a, names[i].clone(), ranks[i]))
        .collect();
    let ranking = order
        .iter()
        .map(|&i| Ranked {
            rank: ranks[i],
            name: names[i].clone(),
            role: assessed[i].0.role,
            score: assessed[i].1.summary.score,
            mandatory_coverage: organisations[i].mandatory.coverage,
        })
        .collect();

    // The heatmap follows the first organisation's clause table (they share the catalogue).
    let mut heatmap = Vec::new();
    if let Some((_, first)) = assessed.first() {
        for clause in &first.clauses {
            let cells: Vec<HeatCell> = assessed
                .iter()
                .map(|(_, a)| {
                    let c = a.clauses.iter().find(|c| c.clause == clause.clause);
                    HeatCell {
                        score: c.map(|c| c.score),
                        status: c.map(|c| c.status),
                    }
                })
                .collect();
            let scores: Vec<f64> = cells.iter().filter_map(|c| c.score).collect();
            let mean = if scores.is_empty() {
                0.0
            } else {
                round1(scores.iter().sum::<f64>() / scores.len() as f64)
            };
            heatmap.push(HeatRow {
                clause: clause.clause.to_string(),
                title: clause.title.clone(),
                depth: clause.depth,
                leaf: clause.leaf,
                cells,
                mean,
            });
        }
    }
    let mut weakest: Vec<WeakClause> = heatmap
        .iter()
        .filter(|row| row.leaf)
        .filter_map(|row| {
            let (lowest_at, lowest) = row
                .cells
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.score.map(|s| (i, s)))
                .min_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)))?;
            Some(WeakClause {
                clause: row.clause.clone(),
                title: row.title.clone(),
                mean: row.mean,
                lowest,
                lowest_organisation: names[lowest_at].clone(),
                not_conformant: row
                    .cells
                    .iter()
                    .filter(|c| c.status.is_some_and(|s| s != Status::Conformant))
                    .count(),
            })
        })
        .filter(|w| w.mean < 100.0)
        .collect();
    // Lowest mean first; ties in clause order (the sort is stable).
    weakest.sort_by(|x, y| x.mean.total_cmp(&y.mean));
    weakest.truncate(WEAKEST_CLAUSES);

    Ok(Portfolio {
        catalogue: assessed.first().map(|(_, a)| a.catalogue.clone()),
        organisations,
        heatmap,
        weakest_clauses: weakest,
        ranking,
        unassessed,
    })
}

fn organisation_row(m: &Member<'_>, a: &Assessment, name: String, rank: usize) -> OrganisationRow {
    let worst = super::worst_first(a);
    let mandatory = &a.mandatory;
    OrganisationRow {
        name,
        role: m.role,
        source: m.source.clone(),
        as_of: a.as_of,
        score: a.summary.score,
        rank,
        requirements: a.summary.requirements,
        conformant: a.summary.conformant,
        partial: a.summary.partial,
        gap: a.summary.gap,
        evidence_files: a.summary.evidence_files,
        mandatory: MandatoryRow {
            total: mandatory.total,
            present: mandatory.present.len(),
            missing: mandatory.missing.len(),
            expired: mandatory.expired.len(),
            incomplete: mandatory.incomplete.len(),
            coverage: if mandatory.total == 0 {
                100.0
            } else {
                round1(100.0 * mandatory.present.len() as f64 / mandatory.total as f64)
            },
        },
        open: worst.len(),
        worst_gaps: worst
            .iter()
            .take(WORST_GAPS)
            .map(|r| Gap {
                id: r.id.clone(),
                clause: r.clause.to_string(),
                title: r.title.clone(),
                status: r.status,
                mandatory_document: r.mandatory_document,
                reason: r.reasons.last().map(|reason| reason.text.clone()),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_support::{assessment, requirement};

    fn member<'a>(source: &str, a: &'a Assessment) -> Member<'a> {
        Member {
            source: source.to_string(),
            name: None,
            role: None,
            assessment: Ok(a),
        }
    }

    #[test]
    fn organisations_are_ranked_and_lined_up_clause_by_clause() {
        let strong = assessment(
            "2026-11-01",
            vec![
                requirement("8.5.1.1-change-policy", Status::Conformant, &["p.md"]),
                requirement("8.5.1.2-requests-recorded", Status::Conformant, &["l.csv"]),
            ],
            &[("p.md", "a"), ("l.csv", "b")],
        );
        let mut weak = assessment(
            "2026-11-01",
            vec![
                requirement("8.5.1.1-change-policy", Status::Gap, &[]),
                requirement("8.5.1.2-requests-recorded", Status::Partial, &["l.csv"]),
            ],
            &[("l.csv", "b")],
        );
        weak.organisation = Some("Weak Ltd".into());
        let p = portfolio(&[member("weak", &weak), member("strong", &strong)]).unwrap();
        assert_eq!(p.organisations[0].name, "Weak Ltd");
        assert_eq!(p.organisations[0].rank, 2);
        assert_eq!(p.organisations[1].rank, 1);
        assert_eq!(p.ranking[0].score, strong.summary.score);
        assert_eq!(p.organisations[0].mandatory.missing, 1);
        assert_eq!(p.organisations[0].mandatory.coverage, 0.0);
        assert_eq!(p.organisations[1].mandatory.coverage, 100.0);
        assert_eq!(p.organisations[0].worst_gaps[0].id, "8.5.1.1-change-policy");
        let row = p.heatmap.iter().find(|r| r.clause == "8.5.1.1").unwrap();
        assert_eq!(row.cells[0].score, Some(0.0));
        assert_eq!(row.cells[1].score, Some(100.0));
        assert_eq!(row.mean, 50.0);
        assert_eq!(p.weakest_clauses[0].clause, "8.5.1.1");
        assert_eq!(p.weakest_clauses[0].lowest_organisation, "Weak Ltd");
        assert_eq!(p.weakest_clauses[0].not_conformant, 1);
    }

    #[test]
    fn an_organisation_that_could_not_be_assessed_is_listed_and_the_others_kept() {
        let a = assessment(
            "2026-11-01",
            vec![requirement(
                "8.5.1.1-change-policy",
                Status::Conformant,
                &["p.md"],
            )],
            &[("p.md", "a")],
        );
        let members = [
            member("one", &a),
            Member {
                source: "broken".into(),
                name: Some("Broken Ltd".into()),
                role: Some(Role::Supplier),
                assessment: Err("iso20k.toml: bad".into()),
            },
            member("two", &a),
        ];
        let p = portfolio(&members).unwrap();
        assert_eq!(p.organisations.len(), 2);
        assert_eq!(p.unassessed.len(), 1);
        assert_eq!(p.unassessed[0].source, "broken");
        assert_eq!(p.heatmap[0].cells.len(), 2);
    }

    #[test]
    fn mixed_catalogues_are_refused() {
        let a = assessment("2026-11-01", vec![], &[]);
        let mut b = a.clone();
        b.catalogue.edition = "2011".into();
        assert!(matches!(
            portfolio(&[member("a", &a), member("b", &b)]),
            Err(PortfolioError::MixedCatalogues { .. })
        ));
    }
}
