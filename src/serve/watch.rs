//! Seeing that a file a page was made from has changed: the size and modification time of every
//! source, looked at every [`INTERVAL`]. Polling is plain and works the same on every system and
//! every kind of disk (network drives and synced folders included, where change notifications are
//! unreliable), and a response is made from a handful of files.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the sources are looked at.
pub const INTERVAL: Duration = Duration::from_millis(300);

/// A number that changes whenever any of `sources` changes: a file's size or time, or for a
/// folder (templates, a folder of responses) any file in it, added, removed or changed. Hidden
/// folders (`.s55-history`) are left out.
pub fn fingerprint(sources: &[PathBuf]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for source in sources {
        source.hash(&mut hasher);
        if source.is_dir() {
            let walker = walkdir::WalkDir::new(source)
                .max_depth(4)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker.flatten() {
                entry.path().hash(&mut hasher);
                // A folder's own time changes when anything in it does, hidden files included.
                if entry.file_type().is_file() {
                    stamp(entry.path()).hash(&mut hasher);
                }
            }
        } else {
            stamp(source).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// A file's size and modification time (nanoseconds), or nothing when it is not there.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let time = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some((meta.len(), time))
}

/// Waits until the fingerprint of `sources` is no longer `since`, and returns the new one, or
/// `None` when `keep_waiting` says to stop (the browser has gone, the server is stopping).
pub fn wait_for_change(
    sources: &[PathBuf],
    since: u64,
    mut keep_waiting: impl FnMut() -> bool,
) -> Option<u64> {
    loop {
        std::thread::sleep(INTERVAL);
        let now = fingerprint(sources);
        if now != since {
            return Some(now);
        }
        if !keep_waiting() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_to_a_file_or_to_a_folders_files_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        let templates = dir.path().join("templates");
        std::fs::create_dir(&templates).unwrap();
        std::fs::write(&file, "one").unwrap();
        let sources = vec![file.clone(), templates.clone()];
        let before = fingerprint(&sources);
        assert_eq!(before, fingerprint(&sources));
        std::fs::write(&file, "two!").unwrap();
        let after_file = fingerprint(&sources);
        assert_ne!(before, after_file);
        std::fs::write(templates.join("letter.md"), "x").unwrap();
        assert_ne!(after_file, fingerprint(&sources));
    }

    #[test]
    fn the_history_folder_is_not_watched() {
        let dir = tempfile::tempdir().unwrap();
        let sources = vec![dir.path().to_path_buf()];
        let before = fingerprint(&sources);
        std::fs::create_dir(dir.path().join(".s55-history")).unwrap();
        std::fs::write(dir.path().join(".s55-history/a.1.yaml"), "x").unwrap();
        assert_eq!(before, fingerprint(&sources));
    }
}
