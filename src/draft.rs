//! Starting a response from the report itself: `s55 new` reads the report, finds every
//! recommendation, cause of concern and area for improvement ([`crate::extract`]), and writes a
//! response file with each of them present and each answer still to be written, so that
//! `s55 check` lists exactly what is left to do.
//!
//! The publication date is never guessed: the 56 days run from it, and neither the report's cover
//! nor HMICFRS's web copies can be trusted to give it (see the README). Without `--published`,
//! nothing is written and the officer is told where to find the date.

use crate::date::Date;
use crate::date::day_in_words;
use crate::diagnostic::Diagnostic;
use crate::extract::{self, Extracted};
use crate::law;
use crate::model::{
    Answer, AreaForImprovement, Body, CauseOfConcern, ChiefOfficer, Comments, Extraction,
    FORMAT_VERSION, ItemCounts, Letter, Recipient, Recommendation, Report, ResponseFile,
};
use crate::schema;
use crate::site::{slugify, write_atomic};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What `s55 new` was asked to do.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The report: a PDF or a text file.
    pub report: PathBuf,
    /// The day HMICFRS published the report.
    pub published: Option<NaiveDate>,
    /// Where to write the response; by default `responses/DATE-KIND-FORCE.yaml` (or the current folder
    /// when there is no `responses/`).
    pub output: Option<PathBuf>,
    /// Replace an existing file.
    pub force: bool,
    /// The office file to refer to; by default `office.yaml` in the response's folder or the one
    /// above it, when there is one.
    pub office: Option<PathBuf>,
    /// The folder to write the response in under its usual name, when no `output` is given; by
    /// default `responses/` in the current folder, or the current folder when there is none.
    pub folder: Option<PathBuf>,
}

/// What `s55 new` wrote.
#[derive(Debug, Clone)]
pub struct Drafted {
    /// The response file written.
    pub path: PathBuf,
    /// What was found in the report.
    pub found: Extracted,
    /// The last day to publish the comments.
    pub last_day: Option<NaiveDate>,
    /// Things the officer should know: a missing title, no office file, no schema, ...
    pub notes: Vec<String>,
}

/// Placeholder texts written where the report or the office did not say; `s55 check` reports each.
const TITLE_TO_WRITE: &str = "[insert the report's title exactly as HMICFRS gives it]";

/// Reads the report and writes the new response file.
pub fn new_response(options: &NewOptions) -> Result<Drafted, Diagnostic> {
    publication(options)?;
    let text = extract::read_report(&options.report)?;
    new_response_from(options, &text)
}

/// The day the report was published, which must be given.
fn publication(options: &NewOptions) -> Result<NaiveDate, Diagnostic> {
    let Some(published) = options.published else {
        return Err(Diagnostic::file(
            &options.report,
            "s55 needs the day HMICFRS published this report: the 56 days to publish the comments run from it",
        )
        .with_hint(
            "add `--published YYYY-MM-DD` with the date HMICFRS published the report (on the report's page of the HMICFRS website, \
             or in HMICFRS's email telling the office of its publication). Do not use the cover date or the \"published on\" date \
             of an old report's web copy, which can differ. Nothing was written.",
        ));
    };
    Ok(published)
}

