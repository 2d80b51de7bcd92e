//! SQL the writer, the backfill and the queries share: opening a file, meter ids, bucket rows.

use super::bucket::{Agg, Width, REGISTERS, REGISTER_COLUMNS};
use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::Path;
use std::sync::OnceLock;

/// Opens (creating) the store: WAL so a crash loses only uncommitted batches and readers never
/// wait for the writer; `synchronous=NORMAL` is durable against a killed process.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(path, &e))?;
    }
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    super::schema::migrate(&mut conn)?;
    Ok(conn)
}

/// Device ids are kept upper case: `--meter` takes them in either case.
pub fn normalize_id(device_id: &str) -> String {
    device_id.trim().to_ascii_uppercase()
}

pub fn meter_id(conn: &Connection, device_id: &str) -> Result<i64, StoreError> {
    let id = normalize_id(device_id);
    conn.execute(
        "INSERT OR IGNORE INTO meters (device_id) VALUES (?1)",
        [&id],
    )?;
    Ok(
        conn.query_row("SELECT id FROM meters WHERE device_id = ?1", [&id], |r| {
            r.get(0)
        })?,
    )
}

/// The meter's row id if the store has ever seen it.
pub fn known_meter(conn: &Connection, device_id: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM meters WHERE device_id = ?1",
            [normalize_id(device_id)],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn get_meta(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn columns() -> (String, String) {
    let f: Vec<String> = REGISTER_COLUMNS.iter().map(|c| format!("{c}_f")).collect();
    let l: Vec<String> = REGISTER_COLUMNS.iter().map(|c| format!("{c}_l")).collect();
    (f.join(", "), l.join(", "))
}

/// The bucket columns after (meter, width, start, series), in `read_agg`'s order.
pub fn agg_columns() -> &'static str {
    static COLS: OnceLock<String> = OnceLock::new();
    COLS.get_or_init(|| {
        let (f, l) = columns();
        format!("first_ts, last_ts, {f}, {l}, p_sum, p_n, p_min, p_max, n, sources")
    })
}

/// Upsert that merges a part into a stored bucket exactly like [`Agg::merge`] (SET expressions
/// see the old row, so `first_ts` is compared before it changes).
fn upsert_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let mut set = Vec::new();
        for c in REGISTER_COLUMNS {
            set.push(format!(
                "{c}_f = CASE WHEN excluded.first_ts < first_ts THEN excluded.{c}_f ELSE {c}_f END"
            ));
            set.push(format!(
                "{c}_l = CASE WHEN excluded.last_ts >= last_ts THEN excluded.{c}_l ELSE {c}_l END"
            ));
        }
        set.push("first_ts = min(first_ts, excluded.first_ts)".into());
        set.push("last_ts = max(last_ts, excluded.last_ts)".into());
        set.push("p_sum = p_sum + excluded.p_sum".into());
        set.push("p_n = p_n + excluded.p_n".into());
        set.push("p_min = coalesce(min(p_min, excluded.p_min), p_min, excluded.p_min)".into());
        set.push("p_max = coalesce(max(p_max, excluded.p_max), p_max, excluded.p_max)".into());
        set.push("n = n + excluded.n".into());
        set.push("sources = sources | excluded.sources".into());
        let marks = vec!["?"; 4 + 2 + 2 * REGISTERS + 6].join(", ");
        format!(
            "INSERT INTO buckets (meter, width, start, series, {}) VALUES ({marks}) \
             ON CONFLICT (meter, width, start, series) DO UPDATE SET {}",
            agg_columns(),
            set.join(", ")
        )
    })
}

pub fn upsert_bucket(
    conn: &Connection,
    meter: i64,
    width: Width,
    start: i64,
    series: i64,
    a: &Agg,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(upsert_sql())?;
    let mut values: Vec<rusqlite::types::Value> = vec![
        meter.into(),
        width.seconds().into(),
        start.into(),
        series.into(),
        a.first_ts.into(),
        a.last_ts.into(),
    ];
    values.extend(a.first.iter().map(|v| (*v).into()));
    values.extend(a.last.iter().map(|v| (*v).into()));
    values.extend([
        a.p_sum.into(),
        a.p_n.into(),
        a.p_min.into(),
        a.p_max.into(),
        a.n.into(),
        i64::from(a.sources).into(),
    ]);
    stmt.execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// Reads the columns of [`agg_columns`] starting at `at`.
pub fn read_agg(row: &Row<'_>, at: usize) -> rusqlite::Result<Agg> {
    let mut first = [None; REGISTERS];
    let mut last = [None; REGISTERS];
    for i in 0..REGISTERS {
        first[i] = row.get(at + 2 + i)?;
        last[i] = row.get(at + 2 + REGISTERS + i)?;
    }
    let k = at + 2 + 2 * REGISTERS;
    Ok(Agg {
        first_ts: row.get(at)?,
        last_ts: row.get(at + 1)?,
        first,
        last,
        p_sum: row.get(k)?,
        p_n: row.get(k + 1)?,
        p_min: row.get(k + 2)?,
        p_max: row.get(k + 3)?,
        n: row.get(k + 4)?,
        sources: row.get::<_, i64>(k + 5)? as u8,
    })
}

/// A stored bucket: its start, series and aggregate.
#[derive(Debug, Clone)]
pub struct StoredBucket {
    pub start: i64,
    pub series: i64,
    pub agg: Agg,
}

/// Buckets of one width with `from <= start < to`, in time order.
pub fn buckets(
    conn: &Connection,
    meter: i64,
    width: Width,
    from: i64,
    to: i64,
) -> Result<Vec<StoredBucket>, StoreError> {
    let sql = format!(
        "SELECT start, series, {} FROM buckets WHERE meter = ?1 AND width = ?2 AND start >= ?3 AND start < ?4 ORDER BY start, series",
        agg_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![meter, width.seconds(), from, to], |r| {
        Ok(StoredBucket {
            start: r.get(0)?,
            series: r.get(1)?,
            agg: read_agg(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The last bucket of a width that starts before `before` (the base of the first energy).
pub fn bucket_before(
    conn: &Connection,
    meter: i64,
    width: Width,
    before: i64,
) -> Result<Option<StoredBucket>, StoreError> {
    let sql = format!(
        "SELECT start, series, {} FROM buckets WHERE meter = ?1 AND width = ?2 AND start < ?3 ORDER BY start DESC, series DESC LIMIT 1",
        agg_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![meter, width.seconds(), before], |r| {
            Ok(StoredBucket {
                start: r.get(0)?,
                series: r.get(1)?,
                agg: read_agg(r, 2)?,
            })
        })
        .optional()?)
}

/// The first bucket of a width that starts at or after `from`.
pub fn bucket_after(
    conn: &Connection,
    meter: i64,
    width: Width,
    from: i64,
) -> Result<Option<StoredBucket>, StoreError> {
    let sql = format!(
        "SELECT start, series, {} FROM buckets WHERE meter = ?1 AND width = ?2 AND start >= ?3 ORDER BY start, series LIMIT 1",
        agg_columns()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_row(params![meter, width.seconds(), from], |r| {
            Ok(StoredBucket {
                start: r.get(0)?,
                series: r.get(1)?,
                agg: read_agg(r, 2)?,
            })
        })
        .optional()?)
}
