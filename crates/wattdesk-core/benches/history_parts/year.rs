//! Part 1 and 2: a generated year ingested, then queried against plain SQL over the raw readings.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wattdesk_core::store::ingest::Ingest;
use wattdesk_core::store::query::{query, Grouping};
use wattdesk_core::store::{db, Point};

const METER: &str = "BENCH00000001";

pub struct Ingested {
    pub name: &'static str,
    pub path: PathBuf,
    pub readings: u64,
    pub time: Duration,
    pub bytes: u64,
    pub start: i64,
    pub end: i64,
}

impl Ingested {
    pub fn row(&self, days: u64) {
        // Per meter-year only from a whole year: with 10 raw days the file does not grow linearly.
        let year = if days >= 365 {
            format!("{:.1} MB", self.bytes as f64 / 1e6)
        } else {
            "(run BENCH_DAYS=365)".into()
        };
        println!(
            "| {} | {} | {:.1} s | {:.0} | {:.1} MB | {} |",
            self.name,
            self.readings,
            self.time.as_secs_f64(),
            self.readings as f64 / self.time.as_secs_f64(),
            self.bytes as f64 / 1e6,
            year
        );
    }
}

/// A household: base load, evening peak, appliances switching, solar at midday (exports).
fn power_kw(t_s: i64) -> f64 {
    let day_s = t_s.rem_euclid(86_400) as f64;
    let h = day_s / 3600.0;
    let season = ((t_s as f64 / 86_400.0 / 365.0) * std::f64::consts::TAU).cos(); // 1 in winter
    let base = 0.35 + 0.15 * season;
    let evening = if (17.0..22.0).contains(&h) { 1.2 } else { 0.0 };
    let kettle = if (t_s / 37) % 97 == 0 { 2.2 } else { 0.0 };
    let solar = if (7.0..19.0).contains(&h) {
        (4.5 - 2.0 * season) * ((h - 7.0) / 12.0 * std::f64::consts::PI).sin()
    } else {
        0.0
    };
    base + evening + kettle - solar
}

pub fn ingest(dir: &Path, name: &'static str, days: u64, raw_days: u32) -> Ingested {
    let path = dir.join(format!("{name}.sqlite3"));
    let tz: chrono_tz::Tz = "Europe/Zurich".parse().unwrap();
    let mut ingest = Ingest::new(db::open(&path).unwrap(), tz, raw_days).unwrap();
    let end = chrono::Utc::now().timestamp() / 86_400 * 86_400;
    let start = end - days as i64 * 86_400;
    let (mut imp, mut exp) = (10_000.0f64, 2_000.0f64);
    let (mut t1, mut t2) = (6_000.0f64, 4_000.0f64);
    let t0 = Instant::now();
    let mut n = 0u64;
    for t in start..end {
        let p = power_kw(t);
        let step_in = p.max(0.0) / 3600.0;
        imp += step_in;
        exp += (-p).max(0.0) / 3600.0;
        let h = t.rem_euclid(86_400) / 3600;
        if (7..20).contains(&h) {
            t1 += step_in;
        } else {
            t2 += step_in;
        }
        let point = Point {
            ts_ms: t * 1000,
            counters: [Some(imp), Some(t1), Some(t2), Some(exp), None, None],
            power_kw: Some(p),
        };
        ingest.add(METER, point, None, end * 1000).unwrap();
        n += 1;
        if ingest.pending() >= 20_000 {
            ingest.commit().unwrap();
        }
    }
    ingest.commit().unwrap();
    let time = t0.elapsed();
    ingest
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let bytes = std::fs::metadata(&path).unwrap().len();
    eprintln!("{name}: {n} readings in {:.1} s", time.as_secs_f64());
    Ingested {
        name,
        path,
        readings: n,
        time,
        bytes,
        start: start * 1000,
        end: end * 1000,
    }
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// The plain-SQL answer: the same buckets aggregated from the raw readings.
fn baseline(conn: &rusqlite::Connection, meter: i64, from: i64, to: i64, width_ms: i64) -> usize {
    let mut stmt = conn
        .prepare_cached(
            "SELECT ts / ?4, max(imp) - min(imp), max(exp) - min(exp), avg(power), max(power), count(*)
             FROM readings WHERE meter = ?1 AND ts >= ?2 AND ts < ?3 GROUP BY ts / ?4",
        )
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params![meter, from, to, width_ms], |r| {
            r.get::<_, Option<f64>>(1)
        })
        .unwrap();
    rows.count()
}

pub fn queries(data: &Ingested) {
    let conn = db::open(&data.path).unwrap();
    let tz: chrono_tz::Tz = "Europe/Zurich".parse().unwrap();
    let meter = db::known_meter(&conn, METER).unwrap().unwrap();
    let end = data.end;
    let ranges = [
        ("day", 86_400_000i64),
        ("week", 7 * 86_400_000),
        ("month", 31 * 86_400_000),
        ("year", 365 * 86_400_000),
    ];
    println!("| range | buckets | store p50 | store p95 | plain SQL on raw p50 | ratio (p50) |");
    println!("| --- | --- | ---: | ---: | ---: | ---: |");
    for (name, len) in ranges {
        let from = (end - len).max(data.start);
        let g = Grouping::auto(from, end);
        let width_ms = match g {
            Grouping::Fixed(w) => w.seconds() * 1000,
            Grouping::Calendar(_) => 7 * 86_400_000,
        };
        let mut store = Vec::new();
        let mut count = 0;
        for _ in 0..50 {
            let t = Instant::now();
            count = query(&conn, meter, from, end, g, tz, tz).unwrap().len();
            store.push(t.elapsed());
        }
        let reps = if len > 40 * 86_400_000 { 3 } else { 7 };
        let mut plain = Vec::new();
        for _ in 0..reps {
            let t = Instant::now();
            std::hint::black_box(baseline(&conn, meter, from, end, width_ms));
            plain.push(t.elapsed());
        }
        let (p50, p95, b50) = (
            percentile(store.clone(), 0.5),
            percentile(store, 0.95),
            percentile(plain, 0.5),
        );
        println!(
            "| {name} | {count} × {} | {:.2} ms | {:.2} ms | {:.1} ms | {:.0}× |",
            g.code(),
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            b50.as_secs_f64() * 1e3,
            b50.as_secs_f64() / p50.as_secs_f64()
        );
    }
}
