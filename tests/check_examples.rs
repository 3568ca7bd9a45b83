//! `s55 check` on the real letters reports what a careful reviewer of each would, and nothing else;
//! on the model response it reports nothing.

mod common;
use common::*;
use std::collections::BTreeSet;

fn findings_of(path: &str) -> (i32, BTreeSet<(String, String, Option<String>)>) {
    let run = s55(
        &repo(),
        &["check", path, "--format", "json", "--today", "2026-11-23"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    let mut set = BTreeSet::new();
    for response in json["responses"].as_array().unwrap() {
        let file = response["file"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        for f in response["findings"].as_array().unwrap() {
            set.insert((
                file.clone(),
                f["rule"].as_str().unwrap().to_string(),
                f["item"].as_str().map(str::to_string),
            ));
        }
    }
    (run.code, set)
}

fn expect(items: &[(&str, &str, Option<&str>)]) -> BTreeSet<(String, String, Option<String>)> {
    items
        .iter()
        .map(|(f, r, i)| (f.to_string(), r.to_string(), i.map(str::to_string)))
        .collect()
}

#[test]
fn real_letters_show_exactly_the_defects_a_reviewer_would_find() {
    let (code, found) = findings_of("examples");
    assert_eq!(code, 1, "errors in the real letters make check exit 1");
    let expected = expect(&[
        // Hertfordshire answers six of the seven recommendations: the one on police detention is missing.
        (
            "hertfordshire-2020.yaml",
            "recommendation-unanswered",
            Some("R7"),
        ),
        (
            "hertfordshire-2020.yaml",
            "chief-officer-invitation-undated",
            None,
        ),
        (
            "hertfordshire-2020.yaml",
            "chief-officer-comments-missing",
            None,
        ),
        // Dorset supports the national recommendations without an action or a reason, and does not
        // send the letter to HMICFRS.
        ("dorset-2020.yaml", "explanation-missing", Some("R1")),
        ("dorset-2020.yaml", "explanation-missing", Some("R2")),
        ("dorset-2020.yaml", "explanation-missing", Some("R4")),
        ("dorset-2020.yaml", "copies-missing", None),
        ("dorset-2020.yaml", "chief-officer-invitation-undated", None),
        // The published letters record no copies sent (s.55(6) is about sending), and Dorset and
        // Cambridgeshire publish the Chief Constable's comments without a word in response.
        ("hertfordshire-2020.yaml", "copies-not-sent", None),
        ("dorset-2020.yaml", "copies-not-sent", None),
        ("cambridgeshire-2020.yaml", "copies-not-sent", None),
        (
            "dorset-2020.yaml",
            "chief-officer-comments-unanswered",
            None,
        ),
        (
            "cambridgeshire-2020.yaml",
            "chief-officer-comments-unanswered",
            None,
        ),
        // Cambridgeshire's board paper is late, has only the force's responses, and goes to a board.
        ("cambridgeshire-2020.yaml", "deadline-missed", None),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R1"),
        ),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R2"),
        ),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R3"),
        ),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R4"),
        ),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R5"),
        ),
        (
            "cambridgeshire-2020.yaml",
            "explanation-missing",
            Some("R6"),
        ),
        ("cambridgeshire-2020.yaml", "copies-missing", None),
        (
            "cambridgeshire-2020.yaml",
            "chief-officer-invitation-undated",
            None,
        ),
    ]);
    assert_eq!(found, expected);
}

#[test]
fn the_model_response_passes_every_check() {
    let (code, found) = findings_of("responses");
    assert_eq!(code, 0);
    assert!(found.is_empty(), "unexpected findings: {found:?}");
}

#[test]
fn check_reads_responses_by_default() {
    let run = s55(&repo(), &["check", "--today", "2026-11-23"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("responses/hertfordshire-model.yaml"));
    assert!(run.stdout.contains("7 of 7 recommendations explained"));
}

#[test]
fn human_output_names_the_recommendation_and_its_line() {
    let run = s55(
        &repo(),
        &[
            "check",
            "examples/hertfordshire-2020.yaml",
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "last day Monday 4 May 2020 (56 days beginning with the day of publication, s.55(5A))"
        ),
        "{}",
        run.stdout
    );
    // The finding, then `--> file:line:column` pointing at R7 in the report, then the line itself.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("error[recommendation-unanswered]"))
        .unwrap();
    assert!(
        lines[at].contains("R7") && lines[at].contains("management of children"),
        "{}",
        lines[at]
    );
    let arrow = lines[at + 1].trim();
    let r7_line = std::fs::read_to_string(repo().join("examples/hertfordshire-2020.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.trim() == "- id: R7")
        .unwrap()
        + 1;
    assert_eq!(
        arrow,
        format!("--> examples/hertfordshire-2020.yaml:{r7_line}:11"),
        "{}",
        run.stdout
    );
    assert!(lines[at + 3].contains("- id: R7"), "{}", run.stdout);
}

/// On a terminal, `check` and `status` colour their output, and never when `NO_COLOR` is set.
#[cfg(target_os = "linux")]
#[test]
fn colour_on_a_terminal_and_never_with_no_color() {
    for args in [
        &[
            "check",
            "examples/hertfordshire-2020.yaml",
            "--today",
            "2026-11-23",
        ][..],
        &["status", "--today", "2026-11-23"][..],
    ] {
        let coloured = s55_on_terminal(&repo(), args, false);
        assert!(
            coloured.stdout.contains("\x1b["),
            "{args:?}: {}",
            coloured.stdout
        );
        let plain = s55_on_terminal(&repo(), args, true);
        assert!(
            plain.stdout.contains("REPORT") || plain.stdout.contains("R7"),
            "{args:?}: {}",
            plain.stdout
        );
        assert!(!plain.stdout.contains('\x1b'), "{args:?}: {}", plain.stdout);
    }
}

#[test]
fn json_output_has_the_documented_shape() {
    let run = s55(
        &repo(),
        &[
            "check",
            "examples/dorset-2020.yaml",
            "--format",
            "json",
            "--today",
            "2026-11-23",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let r = &json["responses"][0];
    assert_eq!(r["file"], "examples/dorset-2020.yaml");
    assert_eq!(
        r["report"],
        "National Child Protection Inspections 2019 thematic report"
    );
    assert_eq!(r["published"], "2020-02-27");
    assert_eq!(r["deadline"], "2020-04-22");
    assert!(
        r["days_left"].is_null(),
        "a published response has no days left"
    );
    let f = &r["findings"][0];
    for key in ["severity", "rule", "item", "message"] {
        assert!(f.get(key).is_some(), "finding lacks {key}");
    }
    assert_eq!(f["severity"], "error");
}
