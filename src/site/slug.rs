//! Slugs: the names a build gives each letter's files, derived from its report, safe in a URL and
//! a file name, and unique within the build.

use crate::diagnostic::Diagnostic;
use crate::render::Letter;
use std::collections::BTreeMap;
use std::path::Path;

/// Gives each letter a file name (its slug) derived from its report: `2020-03-10-national-child-protection-...`
/// (the report's publication date and title).
///
/// When several responses answer reports with the same name (several offices' letters on one
/// thematic report), the ones that pass the checks each carry their own file's name as well
/// (`...-dorset-2020`); a response with errors never takes the name from one that passes: while only
/// one of them passes, it keeps the plain name and the others carry their file names. So a draft
/// copy of a published response never renames the published letter's files. If two responses would
/// still get the same name (the same file name in two folders, or a title that slugs like another's
/// title and file name together), that is a problem naming both files, and nothing is written.
pub fn unique(letters: &[Letter]) -> Result<Vec<String>, Vec<Diagnostic>> {
    let named: Vec<Named> = letters.iter().map(Named::of).collect();
    unique_names(&named)
}

/// What a letter's slug is made from: enough to name it without holding the whole letter.
#[derive(Debug, Clone)]
pub struct Named {
    /// The response file.
    pub path: std::path::PathBuf,
    /// The report's publication date and title, slugged: `2020-03-10-national-child-...`.
    pub base: String,
    /// Whether a check found an error (the letter is a draft).
    pub draft: bool,
}

impl Named {
    /// What names this letter.
    pub fn of(l: &Letter) -> Named {
        Named {
            path: l.response.path.clone(),
            base: format!(
                "{}-{}",
                l.response.report.published.iso(),
                slugify(&l.response.report.title, 60)
            ),
            draft: l.is_draft(),
        }
    }
}

/// [`unique`], from what names each letter.
pub fn unique_names(letters: &[Named]) -> Result<Vec<String>, Vec<Diagnostic>> {
    // For each name: (responses, responses that pass).
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for l in letters {
        let c = counts.entry(&l.base).or_default();
        c.0 += 1;
        c.1 += usize::from(!l.draft);
    }
    let unique: Vec<String> = letters
        .iter()
        .map(|l| {
            let s = &l.base;
            let (all, passing) = counts[s.as_str()];
            let passes = !l.draft;
            let plain = all == 1 || (passing == 1 && passes);
            if plain {
                return s.clone();
            }
            let stem = l
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            format!("{s}-{}", slugify(&stem, 40))
        })
        .collect();
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut problems = Vec::new();
    for (slug, l) in unique.iter().zip(letters) {
        let path = l.path.as_path();
        if let Some(other) = first.insert(slug, path) {
            first.insert(slug, other);
            problems.push(
                Diagnostic::file(
                    path,
                    format!(
                        "this response and {} would both be published as {slug}.html, so neither was built",
                        other.display()
                    ),
                )
                .with_hint(
                    "s55 names each letter after its report and, when several responses answer one report, after its file: rename one of the two files, or move the one not to be published out of the folder",
                ),
            );
        }
    }
    if problems.is_empty() {
        Ok(unique)
    } else {
        Err(problems)
    }
}

/// A URL- and file-safe name: lower-case ASCII letters, digits and single hyphens, at most `max`
/// characters, never empty, never `.` or `..`, never containing a path separator.
pub fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    let mut chars = text
        .chars()
        .flat_map(char::to_lowercase)
        .flat_map(|c| fold_accent(c).chars().collect::<Vec<_>>())
        .peekable();
    let mut mid_word = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= max {
            mid_word = c.is_ascii_alphanumeric()
                && chars.peek().is_some_and(|n| n.is_ascii_alphanumeric());
            break;
        }
    }
    // A slug cut short ends at a word boundary, not in the middle of a word.
    if mid_word {
        if let Some(at) = slug.rfind('-').filter(|at| *at > max / 2) {
            slug.truncate(at);
        }
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
        'ŵ' => "w",
        'ŷ' | 'ÿ' | 'ý' => "y",
        'ç' => "c",
        'ñ' => "n",
        '&' => "and",
        _ => return c.to_string(),
    };
    s.to_string()
}

/// Whether a name is a slug as [`slugify`] makes them: lower-case ASCII letters, digits and
/// hyphens, and not empty.
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
    fn a_long_title_is_cut_at_a_word_boundary() {
        let slug = slugify(
            "National Child Protection Inspections – Hertfordshire Constabulary",
            60,
        );
        assert_eq!(slug, "national-child-protection-inspections-hertfordshire");
        assert_eq!(slugify("abcdefghij klmno", 10), "abcdefghij");
        assert_eq!(slugify("abcd efghij", 11), "abcd-efghij");
    }
}
