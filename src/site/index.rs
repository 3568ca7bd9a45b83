//! The website section's shared files: `index.html`, `responses.json`, `responses.csv` and the Atom
//! feed `feed.atom`. All four are made from one list of [`Entry`] values, so they always agree, and
//! every date in them comes from the response files (never the clock), so a rebuild gives the same
//! bytes.

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

/// The website's lists, in the order they are made and put in place: the CSV, the JSON, the feed
/// and, last so that it never links to a file not yet in place, the index.
pub const LISTS: [&str; 4] = [CSV, JSON, FEED, INDEX];

/// How much an office's own index or feed template may write for each response it lists, beyond
/// what a letter's template may write ([`crate::render::templates::MAX_OUTPUT`]): the built-in index
/// writes about 1.2 KB a response, so only a loop that never ends reaches this.
const MAX_OUTPUT_PER_ENTRY: usize = 64 * 1024;

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
}

fn site_view(entries: &[&Entry]) -> SiteView {
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
    }
}

fn context(entries: &[&Entry], renderers: &[&dyn Renderer]) -> tera::Context {
    let rows: Vec<Row> = entries
        .iter()
        .map(|&entry| Row::of(entry, renderers, true))
        .collect();
    let mut context = tera::Context::new();
    context.insert("site", &site_view(entries));
    context.insert("responses", &rows);
    context.insert(
        "statute",
        &serde_json::json!({
            "citation": phrase(Phrase::Citation),
            "short": phrase(Phrase::CitationShort),
        }),
    );
    context
}

/// Makes one of the website's [lists](LISTS) from the entries it lists, sorted
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
        CSV => csv(entries, renderers),
        JSON => Ok(json(entries, renderers)),
        _ => page(name, entries, renderers, templates).map(String::into_bytes),
    }
}

/// The index page or the Atom feed, from its template.
fn page(
    name: &str,
    entries: &[&Entry],
    renderers: &[&dyn Renderer],
    templates: &Templates,
) -> Result<String, Diagnostic> {
    let limit = crate::render::templates::MAX_OUTPUT
        .saturating_add(entries.len().saturating_mul(MAX_OUTPUT_PER_ENTRY));
    templates
        .render_once(name, context(entries, renderers), limit)
        .map(|text| crate::render::markdown::tidy(&text))
}

/// The JSON list: every entry, newest first, pretty-printed, written one entry at a time.
fn json(entries: &[&Entry], renderers: &[&dyn Renderer]) -> Vec<u8> {
    use serde::ser::{SerializeSeq, Serializer};
    let mut out = Vec::new();
    let mut json = serde_json::Serializer::pretty(&mut out);
    let written = (|| {
        let mut seq = json.serialize_seq(Some(entries.len()))?;
        for &entry in entries {
            seq.serialize_element(&Row::of(entry, renderers, false))?;
        }
        seq.end()
    })();
    written.expect("entries always serialise to memory");
    out.push(b'\n');
    out
}

/// The CSV list: one row per response, with a column for each kind of file written. A cell that a
/// spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`) is written with a leading `'`.
fn csv(entries: &[&Entry], renderers: &[&dyn Renderer]) -> Result<Vec<u8>, Diagnostic> {
    let mut link_kinds: Vec<&str> = if entries.is_empty() {
        Vec::new()
    } else {
        renderers.iter().map(|r| r.kind()).collect()
    };
    link_kinds.sort_unstable();
    link_kinds.dedup();
    let mut writer = csv::Writer::from_writer(Vec::new());
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
    let failed = |e: csv::Error| {
        Diagnostic::file(
            Path::new(CSV),
            format!("the CSV list could not be made: {e}"),
        )
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
    writer.into_inner().map_err(|e| {
        Diagnostic::file(
            Path::new(CSV),
            format!("the CSV list could not be made: {e}"),
        )
    })
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

    #[test]
    fn an_index_longer_than_a_letter_may_be_is_not_taken_for_a_runaway_template() {
        // 3,000 responses with long titles: an index of more than 10 MB, the most one letter's
        // template may write.
        let title = "A long report title ".repeat(100);
        let entries: Vec<Entry> = (0..3000).map(|i| entry(i, &title)).collect();
        let listed: Vec<&Entry> = entries.iter().collect();
        let renderers = crate::render::renderer::for_formats(&crate::render::renderer::formats());
        let templates = Templates::load(&[]).unwrap();
        let index = list(INDEX, &listed, &renderers, &templates).unwrap();
        assert!(index.len() > crate::render::templates::MAX_OUTPUT);
        let html = String::from_utf8(index).unwrap();
        assert_eq!(html.matches("<h2><a href=").count(), 3000);
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
