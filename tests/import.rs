//! `s55 import`: a Word letter made by `s55 render --format docx`, edited the way Word edits it
//! (the XML changed inside the package), read back into its response file.

mod common;

use common::{Run, repo, s55};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const TODAY: &str = "2020-05-01";
const MODEL: &str = "hertfordshire-model.yaml";

/// A folder with the model response and its Word letter, `letter.docx`, made by the real binary.
fn folder_with_letter() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo().join("responses").join(MODEL),
        dir.path().join(MODEL),
    )
    .unwrap();
    let made = s55(
        dir.path(),
        &[
            "render", MODEL, "--format", "docx", "-o", "letter.docx", "--today", TODAY,
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let docx = dir.path().join("letter.docx");
    (dir, docx)
}

/// Every part of a .docx package, by name.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        parts.insert(f.name().to_string(), bytes);
    }
    parts
}

fn rezip(path: &Path, parts: &BTreeMap<String, Vec<u8>>) {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap();
}

/// Edits the Word letter's XML the way Word would: `edit` gets the package's parts.
fn edit_in_word(docx: &Path, edit: impl FnOnce(&mut Word)) {
    let mut parts = unzip(docx);
    let text = |name: &str| String::from_utf8(parts[name].clone()).unwrap();
    let mut word = Word {
        document: text("word/document.xml"),
        rels: text("word/_rels/document.xml.rels"),
        parts: BTreeMap::new(),
    };
    edit(&mut word);
    parts.insert("word/document.xml".into(), word.document.into_bytes());
    parts.insert("word/_rels/document.xml.rels".into(), word.rels.into_bytes());
    for (name, text) in word.parts {
        parts.insert(name, text.into_bytes());
    }
    rezip(docx, &parts);
}

/// The XML of a Word letter being edited.
struct Word {
    document: String,
    rels: String,
    parts: BTreeMap<String, String>,
}

impl Word {
    /// Where the content control tagged `tag` is (from `<w:sdt>` to `</w:sdt>`).
    fn control(&self, tag: &str) -> std::ops::Range<usize> {
        let at = self
            .document
            .find(&format!("<w:tag w:val=\"{tag}\" />"))
            .unwrap_or_else(|| panic!("no control tagged {tag}"));
        let start = self.document[..at].rfind("<w:sdt>").unwrap();
        let end = at + self.document[at..].find("</w:sdt>").unwrap() + "</w:sdt>".len();
        start..end
    }

    /// Replaces `from` with `to` inside the control tagged `tag` (once).
    fn replace_in(&mut self, tag: &str, from: &str, to: &str) {
        let range = self.control(tag);
        let inside = &self.document[range.clone()];
        assert!(inside.contains(from), "{tag} has no {from:?}:\n{inside}");
        let changed = inside.replacen(from, to, 1);
        self.document.replace_range(range, &changed);
    }

    /// Adds a comment by `author` anchored on the control tagged `tag`, with comments.xml and its
    /// relationship as Word writes them.
    fn comment(&mut self, tag: &str, author: &str, words: &str) {
        let range = self.control(tag);
        let inside = &self.document[range.clone()];
        let p = inside.find("<w:r>").unwrap();
        let anchored = format!(
            "{}<w:commentRangeStart w:id=\"0\"/>{}",
            &inside[..p],
            &inside[p..]
        )
        .replacen(
            "</w:p>",
            "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>",
            1,
        );
        self.document.replace_range(range, &anchored);
        self.parts.insert(
            "word/comments.xml".into(),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:comment w:id=\"0\" w:author=\"{author}\" w:date=\"2020-04-27T09:30:00Z\" w:initials=\"JS\"><w:p><w:r><w:t>{words}</w:t></w:r></w:p></w:comment></w:comments>"
            ),
        );
        self.relationship(
            "rIdComments",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
            "comments.xml",
        );
    }

    fn relationship(&mut self, id: &str, kind: &str, target: &str) {
        let mode = if target.starts_with("http") {
            " TargetMode=\"External\""
        } else {
            ""
        };
        self.rels = self.rels.replace(
            "</Relationships>",
            &format!("<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"{mode} /></Relationships>"),
        );
    }
}

fn import(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--today", TODAY]);
    s55(dir, &all)
}

