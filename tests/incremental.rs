//! Building again: a file is made again exactly when something it is made from has changed (the
//! response, its report or office file, a template, the logo, today's date for a draft, s55
//! itself), and then has the bytes a build from scratch gives it. Nothing changed, nothing is
//! made or written; a file deleted or changed by someone else is handled by the build record's
//! rules as before.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const TODAY: &str = "2025-03-01";

/// A folder `in/` with three responses: `shared.yaml` (its report and office in their own files,
/// the office with a logo), `model.yaml` (all in one file, published) and `draft.yaml` (not yet
/// published: its notice counts the days left).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let shared = repo().join("tests/fixtures/mistakes/71-ok-shared-report-and-office");
    std::fs::copy(shared.join("response.yaml"), input.join("shared.yaml")).unwrap();
    std::fs::copy(shared.join("report.yaml"), input.join("report.yaml")).unwrap();
    let office = std::fs::read_to_string(shared.join("office.yaml")).unwrap();
    let office = replace(
        &office,
        "  contact: www.northshire-pcc.gov.uk\n",
        "  contact: www.northshire-pcc.gov.uk\n  logo: {path: logo.png, alt: Northshire PCC}\n",
    );
    std::fs::write(input.join("office.yaml"), office).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/pdf/logo.png"),
        input.join("logo.png"),
    )
    .unwrap();
    std::fs::write(input.join("model.yaml"), model_response()).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/site/dorset-draft.yaml"),
        input.join("draft.yaml"),
    )
    .unwrap();
    dir
}

