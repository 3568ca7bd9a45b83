//! Syntax errors in plain English. The parser's own wording ("mapping values are not allowed in this
//! context") never reaches an officer: each kind of error the parser reports is translated here, with
//! a look at the line itself for the usual causes (a character pasted from Word or Outlook, a missing
//! colon, text not indented), and anything not in the table gets a plain general message.

use super::format::invisible;
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::{Pos, SyntaxError};
use granit_parser::ErrorKind as K;
use std::path::Path;

/// A plain-English diagnostic for a syntax error in `source`.
pub fn explain(
    file: &Path,
    source: &str,
    err: &SyntaxError,
    schema: &serde_json::Value,
) -> Diagnostic {
    let lines: Vec<&str> = source.lines().collect();
    let line_at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let at = |pos: Pos, width: usize| Location::in_source(source, pos.line, pos.column, width);

    // The line the parser stopped on, and the one before it that has something on it: the mistake is
    // usually on one of them.
    let mut suspects = vec![err.at.line];
    if let Some(prev) = (1..err.at.line)
        .rev()
        .find(|&n| !line_at(n).trim().is_empty() && !line_at(n).trim_start().starts_with('#'))
    {
        suspects.push(prev);
    }

    // Characters pasted from Word or Outlook that YAML does not treat as spaces or quotes.
    for &n in &suspects {
        let line = line_at(n);
        if let Some((col, c)) = line
            .chars()
            .enumerate()
            .find(|(_, c)| invisible(*c).is_some())
        {
            let before: String = line.chars().take(col).collect();
            let key = before.trim().trim_start_matches("- ");
            let after = if key.is_empty() {
                "at the start of the line".to_string()
            } else {
                format!("after `{key}`")
            };
            let what = invisible(c).unwrap_or("an invisible character");
            return Diagnostic::at(
                file,
                at(Pos { line: n, column: col + 1 }, 1),
                format!("there is {what} {after}, which YAML does not count as a space"),
            )
            .with_hint(format!(
                "delete the space {after} and type an ordinary space with the space bar (this often happens when text is pasted from Outlook or Word)"
            ));
        }
        if let Some((col, q)) = line
            .chars()
            .enumerate()
            .find(|(_, c)| matches!(c, '“' | '”' | '‘' | '’'))
        {
            let rest: String = line.chars().skip(col).collect();
            let before: String = line.chars().take(col).collect();
            let starts_value = before.trim_end().ends_with(':') || before.trim().is_empty();
            if starts_value || err.kind == K::MappingValueNotAllowed {
                let straight = if matches!(q, '“' | '”') {
                    '"'
                } else {
                    '\''
                };
                return Diagnostic::at(
                    file,
                    at(Pos { line: n, column: col + 1 }, 1),
                    format!(
                        "this text is in Word’s curly quote marks ({q}), which YAML does not treat as quote marks, and the text has a colon in it"
                    ),
                )
                .with_hint(format!(
                    "type straight quote marks ({straight}) at both ends of the text instead: {straight}{}{straight}",
                    rest.trim_matches(['“', '”', '‘', '’', ' '])
                ));
            }
        }
    }

    for &n in &suspects {
        let line = line_at(n);
        let t = line.trim_start();
        let col = line[..line.len() - t.len()].chars().count() + 1;
        if let Some(marker) = t
            .chars()
            .next()
            .filter(|c| matches!(c, '–' | '—' | '•' | '·' | '▪' | '●'))
        {
            if t.chars().nth(1).is_some_and(char::is_whitespace) {
                let what = match marker {
                    '–' => "an en dash (–)",
                    '—' => "an em dash (—)",
                    _ => "a bullet",
                };
                return Diagnostic::at(file, at(Pos { line: n, column: col }, 1), format!("this list entry starts with {what} from Word; YAML lists start with an ordinary hyphen (-)"))
                    .with_hint("replace it with a hyphen and a space: `- `, typed on the keyboard");
            }
        }
        let value = t
            .split_once(": ")
            .map(|(_, v)| v.trim_start())
            .unwrap_or("");
        if (value.starts_with('[') && value.matches('[').count() > value.matches(']').count())
            || (value.starts_with('{') && value.matches('{').count() > value.matches('}').count())
        {
            let close = if value.starts_with('[') { ']' } else { '}' };
            let width = value.chars().count();
            return Diagnostic::at(
                file,
                at(
                    Pos {
                        line: n,
                        column: line.chars().count() - width + 1,
                    },
                    width,
                ),
                format!(
                    "this list is opened with {} but not closed with {close} on the same line",
                    &value[..1]
                ),
            )
            .with_hint(format!(
                "end the line with {close}, for example `items: [R1, R2]`"
            ));
        }
        if t.starts_with('-')
            && t.chars().nth(1).is_some_and(|c| c.is_ascii_alphabetic())
            && t.contains(':')
        {
            return Diagnostic::at(
                file,
                at(
                    Pos {
                        line: n,
                        column: col,
                    },
                    1,
                ),
                "the hyphen that starts this list entry has no space after it",
            )
            .with_hint(format!("type a space after the hyphen: `- {}`", &t[1..]));
        }
    }

    let indentation_kind = matches!(
        err.kind,
        K::MappingValueNotAllowed
            | K::SimpleKeyExpected
            | K::ExpectedBlockMappingKey
            | K::UnexpectedEofBlockMapping
            | K::InvalidSimpleKey
            | K::ExpectedBlockSequenceEntry
            | K::UnexpectedEofBlockSequence
            | K::InvalidIndentation
            | K::BlockSequenceEntryNotAllowed
    );
    if indentation_kind {
        if let Some((pos, message, hint)) = misaligned_key(&lines, err.at.line, schema) {
            let w = line_at(pos.line)
                .trim()
                .split(':')
                .next()
                .unwrap_or("")
                .chars()
                .count()
                .max(1);
            return Diagnostic::at(file, at(pos, w), message).with_hint(hint);
        }
    }

    let here = err.at;
    let line = line_at(here.line);
    let start_of_line = Pos {
        line: here.line,
        column: line.chars().take_while(|c| *c == ' ').count() + 1,
    };
    let (pos, message, hint): (Pos, String, String) = match &err.kind {
        K::TabInIndentation | K::TabNotAllowed | K::TabInBlockIndentation | K::TabAtBlockScalarStart | K::TabInPlainScalar => {
            let n = suspects
                .iter()
                .copied()
                .find(|&n| line_at(n).contains('\t'))
                .unwrap_or(here.line);
            (
                Pos { line: n, column: line_at(n).find('\t').map(|i| line_at(n)[..i].chars().count() + 1).unwrap_or(1) },
                "this line is indented with a tab; YAML needs spaces".to_string(),
                "replace the tab with spaces, lining the key up with the keys above it".to_string(),
            )
        }
        K::MappingValueNotAllowed | K::InvalidColonPlacement | K::InvalidMappingValueWhitespace => {
            let colon = line
                .char_indices()
                .skip_while(|(_, c)| *c != ':')
                .skip(1)
                .find(|(i, c)| *c == ':' && (line[i + 1..].starts_with([' ', '\t']) || line[i + 1..].is_empty()))
                .map(|(i, _)| line[..i].chars().count() + 1);
            match colon {
                Some(col) => {
                    let key = line.split(':').next().unwrap_or("").trim().trim_start_matches("- ");
                    let value = line.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
                    (
                        Pos { line: here.line, column: col },
                        format!("the text after `{key}:` has a colon followed by a space in it, which YAML reads as the start of another key"),
                        format!("put the text in double quotes: `{key}: \"{}\"`, or write it as a `|` block", value.replace('"', "\\\"")),
                    )
                }
                None => (
                    start_of_line,
                    "this line is not lined up with the lines around it, so its `key:` is in the wrong place".to_string(),
                    indent_hint(&lines, here.line),
                ),
            }
        }
        K::SimpleKeyExpected | K::ExpectedBlockMappingKey | K::UnexpectedEofBlockMapping | K::InvalidSimpleKey => {
            missing_colon_or_indent(&lines, &suspects, start_of_line, schema)
        }
        K::ExpectedBlockSequenceEntry | K::UnexpectedEofBlockSequence | K::InvalidIndentation | K::BlockSequenceEntryNotAllowed => {
            (
                start_of_line,
                "this line is not lined up with the lines above it".to_string(),
                indent_hint(&lines, here.line),
            )
        }
        K::UnclosedQuotedScalar
        | K::InvalidQuotedScalarIndent
        | K::DocumentIndicatorInQuotedScalar
        | K::InvalidTrailingSingleQuotedScalar
        | K::InvalidTrailingDoubleQuotedScalar => match unclosed_opener(&lines, here.line) {
            Some((n, col, q)) if n < here.line => (
                Pos { line: n, column: col },
                format!("the text on line {n} starts with a quotation mark ({q}) that is not closed on that line, so YAML reads on to the next {q}, on line {}", here.line),
                format!("end the text with {q} on line {n}, or leave out the opening {q}; text that runs over several lines is best written as a `|` block"),
            ),
            Some((n, col, q)) => (
                Pos { line: n, column: col },
                format!("the text starts with a quotation mark ({q}) that is never closed"),
                format!("end the text with {q}, or leave out the opening {q}"),
            ),
            None if matches!(err.kind, K::InvalidTrailingSingleQuotedScalar | K::InvalidTrailingDoubleQuotedScalar) => {
                let key = line.split(':').next().unwrap_or("").trim().trim_start_matches("- ");
                let value = line.split_once(": ").map(|(_, v)| v.trim()).unwrap_or("");
                let single = err.kind == K::InvalidTrailingSingleQuotedScalar;
                let starts_quoted_word = value.chars().filter(|c| *c == if single { '\'' } else { '"' }).count() == 2
                    && !value.ends_with(['"', '\'']);
                if starts_quoted_word {
                    (
                        here,
                        "this text starts with a word in quotation marks, so YAML takes just that word as the text and cannot read the rest".to_string(),
                        format!("write it as a `|` block (`{key}: |` with the text on the next line, indented), or use Word’s curly quotes “…” for the quoted word"),
                    )
                } else if single {
                    (
                        here,
                        "an apostrophe inside text in single quotes ends the text early".to_string(),
                        format!("write the apostrophe twice ('') inside single quotes, or put the text in double quotes: `{key}: \"{}\"`", value.trim_matches('\'').replace('"', "\\\"")),
                    )
                } else {
                    (
                        here,
                        "a quotation mark inside text in double quotes ends the text early".to_string(),
                        "use Word’s curly quotes “…” or single quotes inside the text, or write a backslash before each inner quotation mark (\\\"), or write it as a `|` block".to_string(),
                    )
                }
            }
            None => (
                Pos { line: here.line, column: 1 },
                "a quotation mark opened near here is never closed".to_string(),
                "end the text with the same quote mark it starts with, or write it as a `|` block".to_string(),
            ),
        },
        K::UnknownQuotedScalarEscape | K::InvalidQuotedScalarHexEscape | K::InvalidUnicodeEscape => (
            here,
            "a backslash (\\) inside double quotes starts a special code, and this one is not valid".to_string(),
            "write the text in single quotes instead, or as a `|` block, where a backslash is just a backslash".to_string(),
        ),
        K::UnknownAnchor | K::MissingAnchorOrAliasName | K::UnexpectedCharacter { .. } | K::ExpectedNodeContent | K::PlainScalarStartsWithDashFlowIndicator => {
            let c = line.chars().nth(here.column.saturating_sub(1)).unwrap_or(' ');
            let symbol = if matches!(c, '*' | '&' | '@' | '`' | '%' | '!' | '|' | '>' | '{' | '[' | ']' | '}') {
                c
            } else {
                line.split_once(": ").map(|(_, v)| v.trim_start().chars().next().unwrap_or(c)).unwrap_or(c)
            };
            let key = line.split(':').next().unwrap_or("").trim().trim_start_matches("- ");
            let value = line.split_once(':').map(|(_, v)| v.trim()).unwrap_or("");
            (
                here,
                format!("a text cannot start with `{symbol}` unless it is in quotes: YAML gives that symbol a meaning of its own"),
                format!("put the text in double quotes: `{key}: \"{}\"`", value.replace('"', "\\\"")),
            )
        }
        K::MisplacedFlowCollectionEnd | K::MismatchedFlowCollectionEnd { .. } | K::UnclosedFlowCollection { .. } | K::UnexpectedEofFlowSequence | K::UnexpectedEofFlowMapping | K::ExpectedFlowSequenceSeparator | K::ExpectedFlowMappingSeparator => (
            here,
            "a list in square brackets (or a section in curly brackets) is not closed properly".to_string(),
            "check that every `[` has a matching `]` on the same line and the entries are separated by commas, for example `items: [R1, R2]`".to_string(),
        ),
        K::InvalidBlockScalarHeader | K::InvalidBlockScalarIndent | K::ZeroBlockScalarIndent => (
            here,
            "the line that starts a `|` or `>` block has something after the bar".to_string(),
            "put nothing after `|` on its line (a `-` is allowed); start the text on the next line, indented".to_string(),
        ),
        K::MultipleDocumentsUnsupported | K::ExpectedDocumentStart | K::InvalidDocumentEnd => (
            here,
            "the file has a line of `---` or `...` in it, which YAML reads as the start of a second file".to_string(),
            "remove that line; to draw a line in the letter, use a `|` block with the dashes indented".to_string(),
        ),
        K::RecursionLimitExceeded => (
            here,
            "the file is nested too deeply to read".to_string(),
            "a response file needs at most six levels of indentation; check the indentation of the lines here".to_string(),
        ),
        _ => (
            start_of_line,
            "s55 cannot read this part of the file as `key: value` lines".to_string(),
            "check this line and the one above it: each key needs a colon and a space after it, lines in one section line up, text with `: ` or `#` in it goes in quotes or a `|` block".to_string(),
        ),
    };
    let w = line_at(pos.line)
        .chars()
        .skip(pos.column.saturating_sub(1))
        .take_while(|c| *c != ':')
        .count()
        .clamp(1, 60);
    Diagnostic::at(file, at(pos, w), message).with_hint(hint)
}

