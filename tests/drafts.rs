//! A draft is unmistakable: "DRAFT – not ready to publish" in every format (the top of the Markdown,
//! every PDF page as an artifact and the PDF's title, the HTML banner), an overdue draft says how
//! late it is and that the law still requires publication, public text shows no backticks or rule
//! ids, and `build` keeps drafts off the website folder and its lists unless asked.

mod common;

use chrono::NaiveDate;
use common::{folder, model_response, replace, s55};
use s55::checks;
use s55::load;
use s55::render::pdf::layout::Item;
use s55::render::{Templates, html, markdown, pdf};
use std::path::Path;

const VALID: &str = include_str!("fixtures/site/hertfordshire-ncpi.yaml");
const DRAFT: &str = include_str!("fixtures/site/dorset-draft.yaml");

/// The model response with an answer for R8, which the report lacks (and so none for R7).
fn draft_yaml() -> String {
    replace(&model_response(), "- items: [R7]", "- items: [R8]")
}

fn loaded(yaml: &str, today: &str) -> (tempfile::TempDir, load::Response, checks::Assessment) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("response.yaml");
    std::fs::write(&path, yaml).unwrap();
    let response = load::response(&path).unwrap();
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
    let assessment = checks::assess(&response, today);
    (dir, response, assessment)
}

#[test]
fn a_draft_markdown_letter_says_so_at_the_top() {
    let (_dir, response, assessment) = loaded(&draft_yaml(), "2020-04-01");
    let md =
        markdown::render(&response, &assessment, &Templates::load(&[]).unwrap(), None).unwrap();
    assert!(md.starts_with("> **DRAFT – not ready to publish**"), "{md}");
    // The final letter does not.
    let (_dir, response, assessment) = loaded(&model_response(), "2020-04-01");
    let md =
        markdown::render(&response, &assessment, &Templates::load(&[]).unwrap(), None).unwrap();
    assert!(!md.contains("DRAFT"), "{md}");
}

#[test]
fn a_draft_pdf_is_marked_on_every_page_as_an_artifact_and_in_its_title() {
    let (_dir, response, assessment) = loaded(&draft_yaml(), "2020-04-01");
    let templates = Templates::load(&[]).unwrap();
    let prepared = pdf::prepare(&response, &assessment, &templates, None).unwrap();
    assert!(prepared.layout.pages.len() > 1);
    for (i, page) in prepared.layout.pages.iter().enumerate() {
        assert!(
            page.items.iter().any(|item| matches!(
                item,
                Item::Text { text, node: None, .. } if text.starts_with("DRAFT – not ready to publish")
            )),
            "page {} has no draft mark",
            i + 1
        );
    }
    assert!(
        prepared.title.starts_with("DRAFT – not ready to publish: "),
        "{}",
        prepared.title
    );
    // And the final letter has neither.
    let (_dir, response, assessment) = loaded(&model_response(), "2020-04-01");
    let prepared = pdf::prepare(&response, &assessment, &templates, None).unwrap();
    assert!(!prepared.title.contains("DRAFT"));
    let bytes = pdf::render(&response, &assessment, &templates, None).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    assert!(!text.contains("DRAFT"));
}

