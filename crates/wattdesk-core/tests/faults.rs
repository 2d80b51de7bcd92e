//! A meter's session against peers that misbehave on purpose (only addresses this test made, on
//! loopback): each fault gives the documented state sequence within bounds, a typed reason the user
//! can read, and a session that stops at once when asked (no hung task).
//!
//! Fault matrix (what the session shows):
//! | fault                         | states                                                         |
//! | device blackhole              | Connecting → Offline("did not answer within 3s") → Connecting … |
//! | device reset                  | Connecting → Offline("device unreachable … reset") → …         |
//! | body dripping 1 byte/s        | Connecting → Offline("did not answer within 3s")               |
//! | 2 MB JSON answer              | Connecting → Offline("invalid response … larger than")         |
//! | broker never sends CONNACK    | Connecting → Offline("MQTT broker: … does not answer")         |
//! | broker never answers PINGREQ  | Connecting → Offline("MQTT broker: … ping …")                  |

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use wattdesk_core::ipc::{SessionState, TransportChoice};
use wattdesk_core::live::broker::{BrokerEndpoint, BrokerPool};
use wattdesk_core::live::session::{MqttSource, Session, SessionConfig, SessionEvent};
use whatwatt_sim::testkit::{BrokerFault, Faulty, HttpFault};

fn session(address: String, transport: TransportChoice, mqtt: Option<MqttSource>) -> Session {
    Session::spawn(SessionConfig {
        address,
        password: None,
        expect_scheme: None,
        transport,
        mqtt,
        timing: timing(),
    })
}

/// The states the session shows, in order, until one matches `last` (within `secs`).
async fn states_until(
    rx: &mut broadcast::Receiver<SessionEvent>,
    secs: u64,
    last: impl Fn(&SessionState) -> bool,
) -> Vec<SessionState> {
    within(secs, "the state sequence", async {
        let mut seen = Vec::new();
        loop {
            if let Ok(SessionEvent::State(s)) = rx.recv().await {
                let done = last(&s);
                seen.push(s);
                if done {
                    return seen;
                }
            }
        }
    })
    .await
}

fn offline_reason(s: &SessionState) -> &str {
    match s {
        SessionState::Offline { reason, .. } => reason,
        _ => "",
    }
}

/// Stopping must not wait for the stuck peer.
async fn stops_at_once(s: Session) {
    let started = Instant::now();
    within(5, "the session to stop", s.stop()).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

/// A device fault: Connecting, then Offline with `reason`, then Connecting again (it retries).
async fn device_fault(fault: HttpFault, reason: &str) {
    let f = Faulty::http(fault).await.unwrap();
    let s = session(f.address(), TransportChoice::Auto, None);
    let mut rx = s.subscribe();
    let seen = states_until(&mut rx, 20, |s| {
        matches!(s, SessionState::Connecting { attempt: 2 })
    })
    .await;
    eprintln!("{fault:?}: {seen:?}");
    assert!(
        matches!(seen[0], SessionState::Connecting { attempt: 1 }),
        "{seen:?}"
    );
    let offline = seen
        .iter()
        .find(|s| matches!(s, SessionState::Offline { .. }));
    let offline = offline.unwrap_or_else(|| panic!("offline in {seen:?}"));
    assert!(offline_reason(offline).contains(reason), "{offline:?}");
    assert!(!seen.iter().any(SessionState::is_live), "{seen:?}");
    stops_at_once(s).await;
}

#[tokio::test]
async fn device_blackhole() {
    device_fault(HttpFault::Blackhole, "did not answer within").await;
}

#[tokio::test]
async fn device_connection_reset() {
    device_fault(HttpFault::Reset, "unreachable").await;
}

#[tokio::test]
async fn device_body_dripping_one_byte_a_second() {
    device_fault(HttpFault::Drip, "did not answer within").await;
}

#[tokio::test]
async fn device_answering_2_mb_of_json() {
    device_fault(HttpFault::Huge, "larger than").await;
}

/// A broker fault, MQTT alone: Connecting, then Offline naming the broker and `hint`.
async fn broker_fault(fault: BrokerFault, hint: &str, secs: u64) {
    let f = Faulty::broker(fault).await.unwrap();
    let source = MqttSource {
        pool: BrokerPool::with_keep_alive(Duration::from_secs(1)),
        endpoint: BrokerEndpoint::parse(&f.mqtt_url()).unwrap(),
        topic: "fault/meter".into(),
        mapping: None,
    };
    let s = session(String::new(), TransportChoice::Mqtt, Some(source));
    let mut rx = s.subscribe();
    let seen = states_until(&mut rx, secs, |s| matches!(s, SessionState::Offline { .. })).await;
    eprintln!("{fault:?}: {seen:?}");
    assert!(
        matches!(seen[0], SessionState::Connecting { .. }),
        "{seen:?}"
    );
    let reason = offline_reason(seen.last().unwrap()).to_lowercase();
    assert!(reason.starts_with("mqtt broker:"), "{reason}");
    assert!(reason.contains(hint), "{reason}");
    assert!(f.connections() >= 1);
    stops_at_once(s).await;
}

#[tokio::test]
async fn broker_that_never_sends_connack() {
    broker_fault(BrokerFault::NoConnAck, "does not answer", 30).await;
}

#[tokio::test]
async fn broker_that_never_answers_a_ping() {
    broker_fault(BrokerFault::NoPingResp, "ping", 30).await;
}
