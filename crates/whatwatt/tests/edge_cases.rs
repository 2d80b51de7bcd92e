//! How the client copes with devices that misbehave: silence, garbage, and the meter status machine and
//! setup-mode move of the simulator.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use whatwatt::models::meter_settings::MeterSettings;
use whatwatt::models::wifi::WifiStaSettings;
use whatwatt::{Client, Error, Secret};
use whatwatt_sim::SimConfig;

/// A server that answers every connection with `response` (or never, when `None`).
async fn fake_server(response: Option<Vec<u8>>) -> std::net::SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                match response {
                    Some(r) => {
                        let _ = s.write_all(&r).await;
                    }
                    // Hold the connection open and say nothing.
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_silent_device_is_a_timeout_not_a_hang() {
    let addr = fake_server(None).await;
    let c = Client::builder(&addr.to_string())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let e = within(5, "the timeout", c.system()).await.unwrap_err();
    assert!(matches!(e, Error::Timeout(_)), "{e}");
    assert!(e.is_transient());
}

#[tokio::test]
async fn garbage_is_an_invalid_response_with_a_short_snippet() {
    let json = format!(
        r#"{{"device": {{"id": 12}}, "padding": "{}"}}"#,
        "x".repeat(300)
    );
    let body = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    );
    let addr = fake_server(Some(body.into_bytes())).await;
    let c = Client::new(&addr.to_string(), Some(Secret::new("pw"))).unwrap();
    match c.system().await.unwrap_err() {
        Error::InvalidResponse { snippet, .. } => {
            assert!(snippet.chars().count() <= whatwatt::redact::SNIPPET_CHARS + 1);
            assert!(snippet.starts_with("{\"device\""));
        }
        other => panic!("{other:?}"),
    }
    let addr = fake_server(Some(
        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops"
            .to_vec(),
    ))
    .await;
    let e = Client::new(&addr.to_string(), None)
        .unwrap()
        .system()
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Http { status: 500, .. }), "{e}");
    assert!(e.is_transient());
}

#[tokio::test]
async fn meter_status_waits_for_a_valid_dlms_key() {
    let dev = spawn(SimConfig {
        key_required: true,
        ..config()
    })
    .await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let status = || async { c.system().await.unwrap().meter.unwrap().status.unwrap() };
    until(10, "KEY REQUIRED", || async {
        (status().await == "KEY REQUIRED").then_some(())
    })
    .await;
    assert!(dev.latest().is_none(), "no reports without a key");
    // All zeros clears rather than sets a key.
    c.update_meter_settings(&MeterSettings {
        encryption: Some(true),
        encryption_key: Some(Secret::new("00000000000000000000000000000000")),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(status().await, "KEY REQUIRED");
    c.update_meter_settings(&MeterSettings {
        encryption_key: Some(Secret::new("0123456789abcdef0123456789ABCDEF")),
        ..Default::default()
    })
    .await
    .unwrap();
    let seen = until(10, "RECOGNITION then OK", || async {
        let s = status().await;
        (s != "KEY REQUIRED").then_some(s)
    })
    .await;
    assert!(seen == "RECOGNITION" || seen == "OK", "{seen}");
    first_report(&dev).await;
    assert_eq!(status().await, "OK");
    dev.shutdown().await;
}

#[tokio::test]
async fn setup_mode_device_moves_to_its_station_address() {
    let dev = spawn(SimConfig {
        setup_mode: true,
        ap_linger: Duration::from_millis(200),
        ..config()
    })
    .await;
    let ap = dev.setup_addr().expect("an access point");
    let c = Client::new(&ap.to_string(), None).unwrap();
    let wifi = c.system().await.unwrap().wifi.unwrap();
    assert_eq!(wifi.mode.as_deref(), Some("AP"));
    let nets = c.wifi_scan().await.unwrap();
    c.update_wifi_sta_settings(&WifiStaSettings {
        enable: Some(true),
        name: nets[0].ssid.clone(),
        password: Some(Secret::new(SimConfig::default().wifi_password)),
        ..Default::default()
    })
    .await
    .unwrap();
    let station = within(10, "the station address", dev.station_addr()).await;
    assert_ne!(station, ap);
    let home = Client::new(&station.to_string(), None).unwrap();
    let sys = home.system().await.unwrap();
    assert_eq!(sys.device.id, dev.id());
    assert_eq!(sys.wifi.unwrap().mode.as_deref(), Some("STA"));
    // The access point goes away shortly after.
    let e = until(5, "the access point to close", || async {
        c.system().await.err()
    })
    .await;
    assert_eq!(e.code(), "unreachable");
    assert_eq!(dev.setup_addr(), None);
    dev.shutdown().await;
}
