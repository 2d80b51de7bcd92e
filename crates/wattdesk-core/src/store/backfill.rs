//! Filling history from the reader's own SD-card log (`/sdcard/YYYYMMDD.CSV`, docs:
//! sdcard/csv-format). Each row is a counter point; it is applied once (`device_log_rows`), only
//! where the store has no live readings for its quarter hour, and only if its counters fit the
//! neighbouring buckets' series. Running it twice changes nothing.
//!
//! The docs do not list the SD card among the PLUS features, so a FREE reader is asked too; a
//! `404 License required` or a `503` (no card) is reported as why nothing was filled.

use super::bucket::{Agg, Width, FROM_DEVICE_LOG, FROM_LIVE, IMPORT};
use super::db;
use super::reading_point::Point;
use super::zone;
use super::StoreError;
use chrono::{Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use whatwatt::models::sdcard::parse_csv;
use whatwatt::Client;

/// Days of SD-card log read on connect and by the app's button.
pub const DEFAULT_DAYS: u32 = 31;

/// What a backfill did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackfillReport {
    /// Daily files on the card within the window.
    pub files_seen: u32,
    /// Files downloaded (new, or grown since the last backfill).
    pub files_read: u32,
    pub rows: u64,
    /// Rows that went into the history.
    pub applied: u64,
    /// Rows applied by an earlier backfill.
    pub already: u64,
    /// Rows in quarter hours the live readings already cover.
    pub covered: u64,
    /// Rows whose counters do not fit the stored series around them (another meter, a reset).
    pub unfit: u64,
    /// Why nothing could be read, in plain words (no card, FREE licence, no log files).
    pub note: Option<String>,
}

/// Is `name` a daily log file (`YYYYMMDD.CSV`), and of which day?
pub fn log_day(name: &str) -> Option<NaiveDate> {
    let stem = name
        .strip_suffix(".CSV")
        .or_else(|| name.strip_suffix(".csv"))?;
    (stem.len() == 8 && stem.bytes().all(|b| b.is_ascii_digit()))
        .then(|| NaiveDate::parse_from_str(stem, "%Y%m%d").ok())
        .flatten()
}

/// Reads the card's daily files of the last `days` days and applies them to the store at `db`.
pub async fn backfill(
    client: &Client,
    db_path: &Path,
    device_id: &str,
    days: u32,
) -> Result<BackfillReport, StoreError> {
    let mut report = BackfillReport::default();
    let listing = match client.sdcard_list("").await {
        Ok(l) => l,
        Err(whatwatt::Error::LicenseRequired) => {
            report.note = Some("this reader's licence does not give access to its SD card".into());
            return Ok(report);
        }
        Err(whatwatt::Error::ServiceUnavailable(_)) => {
            report.note = Some("the reader has no SD card (or it is not mounted)".into());
            return Ok(report);
        }
        Err(e) => return Err(e.into()),
    };
    let oldest = Utc::now().date_naive() - Duration::days(i64::from(days));
    let mut files: Vec<(String, u64)> = listing
        .files
        .iter()
        .filter(|f| f.kind != "dir")
        .filter(|f| log_day(&f.name).is_some_and(|d| d >= oldest))
        .map(|f| (f.name.clone(), f.size.unwrap_or(0)))
        .collect();
    files.sort();
    report.files_seen = files.len() as u32;
    if files.is_empty() {
        report.note = Some(
            "the SD card has no daily log files for this period (is logging to the card on? Settings → SD card)"
                .into(),
        );
        return Ok(report);
    }
    for (name, size) in files {
        let path = db_path.to_owned();
        let id = device_id.to_owned();
        let n = name.clone();
        let seen = tokio::task::spawn_blocking(move || -> Result<bool, StoreError> {
            let conn = db::open(&path)?;
            let meter = db::meter_id(&conn, &id)?;
            Ok(conn
                .query_row(
                    "SELECT size FROM device_log_files WHERE meter = ?1 AND name = ?2",
                    params![meter, n],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
                == Some(size as i64))
        })
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))??;
        if seen {
            continue;
        }
        let body = client.sdcard_download(&name).await?;
        let text = String::from_utf8_lossy(&body).into_owned();
        let rows = parse_csv(&text)?;
        report.files_read += 1;
        report.rows += rows.len() as u64;
        let points: Vec<Point> = rows.iter().filter_map(Point::from_csv).collect();
        let path = db_path.to_owned();
        let id = device_id.to_owned();
        let part = tokio::task::spawn_blocking(move || -> Result<BackfillReport, StoreError> {
            let mut conn = db::open(&path)?;
            let zone: Tz = db::get_meta(&conn, "day_zone")?
                .and_then(|z| z.parse().ok())
                .unwrap_or_else(zone::user_zone);
            let meter = db::meter_id(&conn, &id)?;
            let r = apply(&mut conn, meter, &points, zone)?;
            conn.execute(
                "INSERT INTO device_log_files (meter, name, size) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET size = excluded.size",
                params![meter, name, size as i64],
            )?;
            Ok(r)
        })
        .await
        .map_err(|e| StoreError::Internal(e.to_string()))??;
        report.applied += part.applied;
        report.already += part.already;
        report.covered += part.covered;
        report.unfit += part.unfit;
    }
    Ok(report)
}

