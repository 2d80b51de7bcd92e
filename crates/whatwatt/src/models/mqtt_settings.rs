//! `/api/v1/mqtt/settings` (GET, PUT merges and keeps untouched secrets, POST replaces).
//! Secrets are write-only: GET reports their length (`password_len`, `key_len`, `key_password_len`).

use crate::lenient::{double_option, Lenient};
use crate::Secret;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttSettings {
    #[serde(with = "As::<Lenient>")]
    pub enable: Option<bool>,
    /// `mqtt://host[:port]` or `mqtts://host[:port]`, at most 127 characters.
    #[serde(with = "As::<Lenient>")]
    pub url: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub username: Option<String>,
    /// Write-only.
    pub password: Option<Secret>,
    /// At most 63 characters; unique per broker.
    #[serde(with = "As::<Lenient>")]
    pub client_id: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub skip_cn_check: Option<bool>,
    pub publish: Option<MqttPublish>,
    pub broker: Option<MqttBroker>,
    pub client: Option<MqttClientCert>,
    /// Read-only: length of the stored password, 0 = not set.
    #[serde(with = "As::<Lenient>")]
    pub password_len: Option<u32>,
    /// Read-only: length of the stored client key (the docs do not say where it sits; we expect it at
    /// the top level next to `password_len`).
    #[serde(with = "As::<Lenient>")]
    pub key_len: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub key_password_len: Option<u32>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttPublish {
    /// At most 127 characters.
    #[serde(with = "As::<Lenient>")]
    pub topic: Option<String>,
    /// At most 1023 characters; `${variable}` placeholders.
    #[serde(with = "As::<Lenient>")]
    pub template: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttBroker {
    /// CA / server certificate (PEM). `Some(None)` sends `null`, which deletes it.
    #[serde(deserialize_with = "double_option")]
    pub certificate: Option<Option<String>>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MqttClientCert {
    #[serde(deserialize_with = "double_option")]
    pub certificate: Option<Option<String>>,
    /// Write-only private key (PEM).
    #[serde(deserialize_with = "double_option")]
    pub key: Option<Option<Secret>>,
    #[serde(deserialize_with = "double_option")]
    pub key_password: Option<Option<Secret>>,
}
