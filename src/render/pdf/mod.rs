//! The letter as a tagged PDF (PDF/UA-1), drawn with krilla.
//!
//! The body is the template's `body` block (the same Markdown the other formats publish), read into
//! blocks; the letter's furniture (letterhead, dateline, addressees, salutation, closing, signature,
//! copies) is the layout's other blocks (`templates/base-letter.md`), each rendered with `pdf` true
//! and set in its own style. The logo and signature images, the rule, footers and tagging are drawn
//! here. [`layout`] places everything on A4 pages and
//! [`paint`] draws it with the structure tree screen readers use. The output depends only on the
//! input: the creation date is the letter's date (or `SOURCE_DATE_EPOCH`), never the clock.

pub mod blocks;
pub mod fonts;
pub mod layout;
pub mod paint;

use crate::checks::Assessment;
use crate::diagnostic::Diagnostic;
use crate::load::Response;
use crate::render::renderer::Renderer;
use crate::render::{Format, Letter};
use crate::render::{LetterContext, Templates, markdown};
use crate::site::files::{self, ReadError};
use blocks::{Block, Inline};
use fonts::Style;
use layout::{Flow, Item, Kind, Layout, ParaStyle};

/// The document language, set in the catalogue and on the structure tree.
pub const LANGUAGE: &str = "en-GB";

