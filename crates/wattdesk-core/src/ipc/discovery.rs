//! Meters found on the network or identified at an address.

use serde::Serialize;
use ts_rs::TS;

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
    Device {
        device: DiscoveredView,
    },
    NeedsPassword,
    WrongPassword,
    /// It asks for the password in clear text (HTTP Basic) where WattDesk does not send it so.
    BasicRefused,
    NotWhatwatt {
        detail: String,
    },
    /// No device on the network has that name.
    UnknownHost {
        host: String,
    },
    Unreachable {
        detail: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum DiscoveryEvent {
    Found { device: DiscoveredView },
    Lost { device_id: String },
}
