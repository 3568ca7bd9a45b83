//! The command line: clap definitions and a few lines per subcommand calling the library.

use crate::checks::{self, Assessment, Severity};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::law;
use crate::load::{self, Response};
use crate::render::{Format, Templates, html, markdown};
use crate::site::{self, BuildError, BuildOptions};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Section 55 responses to HMICFRS reports: checked against the Police Act 1996 and written as letters.
#[derive(Debug, Parser)]
#[command(name = "s55", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check responses against section 55: the 56-day deadline, an answer to every recommendation,
    /// the chief officer's comments, copies to HMICFRS and the Home Secretary, and more.
    Check {
        /// Response files or folders (searched recursively). Default: responses/
        paths: Vec<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Count days left from this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Print the last day to publish comments on a report published on DATE.
    Deadline {
        /// The day HMICFRS published the report (YYYY-MM-DD).
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
    },
    /// Write one response's letter.
    Render {
        /// The response file.
        file: PathBuf,
        /// The output format.
        #[arg(long, value_enum, default_value_t = Format::Md)]
        format: Format,
        /// With `--format html`: only the letter's HTML, without the page around it, to paste into
        /// a content management system.
        #[arg(long)]
        fragment: bool,
        /// Use this layout instead of the one the file names (letter, home-secretary, board-paper, ...).
        #[arg(long)]
        template: Option<String>,
        /// A folder of templates that override the built-in ones by name.
        #[arg(long = "templates")]
        templates: Vec<PathBuf>,
        /// Write to this file instead of the screen.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Count days left from this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Write every response in a folder, one file per response and format.
    Build {
        /// The folder of responses. Default: responses/
        dir: Option<PathBuf>,
        /// The output folder.
        #[arg(short, long, default_value = "public")]
        output: PathBuf,
        /// A folder of templates that override the built-in ones by name.
        #[arg(long = "templates")]
        templates: Vec<PathBuf>,
        /// Build nothing while any response has an error.
        #[arg(long)]
        strict: bool,
        /// Also list drafts (responses with errors) on the index, feed, JSON and CSV and write them
        /// into the output folder. Without it, drafts go to a folder beside it (public-drafts/).
        #[arg(long)]
        include_drafts: bool,
        /// Count days left from this date (YYYY-MM-DD) instead of today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Start a response from an HMICFRS report (PDF or text): every recommendation, cause of
    /// concern and area for improvement, each answer still to write, the deadline at the top.
    New(crate::cli_draft::NewArgs),
    /// Print the recommendations, causes of concern and areas for improvement found in a report.
    Extract(crate::cli_draft::ExtractArgs),
    /// One table for the office: every response's deadline, days left and answers written.
    Status(crate::cli_draft::StatusArgs),
    /// Print the JSON Schema of response files, for editors that check YAML as you type.
    Schema,
    /// Set up a new office's folder: office details, responses/ with the schema, and a worked
    /// example in examples/ (never built or published).
    Init(crate::cli_draft::InitArgs),
    /// List the built-in templates, or copy one into responses/templates/ to change it.
    #[command(subcommand)]
    Templates(crate::cli_draft::TemplatesCommand),
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people, grouped by response.
    Human,
    /// For programs.
    Json,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    Date::parse(text).map(|d| d.0)
}

/// Runs the command line and returns the exit code: 0 fine, 1 a check found an error, 2 the input
/// could not be read.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            today,
        } => check(paths, format, today_or(today)),
        Command::Deadline { date } => deadline(date),
        Command::Render {
            file,
            format,
            fragment,
            template,
            templates,
            output,
            today,
        } => render(
            &file,
            (format, fragment),
            template.as_deref(),
            &templates,
            output.as_deref(),
            today_or(today),
        ),
        Command::Build {
            dir,
            output,
            templates,
            strict,
            include_drafts,
            today,
        } => build(
            dir,
            output,
            templates,
            (strict, include_drafts),
            today_or(today),
        ),
        Command::New(args) => crate::cli_draft::new(args),
        Command::Extract(args) => crate::cli_draft::extract(args),
        Command::Status(args) => {
            let today = today_or(args.today);
            crate::cli_draft::status(args, today)
        }
        Command::Schema => crate::cli_draft::schema(),
        Command::Init(args) => crate::cli_draft::init(args),
        Command::Templates(command) => crate::cli_draft::templates(command),
    };
    ExitCode::from(code)
}

