//! A small layout engine for letters: left-aligned line breaking at Unicode break opportunities with
//! the font's real widths, pagination that keeps headings with what follows and leaves no single
//! line of a paragraph alone at the top or bottom of a page, lists with hanging indents, block
//! quotes, and tables whose cells wrap, whose rows split across pages and whose header row repeats.
//!
//! Its output is pure data (pages of positioned text, rules, boxes and images, plus the structure
//! tree they belong to), so tests can check every box against the margins without reading a PDF.

use super::blocks::{Block, Inline, plain};
use super::fonts::{Faces, Style};
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4's height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
/// UK public-sector letter margins: 25 mm at the sides, 20 mm at the top, 25 mm at the bottom
/// (the running footer sits inside the bottom margin).
pub const MARGIN_LEFT: f32 = 25.0 * MM;
/// The right margin.
pub const MARGIN_RIGHT: f32 = 25.0 * MM;
/// The top margin.
pub const MARGIN_TOP: f32 = 20.0 * MM;
/// The bottom margin.
pub const MARGIN_BOTTOM: f32 = 25.0 * MM;
/// The footer's baseline, measured from the top of the page.
pub const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 12.0 * MM;

/// The size of the letter's text, in points.
pub const BODY_SIZE: f32 = 11.0;
/// The distance between lines, as a multiple of the text size.
pub const LEADING: f32 = 1.38;
const TABLE_SIZE: f32 = 10.0;
const CELL_PAD: f32 = 4.0;
const LIST_INDENT: f32 = 18.0;
const QUOTE_INDENT: f32 = 14.0;

/// A colour as red, green, blue.
pub type Rgb = (u8, u8, u8);
/// Text.
pub const BLACK: Rgb = (0, 0, 0);
/// Quieter text: the footer and small print.
pub const GREY: Rgb = (85, 85, 85);
/// Rules, quote bars and table borders.
pub const RULE: Rgb = (150, 150, 150);
/// Links.
pub const LINK: Rgb = (0, 70, 160);
/// The shading behind a table's header row.
pub const HEADER_FILL: Rgb = (232, 236, 241);

/// The content area's left and right edges.
pub fn content_left() -> f32 {
    MARGIN_LEFT
}
/// The content area's right edge.
pub fn content_right() -> f32 {
    PAGE_WIDTH - MARGIN_RIGHT
}
/// The lowest point body content may reach: the top of the bottom margin.
pub fn content_bottom() -> f32 {
    PAGE_HEIGHT - MARGIN_BOTTOM
}

/// What a structure element is (the tags of a tagged PDF).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A heading (`H1` to `H6`), with its words for the outline.
    Heading {
        /// 1 for the letter's title, 2 for a section, and so on.
        level: u8,
        /// The heading's words.
        title: String,
    },
    /// A paragraph (`P`).
    Paragraph,
    /// A list (`L`).
    List {
        /// Numbered, or bullets.
        numbered: bool,
    },
    /// One entry of a list (`LI`).
    ListItem,
    /// A list entry's bullet or number (`Lbl`).
    Label,
    /// A list entry's content (`LBody`).
    ListBody,
    /// A block quote (`BlockQuote`).
    Quote,
    /// A table (`Table`).
    Table,
    /// A table row (`TR`).
    Row,
    /// A header cell (`TH`).
    HeaderCell,
    /// A data cell (`TD`).
    Cell,
    /// A link (`Link`).
    Link {
        /// Where the link goes.
        url: String,
    },
    /// An image with alternative text (`Figure`).
    Figure {
        /// What the image shows, for a reader who cannot see it.
        alt: String,
    },
}

/// A child of a structure element, in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Child {
    /// Another structure element, by its index in [`Layout::nodes`].
    Node(usize),
    /// An item on a page: (page, item).
    Content(usize, usize),
    /// A link annotation on a page: (page, link).
    Annotation(usize, usize),
}

/// One structure element of the tagged PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// What it holds, in reading order.
    pub children: Vec<Child>,
}

