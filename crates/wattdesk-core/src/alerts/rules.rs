//! The rules: per meter, what was seen, when each condition began and when each kind was last said.

use super::{Alert, AlertDetail, AlertKind};
use crate::ipc::{NotificationPrefs, SessionState};
use crate::live::session::SessionEvent;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// A phase must climb this far above the limit before a new low-voltage episode can begin (a voltage
/// hovering at the limit would otherwise start one with every reading).
const VOLTAGE_HYSTERESIS_V: f64 = 3.0;
/// Readings in a row below the limit before it counts (one dip is a motor starting, not the supply).
const LOW_READINGS: u32 = 3;
/// The quarter's projection is too uncertain in its first minutes.
const PEAK_AFTER_S: i64 = 120;
const QUARTER_S: i64 = 900;

#[derive(Default)]
struct MeterWatch {
    offline_since: Option<DateTime<Utc>>,
    offline_said: bool,
    preempted: bool,
    low: [u32; 3],
    low_episode: [bool; 3],
    /// The quarter hour (start, s) and the import counter at its first reading (kWh).
    quarter: Option<(i64, f64)>,
    peak_said_for: Option<i64>,
    said: HashMap<AlertKind, DateTime<Utc>>,
}

/// Every meter's conditions; feed it events and ticks, take the alerts it returns.
pub struct Watch {
    prefs: NotificationPrefs,
    quiet: Duration,
    limit_kw: Option<f64>,
    meters: HashMap<String, MeterWatch>,
}

impl Watch {
    /// `quiet`: the same kind is not said again for the same meter within this time.
    pub fn new(prefs: NotificationPrefs, quiet: Duration) -> Watch {
        Watch {
            prefs,
            quiet,
            limit_kw: None,
            meters: HashMap::new(),
        }
    }

    pub fn set_prefs(&mut self, prefs: NotificationPrefs) {
        self.prefs = prefs;
    }

    /// The quarter-hour limit from the electricity plan (`None`: no peak alerts).
    pub fn set_limit(&mut self, limit_kw: Option<f64>) {
        self.limit_kw = limit_kw.filter(|l| l.is_finite() && *l > 0.0);
    }

    /// A removed meter is forgotten.
    pub fn forget(&mut self, device_id: &str) {
        self.meters.remove(device_id);
    }

    fn enabled(&self, kind: AlertKind) -> bool {
        match kind {
            AlertKind::Offline => self.prefs.offline,
            AlertKind::LowVoltage => self.prefs.low_voltage,
            AlertKind::StreamTaken => self.prefs.stream_taken,
            AlertKind::Peak => self.prefs.peak,
        }
    }

    /// Says `detail` unless the kind is off or was said for this meter within the quiet period.
    fn say(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        kind: AlertKind,
        detail: AlertDetail,
    ) -> Option<Alert> {
        if !self.enabled(kind) {
            return None;
        }
        let quiet = self.quiet;
        let m = self.meters.entry(id.to_owned()).or_default();
        if m.said.get(&kind).is_some_and(|t| now - *t < quiet) {
            return None;
        }
        m.said.insert(kind, now);
        Some(Alert {
            kind,
            device_id: id.to_owned(),
            at: now,
            detail,
        })
    }

    /// One session event of meter `id` at `now`.
    pub fn event(&mut self, id: &str, ev: &SessionEvent, now: DateTime<Utc>) -> Vec<Alert> {
        let mut out = Vec::new();
        match ev {
            SessionEvent::State(state) => {
                let m = self.meters.entry(id.to_owned()).or_default();
                match state {
                    SessionState::Offline { .. } => {
                        m.offline_since.get_or_insert(now);
                    }
                    // Reconnect attempts in between do not end the outage; only data does.
                    SessionState::Connecting { .. } | SessionState::Stale { .. } => {}
                    _ => {
                        m.offline_since = None;
                        m.offline_said = false;
                    }
                }
                let preempted = matches!(state, SessionState::Preempted { .. });
                let began = preempted && !m.preempted;
                m.preempted = preempted;
                if began {
                    out.extend(self.say(id, now, AlertKind::StreamTaken, AlertDetail::StreamTaken));
                }
            }
            SessionEvent::Reading(r) => {
                let m = self.meters.entry(id.to_owned()).or_default();
                m.offline_since = None;
                m.offline_said = false;
                out.extend(self.voltage(id, &r.reading, now));
                out.extend(self.peak(id, &r.reading, now));
            }
            _ => {}
        }
        out
    }

