//! How long one letter takes in one process, step by step, as `s55 build` makes it: the response
//! read and checked (with its templates already loaded, as a build loads each set of template
//! folders once), then each file made from it (Markdown, the web page, the CMS fragment, the PDF
//! and the Word letter), and the whole of it. This is the measure for issue 14's goals "one letter
//! in every format under 10 ms" and "the PDF alone under 5 ms", in process.
//!
//! What is made once per process, as a build makes it once, is outside the timing: the template
//! sets and the PDF's fonts (the first warm-up round loads them). Everything made for a letter is
//! inside it. So that nothing kept from one round can make the same letter look faster the next
//! time, each round goes through every letter in turn (the model response and the examples) rather
//! than repeating one letter many times in a row.
//!
//! Under the steps, two more lines: "total (CPU)", the whole letter's processor time (all the
//! process's threads), steadier on a shared machine but not the goal's measure (time on the clock);
//! and "side by side", the letter read and made again with its formats made side by side on both
//! cores ([`renderer::render_all`]) rather than one after another as `total` makes them.
//!
//! Plain `std::time`; run with `cargo bench --bench letter` (`S55_BENCH_ROUNDS=N` for another
//! number of rounds; 200 by default, after 20 rounds of warm-up). Times are medians over the
//! rounds, with the fastest and the 90th percentile beside them: the machine is shared, so the
//! median is the figure to compare.

use chrono::NaiveDate;
use s55::load;
use s55::render::renderer::{self, RENDERERS};
use s55::render::{Letter, Templates};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The letters measured: the model response first, then the examples.
fn inputs(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["responses", "examples"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            if let Ok(found) = load::response_paths(&[dir]) {
                out.extend(found);
            }
        }
    }
    out
}

/// One letter to measure: where it is, its templates (loaded once) and the time of each step in
/// each round.
struct Subject {
    path: PathBuf,
    templates: Templates,
    folders: Vec<PathBuf>,
    /// One list per step: loading, each renderer in the order of `RENDERERS`, then the total.
    times: Vec<Vec<Duration>>,
    /// The process's processor time (every thread of it) for the whole letter in each round.
    cpu: Vec<Duration>,
    /// The whole letter again, its formats made side by side ([`renderer::render_all`]).
    side_by_side: Vec<Duration>,
    /// The size of each file, from the last round.
    sizes: Vec<usize>,
}

/// The processor time this process has used so far, all its threads together: unlike the time on
/// the clock, it does not grow while other programs on the shared machine have the processor.
fn cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to write into.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(ok, 0, "the process's processor time can be read");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The day the checks are run as of: fixed, so that every run measures the same letters.
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date");
    let rounds: usize = std::env::var("S55_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let warm_up = 20;
    let steps = RENDERERS.len() + 2;
    let mut subjects: Vec<Subject> = Vec::new();
    for path in inputs(root) {
        let folders = Templates::folders_for(&[], &path, None);
        let Ok(templates) = Templates::load(&folders) else {
            eprintln!("skipped {}: its templates do not load", path.display());
            continue;
        };
        subjects.push(Subject {
            path,
            templates,
            folders,
            times: vec![Vec::with_capacity(rounds); steps],
            cpu: Vec::with_capacity(rounds),
            side_by_side: Vec::with_capacity(rounds),
            sizes: vec![0; RENDERERS.len()],
        });
    }
    for round in 0..warm_up + rounds {
        for s in &mut subjects {
            let mut times = Vec::with_capacity(steps);
            let cpu = cpu_time();
            let start = Instant::now();
            let letter = Letter::load_with(&s.path, s.templates.clone(), s.folders.clone(), today)
                .unwrap_or_else(|d| panic!("{}: {}", s.path.display(), d.message));
            times.push(start.elapsed());
            for (i, r) in RENDERERS.iter().enumerate() {
                let step = Instant::now();
                let bytes = r
                    .render(&letter)
                    .unwrap_or_else(|d| panic!("{} {}: {}", s.path.display(), r.kind(), d.message));
                times.push(step.elapsed());
                s.sizes[i] = std::hint::black_box(bytes).len();
            }
            drop(letter);
            times.push(start.elapsed());
            let cpu = cpu_time() - cpu;
            // The same letter read again and its formats made side by side.
            let start = Instant::now();
            let letter = Letter::load_with(&s.path, s.templates.clone(), s.folders.clone(), today)
                .unwrap_or_else(|d| panic!("{}: {}", s.path.display(), d.message));
            for (r, made) in RENDERERS
                .iter()
                .zip(renderer::render_all(&letter, RENDERERS))
            {
                let bytes = made
                    .unwrap_or_else(|d| panic!("{} {}: {}", s.path.display(), r.kind(), d.message));
                std::hint::black_box(bytes);
            }
            drop(letter);
            let side_by_side = start.elapsed();
            if round >= warm_up {
                s.cpu.push(cpu);
                s.side_by_side.push(side_by_side);
                for (list, t) in s.times.iter_mut().zip(times) {
                    list.push(t);
                }
            }
        }
    }

    println!(
        "One letter in one process, every step; median of {rounds} rounds (fastest, 90th percentile), \
         each round through all {} letters in turn:",
        subjects.len()
    );
    let mut header = vec!["load + check".to_string()];
    header.extend(RENDERERS.iter().map(|r| r.kind().to_string()));
    header.push("total".to_string());
    for s in &mut subjects {
        println!();
        println!("{}", s.path.strip_prefix(root).unwrap_or(&s.path).display());
        println!(
            "  {:<14} {:>9} {:>9} {:>9} {:>10}",
            "step", "median", "fastest", "p90", "bytes"
        );
        for (i, (name, list)) in header.iter().zip(&mut s.times).enumerate() {
            list.sort();
            let size = match i {
                0 => String::new(),
                i if i <= RENDERERS.len() => s.sizes[i - 1].to_string(),
                _ => s.sizes.iter().sum::<usize>().to_string(),
            };
            println!("  {:<14} {} {:>10}", name, spread(list), size);
        }
        for (name, list) in [
            ("total (CPU)", &mut s.cpu),
            ("side by side", &mut s.side_by_side),
        ] {
            list.sort();
            println!("  {:<14} {}", name, spread(list));
        }
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        println!();
        println!("load average at the end: {}", load.join(" "));
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A sorted list of times as the table shows it: median, fastest and 90th percentile.
fn spread(sorted: &[Duration]) -> String {
    format!(
        "{:>6.2} ms {:>6.2} ms {:>6.2} ms",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() * 9 / 10]),
    )
}
