//! The pages of `s55 serve`, from the templates in `templates/serve/` (built into the binary): the
//! dashboard, a response's page (its forms, what the checks find and the letter as it will be
//! published), and the part of each that updates by itself. Every value is escaped by the
//! templates; the letter is the published fragment's HTML, already cleaned by
//! [`crate::render::html::sanitise`].

use super::forms::{self, Field, FieldError, Kind};
use crate::checks::{Finding, Severity};
use crate::load::Response;
use crate::yaml::Tree;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tera::{Context, Tera};

/// The app's templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/serve/base.html")),
    (
        "dashboard.html",
        include_str!("../../templates/serve/dashboard.html"),
    ),
    (
        "dashboard-list.html",
        include_str!("../../templates/serve/dashboard-list.html"),
    ),
    (
        "response.html",
        include_str!("../../templates/serve/response.html"),
    ),
    (
        "preview.html",
        include_str!("../../templates/serve/preview.html"),
    ),
];

/// The app's stylesheet.
pub const CSS: &str = include_str!("../../templates/serve/serve.css");
/// The app's one script: live updates.
pub const SCRIPT: &str = include_str!("../../templates/serve/serve.js");

fn tera() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .expect("the built-in serve templates are valid");
        tera
    })
}

/// Renders one of the app's templates.
pub fn render(name: &str, context: &Context) -> String {
    tera()
        .render(name, context)
        .unwrap_or_else(|e| format!("The page could not be made: {e}"))
}

/// `file=<place>` for a link, encoded.
pub fn query(file: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("file", file)
        .finish()
}

/// The letter's HTML with its headings two levels down (`h2` → `h4`, never past `h6`), as it sits
/// under "Checks and preview" (`h2`) and "The letter as it will be published" (`h3`) on the page.
pub fn nest_headings(html: &str) -> String {
    let mut out = html.to_string();
    for (from, to) in [(5, 6), (4, 6), (3, 5), (2, 4)] {
        out = out
            .replace(&format!("<h{from}>"), &format!("<h{to}>"))
            .replace(&format!("</h{from}>"), &format!("</h{to}>"));
    }
    out
}

/// The letter's HTML with an anchor on each answer's heading (`letter-a0`, `letter-a1`, …), found
/// by the heading the letter gives it, so that a finding can link to its place in the letter. A
/// layout that writes no such heading simply has no anchors.
pub fn anchor_answers(html: &str, letter: &crate::render::LetterContext) -> (String, Vec<bool>) {
    let mut out = html.to_string();
    let mut from = 0;
    let mut found = Vec::new();
    for (i, answer) in letter.answers.iter().enumerate() {
        let heading = answer
            .heading
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let at = (!heading.is_empty())
            .then(|| {
                (2..=6).find_map(|level| {
                    let tag = format!("<h{level}>{heading}</h{level}>");
                    out[from..].find(&tag).map(|p| (from + p, level))
                })
            })
            .flatten();
        match at {
            Some((p, level)) => {
                let open = format!("<h{level} id=\"letter-a{i}\">");
                out.replace_range(p..p + 4, &open);
                from = p + open.len();
                found.push(true);
            }
            None => found.push(false),
        }
    }
    (out, found)
}

/// One finding as the page shows it.
#[derive(Debug, Serialize)]
pub struct FindingView {
    severity: &'static str,
    severity_label: &'static str,
    message: String,
    hint: Option<String>,
    /// `responses/a.yaml:12:7`, as the terminal names the place.
    place: String,
    /// The id of the form section to fix it in.
    target: Option<String>,
    target_label: String,
    /// The id of its place in the letter.
    in_letter: Option<String>,
}

/// The findings, each pointing at the answer it concerns when there is one.
pub fn findings(list: &[Finding], response: &Response, anchored: &[bool]) -> Vec<FindingView> {
    list.iter()
        .map(|f| {
            let answer = f.item.as_ref().and_then(|item| {
                response
                    .comments
                    .answers
                    .iter()
                    .position(|a| a.items.iter().any(|i| i == item))
            });
            let (field, field_label) = match answer {
                Some(_) => (None, String::new()),
                None => field_for(f, response),
            };
            let place = match (&f.file, f.line, f.column) {
                (Some(file), Some(line), Some(col)) => format!("{}:{line}:{col}", file.display()),
                (Some(file), Some(line), None) => format!("{}:{line}", file.display()),
                (Some(file), None, _) => file.display().to_string(),
                _ => String::new(),
            };
            FindingView {
                severity: match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                severity_label: match f.severity {
                    Severity::Error => "Error",
                    Severity::Warning => "Warning",
                },
                message: f.message.clone(),
                hint: f.hint.clone(),
                place,
                target: answer.map(|i| format!("a{i}")).or(field),
                in_letter: answer
                    .filter(|i| anchored.get(*i).copied().unwrap_or(false))
                    .map(|i| format!("letter-a{i}")),
                target_label: match (&f.item, answer) {
                    (Some(item), Some(_)) => format!("the answer to {item}"),
                    _ => field_label,
                },
            }
        })
        .collect()
}

