//! The PDF letter, checked without anything but Rust: the layout engine's own boxes against the
//! page margins, text extracted back from the PDF in reading order, the structure tree, the
//! creation date, and the error for a character the font does not have. (That the same letter
//! gives the same bytes is `tests/same_bytes.rs`.)

mod common;

use chrono::NaiveDate;
use common::s55_with_env;
use s55::checks;
use s55::load;
use s55::render::Templates;
use s55::render::pdf::layout::{
    Child, FOOTER_BASELINE, Item, Kind, Layout, MARGIN_TOP, PAGE_HEIGHT, content_bottom,
    content_left, content_right,
};
use s55::render::pdf::{self, Prepared};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(format!("{name}.yaml"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 5, 1).unwrap()
}

fn prepared(name: &str) -> Prepared {
    let path = fixture(name);
    let response = load::response(&path).unwrap();
    let templates = Templates::load(&Templates::folders_for(&[], &path, None)).unwrap();
    let assessment = checks::assess(&response, today());
    pdf::prepare(&response, &assessment, &templates, None).unwrap()
}

fn render(name: &str) -> Result<Vec<u8>, s55::Diagnostic> {
    let path = fixture(name);
    let response = load::response(&path).unwrap();
    let templates = Templates::load(&Templates::folders_for(&[], &path, None)).unwrap();
    let assessment = checks::assess(&response, today());
    pdf::render(&response, &assessment, &templates, None)
}

/// Every box lies inside the margins; body content stays above the bottom margin and only the
/// footer goes below it.
fn assert_inside_margins(layout: &Layout) {
    for (p, page) in layout.pages.iter().enumerate() {
        for item in &page.items {
            let (l, t, r, b) = item.bounds();
            assert!(
                // Glyphs exactly; a table's outer border may straddle the margin by half its
                // 0.5 pt stroke.
                l >= content_left() - 0.26 && r <= content_right() + 0.26,
                "page {}: {item:?} crosses a side margin ({l}..{r})",
                p + 1
            );
            assert!(
                t >= MARGIN_TOP - 12.0,
                "page {}: {item:?} is in the top margin",
                p + 1
            );
            let footer = matches!(item, Item::Text { y, .. } if (*y - FOOTER_BASELINE).abs() < 0.01)
                || matches!(item, Item::Line { y1, .. } if (*y1 - (FOOTER_BASELINE - 12.0)).abs() < 0.01);
            if footer {
                assert!(b < PAGE_HEIGHT - 20.0);
            } else {
                assert!(
                    b <= content_bottom() + 3.0,
                    "page {}: {item:?} runs into the bottom margin ({b})",
                    p + 1
                );
            }
        }
    }
}

fn page_text(layout: &Layout, page: usize) -> String {
    layout.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn long_url_breaks_inside_the_margin() {
    let p = prepared("stress");
    assert_inside_margins(&p.layout);
    // The address is split over several lines rather than run off the page.
    let pieces = p.layout.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text { text, .. } if text.contains("utm_") || text.contains("justiceinspectorates")))
        .count();
    assert!(pieces >= 3, "{pieces}");
}

#[test]
fn long_word_breaks_inside_the_margin() {
    let p = prepared("stress");
    assert_inside_margins(&p.layout);
    let lines_with_word = p.layout.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text { text, .. } if text.contains("ultramicroscopic")))
        .count();
    assert!(lines_with_word >= 2, "{lines_with_word}");
}

#[test]
fn forty_row_table_repeats_its_header_on_each_page() {
    let p = prepared("stress");
    let layout = &p.layout;
    let pages_with_rows: Vec<usize> = (0..layout.pages.len())
        .filter(|&i| page_text(layout, i).contains("Recommendation text about"))
        .collect();
    assert!(pages_with_rows.len() >= 3, "{pages_with_rows:?}");
    for &i in &pages_with_rows {
        let header = layout.pages[i].items.iter().any(
            |it| matches!(it, Item::Text { text, .. } if text == "Recommendation" || text == "Position"),
        );
        assert!(header, "page {} has table rows but no header", i + 1);
    }
    // Repeated headers are artifacts: only the first header row is in the structure tree.
    let header_cells = layout
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::HeaderCell)
        .count();
    // Three in the letter's own table and three to five in the answers annex after the letter
    // (Lead and Date only when some answer has them): repeated headers on later pages add none.
    assert!((3 + 3..=3 + 5).contains(&header_cells), "{header_cells}");
    let rows = layout.nodes.iter().filter(|n| n.kind == Kind::Row).count();
    let annex_rows = rows - 41;
    assert!(annex_rows >= 1, "{rows}");
}

#[test]
fn table_row_split_across_pages_stays_one_row() {
    let p = prepared("stress");
    // Find a data cell whose content is on two pages.
    let split = p.layout.nodes.iter().any(|n| {
        n.kind == Kind::Cell && {
            let pages: Vec<usize> = n
                .children
                .iter()
                .filter_map(|c| match c {
                    Child::Content(p, _) => Some(*p),
                    _ => None,
                })
                .collect();
            pages.first() != pages.last()
        }
    });
    assert!(split, "no row was split across a page break");
    assert_inside_margins(&p.layout);
}

