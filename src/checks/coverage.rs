//! Rules that every item of the report is answered and every recommendation explained (s.55(5B)),
//! and that the report's own count of its items agrees with the file.

use super::*;
use crate::law;
use crate::load::Response;
use crate::model::Position;
use crate::path;

pub(super) fn extraction(response: &Response, out: &mut Vec<Finding>) {
    for warning in crate::extract::extraction_warnings(&response.report) {
        out.push(
            finding(
                RuleId::ExtractionCountDiffers,
                None,
                Some(response.at_report(&path!["extraction"])),
                warning,
            )
            .with_hint("compare the items in this file with the report; add any that are missing, then write `checked_by_hand: true` under `report: extraction:`"),
        );
    }
}

pub(super) fn coverage(response: &Response, out: &mut Vec<Finding>) {
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
            out.push(finding(RuleId::RecommendationUnanswered, Some(&rec.id), Some(at_unanswered(response, &listed, "recommendations", r, &rec.id)), format!(
                "{} has no answer.{addressed} the comments must explain the action taken or proposed, or why there is none",
                describe_item(response, &rec.id)))
                .with_hint(format!("under `comments: answers:` write `- items: [{}]` with `position:` and a `comment:` (or `reason:` for no action)", rec.id)));
            continue;
        };
        if indices
            .iter()
            .any(|&i| explains(&response.comments.answers[i]))
        {
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
                RuleId::ExplanationMissing,
                Some(&rec.id),
                Some(place),
                format!("{} {why}", describe_item(response, &rec.id)),
            )
            .with_hint(hint),
        );
    }
}

pub(super) fn areas_for_improvement(response: &Response, out: &mut Vec<Finding>) {
    let by_item = answers_by_item(response);
    let listed = listed_in(response);
    for (i, afi) in response.report.areas_for_improvement.iter().enumerate() {
        if let Some(indices) = by_item.get(afi.id.as_str()) {
            if !indices
                .iter()
                .any(|&k| explains(&response.comments.answers[k]))
            {
                let k = indices[0];
                out.push(
                    finding(
                        RuleId::AreaForImprovementUnexplained,
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
                RuleId::AreaForImprovementUnanswered,
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

pub(super) fn causes_of_concern(response: &Response, out: &mut Vec<Finding>) {
    for (i, cause) in response.report.causes_of_concern.iter().enumerate() {
        let has_rec = response
            .report
            .recommendations
            .iter()
            .any(|r| r.cause_of_concern.as_deref() == Some(cause.id.as_str()));
        if !has_rec {
            out.push(finding(RuleId::CauseOfConcernWithoutRecommendation, Some(&cause.id), Some(response.at_report_value(&path!["causes_of_concern", i, "id"])), format!(
                "{} has no recommendation under it: give its recommendations `cause_of_concern: {}`",
                describe_item(response, &cause.id), cause.id)));
        }
    }
}

/// Whether an answer explains its items as s.55(5B) asks: a position, and the action (for action
/// taken or proposed) or the reason (for no action). The action may be described by the body
/// itself or in the chief officer's account that the body adopts.
fn explains(a: &crate::model::Answer) -> bool {
    match a.position {
        Some(Position::ActionTaken | Position::ActionProposed) => {
            filled(&a.comment) || filled(&a.chief_officer)
        }
        Some(Position::NoAction) => filled(&a.reason),
        None => false,
    }
}
