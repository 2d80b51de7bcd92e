//! Live-path benchmark against whatwatt-sim in fast mode on loopback (`cargo bench -p wattdesk-core`).
//!
//! In one run:
//! 1. Latency from the simulator's publish instant to the consumer, 100 Hz, for
//!    (a) a bare baseline — reqwest reading `/api/v1/live`, splitting frames, parsing JSON — and
//!    (b) WattDesk's path — Session → live feed batching → the Channel consumer (JSON-encoded as Tauri does).
//!    p50/p99 of each, the ratio b/a, and client CPU per 1,000 readings.
//! 2. 16 meters × 10 Hz for 60 s, then a 2,000 readings/s burst (20 meters × 100 Hz for 10 s):
//!    readings lost and the client's CPU share of one core.
//!
//! The simulator runs on its own runtime ("sim" threads); client CPU is the on-CPU time of the
//! client runtime's threads ("wd-client"), from /proc/self/task/*/schedstat.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

use bytes::BytesMut;
use futures_util::StreamExt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio_util::sync::CancellationToken;
use wattdesk_core::ipc::LiveBatch;
use wattdesk_core::live::session::{Session, SessionConfig, Timing, TransportChoice};
use whatwatt::models::live::LiveEvent;
use whatwatt_sim::{SimConfig, SimDevice, Snapshot};

type Key = (u64, u64, u64, u64);
/// What a consumer received, in order, with arrival instants.
type Arrivals = Arc<Mutex<Vec<(Key, Instant)>>>;

fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn snap_key(s: &Snapshot) -> Key {
    (
        r3(s.counters.import_total()).to_bits(),
        r3(s.counters.export_total()).to_bits(),
        s.sample.import_total_kw.to_bits(),
        s.sample.voltage_v[0].to_bits(),
    )
}

fn key(e_in: Option<f64>, e_out: Option<f64>, p_in: Option<f64>, v1: Option<f64>) -> Key {
    let b = |x: Option<f64>| x.unwrap_or(f64::NAN).to_bits();
    (b(e_in), b(e_out), b(p_in), b(v1))
}

/// Every snapshot a device published, in order, with its publish instant.
#[derive(Clone, Default)]
struct Published(Arc<Mutex<Vec<(Key, Instant)>>>);

impl Published {
    fn record(sim: &Runtime, dev: &SimDevice, stop: CancellationToken) -> Published {
        let p = Published::default();
        let list = p.0.clone();
        let mut rx = dev.subscribe();
        sim.spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.cancelled() => return,
                    r = rx.recv() => match r {
                        Ok(s) => list.lock().unwrap().push((snap_key(&s), s.published.unwrap())),
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => panic!("recorder lagged by {n}"),
                        Err(_) => return,
                    }
                }
            }
        });
        p
    }
}

/// Arrivals in order; matched to publications after the run. Keys are not unique (a fast meter can
/// publish identical consecutive reports), so matching aligns the two ordered sequences once, at a
/// run of arrivals that fits only one place, then pairs them index by index (the stream is ordered
/// and lossless here; a pair whose keys differ is not measured and is counted).
struct Matcher {
    published: Published,
    arrivals: Vec<(Key, Instant)>,
}

/// Readings per path not measured (connection warm-up).
const WARM_UP: usize = 100;
/// Length of the run that must match to accept an alignment.
const ALIGN: usize = 40;

impl Matcher {
    fn new(published: Published) -> Matcher {
        Matcher {
            published,
            arrivals: Vec::new(),
        }
    }

    fn arrive(&mut self, k: Key, at: Instant) {
        self.arrivals.push((k, at));
    }

    /// Latencies of the measured arrivals, and how many could not be paired.
    fn latencies(self) -> (Vec<Duration>, usize) {
        let list = self.published.0.lock().unwrap().clone();
        let a = &self.arrivals;
        let Some((start, j)) = align(&list, a, WARM_UP) else {
            return (Vec::new(), a.len());
        };
        let mut out = Vec::new();
        let mut unpaired = 0;
        for (i, (k, at)) in a[start..].iter().enumerate() {
            match list.get(j + i) {
                Some((pk, t)) if pk == k => out.push(at.saturating_duration_since(*t)),
                _ => unpaired += 1,
            }
        }
        (out, unpaired)
    }
}

