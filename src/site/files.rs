//! Reading and writing files safely: reads are bounded (only regular files, never more than a set
//! size, so a FIFO, a device or a huge file cannot hang s55 or exhaust memory), and writes are
//! atomic (each file is complete or not there), through a temporary file created exclusively in the
//! same folder, so that a symlink planted at the temporary name is never followed.

use super::digest::Digest;
use crate::diagnostic::Diagnostic;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest YAML file s55 reads (a response, report or office file): 5 MB. The longest real
/// response is about 60 KB.
pub const YAML_LIMIT: u64 = 5 * 1024 * 1024;
/// The largest image s55 reads (a logo or signature): 20 MB.
pub const IMAGE_LIMIT: u64 = 20 * 1024 * 1024;
/// The largest template s55 reads: 1 MB.
pub const TEMPLATE_LIMIT: u64 = 1024 * 1024;
/// The most s55 reads of a file in the output folder (or of its build record) to see whether it
/// still has the bytes s55 wrote.
pub const OUTPUT_READ_LIMIT: u64 = 512 * 1024 * 1024;

/// Why a bounded read failed.
#[derive(Debug)]
pub enum ReadError {
    /// There is nothing at the path.
    NotFound,
    /// The path is a folder.
    Folder,
    /// The path is not a regular file (a FIFO, a device or a socket).
    NotAFile,
    /// The file is larger than the limit (bytes).
    TooLarge {
        /// The largest size allowed, in bytes.
        limit: u64,
    },
    /// Any other failure.
    Io(std::io::Error),
}

impl ReadError {
    /// The problem in plain English, without the file's name (the diagnostic carries it).
    pub fn message(&self, what: &str) -> String {
        match self {
            ReadError::NotFound => format!("this {what} does not exist"),
            ReadError::Folder => format!("this is a folder, not a {what}"),
            ReadError::NotAFile => format!(
                "this is not an ordinary file (it is a device, a pipe or a socket), so s55 does not read it as a {what}"
            ),
            ReadError::TooLarge { limit } => format!(
                "this {what} is larger than {}, the most s55 reads",
                size_in_words(*limit)
            ),
            ReadError::Io(e) => format!("this {what} could not be read: {e}"),
        }
    }
}

/// A size in bytes as people say it: `5 MB`, `1 MB`, `300 bytes`.
pub fn size_in_words(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a regular file of at most `limit` bytes. Symlinks to regular files are followed; FIFOs,
/// devices, sockets and folders are refused before they are opened, so reading never blocks.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The file may have been swapped since: check what was opened, and never read past the limit.
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Gives the memory the program has freed back to the system, where the system's allocator keeps
/// it otherwise (glibc's, on Linux): called between the steps of a build, after each has let go of
/// what it made, so that the memory a build holds does not creep up with the number of responses.
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes a number and only returns free memory to the system; it is safe
    // to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The SHA-256 of some bytes, in lower-case hex (as `sha256sum` prints it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Digest::of(bytes).to_string()
}

/// The suffix of s55's temporary files: `.NAME.s55-partial` (or `.NAME.N.s55-partial` when that
/// name is taken by something s55 will not remove).
pub const PARTIAL_SUFFIX: &str = ".s55-partial";

/// The file that a temporary file of s55's stands for: `.letter.md.s55-partial` → `letter.md`,
/// `.letter.md.3.s55-partial` → `letter.md`. `None` for any other name.
pub fn partial_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(PARTIAL_SUFFIX)?;
    if inner.is_empty() {
        return None;
    }
    // `.NAME.N.s55-partial`: drop the counter.
    if let Some((target, n)) = inner.rsplit_once('.') {
        if !target.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return Some(target);
        }
    }
    Some(inner)
}

