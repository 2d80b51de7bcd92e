//! `GET /api/v1/system`: device identity, power supply, licence, cloud/MQTT client state, meter and network.

use super::alias::serde_with_alias;
use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

/// The whole `/api/v1/system` document. Every section is optional: a device without Ethernet or SD card
/// may leave them out.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemInfo {
    pub device: Device,
    pub clouds: Option<Clouds>,
    pub services: Option<serde_json::Value>,
    pub meter: Option<SystemMeter>,
    pub wifi: Option<SystemWifi>,
    pub ethernet: Option<SystemEthernet>,
    pub sd_card: Option<SdCardInfo>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, remote = "Self")]
pub struct Device {
    #[serde(with = "As::<Lenient>")]
    pub name: Option<String>,
    /// 12 upper-case hex digits; the key WattDesk identifies a device by. Empty when missing.
    pub id: String,
    #[serde(with = "As::<Lenient>")]
    pub model: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub firmware: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub build: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub upgrade_capable: Option<bool>,
    /// Local date `YYYY-MM-DD`.
    #[serde(with = "As::<Lenient>")]
    pub date: Option<String>,
    /// Local time `HH:MM:SS`.
    #[serde(with = "As::<Lenient>")]
    pub time: Option<String>,
    /// Seconds since the last reboot. The field table (10-general/system-info.md) calls it
    /// `time_since_reboot`, the real device example sends `time_since_boot`: we follow the device, and
    /// read either. A document carrying both is not an error: `time_since_boot` wins, and
    /// `time_since_reboot` only fills in when `time_since_boot` has no value.
    #[serde(with = "As::<Lenient>")]
    pub time_since_boot: Option<u64>,
    pub last_reboot: Option<DateAndTime>,
    pub plug: Option<Plug>,
    pub license: Option<License>,
}
serde_with_alias!(Device, "time_since_boot", "time_since_reboot");

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DateAndTime {
    #[serde(with = "As::<Lenient>")]
    pub date: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub time: Option<String>,
}

/// Supply voltages in V. `v_scap` should stay above [`Plug::MIN_SCAP_V`] on M-Bus power.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plug {
    #[serde(with = "As::<Lenient>")]
    pub v_usb: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub v_mbus: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub v_p1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
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

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct License {
    /// `FREE`, `PLUS`, `PRO`, ... kept as text so unknown tiers still parse.
    #[serde(rename = "type", with = "As::<Lenient>")]
    pub kind: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub activation_date: Option<String>,
}

impl License {
    /// True for every tier that unlocks the gated REST routes and MQTT (anything but `FREE`/absent).
    pub fn is_plus_or_higher(&self) -> bool {
        matches!(&self.kind, Some(k) if !k.trim().is_empty() && !k.eq_ignore_ascii_case("FREE"))
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Clouds {
    pub whatwatt: Option<CloudState>,
    pub mystrom: Option<CloudState>,
    pub solar_manager: Option<CloudState>,
    /// The device's own MQTT client.
    pub mqtc: Option<CloudState>,
    pub stromkonto: Option<CloudState>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudState {
    #[serde(with = "As::<Lenient>")]
    pub enabled: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub connected: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub registered: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub status: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemMeter {
    /// `OK`, `NOT CONNECTED`, `RECOGNITION`, `KEY REQUIRED`, ... (see [`crate::MeterStatus`]).
    #[serde(with = "As::<Lenient>")]
    pub status: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub interface: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub id: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub manufacturer: Option<String>,
    #[serde(rename = "type", with = "As::<Lenient>")]
    pub kind: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub model: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub protocol: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub protocol_version: Option<String>,
    /// Seconds between meter reports (≈1 s on P1, ≈6.8 s on M-Bus).
    #[serde(with = "As::<Lenient>")]
    pub report_interval: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub enc_en: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub auth_en: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub tariff: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub date: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub time: Option<String>,
}

wifi_network_struct! {
    /// The Wi-Fi connection: the joined network (the fields a scan lists), then the interface.
    #[skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct SystemWifi {
        #[serde(with = "As::<Lenient>")]
        pub mac: Option<String>,
        #[serde(with = "As::<Lenient>")]
        pub ip: Option<String>,
        #[serde(with = "As::<Lenient>")]
        pub mask: Option<String>,
        #[serde(with = "As::<Lenient>")]
        pub gateway: Option<String>,
        #[serde(with = "As::<Lenient>")]
        pub dns: Option<String>,
        #[serde(with = "As::<Lenient>")]
        pub status: Option<String>,
        /// `STA` normally; `AP` while the device waits to be set up.
        #[serde(with = "As::<Lenient>")]
        pub mode: Option<String>,
    }
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemEthernet {
    #[serde(with = "As::<Lenient>")]
    pub mac: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub status: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub ip: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub mask: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub gateway: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub dns: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SdCardInfo {
    #[serde(with = "As::<Lenient>")]
    pub installed: Option<bool>,
    #[serde(rename = "type", with = "As::<Lenient>")]
    pub kind: Option<String>,
    /// Logical size (MB).
    #[serde(with = "As::<Lenient>")]
    pub size: Option<u64>,
    /// Bus frequency, MHz.
    #[serde(with = "As::<Lenient>")]
    pub speed: Option<u32>,
}
