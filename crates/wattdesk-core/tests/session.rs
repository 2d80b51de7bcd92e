//! The session state machine against the simulator: live over SSE, device killed and back, stalled
//! stream, wrong password, FREE licence, a second client taking the stream, reboot via the API.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{readings, state_where, timing};
use std::time::Duration;
use wattdesk_core::live::session::*;
use whatwatt::Secret;
use whatwatt_sim::{License, SimConfig, SimDevice};

fn sim(cfg: SimConfig) -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(0.1),
        reboot_downtime: Duration::from_millis(1500),
        ..cfg
    }
}

fn session(dev: &SimDevice, password: Option<&str>, transport: TransportChoice) -> Session {
    Session::spawn(SessionConfig {
        address: dev.addr().to_string(),
        password: password.map(Secret::new),
        expect_scheme: None,
        transport,
        mqtt: None,
        timing: timing(),
    })
}

#[tokio::test]
async fn live_over_sse_then_back_within_two_seconds_after_a_restart() {
    let dev = SimDevice::spawn(sim(SimConfig::default())).await.unwrap();
    let s = session(&dev, None, TransportChoice::Auto);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    let r = readings(&mut rx, None, 3, 10).await;
    assert!(r
        .iter()
        .all(|r| r.transport == Transport::Sse && r.reading.power_import_kw.is_some()));
    assert!(
        r[0].reading.timestamp.is_some(),
        "UTC offset learned from the device clock"
    );

    // Kill it mid-stream (power cycle): Offline, then Live again soon after it answers.
    dev.reboot();
    state_where(&mut rx, 10, "Offline", |s| {
        matches!(s, SessionState::Offline { .. })
    })
    .await;
    state_where(&mut rx, 15, "Live again", |s| s.is_live()).await;
    let after_boot = dev.booted_at().elapsed();
    assert!(
        after_boot <= Duration::from_secs(2),
        "live {after_boot:?} after the device answered"
    );
    s.stop().await;
    dev.shutdown().await;
}

#[tokio::test]
async fn stalled_stream_goes_stale_then_reconnects() {
    let dev = SimDevice::spawn(sim(SimConfig::default())).await.unwrap();
    let s = session(&dev, None, TransportChoice::Sse);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live", |s| s.is_live()).await;
    dev.set_stalled(true);
    let stale = state_where(&mut rx, 10, "Stale", |s| {
        matches!(s, SessionState::Stale { .. })
    })
    .await;
    if let SessionState::Stale { silent_s, .. } = stale {
        assert!(
            silent_s >= 0.8,
            "stale only after max(3 × interval, floor): {silent_s}"
        );
    }
    dev.set_stalled(false);
    state_where(&mut rx, 10, "Live again", |s| s.is_live()).await;
    s.stop().await;
    dev.shutdown().await;
}

#[tokio::test]
async fn passwords_missing_wrong_and_right() {
    let dev = SimDevice::spawn(sim(SimConfig {
        password: Some("pw-12345".into()),
        ..SimConfig::default()
    }))
    .await
    .unwrap();
    let none = session(&dev, None, TransportChoice::Auto);
    let mut rx = none.subscribe();
    state_where(&mut rx, 10, "NeedsPassword", |s| {
        *s == SessionState::NeedsPassword
    })
    .await;
    none.stop().await;
    let wrong = session(&dev, Some("nope"), TransportChoice::Auto);
    let mut rx = wrong.subscribe();
    state_where(&mut rx, 10, "WrongPassword", |s| {
        *s == SessionState::WrongPassword
    })
    .await;
    wrong.stop().await;
    let right = session(&dev, Some("pw-12345"), TransportChoice::Auto);
    let mut rx = right.subscribe();
    state_where(&mut rx, 10, "Live", |s| s.is_live()).await;
    right.stop().await;
    dev.shutdown().await;
}

#[tokio::test]
async fn free_licence_streams_but_refuses_polling_with_an_explanation() {
    let dev = SimDevice::spawn(sim(SimConfig {
        license: License::Free,
        ..SimConfig::default()
    }))
    .await
    .unwrap();
    let poll = session(&dev, None, TransportChoice::Poll);
    let mut rx = poll.subscribe();
    let s = state_where(&mut rx, 10, "LicenseRequired", |s| {
        matches!(s, SessionState::LicenseRequired { .. })
    })
    .await;
    assert!(format!("{s:?}").contains("PLUS"));
    poll.stop().await;
    let auto = session(&dev, None, TransportChoice::Auto);
    let mut rx = auto.subscribe();
    state_where(&mut rx, 10, "Live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    auto.stop().await;
    dev.shutdown().await;
}

#[tokio::test]
async fn polling_respects_the_interval_and_drops_duplicates() {
    let dev = SimDevice::spawn(sim(SimConfig {
        interval_s: Some(0.5),
        ..SimConfig::default()
    }))
    .await
    .unwrap();
    let s = session(&dev, None, TransportChoice::Poll);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live over polling", |s| {
        *s == SessionState::Live {
            transport: Transport::Poll,
        }
    })
    .await;
    let (before, _, _) = dev.auth_stats();
    let r = readings(&mut rx, None, 4, 10).await;
    let ids: Vec<u64> = r.iter().map(|r| r.reading.report_id.unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[1] > w[0]),
        "no duplicate reports: {ids:?}"
    );
    // One request per meter report (0.5 s), not per min_poll (0.2 s): polling 2.5× too fast would
    // need about 8 requests for 3 new reports.
    let requests = dev.auth_stats().0 - before;
    assert!(requests <= 5, "{requests} requests for 3 new reports");
    s.stop().await;
    dev.shutdown().await;
}

