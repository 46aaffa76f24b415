//! The process capability rules: which evidence signals rate each process attribute of each capability
//! level, and the achievement thresholds of the N/P/L/F ratings. The rules are data
//! (`requirements/capability-2018.yaml`, beside the catalogue, in our own words) so the toolkit's reading
//! of the capability scale can be read, reviewed and versioned apart from the code. Validated like a
//! catalogue, every problem with its file and line; the view that applies them is
//! [`crate::views::capability`].

use super::{Catalogue, Location, Problem};
use crate::yaml::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The rules compiled into the binary: (edition, file name, text).
const EMBEDDED: &[(&str, &str, &str)] = &[(
    "2018",
    "capability-2018.yaml",
    include_str!("../../requirements/capability-2018.yaml"),
)];

/// The highest capability level of the scale.
pub const MAX_LEVEL: u8 = 5;

/// A validated set of capability rules.
#[derive(Debug, Clone, Serialize)]
pub struct CapabilityRules {
    /// The version of the rules data itself.
    pub version: String,
    pub edition: String,
    pub ratings: Thresholds,
    /// Levels 1 to 5, in order.
    pub levels: Vec<Level>,
}

/// Achievement percentages above which an attribute is rated partially, largely, fully achieved.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub partially: f64,
    pub largely: f64,
    pub fully: f64,
}

/// One capability level and the attributes rated for it.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub level: u8,
    pub name: String,
    pub attributes: Vec<Attribute>,
}

/// A process attribute (`PA2.1`) and the signals that rate it.
#[derive(Debug, Clone, Serialize)]
pub struct Attribute {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub signals: Vec<Signal>,
}

/// An evidence signal the assessment records, as a capability rule uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "signal", rename_all = "kebab-case")]
pub enum Signal {
    /// Each requirement's outcome shows in evidence: a record of the work (any date), or for a
    /// documented-information requirement the document itself.
    OutcomeEvidenced,
    /// The way of working (or the required document) is written down: approved or controlled counts in
    /// full, a draft or lapsed one half.
    WayDocumented,
    /// The latest record is within its freshness window: stale or undated counts half.
    RecordsFresh,
    /// The documents are approved and within their review date, with no draft or lapsed one.
    DocumentsControlled,
    /// The document describing the way of working names its owner.
    OwnerNamed,
    /// Every requirement of the process is conformant (partials count half).
    AllConformant,
    /// Another process area's requirements are conformant (competence, document control, monitoring …).
    AreaConformant { area: String },
    /// Dated records of the process cover this many distinct months.
    RecordsOverTime { periods: u32 },
}

impl Signal {
    /// The signal's code, as the rules file and the explanations name it.
    pub fn code(&self) -> &'static str {
        match self {
            Signal::OutcomeEvidenced => "outcome-evidenced",
            Signal::WayDocumented => "way-documented",
            Signal::RecordsFresh => "records-fresh",
            Signal::DocumentsControlled => "documents-controlled",
            Signal::OwnerNamed => "owner-named",
            Signal::AllConformant => "all-conformant",
            Signal::AreaConformant { .. } => "area-conformant",
            Signal::RecordsOverTime { .. } => "records-over-time",
        }
    }

    /// The signal's code with its parameter: `area-conformant(support)`, `records-over-time(6)`.
    pub fn label(&self) -> String {
        match self {
            Signal::AreaConformant { area } => format!("area-conformant({area})"),
            Signal::RecordsOverTime { periods } => format!("records-over-time({periods})"),
            other => other.code().to_string(),
        }
    }
}

/// Every signal code, for messages.
const SIGNALS: [&str; 8] = [
    "outcome-evidenced",
    "way-documented",
    "records-fresh",
    "documents-controlled",
    "owner-named",
    "all-conformant",
    "area-conformant",
    "records-over-time",
];

impl CapabilityRules {
    /// The embedded rules for the catalogue's edition, validated against it (`None` when the edition
    /// has none).
    pub fn embedded(catalogue: &Catalogue) -> Option<Result<CapabilityRules, Vec<Problem>>> {
        EMBEDDED
            .iter()
            .find(|(edition, _, _)| *edition == catalogue.header.edition)
            .map(|(_, name, text)| {
                CapabilityRules::parse(&format!("embedded:{name}"), text, catalogue)
            })
    }

    /// The attribute with this id.
    pub fn attribute(&self, id: &str) -> Option<&Attribute> {
        self.levels
            .iter()
            .flat_map(|l| &l.attributes)
            .find(|a| a.id == id)
    }

