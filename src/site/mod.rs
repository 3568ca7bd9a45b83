//! Building a folder of responses into a folder of outputs: one file per response and format, written
//! atomically (each file is complete or not there), with stable names derived from the report.
//! Nothing is written unless every response could be read and rendered, so a failed build leaves the
//! earlier outputs as they were; files in the output folder that s55 did not write are never touched.
//!
//! A website build writes, for each response, `<slug>.html` (the page), `<slug>.fragment.html` (the
//! letter alone, for a CMS) and one file per other format (`<slug>.md`, `<slug>.pdf`), and for the
//! whole folder `index.html`, `responses.json`, `responses.csv` and `feed.atom` (see [`index`]).
//!
//! A draft (a response a check found an error in) is written to the drafts folder beside the output
//! folder ([`drafts_dir`]: `public` → `public-drafts`) and left off the index, feed, JSON and CSV,
//! unless the build is asked to include drafts. Each folder keeps its own build record.

pub mod files;
pub mod index;

pub use files::{check_render_output, write_atomic};

use crate::checks::{self, Assessment};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Response};
use crate::render::html::{self, Link, PageLinks};
use crate::render::{Format, Templates, markdown};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
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

/// One response, read, checked and given its place in the output folder.
pub struct Built {
    pub response: Response,
    pub assessment: Assessment,
    /// The output name without extension, unique within the build.
    pub slug: String,
    /// The templates that apply to this response.
    pub templates: Templates,
}

/// The outcome of a build.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Files written because they were new or changed, relative to the output folder.
    pub written: Vec<PathBuf>,
    /// Files already up to date, left untouched.
    pub unchanged: Vec<PathBuf>,
    /// Files an earlier build wrote that this build no longer makes (a response renamed or
    /// removed), deleted. Only files listed in the build record are ever deleted.
    pub removed: Vec<PathBuf>,
    /// Every response built: (file, slug, state).
    pub responses: Vec<(PathBuf, String, checks::State)>,
    /// Responses built as drafts because a check found an error: (file, number of errors).
    pub drafts: Vec<(PathBuf, usize)>,
    /// The folder the drafts were written to, when it is not the output folder (files written
    /// there are listed in `written`, `unchanged` and `removed` with this folder in front).
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
        done: usize,
        total: usize,
        slug: &'a str,
    },
    /// Writing file `done` of `total`.
    Writing { done: usize, total: usize },
}

/// The hidden file in the output folder that lists what the last build wrote, so that the next build
/// can remove its own files that are no longer made, and nothing else.
pub const BUILD_RECORD: &str = ".s55-build";
/// How every build record starts (older records, without hashes, start the same way).
const RECORD_MARK: &str = "# Files written by `s55 build`";
const BUILD_RECORD_HEADER: &str = "# Files written by `s55 build`, each with the SHA-256 of the bytes written (as \
     `sha256sum` prints it).\n# s55 only ever replaces or deletes a file listed here that still has those bytes.";

/// What the build writes for one response in one format: the file's kind (`md`, `html`, `fragment`,
/// `pdf`) and name.
fn files_for(slug: &str, format: Format) -> Vec<(String, String)> {
    let ext = format.extension();
    let mut files = vec![(ext.to_string(), format!("{slug}.{ext}"))];
    if format == Format::Html {
        files.push(("fragment".to_string(), format!("{slug}.fragment.html")));
    }
    files
}

