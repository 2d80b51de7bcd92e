//! `/api/v1/wifi/scan` (GET) and `/api/v1/wifi/sta/settings` (GET, PUT, POST, DELETE).

use super::alias::serde_with_alias;
use crate::lenient::Lenient;
use crate::Secret;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

wifi_network_struct! {
    /// One network seen by a scan.
    #[skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct WifiNetwork {}
}

ipv4_settings_struct! {
    /// Station (client) Wi-Fi settings; also the partial PUT body.
    #[skip_serializing_none]
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default, remote = "Self")]
    pub struct WifiStaSettings {
        #[serde(with = "As::<Lenient>")]
        pub enable: Option<bool>,
        /// SSID, 1..=32 characters.
        #[serde(with = "As::<Lenient>")]
        pub name: Option<String>,
        /// Write-only, 8..=64 characters (empty for open networks).
        pub password: Option<Secret>,
        /// dBm 0..=21 in 0.5 steps. The docs (50-settings/wifi-setup.md) and the device use
        /// `max_tx_power`, which is what we send; the OpenAPI schema (WiFiStaSettings.yaml) writes it
        /// `max_power` and calls `max_tx_power` an alias some firmware answers with. We read either; a
        /// document carrying both is not an error: `max_tx_power` wins, being the documented spelling
        /// and the one we write (`max_power` only fills in when `max_tx_power` has no value).
        #[serde(with = "As::<Lenient>")]
        pub max_tx_power: Option<f64>,
    }
}
serde_with_alias!(WifiStaSettings, "max_tx_power", "max_power");
