//! History as user actions: what a range used and cost, the gaps, the peaks, the tariff plans,
//! filling from the reader's SD card, CSV export. The store (`crate::store`) does the work; this
//! file decides which meters, which zone and which client.

use super::{lock, App, CoreEvent};
use crate::error::{CoreError, Result};
use crate::ipc::*;
use crate::live::session::{SessionEvent, SessionState};
use crate::live::supervisor::Tap;
use crate::store::backfill::BackfillReport;
use crate::store::bucket::{EXPORT, IMPORT};
use crate::store::ingest::Ingest;
use crate::store::query::{self, Grouping};
use crate::store::writer::Writer;
use crate::store::{costs, db, peaks, tariff, zone, Point, StoreError};
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use crate::store::backfill::DEFAULT_DAYS as BACKFILL_DAYS;

/// The history store of a running app: its writer, a connection for reading, the zone.
pub(crate) struct HistoryRoom {
    pub path: PathBuf,
    pub writer: Option<Arc<Writer>>,
    /// Why the store could not be opened (the app runs on without history).
    pub open_problem: Option<String>,
    pub zone: Tz,
    /// Idle reading connections: each query takes one (or opens one), so a long export never
    /// holds up a query or "today so far".
    readers: Mutex<Vec<Connection>>,
    /// Meters already backfilled on connect in this run.
    pub backfilled: Mutex<std::collections::BTreeSet<String>>,
}

impl HistoryRoom {
    pub fn open(path: PathBuf, raw_days: u32) -> HistoryRoom {
        let zone = zone::user_zone();
        let (writer, open_problem) =
            match db::open(&path).and_then(|c| Ingest::new(c, zone, raw_days)) {
                Ok(ingest) => (Some(Arc::new(Writer::start(ingest))), None),
                Err(e) => {
                    tracing::warn!("history is off: {e}");
                    (None, Some(e.to_string()))
                }
            };
        HistoryRoom {
            path,
            writer,
            open_problem,
            zone,
            readers: Mutex::new(Vec::new()),
            backfilled: Mutex::new(Default::default()),
        }
    }

    /// What the supervisor calls for every session event: readings to the writer, trouble noted.
    pub fn tap(&self) -> Option<Tap> {
        let w = self.writer.clone()?;
        Some(Arc::new(move |id: &str, ev: &SessionEvent| match ev {
            SessionEvent::Reading(r) => w.record(
                id,
                Point::from_reading(&r.reading, r.received),
                r.reading.uptime_s,
            ),
            SessionEvent::State(SessionState::Offline { .. }) => w.trouble(id, GapReason::Offline),
            SessionEvent::State(SessionState::Preempted { fallback: None, .. }) => {
                w.trouble(id, GapReason::StreamTaken)
            }
            _ => {}
        }))
    }

    /// Runs `f` on the reading connection (opened on first use) off the async threads.
    pub async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Connection, &HistoryRoom) -> std::result::Result<T, StoreError> + Send + 'static,
    ) -> Result<T> {
        if let Some(p) = &self.open_problem {
            return Err(StoreError::ReadOnly(p.clone()).into());
        }
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = me.take_reader()?;
            let out = f(&conn, &me);
            me.give_back(conn);
            out
        })
        .await
        .map_err(|e| CoreError::History(StoreError::Internal(e.to_string())))?
        .map_err(CoreError::from)
    }

    fn take_reader(&self) -> std::result::Result<Connection, StoreError> {
        match lock(&self.readers).pop() {
            Some(c) => Ok(c),
            None => db::open(&self.path),
        }
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = lock(&self.readers);
        if idle.len() < 4 {
            idle.push(conn);
        }
    }

    /// The counters "today so far" starts from, per the store: the last reading before midnight
    /// when it is close to midnight, else the day's first stored reading. `None`: nothing today.
    pub fn day_base(&self, device_id: &str, midnight_ms: i64) -> Option<(f64, f64, i64)> {
        self.open_problem.is_none().then_some(())?;
        let conn = self.take_reader().ok()?;
        let base = Self::base_from(&conn, device_id, midnight_ms);
        self.give_back(conn);
        base
    }

    fn base_from(conn: &Connection, device_id: &str, midnight_ms: i64) -> Option<(f64, f64, i64)> {
        let m = db::known_meter(conn, device_id).ok()??;
        let w = crate::store::Width::Minute;
        if let Some(b) = db::bucket_before(conn, m, w, midnight_ms).ok()? {
            if midnight_ms - b.agg.last_ts <= 15 * 60_000 {
                return Some((b.agg.last[IMPORT]?, b.agg.last[EXPORT]?, midnight_ms));
            }
        }
        let a = db::bucket_after(conn, m, w, midnight_ms).ok()??;
        Some((a.agg.first[IMPORT]?, a.agg.first[EXPORT]?, a.agg.first_ts))
    }

    /// The zone stored day rollups were cut in.
    fn day_zone(conn: &Connection, fallback: Tz) -> Tz {
        db::get_meta(conn, "day_zone")
            .ok()
            .flatten()
            .and_then(|z| z.parse().ok())
            .unwrap_or(fallback)
    }
}

