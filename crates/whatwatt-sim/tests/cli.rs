//! The `whatwatt-sim` binary: one `device <ID> http://<addr>` line per device once listening, devices
//! answer, and SIGINT stops it cleanly.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

#[tokio::test]
async fn prints_devices_serves_them_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whatwatt-sim"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--devices",
            "3",
            "--no-mdns",
            "--seed",
            "7",
            "--password",
            "pw",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut devices = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), async {
        while devices.len() < 3 {
            let line = lines.next_line().await.unwrap().expect("a device line");
            let parts: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "{line}");
            assert_eq!(parts[0], "device");
            assert!(parts[1].len() == 12 && parts[1].chars().all(|c| c.is_ascii_hexdigit()));
            assert!(parts[2].starts_with("http://127.0.0.1:"));
            devices.push((parts[1].to_owned(), parts[2].to_owned()));
        }
    })
    .await
    .expect("three device lines");
    let ids: std::collections::HashSet<_> = devices.iter().map(|d| d.0.clone()).collect();
    assert_eq!(ids.len(), 3, "distinct ids");
    for (id, url) in &devices {
        let c = whatwatt::Client::new(url, Some(whatwatt::Secret::new("pw"))).unwrap();
        assert_eq!(&c.system().await.unwrap().device.id, id);
    }
    // Ctrl-C.
    let pid = child.id().unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits after SIGINT")
        .unwrap();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn rejects_an_unknown_meter_preset() {
    let out = Command::new(env!("CARGO_BIN_EXE_whatwatt-sim"))
        .args(["--meter", "gas-9ph", "--no-mdns"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("p1-3ph"));
}
