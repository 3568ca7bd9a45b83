//! The website section's shared files: `index.html` (with `index-2.html` and on, 100 responses to a
//! page, on a site of more than 100), `responses.json`, `responses.csv` and the Atom feed
//! `feed.atom`. All are made from one list of [`Entry`] values, so they always agree, and every
//! date in them comes from the response files (never the clock), so a rebuild gives the same bytes.

use super::plan::{Placed, files_of, other_formats};
use crate::checks::{Severity, State};
use crate::diagnostic::Diagnostic;
use crate::render::Templates;
use crate::render::html::Link;
use crate::render::phrases::{Phrase, phrase};
use crate::render::renderer::Renderer;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The index page's file name.
pub const INDEX: &str = "index.html";
/// The JSON list's file name.
pub const JSON: &str = "responses.json";
/// The CSV list's file name.
pub const CSV: &str = "responses.csv";
/// The Atom feed's file name.
pub const FEED: &str = "feed.atom";

/// How many responses one page of the index lists. An office's own site (tens of responses) has
/// one page, `index.html`; a collection of thousands gets pages of this many (`index-2.html`, ...),
/// each linking to the others, so that no page is too long to read, load or listen to.
pub const PAGE_SIZE: usize = 100;

/// How many responses the Atom feed gives: the most recently updated. Feed readers fetch the feed
/// again and again, so it carries the news, not the archive; every response stays on the index
/// and in the JSON and CSV lists.
pub const FEED_SIZE: usize = 100;

/// One response as the index, the JSON and CSV lists and the feed describe it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The output name without extension.
    pub slug: String,
    /// The report's title.
    pub title: String,
    /// The report's kind, as written in the file (`force-inspection`).
    pub kind: String,
    /// The report's kind in words.
    pub kind_label: String,
    /// The local policing body.
    pub body: String,
    /// When HMICFRS published the report (YYYY-MM-DD).
    pub report_published: String,
    /// The last day to publish the response, or none before 2 May 2017.
    pub last_day: Option<String>,
    /// `published`, `draft` or `overdue`.
    pub state: &'static str,
    /// The state as the index shows it: "Published".
    pub state_label: String,
    /// When the response was published (YYYY-MM-DD).
    pub response_published: Option<String>,
    /// Days left to the last day, for an unpublished response.
    pub days_left: Option<i64>,
    /// How many errors the checks found (the response is a draft while there are any).
    pub problems: usize,
    /// How many warnings the checks found.
    pub warnings: usize,
    /// The date the feed gives the entry: response published, else letter dated, else report
    /// published, as an Atom timestamp.
    pub updated: String,
    /// The entry's permanent id in the feed.
    pub feed_id: String,
}

impl Entry {
    /// Describes one letter of the build.
    pub fn new(placed: &Placed) -> Entry {
        Entry::describe(&placed.letter).placed(&placed.slug)
    }

