//! `s55 check`: every response's findings, for people (in the shape rustc prints errors) or as JSON.

use super::{
    OutputFormat, Style, TemplatesArg, TodayArg, count, default_paths, fail, out, plural_days,
};
use clap::Args;
use s55::checks::{Assessment, Severity};
use s55::diagnostic::Diagnostic;
use s55::law;
use s55::load::{self, Response};
use s55::render::{Templates, trial};
use std::path::PathBuf;

/// Check responses against section 55: the 56-day deadline, an answer to every recommendation,
/// the chief officer's comments, copies to HMICFRS and the Home Secretary, and more.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Response files or folders (searched recursively). Default: responses/
    pub paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub templates: TemplatesArg,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: CheckArgs) -> u8 {
    let (paths, format, today) = (args.paths, args.format, args.today.get());
    let paths = default_paths(paths);
    let explicit = args.templates.folders;
    let files = match load::response_paths(&paths) {
        Ok(f) => f,
        Err(d) => return fail(&[d]),
    };
    let mut results = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        match load::response(&file) {
            Ok(r) => {
                // The templates a build of the folder it is in would use: every letter is made once
                // in memory, so that passing here means it can be made in every format.
                let root = paths
                    .iter()
                    .find(|p| p.is_dir() && file.starts_with(p))
                    .map(PathBuf::as_path);
                let templates = Templates::load(&Templates::folders_for(&explicit, &file, root));
                results.push(trial::assess(r, today, templates));
            }
            Err(d) => problems.push(d),
        }
    }
    match format {
        OutputFormat::Json => out(&format!("{}\n", check_json(&results, &problems))),
        OutputFormat::Human => {
            if !results.is_empty() {
                out(&check_human(&results, Style::detect()));
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
        s55::render::templates::copy_warnings_for(results.iter().map(|(r, _)| r.path.as_path()))
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
                s55::date::day_in_words(last.0),
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
pub fn finding_text(f: &s55::checks::Finding, style: Style) -> String {
    let label = match f.severity {
        Severity::Error => style.red(&format!("error[{}]", f.rule)),
        Severity::Warning => style.yellow(&format!("warning[{}]", f.rule)),
    };
    let mut out = String::new();
    s55::diagnostic::write_message(
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