fn today_or(today: Option<NaiveDate>) -> NaiveDate {
    today.unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("responses")]
    } else {
        paths
    }
}

/// Prints diagnostics to stderr and returns exit code 2.
fn fail(diagnostics: &[Diagnostic]) -> u8 {
    for d in diagnostics {
        eprint!("{d}");
        eprintln!();
    }
    let problems: usize = diagnostics.iter().map(Diagnostic::count).sum();
    if problems > 1 {
        eprintln!(
            "{} could not be read: {} to fix.",
            count(diagnostics.len(), "file", "files"),
            count(problems, "problem", "problems")
        );
    }
    2
}

fn check(paths: Vec<PathBuf>, format: OutputFormat, today: NaiveDate) -> u8 {
    let paths = default_paths(paths);
    let files = match load::response_paths(&paths) {
        Ok(f) => f,
        Err(d) => return fail(&[d]),
    };
    let mut results = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match load::response(&file) {
            Ok(r) => {
                let a = checks::assess(&r, today);
                results.push((r, a));
            }
            Err(d) => problems.push(d),
        }
    }
    match format {
        OutputFormat::Json => println!("{}", check_json(&results, &problems)),
        OutputFormat::Human => {
            if !results.is_empty() {
                print!("{}", check_human(&results, Style::detect()));
            }
        }
    }
    if !problems.is_empty() {
        return match format {
            OutputFormat::Json => 2,
            OutputFormat::Human => fail(&problems),
        };
    }
    // Copied templates that the built-in ones have moved on from (on stderr: JSON stays JSON).
    for w in
        crate::render::templates::copy_warnings_for(results.iter().map(|(r, _)| r.path.as_path()))
    {
        eprintln!("{w}");
    }
    if results.iter().any(|(_, a)| a.has_errors()) {
        1
    } else {
        0
    }
}

/// The JSON form of `check`'s results: each response with its findings (each with `file`, `line`
/// and `column`), and each file that could not be read with its problems in the same shape.
pub fn check_json(results: &[(Response, Assessment)], unreadable: &[Diagnostic]) -> String {
    let responses: Vec<serde_json::Value> = results
        .iter()
        .map(|(r, a)| {
            serde_json::json!({
                "file": r.path.display().to_string(),
                "report": r.report.title,
                "published": a.timing.published.iso(),
                "deadline": a.timing.last_day.map(|d| d.iso()),
                "days_left": a.timing.days_left,
                "state": a.timing.state.label(),
                "answered": a.answered,
                "recommendations": a.recommendations,
                "findings": a.findings,
            })
        })
        .collect();
    let unreadable: Vec<serde_json::Value> = unreadable
        .iter()
        .map(|d| {
            let problems: Vec<serde_json::Value> = d
                .all()
                .map(|p| {
                    serde_json::json!({
                        "severity": "error",
                        "rule": "unreadable",
                        "item": null,
                        "message": p.message,
                        "hint": p.hint,
                        "file": p.file.display().to_string(),
                        "line": p.location.as_ref().map(|l| l.line),
                        "column": p.location.as_ref().map(|l| l.column),
                    })
                })
                .collect();
            serde_json::json!({ "file": d.file.display().to_string(), "findings": problems })
        })
        .collect();
    serde_json::to_string_pretty(
        &serde_json::json!({ "responses": responses, "unreadable": unreadable }),
    )
    .expect("JSON always serialises")
}