#[test]
fn an_overdue_draft_says_how_late_it_is_and_that_the_law_still_requires_publication() {
    // The last day was 4 May 2020; on 14 May the unpublished draft is 10 days late.
    let yaml = draft_yaml();
    let yaml = replace(
        &yaml,
        "  published:\n    on: 2020-04-28\n    at: https://www.hertscommissioner.org/\n",
        "",
    );
    let (_dir, response, assessment) = loaded(&yaml, "2020-05-14");
    let templates = Templates::load(&[]).unwrap();
    let md = markdown::render(&response, &assessment, &templates, None).unwrap();
    let page = html::page(
        &response,
        &assessment,
        &templates,
        None,
        &Default::default(),
    )
    .unwrap();
    let fragment = html::fragment(&response, &assessment, &templates, None).unwrap();
    for (what, text) in [("md", &md), ("page", &page), ("fragment", &fragment)] {
        assert!(text.contains("10 days late"), "{what}: {text}");
        assert!(text.contains("as soon as possible"), "{what}: {text}");
        assert!(!text.contains("fix before"), "{what}: {text}");
    }
    let prepared = pdf::prepare(&response, &assessment, &templates, None).unwrap();
    let marks: Vec<&str> = prepared.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                text, node: None, ..
            } if text.starts_with("DRAFT") => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        marks[0].contains("10 days late") && marks[0].contains("as soon as possible"),
        "{marks:?}"
    );
}

#[test]
fn public_text_shows_no_backticks_or_rule_ids() {
    // R6 answered "no action" without a reason: the finding's message names `no-action` and `reason`.
    let yaml = replace(
        &model_response(),
        "      position: action-taken\n      comment: >-\n        I will seek an update",
        "      position: no-action\n      comment: >-\n        I will seek an update",
    );
    let (_dir, response, assessment) = loaded(&yaml, "2020-04-01");
    assert!(assessment.has_errors());
    let templates = Templates::load(&[]).unwrap();
    let md = markdown::render(&response, &assessment, &templates, None).unwrap();
    let page = html::page(
        &response,
        &assessment,
        &templates,
        None,
        &Default::default(),
    )
    .unwrap();
    let fragment = html::fragment(&response, &assessment, &templates, None).unwrap();
    for (what, text) in [("md", &md), ("page", &page), ("fragment", &fragment)] {
        assert!(!text.contains('`'), "{what}: {text}");
        for rule in checks::RULES {
            assert!(
                !text.contains(rule.id.as_str()),
                "{what} names the rule {}: {text}",
                rule.id
            );
        }
    }
}

fn build(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["build", "in", "-o", "public", "--today", "2020-04-22"];
    args.extend(extra);
    let run = s55(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_public_lists_name_only_responses_that_pass_and_drafts_are_written_beside_the_website() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    build(dir.path(), &[]);
    let public = dir.path().join("public");
    for list in ["index.html", "responses.json", "responses.csv", "feed.atom"] {
        let text = read(&public.join(list));
        assert!(text.contains("Hertfordshire"), "{list}: {text}");
        assert!(!text.contains("Dorset"), "{list} lists the draft: {text}");
    }
    let names = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .map(|r| {
                r.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    assert!(
        !names(&public).iter().any(|n| n.contains("thematic")),
        "a draft is in the website folder: {:?}",
        names(&public)
    );
    let drafts = dir.path().join("public-drafts");
    let draft_files = names(&drafts);
    assert!(
        draft_files
            .iter()
            .any(|n| n.ends_with("thematic-report.html")),
        "{draft_files:?}"
    );
    assert!(draft_files.contains(&".s55-build".to_string()));

    // With --include-drafts the draft is listed and written with the rest.
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    build(dir.path(), &["--include-drafts"]);
    let index = read(&dir.path().join("public/index.html"));
    assert!(index.contains("Dorset"), "{index}");
    assert!(!dir.path().join("public-drafts").exists());
}

#[test]
fn a_draft_that_passes_later_leaves_the_drafts_folder_and_nothing_else_is_removed() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    build(dir.path(), &[]);
    let drafts = dir.path().join("public-drafts");
    std::fs::write(drafts.join("notes.txt"), "the officer's own notes").unwrap();
    // The draft is finished (here: replaced by a response that passes).
    std::fs::remove_file(dir.path().join("in/b.yaml")).unwrap();
    let run = build(dir.path(), &[]);
    let left: Vec<String> = std::fs::read_dir(&drafts)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".s55-build")
        .collect();
    assert_eq!(left, vec!["notes.txt".to_string()], "{}", run.stdout);
}
