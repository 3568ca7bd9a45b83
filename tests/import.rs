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
    std::fs::copy(repo().join("responses").join(MODEL), dir.path().join(MODEL)).unwrap();
    let made = s55(
        dir.path(),
        &[
            "render",
            MODEL,
            "--format",
            "docx",
            "-o",
            "letter.docx",
            "--today",
            TODAY,
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
    parts.insert(
        "word/_rels/document.xml.rels".into(),
        word.rels.into_bytes(),
    );
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
            "      comment: >-\n        I will seek the views of partner agencies on the review at my monthly meetings with them, and\n        receive a progress report every quarter until it is complete.\n",
        ),
        (
            "  closing: >-\n    The full report can be read on the HMICFRS website.\n",
            "  closing: >-\n    The full report can be read on the inspectorate’s website, with my progress reports.\n",
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

#[test]
fn an_unchanged_letter_imports_as_no_changes_and_leaves_the_file_byte_identical() {
    let (dir, _) = folder_with_letter();
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("unchanged", shown(&run, dir.path()));
}

/// The paragraphs inside the control tagged `tag`, without the control around them (what Word
/// leaves when "Remove content control" is used).
fn unwrap_control(w: &mut Word, tag: &str) {
    let range = w.control(tag);
    let inside = w.document[range.clone()].to_string();
    let start = inside.find("<w:sdtContent>").unwrap() + "<w:sdtContent>".len();
    let end = inside.rfind("</w:sdtContent>").unwrap();
    w.document.replace_range(range, &inside[start..end]);
}

fn custom_properties(docx: &Path, edit: impl FnOnce(String) -> String) {
    let mut parts = unzip(docx);
    let custom = String::from_utf8(parts["docProps/custom.xml"].clone()).unwrap();
    parts.insert("docProps/custom.xml".into(), edit(custom).into_bytes());
    rezip(docx, &parts);
}

#[test]
fn a_deleted_control_is_reported_and_its_field_left_as_it_was() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(R3_COMMENT, "regular meetings", "weekly meetings");
        unwrap_control(w, R3_COMMENT);
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("deleted_control", shown(&run, dir.path()));
}

#[test]
fn a_damaged_tag_is_reported_not_guessed() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(R3_COMMENT, "regular meetings", "weekly meetings");
        w.replace_in(
            R3_COMMENT,
            "<w:tag w:val=\"comments.answers.2.comment\" />",
            "<w:tag w:val=\"comments.answers.2.coment\" />",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    let out = shown(&run, dir.path());
    assert!(out.contains("comments.answers.2.coment"), "{out}");
    assert!(
        out.contains("The answer to R3: comment: its content control is missing"),
        "{out}"
    );
    insta::assert_snapshot!("damaged_tag", out);
}

#[test]
fn a_letter_made_from_another_response_is_refused_naming_both() {
    let (dir, docx) = folder_with_letter();
    custom_properties(&docx, |c| c.replace("8586b53bb9fea1c6", "0123456789abcdef"));
    let run = import(dir.path(), &["letter.docx", "--into", MODEL]);
    assert_eq!(run.code, 2, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    let out = shown(&run, dir.path());
    assert!(out.contains("letter.docx") && out.contains(MODEL), "{out}");
    insta::assert_snapshot!("another_response", out);
}

#[test]
fn a_document_s55_did_not_make_or_of_another_contract_is_refused() {
    let (dir, docx) = folder_with_letter();
    let original = std::fs::read(&docx).unwrap();
    custom_properties(&docx, |c| {
        c.replace(
            "name=\"s55-format\"><vt:lpwstr>1<",
            "name=\"s55-format\"><vt:lpwstr>2<",
        )
    });
    let other_version = import(dir.path(), &["letter.docx"]);
    assert_eq!(other_version.code, 2);
    std::fs::write(&docx, &original).unwrap();
    custom_properties(&docx, |c| {
        let start = c.find("<property").unwrap();
        let end = c.rfind("</Properties>").unwrap();
        format!("{}{}", &c[..start], &c[end..])
    });
    let not_ours = import(dir.path(), &["letter.docx", "--into", MODEL]);
    assert_eq!(not_ours.code, 2);
    let without_into = import(dir.path(), &["letter.docx"]);
    assert_eq!(without_into.code, 2);
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!(
        "not_ours",
        [other_version, not_ours, without_into]
            .iter()
            .map(|r| shown(r, dir.path()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn refuse_pending_changes_refuses_while_tracked_changes_remain() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            "comments.closing",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website.</w:t></w:r>",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website.</w:t></w:r><w:ins w:id=\"7\" w:author=\"Jane Smith\" w:date=\"2020-04-27T10:00:00Z\"><w:r><w:t xml:space=\"preserve\"> Thank you.</w:t></w:r></w:ins>",
        );
    });
    let run = import(dir.path(), &["letter.docx", "--refuse-pending-changes"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    let out = shown(&run, dir.path());
    assert!(
        out.contains("Jane Smith, 27 April 2020: inserted in The closing: “Thank you.”"),
        "{out}"
    );
    insta::assert_snapshot!("pending_changes_refused", out);
    // Without the option the change is accepted, and listed.
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(read(dir.path()).contains(
        "  closing: >-\n    The full report can be read on the HMICFRS website. Thank you.\n"
    ));
}

#[test]
fn a_file_that_is_not_a_word_letter_gets_one_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("responses").join(MODEL), dir.path().join(MODEL)).unwrap();
    std::fs::write(dir.path().join("notes.docx"), "just some text").unwrap();
    let mut no_document = BTreeMap::new();
    no_document.insert("word/styles.xml".to_string(), b"<w:styles/>".to_vec());
    rezip(&dir.path().join("empty.docx"), &no_document);
    // A zip bomb: a part that unpacks to more than s55 reads.
    let mut bomb = BTreeMap::new();
    bomb.insert(
        "word/document.xml".to_string(),
        vec![b' '; 33 * 1024 * 1024],
    );
    rezip(&dir.path().join("bomb.docx"), &bomb);
    assert!(
        std::fs::metadata(dir.path().join("bomb.docx"))
            .unwrap()
            .len()
            < 1024 * 1024
    );
    let mut broken = BTreeMap::new();
    broken.insert(
        "word/document.xml".to_string(),
        b"<w:document><w:body><w:p></w:body>".to_vec(),
    );
    rezip(&dir.path().join("broken.docx"), &broken);
    let mut shown_all = Vec::new();
    for name in [
        "notes.docx",
        "empty.docx",
        "bomb.docx",
        "broken.docx",
        "missing.docx",
    ] {
        let run = import(dir.path(), &[name, "--into", MODEL]);
        assert_eq!(run.code, 2, "{name}: {}", shown(&run, dir.path()));
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr.matches("error").count(),
            1,
            "{name}: {}",
            run.stderr
        );
        shown_all.push(shown(&run, dir.path()));
    }
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("not_a_word_letter", shown_all.join("\n"));
}

#[test]
fn lists_and_links_made_in_word_become_markdown() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.relationship(
            "rIdWord1",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            "https://www.hertscommissioner.org/progress",
        );
        w.replace_in(
            "comments.closing",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website.</w:t></w:r></w:p>",
            "<w:t xml:space=\"preserve\">The full report can be read on the HMICFRS website. I will publish:</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:t>the action plan;</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:t xml:space=\"preserve\">each </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>quarterly</w:t></w:r><w:r><w:t xml:space=\"preserve\"> report.</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/></w:pPr><w:r><w:t>First step</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"ListNumber\"/></w:pPr><w:r><w:t>Second step</w:t></w:r></w:p>\
             <w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r><w:hyperlink r:id=\"rIdWord1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>our progress page</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    let expected = common::replace(
        &model_text(),
        "  closing: >-\n    The full report can be read on the HMICFRS website.\n",
        "  closing: |-\n    The full report can be read on the HMICFRS website. I will publish:\n\n    - the action plan;\n    - each *quarterly* report.\n\n    1. First step\n    2. Second step\n\n    See [our progress page](https://www.hertscommissioner.org/progress).\n",
    );
    assert_eq!(read(dir.path()), expected);
    assert!(!run.stdout.contains("differently"), "{}", run.stdout);
}

