//! The writer thread: sessions hand it readings without ever waiting (a full queue counts a loss,
//! it never blocks a session); it commits at most about a second after a reading arrived, so a
//! killed process loses at most that second, and prunes old full-rate readings now and then.

use super::ingest::{GapReason, Ingest, IngestStats};
use super::reading_point::Point;
use super::StoreError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Readings waiting for the writer; 16 meters at 10 Hz fill it in over six minutes.
const QUEUE: usize = 65_536;
const BATCH_AGE: Duration = Duration::from_millis(500);
const BATCH_SIZE: usize = 20_000;
const RETRY: Duration = Duration::from_secs(5);
const PRUNE_EVERY: Duration = Duration::from_secs(600);

enum Msg {
    Reading {
        device_id: String,
        point: Point,
        uptime_s: Option<f64>,
    },
    Trouble {
        device_id: String,
        reason: GapReason,
    },
    Flush(oneshot::Sender<Result<(), StoreError>>),
    RawDays(u32),
    Stop,
}

/// What the writer is doing, for Settings and the history view.
#[derive(Debug, Clone, Default)]
pub struct WriterStatus {
    /// Why readings are not being stored right now (disk full, read-only file), in plain words.
    pub problem: Option<String>,
    pub stats: IngestStats,
    /// Readings dropped because the writer's queue was full.
    pub dropped: u64,
}

pub struct Writer {
    tx: SyncSender<Msg>,
    thread: Mutex<Option<JoinHandle<()>>>,
    status: Arc<Mutex<WriterStatus>>,
    dropped: Arc<AtomicU64>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Writer {
    pub fn start(mut ingest: Ingest) -> Writer {
        let (tx, rx) = sync_channel::<Msg>(QUEUE);
        let status = Arc::new(Mutex::new(WriterStatus::default()));
        let dropped = Arc::new(AtomicU64::new(0));
        let (st, dr) = (status.clone(), dropped.clone());
        let thread = std::thread::Builder::new()
            .name("history-writer".into())
            .spawn(move || {
                let mut due: Option<Instant> = None;
                let mut next_prune = Instant::now();
                let commit = |ingest: &mut Ingest, due: &mut Option<Instant>| {
                    let r = ingest.commit();
                    let mut s = lock(&st);
                    s.stats = ingest.stats.clone();
                    s.dropped = dr.load(Ordering::Relaxed);
                    match &r {
                        Ok(()) => {
                            s.problem = None;
                            *due = None;
                        }
                        Err(e) => {
                            s.problem = Some(e.to_string());
                            *due = Some(Instant::now() + RETRY);
                        }
                    }
                    r
                };
                loop {
                    let wait = due
                        .map(|d| d.saturating_duration_since(Instant::now()))
                        .unwrap_or(PRUNE_EVERY);
                    match rx.recv_timeout(wait) {
                        Ok(Msg::Reading {
                            device_id,
                            point,
                            uptime_s,
                        }) => {
                            if let Err(e) = ingest.add(&device_id, point, uptime_s, now_ms()) {
                                ingest.stats.lost += 1;
                                lock(&st).problem = Some(e.to_string());
                            }
                            due.get_or_insert_with(|| Instant::now() + BATCH_AGE);
                            if ingest.pending() >= BATCH_SIZE {
                                let _ = commit(&mut ingest, &mut due);
                            }
                        }
                        Ok(Msg::Trouble { device_id, reason }) => {
                            let _ = ingest.note_trouble(&device_id, reason);
                        }
                        Ok(Msg::RawDays(days)) => {
                            ingest.set_raw_days(days);
                            next_prune = Instant::now();
                        }
                        Ok(Msg::Flush(reply)) => {
                            let _ = reply.send(commit(&mut ingest, &mut due));
                        }
                        Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => {
                            let _ = commit(&mut ingest, &mut due);
                            return;
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            if due.is_some_and(|d| d <= Instant::now()) {
                                let _ = commit(&mut ingest, &mut due);
                            }
                        }
                    }
                    if next_prune <= Instant::now() {
                        if let Err(e) = ingest.prune(now_ms()) {
                            tracing::warn!("history: pruning old readings failed: {e}");
                        }
                        next_prune = Instant::now() + PRUNE_EVERY;
                    }
                }
            })
            .ok();
        Writer {
            tx,
            thread: Mutex::new(thread),
            status,
            dropped,
        }
    }

    /// Queues a reading; never waits. A full queue drops it and counts the loss.
    pub fn record(&self, device_id: &str, point: Point, uptime_s: Option<f64>) {
        let msg = Msg::Reading {
            device_id: device_id.to_owned(),
            point,
            uptime_s,
        };
        if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) = self.tx.try_send(msg) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Keeps full-rate readings for `days` from now on (older ones are pruned at once).
    pub fn set_raw_days(&self, days: u32) {
        let _ = self.tx.try_send(Msg::RawDays(days));
    }

    pub fn trouble(&self, device_id: &str, reason: GapReason) {
        let _ = self.tx.try_send(Msg::Trouble {
            device_id: device_id.to_owned(),
            reason,
        });
    }

    /// Commits everything queued so far (tests, exports that must see the latest second).
    pub async fn flush(&self) -> Result<(), StoreError> {
        let (tx, rx) = oneshot::channel();
        let tx_c = self.tx.clone();
        // `send` may wait for room in the queue: off the async threads.
        let sent = tokio::task::spawn_blocking(move || tx_c.send(Msg::Flush(tx)).is_ok())
            .await
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        if !sent {
            return Err(StoreError::Internal("the history writer stopped".into()));
        }
        rx.await
            .map_err(|_| StoreError::Internal("the history writer stopped".into()))?
    }

    pub fn status(&self) -> WriterStatus {
        let mut s = lock(&self.status).clone();
        s.dropped = self.dropped.load(Ordering::Relaxed);
        s
    }

    /// Commits what is queued and ends the thread.
    pub fn stop(&self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = lock(&self.thread).take() {
            let _ = t.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop();
    }
}
