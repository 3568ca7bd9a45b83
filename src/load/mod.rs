//! Reads response, report and office files into the model. Nothing else in s55 reads YAML: every
//! failure here becomes a located [`Diagnostic`] in plain English, and every value keeps the place it
//! was written, so that findings point at the right file, line and column.
//!
//! Reading a file goes in three steps: the YAML is parsed into a tree that remembers places
//! ([`crate::yaml`]; syntax errors are translated by `syntax`), the tree is checked against the
//! file format so that every wrong key and value is reported at once ([`format`](mod@format)), and only then is
//! it read into the typed model (`fallback` explains anything the format check missed).

mod fallback;
pub mod format;
mod syntax;

use crate::diagnostic::{Diagnostic, Location};
use crate::model::{
    Body, ChiefOfficer, Comments, FORMAT_VERSION, Letter, OfficeFile, Report, ReportFile,
    ResponseFile,
};
use crate::path;
use crate::yaml::{Pos, Step, Tree};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file s55 read: its name, its text and its YAML tree with places.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file's name, as the user gave it.
    pub path: PathBuf,
    /// The file's whole text.
    pub text: String,
    /// The file's YAML, with the place of every key and value.
    pub tree: Tree,
    /// Where each line starts and ends in `text` (bytes), for finding lines without searching.
    lines: Vec<(usize, usize)>,
}

/// A place in one of the files a response is made from: where a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file the place is in.
    pub file: PathBuf,
    /// The line and column, with the line's text for showing it.
    pub location: Location,
}

impl Source {
    /// Where a value is written in this file (see [`crate::yaml::Node::place`]): the key of the
    /// last step of `path`, or the deepest part of the path the file has.
    pub fn place(&self, path: &[Step]) -> Place {
        self.place_at(self.tree.place(path))
    }

    /// Where the value at `path` is written (rather than its key).
    pub fn place_value(&self, path: &[Step]) -> Place {
        self.place_at(self.tree.place_value(path))
    }

    /// The text of line `n` (from 1), without its line ending.
    pub fn line(&self, n: usize) -> &str {
        self.lines
            .get(n.wrapping_sub(1))
            .map(|&(a, b)| self.text[a..b].trim_end_matches('\r'))
            .unwrap_or("")
    }

    /// The place at a line and column of this file, with the line's text and how much to underline.
    pub fn place_at(&self, at: Pos) -> Place {
        let line = self.line(at.line);
        let width = line
            .chars()
            .skip(at.column.saturating_sub(1))
            .take_while(|c| !matches!(c, ':' | ',' | ']' | '}' | '#'))
            .count()
            .clamp(1, 60);
        let width = width.min(
            line.trim_end()
                .chars()
                .count()
                .saturating_sub(at.column - 1)
                .max(1),
        );
        Place {
            file: self.path.clone(),
            location: Location {
                line: at.line.max(1),
                column: at.column.max(1),
                width: width.max(1),
                text: line.to_string(),
            },
        }
    }
}

/// What kind of problem a [`TextWarning`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRule {
    /// ` #` in one-line text: the words after it are dropped.
    CutByComment,
    /// A list or paragraphs in folded text: joined into one line.
    RunTogether,
    /// A character that cannot be seen.
    InvisibleCharacter,
    /// Text wrapped in curly quotes, which are printed.
    CurlyQuotesKept,
    /// A `key:` indented into the text above it, so it is printed as text.
    KeyInsideText,
    /// Words starting with `&` or `!` that YAML takes as a label and leaves out.
    DroppedSymbol,
    /// A text that is only "yes" or "no", probably not meant as the words to print.
    YesNoAsText,
}

/// Text that would not reach the letter as the officer wrote it, found while reading the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextWarning {
    /// Which kind of problem this is.
    pub rule: TextRule,
    /// Where the text starts.
    pub at: Pos,
    /// How many characters to underline.
    pub width: usize,
    /// What happens to the text, in plain English.
    pub message: String,
    /// How to write it so that it reaches the letter.
    pub hint: String,
}

