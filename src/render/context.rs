//! What a template sees: the response (report, body, chief officer, comments, letter), each answer
//! with the report items it covers written out, the computed dates and the checks' findings.

use crate::checks::{Assessment, Finding, Timing};
use crate::law;
use crate::load::Response;
use crate::model::{Answer, Body, ChiefOfficer, Comments, ItemKind, Letter, Report};
use serde::Serialize;

/// The whole context handed to a letter template. Its field names are the template variables
/// listed in the README.
#[derive(Debug, Serialize)]
pub struct LetterContext<'a> {
    pub layout: &'a str,
    pub report: ReportView<'a>,
    pub body: BodyView<'a>,
    pub chief_officer: &'a ChiefOfficer,
    pub comments: &'a Comments,
    pub answers: Vec<AnswerView<'a>>,
    pub letter: &'a Letter,
    /// The addressees' names joined in words: "A, B and C".
    pub to_line: Option<String>,
    /// The copies' names joined in words.
    pub copies_line: Option<String>,
    /// How the chief officer's comments on an item are labelled: "Dorset Police's response".
    pub chief_officer_label: String,
    pub deadline: DeadlineView,
    pub findings: &'a [Finding],
    pub statute: Statute,
}

/// The report, with its kind in words.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    #[serde(flatten)]
    pub report: &'a Report,
    pub kind_label: &'static str,
}

/// The body, with its role in general words ("Police and Crime Commissioner").
#[derive(Debug, Serialize)]
pub struct BodyView<'a> {
    #[serde(flatten)]
    pub body: &'a Body,
    pub role: &'a str,
}

/// An answer, with the report items it covers.
#[derive(Debug, Serialize)]
pub struct AnswerView<'a> {
    #[serde(flatten)]
    pub answer: &'a Answer,
    /// The items answered, in the order the answer lists them.
    pub covered: Vec<ItemView<'a>>,
    /// The position in words: "Action taken", "Action proposed", "No action".
    pub position_label: Option<&'static str>,
    /// A heading naming the items: "Recommendation 6", "Recommendations 1, 2 and 4".
    pub heading: String,
    /// The answer's number among the answers that have a `summary`, for layouts that number only
    /// those (as the Dorset letter does).
    pub summary_number: Option<usize>,
}

/// One report item as a template sees it.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    pub id: &'a str,
    pub kind: ItemKind,
    /// Its number among items of its kind in the report, from 1.
    pub number: usize,
    pub text: &'a str,
    pub points: &'a [String],
    pub timescale: Option<&'a str>,
    pub addressee: Option<&'a str>,
}

/// The statutory deadline, computed.
#[derive(Debug, Serialize)]
pub struct DeadlineView {
    /// The last day, YYYY-MM-DD, or none for a report published before 2 May 2017.
    pub last_day: Option<String>,
    pub days_left: Option<i64>,
    pub state: &'static str,
    /// "56 days beginning with the day of publication, s.55(5A)".
    pub rule: &'static str,
}

/// The statutory wording templates cite, so that no officer has to type it.
#[derive(Debug, Serialize)]
pub struct Statute {
    /// "section 55 of the Police Act 1996"
    pub citation: &'static str,
    /// "Police Act 1996, s.55"
    pub short: &'static str,
}

const STATUTE: Statute = Statute {
    citation: "section 55 of the Police Act 1996",
    short: "Police Act 1996, s.55",
};