    /// Describes one letter before it has its name and links (see [`Entry::placed`]).
    pub fn describe(letter: &crate::render::Letter) -> Entry {
        let r = &letter.response;
        let t = &letter.assessment.timing;
        let updated = t
            .response_published
            .or(r.letter.date)
            .unwrap_or(r.report.published);
        let kind = serde_json::to_value(r.report.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        Entry {
            slug: String::new(),
            title: r.report.title.trim().to_string(),
            kind,
            kind_label: r.report.kind.label().to_string(),
            body: r.body.name.trim().to_string(),
            report_published: r.report.published.iso(),
            last_day: t.last_day.map(|d| d.iso()),
            state: t.state.label(),
            // What a reader of the public index needs: "Draft" only for a response that fails
            // the checks (listed only with --include-drafts); one that passes but has no
            // publication date recorded yet is ready to publish.
            state_label: phrase(match (t.state, letter.assessment.has_errors()) {
                (State::Published, _) => Phrase::StatePublished,
                (State::Draft, false) => Phrase::StateReady,
                (State::Draft, true) => Phrase::StateDraft,
                (State::Overdue, false) => Phrase::StateLateReady,
                (State::Overdue, true) => Phrase::StateOverdueDraft,
            })
            .to_string(),
            response_published: t.response_published.map(|d| d.iso()),
            days_left: t.days_left,
            problems: letter
                .assessment
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            warnings: letter
                .assessment
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            updated: format!("{}T00:00:00Z", updated.iso()),
            feed_id: String::new(),
        }
    }

    /// The entry with the letter's name.
    pub fn placed(self, slug: &str) -> Entry {
        Entry {
            slug: slug.to_string(),
            feed_id: format!("urn:s55:response:{slug}"),
            ..self
        }
    }
}

/// An entry as the lists give it: the entry, the files the build writes for it by kind (`html`,
/// `fragment`, `md`, `pdf`, `docx`, as relative links) and, for the index and feed templates, its
/// formats other than the web page ("also available as"). Both are named from the entry's slug
/// when a list is made, so a build of thousands of responses does not hold them meanwhile.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    links: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_formats: Option<Vec<Link>>,
}

