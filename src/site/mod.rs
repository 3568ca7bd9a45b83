//! Building a folder of responses into a folder of outputs: one file per response and format, written
//! atomically (each file is complete or not there), with stable names derived from the report.
//! Nothing is written unless every response could be read and rendered, so a failed build leaves the
//! earlier outputs as they were; files in the output folder that s55 did not write are never touched.
//!
//! A website build writes, for each response, `<slug>.html` (the page), `<slug>.fragment.html` (the
//! letter alone, for a CMS) and one file per other format (`<slug>.md`, `<slug>.pdf`), and for the
//! whole folder `index.html` (in pages on a site of more than 100 responses), `responses.json`,
//! `responses.csv` and `feed.atom` (see [`index`]).
//!
//! A build goes in three steps, each its own module: [`plan`] (which responses, under which names,
//! into which folder: an [`plan::Outline`] that keeps of each response only what names, lists and
//! fingerprints it), [`stage`] (each letter's files made, several letters at once, and set down as
//! temporary files beside their places; files whose [fingerprint] shows nothing they are made from
//! has changed are not made again) and [`write`](mod@write) (the files put in place, checked
//! against the [build record](record) first). [`render`] makes the same files in memory, for a
//! preview ([`render::render_letter`] makes one response's).
//!
//! A draft (a response a check found an error in) is written to the drafts folder beside the output
//! folder ([`drafts_dir`]: `public` → `public-drafts`) and left off the index, feed, JSON and CSV,
//! unless the build is asked to include drafts. Each folder keeps its own build record.

pub mod digest;
pub mod files;
pub mod fingerprint;
pub mod index;
pub mod plan;
pub mod record;
pub mod render;
pub mod slug;
pub mod stage;
pub mod write;

pub use files::{check_render_output, write_atomic};
pub use record::BUILD_RECORD;
pub use slug::slugify;

use crate::checks::{self, Assessment};
use crate::diagnostic::Diagnostic;
use crate::render::Format;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder of responses (or single files) to build.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Extra template folders (`--templates`), searched first.
    pub templates: Vec<PathBuf>,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Today's date, for days left.
    pub today: NaiveDate,
    /// Refuse to build while any response has an error finding.
    pub strict: bool,
    /// List drafts (responses a check found an error in) on the index, feed, JSON and CSV, and
    /// write their files into the output folder. Without it, drafts go to the drafts folder
    /// ([`drafts_dir`]) and the public lists name only responses that pass.
    pub include_drafts: bool,
}

/// Where a build writes its drafts, so that a web officer who uploads the output folder cannot
/// publish one by mistake: a folder beside the output folder, named after it (`public` →
/// `public-drafts`).
pub fn drafts_dir(out_dir: &Path) -> PathBuf {
    let named = |p: &Path| {
        p.file_name()
            .filter(|n| *n != "." && *n != "..")
            .map(|n| p.with_file_name(format!("{}-drafts", n.to_string_lossy())))
    };
    named(out_dir)
        .or_else(|| std::fs::canonicalize(out_dir).ok().and_then(|p| named(&p)))
        .unwrap_or_else(|| out_dir.join("..").join("s55-drafts"))
}

/// The outcome of a build.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// How many files were written because they were new or changed. (Counted, not named: a
    /// build of thousands of responses would hold every name until the end.)
    pub written: usize,
    /// How many files were already up to date, and left untouched.
    pub unchanged: usize,
    /// Files an earlier build wrote that this build no longer makes (a response renamed or
    /// removed), deleted. Only files listed in the build record are ever deleted.
    pub removed: Vec<PathBuf>,
    /// The responses whose files were made in this build. The files of the others were up to
    /// date: nothing they are made from had changed since the build that wrote them (see
    /// [`fingerprint`]), so they were not made again.
    pub rendered: Vec<PathBuf>,
    /// Every response built: (file, slug, state).
    pub responses: Vec<(PathBuf, String, checks::State)>,
    /// Responses built as drafts because a check found an error: (file, number of errors).
    pub drafts: Vec<(PathBuf, usize)>,
    /// The folder the drafts were written to, when it is not the output folder (files removed
    /// there are listed in `removed` with this folder in front).
    pub drafts_dir: Option<PathBuf>,
}

/// Why a build did not finish.
#[derive(Debug)]
pub enum BuildError {
    /// Some input could not be read or rendered: nothing was written.
    Input(Vec<Diagnostic>),
    /// `--strict` and some responses have errors: nothing was written.
    Strict(Vec<(PathBuf, Assessment)>),
    /// Writing failed part way; files already written are complete.
    Write(Diagnostic),
}

/// What a build is doing, for a progress line on a terminal.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// Rendering response `done` of `total` (counting from 1), with this slug.
    Rendering {
        /// The response being rendered, from 1.
        done: usize,
        /// How many responses there are.
        total: usize,
        /// The name its files get, without extension.
        slug: &'a str,
    },
    /// Writing file `done` of `total`.
    Writing {
        /// The file being written, from 1.
        done: usize,
        /// How many files there are.
        total: usize,
    },
}

/// Builds every response into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(options, &mut |_| {})
}

/// Builds every response into the output folder, telling `progress` what it is doing: outlines the
/// build, makes every file not already up to date and sets it down beside its place, then puts
/// them in place. Nothing is put in place unless every response could be read and rendered.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildReport, BuildError> {
    let inputs = fingerprint::Inputs::new(fingerprint::maker());
    let outline = plan::outline(options, &inputs)?;
    let mut staged = stage::stage(&outline, &inputs, progress)?;
    let mut report = BuildReport {
        rendered: std::mem::take(&mut staged.rendered),
        ..BuildReport::default()
    };
    // What the report needs of each response is taken from the outline, which is then let go:
    // putting the files in place needs only their names and hashes.
    let plan::Outline {
        letters,
        include_drafts,
        ..
    } = outline;
    for sketch in letters {
        if sketch.errors > 0 {
            report.drafts.push((sketch.path.clone(), sketch.errors));
        }
        report
            .responses
            .push((sketch.path, sketch.slug, sketch.state));
    }
    report.responses.shrink_to_fit();
    files::give_back_memory();
    write::write_staged(include_drafts, staged, progress, &mut report)?;
    Ok(report)
}
