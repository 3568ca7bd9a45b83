//! The build record: the hidden file in each output folder that lists every file the last build
//! wrote there, each with the SHA-256 of the bytes written, so that the next build replaces or
//! removes its own files (only while they still have those bytes) and nothing else.

use super::files::{self, OUTPUT_READ_LIMIT};
use super::index;
use super::slug::is_slug;
use crate::diagnostic::Diagnostic;
use crate::render::renderer::RENDERERS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The build record's file name, in the output folder.
pub const BUILD_RECORD: &str = ".s55-build";
/// How every build record starts (older records, without hashes, start the same way).
const RECORD_MARK: &str = "# Files written by `s55 build`";
const BUILD_RECORD_HEADER: &str = "# Files written by `s55 build`, each with the SHA-256 of the bytes written (as \
     `sha256sum` prints it).\n# s55 only ever replaces or deletes a file listed here that still has those bytes.";

/// How a line saying what a file was made from starts: `# made from FINGERPRINT HASH  NAME`, the
/// file `NAME` with the bytes `HASH` was made from inputs with that [fingerprint](super::fingerprint).
/// It starts with `#`, so `sha256sum -c` passes over it.
const MADE_FROM: &str = "# made from ";

/// Writes a build record (atomically, and a line at a time, so that a record of thousands of files
/// is never held whole): a header, then one `HASH  NAME` line per file in `entries` (name, hash),
/// as `sha256sum` prints them, so `sha256sum -c` can check the folder; then a line for each file
/// saying what its bytes were made from, from `made_from` (name, fingerprint, hash), for the
/// names and hashes listed. Lines are sorted, each once, so the record never depends on the order
/// files were made in.
pub fn write<'a>(
    path: &Path,
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    made_from: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> Result<(), Diagnostic> {
    // Sorted as the lines they make, without making them: `HASH  NAME`.
    let line = |(name, hash): &(&'a str, &'a str)| [*hash, "  ", *name];
    let mut entries: Vec<(&str, &str)> = entries.into_iter().collect();
    entries.sort_by(|a, b| in_line_order(&line(a), &line(b)));
    entries.dedup();
    let listed = |name: &str, hash: &str| {
        entries
            .binary_search_by(|e| in_line_order(&line(e), &[hash, "  ", name]))
            .is_ok()
    };
    // `# made from FINGERPRINT HASH  NAME`.
    let made_line = |(name, fingerprint, hash): &(&'a str, &'a str, &'a str)| {
        [*fingerprint, " ", *hash, "  ", *name]
    };
    let mut made: Vec<(&str, &str, &str)> = made_from
        .into_iter()
        .filter(|(name, _, hash)| listed(name, hash))
        .collect();
    made.sort_by(|a, b| in_line_order(&made_line(a), &made_line(b)));
    made.dedup();
    files::write_atomic_with(path, |out| {
        writeln!(out, "{BUILD_RECORD_HEADER}")?;
        for (name, hash) in &entries {
            writeln!(out, "{hash}  {name}")?;
        }
        for (name, fingerprint, hash) in &made {
            writeln!(out, "{MADE_FROM}{fingerprint} {hash}  {name}")?;
        }
        Ok(())
    })
}

/// How two lines made of these pieces sort as text, without joining them.
fn in_line_order(a: &[&str], b: &[&str]) -> std::cmp::Ordering {
    a.iter()
        .flat_map(|p| p.bytes())
        .cmp(b.iter().flat_map(|p| p.bytes()))
}

/// What an earlier build recorded each file's bytes were made from: (name, fingerprint) → hash.
/// Only lines for names s55 writes, with a fingerprint and a hash of 64 hex digits, are taken.
pub fn read_made_from(path: &Path) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    each_line(path, |line| {
        let Some(rest) = line.strip_prefix(MADE_FROM) else {
            return;
        };
        let Some((hashes, name)) = rest.split_once("  ") else {
            return;
        };
        let Some((fingerprint, hash)) = hashes.split_once(' ') else {
            return;
        };
        if is_hex_hash(fingerprint) && is_hex_hash(hash) && is_own_file_name(name) {
            out.insert(
                (name.to_string(), fingerprint.to_string()),
                hash.to_string(),
            );
        }
    });
    out
}

/// Gives `each` every line of the build record at `path` (without its line ending), read a line
/// at a time and never more than [`OUTPUT_READ_LIMIT`] bytes in all; nothing when the file is not
/// a build record s55 wrote. A record of thousands of files is never held whole.
fn each_line(path: &Path, mut each: impl FnMut(&str)) {
    use std::io::{BufRead, Read};
    if !is_build_record(path) {
        return;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return;
    };
    let mut lines = std::io::BufReader::new(file.take(OUTPUT_READ_LIMIT));
    let mut line = Vec::new();
    loop {
        line.clear();
        match lines.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let text = String::from_utf8_lossy(&line);
                each(text.trim_end_matches(['\n', '\r']));
            }
        }
    }
}

/// Whether a text is a SHA-256 as `sha256sum` prints it: 64 lower-case hex digits.
fn is_hex_hash(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether the file at `path` is a build record s55 wrote (by its first line).
pub fn is_build_record(path: &Path) -> bool {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut start = Vec::new();
    file.take(RECORD_MARK.len() as u64)
        .read_to_end(&mut start)
        .is_ok_and(|_| start == RECORD_MARK.as_bytes())
}

/// The files an earlier build recorded, each with the hashes of the bytes s55 wrote there. Only
/// plain file names that s55 itself could have written are taken (no folders, no `..`, known
/// extensions), and only with a hash, so an edited or copied record cannot make s55 replace or
/// delete anything but a file with bytes s55 wrote. (Records from before hashes were kept name
/// files without hashes: those names are not taken.)
pub fn read(path: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    each_line(path, |line| {
        let Some((hash, name)) = line.split_once("  ") else {
            return;
        };
        if is_hex_hash(hash) && is_own_file_name(name) {
            out.entry(name.to_string())
                .or_default()
                .insert(hash.to_string());
        }
    });
    out
}

/// Whether a name is one s55 writes: a slug (lower-case letters, digits, hyphens) with the ending
/// of one of the files a format writes (`.md`, `.fragment.html`, ...), or one of the site's shared
/// files (the index's pages among them).
pub fn is_own_file_name(name: &str) -> bool {
    [index::JSON, index::CSV, index::FEED].contains(&name)
        || index::is_index_page(name)
        || RENDERERS
            .iter()
            .any(|r| name.strip_suffix(r.suffix()).is_some_and(is_slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_s55_writes_are_its_own() {
        for name in [
            "index.html",
            "index-2.html",
            "feed.atom",
            "2020-03-10-report.md",
            "2020-03-10-report.html",
            "2020-03-10-report.fragment.html",
            "2020-03-10-report.pdf",
        ] {
            assert!(is_own_file_name(name), "{name}");
        }
        for name in [
            ".s55-build",
            "about-us.htm",
            "report.txt",
            "Report.md",
            ".md",
            "a.b.html",
            "../escape.md",
            "sub/letter.md",
        ] {
            assert!(!is_own_file_name(name), "{name}");
        }
    }
}
