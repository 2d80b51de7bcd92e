#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wattdesk_fuzz::broker_url(data));
