//! `s55 import`: a letter signed off in Word, read back into its response file.
//!
//! The Word letter (see [`crate::render::docx`]) holds every part an officer edits in a content
//! control tagged with its place in the response file. Importing reads those controls back
//! ([`word`]), with tracked changes accepted (and every one of them listed with its author, so
//! nothing is accepted unseen) and Word's comments listed with the part they sit in; turns bold,
//! italics, lists and links back into Markdown ([`markdown`]); and writes only the parts that
//! changed, through [`crate::edit`], keeping every other byte of the file.
//!
//! What changed is found without guessing at the template's words: the current response is
//! rendered to Word in memory by the same code, and each control is compared with its twin. A
//! control whose words are the same is left alone. For one that differs, the words the template
//! puts around the field (such as "**Action taken:**") are found by rendering the response once
//! more with a marker in place of each field, and taken off. The lead and date line ("Lead: X.
//! Due: 31 August 2020.") is read against the same rendering, and a date typed in Word ("31 Aug
//! 2021", "31/08/2021") is read back as `2021-08-31`. Anything that cannot be read that way (a
//! control deleted in Word, a tag changed, a line whose words no longer fit, a date that is not
//! one) is reported and that field left as it was. Each new value is rendered once more and
//! compared with Word's copy, so a difference in how s55 will print it is said, not hidden.

pub mod markdown;
pub mod word;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::edit::{self, EditError};
use crate::load::Response;
use crate::render::Letter;
use crate::render::docx::{self, CONTRACT_VERSION};
use crate::render::phrases::{Phrase, phrase};
use crate::yaml::Step;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use word::{Control, RevisionKind, WordDocument};

/// The custom property that names the response file the letter was made from (its file name).
pub const FILE_PROPERTY: &str = "s55-file";
/// The custom property that holds the response's fingerprint.
pub const FINGERPRINT_PROPERTY: &str = "s55-response";
/// The custom property that holds the contract's version.
pub const FORMAT_PROPERTY: &str = "s55-format";
/// The custom property that names the layout the letter was made with.
pub const LAYOUT_PROPERTY: &str = "s55-layout";
/// The custom property that records each part's words as the letter was made with them.
pub const FIELDS_PROPERTY: &str = "s55-fields";

/// The layout the Word letter was made with, when it names one.
pub fn layout(doc: &WordDocument) -> Option<String> {
    doc.properties
        .get(LAYOUT_PROPERTY)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
}

/// One field whose words changed in Word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field in plain English: "The answer to R3: comment", "The answer to R3: due date".
    pub field: String,
    /// Its place in the response file: `comments.answers.2.comment`.
    pub tag: String,
    /// What the file says now.
    pub old: String,
    /// What Word says, as the file will say it.
    pub new: String,
    /// Said when s55 will print the new words a little differently from Word's copy.
    pub prints_differently: bool,
}

/// A tracked change or a comment, with the part of the letter it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// What it is: "inserted", "deleted", "comment", ...
    pub what: &'static str,
    /// Who made it.
    pub author: String,
    /// When, as a date in words ("1 December 2026"), when Word recorded one.
    pub date: Option<String>,
    /// The words.
    pub text: String,
    /// The part it is in ("The answer to R3: comment"), or `None` outside the parts s55 reads.
    pub field: Option<String>,
}

/// A part that could not be read back: it is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The part, in plain English (or the tag found, when it is not one of this response's).
    pub field: String,
    /// What is wrong, and what was done.
    pub message: String,
}

/// What importing a Word letter found.
#[derive(Debug, Clone)]
pub struct Import {
    /// The fields that changed, in the order of the letter.
    pub changes: Vec<Change>,
    /// Every tracked change, accepted in what is written.
    pub revisions: Vec<Listed>,
    /// Word's comments (not copied into the file).
    pub comments: Vec<Listed>,
    /// The parts that could not be read back.
    pub problems: Vec<Problem>,
    /// The parts changed in the response file since the letter was made and not in Word: the
    /// file's newer words are kept (`old` is the file's, `new` the letter's older words).
    pub newer_in_file: Vec<Change>,
    /// The response file's text with the changes made (the same text when nothing changed).
    pub edited: String,
}

/// Where the response file a Word letter was made from is, when `--into` does not say: the file
/// named in its `s55-file` property, beside the Word file, in `responses/` or in the current
/// folder, in that order.
pub fn locate(docx_path: &Path, doc: &WordDocument) -> Result<PathBuf, Diagnostic> {
    let name = doc
        .properties
        .get(FILE_PROPERTY)
        .map(|n| n.trim())
        .filter(|n| {
            !n.is_empty() && !n.contains(['/', '\\']) && *n != "." && *n != ".." && !n.contains(':')
        });
    let Some(name) = name else {
        return Err(Diagnostic::file(
            docx_path,
            "this Word letter does not say which response file it was made from",
        )
        .with_hint("say which with --into, for example: s55 import letter.docx --into responses/my-response.yaml"));
    };
    let beside = docx_path.parent().unwrap_or(Path::new(""));
    let candidates = [
        beside.join(name),
        Path::new("responses").join(name),
        PathBuf::from(name),
    ];
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .ok_or_else(|| {
            Diagnostic::file(
                docx_path,
                format!("this Word letter was made from {name}, which is not beside it, in responses/ or in this folder"),
            )
            .with_hint(format!("say where it is with --into, for example: s55 import {} --into responses/{name}", docx_path.display()))
        })
}

