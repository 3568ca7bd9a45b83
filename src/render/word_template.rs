//! The office's own Word template (`word_template:` in the office file, a `.dotx` or `.docx`, like
//! pandoc's reference document): the Word letter is written into it. s55 keeps the template's page
//! setup (the body's last `w:sectPr`: page size, margins, header and footer distances), its headers
//! and footers with their relationships and images (the letterhead, crest and address), its styles
//! (so the office's fonts and colours apply to Title, Heading1–3, ListBullet, Quote and the rest,
//! and s55's own styles fill in only those the template lacks), its numbering definitions (next to
//! s55's, renumbered), its settings, font table, theme and web settings. Everything else comes from
//! the letter s55 made: the body, its numbering, images and links, the document properties
//! (title, author, language, the `s55-response` fingerprint) and the package's content types, so a
//! `.dotx` comes out as a `.docx` (`…wordprocessingml.document.main+xml`), with no macros.
//!
//! # Why at the package level
//!
//! docx-rs can read a document (`read_docx`), but what it reads back is its own model of the
//! document, and the round trip is not faithful (docx-rs 0.4.22's reader): a header's images are
//! put in the document's own image list under the header's relationship ids (so a header's `rId1`
//! meets the body's `rId1`) and written back as the document's relationships, not the header's;
//! styles keep only the properties its model has (theme fonts and anything newer are lost); and
//! its reader `expect`s on paths it does not like, which would be a panic on an office's file. So
//! the letter is made by docx-rs as it is without a template, and the two packages are then merged
//! part by part here (zip, read with quick-xml: both already in s55's dependency tree through
//! docx-rs):
//!
//! - relationship ids: the template's parts keep their own names and relationships; the main
//!   document's relationships to them are renumbered `rIdT1`, `rIdT2`… so they cannot meet s55's
//!   (`rId1`…, `rIdHeader1`, `rIdS55Logo`, `rIdS55Link1`…), and a template part whose name s55
//!   also uses is renamed (`t-` before its name);
//! - drawing ids (`wp:docPr id`), unique in the document: s55's are moved past the template's;
//! - numbering: the template's definitions (which its styles may name) are moved to ids from
//!   1000 on, and its styles' references with them;
//! - a draft's "DRAFT" line is put at the top of each of the template's headers, under nothing
//!   else: the letterhead stays as it is;
//! - with no header (or footer) of its own, the template gets s55's: the draft line (and the
//!   "Page N of M" footer).
//!
//! The same letter and template give the same bytes: parts are written in a fixed order with fixed
//! dates.

use crate::diagnostic::Diagnostic;
use crate::load::Response;
use crate::site::files;
use crate::word_package::{Limits, Package, PackageError};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;

/// The largest template file s55 reads: 20 MB (a letterhead with a crest is usually under 1 MB).
pub const TEMPLATE_LIMIT: u64 = 20 * 1024 * 1024;

/// The most the template's parts may unpack to, all together: 100 MB (a zip bomb stops here).
const UNPACKED_LIMIT: u64 = 100 * 1024 * 1024;

/// The most parts a template may have.
const PART_LIMIT: usize = 2_000;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// The template's relationship types s55 takes from it, besides its styles and numbering (merged)
/// and the headers and footers the page setup names.
const KEPT: [&str; 4] = ["settings", "fontTable", "theme", "webSettings"];

/// The number added to the template's numbering ids, past any list s55 numbers.
const NUMBERING_OFFSET: u64 = 1000;

/// An office's Word template, read and checked.
#[derive(Debug, Clone)]
pub struct WordTemplate {
    /// Every part of the package, by name.
    parts: BTreeMap<String, Vec<u8>>,
    /// The main document's relationships: id → (type's last segment, target part name, external).
    rels: BTreeMap<String, Rel>,
    /// The body's last `w:sectPr`, as written.
    sect_pr: String,
}

#[derive(Debug, Clone)]
struct Rel {
    kind: String,
    target: String,
    external: bool,
}

/// The office's Word template file, as a path: the one the office (or response) file names.
pub fn path(response: &Response) -> Option<PathBuf> {
    let rel = response.body.word_template.as_ref()?;
    Some(response.body_dir.join(rel))
}