/// Something drawn on a page. `y` grows down the page, as in krilla.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text on one line, in one style.
    Text {
        /// The left edge.
        x: f32,
        /// The baseline.
        y: f32,
        /// The text size, in points.
        size: f32,
        /// Bold, italic, both or neither.
        style: Style,
        /// The text's colour.
        color: Rgb,
        /// The words.
        text: String,
        /// How wide the text is, measured with the font.
        width: f32,
        /// The structure element it belongs to; `None` marks it an artifact (a repeated header).
        node: Option<usize>,
    },
    /// A line (rules, quote bars, cell borders): always an artifact.
    Line {
        /// Where the line starts, across.
        x1: f32,
        /// Where the line starts, down.
        y1: f32,
        /// Where the line ends, across.
        x2: f32,
        /// Where the line ends, down.
        y2: f32,
        /// The stroke's thickness.
        width: f32,
        /// The line's colour.
        color: Rgb,
    },
    /// A filled box (table header shading): an artifact.
    Fill {
        /// The left edge.
        x: f32,
        /// The top edge.
        y: f32,
        /// The width.
        w: f32,
        /// The height.
        h: f32,
        /// The fill colour.
        color: Rgb,
    },
    /// A letterhead logo or signature image.
    Image {
        /// The left edge.
        x: f32,
        /// The top edge.
        y: f32,
        /// The width it is drawn at.
        w: f32,
        /// The height it is drawn at.
        h: f32,
        /// Index into the images handed to the painter.
        image: usize,
        /// The Figure element, or `None` for a decorative image.
        node: Option<usize>,
    },
}

impl Item {
    /// The box the item covers: left, top, right, bottom.
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match *self {
            Item::Text {
                x, y, size, width, ..
            } => (x, y - size * 0.905, x + width, y + size * 0.212),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                ..
            } => {
                // Lines have butt ends: the stroke widens them across, not along.
                let (dx, dy) = if (x1 - x2).abs() < 0.001 {
                    (width / 2.0, 0.0)
                } else {
                    (0.0, width / 2.0)
                };
                (
                    x1.min(x2) - dx,
                    y1.min(y2) - dy,
                    x1.max(x2) + dx,
                    y1.max(y2) + dy,
                )
            }
            Item::Fill { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => (x, y, x + w, y + h),
        }
    }
}

/// A clickable area for a link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// The area: left, top, right, bottom.
    pub rect: (f32, f32, f32, f32),
    /// Where the link goes.
    pub url: String,
}

/// One page: what is drawn on it and where its links are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Everything drawn, in drawing order.
    pub items: Vec<Item>,
    /// The clickable areas of its links.
    pub links: Vec<LinkArea>,
}

/// A heading for the document outline (bookmarks), which PDF/UA requires.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 1 for the letter's title, 2 for a section, and so on.
    pub level: u8,
    /// The heading's words.
    pub title: String,
    /// The page it is on, from 0.
    pub page: usize,
    /// How far down the page it is.
    pub y: f32,
}

/// The laid-out letter.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Every structure element; [`Child::Node`] and [`Layout::roots`] refer to them by index.
    pub nodes: Vec<Node>,
    /// The top-level structure elements, in reading order.
    pub roots: Vec<usize>,
    /// The headings, for the document outline.
    pub outline: Vec<OutlineEntry>,
    /// Characters the font cannot draw, in the order met.
    pub missing: Vec<char>,
}

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    /// Against the left edge.
    Left,
    /// Against the right edge (our reference and the date).
    Right,
}

/// How to set a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParaStyle {
    /// The text size, in points.
    pub size: f32,
    /// The text's colour.
    pub color: Rgb,
    /// Left or right.
    pub align: Align,
    /// The space below the paragraph, in points.
    pub space_after: f32,
    /// Extra left indent for this paragraph.
    pub indent: f32,
    /// Lines of this paragraph may not be split across pages at all (addresses, signatures).
    pub keep_together: bool,
}

impl ParaStyle {
    /// The letter's ordinary paragraphs.
    pub fn body() -> ParaStyle {
        ParaStyle {
            size: BODY_SIZE,
            color: BLACK,
            align: Align::Left,
            space_after: BODY_SIZE * 0.75,
            indent: 0.0,
            keep_together: false,
        }
    }
}

/// One segment of a line: text in one style, maybe part of a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The words.
    pub text: String,
    /// Bold, italic, both or neither.
    pub style: Style,
    /// The link target, when the segment is part of a link.
    pub link: Option<String>,
    /// Where the segment starts, from the start of the line.
    pub x: f32,
    /// How wide it is.
    pub width: f32,
}

/// One line of a paragraph, broken to fit its width.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line's segments, left to right.
    pub segments: Vec<Segment>,
    /// How wide the line is.
    pub width: f32,
}

