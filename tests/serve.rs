//! `s55 serve`, driven over raw TCP as a browser (or an attacker's page) would: the dashboard, a
//! response's page, saving a form, and everything that keeps a local server that writes files safe.

mod common;

use common::{command, repo};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `s55 serve`, stopped when dropped.
struct Serving {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An office folder with these fixtures in `responses/`, served on a free port as of 22 April 2020.
fn serve(fixtures: &[&str]) -> Serving {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("responses")).unwrap();
    for f in fixtures {
        let from = repo().join(f);
        std::fs::copy(
            &from,
            dir.path().join("responses").join(from.file_name().unwrap()),
        )
        .unwrap();
    }
    serve_in(dir)
}

fn serve_in(dir: tempfile::TempDir) -> Serving {
    let mut child = command(
        dir.path(),
        &["serve", "--port", "0", "--today", "2020-04-22"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.strip_suffix('/'))
        .unwrap_or_else(|| panic!("serve printed {line:?}"))
        .parse()
        .unwrap();
    Serving { child, port, dir }
}

/// A response: its status, headers (lower-cased names) and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Serving {
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn raw(&self, request: &str) -> Answer {
        self.raw_bytes(request.as_bytes())
    }

    fn raw_bytes(&self, request: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Answer {
            status,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        }
    }

    fn get(&self, target: &str) -> Answer {
        self.raw(&format!(
            "GET {target} HTTP/1.0\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host()
        ))
    }

    fn post(&self, target: &str, form: &[(&str, &str)], extra_headers: &str) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.raw(&format!(
            "POST {target} HTTP/1.0\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n{body}",
            self.host(),
            body.len()
        ))
    }
}

impl Serving {
    /// Uploads a report from the dashboard's form, as a browser sends it: `multipart/form-data`.
    fn upload(
        &self,
        token: &str,
        published: &str,
        report: Option<(&str, &[u8])>,
        extra_headers: &str,
    ) -> Answer {
        let boundary = "----s55TestBoundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in [("token", token), ("published", published)] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        let (file, data) = report.unwrap_or(("", b""));
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"report\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut request = format!(
            "POST /new HTTP/1.0\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n",
            self.host(),
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(&body);
        self.raw_bytes(&request)
    }
}

/// The value of a hidden input in a page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

const HERTS: &str = "tests/fixtures/site/hertfordshire-ncpi.yaml";
const DORSET: &str = "tests/fixtures/site/dorset-draft.yaml";
const HERTS_PAGE: &str = "/response?file=responses%2Fhertfordshire-ncpi.yaml";

#[test]
fn the_dashboard_lists_every_response_most_urgent_first() {
    let s = serve(&[HERTS, DORSET]);
    let page = s.get("/");
    assert_eq!(page.status, 200, "{}", page.body);
    let status = common::s55(
        s.dir.path(),
        &["status", "--format", "json", "--today", "2020-04-22"],
    );
    let order: Vec<String> = status.json()["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(order.len(), 2);
    let first = page.body.find(&order[0]).unwrap();
    let second = page.body.find(&order[1]).unwrap();
    assert!(first < second, "{order:?}");
    assert!(
        page.body
            .contains("href=\"/response?file=responses%2Fdorset-draft.yaml\"")
    );
    assert!(
        page.body.contains("of 4") || page.body.contains(" of "),
        "answered count"
    );
}

#[test]
fn a_request_naming_another_host_is_refused_so_dns_rebinding_gets_nothing() {
    let s = serve(&[HERTS]);
    for host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1:1",
        "localhost",
    ] {
        let a = s.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(a.status, 421, "{host}");
        assert!(!a.body.contains("Hertfordshire"), "{host}");
    }
    let no_host = s.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 421);
    assert_eq!(s.get("/").status, 200);
    let local = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        s.port
    ));
    assert_eq!(local.status, 200);
}

