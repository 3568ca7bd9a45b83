//! How long the PDF letter takes to make: each fixture letter (and each example and response,
//! when the repository has them) on its own, then the whole set, in the same process. Plain
//! `std::time`; run with `cargo bench --bench pdf`.

use chrono::NaiveDate;
use s55::render::Templates;
use s55::render::pdf;
use s55::{checks, load};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn inputs(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["letter", "stress", "long"]
        .iter()
        .map(|n| root.join(format!("tests/fixtures/pdf/{n}.yaml")))
        .collect();
    for dir in ["examples", "responses"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            if let Ok(found) = load::response_paths(&[dir]) {
                out.extend(found);
            }
        }
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = NaiveDate::from_ymd_opt(2020, 5, 1).expect("a real date");
    let mut letters = Vec::new();
    for path in inputs(root) {
        let Ok(response) = load::response(&path) else {
            continue;
        };
        let Ok(templates) = Templates::load(&Templates::folders_for(&[], &path, None)) else {
            continue;
        };
        let assessment = checks::assess(&response, today);
        letters.push((path, response, templates, assessment));
    }
    // Warm up: fonts are parsed once per process.
    for (_, r, t, a) in &letters {
        let _ = pdf::render(r, a, t, None);
    }
    let runs = 20;
    println!("PDF generation, mean of {runs} runs:");
    let mut total_bytes = 0;
    for (path, r, t, a) in &letters {
        let start = Instant::now();
        let mut bytes = Vec::new();
        for _ in 0..runs {
            bytes = pdf::render(r, a, t, None).expect("the letter renders");
        }
        let each = start.elapsed() / runs;
        total_bytes += bytes.len();
        let pages = pdf::prepare(r, a, t, None)
            .map(|p| p.layout.pages.len())
            .unwrap_or(0);
        println!(
            "  {:<40} {:>8.2} ms  {:>3} pages  {:>7} bytes",
            path.file_name().unwrap_or_default().to_string_lossy(),
            ms(each),
            pages,
            bytes.len()
        );
    }
    let start = Instant::now();
    for _ in 0..runs {
        for (_, r, t, a) in &letters {
            pdf::render(r, a, t, None).expect("the letter renders");
        }
    }
    println!(
        "  whole set ({} letters, {} bytes)      {:>8.2} ms",
        letters.len(),
        total_bytes,
        ms(start.elapsed() / runs)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