/// Breaks styled text into lines no wider than `width` at `size` points. Lines break at Unicode
/// break opportunities (UAX #14); a word or address too long for a line is broken between
/// characters, so nothing ever runs past the margin. Characters the font lacks are added to
/// `missing`.
pub fn break_lines(runs: &[Inline], width: f32, size: f32, missing: &mut Vec<char>) -> Vec<Line> {
    let faces = Faces::get();
    let mut full = String::new();
    // (start, end, run index)
    let mut spans = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let start = full.len();
        for ch in run.text.chars() {
            let ch = if ch == '\t' { ' ' } else { ch };
            if ch != '\n' && !faces.face(run.style).has(ch) && !missing.contains(&ch) {
                missing.push(ch);
            }
            full.push(ch);
        }
        spans.push((start, full.len(), i));
    }
    // Each character's width, measured once in its run's face, at the byte where it starts: the
    // pieces and lines below add them up (a paragraph of many styled runs stays linear).
    let mut widths = vec![0.0f32; full.len()];
    for &(start, end, i) in &spans {
        let face = faces.face(runs[i].style);
        for (at, ch) in full[start..end].char_indices() {
            if ch != '\n' {
                widths[start + at] = face.char_width(ch, size);
            }
        }
    }
    let char_width = |pos: usize, _ch: char| -> f32 { widths[pos] };
    // Width of a range, and of the same range without trailing white space.
    let measure = |from: usize, to: usize| -> (f32, f32) {
        let text = &full[from..to];
        let trimmed = text.trim_end().len();
        let mut w = 0.0;
        let mut w_trim = 0.0;
        for (i, ch) in text.char_indices() {
            let cw = char_width(from + i, ch);
            w += cw;
            if i < trimmed {
                w_trim += cw;
            }
        }
        (w, w_trim)
    };

    // Line ranges into `full`.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut line_start = 0;
    let mut line_end = 0; // end of the last piece on the line
    let mut line_w = 0.0; // width of the line so far, trailing spaces included
    let mut prev = 0;
    for (pos, opp) in linebreaks(&full) {
        let (piece_w, piece_content) = measure(prev, pos);
        if line_end > line_start && line_w + piece_content > width + 0.01 {
            ranges.push((line_start, line_end));
            line_start = prev;
            line_end = prev;
            line_w = 0.0;
        }
        if line_end == line_start && piece_content > width + 0.01 {
            // A piece that cannot fit even on a line of its own (a long web address) is broken
            // between characters.
            let mut from = prev;
            let mut w = 0.0;
            for (i, ch) in full[prev..pos].char_indices() {
                let at = prev + i;
                let cw = char_width(at, ch);
                if w + cw > width + 0.01 && at > from && !ch.is_whitespace() {
                    ranges.push((from, at));
                    from = at;
                    w = 0.0;
                }
                w += cw;
            }
            line_start = from;
            line_w = measure(from, pos).0;
        } else {
            line_w += piece_w;
        }
        line_end = pos;
        prev = pos;
        if opp == BreakOpportunity::Mandatory && pos < full.len() {
            ranges.push((line_start, line_end));
            line_start = pos;
            line_end = pos;
            line_w = 0.0;
        }
    }
    if line_end > line_start {
        ranges.push((line_start, line_end));
    }

    ranges
        .into_iter()
        .map(|(from, range_end)| {
            let text = &full[from..range_end];
            let to = from + text.trim_end().len();
            let mut segments = Vec::new();
            let mut x = 0.0;
            for &(s, e, i) in &spans {
                let (a, b) = (s.max(from), e.min(to));
                if a >= b {
                    continue;
                }
                let t = &full[a..b];
                let w = faces.face(runs[i].style).width(t, size);
                segments.push(Segment {
                    text: t.to_string(),
                    style: runs[i].style,
                    link: runs[i].link.clone(),
                    x,
                    width: w,
                });
                x += w;
            }
            // A line that wrapped at a space keeps that space (invisible, past the line's
            // measured width) so that copied and extracted text has a word break there.
            let wrapped_at_space = full[to..range_end].starts_with(' ');
            if let (true, Some(last)) = (wrapped_at_space, segments.last_mut()) {
                last.text.push(' ');
            }
            Line { segments, width: x }
        })
        .collect()
}

/// The pagination state: pages so far, the cursor, the structure tree.
pub struct Flow {
    /// The pages laid out so far.
    pub layout: Layout,
    /// The top of the free space on the current page.
    pub y: f32,
    /// Open block quotes: (bar x, top of the bar on the current page).
    quotes: Vec<(f32, f32)>,
    /// A list label waiting for the first line of its item: (text, x, node).
    label: Option<(String, f32, usize)>,
    /// The structure element new content goes into, when inside a container.
    parents: Vec<usize>,
    /// Left edge of the current block context.
    pub left: f32,
    /// Right edge for paragraphs (narrower beside the letterhead's logo).
    pub right: f32,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

impl Flow {
    /// An empty letter: one blank page, the cursor at the top margin.
    pub fn new() -> Flow {
        Flow {
            layout: Layout {
                pages: vec![Page::default()],
                ..Layout::default()
            },
            y: MARGIN_TOP,
            quotes: Vec::new(),
            label: None,
            parents: Vec::new(),
            left: content_left(),
            right: content_right(),
        }
    }

