//! Checks a file's YAML against the file format before it is read, so that every wrong key, value
//! and date in a file is reported in one run (not one per run), each at its own line, and notices
//! text that YAML would cut short or run together. The format is the JSON Schema generated from
//! [`crate::model`], so the rules live in one place.

use super::{TextRule, TextWarning};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::yaml::{Comment, Entry, Node, Pos, Style, Tree, Value};
use serde_json::{Map, Value as Json};
use std::path::Path;

/// Most problems shown for one file: past this, fixing the first ones usually fixes the rest.
pub const MAX_PROBLEMS: usize = 20;

/// The longest text s55 accepts in one place: about forty pages of a letter.
pub const MAX_TEXT: usize = 100_000;

/// The most entries one list may have: hundreds of times more than any report has recommendations.
pub const MAX_ENTRIES: usize = 10_000;

/// What checking a file against the format found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Problems that stop the file being read.
    pub problems: Vec<Diagnostic>,
    /// Text that would not reach the letter as written.
    pub texts: Vec<TextWarning>,
}

/// The shapes a value can take in the format.
enum Shape<'s> {
    Section {
        props: &'s Map<String, Json>,
        required: Vec<&'s str>,
        closed: bool,
    },
    List(&'s Json),
    Choice(Vec<&'s str>),
    Date,
    Number,
    Text,
    Any,
}

struct Walker<'a> {
    file: &'a Path,
    /// The file's lines, split once.
    lines: Vec<&'a str>,
    root: &'a Json,
    comments: &'a [Comment],
    out: Checked,
}

/// Checks `tree` (read from `file`) against `schema`.
pub fn check(file: &Path, source: &str, tree: &Tree, schema: &Json) -> Checked {
    let mut w = Walker {
        file,
        lines: source.lines().collect(),
        root: schema,
        comments: &tree.comments,
        out: Checked::default(),
    };
    if let Some(root) = &tree.root {
        w.walk(root, schema, &mut Vec::new(), None, false);
    }
    for label in &tree.labels {
        let line = w.lines.get(label.start.line - 1).copied().unwrap_or("");
        let key = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches("- ");
        let value = line.split_once(": ").map(|(_, v)| v.trim()).unwrap_or("");
        w.out.texts.push(TextWarning {
            rule: TextRule::DroppedSymbol,
            at: label.start,
            width: label.text.chars().count().max(1),
            message: format!(
                "YAML reads “{}” as a label because it starts with `{}`, and leaves it out of the text: the letter would not print it",
                label.text,
                label.text.chars().next().unwrap_or('&')
            ),
            hint: format!(
                "put the whole text in double quotes: `{key}: \"{}\"` (and delete the `&nbsp;` or similar code if it was pasted from a web page)",
                value.replace('"', "\\\"")
            ),
        });
    }
    w.out.problems.truncate(MAX_PROBLEMS);
    w.out
}

impl<'a> Walker<'a> {
    fn resolve(&self, s: &'a Json) -> (Shape<'a>, bool) {
        resolve(self.root, s)
    }

    /// How far the first non-blank line from `from` to `to` is indented: a text block's own
    /// indentation, below which a line no longer belongs to it.
    fn text_indent(&self, from: usize, to: usize) -> usize {
        (from..=to)
            .filter_map(|n| self.lines.get(n - 1))
            .find(|l| !l.trim().is_empty())
            .map(|l| indent(l))
            .unwrap_or(0)
    }

    fn location(&self, at: Pos, width: usize) -> Location {
        let text = self
            .lines
            .get(at.line.saturating_sub(1))
            .copied()
            .unwrap_or("");
        Location {
            line: at.line.max(1),
            column: at.column.max(1),
            width: width.max(1),
            text: text.to_string(),
        }
    }

    fn problem(&mut self, at: Pos, width: usize, message: String, hint: String) {
        if self.out.problems.len() < MAX_PROBLEMS + 1 {
            self.out
                .problems
                .push(Diagnostic::at(self.file, self.location(at, width), message).with_hint(hint));
        }
    }