/// Applies device-log points to one meter's buckets in one transaction.
pub fn apply(
    conn: &mut Connection,
    meter: i64,
    points: &[Point],
    day_zone: Tz,
) -> Result<BackfillReport, StoreError> {
    let mut report = BackfillReport::default();
    let mut sorted: Vec<&Point> = points.iter().collect();
    sorted.sort_by_key(|p| p.ts_ms);
    let tx = conn.transaction()?;
    for p in sorted {
        let fresh = tx.execute(
            "INSERT OR IGNORE INTO device_log_rows (meter, ts) VALUES (?1, ?2)",
            params![meter, p.ts_ms],
        )?;
        if fresh == 0 {
            report.already += 1;
            continue;
        }
        let quarter = Width::Quarter.floor_ms(p.ts_ms);
        let live: Option<i64> = tx
            .query_row(
                "SELECT sources FROM buckets WHERE meter = ?1 AND width = 900 AND start = ?2 AND sources & ?3 != 0 LIMIT 1",
                params![meter, quarter, FROM_LIVE],
                |r| r.get(0),
            )
            .optional()?;
        if live.is_some() {
            report.covered += 1;
            continue;
        }
        let Some(series) = fitting_series(&tx, meter, p)? else {
            report.unfit += 1;
            continue;
        };
        let agg = Agg::of(p, FROM_DEVICE_LOG);
        for w in Width::ALL {
            let start = if w == Width::Day {
                zone::period_start_ms(day_zone, zone::Period::Day, p.ts_ms)
            } else {
                w.floor_ms(p.ts_ms)
            };
            db::upsert_bucket(&tx, meter, w, start, series, &agg)?;
        }
        tx.execute(
            "UPDATE gaps SET filled = filled + 1 WHERE meter = ?1 AND start < ?2 AND end > ?2",
            params![meter, p.ts_ms],
        )?;
        report.applied += 1;
    }
    tx.commit()?;
    Ok(report)
}

/// The series a point belongs to: the stored minute before it if its import counter did not go
/// back from there, and it must not run ahead of the minute after it in that series.
fn fitting_series(conn: &Connection, meter: i64, p: &Point) -> Result<Option<i64>, StoreError> {
    let imp = p.counters[IMPORT];
    let before = db::bucket_before(conn, meter, Width::Minute, p.ts_ms + 1)?;
    let after = db::bucket_after(conn, meter, Width::Minute, p.ts_ms + 1)?;
    let ge = |a: Option<f64>, b: Option<f64>| matches!((a, b), (Some(a), Some(b)) if a >= b - 1e-9);
    Ok(match (before, after) {
        (None, None) => Some(0),
        (Some(b), after) => {
            if !ge(imp, b.agg.last[IMPORT]) {
                // Before everything of its series: it may still open the next one.
                return Ok(after
                    .filter(|a| ge(a.agg.first[IMPORT], imp) && a.series != b.series)
                    .map(|a| a.series));
            }
            match after {
                Some(a) if a.series == b.series && !ge(a.agg.first[IMPORT], imp) => None,
                _ => Some(b.series),
            }
        }
        (None, Some(a)) => ge(a.agg.first[IMPORT], imp).then_some(a.series),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_daily_files_are_log_files() {
        assert_eq!(
            log_day("20251007.CSV"),
            NaiveDate::from_ymd_opt(2025, 10, 7)
        );
        assert_eq!(log_day("2025107.CSV"), None);
        assert_eq!(log_day("SYSTEM~1"), None);
        assert_eq!(log_day("20251399.CSV"), None);
    }
}
