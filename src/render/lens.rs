//! The integrated-management lens (`iso20k assess --lens …`) as an "Integrated management system"
//! section: for the terminal, for Markdown, and inserted into the HTML gap report.

use super::text::{DIM, HEADING, Table, escape, styled};
use crate::views::lens::Lens;
use std::fmt::Write;

fn counts(c: usize, p: usize, g: usize) -> String {
    format!("{c} conformant, {p} partial, {g} gap")
}

/// The lens for the terminal.
pub fn table(lens: &Lens) -> String {
    let mut out = format!(
        "{}\n\n",
        styled(
            HEADING,
            &format!(
                "Integrated management system: the evidence you already have for {} (crosswalk {})",
                lens.framework_name, lens.crosswalk_version
            )
        )
    );
    let mut table = Table::new(&["ID", "TITLE", "REQUIREMENTS", "STATUS", "EVIDENCE"]);
    for g in &lens.groups {
        table.row(vec![
            g.id.clone(),
            escape(&g.title).into_owned(),
            g.requirements.len().to_string(),
            counts(g.conformant, g.partial, g.gap),
            match g.evidence.as_slice() {
                [] => "none".to_string(),
                [one] => escape(one).into_owned(),
                [first, rest @ ..] => format!("{} (+{} more)", escape(first), rest.len()),
            },
        ]);
    }
    out.push_str(&table.render());
    let _ = writeln!(
        out,
        "{}",
        styled(
            DIM,
            "The toolkit's own crosswalk; statuses are of the ISO/IEC 20000-1 requirements linked. `iso20k assess \
             --lens … --format json` lists every requirement and file."
        )
    );
    out
}

/// The lens as a Markdown section.
pub fn markdown(lens: &Lens) -> String {
    let cell = |text: &str| escape(text).replace('|', "\\|").replace('<', "&lt;");
    let mut out = format!(
        "## Integrated management system\n\nThe evidence already there for each {} practice or clause, through \
         the toolkit's own crosswalk {} (statuses are of the ISO/IEC 20000-1 requirements linked).\n\n",
        cell(&lens.framework_name),
        lens.crosswalk_version
    );
    for g in &lens.groups {
        let _ = writeln!(
            out,
            "### {} {}\n\n{}. Requirements: {}.\n\nEvidence you already have: {}\n",
            g.id,
            cell(&g.title),
            counts(g.conformant, g.partial, g.gap),
            g.requirements
                .iter()
                .map(|r| format!("`{}` ({}, {})", r.id, r.status.name(), r.relation.name()))
                .collect::<Vec<_>>()
                .join(", "),
            if g.evidence.is_empty() {
                "none.".to_string()
            } else {
                g.evidence
                    .iter()
                    .map(|e| format!("`{}`", cell(e)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML gap report with the lens as a section at the end of its main content.
pub fn into_html(report: &str, lens: &Lens) -> String {
    let mut section = format!(
        "<section id=\"ims\" aria-labelledby=\"ims-h\">\n<h2 id=\"ims-h\">Integrated management system</h2>\n\
         <p class=\"note\">The evidence already there for each {} practice or clause, through the toolkit's own \
         crosswalk {} (statuses are of the ISO/IEC 20000-1 requirements linked).</p>\n<table>\n<thead><tr>\
         <th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">Conformant</th><th scope=\"col\" class=\"num\">Partial</th>\
         <th scope=\"col\" class=\"num\">Gap</th><th scope=\"col\">Evidence you already have</th></tr></thead>\n<tbody>\n",
        html_escape(&lens.framework_name),
        html_escape(&lens.crosswalk_version),
        html_escape(&lens.framework_name)
    );
    for g in &lens.groups {
        let _ = writeln!(
            section,
            "<tr><th scope=\"row\">{} {}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            html_escape(&g.id),
            html_escape(&g.title),
            g.conformant,
            g.partial,
            g.gap,
            if g.evidence.is_empty() {
                "none".to_string()
            } else {
                g.evidence
                    .iter()
                    .map(|e| format!("<code>{}</code>", html_escape(e)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    section.push_str("</tbody>\n</table>\n</section>\n");
    match report.rfind("</main>") {
        Some(at) => format!("{}{section}{}", &report[..at], &report[at..]),
        None => match report.rfind("</body>") {
            Some(at) => format!("{}{section}{}", &report[..at], &report[at..]),
            None => format!("{report}{section}"),
        },
    }
}
