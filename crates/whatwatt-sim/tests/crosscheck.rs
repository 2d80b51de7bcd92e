//! Independent HTTP clients against the simulator: curl (`--anyauth`) and Python `requests`
//! (`HTTPDigestAuth("", PW)`) must authenticate exactly as they would against a real device.
//! Both tools are installed by scripts/ensure-deps.sh.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::process::Command;
use whatwatt_sim::{AuthScheme, SimConfig, SimDevice};

const PW: &str = "Cross-Check-9";

fn config(auth: AuthScheme) -> SimConfig {
    SimConfig {
        password: Some(PW.into()),
        auth,
        mdns: false,
        history_days: 0,
        ..SimConfig::default()
    }
}

/// Runs curl and returns (HTTP status, body).
async fn curl(args: Vec<String>) -> (u16, String) {
    let out = tokio::task::spawn_blocking(move || {
        Command::new("curl")
            .args(["-s", "--max-time", "10", "-w", "\n%{http_code}"])
            .args(&args)
            .output()
    })
    .await
    .unwrap()
    .expect("curl is installed (scripts/ensure-deps.sh)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_owned())
}

#[tokio::test]
async fn curl_anyauth_digest_and_basic() {
    for scheme in [AuthScheme::Digest, AuthScheme::Basic] {
        let dev = SimDevice::spawn(config(scheme)).await.unwrap();
        let url = format!("{}/api/v1/system", dev.base_url());
        let (code, body) = curl(vec![
            "--anyauth".into(),
            "-u".into(),
            format!(":{PW}"),
            url.clone(),
        ])
        .await;
        assert_eq!(code, 200, "{scheme:?}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["device"]["id"], dev.id());
        let (code, _) = curl(vec![
            "--anyauth".into(),
            "-u".into(),
            ":wrong".into(),
            url.clone(),
        ])
        .await;
        assert_eq!(code, 401, "{scheme:?}");
        let (code, _) = curl(vec![url.clone()]).await;
        assert_eq!(code, 401, "{scheme:?}");
        // A PUT with a body, as the docs show for the settings.
        let (code, body) = curl(vec![
            "--anyauth".into(),
            "-u".into(),
            format!(":{PW}"),
            "-X".into(),
            "PUT".into(),
            "-H".into(),
            "Content-Type: application/json".into(),
            "-d".into(),
            r#"{"system":{"name":"via curl"}}"#.into(),
            format!("{}/api/v1/settings", dev.base_url()),
        ])
        .await;
        assert_eq!(code, 200, "{scheme:?}: {body}");
        assert!(body.contains("via curl"));
        dev.shutdown().await;
    }
}

#[tokio::test]
async fn curl_digest_explicit_md5_sess() {
    let dev = SimDevice::spawn(config(AuthScheme::Digest)).await.unwrap();
    let (code, body) = curl(vec![
        "--digest".into(),
        "-u".into(),
        format!(":{PW}"),
        format!("{}/api/v1/report", dev.base_url()),
    ])
    .await;
    assert_eq!(code, 200, "{body}");
    dev.shutdown().await;
}

#[tokio::test]
async fn python_requests_http_digest_auth() {
    let dev = SimDevice::spawn(config(AuthScheme::Digest)).await.unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/crosscheck/digest_requests.py"
    );
    let url = dev.base_url();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("python3").args([script, &url, PW]).output()
    })
    .await
    .unwrap()
    .expect("python3 is installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "python requests cross-check failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        6,
        "{stdout}"
    );
    dev.shutdown().await;
}
