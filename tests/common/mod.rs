//! Shared helpers for the end-to-end tests, and the one place that runs the real `s55` binary.
//!
//! Every run has `NO_COLOR=1` and no `SOURCE_DATE_EPOCH` (so a PDF's creation date is its letter's
//! date, as on an officer's machine, whatever the shell running the tests has set). A test that
//! means to set an environment variable says so with [`s55_with_env`].
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What a run of the binary gave back.
pub struct Run {
    /// The exit code (-1 when the process was ended by a signal).
    pub code: i32,
    /// Standard output, as text (invalid UTF-8 replaced).
    pub stdout: String,
    /// Standard error, as text (invalid UTF-8 replaced).
    pub stderr: String,
    /// Standard output, byte for byte.
    pub stdout_bytes: Vec<u8>,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout_bytes: out.stdout,
        }
    }
}

impl Run {
    /// Standard output read as JSON, failing the test with what was printed if it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout_bytes).unwrap_or_else(|e| {
            panic!(
                "s55 did not print JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// The command that runs `s55 args` in folder `dir`: no colour, no `SOURCE_DATE_EPOCH`. For tests
/// that need the process itself (to kill it, or to close its output); the others use [`s55`].
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_s55"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Runs `s55 args` in folder `dir` and waits for it.
pub fn s55(dir: &Path, args: &[&str]) -> Run {
    s55_with_env(dir, args, &[])
}

/// Runs `s55 args` in folder `dir` with the environment variables `env` set as well.
pub fn s55_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = command(dir, args);
    command.envs(env.iter().copied());
    command.output().expect("the s55 binary runs").into()
}

/// Runs `s55 args` in folder `dir`, killing it and failing the test if it takes longer than
/// `limit` (a hang is a failure, not a stuck test run).
pub fn s55_within(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the s55 binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("s55 {args:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap().into()
}

/// Runs `s55 args` in folder `dir` on a terminal (a pseudo-terminal made by util-linux `script`),
/// as an officer would, with `NO_COLOR` set or not: the one way to see whether colour is used.
#[cfg(target_os = "linux")]
pub fn s55_on_terminal(dir: &Path, args: &[&str], no_color: bool) -> Run {
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let line: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_s55"))
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let mut command = Command::new("script");
    command
        .args(["-qec", &line.join(" "), "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("SOURCE_DATE_EPOCH");
    if no_color {
        command.env("NO_COLOR", "1");
    } else {
        command.env_remove("NO_COLOR");
    }
    command
        .output()
        .expect("util-linux `script` runs (it makes the terminal)")
        .into()
}

/// The repository's top folder.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The path of a report in `tests/fixtures/reports/`, as an argument for `s55 new` or `extract`.
pub fn report(name: &str) -> String {
    repo()
        .join("tests/fixtures/reports")
        .join(name)
        .display()
        .to_string()
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

/// A fresh temporary folder holding `in/`, with the response files given by name.
pub fn folder(responses: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    for (name, text) in responses {
        std::fs::write(dir.path().join("in").join(name), text).unwrap();
    }
    dir
}

/// Every file under `dir` (names relative to it, hidden files included) with its bytes, sorted by
/// name. Empty when `dir` does not exist.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
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

/// The names of the files under `dir`, as [`tree`] gives them.
pub fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(n, _)| n).collect()
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
    let json = run.json();
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

/// `file` (relative to `dir`) rendered as a Word letter through the binary: its bytes.
pub fn docx_in(dir: &Path, file: &str) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("letter.docx");
    let run = s55(
        dir,
        &[
            "render",
            file,
            "--format",
            "docx",
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    std::fs::read(&path).unwrap()
}

/// The letters the repository ships, relative to it and sorted: every `.yaml` in `examples/` and
/// `responses/`.
pub fn bundled_letters() -> Vec<String> {
    let mut files = Vec::new();
    for folder in ["examples", "responses"] {
        for entry in std::fs::read_dir(repo().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(format!(
                    "{folder}/{}",
                    path.file_name().unwrap().to_str().unwrap()
                ));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    files
}

/// Every part of a Word file, by name: its XML and relationships as text, any other part (an image)
/// as its size ("1234 bytes").
pub fn word_parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().to_string();
        let text = if name.ends_with(".xml") || name.ends_with(".rels") {
            String::from_utf8(data).unwrap()
        } else {
            format!("{} bytes", data.len())
        };
        out.insert(name, text);
    }
    out
}