    /// `key_start` is where the key of this value is written, when it has one.
    fn walk(
        &mut self,
        node: &'a Node,
        schema: &'a Json,
        path: &mut Vec<String>,
        key_start: Option<Pos>,
        optional: bool,
    ) {
        let (shape, nullable) = self.resolve(schema);
        if node.is_null() {
            if !(nullable || optional || matches!(shape, Shape::Any)) {
                let at = key_start.unwrap_or(node.start);
                self.problem(
                    at,
                    path.last().map(|k| k.chars().count()).unwrap_or(1),
                    format!("{} has no value", name(path)),
                    format!(
                        "write {} after the colon, or remove the line",
                        example_of(&shape)
                    ),
                );
            }
            return;
        }
        match shape {
            Shape::Section {
                props,
                required,
                closed,
            } => self.section(node, props, &required, closed, path, key_start),
            Shape::List(items) => match &node.value {
                Value::List { items: nodes, .. } => {
                    if nodes.len() > MAX_ENTRIES {
                        self.problem(
                            key_start.unwrap_or(node.start),
                            path.last().map(|k| k.chars().count()).unwrap_or(1),
                            format!(
                                "{} has {} entries, more than the {MAX_ENTRIES} s55 accepts in one list",
                                name(path),
                                nodes.len()
                            ),
                            "check that the list was not pasted in more than once; a report has far fewer items".to_string(),
                        );
                        return;
                    }
                    for (i, n) in nodes.iter().enumerate() {
                        path.push(format!("#{}", entry_name(n, i)));
                        self.walk(n, items, path, None, false);
                        path.pop();
                    }
                }
                Value::Text { text, .. } => {
                    let hint = if path.last().map(String::as_str) == Some("items") {
                        let ids: Vec<&str> = text
                            .split([',', ' ', ';'])
                            .filter(|s| !s.is_empty())
                            .collect();
                        format!(
                            "write the ids in square brackets: `items: [{}]`",
                            ids.join(", ")
                        )
                    } else {
                        "write a list: one entry per line, each starting with `- `".to_string()
                    };
                    self.problem(
                        node.start,
                        text.chars().count().max(1),
                        format!("{} should be a list, but it is written as text", name(path)),
                        hint,
                    );
                }
                _ => self.problem(
                    key_start.unwrap_or(node.start),
                    path.last().map(|k| k.chars().count()).unwrap_or(1),
                    format!(
                        "{} should be a list, but it is written as a section",
                        name(path)
                    ),
                    "write a list: one entry per line, each starting with `- `".to_string(),
                ),
            },
            Shape::Choice(allowed) => self.choice(node, &allowed, path),
            Shape::Date => self.date(node, path),
            Shape::Number => {
                let ok = node.text().is_some_and(|t| t.trim().parse::<u32>().is_ok());
                if !ok {
                    self.problem(
                        node.start,
                        node.text().map(|t| t.chars().count()).unwrap_or(1).max(1),
                        format!("{} should be a whole number", name(path)),
                        "write a whole number, for example `s55: 1`".to_string(),
                    );
                }
            }
            Shape::Text => self.text(node, path, key_start),
            Shape::Any => {}
        }
    }

