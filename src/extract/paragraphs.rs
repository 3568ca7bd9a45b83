//! From lines to paragraphs: bullets, numbered paragraphs, contents lines, running headers.

use super::*;

/// One paragraph (or bullet, or contents line) of the report.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Para {
    pub(super) text: String,
    pub(super) bullet: bool,
    /// A line of a table of contents (a title followed by a page number after a tab or dots).
    pub(super) toc: bool,
    pub(super) page: Option<usize>,
    pub(super) line: Option<usize>,
}

pub(super) const BULLETS: &[&str] = &[
    "- ",
    "• ",
    "* ",
    "· ",
    "◦ ",
    "– ",
    "● ",
    "▪ ",
    "\u{f0b7} ",
    "o ",
];

pub(super) fn strip_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for b in BULLETS {
        if let Some(rest) = t.strip_prefix(b) {
            if !rest.trim().is_empty() {
                return Some(rest.trim_start());
            }
        }
    }
    // Lettered and roman sub-points: "a) ...", "(b) ...", "(iii) ...".
    let inner = t.strip_prefix('(').unwrap_or(t);
    if let Some(close) = inner.find(") ") {
        let label = &inner[..close];
        let lettered = label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase());
        let roman =
            (1..=4).contains(&label.len()) && label.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
        if lettered || roman {
            let rest = inner[close + 2..].trim_start();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    // Bullets without a space after them, as some PDFs give them.
    for b in ['•', '●', '▪', '\u{f0b7}'] {
        if let Some(rest) = t.strip_prefix(b) {
            return Some(rest.trim_start());
        }
    }
    None
}

/// Whether a line is a contents entry: text, then a tab, dot leaders or a wide gap, then a page
/// number (arabic or roman).
pub(super) fn is_toc_line(line: &str) -> bool {
    let t = line.trim_end();
    let Some(last) = t.split_whitespace().last() else {
        return false;
    };
    let last = last.trim_start_matches('.');
    let page_number = !last.is_empty()
        && (last.chars().all(|c| c.is_ascii_digit())
            || last.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
    if !page_number || t.len() == last.len() {
        return false;
    }
    let before = &t[..t.len() - last.len()];
    before.ends_with('\t') || before.trim_end().ends_with("..") || before.ends_with("   ")
}

/// Whether a line starts a numbered paragraph ("6.2 The force ...", "3. We recommend ...").
pub(super) fn starts_numbered(line: &str) -> bool {
    paragraph_number(line).is_some()
}

/// The paragraph number a line starts with, and the rest of the line.
pub(super) fn paragraph_number(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let digits: usize = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    let (num, rest) = t.split_at(digits);
    if !num.starts_with(|c: char| c.is_ascii_digit()) || num.len() > 8 {
        return None;
    }
    let rest_trim = rest.trim_start();
    let gap = rest.len() - rest_trim.len();
    if gap == 0 || !rest_trim.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    // "2019 The force" is a year, not a paragraph number.
    if !num.contains('.') && num.len() > 2 {
        return None;
    }
    Some((num.trim_end_matches('.'), rest_trim))
}

pub(super) fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    // "... safe to go. (5.35)": a sentence followed by a paragraph reference.
    if let (true, Some(open)) = (t.ends_with(')'), t.rfind('(')) {
        if t[..open].trim_end().ends_with(['.', ';', ':', '?', '!']) {
            return true;
        }
    }
    let t = t.trim_end_matches(['"', '”', '’', '\'', ')']);
    t.ends_with(['.', ';', ':', '?', '!'])
}

