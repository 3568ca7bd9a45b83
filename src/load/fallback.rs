//! The last line of defence: when the typed reading of a file fails on something the format check
//! did not catch, the serde error becomes a located plain-English diagnostic.

use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::model::FORMAT_VERSION;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses YAML into `T`, turning any failure into a located plain-English diagnostic.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(source).map_err(|err| explain(path, source, &err))
}

pub fn explain(path: &Path, source: &str, err: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let inner = err.without_snippet();
    let (line, column) = inner
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    let place = |width: usize| Location::in_source(source, line, column, width);
    let section = section_at(source, line, column);
    let within = if section.is_empty() {
        "at the top of the file".to_string()
    } else {
        format!("in `{section}`")
    };

    match inner {
        E::SerdeUnknownField { field, expected, .. } => {
            let allowed = expected.join(", ");
            let hint = match did_you_mean(field, expected) {
                Some(s) => format!("did you mean `{s}`? The keys allowed here are: {allowed}"),
                None => format!("the keys allowed here are: {allowed}"),
            };
            Diagnostic::at(path, place(field.chars().count()), format!("unknown key `{field}` {within}"))
                .with_hint(hint)
        }
        E::SerdeMissingField { field, .. } => {
            let (line, column) = section_line(source, line, column);
            let place = |width: usize| Location::in_source(source, line, column, width);
            let hint = match *field {
                "published" => "add `published: YYYY-MM-DD`, the day HMICFRS published the report; the 56 days run from it".to_string(),
                "s55" => format!("add `s55: {FORMAT_VERSION}` as the first line, to say which version of the file format this is"),
                "items" => "add `items: [R1]` listing the ids of the recommendations this answer covers".to_string(),
                f => format!("add `{f}:` {within}"),
            };
            let width = source.lines().nth(line - 1).map(|l| l.trim().trim_end_matches(':').chars().count()).unwrap_or(1);
            let from = if section.is_empty() { "from the top of the file".to_string() } else { format!("from `{section}`") };
            Diagnostic::at(path, place(width), format!("`{field}` is missing {from}")).with_hint(hint)
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            let allowed = expected.join(", ");
            let hint = match did_you_mean(variant, expected) {
                Some(s) => format!("did you mean `{s}`? Write one of: {allowed}"),
                None => format!("write one of: {allowed}"),
            };
            Diagnostic::at(path, place(variant.chars().count()), format!("`{variant}` is not an allowed value {within}"))
                .with_hint(hint)
        }
        E::SerdeInvalidType { unexpected, expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found {}", plain_type(expected), plain_type(unexpected)))
                .with_hint(type_hint(expected))
        }
        E::SerdeInvalidValue { unexpected, expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found {}", plain_type(expected), plain_type(unexpected)))
                .with_hint(type_hint(expected))
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            Diagnostic::at(path, place(key.chars().count()), format!("`{key}` is written twice {within}"))
                .with_hint("keep one of them: YAML does not allow the same key twice in one section")
        }
        E::Message { msg, .. } if msg.contains("YYYY-MM-DD") || msg.contains("not a real date") || msg.contains("no month") => {
            let width = source.lines().nth(line - 1).map(|l| l.chars().skip(column - 1).count()).unwrap_or(1);
            Diagnostic::at(path, place(width), format!("{msg} {within}"))
                .with_hint("write dates as YYYY-MM-DD, for example `published: 2020-02-27`")
        }
        E::Unexpected { expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found something else", plain_type(expected)))
                .with_hint(type_hint(expected))
        }
        E::Eof { .. } => Diagnostic::at(path, place(1), "the file is empty or ends too early")
            .with_hint("a response file starts with `s55: 1` and then `report:`, `body:`, `comments:` and `letter:` sections; see the README"),
        other => {
            let text = format!("{other:?}");
            let hint = if text.contains("quoted") {
                "a text that starts with a quotation mark must end with the same mark; check the quotes on this line and the lines above it"
            } else if text.contains("tab") {
                "indent with spaces, not tabs"
            } else {
                "check the indentation (spaces, not tabs) and that every `key: value` has a space after the colon; text with `: ` or `#` in it needs quotes"
            };
            Diagnostic::at(path, place(1), "s55 cannot read this part of the file").with_hint(hint)
        }
    }
}

fn plain_type(t: &str) -> String {
    let t = t.trim();
    match t {
        "a string" | "string" => "text".into(),
        "a sequence" | "sequence" => "a list".into(),
        "a map" | "map" | "a mapping" | "mapping" => "a section of `key: value` lines".into(),
        "u32" | "an integer" | "integer" => "a whole number".into(),
        "a boolean" | "boolean" => "yes or no (true/false)".into(),
        _ if t.starts_with("struct ") => "a section of `key: value` lines".into(),
        _ if t.contains("sequence") => "a list".into(),
        _ if t.contains("mapping") => "a section of `key: value` lines".into(),
        _ if t.starts_with("string ") => format!("the text {}", &t[7..]),
        _ if t.starts_with("integer ") => format!("the number {}", &t[8..]),
        _ if t.starts_with("unit") || t == "null" => "nothing".into(),
        _ => t.into(),
    }
}

fn type_hint(expected: &str) -> String {
    if expected.contains("sequence") {
        "write a list, one entry per line starting with `- `, or in brackets: `[R1, R2]`".into()
    } else if expected.contains("struct") || expected.contains("map") {
        "write a section: the key on its own line, then indented `key: value` lines beneath it"
            .into()
    } else if expected.contains("date") {
        "write dates as YYYY-MM-DD, for example `2020-02-27`".into()
    } else if expected.contains("u32") || expected.contains("integer") {
        "write a whole number, for example `1`".into()
    } else {
        "write the value as text on the same line as its key; quote it if it contains `: ` or starts with a symbol".into()
    }
}

/// The line and column of the key that opens the section enclosing a position (for pointing at
/// `report:` when something is missing from it).
fn section_line(source: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = source.lines().collect();
    let indent = column.saturating_sub(1);
    for (i, l) in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .enumerate()
        .rev()
    {
        let trimmed = l.trim_start_matches([' ', '-']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = l.len() - trimmed.len();
        if own < indent && trimmed.contains(':') {
            return (i + 1, own + 1);
        }
    }
    (line, column)
}

/// The chain of keys enclosing a position, such as `report › recommendations`, found from indentation.
fn section_at(source: &str, line: usize, column: usize) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut path: Vec<String> = Vec::new();
    let mut indent = column.saturating_sub(1);
    if let Some(current) = lines.get(line.saturating_sub(1)) {
        let own = current.len() - current.trim_start_matches([' ', '-']).len();
        indent = indent.min(own);
    }
    for l in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
    {
        let trimmed = l.trim_start_matches([' ', '-']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = l.len() - trimmed.len();
        if own < indent {
            if let Some((key, _)) = trimmed.split_once(':') {
                if !key.contains(' ') || key.starts_with('"') {
                    path.push(key.trim_matches('"').to_string());
                }
            }
            indent = own;
            if own == 0 {
                break;
            }
        }
    }
    path.reverse();
    path.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_found_from_indentation() {
        let src = "report:\n  title: x\n  recommendations:\n    - id: R1\n      txt: y\n";
        assert_eq!(section_at(src, 5, 7), "report › recommendations");
        assert_eq!(section_at(src, 2, 3), "report");
        assert_eq!(section_at(src, 1, 1), "");
    }
}
