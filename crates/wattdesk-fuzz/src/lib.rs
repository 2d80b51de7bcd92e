//! One check per input WattDesk reads from outside the process: the bytes of the device's live
//! stream, every device JSON document, published MQTT payloads, templates, auth challenges, mDNS TXT
//! records, SD-card CSV files, broker URLs, the saved-meters file and settings backups. Each takes arbitrary bytes and
//! must return without panicking; where the input parses, the result must be sane (finite numbers,
//! normalized ids). `fuzz/` runs them under libFuzzer; `tests/corpora.rs` runs the seeds and every
//! crash ever found (the regression corpus) on stable in CI.

mod checks;

pub use checks::*;

/// A check: arbitrary bytes in, a panic on a bug.
pub type Check = fn(&[u8]);

/// The targets by name, for the corpus runner and the campaign script.
pub const TARGETS: &[(&str, Check)] = &[
    ("sse_framing", sse_framing),
    ("device_json", device_json),
    ("reading", reading),
    ("mqtt_decode", mqtt_decode),
    ("mapping_guess", mapping_guess),
    ("auth_challenge", auth_challenge),
    ("mdns_txt", mdns_txt),
    ("sdcard_csv", sdcard_csv),
    ("broker_url", broker_url),
    ("registry_file", registry_file),
    ("settings_doc", settings_doc),
];