    fn voltage(&mut self, id: &str, r: &whatwatt::Reading, now: DateTime<Utc>) -> Vec<Alert> {
        let limit = self.prefs.low_voltage_volts;
        let phases = [r.voltage_l1_v, r.voltage_l2_v, r.voltage_l3_v];
        let mut begun = Vec::new();
        let m = self.meters.entry(id.to_owned()).or_default();
        for (i, v) in phases.iter().enumerate() {
            // A phase reported as 0 V is absent (single-phase meters), not a blackout.
            let Some(v) = v.filter(|v| v.is_finite() && *v > 1.0) else {
                continue;
            };
            if v < f64::from(limit) {
                m.low[i] += 1;
                if m.low[i] >= LOW_READINGS && !m.low_episode[i] {
                    m.low_episode[i] = true;
                    begun.push((i, v));
                }
            } else {
                m.low[i] = 0;
                if v >= f64::from(limit) + VOLTAGE_HYSTERESIS_V {
                    m.low_episode[i] = false;
                }
            }
        }
        begun
            .into_iter()
            .filter_map(|(i, volts)| {
                self.say(
                    id,
                    now,
                    AlertKind::LowVoltage,
                    AlertDetail::LowVoltage {
                        phase: i as u8 + 1,
                        volts,
                        limit,
                    },
                )
            })
            .collect()
    }

    fn peak(&mut self, id: &str, r: &whatwatt::Reading, now: DateTime<Utc>) -> Option<Alert> {
        let limit_kw = self.limit_kw?;
        let counter = r.energy_import_kwh.filter(|c| c.is_finite())?;
        let at = r.timestamp.unwrap_or(now).timestamp();
        let start = at.div_euclid(QUARTER_S) * QUARTER_S;
        let m = self.meters.entry(id.to_owned()).or_default();
        let base = match m.quarter {
            Some((s, base)) if s == start && counter >= base => base,
            _ => {
                m.quarter = Some((start, counter));
                return None;
            }
        };
        let elapsed = at - start;
        if elapsed < PEAK_AFTER_S || m.peak_said_for == Some(start) {
            return None;
        }
        let power_kw = r.power_import_kw.unwrap_or(0.0).max(0.0);
        let remaining_h = (QUARTER_S - elapsed).max(0) as f64 / 3600.0;
        let projected_kw = ((counter - base) + power_kw * remaining_h) * 4.0;
        if projected_kw <= limit_kw {
            return None;
        }
        m.peak_said_for = Some(start);
        self.say(
            id,
            now,
            AlertKind::Peak,
            AlertDetail::Peak {
                projected_kw,
                limit_kw,
            },
        )
    }

    /// Time passed: outages longer than the user's limit are said.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Alert> {
        let after = Duration::minutes(i64::from(self.prefs.offline_minutes.max(1)));
        let due: Vec<(String, i64)> = self
            .meters
            .iter_mut()
            .filter_map(|(id, m)| {
                let since = m.offline_since?;
                (!m.offline_said && now - since >= after).then(|| {
                    m.offline_said = true;
                    (id.clone(), (now - since).num_minutes())
                })
            })
            .collect();
        due.into_iter()
            .filter_map(|(id, minutes)| {
                self.say(
                    &id,
                    now,
                    AlertKind::Offline,
                    AlertDetail::Offline {
                        minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
                    },
                )
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
