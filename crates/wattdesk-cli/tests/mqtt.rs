//! `wattdesk-cli watch --transport mqtt` against the simulator publishing to a real mosquitto: the
//! broker alone (no device address), the payload format recognised without `--mapping`, and a
//! payload of an unknown format said once instead of printed as empty readings.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use whatwatt::mqtt::{HOME_ASSISTANT_TEMPLATE, WATTDESK_TEMPLATE};
use whatwatt_sim::{License, SimConfig, SimDevice};

async fn publishing(broker: &Mosquitto, topic: &str, template: &str) -> SimDevice {
    let dev = spawn(SimConfig {
        license: License::Plus,
        interval_s: Some(0.2),
        ..config()
    })
    .await;
    publish_via_rest(&dev.base_url(), &broker.url(), topic, template, None)
        .await
        .unwrap();
    dev
}

fn watch_args<'a>(broker: &'a str, topic: &'a str) -> Vec<&'a str> {
    vec![
        "watch",
        "--transport",
        "mqtt",
        "--broker",
        broker,
        "--topic",
        topic,
        "--json",
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watches_a_meter_through_the_broker_alone() {
    let broker = Mosquitto::start("").await.unwrap();
    let _dev = publishing(&broker, "cli/meter", WATTDESK_TEMPLATE).await;
    let url = broker.url();
    let mut cli = Running::spawn(&watch_args(&url, "cli/meter"), &[]);
    let seen = cli
        .until(20, "live over MQTT", |v| {
            v["type"] == "state" && v["state"] == "live"
        })
        .await;
    assert_eq!(seen.last().unwrap()["transport"], "mqtt");
    for _ in 0..2 {
        let r = cli
            .until(10, "a reading", |v| v["type"] == "reading")
            .await
            .pop()
            .unwrap();
        assert_eq!(r["transport"], "mqtt");
        assert!(r["power_import_kw"].is_number() && r["energy_import_kwh"].is_number());
        assert!(r["bytes"].as_u64().unwrap() > 100);
    }
    // Without a broker, MQTT only is refused with a clear message.
    let out = tokio::process::Command::new(CLI)
        .args(["watch", "--transport", "mqtt"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--broker"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recognises_the_home_assistant_format_without_a_mapping() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = publishing(&broker, "ha/meter", HOME_ASSISTANT_TEMPLATE).await;
    let mut reports = dev.subscribe();
    let url = broker.url();
    let mut cli = Running::spawn(&watch_args(&url, "ha/meter"), &[]);
    let seen = cli.until(20, "a reading", |v| v["type"] == "reading").await;
    assert!(
        !seen.iter().any(|v| v["type"] == "malformed"),
        "recognised at once: {seen:?}"
    );
    let r = seen.last().unwrap();
    for field in [
        "power_import_kw",
        "power_export_kw",
        "energy_import_kwh",
        "voltage_l1_v",
        "current_l1_a",
        "power_factor",
    ] {
        assert!(r[field].is_number(), "{field} in {r}");
    }
    // The values are the meter's own.
    let mut found = false;
    while let Ok(s) = reports.try_recv() {
        found |= r["power_import_kw"].as_f64() == Some(s.sample.import_total_kw)
            && r["voltage_l1_v"].as_f64() == Some(s.sample.voltage_v[0]);
    }
    assert!(found, "{r} is one of the meter's reports");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_format_is_said_once_and_never_printed_as_a_reading() {
    let broker = Mosquitto::start("").await.unwrap();
    let _dev = publishing(
        &broker,
        "odd/meter",
        r#"{"watts":"${1_7_0}","kwh":"${1_8_0}","when":${timestamp}}"#,
    )
    .await;
    let url = broker.url();
    let mut cli = Running::spawn(&watch_args(&url, "odd/meter"), &[]);
    let seen = cli
        .until(20, "the unknown-format notice", |v| {
            v["type"] == "malformed"
        })
        .await;
    let m = seen.last().unwrap();
    assert!(
        m["reason"].as_str().unwrap().contains("unknown format"),
        "{m}"
    );
    assert!(m["snippet"].as_str().unwrap().contains("watts"), "{m}");
    // The meter keeps publishing (every second): nothing more is printed for the same format.
    let more = tokio::time::timeout(std::time::Duration::from_secs(3), cli.next()).await;
    if let Ok(v) = more {
        assert!(
            v["type"] != "reading" && v["type"] != "malformed",
            "said once, no empty readings: {v}"
        );
    }
}
