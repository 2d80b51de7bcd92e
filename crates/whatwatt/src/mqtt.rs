//! Decoding what a device publishes over MQTT into a [`Reading`]. The payload is whatever the
//! device's template renders (docs: 30-mqtt/template.md), so decoding is driven by a field mapping:
//! [`Mapping::wattdesk`] for WattDesk's own template ([`WATTDESK_TEMPLATE`]), [`Mapping::home_assistant`]
//! for the vendor Home Assistant integration's flat, all-strings template, or a mapping the user
//! confirmed for any other JSON template. Values may be numbers or numeric strings; missing, empty or
//! `"null"` values are absent. Bad payloads are errors, never panics.

use crate::lenient::parse_f64_text;
use crate::{Error, Reading, ReadingSource};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Payloads larger than this are refused (a rendered template is at most a few kB).
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024;

/// WattDesk's compact template (≤ 1023 characters, numbers unquoted, text quoted): everything the live
/// view needs. Set on the device by the MQTT setup; decoded by [`Mapping::wattdesk`].
pub const WATTDESK_TEMPLATE: &str = concat!(
    r#"{"id":"${sys.id}","t":${timestamp},"tariff":${tariff},"#,
    r#""p_in":${1_7_0},"p_out":${2_7_0},"#,
    r#""p1_in":${21_7_0},"p2_in":${41_7_0},"p3_in":${61_7_0},"#,
    r#""p1_out":${22_7_0},"p2_out":${42_7_0},"p3_out":${62_7_0},"#,
    r#""q_in":${3_7_0},"q_out":${4_7_0},"#,
    r#""v1":${32_7_0},"v2":${52_7_0},"v3":${72_7_0},"#,
    r#""i1":${31_7_0},"i2":${51_7_0},"i3":${71_7_0},"pf":${13_7_0},"#,
    r#""e_in":${1_8_0},"e_in_t1":${1_8_1},"e_in_t2":${1_8_2},"#,
    r#""e_out":${2_8_0},"e_out_t1":${2_8_1},"e_out_t2":${2_8_2},"#,
    r#""qe_in":${3_8_0},"qe_out":${4_8_0}}"#
);

/// A reading quantity a payload field can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// UTC UNIX seconds (`${timestamp}`).
    UnixTime,
    /// ISO-8601 time with offset or `Z`.
    IsoTime,
    Tariff,
    PowerImportKw,
    PowerExportKw,
    PowerImportL1Kw,
    PowerImportL2Kw,
    PowerImportL3Kw,
    PowerExportL1Kw,
    PowerExportL2Kw,
    PowerExportL3Kw,
    ReactiveImportKvar,
    ReactiveExportKvar,
    ApparentPowerKva,
    VoltageL1V,
    VoltageL2V,
    VoltageL3V,
    CurrentL1A,
    CurrentL2A,
    CurrentL3A,
    PowerFactor,
    EnergyImportKwh,
    EnergyImportT1Kwh,
    EnergyImportT2Kwh,
    EnergyExportKwh,
    EnergyExportT1Kwh,
    EnergyExportT2Kwh,
    ReactiveEnergyImportKvarh,
    ReactiveEnergyExportKvarh,
}

impl Quantity {
    /// The quantity a device template variable carries (docs: 30-mqtt/variables.md).
    pub fn of_variable(variable: &str) -> Option<Quantity> {
        use Quantity::*;
        Some(match variable {
            "timestamp" => UnixTime,
            "tariff" => Tariff,
            "1_7_0" => PowerImportKw,
            "2_7_0" => PowerExportKw,
            "21_7_0" => PowerImportL1Kw,
            "41_7_0" => PowerImportL2Kw,
            "61_7_0" => PowerImportL3Kw,
            "22_7_0" => PowerExportL1Kw,
            "42_7_0" => PowerExportL2Kw,
            "62_7_0" => PowerExportL3Kw,
            "3_7_0" => ReactiveImportKvar,
            "4_7_0" => ReactiveExportKvar,
            "9_7_0" => ApparentPowerKva,
            "32_7_0" => VoltageL1V,
            "52_7_0" => VoltageL2V,
            "72_7_0" => VoltageL3V,
            "31_7_0" => CurrentL1A,
            "51_7_0" => CurrentL2A,
            "71_7_0" => CurrentL3A,
            "13_7_0" => PowerFactor,
            "1_8_0" => EnergyImportKwh,
            "1_8_1" => EnergyImportT1Kwh,
            "1_8_2" => EnergyImportT2Kwh,
            "2_8_0" => EnergyExportKwh,
            "2_8_1" => EnergyExportT1Kwh,
            "2_8_2" => EnergyExportT2Kwh,
            "3_8_0" => ReactiveEnergyImportKvarh,
            "4_8_0" => ReactiveEnergyExportKvarh,
            _ => return None,
        })
    }
}

