//! A content control's paragraphs back as the Markdown a response file holds: bold as `**…**`,
//! italics as `*…*`, links as `[words](address)`, `ListBullet`/`ListNumber` paragraphs (or any
//! paragraph with Word numbering) as `- ` and `1. ` items, indented by level, `Quote` as `> `.
//! Characters Markdown would read as formatting are escaped, so that the words print as typed.

use super::word::{Paragraph, Run};

/// The paragraphs as Markdown: paragraphs apart by a blank line, list items of one list on lines
/// of their own.
pub fn of(paragraphs: &[Paragraph]) -> String {
    let mut out = String::new();
    let mut previous_list = false;
    let mut previous_kind: Option<bool> = None;
    let mut numbers: Vec<usize> = Vec::new();
    for p in paragraphs {
        let inline = inlines(&p.runs);
        let mut line = match p.list {
            Some(item) => {
                numbers.truncate(item.level + 1);
                numbers.resize(item.level + 1, 0);
                numbers[item.level] += 1;
                let (indent, marker) = if item.ordered {
                    (
                        "   ".repeat(item.level),
                        format!("{}. ", numbers[item.level]),
                    )
                } else {
                    ("  ".repeat(item.level), "- ".to_string())
                };
                format!(
                    "{indent}{marker}{}",
                    inline.replace('\n', &format!("\n{indent}  "))
                )
            }
            None => {
                numbers.clear();
                let prefix = match p.style.as_deref() {
                    Some("Quote" | "IntenseQuote") => "> ",
                    Some("Title") => "# ",
                    Some("Heading1") => "## ",
                    Some("Heading2") => "### ",
                    Some("Heading3") => "#### ",
                    _ => "",
                };
                if prefix == "> " {
                    format!("> {}", inline.replace('\n', "\n> "))
                } else {
                    format!("{prefix}{}", escape_start(&inline))
                }
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        // A list of the other kind straight after a list: a list of its own.
        let other_kind =
            matches!((previous_kind, p.list), (Some(a), Some(b)) if b.level == 0 && a != b.ordered);
        if other_kind {
            previous_list = false;
            numbers.clear();
            numbers.push(1);
            line = match line.split_once(". ") {
                Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => format!("1. {rest}"),
                _ => line,
            };
        }
        if p.list.is_some_and(|l| l.level == 0) {
            previous_kind = p.list.map(|l| l.ordered);
        } else if p.list.is_none() {
            previous_kind = None;
        }
        if !out.is_empty() {
            out.push_str(if previous_list && p.list.is_some() {
                "\n"
            } else {
                "\n\n"
            });
        }
        previous_list = p.list.is_some();
        out.push_str(line.trim_end());
    }
    out
}

/// The words alone, without formatting, paragraphs joined by a space: for lines such as
/// "Lead: Head of Crime. Due: 31 August 2020.", read as words.
pub fn plain(paragraphs: &[Paragraph]) -> String {
    paragraphs
        .iter()
        .map(|p| p.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A paragraph's runs as inline Markdown: runs of the same link grouped, emphasis markers kept
/// tight against the words (spaces go outside them, as Markdown needs).
fn inlines(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < runs.len() {
        let link = &runs[i].link;
        let mut j = i;
        while j < runs.len() && &runs[j].link == link {
            j += 1;
        }
        let words: String = runs[i..j].iter().map(styled).collect();
        match link {
            Some(url) if !words.trim().is_empty() => {
                let (lead, rest) = split_space_start(&words);
                let (inner, trail) = split_space_end(rest);
                out.push_str(&format!(
                    "{lead}[{inner}]({}){trail}",
                    url.replace(' ', "%20")
                ));
            }
            _ => out.push_str(&words),
        }
        i = j;
    }
    // Merge `**a****b**` left by runs Word split with the same formatting.
    out.replace("****", "")
}

fn split_space_start(s: &str) -> (&str, &str) {
    let rest = s.trim_start();
    (&s[..s.len() - rest.len()], rest)
}

fn split_space_end(s: &str) -> (&str, &str) {
    let rest = s.trim_end();
    (rest, &s[rest.len()..])
}

fn styled(run: &Run) -> String {
    let text = escape(&run.text);
    let marker = match (run.bold, run.italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    if marker.is_empty() || text.trim().is_empty() {
        return text;
    }
    let (lead, rest) = split_space_start(&text);
    let (inner, trail) = split_space_end(rest);
    // A line break inside emphasis: close and reopen around it.
    let inner = inner.replace('\n', &format!("{marker}\n{marker}"));
    format!("{lead}{marker}{inner}{marker}{trail}")
}

/// Escapes what Markdown would read as formatting inside a line: `*`, `_` at the edge of a word,
/// backquotes, backslashes, `[` before `](`, and `<` before a letter (a tag or an address).
fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let link_like = text.contains("](");
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let needs = match c {
            '\\' | '*' | '`' => true,
            '_' => !(word(before) && word(after)),
            '[' => link_like,
            '<' => after.is_some_and(|a| a.is_ascii_alphabetic() || a == '/' || a == '!'),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what Markdown would read as a heading, list item or quote at the start of a line.
fn escape_start(line: &str) -> String {
    let mut out = Vec::new();
    for l in line.split('\n') {
        let trimmed = l.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let numbered = digits > 0 && trimmed[digits..].starts_with(['.', ')']);
        let marker = trimmed.starts_with(['#', '>', '+', '='])
            || trimmed.starts_with("- ")
            || trimmed == "-"
            || numbered;
        if marker && numbered {
            let at = l.len() - trimmed.len() + digits;
            out.push(format!("{}\\{}", &l[..at], &l[at..]));
        } else if marker {
            let at = l.len() - trimmed.len();
            out.push(format!("{}\\{}", &l[..at], &l[at..]));
        } else {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::word::ListItem;
    use super::*;

    fn run(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Run {
        Run {
            text: text.into(),
            bold,
            italic,
            link: link.map(Into::into),
        }
    }

    fn para(runs: Vec<Run>, list: Option<ListItem>) -> Paragraph {
        Paragraph {
            style: None,
            list,
            runs,
        }
    }

    #[test]
    fn bold_italic_and_links_become_markdown() {
        let p = para(
            vec![
                run("Action taken: ", true, false, None),
                run("we ", false, false, None),
                run("did", false, true, None),
                run(" it, see ", false, false, None),
                run("the plan", false, false, Some("https://example.org/plan")),
                run(".", false, false, None),
            ],
            None,
        );
        assert_eq!(
            of(&[p]),
            "**Action taken:** we *did* it, see [the plan](https://example.org/plan)."
        );
    }

    #[test]
    fn list_paragraphs_become_a_list_and_other_paragraphs_stay_apart() {
        let bullet = |l| {
            Some(ListItem {
                ordered: false,
                level: l,
            })
        };
        let number = Some(ListItem {
            ordered: true,
            level: 0,
        });
        let out = of(&[
            para(vec![run("Intro.", false, false, None)], None),
            para(vec![run("one", false, false, None)], bullet(0)),
            para(vec![run("inner", false, false, None)], bullet(1)),
            para(vec![run("two", false, false, None)], bullet(0)),
            para(vec![run("After.", false, false, None)], None),
            para(vec![run("first", false, false, None)], number),
            para(vec![run("second", false, false, None)], number),
        ]);
        assert_eq!(
            out,
            "Intro.\n\n- one\n  - inner\n- two\n\nAfter.\n\n1. first\n2. second"
        );
    }

    #[test]
    fn characters_markdown_would_read_as_formatting_are_escaped() {
        let p = para(
            vec![run(
                "2 * 3 and snake_case and _this_ and <b>",
                false,
                false,
                None,
            )],
            None,
        );
        assert_eq!(of(&[p]), "2 \\* 3 and snake_case and \\_this\\_ and \\<b>");
        let p = para(vec![run("1. Not a list", false, false, None)], None);
        assert_eq!(of(&[p]), "1\\. Not a list");
    }
}
