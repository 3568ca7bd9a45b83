//! What each letter's file was made from, summed up in one SHA-256 (its fingerprint), so that a
//! build can leave a file alone when nothing it was made from has changed since the build that
//! wrote it. The fingerprint covers everything that can change the file's bytes:
//!
//! - which s55 made it: its version, and the program file itself (its size and the time it was
//!   last changed), so a new or rebuilt s55 makes every file again; and `SOURCE_DATE_EPOCH`, which
//!   sets a PDF's creation date when it is set;
//! - the kind of file (`pdf`, `md`, ...), its name, the folder it goes to and the links its page
//!   carries (to the index, the feed and the letter's other formats);
//! - the bytes of every file it is made from: the response, its report and office files, every
//!   file in each template folder that applies, and the logo and signature where the format draws
//!   them (a file that is missing counts as such, so adding it changes the fingerprint);
//! - what the checks found as of today (the deadline, days left, whether it is a draft and why),
//!   which is how today's date reaches a letter: a draft's notice changes from one day to the
//!   next, a published letter does not.
//!
//! The fingerprints go into the build record beside the SHA-256 of the bytes written (see
//! [`super::record`]).

use super::digest::Digest;
use super::files::{self, OUTPUT_READ_LIMIT};
use super::plan::Placed;
use crate::render::Letter;
use crate::render::html::PageLinks;
use crate::render::renderer::Renderer;
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Which s55 makes the files: its version, and its program file's size and last change, so that a
/// different build of s55 (a new version, or the same version built again with changes) makes
/// every file again rather than trusting files an older one wrote; and `SOURCE_DATE_EPOCH`.
pub fn maker() -> String {
    let program = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let changed = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            format!("{} bytes, changed {changed}", m.len())
        })
        .unwrap_or_default();
    // The one setting from outside that changes a file: the PDF's creation date.
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default();
    format!(
        "s55 {} ({program}); SOURCE_DATE_EPOCH={epoch}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The hashes of the files and folders a build's outputs are made from, each read once per build
/// however many letters share it (a report file, a template folder, a logo).
pub struct Inputs {
    maker: String,
    seen: Mutex<BTreeMap<PathBuf, String>>,
}

impl Inputs {
    /// Nothing read yet, for files made by `maker` (see [`maker`]).
    pub fn new(maker: String) -> Inputs {
        Inputs {
            maker,
            seen: Mutex::new(BTreeMap::new()),
        }
    }

    /// The fingerprint of the file `renderer` makes for `placed`.
    pub fn of(&self, renderer: &dyn Renderer, placed: &Placed) -> Digest {
        let letter = self.letter_part(renderer, &placed.letter);
        self.placed_part(
            renderer,
            &letter,
            &placed.slug,
            placed.in_drafts_folder,
            &placed.letter.links,
        )
    }

    /// What the letter itself gives the fingerprint of the file `renderer` makes: what the checks
    /// found, the layout asked for, and the bytes of every file it is made from.
    pub fn letter_part(&self, renderer: &dyn Renderer, letter: &Letter) -> Digest {
        let mut sum = Parts::default();
        sum.part("layout", &format!("{:?}", letter.layout));
        sum.part("checks", &format!("{:?}", letter.assessment));
        for source in renderer.sources(letter) {
            sum.part(&source.to_string_lossy(), &self.hash(&source));
        }
        sum.finish()
    }

    /// The fingerprint, from the [letter's part](Inputs::letter_part) and the letter's place in
    /// the build: its name, its folder and the links its page carries.
    pub fn placed_part(
        &self,
        renderer: &dyn Renderer,
        letter_part: &Digest,
        slug: &str,
        in_drafts_folder: bool,
        links: &PageLinks,
    ) -> Digest {
        let mut sum = Parts::default();
        sum.part("maker", &self.maker);
        sum.part("kind", renderer.kind());
        sum.part("name", &renderer.file_name(slug));
        sum.part("drafts folder", &in_drafts_folder.to_string());
        sum.part("links", &format!("{links:?}"));
        sum.part("letter", &letter_part.to_string());
        sum.finish()
    }

    /// The hash of a file's bytes, or of a folder's files (their names and bytes, not its
    /// sub-folders: templates are read from the folder itself), or a word saying there is none.
    fn hash(&self, path: &Path) -> String {
        if let Some(known) = self.seen.lock().ok().and_then(|s| s.get(path).cloned()) {
            return known;
        }
        let hash = match std::fs::metadata(path) {
            Err(_) => "missing".to_string(),
            Ok(m) if m.is_dir() => folder_hash(path),
            Ok(_) => match files::read_limited(path, OUTPUT_READ_LIMIT) {
                Ok(bytes) => files::sha256_hex(&bytes),
                Err(e) => format!("unreadable: {}", e.message("file")),
            },
        };
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path.to_path_buf(), hash.clone());
        }
        hash
    }
}

