//! The types the UI sees. TypeScript bindings are generated from these (ts-rs) into
//! `ui/src/lib/bindings/` by `cargo test`; CI fails when the committed copies are stale.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub demo_running: bool,
}

/// A saved meter as the Meters view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MeterView {
    pub device_id: String,
    pub name: String,
    pub host_name: Option<String>,
    /// `host:port`.
    pub address: String,
    pub demo: bool,
    pub has_password: bool,
    /// `None` until the first check.
    pub online: Option<bool>,
    /// What the meter's live session is doing.
    pub connection: Option<crate::session::SessionState>,
    pub health: Option<crate::session::Health>,
    /// Counters at the start of the day: "today so far" = live counter − these.
    pub today: Option<crate::supervisor::DayStart>,
    pub firmware: Option<String>,
    pub license: Option<String>,
    pub meter_status: Option<String>,
    /// ISO-8601 UTC.
    pub last_seen: Option<String>,
}

/// A meter found on the network (or identified by a probe).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DiscoveredView {
    pub device_id: String,
    pub instance_name: String,
    pub host_name: String,
    /// `host:port` to connect to.
    pub address: String,
    pub addresses: Vec<String>,
    pub port: u16,
    pub firmware: Option<String>,
    pub license: Option<String>,
    pub meter_status: Option<String>,
    pub model: Option<String>,
    pub needs_password: bool,
    pub saved: bool,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ProbeView {
    Device { device: DiscoveredView },
    NeedsPassword,
    WrongPassword,
    NotWhatwatt { detail: String },
    Unreachable { detail: String },
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AddMeterRequest {
    pub address: String,
    pub password: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum DiscoveryEvent {
    Found { device: DiscoveredView },
    Lost { device_id: String },
}
