//! The letter's furniture comes from the layout's template blocks in every format: an office that
//! changes a block of `base-letter.md` (or overrides it in its own layout) sees the change in the
//! Markdown letter and in the PDF alike.

use chrono::NaiveDate;
use s55::render::{Templates, markdown, pdf};
use s55::{checks, load};
use std::path::{Path, PathBuf};

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("responses/hertfordshire-model.yaml")
}

/// The Markdown letter and the text of the PDF's first page, with `files` in a templates folder.
fn letter_with(files: &[(&str, &str)]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let response = load::response(&model()).unwrap();
    let templates = Templates::load(&[dir.path().to_path_buf()]).unwrap();
    let assessment = checks::assess(&response, NaiveDate::from_ymd_opt(2020, 4, 22).unwrap());
    let md = markdown::render(&response, &assessment, &templates, None).unwrap();
    let prepared = pdf::prepare(&response, &assessment, &templates, None).unwrap();
    let text = prepared.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            pdf::layout::Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    (md, text)
}

#[test]
fn a_layouts_own_letterhead_block_reaches_the_pdf() {
    let layout = "{% extends \"base-letter.md\" %}\n{% block letterhead %}**Hertfordshire OPCC**\n\nWorking for safer communities{% endblock letterhead %}\n{% block body %}# A letter{% endblock body %}\n";
    let (md, pdf) = letter_with(&[("letter.md", layout)]);
    assert!(
        md.starts_with("**Hertfordshire OPCC**\n\nWorking for safer communities\n"),
        "{md}"
    );
    assert!(
        pdf.contains("Hertfordshire OPCC Working for safer communities"),
        "{pdf}"
    );
    assert!(!pdf.contains("Harpenden"), "{pdf}");
    // The blocks the layout does not override still come from the built-in base.
    assert!(pdf.contains("Our reference: OPCC/HMICFRS/2020/03"), "{pdf}");
}

#[test]
fn an_offices_own_base_changes_every_layout_that_extends_it() {
    let base = s55::render::templates::built_in("base-letter.md")
        .unwrap()
        .1;
    let base = base.replace(
        "{{ body.title }}",
        "{{ body.title }}, signing for the office",
    );
    for layout in ["letter", "home-secretary"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("base-letter.md"), &base).unwrap();
        let response = load::response(&model()).unwrap();
        let templates = Templates::load(&[dir.path().to_path_buf()]).unwrap();
        assert!(!templates.layouts().contains(&"base-letter"));
        let assessment = checks::assess(&response, NaiveDate::from_ymd_opt(2020, 4, 22).unwrap());
        let md = markdown::render(&response, &assessment, &templates, Some(layout)).unwrap();
        assert!(md.contains("signing for the office"), "{layout}: {md}");
        let prepared = pdf::prepare(&response, &assessment, &templates, Some(layout)).unwrap();
        let all: String = prepared
            .layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                pdf::layout::Item::Text { text, .. } => Some(format!("{text} ")),
                _ => None,
            })
            .collect();
        assert!(all.contains("signing for the office"), "{layout}: {all}");
    }
}
