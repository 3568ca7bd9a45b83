//! The office's own Word template (`word_template:` in the office file): the letter written into
//! `tests/fixtures/word/letterhead.dotx` (made by `make_letterhead.py` beside it) keeps the
//! template's header with its crest, its footer, margins and styles, carries the letter's body and
//! properties, comes out as a `.docx`, has no two ids alike, and gives the same bytes every time.
//! A template that is missing or not a Word file is reported at its line.

mod common;

use common::{docx_in, repo, s55, word_parts};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

const LETTER: &str = "tests/fixtures/word/letter.yaml";

/// `(attribute value)` of every `name="…"` in `xml`.
fn values<'a>(xml: &'a str, attr: &str) -> Vec<&'a str> {
    let key = format!(" {attr}=\"");
    xml.split(&key)
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

/// The relationships of a part: id → (type's last segment, target part name or external URL).
fn rels(parts: &BTreeMap<String, String>, part: &str) -> BTreeMap<String, (String, String)> {
    let (dir, name) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = format!("{dir}/_rels/{name}.rels");
    let Some(xml) = parts.get(&rels_name) else {
        return BTreeMap::new();
    };
    xml.split("<Relationship ")
        .skip(1)
        .map(|r| {
            let get = |k: &str| values(&format!(" {r}"), k).first().map(|s| s.to_string());
            let target = get("Target").unwrap();
            let target = if get("TargetMode").is_some() {
                target
            } else if let Some(abs) = target.strip_prefix('/') {
                abs.to_string()
            } else {
                format!("{dir}/{target}")
            };
            let kind = get("Type").unwrap().rsplit('/').next().unwrap().to_string();
            (get("Id").unwrap(), (kind, target))
        })
        .collect()
}

#[test]
fn the_letter_is_written_into_the_offices_template() {
    let parts = word_parts(&docx_in(&repo(), LETTER));
    let doc = &parts["word/document.xml"];
    let doc_rels = rels(&parts, "word/document.xml");
    // The page setup is the template's: its margins, naming its header and footer.
    let sect = &doc[doc.rfind("<w:sectPr").unwrap()..];
    assert!(
        sect.contains("w:top=\"2268\"") && sect.contains("w:left=\"1701\""),
        "{sect}"
    );
    let header_id = values(sect, "r:id")[0];
    let (kind, header) = &doc_rels[header_id];
    assert_eq!(kind, "header");
    let head = &parts[header];
    assert!(
        head.contains("Office of the Police and Crime Commissioner for Wessex"),
        "{head}"
    );
    assert!(head.contains("Wessex House, 1 Market Street"), "{head}");
    // The crest is there, with its alt text, and its relationship resolves to the image.
    assert!(head.contains("descr=\"The crest of the Wessex"), "{head}");
    let embed = values(head, "r:embed")[0];
    let (kind, image) = &rels(&parts, header)[embed];
    assert_eq!(kind, "image");
    assert!(
        parts.contains_key(image),
        "{image} missing: {:?}",
        parts.keys()
    );
    let footer = doc_rels
        .values()
        .find(|(k, _)| k == "footer")
        .map(|(_, t)| t)
        .expect("a footer");
    assert!(sect.contains("<w:footerReference"), "{sect}");
    assert!(parts[footer].contains("Working for safer communities"));
    // The template's footer replaces s55's page numbers.
    assert!(!parts[footer].contains("NUMPAGES"));
    // Its styles: the distinctive heading font, with s55's for what it lacks.
    let styles = &parts["word/styles.xml"];
    let heading1 = &styles[styles.find("w:styleId=\"Heading1\"").unwrap()..];
    let heading1 = &heading1[..heading1.find("</w:style>").unwrap()];
    assert!(heading1.contains("Trebuchet MS"), "{heading1}");
    assert_eq!(styles.matches("w:styleId=\"Heading1\"").count(), 1);
    for id in ["Quote", "ListNumber", "S55Table", "TableHeading"] {
        assert!(styles.contains(&format!("w:styleId=\"{id}\"")), "{id}");
    }
    assert!(styles.contains("<w:lang w:val=\"en-GB\""), "{styles}");
    // The letter's body, and not the template's placeholder; the letterhead is not repeated.
    assert!(doc.contains("I welcome this inspection"), "{doc}");
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\" />"));
    assert!(!doc.contains("Type the letter here"));
    assert!(
        !doc.contains("S55OfficeName"),
        "the letterhead is printed twice"
    );
    // Lists still number: every list paragraph names a list that is defined.
    let numbering = &parts["word/numbering.xml"];
    let defined: BTreeSet<&str> = numbering
        .split("<w:num w:numId=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(doc.contains("<w:pStyle w:val=\"ListBullet\" /><w:numPr>"));
    for used in doc.split("<w:numId w:val=\"").skip(1) {
        let id = &used[..used.find('"').unwrap()];
        assert!(defined.contains(id), "list {id} is not defined");
    }
    // The document's properties are the letter's, not the template's.
    let core = &parts["docProps/core.xml"];
    assert!(core.contains("<dc:creator>Alex Morgan, Police and Crime Commissioner for Wessex"));
    assert!(!core.contains("Template author"));
    assert!(parts["docProps/custom.xml"].contains("s55-response"));
}