fn to_bucket(b: &query::Bucket, cost: Option<f64>) -> HistoryBucket {
    let e = b.energy;
    HistoryBucket {
        start_ms: b.start as f64,
        end_ms: b.end as f64,
        import_kwh: e[IMPORT],
        export_kwh: e[EXPORT],
        import_t1_kwh: e[1],
        import_t2_kwh: e[2],
        export_t1_kwh: e[4],
        export_t2_kwh: e[5],
        power_mean_kw: b.power_mean_kw,
        power_min_kw: b.power_min_kw,
        power_max_kw: b.power_max_kw,
        readings: b.readings as f64,
        source: b.source_code().into(),
        cost,
    }
}

fn summary(r: BackfillReport) -> BackfillSummary {
    BackfillSummary {
        files_seen: r.files_seen,
        files_read: r.files_read,
        rows: r.rows as f64,
        applied: r.applied as f64,
        already: r.already as f64,
        covered: r.covered as f64,
        unfit: r.unfit as f64,
        note: r.note,
    }
}

fn ms(v: f64) -> Result<i64> {
    if v.is_finite() && v.abs() < 1e15 {
        Ok(v as i64)
    } else {
        Err(CoreError::Invalid("the range is not a valid time".into()))
    }
}

impl App {
    pub(crate) fn history(&self) -> &Arc<HistoryRoom> {
        &self.inner.history
    }

    /// The device ids a request covers: one saved meter, or all of them.
    fn history_meters(&self, meter: Option<&str>) -> Result<Vec<String>> {
        match meter {
            Some(id) => Ok(vec![self.saved(id)?.device_id]),
            None => Ok(lock(&self.inner.registry)
                .meters()
                .iter()
                .map(|m| m.device_id.clone())
                .collect()),
        }
    }

    pub fn history_status(&self) -> HistoryStatus {
        let h = self.history();
        let status = h.writer.as_ref().map(|w| w.status()).unwrap_or_default();
        let size = ["", "-wal"]
            .iter()
            .filter_map(|s| std::fs::metadata(format!("{}{s}", h.path.display())).ok())
            .map(|m| m.len())
            .sum::<u64>();
        HistoryStatus {
            path: h.path.display().to_string(),
            problem: h.open_problem.clone().or(status.problem),
            raw_days: self
                .preferences()
                .history_raw_days
                .unwrap_or(crate::store::DEFAULT_RAW_DAYS),
            readings_stored: status.stats.readings as f64,
            readings_lost: (status.stats.lost + status.dropped) as f64,
            size_bytes: size as f64,
        }
    }

    /// Commits what the writer holds (tests, before a backfill or an export).
    pub async fn history_flush(&self) -> Result<()> {
        match &self.history().writer {
            Some(w) => Ok(w.flush().await?),
            None => Ok(()),
        }
    }

