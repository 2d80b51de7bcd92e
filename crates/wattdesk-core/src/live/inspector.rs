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
