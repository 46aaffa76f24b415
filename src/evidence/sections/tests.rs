use super::*;
use crate::evidence::extract::extract;

fn read(format: Format, text: &str) -> (String, Structure) {
    let extracted = extract(format, text.as_bytes(), false, 1 << 20).unwrap();
    let structure = analyse(
        &extracted.text,
        format,
        &extracted.headings,
        extracted.line_offset,
    );
    (extracted.text, structure)
}

fn outline(structure: &Structure) -> Vec<(&str, u8, usize, usize)> {
    structure
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level, s.line_start, s.line_end))
        .collect()
}

fn headings(structure: &Structure) -> Vec<&str> {
    structure
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect()
}

#[test]
fn markdown_headings_of_every_form_with_file_lines() {
    let doc = "---\ntitle: SMS Manual\n---\n\
# Service *management* manual\n\
\n\
Intro text.\n\
\n\
Scope\n\
=====\n\
\n\
The SMS covers everything.\n\
\n\
<h2 id=\"roles\">Roles &amp; <em>duties</em></h2>\n\
\n\
**Responsibilities**\n\
\n\
The owner does things.\n\
\n\
8.2 Operational planning and control\n\
\n\
Plans are made.\n\
\n\
```\n\
# not a heading\n\
**not bold heading**\n\
```\n\
\n\
1. Log the call\n\
2. Assign it\n\
\n\
## Last `part` ##\n";
    let (text, structure) = read(Format::Markdown, doc);
    assert_eq!(
        outline(&structure),
        [
            ("Service management manual", 1, 4, 6),
            ("Scope", 1, 8, 11),
            ("Roles & duties", 2, 13, 13),
            // Bold lines sit one level below the heading before them.
            ("Responsibilities", 3, 15, 17),
            ("8.2 Operational planning and control", 2, 19, 29),
            ("Last part", 2, 31, 31),
        ]
    );
    // Byte ranges are of the text (after the front matter) and cover the section's lines.
    let planning = &structure.sections[4];
    let slice = &text[planning.bytes()];
    assert!(slice.starts_with("8.2 Operational"), "{slice:?}");
    assert!(slice.ends_with("2. Assign it\n"), "{slice:?}");
    assert_eq!(
        section_byte_ranges(&structure.sections)
            .windows(2)
            .filter(|w| w[0].end > w[1].start)
            .count(),
        0
    );
    assert_eq!(
        planning.cite("SMS Manual.md"),
        "SMS Manual.md § 8.2 Operational planning and control (lines 19–29)"
    );
    assert_eq!(
        structure.sections[2].cite("m.md"),
        "m.md § Roles & duties (line 13)"
    );
    assert_eq!(section_at(&structure.sections, 20), Some(4));
    assert_eq!(section_at(&structure.sections, 2), None);
    // `Roles` with the bold `Responsibilities` under it.
    assert_eq!(extent_end(&structure.sections, 2), Some(17));
    assert_eq!(extent_end(&structure.sections, 1), Some(31));
}

#[test]
fn numbered_and_title_case_headings_in_extracted_text() {
    let doc = "Service Management Plan\n\
Version: 2.0\n\
1. Purpose\n\
This plan sets out how the SMS is run.\n\
2. Scope\n\
All services delivered from the data centre.\n\
3 Leadership\n\
3.2 Leadership and commitment\n\
Top management shows commitment by chairing reviews.\n\
Roles and Responsibilities\n\
The head of service owns the SMS and its plan.\n\
10. Monitoring, audit and review\n\
Measured monthly by the service desk against every target in the catalogue\n\
\n\
11. iLearn\n\
Mandatory courses are due by June.\n";
    let (_, structure) = read(Format::Text, doc);
    assert_eq!(
        outline(&structure),
        [
            ("1. Purpose", 1, 3, 4),
            ("2. Scope", 1, 5, 6),
            ("3 Leadership", 1, 7, 7),
            ("3.2 Leadership and commitment", 2, 8, 9),
            ("Roles and Responsibilities", 3, 10, 11),
            ("10. Monitoring, audit and review", 1, 12, 13),
            ("11. iLearn", 1, 15, 16),
        ]
    );
}

