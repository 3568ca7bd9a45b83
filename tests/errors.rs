//! Bad input gives one located, plain-English message and exit code 2, never a panic or a
//! programmer's error. The exact messages are snapshot-tested: they are what policy officers read.

mod common;
use common::*;

/// Runs `s55 check response.yaml` on `text` and returns stderr, asserting exit code 2.
fn error_for(text: &str) -> String {
    let dir = folder_with("response.yaml", text);
    let run = s55(dir.path(), &["check", "response.yaml"]);
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let text = replace(
        &model_response(),
        "  published: 2020-03-10",
        "  publised: 2020-03-10",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn impossible_date_is_explained() {
    let text = replace(
        &model_response(),
        "  published: 2020-03-10",
        "  published: 2019-02-29",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn date_in_british_order_is_explained() {
    let text = replace(
        &model_response(),
        "  date: 2020-04-28",
        "  date: 28/04/2020",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn missing_publication_date_is_required() {
    let text = replace(&model_response(), "  published: 2020-03-10\n", "");
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn wrong_type_is_explained() {
    let text = replace(
        &model_response(),
        "  forces: [Hertfordshire Constabulary]",
        "  forces:\n    name: Hertfordshire Constabulary",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn unknown_position_suggests_the_allowed_values() {
    let text = replace(
        &model_response(),
        "      position: action-proposed",
        "      position: action-planned",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn malformed_yaml_points_at_the_line() {
    let text = replace(
        &model_response(),
        "  title: National Child Protection",
        "  title: \"National Child Protection",
    );
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn tab_indentation_is_explained() {
    let text = replace(
        &model_response(),
        "  kind: force-inspection",
        "\tkind: force-inspection",
    );
    let message = error_for(&text);
    assert!(message.contains("response.yaml:"), "{message}");
    assert!(message.contains("hint:"), "{message}");
}

#[test]
fn empty_file_is_explained() {
    insta::assert_snapshot!(error_for(""));
}

#[test]
fn wrong_format_version_is_explained() {
    let text = replace(&model_response(), "s55: 1", "s55: 7");
    insta::assert_snapshot!(error_for(&text));
}

#[test]
fn missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let run = s55(dir.path(), &["render", "no-such-response.yaml"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn missing_report_file_names_the_file_that_points_at_it() {
    let text = "s55: 1\nreport_file: reports/missing.yaml\nbody:\n  name: Office\n  signatory: A Person\n  title: Police and Crime Commissioner\n";
    insta::assert_snapshot!(error_for(text));
}

#[test]
fn unknown_layout_suggests_one() {
    let text = replace(&model_response(), "layout: letter", "layout: leter");
    let dir = folder_with("response.yaml", &text);
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn template_syntax_error_names_the_template_line_and_column() {
    let dir = folder_with("response.yaml", &model_response());
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/letter.md"),
        "# {{ letter.subject }}\n\n{% if comments.overview %}\n{{ comments.overview }}\n",
    )
    .unwrap();
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn undefined_template_variable_is_an_error() {
    let dir = folder_with("response.yaml", &model_response());
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/letter.md"),
        "# {{ letter.subject }}\n\nSigned: {{ body.signature_name }}\n",
    )
    .unwrap();
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_users_template_overrides_the_built_in_one() {
    let dir = folder_with("response.yaml", &model_response());
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/letter.md"), "{% block body %}# {{ letter.subject }}\n\nLast day: {{ deadline.last_day | long_date }}{% endblock body %}\n").unwrap();
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "# Response to the HMICFRS National Child Protection Inspection of Hertfordshire Constabulary\n\nLast day: 4 May 2020\n"
    );
}

#[test]
fn every_broken_file_in_a_folder_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        replace(&model_response(), "layout: letter", "layuot: letter"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        replace(
            &model_response(),
            "  published: 2020-03-10",
            "  published: soon",
        ),
    )
    .unwrap();
    let run = s55(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a.yaml:") && run.stderr.contains("b.yaml:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 files could not be read"));
}
