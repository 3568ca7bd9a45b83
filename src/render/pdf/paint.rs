//! Draws a laid-out letter with krilla: every piece of text is marked content belonging to its
//! structure element (headings, paragraphs, lists, tables, links, figures), footers and rules are
//! artifacts, and the PDF/UA-1 validator is on, so a structural mistake stops the export with a
//! message instead of producing an inaccessible letter.

use super::Prepared;
use super::fonts::Faces;
use super::layout::{Child, Item, Kind, Layout, PAGE_HEIGHT, PAGE_WIDTH, Rgb, content_bottom};
use krilla::Document;
use krilla::SerializeSettings;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use std::collections::HashMap;
use std::num::NonZeroU16;

/// The pixel size of a PNG or JPEG, read from its header.
pub fn image_size(bytes: &[u8], jpeg: bool) -> Option<(u32, u32)> {
    decode(bytes, jpeg).map(|i| i.size())
}

fn decode(bytes: &[u8], jpeg: bool) -> Option<Image> {
    let data = bytes.to_vec().into();
    if jpeg {
        Image::from_jpeg(data, false).ok()
    } else {
        Image::from_png(data, false).ok()
    }
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Writes the PDF. An error is a fault in the layout (PDF/UA-1 refused it), in words.
pub fn paint(p: &Prepared) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("PDF/UA-1 could not be configured ({e:?})"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let faces = Faces::get();
    let images: Vec<Image> = p
        .images
        .iter()
        .map(|i| decode(&i.bytes, i.jpeg).ok_or("an image could not be decoded".to_string()))
        .collect::<Result<_, _>>()?;

    let layout = &p.layout;
    let mut contents: HashMap<(usize, usize), Identifier> = HashMap::new();
    let mut annotations: HashMap<(usize, usize), Identifier> = HashMap::new();
    for (pi, page) in layout.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("bad page size")?;
        let mut pdf_page = document.start_page_with(settings);
        {
            let mut surface = pdf_page.surface();
            for (ii, item) in page.items.iter().enumerate() {
                draw(&mut surface, item, faces, &images, pi, ii, &mut contents);
            }
            surface.finish();
        }
        for (li, link) in page.links.iter().enumerate() {
            let (l, t, r, b) = link.rect;
            let rect = Rect::from_ltrb(l, t, r, b).ok_or("bad link area")?;
            let annotation = Annotation::new_link(
                LinkAnnotation::new(
                    rect,
                    Target::Action(Action::Link(LinkAction::new(link.url.clone()))),
                ),
                Some(crate::render::phrases::fill(
                    crate::render::phrases::Phrase::LinkTo,
                    &[("url", &link.url)],
                )),
            );
            let id = pdf_page.add_tagged_annotation(annotation);
            annotations.insert((pi, li), id);
        }
        pdf_page.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(super::LANGUAGE.to_string()));
    for &root in &layout.roots {
        if let Some(group) = group(layout, root, &mut contents, &mut annotations) {
            tree.push(group);
        }
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(layout));

    let (y, mo, d, h, mi, s) = super::creation_date(p.date);
    let date = DateTime::new(y)
        .month(mo)
        .day(d)
        .hour(h)
        .minute(mi)
        .second(s);
    document.set_metadata(
        Metadata::new()
            .title(p.title.clone())
            .language(super::LANGUAGE.to_string())
            .authors(vec![p.author.clone()])
            .creator(format!("s55 {}", env!("CARGO_PKG_VERSION")))
            .producer(format!("s55 {} with krilla", env!("CARGO_PKG_VERSION")))
            .description(format!("Section 55 response letter from {}", p.office))
            .creation_date(date),
    );
    document.finish().map_err(explain)
}

/// Draws one item, tagging it as content of its structure element or as an artifact.
fn draw(
    surface: &mut Surface,
    item: &Item,
    faces: &Faces,
    images: &[Image],
    page: usize,
    index: usize,
    contents: &mut HashMap<(usize, usize), Identifier>,
) {
    match item {
        Item::Text {
            x,
            y,
            size,
            style,
            color: c,
            text,
            node,
            ..
        } => {
            let tag = match node {
                Some(_) => ContentTag::Span(SpanTag::empty()),
                None => ContentTag::Artifact(Artifact::with_kind(if *y > content_bottom() {
                    ArtifactType::Footer
                } else if *y < super::layout::MARGIN_TOP {
                    ArtifactType::Header
                } else {
                    ArtifactType::PaginationOther
                })),
            };
            let id = surface.start_tagged(tag);
            let face = faces.face(*style);
            surface.set_fill(Some(fill(*c)));
            surface.set_stroke(None);
            surface.draw_glyphs(
                Point::from_xy(*x, *y),
                &face.glyphs(text),
                face.font(),
                text,
                *size,
                false,
            );
            surface.end_tagged();
            if node.is_some() {
                contents.insert((page, index), id);
            }
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
                surface.end_tagged();
            }
        }
        Item::Fill {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*c)));
                surface.draw_path(&path);
                surface.end_tagged();
            }
        }
        Item::Image {
            x,
            y,
            w,
            h,
            image,
            node,
        } => {
            let tag = match node {
                Some(_) => ContentTag::Other,
                None => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)),
            };
            let id = surface.start_tagged(tag);
            if let (Some(img), Some(size)) = (images.get(*image), Size::from_wh(*w, *h)) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(img.clone(), size);
                surface.pop();
            }
            surface.end_tagged();
            if node.is_some() {
                contents.insert((page, index), id);
            }
        }
    }
}

