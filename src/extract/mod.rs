//! Finding what an HMICFRS report asks for: its recommendations (word for word, with sub-points,
//! timescale, addressee, cause of concern and chapter), its causes of concern and its areas for
//! improvement.
//!
//! This module knows HMICFRS wording and nothing else. It reads a report as HMICFRS publishes it (a PDF,
//! whose text is extracted here, or plain text copied from the web page) and recognises the layouts
//! HMICFRS uses, each a named [`Recogniser`]. Its parts:
//!
//! - `read`: the text of a PDF page by page, or a text file; ligatures, footnote markers and
//!   spaced-out digits undone;
//! - `paragraphs`: lines to paragraphs, bullets and contents lines; running headers, footers and page
//!   numbers dropped; hyphenated line ends rejoined; paragraphs followed across page breaks;
//! - `headings`: item headings ("Recommendations", "Cause of concern 2") and chapter headings;
//! - `wording`: addressees, timescales (in either order), "we recommend that", labels;
//! - `recognise`: the scan that applies the recognisers;
//! - `counts`: the counts a report states, and the warnings when they differ from what was found;
//! - `review`: sentences outside the items that read like recommendations (`s55 extract --review`);
//! - `cover`: title, kind of report, inspection dates, forces.
//!
//! Narrative about recommendations ("in 2015 we recommended that ...", "recommendations are
//! tracked on our website", "the force should also provide an action plan within six weeks"),
//! chapters about an earlier inspection's recommendations and the table of contents are not
//! recommendations. An item repeated in a report's summary is listed once.

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
    /// How many of each the report says it contains, where it says so.
    pub stated: ItemCounts,
    /// What the officer must check by hand: a stated count that differs from what was found, a
    /// recommendation that names no addressee.
    pub warnings: Vec<String>,
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
    /// Which layout it was recognised in.
    pub found_by: Recogniser,
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
    /// Which layout it was recognised in.
    pub found_by: Recogniser,
    /// Where it starts: the page of a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// Where it starts: the line of a text file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

mod counts;
mod cover;
mod headings;
mod paragraphs;
mod read;
mod recognise;
mod review;
mod wording;

use crate::model::ItemCounts;
pub use counts::count_warnings;
pub use recognise::Recogniser;
pub use review::{ReviewSentence, review};

use cover::*;
use headings::*;
use paragraphs::*;
pub use read::{REPORT_LIMIT, ReportText, read_report, report_text};
use recognise::*;
use wording::*;

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
    let recommendations: Vec<FoundRecommendation> = s
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
            found_by: r.by,
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
                found_by: it.by,
                page: it.at.page,
                line: it.at.line,
            })
            .collect()
    };
    let causes_of_concern = items(s.causes, "C");
    let areas_for_improvement = items(s.afis, "AFI");
    let stated = counts::stated(&paras);
    let found = ItemCounts {
        recommendations: Some(recommendations.len()),
        causes_of_concern: Some(causes_of_concern.len()),
        areas_for_improvement: Some(areas_for_improvement.len()),
    };
    let mut warnings = count_warnings(&stated, &found);
    for r in &recommendations {
        if r.addressee.is_none() {
            warnings.push(format!(
                "{} does not say who should act on it: write its addressee by hand, from the report (s55 does not guess)",
                r.id
            ));
        }
    }
    Extracted {
        title,
        kind,
        forces,
        inspected,
        recommendations,
        causes_of_concern,
        areas_for_improvement,
        stated,
        warnings,
    }
}

