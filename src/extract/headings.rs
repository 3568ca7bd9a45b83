//! Headings: the item headings HMICFRS uses and chapter headings.

use super::*;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Heading {
    Recommendations,
    CauseOfConcern,
    AreasForImprovement,
    /// A closing summary of causes of concern, recommendations and areas for improvement.
    Summary,
    Contents,
}

/// Whether a paragraph is set as a heading: short, not a sentence, and not a recommendation.
pub(super) fn is_heading(p: &Para) -> bool {
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
pub(super) fn item_heading(text: &str) -> Option<Heading> {
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
pub(super) fn strip_section_label(t: &str) -> Option<&str> {
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
pub(super) fn is_chapter_heading(text: &str) -> bool {
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
                | "findings"
                | "our findings"
                | "detailed findings"
                | "main findings"
                | "overview"
                | "overall summary"
                | "recommendations"
                | "about us"
                | "about this inspection"
        )
}
