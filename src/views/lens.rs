//! The integrated-management lens (`iso20k assess --lens itil4|iso27001|iso9001`): the assessment regrouped
//! by the practices or clauses of another framework through the crosswalk, so a provider running ISO/IEC
//! 27001 or ISO 9001 beside ISO/IEC 20000-1 sees which evidence it already has for each of their clauses.
//! It judges nothing again: statuses and files are the assessment's.

use crate::assess::{Assessment, Status};
use crate::catalogue::{Catalogue, Confidence, Crosswalk, LinkRelation};
use serde::Serialize;
use std::collections::BTreeSet;

/// The assessment seen through one framework.
#[derive(Debug, Clone, Serialize)]
pub struct Lens {
    #[serde(flatten)]
    pub header: super::Header,
    /// `itil4`, `iso27001` or `iso9001`.
    pub framework: String,
    pub framework_name: String,
    pub crosswalk_version: String,
    /// One group per practice or clause that has links, in the crosswalk's target order.
    pub groups: Vec<LensGroup>,
}

/// A practice or clause of the framework and the 20000-1 requirements linked to it.
#[derive(Debug, Clone, Serialize)]
pub struct LensGroup {
    pub id: String,
    pub title: String,
    pub conformant: usize,
    pub partial: usize,
    pub gap: usize,
    pub requirements: Vec<LensRequirement>,
    /// The distinct evidence files of those requirements, sorted: the evidence already there.
    pub evidence: Vec<String>,
}

/// A linked requirement with its status and the link's marks.
#[derive(Debug, Clone, Serialize)]
pub struct LensRequirement {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub relation: LinkRelation,
    pub confidence: Confidence,
}

/// The lens of `assessment` on the framework `key` (one of the crosswalk's targets).
pub fn lens(
    catalogue: &Catalogue,
    assessment: &Assessment,
    crosswalk: &Crosswalk,
    key: &str,
) -> Lens {
    let target = crosswalk.target(key);
    let mut groups = Vec::new();
    for item in target.map(|t| t.items.as_slice()).unwrap_or_default() {
        let mut requirements = Vec::new();
        let mut evidence = BTreeSet::new();
        for result in &assessment.requirements {
            let Some(requirement) = catalogue.requirement(&result.id) else {
                continue;
            };
            let link = crosswalk
                .links_of(requirement)
                .into_iter()
                .find(|l| l.standard == key && l.id == item.id);
            if let Some(link) = link {
                evidence.extend(result.evidence.iter().map(|e| e.path.to_string()));
                requirements.push(LensRequirement {
                    id: result.id.clone(),
                    title: result.title.clone(),
                    status: result.status,
                    relation: link.relation,
                    confidence: link.confidence,
                });
            }
        }
        if requirements.is_empty() {
            continue;
        }
        let count = |s: Status| requirements.iter().filter(|r| r.status == s).count();
        groups.push(LensGroup {
            id: item.id.clone(),
            title: item.title.clone(),
            conformant: count(Status::Conformant),
            partial: count(Status::Partial),
            gap: count(Status::Gap),
            requirements,
            evidence: evidence.into_iter().collect(),
        });
    }
    Lens {
        header: super::Header::new(assessment),
        framework: key.to_string(),
        framework_name: target.map_or_else(|| key.to_string(), |t| t.name.clone()),
        crosswalk_version: crosswalk.version.clone(),
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{CatalogueSource, embedded};
    use crate::views::test_support;

    #[test]
    fn requirements_are_regrouped_by_the_framework_with_their_evidence() {
        let catalogue =
            crate::catalogue::load(&CatalogueSource::Embedded(embedded("2018").unwrap())).unwrap();
        let crosswalk = Crosswalk::embedded(&catalogue).unwrap().unwrap();
        let mut audit = test_support::requirement(
            "9.2-audit-programme",
            Status::Conformant,
            &["08 Audit/Internal Audit Programme.md"],
        );
        audit.process = "internal-audit".to_string();
        let incident = test_support::requirement(
            "8.6.1-incidents-recorded",
            Status::Partial,
            &["06 Records/Incident Log.csv"],
        );
        let assessment = test_support::assessment("2026-11-21", vec![audit, incident], &[]);
        let lens = lens(&catalogue, &assessment, &crosswalk, "iso27001");
        let nine_two = lens.groups.iter().find(|g| g.id == "9.2").unwrap();
        assert_eq!(nine_two.title, "Internal audit");
        assert_eq!(nine_two.evidence, ["08 Audit/Internal Audit Programme.md"]);
        assert_eq!((nine_two.conformant, nine_two.partial), (1, 0));
        assert_eq!(nine_two.requirements[0].relation, LinkRelation::Equal);
        // Only items with links appear; 4.1 has none of these requirements.
        assert!(lens.groups.iter().all(|g| g.id != "4.1"));
        let itil = super::lens(&catalogue, &assessment, &crosswalk, "itil4");
        let incident = itil
            .groups
            .iter()
            .find(|g| g.id == "incident-management")
            .unwrap();
        assert_eq!(incident.partial, 1);
    }
}
