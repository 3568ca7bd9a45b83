//! `s55 serve`: the office's responses as a small web app on this computer only. An officer opens
//! the dashboard (every response, most urgent first, and a form that starts a response from a new
//! report, as `s55 new` does), then a response's page: a form for each answer, for the letter's
//! own paragraphs and for its publication, what the checks find, and the letter as it will be
//! published, which updates by itself when any file it is made from changes. Saving writes only
//! the values changed back into the response file ([`crate::edit`]), keeping the previous version.
//!
//! The server is [`tiny_http`]: synchronous, one thread per request, nothing else running. It
//! listens on 127.0.0.1 only; [`security`] says what else keeps it safe.

pub mod forms;
pub mod pages;
pub mod security;
pub mod upload;
pub mod watch;

use crate::checks::State;
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::render::Letter;
use crate::render::renderer;
use crate::site::files::{self, YAML_LIMIT};
use crate::status;
use chrono::NaiveDate;
use forms::{Applied, FieldError};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tera::Context;

/// The folder the previous versions of a response file are kept in, beside it.
pub const HISTORY_DIR: &str = ".s55-history";

/// The most a form may send.
const FORM_LIMIT: u64 = 2 * 1024 * 1024;

/// The most an upload may send: the largest report s55 reads, and room for the form's other fields.
const UPLOAD_LIMIT: u64 = crate::extract::REPORT_LIMIT + 64 * 1024;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The office folder (with `responses/` in it), or a folder of responses.
    pub folder: PathBuf,
    /// The port on 127.0.0.1; 0 for any free one.
    pub port: u16,
    /// Count days left from this date instead of today.
    pub today: Option<NaiveDate>,
}

/// The office's folders.
#[derive(Debug)]
struct Office {
    /// The office folder as given (for the places shown, which match the terminal's).
    shown: PathBuf,
    /// The office folder, canonical: nothing outside it is ever served or written.
    root: PathBuf,
    /// The folder of responses, as given.
    responses: PathBuf,
}

/// The running app's state, shared by the threads that answer requests.
struct App {
    office: Office,
    token: String,
    port: u16,
    today: Option<NaiveDate>,
    /// Held while a file is being saved, so that two saves never interleave and the server stops
    /// only between saves.
    saving: Mutex<()>,
    stopping: AtomicBool,
    /// What was said when each response was started from the browser (what was found in the
    /// report, and its warnings), by the file's place, shown on its page after starting it.
    started: Mutex<BTreeMap<String, Vec<String>>>,
}

/// A server listening on 127.0.0.1, ready to [`run`](Server::run).
pub struct Server {
    app: Arc<App>,
    http: Arc<tiny_http::Server>,
}

/// Stops a running server from another thread (Ctrl-C), once any save under way has finished.
#[derive(Clone)]
pub struct Stopper {
    app: Arc<App>,
    http: Arc<tiny_http::Server>,
}

impl Stopper {
    /// Stops taking requests, waits for a save under way to finish, and lets [`Server::run`]
    /// return.
    pub fn stop(&self) {
        self.app.stopping.store(true, Ordering::SeqCst);
        let _wait = self.app.saving.lock();
        self.http.unblock();
    }
}

impl Server {
    /// Binds 127.0.0.1 at the port asked for and reads the office folder.
    pub fn start(options: &Options) -> Result<Server, Diagnostic> {
        let folder = &options.folder;
        let root = folder
            .canonicalize()
            .or_else(|_| Path::new(".").join(folder).canonicalize())
            .map_err(|e| {
                Diagnostic::file(folder, format!("this folder cannot be opened: {e}"))
                    .with_hint("start `s55 serve` in the office folder, or give its path: `s55 serve ~/office`")
            })?;
        if !root.is_dir() {
            return Err(Diagnostic::file(folder, "this is not a folder")
                .with_hint("give the office folder (the one with responses/ in it)"));
        }
        let responses = if folder.join("responses").is_dir() {
            folder.join("responses")
        } else {
            folder.clone()
        };
        let http = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(|e| {
            Diagnostic::file(folder, format!("s55 could not listen on port {}: {e}", options.port))
                .with_hint("another program may be using that port: try another with --port, or leave --port out")
        })?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(options.port);
        let token = security::new_token().map_err(|e| {
            Diagnostic::file(folder, format!("s55 could not make the secret that keeps the forms safe: {e}"))
                .with_hint("the computer did not give s55 random numbers; try again, and if it goes on, ask IT")
        })?;
        let app = App {
            office: Office {
                shown: folder.clone(),
                root,
                responses,
            },
            token,
            port,
            today: options.today,
            saving: Mutex::new(()),
            stopping: AtomicBool::new(false),
            started: Mutex::new(BTreeMap::new()),
        };
        Ok(Server {
            app: Arc::new(app),
            http: Arc::new(http),
        })
    }