/// A `key:` line: its indentation, the column its key starts at (after any `- `) and the key.
fn key_line(line: &str) -> Option<(usize, usize, &str)> {
    let t = line.trim_start_matches(' ');
    if t.starts_with('#') {
        return None;
    }
    let indent = line.len() - t.len();
    let (col, body) = match t.strip_prefix("- ") {
        Some(rest) => (indent + 2, rest),
        None => (indent, t),
    };
    let (key, after) = body.split_once(':')?;
    (is_key(key) && (after.is_empty() || after.starts_with(' '))).then_some((indent, col, key))
}

/// The key line near a syntax error that is out of line with its neighbours, with where the format
/// says it belongs: "`invited` belongs to `chief_officer`: indent it 2 spaces".
fn misaligned_key(
    lines: &[&str],
    error_line: usize,
    schema: &serde_json::Value,
) -> Option<(Pos, String, String)> {
    let line_at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let keyed: Vec<usize> = (1..=lines.len())
        .filter(|&n| key_line(line_at(n)).is_some())
        .collect();
    let near: Vec<usize> = keyed
        .iter()
        .copied()
        .filter(|&n| n <= error_line)
        .rev()
        .take(4)
        .collect();
    let column_of = |n: usize| key_line(line_at(n)).map(|k| k.1);
    // Lines whose key column differs from the key lines either side of them come first.
    let odd = |n: usize| {
        let i = keyed.iter().position(|&k| k == n).unwrap_or(0);
        let before = i
            .checked_sub(1)
            .and_then(|j| keyed.get(j))
            .and_then(|&m| column_of(m));
        let after = keyed.get(i + 1).and_then(|&m| column_of(m));
        let own = column_of(n);
        before != own && after != own
    };
    // The first line out of line is the one to fix: lines after it may only look wrong because of it.
    let mut order: Vec<usize> = near.iter().copied().filter(|&n| odd(n)).collect();
    order.sort_unstable();
    order.extend(near.iter().copied().filter(|&n| !odd(n)));
    for n in order {
        let (_, col, key) = key_line(line_at(n))?;
        let known = super::format::keys_under(schema, "comments")
            .iter()
            .any(|k| k == key)
            || super::format::siblings(schema, key, key);
        if !known {
            continue;
        }
        // The nearest key line above that the format relates to this key.
        for m in (1..n).rev().filter(|m| keyed.contains(m)).take(40) {
            let (_, pcol, parent) = key_line(line_at(m))?;
            let here = Pos {
                line: n,
                column: line_at(n).len() - line_at(n).trim_start().len() + 1,
            };
            if super::format::siblings(schema, key, parent) && parent != key {
                if pcol != col {
                    return Some((
                        here,
                        format!(
                            "`{key}` is not lined up with `{parent}` on line {m}, the key before it in the same section"
                        ),
                        format!(
                            "indent `{key}` {pcol} spaces from the left, the same as `{parent}`"
                        ),
                    ));
                }
                break;
            }
            if super::format::keys_under(schema, parent)
                .iter()
                .any(|k| k == key)
            {
                let child = (m + 1..n).filter(|c| keyed.contains(c)).find_map(|c| {
                    key_line(line_at(c))
                        .filter(|k| k.1 > pcol)
                        .map(|k| (k.1, k.2.to_string()))
                });
                let (expected, beside) = child.unwrap_or((pcol + 2, String::new()));
                if expected != col {
                    let with = if beside.is_empty() {
                        String::new()
                    } else {
                        format!(" to line up with `{beside}`")
                    };
                    return Some((
                        here,
                        format!(
                            "`{key}` belongs to `{parent}` (line {m}), but it is not indented under it"
                        ),
                        format!("indent `{key}` {expected} spaces from the left{with}"),
                    ));
                }
                break;
            }
        }
    }
    None
}

