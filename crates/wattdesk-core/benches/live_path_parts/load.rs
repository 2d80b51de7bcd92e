//! Many meters at once: readings lost and the client's CPU share.

use super::pairing::*;
use super::util::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio_util::sync::CancellationToken;
use wattdesk_core::ipc::LiveBatch;
use wattdesk_core::live::session::{Session, SessionConfig, TransportChoice};
use whatwatt_sim::SimDevice;

pub struct Load {
    pub readings: u64,
    pub lost: u64,
    pub cpu_share: f64,
}

/// `meters` devices at `hz` for `secs`, each watched by a Session + feed; counts every reading.
pub fn load(sim: &Runtime, client: &Runtime, meters: usize, hz: f64, secs: u64) -> Load {
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
                expect_scheme: None,
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
