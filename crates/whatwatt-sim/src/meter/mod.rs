//! The simulated electricity meter: a household model integrated into never-decreasing energy
//! counters, a tariff clock and the link status the device reports.

pub mod household;
pub mod link;
pub mod snapshot;

use chrono::{DateTime, Datelike, Duration as ChronoDuration, FixedOffset, Timelike, Utc, Weekday};
use household::{Household, HouseholdConfig, Phases, Sample};
use link::LinkMachine;
pub use link::{Key, Link, MeterFault};
pub use snapshot::Snapshot;

/// Energy counters (kWh / kvarh) split by tariff.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counters {
    pub import_t1: f64,
    pub import_t2: f64,
    pub export_t1: f64,
    pub export_t2: f64,
    pub reactive_import: f64,
    pub reactive_export: f64,
}

impl Counters {
    pub fn import_total(&self) -> f64 {
        self.import_t1 + self.import_t2
    }
    pub fn export_total(&self) -> f64 {
        self.export_t1 + self.export_t2
    }

    /// Adds `dt_s` seconds of `s` to the bucket of `tariff`. Counters only ever grow.
    fn integrate(&mut self, s: &Sample, tariff: u32, dt_s: f64) {
        let h = dt_s.max(0.0) / 3600.0;
        let (imp, exp) = (
            s.import_total_kw.max(0.0) * h,
            s.export_total_kw.max(0.0) * h,
        );
        if tariff == 2 {
            self.import_t2 += imp;
            self.export_t2 += exp;
        } else {
            self.import_t1 += imp;
            self.export_t1 += exp;
        }
        self.reactive_import += s.reactive_import_kvar.iter().sum::<f64>().max(0.0) * h;
        self.reactive_export += s.reactive_export_kvar.iter().sum::<f64>().max(0.0) * h;
    }
}

/// High tariff (T1) on weekdays 07:00–20:00 local, low tariff (T2) otherwise — the common Swiss
/// double tariff; the docs only say tariff is 1 or 2.
pub fn tariff_at(local: DateTime<FixedOffset>) -> u32 {
    let weekday = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
    if weekday && (7..20).contains(&local.hour()) {
        1
    } else {
        2
    }
}

/// The meter as the device sees it. Time is simulated: every report advances it by exactly one
/// interval, so a seed and a start time fully determine every value (tests can assert them).
pub struct Meter {
    model: Household,
    phases: Phases,
    interval_s: f64,
    offset: FixedOffset,
    now: DateTime<Utc>,
    counters: Counters,
    link: LinkMachine,
}

impl Meter {
    pub fn new(
        seed: u64,
        phases: Phases,
        interval_s: f64,
        start: DateTime<Utc>,
        offset: FixedOffset,
        key_required: bool,
        fault: Option<MeterFault>,
    ) -> Meter {
        let config = HouseholdConfig {
            seed,
            phases,
            pv_peak_kw: if phases == Phases::Three { 8.0 } else { 4.0 },
            ..HouseholdConfig::default()
        };
        // A meter a few years in service; the exact values depend on the seed.
        let base = 4000.0 + (seed % 997) as f64 * 7.3;
        Meter {
            model: Household::new(config),
            phases,
            interval_s,
            offset,
            now: start,
            counters: Counters {
                import_t1: base * 0.62,
                import_t2: base * 0.38,
                export_t1: base * 0.41,
                export_t2: base * 0.09,
                reactive_import: base * 0.11,
                reactive_export: base * 0.05,
            },
            link: LinkMachine::new(key_required, fault),
        }
    }

    /// Simulates `span` of past operation at `step_s` resolution before the device starts, calling
    /// `row` every `row_every_s` (SD-card history). Counters end where live operation begins.
    pub fn backfill(
        &mut self,
        span: ChronoDuration,
        step_s: f64,
        row_every_s: f64,
        mut row: impl FnMut(&Snapshot),
    ) {
        let end = self.now;
        // Run a separate model over the past, then subtract what it consumed so that history ends
        // exactly at the configured counters and never decreases.
        let mut past = Household::new(HouseholdConfig {
            seed: self.model_seed_for_history(),
            phases: self.phases,
            pv_peak_kw: if self.phases == Phases::Three {
                8.0
            } else {
                4.0
            },
            ..HouseholdConfig::default()
        });
        let mut t = end - span;
        let mut samples = Vec::new();
        while t < end {
            let local = t.with_timezone(&self.offset);
            samples.push((t, past.step(local, step_s), tariff_at(local)));
            t += ChronoDuration::milliseconds((step_s * 1000.0) as i64);
        }
        let mut used = Counters::default();
        for (_, s, tariff) in &samples {
            used.integrate(s, *tariff, step_s);
        }
        let mut c = Counters {
            import_t1: self.counters.import_t1 - used.import_t1,
            import_t2: self.counters.import_t2 - used.import_t2,
            export_t1: self.counters.export_t1 - used.export_t1,
            export_t2: self.counters.export_t2 - used.export_t2,
            reactive_import: self.counters.reactive_import - used.reactive_import,
            reactive_export: self.counters.reactive_export - used.reactive_export,
        };
        let mut since_row = row_every_s;
        for (i, (t, s, tariff)) in samples.iter().enumerate() {
            c.integrate(s, *tariff, step_s);
            since_row += step_s;
            if since_row >= row_every_s {
                since_row = 0.0;
                row(&Snapshot {
                    report_id: i as u64 + 1,
                    interval_s: self.interval_s,
                    time: *t,
                    offset: self.offset,
                    tariff: *tariff,
                    phases: self.phases,
                    sample: s.clone(),
                    counters: c,
                    published: None,
                });
            }
        }
    }

