//! The forms of a response page and what saving one does. Each field is one value of the response
//! file (an answer's position, action or reason, owner, due date and the chief officer's comments
//! on it; the overview, the response to the chief officer's comments, the closing, and the chief
//! officer's comments on the report). Saving writes back only the values that changed, each
//! through [`crate::edit`], so the rest of the file, comments included, is kept byte for byte.

use crate::date::Date;
use crate::edit::{self, EditError};
use crate::load::Response;
use crate::yaml::{self, Node, Step};
use std::collections::BTreeMap;

/// What a field holds, which decides how it is shown and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Paragraphs of Markdown: a text box of several lines.
    Text,
    /// A few words on one line (an owner).
    Line,
    /// A day, written YYYY-MM-DD.
    Day,
    /// One of the three positions section 55(5B) allows.
    Position,
    /// The name of a layout (a template: built in, or the office's own).
    Layout,
    /// A name that cannot be emptied (an addressee's).
    Name,
    /// The name of someone to add to a list of addressees or copies (the field's place is the list).
    Added,
}

/// The layout a response without `layout:` has.
pub const DEFAULT_LAYOUT: &str = "letter";

/// One field of a form: its name in the form and its place in the file.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name the form gives it (`a0-comment`, `overview`); also the element's id.
    pub name: String,
    /// Its place in the response file.
    pub path: Vec<Step<'static>>,
    /// What it holds.
    pub kind: Kind,
    /// Its label, for people.
    pub label: &'static str,
}

/// The positions, as the file writes them, with their labels.
pub const POSITIONS: [(&str, &str); 3] = [
    ("action-taken", "Action taken"),
    ("action-proposed", "Action proposed"),
    ("no-action", "No action (give the reason)"),
];

/// The fields of one answer (the answer at `index` in `comments.answers`).
pub fn answer_fields(index: usize) -> Vec<Field> {
    let field = |key: &'static str, kind: Kind, label: &'static str| Field {
        name: format!("a{index}-{key}"),
        path: vec![
            Step::Key("comments"),
            Step::Key("answers"),
            Step::Index(index),
            Step::Key(key),
        ],
        kind,
        label,
    };
    vec![
        field("position", Kind::Position, "Position"),
        field("comment", Kind::Text, "The action (taken or proposed)"),
        field("reason", Kind::Text, "Why no action (for no action)"),
        field("owner", Kind::Line, "Owner"),
        field("due", Kind::Day, "Due or completed (YYYY-MM-DD)"),
        field(
            "chief_officer",
            Kind::Text,
            "The chief officer's comments on it",
        ),
    ]
}

/// The fields for the letter as a whole: its own paragraphs, the chief officer's comments and the
/// two dates a draft most often lacks.
pub fn letter_fields() -> Vec<Field> {
    let field = |section: &'static str, key: &'static str, label: &'static str| Field {
        name: format!("{section}-{key}"),
        path: vec![Step::Key(section), Step::Key(key)],
        kind: Kind::Text,
        label,
    };
    vec![
        Field {
            name: "layout".to_string(),
            path: vec![Step::Key("layout")],
            kind: Kind::Layout,
            label: "Layout",
        },
        Field {
            kind: Kind::Line,
            ..field(
                "letter",
                "subject",
                "The subject line (left empty: Response to the HMICFRS report: and its title)",
            )
        },
        Field {
            kind: Kind::Line,
            ..field("letter", "reference", "Our reference")
        },
        field("comments", "overview", "Overview (the opening paragraphs)"),
        field(
            "chief_officer",
            "comments",
            "The chief officer's comments on the report",
        ),
        field(
            "comments",
            "on_chief_officer_comments",
            "Our response to the chief officer's comments",
        ),
        field("comments", "closing", "Closing paragraphs"),
        Field {
            kind: Kind::Day,
            ..field(
                "chief_officer",
                "invited",
                "The day the chief officer was invited to comment (YYYY-MM-DD)",
            )
        },
        Field {
            kind: Kind::Day,
            ..field("letter", "date", "The date on the letter (YYYY-MM-DD)")
        },
    ]
}

