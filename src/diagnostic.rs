//! Errors people can act on: what went wrong, where (file, line, column, the line itself with a
//! caret), and what to try. Every failure to read a file or template becomes one of these.

use std::fmt;
use std::path::{Path, PathBuf};

/// One located, plain-English problem with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What went wrong, in one sentence.
    pub message: String,
    /// The file it concerns.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// What to try.
    pub hint: Option<String>,
    /// Further problems found in the same file in the same reading, shown after this one.
    pub also: Vec<Diagnostic>,
}

/// A line and column (both from 1) and the text of that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
    /// How many characters to underline.
    pub width: usize,
    /// The whole line, without its line ending.
    pub text: String,
}

impl Location {
    /// Locates line and column (both from 1) in `source`, keeping the line's text for display.
    pub fn in_source(source: &str, line: usize, column: usize, width: usize) -> Location {
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Location {
            line: line.max(1),
            column: column.max(1),
            width: width.max(1),
            text,
        }
    }
}

impl Diagnostic {
    /// A problem with a whole file (it cannot be read, for example).
    pub fn file(file: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            file: file.to_path_buf(),
            location: None,
            hint: None,
            also: Vec::new(),
        }
    }

    /// A problem at a place in a file.
    pub fn at(file: &Path, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            file: file.to_path_buf(),
            location: Some(location),
            hint: None,
            also: Vec::new(),
        }
    }

    /// Adds what to try.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    /// How many problems this is, counting the further ones in the same file.
    pub fn count(&self) -> usize {
        1 + self.also.len()
    }

    /// This problem and the further ones, in order.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        std::iter::once(self).chain(self.also.iter())
    }
}

/// The most characters of a line a message shows.
const WINDOW: usize = 200;

/// Writes one message in the shape every s55 message has, the way rustc prints them:
///
/// ```text
/// error[rule]: what is wrong
///   --> file:line:column
///    |
/// 12 |     the line itself
///    |     ^^^^
///    = hint: what to type instead
/// ```
pub fn write_message(
    f: &mut impl fmt::Write,
    label: &str,
    message: &str,
    file: Option<&Path>,
    location: Option<&Location>,
    hint: Option<&str>,
) -> fmt::Result {
    writeln!(f, "{label}: {message}")?;
    match location {
        Some(loc) => {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            if let Some(file) = file {
                writeln!(f, "{pad}--> {}:{}:{}", file.display(), loc.line, loc.column)?;
            }
            writeln!(f, "{pad} |")?;
            // A very long line is shown as a window around the place, so the message stays readable.
            let chars: Vec<char> = loc.text.chars().collect();
            let (from, to) = if chars.len() > WINDOW {
                let from = loc.column.saturating_sub(1).saturating_sub(WINDOW / 2);
                let from = from.min(chars.len().saturating_sub(WINDOW));
                (from, (from + WINDOW).min(chars.len()))
            } else {
                (0, chars.len())
            };
            let before = if from > 0 { "…" } else { "" };
            let after = if to < chars.len() { "…" } else { "" };
            let shown: String = chars[from..to].iter().collect();
            writeln!(f, "{number} | {before}{shown}{after}")?;
            let lead: String = before
                .chars()
                .map(|_| ' ')
                .chain(
                    chars[from..loc.column.saturating_sub(1).clamp(from, to)]
                        .iter()
                        .map(|&c| if c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let width = loc
                .width
                .min(to.saturating_sub(loc.column.saturating_sub(1)).max(1));
            writeln!(f, "{pad} | {lead}{}", "^".repeat(width))?;
            if let Some(hint) = hint {
                writeln!(f, "{pad} = hint: {hint}")?;
            }
        }
        None => {
            if let Some(file) = file {
                writeln!(f, "  --> {}", file.display())?;
            }
            if let Some(hint) = hint {
                writeln!(f, "  = hint: {hint}")?;
            }
        }
    }
    Ok(())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.all().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write_message(
                f,
                "error",
                &d.message,
                Some(&d.file),
                d.location.as_ref(),
                d.hint.as_deref(),
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_suggestions_pick_the_nearest_key() {
        let keys = ["title", "kind", "published", "url"];
        assert_eq!(did_you_mean("publised", &keys), Some("published"));
        assert_eq!(did_you_mean("zzz", &keys), None);
    }
}
