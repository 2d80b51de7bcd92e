//! Credentials reach only the meter they belong to. An impostor on the (loopback) network advertises
//! a saved meter's id over mDNS and answers with a Basic challenge, recording every `Authorization`
//! header; a meter that really moved is followed; broker secrets go only to a meter that proves
//! itself; two adds of one meter save it once.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use wattdesk_core::ipc::{
    AddMeterRequest, BrokerRequest, DeviceMqttRequest, DiscoveryEvent, MeterView, PemChange,
    SessionState, Transport,
};
use wattdesk_core::{App, CoreError, CoreEvent, DemoMode, ErrorCode};
use whatwatt::{AuthScheme, MdnsPolicy, Secret};
use whatwatt_sim::testkit::{Ask, Impostor};
use whatwatt_sim::{SimConfig, SimDevice};

const PW: &str = "Garden-Shed-7";
// One device id per test: the tests run at once on the same loopback mDNS, and a meter that proves
// to be another test's id (same password) would rightly be followed there.
const ID_IMPOSTOR: &str = "A842E3A00001";
const ID_GONE: &str = "A842E3B00002";
const ID_MOVED: &str = "A842E3C00003";

fn daemon() -> mdns_sd::ServiceDaemon {
    MdnsPolicy::Loopback.daemon().unwrap().unwrap()
}

/// A protected meter advertising itself on loopback, at `bind` (`127.0.0.1:0` for any port).
async fn meter(
    id: &str,
    bind: &str,
    password: Option<&str>,
) -> (SimDevice, mdns_sd::ServiceDaemon) {
    let d = daemon();
    let dev = SimDevice::spawn_with_mdns(
        SimConfig {
            mdns: true,
            device_id: Some(id.into()),
            password: password.map(str::to_owned),
            bind: bind.parse().unwrap(),
            ..whatwatt_sim::testkit::config()
        },
        Some(d.clone()),
    )
    .await
    .unwrap();
    (dev, d)
}

async fn app_with_discovery(dir: &std::path::Path) -> App {
    App::start(options(dir, DemoMode::Off, MdnsPolicy::Loopback))
        .await
        .unwrap()
}

async fn add(app: &App, dev: &SimDevice, password: Option<&str>) -> MeterView {
    app.add_meter(AddMeterRequest {
        address: dev.addr().to_string(),
        password: password.map(Secret::new),
        name: None,
    })
    .await
    .unwrap()
}

/// A protected meter advertising on loopback, saved in an app with discovery, streaming live.
struct Watched {
    dev: SimDevice,
    daemon: mdns_sd::ServiceDaemon,
    dir: tempfile::TempDir,
    app: App,
    saved: MeterView,
    live: tokio::sync::broadcast::Receiver<wattdesk_core::live::session::SessionEvent>,
}

async fn watched(id: &str) -> Watched {
    let (dev, daemon) = meter(id, "127.0.0.1:0", Some(PW)).await;
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_discovery(dir.path()).await;
    let saved = add(&app, &dev, Some(PW)).await;
    let mut live = app.subscribe_meter(id).unwrap();
    live_on(&mut live, Transport::Sse, 20).await;
    Watched {
        dev,
        daemon,
        dir,
        app,
        saved,
        live,
    }
}

/// Waits until discovery has fully handled an announcement at `address` (probe and follow-up done:
/// the Found event is sent last).
async fn discovered_at(rx: &mut tokio::sync::broadcast::Receiver<CoreEvent>, address: &str) {
    within(30, &format!("discovery of {address}"), async {
        loop {
            if let Ok(CoreEvent::Discovery(DiscoveryEvent::Found { device })) = rx.recv().await {
                if device.address == address {
                    return;
                }
            }
        }
    })
    .await
}