fn tag_kind(kind: &Kind) -> TagKind {
    match kind {
        Kind::Heading { level, title } => Tag::Hn(
            NonZeroU16::new(u16::from(*level).max(1)).unwrap_or(NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        Kind::Paragraph => Tag::P.into(),
        Kind::List { numbered } => Tag::L(if *numbered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        })
        .into(),
        Kind::ListItem => Tag::LI.into(),
        Kind::Label => Tag::Lbl.into(),
        Kind::ListBody => Tag::LBody.into(),
        Kind::Quote => Tag::BlockQuote.into(),
        Kind::Table => Tag::Table.into(),
        Kind::Row => Tag::TR.into(),
        Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Kind::Cell => Tag::TD.into(),
        Kind::Link { .. } => Tag::Link.into(),
        Kind::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
    }
}

/// The tag group for a structure element, or `None` when nothing of it reached the page (an
/// empty table cell, say), since PDF/UA allows no empty elements.
fn group(
    layout: &Layout,
    node: usize,
    contents: &mut HashMap<(usize, usize), Identifier>,
    annotations: &mut HashMap<(usize, usize), Identifier>,
) -> Option<TagGroup> {
    let n = &layout.nodes[node];
    let mut g = TagGroup::new(tag_kind(&n.kind));
    let mut any = false;
    for child in &n.children {
        match *child {
            Child::Node(c) => {
                if let Some(sub) = group(layout, c, contents, annotations) {
                    g.push(sub);
                    any = true;
                }
            }
            Child::Content(p, i) => {
                if let Some(id) = contents.remove(&(p, i)) {
                    g.push(id);
                    any = true;
                }
            }
            Child::Annotation(p, i) => {
                if let Some(id) = annotations.remove(&(p, i)) {
                    g.push(id);
                    any = true;
                }
            }
        }
    }
    // Table cells must exist even when empty, to keep the columns in step.
    let keep_empty = matches!(n.kind, Kind::Cell | Kind::HeaderCell);
    (any || keep_empty).then_some(g)
}

/// The bookmarks: one per heading, nested by level.
fn outline(layout: &Layout) -> Outline {
    let mut outline = Outline::new();
    // Pending nodes by level, folded into their parents as the levels close.
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    fn close(stack: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline, level: u8) {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            let (_, node) = stack.pop().expect("checked");
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    }
    for e in &layout.outline {
        close(&mut stack, &mut outline, e.level);
        let dest = XyzDestination::new(e.page, Point::from_xy(0.0, e.y));
        stack.push((
            e.level,
            OutlineNode::new(e.title.clone(), dest).with_open(true),
        ));
    }
    close(&mut stack, &mut outline, 0);
    outline
}

/// krilla's refusal, in words.
fn explain(e: KrillaError) -> String {
    match e {
        KrillaError::Validation(errors) => {
            let list: Vec<String> = errors
                .iter()
                .map(|(e, _)| match e {
                    ValidationError::NoDocumentTitle => "the document has no title".to_string(),
                    ValidationError::NoDocumentLanguage => {
                        "the document has no language".to_string()
                    }
                    ValidationError::MissingAltText(_) => {
                        "an image has no description (alt text)".to_string()
                    }
                    ValidationError::MissingHeadingTitle => "a heading has no title".to_string(),
                    ValidationError::MissingDocumentOutline => {
                        "the document has no outline (bookmarks)".to_string()
                    }
                    ValidationError::MissingAnnotationAltText(_) => {
                        "a link has no description".to_string()
                    }
                    ValidationError::ContainsNotDefGlyph(_, _, text) => {
                        format!("the font has no glyph for “{text}”")
                    }
                    other => format!("{other:?}"),
                })
                .collect();
            format!("PDF/UA-1 validation failed: {}", list.join("; "))
        }
        KrillaError::Image(_, _, message) => format!("an image could not be embedded: {message}"),
        KrillaError::Font(_, message) => format!("the font could not be embedded: {message}"),
        other => format!("{other}"),
    }
}