/// The line (from `upto` back) where a quoted text opens and is not closed on the same line: the
/// line, the column of the quote and the quote mark.
fn unclosed_opener(lines: &[&str], upto: usize) -> Option<(usize, usize, char)> {
    let from = upto.min(lines.len());
    for n in (from.saturating_sub(60).max(1)..=from).rev() {
        let line = lines[n - 1];
        let t = line.trim_start();
        if t.starts_with('#') {
            continue;
        }
        let value_at = match line.find(": ") {
            Some(i) => i + 2,
            None if t.starts_with("- ") => line.len() - t.len() + 2,
            None => continue,
        };
        let value = line[value_at..].trim_start();
        let q = match value.chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => continue,
        };
        let open_at = line.len() - value.len();
        let rest = &value[1..];
        let closed = match q {
            '"' => {
                let mut escaped = false;
                rest.chars().any(|c| {
                    let end = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    end
                })
            }
            _ => rest.replace("''", "").contains('\''),
        };
        if !closed {
            return Some((n, line[..open_at].chars().count() + 1, q));
        }
    }
    None
}

/// A missing colon, a missing space after a colon, or text pasted at the left edge under a block.
fn missing_colon_or_indent(
    lines: &[&str],
    suspects: &[usize],
    fallback: Pos,
    schema: &serde_json::Value,
) -> (Pos, String, String) {
    let line_at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    for &n in suspects {
        let line = line_at(n);
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = line.len() - t.len();
        let col = Pos {
            line: n,
            column: line[..indent].chars().count() + 1,
        };
        let body = t.trim_start_matches("- ");
        // `owner:Chief Supt`: no space after the colon.
        if let Some((key, value)) = body.split_once(':') {
            if !value.is_empty() && !value.starts_with([' ', '\t']) && is_key(key) {
                return (
                    col,
                    format!("there is no space after the colon in `{key}:{value}`"),
                    format!("type a space after the colon: `{key}: {value}`"),
                );
            }
        }
        // `owner Chief Supt` where `owner:` was meant.
        if !body.contains(':') {
            let first = body.split_whitespace().next().unwrap_or("");
            // A word the format knows as a key (`owner`, `reason`), not just any word.
            let known = is_key(first) && super::format::siblings(schema, first, first);
            // A line of prose at the left edge just under a block of indented text: pasted text.
            let under_block = indent == 0
                && (1..n)
                    .rev()
                    .map(line_at)
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| l.starts_with(' '));
            if under_block && !known {
                return (
                    col,
                    "this line of text starts at the left edge, so YAML does not count it as part of the text above it".to_string(),
                    "indent this line (and any others pasted with it) as far as the first line of the text above".to_string(),
                );
            }
            if known && body.split_whitespace().count() > 1 {
                let rest = body[first.len()..].trim();
                return (
                    col,
                    format!("`{first}` has no colon after it"),
                    format!("write `{first}: {rest}`"),
                );
            }
            return (
                col,
                "this line has no `key:` at its start, so YAML cannot tell what it belongs to".to_string(),
                "if it continues the text above, indent it as far as that text; if it is a new key, add the colon: `key: value`".to_string(),
            );
        }
    }
    (
        fallback,
        "this line is not lined up with the lines above it".to_string(),
        indent_hint(lines, fallback.line),
    )
}

