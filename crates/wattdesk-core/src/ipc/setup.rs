//! Setting up a new meter: what the wizard asks for, what it is told while a setup runs, and what
//! it can continue after the window or the app closed.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use whatwatt::Secret;

use super::Said;

/// A setup to run, as the wizard collected it. Secrets travel only in here and in the secret store.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SetupRequest {
    /// Where the device answers now: its access point's address, or its address on the home network.
    pub address: String,
    pub network: SetupNetwork,
    #[ts(type = "string | null")]
    pub meter_key: Option<Secret>,
    #[ts(type = "string | null")]
    pub auth_key: Option<Secret>,
    /// The device password to set; `null` leaves the device open (the setup warns).
    #[ts(type = "string | null")]
    pub password: Option<Secret>,
    pub name: Option<String>,
    pub report_interval_s: Option<u32>,
    /// The meter's interface and protocol chosen by hand, for a meter the device does not recognise
    /// by itself (`NOT RECOGNIZED`); `null` keeps the device's automatic detection.
    #[serde(default)]
    pub meter_interface: Option<MeterInterfaceRequest>,
}

/// Interface and protocol as the docs name them (meter-comm: `if_type`, `protocol`).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MeterInterfaceRequest {
    pub if_type: String,
    pub protocol: String,
}

/// How the device joins the home network.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SetupNetwork {
    /// On the network already: start at the meter.
    Keep,
    Wifi {
        ssid: String,
        #[ts(type = "string | null")]
        password: Option<Secret>,
        static_ip: Option<StaticIpRequest>,
        /// Transmit power in dBm (0..21 in 0.5 steps); `null` keeps the device's (17 by default).
        #[serde(default)]
        max_tx_power: Option<f64>,
    },
    Wps,
    Ethernet {
        static_ip: Option<StaticIpRequest>,
    },
}

/// A fixed address as typed (checked in the core).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct StaticIpRequest {
    pub ip: String,
    pub netmask: String,
    pub gateway: String,
    pub dns: String,
}

/// A Wi-Fi network the device can see, strongest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WifiChoice {
    /// Empty for a hidden network (join it by typing its name).
    pub ssid: String,
    pub hidden: bool,
    /// 0 (none) to 4 bars, from the signal strength.
    pub bars: u8,
    pub rssi_dbm: Option<i32>,
    /// Needs a password (anything but an open network).
    pub secured: bool,
    /// The router offers WPS.
    pub wps: bool,
    /// As the device reports it (e.g. `WPA2-WPA3`), for the details.
    pub auth_mode: Option<String>,
}

/// The device the wizard is about to set up, as it answered (step 1), with what it sees around it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SetupScan {
    pub device: SetupDevice,
    /// Wi-Fi networks the device sees, strongest first; empty when it could not be asked (a
    /// protected device before its password is given).
    pub networks: Vec<WifiChoice>,
}

/// Facts about a device, for the wizard's first screen.
#[derive(Debug, Clone, PartialEq, Default, Serialize, TS)]
#[ts(export)]
pub struct SetupDevice {
    /// Upper-case; empty when the device asked for its password first.
    pub device_id: String,
    pub model: Option<String>,
    pub firmware: Option<String>,
    /// `FREE` or `PLUS`.
    pub license: Option<String>,
    /// "its own Wi-Fi", "Wi-Fi <ssid>", "network cable".
    pub network: String,
    /// It answers from its own access point (a device fresh out of the box).
    pub on_access_point: bool,
    pub meter_status: Option<String>,
    /// Powered by the meter alone (USB below 4 V): keep transmit power and report rate low.
    pub meter_powered: bool,
    /// It asked for its password: set up before.
    pub protected: bool,
    /// A saved meter: WattDesk logs in with the password it keeps (no need to type it).
    pub password_saved: bool,
}

/// A whatwatt Go found without typing an address: the computer's default gateway (on the device's
/// own Wi-Fi the device is the gateway) or an mDNS advertisement.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SetupCandidate {
    pub address: String,
    /// Upper-case; empty when a protected device answered without saying.
    pub device_id: String,
    pub found_by: FoundBy,
    pub on_access_point: bool,
    pub meter_status: Option<String>,
    /// A meter saved in WattDesk already.
    pub saved: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FoundBy {
    Gateway,
    Mdns,
}

/// The steps of a setup, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SetupStep {
    Device,
    Network,
    Join,
    Meter,
    Protect,
    Name,
    Licence,
    Done,
}

/// What a setup run is doing, as it happens (the CLI prints one JSON line per item).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SetupProgress {
    /// A step begins: `message` in English, `said` for the window.
    Step {
        step: SetupStep,
        message: String,
        said: Said,
    },
    /// The device as it answered.
    Device {
        device_id: String,
        model: Option<String>,
        firmware: Option<String>,
        license: Option<String>,
        /// "its own Wi-Fi", "Wi-Fi <ssid>", "network cable".
        network: String,
        meter_status: Option<String>,
    },
    /// Still waiting for the device: how long so far, and how long at most (seconds).
    Waiting {
        step: SetupStep,
        message: String,
        #[ts(type = "number")]
        elapsed_s: u64,
        #[ts(type = "number")]
        limit_s: u64,
    },
    /// The meter link changed; what to do about it.
    MeterStatus {
        status: String,
        advice: String,
        said: Said,
    },
    /// Something the user should know that does not stop the setup.
    Warning { message: String, said: Said },
}

/// The end of a successful setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SetupDone {
    pub device_id: String,
    /// `http://host:port`, where the saved meter is reached.
    pub address: String,
    pub meter_status: String,
    pub name: String,
}

/// A setup left half way: which device, its last step, every address it answered at. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedSetup {
    pub device_id: String,
    /// The last step that began.
    pub step: SetupStep,
    /// Where the device answered last: continue there.
    pub address: String,
    /// Every address it answered at, oldest first (its access point, then the home network).
    pub addresses: Vec<String>,
    /// When this was written (ms since the epoch).
    #[ts(type = "number")]
    pub updated_ms: i64,
}
