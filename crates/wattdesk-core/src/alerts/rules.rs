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
mod tests {
    use super::*;
    use crate::ipc::Transport;
    use crate::live::session::TimedReading;
    use std::sync::Arc;

    fn all_on() -> NotificationPrefs {
        NotificationPrefs {
            offline: true,
            low_voltage: true,
            stream_taken: true,
            peak: true,
            ..NotificationPrefs::default()
        }
    }

    fn t0() -> DateTime<Utc> {
        // A quarter-hour boundary (1_764_000_000 is one).
        DateTime::from_timestamp(1_764_000_000, 0).unwrap()
    }

    fn reading(at: DateTime<Utc>, f: impl FnOnce(&mut whatwatt::Reading)) -> SessionEvent {
        let mut reading = whatwatt::Reading {
            timestamp: Some(at),
            ..Default::default()
        };
        f(&mut reading);
        SessionEvent::Reading(Arc::new(TimedReading {
            reading,
            transport: Transport::Sse,
            received: at,
            bytes: 0,
        }))
    }

    fn offline() -> SessionEvent {
        SessionEvent::State(SessionState::Offline {
            retry_in_s: 5,
            reason: "no answer".into(),
        })
    }

    #[test]
    fn offline_said_once_after_the_limit_and_again_only_after_quiet() {
        let mut w = Watch::new(all_on(), Duration::hours(1));
        let t = t0();
        assert!(w.event("a", &offline(), t).is_empty());
        assert!(w.tick(t + Duration::minutes(9)).is_empty());
        let said = w.tick(t + Duration::minutes(10));
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].detail, AlertDetail::Offline { minutes: 10 });
        assert!(w.tick(t + Duration::minutes(30)).is_empty(), "same outage");
        // Back, then away again within the quiet hour: not said again.
        w.event(
            "a",
            &reading(t + Duration::minutes(31), |_| {}),
            t + Duration::minutes(31),
        );
        w.event("a", &offline(), t + Duration::minutes(32));
        assert!(w.tick(t + Duration::minutes(50)).is_empty());
        // A new outage after the quiet period is said.
        w.event(
            "a",
            &reading(t + Duration::minutes(80), |_| {}),
            t + Duration::minutes(80),
        );
        w.event("a", &offline(), t + Duration::minutes(81));
        assert_eq!(w.tick(t + Duration::minutes(95)).len(), 1);
    }

    #[test]
    fn reconnect_attempts_do_not_end_an_outage_and_off_means_silent() {
        let mut w = Watch::new(all_on(), Duration::hours(1));
        let t = t0();
        w.event("a", &offline(), t);
        w.event(
            "a",
            &SessionEvent::State(SessionState::Connecting { attempt: 2 }),
            t + Duration::minutes(5),
        );
        assert_eq!(w.tick(t + Duration::minutes(11)).len(), 1);
        let mut off = Watch::new(NotificationPrefs::default(), Duration::hours(1));
        off.event("a", &offline(), t);
        assert!(off.tick(t + Duration::hours(5)).is_empty());
    }

    #[test]
    fn low_voltage_needs_three_readings_and_recovery_with_hysteresis() {
        let mut w = Watch::new(all_on(), Duration::zero());
        let t = t0();
        let low = |w: &mut Watch, s: i64, v: f64| {
            let at = t + Duration::seconds(s);
            w.event(
                "a",
                &reading(at, |r| {
                    r.voltage_l1_v = Some(231.0);
                    r.voltage_l2_v = Some(v);
                    r.voltage_l3_v = Some(0.0);
                }),
                at,
            )
        };
        assert!(low(&mut w, 1, 200.0).is_empty());
        assert!(low(&mut w, 2, 200.0).is_empty());
        let said = low(&mut w, 3, 199.4);
        assert_eq!(said.len(), 1);
        assert_eq!(
            said[0].detail,
            AlertDetail::LowVoltage {
                phase: 2,
                volts: 199.4,
                limit: 207
            }
        );
        assert!(low(&mut w, 4, 200.0).is_empty(), "same episode");
        // Just above the limit is not a recovery; 3 V above is.
        for s in 5..8 {
            low(&mut w, s, 208.0);
        }
        for s in 8..11 {
            assert!(low(&mut w, s, 200.0).is_empty());
        }
        low(&mut w, 11, 215.0);
        low(&mut w, 12, 200.0);
        low(&mut w, 13, 200.0);
        assert_eq!(low(&mut w, 14, 200.0).len(), 1);
    }

    #[test]
    fn stream_taken_once_per_episode() {
        let mut w = Watch::new(all_on(), Duration::zero());
        let t = t0();
        let taken = SessionEvent::State(SessionState::Preempted {
            fallback: None,
            retry_in_s: 30,
        });
        assert_eq!(w.event("a", &taken, t).len(), 1);
        assert!(w.event("a", &taken, t + Duration::seconds(30)).is_empty());
        w.event(
            "a",
            &SessionEvent::State(SessionState::Live {
                transport: Transport::Sse,
            }),
            t + Duration::seconds(60),
        );
        assert_eq!(w.event("a", &taken, t + Duration::seconds(90)).len(), 1);
    }

    #[test]
    fn peak_warns_when_the_quarter_heads_over_the_limit() {
        let mut w = Watch::new(all_on(), Duration::hours(1));
        w.set_limit(Some(5.0));
        let t = t0();
        let at = |s: i64, kwh: f64, kw: f64| {
            let when = t + Duration::seconds(s);
            (
                reading(when, |r| {
                    r.energy_import_kwh = Some(kwh);
                    r.power_import_kw = Some(kw);
                }),
                when,
            )
        };
        let (ev, when) = at(0, 100.0, 8.0);
        assert!(
            w.event("a", &ev, when).is_empty(),
            "first reading only sets the base"
        );
        // 60 s in: too early to say.
        let (ev, when) = at(60, 100.13, 8.0);
        assert!(w.event("a", &ev, when).is_empty());
        // 180 s in: 0.4 kWh so far + 8 kW for 720 s = 2 kWh → 8 kW average, over 5.
        let (ev, when) = at(180, 100.4, 8.0);
        let said = w.event("a", &ev, when);
        assert_eq!(said.len(), 1);
        let AlertDetail::Peak {
            projected_kw,
            limit_kw,
        } = said[0].detail
        else {
            panic!()
        };
        assert!(
            (projected_kw - 8.0).abs() < 1e-9 && limit_kw == 5.0,
            "{projected_kw}"
        );
        // Once per quarter (and the quiet hour holds it for the next ones too).
        let (ev, when) = at(300, 100.7, 8.0);
        assert!(w.event("a", &ev, when).is_empty());
        // A household under the limit says nothing.
        let mut calm = Watch::new(all_on(), Duration::hours(1));
        calm.set_limit(Some(5.0));
        for (s, kwh) in [(0, 10.0), (200, 10.05), (400, 10.1)] {
            let (ev, when) = at(s, kwh, 1.0);
            assert!(calm.event("b", &ev, when).is_empty());
        }
    }

    #[test]
    fn texts_in_every_language_fill_their_placeholders() {
        let a = Alert {
            kind: AlertKind::LowVoltage,
            device_id: "a".into(),
            at: t0(),
            detail: AlertDetail::LowVoltage {
                phase: 2,
                volts: 199.6,
                limit: 207,
            },
        };
        for lang in crate::ipc::Language::ALL {
            let (title, body) = a.text("Küche", lang, "de-DE");
            assert!(
                !title.is_empty()
                    && body.contains("Küche")
                    && body.contains("200")
                    && !body.contains('{'),
                "{body}"
            );
        }
    }
}
