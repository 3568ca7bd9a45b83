//! The website folder `s55 build` writes: safe whatever the response files say, relative links,
//! stable names, an index, a feed and fragments. (The command itself, and the files it must not
//! touch, are `tests/build.rs` and `tests/hardening.rs`.)

mod common;
mod payloads;

use chrono::NaiveDate;
use common::{folder, repo, s55};
use payloads::{PAYLOADS, files, response_with, response_with_every_payload, tags};
use s55::render::Format;
use s55::site::{self, BuildOptions};
use std::path::Path;

const VALID: &str = include_str!("fixtures/site/hertfordshire-ncpi.yaml");
const DRAFT: &str = include_str!("fixtures/site/dorset-draft.yaml");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 4, 22).unwrap()
}

fn options(input: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        inputs: vec![input.to_path_buf()],
        out_dir: out.to_path_buf(),
        templates: vec![],
        formats: vec![Format::MD, Format::HTML],
        today: today(),
        strict: false,
        include_drafts: true,
    }
}

fn build(dir: &Path) -> site::BuildReport {
    site::build(&options(&dir.join("in"), &dir.join("out"))).expect("the build succeeds")
}

/// The pages and the feed a build wrote into `out` (name, text): at least the index, the feed, and
/// a page and a fragment for each response.
fn pages(out: &Path) -> Vec<(String, String)> {
    let pages: Vec<(String, String)> = files(out)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".html") || n.ends_with(".atom"))
        .collect();
    let has = |f: &dyn Fn(&str) -> bool| pages.iter().any(|(n, _)| f(n));
    assert!(
        has(&|n| n == "index.html")
            && has(&|n| n == "feed.atom")
            && has(&|n| n.ends_with(".fragment.html"))
            && has(&|n| n.ends_with(".html")
                && !n.ends_with(".fragment.html")
                && n != "index.html"),
        "the build did not write every kind of page: {:?}",
        pages.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    pages
}

/// The one response page (not the index, not a fragment) a build wrote into `out`.
fn response_page(out: &Path) -> String {
    let mut found: Vec<(String, String)> = files(out)
        .into_iter()
        .filter(|(n, _)| {
            n.ends_with(".html") && !n.ends_with(".fragment.html") && n != "index.html"
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{:?}",
        found.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    found.remove(0).1
}

const ALLOWED_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "style",
    "body",
    "a",
    "header",
    "nav",
    "main",
    "section",
    "article",
    "footer",
    "div",
    "span",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "br",
    "code",
    "pre",
    "del",
    "em",
    "strong",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td", // the Atom feed:
    "?xml",
    "feed",
    "subtitle",
    "id",
    "updated",
    "author",
    "name",
    "generator",
    "entry",
    "category",
    "summary",
];
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "href",
    "title",
    "rel",
    "type",
    "lang",
    "charset",
    "name",
    "content",
    "aria-label",
    "aria-labelledby",
    "role",
    "tabindex",
    "scope",
    // The answers table labels its cells for the stacked layout on a phone (a fixed word from the
    // template, never text from a response file).
    "data-label",
    "start",
    "xmlns",
    "xml:lang",
    "term",
    "label",
    "version",
    "encoding",
];

/// Everything that would make a page run script, load from elsewhere, or restyle itself.
fn live_markup(name: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut styles = 0;
    for tag in tags(text) {
        if tag.name == "!--" {
            problems.push(format!("{name}: an HTML comment"));
        }
        if !ALLOWED_TAGS.contains(&tag.name.as_str()) {
            problems.push(format!("{name}: a <{}> tag", tag.name));
        }
        if tag.name == "!doctype" || tag.closing {
            continue;
        }
        if tag.name == "style" {
            styles += 1;
        }
        if tag.name == "meta"
            && !tag
                .attributes
                .iter()
                .any(|(n, v)| n == "charset" || (n == "name" && v == "viewport"))
        {
            problems.push(format!(
                "{name}: a <meta> s55 did not write: {:?}",
                tag.attributes
            ));
        }
        if tag.name == "link" && !name.ends_with(".atom") {
            let ok = tag
                .attributes
                .iter()
                .any(|(n, v)| n == "type" && v == "application/atom+xml");
            if !ok {
                problems.push(format!("{name}: a <link> s55 did not write"));
            }
        }
        for (attr, value) in &tag.attributes {
            if !ALLOWED_ATTRIBUTES.contains(&attr.as_str()) {
                problems.push(format!("{name}: <{} {attr}=\"{value}\">", tag.name));
            }
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr == "href"
                && ["javascript:", "data:", "vbscript:", "&#"]
                    .iter()
                    .any(|s| squashed.starts_with(s))
            {
                problems.push(format!("{name}: <{} href=\"{value}\">", tag.name));
            }
        }
    }
    if styles > 1 {
        problems.push(format!("{name}: more than one <style>"));
    }
    problems
}

