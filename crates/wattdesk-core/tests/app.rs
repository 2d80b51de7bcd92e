//! The app core against simulated devices: saved meters, passwords, the demo meter, discovery on
//! loopback (found, lost, moved), presence and diagnostics.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{options, within};
use std::time::Duration;
use wattdesk_core::ipc::{AddMeterRequest, DiscoveryEvent, ProbeView};
use wattdesk_core::{App, AppOptions, CoreEvent, DemoMode, ErrorCode};
use whatwatt::MdnsPolicy;
use whatwatt_sim::{SimConfig, SimDevice};

/// An app with the real session timings, but quick to notice a device that comes back.
async fn app(dir: &std::path::Path, demo: DemoMode, mdns: MdnsPolicy) -> App {
    App::start(AppOptions {
        timing: wattdesk_core::live::session::Timing {
            reach_probe: Duration::from_millis(200),
            backoff_base: Duration::from_millis(200),
            ..Default::default()
        },
        ..options(dir, demo, mdns)
    })
    .await
    .unwrap()
}

/// Waits until the saved meter's online flag is `want` (sessions report it as they connect or fail).
async fn online(a: &App, id: &str, want: Option<bool>) {
    let mut rx = a.subscribe();
    within(20, "the meter's online state", async {
        loop {
            if a.meters()
                .iter()
                .any(|m| m.device_id == id && m.online == want)
            {
                return;
            }
            let _ = rx.recv().await;
        }
    })
    .await
}

fn sim(password: Option<&str>) -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        password: password.map(str::to_owned),
        ..SimConfig::default()
    }
}

fn request(address: &str, password: Option<&str>) -> AddMeterRequest {
    AddMeterRequest {
        address: address.into(),
        password: password.map(whatwatt::Secret::new),
        name: None,
    }
}

#[tokio::test]
async fn demo_meter_on_first_run_only_and_removable() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(dir.path(), DemoMode::Auto, MdnsPolicy::Off).await;
    let meters = a.meters();
    assert_eq!(meters.len(), 1, "first run starts the demo meter");
    let demo = &meters[0];
    assert!(demo.demo);
    assert_eq!(demo.name, "Demo meter");
    assert!(a.info().demo_running);
    let first_address = demo.address.clone();
    online(&a, &demo.device_id, Some(true)).await;
    a.shutdown().await;

    // Next start: the saved demo meter is started again (on a new port) and its address follows.
    let b = app(dir.path(), DemoMode::Auto, MdnsPolicy::Off).await;
    let m = &b.meters()[0];
    assert_eq!(m.device_id, demo.device_id, "same demo id every run");
    assert_ne!(m.address, first_address);
    online(&b, &demo.device_id, Some(true)).await;
    assert!(b.meters()[0].firmware.is_some(), "health from the session");
    b.remove_meter(&demo.device_id).await.unwrap();
    assert!(!b.info().demo_running);
    assert!(b.meters().is_empty());
    b.shutdown().await;

    // The user removed it: no demo comes back by itself.
    let c = app(dir.path(), DemoMode::Auto, MdnsPolicy::Off).await;
    assert!(c.meters().is_empty());
    // …but it can be started on request.
    let again = c.start_demo().await.unwrap();
    assert!(again.demo);
    c.shutdown().await;
}

