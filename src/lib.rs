//! # s55: section 55 response letters, checked and published
//!
//! When HMICFRS publishes an inspection report, the local policing body (a police and crime
//! commissioner, or its equivalent) must publish comments on it within 56 days, explain what it is
//! doing about every recommendation, include the chief officer's comments, and send copies to HMICFRS
//! and the Home Secretary (Police Act 1996, section 55). s55 reads a YAML file describing the report
//! and the response, checks it against the statute, and writes the letter.
//!
//! Data flows one way, each module named after what it holds:
//!
//! - [`yaml`]: a file's YAML as a tree with the line and column of every key and value.
//! - [`model`]: the file format (serde types, documented for officers).
//! - [`load`]: reads files into a [`load::Response`], checked against the format first; every
//!   failure is a located [`Diagnostic`] in plain English, every value keeps its place.
//! - [`law`]: the statute as code: the 56-day rule, commencement, bank holidays.
//! - [`checks`]: the rules, one module per family, with a typed registry ([`checks::RULES`]).
//! - [`render`]: the [`render::Letter`] (a response read, checked and ready, made once) and one
//!   [`render::Renderer`] per output format in one list ([`render::renderer::RENDERERS`]), with the
//!   Tera templates and the phrase table.
//! - [`site`]: a build in three steps: plan (which responses, which names), render (into memory,
//!   with the files each output was made from), write (atomically, with the build record).
//! - [`extract`]: finds the recommendations, causes of concern and areas for improvement in an
//!   HMICFRS report (PDF or text).
//! - [`draft`]: writes a new response file from a report, every answer still to be written.
//! - [`import`]: reads a letter signed off in Word back into its response file (`s55 import`).
//! - [`edit`]: changes one value of a response file in place, keeping everything else byte for byte.
//! - [`status`]: one row per response for the whole office: days left, answers written.
//! - [`serve`]: the office's responses as a small web app on this computer: forms, checks and
//!   the letter's preview, updated by itself when a file changes.
//! - [`schema`]: the JSON Schema of the file format, for editors.
//! - [`init`]: sets up a new office's folder.
//!
//! The command line is in the binary (`src/cli/`): it parses arguments, calls these modules and
//! prints; nothing here writes to the terminal.

pub mod checks;
pub mod date;
pub mod diagnostic;
pub mod draft;
pub mod edit;
pub mod extract;
pub mod import;
pub mod init;
pub mod law;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod status;
pub mod word_package;
pub mod yaml;

pub use diagnostic::Diagnostic;
