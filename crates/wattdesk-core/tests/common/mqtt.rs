//! MQTT test helpers: devices publishing to a real mosquitto, brokers with passwords, payloads sent
//! with `mosquitto_pub`, sessions reading a topic, readings checked against the simulated meter.

use super::{timing, within};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use wattdesk_core::ipc::{BrokerRequest, BrokerView, PayloadProblem, TransportChoice};
use wattdesk_core::live::broker::{BrokerEndpoint, BrokerPool};
use wattdesk_core::live::session::{
    MqttSource, Session, SessionConfig, SessionEvent, TimedReading,
};
use wattdesk_core::App;
use whatwatt::models::settings::{ServicesSettings, Settings};
use whatwatt::mqtt::{Mapping, WATTDESK_TEMPLATE};
use whatwatt::Client;
use whatwatt_sim::testkit::{publish_via_rest, Mosquitto};
use whatwatt_sim::SimDevice;

/// Points the simulator's MQTT publisher at `url` with WattDesk's template, publishing every second.
pub async fn publish_to(dev: &SimDevice, url: &str, topic: &str, ca: Option<&str>) {
    publish_via_rest(&dev.base_url(), url, topic, WATTDESK_TEMPLATE, ca)
        .await
        .unwrap();
}

/// `services.report_interval` = 1 s (the device's default is 30 s).
pub async fn publish_every_second(dev: &SimDevice, password: Option<&str>) {
    Client::new(&dev.base_url(), password.map(whatwatt::Secret::new))
        .unwrap()
        .update_settings(&Settings {
            services: Some(ServicesSettings {
                report_interval: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// A broker profile for `broker` without login.
pub fn local_profile(app: &App, broker: &Mosquitto) -> BrokerView {
    app.save_broker(BrokerRequest {
        id: None,
        name: "Local broker".into(),
        url: broker.url(),
        username: None,
        password: None,
        ca_pem: None,
        client_cert_pem: None,
        client_key_pem: None,
    })
    .unwrap()
}

/// A broker that only lets `user` in with `password` (password file made by mosquitto_passwd in `dir`).
pub async fn password_broker(dir: &std::path::Path, user: &str, password: &str) -> Mosquitto {
    let pw = dir.join("passwords");
    let made = std::process::Command::new("mosquitto_passwd")
        .args(["-b", "-c"])
        .arg(&pw)
        .args([user, password])
        .status()
        .expect("mosquitto_passwd (mosquitto) is installed");
    assert!(made.success());
    Mosquitto::start(&format!(
        "allow_anonymous false\npassword_file {}\n",
        pw.display()
    ))
    .await
    .unwrap()
}

/// `mosquitto_pub` to `topic` with extra `args` (`-m MESSAGE` or `-f FILE`).
pub fn mosquitto_pub(broker: &Mosquitto, topic: &str, args: &[&str]) {
    let ok = std::process::Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p"])
        .arg(broker.addr.port().to_string())
        .args(["-t", topic])
        .args(args)
        .status()
        .expect("mosquitto_pub (mosquitto-clients) is installed");
    assert!(ok.success());
}

/// A session on `transport` with the meter's MQTT source; `mapping` `None` recognises the format.
pub fn spawn_session(
    address: String,
    transport: TransportChoice,
    endpoint: BrokerEndpoint,
    topic: &str,
    mapping: Option<Mapping>,
) -> Session {
    Session::spawn(SessionConfig {
        address,
        password: None,
        expect_scheme: None,
        transport,
        mqtt: Some(MqttSource {
            pool: BrokerPool::new(),
            endpoint,
            topic: topic.to_owned(),
            mapping,
        }),
        timing: timing(),
    })
}

/// MQTT only: no device address at all.
pub fn mqtt_session(endpoint: BrokerEndpoint, topic: &str, mapping: Option<Mapping>) -> Session {
    spawn_session(
        String::new(),
        TransportChoice::Mqtt,
        endpoint,
        topic,
        mapping,
    )
}

/// Auto with the meter's MQTT publishing known.
pub fn auto_session(address: String, broker: &Mosquitto, topic: &str) -> Session {
    let endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    spawn_session(
        address,
        TransportChoice::Auto,
        endpoint,
        topic,
        Some(Mapping::wattdesk()),
    )
}

/// The next payload problem the session reports.
pub async fn malformed(rx: &mut broadcast::Receiver<SessionEvent>) -> PayloadProblem {
    within(10, "a malformed-payload report", async {
        loop {
            match rx.recv().await {
                Ok(SessionEvent::Malformed(m)) => return m,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("session events ended: {e}"),
            }
        }
    })
    .await
}

/// Waits until the session's subscription is active: a probe message comes back as a reading.
pub async fn subscribed(
    rx: &mut broadcast::Receiver<SessionEvent>,
    broker: &Mosquitto,
    topic: &str,
    probe: &str,
) -> Arc<TimedReading> {
    within(10, "the subscription", async {
        loop {
            mosquitto_pub(broker, topic, &["-m", probe]);
            let got = tokio::time::timeout(Duration::from_millis(300), async {
                loop {
                    if let Ok(SessionEvent::Reading(r)) = rx.recv().await {
                        return r;
                    }
                }
            })
            .await;
            if let Ok(r) = got {
                return r;
            }
        }
    })
    .await
}

/// Each reading equals a report the simulated meter produced: same second, same power and counters.
pub fn assert_matches_meter(r: &TimedReading, reports: &[Arc<whatwatt_sim::Snapshot>]) {
    let x = &r.reading;
    let t = x
        .timestamp
        .expect("MQTT readings carry the device time")
        .timestamp();
    let found = reports.iter().any(|s| {
        s.time.timestamp() == t
            && (s.sample.import_total_kw - x.power_import_kw.unwrap()).abs() < 1e-9
            && (s.sample.export_total_kw - x.power_export_kw.unwrap()).abs() < 1e-9
            && (s.counters.import_total() - x.energy_import_kwh.unwrap()).abs() < 1e-3
    });
    assert!(found, "reading {x:?} matches a meter report");
}
