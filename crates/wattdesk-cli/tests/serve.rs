//! `wattdesk-cli serve` against the simulator: the lines it prints when ready, a whatwatt client on
//! the compatibility port as if it were the device, the API behind a token from the environment,
//! and a clean stop on SIGTERM.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::CLI;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::ChildStdout;
use tokio::process::Command;
use whatwatt::{Client, Secret};
use whatwatt_sim::{SimConfig, SimDevice};

async fn next_line(lines: &mut Lines<BufReader<ChildStdout>>) -> String {
    tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("a line in time")
        .unwrap()
        .expect("the command goes on")
}

const TOKEN: &str = "serve-test-token-0123456789";

#[tokio::test]
async fn serve_shares_a_meter_behind_a_token_and_stops_on_sigterm() {
    let dev = SimDevice::spawn(SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(0.2),
        password: Some("device-pass-1".into()),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let mut child = Command::new(CLI)
        .args([
            "serve",
            "--meter",
            &dev.addr().to_string(),
            "--listen",
            "127.0.0.1:0",
            "--token-env",
            "WD_SERVE_TOKEN",
            "--password-env",
            "WD_DEVICE_PW",
        ])
        .env("WD_SERVE_TOKEN", TOKEN)
        .env("WD_DEVICE_PW", "device-pass-1")
        .env("WATTDESK_MDNS", "off")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let gateway = next_line(&mut lines).await;
    let api = gateway
        .strip_prefix("gateway http://")
        .expect(&gateway)
        .to_owned();
    let compat = next_line(&mut lines).await;
    let (id, url) = compat
        .strip_prefix("compat ")
        .and_then(|r| r.split_once(' '))
        .expect(&compat);
    assert!(id.eq_ignore_ascii_case(dev.id()), "{compat}");
    let compat_addr = url.strip_prefix("http://").unwrap();

    // The device password stays with WattDesk; clients use the token, as the device password.
    let wrong = Client::builder(compat_addr).build().unwrap();
    assert!(wrong.live(None).await.is_err(), "no token, no stream");
    let client = Client::builder(compat_addr)
        .password(Some(Secret::new(TOKEN)))
        .build()
        .unwrap();
    let mut stream = client.live(None).await.unwrap();
    use futures_util::StreamExt;
    let r = tokio::time::timeout(Duration::from_secs(20), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(r.energy_import_kwh.is_some());

    let out = Command::new("curl")
        .args(["-s", "-H", &format!("Authorization: Bearer {TOKEN}")])
        .arg(format!("http://{api}/api/v1/meters"))
        .output()
        .await
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list[0]["id"]
        .as_str()
        .unwrap()
        .eq_ignore_ascii_case(dev.id()));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("device-pass-1"));

    let pid = child.id().unwrap().to_string();
    Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert_eq!(next_line(&mut lines).await, "stopping");
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status:?}");
    dev.shutdown().await;
}