#[test]
fn a_template_dotx_comes_out_as_a_word_document() {
    let template = std::fs::read(repo().join("tests/fixtures/word/letterhead.dotx")).unwrap();
    assert!(word_parts(&template)["[Content_Types].xml"].contains("template.main+xml"));
    let parts = word_parts(&docx_in(&repo(), LETTER));
    let types = &parts["[Content_Types].xml"];
    assert!(
        types.contains("PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\""),
        "{types}"
    );
    assert!(!types.contains("template.main"), "{types}");
    // Every part has a content type: an override or its extension's default.
    for name in parts.keys().filter(|n| !n.ends_with('/')) {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            types.contains(&format!("PartName=\"/{name}\""))
                || types.contains(&format!("Extension=\"{ext}\"")),
            "{name} has no content type"
        );
    }
}

#[test]
fn no_id_of_the_template_meets_one_of_the_letters() {
    assert_ids_apart(&word_parts(&docx_in(&repo(), LETTER)));
}

/// Every relationship id unique in its part and resolving to a part in the package, every id a
/// part names one of its relationships, every drawing id unique in the document.
fn assert_ids_apart(parts: &BTreeMap<String, String>) {
    // Every relationship of every part: unique ids, and every internal target is in the package.
    for part in parts.keys().filter(|n| n.ends_with(".xml")) {
        let (dir, name) = part.rsplit_once('/').unwrap_or(("", part));
        if let Some(xml) = parts.get(&format!("{dir}/_rels/{name}.rels")) {
            let ids = values(xml, "Id");
            let unique: BTreeSet<_> = ids.iter().collect();
            assert_eq!(ids.len(), unique.len(), "{part}: {ids:?}");
        }
        let rels = rels(parts, part);
        for (id, (kind, target)) in &rels {
            if kind != "hyperlink" {
                assert!(
                    parts.contains_key(target),
                    "{part}: {id} → {target} missing"
                );
            }
        }
        // Every id a part names is one of its relationships.
        let xml = &parts[part];
        for id in values(xml, "r:id")
            .into_iter()
            .chain(values(xml, "r:embed"))
        {
            assert!(rels.contains_key(id), "{part} names {id}, which it has not");
        }
    }
    // Drawing ids are unique across the document and its headers and footers.
    let mut drawings = Vec::new();
    for (name, xml) in parts {
        if name.starts_with("word/") && name.ends_with(".xml") {
            drawings.extend(
                xml.split("<wp:docPr id=\"")
                    .skip(1)
                    .map(|s| s[..s.find('"').unwrap()].to_string()),
            );
        }
    }
    let unique: BTreeSet<_> = drawings.iter().collect();
    assert!(drawings.len() >= 2, "{drawings:?}");
    assert_eq!(drawings.len(), unique.len(), "{drawings:?}");
}

