//! One published payload into one [`Reading`], field by field.

use super::{Mapping, PayloadFormat, Quantity, MAX_PAYLOAD_BYTES};
use crate::lenient::{is_absent_value, parse_f64_text};
use crate::redact::snippet;
use crate::{Error, Reading, ReadingSource};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value};
use std::fmt;

/// What [`decode`] read from one payload.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decoded {
    /// Built from every mapped field that could be read; carries at least one measurement.
    pub reading: Reading,
    /// The mapped fields whose value could not be read (a word where a number belongs, a time in
    /// neither form), in mapping order. The reading goes on without them.
    pub bad_fields: Vec<BadField>,
}

/// A mapped payload field whose value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BadField {
    /// The payload key.
    pub key: String,
    /// Why, quoting at most a short snippet of the value.
    pub reason: String,
}

impl fmt::Display for BadField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// Decodes one published payload with `mapping`. Keys the mapping does not name are ignored, and so are
/// absent values (`null`, `""`, `"null"`). A mapped key whose value cannot be read is listed in
/// [`Decoded::bad_fields`] and the other fields still make the reading. Times are read in both forms
/// whichever label the mapping gives them (see [`Quantity::UnixTime`]).
///
/// An [`Error::MalformedEvent`] when the payload exceeds [`MAX_PAYLOAD_BYTES`], is not a JSON object,
/// or yields no measurement: none of the mapping's measurement keys is in the payload (the wrong
/// mapping, or an unknown format; the reason names the built-in format the payload looks like, if
/// any), or none of them has a readable value. A time and a tariff alone are not a reading.
pub fn decode(payload: &[u8], mapping: &Mapping) -> Result<Decoded, Error> {
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
    let mut out = Decoded {
        reading: Reading {
            source: Some(ReadingSource::Mqtt),
            ..Reading::default()
        },
        bad_fields: Vec::new(),
    };
    let (mut measured, mut mapped_measurements) = (0, 0);
    for (key, q) in &mapping.0 {
        let Some(v) = obj.get(key) else { continue };
        mapped_measurements += usize::from(q.is_measurement());
        match fill(&mut out.reading, *q, v) {
            Ok(filled) => measured += usize::from(filled && q.is_measurement()),
            Err(reason) => out.bad_fields.push(BadField {
                key: key.clone(),
                reason,
            }),
        }
    }
    if measured == 0 {
        let reason = if mapped_measurements == 0 {
            unknown_format(&obj, mapping)
        } else if out.bad_fields.is_empty() {
            "every measurement in the payload is empty (null): the meter has sent no values yet"
                .into()
        } else {
            let bad: Vec<String> = out.bad_fields.iter().map(BadField::to_string).collect();
            format!("no measurement could be read: {}", bad.join("; "))
        };
        return Err(malformed(reason, payload));
    }
    Ok(out)
}

fn unknown_format(obj: &Map<String, Value>, mapping: &Mapping) -> String {
    let mut reason = "none of the mapping's fields are in the payload: unknown format, pick or confirm a mapping".to_owned();
    if let Some(f) = PayloadFormat::detect_keys(obj).filter(|f| f.mapping() != *mapping) {
        reason.push_str(&format!(" (the payload looks like {f})"));
    }
    reason
}

fn malformed(reason: impl Into<String>, payload: &[u8]) -> Error {
    Error::MalformedEvent {
        reason: reason.into(),
        snippet: snippet(&String::from_utf8_lossy(payload)),
    }
}

