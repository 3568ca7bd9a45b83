//! The last step of a build: the files made in memory written to the website folder and the drafts
//! folder. Both folders are checked before anything is written: a file in the way that s55 did not
//! write (by the folder's [build record](super::record)), or that has changed since, stops the build
//! with a problem naming it, and is never replaced. Each file is written atomically (complete or not
//! there), an unchanged file is left alone, and files an earlier build wrote that this build no
//! longer makes are removed, only while they still have the bytes s55 wrote.

use super::files::{self, OUTPUT_READ_LIMIT};
use super::plan::Plan;
use super::record::{self, BUILD_RECORD};
use super::render::{Output, Rendered};
use super::{BuildError, BuildReport, Progress};
use crate::diagnostic::Diagnostic;
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
    let drafts = &plan.drafts_dir;
    let website = check_folder(&plan.out_dir, rendered.website, None);
    let draft_writes = (!rendered.drafts.is_empty() || drafts.join(BUILD_RECORD).is_file())
        .then(|| check_folder(drafts, rendered.drafts, Some(drafts)));
    let (website, draft_writes) = match (website, draft_writes.transpose()) {
        (Ok(w), Ok(d)) => (w, d),
        (w, d) => {
            let mut problems = w.err().unwrap_or_default();
            problems.extend(d.err().unwrap_or_default());
            return Err(BuildError::Input(problems));
        }
    };
    write_folder(website, progress, report)?;
    if let Some(writes) = draft_writes {
        write_folder(writes, progress, report)?;
        if !plan.include_drafts && !report.drafts.is_empty() {
            report.drafts_dir = Some(drafts.clone());
        }
    }
    Ok(())
}

/// One folder's writes, checked before anything is written: every file this build would replace is
/// one s55 wrote (by the folder's build record), and still has the bytes it wrote.
struct FolderWrites {
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

/// Checks one folder's writes without writing anything: a file in the way that s55 did not write
/// (it is not in the folder's build record with the bytes it has now) is a problem naming it, never
/// an overwrite.
fn check_folder(
    dir: &Path,
    outputs: Vec<Output>,
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
    for Output { name, bytes, .. } in outputs {
        let rel = PathBuf::from(&name);
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
    Ok(FolderWrites {
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

/// Writes one checked folder and removes the files an earlier build wrote there that this build no
/// longer makes, keeping the folder's build record.
fn write_folder(
    writes: FolderWrites,
    progress: &mut dyn FnMut(Progress),
    report: &mut BuildReport,
) -> Result<(), BuildError> {
    let FolderWrites {
        dir,
        shown_as,
        files: planned,
        stale,
        earlier,
    } = writes;
    let shown = |rel: &Path| match &shown_as {
        Some(prefix) => prefix.join(rel),
        None => rel.to_path_buf(),
    };
    let record_path = dir.join(BUILD_RECORD);
    // Temporary files left by a build that was killed part way.
    files::remove_partials(&dir, |name| {
        name == BUILD_RECORD || record::is_own_file_name(name)
    });
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
    files::write_atomic(&record_path, record::text(first).as_bytes()).map_err(BuildError::Write)?;
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
    let last = record::text(
        planned
            .iter()
            .map(|(rel, _, hash, _)| (rel.to_str().unwrap_or_default(), hash.as_str())),
    );
    files::write_atomic(&record_path, last.as_bytes()).map_err(BuildError::Write)?;
    Ok(())
}
