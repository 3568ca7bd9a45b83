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
    (
        "base-letter.md",
        include_str!("../../templates/base-letter.md"),
    ),
    ("letter.md", include_str!("../../templates/letter.md")),
    (
        "home-secretary.md",
        include_str!("../../templates/home-secretary.md"),
    ),
    (
        "board-paper.md",
        include_str!("../../templates/board-paper.md"),
    ),
    (
        "base-page.html",
        include_str!("../../templates/base-page.html"),
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

/// What a built-in template's path starts with, in messages: `(built-in template) templates/letter.md`.
const BUILT_IN_MARK: &str = "(built-in template) templates/";

/// Whether a template's path is a built-in one's.
fn is_built_in_path(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with(BUILT_IN_MARK))
}

/// Where a template's text came from, to point errors at the right file.
#[derive(Debug, Clone)]
struct Origin {
    path: PathBuf,
    source: String,
}

/// The loaded templates, ready to render. Cloning is cheap (the compiled templates are shared), so
/// a build loads each set of template folders once and hands a copy to every letter that uses it.
#[derive(Clone)]
pub struct Templates {
    tera: std::sync::Arc<Tera>,
    origins: std::sync::Arc<BTreeMap<String, Origin>>,
    /// Whether any template was read from a folder (an office's own), rather than all built in.
    own: bool,
}

impl Templates {
    /// Loads the built-in templates, then every template file in `overrides` (earlier folders win).
    pub fn load(overrides: &[PathBuf]) -> Result<Templates, Diagnostic> {
        let mut chosen: BTreeMap<String, Origin> = BTreeMap::new();
        for (name, source) in BUILT_IN {
            chosen.insert(
                name.to_string(),
                Origin {
                    path: PathBuf::from(format!("{BUILT_IN_MARK}{name}")),
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
                let limit = crate::site::files::TEMPLATE_LIMIT;
                let source = crate::site::files::read_limited(&path, limit)
                    .map_err(|e| e.message("template"))
                    .and_then(|bytes| {
                        String::from_utf8(bytes)
                            .map_err(|_| "this template is not UTF-8 text".to_string())
                    })
                    .map_err(|message| {
                        Diagnostic::file(&path, message).with_hint(
                            "templates must be UTF-8 text files of at most 1 MB (the built-in ones are a few KB)",
                        )
                    })?;
                chosen.insert(name, Origin { path, source });
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".atom"]);
        register_filters(&mut tera);
        let sources: Vec<(String, String)> = chosen
            .iter()
            .map(|(n, o)| (n.clone(), o.source.clone()))
            .collect();
        let added = tera.add_raw_templates(sources);
        let own = chosen.values().any(|o| !is_built_in_path(&o.path));
        let templates = Templates {
            tera: std::sync::Arc::new(tera),
            origins: std::sync::Arc::new(chosen),
            own,
        };
        added.map_err(|e| templates.explain(e))?;
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
            .filter(|n| *n != "macros" && !is_base(n))
            .collect()
    }

    /// The closest layout name, for did-you-mean hints.
    pub fn suggest_layout(&self, name: &str) -> Option<&str> {
        did_you_mean(name, &self.layouts())
    }

    /// Renders a whole template.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.run(name, None, context)
    }

    /// Renders a template (or one block of it), its output capped at [`MAX_OUTPUT`]. An office's own
    /// template runs on a thread of its own, so that one that never finishes (a loop with no end)
    /// is given up after [`MAX_TIME`] with a plain message.
    fn run(
        &self,
        name: &str,
        block: Option<&str>,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        let (out, result) = self.run_raw(name, block, context)?;
        self.finish(name, out, result)
    }

    /// Renders a template over a context made for this one render and then dropped (the website's
    /// index pages and feed, whose context lists up to a hundred responses): the context is never
    /// copied, even for an office's own template, which runs on another thread.
    pub fn render_once(&self, name: &str, context: tera::Context) -> Result<String, Diagnostic> {
        let mut ran = self.run_all(name, vec![None], Given::Owned(context))?;
        let (out, result) = ran.remove(0);
        self.finish(name, out, result)
    }

    /// What a template (or one block of it) wrote and how it ended, or the message for a template
    /// that did not finish in time.
    fn run_raw(
        &self,
        name: &str,
        block: Option<&str>,
        context: &tera::Context,
    ) -> Result<(Bounded, tera::TeraResult<()>), Diagnostic> {
        let mut ran = self.run_all(
            name,
            vec![block.map(str::to_string)],
            Given::Borrowed(context),
        )?;
        Ok(ran.remove(0))
    }