#[test]
fn twelve_page_response_stays_inside_the_margins() {
    let p = prepared("long");
    assert!(p.layout.pages.len() >= 12, "{}", p.layout.pages.len());
    assert_inside_margins(&p.layout);
    let last = p.layout.pages.len();
    assert!(page_text(&p.layout, last - 1).contains(&format!("Page {last} of {last}")));
}

/// Lines of each paragraph per page, in order of pages.
fn lines_per_page(layout: &Layout, node: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, Vec<f32>)> = Vec::new();
    for c in &layout.nodes[node].children {
        if let Child::Content(p, i) = *c {
            if let Item::Text { y, .. } = layout.pages[p].items[i] {
                match out.last_mut() {
                    Some((lp, ys)) if *lp == p => {
                        if !ys.iter().any(|v| (v - y).abs() < 0.1) {
                            ys.push(y)
                        }
                    }
                    _ => out.push((p, vec![y])),
                }
            }
        }
    }
    out.into_iter().map(|(p, ys)| (p, ys.len())).collect()
}

#[test]
fn no_paragraph_leaves_a_single_line_at_the_top_or_bottom_of_a_page() {
    let p = prepared("long");
    let mut splits = 0;
    for (id, n) in p.layout.nodes.iter().enumerate() {
        if n.kind != Kind::Paragraph {
            continue;
        }
        let parts = lines_per_page(&p.layout, id);
        if parts.len() > 1 {
            splits += 1;
            for (page, count) in parts {
                assert!(
                    count >= 2,
                    "paragraph {id} has {count} line on page {}",
                    page + 1
                );
            }
        }
    }
    assert!(splits > 0, "the long letter should split some paragraphs");
}

#[test]
fn heading_is_kept_with_the_text_that_follows() {
    for name in ["long", "stress", "letter"] {
        let p = prepared(name);
        let layout = &p.layout;
        for e in &layout.outline {
            // Something other than the heading and the footer comes after it on its page.
            let below = layout.pages[e.page]
                .items
                .iter()
                .any(|it| matches!(it, Item::Text { y, node: Some(_), .. } if *y > e.y + 30.0));
            assert!(
                below,
                "{name}: heading “{}” is last on page {}",
                e.title,
                e.page + 1
            );
        }
    }
}

#[test]
fn structure_tree_has_headings_lists_quotes_links_and_table_cells() {
    let p = prepared("stress");
    let kinds: Vec<&Kind> = p.layout.nodes.iter().map(|n| &n.kind).collect();
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, Kind::Heading { level: 1, .. }))
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, Kind::Heading { level: 2, .. }))
    );
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, Kind::List { numbered: false }))
    );
    assert!(kinds.iter().any(|k| **k == Kind::Label));
    assert!(kinds.iter().any(|k| **k == Kind::ListBody));
    assert!(kinds.iter().any(|k| **k == Kind::Quote));
    assert!(kinds.iter().any(|k| matches!(k, Kind::Link { .. })));
    assert!(kinds.iter().any(|k| **k == Kind::Cell));
    // A nested list sits inside a list item's body.
    let nested = p.layout.nodes.iter().any(|n| {
        n.kind == Kind::ListBody
            && n.children.iter().any(|c| matches!(c, Child::Node(i) if matches!(p.layout.nodes[*i].kind, Kind::List { .. })))
    });
    assert!(nested);
}

#[test]
fn pdf_is_tagged_with_title_language_and_outline() {
    let bytes = render("letter").unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/StructTreeRoot"));
    assert!(text.contains("/Lang(en-GB)"));
    assert!(text.contains("/DisplayDocTitle true"));
    assert!(text.contains("/Title(Response to the HMICFRS report: National Child Protection"));
    assert!(text.contains("/Outlines"));
    assert!(text.contains("/S/H1"));
    assert!(text.contains("/S/L"));
    assert!(text.contains("/S/BlockQuote"));
    assert!(text.contains("pdfuaid:part>1<"));
}

#[test]
fn text_comes_back_in_reading_order() {
    let bytes = render("letter").unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = [
        "Office of the Police and Crime Commissioner for Hertfordshire",
        "Our reference: PCC/HMICFRS/2020/04",
        "28 April 2020",
        "Rt Hon Priti Patel MP",
        "Dear Home Secretary",
        "Response to the HMICFRS report",
        "I welcome this inspection",
        "Comments of the Chief Constable",
        "Recommendation 1",
        "risk is assessed by trained staff;",
        "Hertfordshire Constabulary’s response:",
        "a quarterly performance report;",
        "Recommendation 2",
        "I am grateful to HMICFRS for this report.",
        "Yours sincerely",
        "David Lloyd",
        "Police and Crime Commissioner for Hertfordshire",
    ];
    let mut from = 0;
    for phrase in expected {
        match text[from..].find(phrase) {
            Some(at) => from += at + phrase.len(),
            None => panic!("“{phrase}” is missing or out of order in:\n{text}"),
        }
    }
}