    pub fn tariffs(&self) -> TariffSettings {
        std::fs::read(self.paths().tariffs())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Checks and saves the tariff plans (the whole list: plans are few and edited together).
    pub fn set_tariffs(&self, settings: TariffSettings) -> Result<TariffSettings> {
        tariff::checked(&settings)?;
        crate::files::write_json(&self.paths().tariffs(), &settings, false)?;
        self.alerts_changed();
        Ok(settings)
    }

    /// What the range used and cost, bucket by bucket, with its gaps and totals.
    pub async fn history_query(&self, req: HistoryRequest) -> Result<HistoryAnswer> {
        let (from, to) = (ms(req.from_ms)?, ms(req.to_ms)?);
        let grouping = match req.bucket.as_deref() {
            Some(b) => Grouping::parse(b)?,
            None => Grouping::auto(from, to),
        };
        let ids = self.history_meters(req.meter.as_deref())?;
        let single = req.meter.is_some();
        let plans = tariff::checked(&self.tariffs()).unwrap_or_default();
        self.history()
            .read(move |conn, room| {
                let day_zone = HistoryRoom::day_zone(conn, room.zone);
                let mut per_meter = Vec::new();
                let mut meter_rows = Vec::new();
                for id in &ids {
                    if let Some(m) = db::known_meter(conn, id)? {
                        meter_rows.push(m);
                        per_meter.push(query::query(
                            conn, m, from, to, grouping, room.zone, day_zone,
                        )?);
                    }
                }
                let buckets = if per_meter.len() == 1 {
                    per_meter.pop().unwrap_or_default()
                } else {
                    query::household(per_meter)
                };
                let (costs, per_quarter) = if plans.is_empty() {
                    (None, BTreeMap::new())
                } else {
                    let q = costs::quarters(conn, &meter_rows, from, to)?;
                    match costs::costs(&q, &plans, from, to, room.zone) {
                        Some((c, pq)) => (Some(c), pq),
                        None => (None, BTreeMap::new()),
                    }
                };
                let coarse = !matches!(grouping, Grouping::Fixed(crate::store::Width::Minute));
                let out: Vec<HistoryBucket> = buckets
                    .iter()
                    .map(|b| {
                        let cost = (coarse && costs.is_some()).then(|| {
                            per_quarter
                                .range(b.start..b.end)
                                .map(|(_, c)| c)
                                .sum::<f64>()
                        });
                        to_bucket(b, cost)
                    })
                    .collect();
                let sum = |f: fn(&HistoryBucket) -> Option<f64>| {
                    let v: Vec<f64> = out.iter().filter_map(f).collect();
                    (!v.is_empty()).then(|| v.iter().sum::<f64>())
                };
                let totals = HistoryTotals {
                    import_kwh: sum(|b| b.import_kwh).unwrap_or(0.0),
                    export_kwh: sum(|b| b.export_kwh).unwrap_or(0.0),
                    import_t1_kwh: sum(|b| b.import_t1_kwh),
                    import_t2_kwh: sum(|b| b.import_t2_kwh),
                    from_device_log: out.iter().filter(|b| b.source != "live").count() as f64,
                    costs,
                };
                let gaps = if single {
                    match meter_rows.first() {
                        Some(&m) => gaps(conn, m, from, to)?,
                        None => Vec::new(),
                    }
                } else {
                    Vec::new()
                };
                Ok(HistoryAnswer {
                    bucket: grouping.code().into(),
                    zone: room.zone.name().into(),
                    buckets: out,
                    gaps,
                    totals,
                })
            })
            .await
    }

    /// Monthly 15-minute peaks of the last twelve months and the current quarter's outlook.
    pub async fn history_peaks(&self, meter: Option<String>) -> Result<PeakSummary> {
        let ids = self.history_meters(meter.as_deref())?;
        let power_now: Option<f64> = ids
            .iter()
            .filter_map(|id| {
                let p = self.inner.supervisor.presence(id);
                p.latest.and_then(|r| r.reading.power_import_kw)
            })
            .reduce(|a, b| a + b);
        let t = self.tariffs();
        let now = chrono::Utc::now().timestamp_millis();
        self.history_flush().await?;
        self.history()
            .read(move |conn, room| {
                let meters: Vec<i64> = ids
                    .iter()
                    .filter_map(|id| db::known_meter(conn, id).ok().flatten())
                    .collect();
                let from = peaks::window_start(room.zone, now);
                let q = costs::quarters(conn, &meters, from, now + 900_000)?;
                Ok(peaks::summary(
                    &q,
                    room.zone,
                    t.capacity.as_ref(),
                    t.quarter_limit_kw,
                    now,
                    power_now,
                ))
            })
            .await
    }

    /// Fills the meter's history from its SD-card log (the last `days` days).
    pub async fn history_backfill(&self, device_id: &str, days: u32) -> Result<BackfillSummary> {
        let saved = self.saved(device_id)?;
        if let Some(p) = &self.history().open_problem {
            return Err(StoreError::ReadOnly(p.clone()).into());
        }
        self.history_flush().await?;
        let client = self.device_client(&saved.device_id)?;
        let report =
            crate::store::backfill::backfill(&client, &self.history().path, &saved.device_id, days)
                .await?;
        if report.applied > 0 {
            let _ = self
                .inner
                .events
                .send(CoreEvent::HistoryFilled(saved.device_id.clone()));
        }
        Ok(summary(report))
    }

    /// On the first live state of a meter in this run: fill what its SD card has (quietly).
    pub(crate) fn backfill_on_connect(&self, device_id: &str) {
        if !lock(&self.history().backfilled).insert(device_id.to_owned()) {
            return;
        }
        let app = self.clone();
        let id = device_id.to_owned();
        let cancel = self.inner.cancel.clone();
        let task = tokio::spawn(async move {
            tokio::select! {
                _ = cancel.cancelled() => {}
                r = app.history_backfill(&id, BACKFILL_DAYS) => match r {
                    Ok(s) => tracing::info!("history: {id}: {} rows from the SD card ({} already there)", s.applied, s.already),
                    Err(e) => tracing::info!("history: {id}: SD-card backfill skipped: {e}"),
                }
            }
        });
        lock(&self.inner.tasks).push(task);
    }

    /// Writes a CSV of the range to `file`: buckets, or (`raw`) the full-rate readings still kept.
    pub async fn history_export(
        &self,
        req: HistoryRequest,
        raw: bool,
        file: &Path,
        progress: impl Fn(ExportProgress) + Send + 'static,
    ) -> Result<u64> {
        let id = req
            .meter
            .clone()
            .ok_or_else(|| CoreError::rule("err_history_choose_meter", &[]))?;
        let id = self.saved(&id)?.device_id;
        let (from, to) = (ms(req.from_ms)?, ms(req.to_ms)?);
        let grouping = match req.bucket.as_deref() {
            Some(b) => Grouping::parse(b)?,
            None => Grouping::Fixed(crate::store::Width::Quarter),
        };
        self.history_flush().await?;
        let file = file.to_owned();
        self.history()
            .read(move |conn, room| {
                let day_zone = HistoryRoom::day_zone(conn, room.zone);
                let Some(meter) = db::known_meter(conn, &id)? else {
                    return Err(StoreError::BadRequest(
                        "no history for this meter yet".into(),
                    ));
                };
                let tmp = file.with_extension("csv.part");
                let f = std::fs::File::create(&tmp).map_err(|e| StoreError::io(&tmp, &e))?;
                let mut out = std::io::BufWriter::new(f);
                let mut report = |fraction: f64, rows: u64| {
                    progress(ExportProgress {
                        fraction,
                        rows: rows as f64,
                        done: false,
                        file: None,
                    })
                };
                let rows = if raw {
                    crate::store::export::raw_csv(conn, meter, from, to, &mut out, &mut report)?
                } else {
                    crate::store::export::buckets_csv(
                        conn,
                        meter,
                        from,
                        to,
                        grouping,
                        room.zone,
                        day_zone,
                        &mut out,
                        &mut report,
                    )?
                };
                drop(out);
                std::fs::rename(&tmp, &file).map_err(|e| StoreError::io(&file, &e))?;
                progress(ExportProgress {
                    fraction: 1.0,
                    rows: rows as f64,
                    done: true,
                    file: Some(file.display().to_string()),
                });
                Ok(rows)
            })
            .await
    }
}

impl App {
    /// The meter's net power over the last `seconds` (at most a day), for a live chart that opens
    /// or starts after a restart: full-rate readings for an hour or less (thinned to ~3,600
    /// points), minute means beyond.
    pub async fn history_recent(&self, device_id: &str, seconds: u32) -> Result<Vec<PowerPoint>> {
        let id = self.saved(device_id)?.device_id;
        let seconds = i64::from(seconds.clamp(60, 86_400));
        self.history_flush().await?;
        let now = chrono::Utc::now().timestamp_millis();
        let from = now - seconds * 1000;
        self.history()
            .read(move |conn, _| {
                let Some(m) = db::known_meter(conn, &id)? else {
                    return Ok(Vec::new());
                };
                if seconds <= 3600 {
                    let n: i64 = conn.query_row(
                        "SELECT count(*) FROM readings WHERE meter = ?1 AND ts >= ?2",
                        rusqlite::params![m, from],
                        |r| r.get(0),
                    )?;
                    let step = (n / 3600).max(1);
                    let mut stmt = conn.prepare_cached(
                        "SELECT ts, power FROM readings WHERE meter = ?1 AND ts >= ?2 AND power IS NOT NULL ORDER BY ts",
                    )?;
                    let rows = stmt.query_map(rusqlite::params![m, from], |r| {
                        Ok(PowerPoint {
                            t_ms: r.get::<_, i64>(0)? as f64,
                            kw: r.get(1)?,
                        })
                    })?;
                    Ok(rows
                        .filter_map(|r| r.ok())
                        .enumerate()
                        .filter(|(i, _)| (*i as i64) % step == 0)
                        .map(|(_, p)| p)
                        .collect())
                } else {
                    let minute = crate::store::Width::Minute;
                    Ok(db::buckets(conn, m, minute, minute.floor_ms(from), now + 1)?
                        .into_iter()
                        .filter_map(|b| {
                            Some(PowerPoint {
                                t_ms: (b.start + 30_000) as f64,
                                kw: b.agg.power_mean()?,
                            })
                        })
                        .collect())
                }
            })
            .await
    }
}

fn gaps(
    conn: &Connection,
    meter: i64,
    from: i64,
    to: i64,
) -> std::result::Result<Vec<HistoryGap>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, reason, filled FROM gaps WHERE meter = ?1 AND end > ?2 AND start < ?3 ORDER BY start",
    )?;
    let rows = stmt.query_map(rusqlite::params![meter, from, to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (start, end, reason, filled) = row?;
        if let Some(reason) = GapReason::from_code(&reason) {
            out.push(HistoryGap {
                start_ms: start as f64,
                end_ms: end as f64,
                reason,
                filled_rows: filled as f64,
            });
        }
    }
    Ok(out)
}
