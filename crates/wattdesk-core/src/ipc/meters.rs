//! Saved meters as the Meters view shows them, and the request that adds one.

use super::live::{DayStart, Health, SessionState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use whatwatt::Secret;

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
    /// The meter no longer answers at its address, and a device advertising its id was found here:
    /// the user is asked whether to use it (`accept_meter_address`).
    pub moved_to: Option<String>,
    /// The meter's clock offset from UTC in seconds (from its readings), for showing times in the
    /// meter's zone.
    pub utc_offset_s: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AddMeterRequest {
    pub address: String,
    #[ts(type = "string | null")]
    pub password: Option<Secret>,
    pub name: Option<String>,
}