#[test]
fn a_save_without_the_token_or_from_another_site_is_refused_and_the_file_kept() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let before = std::fs::read(&file).unwrap();
    let page = s.get(HERTS_PAGE).body;
    let (token, hash) = (hidden(&page, "token"), hidden(&page, "hash"));
    let target = "/save?file=responses%2Fhertfordshire-ncpi.yaml";
    let cases: [(&[(&str, &str)], String); 5] = [
        (&[("hash", &hash), ("a0-owner", "Evil")], String::new()),
        (
            &[("token", "0000"), ("hash", &hash), ("a0-owner", "Evil")],
            String::new(),
        ),
        (
            &[("token", &token), ("hash", &hash), ("a0-owner", "Evil")],
            "Origin: http://evil.example\r\n".to_string(),
        ),
        (
            &[("token", &token), ("hash", &hash), ("a0-owner", "Evil")],
            "Sec-Fetch-Site: cross-site\r\n".to_string(),
        ),
        (
            &[("token", &token), ("hash", &hash), ("a0-owner", "Evil")],
            format!("Origin: http://127.0.0.1:{}.evil.example\r\n", s.port),
        ),
    ];
    for (form, headers) in cases {
        let a = s.post(target, form, &headers);
        assert_eq!(a.status, 403, "{headers}: {}", a.body);
        assert_eq!(std::fs::read(&file).unwrap(), before);
    }
    assert!(!s.path("responses/.s55-history").exists());
}

#[test]
fn files_outside_the_office_folder_are_never_served() {
    let s = serve(&[HERTS]);
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(
        &secret,
        std::fs::read_to_string(repo().join(DORSET)).unwrap(),
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, s.path("responses/link.yaml")).unwrap();
    std::fs::write(
        s.path("office.yaml"),
        "s55: 1\nbody: {name: a, signatory: b, title: c}\n",
    )
    .unwrap();
    for file in [
        "..%2Fsecret.yaml",
        "responses%2F..%2F..%2Fsecret.yaml",
        &form_urlencoded::byte_serialize(secret.to_str().unwrap().as_bytes()).collect::<String>(),
        "responses%2Flink.yaml",
        "office.yaml",
        "responses%5Chertfordshire-ncpi.yaml",
        "%2Fetc%2Fpasswd",
    ] {
        for page in ["/response", "/preview", "/letter.pdf", "/events"] {
            let a = s.get(&format!("{page}?file={file}"));
            assert_eq!(a.status, 404, "{page}?file={file}");
            assert!(!a.body.contains("Dorset"), "{page}?file={file}");
        }
    }
    assert_eq!(s.get("/../../etc/passwd").status, 404);
    assert_eq!(s.get(HERTS_PAGE).status, 200);
}

#[test]
fn saving_an_answer_changes_only_that_value_and_keeps_the_previous_version() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get(HERTS_PAGE).body;
    let (token, hash) = (hidden(&page, "token"), hidden(&page, "hash"));
    let owner_line = before
        .lines()
        .find(|l| l.trim_start().starts_with("owner:"))
        .unwrap()
        .to_string();
    let a = s.post(
        "/save?file=responses%2Fhertfordshire-ncpi.yaml",
        &[
            ("token", &token),
            ("hash", &hash),
            ("a0-owner", "Head of Public Protection"),
            ("at", "a0"),
        ],
        &format!(
            "Origin: http://127.0.0.1:{}\r\nSec-Fetch-Site: same-origin\r\n",
            s.port
        ),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(
        a.head
            .contains("location: /response?file=responses%2fhertfordshire-ncpi.yaml&saved=1#a0"),
        "{}",
        a.head
    );
    let after = std::fs::read_to_string(&file).unwrap();
    let indent = &owner_line[..owner_line.find("owner").unwrap()];
    assert_eq!(
        after,
        before.replacen(
            &owner_line,
            &format!("{indent}owner: Head of Public Protection"),
            1
        )
    );
    let kept = s.path("responses/.s55-history/hertfordshire-ncpi.1.yaml");
    assert_eq!(std::fs::read_to_string(kept).unwrap(), before);
    let shown = s.get(&format!("{HERTS_PAGE}&saved=1")).body;
    assert!(
        shown.contains("kept in responses/.s55-history/hertfordshire-ncpi.1.yaml"),
        "{shown}"
    );
    assert!(shown.contains("value=\"Head of Public Protection\""));
}

