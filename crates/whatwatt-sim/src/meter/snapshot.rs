//! One meter report and its renderings in each of the device's formats: `/api/v1/report`, the SSE
//! `live` event, template variables and SD-card CSV rows. Keeping them in one place guarantees the
//! transports agree on every value.

use super::household::{Phases, Sample};
use super::Counters;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use whatwatt::models::live::LiveEvent;
use whatwatt::models::report::{
    Directions, Energy, InstantaneousPower, PhaseValues, ReactiveEnergy, Report, TariffValues,
};

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Reports since boot.
    pub report_id: u64,
    pub interval_s: f64,
    /// When the meter produced the report.
    pub time: DateTime<Utc>,
    pub offset: FixedOffset,
    pub tariff: u32,
    pub phases: Phases,
    pub sample: Sample,
    pub counters: Counters,
    /// When the device published it (set by the device, not the meter); benchmarks measure
    /// end-to-end latency from here.
    pub published: Option<std::time::Instant>,
}

/// Meter counters are reported with 3 decimals (Wh resolution).
fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

impl Snapshot {
    fn three_phase(&self) -> bool {
        self.phases == Phases::Three
    }

    /// Per-phase values; a single-phase meter reports only L1 (L2/L3 absent).
    fn phase_values(&self, v: [f64; 3], total: Option<f64>) -> PhaseValues {
        PhaseValues {
            total,
            l1: Some(v[0]),
            l2: self.three_phase().then_some(v[1]),
            l3: self.three_phase().then_some(v[2]),
        }
    }

    pub fn local_time(&self) -> DateTime<FixedOffset> {
        self.time.with_timezone(&self.offset)
    }

