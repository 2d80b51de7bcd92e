//! Transport figures, measured from what actually arrived: readings, mean interval, bytes per
//! reading, end-to-end latency (device timestamp → received) and errors, per transport.

use crate::ipc::{Transport, TransportFigures};
use crate::live::session::TimedReading;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, VecDeque};

/// How many latencies are kept for the median.
const LATENCY_WINDOW: usize = 512;

#[derive(Debug, Clone, Default)]
struct Acc {
    readings: u64,
    bytes: u64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    latencies: VecDeque<f64>,
    errors: u64,
    last_error: Option<String>,
    note: Option<String>,
}

/// Accumulates figures per transport.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    per: BTreeMap<u8, (Transport, Acc)>,
}

fn slot(t: Transport) -> u8 {
    match t {
        Transport::Sse => 0,
        Transport::Poll => 1,
        Transport::Mqtt => 2,
    }
}

impl Ledger {
    fn acc(&mut self, t: Transport) -> &mut Acc {
        &mut self
            .per
            .entry(slot(t))
            .or_insert_with(|| (t, Acc::default()))
            .1
    }

    pub fn record(&mut self, r: &TimedReading) {
        let a = self.acc(r.transport);
        a.readings += 1;
        a.bytes += r.bytes;
        a.first.get_or_insert(r.received);
        a.last = Some(r.received);
        if let Some(ts) = r.reading.timestamp {
            let ms = (r.received - ts).num_milliseconds() as f64;
            if a.latencies.len() == LATENCY_WINDOW {
                a.latencies.pop_front();
            }
            a.latencies.push_back(ms);
        }
    }

    pub fn error(&mut self, t: Transport, message: impl Into<String>) {
        let a = self.acc(t);
        a.errors += 1;
        a.last_error = Some(message.into());
    }

    pub fn note(&mut self, t: Transport, note: impl Into<String>) {
        self.acc(t).note = Some(note.into());
    }

    pub fn figures(&self, t: Transport) -> TransportFigures {
        let a = self
            .per
            .get(&slot(t))
            .map(|(_, a)| a.clone())
            .unwrap_or_default();
        let mean_interval_s = match (a.first, a.last) {
            (Some(f), Some(l)) if a.readings > 1 => {
                Some((l - f).num_milliseconds() as f64 / 1000.0 / (a.readings - 1) as f64)
            }
            _ => None,
        };
        let latency_ms_p50 = (!a.latencies.is_empty()).then(|| {
            let mut v: Vec<f64> = a.latencies.iter().copied().collect();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        });
        TransportFigures {
            transport: t,
            readings: a.readings,
            mean_interval_s,
            bytes_per_reading: (a.readings > 0).then(|| a.bytes as f64 / a.readings as f64),
            latency_ms_p50,
            errors: a.errors,
            last_error: a.last_error,
            note: a.note,
        }
    }

    /// All three transports, in a fixed order (SSE, polling, MQTT).
    pub fn table(&self) -> Vec<TransportFigures> {
        [Transport::Sse, Transport::Poll, Transport::Mqtt]
            .into_iter()
            .map(|t| self.figures(t))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(r: &mut Ledger, t: Transport, secs: i64, bytes: u64, late_ms: i64) {
        let base = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let received = base + chrono::Duration::seconds(secs);
        r.record(&TimedReading {
            reading: whatwatt::Reading {
                timestamp: Some(received - chrono::Duration::milliseconds(late_ms)),
                ..Default::default()
            },
            transport: t,
            received,
            bytes,
        });
    }

    #[test]
    fn figures_per_transport() {
        let mut l = Ledger::default();
        for i in 0..5 {
            at(&mut l, Transport::Sse, i, 100, 300);
        }
        at(&mut l, Transport::Mqtt, 0, 500, 900);
        at(&mut l, Transport::Mqtt, 30, 700, 1100);
        l.error(Transport::Mqtt, "bad payload");
        let t = l.table();
        assert_eq!(t[0].readings, 5);
        assert_eq!(t[0].mean_interval_s, Some(1.0));
        assert_eq!(t[0].bytes_per_reading, Some(100.0));
        assert_eq!(t[0].latency_ms_p50, Some(300.0));
        assert_eq!(t[1].readings, 0);
        assert_eq!(t[1].mean_interval_s, None);
        assert_eq!(t[2].mean_interval_s, Some(30.0));
        assert_eq!(t[2].bytes_per_reading, Some(600.0));
        assert_eq!(
            (t[2].errors, t[2].last_error.as_deref()),
            (1, Some("bad payload"))
        );
    }
}

/// One sentence for the end of a comparison: which transport suits this meter and why, in plain
/// words (the rows hold the numbers).
pub fn conclusion(rows: &[TransportFigures], seconds: u64) -> String {
    let worked = |t: Transport| {
        rows.iter()
            .find(|r| r.transport == t)
            .filter(|r| r.readings > 0 && r.errors == 0)
    };
    let delay = |r: &TransportFigures| match r.latency_ms_p50 {
        Some(ms) if ms < 1500.0 => "within about a second".to_owned(),
        Some(ms) => format!("about {:.0} s late", ms / 1000.0),
        None => "as they come".to_owned(),
    };
    match (worked(Transport::Sse), worked(Transport::Mqtt), worked(Transport::Poll)) {
        (Some(sse), _, _) => format!(
            "The live stream suits this meter best: every report arrives {}, and it costs the meter nothing extra.",
            delay(sse)
        ),
        (None, Some(mqtt), _) => format!(
            "MQTT through your broker suits this meter while the live stream is not available: readings arrive {} every {:.0} s or so.",
            delay(mqtt),
            mqtt.mean_interval_s.unwrap_or(0.0)
        ),
        (None, None, Some(_)) => "Asking the meter (polling) works here, but it wakes the meter up for every reading; the live stream is better whenever no other app uses it.".into(),
        (None, None, None) => format!(
            "No transport delivered readings in {seconds} s: check that the meter is switched on and reachable from this computer."
        ),
    }
}

#[cfg(test)]
mod conclusion_tests {
    use super::*;

    fn row(t: Transport, readings: u64, errors: u64) -> TransportFigures {
        TransportFigures {
            transport: t,
            readings,
            mean_interval_s: Some(1.0),
            bytes_per_reading: None,
            latency_ms_p50: Some(600.0),
            errors,
            last_error: None,
            note: None,
        }
    }

    #[test]
    fn says_which_transport_suits_the_meter() {
        let all = [
            row(Transport::Sse, 30, 0),
            row(Transport::Poll, 30, 0),
            row(Transport::Mqtt, 6, 0),
        ];
        assert!(conclusion(&all, 30).starts_with("The live stream suits"));
        let taken = [
            row(Transport::Sse, 0, 0),
            row(Transport::Poll, 30, 0),
            row(Transport::Mqtt, 6, 0),
        ];
        assert!(conclusion(&taken, 30).starts_with("MQTT"));
        let poll = [
            row(Transport::Sse, 0, 0),
            row(Transport::Poll, 30, 0),
            row(Transport::Mqtt, 0, 0),
        ];
        assert!(conclusion(&poll, 30).contains("polling"));
        let none = [row(Transport::Sse, 3, 2)];
        assert!(conclusion(&none, 30).starts_with("No transport"));
        for c in [conclusion(&all, 30), conclusion(&none, 30)] {
            assert_eq!(c.matches(". ").count(), 0, "one sentence: {c}");
        }
    }
}
