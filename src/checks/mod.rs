//! The checks a careful reviewer makes of a section 55 response. Each rule is a value in [`RULES`]
//! (its id, severity, meaning and statutory basis), and each family of rules has its own module with
//! the function that finds them: `deadline`, `coverage` (every recommendation answered and
//! explained), `chief_officer`, `copies`, `consistency` (dates and ids) and `texts`
//! (placeholders, empty texts, and text YAML would drop or run together). [`assess`] runs them all;
//! the registry drives `check`, `status`, `build` and the README's table.

mod chief_officer;
mod consistency;
mod copies;
mod coverage;
mod deadline;
mod rules;
mod texts;

pub use copies::{is_hmicfrs, is_secretary_of_state};
pub use rules::{RULES, Rule, RuleId};
pub use texts::placeholder;

use crate::date::{Date, day_in_words};
use crate::diagnostic::Location;
use crate::law;
use crate::load::{Place, Response};
use crate::model::Answer;
use crate::path;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// How serious a finding is. Errors mean the response does not meet section 55 (or is not ready);
/// warnings are worth a look but do not block publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The response does not meet section 55, or is not ready to publish.
    Error,
    /// Worth a look, but does not stop publication.
    Warning,
}

/// One problem found in a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Whether this is an error or a warning.
    pub severity: Severity,
    /// The rule's stable id, for example `recommendation-unanswered`.
    pub rule: RuleId,
    /// The id of the report item concerned, if any.
    pub item: Option<String>,
    /// What is wrong, naming the item, in plain English.
    pub message: String,
    /// What to do about it, when there is more to say than the message.
    pub hint: Option<String>,
    /// The file where the fix goes: the response, its shared report file or the office file.
    pub file: Option<PathBuf>,
    /// The line of that file (from 1).
    pub line: Option<usize>,
    /// The column of that line (from 1, in characters).
    pub column: Option<usize>,
    /// The line itself and how much of it to underline, for the terminal.
    #[serde(skip)]
    pub location: Option<Location>,
}

impl Finding {
    /// Points the finding at a place.
    pub fn at(mut self, place: Place) -> Finding {
        self.file = Some(place.file);
        self.line = Some(place.location.line);
        self.column = Some(place.location.column);
        self.location = Some(place.location);
        self
    }

    /// Adds what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }
}

/// What a response's timing looks like today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// The report's publication date.
    pub published: Date,
    /// The last day to publish the response, or `None` before 2 May 2017.
    pub last_day: Option<Date>,
    /// Days left until the last day, counted from today, for an unpublished response.
    pub days_left: Option<i64>,
    /// When the response itself was published.
    pub response_published: Option<Date>,
    /// `published`, `draft` or `overdue`.
    pub state: State,
}

/// Where a response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Still unpublished, and the last day has passed.
    Overdue,
    /// Still unpublished, in time.
    Draft,
    /// Published.
    Published,
}

impl State {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            State::Overdue => "overdue",
            State::Draft => "draft",
            State::Published => "published",
        }
    }
}

/// The result of checking one response.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// The deadline, and whether the response is published, in draft or overdue.
    pub timing: Timing,
    /// Every problem found, in the order the rules are listed.
    pub findings: Vec<Finding>,
    /// Recommendations with an explanation, out of all recommendations.
    pub answered: usize,
    /// How many recommendations the report makes.
    pub recommendations: usize,
}

impl Assessment {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Computes a response's timing relative to `today`.
pub fn timing(response: &Response, today: NaiveDate) -> Timing {
    let published = response.report.published;
    let last_day = law::last_day(published.0).map(Date);
    let response_published = response.letter.published.as_ref().map(|p| p.on);
    let days_left = match (last_day, response_published) {
        (Some(last), None) => Some(law::days_left(last.0, today)),
        _ => None,
    };
    let state = match (response_published, days_left) {
        (Some(_), _) => State::Published,
        (None, Some(d)) if d < 0 => State::Overdue,
        (None, _) => State::Draft,
    };
    Timing {
        published,
        last_day,
        days_left,
        response_published,
        state,
    }
}

/// Runs every rule on a response.
pub fn assess(response: &Response, today: NaiveDate) -> Assessment {
    let timing = timing(response, today);
    let mut findings = Vec::new();
    deadline::deadline(response, &timing, &mut findings);
    coverage::extraction(response, &mut findings);
    coverage::coverage(response, &mut findings);
    coverage::areas_for_improvement(response, &mut findings);
    coverage::causes_of_concern(response, &mut findings);
    chief_officer::chief_officer(response, &mut findings);
    copies::copies(response, &mut findings);
    consistency::dates(response, &mut findings);
    deadline::publication_date(response, today, &mut findings);
    consistency::ids(response, &mut findings);
    texts::texts(response, &mut findings);
    findings.sort_by_key(|f| f.rule as usize);
    let recommendations = response.report.recommendations.len();
    let unexplained: BTreeSet<&str> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.rule,
                RuleId::RecommendationUnanswered | RuleId::ExplanationMissing
            )
        })
        .filter_map(|f| f.item.as_deref())
        .collect();
    let answered = response
        .report
        .recommendations
        .iter()
        .filter(|r| !unexplained.contains(r.id.as_str()))
        .count();
    Assessment {
        timing,
        findings,
        answered,
        recommendations,
    }
}

