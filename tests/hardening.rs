//! Hardening (issue 15): unique output names, never touching the user's files, bounded reads, a
//! PDF path that cannot be made to overflow the stack or take quadratic time, refused image bombs,
//! and a quiet end when stdout is closed.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MODEL_TITLE: &str =
    "title: National Child Protection Inspections – Hertfordshire Constabulary";
const MODEL_SLUG: &str = "2020-03-10-national-child-protection-inspections-hertfordshire";

fn titled(title: &str) -> String {
    replace(&model_response(), MODEL_TITLE, &format!("title: {title}"))
}

/// The model response with an error a check finds (R1 unanswered), so that it builds as a draft.
fn failing() -> String {
    replace(&model_response(), "- items: [R1]", "- items: [R2]")
}

fn build(dir: &Path, input: &str) -> Run {
    s55(
        dir,
        &["build", input, "-o", "public", "--today", "2026-11-23"],
    )
}

// 1. Unique names.

#[test]
fn the_same_file_name_in_two_folders_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["2023", "2024"] {
        std::fs::create_dir_all(dir.path().join("responses").join(sub)).unwrap();
        std::fs::write(
            dir.path().join("responses").join(sub).join("letter.yaml"),
            model_response(),
        )
        .unwrap();
    }
    // A second, distinct response to the same report makes both carry their file names.
    std::fs::write(dir.path().join("responses/other.yaml"), model_response()).unwrap();
    let run = build(dir.path(), "responses");
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("2023/letter.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("2024/letter.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("would both be published as"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

#[test]
fn titles_that_slug_alike_with_file_names_are_an_error_naming_both() {
    // "Foo" in bar.yaml and in baz.yaml would be foo-bar and foo-baz; "Foo Bar" would be foo-bar too.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bar.yaml"), titled("Foo")).unwrap();
    std::fs::write(dir.path().join("baz.yaml"), titled("Foo")).unwrap();
    std::fs::write(dir.path().join("c.yaml"), titled("Foo Bar")).unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("bar.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("c.yaml"), "{}", run.stderr);
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

#[test]
fn titles_that_slug_alike_get_a_page_each_and_the_index_links_both() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), titled("Foo, the report")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), titled("Foo – the report")).unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public");
    assert!(public.join("2020-03-10-foo-the-report-a.html").is_file());
    assert!(public.join("2020-03-10-foo-the-report-b.html").is_file());
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        index.contains("2020-03-10-foo-the-report-a.html"),
        "{index}"
    );
    assert!(
        index.contains("2020-03-10-foo-the-report-b.html"),
        "{index}"
    );
}

#[test]
fn a_failing_copy_does_not_rename_the_passing_responses_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    let first = build(dir.path(), ".");
    assert_eq!(first.code, 0, "{}", first.stderr);
    let public = dir.path().join("public");
    let before = tree(&public);
    assert!(public.join(format!("{MODEL_SLUG}.html")).is_file());

    std::fs::write(dir.path().join("good-copy.yaml"), failing()).unwrap();
    let second = build(dir.path(), ".");
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(
        tree(&public),
        before,
        "the published files are as they were"
    );
    assert!(
        dir.path()
            .join(format!("public-drafts/{MODEL_SLUG}-good-copy.html"))
            .is_file(),
        "{:?}",
        names(&dir.path().join("public-drafts"))
    );
}

// 2. Never touch the user's files.

#[test]
fn a_hand_made_index_is_an_error_not_an_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    std::fs::create_dir(dir.path().join("public")).unwrap();
    std::fs::write(
        dir.path().join("public/index.html"),
        "the office's own index",
    )
    .unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.html"), "{}", run.stderr);
    assert!(
        run.stderr.contains("s55 did not write it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        names(&dir.path().join("public")),
        ["index.html"],
        "nothing else was written"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("public/index.html")).unwrap(),
        "the office's own index"
    );
}

