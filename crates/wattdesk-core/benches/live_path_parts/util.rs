//! What every part of the benchmark shares: thread CPU time, the simulator and session settings.

use std::time::Duration;
use wattdesk_core::live::session::Timing;
use whatwatt_sim::SimConfig;

/// On-CPU nanoseconds of this process's threads whose name starts with `prefix`.
pub fn thread_cpu_ns(prefix: &str) -> u64 {
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

pub fn sim_config(interval: f64, seed: u64) -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(interval),
        seed,
        ..SimConfig::default()
    }
}

pub fn timing() -> Timing {
    Timing {
        min_poll: Duration::from_millis(10),
        ..Timing::default()
    }
}

/// A one-thread runtime whose thread names start with `name` (CPU is counted per thread name).
pub fn runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .enable_all()
        .build()
        .unwrap()
}
