//! `wattdesk-cli setup` against a simulated device fresh out of the box: NDJSON progress, the `done`
//! line and exit 0; a wrong Wi-Fi password as an `error` line and a non-zero exit. The device is found
//! again by mDNS on loopback only.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::CLI;
use std::time::Duration;
use tokio::process::Command;
use whatwatt::MdnsPolicy;
use whatwatt_sim::{SimConfig, SimDevice};

const KEY: &str = "00112233445566778899AABBCCDDEEFF";

async fn new_device() -> SimDevice {
    let cfg = SimConfig {
        setup_mode: true,
        key_required: true,
        meter_key: Some(KEY.into()),
        wifi_password: "our-home-wifi-2024".into(),
        ap_linger: Duration::from_millis(500),
        history_days: 0,
        interval_s: Some(0.2),
        seed: 131,
        ..SimConfig::default()
    };
    let daemon = MdnsPolicy::Loopback.daemon().unwrap();
    SimDevice::spawn_with_mdns(cfg, daemon).await.unwrap()
}

async fn setup(
    dev: &SimDevice,
    config: &std::path::Path,
    wifi_password: &str,
) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = Command::new(CLI)
        .args([
            "setup",
            &dev.addr().to_string(),
            "--ssid",
            "HomeNet",
            "--wifi-password-env",
            "WD_WIFI",
            "--meter-key-env",
            "WD_KEY",
            "--password-env",
            "WD_PW",
            "--name",
            "Hall meter",
            "--json",
        ])
        .env("WD_WIFI", wifi_password)
        .env("WD_KEY", "0011-2233-4455-6677-8899-aabb-ccdd-eeff")
        .env("WD_PW", "hall-meter-pw")
        .env("WATTDESK_MDNS", "loopback")
        .env("WATTDESK_CONFIG_DIR", config)
        .env("WATTDESK_SECRETS", "file")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(90), out)
        .await
        .expect("setup finishes")
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !text.contains("hall-meter-pw") && !text.contains("our-home-wifi"),
        "no secret printed: {text}"
    );
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (out.status.code(), lines)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_json_walks_from_the_access_point_to_done() {
    let dev = new_device().await;
    let config = tempfile::tempdir().unwrap();
    // A wrong Wi-Fi password: an error line, a non-zero exit, the device still on its access point.
    let (status, lines) = setup(&dev, config.path(), "not-our-password").await;
    assert_ne!(status, Some(0));
    let last = lines.last().unwrap();
    assert_eq!(
        (last["type"].as_str(), last["code"].as_str()),
        (Some("error"), Some("wifi_join_failed")),
        "{lines:?}"
    );
    assert!(dev.setup_addr().is_some());

    let (status, lines) = setup(&dev, config.path(), "our-home-wifi-2024").await;
    assert_eq!(status, Some(0), "{lines:?}");
    let steps: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "step")
        .filter_map(|l| l["step"].as_str())
        .collect();
    assert_eq!(
        steps,
        ["device", "meter", "protect", "name", "licence", "network", "join", "done"]
    );
    let done = lines.last().unwrap();
    let station = dev.station_addr().await;
    assert_eq!(done["type"], "done");
    assert_eq!(done["device_id"], dev.id());
    assert_eq!(done["address"], format!("http://{station}"));
    assert_eq!(done["meter_status"], "OK");
    // Saved where the app finds it.
    let saved = std::fs::read_to_string(config.path().join("meters.json")).unwrap();
    assert!(saved.contains(dev.id()) && saved.contains("Hall meter"));
    dev.shutdown().await;
}

/// `setup` without an address: the device found as this computer's gateway (the simulator's address
/// stands in for it), or a clear error when nothing answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_without_an_address_finds_the_device_as_the_gateway() {
    let dev = SimDevice::spawn(SimConfig {
        history_days: 0,
        interval_s: Some(0.2),
        seed: 132,
        mdns: false,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let run = |gateway: String, config: std::path::PathBuf| async move {
        let out = Command::new(CLI)
            .args(["setup", "--json"])
            .env("WATTDESK_MDNS", "off")
            .env("WATTDESK_SETUP_GATEWAY", gateway)
            .env("WATTDESK_CONFIG_DIR", config)
            .env("WATTDESK_SECRETS", "file")
            .kill_on_drop(true)
            .output();
        let out = tokio::time::timeout(Duration::from_secs(60), out)
            .await
            .expect("setup finishes")
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
        (out.status.code(), last)
    };
    let config = tempfile::tempdir().unwrap();
    let (status, done) = run(dev.addr().to_string(), config.path().to_owned()).await;
    assert_eq!(status, Some(0), "{done}");
    assert_eq!(
        (done["type"].as_str(), done["device_id"].as_str()),
        (Some("done"), Some(dev.id()))
    );
    let (status, error) = run("off".into(), config.path().to_owned()).await;
    assert_ne!(status, Some(0));
    assert_eq!(error["type"], "error");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no whatwatt Go found"),
        "{error}"
    );
    dev.shutdown().await;
}
