//! `GET /api/v1/report` (PLUS): the latest parsed meter report. Units as the device sends them:
//! power kW / kvar / kVA, energy kWh / kvarh, voltage V, current A.

use crate::lenient::{opt_f64, opt_string, opt_u32, opt_u64};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportEnvelope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meter: Option<ReportMeter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<ReportSystem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// Incremented per meter report since boot; used to drop duplicates.
    #[serde(deserialize_with = "opt_u64", skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// Seconds since the previous report.
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub interval: Option<f64>,
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub tariff: Option<u32>,
    /// Documented as local time, yet real devices suffix it with `Z` (the example shows
    /// `14:26:10Z` next to `date_time_utc` `12:26:10Z`). It is therefore never trusted as UTC.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time: Option<String>,
    /// Local time with offset, e.g. `2025-10-07T14:26:10+02:00`.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time_local: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time_utc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instantaneous_power: Option<InstantaneousPower>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voltage: Option<PhaseValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<PhaseValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub energy: Option<Energy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_demand: Option<MaxDemand>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub power_factor: Option<f64>,
    /// Informational: the device has already multiplied power, energy and current by it.
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub conv_factor: Option<f64>,
    #[serde(
        deserialize_with = "super::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub volume: Vec<Volume>,
}

/// A quantity per phase plus its total; single-phase meters leave L2/L3 out or send zeros.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhaseValues {
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub l1: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub l2: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub l3: Option<f64>,
}

impl PhaseValues {
    pub fn phases(&self) -> [Option<f64>; 3] {
        [self.l1, self.l2, self.l3]
    }
}

/// A counter in total and per tariff.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TariffValues {
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub t1: Option<f64>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub t2: Option<f64>,
}

/// Import (`positive`, A+/Q+) and export (`negative`, A-/Q-) sides of a quantity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Directions<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative: Option<T>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstantaneousPower {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<Directions<PhaseValues>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reactive: Option<Directions<PhaseValues>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apparent: Option<PhaseValues>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Energy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<Directions<TariffValues>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reactive: Option<ReactiveEnergy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReactiveEnergy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive: Option<TariffValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negative: Option<TariffValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<Quadrants>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exported: Option<Quadrants>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quadrants {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inductive: Option<TariffValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacitive: Option<TariffValues>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaxDemand {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<Directions<TariffValues>>,
}

/// A sub-meter on the bus (gas, water, heat).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    #[serde(deserialize_with = "opt_u32", skip_serializing_if = "Option::is_none")]
    pub bus: Option<u32>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub meter_id: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time: Option<String>,
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub cumulative: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportMeter {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub interface: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol_version: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub logical_name: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub vendor: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportSystem {
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time_local: Option<String>,
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time_utc: Option<String>,
    /// Changes on every reboot.
    #[serde(
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub boot_id: Option<String>,
    /// Seconds since boot.
    #[serde(deserialize_with = "opt_f64", skip_serializing_if = "Option::is_none")]
    pub time_since_boot: Option<f64>,
}
