//! The Word letter (`--format docx`): every example and the model response made through the
//! binary, unzipped and read as XML: Word's own styles, real numbering, the annex's repeating
//! header row, the document's properties, a content control tagged with its place in the response
//! file for every part an officer edits, the fingerprint, the draft header, and the same bytes
//! every time.

mod common;

use common::{bundled_letters, docx_in, repo, s55, word_parts};

/// Renders `file` (relative to the repository) as .docx through the binary.
fn docx(file: &str) -> Vec<u8> {
    docx_in(&repo(), file)
}

fn tags(document: &str) -> Vec<String> {
    document
        .split("<w:tag w:val=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn every_letter_is_a_word_document_in_words_own_styles() {
    for file in bundled_letters() {
        let parts = word_parts(&docx(&file));
        let doc = &parts["word/document.xml"];
        for style in ["Title", "Heading1", "Quote"] {
            let used = format!("<w:pStyle w:val=\"{style}\" />");
            // Cambridgeshire's board paper numbers the report's words, and Hertfordshire's real
            // letter summarises them: neither quotes.
            if style == "Quote"
                && (file.contains("cambridgeshire") || file.contains("-2020"))
                && !file.contains("dorset")
            {
                continue;
            }
            assert!(doc.contains(&used), "{file}: no {style}");
        }
        let styles = &parts["word/styles.xml"];
        for id in [
            "Title",
            "Heading1",
            "Heading2",
            "Heading3",
            "ListBullet",
            "ListNumber",
            "Quote",
        ] {
            assert!(
                styles.contains(&format!("w:styleId=\"{id}\"")),
                "{file}: {id}"
            );
        }
        assert!(styles.contains("<w:lang w:val=\"en-GB\""), "{file}");
        // A list is a real Word list: a numbering instance its paragraphs name.
        if doc.contains("\"ListBullet\"") || doc.contains("\"ListNumber\"") {
            assert!(doc.contains("<w:numPr>"), "{file}");
            let numbering = &parts["word/numbering.xml"];
            assert!(numbering.contains("<w:abstractNum "), "{file}");
            assert!(numbering.contains("w:val=\"bullet\""), "{file}");
            assert!(numbering.contains("<w:num w:numId=\"1\""), "{file}");
        }
        // The annex's header row repeats on every page.
        assert!(doc.contains("<w:tblStyle w:val=\"S55Table\" />"), "{file}");
        assert!(
            doc.contains("<w:tr><w:trPr><w:tblHeader /></w:trPr>"),
            "{file}"
        );
        // Each answer's position, in words.
        assert!(
            [
                "Action taken",
                "Action proposed",
                "No action",
                "No position given"
            ]
            .iter()
            .any(|p| doc.contains(p)),
            "{file}"
        );
    }
}

#[test]
fn the_properties_name_the_letter_its_author_and_language_and_fingerprint_the_response() {
    let parts = word_parts(&docx("responses/hertfordshire-model.yaml"));
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:title>Response to the HMICFRS"), "{core}");
    assert!(
        core.contains(
            "<dc:creator>David Lloyd, Police and Crime Commissioner for Hertfordshire</dc:creator>"
        ),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
    assert!(
        core.contains(">2020-04-28T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let custom = &parts["docProps/custom.xml"];
    assert!(
        custom.contains("name=\"s55-response\"><vt:lpwstr>8586b53bb9fea1c6<"),
        "{custom}"
    );
    assert!(
        custom.contains("name=\"s55-format\"><vt:lpwstr>1<"),
        "{custom}"
    );
}

#[test]
fn every_part_an_officer_edits_is_in_a_control_tagged_with_its_place() {
    let parts = word_parts(&docx("responses/hertfordshire-model.yaml"));
    let doc = &parts["word/document.xml"];
    let tags = tags(doc);
    for tag in [
        "comments.overview",
        "chief_officer.comments",
        "comments.on_chief_officer_comments",
        "comments.closing",
    ] {
        assert!(tags.iter().any(|t| t == tag), "{tag}: {tags:?}");
    }
    for i in 0..7 {
        for part in ["comment", "chief_officer"] {
            let tag = format!("comments.answers.{i}.{part}");
            assert!(tags.contains(&tag), "{tag}: {tags:?}");
        }
        let lead = format!("comments.answers.{i}.owner comments.answers.{i}.due");
        assert!(tags.contains(&lead), "{lead}: {tags:?}");
    }
    // Each tag once, each with a plain name.
    let mut unique = tags.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), tags.len());
    assert!(doc.contains("<w:alias w:val=\"The answer to R3: comment\" /><w:tag w:val=\"comments.answers.2.comment\" />"), "{doc}");
    // Block-level: the control holds whole paragraphs.
    assert!(doc.contains("<w:tag w:val=\"comments.overview\" /></w:sdtPr><w:sdtContent><w:p "));
}

#[test]
fn every_example_has_a_control_for_every_answer() {
    for file in bundled_letters() {
        let yaml = std::fs::read_to_string(repo().join(&file)).unwrap();
        let answers = yaml.matches("- items:").count();
        let parts = word_parts(&docx(&file));
        let tags = tags(&parts["word/document.xml"]);
        for i in 0..answers {
            let prefix = format!("comments.answers.{i}.");
            assert!(
                tags.iter().any(|t| t.starts_with(&prefix)),
                "{file}: no control for answer {i}: {tags:?}"
            );
        }
    }
}

#[test]
fn a_draft_says_so_in_the_page_header_and_the_final_letter_does_not() {
    // Hertfordshire's real letter leaves R7 unanswered: an error, so a draft.
    let draft = word_parts(&docx("examples/hertfordshire-2020.yaml"));
    let header = draft
        .iter()
        .find(|(name, _)| name.starts_with("word/header"))
        .map(|(_, xml)| xml.clone())
        .expect("a page header");
    assert!(header.contains("DRAFT – not ready to publish"), "{header}");
    assert!(draft["docProps/core.xml"].contains("<dc:title>DRAFT – not ready to publish: "));
    let done = word_parts(&docx("responses/hertfordshire-model.yaml"));
    assert!(!done.keys().any(|k| k.starts_with("word/header")));
    assert!(!done["word/document.xml"].contains("DRAFT"));
}

#[test]
fn the_logo_has_its_alt_text() {
    let parts = word_parts(&docx("tests/fixtures/pdf/letter.yaml"));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("<wp:docPr id="), "{doc}");
    assert!(doc.contains("name=\"Logo\" descr=\""), "{doc}");
    // The signature has no alt text in this file: it is marked as decoration, as Word marks it.
    assert_eq!(
        doc.matches("descr=\"\"").count(),
        doc.matches("<adec:decorative ").count(),
        "{doc}"
    );
    assert!(doc.contains("name=\"Signature\" descr=\"\">"), "{doc}");
    assert!(
        parts.keys().any(|k| k.starts_with("word/media/")),
        "{:?}",
        parts.keys()
    );
}

#[test]
fn the_same_letter_gives_the_same_bytes() {
    for file in [
        "responses/hertfordshire-model.yaml",
        "tests/fixtures/pdf/letter.yaml",
    ] {
        let first = docx(file);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(first == docx(file), "{file}");
    }
}

#[test]
fn build_writes_a_word_letter_beside_the_others() {
    let out = tempfile::tempdir().unwrap();
    let run = s55(
        &repo(),
        &["build", "responses", "-o", out.path().to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(written.iter().any(|n| n.ends_with(".docx")), "{written:?}");
}
