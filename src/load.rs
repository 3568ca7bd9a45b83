//! Reads response, report and office files into the model. Nothing else in s55 reads YAML: every
//! failure here becomes one located [`Diagnostic`] in plain English.

use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::model::{
    Body, ChiefOfficer, Comments, FORMAT_VERSION, Letter, OfficeFile, Report, ReportFile,
    ResponseFile,
};
use serde::de::DeserializeOwned;
use serde_saphyr::{MessageFormatter, UserMessageFormatter};
use std::path::{Path, PathBuf};

/// A response with its report and office details gathered in: everything the checks and the
/// templates need.
#[derive(Debug, Clone)]
pub struct Response {
    /// The response file, as named by the user.
    pub path: PathBuf,
    /// The response file's text, kept to point at lines in findings.
    pub source: String,
    /// The layout (template name) the letter uses.
    pub layout: String,
    /// The report being answered.
    pub report: Report,
    /// The separate report file, when the report came from one.
    pub report_path: Option<PathBuf>,
    /// The local policing body.
    pub body: Body,
    /// The folder that image paths in `body` are relative to.
    pub body_dir: PathBuf,
    /// The chief officer and their comments.
    pub chief_officer: ChiefOfficer,
    /// The body's comments.
    pub comments: Comments,
    /// The letter.
    pub letter: Letter,
}

impl Response {
    /// The first line (from 1) of the response file that contains every fragment, for pointing
    /// findings at the right place.
    pub fn line_containing(&self, fragments: &[&str]) -> Option<usize> {
        self.source
            .lines()
            .position(|line| fragments.iter().all(|f| line.contains(f)))
            .map(|i| i + 1)
    }

    /// The line where an item's `id:` is written, in the response file.
    pub fn line_of_id(&self, id: &str) -> Option<usize> {
        self.source
            .lines()
            .position(|line| {
                let t = line.trim_start().trim_start_matches("- ").trim_start();
                t.strip_prefix("id:")
                    .map(|v| v.trim().trim_matches(['"', '\'']) == id)
                    .unwrap_or(false)
            })
            .map(|i| i + 1)
    }
}

/// Reads a response file, with its report file and office file if it names them.
pub fn response(path: &Path) -> Result<Response, Diagnostic> {
    let source = read(path)?;
    let file: ResponseFile = parse(path, &source)?;
    check_version(path, &source, file.s55)?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();

    let (report, report_path) = match (file.report, &file.report_file) {
        (Some(_), Some(_)) => {
            return Err(at_key(path, &source, "report_file",
                "this response has both `report` and `report_file`")
                .with_hint("keep one: write the report here under `report`, or point at a shared report file with `report_file`"));
        }
        (Some(report), None) => (report, None),
        (None, Some(rel)) => {
            let report_path = dir.join(rel);
            let text = read(&report_path).map_err(|d| {
                d.with_hint(format!(
                    "`report_file: {rel}` in {} is read relative to that file's folder",
                    path.display()
                ))
            })?;
            let shared: ReportFile = parse(&report_path, &text)?;
            check_version(&report_path, &text, shared.s55)?;
            (shared.report, Some(report_path))
        }
        (None, None) => {
            return Err(Diagnostic::at(path, Location::in_source(&source, 1, 1, 1),
                "this response does not say which HMICFRS report it answers")
                .with_hint("add a `report:` section (title, kind, published, recommendations), or `report_file:` naming a shared report file"));
        }
    };

    let mut letter = file.letter;
    let (body, body_dir) = match (file.body, &file.office) {
        (Some(body), _) if file.office.is_none() => (body, dir.clone()),
        (inline, Some(rel)) => {
            let office_path = dir.join(rel);
            let text = read(&office_path).map_err(|d| {
                d.with_hint(format!(
                    "`office: {rel}` in {} is read relative to that file's folder",
                    path.display()
                ))
            })?;
            let office: OfficeFile = parse(&office_path, &text)?;
            check_version(&office_path, &text, office.s55)?;
            let defaults = office.letter;
            letter.to = letter.to.or(defaults.to);
            letter.copies = letter.copies.or(defaults.copies);
            letter.salutation = letter.salutation.or(defaults.salutation);
            letter.closing = letter.closing.or(defaults.closing);
            match inline {
                Some(body) => (body, dir.clone()),
                None => (
                    office.body,
                    office_path.parent().unwrap_or(Path::new("")).to_path_buf(),
                ),
            }
        }
        (None, None) | (Some(_), None) => {
            return Err(Diagnostic::at(path, Location::in_source(&source, 1, 1, 1),
                "this response does not name the local policing body that is responding")
                .with_hint("add a `body:` section (name, signatory, title), or `office:` naming the office's shared details file"));
        }
    };

    Ok(Response {
        path: path.to_path_buf(),
        source,
        layout: file.layout,
        report,
        report_path,
        body,
        body_dir,
        chief_officer: file.chief_officer,
        comments: file.comments,
        letter,
    })
}