    fn page(&self) -> usize {
        self.layout.pages.len() - 1
    }

    /// Adds a structure element under the current parent (or at the top level).
    pub fn node(&mut self, kind: Kind) -> usize {
        let id = self.layout.nodes.len();
        self.layout.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        match self.parents.last() {
            Some(&p) => self.layout.nodes[p].children.push(Child::Node(id)),
            None => self.layout.roots.push(id),
        }
        id
    }

    /// Adds an element under a given parent.
    fn child_node(&mut self, parent: usize, kind: Kind) -> usize {
        let id = self.layout.nodes.len();
        self.layout.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        self.layout.nodes[parent].children.push(Child::Node(id));
        id
    }

    /// Draws an item on the current page, recording it under its structure element.
    pub fn put(&mut self, item: Item) {
        let page = self.page();
        let index = self.layout.pages[page].items.len();
        let node = match &item {
            Item::Text { node, .. } | Item::Image { node, .. } => *node,
            _ => None,
        };
        self.layout.pages[page].items.push(item);
        if let Some(n) = node {
            self.layout.nodes[n]
                .children
                .push(Child::Content(page, index));
        }
    }

    fn room(&self) -> f32 {
        content_bottom() - self.y
    }

    /// Ends the current page and starts a new one (open quote bars are drawn to the page's foot and carried on).
    pub fn new_page(&mut self) {
        let bottom = self.y;
        for (x, top) in self.quotes.iter_mut() {
            let page = self.layout.pages.len() - 1;
            if bottom > *top {
                self.layout.pages[page].items.push(Item::Line {
                    x1: *x,
                    y1: *top,
                    x2: *x,
                    y2: bottom,
                    width: 2.0,
                    color: RULE,
                });
            }
            *top = MARGIN_TOP;
        }
        self.layout.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Places one line with its top at the cursor, drawing each segment; links get a Link element
    /// and a clickable area.
    fn place_line(&mut self, line: &Line, st: &ParaStyle, left: f32, width: f32, node: usize) {
        let lh = st.size * LEADING;
        let baseline = self.y + st.size * 0.95 + (lh - st.size * 1.15) / 2.0;
        if let Some((text, x, lbl)) = self.label.take() {
            let face_w = Faces::get().face(Style::REGULAR).width(&text, st.size);
            self.put(Item::Text {
                x,
                y: baseline,
                size: st.size,
                style: Style::REGULAR,
                color: st.color,
                text,
                width: face_w,
                node: Some(lbl),
            });
        }
        let x0 = match st.align {
            Align::Left => left,
            Align::Right => left + width - line.width,
        };
        let mut current_link: Option<(String, usize)> = None;
        for seg in &line.segments {
            let owner = match &seg.link {
                Some(url) => {
                    let link_node = match &current_link {
                        Some((u, n)) if u == url => *n,
                        _ => {
                            let n = self.child_node(node, Kind::Link { url: url.clone() });
                            current_link = Some((url.clone(), n));
                            n
                        }
                    };
                    let page = self.page();
                    let li = self.layout.pages[page].links.len();
                    self.layout.pages[page].links.push(LinkArea {
                        rect: (
                            x0 + seg.x,
                            baseline - st.size * 0.95,
                            x0 + seg.x + seg.width,
                            baseline + st.size * 0.25,
                        ),
                        url: url.clone(),
                    });
                    self.layout.nodes[link_node]
                        .children
                        .push(Child::Annotation(page, li));
                    link_node
                }
                None => {
                    current_link = None;
                    node
                }
            };
            self.put(Item::Text {
                x: x0 + seg.x,
                y: baseline,
                size: st.size,
                style: seg.style,
                color: if seg.link.is_some() { LINK } else { st.color },
                text: seg.text.clone(),
                width: seg.width,
                node: Some(owner),
            });
            if seg.link.is_some() {
                self.put(Item::Line {
                    x1: x0 + seg.x,
                    y1: baseline + 1.2,
                    x2: x0 + seg.x + seg.width,
                    y2: baseline + 1.2,
                    width: 0.5,
                    color: LINK,
                });
            }
        }
        self.y += lh;
    }

    /// Sets a paragraph into the structure element `node`, paginating with widow and orphan
    /// control: a page never starts or ends with a single line of a paragraph that has more.
    pub fn paragraph(&mut self, runs: &[Inline], st: &ParaStyle, node: usize) {
        let left = self.left + st.indent;
        let width = self.right - left;
        let lines = break_lines(runs, width, st.size, &mut self.layout.missing);
        let lh = st.size * LEADING;
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let fit = ((self.room() + 0.01) / lh).floor().max(0.0) as usize;
            let left_over = n - i;
            let take = if fit >= left_over {
                left_over
            } else if st.keep_together || left_over < 4 && fit < left_over {
                // Short paragraphs (up to three lines) move whole; kept blocks always do.
                0
            } else {
                // Leave at least two lines for the next page, and put at least two here.
                let t = fit.min(left_over - 2);
                if t < 2 { 0 } else { t }
            };
            if take == 0 {
                if self.y <= MARGIN_TOP + 0.01 {
                    // Even a fresh page cannot hold it whole: split it as it comes.
                    let t = fit.max(1).min(left_over);
                    for line in &lines[i..i + t] {
                        self.place_line(line, st, left, width, node);
                    }
                    i += t;
                    if i < n {
                        self.new_page();
                    }
                    continue;
                }
                self.new_page();
                continue;
            }
            for line in &lines[i..i + take] {
                self.place_line(line, st, left, width, node);
            }
            i += take;
            if i < n {
                self.new_page();
            }
        }
        self.y += st.space_after;
    }

