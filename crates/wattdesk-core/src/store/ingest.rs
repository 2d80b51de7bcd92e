//! Turning readings into rows: the synchronous heart of the writer (the benchmark and the property
//! tests drive it directly). Readings collect in a batch (raw rows plus partial buckets) that one
//! transaction commits; a failed commit leaves the batch to try again, so a full disk loses nothing
//! until the batch's cap is reached.

use super::bucket::{Agg, Width, FROM_LIVE};
use super::db;
use super::reading_point::Point;
use super::zone;
use super::StoreError;
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashMap};

/// Readings further apart than this leave a recorded gap (shorter ones are only empty minutes).
pub const GAP_MS: i64 = 5 * 60 * 1000;
/// A batch that cannot be written is kept up to this many readings, then the oldest are dropped.
pub const MAX_PENDING: usize = 200_000;

pub use crate::ipc::GapReason;

struct Track {
    id: i64,
    series: i64,
    /// The latest reading with energy counters (what a new one is compared with).
    last: Option<Point>,
    last_ts: Option<i64>,
    /// The latest reading itself (a repeat of it is not stored twice).
    prev: Option<Point>,
    uptime: Option<f64>,
    /// False until this process recorded a reading of the meter: a gap before it means WattDesk
    /// was not running.
    seen: bool,
    /// Why the session said it has no readings, if it did since the last reading.
    trouble: Option<GapReason>,
    day: (i64, i64),
}

#[derive(Default)]
struct Batch {
    raw: Vec<(i64, i64, Point)>,
    parts: BTreeMap<(i64, Width, i64, i64), Agg>,
    gaps: Vec<(i64, i64, i64, GapReason)>,
}

/// Counters of what ingest did, for status and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestStats {
    pub readings: u64,
    /// Skipped: the stored reading again after a restart, or a stamp more than a second older
    /// than the meter's previous one (its clock jumped back).
    pub repeats: u64,
    /// Dropped because the store could not be written for too long.
    pub lost: u64,
    pub commits: u64,
}

pub struct Ingest {
    conn: Connection,
    zone: Tz,
    raw_window_ms: i64,
    tracks: HashMap<String, Track>,
    batch: Batch,
    pub stats: IngestStats,
}

impl Ingest {
    /// `raw_days`: how long full-rate readings are kept (rollups are kept for good).
    pub fn new(conn: Connection, zone: Tz, raw_days: u32) -> Result<Ingest, StoreError> {
        super::days::ensure_zone(&conn, zone)?;
        Ok(Ingest {
            conn,
            zone,
            raw_window_ms: i64::from(raw_days) * 86_400_000,
            tracks: HashMap::new(),
            batch: Batch::default(),
            stats: IngestStats::default(),
        })
    }

    pub fn pending(&self) -> usize {
        self.batch.raw.len() + self.batch.parts.len()
    }

    fn track(&mut self, device_id: &str) -> Result<&mut Track, StoreError> {
        if !self.tracks.contains_key(device_id) {
            let id = db::meter_id(&self.conn, device_id)?;
            // Continue where the store left off: the series and the last counters of the newest
            // minute, so a restart mid-day neither splits a bucket nor starts a new series.
            let latest = self.conn.query_row(
                &format!(
                    "SELECT series, {} FROM buckets WHERE meter = ?1 AND width = 60 ORDER BY start DESC, series DESC LIMIT 1",
                    db::agg_columns()
                ),
                [id],
                |r| Ok((r.get::<_, i64>(0)?, db::read_agg(r, 1)?)),
            );
            let (series, last) = match latest {
                Ok((s, a)) => (
                    s,
                    Some(Point {
                        ts_ms: a.last_ts,
                        counters: a.last,
                        power_kw: None,
                    }),
                ),
                Err(rusqlite::Error::QueryReturnedNoRows) => (0, None),
                Err(e) => return Err(e.into()),
            };
            self.tracks.insert(
                device_id.to_owned(),
                Track {
                    id,
                    series,
                    last_ts: last.as_ref().map(|p| p.ts_ms),
                    prev: last.clone(),
                    last,
                    uptime: None,
                    seen: false,
                    trouble: None,
                    day: (0, 0),
                },
            );
        }
        self.tracks
            .get_mut(device_id)
            .ok_or_else(|| StoreError::Internal("meter track vanished".into()))
    }

    /// The session reported trouble (offline, stream taken); a gap that follows says so.
    pub fn note_trouble(&mut self, device_id: &str, reason: GapReason) -> Result<(), StoreError> {
        self.track(device_id)?.trouble = Some(reason);
        Ok(())
    }

