//! The one place that changes a response file in place (for `s55 import` and the workspace): it
//! replaces exactly the text of one value, found by its place in the file, and keeps everything else
//! (comments, blank lines, the order of keys, the officer's own layout) byte for byte. Every change
//! is read back before it is accepted: if the file would not say exactly the new value, nothing is
//! changed.

use crate::yaml::{self, Node, Step, Style, Value};
use std::fmt;

/// Why a value could not be written back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The file is not valid YAML, so its places cannot be trusted.
    Unreadable(String),
    /// The path leads through something that is not a section (or list) in this file.
    NoSuchPlace(String),
    /// The value there is a list or section, not text.
    NotText(String),
    /// Writing the value would not read back as the same text (a safety net; should not happen).
    WouldChange(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::Unreadable(why) => write!(f, "the file cannot be read as YAML: {why}"),
            EditError::NoSuchPlace(path) => write!(f, "the file has no place for `{path}`"),
            EditError::NotText(path) => write!(f, "`{path}` is a list or section, not text"),
            EditError::WouldChange(path) => write!(
                f,
                "writing `{path}` would not read back as the same words, so the file was left as it was"
            ),
        }
    }
}

impl std::error::Error for EditError {}

fn describe(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => k.to_string(),
            Step::Index(i) => format!("#{}", i + 1),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The file with the text at `path` set to `value`: replaced where it is, or added as the last key
/// of its section when the section is there but the key is not. Text is written as a `|` block when
/// it has more than one line (or was one already), otherwise on the key's line, in quotes only when
/// YAML needs them.
pub fn set_text(source: &str, path: &[Step], value: &str) -> Result<String, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let Some(root) = &tree.root else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    let (last, parent_path) = path
        .split_last()
        .ok_or_else(|| EditError::NoSuchPlace(describe(path)))?;
    let parent = root
        .get(parent_path)
        .ok_or_else(|| EditError::NoSuchPlace(describe(parent_path)))?;
    // Read it back: the new value must be there, word for word.
    let reads_back = |edited: &str| {
        yaml::parse(edited)
            .ok()
            .is_some_and(|check| check.get(path).and_then(Node::text) == Some(value))
    };
    let edited = match (parent.get(&[*last]), last) {
        (Some(node), _) => {
            // A `>` text stays a `>` text, wrapped as the officer's lines were, when it reads back.
            let folded = replace_value(source, parent, *last, node, value, path, true)?;
            if reads_back(&folded) {
                return Ok(folded);
            }
            replace_value(source, parent, *last, node, value, path, false)?
        }
        (None, Step::Key(key)) => add_key(source, parent, key, value, path)?,
        (None, Step::Index(_)) => return Err(EditError::NoSuchPlace(describe(path))),
    };
    if reads_back(&edited) {
        Ok(edited)
    } else {
        Err(EditError::WouldChange(describe(path)))
    }
}

/// An officer's new words for a text, from Word or a form: words are written in place
/// ([`set_text_adding_section`]); a text emptied (nothing but spaces left) loses its key
/// ([`remove_key`]), because an empty text is not an answer and `check` asks for the key to go.
pub fn set_or_remove(source: &str, path: &[Step], value: &str) -> Result<String, EditError> {
    if value.trim().is_empty() {
        remove_key(source, path)
    } else {
        set_text_adding_section(source, path, value)
    }
}

/// As [`set_text`], and when the value's own section is missing but the one above it is there
/// (`sent:` under `letter:`), the section is added as the last key of that one, with the value in
/// it: a response is marked published or its copies sent this way.
pub fn set_text_adding_section(
    source: &str,
    path: &[Step],
    value: &str,
) -> Result<String, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let (Some(root), [above @ .., Step::Key(section), Step::Key(key)]) = (&tree.root, path) else {
        return set_text(source, path, value);
    };
    if root.get(&path[..path.len() - 1]).is_some() || value.contains('\n') {
        return set_text(source, path, value);
    }
    let grandparent = root
        .get(above)
        .ok_or_else(|| EditError::NoSuchPlace(describe(above)))?;
    let edited = insert_key_lines(source, grandparent, path, |column| {
        format!(
            "{section}:\n{}{key}: {}",
            " ".repeat(column + 2),
            inline_text(value)
        )
    })?;
    let reads_back = yaml::parse(&edited)
        .ok()
        .is_some_and(|check| check.get(path).and_then(Node::text) == Some(value));
    if reads_back {
        Ok(edited)
    } else {
        Err(EditError::WouldChange(describe(path)))
    }
}

