//! The two paths measured side by side: (a) a bare reader of the live stream, (b) WattDesk's session,
//! feed and channel consumer.

use super::pairing::*;
use super::util::*;
use bytes::BytesMut;
use futures_util::StreamExt;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;
use wattdesk_core::ipc::LiveBatch;
use wattdesk_core::live::session::{Session, SessionConfig, TransportChoice};
use whatwatt::models::live::LiveEvent;

/// (a) The bare baseline: reqwest, split frames on blank lines, parse the JSON.
pub async fn baseline(url: String, n: usize, published: Published) -> (Vec<Duration>, u64) {
    // Built like any minimal client would be; no WattDesk code involved.
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let resp = http.get(format!("{url}/api/v1/live")).send().await.unwrap();
    let mut body = resp.bytes_stream();
    let mut buf = BytesMut::new();
    let mut m = Matcher::new(published);
    let mut count = 0;
    while count < n {
        let chunk = body.next().await.unwrap().unwrap();
        buf.extend_from_slice(&chunk);
        while let Some(end) = buf.windows(2).position(|w| w == b"\n\n") {
            let frame = buf.split_to(end + 2);
            let text = std::str::from_utf8(&frame).unwrap();
            if let Some(data) = text.lines().find_map(|l| l.strip_prefix("data: ")) {
                let ev: LiveEvent = serde_json::from_str(data).unwrap();
                m.arrive(key(ev.e_in, ev.e_out, ev.p_in, ev.v_p1), Instant::now());
                count += 1;
            }
        }
    }
    let (lat, _) = m.latencies();
    (lat, count as u64)
}

/// (b) WattDesk's path: Session → feed batching → the channel consumer (JSON-encoded like IPC).
pub async fn session_path(url: String, n: usize, published: Published) -> (Vec<Duration>, u64) {
    let session = Session::spawn(SessionConfig {
        address: url,
        password: None,
        expect_scheme: None,
        transport: TransportChoice::Sse,
        mqtt: None,
        timing: timing(),
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Vec<u8>, Instant, LiveBatch)>();
    let cancel = CancellationToken::new();
    let feed = tokio::spawn(wattdesk_core::live::feed::run(
        session.subscribe(),
        cancel.clone(),
        None,
        move |b| {
            let json = serde_json::to_vec(&b).unwrap();
            tx.send((json, Instant::now(), b)).is_ok()
        },
    ));
    let mut m = Matcher::new(published);
    let mut count = 0;
    while count < n {
        let (json, at, batch) = rx.recv().await.unwrap();
        assert!(json.len() < 8192);
        for s in &batch.samples {
            m.arrive(
                key(
                    s.energy_import_kwh,
                    s.energy_export_kwh,
                    s.power_import_kw,
                    s.voltage_l1_v,
                ),
                at,
            );
            count += 1;
        }
    }
    cancel.cancel();
    let _ = feed.await;
    session.stop().await;
    let (lat, _) = m.latencies();
    (lat, count as u64)
}