/// The part of the form that puts right a finding about no answer in particular: the field at
/// its line of the response file, or, for something missing, the field (or button) that adds it.
fn field_for(f: &Finding, response: &Response) -> (Option<String>, String) {
    let rule = f.rule.as_str();
    let named = |name: &str, label: &str| (Some(name.to_string()), label.to_string());
    match rule {
        "chief-officer-comments-missing" => {
            return named("chief_officer-comments", "the chief officer's comments");
        }
        "chief-officer-comments-unanswered" => {
            return named(
                "comments-on_chief_officer_comments",
                "the response to the chief officer's comments",
            );
        }
        "chief-officer-not-invited" | "chief-officer-invitation-undated" => {
            return named(
                "chief_officer-invited",
                "the day the chief officer was invited",
            );
        }
        "letter-date-missing" => return named("letter-date", "the date on the letter"),
        "recommendation-unanswered" | "area-for-improvement-unanswered" => {
            if let Some(n) = f.item.as_ref().and_then(|item| {
                forms::unanswered(response)
                    .iter()
                    .position(|(_, id, _)| id == item)
            }) {
                return named(&format!("start-{n}"), "the button that starts its answer");
            }
        }
        _ => {}
    }
    let source = &response.files.response;
    let (Some(file), Some(line)) = (&f.file, f.line) else {
        return (None, String::new());
    };
    if *file != source.path {
        return (None, String::new());
    }
    let line_of = |byte: usize| {
        source.text[..byte.min(source.text.len())]
            .matches('\n')
            .count()
            + 1
    };
    forms::letter_fields()
        .into_iter()
        .find(|field| {
            source.tree.get(&field.path).is_some_and(|node| {
                let (from, to) = (line_of(node.bytes.start), line_of(node.bytes.end));
                // The key's line too: a finding may point at `overview:`.
                (from.saturating_sub(1)..=to).contains(&line)
            })
        })
        .map_or((None, String::new()), |field| {
            (Some(field.name.clone()), field.label.to_lowercase())
        })
}

/// One field as a form shows it.
#[derive(Debug, Serialize)]
struct FieldView {
    name: String,
    label: String,
    kind: &'static str,
    value: String,
    rows: usize,
    error: Option<String>,
    options: Vec<OptionView>,
}

#[derive(Debug, Serialize)]
struct OptionView {
    /// The end of the radio button's id.
    id: String,
    value: String,
    label: String,
    checked: bool,
}

/// A layout's name and what it looks like, for the choice of layout.
fn layout_label(name: &str) -> String {
    match name {
        "letter" => "letter: a letter to several addressees".to_string(),
        "home-secretary" => {
            "home-secretary: a formal letter to the Home Secretary, with an address block"
                .to_string()
        }
        "board-paper" => {
            "board-paper: a paper with numbered recommendations, each followed by the force's response"
                .to_string()
        }
        other => format!("{other}: the office's own layout"),
    }
}

#[derive(Debug, Serialize)]
struct Quote {
    label: String,
    text: String,
}

/// One part of the form: the letter's own paragraphs, or one answer.
#[derive(Debug, Serialize)]
pub struct SectionView {
    id: String,
    heading: String,
    quotes: Vec<Quote>,
    fields: Vec<FieldView>,
}

fn field_view(
    field: &Field,
    tree: &Tree,
    typed: Option<&BTreeMap<String, String>>,
    errors: &[FieldError],
    layouts: &[&str],
) -> FieldView {
    let value = typed
        .and_then(|t| t.get(&field.name))
        .cloned()
        .unwrap_or_else(|| forms::current(tree, field));
    let kind = match field.kind {
        Kind::Text => "text",
        Kind::Line => "line",
        Kind::Day => "day",
        Kind::Position => "position",
        Kind::Layout => "layout",
        Kind::Name | Kind::Added => "line",
    };
    FieldView {
        name: field.name.clone(),
        label: field.label.to_string(),
        kind,
        rows: (value.lines().count() + 2).clamp(3, 20),
        error: errors
            .iter()
            .find(|e| e.field == field.name)
            .map(|e| e.message.clone()),
        options: match field.kind {
            // The fourth choice takes the position out of the file, as before one was chosen.
            Kind::Position => forms::POSITIONS
                .iter()
                .map(|(v, l)| OptionView {
                    id: v.to_string(),
                    value: v.to_string(),
                    label: l.to_string(),
                    checked: value == *v,
                })
                .chain(std::iter::once(OptionView {
                    id: "undecided".to_string(),
                    value: String::new(),
                    label: "Not decided yet".to_string(),
                    checked: value.is_empty(),
                }))
                .collect(),
            // The layouts there are, and the file's own when there is no such template (which the
            // checks report), so that it is shown as it is.
            Kind::Layout => {
                let mut names: Vec<&str> = layouts.to_vec();
                if !names.contains(&value.as_str()) {
                    names.push(&value);
                }
                names
                    .into_iter()
                    .map(|n| OptionView {
                        id: n.to_string(),
                        value: n.to_string(),
                        label: layout_label(n),
                        checked: value == n,
                    })
                    .collect()
            }
            _ => Vec::new(),
        },
        value,
    }
}