    /// Vertical space; dropped at the top of a page.
    pub fn space(&mut self, h: f32) {
        if self.y > MARGIN_TOP + 0.01 {
            self.y += h;
        }
    }

    /// Makes sure `h` points are free on this page, starting a new one if not.
    pub fn need(&mut self, h: f32) {
        if self.room() < h - 0.01 && self.y > MARGIN_TOP + 0.01 {
            self.new_page();
        }
    }

    /// A horizontal rule across the content area (an artifact).
    pub fn rule(&mut self, color: Rgb, width: f32) {
        let y = self.y;
        self.put(Item::Line {
            x1: self.left,
            y1: y,
            x2: content_right(),
            y2: y,
            width,
            color,
        });
    }

    /// Lays out the body blocks.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            let next = blocks.get(i + 1);
            self.block(block, next);
        }
    }

    fn heading_size(level: u8) -> f32 {
        match level {
            1 => 13.0,
            2 => 12.0,
            _ => 11.0,
        }
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Heading { level, inlines } => {
                let size = Self::heading_size(*level);
                let title = plain(inlines);
                let bold: Vec<Inline> = inlines
                    .iter()
                    .map(|r| Inline {
                        style: Style {
                            bold: true,
                            ..r.style
                        },
                        ..r.clone()
                    })
                    .collect();
                let width = content_right() - self.left;
                let lines = break_lines(&bold, width, size, &mut self.layout.missing).len();
                self.space(if *level <= 2 { 8.0 } else { 4.0 });
                // Keep the heading with the first lines of what follows it.
                let follow = next.map(|b| self.lead_height(b)).unwrap_or(0.0);
                self.need(lines as f32 * size * LEADING + 4.0 + follow);
                let node = self.node(Kind::Heading {
                    level: *level,
                    title: title.clone(),
                });
                let page = self.page();
                self.layout.outline.push(OutlineEntry {
                    level: *level,
                    title,
                    page,
                    y: self.y,
                });
                let st = ParaStyle {
                    size,
                    space_after: 4.0,
                    keep_together: true,
                    ..ParaStyle::body()
                };
                self.paragraph(&bold, &st, node);
            }
            Block::Paragraph(runs) => {
                let node = self.node(Kind::Paragraph);
                self.paragraph(runs, &ParaStyle::body(), node);
            }
            Block::Rule => {
                self.space(4.0);
                self.need(12.0);
                self.rule(RULE, 0.75);
                self.y += 12.0;
            }
            Block::Quote(inner) => {
                let node = self.node(Kind::Quote);
                let bar_x = self.left + 3.0;
                self.parents.push(node);
                let old_left = self.left;
                self.left += QUOTE_INDENT;
                self.quotes.push((bar_x, self.y));
                self.blocks(inner);
                // The paragraph spacing after the last block is not part of the quote.
                let end = self.y - BODY_SIZE * 0.75;
                if let Some((x, top)) = self.quotes.pop() {
                    if end > top {
                        self.put(Item::Line {
                            x1: x,
                            y1: top,
                            x2: x,
                            y2: end,
                            width: 2.0,
                            color: RULE,
                        });
                    }
                }
                self.left = old_left;
                self.parents.pop();
            }
            Block::List { start, items } => {
                let node = self.node(Kind::List {
                    numbered: start.is_some(),
                });
                self.parents.push(node);
                let old_left = self.left;
                let nested = self
                    .parents
                    .iter()
                    .any(|&p| p != node && matches!(self.layout.nodes[p].kind, Kind::List { .. }));
                for (k, item) in items.iter().enumerate() {
                    let label = match start {
                        Some(s) => format!("{}.", s + k as u64),
                        None if nested => "–".to_string(),
                        None => "•".to_string(),
                    };
                    let li = self.node(Kind::ListItem);
                    let lbl = self.child_node(li, Kind::Label);
                    self.layout.nodes[lbl].children.clear();
                    let body = self.child_node(li, Kind::ListBody);
                    self.label = Some((label, old_left + 4.0, lbl));
                    self.left = old_left + LIST_INDENT;
                    self.parents.push(body);
                    for (j, b) in item.iter().enumerate() {
                        let next = item.get(j + 1);
                        // Items of a list sit closer together than paragraphs.
                        self.block(b, next);
                    }
                    self.y -= BODY_SIZE * 0.35;
                    self.parents.pop();
                    self.label = None;
                }
                self.y += BODY_SIZE * 0.35;
                self.left = old_left;
                self.parents.pop();
            }
            Block::Table { header, rows } => self.table(header, rows),
        }
    }

    /// The height of the first lines of a block: what a heading before it must be kept with.
    fn lead_height(&mut self, block: &Block) -> f32 {
        let width = content_right() - self.left;
        match block {
            Block::Paragraph(runs) => {
                let mut scratch = Vec::new();
                let n = break_lines(runs, width, BODY_SIZE, &mut scratch).len();
                n.min(2) as f32 * BODY_SIZE * LEADING
            }
            Block::Heading { .. } => 3.0 * BODY_SIZE * LEADING,
            Block::List { items, .. } => items
                .first()
                .and_then(|i| i.first())
                .map(|b| self.lead_height(b))
                .unwrap_or(0.0),
            Block::Quote(inner) => inner.first().map(|b| self.lead_height(b)).unwrap_or(0.0),
            Block::Table { .. } => 4.0 * TABLE_SIZE * LEADING + 4.0 * CELL_PAD,
            Block::Rule => 12.0,
        }
    }

    /// Column widths: each column gets at least its longest word and, where there is room, its
    /// longest line; what is left is shared in proportion to the text each column holds.
    fn column_widths(&self, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Vec<f32> {
        let faces = Faces::get();
        let cols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        let total = content_right() - self.left;
        let mut min = vec![0.0f32; cols];
        let mut max = vec![0.0f32; cols];
        for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (c, cell) in row.iter().enumerate() {
                let mut line = 0.0;
                for run in cell {
                    let face = faces.face(Style {
                        bold: run.style.bold || std::ptr::eq(row, header),
                        ..run.style
                    });
                    for word in run.text.split_whitespace() {
                        min[c] = min[c].max(face.width(word, TABLE_SIZE));
                    }
                    line += face.width(&run.text, TABLE_SIZE);
                }
                max[c] = max[c].max(line);
            }
        }
        let pad = 2.0 * CELL_PAD;
        let min: Vec<f32> = min.iter().map(|w| (w + pad).min(total * 0.4)).collect();
        let max: Vec<f32> = max
            .iter()
            .zip(&min)
            .map(|(w, m)| (w + pad).max(*m))
            .collect();
        let sum_max: f32 = max.iter().sum();
        let sum_min: f32 = min.iter().sum();
        if sum_max <= total {
            let extra = (total - sum_max) / cols.max(1) as f32;
            return max.iter().map(|w| w + extra).collect();
        }
        if sum_min >= total {
            return max.iter().map(|w| total * w / sum_max).collect();
        }
        let spread: f32 = max.iter().zip(&min).map(|(a, b)| a - b).sum();
        max.iter()
            .zip(&min)
            .map(|(a, b)| b + (total - sum_min) * (a - b) / spread.max(0.01))
            .collect()
    }

    fn table(&mut self, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let widths = self.column_widths(header, rows);
        let lh = TABLE_SIZE * LEADING;
        let table = self.node(Kind::Table);
        let set = |cells: &[Vec<Inline>], bold: bool, missing: &mut Vec<char>| -> Vec<Vec<Line>> {
            widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let cell: Vec<Inline> = cells
                        .get(c)
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| Inline {
                            style: Style {
                                bold: r.style.bold || bold,
                                ..r.style
                            },
                            ..r
                        })
                        .collect();
                    break_lines(&cell, w - 2.0 * CELL_PAD, TABLE_SIZE, missing)
                })
                .collect()
        };
        let head_lines = set(header, true, &mut self.layout.missing);
        let head_h =
            head_lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD;
        let has_header = header.iter().any(|c| !c.is_empty());
        self.space(2.0);
        // The header and at least two lines of the first row start together.
        self.need(head_h + 2.0 * lh + 2.0 * CELL_PAD);

        let mut header_cells = Vec::new();
        if has_header {
            let tr = self.child_node(table, Kind::Row);
            for _ in 0..widths.len() {
                header_cells.push(Some(self.child_node(tr, Kind::HeaderCell)));
            }
            self.draw_row(&widths, &head_lines, 0, usize::MAX, &header_cells, true);
        }
        for row in rows {
            let lines = set(row, false, &mut self.layout.missing);
            let tr = self.child_node(table, Kind::Row);
            let cells: Vec<Option<usize>> = (0..widths.len())
                .map(|_| Some(self.child_node(tr, Kind::Cell)))
                .collect();
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut from = 0;
            while from < n {
                let fit = ((self.room() - 2.0 * CELL_PAD + 0.01) / lh)
                    .floor()
                    .max(0.0) as usize;
                let left = n - from;
                let take = if fit >= left {
                    left
                } else if fit >= 2 && left - fit.min(left) >= 1 {
                    fit
                } else {
                    0
                };
                let fresh = self.y <= MARGIN_TOP + head_h + 0.01;
                let take = if take == 0 && fresh { fit.max(1) } else { take };
                if take == 0 {
                    self.new_page();
                    if has_header {
                        let artifact = vec![None; widths.len()];
                        self.draw_row(&widths, &head_lines, 0, usize::MAX, &artifact, true);
                    }
                    continue;
                }
                self.draw_row(&widths, &lines, from, from + take, &cells, false);
                from += take;
                if from < n {
                    self.new_page();
                    if has_header {
                        let artifact = vec![None; widths.len()];
                        self.draw_row(&widths, &head_lines, 0, usize::MAX, &artifact, true);
                    }
                }
            }
        }
        self.y += BODY_SIZE * 0.75;
    }

    /// Draws lines `from..to` of each cell of a row at the cursor, with borders.
    fn draw_row(
        &mut self,
        widths: &[f32],
        cells: &[Vec<Line>],
        from: usize,
        to: usize,
        nodes: &[Option<usize>],
        header: bool,
    ) {
        let lh = TABLE_SIZE * LEADING;
        let count = cells
            .iter()
            .map(|c| c.len().min(to).saturating_sub(from))
            .max()
            .unwrap_or(0)
            .max(1);
        let h = count as f32 * lh + 2.0 * CELL_PAD;
        let top = self.y;
        let mut x = self.left;
        if header {
            let total: f32 = widths.iter().sum();
            self.put(Item::Fill {
                x,
                y: top,
                w: total,
                h,
                color: HEADER_FILL,
            });
        }
        for (c, w) in widths.iter().enumerate() {
            let lines = &cells[c];
            let end = lines.len().min(to);
            for (k, line) in lines.iter().enumerate().take(end).skip(from) {
                let baseline =
                    top + CELL_PAD + (k - from) as f32 * lh + TABLE_SIZE * 0.95 + lh * 0.1;
                for seg in &line.segments {
                    self.put(Item::Text {
                        x: x + CELL_PAD + seg.x,
                        y: baseline,
                        size: TABLE_SIZE,
                        style: seg.style,
                        color: BLACK,
                        text: seg.text.clone(),
                        width: seg.width,
                        node: nodes[c],
                    });
                }
            }
            x += w;
        }
        // Borders.
        let right = x;
        let line = |x1, y1, x2, y2| Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: 0.5,
            color: RULE,
        };
        self.put(line(self.left, top, right, top));
        self.put(line(self.left, top + h, right, top + h));
        let mut x = self.left;
        self.put(line(x, top, x, top + h));
        for w in widths {
            x += w;
            self.put(line(x, top, x, top + h));
        }
        self.y = top + h;
    }

    /// Finishes the layout: drops a trailing empty page.
    pub fn finish(mut self) -> Layout {
        if self.layout.pages.len() > 1
            && self.layout.pages.last().is_some_and(|p| p.items.is_empty())
        {
            self.layout.pages.pop();
        }
        self.layout
    }
}