/// Removes the temporary files a killed write left in `dir` for the files `own` says s55 writes
/// there. Only regular files are removed (never a symlink, never a folder). Returns what was removed.
pub fn remove_partials(dir: &Path, own: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !partial_target(name).is_some_and(&own) {
            continue;
        }
        let path = entry.path();
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if regular && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// The temporary file s55 makes for the file `name` in `dir` at its `n`th try at a free name:
/// `.NAME.s55-partial`, then `.NAME.1.s55-partial`, `.NAME.2.s55-partial`, ... (a name is skipped
/// when something s55 will not remove is there).
pub fn partial_path(dir: &Path, name: &str, n: u8) -> PathBuf {
    if n == 0 {
        dir.join(format!(".{name}{PARTIAL_SUFFIX}"))
    } else {
        dir.join(format!(".{name}.{n}{PARTIAL_SUFFIX}"))
    }
}

/// Creates a new temporary file beside `path`, exclusively (`create_new`: an existing file or a
/// symlink at the name, even a dangling one, is never opened). A left-over regular temporary file
/// from a killed write is removed first; anything else at the name is left alone and the next
/// numbered name is used.
fn create_partial(dir: &Path, name: &str) -> std::io::Result<(u8, PathBuf, std::fs::File)> {
    let mut last = None;
    for n in 0..100 {
        let tmp = partial_path(dir, name, n);
        for attempt in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(file) => return Ok((n, tmp, file)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt == 0 => {
                    let leftover =
                        std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.file_type().is_file());
                    if !(leftover && std::fs::remove_file(&tmp).is_ok()) {
                        last = Some(e);
                        break;
                    }
                }
                Err(e) => {
                    last = Some(e);
                    break;
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
}

/// Writes a file so that it is either complete or not there: the bytes go to a temporary file in the
/// same folder, created exclusively, which then replaces the target in one step. An unchanged file is
/// left alone. Anything at `path` that is not a regular file or a symlink (a folder, a FIFO, a
/// device) is refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if refuse_all_but_a_file(path)?
        && read_limited(path, bytes.len() as u64).is_ok_and(|old| old == bytes)
    {
        return Ok(());
    }
    let tmp = stage(path, bytes)?;
    put_in_place(&tmp, path)
}

/// [`write_atomic`] for a file that `write` makes a piece at a time (a build record of thousands of
/// lines), so that it is never held whole in memory. An unchanged file is left alone: the new
/// bytes are compared with the old ones a piece at a time.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let is_file = refuse_all_but_a_file(path)?;
    let (tmp, _) = write_partial(path, true, |file| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()
    })?;
    if is_file && same_bytes(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Ok(());
    }
    put_in_place(&tmp, path)
}

/// Whether two files have the same bytes, read a piece at a time.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let same_length = match (a.metadata(), b.metadata()) {
        (Ok(x), Ok(y)) => x.len() == y.len(),
        _ => false,
    };
    if !same_length {
        return false;
    }
    let (mut a, mut b) = (std::io::BufReader::new(a), std::io::BufReader::new(b));
    let (mut x, mut y) = ([0u8; 8192], [0u8; 8192]);
    loop {
        let Ok(n) = a.read(&mut x) else { return false };
        if n == 0 {
            return b.read(&mut y).is_ok_and(|m| m == 0);
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}

/// Refuses to write over anything at `path` that is neither a regular file nor a symlink (a folder,
/// a FIFO, a device); says whether a regular file is there.
fn refuse_all_but_a_file(path: &Path) -> Result<bool, Diagnostic> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(true),
        Ok(m) if m.file_type().is_symlink() => Ok(false),
        Ok(m) => {
            let what = if m.is_dir() {
                "a folder"
            } else {
                "not an ordinary file (a device, a pipe or a socket)"
            };
            Err(Diagnostic::file(
                path,
                format!("this is {what}, so s55 did not write over it"),
            )
            .with_hint("choose another output name"))
        }
        Err(_) => Ok(false),
    }
}

/// Writes the bytes meant for `path` to a new temporary file beside it (see [`PARTIAL_SUFFIX`]),
/// flushed to the disk, creating the folder if need be, and returns the temporary file's path: the
/// first half of [`write_atomic`], for a build that makes every file before it puts any in place.
/// [`put_in_place`] finishes the job; a temporary file that is not wanted after all is removed with
/// `std::fs::remove_file`, or by the next build ([`remove_partials`]).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
    write_partial(path, true, |file| file.write_all(bytes)).map(|(tmp, _)| tmp)
}

/// [`stage`], without waiting for the bytes to reach the disk, and with the bytes written by
/// `fill` (a piece at a time if it likes: a list of thousands of responses is written as it is
/// made). A build sets down all its files this way, then [`flush`]es them together, which is many
/// times faster than one by one. Gives which try at a free name the temporary file is
/// ([`partial_path`]), so that a build of thousands of files need not hold their names.
pub fn stage_unflushed(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<u8, Diagnostic> {
    write_partial(path, false, fill).map(|(_, n)| n)
}

/// Makes a new temporary file beside `path`, has `fill` write its bytes, and sends them to the disk
/// (waiting for them with `sync`); the temporary file is removed if anything fails.
fn write_partial(
    path: &Path,
    sync: bool,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(PathBuf, u8), Diagnostic> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::file(dir, format!("the output folder could not be created: {e}"))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut tmp = None;
    let result = (|| {
        let (n, at, mut file) = create_partial(dir, &name)?;
        tmp = Some(at.clone());
        fill(&mut file)?;
        if sync {
            file.sync_all()?;
        } else {
            start_writing(&file);
        }
        Ok::<_, std::io::Error>((at, n))
    })();
    result.map_err(|e| {
        if let Some(tmp) = tmp {
            let _ = std::fs::remove_file(&tmp);
        }
        cannot_write(path, e)
    })
}

/// Waits until the bytes of these files are on the disk, so that a power cut after they are put in
/// place cannot leave one empty or half-written. Files set down by [`stage_unflushed`] are already
/// on their way to the disk (on Linux), so each flush here mostly waits for what has been sent.
pub fn flush(paths: impl rayon::iter::ParallelIterator<Item = PathBuf>) -> Result<(), Diagnostic> {
    paths.try_for_each(|path| {
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| cannot_write(&path, e))
    })
}

