//! Views: what each audience sees of one assessment. A view selects, groups and adds planning detail
//! (samples, series coverage, predicted findings, schedules); it never judges evidence again, and
//! renderers only present it.
//!
//! - [`capability`]: the process capability profile (levels 0-5, attributes rated N/P/L/F);
//! - [`checklist`]: the Stage 1 and Stage 2 certification-audit checklists;
//! - [`plan`]: the phased implementation plan;
//! - [`lint`]: document quality, a view over the evidence index rather than the assessment;
//! - [`lens`]: the assessment regrouped by ITIL 4, ISO/IEC 27001 or ISO 9001 through the crosswalk;
//! - [`diff`]: what changed between two assessments;
//! - [`portfolio`]: several organisations' assessments side by side;
//! - [`trend`]: one organisation's assessments over time.

pub mod capability;
pub mod checklist;
pub mod diff;
pub mod findings;
pub mod lens;
pub mod lint;
pub mod plan;
pub mod portfolio;
pub mod sampling;
pub mod series;
#[cfg(test)]
mod test_support;
pub mod trend;

use crate::assess::{Assessment, CatalogueRef};
use jiff::civil::Date;
use serde::Serialize;

/// Who and what a view is about: the same for every view of an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub catalogue: CatalogueRef,
    pub organisation: Option<String>,
    pub scope: Option<String>,
    pub as_of: Date,
}

impl Header {
    pub fn new(assessment: &Assessment) -> Header {
        Header {
            catalogue: assessment.catalogue.clone(),
            organisation: assessment.organisation.clone(),
            scope: assessment.scope.clone(),
            as_of: assessment.as_of,
        }
    }
}

/// The requirements of `assessment` that are not conformant, worst first: gaps before partials, mandatory
/// documented information first, then heavier weights, then clause order.
pub fn worst_first(assessment: &Assessment) -> Vec<&crate::assess::RequirementResult> {
    let mut open: Vec<&crate::assess::RequirementResult> = assessment
        .requirements
        .iter()
        .filter(|r| r.status != crate::assess::Status::Conformant)
        .collect();
    open.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.status),
            !a.mandatory_document,
            std::cmp::Reverse(a.weight),
            &a.clause,
        )
            .cmp(&(
                std::cmp::Reverse(b.status),
                !b.mandatory_document,
                std::cmp::Reverse(b.weight),
                &b.clause,
            ))
    });
    open
}
