//! The command line: one module per command, each with its clap arguments and a `run` that calls
//! the library and prints. All terminal text and colour lives here; the library returns data.
//!
//! Exit codes: 0 all well (warnings allowed), 1 a check found an error, 2 an input could not be read.

mod build;
mod check;
mod deadline;
mod extract;
mod import;
mod init;
mod new;
mod render;
mod schema;
mod serve;
mod status;
mod templates;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use s55::date::Date;
use s55::diagnostic::Diagnostic;
use std::io::IsTerminal;
use std::path::PathBuf;
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
    Check(check::CheckArgs),
    /// Print the last day to publish comments on a report published on DATE.
    Deadline(deadline::DeadlineArgs),
    /// Write one response's letter.
    Render(render::RenderArgs),
    /// Write every response in a folder, one file per response and format.
    Build(build::BuildArgs),
    /// Start a response from an HMICFRS report (PDF or text): every recommendation, cause of
    /// concern and area for improvement, each answer still to write, the deadline at the top.
    New(new::NewArgs),
    /// Print the recommendations, causes of concern and areas for improvement found in a report.
    Extract(extract::ExtractArgs),
    /// Read a letter signed off in Word back into its response file: only the parts changed in
    /// Word are written, tracked changes and comments are listed with their authors.
    Import(import::ImportArgs),
    /// One table for the office: every response's deadline, days left and answers written.
    Status(status::StatusArgs),
    /// Print the JSON Schema of response files, for editors that check YAML as you type.
    Schema,
    /// Set up a new office's folder: office details, responses/ with the schema, and a worked
    /// example in examples/ (never built or published).
    Init(init::InitArgs),
    /// Open the office's responses in your web browser, on this computer only: write the answers
    /// in forms, see what the checks find and preview the letter as it will be published.
    Serve(serve::ServeArgs),
    /// List the built-in templates, or copy one into responses/templates/ to change it.
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let code = match Cli::parse().command {
        Command::Check(args) => check::run(args),
        Command::Deadline(args) => deadline::run(args),
        Command::Render(args) => render::run(args),
        Command::Build(args) => build::run(args),
        Command::New(args) => new::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Import(args) => import::run(args),
        Command::Status(args) => status::run(args),
        Command::Schema => schema::run(),
        Command::Init(args) => init::run(args),
        Command::Templates(command) => templates::run(command),
        Command::Serve(args) => serve::run(args),
    };
    ExitCode::from(code)
}

/// `--today`, for every command that counts days.
#[derive(Debug, Clone, Args)]
pub struct TodayArg {
    /// Count days left from this date (YYYY-MM-DD) instead of today.
    #[arg(long = "today", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

impl TodayArg {
    /// The date given, or today's.
    pub fn get(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// `--templates DIR`, for every command that renders.
#[derive(Debug, Clone, Args)]
pub struct TemplatesArg {
    /// A folder of templates that override the built-in ones by name.
    #[arg(long = "templates")]
    pub folders: Vec<PathBuf>,
}

/// The formats `--format` accepts: one per format in the renderer list, so a new renderer is a new
/// value here without a change to the command line.
pub fn format_names() -> clap::builder::PossibleValuesParser {
    use s55::render::renderer::{RENDERERS, formats};
    clap::builder::PossibleValuesParser::new(formats().into_iter().map(|f| {
        let help = RENDERERS
            .iter()
            .filter(|r| r.format() == f)
            .find_map(|r| r.format_help());
        let value = clap::builder::PossibleValue::new(f.name());
        match help {
            Some(h) => value.help(h),
            None => value,
        }
    }))
}

/// The format a `--format` name stands for (one of [`format_names`], so always found).
pub fn format_named(name: &str) -> s55::render::Format {
    s55::render::renderer::formats()
        .into_iter()
        .find(|f| f.name() == name)
        .unwrap_or(s55::render::Format::MD)
}

/// How `check` and `status` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people, grouped by response.
    Human,
    /// For programs.
    Json,
}

/// Reads a date given on the command line, explaining in plain words when it cannot, with the
/// YYYY-MM-DD form of a British date.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    Date::parse(text)
        .map(|d| d.0)
        .map_err(|why| match s55::load::format::british_date(text) {
            Some(iso) => format!("{why}; write {iso} (year-month-day)"),
            None => why,
        })
}

pub fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("responses")]
    } else {
        paths
    }
}

/// Prints diagnostics to stderr and returns exit code 2.
pub fn fail(diagnostics: &[Diagnostic]) -> u8 {
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

/// Set once whatever reads standard output has gone (`s55 check | head -1`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to standard output. Once whatever reads it has gone (`s55 check | head -1`), the rest
/// is dropped quietly and the command still ends with its usual exit code, as ripgrep does; any
/// other failure to write is reported once on stderr.
pub fn out(text: &str) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: the output could not be written: {e}");
        }
    }
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

    /// Colour whatever the terminal, for tests of what is painted.
    #[cfg(test)]
    pub fn coloured() -> Style {
        Style { colour: true }
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

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}