/// Reads and checks every response under the inputs, giving each a unique output name. All read
/// errors are collected, so the user sees every broken file at once.
pub fn gather(
    inputs: &[PathBuf],
    templates: &[PathBuf],
    today: NaiveDate,
    root: Option<&Path>,
) -> Result<Vec<Built>, Vec<Diagnostic>> {
    let paths = load::response_paths(inputs).map_err(|d| vec![d])?;
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let loaded = load::response(&path).and_then(|response| {
            let folders = Templates::folders_for(templates, &path, root);
            let tpl = Templates::load(&folders)?;
            Ok((response, tpl))
        });
        match loaded {
            Ok((response, tpl)) => {
                let assessment = checks::assess(&response, today);
                built.push(Built {
                    slug: String::new(),
                    response,
                    assessment,
                    templates: tpl,
                });
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    assign_slugs(&mut built)?;
    Ok(built)
}

/// Builds every response into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(options, &mut |_| {})
}

/// Builds every response into the output folder, telling `progress` what it is doing.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildReport, BuildError> {
    let root = options
        .inputs
        .first()
        .filter(|p| p.is_dir())
        .map(PathBuf::as_path);
    let built = gather(&options.inputs, &options.templates, options.today, root)
        .map_err(BuildError::Input)?;
    if built.is_empty() {
        let place = options.inputs.first().cloned().unwrap_or_default();
        return Err(BuildError::Input(vec![
            Diagnostic::file(&place, "there are no response files here to build")
                .with_hint("response files are YAML files (.yaml or .yml) starting with `s55: 1`"),
        ]));
    }
    if options.strict {
        let failing: Vec<(PathBuf, Assessment)> = built
            .iter()
            .filter(|b| b.assessment.has_errors())
            .map(|b| (b.response.path.clone(), b.assessment.clone()))
            .collect();
        if !failing.is_empty() {
            return Err(BuildError::Strict(failing));
        }
    }
    let site_templates = {
        let mut folders = options.templates.clone();
        if let Some(at_root) = root.map(|r| r.join("templates")).filter(|p| p.is_dir()) {
            folders.push(at_root);
        }
        Templates::load(&folders).map_err(|d| BuildError::Input(vec![d]))?
    };
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut draft_outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    let mut report = BuildReport::default();
    let mut entries = Vec::new();
    for (i, b) in built.iter().enumerate() {
        progress(Progress::Rendering {
            done: i + 1,
            total: built.len(),
            slug: &b.slug,
        });
        let mut links = BTreeMap::new();
        for format in &options.formats {
            for (kind, name) in files_for(&b.slug, *format) {
                links.insert(kind, name);
            }
        }
        let other_formats: Vec<Link> = options
            .formats
            .iter()
            .filter(|f| **f != Format::Html)
            .map(|f| Link {
                label: f.label().to_string(),
                href: format!("{}.{}", b.slug, f.extension()),
            })
            .collect();
        // A draft goes to the drafts folder, which has no index or feed to link to.
        let apart = b.assessment.has_errors() && !options.include_drafts;
        let page_links = PageLinks {
            index: (!apart).then(|| index::INDEX.to_string()),
            feed: (!apart).then(|| index::FEED.to_string()),
            formats: other_formats.clone(),
        };
        for format in &options.formats {
            let rendered: Result<Vec<(String, Vec<u8>)>, Diagnostic> = match format {
                Format::Md => markdown::render(&b.response, &b.assessment, &b.templates, None)
                    .map(|md| vec![(format!("{}.md", b.slug), md.into_bytes())]),
                Format::Pdf => {
                    crate::render::pdf::render(&b.response, &b.assessment, &b.templates, None)
                        .map(|pdf| vec![(format!("{}.pdf", b.slug), pdf)])
                }
                Format::Html => {
                    html::page(&b.response, &b.assessment, &b.templates, None, &page_links)
                        .and_then(|page| {
                            let fragment =
                                html::fragment(&b.response, &b.assessment, &b.templates, None)?;
                            Ok(vec![
                                (format!("{}.html", b.slug), page.into_bytes()),
                                (format!("{}.fragment.html", b.slug), fragment.into_bytes()),
                            ])
                        })
                }
            };
            let target = if apart {
                &mut draft_outputs
            } else {
                &mut outputs
            };
            match rendered {
                Ok(files) => target.extend(files.into_iter().map(|(n, b)| (PathBuf::from(n), b))),
                Err(d) => problems.push(d),
            }
        }
        if !apart {
            entries.push(index::Entry::new(b, links, other_formats));
        }
        report.responses.push((
            b.response.path.clone(),
            b.slug.clone(),
            b.assessment.timing.state,
        ));
        if b.assessment.has_errors() {
            let errors = b
                .assessment
                .findings
                .iter()
                .filter(|f| f.severity == checks::Severity::Error)
                .count();
            report.drafts.push((b.response.path.clone(), errors));
        }
    }
    index::sort_newest_first(&mut entries);
    match index::csv(&entries) {
        Ok(bytes) => outputs.push((PathBuf::from(index::CSV), bytes)),
        Err(d) => problems.push(d),
    }
    outputs.push((
        PathBuf::from(index::JSON),
        index::json(&entries).into_bytes(),
    ));
    match index::feed(&entries, &site_templates) {
        Ok(xml) => outputs.push((PathBuf::from(index::FEED), xml.into_bytes())),
        Err(d) => problems.push(d),
    }
    // The index goes last, so that it never links to a file not yet written.
    match index::index_html(&entries, &site_templates) {
        Ok(page) => outputs.push((PathBuf::from(index::INDEX), page.into_bytes())),
        Err(d) => problems.push(d),
    }
    if !problems.is_empty() {
        return Err(BuildError::Input(problems));
    }

    // Both folders are checked before anything is written, so that a file in the way in either
    // leaves both as they were.
    let public = plan_folder(&options.out_dir, outputs, None);
    // The drafts folder is written (or emptied of s55's own earlier drafts) on its own record.
    let drafts = drafts_dir(&options.out_dir);
    let draft_plan = (!draft_outputs.is_empty() || drafts.join(BUILD_RECORD).is_file())
        .then(|| plan_folder(&drafts, draft_outputs, Some(&drafts)));
    let (public, draft_plan) = match (public, draft_plan.transpose()) {
        (Ok(p), Ok(d)) => (p, d),
        (p, d) => {
            let mut problems = p.err().unwrap_or_default();
            problems.extend(d.err().unwrap_or_default());
            return Err(BuildError::Input(problems));
        }
    };
    write_folder(public, progress, &mut report)?;
    if let Some(plan) = draft_plan {
        write_folder(plan, progress, &mut report)?;
        if !options.include_drafts && !report.drafts.is_empty() {
            report.drafts_dir = Some(drafts);
        }
    }
    Ok(report)
}

