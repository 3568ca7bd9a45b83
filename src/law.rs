//! The statute as code: the 56-day rule of the Police Act 1996, section 55(5A), its commencement, and
//! the England and Wales bank holidays a last day may fall on.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The rule in words, as shown to users beside every computed date.
pub const DEADLINE_RULE: &str = "56 days beginning with the day of publication, s.55(5A)";

/// The day sections 55(5A) and (5B) came into force (Policing and Crime Act 2017, s.37;
/// SI 2017/399). Reports published before it have no 56-day limit and no per-recommendation duty.
pub fn commencement() -> NaiveDate {
    NaiveDate::from_ymd_opt(2017, 5, 2).expect("valid date")
}

/// Whether the report falls under s.55(5A) and (5B), i.e. was published on or after 2 May 2017.
pub fn in_force_for(published: NaiveDate) -> bool {
    published >= commencement()
}

/// The last day on which the comments may be published.
///
/// Section 55(5A): the comments "must be published before the end of the period of 56 days
/// beginning with the day on which the report is published". "Beginning with" counts the day of
/// publication as day 1, so day 56 is the publication date plus 55 days. Weekends and bank holidays do
/// not move it. Returns `None` for a report published before 2 May 2017, which has no statutory
/// deadline.
pub fn last_day(published: NaiveDate) -> Option<NaiveDate> {
    if !in_force_for(published) {
        return None;
    }
    published.checked_add_days(Days::new(55))
}

/// Days from `today` to `last_day`: 0 on the last day itself, negative once it has passed.
pub fn days_left(last_day: NaiveDate, today: NaiveDate) -> i64 {
    (last_day - today).num_days()
}

/// Why a day is not a working day, if it is not: "a Saturday", "Good Friday", ...
pub fn non_working_day(day: NaiveDate) -> Option<String> {
    match day.weekday() {
        Weekday::Sat => return Some("a Saturday".to_string()),
        Weekday::Sun => return Some("a Sunday".to_string()),
        _ => {}
    }
    bank_holiday(day).map(|name| format!("a bank holiday ({name})"))
}

/// The name of the England and Wales bank holiday on this day, if there is one.
///
/// Computed from the Banking and Financial Dealings Act 1971 pattern (with substitute days when
/// Christmas, Boxing Day or New Year's Day fall at a weekend), plus the one-off moves and
/// additional days proclaimed since 1995.
pub fn bank_holiday(day: NaiveDate) -> Option<&'static str> {
    bank_holidays(day.year())
        .into_iter()
        .find(|(d, _)| *d == day)
        .map(|(_, name)| name)
}

/// All England and Wales bank holidays of a year, in date order.
pub fn bank_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("valid date");
    let mut days = Vec::new();

    // New Year's Day, moved to the Monday when it falls at a weekend.
    let new_year = ymd(1, 1);
    days.push((next_weekday(new_year), "New Year's Day"));

    let easter = easter_sunday(year);
    days.push((easter - Days::new(2), "Good Friday"));
    days.push((easter + Days::new(1), "Easter Monday"));

    // Early May bank holiday: first Monday of May, moved for VE Day anniversaries.
    let early_may = match year {
        1995 => ymd(5, 8),
        2020 => ymd(5, 8),
        _ => first_monday(year, 5),
    };
    days.push((early_may, "Early May bank holiday"));

    // Spring bank holiday: last Monday of May, moved for jubilees.
    let spring = match year {
        2002 => ymd(6, 4),
        2012 => ymd(6, 4),
        2022 => ymd(6, 2),
        _ => last_monday(year, 5),
    };
    days.push((spring, "Spring bank holiday"));
    days.push((last_monday(year, 8), "Summer bank holiday"));

    // Christmas Day and Boxing Day, with substitute days after a weekend.
    let christmas = ymd(12, 25);
    let (christmas_observed, boxing_observed) = match christmas.weekday() {
        Weekday::Fri => (christmas, ymd(12, 28)),
        Weekday::Sat => (ymd(12, 27), ymd(12, 28)),
        Weekday::Sun => (ymd(12, 27), ymd(12, 26)),
        _ => (christmas, ymd(12, 26)),
    };
    days.push((christmas_observed, "Christmas Day"));
    days.push((boxing_observed, "Boxing Day"));

    // One-off days proclaimed in addition.
    let extra: &[(i32, u32, u32, &'static str)] = &[
        (1999, 12, 31, "Millennium celebrations"),
        (2002, 6, 3, "Golden Jubilee"),
        (2011, 4, 29, "Royal wedding"),
        (2012, 6, 5, "Diamond Jubilee"),
        (2022, 6, 3, "Platinum Jubilee"),
        (2022, 9, 19, "State Funeral of Queen Elizabeth II"),
        (2023, 5, 8, "Coronation of King Charles III"),
    ];
    for &(y, m, d, name) in extra {
        if y == year {
            days.push((ymd(m, d), name));
        }
    }
    days.sort();
    days
}

fn next_weekday(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Days::new(2),
        Weekday::Sun => day + Days::new(1),
        _ => day,
    }
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("valid date")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
        .expect("valid date")
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid Easter date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn publication_day_counts_as_day_one() {
        // The thematic report of 27 February 2020 (a leap year): day 56 is 22 April 2020.
        assert_eq!(last_day(d("2020-02-27")), Some(d("2020-04-22")));
        assert_eq!(last_day(d("2021-02-27")), Some(d("2021-04-23")));
    }

    #[test]
    fn deadline_runs_across_the_year_end() {
        assert_eq!(last_day(d("2023-12-01")), Some(d("2024-01-25")));
    }

    #[test]
    fn reports_before_commencement_have_no_deadline() {
        assert_eq!(last_day(d("2017-05-01")), None);
        assert_eq!(last_day(d("2017-05-02")), Some(d("2017-06-26")));
    }

    #[test]
    fn bank_holidays_match_the_published_lists() {
        // gov.uk lists for 2020 and 2022, including the moved and extra days.
        let names = |y| {
            bank_holidays(y)
                .into_iter()
                .map(|(d, _)| d)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(2020),
            [
                "2020-01-01",
                "2020-04-10",
                "2020-04-13",
                "2020-05-08",
                "2020-05-25",
                "2020-08-31",
                "2020-12-25",
                "2020-12-28"
            ]
            .map(d)
        );
        assert_eq!(
            names(2022),
            [
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-26",
                "2022-12-27"
            ]
            .map(d)
        );
        assert_eq!(
            bank_holiday(d("2023-05-08")),
            Some("Coronation of King Charles III")
        );
    }

    #[test]
    fn weekend_last_days_are_named() {
        assert_eq!(
            non_working_day(d("2020-04-25")).as_deref(),
            Some("a Saturday")
        );
        assert_eq!(
            non_working_day(d("2020-04-13")).as_deref(),
            Some("a bank holiday (Easter Monday)")
        );
        assert_eq!(non_working_day(d("2020-04-22")), None);
    }
}
