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
    /// The app's language; `None` follows the computer's.
    pub language: Option<Language>,
    /// What closing the window does.
    pub on_close: CloseAction,
    /// The first close to the tray has been explained (shown once).
    pub close_explained: bool,
    /// Which desktop notifications the user asked for (all off until chosen).
    pub notifications: NotificationPrefs,
}

/// The languages WattDesk speaks (the vendor's market: English, German, French, Italian).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Language {
    #[default]
    En,
    De,
    Fr,
    It,
}

/// Closing the window either keeps WattDesk running in the tray (sessions, history and sharing go on)
/// or quits it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CloseAction {
    #[default]
    KeepRunning,
    Quit,
}

/// Desktop notifications, opt-in per kind. The same condition is not announced again within a
/// quiet period (see `alerts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NotificationPrefs {
    /// A meter has been offline for more than `offline_minutes`.
    pub offline: bool,
    pub offline_minutes: u32,
    /// A phase's supply voltage is below `low_voltage_volts`.
    pub low_voltage: bool,
    pub low_voltage_volts: u32,
    /// Another app took the meter's single live stream.
    pub stream_taken: bool,
    /// The current quarter hour is heading over the capacity limit of the electricity plan.
    pub peak: bool,
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        NotificationPrefs {
            offline: false,
            offline_minutes: 10,
            low_voltage: false,
            // EN 50160: 230 V − 10 %.
            low_voltage_volts: 207,
            stream_taken: false,
            peak: false,
        }
    }
}

/// The language the app speaks now and how it writes numbers and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LocaleInfo {
    pub language: Language,
    /// A BCP 47 tag for numbers, dates and currency: the computer's own when it is in the same
    /// language (de-DE, fr-BE), else the language's Swiss form (the vendor's market) or en-GB.
    pub format_tag: String,
    /// The computer's locale as the OS reports it, if any.
    pub system: Option<String>,
    /// What the user chose in Settings (`None`: follow the computer).
    pub choice: Option<Language>,
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

/// Whether WattDesk starts, in the tray, when the user logs in (the OS's own entry is the truth).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StartAtLogin {
    pub enabled: bool,
}
