//! The letter as HTML: the Markdown letter (from the layout template) through pulldown-cmark, then
//! through the `ammonia` sanitiser, placed in an HTML layout template (`page.html` for a whole page,
//! `fragment.html` for the piece a web officer pastes into a content management system).
//!
//! Every text in a response file is Markdown written by a person, and the Markdown template copies it
//! into the letter as it is, so the HTML made from it must be treated as untrusted. Two layers keep a
//! response file from putting live markup on a page:
//!
//! 1. Raw HTML written in a text (`<script>`, `<img onerror=…>`) is turned into plain text before the
//!    HTML is written, so the reader sees the characters the officer typed and the officer can see
//!    what to fix.
//! 2. The HTML pulldown-cmark writes is cleaned by ammonia with a short allowlist of tags and
//!    attributes and of link schemes (`http`, `https`, `mailto`, `tel`): a `javascript:` or `data:`
//!    link loses its address, and nothing can carry an event handler or a style.
//!
//! Headings are put in order as the letter is written: the first heading is the page's only `h1`
//! (or `h2` in a fragment, where the CMS page supplies the `h1`), and no heading is more than one level
//! below the one before it, whatever levels a response file's texts use. Images are turned into links
//! to the image, so a page never loads anything from elsewhere.

use super::context::LetterContext;
use super::renderer::Renderer;
use super::{Format, Letter};
use super::{Templates, markdown};
use crate::checks::Assessment;
use crate::diagnostic::Diagnostic;
use crate::load::Response;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The template for a whole page.
pub const PAGE_TEMPLATE: &str = "page.html";
/// The template for a CMS fragment.
pub const FRAGMENT_TEMPLATE: &str = "fragment.html";

/// A link from a letter's page to something else in the same output folder (relative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// What the link says: "Markdown", "PDF".
    pub label: String,
    /// The relative address: `2020-03-02-national-child-protection.pdf`.
    pub href: String,
}

/// Where a page sits: on its own (`s55 render`) or in a website folder (`s55 build`), which gives it a
/// link back to the index and to the letter's other formats.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageLinks {
    /// The index page, relative to this page.
    pub index: Option<String>,
    /// The Atom feed, relative to this page.
    pub feed: Option<String>,
    /// The letter in other formats.
    pub formats: Vec<Link>,
}

/// What the HTML templates see besides the letter's own context, under the name `page`.
#[derive(Debug, Serialize)]
struct PageView<'a> {
    /// The `<title>`: names the report and the body.
    title: String,
    /// The letter, as sanitised HTML.
    letter_html: String,
    /// Whether a check found an error: the page carries the draft banner.
    draft: bool,
    /// The errors, for the banner, in plain words (no rule ids, no backticks).
    problems: Vec<String>,
    /// The draft's notice: how late it is and what the law still requires.
    notice: Option<super::DraftNotice>,
    /// The at-a-glance rows for the table of answers.
    answers: Vec<AnswerRow>,
    /// Whether any answer names a lead (otherwise the table has no Lead column).
    answers_have_lead: bool,
    /// Whether any answer has a date (otherwise the table has no Date column).
    answers_have_date: bool,
    links: &'a PageLinks,
}

/// One row of the table of answers under the letter.
#[derive(Debug, Serialize)]
struct AnswerRow {
    /// "Recommendation 1", "Recommendations 4 and 5".
    items: String,
    /// A few words saying what the item asks.
    title: String,
    /// "Action taken", "Action proposed", "No action", or empty.
    position: String,
    owner: String,
    /// "Due 31 August 2020", "Completed 1 May 2020", or empty.
    due: String,
}

/// Renders the whole page for a response.
pub fn page(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
    links: &PageLinks,
) -> Result<String, Diagnostic> {
    render(
        response,
        assessment,
        templates,
        layout,
        links,
        PAGE_TEMPLATE,
        HeadingLevel::H1,
    )
}

