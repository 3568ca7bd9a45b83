//! A new office publishes nothing invented: `init` keeps its worked example out of `responses/` and
//! copies no templates; `templates copy` copies one layout and `check` warns when the built-in has
//! moved on; `new` stubs every field the letter needs and says at once when it is already late.

mod common;
use common::{names, report, s55};

fn init_office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = s55(dir.path(), &["init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

#[test]
fn a_new_office_builds_nothing_invented() {
    let dir = init_office();
    let root = dir.path();
    assert!(
        root.join("examples/2024-01-10-example-custody-northshire.yaml")
            .is_file()
    );
    assert!(
        !root.join("responses/templates").exists(),
        "no templates are copied"
    );
    let yaml_in_responses = std::fs::read_dir(root.join("responses"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count();
    assert_eq!(
        yaml_in_responses, 0,
        "the example is not a response to publish"
    );
    // With no response of its own, the office has nothing to build: the example is not built.
    let build = s55(root, &["build", "--today", "2024-02-01"]);
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("there are no response files here to build"),
        "{}",
        build.stderr
    );
    assert!(!root.join("public").exists(), "{:?}", names(root));
    // The example still checks and renders where it is.
    let check = s55(root, &["check", "examples", "--today", "2024-02-01"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    // The default addressee reads as part of a sentence.
    let office = std::fs::read_to_string(root.join("office.yaml")).unwrap();
    assert!(office.contains("name: the Secretary of State for the Home Department"));
}

#[test]
fn templates_copy_copies_one_layout_and_never_replaces_a_file() {
    let dir = init_office();
    let root = dir.path();
    let list = s55(root, &["templates", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    for name in [
        "letter.md",
        "home-secretary.md",
        "board-paper.md",
        "site.css",
    ] {
        assert!(list.stdout.contains(name), "{}", list.stdout);
    }
    let copy = s55(root, &["templates", "copy", "letter"]);
    assert_eq!(copy.code, 0, "{}", copy.stderr);
    let copied: Vec<String> = std::fs::read_dir(root.join("responses/templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(copied, vec!["letter.md".to_string()]);
    let again = s55(root, &["templates", "copy", "letter"]);
    assert_ne!(again.code, 0);
    assert!(again.stderr.contains("already there"), "{}", again.stderr);
    let elsewhere = s55(
        root,
        &["templates", "copy", "board-paper", "--templates", "mine"],
    );
    assert_eq!(elsewhere.code, 0, "{}", elsewhere.stderr);
    assert!(root.join("mine/board-paper.md").is_file());
    let unknown = s55(root, &["templates", "copy", "leter"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("letter.md"), "{}", unknown.stderr);
}

#[test]
fn check_warns_when_a_copied_template_is_older_than_the_built_in() {
    let dir = init_office();
    let root = dir.path();
    std::fs::create_dir_all(root.join("responses")).unwrap();
    std::fs::copy(
        root.join("examples/2024-01-10-example-custody-northshire.yaml"),
        root.join("responses/example.yaml"),
    )
    .unwrap();
    assert_eq!(s55(root, &["templates", "copy", "letter"]).code, 0);
    // A fresh copy: no warning.
    let check = s55(root, &["check", "--today", "2024-02-01"]);
    assert!(!check.stderr.contains("letter.md"), "{}", check.stderr);
    // The copy's record says it came from another version of the built-in.
    let path = root.join("responses/templates/letter.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let old = first.replace(", built-in ", ", built-in 0000");
    std::fs::write(&path, format!("{old}\n{rest}")).unwrap();
    let check = s55(root, &["check", "--today", "2024-02-01"]);
    assert!(
        check.stderr.contains("responses/templates/letter.md")
            && check.stderr.contains("older version"),
        "{}",
        check.stderr
    );
    // A hand-made replacement of a built-in is warned about too.
    std::fs::write(&path, "{% block body %}Hand made{% endblock body %}\n").unwrap();
    let check = s55(root, &["check", "--today", "2024-02-01"]);
    assert!(
        check.stderr.contains("replaces the built-in letter.md"),
        "{}",
        check.stderr
    );
}

#[test]
fn new_writes_a_stub_for_every_field_the_letter_needs() {
    let dir = init_office();
    let root = dir.path();
    let run = s55(
        root,
        &[
            "new",
            "--report",
            &report("custody-northshire-2023.txt"),
            "--published",
            "2023-06-13",
            "-o",
            "responses/new.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(root.join("responses/new.yaml")).unwrap();
    for stub in [
        "reference: \"[insert",
        "subject: \"[insert",
        "overview: |\n    [insert",
        "comments: |\n    [insert the chief officer",
        "on_chief_officer_comments: |\n    [insert",
        "invited_note: \"[insert",
        "# url: [insert",
        "# date: YYYY-MM-DD",
        "# published:",
        "# sent:",
    ] {
        assert!(text.contains(stub), "no stub {stub:?} in:\n{text}");
    }
    let answers = text.matches("- items: [").count();
    assert!(answers > 0);
    assert_eq!(text.matches("\n    position: #").count(), answers, "{text}");
    assert_eq!(
        text.matches("\n    comment: |\n").count(),
        answers,
        "{text}"
    );
    // `check` reads the file and lists the placeholders.
    let check = s55(
        root,
        &[
            "check",
            "responses/new.yaml",
            "--format",
            "json",
            "--today",
            "2023-06-20",
        ],
    );
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    let placeholders = check.stdout.matches("\"placeholder\"").count();
    assert!(placeholders >= 6, "{}", check.stdout);
}

#[test]
fn new_after_the_last_day_says_at_once_how_late_it_is() {
    let dir = init_office();
    let run = s55(
        dir.path(),
        &[
            "new",
            "--report",
            &report("custody-northshire-2023.txt"),
            "--published",
            "2023-06-13",
            "-o",
            "responses/late.yaml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("days late") && run.stderr.contains("as soon as possible"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("responses/late.yaml").is_file());
}