    fn model_seed_for_history(&self) -> u64 {
        self.counters.import_t1.to_bits() ^ 0x5EED
    }

    pub fn link(&self) -> Link {
        self.link.link()
    }

    pub fn interval_s(&self) -> f64 {
        self.interval_s
    }

    /// The current simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }

    pub fn phases(&self) -> Phases {
        self.phases
    }

    /// A DLMS key was stored, changed or cleared.
    pub fn set_key(&mut self, key: Key) {
        self.link.set_key(key);
    }

    pub fn fault(&self) -> Option<MeterFault> {
        self.link.fault()
    }

    /// Plugs the cable in, opens the interface or fixes recognition (`None`), or breaks the link.
    pub fn set_fault(&mut self, fault: Option<MeterFault>) {
        self.link.set_fault(fault);
    }

    /// Advances by one report interval. Returns the report when the link is up, `report_id` being the
    /// caller's counter since boot.
    pub fn tick(&mut self, report_id: u64) -> Option<Snapshot> {
        let dt = self.interval_s;
        // The report describes the interval that just ended: stamp it with the current time, then
        // move the clock on (stamping after advancing would put the meter one interval ahead).
        let stamp = self.now;
        self.now += ChronoDuration::microseconds((dt * 1e6) as i64);
        let local = stamp.with_timezone(&self.offset);
        let tariff = tariff_at(local);
        let sample = self.model.step(local, dt);
        // Energy flows whether or not the device can read the meter.
        self.counters.integrate(&sample, tariff, dt);
        self.advance_link();
        (self.link.link() == Link::Ok).then_some(Snapshot {
            report_id,
            interval_s: dt,
            time: stamp,
            offset: self.offset,
            tariff,
            phases: self.phases,
            sample,
            counters: self.counters,
            published: None,
        })
    }

    fn advance_link(&mut self) {
        // Each phase lasts at least two reports and at least ~0.5 s, so fast modes still show it.
        let reports_needed = (0.5 / self.interval_s).ceil().max(2.0) as u32;
        self.link.advance(reports_needed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meter(seed: u64, key_required: bool) -> Meter {
        let start = DateTime::parse_from_rfc3339("2025-10-07T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Meter::new(
            seed,
            Phases::Three,
            1.0,
            start,
            FixedOffset::east_opt(3600).unwrap(),
            key_required,
            None,
        )
    }

    #[test]
    fn same_seed_same_reports_and_counters_never_decrease() {
        let (mut a, mut b) = (meter(5, false), meter(5, false));
        let mut last = Counters::default();
        let mut reports = 0;
        for i in 0..3600 {
            let (ra, rb) = (a.tick(i), b.tick(i));
            assert_eq!(ra, rb);
            if let Some(r) = ra {
                reports += 1;
                let c = r.counters;
                assert!(c.import_total() >= last.import_total());
                assert!(c.export_total() >= last.export_total());
                assert!(c.import_t1 >= last.import_t1 && c.import_t2 >= last.import_t2);
                last = c;
            }
        }
        assert!(reports > 3590, "link comes up within a few reports");
        let (mut c, mut d) = (meter(5, false), meter(6, false));
        assert!(
            (0..100).any(|i| c.tick(i) != d.tick(i)),
            "seeds must matter"
        );
    }

    #[test]
    fn key_required_until_a_valid_key_is_set() {
        let mut m = meter(1, true);
        for i in 0..10 {
            assert!(m.tick(i).is_none());
        }
        assert_eq!(m.link(), Link::KeyRequired);
        m.set_key(Key::Right);
        assert_eq!(m.link(), Link::Recognition);
        let got = (10..20).filter_map(|i| m.tick(i)).count();
        assert!(got > 0);
        assert_eq!(m.link(), Link::Ok);
    }

    #[test]
    fn tariff_clock() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(tariff_at(at("2025-10-07T14:26:10+02:00")), 1); // Tuesday afternoon
        assert_eq!(tariff_at(at("2025-10-07T20:21:11+02:00")), 2); // evening
        assert_eq!(tariff_at(at("2025-10-11T12:00:00+02:00")), 2); // Saturday
    }

    #[test]
    fn backfill_ends_at_the_live_counters() {
        let mut m = meter(3, false);
        let start = m.counters;
        let mut rows = Vec::new();
        m.backfill(ChronoDuration::hours(24), 60.0, 900.0, |s| {
            rows.push(s.counters)
        });
        assert_eq!(rows.len(), 96);
        assert!(rows
            .windows(2)
            .all(|w| w[1].import_total() >= w[0].import_total()));
        let last = rows.last().unwrap();
        assert!((last.import_total() - start.import_total()).abs() < 3.0);
        assert!(last.import_total() <= start.import_total() + 1e-9);
    }
}
