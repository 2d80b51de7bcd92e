//! Day rollups are cut at local midnight in one zone, recorded in `meta.day_zone`. When the
//! computer's zone changes, the days are rebuilt from the quarter hours (kept for good, and every
//! zone's midnight falls on a quarter hour), so nothing is lost or counted twice.

use super::bucket::{Agg, Width};
use super::db;
use super::zone;
use super::StoreError;
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;

pub fn ensure_zone(conn: &Connection, tz: Tz) -> Result<(), StoreError> {
    let name = tz.name();
    match db::get_meta(conn, "day_zone")? {
        Some(z) if z == name => Ok(()),
        Some(_) => {
            conn.execute_batch("BEGIN")?;
            let result = rebuild(conn, tz).and_then(|()| db::set_meta(conn, "day_zone", name));
            match result {
                Ok(()) => Ok(conn.execute_batch("COMMIT")?),
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        }
        None => db::set_meta(conn, "day_zone", name),
    }
}

fn rebuild(conn: &Connection, tz: Tz) -> Result<(), StoreError> {
    conn.execute("DELETE FROM buckets WHERE width = 86400", [])?;
    let meters: Vec<i64> = conn
        .prepare("SELECT id FROM meters")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for meter in meters {
        let quarters = db::buckets(conn, meter, Width::Quarter, i64::MIN, i64::MAX)?;
        let mut days: BTreeMap<(i64, i64), Agg> = BTreeMap::new();
        for q in quarters {
            let start = zone::period_start_ms(tz, zone::Period::Day, q.start);
            days.entry((start, q.series))
                .and_modify(|a| a.merge(&q.agg))
                .or_insert(q.agg);
        }
        for ((start, series), agg) in days {
            db::upsert_bucket(conn, meter, Width::Day, start, series, &agg)?;
        }
    }
    Ok(())
}
