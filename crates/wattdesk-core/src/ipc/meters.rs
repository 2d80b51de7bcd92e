//! Saved meters as the Meters view shows them, and the request that adds one.

use super::live::{DayStart, Health, SessionState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub connection: Option<SessionState>,
    pub health: Option<Health>,
    /// Counters at the start of the day: "today so far" = live counter − these.
    pub today: Option<DayStart>,
    pub firmware: Option<String>,
    pub license: Option<String>,
    pub meter_status: Option<String>,
    /// ISO-8601 UTC.
    pub last_seen: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AddMeterRequest {
    pub address: String,
    pub password: Option<String>,
    pub name: Option<String>,
}
