//! Finding what an HMICFRS report asks for: its recommendations (word for word, with sub-points,
//! timescale, addressee, cause of concern and chapter), its causes of concern and its areas for
//! improvement.
//!
//! This module knows HMICFRS wording and nothing else. It reads a report as HMICFRS publishes it (a PDF,
//! whose text is extracted here, or plain text copied from the web page) and recognises the layouts
//! HMICFRS uses:
//!
//! - a `Recommendation` or `Recommendations` heading followed by one or more paragraphs, each
//!   possibly followed by bulleted sub-points (force inspections such as the national child
//!   protection inspections);
//! - sentences that are recommendations wherever they stand: "We recommend that, within three
//!   months, ... should ...", "Within three months, the force should ...", "The force should
//!   immediately ...";
//! - `Cause of concern` and `Areas for improvement` headings (PEEL), or the labels
//!   `Cause of concern:`, `Recommendation:` and `Area for improvement:` and the closing summary
//!   section of a custody report;
//! - numbered recommendation chapters of thematic reports (`Recommendation 1`, `3.1 We recommend
//!   that ...`), addressed to national bodies.
//!
//! Narrative about recommendations ("in 2015 we recommended that ...", "recommendations are
//! tracked on our website", "the force should also provide an action plan within six weeks") and
//! the table of contents are not recommendations. An item repeated in a report's summary is listed
//! once.

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{Period, ReportKind};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Everything found in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    /// The report's title, from its cover, when it could be read.
    pub title: Option<String>,
    /// What kind of report it appears to be.
    pub kind: ReportKind,
    /// The forces the report is about, as named in its recommendations or title.
    pub forces: Vec<String>,
    /// When the inspection took place, when the cover gives a span of days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspected: Option<Period>,
    /// Every recommendation, in the order written.
    pub recommendations: Vec<FoundRecommendation>,
    /// Every cause of concern, in the order written.
    pub causes_of_concern: Vec<FoundItem>,
    /// Every area for improvement, in the order written.
    pub areas_for_improvement: Vec<FoundItem>,
}

/// A recommendation found in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundRecommendation {
    /// `R1`, `R2`, ... in the order the report gives them.
    pub id: String,
    /// The recommendation's words, exactly as in the report.
    pub text: String,
    /// "immediately", "within three months", "by 31 August 2015", ...
    pub timescale: Option<String>,
    /// Who it is addressed to: "Hertfordshire Constabulary", "the Home Office", ...
    pub addressee: Option<String>,
    /// Its bulleted sub-points, word for word.
    pub points: Vec<String>,
    /// The id of the cause of concern it belongs to.
    pub cause_of_concern: Option<String>,
    /// The chapter it appears in.
    pub chapter: Option<String>,
    /// Where it starts: the page of a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Where it starts: the line of a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A cause of concern or area for improvement found in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundItem {
    /// `C1`, `C2`, ... or `AFI1`, `AFI2`, ...
    pub id: String,
    /// Its words, exactly as in the report.
    pub text: String,
    /// The chapter it appears in.
    pub chapter: Option<String>,
    /// Where it starts: the page of a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Where it starts: the line of a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A report's text, page by page (a text file is one page).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportText {
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

    /// The whole text, pages separated by blank lines.
    pub fn joined(&self) -> String {
        self.pages.join("\n\n")
    }
}

/// Reads a report: a PDF (recognised by its contents, whatever the file is called) or UTF-8 text.
pub fn read_report(path: &Path) -> Result<ReportText, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Diagnostic::file(path, "this report file does not exist")
            .with_hint("give the path of the report as downloaded from HMICFRS (a PDF), or a text file of its words"),
        _ => Diagnostic::file(path, format!("this report file could not be read: {e}")),
    })?;
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
            pages,
            from_pdf: true,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(ReportText::plain(&text)),
        Err(_) => Err(Diagnostic::file(path, "this report is neither a PDF nor UTF-8 text")
            .with_hint("give the PDF as downloaded from HMICFRS, or save the report's text as UTF-8 (in most editors: Save As, Encoding: UTF-8)")),
    }
}

/// The text of each page of a PDF. The PDF library panics on some malformed files; that becomes an
/// error here rather than a crash.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, String> {
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