/// Refuses a document that s55 did not make, that was made from another response, or that
/// follows another version of the contract, naming both files.
pub fn check_origin(
    docx_path: &Path,
    doc: &WordDocument,
    response: &Response,
) -> Result<(), Diagnostic> {
    let (Some(fingerprint), Some(format)) = (
        doc.properties.get(FINGERPRINT_PROPERTY),
        doc.properties.get(FORMAT_PROPERTY),
    ) else {
        return Err(Diagnostic::file(
            docx_path,
            format!(
                "this Word document was not made by s55 (it has none of the marks s55 puts in its Word letters), so its words cannot be read into {}",
                response.path.display()
            ),
        )
        .with_hint(format!(
            "make the Word letter with: s55 render {} --format docx --output letter.docx, then edit that copy",
            response.path.display()
        )));
    };
    if format.trim() != CONTRACT_VERSION {
        return Err(Diagnostic::file(
            docx_path,
            format!(
                "this Word letter was made by a version of s55 that marks its parts in another way (version {}; this s55 reads version {CONTRACT_VERSION}), so it cannot be read into {}",
                format.trim(),
                response.path.display()
            ),
        )
        .with_hint("import it with the version of s55 that made it, or make the Word letter again with this one"));
    }
    let expected = docx::fingerprint(response);
    if fingerprint.trim() != expected {
        return Err(Diagnostic::file(
            docx_path,
            format!(
                "this Word letter was made from another response, not from {} (it answers a different report, publication date or body: its fingerprint is {}, the file's is {expected})",
                response.path.display(),
                fingerprint.trim()
            ),
        )
        .with_hint("check you have the right pair of files, or say which response file with --into"));
    }
    Ok(())
}

