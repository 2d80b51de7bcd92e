//! The sharing gateway against real parts: simulated devices on 127.0.0.1:0, the app's own sessions,
//! curl and Python requests for the REST API, a tokio-tungstenite client for the WebSocket, and the
//! `whatwatt` crate's own client pointed at a compatibility port as if it were the device.
#![allow(clippy::unwrap_used)]

mod common;

use common::{add, sim, spawn, start_app, until, within};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::net::SocketAddr;
use tokio::process::Command;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use wattdesk_core::gateway::{Gateway, GatewayConfig, GatewayToken, Limits};
use wattdesk_core::ipc::{CompatPort, ErrorCode, SessionState, SharingSettings};
use wattdesk_core::{App, DemoMode};
use whatwatt::{Client, Secret};
use whatwatt_sim::{License, SimDevice};

const TOKEN: &str = "wdt_test-token-0123456789abcdef";

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An app with one saved simulated meter whose session is live.
async fn live_app(dir: &std::path::Path, license: License) -> (App, SimDevice) {
    let dev = spawn(sim(license, 0.2)).await;
    let app = start_app(dir, DemoMode::Off).await;
    add(&app, &dev).await;
    let id = dev.id().to_owned();
    until(20, "the session goes live", || {
        let app = app.clone();
        let id = id.clone();
        async move {
            app.meters()
                .iter()
                .any(|m| {
                    m.device_id.eq_ignore_ascii_case(&id)
                        && m.health.is_some()
                        && m.last_seen.is_some()
                        && matches!(m.connection, Some(SessionState::Live { .. }))
                })
                .then_some(())
        }
    })
    .await;
    (app, dev)
}

async fn gateway(
    app: &App,
    dev: &SimDevice,
    tokens: Vec<GatewayToken>,
    require: bool,
    limits: Limits,
) -> Gateway {
    let cfg = GatewayConfig {
        compat: vec![(dev.id().to_ascii_lowercase(), 0)],
        tokens,
        require_token: require,
        allowed_origins: vec!["http://dash.example:8123".into()],
        limits,
        ..GatewayConfig::loopback(0)
    };
    Gateway::start(cfg, app.sharing_source()).await.unwrap()
}

fn token() -> Vec<GatewayToken> {
    vec![GatewayToken {
        name: "tests".into(),
        secret: Secret::new(TOKEN),
    }]
}

