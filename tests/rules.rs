//! Every check rule, on the situation it guards against, driven through the real binary. Each test
//! starts from the model response (which passes every check) and changes one thing.

mod common;
use common::*;

const TODAY: &str = "2026-11-23";

/// The model response turned back into an unpublished draft.
fn draft() -> String {
    let text = model_response();
    let text = replace(
        &text,
        "  published:\n    on: 2020-04-28\n    at: https://www.hertscommissioner.org/\n",
        "",
    );
    replace(
        &text,
        "  sent:\n    hmicfrs: 2020-04-28\n    home_secretary: 2020-04-28\n",
        "",
    )
}

/// The model response with the report published on `date` and the response published on `on`.
fn published(date: &str, on: &str) -> String {
    let text = replace(
        &model_response(),
        "published: 2020-03-10",
        &format!("published: {date}"),
    );
    let text = replace(&text, "date: 2020-04-28", &format!("date: {on}"));
    replace(&text, "    on: 2020-04-28", &format!("    on: {on}"))
}

#[test]
fn model_response_has_no_findings() {
    let (code, findings, _) = check_findings(&model_response(), TODAY);
    assert_eq!(code, 0);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn publishing_on_day_56_is_in_time() {
    // Published 10 March 2020: day 1 is 10 March, day 56 is 4 May 2020.
    let (code, findings, json) = check_findings(&published("2020-03-10", "2020-05-04"), TODAY);
    assert_eq!(json["deadline"], "2020-05-04");
    assert!(
        !rules(&findings).contains(&"deadline-missed"),
        "{findings:?}"
    );
    assert_eq!(code, 0);
}

#[test]
fn publishing_on_day_57_is_late() {
    let (code, findings, _) = check_findings(&published("2020-03-10", "2020-05-05"), TODAY);
    assert_eq!(code, 1);
    assert_eq!(rules(&findings), ["deadline-missed"]);
}

#[test]
fn deadline_counts_29_february_in_a_leap_year() {
    // 1 February 2024 + 55 days, through 29 February, is 27 March 2024.
    let (_, findings, json) = check_findings(&published("2024-02-01", "2024-03-27"), TODAY);
    assert_eq!(json["deadline"], "2024-03-27");
    assert!(findings.is_empty(), "{findings:?}");
    let (_, findings, _) = check_findings(&published("2024-02-01", "2024-03-28"), TODAY);
    assert_eq!(rules(&findings), ["deadline-missed"]);
}

#[test]
fn deadline_runs_across_the_year_end() {
    let (_, findings, json) = check_findings(&published("2023-12-01", "2024-01-25"), TODAY);
    assert_eq!(json["deadline"], "2024-01-25");
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn a_letter_dated_after_the_last_day_is_late_even_if_unpublished() {
    let text = replace(&draft(), "date: 2020-04-28", "date: 2020-05-06");
    let (code, findings, _) = check_findings(&text, "2020-05-01");
    assert_eq!(code, 1);
    assert!(
        rules(&findings).contains(&"deadline-missed"),
        "{findings:?}"
    );
}

#[test]
fn a_draft_shows_the_days_left() {
    let (code, findings, json) = check_findings(&draft(), "2020-04-01");
    assert_eq!(code, 0);
    assert_eq!(json["days_left"], 33);
    assert_eq!(json["state"], "draft");
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn a_draft_with_seven_days_left_is_warned() {
    let (code, findings, json) = check_findings(&draft(), "2020-04-27");
    assert_eq!(json["days_left"], 7);
    assert_eq!(code, 0, "a warning does not fail the check");
    assert_eq!(rules(&findings), ["deadline-near"]);
    let (_, findings, _) = check_findings(&draft(), "2020-04-26");
    assert!(
        findings.is_empty(),
        "8 days left is not yet near: {findings:?}"
    );
}

#[test]
fn a_draft_on_its_last_day_is_warned_not_failed() {
    let (code, findings, json) = check_findings(&draft(), "2020-05-04");
    assert_eq!(json["days_left"], 0);
    assert_eq!(code, 0);
    assert_eq!(rules(&findings), ["deadline-near"]);
}

#[test]
fn a_draft_past_its_last_day_is_an_error() {
    let (code, findings, json) = check_findings(&draft(), "2020-05-05");
    assert_eq!(json["days_left"], -1);
    assert_eq!(json["state"], "overdue");
    assert_eq!(code, 1);
    assert_eq!(rules(&findings), ["deadline-passed"]);
}

#[test]
fn a_last_day_on_a_bank_holiday_is_warned_but_not_moved() {
    // Published 18 February 2020: day 56 is Monday 13 April 2020, Easter Monday.
    let text = replace(&draft(), "published: 2020-03-10", "published: 2020-02-18");
    let text = replace(&text, "date: 2020-04-28", "date: 2020-04-01");
    let (_, findings, json) = check_findings(&text, "2020-04-01");
    assert_eq!(json["deadline"], "2020-04-13");
    assert_eq!(
        rules_except(&findings, "action-completed-after-letter"),
        ["deadline-not-working-day"]
    );
}

#[test]
fn a_last_day_on_a_saturday_is_warned() {
    // Published 1 March 2020: day 56 is Saturday 25 April 2020.
    let text = replace(&draft(), "published: 2020-03-10", "published: 2020-03-01");
    let text = replace(&text, "date: 2020-04-28", "date: 2020-04-01");
    let (_, findings, _) = check_findings(&text, "2020-04-01");
    assert_eq!(
        rules_except(&findings, "action-completed-after-letter"),
        ["deadline-not-working-day"]
    );
}

#[test]
fn a_report_before_2_may_2017_has_no_statutory_deadline() {
    let text = replace(&draft(), "published: 2020-03-10", "published: 2016-11-01");
    let text = replace(&text, "date: 2020-04-28", "date: 2017-01-10");
    let (code, findings, json) = check_findings(&text, TODAY);
    assert!(json["deadline"].is_null());
    assert!(json["days_left"].is_null());
    assert_eq!(
        rules_except(&findings, "action-completed-after-letter"),
        ["no-statutory-deadline"]
    );
    assert_eq!(code, 0);
}

#[test]
fn an_unanswered_recommendation_fails() {
    // The answer meant for R7 is given to R6 instead, leaving R7 with none.
    let text = replace(&model_response(), "    - items: [R7]", "    - items: [R6]");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 1);
    assert!(
        findings.contains(&(
            "recommendation-unanswered".to_string(),
            Some("R7".to_string())
        )),
        "{findings:?}"
    );
}

#[test]
fn a_recommendation_to_the_home_office_must_be_answered_too() {
    let text = replace(
        &model_response(),
        "  recommendations:\n",
        "  recommendations:\n    - id: R8\n      addressee: the Home Office\n      text: We recommend that the Home Office should review the funding of child protection.\n",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [(
            "recommendation-unanswered".to_string(),
            Some("R8".to_string())
        )]
    );
    // Explaining why there is no local action meets s.55(5B)(b).
    let answered = replace(
        &text,
        "  answers:\n",
        "  answers:\n    - items: [R8]\n      position: no-action\n      reason: This recommendation is addressed to the Home Office; there is no local action to take.\n",
    );
    let (code, findings, _) = check_findings(&answered, TODAY);
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
}

#[test]
fn a_recommendation_under_a_cause_of_concern_must_be_answered() {
    let text = replace(
        &model_response(),
        "  recommendations:\n",
        "  causes_of_concern:\n    - id: C1\n      text: The force's response to missing children is not good enough.\n  recommendations:\n    - id: R9\n      cause_of_concern: C1\n      text: Within three months, the force should review its missing children procedures.\n",
    );
    let (_, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        findings,
        [(
            "recommendation-unanswered".to_string(),
            Some("R9".to_string())
        )]
    );
}

#[test]
fn a_comment_without_action_or_reason_fails() {
    let text = replace(
        &model_response(),
        "      position: action-proposed\n      comment: >-\n        I will ask for the review's findings",
        "      comment: >-\n        I will ask for the review's findings",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 1);
    assert_eq!(
        findings,
        [("explanation-missing".to_string(), Some("R7".to_string()))]
    );
}

#[test]
fn no_action_without_a_reason_fails() {
    let text = replace(
        &model_response(),
        "      position: action-proposed\n      comment: >-\n        I will ask for the review's findings",
        "      position: no-action\n      comment: >-\n        I will ask for the review's findings",
    );
    let (_, findings, json) = check_findings(&text, TODAY);
    assert_eq!(
        findings,
        [("explanation-missing".to_string(), Some("R7".to_string()))]
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("without a reason")
    );
}

#[test]
fn an_unanswered_area_for_improvement_is_only_a_warning() {
    let text = replace(
        &model_response(),
        "  recommendations:\n",
        "  areas_for_improvement:\n    - id: AFI1\n      text: The force should improve how it records the use of force on children.\n  recommendations:\n",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 0);
    assert_eq!(
        findings,
        [(
            "area-for-improvement-unanswered".to_string(),
            Some("AFI1".to_string())
        )]
    );
}

#[test]
fn a_cause_of_concern_without_recommendations_is_warned() {
    let text = replace(
        &model_response(),
        "  recommendations:\n",
        "  causes_of_concern:\n    - id: C1\n      text: The force's response to missing children is not good enough.\n  recommendations:\n",
    );
    let (_, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        findings,
        [(
            "cause-of-concern-without-recommendation".to_string(),
            Some("C1".to_string())
        )]
    );
}

#[test]
fn no_record_of_inviting_the_chief_constable_fails() {
    let text = replace(&model_response(), "  invited: 2020-03-11\n", "");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 1);
    assert_eq!(rules(&findings), ["chief-officer-not-invited"]);
    let noted = replace(
        &model_response(),
        "  invited: 2020-03-11\n",
        "  invited_note: Invited by email; the date is in the office's file.\n",
    );
    let (code, findings, _) = check_findings(&noted, TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["chief-officer-invitation-undated"])
    );
}