fn model_text() -> String {
    std::fs::read_to_string(repo().join("responses").join(MODEL)).unwrap()
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(MODEL)).unwrap()
}

/// The summary as an officer reads it, with the temporary folder's name taken out.
fn shown(run: &Run, dir: &Path) -> String {
    format!("{}{}", run.stdout, run.stderr).replace(&dir.display().to_string(), "[dir]")
}

const R3_COMMENT: &str = "comments.answers.2.comment";
const R3_LEAD: &str = "comments.answers.2.owner comments.answers.2.due";

#[test]
fn a_letter_edited_in_word_changes_exactly_the_edited_fields() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        // Words changed in one control, a tracked insertion and a tracked deletion in another.
        w.replace_in(
            R3_COMMENT,
            "at my regular meetings with them",
            "at my monthly meetings with them",
        );
        w.replace_in(
            "comments.closing",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website.</w:t></w:r>",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website</w:t></w:r><w:ins w:id=\"101\" w:author=\"Jane Smith\" w:date=\"2020-04-27T10:00:00Z\"><w:r><w:t xml:space=\"preserve\">, with my progress reports</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r>",
        );
        w.replace_in(
            "comments.closing",
            "The full report can be read on the HMICFRS website",
            "The full report can be read on the </w:t></w:r><w:del w:id=\"102\" w:author=\"Raj Patel\" w:date=\"2020-04-27T11:00:00Z\"><w:r><w:delText xml:space=\"preserve\">HMICFRS </w:delText></w:r></w:del><w:r><w:t xml:space=\"preserve\">inspectorate’s website",
        );
        // A word made bold in the chief officer's comments.
        w.replace_in(
            "chief_officer.comments",
            "I accept all seven recommendations.",
            "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">I accept all seven recommendations.</w:t></w:r><w:r><w:t xml:space=\"preserve\">",
        );
        w.comment(
            "comments.overview",
            "Jane Smith",
            "Can we say when the board meets?",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));

    // Exactly the three values changed; every other byte (comments, layout) is as it was.
    let expected = [
        (
            "    I welcome HMICFRS's recognition of the commitment of officers and staff in the safeguarding\n    command, and of the strength of our joint working with partners. I accept all seven\n    recommendations. An action plan was sent to HMICFRS within six weeks of publication, and progress\n    against each recommendation is reported monthly to my Strategic Safeguarding Board.\n",
            "    I welcome HMICFRS's recognition of the commitment of officers and staff in the safeguarding command, and of the strength of our joint working with partners. **I accept all seven recommendations.** An action plan was sent to HMICFRS within six weeks of publication, and progress against each recommendation is reported monthly to my Strategic Safeguarding Board.\n",
        ),
        (
            "      comment: >-\n        I will seek the views of partner agencies on the review at my regular meetings with them, and\n        receive a progress report every quarter until it is complete.\n",
            "      comment: |-\n        I will seek the views of partner agencies on the review at my monthly meetings with them, and receive a progress report every quarter until it is complete.\n",
        ),
        (
            "  closing: >-\n    The full report can be read on the HMICFRS website.\n",
            "  closing: |-\n    The full report can be read on the inspectorate’s website, with my progress reports.\n",
        ),
    ]
    .iter()
    .fold(model_text(), |text, (from, to)| common::replace(&text, from, to));
    let after = read(dir.path());
    assert_eq!(after, expected);

    // Importing the same letter again finds nothing more to do.
    let again = import(dir.path(), &["letter.docx"]);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    assert_eq!(read(dir.path()), after);

    insta::assert_snapshot!("edited_in_word", shown(&run, dir.path()));
}

/// The lines of `after` that are not in `before` at the same place (by a simple line diff).
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    let head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out: Vec<String> = b[head..b.len() - tail.min(b.len() - head)]
        .iter()
        .map(|l| format!("-{l}"))
        .collect();
    out.extend(
        a[head..a.len() - tail.min(a.len() - head)]
            .iter()
            .map(|l| format!("+{l}")),
    );
    out
}

#[test]
fn an_unchanged_letter_imports_as_no_changes_and_leaves_the_file_byte_identical() {
    let (dir, _) = folder_with_letter();
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("unchanged", shown(&run, dir.path()));
}