/// Where the arrivals (from index `skip`, or a little earlier near the end) line up with the publications (from index `j`).
fn align(list: &[(Key, Instant)], a: &[(Key, Instant)], skip: usize) -> Option<(usize, usize)> {
    let start = skip.min(a.len().saturating_sub(ALIGN));
    let fits = |j: usize| {
        (0..ALIGN).all(|i| list.get(j + i).map(|p| p.0) == a.get(start + i).map(|x| x.0))
    };
    // Identical runs can fit several places; the stream is ordered, so the latest place whose
    // publications precede the arrivals is the true one.
    let first = a.get(start)?.1;
    (0..list.len())
        .filter(|&j| fits(j))
        .rev()
        .find(|&j| list[j].1 <= first)
        .map(|j| (start, j))
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort_unstable();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// On-CPU nanoseconds of this process's threads whose name starts with `prefix`.
fn thread_cpu_ns(prefix: &str) -> u64 {
    let mut total = 0;
    for t in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let dir = t.path();
        let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        if !comm.trim().starts_with(prefix) {
            continue;
        }
        let sched = std::fs::read_to_string(dir.join("schedstat")).unwrap_or_default();
        total += sched
            .split_whitespace()
            .next()
            .and_then(|x| x.parse::<u64>().ok())
            .unwrap_or(0);
    }
    total
}

fn sim_config(interval: f64, seed: u64) -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(interval),
        seed,
        ..SimConfig::default()
    }
}

fn timing() -> Timing {
    Timing {
        min_poll: Duration::from_millis(10),
        ..Timing::default()
    }
}

/// (a) The bare baseline: reqwest, split frames on blank lines, parse the JSON.
async fn baseline(url: String, n: usize, published: Published) -> (Vec<Duration>, u64) {
    // Built like any minimal client would be; no WattDesk code involved.
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let resp = http.get(format!("{url}/api/v1/live")).send().await.unwrap();
    let mut body = resp.bytes_stream();
    let mut buf = BytesMut::new();
    let mut m = Matcher::new(published);
    let mut count = 0;
    while count < n {
        let chunk = body.next().await.unwrap().unwrap();
        buf.extend_from_slice(&chunk);
        while let Some(end) = buf.windows(2).position(|w| w == b"\n\n") {
            let frame = buf.split_to(end + 2);
            let text = std::str::from_utf8(&frame).unwrap();
            if let Some(data) = text.lines().find_map(|l| l.strip_prefix("data: ")) {
                let ev: LiveEvent = serde_json::from_str(data).unwrap();
                m.arrive(key(ev.e_in, ev.e_out, ev.p_in, ev.v_p1), Instant::now());
                count += 1;
            }
        }
    }
    let (lat, _) = m.latencies();
    (lat, count as u64)
}