#[test]
fn missing_chief_constable_comments_are_warned() {
    let mut text = model_response();
    let start = text.find("  comments: |-\n    I welcome HMICFRS").unwrap();
    let end = text[start..].find("\n\ncomments:").unwrap() + start;
    text.replace_range(start..end, "");
    // Drop each per-item chief officer comment (the `chief_officer: >-` key and its indented text).
    let mut out = Vec::new();
    let mut skipping = false;
    for l in text.lines() {
        if l.trim_start() == "chief_officer: >-" {
            skipping = true;
            continue;
        }
        if skipping && l.starts_with("        ") {
            continue;
        }
        skipping = false;
        out.push(l);
    }
    assert!(
        out.len() < text.lines().count(),
        "the per-item comments were removed"
    );
    let (code, findings, _) = check_findings(&(out.join("\n") + "\n"), TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["chief-officer-comments-missing"])
    );
}

#[test]
fn a_letter_not_going_to_hmicfrs_and_the_home_secretary_fails() {
    let text = replace(&model_response(), "    - name: HMICFRS\n", "");
    let (code, findings, json) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (1, vec!["copies-missing"]));
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("HMICFRS is not")
    );
    // A copy, rather than an addressee, is enough, but its sending should be recorded.
    let copied = replace(
        &text,
        "  salutation:",
        "  copies:\n    - name: HM Inspectorate of Constabulary and Fire & Rescue Services\n  salutation:",
    );
    let copied = replace(&copied, "    hmicfrs: 2020-04-28\n", "");
    let (code, findings, _) = check_findings(&copied, TODAY);
    assert_eq!((code, rules(&findings)), (0, vec!["copies-not-sent"]));
}

