//! Reading history back: buckets of a range at the rollup that keeps the answer under
//! [`MAX_BUCKETS`], weeks, months and years grouped from days (or from quarter hours when the
//! caller's zone is not the one days were cut in).

use super::bucket::{energies, Agg, Width, FROM_DEVICE_LOG, FROM_LIVE, REGISTERS};
use super::db::{self, StoredBucket};
use super::zone::{self, Period};
use super::StoreError;
use chrono_tz::Tz;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// No query answers with more buckets than this (a chart is ~2,000 px wide at most).
pub const MAX_BUCKETS: i64 = 2000;

/// How a range is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Fixed(Width),
    /// Weeks, months, years (and days in a zone other than the store's).
    Calendar(Period),
}

impl Grouping {
    /// `1m`, `15m`, `1h`, `1d`, `1w`, `1mo`, `1y`.
    pub fn parse(s: &str) -> Result<Grouping, StoreError> {
        Ok(match s.trim() {
            "1m" => Grouping::Fixed(Width::Minute),
            "15m" => Grouping::Fixed(Width::Quarter),
            "1h" => Grouping::Fixed(Width::Hour),
            "1d" => Grouping::Fixed(Width::Day),
            "1w" => Grouping::Calendar(Period::Week),
            "1mo" => Grouping::Calendar(Period::Month),
            "1y" => Grouping::Calendar(Period::Year),
            other => {
                return Err(StoreError::BadRequest(format!(
                    "\"{other}\" is not a bucket size: use 1m, 15m, 1h, 1d, 1w, 1mo or 1y"
                )))
            }
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            Grouping::Fixed(w) => w.code(),
            Grouping::Calendar(Period::Day) => "1d",
            Grouping::Calendar(Period::Week) => "1w",
            Grouping::Calendar(Period::Month) => "1mo",
            Grouping::Calendar(Period::Year) => "1y",
        }
    }

    fn nominal_ms(self) -> i64 {
        1000 * match self {
            Grouping::Fixed(w) => w.seconds(),
            Grouping::Calendar(Period::Day) => 86_400,
            Grouping::Calendar(Period::Week) => 7 * 86_400,
            Grouping::Calendar(Period::Month) => 28 * 86_400,
            Grouping::Calendar(Period::Year) => 365 * 86_400,
        }
    }

    /// How many buckets the range needs at most.
    pub fn count(self, from: i64, to: i64) -> i64 {
        ((to - from).max(0) + self.nominal_ms() - 1) / self.nominal_ms()
    }

    /// The finest grouping that answers the range in at most [`MAX_BUCKETS`].
    pub fn auto(from: i64, to: i64) -> Grouping {
        [
            Grouping::Fixed(Width::Minute),
            Grouping::Fixed(Width::Quarter),
            Grouping::Fixed(Width::Hour),
            Grouping::Fixed(Width::Day),
            Grouping::Calendar(Period::Week),
            Grouping::Calendar(Period::Month),
        ]
        .into_iter()
        .find(|g| g.count(from, to) <= MAX_BUCKETS)
        .unwrap_or(Grouping::Calendar(Period::Year))
    }
}

/// One bucket of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub start: i64,
    pub end: i64,
    /// kWh per register (import total, T1, T2, export total, T1, T2).
    pub energy: [Option<f64>; REGISTERS],
    pub power_mean_kw: Option<f64>,
    pub power_min_kw: Option<f64>,
    pub power_max_kw: Option<f64>,
    pub readings: i64,
    /// Bit set of where readings came from (`FROM_LIVE`, `FROM_DEVICE_LOG`).
    pub sources: u8,
}

impl Bucket {
    pub fn source_code(&self) -> &'static str {
        match (
            self.sources & FROM_LIVE != 0,
            self.sources & FROM_DEVICE_LOG != 0,
        ) {
            (true, true) => "mixed",
            (false, true) => "device_log",
            _ => "live",
        }
    }
}