/// Reads the Word letter `doc` (read from `docx_path`) against the response in `letter`: what
/// changed, what Word recorded, what could not be read, and the response file's text with the
/// changes made.
pub fn compare(
    docx_path: &Path,
    doc: &WordDocument,
    letter: &mut Letter,
) -> Result<Import, Diagnostic> {
    let path = letter.response.path.clone();
    let internal = |e: word::NotWord| {
        Diagnostic::file(
            &path,
            format!("s55 could not read back its own Word letter: {}", e.0),
        )
    };
    let expected = word::read(&docx::render(letter)?).map_err(internal)?;
    let old = letter.response.clone();

    // The same letter with a marker in place of each field that has words: the template's words
    // around each field are what is left.
    let mut marked = old.clone();
    let mut markers: BTreeMap<String, String> = BTreeMap::new();
    for (k, (field, value)) in docx::text_fields(&mut marked).into_iter().enumerate() {
        if value.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            let m = format!("S55FIELD{k}X");
            *value = Some(m.clone());
            markers.insert(field.tag, m);
        }
    }
    let marked_doc = render_with(letter, marked).and_then(|b| word::read(&b).map_err(internal))?;

    let by_tag = |d: &WordDocument| -> BTreeMap<String, Control> {
        d.controls
            .iter()
            .filter_map(|c| c.tag.clone().map(|t| (t, c.clone())))
            .collect()
    };
    let expected_controls = by_tag(&expected);
    let marked_controls = by_tag(&marked_doc);
    let alias = |tag: &str| {
        expected_controls
            .get(tag)
            .and_then(|c| c.alias.clone())
            .unwrap_or_else(|| format!("the part tagged “{tag}”"))
    };

    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &doc.controls {
        if let Some(t) = &c.tag {
            *seen.entry(t.as_str()).or_default() += 1;
        }
    }
    // A program that drops content controls (LibreOffice does) leaves nothing to read back.
    if !expected.controls.is_empty() && doc.controls.iter().all(|c| c.tag.is_none()) {
        return Err(Diagnostic::file(
            docx_path,
            "the Word letter has none of the boxes (content controls) that mark the parts of the response, so nothing can be read back; nothing was changed",
        )
        .with_hint("it was probably saved by a program that drops them (LibreOffice does): edit the letter s55 made in Microsoft Word, or make the changes in the response file itself"));
    }
    let old_texts = texts_of(&old);
    // An emptied control shows Word's placeholder, which is not the officer's words.
    let controls: Vec<Control> = doc
        .controls
        .iter()
        .map(|c| {
            let mut c = c.clone();
            if c.placeholder {
                c.paragraphs.clear();
            }
            c
        })
        .collect();
    for control in &controls {
        let Some(tag) = control.tag.as_deref() else {
            let words = markdown::plain(&control.paragraphs);
            problems.push(Problem {
                field: control
                    .alias
                    .clone()
                    .unwrap_or_else(|| "A content control".to_string()),
                message: format!(
                    "this content control has no tag, so s55 cannot tell which part of the response it is; its words (“{}”) were not read back",
                    short(&words)
                ),
            });
            continue;
        };
        let Some(twin) = expected_controls.get(tag) else {
            problems.push(Problem {
                field: format!("A content control tagged “{tag}”"),
                message: format!(
                    "this tag is not one of this response’s parts (it may have been changed in Word){}; its words were not read back",
                    control
                        .alias
                        .as_deref()
                        .map(|a| format!(", though the control is named “{a}”"))
                        .unwrap_or_default()
                ),
            });
            continue;
        };
        if seen.get(tag).copied().unwrap_or(0) > 1 {
            if !problems.iter().any(|p: &Problem| p.field == alias(tag)) {
                problems.push(Problem {
                    field: alias(tag),
                    message: format!(
                        "the letter has {} content controls tagged “{tag}” (one was copied in Word?), so s55 cannot tell which is the part; left as it was",
                        seen[tag]
                    ),
                });
            }
            continue;
        }
        if markdown::of(&control.paragraphs) == markdown::of(&twin.paragraphs) {
            continue;
        }
        let marked = marked_controls.get(tag);
        let tags: Vec<&str> = tag.split(' ').collect();
        if tags
            .iter()
            .any(|t| t.ends_with(".owner") || t.ends_with(".due"))
        {
            let before = (changes.len(), problems.len());
            lead_and_date(
                &tags,
                control,
                twin,
                marked,
                &old,
                &markers,
                &alias(tag),
                &mut changes,
                &mut problems,
            );
            // The line is read as values, so bold, italics or a link given to it in Word have
            // nowhere to go: say so rather than report nothing.
            let restyled =
                markdown::plain(&control.paragraphs) == markdown::plain(&twin.paragraphs);
            if (changes.len(), problems.len()) == before && restyled {
                problems.push(Problem {
                    field: alias(tag),
                    message: "its words are the same, but their bold, italics or link changed in Word; the lead and date are printed as the template sets them, so that was not kept".to_string(),
                });
            }
        } else {
            let Some((marked, marker)) = marked.zip(markers.get(tag)) else {
                problems.push(Problem {
                    field: alias(tag),
                    message:
                        "s55 cannot tell this part’s words from the template’s; left as it was"
                            .to_string(),
                });
                continue;
            };
            let pattern = markdown::of(&marked.paragraphs);
            let words = markdown::of(&control.paragraphs);
            match strip_template(&pattern, marker, &words) {
                Some(new) => {
                    let was = old_texts.get(tag).cloned().unwrap_or_default();
                    if new.trim() != was.trim() {
                        changes.push(Change {
                            field: alias(tag),
                            tag: tag.to_string(),
                            old: was,
                            new,
                            prints_differently: false,
                        });
                    }
                }
                None => {
                    let (before, _) = pattern.split_once(marker.as_str()).unwrap_or_default();
                    problems.push(Problem {
                        field: alias(tag),
                        message: format!(
                            "the words the letter puts before it (“{}”) were changed or removed in Word, so s55 cannot tell where the answer starts; left as it was. Put those words back in Word and import again{}",
                            markdown_words(before).trim(),
                            if tag.ends_with(".comment") || tag.ends_with(".reason") {
                                "; to change the answer’s position (action taken, action proposed, no action), change `position:` in the file"
                            } else {
                                ""
                            }
                        ),
                    });
                }
            }
        }
    }
    let present: BTreeSet<&str> = doc
        .controls
        .iter()
        .filter_map(|c| c.tag.as_deref())
        .collect();
    // The parts the letter was made with, when it records them.
    let made_with: Option<BTreeMap<&str, &str>> = doc.properties.get(FIELDS_PROPERTY).map(|r| {
        r.split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .collect()
    });
    let no_words = docx::field_hash("");
    for c in &expected.controls {
        if let Some(tag) = c.tag.as_deref() {
            if !present.contains(tag) {
                let added = made_with.as_ref().is_some_and(|m| {
                    tag.split(' ')
                        .all(|t| m.get(t).is_none_or(|h| *h == no_words))
                });
                problems.push(Problem {
                    field: alias(tag),
                    message: if added {
                        "it was added to the response file after this Word letter was made, so the letter has no words for it; left as it was".to_string()
                    } else {
                        "its content control is missing from the Word letter (deleted in Word?), so any change to it cannot be read; left as it was".to_string()
                    },
                });
            }
        }
    }

    // Words changed outside the controls come from the templates or other parts of the file:
    // they cannot be read back, and are said so.
    let mut furniture: BTreeMap<String, usize> = BTreeMap::new();
    for w in &expected.outside {
        *furniture.entry(w.clone()).or_default() += 1;
    }
    // A control removed in Word may leave its words behind, outside: they are reported above.
    for c in &expected.controls {
        if c.tag.as_deref().is_some_and(|t| !present.contains(t)) {
            for p in &c.paragraphs {
                *furniture
                    .entry(markdown::plain(std::slice::from_ref(p)))
                    .or_default() += 1;
            }
        }
    }
    // A letter older than the file shows the file's older words in its table of answers too.
    let older_than_file = older_than_file(doc, &old);
    for w in &doc.outside {
        match furniture.get_mut(w) {
            Some(n) if *n > 0 => *n -= 1,
            _ if older_than_file => problems.push(Problem {
                field: "Outside the parts s55 reads".to_string(),
                message: format!(
                    "“{}” is not what the file gives there now (in the letter’s heading, addresses, signature or table of answers): the file was changed since this Word letter was made, or these words were changed in Word; not read back. If the reviewer changed them, make the change in the response file",
                    short(w)
                ),
            }),
            _ => problems.push(Problem {
                field: "Outside the parts s55 reads".to_string(),
                message: format!(
                    "“{}” was changed or added in Word where the letter’s own words are (its heading, addresses, signature or table of answers), so it was not read back; make the change in the response file"
                    ,short(w)
                ),
            }),
        }
    }

    // The page headers and footers come from s55 and the office's Word template.
    // The draft line changes with the deadline and is s55's own: it is not compared.
    let draft = phrase(Phrase::Draft);
    let mut margins: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    for w in expected.margins.iter().filter(|w| !w.starts_with(draft)) {
        margins.entry(word::without_numbers(w)).or_insert((0, w)).0 += 1;
    }
    let reported = problems.len();
    for w in doc.margins.iter().filter(|w| !w.starts_with(draft)) {
        match margins.get_mut(&word::without_numbers(w)).map(|(n, _)| n) {
            Some(n) if *n > 0 => *n -= 1,
            _ => problems.push(Problem {
                field: "The page header or footer".to_string(),
                message: format!(
                    "“{}” was changed or added in Word in the letter’s page header or footer, which s55 makes from the response file and the office’s Word template, so it was not read back; make the change in the office’s Word template (word_template) or the response file",
                    short(w)
                ),
            }),
        }
    }
    // A line changed is reported above as it reads now; a line only deleted is reported here.
    let changed_lines = problems.len() > reported;
    for (n, w) in margins.values() {
        if *n > 0 && !changed_lines {
            problems.push(Problem {
                field: "The page header or footer".to_string(),
                message: format!(
                    "“{}” was deleted in Word from the letter’s page header or footer, which s55 makes from the response file and the office’s Word template, so the deletion was not read back; make it in the office’s Word template (word_template) or the response file",
                    short(w)
                ),
            });
        }
    }

    check_printing(letter, &old, doc, &mut changes)?;
    let newer_in_file = keep_newer_words(doc, &mut changes, &mut problems);

    // Every tracked change and comment, with the part it is in.
    let field_of = |k: Option<usize>| {
        k.and_then(|k| doc.controls.get(k))
            .and_then(|c| c.tag.as_deref())
            .map(|t| {
                expected_controls
                    .get(t)
                    .and_then(|c| c.alias.clone())
                    .unwrap_or_else(|| format!("the control tagged “{t}”"))
            })
    };
    let revisions = doc
        .revisions
        .iter()
        .map(|r| Listed {
            what: match r.kind {
                RevisionKind::Inserted => "inserted",
                RevisionKind::Deleted => "deleted",
                RevisionKind::MovedFrom => "moved away",
                RevisionKind::MovedTo => "moved here",
                RevisionKind::ParagraphInserted => "started a new paragraph",
                RevisionKind::ParagraphDeleted => "joined two paragraphs",
            },
            author: r.author.clone(),
            date: r.date.as_deref().and_then(word_date),
            text: r.text.clone(),
            field: field_of(r.control),
        })
        .collect();
    let comments = doc
        .comments
        .iter()
        .map(|c| Listed {
            what: "comment",
            author: c.author.clone(),
            date: c.date.as_deref().and_then(word_date),
            text: c.text.clone(),
            field: match (field_of(c.control), field_of(c.end_control)) {
                (Some(from), Some(to)) if from != to => Some(format!("{from} through {to}")),
                (from, to) => from.or(to),
            },
        })
        .collect();

    // Only the changed fields are written, each in its own place.
    let source = old.files.response.text.clone();
    let owned: Vec<(Vec<String>, String)> = changes
        .iter()
        .map(|c| {
            (
                c.tag.split('.').map(str::to_string).collect(),
                c.new.clone(),
            )
        })
        .collect();
    let mut edited = source;
    for (i, (parts, value)) in owned.iter().enumerate() {
        let at = steps(parts);
        edited = edit::set_or_remove(&edited, &at, value)
            .map_err(|e| edit_failed(&path, &changes[i], &e))?;
    }
    Ok(Import {
        changes,
        revisions,
        comments,
        problems,
        newer_in_file,
        edited,
    })
}

