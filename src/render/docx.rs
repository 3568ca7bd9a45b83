//! The letter as a Word document (`.docx`), for sign-off: the same blocks as the PDF letter (the
//! layout's `letterhead`, `dateline`, `addressees`, `salutation`, `body`, `closing`, `signature`
//! and `copies`, rendered with `pdf` true), set in Word's own structure rather than direct
//! formatting: the built-in style ids `Title` (the letter's `#` heading), `Heading1`–`Heading3`
//! (`##` to `####`), `ListBullet` and `ListNumber` with real numbering definitions, `Quote` for the
//! report's words, and the table style `S55Table`, whose first row repeats on every page
//! (`w:tblHeader`), for the answers at a glance. The document's title, author (the signatory) and
//! language (en-GB) are set, the office's logo and the signature carry their alt text (an image
//! without one is marked decorative), the signature image sits between the closing and the
//! signatory, an answer's last paragraph keeps with its "Lead: … Due: …" line, the footer reads
//! "Page N of M" (Word's PAGE and NUMPAGES fields, in the phrase table's words), and a draft
//! carries "DRAFT – not ready to publish" in the page header. When the office names its own Word
//! template, the letter is then written into it (see [`word_template`]).
//!
//! # The contract with `s55 import`
//!
//! Every part an officer edits sits in a block-level content control (`w:sdt` around whole
//! paragraphs) whose `w:tag` is its place in the response file and whose `w:alias` is a plain name:
//!
//! | tag | alias |
//! |---|---|
//! | `comments.overview` | The overview |
//! | `chief_officer.comments` | The chief officer's comments |
//! | `comments.on_chief_officer_comments` | The response to the chief officer's comments |
//! | `comments.answers.N.chief_officer` | The answer to R3: the chief officer's comments |
//! | `comments.answers.N.comment` | The answer to R3: comment |
//! | `comments.answers.N.reason` | The answer to R3: reason |
//! | `comments.answers.N.owner comments.answers.N.due` | The answer to R3: lead and date |
//! | `comments.closing` | The closing |
//!
//! `N` is the answer's index in `comments.answers`, counting from 0. The lead and the date are one
//! line of the letter ("Lead: X. Due: 31 August 2020."), so they share one control whose tag names
//! both fields, separated by a space (or only the one the answer has). A control holds the whole
//! paragraphs the field is printed in, so the first paragraph may start with the words the
//! template puts before it (such as "Action taken:" in bold). The document's custom properties
//! hold `s55-response`, the first 16 hex digits of the SHA-256 of the report's title, its
//! publication date (`YYYY-MM-DD`) and the body's name, each followed by a newline (see
//! [`fingerprint`]), `s55-format`, the version of this contract: `1`, `s55-file`, the
//! response file's name (without its folder), so that `s55 import` can find it, and `s55-layout`,
//! the layout it was made with, so that import renders the same one to compare, and
//! `s55-fields`, each part's words as they were when the letter was made, recorded as
//! `TAG=HASH` pairs separated by `;` (see [`field_record`]): import uses them to tell a part
//! changed in Word from one changed in the file since, and never takes a letter's older words
//! over the file's newer ones.
//!
//! The output depends only on the input: the document's dates are the letter's date (or
//! 2000-01-01 when it has none), and every id is counted from the start of the document.

use crate::diagnostic::Diagnostic;
use crate::load::Response;
use crate::render::pdf::blocks::{self, Block, Inline};
use crate::render::renderer::Renderer;
use crate::render::word_template;
use crate::render::{Format, Letter, LetterContext, markdown};
use crate::site::files;
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, Hyperlink, HyperlinkData,
    HyperlinkType, IndentLevel, Level, LevelJc, LevelOverride, LevelText, LineSpacing, NumPages,
    NumberFormat, Numbering, NumberingId, PageNum, Paragraph, Pic, Run, RunFonts,
    SpecialIndentType, Start, StructuredDataTag, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};
use sha2::{Digest, Sha256};

/// The Word format, as `--format docx` names it.
pub const DOCX: Format = Format("docx");

/// The version of the content-control contract written into `s55-format`.
pub const CONTRACT_VERSION: &str = "1";

/// The document language.
pub const LANGUAGE: &str = "en-GB";

/// The response's fingerprint, stored in the custom property `s55-response`: the first 16 hex
/// digits of the SHA-256 of the report's title, its publication date (`YYYY-MM-DD`) and the body's
/// name, each followed by a newline. `s55 import` refuses a document whose fingerprint differs.
pub fn fingerprint(response: &Response) -> String {
    let mut h = Sha256::new();
    h.update(response.report.title.as_bytes());
    h.update(b"\n");
    h.update(response.report.published.0.format("%Y-%m-%d").to_string());
    h.update(b"\n");
    h.update(response.body.name.as_bytes());
    h.update(b"\n");
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..16].to_string()
}

/// Each editable part's words as the letter gives them, stored in the custom property
/// `s55-fields`: `TAG=HASH` for every text field and every answer's due date (`TAG` as in the
/// table above, one field each; `HASH` from [`field_hash`]), separated by `;`, in the order of
/// the file. A part without words has the hash of no words.
pub fn field_record(response: &Response) -> String {
    let mut copy = response.clone();
    let mut pairs: Vec<String> = text_fields(&mut copy)
        .into_iter()
        .map(|(f, v)| format!("{}={}", f.tag, field_hash(v.as_deref().unwrap_or(""))))
        .collect();
    for (i, a) in response.comments.answers.iter().enumerate() {
        let due = a.due.map(|d| d.iso()).unwrap_or_default();
        pairs.push(format!("comments.answers.{i}.due={}", field_hash(&due)));
    }
    pairs.join(";")
}

