//! The officer-mistakes corpus (`tests/fixtures/mistakes/`): every mistake an officer coming from
//! Word or Outlook is likely to make, each in its own small file named after the mistake. Each case
//! has a snapshot of exactly what `s55 check` prints and its exit code: read the snapshots as an
//! officer would before accepting a change to them.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The day the corpus is checked on: after the baseline's publication, before anything is late.
const TODAY: &str = "2025-03-06";

fn corpus() -> PathBuf {
    repo().join("tests/fixtures/mistakes")
}

/// Every case: a file, or a folder holding `response.yaml` and the shared file with the mistake.
fn cases() -> Vec<(String, String)> {
    let mut cases: Vec<(String, String)> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            if p.is_dir() {
                Some((name.clone(), format!("{name}/response.yaml")))
            } else if name.ends_with(".yaml") {
                Some((name.trim_end_matches(".yaml").to_string(), name))
            } else {
                None
            }
        })
        .collect();
    cases.sort();
    cases
}

fn check(dir: &Path, file: &str, format: &[&str]) -> Run {
    let mut args = vec!["check", file, "--today", TODAY];
    args.extend_from_slice(format);
    s55(dir, &args)
}

#[test]
fn every_mistake_gets_its_exact_message() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/mistakes");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, file) in &cases {
            let run = check(&corpus(), file, &[]);
            let shown = format!(
                "exit code: {}\n--- stdout\n{}--- stderr\n{}",
                run.code, run.stdout, run.stderr
            );
            insta::assert_snapshot!(name.as_str(), shown);
        }
    });
}

#[test]
fn valid_cases_pass_and_every_mistake_is_reported() {
    for (name, file) in cases() {
        let run = check(&corpus(), &file, &[]);
        let ok = name.starts_with("00-") || name.contains("-ok-");
        if ok {
            assert_eq!(
                run.code, 0,
                "{name} is valid but check said:\n{}{}",
                run.stdout, run.stderr
            );
            assert!(
                run.stdout.contains("no problems found"),
                "{name}:\n{}",
                run.stdout
            );
        } else {
            assert!(
                run.code != 0 || run.stdout.contains("warning["),
                "{name} is a mistake but check found nothing:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn no_parser_wording_reaches_an_officer() {
    let raw = [
        "mapping values are not allowed",
        "simple key expected",
        "while parsing",
        "did not find expected",
        "block collection",
        "scalar",
        "invalid trailing",
        "unknown field",
        "invalid type",
    ];
    for (name, file) in cases() {
        let run = check(&corpus(), &file, &[]);
        let all = format!("{}{}", run.stdout, run.stderr).to_lowercase();
        for phrase in raw {
            assert!(
                !all.contains(phrase),
                "{name} shows the parser's words “{phrase}”:\n{all}"
            );
        }
    }
}

#[test]
fn every_message_names_a_file_line_and_column_in_json_too() {
    for (name, file) in cases() {
        if name.starts_with("00-") || name.contains("-ok-") {
            continue;
        }
        let run = check(&corpus(), &file, &["--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e}):\n{}", run.stdout));
        let findings: Vec<&serde_json::Value> = json["responses"]
            .as_array()
            .unwrap()
            .iter()
            .chain(json["unreadable"].as_array().unwrap())
            .flat_map(|r| r["findings"].as_array().unwrap())
            .collect();
        assert!(!findings.is_empty(), "{name}: no findings in {json}");
        for f in findings {
            if name.contains("report-file-not-found") && f["rule"] == "unreadable" {
                // A file that is not there has no line to point at.
                assert!(f["file"].is_string(), "{name}: {f}");
                continue;
            }
            for key in ["file", "line", "column"] {
                assert!(!f[key].is_null(), "{name}: finding without {key}: {f}");
            }
        }
    }
}

#[test]
fn check_passes_only_what_every_format_can_make() {
    // Over the whole corpus: when `check` says a file has no errors, `render` makes it in every
    // format; when a letter cannot be made, `check` has already said so.
    for (name, file) in cases() {
        let checked = check(&corpus(), &file, &[]);
        let made = ["md", "html", "pdf"].iter().all(|format| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join(format!("letter.{format}"));
            let run = s55(
                &corpus(),
                &[
                    "render",
                    &file,
                    "--format",
                    format,
                    "--today",
                    TODAY,
                    "-o",
                    out.to_str().unwrap(),
                ],
            );
            run.code == 0
        });
        if checked.code == 0 {
            assert!(made, "{name}: check passed but a format could not be made");
        }
        if !made {
            assert_ne!(
                checked.code, 0,
                "{name}: a format cannot be made but check passed"
            );
        }
    }
}