#[test]
fn a_day_written_the_british_way_is_refused_next_to_its_field() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let before = std::fs::read(&file).unwrap();
    let page = s.get(HERTS_PAGE).body;
    let a = s.post(
        "/save?file=responses%2Fhertfordshire-ncpi.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("a0-due", "31/08/2020"),
        ],
        "",
    );
    assert_eq!(a.status, 422);
    assert!(a.body.contains("<a href=\"#a0-due\">"), "{}", a.body);
    assert!(a.body.contains("2020-08-31"));
    assert!(a.body.contains("aria-describedby=\"a0-due-error\""));
    assert!(
        a.body.contains("value=\"31/08/2020\""),
        "what was typed is kept"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_file_changed_since_the_form_was_opened_is_not_overwritten() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let page = s.get(HERTS_PAGE).body;
    let (token, hash) = (hidden(&page, "token"), hidden(&page, "hash"));
    let original = std::fs::read_to_string(&file).unwrap();
    let owner_line = original
        .lines()
        .find(|l| l.trim_start().starts_with("owner:"))
        .unwrap();
    let theirs = original.replacen(owner_line, "      owner: Someone in the editor", 1);
    std::fs::write(&file, &theirs).unwrap();
    let a = s.post(
        "/save?file=responses%2Fhertfordshire-ncpi.yaml",
        &[
            ("token", &token),
            ("hash", &hash),
            ("a0-owner", "Someone in the browser"),
        ],
        "",
    );
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(a.body.contains("Someone in the editor") && a.body.contains("Someone in the browser"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    // Saving again from the page shown (which carries the file's new hash) is a choice made knowingly.
    let again = s.post(
        "/save?file=responses%2Fhertfordshire-ncpi.yaml",
        &[
            ("token", &token),
            ("hash", &hidden(&a.body, "hash")),
            ("a0-owner", "Someone in the browser"),
        ],
        "",
    );
    assert_eq!(again.status, 303);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("owner: Someone in the browser")
    );
}

#[test]
fn a_yaml_syntax_error_is_shown_in_the_page_as_the_terminal_shows_it() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("report:\n", "report:\n  title: [unclosed\n", 1),
    )
    .unwrap();
    let check = common::s55(
        s.dir.path(),
        &["check", "responses/hertfordshire-ncpi.yaml"],
    );
    assert_eq!(check.code, 2, "{}", check.stderr);
    let page = s.get(HERTS_PAGE);
    assert_eq!(page.status, 200);
    let escaped = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;")
    };
    let message: Vec<&str> = check.stderr.lines().take(5).collect();
    for line in &message {
        assert!(
            page.body.contains(&escaped(line))
                || page
                    .body
                    .contains(&line.replace('\'', "&#39;").replace('>', "&gt;")),
            "missing {line:?} in\n{}",
            page.body
        );
    }
    assert!(page.body.contains("The file cannot be read"));
}