/// Writes the new response file from the report's text, already read (`options.report` names the
/// report in the file's notes and messages): what `s55 serve` does with a report uploaded to it.
pub fn new_response_from(
    options: &NewOptions,
    text: &extract::ReportText,
) -> Result<Drafted, Diagnostic> {
    let published = publication(options)?;
    let found = extract::extract(text);
    let mut notes = Vec::new();

    let title = found.title.clone().unwrap_or_else(|| {
        notes.push(
            "the report's title could not be read from its cover: write it in `report: title:`"
                .to_string(),
        );
        TITLE_TO_WRITE.to_string()
    });
    let path = match &options.output {
        Some(p) => p.clone(),
        None => {
            let stem = file_stem(&found).unwrap_or_else(|| {
                short_slug(
                    &options
                        .report
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    NAME_LENGTH,
                )
            });
            let name = format!("{}-{stem}.yaml", Date(published).iso());
            let responses = Path::new("responses");
            if let Some(folder) = &options.folder {
                folder.join(name)
            } else if responses.is_dir() {
                responses.join(name)
            } else {
                PathBuf::from(name)
            }
        }
    };
    if path.exists() && !options.force {
        return Err(Diagnostic::file(&path, "this response file already exists, so nothing was written")
            .with_hint("choose another name with `-o FILE`, or add `--force` to replace it (any answers written in it would be lost)"));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();

    let office = match &options.office {
        Some(o) => {
            if !o.is_file() {
                return Err(Diagnostic::file(o, "this office file does not exist")
                    .with_hint("give `--office` the office's details file (made by `s55 init`), or leave it out"));
            }
            Some(o.clone())
        }
        None => [dir.join("office.yaml"), dir.join("../office.yaml")]
            .into_iter()
            .find(|p| p.is_file()),
    };
    let office_rel = office.as_ref().map(|o| relative_to(o, &dir));
    if office.is_none() {
        notes.push("no office file was found, so the body's details are left to write under `body:` (or run `s55 init` and give `--office office.yaml`)".to_string());
    }
    let schema_rel = [
        dir.join(schema::FILE_NAME),
        dir.join("..").join(schema::FILE_NAME),
        dir.join("../responses").join(schema::FILE_NAME),
    ]
    .into_iter()
    .find(|p| p.is_file())
    .map(|p| relative_to(&p, &dir));
    let schema_rel = schema_rel.unwrap_or_else(|| {
        notes.push(format!(
            "for checking as you type in an editor, save the schema beside the file: `s55 schema > {}`",
            dir.join(schema::FILE_NAME).display()
        ));
        schema::FILE_NAME.to_string()
    });

    let file = response_file(&found, title, published, office_rel.clone());
    let text = file_text(&file, &found, &options.report, published, &schema_rel);

    std::fs::create_dir_all(&dir).map_err(|e| {
        Diagnostic::file(
            &dir,
            format!("the folder for the response could not be created: {e}"),
        )
    })?;
    if options.force {
        write_atomic(&path, text.as_bytes())?;
    } else {
        // `create_new` refuses to replace a file that appeared since the check above.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Diagnostic::file(
                    &path,
                    "this response file already exists, so nothing was written",
                )
                .with_hint("choose another name with `-o FILE`, or add `--force` to replace it"),
                _ => Diagnostic::file(&path, format!("this file could not be written: {e}")),
            })?;
        f.write_all(text.as_bytes())
            .map_err(|e| Diagnostic::file(&path, format!("this file could not be written: {e}")))?;
    }
    if found.recommendations.is_empty() {
        notes.push("no recommendations were found. Some reports make none; read the report to be sure, and add any that were missed under `report: recommendations:`".to_string());
    }
    Ok(Drafted {
        path,
        found,
        last_day: law::last_day(published),
        notes,
    })
}

/// How long a response file's name may be after its date (a title alone: 60 characters).
const NAME_LENGTH: usize = 75;

/// Words a name never ends in: a name cut short ends at a word that means something.
const STUB_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "for", "in", "on", "to", "with", "from", "by", "at",
    "its", "their", "how", "well", "s",
];

/// A slug of `text`, at most `max` characters, cut at a word boundary and never ending in a stub
/// such as "-an" or "-of".
fn short_slug(text: &str, max: usize) -> String {
    // "Southvale Police's response" reads as "southvale-police-response".
    let text = text.replace("'s ", " ").replace("’s ", " ");
    let slug = slugify(&text.replace(['\'', '’'], ""), 200);
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for w in slug.split('-').filter(|w| !w.is_empty()) {
        let more = if words.is_empty() {
            w.len()
        } else {
            w.len() + 1
        };
        if len + more > max {
            break;
        }
        len += more;
        words.push(w);
    }
    while words.len() > 1 && words.last().is_some_and(|w| STUB_WORDS.contains(w)) {
        words.pop();
    }
    words.join("-")
}

