//! The store's tables and their versioned migrations (`PRAGMA user_version`). A migration runs once,
//! in a transaction; a file from a newer WattDesk is refused rather than misread.

use super::StoreError;
use rusqlite::Connection;

/// Each entry moves the schema one version up; append, never edit.
const MIGRATIONS: &[&str] = &[
    // 1: readings, rollups, gaps, the device-log bookkeeping.
    "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE meters (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL UNIQUE);
    -- Full-rate readings, kept for the raw window. ts: UTC ms.
    CREATE TABLE readings (
        meter INTEGER NOT NULL, ts INTEGER NOT NULL, series INTEGER NOT NULL,
        power REAL, imp REAL, imp1 REAL, imp2 REAL, exp REAL, exp1 REAL, exp2 REAL,
        PRIMARY KEY (meter, ts)
    ) WITHOUT ROWID;
    -- Rollups, kept for good. width: seconds (86400 = a local day in meta.day_zone).
    CREATE TABLE buckets (
        meter INTEGER NOT NULL, width INTEGER NOT NULL, start INTEGER NOT NULL, series INTEGER NOT NULL,
        first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL,
        imp_f REAL, imp1_f REAL, imp2_f REAL, exp_f REAL, exp1_f REAL, exp2_f REAL,
        imp_l REAL, imp1_l REAL, imp2_l REAL, exp_l REAL, exp1_l REAL, exp2_l REAL,
        p_sum REAL NOT NULL, p_n INTEGER NOT NULL, p_min REAL, p_max REAL,
        n INTEGER NOT NULL, sources INTEGER NOT NULL,
        PRIMARY KEY (meter, width, start, series)
    ) WITHOUT ROWID;
    -- Periods without readings and why; filled: rows the device log added inside.
    CREATE TABLE gaps (
        meter INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, reason TEXT NOT NULL,
        filled INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (meter, start, reason)
    ) WITHOUT ROWID;
    -- Device-log rows already applied (what makes a second backfill change nothing).
    CREATE TABLE device_log_rows (meter INTEGER NOT NULL, ts INTEGER NOT NULL, PRIMARY KEY (meter, ts)) WITHOUT ROWID;
    CREATE TABLE device_log_files (
        meter INTEGER NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
        PRIMARY KEY (meter, name)
    ) WITHOUT ROWID;
    ",
];

pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(StoreError::TooNew {
            found: current,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