/// The fields that mark a response done: the day it was published and where, and the days the
/// copies section 55(6) requires went to HMICFRS and the Home Secretary.
pub fn publication_fields() -> Vec<Field> {
    let field = |section: &'static str, key: &'static str, kind: Kind, label: &'static str| Field {
        name: format!("letter-{section}-{key}"),
        path: vec![Step::Key("letter"), Step::Key(section), Step::Key(key)],
        kind,
        label,
    };
    vec![
        field(
            "published",
            "on",
            Kind::Day,
            "The day the response was published on the website (YYYY-MM-DD)",
        ),
        field("published", "at", Kind::Line, "Its web address"),
        field(
            "sent",
            "hmicfrs",
            Kind::Day,
            "The day a copy went to HMICFRS (YYYY-MM-DD)",
        ),
        field(
            "sent",
            "home_secretary",
            Kind::Day,
            "The day a copy went to the Home Secretary (YYYY-MM-DD)",
        ),
    ]
}

/// The lists of people a letter goes to, with their labels.
pub const RECIPIENTS: [(&str, &str); 2] = [("to", "Addressee"), ("copies", "Copy to")];

/// The fields for the addressees and copies the response file lists (not those the office file
/// gives every response): each one's name and role, and a name to add to each list.
pub fn recipient_fields(tree: &yaml::Tree) -> Vec<Field> {
    let mut out = Vec::new();
    for (list, _) in RECIPIENTS {
        let at = [Step::Key("letter"), Step::Key(list)];
        let count = match tree.get(&at).map(|n| &n.value) {
            Some(yaml::Value::List {
                items, flow: false, ..
            }) => items.len(),
            _ => 0,
        };
        for i in 0..count {
            let field = |key: &'static str, kind: Kind, label: &'static str| Field {
                name: format!("letter-{list}-{i}-{key}"),
                path: vec![
                    Step::Key("letter"),
                    Step::Key(list),
                    Step::Index(i),
                    Step::Key(key),
                ],
                kind,
                label,
            };
            out.push(field("name", Kind::Name, "Name"));
            out.push(field("role", Kind::Line, "Role"));
        }
        out.push(Field {
            name: format!("letter-{list}-new"),
            path: at.to_vec(),
            kind: Kind::Added,
            label: if list == "to" {
                "Add an addressee: their name"
            } else {
                "Add a copy: the name"
            },
        });
    }
    out
}

/// Every field of a response's page: the letter's, each answer's, its addressees and copies, then
/// its publication's.
pub fn fields(response: &Response) -> Vec<Field> {
    let mut all = letter_fields();
    for i in 0..response.comments.answers.len() {
        all.extend(answer_fields(i));
    }
    all.extend(recipient_fields(&response.files.response.tree));
    all.extend(publication_fields());
    all
}

/// The value a field shows: the file's text at its place, or nothing.
pub fn current(tree: &yaml::Tree, field: &Field) -> String {
    if field.kind == Kind::Added {
        return String::new();
    }
    let text = tree.get(&field.path).and_then(Node::text).unwrap_or("");
    match field.kind {
        Kind::Text => text.trim_end_matches('\n').to_string(),
        Kind::Layout if text.trim().is_empty() => DEFAULT_LAYOUT.to_string(),
        _ => text.trim().to_string(),
    }
}

/// What the officer typed, as the file should hold it: line endings made `\n`; one-line values
/// trimmed.
pub fn normalise(field: &Field, typed: &str) -> String {
    let text = typed.replace("\r\n", "\n").replace('\r', "\n");
    match field.kind {
        Kind::Text => text.trim_end().to_string(),
        _ => text.trim().to_string(),
    }
}

/// A value a form could not save, with what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The field's name (and element id).
    pub field: String,
    /// What is wrong and what to type.
    pub message: String,
}

/// Checks what was typed before anything is written.
pub fn validate(field: &Field, value: &str) -> Option<String> {
    match field.kind {
        Kind::Day if !value.is_empty() => day_error(value),
        Kind::Name if value.is_empty() => Some(
            "a name is needed: to take someone off the letter, delete their entry (from `- name:` to the next `- name:`) in the file"
                .to_string(),
        ),
        Kind::Layout
            if !value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            Some("choose one of the layouts".to_string())
        }
        Kind::Position if !value.is_empty() && !POSITIONS.iter().any(|(v, _)| *v == value) => {
            Some("choose one of the three positions".to_string())
        }
        _ => None,
    }
}

