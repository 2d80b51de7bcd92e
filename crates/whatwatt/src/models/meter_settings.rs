//! `/api/v1/meter/settings` (GET, PUT merges, POST replaces): the serial link to the meter.

use crate::lenient::Lenient;
use crate::Secret;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

/// The interfaces `if_type` takes (docs: meter-comm).
pub const IF_TYPES: [&str; 9] = [
    "auto",
    "p1",
    "mbus",
    "ttl",
    "mep",
    "irda",
    "uart",
    "p1_adapter",
    "ttl_push",
];
/// The protocols `protocol` takes (docs: meter-comm).
pub const PROTOCOLS: [&str; 7] = ["auto", "dsmr", "hdlc", "kmp", "mep", "mbus", "mbtr"];

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeterSettings {
    /// 300..=115200.
    #[serde(with = "As::<Lenient>")]
    pub baudrate: Option<u32>,
    /// `none`, `odd`, `even`.
    #[serde(with = "As::<Lenient>")]
    pub parity: Option<String>,
    /// `1`, `1.5`, `2` (sent as a string).
    #[serde(with = "As::<Lenient>")]
    pub stop_bits: Option<String>,
    /// 1..=128 bytes.
    #[serde(with = "As::<Lenient>")]
    pub buffer_size: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub method: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub encryption: Option<bool>,
    /// Write-only, 32 hex digits; 32 zeros clear it.
    pub encryption_key: Option<Secret>,
    /// Write-only, 32 hex digits; 32 zeros clear it.
    pub authentication_key: Option<Secret>,
    #[serde(with = "As::<Lenient>")]
    pub rx_invert: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub tx_invert: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub auto_baudrate: Option<bool>,
    /// `auto`, `p1`, `mbus`, `ttl`, `mep`, `irda`, `uart`, `p1_adapter`, `ttl_push`.
    #[serde(with = "As::<Lenient>")]
    pub if_type: Option<String>,
    /// `auto`, `dsmr`, `hdlc`, `kmp`, `mep`, `mbus`, `mbtr`.
    #[serde(with = "As::<Lenient>")]
    pub protocol: Option<String>,
    /// `auto`, `push`, `pull`.
    #[serde(with = "As::<Lenient>")]
    pub if_mode: Option<String>,
    /// 0.001..=1000.
    #[serde(with = "As::<Lenient>")]
    pub conv_factor: Option<f64>,
    /// Seconds.
    #[serde(with = "As::<Lenient>")]
    pub time_offset: Option<i64>,
    #[serde(with = "As::<Lenient>")]
    pub sync_time_offset_with_ntp: Option<bool>,
    /// `default`, `custom`, `lge570`.
    #[serde(with = "As::<Lenient>")]
    pub scalers_set: Option<String>,
}
