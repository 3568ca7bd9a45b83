//! The second step of a build: every file made in memory, nothing written. Each letter goes through
//! the renderers of the build's formats, then the index, JSON, CSV and feed are made from the
//! letters that are listed. Each file keeps the list of files it was made from, so that a live
//! preview or an incremental build can tell which outputs a changed file feeds.

use super::plan::{Placed, Plan};
use super::{BuildError, Progress, index};
use crate::diagnostic::Diagnostic;
use crate::render::Format;
use std::path::PathBuf;

/// One file of the build, made in memory.
pub struct Output {
    /// Its name in its folder: `2020-03-10-national-child-protection-inspections-hertfordshire.pdf`.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Every file and folder it was made from: the response, its report and office files, the
    /// template folders, and for a PDF the images it draws; for the index and its companions,
    /// every response and the folders being built.
    pub sources: Vec<PathBuf>,
}

/// Every file a build writes, made in memory.
pub struct Rendered {
    /// The website folder's files in the order they are written: each letter's, then the CSV,
    /// JSON, feed and, last so that it never links to a file not yet written, the index.
    pub website: Vec<Output>,
    /// The drafts folder's files.
    pub drafts: Vec<Output>,
}

/// Renders every file of the plan, telling `progress` which letter it is on. All problems are
/// collected, so the user sees every one at once; then nothing is returned to write.
pub fn render(plan: &Plan, progress: &mut dyn FnMut(Progress)) -> Result<Rendered, BuildError> {
    let mut rendered = Rendered {
        website: Vec::new(),
        drafts: Vec::new(),
    };
    let mut problems = Vec::new();
    for (i, placed) in plan.letters.iter().enumerate() {
        progress(Progress::Rendering {
            done: i + 1,
            total: plan.letters.len(),
            slug: &placed.slug,
        });
        let (outputs, failed) = render_letter(plan, placed);
        problems.extend(failed);
        if placed.in_drafts_folder {
            rendered.drafts.extend(outputs);
        } else {
            rendered.website.extend(outputs);
        }
    }
    match lists(plan) {
        Ok(lists) => rendered.website.extend(lists),
        Err(more) => problems.extend(more),
    }
    if problems.is_empty() {
        Ok(rendered)
    } else {
        Err(BuildError::Input(problems))
    }
}

/// One letter's files, made in memory as a build makes them (the plan gives its name and links),
/// with the problems of the formats that failed: one problem per format, so a page that fails is
/// not followed by its fragment failing for the same reason. The formats are made side by side on
/// the cores that are free. Cheap enough to call on every save for a live preview of one
/// response: nothing else is rendered or read.
pub fn render_letter(plan: &Plan, placed: &Placed) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut outputs = Vec::new();
    let mut problems = Vec::new();
    let mut failed: Vec<Format> = Vec::new();
    let renderers = plan.renderers();
    let made = crate::render::renderer::render_all(&placed.letter, &renderers);
    for (r, result) in renderers.into_iter().zip(made) {
        if failed.contains(&r.format()) {
            continue;
        }
        match result {
            Ok(bytes) => outputs.push(Output {
                name: r.file_name(&placed.slug),
                bytes,
                sources: r.sources(&placed.letter),
            }),
            Err(d) => {
                failed.push(r.format());
                problems.push(d);
            }
        }
    }
    (outputs, problems)
}

/// The website's shared files, made from every letter listed on it: the CSV, JSON, feed and, last
/// so that they never link to a file not yet written, the index's pages ([`index::list_names`]).
pub fn lists(plan: &Plan) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let entries: Vec<index::Entry> = plan
        .letters
        .iter()
        .filter(|p| !p.in_drafts_folder)
        .map(index::Entry::new)
        .collect();
    let mut listed: Vec<&index::Entry> = entries.iter().collect();
    index::sort_newest_first(&mut listed);
    // Any response can join or leave the lists (a draft put right, a file added), so each list is
    // made from all of them.
    let mut lists: Vec<PathBuf> = plan.inputs.clone();
    lists.extend(plan.letters.iter().flat_map(|p| p.letter.response_files()));
    let mut pages = lists.clone();
    pages.extend(plan.site_template_folders.iter().cloned());
    let mut made = Vec::new();
    let mut problems = Vec::new();
    index::make_lists(
        &listed,
        &plan.renderers(),
        &plan.site_templates,
        &mut |name, list| {
            match list.into_bytes(&name) {
                Ok(bytes) => made.push(Output {
                    sources: if name == index::FEED || index::is_index_page(&name) {
                        pages.clone()
                    } else {
                        lists.clone()
                    },
                    name,
                    bytes,
                }),
                Err(d) => problems.push(d),
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    if problems.is_empty() {
        Ok(made)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::renderer;
    use crate::site::{BuildOptions, plan};
    use std::path::Path;

    #[test]
    fn a_build_renders_into_memory_and_names_what_each_file_is_made_from() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/mistakes/71-ok-shared-report-and-office");
        let out = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            inputs: vec![folder.clone()],
            out_dir: out.path().join("public"),
            templates: vec![],
            formats: renderer::formats(),
            today: chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            strict: false,
            include_drafts: false,
        };
        let plan = plan::plan(&options).unwrap();
        let rendered = render(&plan, &mut |_| {}).unwrap();
        assert!(!options.out_dir.exists(), "rendering wrote nothing");
        let names: Vec<&str> = rendered.website.iter().map(|o| o.name.as_str()).collect();
        let slug = &plan.letters[0].slug;
        let letter_files: Vec<String> = [".md", ".html", ".fragment.html", ".pdf", ".docx"]
            .iter()
            .map(|end| format!("{slug}{end}"))
            .collect();
        assert_eq!(names[..5], letter_files);
        assert_eq!(
            names[5..],
            [index::CSV, index::JSON, index::FEED, index::INDEX]
        );
        for output in &rendered.website {
            for file in ["response.yaml", "report.yaml", "office.yaml"] {
                assert!(
                    output.sources.contains(&folder.join(file)),
                    "{} is made from {file}: {:?}",
                    output.name,
                    output.sources
                );
            }
        }
        let index = rendered.website.last().unwrap();
        assert!(index.sources.contains(&folder), "{:?}", index.sources);
    }
}
