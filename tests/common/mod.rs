//! Shared helpers for the end-to-end tests: run the real `s55` binary and read what it prints.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `s55` with `args` in folder `dir`, without colour.
pub fn s55(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_s55"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the s55 binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The repository's top folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The model response, a complete valid file to vary in tests.
pub fn model_response() -> String {
    std::fs::read_to_string(repo().join("responses/hertfordshire-model.yaml")).unwrap()
}

/// Writes `text` as `name` in a fresh temporary folder and returns the folder.
pub fn folder_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// Replaces `from` with `to` in `text`, failing the test if `from` is not there (so a test can
/// never silently test the unchanged file).
pub fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the fixture no longer contains {from:?}"
    );
    text.replacen(from, to, 1)
}

/// Runs `s55 check --format json` on one response text and returns (exit code, [(rule, item)]).
pub fn check_findings(
    text: &str,
    today: &str,
) -> (i32, Vec<(String, Option<String>)>, serde_json::Value) {
    let dir = folder_with("response.yaml", text);
    let run = s55(
        dir.path(),
        &[
            "check",
            "response.yaml",
            "--format",
            "json",
            "--today",
            today,
        ],
    );
    assert!(
        run.code == 0 || run.code == 1,
        "check failed to read the file: {}",
        run.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    let response = json["responses"][0].clone();
    let findings = response["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["item"].as_str().map(str::to_string),
            )
        })
        .collect();
    (run.code, findings, response)
}

/// The rules found, without items.
pub fn rules(findings: &[(String, Option<String>)]) -> Vec<&str> {
    findings.iter().map(|(r, _)| r.as_str()).collect()
}

/// The rule ids of findings, leaving out one rule (a side effect of the change a test makes).
pub fn rules_except<'a>(findings: &'a [(String, Option<String>)], except: &str) -> Vec<&'a str> {
    findings
        .iter()
        .map(|(r, _)| r.as_str())
        .filter(|r| *r != except)
        .collect()
}