fn build_into(dir: &Path, out: &str, today: &str) -> Run {
    let run = s55(dir, &["build", "in", "-o", out, "--today", today]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

/// Every file of a folder (the build record aside) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir)
        .into_iter()
        .filter(|(n, _)| !n.ends_with(".s55-build"))
        .collect()
}

/// Every file of a folder with its inode and time of last change: a file written again (even
/// with the same bytes) gets a new inode, as s55 writes through a new file and a rename.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    tree(dir)
        .into_iter()
        .map(|(n, _)| {
            let m = std::fs::metadata(dir.join(&n)).unwrap();
            (n, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The responses a build says it rendered, from its summary: (rendered, total), or every one when
/// the summary does not say (all were rendered).
fn rendered(run: &Run) -> (usize, usize) {
    let Some(line) = run.stdout.lines().find(|l| l.starts_with("Rendered ")) else {
        let built = run
            .stdout
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap();
        return (built, built);
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

/// Builds the site, lets `change` change one input, builds again; returns the summary of the
/// second build and checks that the output is what a build from scratch gives.
fn after(change: impl FnOnce(&Path), today: &str) -> (Run, tempfile::TempDir) {
    let dir = site();
    build_into(dir.path(), "public", TODAY);
    change(&dir.path().join("in"));
    let run = build_into(dir.path(), "public", today);
    build_into(dir.path(), "fresh", today);
    assert_eq!(
        files(&dir.path().join("public")),
        files(&dir.path().join("fresh")),
        "built again after a change, the folder differs from a build from scratch"
    );
    (run, dir)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, replace(&text, from, to)).unwrap();
}

#[test]
fn built_again_with_nothing_changed_nothing_is_rendered_or_written() {
    let dir = site();
    let first = build_into(dir.path(), "public", TODAY);
    assert_eq!(rendered(&first), (3, 3), "{}", first.stdout);
    let out = dir.path().join("public");
    let before = stamps(&out);
    let second = build_into(dir.path(), "public", TODAY);
    assert_eq!(rendered(&second), (0, 3), "{}", second.stdout);
    assert!(
        second.stdout.contains("0 files written, "),
        "{}",
        second.stdout
    );
    assert!(
        second
            .stdout
            .contains("Rendered 0 of 3 responses: none has changed since the last build"),
        "{}",
        second.stdout
    );
    assert_eq!(stamps(&out), before, "a file was written again");
}

#[test]
fn a_changed_response_is_rendered_again_alone() {
    let (run, _dir) = after(
        |input| {
            edit(
                &input.join("model.yaml"),
                "    HMICFRS published its report",
                "    In March, HMICFRS published its report",
            )
        },
        TODAY,
    );
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
}

#[test]
fn a_changed_report_file_renders_its_response_again() {
    let (run, _dir) = after(
        |input| {
            let text = std::fs::read_to_string(input.join("report.yaml")).unwrap();
            let title = text
                .lines()
                .find(|l| l.trim_start().starts_with("title:"))
                .unwrap()
                .to_string();
            edit(
                &input.join("report.yaml"),
                &title,
                &format!("{title} (revised)"),
            );
        },
        TODAY,
    );
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
}

#[test]
fn a_changed_office_file_renders_its_response_again() {
    let (run, _dir) = after(
        |input| {
            edit(
                &input.join("office.yaml"),
                "  signatory: Alex Morgan",
                "  signatory: Alex Morgan-Reid",
            )
        },
        TODAY,
    );
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
}

#[test]
fn a_changed_logo_renders_again_the_files_that_draw_it() {
    let (run, dir) = after(
        |input| {
            let logo = repo().join("tests/fixtures/pdf/signature.png");
            std::fs::copy(logo, input.join("logo.png")).unwrap();
        },
        TODAY,
    );
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
    // Only the PDF and the Word letter draw the logo.
    let written: Vec<&str> = run
        .stdout
        .lines()
        .find(|l| l.contains(" written, "))
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(written[0], "2", "{}", run.stdout);
    drop(dir);
}

#[test]
fn a_template_added_to_the_folder_renders_every_response_again() {
    let (run, _dir) = after(
        |input| {
            std::fs::create_dir_all(input.join("templates")).unwrap();
            let page = std::fs::read_to_string(repo().join("templates/fragment.html")).unwrap();
            std::fs::write(
                input.join("templates/fragment.html"),
                format!("<!-- our own -->\n{page}"),
            )
            .unwrap();
        },
        TODAY,
    );
    assert_eq!(rendered(&run), (3, 3), "{}", run.stdout);
}

#[test]
fn a_changed_template_renders_every_response_again() {
    let dir = site();
    let templates = dir.path().join("in/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let page = std::fs::read_to_string(repo().join("templates/fragment.html")).unwrap();
    std::fs::write(templates.join("fragment.html"), &page).unwrap();
    build_into(dir.path(), "public", TODAY);
    std::fs::write(
        templates.join("fragment.html"),
        format!("<!-- ours -->\n{page}"),
    )
    .unwrap();
    let run = build_into(dir.path(), "public", TODAY);
    assert_eq!(rendered(&run), (3, 3), "{}", run.stdout);
    build_into(dir.path(), "fresh", TODAY);
    assert_eq!(
        files(&dir.path().join("public")),
        files(&dir.path().join("fresh"))
    );
}

#[test]
fn another_day_renders_again_only_the_letters_that_count_the_days() {
    let (run, _dir) = after(|_| {}, "2025-03-02");
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
}

#[test]
fn another_build_of_s55_renders_everything_again() {
    let dir = site();
    // A copy of the program, so that it can be made to look rebuilt.
    let program = dir.path().join("s55");
    std::fs::copy(env!("CARGO_BIN_EXE_s55"), &program).unwrap();
    let build = || {
        let out = std::process::Command::new(&program)
            .args(["build", "in", "-o", "public", "--today", TODAY])
            .current_dir(dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(out.status.success());
        Run::from(out)
    };
    build();
    assert_eq!(rendered(&build()), (0, 3));
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&program)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert_eq!(rendered(&build()), (3, 3));
}

#[test]
fn another_source_date_epoch_renders_the_pdfs_again() {
    let dir = site();
    let build = |epoch: &str| {
        let run = s55_with_env(
            dir.path(),
            &["build", "in", "-o", "public", "--today", TODAY],
            &[("SOURCE_DATE_EPOCH", epoch)],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    };
    build("1700000000");
    assert_eq!(rendered(&build("1700000000")), (0, 3));
    assert_eq!(rendered(&build("1800000000")), (3, 3));
}

#[test]
fn a_deleted_file_is_made_again() {
    let dir = site();
    build_into(dir.path(), "public", TODAY);
    let out = dir.path().join("public");
    let pdf: PathBuf = tree(&out)
        .into_iter()
        .map(|(n, _)| out.join(n))
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let bytes = std::fs::read(&pdf).unwrap();
    std::fs::remove_file(&pdf).unwrap();
    let run = build_into(dir.path(), "public", TODAY);
    assert_eq!(rendered(&run), (1, 3), "{}", run.stdout);
    assert!(run.stdout.contains("1 file written, "), "{}", run.stdout);
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes);
}

#[test]
fn a_file_changed_by_someone_else_is_not_taken_for_up_to_date_nor_replaced() {
    let dir = site();
    build_into(dir.path(), "public", TODAY);
    let out = dir.path().join("public");
    let md: PathBuf = tree(&out)
        .into_iter()
        .map(|(n, _)| out.join(n))
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    std::fs::write(&md, "Our own notes.\n").unwrap();
    let run = s55(
        dir.path(),
        &["build", "in", "-o", "public", "--today", TODAY],
    );
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("it has been changed since s55 wrote it, so it was not replaced"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "Our own notes.\n");
    let leftovers: Vec<String> = names(&out)
        .into_iter()
        .filter(|n| n.contains(".s55-partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_site_of_more_than_a_hundred_responses_is_paged_and_a_page_no_longer_needed_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let model = model_response();
    let title = "  title: National Child Protection Inspections – Hertfordshire Constabulary\n";
    for i in 0..101 {
        let text = replace(&model, title, &format!("  title: Inspection {i:03}\n"));
        std::fs::write(input.join(format!("r{i:03}.yaml")), text).unwrap();
    }
    build_into(dir.path(), "out", TODAY);
    let out = dir.path().join("out");
    let first = std::fs::read_to_string(out.join("index.html")).unwrap();
    let second = std::fs::read_to_string(out.join("index-2.html")).unwrap();
    assert!(!out.join("index-3.html").exists());
    for page in [&first, &second] {
        assert!(page.contains("There are 101 responses here"), "{page}");
    }
    assert_eq!(first.matches("<h2><a href=").count(), 100);
    assert_eq!(second.matches("<h2><a href=").count(), 1);
    assert!(
        second.contains("This is page 2 of 2: response 101."),
        "{second}"
    );
    assert!(
        first.contains("This is page 1 of 2: responses 1 to 100."),
        "{first}"
    );
    assert!(
        first.contains(r#"<a href="index-2.html" rel="next">"#),
        "{first}"
    );
    assert!(
        second.contains(r#"<a href="index.html" rel="prev">"#),
        "{second}"
    );
    // Every response is on one page or the other, and its page exists.
    for i in 0..101 {
        let title = format!(">Inspection {i:03}<");
        let on = [&first, &second]
            .iter()
            .filter(|p| p.contains(&title))
            .count();
        assert_eq!(on, 1, "{title}");
    }
    let json = std::fs::read_to_string(out.join("responses.json")).unwrap();
    assert_eq!(
        json.matches("\"slug\"").count(),
        101,
        "the JSON lists them all"
    );

    // One response fewer: one page again, and the second page, which s55 wrote, is removed.
    std::fs::remove_file(input.join("r100.yaml")).unwrap();
    let run = build_into(dir.path(), "out", TODAY);
    assert!(!out.join("index-2.html").exists(), "{}", run.stdout);
    let first = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!first.contains("Pages of responses"), "{first}");
    assert!(first.contains("There are 100 responses here"), "{first}");
}
