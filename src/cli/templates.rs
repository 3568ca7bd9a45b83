//! `s55 templates`: the built-in layouts, and copying one to change it.

use super::fail;
use super::out;
use std::path::PathBuf;

/// `s55 templates`.
#[derive(Debug, clap::Subcommand)]
pub enum TemplatesCommand {
    /// List the built-in templates: the letter layouts and the website's pages.
    List,
    /// Copy one built-in template into responses/templates/ (or DIR) to change it. An existing
    /// file is never replaced; `s55 check` warns when the built-in changes after the copy.
    Copy {
        /// The template: a layout (letter, home-secretary, board-paper) or a file such as site.css.
        name: String,
        /// The folder to copy it into.
        #[arg(long = "templates", default_value = "responses/templates")]
        templates: PathBuf,
    },
}

pub fn run(command: TemplatesCommand) -> u8 {
    use s55::render::templates::{BUILT_IN, copy};
    match command {
        TemplatesCommand::List => {
            for (name, _) in BUILT_IN {
                let what = match *name {
                    "base-letter.md" => {
                        "what every letter shares: letterhead, addressees, date, signature, copies"
                    }
                    "letter.md" => "layout `letter`: a letter to several addressees",
                    "home-secretary.md" => {
                        "layout `home-secretary`: a formal letter to the Home Secretary"
                    }
                    "board-paper.md" => "layout `board-paper`: a paper to a board or panel",
                    "base-page.html" => "what every web page shares: its head and skip link",
                    "page.html" => "the web page for one response",
                    "fragment.html" => "the letter alone, for a content management system",
                    "index.html" => "the index of all responses",
                    "feed.atom" => "the Atom feed",
                    "site.css" => "the website's stylesheet",
                    _ => "",
                };
                out(&format!("{name:<20} {what}\n"));
            }
            0
        }
        TemplatesCommand::Copy { name, templates } => match copy(&name, &templates) {
            Ok(path) => {
                out(&format!(
                    "copied the built-in {} to {}: edit it there; it replaces the built-in for the responses in that folder\n",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    path.display()
                ));
                0
            }
            Err(d) => fail(&[d]),
        },
    }
}