/// Terminal colours, used only on a terminal and never when `NO_COLOR` is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            colour: std::io::stdout().is_terminal() && !no_color,
        }
    }

    /// No colour at all.
    pub fn plain() -> Style {
        Style { colour: false }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    pub fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn red(self, t: &str) -> String {
        self.paint("1;31", t)
    }
    pub fn yellow(self, t: &str) -> String {
        self.paint("1;33", t)
    }
    pub fn green(self, t: &str) -> String {
        self.paint("1;32", t)
    }
}

/// The human-readable form of `check`'s results, grouped by response.
pub fn check_human(results: &[(Response, Assessment)], style: Style) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for (r, a) in results {
        out.push_str(&format!("{}\n", style.bold(&r.path.display().to_string())));
        out.push_str(&format!("  {}\n", r.report.title));
        let t = &a.timing;
        let mut when = format!("  report published {}", t.published.long());
        match t.last_day {
            Some(last) => when.push_str(&format!(
                "; last day {} ({})",
                crate::date::day_in_words(last.0),
                law::DEADLINE_RULE
            )),
            None => when.push_str("; no statutory deadline (published before 2 May 2017)"),
        }
        out.push_str(&when);
        out.push('\n');
        let status = match (t.response_published, t.days_left) {
            (Some(on), _) => format!("response published {}", on.long()),
            (None, Some(d)) if d < 0 => format!("draft, {} overdue", plural_days(-d)),
            (None, Some(0)) => "draft, today is the last day".to_string(),
            (None, Some(d)) => format!("draft, {} left", plural_days(d)),
            (None, None) => "draft".to_string(),
        };
        out.push_str(&format!(
            "  {status}; {} of {} recommendations explained\n",
            a.answered, a.recommendations
        ));
        if a.findings.is_empty() {
            out.push_str(&format!("  {}\n", style.green("no problems found")));
        }
        out.push('\n');
        for f in &a.findings {
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            out.push_str(&finding_text(f, style));
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "{} checked: {}, {}.\n",
        count(results.len(), "response", "responses"),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    ));
    out
}

/// One finding in the shape every s55 message has: `error[rule]: message`, `--> file:line:column`,
/// the line with the place underlined, and `= hint:`.
pub fn finding_text(f: &crate::checks::Finding, style: Style) -> String {
    let label = match f.severity {
        Severity::Error => style.red(&format!("error[{}]", f.rule)),
        Severity::Warning => style.yellow(&format!("warning[{}]", f.rule)),
    };
    let mut out = String::new();
    crate::diagnostic::write_message(
        &mut out,
        &label,
        &f.message,
        f.file.as_deref(),
        f.location.as_ref(),
        f.hint.as_deref(),
    )
    .expect("writing to a string cannot fail");
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn deadline(date: NaiveDate) -> u8 {
    print!("{}", deadline_text(date));
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
                crate::date::day_in_words(published),
                crate::date::day_in_words(last)
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
            crate::date::day_in_words(published)
        ),
    }
}

fn render(
    file: &Path,
    (format, fragment): (Format, bool),
    layout: Option<&str>,
    templates: &[PathBuf],
    output: Option<&Path>,
    today: NaiveDate,
) -> u8 {
    if fragment && format != Format::Html {
        eprintln!("error: --fragment only works with --format html");
        return 2;
    }
    let result = load::response(file).and_then(|response| {
        let tpl = Templates::load(&Templates::folders_for(templates, file, None))?;
        let assessment = checks::assess(&response, today);
        let text = match format {
            Format::Md => markdown::render(&response, &assessment, &tpl, layout)?.into_bytes(),
            Format::Html if fragment => {
                html::fragment(&response, &assessment, &tpl, layout)?.into_bytes()
            }
            Format::Html => {
                html::page(&response, &assessment, &tpl, layout, &Default::default())?.into_bytes()
            }
            Format::Pdf => crate::render::pdf::render(&response, &assessment, &tpl, layout)?,
        };
        Ok(text)
    });
    match result {
        Ok(bytes) => match output {
            Some(path) => match site::write_atomic(path, &bytes) {
                Ok(()) => 0,
                Err(d) => fail(&[d]),
            },
            None => {
                use std::io::Write;
                let _ = std::io::stdout().write_all(&bytes);
                0
            }
        },
        Err(d) => fail(&[d]),
    }
}

