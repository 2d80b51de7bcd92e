//! One session per meter: a long-running connection that picks the best transport, turns it into a
//! stream of [`TimedReading`]s and [`SessionState`]s, and never gives up. Owned by a [`Session`]
//! handle; [`Session::stop`] (or dropping it) ends the task.
//!
//! Inside: `policy.rs` decides (pure, unit tested), `driver.rs` runs the loop, and one file per
//! transport does the I/O (`sse.rs`, `poll.rs`, `mqtt.rs`). A fourth transport is one more file and
//! one more arm in `Transport` and in the driver's `execute`.

mod backoff;
mod context;
mod driver;
mod health;
mod mqtt;
pub mod policy;
mod poll;
mod sse;

pub use crate::ipc::{Health, PayloadProblem, SessionState, Transport, TransportChoice};
pub use backoff::Backoff;

use crate::live::broker::{BrokerEndpoint, BrokerPool};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use whatwatt::mqtt::Mapping;
use whatwatt::{AuthScheme, Reading, Secret};

/// A reading with where and when it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedReading {
    pub reading: Reading,
    pub transport: Transport,
    /// When WattDesk received it.
    pub received: DateTime<Utc>,
    /// Bytes that carried it: the SSE body since the previous reading, the polled report's body, or
    /// the MQTT payload.
    pub bytes: u64,
}

/// Where a meter publishes over MQTT and how to read it.
#[derive(Clone)]
pub struct MqttSource {
    pub pool: BrokerPool,
    pub endpoint: BrokerEndpoint,
    pub topic: String,
    /// `None`: recognise the format from the payload's keys.
    pub mapping: Option<Mapping>,
}

impl std::fmt::Debug for MqttSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MqttSource")
            .field("endpoint", &self.endpoint)
            .field("topic", &self.topic)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub enum SessionEvent {
    Reading(Arc<TimedReading>),
    State(SessionState),
    Health(Health),
    Malformed(PayloadProblem),
    /// The session logged in with this scheme (sent once per scheme seen).
    Scheme(AuthScheme),
    /// The device's latest `/api/v1/system` answer (sent with each [`SessionEvent::Health`]).
    System(Arc<whatwatt::models::system::SystemInfo>),
}

/// Timings; the defaults suit real devices, tests shorten them.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Polling never runs faster than this (nor than the meter's report interval).
    pub min_poll: Duration,
    /// A stream is stale after max(3 × report interval, this) without a reading.
    pub stale_floor: Duration,
    /// How often `/api/v1/system` is re-read for health while live.
    pub health_every: Duration,
    /// While offline, how often a TCP connect checks whether the device answers again.
    pub reach_probe: Duration,
    /// After the live stream was taken by another client: how long to stay on polling (PLUS).
    pub preempt_hold: Duration,
    /// After the live stream was taken and no fallback exists (FREE): wait before trying again.
    pub preempt_retry: Duration,
    /// After a refused password: wait before trying again (the user may fix it on the device).
    pub auth_retry: Duration,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    pub request_timeout: Duration,
    /// The device's MQTT publish interval when it cannot be read (`services.report_interval`'s default).
    pub mqtt_interval: Duration,
    /// While on MQTT because the device did not answer: how often to check whether it does again.
    pub device_recheck: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            min_poll: Duration::from_secs(1),
            stale_floor: Duration::from_secs(10),
            health_every: Duration::from_secs(60),
            reach_probe: Duration::from_secs(1),
            preempt_hold: Duration::from_secs(600),
            preempt_retry: Duration::from_secs(60),
            auth_retry: Duration::from_secs(60),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(30),
            request_timeout: Duration::from_secs(10),
            mqtt_interval: Duration::from_secs(30),
            device_recheck: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// IP, host name, `host:port` or URL.
    pub address: String,
    pub password: Option<Secret>,
    /// The scheme the meter logged in with before: after Digest, Basic is refused (nothing sent).
    pub expect_scheme: Option<AuthScheme>,
    pub transport: TransportChoice,
    /// The meter's MQTT publishing, when set up.
    pub mqtt: Option<MqttSource>,
    pub timing: Timing,
}

pub struct Session {
    events: broadcast::Sender<SessionEvent>,
    state: watch::Receiver<SessionState>,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl Session {
    /// Starts the session task. Subscribe before awaiting anything to see the first events.
    pub fn spawn(config: SessionConfig) -> Session {
        let (events, _) = broadcast::channel(1024);
        let (state_tx, state) = watch::channel(SessionState::Connecting { attempt: 0 });
        let cancel = CancellationToken::new();
        let task = tokio::spawn(driver::run(
            config,
            events.clone(),
            state_tx,
            cancel.clone(),
        ));
        Session {
            events,
            state,
            cancel,
            task: Some(task),
        }
    }

    /// Readings, states and health, as they happen. A slow subscriber lags (counted by the
    /// receiver) and never slows the session down.
    pub fn subscribe(&self) -> broadcast::Receiver<SessionEvent> {
        self.events.subscribe()
    }

    /// The current state (also for late subscribers).
    pub fn state(&self) -> watch::Receiver<SessionState> {
        self.state.clone()
    }

    /// Ends the session and waits for its task.
    pub async fn stop(mut self) {
        self.cancel.cancel();
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