#[tokio::test]
async fn add_meter_explains_every_failure_and_keeps_the_password_secret() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(dir.path(), DemoMode::Off, MdnsPolicy::Off).await;
    let dev = SimDevice::spawn(sim(Some("Garden-Shed-7"))).await.unwrap();
    let addr = dev.addr().to_string();

    let e = a.add_meter(request(&addr, None)).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::PasswordRequired);
    let e = a.add_meter(request(&addr, Some("nope"))).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::WrongPassword);
    let m = a
        .add_meter(request(&addr, Some("Garden-Shed-7")))
        .await
        .unwrap();
    assert!(m.has_password && !m.demo);
    assert_eq!(m.device_id, dev.id());
    assert_eq!(m.name, format!("whatwatt Go {}", &dev.id()[6..]));
    assert_eq!(
        a.add_meter(request(&addr, Some("Garden-Shed-7")))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::AlreadyAdded
    );
    assert_eq!(
        a.password(dev.id()).unwrap().unwrap().expose(),
        "Garden-Shed-7"
    );

    let registry = std::fs::read_to_string(dir.path().join("meters.json")).unwrap();
    assert!(
        !registry.contains("Garden-Shed-7"),
        "no password in the registry file"
    );
    assert!(registry.contains(dev.id()));
    let info = a.info();
    assert!(matches!(
        info.secret_backend,
        wattdesk_core::ipc::SecretBackend::File { .. }
    ));
    assert!(!format!("{:?} {:?}", a.meters(), info).contains("Garden-Shed-7"));

    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    assert_eq!(
        a.add_meter(request(&free.to_string(), None))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unreachable
    );
    assert_eq!(
        a.add_meter(request("not an address", None))
            .await
            .unwrap_err()
            .code(),
        ErrorCode::InvalidAddress
    );
    assert!(matches!(
        a.probe(&addr, None).await.unwrap(),
        ProbeView::NeedsPassword
    ));

    a.rename_meter(dev.id(), "Garage").unwrap();
    assert_eq!(a.meters()[0].name, "Garage");
    assert_eq!(
        a.rename_meter(dev.id(), "  ").unwrap_err().code(),
        ErrorCode::BadRequest
    );

    // The meter's session follows the device: live, then offline when it goes away.
    online(&a, dev.id(), Some(true)).await;
    let mut events = a.subscribe();
    dev.shutdown().await;
    within(20, "meters-changed with the meter offline", async {
        loop {
            if let Ok(CoreEvent::MetersChanged(m)) = events.recv().await {
                if m[0].online == Some(false) {
                    return;
                }
            }
        }
    })
    .await;
    a.remove_meter(&m.device_id).await.unwrap();
    assert!(
        a.password(&m.device_id).unwrap().is_none(),
        "password removed with the meter"
    );
    a.shutdown().await;
}

#[tokio::test]
async fn corrupt_registry_is_reported_to_the_ui() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("meters.json"), "garbage{").unwrap();
    let a = app(dir.path(), DemoMode::Auto, MdnsPolicy::Off).await;
    let kept = a.info().registry_recovered.expect("reported");
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "garbage{");
    assert!(a.meters().is_empty(), "not a first run: no demo");
    a.shutdown().await;
}