/// Renders the CMS fragment for a response: the letter's HTML with the draft notice if it has
/// problems, no page chrome, no styles, no scripts, headings starting at `h2`.
pub fn fragment(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<String, Diagnostic> {
    render(
        response,
        assessment,
        templates,
        layout,
        &PageLinks::default(),
        FRAGMENT_TEMPLATE,
        HeadingLevel::H2,
    )
}

fn render(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
    links: &PageLinks,
    template: &str,
    top: HeadingLevel,
) -> Result<String, Diagnostic> {
    let letter = LetterContext::new(response, assessment);
    let mut context = letter.to_tera();
    let md = markdown::render_letter_with(response, templates, layout, &context)?;
    let fallback_heading = super::phrases::fill(
        super::phrases::Phrase::ResponseToReport,
        &[("title", &response.report.title)],
    );
    let answers = answer_rows(&letter);
    let notice = super::DraftNotice::of(assessment);
    let view = PageView {
        title: page_title(response),
        letter_html: markdown_to_html(&md, top, &fallback_heading),
        draft: notice.is_some(),
        problems: notice
            .as_ref()
            .map(|n| n.problems.clone())
            .unwrap_or_default(),
        notice,
        answers_have_lead: answers.iter().any(|a| !a.owner.is_empty()),
        answers_have_date: answers.iter().any(|a| !a.due.is_empty()),
        answers,
        links,
    };
    context.insert("page", &view);
    let html = templates.render(template, &context)?;
    Ok(markdown::tidy(&html))
}

/// The page's `<title>`: `Response to HMICFRS: <report title> – <body name>`.
pub fn page_title(response: &Response) -> String {
    let report = response.report.title.trim();
    let body = response.body.name.trim();
    if body.is_empty() {
        super::phrases::fill(super::phrases::Phrase::PageTitle, &[("report", report)])
    } else {
        super::phrases::fill(
            super::phrases::Phrase::PageTitleWithBody,
            &[("report", report), ("body", body)],
        )
    }
}

fn answer_rows(letter: &LetterContext) -> Vec<AnswerRow> {
    letter
        .glance
        .iter()
        .map(|g| AnswerRow {
            items: g.items.clone(),
            title: g.title.clone(),
            position: g.position.clone(),
            owner: g.owner.clone(),
            due: g.due.clone(),
        })
        .collect()
}

/// Turns a Markdown letter into sanitised HTML. The first heading becomes `top` (and the only heading
/// at that level); when the letter has no heading at all, `fallback_heading` is put first so that the
/// page still has one.
pub fn markdown_to_html(markdown: &str, top: HeadingLevel, fallback_heading: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut events: Vec<Event> = Vec::new();
    let mut levels = HeadingLevels::new(top);
    for event in parser {
        events.push(match event {
            // Raw HTML in a text becomes the characters the officer typed.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes: _,
                attrs: _,
            }) => Event::Start(Tag::Heading {
                level: levels.open(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(levels.close())),
            // An image would load something from elsewhere: link to it instead, by its description.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            other => other,
        });
    }
    if !levels.seen_any {
        let heading = [
            Event::Start(Tag::Heading {
                level: top,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::Text(CowStr::from(fallback_heading.to_string())),
            Event::End(TagEnd::Heading(top)),
        ];
        events.splice(0..0, heading);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitise(&html)
}

/// Keeps headings in order: the first is `top`, later ones are at least one level below it and at
/// most one level below the heading before them.
struct HeadingLevels {
    top: u8,
    previous: Option<u8>,
    open: Vec<HeadingLevel>,
    seen_any: bool,
}

impl HeadingLevels {
    fn new(top: HeadingLevel) -> HeadingLevels {
        HeadingLevels {
            top: top as u8,
            previous: None,
            open: Vec::new(),
            seen_any: false,
        }
    }

    fn open(&mut self, written: HeadingLevel) -> HeadingLevel {
        let level = match self.previous {
            None => self.top,
            Some(prev) => (written as u8).clamp(self.top + 1, prev + 1).min(6),
        };
        self.previous = Some(level);
        self.seen_any = true;
        let level = HeadingLevel::try_from(level as usize).unwrap_or(HeadingLevel::H6);
        self.open.push(level);
        level
    }

    fn close(&mut self) -> HeadingLevel {
        self.open.pop().unwrap_or(HeadingLevel::H6)
    }
}

/// Cleans HTML with ammonia, keeping only the tags a letter needs, no attributes but a link's address
/// and title and a list's start number, and only `http`, `https`, `mailto` and `tel` links.
pub fn sanitise(html: &str) -> String {
    let tags: HashSet<&str> = [
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
    .into_iter()
    .collect();
    let attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href", "title"].into_iter().collect()),
        ("ol", ["start"].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
    ammonia::Builder::empty()
        .tags(tags)
        .tag_attributes(attributes)
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .clean(html)
        .to_string()
}

/// The letter's accessible web page, with its links to the index and the other formats.
pub struct WebPage;

impl Renderer for WebPage {
    fn format(&self) -> Format {
        Format::HTML
    }
    fn kind(&self) -> &'static str {
        "html"
    }
    fn format_help(&self) -> Option<&'static str> {
        Some("an accessible HTML page (or, with --fragment, the letter alone for a CMS)")
    }
    fn suffix(&self) -> &'static str {
        ".html"
    }
    fn render(&self, l: &Letter) -> Result<Vec<u8>, Diagnostic> {
        page(
            &l.response,
            &l.assessment,
            &l.templates,
            l.layout(),
            &l.links,
        )
        .map(String::into_bytes)
    }
}

/// The letter's HTML alone, for a web officer to paste into a content management system.
pub struct CmsFragment;

impl Renderer for CmsFragment {
    fn format(&self) -> Format {
        Format::HTML
    }
    fn kind(&self) -> &'static str {
        "fragment"
    }
    fn suffix(&self) -> &'static str {
        ".fragment.html"
    }
    fn is_fragment(&self) -> bool {
        true
    }
    fn render(&self, l: &Letter) -> Result<Vec<u8>, Diagnostic> {
        fragment(&l.response, &l.assessment, &l.templates, l.layout()).map(String::into_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        markdown_to_html(md, HeadingLevel::H1, "Fallback")
    }

    #[test]
    fn script_written_in_a_text_is_shown_not_run() {
        let out = html("We agree.<script>window.__pwned=1</script>\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(
            out.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"),
            "{out}"
        );
    }

    #[test]
    fn a_block_of_raw_html_becomes_text() {
        let out = html("<img src=x onerror=\"window.__pwned=1\">\n\nNext paragraph.\n");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;img"), "{out}");
    }

    #[test]
    fn javascript_links_lose_their_address() {
        for md in [
            "[click](javascript:window.__pwned=1)",
            "[click](JaVaScRiPt:window.__pwned=1)",
            "[click](&#106;avascript:window.__pwned=1)",
            "<javascript:window.__pwned=1>",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox)",
        ] {
            let out = html(md);
            assert!(
                !out.to_lowercase().contains("href=\"javascript"),
                "{md} → {out}"
            );
            assert!(!out.contains("href=\"data:"), "{md} → {out}");
            assert!(!out.contains("href=\"vbscript"), "{md} → {out}");
        }
    }

    #[test]
    fn ordinary_links_keep_their_address() {
        let out = html("See [the report](https://hmicfrs.justiceinspectorates.gov.uk/report).");
        assert!(
            out.contains("href=\"https://hmicfrs.justiceinspectorates.gov.uk/report\""),
            "{out}"
        );
    }

    #[test]
    fn images_become_links_so_nothing_loads_from_elsewhere() {
        let out = html("![The force's logo](https://example.org/logo.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.org/logo.png\""),
            "{out}"
        );
        assert!(out.contains("The force&#39;s logo") || out.contains("The force's logo"));
    }

    #[test]
    fn the_first_heading_is_the_only_h1_and_levels_never_jump() {
        let out = html("# Subject\n\n# Another top heading\n\n#### Deep\n\n## Section\n");
        assert_eq!(out.matches("<h1>").count(), 1, "{out}");
        assert!(out.contains("<h1>Subject</h1>"), "{out}");
        assert!(out.contains("<h2>Another top heading</h2>"), "{out}");
        assert!(out.contains("<h3>Deep</h3>"), "{out}");
        assert!(out.contains("<h2>Section</h2>"), "{out}");
    }

    #[test]
    fn a_fragment_starts_its_headings_at_h2() {
        let out = markdown_to_html("# Subject\n\n## Part\n", HeadingLevel::H2, "x");
        assert!(!out.contains("<h1"), "{out}");
        assert!(out.contains("<h2>Subject</h2>") && out.contains("<h3>Part</h3>"));
    }

    #[test]
    fn a_letter_without_headings_gets_one() {
        let out = html("Dear Colleagues,\n");
        assert!(out.starts_with("<h1>Fallback</h1>"), "{out}");
    }

    #[test]
    fn tables_keep_their_header_cells() {
        let out = html("| Recommendation | Response |\n| --- | --- |\n| 1 | Done |\n");
        assert!(
            out.contains("<thead>") && out.contains("<th>Recommendation</th>"),
            "{out}"
        );
    }

    #[test]
    fn event_handlers_and_styles_never_survive_sanitising() {
        let out = sanitise(
            "<p onclick=\"x()\" style=\"color:red\">a</p><a href=\"https://a.b\" onmouseover=\"x()\">b</a><iframe src=\"https://a.b\"></iframe><svg onload=x()></svg>",
        );
        assert!(!out.contains("onclick") && !out.contains("style") && !out.contains("onmouseover"));
        assert!(!out.contains("<iframe") && !out.contains("<svg"), "{out}");
    }
}