#[test]
fn a_lead_and_due_date_edited_in_word_are_written_in_the_files_form() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            R3_LEAD,
            "Lead: Detective Chief Superintendent, Safeguarding. Due: 10 September 2020.",
            "Lead: Head of Public Protection. Due: 30/09/2020.",
        );
        w.replace_in(
            "comments.answers.3.owner comments.answers.3.due",
            "Completed: 24 April 2020.",
            "Completed: 30 Apr 2020.",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    let expected = common::replace(
        &common::replace(
            &model_text(),
            "      owner: Detective Chief Superintendent, Safeguarding\n      due: 2020-09-10\n",
            "      owner: Head of Public Protection\n      due: 2020-09-30\n",
        ),
        "      due: 2020-04-24\n",
        "      due: 2020-04-30\n",
    );
    assert_eq!(read(dir.path()), expected);
    insta::assert_snapshot!("lead_and_due_date", shown(&run, dir.path()));
}

#[test]
fn an_unreadable_due_date_or_lead_line_is_reported_naming_the_field() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(R3_LEAD, "Due: 10 September 2020.", "Due: end of September.");
        w.replace_in(
            "comments.answers.3.owner comments.answers.3.due",
            "Lead: Head of Public Protection. Completed: 24 April 2020.",
            "Public Protection did this by 24 April 2020.",
        );
        w.replace_in(R3_COMMENT, "regular meetings", "weekly meetings");
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    // The readable change is written; the others are left as they were.
    assert_eq!(
        read(dir.path()),
        common::replace(
            &model_text(),
            "      comment: >-\n        I will seek the views of partner agencies on the review at my regular meetings with them, and\n        receive a progress report every quarter until it is complete.\n",
            "      comment: >-\n        I will seek the views of partner agencies on the review at my weekly meetings with them, and\n        receive a progress report every quarter until it is complete.\n",
        )
    );
    insta::assert_snapshot!("unreadable_lead_and_date", shown(&run, dir.path()));
}

