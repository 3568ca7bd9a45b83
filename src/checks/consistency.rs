//! Rules that the file agrees with itself: dates in order, ids that exist, each item answered once.

use super::*;
use crate::load::Response;
use crate::model::{ItemKind, Position};
use crate::path;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn dates(response: &Response, out: &mut Vec<Finding>) {
    let published = response.report.published;
    let letter = &response.letter;
    if let Some(date) = letter.date {
        if date < published {
            out.push(finding(RuleId::LetterBeforeReport, None, Some(response.at(&path!["letter", "date"])), format!(
                "the letter is dated {}, before the report was published on {}: check both dates",
                date.long(), published.long())));
        }
    }
    if let Some(p) = &letter.published {
        if p.on < published {
            out.push(finding(RuleId::LetterBeforeReport, None, Some(response.at(&path!["letter", "published", "on"])), format!(
                "the response is recorded as published on {}, before the report itself ({}): check both dates",
                p.on.long(), published.long())));
        }
        if letter.date.is_none() {
            out.push(
                finding(
                    RuleId::LetterDateMissing,
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
                    out.push(finding(RuleId::ActionCompletedAfterLetter, a.items.first().map(String::as_str), Some(response.at(&path!["comments", "answers", i, "due"])), format!(
                        "the answer to {} says the action has been taken, but gives {} as its date, after the letter’s date ({})",
                        a.items.join(", "), due.long(), date.long()))
                        .with_hint("if the action is still to be completed, write `position: action-proposed`; otherwise correct the date"));
                }
            }
        }
    }
}

pub(super) fn ids(response: &Response, out: &mut Vec<Finding>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (k, (kind, id, _)) in response.report.items().enumerate() {
        if !seen.insert(id) {
            let (key, index) = item_index(response, k);
            out.push(
                finding(
                    RuleId::DuplicateId,
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
                out.push(finding(RuleId::UnknownId, Some(&rec.id), Some(response.at_report(&path!["recommendations", r, "cause_of_concern"])), format!(
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
                    RuleId::UnknownId,
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
                        RuleId::UnknownId,
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
                        RuleId::AnsweredTwice,
                        Some(id),
                        Some(at_answer_item(response, i, id)),
                        format!("{} is answered twice: here and on line {}", describe_item(response, id), first.location.line),
                    ).with_hint(format!("keep {id} in one answer only: remove it from this `items:` list or from the one on line {}", first.location.line)));
                }
                Some(_) => out.push(
                    finding(
                        RuleId::AnsweredTwice,
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

/// What to suggest for an id the report lacks: the same id in capitals, the ids it runs together,
/// the nearest id, or the only item still unanswered.
pub(super) fn suggest_id(id: &str, ids: &[&str], unanswered: &[&str]) -> String {
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