/// The hash of a part's words in [`field_record`]: the first 16 hex digits of the SHA-256 of its
/// words with every run of spaces and line ends made one space, and no space or full stop at
/// either end (the letter wraps lines and ends a lead with a full stop where the file may not).
pub fn field_hash(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = words.trim_end_matches('.');
    let hex: String = Sha256::digest(words.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    hex[..16].to_string()
}

/// One editable part of the response: where it is in the file and what Word calls it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its place in the response file: `comments.answers.2.comment`.
    pub tag: String,
    /// A plain name: "The answer to R3: comment".
    pub alias: String,
}

/// The text fields of a response an officer edits, in the order of the file, each with a mutable
/// reference to its text so that it can be marked.
pub(crate) fn text_fields(r: &mut Response) -> Vec<(Field, &mut Option<String>)> {
    let f = |tag: &str, alias: &str| Field {
        tag: tag.to_string(),
        alias: alias.to_string(),
    };
    let mut out = Vec::new();
    let c = &mut r.comments;
    out.push((f("comments.overview", "The overview"), &mut c.overview));
    out.push((
        f("chief_officer.comments", "The chief officer’s comments"),
        &mut r.chief_officer.comments,
    ));
    out.push((
        f(
            "comments.on_chief_officer_comments",
            "The response to the chief officer’s comments",
        ),
        &mut c.on_chief_officer_comments,
    ));
    for (i, a) in c.answers.iter_mut().enumerate() {
        let which = format!("The answer to {}", a.items.join(", "));
        let base = format!("comments.answers.{i}");
        out.push((
            f(
                &format!("{base}.chief_officer"),
                &format!("{which}: the chief officer’s comments"),
            ),
            &mut a.chief_officer,
        ));
        out.push((
            f(&format!("{base}.comment"), &format!("{which}: comment")),
            &mut a.comment,
        ));
        out.push((
            f(&format!("{base}.reason"), &format!("{which}: reason")),
            &mut a.reason,
        ));
        out.push((
            f(&format!("{base}.owner"), &format!("{which}: lead and date")),
            &mut a.owner,
        ));
    }
    out.push((f("comments.closing", "The closing"), &mut c.closing));
    out
}

/// The marker that opens (`end` false) or closes field `k` in the marked copy of the letter:
/// characters of a private use plane, which Markdown treats as text.
fn marker(k: usize, end: bool) -> Option<char> {
    char::from_u32(0xF0000 + 2 * k as u32 + end as u32).filter(|_| k < 30_000)
}

fn marker_of(c: char) -> Option<(usize, bool)> {
    let n = (c as u32).checked_sub(0xF0000)?;
    (n < 60_000).then_some(((n / 2) as usize, n % 2 == 1))
}

/// Puts field `k`'s markers at the end of its first and last lines, where they change neither
/// the Markdown's structure nor the first word (which some phrases depend on).
fn mark(text: &str, k: usize) -> Option<String> {
    let (start, end) = (marker(k, false)?, marker(k, true)?);
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    let last = lines.iter().rposition(|l| !l.trim().is_empty())?;
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line.trim_end());
        if i == first {
            out.push(start);
        }
        if i == last {
            out.push(end);
        }
        out.push('\n');
    }
    Some(out)
}

/// A paragraph or table of the Word document, in reading order.
#[derive(Debug, Clone)]
enum Elem {
    Para {
        style: &'static str,
        /// The numbering instance and level of a list item's first paragraph.
        num: Option<(usize, usize)>,
        /// The indentation of a list item's later paragraphs, in twentieths of a point.
        indent: Option<i32>,
        /// Kept on the same page as the next paragraph (an answer with its "Lead: … Due: …").
        keep_next: bool,
        runs: Vec<Inline>,
    },
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
}

impl Elem {
    fn text(&self) -> String {
        match self {
            Elem::Para { runs, .. } => blocks::plain(runs),
            Elem::Table { header, rows } => header
                .iter()
                .chain(rows.iter().flatten())
                .map(|c| blocks::plain(c))
                .collect(),
        }
    }
}

/// The numbering instances the lists need: (ordered, start) for each, in order.
#[derive(Default)]
struct Flattener {
    out: Vec<Elem>,
    lists: Vec<(bool, u64)>,
}

impl Flattener {
    fn blocks(&mut self, blocks: &[Block], quote: bool, level: usize) {
        for b in blocks {
            match b {
                Block::Heading { level, inlines } => self.out.push(Elem::Para {
                    style: match level {
                        1 => "Title",
                        2 => "Heading1",
                        3 => "Heading2",
                        _ => "Heading3",
                    },
                    num: None,
                    indent: None,
                    keep_next: false,
                    runs: inlines.clone(),
                }),
                Block::Paragraph(runs) => self.out.push(Elem::Para {
                    style: if quote { "Quote" } else { "Normal" },
                    num: None,
                    indent: (level > 0).then(|| 360 * level as i32 + 360),
                    keep_next: false,
                    runs: runs.clone(),
                }),
                Block::List { start, items } => {
                    self.lists.push((start.is_some(), start.unwrap_or(1)));
                    let id = self.lists.len();
                    for item in items {
                        let first = self.out.len();
                        self.blocks(item, quote, level + 1);
                        // The item's first paragraph carries the number; the others are indented.
                        if let Some(Elem::Para {
                            style, num, indent, ..
                        }) = self.out.get_mut(first)
                        {
                            if *style == "Normal" || *style == "Quote" {
                                *style = if start.is_some() {
                                    "ListNumber"
                                } else {
                                    "ListBullet"
                                };
                                *num = Some((id, level.min(8)));
                                *indent = None;
                            }
                        }
                    }
                }
                Block::Quote(inner) => self.blocks(inner, true, level),
                Block::Table { header, rows } => self.out.push(Elem::Table {
                    header: header.clone(),
                    rows: rows.clone(),
                }),
                Block::Rule => {}
            }
        }
    }
}

