//! Each example renders to the letter that was really sent: every paragraph of the seed letter appears
//! in the rendered Markdown, in order, once whitespace, Markdown markup and the text extraction's
//! artefacts are set aside.

mod common;
use common::*;

/// A paragraph reduced to its words: markup and line breaks removed, whitespace collapsed.
fn normalise(paragraph: &str) -> String {
    let mut words = Vec::new();
    for line in paragraph.lines() {
        let mut l = line.trim();
        l = l.trim_start_matches('#').trim_start();
        l = l.strip_prefix("> ").unwrap_or(l);
        l = l.strip_prefix("- ").unwrap_or(l);
        let l = l
            .trim_end_matches('\\')
            .replace("**", "")
            .replace(['<', '>'], "")
            // The letters' labels use one apostrophe style (’); the seeds have either.
            .replace('’', "'");
        let l = l.trim_matches('*');
        words.extend(l.split_whitespace().map(str::to_string));
    }
    words.join(" ")
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(normalise)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Checks that the seed's paragraphs (after dropping `artefacts` and joining paragraphs split after
/// `split_after`) appear in order in the rendered letter.
fn assert_reproduces(example: &str, seed: &str, artefacts: &[&str], split_after: &[&str]) {
    let run = s55(&repo(), &["render", example, "--today", "2026-11-23"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rendered = paragraphs(&run.stdout);
    let seed_text = std::fs::read_to_string(repo().join("tests/fixtures/seeds").join(seed))
        .expect("seed letter");
    let mut wanted: Vec<String> = Vec::new();
    for p in paragraphs(&seed_text) {
        if artefacts.iter().any(|a| p.starts_with(a)) {
            continue;
        }
        match wanted.last_mut() {
            Some(last) if split_after.iter().any(|s| last.ends_with(s)) => {
                last.push(' ');
                last.push_str(&p);
            }
            _ => wanted.push(p),
        }
    }
    let mut at = 0;
    for p in &wanted {
        match rendered[at..].iter().position(|r| r.contains(p.as_str())) {
            Some(i) => at += i + 1,
            None => panic!(
                "{example}: the seed paragraph\n  {p}\nis not in the rendered letter after paragraph {at}:\n{}",
                run.stdout
            ),
        }
    }
    assert!(wanted.len() > 10, "the comparison covered the letter");
}

#[test]
fn hertfordshire_letter_is_reproduced() {
    // The extraction put the signature block in the middle of the letter; the rendered letter signs
    // it at the end.
    assert_reproduces(
        "examples/hertfordshire-2020.yaml",
        "000_3dd94a8594287dd7.txt",
        &[
            "— David Lloyd —",
            "Police and Crime Commissioner for Hertfordshire",
        ],
        &[],
    );
}

#[test]
fn dorset_letter_is_reproduced() {
    // The extraction split one paragraph after "a Child Centred Policing".
    assert_reproduces(
        "examples/dorset-2020.yaml",
        "004_0d90f760a3947a6d.txt",
        &[],
        &["a Child Centred Policing"],
    );
}

#[test]
fn cambridgeshire_board_paper_is_reproduced() {
    // The extraction flattened the contacts table, and the paper's reference link misspells the
    // inspectorate's domain ("justiceinspectors"); the shared report file has the right address.
    assert_reproduces(
        "examples/cambridgeshire-2020.yaml",
        "003_25e25a4aca7cb938.txt",
        &["Contact Officers", "Reference Document"],
        &[],
    );
    let run = s55(&repo(), &["render", "examples/cambridgeshire-2020.yaml"]);
    for name in [
        "Mark GREENHALGH – Head of Crime",
        "Laura KOSCIKIEWICZ – Head of PVP",
        "Alice THOMPSON – CDD Governance & Inspection Assistant",
    ] {
        assert!(run.stdout.contains(name), "contact {name} missing");
    }
}
