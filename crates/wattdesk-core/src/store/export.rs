//! CSV export of a range: buckets (any size, read in chunks of at most `MAX_BUCKETS`) or the
//! full-rate readings still in the raw window, with progress as a fraction of the range.

use super::query::{query, Grouping, MAX_BUCKETS};
use super::StoreError;
use chrono::DateTime;
use chrono_tz::Tz;
use rusqlite::{params, Connection};
use std::io::Write;

fn iso(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

fn num(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.6}")).unwrap_or_default()
}

pub const BUCKET_HEADER: &str = "start,end,energy_import_kwh,energy_export_kwh,import_t1_kwh,import_t2_kwh,export_t1_kwh,export_t2_kwh,power_mean_kw,power_min_kw,power_max_kw,readings,source";
pub const RAW_HEADER: &str = "time,power_kw,energy_import_kwh,import_t1_kwh,import_t2_kwh,energy_export_kwh,export_t1_kwh,export_t2_kwh,series";

/// Writes buckets of `[from, to)`; `progress(fraction, rows)` after each chunk. Returns rows written.
#[allow(clippy::too_many_arguments)]
pub fn buckets_csv(
    conn: &Connection,
    meter: i64,
    from: i64,
    to: i64,
    grouping: Grouping,
    tz: Tz,
    day_zone: Tz,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(f64, u64),
) -> Result<u64, StoreError> {
    let io = |e: std::io::Error| StoreError::Internal(format!("writing the export failed: {e}"));
    writeln!(out, "{BUCKET_HEADER}").map_err(io)?;
    let span = match grouping {
        Grouping::Fixed(w) => w.seconds() * 1000 * (MAX_BUCKETS - 1),
        // Calendar groupings are few; one chunk per year keeps months whole.
        Grouping::Calendar(_) => 366 * 86_400_000,
    };
    let mut rows = 0u64;
    let mut at = from;
    while at < to {
        let mut end = (at + span).min(to);
        if let Grouping::Calendar(p) = grouping {
            // Cut chunks on period boundaries so no period is split in two rows.
            let cut = super::zone::period_start_ms(tz, p, end);
            if cut > at && end < to {
                end = cut;
            }
        }
        for b in query(conn, meter, at, end, grouping, tz, day_zone)? {
            let e = b.energy;
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                iso(b.start),
                iso(b.end),
                num(e[0]),
                num(e[3]),
                num(e[1]),
                num(e[2]),
                num(e[4]),
                num(e[5]),
                num(b.power_mean_kw),
                num(b.power_min_kw),
                num(b.power_max_kw),
                b.readings,
                b.source_code()
            )
            .map_err(io)?;
            rows += 1;
        }
        at = end;
        progress((at - from) as f64 / (to - from).max(1) as f64, rows);
    }
    out.flush().map_err(io)?;
    Ok(rows)
}

/// Writes the full-rate readings of `[from, to)` that are still kept.
pub fn raw_csv(
    conn: &Connection,
    meter: i64,
    from: i64,
    to: i64,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(f64, u64),
) -> Result<u64, StoreError> {
    let io = |e: std::io::Error| StoreError::Internal(format!("writing the export failed: {e}"));
    writeln!(out, "{RAW_HEADER}").map_err(io)?;
    let mut stmt = conn.prepare(
        "SELECT ts, power, imp, imp1, imp2, exp, exp1, exp2, series FROM readings WHERE meter = ?1 AND ts >= ?2 AND ts < ?3 ORDER BY ts",
    )?;
    let mut q = stmt.query(params![meter, from, to])?;
    let mut rows = 0u64;
    while let Some(r) = q.next()? {
        let ts: i64 = r.get(0)?;
        let v = |i: usize| r.get::<_, Option<f64>>(i);
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            iso(ts),
            num(v(1)?),
            num(v(2)?),
            num(v(3)?),
            num(v(4)?),
            num(v(5)?),
            num(v(6)?),
            num(v(7)?),
            r.get::<_, i64>(8)?
        )
        .map_err(io)?;
        rows += 1;
        if rows % 50_000 == 0 {
            progress((ts - from) as f64 / (to - from).max(1) as f64, rows);
        }
    }
    out.flush().map_err(io)?;
    progress(1.0, rows);
    Ok(rows)
}
