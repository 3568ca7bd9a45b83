//! The letter: one response read, checked and ready to render, with everything every format shares.
//! It is made once, by [`Letter::load`], and each format renders from it (see [`super::renderer`]),
//! so `s55 render` and `s55 build` read, check and prepare a response in exactly the same way.

use super::Templates;
use super::html::PageLinks;
use crate::checks::{self, Assessment};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Response};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One response, read and checked, with the templates that apply to it.
pub struct Letter {
    /// The response, as read from its file (with its report and office files).
    pub response: Response,
    /// What the checks found, for the draft notice and the deadline: formats never re-run checks.
    pub assessment: Assessment,
    /// The templates that apply to this response: the built-in ones, overridden by name.
    pub templates: Templates,
    /// The folders the templates were read from, besides the built-in ones (`--templates`, then a
    /// `templates/` folder beside the response, then one in the folder being built).
    pub template_folders: Vec<PathBuf>,
    /// The layout asked for in place of the one the response names (`s55 render --template`).
    pub layout: Option<String>,
    /// Where the web page sits: on its own (`s55 render`), or in a website folder with links back
    /// to the index and feed and on to the letter's other formats (`s55 build`).
    pub links: PageLinks,
}

impl Letter {
    /// Reads the response at `path` and the templates that apply to it (`templates` folders first;
    /// `root` is the folder being built, whose own `templates/` folder applies too), and checks it
    /// as of `today`.
    pub fn load(
        path: &Path,
        templates: &[PathBuf],
        root: Option<&Path>,
        today: NaiveDate,
    ) -> Result<Letter, Diagnostic> {
        let template_folders = Templates::folders_for(templates, path, root);
        let templates = Templates::load(&template_folders)?;
        Letter::load_with(path, templates, template_folders, today)
    }

    /// Reads the response at `path` and checks it as of `today`, with templates already loaded from
    /// `template_folders` (see [`Templates::folders_for`]): a build loads each set of template
    /// folders once and shares it between the letters that use it.
    pub fn load_with(
        path: &Path,
        templates: Templates,
        template_folders: Vec<PathBuf>,
        today: NaiveDate,
    ) -> Result<Letter, Diagnostic> {
        let response = load::response(path)?;
        let assessment = checks::assess(&response, today);
        Ok(Letter {
            response,
            assessment,
            templates,
            template_folders,
            layout: None,
            links: PageLinks::default(),
        })
    }

    /// The layout to use in place of the response's own, if one was asked for.
    pub fn layout(&self) -> Option<&str> {
        self.layout.as_deref()
    }

    /// Whether a check found an error: the letter is then a draft, marked as one in every format.
    pub fn is_draft(&self) -> bool {
        self.assessment.has_errors()
    }

    /// The files the response was read from: the response file, and its report and office files
    /// when it names them.
    pub fn response_files(&self) -> Vec<PathBuf> {
        let files = &self.response.files;
        let mut paths = vec![files.response.path.clone()];
        paths.extend(files.report.iter().map(|s| s.path.clone()));
        paths.extend(files.office.iter().map(|s| s.path.clone()));
        paths
    }

    /// The files every format of this letter is made from: the response's files and the template
    /// folders (a folder, not its files, because adding a template to it can change the letter).
    pub fn sources(&self) -> Vec<PathBuf> {
        let mut sources = self.response_files();
        sources.extend(self.template_folders.iter().cloned());
        sources
    }

    /// The image files the letter names (the office's logo and the signature), for the formats
    /// that draw them.
    pub fn images(&self) -> Vec<PathBuf> {
        let body = &self.response.body;
        [&body.logo, &body.signature]
            .into_iter()
            .flatten()
            .map(|image| self.response.body_dir.join(&image.path))
            .collect()
    }
}