#[test]
fn false_headings_are_rejected() {
    let doc = "Intro paragraph that ends properly.\n\
| 8.2 | Service catalogue |\n\
- Scope\n\
* Purpose\n\
16.03.2026 Meeting held\n\
12 March 2026\n\
3.2 million users were affected.\n\
4.5 Hours of downtime were recorded in the period.\n\
[COMPANY NAME]\n\
SYSTEM NAME\n\
Owner: Jane Smith\n\
1. Log the call\n\
2. Assign a priority\n\
3. Resolve it\n\
Contents\n\
1. Purpose 3\n\
2. Scope 4\n\
This is a long sentence about a Very Important Topic That Goes On And On Beyond Any Heading Length Limit At All\n\
Type\n\
Definition\n\
Standard\n\
Pre-approved, low-risk and repeatable change.\n\
The change manager escalates every unresolved request to the\n\
Service Desk Manager\n\
who decides what happens next with the requester in the loop.\n";
    let (_, structure) = read(Format::Text, doc);
    assert_eq!(headings(&structure), Vec::<&str>::new());
}

#[test]
fn word_and_opendocument_headings_keep_their_line() {
    let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Change Policy</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Owner</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>J Smith</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Purpose</w:t></w:r></w:p>
<w:p><w:r><w:t>Why we control change.</w:t></w:r><w:r><w:br/><w:t>Second line.</w:t></w:r></w:p>
<w:p><w:r><w:t>2.1 Emergency changes</w:t></w:r></w:p>
<w:p><w:r><w:t>Handled by the ECAB.</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Records</w:t></w:r></w:p>
</w:body></w:document>"#;
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    let extracted = extract(Format::Docx, &bytes, false, 1 << 20).unwrap();
    let lines: Vec<Option<usize>> = extracted.headings.iter().map(|h| h.line).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(8)], "{}", extracted.text);
    let structure = analyse(&extracted.text, Format::Docx, &extracted.headings, 0);
    assert_eq!(
        outline(&structure),
        [
            ("Change Policy", 1, 1, 2),
            ("Purpose", 1, 3, 5),
            ("2.1 Emergency changes", 2, 6, 7),
            ("Records", 2, 8, 8),
        ]
    );
}

#[test]
fn statements_of_absence_with_their_line_and_section() {
    let doc = "# Capacity plan\n\
\n\
Demand management: TBC.\n\
Owner: tbd\n\
\n\
## Forecasting\n\
\n\
Forecasts are to be confirmed with Finance; the model is not yet documented.\n\
[To be written]\n\
A capacity dashboard will be developed and is under development now.\n\
Automated scaling is planned for Q2 2027 and the review is planned for the team.\n\
There is no formal capacity process in place yet; no formal complaints were received.\n\
We do not currently forecast storage. Self-service reports: coming soon.\n\
TBCX and ATBD are not statements, nor is Tbc.\n\
The register is not yet in place and will be defined is planned for 2027.\n\
We intend to record ideas in an improvement register from 2027. We intend to keep improving.\n\
We plan to review the forecast every month.\n";
    let (_, structure) = read(Format::Markdown, doc);
    let found: Vec<(usize, &str, Option<usize>)> = structure
        .absences
        .iter()
        .map(|a| (a.line, a.text.as_str(), a.section))
        .collect();
    assert_eq!(
        found,
        [
            (3, "TBC", Some(0)),
            (4, "tbd", Some(0)),
            (8, "to be confirmed", Some(1)),
            (8, "not yet documented", Some(1)),
            (9, "To be written", Some(1)),
            (10, "will be developed", Some(1)),
            (10, "under development", Some(1)),
            (11, "planned for Q2 2027", Some(1)),
            (12, "There is no formal", Some(1)),
            (13, "We do not currently", Some(1)),
            (13, "coming soon", Some(1)),
            (15, "not yet in place", Some(1)),
            (15, "will be defined", Some(1)),
            (15, "planned for 2027", Some(1)),
            (
                16,
                "We intend to record ideas in an improvement register from 2027",
                Some(1)
            ),
        ]
    );
    assert_eq!(structure.absences[0].excerpt, "Demand management: TBC.");
}