/// The PDF's creation date is the letter's date, or `SOURCE_DATE_EPOCH` when that is set (for
/// reproducible builds), never the clock.
#[test]
fn creation_date_is_the_letters_date_or_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let letter = fixture("letter");
    let creation_date = |env: &[(&str, &str)]| {
        let run = s55_with_env(
            dir.path(),
            &[
                "render",
                letter.to_str().unwrap(),
                "--format",
                "pdf",
                "-o",
                "letter.pdf",
            ],
            env,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let bytes = std::fs::read(dir.path().join("letter.pdf")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let at = text.find("/CreationDate(").expect("a creation date");
        text[at..].split(')').next().unwrap().to_string()
    };
    assert_eq!(creation_date(&[]), "/CreationDate(D:20200428000000Z");
    assert_eq!(
        creation_date(&[("SOURCE_DATE_EPOCH", "1600000000")]),
        "/CreationDate(D:20200913122640Z"
    );
}

#[test]
fn character_missing_from_the_font_is_named_with_its_field_and_line() {
    let err = render("emoji").unwrap_err();
    assert!(err.message.contains("U+1F600"), "{}", err.message);
    assert!(
        err.message.contains("the closing paragraphs"),
        "{}",
        err.message
    );
    let loc = err.location.expect("a line in the YAML");
    assert_eq!(loc.line, 57);
    assert!(loc.text.contains("😀"));
}

#[test]
fn footer_names_the_office_and_counts_pages() {
    let p = prepared("letter");
    let n = p.layout.pages.len();
    assert!(n >= 2);
    for i in 0..n {
        let footer = format!(
            "Office of the Police and Crime Commissioner for Hertfordshire · Page {} of {n}",
            i + 1
        );
        let found = p.layout.pages[i]
            .items
            .iter()
            .any(|it| matches!(it, Item::Text { text, node: None, .. } if *text == footer));
        assert!(found, "page {} has no footer “{footer}”", i + 1);
    }
}

#[test]
fn every_example_and_the_model_response_builds_to_a_tagged_pdf_inside_the_margins() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = load::response_paths(&[root.join("examples"), root.join("responses")]).unwrap();
    assert!(paths.len() >= 4, "{paths:?}");
    for path in paths {
        let response = load::response(&path).unwrap();
        let templates = Templates::load(&Templates::folders_for(&[], &path, None)).unwrap();
        let assessment = checks::assess(&response, today());
        let prepared = pdf::prepare(&response, &assessment, &templates, None).unwrap();
        assert_inside_margins(&prepared.layout);
        let bytes = pdf::render(&response, &assessment, &templates, None)
            .unwrap_or_else(|d| panic!("{}: {d}", path.display()));
        assert!(String::from_utf8_lossy(&bytes).contains("/StructTreeRoot"));
    }
}

#[test]
fn logo_with_alt_text_is_a_figure_and_a_signature_without_is_decorative() {
    let p = prepared("letter");
    let figures: Vec<&Kind> = p
        .layout
        .nodes
        .iter()
        .map(|n| &n.kind)
        .filter(|k| matches!(k, Kind::Figure { .. }))
        .collect();
    assert_eq!(
        figures,
        vec![&Kind::Figure {
            alt: "Hertfordshire Police and Crime Commissioner".into()
        }]
    );
    let images: Vec<&Item> = p
        .layout
        .pages
        .iter()
        .flat_map(|pg| &pg.items)
        .filter(|i| matches!(i, Item::Image { .. }))
        .collect();
    assert_eq!(images.len(), 2);
    assert!(matches!(images[0], Item::Image { node: Some(_), .. }));
    assert!(matches!(images[1], Item::Image { node: None, .. }));
    let bytes = render("letter").unwrap();
    assert!(
        String::from_utf8_lossy(&bytes)
            .contains("/Alt(Hertfordshire Police and Crime Commissioner)")
    );
}

/// Each thread draws with its own copy of the fonts (so that two letters drawn at once do not
/// slow each other down): a letter drawn on several threads at once, as `s55 build` draws them,
/// has the same bytes as the letter drawn alone.
#[test]
fn letters_drawn_on_several_threads_at_once_have_the_same_bytes_as_one_drawn_alone() {
    let alone = render("letter").unwrap();
    let at_once: Vec<Vec<u8>> = std::thread::scope(|s| {
        let drawing: Vec<_> = (0..4)
            .map(|_| s.spawn(|| render("letter").unwrap()))
            .collect();
        drawing.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for pdf in at_once {
        assert!(pdf == alone, "a PDF drawn on another thread differs");
    }
}