/// Waits until the saved meter's view satisfies `want`.
async fn meter_where(app: &App, what: &str, want: impl Fn(&MeterView) -> bool) -> MeterView {
    let mut rx = app.subscribe();
    within(30, what, async {
        loop {
            if let Some(m) = app.meters().into_iter().find(|m| want(m)) {
                return m;
            }
            let _ = rx.recv().await;
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impostor_advertising_a_saved_meter_gets_no_credentials() {
    let Watched {
        dev,
        daemon: dev_daemon,
        dir: _dir,
        app,
        saved,
        mut live,
    } = watched(ID_IMPOSTOR).await;
    // The session logged in with Digest; WattDesk remembers it.
    meter_where(&app, "the meter's live session", |m| {
        m.connection.as_ref().is_some_and(SessionState::is_live)
    })
    .await;

    let mut events = app.subscribe();
    let mut impostor = Impostor::start(vec![Ask::Basic]).await.unwrap();
    impostor.advertise(daemon(), ID_IMPOSTOR).unwrap();
    discovered_at(&mut events, &impostor.address()).await;

    assert!(impostor.requests() >= 1, "the impostor was looked at");
    assert_eq!(
        impostor.authorizations(),
        Vec::<String>::new(),
        "no credentials reached it"
    );
    let now = app.meters().remove(0);
    assert_eq!(now.address, saved.address, "the saved address stays");
    assert_eq!(now.moved_to, None, "the real meter answers: nothing to ask");
    assert!(
        now.connection.as_ref().is_some_and(SessionState::is_live),
        "{now:?}"
    );
    readings(&mut live, Some(Transport::Sse), 2, 10).await;
    app.shutdown().await;
    impostor.stop().await;
    dev.shutdown().await;
    let _ = dev_daemon.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_meter_is_gone_an_impostor_is_asked_about_not_trusted() {
    let Watched {
        dev,
        daemon: dev_daemon,
        dir: _dir,
        app,
        saved,
        live: _live,
    } = watched(ID_GONE).await;
    dev.shutdown().await;
    let _ = dev_daemon.shutdown();

    let mut events = app.subscribe();
    let mut impostor = Impostor::start(vec![Ask::Basic]).await.unwrap();
    impostor.advertise(daemon(), ID_GONE).unwrap();
    discovered_at(&mut events, &impostor.address()).await;
    let m = meter_where(&app, "the question about the new address", |m| {
        m.moved_to.is_some()
    })
    .await;
    assert_eq!(m.moved_to.as_deref(), Some(impostor.address().as_str()));
    assert_eq!(m.address, saved.address, "not moved without the user");
    // The user says yes: the meter spoke Digest, so a Basic challenge still gets nothing.
    let err = app
        .accept_meter_address(ID_GONE, &impostor.address())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BasicRefused, "{err}");
    assert_eq!(impostor.authorizations(), Vec::<String>::new());
    assert_eq!(app.meters()[0].address, saved.address);
    // Or declines.
    app.dismiss_meter_move(ID_GONE).unwrap();
    assert_eq!(app.meters()[0].moved_to, None);
    app.shutdown().await;
    impostor.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meter_that_really_moved_is_followed_after_it_proves_itself() {
    let Watched {
        dev,
        daemon: dev_daemon,
        dir,
        app,
        saved,
        mut live,
    } = watched(ID_MOVED).await;
    dev.shutdown().await;
    let _ = dev_daemon.shutdown();
    // A new DHCP lease: the same meter at another address (another port here).
    let (moved, moved_daemon) = meter(ID_MOVED, "127.0.0.1:0", Some(PW)).await;
    assert_ne!(moved.addr().to_string(), saved.address);
    let m = meter_where(&app, "the meter at its new address", |m| {
        m.address == moved.addr().to_string()
    })
    .await;
    assert_eq!(m.moved_to, None);
    live_on(&mut live, Transport::Sse, 20).await;
    app.shutdown().await;
    // The registry kept it, with the scheme it logs in with.
    let reg = std::fs::read_to_string(dir.path().join("meters.json")).unwrap();
    assert!(
        reg.contains(&moved.addr().to_string()) && reg.contains("\"digest\""),
        "{reg}"
    );
    moved.shutdown().await;
    let _ = moved_daemon.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_secrets_go_only_to_a_meter_that_proves_itself() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    let dev = spawn(sim(whatwatt_sim::License::Plus, 0.2)).await;
    let id = dev.id().to_owned();
    add(&app, &dev, None).await;
    let broker = app
        .save_broker(BrokerRequest {
            id: None,
            name: "Home".into(),
            url: "mqtt://192.168.1.10:1883".into(),
            username: Some("home".into()),
            password: Some(Secret::new("broker-pass-9")),
            ca_pem: None,
            client_cert_pem: None,
            client_key_pem: None,
        })
        .unwrap();
    assert!(
        broker.warning.is_some(),
        "a login over plain mqtt:// to another host is flagged"
    );
    // Another device now answers at the saved address (a new device took the IP).
    let address = dev.addr();
    dev.shutdown().await;
    let other = spawn(SimConfig {
        bind: address,
        seed: 99,
        ..whatwatt_sim::testkit::config()
    })
    .await;
    assert_ne!(other.id(), id);
    let request = DeviceMqttRequest {
        enable: true,
        url: "mqtt://192.168.1.10:1883".into(),
        username: "home".into(),
        password: None,
        password_from_broker: Some(broker.id.clone()),
        client_id: "x".into(),
        topic: "t".into(),
        template: String::new(),
        ca: PemChange::Keep,
        client_cert: PemChange::Keep,
        client_key: PemChange::Keep,
        skip_cn_check: false,
    };
    let err = app.save_device_mqtt(&id, request).await.unwrap_err();
    assert!(matches!(err, CoreError::NotThisMeter { .. }), "{err}");
    let c = whatwatt::Client::new(&other.base_url(), None).unwrap();
    assert_eq!(c.mqtt_settings().await.unwrap().password_len, Some(0));
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_one_meter_twice_at_once_saves_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    let dev = spawn(whatwatt_sim::testkit::config()).await;
    let request = || AddMeterRequest {
        address: dev.addr().to_string(),
        password: None,
        name: None,
    };
    let (a, b) = tokio::join!(app.add_meter(request()), app.add_meter(request()));
    let codes: Vec<_> = [&a, &b]
        .iter()
        .map(|r| r.as_ref().err().map(|e| e.code()))
        .collect();
    assert!(
        codes.contains(&None) && codes.contains(&Some(ErrorCode::AlreadyAdded)),
        "{codes:?}"
    );
    assert_eq!(app.meters().len(), 1);
    let reg = std::fs::read_to_string(dir.path().join("meters.json")).unwrap();
    assert_eq!(reg.matches(dev.id()).count(), 1, "{reg}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheme_a_meter_logs_in_with_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    let dev = spawn(SimConfig {
        password: Some(PW.into()),
        ..whatwatt_sim::testkit::config()
    })
    .await;
    add(&app, &dev, Some(PW)).await;
    app.shutdown().await;
    let reg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("meters.json")).unwrap())
            .unwrap();
    assert_eq!(
        reg["meters"][0]["auth"],
        serde_json::json!(AuthScheme::Digest)
    );
}
