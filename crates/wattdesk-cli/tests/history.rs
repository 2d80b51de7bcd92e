//! `wattdesk-cli history` against the simulator: record, kill -9 mid-ingest (at most about a
//! second lost, the file opens), query as NDJSON with the meter id in either case, export CSV,
//! backfill twice from the SD card.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::{Running, CLI};
use std::time::{Duration, Instant};
use tokio::process::Command;
use whatwatt_sim::{SimConfig, SimDevice};

fn sim(history_days: u32) -> SimConfig {
    SimConfig {
        mdns: false,
        history_days,
        interval_s: Some(0.1),
        ..SimConfig::default()
    }
}

async fn cli(args: &[&str]) -> (Option<i32>, String, String) {
    common::output(
        Command::new(CLI)
            .arg("history")
            .args(args)
            .env("WATTDESK_TZ", "Europe/Zurich"),
    )
    .await
}

fn stored(db: &std::path::Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut stmt = conn.prepare("SELECT ts FROM readings ORDER BY ts").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[tokio::test]
async fn kill_9_during_ingest_loses_at_most_about_a_second() {
    let dev = SimDevice::spawn(sim(0)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite3");
    let addr = dev.addr().to_string();
    let mut rec = Running::spawn(
        &[
            "history",
            "record",
            &addr,
            "--db",
            db.to_str().unwrap(),
            "--json",
        ],
        &[("WATTDESK_TZ", "Europe/Zurich")],
    );
    // (when the line arrived, the reading's instant)
    let mut seen: Vec<(Instant, i64)> = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(4) || seen.len() < 20 {
        let v = common::within(20, "readings", rec.next()).await;
        if v["type"] == "reading" {
            seen.push((Instant::now(), v["ts_ms"].as_i64().unwrap()));
        }
    }
    rec.child.start_kill().unwrap(); // SIGKILL: no clean stop
    let killed = Instant::now();
    rec.child.wait().await.unwrap();
    let have = stored(&db);
    let must: Vec<i64> = seen
        .iter()
        .filter(|(at, _)| killed.duration_since(*at) >= Duration::from_millis(1100))
        .map(|(_, ts)| *ts)
        .collect();
    assert!(must.len() > 10, "{} readings older than 1.1 s", must.len());
    let missing: Vec<&i64> = must.iter().filter(|ts| !have.contains(ts)).collect();
    // Readings within one meter second are kept a millisecond apart: compare by second then.
    let missing: Vec<&&i64> = missing
        .iter()
        .filter(|ts| !have.iter().any(|h| h / 1000 == **ts / 1000))
        .collect();
    assert!(
        missing.is_empty(),
        "lost {} readings older than 1.1 s: {missing:?}",
        missing.len()
    );
    dev.shutdown().await;
}

#[tokio::test]
async fn record_query_and_export_with_the_id_in_either_case() {
    let dev = SimDevice::spawn(sim(0)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite3");
    let dbs = db.to_str().unwrap();
    let addr = dev.addr().to_string();
    let (code, _, err) = cli(&["record", &addr, "--db", dbs, "--seconds", "3"]).await;
    assert_eq!(code, Some(0), "{err}");
    let now = chrono::Utc::now();
    let from = (now - chrono::Duration::hours(1)).to_rfc3339();
    let to = (now + chrono::Duration::minutes(5)).to_rfc3339();
    let q = |id: String| {
        let (from, to) = (from.clone(), to.clone());
        async move {
            cli(&[
                "query", "--db", dbs, "--meter", &id, "--from", &from, "--to", &to, "--bucket",
                "1m", "--json",
            ])
            .await
        }
    };
    let (code, upper, err) = q(dev.id().to_uppercase()).await;
    assert_eq!(code, Some(0), "{err}");
    let (_, lower, _) = q(dev.id().to_lowercase()).await;
    assert_eq!(upper, lower);
    let rows: Vec<serde_json::Value> = upper
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    for key in [
        "start",
        "end",
        "energy_import_kwh",
        "energy_export_kwh",
        "power_mean_kw",
        "power_max_kw",
        "readings",
        "source",
    ] {
        assert!(rows[0].get(key).is_some(), "{key} missing in {}", rows[0]);
    }
    let readings: i64 = rows.iter().map(|r| r["readings"].as_i64().unwrap()).sum();
    assert_eq!(readings as usize, stored(&db).len());
    // Too many buckets: a clear error, not 500,000 lines.
    let (code, _, err) = cli(&[
        "query",
        "--db",
        dbs,
        "--meter",
        dev.id(),
        "--from",
        "2025-01-01T00:00:00Z",
        "--to",
        "2026-01-01T00:00:00Z",
        "--bucket",
        "1m",
    ])
    .await;
    assert_eq!(code, Some(2));
    assert!(err.contains("at most 2000"), "{err}");
    let (code, csv, err) = cli(&[
        "export",
        "--db",
        dbs,
        "--meter",
        dev.id(),
        "--from",
        &from,
        "--to",
        &to,
        "--csv",
        "--raw",
    ])
    .await;
    assert_eq!(code, Some(0), "{err}");
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("time,power_kw,energy_import_kwh"));
    assert_eq!(lines.count(), stored(&db).len());
    dev.shutdown().await;
}

#[tokio::test]
async fn backfill_twice_fills_once() {
    let dev = SimDevice::spawn(sim(1)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite3");
    let dbs = db.to_str().unwrap();
    let addr = dev.addr().to_string();
    let (code, first, err) = cli(&["backfill", &addr, "--db", dbs, "--json"]).await;
    assert_eq!(code, Some(0), "{err}");
    let first: serde_json::Value = serde_json::from_str(first.trim()).unwrap();
    assert!(first["applied"].as_u64().unwrap() > 90, "{first}");
    let (_, again, _) = cli(&["backfill", &addr, "--db", dbs, "--json"]).await;
    let again: serde_json::Value = serde_json::from_str(again.trim()).unwrap();
    assert_eq!(again["applied"], 0, "{again}");
    dev.shutdown().await;
}
