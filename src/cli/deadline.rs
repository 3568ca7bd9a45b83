//! `s55 deadline DATE`: the last day to publish comments on a report.

use super::out;
use super::parse_date;
use chrono::NaiveDate;
use clap::Args;
use s55::date::Date;
use s55::law;

/// Print the last day to publish comments on a report published on DATE.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The day HMICFRS published the report (YYYY-MM-DD).
    #[arg(value_parser = parse_date)]
    pub date: NaiveDate,
}

pub fn run(args: DeadlineArgs) -> u8 {
    out(&deadline_text(args.date));
    0
}

/// What `s55 deadline` prints.
pub fn deadline_text(published: NaiveDate) -> String {
    match law::last_day(published) {
        Some(last) => {
            let mut out = format!("{}\n", Date(last).iso());
            out.push_str(&format!(
                "{}: a report published on {} must have its comments published by {}.\n",
                law::DEADLINE_RULE,
                s55::date::day_in_words(published),
                s55::date::day_in_words(last)
            ));
            if let Some(why) = law::non_working_day(last) {
                out.push_str(&format!(
                    "warning: the last day is {why}. The law does not move it: publish on an earlier working day.\n"
                ));
            }
            out
        }
        None => format!(
            "none\nA report published on {} falls before 2 May 2017, when s.55(5A) and (5B) came into force: there is no 56-day deadline.\n",
            s55::date::day_in_words(published)
        ),
    }
}
