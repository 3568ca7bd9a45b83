//! Rules about copies to HMICFRS and the Home Secretary (s.55(6)).

use super::*;
use crate::load::Response;
use crate::model::Recipient;
use crate::path;

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

pub(super) fn recipient_text(r: &Recipient) -> String {
    format!("{} {} ", r.name, r.role.as_deref().unwrap_or("")).to_lowercase()
}

pub(super) fn copies(response: &Response, out: &mut Vec<Finding>) {
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
        out.push(finding(RuleId::CopiesMissing, None, Some(place), format!(
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
            out.push(finding(RuleId::CopiesNotSent, None, Some(response.at(&path!["letter", "sent"])), format!(
                "the response is published but there is no record of sending the copy to {}",
                unsent.join(" or ")))
                .with_hint("record the dates under `letter:` as `sent: {hmicfrs: YYYY-MM-DD, home_secretary: YYYY-MM-DD}`"));
        }
    }
}