    /// What each of `blocks` of a template (`None`: the whole template) wrote and how it ended, in
    /// order, run one after another on this thread's runner; or the message for templates that
    /// did not finish in time (all of them within [`MAX_TIME`]). Handing the runner several blocks
    /// at once saves waking it for each: for the letter's furniture, seven times.
    fn run_all(
        &self,
        name: &str,
        blocks: Vec<Option<String>>,
        context: Given,
    ) -> Result<Vec<(Bounded, tera::TeraResult<()>)>, Diagnostic> {
        if !self.own {
            // Only s55's own templates, tested and finished in milliseconds: they run here rather
            // than being handed to the runner and waited for, which cost more than some of them
            // take. Their output is still capped at MAX_OUTPUT.
            let context = match &context {
                Given::Borrowed(c) => c,
                Given::Owned(c) => c,
            };
            return std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render_each(&self.tera, name, &blocks, context)
            }))
            .map_err(|_| self.unfinished(name));
        }
        let tera = std::sync::Arc::clone(&self.tera);
        let context = match context {
            Given::Borrowed(c) => c.clone(),
            Given::Owned(c) => c,
        };
        let template = name.to_string();
        let (send, receive) = std::sync::mpsc::channel();
        runner::run(Box::new(move || {
            let _ = send.send(render_each(&tera, &template, &blocks, &context));
        }));
        let finished = receive.recv_timeout(MAX_TIME);
        if finished.is_err() {
            // The runner is still in the template (or it stopped): the next template gets a new one.
            runner::give_up();
        }
        finished.map_err(|_| self.unfinished(name))
    }

    /// The message for a template that did not finish: still running after [`MAX_TIME`], or
    /// stopped before the end.
    fn unfinished(&self, name: &str) -> Diagnostic {
        Diagnostic::file(
            &self.path_of(name),
            format!(
                "this template was still running after {} seconds, far longer than any letter takes: it probably has a loop that never ends",
                MAX_TIME.as_secs()
            ),
        )
        .with_hint("check the template's `for` loops, and the `range` in them")
    }

    /// The file a template was read from, or its name for a built-in one.
    fn path_of(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .map(|o| o.path.clone())
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// The text a template wrote, or why it could not: a Tera error, or more than
    /// [`MAX_OUTPUT`] bytes (a runaway loop in an office's own template).
    fn finish(
        &self,
        name: &str,
        out: Bounded,
        result: tera::TeraResult<()>,
    ) -> Result<String, Diagnostic> {
        if out.over {
            return Err(Diagnostic::file(
                &self.path_of(name),
                format!(
                    "this template wrote more than {} MB, far more than any letter: it probably has a loop that runs too many times",
                    MAX_OUTPUT / 1_000_000
                ),
            )
            .with_hint("check the template's `for` loops, and the `range` in them"));
        }
        result.map_err(|e| self.explain(e))?;
        String::from_utf8(out.bytes).map_err(|_| {
            Diagnostic::file(
                Path::new(name),
                "this template wrote text that is not UTF-8",
            )
        })
    }

    /// Renders one block of a template, or `None` when the template (and any base it extends) has
    /// no such block: the PDF letter sets each block of the furniture on its own.
    pub fn render_block_if_any(
        &self,
        name: &str,
        block: &str,
        context: &tera::Context,
    ) -> Result<Option<String>, Diagnostic> {
        let (out, result) = self.run_raw(name, Some(block), context)?;
        self.block_if_any(name, out, result)
    }

    /// Renders each of `blocks` of a template as [`Templates::render_block_if_any`] does, all at
    /// once (the letter's furniture), in order: each block's text, `None`, or its own problem.
    /// A problem is kept with its block, so the format meets it where it asks for that block.
    pub fn render_blocks_if_any(
        &self,
        name: &str,
        blocks: &[&str],
        context: &tera::Context,
    ) -> Vec<Result<Option<String>, Diagnostic>> {
        let asked = blocks.iter().map(|b| Some(b.to_string())).collect();
        match self.run_all(name, asked, Given::Borrowed(context)) {
            Ok(ran) => ran
                .into_iter()
                .map(|(out, result)| self.block_if_any(name, out, result))
                .collect(),
            Err(late) => blocks.iter().map(|_| Err(late.clone())).collect(),
        }
    }

    /// A block's text from what it wrote and how it ended, or `None` when there is no such block.
    fn block_if_any(
        &self,
        name: &str,
        out: Bounded,
        result: tera::TeraResult<()>,
    ) -> Result<Option<String>, Diagnostic> {
        if let Err(e) = &result {
            if matches!(e.kind(), tera::ErrorKind::Msg(m) if m.starts_with("Block `") && m.contains("not found in template"))
            {
                return Ok(None);
            }
        }
        self.finish(name, out, result).map(Some)
    }

    /// Renders one block of a template.
    pub fn render_block(
        &self,
        name: &str,
        block: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.run(name, Some(block), context)
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

/// Whether a template is a base that layouts extend (`base-letter.md`), not a layout of its own.
pub fn is_base(name: &str) -> bool {
    name.starts_with("base-")
}

fn is_template_name(name: &str) -> bool {
    [".md", ".html", ".xml", ".atom", ".txt", ".css"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.starts_with('.')
}

fn register_filters(tera: &mut Tera) {
    // The letter's own words in its language: `{{ phrase(key="copies-to") }}` (see `phrases`).
    tera.register_function(
        "phrase",
        |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            super::phrases::Phrase::from_key(&key)
                .map(|p| super::phrases::phrase(p).to_string())
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "there is no phrase called `{key}`; the phrases are: {}",
                        super::phrases::Phrase::ALL
                            .iter()
                            .map(|p| p.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
        },
    );
    // The first letter as a capital: "the Secretary of State" heading an address block.
    tera.register_filter(
        "capitalise_first",
        |value: &str, _: Kwargs, _: &State| -> String {
            let mut chars = value.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        },
    );
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

/// The thread templates run on, apart from the thread that asked, so that one that never finishes
/// can be given up. Each thread that renders keeps one runner and hands it every template in turn:
/// starting a thread for each template (about fifteen for a letter in every format) cost more than
/// some of the templates themselves.
mod runner {
    use std::cell::RefCell;
    use std::sync::mpsc::{Sender, channel};

    /// A template to run, with where to send what it wrote.
    pub type Job = Box<dyn FnOnce() + Send>;

    thread_local! {
        /// This thread's runner: where to send it templates.
        static RUNNER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
    }

    /// Runs `job` on this thread's runner, starting one if there is none or it has stopped.
    pub fn run(job: Job) {
        RUNNER.with(|cell| {
            let mut runner = cell.borrow_mut();
            let job = match runner.as_ref() {
                Some(r) => match r.send(job) {
                    Ok(()) => return,
                    // It stopped (a template panicked in it): the template comes back.
                    Err(returned) => returned.0,
                },
                None => job,
            };
            let (send, jobs) = channel::<Job>();
            std::thread::spawn(move || {
                // Ends when the thread that owns it lets it go (gives it up, or ends itself).
                for job in jobs {
                    job();
                }
            });
            // A runner just started holds its end until the sender goes: the send cannot fail.
            let _ = send.send(job);
            *runner = Some(send);
        });
    }

    /// Lets this thread's runner go, still inside a template that has not finished: it ends when
    /// (if ever) that template does, and the next template starts a new runner.
    pub fn give_up() {
        RUNNER.with(|cell| *cell.borrow_mut() = None);
    }
}

/// The longest a template may take to write one letter: a letter takes milliseconds.
pub const MAX_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// The most a template may write for one letter: a letter is tens of kilobytes.
pub const MAX_OUTPUT: usize = 10_000_000;

/// A template's context, lent for one render or given to it outright ([`Templates::render_once`]):
/// a template that runs on another thread needs its own, which is copied only if lent.
enum Given<'a> {
    Borrowed(&'a tera::Context),
    Owned(tera::Context),
}

/// What each of `blocks` of a template (`None`: the whole template) writes and how it ends, one
/// after another.
fn render_each(
    tera: &Tera,
    template: &str,
    blocks: &[Option<String>],
    context: &tera::Context,
) -> Vec<(Bounded, tera::TeraResult<()>)> {
    blocks
        .iter()
        .map(|block| {
            let mut out = Bounded::default();
            let result = match block {
                Some(b) => tera.render_block_to(template, b, context, &mut out),
                None => tera.render_to(template, context, &mut out),
            };
            (out, result)
        })
        .collect()
}

/// Collects a template's output, refusing to grow past [`MAX_OUTPUT`].
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.over = true;
            return Err(std::io::Error::other("the template wrote too much"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The first line `s55 templates copy` writes in a copied template: it records which built-in the
/// copy was made from, so that `check` can tell when the built-in has changed since.
const COPY_MARK: &str = "{#- s55 templates copy: ";

/// A short, stable fingerprint of a template's text (64-bit FNV-1a, in hex): the same on every
/// machine and every build of s55.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The built-in template a layout or file name names: `letter`, `letter.md`, `site.css`.
pub fn built_in(name: &str) -> Option<(&'static str, &'static str)> {
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name || n.strip_suffix(".md") == Some(name))
        .copied()
}

/// The text `s55 templates copy` writes: the built-in with a first line naming it and its
/// fingerprint.
pub fn copy_text(name: &str, source: &str) -> String {
    format!(
        "{COPY_MARK}{name}, built-in {} (`s55 check` warns when the built-in changes) -#}}\n{source}",
        fingerprint(source)
    )
}

/// Copies one built-in template into `dir` (created if needed), never replacing a file.
pub fn copy(name: &str, dir: &Path) -> Result<PathBuf, Diagnostic> {
    let Some((file, source)) = built_in(name) else {
        let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        let hint = match did_you_mean(name, &names) {
            Some(s) => format!(
                "did you mean `{s}`? The built-in templates are: {}",
                names.join(", ")
            ),
            None => format!("the built-in templates are: {}", names.join(", ")),
        };
        return Err(Diagnostic::file(
            Path::new(name),
            format!("there is no built-in template called `{name}`"),
        )
        .with_hint(hint));
    };
    let path = dir.join(file);
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::file(dir, format!("this folder could not be created: {e}")))?;
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, copy_text(file, source).as_bytes()));
    match written {
        Ok(()) => Ok(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Diagnostic::file(
            &path,
            "this template is already there and was not replaced",
        )
        .with_hint("rename or remove it first if you want a fresh copy of the built-in")),
        Err(e) => Err(Diagnostic::file(
            &path,
            format!("this file could not be written: {e}"),
        )),
    }
}

/// A copied template that may no longer match the built-in it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateWarning {
    /// The copied template file.
    pub path: PathBuf,
    /// What is wrong, in plain words.
    pub message: String,
}

impl std::fmt::Display for TemplateWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {}: {}", self.path.display(), self.message)
    }
}

