//! Reading a Word document (`.docx`) the way `s55 import` needs it: the content controls with
//! their tags and paragraphs, every tracked change with its author and date, Word's comments and
//! the part each sits in, and the document's custom properties.
//!
//! docx-rs (which writes the letter) has a reader too, but it drops each control's `w:tag` (it
//! keeps only the alias) and reads the package without a bound on what a part unpacks to, so the
//! XML is read here with quick-xml and the package with zip, the two crates docx-rs itself is
//! built on. Everything is bounded: the file, the number of parts and what each part unpacks to
//! (a "zip bomb" stops at the limit instead of filling memory).

use crate::word_package::{Limits, Package, PackageError};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

/// The largest `.docx` file s55 reads: 64 MB (a letter with its logo is well under 1 MB).
pub const DOCX_LIMIT: u64 = 64 * 1024 * 1024;
/// The most any one part of the document may unpack to: 32 MB of XML.
pub const PART_LIMIT: u64 = 32 * 1024 * 1024;
/// The most parts a document may have.
pub const PARTS_LIMIT: usize = 10_000;
/// How deep XML elements may nest.
const DEPTH_LIMIT: usize = 512;

/// Why a file could not be read as a Word document, in plain English (the file is named by the
/// caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotWord(pub String);

/// A run of text with the formatting Markdown can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The words (a line break inside the paragraph is `\n`).
    pub text: String,
    /// In bold.
    pub bold: bool,
    /// In italics.
    pub italic: bool,
    /// The address it links to.
    pub link: Option<String>,
}

/// How a paragraph is a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListItem {
    /// Numbered (rather than bulleted).
    pub ordered: bool,
    /// How deep, from 0.
    pub level: usize,
}

/// One paragraph, with tracked changes accepted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    /// Its style id (`Normal`, `ListBullet`, `Quote`, ...).
    pub style: Option<String>,
    /// Whether (and how) it is a list item.
    pub list: Option<ListItem>,
    /// Its runs.
    pub runs: Vec<Run>,
}

/// A block-level content control.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Control {
    /// Its `w:tag`, when it has one.
    pub tag: Option<String>,
    /// Its `w:alias`, when it has one.
    pub alias: Option<String>,
    /// Its paragraphs, tracked changes accepted.
    pub paragraphs: Vec<Paragraph>,
    /// Word is showing its placeholder ("Click or tap here to enter text.") because the officer
    /// emptied the control: its paragraphs are not the field's words.
    pub placeholder: bool,
}

/// What a tracked change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisionKind {
    /// Words inserted.
    Inserted,
    /// Words deleted.
    Deleted,
    /// Words moved away from here.
    MovedFrom,
    /// Words moved to here.
    MovedTo,
    /// A paragraph break inserted.
    ParagraphInserted,
    /// A paragraph break deleted (two paragraphs joined).
    ParagraphDeleted,
}

/// A tracked change, as Word records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// What it did.
    pub kind: RevisionKind,
    /// Who made it (`w:author`).
    pub author: String,
    /// When (`w:date`), as Word wrote it.
    pub date: Option<String>,
    /// The words inserted, deleted or moved.
    pub text: String,
    /// The control it is in (its index in [`WordDocument::controls`]).
    pub control: Option<usize>,
}

/// A comment made in Word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordComment {
    /// Who made it.
    pub author: String,
    /// When, as Word wrote it.
    pub date: Option<String>,
    /// What it says.
    pub text: String,
    /// The control it is anchored in (where its range starts).
    pub control: Option<usize>,
    /// The control its range ends in, when that is another one (a comment over two parts).
    pub end_control: Option<usize>,
}

/// What `s55 import` reads from a Word document.
#[derive(Debug, Clone, Default)]
pub struct WordDocument {
    /// The custom properties (`docProps/custom.xml`): name → text.
    pub properties: BTreeMap<String, String>,
    /// The block-level content controls, in document order.
    pub controls: Vec<Control>,
    /// The tracked changes, in document order.
    pub revisions: Vec<Revision>,
    /// Word's comments, in the order of `comments.xml`.
    pub comments: Vec<WordComment>,
    /// The words of each paragraph outside the controls (the letter's furniture, headings, the
    /// table of answers), tracked changes accepted.
    pub outside: Vec<String>,
    /// The words of each paragraph of the page headers and footers (`word/header*.xml`,
    /// `word/footer*.xml`, in the order of their names), tracked changes accepted. Word fills in
    /// page numbers afresh when it saves, so they are compared [`without_numbers`].
    pub margins: Vec<String>,
}

