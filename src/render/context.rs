//! What a template sees: the response (report, body, chief officer, comments, letter), each answer
//! with the report items it covers written out, the computed dates and the checks' findings.

use super::phrases::{Phrase, phrase};
use crate::checks::{Assessment, Finding, Timing};
use crate::law;
use crate::load::Response;
use crate::model::{Answer, Body, ChiefOfficer, Comments, ItemKind, Letter, Report};
use serde::Serialize;

/// The whole context handed to a letter template. Its field names are the template variables
/// listed in the README.
#[derive(Debug, Serialize)]
pub struct LetterContext<'a> {
    /// The layout (template name) the letter uses: `letter`, `home-secretary`, `board-paper`, or an office's own.
    pub layout: &'a str,
    /// The report being answered.
    pub report: ReportView<'a>,
    /// The local policing body that writes the letter.
    pub body: BodyView<'a>,
    /// The chief officer, and their comments on the report.
    pub chief_officer: &'a ChiefOfficer,
    /// The body's comments: overview, closing words and the answers.
    pub comments: &'a Comments,
    /// Each answer, with the report items it covers written out.
    pub answers: Vec<AnswerView<'a>>,
    /// The answers at a glance: one row per answer, then one per recommendation still without an
    /// answer (a draft only), for the table under the page and the PDF's annex.
    pub glance: Vec<GlanceRow>,
    /// The letter's details: date, reference, addressees, copies.
    pub letter: &'a Letter,
    /// The addressees' names joined in words: "A, B and C".
    pub to_line: Option<String>,
    /// The copies' names joined in words.
    pub copies_line: Option<String>,
    /// How the chief officer's comments on an item are labelled: "Dorset Police's response".
    pub chief_officer_label: String,
    /// The statutory deadline, computed.
    pub deadline: DeadlineView,
    /// What the checks found: a draft's banner lists the errors.
    pub findings: &'a [Finding],
    /// The statutory wording templates cite.
    pub statute: Statute,
    /// Whether the template is being rendered for the PDF letter, which sets some of the letter's
    /// furniture out differently (see `templates/base-letter.md`).
    pub pdf: bool,
}

/// The report, with its kind in words.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    /// The report, as the response file gives it.
    #[serde(flatten)]
    pub report: &'a Report,
    /// The report's kind in words: "inspection report", "thematic report".
    pub kind_label: &'static str,
}

/// The body, with its role in general words ("Police and Crime Commissioner").
#[derive(Debug, Serialize)]
pub struct BodyView<'a> {
    /// The body, as the response or office file gives it.
    #[serde(flatten)]
    pub body: &'a Body,
    /// The body's role in general words: "Police and Crime Commissioner".
    pub role: &'a str,
}

/// An answer, with the report items it covers.
#[derive(Debug, Serialize)]
pub struct AnswerView<'a> {
    /// The answer, as the response file gives it.
    #[serde(flatten)]
    pub answer: &'a Answer,
    /// The items answered, in the order the answer lists them.
    pub covered: Vec<ItemView<'a>>,
    /// The position in words: "Action taken", "Action proposed", "No action".
    pub position_label: Option<&'static str>,
    /// A heading naming the items: "Recommendation 6", "Recommendations 1, 2 and 4". Ids the report
    /// lacks are named on their own ("Not in the report: R8"), and an item an earlier answer already
    /// covers is marked "(answered more than once)", so that an answer is never read as another's.
    pub heading: String,
    /// The ids this answer names that the report does not have (a draft only: `unknown-id`).
    pub unknown: Vec<&'a str>,
    /// The ids this answer names that an earlier answer also covers (`answered-twice`).
    pub repeated: Vec<&'a str>,
    /// The body's comment (and, for no action, its reason) led by the position in words, as
    /// Markdown: "**Action taken:** ...", "**No action is proposed**, because ...". When the chief
    /// officer also comments on the item, the label names the body: "**Police and Crime
    /// Commissioner’s response – action taken:** ...".
    pub position_md: String,
    /// "Lead: Head of Safeguarding. Completed: 20 April 2020." – "Completed" only for an action
    /// taken on or before the letter's date, otherwise "Due".
    pub due_line: Option<String>,
    /// "Completed 20 April 2020" or "Due 30 May 2020", for tables.
    pub due_label: Option<String>,
    /// A few words saying what the item asks, for tables: the answer's summary, or the words after
    /// "should" in the item's text, cut short ("Carry out a skills audit to assess the …").
    pub short_title: String,
    /// The answer's number among the answers that have a `summary`, for layouts that number only
    /// those (as the Dorset letter does).
    pub summary_number: Option<usize>,
}

