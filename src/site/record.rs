//! The build record: the hidden file in each output folder that lists every file the last build
//! wrote there, each with the SHA-256 of the bytes written, so that the next build replaces or
//! removes its own files (only while they still have those bytes) and nothing else.

use super::digest::Digest;
use super::files::{self, OUTPUT_READ_LIMIT};
use super::index;
use super::slug::is_slug;
use crate::diagnostic::Diagnostic;
use crate::render::renderer::RENDERERS;
use std::collections::BTreeMap;
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
    entries: impl IntoIterator<Item = (&'a str, Digest)>,
    made_from: impl IntoIterator<Item = (&'a str, Digest, Digest)>,
) -> Result<(), Diagnostic> {
    // Sorted as the lines they make, without making them. Every digest is written as 64 digits
    // and digests sort as their digits do, so `HASH  NAME` sorts as (hash, name) and
    // `# made from FINGERPRINT HASH  NAME` as (fingerprint, hash, name).
    let mut entries: Vec<(Digest, &str)> = entries.into_iter().map(|(n, h)| (h, n)).collect();
    entries.sort_unstable();
    entries.dedup();
    let listed = |name: &str, hash: Digest| entries.binary_search(&(hash, name)).is_ok();
    let mut made: Vec<(Digest, Digest, &str)> = made_from
        .into_iter()
        .filter(|(name, _, hash)| listed(name, *hash))
        .map(|(name, fingerprint, hash)| (fingerprint, hash, name))
        .collect();
    made.sort_unstable();
    made.dedup();
    files::write_atomic_with(path, |out| {
        writeln!(out, "{BUILD_RECORD_HEADER}")?;
        for (hash, name) in &entries {
            writeln!(out, "{hash}  {name}")?;
        }
        for (fingerprint, hash, name) in &made {
            writeln!(out, "{MADE_FROM}{fingerprint} {hash}  {name}")?;
        }
        Ok(())
    })
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

/// What an earlier build recorded of one file it wrote.
#[derive(Debug, Default, PartialEq)]
pub struct Recorded {
    /// The hashes of the bytes s55 wrote there (more than one when a build stopped part way).
    pub hashes: Vec<Digest>,
    /// What those bytes were made from: (fingerprint, hash), from the `# made from` lines.
    pub made_from: Vec<(Digest, Digest)>,
}

/// The files an earlier build recorded, each with the hashes of the bytes s55 wrote there and
/// what they were made from, read in one pass. Only plain file names that s55 itself could have
/// written are taken (no folders, no `..`, known extensions), and only with a hash, so an edited or
/// copied record cannot make s55 replace or delete anything but a file with bytes s55 wrote.
/// (Records from before hashes were kept name files without hashes: those names are not taken.)
pub fn read(path: &Path) -> BTreeMap<String, Recorded> {
    let mut out: BTreeMap<String, Recorded> = BTreeMap::new();
    fn file<'a>(out: &'a mut BTreeMap<String, Recorded>, name: &str) -> Option<&'a mut Recorded> {
        if !is_own_file_name(name) {
            return None;
        }
        if !out.contains_key(name) {
            out.insert(name.to_string(), Recorded::default());
        }
        out.get_mut(name)
    }
    each_line(path, |line| {
        if let Some(rest) = line.strip_prefix(MADE_FROM) {
            // `# made from FINGERPRINT HASH  NAME`
            let Some((digests, name)) = rest.split_once("  ") else {
                return;
            };
            let Some((fingerprint, hash)) = digests.split_once(' ') else {
                return;
            };
            if let (Some(fingerprint), Some(hash)) =
                (Digest::parse(fingerprint), Digest::parse(hash))
                && let Some(file) = file(&mut out, name)
            {
                file.made_from.push((fingerprint, hash));
            }
        } else if let Some((hash, name)) = line.split_once("  ")
            && let Some(hash) = Digest::parse(hash)
            && let Some(file) = file(&mut out, name)
        {
            // `HASH  NAME`
            file.hashes.push(hash);
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
    fn a_record_written_is_read_back_with_what_each_file_was_made_from() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(BUILD_RECORD);
        let [a, b, c, f] = [b"a", b"b", b"c", b"f"].map(|x| Digest::of(x));
        write(
            &path,
            [("letter.md", a), ("letter.md", b), ("index.html", c)],
            // Lines for bytes not listed are left out; a fingerprint may be given twice.
            [
                ("letter.md", f, a),
                ("letter.md", f, a),
                ("letter.pdf", f, c),
            ],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("# made from").count(), 1, "{text}");
        let read = read(&path);
        let mut hashes = read["letter.md"].hashes.clone();
        hashes.sort();
        let mut both = vec![a, b];
        both.sort();
        assert_eq!(hashes, both);
        assert_eq!(read["letter.md"].made_from, vec![(f, a)]);
        assert_eq!(read["index.html"].hashes, vec![c]);
        assert!(!read.contains_key("letter.pdf"));
    }

    #[test]
    fn lines_naming_files_s55_does_not_write_or_without_a_hash_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(BUILD_RECORD);
        let h = Digest::of(b"x");
        std::fs::write(
            &path,
            format!(
                "{BUILD_RECORD_HEADER}\n{h}  ../escape.md\n{h}  notes.txt\nletter.md\n\
                 {}  letter.md\n{MADE_FROM}{h} {h}  /etc/passwd\n{h}  letter.html\n",
                h.to_string().to_uppercase()
            ),
        )
        .unwrap();
        let read = read(&path);
        assert_eq!(read.keys().collect::<Vec<_>>(), ["letter.html"]);
    }

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
