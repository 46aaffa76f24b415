//! `iso20k init`: a starter SMS document set, generated from the catalogue so that it always follows it.
//!
//! One Markdown document per clause that asks for documented information or activities (the mandatory
//! documented information flagged at the top), and one CSV log with a header row per record the catalogue
//! expects, plus a README index and an `iso20k.toml` to complete. Every document is an honest draft:
//! `status: draft`, `version: "0.1"`, `covers` naming its requirements, headings taken from the
//! catalogue's own wording (never the standard's) and bracketed placeholders where the organisation's
//! facts belong. Every log is empty. `iso20k assess` right after `init` therefore finds nothing
//! conformant, and each requirement's reasons name the file to complete.

use crate::catalogue::{Catalogue, Clause, DocType, Kind, Requirement};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Who the starter set is written for: it changes examples, owners and wording, never the structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// A managed-service provider serving external customers under contract.
    Msp,
    /// An internal IT department serving the rest of its organisation.
    InternalIt,
    /// A software-as-a-service company serving subscribers.
    Saas,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Msp => "msp",
            Profile::InternalIt => "internal-it",
            Profile::Saas => "saas",
        }
    }

    fn customers(self) -> &'static str {
        match self {
            Profile::Msp => "customers under contract",
            Profile::InternalIt => "the business units and colleagues you serve",
            Profile::Saas => "subscribers and their administrators",
        }
    }

    fn example_service(self) -> &'static str {
        match self {
            Profile::Msp => "the managed network and 24x7 service desk",
            Profile::InternalIt => "e-mail, collaboration and the finance system",
            Profile::Saas => "the production platform and its API",
        }
    }

    fn tool(self) -> &'static str {
        match self {
            Profile::Msp => "the ticketing tool shared with customers",
            Profile::InternalIt => "the IT service desk tool",
            Profile::Saas => "the issue tracker and on-call tool",
        }
    }

    /// The role suggested as owner for a process area.
    fn owner(self, process: &str) -> &'static str {
        let lead = match self {
            Profile::Msp => "Service Delivery Director",
            Profile::InternalIt => "Head of IT",
            Profile::Saas => "VP Engineering",
        };
        let manager = match self {
            Profile::Msp => "SMS Manager",
            Profile::InternalIt => "IT Service Manager",
            Profile::Saas => "Head of Service Operations",
        };
        match process {
            "context" | "leadership" | "planning" | "management-review" | "budgeting" => lead,
            "incident" | "service-request" => match self {
                Profile::Saas => "Support Lead",
                _ => "Service Desk Manager",
            },
            "change" | "release-deployment" => match self {
                Profile::Saas => "Engineering Manager",
                _ => "Change Manager",
            },
            "information-security" => "Information Security Manager",
            "supplier" => "Supplier Manager",
            "business-relationship" | "service-level" | "service-reporting" => match self {
                Profile::Msp => "Account Manager",
                Profile::InternalIt => "Business Relationship Manager",
                Profile::Saas => "Customer Success Lead",
            },
            "internal-audit" => "Internal Auditor",
            _ => manager,
        }
    }
}

/// One file of the starter set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterFile {
    /// Relative to the target folder, `/` separators.
    pub path: String,
    pub text: String,
}

/// The columns of each expected record's log, in our own words; other records get a generic log.
fn log_columns(id: &str) -> &'static str {
    match id {
        "7.2-competence-evidence" => {
            "Person,Role,Competence required,Evidence (course / certificate / assessment),Date achieved,Next review"
        }
        "8.1-operational-records" => "Date,Activity,Service,Outcome,Recorded by",
        "8.2.6-configuration-information" => {
            "CI ID,Name,Type,Service,Owner,Status,Depends on,Last verified"
        }
        "8.3.2-complaints-recorded" => {
            "Complaint ID,Date received,Customer,Service,Description,Owner,Action taken,Status,Date closed"
        }
        "8.3.4.1-supplier-disputes" => {
            "Dispute ID,Date raised,Supplier,Description,Owner,Status,Resolution,Date closed"
        }
        "8.5.1.2-requests-recorded" => {
            "Change ID,Date raised,Title,Requested by,Category,Risk,Decision,Date implemented,Date reviewed,Status"
        }
        "8.6.1-incidents-recorded" => {
            "Incident ID,Date opened,Priority,Service,Description,Assigned to,Status,Date resolved,Date closed"
        }
        "8.6.2-requests-recorded" => {
            "Request ID,Date opened,Requested by,Service,Request,Assigned to,Status,Date fulfilled,Date closed"
        }
        "8.6.3-problems-recorded" => {
            "Problem ID,Date logged,Title,Related incidents,Root cause,Workaround,Status,Date closed"
        }
        "8.6.3-known-errors-recorded" => {
            "Known error ID,Date logged,Problem ID,Description,Workaround,Status"
        }
        "8.7.1-availability-monitored" => {
            "Date,Service,Target (%),Measured (%),Downtime (minutes),Notes"
        }
        "8.7.2-continuity-tested" => "Test ID,Date,Scenario,Services,Result,Findings,Actions",
        "8.7.3.3-security-incidents-recorded" => {
            "Security incident ID,Date opened,Severity,Description,Owner,Status,Date closed,Lessons learned"
        }
        "9.1-evaluation-results" => "Date,Measure,Target,Result,Trend,Action",
        "9.2-audit-results" => {
            "Audit ID,Date,Scope,Auditor,Findings,Nonconformities,Report reference,Status"
        }
        "9.3-review-results" => "Review date,Attendees,Inputs reviewed,Decisions,Actions,Owner,Due",
        "9.4-service-reports" => {
            "Report period,Date issued,Customer,Services,Key results,Report reference"
        }
        "10.1-nonconformities-recorded" => {
            "NC ID,Date raised,Source,Description,Root cause,Correction,Corrective action,Owner,Due,Status,Date closed"
        }
        "10.2-opportunities-recorded" => {
            "Improvement ID,Date raised,Source,Description,Benefit,Priority,Owner,Due,Status,Date closed"
        }
        _ => "ID,Date,Description,Owner,Status",
    }
}