/// Whether the response file's words changed since the letter was made, by its `s55-fields`
/// record (a letter without one is taken as made from the file as it is).
fn older_than_file(doc: &WordDocument, response: &Response) -> bool {
    let Some(record) = doc.properties.get(FIELDS_PROPERTY) else {
        return false;
    };
    let now: BTreeMap<String, String> = docx::field_record(response)
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .map(|(t, h)| (t.to_string(), h.to_string()))
        .collect();
    let then: BTreeMap<String, String> = record
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(t, h)| (t.to_string(), h.to_string()))
        .collect();
    now != then
}

/// Takes out of `changes` every part whose words in the response file changed since the letter
/// was made (its `s55-fields` record says what they were then), so that a letter's older words
/// never replace the file's newer ones. A part not changed in Word is returned, to be said; a
/// part changed in both places is a problem, left as the file has it, with the Word letter's
/// words to copy by hand. A letter without the record (made by an earlier s55) is read as before.
fn keep_newer_words(
    doc: &WordDocument,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) -> Vec<Change> {
    let Some(record) = doc.properties.get(FIELDS_PROPERTY) else {
        return Vec::new();
    };
    let made_with: BTreeMap<&str, &str> = record
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .collect();
    let mut newer = Vec::new();
    changes.retain(|c| {
        let Some(then) = made_with.get(c.tag.as_str()) else {
            return true;
        };
        if docx::field_hash(&c.old) == *then {
            return true;
        }
        if docx::field_hash(&c.new) == *then {
            newer.push(c.clone());
        } else {
            problems.push(Problem {
                field: c.field.clone(),
                message: format!(
                    "changed both in Word and in the response file since this Word letter was made, so s55 cannot tell which words are meant; left as the file has it. The Word letter says “{}”: copy what should stay into the file by hand, or make the Word letter again from the file and ask for the changes on that",
                    short(&c.new)
                ),
            });
        }
        false
    });
    newer
}