#[tokio::test]
async fn a_second_client_takes_the_stream_and_the_session_does_not_fight() {
    let dev = SimDevice::spawn(sim(SimConfig::default())).await.unwrap();
    let s = session(&dev, None, TransportChoice::Auto);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;

    // The device's own Web UI (or another app) opens the live stream.
    let other = whatwatt::Client::new(&dev.base_url(), None).unwrap();
    let mut other_stream = other.live(None).await.unwrap();
    let p = state_where(&mut rx, 10, "Preempted", |s| {
        matches!(s, SessionState::Preempted { .. })
    })
    .await;
    assert_eq!(
        p,
        SessionState::Preempted {
            fallback: Some(Transport::Poll),
            retry_in_s: 30
        }
    );
    state_where(&mut rx, 10, "Live over polling", |s| {
        *s == SessionState::Live {
            transport: Transport::Poll,
        }
    })
    .await;
    // The other client keeps its stream: we did not take it back.
    use futures_util::StreamExt;
    for _ in 0..10 {
        let item = tokio::time::timeout(Duration::from_secs(5), other_stream.next())
            .await
            .unwrap();
        assert!(
            matches!(item, Some(Ok(_))),
            "the other client's stream stays open: {item:?}"
        );
    }
    s.stop().await;

    // FREE: no fallback, a slow retry instead.
    let free = SimDevice::spawn(sim(SimConfig {
        license: License::Free,
        seed: 3,
        ..SimConfig::default()
    }))
    .await
    .unwrap();
    let s = session(&free, None, TransportChoice::Auto);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live", |s| s.is_live()).await;
    let _other = whatwatt::Client::new(&free.base_url(), None)
        .unwrap()
        .live(None)
        .await
        .unwrap();
    let p = state_where(&mut rx, 10, "Preempted", |s| {
        matches!(s, SessionState::Preempted { .. })
    })
    .await;
    assert!(
        matches!(p, SessionState::Preempted { fallback: None, .. }),
        "{p:?}"
    );
    s.stop().await;
    dev.shutdown().await;
    free.shutdown().await;
}

#[tokio::test]
async fn reboot_through_the_api_is_survived() {
    let dev = SimDevice::spawn(sim(SimConfig::default())).await.unwrap();
    let s = session(&dev, None, TransportChoice::Auto);
    let mut rx = s.subscribe();
    state_where(&mut rx, 10, "Live", |s| s.is_live()).await;
    whatwatt::Client::new(&dev.base_url(), None)
        .unwrap()
        .reboot()
        .await
        .unwrap();
    state_where(&mut rx, 10, "Offline", |s| {
        matches!(s, SessionState::Offline { .. })
    })
    .await;
    state_where(&mut rx, 15, "Live", |s| s.is_live()).await;
    let r = readings(&mut rx, None, 2, 10).await;
    assert!(
        r[1].reading.uptime_s.unwrap() < 30.0,
        "fresh uptime after the reboot"
    );
    // Stopping ends the task and reports Stopped.
    let mut st = s.state();
    s.stop().await;
    assert_eq!(*st.borrow_and_update(), SessionState::Stopped);
    dev.shutdown().await;
}

#[tokio::test]
async fn health_is_read_again_once_readings_flow() {
    // Right after boot the meter link is still coming up; health must not stay at NOT CONNECTED.
    let dev = SimDevice::spawn(sim(SimConfig::default())).await.unwrap();
    let s = session(&dev, None, TransportChoice::Auto);
    let mut rx = s.subscribe();
    let ok = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(SessionEvent::Health(h)) = rx.recv().await {
                if h.meter_status.as_deref() == Some("OK") {
                    return h;
                }
            }
        }
    })
    .await
    .expect("a health update with the meter OK");
    assert_eq!(ok.license.as_deref(), Some("PLUS"));
    s.stop().await;
    dev.shutdown().await;
}
