//! SSE framing cost per byte (`cargo bench -p whatwatt --bench sse_framing`).
//!
//! The same events parsed from TCP-segment-sized chunks (the baseline, 1,460 B) and from 1-byte chunks
//! (a device or an impostor trickling its stream), for device-sized events and for events near
//! `MAX_EVENT_BYTES`. Work that grows with the square of a line's length shows as a trickled/segment
//! ratio that grows with the event size; linear framing keeps it flat.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

use bytes::Bytes;
use futures_util::{stream, StreamExt};
use std::time::{Duration, Instant};
use whatwatt::LiveStream;

/// One `live` event whose data line is about `size` bytes (valid JSON, padded in a string field).
fn event(size: usize) -> String {
    let pad = "x".repeat(size.saturating_sub(80));
    format!("event: live\ndata: {{\"P_In\":0.5,\"T\":1,\"Uptime\":2,\"Pad\":\"{pad}\"}}\n\n")
}

/// Time to parse `text` cut into `chunk`-byte pieces, best of three rounds; checks every event arrived.
fn parse(rt: &tokio::runtime::Runtime, text: &str, chunk: usize, events: usize) -> Duration {
    (0..3)
        .map(|_| {
            let chunks: Vec<Result<Bytes, String>> = text
                .as_bytes()
                .chunks(chunk)
                .map(|c| Ok(Bytes::copy_from_slice(c)))
                .collect();
            let start = Instant::now();
            let out: Vec<_> =
                rt.block_on(LiveStream::from_bytes(stream::iter(chunks), None).collect());
            let took = start.elapsed();
            assert_eq!(out.iter().filter(|r| r.is_ok()).count(), events);
            took
        })
        .min()
        .unwrap()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("sse_framing: benchmark");
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    println!(
        "SSE framing: the same bytes from 1,460-byte segments (baseline) and from 1-byte chunks"
    );
    println!(
        "{:>10} {:>7} {:>12} {:>12} {:>9}",
        "event", "events", "segments", "1-byte", "ratio"
    );
    for (size, count) in [(1_000, 200), (6_000, 30), (60_000, 3)] {
        let text = event(size).repeat(count);
        let seg = parse(&rt, &text, 1460, count);
        let trickle = parse(&rt, &text, 1, count);
        println!(
            "{:>9}B {:>7} {:>10.2}ms {:>10.2}ms {:>8.1}×",
            size,
            count,
            seg.as_secs_f64() * 1e3,
            trickle.as_secs_f64() * 1e3,
            trickle.as_secs_f64() / seg.as_secs_f64()
        );
    }
}
