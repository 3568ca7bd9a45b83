//! How long `s55 serve` takes from a file saved to the updated page: the change seen (its event
//! arrives) and the new checks and preview (or dashboard list) fetched, for an office of one response
//! and one of 200. Most of it is the wait for the next look at the files (every 300 ms, so 150 ms on
//! average). A benchmark, not a test: `cargo bench --bench serve`.

use s55::serve::{Options, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn get(port: u16, target: &str) -> usize {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server answers");
    write!(s, "GET {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut body = Vec::new();
    s.read_to_end(&mut body).unwrap();
    assert!(
        body.starts_with(b"HTTP/1.0 200") || body.starts_with(b"HTTP/1.1 200"),
        "{target}: {}",
        String::from_utf8_lossy(&body[..body.len().min(300)])
    );
    body.len()
}

/// `runs` saves of `file`, each timed to the page fetched anew, and the fetch alone (the checks
/// and rendering, without the wait for the watcher), each sorted.
fn measure(
    port: u16,
    file: &Path,
    events: &str,
    page: &str,
    runs: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut writer = s.try_clone().unwrap();
    write!(
        writer,
        "GET {events} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    while !line.starts_with("retry:") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let text = std::fs::read_to_string(file).unwrap();
    let (mut times, mut fetch) = (Vec::new(), Vec::new());
    for i in 0..runs {
        // Let the watcher settle between saves, as an officer's saves are seconds apart, and land
        // each save at a different point of the watcher's 300 ms round, as real saves do.
        std::thread::sleep(Duration::from_millis(700 + (i as u64 * 61) % 300));
        let start = Instant::now();
        std::fs::write(file, format!("{text}# save {i}\n")).unwrap();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.starts_with("event: change") {
                break;
            }
        }
        let seen = start.elapsed();
        get(port, page);
        times.push(start.elapsed());
        fetch.push(start.elapsed() - seen);
    }
    times.sort();
    fetch.sort();
    (times, fetch)
}

fn report(what: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what:<52} median {:>6.1} ms  fastest {:>6.1} ms  slowest {:>6.1} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn office(responses: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("responses");
    std::fs::create_dir(&into).unwrap();
    let model = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site/hertfordshire-ncpi.yaml"),
    )
    .unwrap();
    for i in 0..responses {
        std::fs::write(into.join(format!("response-{i:03}.yaml")), &model).unwrap();
    }
    dir
}

fn main() {
    let runs = 15;
    println!("From a file saved to the updated page, {runs} saves each:");
    for size in [1, 200] {
        let dir = office(size);
        let server = Server::start(&Options {
            folder: dir.path().to_path_buf(),
            port: 0,
            today: chrono::NaiveDate::from_ymd_opt(2020, 4, 22),
        })
        .unwrap();
        let port: u16 = server
            .address()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let stopper = server.stopper();
        let running = std::thread::spawn(move || server.run());
        let file = dir.path().join("responses/response-000.yaml");
        let q = "file=responses%2Fresponse-000.yaml";
        let (times, fetch) = measure(
            port,
            &file,
            &format!("/events?{q}"),
            &format!("/preview?{q}"),
            runs,
        );
        report(
            &format!("one response's checks and preview ({size} in the office)"),
            &times,
        );
        report("  of which making them", &fetch);
        let (times, fetch) = measure(port, &file, "/events", "/?part=list", runs);
        report(
            &format!("the dashboard's list ({size} in the office)"),
            &times,
        );
        report("  of which making it", &fetch);
        let start = Instant::now();
        get(port, &format!("/response?{q}"));
        report("a response's whole page, fetched once", &[start.elapsed()]);
        stopper.stop();
        let _ = running.join();
    }
}