/// Sets the reading's slot for `q` from `v`: `Ok(true)` when a value was set, `Ok(false)` when `v` is
/// absent (or a tariff outside 1..=99, as before), `Err` with the reason when `v` cannot be read.
fn fill(r: &mut Reading, q: Quantity, v: &Value) -> Result<bool, String> {
    use Quantity::*;
    let slot = match q {
        UnixTime | IsoTime => {
            let Some((utc, local)) = time(v)? else {
                return Ok(false);
            };
            r.timestamp = Some(utc);
            r.local_time = local;
            return Ok(true);
        }
        Tariff => {
            let t = number(v)?.filter(|x| *x >= 1.0 && x.fract() == 0.0 && *x < 100.0);
            r.tariff = t.map(|x| x as u32);
            return Ok(t.is_some());
        }
        PowerImportKw => &mut r.power_import_kw,
        PowerExportKw => &mut r.power_export_kw,
        PowerImportL1Kw => &mut r.power_import_l1_kw,
        PowerImportL2Kw => &mut r.power_import_l2_kw,
        PowerImportL3Kw => &mut r.power_import_l3_kw,
        PowerExportL1Kw => &mut r.power_export_l1_kw,
        PowerExportL2Kw => &mut r.power_export_l2_kw,
        PowerExportL3Kw => &mut r.power_export_l3_kw,
        ReactiveImportKvar => &mut r.reactive_import_kvar,
        ReactiveExportKvar => &mut r.reactive_export_kvar,
        ApparentPowerKva => &mut r.apparent_power_kva,
        VoltageL1V => &mut r.voltage_l1_v,
        VoltageL2V => &mut r.voltage_l2_v,
        VoltageL3V => &mut r.voltage_l3_v,
        CurrentL1A => &mut r.current_l1_a,
        CurrentL2A => &mut r.current_l2_a,
        CurrentL3A => &mut r.current_l3_a,
        PowerFactor => &mut r.power_factor,
        EnergyImportKwh => &mut r.energy_import_kwh,
        EnergyImportT1Kwh => &mut r.energy_import_t1_kwh,
        EnergyImportT2Kwh => &mut r.energy_import_t2_kwh,
        EnergyExportKwh => &mut r.energy_export_kwh,
        EnergyExportT1Kwh => &mut r.energy_export_t1_kwh,
        EnergyExportT2Kwh => &mut r.energy_export_t2_kwh,
        ReactiveEnergyImportKvarh => &mut r.reactive_energy_import_kvarh,
        ReactiveEnergyExportKvarh => &mut r.reactive_energy_export_kvarh,
    };
    *slot = number(v)?;
    Ok(slot.is_some())
}

/// A number or a numeric string; `None` when absent.
fn number(v: &Value) -> Result<Option<f64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64().filter(|f| f.is_finite())),
        Value::String(s) => parse_f64_text(s),
        other => Err(format!(
            "expected a number, found {}",
            snippet(&other.to_string())
        )),
    }
}

/// A report's time in UTC, and the device's local time when the payload tells its offset.
type ReportTime = (DateTime<Utc>, Option<NaiveDateTime>);

/// The report's time from Unix seconds (a number or numeric text) or ISO-8601 / RFC 3339 text with `Z`
/// or an offset; `None` when absent. An explicit offset also gives the device's local time; `Z` and
/// Unix seconds do not (the device's zone is unknown then).
fn time(v: &Value) -> Result<Option<ReportTime>, String> {
    if is_absent_value(v) {
        return Ok(None);
    }
    let secs = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match parse_f64_text(s) {
            Ok(secs) => secs,
            Err(_) => {
                let t = DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
                    format!(
                        "expected Unix seconds or an ISO-8601 time with Z or an offset, found {:?}",
                        snippet(s)
                    )
                })?;
                let zulu = s.trim_end().ends_with(['Z', 'z']);
                return Ok(Some((t.to_utc(), (!zulu).then(|| t.naive_local()))));
            }
        },
        other => {
            return Err(format!(
                "expected a time, found {}",
                snippet(&other.to_string())
            ))
        }
    };
    let Some(secs) = secs else { return Ok(None) };
    DateTime::from_timestamp_millis((secs * 1000.0).round() as i64)
        .map(|t| Some((t, None)))
        .ok_or_else(|| format!("time {secs} is out of range"))
}