#[test]
fn no_formal_needs_a_denial_and_long_lines_are_cut_on_character_boundaries() {
    let mut found = Vec::new();
    find_absences(
        "At present no formal arrangement exists with the landlord.",
        7,
        &mut found,
    );
    find_absences("No formal complaints were received.", 8, &mut found);
    let long = format!("{} TBC {}", "é".repeat(200), "ü".repeat(200));
    find_absences(&long, 9, &mut found);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].text, "no formal arrangement exists");
    assert!(found[1].excerpt.starts_with('…') && found[1].excerpt.ends_with('…'));
    assert!(found[1].excerpt.contains("TBC"));
    assert!(found[1].excerpt.chars().count() <= ABSENCE_EXCERPT_CHARS + 2);
}

#[test]
fn none_set_or_defined_is_a_statement_of_absence() {
    let mut found = Vec::new();
    find_absences(
        "Initiatives: none set at company level. Teams plan their own.",
        3,
        &mut found,
    );
    find_absences("Escalation contacts: none defined.", 4, &mut found);
    let texts: Vec<&str> = found.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["none set", "none defined"]);
}

fn refs(text: &str) -> Vec<(String, Option<&'static str>, usize)> {
    let (_, structure) = read(Format::Text, text);
    structure
        .clause_refs
        .iter()
        .map(|r| (r.clause.clone(), r.edition.map(Edition::year), r.line))
        .collect()
}

fn r(
    clause: &str,
    edition: Option<&'static str>,
    line: usize,
) -> (String, Option<&'static str>, usize) {
    (clause.to_string(), edition, line)
}

#[test]
fn clause_references_with_and_without_edition() {
    let text = "This procedure meets clause 8.5.1 and clauses 8.5.2, 8.5.3.\n\
See ISO 20000 §8.7.3 for security (cl. 6.1).\n";
    assert_eq!(
        refs(text),
        [
            r("8.5.1", None, 1),
            r("8.5.2", None, 1),
            r("8.5.3", None, 1),
            r("8.7.3", None, 2),
            r("6.1", None, 2),
        ]
    );
    // The edition the document names applies to every reference in it.
    let text = "This procedure meets clause 8.5.1.\n\
Internal audit follows ISO/IEC 20000-1:2018 clause 9.2 (cl. 6.1).\n";
    assert_eq!(
        refs(text),
        [
            r("8.5.1", Some("2018"), 1),
            r("9.2", Some("2018"), 2),
            r("6.1", Some("2018"), 2),
        ]
    );
}

#[test]
fn an_edition_named_anywhere_applies_and_a_local_one_wins() {
    let text = "Change is covered by clause 9.2.\n\
This manual was written for ISO/IEC 20000-1:2011.\n\
Service reporting: clause 6.2.\n\
Internal audit: ISO/IEC 20000-1:2018 clause 9.2.\n\
Budgeting (clause 6.4 of ISO/IEC 20000-\n\
1:2011) is not applied.\n";
    assert_eq!(
        refs(text),
        [
            r("9.2", Some("2011"), 1),
            r("6.2", Some("2011"), 3),
            r("9.2", Some("2018"), 4),
            r("6.4", Some("2011"), 5),
        ]
    );
}

#[test]
fn cross_reference_tables_count_when_their_header_names_clauses() {
    let text = "| Clause | Document |\n\
|---|---|\n\
| 8.5.1 | Change Management Procedure |\n\
| 9.1, 9.4 | Service reports |\n\
\n\
| Version | Date | Change |\n\
| 4.2 | 2026-01-01 | Updated |\n\
\n\
Process\n\
ISO/IEC 20000-1:2011 clause\n\
Service level management\n\
6.1\n\
Supplier management\n\
7.2\n";
    assert_eq!(
        refs(text),
        [
            r("8.5.1", Some("2011"), 3),
            r("9.1", Some("2011"), 4),
            r("9.4", Some("2011"), 4),
            r("6.1", Some("2011"), 12),
            r("7.2", Some("2011"), 14),
        ]
    );
}