/// Removes the markers from some runs.
fn strip(runs: &[Inline]) -> Vec<Inline> {
    runs.iter()
        .map(|r| Inline {
            text: r.text.chars().filter(|c| marker_of(*c).is_none()).collect(),
            ..r.clone()
        })
        .filter(|r| !r.text.is_empty())
        .collect()
}

/// Which elements each field spans, found from the marked copy: `(field, first, last)`, in
/// document order, never overlapping. A field the letter does not print has none.
fn spans(marked: &[Elem], fields: &[Field]) -> Vec<(usize, usize, usize)> {
    let mut open: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut found = Vec::new();
    for (i, e) in marked.iter().enumerate() {
        for c in e.text().chars() {
            match marker_of(c) {
                Some((k, false)) if k < fields.len() => {
                    open.entry(k).or_insert(i);
                }
                Some((k, true)) => {
                    if let Some(s) = open.remove(&k) {
                        found.push((k, s, i));
                    }
                }
                _ => {}
            }
        }
    }
    found.sort_by_key(|&(k, s, _)| (s, k));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for span in found {
        if out.last().is_none_or(|last| span.1 > last.2) {
            out.push(span);
        }
    }
    out
}

/// Everything the Word letter is made of, before it is written.
struct Parts {
    elems: Vec<Elem>,
    /// Each control: its field and the elements it spans.
    controls: Vec<(Field, usize, usize)>,
    lists: Vec<(bool, u64)>,
}

/// Lays the letter out as Word elements and finds where each editable field is.
/// `context` is the letter's, and `tera_context` its template context.
fn parts(
    l: &Letter,
    context: &LetterContext,
    tera_context: &tera::Context,
) -> Result<Parts, Diagnostic> {
    let response = &l.response;
    let layout = l.layout();
    let body_of = |r: &Response| -> Result<Vec<Block>, Diagnostic> {
        Ok(blocks::parse(&markdown::render_body(
            r,
            &l.assessment,
            &l.templates,
            layout,
        )?))
    };
    let clean = blocks::parse(&markdown::render_body_with(
        response,
        &l.templates,
        layout,
        tera_context,
    )?);
    let mut flat = Flattener::default();
    flat.blocks(&clean, false, 0);

    // The same body with each editable field marked, to find where each one is printed.
    let mut copy = response.clone();
    let mut fields = Vec::new();
    for (k, (field, text)) in text_fields(&mut copy).into_iter().enumerate() {
        if let Some(t) = text.as_mut() {
            if let Some(m) = mark(t, k) {
                *t = m;
            }
        }
        fields.push(field);
    }
    let mut marked = Flattener::default();
    marked.blocks(&body_of(&copy)?, false, 0);

    let mut controls = Vec::new();
    if marked.out.len() == flat.out.len() {
        let found = spans(&marked.out, &fields);
        for &(k, s, e) in &found {
            let mut field = fields[k].clone();
            if let Some(rest) = field.tag.strip_suffix(".owner") {
                let i: usize = rest
                    .rsplit('.')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                if response
                    .comments
                    .answers
                    .get(i)
                    .is_some_and(|a| a.due.is_some())
                {
                    field.tag = format!("{rest}.owner {rest}.due");
                }
            }
            controls.push((field, s, e));
        }
        // A date with no lead: its line, found by its words after the answer's other parts.
        for (i, a) in response.comments.answers.iter().enumerate() {
            let has_owner = a.owner.as_deref().is_some_and(|o| !o.trim().is_empty());
            if a.due.is_none() || has_owner {
                continue;
            }
            let Some(line) = context.answers.get(i).and_then(|v| v.due_line.clone()) else {
                continue;
            };
            let prefix = format!("comments.answers.{i}.");
            let after = controls
                .iter()
                .filter(|(f, _, _)| f.tag.starts_with(&prefix))
                .map(|(_, _, e)| e + 1)
                .max()
                .unwrap_or(0);
            let free = |j: usize| !controls.iter().any(|(_, s, e)| (*s..=*e).contains(&j));
            if let Some(j) =
                (after..flat.out.len()).find(|&j| flat.out[j].text().contains(&line) && free(j))
            {
                let which = format!("The answer to {}", a.items.join(", "));
                controls.push((
                    Field {
                        tag: format!("comments.answers.{i}.due"),
                        alias: format!("{which}: lead and date"),
                    },
                    j,
                    j,
                ));
            }
        }
        controls.sort_by_key(|c| c.1);
        // An answer's last paragraph stays on the page of its "Lead: … Due: …" line.
        for (field, s, _) in &controls {
            if field.tag.ends_with(".due") || field.tag.contains(".owner") {
                if let Some(Elem::Para { keep_next, .. }) =
                    s.checked_sub(1).and_then(|i| flat.out.get_mut(i))
                {
                    *keep_next = true;
                }
            }
        }
    }
    Ok(Parts {
        elems: flat.out,
        controls,
        lists: flat.lists,
    })
}

fn runs_of(inlines: &[Inline], links: &mut Vec<String>) -> Vec<RunOrLink> {
    let mut out = Vec::new();
    for i in inlines {
        let mut run = Run::new();
        for (n, line) in i.text.split('\n').enumerate() {
            if n > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            if !line.is_empty() {
                run = run.add_text(line);
            }
        }
        if i.style.bold {
            run = run.bold();
        }
        if i.style.italic {
            run = run.italic();
        }
        match &i.link {
            Some(url) if url.starts_with("http") || url.starts_with("mailto:") => {
                links.push(url.clone());
                let mut h = Hyperlink::new(url.clone(), HyperlinkType::External)
                    .add_run(run.style("Hyperlink"));
                h.link = HyperlinkData::External {
                    rid: format!("rIdS55Link{}", links.len()),
                    path: url.clone(),
                };
                out.push(RunOrLink::Link(h));
            }
            _ => out.push(RunOrLink::Run(run)),
        }
    }
    out
}

