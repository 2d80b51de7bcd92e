//! 15-minute demand: each quarter hour's average import power (its imported kWh × 4), the month's
//! highest, and the capacity rule Flanders bills by: every month counts its peak but at least a
//! floor (2.5 kW), and the bill follows the average of the last twelve months.

use super::bucket::IMPORT;
use super::zone::{self, Period};
use crate::ipc::{CapacityRule, MonthPeak, PeakSummary, QuarterNow};
use chrono::DateTime;
use chrono_tz::Tz;
use std::collections::BTreeMap;

pub const FLANDERS_FLOOR_KW: f64 = 2.5;
const QUARTER_MS: i64 = 900_000;

/// The start of the twelve-month window ending with the month of `now` (local months).
pub fn window_start(tz: Tz, now_ms: i64) -> i64 {
    let mut first = Period::Month.first_day(zone::local_date(tz, now_ms));
    for _ in 0..11 {
        first = Period::Month.previous(first);
    }
    zone::day_start_ms(tz, first)
}

/// Monthly peaks of the quarters (kWh per register by start), the rolling average and the
/// current quarter's outlook.
pub fn summary(
    quarters: &BTreeMap<i64, [Option<f64>; 6]>,
    tz: Tz,
    rule: Option<&CapacityRule>,
    limit_kw: Option<f64>,
    now_ms: i64,
    import_power_now_kw: Option<f64>,
) -> PeakSummary {
    let floor = rule.map_or(FLANDERS_FLOOR_KW, |r| r.floor_kw);
    let mut months: BTreeMap<String, (f64, i64)> = BTreeMap::new();
    for (&start, e) in quarters {
        let Some(kwh) = e[IMPORT] else { continue };
        let kw = kwh * 4.0;
        let month = DateTime::from_timestamp_millis(start)
            .unwrap_or_default()
            .with_timezone(&tz)
            .format("%Y-%m")
            .to_string();
        let m = months.entry(month).or_insert((f64::MIN, start));
        if kw > m.0 {
            *m = (kw, start);
        }
    }
    let months: Vec<MonthPeak> = months
        .into_iter()
        .map(|(month, (peak_kw, at))| MonthPeak {
            month,
            peak_kw,
            at_ms: at as f64,
            counted_kw: peak_kw.max(floor),
        })
        .collect();
    let rolling = (!months.is_empty())
        .then(|| months.iter().map(|m| m.counted_kw).sum::<f64>() / months.len() as f64);
    let start = now_ms.div_euclid(QUARTER_MS) * QUARTER_MS;
    let quarter = quarters.get(&start).map(|e| {
        let so_far = e[IMPORT].unwrap_or(0.0);
        let elapsed_s = (now_ms - start) as f64 / 1000.0;
        let remaining_h = (900.0 - elapsed_s).max(0.0) / 3600.0;
        let projected_kw =
            (so_far + import_power_now_kw.unwrap_or(0.0).max(0.0) * remaining_h) * 4.0;
        QuarterNow {
            start_ms: start as f64,
            elapsed_s,
            import_kwh: so_far,
            projected_kw,
            limit_kw,
            heading_over: limit_kw.is_some_and(|l| projected_kw > l),
        }
    });
    PeakSummary {
        rolling_average_kw: rolling,
        yearly_cost: rule
            .and_then(|r| r.price_per_kw_year)
            .zip(rolling)
            .map(|(p, avg)| p * avg),
        floor_kw: floor,
        months,
        quarter,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kwh: f64) -> [Option<f64>; 6] {
        [Some(kwh), None, None, Some(0.0), None, None]
    }

    #[test]
    fn a_known_series_gives_its_peaks_the_floor_and_the_average() {
        let tz: Tz = "Europe/Brussels".parse().unwrap();
        let jan = zone::day_start_ms(tz, chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap());
        let feb = zone::day_start_ms(tz, chrono::NaiveDate::from_ymd_opt(2026, 2, 3).unwrap());
        let mut quarters = BTreeMap::new();
        quarters.insert(jan, q(0.5));
        quarters.insert(jan + QUARTER_MS, q(1.75)); // 7 kW
        quarters.insert(feb, q(0.25)); // 1 kW: counts 2.5
        let s = summary(&quarters, tz, None, Some(5.0), feb + 60_000, Some(4.0));
        assert_eq!(s.months.len(), 2);
        assert_eq!(
            (s.months[0].peak_kw, s.months[0].at_ms),
            (7.0, (jan + QUARTER_MS) as f64)
        );
        assert_eq!((s.months[1].peak_kw, s.months[1].counted_kw), (1.0, 2.5));
        assert_eq!(s.rolling_average_kw, Some(4.75));
        let now = s.quarter.unwrap();
        // 0.25 kWh so far plus 4 kW for the 14 minutes left: (0.25 + 0.9333) × 4 = 4.73 kW.
        assert!(
            (now.projected_kw - 4.7333).abs() < 1e-3,
            "{}",
            now.projected_kw
        );
        assert!(!now.heading_over);
    }
}