#[test]
fn markup_written_in_a_response_is_shown_not_run() {
    let s = serve(&["tests/fixtures/injection/every-field.yaml"]);
    let page = s.get("/response?file=responses%2Fevery-field.yaml");
    assert_eq!(page.status, 200);
    for bad in ["<script>window", "<img", "<iframe", "<svg", "<style>"] {
        assert!(!page.body.contains(bad), "{bad} in the page");
    }
    // The words typed are there, as text; no tag carries an event handler.
    assert!(page.body.contains("&lt;img src=x onerror="));
    for tag in page.body.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        // Outside quoted values (where a `"` typed is `&quot;`), and the start of each value.
        let names: String = tag.split('"').step_by(2).collect();
        let starts: Vec<&str> = tag.split('"').skip(1).step_by(2).collect();
        for v in starts {
            assert!(
                !v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:"),
                "<{tag}>"
            );
        }
        let tag = names.as_str();
        for handler in [
            "onerror",
            "onload",
            "onclick",
            "onmouseover",
            "ontoggle",
            "javascript:",
            "data:",
        ] {
            assert!(!tag.contains(handler), "<{tag}>");
        }
    }
    assert!(
        page.head
            .contains("content-security-policy: default-src 'none'; script-src 'self'")
    );
    let dashboard = s.get("/").body;
    assert!(!dashboard.contains("<script>window"));
}

#[test]
fn the_page_is_told_when_a_file_it_is_made_from_changes() {
    let s = serve(&[HERTS]);
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /events?file=responses%2Fhertfordshire-ncpi.yaml HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.host()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    while !seen.contains("retry:") {
        reader.read_line(&mut seen).unwrap();
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    std::thread::sleep(Duration::from_millis(400));
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}# a comment added in the editor\n")).unwrap();
    let started = Instant::now();
    let mut line = String::new();
    while !line.starts_with("event: change") {
        line.clear();
        reader.read_line(&mut line).unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn the_letter_is_made_as_pdf_and_word_on_request() {
    let s = serve(&[HERTS]);
    let pdf = s.get("/letter.pdf?file=responses%2Fhertfordshire-ncpi.yaml");
    assert_eq!(pdf.status, 200);
    assert!(pdf.head.contains("content-type: application/pdf"));
    assert!(pdf.body.starts_with("%PDF-"));
    let docx = s.get("/letter.docx?file=responses%2Fhertfordshire-ncpi.yaml");
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with("PK"));
    assert!(!s.path("responses").read_dir().unwrap().any(|e| {
        let n = e.unwrap().file_name();
        let n = n.to_string_lossy();
        n.ends_with(".pdf") || n.ends_with(".docx")
    }));
}

#[test]
fn the_server_listens_on_this_computer_only() {
    let s = serve(&[HERTS]);
    // Every address of this machine but loopback: none answers.
    let other = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|u| u.connect("192.0.2.1:9").map(|_| u))
        .and_then(|u| u.local_addr())
        .map(|a| a.ip());
    if let Ok(ip) = other {
        if !ip.is_loopback() && !ip.is_unspecified() {
            assert!(
                TcpStream::connect_timeout(&(ip, s.port).into(), Duration::from_secs(2)).is_err(),
                "{ip}"
            );
        }
    }
    assert!(TcpStream::connect(("127.0.0.1", s.port)).is_ok());
}

#[test]
fn a_folder_that_is_not_there_is_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    let run = common::s55_within(
        dir.path(),
        &["serve", "nowhere", "--port", "0"],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nowhere") && run.stderr.contains("cannot be opened"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_finding_links_to_its_answer_in_the_form_and_in_the_letter() {
    let s = serve(&[HERTS]);
    // No action, and no reason given: an error about R1, which has an answer.
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("position: action-taken", "position: no-action", 1),
    )
    .unwrap();
    let page = s
        .get("/preview?file=responses%2Fhertfordshire-ncpi.yaml")
        .body;
    let at = page
        .find("See it in the letter")
        .expect("a finding about an answer");
    let link = &page[..at];
    let id = &link[link.rfind("href=\"#").unwrap() + 7..];
    let id = &id[..id.find('"').unwrap()];
    assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    assert_eq!(id, "letter-a0");
    assert!(page.contains("href=\"#a0\""), "and to the answer's form");
    assert!(
        page.contains("responses/hertfordshire-ncpi.yaml:"),
        "file:line of each finding"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut s = serve(&[HERTS]);
    assert_eq!(s.get("/").status, 200);
    let killed = std::process::Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(TcpStream::connect(("127.0.0.1", s.port)).is_err());
}

