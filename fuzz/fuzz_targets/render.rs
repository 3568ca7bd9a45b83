//! Any bytes as a response file: when it can be read, every format is made (or refused with a
//! message) and nothing panics; `check` passing means every renderer makes the letter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use s55::checks::Severity;
use s55::render::{Letter, Templates, renderer::RENDERERS, trial};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let path = std::path::Path::new("fuzz/response.yaml");
    let Ok(response) = s55::load::response_from_text(path, text) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 6).unwrap();
    let (response, assessment) = trial::assess(response, today, Templates::load(&[]));
    let passed = !assessment.findings.iter().any(|f| f.severity == Severity::Error);
    let letter = Letter {
        response,
        assessment,
        templates: Templates::load(&[]).expect("the built-in templates load"),
        template_folders: Vec::new(),
        layout: None,
        links: Default::default(),
    };
    for r in RENDERERS {
        let made = r.render(&letter).is_ok();
        assert!(!passed || made, "check passed what cannot be made");
    }
});
