//! Reading a report: the text of a PDF page by page, or a text file.

use super::*;

/// A report's text, page by page (a text file is one page).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportText {
    pub pages: Vec<String>,
    /// Whether the text came from a PDF (page numbers are then meaningful).
    pub from_pdf: bool,
}

impl ReportText {
    /// A report given as plain text.
    pub fn plain(text: &str) -> ReportText {
        ReportText {
            pages: vec![text.to_string()],
            from_pdf: false,
        }
    }

    /// The whole text, pages separated by blank lines.
    pub fn joined(&self) -> String {
        self.pages.join("\n\n")
    }
}

/// Reads a report: a PDF (recognised by its contents, whatever the file is called) or UTF-8 text.
pub fn read_report(path: &Path) -> Result<ReportText, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Diagnostic::file(path, "this report file does not exist")
            .with_hint("give the path of the report as downloaded from HMICFRS (a PDF), or a text file of its words"),
        _ => Diagnostic::file(path, format!("this report file could not be read: {e}")),
    })?;
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if bytes[start..].starts_with(b"%PDF-") {
        let pages = pdf_pages(&bytes).map_err(|why| {
            Diagnostic::file(path, format!("the text of this PDF could not be read: {why}"))
                .with_hint("open the report on the HMICFRS website, copy its text into a .txt file, and give s55 that file instead")
        })?;
        if pages.iter().all(|p| p.trim().is_empty()) {
            return Err(Diagnostic::file(path, "this PDF has no text in it: it is probably a scan (pictures of pages)")
                .with_hint("HMICFRS publishes every report as a web page too: copy its text into a .txt file and give s55 that file instead"));
        }
        return Ok(ReportText {
            pages,
            from_pdf: true,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(ReportText::plain(&text)),
        Err(_) => Err(Diagnostic::file(path, "this report is neither a PDF nor UTF-8 text")
            .with_hint("give the PDF as downloaded from HMICFRS, or save the report's text as UTF-8 (in most editors: Save As, Encoding: UTF-8)")),
    }
}

/// The text of each page of a PDF. The PDF library panics on some malformed files; that becomes an
/// error here rather than a crash.
pub(super) fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF uses features s55 cannot read".to_string()),
    }
}