/// One folder's writes, checked before anything is written: every file this build would replace is
/// one s55 wrote (by the folder's build record), and still has the bytes it wrote.
struct FolderPlan {
    dir: PathBuf,
    shown_as: Option<PathBuf>,
    /// Each file to write: (name in the folder, bytes, their SHA-256, whether the file already
    /// has these bytes).
    files: Vec<(PathBuf, Vec<u8>, String, bool)>,
    /// Files an earlier build wrote that this build no longer makes and that still have the bytes
    /// s55 wrote: (name, hash).
    stale: Vec<(String, String)>,
    /// For each file to write, the hashes of the bytes an earlier build wrote that the file still
    /// has (kept in the record until the new bytes are in place).
    earlier: BTreeMap<String, BTreeSet<String>>,
}

/// The most s55 reads of a file in the output folder to see whether it still has the bytes s55 wrote.
const OUTPUT_READ_LIMIT: u64 = 512 * 1024 * 1024;

/// Checks one folder's writes without writing anything: a file in the way that s55 did not write
/// (it is not in the folder's build record with the bytes it has now) is a problem naming it, never
/// an overwrite.
fn plan_folder(
    dir: &Path,
    outputs: Vec<(PathBuf, Vec<u8>)>,
    shown_as: Option<&Path>,
) -> Result<FolderPlan, Vec<Diagnostic>> {
    let record_path = dir.join(BUILD_RECORD);
    let mut problems = Vec::new();
    if std::fs::symlink_metadata(&record_path).is_ok() && !is_build_record(&record_path) {
        problems.push(
            Diagnostic::file(
                &record_path,
                "this file has the name of s55's build record but s55 did not write it, so the build did not replace it",
            )
            .with_hint("move or rename this file, or build into another folder with `-o`"),
        );
    }
    let recorded = read_build_record(&record_path);
    let current_hash = |path: &Path| -> Option<String> {
        std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.file_type().is_file())?;
        files::read_limited(path, OUTPUT_READ_LIMIT)
            .ok()
            .map(|b| files::sha256_hex(&b))
    };
    let mut planned = Vec::new();
    let mut earlier: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, bytes) in outputs {
        let name = rel.to_string_lossy().to_string();
        let path = dir.join(&rel);
        let hash = files::sha256_hex(&bytes);
        let mut same = false;
        match std::fs::symlink_metadata(&path) {
            Err(_) => {}
            Ok(m) if m.file_type().is_file() => {
                let now = current_hash(&path);
                if now.as_deref() == Some(hash.as_str()) {
                    same = true;
                } else if let Some(now) =
                    now.filter(|h| recorded.get(&name).is_some_and(|set| set.contains(h)))
                {
                    earlier.entry(name.clone()).or_default().insert(now);
                } else {
                    problems.push(not_ours(
                        &path,
                        "s55 did not write it, or it has been changed since s55 wrote it",
                    ));
                }
            }
            Ok(m) => {
                let what = if m.file_type().is_symlink() {
                    "it is a symbolic link"
                } else if m.is_dir() {
                    "it is a folder"
                } else {
                    "it is not an ordinary file"
                };
                problems.push(not_ours(&path, what));
            }
        }
        planned.push((rel, bytes, hash, same));
    }
    let names: BTreeSet<String> = planned
        .iter()
        .map(|(p, ..)| p.to_string_lossy().to_string())
        .collect();
    let mut stale = Vec::new();
    for (name, hashes) in &recorded {
        if names.contains(name) {
            continue;
        }
        // A file s55 wrote is removed only while it still has the bytes s55 wrote: a file the user
        // has changed since, or one named by a record copied from elsewhere, is left alone.
        if let Some(now) = current_hash(&dir.join(name)).filter(|h| hashes.contains(h)) {
            stale.push((name.clone(), now));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(FolderPlan {
        dir: dir.to_path_buf(),
        shown_as: shown_as.map(Path::to_path_buf),
        files: planned,
        stale,
        earlier,
    })
}

fn not_ours(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::file(
        path,
        format!("the build would write this file, but it is already in the output folder and {why}, so it was not replaced"),
    )
    .with_hint(
        "move or rename this file, or build into another folder with `-o`; if it is an old copy of s55's output, delete it and build again",
    )
}

/// The text of a build record: a header, then one `HASH  NAME` line per file (as `sha256sum`
/// prints them, so `sha256sum -c` can check the folder).
fn record_text<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = format!("{BUILD_RECORD_HEADER}\n");
    let mut lines: Vec<String> = entries
        .into_iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    lines.sort();
    lines.dedup();
    text.extend(lines);
    text
}