/// An image for the letterhead or signature, read from disk.
pub struct LoadedImage {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Whether it is a JPEG (otherwise a PNG).
    pub jpeg: bool,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Everything needed to paint: the layout plus the document's metadata.
pub struct Prepared {
    /// The pages, laid out, and the structure tree.
    pub layout: Layout,
    /// The letterhead and signature images the layout draws.
    pub images: Vec<LoadedImage>,
    /// The document title, shown in the viewer's title bar.
    pub title: String,
    /// The author: who signs the letter, with their title.
    pub author: String,
    /// The office's name, for the document's description.
    pub office: String,
    /// The letter's date (year, month, day), or the report's when the letter has none: the PDF's creation date.
    pub date: (u16, u8, u8),
}

/// Renders the whole letter as PDF bytes.
pub fn render(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout: Option<&str>,
) -> Result<Vec<u8>, Diagnostic> {
    let prepared = prepare(response, assessment, templates, layout)?;
    paint::paint(&prepared).map_err(|message| {
        Diagnostic::file(
            &response.path,
            format!("the PDF letter could not be made accessible: {message}"),
        )
        .with_hint(
            "this is a fault in s55's PDF layout rather than in your file; please report it with the response file attached",
        )
    })
}

/// Lays out the letter without drawing it: the pages, boxes and structure tree.
pub fn prepare(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
    layout_name: Option<&str>,
) -> Result<Prepared, Diagnostic> {
    let context = LetterContext::new(response, assessment);
    let tera_context = context.to_tera();
    let body_md = markdown::render_body_with(response, templates, layout_name, &tera_context)?;
    let body = blocks::parse(&body_md);
    // The furniture: each block of the layout (and the base it extends), rendered for the PDF.
    let furniture = blocks::Furniture::render(
        templates,
        markdown::layout_template(response, templates, layout_name)?,
        super::context::for_pdf(tera_context),
    );
    let furniture = |block: &str| furniture.block(block);
    let mut images = Vec::new();
    let mut flow = Flow::new();
    let b = &response.body;
    let l = &response.letter;

    // Letterhead: the logo on the right, the office's name and details on the left.
    let mut logo_bottom = layout::MARGIN_TOP;
    if let Some(logo) = &b.logo {
        let img = load_image(response, &logo.path, "logo")?;
        let h = 54.0f32;
        let w = (h * img.width as f32 / img.height.max(1) as f32).min(160.0);
        let h = w * img.height as f32 / img.width.max(1) as f32;
        let node = logo
            .alt
            .as_ref()
            .map(|alt| flow.node(Kind::Figure { alt: alt.clone() }));
        flow.put(Item::Image {
            x: layout::content_right() - w,
            y: layout::MARGIN_TOP,
            w,
            h,
            image: images.len(),
            node,
        });
        images.push(img);
        logo_bottom += h;
        flow.right = layout::content_right() - w - 12.0;
    }
    // The letterhead block: its first paragraph (the office's name) large, the others small.
    let name = ParaStyle {
        size: 15.0,
        space_after: 3.0,
        keep_together: true,
        ..ParaStyle::body()
    };
    let small = ParaStyle {
        size: 9.5,
        color: layout::GREY,
        space_after: 2.0,
        keep_together: true,
        ..ParaStyle::body()
    };
    set(&mut flow, &furniture("letterhead")?, |i| {
        if i == 0 { name } else { small }
    });
    flow.right = layout::content_right();
    flow.y = flow.y.max(logo_bottom) + 6.0;
    flow.rule(layout::RULE, 0.75);
    flow.y += 14.0;

    // The dateline (our reference and the date) on the right, then the addressees. A paper (one
    // with `letter.from`) opens with To:, From: and Date: lines instead, as board papers do.
    let paper = l.from.is_some();
    let right = ParaStyle {
        align: layout::Align::Right,
        space_after: 0.0,
        keep_together: true,
        ..ParaStyle::body()
    };
    set(&mut flow, &furniture("dateline")?, |_| right);
    if !paper {
        flow.y += 10.0;
    }
    let addressee = ParaStyle {
        space_after: if paper { 4.0 } else { 8.0 },
        keep_together: true,
        ..ParaStyle::body()
    };
    set(&mut flow, &furniture("addressees")?, |_| addressee);
    if paper {
        flow.y += 10.0;
    }
    let salutation = furniture("salutation")?;
    if !salutation.is_empty() {
        flow.y += 4.0;
        set(&mut flow, &salutation, |_| ParaStyle::body());
    }

    flow.blocks(&body);

    // Closing and signature, kept together, with the signature image between them.
    let closing = furniture("closing")?;
    let signed = furniture("signature")?;
    if !closing.is_empty() || !signed.is_empty() {
        let signature = match &b.signature {
            Some(sig) => Some((
                load_image(response, &sig.path, "signature")?,
                sig.alt.clone(),
            )),
            None => None,
        };
        let sig_h = signature.as_ref().map(|_| 40.0).unwrap_or(22.0);
        flow.space(6.0);
        flow.need(layout::BODY_SIZE * layout::LEADING * 3.0 + sig_h + 12.0);
        set(&mut flow, &closing, |_| ParaStyle::body());
        match signature {
            Some((img, alt)) => {
                let h = sig_h;
                let w = (h * img.width as f32 / img.height.max(1) as f32).min(200.0);
                let h = w * img.height as f32 / img.width.max(1) as f32;
                let node = alt.map(|alt| flow.node(Kind::Figure { alt }));
                flow.put(Item::Image {
                    x: flow.left,
                    y: flow.y,
                    w,
                    h,
                    image: images.len(),
                    node,
                });
                images.push(img);
                flow.y += h + 6.0;
            }
            None => flow.y += sig_h,
        }
        set(&mut flow, &signed, |_| ParaStyle {
            keep_together: true,
            ..ParaStyle::body()
        });
    }
    set(&mut flow, &furniture("copies")?, |_| ParaStyle {
        size: 10.0,
        ..ParaStyle::body()
    });
    // The statutory citation, as the web page gives it in its footer.
    {
        use crate::render::phrases::{Phrase, fill};
        let mut cite = fill(
            Phrase::PublishedUnder,
            &[
                ("citation", context.statute.citation),
                ("date", &response.report.published.long()),
            ],
        );
        if let Some(last) = assessment.timing.last_day {
            cite.push_str("; ");
            cite.push_str(&fill(
                Phrase::LastDayToPublish,
                &[("date", &last.long()), ("rule", context.deadline.rule)],
            ));
        }
        cite.push('.');
        flow.space(6.0);
        let node = flow.node(Kind::Paragraph);
        flow.paragraph(
            &[run(&cite, Style::REGULAR)],
            &ParaStyle {
                size: 9.5,
                color: layout::GREY,
                ..ParaStyle::body()
            },
            node,
        );
    }

    // The answers at a glance, as an annex after the letter.
    let annex = context.annex_markdown();
    if !annex.is_empty() {
        flow.new_page();
        flow.blocks(&blocks::parse(&annex));
    }

    let mut layout = flow.finish();
    if let Some(&ch) = layout.missing.first() {
        return Err(missing_character(response, &body_md, ch));
    }
    // Right-to-left writing would be laid out back to front: refuse it until it is supported.
    if let Some(ch) = body_md.chars().find(|c| right_to_left(*c)) {
        return Err(unsupported_script(response, &body_md, ch));
    }
    let office = b.name.clone();
    layout::add_footers(&mut layout, &office);
    let notice = crate::render::DraftNotice::of(assessment);
    if let Some(notice) = &notice {
        layout::add_draft_marks(&mut layout, &notice.page_mark());
    }

    let title = layout
        .outline
        .iter()
        .find(|e| e.level == 1)
        .map(|e| e.title.clone())
        .unwrap_or_else(|| {
            crate::render::phrases::fill(
                crate::render::phrases::Phrase::ResponseToReport,
                &[("title", &response.report.title)],
            )
        });
    let title = match &notice {
        Some(n) => format!("{}: {title}", n.mark),
        None => title,
    };
    let day = l.date.unwrap_or(response.report.published).0;
    use chrono::Datelike;
    Ok(Prepared {
        layout,
        images,
        title,
        author: format!("{}, {}", b.signatory, b.title),
        office,
        date: (day.year() as u16, day.month() as u8, day.day() as u8),
    })
}

/// Sets a block of the letter's furniture: each paragraph in the style `style` gives for its place
/// in the block; anything else (a list, a heading) as the body sets it.
fn set(flow: &mut Flow, furniture: &[Block], style: impl Fn(usize) -> ParaStyle) {
    for (i, block) in furniture.iter().enumerate() {
        match block {
            Block::Paragraph(runs) => {
                let node = flow.node(Kind::Paragraph);
                flow.paragraph(runs, &style(i), node);
            }
            other => flow.blocks(std::slice::from_ref(other)),
        }
    }
}

fn run(text: &str, style: Style) -> Inline {
    Inline {
        text: text.to_string(),
        style,
        link: None,
    }
}

/// Reads a PNG or JPEG named in the response, relative to the file that names it.
fn load_image(response: &Response, rel: &str, what: &str) -> Result<LoadedImage, Diagnostic> {
    let path = response.body_dir.join(rel);
    let place = response.find_text(rel);
    let at = |message: String| match &place {
        Some(place) => Diagnostic::at(&place.file, place.location.clone(), message),
        None => Diagnostic::file(&response.path, message),
    };
    let bytes = files::read_limited(&path, files::IMAGE_LIMIT).map_err(|e| {
        let hint = match e {
            ReadError::TooLarge { .. } => {
                "save the image smaller: a logo or signature needs a few hundred KB at most"
            }
            _ => "image paths are read relative to the file that names them",
        };
        at(format!(
            "the {what} image {} could not be used: {}",
            path.display(),
            e.message("image file")
        ))
        .with_hint(hint)
    })?;
    let jpeg = bytes.starts_with(&[0xFF, 0xD8]);
    let png = bytes.starts_with(b"\x89PNG");
    if !jpeg && !png {
        return Err(at(format!(
            "the {what} image {} is not a PNG or JPEG file",
            path.display()
        ))
        .with_hint("save the image as PNG or JPEG"));
    }
    // A small file can unpack to a huge image (a decompression bomb): the size the header gives is
    // checked before anything is decoded.
    if let Some((w, h)) = declared_size(&bytes, jpeg) {
        if too_many_pixels(w, h) {
            return Err(at(format!(
                "the {what} image {} is {w} × {h} pixels ({} megapixels); s55 reads images of at most {} megapixels",
                path.display(),
                (u64::from(w) * u64::from(h)).div_ceil(1_000_000),
                MAX_IMAGE_PIXELS / 1_000_000
            ))
            .with_hint("save the image smaller: a logo or signature needs no more than about 2,000 pixels across"));
        }
    }
    let (width, height) = paint::image_size(&bytes, jpeg).ok_or_else(|| {
        at(format!(
            "the {what} image {} could not be decoded",
            path.display()
        ))
        .with_hint("open it in an image editor and save it again as PNG or JPEG")
    })?;
    Ok(LoadedImage {
        bytes,
        jpeg,
        width,
        height,
    })
}

/// The most pixels an image may have (width × height): 40 megapixels, about 160 MB once decoded.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// Whether an image of this size is over [`MAX_IMAGE_PIXELS`].
pub fn too_many_pixels(width: u32, height: u32) -> bool {
    u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
}

/// The width and height a PNG or JPEG file's header gives, read without decoding anything.
pub fn declared_size(bytes: &[u8], jpeg: bool) -> Option<(u32, u32)> {
    let be16 = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at + 2)?;
        Some(u32::from(u16::from_be_bytes([b[0], b[1]])))
    };
    if !jpeg {
        // Signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4).
        if bytes.get(12..16)? != b"IHDR" {
            return None;
        }
        let be32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
        };
        return Some((be32(16)?, be32(20)?));
    }
    // JPEG: walk the marker segments up to the first start-of-frame.
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            i += 2; // a marker with no segment
            continue;
        }
        let len = be16(i + 2)? as usize;
        let start_of_frame =
            (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if start_of_frame {
            // Length (2), precision (1), height (2), width (2).
            return Some((be16(i + 7)?, be16(i + 5)?));
        }
        if marker == 0xDA || len < 2 {
            return None; // image data before any frame header
        }
        i += 2 + len;
    }
    None
}

