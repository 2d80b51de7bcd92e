//! `/api/v1/wifi/scan` (GET) and `/api/v1/wifi/sta/settings` (GET, PUT, POST, DELETE).

use crate::lenient::{opt_bool, opt_f64, opt_i32, opt_string, opt_u32};
use crate::Secret;
use serde::{Deserialize, Serialize};

/// One network seen by a scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WifiNetwork {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ssid: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub bssid: Option<String>,
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub channel: Option<u32>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ht: Option<String>,
    /// dBm, -127..=0.
    #[serde(deserialize_with = "opt_i32", skip_serializing_if = "Option::is_none")]
    pub rssi: Option<i32>,
    /// Percent 0..=100.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub signal: Option<u32>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_mode: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub pairwise_cipher: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub group_cipher: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub phy: Option<String>,
    /// The scan sends `"true"`/`"false"` as text; `/api/v1/system` sends a real boolean. Both parse.
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub wps: Option<bool>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
}

/// Station (client) Wi-Fi settings; also the partial PUT body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WifiStaSettings {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// SSID, 1..=32 characters.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Write-only, 8..=64 characters (empty for open networks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub static_ip: Option<bool>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ip: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub netmask: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub gateway: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub dns: Option<String>,
    /// dBm 0..=21 in 0.5 steps. The OpenAPI schema writes it as `max_power`; docs and device use
    /// `max_tx_power`, which is what we send, and we read either.
    #[serde(
        alias = "max_power",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_tx_power: Option<f64>,
}