/// Asks the system to start writing a file's bytes to the disk, without waiting: many files sent
/// this way and then [`flush`]ed reach the disk in one sweep rather than one by one.
fn start_writing(file: &std::fs::File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `sync_file_range` takes an open file descriptor, which `file` holds for the
        // call, and a byte range (0, 0: the whole file); it touches no memory of ours. A failure
        // only means the later flush does all the waiting.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// Puts a file made by [`stage`] in its place, replacing what was there in one step.
pub fn put_in_place(tmp: &Path, path: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        cannot_write(path, e)
    })
}

fn cannot_write(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(path, format!("this file could not be written: {e}"))
        .with_hint("check that the output folder is writable and the disk is not full")
}

/// Refuses an output path for `s55 render -o` that would replace the response being rendered or
/// any other YAML file (a response, report or office file): writing a letter over it would lose the
/// officer's work. Call before [`write_atomic`].
pub fn check_render_output(input: &Path, output: &Path) -> Result<(), Diagnostic> {
    let same = match (std::fs::canonicalize(input), std::fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Diagnostic::file(
            output,
            "this is the response being rendered, so the letter was not written over it",
        )
        .with_hint("give `-o` a new file name, such as letter.md, letter.html or letter.pdf"));
    }
    let yaml = matches!(
        output
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml")
    );
    let exists = std::fs::symlink_metadata(output).is_ok();
    let starts_as_s55 = exists
        && read_limited(output, YAML_LIMIT).is_ok_and(|b| {
            String::from_utf8_lossy(&b)
                .lines()
                .any(|l| l.trim_end().starts_with("s55:"))
        });
    if (yaml && exists) || starts_as_s55 {
        return Err(Diagnostic::file(
            output,
            "this is a YAML file of s55's (a response, report or office file), so the letter was not written over it",
        )
        .with_hint("give `-o` a new file name, such as letter.md, letter.html or letter.pdf"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn a_file_written_a_piece_at_a_time_is_left_alone_when_its_bytes_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record");
        let write = |text: &'static str| {
            write_atomic_with(&path, |out| {
                for line in text.lines() {
                    writeln!(out, "{line}")?;
                }
                Ok(())
            })
            .unwrap();
            std::fs::metadata(&path).unwrap().ino()
        };
        let first = write("a\nb\n");
        assert_eq!(
            write("a\nb\n"),
            first,
            "the same bytes: the file is not replaced"
        );
        let changed = write("a\nc\n");
        assert_ne!(changed, first, "other bytes of the same length: replaced");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\nc\n");
        assert_ne!(write("a\nc\nd\n"), changed, "longer: replaced");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\nc\nd\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn partial_names() {
        assert_eq!(partial_target(".letter.md.s55-partial"), Some("letter.md"));
        assert_eq!(
            partial_target(".letter.md.3.s55-partial"),
            Some("letter.md")
        );
        assert_eq!(
            partial_target("..s55-build.s55-partial"),
            Some(".s55-build")
        );
        assert_eq!(partial_target("letter.md"), None);
        assert_eq!(partial_target(".s55-partial"), None);
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

    #[test]
    fn reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert_eq!(read_limited(&path, 100).unwrap().len(), 100);
        assert!(matches!(
            read_limited(&path, 99),
            Err(ReadError::TooLarge { limit: 99 })
        ));
        assert!(matches!(
            read_limited(dir.path(), 99),
            Err(ReadError::Folder)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "outside").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&outside, out.join(".letter.md.s55-partial")).unwrap();
        write_atomic(&out.join("letter.md"), b"letter").unwrap();
        assert_eq!(std::fs::read(&outside).unwrap(), b"outside");
        assert_eq!(std::fs::read(out.join("letter.md")).unwrap(), b"letter");
        assert!(
            std::fs::symlink_metadata(out.join(".letter.md.s55-partial"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
