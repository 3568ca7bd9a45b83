//! `s55 extract --review`: sentences outside the items found that read like recommendations, for
//! an officer to look at.

use super::*;
use serde::Serialize;

/// A sentence that reads like a recommendation but is in no item found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewSentence {
    /// The sentence, as read.
    pub text: String,
    /// Where it is: the page of a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Where it is: the line of a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// Whether a sentence reads like a recommendation: "should", "must" or "we recommend".
fn reads_like_one(sentence: &str) -> bool {
    let lower = format!(" {} ", sentence.to_lowercase());
    [
        " should ",
        " should,",
        " should:",
        " must ",
        "we recommend",
        "recommends that",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Words only, for seeing whether a sentence is inside an item.
fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every sentence outside the items found that reads like a recommendation, in report order.
pub fn review(report: &ReportText, found: &Extracted) -> Vec<ReviewSentence> {
    let mut taken = String::new();
    for r in &found.recommendations {
        taken.push_str(&words(&r.text));
        taken.push('|');
        for p in &r.points {
            taken.push_str(&words(p));
            taken.push('|');
        }
    }
    for i in found
        .causes_of_concern
        .iter()
        .chain(&found.areas_for_improvement)
    {
        taken.push_str(&words(&i.text));
        taken.push('|');
    }
    let mut out = Vec::new();
    for p in paragraphs(report).iter().filter(|p| !p.toc) {
        for sentence in counts::sentences(&p.text) {
            let w = words(sentence);
            if reads_like_one(sentence) && !w.is_empty() && !taken.contains(&w) {
                out.push(ReviewSentence {
                    text: sentence.to_string(),
                    page: p.page,
                    line: p.line,
                });
            }
        }
    }
    out
}
