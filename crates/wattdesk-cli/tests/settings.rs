//! `wattdesk-cli settings` against the simulator: get, set (only the changed fields, checked first,
//! a bad value names its field and sends nothing), dry run, backup and restore, reboot, firmware.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::CLI;
use std::time::Duration;
use tokio::process::Command;
use whatwatt_sim::{SimConfig, SimDevice};

fn sim() -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(0.2),
        password: Some("cli-pass-1".into()),
        reboot_downtime: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

async fn cli(dev: &SimDevice, args: &[&str]) -> (Option<i32>, String, String) {
    common::output(
        Command::new(CLI)
            .arg("settings")
            .arg(dev.addr().to_string())
            .args(["--password-env", "WD_TEST_PW"])
            .args(args)
            .env("WD_TEST_PW", "cli-pass-1"),
    )
    .await
}

#[tokio::test]
async fn set_sends_only_the_changed_fields_and_get_reads_them_back() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    let (code, out, err) = cli(
        &dev,
        &[
            "set",
            "device.services.report_interval=12",
            "device.system.name=Kitchen",
            "device.services.broadcast=true",
        ],
    )
    .await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("device.services.report_interval: 30 -> 12"),
        "{out}"
    );
    assert!(
        out.contains("device.system.name: \"\" -> \"Kitchen\""),
        "{out}"
    );
    assert!(
        !out.contains("broadcast"),
        "unchanged fields are not listed: {out}"
    );
    let writes = dev.take_config_writes();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0].method, "PUT");
    assert_eq!(
        writes[0].body,
        serde_json::json!({"services": {"report_interval": 12}, "system": {"name": "Kitchen"}})
    );
    let (code, out, _) = cli(&dev, &["get", "device"]).await;
    assert_eq!(code, Some(0));
    assert!(
        out.contains("device.services.report_interval = 12"),
        "{out}"
    );
    assert!(out.contains("device.system.name = \"Kitchen\""), "{out}");
    let (code, out, _) = cli(&dev, &["get", "meter", "--json"]).await;
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["type"], "settings");
    assert_eq!(v["secrets"]["meter.encryption_key"], "hidden");
    dev.shutdown().await;
}

#[tokio::test]
async fn an_invalid_value_names_its_field_and_nothing_is_sent() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    for (arg, says) in [
        (
            "device.services.report_interval=0",
            "device.services.report_interval",
        ),
        ("device.services.report_interval=often", "not a number"),
        ("wifi.max_tx_power=30", "wifi.max_tx_power"),
        ("device.nope=1", "device.nope: not a setting"),
        ("meter.if_type=usb", "meter.if_type"),
        ("name=Kitchen", "not a setting"),
    ] {
        // A valid one next to it is not sent either.
        let (code, out, err) = cli(&dev, &["set", "device.system.name=Kitchen", arg]).await;
        assert_eq!(code, Some(2), "{arg}: {out}{err}");
        assert!(err.contains(says), "{arg}: {err}");
    }
    let (code, out, err) = cli(
        &dev,
        &["set", "device.services.report_interval=7", "--dry-run"],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("30 -> 7"), "{out}");
    assert!(dev.take_config_writes().is_empty(), "nothing was sent");
    dev.shutdown().await;
}

#[tokio::test]
async fn backup_and_restore_round_trip_through_a_file() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kitchen.json");
    let file = file.to_str().unwrap();
    cli(
        &dev,
        &[
            "set",
            "device.services.report_interval=45",
            "meter.conv_factor=2",
        ],
    )
    .await;
    let (code, out, err) = cli(&dev, &["backup", file]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("write-only values are not in a backup"),
        "{out}"
    );
    let text = std::fs::read_to_string(file).unwrap();
    assert!(!text.contains("cli-pass-1"));
    cli(
        &dev,
        &[
            "set",
            "device.services.report_interval=99",
            "meter.conv_factor=3",
        ],
    )
    .await;
    let out = Command::new(CLI)
        .args([
            "settings",
            &dev.addr().to_string(),
            "--password-env",
            "WD_TEST_PW",
            "restore",
            file,
        ])
        .args(["--secret-env", "meter.encryption_key=WD_TEST_KEY"])
        .env("WD_TEST_PW", "cli-pass-1")
        .env("WD_TEST_KEY", "00112233445566778899AABBCCDDEEFF")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Set: meter.encryption_key."), "{text}");
    assert!(text.contains("Not restored: wifi"), "{text}");
    let (_, out, _) = cli(&dev, &["get", "device"]).await;
    assert!(
        out.contains("device.services.report_interval = 45"),
        "{out}"
    );
    let (_, out, _) = cli(&dev, &["get", "meter"]).await;
    assert!(out.contains("meter.conv_factor = 2"), "{out}");
    dev.shutdown().await;
}

#[tokio::test]
async fn reboot_and_firmware_wait_for_the_device() {
    let dev = SimDevice::spawn(sim()).await.unwrap();
    let (code, out, err) = cli(&dev, &["reboot", "--json"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(v["type"], "restarted");
    assert!(v["downtime_s"].as_f64().unwrap() >= 0.3, "{v}");
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("fw.bin");
    let mut bytes = vec![0xE9u8];
    bytes.resize(100_000, 7);
    std::fs::write(&image, bytes).unwrap();
    let (code, out, err) = cli(&dev, &["firmware", image.to_str().unwrap(), "--json"]).await;
    assert_eq!(code, Some(0), "{out}{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines.iter().filter(|l| l["stage"] == "uploading").count() > 3,
        "{out}"
    );
    assert!(lines.iter().any(|l| l["stage"] == "restarting"), "{out}");
    assert_eq!(lines.last().unwrap()["type"], "updated");
    dev.shutdown().await;
}