/// Which top-level payload key fills which quantity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mapping(pub Vec<(String, Quantity)>);

impl Mapping {
    /// For [`WATTDESK_TEMPLATE`].
    pub fn wattdesk() -> Mapping {
        use Quantity::*;
        Mapping::from_pairs(&[
            ("t", UnixTime),
            ("tariff", Tariff),
            ("p_in", PowerImportKw),
            ("p_out", PowerExportKw),
            ("p1_in", PowerImportL1Kw),
            ("p2_in", PowerImportL2Kw),
            ("p3_in", PowerImportL3Kw),
            ("p1_out", PowerExportL1Kw),
            ("p2_out", PowerExportL2Kw),
            ("p3_out", PowerExportL3Kw),
            ("q_in", ReactiveImportKvar),
            ("q_out", ReactiveExportKvar),
            ("v1", VoltageL1V),
            ("v2", VoltageL2V),
            ("v3", VoltageL3V),
            ("i1", CurrentL1A),
            ("i2", CurrentL2A),
            ("i3", CurrentL3A),
            ("pf", PowerFactor),
            ("e_in", EnergyImportKwh),
            ("e_in_t1", EnergyImportT1Kwh),
            ("e_in_t2", EnergyImportT2Kwh),
            ("e_out", EnergyExportKwh),
            ("e_out_t1", EnergyExportT1Kwh),
            ("e_out_t2", EnergyExportT2Kwh),
            ("qe_in", ReactiveEnergyImportKvarh),
            ("qe_out", ReactiveEnergyExportKvarh),
        ])
    }

    /// For the vendor Home Assistant integration's template: a flat object of quoted strings.
    pub fn home_assistant() -> Mapping {
        use Quantity::*;
        Mapping::from_pairs(&[
            ("time", UnixTime),
            ("tariff", Tariff),
            ("power_in", PowerImportKw),
            ("power_out", PowerExportKw),
            ("power_in_l1", PowerImportL1Kw),
            ("power_in_l2", PowerImportL2Kw),
            ("power_in_l3", PowerImportL3Kw),
            ("power_out_l1", PowerExportL1Kw),
            ("power_out_l2", PowerExportL2Kw),
            ("power_out_l3", PowerExportL3Kw),
            ("energy_in", EnergyImportKwh),
            ("energy_out", EnergyExportKwh),
            ("energy_in_t1", EnergyImportT1Kwh),
            ("energy_in_t2", EnergyImportT2Kwh),
            ("energy_out_t1", EnergyExportT1Kwh),
            ("energy_out_t2", EnergyExportT2Kwh),
            ("voltage_l1", VoltageL1V),
            ("voltage_l2", VoltageL2V),
            ("voltage_l3", VoltageL3V),
            ("current_l1", CurrentL1A),
            ("current_l2", CurrentL2A),
            ("current_l3", CurrentL3A),
            ("power_factor", PowerFactor),
            ("apparent_power", ApparentPowerKva),
            ("reactive_power_in", ReactiveImportKvar),
            ("reactive_power_out", ReactiveExportKvar),
            ("reactive_energy_in", ReactiveEnergyImportKvarh),
            ("reactive_energy_out", ReactiveEnergyExportKvarh),
        ])
    }

    fn from_pairs(pairs: &[(&str, Quantity)]) -> Mapping {
        Mapping(pairs.iter().map(|(k, q)| ((*k).to_owned(), *q)).collect())
    }
}

fn number(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64().filter(|f| f.is_finite())),
        Value::String(s) => parse_f64_text(s),
        other => Err(format!("expected a number, found {other}")),
    }
}

fn malformed(reason: impl Into<String>, payload: &[u8]) -> Error {
    Error::MalformedEvent {
        reason: reason.into(),
        snippet: crate::redact::snippet(&String::from_utf8_lossy(payload)),
    }
}