    /// Adds one reading; `uptime_s` is the reader's uptime when known (a reboot shows as it
    /// going back).
    pub fn add(
        &mut self,
        device_id: &str,
        mut p: Point,
        uptime_s: Option<f64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let zone = self.zone;
        let cutoff = now_ms - self.raw_window_ms;
        let t = self.track(device_id)?;
        if let Some(l) = t.last_ts.filter(|l| p.ts_ms <= *l) {
            // Meters stamp whole seconds; a reader reporting faster than once a second sends
            // several reports with one stamp: each is kept, a millisecond after the previous one
            // (sessions never hand over the same report twice). Only the first reading after a
            // restart can be one already stored (the meter has not reported since), and a stamp
            // more than a second back is a clock that jumped: both are skipped.
            let replay = !t.seen && t.prev.as_ref().is_some_and(|q| q.counters == p.counters);
            if replay || l - p.ts_ms >= 1000 {
                self.stats.repeats += 1;
                return Ok(());
            }
            p.ts_ms = l + 1;
        }
        let mut gap = None;
        let mut gap_row = None;
        if let Some(last) = t.last.as_ref().filter(|_| p.has_counters()) {
            if p.went_back_from(last) {
                t.series += 1;
                gap = Some(GapReason::CounterReset);
            }
        }
        if gap.is_none() && matches!((uptime_s, t.uptime), (Some(u), Some(prev)) if u + 1.0 < prev)
        {
            gap = Some(GapReason::Reboot);
        }
        if let Some(last_ts) = t.last_ts {
            if gap.is_none() && p.ts_ms - last_ts > GAP_MS {
                gap = Some(if !t.seen {
                    GapReason::NotRecording
                } else {
                    t.trouble.unwrap_or(GapReason::Offline)
                });
            }
            if let Some(reason) = gap {
                gap_row = Some((t.id, last_ts, p.ts_ms, reason));
            }
        }
        t.seen = true;
        t.trouble = None;
        t.last_ts = Some(p.ts_ms);
        if uptime_s.is_some() {
            t.uptime = uptime_s;
        }
        if !(t.day.0 <= p.ts_ms && p.ts_ms < t.day.1) {
            let date = zone::local_date(zone, p.ts_ms);
            t.day = (
                zone::day_start_ms(zone, date),
                zone::day_start_ms(zone, zone::Period::Day.next(date)),
            );
        }
        let (id, series, day) = (t.id, t.series, t.day.0);
        if p.has_counters() {
            t.last = Some(p.clone());
        }
        t.prev = Some(p.clone());
        self.batch.gaps.extend(gap_row);
        let agg = Agg::of(&p, FROM_LIVE);
        for w in Width::ALL {
            let start = if w == Width::Day {
                day
            } else {
                w.floor_ms(p.ts_ms)
            };
            self.batch
                .parts
                .entry((id, w, start, series))
                .and_modify(|a| a.merge(&agg))
                .or_insert_with(|| agg.clone());
        }
        if p.ts_ms >= cutoff {
            self.batch.raw.push((id, series, p));
        }
        self.stats.readings += 1;
        Ok(())
    }

    /// Writes the batch in one transaction. On failure the batch stays (bounded) for the next try.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        if self.batch.raw.is_empty() && self.batch.parts.is_empty() && self.batch.gaps.is_empty() {
            return Ok(());
        }
        let result = write_batch(&mut self.conn, &self.batch);
        match result {
            Ok(()) => {
                self.batch = Batch::default();
                self.stats.commits += 1;
                Ok(())
            }
            Err(e) => {
                if self.batch.raw.len() > MAX_PENDING {
                    let drop = self.batch.raw.len() - MAX_PENDING;
                    self.batch.raw.drain(..drop);
                    self.stats.lost += drop as u64;
                }
                Err(e)
            }
        }
    }

    /// A new raw window (days); older readings go at the next prune.
    pub fn set_raw_days(&mut self, days: u32) {
        self.raw_window_ms = i64::from(days) * 86_400_000;
    }

    /// Deletes full-rate readings older than the raw window.
    pub fn prune(&mut self, now_ms: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM readings WHERE ts < ?1",
            [now_ms - self.raw_window_ms],
        )?)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn write_batch(conn: &mut Connection, b: &Batch) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut raw = tx.prepare_cached(
            "INSERT OR IGNORE INTO readings (meter, ts, series, power, imp, imp1, imp2, exp, exp1, exp2) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (meter, series, p) in &b.raw {
            let c = &p.counters;
            raw.execute(params![
                meter, p.ts_ms, series, p.power_kw, c[0], c[1], c[2], c[3], c[4], c[5]
            ])?;
        }
        for ((meter, width, start, series), agg) in &b.parts {
            db::upsert_bucket(&tx, *meter, *width, *start, *series, agg)?;
        }
        let mut gap = tx.prepare_cached(
            "INSERT INTO gaps (meter, start, end, reason) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET end = max(end, excluded.end)",
        )?;
        for (meter, start, end, reason) in &b.gaps {
            gap.execute(params![meter, start, end, reason.code()])?;
        }
    }
    tx.commit()?;
    Ok(())
}
