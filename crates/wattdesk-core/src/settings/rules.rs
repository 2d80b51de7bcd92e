//! The device's rules for each field and between fields, checked before anything is sent. One place:
//! the UI asks `settings_review` as the user types, the CLI and the save use the same checks.

use super::catalogue::{find, Field, Kind, Secret as SecretKind, Text};
use crate::error::CoreError;
use crate::ipc::{FieldNote, FieldProblem, FieldValue, Said, SettingsGroup};
use crate::setup::rules as setup_rules;
use serde_json::Value;
use std::collections::BTreeMap;
use whatwatt::Secret;

/// A rule's sentence (without the field's name: the window shows it beside the field, or puts the
/// field's name in front). Its English is its `Display`.
fn no(key: &str, args: &[(&str, &str)]) -> Said {
    Said::new(key, args)
}

/// A value the user typed (CLI `GROUP.PATH=VALUE`) turned into the field's type.
pub fn parse_text(field: &Field, text: &str) -> Result<Value, Said> {
    match field.kind {
        Kind::Toggle => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => Ok(Value::Bool(true)),
            "false" | "off" | "no" | "0" => Ok(Value::Bool(false)),
            other => Err(no("rule_not_on_off", &[("value", other)])),
        },
        Kind::Whole { .. } | Kind::Decimal { .. } => {
            let not_number = || no("rule_not_number", &[("value", text.trim())]);
            let n: f64 = text.trim().parse().map_err(|_| not_number())?;
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(not_number)
        }
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// A number as the user would write it back: `30`, not `30.0`.
fn shown(n: f64) -> String {
    n.to_string()
}

/// "1 to 3600 s, not 0" and "in steps of 0.5 dBm, not 10.3", with or without a unit.
fn out_of_range(min: String, max: String, unit: &str, n: f64) -> Said {
    let value = shown(n);
    if unit.is_empty() {
        no(
            "rule_range",
            &[("min", &min), ("max", &max), ("value", &value)],
        )
    } else {
        no(
            "rule_range_unit",
            &[
                ("min", &min),
                ("max", &max),
                ("unit", unit),
                ("value", &value),
            ],
        )
    }
}

/// The sentence of a `setup::rules` refusal (those are worded for the window already).
fn from_setup(e: CoreError) -> Said {
    match e {
        CoreError::Rule(said) => said,
        _ => no("rule_unusable", &[]),
    }
}

/// Checks one value against the field's rule; returns it as it will be sent (trimmed, numbers as
/// integers where the device keeps integers, keys without the letter's spaces).
pub fn check(field: &Field, value: &Value) -> Result<Value, Said> {
    let text =
        || -> Result<&str, Said> { value.as_str().ok_or_else(|| no("rule_expected_text", &[])) };
    match field.kind {
        Kind::Toggle => value
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| no("rule_expected_on_off", &[])),
        Kind::Whole { min, max, unit } => {
            let n = number(value)?;
            if n.fract() != 0.0 {
                return Err(no("rule_whole_number", &[("value", &shown(n))]));
            }
            if n < min as f64 || n > max as f64 {
                return Err(out_of_range(min.to_string(), max.to_string(), unit, n));
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
                return Err(out_of_range(shown(min), shown(max), unit, n));
            }
            let steps = n / step;
            if (steps - steps.round()).abs() > 1e-6 {
                let (step, value) = (shown(step), shown(n));
                return Err(if unit.is_empty() {
                    no("rule_steps", &[("step", &step), ("value", &value)])
                } else {
                    no(
                        "rule_steps_unit",
                        &[("step", &step), ("unit", unit), ("value", &value)],
                    )
                });
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
                    let choices = options
                        .iter()
                        .map(|(v, _)| *v)
                        .collect::<Vec<_>>()
                        .join(", ");
                    no("rule_not_choice", &[("value", v), ("choices", &choices)])
                })
        }
        Kind::Address => {
            let v = text()?.trim();
            v.parse::<std::net::Ipv4Addr>()
                .map(|_| Value::String(v.to_owned()))
                .map_err(|_| no("rule_not_address", &[("value", v)]))
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
                let args = [("max", max.to_string()), ("count", len.to_string())];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                return Err(if rule == Text::Ssid {
                    no("rule_too_long_bytes", &args)
                } else {
                    no("rule_too_long", &args)
                });
            }
            match rule {
                Text::HostName if !v.is_empty() && !host_name(v) => {
                    Err(no("rule_not_network_name", &[("value", v)]))
                }
                Text::HostOrIp if !v.is_empty() && !host_name(v) => {
                    Err(no("rule_not_host", &[("value", v)]))
                }
                Text::Ssid => setup_rules::ssid(v).map(Value::String).map_err(from_setup),
                Text::MqttUrl
                    if !(v.is_empty() || v.starts_with("mqtt://") || v.starts_with("mqtts://")) =>
                {
                    Err(no("rule_broker_scheme", &[]))
                }
                // The address itself stays out of the message: it may hold a password typed there.
                Text::MqttUrl if credentials_in(v) => Err(no("rule_broker_credentials", &[])),
                Text::MqttUrl if !v.is_empty() => crate::live::broker::BrokerEndpoint::parse(v)
                    .map(|_| Value::String(v.to_owned()))
                    .map_err(|_| no("rule_broker_url", &[])),
                Text::Topic if v.contains(['#', '+']) => Err(no("rule_topic_wildcards", &[])),
                Text::Topic if !v.is_empty() => crate::live::broker::check_topic(v)
                    .map(|_| Value::String(v.to_owned()))
                    .map_err(|_| no("rule_topic_unusable", &[])),
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
                SecretKind::MeterKey => {
                    setup_rules::meter_key(&secret, setup_rules::KeyName::Field)
                        .map(|k| Value::String(k.expose().to_owned()))
                        .map_err(from_setup)
                }
                SecretKind::WifiPassword => setup_rules::wifi_password(Some(&secret))
                    .map(|p| Value::String(p.map(|p| p.expose().to_owned()).unwrap_or_default()))
                    .map_err(from_setup),
                SecretKind::MqttPassword if v.chars().count() > 63 => {
                    Err(no("rule_at_most", &[("max", "63")]))
                }
                SecretKind::MqttPassword => Ok(Value::String(v.to_owned())),
            }
        }
    }
}