impl<'a> Row<'a> {
    /// The entry with its links; `with_formats` adds the other formats, for the templates.
    fn of(entry: &'a Entry, renderers: &[&dyn Renderer], with_formats: bool) -> Row<'a> {
        Row {
            entry,
            links: files_of(renderers, &entry.slug),
            other_formats: with_formats.then(|| other_formats(renderers, &entry.slug)),
        }
    }
}

/// Sorts entries newest report first (then by title and slug, so the order never depends on the
/// order files were found in).
pub fn sort_newest_first(entries: &mut [&Entry]) {
    entries.sort_by(|a, b| {
        b.report_published
            .cmp(&a.report_published)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// What the index and feed templates see about the site, under the name `site`.
#[derive(Debug, Serialize)]
struct SiteView {
    title: &'static str,
    /// The body's name when every response is from one body, else a general name.
    publisher: String,
    index: &'static str,
    json: &'static str,
    csv: &'static str,
    feed: &'static str,
    feed_id: String,
    /// The newest entry's date: the feed's `updated`.
    updated: String,
    /// How many responses the site lists, on all the index's pages.
    count: usize,
}

/// Where an index page sits among the index's pages, under the name `pages`.
#[derive(Debug, Serialize)]
struct Paging {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the index has (1 for a site of up to [`PAGE_SIZE`] responses).
    count: usize,
    /// The place in the whole list of this page's first and last response, from 1.
    first: usize,
    last: usize,
    /// The pages before and after this one, when there are.
    previous: Option<String>,
    next: Option<String>,
    /// Every page, for a list of page numbers.
    all: Vec<PageLink>,
}

/// One page of the index, as [`Paging`] lists it.
#[derive(Debug, Serialize)]
struct PageLink {
    number: usize,
    href: String,
    /// Whether it is the page being made.
    current: bool,
}

/// The file name of page `number` of the index: `index.html` for the first, then `index-2.html`,
/// `index-3.html`, ...
pub fn index_page(number: usize) -> String {
    if number <= 1 {
        INDEX.to_string()
    } else {
        format!("index-{number}.html")
    }
}

/// The page number of an index page's file name (`index.html` is 1), or `None` for another name.
fn index_page_number(name: &str) -> Option<usize> {
    if name == INDEX {
        return Some(1);
    }
    let number = name.strip_prefix("index-")?.strip_suffix(".html")?;
    let n: usize = number.parse().ok().filter(|n| *n >= 2)?;
    (n.to_string() == number).then_some(n)
}

/// How many pages the index has for `listed` responses: one, even for none.
pub fn index_pages(listed: usize) -> usize {
    listed.div_ceil(PAGE_SIZE).max(1)
}

/// Whether a name is that of a page of the index (`index.html`, `index-2.html`, ...).
pub fn is_index_page(name: &str) -> bool {
    index_page_number(name).is_some()
}

/// The website's lists for `listed` responses, in the order they are made and put in place: the
/// CSV, the JSON, the feed, then the index's pages, the first (`index.html`) last, so that no page
/// links to a file not yet in place.
pub fn list_names(listed: usize) -> Vec<String> {
    let mut names = vec![CSV.to_string(), JSON.to_string(), FEED.to_string()];
    names.extend((1..=index_pages(listed)).rev().map(index_page));
    names
}

fn site_view(entries: &[&Entry]) -> SiteView {
    let count = entries.len();
    let mut bodies: Vec<&str> = entries.iter().map(|e| e.body.as_str()).collect();
    bodies.sort_unstable();
    bodies.dedup();
    let publisher = match bodies.as_slice() {
        [one] if !one.is_empty() => one.to_string(),
        _ => phrase(Phrase::Publisher).to_string(),
    };
    SiteView {
        title: phrase(Phrase::SiteTitle),
        feed_id: format!("urn:s55:responses:{}", super::slugify(&publisher, 80)),
        publisher,
        index: INDEX,
        json: JSON,
        csv: CSV,
        feed: FEED,
        updated: entries
            .iter()
            .map(|e| e.updated.as_str())
            .max()
            .unwrap_or("2017-05-02T00:00:00Z")
            .to_string(),
        count,
    }
}

/// What the index and feed templates see: `site` (from every listed entry), `responses` (the
/// `shown` entries, with their links) and, on an index page, `pages`.
fn context(
    entries: &[&Entry],
    shown: &[&Entry],
    paging: Option<Paging>,
    renderers: &[&dyn Renderer],
) -> tera::Context {
    let rows: Vec<Row> = shown
        .iter()
        .map(|&entry| Row::of(entry, renderers, true))
        .collect();
    let mut context = tera::Context::new();
    context.insert("site", &site_view(entries));
    context.insert("responses", &rows);
    if let Some(paging) = paging {
        context.insert("pages", &paging);
    }
    context.insert(
        "statute",
        &serde_json::json!({
            "citation": phrase(Phrase::Citation),
            "short": phrase(Phrase::CitationShort),
        }),
    );
    context
}

/// Makes one of the website's lists (named by [`list_names`]) from the entries it lists, sorted
/// [newest first](sort_newest_first). A build makes them one at a time and sets each down before
/// making the next, so that a build of thousands of responses holds only one.
/// `renderers` are the build's formats, which name each letter's files.
pub fn list(
    name: &str,
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    templates: &Templates,
) -> Result<Vec<u8>, Diagnostic> {
    match name {
        CSV | JSON => {
            Made::Streamed(&|out| write_streamed(name, entries, renderers, out)).into_bytes(name)
        }
        FEED => {
            let shown = newest_updated(entries, FEED_SIZE);
            page(FEED, context(entries, &shown, None, renderers), templates)
        }
        _ => {
            let number = index_page_number(name).unwrap_or(1);
            let count = index_pages(entries.len());
            let start = ((number - 1) * PAGE_SIZE).min(entries.len());
            let shown = &entries[start..(start + PAGE_SIZE).min(entries.len())];
            let paging = Paging {
                number,
                count,
                first: start + 1,
                last: start + shown.len(),
                previous: (number > 1).then(|| index_page(number - 1)),
                next: (number < count).then(|| index_page(number + 1)),
                all: (1..=count)
                    .map(|n| PageLink {
                        number: n,
                        href: index_page(n),
                        current: n == number,
                    })
                    .collect(),
            };
            let context = context(entries, shown, Some(paging), renderers);
            page(INDEX, context, templates)
        }
    }
}

/// One list, as [`make_lists`] gives it.
pub enum Made<'a> {
    /// A page of the index or the feed, made in memory (a page is at most [`PAGE_SIZE`]
    /// responses), or the problem that stopped it (a fault in an office's own template).
    Bytes(Result<Vec<u8>, Diagnostic>),
    /// The JSON or the CSV, which list every response: written a piece at a time by the function
    /// given, straight to where it goes, so that a list of thousands is never held whole. They
    /// use no template and cannot fail but for the writing.
    Streamed(&'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>),
}

impl Made<'_> {
    /// The list's bytes, made in memory.
    pub fn into_bytes(self, name: &str) -> Result<Vec<u8>, Diagnostic> {
        match self {
            Made::Bytes(result) => result,
            Made::Streamed(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes).map_err(|e| {
                    Diagnostic::file(Path::new(name), format!("the list could not be made: {e}"))
                })?;
                Ok(bytes)
            }
        }
    }
}

/// Makes every list of [`list_names`] from the entries, one at a time in that order, and gives each
/// (or the problem that stopped it) to `made` before making the next; `made` may stop the making
/// (a full disk). When a page of the index cannot be made (a fault in an office's own template),
/// the index's other pages are not made: the problem is reported once, not once a page.
pub fn make_lists(
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    templates: &Templates,
    made: &mut dyn FnMut(String, Made) -> std::ops::ControlFlow<()>,
) {
    let mut index_failed = false;
    for name in list_names(entries.len()) {
        let is_index = is_index_page(&name);
        if index_failed && is_index {
            continue;
        }
        let flow = if name == JSON || name == CSV {
            let which = name.clone();
            made(
                name,
                Made::Streamed(&|out| write_streamed(&which, entries, renderers, out)),
            )
        } else {
            let result = list(&name, entries, renderers, templates);
            index_failed |= is_index && result.is_err();
            made(name, Made::Bytes(result))
        };
        if flow.is_break() {
            return;
        }
    }
}

/// The `most` entries updated last (a later `updated` first; on the same day, the list's own
/// order), given in the list's order.
fn newest_updated<'a>(entries: &[&'a Entry], most: usize) -> Vec<&'a Entry> {
    if entries.len() <= most {
        return entries.to_vec();
    }
    let mut places: Vec<usize> = (0..entries.len()).collect();
    places.sort_by(|&a, &b| entries[b].updated.cmp(&entries[a].updated).then(a.cmp(&b)));
    places.truncate(most);
    places.sort_unstable();
    places.into_iter().map(|i| entries[i]).collect()
}

