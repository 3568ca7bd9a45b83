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
//! - [`model`]: the file format (serde types, documented for officers).
//! - [`load`]: reads files into a [`load::Response`]; every failure is a located [`Diagnostic`].
//! - [`law`]: the statute as code: the 56-day rule, commencement, bank holidays.
//! - [`checks`]: one function per rule, returning [`checks::Finding`]s with stable ids.
//! - [`render`]: the Tera templates and the output formats.
//! - [`site`]: walks folders and writes one output per response, atomically.
//! - [`extract`]: finds the recommendations, causes of concern and areas for improvement in an
//!   HMICFRS report (PDF or text).
//! - [`draft`]: writes a new response file from a report, every answer still to be written.
//! - [`status`]: one line per response for the whole office: days left, answers written.
//! - [`schema`]: the JSON Schema of the file format, for editors.
//! - [`init`]: sets up a new office's folder.

pub mod checks;
pub mod date;
pub mod diagnostic;
pub mod draft;
pub mod extract;
pub mod init;
pub mod law;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod site;
pub mod status;
pub mod yaml;

pub use diagnostic::Diagnostic;