    fn section(
        &mut self,
        node: &'a Node,
        props: &'a Map<String, Json>,
        required: &[&'a str],
        closed: bool,
        path: &mut Vec<String>,
        key_start: Option<Pos>,
    ) {
        let Value::Section { entries, .. } = &node.value else {
            let (message, hint) = match (path.last().map(String::as_str), node.text()) {
                (Some(key), Some(text)) if required.len() == 1 => (
                    format!(
                        "{} should be a section with `{}:` in it, but it is written as text",
                        name(path),
                        required[0]
                    ),
                    format!(
                        "write `{key}: {{{}: {}}}`, or put `{}: {}` on the next line, indented",
                        required[0],
                        text.trim(),
                        required[0],
                        text.trim()
                    ),
                ),
                _ if path.is_empty() => (
                    "this does not look like an s55 file: it has no `key: value` lines".to_string(),
                    "a response file starts with `s55: 1`, then `report:`, `body:` (or `office:`), `chief_officer:`, `comments:` and `letter:`; `s55 new --report REPORT` writes one for you to fill in".to_string(),
                ),
                _ => (
                    format!(
                        "{} should be a section of `key: value` lines, but it is written as {}",
                        name(path),
                        if node.text().is_some() { "text" } else { "a list" }
                    ),
                    "write the key on its own line, then the `key: value` lines beneath it, indented"
                        .to_string(),
                ),
            };
            self.problem(node.start, 1, message, hint);
            return;
        };
        let allowed: Vec<&str> = props.keys().map(String::as_str).collect();
        let mut seen: Vec<(&str, Pos)> = Vec::new();
        for entry in entries {
            let Some(key) = entry.key.text() else {
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                // The first key of a list entry written again: a new entry without its `- `.
                let opens_entry = path.last().is_some_and(|p| p.starts_with('#'))
                    && entries.first().and_then(|e| e.key.text()) == Some(key);
                if opens_entry {
                    let message = format!(
                        "`{key}` on line {} starts a new entry, but there is no `- ` before it, so YAML reads it as part of the entry above (line {})",
                        entry.key.start.line, first.line
                    );
                    let hint = format!(
                        "write `- {key}:`, with the hyphen lined up with the hyphens of the entries above"
                    );
                    self.problem(entry.key.start, key.chars().count(), message, hint);
                    break;
                }
                let message = format!(
                    "`{key}` is written twice in {} (first on line {})",
                    place_name(path),
                    first.line
                );
                self.problem(
                    entry.key.start,
                    key.chars().count(),
                    message,
                    "keep one of them: a key can appear only once in a section".to_string(),
                );
                continue;
            }
            seen.push((key, entry.key.start));
            self.key_inside_text(entry, entries, &allowed, path);
            match props.get(key) {
                Some(schema) => {
                    path.push(key.to_string());
                    let optional = !required.contains(&key);
                    self.walk(&entry.value, schema, path, Some(entry.key.start), optional);
                    path.pop();
                }
                None if closed => self.unknown_key(entry, entries, &allowed, path),
                None => {}
            }
        }
        let typos: Vec<&str> = entries
            .iter()
            .filter_map(|e| e.key.text())
            .filter(|k| !props.contains_key(*k))
            .filter_map(|k| did_you_mean(k, &allowed))
            .collect();
        for key in required {
            if !seen.iter().any(|(k, _)| k == key) && !typos.contains(key) {
                let at = key_start.unwrap_or(node.start);
                let width = path.last().map(|k| k.chars().count()).unwrap_or(1);
                let message = format!("`{key}` is missing from {}", place_name(path));
                let hint = match *key {
                    "published" => "add `published: YYYY-MM-DD`, the day HMICFRS published the report; the 56 days run from it".to_string(),
                    "s55" => "add `s55: 1` as the first line, to say which version of the file format this is".to_string(),
                    "items" => "add `items: [R1]` listing the ids of the recommendations this answer covers".to_string(),
                    "on" => "add `on: YYYY-MM-DD`, the day the response went on the website".to_string(),
                    k => format!("add `{k}:` to {}", place_name(path)),
                };
                self.problem(at, width, message, hint);
            }
        }
    }

    /// A line inside a text that is really a key of the same section, indented too far so that
    /// YAML reads it as part of the text (`owner:` under a `comment: >-` block).
    fn key_inside_text(
        &mut self,
        entry: &Entry,
        entries: &[Entry],
        allowed: &[&str],
        path: &[String],
    ) {
        let Value::Text { style, .. } = &entry.value.value else {
            return;
        };
        let from = match style {
            Style::Literal | Style::Folded => entry.value.start.line + 1,
            Style::Plain => entry.value.start.line + 1,
            Style::Quoted => return,
        };
        let lines = &self.lines;
        let to = entry.value.end.line.min(lines.len());
        let base = self.text_indent(from, to);
        let text_key = entry.key.text().unwrap_or("");
        for n in from..=to {
            let raw = lines[n - 1];
            if raw.trim().is_empty() {
                continue;
            }
            if indent(raw) < base {
                break;
            }
            let Some((word, _)) = raw.trim().split_once(':') else {
                continue;
            };
            let after = &raw.trim()[word.len() + 1..];
            let present = entries.iter().any(|e| e.key.text() == Some(word));
            if allowed.contains(&word)
                && word != text_key
                && !present
                && (after.is_empty() || after.starts_with(' '))
            {
                self.out.texts.push(TextWarning {
                    rule: TextRule::KeyInsideText,
                    at: Pos { line: n, column: indent(raw) + 1 },
                    width: word.chars().count() + 1,
                    message: format!(
                        "`{word}:` is indented as far as the text of {} above it, so YAML reads it as part of that text: it would be printed in the letter, and {} would have no {word}",
                        name(&[path, &[text_key.to_string()]].concat()),
                        if path.is_empty() { "the file".to_string() } else { place_name(path) }
                    ),
                    hint: format!(
                        "line `{word}:` up with `{text_key}:` ({} spaces from the left)",
                        entry.key.start.column - 1
                    ),
                });
                return;
            }
        }
    }

    fn unknown_key(
        &mut self,
        entry: &'a Entry,
        siblings: &'a [Entry],
        allowed: &[&str],
        path: &[String],
    ) {
        let key = entry.key.text().unwrap_or("");
        let width = key.chars().count().max(1);
        let at = entry.key.start;
        if let Some(c) = key.chars().find(|c| invisible(*c).is_some()) {
            let clean: String = key.chars().filter(|c| invisible(*c).is_none()).collect();
            return self.problem(
                at,
                width,
                format!(
                    "the key `{clean}` has {} in it",
                    invisible(c).unwrap_or("an invisible character")
                ),
                format!("delete the line’s spaces around `{clean}` and type them again with the space bar"),
            );
        }
        // A key that belongs to the section inside the entry just above: under-indented.
        let above = siblings
            .iter()
            .take_while(|e| !std::ptr::eq(*e, entry))
            .last();
        if let Some(prev) = above {
            if let Some((owner, column)) = self.inner_home(prev, key) {
                return self.problem(
                    at,
                    width,
                    format!(
                        "`{key}` is in the right words but the wrong place: it belongs to {owner}, so it must be indented further"
                    ),
                    format!(
                        "indent `{key}` to line up with the keys of {owner} ({} spaces from the left)",
                        column - 1
                    ),
                );
            }
        }
        let hint = match did_you_mean(key, allowed) {
            Some(s) => format!(
                "did you mean `{s}`? The keys allowed in {} are: {}",
                place_name(path),
                allowed.join(", ")
            ),
            None => format!(
                "the keys allowed in {} are: {}",
                place_name(path),
                allowed.join(", ")
            ),
        };
        let message = if path.is_empty() {
            format!("`{key}` is not a key s55 knows at the top of the file")
        } else {
            format!("`{key}` is not a key s55 knows in {}", place_name(path))
        };
        self.problem(at, width, message, hint);
    }

    /// When `key` belongs to the section that `prev`'s value opens (or to the last entry of the list
    /// it opens), the name of that section and the column its keys start at.
    fn inner_home(&self, prev: &'a Entry, key: &str) -> Option<(String, usize)> {
        let prev_key = prev.key.text()?;
        let inner = match &prev.value.value {
            Value::List { items, .. } => items.last()?,
            Value::Section { .. } => &prev.value,
            _ => return None,
        };
        let Value::Section { entries, .. } = &inner.value else {
            return None;
        };
        // The format's own word for it: does a section of that shape allow `key`?
        let shape_keys = keys_under(self.root, prev_key);
        if !shape_keys.iter().any(|k| k == key) {
            return None;
        }
        let column = entries.first()?.key.start.column;
        let owner = match &prev.value.value {
            Value::List { .. } => format!("the entry under `{prev_key}` above it"),
            _ => format!("`{prev_key}`"),
        };
        Some((owner, column))
    }

    fn choice(&mut self, node: &Node, allowed: &[&str], path: &[String]) {
        let Some(text) = node.text() else {
            return self.problem(
                node.start,
                1,
                format!("{} should be one word", name(path)),
                format!("write one of: {}", allowed.join(", ")),
            );
        };
        if allowed.contains(&text) {
            return;
        }
        let width = text.chars().count().max(1);
        let unquoted = text.trim_matches(|c| matches!(c, '“' | '”' | '‘' | '’' | '"' | '\''));
        let normal: String = unquoted
            .trim()
            .to_lowercase()
            .replace([' ', '_', '\u{a0}'], "-");
        let hint = if allowed.contains(&normal.as_str()) {
            format!("write `{normal}` exactly (small letters, joined with hyphens, no quote marks)")
        } else {
            match did_you_mean(&normal, allowed) {
                Some(s) => format!("did you mean `{s}`? Write one of: {}", allowed.join(", ")),
                None => format!("write one of: {}", allowed.join(", ")),
            }
        };
        self.problem(
            node.start,
            width,
            format!(
                "“{text}” is not one of the values allowed for {}",
                name(path)
            ),
            hint,
        );
    }

    fn date(&mut self, node: &Node, path: &[String]) {
        let Some(text) = node.text() else {
            return self.problem(
                node.start,
                1,
                format!("{} should be a date", name(path)),
                "write the date as YYYY-MM-DD, for example `2020-03-16`".to_string(),
            );
        };
        if let Err(why) = Date::parse(text) {
            let hint = match british_date(text) {
                Some(iso) => format!("write `{iso}`: dates are written year-month-day"),
                None => "write the date as YYYY-MM-DD, for example `2020-03-16`".to_string(),
            };
            self.problem(
                node.start,
                text.chars().count().max(1),
                format!("{} is not a date s55 can read: {why}", name(path)),
                hint,
            );
        }
    }

    fn text(&mut self, node: &Node, path: &[String], key_start: Option<Pos>) {
        let (text, style) = match &node.value {
            Value::Text { text, style } => (text.as_str(), *style),
            Value::Section { .. } | Value::List { .. } => {
                let hint = "write the text on the same line as the key, or as a `|` block; if it contains `: ` put it in quotes".to_string();
                return self.problem(
                    node.start,
                    1,
                    format!(
                        "{} should be text, but it is written as a section or list",
                        name(path)
                    ),
                    hint,
                );
            }
            Value::Alias => return,
        };
        let field = name(path);
        let length = text.chars().count();
        if length > MAX_TEXT {
            return self.problem(
                key_start.unwrap_or(node.start),
                path.last().map(|k| k.chars().count()).unwrap_or(1),
                format!(
                    "{field} is {length} characters long, more than the {MAX_TEXT} s55 accepts in one text"
                ),
                "check that the text was not pasted in more than once; a long annex belongs in a document of its own, linked from the letter".to_string(),
            );
        }
        // A ` #` after one-line text: YAML treats the rest of the line as a note and drops it.
        if style == Style::Plain {
            let key_column = key_start.map(|k| k.column).unwrap_or(0);
            // Only a note that follows the text itself: one after the `]` or `}` that closes a
            // list or section written on one line (`items: [R1, R2]   # together`) cuts nothing.
            let only_space_between = |c: &Comment| {
                self.lines
                    .get(node.end.line.wrapping_sub(1))
                    .is_some_and(|line| {
                        line.chars()
                            .skip(node.end.column.saturating_sub(1))
                            .take(c.start.column.saturating_sub(node.end.column))
                            .all(char::is_whitespace)
                    })
            };
            if let Some(c) = self.comments.iter().find(|c| {
                (c.start.line == node.end.line
                    && c.start.column >= node.end.column
                    && only_space_between(c))
                    || (c.start.line == node.end.line + 1
                        && c.start.column > key_column
                        && key_column > 0)
            }) {
                let dropped = format!("#{}", c.text);
                self.out.texts.push(TextWarning {
                    rule: TextRule::CutByComment,
                    at: c.start,
                    width: dropped.chars().count(),
                    message: format!(
                        "{field} stops at “{}”: YAML reads “{}” as a note to itself, so those words would not be printed",
                        tail(text, 40),
                        dropped.trim()
                    ),
                    hint: format!(
                        "put the whole text in double quotes (\"{} {}\"), or write it as a `|` block: `{}: |` with the text on the next line, indented",
                        text,
                        dropped.trim(),
                        path.last().map(String::as_str).unwrap_or("comment")
                    ),
                });
            }
        }
        // Folded text (`>`, or plain text over several lines) joins lines with spaces.
        if matches!(style, Style::Folded | Style::Plain) && node.end.line > node.start.line {
            self.run_together(node, text, style, &field, path);
        }
        if let Some((i, c)) = text
            .char_indices()
            .find(|(_, c)| invisible(*c).is_some() && *c != '\u{a0}')
        {
            let line_offset = text[..i].matches('\n').count();
            let at = if line_offset == 0 && style != Style::Literal && style != Style::Folded {
                Pos {
                    line: node.start.line,
                    column: node.start.column + text[..i].chars().count(),
                }
            } else {
                node.start
            };
            self.out.texts.push(TextWarning {
                rule: TextRule::InvisibleCharacter,
                at,
                width: 1,
                message: format!(
                    "{field} contains {}, which cannot be seen but will be copied into the letter",
                    invisible(c).unwrap_or("an invisible character")
                ),
                hint: "delete the characters around this point and type them again; text pasted from Word or Outlook often carries them".to_string(),
            });
        } else if text.starts_with('\u{a0}') || text.ends_with('\u{a0}') {
            // Point at the space itself: at the end of a one-line text, that is its last character.
            let one_line =
                !text.contains('\n') && style != Style::Literal && style != Style::Folded;
            let at = if text.starts_with('\u{a0}') || !one_line {
                node.start
            } else {
                Pos {
                    line: node.start.line,
                    column: node.start.column + text.chars().count() - 1,
                }
            };
            self.out.texts.push(TextWarning {
                rule: TextRule::InvisibleCharacter,
                at,
                width: 1,
                message: format!("{field} starts or ends with a non-breaking space (U+00A0)"),
                hint: "delete the space and type an ordinary one if one is needed".to_string(),
            });
        }
        if style == Style::Plain
            && matches!(
                text.to_lowercase().as_str(),
                "yes" | "no" | "true" | "false" | "on" | "off" | "y" | "n"
            )
        {
            self.out.texts.push(TextWarning {
                rule: TextRule::YesNoAsText,
                at: node.start,
                width: text.chars().count(),
                message: format!(
                    "{field} is just “{text}”: the letter will print that word as the {}",
                    path.last().map(String::as_str).unwrap_or("text")
                ),
                hint: format!(
                    "if there is no {0}, remove the `{0}:` line; otherwise write the {0} in words",
                    path.last().map(String::as_str).unwrap_or("text")
                ),
            });
        }
        let t = text.trim();
        let curly = (t.starts_with('“') && t.ends_with('”') && t.chars().count() > 1)
            || (t.starts_with('‘') && t.ends_with('’') && t.chars().count() > 1);
        if curly && style == Style::Plain && !t[3..t.len() - 3].contains(['“', '”']) {
            self.out.texts.push(TextWarning {
                rule: TextRule::CurlyQuotesKept,
                at: node.start,
                width: t.chars().count(),
                message: format!(
                    "{field} is wrapped in Word’s curly quote marks, which YAML keeps as part of the text: the letter will print them"
                ),
                hint: "if they were meant to mark where the text starts and ends, type straight quotes (\") instead, or leave them out".to_string(),
            });
        }
    }

    fn run_together(
        &mut self,
        node: &Node,
        text: &str,
        style: Style,
        field: &str,
        path: &[String],
    ) {
        let lines = &self.lines;
        let first = node.start.line; // 1-based; for `>` this is the indicator's line
        let last = node.end.line.min(lines.len());
        // The text starts on the line after `>`, or continues on the line after the key.
        let body_from = first + 1;
        let mut list_line = None;
        let mut para_line = None;
        let base = self.text_indent(body_from, last);
        for n in body_from..=last {
            let raw = lines[n - 1];
            let line = raw.trim();
            if !line.is_empty() && (indent(raw) < base || line.starts_with('#')) {
                break;
            }
            if line.is_empty() {
                if n < last && para_line.is_none() && n > body_from {
                    para_line = Some(n);
                }
                continue;
            }
            if list_line.is_none() && looks_like_list_item(line) {
                // Kept as its own line only when YAML left a line break before it.
                let kept = text.contains(&format!("\n{line}"));
                if !kept {
                    list_line = Some(n);
                }
            }
        }
        // Blank lines in folded text become single line breaks, which the letter shows as one
        // paragraph.
        let merged_paragraphs =
            para_line.is_some() && text.trim_end().contains('\n') && !text.contains("\n\n");
        let key = path.last().map(String::as_str).unwrap_or("comment");
        let indicator = if style == Style::Folded {
            "`>`".to_string()
        } else {
            "nothing after the colon".to_string()
        };
        if let Some(n) = list_line {
            self.out.texts.push(TextWarning {
                rule: TextRule::RunTogether,
                at: Pos { line: n, column: lines[n - 1].len() - lines[n - 1].trim_start().len() + 1 },
                width: lines[n - 1].trim().chars().count().min(40),
                message: format!(
                    "{field} has a list, but it is written with {indicator}, so YAML joins its lines into one: the list would be printed as a single line"
                ),
                hint: format!(
                    "write `{key}: |` (a bar instead of {}) so that every line is kept as written",
                    if style == Style::Folded { "`>`" } else { "nothing" }
                ),
            });
        } else if merged_paragraphs {
            let n = para_line.unwrap_or(node.start.line);
            self.out.texts.push(TextWarning {
                rule: TextRule::RunTogether,
                at: node.start,
                width: 1,
                message: format!(
                    "{field} has paragraphs (a blank line at line {n}), but it is written with {indicator}, so YAML runs them into one paragraph"
                ),
                hint: format!("write `{key}: |` so that each paragraph is kept"),
            });
        }
    }
}

/// Every key allowed in the section (or in each entry of the list) that `key` opens, wherever `key`
/// appears in the format.
pub fn keys_under(schema: &Json, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some(defs) = schema.get("definitions").and_then(Json::as_object) else {
        return out;
    };
    let mut owners: Vec<&Json> = defs.values().collect();
    owners.push(schema);
    for def in owners {
        let Some(opens) = def
            .get("properties")
            .and_then(Json::as_object)
            .and_then(|p| p.get(key))
        else {
            continue;
        };
        let mut s = opens;
        if let (Shape::List(items), _) = resolve(schema, s) {
            s = items;
        }
        if let (Shape::Section { props, .. }, _) = resolve(schema, s) {
            out.extend(props.keys().cloned());
        }
    }
    out
}

/// What a schema allows, following `$ref`, `allOf`, `anyOf` and `oneOf` into the format's
/// definitions: the shape of the value and whether it may be left empty.
fn resolve<'a>(root: &'a Json, mut s: &'a Json) -> (Shape<'a>, bool) {
    let mut nullable = false;
    for _ in 0..16 {
        if let Some(r) = s.get("$ref").and_then(Json::as_str) {
            let name = r.rsplit('/').next().unwrap_or("");
            match root.get("definitions").and_then(|d| d.get(name)) {
                Some(def) => {
                    s = def;
                    continue;
                }
                None => return (Shape::Any, nullable),
            }
        }
        if let Some(all) = s.get("allOf").and_then(Json::as_array) {
            if let Some(first) = all.first() {
                s = first;
                continue;
            }
        }
        let options = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Json::as_array);
        if let Some(options) = options {
            let consts: Vec<&str> = options
                .iter()
                .filter_map(|o| o.get("const").and_then(Json::as_str))
                .collect();
            if !consts.is_empty() && consts.len() == options.len() {
                return (Shape::Choice(consts), nullable);
            }
            let non_null: Vec<&Json> = options
                .iter()
                .filter(|o| o.get("type").and_then(Json::as_str) != Some("null"))
                .collect();
            nullable |= non_null.len() < options.len();
            match non_null.first() {
                Some(o) => {
                    s = o;
                    continue;
                }
                None => return (Shape::Any, true),
            }
        }
        break;
    }
    if let Some(e) = s.get("enum").and_then(Json::as_array) {
        return (
            Shape::Choice(e.iter().filter_map(Json::as_str).collect()),
            nullable,
        );
    }
    let types: Vec<&str> = match s.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => vec![],
    };
    nullable |= types.contains(&"null");
    let shape = if types.contains(&"object") {
        match s.get("properties").and_then(Json::as_object) {
            Some(props) => Shape::Section {
                props,
                required: s
                    .get("required")
                    .and_then(Json::as_array)
                    .map(|r| r.iter().filter_map(Json::as_str).collect())
                    .unwrap_or_default(),
                closed: s.get("additionalProperties") == Some(&Json::Bool(false)),
            },
            None => Shape::Any,
        }
    } else if types.contains(&"array") {
        s.get("items").map(Shape::List).unwrap_or(Shape::Any)
    } else if types.contains(&"string") {
        if s.get("format").and_then(Json::as_str) == Some("date") {
            Shape::Date
        } else {
            Shape::Text
        }
    } else if types.contains(&"integer") || types.contains(&"number") {
        Shape::Number
    } else {
        Shape::Any
    };
    (shape, nullable)
}

