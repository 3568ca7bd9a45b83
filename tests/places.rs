//! Every finding points at the place where the fix goes: the right file (the response, its shared
//! report file or the office file), line and column, taken from the parser. Each test makes one
//! mistake in the model response (or a shared file) and checks the line the finding names.

mod common;
use common::*;
use std::path::Path;

const TODAY: &str = "2026-11-23";

/// (rule, file, line, column) of every finding, from `check --format json`, run in `dir`.
fn places(dir: &Path, file: &str, today: &str) -> Vec<(String, String, usize, usize)> {
    let run = s55(dir, &["check", file, "--format", "json", "--today", today]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    json["responses"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// The text of line `n` of `file` in `dir`, from the column given.
fn text_at(dir: &Path, file: &str, line: usize, column: usize) -> String {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let line = text.lines().nth(line - 1).unwrap_or("");
    line.chars().skip(column - 1).collect()
}

/// Asserts that the finding for `rule` points at text starting with `starts`, in `file`.
fn assert_points(text: &str, rule: &str, starts: &str) {
    let dir = folder_with("response.yaml", text);
    assert_points_in(
        dir.path(),
        "response.yaml",
        rule,
        "response.yaml",
        starts,
        TODAY,
    );
}

fn assert_points_in(dir: &Path, file: &str, rule: &str, in_file: &str, starts: &str, today: &str) {
    let found = places(dir, file, today);
    let (_, f, line, column) = found
        .iter()
        .find(|(r, ..)| r == rule)
        .unwrap_or_else(|| panic!("no {rule} in {found:?}"));
    assert_eq!(f, in_file, "{rule} names the wrong file");
    let at = text_at(dir, f, *line, *column);
    assert!(
        at.starts_with(starts),
        "{rule} points at line {line}, column {column}: “{at}”, not at “{starts}”"
    );
}

#[test]
fn an_unanswered_recommendation_points_at_its_answer_stub_when_there_is_one() {
    // `s55 new` leaves `- items: [R7]` with nothing else: the fix goes there.
    let stubbed = stub_answer(&model_response(), "R7");
    assert_points(&stubbed, "recommendation-unanswered", "R7]");
}

/// The model response with the answer to `id` cut down to `- items: [id]` (a stub).
fn stub_answer(text: &str, id: &str) -> String {
    let start = text
        .find(&format!("    - items: [{id}]\n"))
        .expect("answer present");
    let rest = &text[start + 1..];
    let end = rest
        .find("\n    - items:")
        .or_else(|| rest.find("\n  on_chief_officer_comments"))
        .or_else(|| rest.find("\n  closing"))
        .map(|e| start + 1 + e + 1)
        .unwrap();
    format!("{}    - items: [{id}]\n{}", &text[..start], &text[end..])
}

#[test]
fn an_unanswered_recommendation_without_a_stub_points_at_the_recommendation_not_at_r1_for_r10() {
    // R7 becomes R10 in the report and its answer goes: the finding must point at `R10`, although
    // `R1` is found in that line by a text search.
    let text = stub_answer(&model_response(), "R7");
    let text = replace(&text, "    - items: [R7]\n", "");
    let text = replace(&text, "    - id: R7\n", "    - id: R10\n");
    let found = places(
        folder_with("response.yaml", &text).path(),
        "response.yaml",
        TODAY,
    );
    let dir = folder_with("response.yaml", &text);
    let unanswered = found
        .iter()
        .find(|(r, ..)| r == "recommendation-unanswered")
        .expect("R10 is unanswered");
    let at = text_at(dir.path(), "response.yaml", unanswered.2, unanswered.3);
    assert!(at.starts_with("R10"), "points at “{at}”");
}

#[test]
fn a_late_publication_points_at_published_on() {
    let text = replace(
        &model_response(),
        "    on: 2020-04-28",
        "    on: 2020-05-20",
    );
    assert_points(&text, "deadline-missed", "on: 2020-05-20");
}

#[test]
fn a_late_letter_points_at_its_date_not_at_the_inspection_dates() {
    // `inspected: {from: …, to: …}` has a `to:` and a date; the finding must not land there.
    let text = replace(
        &model_response(),
        "  date: 2020-04-28",
        "  date: 2020-05-20",
    );
    let text = replace(&text, "    on: 2020-04-28", "    on: 2020-05-01");
    assert_points(&text, "deadline-missed", "date: 2020-05-20");
}

#[test]
fn missing_copies_point_at_the_addressees_under_letter() {
    let text = replace(
        &model_response(),
        "    - name: the Secretary of State for the Home Department\n",
        "",
    );
    let dir = folder_with("response.yaml", &text);
    let found = places(dir.path(), "response.yaml", TODAY);
    let f = found.iter().find(|(r, ..)| r == "copies-missing");
    if let Some((_, _, line, column)) = f {
        let at = text_at(dir.path(), "response.yaml", *line, *column);
        assert!(at.starts_with("to:") || at.starts_with("copies:"), "{at}");
    } else {
        panic!("no copies-missing in {found:?}");
    }
}

#[test]
fn copies_not_recorded_as_sent_point_at_sent() {
    let text = replace(&model_response(), "    hmicfrs: 2020-04-28\n", "");
    assert_points(&text, "copies-not-sent", "sent:");
}

#[test]
fn an_answer_without_position_points_at_its_items() {
    let text = replace(&model_response(), "      position: action-taken\n", "");
    assert_points(&text, "explanation-missing", "R");
}

#[test]
fn no_action_without_a_reason_points_at_the_position() {
    let text = replace(
        &model_response(),
        "      position: action-proposed\n      comment: >-\n        I will ask for the review's findings",
        "      position: no-action\n      comment: >-\n        I will ask for the review's findings",
    );
    assert_points(&text, "explanation-missing", "position: no-action");
}

#[test]
fn an_unknown_id_points_at_that_id_in_the_list() {
    let text = replace(
        &model_response(),
        "    - items: [R7]",
        "    - items: [R7, R77]",
    );
    assert_points(&text, "unknown-id", "R77");
}

#[test]
fn an_item_answered_twice_points_at_the_second_answer() {
    let text = replace(
        &model_response(),
        "    - items: [R7]",
        "    - items: [R7, R1]",
    );
    assert_points(&text, "answered-twice", "R1]");
}

#[test]
fn an_undated_invitation_points_at_the_note() {
    let text = replace(
        &model_response(),
        "  invited: 2020-03-11\n",
        "  invited_note: by letter\n",
    );
    assert_points(&text, "chief-officer-invitation-undated", "invited_note:");
}

#[test]
fn a_placeholder_points_at_the_placeholder_itself() {
    let text = replace(
        &model_response(),
        "  reference: OPCC/HMICFRS/2020/03",
        "  reference: OPCC/HMICFRS/TBC",
    );
    assert_points(&text, "placeholder", "TBC");
}

#[test]
fn a_placeholder_in_a_long_text_points_at_its_own_line() {
    let text = replace(
        &model_response(),
        "    The full report can be read",
        "    [insert link] The full report can be read",
    );
    assert_points(&text, "placeholder", "[insert link]");
}

#[test]
fn an_office_placeholder_points_into_the_office_file() {
    let corpus = repo().join("tests/fixtures/mistakes/72-office-file-placeholder");
    assert_points_in(
        &corpus,
        "response.yaml",
        "placeholder",
        "office.yaml",
        "[insert date]",
        "2025-03-06",
    );
}

#[test]
fn a_problem_in_a_shared_report_points_into_the_report_file() {
    // The Dorset letter shares the national report: its unanswered-explanation findings point at
    // its own answers, and a duplicate id in the shared file points into that file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let report =
        std::fs::read_to_string(repo().join("examples/reports/ncpi-2019-thematic.yaml")).unwrap();
    let report = replace(&report, "  - id: R2\n", "  - id: R1\n");
    std::fs::write(dir.path().join("reports/ncpi-2019-thematic.yaml"), report).unwrap();
    std::fs::copy(
        repo().join("examples/dorset-2020.yaml"),
        dir.path().join("dorset-2020.yaml"),
    )
    .unwrap();
    assert_points_in(
        dir.path(),
        "dorset-2020.yaml",
        "duplicate-id",
        "reports/ncpi-2019-thematic.yaml",
        "R1",
        TODAY,
    );
}

#[test]
fn an_overdue_draft_points_at_the_report_publication_date() {
    let text = replace(
        &model_response(),
        "  published:\n    on: 2020-04-28\n    at: https://www.hertscommissioner.org/\n",
        "",
    );
    assert_points(&text, "deadline-passed", "published: 2020-03-10");
}

#[test]
fn a_non_breaking_space_at_the_end_of_a_text_is_pointed_at_itself() {
    let text = replace(
        &model_response(),
        "  reference: OPCC/HMICFRS/2020/03",
        "  reference: OPCC/HMICFRS/2020/03\u{a0}",
    );
    assert_points(&text, "invisible-character", "\u{a0}");
}