#[allow(clippy::large_enum_variant)]
enum RunOrLink {
    Run(Run),
    Link(Hyperlink),
}

/// Builds the Word paragraphs with stable ids.
struct Writer {
    para: usize,
    /// The address of each link, in order: link `n` (from 1) is relationship `rIdS55Link{n}`.
    links: Vec<String>,
}

impl Writer {
    fn paragraph(&mut self, style: &str, inlines: &[Inline]) -> Paragraph {
        self.para += 1;
        let mut p = Paragraph::new()
            .id(format!("{:08X}", 0x100000 + self.para))
            .style(style);
        for r in runs_of(inlines, &mut self.links) {
            p = match r {
                RunOrLink::Run(r) => p.add_run(r),
                RunOrLink::Link(h) => p.add_hyperlink(h),
            };
        }
        p
    }

    fn elem(&mut self, e: &Elem) -> Piece {
        match e {
            Elem::Para {
                style,
                num,
                indent,
                keep_next,
                runs,
            } => {
                let mut p = self.paragraph(style, &strip(runs));
                if *keep_next {
                    p = p.keep_next(true);
                }
                if let Some((id, level)) = num {
                    p = p.numbering(NumberingId::new(*id), IndentLevel::new(*level));
                }
                if let Some(left) = indent {
                    p = p.indent(Some(*left), None, None, None);
                }
                Piece::Para(p)
            }
            Elem::Table { header, rows } => {
                let cell = |w: &mut Writer, c: &[Inline], head: bool| {
                    let runs: Vec<Inline> = strip(c);
                    let style = if head { "TableHeading" } else { "TableText" };
                    TableCell::new().add_paragraph(w.paragraph(style, &runs))
                };
                let mut trs = vec![TableRow::new(
                    header.iter().map(|c| cell(self, c, true)).collect(),
                )];
                for r in rows {
                    trs.push(TableRow::new(
                        r.iter().map(|c| cell(self, c, false)).collect(),
                    ));
                }
                // Columns in proportion to what they hold: the item's name and what it asks
                // wider, so that "Recommendation 1" is never broken inside the word.
                let columns = header.len().max(1);
                let weights: Vec<usize> = match columns {
                    5 => vec![23, 29, 14, 19, 15],
                    4 => vec![24, 36, 16, 24],
                    3 => vec![22, 50, 28],
                    n => vec![1; n],
                };
                let total: usize = weights.iter().sum();
                let grid: Vec<usize> = weights.iter().map(|w| w * TEXT_WIDTH / total).collect();
                Piece::Table(
                    Table::without_borders(trs)
                        .style("S55Table")
                        .set_grid(grid)
                        .width(5000, WidthType::Pct),
                )
            }
        }
    }
}

/// The width of the text on an A4 page between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9_000;

#[allow(clippy::large_enum_variant)]
enum Piece {
    Para(Paragraph),
    Table(Table),
    Sdt(StructuredDataTag),
}

fn plain_run(text: &str) -> Inline {
    Inline {
        text: text.to_string(),
        style: Default::default(),
        link: None,
    }
}

/// The Word document's styles: Word's built-in ids (so that Word's own style gallery, navigation
/// pane and accessibility checker know them) and a few of s55's own for the letter's furniture.
fn styles(mut docx: Docx) -> Docx {
    let para = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .q_format(true)
    };
    docx = docx
        .add_style(
            para("Normal", "Normal").line_spacing(
                LineSpacing::new()
                    .after(160)
                    .line(264)
                    .line_rule(docx_rs::LineSpacingType::Auto),
            ),
        )
        .add_style(
            para("Title", "Title")
                .based_on("Normal")
                .next("Normal")
                .size(36)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(240).after(240)),
        )
        .add_style(
            para("Heading1", "heading 1")
                .based_on("Normal")
                .next("Normal")
                .size(28)
                .bold()
                .outline_lvl(0)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        )
        .add_style(
            para("Heading2", "heading 2")
                .based_on("Normal")
                .next("Normal")
                .size(24)
                .bold()
                .outline_lvl(1)
                .line_spacing(LineSpacing::new().before(200).after(100)),
        )
        .add_style(
            para("Heading3", "heading 3")
                .based_on("Normal")
                .next("Normal")
                .size(22)
                .bold()
                .outline_lvl(2)
                .line_spacing(LineSpacing::new().before(160).after(80)),
        )
        .add_style(para("ListBullet", "List Bullet").based_on("Normal"))
        .add_style(para("ListNumber", "List Number").based_on("Normal"))
        .add_style(para("Quote", "Quote").based_on("Normal").italic().indent(
            Some(567),
            None,
            Some(567),
            None,
        ))
        .add_style(
            para("S55OfficeName", "Office name")
                .based_on("Normal")
                .size(30)
                .bold(),
        )
        .add_style(
            para("S55Letterhead", "Letterhead")
                .based_on("Normal")
                .size(19)
                .color("595959")
                .line_spacing(LineSpacing::new().after(40)),
        )
        .add_style(
            para("S55Dateline", "Date line")
                .based_on("Normal")
                .align(AlignmentType::Right)
                .line_spacing(LineSpacing::new().after(0)),
        )
        .add_style(
            para("S55Small", "Small print")
                .based_on("Normal")
                .size(19)
                .color("595959"),
        )
        .add_style(
            para("TableHeading", "Table heading")
                .based_on("Normal")
                .bold(),
        )
        .add_style(para("TableText", "Table text").based_on("Normal"))
        .add_style(para("Header", "header").based_on("Normal"))
        .add_style(
            para("Footer", "footer")
                .based_on("Normal")
                .align(AlignmentType::Center)
                .size(19)
                .color("595959"),
        )
        .add_style(
            Style::new("Hyperlink", StyleType::Character)
                .name("Hyperlink")
                .color("0563C1")
                .underline("single"),
        )
        .add_style(
            Style::new("S55Table", StyleType::Table)
                .name("Answers table")
                .table_property(docx_rs::TableProperty::new()),
        );
    docx
}