/// How far the keys (or `- ` entries) of a section start, in spaces.
fn column_of(source: &str, node: &Node) -> usize {
    let line_start = source[..node.bytes.start].rfind('\n').map_or(0, |i| i + 1);
    source[line_start..node.bytes.start].chars().count()
}

fn replace_value(
    source: &str,
    parent: &Node,
    step: Step,
    node: &Node,
    value: &str,
    path: &[Step],
    keep_folded: bool,
) -> Result<String, EditError> {
    let Value::Text { style, .. } = &node.value else {
        return Err(EditError::NotText(describe(path)));
    };
    // The indentation a block's lines take: two spaces in from the key (or the `- `).
    let key_column = match (step, &parent.value) {
        (Step::Key(k), Value::Section { .. }) => parent
            .entry(k)
            .map(|e| column_of(source, &e.key))
            .unwrap_or(0),
        _ => column_of(source, node).saturating_sub(2),
    };
    let block = value.contains('\n') || matches!(style, Style::Literal | Style::Folded);
    let range = span_of(source, node, style);
    let folded = (keep_folded && matches!(style, Style::Folded))
        .then(|| folded_text(value, key_column + 2, fold_width(source, &range)))
        .flatten();
    let written = if let Some(folded) = folded {
        folded
    } else if block {
        block_text(value, key_column + 2)
    } else {
        inline_text(value)
    };
    // A file saved on Windows keeps its CRLF line ends in the lines written.
    let written = if source.contains("\r\n") {
        written.replace('\n', "\r\n")
    } else {
        written
    };
    let mut out = String::with_capacity(source.len() + written.len());
    out.push_str(&source[..range.start]);
    out.push_str(&written);
    out.push_str(&source[range.end..]);
    Ok(out)
}

fn add_key(
    source: &str,
    parent: &Node,
    key: &str,
    value: &str,
    path: &[Step],
) -> Result<String, EditError> {
    insert_key_lines(source, parent, path, |column| {
        let body = if value.contains('\n') {
            block_text(value, column + 2)
        } else {
            inline_text(value)
        };
        format!("{key}: {body}")
    })
}

/// The file with a key and its value added as the last key of the section `parent`, in line with
/// its other keys: `lines` makes them from the keys' column (each line after the first indented
/// in full).
fn insert_key_lines(
    source: &str,
    parent: &Node,
    path: &[Step],
    lines: impl FnOnce(usize) -> String,
) -> Result<String, EditError> {
    let Value::Section { entries, flow, .. } = &parent.value else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    let Some(last) = entries.last() else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    if *flow {
        return Err(EditError::NoSuchPlace(describe(path)));
    }
    let column = column_of(source, &entries[0].key);
    // After the end of the line the last entry ends on.
    let at = match &last.value.value {
        Value::Text { style, .. } => span_of(source, &last.value, style).end,
        _ => last.value.bytes.end,
    }
    .max(last.key.bytes.end);
    let at = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("{newline}{}{}", " ".repeat(column), lines(column)).replace('\n', newline);
    let line = line.replace("\r\r\n", "\r\n");
    let mut out = String::with_capacity(source.len() + line.len());
    out.push_str(&source[..at]);
    if at == source.len() && !source.ends_with('\n') {
        out.push_str(&line);
        out.push_str(newline);
    } else {
        out.push_str(&line);
        out.push_str(&source[at..]);
    }
    Ok(out)
}

