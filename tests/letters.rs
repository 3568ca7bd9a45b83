//! What a reader of the letter sees, in every built-in layout and every format: each answer under
//! the heading of the item it answers (never under another's), its position in words beside it,
//! "Completed" only for dates on or before the letter's date, and a draft marked as one.

mod common;

use chrono::NaiveDate;
use common::{folder_with, model_response, replace, s55};
use s55::checks;
use s55::load;
use s55::render::{Templates, html, markdown, pdf};

const LAYOUTS: [&str; 3] = ["letter", "home-secretary", "board-paper"];
const FORMATS: [&str; 3] = ["md", "html", "pdf"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 4, 1).unwrap()
}

/// The letter's text in one layout and format, with runs of white space made single spaces (so
/// that the PDF's line breaks do not matter). For HTML, only the letter, not the table after it.
fn letter_text(yaml: &str, layout: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("response.yaml");
    std::fs::write(&path, yaml).unwrap();
    let response = load::response(&path).unwrap();
    let templates = Templates::load(&[]).unwrap();
    let assessment = checks::assess(&response, today());
    let text = match format {
        // Bold marks are not words: "**No action is proposed,** because" reads without them.
        "md" => markdown::render(&response, &assessment, &templates, Some(layout))
            .unwrap()
            .replace("**", ""),
        "html" => {
            let page = html::page(
                &response,
                &assessment,
                &templates,
                Some(layout),
                &Default::default(),
            )
            .unwrap();
            let end = page.find("The answers at a glance").unwrap_or(page.len());
            without_tags(&page[..end])
        }
        "pdf" => {
            let bytes = pdf::render(&response, &assessment, &templates, Some(layout)).unwrap();
            pdf_extract::extract_text_from_mem(&bytes).unwrap()
        }
        _ => unreachable!(),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// HTML as the words a reader sees (tags become spaces).
fn without_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace(" ,", ",")
}

/// Every layout and format of one response: (layout, format, text).
fn every_letter(yaml: &str) -> Vec<(&'static str, &'static str, String)> {
    let mut out = Vec::new();
    for layout in LAYOUTS {
        for format in FORMATS {
            out.push((layout, format, letter_text(yaml, layout, format)));
        }
    }
    out
}

/// Of the labels, the one written last before `words` (the longest, when two end at the same
/// place): the heading a reader takes the words to belong to.
fn label_before<'a>(text: &str, words: &str, labels: &[&'a str]) -> Option<&'a str> {
    let at = text
        .find(words)
        .unwrap_or_else(|| panic!("{words:?} is not in the letter:\n{text}"));
    labels
        .iter()
        .filter_map(|l| text[..at].rfind(l).map(|i| (i, l.len(), *l)))
        .max_by_key(|(i, len, _)| (*i, *len))
        .map(|(_, _, l)| l)
}

const R7_WORDS: &str = "to be presented to the Police and Crime Panel";
const R5_WORDS: &str = "in the police estate for use while partner provision is found";

fn item_labels() -> Vec<&'static str> {
    vec![
        "Recommendation 1",
        "Recommendation 2",
        "Recommendation 3",
        "Recommendation 4",
        "Recommendation 5",
        "Recommendation 6",
        "Recommendation 7",
        // The board paper numbers recommendations 4.1, 4.2, ... before their words.
        "should immediately review the arrangements within its public protection unit",
        "Not in the report: R8",
        "answered more than once",
    ]
}

#[test]
fn an_answer_naming_an_item_the_report_lacks_is_never_printed_under_another_item() {
    let yaml = replace(&model_response(), "- items: [R7]", "- items: [R8]");
    for (layout, format, text) in every_letter(&yaml) {
        assert_eq!(
            label_before(&text, R7_WORDS, &item_labels()),
            Some("Not in the report: R8"),
            "{layout} {format}: the answer to the unknown R8 is not under its own heading:\n{text}"
        );
    }
}

#[test]
fn an_item_answered_twice_is_marked_where_it_is_answered_again() {
    let yaml = replace(&model_response(), "- items: [R5]", "- items: [R4]");
    for (layout, format, text) in every_letter(&yaml) {
        assert_eq!(
            label_before(&text, R5_WORDS, &item_labels()),
            Some("answered more than once"),
            "{layout} {format}: the second answer to R4 is not marked:\n{text}"
        );
    }
}

