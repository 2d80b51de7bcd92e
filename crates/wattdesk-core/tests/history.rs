//! The history store: bucket energies add up to counter differences over any range and any
//! grouping (property test), DST days, a counter reset, a restart mid-day, backfill from the
//! simulator's SD card (matches its CSV, twice changes nothing), costs and a store that cannot be
//! written; and through the app: a live session's readings land in it and "today so far" starts
//! from it after a restart.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use chrono_tz::Tz;
use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use wattdesk_core::ipc::*;
use wattdesk_core::store::bucket::Width;
use wattdesk_core::store::ingest::Ingest;
use wattdesk_core::store::query::{query, Grouping};
use wattdesk_core::store::zone::{day_start_ms, Period};
use wattdesk_core::store::{backfill, costs, db, tariff, Point};
use wattdesk_core::DemoMode;
use whatwatt_sim::License;

const MIN: i64 = 60_000;

fn zurich() -> Tz {
    "Europe/Zurich".parse().unwrap()
}

fn point(ts: i64, imp: f64, exp: f64) -> Point {
    Point {
        ts_ms: ts,
        counters: [
            Some(imp),
            Some(imp * 0.6),
            Some(imp * 0.4),
            Some(exp),
            None,
            None,
        ],
        power_kw: Some(1.0),
    }
}

fn store(dir: &tempfile::TempDir) -> (std::path::PathBuf, Ingest) {
    let path = dir.path().join("h.sqlite3");
    let ingest = Ingest::new(db::open(&path).unwrap(), zurich(), 10_000).unwrap();
    (path, ingest)
}

fn ingest_all(ingest: &mut Ingest, points: &[Point]) {
    for p in points {
        ingest
            .add("AABBCCDDEEFF", p.clone(), None, p.ts_ms)
            .unwrap();
    }
    ingest.commit().unwrap();
}

/// Expected import energy of `[from, to)`: each step between consecutive readings of one series
/// belongs to the bucket of the later reading.
fn expected(points: &[Point], from: i64, to: i64) -> f64 {
    points
        .windows(2)
        .filter(|w| w[1].ts_ms >= from && w[1].ts_ms < to)
        .map(|w| w[1].counters[0].unwrap() - w[0].counters[0].unwrap())
        .filter(|d| *d >= 0.0) // a reset starts a new series: its step is not energy
        .sum()
}

fn total(conn: &rusqlite::Connection, from: i64, to: i64, g: Grouping, tz: Tz) -> f64 {
    let m = db::known_meter(conn, "aabbccddeeff").unwrap().unwrap();
    query(conn, m, from, to, g, tz, zurich())
        .unwrap()
        .iter()
        .map(|b| {
            assert!(
                b.energy[0].unwrap_or(0.0) >= 0.0,
                "a negative bucket: {b:?}"
            );
            b.energy[0].unwrap_or(0.0)
        })
        .sum()
}

/// Readings from steps: (minutes after the previous one, kWh added; negative = the meter was
/// replaced and starts again from that amount).
fn series(start: i64, steps: &[(u16, f64)]) -> Vec<Point> {
    let mut t = start;
    let mut imp = 1000.0;
    let mut out = vec![point(t, imp, 5.0)];
    for &(gap, add) in steps {
        t += i64::from(gap.max(1)) * MIN / 4; // quarter-minute resolution
        imp = if add < 0.0 { -add } else { imp + add };
        out.push(point(t, imp, 5.0));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn bucket_energies_add_up_to_the_counter_difference(
        steps in prop::collection::vec((1u16..2000, prop_oneof![9 => 0.0f64..2.0, 1 => -50.0f64..-1.0]), 50..300),
        cut in 0usize..1000,
        len in 1usize..1000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut ingest) = store(&dir);
        // Starts a week before the autumn DST change, so ranges cross it and a month boundary.
        let start = day_start_ms(zurich(), NaiveDate::from_ymd_opt(2026, 10, 18).unwrap()) + 7 * MIN;
        let points = series(start, &steps);
        ingest_all(&mut ingest, &points);
        let conn = ingest.connection();
        let span = points.last().unwrap().ts_ms - start;
        let pick = |f: usize| start - MIN + (span as i128 * f as i128 / 1000) as i64;
        for g in [
            Grouping::Fixed(Width::Minute),
            Grouping::Fixed(Width::Quarter),
            Grouping::Fixed(Width::Hour),
            Grouping::Fixed(Width::Day),
            Grouping::Calendar(Period::Week),
            Grouping::Calendar(Period::Month),
        ] {
            // Any range on the grouping's own boundaries.
            let align = |ms: i64| match g {
                Grouping::Fixed(Width::Day) => wattdesk_core::store::zone::period_start_ms(zurich(), Period::Day, ms),
                Grouping::Fixed(w) => w.floor_ms(ms),
                Grouping::Calendar(p) => wattdesk_core::store::zone::period_start_ms(zurich(), p, ms),
            };
            let from = align(pick(cut));
            // The end of the bucket holding the picked instant (a local day may be 23 or 25 hours).
            let last = align(pick((cut + len).min(1000)));
            let date = wattdesk_core::store::zone::local_date(zurich(), last);
            let to = match g {
                Grouping::Fixed(Width::Day) => day_start_ms(zurich(), Period::Day.next(date)),
                Grouping::Fixed(w) => last + w.seconds() * 1000,
                Grouping::Calendar(p) => day_start_ms(zurich(), p.next(p.first_day(date))),
            };
            if g.count(from, to) > 2000 {
                continue;
            }
            let got = total(conn, from, to, g, zurich());
            let want = expected(&points, from, to);
            prop_assert!((got - want).abs() < 1e-6, "{g:?} [{from}, {to}): {got} != {want}");
        }
    }
}

