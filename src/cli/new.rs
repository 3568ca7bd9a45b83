//! `s55 new`: a response file started from the report, every answer still to write.

use super::{fail, out, parse_date};
use chrono::NaiveDate;
use clap::Args;
use s55::draft;
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

pub fn run(args: NewArgs) -> u8 {
    let options = draft::NewOptions {
        report: args.report,
        published: args.published,
        output: args.output,
        force: args.force,
        office: args.office,
        folder: None,
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
            out(&draft::summary(&d));
            0
        }
        Err(d) => fail(&[d]),
    }
}