/// `8.5.1.1-change-policy` → `Change policy`.
fn short_name(id: &str) -> String {
    let words = id
        .split_once('-')
        .map_or(id, |(_, rest)| rest)
        .replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A file name without characters file systems refuse.
fn file_name(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// The folder of a top-level clause: `08 Operation of the service management system`.
fn folder(catalogue: &Catalogue, top: u16) -> String {
    let title = catalogue
        .clauses
        .iter()
        .find(|c| c.clause.depth() == 1 && c.clause.top() == top)
        .map_or_else(|| format!("Clause {top}"), |c| c.title.clone());
    file_name(&format!("{top:02} {title}"))
}

fn clause_title<'a>(catalogue: &'a Catalogue, requirement: &'a Requirement) -> &'a str {
    catalogue
        .clauses
        .iter()
        .find(|c: &&Clause| c.clause == requirement.clause)
        .map_or(requirement.title.as_str(), |c| c.title.as_str())
}

/// The document type a clause's document is declared as: the first the catalogue expects of its
/// mandatory document, else of any document requirement, else a procedure.
fn doc_type(requirements: &[&Requirement]) -> DocType {
    let document = requirements
        .iter()
        .find(|r| r.kind == Kind::Document && r.mandatory_document)
        .or_else(|| requirements.iter().find(|r| r.kind == Kind::Document));
    document
        .and_then(|r| {
            r.evidence
                .doc_types
                .iter()
                .copied()
                .find(|t| !matches!(t, DocType::Record | DocType::Log | DocType::Register))
        })
        .unwrap_or(DocType::Procedure)
}

/// The starter set for `catalogue`, written for `profile`: documents, logs, the README index and
/// `iso20k.toml`, sorted by path.
pub fn starter_set(catalogue: &Catalogue, profile: Profile) -> Vec<StarterFile> {
    let mut files = Vec::new();
    let mut index_rows = Vec::new();
    let mut evidence_entries = String::new();

    // Documents: one per clause with document or activity requirements.
    let mut by_clause: BTreeMap<&crate::catalogue::ClauseNumber, Vec<&Requirement>> =
        BTreeMap::new();
    for requirement in &catalogue.requirements {
        if requirement.kind != Kind::Record {
            by_clause
                .entry(&requirement.clause)
                .or_default()
                .push(requirement);
        }
    }
    for (clause, requirements) in &by_clause {
        let first = requirements[0];
        let title = clause_title(catalogue, first);
        let kind = doc_type(requirements);
        let path = format!(
            "{}/{} {}.md",
            folder(catalogue, clause.top()),
            clause,
            file_name(title)
        );
        let mandatory: Vec<&&Requirement> = requirements
            .iter()
            .filter(|r| r.mandatory_document)
            .collect();
        let owner = profile.owner(&first.process);
        let mut text = String::new();
        let _ = writeln!(text, "---");
        let _ = writeln!(text, "title: \"{clause} {title}\"");
        let _ = writeln!(text, "doc_type: {}", kind.name());
        let _ = writeln!(text, "owner: {owner}");
        let _ = writeln!(text, "status: draft");
        let _ = writeln!(text, "version: \"0.1\"");
        let _ = writeln!(text, "covers:");
        for r in requirements {
            let _ = writeln!(text, "  - {}", r.id);
        }
        let _ = writeln!(text, "---");
        let _ = writeln!(text, "\n# {clause} {title}\n");
        let _ = writeln!(
            text,
            "> Starter document written by `iso20k init` ({} profile). It is a draft until every \
             placeholder in square brackets is replaced with what your organisation really does, the \
             owner has checked it and someone with authority has approved it. Then set `status: \
             approved`, `approved_by`, `approved_on` and `review_due` above.\n",
            profile.name()
        );
        if !mandatory.is_empty() {
            let _ = writeln!(
                text,
                "**Mandatory documented information:** {}. An auditor will ask to see this document.\n",
                mandatory
                    .iter()
                    .map(|r| format!("`{}`", r.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = writeln!(text, "## Purpose and scope\n");
        let _ = writeln!(
            text,
            "[Describe the purpose and the services covered] For example: {}, delivered to {}.\n",
            profile.example_service(),
            profile.customers()
        );
        for r in requirements {
            let _ = writeln!(text, "## {}\n", short_name(&r.id));
            let _ = writeln!(text, "What this section must show: {}\n", r.summary.trim());
            if !r.evidence.elements.is_empty() {
                let _ = writeln!(text, "Cover at least:\n");
                for element in &r.evidence.elements {
                    let _ = writeln!(text, "- {}: [describe]", element.name);
                }
                text.push('\n');
            }
            let _ = match r.kind {
                Kind::Activity => writeln!(
                    text,
                    "[Describe who does this, how often, and where its records are kept] For example \
                     in {}.\n",
                    profile.tool()
                ),
                _ => writeln!(text, "[Describe what your organisation has decided]\n"),
            };
        }
        let _ = writeln!(text, "## Document control\n");
        let _ = writeln!(text, "| Version | Date | Author | Change |");
        let _ = writeln!(text, "|---|---|---|---|");
        let _ = writeln!(
            text,
            "| 0.1 | [date] | [author] | Starter draft from iso20k init |"
        );
        index_rows.push((
            path.clone(),
            format!("{clause} {title}"),
            kind.name().to_string(),
            mandatory.len(),
            requirements.len(),
        ));
        files.push(StarterFile { path, text });
    }

    // Logs: one CSV per record the catalogue expects, declared in iso20k.toml (a CSV has no front matter).
    for r in catalogue
        .requirements
        .iter()
        .filter(|r| r.kind == Kind::Record)
    {
        let name = short_name(&r.id);
        let path = format!("Records/{} {}.csv", r.clause, file_name(&name));
        let text = format!("{}\n", log_columns(&r.id));
        let _ = write!(
            evidence_entries,
            "\n[[evidence]]\npath = \"{path}\"\ncovers = [\"{}\"]\ndoc_type = \"log\"\ntitle = \"{}\"\nowner = \"{}\"\n",
            r.id,
            name,
            profile.owner(&r.process)
        );
        index_rows.push((
            path.clone(),
            name,
            "log".to_string(),
            usize::from(r.mandatory_document),
            1,
        ));
        files.push(StarterFile { path, text });
    }

    // The README index.
    let mut readme = String::new();
    let _ = writeln!(
        readme,
        "# Service management system: starter document set\n\n\
         Written by `iso20k init` for the {} catalogue {} ({} profile). Nothing here is evidence yet: every \
         document is a draft with placeholders in square brackets, and every log holds only its header row.\n\n\
         1. Fill in `iso20k.toml` (organisation, scope, processes other parties operate).\n\
         2. Replace every placeholder with what you really do; delete sections only with your auditor's \
         agreement (the standard allows no exclusions).\n\
         3. Have each document approved, then set `status: approved`, `approved_by`, `approved_on` and \
         `review_due` in its front matter.\n\
         4. Keep the logs (export them from {} if you prefer) so that each holds real, dated records.\n\
         5. Run `iso20k lint .` and `iso20k assess .` to see what is still missing.\n",
        catalogue.header.standard,
        catalogue.header.edition,
        profile.name(),
        profile.tool()
    );
    let _ = writeln!(
        readme,
        "| File | What it is | Type | Mandatory items | Requirements covered |\n|---|---|---|---|---|"
    );
    index_rows.sort();
    for (path, title, kind, mandatory, covered) in &index_rows {
        let link = path.replace(' ', "%20");
        let _ = writeln!(
            readme,
            "| [{path}]({link}) | {title} | {kind} | {mandatory} | {covered} |"
        );
    }
    files.push(StarterFile {
        path: "README.md".to_string(),
        text: readme,
    });

    let toml = format!(
        "# iso20k configuration of this evidence folder, written by `iso20k init`. Complete it.\n\n\
         [organisation]\n\
         name = \"[Organisation name]\"\n\
         scope = \"[The services in scope, for whom ({}), and from where]\"\n\n\
         [scan]\n\
         exclude = [\"README.md\"]   # the index is not evidence\n\n\
         # A process another party operates, in whole or in part (a supplier, another department):\n\
         # [[other_party]]\n\
         # process = \"service-request\"\n\
         # party = \"[Name of the other party]\"\n\n\
         # The logs cannot carry front matter, so they are declared here.\n{evidence_entries}",
        profile.customers()
    );
    files.push(StarterFile {
        path: crate::evidence::CONFIG_FILE.to_string(),
        text: toml,
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(short_name("8.5.1.1-change-policy"), "Change policy");
        assert_eq!(file_name("a/b: c?"), "ab c");
        assert_eq!(log_columns("unknown"), "ID,Date,Description,Owner,Status");
    }
}