/// Runs curl; returns (status, headers+body).
async fn curl(args: &[&str]) -> (u16, String) {
    let out = Command::new("curl")
        .args(["-s", "-i", "--max-time", "10", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .await
        .expect("curl is installed (scripts/ensure-deps.sh)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap();
    (code.trim().parse().unwrap_or(0), body.to_owned())
}

fn body_json(text: &str) -> Value {
    let body = text.split("\r\n\r\n").last().unwrap();
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn ws_connect(
    addr: SocketAddr,
    query: &str,
    headers: &[(&'static str, &str)],
) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let mut req = format!("ws://{addr}/api/v1/ws{query}")
        .into_client_request()
        .unwrap();
    for (k, v) in headers {
        req.headers_mut().insert(*k, v.parse().unwrap());
    }
    tokio_tungstenite::connect_async(req)
        .await
        .map(|(ws, _)| ws)
}

/// The next text message that satisfies `want`, as JSON.
async fn ws_next(ws: &mut Ws, what: &str, want: impl Fn(&Value) -> bool) -> Value {
    within(20, what, async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => {
                    let v: Value = serde_json::from_str(t.as_str()).unwrap();
                    if want(&v) {
                        return v;
                    }
                }
                Some(Ok(_)) => {}
                other => panic!("{what}: the connection ended: {other:?}"),
            }
        }
    })
    .await
}

async fn subscribe(ws: &mut Ws, meters: &[&str]) {
    let msg = serde_json::json!({"type": "subscribe", "meters": meters}).to_string();
    ws.send(Message::Text(msg.into())).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_whatwatt_clients_on_a_compat_port_while_the_device_serves_one_stream() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Plus).await;
    let streams_before = dev.live_connections();
    let gw = gateway(&app, &dev, vec![], false, Limits::default()).await;
    let (id, compat) = gw.compat_addrs()[0].clone();
    assert_eq!(
        id,
        dev.id().to_ascii_uppercase(),
        "ids are accepted in either case, shown upper"
    );

    // The protocol crate's own client, as if the compat port were the device.
    let mut streams = Vec::new();
    for _ in 0..3 {
        let client = Client::builder(&compat.to_string()).build().unwrap();
        streams.push(client.live(None).await.unwrap());
    }
    for s in &mut streams {
        let mut got = 0;
        within(20, "live readings through the compat port", async {
            while got < 3 {
                let r = s.next().await.expect("stream goes on").unwrap();
                assert!(
                    r.power_import_kw.is_some() && r.energy_import_kwh.is_some(),
                    "{r:?}"
                );
                assert!(
                    r.local_time.is_some(),
                    "Date and Time as the device sends them"
                );
                got += 1;
            }
        })
        .await;
    }
    assert_eq!(gw.client_count(), 3);
    // Still WattDesk's one stream on the device: no client of the gateway opened another.
    assert_eq!(dev.live_connections(), streams_before);

    // Report and system answer from WattDesk's data (PLUS device).
    let client = Client::builder(&compat.to_string()).build().unwrap();
    let report = client.report().await.unwrap();
    assert!(report.report.unwrap().energy.is_some());
    let system = client.system().await.unwrap();
    assert_eq!(system.device.id.to_ascii_uppercase(), id);
    // Read-only: a write is refused and never reaches the device.
    let (code, body) = curl(&["-X", "POST", &format!("http://{compat}/api/v1/reboot")]).await;
    assert_eq!(code, 405, "{body}");
    assert!(dev.is_up());

    drop(streams);
    until(10, "clients leave the list", || async {
        (gw.client_count() == 0).then_some(())
    })
    .await;
    gw.stop().await;
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_device_has_no_report_on_its_compat_port_either() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Free).await;
    let gw = gateway(&app, &dev, vec![], false, Limits::default()).await;
    let compat = gw.compat_addrs()[0].1;
    let (code, body) = curl(&[&format!("http://{compat}/api/v1/report")]).await;
    assert_eq!(code, 404, "{body}");
    assert_eq!(body_json(&body)["error"], "license_required");
    let (code, _) = curl(&[&format!("http://{compat}/api/v1/system")]).await;
    assert_eq!(code, 200);
    // The live stream is there on FREE, as on the device.
    let mut s = Client::builder(&compat.to_string())
        .build()
        .unwrap()
        .live(None)
        .await
        .unwrap();
    within(10, "a live reading", s.next())
        .await
        .unwrap()
        .unwrap();
    gw.stop().await;
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_with_curl_python_and_a_websocket() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Plus).await;
    let gw = gateway(&app, &dev, vec![], false, Limits::default()).await;
    let api = gw.api_addr();
    let id = dev.id().to_ascii_uppercase();

    let (code, body) = curl(&[&format!("http://{api}/api/v1/meters")]).await;
    assert_eq!(code, 200, "{body}");
    let list = body_json(&body);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["state"]["state"], "live");
    assert_eq!(list[0]["transport"], "sse");
    assert!(list[0]["latest"]["power_import_kw"].is_number());
    let (code, body) = curl(&[&format!(
        "http://{api}/api/v1/meters/{}",
        id.to_ascii_lowercase()
    )])
    .await;
    assert_eq!(code, 200, "{body}");
    let (code, body) = curl(&[&format!("http://{api}/api/v1/meters/FFFFFFFFFFFF")]).await;
    assert_eq!(
        (code, body_json(&body)["error"].clone()),
        (404, Value::from("unknown_meter"))
    );

    // History from the app's store (Python requests: an independent client).
    app.history_flush().await.unwrap();
    let script = format!(
        "import requests, sys\nr = requests.get('http://{api}/api/v1/meters/{id}/history', params={{'bucket': '1m'}}, timeout=10)\nprint(r.status_code)\nj = r.json()\nprint(len(j['buckets']))\nr2 = requests.get('http://{api}/api/v1/meters/{id}/history', params={{'from': 'yesterday'}}, timeout=10)\nprint(r2.status_code, r2.json()['error'])\n"
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(&script)
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"200"),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(lines[1].parse::<usize>().unwrap() >= 1, "{text}");
    assert_eq!(lines[2], "400 invalid_input");

    // The WebSocket: the latest reading at once, then readings numbered per meter.
    let mut ws = ws_connect(api, "", &[]).await.unwrap();
    subscribe(&mut ws, &[&id.to_ascii_lowercase()]).await;
    let ack = ws_next(&mut ws, "subscribed", |v| v["type"] == "subscribed").await;
    assert_eq!(ack["meters"], serde_json::json!([id]));
    let first = ws_next(&mut ws, "the latest reading", |v| v["type"] == "reading").await;
    assert_eq!(first["seq"], 1);
    assert_eq!(first["meter"], id.as_str());
    let next = ws_next(&mut ws, "a new reading", |v| v["type"] == "reading").await;
    assert_eq!(next["seq"], 2);
    for key in [
        "power_import_kw",
        "energy_import_kwh",
        "transport",
        "received",
        "bytes",
    ] {
        assert!(!next[key].is_null(), "{key} in {next}");
    }
    // A bad message is answered, not fatal; ping/pong at the JSON level.
    ws.send(Message::Text("nonsense".into())).await.unwrap();
    ws_next(&mut ws, "an error for nonsense", |v| {
        v["type"] == "error" && v["code"] == "bad_message"
    })
    .await;
    ws.send(Message::Text(r#"{"type":"ping"}"#.into()))
        .await
        .unwrap();
    ws_next(&mut ws, "pong", |v| v["type"] == "pong").await;
    subscribe(&mut ws, &["FFFFFFFFFFFF"]).await;
    ws_next(&mut ws, "unknown meter", |v| v["code"] == "unknown_meter").await;
    ws.close(None).await.unwrap();
    gw.stop().await;
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_hosts_origins_sizes_and_floods() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Plus).await;
    let limits = Limits {
        max_clients: 3,
        max_message_bytes: 1024,
        // Enough for the requests above the flood below, few enough for it to hit the limit.
        burst: 40,
        requests_per_s: 2.0,
        ..Limits::default()
    };
    let gw = gateway(&app, &dev, token(), true, limits).await;
    let api = gw.api_addr();
    let compat = gw.compat_addrs()[0].1;
    let meters = format!("http://{api}/api/v1/meters");

    // Tokens.
    let (code, body) = curl(&[&meters]).await;
    assert_eq!(code, 401);
    assert!(
        body.to_ascii_lowercase()
            .contains("www-authenticate: bearer"),
        "{body}"
    );
    assert!(!body.contains(TOKEN));
    assert_eq!(
        curl(&["-H", "Authorization: Bearer wrong", &meters])
            .await
            .0,
        401
    );
    assert_eq!(
        curl(&["-H", &format!("Authorization: Bearer {TOKEN}"), &meters])
            .await
            .0,
        200
    );
    assert_eq!(curl(&[&format!("{meters}?token={TOKEN}")]).await.0, 200);
    // A compat port takes the token as the device password: Digest (curl --anyauth) and Basic.
    let report = format!("http://{compat}/api/v1/report");
    assert_eq!(curl(&[&report]).await.0, 401);
    assert_eq!(
        curl(&["--anyauth", "-u", &format!(":{TOKEN}"), &report])
            .await
            .0,
        200
    );
    assert_eq!(
        curl(&["--basic", "-u", &format!(":{TOKEN}"), &report])
            .await
            .0,
        200
    );
    assert_eq!(curl(&["--anyauth", "-u", ":wrong", &report]).await.0, 401);
    // …and so does the protocol crate's client, unchanged.
    let client = Client::builder(&compat.to_string())
        .password(Some(Secret::new(TOKEN)))
        .build()
        .unwrap();
    client.report().await.unwrap();

    // Host (DNS rebinding) and Origin.
    let bearer = format!("Authorization: Bearer {TOKEN}");
    let (code, body) = curl(&["-H", &bearer, "-H", "Host: evil.example", &meters]).await;
    assert_eq!(
        (code, body_json(&body)["error"].clone()),
        (403, Value::from("host_not_allowed"))
    );
    let (code, body) = curl(&["-H", &bearer, "-H", "Origin: http://evil.example", &meters]).await;
    assert_eq!(
        (code, body_json(&body)["error"].clone()),
        (403, Value::from("origin_not_allowed"))
    );
    let (code, body) = curl(&[
        "-H",
        &bearer,
        "-H",
        "Origin: http://dash.example:8123",
        &meters,
    ])
    .await;
    assert_eq!(code, 200);
    assert!(
        body.to_ascii_lowercase()
            .contains("access-control-allow-origin: http://dash.example:8123"),
        "{body}"
    );

    // WebSocket: the token as a subprotocol (browsers), a refused one without.
    let err = ws_connect(api, "", &[]).await.unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    let mut ws = ws_connect(
        api,
        "",
        &[(
            "sec-websocket-protocol",
            &format!("wattdesk.v1, token.{TOKEN}"),
        )],
    )
    .await
    .unwrap();
    subscribe(&mut ws, &[dev.id()]).await;
    ws_next(&mut ws, "a reading", |v| v["type"] == "reading").await;
    // An oversize message closes with 1009.
    ws.send(Message::Text("x".repeat(4096).into()))
        .await
        .unwrap();
    let closed = within(10, "close 1009", async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(Some(f)))) => return u16::from(f.code),
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    })
    .await;
    assert_eq!(closed, 1009);

    // A flood: three clients at most; the fourth is refused, the three keep streaming.
    until(10, "the closed client leaves", || async {
        (gw.client_count() == 0).then_some(())
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut ws = ws_connect(api, &format!("?token={TOKEN}"), &[])
            .await
            .unwrap();
        subscribe(&mut ws, &[dev.id()]).await;
        held.push(ws);
    }
    let err = ws_connect(api, &format!("?token={TOKEN}"), &[])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("503"), "{err}");
    for ws in &mut held {
        ws_next(ws, "readings go on for the admitted", |v| {
            v["type"] == "reading" && v["seq"].as_u64() >= Some(2)
        })
        .await;
    }
    // Requests are rate limited per address.
    let mut limited = false;
    for _ in 0..100 {
        let (code, _) = curl(&["-H", &bearer, &meters]).await;
        if code == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "a burst of requests is limited");
    gw.stop().await;
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reboots_and_a_stolen_stream_are_state_messages_and_clients_stay() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Plus).await;
    let gw = gateway(&app, &dev, vec![], false, Limits::default()).await;
    let mut ws = ws_connect(gw.api_addr(), "", &[]).await.unwrap();
    subscribe(&mut ws, &[dev.id()]).await;
    ws_next(&mut ws, "a reading", |v| v["type"] == "reading").await;

    // Another app takes the device's one live stream.
    let thief = Client::builder(&dev.addr().to_string()).build().unwrap();
    let stolen = thief.live(None).await.unwrap();
    let s = ws_next(&mut ws, "preempted", |v| {
        v["type"] == "state" && v["state"]["state"] == "preempted"
    })
    .await;
    assert_eq!(s["meter"], dev.id().to_ascii_uppercase());
    // The session falls back to polling (PLUS): readings keep coming on the same connection.
    ws_next(&mut ws, "a polled reading", |v| {
        v["type"] == "reading" && v["transport"] == "poll"
    })
    .await;
    drop(stolen);

    // A reboot: the state goes through offline or connecting and back to live; the client stays.
    dev.reboot();
    ws_next(&mut ws, "not live during the reboot", |v| {
        v["type"] == "state" && v["state"]["state"] != "live" && v["state"]["state"] != "preempted"
    })
    .await;
    ws_next(&mut ws, "live again", |v| {
        v["type"] == "state" && v["state"]["state"] == "live"
    })
    .await;
    ws_next(&mut ws, "readings after the reboot", |v| {
        v["type"] == "reading"
    })
    .await;
    gw.stop().await;
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_tokens_and_a_restart_while_clients_connect() {
    let dir = tempfile::tempdir().unwrap();
    let (app, dev) = live_app(dir.path(), License::Plus).await;
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let port = free_port();
    let base = SharingSettings {
        enabled: true,
        port,
        compat: vec![CompatPort {
            meter: dev.id().to_owned(),
            port: 0,
        }],
        ..SharingSettings::default()
    };
    // Asking for a token without one is refused with a plain reason.
    let err = app
        .sharing_save(SharingSettings {
            require_token: true,
            ..base.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TokenRequired);
    let status = app.sharing_save(base.clone()).await.unwrap();
    assert!(status.running, "{status:?}");
    assert_eq!(
        status.api_url.as_deref(),
        Some(format!("http://127.0.0.1:{port}").as_str())
    );
    // The compat port the system chose is kept for next time.
    let kept = status.settings.compat[0].port;
    assert_ne!(kept, 0);
    assert!(status.compat[0].url.ends_with(&format!(":{kept}")));

    // A token: its value once, then only its name; it lets a client in, and revoking it ends the client.
    let created = app.sharing_create_token("Home Assistant").await.unwrap();
    assert!(created.value.starts_with("wdt_") && created.value.len() > 40);
    let status = app
        .sharing_save(SharingSettings {
            require_token: true,
            ..status.settings.clone()
        })
        .await
        .unwrap();
    assert!(status.running);
    let on_disk = std::fs::read_to_string(dir.path().join("sharing.json")).unwrap();
    assert!(
        !on_disk.contains(&created.value),
        "the value stays in the secret store"
    );
    let api: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut ws = ws_connect(api, &format!("?token={}", created.value), &[])
        .await
        .unwrap();
    subscribe(&mut ws, &[dev.id()]).await;
    ws_next(&mut ws, "a reading", |v| v["type"] == "reading").await;
    let clients = app.sharing_clients().await;
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].token.as_deref(), Some("Home Assistant"));
    app.sharing_revoke_token(&created.token.id).await.unwrap();
    within(10, "the revoked client is closed", async {
        while let Some(Ok(m)) = ws.next().await {
            if matches!(m, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
    assert!(ws_connect(api, &format!("?token={}", created.value), &[])
        .await
        .is_err());

    // Restart (new settings) while a client connects: it is closed with 1001 and reconnects.
    let status = app
        .sharing_save(SharingSettings {
            require_token: false,
            ..status.settings
        })
        .await
        .unwrap();
    let mut ws = ws_connect(api, "", &[]).await.unwrap();
    subscribe(&mut ws, &[dev.id()]).await;
    ws_next(&mut ws, "a reading", |v| v["type"] == "reading").await;
    let restarted = app
        .sharing_save(SharingSettings {
            allowed_origins: vec!["http://dash.example:8123".into()],
            ..status.settings
        })
        .await
        .unwrap();
    assert!(restarted.running);
    assert_eq!(restarted.settings.compat[0].port, kept);
    within(10, "closed by the restart", async {
        while let Some(Ok(m)) = ws.next().await {
            if let Message::Close(Some(f)) = m {
                assert_eq!(u16::from(f.code), 1001);
                break;
            }
        }
    })
    .await;
    let mut ws = ws_connect(api, "", &[]).await.unwrap();
    subscribe(&mut ws, &[dev.id()]).await;
    ws_next(&mut ws, "a reading after the restart", |v| {
        v["type"] == "reading"
    })
    .await;

    // A port taken by another program: a plain problem, not a crash.
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = squatter.local_addr().unwrap().port();
    let status = app
        .sharing_save(SharingSettings {
            port: taken,
            ..restarted.settings
        })
        .await
        .unwrap();
    assert!(!status.running);
    assert!(status
        .problem
        .as_deref()
        .unwrap()
        .contains(&taken.to_string()));

    // A meter removed while it had its own listener: sharing still starts, without that listener.
    let saved_id = app.meters()[0].device_id.clone();
    app.remove_meter(&saved_id).await.unwrap();
    let status = app
        .sharing_save(SharingSettings {
            port,
            ..status.settings
        })
        .await
        .unwrap();
    assert!(status.running, "{status:?}");
    assert!(status.compat.is_empty() && status.settings.compat.is_empty());
    app.shutdown().await;
}

/// A source whose events the test makes, as fast as it likes.
struct Pushed {
    tx: tokio::sync::broadcast::Sender<wattdesk_core::live::session::SessionEvent>,
}

impl wattdesk_core::gateway::Source for Pushed {
    fn meters(&self) -> Vec<wattdesk_core::gateway::SharedMeter> {
        vec![wattdesk_core::gateway::SharedMeter {
            id: "FA1E00000001".into(),
            name: "Pushed".into(),
        }]
    }
    fn presence(&self, _id: &str) -> wattdesk_core::live::supervisor::Presence {
        Default::default()
    }
    fn subscribe(
        &self,
        _id: &str,
    ) -> Option<tokio::sync::broadcast::Receiver<wattdesk_core::live::session::SessionEvent>> {
        Some(self.tx.subscribe())
    }
    fn history(
        &self,
        _req: wattdesk_core::ipc::HistoryRequest,
    ) -> Option<
        futures_util::future::BoxFuture<
            'static,
            Result<wattdesk_core::ipc::HistoryAnswer, wattdesk_core::CoreError>,
        >,
    > {
        None
    }
}

/// A reading with every quantity set (~900 bytes as a message).
pub fn full_reading(n: u64) -> wattdesk_core::live::session::SessionEvent {
    let v = Some(n as f64 / 7.0);
    let reading = whatwatt::Reading {
        report_id: Some(n),
        power_import_kw: v,
        power_export_kw: v,
        power_import_l1_kw: v,
        power_import_l2_kw: v,
        power_import_l3_kw: v,
        power_export_l1_kw: v,
        power_export_l2_kw: v,
        power_export_l3_kw: v,
        reactive_import_kvar: v,
        reactive_export_kvar: v,
        voltage_l1_v: v,
        voltage_l2_v: v,
        voltage_l3_v: v,
        current_l1_a: v,
        current_l2_a: v,
        current_l3_a: v,
        power_factor: v,
        energy_import_kwh: v,
        energy_import_t1_kwh: v,
        energy_import_t2_kwh: v,
        energy_export_kwh: v,
        energy_export_t1_kwh: v,
        energy_export_t2_kwh: v,
        uptime_s: v,
        ..Default::default()
    };
    wattdesk_core::live::session::SessionEvent::Reading(std::sync::Arc::new(
        wattdesk_core::live::session::TimedReading {
            reading,
            transport: wattdesk_core::ipc::Transport::Sse,
            received: chrono::Utc::now(),
            bytes: 900,
        },
    ))
}

/// Reads a WebSocket until `total` readings are accounted for: (readings received, missed as told by
/// `lagged`, the last seq).
async fn drain(ws: &mut Ws, total: u64) -> (u64, u64, u64) {
    let (mut got, mut missed, mut last) = (0, 0, 0);
    while got + missed < total {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                match v["type"].as_str() {
                    Some("reading") => {
                        got += 1;
                        last = v["seq"].as_u64().unwrap();
                    }
                    Some("lagged") => missed += v["missed"].as_u64().unwrap(),
                    _ => {}
                }
            }
            Some(Ok(_)) => {}
            other => panic!("the connection ended: {other:?}"),
        }
    }
    (got, missed, last)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_slowly_is_told_what_it_missed_and_slows_no_one() {
    let (tx, _) = tokio::sync::broadcast::channel(4096);
    let source = std::sync::Arc::new(Pushed { tx: tx.clone() });
    let gw = Gateway::start(GatewayConfig::loopback(0), source)
        .await
        .unwrap();
    let api = gw.api_addr();
    let mut fast = ws_connect(api, "", &[]).await.unwrap();
    // The slow client reads through a small window, so the gateway's sends to it block soon.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(api).await.unwrap();
    let req = format!("ws://{api}/api/v1/ws")
        .into_client_request()
        .unwrap();
    let (mut slow, _) =
        tokio_tungstenite::client_async(req, tokio_tungstenite::MaybeTlsStream::Plain(stream))
            .await
            .unwrap();
    for ws in [&mut fast, &mut slow] {
        subscribe(ws, &["fa1e00000001"]).await;
        ws_next(ws, "subscribed", |v| v["type"] == "subscribed").await;
    }
    const TOTAL: u64 = 12_000;
    let fast_reader = tokio::spawn(async move { drain(&mut fast, TOTAL).await });
    within(60, "pushing readings", async {
        for n in 0..TOTAL {
            let _ = tx.send(full_reading(n));
            if n % 3 == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
        }
    })
    .await;
    let (got, missed, last) = within(60, "the fast client reads everything", fast_reader)
        .await
        .unwrap();
    assert_eq!(
        (got, missed, last),
        (TOTAL, 0, TOTAL),
        "the fast client lost nothing"
    );
    // The slow one now reads: it was told how many it missed, and seq counts them.
    let (got, missed, last) =
        within(60, "the slow client catches up", drain(&mut slow, TOTAL)).await;
    assert!(missed > 0, "the slow client lagged (got {got})");
    assert_eq!(got + missed, TOTAL);
    assert_eq!(last, TOTAL);
    let clients = gw.clients();
    assert!(
        clients.iter().any(|c| c.lagged as u64 == missed),
        "{clients:?}"
    );
    gw.stop().await;
}