/// Whether the format has a section where both keys are allowed side by side.
pub fn siblings(schema: &Json, a: &str, b: &str) -> bool {
    let Some(defs) = schema.get("definitions").and_then(Json::as_object) else {
        return false;
    };
    defs.values()
        .chain(std::iter::once(schema))
        .filter_map(|d| d.get("properties").and_then(Json::as_object))
        .any(|p| p.contains_key(a) && p.contains_key(b))
}

/// How many spaces a line starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A value's path as officers read it: `chief_officer › invited`, `comments › answers › 2nd`.
fn name(path: &[String]) -> String {
    if path.is_empty() {
        return "the file".to_string();
    }
    format!("`{}`", pretty(path))
}

fn place_name(path: &[String]) -> String {
    if path.is_empty() {
        "the top level of the file".to_string()
    } else {
        format!("`{}`", pretty(path))
    }
}

/// How messages name an entry of a list: by the ids an answer covers ("the answer to R5"), by an
/// item's id ("R5"), or by its place ("entry 3").
fn entry_name(node: &Node, index: usize) -> String {
    let text = |key: &str| node.entry(key).and_then(|e| e.value.text()).map(str::trim);
    if let Some(items) = node.entry("items") {
        let ids: Vec<&str> = match &items.value.value {
            Value::List { items, .. } => items.iter().filter_map(Node::text).collect(),
            Value::Text { text, .. } => vec![text.as_str()],
            _ => vec![],
        };
        if !ids.is_empty() {
            return format!("the answer to {}", ids.join(", "));
        }
    }
    match text("id") {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("entry {}", index + 1),
    }
}

