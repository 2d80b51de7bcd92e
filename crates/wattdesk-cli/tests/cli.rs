//! `wattdesk-cli` against the simulator: probe, watch --json (NDJSON readings with unit-named fields
//! and state changes), discover on loopback.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::CLI;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use whatwatt_sim::{SimConfig, SimDevice};

fn sim() -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(0.1),
        password: Some("cli-pass-1".into()),
        ..SimConfig::default()
    }
}

#[tokio::test]
async fn probe_reports_the_device_and_needs_the_password_from_the_environment() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    let out = Command::new(CLI)
        .args([
            "probe",
            &dev.addr().to_string(),
            "--password-env",
            "WD_TEST_PW",
        ])
        .env("WD_TEST_PW", "cli-pass-1")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(dev.id()) && text.contains("password protected"),
        "{text}"
    );
    let out = Command::new(CLI)
        .args(["probe", &dev.base_url()])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("needs a password"));
    dev.shutdown().await;
}

#[tokio::test]
async fn watch_json_streams_states_and_readings() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    let mut child = Command::new(CLI)
        .args([
            "watch",
            &format!("http://{}/", dev.addr()),
            "--json",
            "--password-env",
            "WD_TEST_PW",
        ])
        .env("WD_TEST_PW", "cli-pass-1")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut live, mut readings) = (false, Vec::new());
    tokio::time::timeout(Duration::from_secs(20), async {
        while readings.len() < 3 {
            let line = lines.next_line().await.unwrap().expect("output");
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            match v["type"].as_str() {
                Some("state") if v["state"] == "live" => {
                    assert_eq!(v["transport"], "sse");
                    live = true;
                }
                Some("reading") => readings.push(v),
                _ => {}
            }
        }
    })
    .await
    .expect("states and readings");
    assert!(live);
    let r = &readings[0];
    assert_eq!(r["transport"], "sse");
    for field in [
        "power_import_kw",
        "energy_import_kwh",
        "voltage_l1_v",
        "current_l1_a",
        "power_factor",
    ] {
        assert!(r[field].is_number(), "{field} in {r}");
    }
    assert!(
        r.get("report_id").is_none(),
        "absent quantities are omitted: {r}"
    );
    assert!(!r.to_string().contains("cli-pass-1"));
    let pid = child.id().unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
    dev.shutdown().await;
}

#[tokio::test]
async fn discover_lists_a_loopback_device() {
    let daemon = whatwatt::MdnsPolicy::Loopback.daemon().unwrap().unwrap();
    let dev = SimDevice::spawn_with_mdns(
        SimConfig {
            mdns: true,
            ..sim()
        },
        Some(daemon.clone()),
    )
    .await
    .unwrap();
    let out = Command::new(CLI)
        .args(["discover", "--seconds", "5", "--json"])
        .env("WATTDESK_MDNS", "loopback")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains(dev.id()) && l.contains(&dev.addr().port().to_string())),
        "{text}"
    );
    dev.shutdown().await;
    let _ = daemon.shutdown();
}