/// A SHA-256 of labelled parts, each part's length first, so that no two different lists of parts
/// run together into the same bytes.
#[derive(Default)]
struct Parts(Sha256);

impl Parts {
    fn part(&mut self, label: &str, value: &str) {
        for piece in [label, value] {
            self.0.update((piece.len() as u64).to_le_bytes());
            self.0.update(piece.as_bytes());
        }
    }

    fn finish(self) -> Digest {
        Digest::from_hasher(self.0)
    }
}

/// The hash of the names and bytes of the files in a folder, in name order.
fn folder_hash(dir: &Path) -> String {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => return format!("unreadable folder: {e}"),
    };
    entries.sort();
    let mut sum = Parts::default();
    for path in entries.iter().filter(|p| p.is_file()) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = files::read_limited(path, OUTPUT_READ_LIMIT)
            .map(|b| files::sha256_hex(&b))
            .unwrap_or_else(|e| e.message("file"));
        sum.part(&name, &bytes);
    }
    sum.finish().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Templates;
    use crate::render::renderer::RENDERERS;

    fn placed(dir: &Path, today: (i32, u32, u32)) -> Placed {
        let path = dir.join("letter.yaml");
        let today = chrono::NaiveDate::from_ymd_opt(today.0, today.1, today.2).unwrap();
        let folders = Templates::folders_for(&[], &path, None);
        let templates = Templates::load(&folders).unwrap();
        Placed {
            letter: Letter::load_with(&path, templates, folders, today).unwrap(),
            slug: "letter".to_string(),
            in_drafts_folder: false,
        }
    }

    fn copy_of_the_pdf_fixture() -> tempfile::TempDir {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
        let dir = tempfile::tempdir().unwrap();
        for name in ["letter.yaml", "logo.png", "signature.png"] {
            std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
        }
        dir
    }

    #[test]
    fn another_build_of_s55_gives_every_file_another_fingerprint() {
        let dir = copy_of_the_pdf_fixture();
        let letter = placed(dir.path(), (2020, 4, 22));
        for r in RENDERERS {
            let old = Inputs::new("s55 0.1.0 (1 bytes, changed 1)".into()).of(*r, &letter);
            let new = Inputs::new("s55 0.1.1 (1 bytes, changed 1)".into()).of(*r, &letter);
            let rebuilt = Inputs::new("s55 0.1.0 (1 bytes, changed 2)".into()).of(*r, &letter);
            assert_ne!(old, new, "{}", r.kind());
            assert_ne!(old, rebuilt, "{}", r.kind());
        }
    }

    #[test]
    fn each_kind_of_file_has_its_own_fingerprint_and_the_same_inputs_give_the_same_one() {
        let dir = copy_of_the_pdf_fixture();
        let letter = placed(dir.path(), (2020, 4, 22));
        let inputs = Inputs::new(maker());
        let mut prints: Vec<Digest> = RENDERERS.iter().map(|r| inputs.of(*r, &letter)).collect();
        let again: Vec<Digest> = RENDERERS
            .iter()
            .map(|r| Inputs::new(maker()).of(*r, &letter))
            .collect();
        assert_eq!(prints, again);
        prints.sort();
        prints.dedup();
        assert_eq!(prints.len(), RENDERERS.len());
    }

    #[test]
    fn the_logo_changes_only_the_files_that_draw_it() {
        let dir = copy_of_the_pdf_fixture();
        let letter = placed(dir.path(), (2020, 4, 22));
        let before: Vec<Digest> = RENDERERS
            .iter()
            .map(|r| Inputs::new(maker()).of(*r, &letter))
            .collect();
        let mut logo = std::fs::read(dir.path().join("logo.png")).unwrap();
        logo.push(0);
        std::fs::write(dir.path().join("logo.png"), logo).unwrap();
        for (r, before) in RENDERERS.iter().zip(before) {
            let after = Inputs::new(maker()).of(*r, &letter);
            let draws = r
                .sources(&letter.letter)
                .contains(&dir.path().join("logo.png"));
            assert_eq!(before != after, draws, "{}", r.kind());
        }
    }
}