    /// The address to open in a browser.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/", self.app.port)
    }

    /// What stops the server from another thread.
    pub fn stopper(&self) -> Stopper {
        Stopper {
            app: Arc::clone(&self.app),
            http: Arc::clone(&self.http),
        }
    }

    /// Answers requests, each on a thread of its own, until stopped.
    pub fn run(self) {
        for request in self.http.incoming_requests() {
            if self.app.stopping.load(Ordering::SeqCst) {
                break;
            }
            let app = Arc::clone(&self.app);
            std::thread::spawn(move || app.answer(request));
        }
    }
}

/// An answer to a request.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    download: Option<String>,
}

impl Reply {
    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            location: None,
            download: None,
        }
    }

    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
            download: None,
        }
    }

    fn redirect(to: String) -> Reply {
        Reply {
            status: 303,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(to),
            download: None,
        }
    }

    fn send(self, request: tiny_http::Request) {
        let mut response = tiny_http::Response::from_data(self.body).with_status_code(self.status);
        let mut headers: Vec<(&str, String)> = security::HEADERS
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        headers.push(("Content-Type", self.content_type.to_string()));
        if let Some(to) = self.location {
            headers.push(("Location", to));
        }
        if let Some(name) = self.download {
            headers.push((
                "Content-Disposition",
                format!("attachment; filename=\"{name}\""),
            ));
        }
        for (k, v) in headers {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }
}

fn header<'a>(request: &'a tiny_http::Request, name: &'static str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn parse_query(query: &str) -> BTreeMap<String, String> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

