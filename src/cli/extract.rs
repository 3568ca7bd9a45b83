//! `s55 extract REPORT`: what s55 finds in a report, to check by eye before starting a response.

use super::fail;
use super::out;
use clap::{Args, ValueEnum};
use s55::extract;
use std::path::PathBuf;

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

pub fn run(args: ExtractArgs) -> u8 {
    let text = match extract::read_report(&args.report) {
        Ok(t) => t,
        Err(d) => return fail(&[d]),
    };
    if args.format == ExtractFormat::Text && !args.review {
        out(&extract::paragraph_text(&text));
        return 0;
    }
    let found = extract::extract(&text);
    let review = extract::review(&text, &found);
    if args.review {
        match args.format {
            ExtractFormat::Json => out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&review).expect("JSON always serialises")
            )),
            _ => {
                for r in &review {
                    let at = match (r.page, r.line) {
                        (Some(p), _) => format!("page {p}"),
                        (None, Some(l)) => format!("line {l}"),
                        (None, None) => String::new(),
                    };
                    out(&format!("{at}: {}\n", r.text));
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
        ExtractFormat::Json => out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&value).expect("JSON always serialises")
        )),
        _ => out(&serde_saphyr::to_string(&found).expect("YAML always serialises")),
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
