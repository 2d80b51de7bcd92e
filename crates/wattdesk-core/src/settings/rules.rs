//! The device's rules for each field and between fields, checked before anything is sent. One place:
//! the UI asks `settings_review` as the user types, the CLI and the save use the same checks.

use super::catalogue::{find, Field, Kind, Secret as SecretKind, Text};
use crate::ipc::{FieldProblem, FieldValue, SettingsGroup};
use crate::setup::rules as setup_rules;
use serde_json::Value;
use std::collections::BTreeMap;
use whatwatt::Secret;

/// A value the user typed (CLI `GROUP.PATH=VALUE`) turned into the field's type.
pub fn parse_text(field: &Field, text: &str) -> Result<Value, String> {
    match field.kind {
        Kind::Toggle => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "off" | "no" | "0" => Ok(Value::Bool(false)),
            other => Err(format!("{other:?} is not on or off (true/false)")),
        },
        Kind::Whole { .. } | Kind::Decimal { .. } => {
            let n: f64 = text
                .trim()
                .parse()
                .map_err(|_| format!("{text:?} is not a number"))?;
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(|| format!("{text:?} is not a number"))
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Checks one value against the field's rule; returns it as it will be sent (trimmed, numbers as
/// integers where the device keeps integers, keys without the letter's spaces).
pub fn check(field: &Field, value: &Value) -> Result<Value, String> {
    let text =
        || -> Result<&str, String> { value.as_str().ok_or_else(|| "expected text".to_owned()) };
    match field.kind {
        Kind::Toggle => value
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| "expected on or off".to_owned()),
        Kind::Whole { min, max, unit } => {
            let n = number(value)?;
            if n.fract() != 0.0 {
                return Err(format!("a whole number, not {n}"));
            }
            if n < min as f64 || n > max as f64 {
                return Err(format!("{min} to {max}{}, not {n}", spaced(unit)));
            }
            Ok(Value::from(n as i64))
        }
        Kind::Decimal {
            min,
            max,
            step,
            unit,
        } => {
            let n = number(value)?;
            if n < min || n > max {
                return Err(format!("{min} to {max}{}, not {n}", spaced(unit)));
            }
            let steps = n / step;
            if (steps - steps.round()).abs() > 1e-6 {
                return Err(format!("in steps of {step}{}, not {n}", spaced(unit)));
            }
            Ok(serde_json::Number::from_f64(n)
                .map(Value::Number)
                .unwrap_or(Value::Null))
        }
        Kind::Choice(options) => {
            let v = text()?.trim();
            options
                .iter()
                .find(|(value, _)| value.eq_ignore_ascii_case(v))
                .map(|(value, _)| Value::String((*value).to_owned()))
                .ok_or_else(|| {
                    format!(
                        "{v:?} is not one of {}",
                        options
                            .iter()
                            .map(|(v, _)| *v)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
        }
        Kind::Address => {
            let v = text()?.trim();
            v.parse::<std::net::Ipv4Addr>()
                .map(|_| Value::String(v.to_owned()))
                .map_err(|_| format!("{v:?} is not an address like 192.168.1.20"))
        }
        Kind::Text { max, rule } => {
            let v = match rule {
                Text::Any | Text::Ssid => text()?,
                _ => text()?.trim(),
            };
            let len = if rule == Text::Ssid {
                v.len()
            } else {
                v.chars().count()
            };
            if len > max {
                return Err(format!(
                    "at most {max} {}; this has {len}",
                    if rule == Text::Ssid {
                        "bytes"
                    } else {
                        "characters"
                    }
                ));
            }
            match rule {
                Text::HostName if !v.is_empty() && !host_name(v) => Err(format!(
                    "{v:?} is not a network name: letters, digits, - and _ only, not starting or ending with -"
                )),
                Text::HostOrIp if !v.is_empty() && !host_name(v) => Err(format!(
                    "{v:?} is not a host name or an address"
                )),
                Text::Ssid => setup_rules::ssid(v)
                    .map(Value::String)
                    .map_err(|e| e.to_string()),
                Text::MqttUrl
                    if !(v.is_empty() || v.starts_with("mqtt://") || v.starts_with("mqtts://")) =>
                {
                    Err("the address starts with mqtt:// or mqtts://".to_owned())
                }
                Text::MqttUrl if !v.is_empty() => crate::live::broker::BrokerEndpoint::parse(v)
                    .map(|_| Value::String(v.to_owned()))
                    .map_err(|e| e.to_string()),
                Text::Topic if !v.is_empty() => crate::live::broker::check_topic(v)
                    .map(|_| Value::String(v.to_owned()))
                    .map_err(|e| e.to_string()),
                _ => Ok(Value::String(v.to_owned())),
            }
        }
        Kind::Secret(kind) => {
            let v = text()?;
            let secret = Secret::new(v);
            match kind {
                SecretKind::MeterKey if v.chars().all(|c| c == '0') && !v.is_empty() => {
                    Ok(Value::String("0".repeat(32)))
                }
                SecretKind::MeterKey => setup_rules::meter_key(field.label, &secret)
                    .map(|k| Value::String(k.expose().to_owned()))
                    .map_err(|e| e.to_string().replace("the Encryption key", "the key")),
                SecretKind::WifiPassword => setup_rules::wifi_password(Some(&secret))
                    .map(|p| Value::String(p.map(|p| p.expose().to_owned()).unwrap_or_default()))
                    .map_err(|e| e.to_string()),
                SecretKind::MqttPassword if v.chars().count() > 63 => {
                    Err("at most 63 characters".to_owned())
                }
                SecretKind::MqttPassword => Ok(Value::String(v.to_owned())),
            }
        }
    }
}

fn spaced(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

fn number(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| "expected a number".to_owned()),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a number")),
        _ => Err("expected a number".to_owned()),
    }
}

/// A host name the device takes: labels of letters, digits, `-` and `_`, joined by dots.
pub fn host_name(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 253
        && v.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// What the device's other state says about a group (for rules between fields).
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    pub ethernet_up: bool,
    pub meter_powered: bool,
    pub plus: bool,
}

/// Rules between fields of a group, on the values it will have after the save (`merged`), for the
/// edited keys only. Plus advice that is not an error.
pub fn across(
    group: SettingsGroup,
    merged: &BTreeMap<String, FieldValue>,
    edited: &BTreeMap<String, FieldValue>,
    facts: Facts,
) -> (Vec<FieldProblem>, Vec<String>) {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let get = |k: &str| merged.get(k).cloned().unwrap_or(Value::Null);
    let on = |k: &str| get(k).as_bool() == Some(true);
    let touched = |k: &str| edited.contains_key(k);
    let problem = |key: &str, message: String| FieldProblem {
        key: Some(key.to_owned()),
        message,
    };
    match group {
        SettingsGroup::Device => {
            if touched("device.system.power_save")
                && on("device.system.power_save")
                && facts.ethernet_up
            {
                problems.push(problem(
                    "device.system.power_save",
                    "power saving turns Ethernet off: the device refuses it while a network cable is connected".into(),
                ));
            }
            if on("device.system.use_custom_ntp_server")
                && (touched("device.system.use_custom_ntp_server")
                    || touched("device.system.custom_ntp_server"))
                && get("device.system.custom_ntp_server")
                    .as_str()
                    .unwrap_or("")
                    .is_empty()
            {
                problems.push(problem(
                    "device.system.custom_ntp_server",
                    "enter the time server to use, or switch \"Use my own time server\" off".into(),
                ));
            }
            if facts.meter_powered {
                if let Some(n) = edited
                    .get("device.services.report_interval")
                    .and_then(Value::as_f64)
                {
                    let safe = crate::setup::run::POWER_SAFE_INTERVAL_S;
                    if n < f64::from(safe) {
                        notes.push(format!("This reader is powered by the meter: a report every {n} s may drain it; the maker advises {safe} s or more."));
                    }
                }
                if touched("device.system.p1_wifi_boost") && on("device.system.p1_wifi_boost") {
                    notes.push("This reader is powered by the meter: faster Wi-Fi draws more of the meter port's power.".into());
                }
            }
        }
        SettingsGroup::Wifi | SettingsGroup::Eth => {
            let g = super::catalogue::group_name(group);
            let k = |p: &str| format!("{g}.{p}");
            let address_touched = ["static_ip", "ip", "netmask", "gateway", "dns"]
                .iter()
                .any(|p| touched(&k(p)));
            if on(&k("static_ip")) && address_touched {
                let s = |p: &str| get(&k(p)).as_str().unwrap_or("").to_owned();
                if let Err(e) =
                    setup_rules::StaticIp::parse(&s("ip"), &s("netmask"), &s("gateway"), &s("dns"))
                {
                    problems.push(problem(&k("ip"), e.to_string()));
                }
            }
            if group == SettingsGroup::Wifi && touched("wifi.name") && !touched("wifi.password") {
                problems.push(problem(
                    "wifi.password",
                    "give the new network's password (leave it empty for an open network)".into(),
                ));
            }
            if group == SettingsGroup::Eth
                && touched("eth.enable")
                && on("eth.enable")
                && facts.meter_powered
            {
                notes.push("Ethernet works only while the reader has USB power; on the meter's power it stays off.".into());
            }
        }
        SettingsGroup::Meter => {
            if touched("meter.encryption")
                && on("meter.encryption")
                && !touched("meter.encryption_key")
            {
                notes.push("The meter's data is decrypted only with the key from your grid operator: enter it if the device does not have it yet.".into());
            }
        }
        SettingsGroup::Mqtt => {
            if on("mqtt.enable")
                && (touched("mqtt.enable") || touched("mqtt.url"))
                && get("mqtt.url").as_str().unwrap_or("").is_empty()
            {
                problems.push(problem("mqtt.url", "enter the broker's address".into()));
            }
        }
    }
    if !facts.plus {
        for key in edited.keys() {
            if let Some(f) = find(key).filter(|f| f.plus_only) {
                notes.push(format!(
                    "{}: stored, but idle until the device has a PLUS licence.",
                    f.label
                ));
            }
        }
    }
    (problems, notes)
}
