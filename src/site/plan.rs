//! The first step of a build: which responses, under which names, into which folder. Every response
//! is read and checked into a [`Letter`], given its slug, and told where its page sits (the links
//! back to the index and on to its other formats). Nothing is rendered or written yet.

use super::fingerprint::Inputs;
use super::{BuildError, BuildOptions, drafts_dir, index, slug};
use crate::checks::Assessment;
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
}

/// The files a letter named `slug` gets, by kind (`html`, `fragment`, `md`, `pdf`, `docx`): the
/// links the JSON list and the CSV give.
pub fn files_of(renderers: &[&dyn Renderer], slug: &str) -> BTreeMap<String, String> {
    renderers
        .iter()
        .map(|r| (r.kind().to_string(), r.file_name(slug)))
        .collect()
}

/// Plans a build: reads and checks every response under the inputs (all read errors are collected,
/// so the user sees every broken file at once), names each letter, and loads the index's templates.
/// Refuses, writing nothing, when there is no response to build or, with `--strict`, while any
/// response has an error.
pub fn plan(options: &BuildOptions) -> Result<Plan, BuildError> {
    let root = root(options);
    let letters = read_each(options, root, |letter| letter).map_err(BuildError::Input)?;
    let slugs = slug::unique(&letters).map_err(BuildError::Input)?;
    refuse_empty_or_strict(
        options,
        letters.len(),
        letters
            .iter()
            .filter(|l| l.is_draft())
            .map(|l| (l.response.path.clone(), l.assessment.clone())),
    )?;
    let (site_templates, site_template_folders) = site_templates(options, root)?;
    let renderers = renderer::for_formats(&options.formats);
    let letters = letters
        .into_iter()
        .zip(slugs)
        .map(|(mut letter, slug)| {
            let in_drafts_folder = letter.is_draft() && !options.include_drafts;
            letter.links = page_links(&renderers, &slug, in_drafts_folder);
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

/// The folder being built, when the first input is a folder: its own `templates/` folder applies.
fn root(options: &BuildOptions) -> Option<&Path> {
    options
        .inputs
        .first()
        .filter(|p| p.is_dir())
        .map(PathBuf::as_path)
}

/// Refuses a build with no response, or with `--strict` while any response (`failing`) has an
/// error.
fn refuse_empty_or_strict(
    options: &BuildOptions,
    count: usize,
    failing: impl Iterator<Item = (PathBuf, Assessment)>,
) -> Result<(), BuildError> {
    if count == 0 {
        let place = options.inputs.first().cloned().unwrap_or_default();
        return Err(BuildError::Input(vec![
            Diagnostic::file(&place, "there are no response files here to build")
                .with_hint("response files are YAML files (.yaml or .yml) starting with `s55: 1`"),
        ]));
    }
    if options.strict {
        let failing: Vec<_> = failing.collect();
        if !failing.is_empty() {
            return Err(BuildError::Strict(failing));
        }
    }
    Ok(())
}

/// The templates of the index and the feed, and the folders they were read from.
fn site_templates(
    options: &BuildOptions,
    root: Option<&Path>,
) -> Result<(Templates, Vec<PathBuf>), BuildError> {
    let mut folders = options.templates.clone();
    if let Some(at_root) = root.map(|r| r.join("templates")).filter(|p| p.is_dir()) {
        folders.push(at_root);
    }
    let templates = Templates::load(&folders).map_err(|d| BuildError::Input(vec![d]))?;
    Ok((templates, folders))
}

/// Where a letter's page sits in the build: links back to the index and feed (none in the drafts
/// folder, which has neither) and on to its other formats.
fn page_links(renderers: &[&dyn Renderer], slug: &str, in_drafts_folder: bool) -> PageLinks {
    PageLinks {
        index: (!in_drafts_folder).then(|| index::INDEX.to_string()),
        feed: (!in_drafts_folder).then(|| index::FEED.to_string()),
        formats: other_formats(renderers, slug),
    }
}

/// A build planned without holding its letters: for each response, what names it, lists it and
/// tells whether its files are up to date, so that a build of thousands of responses reads each
/// again only to render it, and holds one letter per core at a time.
pub struct Outline {
    /// The responses, in the order they were found.
    pub letters: Vec<Sketch>,
    /// The formats to write for each letter.
    pub formats: Vec<Format>,
    /// The templates of the index and the feed.
    pub site_templates: Templates,
    /// The website folder.
    pub out_dir: PathBuf,
    /// The folder drafts go to when they are kept off the website ([`drafts_dir`]).
    pub drafts_dir: PathBuf,
    /// Whether drafts are listed and written with the rest (`--include-drafts`).
    pub include_drafts: bool,
    /// Today, to check each response again as it is rendered.
    pub today: chrono::NaiveDate,
}

impl Outline {
    /// The renderers of the formats to write, each letter's files in this order.
    pub fn renderers(&self) -> Vec<&'static dyn Renderer> {
        renderer::for_formats(&self.formats)
    }
}

/// One response of an [`Outline`]: everything about it but the letter itself.
pub struct Sketch {
    /// The response file.
    pub path: PathBuf,
    /// The folders its templates were read from.
    pub template_folders: Vec<PathBuf>,
    /// The templates that apply to it.
    pub templates: Templates,
    /// The name of its files, without their endings.
    pub slug: String,
    /// Whether it goes to the drafts folder and off the lists.
    pub in_drafts_folder: bool,
    /// Whether the response is published, in draft or overdue.
    pub state: crate::checks::State,
    /// How many errors the checks found (a draft has at least one).
    pub errors: usize,
    /// How the index and its companions list it (named and linked).
    pub entry: index::Entry,
    /// For each renderer, in order, what the letter gives its file's fingerprint
    /// ([`Inputs::letter_part`]).
    pub parts: Vec<super::digest::Digest>,
}

impl Sketch {
    /// Where its page sits among the files the `renderers` write: named from its slug when they are
    /// needed, so that a build of thousands of responses does not hold them meanwhile.
    pub fn links(&self, renderers: &[&dyn Renderer]) -> PageLinks {
        page_links(renderers, &self.slug, self.in_drafts_folder)
    }

    /// The letter, read and checked again, placed as the outline says (its page's `links`, from
    /// [`Sketch::links`]): to render it.
    pub fn placed(&self, today: chrono::NaiveDate, links: PageLinks) -> Result<Placed, Diagnostic> {
        let mut letter = Letter::load_with(
            &self.path,
            self.templates.clone(),
            self.template_folders.clone(),
            today,
        )?;
        letter.links = links;
        Ok(Placed {
            letter,
            slug: self.slug.clone(),
            in_drafts_folder: self.in_drafts_folder,
        })
    }
}

/// Plans a build as [`plan`] does, with the same refusals, but keeps only an [`Outline`] of each
/// response: the letters are read and checked in parallel, sketched, and dropped.
pub fn outline(options: &BuildOptions, inputs: &Inputs) -> Result<Outline, BuildError> {
    let root = root(options);
    let renderers = renderer::for_formats(&options.formats);
    let read = read_each(options, root, |letter| {
        let parts = renderers
            .iter()
            .map(|r| inputs.letter_part(*r, &letter))
            .collect::<Vec<_>>();
        (
            slug::Named::of(&letter),
            index::Entry::describe(&letter),
            (
                letter.assessment.timing.state,
                letter
                    .assessment
                    .findings
                    .iter()
                    .filter(|f| f.severity == crate::checks::Severity::Error)
                    .count(),
                // Kept only for `--strict`, which lists what each draft's errors are.
                (options.strict && letter.is_draft()).then_some(letter.assessment),
            ),
            letter.templates,
            letter.template_folders,
            parts,
        )
    })
    .map_err(BuildError::Input)?;
    let named: Vec<slug::Named> = read.iter().map(|r| r.0.clone()).collect();
    let slugs = slug::unique_names(&named).map_err(BuildError::Input)?;
    refuse_empty_or_strict(
        options,
        read.len(),
        read.iter()
            .filter_map(|r| Some((r.0.path.clone(), r.2.2.clone()?))),
    )?;
    let (site_templates, _) = site_templates(options, root)?;
    let letters = read
        .into_iter()
        .zip(slugs)
        .map(
            |((named, entry, (state, errors, _), templates, template_folders, parts), slug)| {
                let in_drafts_folder = named.draft && !options.include_drafts;
                let entry = entry.placed(&slug);
                Sketch {
                    path: named.path,
                    template_folders,
                    templates,
                    slug,
                    in_drafts_folder,
                    state,
                    errors,
                    entry,
                    parts,
                }
            },
        )
        .collect::<Vec<Sketch>>();
    // Collected in the room the letters' larger readings took (each with its checks' findings
    // for `--strict`): given the room only the sketches need, which the whole build keeps.
    let mut letters = letters;
    letters.shrink_to_fit();
    super::files::give_back_memory();
    Ok(Outline {
        letters,
        formats: options.formats.clone(),
        site_templates,
        out_dir: options.out_dir.clone(),
        drafts_dir: drafts_dir(&options.out_dir),
        include_drafts: options.include_drafts,
        today: options.today,
    })
}

/// The letter's files a page links to ("Markdown", "PDF"), for the page's and the index's "also
/// available as".
pub fn other_formats(renderers: &[&dyn Renderer], slug: &str) -> Vec<Link> {
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

/// Reads and checks every response under the inputs and gives each letter to `keep`, which keeps
/// what it needs of it. Each set of template folders is loaded once and shared by the letters that
/// use it; the responses are read and checked in parallel, and come back in the order they were
/// found. All read errors are collected, so the user sees every broken file at once.
fn read_each<T: Send>(
    options: &BuildOptions,
    root: Option<&Path>,
    keep: impl Fn(Letter) -> T + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
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
    let results: Vec<Result<T, Diagnostic>> = jobs
        .into_par_iter()
        .map(|(path, folders)| {
            let templates = loaded[&folders].clone()?;
            Letter::load_with(&path, templates, folders, options.today).map(&keep)
        })
        .collect();
    let mut kept = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(t) => kept.push(t),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(kept)
    } else {
        Err(problems)
    }
}
