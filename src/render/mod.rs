//! Turning a response into a letter. A [`Letter`] is a response read, checked and given its
//! templates, once; each output format renders it through one [`Renderer`], registered in
//! [`renderer::RENDERERS`]. Also here: the Tera environment (built-in templates, user overrides by
//! name), the render context, and one module per output format. Formats never re-run checks: they
//! receive the [`Assessment`](crate::checks::Assessment).

pub mod context;
pub mod docx;
pub mod html;
pub mod letter;
pub mod markdown;
pub mod pdf;
pub mod phrases;
pub mod renderer;
pub mod templates;
pub mod trial;
pub mod word_template;

pub use context::LetterContext;
pub use letter::Letter;
pub use renderer::Renderer;
pub use templates::Templates;

/// An output format, by the name `--format` gives it (`md`, `html`, `pdf`). The formats there are,
/// the files each writes and how, are its renderers in [`renderer::RENDERERS`]: a new format is a new
/// renderer there, with nothing to add here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Format(pub &'static str);

impl Format {
    /// Markdown, the letter as the template writes it.
    pub const MD: Format = Format("md");
    /// An accessible HTML page (or, with `--fragment`, the letter alone for a CMS).
    pub const HTML: Format = Format("html");
    /// PDF, the formal letter: A4, tagged for screen readers (PDF/UA-1), the same bytes every time.
    pub const PDF: Format = Format("pdf");

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        self.0
    }
}

/// The words every draft carries, in every format: "DRAFT – not ready to publish".
pub fn draft_mark() -> &'static str {
    phrases::phrase(phrases::Phrase::Draft)
}

/// A finding's message as public text: no backticks, and a value written in the file's terms
/// (`no-action`, `on_chief_officer_comments`) in words ("no action", "on chief officer comments").
pub fn plain_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&part.replace(['-', '_'], " "));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// What a draft says about itself: whether it is a draft at all (a check found an error), how many
/// days late it is, and the errors in public words.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftNotice {
    /// "DRAFT – not ready to publish".
    pub mark: &'static str,
    /// Days since the last day passed, for an unpublished response whose last day has gone.
    pub days_late: Option<i64>,
    /// The last day in words, when there is one.
    pub last_day: Option<String>,
    /// One sentence on timing: "It is 12 days late: the last day was 10 May 2020, and the law still
    /// requires it to be published as soon as possible." or "It must be published by 10 May 2020."
    pub timing: Option<String>,
    /// The errors, each as a sentence in plain words.
    pub problems: Vec<String>,
}

impl DraftNotice {
    /// The notice for a response, or `None` when no check found an error.
    pub fn of(assessment: &crate::checks::Assessment) -> Option<DraftNotice> {
        if !assessment.has_errors() {
            return None;
        }
        let t = &assessment.timing;
        let days_late = t.days_left.filter(|d| *d < 0).map(|d| -d);
        let last_day = t.last_day.map(|d| d.long());
        let timing = match (days_late, &last_day) {
            (Some(late), Some(last)) => Some(phrases::fill(
                phrases::Phrase::DraftLate,
                &[("days", &days(late)), ("date", last)],
            )),
            (None, Some(last)) if t.response_published.is_none() => Some(phrases::fill(
                phrases::Phrase::DraftLastDay,
                &[("date", last)],
            )),
            _ => None,
        };
        Some(DraftNotice {
            mark: draft_mark(),
            days_late,
            last_day,
            timing,
            problems: assessment
                .findings
                .iter()
                .filter(|f| f.severity == crate::checks::Severity::Error)
                .map(|f| sentence(&plain_message(&f.message)))
                .collect(),
        })
    }

    /// The one line the PDF prints at the top of every page.
    pub fn page_mark(&self) -> String {
        match self.days_late {
            Some(late) => format!(
                "{} · {} late: the law still requires publication as soon as possible",
                self.mark,
                days(late)
            ),
            None => self.mark.to_string(),
        }
    }

    /// The notice as Markdown, for the top of the Markdown letter.
    pub fn markdown(&self) -> String {
        let mut out = format!("> **{}**\n", self.mark);
        if let Some(t) = &self.timing {
            out.push_str(&format!(">\n> {t}\n"));
        }
        out.push_str(&format!(
            ">\n> The checks found {} to put right before it is published:\n>\n",
            match self.problems.len() {
                1 => "1 problem".to_string(),
                n => format!("{n} problems"),
            }
        ));
        for p in &self.problems {
            out.push_str(&format!("> - {p}\n"));
        }
        out.push('\n');
        out
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// A message as a sentence: capital first letter, full stop at the end.
pub fn sentence(message: &str) -> String {
    let message = message.trim();
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}