    /// Parses and validates `text` (named `name` in problems) against `catalogue`.
    pub fn parse(
        name: &str,
        text: &str,
        catalogue: &Catalogue,
    ) -> Result<CapabilityRules, Vec<Problem>> {
        let at = |line: u64, column: u64| Location::at(name, line, column);
        let raw: RawRules = super::problem::parse_yaml(name, text)?;
        let mut problems = Vec::new();
        let mut report =
            |location: Location, message: String| problems.push(Problem { location, message });
        let spot = |line: u64, column: u64| at(line, column);

        if raw.version.value.trim().is_empty() {
            report(
                spot(
                    raw.version.referenced.line(),
                    raw.version.referenced.column(),
                ),
                "the version is empty".to_string(),
            );
        }
        if raw.edition.value != catalogue.header.edition {
            report(
                spot(
                    raw.edition.referenced.line(),
                    raw.edition.referenced.column(),
                ),
                format!(
                    "edition `{}` does not match the catalogue's `{}`",
                    raw.edition.value, catalogue.header.edition
                ),
            );
        }
        let t = raw.ratings.value;
        let ordered =
            0.0 <= t.partially && t.partially < t.largely && t.largely < t.fully && t.fully < 100.0;
        if !ordered {
            report(
                spot(
                    raw.ratings.referenced.line(),
                    raw.ratings.referenced.column(),
                ),
                format!(
                    "ratings must rise strictly within 0-100 (partially < largely < fully < 100); got {}, {}, {}",
                    t.partially, t.largely, t.fully
                ),
            );
        }
        let mut levels = Vec::new();
        let mut ids: BTreeMap<String, Location> = BTreeMap::new();
        for (index, level) in raw.levels.iter().enumerate() {
            let here = spot(level.referenced.line(), level.referenced.column());
            let l = &level.value;
            let expected = index + 1;
            if usize::from(l.level) != expected {
                report(
                    here.clone(),
                    format!(
                        "level {} is out of place: levels run 1 to {MAX_LEVEL} in order, so this one should be {expected}",
                        l.level
                    ),
                );
            }
            if l.attributes.is_empty() {
                report(here.clone(), format!("level {} has no attributes", l.level));
            }
            let mut attributes = Vec::new();
            for attribute in &l.attributes {
                let where_ = spot(attribute.referenced.line(), attribute.referenced.column());
                let a = &attribute.value;
                if let Some(first) = ids.get(&a.id) {
                    report(
                        where_.clone(),
                        format!("attribute `{}` is defined twice (first at {first})", a.id),
                    );
                }
                ids.insert(a.id.clone(), where_.clone());
                if a.signals.is_empty() {
                    report(
                        where_.clone(),
                        format!("attribute `{}` has no signals", a.id),
                    );
                }
                let mut signals = Vec::new();
                for signal in &a.signals {
                    let sig_at = spot(signal.referenced.line(), signal.referenced.column());
                    match signal_of(&signal.value, catalogue) {
                        Ok(s) => signals.push(s),
                        Err(message) => report(sig_at, message),
                    }
                }
                attributes.push(Attribute {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    summary: a.summary.clone(),
                    signals,
                });
            }
            levels.push(Level {
                level: l.level,
                name: l.name.clone(),
                attributes,
            });
        }
        if raw.levels.len() != usize::from(MAX_LEVEL) {
            report(
                at(0, 0),
                format!(
                    "the rules define {} levels; expected levels 1 to {MAX_LEVEL}",
                    raw.levels.len()
                ),
            );
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(problems);
        }
        Ok(CapabilityRules {
            version: raw.version.value,
            edition: raw.edition.value,
            ratings: t,
            levels,
        })
    }
}

/// A raw signal checked: known code, the parameter it needs and no other.
fn signal_of(raw: &RawSignal, catalogue: &Catalogue) -> Result<Signal, String> {
    let code = raw.signal.as_str();
    let needs_area = code == "area-conformant";
    let needs_periods = code == "records-over-time";
    if raw.area.is_some() && !needs_area {
        return Err(format!(
            "`{code}` takes no `area` (only area-conformant does)"
        ));
    }
    if raw.periods.is_some() && !needs_periods {
        return Err(format!(
            "`{code}` takes no `periods` (only records-over-time does)"
        ));
    }
    Ok(match code {
        "outcome-evidenced" => Signal::OutcomeEvidenced,
        "way-documented" => Signal::WayDocumented,
        "records-fresh" => Signal::RecordsFresh,
        "documents-controlled" => Signal::DocumentsControlled,
        "owner-named" => Signal::OwnerNamed,
        "all-conformant" => Signal::AllConformant,
        "area-conformant" => {
            let area = raw
                .area
                .clone()
                .ok_or("`area-conformant` needs an `area` (a process area id)")?;
            if catalogue.process(&area).is_none() {
                return Err(format!(
                    "unknown process area `{area}` (the {} catalogue has: {})",
                    catalogue.name(),
                    catalogue
                        .processes
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            Signal::AreaConformant { area }
        }
        "records-over-time" => match raw.periods {
            Some(periods) if periods >= 1 => Signal::RecordsOverTime { periods },
            Some(_) => return Err("`periods` must be at least 1".to_string()),
            None => return Err("`records-over-time` needs `periods` (months)".to_string()),
        },
        other => {
            return Err(format!(
                "unknown signal `{other}` (expected one of {})",
                SIGNALS.join(", ")
            ));
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    version: Spanned<String>,
    edition: Spanned<String>,
    ratings: Spanned<Thresholds>,
    levels: Vec<Spanned<RawLevel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    level: u8,
    name: String,
    #[serde(default)]
    attributes: Vec<Spanned<RawAttribute>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttribute {
    id: String,
    name: String,
    summary: String,
    #[serde(default)]
    signals: Vec<Spanned<RawSignal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignal {
    signal: String,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    periods: Option<u32>,
}