fn pretty(path: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for step in path {
        match step.strip_prefix('#') {
            Some(n) => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&format!(" ({n})"));
                }
            }
            None => out.push(step.clone()),
        }
    }
    out.join(" › ")
}

fn example_of(shape: &Shape) -> String {
    match shape {
        Shape::Date => "a date such as `2020-03-16`".into(),
        Shape::Number => "a number".into(),
        Shape::Choice(c) => format!("one of {}", c.join(", ")),
        Shape::List(_) => "a list".into(),
        Shape::Section { .. } => "the section’s lines".into(),
        _ => "the text".into(),
    }
}

/// The last few words of a text, for quoting where it was cut.
fn tail(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let cut: String = chars[chars.len() - max..].iter().collect();
    let cut = cut.split_once(' ').map(|(_, b)| b).unwrap_or(&cut);
    format!("…{cut}")
}

/// A line that starts with a bullet pasted from Word or Outlook: its level (Word's first level is
/// •, its second `o` and its third `§`, both followed by a tab) and the words after the bullet.
pub fn pasted_bullet(line: &str) -> Option<(usize, &str)> {
    let mut chars = line.chars();
    let (bullet, gap) = (chars.next()?, chars.next()?);
    let level = match (bullet, gap) {
        (
            '•' | '●' | '▪' | '◦' | '‣' | '·' | '–' | '—' | '○' | '■' | '➢' | '→' | 'Ø',
            ' ' | '\t' | '\u{a0}',
        ) => 0,
        ('o', '\t') => 1,
        ('§', ' ' | '\t' | '\u{a0}') => 2,
        _ => return None,
    };
    Some((level, chars.as_str().trim_start()))
}