#[test]
fn a_letter_dated_before_the_report_fails() {
    let text = replace(&model_response(), "date: 2020-04-28", "date: 2020-03-01");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        (
            code,
            rules_except(&findings, "action-completed-after-letter")
        ),
        (1, vec!["letter-before-report"])
    );
}

#[test]
fn duplicate_ids_fail() {
    let text = replace(&model_response(), "    - id: R2\n", "    - id: R1\n");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(code, 1);
    assert!(
        findings.contains(&("duplicate-id".to_string(), Some("R1".to_string()))),
        "{findings:?}"
    );
}

#[test]
fn an_answer_to_an_unknown_id_fails_with_a_suggestion() {
    let text = replace(
        &model_response(),
        "    - items: [R7]",
        "    - items: [R7, R77]",
    );
    let (code, findings, json) = check_findings(&text, TODAY);
    assert_eq!(
        (code, findings),
        (1, vec![("unknown-id".to_string(), Some("R77".to_string()))])
    );
    assert!(
        json["findings"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("did you mean R7?"),
        "{json}"
    );
}

#[test]
fn an_empty_text_fails() {
    let text = replace(
        &model_response(),
        "    The full report can be read on the HMICFRS website.",
        "    ",
    );
    let text = replace(&text, "  closing: >-\n", "  closing: \"\"\n");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (1, vec!["empty-text"]));
}

#[test]
fn placeholders_left_in_fail() {
    for placeholder in ["TODO", "TBC", "[insert date]", "XX"] {
        let text = replace(
            &model_response(),
            "I will seek an update on the unit's effectiveness",
            &format!("I will seek an update on {placeholder} the unit's effectiveness"),
        );
        let (code, findings, _) = check_findings(&text, TODAY);
        assert_eq!(code, 1, "{placeholder}");
        assert_eq!(
            findings,
            [("placeholder".to_string(), Some("R6".to_string()))],
            "{placeholder}"
        );
    }
}