/// Splits the report into paragraphs. Lines are joined into one paragraph unless a blank line,
/// a bullet, a numbered paragraph, a contents line or a short line ends it, which copes both with
/// text where each paragraph is one line and with text wrapped at the page width (PDFs).
pub(super) fn paragraphs(report: &ReportText) -> Vec<Para> {
    let lines = page_lines(report);
    let vocabulary = words_in(&lines);
    let mut lengths: Vec<usize> = lines
        .iter()
        .map(|(_, _, l)| l.trim().chars().count())
        .filter(|n| *n > 0)
        .collect();
    lengths.sort_unstable();
    let width = lengths
        .get(lengths.len().saturating_mul(9) / 10)
        .copied()
        .unwrap_or(80)
        .max(40);
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false;
    let mut last_len = 0usize;
    let mut last_text = String::new();
    let mut last_page = 0;
    // Under a "Contents" heading, each line that ends in a page number is an entry of its own,
    // even when a PDF lost the gap before the number and the title is long.
    let mut contents_block = false;
    for (page, line_no, raw) in lines {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        // A paragraph broken by a page break goes on at the top of the next page: the page ended
        // mid-sentence after a full-width line.
        if report.from_pdf && page != last_page && last_page != 0 {
            let mid_sentence = paras.last().is_some_and(|p| {
                !p.toc && !ends_sentence(&p.text) && !p.text.trim_end().ends_with(':')
            });
            // A full-width last line, or a next page that opens in lower case (the rest of a
            // sentence, or of a word hyphenated across the break), goes on.
            let goes_on = last_len * 10 >= width * 6
                || line.trim_start().starts_with(|c: char| c.is_lowercase());
            if mid_sentence && goes_on {
                open = true;
            }
        }
        last_page = page;
        let (page, line_no) = if report.from_pdf {
            (Some(page), None)
        } else {
            (None, Some(line_no))
        };
        let new_para = |text: &str, bullet: bool, toc: bool| Para {
            text: text.trim().to_string(),
            bullet,
            toc,
            page,
            line: line_no,
        };
        let ends_in_page_number = line.split_whitespace().last().is_some_and(|w| {
            w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
        });
        contents_block = contents_block && ends_in_page_number && strip_bullet(line).is_none();
        if is_toc_line(line) || contents_block {
            paras.push(new_para(line, false, true));
            open = false;
            continue;
        }
        if item_heading(line) == Some(Heading::Contents) {
            contents_block = true;
        }
        if let Some(rest) = strip_bullet(line) {
            paras.push(new_para(rest, true, false));
            open = true;
            last_len = line.trim().chars().count();
            last_text = line.to_string();
            continue;
        }
        let trimmed = line.trim();
        let join = open
            && !starts_numbered(trimmed)
            && last_len * 10 >= width * 6
            && item_heading(&last_text).is_none()
            && !paras.last().is_some_and(|p| p.toc);
        // A line that ends with "of", "and" or the like goes on in the next ("by HM Inspectorate
        // of" / "Constabulary and Fire & Rescue Services").
        let dangling = last_text.rsplit(' ').next().is_some_and(|w| {
            matches!(
                w,
                "of" | "and" | "the" | "for" | "to" | "in" | "on" | "by" | "&" | "a"
            )
        });
        let join = join
            || (open && trimmed.starts_with(|c: char| c.is_lowercase()))
            || (open && dangling && !starts_numbered(trimmed));
        match paras.last_mut() {
            Some(last) if join => {
                if last.text.ends_with('-')
                    && !last.text.ends_with(" -")
                    && trimmed.starts_with(|c: char| c.is_lowercase())
                {
                    // A word hyphenated at the line end is rejoined; a compound that breaks
                    // at its own hyphen ("non-emergency", "out-of-court") keeps it.
                    if !is_compound(&last.text, trimmed, &vocabulary) {
                        last.text.pop();
                    }
                } else {
                    last.text.push(' ');
                }
                last.text.push_str(trimmed);
            }
            _ => paras.push(new_para(trimmed, false, false)),
        }
        open = true;
        last_len = trimmed.chars().count();
        last_text = trimmed.to_string();
    }
    paras
}

/// A line as it repeats from page to page: a running header or footer differs only in its page
/// number ("Page 3 of 40", "HMICFRS report 12").
fn running(line: &str) -> String {
    line.trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Every line with its page (from 1) and line number (from 1, counted over the whole text). In a
/// PDF, page numbers standing alone and running headers or footers repeated on most pages are
/// dropped.
pub(super) fn page_lines(report: &ReportText) -> Vec<(usize, usize, String)> {
    let mut repeated: std::collections::BTreeMap<String, usize> = Default::default();
    if report.from_pdf && report.pages.len() >= 2 {
        for page in &report.pages {
            let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
            let mut edge: Vec<String> = lines.iter().take(3).map(|l| running(l)).collect();
            edge.extend(lines.iter().rev().take(3).map(|l| running(l)));
            edge.sort_unstable();
            edge.dedup();
            for l in edge {
                *repeated.entry(l).or_default() += 1;
            }
        }
    }
    // On half the pages, and on every page of a short report: a line repeated on two pages of a
    // three-page report is more likely an item repeated in its summary.
    let limit = report
        .pages
        .len()
        .div_ceil(2)
        .max(report.pages.len().min(3));
    let mut out = Vec::new();
    let mut line_no = 0;
    for (p, page) in report.pages.iter().enumerate() {
        for raw in page.lines() {
            line_no += 1;
            let line = raw.replace('\u{a0}', " ").replace('\r', "");
            let t = line.trim();
            if report.from_pdf {
                let bare_number = !t.is_empty()
                    && t.len() <= 4
                    && (t.chars().all(|c| c.is_ascii_digit())
                        || t.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
                let header = repeated.get(&running(t)).is_some_and(|n| *n >= limit);
                if bare_number || header {
                    continue;
                }
            }
            // PDFs space justified text with runs of spaces; one is enough.
            let line = if report.from_pdf {
                line.split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                line
            };
            out.push((p + 1, line_no, line));
        }
        out.push((p + 1, line_no, String::new()));
    }
    out
}

/// The words and hyphenated compounds used within lines (not at their ends), lower case.
fn words_in(lines: &[(usize, usize, String)]) -> std::collections::HashSet<String> {
    let mut set = std::collections::HashSet::new();
    for (_, _, l) in lines {
        let words: Vec<&str> = l.split_whitespace().collect();
        for w in words.iter().take(words.len().saturating_sub(1)) {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !w.is_empty() {
                set.insert(w.to_lowercase());
            }
        }
    }
    set
}

/// Whether `before` (ending in a hyphen at a line end) and the next line's first word make a
/// hyphenated compound rather than one word split by the typesetter.
fn is_compound(before: &str, next: &str, vocabulary: &std::collections::HashSet<String>) -> bool {
    let head = before
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let tail: String = next
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let stem = head.trim_end_matches('-');
    let last_part = stem.rsplit('-').next().unwrap_or(stem);
    const PREFIXES: &[&str] = &[
        "non", "self", "multi", "cross", "well", "anti", "out", "post", "pre", "sub", "inter",
    ];
    vocabulary.contains(&format!("{head}{tail}"))
        || stem.contains('-')
        || PREFIXES.contains(&last_part)
}