#[test]
fn every_answer_states_its_position_beside_it_in_every_layout_and_format() {
    let yaml = replace(
        &model_response(),
        "      position: action-taken\n      comment: >-\n        I will seek an update on the unit's effectiveness at my Strategic Executive Board in June 2020.",
        "      position: no-action\n      reason: >-\n        The unit was reviewed and its management replaced before the report was published.",
    );
    for (layout, format, text) in every_letter(&yaml) {
        let lower = text.to_lowercase();
        // R3 is proposed: the words "action proposed" come just before the Commissioner's comment.
        let at = lower
            .find("i will seek the views of partner agencies")
            .unwrap();
        assert!(
            lower[at.saturating_sub(120)..at].contains("action proposed"),
            "{layout} {format}: R3's position is not stated beside it:\n{text}"
        );
        let at = lower.find("i have seen the audit").unwrap();
        assert!(
            lower[at.saturating_sub(120)..at].contains("action taken"),
            "{layout} {format}: R1's position is not stated beside it:\n{text}"
        );
        assert!(
            lower.contains("no action is proposed, because the unit was reviewed"),
            "{layout} {format}: R6's reason is not given as the reason for no action:\n{text}"
        );
    }
}

#[test]
fn the_home_secretary_layout_labels_every_answer_with_its_recommendation() {
    let text_for = |format| letter_text(&model_response(), "home-secretary", format);
    for format in FORMATS {
        let text = text_for(format);
        for (words, label) in [
            ("I have seen the audit", "Recommendation 1"),
            (
                "I will seek the views of partner agencies",
                "Recommendation 3",
            ),
            (R5_WORDS, "Recommendation 5"),
            (R7_WORDS, "Recommendation 7"),
        ] {
            assert_eq!(
                label_before(&text, words, &item_labels()),
                Some(label),
                "home-secretary {format}: {words:?} is not labelled {label}:\n{text}"
            );
        }
    }
}

#[test]
fn the_board_paper_attributes_the_chief_constables_comments_and_closes_as_a_paper() {
    for format in FORMATS {
        let text = letter_text(&model_response(), "board-paper", format);
        assert_eq!(
            label_before(
                &text,
                "I welcome HMICFRS",
                &["Background", "The Chief Constable’s comments"]
            ),
            Some("The Chief Constable’s comments"),
            "board-paper {format}: the Chief Constable's comments are not attributed:\n{text}"
        );
        assert!(
            !text.contains("Yours sincerely"),
            "board-paper {format}: a paper does not close as a letter:\n{text}"
        );
    }
}

#[test]
fn an_action_dated_after_the_letter_is_due_not_completed() {
    // The letter is dated 28 April 2020; R5's action is dated a month later.
    let yaml = replace(&model_response(), "due: 2020-04-15", "due: 2020-05-30");
    for (layout, format, text) in every_letter(&yaml) {
        assert!(
            !text.contains("Completed: 30 May 2020") && text.contains("Due: 30 May 2020"),
            "{layout} {format}: an action dated after the letter is shown as completed:\n{text}"
        );
        assert!(
            text.contains("Completed: 20 April 2020"),
            "{layout} {format}: an action completed before the letter is not shown:\n{text}"
        );
    }
}

#[test]
fn bullets_pasted_from_word_are_a_list_in_every_format() {
    let text = replace(
        &model_response(),
        "  closing: >-\n",
        "  closing: |\n    The Chief Constable has agreed to:\n    •\tbuild checks into the system;\n    • carry out an audit.\n\n",
    );
    let dir = folder_with("response.yaml", &text);
    let md = s55(dir.path(), &["render", "response.yaml"]).stdout;
    assert!(
        md.contains("\n- build checks into the system;\n- carry out an audit."),
        "{md}"
    );
    let html = s55(dir.path(), &["render", "response.yaml", "--format", "html"]).stdout;
    assert!(
        html.contains("<li>build checks into the system;</li>\n<li>carry out an audit.</li>"),
        "{html}"
    );
    assert!(!html.contains('•'), "{html}");
}

#[test]
fn words_second_and_third_level_bullets_stay_nested_lists() {
    // Word pastes its second level as "o" and a tab, its third as "§" (Wingdings) and a tab.
    let text = replace(
        &model_response(),
        "  closing: >-\n",
        "  closing: |\n    We have agreed:\n    •\tan audit\n    o\tby March\n    §\twith the Panel\n\n",
    );
    let dir = folder_with("response.yaml", &text);
    let md = s55(dir.path(), &["render", "response.yaml"]).stdout;
    assert!(
        md.contains("\n- an audit\n  - by March\n    - with the Panel\n"),
        "{md}"
    );
}