#[test]
fn dst_days_have_23_and_25_hourly_buckets_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut ingest) = store(&dir);
    let tz = zurich();
    for day in ["2026-03-29", "2026-10-25"] {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let (a, b) = (day_start_ms(tz, d), day_start_ms(tz, Period::Day.next(d)));
        let points: Vec<Point> = (0..(b - a) / MIN)
            .map(|i| point(a + i * MIN, 100.0 + i as f64 * 0.01, 1.0))
            .collect();
        ingest_all(&mut ingest, &points);
        let m = db::known_meter(ingest.connection(), "AABBCCDDEEFF")
            .unwrap()
            .unwrap();
        let hours = query(
            ingest.connection(),
            m,
            a,
            b,
            Grouping::Fixed(Width::Hour),
            tz,
            tz,
        )
        .unwrap();
        let days = query(
            ingest.connection(),
            m,
            a,
            b,
            Grouping::Fixed(Width::Day),
            tz,
            tz,
        )
        .unwrap();
        assert_eq!(hours.len() as i64, (b - a) / 3_600_000, "{day}");
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].end, b);
        let sum: f64 = hours.iter().map(|h| h.energy[0].unwrap()).sum();
        let want = points.last().unwrap().counters[0].unwrap() - points[0].counters[0].unwrap();
        assert!((sum - want).abs() < 1e-9, "{day}: {sum} vs {want}");
        // The first minute's own energy is unknown (no reading before it); the day adds up.
        assert!((days[0].energy[0].unwrap() - want).abs() < 1e-9);
    }
    // A day asked for in another zone is cut from quarter hours: still the counter difference.
    let d = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    let ny: Tz = "America/New_York".parse().unwrap();
    let m = db::known_meter(ingest.connection(), "AABBCCDDEEFF")
        .unwrap()
        .unwrap();
    let (a, b) = (day_start_ms(ny, d), day_start_ms(ny, Period::Day.next(d)));
    let days = query(
        ingest.connection(),
        m,
        a,
        b,
        Grouping::Fixed(Width::Day),
        ny,
        tz,
    )
    .unwrap();
    assert_eq!((days.len(), days[0].start, days[0].end), (1, a, b));
}

#[test]
fn a_counter_that_goes_back_starts_a_new_series_without_a_negative_bucket() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut ingest) = store(&dir);
    let t0 = Width::Minute.floor_ms(1_790_000_000_000);
    let points = vec![
        point(t0, 500.0, 1.0),
        point(t0 + MIN, 501.0, 1.0),
        point(t0 + 2 * MIN, 3.0, 0.0), // new meter
        point(t0 + 3 * MIN, 3.5, 0.0),
    ];
    ingest_all(&mut ingest, &points);
    let conn = ingest.connection();
    let m = db::known_meter(conn, "AABBCCDDEEFF").unwrap().unwrap();
    let rows = query(
        conn,
        m,
        t0,
        t0 + 4 * MIN,
        Grouping::Fixed(Width::Minute),
        zurich(),
        zurich(),
    )
    .unwrap();
    let e: Vec<f64> = rows.iter().map(|b| b.energy[0].unwrap()).collect();
    assert_eq!(e, vec![0.0, 1.0, 0.0, 0.5]);
    let reason: String = conn
        .query_row("SELECT reason FROM gaps WHERE meter = ?1", [m], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(reason, "counter_reset");
}