fn is_key(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A hint naming how far the keys above are indented.
fn indent_hint(lines: &[&str], n: usize) -> String {
    let here = lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let own = here.len() - here.trim_start().len();
    let mut nearby: Vec<usize> = lines[..n.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .take(6)
        .map(|l| {
            let t = l.trim_start();
            let base = l.len() - t.len();
            if t.starts_with("- ") { base + 2 } else { base }
        })
        .collect();
    nearby.sort_unstable();
    nearby.dedup();
    let options: Vec<String> = nearby
        .iter()
        .filter(|&&w| w != own)
        .map(|w| w.to_string())
        .collect();
    if options.is_empty() {
        "line the key up with the keys above it that belong to the same section (count the spaces)"
            .to_string()
    } else {
        format!(
            "this line starts after {own} spaces; the lines above start after {}: line it up with the keys of the section it belongs to",
            options.join(" or ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message for a file, through the same steps as `load`.
    fn message_for(source: &str) -> String {
        let schema = crate::schema::response_schema();
        let err = crate::yaml::parse(source).expect_err("this text is not valid YAML");
        let d = explain(Path::new("r.yaml"), source, &err, &schema);
        format!("{} | {}", d.message, d.hint.unwrap_or_default())
    }

    /// Every row of the translation, on the mistake it is for: each gives s55's own words.
    #[test]
    fn every_kind_of_syntax_error_gets_plain_words() {
        let rows: &[(&str, &str)] = &[
            (
                "a:\n  owner:\u{a0}Chief Supt\n  b: c\n",
                "non-breaking space (U+00A0)",
            ),
            ("a:\n  summary: “R2: vetting”\n", "curly quote marks"),
            ("a:\n  b: c\n\td: e\n", "indented with a tab"),
            (
                "a:\n  summary: Recommendation 2: vetting\n",
                "colon followed by a space",
            ),
            (
                "a:\n  b: c\n  owner Chief Supt\n  d: e\n",
                "has no colon after it",
            ),
            (
                "a:\n  b: c\n  owner:Chief Supt\n  d: e\n",
                "no space after the colon",
            ),
            (
                "a:\n  comment: |\n    one\ntwo pasted at the edge\nb: c\n",
                "starts at the left edge",
            ),
            (
                "chief_officer:\n  title: Chief Constable\n  force: X\ninvited: 2025-01-16\n  reply_by: 2025-02-14\n",
                "is not lined up with `force`",
            ),
            ("a:\n  title: \"Unclosed\n  b: c\n", "never closed"),
            (
                "a:\n  reason: \"Under \"Operation K\" now\"\n",
                "double quotes ends the text early",
            ),
            (
                "a:\n  summary: 'The force's vetting'\n",
                "apostrophe inside text in single quotes",
            ),
            (
                "a:\n  comment: \"Complete\" – audited\n",
                "starts with a word in quotation marks",
            ),
            ("a:\n  b: \"a \\q b\"\n", "backslash"),
            ("a:\n  owner: *Chief\n", "cannot start with `*`"),
            ("a:\n  contact: @NorthshirePCC\n", "cannot start with `@`"),
            ("a:\n  items: [R1, R2\n  b: c\n", "not closed with ]"),
            ("a:\n  items: [R1, R2]]\n  b: c\n", "square brackets"),
            ("a:\n  comment: | x\n    text\n", "after the bar"),
            ("a: b\n---\nc: d\n", "second file"),
            (
                "letter:\n  to:\n  – name: HMICFRS\n    role: x\n",
                "en dash (–)",
            ),
            (
                "letter:\n  to:\n  -name: HMICFRS\n    role: x\n",
                "hyphen that starts this list entry has no space",
            ),
        ];
        for (source, expected) in rows {
            let message = message_for(source);
            assert!(
                message.contains(expected),
                "for {source:?} expected “{expected}”, got: {message}"
            );
        }
    }

    #[test]
    fn an_error_outside_the_table_still_gets_plain_words() {
        // Whatever the parser says, the officer sees s55's words, never the parser's.
        let message = message_for("a: b\n  c: d\n");
        for raw in [
            "mapping values",
            "simple key",
            "while parsing",
            "did not find expected",
        ] {
            assert!(!message.contains(raw), "{message}");
        }
        assert!(!message.is_empty());
    }
}
