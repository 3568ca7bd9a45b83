//! The drafting and office-view subcommands (`new`, `extract`, `status`, `schema`, `init`): their
//! arguments and a few lines each calling the library. Kept apart from `cli.rs` so that each
//! subcommand's options sit next to the code that prints its results.

use super::{OutputFormat, Style, TodayArg, count, fail, parse_date};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use s55::checks::State;
use s55::date::Date;
use s55::status::{Row, days_left_words};
use s55::{draft, extract, init as setup, schema as schema_mod, status as office};
use std::path::PathBuf;

/// `s55 new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The report as HMICFRS publishes it: a PDF, or a text file of its words.
    #[arg(long)]
    pub report: PathBuf,
    /// The day HMICFRS published the report (YYYY-MM-DD). Required: the 56 days run from it, and
    /// s55 never guesses it.
    #[arg(long, value_parser = parse_date)]
    pub published: Option<NaiveDate>,
    /// The response file to write. Default: responses/DATE-KIND-FORCE.yaml (or in the current folder
    /// when there is no responses/ folder).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The office's details file to refer to. Default: office.yaml beside the response or in the
    /// folder above it.
    #[arg(long)]
    pub office: Option<PathBuf>,
    /// Replace the response file if it already exists (its answers are lost).
    #[arg(long)]
    pub force: bool,
}

/// `s55 extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The report: a PDF or a text file.
    pub report: PathBuf,
    /// How to print what was found.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Yaml)]
    pub format: ExtractFormat,
    /// List, with its line (or page), every sentence outside the items found that reads like a
    /// recommendation ("should", "must", "we recommend"), to check that none was missed.
    #[arg(long)]
    pub review: bool,
}

/// How `extract` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// YAML, easy to read by eye.
    Yaml,
    /// JSON, for programs.
    Json,
    /// The report's text as s55 read it, one paragraph per line: to see why an item was missed.
    Text,
}

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

/// `s55 init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The office's folder. Default: the current folder.
    pub dir: Option<PathBuf>,
}

/// `s55 templates`.
#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// List the built-in templates: the letter layouts and the website's pages.
    List,
    /// Copy one built-in template into responses/templates/ (or DIR) to change it. An existing
    /// file is never replaced; `s55 check` warns when the built-in changes after the copy.
    Copy {
        /// The template: a layout (letter, home-secretary, board-paper) or a file such as site.css.
        name: String,
        /// The folder to copy it into.
        #[arg(long = "templates", default_value = "responses/templates")]
        templates: PathBuf,
    },
}

pub fn templates(command: TemplatesCommand) -> u8 {
    use s55::render::templates::{BUILT_IN, copy};
    match command {
        TemplatesCommand::List => {
            for (name, _) in BUILT_IN {
                let what = match *name {
                    "letter.md" => "layout `letter`: a letter to several addressees",
                    "home-secretary.md" => {
                        "layout `home-secretary`: a formal letter to the Home Secretary"
                    }
                    "board-paper.md" => "layout `board-paper`: a paper to a board or panel",
                    "page.html" => "the web page for one response",
                    "fragment.html" => "the letter alone, for a content management system",
                    "index.html" => "the index of all responses",
                    "feed.atom" => "the Atom feed",
                    "site.css" => "the website's stylesheet",
                    _ => "",
                };
                println!("{name:<20} {what}");
            }
            0
        }
        TemplatesCommand::Copy { name, templates } => match copy(&name, &templates) {
            Ok(path) => {
                println!(
                    "copied the built-in {} to {}: edit it there; it replaces the built-in for the responses in that folder",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    path.display()
                );
                0
            }
            Err(d) => fail(&[d]),
        },
    }
}

pub fn new(args: NewArgs) -> u8 {
    let options = draft::NewOptions {
        report: args.report,
        published: args.published,
        output: args.output,
        force: args.force,
        office: args.office,
    };
    match draft::new_response(&options) {
        Ok(d) => {
            if let Some(late) = draft::late_warning(&d, chrono::Local::now().date_naive()) {
                eprintln!("{late}");
            }
            // The same words as the `# WARNING:` lines at the top of the draft, and as
            // `s55 extract` prints.
            for w in &d.found.warnings {
                eprintln!("warning: {w}");
            }
            print!("{}", draft::summary(&d));
            0
        }
        Err(d) => fail(&[d]),
    }
}

pub fn extract(args: ExtractArgs) -> u8 {
    let text = match extract::read_report(&args.report) {
        Ok(t) => t,
        Err(d) => return fail(&[d]),
    };
    if args.format == ExtractFormat::Text && !args.review {
        print!("{}", extract::paragraph_text(&text));
        return 0;
    }
    let found = extract::extract(&text);
    let review = extract::review(&text, &found);
    if args.review {
        match args.format {
            ExtractFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&review).expect("JSON always serialises")
            ),
            _ => {
                for r in &review {
                    let at = match (r.page, r.line) {
                        (Some(p), _) => format!("page {p}"),
                        (None, Some(l)) => format!("line {l}"),
                        (None, None) => String::new(),
                    };
                    println!("{at}: {}", r.text);
                }
            }
        }
        eprintln!(
            "{} outside the items found {} like a recommendation: check each against the report.",
            sentences(review.len()),
            if review.len() == 1 { "reads" } else { "read" }
        );
        return 0;
    }
    let mut value = serde_json::to_value(&found).expect("JSON always serialises");
    value["to_review"] = serde_json::json!(review.len());
    match args.format {
        ExtractFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON always serialises")
        ),
        _ => print!(
            "{}",
            serde_saphyr::to_string(&found).expect("YAML always serialises")
        ),
    }
    for w in &found.warnings {
        eprintln!("warning: {w}");
    }
    if !review.is_empty() {
        eprintln!(
            "{} outside the items found {} like a recommendation: list them with `s55 extract --review {}`.",
            sentences(review.len()),
            if review.len() == 1 { "reads" } else { "read" },
            args.report.display()
        );
    }
    0
}

fn sentences(n: usize) -> String {
    format!("{n} {}", if n == 1 { "sentence" } else { "sentences" })
}

pub fn status(args: StatusArgs, today: NaiveDate) -> u8 {
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
        OutputFormat::Json => println!("{}", office::json(&rows, today)),
        OutputFormat::Human => print!("{}", table(&rows, today, Style::detect())),
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

pub fn schema() -> u8 {
    print!("{}", schema_mod::schema_json());
    0
}

pub fn init(args: InitArgs) -> u8 {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    match setup::init(&dir) {
        Ok(report) => {
            print!("{}", setup::summary(&dir, &report));
            0
        }
        Err(d) => fail(&[d]),
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
    fn plain_tables_have_no_colour_codes() {
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
        let text = table(
            &rows,
            NaiveDate::from_ymd_opt(2024, 3, 8).unwrap(),
            Style::plain(),
        );
        assert!(!text.contains('\x1b'));
        assert!(text.contains("3 days overdue"));
        assert!(text.contains("1/2"));
    }
}