/// An index page or the Atom feed from its template (`name`).
fn page(name: &str, context: tera::Context, templates: &Templates) -> Result<Vec<u8>, Diagnostic> {
    templates
        .render_once(name, context)
        .map(|text| crate::render::markdown::tidy(&text).into_bytes())
}

/// The JSON list or the CSV list (by its `name`), written to `out` a piece at a time.
fn write_streamed(
    name: &str,
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if name == CSV {
        write_csv(entries, renderers, out)
    } else {
        write_json(entries, renderers, out)
    }
}

/// The JSON list: every entry, newest first, pretty-printed, written to `out` one entry at a time.
fn write_json(
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let mut json = serde_json::Serializer::pretty(&mut *out);
    let mut seq = json.serialize_seq(Some(entries.len()))?;
    for &entry in entries {
        seq.serialize_element(&Row::of(entry, renderers, false))?;
    }
    seq.end()?;
    out.write_all(b"\n")
}

/// The CSV list: one row per response, with a column for each kind of file written. A cell that a
/// spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`) is written with a leading `'`.
fn write_csv(
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut link_kinds: Vec<&str> = if entries.is_empty() {
        Vec::new()
    } else {
        renderers.iter().map(|r| r.kind()).collect()
    };
    link_kinds.sort_unstable();
    link_kinds.dedup();
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "slug",
        "title",
        "kind",
        "body",
        "report_published",
        "last_day",
        "state",
        "response_published",
        "days_left",
        "problems",
        "warnings",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(link_kinds.iter().map(|k| k.to_string()));
    // Every row has the same cells, so the only way a row can fail is in the writing.
    let failed = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    };
    writer.write_record(&header).map_err(failed)?;
    for e in entries {
        let links = files_of(renderers, &e.slug);
        let mut row: Vec<String> = vec![
            e.slug.clone(),
            e.title.clone(),
            e.kind.clone(),
            e.body.clone(),
            e.report_published.clone(),
            e.last_day.clone().unwrap_or_default(),
            e.state.to_string(),
            e.response_published.clone().unwrap_or_default(),
            e.days_left.map(|d| d.to_string()).unwrap_or_default(),
            e.problems.to_string(),
            e.warnings.to_string(),
        ];
        row.extend(
            link_kinds
                .iter()
                .map(|k| links.get(*k).cloned().unwrap_or_default()),
        );
        let row: Vec<String> = row
            .into_iter()
            .enumerate()
            .map(|(i, cell)| {
                // days_left is a number the build wrote, and may be negative.
                if i == 8 { cell } else { defuse_formula(cell) }
            })
            .collect();
        writer.write_record(&row).map_err(failed)?;
    }
    writer.flush()
}