#[test]
fn a_draft_keeps_the_letterhead_and_says_draft_in_its_header() {
    let parts = word_parts(&docx_in(&repo(), LETTER));
    let doc = &parts["word/document.xml"];
    let sect = &doc[doc.rfind("<w:sectPr").unwrap()..];
    let headers: Vec<&str> = values(sect, "r:id")
        .into_iter()
        .filter_map(|id| rels(&parts, "word/document.xml").get(id).cloned())
        .filter(|(k, _)| k == "header")
        .map(|(_, t)| parts[&t].as_str())
        .collect();
    assert_eq!(headers.len(), 1);
    let head = headers[0];
    assert_eq!(head.matches("DRAFT").count(), 1, "{head}");
    // The draft line first, then the letterhead as the template has it.
    let draft = head.find("DRAFT").unwrap();
    assert!(draft < head.find("<w:drawing>").unwrap(), "{head}");
    assert!(draft < head.find("Office of the Police and Crime").unwrap());
}

#[test]
fn the_same_letter_and_template_give_the_same_bytes() {
    assert_eq!(docx_in(&repo(), LETTER), docx_in(&repo(), LETTER));
}

/// A folder holding the Word fixtures, with `office.yaml` naming `template` instead.
fn folder_naming(template: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = repo().join("tests/fixtures/word");
    for name in ["letter.yaml", "letterhead.dotx"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    let office = std::fs::read_to_string(fixtures.join("office.yaml"))
        .unwrap()
        .replace(
            "word_template: letterhead.dotx",
            &format!("word_template: {template}"),
        )
        .replace(
            "../pdf/signature.png",
            &repo()
                .join("tests/fixtures/pdf/signature.png")
                .display()
                .to_string(),
        );
    std::fs::write(dir.path().join("office.yaml"), office).unwrap();
    dir
}

#[test]
fn a_missing_template_is_reported_at_its_line_with_a_hint() {
    let dir = folder_naming("letterhed.dotx");
    let run = s55(
        dir.path(),
        &[
            "render",
            "letter.yaml",
            "--format",
            "docx",
            "-o",
            "out.docx",
        ],
    );
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("office.yaml:10"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the Word template") && run.stderr.contains("does not exist"),
        "{}",
        run.stderr
    );
    // The file beside it with nearly that name is offered.
    assert!(
        run.stderr.contains(
            "there is `letterhead.dotx` in that folder: write `word_template: letterhead.dotx`"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out.docx").exists());
    // With nothing like it there, the hint says where paths are read from.
    let far = folder_naming("templates/office-2019.dotx");
    let run = s55(
        far.path(),
        &[
            "render",
            "letter.yaml",
            "--format",
            "docx",
            "-o",
            "out.docx",
        ],
    );
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("relative to the file that names it"),
        "{}",
        run.stderr
    );
    // `check` says the letter cannot be made, at the same line.
    let run = s55(dir.path(), &["check", "letter.yaml"]);
    assert!(
        run.stdout.contains("office.yaml:10") || run.stderr.contains("office.yaml:10"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_a_word_template_says_so() {
    let dir = folder_naming("letterhead.pdf");
    std::fs::write(dir.path().join("letterhead.pdf"), b"%PDF-1.7\n% not Word\n").unwrap();
    let run = s55(
        dir.path(),
        &[
            "render",
            "letter.yaml",
            "--format",
            "docx",
            "-o",
            "out.docx",
        ],
    );
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("office.yaml:10"), "{}", run.stderr);
    assert!(
        run.stderr.contains("it is not a Word file"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Word Template (.dotx)"),
        "{}",
        run.stderr
    );
    // A zip that holds no Word document (a spreadsheet, say) says that.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    std::fs::write(
        dir.path().join("letterhead.pdf"),
        zip.finish().unwrap().into_inner(),
    )
    .unwrap();
    let run = s55(
        dir.path(),
        &[
            "render",
            "letter.yaml",
            "--format",
            "docx",
            "-o",
            "out.docx",
        ],
    );
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("no Word document inside"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_changed_template_remakes_the_word_letter_on_the_next_build() {
    let dir = folder_naming("letterhead.dotx");
    let out = dir.path().join("out");
    let build = || {
        let run = s55(
            dir.path(),
            &[
                "build",
                "letter.yaml",
                "-o",
                out.to_str().unwrap(),
                "--include-drafts",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let footer_of = || -> String {
        let docx = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "docx"))
            .expect("a Word letter");
        let parts = word_parts(&std::fs::read(docx).unwrap());
        parts
            .iter()
            .filter(|(n, _)| n.starts_with("word/footer"))
            .map(|(_, t)| t.clone())
            .collect()
    };
    build();
    assert!(footer_of().contains("Working for safer communities"));
    // The same template with other words in its footer.
    rewrite(
        &dir.path().join("letterhead.dotx"),
        "word/footer1.xml",
        "Working for safer communities",
        "Keeping Wessex safe",
    );
    build();
    assert!(
        footer_of().contains("Keeping Wessex safe"),
        "{}",
        footer_of()
    );
}

/// Rewrites one part of the template at `path`, replacing `from` with `to` in it.
fn rewrite(path: &Path, part: &str, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().to_string();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            assert!(text.contains(from), "{part} has no {from}");
            data = text.replace(from, to).into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_letterhead_on_the_first_page_only_leaves_the_later_pages_to_s55() {
    let dir = folder_naming("letterhead.dotx");
    // The template's header and footer on the first page only, as many letterheads are.
    rewrite(
        &dir.path().join("letterhead.dotx"),
        "word/document.xml",
        "<w:headerReference w:type=\"default\" r:id=\"rId1\"/><w:footerReference w:type=\"default\" r:id=\"rId2\"/>",
        "<w:headerReference w:type=\"first\" r:id=\"rId1\"/><w:footerReference w:type=\"first\" r:id=\"rId2\"/>",
    );
    rewrite(
        &dir.path().join("letterhead.dotx"),
        "word/document.xml",
        "<w:pgSz ",
        "<w:titlePg/><w:pgSz ",
    );
    let parts = word_parts(&docx_in(dir.path(), "letter.yaml"));
    let doc = &parts["word/document.xml"];
    let sect = &doc[doc.rfind("<w:sectPr").unwrap()..];
    assert!(sect.contains("<w:titlePg/>"), "{sect}");
    let doc_rels = rels(&parts, "word/document.xml");
    let part_for = |local: &str, kind: &str| -> &str {
        let at = sect
            .find(&format!("<w:{local} w:type=\"{kind}\" r:id=\""))
            .unwrap_or_else(|| panic!("no {kind} {local}: {sect}"));
        let id = values(&sect[at..], "r:id")[0];
        parts[&doc_rels[id].1].as_str()
    };
    // The first page: the template's letterhead, with the draft line; its footer.
    let first = part_for("headerReference", "first");
    assert!(
        first.contains("DRAFT") && first.contains("for Wessex"),
        "{first}"
    );
    assert!(part_for("footerReference", "first").contains("Working for safer communities"));
    // The later pages: s55's draft line and page numbers.
    let later = part_for("headerReference", "default");
    assert!(
        later.contains("DRAFT") && !later.contains("for Wessex"),
        "{later}"
    );
    assert!(part_for("footerReference", "default").contains("NUMPAGES"));
    // s55's header took the name header1.xml, so the template's was renamed, its crest with it.
    assert!(
        parts.contains_key("word/t-header1.xml"),
        "{:?}",
        parts.keys()
    );
    assert_ids_apart(&parts);
}
