//! The Word letter is accessible as Word's own accessibility checker sees it, for every example,
//! the model response and the letter written into an office's template: headings in order (no
//! level skipped), every table's first row a repeating header row, every image with alt text or
//! marked decorative, no empty paragraphs used for spacing, and the language set (en-GB) on the
//! text and in the document's properties.

mod common;

use common::{bundled_letters, docx_in, repo, word_parts};
use std::collections::BTreeMap;

/// Every Word letter to look at: the examples, the model response, the PDF fixture (logo and
/// signature) and the letter in the office's template.
fn letters() -> Vec<(String, BTreeMap<String, String>)> {
    let mut files = vec![
        "tests/fixtures/pdf/letter.yaml".to_string(),
        "tests/fixtures/word/letter.yaml".to_string(),
    ];
    files.extend(bundled_letters());
    files
        .into_iter()
        .map(|file| {
            let parts = word_parts(&docx_in(&repo(), &file));
            (file, parts)
        })
        .collect()
}

/// The paragraphs of a part: (whether inside a table cell, the paragraph's XML).
fn paragraphs(xml: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = xml[at..]
        .find("<w:p ")
        .into_iter()
        .chain(xml[at..].find("<w:p>"))
        .min()
    {
        let start = at + found;
        let end = start + xml[start..].find("</w:p>").map_or(0, |e| e + 6);
        let before = &xml[..start];
        let in_cell = before
            .rfind("<w:tc>")
            .is_some_and(|open| before.rfind("</w:tc>").is_none_or(|close| close < open));
        out.push((in_cell, &xml[start..end.max(start + 5)]));
        at = end.max(start + 5);
    }
    out
}

#[test]
fn headings_come_in_order_with_no_level_skipped() {
    for (file, parts) in letters() {
        let doc = &parts["word/document.xml"];
        let levels: Vec<usize> = doc
            .split("<w:pStyle w:val=\"")
            .skip(1)
            .filter_map(|s| match &s[..s.find('"').unwrap()] {
                "Title" => Some(1),
                "Heading1" => Some(2),
                "Heading2" => Some(3),
                "Heading3" => Some(4),
                _ => None,
            })
            .collect();
        assert_eq!(levels.first(), Some(&1), "{file}: the title comes first");
        assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{file}");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{file}: a level skipped: {levels:?}"
            );
        }
    }
}

#[test]
fn every_tables_first_row_is_a_header_row() {
    for (file, parts) in letters() {
        let doc = &parts["word/document.xml"];
        let tables: Vec<&str> = doc.split("<w:tbl>").skip(1).collect();
        assert!(!tables.is_empty(), "{file}: the annex table");
        for t in tables {
            let first_row = &t[t.find("<w:tr>").unwrap()..];
            assert!(
                first_row.starts_with("<w:tr><w:trPr><w:tblHeader /></w:trPr>"),
                "{file}: {}",
                &first_row[..80.min(first_row.len())]
            );
        }
    }
}

#[test]
fn every_image_has_alt_text_or_is_marked_decorative() {
    let mut seen = 0;
    for (file, parts) in letters() {
        for (name, xml) in parts.iter().filter(|(n, _)| n.starts_with("word/")) {
            for d in xml.split("<wp:docPr ").skip(1) {
                seen += 1;
                let tag = &d[..d
                    .find("</wp:docPr>")
                    .unwrap_or_else(|| d.find("/>").unwrap())];
                let descr = tag
                    .split("descr=\"")
                    .nth(1)
                    .map(|s| &s[..s.find('"').unwrap()])
                    .unwrap_or("");
                assert!(
                    !descr.trim().is_empty() || tag.contains("<adec:decorative "),
                    "{file} {name}: an image with no alt text: {tag}"
                );
            }
        }
    }
    // The logo, the signature and the template's crest at least.
    assert!(seen >= 3, "{seen}");
}

#[test]
fn no_empty_paragraph_is_used_for_spacing() {
    for (file, parts) in letters() {
        for (name, xml) in parts.iter().filter(|(n, _)| {
            n.starts_with("word/")
                && (n.contains("document") || n.contains("header") || n.contains("footer"))
                && n.ends_with(".xml")
        }) {
            for (in_cell, p) in paragraphs(xml) {
                // A table cell must hold a paragraph, so an empty cell has an empty one.
                if in_cell {
                    continue;
                }
                let has_content = p.contains("<w:t")
                    && !p.contains("<w:t xml:space=\"preserve\"></w:t>")
                    || p.contains("<w:drawing>")
                    || p.contains("<w:instrText")
                    || p.contains("<w:fldSimple");
                assert!(has_content, "{file} {name}: an empty paragraph: {p}");
            }
        }
    }
}

#[test]
fn the_language_is_set_on_the_text_and_in_the_properties() {
    for (file, parts) in letters() {
        let styles = &parts["word/styles.xml"];
        let defaults = &styles[styles.find("<w:rPrDefault>").expect(&file)..];
        let defaults = &defaults[..defaults.find("</w:rPrDefault>").unwrap()];
        assert!(
            defaults.contains("<w:lang w:val=\"en-GB\""),
            "{file}: {defaults}"
        );
        assert!(
            parts["docProps/core.xml"].contains("<dc:language>en-GB</dc:language>"),
            "{file}"
        );
        assert!(parts["docProps/core.xml"].contains("<dc:title>"), "{file}");
    }
}

#[test]
fn the_page_footer_numbers_the_pages_when_the_office_has_no_footer_of_its_own() {
    let (_, parts) = letters()
        .into_iter()
        .find(|(f, _)| f == "tests/fixtures/pdf/letter.yaml")
        .unwrap();
    let footer = parts
        .iter()
        .find(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, t)| t)
        .expect("a footer");
    // "Page {page} of {pages}" from the phrase table, with Word's fields for the numbers.
    let text: String = footer
        .split("<w:t xml:space=\"preserve\">")
        .skip(1)
        .map(|s| &s[..s.find("</w:t>").unwrap()])
        .collect::<Vec<_>>()
        .join("|");
    assert_eq!(text, "Page |1| of |1", "{footer}");
    let page = footer.find("<w:instrText>PAGE</w:instrText>").unwrap();
    let pages = footer.find("<w:instrText>NUMPAGES</w:instrText>").unwrap();
    assert!(page < pages);
    let doc = &parts["word/document.xml"];
    assert!(
        doc.contains("<w:footerReference w:type=\"default\""),
        "{doc}"
    );
}

#[test]
fn an_answers_last_paragraph_stays_with_its_lead_and_date() {
    let (_, parts) = letters()
        .into_iter()
        .find(|(f, _)| f == "tests/fixtures/pdf/letter.yaml")
        .unwrap();
    let doc = &parts["word/document.xml"];
    for tag in [
        "comments.answers.0.owner comments.answers.0.due",
        "comments.answers.1.due",
    ] {
        let at = doc.find(&format!("<w:tag w:val=\"{tag}\" />")).expect(tag);
        let before = &doc[..at];
        let last = &before[before.rfind("<w:p ").unwrap()..];
        assert!(last.contains("<w:keepNext />"), "{tag}: {last}");
    }
    // The signature image sits between the closing and the signatory, kept with both.
    let closing = doc.find("Yours sincerely").unwrap();
    let image = doc.find("name=\"Signature\"").unwrap();
    let name = doc.find(">David Lloyd<").unwrap();
    assert!(closing < image && image < name);
    assert!(doc.contains("r:embed=\"rIdS55Signature\""));
}