/// Why a day typed cannot be read, with what to type instead.
pub fn day_error(value: &str) -> Option<String> {
    Date::parse(value)
        .err()
        .map(|why| match crate::load::format::british_date(value) {
            Some(iso) => format!("{why}: write {iso} (year-month-day)"),
            None => format!("{why}: write the day as YYYY-MM-DD, for example 2020-08-31"),
        })
}

/// The report's items that no answer covers yet, in the report's order: recommendations, causes
/// of concern, areas for improvement, each as (kind, id, words).
pub fn unanswered(response: &Response) -> Vec<(crate::model::ItemKind, &str, &str)> {
    response
        .report
        .items()
        .filter(|(_, id, _)| {
            !response
                .comments
                .answers
                .iter()
                .any(|a| a.items.iter().any(|i| i == id))
        })
        .collect()
}

/// The file with a new answer to the report's item `id` at the end of the answers, its
/// `items: ["id"]` line only, for the officer to fill in through its form. Refused when the
/// report has no such item or it is answered already.
pub fn start_answer(source: &str, response: &Response, id: &str) -> Result<String, String> {
    if !unanswered(response).iter().any(|(_, i, _)| *i == id) {
        return Err(format!(
            "the report has no unanswered item called {id}, so no answer was started"
        ));
    }
    let line = format!(
        "items: [{}]",
        serde_json::to_string(id).unwrap_or_else(|_| format!("\"{id}\""))
    );
    edit::add_list_entry(source, &[Step::Key("comments"), Step::Key("answers")], &line).map_err(
        |e| match e {
            EditError::NoSuchPlace(_) => "the file has no list of answers to add to (`comments:` then `answers:` with at least one answer): `s55 new` writes one; add the first answer in the file".to_string(),
            other => other.to_string(),
        },
    )
}

/// The outcome of applying a form to a file.
#[derive(Debug)]
pub enum Applied {
    /// The file's new text, and the labels of the values changed.
    Changed(String, Vec<String>),
    /// Nothing typed differs from the file.
    Unchanged,
    /// Values that cannot be saved as typed; nothing was written.
    Invalid(Vec<FieldError>),
}

