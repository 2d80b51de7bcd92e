//! WattDesk's MQTT template rendered by the simulator (as the device renders it before publishing)
//! decodes back to the values the meter measured.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use whatwatt::mqtt::{decode, Mapping, WATTDESK_TEMPLATE};
use whatwatt::Client;
use whatwatt_sim::SimConfig;

#[tokio::test]
async fn rendered_wattdesk_template_decodes_to_the_meter_values() {
    let dev = spawn(SimConfig {
        interval_s: Some(0.5),
        ..config()
    })
    .await;
    first_report(&dev).await;
    let mut published = dev.subscribe();
    let c = Client::new(&dev.base_url(), None).unwrap();
    let rendered = c.template_test(WATTDESK_TEMPLATE).await.unwrap();
    assert!(
        !rendered.contains("${"),
        "every variable resolves: {rendered}"
    );
    let r = decode(rendered.as_bytes(), &Mapping::wattdesk()).unwrap();
    // The report it was rendered from: the latest at that moment (or the one just published).
    let mut candidates: Vec<_> = dev.latest().into_iter().collect();
    while let Ok(s) = published.try_recv() {
        candidates.push(s);
    }
    let snap = candidates
        .iter()
        .find(|s| {
            Some(s.sample.import_total_kw) == r.power_import_kw
                && Some(s.sample.voltage_v[0]) == r.voltage_l1_v
        })
        .unwrap_or_else(|| panic!("no report matches {rendered}"));
    assert_eq!(r.timestamp.unwrap().timestamp(), snap.time.timestamp());
    assert_eq!(r.current_l2_a, Some(snap.sample.current_a[1]));
    assert_eq!(r.power_factor, Some(snap.sample.power_factor));
    assert_eq!(r.tariff, Some(snap.tariff));
    let e = r.energy_import_kwh.unwrap();
    assert!((e - snap.counters.import_total()).abs() < 0.001, "{e}");
    dev.shutdown().await;
}