impl App {
    fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn answer(&self, mut request: tiny_http::Request) {
        if !security::host_allowed(header(&request, "Host"), self.port) {
            return Reply::text(
                421,
                "This server answers only to its own address on this computer (http://127.0.0.1).",
            )
            .send(request);
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
        let query = parse_query(query);
        let file = query.get("file").map(String::as_str).unwrap_or("");
        use tiny_http::Method::{Get, Head, Post};
        let reply = match (request.method(), path) {
            (Get | Head, "/events") => return self.events(request, file),
            (Get | Head, "/") if query.get("part").is_some_and(|p| p == "list") => {
                Reply::html(200, self.dashboard("dashboard-list.html"))
            }
            (Get | Head, "/") => Reply::html(200, self.dashboard("dashboard.html")),
            (Post, "/new") => self.upload(&mut request),
            (Get | Head, "/response") => self.with_file(file, |path, rel| {
                let saved = query
                    .get("saved")
                    .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .map(|n| self.saved_note(path, rel, n));
                let started = if query.contains_key("started") {
                    self.started
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get(rel)
                        .cloned()
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                Reply::html(
                    200,
                    self.response_page(
                        path,
                        rel,
                        Extra {
                            saved,
                            started,
                            ..Extra::default()
                        },
                    ),
                )
            }),
            (Get | Head, "/preview") => self.with_file(file, |path, rel| {
                let mut context = self.context();
                self.preview(&mut context, path, rel);
                Reply::html(200, pages::render("preview.html", &context))
            }),
            (Get | Head, "/letter.pdf") => {
                self.with_file(file, |path, _| self.letter_file(path, "pdf"))
            }
            (Get | Head, "/letter.docx") => {
                self.with_file(file, |path, _| self.letter_file(path, "docx"))
            }
            (Post, "/save") => {
                let mut body = String::new();
                // One byte past the limit tells a form too large from one just large enough:
                // a form cut short must never be saved.
                let read = request
                    .as_reader()
                    .take(FORM_LIMIT + 1)
                    .read_to_string(&mut body)
                    .map_err(|_| "the form could not be read")
                    .and_then(|n| {
                        if n as u64 > FORM_LIMIT {
                            Err("the form is larger than 2 MB, far more than any letter")
                        } else {
                            Ok(n)
                        }
                    });
                let form = parse_query(&body);
                let refused = security::refuse_change(
                    header(&request, "Origin"),
                    header(&request, "Sec-Fetch-Site"),
                    form.get("token").map(String::as_str),
                    &self.token,
                    self.port,
                );
                match (refused, read) {
                    (Some(why), _) => Reply::text(
                        403,
                        &format!(
                            "Nothing was saved: {why}. Open the page again from s55 serve's own address and save from there."
                        ),
                    ),
                    (None, Err(why)) => Reply::text(413, &format!("Nothing was saved: {why}.")),
                    (None, Ok(_)) => self.with_file(file, |path, rel| self.save(path, rel, form)),
                }
            }
            (Get | Head, "/assets/site.css") => Reply {
                content_type: "text/css; charset=utf-8",
                ..Reply::text(200, &self.site_css())
            },
            (Get | Head, "/assets/serve.css") => Reply {
                content_type: "text/css; charset=utf-8",
                ..Reply::text(200, pages::CSS)
            },
            (Get | Head, "/assets/serve.js") => Reply {
                content_type: "text/javascript; charset=utf-8",
                ..Reply::text(200, pages::SCRIPT)
            },
            (Get | Head, _) => Reply::text(404, "There is no such page."),
            _ => Reply::text(405, "This server does not do that."),
        };
        reply.send(request);
    }

    /// The published pages' stylesheet: the office's own `templates/site.css` when it has one (as
    /// `s55 build` uses it), otherwise the built-in one.
    fn site_css(&self) -> String {
        let responses = &self.office.responses;
        let folders =
            crate::render::Templates::folders_for(&[], &responses.join("-"), Some(responses));
        crate::render::Templates::load(&folders)
            .and_then(|t| t.render("site.css", &Context::new()))
            .unwrap_or_else(|_| {
                crate::render::templates::built_in("site.css")
                    .map_or(String::new(), |(_, t)| t.to_string())
            })
    }

    /// The office's response files, canonical.
    fn response_files(&self) -> Vec<PathBuf> {
        load::response_paths(std::slice::from_ref(&self.office.responses))
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect()
    }

    /// Runs `then` with the response file a request names (as it is shown, and its place under
    /// the office folder), or answers 404 when it names anything else.
    fn with_file(&self, file: &str, then: impl FnOnce(&Path, &str) -> Reply) -> Reply {
        match security::resolve(&self.office.root, file, &self.response_files()) {
            Some(canonical) => {
                let rel = security::relative(&self.office.root, &canonical);
                let shown = self.office.shown.join(&rel);
                then(&shown, &rel)
            }
            None => Reply::text(
                404,
                "There is no response file of that name in this office's folder.",
            ),
        }
    }

    fn context(&self) -> Context {
        let mut context = Context::new();
        context.insert("folder", &self.office.root.display().to_string());
        context.insert("token", &self.token);
        context
    }

    fn dashboard(&self, template: &str) -> String {
        self.dashboard_with(template, Context::new())
    }

    /// The dashboard, with what else the page shows (a report that could not be started).
    fn dashboard_with(&self, template: &str, extra: Context) -> String {
        let today = self.today();
        let mut context = self.context();
        context.insert("new_published", "");
        context.insert("new_errors", &Vec::<FieldError>::new());
        context.insert("new_message", &None::<String>);
        context.extend(extra);
        context.insert("today", &crate::date::Date(today).long());
        context.insert("responses", &self.office.responses.display().to_string());
        let (rows, problems) = status::rows(std::slice::from_ref(&self.office.responses), today)
            .unwrap_or_else(|d| (Vec::new(), vec![d]));
        let rel = |p: &Path| {
            p.canonicalize()
                .map(|c| security::relative(&self.office.root, &c))
                .unwrap_or_else(|_| p.display().to_string())
        };
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let file = rel(&r.file);
                let mut problems = Vec::new();
                if r.errors > 0 {
                    problems.push(count(r.errors, "error", "errors"));
                }
                if r.warnings > 0 {
                    problems.push(count(r.warnings, "warning", "warnings"));
                }
                serde_json::json!({
                    "report": r.report,
                    "file": file,
                    "query": pages::query(&file),
                    "state": r.state.label(),
                    "state_label": match r.state {
                        State::Overdue => "Overdue",
                        State::Draft => "Draft",
                        State::Published => "Published",
                    },
                    "errors": r.errors,
                    "warnings": r.warnings,
                    "problems": problems.join(" and "),
                    "days_left": status::days_left_words(r),
                    "last_day": r.last_day.map_or("none (before 2 May 2017)".to_string(), |d| d.long()),
                    "answered": r.answered,
                    "recommendations": r.recommendations,
                })
            })
            .collect();
        let problems: Vec<serde_json::Value> = problems
            .iter()
            .map(|d| {
                let file = rel(&d.file);
                serde_json::json!({"file": file, "query": pages::query(&file), "message": d.to_string()})
            })
            .collect();
        let overdue = rows.iter().filter(|r| r["state"] == "overdue").count();
        let drafts = rows.iter().filter(|r| r["state"] == "draft").count();
        let published = rows.iter().filter(|r| r["state"] == "published").count();
        context.insert(
            "summary",
            &format!(
                "{}: {overdue} overdue, {drafts} in draft, {published} published.",
                count(rows.len(), "response", "responses")
            ),
        );
        context.insert("rows", &rows);
        context.insert("problems", &problems);
        pages::render(template, &context)
    }

