//! A bucket keeps the meter's counters at its first and last reading, not the energy: the energy of
//! a bucket is its last counter minus the previous bucket's last counter of the same series, worked
//! out when read. Sums over any range therefore equal the counter difference (they telescope), a
//! bucket filled later from the SD card needs no neighbour rewritten, and merging partial buckets
//! (a batch, a restart mid-bucket, a backfilled row) is order-free.

use super::reading_point::Point;

/// Energy registers kept per bucket, in column order.
pub const REGISTERS: usize = 6;
/// Column stems: import total, T1, T2; export total, T1, T2.
pub const REGISTER_COLUMNS: [&str; REGISTERS] = ["imp", "imp1", "imp2", "exp", "exp1", "exp2"];
pub const IMPORT: usize = 0;
pub const EXPORT: usize = 3;

/// Where a bucket's readings came from (bit set).
pub const FROM_LIVE: u8 = 1;
pub const FROM_DEVICE_LOG: u8 = 2;

/// A rollup width. Minutes, quarter hours and hours are cut on UTC boundaries (every real zone
/// offset is a multiple of 15 minutes, so quarter hours are local quarter hours too); days are cut
/// at local midnight in the store's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Width {
    Minute,
    Quarter,
    Hour,
    Day,
}

impl Width {
    pub const ALL: [Width; 4] = [Width::Minute, Width::Quarter, Width::Hour, Width::Day];

    /// Nominal length in seconds (a DST day is 23 or 25 hours; the store keys it by its start).
    pub fn seconds(self) -> i64 {
        match self {
            Width::Minute => 60,
            Width::Quarter => 900,
            Width::Hour => 3600,
            Width::Day => 86_400,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Width::Minute => "1m",
            Width::Quarter => "15m",
            Width::Hour => "1h",
            Width::Day => "1d",
        }
    }

    /// The UTC-aligned start of the bucket holding `ms` (not for days: see `zone`).
    pub fn floor_ms(self, ms: i64) -> i64 {
        let w = self.seconds() * 1000;
        ms.div_euclid(w) * w
    }
}

/// The aggregate of the readings in one bucket of one series (or of part of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Agg {
    pub first_ts: i64,
    pub last_ts: i64,
    pub first: [Option<f64>; REGISTERS],
    pub last: [Option<f64>; REGISTERS],
    /// Net power (import − export), kW: sum and count of the readings that carried it.
    pub p_sum: f64,
    pub p_n: i64,
    pub p_min: Option<f64>,
    pub p_max: Option<f64>,
    /// Readings in the bucket.
    pub n: i64,
    pub sources: u8,
}

impl Agg {
    pub fn of(p: &Point, source: u8) -> Agg {
        Agg {
            first_ts: p.ts_ms,
            last_ts: p.ts_ms,
            first: p.counters,
            last: p.counters,
            p_sum: p.power_kw.unwrap_or(0.0),
            p_n: i64::from(p.power_kw.is_some()),
            p_min: p.power_kw,
            p_max: p.power_kw,
            n: 1,
            sources: source,
        }
    }

    /// Adds another part of the same bucket; the result does not depend on the order of parts.
    pub fn merge(&mut self, o: &Agg) {
        if o.first_ts < self.first_ts {
            self.first = o.first;
            self.first_ts = o.first_ts;
        }
        if o.last_ts >= self.last_ts {
            self.last = o.last;
            self.last_ts = o.last_ts;
        }
        self.p_sum += o.p_sum;
        self.p_n += o.p_n;
        self.p_min = min_opt(self.p_min, o.p_min);
        self.p_max = max_opt(self.p_max, o.p_max);
        self.n += o.n;
        self.sources |= o.sources;
    }

    pub fn power_mean(&self) -> Option<f64> {
        (self.p_n > 0).then(|| self.p_sum / self.p_n as f64)
    }
}

pub fn min_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Energy per register of a run of buckets of one meter, in time order: each bucket's last counter
/// minus the previous bucket's last counter when both are in the same series, else minus its own
/// first (a series starts: the energy before it is not knowable). `before` is the bucket just
/// before the run, if any.
pub fn energies(
    before: Option<(i64, &Agg)>,
    rows: &[(i64, &Agg)],
) -> Vec<[Option<f64>; REGISTERS]> {
    let mut prev = before;
    rows.iter()
        .map(|&(series, agg)| {
            let base = match prev {
                Some((s, p)) if s == series => p.last,
                _ => agg.first,
            };
            prev = Some((series, agg));
            std::array::from_fn(|i| match (agg.last[i], base[i]) {
                // A tariff register can step back while the totals did not (a meter that swaps T1/T2
                // numbering): nothing negative is ever reported.
                (Some(l), Some(b)) => Some((l - b).max(0.0)),
                _ => None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(ts: i64, imp: f64, power: f64) -> Point {
        Point {
            ts_ms: ts,
            counters: [Some(imp), None, None, Some(1.0), None, None],
            power_kw: Some(power),
        }
    }

    #[test]
    fn merging_parts_in_any_order_gives_the_same_bucket() {
        let parts = [p(10, 1.0, 2.0), p(20, 1.5, -1.0), p(30, 2.0, 4.0)];
        let mut a = Agg::of(&parts[0], FROM_LIVE);
        a.merge(&Agg::of(&parts[1], FROM_LIVE));
        a.merge(&Agg::of(&parts[2], FROM_DEVICE_LOG));
        let mut b = Agg::of(&parts[2], FROM_DEVICE_LOG);
        b.merge(&Agg::of(&parts[0], FROM_LIVE));
        b.merge(&Agg::of(&parts[1], FROM_LIVE));
        assert_eq!(a, b);
        assert_eq!((a.first[0], a.last[0], a.n), (Some(1.0), Some(2.0), 3));
        assert_eq!(
            (a.p_min, a.p_max, a.power_mean()),
            (Some(-1.0), Some(4.0), Some(5.0 / 3.0))
        );
    }

    #[test]
    fn energies_telescope_and_a_new_series_starts_from_its_first() {
        let a = Agg::of(&p(0, 10.0, 0.0), FROM_LIVE);
        let mut b = Agg::of(&p(60_000, 10.5, 0.0), FROM_LIVE);
        b.merge(&Agg::of(&p(90_000, 11.0, 0.0), FROM_LIVE));
        let mut c = Agg::of(&p(120_000, 0.2, 0.0), FROM_LIVE);
        c.merge(&Agg::of(&p(150_000, 0.5, 0.0), FROM_LIVE));
        let e = energies(Some((0, &a)), &[(0, &b), (1, &c)]);
        assert_eq!(e[0][IMPORT], Some(1.0));
        assert!((e[1][IMPORT].unwrap() - 0.3).abs() < 1e-12);
        assert_eq!(e[0][1], None);
    }
}
