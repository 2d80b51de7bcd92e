//! History as the UI sees it: buckets of a range, the gaps in it, totals with costs, the
//! 15-minute peaks, tariff plans, the store's state and what a backfill or an export did.
//! Instants cross as UTC milliseconds (numbers) and ISO-8601 strings for people.

use super::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What to read: one meter (device id) or the household (every saved meter), a range and a bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryRequest {
    /// A device id, or `None` for the household total.
    pub meter: Option<String>,
    /// UTC ms, inclusive.
    pub from_ms: f64,
    /// UTC ms, exclusive.
    pub to_ms: f64,
    /// `1m`, `15m`, `1h`, `1d`, `1w`, `1mo`, `1y`; `None`: the finest that gives at most ~2,000.
    pub bucket: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryBucket {
    pub start_ms: f64,
    pub end_ms: f64,
    pub import_kwh: Option<f64>,
    pub export_kwh: Option<f64>,
    pub import_t1_kwh: Option<f64>,
    pub import_t2_kwh: Option<f64>,
    pub export_t1_kwh: Option<f64>,
    pub export_t2_kwh: Option<f64>,
    /// Net power (import − export), kW.
    pub power_mean_kw: Option<f64>,
    pub power_min_kw: Option<f64>,
    pub power_max_kw: Option<f64>,
    pub readings: f64,
    /// `live`, `device_log` (filled from the reader's SD card) or `mixed`.
    pub source: String,
    /// What the bucket's energy cost (import at its price, minus export credit), when a plan covers it.
    pub cost: Option<f64>,
}

/// Why a stretch has no readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GapReason {
    NotRecording,
    Offline,
    Reboot,
    CounterReset,
    StreamTaken,
}

impl GapReason {
    pub const ALL: [GapReason; 5] = [
        GapReason::NotRecording,
        GapReason::Offline,
        GapReason::Reboot,
        GapReason::CounterReset,
        GapReason::StreamTaken,
    ];

    /// The name stored in the history file (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            GapReason::NotRecording => "not_recording",
            GapReason::Offline => "offline",
            GapReason::Reboot => "reboot",
            GapReason::CounterReset => "counter_reset",
            GapReason::StreamTaken => "stream_taken",
        }
    }

    pub fn from_code(code: &str) -> Option<GapReason> {
        GapReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryGap {
    pub start_ms: f64,
    pub end_ms: f64,
    pub reason: GapReason,
    /// Rows the reader's SD-card log filled in.
    pub filled_rows: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryAnswer {
    pub bucket: String,
    /// The zone days were cut in (IANA name).
    pub zone: String,
    pub buckets: Vec<HistoryBucket>,
    pub gaps: Vec<HistoryGap>,
    pub totals: HistoryTotals,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryTotals {
    pub import_kwh: f64,
    pub export_kwh: f64,
    pub import_t1_kwh: Option<f64>,
    pub import_t2_kwh: Option<f64>,
    /// Buckets with readings from the SD card.
    pub from_device_log: f64,
    pub costs: Option<CostBreakdown>,
}

/// One priced line of a bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CostLine {
    /// Which line this is: the window words it in the user's language from this.
    pub kind: CostLineKind,
    /// Plain English name ("Energy at high tariff", "Energy T1"), for scripts and logs.
    pub label: String,
    pub kwh: f64,
    /// Price per kWh (an average where the price changed inside the range).
    pub price_per_kwh: f64,
    pub amount: f64,
}

/// The energy lines a bill can have, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CostLineKind {
    /// One price for all energy.
    Energy,
    /// Priced by register but the meter has no T1/T2 counters: all at the T1 price.
    EnergyUnsplit,
    EnergyT1,
    EnergyT2,
    /// Priced by a schedule of high-tariff hours.
    EnergyHigh,
    EnergyLow,
}

impl CostLineKind {
    /// Its words in the UI catalogue (the window shows them in the user's language).
    pub fn message_key(self) -> &'static str {
        match self {
            CostLineKind::Energy => "history_cost_line_energy",
            CostLineKind::EnergyUnsplit => "history_cost_line_energy_unsplit",
            CostLineKind::EnergyT1 => "history_cost_line_energy_t1",
            CostLineKind::EnergyT2 => "history_cost_line_energy_t2",
            CostLineKind::EnergyHigh => "history_cost_line_energy_high",
            CostLineKind::EnergyLow => "history_cost_line_energy_low",
        }
    }

    /// Its English name, from the same catalogue.
    pub fn label(self) -> String {
        crate::i18n::t(Language::En, self.message_key(), &[])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CostBreakdown {
    pub currency: String,
    pub energy: Vec<CostLine>,
    pub fixed_fee: f64,
    pub export_kwh: f64,
    /// Money back for export (a positive number, subtracted in the total).
    pub export_credit: f64,
    pub vat: f64,
    pub total: f64,
    /// Imported kWh no plan covered (before the first plan's start).
    pub unpriced_kwh: f64,
    /// Plans that priced part of the range.
    pub plans: Vec<String>,
}

/// Hours of the high tariff on some weekdays (`days`: 1 = Monday … 7 = Sunday; hours local,
/// `from_hour` inclusive, `to_hour` exclusive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HighHours {
    pub days: Vec<u8>,
    pub from_hour: u8,
    pub to_hour: u8,
}

/// How imported energy is priced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum EnergyPricing {
    Flat {
        price_per_kwh: f64,
    },
    /// By the meter's own tariff registers (T1, T2).
    Registers {
        t1_per_kwh: f64,
        t2_per_kwh: f64,
    },
    /// By a time schedule: high during `high_hours`, low otherwise.
    Schedule {
        high_per_kwh: f64,
        low_per_kwh: f64,
        high_hours: Vec<HighHours>,
    },
}

