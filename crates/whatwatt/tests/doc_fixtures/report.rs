//! `/api/v1/report` and the readings built from it.

use crate::helpers::*;
use chrono::FixedOffset;
use chrono::NaiveDate;
use whatwatt::models::live::LiveEvent;
use whatwatt::models::report::ReportEnvelope;
use whatwatt::{Reading, ReadingSource};

#[test]
fn report_lgz_mbus_doc_example() {
    let env: ReportEnvelope = parse("report_lgz_mbus.json", REPORT_LGZ);
    let r = env.report.as_ref().expect("report");
    assert_eq!(r.id, Some(7892));
    assert_eq!(r.interval, Some(6.749));
    assert_eq!(r.tariff, Some(1));
    assert_eq!(r.date_time.as_deref(), Some("2025-10-07T14:26:10Z"));
    assert_eq!(
        r.date_time_local.as_deref(),
        Some("2025-10-07T14:26:10+02:00")
    );
    assert_eq!(r.date_time_utc.as_deref(), Some("2025-10-07T12:26:10Z"));

    let ip = r.instantaneous_power.as_ref().expect("instantaneous_power");
    let active = ip.active.as_ref().expect("active");
    let a_pos = active.positive.as_ref().expect("active.positive");
    assert_eq!(a_pos.phases(), [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(a_pos.total, Some(0.0));
    assert_eq!(
        active.negative.as_ref().expect("active.negative").total,
        Some(0.0)
    );
    let reactive = ip.reactive.as_ref().expect("reactive");
    let q_pos = reactive.positive.as_ref().expect("reactive.positive");
    assert_eq!(q_pos.total, None, "the LGZ example has no reactive total");
    assert_eq!(q_pos.phases(), [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(ip.apparent, None);

    let v = r.voltage.as_ref().expect("voltage");
    assert_eq!(v.phases(), [Some(234.0), Some(0.0), Some(0.0)]);
    assert_eq!(v.total, None);
    assert_eq!(
        r.current.as_ref().expect("current").phases(),
        [Some(0.0), Some(0.0), Some(0.0)]
    );

    let energy = r.energy.as_ref().expect("energy");
    let ea = energy.active.as_ref().expect("energy.active");
    let ea_pos = ea.positive.as_ref().expect("energy.active.positive");
    assert_eq!(ea_pos.total, Some(75.133));
    assert_eq!((ea_pos.t1, ea_pos.t2), (None, None));
    assert_eq!(ea.negative.as_ref().expect("negative").total, Some(25.414));
    let er = energy.reactive.as_ref().expect("energy.reactive");
    assert_eq!(er.positive.as_ref().expect("positive").total, Some(82.328));
    assert_eq!(er.negative.as_ref().expect("negative").total, Some(19.481));
    assert_eq!((er.imported.as_ref(), er.exported.as_ref()), (None, None));
    assert_eq!(r.max_demand, None);
    assert_eq!(r.power_factor, None);
    assert_eq!(r.conv_factor, Some(1.0));
    assert!(r.volume.is_empty());

    let m = env.meter.as_ref().expect("meter");
    assert_eq!(m.status.as_deref(), Some("OK"));
    assert_eq!(m.interface.as_deref(), Some("MBUS"));
    assert_eq!(m.protocol.as_deref(), Some("DLMS"));
    assert_eq!(m.logical_name.as_deref(), Some("LGZ1030784855204"));
    assert_eq!(m.vendor.as_deref(), Some("Landis+Gyr"));
    assert_eq!(m.prefix.as_deref(), Some("LGZ"));
    assert_eq!((m.id.as_deref(), m.model.as_deref()), (None, None));
    assert_eq!(m.protocol_version, None);

    let sys = env.system.as_ref().expect("system");
    assert_eq!(sys.id.as_deref(), Some("ECC9FF5C7F14"));
    assert_eq!(sys.date_time.as_deref(), Some("2025-10-07T14:26:24Z"));
    assert_eq!(
        sys.date_time_local.as_deref(),
        Some("2025-10-07T14:26:24+02:00")
    );
    assert_eq!(sys.date_time_utc.as_deref(), Some("2025-10-07T12:26:24Z"));
    assert_eq!(sys.boot_id.as_deref(), Some("7CDC08FD"));
    assert_eq!(sys.time_since_boot, Some(338155.0));
}

#[test]
fn report_lgz_mbus_to_reading() {
    let env: ReportEnvelope = parse("report_lgz_mbus.json", REPORT_LGZ);
    let rd = Reading::from_report(&env);
    assert_eq!(rd.source, Some(ReadingSource::Report));
    // From `date_time_utc`, not from the `date_time` that is local time labelled `Z`.
    assert_eq!(rd.timestamp, Some(utc("2025-10-07T12:26:10Z")));
    assert_ne!(rd.timestamp, Some(utc("2025-10-07T14:26:10Z")));
    assert_eq!(
        rd.local_time,
        NaiveDate::from_ymd_opt(2025, 10, 7).and_then(|d| d.and_hms_opt(14, 26, 10))
    );
    assert_eq!(rd.report_id, Some(7892));
    assert_eq!(rd.interval_s, Some(6.749));
    assert_eq!(rd.tariff, Some(1));
    assert_eq!(rd.energy_import_kwh, Some(75.133));
    assert_eq!(rd.energy_export_kwh, Some(25.414));
    assert_eq!(
        (rd.energy_import_t1_kwh, rd.energy_import_t2_kwh),
        (None, None)
    );
    assert_eq!(rd.reactive_energy_import_kvarh, Some(82.328));
    assert_eq!(rd.reactive_energy_export_kvarh, Some(19.481));
    assert_eq!(rd.power_import_kw, Some(0.0));
    assert_eq!(rd.power_export_kw, Some(0.0));
    assert_eq!(rd.net_power_kw(), Some(0.0));
    // No reactive total in the example: the sum of the phases.
    assert_eq!(rd.reactive_import_kvar, Some(0.0));
    assert_eq!(rd.apparent_power_kva, None);
    assert_eq!(rd.voltages_v(), [Some(234.0), Some(0.0), Some(0.0)]);
    assert_eq!(rd.currents_a(), [Some(0.0), Some(0.0), Some(0.0)]);
    assert_eq!(rd.power_factor, None);
    assert_eq!(rd.uptime_s, Some(338155.0));
}

#[test]
fn report_ensor_p1_doc_example() {
    let env: ReportEnvelope = parse("report_ensor_p1.json", REPORT_ENSOR);
    let r = env.report.as_ref().expect("report");
    assert_eq!(r.id, Some(72));
    assert_eq!(r.interval, Some(0.997));
    assert_eq!(r.tariff, Some(1));
    assert_eq!(r.date_time_utc.as_deref(), Some("2025-10-07T12:29:41Z"));

    let ip = r.instantaneous_power.as_ref().expect("instantaneous_power");
    let a_pos = ip
        .active
        .as_ref()
        .and_then(|a| a.positive.as_ref())
        .expect("active.positive");
    assert_eq!(a_pos.total, Some(0.015));
    assert_eq!(a_pos.phases(), [Some(0.015), Some(0.0), Some(0.0)]);
    assert_eq!(ip.reactive, None, "the Ensor example has no reactive power");

    let v = r.voltage.as_ref().expect("voltage");
    assert_eq!(v.l1, Some(234.01));
    assert_eq!(v.l2, Some(36.12));
    assert_eq!(v.l3, Some(36.48));
    assert_eq!(
        r.current.as_ref().expect("current").phases(),
        [Some(0.26), Some(0.0), Some(0.0)]
    );

    let energy = r.energy.as_ref().expect("energy");
    let ea = energy.active.as_ref().expect("energy.active");
    let pos = ea.positive.as_ref().expect("positive");
    assert_eq!(pos.total, Some(190.01));
    assert_eq!(pos.t1, Some(120.133));
    assert_eq!(pos.t2, Some(69.877));
    let neg = ea.negative.as_ref().expect("negative");
    assert_eq!(
        (neg.total, neg.t1, neg.t2),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    assert_eq!(energy.reactive, None);
    assert_eq!(r.conv_factor, Some(1.0));

    assert_eq!(r.volume.len(), 1);
    let vol = &r.volume[0];
    assert_eq!(vol.bus, Some(1));
    assert_eq!(vol.meter_id.as_deref(), Some("20000741"));
    assert_eq!((vol.date_time.as_deref(), vol.cumulative), (None, None));

    let m = env.meter.as_ref().expect("meter");
    assert_eq!(m.interface.as_deref(), Some("P1"));
    assert_eq!(m.protocol.as_deref(), Some("DSMR"));
    assert_eq!(m.protocol_version.as_deref(), Some("5.0"));
    assert_eq!(m.logical_name.as_deref(), Some("ESR51030712084367"));
    assert_eq!(m.id.as_deref(), Some("1ESR0012084367"));
    assert_eq!(m.model.as_deref(), Some("1ESR0012084367"));
    assert_eq!(m.vendor.as_deref(), Some("Ensor"));
    assert_eq!(m.prefix.as_deref(), Some("ESR"));

    let sys = env.system.as_ref().expect("system");
    assert_eq!(sys.id.as_deref(), Some("ECC9FF5C7F14"));
    assert_eq!(sys.boot_id.as_deref(), Some("7CDC08FD"));
    assert_eq!(sys.time_since_boot, Some(338352.0));
}

#[test]
fn report_ensor_p1_to_reading() {
    let env: ReportEnvelope = parse("report_ensor_p1.json", REPORT_ENSOR);
    let rd = Reading::from_report(&env);
    assert_eq!(rd.timestamp, Some(utc("2025-10-07T12:29:41Z")));
    assert_eq!(
        rd.local_time,
        NaiveDate::from_ymd_opt(2025, 10, 7).and_then(|d| d.and_hms_opt(14, 29, 41))
    );
    assert_eq!(rd.report_id, Some(72));
    assert_eq!(rd.interval_s, Some(0.997));
    assert_eq!(rd.power_import_kw, Some(0.015));
    assert_eq!(rd.power_import_l1_kw, Some(0.015));
    assert_eq!(rd.power_export_kw, Some(0.0));
    assert_eq!(rd.net_power_kw(), Some(0.015));
    assert_eq!(rd.reactive_import_kvar, None);
    assert_eq!(rd.voltage_l1_v, Some(234.01));
    assert_eq!(rd.voltages_v(), [Some(234.01), Some(36.12), Some(36.48)]);
    assert_eq!(rd.current_l1_a, Some(0.26));
    assert_eq!(rd.energy_import_kwh, Some(190.01));
    assert_eq!(rd.energy_import_t1_kwh, Some(120.133));
    assert_eq!(rd.energy_import_t2_kwh, Some(69.877));
    assert_eq!(rd.energy_export_kwh, Some(0.0));
    assert_eq!(rd.reactive_energy_import_kvarh, None);
    assert_eq!(rd.uptime_s, Some(338352.0));
}

#[test]
fn report_loxone_page_example() {
    // The Loxone page's "expected response": no `date_time_utc`, no `conv_factor`, and the page labels
    // the power values W although the report sends kW (see SOURCES.md).
    let env: ReportEnvelope = parse("report_loxone.json", REPORT_LOXONE);
    let r = env.report.as_ref().expect("report");
    assert_eq!(r.id, Some(7892));
    assert_eq!(r.date_time_utc, None);
    assert_eq!(r.conv_factor, None);
    let a_pos = r
        .instantaneous_power
        .as_ref()
        .and_then(|p| p.active.as_ref())
        .and_then(|a| a.positive.as_ref())
        .expect("active.positive");
    assert_eq!(a_pos.total, Some(2456.0));
    assert_eq!(a_pos.phases(), [Some(823.0), Some(891.0), Some(742.0)]);
    assert_eq!(
        r.voltage.as_ref().expect("voltage").phases(),
        [Some(231.2), Some(230.8), Some(232.1)]
    );
    let sys = env.system.as_ref().expect("system");
    assert_eq!(sys.id.as_deref(), Some("ECC9FF5C7F14"));
    assert_eq!(sys.time_since_boot, None);

    let rd = Reading::from_report(&env);
    // Without `date_time_utc` the timestamp comes from `date_time_local` and its offset.
    assert_eq!(rd.timestamp, Some(utc("2025-10-07T12:26:10Z")));
    assert_eq!(rd.report_id, Some(7892));
    assert_eq!(rd.energy_import_kwh, Some(1234567.8));
    assert_eq!(rd.energy_export_kwh, Some(98765.4));
    assert_eq!(rd.currents_a(), [Some(3.6), Some(3.9), Some(3.2)]);
    assert_eq!(rd.uptime_s, None);
}

#[test]
fn report_openapi_example() {
    let env: ReportEnvelope = parse("openapi_report.json", OAS_REPORT);
    let r = env.report.as_ref().expect("report");
    assert_eq!(r.id, Some(7892));
    assert_eq!(r.interval, Some(6.749));
    assert_eq!(r.tariff, Some(1));
    assert_eq!(r.energy, None);
    assert_eq!(r.date_time_utc, None);
    let m = env.meter.as_ref().expect("meter");
    assert_eq!(m.status.as_deref(), Some("OK"));
    assert_eq!(m.interface.as_deref(), Some("MBUS"));
    assert_eq!(m.protocol.as_deref(), Some("DLMS"));
    assert_eq!(
        env.system.as_ref().and_then(|s| s.id.as_deref()),
        Some("ECC9FF5C7F14")
    );

    let rd = Reading::from_report(&env);
    assert_eq!(rd.report_id, Some(7892));
    assert_eq!(rd.interval_s, Some(6.749));
    assert_eq!(rd.timestamp, None);
    assert_eq!(rd.energy_import_kwh, None);
    assert_eq!(rd.power_import_kw, None);
    assert_eq!(rd.net_power_kw(), None);
}

#[test]
fn single_phase_report_without_l2_l3() {
    let env: ReportEnvelope = parse(
        "single-phase report",
        r#"{
            "report": {
                "id": 12,
                "date_time_utc": "2025-10-07T12:00:00Z",
                "instantaneous_power": {
                    "active": {"positive": {"l1": 0.42}, "negative": {"total": 0, "l1": 0}},
                    "reactive": {"positive": {"l1": 0.05}}
                },
                "voltage": {"l1": 229.7},
                "current": {"l1": 1.83},
                "energy": {"active": {"positive": {"total": 1024.5, "t1": 600.25, "t2": 424.25}}}
            }
        }"#,
    );
    let r = env.report.as_ref().expect("report");
    assert_eq!(
        r.voltage.as_ref().expect("voltage").phases(),
        [Some(229.7), None, None]
    );
    let rd = Reading::from_report(&env);
    assert_eq!(rd.voltages_v(), [Some(229.7), None, None]);
    assert_eq!(rd.currents_a(), [Some(1.83), None, None]);
    // No total: the sum of the phases present.
    assert_eq!(rd.power_import_kw, Some(0.42));
    assert_eq!(
        (
            rd.power_import_l1_kw,
            rd.power_import_l2_kw,
            rd.power_import_l3_kw
        ),
        (Some(0.42), None, None)
    );
    assert_eq!(rd.power_export_kw, Some(0.0));
    assert_eq!(rd.reactive_import_kvar, Some(0.05));
    assert_eq!(rd.reactive_export_kvar, None);
    assert_eq!(rd.energy_import_kwh, Some(1024.5));
    assert_eq!(rd.energy_export_kwh, None);
    assert_eq!(rd.timestamp, Some(utc("2025-10-07T12:00:00Z")));

    // The documented three-phase examples with L2/L3 taken out.
    for (name, text) in [
        ("report_lgz_mbus.json", REPORT_LGZ),
        ("report_ensor_p1.json", REPORT_ENSOR),
    ] {
        let mut v = value_of(name, text);
        map_objects(&mut v, &[], &|m| {
            m.remove("l2");
            m.remove("l3");
        });
        let env: ReportEnvelope = serde_json::from_value(v).expect("single-phase variant");
        let rd = Reading::from_report(&env);
        assert_eq!(rd.voltage_l2_v, None, "{name}");
        assert_eq!(rd.voltage_l3_v, None, "{name}");
        assert_eq!(rd.current_l3_a, None, "{name}");
        assert_eq!(rd.power_import_l2_kw, None, "{name}");
        assert!(rd.voltage_l1_v.is_some(), "{name}");
        assert!(rd.energy_import_kwh.is_some(), "{name}");
    }

    // The live stream of a single-phase meter simply leaves the P2/P3 fields out.
    let ev: LiveEvent = parse(
        "single-phase live",
        r#"{"P_In": 0.2, "P_P1_In": 0.2, "V_P1": 231, "I_P1": 0.9, "Date": "2024-08-24", "Time": "14:34:00"}"#,
    );
    let rd = Reading::from_live(&ev, FixedOffset::east_opt(7200));
    assert_eq!(rd.voltages_v(), [Some(231.0), None, None]);
    assert_eq!(rd.currents_a(), [Some(0.9), None, None]);
    assert_eq!(rd.power_import_l2_kw, None);
    assert_eq!(rd.timestamp, Some(utc("2024-08-24T12:34:00Z")));
}
