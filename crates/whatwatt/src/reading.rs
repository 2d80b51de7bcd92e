//! The normalized [`Reading`]: one meter report, whichever transport brought it.
//!
//! Units are in the field names: kW, kvar, kVA, kWh, kvarh, V, A, s. The device already sends kW/kWh and
//! already applied `conv_factor`, so values pass through unchanged. Quantities the meter does not provide
//! are `None` (and omitted from JSON), never 0.

use crate::models::live::LiveEvent;
use crate::models::report::{PhaseValues, ReportEnvelope, TariffValues};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Which device interface a reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingSource {
    /// `GET /api/v1/report`.
    Report,
    /// SSE `/api/v1/live`.
    Live,
    /// A payload published by the device's MQTT client.
    Mqtt,
}

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reading {
    pub source: Option<ReadingSource>,
    /// When the meter produced the report, in UTC, if the payload allows knowing it.
    pub timestamp: Option<DateTime<Utc>>,
    /// The device's local wall-clock time of the report (the live stream sends only this).
    pub local_time: Option<NaiveDateTime>,
    /// Report counter since boot (report and MQTT only).
    pub report_id: Option<u64>,
    /// Seconds between meter reports.
    pub interval_s: Option<f64>,
    /// Active tariff (1 = T1, 2 = T2; 0/absent = unknown).
    pub tariff: Option<u32>,

    pub power_import_kw: Option<f64>,
    pub power_export_kw: Option<f64>,
    pub power_import_l1_kw: Option<f64>,
    pub power_import_l2_kw: Option<f64>,
    pub power_import_l3_kw: Option<f64>,
    pub power_export_l1_kw: Option<f64>,
    pub power_export_l2_kw: Option<f64>,
    pub power_export_l3_kw: Option<f64>,

    pub reactive_import_kvar: Option<f64>,
    pub reactive_export_kvar: Option<f64>,
    pub apparent_power_kva: Option<f64>,

    pub voltage_l1_v: Option<f64>,
    pub voltage_l2_v: Option<f64>,
    pub voltage_l3_v: Option<f64>,
    pub current_l1_a: Option<f64>,
    pub current_l2_a: Option<f64>,
    pub current_l3_a: Option<f64>,
    pub power_factor: Option<f64>,

    pub energy_import_kwh: Option<f64>,
    pub energy_import_t1_kwh: Option<f64>,
    pub energy_import_t2_kwh: Option<f64>,
    pub energy_export_kwh: Option<f64>,
    pub energy_export_t1_kwh: Option<f64>,
    pub energy_export_t2_kwh: Option<f64>,
    pub reactive_energy_import_kvarh: Option<f64>,
    pub reactive_energy_export_kvarh: Option<f64>,

    /// Device uptime in seconds.
    pub uptime_s: Option<f64>,
}

impl Reading {
    /// The same report as `previous` (same report id and time): what polling returns while the
    /// meter has not produced a new one.
    pub fn repeats(&self, previous: &Reading) -> bool {
        self.report_id == previous.report_id && self.timestamp == previous.timestamp
    }

    /// Signed net power in kW: import positive, export negative. `None` if neither side is known.
    pub fn net_power_kw(&self) -> Option<f64> {
        net(self.power_import_kw, self.power_export_kw)
    }

    /// Per-phase voltages [L1, L2, L3].
    pub fn voltages_v(&self) -> [Option<f64>; 3] {
        [self.voltage_l1_v, self.voltage_l2_v, self.voltage_l3_v]
    }

    /// Per-phase currents [L1, L2, L3].
    pub fn currents_a(&self) -> [Option<f64>; 3] {
        [self.current_l1_a, self.current_l2_a, self.current_l3_a]
    }

    /// Builds a reading from a `/api/v1/report` answer. The timestamp comes from `date_time_utc`, else
    /// from `date_time_local` (which carries its offset); the bare `date_time` is not used because real
    /// devices label local time with `Z`.
    pub fn from_report(env: &ReportEnvelope) -> Reading {
        let Some(r) = &env.report else {
            return Reading {
                source: Some(ReadingSource::Report),
                uptime_s: env.system.as_ref().and_then(|s| s.time_since_boot),
                ..Reading::default()
            };
        };
        let active = r
            .instantaneous_power
            .as_ref()
            .and_then(|p| p.active.as_ref());
        let reactive = r
            .instantaneous_power
            .as_ref()
            .and_then(|p| p.reactive.as_ref());
        let a_in = active.and_then(|d| d.positive.as_ref());
        let a_out = active.and_then(|d| d.negative.as_ref());
        let r_in = reactive.and_then(|d| d.positive.as_ref());
        let r_out = reactive.and_then(|d| d.negative.as_ref());
        let e_act = r.energy.as_ref().and_then(|e| e.active.as_ref());
        let e_in = e_act.and_then(|d| d.positive.as_ref());
        let e_out = e_act.and_then(|d| d.negative.as_ref());
        let e_re = r.energy.as_ref().and_then(|e| e.reactive.as_ref());
        let (v, c) = (r.voltage.as_ref(), r.current.as_ref());
        let local = r.date_time_local.as_deref().and_then(parse_offset_time);
        Reading {
            source: Some(ReadingSource::Report),
            timestamp: r
                .date_time_utc
                .as_deref()
                .and_then(parse_offset_time)
                .map(|t| t.with_timezone(&Utc))
                .or_else(|| local.map(|t| t.with_timezone(&Utc))),
            local_time: local.map(|t| t.naive_local()),
            report_id: r.id,
            interval_s: r.interval,
            tariff: r.tariff,
            power_import_kw: total_or_sum(a_in),
            power_export_kw: total_or_sum(a_out),
            power_import_l1_kw: a_in.and_then(|p| p.l1),
            power_import_l2_kw: a_in.and_then(|p| p.l2),
            power_import_l3_kw: a_in.and_then(|p| p.l3),
            power_export_l1_kw: a_out.and_then(|p| p.l1),
            power_export_l2_kw: a_out.and_then(|p| p.l2),
            power_export_l3_kw: a_out.and_then(|p| p.l3),
            reactive_import_kvar: total_or_sum(r_in),
            reactive_export_kvar: total_or_sum(r_out),
            apparent_power_kva: r
                .instantaneous_power
                .as_ref()
                .and_then(|p| p.apparent.as_ref())
                .and_then(|a| a.total),
            voltage_l1_v: v.and_then(|p| p.l1),
            voltage_l2_v: v.and_then(|p| p.l2),
            voltage_l3_v: v.and_then(|p| p.l3),
            current_l1_a: c.and_then(|p| p.l1),
            current_l2_a: c.and_then(|p| p.l2),
            current_l3_a: c.and_then(|p| p.l3),
            power_factor: r.power_factor,
            energy_import_kwh: e_in.and_then(|t| t.total),
            energy_import_t1_kwh: e_in.and_then(|t| t.t1),
            energy_import_t2_kwh: e_in.and_then(|t| t.t2),
            energy_export_kwh: e_out.and_then(|t| t.total),
            energy_export_t1_kwh: e_out.and_then(|t| t.t1),
            energy_export_t2_kwh: e_out.and_then(|t| t.t2),
            reactive_energy_import_kvarh: e_re
                .and_then(|e| e.positive.as_ref())
                .and_then(|t: &TariffValues| t.total),
            reactive_energy_export_kvarh: e_re
                .and_then(|e| e.negative.as_ref())
                .and_then(|t: &TariffValues| t.total),
            uptime_s: env.system.as_ref().and_then(|s| s.time_since_boot),
        }
    }

