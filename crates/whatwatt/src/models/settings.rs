//! `/api/v1/settings` (GET, PUT merges, POST replaces). All fields optional so one type serves as the
//! GET answer and as a partial PUT body.

use crate::lenient::{opt_bool, opt_string, opt_u32};
use crate::Secret;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<ServicesSettings>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemSettings {
    /// 0..=31 characters.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// A valid host name of 1..=31 characters; also the Digest realm.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub host_name: Option<String>,
    /// With a password set, HTTP authentication is enforced.
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub protection: Option<bool>,
    /// Write-only (0..=31 characters); never returned by GET.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub power_save: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub p1_wifi_boost: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub use_dhcp_ntp_server: Option<bool>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_ntp_server: Option<String>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub use_custom_ntp_server: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServicesSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud: Option<CloudServices>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalServices>,
    /// mDNS advertisement on/off.
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub broadcast: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub other_energy_provider: Option<bool>,
    /// Seconds 1..=3600 between cloud/MQTT reports (stretched to the meter interval).
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub report_interval: Option<u32>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub low_power_report: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub log: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub meter_proxy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd: Option<SdService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modbus: Option<ModbusService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berry: Option<BerryService>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudServices {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub what_watt: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub solar_manager: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub mystrom: Option<bool>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub stromkonto: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalServices {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub solar_manager: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SdService {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// Seconds 1..=1440 between CSV rows.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub frequency: Option<u32>,
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub recorder_mode: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModbusService {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub port: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BerryService {
    #[serde(deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
    pub auto_run: Option<bool>,
    /// Seconds 60..=86400.
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub run_delay: Option<u32>,
}