#[test]
fn the_response_is_found_from_the_letter_or_asked_for() {
    let (dir, docx) = folder_with_letter();
    // In a folder of its own: the response is found in responses/ under the current folder.
    std::fs::create_dir(dir.path().join("responses")).unwrap();
    std::fs::rename(
        dir.path().join(MODEL),
        dir.path().join("responses").join(MODEL),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("signed")).unwrap();
    std::fs::rename(&docx, dir.path().join("signed/letter.docx")).unwrap();
    let run = import(dir.path(), &["signed/letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(
        run.stdout
            .starts_with("Reading signed/letter.docx into responses/hertfordshire-model.yaml\n"),
        "{}",
        run.stdout
    );
    // Moved elsewhere: the officer is asked to say where.
    std::fs::rename(
        dir.path().join("responses").join(MODEL),
        dir.path().join("elsewhere.yaml"),
    )
    .unwrap();
    let run = import(dir.path(), &["signed/letter.docx"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("response_not_found", shown(&run, dir.path()));
}

#[test]
fn a_link_in_a_field_is_a_working_link_in_the_word_letter() {
    // docx-rs writes the relationships of links in top-level paragraphs only; a field's link sits
    // in a content control and must point somewhere too.
    let dir = tempfile::tempdir().unwrap();
    let text = common::replace(
        &model_text(),
        "    The full report can be read on the HMICFRS website.\n",
        "    See [our progress page](https://www.example.org/progress).\n",
    );
    std::fs::write(dir.path().join(MODEL), text).unwrap();
    let made = s55(
        dir.path(),
        &["render", MODEL, "--format", "docx", "-o", "letter.docx"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let parts = unzip(&dir.path().join("letter.docx"));
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let rels = String::from_utf8(parts["word/_rels/document.xml.rels"].clone()).unwrap();
    for id in document
        .split("r:id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
    {
        assert!(
            rels.contains(&format!("Id=\"{id}\"")),
            "{id} has no relationship:\n{rels}"
        );
    }
    assert!(
        rels.contains("Target=\"https://www.example.org/progress\""),
        "{rels}"
    );
    // And it imports as unchanged.
    let run = import(dir.path(), &["letter.docx"]);
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
}

#[test]
fn words_changed_outside_the_parts_s55_reads_are_reported_not_dropped_silently() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        let at = w
            .document
            .find("Yours sincerely,")
            .expect("the closing words");
        w.document
            .replace_range(at..at + "Yours sincerely,".len(), "Yours faithfully,");
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    let out = shown(&run, dir.path());
    assert!(
        out.contains("“Yours faithfully,” was changed or added in Word"),
        "{out}"
    );
}

#[test]
fn a_fifo_or_a_device_named_as_the_letter_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("responses").join(MODEL), dir.path().join(MODEL)).unwrap();
    let fifo = dir.path().join("letter.docx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for name in [fifo.to_str().unwrap(), "/dev/zero"] {
        let run = common::s55_within(
            dir.path(),
            &["import", name, "--into", MODEL],
            std::time::Duration::from_secs(20),
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("not an ordinary file"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(read(dir.path()), model_text());
}

#[test]
fn xml_nested_without_end_is_refused_in_words_not_a_crash() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        let deep = "<w:customXml>".repeat(100_000);
        let at = w.document.find("<w:body>").unwrap() + "<w:body>".len();
        w.document.insert_str(at, &deep);
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 2, "{}", shown(&run, dir.path()));
    assert!(run.stderr.contains("nested more than"), "{}", run.stderr);
    assert_eq!(read(dir.path()), model_text());
}

#[test]
fn a_letter_made_with_another_layout_is_read_with_that_layout() {
    let (dir, docx) = folder_with_letter();
    let made = s55(
        dir.path(),
        &[
            "render",
            MODEL,
            "--format",
            "docx",
            "--template",
            "board-paper",
            "-o",
            "letter.docx",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    edit_in_word(&docx, |w| {
        w.replace_in(R3_COMMENT, "regular meetings", "monthly meetings");
    });
    // The letter records its layout; --template says it when it does not.
    let run = import(dir.path(), &["letter.docx", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(
        run.stdout.contains("Changed in Word (1 field)"),
        "{}",
        run.stdout
    );
    custom_properties(&docx, |c| {
        c.replace("name=\"s55-layout\"", "name=\"other\"")
    });
    let run = import(dir.path(), &["letter.docx", "--template", "board-paper"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(
        run.stdout.contains("Changed in Word (1 field)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(dir.path()),
        common::replace(&model_text(), "my regular meetings", "my monthly meetings")
    );
}

#[test]
fn a_part_emptied_in_word_loses_its_key_and_words_placeholder_is_not_taken_for_words() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            "comments.closing",
            "<w:tag w:val=\"comments.closing\" />",
            "<w:tag w:val=\"comments.closing\" /><w:showingPlcHdr/>",
        );
        w.replace_in(
            "comments.closing",
            "The full report can be read on the HMICFRS website.",
            "Click or tap here to enter text.",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(
        run.stdout.contains("    now: (nothing)\n"),
        "{}",
        run.stdout
    );
    let after = read(dir.path());
    assert!(!after.contains("Click or tap"), "{after}");
    assert_eq!(
        after,
        common::replace(
            &model_text(),
            "  closing: >-\n    The full report can be read on the HMICFRS website.\n",
            "",
        )
    );
}

#[test]
fn a_letter_only_opened_and_saved_in_word_imports_as_no_changes() {
    // What Word adds when it saves: revision ids, a control id and end properties, proofing marks,
    // its own bookmark, the language of a run, and runs split where nothing changed.
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.document = w
            .document
            .replace("<w:r>", "<w:r w:rsidR=\"00AB12CD\" w:rsidRPr=\"00EF3456\">")
            .replace("<w:p w14:", "<w:p w:rsidR=\"00AB12CD\" w:rsidRDefault=\"00AB12CD\" w14:")
            .replace("<w:sdtPr>", "<w:sdtPr><w:id w:val=\"-1283745\"/>")
            .replace("</w:sdtPr>", "</w:sdtPr><w:sdtEndPr/>")
            .replace(
                "</w:pPr>",
                "</w:pPr><w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>",
            );
        w.replace_in(
            R3_COMMENT,
            "partner agencies",
            "partner </w:t></w:r><w:r><w:rPr><w:lang w:val=\"en-GB\"/></w:rPr><w:t xml:space=\"preserve\">agencies",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);
    assert_eq!(read(dir.path()), model_text());
}

#[test]
fn a_huge_paragraph_of_brackets_and_full_stops_is_read_without_hanging() {
    // Escaping `[` and fitting the lead line to its pattern must not take time growing with the
    // square of a paragraph's length (a guard against a hang, not a timing test).
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(R3_COMMENT, "regular meetings", &"[x](".repeat(500_000));
        w.replace_in(R3_LEAD, "Lead: ", &". Due: ".repeat(300_000));
    });
    let run = common::s55_within(
        dir.path(),
        &["import", "letter.docx", "--dry-run", "--today", TODAY],
        std::time::Duration::from_secs(120),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("The answer to R3: lead and date: the line now reads"),
        "{}",
        &run.stdout[..2000.min(run.stdout.len())]
    );
}

#[test]
fn a_letter_whose_controls_were_all_dropped_is_refused_in_one_message() {
    // LibreOffice, for one, saves the letter without its content controls.
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        while w.document.contains("<w:sdt>") {
            let at = w.document.find("<w:tag w:val=\"").unwrap() + "<w:tag w:val=\"".len();
            let tag = w.document[at..at + w.document[at..].find('"').unwrap()].to_string();
            unwrap_control(w, &tag);
        }
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 2, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("controls_dropped", shown(&run, dir.path()));
}

/// The model's closing, as the file has it.
const CLOSING: &str = "  closing: >-\n    The full report can be read on the HMICFRS website.\n";

/// The officer goes on editing the response file after the letter was made: `from` becomes `to`
/// in the file. The file's new text.
fn file_edited_after_the_letter(dir: &Path, from: &str, to: &str) -> String {
    let newer = common::replace(&model_text(), from, to);
    std::fs::write(dir.join(MODEL), &newer).unwrap();
    newer
}

#[test]
fn a_letter_older_than_the_file_never_replaces_the_files_newer_words() {
    let (dir, _) = folder_with_letter();
    // The officer goes on editing the file after sending the letter round; Word leaves the part.
    let newer = file_edited_after_the_letter(
        dir.path(),
        CLOSING,
        "  closing: >-\n    The full report, and my progress reports, can be read on my website.\n",
    );
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(
        read(dir.path()),
        newer,
        "the file's newer words were replaced"
    );
    assert!(
        !run.stdout
            .contains("already says what the Word letter says"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("older_letter", shown(&run, dir.path()));
}

#[test]
fn a_part_changed_both_in_word_and_in_the_file_is_left_as_the_file_has_it() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            "comments.closing",
            "HMICFRS website",
            "inspectorate’s website",
        );
        w.replace_in(
            R3_COMMENT,
            "at my regular meetings with them",
            "at my monthly meetings with them",
        );
    });
    let newer = file_edited_after_the_letter(
        dir.path(),
        CLOSING,
        "  closing: >-\n    The full report can be read on the HMICFRS website and on mine.\n",
    );
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    // The part changed only in Word is written; the part changed in both is not.
    let expected = common::replace(
        &newer,
        "at my regular meetings with them",
        "at my monthly meetings with them",
    );
    assert_eq!(read(dir.path()), expected);
    insta::assert_snapshot!("changed_in_both", shown(&run, dir.path()));
}

#[test]
fn an_answer_added_to_the_file_after_the_letter_was_made_is_not_overwritten_or_called_deleted() {
    let (dir, _) = folder_with_letter();
    // A new answer put first: every later answer moves one place down the list.
    let newer = file_edited_after_the_letter(
        dir.path(),
        "  answers:\n    - items: [R1]\n",
        "  answers:\n    - items: [R7]\n      position: action-proposed\n      comment: >-\n        A second review will report to the Police and Crime Panel in July 2020.\n    - items: [R1]\n",
    );
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(
        read(dir.path()),
        newer,
        "the letter's words landed on other answers"
    );
    let out = shown(&run, dir.path());
    assert!(
        out.contains("added to the response file after this Word letter was made"),
        "{out}"
    );
    assert!(!out.contains("deleted in Word?"), "{out}");
}

#[test]
fn a_due_date_typed_with_full_stops_and_a_short_year_is_read() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(R3_LEAD, "Due: 10 September 2020.", "Due: 30.09.20.");
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert_eq!(
        read(dir.path()),
        common::replace(
            &model_text(),
            "      due: 2020-09-10\n",
            "      due: 2020-09-30\n"
        )
    );
}

#[test]
fn position_words_changed_in_word_point_to_position_in_the_file() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            R3_COMMENT,
            "response – action proposed:",
            "response – no action:",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("position_words_changed", shown(&run, dir.path()));
}

#[test]
fn a_paragraph_split_in_two_in_word_is_shown_as_a_new_paragraph() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            R3_COMMENT,
            "at my regular meetings with them, and receive",
            "at my regular meetings with them.</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Normal\" /></w:pPr><w:r><w:t xml:space=\"preserve\">I will receive",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    let out = shown(&run, dir.path());
    assert!(
        out.contains("meetings with them. ¶ I will receive"),
        "{out}"
    );
    assert!(
        read(dir.path())
            .contains("meetings with them.\n\n        I will receive a progress report"),
        "{}",
        read(dir.path())
    );
    insta::assert_snapshot!("paragraph_split", out);
}

#[test]
fn words_changed_in_the_page_footer_are_reported_not_dropped_silently() {
    let (dir, docx) = folder_with_letter();
    // Word fills in the page numbers again when it saves: that alone is no change.
    let mut parts = unzip(&docx);
    let name = parts
        .keys()
        .find(|n| n.starts_with("word/footer"))
        .cloned()
        .expect("the letter has a footer");
    let footer = String::from_utf8(parts[&name].clone()).unwrap();
    let renumbered = footer.replace(">1</w:t>", ">3</w:t>");
    parts.insert(name.clone(), renumbered.clone().into_bytes());
    rezip(&docx, &parts);
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    assert!(run.stdout.contains("No changes"), "{}", run.stdout);

    let marked = renumbered.replacen(
        "<w:t xml:space=\"preserve\">Page </w:t>",
        "<w:t xml:space=\"preserve\">OFFICIAL – Page </w:t>",
        1,
    );
    assert_ne!(marked, renumbered, "the footer's words changed: {footer}");
    parts.insert(name, marked.into_bytes());
    rezip(&docx, &parts);
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert_eq!(read(dir.path()), model_text());
    insta::assert_snapshot!("footer_changed", shown(&run, dir.path()));
}

#[test]
fn a_comment_over_two_parts_is_listed_with_both() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.comment(
            R3_COMMENT,
            "Chief Executive",
            "Both need the CFO to agree the figures.",
        );
        // Its range is moved on to end in the next part, as selecting across both in Word does.
        let end = "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>";
        w.document = w.document.replacen(end, "", 1);
        w.replace_in(
            "comments.answers.3.comment",
            "</w:p>",
            &format!("{end}</w:p>"),
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(run.code, 0, "{}", shown(&run, dir.path()));
    let out = shown(&run, dir.path());
    assert!(
        out.contains(
            "comment in The answer to R3: comment through The answer to R4: comment: “Both need"
        ),
        "{out}"
    );
}

#[test]
fn a_due_date_changed_in_the_file_after_the_letter_was_made_is_kept_and_said_so() {
    let (dir, _) = folder_with_letter();
    let newer = file_edited_after_the_letter(
        dir.path(),
        "      due: 2020-09-10\n",
        "      due: 2020-09-30\n",
    );
    let run = import(dir.path(), &["letter.docx"]);
    assert_eq!(
        read(dir.path()),
        newer,
        "the file's newer date was replaced"
    );
    let out = shown(&run, dir.path());
    // The table of answers shows the older date too: not blamed on Word.
    assert!(!out.contains("was changed or added in Word"), "{out}");
    insta::assert_snapshot!("older_letter_due_date", out);
}

#[test]
fn bold_given_to_a_lead_and_date_line_in_word_is_reported_not_dropped_silently() {
    let (dir, docx) = folder_with_letter();
    edit_in_word(&docx, |w| {
        w.replace_in(
            R3_LEAD,
            "Lead: Detective Chief Superintendent, Safeguarding.",
            "Lead: </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Detective Chief Superintendent, Safeguarding.</w:t></w:r><w:r><w:t xml:space=\"preserve\">",
        );
    });
    let run = import(dir.path(), &["letter.docx"]);
    // Nothing can be written for it, so the file is as it was; but the officer is told.
    assert_eq!(read(dir.path()), model_text());
    assert_eq!(run.code, 1, "{}", shown(&run, dir.path()));
    assert!(
        run.stdout.contains("bold, italics or link changed in Word"),
        "{}",
        shown(&run, dir.path())
    );
    assert!(!run.stdout.contains("No changes"), "{}", run.stdout);
}