/// Every response file under the given files and folders, in a stable order. Folders are walked
/// recursively for `.yaml` and `.yml` files, skipping report files, office files and `templates/`.
pub fn response_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            return Err(
                Diagnostic::file(path, "there is no file or folder here").with_hint(
                    "check the spelling of the path; `s55 check` with no path reads `responses/`",
                ),
            );
        }
        let mut here = Vec::new();
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || (name != "templates" && !name.starts_with('.'))
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                Diagnostic::file(
                    e.path().unwrap_or(path),
                    format!("this folder could not be read: {e}"),
                )
            })?;
            let p = entry.path();
            let is_yaml = matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
            if entry.file_type().is_file() && is_yaml && is_response_file(p) {
                here.push(p.to_path_buf());
            }
        }
        found.extend(here);
    }
    Ok(found)
}

/// Whether a YAML file is a response rather than a shared report file (only `s55` and `report`) or
/// an office file (only `s55`, `body` and `letter`), judged by its top-level keys.
fn is_response_file(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable files are kept so that reading them reports the problem.
        return true;
    };
    let top: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']) && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .collect();
    let only = |allowed: &[&str]| top.iter().all(|k| allowed.contains(k));
    let report_file = top.contains(&"report") && only(&["s55", "report"]);
    let office_file = top.contains(&"body") && only(&["s55", "body", "letter"]);
    !(report_file || office_file)
}

fn read(path: &Path) -> Result<String, Diagnostic> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(upto);
            let line = text.matches('\n').count() + 1;
            let column = text
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count() + 1)
                .unwrap_or(1);
            Diagnostic::at(
                path,
                Location {
                    line,
                    column,
                    width: 1,
                    text: text.rsplit('\n').next().unwrap_or("").to_string(),
                },
                "this file is not UTF-8 text",
            )
            .with_hint("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(Diagnostic::file(path, "this file does not exist")
                .with_hint("check the file name and folder"))
        }
        Err(e) if path.is_dir() => Err(Diagnostic::file(
            path,
            format!("this is a folder, not a file ({e})"),
        )),
        Err(e) => Err(Diagnostic::file(
            path,
            format!("this file could not be read: {e}"),
        )),
    }
}

fn check_version(path: &Path, source: &str, version: u32) -> Result<(), Diagnostic> {
    if version == FORMAT_VERSION {
        return Ok(());
    }
    Err(at_key(path, source, "s55", format!("this file is written in format version {version}, but this s55 reads version {FORMAT_VERSION}"))
        .with_hint(format!("write `s55: {FORMAT_VERSION}`, or use the version of s55 the file was written for")))
}

/// A diagnostic pointing at the first top-level `key:` of a file.
fn at_key(path: &Path, source: &str, key: &str, message: impl Into<String>) -> Diagnostic {
    let prefix = format!("{key}:");
    let line = source
        .lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
        .unwrap_or(1);
    Diagnostic::at(
        path,
        Location::in_source(source, line, 1, key.len()),
        message,
    )
}

/// Parses YAML into `T`, turning any failure into a located plain-English diagnostic.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(source).map_err(|err| explain(path, source, &err))
}

fn explain(path: &Path, source: &str, err: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let inner = err.without_snippet();
    let (line, column) = inner
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    let place = |width: usize| Location::in_source(source, line, column, width);
    let section = section_at(source, line, column);
    let within = if section.is_empty() {
        "at the top of the file".to_string()
    } else {
        format!("in `{section}`")
    };

    match inner {
        E::SerdeUnknownField { field, expected, .. } => {
            let allowed = expected.join(", ");
            let hint = match did_you_mean(field, expected) {
                Some(s) => format!("did you mean `{s}`? The keys allowed here are: {allowed}"),
                None => format!("the keys allowed here are: {allowed}"),
            };
            Diagnostic::at(path, place(field.chars().count()), format!("unknown key `{field}` {within}"))
                .with_hint(hint)
        }
        E::SerdeMissingField { field, .. } => {
            let (line, column) = section_line(source, line, column);
            let place = |width: usize| Location::in_source(source, line, column, width);
            let hint = match *field {
                "published" => "add `published: YYYY-MM-DD`, the day HMICFRS published the report; the 56 days run from it".to_string(),
                "s55" => format!("add `s55: {FORMAT_VERSION}` as the first line, to say which version of the file format this is"),
                "items" => "add `items: [R1]` listing the ids of the recommendations this answer covers".to_string(),
                f => format!("add `{f}:` {within}"),
            };
            let width = source.lines().nth(line - 1).map(|l| l.trim().trim_end_matches(':').chars().count()).unwrap_or(1);
            let from = if section.is_empty() { "from the top of the file".to_string() } else { format!("from `{section}`") };
            Diagnostic::at(path, place(width), format!("`{field}` is missing {from}")).with_hint(hint)
        }
        E::SerdeUnknownVariant { variant, expected, .. } => {
            let allowed = expected.join(", ");
            let hint = match did_you_mean(variant, expected) {
                Some(s) => format!("did you mean `{s}`? Write one of: {allowed}"),
                None => format!("write one of: {allowed}"),
            };
            Diagnostic::at(path, place(variant.chars().count()), format!("`{variant}` is not an allowed value {within}"))
                .with_hint(hint)
        }
        E::SerdeInvalidType { unexpected, expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found {}", plain_type(expected), plain_type(unexpected)))
                .with_hint(type_hint(expected))
        }
        E::SerdeInvalidValue { unexpected, expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found {}", plain_type(expected), plain_type(unexpected)))
                .with_hint(type_hint(expected))
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            Diagnostic::at(path, place(key.chars().count()), format!("`{key}` is written twice {within}"))
                .with_hint("keep one of them: YAML does not allow the same key twice in one section")
        }
        E::Message { msg, .. } if msg.contains("YYYY-MM-DD") || msg.contains("not a real date") || msg.contains("no month") => {
            let width = source.lines().nth(line - 1).map(|l| l.chars().skip(column - 1).count()).unwrap_or(1);
            Diagnostic::at(path, place(width), format!("{msg} {within}"))
                .with_hint("write dates as YYYY-MM-DD, for example `published: 2020-02-27`")
        }
        E::Unexpected { expected, .. } => {
            Diagnostic::at(path, place(1), format!("expected {} {within}, but found something else", plain_type(expected)))
                .with_hint(type_hint(expected))
        }
        E::Eof { .. } => Diagnostic::at(path, place(1), "the file is empty or ends too early")
            .with_hint("a response file starts with `s55: 1` and then `report:`, `body:`, `comments:` and `letter:` sections; see the README"),
        other => {
            let text = UserMessageFormatter.format_message(other).to_string();
            let hint = if text.contains("quoted") {
                "a text that starts with a quotation mark must end with the same mark; check the quotes on this line and the lines above it"
            } else if text.contains("tab") {
                "indent with spaces, not tabs"
            } else {
                "check the indentation (spaces, not tabs) and that every `key: value` has a space after the colon; text with `: ` or `#` in it needs quotes"
            };
            Diagnostic::at(path, place(1), format!("this is not valid YAML here: {text}")).with_hint(hint)
        }
    }
}