    /// Builds a reading from an SSE `live` event. The event carries only local date and time; pass the
    /// device's UTC offset (learned from a report's `date_time_local`) to get [`Reading::timestamp`].
    pub fn from_live(ev: &LiveEvent, utc_offset: Option<FixedOffset>) -> Reading {
        let local_time = match (&ev.date, &ev.time) {
            (Some(d), Some(t)) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .ok()
                .zip(NaiveTime::parse_from_str(t.trim(), "%H:%M:%S").ok())
                .map(|(d, t)| d.and_time(t)),
            _ => None,
        };
        let timestamp = local_time
            .zip(utc_offset)
            .and_then(|(lt, off)| off.from_local_datetime(&lt).single())
            .map(|t| t.with_timezone(&Utc));
        Reading {
            source: Some(ReadingSource::Live),
            timestamp,
            local_time,
            report_id: None,
            interval_s: None,
            tariff: ev.tariff,
            power_import_kw: ev.p_in,
            power_export_kw: ev.p_out,
            power_import_l1_kw: ev.p_p1_in,
            power_import_l2_kw: ev.p_p2_in,
            power_import_l3_kw: ev.p_p3_in,
            power_export_l1_kw: ev.p_p1_out,
            power_export_l2_kw: ev.p_p2_out,
            power_export_l3_kw: ev.p_p3_out,
            reactive_import_kvar: ev.rp_in,
            reactive_export_kvar: ev.rp_out,
            apparent_power_kva: None,
            voltage_l1_v: ev.v_p1,
            voltage_l2_v: ev.v_p2,
            voltage_l3_v: ev.v_p3,
            current_l1_a: ev.i_p1,
            current_l2_a: ev.i_p2,
            current_l3_a: ev.i_p3,
            power_factor: ev.pf,
            energy_import_kwh: ev.e_in,
            energy_import_t1_kwh: ev.e_in_t1,
            energy_import_t2_kwh: ev.e_in_t2,
            energy_export_kwh: ev.e_out,
            energy_export_t1_kwh: ev.e_out_t1,
            energy_export_t2_kwh: ev.e_out_t2,
            reactive_energy_import_kvarh: ev.re_in,
            reactive_energy_export_kvarh: ev.re_out,
            uptime_s: ev.uptime_h.map(|h| h * 3600.0),
        }
    }
}

/// Signed net of an import and an export value (import positive); `None` if neither is known, or if
/// absurd values (near f64's limits, found by tests/arithmetic_props.rs) would make it infinite.
pub fn net(import: Option<f64>, export: Option<f64>) -> Option<f64> {
    match (import, export) {
        (None, None) => None,
        (i, e) => Some(i.unwrap_or(0.0) - e.unwrap_or(0.0)).filter(|n| n.is_finite()),
    }
}

/// Some meters send only per-phase values; the total is then their sum (unknown if that overflows).
fn total_or_sum(p: Option<&PhaseValues>) -> Option<f64> {
    let p = p?;
    p.total.or_else(|| {
        let phases: Vec<f64> = p.phases().into_iter().flatten().collect();
        let sum: f64 = phases.iter().sum();
        (!phases.is_empty() && sum.is_finite()).then_some(sum)
    })
}

/// RFC 3339 with an explicit offset (`Z` or `+02:00`).
pub fn parse_offset_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_quantities_are_left_out_of_json() {
        let r = Reading {
            source: Some(ReadingSource::Mqtt),
            power_import_kw: Some(1.5),
            ..Reading::default()
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"source":"mqtt","power_import_kw":1.5}"#);
        assert_eq!(serde_json::from_str::<Reading>(&json).unwrap(), r);
        assert_eq!(serde_json::to_string(&Reading::default()).unwrap(), "{}");
    }
}
