//! Part 3: 16 meters × 10 Hz through real SSE sessions into the history writer next to the live
//! path: the writer thread's CPU share and readings lost.

use super::util::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wattdesk_core::live::session::{Session, SessionConfig, SessionEvent, TransportChoice};
use wattdesk_core::store::ingest::Ingest;
use wattdesk_core::store::writer::Writer;
use wattdesk_core::store::{db, Point};
use whatwatt_sim::SimDevice;

pub fn run(secs: u64) {
    let meters = 16;
    let sim = runtime("sim");
    let client = runtime("wd-client");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("load.sqlite3");
    let tz: chrono_tz::Tz = "Europe/Zurich".parse().unwrap();
    let writer = Arc::new(Writer::start(
        Ingest::new(db::open(&path).unwrap(), tz, 10).unwrap(),
    ));
    let devices: Vec<SimDevice> = (0..meters)
        .map(|i| {
            sim.block_on(SimDevice::spawn(sim_config(0.1, 300 + i as u64)))
                .unwrap()
        })
        .collect();
    let delivered = Arc::new(AtomicU64::new(0));
    let sessions: Vec<Session> = client.block_on(async {
        devices
            .iter()
            .map(|d| {
                let s = Session::spawn(SessionConfig {
                    address: d.addr().to_string(),
                    password: None,
                    expect_scheme: None,
                    transport: TransportChoice::Sse,
                    mqtt: None,
                    timing: timing(),
                });
                let mut rx = s.subscribe();
                let (w, n, id) = (writer.clone(), delivered.clone(), d.id().to_owned());
                tokio::spawn(async move {
                    while let Ok(ev) = rx.recv().await {
                        if let SessionEvent::Reading(r) = ev {
                            n.fetch_add(1, Ordering::Relaxed);
                            w.record(
                                &id,
                                Point::from_reading(&r.reading, r.received),
                                r.reading.uptime_s,
                            );
                        }
                    }
                });
                s
            })
            .collect()
    });
    // Warm up until every session streams, then measure.
    std::thread::sleep(Duration::from_secs(3));
    let cpu0 = thread_cpu_ns("history-writer");
    let n0 = delivered.load(Ordering::Relaxed);
    let stored0 = writer.status().stats.readings;
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_secs(secs));
    let elapsed = t0.elapsed();
    let n1 = delivered.load(Ordering::Relaxed);
    client.block_on(async {
        for s in sessions {
            s.stop().await;
        }
        writer.flush().await.unwrap();
    });
    let cpu = thread_cpu_ns("history-writer") - cpu0;
    let s = writer.status();
    let stored = s.stats.readings - stored0;
    let conn = db::open(&path).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM readings", [], |r| r.get(0))
        .unwrap();
    println!(
        "- {meters} meters × 10 Hz for {secs} s into the store: readings delivered {} · taken by the store {} · repeats {} · lost {} (queue full {}, write failures {}) · rows in the file (with the 3 s warm-up) {rows} · history writer CPU {:.2} % of one core",
        n1 - n0,
        stored,
        s.stats.repeats,
        s.dropped + s.stats.lost,
        s.dropped,
        s.stats.lost,
        cpu as f64 / elapsed.as_nanos() as f64 * 100.0
    );
    for d in devices {
        sim.block_on(d.shutdown());
    }
}
