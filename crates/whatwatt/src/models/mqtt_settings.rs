//! `/api/v1/mqtt/settings` (GET, PUT merges and keeps untouched secrets, POST replaces).
//! Secrets are write-only: GET reports their length (`password_len`, `key_len`, `key_password_len`).

use crate::lenient::{double_option, opt_bool, opt_string, opt_u32};
use crate::Secret;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttSettings {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// `mqtt://host[:port]` or `mqtts://host[:port]`, at most 127 characters.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub url: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub username: Option<String>,
    /// Write-only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// At most 63 characters; unique per broker.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_id: Option<String>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub skip_cn_check: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish: Option<MqttPublish>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broker: Option<MqttBroker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<MqttClientCert>,
    /// Read-only: length of the stored password, 0 = not set.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub password_len: Option<u32>,
    /// Read-only: length of the stored client key (the docs do not say where it sits; we expect it at
    /// the top level next to `password_len`).
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub key_len: Option<u32>,
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub key_password_len: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttPublish {
    /// At most 127 characters.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub topic: Option<String>,
    /// At most 1023 characters; `${variable}` placeholders.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub template: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttBroker {
    /// CA / server certificate (PEM). `Some(None)` sends `null`, which deletes it.
    #[serde(
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate: Option<Option<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttClientCert {
    #[serde(
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub certificate: Option<Option<String>>,
    /// Write-only private key (PEM).
    #[serde(
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub key: Option<Option<Secret>>,
    #[serde(
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub key_password: Option<Option<Secret>>,
}
