//! Sharing (Settings › Sharing): the gateway that lets other programs read the meters through
//! WattDesk, its addresses, tokens and who is connected.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SharingClientKind {
    /// WattDesk's WebSocket (`/api/v1/ws`).
    WebSocket,
    /// A device-style live stream on a compatibility port (`/api/v1/live`).
    LiveStream,
}

/// A program connected right now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SharingClient {
    pub id: f64,
    /// `ip:port` it connects from.
    pub address: String,
    pub kind: SharingClientKind,
    /// The meter of a live stream (a WebSocket may follow several).
    pub meter: Option<String>,
    /// The name of the token it presented (`None`: none was needed).
    pub token: Option<String>,
    /// ISO-8601 UTC.
    pub since: String,
    pub messages: f64,
    /// Messages per second lately.
    pub messages_per_s: f64,
    /// Messages it missed because it read too slowly.
    pub lagged: f64,
}

/// A token as the list shows it (its value is shown once, when created).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SharingToken {
    pub id: String,
    pub name: String,
    /// ISO-8601 UTC.
    pub created: String,
}

/// A meter also answering like the device, on its own port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompatPort {
    pub meter: String,
    pub port: u16,
}

/// What the user chose (saved in `sharing.json`; token values live in the secret store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct SharingSettings {
    pub enabled: bool,
    /// Other devices on the network may connect (listens on every interface; needs a token).
    pub allow_lan: bool,
    /// WattDesk's own API.
    pub port: u16,
    pub compat: Vec<CompatPort>,
    /// Web pages from these origins (`http://host:port`) may call the gateway.
    pub allowed_origins: Vec<String>,
    /// Ask for a token from programs on this computer too.
    pub require_token: bool,
}

/// WattDesk's API port unless the user picks another.
pub const DEFAULT_SHARING_PORT: u16 = 8437;

impl Default for SharingSettings {
    fn default() -> SharingSettings {
        SharingSettings {
            enabled: false,
            allow_lan: false,
            port: DEFAULT_SHARING_PORT,
            compat: Vec::new(),
            allowed_origins: Vec::new(),
            require_token: false,
        }
    }
}

/// A compatibility listener that runs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CompatAddress {
    pub meter: String,
    pub name: String,
    pub url: String,
}

/// Settings › Sharing in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SharingStatus {
    pub settings: SharingSettings,
    pub tokens: Vec<SharingToken>,
    pub running: bool,
    /// `http://host:port` of WattDesk's API while it runs.
    pub api_url: Option<String>,
    pub compat: Vec<CompatAddress>,
    /// Why sharing is not running although it is on (a port in use, …).
    pub problem: Option<String>,
    pub clients: Vec<SharingClient>,
}

/// A token just created: its value, shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NewSharingToken {
    pub token: SharingToken,
    pub value: String,
}