/// A text warning with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedTextWarning {
    /// The warning itself.
    pub warning: TextWarning,
    /// The file, line and column it points at.
    pub place: Place,
}

/// A response with its report and office details gathered in: everything the checks and the
/// templates need.
#[derive(Debug, Clone)]
pub struct Response {
    /// The response file, as named by the user.
    pub path: PathBuf,
    /// The files this response was read from, with places.
    pub files: Files,
    /// Text that would not reach the letter as written, in any of the files.
    pub text_warnings: Vec<LocatedTextWarning>,
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

/// The files a response is made from.
#[derive(Debug, Clone)]
pub struct Files {
    /// The response file itself.
    pub response: Source,
    /// The shared report file, when `report_file:` names one.
    pub report: Option<Source>,
    /// The office file, when `office:` names one.
    pub office: Option<Source>,
}

fn prefixed<'a>(first: &'a str, path: &[Step<'a>]) -> Vec<Step<'a>> {
    let mut p = vec![Step::Key(first)];
    p.extend_from_slice(path);
    p
}

impl Response {
    /// Where something in the response file is written.
    pub fn at(&self, path: &[Step]) -> Place {
        self.files.response.place(path)
    }

    /// Where something under `report:` is written: in the shared report file when there is one.
    pub fn at_report(&self, path: &[Step]) -> Place {
        let full = prefixed("report", path);
        match &self.files.report {
            Some(report) => report.place(&full),
            None => self.files.response.place(&full),
        }
    }

    /// Where the value of something under `report:` is written (an item's id rather than `id:`).
    pub fn at_report_value(&self, path: &[Step]) -> Place {
        let full = prefixed("report", path);
        match &self.files.report {
            Some(report) => report.place_value(&full),
            None => self.files.response.place_value(&full),
        }
    }

    /// Where something under `body:` is written: in the office file unless the response has its own.
    pub fn at_body(&self, path: &[Step]) -> Place {
        let full = prefixed("body", path);
        match &self.files.office {
            Some(office) if self.files.response.tree.get(&path!["body"]).is_none() => {
                office.place(&full)
            }
            _ => self.files.response.place(&full),
        }
    }

    /// Where a key under `letter:` is written: in the response, or in the office file's `letter:`
    /// defaults when the response leaves it out and the office gives it.
    pub fn at_letter(&self, path: &[Step]) -> Place {
        let full = prefixed("letter", path);
        let here = &self.files.response;
        if here.tree.get(&full[..2.min(full.len())]).is_none() {
            if let Some(office) = &self.files.office {
                if office.tree.get(&full[..2.min(full.len())]).is_some() {
                    return office.place(&full);
                }
            }
        }
        here.place(&full)
    }

    /// The first place where `needle` is written in any of the files the response is made from
    /// (the response, then its report file, then its office file): for pointing at a character or
    /// a file name that only shows up when the letter is made.
    pub fn find_text(&self, needle: &str) -> Option<Place> {
        let files = [
            Some(&self.files.response),
            self.files.report.as_ref(),
            self.files.office.as_ref(),
        ];
        files.into_iter().flatten().find_map(|source| {
            let at = source.text.find(needle)?;
            let line = source.text[..at].matches('\n').count() + 1;
            let line_start = source.text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let column = source.text[line_start..at].chars().count() + 1;
            let mut place = source.place_at(Pos { line, column });
            place.location.width = needle.chars().count().max(1);
            Some(place)
        })
    }
}

/// The format of a kind of file, as a JSON Schema built from the model once.
fn schema_of<T: JsonSchema>(
    cell: &'static OnceLock<serde_json::Value>,
) -> &'static serde_json::Value {
    cell.get_or_init(|| {
        schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value()
    })
}

/// Reads one file of the given kind: parse with places, check against the format (every problem
/// at once), then read into the model.
fn read_file<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    schema: &'static OnceLock<serde_json::Value>,
    warnings: &mut Vec<LocatedTextWarning>,
) -> Result<(T, Source), Diagnostic> {
    let text = read(path)?;
    from_text(path, text, schema, warnings)
}