/// The fields of a response that reach the letter, named as an officer would find them.
fn fields(response: &Response) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |name: String, text: Option<&String>| {
        if let Some(t) = text {
            out.push((name, t.clone()));
        }
    };
    let b = &response.body;
    add("the body’s name".into(), Some(&b.name));
    add("the signatory".into(), Some(&b.signatory));
    add("the signatory’s title".into(), Some(&b.title));
    add("the body’s contact details".into(), b.contact.as_ref());
    for t in &b.letterhead {
        add("a line of the letterhead".into(), Some(t));
    }
    for t in &b.address {
        add("a line of the body’s address".into(), Some(t));
    }
    let l = &response.letter;
    add("the letter’s reference".into(), l.reference.as_ref());
    add("the letter’s subject".into(), l.subject.as_ref());
    add("the salutation".into(), l.salutation.as_ref());
    add("the closing".into(), l.closing.as_ref());
    for (list, name) in [(&l.to, "an addressee"), (&l.copies, "a copy’s recipient")] {
        for r in list.iter().flatten() {
            add(format!("the name of {name}"), Some(&r.name));
            add(format!("the role of {name}"), r.role.as_ref());
            for t in &r.address {
                add(format!("the address of {name}"), Some(t));
            }
        }
    }
    let r = &response.report;
    add("the report’s title".into(), Some(&r.title));
    add("the report’s web address".into(), r.url.as_ref());
    for t in &r.recommendations {
        add(
            format!("the text of recommendation {}", t.id),
            Some(&t.text),
        );
        for p in &t.points {
            add(format!("a sub-point of recommendation {}", t.id), Some(p));
        }
    }
    for t in &r.causes_of_concern {
        add(
            format!("the text of cause of concern {}", t.id),
            Some(&t.text),
        );
    }
    for t in &r.areas_for_improvement {
        add(
            format!("the text of area for improvement {}", t.id),
            Some(&t.text),
        );
    }
    let c = &response.chief_officer;
    add("the chief officer’s comments".into(), c.comments.as_ref());
    let m = &response.comments;
    add("the overview".into(), m.overview.as_ref());
    add(
        "the response to the chief officer’s comments".into(),
        m.on_chief_officer_comments.as_ref(),
    );
    add("the closing paragraphs".into(), m.closing.as_ref());
    for a in &m.answers {
        let which = format!("the answer to {}", a.items.join(", "));
        add(format!("the summary in {which}"), a.summary.as_ref());
        add(
            format!("the chief officer’s comments in {which}"),
            a.chief_officer.as_ref(),
        );
        add(format!("the comment in {which}"), a.comment.as_ref());
        add(format!("the reason in {which}"), a.reason.as_ref());
        add(format!("the owner in {which}"), a.owner.as_ref());
    }
    out
}