fn plain_type(t: &str) -> String {
    let t = t.trim();
    match t {
        "a string" | "string" => "text".into(),
        "a sequence" | "sequence" => "a list".into(),
        "a map" | "map" | "a mapping" | "mapping" => "a section of `key: value` lines".into(),
        "u32" | "an integer" | "integer" => "a whole number".into(),
        "a boolean" | "boolean" => "yes or no (true/false)".into(),
        _ if t.starts_with("struct ") => "a section of `key: value` lines".into(),
        _ if t.contains("sequence") => "a list".into(),
        _ if t.contains("mapping") => "a section of `key: value` lines".into(),
        _ if t.starts_with("string ") => format!("the text {}", &t[7..]),
        _ if t.starts_with("integer ") => format!("the number {}", &t[8..]),
        _ if t.starts_with("unit") || t == "null" => "nothing".into(),
        _ => t.into(),
    }
}

fn type_hint(expected: &str) -> String {
    if expected.contains("sequence") {
        "write a list, one entry per line starting with `- `, or in brackets: `[R1, R2]`".into()
    } else if expected.contains("struct") || expected.contains("map") {
        "write a section: the key on its own line, then indented `key: value` lines beneath it"
            .into()
    } else if expected.contains("date") {
        "write dates as YYYY-MM-DD, for example `2020-02-27`".into()
    } else if expected.contains("u32") || expected.contains("integer") {
        "write a whole number, for example `1`".into()
    } else {
        "write the value as text on the same line as its key; quote it if it contains `: ` or starts with a symbol".into()
    }
}

/// The line and column of the key that opens the section enclosing a position (for pointing at
/// `report:` when something is missing from it).
fn section_line(source: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = source.lines().collect();
    let indent = column.saturating_sub(1);
    for (i, l) in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .enumerate()
        .rev()
    {
        let trimmed = l.trim_start_matches([' ', '-']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = l.len() - trimmed.len();
        if own < indent && trimmed.contains(':') {
            return (i + 1, own + 1);
        }
    }
    (line, column)
}

/// The chain of keys enclosing a position, such as `report › recommendations`, found from indentation.
pub fn section_at(source: &str, line: usize, column: usize) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut path: Vec<String> = Vec::new();
    let mut indent = column.saturating_sub(1);
    if let Some(current) = lines.get(line.saturating_sub(1)) {
        let own = current.len() - current.trim_start_matches([' ', '-']).len();
        indent = indent.min(own);
    }
    for l in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
    {
        let trimmed = l.trim_start_matches([' ', '-']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = l.len() - trimmed.len();
        if own < indent {
            if let Some((key, _)) = trimmed.split_once(':') {
                if !key.contains(' ') || key.starts_with('"') {
                    path.push(key.trim_matches('"').to_string());
                }
            }
            indent = own;
            if own == 0 {
                break;
            }
        }
    }
    path.reverse();
    path.join(" › ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_found_from_indentation() {
        let src = "report:\n  title: x\n  recommendations:\n    - id: R1\n      txt: y\n";
        assert_eq!(section_at(src, 5, 7), "report › recommendations");
        assert_eq!(section_at(src, 2, 3), "report");
        assert_eq!(section_at(src, 1, 1), "");
    }
}
