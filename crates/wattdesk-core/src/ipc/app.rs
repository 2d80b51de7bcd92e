//! What the app tells the UI about itself (version, where secrets are kept, mDNS mode) and the
//! user's preferences.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which clock times are shown in and days are cut by, everywhere in the app.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimeZoneChoice {
    /// This computer's time zone.
    #[default]
    Computer,
    /// The meter's own clock (its time zone as it reports local time).
    Meter,
}

/// What the user chose in Settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Preferences {
    pub time_zone: TimeZoneChoice,
    /// Days of full-rate readings the history keeps (1..=3650; `None`: 10). Minute, quarter-hour,
    /// hour and day totals are kept for good whatever this says.
    pub history_raw_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SecretBackend {
    /// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    Keychain,
    /// No keychain: a file only the user can read.
    File { path: String },
}

/// Where mDNS runs (`WATTDESK_MDNS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MdnsMode {
    All,
    Loopback,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub secret_backend: SecretBackend,
    pub config_dir: String,
    pub mdns: MdnsMode,
    /// Where a damaged saved-meters file was kept, if one was found at start-up.
    pub registry_recovered: Option<String>,
    /// Where a damaged file of saved passwords was kept, if one was found.
    pub secrets_recovered: Option<String>,
    /// Why saved passwords could not be read (keychain error, a file others can read).
    pub secrets_problem: Option<String>,
    pub demo_running: bool,
}