fn number(v: &Value) -> Result<f64, Said> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| no("rule_expected_number", &[])),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| no("rule_not_number", &[("value", s.trim())])),
        _ => Err(no("rule_expected_number", &[])),
    }
}

/// A user name or password written into a broker address (`mqtt://user:pw@host`).
fn credentials_in(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| !u.username().is_empty() || u.password().is_some())
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
) -> (Vec<FieldProblem>, Vec<FieldNote>) {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let get = |k: &str| merged.get(k).cloned().unwrap_or(Value::Null);
    let on = |k: &str| get(k).as_bool() == Some(true);
    let touched = |k: &str| edited.contains_key(k);
    let problem = |key: &str, said: Said| FieldProblem {
        key: Some(key.to_owned()),
        message: said.to_string(),
        said: Some(said),
    };
    // A note that reads on its own, without a field's name in front.
    let note = |said: Said| FieldNote {
        key: None,
        message: said.to_string(),
        said: Some(said),
    };
    match group {
        SettingsGroup::Device => {
            if touched("device.system.power_save")
                && on("device.system.power_save")
                && facts.ethernet_up
            {
                problems.push(problem(
                    "device.system.power_save",
                    no("ds_rule_power_save_cable", &[]),
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
                    no("ds_rule_time_server_empty", &[]),
                ));
            }
            if facts.meter_powered {
                if let Some(n) = edited
                    .get("device.services.report_interval")
                    .and_then(Value::as_f64)
                {
                    let safe = crate::setup::run::POWER_SAFE_INTERVAL_S;
                    if n < f64::from(safe) {
                        notes.push(note(no(
                            "ds_note_report_drain",
                            &[("seconds", &shown(n)), ("safe", &safe.to_string())],
                        )));
                    }
                }
                if touched("device.system.p1_wifi_boost") && on("device.system.p1_wifi_boost") {
                    notes.push(note(no("ds_note_wifi_boost", &[])));
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
                    problems.push(problem(&k("ip"), from_setup(e)));
                }
            }
            if group == SettingsGroup::Wifi && touched("wifi.name") && !touched("wifi.password") {
                problems.push(problem(
                    "wifi.password",
                    no("ds_rule_wifi_password_needed", &[]),
                ));
            }
            if group == SettingsGroup::Eth
                && touched("eth.enable")
                && on("eth.enable")
                && facts.meter_powered
            {
                notes.push(note(no("ds_note_ethernet_usb", &[])));
            }
        }
        SettingsGroup::Meter => {
            if touched("meter.encryption")
                && on("meter.encryption")
                && !touched("meter.encryption_key")
            {
                notes.push(note(no("ds_note_meter_key", &[])));
            }
        }
        SettingsGroup::Mqtt => {
            if on("mqtt.enable")
                && (touched("mqtt.enable") || touched("mqtt.url"))
                && get("mqtt.url").as_str().unwrap_or("").is_empty()
            {
                problems.push(problem("mqtt.url", no("ds_rule_broker_empty", &[])));
            }
        }
    }
    if !facts.plus {
        for key in edited.keys() {
            if let Some(f) = find(key).filter(|f| f.plus_only) {
                // The English message names the field (the CLI prints it alone); the window puts
                // the field's name in its own language in front of the sentence.
                let said = no("ds_note_plus_idle", &[]);
                notes.push(FieldNote {
                    key: Some(key.clone()),
                    message: format!("{}: {said}", f.label),
                    said: Some(said),
                });
            }
        }
    }
    (problems, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(key: &str, value: Value) -> Said {
        let field = find(key).expect("a catalogue field");
        check(field, &value).expect_err("refused")
    }

    #[test]
    fn broker_addresses_and_topics_are_refused_by_reason_without_echoing_a_password() {
        let said = refusal("mqtt.url", Value::from("mqtt://me:hunter2@broker.lan"));
        assert_eq!(said.key, "rule_broker_credentials");
        assert!(!said.to_string().contains("hunter2"), "{said}");
        assert_eq!(
            refusal("mqtt.url", Value::from("mqtt://broker.lan:99999")).key,
            "rule_broker_url"
        );
        assert_eq!(
            refusal("mqtt.url", Value::from("http://broker.lan")).key,
            "rule_broker_scheme"
        );
        assert_eq!(
            refusal("mqtt.publish.topic", Value::from("home/+/power")).key,
            "rule_topic_wildcards"
        );
        let field = find("mqtt.url").expect("field");
        assert!(check(field, &Value::from("mqtts://broker.lan:8883")).is_ok());
    }

    #[test]
    fn numbers_typed_in_a_script_are_said_as_typed_without_spaces() {
        let field = find("device.services.report_interval").expect("field");
        let said = parse_text(field, " ten ").expect_err("not a number");
        assert_eq!(said.key, "rule_not_number");
        assert_eq!(said.to_string(), "\"ten\" is not a number");
        assert_eq!(
            refusal("wifi.max_tx_power", Value::from(10.3)).to_string(),
            "in steps of 0.5 dBm, not 10.3"
        );
    }
}
