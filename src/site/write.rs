//! The last step of a build: the files made in memory written to the website folder and the drafts
//! folder. Both folders are checked before anything is written: a file in the way that s55 did not
//! write (by the folder's [build record](super::record)), or that has changed since, stops the build
//! with a problem naming it, and is never replaced. Each file is written atomically (complete or not
//! there), an unchanged file is left alone, and files an earlier build wrote that this build no
//! longer makes are removed, only while they still have the bytes s55 wrote.

use super::digest::Digest;
use super::files::{self, OUTPUT_READ_LIMIT};
use super::plan::Plan;
use super::record::{self, BUILD_RECORD, Recorded};
use super::render::Rendered;
use super::stage::{Content, Staged, StagedBuild};
use super::{BuildError, BuildReport, Progress};
use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Writes what was rendered into the plan's folders, adding what was written, left alone and
/// removed to `report`, and telling `progress` which file it is on. The drafts folder is written
/// (or emptied of s55's own earlier drafts) on its own record, when there are drafts to write or an
/// earlier build wrote some.
pub fn write(
    plan: &Plan,
    rendered: Rendered,
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    // Temporary files left by a build that was killed part way.
    for dir in [&plan.out_dir, &plan.drafts_dir] {
        files::remove_partials(dir, |name| {
            name == BUILD_RECORD || record::is_own_file_name(name)
        });
    }
    let staged = StagedBuild {
        website_dir: plan.out_dir.clone(),
        drafts_dir: plan.drafts_dir.clone(),
        website: rendered
            .website
            .into_iter()
            .map(Staged::from_output)
            .collect(),
        drafts: rendered
            .drafts
            .into_iter()
            .map(Staged::from_output)
            .collect(),
        rendered: Vec::new(),
    };
    write_staged(plan.include_drafts, staged, progress, report)
}

/// Puts what was [staged](super::stage) in the website folder and the drafts folder, as
/// [`write`] does; if a folder cannot be written to, the temporary files are removed and nothing is
/// put in place.
pub fn write_staged(
    include_drafts: bool,
    staged: StagedBuild,
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let drafts = staged.drafts_dir.as_path();
    let website = check_folder(&staged.website_dir, &staged.website, None);
    let draft_writes = (!staged.drafts.is_empty() || drafts.join(BUILD_RECORD).is_file())
        .then(|| check_folder(drafts, &staged.drafts, Some(drafts)));
    let (website, draft_writes) = match (website, draft_writes.transpose()) {
        (Ok(w), Ok(d)) => (w, d),
        (w, d) => {
            staged.discard();
            let mut problems = w.err().unwrap_or_default();
            problems.extend(d.err().unwrap_or_default());
            return Err(BuildError::Input(problems));
        }
    };
    // Every file set down reaches the disk before any is put in place.
    let flushed = [
        (&staged.website_dir, &staged.website),
        (&staged.drafts_dir, &staged.drafts),
    ]
    .into_iter()
    .try_for_each(|(dir, files)| files::flush(files.par_iter().filter_map(|s| s.temporary(dir))));
    if let Err(d) = flushed {
        staged.discard();
        return Err(BuildError::Write(d));
    }
    let StagedBuild {
        website: website_files,
        drafts_dir,
        drafts: draft_files,
        ..
    } = staged;
    if let Err(e) = write_folder(website, website_files, progress, report) {
        draft_files.iter().for_each(|s| s.discard(&drafts_dir));
        return Err(e);
    }
    if let Some(writes) = draft_writes {
        write_folder(writes, draft_files, progress, report)?;
        if !include_drafts && !report.drafts.is_empty() {
            report.drafts_dir = Some(drafts_dir);
        }
    }
    Ok(())
}

/// One folder's writes, checked before anything is written: every file this build would replace is
/// one s55 wrote (by the folder's build record), and still has the bytes it wrote.
struct FolderWrites {
    dir: PathBuf,
    shown_as: Option<PathBuf>,
    /// For each staged file, in order: whether the file in place already has its bytes.
    same: Vec<bool>,
    /// Files an earlier build wrote that this build no longer makes and that still have the bytes
    /// s55 wrote: (name, hash).
    stale: Vec<(String, Digest)>,
    /// For each file to write, the hashes of the bytes an earlier build wrote that the file still
    /// has (kept in the record until the new bytes are in place).
    earlier: BTreeMap<String, BTreeSet<Digest>>,
    /// What the earlier build recorded of its files: what their bytes were made from is kept
    /// for the bytes still there.
    recorded: BTreeMap<String, record::Recorded>,
}

