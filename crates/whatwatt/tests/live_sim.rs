//! The SSE live stream against the simulator: values, single-client takeover (clean end for the old
//! client), a device that goes away mid-stream (error, then end).
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use futures_util::StreamExt;
use whatwatt::{Client, Error};

#[tokio::test]
async fn live_readings_match_what_the_meter_measured() {
    let dev = spawn(config()).await;
    let mut published = dev.subscribe();
    let c = Client::new(&dev.base_url(), None).unwrap();
    let offset = chrono::FixedOffset::east_opt(3600);
    let mut live = c.live(offset).await.unwrap();
    let r = within(10, "a live reading", live.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.source, Some(whatwatt::ReadingSource::Live));
    // Find the report this event was rendered from.
    let snap = within(10, "the matching report", async {
        loop {
            let s = published.recv().await.unwrap();
            if Some(s.sample.import_total_kw) == r.power_import_kw
                && r.energy_import_kwh
                    == Some((s.counters.import_total() * 1000.0).round() / 1000.0)
            {
                return s;
            }
        }
    })
    .await;
    assert_eq!(r.voltage_l1_v, Some(snap.sample.voltage_v[0]));
    assert_eq!(r.current_l2_a, Some(snap.sample.current_a[1]));
    assert_eq!(r.power_factor, Some(snap.sample.power_factor));
    assert_eq!(r.tariff, Some(snap.tariff));
    assert_eq!(r.timestamp.unwrap().timestamp(), snap.time.timestamp());
    // Several readings keep coming, counters never decrease.
    let mut last = r.energy_import_kwh.unwrap();
    for _ in 0..5 {
        let n = within(10, "more readings", live.next())
            .await
            .unwrap()
            .unwrap();
        assert!(n.energy_import_kwh.unwrap() >= last);
        last = n.energy_import_kwh.unwrap();
    }
    dev.shutdown().await;
}

#[tokio::test]
async fn a_second_client_takes_the_stream_and_the_first_ends_cleanly() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let mut first = c.live(None).await.unwrap();
    within(10, "first client's reading", first.next())
        .await
        .unwrap()
        .unwrap();
    let mut second = c.live(None).await.unwrap();
    // The first stream ends without an error item: a clean end, not a failure.
    let rest: Vec<_> = within(
        10,
        "the first stream to end",
        first.by_ref().collect::<Vec<_>>(),
    )
    .await;
    assert!(rest.iter().all(|i| i.is_ok()), "{rest:?}");
    assert!(first.next().await.is_none());
    within(10, "second client's reading", second.next())
        .await
        .unwrap()
        .unwrap();
    dev.shutdown().await;
}

#[tokio::test]
async fn device_going_away_mid_stream_is_an_error_then_the_end() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let mut live = c.live(None).await.unwrap();
    within(10, "a reading", live.next()).await.unwrap().unwrap();
    dev.reboot();
    let items: Vec<_> = within(10, "the stream to end", live.by_ref().collect::<Vec<_>>()).await;
    let last = items.last().expect("an error item");
    assert!(matches!(last, Err(Error::StreamBroken(_))), "{items:?}");
    assert!(live.next().await.is_none());
    dev.shutdown().await;
}