/// One row of the answers at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct GlanceRow {
    /// "Recommendation 1", "Recommendations 4 and 5".
    pub items: String,
    /// A few words saying what the item asks.
    pub title: String,
    /// "Action taken", "Action proposed", "No action", "No position given" or "Not answered".
    pub position: String,
    /// Who leads the action, or empty.
    pub owner: String,
    /// "Due 31 August 2020", "Completed 1 May 2020", or empty.
    pub due: String,
}

/// One report item as a template sees it.
#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    /// The item's id in the report: `R1`, `AFI3`, `C1`.
    pub id: &'a str,
    /// Recommendation, area for improvement or cause of concern.
    pub kind: ItemKind,
    /// Its number among items of its kind in the report, from 1.
    pub number: usize,
    /// The item's words, as the report has them.
    pub text: &'a str,
    /// The item's bullet points, if it has any.
    pub points: &'a [String],
    /// When the report asks for it to be done by, if it says.
    pub timescale: Option<&'a str>,
    /// Who the report addresses the item to, when not the force.
    pub addressee: Option<&'a str>,
}

/// The statutory deadline, computed.
#[derive(Debug, Serialize)]
pub struct DeadlineView {
    /// The last day, YYYY-MM-DD, or none for a report published before 2 May 2017.
    pub last_day: Option<String>,
    /// Days left until the last day, for an unpublished response (negative when late).
    pub days_left: Option<i64>,
    /// `published`, `draft` or `overdue`.
    pub state: &'static str,
    /// "56 days beginning with the day of publication, s.55(5A)".
    pub rule: &'static str,
}

/// The statutory wording templates cite, so that no officer has to type it.
#[derive(Debug, Serialize)]
pub struct Statute {
    /// "section 55 of the Police Act 1996"
    pub citation: &'static str,
    /// "Police Act 1996, s.55"
    pub short: &'static str,
}

/// The statute's wording, from the phrase table.
fn statute() -> Statute {
    Statute {
        citation: phrase(Phrase::Citation),
        short: phrase(Phrase::CitationShort),
    }
}

impl<'a> LetterContext<'a> {
    /// Builds the context for one response and its assessment.
    pub fn new(response: &'a Response, assessment: &'a Assessment) -> LetterContext<'a> {
        let report = &response.report;
        let mut summaries = 0;
        let title = response.body.title.as_str();
        let role = title.split_once(" for ").map(|(r, _)| r).unwrap_or(title);
        let mut seen: std::collections::BTreeSet<&str> = Default::default();
        let index = items(report);
        let answers: Vec<AnswerView> = response
            .comments
            .answers
            .iter()
            .map(|answer| {
                let covered: Vec<ItemView> = answer
                    .items
                    .iter()
                    .filter_map(|id| item_view(report, &index, id))
                    .collect();
                let unknown: Vec<&str> = answer
                    .items
                    .iter()
                    .map(String::as_str)
                    .filter(|id| !index.contains_key(id))
                    .collect();
                let repeated: Vec<&str> = covered
                    .iter()
                    .map(|i| i.id)
                    .filter(|id| seen.contains(id))
                    .collect();
                seen.extend(covered.iter().map(|i| i.id));
                let summary_number = answer.summary.as_ref().map(|_| {
                    summaries += 1;
                    summaries
                });
                let (due_line, due_label) = due_words(answer, response.letter.date);
                let short = short_title(answer.summary.as_deref(), &covered);
                AnswerView {
                    answer,
                    heading: full_heading(&covered, &unknown, !repeated.is_empty()),
                    covered,
                    unknown,
                    repeated,
                    position_label: answer.position.map(position_words),
                    position_md: position_md(answer, role),
                    due_line,
                    due_label,
                    short_title: short,
                    summary_number,
                }
            })
            .collect();
        let glance = glance_rows(report, &index, &answers);
        LetterContext {
            layout: &response.layout,
            report: ReportView {
                report,
                kind_label: report.kind.label(),
            },
            body: BodyView {
                body: &response.body,
                role,
            },
            chief_officer: &response.chief_officer,
            comments: &response.comments,
            answers,
            glance,
            letter: &response.letter,
            to_line: response.letter.to.as_deref().map(names_in_words),
            copies_line: response.letter.copies.as_deref().map(names_in_words),
            chief_officer_label: format!(
                "{}’s response",
                response
                    .chief_officer
                    .force
                    .as_deref()
                    .unwrap_or(&response.chief_officer.title)
            ),
            deadline: deadline_view(&assessment.timing),
            findings: &assessment.findings,
            statute: statute(),
            pdf: false,
        }
    }

    /// The context in Tera's form.
    pub fn to_tera(&self) -> tera::Context {
        tera::Context::from_serialize(self).expect("the letter context always serialises")
    }
}