/// What is wrong with a Word file's package, in words.
fn not_word(e: &PackageError) -> NotWord {
    NotWord(match e {
        PackageError::NotZip => {
            "it is not a Word document (.docx): it cannot be opened as one".to_string()
        }
        PackageError::TooManyParts(n) => {
            format!("it has {n} parts, more than the {PARTS_LIMIT} s55 reads")
        }
        PackageError::PartTooBig(name) => format!(
            "its part {name} unpacks to more than {}, the most s55 reads",
            crate::site::files::size_in_words(PART_LIMIT)
        ),
        PackageError::TooBig => format!(
            "its parts unpack to more than {}, the most s55 reads",
            crate::site::files::size_in_words(DOCX_LIMIT.saturating_mul(4))
        ),
        PackageError::Unreadable(name, why) => format!("its part {name} cannot be read: {why}"),
    })
}

/// Reads the bytes of a `.docx` file.
pub fn read(bytes: &[u8]) -> Result<WordDocument, NotWord> {
    if bytes.len() as u64 > DOCX_LIMIT {
        return Err(NotWord(format!(
            "it is larger than {}, the most s55 reads",
            crate::site::files::size_in_words(DOCX_LIMIT)
        )));
    }
    let mut package = Package::open(
        bytes,
        Limits {
            parts: PARTS_LIMIT,
            part: PART_LIMIT,
            total: DOCX_LIMIT.saturating_mul(4),
        },
    )
    .map_err(|e| not_word(&e))?;
    let mut margin_parts: Vec<String> = package
        .names()
        .filter(|n| {
            let stem = n.strip_prefix("word/").and_then(|n| n.strip_suffix(".xml"));
            stem.and_then(|s| {
                s.strip_prefix("header")
                    .or_else(|| s.strip_prefix("footer"))
            })
            .is_some_and(|k| k.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect();
    margin_parts.sort();
    let mut part = |name: &str| -> Result<Option<String>, NotWord> {
        let Some(out) = package.part(name).map_err(|e| not_word(&e))? else {
            return Ok(None);
        };
        String::from_utf8(out)
            .map(Some)
            .map_err(|_| NotWord(format!("its part {name} is not UTF-8 text")))
    };
    let document = part("word/document.xml")?.ok_or_else(|| {
        NotWord("it has no word/document.xml, so it is not a Word document".to_string())
    })?;
    let rels = match part("word/_rels/document.xml.rels")? {
        Some(x) => relationships(&x)?,
        None => Vec::new(),
    };
    let target = |kind: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(kind))
            .map(|r| format!("word/{}", r.target.trim_start_matches('/')))
    };
    let numbering = match target("/numbering") {
        Some(name) => part(&name)?.map(|x| numbering(&x)).transpose()?,
        None => None,
    }
    .unwrap_or_default();
    let comments = match target("/comments") {
        Some(name) => part(&name)?.map(|x| comments(&x)).transpose()?,
        None => None,
    }
    .unwrap_or_default();
    let properties = match part("docProps/custom.xml")? {
        Some(x) => properties(&x)?,
        None => BTreeMap::new(),
    };
    let links: BTreeMap<String, String> = rels
        .iter()
        .filter(|r| r.kind.ends_with("/hyperlink"))
        .map(|r| (r.id.clone(), r.target.clone()))
        .collect();
    let body = body(&document, &links, &numbering)?;
    let mut margins = Vec::new();
    for name in &margin_parts {
        if let Some(xml) = part(name)? {
            let words = self::body(&xml, &BTreeMap::new(), &numbering)?;
            let inside = words
                .controls
                .iter()
                .flat_map(|c| c.paragraphs.iter())
                .map(|p| p.runs.iter().map(|r| r.text.as_str()).collect::<String>());
            for w in words.outside.into_iter().chain(inside) {
                let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
                if !w.is_empty() {
                    margins.push(w);
                }
            }
        }
    }
    let comments = comments
        .into_iter()
        .map(|(id, mut c)| {
            c.control = body.comment_anchors.get(&id).copied();
            c.end_control = body.comment_ends.get(&id).copied();
            c
        })
        .collect();
    Ok(WordDocument {
        properties,
        controls: body.controls,
        revisions: body.revisions,
        comments,
        outside: body.outside,
        margins,
    })
}

/// The words with every run of digits written `#`, as the page headers and footers are compared.
pub fn without_numbers(words: &str) -> String {
    let mut out = String::new();
    for c in words.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn bad_xml(part: &str, e: impl std::fmt::Display) -> NotWord {
    NotWord(format!("its part {part} is not well-formed XML: {e}"))
}

/// The value of the attribute with this local name (`w:val`, `r:id`, ...), unescaped.
fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// An on/off property such as `<w:b/>` or `<w:b w:val="0"/>`.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Text and entity events as text.
fn text_of(event: &Event) -> Option<String> {
    match event {
        Event::Text(t) => t.decode().ok().map(|c| c.into_owned()),
        Event::CData(t) => t.decode().ok().map(|c| c.into_owned()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                return Some(c.to_string());
            }
            let name = r.decode().ok()?;
            Some(
                match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }
                .to_string(),
            )
        }
        _ => None,
    }
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

fn relationships(xml: &str) -> Result<Vec<Relationship>, NotWord> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                out.push(Relationship {
                    id: attr(&e, b"Id").unwrap_or_default(),
                    kind: attr(&e, b"Type").unwrap_or_default(),
                    target: attr(&e, b"Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(bad_xml("word/_rels/document.xml.rels", e)),
        }
    }
}

/// For each numbering instance (`w:numId`), whether each level is numbered.
type Numbering = BTreeMap<String, [bool; 9]>;

fn numbering(xml: &str) -> Result<Numbering, NotWord> {
    let mut r = Reader::from_str(xml);
    let mut abstracts: BTreeMap<String, [bool; 9]> = BTreeMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let (mut abstract_id, mut level, mut num_id) = (None::<String>, 0usize, None::<String>);
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abstract_id = attr(&e, b"abstractNumId"),
                b"lvl" => level = attr(&e, b"ilvl").and_then(|l| l.parse().ok()).unwrap_or(0),
                b"numFmt" => {
                    if let Some(a) = &abstract_id {
                        let ordered =
                            !matches!(attr(&e, b"val").as_deref(), Some("bullet" | "none"));
                        if level < 9 {
                            abstracts.entry(a.clone()).or_insert([true; 9])[level] = ordered;
                        }
                    }
                }
                b"num" => num_id = attr(&e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (num_id.clone(), attr(&e, b"val")) {
                        nums.push((n, a));
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abstract_id = None,
                b"num" => num_id = None,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(bad_xml("word/numbering.xml", e)),
        }
    }
    Ok(nums
        .into_iter()
        .filter_map(|(n, a)| abstracts.get(&a).map(|levels| (n, *levels)))
        .collect())
}

/// Word's comments by id (`w:id`), in the order of the file.
fn comments(xml: &str) -> Result<Vec<(String, WordComment)>, NotWord> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(String, WordComment)> = None;
    let mut in_text = false;
    loop {
        let event = r
            .read_event()
            .map_err(|e| bad_xml("word/comments.xml", e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == b"comment" => {
                current = Some((
                    attr(e, b"id").unwrap_or_default(),
                    WordComment {
                        author: attr(e, b"author").unwrap_or_default(),
                        date: attr(e, b"date"),
                        text: String::new(),
                        control: None,
                        end_control: None,
                    },
                ));
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some((_, c)) = &mut current {
                    if !c.text.is_empty() && !c.text.ends_with(' ') {
                        c.text.push(' ');
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"comment" => {
                if let Some((id, mut c)) = current.take() {
                    c.text = c.text.trim().to_string();
                    out.push((id, c));
                }
            }
            Event::Eof => return Ok(out),
            other if in_text => {
                if let (Some(t), Some((_, c))) = (text_of(other), &mut current) {
                    c.text.push_str(&t);
                }
            }
            _ => {}
        }
    }
}

fn properties(xml: &str) -> Result<BTreeMap<String, String>, NotWord> {
    let mut r = Reader::from_str(xml);
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    loop {
        let event = r
            .read_event()
            .map_err(|e| bad_xml("docProps/custom.xml", e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == b"property" => {
                current = attr(e, b"name").map(|n| (n, String::new()));
            }
            Event::End(e) if e.local_name().as_ref() == b"property" => {
                if let Some((n, v)) = current.take() {
                    out.insert(n, v);
                }
            }
            Event::Eof => return Ok(out),
            other => {
                if let (Some(t), Some((_, v))) = (text_of(other), &mut current) {
                    v.push_str(&t);
                }
            }
        }
    }
}

/// The document body while it is read.
#[derive(Default)]
struct Body {
    controls: Vec<Control>,
    revisions: Vec<Revision>,
    comment_anchors: BTreeMap<String, usize>,
    /// The control each comment's range ends in.
    comment_ends: BTreeMap<String, usize>,
    outside: Vec<String>,
}

/// How a `w:sdt` is being read.
#[derive(Clone, Copy, PartialEq)]
enum Sdt {
    /// A block-level control of the body: its index.
    Control(usize),
    /// A control inside a paragraph or inside another control: its words belong to what holds it.
    Inner,
}

/// Elements whose content is not the document's text as it reads: formatting before a tracked
/// change, pictures, field codes, footnote marks.
const SKIPPED: &[&[u8]] = &[
    b"rPrChange",
    b"pPrChange",
    b"sectPrChange",
    b"tblPrChange",
    b"trPrChange",
    b"tcPrChange",
    b"numberingChange",
    b"drawing",
    b"pict",
    b"object",
    b"AlternateContent",
    b"instrText",
    b"delInstrText",
];

fn body(
    xml: &str,
    links: &BTreeMap<String, String>,
    numbering: &Numbering,
) -> Result<Body, NotWord> {
    let mut r = Reader::from_str(xml);
    let mut out = Body::default();
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    let mut sdts: Vec<Sdt> = Vec::new();
    let mut in_sdt_pr: Option<usize> = None;
    let mut control: Option<usize> = None;
    let mut para: Option<Paragraph> = None;
    let mut num: (Option<usize>, Option<String>) = (None, None);
    // Runs of a paragraph whose mark was deleted: they join the next paragraph.
    let mut carried: Vec<Run> = Vec::new();
    let mut mark_deleted = false;
    let (mut in_ppr, mut in_rpr, mut in_run) = (false, false, false);
    let (mut bold, mut italic) = (false, false);
    let mut link: Option<String> = None;
    // The tracked change being read: its index in `out.revisions`.
    let mut revision: Option<(usize, RevisionKind)> = None;
    let mut in_text: Option<bool> = None; // Some(true) in w:t, Some(false) in w:delText

    loop {
        let event = r
            .read_event()
            .map_err(|e| bad_xml("word/document.xml", e))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if !empty {
                depth += 1;
                if depth > DEPTH_LIMIT {
                    return Err(NotWord(format!(
                        "its text is nested more than {DEPTH_LIMIT} levels deep"
                    )));
                }
            }
            if skip_until.is_some() {
                continue;
            }
            let name = e.local_name();
            let name = name.as_ref();
            if SKIPPED.contains(&name) {
                if !empty {
                    skip_until = Some(depth);
                }
                continue;
            }
            if let Some(k) = in_sdt_pr {
                match name {
                    b"tag" => out.controls[k].tag = attr(e, b"val"),
                    b"alias" => out.controls[k].alias = attr(e, b"val"),
                    b"showingPlcHdr" => out.controls[k].placeholder = on(e),
                    _ => {}
                }
                continue;
            }
            match name {
                b"sdt" if !empty => {
                    let kind = if para.is_some() || control.is_some() {
                        Sdt::Inner
                    } else {
                        out.controls.push(Control::default());
                        control = Some(out.controls.len() - 1);
                        Sdt::Control(out.controls.len() - 1)
                    };
                    sdts.push(kind);
                }
                b"sdtPr" if !empty => {
                    if let Some(Sdt::Control(k)) = sdts.last() {
                        in_sdt_pr = Some(*k);
                    } else {
                        skip_until = Some(depth);
                    }
                }
                b"p" => {
                    let mut p = Paragraph::default();
                    p.runs.append(&mut carried);
                    para = Some(p);
                    num = (None, None);
                    mark_deleted = false;
                    if empty {
                        finish_paragraph(&mut out, control, &mut para, &num, numbering);
                    }
                }
                b"pPr" if !empty => in_ppr = true,
                b"pStyle" if in_ppr => {
                    if let Some(p) = &mut para {
                        p.style = attr(e, b"val");
                    }
                }
                b"ilvl" if in_ppr => num.0 = attr(e, b"val").and_then(|v| v.parse().ok()),
                b"numId" if in_ppr => num.1 = attr(e, b"val"),
                b"rPr" if !empty => in_rpr = true,
                // The paragraph mark's own change: a paragraph break inserted or deleted.
                b"ins" | b"del" if in_ppr && in_rpr => {
                    let kind = if name == b"del" {
                        mark_deleted = true;
                        RevisionKind::ParagraphDeleted
                    } else {
                        RevisionKind::ParagraphInserted
                    };
                    out.revisions.push(Revision {
                        kind,
                        author: attr(e, b"author").unwrap_or_default(),
                        date: attr(e, b"date"),
                        text: String::new(),
                        control,
                    });
                }
                b"ins" | b"del" | b"moveFrom" | b"moveTo" if !empty && !in_rpr => {
                    let kind = match name {
                        b"ins" => RevisionKind::Inserted,
                        b"del" => RevisionKind::Deleted,
                        b"moveFrom" => RevisionKind::MovedFrom,
                        _ => RevisionKind::MovedTo,
                    };
                    out.revisions.push(Revision {
                        kind,
                        author: attr(e, b"author").unwrap_or_default(),
                        date: attr(e, b"date"),
                        text: String::new(),
                        control,
                    });
                    revision = Some((out.revisions.len() - 1, kind));
                }
                b"hyperlink" if !empty => {
                    link = attr(e, b"id").and_then(|id| links.get(&id).cloned());
                }
                b"r" if !empty => {
                    in_run = true;
                    bold = false;
                    italic = false;
                }
                b"b" if in_rpr && in_run => bold = on(e),
                b"i" if in_rpr && in_run => italic = on(e),
                b"t" if in_run && !empty => in_text = Some(true),
                b"delText" if in_run && !empty => in_text = Some(false),
                b"tab" | b"ptab" if in_run && !in_rpr && !in_ppr => {
                    text(&mut out, revision, &mut para, " ", bold, italic, &link)
                }
                b"br" | b"cr"
                    if in_run
                        && !matches!(attr(e, b"type").as_deref(), Some("page" | "column")) =>
                {
                    text(&mut out, revision, &mut para, "\n", bold, italic, &link)
                }
                b"noBreakHyphen" if in_run => {
                    text(&mut out, revision, &mut para, "-", bold, italic, &link)
                }
                b"commentRangeStart" | b"commentReference" | b"commentRangeEnd" => {
                    if let (Some(id), Some(k)) = (attr(e, b"id"), control) {
                        if e.local_name().as_ref() != b"commentRangeEnd" {
                            out.comment_anchors.entry(id.clone()).or_insert(k);
                        }
                        if e.local_name().as_ref() != b"commentRangeStart" {
                            out.comment_ends.insert(id, k);
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::End(e) => {
                let closing = depth;
                depth = depth.saturating_sub(1);
                if let Some(d) = skip_until {
                    if closing == d {
                        skip_until = None;
                    }
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    b"sdtPr" if in_sdt_pr.is_some() => in_sdt_pr = None,
                    _ if in_sdt_pr.is_some() => {}
                    b"sdt" => {
                        if let Some(Sdt::Control(_)) = sdts.pop() {
                            if !carried.is_empty() {
                                // A deleted paragraph mark at the end of the control.
                                para = Some(Paragraph {
                                    runs: std::mem::take(&mut carried),
                                    ..Default::default()
                                });
                                finish_paragraph(&mut out, control, &mut para, &num, numbering);
                            }
                            control = None;
                        }
                    }
                    b"p" => {
                        if mark_deleted {
                            if let Some(p) = para.take() {
                                carried = p.runs;
                            }
                        } else {
                            finish_paragraph(&mut out, control, &mut para, &num, numbering);
                        }
                    }
                    b"pPr" => in_ppr = false,
                    b"rPr" => in_rpr = false,
                    b"r" => in_run = false,
                    b"t" | b"delText" => in_text = None,
                    b"hyperlink" => link = None,
                    b"ins" | b"del" | b"moveFrom" | b"moveTo" => revision = None,
                    _ => {}
                }
            }
            Event::Eof => return Ok(out),
            other => {
                if skip_until.is_some() || in_sdt_pr.is_some() {
                    continue;
                }
                if let (Some(_), Some(t)) = (in_text, text_of(other)) {
                    text(&mut out, revision, &mut para, &t, bold, italic, &link);
                }
            }
        }
    }
}

/// Adds words read inside a run: to the tracked change they belong to (if any) and, unless they
/// were deleted or moved away, to the paragraph.
#[allow(clippy::too_many_arguments)]
fn text(
    out: &mut Body,
    revision: Option<(usize, RevisionKind)>,
    para: &mut Option<Paragraph>,
    t: &str,
    bold: bool,
    italic: bool,
    link: &Option<String>,
) {
    if let Some((i, kind)) = revision {
        out.revisions[i].text.push_str(t);
        if matches!(kind, RevisionKind::Deleted | RevisionKind::MovedFrom) {
            return;
        }
    }
    if let Some(p) = para {
        match p.runs.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic && &last.link == link => {
                last.text.push_str(t)
            }
            _ => p.runs.push(Run {
                text: t.to_string(),
                bold,
                italic,
                link: link.clone(),
            }),
        }
    }
}

fn finish_paragraph(
    out: &mut Body,
    control: Option<usize>,
    para: &mut Option<Paragraph>,
    num: &(Option<usize>, Option<String>),
    numbering: &Numbering,
) {
    let Some(mut p) = para.take() else { return };
    let Some(k) = control else {
        let words: String = p.runs.iter().map(|r| r.text.as_str()).collect();
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words.is_empty() {
            out.outside.push(words);
        }
        return;
    };
    let style = p.style.as_deref().unwrap_or("");
    let styled_level = |prefix: &str| {
        style
            .strip_prefix(prefix)
            .map(|rest| rest.parse::<usize>().map_or(0, |n| n.saturating_sub(1)))
    };
    p.list = match num {
        (_, Some(id)) if id == "0" => None,
        (level, Some(id)) => {
            let level = level.unwrap_or(0).min(8);
            let ordered = numbering
                .get(id)
                .map(|levels| levels[level])
                .unwrap_or(style.starts_with("ListNumber"));
            Some(ListItem { ordered, level })
        }
        _ => styled_level("ListBullet")
            .map(|level| ListItem {
                ordered: false,
                level,
            })
            .or_else(|| {
                styled_level("ListNumber").map(|level| ListItem {
                    ordered: true,
                    level,
                })
            }),
    };
    out.controls[k].paragraphs.push(p);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Body {
        body_of(body)
    }

    fn body_of(inner: &str) -> Body {
        let xml = format!(
            "<w:document xmlns:w=\"w\" xmlns:r=\"r\"><w:body>{inner}</w:body></w:document>"
        );
        let links = BTreeMap::from([("rId9".to_string(), "https://example.org/a".to_string())]);
        body(&xml, &links, &Numbering::new()).unwrap()
    }

    const CONTROL: &str = "<w:sdt><w:sdtPr><w:alias w:val=\"The overview\"/><w:tag w:val=\"comments.overview\"/></w:sdtPr><w:sdtContent>";

    #[test]
    fn a_control_keeps_its_tag_alias_and_formatted_runs() {
        let b = doc(&format!(
            "{CONTROL}<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Bold</w:t></w:r><w:r><w:t xml:space=\"preserve\"> and &amp; </w:t></w:r><w:hyperlink r:id=\"rId9\"><w:r><w:rPr><w:i w:val=\"1\"/></w:rPr><w:t>a link</w:t></w:r></w:hyperlink></w:p></w:sdtContent></w:sdt>"
        ));
        let c = &b.controls[0];
        assert_eq!(c.tag.as_deref(), Some("comments.overview"));
        assert_eq!(c.alias.as_deref(), Some("The overview"));
        let runs = &c.paragraphs[0].runs;
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert!(runs[0].bold && runs[0].text == "Bold");
        assert_eq!(runs[1].text, " and & ");
        assert!(runs[2].italic && runs[2].link.as_deref() == Some("https://example.org/a"));
    }

    #[test]
    fn tracked_changes_are_accepted_and_kept_with_their_authors() {
        let b = doc(&format!(
            "{CONTROL}<w:p><w:r><w:t>Kept </w:t></w:r><w:ins w:id=\"1\" w:author=\"Jane Smith\" w:date=\"2026-12-01T10:00:00Z\"><w:r><w:t>new </w:t></w:r></w:ins><w:del w:id=\"2\" w:author=\"Raj Patel\"><w:r><w:delText>old </w:delText></w:r></w:del><w:r><w:rPr><w:rPrChange w:author=\"X\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>end</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ));
        assert_eq!(b.controls[0].paragraphs[0].runs[0].text, "Kept new end");
        assert!(!b.controls[0].paragraphs[0].runs[0].bold);
        assert_eq!(b.revisions.len(), 2);
        assert_eq!(b.revisions[0].author, "Jane Smith");
        assert_eq!(b.revisions[0].text, "new ");
        assert_eq!(b.revisions[1].kind, RevisionKind::Deleted);
        assert_eq!(b.revisions[1].text, "old ");
        assert_eq!(b.revisions[1].control, Some(0));
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_the_paragraph_to_the_next() {
        let b = doc(&format!(
            "{CONTROL}<w:p><w:pPr><w:rPr><w:del w:id=\"3\" w:author=\"A\"/></w:rPr></w:pPr><w:r><w:t>One </w:t></w:r></w:p><w:p><w:r><w:t>two</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ));
        assert_eq!(b.controls[0].paragraphs.len(), 1);
        assert_eq!(b.controls[0].paragraphs[0].runs[0].text, "One two");
        assert_eq!(b.revisions[0].kind, RevisionKind::ParagraphDeleted);
    }

    #[test]
    fn moved_words_count_once_where_they_were_moved_to() {
        let b = doc(&format!(
            "{CONTROL}<w:p><w:moveFrom w:id=\"4\" w:author=\"A\"><w:r><w:t>First. </w:t></w:r></w:moveFrom><w:r><w:t>Second. </w:t></w:r><w:moveTo w:id=\"5\" w:author=\"A\"><w:r><w:t>First.</w:t></w:r></w:moveTo></w:p></w:sdtContent></w:sdt>"
        ));
        assert_eq!(b.controls[0].paragraphs[0].runs[0].text, "Second. First.");
        let kinds: Vec<RevisionKind> = b.revisions.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RevisionKind::MovedFrom, RevisionKind::MovedTo]);
    }

    #[test]
    fn an_emptied_control_showing_words_placeholder_is_marked() {
        let b = doc(
            "<w:sdt><w:sdtPr><w:tag w:val=\"comments.closing\"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Click or tap here to enter text.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        );
        assert!(b.controls[0].placeholder);
    }

    /// The first paragraph a bulleted item, the second a numbered one a level further in.
    fn assert_bullet_then_numbered_item_below(p: &[Paragraph]) {
        let item = |ordered, level| Some(ListItem { ordered, level });
        assert_eq!(p[0].list, item(false, 0));
        assert_eq!(p[1].list, item(true, 1));
    }

    #[test]
    fn list_styles_make_list_items() {
        let b = doc(&format!(
            "{CONTROL}<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"ListNumber2\"/></w:pPr><w:r><w:t>b</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ));
        assert_bullet_then_numbered_item_below(&b.controls[0].paragraphs);
    }

    #[test]
    fn words_own_numbering_tells_bullets_from_numbers() {
        let numbering = numbering(
            "<w:numbering xmlns:w=\"w\"><w:abstractNum w:abstractNumId=\"5\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"5\"/></w:num></w:numbering>",
        )
        .unwrap();
        let xml = format!(
            "<w:document xmlns:w=\"w\"><w:body>{CONTROL}<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>a</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>b</w:t></w:r></w:p></w:sdtContent></w:sdt><w:p><w:r><w:t>Yours sincerely,</w:t></w:r></w:p></w:body></w:document>"
        );
        let b = body(&xml, &BTreeMap::new(), &numbering).unwrap();
        assert_bullet_then_numbered_item_below(&b.controls[0].paragraphs);
        assert_eq!(b.outside, ["Yours sincerely,"]);
    }

    #[test]
    fn something_that_is_not_a_zip_is_refused_in_words() {
        let e = read(b"not a zip at all").unwrap_err();
        assert!(e.0.contains("not a Word document"), "{e:?}");
    }
}