/// The form's sections for a response: the letter's paragraphs first, then one per answer, each
/// with the words of the items it answers.
pub fn sections(
    response: &Response,
    typed: Option<&BTreeMap<String, String>>,
    errors: &[FieldError],
    layouts: &[&str],
) -> Vec<SectionView> {
    let tree = &response.files.response.tree;
    let views = |fields: &[forms::Field]| -> Vec<FieldView> {
        fields
            .iter()
            .map(|f| field_view(f, tree, typed, errors, layouts))
            .collect()
    };
    let mut out = vec![SectionView {
        id: "letter".to_string(),
        heading: "The letter as a whole".to_string(),
        quotes: Vec::new(),
        fields: views(&forms::letter_fields()),
    }];
    for (i, answer) in response.comments.answers.iter().enumerate() {
        let quotes: Vec<Quote> = answer
            .items
            .iter()
            .map(
                |id| match response.report.items().find(|(_, item, _)| *item == id) {
                    Some((kind, _, text)) => Quote {
                        label: format!("{} {id}", capitalise(kind.label())),
                        text: text.trim().to_string(),
                    },
                    None => Quote {
                        label: id.clone(),
                        text: "(not in the report)".to_string(),
                    },
                },
            )
            .collect();
        out.push(SectionView {
            id: format!("a{i}"),
            heading: format!("Answer to {}", answer.items.join(" and ")),
            quotes,
            fields: views(&forms::answer_fields(i)),
        });
    }
    out.push(SectionView {
        id: "recipients".to_string(),
        heading: "Addressees and copies".to_string(),
        quotes: Vec::new(),
        fields: forms::recipient_fields(tree)
            .iter()
            .map(|f| {
                let mut view = field_view(f, tree, typed, errors, layouts);
                // `letter-to-0-name`: "Addressee 1: name".
                let parts: Vec<&str> = f.name.split('-').collect();
                if let [_, list, n, key] = parts.as_slice() {
                    let who = forms::RECIPIENTS
                        .iter()
                        .find(|(l, _)| l == list)
                        .map_or("", |(_, label)| label);
                    let n = n.parse::<usize>().map_or(0, |n| n + 1);
                    view.label = format!(
                        "{who} {n}: {}",
                        if *key == "name" { "name" } else { "role" }
                    );
                }
                view
            })
            .collect(),
    });
    out.push(SectionView {
        id: "publication".to_string(),
        heading: "Published and copies sent".to_string(),
        quotes: Vec::new(),
        fields: views(&forms::publication_fields()),
    });
    out
}

/// An item of the report that no answer covers yet, with the button that starts one.
#[derive(Debug, Serialize)]
pub struct Unanswered {
    id: String,
    label: String,
    text: String,
    required: bool,
}

/// The items no answer covers yet.
pub fn unanswered(response: &Response) -> Vec<Unanswered> {
    forms::unanswered(response)
        .into_iter()
        .map(|(kind, id, text)| Unanswered {
            id: id.to_string(),
            label: format!("{} {id}", capitalise(kind.label())),
            text: text.trim().to_string(),
            required: kind == crate::model::ItemKind::Recommendation,
        })
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Letter, LetterContext, html};

    #[test]
    fn each_answer_heading_in_the_letter_gets_its_anchor() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/site/hertfordshire-ncpi.yaml");
        let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 22).unwrap();
        let l = Letter::load(&path, &[], None, today).unwrap();
        let fragment = html::fragment(&l.response, &l.assessment, &l.templates, None).unwrap();
        let view = LetterContext::new(&l.response, &l.assessment);
        let (out, found) = anchor_answers(&fragment, &view);
        assert_eq!(found.len(), l.response.comments.answers.len());
        assert!(found.iter().all(|f| *f), "{found:?}");
        for i in 0..found.len() {
            assert_eq!(
                out.matches(&format!("id=\"letter-a{i}\"")).count(),
                1,
                "{out}"
            );
        }
        assert_eq!(
            out.replace(" id=\"letter-a0\"", "")
                .replace(" id=\"letter-a1\"", ""),
            fragment
        );
    }

    #[test]
    fn the_letters_headings_sit_below_the_pages_own() {
        let out =
            nest_headings("<h2>Title</h2><h3>Recommendation 1</h3><h4>a</h4><h5>b</h5><h6>c</h6>");
        assert_eq!(
            out,
            "<h4>Title</h4><h5>Recommendation 1</h5><h6>a</h6><h6>b</h6><h6>c</h6>"
        );
    }
}
