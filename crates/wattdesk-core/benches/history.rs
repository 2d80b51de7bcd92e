//! History-store benchmark (`cargo bench -p wattdesk-core --bench history`), in one run:
//! 1. A year of 1-second readings of one meter (31.5 M, a household with solar) generated and
//!    ingested twice: with the app's defaults (10 days of full-rate readings, rollups for good)
//!    and with every full-rate reading kept (the baseline's data). Ingest time and file size.
//! 2. Queries of ~2,000 buckets or fewer for a day, a week, a month and a year (the rollup the
//!    app picks), p50/p95 over 50 runs, against a plain SQL aggregate over the raw readings of the
//!    same range and bucket size in the same file; the ratio.
//! 3. 16 simulated meters × 10 Hz for 60 s through real SSE sessions into the history writer:
//!    the writer thread's CPU share of one core and readings lost.
//!
//! `BENCH_DAYS` shortens part 1 (default 365), `BENCH_LOAD_SECS` part 3 (default 60).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

#[path = "history_parts/load.rs"]
mod load;
#[path = "live_path_parts/util.rs"]
mod util;
#[path = "history_parts/year.rs"]
mod year;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("history: benchmark");
        return;
    }
    let days = env("BENCH_DAYS", 365);
    let dir = tempfile::Builder::new()
        .prefix("wattdesk-history-bench")
        .tempdir_in(
            std::env::var("BENCH_DIR")
                .unwrap_or_else(|_| std::env::temp_dir().display().to_string()),
        )
        .unwrap();
    println!(
        "history benchmark: {days} days of 1-second readings, files in {}",
        dir.path().display()
    );
    let defaults = year::ingest(dir.path(), "defaults", days, 10);
    let full = year::ingest(dir.path(), "all-raw", days, days as u32 + 1);
    println!();
    println!("| store | readings | ingest time | readings/s | file size | per meter-year |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for r in [&defaults, &full] {
        r.row(days);
    }
    println!();
    year::queries(&full);
    println!();
    load::run(env("BENCH_LOAD_SECS", 60));
}