/// For `s55 check`: why the items of a response's report may be incomplete. Empty when `s55 new`
/// found as many of each as the report says it has, when the report states no counts, or once the
/// officer has recorded `checked_by_hand: true`.
pub fn extraction_warnings(report: &crate::model::Report) -> Vec<String> {
    let Some(x) = &report.extraction else {
        return Vec::new();
    };
    if x.checked_by_hand {
        return Vec::new();
    }
    let now = ItemCounts {
        recommendations: Some(report.recommendations.len()),
        causes_of_concern: Some(report.causes_of_concern.len()),
        areas_for_improvement: Some(report.areas_for_improvement.len()),
    };
    count_warnings(&x.stated, &now)
        .into_iter()
        .map(|w| format!("{w}; then set `checked_by_hand: true` under `report: extraction:`"))
        .collect()
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

    #[test]
    fn timescale_before_the_addressee_is_not_part_of_it() {
        assert_eq!(
            recommendation_addressee(
                "Immediately Southvale Police should review its cases.",
                false
            ),
            Some(Some("Southvale Police".to_string()))
        );
        assert_eq!(
            recommendation_addressee(
                "HMICFRS recommends that within six months Southvale Police should:",
                false
            ),
            Some(Some("Southvale Police".to_string()))
        );
        // Passive: who should act is not named, and is not guessed from the subject.
        let found = recs(
            "Recommendations\n\n1. Training for police officers should be updated by 30 June 2024.\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].addressee, None);
        assert_eq!(found[0].found_by, Recogniser::Unaddressed);
        assert_eq!(found[0].timescale.as_deref(), Some("by 30 June 2024"));
    }

    #[test]
    fn a_numbered_area_for_improvement_ends_at_the_next_sub_heading() {
        let text = "Investigating crime\n\nArea for improvement 1\n\nThe force should make sure that investigations are supervised\n\nWe found no record of review in a third of cases.\n\nSupervision of investigations\n\nSupervisors should check investigations more often, and they should record that they have done so.\n\nOfficers must follow the authorised professional practice.\n";
        let e = extract(&ReportText::plain(text));
        let afis: Vec<&str> = e
            .areas_for_improvement
            .iter()
            .map(|a| a.text.as_str())
            .collect();
        assert_eq!(
            afis,
            ["The force should make sure that investigations are supervised"]
        );
    }

    #[test]
    fn each_cause_of_concern_in_a_list_has_its_own_recommendations() {
        let text = "Causes of concern\n\nThe force needs to improve how it protects victims of domestic abuse\n\nRisk assessments were often wrong.\n\nRecommendations\n\nWithin three months, the force should review its risk assessments.\n\nThe force needs to improve how it manages registered sex offenders\n\nMany visits were overdue.\n\nRecommendations\n\nWithin six months, the force should complete every overdue visit.\n\nBy 31 March 2026, the force should review its risk management plans.\n";
        let e = extract(&ReportText::plain(text));
        assert_eq!(e.causes_of_concern.len(), 2, "{:#?}", e.causes_of_concern);
        assert!(
            e.causes_of_concern[1]
                .text
                .starts_with("The force needs to improve how it manages")
        );
        let causes: Vec<Option<&str>> = e
            .recommendations
            .iter()
            .map(|r| r.cause_of_concern.as_deref())
            .collect();
        assert_eq!(causes, [Some("C1"), Some("C2"), Some("C2")]);
    }

    #[test]
    fn headings_listed_in_the_contents_are_chapters() {
        let text = "Contents\n\nAreas for improvement\t4\nInvestigating crime\t9\nAnnex A: About the data\t20\n\nAreas for improvement\n\nThey are set out in the chapters they relate to.\n\nInvestigating crime\n\nArea for improvement 1\n\nThe force should make sure that investigations are supervised\n";
        let e = extract(&ReportText::plain(text));
        assert_eq!(e.areas_for_improvement.len(), 1);
        assert_eq!(
            e.areas_for_improvement[0].chapter.as_deref(),
            Some("Investigating crime")
        );
    }

    #[test]
    fn a_bullet_broken_mid_word_at_a_page_break_goes_on_over_the_page() {
        let pages = [
            "Recommendations\n\nWithin six months, the force should make sure that its unit has the capacity it needs. This should include:\n• a plan to recruit and keep enough digital forensic examiners, with a\nclear route for invest-\n\n1\n",
            "igators who wish to specialise in digital forensics;\n• enough kiosks for investigators to carry out simple examinations; and\n• a quarterly report to the chief officer group.\n\n2\n",
        ];
        let report = ReportText {
            pages: pages.iter().map(|p| p.to_string()).collect(),
            from_pdf: true,
        };
        let found = extract(&report).recommendations;
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].points,
            [
                "a plan to recruit and keep enough digital forensic examiners, with a clear route for investigators who wish to specialise in digital forensics;",
                "enough kiosks for investigators to carry out simple examinations; and",
                "a quarterly report to the chief officer group."
            ]
        );
    }

    #[test]
    fn should_sentences_in_findings_after_a_recommendation_are_not_items() {
        let text = "Responding to the public\n\nRecommendation 1\n\nWithin three months, the force should make sure that it:\n• answers calls quickly; and\n• records the outcome.\n\nThe force answered 62 percent of emergency calls within 10 seconds. Supervisors should be reviewing a sample of calls each week, but we found little evidence that this happens.\n\nCall handlers should be given more time for training.\n\nRecommendations\n\nOfficers told us that supervisors should be reviewing their work more often.\n\nThere must be enough staff to answer calls, we found.\n";
        let found = recs(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].points.len(), 2);
    }

    #[test]
    fn unaddressed_recommendations_are_taken_only_in_their_own_forms() {
        // Numbered, "There should be ...", or passive right under the heading: each is an item.
        let text = "Recommendations\n\nGuidance on stalking should be updated by 30 June 2024.\n\nThere should be a national training standard for stalking.\n\n3. Every stalking report must be recorded as a crime.\n";
        let found = recs(text);
        let by: Vec<Recogniser> = found.iter().map(|r| r.found_by).collect();
        assert_eq!(by, [Recogniser::Unaddressed; 3], "{found:#?}");
    }

    #[test]
    fn a_recommendations_heading_inside_a_chapter_is_not_a_chapter() {
        let text = "Contents\n\nOverall summary\t2\nInvestigating crime\t4\n\nOverall summary\n\nWe make one recommendation.\n\nInvestigating crime\n\nInadequate\n\nCause of concern\n\nThe force doesn't always carry out effective investigations.\n\nRecommendations\n\nWithin six months, the force should review how it allocates investigations.\n\nArea for improvement 1\n\nThe force should improve the information it gives to victims.\n";
        let e = extract(&ReportText::plain(text));
        assert_eq!(
            e.recommendations[0].chapter.as_deref(),
            Some("Investigating crime")
        );
        assert_eq!(
            e.areas_for_improvement[0].chapter.as_deref(),
            Some("Investigating crime")
        );
    }

    #[test]
    fn a_graded_peel_heading_is_a_chapter_without_contents() {
        let text = "Overall summary\n\nWe make one recommendation.\n\nResponding to the public\n\nRequires improvement\n\nCause of concern\n\nThe force isn't answering calls quickly enough.\n\nRecommendation 1\n\nWithin three months, the force should answer calls more quickly.\n\nArea for improvement 1\n\nThe force should tell callers when a response is delayed.\n";
        let e = extract(&ReportText::plain(text));
        let chapter = Some("Responding to the public");
        assert_eq!(e.recommendations[0].chapter.as_deref(), chapter);
        assert_eq!(e.causes_of_concern[0].chapter.as_deref(), chapter);
        assert_eq!(e.areas_for_improvement[0].chapter.as_deref(), chapter);
    }

    #[test]
    fn counts_stated_with_also_are_read() {
        let text = "Overall summary\n\nIn this report, we have identified two causes of concern and made four recommendations. We have also identified four areas for improvement.\n";
        let e = extract(&ReportText::plain(text));
        assert_eq!(e.stated.recommendations, Some(4));
        assert_eq!(e.stated.causes_of_concern, Some(2));
        assert_eq!(e.stated.areas_for_improvement, Some(4));
    }

    #[test]
    fn letters_kerned_apart_in_a_pdf_are_joined() {
        assert_eq!(
            read::normalise(
                "Within three months, W estmarch P olice should. T oo many. W e found",
                true
            ),
            "Within three months, Westmarch Police should. Too many. We found"
        );
        assert_eq!(
            read::normalise("Annex P of the report; Part A and Table T are", true),
            "Annex P of the report; Part A and Table T are"
        );
    }

    #[test]
    fn pdf_typesetting_is_undone() {
        assert_eq!(
            read::normalise(
                "the oﬃcers’ ﬁrst answered.3 Too many footnote1 2 marker",
                true
            ),
            "the officers’ first answered. Too many footnote marker"
        );
        assert_eq!(
            read::normalise(
                "4 –1 5 March 2 0 2 4, within 1 2 months, Section 1 . Summary",
                true
            ),
            "4–15 March 2024, within 12 months, Section 1. Summary"
        );
        assert_eq!(
            read::normalise("within 12 months", true),
            "within 12 months"
        );
    }
}