/// (b) WattDesk's path: Session → feed batching → the channel consumer (JSON-encoded like IPC).
async fn session_path(url: String, n: usize, published: Published) -> (Vec<Duration>, u64) {
    let session = Session::spawn(SessionConfig {
        address: url,
        password: None,
        transport: TransportChoice::Sse,
        mqtt: None,
        timing: timing(),
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Vec<u8>, Instant, LiveBatch)>();
    let cancel = CancellationToken::new();
    let feed = tokio::spawn(wattdesk_core::live::feed::run(
        session.subscribe(),
        cancel.clone(),
        None,
        move |b| {
            let json = serde_json::to_vec(&b).unwrap();
            tx.send((json, Instant::now(), b)).is_ok()
        },
    ));
    let mut m = Matcher::new(published);
    let mut count = 0;
    while count < n {
        let (json, at, batch) = rx.recv().await.unwrap();
        assert!(json.len() < 8192);
        for s in &batch.samples {
            m.arrive(
                key(
                    s.energy_import_kwh,
                    s.energy_export_kwh,
                    s.power_import_kw,
                    s.voltage_l1_v,
                ),
                at,
            );
            count += 1;
        }
    }
    cancel.cancel();
    let _ = feed.await;
    session.stop().await;
    let (lat, _) = m.latencies();
    (lat, count as u64)
}

struct Load {
    readings: u64,
    lost: u64,
    cpu_share: f64,
}

/// `meters` devices at `hz` for `secs`, each watched by a Session + feed; counts every reading.
fn load(sim: &Runtime, client: &Runtime, meters: usize, hz: f64, secs: u64) -> Load {
    let stop = CancellationToken::new();
    let devices: Vec<SimDevice> = (0..meters)
        .map(|i| {
            sim.block_on(SimDevice::spawn(sim_config(1.0 / hz, 100 + i as u64)))
                .unwrap()
        })
        .collect();
    let published: Vec<Published> = devices
        .iter()
        .map(|d| Published::record(sim, d, stop.clone()))
        .collect();
    let received: Vec<Arrivals> = (0..meters).map(|_| Arc::default()).collect();
    let cancel = CancellationToken::new();
    let dropped = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let inject: usize = std::env::var("BENCH_INJECT_LOSS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let sessions: Vec<Session> = client.block_on(async {
        let mut v = Vec::new();
        for (d, got) in devices.iter().zip(&received) {
            let s = Session::spawn(SessionConfig {
                address: d.addr().to_string(),
                password: None,
                transport: TransportChoice::Sse,
                mqtt: None,
                timing: timing(),
            });
            let got = got.clone();
            let dropped = dropped.clone();
            tokio::spawn(wattdesk_core::live::feed::run(
                s.subscribe(),
                cancel.clone(),
                None,
                move |b: LiveBatch| {
                    let _json = serde_json::to_vec(&b).unwrap();
                    dropped.fetch_add(b.dropped, std::sync::atomic::Ordering::Relaxed);
                    let now = Instant::now();
                    let mut g = got.lock().unwrap();
                    for x in &b.samples {
                        // BENCH_INJECT_LOSS=N drops every Nth reading, to prove the loss count works.
                        if inject > 0 && g.len() % inject == inject - 1 {
                            g.push(((0, 0, 0, 0), now));
                            continue;
                        }
                        g.push((
                            key(
                                x.energy_import_kwh,
                                x.energy_export_kwh,
                                x.power_import_kw,
                                x.voltage_l1_v,
                            ),
                            now,
                        ));
                    }
                    true
                },
            ));
            v.push(s);
        }
        v
    });
    // Warm-up: every session live and delivering.
    let warm = Instant::now();
    while received.iter().any(|r| r.lock().unwrap().is_empty()) {
        assert!(
            warm.elapsed() < Duration::from_secs(30),
            "sessions did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let cpu0 = thread_cpu_ns("wd-client");
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let cpu = thread_cpu_ns("wd-client") - cpu0;
    let wall = t0.elapsed();
    let window_end = Instant::now() - Duration::from_secs(1);
    // Lost: reports published inside the window [t0, window_end] (the last second excluded: in
    // flight) that the consumer did not get. Arrivals are paired with publications index by index
    // after one alignment; a lost report shifts every later pair, so mismatched pairs and
    // publications left without an arrival both count, plus what the feed reported as dropped.
    let mut lost = dropped.load(std::sync::atomic::Ordering::Relaxed);
    let mut readings = 0;
    for (p, r) in published.iter().zip(&received) {
        let got = r.lock().unwrap().clone();
        let list = p.0.lock().unwrap().clone();
        // The recorders started before the sessions: every arrival has its publication recorded.
        let Some((start, j)) = align(&list, &got, 0) else {
            lost += list
                .iter()
                .filter(|(_, t)| *t >= t0 && *t <= window_end)
                .count() as u64;
            continue;
        };
        for (idx, (_, t)) in list.iter().enumerate().skip(j) {
            if *t < t0 || *t > window_end {
                continue;
            }
            readings += 1;
            match got.get(start + (idx - j)) {
                Some((k, _)) if *k == list[idx].0 => {}
                _ => lost += 1,
            }
        }
    }
    cancel.cancel();
    client.block_on(async {
        for s in sessions {
            s.stop().await;
        }
    });
    stop.cancel();
    for d in devices {
        sim.block_on(d.shutdown());
    }
    Load {
        readings,
        lost,
        cpu_share: cpu as f64 / wall.as_nanos() as f64,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("live_path: benchmark");
        return;
    }
    let sim = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("sim")
        .enable_all()
        .build()
        .unwrap();
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("wd-client")
        .enable_all()
        .build()
        .unwrap();
    let n: usize = std::env::var("BENCH_READINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let load_secs: u64 = std::env::var("BENCH_LOAD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);

    println!("live path benchmark: whatwatt-sim at 100 Hz on loopback, {n} readings per path in 3 alternating rounds");
    let dev = sim.block_on(SimDevice::spawn(sim_config(0.01, 7))).unwrap();
    let stop = CancellationToken::new();
    let url = dev.base_url();
    sim.block_on(async {
        let mut rx = dev.subscribe();
        let _ = rx.recv().await;
    });
    // Rounds alternate the two paths so that scheduling noise on this 2-core machine (an occasional
    // one-tick delay on either side) lands on both alike.
    let rounds = 3;
    let names = [
        "a  baseline (reqwest + frame split + JSON)",
        "b  WattDesk session → feed → channel",
    ];
    let mut lat: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut cpu = [0u64; 2];
    let mut counted = [0u64; 2];
    for round in 0..rounds {
        for which in [round % 2, 1 - round % 2] {
            let published = Published::record(&sim, &dev, stop.clone());
            let cpu0 = thread_cpu_ns("wd-client");
            let (l, count) = if which == 0 {
                client.block_on(baseline(url.clone(), n / rounds, published))
            } else {
                client.block_on(session_path(url.clone(), n / rounds, published))
            };
            cpu[which] += thread_cpu_ns("wd-client") - cpu0;
            counted[which] += count;
            lat[which].extend(l);
        }
    }
    let rows: Vec<_> = (0..2)
        .map(|w| {
            let matched = lat[w].len();
            let p50 = percentile(&mut lat[w], 0.50);
            let p99 = percentile(&mut lat[w], 0.99);
            (
                names[w],
                p50,
                p99,
                cpu[w] as f64 / counted[w] as f64 * 1000.0 / 1e6,
                matched,
            )
        })
        .collect();
    stop.cancel();
    sim.block_on(dev.shutdown());
    println!();
    println!("| path | matched | p50 latency | p99 latency | client CPU per 1,000 readings |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, p50, p99, cpu_ms, matched) in &rows {
        println!(
            "| {name} | {matched} | {:.2} ms | {:.2} ms | {:.1} ms |",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            cpu_ms
        );
    }
    let (a, b) = (&rows[0], &rows[1]);
    println!(
        "\nratio b/a: p50 {:.2}×, p99 {:.2}×, CPU {:.2}×; session overhead at p99: {:+.2} ms (target ≤ 5 ms)",
        b.1.as_secs_f64() / a.1.as_secs_f64(),
        b.2.as_secs_f64() / a.2.as_secs_f64(),
        b.3 / a.3,
        (b.2.as_secs_f64() - a.2.as_secs_f64()) * 1e3
    );

    println!("\nload: 16 meters × 10 Hz for {load_secs} s");
    let l = load(&sim, &client, 16, 10.0, load_secs);
    println!(
        "  readings {} · lost {} · client CPU {:.2} % of one core (target ≤ 2 %, 0 lost)",
        l.readings,
        l.lost,
        l.cpu_share * 100.0
    );
    println!("burst: 20 meters × 100 Hz (2,000 readings/s) for 10 s");
    let b = load(&sim, &client, 20, 100.0, 10);
    println!(
        "  readings {} · lost {} · client CPU {:.2} % of one core",
        b.readings,
        b.lost,
        b.cpu_share * 100.0
    );
}
