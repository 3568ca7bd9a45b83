//! The letter as Markdown: the layout template rendered with the response's context.

use super::renderer::Renderer;
use super::{Format, Letter};
use super::{LetterContext, Templates};
use crate::checks::Assessment;
use crate::diagnostic::Diagnostic;
use crate::load::Response;

/// The template file for a layout name: `letter` → `letter.md`.
pub fn template_name(layout: &str) -> String {
    format!("{layout}.md")
}

/// Checks that the response's layout (or the one asked for) exists, pointing at `layout:` if not.
pub fn layout_template(
    response: &Response,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<String, Diagnostic> {
    let layout = layout.unwrap_or(&response.layout);
    let name = template_name(layout);
    if templates.has(&name) {
        return Ok(name);
    }
    let place = response.files.response.place_value(&crate::path!["layout"]);
    let available = templates.layouts().join(", ");
    let hint = match templates.suggest_layout(layout) {
        Some(s) => format!("did you mean `{s}`? The layouts available are: {available}"),
        None => format!("the layouts available are: {available}; or add templates/{layout}.md"),
    };
    Err(Diagnostic::at(
        &place.file,
        place.location,
        format!("there is no letter layout called `{layout}`"),
    )
    .with_hint(hint))
}

/// Renders the whole letter as a Markdown file. A draft (a check found an error) opens with
/// "DRAFT – not ready to publish", how late it is and its problems, so that a draft passed round for
/// sign-off cannot be taken for the final letter.
pub fn render(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<String, Diagnostic> {
    let letter = render_letter(response, assessment, templates, layout)?;
    Ok(match super::DraftNotice::of(assessment) {
        Some(notice) => format!("{}{letter}", notice.markdown()),
        None => letter,
    })
}

/// Renders the letter alone as Markdown, without any draft notice (the HTML page carries its own).
pub fn render_letter(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<String, Diagnostic> {
    let context = LetterContext::new(response, assessment).to_tera();
    render_letter_with(response, templates, layout, &context)
}

/// [`render_letter`] with the letter's template context already made
/// ([`LetterContext::to_tera`]): a format that needs the context for more than the Markdown makes
/// it once.
pub fn render_letter_with(
    response: &Response,
    templates: &Templates,
    layout: Option<&str>,
    context: &tera::Context,
) -> Result<String, Diagnostic> {
    layout_part(response, templates, layout, context, None)
}

/// Renders only the letter's `body` block (everything between the salutation and the closing),
/// for formats that lay out each of the letter's blocks on their own (the PDF).
pub fn render_body(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<String, Diagnostic> {
    let context = LetterContext::new(response, assessment).to_tera();
    render_body_with(response, templates, layout, &context)
}

/// [`render_body`] with the letter's template context already made ([`LetterContext::to_tera`]).
pub fn render_body_with(
    response: &Response,
    templates: &Templates,
    layout: Option<&str>,
    context: &tera::Context,
) -> Result<String, Diagnostic> {
    layout_part(response, templates, layout, context, Some("body"))
}

/// The letter's layout template, whole or one `block` of it, as tidy Markdown.
fn layout_part(
    response: &Response,
    templates: &Templates,
    layout: Option<&str>,
    context: &tera::Context,
    block: Option<&str>,
) -> Result<String, Diagnostic> {
    let name = layout_template(response, templates, layout)?;
    match block {
        Some(block) => templates.render_block(&name, block, context),
        None => templates.render(&name, context),
    }
    .map(|md| tidy(&md))
}

/// A line that starts with a bullet pasted from Word or Outlook (see
/// [`crate::load::format::pasted_bullet`]) as a Markdown list item (`- `), nested by its level and
/// keeping its indentation, so that the officer's list is a list in every format rather than one
/// run-on paragraph.
pub fn word_bullet(line: &str) -> String {
    let rest = line.trim_start();
    let indent = &line[..line.len() - rest.len()];
    match crate::load::format::pasted_bullet(rest) {
        Some((level, words)) => format!("{indent}{}- {words}", "  ".repeat(level)),
        None => line.to_string(),
    }
}

/// Collapses runs of blank lines left by template tags, turns bullets pasted from Word into list
/// items, and ends the text with one newline.
pub fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in markdown.lines() {
        let line = word_bullet(line.trim_end());
        let line = line.as_str();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

/// The letter as Markdown, as the layout template writes it.
pub struct MarkdownLetter;

impl Renderer for MarkdownLetter {
    fn format(&self) -> Format {
        Format::MD
    }
    fn kind(&self) -> &'static str {
        "md"
    }
    fn format_help(&self) -> Option<&'static str> {
        Some("Markdown, the letter as the template writes it")
    }
    fn suffix(&self) -> &'static str {
        ".md"
    }
    fn link_label(&self) -> Option<&'static str> {
        Some(crate::render::phrases::phrase(
            crate::render::phrases::Phrase::Markdown,
        ))
    }
    fn render(&self, l: &Letter) -> Result<Vec<u8>, Diagnostic> {
        render(&l.response, &l.assessment, &l.templates, l.layout()).map(String::into_bytes)
    }
}
