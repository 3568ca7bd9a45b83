//! End to end, through the real binary: `new`, `extract`, `status`, `schema` and `init`.

mod common;
use common::*;

#[test]
fn new_then_check_lists_exactly_the_seven_unanswered_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let report = report("hertfordshire-ncpi-2019.txt");
    let out = s55(
        dir.path(),
        &[
            "new",
            "--report",
            &report,
            "--published",
            "2020-03-10",
            "-o",
            "herts.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("found 7 recommendations"));
    let text = std::fs::read_to_string(dir.path().join("herts.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    assert!(text.contains(
        "# Last day to publish the comments: Monday 4 May 2020 (56 days beginning with the day of publication, s.55(5A))."
    ));

    let check = s55(
        dir.path(),
        &[
            "check",
            "herts.yaml",
            "--format",
            "json",
            "--today",
            "2020-04-01",
        ],
    );
    assert_eq!(check.code, 1, "{}", check.stderr);
    let json = check.json();
    let response = &json["responses"][0];
    assert_eq!(response["recommendations"], 7);
    assert_eq!(response["answered"], 0);
    assert_eq!(response["deadline"], "2020-05-04");
    let findings = response["findings"].as_array().unwrap();
    // Each answer stub (`position:` and a `comment: |` holding an [insert ...] placeholder) is still
    // to write: the recommendation has no answer yet (and the placeholder is listed as well).
    let about_recommendations: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["item"].as_str().is_some_and(|i| i.starts_with('R')))
        .filter(|f| f["rule"] != "placeholder")
        .map(|f| (f["rule"].as_str().unwrap(), f["item"].as_str().unwrap()))
        .collect();
    assert_eq!(
        about_recommendations,
        ["R1", "R2", "R3", "R4", "R5", "R6", "R7"].map(|r| ("recommendation-unanswered", r))
    );
    // What else is left is the office's and the chief officer's part, not the report's.
    for f in findings {
        let rule = f["rule"].as_str().unwrap();
        assert!(
            matches!(
                rule,
                "recommendation-unanswered"
                    | "explanation-missing"
                    | "chief-officer-not-invited"
                    | "chief-officer-invitation-undated"
                    | "chief-officer-comments-missing"
                    | "placeholder"
            ),
            "unexpected finding {f}"
        );
    }
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let report = report("hertfordshire-ncpi-2019.txt");
    let args = [
        "new",
        "--report",
        &report,
        "--published",
        "2020-03-10",
        "-o",
        "r.yaml",
    ];
    std::fs::write(dir.path().join("r.yaml"), "my answers\n").unwrap();
    let out = s55(dir.path(), &args);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("already exists"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("r.yaml")).unwrap(),
        "my answers\n"
    );

    let mut forced = args.to_vec();
    forced.push("--force");
    let out = s55(dir.path(), &forced);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("r.yaml"))
            .unwrap()
            .contains("R7")
    );
}

#[test]
fn new_without_a_publication_date_explains_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let report = report("hertfordshire-ncpi-2019.txt");
    let out = s55(dir.path(), &["new", "--report", &report, "-o", "r.yaml"]);
    assert_eq!(out.code, 2);
    let err = out.stderr;
    assert!(
        err.contains("the day HMICFRS published this report"),
        "{err}"
    );
    assert!(err.contains("--published YYYY-MM-DD"), "{err}");
    assert!(!dir.path().join("r.yaml").exists());
}