/// Reads one file's text, already in memory, as [`read_file`] does.
fn from_text<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    text: String,
    schema: &'static OnceLock<serde_json::Value>,
    warnings: &mut Vec<LocatedTextWarning>,
) -> Result<(T, Source), Diagnostic> {
    let (value, source, texts) = parse_source::<T>(path, text, schema_of::<T>(schema))?;
    for w in texts {
        let mut place = source.place_at(w.at);
        place.location.width = w.width.max(1);
        warnings.push(LocatedTextWarning { warning: w, place });
    }
    Ok((value, source))
}

fn parse_source<T: DeserializeOwned>(
    path: &Path,
    text: String,
    schema: &serde_json::Value,
) -> Result<(T, Source, Vec<TextWarning>), Diagnostic> {
    let tree = crate::yaml::parse(&text).map_err(|e| syntax::explain(path, &text, &e, schema))?;
    let checked = format::check(path, &text, &tree, schema);
    let texts = checked.texts;
    let mut problems = checked.problems.into_iter();
    if let Some(mut first) = problems.next() {
        first.also = problems.collect();
        return Err(first);
    }
    if tree.root.is_none() {
        return Err(Diagnostic::at(path, Location::in_source(&text, 1, 1, 1), "this file is empty")
            .with_hint("a response file starts with `s55: 1` and then `report:`, `body:`, `comments:` and `letter:` sections; `s55 new` writes one for you"));
    }
    let value = fallback::parse::<T>(path, &text)?;
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
        }
    }
    if start < text.len() {
        lines.push((start, text.len()));
    }
    Ok((
        value,
        Source {
            path: path.to_path_buf(),
            text,
            tree,
            lines,
        },
        texts,
    ))
}

/// Reads YAML text into `T` through the same steps as files (for built-in files and tests).
pub fn parse<T: DeserializeOwned + JsonSchema>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    parse_source::<T>(path, source.to_string(), &schema).map(|(v, _, _)| v)
}

/// Something a file has in it: its `s55:` version.
trait Versioned {
    fn version(&self) -> u32;
}

impl Versioned for ReportFile {
    fn version(&self) -> u32 {
        self.s55
    }
}

impl Versioned for OfficeFile {
    fn version(&self) -> u32 {
        self.s55
    }
}

/// Reads a shared file that a response names with `key: rel`; when it cannot be found, says where
/// the name is read from.
fn read_named<T: DeserializeOwned + JsonSchema + Versioned>(
    response: &Path,
    key: &str,
    rel: &str,
    path: &Path,
    schema: &'static OnceLock<serde_json::Value>,
    warnings: &mut Vec<LocatedTextWarning>,
) -> Result<(T, Source), Diagnostic> {
    let (value, source): (T, Source) = read_file(path, schema, warnings).map_err(|d| {
        if d.location.is_none() {
            d.with_hint(format!(
                "`{key}: {rel}` in {} is read relative to that file's folder",
                response.display()
            ))
        } else {
            d
        }
    })?;
    check_version(&source, value.version())?;
    Ok((value, source))
}

static RESPONSE_SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
static REPORT_SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
static OFFICE_SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();

/// Reads a response file, with its report file and office file if it names them.
pub fn response(path: &Path) -> Result<Response, Diagnostic> {
    response_from_text(path, read(path)?)
}