    /// `POST /new`: a response started from a report uploaded with its publication date, as
    /// `s55 new` does, written into the folder of responses under the name `s55 new` gives it
    /// (never over a file already there); then its page.
    fn upload(&self, request: &mut tiny_http::Request) -> Reply {
        let content_type = header(request, "Content-Type").unwrap_or("").to_string();
        let (origin, fetch_site) = (
            header(request, "Origin").map(str::to_string),
            header(request, "Sec-Fetch-Site").map(str::to_string),
        );
        // A form from another site is refused before its upload is read.
        if let Some(why) = security::refuse_change(
            origin.as_deref(),
            fetch_site.as_deref(),
            Some(&self.token),
            &self.token,
            self.port,
        ) {
            return refused(why);
        }
        let mut body = Vec::new();
        // One byte past the limit tells an upload too large from one just large enough.
        match request
            .as_reader()
            .take(UPLOAD_LIMIT + 1)
            .read_to_end(&mut body)
        {
            Ok(n) if n as u64 > UPLOAD_LIMIT => {
                return Reply::text(
                    413,
                    "Nothing was started: the report is larger than 100 MB. HMICFRS reports are a few MB; check that this is the report.",
                );
            }
            Ok(_) => {}
            Err(_) => {
                return Reply::text(400, "Nothing was started: the upload could not be read.");
            }
        }
        let parts = upload::boundary(&content_type)
            .ok_or("the form was not sent as an upload")
            .and_then(|b| upload::parse(&body, &b));
        let token = parts.as_ref().ok().and_then(|parts| {
            parts
                .iter()
                .find(|p| p.name == "token")
                .and_then(|p| std::str::from_utf8(p.data).ok())
        });
        if let Some(why) = security::refuse_change(None, None, token, &self.token, self.port) {
            return refused(why);
        }
        let parts = match parts {
            Ok(p) => p,
            Err(why) => return Reply::text(400, &format!("Nothing was started: {why}.")),
        };
        let field = |name: &str| {
            parts
                .iter()
                .find(|p| p.name == name && p.filename.is_none())
                .map(|p| String::from_utf8_lossy(p.data).trim().to_string())
                .unwrap_or_default()
        };
        let published = field("published");
        let report = parts
            .iter()
            .find(|p| p.name == "report" && p.filename.is_some());
        let mut errors = Vec::new();
        let day = if published.is_empty() {
            errors.push(FieldError {
                field: "new-published".to_string(),
                message: "Give the day HMICFRS published the report, as YYYY-MM-DD: it is on the report's page of the HMICFRS website, or in HMICFRS's email telling the office of its publication (not the cover date)".to_string(),
            });
            None
        } else if let Some(why) = forms::day_error(&published) {
            errors.push(FieldError {
                field: "new-published".to_string(),
                message: format!("The day the report was published: {why}"),
            });
            None
        } else {
            crate::date::Date::parse(&published).ok().map(|d| d.0)
        };
        let report = match report {
            Some(r) if !r.data.is_empty() => Some(r),
            _ => {
                errors.push(FieldError {
                    field: "new-report".to_string(),
                    message: "Choose the report: the PDF as downloaded from HMICFRS, or a text file of its words".to_string(),
                });
                None
            }
        };
        let (Some(day), Some(report)) = (day, report) else {
            return self.new_form_again(&published, errors, None);
        };
        let name = PathBuf::from(upload::file_name(report.filename.as_deref().unwrap_or("")));
        let options = crate::draft::NewOptions {
            report: name.clone(),
            published: Some(day),
            output: None,
            force: false,
            office: None,
            folder: Some(self.office.responses.clone()),
        };
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let drafted = crate::extract::report_text(&name, report.data.to_vec())
            .and_then(|text| crate::draft::new_response_from(&options, &text));
        match drafted {
            Ok(d) => {
                let rel = d
                    .path
                    .canonicalize()
                    .map(|c| security::relative(&self.office.root, &c))
                    .unwrap_or_else(|_| d.path.display().to_string());
                let mut said: Vec<String> = crate::draft::summary(&d)
                    .lines()
                    .map(|l| l.trim().to_string())
                    // Not the terminal's next step, nor its note for those who edit the YAML in
                    // an editor: in the browser, the page is the next step.
                    .filter(|l| {
                        !l.is_empty() && !l.starts_with("next:") && !l.contains("`s55 schema")
                    })
                    .collect();
                said.extend(crate::draft::late_warning(&d, self.today()));
                said.extend(d.found.warnings.iter().map(|w| format!("warning: {w}")));
                self.started
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(rel.clone(), said);
                Reply::redirect(format!("/response?{}&started=1", pages::query(&rel)))
            }
            Err(d) => self.new_form_again(&published, Vec::new(), Some(d.to_string())),
        }
    }