/// Whether a character belongs to a script written right to left (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms), which the PDF layout cannot yet set in the right order.
pub fn right_to_left(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
            | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
        && c != '\u{FEFF}'
}

/// A character of a right-to-left script, reported by its code and where it is written.
fn unsupported_script(response: &Response, body_md: &str, ch: char) -> Diagnostic {
    let mut d = missing_character(response, body_md, ch);
    d.message = d.message.replace(
        "cannot be printed in the PDF letter: the letter's font does not have it",
        "is written right to left, which the PDF letter cannot yet lay out in the right order",
    );
    d.hint = Some(
        "write the words in English (or Welsh), or give the text in that language in a separate document"
            .to_string(),
    );
    d
}

/// A character the font cannot draw, reported by its code and where it is written.
fn missing_character(response: &Response, body_md: &str, ch: char) -> Diagnostic {
    let code = fonts::codepoint(ch);
    let shown = if ch.is_control() {
        String::new()
    } else {
        format!(" ({ch})")
    };
    let field = fields(response)
        .into_iter()
        .find(|(_, t)| t.contains(ch))
        .map(|(f, _)| f);
    let hint = "the PDF letter uses Liberation Sans, which covers English and Welsh text and common \
                symbols (’ “ ” – £ € •); replace the character with words or a character the font has";
    let message = match &field {
        Some(f) => format!(
            "the character {code}{shown} in {f} cannot be printed in the PDF letter: the letter's font does not have it"
        ),
        None if body_md.contains(ch) => format!(
            "the character {code}{shown} in the letter template cannot be printed in the PDF letter: the letter's font does not have it"
        ),
        None => format!(
            "the character {code}{shown} cannot be printed in the PDF letter: the letter's font does not have it"
        ),
    };
    let mut s = [0u8; 4];
    let needle: &str = ch.encode_utf8(&mut s);
    match response.find_text(needle) {
        Some(place) => Diagnostic::at(&place.file, place.location, message).with_hint(hint),
        None => Diagnostic::file(&response.path, message).with_hint(hint),
    }
}

