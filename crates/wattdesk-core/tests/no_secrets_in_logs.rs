//! With every log line on (`RUST_LOG=trace`), a full flow — a password-protected meter, a broker with
//! a password and a client key, one-step MQTT setup, readings over MQTT — shows no secret in any
//! log line, event or answer the UI would get. Its own test binary: the log subscriber is
//! process-wide.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::mqtt::*;
use common::pki::Pki;
use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wattdesk_core::ipc::*;
use wattdesk_core::{CoreEvent, DemoMode};
use whatwatt::Secret;
use whatwatt_sim::{License, SimConfig};

const DEVICE_PW: &str = "Dev1ce-Pa55-Zebra";
const BROKER_PW: &str = "Br0ker-Pa55-Koala";

/// Everything the log subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the UI could see, as text: JSON and Debug of each answer and event.
#[derive(Default)]
struct Seen(String);

impl Seen {
    fn add(&mut self, v: &(impl serde::Serialize + std::fmt::Debug)) {
        self.0.push_str(&serde_json::to_string(v).unwrap());
        self.0.push_str(&format!("{v:?}\n"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_flow_at_trace_level_shows_no_secret() {
    let log = Captured::default();
    let sink = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .init();
    let pki = Pki::new();
    let key_line = pki
        .client
        .1
        .lines()
        .nth(1)
        .expect("a line of the key's body")
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let broker = password_broker(dir.path(), "home", BROKER_PW).await;
    let dev = spawn(SimConfig {
        password: Some(DEVICE_PW.into()),
        ..sim(License::Plus, 0.2)
    })
    .await;
    let id = dev.id().to_owned();
    let app = start_app(dir.path(), DemoMode::Off).await;
    let mut events = app.subscribe();
    let mut seen = Seen::default();

    seen.add(
        &app.probe(&dev.addr().to_string(), Some(Secret::new(DEVICE_PW)))
            .await
            .unwrap(),
    );
    // Wrong first, as a user types: the error must not repeat what was typed.
    let wrong = app
        .add_meter(AddMeterRequest {
            address: dev.addr().to_string(),
            password: Some(Secret::new(format!("{DEVICE_PW}-typo"))),
            name: None,
        })
        .await
        .unwrap_err();
    seen.add(&AppError::from(wrong));
    seen.add(
        &app.add_meter(AddMeterRequest {
            address: dev.addr().to_string(),
            password: Some(Secret::new(DEVICE_PW)),
            name: None,
        })
        .await
        .unwrap(),
    );
    let mut live = app.subscribe_meter(&id).unwrap();
    readings(&mut live, Some(Transport::Sse), 1, 20).await;
    let profile = app
        .save_broker(BrokerRequest {
            id: None,
            name: "Home Assistant".into(),
            url: broker.url(),
            username: Some("home".into()),
            password: Some(Secret::new(BROKER_PW)),
            ca_pem: None,
            client_cert_pem: Some(pki.client.0.clone()),
            client_key_pem: Some(Secret::new(pki.client.1.clone())),
        })
        .unwrap();
    seen.add(&profile);
    app.test_broker(&profile.id, Duration::from_secs(5))
        .await
        .unwrap();
    publish_every_second(&dev, Some(DEVICE_PW)).await;
    seen.add(&app.quick_mqtt_setup(&id, &profile.id).await.unwrap());
    seen.add(&app.device_mqtt(&id).await.unwrap());
    seen.add(&app.device_mqtt_status(&id).await.unwrap());
    seen.add(&app.brokers());
    seen.add(&app.meters());
    seen.add(&app.info());
    let c = app.compare_transports(&id, 10).await.unwrap();
    assert!(
        c.rows[2].readings >= 1,
        "readings came over MQTT: {:?}",
        c.rows[2]
    );
    seen.add(&c);
    while let Ok(ev) = events.try_recv() {
        match ev {
            CoreEvent::Discovery(d) => seen.add(&d),
            CoreEvent::MetersChanged(m) => seen.add(&m),
            CoreEvent::HistoryFilled(id) => seen.add(&id),
            CoreEvent::Refresh => {}
        }
    }
    app.shutdown().await;

    let logged = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    assert!(
        logged.lines().count() > 100 && logged.contains("TRACE"),
        "the log really was on: {} lines",
        logged.lines().count()
    );
    for (what, text) in [("the log", &logged), ("what the UI sees", &seen.0)] {
        for secret in [DEVICE_PW, BROKER_PW, key_line.as_str()] {
            if let Some(i) = text.find(secret) {
                let from = text[..i].rfind('\n').map_or(0, |n| n + 1);
                panic!(
                    "a secret in {what}: {}",
                    &text[from..(i + 80).min(text.len())]
                );
            }
        }
    }
}
