//! Rules about the chief officer: invited to comment (s.55(4)), comments published (s.55(5)(b)) and
//! answered (s.55(5)(c)).

use super::*;
use crate::load::Response;
use crate::path;

pub(super) fn chief_officer(response: &Response, out: &mut Vec<Finding>) {
    let chief = &response.chief_officer;
    let title = &chief.title;
    if chief.invited.is_none() {
        if filled(&chief.invited_note) {
            out.push(
                finding(
                    RuleId::ChiefOfficerInvitationUndated,
                    None,
                    Some(response.at(&path!["chief_officer", "invited_note"])),
                    format!("the invitation to the {title} to comment is recorded without a date"),
                )
                .with_hint(
                    "add `invited: YYYY-MM-DD` under `chief_officer` when the date is known",
                ),
            );
        } else {
            out.push(finding(RuleId::ChiefOfficerNotInvited, None, Some(response.at(&path!["chief_officer"])), format!(
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
        out.push(finding(RuleId::ChiefOfficerCommentsMissing, None, Some(response.at(&path!["chief_officer"])), format!(
            "the {title}’s comments are not included; any comments the {title} submitted must be published with the body’s"))
            .with_hint("add the comments under `chief_officer` as `comments: |`, or to each answer as `chief_officer: |`"));
    } else if !filled(&response.comments.on_chief_officer_comments) {
        out.push(finding(RuleId::ChiefOfficerCommentsUnanswered, None, Some(response.at(&path!["comments"])), format!(
            "the {title}’s comments are published, but the body says nothing in response to them"))
            .with_hint("add `on_chief_officer_comments: |` under `comments` with the body’s response to the chief officer’s comments (s.55(5)(c))"));
    }
}