#[test]
fn deadline_command_prints_the_last_day_and_the_rule() {
    let run = s55(&repo(), &["deadline", "2020-02-27"]);
    assert_eq!(run.code, 0);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("2020-04-22"));
    assert!(
        lines
            .next()
            .unwrap()
            .contains("56 days beginning with the day of publication, s.55(5A)")
    );
    let weekend = s55(&repo(), &["deadline", "2020-03-01"]);
    assert!(weekend.stdout.starts_with("2020-04-25\n"));
    assert!(weekend.stdout.contains("a Saturday"));
    let before = s55(&repo(), &["deadline", "2017-05-01"]);
    assert!(before.stdout.starts_with("none\n") && before.stdout.contains("2 May 2017"));
    let bad = s55(&repo(), &["deadline", "2019-02-29"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("February 2019 has 28 days"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_report_stating_more_recommendations_than_the_file_has_fails_until_checked_by_hand() {
    // The report says it makes eight recommendations; the file has seven.
    let text = replace(
        &model_response(),
        "  published: 2020-03-10\n",
        "  published: 2020-03-10\n  extraction:\n    stated: {recommendations: 8}\n    found: {recommendations: 7}\n    checked_by_hand: false\n",
    );
    let (code, findings, json) = check_findings(&text, TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (1, vec!["extraction-count-differs"])
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains('8'),
        "{json}"
    );
    let checked = replace(&text, "checked_by_hand: false", "checked_by_hand: true");
    let (code, findings, _) = check_findings(&checked, TODAY);
    assert_eq!((code, findings), (0, vec![]));
}

#[test]
fn an_action_taken_dated_after_the_letter_is_warned() {
    let text = replace(
        &model_response(),
        "      due: 2020-04-20",
        "      due: 2020-06-30",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["action-completed-after-letter"])
    );
}

#[test]
fn a_published_letter_without_a_date_fails() {
    let text = replace(&model_response(), "  date: 2020-04-28\n", "");
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (1, vec!["letter-date-missing"]));
}

#[test]
fn chief_officer_comments_with_no_response_to_them_are_warned() {
    // Take out `on_chief_officer_comments:` and the indented lines of its text.
    let mut text = String::new();
    let mut skipping = false;
    for line in model_response().lines() {
        if line.starts_with("  on_chief_officer_comments:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with("    ") || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        text.push_str(line);
        text.push('\n');
    }
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["chief-officer-comments-unanswered"])
    );
}

#[test]
fn a_published_response_addressed_to_both_still_needs_the_copies_recorded_as_sent() {
    // The model letter is addressed to the Home Secretary and HMICFRS: being named on the letter
    // is not a record that it was sent (s.55(6)).
    let text = replace(
        &model_response(),
        "  sent:\n    hmicfrs: 2020-04-28\n    home_secretary: 2020-04-28\n",
        "",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (0, vec!["copies-not-sent"]));
}

#[test]
fn one_recommendation_answered_in_two_answers_fails() {
    let text = replace(
        &model_response(),
        "    - items: [R7]",
        "    - items: [R7, R4]",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        (code, findings),
        (
            1,
            vec![("answered-twice".to_string(), Some("R4".to_string()))]
        )
    );
}

#[test]
fn a_publication_date_that_has_not_happened_yet_is_warned() {
    let (code, findings, _) = check_findings(&model_response(), "2020-04-20");
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["published-date-doubtful"])
    );
}

#[test]
fn publishing_before_the_letter_is_dated_is_warned() {
    let text = replace(
        &model_response(),
        "    on: 2020-04-28",
        "    on: 2020-04-20",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert_eq!(
        (code, rules(&findings)),
        (0, vec!["published-date-doubtful"])
    );
}

#[test]
fn a_logo_that_is_not_there_fails_check_at_its_line_not_only_the_build() {
    let text = replace(
        &model_response(),
        "  title: Police and Crime Commissioner for Hertfordshire\n",
        "  title: Police and Crime Commissioner for Hertfordshire\n  logo: {path: missing-logo.png, alt: Crest}\n",
    );
    let (code, findings, json) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (1, vec!["letter-cannot-be-made"]));
    let f = &json["findings"][0];
    assert!(
        f["message"].as_str().unwrap().contains("missing-logo.png"),
        "{f}"
    );
    assert!(f["line"].as_u64().is_some(), "{f}");
}

#[test]
fn an_unknown_layout_fails_check() {
    let text = replace(&model_response(), "layout: letter", "layout: leter");
    let (code, findings, json) = check_findings(&text, TODAY);
    assert_eq!((code, rules(&findings)), (1, vec!["letter-cannot-be-made"]));
    assert!(
        json["findings"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("letter"),
        "{json}"
    );
}

#[test]
fn a_note_after_a_one_line_list_cuts_nothing() {
    // Found trying s55 as a new officer: `# …` after the `]` that closes a list on one line was
    // blamed on every entry of the list, as if it cut their words short.
    let text = replace(
        &model_response(),
        "    - items: [R1]\n",
        "    - items: [R1]   # answered with the action plan\n",
    );
    let (code, findings, _) = check_findings(&text, TODAY);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(code, 0);
    // The same note straight after one-line text still cuts it.
    let cut = replace(
        &model_response(),
        "      owner: Head of Safeguarding Command\n",
        "      owner: Head of Safeguarding # Command\n",
    );
    let (_, findings, _) = check_findings(&cut, TODAY);
    assert!(
        rules(&findings).contains(&"text-cut-by-comment"),
        "{findings:?}"
    );
}