fn edit_failed(path: &Path, change: &Change, e: &EditError) -> Diagnostic {
    Diagnostic::file(
        path,
        format!(
            "{} could not be written back: {e}; nothing was changed",
            change.field
        ),
    )
    .with_hint("make the change in the response file itself")
}

/// A tag's parts as the steps of a path: numbers are places in a list.
fn steps(parts: &[String]) -> Vec<Step<'_>> {
    parts
        .iter()
        .map(|p| match p.parse::<usize>() {
            Ok(i) => Step::Index(i),
            Err(_) => Step::Key(p),
        })
        .collect()
}

/// Each text field's words as the response holds them, by tag.
fn texts_of(response: &Response) -> BTreeMap<String, String> {
    let mut copy = response.clone();
    docx::text_fields(&mut copy)
        .into_iter()
        .filter_map(|(f, v)| v.clone().map(|v| (f.tag, v)))
        .collect()
}

/// The letter's Word document with `response` in place of its own.
fn render_with(letter: &mut Letter, response: Response) -> Result<Vec<u8>, Diagnostic> {
    let own = std::mem::replace(&mut letter.response, response);
    let out = docx::render(letter);
    letter.response = own;
    out
}

/// The field's words: Word's copy of the control with the template's words around the marker
/// taken off. `None` when Word's copy no longer has them.
fn strip_template(pattern: &str, marker: &str, words: &str) -> Option<String> {
    let (before, after) = pattern.split_once(marker)?;
    let tries = |lead: &str| -> Vec<String> {
        let plain = markdown_words(lead);
        let mut v = vec![lead.to_string(), lead.trim_end().to_string()];
        v.push(plain.clone());
        v.push(plain.trim_end().to_string());
        v
    };
    let rest = tries(before)
        .into_iter()
        .find_map(|lead| words.strip_prefix(lead.as_str()).map(str::to_string))?;
    let rest = tries_end(after)
        .into_iter()
        .find_map(|tail| rest.strip_suffix(tail.as_str()).map(str::to_string))?;
    Some(rest.trim().to_string())
}

fn tries_end(tail: &str) -> Vec<String> {
    let plain = markdown_words(tail);
    vec![
        tail.to_string(),
        tail.trim_start().to_string(),
        plain.clone(),
        plain.trim_start().to_string(),
    ]
}

/// Markdown's emphasis markers taken off: "**Action taken:** " → "Action taken: ".
fn markdown_words(md: &str) -> String {
    md.replace("**", "").replace('*', "")
}

