//! MQTT end to end against real parts: whatwatt-sim configured through the app publishes to a real
//! mosquitto broker, and the app's session reads it back. TLS with a CA generated here, broker
//! passwords, a broker restart mid-stream, and malformed payloads sent with `mosquitto_pub`.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use wattdesk_core::app::{App, AppOptions, DemoMode};
use wattdesk_core::broker::{BrokerEndpoint, BrokerError, BrokerPool, BrokerStatus};
use wattdesk_core::registry::{MappingChoice, MeterMqtt};
use wattdesk_core::session::*;
use wattdesk_core::views::AddMeterRequest;
use wattdesk_core::views_mqtt::*;
use whatwatt::models::settings::{ServicesSettings, Settings};
use whatwatt::mqtt::{Mapping, Quantity, WATTDESK_TEMPLATE};
use whatwatt::{Client, MdnsPolicy, Secret};
use whatwatt_sim::mosquitto::{publish_via_rest, Mosquitto};
use whatwatt_sim::{License, SimConfig, SimDevice};

fn sim(license: License) -> SimConfig {
    SimConfig {
        license,
        mdns: false,
        history_days: 0,
        interval_s: Some(0.2),
        ..SimConfig::default()
    }
}

fn timing() -> Timing {
    Timing {
        stale_floor: Duration::from_millis(800),
        reach_probe: Duration::from_millis(200),
        backoff_base: Duration::from_millis(200),
        backoff_cap: Duration::from_secs(2),
        auth_retry: Duration::from_millis(300),
        request_timeout: Duration::from_secs(3),
        ..Timing::default()
    }
}

async fn within<T>(secs: u64, what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("timed out after {secs}s waiting for {what}"))
}

/// The next `n` readings that came over `transport`.
async fn readings(
    rx: &mut broadcast::Receiver<SessionEvent>,
    transport: Transport,
    n: usize,
    secs: u64,
) -> Vec<Arc<TimedReading>> {
    within(secs, "MQTT readings", async {
        let mut out = Vec::new();
        while out.len() < n {
            match rx.recv().await {
                Ok(SessionEvent::Reading(r)) if r.transport == transport => out.push(r),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("session events ended: {e}"),
            }
        }
        out
    })
    .await
}

