//! Unit tests of the decoding, on real payloads: the two built-in templates rendered with the variable
//! values of the documentation's `/api/v1/variables` example, and the Home Assistant integration's
//! README message.

use super::{decode, Decoded, Mapping, Quantity};
use crate::models::variables::Variables;
use crate::{Error, ReadingSource};
use chrono::{DateTime, NaiveDate, Utc};

/// The "MQTT Payload Format" example of the vendor Home Assistant integration's README
/// (whatwatt-ch/home-assistant-integration, `custom_components/whatwatt/README.md`), verbatim.
pub const HA_README_MESSAGE: &str = r#"{
  "sys_id": "whatwatt-123456",
  "meter_id": "meter-789012",
  "time": "2025-03-27T22:00:00Z",
  "power_in": 1.23,
  "power_out": 0.0,
  "power_in_l1": 0.45,
  "power_in_l2": 0.38,
  "power_in_l3": 0.40,
  "energy_in": 12345.6,
  "energy_out": 123.4,
  "voltage_l1": 230.1,
  "voltage_l2": 231.2,
  "voltage_l3": 229.8,
  "current_l1": 1.96,
  "current_l2": 1.65,
  "current_l3": 1.74,
  "power_factor": 0.98,
  "apparent_power": 1.26,
  "reactive_power_in": 0.25,
  "reactive_power_out": 0.0,
  "tariff": 1
}"#;

/// Renders `template` like the device: each `${name}` becomes the variable's text, and a measurement
/// the meter does not report (not in the example's list) `null`.
fn render(template: &str) -> String {
    let vars: Variables =
        serde_json::from_str(include_str!("../../tests/fixtures/docs/variables.json"))
            .expect("the documented variables parse");
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let end = start + rest[start..].find('}').expect("closed placeholder");
        out.push_str(&rest[..start]);
        out.push_str(vars.raw(&rest[start + 2..end]).unwrap_or("null"));
        rest = &rest[end + 1..];
    }
    out + rest
}

pub fn wattdesk_rendered() -> String {
    render(super::WATTDESK_TEMPLATE)
}

pub fn ha_rendered() -> String {
    render(super::HOME_ASSISTANT_TEMPLATE)
}

fn reason(r: Result<Decoded, Error>) -> String {
    match r {
        Err(Error::MalformedEvent { reason, .. }) => reason,
        other => panic!("expected a malformed-event error, got {other:?}"),
    }
}

#[test]
fn home_assistant_strings_null_and_empty() {
    let msg = br#"{"sys_id":"ECC9FF5C7F14","meter_id":"","time":"1735542122","power_in":"0.006",
        "power_out":"0","power_in_l1":"0.006","power_in_l2":"null","power_in_l3":"",
        "energy_in":"24.087","energy_out":"0.004","energy_in_t1":"null","voltage_l1":"233",
        "current_l1":"0.06","power_factor":"null","tariff":"2"}"#;
    let r = decode(msg, &Mapping::home_assistant()).unwrap().reading;
    assert_eq!(r.source, Some(ReadingSource::Mqtt));
    assert_eq!(r.power_import_kw, Some(0.006));
    assert_eq!((r.power_import_l2_kw, r.power_import_l3_kw), (None, None));
    assert_eq!(r.energy_import_kwh, Some(24.087));
    assert_eq!(r.energy_import_t1_kwh, None);
    assert_eq!(r.voltage_l1_v, Some(233.0));
    assert_eq!(r.tariff, Some(2));
    assert_eq!(r.timestamp.unwrap().timestamp(), 1_735_542_122);
}

