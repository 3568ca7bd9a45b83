//! Any bytes as a response file: reading and checking never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let path = std::path::Path::new("fuzz/response.yaml");
    if let Ok(response) = s55::load::response_from_text(path, text) {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 3, 6).unwrap();
        let _ = s55::checks::assess(&response, today);
    }
});