/// Checks one folder's writes without writing anything: a file in the way that s55 did not write
/// (it is not in the folder's build record with the bytes it has now) is a problem naming it, never
/// an overwrite.
fn check_folder(
    dir: &Path,
    staged: &[Staged],
    shown_as: Option<&Path>,
) -> Result<FolderWrites, Vec<Diagnostic>> {
    let record_path = dir.join(BUILD_RECORD);
    let mut problems = Vec::new();
    if std::fs::symlink_metadata(&record_path).is_ok() && !record::is_build_record(&record_path) {
        problems.push(
            Diagnostic::file(
                &record_path,
                "this file has the name of s55's build record but s55 did not write it, so the build did not replace it",
            )
            .with_hint("move or rename this file, or build into another folder with `-o`"),
        );
    }
    let recorded = record::read(&record_path);
    let current_hash = |path: &Path| -> Option<Digest> {
        std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.file_type().is_file())?;
        files::read_limited(path, OUTPUT_READ_LIMIT)
            .ok()
            .map(|b| Digest::of(&b))
    };
    let mut same_bytes = Vec::new();
    let mut earlier: BTreeMap<String, BTreeSet<Digest>> = BTreeMap::new();
    for Staged {
        name,
        hash,
        content,
        ..
    } in staged
    {
        let path = dir.join(name);
        let mut same = false;
        if let Content::UpToDate = content {
            // Checked when it was staged: the file has the bytes s55 recorded.
            same_bytes.push(true);
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Err(_) => {}
            Ok(m) if m.file_type().is_file() => {
                let now = current_hash(&path);
                if now == Some(*hash) {
                    same = true;
                } else if let Some(now) =
                    now.filter(|h| recorded.get(name).is_some_and(|r| r.hashes.contains(h)))
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
        same_bytes.push(same);
    }
    let names: BTreeSet<&str> = staged.iter().map(|s| s.name.as_str()).collect();
    let mut stale = Vec::new();
    for (name, Recorded { hashes, .. }) in &recorded {
        if names.contains(name.as_str()) {
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
    Ok(FolderWrites {
        dir: dir.to_path_buf(),
        shown_as: shown_as.map(Path::to_path_buf),
        same: same_bytes,
        stale,
        earlier,
        recorded,
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

/// Puts one checked folder's files in place and removes the files an earlier build wrote there that
/// this build no longer makes, keeping the folder's build record. If it stops part way, the
/// temporary files not yet put in place are removed.
fn write_folder(
    writes: FolderWrites,
    staged: Vec<Staged>,
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let result = put_folder(&writes, &staged, progress, report);
    if result.is_err() {
        staged.iter().for_each(|s| s.discard(&writes.dir));
    }
    result
}

fn put_folder(
    writes: &FolderWrites,
    staged: &[Staged],
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let FolderWrites {
        dir,
        shown_as,
        same,
        stale,
        earlier,
        recorded,
    } = writes;
    let shown = |rel: &Path| match &shown_as {
        Some(prefix) => prefix.join(rel),
        None => rel.to_path_buf(),
    };
    let record_path = dir.join(BUILD_RECORD);
    // What each file's bytes were made from: this build's, and the earlier build's for the bytes
    // a file keeps until its new ones are in place.
    // (Given to the record as they are read, not gathered first: a build of thousands of files
    // would hold each list twice.)
    let sources = || {
        staged
            .iter()
            .filter_map(|s| Some((s.name.as_str(), s.fingerprint?, s.hash)))
            .chain(recorded.iter().flat_map(|(name, r)| {
                r.made_from
                    .iter()
                    .map(|(fingerprint, hash)| (name.as_str(), *fingerprint, *hash))
            }))
    };
    // The record is written first, naming both the bytes each file has now and the bytes it is
    // about to get: if the build stops part way, the next one still knows every file this one
    // may have written, and removes nothing else.
    let first = staged
        .iter()
        .flat_map(|s| {
            let old = earlier.get(&s.name).into_iter().flatten();
            std::iter::once((s.name.as_str(), s.hash)).chain(old.map(|h| (s.name.as_str(), *h)))
        })
        .chain(stale.iter().map(|(name, hash)| (name.as_str(), *hash)));
    record::write(&record_path, first, sources()).map_err(BuildError::Write)?;
    let total = staged.len();
    for (i, (s, same)) in staged.iter().zip(same).enumerate() {
        progress(Progress::Writing { done: i + 1, total });
        let rel = Path::new(&s.name);
        if *same || matches!(s.content, Content::UpToDate) {
            s.discard(dir);
            report.unchanged += 1;
            continue;
        }
        let path = dir.join(rel);
        match (&s.content, s.temporary(dir)) {
            (_, Some(tmp)) => files::put_in_place(&tmp, &path),
            (Content::Bytes(bytes), None) => files::write_atomic(&path, bytes),
            (_, None) => Ok(()),
        }
        .map_err(BuildError::Write)?;
        report.written += 1;
    }
    for (name, _) in stale {
        let path = dir.join(name);
        std::fs::remove_file(&path).map_err(|e| {
            BuildError::Write(Diagnostic::file(
                &path,
                format!("this file from an earlier build could not be removed: {e}"),
            ))
        })?;
        report.removed.push(shown(Path::new(name)));
    }
    record::write(
        &record_path,
        staged.iter().map(|s| (s.name.as_str(), s.hash)),
        sources(),
    )
    .map_err(BuildError::Write)
}