#[test]
fn a_browser_that_cannot_be_opened_does_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("responses")).unwrap();
    std::fs::copy(repo().join(HERTS), dir.path().join("responses/h.yaml")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let mut child = command(dir.path(), &["serve", "--port", "0", "--open"])
        .env("PATH", empty.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let s = Serving { child, port, dir };
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn an_unanswered_recommendation_can_be_started_from_the_page() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(
        page.contains("Start an answer to Recommendation R2"),
        "{page}"
    );
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("add", "R2"),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(a.head.contains("saved=1#a1"), "{}", a.head);
    let after = std::fs::read_to_string(&file).unwrap();
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added, ["    - items: [\"R2\"]"], "{after}");
    assert_eq!(after.replace("    - items: [\"R2\"]\n", ""), before);
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(page.contains("Answer to R2") && page.contains("id=\"a1-position-no-action\""));
    assert!(!page.contains("Start an answer to Recommendation R2"));
    // Asking again (an old page) adds nothing.
    let again = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("add", "R2"),
        ],
        "",
    );
    assert_eq!(again.status, 422);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}

#[test]
fn a_finding_about_something_missing_links_to_the_field_that_adds_it() {
    let s = serve(&[HERTS, DORSET]);
    let herts = s.get(HERTS_PAGE).body;
    assert!(
        herts.contains("<a href=\"#comments-on_chief_officer_comments\">Go to the response to the chief officer&#39;s comments</a>"),
        "{herts}"
    );
    assert!(herts.contains("id=\"comments-on_chief_officer_comments\""));
    // The form comes first; the hint about the YAML file is said to be the other way, with its line.
    let link = herts
        .find("Go to the response to the chief officer")
        .unwrap();
    let file_way = herts
        .find("Or, in the file itself (responses/hertfordshire-ncpi.yaml:")
        .unwrap_or_else(|| panic!("the file's hint is not labelled as such: {herts}"));
    assert!(link < file_way);
    let dorset = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(dorset.contains("<a href=\"#start-0\">"), "{dorset}");
    assert!(dorset.contains("id=\"start-0\""));
    // No day the chief officer was invited: the finding leads to the field for it.
    let file = s.path("responses/dorset-draft.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("  invited: 2020-02-28\n", "", 1)).unwrap();
    let dorset = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(
        dorset.contains("<a href=\"#chief_officer-invited\">"),
        "{dorset}"
    );
    assert!(dorset.contains("id=\"chief_officer-invited\""));
}

#[test]
fn a_port_already_in_use_is_a_plain_message() {
    let s = serve(&[HERTS]);
    let port = s.port.to_string();
    let run = common::s55_within(
        s.dir.path(),
        &["serve", "--port", &port],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("could not listen on port {port}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
}

#[test]
fn the_dashboard_is_told_when_a_response_is_added() {
    let s = serve(&[HERTS]);
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n", s.host()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with("retry:") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    std::thread::sleep(Duration::from_millis(400));
    std::fs::copy(repo().join(DORSET), s.path("responses/dorset.yaml")).unwrap();
    while !line.starts_with("event: change") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    assert!(s.get("/?part=list").body.contains("dorset.yaml"));
}

#[test]
fn the_page_is_told_when_the_office_file_or_a_template_changes() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(common::s55(dir.path(), &["init"]).code, 0);
    std::fs::copy(
        dir.path()
            .join("examples/2024-01-10-example-custody-northshire.yaml"),
        dir.path().join("responses/example.yaml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("responses/templates")).unwrap();
    let s = serve_in(dir);
    assert_eq!(s.get("/response?file=responses%2Fexample.yaml").status, 200);
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /events?file=responses%2Fexample.yaml HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.host()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with("retry:") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    let changes = [
        (s.path("office.yaml"), "\n# changed\n"),
        (
            s.path("responses/templates/letter.md"),
            "A letter of our own.\n",
        ),
    ];
    for (file, added) in changes {
        std::thread::sleep(Duration::from_millis(400));
        let mut text = std::fs::read_to_string(&file).unwrap_or_default();
        text.push_str(added);
        std::fs::write(&file, text).unwrap();
        line.clear();
        while !line.starts_with("event: change") {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
    }
    let preview = s.get("/preview?file=responses%2Fexample.yaml").body;
    assert!(preview.contains("A letter of our own."), "{preview}");
}

#[test]
fn a_form_too_large_to_read_whole_is_not_saved_in_part() {
    let s = serve(&[HERTS]);
    let file = s.path("responses/hertfordshire-ncpi.yaml");
    let before = std::fs::read(&file).unwrap();
    let page = s.get(HERTS_PAGE).body;
    let huge = "x".repeat(3 * 1024 * 1024);
    let a = s.post(
        "/save?file=responses%2Fhertfordshire-ncpi.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("comments-overview", &huge),
        ],
        "",
    );
    assert_eq!(a.status, 413, "{}", a.body);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn the_offices_own_stylesheet_is_the_one_the_preview_uses() {
    let s = serve(&[HERTS]);
    let built_in = s.get("/assets/site.css");
    assert_eq!(built_in.status, 200);
    assert!(built_in.body.contains(".skip-link"));
    std::fs::create_dir(s.path("responses/templates")).unwrap();
    std::fs::write(
        s.path("responses/templates/site.css"),
        "body { color: #123456; }\n",
    )
    .unwrap();
    let own = s.get("/assets/site.css");
    assert_eq!(own.body, "body { color: #123456; }\n");
    assert!(own.head.contains("content-type: text/css"));
}

const HERTS_REPORT: &str = "tests/fixtures/reports/hertfordshire-ncpi-2019.pdf";

/// The one file in a folder of responses.
fn only_response(dir: &std::path::Path) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_report_uploaded_from_the_dashboard_starts_the_same_response_as_s55_new() {
    let s = serve(&[]);
    let page = s.get("/").body;
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    let pdf = std::fs::read(repo().join(HERTS_REPORT)).unwrap();
    let a = s.upload(
        &hidden(&page, "token"),
        "2019-02-12",
        Some(("hertfordshire-ncpi-2019.pdf", &pdf)),
        &format!("Origin: http://{}\r\n", s.host()),
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let written = only_response(&s.path("responses"));
    // The same file, byte for byte, as `s55 new` writes in a folder of its own.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join("responses")).unwrap();
    std::fs::write(other.path().join("hertfordshire-ncpi-2019.pdf"), &pdf).unwrap();
    let run = common::s55(
        other.path(),
        &[
            "new",
            "--report",
            "hertfordshire-ncpi-2019.pdf",
            "--published",
            "2019-02-12",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let theirs = only_response(&other.path().join("responses"));
    assert_eq!(written.file_name(), theirs.file_name());
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        std::fs::read_to_string(&theirs).unwrap()
    );
    // Then its page, saying what was found.
    let name = written.file_name().unwrap().to_string_lossy().into_owned();
    let to = format!(
        "location: /response?file=responses%2f{}&started=1",
        name.to_ascii_lowercase()
    );
    assert!(a.head.contains(&to), "{}", a.head);
    let page = s
        .get(&format!("/response?file=responses%2F{name}&started=1"))
        .body;
    assert!(page.contains("Started from the report."), "{page}");
    assert!(page.contains("found 7 recommendations"), "{page}");
    // Uploading it again writes nothing over it.
    let before = std::fs::read(&written).unwrap();
    let again = s.upload(
        &hidden(&page, "token"),
        "2019-02-12",
        Some(("hertfordshire-ncpi-2019.pdf", &pdf)),
        "",
    );
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.body.contains("already exists"), "{}", again.body);
    assert_eq!(std::fs::read(&written).unwrap(), before);
}

#[test]
fn a_report_without_its_publication_date_or_token_starts_nothing() {
    let s = serve(&[]);
    let token = hidden(&s.get("/").body, "token");
    let text =
        std::fs::read(repo().join("tests/fixtures/reports/force-southvale-2021.txt")).unwrap();
    let report = Some(("force-southvale-2021.txt", text.as_slice()));
    let none = s.upload(&token, "", report, "");
    assert_eq!(none.status, 422, "{}", none.body);
    assert!(
        none.body
            .contains("Give the day HMICFRS published the report"),
        "{}",
        none.body
    );
    let british = s.upload(&token, "12/02/2019", report, "");
    assert_eq!(british.status, 422);
    assert!(british.body.contains("2019-02-12"), "{}", british.body);
    assert!(
        british.body.contains("value=\"12/02/2019\""),
        "the date typed is kept"
    );
    let no_file = s.upload(&token, "2019-02-12", None, "");
    assert_eq!(no_file.status, 422);
    assert!(
        no_file.body.contains("Choose the report"),
        "{}",
        no_file.body
    );
    let no_token = s.upload("0123", "2019-02-12", report, "");
    assert_eq!(no_token.status, 403, "{}", no_token.body);
    let elsewhere = s.upload(
        &token,
        "2019-02-12",
        report,
        "Origin: http://evil.example\r\n",
    );
    assert_eq!(elsewhere.status, 403, "{}", elsewhere.body);
    let not_text = s.upload(
        &token,
        "2019-02-12",
        Some(("r.txt", &[0xff, 0xfe, 0x00][..])),
        "",
    );
    assert_eq!(not_text.status, 422);
    assert!(
        not_text.body.contains("neither a PDF nor UTF-8 text"),
        "{}",
        not_text.body
    );
    assert_eq!(std::fs::read_dir(s.path("responses")).unwrap().count(), 0);
}

#[test]
fn a_response_is_marked_published_and_its_copies_sent_from_the_page() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(page.contains("id=\"letter-published-on\""), "{page}");
    assert!(page.contains("id=\"letter-sent-home_secretary\""), "{page}");
    assert!(!s.get("/").body.contains(">Published<"));
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("letter-published-on", "2020-04-20"),
            ("letter-published-at", ""),
            ("letter-sent-hmicfrs", "2020-04-21"),
            ("letter-sent-home_secretary", "2020-04-21"),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}  published:\n    on: 2020-04-20\n  sent:\n    hmicfrs: 2020-04-21\n    home_secretary: 2020-04-21\n"
        )
    );
    assert!(s.get("/").body.contains(">Published<"));
}

#[test]
fn a_position_chosen_too_soon_can_be_taken_back() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(
        page.contains("id=\"a0-position-undecided\" value=\"\">"),
        "the fourth choice, not checked while the file has a position: {page}"
    );
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("a0-position", ""),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        before.replacen("      position: action-proposed\n", "", 1)
    );
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(
        page.contains("id=\"a0-position-undecided\" value=\"\" checked>"),
        "{page}"
    );
}

