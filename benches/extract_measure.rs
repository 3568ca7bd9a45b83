//! The extractor's measured figure: recall and precision of recommendations, causes of concern and
//! areas for improvement over every fixture report, as text and as PDF, against the hand-checked
//! `*.expected.yaml` beside each. Run with `tests/extract/measure.sh` (or
//! `cargo bench --bench extract_measure`). Not a timed benchmark.

use s55::extract::{extract, read_report};
use std::path::{Path, PathBuf};

/// Words only, so that a found item matches the expected one whatever the spacing.
fn key(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    expected: usize,
    found: usize,
    right: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.expected += o.expected;
        self.found += o.found;
        self.right += o.right;
    }
    fn cell(&self) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "  -  ".to_string()
            } else {
                format!("{:>5.1}", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "{}/{} r{} p{}",
            self.right,
            self.expected,
            pct(self.right, self.expected),
            pct(self.right, self.found)
        )
    }
}

/// A recommendation is right when its text, points, timescale, addressee and cause of concern
/// are all as expected; an item when its text is.
fn tally(expected: &serde_json::Value, found: &serde_json::Value, list: &str, rec: bool) -> Tally {
    let sig = |v: &serde_json::Value| -> String {
        let mut s = key(v["text"].as_str().unwrap_or(""));
        if rec {
            for p in v["points"].as_array().into_iter().flatten() {
                s.push('|');
                s.push_str(&key(p.as_str().unwrap_or("")));
            }
            for f in ["timescale", "addressee", "cause_of_concern"] {
                s.push('|');
                s.push_str(v[f].as_str().unwrap_or("-"));
            }
        }
        s
    };
    let want: Vec<String> = expected[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(sig)
        .collect();
    let got: Vec<String> = found[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(sig)
        .collect();
    let mut unmatched = want.clone();
    let mut right = 0;
    for g in &got {
        if let Some(i) = unmatched.iter().position(|w| w == g) {
            unmatched.remove(i);
            right += 1;
        }
    }
    Tally {
        expected: want.len(),
        found: got.len(),
        right,
    }
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut reports: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "pdf"))
        .collect();
    reports.sort();
    let lists = [
        ("recommendations", true),
        ("causes_of_concern", false),
        ("areas_for_improvement", false),
    ];
    let mut totals = [[Tally::default(); 3]; 2];
    println!(
        "{:<34} {:<4} {:<24} {:<24} {:<24}",
        "report", "as", "recommendations", "causes of concern", "areas for improvement"
    );
    for path in &reports {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let expected_path: &Path = &dir.join(format!("{stem}.expected.yaml"));
        let Ok(expected_text) = std::fs::read_to_string(expected_path) else {
            continue;
        };
        let expected: serde_json::Value = serde_saphyr::from_str(&expected_text).unwrap();
        let found = serde_json::to_value(extract(&read_report(path).unwrap())).unwrap();
        let pdf = usize::from(path.extension().is_some_and(|x| x == "pdf"));
        let mut cells = Vec::new();
        for (i, (list, rec)) in lists.iter().enumerate() {
            let t = tally(&expected, &found, list, *rec);
            totals[pdf][i].add(t);
            cells.push(t.cell());
        }
        println!(
            "{:<34} {:<4} {:<24} {:<24} {:<24}",
            stem,
            if pdf == 1 { "pdf" } else { "text" },
            cells[0],
            cells[1],
            cells[2]
        );
    }
    println!();
    for (pdf, name) in [(0, "ALL TEXT"), (1, "ALL PDF")] {
        let t = &totals[pdf];
        println!(
            "{:<34} {:<4} {:<24} {:<24} {:<24}",
            name,
            "",
            t[0].cell(),
            t[1].cell(),
            t[2].cell()
        );
    }
    println!(
        "\n(right/expected, r = recall %, p = precision %; a recommendation is right only with its text, points, timescale, addressee and cause of concern)"
    );
}
