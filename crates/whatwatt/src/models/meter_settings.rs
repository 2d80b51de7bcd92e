//! `/api/v1/meter/settings` (GET, PUT merges, POST replaces): the serial link to the meter.

use crate::lenient::{opt_bool, opt_f64, opt_i64, opt_string, opt_u32};
use crate::Secret;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeterSettings {
    /// 300..=115200.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub baudrate: Option<u32>,
    /// `none`, `odd`, `even`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub parity: Option<String>,
    /// `1`, `1.5`, `2` (sent as a string).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub stop_bits: Option<String>,
    /// 1..=128 bytes.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub buffer_size: Option<u32>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub method: Option<String>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub encryption: Option<bool>,
    /// Write-only, 32 hex digits; 32 zeros clear it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<Secret>,
    /// Write-only, 32 hex digits; 32 zeros clear it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_key: Option<Secret>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub rx_invert: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub tx_invert: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub auto_baudrate: Option<bool>,
    /// `auto`, `p1`, `mbus`, `ttl`, `mep`, `irda`, `uart`, `p1_adapter`, `ttl_push`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub if_type: Option<String>,
    /// `auto`, `dsmr`, `hdlc`, `kmp`, `mep`, `mbus`, `mbtr`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol: Option<String>,
    /// `auto`, `push`, `pull`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub if_mode: Option<String>,
    /// 0.001..=1000.
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub conv_factor: Option<f64>,
    /// Seconds.
    #[serde(deserialize_with = "opt_i64", skip_serializing_if = "Option::is_none")]
    pub time_offset: Option<i64>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub sync_time_offset_with_ntp: Option<bool>,
    /// `default`, `custom`, `lge570`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub scalers_set: Option<String>,
}