/// Warnings for the templates in `folders` that replace a built-in one: a copy made from a built-in
/// that has changed since, or a file that replaces a built-in without saying which version it came
/// from. Either way, later fixes to the built-in do not reach the letters.
pub fn copy_warnings(folders: &[PathBuf]) -> Vec<TemplateWarning> {
    let mut out = Vec::new();
    for dir in folders {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some((file, source)) = BUILT_IN.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            // Only regular files, bounded: a FIFO or device named like a template is never waited on.
            let Ok(text) =
                crate::site::files::read_limited(&path, crate::site::files::TEMPLATE_LIMIT)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            else {
                continue;
            };
            let first = text.lines().next().unwrap_or("");
            let recorded = first
                .strip_prefix(COPY_MARK)
                .and_then(|rest| rest.split(", built-in ").nth(1))
                .and_then(|rest| rest.split_whitespace().next());
            let current = fingerprint(source);
            let message = match recorded {
                Some(f) if f == current => continue,
                Some(_) => format!(
                    "this copy of the built-in {file} was made from an older version; the built-in has changed since, and its changes do not reach letters that use this copy. Copy it again with `s55 templates copy {file} --templates OTHER-FOLDER`, compare, and carry your changes over"
                ),
                None => format!(
                    "this file replaces the built-in {file}, and s55 cannot tell which version it was made from, so later fixes to the built-in do not reach these letters. Remove it to use the built-in, or make a fresh copy with `s55 templates copy {file}` and carry your changes over"
                ),
            };
            out.push(TemplateWarning { path, message });
        }
    }
    out
}