/// A letter's template context ([`LetterContext::to_tera`]) as the PDF and Word letters' furniture
/// sees it: the same, with `pdf` true. Cheaper than making the context again (its values are shared,
/// not copied).
pub fn for_pdf(mut context: tera::Context) -> tera::Context {
    context.insert("pdf", &true);
    context
}

/// "A, B and C".
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn names_in_words(recipients: &[crate::model::Recipient]) -> String {
    and_list(
        &recipients
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>(),
    )
}

/// The heading of an answer: the items it covers, then any ids the report lacks on their own, and
/// a mark when an earlier answer already covers one of its items.
fn full_heading(covered: &[ItemView], unknown: &[&str], repeated: bool) -> String {
    let mut text = heading(covered);
    if repeated {
        text.push_str(&format!(" ({})", phrase(Phrase::AnsweredMoreThanOnce)));
    }
    if !unknown.is_empty() {
        if !text.is_empty() {
            text.push_str("; ");
        }
        text.push_str(&format!(
            "{}: {}",
            phrase(Phrase::NotInTheReport),
            and_list(unknown)
        ));
    }
    text
}

impl LetterContext<'_> {
    /// The answers at a glance as Markdown, for the annex after the PDF and Word letters: a heading
    /// and a table of the report item, what it asks and the position, with the lead and date only
    /// when some answer has them (an empty column is noise). Empty when there is nothing to list.
    pub fn annex_markdown(&self) -> String {
        let rows = &self.glance;
        if rows.is_empty() {
            return String::new();
        }
        let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
        let lead = rows.iter().any(|r| !r.owner.is_empty());
        let date = rows.iter().any(|r| !r.due.is_empty());
        let mut head = vec![
            phrase(Phrase::ReportItem),
            phrase(Phrase::WhatItAsks),
            phrase(Phrase::Position),
        ];
        if lead {
            head.push(phrase(Phrase::Lead));
        }
        if date {
            head.push(phrase(Phrase::Date));
        }
        let mut md = format!(
            "## {}\n\n| {} |\n|",
            phrase(Phrase::AnnexTitle),
            head.join(" | ")
        );
        md.push_str(&" --- |".repeat(head.len()));
        md.push('\n');
        for r in rows {
            let mut cells = vec![cell(&r.items), cell(&r.title), cell(&r.position)];
            if lead {
                cells.push(cell(&r.owner));
            }
            if date {
                cells.push(cell(&r.due));
            }
            md.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        md
    }
}

/// The answers at a glance (see [`LetterContext::glance`]).
fn glance_rows<'a>(
    report: &'a Report,
    index: &Items<'a>,
    answers: &[AnswerView],
) -> Vec<GlanceRow> {
    let mut rows: Vec<GlanceRow> = answers
        .iter()
        .filter(|a| !a.heading.is_empty())
        .map(|a| GlanceRow {
            items: a.heading.clone(),
            title: a.short_title.clone(),
            position: a
                .position_label
                .unwrap_or(phrase(Phrase::NoPositionGiven))
                .to_string(),
            owner: a.answer.owner.clone().unwrap_or_default(),
            due: a.due_label.clone().unwrap_or_default(),
        })
        .collect();
    let answered: std::collections::BTreeSet<&str> = answers
        .iter()
        .flat_map(|a| a.covered.iter().map(|i| i.id))
        .collect();
    for rec in &report.recommendations {
        if answered.contains(rec.id.as_str()) {
            continue;
        }
        if let Some(item) = item_view(report, index, &rec.id) {
            let covered = [item];
            rows.push(GlanceRow {
                items: full_heading(&covered, &[], false),
                title: short_title(None, &covered),
                position: phrase(Phrase::NotAnswered).to_string(),
                owner: String::new(),
                due: String::new(),
            });
        }
    }
    rows
}