/// The creation date written into the PDF: `SOURCE_DATE_EPOCH` when set (for reproducible
/// builds), otherwise the letter's own date at midnight UTC.
pub fn creation_date(letter_day: (u16, u8, u8)) -> (u16, u8, u8, u8, u8, u8) {
    if let Some(dt) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
    {
        use chrono::{Datelike, Timelike};
        return (
            dt.year() as u16,
            dt.month() as u8,
            dt.day() as u8,
            dt.hour() as u8,
            dt.minute() as u8,
            dt.second() as u8,
        );
    }
    (letter_day.0, letter_day.1, letter_day.2, 0, 0, 0)
}

/// The formal letter as a tagged PDF, with the office's logo and the signature.
pub struct PdfLetter;

impl Renderer for PdfLetter {
    fn format(&self) -> Format {
        Format::PDF
    }
    fn kind(&self) -> &'static str {
        "pdf"
    }
    fn format_help(&self) -> Option<&'static str> {
        Some(
            "the formal letter: A4, tagged for screen readers (PDF/UA-1), the same bytes every time",
        )
    }
    fn suffix(&self) -> &'static str {
        ".pdf"
    }
    fn link_label(&self) -> Option<&'static str> {
        Some("PDF")
    }
    fn render(&self, l: &Letter) -> Result<Vec<u8>, Diagnostic> {
        render(&l.response, &l.assessment, &l.templates, l.layout())
    }
    fn sources(&self, l: &Letter) -> Vec<std::path::PathBuf> {
        let mut sources = l.sources();
        sources.extend(l.images());
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
        b.extend(13u32.to_be_bytes());
        b.extend(b"IHDR");
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b
    }

    #[test]
    fn the_png_header_gives_the_size() {
        assert_eq!(declared_size(&png(8000, 5000), false), Some((8000, 5000)));
        assert_eq!(declared_size(b"\x89PNG\r\n\x1a\n", false), None);
        // The limit: 40 megapixels is read, a row more is not.
        assert!(!too_many_pixels(8000, 5000));
        assert!(too_many_pixels(8000, 5001));
        assert!(!too_many_pixels(40_000_000, 1));
        assert!(too_many_pixels(40_000_001, 1));
        assert!(too_many_pixels(u32::MAX, u32::MAX));
    }

    #[test]
    fn the_jpeg_header_gives_the_size() {
        // SOI, an APP0 segment of 16 bytes, then SOF0: length 17, precision 8, height 300, width 400.
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        b.extend([0u8; 14]);
        b.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x01, 0x90, 0x03]);
        b.extend([0u8; 9]);
        assert_eq!(declared_size(&b, true), Some((400, 300)));
        assert_eq!(declared_size(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2], true), None);
        assert_eq!(declared_size(&[0xFF, 0xD8], true), None);
    }
}
