//! `s55 import LETTER.docx`: a letter signed off in Word, read back into its response file. Prints
//! what changed, every tracked change with its author, Word's comments and any part that could
//! not be read, writes only the changed fields (atomically), then checks the file as `s55 check`.

use super::check::{CheckArgs, run as check};
use super::{OutputFormat, TemplatesArg, TodayArg, count, fail, out};
use clap::Args;
use s55::date::Date;
use s55::diagnostic::Diagnostic;
use s55::import::{self, Change, Import, Listed, short, word};
use s55::render::Letter;
use s55::site::{files, write_atomic};
use std::path::{Path, PathBuf};

/// Read a letter signed off in Word back into its response file.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Word letter (.docx), made by `s55 render --format docx` and edited in Word.
    pub file: PathBuf,
    /// The response file to write into. Default: the one the letter was made from, found beside
    /// the Word file, in responses/ or in this folder.
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// Change nothing while the letter has tracked changes not yet accepted or rejected in Word.
    #[arg(long)]
    pub refuse_pending_changes: bool,
    /// Print what would change, but do not write the file.
    #[arg(long)]
    pub dry_run: bool,
    /// The layout the Word letter was made with (letter, home-secretary, board-paper, ...).
    /// Default: the one the letter records, else the one the file names.
    #[arg(long)]
    pub template: Option<String>,
    #[command(flatten)]
    pub templates: TemplatesArg,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: ImportArgs) -> u8 {
    let docx = args.file.as_path();
    let bytes = match files::read_limited(docx, word::DOCX_LIMIT) {
        Ok(b) => b,
        Err(e) => return fail(&[Diagnostic::file(docx, e.message("Word file"))]),
    };
    let doc = match word::read(&bytes) {
        Ok(d) => d,
        Err(e) => {
            return fail(&[
                Diagnostic::file(docx, format!("s55 cannot read this file: {}", e.0))
                    .with_hint("save it from Word as a Word Document (.docx) and import that"),
            ]);
        }
    };
    let into = match args.into.clone() {
        Some(p) => p,
        None => match import::locate(docx, &doc) {
            Ok(p) => p,
            Err(d) => return fail(&[d]),
        },
    };
    let mut letter = match Letter::load(&into, &args.templates.folders, None, args.today.get()) {
        Ok(l) => l,
        Err(d) => return fail(&[d]),
    };
    letter.layout = args.template.clone().or_else(|| import::layout(&doc));
    if let Err(d) = import::check_origin(docx, &doc, &letter.response) {
        return fail(&[d]);
    }
    let found = match import::compare(docx, &doc, &mut letter) {
        Ok(f) => f,
        Err(d) => return fail(&[d]),
    };
    out(&summary(docx, &into, &found));

    if args.refuse_pending_changes && !found.revisions.is_empty() {
        out(&format!(
            "\nNothing was written: the letter has {} not yet accepted or rejected (--refuse-pending-changes). Accept or reject them in Word (Review › Accept or Reject), save, and import again.\n",
            count(found.revisions.len(), "tracked change", "tracked changes")
        ));
        return 1;
    }
    let source = &letter.response.files.response.text;
    if found.changes.is_empty() && !found.problems.is_empty() {
        out(&format!(
            "\nNothing was written: no change made in Word could be taken into {} (see above); it was not touched.\n",
            into.display()
        ));
    } else if found.changes.is_empty() && !found.newer_in_file.is_empty() {
        out(&format!(
            "\nNo changes made in Word: {} keeps its newer words; it was not touched.\n",
            into.display()
        ));
    } else if found.changes.is_empty() {
        out(&format!(
            "\nNo changes: {} already says what the Word letter says; it was not touched.\n",
            into.display()
        ));
    } else if args.dry_run {
        out(&format!(
            "\nNothing was written (--dry-run): {} would change.\n",
            count(found.changes.len(), "field", "fields")
        ));
    } else {
        if let Err(d) = write_back(&into, source, &found.edited) {
            return fail(&[d]);
        }
        out(&format!(
            "\nWritten: {} ({} changed, everything else kept as it was).\n",
            into.display(),
            count(found.changes.len(), "field", "fields")
        ));
    }
    out("\n");
    let checked = check(CheckArgs {
        paths: vec![into.clone()],
        format: OutputFormat::Human,
        templates: args.templates.clone(),
        today: args.today.clone(),
    });
    if !found.problems.is_empty() {
        return checked.max(1);
    }
    checked
}

