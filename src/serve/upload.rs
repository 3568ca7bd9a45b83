//! Reading a form that sends a file (`multipart/form-data`, RFC 7578): the report an officer
//! uploads to start a response. The body has been read whole, up to a limit, before it is parsed;
//! the parser only slices it, never copies more than the parts, and refuses anything malformed
//! (a missing boundary, a part without an end, headers longer than a few kilobytes, too many parts)
//! rather than guessing.

use memchr::memmem;

/// The most parts a form of `s55 serve` sends (token, date, report) with room to spare.
const MOST_PARTS: usize = 16;

/// The most a part's headers may take.
const HEADERS_LIMIT: usize = 8 * 1024;

/// One part of a form: a field, or a file with the name it had on the officer's computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The field's name.
    pub name: String,
    /// For a file, the name it was sent with (possibly empty, when none was chosen).
    pub filename: Option<String>,
    /// What was sent.
    pub data: &'a [u8],
}

/// The boundary a `Content-Type: multipart/form-data; boundary=...` header names, if it is one.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = split_params(content_type).into_iter();
    if !params
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    let b = params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| unquote(v.trim()))
    })?;
    // RFC 2046: 1 to 70 characters, none of them a line break.
    (!b.is_empty() && b.len() <= 70 && !b.contains(['\r', '\n'])).then_some(b)
}

/// The parts of a body sent with `boundary`, or why it cannot be read.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, &'static str> {
    let delimiter = format!("--{boundary}");
    let between = format!("\r\n--{boundary}");
    let first = memmem::find(body, delimiter.as_bytes()).ok_or("the form has no parts")?;
    if first != 0 && !body[..first].ends_with(b"\r\n") {
        return Err("the form's first part does not start on a line of its own");
    }
    let mut at = first + delimiter.len();
    let mut parts = Vec::new();
    loop {
        match body.get(at..at + 2) {
            Some(b"--") => return Ok(parts),
            Some(b"\r\n") => at += 2,
            _ => return Err("the form's parts are not separated as they should be"),
        }
        if parts.len() == MOST_PARTS {
            return Err("the form has more parts than any form of s55 serve sends");
        }
        let rest = &body[at..];
        let window = &rest[..rest.len().min(HEADERS_LIMIT)];
        let end = memmem::find(window, b"\r\n\r\n")
            .ok_or("a part of the form has no end to its headers")?;
        let headers =
            std::str::from_utf8(&rest[..end]).map_err(|_| "a part's headers are not UTF-8")?;
        let (name, filename) = disposition(headers).ok_or("a part of the form has no name")?;
        let data_start = at + end + 4;
        let length = memmem::find(&body[data_start..], between.as_bytes())
            .ok_or("the form ends before its last part does (was the upload cut short?)")?;
        parts.push(Part {
            name,
            filename,
            data: &body[data_start..data_start + length],
        });
        at = data_start + length + between.len();
    }
}

/// The name and file name a part's `Content-Disposition: form-data; name="..."` header gives.
fn disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers.split("\r\n").find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-disposition")
            .then_some(v)
    })?;
    let mut params = split_params(line).into_iter();
    if !params.next()?.trim().eq_ignore_ascii_case("form-data") {
        return None;
    }
    let (mut name, mut filename) = (None, None);
    for p in params {
        let Some((k, v)) = p.split_once('=') else {
            continue;
        };
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(unquote(v.trim())),
            "filename" => filename = Some(unquote(v.trim())),
            _ => {}
        }
    }
    Some((name?, filename))
}

/// A header's value split at the `;` that are not inside quotes.
fn split_params(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

/// A parameter's value without its quotes. Browsers (as the HTML standard says) write a `"` in a
/// file name as `%22` and a line break as `%0A`, and a `\` as it is; those are decoded here.
fn unquote(v: &str) -> String {
    let inner = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v);
    inner
        .replace("%22", "\"")
        .replace("%0A", "\n")
        .replace("%0D", "\r")
}

/// A file name sent by a browser, made safe to name the report in messages and in the response
/// file's notes: its last part only (no folders), no control characters, not empty.
pub fn file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string();
    if clean.is_empty() || clean == "." || clean == ".." {
        "report".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "----x1y2";

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file, data) in parts {
            out.extend_from_slice(format!("--{B}\r\n").as_bytes());
            match file {
                Some(f) => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes(),
                ),
                None => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{B}--\r\n").as_bytes());
        out
    }

    #[test]
    fn the_boundary_is_read_quoted_or_not() {
        assert_eq!(
            boundary("multipart/form-data; boundary=----x1y2").as_deref(),
            Some(B)
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b\"").as_deref(),
            Some("a;b")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(boundary("multipart/form-data; boundary="), None);
    }

    #[test]
    fn fields_and_a_file_are_read_with_their_bytes_untouched() {
        let pdf: &[u8] = b"%PDF-1.7\r\n\r\n--not the boundary\r\n\x00\xff";
        let b = body(&[
            ("token", None, b"abc"),
            ("published", None, b"2020-03-05"),
            ("report", Some("C:\\fakepath\\Report %22final%22.pdf"), pdf),
        ]);
        let parts = parse(&b, B).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].data),
            ("token", &b"abc"[..])
        );
        assert_eq!(parts[1].data, b"2020-03-05");
        assert_eq!(parts[2].data, pdf);
        assert_eq!(
            file_name(parts[2].filename.as_deref().unwrap()),
            "Report \"final\".pdf"
        );
    }

    #[test]
    fn an_upload_cut_short_is_refused() {
        let b = body(&[
            ("token", None, b"abc"),
            ("report", Some("r.pdf"), b"%PDF-1.7 ..."),
        ]);
        let cut = &b[..b.len() - 20];
        assert!(parse(cut, B).is_err());
        assert!(parse(b"", B).is_err());
        assert!(parse(b"--other\r\n\r\n", B).is_err());
    }

    #[test]
    fn headers_without_end_or_name_are_refused() {
        let mut b = format!("--{B}\r\nContent-Disposition: form-data; name=\"a\"").into_bytes();
        b.extend(std::iter::repeat_n(b'x', HEADERS_LIMIT * 2));
        assert!(parse(&b, B).is_err());
        let b = format!("--{B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{B}--").into_bytes();
        assert!(parse(&b, B).is_err());
    }

    #[test]
    fn too_many_parts_are_refused() {
        let many: Vec<(&str, Option<&str>, &[u8])> = (0..MOST_PARTS + 1)
            .map(|_| ("a", None, &b"1"[..]))
            .collect();
        assert!(parse(&body(&many), B).is_err());
        assert!(parse(&body(&many[..MOST_PARTS]), B).is_ok());
    }

    #[test]
    fn a_file_name_keeps_no_folder_and_no_line_break() {
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a\nb.pdf"), "ab.pdf");
        assert_eq!(file_name(""), "report");
        assert_eq!(file_name("C:\\Users\\x\\"), "report");
    }
}