/// Reads the lead and date line ("Lead: X. Due: 31 August 2020.") against the same line with a
/// marker in place of the lead and the date as the file holds it.
#[allow(clippy::too_many_arguments)]
fn lead_and_date(
    tags: &[&str],
    control: &Control,
    twin: &Control,
    marked: Option<&Control>,
    old: &Response,
    markers: &BTreeMap<String, String>,
    name: &str,
    changes: &mut Vec<Change>,
    problems: &mut Vec<Problem>,
) {
    let index = tags
        .first()
        .and_then(|t| t.split('.').nth(2))
        .and_then(|n| n.parse::<usize>().ok());
    let unreadable = |problems: &mut Vec<Problem>| {
        problems.push(Problem {
            field: name.to_string(),
            message: "s55 cannot tell this line’s words from the template’s; left as it was"
                .to_string(),
        })
    };
    let Some((i, answer)) = index.and_then(|i| old.comments.answers.get(i).map(|a| (i, a))) else {
        return unreadable(problems);
    };
    let owner_tag = format!("comments.answers.{i}.owner");
    let due_tag = format!("comments.answers.{i}.due");
    let has_owner = tags.contains(&owner_tag.as_str());
    let has_due = tags.contains(&due_tag.as_str());
    let Some(marked) = marked else {
        return unreadable(problems);
    };
    let due_word = format!("{}:", phrase(Phrase::Due));
    let done_word = format!("{}:", phrase(Phrase::Completed));
    let normal = |s: String| s.replace(&done_word, &due_word);
    let pattern = normal(markdown::plain(&marked.paragraphs));
    let words = normal(markdown::plain(&control.paragraphs));
    let mut slots: Vec<(usize, &str, String)> = Vec::new();
    if has_owner {
        if let Some(m) = markers.get(&owner_tag) {
            if let Some(at) = pattern.find(m.as_str()) {
                slots.push((at, "owner", m.clone()));
            }
        }
    }
    if has_due {
        if let Some(d) = answer.due {
            if let Some(at) = pattern.rfind(&d.long()) {
                slots.push((at, "due", d.long()));
            }
        }
    }
    slots.sort_by_key(|s| s.0);
    let mut pieces = Vec::new();
    let mut from = 0;
    for (at, what, text) in &slots {
        pieces.push(Piece::Literal(pattern[from..*at].to_string()));
        pieces.push(Piece::Slot(what));
        from = at + text.len();
    }
    pieces.push(Piece::Literal(pattern[from..].to_string()));
    // A lead and date line is a sentence; anything far longer is not one (and is not searched).
    let found = (words.len() <= 2_000)
        .then(|| fit(&pieces, &words))
        .flatten();
    let Some(found) = found else {
        problems.push(Problem {
            field: name.to_string(),
            message: format!(
                "the line now reads “{}”, which s55 cannot read as a line like “{}”; left as it was",
                short(&words),
                markdown::plain(&twin.paragraphs)
            ),
        });
        return;
    };
    for (what, value) in found {
        let value = value.trim().to_string();
        if what == "owner" {
            let was = answer.owner.clone().unwrap_or_default();
            if value != was.trim().trim_end_matches('.') {
                changes.push(Change {
                    field: format!("{}: lead", name.trim_end_matches(": lead and date")),
                    tag: owner_tag.clone(),
                    old: was,
                    new: value,
                    prints_differently: false,
                });
            }
        } else {
            let field = format!("{}: due date", name.trim_end_matches(": lead and date"));
            match due_date(&value) {
                Some(date) if Some(date) == answer.due.map(|d| d.0) => {}
                Some(date) => changes.push(Change {
                    field,
                    tag: due_tag.clone(),
                    old: answer.due.map(|d| d.iso()).unwrap_or_default(),
                    new: Date(date).iso(),
                    prints_differently: false,
                }),
                None => problems.push(Problem {
                    field,
                    message: format!(
                        "“{value}” is not a date s55 can read; left as it was. Write it in Word as 31 August 2021 or 31/08/2021, or in the file as 2021-08-31"
                    ),
                }),
            }
        }
    }
}

enum Piece<'a> {
    Literal(String),
    Slot(&'a str),
}

/// Fits `text` to literal words and slots, each slot taking what lies between its literals (the
/// last place the next literal is found, so a lead may contain a full stop).
fn fit<'a>(pieces: &[Piece<'a>], text: &str) -> Option<Vec<(&'a str, String)>> {
    match pieces {
        [] => text.trim().is_empty().then(Vec::new),
        [Piece::Literal(l), rest @ ..] => {
            let l = l.trim_start();
            let text = text.trim_start();
            let t = text.strip_prefix(l).or_else(|| {
                // The last literal may lose its trailing space or full stop in Word.
                rest.is_empty()
                    .then(|| text.strip_prefix(l.trim_end()))
                    .flatten()
            })?;
            fit(rest, t)
        }
        [Piece::Slot(what), Piece::Literal(l), rest @ ..] => {
            let l = l.trim();
            if rest.is_empty() {
                let t = text.trim_end();
                let value = t.strip_suffix(l).or_else(|| {
                    t.strip_suffix(l.trim_end_matches('.'))
                        .filter(|_| l.ends_with('.'))
                })?;
                return Some(vec![(*what, value.trim().to_string())]);
            }
            for (at, _) in text.rmatch_indices(l) {
                if let Some(mut found) = fit(rest, &text[at + l.len()..]) {
                    found.insert(0, (*what, text[..at].trim().to_string()));
                    return Some(found);
                }
            }
            None
        }
        [Piece::Slot(what)] => Some(vec![(*what, text.trim().to_string())]),
        [Piece::Slot(_), Piece::Slot(_), ..] => None,
    }
}