/// The bytes a text value takes in the file. For a `|` or `>` block, from the indicator to the end
/// of its last line with words on it (the parser's span starts at the first line of words and runs on
/// over trailing blank lines and the next key's indentation).
fn span_of(source: &str, node: &Node, style: &Style) -> std::ops::Range<usize> {
    let mut range = node.bytes.clone();
    if !matches!(style, Style::Literal | Style::Folded) {
        return range;
    }
    let text = &source[range.clone()];
    range.end = range.start + text.trim_end_matches(['\n', '\r', ' ', '\t']).len();
    // Back from the first line of words, over blank lines, to the line with the indicator.
    let mut line_end = source[..range.start].rfind('\n').unwrap_or(0);
    loop {
        let line_start = source[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[line_start..line_end];
        if !line.trim().is_empty() || line_start == 0 {
            // The indicator is the last word of that line, before any comment.
            let code = match line.find(" #") {
                Some(c) => &line[..c],
                None => line,
            };
            let code = code.trim_end();
            if let Some(word) = code.rfind([' ', '\t']).map(|i| i + 1).or(Some(0)) {
                if code[word..].starts_with(['|', '>']) {
                    range.start = line_start + word;
                }
            }
            return range;
        }
        line_end = line_start.saturating_sub(1);
    }
}

/// Text as a `|` block: the indicator, then each line indented.
fn block_text(value: &str, indent: usize) -> String {
    let chomp = if value.ends_with('\n') { "" } else { "-" };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in value.trim_end_matches('\n').split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// How wide the officer's lines are: the longest line of the block at `range`, or of the file up
/// to 100 columns when that is wider, and at least 80 (so a short text does not make a narrow one).
fn fold_width(source: &str, range: &std::ops::Range<usize>) -> usize {
    let longest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    longest(&source[range.clone()])
        .max(longest(source).min(100))
        .max(80)
}

/// One paragraph as a `>` block, wrapped at `width` columns: `None` when folding cannot say it
/// plainly (more than one paragraph, which a `>` block would need two blank lines to keep apart;
/// a line break, as in a list; runs of spaces).
fn folded_text(value: &str, indent: usize, width: usize) -> Option<String> {
    let body = value.strip_suffix('\n').unwrap_or(value);
    if body.is_empty() || body.contains('\n') {
        return None;
    }
    let paragraphs: Vec<&str> = vec![body];
    if paragraphs.iter().any(|p| {
        p.is_empty() || p.contains('\n') || p.contains("  ") || p.trim() != *p || p.contains('\t')
    }) {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = String::from(if value.ends_with('\n') { ">" } else { ">-" });
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        for word in p.split(' ') {
            if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > width
            {
                out.push('\n');
                out.push_str(&pad);
                out.push_str(&line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push('\n');
        out.push_str(&pad);
        out.push_str(&line);
    }
    Some(out)
}

/// One-line text: as it is when YAML would read it back unchanged, otherwise in double quotes.
pub fn inline_text(value: &str) -> String {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && yaml::parse(&format!("k: {value}\n"))
            .ok()
            .and_then(|t| {
                t.get(&[Step::Key("k")])
                    .and_then(Node::text)
                    .map(str::to_string)
            })
            .is_some_and(|t| t == value);
    if plain {
        value.to_string()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path;

    const FILE: &str = "# The response, with a comment the officer wrote.\ns55: 1\ncomments:\n  overview: |\n    First paragraph.\n\n    Second paragraph.\n  answers:\n    - items: [R1]\n      position: action-taken   # kept\n      comment: >-\n        Old words\n        over two lines.\n      owner: Head of Crime\n    - items: [R2]\n      reason: old reason\nletter:\n  date: 2020-04-28\n";

    #[test]
    fn a_changed_text_replaces_only_its_own_span() {
        let out = set_text(
            FILE,
            &path!["comments", "answers", 0, "comment"],
            "New words.\n\n- a list\n- kept as a list",
        )
        .unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "      comment: >-\n        Old words\n        over two lines.\n",
                "      comment: |-\n        New words.\n\n        - a list\n        - kept as a list\n"
            )
        );
    }

    #[test]
    fn a_one_line_text_stays_on_its_line_and_is_quoted_only_when_yaml_needs_it() {
        let out = set_text(
            FILE,
            &path!["comments", "answers", 1, "reason"],
            "a plain reason",
        )
        .unwrap();
        assert_eq!(
            out,
            FILE.replace("reason: old reason", "reason: a plain reason")
        );
        let out = set_text(
            FILE,
            &path!["comments", "answers", 1, "reason"],
            "under action #3: the plan",
        )
        .unwrap();
        assert!(
            out.contains("reason: \"under action #3: the plan\"\n"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_key_is_added_at_the_end_of_its_section() {
        let out = set_text(
            FILE,
            &path!["comments", "answers", 1, "position"],
            "no-action",
        )
        .unwrap();
        assert!(
            out.contains("      reason: old reason\n      position: no-action\nletter:"),
            "{out}"
        );
    }

    #[test]
    fn comments_and_everything_else_are_kept_byte_for_byte() {
        let out = set_text(FILE, &path!["comments", "overview"], "One paragraph now.\n").unwrap();
        assert!(out.starts_with("# The response, with a comment the officer wrote.\n"));
        assert!(out.contains("position: action-taken   # kept\n"));
        assert!(out.ends_with("letter:\n  date: 2020-04-28\n"));
        assert!(
            out.contains("  overview: |\n    One paragraph now.\n  answers:"),
            "{out}"
        );
    }

    #[test]
    fn a_place_the_file_lacks_is_refused_not_invented() {
        assert!(matches!(
            set_text(FILE, &path!["comments", "answers", 5, "comment"], "x"),
            Err(EditError::NoSuchPlace(_))
        ));
        assert!(matches!(
            set_text(FILE, &path!["comments", "answers"], "x"),
            Err(EditError::NotText(_))
        ));
    }

    #[test]
    fn a_folded_text_stays_folded_and_wrapped_when_it_can() {
        let out = set_text(
            FILE,
            &path!["comments", "answers", 0, "comment"],
            "New words that run on for a while so that they need to be wrapped over more than one line of the file.",
        )
        .unwrap();
        assert!(
            out.contains("      comment: >-\n        New words that run on for a while so that they need to be wrapped over\n        more than one line of the file.\n      owner:"),
            "{out}"
        );
        // Paragraphs or a list cannot be folded plainly: they are written as a `|` block.
        for (value, written) in [
            (
                "- one\n- two",
                "      comment: |-\n        - one\n        - two\n",
            ),
            (
                "One.\n\nTwo.",
                "      comment: |-\n        One.\n\n        Two.\n",
            ),
        ] {
            let out = set_text(FILE, &path!["comments", "answers", 0, "comment"], value).unwrap();
            assert!(out.contains(written), "{out}");
        }
    }

    #[test]
    fn a_missing_section_is_added_with_its_value_under_the_one_above() {
        let file = "s55: 1\nletter:\n  date: 2020-04-20  # signed\n  copies:\n    - name: HMICFRS\nend: 1\n";
        let path = [Step::Key("letter"), Step::Key("sent"), Step::Key("hmicfrs")];
        let out = set_text_adding_section(file, &path, "2020-05-01").unwrap();
        assert_eq!(
            out,
            file.replace("end: 1", "  sent:\n    hmicfrs: 2020-05-01\nend: 1")
        );
        // Once there, the next value goes into it.
        let path = [
            Step::Key("letter"),
            Step::Key("sent"),
            Step::Key("home_secretary"),
        ];
        let again = set_text_adding_section(&out, &path, "2020-05-02").unwrap();
        assert!(
            again.contains("  sent:\n    hmicfrs: 2020-05-01\n    home_secretary: 2020-05-02\nend"),
            "{again}"
        );
        // No section above it: refused, nothing invented.
        let path = [
            Step::Key("nowhere"),
            Step::Key("sent"),
            Step::Key("hmicfrs"),
        ];
        assert!(set_text_adding_section(file, &path, "2020-05-01").is_err());
    }

    #[test]
    fn words_emptied_by_an_officer_take_their_key_away_and_words_typed_are_set() {
        let owner = path!["comments", "answers", 0, "owner"];
        let emptied = set_or_remove(FILE, &owner, "  ").unwrap();
        assert_eq!(emptied, FILE.replace("      owner: Head of Crime\n", ""));
        let typed = set_or_remove(FILE, &owner, "Head of Public Protection").unwrap();
        assert_eq!(
            typed,
            FILE.replace("owner: Head of Crime", "owner: Head of Public Protection")
        );
    }

    #[test]
    fn a_removed_key_takes_only_its_own_lines() {
        let out = remove_key(FILE, &path!["comments", "answers", 0, "comment"]).unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "      comment: >-\n        Old words\n        over two lines.\n",
                ""
            )
        );
        let out = remove_key(FILE, &path!["comments", "answers", 0, "position"]).unwrap();
        assert_eq!(
            out,
            FILE.replace("      position: action-taken   # kept\n", "")
        );
        // The only key of a section, or one that shares its line with `- `, stays.
        assert!(remove_key(FILE, &path!["letter", "date"]).is_err());
        assert!(remove_key(FILE, &path!["comments", "answers", 0, "items"]).is_err());
    }

    #[test]
    fn a_windows_file_keeps_its_crlf_line_ends() {
        let crlf = FILE.replace('\n', "\r\n");
        for value in [
            "One.\n\nTwo.",
            "A one-paragraph text long enough to be wrapped onto a second line of the file when folded.",
        ] {
            let out = set_text(&crlf, &path!["comments", "answers", 0, "comment"], value).unwrap();
            assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        }
    }

    /// Every text of a free-text key in the tree, with its path (owned).
    fn texts(node: &Node, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        match &node.value {
            Value::Section { entries, .. } => {
                for e in entries {
                    let k = e.key.text().unwrap_or("").to_string();
                    path.push(k);
                    texts(&e.value, path, out);
                    path.pop();
                }
            }
            Value::List { items, .. } => {
                for (i, n) in items.iter().enumerate() {
                    path.push(format!("#{i}"));
                    texts(n, path, out);
                    path.pop();
                }
            }
            Value::Text { text, .. } => out.push((path.clone(), text.clone())),
            Value::Alias => {}
        }
    }

    fn steps(path: &[String]) -> Vec<Step<'_>> {
        path.iter()
            .map(|p| match p.strip_prefix('#') {
                Some(i) => Step::Index(i.parse().unwrap()),
                None => Step::Key(p),
            })
            .collect()
    }

    #[test]
    fn every_text_of_the_model_response_can_be_changed_without_touching_any_other() {
        let source = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("responses/hertfordshire-model.yaml"),
        )
        .unwrap();
        let tree = yaml::parse(&source).unwrap();
        let mut all = Vec::new();
        texts(tree.root.as_ref().unwrap(), &mut Vec::new(), &mut all);
        let free = [
            "comment",
            "reason",
            "overview",
            "summary",
            "closing",
            "comments",
            "chief_officer",
            "on_chief_officer_comments",
            "text",
        ];
        let mut changed = 0;
        for (path, _) in all
            .iter()
            .filter(|(p, _)| free.contains(&p.last().unwrap().as_str()))
        {
            for value in [
                "A new line: with # and “quotes”",
                "Two\n\n- paragraphs\n- and a list",
            ] {
                let out = set_text(&source, &steps(path), value)
                    .unwrap_or_else(|e| panic!("{path:?}: {e}"));
                let mut after = Vec::new();
                texts(
                    yaml::parse(&out).unwrap().root.as_ref().unwrap(),
                    &mut Vec::new(),
                    &mut after,
                );
                assert_eq!(after.len(), all.len(), "{path:?}");
                for ((p, old), (q, new)) in all.iter().zip(&after) {
                    assert_eq!(p, q);
                    if p == path {
                        assert_eq!(new, value);
                    } else {
                        assert_eq!(new, old, "changing {path:?} changed {p:?}");
                    }
                }
                changed += 1;
            }
        }
        assert!(changed > 20, "{changed}");
    }
}

/// The file without the key at `path` (a text, such as an answer's `owner`, that an officer has
/// emptied in a form or in Word: an empty text is not an answer, so the key goes, as `check`
/// asks): the lines the key and its value take are removed, and everything else is
/// kept byte for byte, comments on other lines included. A key that is not there leaves the file as
/// it is. A key that shares its line with something else (the first key of a list entry, `- owner:
/// …`, or a `{ … }` section) is refused rather than rewritten.
pub fn remove_key(source: &str, path: &[Step]) -> Result<String, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let Some(root) = &tree.root else {
        return Ok(source.to_string());
    };
    let Some((Step::Key(key), parent_path)) = path.split_last() else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    let Some(parent) = root.get(parent_path) else {
        return Ok(source.to_string());
    };
    let Value::Section { entries, flow, .. } = &parent.value else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    let Some(entry) = parent.entry(key) else {
        return Ok(source.to_string());
    };
    if *flow {
        return Err(EditError::WouldChange(describe(path)));
    }
    let start = source[..entry.key.bytes.start]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    if !source[start..entry.key.bytes.start].trim().is_empty() {
        return Err(EditError::WouldChange(describe(path)));
    }
    let end = match &entry.value.value {
        Value::Text { style, .. } => span_of(source, &entry.value, style).end,
        _ => entry.value.bytes.end,
    }
    .max(entry.key.bytes.end);
    let end = source[end..]
        .find('\n')
        .map_or(source.len(), |i| end + i + 1);
    let edited = format!("{}{}", &source[..start], &source[end..]);
    // Read it back: the key gone, its neighbours still there.
    let check = yaml::parse(&edited).map_err(|_| EditError::WouldChange(describe(path)))?;
    // The section must still be a section (removing its only key would leave it empty, which
    // reads as nothing at all), with one entry fewer.
    let left = check.get(parent_path).and_then(|p| match &p.value {
        Value::Section { entries, .. } => Some(entries.len()),
        _ => None,
    });
    let gone = check.get(path).is_none();
    if gone && left.is_some_and(|n| n + 1 == entries.len()) {
        Ok(edited)
    } else {
        Err(EditError::WouldChange(describe(path)))
    }
}

#[cfg(test)]
mod remove_key_tests {
    use super::*;
    use crate::path;

    const FILE: &str = "s55: 1\ncomments:\n  answers:\n    - items: [R1]\n      # who leads\n      owner: Head of Crime   # for now\n      comment: |\n        Two\n\n        paragraphs.\n      due: 2020-08-31\n";

    #[test]
    fn an_emptied_owner_is_removed_with_its_line_only() {
        let out = remove_key(FILE, &path!["comments", "answers", 0, "owner"]).unwrap();
        assert_eq!(
            out,
            FILE.replace("      owner: Head of Crime   # for now\n", "")
        );
    }

    #[test]
    fn a_block_of_text_is_removed_to_its_last_line() {
        let out = remove_key(FILE, &path!["comments", "answers", 0, "comment"]).unwrap();
        assert_eq!(
            out,
            FILE.replace("      comment: |\n        Two\n\n        paragraphs.\n", "")
        );
    }

    #[test]
    fn a_key_that_is_not_there_leaves_the_file_as_it_was() {
        let out = remove_key(FILE, &path!["comments", "answers", 0, "reason"]).unwrap();
        assert_eq!(out, FILE);
    }

    #[test]
    fn a_key_sharing_its_line_with_a_list_dash_is_refused() {
        assert!(matches!(
            remove_key(FILE, &path!["comments", "answers", 0, "items"]),
            Err(EditError::WouldChange(_))
        ));
    }
}

/// The file with a new entry at the end of the list at `path`, written `- ` and then `first_line`
/// (YAML as it should appear, such as `items: ["R2"]`), in line with the entries before it: the
/// workspace starts an answer to a recommendation that has none this way. Everything else is kept
/// byte for byte. A list written on one line (`[a, b]`), an empty list, or a line that would not
/// read back as one new entry is refused.
pub fn add_list_entry(source: &str, path: &[Step], first_line: &str) -> Result<String, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let list = tree
        .get(path)
        .ok_or_else(|| EditError::NoSuchPlace(describe(path)))?;
    let Value::List { items, flow, .. } = &list.value else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    let Some(first) = items.first() else {
        return Err(EditError::NoSuchPlace(describe(path)));
    };
    if *flow || first_line.contains('\n') {
        return Err(EditError::WouldChange(describe(path)));
    }
    // The column of the `-` of the first entry.
    let line_start = source[..first.bytes.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &source[line_start..first.bytes.start];
    let dash = before.trim_end();
    if !dash.ends_with('-') || !dash[..dash.len() - 1].chars().all(|c| c == ' ') {
        return Err(EditError::WouldChange(describe(path)));
    }
    let dash_column = dash.len() - 1;
    // The list runs on while lines are blank, comments, indented past the dash, or new `- ` entries.
    let mut end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i + 1);
    let mut at = end;
    while at < source.len() {
        let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i + 1);
        let line = source[at..line_end].trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        // A comment goes with what follows it: it is passed over, not taken into the list.
        let blank =
            line.trim().is_empty() || (indent >= dash_column && line.trim_start().starts_with('#'));
        let within = indent > dash_column
            || (indent == dash_column
                && (line[indent..].starts_with("- ") || line[indent..] == *"-"));
        if !blank && !within {
            break;
        }
        if !blank {
            end = line_end;
        }
        at = line_end;
    }
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut entry = format!("{}- {first_line}{newline}", " ".repeat(dash_column));
    let mut out = String::with_capacity(source.len() + entry.len() + 1);
    out.push_str(&source[..end]);
    if !out.is_empty() && !out.ends_with('\n') {
        entry.insert_str(0, newline);
    }
    out.push_str(&entry);
    out.push_str(&source[end..]);
    // Read it back: one more entry, at the end, and the entries before it as they were.
    let check = yaml::parse(&out).map_err(|_| EditError::WouldChange(describe(path)))?;
    match check.get(path).map(|n| &n.value) {
        Some(Value::List { items: after, .. })
            if after.len() == items.len() + 1
                && after
                    .iter()
                    .zip(items)
                    .all(|(a, b)| words_of(a) == words_of(b)) =>
        {
            Ok(out)
        }
        _ => Err(EditError::WouldChange(describe(path))),
    }
}

