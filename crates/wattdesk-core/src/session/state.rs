//! What a meter's connection is doing, as the user sees it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How readings arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Transport {
    /// SSE `/api/v1/live` (works on FREE).
    Sse,
    /// REST polling of `/api/v1/report` (PLUS).
    Poll,
    /// The device's MQTT publisher through the user's broker (PLUS).
    Mqtt,
}

/// Which transport the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TransportChoice {
    /// SSE first; MQTT (when set up) while the stream is taken by another app or the device cannot
    /// be reached from here; polling last, when the licence allows it.
    #[default]
    Auto,
    Sse,
    Poll,
    Mqtt,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionState {
    Connecting {
        attempt: u32,
    },
    Live {
        transport: Transport,
    },
    /// No reading for longer than expected; a reconnect follows.
    Stale {
        transport: Transport,
        silent_s: f64,
    },
    /// Another client (the device's Web UI, a Homey, another WattDesk) holds the single live stream.
    Preempted {
        fallback: Option<Transport>,
        #[ts(type = "number")]
        retry_in_s: u64,
    },
    NeedsPassword,
    WrongPassword,
    /// The chosen transport needs PLUS.
    LicenseRequired {
        detail: String,
    },
    Offline {
        #[ts(type = "number")]
        retry_in_s: u64,
        reason: String,
    },
    Stopped,
}

impl SessionState {
    pub fn is_live(&self) -> bool {
        matches!(self, SessionState::Live { .. })
    }
}
