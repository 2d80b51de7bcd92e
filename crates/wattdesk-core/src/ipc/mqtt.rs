//! MQTT as the UI sees it: broker profiles, each meter's MQTT source and payload format, the
//! device's own publishing settings.

use super::live::{PayloadProblem, TransportChoice};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use whatwatt::mqtt::Quantity;
use whatwatt::Secret;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BrokerView {
    pub id: String,
    pub name: String,
    pub url: String,
    pub username: Option<String>,
    pub has_password: bool,
    pub has_ca: bool,
    pub has_client_cert: bool,
    /// Names of the meters that listen through this broker.
    pub used_by: Vec<String>,
    /// Something the user should know about this profile (a login sent unencrypted).
    pub warning: Option<String>,
}

/// Create (no `id`) or edit a broker profile. Secrets: `None` keeps what is stored, `""` removes it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BrokerRequest {
    pub id: Option<String>,
    pub name: String,
    pub url: String,
    pub username: Option<String>,
    #[ts(type = "string | null")]
    pub password: Option<Secret>,
    /// PEM; `None` keeps, `""` removes.
    pub ca_pem: Option<String>,
    pub client_cert_pem: Option<String>,
    #[ts(type = "string | null")]
    pub client_key_pem: Option<Secret>,
}

/// How a meter's session gets its readings.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MeterLinkRequest {
    pub transport: TransportChoice,
    pub mqtt: Option<MeterMqtt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MeterLinkView {
    pub transport: TransportChoice,
    pub mqtt: Option<MeterMqtt>,
    /// `wattdesk/<device id>`, what WattDesk suggests.
    pub default_topic: String,
    pub last_problem: Option<PayloadProblem>,
}

/// The device's MQTT publishing, as `/api/v1/mqtt/settings` reports it (secrets as set / not set).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DeviceMqttView {
    pub enable: bool,
    pub url: String,
    pub username: String,
    pub password_set: bool,
    pub client_id: String,
    pub topic: String,
    pub template: String,
    pub ca_set: bool,
    pub client_cert_set: bool,
    pub client_key_set: bool,
    pub skip_cn_check: bool,
    /// MQTT publishing needs PLUS; FREE stores the settings but does not publish.
    pub plus: bool,
    pub license: Option<String>,
    /// What WattDesk suggests for an unset topic and client id.
    pub default_topic: String,
    pub default_client_id: String,
    pub wattdesk_template: String,
}

/// A certificate field of the device's MQTT settings.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum PemChange {
    Keep,
    Set {
        /// A private key is a secret; certificates travel the same way.
        #[ts(type = "string")]
        pem: Secret,
    },
    /// Sends `null`, which deletes it on the device.
    Clear,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct DeviceMqttRequest {
    pub enable: bool,
    pub url: String,
    pub username: String,
    /// `None` keeps the stored password; `""` clears it.
    #[ts(type = "string | null")]
    pub password: Option<Secret>,
    /// Use this saved broker's password instead (it never passes through the UI).
    pub password_from_broker: Option<String>,
    pub client_id: String,
    pub topic: String,
    pub template: String,
    pub ca: PemChange,
    pub client_cert: PemChange,
    pub client_key: PemChange,
    pub skip_cn_check: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TemplatePreview {
    pub rendered: String,
    #[ts(type = "number")]
    pub template_chars: u64,
    /// Whether WattDesk can read the rendered payload with the given mapping, and why not.
    pub decodes: bool,
    pub problem: Option<String>,
    /// Net power the decoded payload carries (kW), to show it makes sense.
    pub power_kw: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DeviceMqttStatus {
    /// `.clouds.mqtc` in `/api/v1/system`.
    pub enabled: bool,
    pub connected: bool,
    pub plus: bool,
    /// Likely causes when enabled but not connected.
    pub hints: Vec<String>,
}

/// A key of the device's template with the variable it carries and WattDesk's guess.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MappingSuggestion {
    pub key: String,
    pub variable: String,
    /// snake_case `Quantity` name, if the variable is one WattDesk knows.
    pub quantity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MappingGuess {
    /// Which built-in mapping fits the device's template, if one does.
    pub builtin: Option<MappingChoice>,
    pub fields: Vec<MappingSuggestion>,
}

/// A meter's MQTT source: which saved broker, which topic, how to read the payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeterMqtt {
    pub broker_id: String,
    pub topic: String,
    pub mapping: MappingChoice,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MappingChoice {
    /// Recognised from the payload's keys: WattDesk's template or the vendor Home Assistant
    /// template; anything else is reported as an unknown format.
    Auto,
    /// WattDesk's own template (`whatwatt::mqtt::WATTDESK_TEMPLATE`).
    Wattdesk,
    /// The vendor Home Assistant integration's template.
    HomeAssistant,
    /// Payload key → quantity, as the user confirmed it.
    Custom {
        #[ts(type = "Array<[string, string]>")]
        fields: Vec<(String, Quantity)>,
    },
}