#[test]
fn every_payload_in_every_text_field_stays_inert_on_every_page() {
    for payload in PAYLOADS {
        let dir = folder(&[("response.yaml", &response_with(payload))]);
        build(dir.path());
        let mut problems = Vec::new();
        for (name, text) in pages(&dir.path().join("out")) {
            problems.extend(live_markup(&name, &text));
        }
        assert!(
            problems.is_empty(),
            "payload {payload:?}:\n{}",
            problems.join("\n")
        );
    }
}

#[test]
fn every_payload_at_once_stays_inert_and_is_shown_as_text() {
    let dir = folder(&[("response.yaml", &response_with_every_payload())]);
    build(dir.path());
    let page = response_page(&dir.path().join("out"));
    for (name, text) in pages(&dir.path().join("out")) {
        let problems = live_markup(&name, &text);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    // The officer sees what was typed, escaped, rather than losing it.
    assert!(page.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    // Template syntax in a file is text, not a template.
    assert!(page.contains("{{ 7 * 7 }}") && !page.contains(">49<"));
}

#[test]
fn script_in_the_report_title_never_reaches_the_page_title() {
    let yaml = VALID.replace(
        "title: National Child Protection Inspections – Hertfordshire Constabulary",
        "title: \"A & B </title><script>window.__pwned=1</script> \\\"quoted\\\"\"",
    );
    let dir = folder(&[("r.yaml", &yaml)]);
    build(dir.path());
    let text = response_page(&dir.path().join("out"));
    let title = &text[text.find("<title>").unwrap()..text.find("</title>").unwrap()];
    assert!(
        title.contains("A &amp; B &lt;&#x2F;title&gt;")
            || title.contains("A &amp; B &lt;/title&gt;"),
        "{title}"
    );
    assert!(title.contains("&quot;quoted&quot;"), "{title}");
    assert!(!text.contains("<script"));
}

#[test]
fn a_javascript_report_link_is_not_a_link() {
    let yaml = VALID.replace(
        "url: https://www.justiceinspectorates.gov.uk/hmicfrs/publications/national-child-protection-inspection-hertfordshire/",
        "url: \"javascript:window.__pwned=1\"",
    );
    let dir = folder(&[("r.yaml", &yaml)]);
    build(dir.path());
    for (name, text) in pages(&dir.path().join("out")) {
        assert!(!text.contains("href=\"javascript"), "{name}");
    }
}

#[test]
fn the_page_has_one_h1_a_language_landmarks_and_a_skip_link() {
    let dir = folder(&[("r.yaml", VALID)]);
    build(dir.path());
    let out = dir.path().join("out");
    let page = std::fs::read_to_string(
        out.join("2020-03-03-national-child-protection-inspections-hertfordshire.html"),
    )
    .unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert_eq!(page.matches("<h1").count(), 1);
    assert!(page.contains("<title>Response to HMICFRS: National Child Protection Inspections – Hertfordshire Constabulary – Office of the Police and Crime Commissioner for Hertfordshire</title>"));
    for landmark in ["<header", "<nav", "<main id=\"main\"", "<footer"] {
        assert!(page.contains(landmark), "{landmark}");
    }
    assert!(page.contains("<a class=\"skip-link\" href=\"#main\">"));
    // The answers at a glance: a real table with header cells.
    assert!(page.contains("<th scope=\"col\">Report item</th>"));
    assert!(page.contains("<th scope=\"row\">Recommendation 1</th>"));
    assert!(page.contains("@media print"));
}

#[test]
fn links_in_the_website_folder_are_relative_and_lead_to_files_that_exist() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    build(dir.path());
    let out = dir.path().join("out");
    for name in ["index.html", "feed.atom"]
        .into_iter()
        .map(String::from)
        .chain(
            files(&out)
                .into_iter()
                .map(|(n, _)| n)
                .filter(|n| n.ends_with(".html")),
        )
    {
        let text = std::fs::read_to_string(out.join(&name)).unwrap();
        for tag in tags(&text) {
            for (attr, href) in tag.attributes.iter().filter(|(a, _)| a == "href") {
                let _ = attr;
                if href.starts_with("https://www.justiceinspectorates.gov.uk/") || href == "#main" {
                    continue; // the report's address, from the file; the skip link
                }
                assert!(
                    !href.starts_with('/') && !href.contains("://") && !href.contains(".."),
                    "{name}: {href}"
                );
                assert!(out.join(href).is_file(), "{name} links to missing {href}");
            }
        }
    }
}

#[test]
fn the_index_lists_every_response_newest_first_with_its_state_and_formats() {
    let dir = folder(&[("a.yaml", DRAFT), ("b.yaml", VALID)]);
    build(dir.path());
    let index = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    let herts = index.find("Hertfordshire Constabulary</a>").unwrap();
    let dorset = index.find("2019 thematic report</a>").unwrap();
    assert!(herts < dorset, "the newer report (3 March) comes first");
    assert!(index.contains("state-published\">Published"));
    assert!(index.contains("state-draft\">Draft"));
    assert!(index.contains("Not ready to publish: 1 problem to fix"));
    assert!(
        index
            .contains("href=\"2020-03-03-national-child-protection-inspections-hertfordshire.md\"")
    );
    assert!(index.contains("<dt>Last day to respond</dt><dd>27 April 2020</dd>"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/responses.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json[0]["state"], "published");
    assert_eq!(json[1]["state"], "draft");
    assert_eq!(json[1]["problems"], 1);
    assert_eq!(
        json[0]["links"]["fragment"],
        "2020-03-03-national-child-protection-inspections-hertfordshire.fragment.html"
    );
    let mut csv = csv::Reader::from_path(dir.path().join("out/responses.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][6], "published");
}

#[test]
fn a_title_written_as_a_spreadsheet_formula_is_text_in_the_csv() {
    let yaml = VALID.replace(
        "title: National Child Protection Inspections – Hertfordshire Constabulary",
        "title: \"=HYPERLINK(\\\"https://evil.example\\\")\"",
    );
    let dir = folder(&[("r.yaml", &yaml)]);
    build(dir.path());
    let mut csv = csv::Reader::from_path(dir.path().join("out/responses.csv")).unwrap();
    let row = csv.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "'=HYPERLINK(\"https://evil.example\")");
}

#[test]
fn a_response_failing_checks_carries_the_draft_banner_listing_its_problems() {
    let dir = folder(&[("a.yaml", VALID), ("b.yaml", DRAFT)]);
    let report = build(dir.path());
    assert_eq!(report.drafts.len(), 1);
    let out = dir.path().join("out");
    let draft = std::fs::read_to_string(
        out.join("2020-02-27-national-child-protection-inspections-2019-thematic-report.html"),
    )
    .unwrap();
    assert!(draft.contains("DRAFT – not ready to publish"));
    assert!(
        draft.contains(
            "<li>Recommendation R2 (“review the guidance on child protection.”) has no answer."
        ),
        "the banner names the problem"
    );
    assert!(draft.contains("<title>Draft: Response to HMICFRS"));
    let fragment = std::fs::read_to_string(out.join(
        "2020-02-27-national-child-protection-inspections-2019-thematic-report.fragment.html",
    ))
    .unwrap();
    assert!(fragment.contains("DRAFT – not ready to publish"));
    let clean = std::fs::read_to_string(
        out.join("2020-03-03-national-child-protection-inspections-hertfordshire.html"),
    )
    .unwrap();
    assert!(!clean.contains("DRAFT – not ready to publish"));
}

#[test]
fn the_feed_takes_its_dates_from_the_files_never_the_clock() {
    let dir = folder(&[("a.yaml", VALID)]);
    let mut opts = options(&dir.path().join("in"), &dir.path().join("one"));
    site::build(&opts).unwrap();
    opts.out_dir = dir.path().join("two");
    opts.today = NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
    site::build(&opts).unwrap();
    let one = std::fs::read_to_string(dir.path().join("one/feed.atom")).unwrap();
    let two = std::fs::read_to_string(dir.path().join("two/feed.atom")).unwrap();
    assert_eq!(one, two);
    assert!(one.contains("<updated>2020-04-21T00:00:00Z</updated>"));
}

#[test]
fn slugs_made_from_hostile_titles_stay_inside_the_output_folder() {
    let yaml = VALID.replace(
        "title: National Child Protection Inspections – Hertfordshire Constabulary",
        "title: \"../../../../tmp/escape/..\\\\..\\\\windows\"",
    );
    // The build runs five folders down, so that any path climbing out of `out` (four `..` or
    // fewer) still lands inside the temporary folder, where it is seen.
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("a/b/c/d/site");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/x.yaml"), &yaml).unwrap();
    build(&dir);
    let outside: Vec<String> = common::names(root.path())
        .into_iter()
        .filter(|n| !n.starts_with("a/b/c/d/site/in/") && !n.starts_with("a/b/c/d/site/out/"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    assert!(
        dir.join("out/2020-03-03-tmp-escape-windows.html").is_file(),
        "{:?}",
        common::names(&dir)
    );
}

#[test]
fn the_fragment_is_the_letter_without_page_chrome() {
    let dir = folder(&[("a.yaml", VALID)]);
    build(dir.path());
    let fragment =
        std::fs::read_to_string(dir.path().join(
            "out/2020-03-03-national-child-protection-inspections-hertfordshire.fragment.html",
        ))
        .unwrap();
    for chrome in [
        "<html", "<head", "<body", "<style", "<script", "<nav", "<main", "<h1", "class=",
    ] {
        assert!(!fragment.contains(chrome), "{chrome} in {fragment}");
    }
    assert!(fragment.contains("<h2>Response to the HMICFRS report: National Child Protection Inspections – Hertfordshire Constabulary</h2>"));
    assert!(fragment.contains("<h3>Recommendation 1</h3>"));
}

#[test]
fn the_browser_fixture_holds_every_payload_in_every_field() {
    let path = repo().join("tests/fixtures/injection/every-field.yaml");
    let expected = format!(
        "# Made by tests/payloads/mod.rs from its PAYLOADS: every payload in every text field, for the\n# browser suite. Regenerate with S55_UPDATE_FIXTURES=1 cargo test --test website.\n{}",
        response_with_every_payload()
    );
    if std::env::var_os("S55_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        expected,
        "tests/fixtures/injection/every-field.yaml is out of date: run S55_UPDATE_FIXTURES=1 cargo test --test website"
    );
}

#[test]
fn render_html_prints_a_whole_page_and_fragment_prints_the_letter_alone() {
    let file = "tests/fixtures/site/hertfordshire-ncpi.yaml";
    let page = s55(
        &repo(),
        &["render", file, "--format", "html", "--today", "2020-04-22"],
    );
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.starts_with("<!DOCTYPE html>"));
    // On its own, a page has no index to link back to.
    assert!(!page.stdout.contains("index.html") && !page.stdout.contains("<nav"));
    let fragment = s55(&repo(), &["render", file, "--format", "html", "--fragment"]);
    assert_eq!(fragment.code, 0, "{}", fragment.stderr);
    assert!(
        fragment
            .stdout
            .starts_with("<p><strong>Office of the Police and Crime Commissioner")
    );
    assert!(!fragment.stdout.contains("<html") && !fragment.stdout.contains("<style"));
}

#[test]
fn fragment_without_html_is_refused_in_plain_words() {
    let run = s55(
        &repo(),
        &[
            "render",
            "tests/fixtures/site/hertfordshire-ncpi.yaml",
            "--fragment",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--fragment only works with --format html"),
        "{}",
        run.stderr
    );
}