/// Decodes one published payload with `mapping`. Keys the mapping does not name are ignored; a named
/// key with a value of the wrong kind is an error naming the key.
pub fn decode(payload: &[u8], mapping: &Mapping) -> Result<Reading, Error> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(malformed(
            format!(
                "payload of {} bytes exceeds {MAX_PAYLOAD_BYTES}",
                payload.len()
            ),
            &payload[..120],
        ));
    }
    let json: Value =
        serde_json::from_slice(payload).map_err(|e| malformed(e.to_string(), payload))?;
    let Value::Object(obj) = json else {
        return Err(malformed("the payload is not a JSON object", payload));
    };
    let mut r = Reading {
        source: Some(ReadingSource::Mqtt),
        ..Reading::default()
    };
    for (key, q) in &mapping.0 {
        let Some(v) = obj.get(key) else { continue };
        if *q == Quantity::IsoTime {
            if let Some(t) = v
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s.trim()).ok())
            {
                r.timestamp = Some(t.with_timezone(&Utc));
                r.local_time = Some(t.naive_local());
            }
            continue;
        }
        let x = number(v).map_err(|e| malformed(format!("{key}: {e}"), payload))?;
        let Some(x) = x else { continue };
        let slot = match q {
            Quantity::UnixTime => {
                r.timestamp = DateTime::from_timestamp(x as i64, 0);
                continue;
            }
            Quantity::Tariff => {
                r.tariff = (x >= 1.0 && x.fract() == 0.0 && x < 100.0).then_some(x as u32);
                continue;
            }
            Quantity::IsoTime => continue,
            Quantity::PowerImportKw => &mut r.power_import_kw,
            Quantity::PowerExportKw => &mut r.power_export_kw,
            Quantity::PowerImportL1Kw => &mut r.power_import_l1_kw,
            Quantity::PowerImportL2Kw => &mut r.power_import_l2_kw,
            Quantity::PowerImportL3Kw => &mut r.power_import_l3_kw,
            Quantity::PowerExportL1Kw => &mut r.power_export_l1_kw,
            Quantity::PowerExportL2Kw => &mut r.power_export_l2_kw,
            Quantity::PowerExportL3Kw => &mut r.power_export_l3_kw,
            Quantity::ReactiveImportKvar => &mut r.reactive_import_kvar,
            Quantity::ReactiveExportKvar => &mut r.reactive_export_kvar,
            Quantity::ApparentPowerKva => &mut r.apparent_power_kva,
            Quantity::VoltageL1V => &mut r.voltage_l1_v,
            Quantity::VoltageL2V => &mut r.voltage_l2_v,
            Quantity::VoltageL3V => &mut r.voltage_l3_v,
            Quantity::CurrentL1A => &mut r.current_l1_a,
            Quantity::CurrentL2A => &mut r.current_l2_a,
            Quantity::CurrentL3A => &mut r.current_l3_a,
            Quantity::PowerFactor => &mut r.power_factor,
            Quantity::EnergyImportKwh => &mut r.energy_import_kwh,
            Quantity::EnergyImportT1Kwh => &mut r.energy_import_t1_kwh,
            Quantity::EnergyImportT2Kwh => &mut r.energy_import_t2_kwh,
            Quantity::EnergyExportKwh => &mut r.energy_export_kwh,
            Quantity::EnergyExportT1Kwh => &mut r.energy_export_t1_kwh,
            Quantity::EnergyExportT2Kwh => &mut r.energy_export_t2_kwh,
            Quantity::ReactiveEnergyImportKvarh => &mut r.reactive_energy_import_kvarh,
            Quantity::ReactiveEnergyExportKvarh => &mut r.reactive_energy_export_kvarh,
        };
        *slot = Some(x);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_fits_the_device_limit() {
        assert!(
            WATTDESK_TEMPLATE.chars().count() <= 1023,
            "{}",
            WATTDESK_TEMPLATE.len()
        );
        // Every key of the template is decoded by the mapping, and vice versa.
        let mapping = Mapping::wattdesk();
        for (k, _) in &mapping.0 {
            assert!(WATTDESK_TEMPLATE.contains(&format!("\"{k}\":")), "{k}");
        }
    }

    #[test]
    fn home_assistant_strings_null_and_empty() {
        let msg =
            br#"{"sys_id":"ECC9FF5C7F14","meter_id":"","time":"1735542122","power_in":"0.006",
            "power_out":"0","power_in_l1":"0.006","power_in_l2":"null","power_in_l3":"",
            "energy_in":"24.087","energy_out":"0.004","energy_in_t1":"null","voltage_l1":"233",
            "current_l1":"0.06","power_factor":"null","tariff":"2"}"#;
        let r = decode(msg, &Mapping::home_assistant()).unwrap();
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
        assert_eq!(r.power_import_kw, Some(1.5));
    }
}
