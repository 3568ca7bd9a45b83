//! `s55 status`: one table for the office, most urgent first.

use super::{OutputFormat, Style, TodayArg, count, fail, out};
use chrono::NaiveDate;
use clap::Args;
use s55::checks::State;
use s55::date::Date;
use s55::status::{self as office, Row, days_left_words};
use std::path::PathBuf;

/// `s55 status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The folder of responses (or response files). Default: responses/
    pub dir: Vec<PathBuf>,
    /// How to print the table.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: StatusArgs) -> u8 {
    let today = args.today.get();
    let dirs = if args.dir.is_empty() {
        vec![PathBuf::from("responses")]
    } else {
        args.dir
    };
    let (rows, problems) = match office::rows(&dirs, today) {
        Ok(r) => r,
        Err(d) => return fail(&[d]),
    };
    match args.format {
        OutputFormat::Json => out(&format!("{}\n", office::json(&rows, today))),
        OutputFormat::Human => out(&table(&rows, today, Style::detect())),
    }
    if problems.is_empty() {
        0
    } else {
        eprintln!();
        fail(&problems);
        eprintln!(
            "{} could not be read and {} not in the table: fix them and run `s55 status` again.",
            if problems.len() == 1 {
                "1 response file"
            } else {
                "some response files"
            },
            if problems.len() == 1 { "is" } else { "are" }
        );
        2
    }
}

fn short_date(d: Option<Date>) -> String {
    d.map(|d| d.0.format("%-d %b %Y").to_string())
        .unwrap_or_else(|| "none".to_string())
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The table for people. Colour (when `style` allows it) marks overdue responses red, drafts with a
/// week or less left yellow, and published ones green.
fn table(rows: &[Row], today: NaiveDate, style: Style) -> String {
    if rows.is_empty() {
        return "No responses found. Start one with `s55 new --report REPORT --published YYYY-MM-DD`.\n".to_string();
    }
    let header = [
        "REPORT",
        "PUBLISHED",
        "LAST DAY",
        "DAYS LEFT",
        "ANSWERED",
        "STATE",
        "FILE",
    ];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let state = if r.errors > 0 && r.state != State::Overdue {
                format!(
                    "{} ({})",
                    r.state.label(),
                    count(r.errors, "error", "errors")
                )
            } else {
                r.state.label().to_string()
            };
            [
                truncate(&r.report, 48),
                short_date(Some(r.published)),
                short_date(r.last_day),
                days_left_words(r),
                format!("{}/{}", r.answered, r.recommendations),
                state,
                r.file.display().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let pad = |text: &str, w: usize| format!("{text}{}", " ".repeat(w - text.chars().count()));
    let mut out = String::new();
    let head: Vec<String> = header.iter().zip(widths).map(|(h, w)| pad(h, w)).collect();
    out.push_str(&style.bold(head.join("  ").trim_end()));
    out.push('\n');
    for (row, c) in rows.iter().zip(&cells) {
        let mut line: Vec<String> = c.iter().zip(widths).map(|(t, w)| pad(t, w)).collect();
        let paint = |t: &str| match row.state {
            State::Overdue => style.red(t),
            State::Draft if row.days_left.is_some_and(|d| d <= 7) => style.yellow(t),
            State::Draft => t.to_string(),
            State::Published => style.green(t),
        };
        line[3] = paint(&line[3]);
        line[5] = paint(&line[5]);
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    let overdue = rows.iter().filter(|r| r.state == State::Overdue).count();
    let drafts = rows.iter().filter(|r| r.state == State::Draft).count();
    let published = rows.iter().filter(|r| r.state == State::Published).count();
    out.push_str(&format!(
        "\n{} on {}: {} overdue, {} in draft, {} published.\n",
        count(rows.len(), "response", "responses"),
        Date(today).long(),
        overdue,
        drafts,
        published
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn an_overdue_response_is_red_on_a_terminal_and_plain_elsewhere() {
        let d = |s: &str| Date::parse(s).unwrap();
        let rows = vec![Row {
            file: PathBuf::from("a.yaml"),
            report: "a.yaml".to_string(),
            published: d("2024-01-10"),
            last_day: Some(d("2024-03-05")),
            days_left: Some(-3),
            response_published: None,
            state: State::Overdue,
            answered: 1,
            recommendations: 2,
            errors: 0,
            warnings: 0,
        }];
        let today = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        let text = table(&rows, today, Style::plain());
        assert!(!text.contains('\x1b'));
        assert!(text.contains("3 days overdue"));
        assert!(text.contains("1/2"));
        let red = table(&rows, today, Style::coloured());
        assert!(red.contains("\x1b[1;31m3 days overdue"), "{red:?}");
    }
}