/// A few words saying what an answer's items ask (see [`AnswerView::short_title`]).
fn short_title(summary: Option<&str>, covered: &[ItemView]) -> String {
    let text = summary
        .or_else(|| covered.first().map(|i| i.text))
        .unwrap_or("");
    let text = match text.find(" should ") {
        Some(at) if summary.is_none() => &text[at + " should ".len()..],
        _ => text,
    };
    // Only the first ten words are kept: the rest of a long recommendation is not read.
    let mut words = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '*' || c == '_' || c == '`'))
        .filter(|w| !w.is_empty());
    let first: Vec<&str> = words.by_ref().take(10).collect();
    let mut out = first.join(" ");
    out = out.trim_end_matches([',', ';', ':', '.']).to_string();
    if words.next().is_some() {
        out.push_str(" …");
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

/// A position in words, in the letter's language: "Action taken", "Action proposed", "No action".
fn position_words(p: crate::model::Position) -> &'static str {
    use crate::model::Position;
    match p {
        Position::ActionTaken => phrase(Phrase::ActionTaken),
        Position::ActionProposed => phrase(Phrase::ActionProposed),
        Position::NoAction => phrase(Phrase::NoAction),
    }
}

/// The body's comment led by its position in words (see [`AnswerView::position_md`]).
fn position_md(answer: &Answer, role: &str) -> String {
    use crate::model::Position;
    let comment = answer
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let reason = answer
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let who = |what: &str| {
        if answer.chief_officer.is_some() {
            format!("{role}’s response – {}", what.to_lowercase())
        } else {
            what.to_string()
        }
    };
    let mut parts: Vec<String> = Vec::new();
    match answer.position {
        Some(p @ (Position::ActionTaken | Position::ActionProposed)) => {
            match comment {
                Some(c) => parts.push(format!("**{}:** {c}", who(position_words(p)))),
                None => parts.push(format!("**{}.**", who(position_words(p)))),
            }
            if let Some(r) = reason {
                parts.push(r.to_string());
            }
        }
        Some(Position::NoAction) => {
            match reason {
                Some(r) => parts.push(format!(
                    "**{},** {} {}",
                    who(phrase(Phrase::NoActionProposed)),
                    phrase(Phrase::Because),
                    reason_in_sentence(r)
                )),
                None => parts.push(format!("**{}.**", who(phrase(Phrase::NoActionProposed)))),
            }
            if let Some(c) = comment {
                parts.push(c.to_string());
            }
        }
        None => {
            if let Some(c) = comment {
                if answer.chief_officer.is_some() {
                    parts.push(format!("**{role}’s response:** {c}"));
                } else {
                    parts.push(c.to_string());
                }
            }
            if let Some(r) = reason {
                parts.push(r.to_string());
            }
        }
    }
    parts.join("\n\n")
}

/// A reason written as a sentence of its own, read after "because": a first word such as "The" or
/// "This" loses its capital; a name ("Hertfordshire", "I") keeps it.
fn reason_in_sentence(reason: &str) -> String {
    const LOWER: &[&str] = &[
        "The", "This", "These", "That", "Those", "It", "Its", "We", "Our", "There", "A", "An",
        "No", "Such", "As", "All", "Each", "Every", "Any", "Work", "Action",
    ];
    let first = reason.split_whitespace().next().unwrap_or("");
    let word = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    if LOWER.contains(&word) {
        let mut chars = reason.chars();
        let c = chars
            .next()
            .map(|c| c.to_lowercase().to_string())
            .unwrap_or_default();
        format!("{c}{}", chars.as_str())
    } else {
        reason.to_string()
    }
}

/// The lead and date of an answer in words: "Completed" only for an action taken on or before the
/// letter's date, otherwise "Due". Returns (sentence, short label for tables).
fn due_words(
    answer: &Answer,
    letter_date: Option<crate::date::Date>,
) -> (Option<String>, Option<String>) {
    let label = answer.due.map(|due| {
        let done = answer.position == Some(crate::model::Position::ActionTaken)
            && letter_date.is_some_and(|l| due <= l);
        (
            phrase(if done { Phrase::Completed } else { Phrase::Due }),
            due.long(),
        )
    });
    let mut line = Vec::new();
    if let Some(owner) = answer.owner.as_deref().filter(|o| !o.trim().is_empty()) {
        line.push(format!(
            "{}: {}.",
            phrase(Phrase::Lead),
            owner.trim().trim_end_matches('.')
        ));
    }
    if let Some((word, date)) = &label {
        line.push(format!("{word}: {date}."));
    }
    (
        (!line.is_empty()).then(|| line.join(" ")),
        label.map(|(w, d)| format!("{w} {d}")),
    )
}