/// The colour of a draft's mark.
pub const DRAFT_RED: Rgb = (148, 37, 20);

/// Writes a draft's mark ("DRAFT – not ready to publish", and how late it is) at the top of every
/// page, in the top margin, as an artifact: screen readers do not read it out on every page (the
/// document's title says it once).
pub fn add_draft_marks(layout: &mut Layout, mark: &str) {
    let faces = Faces::get();
    let face = faces.face(Style::BOLD);
    let room = content_right() - content_left();
    let mut size = 9.5;
    while face.width(mark, size) > room && size > 6.0 {
        size -= 0.5;
    }
    let width = face.width(mark, size).min(room);
    for page in &mut layout.pages {
        page.items.push(Item::Text {
            x: content_left(),
            y: MARGIN_TOP - 3.0,
            size,
            style: Style::BOLD,
            color: DRAFT_RED,
            text: mark.to_string(),
            width,
            node: None,
        });
    }
}

/// Adds the running footer to every page: a rule and "office · Page N of M", both artifacts.
pub fn add_footers(layout: &mut Layout, office: &str) {
    let faces = Faces::get();
    let face = faces.face(Style::REGULAR);
    let total = layout.pages.len();
    let room = content_right() - content_left();
    // The office's part is measured once (at 1 point: widths grow with the size), not once per
    // page and size, so that a long name costs time in proportion to its length, not its square.
    let office_part = format!("{office} · ");
    let office_width = face.width(&office_part, 1.0);
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let numbers = crate::render::phrases::fill(
            crate::render::phrases::Phrase::PageOf,
            &[
                ("page", &(i + 1).to_string()),
                ("pages", &total.to_string()),
            ],
        );
        let full_width = office_width + face.width(&numbers, 1.0);
        let mut size = 9.0;
        while full_width * size > room && size > 6.0 {
            size -= 0.5;
        }
        let text = if full_width * size > room {
            numbers
        } else {
            format!("{office_part}{numbers}")
        };
        page.items.push(Item::Line {
            x1: content_left(),
            y1: FOOTER_BASELINE - 12.0,
            x2: content_right(),
            y2: FOOTER_BASELINE - 12.0,
            width: 0.5,
            color: RULE,
        });
        let width = face.width(&text, size);
        page.items.push(Item::Text {
            x: content_left(),
            y: FOOTER_BASELINE,
            size,
            style: Style::REGULAR,
            color: GREY,
            text,
            width,
            node: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Inline> {
        vec![Inline {
            text: text.to_string(),
            style: Style::REGULAR,
            link: None,
        }]
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.segments.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn many_styled_runs_are_broken_in_well_under_a_second() {
        let runs: Vec<Inline> = (0..20_000)
            .map(|i| Inline {
                text: format!("word{i} "),
                style: if i % 2 == 0 {
                    Style::BOLD
                } else {
                    Style::REGULAR
                },
                link: None,
            })
            .collect();
        let started = std::time::Instant::now();
        let lines = break_lines(&runs, 400.0, 11.0, &mut vec![]);
        assert!(lines.len() > 100);
        // Well under a second in a release build; this allows for a debug build on a busy machine.
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
    }

    #[test]
    fn a_quarter_megabyte_word_is_broken_between_characters_quickly() {
        let started = std::time::Instant::now();
        let lines = break_lines(&run(&"Northshire".repeat(25_000)), 400.0, 11.0, &mut vec![]);
        assert!(lines.len() > 100);
        assert!(lines.iter().all(|l| l.width <= 400.01));
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
    }

    #[test]
    fn short_sentence_stays_on_one_line() {
        let lines = break_lines(&run("We welcome the report."), 400.0, 11.0, &mut vec![]);
        assert_eq!(texts(&lines), vec!["We welcome the report."]);
    }

    #[test]
    fn lines_break_between_words_and_drop_the_space() {
        let text = "The force should review its approach to children missing from home.";
        let lines = break_lines(&run(text), 150.0, 11.0, &mut vec![]);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 150.0, "{l:?}");
        }
        assert_eq!(texts(&lines).concat(), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_between_characters() {
        let word = "Supercalifragilisticexpialidocious".repeat(4);
        let lines = break_lines(&run(&word), 100.0, 11.0, &mut vec![]);
        assert!(lines.len() >= 4);
        for l in &lines {
            assert!(l.width <= 100.01, "{l:?}");
        }
        assert_eq!(texts(&lines).concat(), word);
    }

    #[test]
    fn hard_break_starts_a_new_line() {
        let lines = break_lines(
            &run("Chief Constable\nHertfordshire"),
            400.0,
            11.0,
            &mut vec![],
        );
        assert_eq!(texts(&lines), vec!["Chief Constable", "Hertfordshire"]);
    }

    #[test]
    fn missing_character_is_reported() {
        let mut missing = vec![];
        break_lines(&run("Thanks 😀"), 400.0, 11.0, &mut missing);
        assert_eq!(missing, vec!['😀']);
    }

    #[test]
    fn styled_runs_keep_their_style_across_a_break() {
        let runs = vec![
            Inline {
                text: "Dorset Police’s response: ".into(),
                style: Style::BOLD,
                link: None,
            },
            Inline {
                text: "the force accepts this recommendation in full".into(),
                style: Style::REGULAR,
                link: None,
            },
        ];
        let lines = break_lines(&runs, 200.0, 11.0, &mut vec![]);
        assert!(lines[0].segments[0].style.bold);
        assert!(!lines.last().unwrap().segments.last().unwrap().style.bold);
    }
}
