//! The letter's body as blocks: the Markdown the template writes (the same text the Markdown and
//! HTML letters carry), read with pulldown-cmark into headings, paragraphs, lists, quotes and tables
//! of styled text runs, ready for layout.

use super::fonts::Style;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A run of text in one style, possibly part of a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline {
    /// The words.
    pub text: String,
    /// Bold, italic, both or neither.
    pub style: Style,
    /// The link target, when the run is part of a link.
    pub link: Option<String>,
}

/// A block of the letter.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; `level` 1 is the letter's title.
    Heading {
        /// 1 to 6, as in Markdown.
        level: u8,
        /// The heading's words.
        inlines: Vec<Inline>,
    },
    /// A paragraph of text runs.
    Paragraph(Vec<Inline>),
    /// A list: `start` is the first number of a numbered list, `None` for bullets.
    List {
        /// The first number, or `None` for bullets.
        start: Option<u64>,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quotation: the report's own words.
    Quote(Vec<Block>),
    /// A table with one header row.
    Table {
        /// The header row's cells.
        header: Vec<Vec<Inline>>,
        /// The other rows, each a list of cells.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A horizontal rule across the page.
    Rule,
}

/// The plain text of some runs.
pub fn plain(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

/// Something being built while the events stream past.
enum Open {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
}

/// The deepest lists and quotes are nested in the PDF: anything deeper is laid out flat, each item a
/// paragraph of the deepest item allowed, so that no text is lost and layout (which follows the
/// nesting) cannot run out of stack however deep the Markdown goes.
pub const MAX_NESTING: usize = 20;

/// The letter's furniture (the letterhead, date line, addressees, salutation, closing, signature
/// and copies), each block of the layout rendered as the PDF and Word letters set it (their
/// context has `pdf` true). The blocks are rendered together, in one hand-over to the template
/// runner rather than seven; each block's problem, if any, is met when that block is asked for.
pub struct Furniture<'a> {
    templates: &'a crate::render::Templates,
    layout: String,
    context: tera::Context,
    rendered: Vec<Result<Option<String>, crate::diagnostic::Diagnostic>>,
}

impl<'a> Furniture<'a> {
    /// The blocks of furniture, in the order the letters set them.
    pub const BLOCKS: [&'static str; 7] = [
        "letterhead",
        "dateline",
        "addressees",
        "salutation",
        "closing",
        "signature",
        "copies",
    ];

    /// Renders every block of the furniture of the layout template `layout` with `context`.
    pub fn render(
        templates: &'a crate::render::Templates,
        layout: String,
        context: tera::Context,
    ) -> Furniture<'a> {
        let rendered = templates.render_blocks_if_any(&layout, &Self::BLOCKS, &context);
        Furniture {
            templates,
            layout,
            context,
            rendered,
        }
    }

    /// One block's text as blocks, empty when the layout has no such block (or leaves it empty).
    pub fn block(&self, block: &str) -> Result<Vec<Block>, crate::diagnostic::Diagnostic> {
        let text = match Self::BLOCKS.iter().position(|b| *b == block) {
            Some(i) => self.rendered[i].clone()?,
            None => self
                .templates
                .render_block_if_any(&self.layout, block, &self.context)?,
        };
        Ok(text
            .map(|md| parse(&crate::render::markdown::tidy(&md)))
            .unwrap_or_default())
    }
}

/// Reads Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES);
    let mut b = Builder::default();
    for event in parser {
        b.event(event);
    }
    b.finish()
}

#[derive(Default)]
struct Builder {
    /// Containers: the document, list items, quotes; and the inline text being gathered.
    stack: Vec<(Frame, Open)>,
    bold: usize,
    italic: usize,
    link: Vec<String>,
    done: Vec<Block>,
    /// Lists, items and quotes opened deeper than [`MAX_NESTING`], left out of the tree.
    flattened: usize,
}

enum Frame {
    Heading(u8),
    Paragraph,
    Quote,
    List(Option<u64>, Vec<Vec<Block>>),
    Item,
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Head,
    Row(Vec<Vec<Inline>>),
    Cell,
    Image,
}