/// As [`add_list_entry`], and when the list is not there yet but its section is (`copies:` under
/// `letter:`), the list is added as the section's last key with this one entry.
pub fn add_list_entry_or_list(
    source: &str,
    path: &[Step],
    first_line: &str,
) -> Result<String, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let (Some(root), Some((Step::Key(key), above))) = (&tree.root, path.split_last()) else {
        return add_list_entry(source, path, first_line);
    };
    if root.get(path).is_some() || first_line.contains('\n') {
        return add_list_entry(source, path, first_line);
    }
    let section = root
        .get(above)
        .ok_or_else(|| EditError::NoSuchPlace(describe(above)))?;
    let out = insert_key_lines(source, section, path, |column| {
        format!("{key}:\n{}- {first_line}", " ".repeat(column + 2))
    })?;
    let check = yaml::parse(&out).map_err(|_| EditError::WouldChange(describe(path)))?;
    match check.get(path).map(|n| &n.value) {
        Some(Value::List { items, .. }) if items.len() == 1 => Ok(out),
        _ => Err(EditError::WouldChange(describe(path))),
    }
}

/// Every key and text under a node, in order: what it says, whatever its place in the file.
fn words_of(node: &Node) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Section { entries, .. } => {
                for e in entries.iter().rev() {
                    stack.push(&e.value);
                    stack.push(&e.key);
                }
            }
            Value::List { items, .. } => stack.extend(items.iter().rev()),
            Value::Text { text, .. } => out.push(text.as_str()),
            Value::Alias => out.push("*"),
        }
    }
    out
}

