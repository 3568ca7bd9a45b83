//! Reading a report: the text of a PDF page by page, or a text file.

use super::*;

/// A report's text, page by page (a text file is one page).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportText {
    /// The text of each page, in order.
    pub pages: Vec<String>,
    /// Whether the text came from a PDF (page numbers are then meaningful).
    pub from_pdf: bool,
}

impl ReportText {
    /// A report given as plain text.
    pub fn plain(text: &str) -> ReportText {
        ReportText {
            pages: vec![text.to_string()],
            from_pdf: false,
        }
    }
}

/// The largest report s55 reads: HMICFRS reports are a few MB, the longest about 20 MB.
pub const REPORT_LIMIT: u64 = 100 * 1024 * 1024;

/// Reads a report: a PDF (recognised by its contents, whatever the file is called) or UTF-8 text.
pub fn read_report(path: &Path) -> Result<ReportText, Diagnostic> {
    use crate::site::files::{ReadError, read_limited};
    let bytes = read_limited(path, REPORT_LIMIT).map_err(|e| {
        let d = Diagnostic::file(path, e.message("report file"));
        match e {
            ReadError::NotFound => d.with_hint("give the path of the report as downloaded from HMICFRS (a PDF), or a text file of its words"),
            ReadError::TooLarge { .. } => d.with_hint("HMICFRS reports are a few MB; check that this is the report"),
            _ => d,
        }
    })?;
    report_text(path, bytes)
}

/// A report's text from its bytes (a PDF, recognised by its contents, or UTF-8 text), as
/// [`read_report`] reads a file; `path` is the name its messages give (for a report uploaded to
/// `s55 serve`, the name it had on the officer's computer).
pub fn report_text(path: &Path, bytes: Vec<u8>) -> Result<ReportText, Diagnostic> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if bytes[start..].starts_with(b"%PDF-") {
        let pages = pdf_pages(&bytes).map_err(|why| {
            Diagnostic::file(path, format!("the text of this PDF could not be read: {why}"))
                .with_hint("open the report on the HMICFRS website, copy its text into a .txt file, and give s55 that file instead")
        })?;
        if pages.iter().all(|p| p.trim().is_empty()) {
            return Err(Diagnostic::file(path, "this PDF has no text in it: it is probably a scan (pictures of pages)")
                .with_hint("HMICFRS publishes every report as a web page too: copy its text into a .txt file and give s55 that file instead"));
        }
        return Ok(ReportText {
            pages: pages.iter().map(|p| normalise(p, true)).collect(),
            from_pdf: true,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(ReportText::plain(&normalise(&text, false))),
        Err(_) => Err(Diagnostic::file(path, "this report is neither a PDF nor UTF-8 text")
            .with_hint("give the PDF as downloaded from HMICFRS, or save the report's text as UTF-8 (in most editors: Save As, Encoding: UTF-8)")),
    }
}

/// The text of each page of a PDF. The PDF library panics on some malformed files; that becomes an
/// error here rather than a crash.
pub(super) fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF uses features s55 cannot read".to_string()),
    }
}

/// The text with typesetting undone: ligatures (ﬁ, ﬂ, ﬃ) as letters, soft hyphens and superscript
/// footnote markers removed, and in a PDF the footnote numbers set after a word ("custody.12" or
/// "custody1 2") removed.
pub(super) fn normalise(text: &str, pdf: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{ad}' => {}
            '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' => {}
            _ => out.push(c),
        }
    }
    if !pdf {
        return out;
    }
    out.lines()
        .map(|l| without_footnote_numbers(&unspaced(l)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words after which a single capital letter is a label ("Annex P", "Table T"), not the first
/// letter of a word kerned apart from the rest.
const LABELS: &[&str] = &[
    "Annex", "Appendix", "Part", "Section", "Table", "Figure", "Chart", "Schedule", "Group",
    "Type", "Category", "Grade", "Tier", "Level", "Option", "Model",
];

/// Whether `prev` is a capital that some PDFs set apart from the rest of its word when the pair is
/// kerned ("W estmarch", "T oo", "P olice"). Only the capitals of kerning pairs, before the
/// letters they kern with, and never "A" or "I", which are words.
fn kerned(prev: &str, w: &str) -> bool {
    let word = w.trim_end_matches(|c: char| c.is_ascii_punctuation() || c == '’');
    matches!(prev, "T" | "W" | "V" | "Y" | "P" | "F")
        && word.starts_with(['a', 'e', 'o', 'u', 'y', 'r', 'i'])
        && word.chars().all(char::is_alphabetic)
}

/// A line without the spaces some PDFs set between the glyphs of a number ("2 0 2 4", "4 –1 5",
/// "2021 /2 2", "1 0. Managing") or before punctuation ("Section 1 . Summary", "fully ."),
/// or inside a kerned pair ("W estmarch").
fn unspaced(line: &str) -> String {
    let leading_digits = |w: &str| w.chars().take_while(|c| c.is_ascii_digit()).count();
    let trailing_digits = |w: &str| w.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    let mut out: Vec<String> = Vec::new();
    for w in line.split(' ') {
        // "Annex P of": the word before the capital is a label.
        let after_label = out.len() >= 2
            && LABELS.contains(&out[out.len() - 2].trim_matches(|c: char| !c.is_alphabetic()));
        if let Some(prev) = out.last_mut() {
            let digit_split = trailing_digits(prev) > 0
                && leading_digits(w) > 0
                && (trailing_digits(prev) == 1 || leading_digits(w) == 1)
                && !prev.ends_with(['.', ','])
                && prev.chars().all(|c| !c.is_alphabetic());
            let range = trailing_digits(prev) > 0
                && w.starts_with(['–', '/'])
                && w.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
            let punctuation = matches!(w, "." | "," | ";" | ":");
            if digit_split || range || punctuation || (!after_label && kerned(prev, w)) {
                prev.push_str(w);
                continue;
            }
        }
        out.push(w.to_string());
    }
    out.join(" ")
}

/// A line without footnote numbers glued to the end of a word: "answered.3 Too many" gives
/// "answered. Too many"; "footnote1 2 marker" (a two-digit marker the PDF spaced out) gives
/// "footnote marker". Numbers that stand alone ("within 12 months") are kept.
fn without_footnote_numbers(line: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut stripped_last = false;
    for w in line.split(' ') {
        if stripped_last && w.len() == 1 && w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        stripped_last = false;
        let digits = w.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        let head = &w[..w.len() - digits];
        let before = head.chars().last();
        let letters = head.chars().filter(|c| c.is_alphabetic()).count();
        let glued = digits > 0
            && digits <= 3
            && letters >= 3
            && before.is_some_and(|c| c.is_lowercase() || matches!(c, '.' | ',' | ';' | ':' | ')'))
            && head.chars().all(|c| {
                c.is_alphabetic() || matches!(c, '.' | ',' | ';' | ':' | ')' | '’' | '\'' | '-')
            });
        if glued {
            words.push(head.to_string());
            stripped_last = digits == 1;
        } else {
            words.push(w.to_string());
        }
    }
    words.join(" ")
}
