//! The transport inspector: what each transport delivered, and side-by-side comparisons.

use super::live::Transport;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TransportFigures {
    pub transport: Transport,
    #[ts(type = "number")]
    pub readings: u64,
    /// Mean time between readings.
    pub mean_interval_s: Option<f64>,
    pub bytes_per_reading: Option<f64>,
    /// Median of (received − device timestamp). The device stamps whole seconds, so this carries
    /// up to a second of rounding; its clock may also be off (NTP).
    pub latency_ms_p50: Option<f64>,
    #[ts(type = "number")]
    pub errors: u64,
    pub last_error: Option<String>,
    /// Why this transport gave nothing (not set up, needs PLUS, taken by another client...).
    pub note: Option<String>,
}

/// A side-by-side measurement of the meter's transports.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Comparison {
    #[ts(type = "number")]
    pub seconds: u64,
    pub rows: Vec<TransportFigures>,
    /// Which transport suits this meter and why, in one sentence.
    pub conclusion: String,
}
