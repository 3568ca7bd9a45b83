//! A Word file as s55 opens it (a `.docx` or `.dotx` is a zip "package" of parts such as
//! `word/document.xml`), read within limits, for the office's Word template and for `s55 import`
//! alike: the one place that decides how much of a Word file s55 unpacks. A part's declared size
//! may lie (that is how a zip bomb works), so every read is bounded as it happens, not trusted
//! from the file's own directory.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// How much of a package s55 will unpack.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most parts the package may have.
    pub parts: usize,
    /// The most one part may unpack to, in bytes.
    pub part: u64,
    /// The most all the parts read may unpack to together, in bytes.
    pub total: u64,
}

/// Why a package could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// It is not a zip file, so not a Word file.
    NotZip,
    /// It has more parts than [`Limits::parts`] (how many it has).
    TooManyParts(usize),
    /// This part unpacks to more than [`Limits::part`].
    PartTooBig(String),
    /// The parts read unpack to more than [`Limits::total`] together.
    TooBig,
    /// This part is damaged inside the zip (what the reader said).
    Unreadable(String, String),
}

/// An open package: its parts are unpacked when asked for, each within the limits.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    unpacked: u64,
}

impl<'a> Package<'a> {
    /// Opens the bytes of a Word file, refusing one that is not a zip or has too many parts.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, PackageError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageError::NotZip)?;
        if zip.len() > limits.parts {
            return Err(PackageError::TooManyParts(zip.len()));
        }
        Ok(Package {
            zip,
            limits,
            unpacked: 0,
        })
    }

    /// The names of the parts, in the order they are stored.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.zip.file_names()
    }

    /// The bytes of the part called `name` (`word/document.xml`), or `None` when there is none.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(PackageError::Unreadable(name.to_string(), e.to_string())),
        };
        let name = name.to_string();
        read_bounded(file, &name, self.limits, &mut self.unpacked).map(Some)
    }

    /// Every part, by name (without a leading `/`), folders left out.
    pub fn all(&mut self) -> Result<BTreeMap<String, Vec<u8>>, PackageError> {
        let mut parts = BTreeMap::new();
        for i in 0..self.zip.len() {
            let file = self
                .zip
                .by_index(i)
                .map_err(|e| PackageError::Unreadable(format!("#{}", i + 1), e.to_string()))?;
            if file.is_dir() {
                continue;
            }
            let name = file.name().trim_start_matches('/').to_string();
            let data = read_bounded(file, &name, self.limits, &mut self.unpacked)?;
            parts.insert(name, data);
        }
        Ok(parts)
    }
}

fn read_bounded(
    file: impl Read,
    name: &str,
    limits: Limits,
    unpacked: &mut u64,
) -> Result<Vec<u8>, PackageError> {
    let left = limits.total.saturating_sub(*unpacked);
    let most = limits.part.min(left);
    let mut data = Vec::new();
    file.take(most.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| PackageError::Unreadable(name.to_string(), e.to_string()))?;
    let size = data.len() as u64;
    if size > limits.part {
        return Err(PackageError::PartTooBig(name.to_string()));
    }
    if size > left {
        return Err(PackageError::TooBig);
    }
    *unpacked += size;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn package(parts: &[(&str, usize)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(&vec![b'a'; *size]).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    const LIMITS: Limits = Limits {
        parts: 3,
        part: 100,
        total: 150,
    };

    #[test]
    fn parts_within_the_limits_are_read_whole() {
        let bytes = package(&[("word/document.xml", 100), ("a", 50)]);
        let mut p = Package::open(&bytes, LIMITS).unwrap();
        assert_eq!(p.part("word/document.xml").unwrap().unwrap().len(), 100);
        assert_eq!(p.part("missing").unwrap(), None);
        let all = Package::open(&bytes, LIMITS).unwrap().all().unwrap();
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn a_part_one_byte_over_its_limit_is_refused() {
        let bytes = package(&[("word/document.xml", 101)]);
        let mut p = Package::open(&bytes, LIMITS).unwrap();
        assert_eq!(
            p.part("word/document.xml"),
            Err(PackageError::PartTooBig("word/document.xml".into()))
        );
    }

    #[test]
    fn parts_one_byte_over_the_total_are_refused() {
        let bytes = package(&[("a", 100), ("b", 51)]);
        assert_eq!(
            Package::open(&bytes, LIMITS).unwrap().all(),
            Err(PackageError::TooBig)
        );
    }

    #[test]
    fn too_many_parts_or_not_a_zip_is_refused() {
        let bytes = package(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]);
        assert_eq!(
            Package::open(&bytes, LIMITS).err(),
            Some(PackageError::TooManyParts(4))
        );
        assert_eq!(
            Package::open(b"not a zip", LIMITS).err(),
            Some(PackageError::NotZip)
        );
    }
}
