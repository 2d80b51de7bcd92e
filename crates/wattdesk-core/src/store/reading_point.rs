//! What the store keeps of a reading: its instant, the six energy counters and net power.

use super::bucket::REGISTERS;
use chrono::{DateTime, Utc};
use whatwatt::models::sdcard::CsvRow;
use whatwatt::Reading;

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// UTC milliseconds.
    pub ts_ms: i64,
    /// kWh: import total, T1, T2; export total, T1, T2.
    pub counters: [Option<f64>; REGISTERS],
    /// Net power, kW (import positive).
    pub power_kw: Option<f64>,
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

impl Point {
    /// The meter's own time when the reading carries it, else when WattDesk received it (the live
    /// stream sends only local time; the session already worked out the rest).
    pub fn from_reading(r: &Reading, received: DateTime<Utc>) -> Point {
        Point {
            ts_ms: r.timestamp.unwrap_or(received).timestamp_millis(),
            counters: [
                r.energy_import_kwh,
                r.energy_import_t1_kwh,
                r.energy_import_t2_kwh,
                r.energy_export_kwh,
                r.energy_export_t1_kwh,
                r.energy_export_t2_kwh,
            ]
            .map(finite),
            power_kw: finite(r.net_power_kw()),
        }
    }

    /// A row of the device's SD-card log. `TIME` is UTC: the docs' field table says "local
    /// timezone" but their real rows end in `Z` and the format notes say UTC; we follow the rows.
    /// Rows whose meter status is not OK, or without a time or an import counter, give nothing.
    pub fn from_csv(row: &CsvRow) -> Option<Point> {
        if row.MSTAT.as_deref().is_some_and(|s| s != "OK") {
            return None;
        }
        let ts = DateTime::parse_from_rfc3339(row.TIME.as_deref()?.trim()).ok()?;
        let imp = finite(row.EAP_T)?;
        let power = match (finite(row.IPAP_T), finite(row.IPAN_T)) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) - b.unwrap_or(0.0)),
        };
        Some(Point {
            ts_ms: ts.timestamp_millis(),
            counters: [
                Some(imp),
                row.EAP_T1,
                row.EAP_T2,
                row.EAN_T,
                row.EAN_T1,
                row.EAN_T2,
            ]
            .map(finite),
            power_kw: power,
        })
    }

    /// True if any counter is lower than in `prev` (meter replaced, device reset): a new series.
    pub fn went_back_from(&self, prev: &Point) -> bool {
        [super::bucket::IMPORT, super::bucket::EXPORT].iter().any(
            |&i| matches!((self.counters[i], prev.counters[i]), (Some(a), Some(b)) if a < b - 1e-9),
        )
    }

    pub fn has_counters(&self) -> bool {
        self.counters.iter().any(Option::is_some)
    }
}
