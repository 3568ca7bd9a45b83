//! A SHA-256, as a build keeps it: its 32 bytes, written out as `sha256sum` prints it (64 lower-case
//! hex digits) only in the build record. A build of thousands of responses keeps two for each file
//! it makes (what its bytes are, and what they were made from) until every file is in place; as
//! bytes they take a third of the room the written-out digits took.

use sha2::{Digest as _, Sha256};
use std::fmt;

/// The SHA-256 of some bytes. Digests sort as their written-out digits sort.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// A digest summed up from many pieces (see [`Sha256`]).
    pub fn from_hasher(hasher: Sha256) -> Digest {
        Digest(hasher.finalize().into())
    }

    /// The digest written as `sha256sum` prints it, or `None` for anything else (upper-case
    /// digits included: s55 never writes them).
    pub fn parse(text: &str) -> Option<Digest> {
        fn digit(b: u8) -> Option<u8> {
            match b {
                b'0'..=b'9' => Some(b - b'0'),
                b'a'..=b'f' => Some(b - b'a' + 10),
                _ => None,
            }
        }
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            *byte = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(Digest(bytes))
    }
}

/// Writes through to another writer, summing up every byte that passes: the digest of a file
/// written a piece at a time, without holding it.
pub struct Summing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: std::io::Write> Summing<W> {
    /// Nothing written yet.
    pub fn new(inner: W) -> Summing<W> {
        Summing {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The writer, and the digest of everything written through it.
    pub fn finish(self) -> (W, Digest) {
        (self.inner, Digest::from_hasher(self.hasher))
    }
}

impl<W: std::io::Write> std::io::Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl fmt::Display for Digest {
    /// 64 lower-case hex digits, as `sha256sum` prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 64];
        for (pair, b) in text.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(b >> 4)];
            pair[1] = DIGITS[usize::from(b & 0xf)];
        }
        // Only ASCII digits and letters were written.
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_written_as_sha256sum_prints_it_and_read_back() {
        // `printf abc | sha256sum`
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let d = Digest::of(b"abc");
        assert_eq!(d.to_string(), abc);
        assert_eq!(Digest::parse(abc), Some(d));
    }

    #[test]
    fn only_64_lower_case_hex_digits_are_a_digest() {
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(Digest::parse(&abc.to_uppercase()), None);
        assert_eq!(Digest::parse(&abc[1..]), None);
        assert_eq!(Digest::parse(&format!("{abc}0")), None);
        assert_eq!(Digest::parse(&abc.replace('b', "g")), None);
        assert_eq!(Digest::parse(""), None);
        // A multi-byte character where a digit should be is refused, not split.
        assert_eq!(Digest::parse(&format!("é{}", &abc[2..])), None);
    }

    #[test]
    fn bytes_written_a_piece_at_a_time_have_the_digest_of_the_whole() {
        use std::io::Write;
        let whole: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut summing = Summing::new(Vec::new());
        for piece in whole.chunks(777) {
            summing.write_all(piece).unwrap();
        }
        let (written, digest) = summing.finish();
        assert_eq!(written, whole);
        assert_eq!(digest, Digest::of(&whole));
    }

    #[test]
    fn digests_sort_as_their_digits_sort() {
        let mut digests: Vec<Digest> = (0..50u8).map(|i| Digest::of(&[i])).collect();
        digests.sort();
        let digits: Vec<String> = digests.iter().map(Digest::to_string).collect();
        let mut sorted = digits.clone();
        sorted.sort();
        assert_eq!(digits, sorted);
    }
}
