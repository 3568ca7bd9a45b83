//! Building a folder of responses into a folder of outputs: one file per response and format, written
//! atomically (each file is complete or not there), with stable names derived from the report.
//! Nothing is written unless every response could be read and rendered, so a failed build leaves the
//! earlier outputs as they were; files in the output folder that s55 did not write are never touched.

use crate::checks::{self, Assessment};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Response};
use crate::render::{Format, Templates, markdown};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder of responses (or single files) to build.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Extra template folders (`--templates`), searched first.
    pub templates: Vec<PathBuf>,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Today's date, for days left.
    pub today: NaiveDate,
    /// Refuse to build while any response has an error finding.
    pub strict: bool,
}

/// One response, read, checked and given its place in the output folder.
pub struct Built {
    pub response: Response,
    pub assessment: Assessment,
    /// The output name without extension, unique within the build.
    pub slug: String,
    /// The templates that apply to this response.
    pub templates: Templates,
}

/// The outcome of a build.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Files written, relative to the output folder.
    pub written: Vec<PathBuf>,
    /// Responses built as drafts because a check found an error: (file, number of errors).
    pub drafts: Vec<(PathBuf, usize)>,
}

/// Why a build did not finish.
#[derive(Debug)]
pub enum BuildError {
    /// Some input could not be read or rendered: nothing was written.
    Input(Vec<Diagnostic>),
    /// `--strict` and some responses have errors: nothing was written.
    Strict(Vec<(PathBuf, Assessment)>),
    /// Writing failed part way; files already written are complete.
    Write(Diagnostic),
}

/// Reads and checks every response under the inputs, giving each a unique output name. All read
/// errors are collected, so the user sees every broken file at once.
pub fn gather(
    inputs: &[PathBuf],
    templates: &[PathBuf],
    today: NaiveDate,
    root: Option<&Path>,
) -> Result<Vec<Built>, Vec<Diagnostic>> {
    let paths = load::response_paths(inputs).map_err(|d| vec![d])?;
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let loaded = load::response(&path).and_then(|response| {
            let folders = Templates::folders_for(templates, &path, root);
            let tpl = Templates::load(&folders)?;
            Ok((response, tpl))
        });
        match loaded {
            Ok((response, tpl)) => {
                let assessment = checks::assess(&response, today);
                built.push(Built {
                    slug: String::new(),
                    response,
                    assessment,
                    templates: tpl,
                });
            }
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    assign_slugs(&mut built);
    Ok(built)
}

/// Builds every response into the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let root = options
        .inputs
        .first()
        .filter(|p| p.is_dir())
        .map(PathBuf::as_path);
    let built = gather(&options.inputs, &options.templates, options.today, root)
        .map_err(BuildError::Input)?;
    if options.strict {
        let failing: Vec<(PathBuf, Assessment)> = built
            .iter()
            .filter(|b| b.assessment.has_errors())
            .map(|b| (b.response.path.clone(), b.assessment.clone()))
            .collect();
        if !failing.is_empty() {
            return Err(BuildError::Strict(failing));
        }
    }
    let mut outputs: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut problems = Vec::new();
    let mut report = BuildReport::default();
    for b in &built {
        for format in &options.formats {
            let rendered = match format {
                Format::Md => markdown::render(&b.response, &b.assessment, &b.templates, None)
                    .map(String::into_bytes),
                Format::Pdf => {
                    crate::render::pdf::render(&b.response, &b.assessment, &b.templates, None)
                }
            };
            match rendered {
                Ok(bytes) => outputs.push((
                    PathBuf::from(format!("{}.{}", b.slug, format.extension())),
                    bytes,
                )),
                Err(d) => problems.push(d),
            }
        }
        if b.assessment.has_errors() {
            let errors = b
                .assessment
                .findings
                .iter()
                .filter(|f| f.severity == checks::Severity::Error)
                .count();
            report.drafts.push((b.response.path.clone(), errors));
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Input(problems));
    }
    for (rel, bytes) in outputs {
        write_atomic(&options.out_dir.join(&rel), &bytes).map_err(BuildError::Write)?;
        report.written.push(rel);
    }
    Ok(report)
}

/// Gives each response a file name derived from its report: `2020-03-10-national-child-protection-...`.
/// When two responses answer the same report, each also carries its own file's name.
fn assign_slugs(built: &mut [Built]) {
    let base: Vec<String> = built
        .iter()
        .map(|b| {
            format!(
                "{}-{}",
                b.response.report.published.iso(),
                slugify(&b.response.report.title, 60)
            )
        })
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &base {
        *counts.entry(s).or_default() += 1;
    }
    let unique: Vec<String> = base
        .iter()
        .zip(built.iter())
        .map(|(s, b)| {
            if counts[s.as_str()] > 1 {
                let stem = b
                    .response
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                format!("{s}-{}", slugify(&stem, 40))
            } else {
                s.clone()
            }
        })
        .collect();
    for (b, s) in built.iter_mut().zip(unique) {
        b.slug = s;
    }
}

/// A URL- and file-safe name: lower-case ASCII letters, digits and single hyphens, at most `max`
/// characters, never empty, never `.` or `..`, never containing a path separator.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    for c in text
        .chars()
        .flat_map(char::to_lowercase)
        .flat_map(|c| fold_accent(c).chars().collect::<Vec<_>>())
    {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    // Cut long names at a word boundary.
    if slug.len() > max {
        let cut = slug[..=max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
        slug.truncate(cut);
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "response".to_string()
    } else {
        slug
    }
}

fn fold_accent(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ŷ' | 'Ŷ' | 'ÿ' | 'ý' => "y",
        'ç' => "c",
        'ñ' => "n",
        '&' => "and",
        _ => return c.to_string(),
    };
    s.to_string()
}

/// Writes a file so that it is either complete or not there: the bytes go to a temporary file in the
/// same folder, which then replaces the target in one step. An unchanged file is left alone.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::file(dir, format!("the output folder could not be created: {e}"))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.s55-partial"));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::file(path, format!("this file could not be written: {e}"))
            .with_hint("check that the output folder is writable and the disk is not full")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_escape_the_output_folder() {
        assert_eq!(slugify("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slugify("..", 60), "response");
        assert_eq!(slugify("/", 60), "response");
        assert_eq!(
            slugify("National Child Protection Inspections – Hertfordshire", 60),
            "national-child-protection-inspections-hertfordshire"
        );
        assert_eq!(
            slugify("Crime & Policing: Ŵales", 60),
            "crime-and-policing-wales"
        );
    }

    #[test]
    fn atomic_writes_replace_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/letter.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