/// Reads the office's Word template, if it names one. A missing, unreadable, oversized or
/// non-Word file is an error at the `word_template:` line.
pub fn read(response: &Response) -> Result<Option<WordTemplate>, Diagnostic> {
    let Some(rel) = &response.body.word_template else {
        return Ok(None);
    };
    let path = response.body_dir.join(rel);
    let at = |message: String| match response.find_text(rel) {
        Some(place) => Diagnostic::at(&place.file, place.location, message),
        None => Diagnostic::file(&response.path, message),
    };
    let bytes = files::read_limited(&path, TEMPLATE_LIMIT).map_err(|e| {
        let hint = match e {
            files::ReadError::TooLarge { .. } => {
                "save the template without embedded fonts or large pictures: a letterhead needs a few hundred KB".to_string()
            }
            files::ReadError::NotFound => match nearest_word_file(&path) {
                Some(name) => format!(
                    "there is `{name}` in that folder: write `word_template: {}`",
                    std::path::Path::new(rel).with_file_name(&name).display()
                ),
                None => "the template's path is read relative to the file that names it; in Word, save the letterhead with File > Save As > Word Template (.dotx)".to_string(),
            },
            _ => "the template's path is read relative to the file that names it".to_string(),
        };
        at(format!(
            "the Word template {} could not be used: {}",
            path.display(),
            e.message("Word template")
        ))
        .with_hint(hint)
    })?;
    parse(&bytes).map(Some).map_err(|problem| {
        at(format!(
            "the Word template {} could not be used: {problem}",
            path.display()
        ))
        .with_hint("name a Word document or template (.docx or .dotx) saved by Word: open it in Word and save it again with File > Save As > Word Template (.dotx)")
    })
}

/// The Word file beside a missing one whose name is closest to it (a different case, `.docx` for
/// `.dotx`, a letter wrong), if one is close enough to be what was meant.
fn nearest_word_file(path: &std::path::Path) -> Option<String> {
    let wanted = path.file_name()?.to_str()?.to_lowercase();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    std::fs::read_dir(dir)
        .ok()?
        .take(1_000)
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            let lower = n.to_lowercase();
            lower.ends_with(".dotx") || lower.ends_with(".docx")
        })
        .map(|n| (strsim::jaro_winkler(&wanted, &n.to_lowercase()), n))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, n)| n)
}

/// Reads a template's package: every part, the main document, its relationships and page setup.
fn parse(bytes: &[u8]) -> Result<WordTemplate, String> {
    let not_word = "it is not a Word file (a .docx or .dotx is a zip package; this one is not)";
    let parts = unzip(bytes).map_err(|e| match e {
        PackageError::NotZip | PackageError::Unreadable(..) => not_word.to_string(),
        PackageError::TooBig | PackageError::PartTooBig(_) => format!(
            "it unpacks to more than {}, the most s55 reads",
            files::size_in_words(UNPACKED_LIMIT)
        ),
        PackageError::TooManyParts(_) => format!("it has more than {PART_LIMIT} parts"),
    })?;
    let main = text(&parts, "_rels/.rels")
        .map(|r| relationships(&r, ""))
        .and_then(|rels| {
            rels.into_values()
                .find(|r| r.kind == "officeDocument" && !r.external)
                .map(|r| r.target)
        })
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(document) = text(&parts, &main) else {
        return Err(format!(
            "it has no Word document inside ({main} is missing): it may be another kind of Office file"
        ));
    };
    let rels = text(&parts, &rels_name(&main))
        .map(|r| relationships(&r, &dir_of(&main)))
        .unwrap_or_default();
    // The body's own (document > body > sectPr), not a section break inside a paragraph.
    let sect_pr = elements(&document, "sectPr")
        .into_iter()
        .rfind(|e| e.depth == 3)
        .map(|e| document[e.start..e.end].to_string())
        .unwrap_or_default();
    Ok(WordTemplate {
        parts,
        rels,
        sect_pr,
    })
}

/// How much of a template s55 unpacks: [`PART_LIMIT`] parts, [`UNPACKED_LIMIT`] in all.
const LIMITS: Limits = Limits {
    parts: PART_LIMIT,
    part: UNPACKED_LIMIT,
    total: UNPACKED_LIMIT,
};

