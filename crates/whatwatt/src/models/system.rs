//! `GET /api/v1/system`: device identity, power supply, licence, cloud/MQTT client state, meter and network.

use crate::lenient::{opt_bool, opt_f64, opt_i32, opt_string, opt_u32, opt_u64};
use serde::{Deserialize, Serialize};

/// The whole `/api/v1/system` document. Every section is optional: a device without Ethernet or SD card
/// may leave them out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemInfo {
    pub device: Device,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clouds: Option<Clouds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meter: Option<SystemMeter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wifi: Option<SystemWifi>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethernet: Option<SystemEthernet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd_card: Option<SdCardInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Device {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// 12 upper-case hex digits; the key WattDesk identifies a device by. Empty when missing.
    pub id: String,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub firmware: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub build: Option<String>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub upgrade_capable: Option<bool>,
    /// Local date `YYYY-MM-DD`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<String>,
    /// Local time `HH:MM:SS`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<String>,
    /// Seconds since the last reboot. The field table calls it `time_since_reboot`, the real device
    /// example sends `time_since_boot`: we follow the device and accept both.
    #[serde(
        alias = "time_since_reboot",
        deserialize_with = "opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub time_since_boot: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reboot: Option<DateAndTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plug: Option<Plug>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DateAndTime {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<String>,
}

/// Supply voltages in V. `v_scap` should stay above [`Plug::MIN_SCAP_V`] on M-Bus power.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plug {
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub v_usb: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub v_mbus: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub v_p1: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub v_scap: Option<f64>,
}

impl SystemInfo {
    /// The licence unlocks polling and MQTT publishing (PLUS or higher).
    pub fn is_plus(&self) -> bool {
        self.device
            .license
            .as_ref()
            .is_some_and(License::is_plus_or_higher)
    }

    /// The meter's report interval in seconds, when the device knows a positive one.
    pub fn meter_interval_s(&self) -> Option<f64> {
        self.meter
            .as_ref()
            .and_then(|m| m.report_interval)
            .filter(|i| *i > 0.0)
    }
}

impl Plug {
    /// Below this super-capacitor voltage (V) the device risks a brown-out (docs: power-and-wifi).
    pub const MIN_SCAP_V: f64 = 4.5;
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct License {
    /// `FREE`, `PLUS`, `PRO`, ... kept as text so unknown tiers still parse.
    #[serde(
        rename = "type",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub activation_date: Option<String>,
}

impl License {
    /// True for every tier that unlocks the gated REST routes and MQTT (anything but `FREE`/absent).
    pub fn is_plus_or_higher(&self) -> bool {
        matches!(&self.kind, Some(k) if !k.trim().is_empty() && !k.eq_ignore_ascii_case("FREE"))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Clouds {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whatwatt: Option<CloudState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mystrom: Option<CloudState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solar_manager: Option<CloudState>,
    /// The device's own MQTT client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mqtc: Option<CloudState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stromkonto: Option<CloudState>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudState {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub connected: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub registered: Option<bool>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemMeter {
    /// `OK`, `NOT CONNECTED`, `RECOGNITION`, `KEY REQUIRED`, ... (see [`crate::MeterStatus`]).
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub interface: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub manufacturer: Option<String>,
    #[serde(
        rename = "type",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol_version: Option<String>,
    /// Seconds between meter reports (≈1 s on P1, ≈6.8 s on M-Bus).
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub report_interval: Option<f64>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enc_en: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub auth_en: Option<bool>,
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub tariff: Option<u32>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemWifi {
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
    /// dBm.
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
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub wps: Option<bool>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub country: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mac: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ip: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mask: Option<String>,
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
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    /// `STA` normally; `AP` while the device waits to be set up.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemEthernet {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mac: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub ip: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mask: Option<String>,
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
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SdCardInfo {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub installed: Option<bool>,
    #[serde(
        rename = "type",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<String>,
    /// Logical size (MB).
    #[serde(deserialize_with = "opt_u64", skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Bus frequency, MHz.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub speed: Option<u32>,
}
