//! `GET /api/v1/report` (PLUS): the latest parsed meter report. Units as the device sends them:
//! power kW / kvar / kVA, energy kWh / kvarh, voltage V, current A.

use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportEnvelope {
    pub report: Option<Report>,
    pub meter: Option<ReportMeter>,
    pub system: Option<ReportSystem>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// Incremented per meter report since boot; used to drop duplicates.
    #[serde(with = "As::<Lenient>")]
    pub id: Option<u64>,
    /// Seconds since the previous report.
    #[serde(with = "As::<Lenient>")]
    pub interval: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub tariff: Option<u32>,
    /// Documented as local time, yet real devices suffix it with `Z` (the example shows
    /// `14:26:10Z` next to `date_time_utc` `12:26:10Z`). It is therefore never trusted as UTC.
    #[serde(with = "As::<Lenient>")]
    pub date_time: Option<String>,
    /// Local time with offset, e.g. `2025-10-07T14:26:10+02:00`.
    #[serde(with = "As::<Lenient>")]
    pub date_time_local: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub date_time_utc: Option<String>,
    pub instantaneous_power: Option<InstantaneousPower>,
    pub voltage: Option<PhaseValues>,
    pub current: Option<PhaseValues>,
    pub energy: Option<Energy>,
    pub max_demand: Option<MaxDemand>,
    #[serde(with = "As::<Lenient>")]
    pub power_factor: Option<f64>,
    /// Informational: the device has already multiplied power, energy and current by it.
    #[serde(with = "As::<Lenient>")]
    pub conv_factor: Option<f64>,
    #[serde(
        deserialize_with = "super::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub volume: Vec<Volume>,
}

/// A quantity per phase plus its total; single-phase meters leave L2/L3 out or send zeros.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhaseValues {
    #[serde(with = "As::<Lenient>")]
    pub total: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub l1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub l2: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub l3: Option<f64>,
}

impl PhaseValues {
    pub fn phases(&self) -> [Option<f64>; 3] {
        [self.l1, self.l2, self.l3]
    }
}

/// A counter in total and per tariff.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TariffValues {
    #[serde(with = "As::<Lenient>")]
    pub total: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub t1: Option<f64>,
    #[serde(with = "As::<Lenient>")]
    pub t2: Option<f64>,
}

/// Import (`positive`, A+/Q+) and export (`negative`, A-/Q-) sides of a quantity.
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Directions<T> {
    pub positive: Option<T>,
    pub negative: Option<T>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstantaneousPower {
    pub active: Option<Directions<PhaseValues>>,
    pub reactive: Option<Directions<PhaseValues>>,
    pub apparent: Option<PhaseValues>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Energy {
    pub active: Option<Directions<TariffValues>>,
    pub reactive: Option<ReactiveEnergy>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReactiveEnergy {
    pub positive: Option<TariffValues>,
    pub negative: Option<TariffValues>,
    pub imported: Option<Quadrants>,
    pub exported: Option<Quadrants>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quadrants {
    pub inductive: Option<TariffValues>,
    pub capacitive: Option<TariffValues>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaxDemand {
    pub active: Option<Directions<TariffValues>>,
}

/// A sub-meter on the bus (gas, water, heat).
#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    #[serde(with = "As::<Lenient>")]
    pub bus: Option<u32>,
    #[serde(with = "As::<Lenient>")]
    pub meter_id: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub date_time: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub cumulative: Option<f64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportMeter {
    #[serde(with = "As::<Lenient>")]
    pub status: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub interface: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub protocol: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub protocol_version: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub logical_name: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub id: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub model: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub vendor: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub prefix: Option<String>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportSystem {
    #[serde(with = "As::<Lenient>")]
    pub id: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub date_time: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub date_time_local: Option<String>,
    #[serde(with = "As::<Lenient>")]
    pub date_time_utc: Option<String>,
    /// Changes on every reboot.
    #[serde(with = "As::<Lenient>")]
    pub boot_id: Option<String>,
    /// Seconds since boot.
    #[serde(with = "As::<Lenient>")]
    pub time_since_boot: Option<f64>,
}