    /// `2025-10-07T12:26:10Z`.
    pub fn utc_string(&self) -> String {
        self.time.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// `2025-10-07T14:26:10+02:00`.
    pub fn local_string(&self) -> String {
        self.local_time()
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    /// Local wall-clock time labelled `Z`, exactly as real firmware fills `date_time`.
    pub fn mislabelled_local_string(&self) -> String {
        format!("{}Z", self.local_time().format("%Y-%m-%dT%H:%M:%S"))
    }

    pub fn reactive_import_total(&self) -> f64 {
        r3(self.sample.reactive_import_kvar.iter().sum())
    }

    pub fn reactive_export_total(&self) -> f64 {
        r3(self.sample.reactive_export_kvar.iter().sum())
    }

    /// Apparent power S (kVA) from the net active and reactive power.
    pub fn apparent_total(&self) -> f64 {
        let p = self.sample.import_total_kw - self.sample.export_total_kw;
        let q = self.reactive_import_total() - self.reactive_export_total();
        r3(p.hypot(q))
    }

    pub fn report(&self) -> Report {
        let s = &self.sample;
        let c = &self.counters;
        let tv = |total: f64, t1: f64, t2: f64| TariffValues {
            total: Some(r3(total)),
            t1: Some(r3(t1)),
            t2: Some(r3(t2)),
        };
        Report {
            id: Some(self.report_id),
            interval: Some(self.interval_s),
            tariff: Some(self.tariff),
            date_time: Some(self.mislabelled_local_string()),
            date_time_local: Some(self.local_string()),
            date_time_utc: Some(self.utc_string()),
            instantaneous_power: Some(InstantaneousPower {
                active: Some(Directions {
                    positive: Some(self.phase_values(s.import_kw, Some(s.import_total_kw))),
                    negative: Some(self.phase_values(s.export_kw, Some(s.export_total_kw))),
                }),
                reactive: Some(Directions {
                    positive: Some(
                        self.phase_values(
                            s.reactive_import_kvar,
                            Some(self.reactive_import_total()),
                        ),
                    ),
                    negative: Some(
                        self.phase_values(
                            s.reactive_export_kvar,
                            Some(self.reactive_export_total()),
                        ),
                    ),
                }),
                apparent: None,
            }),
            voltage: Some(self.phase_values(s.voltage_v, None)),
            current: Some(self.phase_values(s.current_a, None)),
            energy: Some(Energy {
                active: Some(Directions {
                    positive: Some(tv(c.import_total(), c.import_t1, c.import_t2)),
                    negative: Some(tv(c.export_total(), c.export_t1, c.export_t2)),
                }),
                reactive: Some(ReactiveEnergy {
                    positive: Some(TariffValues {
                        total: Some(r3(c.reactive_import)),
                        ..TariffValues::default()
                    }),
                    negative: Some(TariffValues {
                        total: Some(r3(c.reactive_export)),
                        ..TariffValues::default()
                    }),
                    imported: None,
                    exported: None,
                }),
            }),
            max_demand: None,
            power_factor: Some(s.power_factor),
            conv_factor: Some(1.0),
            volume: Vec::new(),
        }
    }

    pub fn live_event(&self, uptime_s: f64) -> LiveEvent {
        let s = &self.sample;
        let c = &self.counters;
        let three = self.three_phase();
        let ph = |v: f64| three.then_some(v);
        let local = self.local_time();
        LiveEvent {
            p_in: Some(s.import_total_kw),
            p_out: Some(s.export_total_kw),
            p_p1_in: Some(s.import_kw[0]),
            p_p2_in: ph(s.import_kw[1]),
            p_p3_in: ph(s.import_kw[2]),
            p_p1_out: Some(s.export_kw[0]),
            p_p2_out: ph(s.export_kw[1]),
            p_p3_out: ph(s.export_kw[2]),
            rp_in: Some(self.reactive_import_total()),
            rp_out: Some(self.reactive_export_total()),
            rp_p1_in: Some(s.reactive_import_kvar[0]),
            rp_p2_in: ph(s.reactive_import_kvar[1]),
            rp_p3_in: ph(s.reactive_import_kvar[2]),
            rp_p1_out: Some(s.reactive_export_kvar[0]),
            rp_p2_out: ph(s.reactive_export_kvar[1]),
            rp_p3_out: ph(s.reactive_export_kvar[2]),
            pf: Some(s.power_factor),
            i_p1: Some(s.current_a[0]),
            i_p2: ph(s.current_a[1]),
            i_p3: ph(s.current_a[2]),
            v_p1: Some(s.voltage_v[0]),
            v_p2: ph(s.voltage_v[1]),
            v_p3: ph(s.voltage_v[2]),
            e_in: Some(r3(c.import_total())),
            e_in_t1: Some(r3(c.import_t1)),
            e_in_t2: Some(r3(c.import_t2)),
            e_out: Some(r3(c.export_total())),
            e_out_t1: Some(r3(c.export_t1)),
            e_out_t2: Some(r3(c.export_t2)),
            re_in: Some(r3(c.reactive_import)),
            re_out: Some(r3(c.reactive_export)),
            tariff: Some(self.tariff),
            date: Some(local.format("%Y-%m-%d").to_string()),
            time: Some(local.format("%H:%M:%S").to_string()),
            uptime_h: Some((uptime_s / 3600.0 * 100.0).round() / 100.0),
            ..LiveEvent::default()
        }
    }

    /// The measurement variables (`1_7_0`, `power.in`, ...) as device text; `None` = not provided.
    pub fn variables(&self) -> Vec<(&'static str, Option<String>)> {
        let s = &self.sample;
        let c = &self.counters;
        let n = |v: f64| Some(crate::template::format_number(v));
        let ph = |v: f64| if self.three_phase() { n(v) } else { None };
        vec![
            ("1_8_0", n(r3(c.import_total()))),
            ("energy.in", n(r3(c.import_total()))),
            ("1_8_1", n(r3(c.import_t1))),
            ("1_8_2", n(r3(c.import_t2))),
            ("2_8_0", n(r3(c.export_total()))),
            ("energy.out", n(r3(c.export_total()))),
            ("2_8_1", n(r3(c.export_t1))),
            ("2_8_2", n(r3(c.export_t2))),
            ("3_8_0", n(r3(c.reactive_import))),
            ("4_8_0", n(r3(c.reactive_export))),
            ("1_7_0", n(s.import_total_kw)),
            ("power.in", n(s.import_total_kw)),
            ("21_7_0", n(s.import_kw[0])),
            ("41_7_0", ph(s.import_kw[1])),
            ("61_7_0", ph(s.import_kw[2])),
            ("2_7_0", n(s.export_total_kw)),
            ("power.out", n(s.export_total_kw)),
            ("22_7_0", n(s.export_kw[0])),
            ("42_7_0", ph(s.export_kw[1])),
            ("62_7_0", ph(s.export_kw[2])),
            ("3_7_0", n(self.reactive_import_total())),
            ("4_7_0", n(self.reactive_export_total())),
            ("9_7_0", n(self.apparent_total())),
            ("31_7_0", n(s.current_a[0])),
            ("51_7_0", ph(s.current_a[1])),
            ("71_7_0", ph(s.current_a[2])),
            ("32_7_0", n(s.voltage_v[0])),
            ("52_7_0", ph(s.voltage_v[1])),
            ("72_7_0", ph(s.voltage_v[2])),
            ("13_7_0", n(s.power_factor)),
            ("tariff", Some(self.tariff.to_string())),
            ("conv_factor", Some("1".into())),
            ("timestamp", Some(self.time.timestamp().to_string())),
            ("meter.date_time", Some(self.mislabelled_local_string())),
            ("meter.date_time_local", Some(self.local_string())),
            ("meter.date_time_utc", Some(self.utc_string())),
        ]
    }

    /// One SD-card CSV row in [`whatwatt::models::sdcard::CSV_COLUMNS`] order.
    pub fn csv_row(&self, meter_ident: &str, interface: &str, protocol: &str) -> String {
        let s = &self.sample;
        let c = &self.counters;
        let n = |v: f64| crate::template::format_number(v);
        let ph = |v: f64| {
            if self.three_phase() {
                n(v)
            } else {
                String::new()
            }
        };
        let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut cols: Vec<String> = vec![
            self.report_id.to_string(),
            q(&self.utc_string()),
            q(""),
            q("OK"),
            self.tariff.to_string(),
            n(s.power_factor),
            n(r3(c.import_total())),
            n(r3(c.import_t1)),
            n(r3(c.import_t2)),
            n(r3(c.export_total())),
            n(r3(c.export_t1)),
            n(r3(c.export_t2)),
            n(r3(c.reactive_import)),
            String::new(),
            String::new(),
            n(r3(c.reactive_export)),
            String::new(),
            String::new(),
        ];
        // Reactive quadrants and max demand: not provided by the simulated meter.
        cols.extend(std::iter::repeat_n(String::new(), 18));
        cols.extend([
            n(s.import_total_kw),
            n(s.import_kw[0]),
            ph(s.import_kw[1]),
            ph(s.import_kw[2]),
            n(s.export_total_kw),
            n(s.export_kw[0]),
            ph(s.export_kw[1]),
            ph(s.export_kw[2]),
            n(self.reactive_import_total()),
            n(s.reactive_import_kvar[0]),
            ph(s.reactive_import_kvar[1]),
            ph(s.reactive_import_kvar[2]),
            n(self.reactive_export_total()),
            n(s.reactive_export_kvar[0]),
            ph(s.reactive_export_kvar[1]),
            ph(s.reactive_export_kvar[2]),
            String::new(),
            n(s.voltage_v[0]),
            ph(s.voltage_v[1]),
            ph(s.voltage_v[2]),
            n(s.current_a[0]),
            ph(s.current_a[1]),
            ph(s.current_a[2]),
            q(meter_ident),
            q(""),
            q(interface),
            q(protocol),
            format!("{}", (self.interval_s * 1000.0).round() as u64),
        ]);
        cols.join(",")
    }
}
