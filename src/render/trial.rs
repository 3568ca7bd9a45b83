//! Making every letter once, in memory, to find what would stop `render` or `build`: a missing or
//! unreadable logo, an unknown layout, a broken template of the office's own, a character the PDF's
//! font lacks. `check` runs it, so that "no problems found" is a promise that the letter can be
//! made in every format.

use super::Templates;
use super::html::PageLinks;
use super::letter::Letter;
use super::renderer::RENDERERS;
use crate::checks::{self, Assessment, Finding, RuleId};
use crate::diagnostic::Diagnostic;
use crate::load::Response;
use chrono::NaiveDate;

/// Every check on a response, and whether its letter can be made in every format with these
/// templates (or the templates' own problem when they cannot be read): what `check` reports.
pub fn assess(
    response: Response,
    today: NaiveDate,
    templates: Result<Templates, Diagnostic>,
) -> (Response, Assessment) {
    let assessment = checks::assess(&response, today);
    let (response, mut assessment, problems) = match templates {
        Err(d) => (response, assessment, vec![d]),
        Ok(templates) => {
            let letter = Letter {
                response,
                assessment,
                templates,
                template_folders: Vec::new(),
                layout: None,
                links: PageLinks::default(),
            };
            let problems = problems(&letter);
            (letter.response, letter.assessment, problems)
        }
    };
    for d in &problems {
        for one in d.all() {
            assessment.findings.push(finding(one));
        }
    }
    assessment.findings.sort_by_key(|f| f.rule as usize);
    (response, assessment)
}

/// Everything that would stop a letter being made, by every renderer there is. The first (the
/// Markdown letter, which the others are made from) comes first: when it cannot be made, the
/// others would fail for the same reason, so they are not tried.
pub fn problems(letter: &Letter) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    for (i, renderer) in RENDERERS.iter().enumerate() {
        if let Err(d) = renderer.render(letter) {
            let first = i == 0;
            if !found.iter().any(|f| f.message == d.message) {
                found.push(d);
            }
            if first {
                break;
            }
        }
    }
    found
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