impl<'a> LetterContext<'a> {
    /// Builds the context for one response and its assessment.
    pub fn new(response: &'a Response, assessment: &'a Assessment) -> LetterContext<'a> {
        let report = &response.report;
        let mut summaries = 0;
        let answers = response
            .comments
            .answers
            .iter()
            .map(|answer| {
                let covered: Vec<ItemView> = answer
                    .items
                    .iter()
                    .filter_map(|id| item_view(report, id))
                    .collect();
                let summary_number = answer.summary.as_ref().map(|_| {
                    summaries += 1;
                    summaries
                });
                AnswerView {
                    answer,
                    heading: heading(&covered),
                    covered,
                    position_label: answer.position.map(|p| p.label()),
                    summary_number,
                }
            })
            .collect();
        let title = response.body.title.as_str();
        let role = title.split_once(" for ").map(|(r, _)| r).unwrap_or(title);
        LetterContext {
            layout: &response.layout,
            report: ReportView {
                report,
                kind_label: report.kind.label(),
            },
            body: BodyView {
                body: &response.body,
                role,
            },
            chief_officer: &response.chief_officer,
            comments: &response.comments,
            answers,
            letter: &response.letter,
            to_line: response.letter.to.as_deref().map(names_in_words),
            copies_line: response.letter.copies.as_deref().map(names_in_words),
            chief_officer_label: format!(
                "{}'s response",
                response
                    .chief_officer
                    .force
                    .as_deref()
                    .unwrap_or(&response.chief_officer.title)
            ),
            deadline: deadline_view(&assessment.timing),
            findings: &assessment.findings,
            statute: STATUTE,
        }
    }

    /// The context in Tera's form.
    pub fn to_tera(&self) -> tera::Context {
        tera::Context::from_serialize(self).expect("the letter context always serialises")
    }
}

/// "A, B and C".
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn names_in_words(recipients: &[crate::model::Recipient]) -> String {
    and_list(
        &recipients
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
    )
}

/// "Recommendation 6", "Recommendations 1, 2 and 4", "Area for improvement 3", grouped by kind.
fn heading(items: &[ItemView]) -> String {
    let mut parts = Vec::new();
    for kind in [
        ItemKind::CauseOfConcern,
        ItemKind::Recommendation,
        ItemKind::AreaForImprovement,
    ] {
        let numbers: Vec<String> = items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.number.to_string())
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let mut name = match kind {
            ItemKind::CauseOfConcern => "Cause of concern",
            ItemKind::Recommendation => "Recommendation",
            ItemKind::AreaForImprovement => "Area for improvement",
        }
        .to_string();
        if numbers.len() > 1 {
            name = match kind {
                ItemKind::CauseOfConcern => "Causes of concern".into(),
                ItemKind::AreaForImprovement => "Areas for improvement".into(),
                ItemKind::Recommendation => "Recommendations".into(),
            };
        }
        let refs: Vec<&str> = numbers.iter().map(String::as_str).collect();
        parts.push(format!("{name} {}", and_list(&refs)));
    }
    let joined: Vec<&str> = parts.iter().map(String::as_str).collect();
    and_list(&joined)
}

fn deadline_view(t: &Timing) -> DeadlineView {
    DeadlineView {
        last_day: t.last_day.map(|d| d.iso()),
        days_left: t.days_left,
        state: t.state.label(),
        rule: law::DEADLINE_RULE,
    }
}

fn item_view<'a>(report: &'a Report, id: &str) -> Option<ItemView<'a>> {
    if let Some((i, r)) = report
        .recommendations
        .iter()
        .enumerate()
        .find(|(_, r)| r.id == id)
    {
        return Some(ItemView {
            id: &r.id,
            kind: ItemKind::Recommendation,
            number: i + 1,
            text: &r.text,
            points: &r.points,
            timescale: r.timescale.as_deref(),
            addressee: r.addressee.as_deref(),
        });
    }
    if let Some((i, c)) = report
        .causes_of_concern
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == id)
    {
        return Some(ItemView {
            id: &c.id,
            kind: ItemKind::CauseOfConcern,
            number: i + 1,
            text: &c.text,
            points: &[],
            timescale: None,
            addressee: None,
        });
    }
    report
        .areas_for_improvement
        .iter()
        .enumerate()
        .find(|(_, a)| a.id == id)
        .map(|(i, a)| ItemView {
            id: &a.id,
            kind: ItemKind::AreaForImprovement,
            number: i + 1,
            text: &a.text,
            points: &[],
            timescale: None,
            addressee: None,
        })
}