/// Buckets of `[from, to)` for one meter. `tz` cuts days, weeks, months and years; `day_zone` is
/// the zone the stored day rollups were cut in.
pub fn query(
    conn: &Connection,
    meter: i64,
    from: i64,
    to: i64,
    grouping: Grouping,
    tz: Tz,
    day_zone: Tz,
) -> Result<Vec<Bucket>, StoreError> {
    if to <= from {
        return Err(StoreError::BadRequest(
            "the range ends before it starts".into(),
        ));
    }
    let n = grouping.count(from, to);
    if n > MAX_BUCKETS {
        return Err(StoreError::BadRequest(format!(
            "{} buckets of {} would be {n}; at most {MAX_BUCKETS}: choose a larger bucket or a shorter range (raw readings: history export)",
            grouping.code(),
            grouping.code()
        )));
    }
    match grouping {
        Grouping::Fixed(Width::Day) if tz != day_zone => {
            grouped(conn, meter, from, to, Width::Quarter, tz, Period::Day)
        }
        Grouping::Fixed(w) => {
            let rows = db::buckets(conn, meter, w, from, to)?;
            let before = db::bucket_before(conn, meter, w, from)?;
            Ok(collapse(
                &rows,
                before.as_ref(),
                |start| match w {
                    Width::Day => {
                        zone::day_start_ms(tz, Period::Day.next(zone::local_date(tz, start)))
                    }
                    _ => start + w.seconds() * 1000,
                },
                |s| s,
            ))
        }
        Grouping::Calendar(p) => {
            let source = if tz == day_zone {
                Width::Day
            } else {
                Width::Quarter
            };
            grouped(conn, meter, from, to, source, tz, p)
        }
    }
}

fn grouped(
    conn: &Connection,
    meter: i64,
    from: i64,
    to: i64,
    source: Width,
    tz: Tz,
    period: Period,
) -> Result<Vec<Bucket>, StoreError> {
    let rows = db::buckets(conn, meter, source, from, to)?;
    let before = db::bucket_before(conn, meter, source, from)?;
    Ok(collapse(
        &rows,
        before.as_ref(),
        |start| zone::day_start_ms(tz, period.next(zone::local_date(tz, start))),
        |s| zone::period_start_ms(tz, period, s),
    ))
}

/// Works out each stored row's energy, then sums rows that share a key (series of one bucket, or
/// the days of a month).
fn collapse(
    rows: &[StoredBucket],
    before: Option<&StoredBucket>,
    end_of: impl Fn(i64) -> i64,
    key_of: impl Fn(i64) -> i64,
) -> Vec<Bucket> {
    let pairs: Vec<(i64, &Agg)> = rows.iter().map(|r| (r.series, &r.agg)).collect();
    let e = energies(before.map(|b| (b.series, &b.agg)), &pairs);
    let mut out: BTreeMap<i64, (Bucket, Option<Agg>)> = BTreeMap::new();
    for (row, energy) in rows.iter().zip(e) {
        let key = key_of(row.start);
        let entry = out.entry(key).or_insert_with(|| {
            (
                Bucket {
                    start: key,
                    end: end_of(key),
                    energy: [None; REGISTERS],
                    power_mean_kw: None,
                    power_min_kw: None,
                    power_max_kw: None,
                    readings: 0,
                    sources: 0,
                },
                None,
            )
        });
        match &mut entry.1 {
            Some(agg) => agg.merge(&row.agg),
            None => entry.1 = Some(row.agg.clone()),
        }
        for (sum, v) in entry.0.energy.iter_mut().zip(energy) {
            if let Some(v) = v {
                *sum = Some(sum.unwrap_or(0.0) + v);
            }
        }
    }
    out.into_values()
        .filter_map(|(mut b, agg)| {
            let agg = agg?;
            b.power_mean_kw = agg.power_mean();
            b.power_min_kw = agg.p_min;
            b.power_max_kw = agg.p_max;
            b.readings = agg.n;
            b.sources = agg.sources;
            Some(b)
        })
        .collect()
}

/// Adds buckets of several meters that start at the same instant (the household total). Power
/// means add up; minima and maxima do not (they happened at different moments), so they are left out.
pub fn household(per_meter: Vec<Vec<Bucket>>) -> Vec<Bucket> {
    let mut out: BTreeMap<i64, Bucket> = BTreeMap::new();
    for buckets in per_meter {
        for b in buckets {
            match out.get_mut(&b.start) {
                None => {
                    out.insert(b.start, b);
                }
                Some(sum) => {
                    for (s, v) in sum.energy.iter_mut().zip(b.energy) {
                        *s = match (*s, v) {
                            (Some(a), Some(b)) => Some(a + b),
                            (a, b) => a.or(b),
                        };
                    }
                    sum.power_mean_kw = match (sum.power_mean_kw, b.power_mean_kw) {
                        (Some(a), Some(b)) => Some(a + b),
                        (a, b) => a.or(b),
                    };
                    sum.power_min_kw = None;
                    sum.power_max_kw = None;
                    sum.readings += b.readings;
                    sum.sources |= b.sources;
                }
            }
        }
    }
    out.into_values().collect()
}
