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

#[path = "live_path_parts/load.rs"]
mod load;
#[path = "live_path_parts/pairing.rs"]
mod pairing;
#[path = "live_path_parts/paths.rs"]
mod paths;
#[path = "live_path_parts/util.rs"]
mod util;

use load::*;
use pairing::*;
use paths::*;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use util::*;
use whatwatt_sim::SimDevice;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("live_path: benchmark");
        return;
    }
    let sim = runtime("sim");
    let client = runtime("wd-client");
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