#[test]
fn malformed_payloads_are_errors() {
    let m = Mapping::wattdesk();
    for bad in [
        &b"not json"[..],
        b"[1,2,3]",
        br#"{"p_in": "abc"}"#,
        br#"{"p_in": {"x": 1}}"#,
        br#"{"p_in": true}"#,
    ] {
        assert!(
            matches!(decode(bad, &m), Err(Error::MalformedEvent { .. })),
            "{bad:?}"
        );
    }
    let huge = vec![b' '; 1024 * 1024];
    assert!(decode(&huge, &m).is_err());
    // Unknown keys are ignored; an unresolved template variable stays literal and is an error
    // only where a number was expected.
    let r = decode(br#"{"p_in": 1.5, "extra": "x", "id": "${sys.id}"}"#, &m).unwrap();
    assert_eq!(r.reading.power_import_kw, Some(1.5));
}

#[test]
fn rendered_templates_decode_without_bad_fields() {
    for (payload, mapping) in [
        (wattdesk_rendered(), Mapping::wattdesk()),
        (ha_rendered(), Mapping::home_assistant()),
    ] {
        let d = decode(payload.as_bytes(), &mapping).unwrap();
        assert_eq!(d.bad_fields, [], "{payload}");
        let r = d.reading;
        assert_eq!(r.timestamp.unwrap().timestamp(), 1_735_542_122, "{payload}");
        assert_eq!(r.local_time, None);
        assert_eq!(r.tariff, Some(2));
        assert_eq!(
            (r.power_import_kw, r.power_export_kw),
            (Some(0.006), Some(0.0))
        );
        assert_eq!(r.voltages_v(), [Some(233.0), Some(0.0), Some(0.0)]);
        assert_eq!(r.current_l1_a, Some(0.06));
        assert_eq!(
            (r.energy_import_kwh, r.energy_export_kwh),
            (Some(24.087), Some(0.004))
        );
        assert_eq!(r.energy_import_t1_kwh, None, "`null` in the variables");
        assert_eq!(r.reactive_energy_export_kvarh, Some(15.385));
        assert_eq!(r.power_factor, None, "not in the variables: rendered null");
    }
}

#[test]
fn home_assistant_readme_example_with_iso_time_decodes_fully() {
    let d = decode(HA_README_MESSAGE.as_bytes(), &Mapping::home_assistant()).unwrap();
    assert_eq!(d.bad_fields, []);
    let r = d.reading;
    let t = "2025-03-27T22:00:00Z".parse::<DateTime<Utc>>().unwrap();
    assert_eq!(r.timestamp, Some(t));
    assert_eq!(
        r.local_time, None,
        "`Z` says nothing about the device's zone"
    );
    assert_eq!(
        (r.power_import_kw, r.power_export_kw),
        (Some(1.23), Some(0.0))
    );
    assert_eq!(
        [
            r.power_import_l1_kw,
            r.power_import_l2_kw,
            r.power_import_l3_kw
        ],
        [Some(0.45), Some(0.38), Some(0.40)]
    );
    assert_eq!(
        (r.energy_import_kwh, r.energy_export_kwh),
        (Some(12345.6), Some(123.4))
    );
    assert_eq!(r.voltages_v(), [Some(230.1), Some(231.2), Some(229.8)]);
    assert_eq!(r.currents_a(), [Some(1.96), Some(1.65), Some(1.74)]);
    assert_eq!(r.power_factor, Some(0.98));
    assert_eq!(r.apparent_power_kva, Some(1.26));
    assert_eq!(
        (r.reactive_import_kvar, r.reactive_export_kvar),
        (Some(0.25), Some(0.0))
    );
    assert_eq!(r.tariff, Some(1));
}

#[test]
fn a_bad_field_is_reported_and_the_rest_is_kept() {
    let payload = wattdesk_rendered().replace(r#""p_in":0.006"#, r#""p_in":"n/a""#);
    assert_ne!(payload, wattdesk_rendered());
    let d = decode(payload.as_bytes(), &Mapping::wattdesk()).unwrap();
    assert_eq!(d.bad_fields.len(), 1, "{:?}", d.bad_fields);
    assert_eq!(d.bad_fields[0].key, "p_in");
    assert_eq!(d.bad_fields[0].reason, r#"expected a number, found "n/a""#);
    assert_eq!(
        d.bad_fields[0].to_string(),
        r#"p_in: expected a number, found "n/a""#
    );
    assert_eq!(d.reading.power_import_kw, None);
    assert_eq!(d.reading.power_import_l1_kw, Some(0.006));
    assert_eq!(d.reading.energy_import_kwh, Some(24.087));
    assert_eq!(d.reading.timestamp.unwrap().timestamp(), 1_735_542_122);

    // A bad time or tariff is reported the same way.
    let d = decode(
        br#"{"time":"yesterday","tariff":"T1","power_in":"1.5"}"#,
        &Mapping::home_assistant(),
    )
    .unwrap();
    let keys: Vec<&str> = d.bad_fields.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["time", "tariff"]);
    assert!(
        d.bad_fields[0].reason.contains("ISO-8601"),
        "{:?}",
        d.bad_fields
    );
    assert_eq!((d.reading.timestamp, d.reading.tariff), (None, None));
    assert_eq!(d.reading.power_import_kw, Some(1.5));
}

#[test]
fn the_wrong_mapping_is_an_error_not_an_empty_reading() {
    let e = reason(decode(HA_README_MESSAGE.as_bytes(), &Mapping::wattdesk()));
    assert!(
        e.contains("none of the mapping's fields are in the payload"),
        "{e}"
    );
    assert!(e.contains("pick or confirm a mapping"), "{e}");
    assert!(e.contains("Home Assistant"), "{e}");
    let e = reason(decode(
        wattdesk_rendered().as_bytes(),
        &Mapping::home_assistant(),
    ));
    assert!(
        e.contains("unknown format") && e.contains("WattDesk"),
        "{e}"
    );
    // Neither format: no hint.
    let e = reason(decode(br#"{"temperature": 21.5}"#, &Mapping::wattdesk()));
    assert!(
        e.contains("unknown format") && !e.contains("looks like"),
        "{e}"
    );
    // A time and a tariff alone (keys both formats could have) are not a reading either.
    let e = reason(decode(
        br#"{"t": 1735542122, "tariff": 1}"#,
        &Mapping::wattdesk(),
    ));
    assert!(e.contains("unknown format"), "{e}");
    assert!(reason(decode(b"{}", &Mapping::wattdesk())).contains("unknown format"));
}

#[test]
fn no_readable_measurement_is_an_error_saying_why() {
    let e = reason(decode(
        br#"{"p_in": null, "v1": "", "t": 1}"#,
        &Mapping::wattdesk(),
    ));
    assert!(e.contains("empty"), "{e}");
    let e = reason(decode(
        br#"{"p_in": "abc", "v1": [230]}"#,
        &Mapping::wattdesk(),
    ));
    assert!(
        e.starts_with("no measurement could be read: p_in: expected a number"),
        "{e}"
    );
    assert!(e.contains("; v1: expected a number, found [230]"), "{e}");
}

#[test]
fn times_in_both_forms_whatever_the_label() {
    let utc = DateTime::from_timestamp(1_735_545_722, 0);
    let local = NaiveDate::from_ymd_opt(2024, 12, 30).and_then(|d| d.and_hms_opt(9, 2, 2));
    for q in [Quantity::UnixTime, Quantity::IsoTime] {
        let m = Mapping(vec![
            ("at".into(), q),
            ("p".into(), Quantity::PowerImportKw),
        ]);
        let read = |at: &str| decode(format!(r#"{{"at":{at},"p":1}}"#).as_bytes(), &m).unwrap();
        for (at, want_local) in [
            ("1735545722", None),
            ("1735545722.0", None),
            (r#""1735545722""#, None),
            (r#"" 1735545722 ""#, None),
            (r#""2024-12-30T08:02:02Z""#, None),
            (r#""2024-12-30T08:02:02.000z""#, None),
            (r#""2024-12-30T09:02:02+01:00""#, local),
            (r#""2024-12-30 09:02:02+01:00""#, local),
        ] {
            let d = read(at);
            assert_eq!(d.bad_fields, [], "{q:?} {at}");
            assert_eq!(
                (d.reading.timestamp, d.reading.local_time),
                (utc, want_local),
                "{q:?} {at}"
            );
        }
        assert_eq!(
            read("1735545722.5")
                .reading
                .timestamp
                .unwrap()
                .timestamp_millis(),
            1_735_545_722_500
        );
        for absent in ["null", r#""""#, r#""null""#] {
            let d = read(absent);
            assert_eq!(
                (d.reading.timestamp, d.bad_fields.len()),
                (None, 0),
                "{absent}"
            );
        }
        for bad in [
            r#""2024-12-30T09:02:02""#,
            r#""30.12.2024""#,
            "true",
            "[1]",
            "1e300",
        ] {
            let d = read(bad);
            assert_eq!(d.reading.timestamp, None, "{bad}");
            assert_eq!(d.bad_fields.len(), 1, "{q:?} {bad}");
        }
    }
}