#[test]
fn a_file_changed_since_the_build_is_neither_replaced_nor_removed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    assert_eq!(build(dir.path(), ".").code, 0);
    let md = dir.path().join(format!("public/{MODEL_SLUG}.md"));
    std::fs::write(&md, "edited by hand").unwrap();
    // The response changes: the edited file would be replaced.
    std::fs::write(
        dir.path().join("good.yaml"),
        replace(
            &model_response(),
            "I have seen the audit",
            "I have read the audit",
        ),
    )
    .unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{MODEL_SLUG}.md")),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "edited by hand");
    // The response is renamed: the edited file is no longer made, and is left alone.
    std::fs::write(dir.path().join("good.yaml"), titled("Another report")).unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "edited by hand");
    assert!(
        !dir.path()
            .join(format!("public/{MODEL_SLUG}.html"))
            .exists(),
        "s55's own unchanged files are removed"
    );
}

#[test]
fn a_build_record_copied_from_elsewhere_deletes_nothing() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("good.yaml"), model_response()).unwrap();
    assert_eq!(build(site.path(), ".").code, 0);
    // Another folder holds the user's own files with the same names, and a copy of the record.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("good.yaml"), titled("Another report")).unwrap();
    let public = other.path().join("public");
    std::fs::create_dir(&public).unwrap();
    std::fs::copy(
        site.path().join("public/.s55-build"),
        public.join(".s55-build"),
    )
    .unwrap();
    let mine = public.join(format!("{MODEL_SLUG}.html"));
    std::fs::write(&mine, "the user's own page").unwrap();
    let run = build(other.path(), ".");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "the user's own page"
    );
}

#[test]
fn an_edited_build_record_cannot_make_the_build_delete_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    assert_eq!(build(dir.path(), ".").code, 0);
    let public = dir.path().join("public");
    std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
    std::fs::write(public.join("notes.txt"), "keep").unwrap();
    std::fs::write(public.join("Report.HTML"), "keep").unwrap();
    let record = public.join(".s55-build");
    let mut text = std::fs::read_to_string(&record).unwrap();
    text.push_str("../precious.txt\nnotes.txt\nReport.HTML\n/etc/hostname\n");
    std::fs::write(&record, text).unwrap();
    // The response is renamed, so that the build removes what it wrote before.
    std::fs::write(dir.path().join("good.yaml"), titled("Another report")).unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !public.join(format!("{MODEL_SLUG}.html")).exists(),
        "{:?}",
        names(&public)
    );
    assert!(dir.path().join("precious.txt").exists());
    assert!(public.join("notes.txt").exists());
    assert!(public.join("Report.HTML").exists());
}

#[test]
fn the_build_record_holds_a_hash_of_each_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    assert_eq!(build(dir.path(), ".").code, 0);
    let record = std::fs::read_to_string(dir.path().join("public/.s55-build")).unwrap();
    let line = record
        .lines()
        .find(|l| l.ends_with("  index.html"))
        .unwrap_or_else(|| panic!("{record}"));
    let (hash, _) = line.split_once("  ").unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn a_killed_builds_temporary_files_are_removed_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    assert_eq!(build(dir.path(), ".").code, 0);
    let public = dir.path().join("public");
    std::fs::write(public.join(".index.html.s55-partial"), "half").unwrap();
    std::fs::write(public.join("..s55-build.s55-partial"), "half").unwrap();
    std::fs::write(public.join(".notes.txt.s55-partial"), "not s55's").unwrap();
    assert_eq!(build(dir.path(), ".").code, 0);
    assert!(!public.join(".index.html.s55-partial").exists());
    assert!(!public.join("..s55-build.s55-partial").exists());
    assert!(public.join(".notes.txt.s55-partial").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_at_an_output_name_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.yaml"), model_response()).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "outside").unwrap();
    std::fs::create_dir(dir.path().join("public")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("public/feed.atom")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.path().join("public/.index.html.s55-partial"))
        .unwrap();
    let run = build(dir.path(), ".");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("feed.atom"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "outside");
}

