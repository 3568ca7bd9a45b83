//! The letter's typeface: Liberation Sans 2 (SIL Open Font License 1.1, licence in
//! `assets/fonts/LICENSE-LiberationSans.txt`), compiled into the binary so that every machine
//! produces the same letter. System fonts are never looked up.
//!
//! Text is measured here with the font's own advance widths (through `skrifa`, which krilla also
//! uses), and the same widths are handed to krilla when the glyphs are drawn, so what the layout
//! engine measured is exactly what lands on the page.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-BoldItalic.ttf");
/// The four files, in the order [`DRAWING`] holds their krilla fonts.
static FILES: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

thread_local! {
    /// This thread's own krilla fonts, one per file. krilla takes and gives back a share of the
    /// font for every glyph it draws; when two letters were drawn at once on two cores with one
    /// font between them, the cores took turns over that count, and drawing glyphs was over a
    /// quarter of a whole build's time. A font for each thread keeps the count on its own core.
    /// The fonts read the same compiled-in bytes (nothing is copied) and the PDF is the same.
    static DRAWING: [Font; 4] = FILES.map(|data| {
        Font::new(data.into(), 0).expect("krilla reads the bundled Liberation Sans")
    });
}

/// Which of the four faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    /// Set in bold.
    pub bold: bool,
    /// Set in italics.
    pub italic: bool,
}

impl Style {
    /// Neither bold nor italic.
    pub const REGULAR: Style = Style {
        bold: false,
        italic: false,
    };
    /// Bold.
    pub const BOLD: Style = Style {
        bold: true,
        italic: false,
    };
    /// Italic.
    pub const ITALIC: Style = Style {
        bold: false,
        italic: true,
    };
}

/// Characters below this are looked up once, when the face is loaded (Latin, Welsh, the
/// punctuation Word pastes, the euro sign): every letter is mostly made of them.
const COMMON: u32 = 0x2200;

/// One face: skrifa's view of it used to measure, and which file krilla draws it from.
pub struct Face {
    /// Its place in [`FILES`].
    file: usize,
    charmap: Charmap<'static>,
    /// The glyph of each character below [`COMMON`] (0 when the font lacks it).
    common: Vec<u32>,
    /// The advance of each glyph of those characters, as a fraction of the font size.
    advances: Vec<f32>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    /// Ascender, as a fraction of the font size.
    pub ascent: f32,
}

impl Face {
    fn load(file: usize) -> Face {
        // The four files are compiled in and known to be valid TrueType fonts; a failure here is a
        // broken build of s55, not a problem with anyone's letter.
        let data = FILES[file];
        let font_ref = FontRef::new(data).expect("the bundled Liberation Sans font is valid");
        let metrics = font_ref.glyph_metrics(Size::unscaled(), LocationRef::default());
        let m = font_ref.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(m.units_per_em);
        let charmap = font_ref.charmap();
        let common = common_glyphs(&charmap);
        let last = common.iter().copied().max().unwrap_or(0);
        let advances = (0..=last)
            .map(|g| {
                metrics
                    .advance_width(skrifa::GlyphId::new(g))
                    .unwrap_or(0.0)
                    / units_per_em
            })
            .collect();
        Face {
            file,
            charmap,
            common,
            advances,
            metrics,
            units_per_em,
            ascent: m.ascent / units_per_em,
        }
    }

    /// The font krilla draws this face with: this thread's own (see [`DRAWING`]).
    pub fn font(&self) -> Font {
        DRAWING.with(|fonts| fonts[self.file].clone())
    }

    /// The glyph for a character, or `None` when the font does not have it.
    pub fn glyph(&self, ch: char) -> Option<u32> {
        let glyph = match self.common.get(ch as usize) {
            Some(&g) => g,
            None => self.charmap.map(ch).map_or(0, |g| g.to_u32()),
        };
        (glyph != 0).then_some(glyph)
    }

    /// Whether the font can draw this character.
    pub fn has(&self, ch: char) -> bool {
        self.glyph(ch).is_some()
    }

    /// A glyph's advance as a fraction of the font size.
    fn advance(&self, glyph: u32) -> f32 {
        if let Some(&known) = self.advances.get(glyph as usize) {
            return known;
        }
        self.metrics
            .advance_width(skrifa::GlyphId::new(glyph))
            .unwrap_or(0.0)
            / self.units_per_em
    }

