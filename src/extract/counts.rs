//! The safety net: how many items a report says it contains ("We make five recommendations",
//! "we identified two causes of concern"), compared with how many were found.

use super::*;
use crate::model::ItemCounts;

/// Numbers as HMICFRS writes them, in figures or words ("three", "twenty-four").
pub(super) fn number(word: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "zero",
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
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if let Ok(n) = w.parse::<usize>() {
        return (n < 200).then_some(n);
    }
    let lower = w.to_lowercase();
    // "twenty-four": tens and units joined with a hyphen.
    if let Some((tens, units)) = lower.split_once('-') {
        let tens = ["twenty", "thirty", "forty", "fifty"]
            .iter()
            .position(|t| *t == tens)?;
        let units = WORDS[1..10].iter().position(|u| *u == units)? + 1;
        return Some((tens + 2) * 10 + units);
    }
    WORDS.iter().position(|x| *x == lower)
}

/// Words that make a count about an earlier inspection, or about part of the items, not this
/// report's own total.
const NOT_THIS_REPORT: &[&str] = &[
    "previous",
    "earlier",
    "last",
    "had ",
    "of the ",
    "of our ",
    "in our 20",
    "in 20",
    "since ",
    "outstanding",
    "completed",
    "progress",
    "were ",
    "achieved",
    "for the home office",
    "are for",
    "is for",
];

/// The counts a report states in its own narrative. A sentence counts when it says "we make",
/// "we have made", "we identified", "we have also identified", "we found", "we set out", "this
/// report contains" or the like and is not about an earlier inspection.
pub(super) fn stated(paras: &[Para]) -> ItemCounts {
    let mut counts = ItemCounts::default();
    for p in paras.iter().filter(|p| !p.toc) {
        for sentence in sentences(&p.text) {
            // "We have also identified four areas for improvement": an adverb between "we" (or
            // "have") and the verb does not change what is stated.
            let lower = format!(" {} ", sentence.to_lowercase());
            let lower = [" also ", " additionally ", " further ", " now "]
                .iter()
                .fold(lower, |l, adverb| l.replace(adverb, " "));
            let lower = lower.trim();
            let says = [
                "we make ",
                "we have made ",
                "we made ",
                "we identified ",
                "we have identified ",
                "we found ",
                "we set out ",
                "we raised ",
                "this report contains ",
                "this report makes ",
                "we are making ",
            ]
            .iter()
            .any(|v| lower.contains(v));
            if !says || NOT_THIS_REPORT.iter().any(|w| lower.contains(w)) {
                continue;
            }
            let words: Vec<&str> = sentence.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                // "with a recommendation" is one.
                let n = number(w).or_else(|| {
                    (w.eq_ignore_ascii_case("a")
                        && i > 0
                        && words[i - 1].eq_ignore_ascii_case("with"))
                    .then_some(1)
                });
                let Some(n) = n else { continue };
                let mut rest: Vec<String> = words[i + 1..]
                    .iter()
                    .take(5)
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .collect();
                // "six new recommendations", "two national recommendations"
                while rest
                    .first()
                    .is_some_and(|w| matches!(w.as_str(), "new" | "national" | "further" | "main"))
                {
                    rest.remove(0);
                }
                let phrase = rest.join(" ");
                let slot = if phrase.starts_with("recommendation") {
                    &mut counts.recommendations
                } else if phrase.starts_with("cause of concern")
                    || phrase.starts_with("causes of concern")
                {
                    &mut counts.causes_of_concern
                } else if phrase.starts_with("area for improvement")
                    || phrase.starts_with("areas for improvement")
                {
                    &mut counts.areas_for_improvement
                } else {
                    continue;
                };
                if slot.is_none() {
                    *slot = Some(n);
                }
            }
        }
    }
    counts
}

/// The sentences of a paragraph.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(['.', '?', '!', ';']) {
        let next = bytes.get(i + 1);
        let after = bytes.get(i + 2);
        if next == Some(&b' ') && after.is_some_and(|b| b.is_ascii_uppercase()) {
            out.push(text[start..=i].trim());
            start = i + 2;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Warnings for each kind whose stated count differs from the number found.
pub fn count_warnings(stated: &ItemCounts, found: &ItemCounts) -> Vec<String> {
    let mut out = Vec::new();
    for (said, got, one, many) in [
        (
            stated.recommendations,
            found.recommendations,
            "recommendation",
            "recommendations",
        ),
        (
            stated.causes_of_concern,
            found.causes_of_concern,
            "cause of concern",
            "causes of concern",
        ),
        (
            stated.areas_for_improvement,
            found.areas_for_improvement,
            "area for improvement",
            "areas for improvement",
        ),
    ] {
        let (Some(said), Some(got)) = (said, got) else {
            continue;
        };
        if said != got {
            let name = |n: usize| format!("{n} {}", if n == 1 { one } else { many });
            out.push(format!(
                "the report says it has {} but s55 found {}: read the report and add any that are missing (or remove any that are not {many})",
                name(said),
                name(got)
            ));
        }
    }
    out
}