fn build(
    dir: Option<PathBuf>,
    output: PathBuf,
    templates: Vec<PathBuf>,
    (strict, include_drafts): (bool, bool),
    today: NaiveDate,
) -> u8 {
    let options = BuildOptions {
        inputs: vec![dir.unwrap_or_else(|| PathBuf::from("responses"))],
        out_dir: output,
        templates,
        formats: vec![Format::Md, Format::Html, Format::Pdf],
        today,
        strict,
        include_drafts,
    };
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |p: site::Progress| {
        if terminal {
            site_progress(p);
        }
    };
    let result = site::build_with_progress(&options, &mut progress);
    if terminal {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            print!("{}", build_summary(&report, &options.out_dir));
            0
        }
        Err(BuildError::Input(ds)) => {
            let code = fail(&ds);
            eprintln!("nothing was written: fix the problems above and build again.");
            code
        }
        Err(BuildError::Strict(failing)) => {
            for (file, a) in &failing {
                eprintln!("{}", file.display());
                for f in a.findings.iter().filter(|f| f.severity == Severity::Error) {
                    eprint!("{}", finding_text(f, Style::plain()));
                }
            }
            eprintln!(
                "--strict: nothing was built because {} errors.",
                count(failing.len(), "response has", "responses have")
            );
            1
        }
        Err(BuildError::Write(d)) => fail(&[d]),
    }
}

/// One progress line, rewritten in place on a terminal.
fn site_progress(p: site::Progress) {
    match p {
        site::Progress::Rendering { done, total, slug } => {
            eprint!("\r\x1b[2Kbuilding {done}/{total}: {slug}")
        }
        site::Progress::Writing { done, total } => {
            eprint!("\r\x1b[2Kwriting file {done}/{total}")
        }
    }
}

/// What `s55 build` prints when it has finished: what was built, which responses are drafts and
/// why, and where the index is.
pub fn build_summary(report: &site::BuildReport, out_dir: &Path) -> String {
    let mut out = String::new();
    let states = |state: checks::State| {
        report
            .responses
            .iter()
            .filter(|(_, _, s)| *s == state)
            .count()
    };
    out.push_str(&format!(
        "Built {} ({} published, {} draft, {} overdue) into {}.\n",
        count(report.responses.len(), "response", "responses"),
        states(checks::State::Published),
        states(checks::State::Draft),
        states(checks::State::Overdue),
        out_dir.display()
    ));
    out.push_str(&format!(
        "{} written, {} already up to date",
        count(report.written.len(), "file", "files"),
        report.unchanged.len()
    ));
    if !report.removed.is_empty() {
        out.push_str(&format!(
            ", {} from an earlier build removed ({})",
            report.removed.len(),
            report
                .removed
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str(".\n");
    if report.drafts.is_empty() {
        out.push_str("Every response passed the checks.\n");
    } else {
        out.push_str(&format!(
            "{} the checks and {} built marked “{}”{}:\n",
            count(report.drafts.len(), "response failed", "responses failed"),
            if report.drafts.len() == 1 {
                "was"
            } else {
                "were"
            },
            crate::render::DRAFT_MARK,
            match &report.drafts_dir {
                Some(d) => format!(
                    ", into {} (not the website folder) and left off the index",
                    d.display()
                ),
                None => String::new(),
            }
        ));
        for (file, errors) in &report.drafts {
            out.push_str(&format!(
                "  {}: {} (run `s55 check {}` to see them)\n",
                file.display(),
                count(*errors, "error", "errors"),
                file.display()
            ));
        }
    }
    out.push_str(&format!(
        "Open {} to see the website section.\n",
        out_dir.join(site::index::INDEX).display()
    ));
    out
}