/// Writes the edited text atomically, after reading it back as a response: a text that would not
/// load is never written.
fn write_back(path: &Path, before: &str, edited: &str) -> Result<(), Diagnostic> {
    let now = files::read_limited(path, files::YAML_LIMIT)
        .map_err(|e| Diagnostic::file(path, e.message("response file")))?;
    if now != before.as_bytes() {
        return Err(Diagnostic::file(
            path,
            "the response file changed while the Word letter was being read; nothing was written",
        )
        .with_hint("run s55 import again"));
    }
    s55::load::response_from_text(path, edited.to_string()).map_err(|d| {
        Diagnostic::file(
            path,
            format!("with the Word letter's words the file would not read as a response, so nothing was written: {}", d.message),
        )
    })?;
    write_atomic(path, edited.as_bytes())
}

/// What was found, for the officer: the changes, then what Word recorded, then what could not be
/// read.
fn summary(docx: &Path, into: &Path, found: &Import) -> String {
    let mut s = format!("Reading {} into {}\n", docx.display(), into.display());
    // A date as the letter prints it; words cut to the part that changed.
    let before_after = |c: &Change| {
        if c.tag.ends_with(".due") {
            (long_date(&c.old), long_date(&c.new))
        } else {
            in_short(&c.old, &c.new)
        }
    };
    let fields = |n: usize| count(n, "field", "fields");
    let changed = found.changes.iter().map(|c| {
        let (old, new) = before_after(c);
        let mut line = format!("{}\n    was: {old}\n    now: {new}", c.field);
        if c.prints_differently {
            line.push_str("\n    note: s55 will print these words a little differently from Word’s copy; read the letter before you publish");
        }
        line
    });
    section(
        &mut s,
        &format!("Changed in Word ({}):", fields(found.changes.len())),
        changed,
    );
    let newer = found.newer_in_file.iter().map(|c| {
        let (file, word) = before_after(c);
        format!("{}\n    file: {file}\n    Word: {word}", c.field)
    });
    section(
        &mut s,
        &format!(
            "Changed in {} since this Word letter was made, not in Word ({}): the file’s newer words are kept",
            into.display(),
            fields(found.newer_in_file.len())
        ),
        newer,
    );
    section(
        &mut s,
        &format!(
            "Tracked changes ({}), accepted in what is written:",
            found.revisions.len()
        ),
        found.revisions.iter().map(listed),
    );
    section(
        &mut s,
        &format!(
            "Comments in Word ({}), not copied into the file:",
            found.comments.len()
        ),
        found.comments.iter().map(listed),
    );
    section(
        &mut s,
        &format!(
            "Not read back ({}), left as they were in the file:",
            found.problems.len()
        ),
        found
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message)),
    );
    s
}

/// A heading and its lines, each indented, after a blank line; nothing when there are no lines.
fn section(s: &mut String, heading: &str, lines: impl Iterator<Item = String>) {
    let mut lines = lines.peekable();
    if lines.peek().is_none() {
        return;
    }
    s.push_str(&format!("\n{heading}\n"));
    for line in lines {
        s.push_str(&format!("  {line}\n"));
    }
}

/// A date in words, as the letter prints it.
fn long_date(d: &str) -> String {
    Date::parse(d)
        .map(Date::long)
        .unwrap_or_else(|_| d.to_string())
}

/// "Jane Smith, 1 December 2026, inserted in The answer to R3: comment: “and the board”".
fn listed(l: &Listed) -> String {
    let who = match &l.date {
        Some(d) => format!("{}, {d}", or_unknown(&l.author)),
        None => or_unknown(&l.author),
    };
    let place = match &l.field {
        Some(f) => format!("in {f}"),
        None => "outside the parts s55 reads (not imported)".to_string(),
    };
    if l.text.trim().is_empty() {
        format!("{who}: {} {place}", l.what)
    } else {
        format!("{who}: {} {place}: “{}”", l.what, short(&l.text))
    }
}

fn or_unknown(author: &str) -> String {
    if author.trim().is_empty() {
        "(no author recorded)".to_string()
    } else {
        author.to_string()
    }
}

/// The old and new words cut short around where they first differ. A new paragraph shows as ¶,
/// so that a paragraph split or joined in Word is seen, not printed as the same words twice.
fn in_short(old: &str, new: &str) -> (String, String) {
    let flat = |s: &str| {
        s.replace("\r\n", "\n")
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ¶ ")
    };
    let (old, new) = (flat(old), flat(new));
    if old.is_empty() {
        return ("(nothing)".to_string(), short(&new));
    }
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    let same = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    // Start at the beginning of the word before the first difference.
    let mut from = same.saturating_sub(20);
    while from > 0 && !o[from - 1].is_whitespace() {
        from -= 1;
    }
    let cut = |c: &[char]| {
        let text: String = c[from.min(c.len())..].iter().collect();
        let text = short(&text);
        if from > 0 { format!("…{text}") } else { text }
    };
    (
        cut(&o),
        if n.is_empty() {
            "(nothing)".to_string()
        } else {
            cut(&n)
        },
    )
}