async fn state_where(
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

/// Points the simulator's MQTT publisher at `url` with WattDesk's template, publishing every second.
async fn publish_to(dev: &SimDevice, url: &str, topic: &str, ca: Option<&str>) {
    publish_via_rest(&dev.base_url(), url, topic, WATTDESK_TEMPLATE, ca)
        .await
        .unwrap();
}

/// `services.report_interval` = 1 s (the device's default is 30 s).
async fn publish_every_second(dev: &SimDevice) {
    Client::new(&dev.base_url(), None)
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

async fn start_app(dir: &std::path::Path, demo: DemoMode) -> App {
    // This machine has no Secret Service; make the choice explicit.
    std::env::set_var(wattdesk_core::secrets::ENV_SECRETS, "file");
    App::start(AppOptions {
        config_dir: Some(dir.to_owned()),
        demo,
        mdns: MdnsPolicy::Off,
        timing: timing(),
    })
    .await
    .unwrap()
}

async fn add(app: &App, dev: &SimDevice) {
    app.add_meter(AddMeterRequest {
        address: dev.addr().to_string(),
        password: None,
        name: None,
    })
    .await
    .unwrap();
}

fn local_profile(app: &App, broker: &Mosquitto) -> BrokerView {
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

fn spawn_session(
    address: String,
    transport: TransportChoice,
    endpoint: BrokerEndpoint,
    topic: &str,
    mapping: Mapping,
) -> Session {
    Session::spawn(SessionConfig {
        address,
        password: None,
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
fn mqtt_session(endpoint: BrokerEndpoint, topic: &str, mapping: Mapping) -> Session {
    spawn_session(
        String::new(),
        TransportChoice::Mqtt,
        endpoint,
        topic,
        mapping,
    )
}

/// Auto with the meter's MQTT publishing known.
fn auto_session(address: String, broker: &Mosquitto, topic: &str) -> Session {
    let endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    spawn_session(
        address,
        TransportChoice::Auto,
        endpoint,
        topic,
        Mapping::wattdesk(),
    )
}

/// Each reading equals a report the simulated meter produced: same second, same power and counters.
fn assert_matches_meter(r: &TimedReading, reports: &[Arc<whatwatt_sim::Snapshot>]) {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_setup_round_trip_then_session_reads_the_meter_over_mqtt() {
    let broker = Mosquitto::start("").await.expect("mosquitto starts");
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    let id = dev.id().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    publish_every_second(&dev).await;

    // The meter has reported (templates render only from a reading).
    let mut live = app.subscribe_meter(&id).unwrap();
    readings(&mut live, Transport::Sse, 1, 20).await;

    // Device side: read, preview WattDesk's template, save with PUT, read back.
    let before = app.device_mqtt(&id).await.unwrap();
    assert!(!before.enable && before.plus && !before.password_set);
    assert_eq!(
        before.default_topic,
        format!("wattdesk/{}", id.to_lowercase())
    );
    let preview = app
        .preview_template(&id, &before.wattdesk_template, MappingChoice::Wattdesk)
        .await
        .unwrap();
    assert!(preview.decodes, "{preview:?}");
    assert!(preview.template_chars <= 1023);
    assert!(preview.power_kw.is_some());

    let request = |password: Option<&str>, ca: PemChange| DeviceMqttRequest {
        enable: true,
        url: broker.url(),
        username: "meter".into(),
        password: password.map(str::to_owned),
        password_from_broker: None,
        client_id: before.default_client_id.clone(),
        topic: before.default_topic.clone(),
        template: before.wattdesk_template.clone(),
        ca,
        client_cert: PemChange::Keep,
        client_key: PemChange::Keep,
        skip_cn_check: false,
    };
    app.save_device_mqtt(&id, request(Some("device-secret"), PemChange::Keep))
        .await
        .unwrap();
    // A second save without a password keeps the stored one (PUT merges).
    app.save_device_mqtt(&id, request(None, PemChange::Keep))
        .await
        .unwrap();
    let after = app.device_mqtt(&id).await.unwrap();
    assert!(after.enable && after.password_set, "{after:?}");
    assert_eq!(
        (
            after.url.as_str(),
            after.topic.as_str(),
            after.template.as_str()
        ),
        (
            broker.url().as_str(),
            before.default_topic.as_str(),
            WATTDESK_TEMPLATE
        )
    );
    assert!(!format!("{after:?}").contains("device-secret"));

    // Over 8 kB is refused before anything is sent; so is a file that is not a certificate.
    let huge = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        "A".repeat(9000)
    );
    let err = app
        .save_device_mqtt(&id, request(None, PemChange::Set { pem: huge }))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("8 kB"), "{err}");
    let err = app
        .save_device_mqtt(
            &id,
            request(
                None,
                PemChange::Set {
                    pem: "hello".into(),
                },
            ),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("PEM"), "{err}");

    // The device's own view: connected (the anonymous broker accepts any login).
    within(15, "the device's MQTT connection", async {
        loop {
            let s = app.device_mqtt_status(&id).await.unwrap();
            if s.connected {
                assert!(s.enabled && s.plus && s.hints.is_empty());
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let guess = app.suggest_mapping(&id).await.unwrap();
    assert_eq!(guess.builtin, Some(MappingChoice::Wattdesk));

    // App side: a broker profile and the meter on MQTT only.
    let profile = local_profile(&app, &broker);
    app.test_broker(&profile.id, Duration::from_secs(5))
        .await
        .unwrap();
    let mut reports = dev.subscribe();
    app.set_meter_link(
        &id,
        MeterLinkRequest {
            transport: TransportChoice::Mqtt,
            mqtt: Some(MeterMqtt {
                broker_id: profile.id.clone(),
                topic: before.default_topic.clone(),
                mapping: MappingChoice::Wattdesk,
            }),
        },
    )
    .unwrap();
    // The subscription made before the session restarted on MQTT keeps receiving (open live views).
    let mut rx = live;
    let got = readings(&mut rx, Transport::Mqtt, 3, 20).await;
    let mut seen = Vec::new();
    while let Ok(s) = reports.try_recv() {
        seen.push(s);
    }
    for r in &got {
        assert_matches_meter(r, &seen);
        assert!(r.bytes > 100 && r.bytes < 1500, "payload size {}", r.bytes);
    }
    assert_eq!(
        app.meter_state(&id),
        Some(SessionState::Live {
            transport: Transport::Mqtt
        })
    );
    // The broker profile is in use now; the inspector counts what arrived.
    assert!(matches!(
        app.delete_broker(&profile.id),
        Err(wattdesk_core::error::CoreError::BrokerInUse(_))
    ));
    // The supervisor's ledger runs beside this receiver; one more reading lets it catch up.
    readings(&mut rx, Transport::Mqtt, 1, 10).await;
    let figures = app.transport_figures(&id).unwrap();
    assert!(figures[2].readings >= 3, "{figures:?}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_uses_mqtt_while_the_device_is_out_of_reach() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    publish_to(&dev, &broker.url(), "meters/home", None).await;
    // The app knows the device at an address that does not answer (another VLAN).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_addr = dead.local_addr().unwrap().to_string();
    drop(dead);
    let session = auto_session(dead_addr, &broker, "meters/home");
    let mut rx = session.subscribe();
    state_where(&mut rx, 20, "live over MQTT", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    readings(&mut rx, Transport::Mqtt, 2, 10).await;
    session.stop().await;
}

fn ca(
    name: &str,
) -> (
    rcgen::CertifiedKey<rcgen::KeyPair>,
    rcgen::CertificateParams,
) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let cert = params.self_signed(&key).unwrap();
    (
        rcgen::CertifiedKey {
            cert,
            signing_key: key,
        },
        params,
    )
}

/// Certificates made for one test: a CA, a server certificate for 127.0.0.1 and a client certificate,
/// both signed by the CA, written as PEM files into a temporary directory.
struct Pki {
    dir: tempfile::TempDir,
    ca_pem: String,
    client: (String, String),
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let (ca, ca_params) = ca("WattDesk test CA");
        let issuer = rcgen::Issuer::from_params(&ca_params, &ca.signing_key);
        let leaf = |names: Vec<String>| {
            let key = rcgen::KeyPair::generate().unwrap();
            let cert = rcgen::CertificateParams::new(names)
                .unwrap()
                .signed_by(&key, &issuer)
                .unwrap();
            (cert.pem(), key.serialize_pem())
        };
        let server = leaf(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]);
        let client = leaf(vec!["wattdesk-client".to_owned()]);
        let pki = Pki {
            dir,
            ca_pem: ca.cert.pem(),
            client,
        };
        std::fs::write(pki.path("ca.pem"), &pki.ca_pem).unwrap();
        std::fs::write(pki.path("server.pem"), server.0).unwrap();
        std::fs::write(pki.path("server.key"), server.1).unwrap();
        pki
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// mosquitto listener lines for TLS with these files, `extra` appended.
    fn listener(&self, extra: &str) -> String {
        format!(
            "cafile {}\ncertfile {}\nkeyfile {}\n{extra}",
            self.path("ca.pem").display(),
            self.path("server.pem").display(),
            self.path("server.key").display()
        )
    }
}

async fn status_settles(sub: &wattdesk_core::broker::Subscription, secs: u64) -> BrokerStatus {
    within(secs, "the broker connection to settle", sub.settled()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_generated_ca_and_wrong_ca_refused() {
    let pki = Pki::new();
    let ca_pem = pki.ca_pem.clone();
    let broker = Mosquitto::start(&pki.listener("")).await.unwrap();
    let url = format!("mqtts://{}", broker.addr);
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    publish_to(&dev, &url, "tls/meter", Some(&ca_pem)).await;

    // Wrong CA: refused with a clear TLS error.
    let (other, _) = ca("Someone else's CA");
    let mut wrong = BrokerEndpoint::parse(&url).unwrap();
    wrong.ca_pem = Some(other.cert.pem());
    let pool = BrokerPool::new();
    let sub = pool.subscribe(&wrong, "tls/meter").unwrap();
    match status_settles(&sub, 15).await {
        BrokerStatus::Failed {
            error: e @ BrokerError::Tls { .. },
            ..
        } => {
            assert!(e.to_string().contains("CA certificate"), "{e}");
            assert_eq!(e.code(), "broker_tls");
        }
        other => panic!("expected a TLS refusal, got {other:?}"),
    }
    drop(sub);

    // Right CA: the session reads the meter over TLS.
    let mut right = BrokerEndpoint::parse(&url).unwrap();
    right.ca_pem = Some(ca_pem);
    let mut reports = dev.subscribe();
    let session = mqtt_session(right, "tls/meter", Mapping::wattdesk());
    let mut rx = session.subscribe();
    let got = readings(&mut rx, Transport::Mqtt, 2, 20).await;
    let mut seen = Vec::new();
    while let Ok(s) = reports.try_recv() {
        seen.push(s);
    }
    for r in &got {
        assert_matches_meter(r, &seen);
    }
    session.stop().await;
}

/// A broker that only lets `user` in with `password` (password file made by mosquitto_passwd in `dir`).
async fn password_broker(dir: &std::path::Path, user: &str, password: &str) -> Mosquitto {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_username_and_password() {
    let dir = tempfile::tempdir().unwrap();
    let broker = password_broker(dir.path(), "alice", "correct horse").await;
    let pool = BrokerPool::new();
    let mut endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    endpoint.username = Some("alice".into());
    endpoint.password = Some(Secret::new("wrong horse"));
    let sub = pool.subscribe(&endpoint, "t").unwrap();
    match status_settles(&sub, 10).await {
        BrokerStatus::Failed { error, .. } => {
            assert_eq!(error, BrokerError::NotAuthorized);
            assert!(!error.to_string().contains("horse"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(sub);
    endpoint.password = Some(Secret::new("correct horse"));
    let sub = pool.subscribe(&endpoint, "t").unwrap();
    assert_eq!(status_settles(&sub, 10).await, BrokerStatus::Connected);
    assert_eq!(pool.connections(), 1, "the refused connection is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_restart_mid_stream_resubscribes() {
    let mut broker = Mosquitto::start("").await.unwrap();
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    publish_to(&dev, &broker.url(), "restart/meter", None).await;
    let session = mqtt_session(
        BrokerEndpoint::parse(&broker.url()).unwrap(),
        "restart/meter",
        Mapping::wattdesk(),
    );
    let mut rx = session.subscribe();
    readings(&mut rx, Transport::Mqtt, 2, 20).await;
    broker.kill().await;
    let down = state_where(&mut rx, 10, "the broker loss", |s| {
        matches!(s, SessionState::Offline { .. })
    })
    .await;
    assert!(format!("{down:?}").contains("MQTT broker"), "{down:?}");
    broker.restart().await.unwrap();
    state_where(&mut rx, 20, "live over MQTT again", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    // Readings flow again: the subscription was restored on the new connection.
    readings(&mut rx, Transport::Mqtt, 2, 10).await;
    session.stop().await;
}

fn mosquitto_pub(broker: &Mosquitto, topic: &str, args: &[&str]) {
    let ok = std::process::Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p"])
        .arg(broker.addr.port().to_string())
        .args(["-t", topic])
        .args(args)
        .status()
        .expect("mosquitto_pub (mosquitto-clients) is installed");
    assert!(ok.success());
}

async fn malformed(rx: &mut broadcast::Receiver<SessionEvent>) -> PayloadProblem {
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
async fn subscribed(
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decoding_home_assistant_custom_and_malformed_payloads() {
    let broker = Mosquitto::start("").await.unwrap();
    let endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    let session = mqtt_session(endpoint.clone(), "ha/meter", Mapping::home_assistant());
    let mut rx = session.subscribe();
    // The vendor Home Assistant integration's example message: every value a string.
    let ha = r#"{"sys_id":"A842E39F8124","meter_id":"1ESY1160123456","time":"1700000000","tariff":"1","power_in":"1.234","power_out":"0.000","power_in_l1":"0.400","power_in_l2":"null","power_in_l3":"","energy_in":"12345.678","energy_out":"321.000","voltage_l1":"231.4","current_l1":"1.73","power_factor":"0.98"}"#;
    subscribed(&mut rx, &broker, "ha/meter", ha).await;
    let big = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(big.path(), vec![b'{'; 1024 * 1024]).unwrap();
    let huge = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(huge.path(), vec![b' '; 3 * 1024 * 1024]).unwrap();
    mosquitto_pub(&broker, "ha/meter", &["-m", "this is not json"]);
    let m = malformed(&mut rx).await;
    assert_eq!((m.count, m.transport), (1, Transport::Mqtt));
    assert!(m.snippet.contains("this is not json"), "{m:?}");
    mosquitto_pub(
        &broker,
        "ha/meter",
        &["-m", r#"{"power_in": "lots", "energy_in": [1]}"#],
    );
    assert_eq!(malformed(&mut rx).await.count, 2);
    mosquitto_pub(&broker, "ha/meter", &["-m", "[1,2,3]"]);
    assert_eq!(malformed(&mut rx).await.count, 3);
    mosquitto_pub(&broker, "ha/meter", &["-f", big.path().to_str().unwrap()]);
    let m = malformed(&mut rx).await;
    assert_eq!((m.count, m.bytes), (4, 1024 * 1024));
    // Larger than rumqttc will read: the connection is renewed and the session goes on.
    mosquitto_pub(&broker, "ha/meter", &["-f", huge.path().to_str().unwrap()]);
    let m = malformed(&mut rx).await;
    assert_eq!(m.count, 5);
    assert!(m.reason.contains("too large"), "{m:?}");
    // A good message after all that still decodes, with the strings read as numbers.
    let mut good = None;
    within(15, "a reading after the bad payloads", async {
        loop {
            mosquitto_pub(&broker, "ha/meter", &["-m", ha]);
            if let Ok(Ok(SessionEvent::Reading(r))) =
                tokio::time::timeout(Duration::from_millis(500), rx.recv()).await
            {
                good = Some(r);
                return;
            }
        }
    })
    .await;
    let r = good.unwrap();
    assert_eq!(r.reading.power_import_kw, Some(1.234));
    assert_eq!(r.reading.energy_import_kwh, Some(12345.678));
    assert_eq!(r.reading.power_import_l2_kw, None);
    assert_eq!(r.reading.voltage_l1_v, Some(231.4));
    assert_eq!(r.reading.timestamp.unwrap().timestamp(), 1_700_000_000);
    session.stop().await;

    // A custom mapping for a template of the user's own.
    let custom = mqtt_session(
        endpoint,
        "custom/meter",
        Mapping(vec![
            ("watts_in_kw".into(), Quantity::PowerImportKw),
            ("when".into(), Quantity::UnixTime),
            ("total".into(), Quantity::EnergyImportKwh),
        ]),
    );
    let mut rx = custom.subscribe();
    let r = subscribed(
        &mut rx,
        &broker,
        "custom/meter",
        r#"{"watts_in_kw": 0.5, "when": 1700000100, "total": "99.5", "other": "x"}"#,
    )
    .await;
    assert_eq!(r.reading.power_import_kw, Some(0.5));
    assert_eq!(r.reading.energy_import_kwh, Some(99.5));
    assert_eq!(r.reading.timestamp.unwrap().timestamp(), 1_700_000_100);
    custom.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_watches_a_meter_through_the_broker_alone() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let broker = Mosquitto::start("").await.unwrap();
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    publish_to(&dev, &broker.url(), "cli/meter", None).await;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_wattdesk-cli"))
        .args(["watch", "--transport", "mqtt", "--broker", &broker.url()])
        .args(["--topic", "cli/meter", "--json"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut live = false;
    let mut got = Vec::new();
    within(20, "readings from wattdesk-cli", async {
        while got.len() < 2 {
            let line = lines.next_line().await.unwrap().expect("output");
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            match v["type"].as_str() {
                Some("state") if v["state"] == "live" => {
                    assert_eq!(v["transport"], "mqtt");
                    live = true;
                }
                Some("reading") => got.push(v),
                _ => {}
            }
        }
    })
    .await;
    assert!(live);
    for r in &got {
        assert_eq!(r["transport"], "mqtt");
        assert!(r["power_import_kw"].is_number() && r["energy_import_kwh"].is_number());
        assert!(r["bytes"].as_u64().unwrap() > 100);
    }
    // Without a broker, MQTT only is refused with a clear message.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_wattdesk-cli"))
        .args(["watch", "--transport", "mqtt"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--broker"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comparison_measures_the_three_transports_side_by_side() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = SimDevice::spawn(SimConfig {
        interval_s: Some(1.0),
        ..sim(License::Plus)
    })
    .await
    .unwrap();
    let id = dev.id().to_owned();
    publish_to(&dev, &broker.url(), "cmp/meter", None).await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    let profile = local_profile(&app, &broker);
    app.set_meter_link(
        &id,
        MeterLinkRequest {
            transport: TransportChoice::Auto,
            mqtt: Some(MeterMqtt {
                broker_id: profile.id,
                topic: "cmp/meter".into(),
                mapping: MappingChoice::Wattdesk,
            }),
        },
    )
    .unwrap();
    let mut rx = app.subscribe_meter(&id).unwrap();
    state_where(&mut rx, 20, "live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    let c = app.compare_transports(&id, 10).await.unwrap();
    for r in &c.rows {
        eprintln!(
            "{:?}: {} readings, interval {:?} s, {:?} B/reading, latency p50 {:?} ms, {} errors, note {:?}",
            r.transport, r.readings, r.mean_interval_s, r.bytes_per_reading, r.latency_ms_p50, r.errors, r.note
        );
        assert!(r.readings >= 5, "{r:?}");
        assert_eq!(r.errors, 0, "{r:?}");
        let interval = r.mean_interval_s.unwrap();
        assert!((0.5..2.0).contains(&interval), "{r:?}");
    }
    let [sse, poll, mqtt] = [&c.rows[0], &c.rows[1], &c.rows[2]];
    assert_eq!(
        (sse.transport, poll.transport, mqtt.transport),
        (Transport::Sse, Transport::Poll, Transport::Mqtt)
    );
    assert!(
        poll.bytes_per_reading > mqtt.bytes_per_reading,
        "a full report is larger than WattDesk's compact template"
    );
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_meter_publishes_to_the_demo_broker() {
    let broker = Mosquitto::start("").await.unwrap();
    // Only this test starts a demo meter, so the process-wide variable reaches no other test.
    std::env::set_var(wattdesk_core::app::ENV_DEMO_BROKER, broker.url());
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Auto).await;
    let demo = app
        .meters()
        .into_iter()
        .find(|m| m.demo)
        .expect("demo meter");
    let link = app.meter_link(&demo.device_id).unwrap();
    assert_eq!(link.transport, TransportChoice::Auto);
    assert_eq!(link.mqtt.as_ref().unwrap().broker_id, "demo-broker");
    let brokers = app.brokers();
    assert_eq!(brokers[0].used_by, vec!["Demo meter".to_owned()]);
    let c = app.compare_transports(&demo.device_id, 12).await.unwrap();
    assert!(c.rows[2].readings >= 1, "{:?}", c.rows[2]);
    assert!(c.rows[0].readings >= 5, "{:?}", c.rows[0]);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_falls_back_to_mqtt_when_another_client_takes_the_stream() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    publish_to(&dev, &broker.url(), "pre/meter", None).await;
    let session = auto_session(dev.addr().to_string(), &broker, "pre/meter");
    let mut rx = session.subscribe();
    state_where(&mut rx, 10, "live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    // Another app opens the device's single live stream.
    let other = Client::new(&dev.base_url(), None).unwrap();
    let mut other_stream = other.live(None).await.unwrap();
    let p = state_where(&mut rx, 10, "Preempted", |s| {
        matches!(s, SessionState::Preempted { .. })
    })
    .await;
    assert!(
        matches!(
            p,
            SessionState::Preempted {
                fallback: Some(Transport::Mqtt),
                ..
            }
        ),
        "{p:?}"
    );
    state_where(&mut rx, 10, "live over MQTT", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    readings(&mut rx, Transport::Mqtt, 2, 10).await;
    // The other client still has its stream.
    use futures_util::StreamExt;
    let item = tokio::time::timeout(Duration::from_secs(5), other_stream.next())
        .await
        .unwrap();
    assert!(matches!(item, Some(Ok(_))), "{item:?}");
    session.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutual_tls_with_a_client_certificate() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki.listener("require_certificate true\n"))
        .await
        .unwrap();
    let mut endpoint = BrokerEndpoint::parse(&format!("mqtts://{}", broker.addr)).unwrap();
    endpoint.ca_pem = Some(pki.ca_pem.clone());
    let pool = BrokerPool::new();
    // Without a client certificate the broker hangs up during the handshake.
    let sub = pool.subscribe(&endpoint, "mtls/meter").unwrap();
    assert!(matches!(
        status_settles(&sub, 15).await,
        BrokerStatus::Failed { .. }
    ));
    drop(sub);
    let (cert, key) = pki.client.clone();
    endpoint.client_auth = Some((cert, Secret::new(key)));
    let sub = pool.subscribe(&endpoint, "mtls/meter").unwrap();
    assert_eq!(status_settles(&sub, 15).await, BrokerStatus::Connected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_step_setup_with_a_password_protected_broker() {
    let dir = tempfile::tempdir().unwrap();
    let broker = password_broker(dir.path(), "home", "broker-pass-9").await;
    let dev = SimDevice::spawn(sim(License::Plus)).await.unwrap();
    let id = dev.id().to_owned();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, Transport::Sse, 1, 20).await;
    let profile = app
        .save_broker(BrokerRequest {
            id: None,
            name: "Home Assistant".into(),
            url: broker.url(),
            username: Some("home".into()),
            password: Some("broker-pass-9".into()),
            ca_pem: None,
            client_cert_pem: None,
            client_key_pem: None,
        })
        .unwrap();
    assert!(profile.has_password);
    publish_every_second(&dev).await;
    let link = app.quick_mqtt_setup(&id, &profile.id).await.unwrap();
    assert_eq!(link.transport, TransportChoice::Auto);
    let device = app.device_mqtt(&id).await.unwrap();
    assert!(device.enable && device.password_set && device.username == "home");
    assert_eq!(device.template, WATTDESK_TEMPLATE);
    // The device logs in with the broker password it was given; nothing shows the password.
    within(15, "the device's MQTT connection", async {
        while !app.device_mqtt_status(&id).await.unwrap().connected {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(!format!("{device:?} {link:?} {:?}", app.brokers()).contains("broker-pass-9"));
    let c = app.compare_transports(&id, 10).await.unwrap();
    assert!(c.rows[2].readings >= 1, "{:?}", c.rows[2]);
    app.shutdown().await;
}
