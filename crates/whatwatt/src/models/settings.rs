//! `/api/v1/settings` (GET, PUT merges, POST replaces). All fields optional so one type serves as the
//! GET answer and as a partial PUT body.

use crate::lenient::Lenient;
use crate::Secret;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub system: Option<SystemSettings>,
    pub services: Option<ServicesSettings>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SystemSettings {
    /// 0..=31 characters.
    #[serde(with = "As::<Lenient>")]
    pub name: Option<String>,
    /// A valid host name of 1..=31 characters; also the Digest realm.
    #[serde(with = "As::<Lenient>")]
    pub host_name: Option<String>,
    /// With a password set, HTTP authentication is enforced.
    #[serde(with = "As::<Lenient>")]
    pub protection: Option<bool>,
    /// Write-only (0..=31 characters); never returned by GET.
    pub password: Option<Secret>,
    #[serde(with = "As::<Lenient>")]
    pub power_save: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub p1_wifi_boost: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub use_dhcp_ntp_server: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub custom_ntp_server: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub use_custom_ntp_server: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServicesSettings {
    pub cloud: Option<CloudServices>,
    pub local: Option<LocalServices>,
    /// mDNS advertisement on/off.
    #[serde(with = "As::<Lenient>")]
    pub broadcast: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub other_energy_provider: Option<bool>,
    /// Seconds 1..=3600 between cloud/MQTT reports (stretched to the meter interval).
    #[serde(with = "As::<Lenient>")]
    pub report_interval: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub low_power_report: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub log: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub meter_proxy: Option<bool>,
    pub sd: Option<SdService>,
    pub modbus: Option<ModbusService>,
    pub berry: Option<BerryService>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudServices {
    #[serde(with = "As::<Lenient>")]
    pub what_watt: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub solar_manager: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub mystrom: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub stromkonto: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalServices {
    #[serde(with = "As::<Lenient>")]
    pub solar_manager: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SdService {
    #[serde(with = "As::<Lenient>")]
    pub enable: Option<bool>,
    /// Seconds 1..=1440 between CSV rows.
    #[serde(with = "As::<Lenient>")]
    pub frequency: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub recorder_mode: Option<bool>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModbusService {
    #[serde(with = "As::<Lenient>")]
    pub enable: Option<bool>,
    #[serde(with = "As::<Lenient>")]
    pub port: Option<u32>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BerryService {
    #[serde(with = "As::<Lenient>")]
    pub auto_run: Option<bool>,
    /// Seconds 60..=86400.
    #[serde(with = "As::<Lenient>")]
    pub run_delay: Option<u32>,
}