async fn next_discovery(
    events: &mut tokio::sync::broadcast::Receiver<CoreEvent>,
    want: impl Fn(&DiscoveryEvent) -> bool,
) -> DiscoveryEvent {
    within(30, "a discovery event", async {
        loop {
            if let Ok(CoreEvent::Discovery(e)) = events.recv().await {
                if want(&e) {
                    return e;
                }
            }
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_finds_loses_and_follows_a_moved_meter() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(dir.path(), DemoMode::Off, MdnsPolicy::Loopback).await;
    let mut events = a.subscribe();
    a.set_discovery_active(true).await.unwrap();

    let advertiser = MdnsPolicy::Loopback.daemon().unwrap().unwrap();
    let cfg = SimConfig {
        mdns: true,
        device_id: Some("A842E3C0FFEE".into()),
        ..sim(None)
    };
    let dev = SimDevice::spawn_with_mdns(cfg.clone(), Some(advertiser.clone()))
        .await
        .unwrap();
    let found = next_discovery(
        &mut events,
        |e| matches!(e, DiscoveryEvent::Found { device } if device.device_id == "A842E3C0FFEE"),
    )
    .await;
    let DiscoveryEvent::Found { device } = found else {
        unreachable!()
    };
    assert_eq!(device.address, dev.addr().to_string());
    assert_eq!(device.firmware.as_deref(), Some("1.10.3"));
    assert_eq!(device.license.as_deref(), Some("PLUS"));
    assert!(!device.saved && !device.needs_password);
    assert!(a
        .discovery_snapshot()
        .iter()
        .any(|d| d.device_id == "A842E3C0FFEE"));

    a.add_meter(request(&device.address, None)).await.unwrap();
    dev.shutdown().await;
    next_discovery(
        &mut events,
        |e| matches!(e, DiscoveryEvent::Lost { device_id } if device_id == "A842E3C0FFEE"),
    )
    .await;

    // Same meter, new address (new DHCP lease): matched by id, the saved address is updated.
    let dev = SimDevice::spawn_with_mdns(cfg, Some(advertiser.clone()))
        .await
        .unwrap();
    let again = next_discovery(
        &mut events,
        |e| matches!(e, DiscoveryEvent::Found { device } if device.device_id == "A842E3C0FFEE"),
    )
    .await;
    let DiscoveryEvent::Found { device } = again else {
        unreachable!()
    };
    assert!(device.saved);
    assert_eq!(a.meters()[0].address, dev.addr().to_string());
    // The session follows the meter to its new address.
    online(&a, "A842E3C0FFEE", Some(true)).await;

    a.set_discovery_active(false).await.unwrap();
    dev.shutdown().await;
    a.shutdown().await;
    let _ = advertiser.shutdown();
}

#[tokio::test]
async fn demo_flag_runs_the_device_for_discovery_without_saving_it() {
    let dir = tempfile::tempdir().unwrap();
    // Not a first run: an empty saved list exists.
    std::fs::write(
        dir.path().join("meters.json"),
        r#"{"version":1,"meters":[]}"#,
    )
    .unwrap();
    let a = app(dir.path(), DemoMode::On, MdnsPolicy::Off).await;
    assert!(a.info().demo_running);
    assert!(a.meters().is_empty());
    let m = a.start_demo().await.unwrap();
    assert!(m.demo);
    online(&a, &m.device_id, Some(true)).await;
    a.shutdown().await;
}

#[tokio::test]
async fn a_live_feed_delivers_numbered_batches_until_closed() {
    let dir = tempfile::tempdir().unwrap();
    let a = app(dir.path(), DemoMode::Off, MdnsPolicy::Off).await;
    let dev = SimDevice::spawn(SimConfig {
        interval_s: Some(0.05),
        ..sim(None)
    })
    .await
    .unwrap();
    let m = a
        .add_meter(request(&dev.addr().to_string(), None))
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let feed = a
        .open_feed(&m.device_id, move |b| tx.send(b).is_ok())
        .unwrap();
    assert_eq!(a.open_feeds(), 1);
    let mut seqs = Vec::new();
    let mut samples = 0;
    within(20, "live batches", async {
        while samples < 20 {
            let b = rx.recv().await.unwrap();
            seqs.push(b.seq);
            samples += b.samples.len();
            assert!(b
                .samples
                .iter()
                .all(|s| s.power_import_kw.is_some() && s.received_ms > 0));
        }
    })
    .await;
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "no gaps");
    a.close_feed(feed);
    within(5, "the feed to end", async {
        while rx.recv().await.is_some() {}
    })
    .await;
    assert_eq!(a.open_feeds(), 0, "nothing leaks after the view closes");
    assert!(a.open_feed("000000000000", |_| true).is_err());
    a.shutdown().await;
    dev.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_by_address_says_what_is_wrong_with_names_and_ports() {
    let dir = tempfile::tempdir().unwrap();
    let dev = SimDevice::spawn(sim(None)).await.unwrap();
    // Names answered by the test's own resolver: no DNS query leaves the machine.
    let names = whatwatt::resolve::FixedResolver::new()
        .with("meter.home.arpa", "127.0.0.1".parse().unwrap());
    let a = App::start(AppOptions {
        resolver: Some(std::sync::Arc::new(names)),
        ..options(dir.path(), DemoMode::Off, MdnsPolicy::Off)
    })
    .await
    .unwrap();
    let port = dev.addr().port();

    // A name the resolver knows reaches the device…
    assert!(matches!(
        a.probe(&format!("meter.home.arpa:{port}"), None)
            .await
            .unwrap(),
        ProbeView::Device { .. }
    ));
    // …a name nobody answers is said as such, not as "nothing answered".
    match a
        .probe(&format!("no-such-meter.home.arpa:{port}"), None)
        .await
        .unwrap()
    {
        ProbeView::UnknownHost { host } => assert_eq!(host, "no-such-meter.home.arpa"),
        other => panic!("{other:?}"),
    }
    let e = a
        .add_meter(request("no-such-meter.home.arpa", None))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::UnknownHost, "{e}");

    // An MQTT broker on the port: it is named as such.
    let broker = common::Mosquitto::start("").await.unwrap();
    match a.probe(&broker.addr.to_string(), None).await.unwrap() {
        ProbeView::NotWhatwatt { detail } => {
            assert!(detail.contains("an MQTT broker answers"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    // Another web server: it answered, but has no whatwatt API; the detail is kept whole.
    let web = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web_addr = web.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut s, _)) = web.accept().await {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot here!")
                .await;
        }
    });
    match a.probe(&web_addr.to_string(), None).await.unwrap() {
        ProbeView::NotWhatwatt { detail } => {
            assert!(detail.contains("a web server answered"), "{detail}");
            assert!(!detail.ends_with('…'), "whole: {detail}");
        }
        other => panic!("{other:?}"),
    }
    a.shutdown().await;
}
