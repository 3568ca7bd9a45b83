//! Calendar dates as officers write them (`2020-03-16`) and read them ("16 March 2020").

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day, written `YYYY-MM-DD` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Reads `YYYY-MM-DD`, explaining in plain words what is wrong when it cannot.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let numeric = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.len() != 3
            || !numeric(parts[0], 4)
            || !numeric(parts[1], 2)
            || !numeric(parts[2], 2)
        {
            return Err(format!(
                "`{text}` is not a date in the form YYYY-MM-DD (for example 2020-03-16)"
            ));
        }
        let (y, m, d) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
            parts[2].parse::<u32>().unwrap_or(0),
        );
        if !(1..=12).contains(&m) {
            return Err(format!(
                "`{text}` has no month {m}: months run from 01 to 12"
            ));
        }
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => Ok(Date(date)),
            None => {
                let days = days_in_month(y, m);
                Err(format!(
                    "`{text}` is not a real date: {} {y} has {days} days",
                    MONTHS[(m - 1) as usize]
                ))
            }
        }
    }

    /// The date as letters print it: "16 March 2020".
    pub fn long(self) -> String {
        long_date(self.0)
    }

    /// The date as `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The number of a month named in full, in any case ("march" gives 3).
pub fn month_number(name: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .map(|d| d.day())
        .unwrap_or(31)
}

/// The number of a month named in words, in full or cut short ("March", "mar", "Sept"), from 1:
/// for reading dates officers type in words.
pub fn month_from_word(word: &str) -> Option<u32> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// "16 March 2020", the British long form with no leading zero.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A date in words with its weekday: "Wednesday 22 April 2020".
pub fn day_in_words(date: NaiveDate) -> String {
    format!("{} {}", weekday_name(date), long_date(date))
}

/// The day of the week in words: "Saturday".
pub fn weekday_name(date: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match date.weekday() {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                Err(E::custom(format!(
                    "`{v}` is not a date in the form YYYY-MM-DD (for example 2020-03-16)"
                )))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                self.visit_i64(v as i64)
            }
        }
        d.deserialize_str(Visitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "A date written YYYY-MM-DD, for example 2020-03-16."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_the_british_way() {
        assert_eq!(Date::parse("2020-03-16").unwrap().long(), "16 March 2020");
        assert_eq!(Date::parse("2020-12-01").unwrap().long(), "1 December 2020");
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(
            Date::parse("2019-02-29").unwrap_err(),
            "`2019-02-29` is not a real date: February 2019 has 28 days"
        );
        assert!(Date::parse("2020-02-29").is_ok());
        assert!(
            Date::parse("2020-13-01")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(
            Date::parse("16/03/2020")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }
}
