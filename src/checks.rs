//! The checks a careful reviewer makes of a section 55 response. Each rule is one function returning
//! [`Finding`]s under a stable id; [`RULES`] lists them all for `check`, `status`, `build` and the README.

use crate::date::{Date, day_in_words};
use crate::diagnostic::Location;
use crate::law;
use crate::load::{Place, Response, TextRule};
use crate::model::{Answer, ItemKind, Position, Recipient};
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
    Error,
    Warning,
}

/// One problem found in a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The rule's stable id, for example `recommendation-unanswered`.
    pub rule: &'static str,
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

/// A check rule, as listed in the README and by `s55 check --rules`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub meaning: &'static str,
    pub basis: &'static str,
}

use Severity::{Error, Warning};

/// Every rule s55 checks, in the order findings are reported.
pub const RULES: &[Rule] = &[
    Rule {
        id: "deadline-missed",
        severity: Error,
        meaning: "The response was published, or the letter is dated, after the last day.",
        basis: "s.55(5A)",
    },
    Rule {
        id: "deadline-passed",
        severity: Error,
        meaning: "The response is still unpublished and the last day has passed.",
        basis: "s.55(5A)",
    },
    Rule {
        id: "deadline-near",
        severity: Warning,
        meaning: "The response is unpublished and 7 days or fewer are left.",
        basis: "s.55(5A)",
    },
    Rule {
        id: "deadline-not-working-day",
        severity: Warning,
        meaning: "The last day falls on a weekend or an England and Wales bank holiday; the law does not move it.",
        basis: "s.55(5A)",
    },
    Rule {
        id: "no-statutory-deadline",
        severity: Warning,
        meaning: "The report was published before 2 May 2017, so there is no 56-day limit and no duty to explain each recommendation.",
        basis: "Policing and Crime Act 2017 s.37; SI 2017/399",
    },
    Rule {
        id: "extraction-count-differs",
        severity: Error,
        meaning: "The report says how many recommendations, causes of concern or areas for improvement it makes, and the file has a different number: one may have been missed when the response was started from the report. Cleared by checking the items against the report by hand and writing `checked_by_hand: true` under `report: extraction:`.",
        basis: "s.55(5B)",
    },
    Rule {
        id: "recommendation-unanswered",
        severity: Error,
        meaning: "A recommendation in the report (including one addressed to a national body) has no answer.",
        basis: "s.55(5B)",
    },
    Rule {
        id: "explanation-missing",
        severity: Error,
        meaning: "An answer to a recommendation states neither the action taken or proposed nor why there is none.",
        basis: "s.55(5B)",
    },
    Rule {
        id: "area-for-improvement-unexplained",
        severity: Warning,
        meaning: "An answer to an area for improvement gives no position, or a position without the action or reason.",
        basis: "good practice",
    },
    Rule {
        id: "area-for-improvement-unanswered",
        severity: Warning,
        meaning: "An area for improvement has no answer (not required by law, but expected).",
        basis: "good practice",
    },
    Rule {
        id: "cause-of-concern-without-recommendation",
        severity: Warning,
        meaning: "A cause of concern has no recommendation under it; HMICFRS always gives at least one.",
        basis: "HMICFRS report structure",
    },
    Rule {
        id: "chief-officer-not-invited",
        severity: Error,
        meaning: "There is no record of inviting the chief officer to comment.",
        basis: "s.55(4)",
    },
    Rule {
        id: "chief-officer-invitation-undated",
        severity: Warning,
        meaning: "The invitation to the chief officer is recorded without a date.",
        basis: "s.55(4)",
    },
    Rule {
        id: "chief-officer-comments-missing",
        severity: Warning,
        meaning: "No comments from the chief officer are included.",
        basis: "s.55(5)(b)",
    },
    Rule {
        id: "chief-officer-comments-unanswered",
        severity: Warning,
        meaning: "The chief officer's comments are published but the body gives no response to them.",
        basis: "s.55(5)(c)",
    },
    Rule {
        id: "copies-missing",
        severity: Error,
        meaning: "HMICFRS or the Secretary of State is not among the addressees or copies.",
        basis: "s.55(6)",
    },
    Rule {
        id: "copies-not-sent",
        severity: Warning,
        meaning: "The response is published but there is no record of sending copies to HMICFRS and the Home Secretary (being addressed to them is not a record that the copy went).",
        basis: "s.55(6)",
    },
    Rule {
        id: "published-date-doubtful",
        severity: Warning,
        meaning: "The response is recorded as published on a day after today, or before the letter's own date.",
        basis: "s.55(5A)",
    },
    Rule {
        id: "letter-date-missing",
        severity: Error,
        meaning: "The response is recorded as published but the letter has no date.",
        basis: "consistency",
    },
    Rule {
        id: "action-completed-after-letter",
        severity: Warning,
        meaning: "An answer says action has been taken but dates it after the letter.",
        basis: "s.55(5B)(a)",
    },
    Rule {
        id: "letter-before-report",
        severity: Error,
        meaning: "The letter is dated, or published, before the report was published.",
        basis: "consistency",
    },
    Rule {
        id: "duplicate-id",
        severity: Error,
        meaning: "Two items of the report share an id.",
        basis: "consistency",
    },
    Rule {
        id: "answered-twice",
        severity: Error,
        meaning: "A report item is answered in more than one answer, so the letter would print it twice.",
        basis: "consistency",
    },
    Rule {
        id: "unknown-id",
        severity: Error,
        meaning: "An answer or recommendation refers to an id the report does not have.",
        basis: "consistency",
    },
    Rule {
        id: "empty-text",
        severity: Error,
        meaning: "A text is present but blank.",
        basis: "consistency",
    },
    Rule {
        id: "placeholder",
        severity: Error,
        meaning: "A placeholder is left in a text: TODO, TBC, TBD, FIXME, XX or [insert ...].",
        basis: "consistency",
    },
    Rule {
        id: "text-cut-by-comment",
        severity: Error,
        meaning: "One-line text has ` #` in it: YAML treats the rest of the line as a note and drops it from the letter.",
        basis: "file format",
    },
    Rule {
        id: "text-run-together",
        severity: Error,
        meaning: "A list or paragraphs written in folded text (`>`, or plain text over several lines) would be joined into one line in the letter.",
        basis: "file format",
    },
    Rule {
        id: "key-inside-text",
        severity: Error,
        meaning: "A `key:` is indented as far as the text above it, so YAML reads it as part of that text and the letter would print it.",
        basis: "file format",
    },
    Rule {
        id: "text-dropped-as-label",
        severity: Error,
        meaning: "Words at the start of a text begin with `&` or `!`, which YAML takes as a label and leaves out of the letter.",
        basis: "file format",
    },
    Rule {
        id: "yes-or-no-as-text",
        severity: Warning,
        meaning: "A text is only \"yes\", \"no\" or the like, which the letter would print as that word.",
        basis: "file format",
    },
    Rule {
        id: "invisible-character",
        severity: Warning,
        meaning: "A text contains a character that cannot be seen (a zero-width space, or a non-breaking space at its start or end), usually pasted from Word or Outlook.",
        basis: "file format",
    },
    Rule {
        id: "curly-quotes-kept",
        severity: Warning,
        meaning: "A text is wrapped in Word's curly quote marks, which YAML prints as part of the text.",
        basis: "file format",
    },
];

fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .expect("every rule used is listed in RULES")
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
    pub timing: Timing,
    pub findings: Vec<Finding>,
    /// Recommendations with an explanation, out of all recommendations.
    pub answered: usize,
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
    deadline(response, &timing, &mut findings);
    extraction(response, &mut findings);
    coverage(response, &mut findings);
    areas_for_improvement(response, &mut findings);
    causes_of_concern(response, &mut findings);
    chief_officer(response, &mut findings);
    copies(response, &mut findings);
    dates(response, &mut findings);
    publication_date(response, today, &mut findings);
    ids(response, &mut findings);
    texts(response, &mut findings);
    findings.sort_by_key(|f| RULES.iter().position(|r| r.id == f.rule));
    let recommendations = response.report.recommendations.len();
    let unexplained: BTreeSet<&str> = findings
        .iter()
        .filter(|f| matches!(f.rule, "recommendation-unanswered" | "explanation-missing"))
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

fn finding(id: &'static str, item: Option<&str>, place: Option<Place>, message: String) -> Finding {
    let f = Finding {
        severity: rule(id).severity,
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

fn deadline(response: &Response, timing: &Timing, out: &mut Vec<Finding>) {
    let Some(last) = timing.last_day else {
        out.push(finding("no-statutory-deadline", None, Some(response.at_report(&path!["published"])), format!(
            "the report was published on {}, before sections 55(5A) and (5B) came into force on 2 May 2017: there is no 56-day deadline and no statutory duty to explain each recommendation",
            timing.published.long())));
        return;
    };
    let rule_words = format!("{} ({})", day_in_words(last.0), law::DEADLINE_RULE);
    if let Some(on) = timing.response_published {
        if on > last {
            out.push(finding(
                "deadline-missed",
                None,
                Some(response.at(&path!["letter", "published", "on"])),
                format!(
                    "published on {}, {} after the last day, {rule_words}",
                    on.long(),
                    days(law::days_left(on.0, last.0))
                ),
            ));
        }
    }
    if let Some(date) = response.letter.date {
        if date > last && timing.response_published.is_none_or(|on| on <= last) {
            out.push(finding(
                "deadline-missed",
                None,
                Some(response.at(&path!["letter", "date"])),
                format!(
                    "the letter is dated {}, {} after the last day, {rule_words}",
                    date.long(),
                    days(law::days_left(date.0, last.0))
                ),
            ));
        }
    }
    if let Some(left) = timing.days_left {
        let at_published = Some(response.at_report(&path!["published"]));
        if left < 0 {
            out.push(finding(
                "deadline-passed",
                None,
                at_published.clone(),
                format!(
                    "not yet published, and the last day, {rule_words}, passed {} ago: the law still requires publication as soon as possible",
                    days(-left)
                ),
            ).with_hint("publish the response as soon as it can be made ready, then record `published: {on: YYYY-MM-DD}` under `letter`"));
        } else if left <= 7 {
            out.push(finding(
                "deadline-near",
                None,
                at_published.clone(),
                format!(
                    "not yet published: {} left, the last day is {rule_words}",
                    if left == 0 {
                        "today is the last day".to_string()
                    } else {
                        days(left)
                    }
                ),
            ));
        }
        if left >= 0 {
            if let Some(why) = law::non_working_day(last.0) {
                out.push(finding("deadline-not-working-day", None, at_published, format!(
                    "the last day, {}, is {why}; the law does not move it, so publish on an earlier working day",
                    last.long())));
            }
        }
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The answers covering each item id, in order. An answer with nothing written but its `items`
/// (as `s55 new` leaves them) is not an answer yet.
fn answers_by_item(response: &Response) -> BTreeMap<&str, Vec<usize>> {
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
fn is_stub(answer: &Answer) -> bool {
    let blank = Answer {
        items: answer.items.clone(),
        ..Answer::default()
    };
    *answer == blank
}

/// Where the answer at `index` lists `id` (or its `items:` key).
fn at_answer_item(response: &Response, index: usize, id: &str) -> Place {
    let answer = &response.comments.answers[index];
    match answer.items.iter().position(|i| i == id) {
        Some(k) => response.at(&path!["comments", "answers", index, "items", k]),
        None => response.at(&path!["comments", "answers", index, "items"]),
    }
}

/// The first answer (stub or not) that lists each id.
fn listed_in(response: &Response) -> BTreeMap<&str, usize> {
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
fn at_unanswered(
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

fn filled(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

fn extraction(response: &Response, out: &mut Vec<Finding>) {
    for warning in crate::extract::extraction_warnings(&response.report) {
        out.push(
            finding(
                "extraction-count-differs",
                None,
                Some(response.at_report(&path!["extraction"])),
                warning,
            )
            .with_hint("compare the items in this file with the report; add any that are missing, then write `checked_by_hand: true` under `report: extraction:`"),
        );
    }
}

fn coverage(response: &Response, out: &mut Vec<Finding>) {
    if !law::in_force_for(response.report.published.0) {
        return;
    }
    let by_item = answers_by_item(response);
    let listed = listed_in(response);
    for (r, rec) in response.report.recommendations.iter().enumerate() {
        let Some(indices) = by_item.get(rec.id.as_str()) else {
            let addressed = rec
                .addressee
                .as_deref()
                .map(|a| format!(" It is addressed to {a};"))
                .unwrap_or_default();
            out.push(finding("recommendation-unanswered", Some(&rec.id), Some(at_unanswered(response, &listed, "recommendations", r, &rec.id)), format!(
                "{} has no answer.{addressed} the comments must explain the action taken or proposed, or why there is none",
                describe_item(response, &rec.id)))
                .with_hint(format!("under `comments: answers:` write `- items: [{}]` with `position:` and a `comment:` (or `reason:` for no action)", rec.id)));
            continue;
        };
        let explained = indices.iter().any(|&i| {
            let a = &response.comments.answers[i];
            match a.position {
                // The action may be described by the body itself or in the chief officer's account
                // that the body adopts.
                Some(Position::ActionTaken | Position::ActionProposed) => {
                    filled(&a.comment) || filled(&a.chief_officer)
                }
                Some(Position::NoAction) => filled(&a.reason),
                None => false,
            }
        });
        if explained {
            continue;
        }
        let i = indices[0];
        let a = &response.comments.answers[i];
        let (why, place, hint) = match a.position {
            None if filled(&a.comment) => ("comments on it but does not say whether action has been taken, is proposed, or will not be taken".to_string(),
                at_answer_item(response, i, &rec.id),
                "add `position: action-taken`, `position: action-proposed` or `position: no-action` to this answer"),
            None if filled(&a.chief_officer) => ("has the chief officer’s comments but no explanation from the body itself".to_string(),
                at_answer_item(response, i, &rec.id),
                "add `position:` and the body’s own `comment:` (or `reason:` for no action) to this answer"),
            None => ("is listed in an answer with no explanation".to_string(),
                at_answer_item(response, i, &rec.id),
                "add `position:` and a `comment:` (or `reason:` for no action) to this answer"),
            Some(Position::NoAction) => ("is answered “no action” without a reason".to_string(),
                response.at(&path!["comments", "answers", i, "position"]),
                "add `reason: |` with the reason no action will be taken on the next lines, indented"),
            Some(p) => (format!("is answered “{}” without describing the action", match p { Position::ActionTaken => "action taken", _ => "action proposed" }),
                response.at(&path!["comments", "answers", i, "position"]),
                "add `comment: |` describing the action on the next lines, indented"),
        };
        out.push(
            finding(
                "explanation-missing",
                Some(&rec.id),
                Some(place),
                format!("{} {why}", describe_item(response, &rec.id)),
            )
            .with_hint(hint),
        );
    }
}

fn areas_for_improvement(response: &Response, out: &mut Vec<Finding>) {
    let by_item = answers_by_item(response);
    let listed = listed_in(response);
    for (i, afi) in response.report.areas_for_improvement.iter().enumerate() {
        if let Some(indices) = by_item.get(afi.id.as_str()) {
            let explained = indices.iter().any(|&k| {
                let a = &response.comments.answers[k];
                match a.position {
                    Some(Position::ActionTaken | Position::ActionProposed) => {
                        filled(&a.comment) || filled(&a.chief_officer)
                    }
                    Some(Position::NoAction) => filled(&a.reason),
                    None => false,
                }
            });
            if !explained {
                let k = indices[0];
                out.push(
                    finding(
                        "area-for-improvement-unexplained",
                        Some(&afi.id),
                        Some(at_answer_item(response, k, &afi.id)),
                        format!(
                            "the answer to {} does not say whether action has been taken, is proposed, or will not be taken, with the action or the reason",
                            describe_item(response, &afi.id)
                        ),
                    )
                    .with_hint("give the answer a `position:` (action-taken, action-proposed or no-action) and a `comment:` (or `reason:` for no action)"),
                );
            }
        }
        if !by_item.contains_key(afi.id.as_str()) {
            out.push(finding(
                "area-for-improvement-unanswered",
                Some(&afi.id),
                Some(at_unanswered(
                    response,
                    &listed,
                    "areas_for_improvement",
                    i,
                    &afi.id,
                )),
                format!("{} has no answer", describe_item(response, &afi.id)),
            ));
        }
    }
}

fn causes_of_concern(response: &Response, out: &mut Vec<Finding>) {
    for (i, cause) in response.report.causes_of_concern.iter().enumerate() {
        let has_rec = response
            .report
            .recommendations
            .iter()
            .any(|r| r.cause_of_concern.as_deref() == Some(cause.id.as_str()));
        if !has_rec {
            out.push(finding("cause-of-concern-without-recommendation", Some(&cause.id), Some(response.at_report_value(&path!["causes_of_concern", i, "id"])), format!(
                "{} has no recommendation under it: give its recommendations `cause_of_concern: {}`",
                describe_item(response, &cause.id), cause.id)));
        }
    }
}

fn chief_officer(response: &Response, out: &mut Vec<Finding>) {
    let chief = &response.chief_officer;
    let title = &chief.title;
    if chief.invited.is_none() {
        if filled(&chief.invited_note) {
            out.push(
                finding(
                    "chief-officer-invitation-undated",
                    None,
                    Some(response.at(&path!["chief_officer", "invited_note"])),
                    format!("the invitation to the {title} to comment is recorded without a date"),
                )
                .with_hint(
                    "add `invited: YYYY-MM-DD` under `chief_officer` when the date is known",
                ),
            );
        } else {
            out.push(finding("chief-officer-not-invited", None, Some(response.at(&path!["chief_officer"])), format!(
                "there is no record of inviting the {title} to comment on the report"))
                .with_hint("add `invited: YYYY-MM-DD` under `chief_officer`, the day the invitation was sent"));
        }
    }
    let any_comments = filled(&chief.comments)
        || response
            .comments
            .answers
            .iter()
            .any(|a| filled(&a.chief_officer));
    if !any_comments {
        out.push(finding("chief-officer-comments-missing", None, Some(response.at(&path!["chief_officer"])), format!(
            "the {title}’s comments are not included; any comments the {title} submitted must be published with the body’s"))
            .with_hint("add the comments under `chief_officer` as `comments: |`, or to each answer as `chief_officer: |`"));
    } else if !filled(&response.comments.on_chief_officer_comments) {
        out.push(finding("chief-officer-comments-unanswered", None, Some(response.at(&path!["comments"])), format!(
            "the {title}’s comments are published, but the body says nothing in response to them"))
            .with_hint("add `on_chief_officer_comments: |` under `comments` with the body’s response to the chief officer’s comments (s.55(5)(c))"));
    }
}

/// Whether a recipient is HMICFRS (the inspectors of constabulary).
pub fn is_hmicfrs(r: &Recipient) -> bool {
    let text = recipient_text(r);
    text.contains("hmicfrs")
        || text.contains("inspectorate of constabulary")
        || text.contains("inspectors of constabulary")
        || text.contains("hmic ")
}

/// Whether a recipient is the Secretary of State (the Home Secretary).
pub fn is_secretary_of_state(r: &Recipient) -> bool {
    let text = recipient_text(r);
    text.contains("secretary of state") || text.contains("home secretary")
}

fn recipient_text(r: &Recipient) -> String {
    format!("{} {} ", r.name, r.role.as_deref().unwrap_or("")).to_lowercase()
}

fn copies(response: &Response, out: &mut Vec<Finding>) {
    let letter = &response.letter;
    let all: Vec<&Recipient> = letter
        .to
        .iter()
        .flatten()
        .chain(letter.copies.iter().flatten())
        .collect();
    let mut missing = Vec::new();
    if !all.iter().any(|r| is_hmicfrs(r)) {
        missing.push("HMICFRS");
    }
    if !all.iter().any(|r| is_secretary_of_state(r)) {
        missing.push("the Secretary of State (Home Secretary)");
    }
    if !missing.is_empty() {
        let place = if letter.copies.is_some() {
            response.at_letter(&path!["copies"])
        } else {
            response.at_letter(&path!["to"])
        };
        out.push(finding("copies-missing", None, Some(place), format!(
            "{} {} not among the addressees or copies: s.55(6) requires a copy of the published comments to go to both",
            missing.join(" and "), if missing.len() == 1 { "is" } else { "are" }))
            .with_hint("add them under `letter: to:` or `letter: copies:`, for example `- name: His Majesty’s Chief Inspector of Constabulary`"));
    }
    // Section 55(6) is about sending: being named on the letter is not a record that it went.
    if letter.published.is_some() {
        let mut unsent = Vec::new();
        if letter.sent.hmicfrs.is_none() {
            unsent.push("HMICFRS");
        }
        if letter.sent.home_secretary.is_none() {
            unsent.push("the Home Secretary");
        }
        if !unsent.is_empty() {
            out.push(finding("copies-not-sent", None, Some(response.at(&path!["letter", "sent"])), format!(
                "the response is published but there is no record of sending the copy to {}",
                unsent.join(" or ")))
                .with_hint("record the dates under `letter:` as `sent: {hmicfrs: YYYY-MM-DD, home_secretary: YYYY-MM-DD}`"));
        }
    }
}

fn dates(response: &Response, out: &mut Vec<Finding>) {
    let published = response.report.published;
    let letter = &response.letter;
    if let Some(date) = letter.date {
        if date < published {
            out.push(finding("letter-before-report", None, Some(response.at(&path!["letter", "date"])), format!(
                "the letter is dated {}, before the report was published on {}: check both dates",
                date.long(), published.long())));
        }
    }
    if let Some(p) = &letter.published {
        if p.on < published {
            out.push(finding("letter-before-report", None, Some(response.at(&path!["letter", "published", "on"])), format!(
                "the response is recorded as published on {}, before the report itself ({}): check both dates",
                p.on.long(), published.long())));
        }
        if letter.date.is_none() {
            out.push(
                finding(
                    "letter-date-missing",
                    None,
                    Some(response.at(&path!["letter", "published"])),
                    format!(
                        "the response is recorded as published on {}, but the letter has no date",
                        p.on.long()
                    ),
                )
                .with_hint("add `date: YYYY-MM-DD` under `letter`, the date the letter was signed"),
            );
        }
    }
    if let Some(date) = letter.date {
        for (i, a) in response.comments.answers.iter().enumerate() {
            if let (Some(Position::ActionTaken), Some(due)) = (a.position, a.due) {
                if due > date {
                    out.push(finding("action-completed-after-letter", a.items.first().map(String::as_str), Some(response.at(&path!["comments", "answers", i, "due"])), format!(
                        "the answer to {} says the action has been taken, but gives {} as its date, after the letter’s date ({})",
                        a.items.join(", "), due.long(), date.long()))
                        .with_hint("if the action is still to be completed, write `position: action-proposed`; otherwise correct the date"));
                }
            }
        }
    }
}

fn publication_date(response: &Response, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(p) = &response.letter.published else {
        return;
    };
    let place = || Some(response.at(&path!["letter", "published", "on"]));
    if p.on.0 > today {
        out.push(
            finding(
                "published-date-doubtful",
                None,
                place(),
                format!(
                    "the response is recorded as published on {}, which has not happened yet",
                    p.on.long()
                ),
            )
            .with_hint("record `published:` only once the response is on the website, with the day it went up"),
        );
    } else if let Some(date) = response.letter.date {
        if p.on < date {
            out.push(
                finding(
                    "published-date-doubtful",
                    None,
                    place(),
                    format!(
                        "the response is recorded as published on {}, before the letter’s own date ({})",
                        p.on.long(),
                        date.long()
                    ),
                )
                .with_hint("check both dates: a letter is published on or after the day it is dated"),
            );
        }
    }
}

fn ids(response: &Response, out: &mut Vec<Finding>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (k, (kind, id, _)) in response.report.items().enumerate() {
        if !seen.insert(id) {
            let (key, index) = item_index(response, k);
            out.push(
                finding(
                    "duplicate-id",
                    Some(id),
                    Some(response.at_report_value(&path![key, index, "id"])),
                    format!(
                        "the id `{id}` is used by more than one item of the report (again by a {})",
                        kind.label()
                    ),
                )
                .with_hint("give each item of the report its own id"),
            );
        }
    }
    for (r, rec) in response.report.recommendations.iter().enumerate() {
        if let Some(cause) = &rec.cause_of_concern {
            if response.report.kind_of(cause) != Some(ItemKind::CauseOfConcern) {
                out.push(finding("unknown-id", Some(&rec.id), Some(response.at_report(&path!["recommendations", r, "cause_of_concern"])), format!(
                    "recommendation {} belongs to cause of concern `{cause}`, but the report has no cause of concern with that id",
                    rec.id)));
            }
        }
    }
    let ids: Vec<&str> = response.report.items().map(|(_, i, _)| i).collect();
    let answered: BTreeSet<&str> = response
        .comments
        .answers
        .iter()
        .flat_map(|a| a.items.iter().map(String::as_str))
        .collect();
    let unanswered: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| !answered.contains(i))
        .collect();
    let mut first_answer: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let known: std::collections::HashSet<&str> = ids.iter().copied().collect();
    for (i, answer) in response.comments.answers.iter().enumerate() {
        if answer.items.is_empty() {
            out.push(
                finding(
                    "unknown-id",
                    None,
                    Some(response.at(&path!["comments", "answers", i, "items"])),
                    "an answer lists no items".to_string(),
                )
                .with_hint("write the ids it answers, for example `items: [R1]`"),
            );
        }
        for id in &answer.items {
            if !known.contains(id.as_str()) {
                let hint = suggest_id(id, &ids, &unanswered);
                out.push(
                    finding(
                        "unknown-id",
                        Some(id),
                        Some(at_answer_item(response, i, id)),
                        format!(
                            "an answer refers to “{id}”, but the report has no item with that id"
                        ),
                    )
                    .with_hint(hint),
                );
                continue;
            }
            match first_answer.get(id.as_str()) {
                Some(&(j, _)) if j != i => {
                    let first = at_answer_item(response, j, id);
                    out.push(finding(
                        "answered-twice",
                        Some(id),
                        Some(at_answer_item(response, i, id)),
                        format!("{} is answered twice: here and on line {}", describe_item(response, id), first.location.line),
                    ).with_hint(format!("keep {id} in one answer only: remove it from this `items:` list or from the one on line {}", first.location.line)));
                }
                Some(_) => out.push(
                    finding(
                        "answered-twice",
                        Some(id),
                        Some(at_answer_item(response, i, id)),
                        format!("{id} is listed twice in the same answer"),
                    )
                    .with_hint(format!("list {id} once")),
                ),
                None => {
                    first_answer.insert(id, (i, 0));
                }
            }
        }
    }
}

/// The section and index of the `k`th item of [`crate::model::Report::items`].
fn item_index(response: &Response, k: usize) -> (&'static str, usize) {
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

/// What to suggest for an id the report lacks: the same id in capitals, the ids it runs together,
/// the nearest id, or the only item still unanswered.
fn suggest_id(id: &str, ids: &[&str], unanswered: &[&str]) -> String {
    let upper = id.trim().to_uppercase();
    if ids.contains(&upper.as_str()) && upper != id {
        return format!("ids are written exactly as in the report: did you mean {upper}?");
    }
    let parts: Vec<&str> = id
        .split([' ', ';', '/', '&'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 && parts.iter().all(|p| ids.contains(p)) {
        return format!(
            "separate the ids with commas: `items: [{}]`",
            parts.join(", ")
        );
    }
    if unanswered.len() == 1 {
        return format!(
            "did you mean {}? It is the only item without an answer",
            unanswered[0]
        );
    }
    match crate::diagnostic::did_you_mean(id, ids) {
        Some(s) => format!("did you mean {s}? The report’s ids are: {}", ids.join(", ")),
        None => format!("the report’s ids are: {}", ids.join(", ")),
    }
}

/// Every text in the response that an officer writes, with a name for it, its item and its place.
fn all_texts(response: &Response) -> Vec<(String, Option<&str>, &str, Place)> {
    let mut texts: Vec<(String, Option<&str>, &str, Place)> = Vec::new();
    let report = &response.report;
    texts.push((
        "the report’s title".into(),
        None,
        &report.title,
        response.at_report(&path!["title"]),
    ));
    for (k, (kind, id, text)) in report.items().enumerate() {
        let (key, index) = item_index(response, k);
        texts.push((
            format!("the text of {} {id}", kind.label()),
            Some(id),
            text,
            response.at_report(&path![key, index, "text"]),
        ));
    }
    for (r, rec) in report.recommendations.iter().enumerate() {
        for (k, p) in rec.points.iter().enumerate() {
            texts.push((
                format!("a sub-point of recommendation {}", rec.id),
                Some(&rec.id),
                p,
                response.at_report(&path!["recommendations", r, "points", k]),
            ));
        }
    }
    let body = &response.body;
    texts.push((
        "the body’s name".into(),
        None,
        &body.name,
        response.at_body(&path!["name"]),
    ));
    texts.push((
        "the signatory".into(),
        None,
        &body.signatory,
        response.at_body(&path!["signatory"]),
    ));
    texts.push((
        "the signatory’s title".into(),
        None,
        &body.title,
        response.at_body(&path!["title"]),
    ));
    for (k, line) in body.address.iter().enumerate() {
        texts.push((
            "a line of the body’s address".into(),
            None,
            line,
            response.at_body(&path!["address", k]),
        ));
    }
    for (k, line) in body.letterhead.iter().enumerate() {
        texts.push((
            "a line of the letterhead".into(),
            None,
            line,
            response.at_body(&path!["letterhead", k]),
        ));
    }
    if let Some(c) = &body.contact {
        texts.push((
            "the body’s contact details".into(),
            None,
            c,
            response.at_body(&path!["contact"]),
        ));
    }
    let chief = &response.chief_officer;
    for (label, key, t) in [
        ("the chief officer’s comments", "comments", &chief.comments),
        ("the chief officer’s name", "name", &chief.name),
        ("the invitation note", "invited_note", &chief.invited_note),
    ] {
        if let Some(t) = t {
            texts.push((
                label.into(),
                None,
                t,
                response.at(&path!["chief_officer", key]),
            ));
        }
    }
    let c = &response.comments;
    for (label, key, t) in [
        ("the overview", "overview", &c.overview),
        (
            "the response to the chief officer’s comments",
            "on_chief_officer_comments",
            &c.on_chief_officer_comments,
        ),
        ("the closing paragraphs", "closing", &c.closing),
    ] {
        if let Some(t) = t {
            texts.push((label.into(), None, t, response.at(&path!["comments", key])));
        }
    }
    for (i, answer) in c.answers.iter().enumerate() {
        let first = answer.items.first().map(String::as_str);
        let name = answer.items.join(", ");
        for (label, key, t) in [
            ("summary", "summary", &answer.summary),
            (
                "chief officer’s comments",
                "chief_officer",
                &answer.chief_officer,
            ),
            ("comment", "comment", &answer.comment),
            ("reason", "reason", &answer.reason),
            ("owner", "owner", &answer.owner),
        ] {
            if let Some(t) = t {
                texts.push((
                    format!("the {label} in the answer to {name}"),
                    first,
                    t,
                    response.at(&path!["comments", "answers", i, key]),
                ));
            }
        }
    }
    let l = &response.letter;
    for (label, key, t) in [
        ("the subject", "subject", &l.subject),
        ("the salutation", "salutation", &l.salutation),
        ("the closing", "closing", &l.closing),
        ("the reference", "reference", &l.reference),
    ] {
        if let Some(t) = t {
            texts.push((label.into(), None, t, response.at_letter(&path![key])));
        }
    }
    for (list, key) in [(&l.to, "to"), (&l.copies, "copies")] {
        for (k, r) in list.iter().flatten().enumerate() {
            texts.push((
                "an addressee’s name".into(),
                None,
                &r.name,
                response.at_letter(&path![key, k, "name"]),
            ));
        }
    }
    texts
}

fn texts(response: &Response, out: &mut Vec<Finding>) {
    for (label, item, text, place) in all_texts(response) {
        if text.trim().is_empty() {
            out.push(
                finding("empty-text", item, Some(place), format!("{label} is empty"))
                    .with_hint("write it, or remove the key"),
            );
        } else if let Some(found) = placeholder(text) {
            // Point at the placeholder itself when it is on the key's line.
            let mut place = place;
            if let Some(col) = place.location.text.find(found.as_str()) {
                place.location.column = place.location.text[..col].chars().count() + 1;
                place.location.width = found.chars().count();
            } else if let Some((n, line)) = placeholder_line(response, &place, &found) {
                place.location = Location::in_source(&line.0, n, line.1, found.chars().count());
            }
            out.push(
                finding(
                    "placeholder",
                    item,
                    Some(place),
                    format!("there is still a placeholder, “{found}”, in {label}"),
                )
                .with_hint("replace it with the real words or date"),
            );
        }
    }
    for w in &response.text_warnings {
        let id = match w.warning.rule {
            TextRule::CutByComment => "text-cut-by-comment",
            TextRule::RunTogether => "text-run-together",
            TextRule::InvisibleCharacter => "invisible-character",
            TextRule::CurlyQuotesKept => "curly-quotes-kept",
            TextRule::KeyInsideText => "key-inside-text",
            TextRule::DroppedSymbol => "text-dropped-as-label",
            TextRule::YesNoAsText => "yes-or-no-as-text",
        };
        out.push(
            finding(id, None, Some(w.place.clone()), w.warning.message.clone())
                .with_hint(w.warning.hint.clone()),
        );
    }
}

/// The line (after the key's line) of the file where a placeholder is written, with that file's
/// text and the column.
fn placeholder_line(
    response: &Response,
    place: &Place,
    found: &str,
) -> Option<(usize, (String, usize))> {
    let files = [
        Some(&response.files.response),
        response.files.report.as_ref(),
        response.files.office.as_ref(),
    ];
    let source = files.into_iter().flatten().find(|s| s.path == place.file)?;
    source
        .text
        .lines()
        .enumerate()
        .skip(place.location.line.saturating_sub(1))
        .find_map(|(n, l)| {
            l.find(found)
                .map(|c| (n + 1, (source.text.clone(), l[..c].chars().count() + 1)))
        })
}

/// The first placeholder left in a text, if any: TODO, TBC, TBD, FIXME, XX (or longer runs of X),
/// or a bracketed `[insert ...]`.
pub fn placeholder(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(start) = lower.find("[insert") {
        let end = text[start..]
            .find(']')
            .map(|e| start + e + 1)
            .unwrap_or(text.len().min(start + 20));
        return Some(text[start..end].to_string());
    }
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| {
            matches!(*w, "TODO" | "TBC" | "TBD" | "FIXME")
                || (w.len() >= 2 && w.chars().all(|c| c == 'X'))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_but_ordinary_words_are_not() {
        assert_eq!(placeholder("Action owner: TBC").as_deref(), Some("TBC"));
        assert_eq!(
            placeholder("By [insert date], we will").as_deref(),
            Some("[insert date]")
        );
        assert_eq!(placeholder("Reviewed XX times").as_deref(), Some("XX"));
        assert_eq!(placeholder("TODO: finish"), Some("TODO".to_string()));
        assert_eq!(placeholder("Mr Xavier, to be confirmed by Tbc Ltd"), None);
        assert_eq!(placeholder("a Box X or XL"), None);
    }
}