fn finding(id: RuleId, item: Option<&str>, place: Option<Place>, message: String) -> Finding {
    let f = Finding {
        severity: id.rule().severity,
        rule: id,
        item: item.map(str::to_string),
        message,
        hint: None,
        file: None,
        line: None,
        column: None,
        location: None,
    };
    match place {
        Some(place) => f.at(place),
        None => f,
    }
}

/// How findings name a report item: its kind, id and the start of its words.
pub fn describe_item(response: &Response, id: &str) -> String {
    let Some((kind, _, text)) = response.report.items().find(|(_, i, _)| *i == id) else {
        return format!("item {id}");
    };
    format!(
        "{} {id} (“{}”)",
        kind.label(),
        excerpt(distinctive(text), 70)
    )
}

/// The words that tell one recommendation from another: HMICFRS starts most of them the same way
/// ("We recommend that, within three months, Hertfordshire Constabulary should ..."), so quote from
/// just after the first "should" when it comes early.
fn distinctive(text: &str) -> &str {
    match text.find(" should ") {
        Some(i) if i < 120 => &text[i + " should ".len()..],
        _ => text,
    }
}

fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// The answers covering each item id, in order. An answer with nothing written but its `items`
/// (as `s55 new` leaves them) is not an answer yet.
pub(super) fn answers_by_item(response: &Response) -> BTreeMap<&str, Vec<usize>> {
    let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, answer) in response.comments.answers.iter().enumerate() {
        if is_stub(answer) {
            continue;
        }
        for id in &answer.items {
            map.entry(id.as_str()).or_default().push(i);
        }
    }
    map
}

/// Whether an answer has nothing written but its `items` (as `s55 new` leaves them).
pub(super) fn is_stub(answer: &Answer) -> bool {
    answer.position.is_none()
        && answer.due.is_none()
        && [
            &answer.summary,
            &answer.chief_officer,
            &answer.comment,
            &answer.owner,
            &answer.reason,
        ]
        .into_iter()
        .all(|t| !filled(t))
}

/// Where the answer at `index` lists `id` (or its `items:` key).
pub(super) fn at_answer_item(response: &Response, index: usize, id: &str) -> Place {
    let answer = &response.comments.answers[index];
    match answer.items.iter().position(|i| i == id) {
        Some(k) => response.at(&path!["comments", "answers", index, "items", k]),
        None => response.at(&path!["comments", "answers", index, "items"]),
    }
}

/// The first answer (stub or not) that lists each id.
pub(super) fn listed_in(response: &Response) -> BTreeMap<&str, usize> {
    let mut map = BTreeMap::new();
    for (i, a) in response.comments.answers.iter().enumerate() {
        for id in &a.items {
            map.entry(id.as_str()).or_insert(i);
        }
    }
    map
}

/// Where the fix for an unanswered item goes: its answer stub when there is one, else the item in
/// the report.
pub(super) fn at_unanswered(
    response: &Response,
    listed: &BTreeMap<&str, usize>,
    kind: &str,
    index: usize,
    id: &str,
) -> Place {
    match listed.get(id).copied() {
        Some(i) => at_answer_item(response, i, id),
        None => response.at_report_value(&path![kind, index, "id"]),
    }
}

/// Whether a text has words of the officer's own in it: not empty, and not only the `[insert …]`
/// placeholder `s55 new` leaves (which the placeholder rule reports on its own).
pub(super) fn filled(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| {
        let t = t.trim();
        let only_placeholder =
            t.starts_with("[insert") && t.ends_with(']') && t.matches('[').count() == 1;
        !(t.is_empty() || only_placeholder)
    })
}

/// The section and index of the `k`th item of [`crate::model::Report::items`].
pub(super) fn item_index(response: &Response, k: usize) -> (&'static str, usize) {
    let r = &response.report;
    let c = r.causes_of_concern.len();
    let n = r.recommendations.len();
    let (key, index) = if k < c {
        ("causes_of_concern", k)
    } else if k < c + n {
        ("recommendations", k - c)
    } else {
        ("areas_for_improvement", k - c - n)
    };
    // Report::items lists causes of concern, recommendations, then areas for improvement.
    (key, index)
}