/// A due date as an officer might type it in Word: "31 August 2021", "31 Aug 2021",
/// "31/08/2021", "2021-08-31", "Tuesday 31 August 2021".
pub fn due_date(text: &str) -> Option<chrono::NaiveDate> {
    let t = text.trim().trim_end_matches('.').trim();
    if let Ok(d) = Date::parse(t) {
        return Some(d.0);
    }
    let iso = |s: &str| crate::load::format::british_date(s).and_then(|i| Date::parse(&i).ok());
    if let Some(d) = iso(t) {
        return Some(d.0);
    }
    // Day, month and year with full stops or a two-digit year, as typed in a hurry: 31.03.21.
    let parts: Vec<&str> = t.split(['.', '/']).collect();
    if let [day, month, year] = parts[..] {
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if digits(day, 1..=2)
            && digits(month, 1..=2)
            && (digits(year, 2..=2) || digits(year, 4..=4))
        {
            let year = if year.len() == 2 {
                format!("20{year}")
            } else {
                year.to_string()
            };
            let (d, m, y) = (day.parse().ok()?, month.parse().ok()?, year.parse().ok()?);
            return chrono::NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    // Without a weekday in front.
    let (first, rest) = t.split_once([' ', ','])?;
    let weekdays = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let first = first.to_lowercase();
    if first.len() >= 3 && weekdays.iter().any(|w| w.starts_with(&first)) {
        return iso(rest.trim()).map(|d| d.0);
    }
    None
}

/// Word's date (`2026-12-01T10:00:00Z`) in words.
fn word_date(text: &str) -> Option<String> {
    text.get(..10)
        .and_then(|d| Date::parse(d).ok())
        .map(|d| d.long())
}

/// Some words cut short for a summary line.
pub fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 70 {
        one
    } else {
        format!("{}…", one.chars().take(69).collect::<String>().trim_end())
    }
}

/// Renders the response with the new words and compares each changed control with Word's copy.
/// A text field that s55 would print differently is tried once more with a capital first letter
/// (the letter lower-cases a reason's first word after "because"); if it still differs, the change
/// is marked as printing differently.
fn check_printing(
    letter: &mut Letter,
    old: &Response,
    doc: &WordDocument,
    changes: &mut [Change],
) -> Result<(), Diagnostic> {
    if changes.is_empty() {
        return Ok(());
    }
    let word_copy = |tag: &str| {
        doc.controls.iter().find(|c| {
            c.tag
                .as_deref()
                .is_some_and(|t| t.split(' ').any(|p| p == tag))
        })
    };
    let differs = |letter: &mut Letter, changes: &[Change]| -> Result<Vec<bool>, Diagnostic> {
        let mut new = old.clone();
        for c in changes {
            if let Some(v) = docx::text_fields(&mut new)
                .into_iter()
                .find(|(f, _)| f.tag == c.tag)
                .map(|(_, v)| v)
            {
                *v = Some(c.new.clone());
            } else if let Some(i) = c
                .tag
                .strip_suffix(".due")
                .and_then(|t| t.rsplit('.').next())
                .and_then(|n| n.parse::<usize>().ok())
            {
                if let (Some(a), Ok(d)) = (new.comments.answers.get_mut(i), Date::parse(&c.new)) {
                    a.due = Some(d);
                }
            }
        }
        let printed = render_with(letter, new)
            .and_then(|b| word::read(&b).map_err(|e| Diagnostic::file(&old.path, e.0)))?;
        Ok(changes
            .iter()
            .map(|c| {
                // A lead and date are read as values (a date in any form), not as words.
                if c.tag.ends_with(".owner") || c.tag.ends_with(".due") {
                    return false;
                }
                let ours = printed.controls.iter().find(|p| {
                    p.tag
                        .as_deref()
                        .is_some_and(|t| t.split(' ').any(|p| p == c.tag))
                });
                match (ours, word_copy(&c.tag)) {
                    // Emptied: the letter no longer prints the part at all.
                    (None, _) if c.new.trim().is_empty() => false,
                    (Some(a), Some(b)) => {
                        markdown::plain(&a.paragraphs) != markdown::plain(&b.paragraphs)
                            || markdown::of(&a.paragraphs) != markdown::of(&b.paragraphs)
                    }
                    _ => true,
                }
            })
            .collect())
    };
    let first = differs(letter, changes)?;
    if !first.iter().any(|d| *d) {
        return Ok(());
    }
    let mut retry: Vec<Change> = changes.to_vec();
    for (c, d) in retry.iter_mut().zip(&first) {
        if *d {
            let mut chars = c.new.chars();
            if let Some(f) = chars.next().filter(|f| f.is_lowercase()) {
                c.new = format!("{}{}", f.to_uppercase(), chars.as_str());
            }
        }
    }
    let second = differs(letter, &retry)?;
    for (i, c) in changes.iter_mut().enumerate() {
        if first[i] && !second[i] {
            c.new = retry[i].new.clone();
        } else if first[i] {
            c.prints_differently = true;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Letter {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("responses/hertfordshire-model.yaml");
        let today = chrono::NaiveDate::from_ymd_opt(2020, 5, 1).unwrap();
        Letter::load(&path, &[], None, today).unwrap()
    }

    fn words(s: &str) -> String {
        markdown_words(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn every_part_changed_in_word_is_read_back_as_its_own_words_and_the_change() {
        let mut letter = model();
        let doc = word::read(&docx::render(&letter).unwrap()).unwrap();
        let unchanged = compare(Path::new("letter.docx"), &doc, &mut letter).unwrap();
        assert!(unchanged.changes.is_empty() && unchanged.problems.is_empty());
        let old = texts_of(&letter.response);
        let mut tried = 0;
        for (k, control) in doc.controls.iter().enumerate() {
            let tag = control.tag.clone().unwrap();
            if tag.contains(".owner") || tag.contains(".due") {
                continue;
            }
            let mut edited = doc.clone();
            let last = edited.controls[k]
                .paragraphs
                .last_mut()
                .and_then(|p| p.runs.last_mut())
                .unwrap();
            last.text.push_str(" Extra words.");
            let found = compare(Path::new("letter.docx"), &edited, &mut letter).unwrap();
            assert!(found.problems.is_empty(), "{tag}: {:?}", found.problems);
            assert_eq!(found.changes.len(), 1, "{tag}: {:?}", found.changes);
            let change = &found.changes[0];
            assert_eq!(change.tag, tag);
            assert!(!change.prints_differently, "{tag}: {change:?}");
            assert_eq!(
                words(&change.new),
                format!("{} Extra words.", words(&old[&tag])),
                "{tag}"
            );
            tried += 1;
        }
        assert!(tried >= 10, "{tried}");
    }

    #[test]
    fn due_dates_typed_in_word_are_read_in_the_files_form() {
        let d = |s: &str| due_date(s).map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(d("31 Aug 2021").as_deref(), Some("2021-08-31"));
        assert_eq!(d("31/08/2021").as_deref(), Some("2021-08-31"));
        assert_eq!(d("31 August 2021.").as_deref(), Some("2021-08-31"));
        assert_eq!(d("Tuesday 31 August 2021").as_deref(), Some("2021-08-31"));
        assert_eq!(d("2021-08-31").as_deref(), Some("2021-08-31"));
        assert_eq!(d("31.03.21").as_deref(), Some("2021-03-31"));
        assert_eq!(d("31.03.2021").as_deref(), Some("2021-03-31"));
        assert_eq!(d("31/03/21").as_deref(), Some("2021-03-31"));
        assert_eq!(d("31.02.21"), None);
        assert_eq!(d("31.3"), None);
        assert_eq!(d("end of March 2021"), None);
        assert_eq!(d("end of August"), None);
        assert_eq!(d("31 Agust 2021"), None);
    }

    #[test]
    fn the_template_words_around_a_field_are_taken_off() {
        assert_eq!(
            strip_template(
                "**Action taken:** S55FIELD3X",
                "S55FIELD3X",
                "**Action taken:** New words.\n\n- a list"
            )
            .as_deref(),
            Some("New words.\n\n- a list")
        );
        // Un-bolded in Word: the words still lead the paragraph.
        assert_eq!(
            strip_template(
                "**Action taken:** S55FIELD3X",
                "S55FIELD3X",
                "Action taken: New words."
            )
            .as_deref(),
            Some("New words.")
        );
        assert_eq!(
            strip_template("**Action taken:** S55FIELD3X", "S55FIELD3X", "New words."),
            None
        );
    }

    #[test]
    fn a_lead_and_date_line_is_fitted_to_its_pattern() {
        let pieces = [
            Piece::Literal("Lead: ".into()),
            Piece::Slot("owner"),
            Piece::Literal(". Due: ".into()),
            Piece::Slot("due"),
            Piece::Literal(".".into()),
        ];
        assert_eq!(
            fit(&pieces, "Lead: Head of Crime, Dept. B. Due: 31 Aug 2021."),
            Some(vec![
                ("owner", "Head of Crime, Dept. B".to_string()),
                ("due", "31 Aug 2021".to_string())
            ])
        );
        assert_eq!(fit(&pieces, "Owner: someone. By: soon."), None);
    }
}