/// The name of a new response file, after its date: the report's short kind and the force(s) it
/// is about ("peel-westmarch-police", "custody-northshire", "national-child-protection-inspections-
/// hertfordshire-constabulary"), so that two responses to reports of one kind get different
/// names. None when the report's title could not be read.
fn file_stem(found: &Extracted) -> Option<String> {
    use crate::model::ReportKind;
    let title = found.title.as_deref()?;
    let kind = match found.kind {
        ReportKind::Peel => Some("peel"),
        ReportKind::Custody => Some("custody"),
        ReportKind::Spotlight => Some("spotlight"),
        ReportKind::CrimeDataIntegrity => Some("crime-data-integrity"),
        ReportKind::ForceInspection | ReportKind::NationalThematic | ReportKind::Other => None,
    };
    let mut forces: Vec<String> = found.forces.iter().map(|f| short_slug(f, 40)).collect();
    if forces.is_empty() && found.kind == ReportKind::Custody {
        // "... police custody suites in Northshire"
        if let Some((_, place)) = title.rsplit_once(" in ") {
            forces.push(short_slug(place, 40));
        }
    }
    let forces = match forces.len() {
        0 => String::new(),
        1 | 2 => forces.join("-and-"),
        _ => format!("{}-and-others", forces[0]),
    };
    let lead = match kind {
        Some(k) => k.to_string(),
        None => {
            // The title's first part that says what the report is about: "National Child
            // Protection Inspections", "An inspection of how well Ashcombe Police manages ...".
            let generic = |p: &str| {
                let l = p.to_lowercase();
                l.contains("thematic inspection")
                    || l == "a force inspection"
                    || l == "an inspection"
                    || found
                        .forces
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(p.trim()))
            };
            let part = title
                .split(" – ")
                .flat_map(|p| p.split(": "))
                .map(str::trim)
                .find(|p| !p.is_empty() && !generic(p))
                .unwrap_or(title);
            let part = ["An inspection of ", "An inspection into ", "Inspection of "]
                .iter()
                .find_map(|lead| part.strip_prefix(lead))
                .unwrap_or(part);
            let room = if forces.is_empty() {
                60
            } else {
                NAME_LENGTH.saturating_sub(forces.len() + 1).max(20)
            };
            short_slug(part, room)
        }
    };
    let stem = if forces.is_empty() || lead.contains(&forces) {
        lead
    } else {
        format!("{lead}-{forces}")
    };
    let stem = short_slug(&stem, NAME_LENGTH);
    (!stem.is_empty()).then_some(stem)
}

fn relative_to(target: &Path, from: &Path) -> String {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let (t, f) = (abs(target), abs(from));
    let tc: Vec<_> = t.components().collect();
    let fc: Vec<_> = f.components().collect();
    let common = tc.iter().zip(&fc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); fc.len() - common];
    parts.extend(
        tc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    parts.join("/")
}

