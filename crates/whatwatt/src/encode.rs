//! A [`Reading`] back in the device's own formats, for programs that speak to a whatwatt Go and are
//! pointed at a stand-in instead (WattDesk's sharing gateway). The inverse of `Reading::from_live` and
//! `Reading::from_report`: what a reading holds round-trips exactly; what it never held (maximum
//! demand, quadrant energies, sub-meter volumes) is absent, as it is on a meter that does not send it.

use crate::models::live::LiveEvent;
use crate::models::report::{
    Directions, Energy, InstantaneousPower, PhaseValues, ReactiveEnergy, Report, ReportEnvelope,
    ReportMeter, ReportSystem, TariffValues,
};
use crate::reading::Reading;
use chrono::{FixedOffset, Offset, SecondsFormat, Utc};

/// The reading as the payload of an SSE `live` event. `local_time` gives `Date` and `Time`; without
/// it `timestamp` is shown at `utc_offset` (the device sends only local time on this stream).
pub fn live_event(r: &Reading, utc_offset: Option<FixedOffset>) -> LiveEvent {
    let local = r.local_time.or_else(|| {
        r.timestamp.map(|t| {
            t.with_timezone(&utc_offset.unwrap_or(Utc.fix()))
                .naive_local()
        })
    });
    LiveEvent {
        p_in: r.power_import_kw,
        p_out: r.power_export_kw,
        p_p1_in: r.power_import_l1_kw,
        p_p2_in: r.power_import_l2_kw,
        p_p3_in: r.power_import_l3_kw,
        p_p1_out: r.power_export_l1_kw,
        p_p2_out: r.power_export_l2_kw,
        p_p3_out: r.power_export_l3_kw,
        rp_in: r.reactive_import_kvar,
        rp_out: r.reactive_export_kvar,
        pf: r.power_factor,
        i_p1: r.current_l1_a,
        i_p2: r.current_l2_a,
        i_p3: r.current_l3_a,
        v_p1: r.voltage_l1_v,
        v_p2: r.voltage_l2_v,
        v_p3: r.voltage_l3_v,
        e_in: r.energy_import_kwh,
        e_in_t1: r.energy_import_t1_kwh,
        e_in_t2: r.energy_import_t2_kwh,
        e_out: r.energy_export_kwh,
        e_out_t1: r.energy_export_t1_kwh,
        e_out_t2: r.energy_export_t2_kwh,
        re_in: r.reactive_energy_import_kvarh,
        re_out: r.reactive_energy_export_kvarh,
        tariff: r.tariff,
        date: local.map(|t| t.format("%Y-%m-%d").to_string()),
        time: local.map(|t| t.format("%H:%M:%S").to_string()),
        uptime_h: r.uptime_s.map(|s| s / 3600.0),
        ..LiveEvent::default()
    }
}

fn phases(total: Option<f64>, l: [Option<f64>; 3]) -> Option<PhaseValues> {
    (total.is_some() || l.iter().any(Option::is_some)).then_some(PhaseValues {
        total,
        l1: l[0],
        l2: l[1],
        l3: l[2],
    })
}

fn counters(total: Option<f64>, t1: Option<f64>, t2: Option<f64>) -> Option<TariffValues> {
    (total.is_some() || t1.is_some() || t2.is_some()).then_some(TariffValues { total, t1, t2 })
}

fn sides<T>(positive: Option<T>, negative: Option<T>) -> Option<Directions<T>> {
    (positive.is_some() || negative.is_some()).then_some(Directions { positive, negative })
}