#[cfg(test)]
mod add_list_entry_tests {
    use super::*;
    use crate::path;

    const FILE: &str = "s55: 1\ncomments:\n  answers:\n    - items: [R1]\n      comment: |\n        Done.\n\n    # R3 is next\n    - items: [R3]\n      owner: Head of Crime\n\n  closing: Thanks.\nletter: {}\n";

    #[test]
    fn a_new_answer_goes_after_the_last_one_in_line_with_it() {
        let out = add_list_entry(FILE, &path!["comments", "answers"], "items: [\"R2\"]").unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "      owner: Head of Crime\n",
                "      owner: Head of Crime\n    - items: [\"R2\"]\n"
            )
        );
        let tree = yaml::parse(&out).unwrap();
        assert_eq!(
            tree.get(&path!["comments", "answers", 2, "items", 0])
                .and_then(Node::text),
            Some("R2")
        );
    }

    #[test]
    fn a_list_at_the_end_of_the_file_without_a_last_line_break_is_extended() {
        let file = "comments:\n  answers:\n  - items: [R1]";
        let out = add_list_entry(file, &path!["comments", "answers"], "items: [R2]").unwrap();
        assert_eq!(
            out,
            "comments:\n  answers:\n  - items: [R1]\n  - items: [R2]\n"
        );
    }

    #[test]
    fn a_missing_list_is_added_with_its_first_entry() {
        let file = "letter:\n  to:\n    - name: HMICFRS\n  subject: S\nend: 1\n";
        let copies = [Step::Key("letter"), Step::Key("copies")];
        let out =
            add_list_entry_or_list(file, &copies, "name: \"Police and Crime Panel\"").unwrap();
        assert_eq!(
            out,
            file.replace(
                "end: 1",
                "  copies:\n    - name: \"Police and Crime Panel\"\nend: 1"
            )
        );
        let to = [Step::Key("letter"), Step::Key("to")];
        let out = add_list_entry_or_list(file, &to, "name: \"Home Secretary\"").unwrap();
        assert_eq!(
            out,
            file.replace("HMICFRS\n", "HMICFRS\n    - name: \"Home Secretary\"\n")
        );
    }

    #[test]
    fn a_list_on_one_line_or_an_empty_one_is_refused() {
        assert!(add_list_entry("a: [x, y]\n", &path!["a"], "b: c").is_err());
        assert!(add_list_entry("a: []\n", &path!["a"], "b: c").is_err());
        assert!(add_list_entry("a: 1\n", &path!["a"], "b: c").is_err());
    }
}