/// Whether a line starts like an item of a list: a bullet, a dash, or a number or letter with a
/// full stop or bracket.
pub fn looks_like_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if pasted_bullet(t).is_some()
        || t.starts_with(['*', '-']) && t.chars().nth(1).is_some_and(char::is_whitespace)
    {
        return true;
    }
    let marker: String = t.chars().take_while(|c| !c.is_whitespace()).collect();
    let inner = marker.trim_start_matches('(').trim_end_matches(['.', ')']);
    let ended = marker.ends_with('.') || marker.ends_with(')');
    ended
        && !inner.is_empty()
        && inner.len() <= 4
        && ((inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit()))
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase()))
            || inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        && t.len() > marker.len()
}

/// The name of a character that cannot be seen, for messages.
pub fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' => "a non-breaking space (U+00A0)",
        '\u{202f}' => "a narrow non-breaking space (U+202F)",
        '\u{2007}' => "a figure space (U+2007)",
        '\u{2009}' => "a thin space (U+2009)",
        '\u{200a}' => "a hair space (U+200A)",
        '\u{200b}' => "a zero-width space (U+200B)",
        '\u{200c}' => "a zero-width non-joiner (U+200C)",
        '\u{200d}' => "a zero-width joiner (U+200D)",
        '\u{2060}' => "a word joiner (U+2060)",
        '\u{feff}' => "a zero-width no-break space (U+FEFF)",
        '\u{ad}' => "a soft hyphen (U+00AD)",
        '\u{3000}' => "an ideographic space (U+3000)",
        '\u{2002}'..='\u{2006}' | '\u{2008}' => "a typographic space (U+2002–U+2008)",
        _ => return None,
    })
}