#[test]
fn other_numbers_are_not_clause_references() {
    let text = "SOC 2 CC8.1 and NIST CM-3 map to clause CC7.2.\n\
ISO 20000 manual v4.2, version 5.1, rev. 6.3 and release 7.4.\n\
ISO 20000 meeting on 16.03.2026 and 04.05.2026.\n\
ISO 27001 clause 6.1.2 requires a risk assessment.\n\
Payment is due under clause 4.3 of this agreement.\n\
8.2 Service catalogue\n\
The catalogue lists 9.5 services and 4.5% growth, with ISO 20000 in 2.1 cases.\n\
Clause 11.2 and clause 3.1 are out of range.\n";
    assert_eq!(refs(text), []);
}

#[test]
fn outputs_are_bounded() {
    let mut doc = String::new();
    for i in 0..3000 {
        doc.push_str(&format!("## Part {i}\n\nTBC and clause 8.5.1.\n\n"));
    }
    let (_, structure) = read(Format::Markdown, &doc);
    assert_eq!(structure.sections.len(), MAX_SECTIONS);
    assert_eq!(structure.absences.len(), MAX_ABSENCES);
    assert_eq!(structure.clause_refs.len(), MAX_CLAUSE_REFS);
    // The last section kept runs to the end of the text.
    assert_eq!(
        structure.sections.last().unwrap().byte_end,
        doc.trim_end().len() + 1
    );
}

proptest::proptest! {
    #[test]
    fn any_text_gives_ordered_ranges_on_character_boundaries(
        text in "(\\PC{0,30}\n|# é\n|1. Ü\n|3.2 Fü\n|TBC\n|clause 8.5\n|\\*\\*X\\*\\*\n|Title Case\n|body text here and there.\n|\n){0,40}",
        format in proptest::sample::select(vec![Format::Markdown, Format::Text, Format::Pdf, Format::Csv]),
    ) {
        let structure = analyse(&text, format, &[], 0);
        let mut previous_end = 0;
        for section in &structure.sections {
            proptest::prop_assert!(section.byte_start >= previous_end);
            proptest::prop_assert!(section.byte_start <= section.byte_end);
            proptest::prop_assert!(text.is_char_boundary(section.byte_start));
            proptest::prop_assert!(text.is_char_boundary(section.byte_end));
            proptest::prop_assert!(section.line_start <= section.line_end);
            previous_end = section.byte_end;
        }
        for absence in &structure.absences {
            proptest::prop_assert!(absence.section.is_none_or(|i| structure.sections[i].contains_line(absence.line)));
        }
    }
}

#[test]
fn huge_lines_stay_linear() {
    // One 8 MB line full of phrases, numbers and cues: bounded outputs, no quadratic work.
    let line = "TBC planned for 2027 clause 8.5.1 ".repeat(250_000);
    let started = std::time::Instant::now();
    let structure = analyse(&line, Format::Text, &[], 0);
    assert_eq!(structure.absences.len(), MAX_ABSENCES);
    assert_eq!(structure.clause_refs.len(), 1);
    assert!(structure.sections.is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // An intention whose time is never named reads only a little way on each time.
    let line = "we intend to keep going ".repeat(350_000);
    let started = std::time::Instant::now();
    let structure = analyse(&line, Format::Text, &[], 0);
    assert!(structure.absences.is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

proptest::proptest! {
    #[test]
    fn at_least_chars_counts_characters_not_bytes(text in "\\PC{0,80}", n in 0usize..90) {
        proptest::prop_assert_eq!(at_least_chars(&text, n), text.chars().count() >= n);
    }
}
