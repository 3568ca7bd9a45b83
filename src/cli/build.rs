//! `s55 build`: every response in a folder written as letters and a website section.

use super::check::finding_text;
use super::{Style, TemplatesArg, TodayArg, count, fail, out};
use clap::Args;
use s55::checks::{self, Severity};
use s55::render::renderer;
use s55::site::{self, BuildError, BuildOptions};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Write every response in a folder, one file per response and format.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The folder of responses. Default: responses/
    pub dir: Option<PathBuf>,
    /// The output folder.
    #[arg(short, long, default_value = "public")]
    pub output: PathBuf,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Build nothing while any response has an error.
    #[arg(long)]
    pub strict: bool,
    /// Also list drafts (responses with errors) on the index, feed, JSON and CSV and write them
    /// into the output folder. Without it, drafts go to a folder beside it (public-drafts/).
    #[arg(long)]
    pub include_drafts: bool,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: BuildArgs) -> u8 {
    let (dir, output, templates) = (args.dir, args.output, args.templates.folders);
    let (strict, include_drafts, today) = (args.strict, args.include_drafts, args.today.get());
    let options = BuildOptions {
        inputs: vec![dir.unwrap_or_else(|| PathBuf::from("responses"))],
        out_dir: output,
        templates,
        formats: renderer::formats(),
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
            out(&build_summary(&report, &options.out_dir));
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
    // "still to publish", not "draft": the lines below call a response that failed the checks a
    // draft, which is another thing (a response can be published and still fail them).
    out.push_str(&format!(
        "Built {} ({} published, {} still to publish, {} overdue) into {}.\n",
        count(report.responses.len(), "response", "responses"),
        states(checks::State::Published),
        states(checks::State::Draft),
        states(checks::State::Overdue),
        out_dir.display()
    ));
    out.push_str(&format!(
        "{} written, {} already up to date",
        count(report.written, "file", "files"),
        report.unchanged
    ));
    if !report.removed.is_empty() {
        out.push_str(&format!(
            ", {} from an earlier build removed ({})",
            report.removed.len(),
            in_brief(&report.removed)
        ));
    }
    out.push_str(".\n");
    let (rendered, total) = (report.rendered.len(), report.responses.len());
    if rendered == 0 {
        out.push_str(&format!(
            "Rendered 0 of {total} responses: none has changed since the last build, so their files were left as they were.\n"
        ));
    } else if rendered < total {
        out.push_str(&format!(
            "Rendered {rendered} of {total} responses; the other {} not changed since the last build, so {} files were left as they were.\n",
            count(total - rendered, "has", "have"),
            if total - rendered == 1 { "its" } else { "their" }
        ));
    }
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
            s55::render::draft_mark(),
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

/// The most files a summary line names before it says "and N more".
const NAMED: usize = 6;

/// Files named in a summary line: all of them up to [`NAMED`], else the first few and how many
/// more (a response removed from a large site takes five files and perhaps an index page with it).
fn in_brief(files: &[std::path::PathBuf]) -> String {
    let mut named: Vec<String> = files
        .iter()
        .take(NAMED)
        .map(|p| p.display().to_string())
        .collect();
    if files.len() > NAMED {
        named.push(format!("and {} more", files.len() - NAMED));
    }
    named.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_removed_files_names_the_first_few_and_counts_the_rest() {
        let files: Vec<std::path::PathBuf> = (1..=36).map(|i| format!("r{i}.md").into()).collect();
        assert_eq!(
            in_brief(&files),
            "r1.md, r2.md, r3.md, r4.md, r5.md, r6.md, and 30 more"
        );
        assert_eq!(in_brief(&files[..2]), "r1.md, r2.md");
        assert_eq!(in_brief(&files[..NAMED]).matches(", ").count(), NAMED - 1);
    }
}
