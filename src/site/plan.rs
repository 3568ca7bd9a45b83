//! The first step of a build: which responses, under which names, into which folder. Every response
//! is read and checked into a [`Letter`], given its slug, and told where its page sits (the links
//! back to the index and on to its other formats). Nothing is rendered or written yet.

use super::{BuildError, BuildOptions, drafts_dir, index, slug};
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::render::html::{Link, PageLinks};
use crate::render::renderer::{self, Renderer};
use crate::render::{Format, Letter, Templates};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a build will make, before it makes anything.
pub struct Plan {
    /// Every response, in the order they were found, each with its name and folder.
    pub letters: Vec<Placed>,
    /// The formats to write for each letter.
    pub formats: Vec<Format>,
    /// The templates of the index and the feed: the `--templates` folders, then the built
    /// folder's own `templates/` folder.
    pub site_templates: Templates,
    /// The folders `site_templates` were read from, besides the built-in templates.
    pub site_template_folders: Vec<PathBuf>,
    /// The files and folders being built, as given: a response added to one changes the index.
    pub inputs: Vec<PathBuf>,
    /// The website folder.
    pub out_dir: PathBuf,
    /// The folder drafts go to when they are kept off the website ([`drafts_dir`]).
    pub drafts_dir: PathBuf,
    /// Whether drafts are listed and written with the rest (`--include-drafts`).
    pub include_drafts: bool,
}

/// One letter and its place in the build.
pub struct Placed {
    /// The response, read, checked and ready to render.
    pub letter: Letter,
    /// The name of its files, without their endings; unique within the build.
    pub slug: String,
    /// Whether it goes to the drafts folder and off the index, feed, JSON and CSV: a draft, in a
    /// build that does not include drafts.
    pub in_drafts_folder: bool,
}

impl Plan {
    /// The renderers of the formats to write, each letter's files in this order.
    pub fn renderers(&self) -> Vec<&'static dyn Renderer> {
        renderer::for_formats(&self.formats)
    }

    /// The files a letter named `slug` gets, by kind (`html`, `fragment`, `md`, `pdf`): the links
    /// the JSON list and the CSV give.
    pub fn files_for(&self, slug: &str) -> BTreeMap<String, String> {
        self.renderers()
            .iter()
            .map(|r| (r.kind().to_string(), r.file_name(slug)))
            .collect()
    }
}

/// Plans a build: reads and checks every response under the inputs (all read errors are collected,
/// so the user sees every broken file at once), names each letter, and loads the index's templates.
/// Refuses, writing nothing, when there is no response to build or, with `--strict`, while any
/// response has an error.
pub fn plan(options: &BuildOptions) -> Result<Plan, BuildError> {
    let root = options
        .inputs
        .first()
        .filter(|p| p.is_dir())
        .map(PathBuf::as_path);
    let letters = read_letters(options, root).map_err(BuildError::Input)?;
    let slugs = slug::unique(&letters).map_err(BuildError::Input)?;
    if letters.is_empty() {
        let place = options.inputs.first().cloned().unwrap_or_default();
        return Err(BuildError::Input(vec![
            Diagnostic::file(&place, "there are no response files here to build")
                .with_hint("response files are YAML files (.yaml or .yml) starting with `s55: 1`"),
        ]));
    }
    if options.strict {
        let failing: Vec<_> = letters
            .iter()
            .filter(|l| l.is_draft())
            .map(|l| (l.response.path.clone(), l.assessment.clone()))
            .collect();
        if !failing.is_empty() {
            return Err(BuildError::Strict(failing));
        }
    }
    let mut site_template_folders = options.templates.clone();
    if let Some(at_root) = root.map(|r| r.join("templates")).filter(|p| p.is_dir()) {
        site_template_folders.push(at_root);
    }
    let site_templates =
        Templates::load(&site_template_folders).map_err(|d| BuildError::Input(vec![d]))?;
    let renderers = renderer::for_formats(&options.formats);
    let letters = letters
        .into_iter()
        .zip(slugs)
        .map(|(mut letter, slug)| {
            let in_drafts_folder = letter.is_draft() && !options.include_drafts;
            // The drafts folder has no index or feed to link to.
            letter.links = PageLinks {
                index: (!in_drafts_folder).then(|| index::INDEX.to_string()),
                feed: (!in_drafts_folder).then(|| index::FEED.to_string()),
                formats: other_formats(&renderers, &slug),
            };
            Placed {
                letter,
                slug,
                in_drafts_folder,
            }
        })
        .collect();
    Ok(Plan {
        letters,
        formats: options.formats.clone(),
        site_templates,
        site_template_folders,
        inputs: options.inputs.clone(),
        out_dir: options.out_dir.clone(),
        drafts_dir: drafts_dir(&options.out_dir),
        include_drafts: options.include_drafts,
    })
}

/// The letter's files a page links to ("Markdown", "PDF"), for the page's and the index's "also
/// available as".
fn other_formats(renderers: &[&dyn Renderer], slug: &str) -> Vec<Link> {
    renderers
        .iter()
        .filter_map(|r| {
            r.link_label().map(|label| Link {
                label: label.to_string(),
                href: r.file_name(slug),
            })
        })
        .collect()
}

/// Reads and checks every response under the inputs. Each set of template folders is loaded once
/// and shared by the letters that use it; the responses are read and checked in parallel, and come
/// back in the order they were found.
fn read_letters(
    options: &BuildOptions,
    root: Option<&Path>,
) -> Result<Vec<Letter>, Vec<Diagnostic>> {
    let paths = load::response_paths(&options.inputs).map_err(|d| vec![d])?;
    let mut loaded: BTreeMap<Vec<PathBuf>, Result<Templates, Diagnostic>> = BTreeMap::new();
    let jobs: Vec<(PathBuf, Vec<PathBuf>)> = paths
        .into_iter()
        .map(|path| {
            let folders = Templates::folders_for(&options.templates, &path, root);
            loaded
                .entry(folders.clone())
                .or_insert_with(|| Templates::load(&folders));
            (path, folders)
        })
        .collect();
    let results: Vec<Result<Letter, Diagnostic>> = jobs
        .into_par_iter()
        .map(|(path, folders)| {
            let templates = loaded[&folders].clone()?;
            Letter::load_with(&path, templates, folders, options.today)
        })
        .collect();
    let mut letters = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(letter) => letters.push(letter),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(letters)
    } else {
        Err(problems)
    }
}
