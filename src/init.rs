//! `s55 init`: a new office's folder, ready to use. It holds the office's details (`office.yaml`,
//! written once and used by every response), `responses/` with the JSON Schema for editors, and a
//! worked example in `examples/`, outside `responses/`, so that `s55 build` never publishes an
//! invented response under the office's name. The built-in templates are not copied: an office
//! copies only a layout it wants to change, with `s55 templates copy NAME`. Existing files are
//! never replaced.

use crate::diagnostic::Diagnostic;
use crate::schema;
use std::path::{Path, PathBuf};

/// The office file `s55 init` writes, with a placeholder for each detail only the office knows.
pub const OFFICE_FILE: &str = include_str!("init/office.yaml");

/// The worked example response `s55 init` writes.
pub const EXAMPLE_RESPONSE: &str = include_str!("init/example.yaml");

/// The folder the worked example goes in, beside `responses/`.
pub const EXAMPLE_DIR: &str = "examples";

/// The example's file name under `examples/`.
pub const EXAMPLE_NAME: &str = "2024-01-10-example-custody-northshire.yaml";

/// What `s55 init` did with each file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct InitReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that were already there and were left as they were.
    pub kept: Vec<PathBuf>,
}

/// Sets up `dir` (created if needed). Files already present are kept unchanged.
pub fn init(dir: &Path) -> Result<InitReport, Diagnostic> {
    let files: Vec<(PathBuf, String)> = vec![
        (dir.join("office.yaml"), OFFICE_FILE.to_string()),
        (
            dir.join("responses").join(schema::FILE_NAME),
            schema::schema_json(),
        ),
        (
            dir.join(EXAMPLE_DIR).join(EXAMPLE_NAME),
            EXAMPLE_RESPONSE.to_string(),
        ),
    ];
    let mut report = InitReport::default();
    for (path, text) in files {
        if path.exists() {
            report.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::file(parent, format!("this folder could not be created: {e}"))
            })?;
        }
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        match written {
            Ok(()) => report.written.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => report.kept.push(path),
            Err(e) => {
                return Err(Diagnostic::file(
                    &path,
                    format!("this file could not be written: {e}"),
                ));
            }
        }
    }
    Ok(report)
}

/// What `s55 init` prints.
pub fn summary(dir: &Path, report: &InitReport) -> String {
    let mut out = String::new();
    for p in &report.written {
        out.push_str(&format!("wrote {}\n", p.display()));
    }
    for p in &report.kept {
        out.push_str(&format!(
            "kept {} (already there, not changed)\n",
            p.display()
        ));
    }
    let office = dir.join("office.yaml");
    let responses = dir.join("responses");
    out.push_str(&format!(
        "next: write the office's details in {}, then start a response with\n  s55 new --report REPORT.pdf --published YYYY-MM-DD -o {}/NAME.yaml\nand see every response's deadline with `s55 status {}`\nThe worked example in {} is never built or published; to change a letter layout, run `s55 templates copy NAME`.\n",
        office.display(),
        responses.display(),
        responses.display(),
        dir.join(EXAMPLE_DIR).display()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OfficeFile, ResponseFile};

    #[test]
    fn the_files_init_writes_are_valid() {
        let office: OfficeFile = crate::load::parse(Path::new("office.yaml"), OFFICE_FILE).unwrap();
        assert!(office.body.name.starts_with("[insert"));
        let example: ResponseFile =
            crate::load::parse(Path::new("example.yaml"), EXAMPLE_RESPONSE).unwrap();
        assert_eq!(example.office.as_deref(), Some("../office.yaml"));
    }
}
