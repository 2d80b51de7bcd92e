//! What meters publish, read by a session: the vendor Home Assistant template, a custom mapping,
//! the format recognised without a mapping, and malformed payloads sent with `mosquitto_pub`.

use super::common::mqtt::*;
use super::common::*;
use std::time::Duration;
use wattdesk_core::ipc::*;
use wattdesk_core::live::broker::BrokerEndpoint;
use wattdesk_core::live::session::SessionEvent;
use whatwatt::mqtt::{Mapping, Quantity};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decoding_home_assistant_custom_and_malformed_payloads() {
    let broker = Mosquitto::start("").await.unwrap();
    let endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    let session = mqtt_session(
        endpoint.clone(),
        "ha/meter",
        Some(Mapping::home_assistant()),
    );
    let mut rx = session.subscribe();
    // The vendor Home Assistant integration's example message: every value a string.
    let ha = r#"{"sys_id":"A842E39F8124","meter_id":"1ESY1160123456","time":"1700000000","tariff":"1","power_in":"1.234","power_out":"0.000","power_in_l1":"0.400","power_in_l2":"null","power_in_l3":"","energy_in":"12345.678","energy_out":"321.000","voltage_l1":"231.4","current_l1":"1.73","power_factor":"0.98"}"#;
    subscribed(&mut rx, &broker, "ha/meter", ha).await;
    let big = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(big.path(), vec![b'{'; 1024 * 1024]).unwrap();
    let huge = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(huge.path(), vec![b' '; 3 * 1024 * 1024]).unwrap();
    mosquitto_pub(&broker, "ha/meter", &["-m", "this is not json"]);
    let m = malformed(&mut rx).await;
    assert_eq!((m.count, m.transport), (1, Transport::Mqtt));
    assert!(m.snippet.contains("this is not json"), "{m:?}");
    mosquitto_pub(
        &broker,
        "ha/meter",
        &["-m", r#"{"power_in": "lots", "energy_in": [1]}"#],
    );
    assert_eq!(malformed(&mut rx).await.count, 2);
    mosquitto_pub(&broker, "ha/meter", &["-m", "[1,2,3]"]);
    assert_eq!(malformed(&mut rx).await.count, 3);
    mosquitto_pub(&broker, "ha/meter", &["-f", big.path().to_str().unwrap()]);
    let m = malformed(&mut rx).await;
    assert_eq!((m.count, m.bytes), (4, 1024 * 1024));
    // Larger than rumqttc will read: the connection is renewed and the session goes on.
    mosquitto_pub(&broker, "ha/meter", &["-f", huge.path().to_str().unwrap()]);
    let m = malformed(&mut rx).await;
    assert_eq!(m.count, 5);
    assert!(m.reason.contains("too large"), "{m:?}");
    // A good message after all that still decodes, with the strings read as numbers.
    let mut good = None;
    within(15, "a reading after the bad payloads", async {
        loop {
            mosquitto_pub(&broker, "ha/meter", &["-m", ha]);
            if let Ok(Ok(SessionEvent::Reading(r))) =
                tokio::time::timeout(Duration::from_millis(500), rx.recv()).await
            {
                good = Some(r);
                return;
            }
        }
    })
    .await;
    let r = good.unwrap();
    assert_eq!(r.reading.power_import_kw, Some(1.234));
    assert_eq!(r.reading.energy_import_kwh, Some(12345.678));
    assert_eq!(r.reading.power_import_l2_kw, None);
    assert_eq!(r.reading.voltage_l1_v, Some(231.4));
    assert_eq!(r.reading.timestamp.unwrap().timestamp(), 1_700_000_000);
    session.stop().await;

    // A custom mapping for a template of the user's own.
    let custom = mqtt_session(
        endpoint,
        "custom/meter",
        Some(Mapping(vec![
            ("watts_in_kw".into(), Quantity::PowerImportKw),
            ("when".into(), Quantity::UnixTime),
            ("total".into(), Quantity::EnergyImportKwh),
        ])),
    );
    let mut rx = custom.subscribe();
    let r = subscribed(
        &mut rx,
        &broker,
        "custom/meter",
        r#"{"watts_in_kw": 0.5, "when": 1700000100, "total": "99.5", "other": "x"}"#,
    )
    .await;
    assert_eq!(r.reading.power_import_kw, Some(0.5));
    assert_eq!(r.reading.energy_import_kwh, Some(99.5));
    assert_eq!(r.reading.timestamp.unwrap().timestamp(), 1_700_000_100);
    custom.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_format_recognition_and_a_bad_field_kept_apart() {
    let broker = Mosquitto::start("").await.unwrap();
    let endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    let session = mqtt_session(endpoint, "auto/meter", None);
    let mut rx = session.subscribe();
    // The Home Assistant template, with an ISO-8601 time as the vendor's README example has it.
    let ha = r#"{"time":"2025-03-27T22:00:00Z","power_in":"1.5","power_out":"0","energy_in":"100.25","voltage_l1":"230.1"}"#;
    let r = subscribed(&mut rx, &broker, "auto/meter", ha).await;
    assert_eq!(r.reading.power_import_kw, Some(1.5));
    assert_eq!(r.reading.energy_import_kwh, Some(100.25));
    assert_eq!(
        r.reading.timestamp.unwrap().to_rfc3339(),
        "2025-03-27T22:00:00+00:00"
    );
    // One bad field: the reading keeps the others and the bad one is reported.
    mosquitto_pub(
        &broker,
        "auto/meter",
        &[
            "-m",
            r#"{"time":"1700000000","power_in":"lots","energy_in":"100.5","voltage_l1":"229.9"}"#,
        ],
    );
    let m = malformed(&mut rx).await;
    assert!(m.reason.contains("power_in"), "{m:?}");
    let r = readings(&mut rx, Some(Transport::Mqtt), 1, 10)
        .await
        .remove(0);
    assert_eq!(r.reading.power_import_kw, None);
    assert_eq!(r.reading.energy_import_kwh, Some(100.5));
    assert_eq!(r.reading.voltage_l1_v, Some(229.9));
    // The meter switches to WattDesk's template: recognised again.
    mosquitto_pub(
        &broker,
        "auto/meter",
        &[
            "-m",
            r#"{"t":1700000200,"p_in":0.75,"p_out":0,"e_in":101.0,"v1":231.0}"#,
        ],
    );
    let r = within(10, "a reading in WattDesk's format", async {
        loop {
            match rx.recv().await {
                Ok(SessionEvent::Reading(r)) => return r,
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await;
    assert_eq!(r.reading.power_import_kw, Some(0.75));
    assert_eq!(r.reading.timestamp.unwrap().timestamp(), 1_700_000_200);
    // Neither format: said once, then quiet, and never an empty reading.
    mosquitto_pub(&broker, "auto/meter", &["-m", r#"{"watts":"5","kwh":"7"}"#]);
    let m = malformed(&mut rx).await;
    assert!(m.reason.contains("unknown format"), "{m:?}");
    mosquitto_pub(&broker, "auto/meter", &["-m", r#"{"watts":"6","kwh":"8"}"#]);
    mosquitto_pub(&broker, "auto/meter", &["-m", "not json"]);
    let m = malformed(&mut rx).await;
    assert!(
        !m.reason.contains("unknown format"),
        "the repeat was not said again: {m:?}"
    );
    session.stop().await;
}
