//! The checks a careful reviewer makes of a section 55 response. Each rule is one function returning
//! [`Finding`]s under a stable id; [`RULES`] lists them all for `check`, `status`, `build` and the README.

use crate::date::{Date, day_in_words};
use crate::law;
use crate::load::Response;
use crate::model::{Answer, ItemKind, Position, Recipient};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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
    /// The line of the response file it concerns, when known.
    #[serde(skip)]
    pub line: Option<usize>,
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
        id: "copies-missing",
        severity: Error,
        meaning: "HMICFRS or the Secretary of State is not among the addressees or copies.",
        basis: "s.55(6)",
    },
    Rule {
        id: "copies-not-sent",
        severity: Warning,
        meaning: "The response is published but there is no record of sending copies to HMICFRS and the Home Secretary.",
        basis: "s.55(6)",
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
    coverage(response, &mut findings);
    areas_for_improvement(response, &mut findings);
    causes_of_concern(response, &mut findings);
    chief_officer(response, &mut findings);
    copies(response, &mut findings);
    dates(response, &mut findings);
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

fn finding(id: &'static str, item: Option<&str>, line: Option<usize>, message: String) -> Finding {
    Finding {
        severity: rule(id).severity,
        rule: id,
        item: item.map(str::to_string),
        message,
        line,
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
        out.push(finding("no-statutory-deadline", None, response.line_containing(&["published:"]), format!(
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
                response.line_containing(&["on:"]),
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
                response.line_containing(&["date:"]),
                format!(
                    "the letter is dated {}, {} after the last day, {rule_words}",
                    date.long(),
                    days(law::days_left(date.0, last.0))
                ),
            ));
        }
    }
    if let Some(left) = timing.days_left {
        if left < 0 {
            out.push(finding(
                "deadline-passed",
                None,
                None,
                format!(
                    "not yet published, and the last day, {rule_words}, passed {} ago",
                    days(-left)
                ),
            ));
        } else if left <= 7 {
            out.push(finding(
                "deadline-near",
                None,
                None,
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
                out.push(finding("deadline-not-working-day", None, None, format!(
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
        let blank = Answer {
            items: answer.items.clone(),
            ..Answer::default()
        };
        if *answer == blank {
            continue;
        }
        for id in &answer.items {
            map.entry(id.as_str()).or_default().push(i);
        }
    }
    map
}

fn filled(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

fn coverage(response: &Response, out: &mut Vec<Finding>) {
    if !law::in_force_for(response.report.published.0) {
        return;
    }
    let by_item = answers_by_item(response);
    for rec in &response.report.recommendations {
        let line = response.line_of_id(&rec.id);
        let Some(indices) = by_item.get(rec.id.as_str()) else {
            let addressed = rec
                .addressee
                .as_deref()
                .map(|a| format!(" It is addressed to {a};"))
                .unwrap_or_default();
            out.push(finding("recommendation-unanswered", Some(&rec.id), line, format!(
                "{} has no answer.{addressed} the comments must explain the action taken or proposed, or why there is none",
                describe_item(response, &rec.id))));
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
        let a = &response.comments.answers[indices[0]];
        let line = response.line_containing(&["items:", &rec.id]).or(line);
        let why = match a.position {
            None if filled(&a.comment) => "comments on it but gives no `position`: say whether action has been taken, is proposed, or why none will be".to_string(),
            None if filled(&a.chief_officer) => "has the chief officer's comments but no explanation from the body itself".to_string(),
            None => "is listed in an answer with no explanation".to_string(),
            Some(Position::NoAction) => "is answered `no-action` without a `reason`".to_string(),
            Some(p) => format!("is answered `{}` without describing the action in `comment`", match p { Position::ActionTaken => "action-taken", _ => "action-proposed" }),
        };
        out.push(finding(
            "explanation-missing",
            Some(&rec.id),
            line,
            format!("{} {why}", describe_item(response, &rec.id)),
        ));
    }
}

fn areas_for_improvement(response: &Response, out: &mut Vec<Finding>) {
    let by_item = answers_by_item(response);
    for afi in &response.report.areas_for_improvement {
        if !by_item.contains_key(afi.id.as_str()) {
            out.push(finding(
                "area-for-improvement-unanswered",
                Some(&afi.id),
                response.line_of_id(&afi.id),
                format!("{} has no answer", describe_item(response, &afi.id)),
            ));
        }
    }
}

fn causes_of_concern(response: &Response, out: &mut Vec<Finding>) {
    for cause in &response.report.causes_of_concern {
        let has_rec = response
            .report
            .recommendations
            .iter()
            .any(|r| r.cause_of_concern.as_deref() == Some(cause.id.as_str()));
        if !has_rec {
            out.push(finding("cause-of-concern-without-recommendation", Some(&cause.id), response.line_of_id(&cause.id), format!(
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
            out.push(finding("chief-officer-invitation-undated", None, response.line_containing(&["invited_note:"]), format!(
                "the invitation to the {title} to comment is recorded without a date: add `invited: YYYY-MM-DD` when it is known")));
        } else {
            out.push(finding("chief-officer-not-invited", None, response.line_containing(&["chief_officer:"]), format!(
                "there is no record of inviting the {title} to comment on the report: add `invited: YYYY-MM-DD` under `chief_officer`")));
        }
    }
    let any_comments = filled(&chief.comments)
        || response
            .comments
            .answers
            .iter()
            .any(|a| filled(&a.chief_officer));
    if !any_comments {
        out.push(finding("chief-officer-comments-missing", None, response.line_containing(&["chief_officer:"]), format!(
            "the {title}'s comments are not included; any comments the {title} submitted must be published with the body's")));
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
        out.push(finding("copies-missing", None, response.line_containing(&["to:"]), format!(
            "{} {} not among the addressees or copies: s.55(6) requires a copy of the published comments to go to both",
            missing.join(" and "), if missing.len() == 1 { "is" } else { "are" })));
    }
    // A letter addressed to HMICFRS or the Home Secretary is itself the copy; one only copied to them
    // needs a record that the copy went.
    if letter.published.is_some() {
        let addressed = |is: fn(&Recipient) -> bool| letter.to.iter().flatten().any(is);
        let mut unsent = Vec::new();
        if !addressed(is_hmicfrs)
            && letter.sent.hmicfrs.is_none()
            && all.iter().any(|r| is_hmicfrs(r))
        {
            unsent.push("HMICFRS");
        }
        if !addressed(is_secretary_of_state)
            && letter.sent.home_secretary.is_none()
            && all.iter().any(|r| is_secretary_of_state(r))
        {
            unsent.push("the Home Secretary");
        }
        if !unsent.is_empty() {
            out.push(finding("copies-not-sent", None, response.line_containing(&["copies:"]), format!(
                "the response is published but there is no record of sending the copy to {}: add the date under `letter: sent:`",
                unsent.join(" or "))));
        }
    }
}

fn dates(response: &Response, out: &mut Vec<Finding>) {
    let published = response.report.published;
    if let Some(date) = response.letter.date {
        if date < published {
            out.push(finding("letter-before-report", None, response.line_containing(&["date:"]), format!(
                "the letter is dated {}, before the report was published on {}: check both dates",
                date.long(), published.long())));
        }
    }
    if let Some(p) = &response.letter.published {
        if p.on < published {
            out.push(finding("letter-before-report", None, response.line_containing(&["on:"]), format!(
                "the response is recorded as published on {}, before the report itself ({}): check both dates",
                p.on.long(), published.long())));
        }
    }
}

fn ids(response: &Response, out: &mut Vec<Finding>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (kind, id, _) in response.report.items() {
        if !seen.insert(id) {
            out.push(finding("duplicate-id", Some(id), response.line_of_id(id), format!(
                "the id `{id}` is used by more than one item of the report (again by a {}): give each item its own id",
                kind.label())));
        }
    }
    for rec in &response.report.recommendations {
        if let Some(cause) = &rec.cause_of_concern {
            if response.report.kind_of(cause) != Some(ItemKind::CauseOfConcern) {
                out.push(finding("unknown-id", Some(&rec.id), response.line_containing(&["cause_of_concern:", cause]), format!(
                    "recommendation {} belongs to cause of concern `{cause}`, but the report has no cause of concern with that id",
                    rec.id)));
            }
        }
    }
    for answer in &response.comments.answers {
        if answer.items.is_empty() {
            out.push(finding(
                "unknown-id",
                None,
                response.line_containing(&["items:"]),
                "an answer lists no items: write the ids it answers, for example `items: [R1]`"
                    .to_string(),
            ));
        }
        for id in &answer.items {
            if response.report.kind_of(id).is_none() {
                let ids: Vec<&str> = response.report.items().map(|(_, i, _)| i).collect();
                let hint = crate::diagnostic::did_you_mean(id, &ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                out.push(finding(
                    "unknown-id",
                    Some(id),
                    response.line_containing(&["items:", id]),
                    format!(
                        "an answer refers to `{id}`, but the report has no item with that id{hint}"
                    ),
                ));
            }
        }
    }
}

/// Every text in the response that an officer writes, with a name for it and its item.
fn all_texts(response: &Response) -> Vec<(String, Option<&str>, &str)> {
    let mut texts: Vec<(String, Option<&str>, &str)> = Vec::new();
    let report = &response.report;
    texts.push(("the report's title".into(), None, &report.title));
    for (kind, id, text) in report.items() {
        texts.push((format!("the text of {} {id}", kind.label()), Some(id), text));
    }
    for rec in &report.recommendations {
        for p in &rec.points {
            texts.push((
                format!("a sub-point of recommendation {}", rec.id),
                Some(&rec.id),
                p,
            ));
        }
    }
    let body = &response.body;
    texts.push(("the body's name".into(), None, &body.name));
    texts.push(("the signatory".into(), None, &body.signatory));
    texts.push(("the signatory's title".into(), None, &body.title));
    let chief = &response.chief_officer;
    for (label, t) in [
        ("the chief officer's comments", &chief.comments),
        ("the chief officer's name", &chief.name),
        ("the invitation note", &chief.invited_note),
    ] {
        if let Some(t) = t {
            texts.push((label.into(), None, t));
        }
    }
    let c = &response.comments;
    for (label, t) in [
        ("the overview", &c.overview),
        (
            "the response to the chief officer's comments",
            &c.on_chief_officer_comments,
        ),
        ("the closing paragraphs", &c.closing),
    ] {
        if let Some(t) = t {
            texts.push((label.into(), None, t));
        }
    }
    for answer in &c.answers {
        let first = answer.items.first().map(String::as_str);
        let name = answer.items.join(", ");
        for (label, t) in [
            ("summary", &answer.summary),
            ("chief officer's comments", &answer.chief_officer),
            ("comment", &answer.comment),
            ("reason", &answer.reason),
            ("owner", &answer.owner),
        ] {
            if let Some(t) = t {
                texts.push((format!("the {label} in the answer to {name}"), first, t));
            }
        }
    }
    let l = &response.letter;
    for (label, t) in [
        ("the subject", &l.subject),
        ("the salutation", &l.salutation),
        ("the closing", &l.closing),
        ("the reference", &l.reference),
    ] {
        if let Some(t) = t {
            texts.push((label.into(), None, t));
        }
    }
    for r in l.to.iter().flatten().chain(l.copies.iter().flatten()) {
        texts.push(("an addressee's name".into(), None, &r.name));
    }
    texts
}

fn texts(response: &Response, out: &mut Vec<Finding>) {
    for (label, item, text) in all_texts(response) {
        if text.trim().is_empty() {
            out.push(finding(
                "empty-text",
                item,
                None,
                format!("{label} is empty: write it, or remove the key"),
            ));
        } else if let Some(found) = placeholder(text) {
            let line = response.line_containing(&[found.as_str()]);
            out.push(finding(
                "placeholder",
                item,
                line,
                format!("{label} still contains the placeholder “{found}”"),
            ));
        }
    }
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
