//! The second step of `s55 build`, made to scale: each letter's files are made, several letters at
//! once (one per processor core), and each file is set down at once as a temporary file beside its
//! place and dropped from memory, so a build of thousands of letters holds only their names and
//! hashes. No file is put in its place yet: the temporary files are removed if any letter fails,
//! so nothing is written unless every response could be rendered, as before.
//!
//! A file whose [fingerprint](super::fingerprint) (everything it is made from) is the one the build
//! record says its bytes were made from, and which still has those bytes, is not made again: it is
//! up to date. The index, the feed, the JSON and the CSV are made every time, from every letter (a
//! page of the index at a time; the JSON and CSV straight into their files), and put in place only
//! when they change.

use super::digest::{Digest, Summing};
use super::files::{self, OUTPUT_READ_LIMIT};
use super::fingerprint::Inputs;
use super::plan::{Outline, Sketch};
use super::record::{self, BUILD_RECORD};
use super::render::Output;
use super::{BuildError, Progress, index};
use crate::diagnostic::Diagnostic;
use crate::render::Format;
use crate::render::renderer::{Renderer, render_all};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// One file of the build, made (or found up to date) but not yet in its place.
pub struct Staged {
    /// Its name in its folder.
    pub name: String,
    /// The SHA-256 of its bytes.
    pub hash: Digest,
    /// What it was made from ([`super::fingerprint`]), for the build record; `None` for the
    /// index and its companions, which are made every time.
    pub fingerprint: Option<Digest>,
    /// Where its bytes are.
    pub content: Content,
}

/// Where a staged file's bytes are.
pub enum Content {
    /// Already in place: the file has the bytes an earlier build made from the same inputs.
    UpToDate,
    /// In a temporary file beside its place, to be renamed into it: the `n`th try at a free name
    /// ([`files::partial_path`]).
    Temporary(u8),
    /// In memory, to be written.
    Bytes(Vec<u8>),
}

impl Staged {
    /// A file made in memory.
    pub fn from_output(output: Output) -> Staged {
        Staged {
            hash: Digest::of(&output.bytes),
            name: output.name,
            fingerprint: None,
            content: Content::Bytes(output.bytes),
        }
    }

