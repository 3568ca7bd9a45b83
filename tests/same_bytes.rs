//! Every file `s55 build` and `s55 render` write for the examples, the model response and the
//! website fixtures has exactly the bytes recorded in `tests/fixtures/build-manifest/`: a change to
//! how letters are put together inside s55 must not change a single published byte.
//!
//! Each manifest lists one SHA-256 per file, as `sha256sum` prints them. After a change meant to
//! alter the output, run `S55_RECORD_MANIFEST=1 cargo test --test same_bytes` to record the new
//! bytes, and read the letters' diff before committing the manifests.
//!
//! Building again gives the same bytes too, and rewrites nothing.

mod common;

use common::*;
use s55::site::files::sha256_hex;
use std::path::Path;

/// Runs `s55 args` in the repository folder, failing the test if it fails.
fn run(args: &[&str]) -> Run {
    let run = s55(&repo(), args);
    assert_eq!(run.code, 0, "s55 {args:?} failed: {}", run.stderr);
    run
}

/// The bytes of a file as the manifest records them: a build record without its `# made from`
/// lines, which hold fingerprints of the s55 program that wrote it (they change with every build of
/// s55, as they must, so that a new s55 makes every file again); every other file as it is.
fn recorded_bytes(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    if !path.ends_with(".s55-build") {
        return bytes;
    }
    let text = String::from_utf8(bytes).unwrap();
    text.lines()
        .filter(|l| !l.starts_with("# made from "))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}

/// `HASH  NAME` for every file under `dir`, sorted by name.
fn hashes(dir: &Path) -> String {
    let mut lines: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            format!("{}  {name}\n", sha256_hex(&recorded_bytes(e.path())))
        })
        .collect();
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    lines.concat()
}

/// Compares the files under `dir` with the manifest `name` (or records them, with
/// `S55_RECORD_MANIFEST=1`), naming every file that differs.
fn assert_manifest(dir: &Path, name: &str) {
    let path = repo().join("tests/fixtures/build-manifest").join(name);
    let now = hashes(dir);
    if std::env::var_os("S55_RECORD_MANIFEST").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&path).expect("the manifest is in the repository");
    let differ: Vec<&str> = now
        .lines()
        .filter(|l| !recorded.lines().any(|r| r == *l))
        .chain(recorded.lines().filter(|r| !now.lines().any(|l| l == *r)))
        .collect();
    assert!(
        differ.is_empty(),
        "these files are not byte for byte what {name} records:\n{}",
        differ.join("\n")
    );
    assert!(!recorded.is_empty(), "{name} lists no files");
}

/// Builds `input` with a fixed today twice: drafts apart (into `public` and `public-drafts`) and
/// with `--include-drafts` (into `all`).
fn build_both_ways(input: &str, today: &str, out: &Path) {
    for (folder, extra) in [("public", None), ("all", Some("--include-drafts"))] {
        let target = out.join(folder);
        let mut args = vec![
            "build",
            input,
            "-o",
            target.to_str().unwrap(),
            "--today",
            today,
        ];
        args.extend(extra);
        run(&args);
    }
}

#[test]
fn building_the_examples_writes_the_recorded_bytes() {
    let out = tempfile::tempdir().unwrap();
    build_both_ways("examples", "2026-11-23", out.path());
    assert_manifest(out.path(), "examples.sha256");
}

#[test]
fn building_the_model_response_writes_the_recorded_bytes() {
    let out = tempfile::tempdir().unwrap();
    build_both_ways("responses", "2020-04-22", out.path());
    assert_manifest(out.path(), "responses.sha256");
}

#[test]
fn building_the_website_fixtures_writes_the_recorded_bytes() {
    let out = tempfile::tempdir().unwrap();
    build_both_ways("tests/fixtures/site", "2020-04-22", out.path());
    assert_manifest(out.path(), "site.sha256");
}

#[test]
fn rendering_each_letter_in_each_format_writes_the_recorded_bytes() {
    let out = tempfile::tempdir().unwrap();
    let letters = [
        "examples/dorset-2020.yaml",
        "examples/hertfordshire-2020.yaml",
        "responses/hertfordshire-model.yaml",
        "tests/fixtures/site/hertfordshire-ncpi.yaml",
    ];
    let ways: [(&str, &[&str]); 5] = [
        ("md", &["--format", "md"]),
        ("html", &["--format", "html"]),
        ("fragment.html", &["--format", "html", "--fragment"]),
        ("pdf", &["--format", "pdf"]),
        ("board-paper.md", &["--template", "board-paper"]),
    ];
    for letter in letters {
        let stem = Path::new(letter).file_stem().unwrap().to_str().unwrap();
        for (ext, args) in ways {
            let target = out.path().join(format!("{stem}.{ext}"));
            let mut all = vec!["render", letter, "--today", "2020-04-22", "-o"];
            all.push(target.to_str().unwrap());
            all.extend(args);
            run(&all);
        }
    }
    assert_manifest(out.path(), "render.sha256");
}

#[test]
fn building_again_rewrites_nothing_and_a_fresh_folder_gets_the_same_bytes() {
    let out = tempfile::tempdir().unwrap();
    let build = |folder: &str| {
        let target = out.path().join(folder);
        run(&[
            "build",
            "tests/fixtures/site",
            "-o",
            target.to_str().unwrap(),
            "--today",
            "2020-04-22",
            "--include-drafts",
        ])
    };
    let first = build("public");
    assert!(
        first.stdout.contains(", 0 already up to date"),
        "{}",
        first.stdout
    );
    let before = tree(&out.path().join("public"));
    assert!(
        before.iter().any(|(n, _)| n.ends_with(".pdf")),
        "{before:?}"
    );
    let second = build("public");
    assert!(
        second.stdout.contains("0 files written, "),
        "a rebuild rewrote files: {}",
        second.stdout
    );
    assert_eq!(tree(&out.path().join("public")), before);
    build("fresh");
    assert_eq!(tree(&out.path().join("fresh")), before);
}
