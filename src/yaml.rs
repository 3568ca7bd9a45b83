//! The YAML of a file as a tree that remembers where every key and value was written (line and
//! column, from the parser itself), with the comments beside it. `load` uses it to point every
//! message at the right place, to check a file against the format before reading it, and to notice
//! text that YAML would cut short or run together.

use granit_parser::{Event, Options, Parser, ScalarStyle, ScanError, StructureStyle};

/// A place in a file: line and column, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
}

/// How a text value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Written straight after the key, without quotes.
    Plain,
    /// In single or double quotes.
    Quoted,
    /// A `|` block: line breaks kept.
    Literal,
    /// A `>` block: lines joined with spaces.
    Folded,
}

/// One value in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is: text, a list or a section.
    pub value: Value,
    /// Where the value starts (for a block text, the `|` or `>`).
    pub start: Pos,
    /// Where it ends (exclusive).
    pub end: Pos,
    /// Where it is in the file's text, in bytes (for a block text, from the `|` or `>` to the end of
    /// its last line): for changing exactly this value and nothing else.
    pub bytes: std::ops::Range<usize>,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A text (a YAML scalar: numbers and dates are text here too).
    Text {
        /// The text as YAML reads it (block texts with their line breaks kept or joined).
        text: String,
        /// How it was written.
        style: Style,
    },
    /// A list: `- item` lines, or `[a, b]`.
    List {
        /// The list's entries.
        items: Vec<Node>,
        /// Whether it was written on one line, in brackets.
        flow: bool,
    },
    /// A section: `key: value` lines, or `{a: b}`.
    Section {
        /// The section's keys and values, in file order.
        entries: Vec<Entry>,
        /// Whether it was written on one line, in braces.
        flow: bool,
    },
    /// A `*name` reference to another value (not used by s55's files).
    Alias,
}

/// A `key: value` line of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key, as written.
    pub key: Node,
    /// Its value.
    pub value: Node,
}

/// A `# comment`, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// Where it starts.
    pub start: Pos,
    /// Its words.
    pub text: String,
}

/// A whole file: its top-level value (nothing, for an empty file), its comments, and the words YAML
/// took as labels (`&name` anchors, `!name` tags) rather than text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// The top-level value, or `None` for an empty file.
    pub root: Option<Node>,
    /// Every `# comment`, in file order.
    pub comments: Vec<Comment>,
    /// The `&name` and `!name` words YAML took as labels, with where each is.
    pub labels: Vec<Comment>,
}

/// One step of a path into the tree: a key of a section, or a position in a list (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a section.
    Key(&'a str),
    /// A position in a list, from 0.
    Index(usize),
}

impl<'a> From<&'a str> for Step<'a> {
    fn from(key: &'a str) -> Self {
        Step::Key(key)
    }
}

impl From<usize> for Step<'_> {
    fn from(index: usize) -> Self {
        Step::Index(index)
    }
}

/// A path into the tree, written `path!["comments", "answers", 2, "items"]`.
#[macro_export]
macro_rules! path {
    ($($step:expr),* $(,)?) => { [$($crate::yaml::Step::from($step)),*] };
}

/// A syntax error: where the parser stopped and what kind of problem it met.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub at: Pos,
    /// What kind of problem it met.
    pub kind: granit_parser::ErrorKind,
    /// The parser's own words, kept only for s55's developers (never shown to officers).
    pub raw: String,
}

fn pos(marker: &granit_parser::Marker) -> Pos {
    Pos {
        line: marker.line().max(1),
        column: marker.col() + 1,
    }
}

