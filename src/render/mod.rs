//! Turning a response into a letter. The Tera environment (built-in templates, user overrides by
//! name), the render context, and one module per output format. Formats never re-run checks: they
//! receive the [`Assessment`](crate::checks::Assessment).

pub mod context;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod templates;

pub use context::LetterContext;
pub use templates::Templates;

/// The output formats s55 can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, the letter as the template writes it.
    Md,
    /// An accessible HTML page (or, with `--fragment`, the letter alone for a CMS).
    Html,
    /// PDF, the formal letter: A4, tagged for screen readers (PDF/UA-1), the same bytes every time.
    Pdf,
}

impl Format {
    /// The file extension for this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    /// The format's name as the index and pages show it in links: "Markdown", "PDF".
    pub fn label(self) -> &'static str {
        match self {
            Format::Md => "Markdown",
            Format::Html => "Web page",
            Format::Pdf => "PDF",
        }
    }
}