fn unzip(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, PackageError> {
    Package::open(bytes, LIMITS)?.all()
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> Option<String> {
    parts.get(name).map(|b| {
        String::from_utf8_lossy(b)
            .trim_start_matches('\u{feff}')
            .to_string()
    })
}

/// The folder of a part name, with its trailing slash (`word/` for `word/document.xml`).
fn dir_of(part: &str) -> String {
    part.rfind('/')
        .map(|i| part[..=i].to_string())
        .unwrap_or_default()
}

/// The relationships part of a part: `word/_rels/document.xml.rels`.
fn rels_name(part: &str) -> String {
    let dir = dir_of(part);
    format!("{dir}_rels/{}.rels", &part[dir.len()..])
}

/// A relationship's target as a part name, from the folder of the part it belongs to.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// A relationships part: id → relationship, its type reduced to its last segment.
fn relationships(xml: &str, dir: &str) -> BTreeMap<String, Rel> {
    let mut out = BTreeMap::new();
    for e in elements(xml, "Relationship") {
        let (Some(id), Some(kind), Some(target)) = (e.attr("Id"), e.attr("Type"), e.attr("Target"))
        else {
            continue;
        };
        let external = e.attr("TargetMode").is_some_and(|m| m == "External");
        let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
        let target = if external {
            target.to_string()
        } else {
            resolve(dir, target)
        };
        out.insert(
            id.to_string(),
            Rel {
                kind,
                target,
                external,
            },
        );
    }
    out
}

/// One element found in an XML text: its byte span (start tag to end tag), depth (the root is 1)
/// and attributes by local name.
#[derive(Debug)]
struct Element {
    start: usize,
    end: usize,
    depth: usize,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

fn attrs_of(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            let value = quick_xml::escape::unescape(&raw)
                .map(|v| v.into_owned())
                .unwrap_or(raw);
            (
                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                value,
            )
        })
        .collect()
}

/// Every element with this local name (any prefix), outermost first where they nest. A text that
/// is not well-formed XML gives what was found before the fault.
fn elements(xml: &str, local: &str) -> Vec<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let Ok(event) = reader.read_event() else {
            break;
        };
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                if e.local_name().as_ref() == local.as_bytes() {
                    open.push(out.len());
                    out.push(Element {
                        start: before,
                        end: after,
                        depth,
                        attrs: attrs_of(&e),
                    });
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == local.as_bytes() => {
                out.push(Element {
                    start: before,
                    end: after,
                    depth: depth + 1,
                    attrs: attrs_of(&e),
                });
            }
            Event::End(e) => {
                if e.local_name().as_ref() == local.as_bytes() {
                    if let Some(i) = open.pop() {
                        out[i].end = after;
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The end of an element's start tag (just after its `>`), from the element's start.
fn start_tag_end(xml: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in xml[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return start + i + 1,
            _ => {}
        }
    }
    xml.len()
}

/// Replaces the given spans of `xml` (in any order, never overlapping) with new texts.
fn splice(xml: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(xml.len());
    let mut at = 0;
    for (s, e, text) in edits {
        if s < at {
            continue;
        }
        out.push_str(&xml[at..s]);
        out.push_str(&text);
        at = e;
    }
    out.push_str(&xml[at..]);
    out
}

impl WordTemplate {
    /// The header and footer parts the template's page setup names: (kind, relationship id,
    /// part name, whether it is the one for every page rather than the first or even pages).
    fn furniture(&self) -> Vec<(&'static str, String, String, bool)> {
        let mut out = Vec::new();
        for (kind, local) in [("header", "headerReference"), ("footer", "footerReference")] {
            for e in elements(&self.sect_pr, local) {
                let Some(id) = e.attr("id") else { continue };
                let every_page = e.attr("type").is_none_or(|t| t == "default");
                if let Some(rel) = self.rels.get(id).filter(|r| !r.external) {
                    if self.parts.contains_key(&rel.target) {
                        out.push((kind, id.to_string(), rel.target.clone(), every_page));
                    }
                }
            }
        }
        out
    }

    /// Whether the template has a header of its own (its letterhead), if only on the first page.
    pub fn has_header(&self) -> bool {
        self.furniture().iter().any(|f| f.0 == "header")
    }

    /// Whether the template's pages (after a different first page) have a header of its own: when
    /// they have not, a draft's "DRAFT" line is s55's header there.
    pub fn header_on_every_page(&self) -> bool {
        self.furniture().iter().any(|f| f.0 == "header" && f.3)
    }

    /// Whether the template's pages (after a different first page) have a footer of its own: when
    /// they have not, s55's "Page N of M" is the footer there.
    pub fn footer_on_every_page(&self) -> bool {
        self.furniture().iter().any(|f| f.0 == "footer" && f.3)
    }

    fn part_of_kind(&self, kind: &str) -> Option<&Rel> {
        self.rels
            .values()
            .find(|r| r.kind == kind && !r.external && self.parts.contains_key(&r.target))
    }

    /// Writes the letter s55 made (`letter`, a `.docx` package) into the template. `draft` is the
    /// draft line's paragraph (Word XML) to put at the top of the template's headers.
    pub fn apply(&self, letter: &[u8], draft: Option<&str>) -> Result<Vec<u8>, String> {
        let mut s55 = unzip(letter).map_err(|_| "the letter s55 made is not a package")?;
        let order: Vec<String> = zip_order(letter);
        let doc_name = "word/document.xml";
        let doc_rels_name = rels_name(doc_name);
        let mut document = text(&s55, doc_name).ok_or("the letter has no document")?;
        let mut doc_rels = text(&s55, &doc_rels_name).unwrap_or_default();
        let s55_rels = relationships(&doc_rels, "word/");
        let mut types = text(&s55, "[Content_Types].xml").unwrap_or_default();

        let furniture = self.furniture();
        // Whether the template has its own header (footer) for every page: s55's then goes.
        let has = |k: &str| furniture.iter().any(|f| f.0 == k && f.3);
        // The s55 parts the template's own replace, and their relationships.
        let mut dropped: BTreeSet<String> = BTreeSet::new();
        let mut dropped_ids: BTreeSet<String> = BTreeSet::new();
        for (id, rel) in &s55_rels {
            let replaced = (rel.kind == "header" && has("header"))
                || (rel.kind == "footer" && has("footer"))
                || (KEPT.contains(&rel.kind.as_str()) && self.part_of_kind(&rel.kind).is_some());
            if replaced && !rel.external {
                dropped.insert(rel.target.clone());
                dropped.insert(rels_name(&rel.target));
                dropped_ids.insert(id.clone());
            }
        }
        for name in &dropped {
            s55.remove(name);
        }

        // The template's parts to copy: its headers and footers, settings, font table, theme and
        // web settings, and everything their own relationships reach.
        let mut wanted: Vec<(String, String)> = Vec::new(); // (old rel id, part)
        for (_, id, part, _) in &furniture {
            wanted.push((id.clone(), part.clone()));
        }
        for (id, rel) in &self.rels {
            if KEPT.contains(&rel.kind.as_str())
                && !rel.external
                && self.parts.contains_key(&rel.target)
            {
                wanted.push((id.clone(), rel.target.clone()));
            }
        }
        let copy = self.reachable(wanted.iter().map(|(_, p)| p.clone()).collect());
        let renamed = renames(&copy, &s55);
        let new_name = |part: &str| renamed.get(part).cloned().unwrap_or(part.to_string());

        // Drawing ids: s55's move past the template's.
        let mut template_max = 0u64;
        for part in &copy {
            if let Some(xml) = text(&self.parts, part).filter(|_| part.ends_with(".xml")) {
                for e in elements(&xml, "docPr") {
                    if let Some(n) = e.attr("id").and_then(|v| v.parse::<u64>().ok()) {
                        template_max = template_max.max(n);
                    }
                }
            }
        }
        if template_max > 0 {
            document = shift_drawing_ids(&document, template_max);
            for (name, bytes) in s55.iter_mut() {
                if (name.starts_with("word/header") || name.starts_with("word/footer"))
                    && name.ends_with(".xml")
                {
                    let xml = String::from_utf8_lossy(bytes);
                    *bytes = shift_drawing_ids(&xml, template_max).into_bytes();
                }
            }
        }

        // The main document's relationships to the template's parts, renumbered.
        let mut new_ids: BTreeMap<String, String> = BTreeMap::new();
        let mut added_rels = String::new();
        let mut n = 0;
        for (old, part) in &wanted {
            let id = loop {
                n += 1;
                let id = format!("rIdT{n}");
                if !s55_rels.contains_key(&id) {
                    break id;
                }
            };
            let rel = &self.rels[old];
            added_rels.push_str(&format!(
                "<Relationship Id=\"{id}\" Type=\"{REL}{}\" Target=\"{}\" />",
                rel.kind,
                escape(&relative("word/", &new_name(part)))
            ));
            new_ids.insert(old.clone(), id);
        }
        let keep: Vec<(usize, usize, String)> = elements(&doc_rels, "Relationship")
            .into_iter()
            .filter(|e| e.attr("Id").is_some_and(|id| dropped_ids.contains(id)))
            .map(|e| (e.start, e.end, String::new()))
            .collect();
        doc_rels = splice(&doc_rels, keep);
        if let Some(at) = doc_rels.rfind("</Relationships>") {
            doc_rels.insert_str(at, &added_rels);
        }

        // The page setup: the template's, naming its headers and footers by their new ids, and
        // s55's where it has none of its own.
        let sect = self.page_setup(&document, &new_ids, &|kind| !has(kind));
        if let Some(sect) = sect {
            if let Some(e) = elements(&document, "sectPr")
                .into_iter()
                .rfind(|e| e.depth == 3)
            {
                document = splice(&document, vec![(e.start, e.end, sect)]);
            }
        }

        // The draft line at the top of each of the template's headers.
        let mut template_parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for part in &copy {
            let Some(bytes) = self.parts.get(part) else {
                continue;
            };
            let mut bytes = bytes.clone();
            let is_header = furniture
                .iter()
                .any(|(k, _, p, _)| *k == "header" && p == part);
            if let (true, Some(draft)) = (is_header, draft) {
                bytes = first_in_header(&String::from_utf8_lossy(&bytes), draft).into_bytes();
            }
            let name = match part.strip_suffix(".rels") {
                // Relationships that name a renamed part follow it, and the relationships of a
                // renamed part are renamed with it.
                Some(_) => {
                    let owner = owner_of(part);
                    if !renamed.is_empty() {
                        let xml = String::from_utf8_lossy(&bytes);
                        bytes = retarget(&xml, &dir_of(&owner), &renamed).into_bytes();
                    }
                    rels_name(&new_name(&owner))
                }
                None => new_name(part),
            };
            template_parts.insert(name, bytes);
        }

        // Styles and numbering.
        if let Some(styles) = self
            .part_of_kind("styles")
            .and_then(|r| text(&self.parts, &r.target))
        {
            let own = text(&s55, "word/styles.xml").unwrap_or_default();
            s55.insert(
                "word/styles.xml".to_string(),
                merge_styles(&styles, &own).into_bytes(),
            );
        }
        if let Some(numbering) = self
            .part_of_kind("numbering")
            .and_then(|r| text(&self.parts, &r.target))
        {
            let own = text(&s55, "word/numbering.xml").unwrap_or_default();
            if !own.is_empty() {
                s55.insert(
                    "word/numbering.xml".to_string(),
                    merge_numbering(&numbering, &own).into_bytes(),
                );
            }
        }

        // Content types: s55's (so the main part is a document, not a template), less the parts
        // dropped, with the template's parts' own.
        let t_types = text(&self.parts, "[Content_Types].xml").unwrap_or_default();
        types = merge_types(&types, &t_types, &dropped, &template_parts, &renamed);

        s55.insert(doc_name.to_string(), document.into_bytes());
        s55.insert(doc_rels_name, doc_rels.into_bytes());
        s55.insert("[Content_Types].xml".to_string(), types.into_bytes());

        pack(&order, s55, template_parts)
    }

    /// Every part reachable from these through the parts' own relationships, with their
    /// relationships parts.
    fn reachable(&self, mut queue: Vec<String>) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        while let Some(part) = queue.pop() {
            if !found.insert(part.clone()) {
                continue;
            }
            let rels = rels_name(&part);
            if let Some(r) = text(&self.parts, &rels) {
                found.insert(rels);
                for rel in relationships(&r, &dir_of(&part)).into_values() {
                    if !rel.external && self.parts.contains_key(&rel.target) {
                        queue.push(rel.target);
                    }
                }
            }
        }
        found
    }

    /// The template's page setup, its header and footer references renamed to `new_ids`, with
    /// the references of s55's own page setup (in `document`) of the kinds `s55s` names.
    fn page_setup(
        &self,
        document: &str,
        new_ids: &BTreeMap<String, String>,
        s55s: &dyn Fn(&str) -> bool,
    ) -> Option<String> {
        let t = &self.sect_pr;
        let mut refs = String::new();
        let mut edits = Vec::new();
        for local in ["headerReference", "footerReference"] {
            for e in elements(t, local) {
                let tag = &t[e.start..e.end];
                if let Some(new) = e.attr("id").and_then(|id| new_ids.get(id)) {
                    let old = e.attr("id").unwrap_or_default();
                    refs.push_str(&tag.replacen(
                        &format!("\"{}\"", escape(old)),
                        &format!("\"{new}\""),
                        1,
                    ));
                }
                edits.push((e.start, e.end, String::new()));
            }
        }
        let s55_sect = elements(document, "sectPr")
            .into_iter()
            .rfind(|e| e.depth == 3);
        if let Some(own) = &s55_sect {
            let own = document[own.start..own.end].to_string();
            for (kind, local) in [("header", "headerReference"), ("footer", "footerReference")] {
                if !s55s(kind) {
                    continue;
                }
                for e in elements(&own, local) {
                    refs.push_str(&own[e.start..e.end]);
                }
            }
        }
        if t.is_empty() {
            None
        } else {
            let body = splice(t, edits);
            let open = start_tag_end(&body, 0);
            let self_closing = body[..open].ends_with("/>");
            Some(if self_closing {
                format!("{}>{refs}</w:sectPr>", body[..open - 2].trim_end())
            } else {
                format!("{}{refs}{}", &body[..open], &body[open..])
            })
        }
    }
}

/// The parts to write, in s55's order, then the template's parts by name, with fixed dates.
fn pack(
    order: &[String],
    mut s55: BTreeMap<String, Vec<u8>>,
    template_parts: BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut write = |name: &str, bytes: &[u8]| -> Result<(), String> {
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(bytes).map_err(|e| e.to_string())
    };
    for name in order {
        if let Some(bytes) = s55.remove(name) {
            write(name, &bytes)?;
        }
    }
    for (name, bytes) in s55.iter().chain(template_parts.iter()) {
        write(name, bytes)?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// New names for the parts to copy whose names s55's parts (or another renamed part) have: `t-`
/// before the file's name.
fn renames(copy: &BTreeSet<String>, taken: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for part in copy.iter().filter(|p| !p.ends_with(".rels")) {
        let mut name = part.clone();
        while taken.contains_key(&name) || renamed.values().any(|n| *n == name) {
            let dir = dir_of(&name);
            name = format!("{dir}t-{}", &name[dir.len()..]);
        }
        if name != *part {
            renamed.insert(part.clone(), name);
        }
    }
    renamed
}

/// A part's drawing ids (`wp:docPr id`) moved up by `by`.
fn shift_drawing_ids(xml: &str, by: u64) -> String {
    let edits = elements(xml, "docPr")
        .into_iter()
        .filter_map(|e| {
            let n: u64 = e.attr("id")?.parse().ok()?;
            let tag = &xml[e.start..start_tag_end(xml, e.start)];
            let old = format!("id=\"{n}\"");
            let at = tag.find(&old)?;
            Some((
                e.start + at,
                e.start + at + old.len(),
                format!("id=\"{}\"", n + by),
            ))
        })
        .collect();
    splice(xml, edits)
}

/// A header with `paragraph` put first in it, above what it had.
fn first_in_header(xml: &str, paragraph: &str) -> String {
    let Some(root) = elements(xml, "hdr").into_iter().next() else {
        return xml.to_string();
    };
    let at = start_tag_end(xml, root.start);
    if xml[..at].ends_with("/>") {
        format!(
            "{}>{paragraph}</w:hdr>{}",
            xml[..at - 2].trim_end(),
            &xml[at..]
        )
    } else {
        format!("{}{paragraph}{}", &xml[..at], &xml[at..])
    }
}

/// The part a relationships part belongs to: `word/header1.xml` for
/// `word/_rels/header1.xml.rels`.
fn owner_of(rels: &str) -> String {
    let dir = dir_of(rels);
    let parent = dir.trim_end_matches('/').trim_end_matches("_rels");
    format!("{parent}{}", rels[dir.len()..].trim_end_matches(".rels"))
}

/// A relationships part (of a part in `owner_dir`) whose targets follow the renamed parts.
fn retarget(xml: &str, owner_dir: &str, renamed: &BTreeMap<String, String>) -> String {
    let edits = elements(xml, "Relationship")
        .into_iter()
        .filter(|e| e.attr("TargetMode") != Some("External"))
        .filter_map(|e| {
            let target = e.attr("Target")?;
            let to = renamed.get(&resolve(owner_dir, target))?;
            let tag = &xml[e.start..e.end];
            let old = format!("Target=\"{}\"", escape(target));
            let new = format!("Target=\"{}\"", escape(&relative(owner_dir, to)));
            Some((e.start, e.end, tag.replacen(&old, &new, 1)))
        })
        .collect();
    splice(xml, edits)
}

/// The names of a zip's files in the order they are stored.
fn zip_order(bytes: &[u8]) -> Vec<String> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().map(|f| f.name().to_string()))
        .collect()
}

/// A relationship's target written from a folder: relative when the part is inside it, else an
/// absolute part name.
fn relative(dir: &str, part: &str) -> String {
    match part.strip_prefix(dir) {
        Some(rest) => rest.to_string(),
        None => format!("/{part}"),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The template's styles with s55's added where the template has none of that id, its numbering
/// references moved with its numbering, and the document's language set to en-GB.
fn merge_styles(template: &str, own: &str) -> String {
    let ids: BTreeSet<String> = elements(template, "style")
        .iter()
        .filter_map(|e| e.attr("styleId").map(str::to_string))
        .collect();
    let mut extra = String::new();
    for e in elements(own, "style") {
        if e.attr("styleId").is_some_and(|id| !ids.contains(id)) {
            extra.push_str(&own[e.start..e.end]);
        }
    }
    let mut edits: Vec<(usize, usize, String)> = elements(template, "numId")
        .into_iter()
        .filter_map(|e| {
            let n: u64 = e.attr("val")?.parse().ok()?;
            // numId 0 means "no numbering" and stays.
            (n > 0).then(|| {
                let tag = &template[e.start..e.end];
                (
                    e.start,
                    e.end,
                    tag.replacen(
                        &format!("\"{n}\""),
                        &format!("\"{}\"", n + NUMBERING_OFFSET),
                        1,
                    ),
                )
            })
        })
        .collect();
    // The language: en-GB in the run defaults.
    let lang = format!(
        "<w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"ar-SA\" />",
        super::docx::LANGUAGE
    );
    let defaults = elements(template, "rPrDefault").into_iter().next();
    match defaults {
        Some(d) => {
            let inner = &template[d.start..d.end];
            match elements(inner, "lang").into_iter().next() {
                Some(l) => edits.push((d.start + l.start, d.start + l.end, lang)),
                None => match elements(inner, "rPr").into_iter().next() {
                    Some(r) if !inner[r.start..r.end].ends_with("/>") => {
                        let close = inner[..r.end].rfind("</").unwrap_or(r.end);
                        edits.push((d.start + close, d.start + close, lang));
                    }
                    Some(r) => edits.push((
                        d.start + r.start,
                        d.start + r.end,
                        format!("<w:rPr>{lang}</w:rPr>"),
                    )),
                    None => {
                        let open = start_tag_end(template, d.start);
                        edits.push((open, open, format!("<w:rPr>{lang}</w:rPr>")));
                    }
                },
            }
        }
        None => {
            let defaults = format!(
                "<w:docDefaults><w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault></w:docDefaults>"
            );
            match elements(template, "docDefaults").into_iter().next() {
                Some(d) => {
                    let open = start_tag_end(template, d.start);
                    edits.push((
                        open,
                        open,
                        format!("<w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault>"),
                    ));
                }
                None => {
                    if let Some(root) = elements(template, "styles").into_iter().next() {
                        let open = start_tag_end(template, root.start);
                        edits.push((open, open, defaults));
                    }
                }
            }
        }
    }
    if let Some(close) = template.rfind("</w:styles>") {
        edits.push((close, close, extra));
    }
    splice(template, edits)
}

/// s55's numbering with the template's definitions added, their ids moved past s55's (picture
/// bullets, which need the template's images, become plain bullets).
fn merge_numbering(template: &str, own: &str) -> String {
    let shift = |xml: &str, local: &str, attr: &str| -> String {
        let edits = elements(xml, local)
            .into_iter()
            .filter_map(|e| {
                let n: u64 = e.attr(attr)?.parse().ok()?;
                let end = start_tag_end(xml, e.start);
                let tag = &xml[e.start..end];
                let old = format!("{attr}=\"{n}\"");
                let at = tag.find(&format!(":{old}")).map(|a| a + 1)?;
                Some((
                    e.start + at,
                    e.start + at + old.len(),
                    format!("{attr}=\"{}\"", n + NUMBERING_OFFSET),
                ))
            })
            .collect();
        splice(xml, edits)
    };
    let mut abstracts = String::new();
    for e in elements(template, "abstractNum") {
        let part = &template[e.start..e.end];
        let part = shift(part, "abstractNum", "abstractNumId");
        let pics: Vec<_> = elements(&part, "lvlPicBulletId")
            .into_iter()
            .map(|p| (p.start, p.end, String::new()))
            .collect();
        abstracts.push_str(&splice(&part, pics));
    }
    let mut nums = String::new();
    for e in elements(template, "num")
        .into_iter()
        .filter(|e| e.depth == 2)
    {
        let part = &template[e.start..e.end];
        let part = shift(part, "num", "numId");
        nums.push_str(&shift(&part, "abstractNumId", "val"));
    }
    let mut edits = Vec::new();
    let first_num = elements(own, "num")
        .into_iter()
        .find(|e| e.depth == 2)
        .map(|e| e.start)
        .or_else(|| own.rfind("</w:numbering>"));
    if let Some(at) = first_num {
        edits.push((at, at, abstracts));
    }
    if let Some(at) = own.rfind("</w:numbering>") {
        edits.push((at, at, nums));
    }
    splice(own, edits)
}

/// s55's content types less the dropped parts, with an override for each template part whose
/// type the defaults do not give.
fn merge_types(
    own: &str,
    template: &str,
    dropped: &BTreeSet<String>,
    parts: &BTreeMap<String, Vec<u8>>,
    renamed: &BTreeMap<String, String>,
) -> String {
    let defaults = |xml: &str| -> BTreeMap<String, String> {
        elements(xml, "Default")
            .into_iter()
            .filter_map(|e| {
                Some((
                    e.attr("Extension")?.to_ascii_lowercase(),
                    e.attr("ContentType")?.to_string(),
                ))
            })
            .collect()
    };
    let overrides = |xml: &str| -> BTreeMap<String, String> {
        elements(xml, "Override")
            .into_iter()
            .filter_map(|e| {
                Some((
                    e.attr("PartName")?.trim_start_matches('/').to_string(),
                    e.attr("ContentType")?.to_string(),
                ))
            })
            .collect()
    };
    let own_defaults = defaults(own);
    let (t_defaults, t_overrides) = (defaults(template), overrides(template));
    let mut edits: Vec<(usize, usize, String)> = elements(own, "Override")
        .into_iter()
        .filter(|e| {
            e.attr("PartName")
                .is_some_and(|p| dropped.contains(p.trim_start_matches('/')))
        })
        .map(|e| (e.start, e.end, String::new()))
        .collect();
    let mut extra = String::new();
    for name in parts.keys().filter(|n| !n.ends_with(".rels")) {
        let old = renamed
            .iter()
            .find(|(_, n)| *n == name)
            .map_or(name.as_str(), |(o, _)| o.as_str());
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let Some(kind) = t_overrides.get(old).or_else(|| t_defaults.get(&ext)) else {
            continue;
        };
        if own_defaults.get(&ext) != Some(kind) {
            extra.push_str(&format!(
                "<Override PartName=\"/{}\" ContentType=\"{}\" />",
                escape(name),
                escape(kind)
            ));
        }
    }
    if let Some(close) = own.rfind("</Types>") {
        edits.push((close, close, extra));
    }
    splice(own, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_from_their_part() {
        assert_eq!(
            resolve("word/", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word/", "/word/footer1.xml"), "word/footer1.xml");
        assert_eq!(rels_name("word/header1.xml"), "word/_rels/header1.xml.rels");
        assert_eq!(owner_of("word/_rels/header1.xml.rels"), "word/header1.xml");
        assert_eq!(owner_of("_rels/.rels"), "");
    }

    #[test]
    fn nested_elements_are_found_outermost_first_with_their_depth() {
        let xml = r#"<w:body xmlns:w="x"><w:p><w:pPr><w:sectPr a="1"/></w:pPr></w:p><w:sectPr w:b="2"><w:pgSz/></w:sectPr></w:body>"#;
        let found = elements(xml, "sectPr");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].depth, 4);
        assert_eq!(found[1].depth, 2);
        assert_eq!(
            &xml[found[1].start..found[1].end],
            r#"<w:sectPr w:b="2"><w:pgSz/></w:sectPr>"#
        );
        assert_eq!(found[1].attr("b"), Some("2"));
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_not_a_word_file() {
        let e = parse(b"%PDF-1.7 not a zip").unwrap_err();
        assert!(e.contains("not a Word file"), "{e}");
    }

    #[test]
    fn a_zip_without_a_word_document_says_so() {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"<workbook/>").unwrap();
        let bytes = z.finish().unwrap().into_inner();
        let e = parse(&bytes).unwrap_err();
        assert!(e.contains("no Word document inside"), "{e}");
    }

    #[test]
    fn a_template_past_the_limits_is_refused_before_it_is_unpacked() {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..=PART_LIMIT {
            z.start_file(format!("p{i}"), zip::write::SimpleFileOptions::default())
                .unwrap();
        }
        let e = parse(&z.finish().unwrap().into_inner()).unwrap_err();
        assert!(e.contains("more than 2000 parts"), "{e}");
        // A small file that unpacks to more than the limit (a zip bomb).
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("word/document.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..=(UNPACKED_LIMIT >> 20) {
            z.write_all(&zeros).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        assert!((bytes.len() as u64) < TEMPLATE_LIMIT);
        let e = parse(&bytes).unwrap_err();
        assert!(e.contains("unpacks to more than 100 MB"), "{e}");
    }

    #[test]
    fn the_templates_styles_win_and_s55s_fill_in_with_the_language_set() {
        let t = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:styleId="Heading1"><w:rPr><w:rFonts w:ascii="Trebuchet MS"/></w:rPr></w:style><w:style w:styleId="ListBullet"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let own = r#"<w:styles xmlns:w="w"><w:style w:styleId="Heading1"><w:rPr><w:b/></w:rPr></w:style><w:style w:styleId="Quote"><w:rPr><w:i/></w:rPr></w:style></w:styles>"#;
        let merged = merge_styles(t, own);
        assert_eq!(merged.matches("w:styleId=\"Heading1\"").count(), 1);
        assert!(merged.contains("Trebuchet MS"));
        assert!(merged.contains("w:styleId=\"Quote\""));
        assert!(merged.contains("<w:numId w:val=\"1003\"/>"), "{merged}");
        assert!(
            merged.contains("<w:sz w:val=\"22\"/><w:lang w:val=\"en-GB\""),
            "{merged}"
        );
    }

    #[test]
    fn the_templates_numbering_moves_past_s55s() {
        let t = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlPicBulletId w:val="0"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let own = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let merged = merge_numbering(t, own);
        assert_eq!(
            merged,
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"></w:abstractNum><w:abstractNum w:abstractNumId="1000"><w:lvl w:ilvl="0"></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="1001"><w:abstractNumId w:val="1000"/></w:num></w:numbering>"#
        );
    }
}
