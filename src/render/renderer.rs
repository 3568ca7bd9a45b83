//! The output formats, in one list. Each file s55 writes for a letter comes from one [`Renderer`]:
//! it names its format, the file it writes for a letter's slug and how it renders a [`Letter`].
//! `s55 render`, `s55 build`, the index's links, the build record and `check` all read
//! [`RENDERERS`], so adding a format is one new module with its renderer and one line in that list:
//! `--format` takes its name from there too. Each format's renderer lives in its own module
//! (`markdown`, `html`, `pdf`).

use super::html::{CmsFragment, WebPage};
use super::markdown::MarkdownLetter;
use super::pdf::PdfLetter;
use super::{Format, Letter};
use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

/// One kind of file written for each letter, as mdBook's `Renderer` is one kind of book.
pub trait Renderer: Sync {
    /// The format this file belongs to: asking for the format (`--format`, a build's formats)
    /// writes it.
    fn format(&self) -> Format;

    /// The kind of file, as the JSON list's `links` and the CSV's columns name it: `md`, `html`,
    /// `fragment`, `pdf`.
    fn kind(&self) -> &'static str;

    /// What follows the letter's slug in the file's name: `.md`, `.fragment.html`.
    fn suffix(&self) -> &'static str;

    /// The file's name for a letter named `slug`.
    fn file_name(&self, slug: &str) -> String {
        format!("{slug}{}", self.suffix())
    }

    /// What a letter's web page calls this file in its "also available as" links ("Markdown",
    /// "PDF"); `None` for the page itself and the CMS fragment, which are not linked.
    fn link_label(&self) -> Option<&'static str> {
        None
    }

    /// What the format is, for `--format`'s help; given by the format's main renderer.
    fn format_help(&self) -> Option<&'static str> {
        None
    }

    /// Whether this is the letter alone for a content management system, which
    /// `s55 render --fragment` asks for.
    fn is_fragment(&self) -> bool {
        false
    }

    /// The file's bytes.
    fn render(&self, letter: &Letter) -> Result<Vec<u8>, Diagnostic>;

    /// Every file the output is made from, so that a change to any of them can be seen to change it.
    fn sources(&self, letter: &Letter) -> Vec<PathBuf> {
        letter.sources()
    }
}

/// Every kind of file s55 writes for a letter, in the order a build writes them for each format.
pub static RENDERERS: &[&dyn Renderer] = &[
    &MarkdownLetter,
    &WebPage,
    &CmsFragment,
    &PdfLetter,
    &super::docx::WordLetter,
];

/// A letter's files for `renderers`, made side by side on the cores that are free (rayon), each
/// result in the place of its renderer. One letter in every format takes about half as long on
/// two cores as made one after another, the PDF on one core and the other formats on the other;
/// in a build that already makes letters side by side, it only evens out the work between cores.
pub fn render_all(
    letter: &Letter,
    renderers: &[&'static dyn Renderer],
) -> Vec<Result<Vec<u8>, Diagnostic>> {
    use rayon::prelude::*;
    renderers.par_iter().map(|r| r.render(letter)).collect()
}

/// Every format, in the order of [`RENDERERS`]: what `s55 build` writes.
pub fn formats() -> Vec<Format> {
    let mut formats: Vec<Format> = Vec::new();
    for r in RENDERERS {
        if !formats.contains(&r.format()) {
            formats.push(r.format());
        }
    }
    formats
}

/// The renderers for these formats: format by format in the order given, each format's files in
/// the order of [`RENDERERS`].
pub fn for_formats(formats: &[Format]) -> Vec<&'static dyn Renderer> {
    formats
        .iter()
        .flat_map(|f| RENDERERS.iter().filter(move |r| r.format() == *f))
        .copied()
        .collect()
}

/// The renderer `s55 render --format` asks for: the format's whole letter, or with `fragment` its
/// CMS fragment (`None` when the format has none).
pub fn find(format: Format, fragment: bool) -> Option<&'static dyn Renderer> {
    RENDERERS
        .iter()
        .find(|r| r.format() == format && r.is_fragment() == fragment)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_writes_every_format_in_the_order_of_the_list() {
        assert_eq!(
            formats(),
            [
                Format::MD,
                Format::HTML,
                Format::PDF,
                super::super::docx::DOCX
            ]
        );
        let kinds: Vec<&str> = for_formats(&[Format::PDF, Format::HTML])
            .iter()
            .map(|r| r.kind())
            .collect();
        assert_eq!(kinds, ["pdf", "html", "fragment"]);
    }

    #[test]
    fn files_made_side_by_side_are_the_files_made_one_after_another_in_the_same_order() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
        let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 22).unwrap();
        let letter = Letter::load(&fixtures.join("letter.yaml"), &[], None, today).unwrap();
        let together = render_all(&letter, RENDERERS);
        assert_eq!(together.len(), RENDERERS.len());
        for (r, made) in RENDERERS.iter().zip(together) {
            assert_eq!(made.unwrap(), r.render(&letter).unwrap(), "{}", r.kind());
        }
    }

    #[test]
    fn only_the_web_page_has_a_fragment() {
        assert_eq!(find(Format::HTML, true).map(|r| r.kind()), Some("fragment"));
        assert_eq!(find(Format::HTML, false).map(|r| r.kind()), Some("html"));
        assert!(find(Format::MD, true).is_none());
        assert!(find(Format::PDF, true).is_none());
    }

    #[test]
    fn only_the_pdf_and_the_word_letter_are_made_from_the_logo_and_signature() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
        let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 22).unwrap();
        let letter = Letter::load(&fixtures.join("letter.yaml"), &[], None, today).unwrap();
        let images = [fixtures.join("logo.png"), fixtures.join("signature.png")];
        for r in RENDERERS {
            let sources = r.sources(&letter);
            assert!(sources.contains(&fixtures.join("letter.yaml")));
            let drawn = images.iter().all(|i| sources.contains(i));
            assert_eq!(
                drawn,
                r.format() == Format::PDF || r.format() == super::super::docx::DOCX,
                "{}: {sources:?}",
                r.kind()
            );
        }
    }

    #[test]
    fn only_the_word_letter_is_made_from_the_offices_word_template() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/word");
        let today = chrono::NaiveDate::from_ymd_opt(2020, 4, 22).unwrap();
        let letter = Letter::load(&fixtures.join("letter.yaml"), &[], None, today).unwrap();
        let template = fixtures.join("letterhead.dotx");
        for r in RENDERERS {
            let sources = r.sources(&letter);
            assert!(sources.contains(&fixtures.join("office.yaml")));
            assert_eq!(
                sources.contains(&template),
                r.format() == super::super::docx::DOCX,
                "{}: {sources:?}",
                r.kind()
            );
        }
    }

    #[test]
    fn each_kind_of_file_has_its_own_name() {
        let mut names: Vec<String> = RENDERERS.iter().map(|r| r.file_name("a")).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RENDERERS.len());
    }
}