/// [`copy_warnings`] for the template folders that apply to these response files, each folder once.
pub fn copy_warnings_for<'a>(
    responses: impl IntoIterator<Item = &'a Path>,
) -> Vec<TemplateWarning> {
    let mut folders: Vec<PathBuf> = Vec::new();
    for r in responses {
        for f in Templates::folders_for(&[], r, None) {
            if !folders.contains(&f) {
                folders.push(f);
            }
        }
    }
    copy_warnings(&folders)
}

#[cfg(test)]
mod tests {
    use super::runner;
    use std::sync::mpsc::channel;
    use std::thread::ThreadId;
    use std::time::Duration;

    /// The thread `runner::run` ran a job on.
    fn runner_thread() -> Option<ThreadId> {
        let (send, receive) = channel();
        runner::run(Box::new(move || {
            let _ = send.send(std::thread::current().id());
        }));
        receive.recv_timeout(Duration::from_secs(5)).ok()
    }

    #[test]
    fn templates_after_the_first_run_on_the_same_runner_thread() {
        let first = runner_thread().expect("the runner answers");
        assert_ne!(first, std::thread::current().id());
        assert_eq!(runner_thread(), Some(first));
        assert_eq!(runner_thread(), Some(first));
    }

    #[test]
    fn a_template_given_up_leaves_the_next_one_a_new_runner() {
        let first = runner_thread().expect("the runner answers");
        let (release, wait) = channel::<()>();
        runner::run(Box::new(move || {
            let _ = wait.recv();
        }));
        runner::give_up();
        let next = runner_thread().expect("a new runner answers while the old one is stuck");
        assert_ne!(next, first);
        let _ = release.send(());
    }

