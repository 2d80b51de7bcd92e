#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wattdesk_fuzz::sse_framing(data));