/// A date written the British way or in words, as `YYYY-MM-DD`, when it can be read unambiguously:
/// `11/03/2020`, `11.03.2020`, `11 March 2020`, `2020-3-1`.
pub fn british_date(text: &str) -> Option<String> {
    let t = text.trim();
    let iso = |y: i32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y, m, d).map(|_| format!("{y:04}-{m:02}-{d:02}"))
    };
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() == 3 {
            if parts[0].len() == 4 {
                return iso(n[0] as i32, n[1], n[2]);
            }
            if parts[2].len() == 4 {
                return iso(n[2] as i32, n[1], n[0]);
            }
        }
    }
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() == 3 {
        let day = words[0]
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()?;
        let month = crate::date::month_from_word(words[1])?;
        let year = words[2].parse::<i32>().ok()?;
        return iso(year, month, day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_and_spelt_out_dates_are_turned_round() {
        assert_eq!(british_date("11/03/2020").as_deref(), Some("2020-03-11"));
        assert_eq!(british_date("3 March 2025").as_deref(), Some("2025-03-03"));
        assert_eq!(british_date("2025-3-1").as_deref(), Some("2025-03-01"));
        assert_eq!(british_date("31/02/2020"), None);
    }

    #[test]
    fn list_items_are_recognised_and_ordinary_sentences_are_not() {
        for yes in [
            "• induction",
            "- mentoring",
            "1. training",
            "a) audit",
            "(ii) review",
        ] {
            assert!(looks_like_list_item(yes), "{yes}");
        }
        for no in ["The force will", "-5 degrees", "e.g. this", "2020. Then"] {
            assert!(!looks_like_list_item(no), "{no}");
        }
    }
}
