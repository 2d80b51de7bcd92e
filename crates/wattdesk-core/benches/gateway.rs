//! Sharing-gateway benchmark against whatwatt-sim on loopback (`cargo bench -p wattdesk-core --bench
//! gateway`). 16 simulated meters × 10 Hz, each watched by WattDesk's own SSE session, shared by the
//! gateway to 100 WebSocket clients (each subscribed to every meter) and 20 device-style SSE clients
//! (compatibility ports, a meter each) for BENCH_SECS (60) seconds. Then BENCH_SLOW_SECS (60) more
//! seconds with one more WebSocket client that reads deliberately slowly.
//!
//! Latency: the baseline is WattDesk's session reading the simulator directly (publish instant →
//! the session has the reading; paired in order as in the live-path benchmark), in the same run and
//! for the same readings; "added" is what the gateway adds on top: a WebSocket client's arrival
//! minus the reading's `received` (when the session had it), and for an SSE client its arrival
//! minus the session's arrival of the same reading (the two ordered streams aligned). Lost:
//! readings a client that keeps up did not get (gaps in `seq`, `lagged`, or the gateway's count for
//! SSE clients). CPU: the gateway side's threads ("wd-gw": sessions + gateway) as a share of one
//! core, with and without clients; the clients run on their own threads ("bench-clients").

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

#[path = "live_path_parts/pairing.rs"]
#[allow(dead_code)]
mod pairing;
#[path = "live_path_parts/util.rs"]
#[allow(dead_code)]
mod util;

use futures_util::{SinkExt, StreamExt};
use pairing::{align, key, percentile, Key, Matcher, Published, WARM_UP};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;
use util::{sim_config, thread_cpu_ns, timing};
use wattdesk_core::gateway::{Gateway, GatewayConfig, Limits, SharedMeter, SupervisorSource};
use wattdesk_core::ipc::{TimeZoneChoice, TransportChoice};
use wattdesk_core::live::session::SessionEvent;
use wattdesk_core::live::supervisor::{Hooks, MeterLink, Supervisor};
use whatwatt_sim::SimDevice;

const METERS: usize = 16;
const WS_CLIENTS: usize = 100;
const SSE_CLIENTS: usize = 20;

/// (meter index, reading key, arrival).
type Arrival = (usize, Key, Instant);
type Log = Arc<Mutex<Vec<Arrival>>>;
/// WebSocket arrivals: (arrival, added latency).
type Added = Arc<Mutex<Vec<(Instant, Duration)>>>;
/// Per meter, the session's arrivals in order.
type Direct = Arc<Mutex<Vec<Vec<(Key, Instant)>>>>;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runtime(name: &str, threads: usize) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .thread_name(name)
        .enable_all()
        .build()
        .unwrap()
}

/// A WebSocket client subscribed to every meter. `pace`: a pause after each message (a slow reader).
async fn ws_client(
    url: String,
    ids: Arc<Vec<String>>,
    log: Added,
    lost: Arc<Mutex<u64>>,
    stop: CancellationToken,
    pace: Option<Duration>,
) {
    let (mut ws, _) = if pace.is_some() {
        // A small window, so the gateway's sends to it block soon.
        let addr: std::net::SocketAddr = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let stream = socket.connect(addr).await.unwrap();
        tokio_tungstenite::client_async(
            url.as_str(),
            tokio_tungstenite::MaybeTlsStream::Plain(stream),
        )
        .await
        .unwrap()
    } else {
        tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap()
    };
    let sub = serde_json::json!({"type": "subscribe", "meters": *ids}).to_string();
    ws.send(Message::Text(sub.into())).await.unwrap();
    let index: HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect();
    let mut last_seq = vec![0u64; ids.len()];
    let mut mine = Vec::new();
    let mut missed = 0;
    loop {
        let m = tokio::select! {
            _ = stop.cancelled() => break,
            m = ws.next() => m,
        };
        let Some(Ok(Message::Text(t))) = m else {
            if m.is_none() {
                break;
            }
            continue;
        };
        let at = Instant::now();
        let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
        match v["type"].as_str() {
            Some("reading") => {
                let i = index[v["meter"].as_str().unwrap()];
                let seq = v["seq"].as_u64().unwrap();
                if last_seq[i] > 0 && seq > last_seq[i] + 1 {
                    missed += seq - last_seq[i] - 1;
                }
                last_seq[i] = seq;
                let received =
                    chrono::DateTime::parse_from_rfc3339(v["received"].as_str().unwrap()).unwrap();
                let added = (chrono::Utc::now() - received.with_timezone(&chrono::Utc))
                    .to_std()
                    .unwrap_or_default();
                mine.push((at, added));
            }
            Some("lagged") => {}
            _ => {}
        }
        if let Some(p) = pace {
            tokio::time::sleep(p).await;
        }
    }
    log.lock().unwrap().extend(mine);
    *lost.lock().unwrap() += missed;
}

