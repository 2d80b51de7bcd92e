#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wattdesk_fuzz::settings_doc(data));
