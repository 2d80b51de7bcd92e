//! Shared by the core's integration tests: the simulator test kit, fast session timings, waits on a
//! session's events, an app in a temporary config directory, and (in `mqtt`, `pki`) brokers and
//! certificates. Each test binary includes this with `mod common;` and uses what it needs.
#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub mod mqtt;
pub mod pki;

pub use whatwatt_sim::testkit::{first_report, spawn, until, within, Mosquitto};

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use wattdesk_core::ipc::{AddMeterRequest, SessionState, Transport};
use wattdesk_core::live::session::{SessionEvent, TimedReading, Timing};
use wattdesk_core::{App, AppOptions, DemoMode};
use whatwatt::MdnsPolicy;
use whatwatt_sim::{License, SimConfig, SimDevice};

/// A quiet device reporting every `interval_s`.
pub fn sim(license: License, interval_s: f64) -> SimConfig {
    SimConfig {
        license,
        interval_s: Some(interval_s),
        ..whatwatt_sim::testkit::config()
    }
}

/// Session timings for tests: stale, retry and back off within a second or two.
pub fn timing() -> Timing {
    Timing {
        min_poll: Duration::from_millis(200),
        stale_floor: Duration::from_millis(800),
        reach_probe: Duration::from_millis(200),
        preempt_hold: Duration::from_secs(30),
        preempt_retry: Duration::from_millis(500),
        auth_retry: Duration::from_millis(300),
        backoff_base: Duration::from_millis(200),
        backoff_cap: Duration::from_secs(2),
        request_timeout: Duration::from_secs(3),
        ..Timing::default()
    }
}

/// Options for an app in `dir`: secrets in the private file (no Secret Service on these machines),
/// test timings, no demo broker.
pub fn options(dir: &std::path::Path, demo: DemoMode, mdns: MdnsPolicy) -> AppOptions {
    AppOptions {
        config_dir: Some(dir.to_owned()),
        demo,
        mdns,
        timing: timing(),
        secrets_in_file: true,
        demo_broker: None,
        resolver: None,
        gateway: wattdesk_core::setup::GatewayPolicy::Off,
    }
}

pub async fn start_app(dir: &std::path::Path, demo: DemoMode) -> App {
    App::start(options(dir, demo, MdnsPolicy::Off))
        .await
        .unwrap()
}

/// Saves the device as a meter (no password).
pub async fn add(app: &App, dev: &SimDevice) {
    app.add_meter(AddMeterRequest {
        address: dev.addr().to_string(),
        password: None,
        name: None,
    })
    .await
    .unwrap();
}

/// The next `n` readings, over `transport` when given.
pub async fn readings(
    rx: &mut broadcast::Receiver<SessionEvent>,
    transport: Option<Transport>,
    n: usize,
    secs: u64,
) -> Vec<Arc<TimedReading>> {
    within(secs, "readings", async {
        let mut out = Vec::new();
        while out.len() < n {
            match rx.recv().await {
                Ok(SessionEvent::Reading(r)) if transport.is_none_or(|t| r.transport == t) => {
                    out.push(r)
                }
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("session events ended: {e}"),
            }
        }
        out
    })
    .await
}

/// The first state matching `want`.
pub async fn state_where(
    rx: &mut broadcast::Receiver<SessionEvent>,
    secs: u64,
    what: &str,
    want: impl Fn(&SessionState) -> bool,
) -> SessionState {
    within(secs, what, async {
        loop {
            match rx.recv().await {
                Ok(SessionEvent::State(s)) if want(&s) => return s,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("session events ended: {e}"),
            }
        }
    })
    .await
}

/// Waits for `Live { transport }`.
pub async fn live_on(rx: &mut broadcast::Receiver<SessionEvent>, transport: Transport, secs: u64) {
    let want = SessionState::Live { transport };
    state_where(rx, secs, &format!("live over {transport:?}"), |s| {
        *s == want
    })
    .await;
}
