//! Rules about the words themselves: placeholders left in, empty texts, and text YAML would drop or
//! run together (found while reading the file).

use super::*;
use crate::diagnostic::Location;
use crate::load::{Place, Response, TextRule};
use crate::path;

/// Every text in the response that an officer writes, with a name for it, its item and its place.
pub(super) fn all_texts(response: &Response) -> Vec<(String, Option<&str>, &str, Place)> {
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

pub(super) fn texts(response: &Response, out: &mut Vec<Finding>) {
    for (label, item, text, place) in all_texts(response) {
        if text.trim().is_empty() {
            out.push(
                finding(
                    RuleId::EmptyText,
                    item,
                    Some(place),
                    format!("{label} is empty"),
                )
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
                    RuleId::Placeholder,
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
            TextRule::CutByComment => RuleId::TextCutByComment,
            TextRule::RunTogether => RuleId::TextRunTogether,
            TextRule::InvisibleCharacter => RuleId::InvisibleCharacter,
            TextRule::CurlyQuotesKept => RuleId::CurlyQuotesKept,
            TextRule::KeyInsideText => RuleId::KeyInsideText,
            TextRule::DroppedSymbol => RuleId::TextDroppedAsLabel,
            TextRule::YesNoAsText => RuleId::YesOrNoAsText,
        };
        out.push(
            finding(id, None, Some(w.place.clone()), w.warning.message.clone())
                .with_hint(w.warning.hint.clone()),
        );
    }
}

/// The line (after the key's line) of the file where a placeholder is written, with that file's
/// text and the column.
pub(super) fn placeholder_line(
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