#[test]
fn starting_an_answer_keeps_what_was_typed_in_the_form() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    // The button belongs to the form that holds the fields.
    let form = &page[page.find("<form method=\"post\" action=\"/save").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(form.contains("name=\"add\" value=\"R2\""), "{page}");
    assert!(form.contains("name=\"a0-owner\""));
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("a0-owner", "Head of Custody"),
            ("add", "R2"),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(a.head.contains("saved=1#a1"), "{}", a.head);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.contains("      owner: Head of Custody\n"), "{after}");
    assert!(after.contains("    - items: [\"R2\"]\n"), "{after}");
    assert_eq!(
        after
            .replace("      owner: Head of Custody\n", "")
            .replace("    - items: [\"R2\"]\n", ""),
        before
    );
    // A date typed wrongly: nothing is saved and no answer started; what was typed stays.
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    let now = std::fs::read_to_string(&file).unwrap();
    let refused = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("a0-due", "31/08/2020"),
            ("add", "AFI1"),
        ],
        "",
    );
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("value=\"31/08/2020\""));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), now);
}

#[test]
fn the_layout_subject_and_reference_are_chosen_in_the_form() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    // Every built-in layout is offered, the file's own checked.
    assert!(
        page.contains("id=\"layout-home-secretary\" value=\"home-secretary\" checked>"),
        "{page}"
    );
    assert!(
        page.contains("id=\"layout-board-paper\" value=\"board-paper\">"),
        "{page}"
    );
    assert!(
        page.contains("id=\"layout-letter\" value=\"letter\">"),
        "{page}"
    );
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("layout", "board-paper"),
            ("letter-subject", "Our response to the custody report"),
            ("letter-reference", "OPCC/2020/14"),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(
        after.starts_with("s55: 1\nlayout: board-paper\n"),
        "{after}"
    );
    assert!(
        after.contains("  subject: Our response to the custody report\n"),
        "{after}"
    );
    assert!(after.contains("  reference: OPCC/2020/14\n"), "{after}");
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(page.contains("id=\"layout-board-paper\" value=\"board-paper\" checked>"));
    assert_ne!(after, before);
}