/// "Recommendation 6", "Recommendations 1, 2 and 4", "Area for improvement 3", grouped by kind.
fn heading(items: &[ItemView]) -> String {
    let mut parts = Vec::new();
    for kind in [
        ItemKind::CauseOfConcern,
        ItemKind::Recommendation,
        ItemKind::AreaForImprovement,
    ] {
        let numbers: Vec<String> = items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.number.to_string())
            .collect();
        if numbers.is_empty() {
            continue;
        }
        let several = numbers.len() > 1;
        let name = phrase(match (kind, several) {
            (ItemKind::CauseOfConcern, false) => Phrase::CauseOfConcern,
            (ItemKind::CauseOfConcern, true) => Phrase::CausesOfConcern,
            (ItemKind::Recommendation, false) => Phrase::Recommendation,
            (ItemKind::Recommendation, true) => Phrase::Recommendations,
            (ItemKind::AreaForImprovement, false) => Phrase::AreaForImprovement,
            (ItemKind::AreaForImprovement, true) => Phrase::AreasForImprovement,
        });
        let refs: Vec<&str> = numbers.iter().map(String::as_str).collect();
        parts.push(format!("{name} {}", and_list(&refs)));
    }
    let joined: Vec<&str> = parts.iter().map(String::as_str).collect();
    and_list(&joined)
}

fn deadline_view(t: &Timing) -> DeadlineView {
    DeadlineView {
        last_day: t.last_day.map(|d| d.iso()),
        days_left: t.days_left,
        state: t.state.label(),
        rule: law::DEADLINE_RULE,
    }
}

fn item_view<'a>(report: &'a Report, index: &Items<'a>, id: &str) -> Option<ItemView<'a>> {
    let &(kind, i) = index.get(id)?;
    Some(match kind {
        ItemKind::Recommendation => {
            let r = &report.recommendations[i];
            ItemView {
                id: &r.id,
                kind,
                number: i + 1,
                text: &r.text,
                points: &r.points,
                timescale: r.timescale.as_deref(),
                addressee: r.addressee.as_deref(),
            }
        }
        ItemKind::CauseOfConcern => {
            let c = &report.causes_of_concern[i];
            ItemView {
                id: &c.id,
                kind,
                number: i + 1,
                text: &c.text,
                points: &[],
                timescale: None,
                addressee: None,
            }
        }
        ItemKind::AreaForImprovement => {
            let a = &report.areas_for_improvement[i];
            ItemView {
                id: &a.id,
                kind,
                number: i + 1,
                text: &a.text,
                points: &[],
                timescale: None,
                addressee: None,
            }
        }
    })
}

/// Every item of the report by its id: its kind and its place among items of that kind (the first
/// with an id wins, as the report reads). Built once per letter, so finding an item does not mean
/// reading the whole report again.
type Items<'a> = std::collections::HashMap<&'a str, (ItemKind, usize)>;

fn items<'a>(report: &'a Report) -> Items<'a> {
    let mut index = Items::new();
    for (i, r) in report.recommendations.iter().enumerate() {
        index
            .entry(r.id.as_str())
            .or_insert((ItemKind::Recommendation, i));
    }
    for (i, c) in report.causes_of_concern.iter().enumerate() {
        index
            .entry(c.id.as_str())
            .or_insert((ItemKind::CauseOfConcern, i));
    }
    for (i, a) in report.areas_for_improvement.iter().enumerate() {
        index
            .entry(a.id.as_str())
            .or_insert((ItemKind::AreaForImprovement, i));
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_title_is_the_first_ten_words_and_says_when_there_are_more() {
        let ten = "one two three four five six seven eight nine ten";
        assert_eq!(
            short_title(Some(ten), &[]),
            "One two three four five six seven eight nine ten"
        );
        assert_eq!(
            short_title(Some(&format!("{ten}, ** eleven")), &[]),
            "One two three four five six seven eight nine ten …"
        );
        // Emphasis marks alone are not words: ten words and a `**` is still ten.
        assert_eq!(
            short_title(Some(&format!("**{ten}.** **")), &[]),
            "One two three four five six seven eight nine ten"
        );
    }

    #[test]
    fn the_pdf_context_made_from_the_letters_is_the_one_made_for_the_pdf() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("responses/hertfordshire-model.yaml");
        let response = crate::load::response(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2020, 5, 1).unwrap();
        let assessment = crate::checks::assess(&response, today);
        let letter = LetterContext::new(&response, &assessment);
        let made_for_pdf = LetterContext {
            pdf: true,
            ..LetterContext::new(&response, &assessment)
        }
        .to_tera();
        let plain = letter.to_tera();
        assert_ne!(plain, made_for_pdf);
        assert_eq!(for_pdf(plain), made_for_pdf);
    }
}
