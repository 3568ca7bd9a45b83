//! The office view: one line per response, with its report, publication date, last day, days left,
//! how many recommendations are answered, and where it stands, most urgent first.

use crate::checks::{self, Severity, State};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::load;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::PathBuf;

/// One response, as the office table shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The response file.
    pub file: PathBuf,
    /// The report's title.
    pub report: String,
    /// The day HMICFRS published the report.
    pub published: Date,
    /// The last day to publish the comments (none before 2 May 2017).
    pub last_day: Option<Date>,
    /// Days left to the last day, for an unpublished response: 0 on the day, negative once passed.
    pub days_left: Option<i64>,
    /// The day the response was published, if it has been.
    pub response_published: Option<Date>,
    /// Recommendations with an explanation.
    pub answered: usize,
    /// All recommendations in the report.
    pub recommendations: usize,
    /// `overdue`, `draft` or `published`.
    pub state: State,
    /// Errors `s55 check` finds in the response.
    pub errors: usize,
    /// Warnings `s55 check` finds in the response.
    pub warnings: usize,
}

/// Reads every response under `paths` and returns the rows, most urgent first, with the files that
/// could not be read.
pub fn rows(
    paths: &[PathBuf],
    today: NaiveDate,
) -> Result<(Vec<Row>, Vec<Diagnostic>), Diagnostic> {
    let files = load::response_paths(paths)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match load::response(&file) {
            Ok(r) => {
                let a = checks::assess(&r, today);
                let count = |s| a.findings.iter().filter(|f| f.severity == s).count();
                rows.push(Row {
                    file: r.path.clone(),
                    report: r.report.title.clone(),
                    published: a.timing.published,
                    last_day: a.timing.last_day,
                    days_left: a.timing.days_left,
                    response_published: a.timing.response_published,
                    answered: a.answered,
                    recommendations: a.recommendations,
                    state: a.timing.state,
                    errors: count(Severity::Error),
                    warnings: count(Severity::Warning),
                });
            }
            Err(d) => problems.push(d),
        }
    }
    sort(&mut rows);
    Ok((rows, problems))
}

/// Most urgent first: overdue responses (longest overdue first), then drafts by days left (those
/// with no statutory deadline last), then published responses, most recently published first.
pub fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        let key = |r: &Row| {
            (
                r.state,
                r.days_left.unwrap_or(i64::MAX),
                std::cmp::Reverse(r.response_published),
            )
        };
        key(a).cmp(&key(b)).then_with(|| a.file.cmp(&b.file))
    });
}

/// The days-left column in words.
pub fn days_left_words(row: &Row) -> String {
    match (row.response_published, row.days_left) {
        (Some(on), _) => format!("published on {}", on.long()),
        (None, Some(d)) if d < 0 => format!("{} overdue", days(-d)),
        (None, Some(0)) => "last day today".to_string(),
        (None, Some(d)) => format!("{} left", days(d)),
        (None, None) => "no statutory deadline".to_string(),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// The table for programs.
pub fn json(rows: &[Row], today: NaiveDate) -> String {
    let responses: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "file": r.file.display().to_string(),
                "report": r.report,
                "published": r.published.iso(),
                "last_day": r.last_day.map(|d| d.iso()),
                "days_left": r.days_left,
                "response_published": r.response_published.map(|d| d.iso()),
                "answered": r.answered,
                "recommendations": r.recommendations,
                "state": r.state.label(),
                "errors": r.errors,
                "warnings": r.warnings,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "today": Date(today).iso(),
        "responses": responses,
    }))
    .expect("JSON always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(file: &str, state: State, days_left: Option<i64>, published: Option<&str>) -> Row {
        let d = |s: &str| Date::parse(s).unwrap();
        Row {
            file: PathBuf::from(file),
            report: file.to_string(),
            published: d("2024-01-10"),
            last_day: Some(d("2024-03-05")),
            days_left,
            response_published: published.map(d),
            answered: 1,
            recommendations: 2,
            state,
            errors: 0,
            warnings: 0,
        }
    }

    #[test]
    fn most_urgent_comes_first() {
        let mut rows = vec![
            row("published-old", State::Published, None, Some("2023-01-01")),
            row("draft-30", State::Draft, Some(30), None),
            row("published-new", State::Published, None, Some("2024-02-01")),
            row("overdue-2", State::Overdue, Some(-2), None),
            row("draft-3", State::Draft, Some(3), None),
            row("overdue-40", State::Overdue, Some(-40), None),
            row("draft-no-deadline", State::Draft, None, None),
        ];
        sort(&mut rows);
        let order: Vec<String> = rows.iter().map(|r| r.file.display().to_string()).collect();
        assert_eq!(
            order,
            [
                "overdue-40",
                "overdue-2",
                "draft-3",
                "draft-30",
                "draft-no-deadline",
                "published-new",
                "published-old"
            ]
        );
    }

    #[test]
    fn days_left_reads_as_words() {
        assert_eq!(
            days_left_words(&row("a", State::Draft, Some(1), None)),
            "1 day left"
        );
        assert_eq!(
            days_left_words(&row("a", State::Draft, Some(0), None)),
            "last day today"
        );
        assert_eq!(
            days_left_words(&row("a", State::Overdue, Some(-3), None)),
            "3 days overdue"
        );
        assert_eq!(
            days_left_words(&row("a", State::Published, None, Some("2024-02-20"))),
            "published on 20 February 2024"
        );
    }
}
