//! Pairing arrivals with the simulator's publications, exactly and in order, to measure latency and
//! count losses.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio_util::sync::CancellationToken;
use whatwatt_sim::{SimDevice, Snapshot};

pub type Key = (u64, u64, u64, u64);
/// What a consumer received, in order, with arrival instants.
pub type Arrivals = Arc<Mutex<Vec<(Key, Instant)>>>;

pub fn r3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

pub fn snap_key(s: &Snapshot) -> Key {
    (
        r3(s.counters.import_total()).to_bits(),
        r3(s.counters.export_total()).to_bits(),
        s.sample.import_total_kw.to_bits(),
        s.sample.voltage_v[0].to_bits(),
    )
}

pub fn key(e_in: Option<f64>, e_out: Option<f64>, p_in: Option<f64>, v1: Option<f64>) -> Key {
    let b = |x: Option<f64>| x.unwrap_or(f64::NAN).to_bits();
    (b(e_in), b(e_out), b(p_in), b(v1))
}

/// Every snapshot a device published, in order, with its publish instant.
#[derive(Clone, Default)]
pub struct Published(pub Arc<Mutex<Vec<(Key, Instant)>>>);

impl Published {
    pub fn record(sim: &Runtime, dev: &SimDevice, stop: CancellationToken) -> Published {
        let p = Published::default();
        let list = p.0.clone();
        let mut rx = dev.subscribe();
        sim.spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.cancelled() => return,
                    r = rx.recv() => match r {
                        Ok(s) => list.lock().unwrap().push((snap_key(&s), s.published.unwrap())),
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => panic!("recorder lagged by {n}"),
                        Err(_) => return,
                    }
                }
            }
        });
        p
    }
}

/// Arrivals in order; matched to publications after the run. Keys are not unique (a fast meter can
/// publish identical consecutive reports), so matching aligns the two ordered sequences once, at a
/// run of arrivals that fits only one place, then pairs them index by index (the stream is ordered
/// and lossless here; a pair whose keys differ is not measured and is counted).
pub struct Matcher {
    published: Published,
    arrivals: Vec<(Key, Instant)>,
}

/// Readings per path not measured (connection warm-up).
pub const WARM_UP: usize = 100;
/// Length of the run that must match to accept an alignment.
pub const ALIGN: usize = 40;

impl Matcher {
    pub fn new(published: Published) -> Matcher {
        Matcher {
            published,
            arrivals: Vec::new(),
        }
    }

    pub fn arrive(&mut self, k: Key, at: Instant) {
        self.arrivals.push((k, at));
    }

    /// Latencies of the measured arrivals, and how many could not be paired.
    pub fn latencies(self) -> (Vec<Duration>, usize) {
        let list = self.published.0.lock().unwrap().clone();
        let a = &self.arrivals;
        let Some((start, j)) = align(&list, a, WARM_UP) else {
            return (Vec::new(), a.len());
        };
        let mut out = Vec::new();
        let mut unpaired = 0;
        for (i, (k, at)) in a[start..].iter().enumerate() {
            match list.get(j + i) {
                Some((pk, t)) if pk == k => out.push(at.saturating_duration_since(*t)),
                _ => unpaired += 1,
            }
        }
        (out, unpaired)
    }
}

/// Where the arrivals (from index `skip`, or a little earlier near the end) line up with the publications (from index `j`).
pub fn align(list: &[(Key, Instant)], a: &[(Key, Instant)], skip: usize) -> Option<(usize, usize)> {
    let start = skip.min(a.len().saturating_sub(ALIGN));
    let fits = |j: usize| {
        (0..ALIGN).all(|i| list.get(j + i).map(|p| p.0) == a.get(start + i).map(|x| x.0))
    };
    // Identical runs can fit several places; the stream is ordered, so the latest place whose
    // publications precede the arrivals is the true one.
    let first = a.get(start)?.1;
    (0..list.len())
        .filter(|&j| fits(j))
        .rev()
        .find(|&j| list[j].1 <= first)
        .map(|j| (start, j))
}

pub fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort_unstable();
    v[((v.len() - 1) as f64 * p).round() as usize]
}