/// Reads YAML text into a tree, or the first syntax error.
pub fn parse(source: &str) -> Result<Tree, SyntaxError> {
    let bom = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let source = &source[bom..];
    let byte =
        |m: &granit_parser::Marker, fallback: usize| m.byte_offset().unwrap_or(fallback) + bom;
    let mut comments = Vec::new();
    let mut labels = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    let word_at = |p: Pos| -> String {
        lines
            .get(p.line - 1)
            .map(|l| {
                l.chars()
                    .skip(p.column - 1)
                    .take_while(|c| !c.is_whitespace())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Partly built sections and lists, innermost last.
    enum Open {
        List(Vec<Node>, Pos, bool, usize),
        Section(Vec<Entry>, Option<Node>, Pos, bool, usize),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;

    let mut options = Options::default();
    options.emit_anchor_events = true;
    let mut documents = 0;
    for event in Parser::new_from_str_with_options(source, options) {
        let (event, span) = event.map_err(|e: ScanError| SyntaxError {
            at: pos(e.marker()),
            kind: e.kind().clone(),
            raw: e.info(),
        })?;
        let start = pos(&span.start);
        let end = pos(&span.end);
        let bytes = byte(&span.start, 0)..byte(&span.end, 0);
        let finished: Option<Node> = match event {
            Event::Comment(text, _) => {
                comments.push(Comment {
                    start,
                    text: text.into_owned(),
                });
                None
            }
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    // A second document (after `---`) would be ignored: refuse it instead.
                    return Err(SyntaxError {
                        at: start,
                        kind: granit_parser::ErrorKind::MultipleDocumentsUnsupported,
                        raw: "a second document".to_string(),
                    });
                }
                None
            }
            Event::Anchor(_, _) => {
                labels.push(Comment {
                    start,
                    text: word_at(start),
                });
                None
            }
            Event::Scalar(text, style, _, tag) => {
                if let (Some(_), Some(at)) = (tag, span.tag_start) {
                    let at = pos(&at);
                    labels.push(Comment {
                        start: at,
                        text: word_at(at),
                    });
                }
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                    _ => Style::Quoted,
                };
                Some(Node {
                    value: Value::Text {
                        text: text.into_owned(),
                        style,
                    },
                    start,
                    end,
                    bytes,
                })
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => Some(Node {
                value: Value::Alias,
                start,
                end,
                bytes,
            }),
            Event::SequenceStart(style, _, _) => {
                stack.push(Open::List(
                    Vec::new(),
                    start,
                    style == StructureStyle::Flow,
                    bytes.start,
                ));
                None
            }
            Event::MappingStart(style, _, _) => {
                stack.push(Open::Section(
                    Vec::new(),
                    None,
                    start,
                    style == StructureStyle::Flow,
                    bytes.start,
                ));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::List(items, start, flow, from)) => {
                    let end = items.last().map(|n| n.end).unwrap_or(end).max(end);
                    let to = items.last().map(|n| n.bytes.end).unwrap_or(bytes.end);
                    Some(Node {
                        value: Value::List { items, flow },
                        start,
                        end,
                        bytes: from..to.max(from),
                    })
                }
                Some(Open::Section(entries, _, start, flow, from)) => {
                    let end = entries.last().map(|e| e.value.end).unwrap_or(end).max(end);
                    let to = entries
                        .last()
                        .map(|e| e.value.bytes.end)
                        .unwrap_or(bytes.end);
                    Some(Node {
                        value: Value::Section { entries, flow },
                        start,
                        end,
                        bytes: from..to.max(from),
                    })
                }
                None => None,
            },
            _ => None,
        };
        if let Some(node) = finished {
            match stack.last_mut() {
                Some(Open::List(items, _, _, _)) => items.push(node),
                Some(Open::Section(entries, pending, _, _, _)) => match pending.take() {
                    Some(key) => entries.push(Entry { key, value: node }),
                    None => *pending = Some(node),
                },
                None => {
                    if root.is_none() {
                        root = Some(node);
                    }
                }
            }
        }
    }
    Ok(Tree {
        root,
        comments,
        labels,
    })
}

impl Node {
    /// The text of a text value.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Text { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether the value is empty: written as nothing, `~` or `null`.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Text { text, style: Style::Plain } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The entry for `key`, when this is a section that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Section { entries, .. } => entries.iter().find(|e| e.key.text() == Some(key)),
            _ => None,
        }
    }

    /// The value at a path below this one.
    pub fn get(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match (step, &node.value) {
                (Step::Key(k), Value::Section { .. }) => &node.entry(k)?.value,
                (Step::Index(i), Value::List { items, .. }) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Where to point for a path: the key of the last step when it is a key (so a message about
    /// `items:` points at `items`), otherwise the value. When the path goes further than the file,
    /// the deepest part that exists.
    pub fn place(&self, path: &[Step]) -> Pos {
        let mut node = self;
        let mut at = self.start;
        for step in path {
            match (step, &node.value) {
                (Step::Key(k), Value::Section { .. }) => match node.entry(k) {
                    Some(e) => {
                        at = e.key.start;
                        node = &e.value;
                    }
                    None => return at,
                },
                (Step::Index(i), Value::List { items, .. }) => match items.get(*i) {
                    Some(n) => {
                        at = n.start;
                        node = n;
                    }
                    None => return at,
                },
                _ => return at,
            }
        }
        at
    }
}

impl Tree {
    /// Where the value at a path starts (rather than its key), or where [`Tree::place`] points when
    /// the file does not have it.
    pub fn place_value(&self, path: &[Step]) -> Pos {
        match self.get(path) {
            Some(node) if !node.is_null() => node.start,
            _ => self.place(path),
        }
    }

    /// Where to point for a path (see [`Node::place`]); line 1 for an empty file.
    pub fn place(&self, path: &[Step]) -> Pos {
        match &self.root {
            Some(root) => root.place(path),
            None => Pos { line: 1, column: 1 },
        }
    }

    /// The value at a path.
    pub fn get(&self, path: &[Step]) -> Option<&Node> {
        self.root.as_ref()?.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "s55: 1\nreport:\n  title: A\n  recommendations:\n    - id: R1\n      text: x\n    - id: R10\n      text: >\n        folded\n        text\ncomments:\n  answers:\n    - items: [R10]\n      reason: under action #3 of the plan\n";

    #[test]
    fn places_come_from_the_parser_not_from_searching_the_text() {
        let tree = parse(SRC).unwrap();
        // R10's id, not R1's, although "R1" is in both lines.
        assert_eq!(
            tree.place(&path!["report", "recommendations", 1, "id"]),
            Pos { line: 7, column: 7 }
        );
        assert_eq!(
            tree.place(&path!["comments", "answers", 0, "items", 0]),
            Pos {
                line: 13,
                column: 15
            }
        );
        // A path that goes further than the file points at the deepest part there is.
        assert_eq!(
            tree.place(&path!["comments", "answers", 0, "owner"]),
            Pos {
                line: 13,
                column: 7
            }
        );
    }

    #[test]
    fn a_comment_after_text_is_kept_with_its_place() {
        let tree = parse(SRC).unwrap();
        let reason = tree
            .get(&path!["comments", "answers", 0, "reason"])
            .unwrap();
        assert_eq!(reason.text(), Some("under action"));
        assert_eq!(tree.comments.len(), 1);
        assert_eq!(tree.comments[0].text, "3 of the plan");
        assert_eq!(tree.comments[0].start.line, 14);
        let folded = tree
            .get(&path!["report", "recommendations", 1, "text"])
            .unwrap();
        assert!(matches!(
            folded.value,
            Value::Text {
                style: Style::Folded,
                ..
            }
        ));
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = parse("a: b\n  c: d\n").unwrap_err();
        assert_eq!(err.at.line, 2);
    }
}