/// The file's text with every submitted value that differs from it written in, value by value,
/// through [`edit::set_text`] (or [`edit::remove_key`] for a value emptied). Fields not in the form
/// are left alone, and so is everything else in the file.
pub fn apply(
    source: &str,
    fields: &[Field],
    submitted: &BTreeMap<String, String>,
) -> Result<Applied, EditError> {
    let tree = yaml::parse(source).map_err(|e| EditError::Unreadable(e.raw.clone()))?;
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for field in fields {
        let Some(typed) = submitted.get(&field.name) else {
            continue;
        };
        let value = normalise(field, typed);
        if let Some(message) = validate(field, &value) {
            errors.push(FieldError {
                field: field.name.clone(),
                message,
            });
            continue;
        }
        if value != current(&tree, field) {
            changes.push((field, value));
        }
    }
    // A web address without the day it was published there cannot be read as a publication.
    let now = |name: &str| {
        fields
            .iter()
            .find(|f| f.name == name)
            .map_or(String::new(), |f| {
                submitted
                    .get(name)
                    .map(|t| normalise(f, t))
                    .unwrap_or_else(|| current(&tree, f))
            })
    };
    if !now("letter-published-at").is_empty() && now("letter-published-on").is_empty() {
        errors.push(FieldError {
            field: "letter-published-on".to_string(),
            message: "give the day the response was published as well as its web address (or empty both while it is a draft)".to_string(),
        });
    }
    if !errors.is_empty() {
        return Ok(Applied::Invalid(errors));
    }
    if changes.is_empty() {
        return Ok(Applied::Unchanged);
    }
    let mut text = source.to_string();
    let mut labels = Vec::new();
    // Names to add go last, so that the places of the values changed before them stay as read.
    changes.sort_by_key(|(f, _)| f.kind == Kind::Added);
    for (field, value) in changes {
        if field.kind == Kind::Added {
            let line = format!("name: {}", edit::inline_text(&value));
            text = edit::add_list_entry_or_list(&text, &field.path, &line)?;
            labels.push(field.label.to_string());
            continue;
        }
        let before = yaml::parse(&text)
            .ok()
            .and_then(|t| t.get(&field.path).and_then(Node::text).map(str::to_string));
        // A block of text that ended with a line break keeps it, so its `|` stays as it was.
        let keep_break =
            field.kind == Kind::Text && before.as_deref().is_some_and(|b| b.ends_with('\n'));
        let value = if !value.is_empty()
            && (keep_break || (field.kind == Kind::Text && value.contains('\n')))
        {
            format!("{value}\n")
        } else {
            value
        };
        text = edit::set_or_remove(&text, &field.path, &value)?;
        labels.push(field.label.to_string());
    }
    // The day the chief officer was invited, once given, replaces the note `s55 new` leaves
    // asking for it.
    let invited = [Step::Key("chief_officer"), Step::Key("invited")];
    let note = [Step::Key("chief_officer"), Step::Key("invited_note")];
    if let Ok(tree) = yaml::parse(&text) {
        let stub = tree.get(&note).and_then(Node::text) == Some(crate::draft::INVITED_STUB);
        if stub && tree.get(&invited).and_then(Node::text).is_some() {
            text = edit::remove_key(&text, &note)?;
        }
    }
    Ok(Applied::Changed(text, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "s55: 1\n# Our comments\ncomments:\n  overview: |\n    We welcome the report.\n  answers:\n    - items: [R1]\n      position: action-proposed  # agreed at board\n      comment: We will train staff.\n      owner: Head of Crime\n";

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn all() -> Vec<Field> {
        let mut f = letter_fields();
        f.extend(answer_fields(0));
        f.extend(publication_fields());
        f
    }

    #[test]
    fn an_addressee_is_renamed_in_place_added_and_never_emptied() {
        let file = format!("{FILE}letter:\n  to:\n    - name: HMICFRS\n      role: Inspectorate\n");
        let tree = yaml::parse(&file).unwrap();
        let fields: Vec<Field> = recipient_fields(&tree);
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "letter-to-0-name",
                "letter-to-0-role",
                "letter-to-new",
                "letter-copies-new"
            ]
        );
        let Applied::Changed(text, _) = apply(
            &file,
            &fields,
            &form(&[
                ("letter-to-0-role", "His Majesty's Inspectorate"),
                ("letter-to-new", "Home Secretary"),
                ("letter-copies-new", "Police and Crime Panel"),
            ]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            text,
            format!(
                "{FILE}letter:\n  to:\n    - name: HMICFRS\n      role: His Majesty's Inspectorate\n    - name: Home Secretary\n  copies:\n    - name: Police and Crime Panel\n"
            )
        );
        let out = apply(&file, &fields, &form(&[("letter-to-0-name", " ")])).unwrap();
        assert!(matches!(out, Applied::Invalid(_)), "{out:?}");
    }

    #[test]
    fn a_layout_is_written_only_when_another_is_chosen() {
        let out = apply(FILE, &all(), &form(&[("layout", "letter")])).unwrap();
        assert!(matches!(out, Applied::Unchanged), "{out:?}");
        let Applied::Changed(text, _) =
            apply(FILE, &all(), &form(&[("layout", "board-paper")])).unwrap()
        else {
            panic!()
        };
        assert_eq!(text, format!("{FILE}layout: board-paper\n"));
        let out = apply(FILE, &all(), &form(&[("layout", "../x")])).unwrap();
        assert!(matches!(out, Applied::Invalid(_)), "{out:?}");
    }

    #[test]
    fn publishing_adds_the_sections_it_needs_and_an_address_needs_a_day() {
        let file = format!("{FILE}letter:\n  date: 2020-04-20\n");
        let Applied::Changed(text, _) = apply(
            &file,
            &all(),
            &form(&[
                ("letter-published-on", "2020-05-01"),
                ("letter-published-at", "https://www.example.gov.uk/hmicfrs"),
                ("letter-sent-hmicfrs", "2020-05-02"),
                ("letter-sent-home_secretary", ""),
            ]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            text,
            format!(
                "{file}  published:\n    on: 2020-05-01\n    at: https://www.example.gov.uk/hmicfrs\n  sent:\n    hmicfrs: 2020-05-02\n"
            )
        );
        let out = apply(
            &file,
            &all(),
            &form(&[("letter-published-at", "https://x.example")]),
        )
        .unwrap();
        let Applied::Invalid(errors) = out else {
            panic!("{out:?}")
        };
        assert_eq!(errors[0].field, "letter-published-on");
    }

    #[test]
    fn the_day_of_the_invitation_replaces_the_note_asking_for_it() {
        let file = format!(
            "{FILE}chief_officer:\n  title: Chief Constable\n  invited_note: \"{}\"\n",
            crate::draft::INVITED_STUB
        );
        let Applied::Changed(text, _) = apply(
            &file,
            &all(),
            &form(&[("chief_officer-invited", "2020-03-01")]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            text,
            format!("{FILE}chief_officer:\n  title: Chief Constable\n  invited: 2020-03-01\n")
        );
    }

    #[test]
    fn only_the_changed_value_is_written() {
        let out = apply(
            FILE,
            &all(),
            &form(&[
                ("comments-overview", "We welcome the report.\r\n"),
                ("a0-position", "action-taken"),
                ("a0-comment", "We will train staff."),
                ("a0-owner", "Head of Crime"),
            ]),
        )
        .unwrap();
        let Applied::Changed(text, labels) = out else {
            panic!("{out:?}")
        };
        assert_eq!(text, FILE.replace("action-proposed  #", "action-taken  #"));
        assert_eq!(labels, ["Position"]);
    }

    #[test]
    fn nothing_typed_differently_changes_nothing() {
        let out = apply(
            FILE,
            &all(),
            &form(&[("a0-owner", " Head of Crime "), ("a0-reason", "")]),
        )
        .unwrap();
        assert!(matches!(out, Applied::Unchanged), "{out:?}");
    }

    #[test]
    fn an_emptied_owner_is_removed_and_a_new_due_date_added() {
        let Applied::Changed(text, _) = apply(
            FILE,
            &all(),
            &form(&[("a0-owner", ""), ("a0-due", "2020-08-31")]),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            text,
            FILE.replace("      owner: Head of Crime\n", "      due: 2020-08-31\n")
        );
    }

    #[test]
    fn the_date_on_the_letter_is_added_to_its_section() {
        let file = format!("{FILE}letter:\n  reference: ABC/1\n");
        let Applied::Changed(text, labels) =
            apply(&file, &all(), &form(&[("letter-date", "2020-04-20")])).unwrap()
        else {
            panic!()
        };
        assert_eq!(text, format!("{file}  date: 2020-04-20\n"));
        assert_eq!(labels, ["The date on the letter (YYYY-MM-DD)"]);
    }

    #[test]
    fn a_british_date_is_refused_with_the_form_to_type() {
        let out = apply(FILE, &all(), &form(&[("a0-due", "31/08/2020")])).unwrap();
        let Applied::Invalid(errors) = out else {
            panic!("{out:?}")
        };
        assert_eq!(errors[0].field, "a0-due");
        assert!(errors[0].message.contains("2020-08-31"), "{errors:?}");
    }

    #[test]
    fn a_position_outside_the_three_is_refused() {
        let out = apply(FILE, &all(), &form(&[("a0-position", "maybe")])).unwrap();
        assert!(matches!(out, Applied::Invalid(_)), "{out:?}");
    }

    #[test]
    fn paragraphs_typed_in_a_one_line_answer_become_a_block() {
        let Applied::Changed(text, _) = apply(
            FILE,
            &all(),
            &form(&[("a0-comment", "First.\r\n\r\nSecond.")]),
        )
        .unwrap() else {
            panic!()
        };
        assert!(
            text.contains("      comment: |\n        First.\n\n        Second.\n      owner:"),
            "{text}"
        );
        assert!(text.contains("# agreed at board"));
    }
}
