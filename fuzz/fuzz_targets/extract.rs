//! Any text as a report: finding the recommendations never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = s55::extract::ReportText::plain(&text);
    let _ = s55::extract::extract(&report);
});