/// Finds every recommendation, cause of concern and area for improvement in a report.
pub fn extract(report: &ReportText) -> Extracted {
    let paras = paragraphs(report);
    let mut s = Scanner::default();
    for (i, p) in paras.iter().enumerate() {
        let next_is_bullet = paras.get(i + 1).is_some_and(|n| n.bullet);
        s.take(p, next_is_bullet);
    }
    let title = title(&paras);
    let inspected = inspected(&paras);
    let mut forces: Vec<String> = Vec::new();
    for r in &s.recs {
        if let Some(a) = &r.addressee {
            if is_force_name(a) && !forces.contains(a) {
                forces.push(a.clone());
            }
        }
    }
    if forces.is_empty() {
        if let Some(t) = &title {
            for part in t.split(" – ") {
                if let Some(name) = force_in(part) {
                    if !forces.contains(&name) {
                        forces.push(name);
                    }
                }
            }
        }
    }
    let kind = kind(title.as_deref(), &forces, &s.recs);
    let number = |prefix: &str, i: usize| format!("{prefix}{}", i + 1);
    let recommendations = s
        .recs
        .into_iter()
        .enumerate()
        .map(|(i, r)| FoundRecommendation {
            id: number("R", i),
            text: r.text,
            timescale: r.timescale,
            addressee: r.addressee,
            points: r.points,
            cause_of_concern: r.cause.map(|c| number("C", c)),
            chapter: r.at.chapter,
            page: r.at.page,
            line: r.at.line,
        })
        .collect();
    let items = |list: Vec<Item>, prefix: &str| -> Vec<FoundItem> {
        list.into_iter()
            .enumerate()
            .map(|(i, it)| FoundItem {
                id: number(prefix, i),
                text: it.text,
                chapter: it.at.chapter,
                page: it.at.page,
                line: it.at.line,
            })
            .collect()
    };
    Extracted {
        title,
        kind,
        forces,
        inspected,
        recommendations,
        causes_of_concern: items(s.causes, "C"),
        areas_for_improvement: items(s.afis, "AFI"),
    }
}

