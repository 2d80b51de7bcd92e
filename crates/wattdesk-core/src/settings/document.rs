//! A group's JSON document and the catalogue's dotted paths: reading values out, building the partial
//! PUT body of the changed fields, reading and writing a group on the device.

use super::catalogue::{group_name, of_group, Kind, Secret as SecretKind};
use crate::ipc::{FieldValue, SecretState, SettingsGroup, SettingsSnapshot};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use whatwatt::models::{
    eth::EthSettings, meter_settings::MeterSettings, mqtt_settings::MqttSettings,
    settings::Settings, wifi::WifiStaSettings,
};
use whatwatt::Client;

pub fn endpoint(g: SettingsGroup) -> &'static str {
    match g {
        SettingsGroup::Device => "/api/v1/settings",
        SettingsGroup::Meter => "/api/v1/meter/settings",
        SettingsGroup::Wifi => "/api/v1/wifi/sta/settings",
        SettingsGroup::Eth => "/api/v1/eth/settings",
        SettingsGroup::Mqtt => "/api/v1/mqtt/settings",
    }
}

pub fn get_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |v, part| v.get(part))
}

pub fn set_path(doc: &mut Value, path: &str, value: Value) {
    let mut at = doc;
    let parts: Vec<&str> = path.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .expect("just made an object")
            .entry((*part).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    at.as_object_mut()
        .expect("just made an object")
        .insert(parts[parts.len() - 1].to_owned(), value);
}

/// The device's `max_power` is the OpenAPI's spelling of `max_tx_power` (see the Wi-Fi model).
fn value_at(g: SettingsGroup, doc: &Value, path: &str) -> Option<Value> {
    get_path(doc, path).cloned().or_else(|| {
        (g == SettingsGroup::Wifi && path == "max_tx_power")
            .then(|| get_path(doc, "max_power").cloned())
            .flatten()
    })
}

/// The catalogue's fields of `g` out of the device's document.
pub fn snapshot(g: SettingsGroup, doc: &Value) -> SettingsSnapshot {
    let mut values = BTreeMap::new();
    let mut secrets = BTreeMap::new();
    for f in of_group(g) {
        match f.kind {
            Kind::Secret(SecretKind::MqttPassword) => {
                let len = get_path(doc, "password_len").and_then(Value::as_u64);
                let state = match len {
                    Some(0) => SecretState::NotSet,
                    Some(_) => SecretState::Set,
                    None => SecretState::Hidden,
                };
                secrets.insert(f.key(), state);
            }
            Kind::Secret(_) => {
                secrets.insert(f.key(), SecretState::Hidden);
            }
            _ => {
                values.insert(f.key(), value_at(g, doc, f.path).unwrap_or(Value::Null));
            }
        }
    }
    SettingsSnapshot {
        group: g,
        values,
        secrets,
    }
}

/// Two values are the same setting (the device may answer `30.0` for `30`).
pub fn same(a: &FieldValue, b: &FieldValue) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
            _ => x == y,
        },
        _ => a == b,
    }
}

/// The partial body: only `changes` (catalogue key → value), nested as the device expects.
pub fn partial_body(g: SettingsGroup, changes: &BTreeMap<String, FieldValue>) -> Value {
    let prefix = format!("{}.", group_name(g));
    let mut body = Value::Object(Map::new());
    for (key, value) in changes {
        if let Some(path) = key.strip_prefix(&prefix) {
            set_path(&mut body, path, value.clone());
        }
    }
    body
}

pub async fn read(client: &Client, g: SettingsGroup) -> whatwatt::Result<Value> {
    client.get_json::<Value>(endpoint(g)).await
}

/// PUT through the typed model, so secrets in the body are sent only inside the client's reveal scope
/// (and redacted from the device's answer).
pub async fn write(client: &Client, g: SettingsGroup, body: Value) -> crate::error::Result<()> {
    fn typed<T: serde::de::DeserializeOwned>(v: Value) -> crate::error::Result<T> {
        serde_json::from_value(v).map_err(|e| crate::error::CoreError::Invalid(e.to_string()))
    }
    match g {
        SettingsGroup::Device => client.update_settings(&typed::<Settings>(body)?).await?,
        SettingsGroup::Meter => {
            client
                .update_meter_settings(&typed::<MeterSettings>(body)?)
                .await?
        }
        SettingsGroup::Wifi => {
            client
                .update_wifi_sta_settings(&typed::<WifiStaSettings>(body)?)
                .await?
        }
        SettingsGroup::Eth => {
            client
                .update_eth_settings(&typed::<EthSettings>(body)?)
                .await?
        }
        SettingsGroup::Mqtt => {
            client
                .update_mqtt_settings(&typed::<MqttSettings>(body)?)
                .await?
        }
    }
    Ok(())
}

/// The size of the body as the device receives it.
pub fn body_len(body: &Value) -> usize {
    serde_json::to_vec(body).map_or(0, |b| b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_carries_only_the_changes_nested() {
        let mut c = BTreeMap::new();
        c.insert("device.services.report_interval".into(), json!(12));
        c.insert("device.system.name".into(), json!("Kitchen"));
        let body = partial_body(SettingsGroup::Device, &c);
        assert_eq!(
            body,
            json!({"services": {"report_interval": 12}, "system": {"name": "Kitchen"}})
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!(30), &json!(30.0)));
        assert!(!same(&json!(30), &json!(31)));
        assert!(!same(&json!("30"), &json!(30)));
    }

    #[test]
    fn a_snapshot_reads_the_other_spelling_of_tx_power() {
        let s = snapshot(
            SettingsGroup::Wifi,
            &json!({"name": "HomeNet", "max_power": 15}),
        );
        assert_eq!(s.values["wifi.max_tx_power"], json!(15));
        assert_eq!(s.values["wifi.name"], json!("HomeNet"));
        assert!(!s.values.contains_key("wifi.password"));
    }
}