/// The reading as a `/api/v1/report` answer, with the meter and system parts the caller knows.
/// Times: `date_time_utc` from the timestamp; `date_time_local` (and the bare `date_time`, which
/// real devices write as local time with a `Z`, see `Report::date_time`) at `utc_offset`.
pub fn report(
    r: &Reading,
    utc_offset: Option<FixedOffset>,
    meter: Option<ReportMeter>,
    system: Option<ReportSystem>,
) -> ReportEnvelope {
    let local = r
        .timestamp
        .zip(utc_offset)
        .map(|(t, off)| t.with_timezone(&off));
    let utc = r
        .timestamp
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
    let report = Report {
        id: r.report_id,
        interval: r.interval_s,
        tariff: r.tariff,
        date_time: local
            .map(|t| format!("{}Z", t.naive_local().format("%Y-%m-%dT%H:%M:%S")))
            .or_else(|| utc.clone()),
        date_time_local: local.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        date_time_utc: utc,
        instantaneous_power: {
            let active = sides(
                phases(
                    r.power_import_kw,
                    [
                        r.power_import_l1_kw,
                        r.power_import_l2_kw,
                        r.power_import_l3_kw,
                    ],
                ),
                phases(
                    r.power_export_kw,
                    [
                        r.power_export_l1_kw,
                        r.power_export_l2_kw,
                        r.power_export_l3_kw,
                    ],
                ),
            );
            let reactive = sides(
                phases(r.reactive_import_kvar, [None; 3]),
                phases(r.reactive_export_kvar, [None; 3]),
            );
            let apparent = phases(r.apparent_power_kva, [None; 3]);
            (active.is_some() || reactive.is_some() || apparent.is_some()).then_some(
                InstantaneousPower {
                    active,
                    reactive,
                    apparent,
                },
            )
        },
        voltage: phases(None, r.voltages_v()),
        current: phases(None, r.currents_a()),
        energy: {
            let active = sides(
                counters(
                    r.energy_import_kwh,
                    r.energy_import_t1_kwh,
                    r.energy_import_t2_kwh,
                ),
                counters(
                    r.energy_export_kwh,
                    r.energy_export_t1_kwh,
                    r.energy_export_t2_kwh,
                ),
            );
            let positive = counters(r.reactive_energy_import_kvarh, None, None);
            let negative = counters(r.reactive_energy_export_kvarh, None, None);
            let reactive = (positive.is_some() || negative.is_some()).then_some(ReactiveEnergy {
                positive,
                negative,
                ..ReactiveEnergy::default()
            });
            (active.is_some() || reactive.is_some()).then_some(Energy { active, reactive })
        },
        power_factor: r.power_factor,
        ..Report::default()
    };
    ReportEnvelope {
        report: Some(report),
        meter,
        system: system.or_else(|| {
            r.uptime_s.map(|s| ReportSystem {
                time_since_boot: Some(s),
                ..ReportSystem::default()
            })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::live::LiveEvent;
    use chrono::TimeZone;

    fn full() -> Reading {
        let off = FixedOffset::east_opt(3600).unwrap();
        let t = off.with_ymd_and_hms(2026, 3, 29, 1, 59, 30).unwrap();
        Reading {
            timestamp: Some(t.with_timezone(&Utc)),
            local_time: Some(t.naive_local()),
            tariff: Some(2),
            power_import_kw: Some(1.234),
            power_export_kw: Some(0.0),
            power_import_l1_kw: Some(0.5),
            power_import_l2_kw: Some(0.4),
            power_import_l3_kw: Some(0.334),
            power_export_l1_kw: Some(0.0),
            power_export_l2_kw: Some(0.0),
            power_export_l3_kw: Some(0.0),
            reactive_import_kvar: Some(0.1),
            reactive_export_kvar: Some(0.02),
            voltage_l1_v: Some(230.1),
            voltage_l2_v: Some(229.8),
            voltage_l3_v: Some(231.0),
            current_l1_a: Some(2.2),
            current_l2_a: Some(1.8),
            current_l3_a: Some(1.5),
            power_factor: Some(0.97),
            energy_import_kwh: Some(12345.678),
            energy_import_t1_kwh: Some(8000.0),
            energy_import_t2_kwh: Some(4345.678),
            energy_export_kwh: Some(321.5),
            energy_export_t1_kwh: Some(300.0),
            energy_export_t2_kwh: Some(21.5),
            reactive_energy_import_kvarh: Some(55.0),
            reactive_energy_export_kvarh: Some(6.0),
            uptime_s: Some(7200.0),
            ..Reading::default()
        }
    }

    #[test]
    fn a_live_event_reads_back_as_the_same_reading() {
        let r = Reading {
            source: Some(crate::reading::ReadingSource::Live),
            ..full()
        };
        let off = FixedOffset::east_opt(3600);
        let json = serde_json::to_string(&live_event(&r, off)).unwrap();
        // The device's own field names.
        for key in [
            "\"P_In\":1.234",
            "\"E_In_T2\":4345.678",
            "\"Date\":\"2026-03-29\"",
            "\"Time\":\"01:59:30\"",
            "\"Uptime\":2.0",
            "\"T\":2",
        ] {
            assert!(json.contains(key), "{key} in {json}");
        }
        let back = Reading::from_live(&serde_json::from_str::<LiveEvent>(&json).unwrap(), off);
        assert_eq!(back, r);
    }

    #[test]
    fn a_report_reads_back_as_the_same_reading() {
        let r = Reading {
            source: Some(crate::reading::ReadingSource::Report),
            report_id: Some(77),
            interval_s: Some(1.0),
            ..full()
        };
        let env = report(&r, FixedOffset::east_opt(3600), None, None);
        let json = serde_json::to_value(&env).unwrap();
        assert_eq!(json["report"]["date_time_utc"], "2026-03-29T00:59:30Z");
        assert_eq!(
            json["report"]["date_time_local"],
            "2026-03-29T01:59:30+01:00"
        );
        // Real devices write local time with a Z here (see Report::date_time).
        assert_eq!(json["report"]["date_time"], "2026-03-29T01:59:30Z");
        assert_eq!(json["report"]["energy"]["active"]["positive"]["t1"], 8000.0);
        let back = Reading::from_report(&serde_json::from_value(json).unwrap());
        assert_eq!(back, r);
    }

    #[test]
    fn without_a_clock_offset_live_time_is_utc_and_absent_values_stay_absent() {
        let r = Reading {
            timestamp: Some(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap()),
            power_import_kw: Some(0.5),
            ..Reading::default()
        };
        let ev = live_event(&r, None);
        assert_eq!(ev.date.as_deref(), Some("2026-01-02"));
        assert_eq!(ev.time.as_deref(), Some("03:04:05"));
        assert_eq!(
            serde_json::to_string(&ev).unwrap(),
            r#"{"P_In":0.5,"Date":"2026-01-02","Time":"03:04:05"}"#
        );
        let env = report(&Reading::default(), None, None, None);
        assert_eq!(serde_json::to_string(&env).unwrap(), r#"{"report":{}}"#);
    }
}
