//! `s55 build`: one output per response, atomic and repeatable, never touching files it did not write.

mod common;
use common::*;
use std::path::Path;

fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
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
fn building_twice_gives_the_same_bytes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [&a, &b] {
        let run = build_examples(out.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn build_leaves_files_it_did_not_write_alone() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("about-us.html"), "the office's own page").unwrap();
    let run = s55(
        &repo(),
        &["build", "responses", "-o", out.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(out.path().join("about-us.html")).unwrap(),
        "the office's own page"
    );
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
fn strict_build_refuses_while_errors_remain() {
    let out = tempfile::tempdir().unwrap();
    let run = s55(
        &repo(),
        &[
            "build",
            "examples",
            "-o",
            out.path().to_str().unwrap(),
            "--strict",
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("recommendation R7"), "{}", run.stderr);
    assert!(tree(out.path()).is_empty(), "nothing is built");
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