/// Reads a response whose text is already in memory (a form in the workspace, a fuzz target), as
/// if it were the file at `path`: shared files it names are read relative to that path.
pub fn response_from_text(path: &Path, text: String) -> Result<Response, Diagnostic> {
    let mut warnings = Vec::new();
    let (file, source): (ResponseFile, Source) =
        from_text(path, text, &RESPONSE_SCHEMA, &mut warnings)?;
    check_version(&source, file.s55)?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();

    let (report, report_path, report_source) = match (file.report, &file.report_file) {
        (Some(_), Some(_)) => {
            return Err(at_key(&source, "report_file",
                "this response has both `report` and `report_file`")
                .with_hint("keep one: write the report here under `report`, or point at a shared report file with `report_file`"));
        }
        (Some(report), None) => (report, None, None),
        (None, Some(rel)) => {
            let report_path = join_relative(&dir, rel);
            let (shared, report_source): (ReportFile, Source) = read_named(
                path,
                "report_file",
                rel,
                &report_path,
                &REPORT_SCHEMA,
                &mut warnings,
            )?;
            (shared.report, Some(report_path), Some(report_source))
        }
        (None, None) => {
            return Err(Diagnostic::at(path, Location::in_source(&source.text, 1, 1, 1),
                "this response does not say which HMICFRS report it answers")
                .with_hint("add a `report:` section (title, kind, published, recommendations), or `report_file:` naming a shared report file"));
        }
    };

    let mut letter = file.letter;
    let mut office_source = None;
    let (body, body_dir) = match (file.body, &file.office) {
        (Some(body), None) => (body, dir.clone()),
        (inline, Some(rel)) => {
            let office_path = join_relative(&dir, rel);
            let (office, office_src): (OfficeFile, Source) = read_named(
                path,
                "office",
                rel,
                &office_path,
                &OFFICE_SCHEMA,
                &mut warnings,
            )?;
            office_source = Some(office_src);
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
        (None, None) => {
            return Err(Diagnostic::at(path, Location::in_source(&source.text, 1, 1, 1),
                "this response does not name the local policing body that is responding")
                .with_hint("add a `body:` section (name, signatory, title), or `office:` naming the office's shared details file"));
        }
    };

    Ok(Response {
        path: path.to_path_buf(),
        files: Files {
            response: source,
            report: report_source,
            office: office_source,
        },
        text_warnings: warnings,
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

/// A path written relative to a file's folder, with `..` taken off the folder where it can be, so
/// that messages say `office.yaml` rather than `responses/../office.yaml`.
fn join_relative(dir: &Path, rel: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    for part in Path::new(rel).components() {
        use std::path::Component as C;
        match part {
            C::ParentDir if matches!(out.components().next_back(), Some(C::Normal(_))) => {
                out.pop();
            }
            C::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
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
    // Read within the same limits as any file (a FIFO or a huge file is never read here).
    use crate::site::files;
    let Ok(text) = files::read_limited(path, files::YAML_LIMIT).map(String::from_utf8) else {
        // Unreadable files are kept so that reading them reports the problem.
        return true;
    };
    let Ok(text) = text else {
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
    use crate::site::files::{self, ReadError};
    match files::read_limited(path, files::YAML_LIMIT) {
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
        Err(e @ ReadError::NotFound) => {
            Err(Diagnostic::file(path, e.message("file")).with_hint("check the file name and folder"))
        }
        Err(e @ ReadError::Folder) => Err(Diagnostic::file(path, e.message("file"))
            .with_hint("name the YAML file itself, not the folder it is in")),
        Err(e @ ReadError::NotAFile) => Err(Diagnostic::file(path, e.message("YAML file"))
            .with_hint("name an ordinary YAML file saved on disk")),
        Err(e @ ReadError::TooLarge { .. }) => Err(Diagnostic::file(path, e.message("YAML file"))
            .with_hint("check that this is the right file: a response, report or office file is a few hundred KB at most")),
        Err(e @ ReadError::Io(_)) => Err(Diagnostic::file(path, e.message("file"))),
    }
}

fn check_version(source: &Source, version: u32) -> Result<(), Diagnostic> {
    if version == FORMAT_VERSION {
        return Ok(());
    }
    Err(at_key(source, "s55", format!("this file is written in format version {version}, but this s55 reads version {FORMAT_VERSION}"))
        .with_hint(format!("write `s55: {FORMAT_VERSION}`, or use the version of s55 the file was written for")))
}

/// A diagnostic pointing at a top-level `key:` of a file.
fn at_key(source: &Source, key: &str, message: impl Into<String>) -> Diagnostic {
    let place = source.place(&[Step::Key(key)]);
    Diagnostic::at(&source.path, place.location, message)
}