    /// The dashboard again after a report could not be started, with why and the date typed.
    fn new_form_again(
        &self,
        published: &str,
        errors: Vec<FieldError>,
        message: Option<String>,
    ) -> Reply {
        let mut extra = Context::new();
        extra.insert("new_published", published);
        extra.insert("new_errors", &errors);
        extra.insert("new_message", &message);
        Reply::html(422, self.dashboard_with("dashboard.html", extra))
    }

    fn letter(&self, path: &Path) -> Result<Letter, Diagnostic> {
        Letter::load(path, &[], Some(&self.office.responses), self.today())
    }

    /// Puts the checks and preview of a response into `context`, and returns the letter when it
    /// could be read.
    fn preview(&self, context: &mut Context, path: &Path, rel: &str) -> Option<Letter> {
        context.insert("query", &pages::query(rel));
        context.insert("file", rel);
        let bytes = files::read_limited(path, YAML_LIMIT).unwrap_or_default();
        context.insert("hash", &files::sha256_hex(&bytes));
        match self.letter(path) {
            Ok(letter) => {
                let html = crate::render::html::fragment(
                    &letter.response,
                    &letter.assessment,
                    &letter.templates,
                    letter.layout(),
                );
                let anchored = match html {
                    Ok(html) => {
                        let view =
                            crate::render::LetterContext::new(&letter.response, &letter.assessment);
                        let html = pages::nest_headings(&html);
                        let (html, anchored) = pages::anchor_answers(&html, &view);
                        context.insert("letter_html", &html);
                        anchored
                    }
                    Err(d) => {
                        context.insert("error", &d.to_string());
                        Vec::new()
                    }
                };
                context.insert(
                    "findings",
                    &pages::findings(&letter.assessment.findings, &letter.response, &anchored),
                );
                Some(letter)
            }
            Err(d) => {
                context.insert("error", &d.to_string());
                None
            }
        }
    }

    fn response_page(&self, path: &Path, rel: &str, extra: Extra) -> String {
        let mut context = self.context();
        let letter = self.preview(&mut context, path, rel);
        if let Some(hash) = &extra.hash {
            context.insert("hash", hash);
        }
        let title = match &letter {
            Some(l) => l.response.report.title.clone(),
            None => rel.to_string(),
        };
        context.insert("title", &title);
        context.insert(
            "history_dir",
            &security::relative(
                &self.office.root,
                &Path::new(rel)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(HISTORY_DIR),
            ),
        );
        if let Some(letter) = &letter {
            context.insert(
                "sections",
                &pages::sections(
                    &letter.response,
                    extra.typed.as_ref(),
                    &extra.errors,
                    &letter.templates.layouts(),
                ),
            );
            context.insert("unanswered", &pages::unanswered(&letter.response));
        }
        context.insert("errors", &extra.errors);
        context.insert("saved", &extra.saved);
        context.insert("started", &extra.started);
        context.insert("message", &extra.message);
        context.insert("conflict", &extra.conflict);
        pages::render("response.html", &context)
    }