    /// Templates loaded with `letter.md` replaced by `text`.
    fn with_letter(text: &str) -> (tempfile::TempDir, super::Templates) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("letter.md"), text).unwrap();
        let templates = super::Templates::load(&[dir.path().to_path_buf()]).unwrap();
        (dir, templates)
    }

    #[test]
    fn blocks_rendered_together_are_each_what_rendering_it_alone_gives() {
        let (_dir, templates) = with_letter(
            "{% block copies %}Copied to {{ layout }}{% endblock copies %}\n{% block dateline %}{{ layout | upper }}{% endblock dateline %}\n",
        );
        let mut context = tera::Context::new();
        context.insert("layout", "letter");
        let each =
            templates.render_blocks_if_any("letter.md", &["dateline", "none", "copies"], &context);
        assert_eq!(
            each,
            [
                Ok(Some("LETTER".to_string())),
                Ok(None),
                Ok(Some("Copied to letter".to_string()))
            ]
        );
        for (block, together) in ["dateline", "none", "copies"].iter().zip(&each) {
            assert_eq!(
                &templates.render_block_if_any("letter.md", block, &context),
                together
            );
        }
    }

    #[test]
    fn blocks_rendered_together_each_carry_the_templates_problem() {
        // Tera renders the whole template for any block of it, so a problem anywhere in it is
        // every block's problem, together or alone.
        let (_dir, templates) = with_letter(
            "{% block copies %}Copied{% endblock copies %}\n{% block dateline %}On {{ nothing.here }}{% endblock dateline %}\n",
        );
        let context = tera::Context::new();
        let each = templates.render_blocks_if_any("letter.md", &["copies", "dateline"], &context);
        assert_eq!(each.len(), 2);
        for (block, together) in ["copies", "dateline"].iter().zip(&each) {
            let problem = together.as_ref().unwrap_err();
            assert!(problem.message.contains("`nothing`"), "{}", problem.message);
            assert_eq!(
                &templates.render_block_if_any("letter.md", block, &context),
                together
            );
        }
    }

    #[test]
    fn only_an_offices_own_templates_run_on_a_runner_that_can_be_given_up() {
        assert!(!super::Templates::load(&[]).unwrap().own);
        let (_dir, own) = with_letter("Dear {{ layout }}\n");
        assert!(own.own);
        // A folder whose files are not templates leaves the templates all built in.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("notes.pdf"), "not a template").unwrap();
        let templates = super::Templates::load(&[other.path().to_path_buf()]).unwrap();
        assert!(!templates.own);
    }

    #[test]
    fn a_runner_that_stopped_is_replaced() {
        let first = runner_thread().expect("the runner answers");
        let (done, stopped) = channel::<()>();
        runner::run(Box::new(move || {
            let _done = done;
            panic!("a template that stops its runner");
        }));
        // The job's end of the channel goes when the runner stops.
        assert!(stopped.recv_timeout(Duration::from_secs(5)).is_err());
        std::thread::sleep(Duration::from_millis(50));
        let next = runner_thread().expect("a new runner answers");
        assert_ne!(next, first);
    }
}
