//! Shared by the integration tests: the injection payloads, a response file with a payload in every
//! text field, and a scanner that lists every tag and attribute an HTML or XML output contains.
#![allow(dead_code)]

use std::path::Path;

/// Payloads that would run script, load something from elsewhere or restyle the page if they reached
/// a page as live markup. Each one that could run sets `window.__pwned`, which the browser suite
/// looks for.
pub const PAYLOADS: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=2\">",
    "<svg onload=\"window.__pwned=3\"></svg>",
    "[click here](javascript:window.__pwned=4)",
    "<a href=\"javascript:window.__pwned=5\">a link</a>",
    "\"><script>window.__pwned=6</script>",
    "' onmouseover='window.__pwned=7' x='",
    "<iframe srcdoc=\"<script>parent.__pwned=8</script>\"></iframe>",
    "[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD05PC9zY3JpcHQ+)",
    "</title><script>window.__pwned=10</script>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=\"window.__pwned=12\"><summary>x</summary></details>",
    "![an image](javascript:window.__pwned=13)",
    "<javascript:window.__pwned=14>",
    "[entity](&#106;avascript:window.__pwned=15)",
    "<body onload=\"window.__pwned=16\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned=17\">",
    "]]></summary><script>window.__pwned=18</script><summary>",
    "{{ 7 * 7 }} {% if true %}template{% endif %}",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned=21\">",
    "<form action=\"javascript:window.__pwned=22\"><button>Go</button></form>",
    "<a href=\"jav&#x09;ascript:window.__pwned=23\">tab</a>",
    "<object data=\"javascript:window.__pwned=24\"></object>",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "![tracker](https://evil.example/pixel.png)",
    "<!-- a comment --><p style=\"position:fixed;inset:0\">cover</p>",
    "[x](https://example.org \"title\\\" onmouseover=\\\"window.__pwned=28\")",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__pwned=29>\"></noscript>",
    "<a href=\"#\" onclick=\"window.__pwned=30\">click</a>",
];

/// A response file with `{P}` in every text field, including ids, names, addresses and links.
const TEMPLATE: &str = r#"s55: 1
layout: letter
report:
  title: {P}
  kind: force-inspection
  forces: [{P}]
  published: 2020-03-03
  url: {P}
  causes_of_concern:
    - id: {C1}
      text: {P}
      chapter: {P}
  recommendations:
    - id: {R1}
      text: {P}
      points: [{P}, {P}]
      timescale: {P}
      addressee: {P}
      cause_of_concern: {C1}
      chapter: {P}
    - id: {R2}
      text: {P}
  areas_for_improvement:
    - id: {A1}
      text: {P}
      chapter: {P}
body:
  name: {P}
  signatory: {P}
  title: {P}
  address: [{P}, {P}]
  contact: {P}
  letterhead: [{P}]
chief_officer:
  name: {P}
  title: {P}
  force: {P}
  invited: 2020-03-05
  invited_note: {P}
  comments: {P}
comments:
  overview: {P}
  on_chief_officer_comments: {P}
  answers:
    - items: [{C1}, {R1}]
      summary: {P}
      chief_officer: {P}
      position: action-taken
      comment: {P}
      owner: {P}
      due: 2020-04-01
    - items: [{R2}, {A1}]
      chief_officer: {P}
      position: no-action
      reason: {P}
      comment: {P}
  closing: {P}
letter:
  date: 2020-04-20
  reference: {P}
  to:
    - name: {P}
      role: {P}
      address: [{P}]
    - name: HMICFRS
  copies:
    - name: Home Secretary
    - name: {P}
  subject: {P}
  salutation: {P}
  closing: {P}
  from: {P}
  contacts: [{P}]
  published:
    on: 2020-04-21
    at: {P}
  sent:
    hmicfrs: 2020-04-21
    home_secretary: 2020-04-21
"#;

/// Writes `text` as a YAML double-quoted scalar (JSON strings are valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// A response file with `payload` in every text field (ids carry it too).
pub fn response_with(payload: &str) -> String {
    TEMPLATE
        .replace("{C1}", &quoted(&format!("C1 {payload}")))
        .replace("{R1}", &quoted(&format!("R1 {payload}")))
        .replace("{R2}", &quoted(&format!("R2 {payload}")))
        .replace("{A1}", &quoted(&format!("A1 {payload}")))
        .replace("{P}", &quoted(payload))
}

/// A response file with every payload in every text field, for the browser suite.
pub fn response_with_every_payload() -> String {
    response_with(&PAYLOADS.join("\n\n"))
}

/// One tag found in an output: its name and attributes (name, value).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    pub attributes: Vec<(String, String)>,
}

/// Every tag in an HTML or XML text, outside the page's own `<style>` element. Because every text
/// that came from a file is escaped (`&lt;`) outside attribute values, every `<` left in the output
/// outside a quoted attribute value opens a real tag.
pub fn tags(text: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('<') {
        let start = i + off + 1;
        if text[start..].starts_with("!--") {
            found.push(Tag {
                name: "!--".into(),
                closing: false,
                attributes: vec![],
            });
            i = start;
            continue;
        }
        let rest = &text[start..];
        let closing = rest.starts_with('/');
        let rest = rest.trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect::<String>()
            .to_ascii_lowercase();
        let (attributes, used) = attributes(&rest[name.len()..]);
        let end = start + usize::from(closing) + name.len() + used;
        let is_style = name == "style" && !closing;
        found.push(Tag {
            name,
            closing,
            attributes,
        });
        i = end.min(text.len());
        if is_style {
            // Skip the stylesheet's text (CSS may contain `>`).
            i = text[i..]
                .find("</style>")
                .map(|e| i + e)
                .unwrap_or(text.len());
        }
    }
    found
}

/// Reads attributes up to the tag's closing `>`, minding quotes; returns them and the bytes used.
fn attributes(text: &str) -> (Vec<(String, String)>, usize) {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/' || c == '?');
        if rest.is_empty() {
            return (out, text.len());
        }
        if rest.starts_with('>') {
            return (out, text.len() - rest.len() + 1);
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let close = after[1..].find(q).map(|e| e + 1).unwrap_or(after.len());
                value = after[1..close].to_string();
                rest = after.get(close + 1..).unwrap_or("");
            } else {
                let stop = after
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(after.len());
                value = after[..stop].to_string();
                rest = &after[stop..];
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
}

/// Reads every file in a folder (not recursively), by name.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}
