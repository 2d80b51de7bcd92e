//! The MQTT templates rendered by the simulator (as the device renders them before publishing) are
//! recognised and decode back to the values the meter measured.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::sync::Arc;
use whatwatt::mqtt::{decode, Mapping, PayloadFormat, HOME_ASSISTANT_TEMPLATE, WATTDESK_TEMPLATE};
use whatwatt::{Client, Reading};
use whatwatt_sim::{SimConfig, SimDevice, Snapshot};

/// A simulated device renders `template`; also returns the reports current around that moment, one of
/// which the rendering came from.
async fn render(template: &str) -> (SimDevice, String, Vec<Arc<Snapshot>>) {
    let dev = spawn(SimConfig {
        interval_s: Some(0.5),
        ..config()
    })
    .await;
    first_report(&dev).await;
    let mut published = dev.subscribe();
    let c = Client::new(&dev.base_url(), None).unwrap();
    let rendered = c.template_test(template).await.unwrap();
    // The report it was rendered from: the latest at that moment (or the one just published).
    let mut candidates: Vec<_> = dev.latest().into_iter().collect();
    while let Ok(s) = published.try_recv() {
        candidates.push(s);
    }
    (dev, rendered, candidates)
}

/// `r` carries the values of the report it was rendered from (recognised among `candidates` by its
/// import power and L1 voltage).
fn assert_matches_its_report(r: &Reading, candidates: &[Arc<Snapshot>], rendered: &str) {
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
}

#[tokio::test]
async fn rendered_wattdesk_template_decodes_to_the_meter_values() {
    let (dev, rendered, candidates) = render(WATTDESK_TEMPLATE).await;
    assert!(
        !rendered.contains("${"),
        "every variable resolves: {rendered}"
    );
    assert_eq!(
        PayloadFormat::detect(rendered.as_bytes()),
        Some(PayloadFormat::Wattdesk)
    );
    let d = decode(rendered.as_bytes(), &Mapping::wattdesk()).unwrap();
    assert_eq!(d.bad_fields, [], "{rendered}");
    let r = d.reading;
    assert_matches_its_report(&r, &candidates, &rendered);
    dev.shutdown().await;
}

#[tokio::test]
async fn rendered_home_assistant_template_is_recognised_and_decodes() {
    let (dev, rendered, candidates) = render(HOME_ASSISTANT_TEMPLATE).await;
    let mapping = Mapping::detect(rendered.as_bytes()).expect("recognised");
    assert_eq!(mapping, Mapping::home_assistant());
    // With WattDesk's mapping, the mistake is reported rather than an empty reading passed on.
    assert!(decode(rendered.as_bytes(), &Mapping::wattdesk()).is_err());
    assert!(
        !rendered.contains("${"),
        "every variable resolves: {rendered}"
    );
    let d = decode(rendered.as_bytes(), &mapping).unwrap();
    assert_eq!(d.bad_fields, [], "{rendered}");
    let r = d.reading;
    assert!(r.apparent_power_kva.is_some(), "{rendered}");
    assert_matches_its_report(&r, &candidates, &rendered);
    dev.shutdown().await;
}
