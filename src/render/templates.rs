//! The template environment. Built-in templates are compiled into the binary (and kept as files in
//! the repository's `templates/` folder); a user's templates folder overrides them by file name.
//!
//! Lookup order, for a template named `letter.md`: the folders given with `--templates`, in order;
//! then a `templates/` folder beside the response files; then the built-in copy.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Kwargs, State, Tera};

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("letter.md", include_str!("../../templates/letter.md")),
    (
        "home-secretary.md",
        include_str!("../../templates/home-secretary.md"),
    ),
    (
        "board-paper.md",
        include_str!("../../templates/board-paper.md"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "fragment.html",
        include_str!("../../templates/fragment.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("feed.atom", include_str!("../../templates/feed.atom")),
    ("site.css", include_str!("../../templates/site.css")),
];

/// Where a template's text came from, to point errors at the right file.
#[derive(Debug, Clone)]
struct Origin {
    path: PathBuf,
    source: String,
}

/// The loaded templates, ready to render.
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
}

impl Templates {
    /// Loads the built-in templates, then every template file in `overrides` (earlier folders win).
    pub fn load(overrides: &[PathBuf]) -> Result<Templates, Diagnostic> {
        let mut chosen: BTreeMap<String, Origin> = BTreeMap::new();
        for (name, source) in BUILT_IN {
            chosen.insert(
                name.to_string(),
                Origin {
                    path: PathBuf::from(format!("(built-in template) templates/{name}")),
                    source: source.to_string(),
                },
            );
        }
        for dir in overrides.iter().rev() {
            if !dir.is_dir() {
                return Err(
                    Diagnostic::file(dir, "this templates folder does not exist").with_hint(
                        "give `--templates` a folder holding template files such as letter.md",
                    ),
                );
            }
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| {
                    Diagnostic::file(dir, format!("this templates folder could not be read: {e}"))
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for path in entries {
                let Some(name) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_string)
                else {
                    continue;
                };
                if !is_template_name(&name) {
                    continue;
                }
                let source = std::fs::read_to_string(&path).map_err(|e| {
                    Diagnostic::file(&path, format!("this template could not be read: {e}"))
                        .with_hint("templates must be UTF-8 text files")
                })?;
                chosen.insert(name, Origin { path, source });
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".atom"]);
        register_filters(&mut tera);
        let mut templates = Templates {
            tera,
            origins: chosen,
        };
        let sources: Vec<(String, String)> = templates
            .origins
            .iter()
            .map(|(n, o)| (n.clone(), o.source.clone()))
            .collect();
        templates
            .tera
            .add_raw_templates(sources)
            .map_err(|e| templates.explain(e))?;
        Ok(templates)
    }

    /// The template folders that apply to a response file: `--templates` folders first, then a
    /// `templates/` folder beside the response, then one in the folder being built.
    pub fn folders_for(explicit: &[PathBuf], response: &Path, root: Option<&Path>) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = explicit.to_vec();
        let beside = response.parent().unwrap_or(Path::new("")).join("templates");
        if beside.is_dir() {
            dirs.push(beside);
        }
        if let Some(root) = root {
            let at_root = root.join("templates");
            if at_root.is_dir() && !dirs.contains(&at_root) {
                dirs.push(at_root);
            }
        }
        dirs
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// The names of the letter layouts available (Markdown templates, without `.md`).
    pub fn layouts(&self) -> Vec<&str> {
        self.origins
            .keys()
            .filter_map(|n| n.strip_suffix(".md"))
            .filter(|n| *n != "macros")
            .collect()
    }

    /// The closest layout name, for did-you-mean hints.
    pub fn suggest_layout(&self, name: &str) -> Option<&str> {
        did_you_mean(name, &self.layouts())
    }

    /// Renders a whole template.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| self.explain(e))
    }

    /// Renders one block of a template (the PDF draws the letter's furniture itself and takes only
    /// the `body` block).
    pub fn render_block(
        &self,
        name: &str,
        block: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render_block(name, block, context)
            .map_err(|e| self.explain(e))
    }

    /// Turns a Tera error into a diagnostic naming the template file, line and column.
    fn explain(&self, err: tera::Error) -> Diagnostic {
        use tera::ErrorKind as K;
        match err.kind() {
            K::SyntaxError(report) | K::RenderingError(report) => {
                let name = report.filename();
                let span = report.span();
                let (path, source) = self
                    .origins
                    .get(name)
                    .map(|o| (o.path.clone(), o.source.clone()))
                    .unwrap_or_else(|| (PathBuf::from(name), String::new()));
                let width = if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                };
                let loc = Location::in_source(&source, span.start_line, span.start_col + 1, width);
                let message = report.message().to_string();
                let hint = if message.contains("not defined") {
                    "the template uses a name the response does not provide; check its spelling against the README's list of template variables, or guard it with `{% if ... %}`"
                } else if matches!(err.kind(), K::SyntaxError(_)) {
                    "check that every `{{` has its `}}` and every `{%` its `%}`, and that each `{% if %}`, `{% for %}` and `{% block %}` is closed"
                } else {
                    "see the README's section on templates for the variables and filters available"
                };
                Diagnostic::at(
                    &path,
                    loc,
                    format!("in template {name}: {}", message.trim_end_matches('.')),
                )
                .with_hint(hint)
            }
            K::TemplateNotFound(name) | K::MissingParent { parent: name, .. } => Diagnostic::file(
                Path::new(name),
                format!("the template `{name}` does not exist"),
            )
            .with_hint(format!(
                "the templates available are: {}",
                self.origins.keys().cloned().collect::<Vec<_>>().join(", ")
            )),
            other => Diagnostic::file(
                Path::new("templates"),
                format!("a template could not be used: {other}"),
            ),
        }
    }
}

fn is_template_name(name: &str) -> bool {
    [".md", ".html", ".xml", ".atom", ".txt", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.starts_with('.')
}

fn register_filters(tera: &mut Tera) {
    // "16 March 2020" from a YYYY-MM-DD date.
    tera.register_filter(
        "long_date",
        |value: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(value)
                .map(Date::long)
                .map_err(|e| tera::Error::message(format!("long_date: {e}")))
        },
    );
    // Puts Markdown text inside a block quote: "> " before every line.
    tera.register_filter(
        "blockquote",
        |value: &str, _: Kwargs, _: &State| -> String {
            value
                .trim_end()
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    // Indents every line after the first, so Markdown text can sit inside a list item.
    tera.register_filter(
        "indent_md",
        |value: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let width: usize = kwargs.get("width")?.unwrap_or(3);
            let pad = " ".repeat(width);
            Ok(value
                .trim_end()
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i == 0 || l.is_empty() {
                        l.to_string()
                    } else {
                        format!("{pad}{l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"))
        },
    );
}