    fn saved_note(&self, path: &Path, rel: &str, n: &str) -> String {
        let kept = history_file(path, n);
        if kept.is_file() {
            let kept_rel = security::relative(
                &self.office.root,
                &Path::new(rel)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(HISTORY_DIR)
                    .join(kept.file_name().unwrap_or_default()),
            );
            format!(
                "Saved, and checked again. The version before this save is kept in {kept_rel}: copy it back over {rel} to undo."
            )
        } else {
            "Nothing was saved: the form had no changes.".to_string()
        }
    }

    fn letter_file(&self, path: &Path, kind: &str) -> Reply {
        let letter = match self.letter(path) {
            Ok(l) => l,
            Err(d) => return Reply::text(422, &format!("The letter cannot be made:\n\n{d}")),
        };
        let Some(r) = renderer::RENDERERS.iter().find(|r| r.kind() == kind) else {
            return Reply::text(404, "There is no such format.");
        };
        match r.render(&letter) {
            Ok(bytes) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "letter".to_string());
                let name: String = stem
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                Reply {
                    status: 200,
                    content_type: if kind == "pdf" {
                        "application/pdf"
                    } else {
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    },
                    body: bytes,
                    location: None,
                    download: Some(format!("{name}{}", r.suffix())),
                }
            }
            Err(d) => Reply::text(422, &format!("The letter cannot be made:\n\n{d}")),
        }
    }

    /// Saves a form: refuses if the file changed since the form was made, checks what was typed,
    /// keeps the previous version, then writes only the changed values.
    fn save(&self, path: &Path, rel: &str, form: BTreeMap<String, String>) -> Reply {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let query = pages::query(rel);
        let at = form
            .get("at")
            .filter(|a| a.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(|a| format!("#{a}"))
            .unwrap_or_default();
        let bytes = match files::read_limited(path, YAML_LIMIT) {
            Ok(b) => b,
            Err(e) => {
                return Reply::text(
                    500,
                    &format!("Nothing was saved: {}", e.message("response file")),
                );
            }
        };
        let Ok(source) = String::from_utf8(bytes.clone()) else {
            return Reply::text(422, "Nothing was saved: the file is not UTF-8 text.");
        };
        let response = match load::response_from_text(path, source.clone()) {
            Ok(r) => r,
            Err(d) => {
                let extra = Extra {
                    message: Some(format!(
                        "Nothing was saved: the file cannot be read as it is now, so s55 cannot tell where your changes go. Put this right in the file first:\n{d}"
                    )),
                    ..Extra::default()
                };
                return Reply::html(422, self.response_page(path, rel, extra));
            }
        };
        let fields = forms::fields(&response);
        let hash_now = files::sha256_hex(&bytes);
        if form.get("hash") != Some(&hash_now) {
            let conflict: Vec<serde_json::Value> = fields
                .iter()
                .filter_map(|f| {
                    let yours = forms::normalise(f, form.get(&f.name)?);
                    let theirs = forms::current(&response.files.response.tree, f);
                    (yours != theirs).then(|| serde_json::json!({"label": format!("{} ({})", f.label, f.name), "yours": yours, "theirs": theirs}))
                })
                .collect();
            let extra = Extra {
                typed: Some(form),
                conflict: Some(conflict),
                hash: Some(hash_now),
                ..Extra::default()
            };
            return Reply::html(409, self.response_page(path, rel, extra));
        }
        // "Start an answer" is a button of the whole form: what was typed is saved with it.
        let applied = match forms::apply(&source, &fields, &form) {
            Err(e) => Err(e.to_string()),
            Ok(a) => match (a, form.get("add")) {
                (Applied::Unchanged, Some(id)) => forms::start_answer(&source, &response, id)
                    .map(|text| Applied::Changed(text, Vec::new())),
                (Applied::Changed(text, labels), Some(id)) => {
                    forms::start_answer(&text, &response, id)
                        .map(|text| Applied::Changed(text, labels))
                }
                (other, _) => Ok(other),
            },
        };
        let at = match form.get("add") {
            Some(_) => format!("#a{}", response.comments.answers.len()),
            None => at,
        };
        match applied {
            Ok(Applied::Unchanged) => Reply::redirect(format!("/response?{query}&saved=0{at}")),
            Ok(Applied::Invalid(errors)) => {
                let extra = Extra {
                    typed: Some(form),
                    errors,
                    ..Extra::default()
                };
                Reply::html(422, self.response_page(path, rel, extra))
            }
            Ok(Applied::Changed(text, _)) => match keep_and_write(path, &bytes, text.as_bytes()) {
                Ok(n) => Reply::redirect(format!("/response?{query}&saved={n}{at}")),
                Err(d) => {
                    let extra = Extra {
                        typed: Some(form),
                        message: Some(format!("Nothing was saved:\n{d}")),
                        ..Extra::default()
                    };
                    Reply::html(500, self.response_page(path, rel, extra))
                }
            },
            Err(e) => {
                let extra = Extra {
                    typed: Some(form),
                    message: Some(format!("Nothing was saved: {e}.")),
                    ..Extra::default()
                };
                Reply::html(422, self.response_page(path, rel, extra))
            }
        }
    }

    /// The files a page is made from: a response's (its files, template folders and images), or
    /// for the dashboard the folder of responses and the office file.
    fn sources(&self, file: &str) -> Vec<PathBuf> {
        if file.is_empty() {
            let mut s = vec![self.office.responses.clone()];
            s.push(self.office.shown.join("office.yaml"));
            return s;
        }
        let Some(path) = security::resolve(&self.office.root, file, &self.response_files()) else {
            return Vec::new();
        };
        match self.letter(&path) {
            Ok(letter) => {
                let mut s: Vec<PathBuf> = renderer::RENDERERS
                    .iter()
                    .flat_map(|r| r.sources(&letter))
                    .collect();
                s.sort();
                s.dedup();
                s
            }
            // Unreadable: the file itself, and the templates beside it, until it can be read.
            Err(_) => {
                let mut s = vec![path.clone()];
                s.extend(crate::render::Templates::folders_for(
                    &[],
                    &path,
                    Some(&self.office.responses),
                ));
                s
            }
        }
    }

    /// Server-sent events: `change` each time a file the page is made from changes.
    fn events(&self, request: tiny_http::Request, file: &str) {
        if !file.is_empty()
            && security::resolve(&self.office.root, file, &self.response_files()).is_none()
        {
            return Reply::text(404, "There is no response file of that name.").send(request);
        }
        let mut out = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        let mut sources = self.sources(file);
        let mut last = watch::fingerprint(&sources);
        let mut ticks = 0u32;
        let mut changes = 0u64;
        while !self.stopping.load(Ordering::SeqCst) {
            std::thread::sleep(watch::INTERVAL);
            ticks += 1;
            let now = watch::fingerprint(&sources);
            let message = if now != last {
                // The sources themselves may have changed (a report file named, a template added).
                sources = self.sources(file);
                last = watch::fingerprint(&sources);
                changes += 1;
                format!("event: change\ndata: {changes}\n\n")
            } else if ticks % 50 == 0 {
                // Every 15 seconds, so that a closed page is noticed and its thread ends.
                ": still here\n\n".to_string()
            } else {
                continue;
            };
            if out
                .write_all(message.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// What a response page shows besides the file as it is.
#[derive(Default)]
struct Extra {
    /// What the officer typed, shown in place of the file's values.
    typed: Option<BTreeMap<String, String>>,
    errors: Vec<FieldError>,
    saved: Option<String>,
    /// What was said when the response was started from the browser.
    started: Vec<String>,
    message: Option<String>,
    conflict: Option<Vec<serde_json::Value>>,
    /// The hash the form carries, when it is not the file's as shown.
    hash: Option<String>,
}

/// The previous version number `n` of a response file.
fn history_file(path: &Path, n: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "yaml".to_string());
    path.parent()
        .unwrap_or(Path::new(""))
        .join(HISTORY_DIR)
        .join(format!("{stem}.{n}.{ext}"))
}

/// Keeps the file's previous bytes as the next numbered version in [`HISTORY_DIR`], then writes the
/// new ones, each atomically. Returns the version's number.
fn keep_and_write(path: &Path, old: &[u8], new: &[u8]) -> Result<u64, Diagnostic> {
    let mut n = 1;
    while history_file(path, &n.to_string()).exists() {
        n += 1;
    }
    files::write_atomic(&history_file(path, &n.to_string()), old)?;
    files::write_atomic(path, new)?;
    Ok(n)
}

/// A change refused for where it came from.
fn refused(why: &str) -> Reply {
    Reply::text(
        403,
        &format!(
            "Nothing was changed: {why}. Open the page again from s55 serve's own address and save from there."
        ),
    )
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