/// The response, with the report's items and an empty answer for each recommendation and area for
/// improvement.
pub fn response_file(
    found: &Extracted,
    title: String,
    published: NaiveDate,
    office: Option<String>,
) -> ResponseFile {
    let report = Report {
        title,
        kind: found.kind,
        forces: found.forces.clone(),
        published: Date(published),
        url: None,
        inspected: found.inspected.clone(),
        causes_of_concern: found
            .causes_of_concern
            .iter()
            .map(|c| CauseOfConcern {
                id: c.id.clone(),
                text: c.text.clone(),
                chapter: c.chapter.clone(),
            })
            .collect(),
        recommendations: found
            .recommendations
            .iter()
            .map(|r| Recommendation {
                id: r.id.clone(),
                text: r.text.clone(),
                points: r.points.clone(),
                timescale: r.timescale.clone(),
                addressee: r.addressee.clone(),
                cause_of_concern: r.cause_of_concern.clone(),
                chapter: r.chapter.clone(),
            })
            .collect(),
        areas_for_improvement: found
            .areas_for_improvement
            .iter()
            .map(|a| AreaForImprovement {
                id: a.id.clone(),
                text: a.text.clone(),
                chapter: a.chapter.clone(),
            })
            .collect(),
        extraction: (found.stated != ItemCounts::default()).then_some(Extraction {
            stated: found.stated,
            found: ItemCounts {
                recommendations: Some(found.recommendations.len()),
                causes_of_concern: Some(found.causes_of_concern.len()),
                areas_for_improvement: Some(found.areas_for_improvement.len()),
            },
            checked_by_hand: false,
        }),
    };
    let answers = found
        .recommendations
        .iter()
        .map(|r| &r.id)
        .chain(found.areas_for_improvement.iter().map(|a| &a.id))
        .map(|id| Answer {
            items: vec![id.clone()],
            ..Answer::default()
        })
        .collect();
    let body = office.is_none().then(|| Body {
        name: "[insert the body's name, for example Office of the Police and Crime Commissioner for ...]".to_string(),
        signatory: "[insert the name of who signs the letter]".to_string(),
        title: "[insert the signatory's title, for example Police and Crime Commissioner for ...]".to_string(),
        ..Body::default()
    });
    let stubs = Letter {
        reference: Some("[insert our reference]".to_string()),
        subject: Some(
            "[insert the letter's subject, for example Response to the HMICFRS report ...]"
                .to_string(),
        ),
        ..Letter::default()
    };
    let letter = if office.is_none() {
        Letter {
            to: Some(vec![
                Recipient {
                    name: "the Secretary of State for the Home Department".to_string(),
                    role: Some("Home Secretary".to_string()),
                    address: Vec::new(),
                },
                Recipient {
                    name: "HMICFRS".to_string(),
                    role: Some(
                        "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"
                            .to_string(),
                    ),
                    address: Vec::new(),
                },
            ]),
            ..stubs
        }
    } else {
        stubs
    };
    let force = (found.forces.len() == 1).then(|| found.forces[0].clone());
    ResponseFile {
        s55: FORMAT_VERSION,
        layout: "letter".to_string(),
        report: Some(report),
        report_file: None,
        office,
        body,
        chief_officer: ChiefOfficer {
            force,
            title: "Chief Constable".to_string(),
            invited_note: Some(INVITED_STUB.to_string()),
            comments: Some(
                "[insert the chief officer's comments on the report, as they sent them]".to_string(),
            ),
            ..ChiefOfficer::default()
        },
        comments: Comments {
            overview: Some(
                "[insert the body's comments on the report as a whole: the opening paragraphs of the letter]"
                    .to_string(),
            ),
            answers,
            on_chief_officer_comments: Some(
                "[insert the body's response to the chief officer's comments (section 55(5)(c))]"
                    .to_string(),
            ),
            ..Comments::default()
        },
        letter,
    }
}

/// The invitation stub: the date goes in `invited:`, which cannot hold a placeholder.
/// What `s55 new` writes as `invited_note:` until the day of the invitation is known.
pub const INVITED_STUB: &str = "[insert the day you invited the chief officer to comment as invited: YYYY-MM-DD, then remove this line]";

/// Lines `s55 new` adds, commented out, for fields that hold dates (which cannot hold a
/// placeholder) or that are filled in only at the end: (the line they follow, the lines).
fn commented_stubs(line: &str, indent: &str) -> Vec<String> {
    match line.trim() {
        "report:" => vec![format!(
            "{indent}  # url: [insert the address of the report on the HMICFRS website]"
        )],
        "letter:" => [
            "  # The date on the letter (YYYY-MM-DD): required before it is published.",
            "  # date: YYYY-MM-DD",
            "  # When it is on the website, and when copies went to HMICFRS and the Home Secretary",
            "  # (section 55(6)):",
            "  # published:",
            "  #   on: YYYY-MM-DD",
            "  #   at: https://...",
            "  # sent:",
            "  #   hmicfrs: YYYY-MM-DD",
            "  #   home_secretary: YYYY-MM-DD",
        ]
        .iter()
        .map(|l| format!("{indent}{l}"))
        .collect(),
        _ => Vec::new(),
    }
}