/// A device-style client: the compatibility port's `/api/v1/live` through the protocol crate.
async fn sse_client(addr: String, meter: usize, log: Log, stop: CancellationToken) {
    let client = whatwatt::Client::builder(&addr).build().unwrap();
    let mut s = client.live(None).await.unwrap();
    let mut mine = Vec::new();
    loop {
        let r = tokio::select! {
            _ = stop.cancelled() => break,
            r = s.next() => r,
        };
        let Some(Ok(r)) = r else { break };
        mine.push((
            meter,
            key(
                r.energy_import_kwh,
                r.energy_export_kwh,
                r.power_import_kw,
                r.voltage_l1_v,
            ),
            Instant::now(),
        ));
    }
    log.lock().unwrap().extend(mine);
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn p50_p99(name: &str, v: &mut [Duration]) {
    if v.is_empty() {
        println!("{name}: nothing measured");
        return;
    }
    let (a, b) = (percentile(v, 0.5), percentile(v, 0.99));
    println!("{name}: p50 {} p99 {} ({} readings)", ms(a), ms(b), v.len());
}

/// SSE clients' added latency: each client's ordered arrivals aligned with the session's arrivals
/// of its meter, then paired index by index.
fn sse_added(
    direct: &[Vec<(Key, Instant)>],
    clients: &[Vec<Arrival>],
    from: Instant,
    to: Instant,
) -> Vec<Duration> {
    let mut out = Vec::new();
    for c in clients.iter().filter(|c| !c.is_empty()) {
        let m = c[0].0;
        let a: Vec<(Key, Instant)> = c.iter().map(|(_, k, at)| (*k, *at)).collect();
        let Some((start, j)) = align(&direct[m], &a, 20) else {
            continue;
        };
        for (i, (k, at)) in a[start..].iter().enumerate() {
            if let Some((dk, dat)) = direct[m].get(j + i) {
                if dk == k && *at >= from && *at < to {
                    out.push(at.saturating_duration_since(*dat));
                }
            }
        }
    }
    out
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("gateway: benchmark");
        return;
    }
    let secs = env("BENCH_SECS", 60);
    let slow_secs = env("BENCH_SLOW_SECS", 60);
    let sim = runtime("sim", 1);
    let gw_rt = runtime("wd-gw", 1);
    let clients_rt = runtime("bench-clients", 1);
    println!(
        "gateway benchmark: {METERS} meters × 10 Hz, {WS_CLIENTS} WebSocket clients (every meter each) + {SSE_CLIENTS} SSE clients for {secs} s, then {slow_secs} s with one slow reader"
    );
    let devs: Vec<SimDevice> = (0..METERS)
        .map(|i| {
            sim.block_on(SimDevice::spawn(sim_config(0.1, 100 + i as u64)))
                .unwrap()
        })
        .collect();
    let stop = CancellationToken::new();
    let published: Vec<Published> = devs
        .iter()
        .map(|d| Published::record(&sim, d, stop.clone()))
        .collect();

    // WattDesk's side: a session per meter and the gateway, on their own thread.
    let supervisor = Arc::new(Supervisor::new(
        timing(),
        TimeZoneChoice::Computer,
        Arc::new(|| {}),
        Hooks::default(),
    ));
    let ids: Vec<String> = devs.iter().map(|d| d.id().to_ascii_uppercase()).collect();
    let direct: Direct = Arc::new(Mutex::new(vec![Vec::new(); METERS]));
    let gateway = gw_rt.block_on(async {
        for (i, d) in devs.iter().enumerate() {
            supervisor.ensure(&ids[i], MeterLink {
                address: d.addr().to_string(),
                password: None,
                auth: None,
                transport: TransportChoice::Sse,
                mqtt: None,
            });
        }
        // The baseline: the sessions' own arrivals (they read the simulator directly).
        for (i, id) in ids.iter().enumerate() {
            let mut rx = supervisor.subscribe(id).unwrap();
            let (direct, stop) = (direct.clone(), stop.clone());
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = stop.cancelled() => return,
                        ev = rx.recv() => match ev {
                            Ok(SessionEvent::Reading(r)) => {
                                let x = &r.reading;
                                direct.lock().unwrap()[i].push((key(x.energy_import_kwh, x.energy_export_kwh, x.power_import_kw, x.voltage_l1_v), Instant::now()));
                            }
                            Ok(_) => {}
                            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => panic!("baseline lagged by {n}"),
                            Err(_) => return,
                        }
                    }
                }
            });
        }
        let source = Arc::new(SupervisorSource {
            supervisor: supervisor.clone(),
            meters: ids.iter().map(|id| SharedMeter { id: id.clone(), name: id.clone() }).collect(),
        });
        let cfg = GatewayConfig {
            compat: ids.iter().map(|id| (id.clone(), 0)).collect(),
            limits: Limits { max_clients: 512, max_clients_per_ip: 512, burst: 1000, ..Limits::default() },
            ..GatewayConfig::loopback(0)
        };
        Gateway::start(cfg, source).await.unwrap()
    });
    // Sessions live.
    gw_rt.block_on(async {
        let t0 = Instant::now();
        while direct.lock().unwrap().iter().any(|d| d.is_empty()) {
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "sessions did not go live"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });

    // CPU of sessions alone, then with every client.
    let idle_secs = 10;
    let (c0, t0) = (thread_cpu_ns("wd-gw"), Instant::now());
    std::thread::sleep(Duration::from_secs(idle_secs));
    let idle_share = (thread_cpu_ns("wd-gw") - c0) as f64 / t0.elapsed().as_nanos() as f64;

    let url = format!("ws://{}/api/v1/ws", gateway.api_addr());
    let ids_arc = Arc::new(ids.clone());
    let ws_log: Added = Arc::default();
    let sse_logs: Vec<Log> = (0..SSE_CLIENTS).map(|_| Log::default()).collect();
    let lost = Arc::new(Mutex::new(0u64));
    let clients_stop = CancellationToken::new();
    for _ in 0..WS_CLIENTS {
        clients_rt.spawn(ws_client(
            url.clone(),
            ids_arc.clone(),
            ws_log.clone(),
            lost.clone(),
            clients_stop.clone(),
            None,
        ));
    }
    for (c, log) in sse_logs.iter().enumerate() {
        let (id, addr) = gateway.compat_addrs()[c % METERS].clone();
        let meter = ids.iter().position(|m| *m == id).unwrap();
        clients_rt.spawn(sse_client(
            addr.to_string(),
            meter,
            log.clone(),
            clients_stop.clone(),
        ));
    }
    // Measure once every client is connected and warmed up.
    while gateway.client_count() < WS_CLIENTS + SSE_CLIENTS {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_secs(2));
    let from = Instant::now();
    let (c1, t1) = (thread_cpu_ns("wd-gw"), Instant::now());
    std::thread::sleep(Duration::from_secs(secs));
    let busy_share = (thread_cpu_ns("wd-gw") - c1) as f64 / t1.elapsed().as_nanos() as f64;
    let main_end = Instant::now();

    // One slow reader joins; the others go on.
    let slow_log: Added = Arc::default();
    let slow_lost = Arc::new(Mutex::new(0u64));
    let slow_stop = CancellationToken::new();
    clients_rt.spawn(ws_client(
        url.clone(),
        ids_arc.clone(),
        slow_log.clone(),
        slow_lost.clone(),
        slow_stop.clone(),
        Some(Duration::from_millis(20)),
    ));
    std::thread::sleep(Duration::from_secs(slow_secs));
    let slow_end = Instant::now();
    let lagged_sse: f64 = gateway
        .clients()
        .iter()
        .filter(|c| c.kind == wattdesk_core::ipc::SharingClientKind::LiveStream)
        .map(|c| c.lagged)
        .sum();
    let slow_lagged: f64 = gateway
        .clients()
        .iter()
        .filter(|c| c.kind == wattdesk_core::ipc::SharingClientKind::WebSocket)
        .map(|c| c.lagged)
        .fold(0.0, f64::max);
    clients_stop.cancel();
    slow_stop.cancel();
    std::thread::sleep(Duration::from_secs(1));
    stop.cancel();

    let direct = direct.lock().unwrap().clone();
    // The baseline: publish → WattDesk's session, per meter, in the measured window.
    let mut base = Vec::new();
    for (m, p) in published.into_iter().enumerate() {
        let mut matcher = Matcher::new(p);
        for (k, at) in &direct[m] {
            matcher.arrive(*k, *at);
        }
        let (lat, _) = matcher.latencies();
        base.extend(lat);
    }
    let _ = WARM_UP;
    let ws_all = ws_log.lock().unwrap().clone();
    let window = |a: Instant, b: Instant| -> Vec<Duration> {
        ws_all
            .iter()
            .filter(|(at, _)| *at >= a && *at < b)
            .map(|(_, d)| *d)
            .collect()
    };
    let sse_all: Vec<Vec<Arrival>> = sse_logs.iter().map(|l| l.lock().unwrap().clone()).collect();
    println!(
        "CPU (WattDesk side: sessions + gateway, one thread): sessions alone {:.2} % of a core; with {} clients {:.2} % of a core",
        idle_share * 100.0,
        WS_CLIENTS + SSE_CLIENTS,
        busy_share * 100.0
    );
    p50_p99(
        "baseline: simulator publish → WattDesk's session (reading the simulator directly)",
        &mut base,
    );
    p50_p99(
        "added by the gateway, WebSocket clients",
        &mut window(from, main_end),
    );
    p50_p99(
        "added by the gateway, SSE clients (compatibility ports)",
        &mut sse_added(&direct, &sse_all, from, main_end),
    );
    p50_p99(
        "added by the gateway, WebSocket clients while one reads slowly",
        &mut window(main_end, slow_end),
    );
    println!(
        "readings lost by clients that keep up: WebSocket {} (gaps in seq), SSE {} (the gateway's count); the slow reader read {} and was told it missed {}",
        lost.lock().unwrap(),
        lagged_sse,
        slow_log.lock().unwrap().len(),
        slow_lagged
    );
    clients_rt.shutdown_timeout(Duration::from_secs(2));
    gw_rt.block_on(async {
        gateway.stop().await;
        supervisor.stop_all().await;
    });
}