#[test]
fn a_restart_mid_day_gives_the_same_buckets_as_one_run() {
    let t0 = day_start_ms(zurich(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    let points: Vec<Point> = (0..600)
        .map(|i| point(t0 + i * 20_000, 10.0 + i as f64 * 0.003, 2.0))
        .collect();
    let run = |split: usize| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite3");
        let mut a = Ingest::new(db::open(&path).unwrap(), zurich(), 10_000).unwrap();
        ingest_all(&mut a, &points[..split]);
        drop(a);
        let mut b = Ingest::new(db::open(&path).unwrap(), zurich(), 10_000).unwrap();
        // The first reading after the restart is one already stored: it is not counted twice.
        ingest_all(&mut b, &points[split.saturating_sub(1)..]);
        let m = db::known_meter(b.connection(), "AABBCCDDEEFF")
            .unwrap()
            .unwrap();
        let g = Grouping::Fixed(Width::Quarter);
        let q = query(
            b.connection(),
            m,
            t0,
            t0 + 86_400_000,
            g,
            zurich(),
            zurich(),
        )
        .unwrap();
        assert!(b.stats.repeats <= 1);
        q
    };
    assert_eq!(run(600), run(217));
}

#[test]
fn a_store_that_cannot_be_written_says_so_and_the_app_runs_on() {
    let dir = tempfile::tempdir().unwrap();
    // The data directory is a file: nothing can be created under it.
    std::fs::write(dir.path().join("data"), b"not a directory").unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = start_app(dir.path(), DemoMode::Off).await;
        let status = app.history_status();
        let problem = status.problem.expect("a problem is reported");
        assert!(problem.contains("cannot use"), "{problem}");
        let e = app
            .history_query(HistoryRequest {
                meter: None,
                from_ms: 0.0,
                to_ms: 86_400_000.0,
                bucket: None,
            })
            .await
            .unwrap_err();
        assert_eq!(
            wattdesk_core::AppError::from(e).code,
            wattdesk_core::ErrorCode::HistoryUnavailable
        );
        app.shutdown().await;
    });
}

fn quarters(rows: &[(&str, f64, f64)], tz: Tz) -> BTreeMap<i64, [Option<f64>; 6]> {
    rows.iter()
        .map(|(local, imp, exp)| {
            let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
            let ms = chrono::TimeZone::from_local_datetime(&tz, &t)
                .unwrap()
                .timestamp_millis();
            (ms, [Some(*imp), None, None, Some(*exp), None, None])
        })
        .collect()
}

