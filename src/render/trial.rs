//! Making every letter once, in memory, to find what would stop `render` or `build`: a missing or
//! unreadable logo, an unknown layout, a broken template of the office's own, a character the PDF's
//! font lacks. `check` runs it, so that "no problems found" is a promise that the letter can be
//! made in every format.

use super::{Templates, html, markdown, pdf};
use crate::checks::{self, Assessment, Finding, RuleId};
use crate::diagnostic::Diagnostic;
use crate::load::Response;
use chrono::NaiveDate;

/// Every check on a response, and whether its letter can be made with these templates (or with
/// the templates' own problem when they cannot be read): what `check` reports.
pub fn assess(
    response: &Response,
    today: NaiveDate,
    templates: Result<&Templates, &Diagnostic>,
) -> Assessment {
    let mut assessment = checks::assess(response, today);
    let problems = match templates {
        Ok(t) => problems(response, &assessment, t),
        Err(d) => vec![d.clone()],
    };
    for d in problems {
        for one in d.all() {
            assessment.findings.push(finding(one));
        }
    }
    assessment.findings.sort_by_key(|f| f.rule as usize);
    assessment
}

/// A problem making the letter as a finding, pointing where the diagnostic points.
fn finding(d: &Diagnostic) -> Finding {
    Finding {
        severity: RuleId::LetterCannotBeMade.rule().severity,
        rule: RuleId::LetterCannotBeMade,
        item: None,
        message: d.message.clone(),
        hint: d.hint.clone(),
        file: Some(d.file.clone()),
        line: d.location.as_ref().map(|l| l.line),
        column: d.location.as_ref().map(|l| l.column),
        location: d.location.clone(),
    }
}

/// Everything that would stop one response's letter being made, in any format, with the
/// templates a build would use. The Markdown letter comes first: when it cannot be made, the HTML
/// and PDF would fail for the same reason, so they are not tried.
pub fn problems(
    response: &Response,
    assessment: &Assessment,
    templates: &Templates,
) -> Vec<Diagnostic> {
    if let Err(d) = markdown::render(response, assessment, templates, None) {
        return vec![d];
    }
    let mut found = Vec::new();
    if let Err(d) = html::page(response, assessment, templates, None, &Default::default()) {
        found.push(d);
    }
    if let Err(d) = pdf::render(response, assessment, templates, None) {
        found.push(d);
    }
    found
}