/// Something s55 will not remove at a temporary file's first name (a link the user made) sends the
/// build to the next name, `.NAME.1.s55-partial`; the file put in place is the one s55 wrote there,
/// and the link and what it points to are left as they were. (A build keeps only which try at a
/// name each file got, so the right one must be found again when the files are put in place.)
#[cfg(unix)]
#[test]
fn a_link_at_a_temporary_files_name_is_passed_over_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/good.yaml"), model_response()).unwrap();
    let build_into = |out: &str| {
        let run = s55(
            dir.path(),
            &["build", "in", "-o", out, "--today", "2026-11-23"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build_into("fresh");
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "outside").unwrap();
    std::fs::create_dir(dir.path().join("public")).unwrap();
    let letter = std::fs::read_dir(dir.path().join("fresh"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.ends_with(".pdf"))
        .unwrap();
    let names = ["index.html", "responses.json", letter.as_str()];
    let links: Vec<PathBuf> = names
        .iter()
        .map(|name| dir.path().join(format!("public/.{name}.s55-partial")))
        .collect();
    for link in &links {
        std::os::unix::fs::symlink(&outside, link).unwrap();
    }
    build_into("public");
    for name in names {
        let placed = dir.path().join("public").join(name);
        assert!(
            std::fs::symlink_metadata(&placed)
                .unwrap()
                .file_type()
                .is_file(),
            "{name} is not the file s55 wrote"
        );
        assert_eq!(
            std::fs::read(&placed).unwrap(),
            std::fs::read(dir.path().join("fresh").join(name)).unwrap(),
            "{name}"
        );
        assert!(
            !dir.path()
                .join(format!("public/.{name}.1.s55-partial"))
                .exists()
        );
    }
    for link in &links {
        assert!(
            std::fs::symlink_metadata(link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "outside");
}

#[test]
fn render_output_may_not_be_its_input_or_a_response() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("good.yaml");
    std::fs::write(&input, model_response()).unwrap();
    let other = dir.path().join("other.yml");
    std::fs::write(&other, model_response()).unwrap();
    let refused = s55::site::check_render_output(&input, &input).unwrap_err();
    assert!(
        refused.message.contains("response being rendered"),
        "{refused:?}"
    );
    let refused = s55::site::check_render_output(&input, &dir.path().join("./good.yaml"));
    assert!(refused.is_err());
    assert!(s55::site::check_render_output(&input, &other).is_err());
    // A YAML file without a .yaml name.
    let renamed = dir.path().join("response.txt");
    std::fs::write(&renamed, model_response()).unwrap();
    assert!(s55::site::check_render_output(&input, &renamed).is_err());
    // New files and earlier letters are fine.
    assert!(s55::site::check_render_output(&input, &dir.path().join("letter.pdf")).is_ok());
    std::fs::write(dir.path().join("letter.md"), "# An earlier letter").unwrap();
    assert!(s55::site::check_render_output(&input, &dir.path().join("letter.md")).is_ok());
}

// 3. Bounded reads.

fn with_office(dir: &Path, office: &str) -> PathBuf {
    let path = dir.join("response.yaml");
    std::fs::write(
        &path,
        replace(
            &model_response(),
            "layout: letter\n",
            &format!("layout: letter\noffice: {office}\n"),
        ),
    )
    .unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_the_office_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("office.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    with_office(dir.path(), "office.yaml");
    let run = s55_within(
        dir.path(),
        &["check", "response.yaml"],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("office.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("not an ordinary file"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn dev_zero_named_as_the_office_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    with_office(dir.path(), "/dev/zero");
    let run = s55_within(
        dir.path(),
        &["check", "response.yaml"],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("/dev/zero"), "{}", run.stderr);
    assert!(
        run.stderr.contains("not an ordinary file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_named_as_the_office_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("office")).unwrap();
    with_office(dir.path(), "office");
    let run = s55(dir.path(), &["check", "response.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
}

/// A response padded with a comment to exactly `size` bytes.
fn padded_response(size: usize) -> String {
    let mut text = model_response();
    text.push('#');
    while text.len() < size - 1 {
        let more = (size - 1 - text.len()).min(100);
        text.push_str(&"x".repeat(more));
        if text.len() < size - 1 {
            text.push_str("\n#");
        }
    }
    text.push('\n');
    assert_eq!(text.len(), size);
    text
}

#[test]
fn yaml_files_are_read_up_to_five_mb() {
    let limit = 5 * 1024 * 1024;
    let under = folder_with("response.yaml", &padded_response(limit));
    let run = s55(
        under.path(),
        &["check", "response.yaml", "--today", "2020-03-20"],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let over = folder_with("response.yaml", &padded_response(limit + 1));
    let run = s55(over.path(), &["check", "response.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("response.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("larger than 5 MB"), "{}", run.stderr);
}

fn with_logo(dir: &Path, bytes: &[u8]) {
    std::fs::write(dir.join("logo.png"), bytes).unwrap();
    std::fs::write(
        dir.join("response.yaml"),
        replace(
            &model_response(),
            "  contact: www.hertscommissioner.org\n",
            "  contact: www.hertscommissioner.org\n  logo: {path: logo.png, alt: The office's logo}\n",
        ),
    )
    .unwrap();
}

fn render_pdf(dir: &Path) -> Run {
    s55_within(
        dir,
        &[
            "render",
            "response.yaml",
            "--format",
            "pdf",
            "-o",
            "letter.pdf",
        ],
        Duration::from_secs(60),
    )
}

#[test]
fn images_are_read_up_to_twenty_mb() {
    let limit = 20 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = png_header(100, 100);
    bytes.resize(limit, 0);
    with_logo(dir.path(), &bytes);
    let run = render_pdf(dir.path());
    assert!(!run.stderr.contains("larger than"), "{}", run.stderr);
    bytes.push(0);
    with_logo(dir.path(), &bytes);
    let run = render_pdf(dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("logo.png"), "{}", run.stderr);
    assert!(run.stderr.contains("larger than 20 MB"), "{}", run.stderr);
}

// 4. The PDF path.

/// The start of a PNG file: the signature and an IHDR chunk giving the size.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend(13u32.to_be_bytes());
    b.extend(b"IHDR");
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    b.extend([0, 0, 0, 0]); // CRC (not checked before the size is)
    b
}

#[test]
fn a_png_with_a_huge_pixel_count_is_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    with_logo(dir.path(), &png_header(10_000, 10_000));
    let started = Instant::now();
    let run = render_pdf(dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("logo.png"), "{}", run.stderr);
    assert!(run.stderr.contains("megapixels"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_list_nested_five_thousand_deep_makes_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    // `- - - … deep` on a line of its own is a list in a list in a list …, 5,000 deep.
    let comment = format!("        Nested:\n\n        {}deep\n", "- ".repeat(5000));
    let text = replace(
        &model_response(),
        "      comment: >-\n        I have seen the audit",
        &format!("      comment: |-\n{comment}\n        I have seen the audit"),
    );
    std::fs::write(dir.path().join("response.yaml"), text).unwrap();
    for format in ["pdf", "html", "md"] {
        let run = s55_within(
            dir.path(),
            &["render", "response.yaml", "--format", format, "-o", "out"],
            Duration::from_secs(120),
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
    }
}

#[test]
fn the_longest_office_name_accepted_lays_out_quickly() {
    // The longest text s55 reads (100,000 characters), in one unbroken run: once quadratic (a
    // quarter-megabyte name took 35 s), now it lays out in time proportional to its length.
    let dir = tempfile::tempdir().unwrap();
    let name = "Northshire".repeat(s55::load::format::MAX_TEXT / 10);
    std::fs::write(
        dir.path().join("response.yaml"),
        replace(
            &model_response(),
            "  name: Office of the Police and Crime Commissioner for Hertfordshire",
            &format!("  name: {name}"),
        ),
    )
    .unwrap();
    let started = Instant::now();
    let run = render_pdf(dir.path());
    let took = started.elapsed();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Well under a second in a release build; this allows for a debug build on a busy machine.
    assert!(took < Duration::from_secs(8), "took {took:?}");
}

#[test]
fn a_longer_office_name_is_refused_before_anything_is_laid_out() {
    let name = "Northshire".repeat(25_000);
    let dir = folder_with(
        "response.yaml",
        &replace(
            &model_response(),
            "  name: Office of the Police and Crime Commissioner for Hertfordshire",
            &format!("  name: {name}"),
        ),
    );
    let run = render_pdf(dir.path());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("250000 characters"), "{}", run.stderr);
}

// 5. A closed stdout.

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Enough responses that `check` prints far more than a pipe holds.
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("r{i}.yaml")), failing()).unwrap();
    }
    let mut child = command(dir.path(), &["check", ".", "--today", "2026-11-23"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout); // like `| head -c 16`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // The usual exit code (the responses fail their checks: 1), not a signal or a panic.
        assert_eq!(out.status.signal(), None, "{:?}", out.status);
        assert_eq!(out.status.code(), Some(1), "{:?}", out.status);
    }
}

#[test]
fn templates_are_read_up_to_one_mb() {
    let limit = 1024 * 1024;
    let dir = folder_with("response.yaml", &model_response());
    let templates = dir.path().join("mine");
    std::fs::create_dir(&templates).unwrap();
    let mut text = String::from("{{ body.name }}\n");
    text.push_str(&"x".repeat(limit - text.len()));
    std::fs::write(templates.join("letter.md"), &text).unwrap();
    let args = ["render", "response.yaml", "--templates", "mine"];
    let run = s55(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    text.push('x');
    std::fs::write(templates.join("letter.md"), &text).unwrap();
    let run = s55(dir.path(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("letter.md"), "{}", run.stderr);
    assert!(run.stderr.contains("larger than 1 MB"), "{}", run.stderr);
}

#[test]
fn render_refuses_to_write_the_letter_over_its_own_response_file() {
    let dir = folder_with("response.yaml", &model_response());
    let run = s55(
        dir.path(),
        &["render", "response.yaml", "-o", "response.yaml"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("response.yaml")).unwrap(),
        model_response(),
        "the response file was changed"
    );
    assert!(run.stderr.contains("response.yaml"), "{}", run.stderr);
}

#[test]
fn a_text_is_read_up_to_a_hundred_thousand_characters() {
    let limit = s55::load::format::MAX_TEXT;
    // The closing paragraphs replaced by one text of `n` characters.
    let text = model_response();
    let at = "  closing: >-\n";
    let start = text.find(at).unwrap();
    // The closing's text runs until the first line indented less than its own.
    let body = start + at.len();
    let end = text[body..]
        .split_inclusive('\n')
        .take_while(|l| l.starts_with("    ") || l.trim().is_empty())
        .map(str::len)
        .sum::<usize>()
        + body;
    let with = |n: usize| {
        format!(
            "{}  closing: |-\n    {}\n{}",
            &text[..start],
            "x".repeat(n),
            &text[end..]
        )
    };
    let ok = s55(
        folder_with("r.yaml", &with(limit)).path(),
        &["check", "r.yaml", "--today", "2026-11-23"],
    );
    assert_ne!(ok.code, 2, "{}", ok.stderr);
    let over = s55(
        folder_with("r.yaml", &with(limit + 1)).path(),
        &["check", "r.yaml", "--today", "2026-11-23"],
    );
    assert_eq!(over.code, 2, "{}", over.stdout);
    assert!(over.stderr.contains("100000"), "{}", over.stderr);
}

#[test]
fn a_list_is_read_up_to_ten_thousand_entries() {
    let limit = s55::load::format::MAX_ENTRIES;
    let with = |n: usize| {
        let list: String = (0..n).map(|i| format!("    - line {i}\n")).collect();
        replace(
            &model_response(),
            "  signatory: David Lloyd\n",
            &format!("  signatory: David Lloyd\n  letterhead:\n{list}"),
        )
    };
    let ok = s55(
        folder_with("r.yaml", &with(limit)).path(),
        &["check", "r.yaml", "--today", "2026-11-23"],
    );
    assert_ne!(ok.code, 2, "{}", ok.stderr);
    let over = s55(
        folder_with("r.yaml", &with(limit + 1)).path(),
        &["check", "r.yaml", "--today", "2026-11-23"],
    );
    assert_eq!(over.code, 2, "{}", over.stdout);
    assert!(
        over.stderr.contains(&format!("{} entries", limit + 1)),
        "{}",
        over.stderr
    );
}

/// A folder with the model response and an office template of its own for the `letter` layout.
fn with_template(template: &str) -> tempfile::TempDir {
    let dir = folder_with("response.yaml", &model_response());
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/letter.md"), template).unwrap();
    dir
}

#[test]
fn a_template_that_writes_without_end_is_stopped_with_a_message() {
    let dir = with_template(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}\n",
    );
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("wrote more than 10 MB"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("templates/letter.md"), "{}", run.stderr);
}

#[test]
fn a_template_that_never_finishes_is_given_up_with_a_message() {
    let dir = with_template(
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let run = s55(dir.path(), &["render", "response.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("still running after 10 seconds"),
        "{}",
        run.stderr
    );
}