impl Builder {
    fn style(&self) -> Style {
        Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
        }
    }

    /// Where a finished block goes: the innermost open container, or the document.
    fn push_block(&mut self, block: Block) {
        for (frame, open) in self.stack.iter_mut().rev() {
            if let (Frame::Quote | Frame::Item, Open::Blocks(blocks)) = (frame, open) {
                blocks.push(block);
                return;
            }
        }
        self.done.push(block);
    }

    fn text(&mut self, text: &str) {
        let style = self.style();
        let link = self.link.last().cloned();
        // Text directly inside a list item (a tight list) becomes a paragraph of that item.
        if matches!(self.stack.last(), Some((Frame::Item, _))) {
            self.stack
                .push((Frame::Paragraph, Open::Inlines(Vec::new())));
        }
        if let Some((_, Open::Inlines(runs))) = self.stack.last_mut() {
            match runs.last_mut() {
                Some(last) if last.style == style && last.link == link => last.text.push_str(text),
                _ => runs.push(Inline {
                    text: text.to_string(),
                    style,
                    link,
                }),
            }
        }
    }

    /// Closes a tight list item's implicit paragraph before a nested block starts or it ends.
    fn close_implicit_paragraph(&mut self) {
        if let Some((Frame::Paragraph, _)) = self.stack.last() {
            let below_item =
                self.stack.len() >= 2 && matches!(self.stack[self.stack.len() - 2].0, Frame::Item);
            if below_item {
                if let Some((_, Open::Inlines(runs))) = self.stack.pop() {
                    self.push_block(Block::Paragraph(trim(runs)));
                }
            }
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::InlineHtml(t) | Event::Html(t) => {
                // Templates may write `<br>`; anything else in angle brackets is shown as written.
                let t = t.trim();
                if t.eq_ignore_ascii_case("<br>") || t.eq_ignore_ascii_case("<br/>") {
                    self.text("\n");
                } else if !t.is_empty() {
                    self.text(t);
                }
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule => self.push_block(Block::Rule),
            _ => {}
        }
    }

    /// How many lists and quotes are open.
    fn nesting(&self) -> usize {
        self.stack
            .iter()
            .filter(|(f, _)| matches!(f, Frame::List(..) | Frame::Quote))
            .count()
    }

    fn start(&mut self, tag: Tag) {
        let too_deep = match tag {
            Tag::List(_) | Tag::BlockQuote(_) => {
                self.flattened > 0 || self.nesting() >= MAX_NESTING
            }
            Tag::Item => self.flattened > 0,
            _ => false,
        };
        if too_deep {
            // Too deep: the item's text goes on as paragraphs of the deepest item allowed.
            self.close_implicit_paragraph();
            self.flattened += 1;
            return;
        }
        match tag {
            Tag::Paragraph => {
                self.close_implicit_paragraph();
                self.stack
                    .push((Frame::Paragraph, Open::Inlines(Vec::new())))
            }
            Tag::Heading { level, .. } => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.stack
                    .push((Frame::Heading(n), Open::Inlines(Vec::new())))
            }
            Tag::BlockQuote(_) => {
                self.close_implicit_paragraph();
                self.stack.push((Frame::Quote, Open::Blocks(Vec::new())))
            }
            Tag::List(start) => {
                self.close_implicit_paragraph();
                self.stack
                    .push((Frame::List(start, Vec::new()), Open::Blocks(Vec::new())))
            }
            Tag::Item => self.stack.push((Frame::Item, Open::Blocks(Vec::new()))),
            Tag::Table(_) => self.stack.push((
                Frame::Table(Vec::new(), Vec::new()),
                Open::Blocks(Vec::new()),
            )),
            Tag::TableHead => self.stack.push((Frame::Head, Open::Blocks(Vec::new()))),
            Tag::TableRow => self
                .stack
                .push((Frame::Row(Vec::new()), Open::Blocks(Vec::new()))),
            Tag::TableCell => {
                // In the header, cells sit directly in the head with no row of their own.
                if matches!(self.stack.last(), Some((Frame::Head, _))) {
                    self.stack
                        .push((Frame::Row(Vec::new()), Open::Blocks(Vec::new())));
                }
                self.stack.push((Frame::Cell, Open::Inlines(Vec::new())))
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Link { dest_url, .. } => self.link.push(dest_url.to_string()),
            Tag::Image { .. } => self.stack.push((Frame::Image, Open::Blocks(Vec::new()))),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let container = matches!(tag, TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_));
        if container && self.flattened > 0 {
            self.close_implicit_paragraph();
            self.flattened -= 1;
            return;
        }
        match tag {
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Link => {
                self.link.pop();
            }
            TagEnd::Image => {
                // An image in the body is not drawn; its description is: pulldown gives it as text
                // inside the image, which the frame swallowed, so nothing more to do.
                self.stack.pop();
            }
            TagEnd::Paragraph => {
                if let Some((Frame::Paragraph, Open::Inlines(runs))) = self.stack.pop() {
                    let runs = trim(runs);
                    if !runs.is_empty() {
                        self.push_block(Block::Paragraph(runs));
                    }
                }
            }
            TagEnd::Heading(_) => {
                if let Some((Frame::Heading(level), Open::Inlines(runs))) = self.stack.pop() {
                    self.push_block(Block::Heading {
                        level,
                        inlines: trim(runs),
                    });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_implicit_paragraph();
                if let Some((Frame::Quote, Open::Blocks(blocks))) = self.stack.pop() {
                    self.push_block(Block::Quote(blocks));
                }
            }
            TagEnd::Item => {
                self.close_implicit_paragraph();
                if let Some((Frame::Item, Open::Blocks(blocks))) = self.stack.pop() {
                    if let Some((Frame::List(_, items), _)) = self.stack.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some((Frame::List(start, items), _)) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::TableCell => {
                if let Some((Frame::Cell, Open::Inlines(runs))) = self.stack.pop() {
                    if let Some((Frame::Row(cells), _)) = self.stack.last_mut() {
                        cells.push(trim(runs));
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some((Frame::Row(cells), _)) = self.stack.pop() {
                    self.stack.pop(); // the head
                    if let Some((Frame::Table(header, _), _)) = self.stack.last_mut() {
                        *header = cells;
                    }
                } else {
                    self.stack.pop();
                }
            }
            TagEnd::TableRow => {
                if let Some((Frame::Row(cells), _)) = self.stack.pop() {
                    if let Some((Frame::Table(_, rows), _)) = self.stack.last_mut() {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some((Frame::Table(header, rows), _)) = self.stack.pop() {
                    self.push_block(Block::Table { header, rows });
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> Vec<Block> {
        self.done
    }
}

/// Removes spaces at the start and end of a run list (left by template whitespace).
fn trim(mut runs: Vec<Inline>) -> Vec<Inline> {
    if let Some(first) = runs.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = runs.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_label_then_plain_text_are_two_runs() {
        let blocks = parse("**Dorset Police’s response:** We agree.");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(runs.len(), 2);
        assert!(runs[0].style.bold);
        assert_eq!(runs[1].text, " We agree.");
    }

    #[test]
    fn tight_list_nested_one_level_keeps_its_shape() {
        let blocks = parse("- one\n- two\n  - two a\n  - two b\n- three\n");
        let Block::List { start, items } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(*start, None);
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[1][1], Block::List { items, .. } if items.len() == 2));
    }

    #[test]
    fn quoted_recommendation_with_points_is_a_quote_holding_a_list() {
        let blocks = parse("> We recommend that:\n>\n> - a\n> - b\n");
        let Block::Quote(inner) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(matches!(inner[0], Block::Paragraph(_)));
        assert!(matches!(inner[1], Block::List { .. }));
    }

    /// How deep the lists go in some blocks.
    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
                Block::Quote(inner) => 1 + depth(inner),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    fn nested(levels: usize) -> String {
        (0..levels)
            .map(|d| format!("{}- level {}\n", "  ".repeat(d), d + 1))
            .collect()
    }

    #[test]
    fn lists_nest_up_to_the_limit_and_deeper_ones_are_flattened_keeping_their_text() {
        let blocks = parse(&nested(MAX_NESTING));
        assert_eq!(depth(&blocks), MAX_NESTING);
        let blocks = parse(&nested(MAX_NESTING + 1));
        assert_eq!(depth(&blocks), MAX_NESTING);
        let blocks = parse(&nested(5000));
        assert_eq!(depth(&blocks), MAX_NESTING);
        let text = format!("{blocks:?}");
        assert!(
            text.contains("level 5000\""),
            "no text is lost: {}",
            &text[text.len() - 300..]
        );
        assert!(text.contains("level 21\""));
    }

    #[test]
    fn quotes_nest_up_to_the_limit() {
        let deep: String = ">".repeat(3000) + " deep\n";
        let blocks = parse(&deep);
        assert_eq!(depth(&blocks), MAX_NESTING);
        assert!(format!("{blocks:?}").contains("deep"));
    }

    #[test]
    fn table_keeps_header_and_rows() {
        let blocks = parse("| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
        let Block::Table { header, rows } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(plain(&header[1]), "B");
        assert_eq!(rows.len(), 2);
        assert_eq!(plain(&rows[1][0]), "3");
    }

    #[test]
    fn autolink_is_a_link_run() {
        let blocks = parse("<https://example.org/a>");
        let Block::Paragraph(runs) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(runs[0].link.as_deref(), Some("https://example.org/a"));
    }
}