/// The report's text as the extractor reads it, one paragraph per line (bullets marked `- `,
/// contents lines marked `[contents]`), with the page or line it starts on: for seeing why an item
/// was missed.
pub fn paragraph_text(report: &ReportText) -> String {
    let mut out = String::new();
    for p in paragraphs(report) {
        let at = match (p.page, p.line) {
            (Some(page), _) => format!("p{page}"),
            (None, Some(line)) => format!("{line}"),
            (None, None) => String::new(),
        };
        let mark = if p.bullet {
            "- "
        } else if p.toc {
            "[contents] "
        } else {
            ""
        };
        out.push_str(&format!("{at:>5}  {mark}{}\n", p.text));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// From lines to paragraphs.

/// One paragraph (or bullet, or contents line) of the report.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    text: String,
    bullet: bool,
    /// A line of a table of contents (a title followed by a page number after a tab or dots).
    toc: bool,
    page: Option<usize>,
    line: Option<usize>,
}

const BULLETS: &[&str] = &[
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

fn strip_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    for b in BULLETS {
        if let Some(rest) = t.strip_prefix(b) {
            if !rest.trim().is_empty() {
                return Some(rest.trim_start());
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
fn is_toc_line(line: &str) -> bool {
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
fn starts_numbered(line: &str) -> bool {
    paragraph_number(line).is_some()
}

/// The paragraph number a line starts with, and the rest of the line.
fn paragraph_number(text: &str) -> Option<(&str, &str)> {
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

fn ends_sentence(text: &str) -> bool {
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
fn paragraphs(report: &ReportText) -> Vec<Para> {
    let lines = page_lines(report);
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
    for (page, line_no, raw) in lines {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            open = false;
            continue;
        }
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
        if is_toc_line(line) {
            paras.push(new_para(line, false, true));
            open = false;
            continue;
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
        let join = join || (open && trimmed.starts_with(|c: char| c.is_lowercase()));
        match paras.last_mut() {
            Some(last) if join => {
                if last.text.ends_with('-')
                    && !last.text.ends_with(" -")
                    && trimmed.starts_with(|c: char| c.is_lowercase())
                {
                    last.text.pop();
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

/// Every line with its page (from 1) and line number (from 1, counted over the whole text). In a
/// PDF, page numbers standing alone and running headers or footers repeated on most pages are
/// dropped.
fn page_lines(report: &ReportText) -> Vec<(usize, usize, String)> {
    let mut repeated: std::collections::BTreeMap<String, usize> = Default::default();
    if report.from_pdf && report.pages.len() >= 3 {
        for page in &report.pages {
            let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
            let mut edge: Vec<&str> = lines.iter().take(2).copied().collect();
            edge.extend(lines.iter().rev().take(2));
            edge.sort_unstable();
            edge.dedup();
            for l in edge {
                *repeated.entry(l.trim().to_string()).or_default() += 1;
            }
        }
    }
    let limit = report.pages.len().div_ceil(2).max(3);
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
                let header = repeated.get(t).is_some_and(|n| *n >= limit);
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

// ---------------------------------------------------------------------------------------------
// Headings.

#[derive(Debug, Clone, PartialEq)]
enum Heading {
    Recommendations,
    CauseOfConcern,
    AreasForImprovement,
    /// A closing summary of causes of concern, recommendations and areas for improvement.
    Summary,
    Contents,
}

/// Whether a paragraph is set as a heading: short, not a sentence, and not a recommendation.
fn is_heading(p: &Para) -> bool {
    let t = p.text.trim();
    // "We identified the following areas for improvement:" introduces a list; it is no heading.
    if t.ends_with(':') && item_heading(t).is_none() {
        return false;
    }
    !p.bullet
        && !p.toc
        && t.chars().count() <= 160
        && !ends_sentence(t.trim_end_matches(':'))
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && !t.contains(" should ")
}

/// The item heading a line is, if any ("Recommendations", "Cause of concern 2", "5. Areas for
/// improvement", ...).
fn item_heading(text: &str) -> Option<Heading> {
    let t = text.trim();
    let t = paragraph_number(t).map(|(_, rest)| rest).unwrap_or(t);
    let t = strip_section_label(t).unwrap_or(t);
    let lower = t.trim().trim_end_matches(':').trim().to_lowercase();
    if lower.chars().count() > 120 {
        return None;
    }
    let numbered = |word: &str| {
        lower == word
            || lower
                .strip_prefix(word)
                .and_then(|r| r.strip_prefix(' '))
                .is_some_and(|r| r.split_whitespace().count() == 1 && r.len() <= 4)
    };
    if lower.starts_with("summary of")
        && (lower.contains("recommendation")
            || lower.contains("concern")
            || lower.contains("improvement"))
    {
        return Some(Heading::Summary);
    }
    if numbered("recommendation")
        || numbered("recommendations")
        || lower.starts_with("recommendations for ")
        || lower.starts_with("recommendations to ")
        || lower == "our recommendations"
    {
        return Some(Heading::Recommendations);
    }
    if numbered("cause of concern")
        || numbered("causes of concern")
        || lower.starts_with("cause of concern and recommendation")
        || lower.starts_with("causes of concern and recommendation")
    {
        return Some(Heading::CauseOfConcern);
    }
    if numbered("area for improvement") || numbered("areas for improvement") {
        return Some(Heading::AreasForImprovement);
    }
    if matches!(
        lower.as_str(),
        "contents" | "table of contents" | "contents page"
    ) {
        return Some(Heading::Contents);
    }
    None
}

/// "Section 6. Summary ..." or "Chapter 3: ..." without the label.
fn strip_section_label(t: &str) -> Option<&str> {
    for label in ["Section ", "Chapter ", "Part "] {
        if let Some(rest) = t.strip_prefix(label) {
            let end = rest.find([' ', '.', ':'])?;
            let rest = rest[end..].trim_start_matches(['.', ':', ' ', '–', '-']);
            return Some(rest);
        }
    }
    None
}

/// Whether a heading starts a chapter (rather than a sub-heading within one).
fn is_chapter_heading(text: &str) -> bool {
    let t = text.trim();
    if let Some((num, _)) = paragraph_number(t) {
        return !num.contains('.');
    }
    if strip_section_label(t).is_some() {
        return true;
    }
    let lower = t.to_lowercase();
    lower.starts_with("annex ")
        || lower.starts_with("appendix ")
        || matches!(
            lower.as_str(),
            "summary"
                | "foreword"
                | "introduction"
                | "conclusion"
                | "conclusions"
                | "next steps"
                | "key findings"
                | "main findings"
                | "overview"
                | "overall summary"
                | "recommendations"
                | "about us"
                | "about this inspection"
        )
}

// ---------------------------------------------------------------------------------------------
// Recognising recommendations.

/// Words that name a body a recommendation can be addressed to.
const BODIES: &[&str] = &[
    "constabulary",
    "police",
    "force",
    "forces",
    "chief constable",
    "chief officer",
    "commissioner",
    "home office",
    "college of policing",
    "npcc",
    "national police chiefs",
    "iopc",
    "independent office for police conduct",
    "ministry",
    "department",
    "government",
    "secretary of state",
    "home secretary",
    "hmpps",
    "prison",
    "national crime agency",
    "nca",
    "crown prosecution",
    "cps",
    "local authorit",
    "council",
    "mayor",
    "mopac",
    "pcc",
    "policing body",
    "policing bodies",
    "agencies",
    "partners",
    "service",
    "national lead",
    "lead for",
];

fn has_body_word(text: &str) -> bool {
    let lower = format!(" {} ", text.to_lowercase());
    BODIES.iter().any(|b| {
        lower
            .match_indices(b)
            .any(|(i, _)| !lower[..i].ends_with(|c: char| c.is_alphanumeric()))
    })
}

/// Whether the words before "should" name a body ("the force", "all chief constables",
/// "the Home Office"), rather than narrative ("In 2015 we recommended that the force").
fn is_addressee(text: &str) -> bool {
    let t = text.trim().trim_end_matches(',');
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if words.is_empty() || words.len() > 16 || t.contains(['.', ';', ':']) {
        return false;
    }
    let narrative = [
        "we",
        "our",
        "i",
        "it",
        "recommended",
        "recommendation",
        "recommendations",
        "if",
        "when",
        "whether",
        "that",
        "this",
        "these",
        "they",
        "which",
        "who",
        "progress",
    ];
    if words.iter().any(|w| narrative.contains(&w.as_str())) {
        return false;
    }
    has_body_word(t)
}

/// The timescale phrases a recommendation may start with or contain, with where they start and
/// end in `text`.
fn find_timescale(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |span: (usize, usize)| {
        if best.is_none_or(|b| span.0 < b.0) {
            best = Some(span);
        }
    };
    for (i, _) in lower.match_indices("immediately") {
        let before_ok = !lower[..i].ends_with(|c: char| c.is_alphanumeric());
        let after_ok = !lower[i + 11..].starts_with(|c: char| c.is_alphanumeric());
        if before_ok && after_ok {
            consider((i, i + 11));
        }
    }
    for (i, _) in lower.match_indices("within ") {
        if lower[..i].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let rest = &lower[i + 7..];
        let mut words = rest.split(' ');
        let (Some(n), Some(unit)) = (words.next(), words.next()) else {
            continue;
        };
        let unit_clean = unit.trim_end_matches(|c: char| !c.is_alphanumeric());
        let is_number = n.chars().all(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&n);
        let is_unit = matches!(
            unit_clean,
            "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
        );
        if is_number && is_unit {
            let end = i + 7 + n.len() + 1 + unit_clean.len();
            consider((i, end));
        }
    }
    for lead in ["by ", "not later than ", "no later than "] {
        for (i, _) in lower.match_indices(lead) {
            if lower[..i].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            if let Some(len) = date_phrase(&lower[i + lead.len()..]) {
                consider((i, i + lead.len() + len));
            }
        }
    }
    best
}

const NUMBER_WORDS: &[&str] = &[
    "a",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "eighteen",
    "twenty-four",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The length of a date at the start of `text` (lower case): "31 august 2015", "march 2024",
/// "the end of march 2024", "the end of 2024".
fn date_phrase(text: &str) -> Option<usize> {
    let mut pos = 0;
    let rest = |pos: usize| &text[pos..];
    if rest(pos).starts_with("the end of ") {
        pos += "the end of ".len();
    }
    let word_len = |s: &str| s.find([' ', ',', '.', ';', ')']).unwrap_or(s.len());
    let first = &rest(pos)[..word_len(rest(pos))];
    let mut saw_month = false;
    if !first.is_empty() && first.len() <= 2 && first.chars().all(|c| c.is_ascii_digit()) {
        pos += first.len() + 1;
        if pos > text.len() {
            return None;
        }
    }
    let w = &rest(pos)[..word_len(rest(pos))];
    if MONTHS.contains(&w) {
        saw_month = true;
        pos += w.len();
        if rest(pos).starts_with(' ') {
            pos += 1;
        }
    }
    let y = &rest(pos)[..word_len(rest(pos))];
    if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) {
        pos += 4;
        return Some(pos);
    }
    if saw_month {
        // "by 31 March" without a year.
        return Some(
            pos.min(text.len())
                .saturating_sub(usize::from(text[..pos].ends_with(' '))),
        );
    }
    None
}

/// The timescale of a recommendation, in the report's words ("within three months").
fn timescale(text: &str) -> Option<String> {
    let (a, b) = find_timescale(text)?;
    Some(lower_first(text[a..b].trim()))
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The paragraph without a leading number ("3.1 ", "1. ").
fn without_number(text: &str) -> &str {
    paragraph_number(text)
        .map(|(_, r)| r)
        .unwrap_or(text.trim())
}

/// A leading timescale phrase and its comma ("Within three months, "), if the text starts with one.
fn leading_timescale(text: &str) -> Option<&str> {
    let (a, b) = find_timescale(text)?;
    if a != 0 {
        return None;
    }
    let rest = text[b..].trim_start();
    rest.strip_prefix(',').map(str::trim_start)
}

/// Where "we recommend that" starts, when the paragraph opens with it (perhaps after a short
/// introductory clause: "To address this cause of concern, we recommend that ...").
fn we_recommend(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    let i = lower.find("we recommend that")?;
    if i == 0 {
        return Some(i);
    }
    let before = &lower[..i];
    (before.trim_end().ends_with(',') && i <= 100 && !before.contains('.')).then_some(i)
}

/// How a paragraph is a recommendation, if it is one. `in_section` is true under a
/// `Recommendation(s)` heading, where "X should ..." is enough.
fn recommendation_addressee(text: &str, in_section: bool) -> Option<Option<String>> {
    let t = without_number(text);
    if let Some(i) = we_recommend(t) {
        let after = t[i + "we recommend that".len()..].trim_start();
        let after = after
            .strip_prefix(',')
            .map(str::trim_start)
            .unwrap_or(after);
        let after = leading_timescale(after).unwrap_or(after);
        // A recommendation always names who should act; "we recommend that readers ..." is not one.
        return addressee_of(after).map(Some);
    }
    if let Some(rest) = leading_timescale(t) {
        let (who, _) = rest.split_once(" should")?;
        return is_addressee(who).then(|| Some(who.trim().to_string()));
    }
    let (who, after) = t.split_once(" should")?;
    if !is_addressee(who) {
        return None;
    }
    let after = after.trim_start_matches(',').trim_start();
    let urgent = after.starts_with("immediately") || leading_timescale(after).is_some();
    (in_section || urgent).then(|| Some(who.trim().to_string()))
}

/// The addressee at the start of the words after "we recommend that": everything before "should"
/// when it names a body, or else the run of names ("the Home Office and Department for Education
/// undertake ..." gives "the Home Office and Department for Education").
fn addressee_of(after: &str) -> Option<String> {
    if let Some((who, _)) = after.split_once(" should") {
        if is_addressee(who) {
            return Some(who.trim().to_string());
        }
    }
    const JOIN: &[&str] = &[
        "of", "and", "the", "for", "&", "all", "other", "those", "each", "every", "with",
    ];
    const BODY: &[&str] = &[
        "chief",
        "constables",
        "constable",
        "officers",
        "officer",
        "forces",
        "force",
        "police",
        "crime",
        "commissioners",
        "commissioner",
        "constabulary",
        "policing",
        "bodies",
        "body",
        "local",
        "authorities",
        "leads",
        "lead",
    ];
    let mut taken: Vec<&str> = Vec::new();
    for w in after.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let lower = bare.to_lowercase();
        let fits = bare.starts_with(|c: char| c.is_uppercase())
            || JOIN.contains(&lower.as_str())
            || BODY.contains(&lower.as_str());
        if !fits || bare.is_empty() {
            break;
        }
        taken.push(w);
        if w.ends_with([',', ';', '.']) {
            break;
        }
    }
    while taken
        .last()
        .is_some_and(|w| JOIN.contains(&w.to_lowercase().as_str()))
    {
        taken.pop();
    }
    let who = taken.join(" ");
    let who = who.trim_end_matches([',', ';', '.']).to_string();
    (!who.is_empty() && has_body_word(&who)).then_some(who)
}

/// An inline label at the start of a paragraph ("Cause of concern: ...", "6.1 Recommendation: ...",
/// "Area for improvement 3 – ..."), with the words after it.
fn inline_label(text: &str) -> Option<(Heading, &str)> {
    let t = without_number(text);
    let lower = t.to_lowercase();
    for (label, kind) in [
        ("cause of concern", Heading::CauseOfConcern),
        ("recommendation", Heading::Recommendations),
        ("area for improvement", Heading::AreasForImprovement),
    ] {
        if !lower.starts_with(label) {
            continue;
        }
        let mut rest = &t[label.len()..];
        // An optional number: "Recommendation 3: ..."
        let trimmed = rest.trim_start();
        let num_len = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        if num_len > 0 {
            rest = &trimmed[num_len..];
        }
        let rest = rest.trim_start();
        for sep in [":", "–", "-", "—"] {
            if let Some(words) = rest.strip_prefix(sep) {
                let words = words.trim();
                if !words.is_empty() {
                    return Some((kind, words));
                }
            }
        }
    }
    None
}

/// Whether a paragraph under an `Areas for improvement` heading is one (rather than an
/// introduction such as "We identified the following areas for improvement:").
fn is_improvement(text: &str) -> bool {
    let lower = text.to_lowercase();
    let asks = lower.contains("should")
        || lower.contains("needs to")
        || lower.contains("need to")
        || lower.contains(" must ")
        || lower.starts_with("the force")
        || lower.starts_with("the constabulary");
    asks && !text.trim_end().ends_with(':') && !lower.contains("recommended")
}

// ---------------------------------------------------------------------------------------------
// The scan.

#[derive(Debug, Clone, Default, PartialEq)]
struct At {
    chapter: Option<String>,
    page: Option<usize>,
    line: Option<usize>,
}

#[derive(Debug, Clone)]
struct Rec {
    text: String,
    timescale: Option<String>,
    addressee: Option<String>,
    points: Vec<String>,
    cause: Option<usize>,
    at: At,
}

#[derive(Debug, Clone)]
struct Item {
    text: String,
    at: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Mode {
    #[default]
    Narrative,
    Recommendations,
    CauseOfConcern,
    AreasForImprovement,
    Contents,
}

#[derive(Debug, Default)]
struct Scanner {
    mode: Mode,
    chapter: Option<String>,
    recs: Vec<Rec>,
    causes: Vec<Item>,
    afis: Vec<Item>,
    /// The cause of concern the next recommendations belong to.
    cause: Option<usize>,
    /// Whether the current cause's text may still grow (paragraphs under its heading).
    cause_open: bool,
    /// The recommendation that following bullets are sub-points of.
    points_for: Option<usize>,
    /// The recommendation the previous paragraph was (for a second paragraph under a heading).
    just_rec: Option<usize>,
    /// Where the latest duplicate went, so its sub-points are not taken as new items.
    skipping_duplicate: bool,
}

/// A key that is the same for an item and its repetition in a summary: words only, without a
/// paragraph number or a trailing paragraph reference such as "(2.10)".
fn dedup_key(text: &str) -> String {
    let mut t = without_number(text).trim().to_string();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let inside = &t[open + 1..t.len() - 1];
            if inside.chars().any(|c| c.is_ascii_digit())
                && inside.split_whitespace().all(|w| {
                    w.chars().any(|c| c.is_ascii_digit()) || w.chars().all(|c| c.is_alphabetic())
                })
                && inside.len() <= 40
            {
                t.truncate(open);
            }
        }
    }
    t.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Scanner {
    fn at(&self, p: &Para) -> At {
        At {
            chapter: self.chapter.clone(),
            page: p.page,
            line: p.line,
        }
    }

    fn take(&mut self, p: &Para, next_is_bullet: bool) {
        if p.toc {
            return;
        }
        if self.mode == Mode::Contents {
            let ends_with_page = p.text.split_whitespace().last().is_some_and(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            });
            if is_heading(p) && ends_with_page {
                return;
            }
            self.mode = Mode::Narrative;
        }
        if p.bullet {
            self.bullet(p);
            return;
        }
        self.skipping_duplicate = false;
        if is_heading(p) {
            self.heading(p);
            return;
        }
        let just_rec = self.just_rec.take();
        self.points_for = None;
        if let Some((kind, words)) = inline_label(&p.text) {
            match kind {
                Heading::CauseOfConcern => {
                    self.add_cause(words, p);
                    self.cause_open = false;
                    self.mode = Mode::Narrative;
                }
                Heading::Recommendations => {
                    let addressee = recommendation_addressee(words, true).flatten();
                    self.add_rec(words, addressee, p);
                }
                _ => self.add_afi(words, p),
            }
            return;
        }
        let in_section = self.mode == Mode::Recommendations;
        if let Some(addressee) = recommendation_addressee(&p.text, in_section) {
            self.add_rec(&p.text, addressee, p);
            return;
        }
        match self.mode {
            Mode::Recommendations => {
                // A second paragraph of the same recommendation.
                if let Some(i) = just_rec {
                    if !self.skipping_duplicate {
                        let rec = &mut self.recs[i];
                        rec.text.push_str("\n\n");
                        rec.text.push_str(p.text.trim());
                        self.just_rec = Some(i);
                        self.points_for = Some(i);
                    }
                }
            }
            Mode::CauseOfConcern => {
                let numbered = starts_numbered(&p.text);
                match self.cause {
                    Some(i) if self.cause_open && !numbered => {
                        let c = &mut self.causes[i];
                        c.text.push_str("\n\n");
                        c.text.push_str(p.text.trim());
                    }
                    _ if !(next_is_bullet
                        && p.text.trim_end().ends_with(':')
                        && self.cause.is_some()) =>
                    {
                        self.add_cause(without_number(&p.text), p);
                        self.cause_open = true;
                    }
                    _ => {}
                }
            }
            Mode::AreasForImprovement => {
                if is_improvement(&p.text) {
                    self.add_afi(without_number(&p.text), p);
                }
            }
            Mode::Narrative | Mode::Contents => {}
        }
    }

    fn heading(&mut self, p: &Para) {
        self.points_for = None;
        self.just_rec = None;
        let text = p.text.trim().trim_end_matches(':').to_string();
        let kind = item_heading(&text);
        let chapter = is_chapter_heading(&text);
        if chapter && kind != Some(Heading::Recommendations) || kind == Some(Heading::Summary) {
            self.chapter = Some(text.clone());
        }
        if chapter && kind == Some(Heading::Recommendations) && paragraph_number(&text).is_some() {
            self.chapter = Some(text.clone());
        }
        match kind {
            Some(Heading::Recommendations) => {
                if self.mode != Mode::CauseOfConcern && self.mode != Mode::Recommendations {
                    self.cause = None;
                }
                self.mode = Mode::Recommendations;
            }
            Some(Heading::CauseOfConcern) => {
                self.mode = Mode::CauseOfConcern;
                self.cause = None;
                self.cause_open = false;
            }
            Some(Heading::AreasForImprovement) => {
                self.mode = Mode::AreasForImprovement;
                self.cause = None;
            }
            Some(Heading::Contents) => {
                self.mode = Mode::Contents;
            }
            Some(Heading::Summary) | None => {
                self.mode = Mode::Narrative;
                self.cause = None;
            }
        }
    }

    fn bullet(&mut self, p: &Para) {
        self.just_rec = None;
        if self.skipping_duplicate {
            return;
        }
        if let Some(i) = self.points_for {
            let rec_text_ends_in_colon = self.recs[i].text.trim_end().ends_with(':');
            let own_rec = recommendation_addressee(&p.text, true).is_some();
            if rec_text_ends_in_colon || !own_rec || !self.recs[i].points.is_empty() {
                self.recs[i].points.push(p.text.trim().to_string());
                return;
            }
        }
        match self.mode {
            Mode::Recommendations => {
                if let Some(addressee) = recommendation_addressee(&p.text, true) {
                    self.add_rec(&p.text, addressee, p);
                    self.points_for = None;
                }
            }
            Mode::AreasForImprovement => {
                self.add_afi(&p.text, p);
            }
            Mode::CauseOfConcern => {
                if let Some(i) = self.cause {
                    let c = &mut self.causes[i];
                    c.text.push_str("\n- ");
                    c.text.push_str(p.text.trim());
                }
            }
            Mode::Narrative | Mode::Contents => {}
        }
    }

    fn add_rec(&mut self, text: &str, addressee: Option<String>, p: &Para) {
        let text = without_number(text).trim().to_string();
        let key = dedup_key(&text);
        if let Some(i) = self.recs.iter().position(|r| dedup_key(&r.text) == key) {
            // The same recommendation repeated (in a summary): keep the first, filling gaps.
            if self.recs[i].cause.is_none() {
                self.recs[i].cause = self.cause;
            }
            if self.recs[i].points.is_empty() {
                self.points_for = Some(i);
            } else {
                self.skipping_duplicate = true;
                self.points_for = None;
            }
            return;
        }
        let rec = Rec {
            timescale: timescale(&text),
            addressee,
            points: Vec::new(),
            cause: self.cause,
            at: self.at(p),
            text,
        };
        self.recs.push(rec);
        let i = self.recs.len() - 1;
        self.points_for = Some(i);
        self.just_rec = (self.mode == Mode::Recommendations).then_some(i);
        self.cause_open = false;
    }

    fn add_cause(&mut self, text: &str, p: &Para) {
        let text = text.trim().to_string();
        let key = dedup_key(&text);
        if let Some(i) = self.causes.iter().position(|c| dedup_key(&c.text) == key) {
            self.cause = Some(i);
            return;
        }
        self.causes.push(Item {
            text,
            at: self.at(p),
        });
        self.cause = Some(self.causes.len() - 1);
    }

    fn add_afi(&mut self, text: &str, p: &Para) {
        let text = text.trim().to_string();
        let key = dedup_key(&text);
        if self.afis.iter().any(|a| dedup_key(&a.text) == key) {
            return;
        }
        self.afis.push(Item {
            text,
            at: self.at(p),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The cover: title, kind, inspection dates.

/// The paragraphs of the cover: those before the contents, foreword or first sentence.
fn cover(paras: &[Para]) -> impl Iterator<Item = &Para> {
    paras
        .iter()
        .take_while(|p| {
            !p.toc
                && !p.bullet
                && !ends_sentence(&p.text)
                && p.text.chars().count() <= 160
                && !matches!(
                    p.text.trim().to_lowercase().as_str(),
                    "contents" | "table of contents" | "foreword" | "summary" | "introduction"
                )
        })
        .take(8)
}

/// The title from the cover: its lines, without dates and the inspectorate's name, joined by
/// dashes ("National Child Protection Inspections – Hertfordshire Constabulary").
fn title(paras: &[Para]) -> Option<String> {
    let parts: Vec<&str> = cover(paras)
        .map(|p| p.text.trim())
        .filter(|t| !looks_like_date(t) && t.starts_with(|c: char| c.is_uppercase()))
        .filter(|t| {
            let lower = t.to_lowercase();
            !(lower.contains("inspectorate")
                || lower == "hmicfrs"
                || lower.starts_with("published"))
        })
        .take(3)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" – "))
}

fn looks_like_date(t: &str) -> bool {
    let lower = t.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    let short = lower.split_whitespace().count() <= 8;
    has_year
        && short
        && (MONTHS.iter().any(|m| lower.contains(m))
            || lower.chars().filter(|c| c.is_alphabetic()).count() < 4)
}

/// The inspection's dates, when the cover gives a span: "2–13 September 2019",
/// "30 September – 4 October 2019", "28 October 2019 – 1 November 2019".
fn inspected(paras: &[Para]) -> Option<Period> {
    cover(paras).find_map(|p| period(p.text.trim()))
}

fn period(text: &str) -> Option<Period> {
    let norm = text.replace(['–', '—'], " - ").replace(" to ", " - ");
    let (a, b) = norm.split_once(" - ").or_else(|| {
        // "2-13 September 2019"
        let i = norm.find('-')?;
        Some((&norm[..i], &norm[i + 1..]))
    })?;
    let b_words: Vec<&str> = b.split_whitespace().collect();
    let a_words: Vec<&str> = a.split_whitespace().collect();
    if b_words.len() != 3 || a_words.is_empty() || a_words.len() > 3 {
        return None;
    }
    let end = day(&b_words)?;
    let start = match a_words.len() {
        1 => day(&[a_words[0], b_words[1], b_words[2]])?,
        2 => day(&[a_words[0], a_words[1], b_words[2]])?,
        _ => day(&a_words)?,
    };
    (start <= end).then_some(Period {
        from: Date(start),
        to: Date(end),
    })
}

fn day(words: &[&str]) -> Option<NaiveDate> {
    let d: u32 = words.first()?.parse().ok()?;
    let name = words.get(1)?.to_lowercase();
    let month = MONTHS.iter().position(|m| *m == name)? as u32 + 1;
    let y: i32 = words.get(2)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, month, d)
}

/// The force named at the end of a title line: "An inspection of Westshire Police" gives
/// "Westshire Police".
fn force_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len())
        .map(|i| &words[i..])
        .find(|tail| {
            tail.first()
                .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
                && tail.iter().all(|w| {
                    w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "and" | "of")
                })
        })
        .map(|tail| tail.join(" "))
        .filter(|name| is_force_name(name))
}

fn is_force_name(name: &str) -> bool {
    let t = name.trim();
    let first_upper = t.starts_with(|c: char| c.is_uppercase()) && !t.starts_with("The ");
    first_upper
        && t.split_whitespace().count() <= 5
        && (t.ends_with("Constabulary") || t.ends_with(" Police") || t.ends_with("Police Service"))
}

fn kind(title: Option<&str>, forces: &[String], recs: &[Rec]) -> ReportKind {
    let t = title.unwrap_or("").to_lowercase();
    if t.contains("peel") {
        return ReportKind::Peel;
    }
    if t.contains("custody") {
        return ReportKind::Custody;
    }
    if t.contains("spotlight") {
        return ReportKind::Spotlight;
    }
    if t.contains("crime data integrity") {
        return ReportKind::CrimeDataIntegrity;
    }
    let national = recs.iter().filter_map(|r| r.addressee.as_deref()).any(|a| {
        let a = a.to_lowercase();
        [
            "home office",
            "college of policing",
            "npcc",
            "national police chiefs",
            "chief constables",
            "ministry",
            "department",
        ]
        .iter()
        .any(|n| a.contains(n))
    });
    if t.contains("thematic") || (forces.is_empty() && national) {
        return ReportKind::NationalThematic;
    }
    if !forces.is_empty() {
        return ReportKind::ForceInspection;
    }
    ReportKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(text: &str) -> Vec<FoundRecommendation> {
        extract(&ReportText::plain(text)).recommendations
    }

    #[test]
    fn timescales_are_read_in_the_reports_words() {
        assert_eq!(
            timescale("We recommend that, within three months, X should").as_deref(),
            Some("within three months")
        );
        assert_eq!(
            timescale("The force should immediately review").as_deref(),
            Some("immediately")
        );
        assert_eq!(
            timescale("By 31 August 2015, all chief constables should").as_deref(),
            Some("by 31 August 2015")
        );
        assert_eq!(
            timescale("The College should, not later than 31 March 2015, publish").as_deref(),
            Some("not later than 31 March 2015")
        );
        assert_eq!(
            timescale("By the end of March 2024, the Home Office should").as_deref(),
            Some("by the end of March 2024")
        );
        assert_eq!(
            timescale("so that it is fully effective within its terms of reference"),
            None
        );
        assert_eq!(timescale("children who need immediate safeguarding"), None);
    }

    #[test]
    fn narrative_about_recommendations_is_not_a_recommendation() {
        let text = "Background\n\nIn 2015 we recommended that the force should immediately review its custody policy.\n\nRecommendations are tracked on our website.\n\nHertfordshire Constabulary should also provide an action plan within six weeks of the publication of this report.\n\nWe have made recommendations that will help improve outcomes.\n";
        assert!(recs(text).is_empty());
    }

    #[test]
    fn standalone_recommendations_are_found_anywhere() {
        let text = "Findings\n\nWithin three months, the force should review its use of force data.\n\nThe force should immediately stop using cells as places of safety.\n";
        let found = recs(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].timescale.as_deref(), Some("within three months"));
        assert_eq!(found[0].addressee.as_deref(), Some("the force"));
        assert_eq!(found[1].timescale.as_deref(), Some("immediately"));
        assert_eq!(found[1].addressee.as_deref(), Some("The force"));
    }

    #[test]
    fn addressees_without_should_are_the_names_after_we_recommend() {
        assert_eq!(
            addressee_of("the Ministry of Justice and Department for Education undertake a review")
                .as_deref(),
            Some("the Ministry of Justice and Department for Education")
        );
        assert_eq!(
            addressee_of("the Home Office jointly with other government departments considers")
                .as_deref(),
            Some("the Home Office")
        );
        assert_eq!(
            addressee_of("chief constables take steps to reduce").as_deref(),
            Some("chief constables")
        );
    }

    #[test]
    fn contents_lines_are_recognised() {
        assert!(is_toc_line("7. Recommendations\t41"));
        assert!(is_toc_line("Recommendations ........ 41"));
        assert!(is_toc_line("Foreword\ti"));
        assert!(!is_toc_line("We recommend that, within 12 months"));
        assert!(!is_toc_line("Recommendation 1"));
    }

    #[test]
    fn inspection_spans_are_read_from_the_cover() {
        let p = period("2–13 September 2019").unwrap();
        assert_eq!(
            (p.from.iso(), p.to.iso()),
            ("2019-09-02".to_string(), "2019-09-13".to_string())
        );
        let p = period("30 September – 4 October 2019").unwrap();
        assert_eq!(
            (p.from.iso(), p.to.iso()),
            ("2019-09-30".to_string(), "2019-10-04".to_string())
        );
        assert!(period("March 2020").is_none());
    }

    #[test]
    fn wrapped_pdf_lines_are_joined_into_paragraphs() {
        let page = "Recommendation\n\nWe recommend that, within three months, the force should carry out a\nreview of its custody training for all officers and staff who work in\ncustody. This should include:\n• the welfare of children;\n• making referrals.\n\n12\n";
        let report = ReportText {
            pages: vec![page.to_string()],
            from_pdf: true,
        };
        let found = extract(&report).recommendations;
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].text,
            "We recommend that, within three months, the force should carry out a review of its custody training for all officers and staff who work in custody. This should include:"
        );
        assert_eq!(
            found[0].points,
            ["the welfare of children;", "making referrals."]
        );
        assert_eq!(found[0].page, Some(1));
    }
}
