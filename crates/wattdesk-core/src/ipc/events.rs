//! The rare events the app pushes to the UI (`listen(name)`), each name with its payload. Streams of
//! readings go through channels (`subscribe_live`), not events.

use super::discovery::DiscoveryEvent;
use super::meters::MeterView;
use serde::Serialize;
use ts_rs::TS;

/// Never sent as a whole: each field is one event, its name the field's name as serialized, its
/// payload the field's type. Exported to TypeScript so `on(name, handler)` is typed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EventPayloads {
    /// A meter appeared on or left the network.
    pub discovery: DiscoveryEvent,
    /// The saved meters or what the Meters view shows of them changed.
    #[serde(rename = "meters-changed")]
    pub meters_changed: Vec<MeterView>,
    /// A meter's history gained rows from its SD card (the device id): open history views ask again.
    #[serde(rename = "history-filled")]
    pub history_filled: String,
}

impl EventPayloads {
    pub const DISCOVERY: &'static str = "discovery";
    pub const METERS_CHANGED: &'static str = "meters-changed";
    pub const HISTORY_FILLED: &'static str = "history-filled";
}
