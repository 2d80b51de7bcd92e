//! The meter link status the device reports (`.meter.status`, CSV `MSTAT`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MeterStatus {
    NotConnected,
    NoData,
    Recognition,
    Ok,
    EncryptionKey,
    KeyRequired,
    NotRecognized,
    /// CSV spells the initial state `NO INIT`.
    NoInit,
    /// A status newer firmware may add.
    Other(String),
}

impl MeterStatus {
    pub fn parse(s: &str) -> MeterStatus {
        match s.trim().to_ascii_uppercase().as_str() {
            "NOT CONNECTED" => MeterStatus::NotConnected,
            "NO DATA" => MeterStatus::NoData,
            "RECOGNITION" => MeterStatus::Recognition,
            "OK" => MeterStatus::Ok,
            "ENCRYPTION KEY" => MeterStatus::EncryptionKey,
            "KEY REQUIRED" => MeterStatus::KeyRequired,
            "NOT RECOGNIZED" => MeterStatus::NotRecognized,
            "NO INIT" => MeterStatus::NoInit,
            other => MeterStatus::Other(other.to_owned()),
        }
    }

    /// The device's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            MeterStatus::NotConnected => "NOT CONNECTED",
            MeterStatus::NoData => "NO DATA",
            MeterStatus::Recognition => "RECOGNITION",
            MeterStatus::Ok => "OK",
            MeterStatus::EncryptionKey => "ENCRYPTION KEY",
            MeterStatus::KeyRequired => "KEY REQUIRED",
            MeterStatus::NotRecognized => "NOT RECOGNIZED",
            MeterStatus::NoInit => "NO INIT",
            MeterStatus::Other(s) => s,
        }
    }
}