    /// The width of `text` at `size` points. Characters the font lacks measure nothing: they are
    /// refused before anything is drawn (see [`Face::has`]).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .filter_map(|c| self.glyph(c))
            .map(|g| self.advance(g))
            .sum::<f32>()
            * size
    }

    /// The width of one character at `size` points: the same as [`Face::width`] of it alone.
    pub fn char_width(&self, ch: char, size: f32) -> f32 {
        self.glyph(ch).map_or(0.0, |g| self.advance(g)) * size
    }

    /// The glyphs krilla draws for `text`, each mapped back to its characters so that copied and
    /// extracted text (and screen readers) get the real words.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .filter_map(|(i, c)| {
                let g = self.glyph(c)?;
                Some(KrillaGlyph::new(
                    GlyphId::new(g),
                    self.advance(g),
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                ))
            })
            .collect()
    }
}

/// The four faces of Liberation Sans.
pub struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
    bold_italic: Face,
}

impl Faces {
    /// The faces, loaded once per process.
    pub fn get() -> &'static Faces {
        static FACES: OnceLock<Faces> = OnceLock::new();
        FACES.get_or_init(|| Faces {
            regular: Face::load(0),
            bold: Face::load(1),
            italic: Face::load(2),
            bold_italic: Face::load(3),
        })
    }

    /// The face for text in `style`.
    pub fn face(&self, style: Style) -> &Face {
        match (style.bold, style.italic) {
            (false, false) => &self.regular,
            (true, false) => &self.bold,
            (false, true) => &self.italic,
            (true, true) => &self.bold_italic,
        }
    }
}

/// A character's Unicode name in the form people can search for: `U+1F600`.
pub fn codepoint(ch: char) -> String {
    format!("U+{:04X}", ch as u32)
}

/// The glyph of each character below [`COMMON`], read from the font's character map in one walk
/// over its mappings (asking it for each of the 8,704 characters in turn took a quarter of the time
/// `s55 render --format pdf` spends on one letter). The first mapping of a character wins.
fn common_glyphs(charmap: &Charmap<'_>) -> Vec<u32> {
    let mut common = vec![0u32; COMMON as usize];
    for (c, glyph) in charmap.mappings() {
        if c < COMMON && char::from_u32(c).is_some() && common[c as usize] == 0 {
            common[c as usize] = glyph.to_u32();
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_characters_width_is_its_width_as_text() {
        let faces = Faces::get();
        for style in [Style::REGULAR, Style::BOLD, Style::ITALIC] {
            let face = faces.face(style);
            for ch in ['a', 'W', ' ', '’', '€', 'ŵ', '\u{1F600}', '\n'] {
                let alone = face.width(ch.encode_utf8(&mut [0; 4]), 10.5);
                // Equal as numbers (a missing character is nothing, 0 or -0, either way).
                assert_eq!(face.char_width(ch, 10.5), alone, "{ch:?}");
            }
        }
    }

    #[test]
    fn british_and_welsh_letters_are_in_the_font() {
        let faces = Faces::get();
        for style in [Style::REGULAR, Style::BOLD, Style::ITALIC] {
            for ch in "’“”–£é•€ñłŵŷ".chars() {
                assert!(faces.face(style).has(ch), "{ch} missing from {style:?}");
            }
        }
    }

    #[test]
    fn the_common_glyph_table_agrees_with_the_fonts_character_map() {
        let faces = Faces::get();
        for style in [Style::REGULAR, Style::BOLD, Style::ITALIC] {
            let face = faces.face(style);
            for c in 0..COMMON {
                let looked_up = char::from_u32(c)
                    .and_then(|ch| face.charmap.map(ch))
                    .map_or(0, |g| g.to_u32());
                assert_eq!(face.common[c as usize], looked_up, "U+{c:04X} in {style:?}");
            }
        }
    }

    #[test]
    fn emoji_is_not_in_the_font() {
        assert!(!Faces::get().face(Style::REGULAR).has('😀'));
        assert_eq!(codepoint('😀'), "U+1F600");
    }

    #[test]
    fn bold_text_is_wider_than_regular() {
        let f = Faces::get();
        let r = f.face(Style::REGULAR).width("Recommendation", 11.0);
        let b = f.face(Style::BOLD).width("Recommendation", 11.0);
        assert!(b > r && r > 50.0 && r < 100.0, "{r} {b}");
    }
}