/// `key: '[insert ...]'` as a `|` block, ready to write several lines into.
fn as_block(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (key, value) = trimmed.split_once(": ")?;
    let value = value.trim();
    let unquoted = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .map(|v| v.replace("''", "'"))
        .or_else(|| {
            value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(|v| v.replace("\\\"", "\""))
        })
        .unwrap_or_else(|| value.to_string());
    if !unquoted.starts_with("[insert") || key.starts_with("- ") {
        return None;
    }
    let long = matches!(
        key,
        "overview" | "comments" | "on_chief_officer_comments" | "closing"
    );
    if !long {
        return None;
    }
    Some(format!("{indent}{key}: |\n{indent}  {unquoted}"))
}

/// The file's text: the editor's schema line, the deadline, what was found, then the YAML.
pub fn file_text(
    file: &ResponseFile,
    found: &Extracted,
    report: &Path,
    published: NaiveDate,
    schema: &str,
) -> String {
    let mut out = format!("# yaml-language-server: $schema={schema}\n");
    out.push_str(&format!(
        "# Report published {}.\n",
        day_in_words(published)
    ));
    match law::last_day(published) {
        Some(last) => {
            out.push_str(&format!(
                "# Last day to publish the comments: {} ({}).\n",
                day_in_words(last),
                law::DEADLINE_RULE
            ));
            if let Some(why) = law::non_working_day(last) {
                out.push_str(&format!(
                    "# That day is {why}; the law does not move it, so publish on an earlier working day.\n"
                ));
            }
        }
        None => out.push_str(
            "# No statutory deadline: the report was published before 2 May 2017, when s.55(5A) and (5B) came into force.\n",
        ),
    }
    let report_name = report
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    out.push_str(&format!(
        "# Drafted by `s55 new` from {report_name}: {}, {}, {}.\n",
        count(
            found.recommendations.len(),
            "recommendation",
            "recommendations"
        ),
        count(
            found.causes_of_concern.len(),
            "cause of concern",
            "causes of concern"
        ),
        count(
            found.areas_for_improvement.len(),
            "area for improvement",
            "areas for improvement"
        ),
    ));
    for w in &found.warnings {
        out.push_str(&format!("# WARNING: {w}.\n"));
    }
    out.push_str(
        "# Compare the items under `report:` with the report itself, then write every answer.\n",
    );
    out.push_str("# `s55 check` lists what is still to do.\n");

    let yaml =
        literal_blocks(&serde_saphyr::to_string(file).expect("a response file always serialises"));
    let guide = [
        "# One answer per recommendation (section 55(5B) requires each to be explained) and per area",
        "# for improvement. Under each `items:` add:",
        "#   position: action-taken, action-proposed or no-action",
        "#   comment: what has been done or will be done (for action-taken and action-proposed)",
        "#   reason: why no action will be taken (for no-action)",
        "#   chief_officer: the chief officer's comments on it, if any",
        "#   owner: who leads the action, and due: its date (YYYY-MM-DD)",
        "# Items answered together go in one answer: `items: [R4, R5]`.",
    ];
    let mut lines: Vec<String> = Vec::new();
    let mut yaml_lines = yaml.lines().peekable();
    while let Some(line) = yaml_lines.next() {
        if line == "comments:" {
            lines.extend(guide.iter().map(|g| g.to_string()));
        }
        // `- items:` followed by a single `- R1` reads better as `- items: [R1]`.
        let trimmed = line.trim_start();
        if trimmed == "- items:" {
            if let Some(next) = yaml_lines.peek() {
                let id = next.trim_start().strip_prefix("- ").map(str::to_string);
                let single = id
                    .as_ref()
                    .is_some_and(|id| !id.contains([':', '[', ']', ',', '#']));
                if single {
                    let indent = &line[..line.len() - trimmed.len()];
                    lines.push(format!("{indent}- items: [{}]", id.unwrap_or_default()));
                    // Each answer stub: its position and comment, ready to fill.
                    lines.push(format!(
                        "{indent}  position: # action-taken, action-proposed or no-action"
                    ));
                    lines.push(format!("{indent}  comment: |"));
                    lines.push(format!(
                        "{indent}    [insert what has been done or will be done; for no-action, the reason]"
                    ));
                    yaml_lines.next();
                    continue;
                }
            }
        }
        // `sent: {}` would clash with the commented `sent:` stub the officer is told to fill in.
        if trimmed == "sent: {}" {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        match as_block(line) {
            Some(block) => lines.push(block),
            None => lines.push(line.to_string()),
        }
        lines.extend(commented_stubs(line, indent));
    }
    out.push_str(&lines.join("\n"));
    out.push('\n');
    out
}

/// Rewrites the serialiser's folded (`>-`) texts as `|-` blocks with the same lines, so that an
/// officer who adds paragraphs or a list to a text keeps them (a folded text would join them into
/// one line). The lines were wrapped at spaces, and a line break inside a paragraph reads as a space
/// in the letter; a line that would start like a list item or heading is joined to the one before.
pub fn literal_blocks(yaml: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(head) = line.strip_suffix(">-") else {
            out.push(line.to_string());
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let mut body: Vec<String> = Vec::new();
        while let Some(next) = lines.peek() {
            let own = next.len() - next.trim_start().len();
            if next.trim().is_empty() || own <= indent {
                break;
            }
            let text = next.to_string();
            lines.next();
            let starts_like_markup = {
                let t = text.trim_start();
                crate::load::format::looks_like_list_item(t)
                    || t.starts_with(['#', '>', '+', '|', '='])
            };
            match body.last_mut() {
                Some(last) if starts_like_markup => {
                    last.push(' ');
                    last.push_str(text.trim_start());
                }
                _ => body.push(text),
            }
        }
        out.push(format!("{head}|-"));
        out.extend(body);
    }
    let mut text = out.join("\n");
    if yaml.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `s55 new` says at once (on stderr) when the last day to publish has already passed: how
/// late the response is, and that the law still requires publication as soon as possible.
pub fn late_warning(d: &Drafted, today: NaiveDate) -> Option<String> {
    let last = d.last_day?;
    let late = (today - last).num_days();
    (late > 0).then(|| {
        format!(
            "warning: the last day to publish comments on this report was {} ({}): this response is already {} late. The law still requires it to be published as soon as possible.",
            day_in_words(last),
            law::DEADLINE_RULE,
            if late == 1 { "1 day".to_string() } else { format!("{late} days") }
        )
    })
}

/// What `s55 new` prints once the file is written.
pub fn summary(d: &Drafted) -> String {
    let mut out = format!("wrote {}\n", d.path.display());
    out.push_str(&format!(
        "  found {}, {} and {}\n",
        count(
            d.found.recommendations.len(),
            "recommendation",
            "recommendations"
        ),
        count(
            d.found.causes_of_concern.len(),
            "cause of concern",
            "causes of concern"
        ),
        count(
            d.found.areas_for_improvement.len(),
            "area for improvement",
            "areas for improvement"
        )
    ));
    match d.last_day {
        Some(last) => out.push_str(&format!(
            "  last day to publish the comments: {} ({})\n",
            day_in_words(last),
            law::DEADLINE_RULE
        )),
        None => {
            out.push_str("  no statutory deadline: the report was published before 2 May 2017\n")
        }
    }
    for n in &d.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out.push_str(&format!(
        "next: compare the items with the report, write the answers, and run `s55 check {}`\n",
        d.path.display()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_at_a_word_and_never_end_in_a_stub() {
        // The officer's trial gave "...-and-legitimacy-an".
        assert_eq!(
            short_slug(
                "PEEL 2025: Police effectiveness, efficiency and legitimacy – An inspection of Westmarch Police",
                60
            ),
            "peel-2025-police-effectiveness-efficiency-and-legitimacy"
        );
        assert_eq!(
            short_slug("An inspection of Southvale Police's response to", 60),
            "an-inspection-of-southvale-police-response"
        );
    }

    #[test]
    fn relative_paths_climb_out_of_the_responses_folder() {
        assert_eq!(
            relative_to(
                Path::new("office/office.yaml"),
                Path::new("office/responses")
            ),
            "../office.yaml"
        );
        assert_eq!(
            relative_to(
                Path::new("responses/s55.schema.json"),
                Path::new("responses")
            ),
            "s55.schema.json"
        );
    }
}
