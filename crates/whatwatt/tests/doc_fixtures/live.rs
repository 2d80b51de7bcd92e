//! The SSE `live` event and the readings built from it.

use crate::helpers::*;
use chrono::{FixedOffset, NaiveDate};
use whatwatt::models::live::LiveEvent;
use whatwatt::{Reading, ReadingSource};

#[test]
fn live_event_doc_example() {
    let ev: LiveEvent = parse("live_event.json", LIVE);
    assert_eq!(ev.p_in, Some(0.036));
    assert_eq!(ev.p_out, Some(0.0));
    assert_eq!(
        [
            ev.p_p1_in,
            ev.p_p2_in,
            ev.p_p3_in,
            ev.p_p1_out,
            ev.p_p2_out,
            ev.p_p3_out
        ],
        [Some(0.0); 6]
    );
    assert_eq!((ev.p_p_in, ev.p_p_in_t1, ev.p_p_in_t2), (None, None, None));
    assert_eq!((ev.rp_in, ev.rp_out), (Some(0.0), Some(0.0)));
    assert_eq!(ev.rp_p3_out, Some(0.0));
    assert_eq!(ev.pf, Some(0.0));
    assert_eq!(
        (ev.i_p1, ev.i_p2, ev.i_p3),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    assert_eq!(
        (ev.v_p1, ev.v_p2, ev.v_p3),
        (Some(230.1), Some(229.8), Some(230.4))
    );
    assert_eq!(ev.e_in, Some(47.251));
    assert_eq!(ev.e_in_t1, Some(33.388));
    assert_eq!(ev.e_in_t2, Some(14.668));
    assert_eq!(ev.e_out, Some(8.965));
    assert_eq!(ev.e_out_t1, Some(7.868));
    assert_eq!(ev.e_out_t2, Some(1.097));
    assert_eq!(
        [ev.re_in, ev.re_out, ev.re_ii, ev.re_ic, ev.re_ei, ev.re_ec],
        [Some(0.0); 6]
    );
    assert_eq!(ev.tariff, Some(1));
    assert_eq!(ev.vol.len(), 1);
    assert_eq!(ev.vol[0].bus, Some(1));
    assert_eq!(ev.vol[0].meter_id.as_deref(), Some("12345678"));
    assert_eq!(ev.vol[0].date_time.as_deref(), Some("2024-08-24T14:34:00"));
    assert_eq!(ev.vol[0].cumulative, Some(123.45));
    assert_eq!(ev.date.as_deref(), Some("2024-08-24"));
    assert_eq!(ev.time.as_deref(), Some("14:34:00"));
    assert_eq!(ev.uptime_h, Some(71.05));
}

#[test]
fn live_event_to_reading() {
    let ev: LiveEvent = parse("live_event.json", LIVE);
    let rd = Reading::from_live(&ev, FixedOffset::east_opt(7200));
    assert_eq!(rd.source, Some(ReadingSource::Live));
    assert_eq!(rd.timestamp, Some(utc("2024-08-24T12:34:00Z")));
    assert_eq!(
        rd.local_time,
        NaiveDate::from_ymd_opt(2024, 8, 24).and_then(|d| d.and_hms_opt(14, 34, 0))
    );
    assert_close(rd.uptime_s, 71.05 * 3600.0, "uptime_s");
    assert_close(rd.uptime_s, 255_780.0, "uptime_s");
    assert_eq!(rd.power_import_kw, Some(0.036));
    assert_eq!(rd.power_export_kw, Some(0.0));
    assert_eq!(rd.net_power_kw(), Some(0.036));
    assert_eq!(rd.voltages_v(), [Some(230.1), Some(229.8), Some(230.4)]);
    assert_eq!(rd.energy_import_kwh, Some(47.251));
    assert_eq!(rd.energy_import_t1_kwh, Some(33.388));
    assert_eq!(rd.energy_export_t2_kwh, Some(1.097));
    assert_eq!(rd.tariff, Some(1));
    assert_eq!(rd.report_id, None);
    assert_eq!(rd.apparent_power_kva, None);

    // Without the device's UTC offset only the local time is known.
    let rd = Reading::from_live(&ev, None);
    assert_eq!(rd.timestamp, None);
    assert!(rd.local_time.is_some());
}
