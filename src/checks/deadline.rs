//! Rules about time: the 56-day deadline (s.55(5A)) and the dates of publication.

use super::*;
use crate::law;
use crate::load::Response;
use crate::path;
use chrono::NaiveDate;

pub(super) fn deadline(response: &Response, timing: &Timing, out: &mut Vec<Finding>) {
    let Some(last) = timing.last_day else {
        out.push(finding(RuleId::NoStatutoryDeadline, None, Some(response.at_report(&path!["published"])), format!(
            "the report was published on {}, before sections 55(5A) and (5B) came into force on 2 May 2017: there is no 56-day deadline and no statutory duty to explain each recommendation",
            timing.published.long())));
        return;
    };
    let rule_words = format!("{} ({})", day_in_words(last.0), law::DEADLINE_RULE);
    if let Some(on) = timing.response_published {
        if on > last {
            out.push(finding(
                RuleId::DeadlineMissed,
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
                RuleId::DeadlineMissed,
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
                RuleId::DeadlinePassed,
                None,
                at_published.clone(),
                format!(
                    "not yet published, and the last day, {rule_words}, passed {} ago: the law still requires publication as soon as possible",
                    days(-left)
                ),
            ).with_hint("publish the response as soon as it can be made ready, then record `published: {on: YYYY-MM-DD}` under `letter`"));
        } else if left <= 7 {
            out.push(finding(
                RuleId::DeadlineNear,
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
                out.push(finding(RuleId::DeadlineNotWorkingDay, None, at_published, format!(
                    "the last day, {}, is {why}; the law does not move it, so publish on an earlier working day",
                    last.long())));
            }
        }
    }
}

pub(super) fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

pub(super) fn publication_date(response: &Response, today: NaiveDate, out: &mut Vec<Finding>) {
    let Some(p) = &response.letter.published else {
        return;
    };
    let doubt = if p.on.0 > today {
        Some((
            "which has not happened yet".to_string(),
            "record `published:` only once the response is on the website, with the day it went up",
        ))
    } else {
        response
            .letter
            .date
            .filter(|date| p.on < *date)
            .map(|date| {
                (
                    format!("before the letter’s own date ({})", date.long()),
                    "check both dates: a letter is published on or after the day it is dated",
                )
            })
    };
    if let Some((why, hint)) = doubt {
        out.push(
            finding(
                RuleId::PublishedDateDoubtful,
                None,
                Some(response.at(&path!["letter", "published", "on"])),
                format!(
                    "the response is recorded as published on {}, {why}",
                    p.on.long()
                ),
            )
            .with_hint(hint),
        );
    }
}
