//! A build killed at any moment (`kill -9`, a power cut) leaves every file it had written whole,
//! old or new, never half-written; the next build finishes the job and leaves nothing stale behind.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

const RESPONSES: usize = 30;

/// A folder of responses to different reports, with `overview` words that change between rounds.
fn responses(dir: &Path, round: usize) {
    for i in 0..RESPONSES {
        let text = replace(
            &model_response(),
            "  title: National Child Protection Inspections – Hertfordshire Constabulary",
            &format!("  title: Inspection number {i} of Hertfordshire Constabulary"),
        );
        let text = replace(
            &text,
            "    HMICFRS published its report",
            &format!("    Round {round}. HMICFRS published its report"),
        );
        std::fs::write(dir.join(format!("r{i:02}.yaml")), text).unwrap();
    }
}

/// Every file under `dir`, with its bytes, by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir).into_iter().collect()
}

/// Starts `s55 build` of the responses in `src` into `out`, printing nothing.
fn build(src: &Path, out: &Path) -> std::process::Child {
    command(
        src,
        &[
            "build",
            ".",
            "-o",
            out.to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap()
}

/// Whether a written file is whole: an HTML page ends its document, a PDF has its end marker.
fn whole(name: &str, bytes: &[u8]) -> bool {
    if name.ends_with(".html") && !name.ends_with(".fragment.html") {
        String::from_utf8_lossy(bytes)
            .trim_end()
            .ends_with("</html>")
    } else if name.ends_with(".pdf") {
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).contains("%%EOF")
    } else {
        !bytes.is_empty()
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_whole_files_and_the_next_one_finishes_cleanly() {
    let src = tempfile::tempdir().unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    responses(src.path(), 0);
    assert!(build(src.path(), &out).wait().unwrap().success());
    let old = files(&out);

    // The same folder built from scratch in round 1: what a finished build must end with.
    responses(src.path(), 1);
    let fresh = site.path().join("fresh");
    assert!(build(src.path(), &fresh).wait().unwrap().success());
    let new = files(&fresh);

    let mut interrupted = 0;
    for (k, delay) in [5u64, 20, 40, 80, 120, 200, 300, 500, 800]
        .into_iter()
        .enumerate()
    {
        if k % 2 == 1 {
            // Alternate rounds, so that files change back and forth.
            responses(src.path(), 0);
        } else {
            responses(src.path(), 1);
        }
        let mut child = build(src.path(), &out);
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().ok().flatten().is_none() {
            interrupted += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix: no clean-up can run.
        let _ = child.wait();
        for (name, bytes) in files(&out) {
            if name.contains(".s55-partial") || name.ends_with(".s55-build") {
                continue;
            }
            assert!(
                whole(&name, &bytes),
                "after a kill at {delay} ms, {name} is not whole"
            );
            let known = old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes);
            let draft_or_index = name.contains("index")
                || name.ends_with(".json")
                || name.ends_with(".csv")
                || name.ends_with(".atom");
            assert!(
                known || draft_or_index,
                "after a kill at {delay} ms, {name} is neither the old file nor the new one"
            );
        }
    }

    // Some kills must land while the build is still running, or nothing was tried.
    assert!(
        interrupted >= 3,
        "only {interrupted} of the kills interrupted a build"
    );

    // A build that is not interrupted ends exactly where a build from scratch does, with no
    // temporary file left behind.
    responses(src.path(), 1);
    assert!(build(src.path(), &out).wait().unwrap().success());
    let finished = files(&out);
    let leftovers: Vec<&String> = finished
        .keys()
        .filter(|n| n.contains(".s55-partial"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    for (name, bytes) in &new {
        if name.ends_with(".s55-build") {
            continue;
        }
        assert_eq!(
            finished.get(name),
            Some(bytes),
            "{name} differs from a fresh build"
        );
    }
}
