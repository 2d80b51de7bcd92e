//! Discovery on loopback only (no packet leaves the machine): the simulator's advertisement is found by
//! the crate's browser with the right id, lost when it stops, found again at a new address; and
//! `probe` explains every kind of address.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use whatwatt::{
    probe, Browser, DiscoveredDevice, DiscoveryEvent, MdnsPolicy, ProbeOutcome, Secret,
};
use whatwatt_sim::{SimConfig, SimDevice};

fn loopback_daemon() -> mdns_sd::ServiceDaemon {
    MdnsPolicy::Loopback
        .daemon()
        .expect("mDNS daemon on lo")
        .expect("policy is not off")
}

/// The printer this test advertises beside its meter: it has an `id` but `type=7`.
const PRINTER_ID: &str = "0123456789AB";

/// The next Found event for `id`. Other whatwatt devices on loopback (another test's, a demo meter
/// running on this machine) are passed over; the printer must never be reported.
async fn found(browser: &mut Browser, id: &str) -> DiscoveredDevice {
    within(30, "the device to be discovered", async {
        loop {
            if let Some(DiscoveryEvent::Found(d)) = only_meters(browser.next().await) {
                if d.device_id == id {
                    return d;
                }
            }
        }
    })
    .await
}

/// Any event about the printer means the type filter let it through.
fn only_meters(ev: Option<DiscoveryEvent>) -> Option<DiscoveryEvent> {
    if let Some(DiscoveryEvent::Found(d)) = &ev {
        assert_ne!(
            d.device_id, PRINTER_ID,
            "only whatwatt devices are reported: {d:?}"
        );
    }
    ev
}

/// Waits until a plain mDNS browser has resolved `instance`: it really is on the network.
async fn resolved_elsewhere(instance: &str) {
    let daemon = loopback_daemon();
    let rx = daemon.browse("_http._tcp.local.").unwrap();
    within(30, "the other service to be resolved", async {
        loop {
            if let Ok(mdns_sd::ServiceEvent::ServiceResolved(info)) = rx.recv_async().await {
                if info.get_fullname().starts_with(instance) {
                    return;
                }
            }
        }
    })
    .await;
    let _ = daemon.shutdown();
}

async fn lost(browser: &mut Browser, id: &str) {
    within(30, "the device to be lost", async {
        loop {
            if let Some(DiscoveryEvent::Lost { device_id, .. }) = only_meters(browser.next().await)
            {
                if device_id == id {
                    return;
                }
            }
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_finds_loses_and_refinds_the_simulator_on_loopback() {
    let advertiser = loopback_daemon();
    // Another HTTP service on the same type must be ignored (TXT type is not 100).
    let other = mdns_sd::ServiceInfo::new(
        "_http._tcp.local.",
        "Office Printer",
        "printer.local.",
        "127.0.0.1",
        631,
        &[("type", "7"), ("id", PRINTER_ID)][..],
    )
    .unwrap();
    advertiser.register(other).unwrap();
    // The printer is really there for any browser to see…
    resolved_elsewhere("Office Printer").await;

    let cfg = SimConfig {
        mdns: true,
        device_id: Some("A842E39F8124".into()),
        ..config()
    };
    let dev = SimDevice::spawn_with_mdns(cfg.clone(), Some(advertiser.clone()))
        .await
        .unwrap();
    let browse = loopback_daemon();
    let mut browser = Browser::start(&browse).unwrap();
    // …but the whatwatt browser reports only the meter (`found` fails on anything else).
    let d = found(&mut browser, "A842E39F8124").await;
    assert_eq!(d.instance_name, "whatwatt Go 9F8124 WebUI");
    assert_eq!(d.host_name, "whatwatt-9F8124.local.");
    assert_eq!(d.port, dev.addr().port());
    assert!(d.addresses.contains(&"127.0.0.1".parse().unwrap()), "{d:?}");
    assert_eq!(d.address().unwrap(), dev.addr().to_string());

    // The device stops advertising when it goes away…
    let old_port = dev.addr().port();
    dev.shutdown().await;
    lost(&mut browser, "A842E39F8124").await;

    // …and comes back at another address: matched by id, address updated.
    let dev = SimDevice::spawn_with_mdns(cfg, Some(advertiser.clone()))
        .await
        .unwrap();
    assert_ne!(dev.addr().port(), old_port);
    let d = found(&mut browser, "A842E39F8124").await;
    assert_eq!(d.port, dev.addr().port());

    // services.broadcast = false withdraws the advertisement.
    let c = whatwatt::Client::new(&dev.base_url(), None).unwrap();
    c.send_json(
        reqwest::Method::PUT,
        "/api/v1/settings",
        &serde_json::json!({"services": {"broadcast": false}}),
    )
    .await
    .unwrap();
    lost(&mut browser, "A842E39F8124").await;
    dev.shutdown().await;
    let _ = advertiser.shutdown();
    let _ = browse.shutdown();
}

#[tokio::test]
async fn probe_explains_each_kind_of_address() {
    let t = Duration::from_secs(3);
    let open = spawn(config()).await;
    match probe(&open.base_url(), None, t).await.unwrap() {
        ProbeOutcome::Device {
            device_id,
            system,
            protected,
            scheme,
        } => {
            assert_eq!(device_id, open.id());
            assert!(!protected);
            assert_eq!(scheme, None, "no login happened");
            assert_eq!(system.device.model.as_deref(), Some("WW_Go_1.2"));
        }
        other => panic!("{other:?}"),
    }
    let locked = spawn(SimConfig {
        password: Some("pw-123456".into()),
        ..config()
    })
    .await;
    let addr = locked.addr().to_string(); // host:port form, as a user types it
    assert_eq!(
        probe(&addr, None, t).await.unwrap(),
        ProbeOutcome::NeedsPassword
    );
    assert_eq!(
        probe(&addr, Some(Secret::new("nope")), t).await.unwrap(),
        ProbeOutcome::WrongPassword
    );
    assert!(matches!(
        probe(&addr, Some(Secret::new("pw-123456")), t)
            .await
            .unwrap(),
        ProbeOutcome::Device {
            protected: true,
            scheme: Some(whatwatt::AuthScheme::Digest),
            ..
        }
    ));

    // Nothing listening: a port we just released.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    assert!(matches!(
        probe(&free.to_string(), None, t).await.unwrap(),
        ProbeOutcome::Unreachable { .. }
    ));

    // Some other web server.
    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_addr = other.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = other.accept().await {
            let mut buf = [0u8; 2048];
            let _ = s.read(&mut buf).await;
            let _ = s
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
                .await;
        }
    });
    assert!(matches!(
        probe(&other_addr.to_string(), None, t).await.unwrap(),
        ProbeOutcome::NotWhatwatt { .. }
    ));
    assert!(probe("not a host", None, t).await.is_err());
    open.shutdown().await;
    locked.shutdown().await;
}