#[test]
fn new_from_a_pdf_writes_causes_and_areas_for_improvement() {
    let dir = tempfile::tempdir().unwrap();
    let report = report("peel-westshire-2024.pdf");
    let out = s55(
        dir.path(),
        &[
            "new",
            "--report",
            &report,
            "--published",
            "2024-05-02",
            "-o",
            "peel.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = s55(
        dir.path(),
        &[
            "check",
            "peel.yaml",
            "--format",
            "json",
            "--today",
            "2024-05-10",
        ],
    );
    let json = check.json();
    let findings = json["responses"][0]["findings"].as_array().unwrap();
    let unanswered = |rule: &str| {
        findings
            .iter()
            .filter(|f| f["rule"] == rule)
            .filter_map(|f| f["item"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(unanswered("recommendation-unanswered"), ["R1", "R2", "R3"]);
    // The areas for improvement's stubs are listed by their placeholders.
    let placeholders = unanswered("placeholder");
    for afi in ["AFI1", "AFI2", "AFI3"] {
        assert!(placeholders.iter().any(|p| p == afi), "{placeholders:?}");
    }
    assert!(unanswered("cause-of-concern-without-recommendation").is_empty());
}

#[test]
fn extract_prints_json_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let out = s55(
        dir.path(),
        &[
            "extract",
            &report("peel-westshire-2024.pdf"),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    assert_eq!(json["recommendations"].as_array().unwrap().len(), 3);
    assert_eq!(json["recommendations"][0]["cause_of_concern"], "C1");
    assert_eq!(json["causes_of_concern"][0]["id"], "C1");
    let yaml = s55(
        dir.path(),
        &["extract", &report("thematic-children-2024.txt")],
    );
    assert!(yaml.stdout.contains("addressee: the College of Policing"));
    let missing = s55(dir.path(), &["extract", "nothing-here.pdf"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("does not exist"));
}

#[test]
fn schema_matches_the_committed_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = s55(dir.path(), &["schema"]);
    assert_eq!(out.code, 0);
    let committed = std::fs::read_to_string(repo().join("responses/s55.schema.json")).unwrap();
    assert!(
        out.stdout == committed,
        "responses/s55.schema.json is out of date with the model: run `cargo run -- schema > responses/s55.schema.json`"
    );
}

#[test]
fn init_sets_up_an_office_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = s55(dir.path(), &["init", "office"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = dir.path().join("office");
    for f in [
        "office.yaml",
        "responses/s55.schema.json",
        "examples/2024-01-10-example-custody-northshire.yaml",
    ] {
        assert!(root.join(f).is_file(), "{f} is written");
    }
    assert!(!root.join("responses/templates").exists());
    // The office edits its details; a second init keeps them.
    let edited = std::fs::read_to_string(root.join("office.yaml"))
        .unwrap()
        .replace("[insert the name of who signs the letters]", "Alex Example");
    std::fs::write(root.join("office.yaml"), &edited).unwrap();
    let again = s55(dir.path(), &["init", "office"]);
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("kept"));
    assert_eq!(
        std::fs::read_to_string(root.join("office.yaml")).unwrap(),
        edited
    );

    // The worked example reads, uses the office file, and only the office's own details are left.
    let check = s55(
        &root,
        &[
            "check",
            "examples",
            "--format",
            "json",
            "--today",
            "2024-03-01",
        ],
    );
    let json = check.json();
    let findings = json["responses"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|f| f["rule"] == "placeholder"),
        "{findings:?}"
    );

    // A response started in the office's folder refers to its office file and schema.
    let out = s55(
        &root,
        &[
            "new",
            "--report",
            &report("custody-northshire-2023.txt"),
            "--published",
            "2023-06-13",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written: Vec<_> = std::fs::read_dir(root.join("responses"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("2023-06-13-"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(root.join("responses").join(&written[0])).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=s55.schema.json\n"));
    assert!(text.contains("\noffice: ../office.yaml\n"));
}

#[test]
fn status_shows_the_most_urgent_response_first() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(s55(dir.path(), &["init", "."]).code, 0);
    // The worked example lives in examples/; put it among the responses for a second row.
    std::fs::copy(
        dir.path()
            .join("examples/2024-01-10-example-custody-northshire.yaml"),
        dir.path().join("responses/example.yaml"),
    )
    .unwrap();
    let out = s55(
        dir.path(),
        &[
            "new",
            "--report",
            &report("hertfordshire-ncpi-2019.txt"),
            "--published",
            "2020-03-10",
            "-o",
            "responses/herts.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let table = s55(dir.path(), &["status", "--today", "2020-05-06"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let text = table.stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("REPORT"));
    assert!(
        lines[1].contains("2 days overdue") && lines[1].contains("0/7"),
        "{text}"
    );
    assert!(
        lines[2].contains("published on 20 February 2024") && lines[2].contains("2/2"),
        "{text}"
    );

    let json = s55(
        dir.path(),
        &["status", "--format", "json", "--today", "2020-04-01"],
    );
    let v = json.json();
    let first = &v["responses"][0];
    assert_eq!(first["days_left"], 33);
    assert_eq!(first["last_day"], "2020-05-04");
    assert_eq!(first["state"], "draft");
    assert_eq!(first["answered"], 0);
    assert_eq!(first["recommendations"], 7);
}

#[test]
fn a_count_that_differs_warns_in_extract_and_at_the_top_of_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.txt"),
        "An inspection of Westshire Police\n\nSummary\n\nWe make three recommendations.\n\nRecommendations\n\nWithin three months, Westshire Police should review its vetting backlog.\n\nBy 31 March 2025, Westshire Police should publish a workforce plan.\n",
    )
    .unwrap();
    let out = s55(dir.path(), &["extract", "report.txt", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json = out.json();
    let warning = "the report says it has 3 recommendations but s55 found 2 recommendations";
    assert!(json["warnings"][0].as_str().unwrap().starts_with(warning));
    assert!(out.stderr.contains(&format!("warning: {warning}")));

    let out = s55(
        dir.path(),
        &[
            "new",
            "--report",
            "report.txt",
            "--published",
            "2025-01-06",
            "-o",
            "r.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(dir.path().join("r.yaml")).unwrap();
    assert!(text.contains(&format!("# WARNING: {warning}")), "{text}");
    assert!(text.contains("extraction:"), "{text}");
    assert!(text.contains("checked_by_hand: false"), "{text}");
    // The draft still loads, and the lead's check rule has what it needs.
    let file: s55::model::ResponseFile = serde_saphyr::from_str(
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .unwrap();
    let report = file.report.unwrap();
    let warnings = s55::extract::extraction_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let mut checked = report.clone();
    checked.extraction.as_mut().unwrap().checked_by_hand = true;
    assert!(s55::extract::extraction_warnings(&checked).is_empty());
}

#[test]
fn extract_review_lists_sentences_with_their_lines() {
    let out = s55(
        &repo(),
        &["extract", "--review", &report("national-stalking-2023.txt")],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("line 20: In our 2017 report we recommended")
    );
    assert!(
        out.stderr
            .contains("7 sentences outside the items found read like a recommendation")
    );
}

/// The default file name says which report the response answers: the publication date, the
/// report's short kind and the force, cut at a word boundary (the officer's trial gave
/// `2026-10-16-peel-2025-police-effectiveness-efficiency-and-legitimacy-an.yaml`).
#[test]
fn new_names_the_file_by_date_kind_and_force() {
    for (file, published, name) in [
        (
            "westmarch-peel-2025.txt",
            "2026-10-16",
            "2026-10-16-peel-westmarch-police.yaml",
        ),
        (
            "peel-westshire-2024.pdf",
            "2024-05-02",
            "2024-05-02-peel-westshire-police.yaml",
        ),
        (
            "custody-northshire-2023.txt",
            "2023-11-01",
            "2023-11-01-custody-northshire.yaml",
        ),
        (
            "hertfordshire-ncpi-2019.txt",
            "2020-03-10",
            "2020-03-10-national-child-protection-inspections-hertfordshire-constabulary.yaml",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("responses")).unwrap();
        let out = s55(
            dir.path(),
            &["new", "--report", &report(file), "--published", published],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let written: Vec<String> = std::fs::read_dir(dir.path().join("responses"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        assert_eq!(written, [name], "{file}");
        assert!(out.stdout.contains(name), "{}", out.stdout);
    }
}

/// `new` says on stderr what it writes as `# WARNING:` lines at the top of the draft: a stated
/// count that differs from what was found, and a recommendation that names no one.
#[test]
fn new_prints_the_drafts_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.txt"),
        "Summary\n\nWe make three recommendations.\n\nRecommendations\n\n1. By 31 March 2025, the Home Office should publish a strategy.\n\n2. There should be a national training standard for stalking.\n",
    )
    .unwrap();
    let out = s55(
        dir.path(),
        &[
            "new",
            "--report",
            "report.txt",
            "--published",
            "2024-05-02",
            "-o",
            "r.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let err = out.stderr;
    let draft = std::fs::read_to_string(dir.path().join("r.yaml")).unwrap();
    for w in [
        "the report says it has 3 recommendations but s55 found 2 recommendations: read the report and add any that are missing (or remove any that are not recommendations)",
        "R2 does not say who should act on it: write its addressee by hand, from the report (s55 does not guess)",
    ] {
        assert!(err.contains(&format!("warning: {w}\n")), "{err}");
        assert!(draft.contains(&format!("# WARNING: {w}.\n")), "{draft}");
    }
}