#[test]
fn costs_follow_the_schedule_the_plan_in_force_and_the_fee_pro_rata() {
    let tz = zurich();
    let mut plan = tariff::example_plan(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    plan.name = "old".into();
    let mut newer = plan.clone();
    newer.name = "new".into();
    newer.valid_from = "2026-11-16".into();
    newer.energy = EnergyPricing::Flat { price_per_kwh: 0.5 };
    let settings = TariffSettings {
        plans: vec![newer, plan],
        quarter_limit_kw: None,
        capacity: None,
    };
    let plans = tariff::checked(&settings).unwrap();
    let q = quarters(
        &[
            ("2026-11-02 06:45", 1.0, 0.0), // Monday, before 07: low 0.24
            ("2026-11-02 07:00", 1.0, 0.0), // Monday 07:00: high 0.32
            ("2026-11-02 19:45", 1.0, 2.0), // still high; 2 kWh export at 0.10
            ("2026-11-07 13:00", 1.0, 0.0), // Saturday 13:00: low again
            ("2026-11-08 10:00", 1.0, 0.0), // Sunday: low
            ("2026-11-20 10:00", 2.0, 0.0), // the new plan: flat 0.5
        ],
        tz,
    );
    let from = day_start_ms(tz, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let to = day_start_ms(tz, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let (c, per_quarter) = costs::costs(&q, &plans, from, to, tz).unwrap();
    let line = |k: CostLineKind| c.energy.iter().find(|x| x.kind == k).unwrap().amount;
    assert!((line(CostLineKind::EnergyLow) - 0.72).abs() < 1e-9);
    assert!((line(CostLineKind::EnergyHigh) - 0.64).abs() < 1e-9);
    assert!((line(CostLineKind::Energy) - 1.0).abs() < 1e-9);
    assert!((c.export_credit - 0.2).abs() < 1e-9);
    // The fee: 8.0 a month, the whole month covered, by two plans with the same fee.
    assert!((c.fixed_fee - 8.0).abs() < 1e-9, "{}", c.fixed_fee);
    assert!((c.total - (0.72 + 0.64 + 1.0 + 8.0 - 0.2)).abs() < 1e-9);
    assert_eq!(c.plans, vec!["old".to_owned(), "new".to_owned()]);
    assert_eq!(per_quarter.len(), 6);
    // Half of November: half the fee.
    let mid = day_start_ms(tz, NaiveDate::from_ymd_opt(2026, 11, 16).unwrap());
    let (half, _) = costs::costs(&q, &plans, from, mid, tz).unwrap();
    assert!((half.fixed_fee - 4.0).abs() < 1e-9, "{}", half.fixed_fee);
    // Energy before the first plan is left unpriced, and said so.
    let early = quarters(&[("2026-10-31 10:00", 3.0, 0.0)], tz);
    let (c, _) = costs::costs(&early, &plans, from - 86_400_000, from, tz).unwrap();
    assert_eq!((c.unpriced_kwh, c.total), (3.0, 0.0));
}

#[test]
fn bad_plans_are_refused_with_the_reason() {
    let mut p = tariff::example_plan(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    p.currency = "Swiss francs".into();
    let e = tariff::checked(&TariffSettings {
        plans: vec![p.clone()],
        ..Default::default()
    })
    .unwrap_err();
    assert!(e.to_string().contains("three-letter"), "{e}");
    p.currency = "CHF".into();
    p.energy = EnergyPricing::Schedule {
        high_per_kwh: 0.3,
        low_per_kwh: 0.2,
        high_hours: vec![HighHours {
            days: vec![8],
            from_hour: 7,
            to_hour: 20,
        }],
    };
    assert!(tariff::checked(&TariffSettings {
        plans: vec![p],
        ..Default::default()
    })
    .is_err());
}

/// A simulated reader with `cfg`, an empty store and a client for the reader.
async fn card_and_store(
    cfg: whatwatt_sim::SimConfig,
) -> (
    whatwatt_sim::SimDevice,
    tempfile::TempDir,
    std::path::PathBuf,
    whatwatt::Client,
) {
    let dev = spawn(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite3");
    drop(Ingest::new(db::open(&path).unwrap(), zurich(), 10).unwrap());
    let client = whatwatt::Client::builder(&dev.addr().to_string())
        .build()
        .unwrap();
    (dev, dir, path, client)
}

#[tokio::test]
async fn backfill_from_the_sd_card_matches_its_csv_and_twice_changes_nothing() {
    let (dev, _dir, path, client) = card_and_store(whatwatt_sim::SimConfig {
        history_days: 2,
        ..sim(License::Plus, 0.5)
    })
    .await;
    let first = backfill::backfill(&client, &path, dev.id(), 31)
        .await
        .unwrap();
    assert!(first.applied > 150, "{first:?}");
    assert_eq!(first.note, None);
    let again = backfill::backfill(&client, &path, dev.id(), 31)
        .await
        .unwrap();
    assert_eq!(again.applied, 0, "{again:?}");
    // Every applied row's counter is its quarter hour's last counter (rows are 15 minutes apart).
    let conn = db::open(&path).unwrap();
    let m = db::known_meter(&conn, dev.id()).unwrap().unwrap();
    let listing = client.sdcard_list("").await.unwrap();
    let mut checked = 0;
    for f in listing
        .files
        .iter()
        .filter(|f| backfill::log_day(&f.name).is_some())
    {
        let text =
            String::from_utf8(client.sdcard_download(&f.name).await.unwrap().to_vec()).unwrap();
        for row in whatwatt::models::sdcard::parse_csv(&text).unwrap() {
            let Some(p) = Point::from_csv(&row) else {
                continue;
            };
            let q = Width::Quarter.floor_ms(p.ts_ms);
            let last: Option<f64> = conn
                .query_row(
                    "SELECT imp_l FROM buckets WHERE meter = ?1 AND width = 900 AND start = ?2 AND last_ts = ?3",
                    rusqlite::params![m, q, p.ts_ms],
                    |r| r.get(0),
                )
                .ok();
            if let Some(last) = last {
                assert_eq!(Some(last), p.counters[0]);
                checked += 1;
            }
        }
    }
    assert!(
        checked as u64 >= first.applied * 9 / 10,
        "{checked} of {}",
        first.applied
    );
    let source: i64 = conn
        .query_row(
            "SELECT min(sources) FROM buckets WHERE meter = ?1",
            [m],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(source, 2, "rows from the card are marked as such");
    dev.shutdown().await;
}

#[tokio::test]
async fn a_card_less_reader_says_why_nothing_was_filled() {
    let (dev, _dir, path, client) = card_and_store(whatwatt_sim::SimConfig {
        sd_card: false,
        ..sim(License::Plus, 0.5)
    })
    .await;
    let r = backfill::backfill(&client, &path, dev.id(), 31)
        .await
        .unwrap();
    assert_eq!(r.applied, 0);
    assert!(r.note.unwrap().contains("no SD card"));
    dev.shutdown().await;
}

#[tokio::test]
async fn live_readings_land_in_the_store_and_today_starts_from_it_after_a_restart() {
    let dev = spawn(sim(License::Plus, 0.2)).await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    let mut rx = app.subscribe_meter(dev.id()).unwrap();
    let got = readings(&mut rx, None, 10, 20).await;
    app.history_flush().await.unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let answer = app
        .history_query(HistoryRequest {
            meter: Some(dev.id().to_lowercase()),
            from_ms: (now - 3_600_000) as f64,
            to_ms: (now + 60_000) as f64,
            bucket: Some("1m".into()),
        })
        .await
        .unwrap();
    let stored: f64 = answer.buckets.iter().map(|b| b.readings).sum();
    assert!(stored >= 10.0, "{answer:?}");
    assert!(app.history_status().readings_stored >= 10.0);
    let first_ts = Point::from_reading(&got[0].reading, got[0].received).ts_ms;
    app.shutdown().await;

    // A new run: the day starts from the stored counters, not from its own first reading.
    let app = start_app(dir.path(), DemoMode::Off).await;
    let mut rx = app.subscribe_meter(dev.id()).unwrap();
    let again = readings(&mut rx, None, 3, 20).await;
    assert!(Point::from_reading(&again[0].reading, again[0].received).ts_ms > first_ts);
    let app_ref = &app;
    let id = dev.id().to_owned();
    let id = &id;
    let today = until(10, "today from the store", || async move {
        let m = app_ref.meters().into_iter().find(|m| m.device_id == *id)?;
        m.today.filter(|t| t.since_ms <= first_ts)
    })
    .await;
    assert!(today.import_kwh <= again[0].reading.energy_import_kwh.unwrap());
    app.shutdown().await;
    dev.shutdown().await;
}

#[test]
fn a_full_disk_keeps_the_batch_says_why_and_loses_nothing_once_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut ingest) = store(&dir);
    let t0 = Width::Minute.floor_ms(1_790_000_000_000);
    ingest_all(&mut ingest, &[point(t0, 1.0, 0.0)]);
    // SQLite's own limit on the file's pages stands in for a full disk: the same SQLITE_FULL.
    let pages: i64 = ingest
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    ingest
        .connection()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let points: Vec<Point> = (1..3000)
        .map(|i| point(t0 + i * 1000, 1.0 + i as f64 * 0.001, 0.0))
        .collect();
    for p in &points {
        ingest
            .add("AABBCCDDEEFF", p.clone(), None, p.ts_ms)
            .unwrap();
    }
    let e = ingest.commit().unwrap_err();
    assert!(e.to_string().contains("disk is full"), "{e}");
    assert!(ingest.pending() > 0, "the batch is kept for the next try");
    ingest
        .connection()
        .pragma_update(None, "max_page_count", 1_000_000)
        .unwrap();
    ingest.commit().unwrap();
    let n: i64 = ingest
        .connection()
        .query_row("SELECT count(*) FROM readings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3000);
    assert_eq!(ingest.stats.lost, 0);
}

#[tokio::test]
async fn a_meter_going_live_fills_its_history_from_its_sd_card_and_says_so() {
    let dev = spawn(whatwatt_sim::SimConfig {
        history_days: 1,
        ..sim(License::Plus, 0.5)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    let mut events = app.subscribe();
    add(&app, &dev).await;
    let id = within(30, "history-filled", async {
        loop {
            if let Ok(wattdesk_core::CoreEvent::HistoryFilled(id)) = events.recv().await {
                return id;
            }
        }
    })
    .await;
    assert_eq!(id, dev.id());
    let now = chrono::Utc::now().timestamp_millis();
    let answer = app
        .history_query(HistoryRequest {
            meter: Some(dev.id().into()),
            from_ms: (now - 86_400_000) as f64,
            to_ms: now as f64,
            bucket: Some("15m".into()),
        })
        .await
        .unwrap();
    let from_card = answer
        .buckets
        .iter()
        .filter(|b| b.source == "device_log")
        .count();
    assert!(from_card >= 90, "{from_card} quarter hours from the card");
    assert!(answer.totals.from_device_log >= 90.0);
    app.shutdown().await;
    dev.shutdown().await;
}