/// Writes one planned folder and removes the files an earlier build wrote there that this build no
/// longer makes, keeping the folder's build record.
fn write_folder(
    plan: FolderPlan,
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let FolderPlan {
        dir,
        shown_as,
        files: planned,
        stale,
        earlier,
    } = plan;
    let shown = |rel: &Path| match &shown_as {
        Some(prefix) => prefix.join(rel),
        None => rel.to_path_buf(),
    };
    let record_path = dir.join(BUILD_RECORD);
    // Temporary files left by a build that was killed part way.
    files::remove_partials(&dir, |name| name == BUILD_RECORD || is_own_file_name(name));
    // The record is written first, naming both the bytes each file has now and the bytes it is
    // about to get: if the build stops part way, the next one still knows every file this one
    // may have written, and removes nothing else.
    let mut first: Vec<(&str, &str)> = Vec::new();
    for (rel, _, hash, _) in &planned {
        let name = rel.to_str().unwrap_or_default();
        first.push((name, hash));
        for old in earlier.get(name).into_iter().flatten() {
            first.push((name, old));
        }
    }
    for (name, hash) in &stale {
        first.push((name, hash));
    }
    files::write_atomic(&record_path, record_text(first).as_bytes()).map_err(BuildError::Write)?;
    let total = planned.len();
    for (i, (rel, bytes, _, same)) in planned.iter().enumerate() {
        progress(Progress::Writing { done: i + 1, total });
        if *same {
            report.unchanged.push(shown(rel));
            continue;
        }
        files::write_atomic(&dir.join(rel), bytes).map_err(BuildError::Write)?;
        report.written.push(shown(rel));
    }
    for (name, _) in &stale {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| {
            BuildError::Write(Diagnostic::file(
                &path,
                format!("this file from an earlier build could not be removed: {e}"),
            ))
        })?;
        report.removed.push(shown(Path::new(name)));
    }
    let last = record_text(
        planned
            .iter()
            .map(|(rel, _, hash, _)| (rel.to_str().unwrap_or_default(), hash.as_str())),
    );
    files::write_atomic(&record_path, last.as_bytes()).map_err(BuildError::Write)?;
    Ok(())
}

/// Whether the file at `path` is a build record s55 wrote (by its first line).
fn is_build_record(path: &Path) -> bool {
    files::read_limited(path, OUTPUT_READ_LIMIT)
        .is_ok_and(|b| b.starts_with(RECORD_MARK.as_bytes()))
}

/// The files an earlier build recorded, each with the hashes of the bytes s55 wrote there. Only
/// plain file names that s55 itself could have written are taken (no folders, no `..`, known
/// extensions), and only with a hash, so an edited or copied record cannot make s55 replace or
/// delete anything but a file with bytes s55 wrote. (Records from before hashes were kept name
/// files without hashes: those names are not taken.)
fn read_build_record(path: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if !is_build_record(path) {
        return out;
    }
    let Ok(bytes) = files::read_limited(path, OUTPUT_READ_LIMIT) else {
        return out;
    };
    for line in String::from_utf8_lossy(&bytes).lines() {
        let Some((hash, name)) = line.split_once("  ") else {
            continue;
        };
        let hex = hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if hex && is_own_file_name(name) {
            out.entry(name.to_string())
                .or_default()
                .insert(hash.to_string());
        }
    }
    out
}