    /// A file written by `write` a piece at a time straight into a temporary file beside its place
    /// in `dir` (not yet flushed to the disk), its SHA-256 summed as the bytes pass, so that its
    /// bytes are never held (a list of thousands) or not held after (a letter's file).
    fn set_down(
        dir: &Path,
        name: String,
        fingerprint: Option<Digest>,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Staged, Diagnostic> {
        use std::io::Write;
        let path = dir.join(&name);
        let mut hash = None;
        let n = files::stage_unflushed(&path, |file| {
            let mut out = Summing::new(std::io::BufWriter::new(file));
            write(&mut out)?;
            let (mut buffered, digest) = out.finish();
            buffered.flush()?;
            hash = Some(digest);
            Ok(())
        })?;
        // Set whenever the file was written, which it was when the line above did not fail.
        let hash = hash.ok_or_else(|| Diagnostic::file(&path, "this file could not be written"))?;
        Ok(Staged {
            hash,
            name,
            fingerprint,
            content: Content::Temporary(n),
        })
    }

    /// Its temporary file beside its place in `dir`, if its bytes are in one.
    pub fn temporary(&self, dir: &Path) -> Option<PathBuf> {
        match self.content {
            Content::Temporary(n) => Some(files::partial_path(dir, &self.name, n)),
            _ => None,
        }
    }

    /// Removes its temporary file beside its place in `dir`, if it has one, when it is not going
    /// to be put in place.
    pub fn discard(&self, dir: &Path) {
        if let Some(tmp) = self.temporary(dir) {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Every file of a build, staged.
pub struct StagedBuild {
    /// The website folder.
    pub website_dir: PathBuf,
    /// The website folder's files in the order they are put in place: each letter's, then the
    /// CSV, JSON, feed and, last, the index.
    pub website: Vec<Staged>,
    /// The drafts folder.
    pub drafts_dir: PathBuf,
    /// The drafts folder's files.
    pub drafts: Vec<Staged>,
    /// The responses whose files were made in this build; the others' were all up to date.
    pub rendered: Vec<PathBuf>,
}

impl StagedBuild {
    /// Removes every temporary file, when the build stops before putting them in place.
    pub fn discard(&self) {
        self.website
            .iter()
            .for_each(|s| s.discard(&self.website_dir));
        self.drafts.iter().for_each(|s| s.discard(&self.drafts_dir));
    }
}

/// What an earlier build recorded in one folder: which bytes it wrote and what they were made from.
struct Earlier {
    dir: PathBuf,
    recorded: BTreeMap<String, record::Recorded>,
}

impl Earlier {
    fn read(dir: &Path) -> Earlier {
        let record = dir.join(BUILD_RECORD);
        Earlier {
            dir: dir.to_path_buf(),
            recorded: record::read(&record),
        }
    }

    /// The hash of the file `name` when it is up to date: an earlier build made these bytes from
    /// inputs with this fingerprint, and the file still has them.
    fn up_to_date(&self, name: &str, fingerprint: Digest) -> Option<Digest> {
        let recorded = self.recorded.get(name)?;
        // The last line for the fingerprint, as the record was read before.
        let (_, hash) = *recorded
            .made_from
            .iter()
            .rfind(|(made_from, _)| *made_from == fingerprint)?;
        if !recorded.hashes.contains(&hash) {
            return None;
        }
        let path = self.dir.join(name);
        std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.file_type().is_file())?;
        let now = files::read_limited(&path, OUTPUT_READ_LIMIT).ok()?;
        (Digest::of(&now) == hash).then_some(hash)
    }
}

/// Makes every file of the outline and sets each down beside its place, telling `progress` which
/// letter it is on. Files already up to date are not made again, and a letter none of whose files
/// needs making is not read again. All problems are collected, so the user sees every one at once;
/// then every temporary file is removed and nothing is returned to put in place.
pub fn stage(
    outline: &Outline,
    inputs: &Inputs,
    progress: &mut dyn FnMut(Progress),
) -> Result<StagedBuild, BuildError> {
    let renderers = outline.renderers();
    let folders = [&outline.out_dir, &outline.drafts_dir];
    let existed = folders.map(|d| d.exists());
    // Temporary files left by a build that was killed part way go before this build makes its own.
    for dir in folders {
        files::remove_partials(dir, |name| {
            name == BUILD_RECORD || record::is_own_file_name(name)
        });
    }
    let earlier = folders.map(|d| Earlier::read(d));
    // Room for every file from the start: grown by doubling, the lists of a build of thousands
    // would leave their earlier, smaller copies behind as gaps in the memory the build holds.
    let listed = outline
        .letters
        .iter()
        .filter(|s| !s.in_drafts_folder)
        .count();
    // The index's pages, then the JSON, the CSV and the feed.
    let lists = index::index_pages(listed) + 3;
    let mut staged = StagedBuild {
        website_dir: outline.out_dir.clone(),
        drafts_dir: outline.drafts_dir.clone(),
        website: Vec::with_capacity(listed * renderers.len() + lists),
        drafts: Vec::with_capacity((outline.letters.len() - listed) * renderers.len()),
        rendered: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut failure = None;
    // A few letters per core at a time: enough to keep every core busy, few enough that the
    // progress line moves.
    let chunk = rayon::current_num_threads() * 4;
    for (c, letters) in outline.letters.chunks(chunk).enumerate() {
        let made: Vec<LetterFiles> = letters
            .par_iter()
            .map(|sketch| {
                let earlier = &earlier[usize::from(sketch.in_drafts_folder)];
                stage_letter(outline, sketch, &renderers, earlier, inputs)
            })
            .collect();
        for (i, (sketch, files)) in letters.iter().zip(made).enumerate() {
            progress(Progress::Rendering {
                done: c * chunk + i + 1,
                total: outline.letters.len(),
                slug: &sketch.slug,
            });
            let target = if sketch.in_drafts_folder {
                &mut staged.drafts
            } else {
                &mut staged.website
            };
            if files
                .staged
                .iter()
                .any(|s| !matches!(s.content, Content::UpToDate))
            {
                staged.rendered.push(sketch.path.clone());
            }
            target.extend(files.staged);
            problems.extend(files.problems);
            failure = failure.or(files.failure);
        }
        if failure.is_some() {
            break;
        }
    }
    // What making the letters left free goes back before the lists are made.
    files::give_back_memory();
    if failure.is_none() {
        stage_lists(outline, &mut staged, &mut problems, &mut failure);
    }
    if problems.is_empty() && failure.is_none() {
        return Ok(staged);
    }
    staged.discard();
    for (dir, existed) in folders.into_iter().zip(existed) {
        if !existed {
            // Made only to hold temporary files: removed while it is empty.
            let _ = std::fs::remove_dir(dir);
        }
    }
    match failure {
        Some(d) if problems.is_empty() => Err(BuildError::Write(d)),
        _ => Err(BuildError::Input(problems)),
    }
}

/// Makes the website's lists (the CSV, JSON, feed and the index's pages) from the letters listed on
/// it, one at a time, and sets each down beside its place before making the next: a build of
/// thousands of responses holds one page of the index at most, never all of them, and never a
/// letter's files; the JSON and the CSV, which list every response, are written straight to their
/// files as they are made. A template that fails is reported once, not once for each page of the
/// index.
fn stage_lists(
    outline: &Outline,
    staged: &mut StagedBuild,
    problems: &mut Vec<Diagnostic>,
    failure: &mut Option<Diagnostic>,
) {
    let mut listed: Vec<&index::Entry> = outline
        .letters
        .iter()
        .filter(|s| !s.in_drafts_folder)
        .map(|s| &s.entry)
        .collect();
    index::sort_newest_first(&mut listed);
    index::make_lists(
        &listed,
        &outline.renderers(),
        &outline.site_templates,
        &mut |name, made| {
            let set_down = match made {
                index::Made::Bytes(Ok(bytes)) => {
                    Staged::set_down(&outline.out_dir, name, None, &|out| out.write_all(&bytes))
                }
                index::Made::Bytes(Err(d)) => {
                    problems.push(d);
                    return ControlFlow::Continue(());
                }
                index::Made::Streamed(write) => {
                    Staged::set_down(&outline.out_dir, name, None, write)
                }
            };
            match set_down {
                Ok(file) => {
                    staged.website.push(file);
                    ControlFlow::Continue(())
                }
                Err(d) => {
                    *failure = Some(d);
                    ControlFlow::Break(())
                }
            }
        },
    );
}

/// One letter's files, staged, and what went wrong making them.
struct LetterFiles {
    staged: Vec<Staged>,
    /// Problems with the letter (a template that fails): the user's to put right.
    problems: Vec<Diagnostic>,
    /// A file that could not be set down (a full disk): the build stops.
    failure: Option<Diagnostic>,
}

fn stage_letter(
    outline: &Outline,
    sketch: &Sketch,
    renderers: &[&'static dyn Renderer],
    earlier: &Earlier,
    inputs: &Inputs,
) -> LetterFiles {
    let mut out = LetterFiles {
        staged: Vec::new(),
        problems: Vec::new(),
        failure: None,
    };
    let links = sketch.links(renderers);
    // Each file, in the renderers' order: up to date, or to be made (its renderer and fingerprint).
    let mut files: Vec<Result<Staged, (&'static dyn Renderer, Digest)>> = Vec::new();
    for (r, part) in renderers.iter().zip(&sketch.parts) {
        let name = r.file_name(&sketch.slug);
        let fingerprint =
            inputs.placed_part(*r, part, &sketch.slug, sketch.in_drafts_folder, &links);
        files.push(match earlier.up_to_date(&name, fingerprint) {
            Some(hash) => Ok(Staged {
                name,
                hash,
                fingerprint: Some(fingerprint),
                content: Content::UpToDate,
            }),
            None => Err((*r, fingerprint)),
        });
    }
    let to_make: Vec<&'static dyn Renderer> = files
        .iter()
        .filter_map(|f| f.as_ref().err().map(|(r, _)| *r))
        .collect();
    // The letter is read again only if one of its files is to be made; its files are then made
    // side by side on the cores that are free.
    let mut made = Vec::new().into_iter();
    if !to_make.is_empty() {
        match sketch.placed(outline.today, links) {
            Ok(placed) => made = render_all(&placed.letter, &to_make).into_iter(),
            Err(d) => {
                out.problems.push(d);
                return out;
            }
        }
    }
    // One problem per format: a page that fails is not followed by its fragment failing for the
    // same reason.
    let mut failed: Vec<Format> = Vec::new();
    for file in files {
        let (r, fingerprint) = match file {
            Ok(up_to_date) => {
                out.staged.push(up_to_date);
                continue;
            }
            Err(to_make) => to_make,
        };
        let result = made.next().expect("a result for each file to make");
        if failed.contains(&r.format()) {
            continue;
        }
        let bytes = match result {
            Ok(bytes) => bytes,
            Err(d) => {
                failed.push(r.format());
                out.problems.push(d);
                continue;
            }
        };
        let name = r.file_name(&sketch.slug);
        let write = |out: &mut dyn std::io::Write| out.write_all(&bytes);
        match Staged::set_down(&earlier.dir, name, Some(fingerprint), &write) {
            Ok(file) => out.staged.push(file),
            Err(d) => {
                out.failure = Some(d);
                break;
            }
        }
    }
    out
}