#[test]
fn the_readings_warnings_are_shown_on_the_new_responses_page() {
    let s = serve(&[]);
    let token = hidden(&s.get("/").body, "token");
    let report = b"Summary\n\nWe make three recommendations.\n\nRecommendations\n\n1. By 31 March 2025, the Home Office should publish a strategy.\n\n2. There should be a national training standard for stalking.\n";
    let a = s.upload(&token, "2024-05-02", Some(("stalking.txt", report)), "");
    assert_eq!(a.status, 303, "{}", a.body);
    let to = a
        .head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap()
        .to_string();
    let written = only_response(&s.path("responses"));
    let name = written.file_name().unwrap().to_string_lossy().into_owned();
    let page = s
        .get(&format!("/response?file=responses%2F{name}&started=1"))
        .body;
    assert!(to.ends_with("&started=1"), "{to}");
    for w in [
        "warning: the report says it has 3 recommendations but s55 found 2 recommendations",
        "warning: R2 does not say who should act on it",
    ] {
        assert!(page.contains(w), "{w} not in {page}");
    }
    assert!(!page.contains("s55 schema"), "{page}");
}

#[test]
fn addressees_and_copies_are_changed_and_added_in_the_form() {
    let s = serve(&[DORSET]);
    let file = s.path("responses/dorset-draft.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    assert!(page.contains("Addressee 1: role"), "{page}");
    assert!(page.contains("value=\"Rt Hon Priti Patel MP\""), "{page}");
    assert!(page.contains("Copy to 1: name"), "{page}");
    let a = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("letter-to-0-name", "Rt Hon James Cleverly MP"),
            ("letter-copies-new", "Dorset Police and Crime Panel"),
        ],
        "",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        before
            .replace("Rt Hon Priti Patel MP", "Rt Hon James Cleverly MP")
            .replace(
                "    - name: HMICFRS\n",
                "    - name: HMICFRS\n    - name: Dorset Police and Crime Panel\n"
            )
    );
    // A name emptied is refused beside its field: no one is taken off the letter by mistake.
    let page = s.get("/response?file=responses%2Fdorset-draft.yaml").body;
    let refused = s.post(
        "/save?file=responses%2Fdorset-draft.yaml",
        &[
            ("token", &hidden(&page, "token")),
            ("hash", &hidden(&page, "hash")),
            ("letter-copies-0-name", ""),
        ],
        "",
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("href=\"#letter-copies-0-name\""),
        "{}",
        refused.body
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}