/// A price plan from a date on (a new plan never rewrites the past).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TariffPlan {
    pub name: String,
    /// `YYYY-MM-DD`, local: the plan prices energy from this day until the next plan starts.
    pub valid_from: String,
    /// ISO 4217 (CHF, EUR, …).
    pub currency: String,
    pub energy: EnergyPricing,
    pub export_credit_per_kwh: f64,
    pub fixed_fee_per_month: f64,
    /// VAT in percent on energy and fee (not on export credit); `None` when prices include it.
    pub vat_pct: Option<f64>,
}

/// The capacity rule the peak card applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CapacityRule {
    /// A month's peak counts at least this (Flanders: 2.5 kW).
    pub floor_kw: f64,
    /// Price per kW and year of the rolling 12-month average, if the user knows it.
    pub price_per_kw_year: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub struct TariffSettings {
    pub plans: Vec<TariffPlan>,
    /// Warn while the current quarter hour heads over this average (kW).
    pub quarter_limit_kw: Option<f64>,
    pub capacity: Option<CapacityRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MonthPeak {
    /// `YYYY-MM`.
    pub month: String,
    /// Highest quarter-hour average import (kW) and when that quarter started (UTC ms).
    pub peak_kw: f64,
    pub at_ms: f64,
    /// What the capacity rule counts (the peak, at least the floor).
    pub counted_kw: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct QuarterNow {
    pub start_ms: f64,
    pub elapsed_s: f64,
    pub import_kwh: f64,
    /// The quarter's average if the present import power holds to its end.
    pub projected_kw: f64,
    pub limit_kw: Option<f64>,
    pub heading_over: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeakSummary {
    /// The last twelve months, oldest first (months without data left out).
    pub months: Vec<MonthPeak>,
    /// Average of the counted monthly peaks of those months (the Flanders rule).
    pub rolling_average_kw: Option<f64>,
    pub floor_kw: f64,
    /// Per year at the rule's price, if set.
    pub yearly_cost: Option<f64>,
    pub quarter: Option<QuarterNow>,
}

/// The store's health for Settings and the history view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryStatus {
    pub path: String,
    /// Why readings are not being stored right now, in plain words.
    pub problem: Option<String>,
    pub raw_days: u32,
    pub readings_stored: f64,
    pub readings_lost: f64,
    pub size_bytes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackfillSummary {
    pub files_seen: u32,
    pub files_read: u32,
    pub rows: f64,
    pub applied: f64,
    pub already: f64,
    pub covered: f64,
    pub unfit: f64,
    pub note: Option<String>,
}

/// Progress of a CSV export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    /// 0..1
    pub fraction: f64,
    pub rows: f64,
    pub done: bool,
    /// Where it went (set when done).
    pub file: Option<String>,
}

/// One point of a live chart's past: net power (kW) at an instant (UTC ms).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PowerPoint {
    pub t_ms: f64,
    pub kw: f64,
}