/// Keeps a spreadsheet from treating a text as a formula.
fn defuse_formula(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize, title: &str) -> Entry {
        Entry {
            slug: format!("2024-01-01-response-{i}"),
            title: title.to_string(),
            kind: "force-inspection".into(),
            kind_label: "Force inspection".into(),
            body: "Police and Crime Commissioner for Anyshire".into(),
            report_published: "2024-01-01".into(),
            last_day: Some("2024-02-26".into()),
            state: "published",
            state_label: "Published".into(),
            response_published: Some("2024-02-01".into()),
            days_left: None,
            problems: 0,
            warnings: 0,
            updated: "2024-02-01T00:00:00Z".into(),
            feed_id: format!("urn:s55:response:2024-01-01-response-{i}"),
        }
    }

    /// A site of `n` responses, newest report first, each updated on the day given by `updated`.
    fn site(n: usize, updated: impl Fn(usize) -> String) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                report_published: format!("{}-01-01", 3000 - i),
                updated: updated(i),
                ..entry(i, &format!("Report {i}"))
            })
            .collect()
    }

    fn made(name: &str, entries: &[Entry]) -> String {
        let listed: Vec<&Entry> = entries.iter().collect();
        let renderers = crate::render::renderer::for_formats(&crate::render::renderer::formats());
        let templates = Templates::load(&[]).unwrap();
        String::from_utf8(list(name, &listed, &renderers, &templates).unwrap()).unwrap()
    }

    fn titles(text: &str) -> Vec<String> {
        text.match_indices(">Report ")
            .map(|(at, _)| {
                let rest = &text[at + 1..];
                rest[..rest.find('<').unwrap()].to_string()
            })
            .filter(|title| title[7..].starts_with(|c: char| c.is_ascii_digit()))
            .collect()
    }

    #[test]
    fn an_office_site_has_one_index_page_listing_every_response() {
        assert_eq!(
            list_names(0),
            ["responses.csv", "responses.json", "feed.atom", "index.html"]
        );
        assert_eq!(list_names(PAGE_SIZE).len(), 4);
        let entries = site(PAGE_SIZE, |_| "2020-01-01T00:00:00Z".into());
        let index = made(INDEX, &entries);
        assert_eq!(titles(&index).len(), PAGE_SIZE);
        assert!(index.contains("There are 100 responses here"), "{index}");
        assert!(!index.contains("Pages of responses"), "{index}");
    }

    #[test]
    fn a_collection_of_thousands_is_paged_and_every_response_is_on_one_page() {
        let n = 2 * PAGE_SIZE + 1;
        let names = list_names(n);
        assert_eq!(
            names[3..],
            ["index-3.html", "index-2.html", "index.html"],
            "the first page is put in place last"
        );
        let entries = site(n, |_| "2020-01-01T00:00:00Z".into());
        let mut seen = Vec::new();
        for (page, name) in ["index.html", "index-2.html", "index-3.html"]
            .iter()
            .enumerate()
        {
            let html = made(name, &entries);
            assert!(
                html.contains(&format!("There are {n} responses here")),
                "{html}"
            );
            assert!(html.contains(&format!("Page {} of 3", page + 1)), "{html}");
            assert!(
                html.contains(r#"aria-label="Pages of responses""#),
                "{html}"
            );
            assert!(
                html.contains(&format!(r#"<a href="{name}" aria-current="page"><strong>"#)),
                "{html}"
            );
            assert_eq!(html.contains(r#"rel="prev""#), page > 0, "{name}");
            assert_eq!(html.contains(r#"rel="next""#), page < 2, "{name}");
            seen.extend(titles(&html));
        }
        let all: Vec<String> = (0..n).map(|i| format!("Report {i}")).collect();
        assert_eq!(seen, all, "each response once, in order, across the pages");
        assert!(made("index-2.html", &entries).contains(r#"<a href="index.html" rel="prev">"#));
    }

    #[test]
    fn an_office_index_template_that_fails_is_reported_once_not_once_a_page() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(
            folder.path().join("index.html"),
            "{% for r in responses %}{{ r.no_such_field | upper }}{% endfor %}",
        )
        .unwrap();
        let templates = Templates::load(&[folder.path().to_path_buf()]).unwrap();
        let entries = site(3 * PAGE_SIZE, |_| "2020-01-01T00:00:00Z".into());
        let listed: Vec<&Entry> = entries.iter().collect();
        let renderers = crate::render::renderer::for_formats(&crate::render::renderer::formats());
        let mut made = Vec::new();
        make_lists(&listed, &renderers, &templates, &mut |name, result| {
            let ok = result.into_bytes(&name).is_ok();
            made.push((name, ok));
            std::ops::ControlFlow::Continue(())
        });
        let failed: Vec<&String> = made.iter().filter(|(_, ok)| !ok).map(|(n, _)| n).collect();
        assert_eq!(failed, ["index-3.html"], "{made:?}");
        assert!(
            made.iter().any(|(n, ok)| n == FEED && *ok),
            "the feed is still made"
        );
    }

    #[test]
    fn only_index_page_names_s55_makes_are_index_pages() {
        for name in ["index.html", "index-2.html", "index-10.html"] {
            assert!(is_index_page(name), "{name}");
        }
        for name in [
            "index-1.html",
            "index-02.html",
            "index-.html",
            "index-2.htm",
            "index2.html",
        ] {
            assert!(!is_index_page(name), "{name}");
        }
    }

    #[test]
    fn the_feed_gives_the_responses_updated_last_not_the_whole_archive() {
        // Report i was published in year 3000 - i; response 120 was updated last of all.
        let entries = site(FEED_SIZE + 50, |i| {
            if i == 120 {
                "2030-01-01T00:00:00Z".into()
            } else {
                format!("{}-01-01T00:00:00Z", 1900 + (i % 100))
            }
        });
        let feed = made(FEED, &entries);
        let shown = titles(&feed);
        assert_eq!(shown.len(), FEED_SIZE);
        assert!(shown.contains(&"Report 120".to_string()), "{feed}");
        // In the list's order (newest report first), like the index.
        let places: Vec<usize> = shown.iter().map(|t| t[7..].parse().unwrap()).collect();
        assert!(places.windows(2).all(|w| w[0] < w[1]), "{places:?}");
        let few = site(3, |_| "2020-01-01T00:00:00Z".into());
        assert_eq!(titles(&made(FEED, &few)).len(), 3);
    }

    #[test]
    fn a_title_written_as_a_formula_stays_text_in_the_csv() {
        assert_eq!(
            defuse_formula("=HYPERLINK(\"x\")".into()),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(defuse_formula("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defuse_formula("PEEL 2021".into()), "PEEL 2021");
    }
}