/// Whether a name is one s55 writes: a slug (lower-case letters, digits, hyphens) with one of the
/// extensions it produces, or one of the site's shared files.
fn is_own_file_name(name: &str) -> bool {
    if [index::INDEX, index::JSON, index::CSV, index::FEED].contains(&name) {
        return true;
    }
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    let stem_ok = !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    stem_ok && ["md", "html", "fragment.html", "pdf"].contains(&ext)
}

/// Gives each response a file name derived from its report: `2020-03-10-national-child-protection-...`
/// (the report's publication date and title).
///
/// When several responses answer reports with the same name (several offices' letters on one
/// thematic report), the ones that pass the checks each carry their own file's name as well
/// (`...-dorset-2020`); a response with errors never takes the name from one that passes: while only
/// one of them passes, it keeps the plain name and the others carry their file names. So a draft
/// copy of a published response never renames the published letter's files. If two responses would
/// still get the same name (the same file name in two folders, or a title that slugs like another's
/// title and file name together), that is a problem naming both files, and nothing is written.
fn assign_slugs(built: &mut [Built]) -> Result<(), Vec<Diagnostic>> {
    let base: Vec<String> = built
        .iter()
        .map(|b| {
            format!(
                "{}-{}",
                b.response.report.published.iso(),
                slugify(&b.response.report.title, 60)
            )
        })
        .collect();
    // For each name: (responses, responses that pass).
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (s, b) in base.iter().zip(built.iter()) {
        let c = counts.entry(s).or_default();
        c.0 += 1;
        c.1 += usize::from(!b.assessment.has_errors());
    }
    let unique: Vec<String> = base
        .iter()
        .zip(built.iter())
        .map(|(s, b)| {
            let (all, passing) = counts[s.as_str()];
            let passes = !b.assessment.has_errors();
            let plain = all == 1 || (passing == 1 && passes);
            if plain {
                return s.clone();
            }
            let stem = b
                .response
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            format!("{s}-{}", slugify(&stem, 40))
        })
        .collect();
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut problems = Vec::new();
    for (slug, b) in unique.iter().zip(built.iter()) {
        let path = b.response.path.as_path();
        if let Some(other) = first.insert(slug, path) {
            first.insert(slug, other);
            problems.push(
                Diagnostic::file(
                    path,
                    format!(
                        "this response and {} would both be published as {slug}.html, so neither was built",
                        other.display()
                    ),
                )
                .with_hint(
                    "s55 names each letter after its report and, when several responses answer one report, after its file: rename one of the two files, or move the one not to be published out of the folder",
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (b, s) in built.iter_mut().zip(unique) {
        b.slug = s;
    }
    Ok(())
}

/// A URL- and file-safe name: lower-case ASCII letters, digits and single hyphens, at most `max`
/// characters, never empty, never `.` or `..`, never containing a path separator.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    let mut chars = text
        .chars()
        .flat_map(char::to_lowercase)
        .flat_map(|c| fold_accent(c).chars().collect::<Vec<_>>())
        .peekable();
    let mut mid_word = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= max {
            mid_word = c.is_ascii_alphanumeric()
                && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric());
            break;
        }
    }
    // A slug cut short ends at a word boundary, not in the middle of a word.
    if mid_word {
        if let Some(at) = slug.rfind('-').filter(|at| *at > max / 2) {
            slug.truncate(at);
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "response".to_string()
    } else {
        slug
    }
}

fn fold_accent(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ŵ' => "w",
        'ŷ' | 'ÿ' | 'ý' => "y",
        'ç' => "c",
        'ñ' => "n",
        '&' => "and",
        _ => return c.to_string(),
    };
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_escape_the_output_folder() {
        assert_eq!(slugify("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slugify("..", 60), "response");
        assert_eq!(slugify("/", 60), "response");
        assert_eq!(
            slugify("National Child Protection Inspections – Hertfordshire", 60),
            "national-child-protection-inspections-hertfordshire"
        );
        assert_eq!(
            slugify("Crime & Policing: Ŵales", 60),
            "crime-and-policing-wales"
        );
    }

    #[test]
    fn a_long_title_is_cut_at_a_word_boundary() {
        let slug = slugify(
            "National Child Protection Inspections – Hertfordshire Constabulary",
            60,
        );
        assert_eq!(slug, "national-child-protection-inspections-hertfordshire");
        assert_eq!(slugify("abcdefghij klmno", 10), "abcdefghij");
        assert_eq!(slugify("abcd efghij", 11), "abcd-efghij");
    }

    #[test]
    fn atomic_writes_replace_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/letter.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
