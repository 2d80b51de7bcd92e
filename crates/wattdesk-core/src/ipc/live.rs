//! Live data as the UI sees it: the session's state and transport, device health, readings in
//! batches for the charts, undecodable payloads, and the day's counter baseline.

use super::app::TimeZoneChoice;
use super::Said;
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
    /// The meter asked for its password in clear text (HTTP Basic) after it used Digest before:
    /// possibly another device in its place. Nothing was sent; the user decides.
    BasicRefused,
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

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Health {
    pub meter_status: Option<String>,
    pub interface: Option<String>,
    /// Seconds between meter reports.
    pub report_interval_s: Option<f64>,
    pub wifi_rssi_dbm: Option<i32>,
    pub wifi_signal_pct: Option<u32>,
    /// Super-capacitor voltage, V.
    pub v_scap: Option<f64>,
    /// `v_scap` below 4.5 V: the device may brown out on M-Bus power (docs: power-and-wifi).
    pub scap_low: bool,
    #[ts(type = "number | null")]
    pub uptime_s: Option<u64>,
    /// Reboots seen while WattDesk watched (uptime went backwards).
    pub reboots_seen: u32,
    pub firmware: Option<String>,
    pub license: Option<String>,
    pub mqtt_enabled: Option<bool>,
    pub mqtt_connected: Option<bool>,
    /// Why WattDesk asks this reader less often (runs on the meter's power, low reserve), with the
    /// pace it chose; `None` at the normal pace. In English; `gentle_said` for the window.
    pub gentle: Option<String>,
    pub gentle_said: Option<Said>,
}

/// A payload that did not decode. Counted and the last one kept; the session goes on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PayloadProblem {
    pub transport: Transport,
    /// Malformed payloads seen by this session so far.
    #[ts(type = "number")]
    pub count: u64,
    pub reason: String,
    /// The start of the payload (secrets cannot be in it: it is what the meter published).
    pub snippet: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// ISO-8601 UTC.
    pub at: String,
}

/// The energy counters at the first reading of the (device-local) day, so "today so far" is a
/// counter delta. `partial` when that reading came well after midnight (WattDesk was not running),
/// so the delta undercounts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DayStart {
    /// `YYYY-MM-DD` in `zone`.
    pub date: String,
    pub import_kwh: f64,
    pub export_kwh: f64,
    /// Wall-clock time of the baseline reading in `zone`, `HH:MM:SS`.
    pub since: String,
    /// The baseline reading's instant, ms since the epoch (the UI formats it in the chosen zone).
    #[ts(type = "number")]
    pub since_ms: i64,
    /// The zone the day is cut in.
    pub zone: TimeZoneChoice,
    pub partial: bool,
}

/// One reading as the charts need it. Units in the names; `null` = not provided by the meter.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LiveSample {
    pub transport: Transport,
    /// Device time of the report, ms since the epoch (UTC), if known.
    #[ts(type = "number | null")]
    pub device_ms: Option<i64>,
    /// When WattDesk received it, ms since the epoch.
    #[ts(type = "number")]
    pub received_ms: i64,
    #[ts(type = "number | null")]
    pub report_id: Option<u64>,
    pub tariff: Option<u32>,
    pub power_import_kw: Option<f64>,
    pub power_export_kw: Option<f64>,
    /// Net power per phase, import positive (kW).
    pub power_l1_kw: Option<f64>,
    pub power_l2_kw: Option<f64>,
    pub power_l3_kw: Option<f64>,
    pub voltage_l1_v: Option<f64>,
    pub voltage_l2_v: Option<f64>,
    pub voltage_l3_v: Option<f64>,
    pub current_l1_a: Option<f64>,
    pub current_l2_a: Option<f64>,
    pub current_l3_a: Option<f64>,
    pub power_factor: Option<f64>,
    pub energy_import_kwh: Option<f64>,
    pub energy_import_t1_kwh: Option<f64>,
    pub energy_import_t2_kwh: Option<f64>,
    pub energy_export_kwh: Option<f64>,
    pub energy_export_t1_kwh: Option<f64>,
    pub energy_export_t2_kwh: Option<f64>,
}

/// One channel message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LiveBatch {
    /// 1, 2, 3 … per subscription; a jump means messages were lost on the way.
    #[ts(type = "number")]
    pub seq: u64,
    pub samples: Vec<LiveSample>,
    /// Readings this subscriber missed because it was too slow (since the previous batch).
    #[ts(type = "number")]
    pub dropped: u64,
}

impl SessionState {
    pub fn is_live(&self) -> bool {
        matches!(self, SessionState::Live { .. })
    }
}