/// The numbering definitions: one abstract list for bullets and one for numbers, nine levels
/// each, and one instance per list in the letter (a numbered list restarting at its own start).
fn numbering(mut docx: Docx, lists: &[(bool, u64)]) -> Docx {
    let bullets = ["•", "◦", "▪"];
    let mut bullet = AbstractNumbering::new(1);
    let mut number = AbstractNumbering::new(2);
    for lvl in 0..9usize {
        let left = 360 * (lvl as i32 + 1) + 360;
        bullet = bullet.add_level(
            Level::new(
                lvl,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(bullets[lvl % 3]),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
        number = number.add_level(
            Level::new(
                lvl,
                Start::new(1),
                NumberFormat::new(["decimal", "lowerLetter", "lowerRoman"][lvl % 3]),
                LevelText::new(format!("%{}.", lvl + 1)),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    docx = docx
        .add_abstract_numbering(bullet)
        .add_abstract_numbering(number);
    for (i, (ordered, start)) in lists.iter().enumerate() {
        let mut n = Numbering::new(i + 1, if *ordered { 2 } else { 1 });
        if *ordered {
            n = n.add_override(LevelOverride::new(0).start(*start as usize));
        }
        docx = docx.add_numbering(n);
    }
    docx
}

/// An image (the office's logo or the signature): its bytes, width and height in pixels, and alt
/// text.
type Logo = (Vec<u8>, u32, u32, Option<String>);

fn image(
    response: &Response,
    image: Option<&crate::model::Image>,
    what: &str,
) -> Result<Option<Logo>, Diagnostic> {
    let Some(logo) = image else {
        return Ok(None);
    };
    let path = response.body_dir.join(&logo.path);
    let at = |message: String| match response.find_text(&logo.path) {
        Some(place) => Diagnostic::at(&place.file, place.location, message),
        None => Diagnostic::file(&response.path, message),
    };
    let bytes = files::read_limited(&path, files::IMAGE_LIMIT).map_err(|e| {
        at(format!(
            "the {what} image {} could not be used: {}",
            path.display(),
            e.message("image file")
        ))
        .with_hint("image paths are read relative to the file that names them")
    })?;
    let jpeg = bytes.starts_with(&[0xFF, 0xD8]);
    let size = crate::render::pdf::declared_size(&bytes, jpeg)
        .filter(|_| jpeg || bytes.starts_with(b"\x89PNG"))
        .filter(|(w, h)| *w > 0 && *h > 0);
    let Some((w, h)) = size else {
        return Err(at(format!(
            "the {what} image {} is not a PNG or JPEG file that can be read",
            path.display()
        ))
        .with_hint("save the image as PNG or JPEG"));
    };
    Ok(Some((bytes, w, h, logo.alt.clone())))
}

/// Escapes text for an XML attribute or element.
/// An image at its own proportions, as high as `cm.0` centimetres unless that would make it wider
/// than `cm.1` (Word measures in EMU: 360,000 to the centimetre).
fn picture(bytes: Vec<u8>, (px_w, px_h): (u32, u32), id: &str, cm: (f64, f64)) -> Pic {
    const EMU: f64 = 360_000.0;
    let wd = (cm.0 * EMU * px_w as f64 / px_h as f64).min(cm.1 * EMU);
    let h = wd * px_h as f64 / px_w as f64;
    Pic::new_with_dimensions(bytes, px_w, px_h)
        .id(id)
        .size(wd as u32, h as u32)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the letter as the bytes of a `.docx` file.
pub fn render(l: &Letter) -> Result<Vec<u8>, Diagnostic> {
    let response = &l.response;
    // The letter's context is made once for the whole Word letter: its body, every block of
    // furniture (seven) and the citation.
    let context = LetterContext::new(response, &l.assessment);
    let tera_context = context.to_tera();
    let parts = parts(l, &context, &tera_context)?;
    let name = markdown::layout_template(response, &l.templates, l.layout())?;
    let furniture = blocks::Furniture::render(
        &l.templates,
        name,
        crate::render::context::for_pdf(tera_context),
    );
    let furniture = |block: &str| furniture.block(block);
    let template = word_template::read(response)?;
    let own_header = template.as_ref().is_some_and(|t| t.has_header());
    let own_page_header = template.as_ref().is_some_and(|t| t.header_on_every_page());
    let own_footer = template.as_ref().is_some_and(|t| t.footer_on_every_page());
    let mut w = Writer {
        para: 0,
        links: Vec::new(),
    };
    let mut docx = styles(Docx::new());
    let mut lists = parts.lists.clone();

    // Furniture: each paragraph in its own style; anything else (a list) as the body sets it.
    let mut furniture_pieces =
        |w: &mut Writer, blocks: &[Block], style: &dyn Fn(usize) -> &'static str| -> Vec<Piece> {
            let mut f = Flattener {
                out: Vec::new(),
                lists: std::mem::take(&mut lists),
            };
            for (i, b) in blocks.iter().enumerate() {
                match b {
                    Block::Paragraph(runs) => f.out.push(Elem::Para {
                        style: style(i),
                        num: None,
                        indent: None,
                        keep_next: false,
                        runs: runs.clone(),
                    }),
                    other => f.blocks(std::slice::from_ref(other), false, 0),
                }
            }
            lists = f.lists;
            f.out.iter().map(|e| w.elem(e)).collect()
        };

    let mut pieces: Vec<Piece> = Vec::new();
    // The images in document order: their names and alt text.
    let mut images: Vec<(&str, Option<String>)> = Vec::new();
    // The template's header is the letterhead: the logo and letterhead lines are not repeated.
    let logo = match own_header {
        true => None,
        false => image(response, response.body.logo.as_ref(), "logo")?,
    };
    if let Some((bytes, px_w, px_h, alt)) = logo {
        // At most 2 cm high and 6 cm wide.
        let pic = picture(bytes, (px_w, px_h), "rIdS55Logo", (2.0, 6.0));
        w.para += 1;
        pieces.push(Piece::Para(
            Paragraph::new()
                .id(format!("{:08X}", 0x100000 + w.para))
                .style("S55Letterhead")
                .align(AlignmentType::Right)
                .add_run(Run::new().add_image(pic)),
        ));
        images.push(("Logo", alt));
    }
    if !own_header {
        pieces.extend(furniture_pieces(&mut w, &furniture("letterhead")?, &|i| {
            if i == 0 {
                "S55OfficeName"
            } else {
                "S55Letterhead"
            }
        }));
    }
    pieces.extend(furniture_pieces(
        &mut w,
        &furniture("dateline")?,
        &|_| "S55Dateline",
    ));
    pieces.extend(furniture_pieces(
        &mut w,
        &furniture("addressees")?,
        &|_| "Normal",
    ));
    pieces.extend(furniture_pieces(
        &mut w,
        &furniture("salutation")?,
        &|_| "Normal",
    ));

    // The body, each editable field in its content control.
    let mut i = 0;
    let mut controls = parts.controls.iter().peekable();
    while i < parts.elems.len() {
        match controls.peek() {
            Some((field, s, e)) if *s == i => {
                let mut sdt = StructuredDataTag::new()
                    .alias(format!("S55TAG{}S55ALIAS{}", field.tag, field.alias));
                for j in *s..=*e {
                    sdt = match w.elem(&parts.elems[j]) {
                        Piece::Para(p) => sdt.add_paragraph(p),
                        Piece::Table(t) => sdt.add_table(t),
                        Piece::Sdt(_) => sdt,
                    };
                }
                pieces.push(Piece::Sdt(sdt));
                i = e + 1;
                controls.next();
            }
            _ => {
                pieces.push(w.elem(&parts.elems[i]));
                i += 1;
            }
        }
    }

    // The closing, the signature image (as the PDF letter has it) and the signatory, kept together.
    let closing = furniture("closing")?;
    let signed = furniture("signature")?;
    let signature = image(response, response.body.signature.as_ref(), "signature")?;
    let mut together = furniture_pieces(&mut w, &closing, &|_| "Normal");
    if let Some((bytes, px_w, px_h, alt)) = signature {
        // At most 1.5 cm high and 7 cm wide.
        let pic = picture(bytes, (px_w, px_h), "rIdS55Signature", (1.5, 7.0));
        w.para += 1;
        together.push(Piece::Para(
            Paragraph::new()
                .id(format!("{:08X}", 0x100000 + w.para))
                .style("Normal")
                .add_run(Run::new().add_image(pic)),
        ));
        images.push(("Signature", alt));
    }
    together.extend(furniture_pieces(&mut w, &signed, &|_| "Normal"));
    let last = together.len().saturating_sub(1);
    for (i, piece) in together.into_iter().enumerate() {
        pieces.push(match piece {
            Piece::Para(p) if i < last => Piece::Para(p.keep_next(true)),
            other => other,
        });
    }
    pieces.extend(furniture_pieces(
        &mut w,
        &furniture("copies")?,
        &|_| "S55Small",
    ));

    // The statutory citation, as the PDF gives it.
    {
        use crate::render::phrases::{Phrase, fill};
        let mut cite = fill(
            Phrase::PublishedUnder,
            &[
                ("citation", context.statute.citation),
                ("date", &response.report.published.long()),
            ],
        );
        if let Some(last) = l.assessment.timing.last_day {
            cite.push_str("; ");
            cite.push_str(&fill(
                Phrase::LastDayToPublish,
                &[("date", &last.long()), ("rule", context.deadline.rule)],
            ));
        }
        cite.push('.');
        pieces.push(Piece::Para(w.paragraph("S55Small", &[plain_run(&cite)])));
    }

    // The answers at a glance, as an annex on a page of its own.
    let annex = context.annex_markdown();
    if !annex.is_empty() {
        let mut f = Flattener {
            out: Vec::new(),
            lists: std::mem::take(&mut lists),
        };
        f.blocks(&blocks::parse(&annex), false, 0);
        lists = f.lists;
        let mut first = true;
        for e in &f.out {
            let mut piece = w.elem(e);
            if first {
                if let Piece::Para(p) = piece {
                    piece = Piece::Para(p.page_break_before(true));
                }
                first = false;
            }
            pieces.push(piece);
        }
    }

    for piece in pieces {
        docx = match piece {
            Piece::Para(p) => docx.add_paragraph(p),
            Piece::Table(t) => docx.add_table(t),
            Piece::Sdt(s) => docx.add_structured_data_tag(s),
        };
    }
    docx = numbering(docx, &lists);

    // The page header: the draft mark on every page of a draft (in the template's own header,
    // when it has one, once the letter is written into it).
    let notice = crate::render::DraftNotice::of(&l.assessment);
    let draft_line = notice.as_ref().map(|n| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Header\" /></w:pPr><w:r><w:rPr><w:b /><w:color w:val=\"C00000\" /></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(&n.page_mark())
        )
    });
    if let Some(notice) = notice.filter(|_| !own_page_header) {
        w.para += 1;
        docx = docx.header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .id(format!("{:08X}", 0x100000 + w.para))
                    .style("Header")
                    .add_run(
                        Run::new()
                            .bold()
                            .color("C00000")
                            .add_text(notice.page_mark()),
                    ),
            ),
        );
    }

    // The page footer: "Page N of M", unless the template has a footer of its own.
    if !own_footer {
        docx = docx.footer(Footer::new().add_paragraph(page_numbers(&mut w)));
    }

    // Properties: fixed dates, the title, the author, the language and the fingerprint.
    let day = response
        .letter
        .date
        .map(|d| d.0.format("%Y-%m-%dT00:00:00Z").to_string())
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".to_string());
    let title = title(l, &parts.elems);
    let author = format!("{}, {}", response.body.signatory, response.body.title);
    docx = docx
        .created_at(&day)
        .updated_at(&day)
        .page_size(11906, 16838)
        .page_margin(
            docx_rs::PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1418)
                .right(1418)
                .header(567)
                .footer(567),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22);

    let mut xml = docx.build();
    link_relationships(&mut xml, &w.links);
    patch(
        &mut xml,
        &title,
        &author,
        &day,
        &images,
        &fingerprint(response),
        &[
            response
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            l.layout().unwrap_or(&response.layout).to_string(),
            field_record(response),
        ],
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let failed = |e: String| {
        Diagnostic::file(
            &response.path,
            format!("the Word letter could not be written: {e}"),
        )
    };
    xml.pack(&mut out).map_err(|e| failed(e.to_string()))?;
    let bytes = out.into_inner();
    match &template {
        Some(t) => t.apply(&bytes, draft_line.as_deref()).map_err(failed),
        None => Ok(bytes),
    }
}

/// The footer's "Page N of M" (the phrase table's words, with Word's PAGE and NUMPAGES fields in
/// place of the numbers).
fn page_numbers(w: &mut Writer) -> Paragraph {
    use crate::render::phrases::{Phrase, phrase};
    w.para += 1;
    let mut p = Paragraph::new()
        .id(format!("{:08X}", 0x100000 + w.para))
        .style("Footer");
    let mut rest = phrase(Phrase::PageOf);
    while !rest.is_empty() {
        let next = ["{page}", "{pages}"]
            .iter()
            .filter_map(|f| rest.find(f).map(|at| (at, *f)))
            .min();
        let (text, field) = match next {
            Some((at, f)) => (&rest[..at], Some(f)),
            None => (rest, None),
        };
        if !text.is_empty() {
            p = p.add_run(Run::new().add_text(text));
        }
        match field {
            Some("{page}") => p = p.add_page_num(PageNum::new()),
            Some(_) => p = p.add_num_pages(NumPages::new()),
            None => break,
        }
        rest = &rest[text.len() + field.map_or(0, str::len)..];
    }
    p
}

/// The document's title: the letter's `#` heading (marked as a draft's when it is one).
fn title(l: &Letter, elems: &[Elem]) -> String {
    let heading = elems
        .iter()
        .find_map(|e| match e {
            Elem::Para {
                style: "Title",
                runs,
                ..
            } => Some(blocks::plain(&strip(runs))),
            _ => None,
        })
        .unwrap_or_else(|| {
            crate::render::phrases::fill(
                crate::render::phrases::Phrase::ResponseToReport,
                &[("title", &l.response.report.title)],
            )
        });
    match crate::render::DraftNotice::of(&l.assessment) {
        Some(n) => format!("{}: {heading}", n.mark),
        None => heading,
    }
}

/// Every link's relationship: docx-rs writes those of links in top-level paragraphs only, so a
/// link inside a content control (a field's own words) would otherwise point at nothing and Word
/// would call the file damaged.
fn link_relationships(xml: &mut docx_rs::XMLDocx, links: &[String]) {
    let mut rels = String::from_utf8_lossy(&xml.document_rels).into_owned();
    let mut missing = String::new();
    for (i, url) in links.iter().enumerate() {
        let id = format!("rIdS55Link{}", i + 1);
        if !rels.contains(&format!("Id=\"{id}\"")) {
            missing.push_str(&format!(
                "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{}\" TargetMode=\"External\" />",
                xml_escape(url)
            ));
        }
    }
    if !missing.is_empty() {
        if let Some(at) = rels.rfind("</Relationships>") {
            rels.insert_str(at, &missing);
            xml.document_rels = rels.into_bytes();
        }
    }
}

/// What docx-rs cannot say itself, said in its XML: each control's `w:tag`, the table's repeating
/// header row, the core properties' title, author and language, and the logo's alt text.
fn patch(
    xml: &mut docx_rs::XMLDocx,
    title: &str,
    author: &str,
    day: &str,
    images: &[(&str, Option<String>)],
    fingerprint: &str,
    [file_name, layout, fields]: &[String; 3],
) {
    let xml_text = String::from_utf8_lossy(&xml.document);
    // Content controls: the alias carries the tag until here. One pass over the document (it was
    // searched from its start again and shifted after each control).
    const MARK: &str = "<w:alias w:val=\"S55TAG";
    let mut doc = String::with_capacity(xml_text.len() + 64);
    let mut rest: &str = &xml_text;
    while let Some(at) = rest.find(MARK) {
        let end = at + rest[at..].find("/>").map_or(MARK.len(), |e| e + 2);
        let inner = &rest[at + MARK.len()..end];
        let (tag, alias) = inner.split_once("S55ALIAS").unwrap_or((inner, ""));
        let alias = alias
            .trim_end_matches("/>")
            .trim_end()
            .trim_end_matches('"');
        doc.push_str(&rest[..at]);
        doc.push_str(&format!(
            "<w:alias w:val=\"{alias}\" /><w:tag w:val=\"{tag}\" />"
        ));
        rest = &rest[end..];
    }
    doc.push_str(rest);
    // The first row of every table repeats on each page and is a header row.
    let mut out = String::with_capacity(doc.len() + 64);
    let mut rest = doc.as_str();
    while let Some(at) = rest.find("<w:tbl>") {
        let row = "<w:tr><w:trPr />";
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find(row) {
            Some(tr) => {
                out.push_str(&rest[..tr]);
                out.push_str("<w:tr><w:trPr><w:tblHeader /></w:trPr>");
                rest = &rest[tr + row.len()..];
            }
            None => {
                out.push_str("<w:tbl>");
                rest = &rest["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    // A paragraph's style comes first in its properties, as the schema orders them.
    let mut doc = out.replace("<w:pPr><w:rPr />", "<w:pPr>");
    // Each image's name and alt text (an image without alt text is decoration), and a drawing id
    // of its own, counted in document order.
    let mut from = 0;
    for (i, (name, alt)) in images.iter().enumerate() {
        let descr = alt.as_deref().map(xml_escape).unwrap_or_default();
        let Some(at) = doc[from..].find("<wp:docPr ").map(|a| a + from) else {
            break;
        };
        let end = at + doc[at..].find("/>").unwrap_or(0);
        let mut attrs = format!(
            "<wp:docPr id=\"{}\" name=\"{name}\" descr=\"{descr}\" ",
            i + 1
        );
        if alt.is_none() {
            // Marked as decorative, as Word marks it, so that its accessibility checker does not
            // ask for alt text that was left out on purpose.
            attrs = format!(
                "{}><a:extLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:ext uri=\"{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}\"><adec:decorative xmlns:adec=\"http://schemas.microsoft.com/office/drawing/2017/decorative\" val=\"1\" /></a:ext></a:extLst></wp:docPr>",
                attrs.trim_end()
            );
            doc.replace_range(at..end + 2, &attrs);
        } else {
            doc.replace_range(at..end, &attrs);
        }
        from = at + attrs.len();
    }
    xml.document = doc.into_bytes();

    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{LANGUAGE}</dc:language><cp:revision>1</cp:revision><dcterms:created xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:modified></cp:coreProperties>",
        xml_escape(title),
        xml_escape(author),
        xml_escape(author)
    );
    xml.doc_props.core = core.into_bytes();
    // The custom properties in a fixed order (docx-rs keeps them in a hash map).
    let property = |pid: usize, name: &str, value: &str| {
        format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{pid}\" name=\"{name}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            xml_escape(value)
        )
    };
    xml.doc_props.custom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">{}{}{}{}{}</Properties>",
        property(2, "s55-response", fingerprint),
        property(3, "s55-format", CONTRACT_VERSION),
        property(4, "s55-file", file_name),
        property(5, "s55-layout", layout),
        property(6, "s55-fields", fields)
    )
    .into_bytes();
    // docx-rs writes a default list definition (abstract list 1 and list 1, decimal) before
    // s55's own, which use the same ids: Word and LibreOffice take the first, so a bulleted list
    // would be numbered. The default goes.
    let mut numbering = String::from_utf8_lossy(&xml.numberings).into_owned();
    for (open, close) in [
        ("<w:abstractNum w:abstractNumId=\"1\">", "</w:abstractNum>"),
        ("<w:num w:numId=\"1\">", "</w:num>"),
    ] {
        if numbering.matches(open).count() > 1 {
            if let Some(at) = numbering.find(open) {
                if let Some(len) = numbering[at..].find(close) {
                    numbering.replace_range(at..at + len + close.len(), "");
                }
            }
        }
    }
    xml.numberings = numbering.into_bytes();
    // The language of the text itself, for Word's spelling and screen readers.
    let styles = String::from_utf8_lossy(&xml.styles).into_owned();
    xml.styles = styles
        .replacen(
            "<w:rPrDefault><w:rPr>",
            &format!("<w:rPrDefault><w:rPr><w:lang w:val=\"{LANGUAGE}\" w:eastAsia=\"{LANGUAGE}\" w:bidi=\"ar-SA\" />"),
            1,
        )
        .into_bytes();
}

/// The letter as a Word document for sign-off, with each part an officer edits in a content
/// control tagged with its place in the response file (see the module's documentation).
pub struct WordLetter;

impl Renderer for WordLetter {
    fn format(&self) -> Format {
        DOCX
    }
    fn kind(&self) -> &'static str {
        "docx"
    }
    fn format_help(&self) -> Option<&'static str> {
        Some(
            "Word, for sign-off: real styles and lists, each part an officer edits in a tagged content control",
        )
    }
    fn suffix(&self) -> &'static str {
        ".docx"
    }
    fn link_label(&self) -> Option<&'static str> {
        Some("Word")
    }
    fn render(&self, l: &Letter) -> Result<Vec<u8>, Diagnostic> {
        render(l)
    }
    fn sources(&self, l: &Letter) -> Vec<std::path::PathBuf> {
        let mut sources = l.sources();
        sources.extend(l.images());
        sources.extend(word_template::path(&l.response));
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_go_at_the_ends_of_the_first_and_last_lines() {
        let m = mark("- one\n- two\n", 3).unwrap();
        assert_eq!(
            m,
            format!(
                "- one{}\n- two{}\n",
                marker(3, false).unwrap(),
                marker(3, true).unwrap()
            )
        );
        assert_eq!(marker_of(marker(3, true).unwrap()), Some((3, true)));
        assert_eq!(marker_of('a'), None);
    }
}
