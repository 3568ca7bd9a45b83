//! A bounded mutation run over the officer-mistakes corpus and the examples, the stable-toolchain
//! stand-in for the fuzz targets in `fuzz/`: each case is a real file changed the way files get
//! damaged (a line lost, doubled or shifted, a character from Word pasted in, a byte cut), read and
//! checked in the library, and, when `check` passes, made in every format. It asserts that nothing
//! panics and that `check` never passes what cannot be made. The seed is fixed, so a failure is
//! repeatable; a case that fails becomes a fixture of its own.

use s55::checks::Severity;
use s55::render::{Templates, trial};
use std::path::PathBuf;

/// How many mutated files are tried per run.
const CASES: usize = 3000;

/// A small, repeatable random number generator (xorshift), so that the run needs no crate and
/// every run tries the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters officers paste in, and the ones YAML gives a meaning.
const PASTED: &[&str] = &[
    "\u{a0}", "\u{200b}", "\t", "“", "”", "‘", "’", "•", "–", "—", " #", ": ", "- ", "|", ">", "&",
    "*", "!", "%", "@", "`", "\"", "'", "[", "]", "{", "}", "\r\n", "\u{feff}", "😀", "שלום",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    for _ in 0..1 + rng.below(3) {
        let n = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(n);
                if lines.is_empty() {
                    break;
                }
            }
            1 => {
                let copy = lines[n].clone();
                lines.insert(n, copy);
            }
            2 => lines[n] = format!("  {}", lines[n]),
            3 => lines[n] = lines[n].trim_start_matches(' ').to_string(),
            4 | 5 => {
                let line = &lines[n];
                let cuts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
                let at = if cuts.is_empty() {
                    0
                } else {
                    cuts[rng.below(cuts.len())]
                };
                let paste = PASTED[rng.below(PASTED.len())];
                lines[n] = format!("{}{paste}{}", &line[..at], &line[at..]);
            }
            _ => {
                let line = &lines[n];
                let keep = line.char_indices().nth(rng.below(line.chars().count() + 1));
                lines[n] = match keep {
                    Some((i, _)) => line[..i].to_string(),
                    None => line.clone(),
                };
            }
        }
    }
    lines.join("\n") + "\n"
}

/// The seed files: every single-file case of the corpus and every example.
fn seeds() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/fixtures/mistakes", "examples", "responses"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn damaged_files_never_panic_and_check_never_passes_what_cannot_be_made() {
    let seeds = seeds();
    let mut rng = Rng(0x5eed_5555_2026_1125);
    // The examples' shared report file, beside the cases, as `report_file: reports/…` expects.
    let dir = tempfile::tempdir().unwrap();
    let reports = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    for entry in std::fs::read_dir(reports).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join("reports").join(p.file_name().unwrap())).unwrap();
    }
    let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 6).unwrap();
    let (mut read, mut passed) = (0, 0);
    for case in 0..CASES {
        let seed = &seeds[rng.below(seeds.len())];
        let original = std::fs::read_to_string(seed).unwrap();
        let text = mutate(&original, &mut rng);
        // Read from memory, as the fuzz targets do, as if it were a file in the temporary folder.
        let path = dir.path().join(format!("case-{case}.yaml"));
        let path = path.as_path();
        let outcome = std::panic::catch_unwind(|| {
            let Ok(response) = s55::load::response_from_text(path, text.clone()) else {
                return (false, false);
            };
            let templates = Templates::load(&Templates::folders_for(&[], path, None));
            let (response, assessment) = trial::assess(response, today, templates);
            let clean = !assessment
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error);
            if clean {
                // Passing means every renderer makes it: make each once more, for real.
                // The text is in memory, not on disk: the letter is made from what was read.
                let letter = s55::render::Letter {
                    response,
                    assessment,
                    templates: Templates::load(&[]).expect("built-in templates load"),
                    template_folders: Vec::new(),
                    layout: None,
                    links: Default::default(),
                };
                for r in s55::render::renderer::RENDERERS {
                    assert!(
                        r.render(&letter).is_ok(),
                        "check passed a letter that cannot be made"
                    );
                }
            }
            (true, clean)
        });
        match outcome {
            Ok((r, c)) => {
                read += r as usize;
                passed += c as usize;
            }
            Err(_) => {
                let keep = std::env::temp_dir().join(format!("s55-mutation-{case}.yaml"));
                // The file is written only now, to be looked at.
                std::fs::write(&keep, &text).unwrap();
                panic!(
                    "case {case} (from {}) panicked; the file is kept at {}",
                    seed.display(),
                    keep.display()
                );
            }
        }
    }
    // The run must exercise both sides: files that still read, and some that pass every check.
    assert!(
        read > CASES / 20,
        "only {read} of {CASES} mutated files could be read"
    );
    assert!(passed > 0, "no mutated file passed the checks");
}
