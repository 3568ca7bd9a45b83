//! `s55 build`: one output per response, named after its report, a summary of what was built,
//! `--strict`, atomic, and never touching files it did not write. (Byte-identical rebuilds are
//! `tests/same_bytes.rs`; what the pages hold is `tests/website.rs`.)

mod common;
use common::*;
use std::path::Path;

const VALID: &str = include_str!("fixtures/site/hertfordshire-ncpi.yaml");
const DRAFT: &str = include_str!("fixtures/site/dorset-draft.yaml");

/// `s55 build in -o out` in `dir`, with a fixed today and `extra` arguments.
fn build_in(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", "in", "-o", "out", "--today", "2020-04-22"];
    args.extend(extra);
    s55(dir, &args)
}

/// Builds the real letters in `examples/` into `out/public` (so that their drafts go to
/// `out/public-drafts`), with a fixed today.
fn build_examples(out: &Path) -> Run {
    s55(
        &repo(),
        &[
            "build",
            "examples",
            "-o",
            out.join("public").to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
    )
}

#[test]
fn build_writes_one_letter_per_response_named_after_the_report() {
    let out = tempfile::tempdir().unwrap();
    let run = build_examples(out.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = tree(out.path())
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert_eq!(
        names,
        [
            "public-drafts/2020-02-27-national-child-protection-inspections-2019-thematic-report-cambridgeshire-2020.md",
            "public-drafts/2020-02-27-national-child-protection-inspections-2019-thematic-report-dorset-2020.md",
            "public-drafts/2020-03-10-national-child-protection-inspections-hertfordshire.md",
        ]
    );
    // The real letters have errors, so they are built as drafts, beside the website folder rather
    // than in it, and the user is told.
    assert!(
        run.stdout.contains("examples/dorset-2020.yaml: 4 errors"),
        "{}",
        run.stdout
    );
}

#[test]
fn files_the_build_did_not_write_are_never_deleted_or_changed() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("images")).unwrap();
    let foreign = [
        ("notes.txt", "the web team's notes"),
        ("2019-01-01-an-old-response.html", "<p>written by hand</p>"),
        ("images/logo.png", "not really a png"),
        ("favicon.ico", "icon"),
    ];
    for (name, text) in foreign {
        std::fs::write(out.join(name), text).unwrap();
    }
    let run = build_in(dir.path(), &["--include-drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft =
        out.join("2020-02-27-national-child-protection-inspections-2019-thematic-report.md");
    assert!(draft.is_file(), "{:?}", names(&out));
    // A response removed: its own files go, nothing else does.
    std::fs::remove_file(dir.path().join("in/b.yaml")).unwrap();
    let run = build_in(dir.path(), &["--include-drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("from an earlier build removed"),
        "{}",
        run.stdout
    );
    assert!(!draft.exists());
    for (name, text) in foreign {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
}

#[test]
fn a_broken_response_writes_nothing_and_keeps_earlier_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    let out = dir.path().join("public");
    let first = s55(dir.path(), &["build", ".", "-o", "public"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = tree(&out);
    assert!(!before.is_empty());
    std::fs::write(
        dir.path().join("good.yaml"),
        replace(&model_response(), "layout: letter", "layout: [letter"),
    )
    .unwrap();
    let second = s55(dir.path(), &["build", ".", "-o", "public"]);
    assert_eq!(second.code, 2);
    assert!(
        second.stderr.contains("nothing was written"),
        "{}",
        second.stderr
    );
    assert_eq!(tree(&out), before, "the earlier outputs are intact");
}

#[test]
fn strict_refuses_to_build_anything_while_an_error_remains() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    let run = build_in(dir.path(), &["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("b.yaml"), "{}", run.stderr);
    assert!(!run.stderr.contains("a.yaml"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[recommendation-unanswered]: recommendation R2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--strict: nothing was built because 1 response has errors."),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out").exists(), "nothing is built");
    assert!(!dir.path().join("out-drafts").exists(), "nothing is built");
    // Once every response passes, --strict builds.
    std::fs::remove_file(dir.path().join("in/b.yaml")).unwrap();
    let run = build_in(dir.path(), &["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("out/index.html").is_file());
}

#[test]
fn the_build_summary_says_what_was_built_and_what_failed() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    let run = build_in(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout;
    assert!(
        text.contains("Built 2 responses (1 published, 1 still to publish, 0 overdue)"),
        "{text}"
    );
    assert!(
        text.contains("14 files written, 0 already up to date."),
        "{text}"
    );
    assert!(
        text.contains(
            "1 response failed the checks and was built marked “DRAFT – not ready to publish”, into "
        ) && text.contains("out-drafts (not the website folder) and left off the index:"),
        "{text}"
    );
    assert!(text.contains("b.yaml: 1 error"), "{text}");
    // Not a terminal: no progress line.
    assert!(!run.stderr.contains("building 1/2"), "{}", run.stderr);
}

#[test]
fn render_writes_the_letter_to_a_file() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("letter.md");
    let run = s55(
        &repo(),
        &[
            "render",
            "examples/dorset-2020.yaml",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("16 March 2020\n\nDear Home Secretary"));
    assert!(text.contains("\n2. This recommendation concerns the need for the regular review"));
}
