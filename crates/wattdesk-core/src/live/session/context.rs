//! What every transport run shares: the session's outputs (readings without repeats, states, health,
//! undecodable payloads), its cancellation, and what was learnt about the device on the way.

use super::{SessionConfig, SessionEvent, TimedReading};
use crate::ipc::{Health, PayloadProblem, SessionState, Transport};
use crate::live::broker::Subscription;
use chrono::Utc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use whatwatt::models::system::SystemInfo;
use whatwatt::{AuthScheme, Client, Reading};

pub(super) struct Ctx {
    pub cfg: SessionConfig,
    events: broadcast::Sender<SessionEvent>,
    state: watch::Sender<SessionState>,
    pub cancel: CancellationToken,
    health: Option<Health>,
    last: Option<Reading>,
    /// Set when a run starts delivering; the driver tells the policy (backoff restarts).
    pub went_live: bool,
    /// Held from the first MQTT use to the end of the session, so the broker connection stays up
    /// while other transports run.
    pub mqtt: Option<Subscription>,
    malformed: u64,
    /// The device's MQTT publish interval (s), once it could be asked.
    pub mqtt_interval: Option<f64>,
    scheme: Option<AuthScheme>,
}

impl Ctx {
    pub fn new(
        cfg: SessionConfig,
        events: broadcast::Sender<SessionEvent>,
        state: watch::Sender<SessionState>,
        cancel: CancellationToken,
    ) -> Ctx {
        Ctx {
            cfg,
            events,
            state,
            cancel,
            health: None,
            last: None,
            went_live: false,
            mqtt: None,
            malformed: 0,
            mqtt_interval: None,
            scheme: None,
        }
    }

    pub fn set(&self, s: SessionState) {
        if *self.state.borrow() != s {
            self.state.send_replace(s.clone());
            let _ = self.events.send(SessionEvent::State(s));
        }
    }

    /// Readings flow on `transport`.
    pub fn live(&mut self, transport: Transport) {
        self.went_live = true;
        self.set(SessionState::Live { transport });
    }

    /// Tells the app how the device checked the password, once per scheme.
    pub fn scheme(&mut self, scheme: Option<AuthScheme>) {
        if scheme.is_some() && scheme != self.scheme {
            self.scheme = scheme;
            if let Some(s) = scheme {
                let _ = self.events.send(SessionEvent::Scheme(s));
            }
        }
    }

    pub fn health(&mut self, sys: &SystemInfo) {
        let h = Health::from_system(sys, self.health.as_ref());
        self.health = Some(h.clone());
        // The whole answer too, for the sharing gateway's stand-in `/api/v1/system`.
        let _ = self
            .events
            .send(SessionEvent::System(std::sync::Arc::new(sys.clone())));
        let _ = self.events.send(SessionEvent::Health(h));
    }

    /// Awaits a request unless the session is stopped first (`None`): stopping never waits for a
    /// device that is slow to answer.
    pub async fn io<T>(&self, request: impl std::future::Future<Output = T>) -> Option<T> {
        tokio::select! {
            _ = self.cancel.cancelled() => None,
            r = request => Some(r),
        }
    }

    /// The reader must be spared (meter power, low reserve): polling and health reads slow down.
    pub fn gentle(&self) -> bool {
        self.health.as_ref().is_some_and(|h| h.gentle.is_some())
    }

    /// How often health is read: every 5 minutes for a reader that must be spared.
    pub fn health_every(&self) -> std::time::Duration {
        if self.gentle() {
            self.cfg
                .timing
                .health_every
                .max(super::policy::GENTLE_HEALTH)
        } else {
            self.cfg.timing.health_every
        }
    }

    /// Re-reads health; a failure is left to the transport to notice.
    pub async fn refresh_health(&mut self, client: &Client) {
        if let Some(Ok(sys)) = self.io(client.system()).await {
            self.health(&sys);
        }
    }

    /// Emits a reading unless it repeats the previous report. Polling repeats a report whenever the
    /// meter has not produced a new one (same report id and time). The live stream sends each report
    /// once; only the first event after a reconnect may repeat the last one seen, so only that one is
    /// compared, in full (consecutive reports of a fast meter can share a timestamp).
    pub fn emit(
        &mut self,
        reading: Reading,
        transport: Transport,
        first_after_connect: bool,
        bytes: u64,
    ) -> bool {
        let duplicate = match &self.last {
            None => false,
            Some(last) if reading.report_id.is_some() => reading.repeats(last),
            Some(last) => first_after_connect && *last == reading,
        };
        if duplicate {
            return false;
        }
        self.last = Some(reading.clone());
        let _ = self
            .events
            .send(SessionEvent::Reading(Arc::new(TimedReading {
                reading,
                transport,
                received: Utc::now(),
                bytes,
            })));
        true
    }

    /// Counts a payload that did not decode (or decoded only in part) and shows the latest.
    pub fn malformed(
        &mut self,
        transport: Transport,
        reason: String,
        payload: &[u8],
        bytes: usize,
    ) {
        self.malformed += 1;
        tracing::debug!(
            "malformed {transport:?} payload #{}: {reason}",
            self.malformed
        );
        let _ = self.events.send(SessionEvent::Malformed(PayloadProblem {
            transport,
            count: self.malformed,
            reason,
            snippet: whatwatt::redact::snippet(&String::from_utf8_lossy(
                &payload[..payload.len().min(512)],
            )),
            bytes: bytes as u64,
            at: Utc::now().to_rfc3339(),
        }));
    }

    pub fn stale_after(&self, interval_s: f64) -> Duration {
        super::policy::stale_after(interval_s, self.cfg.timing.stale_floor)
    }

    /// Sleeps `d` unless cancelled; false when cancelled.
    pub async fn sleep(&self, d: Duration) -> bool {
        tokio::select! {
            _ = self.cancel.cancelled() => false,
            _ = tokio::time::sleep(d) => true,
        }
    }

    /// Waits `wait`; when `reach` names the device's `host:port`, a device that accepts TCP again
    /// ends the wait early. False when cancelled.
    pub async fn wait(&self, wait: Duration, reach: Option<&str>) -> bool {
        let Some(target) = reach else {
            return self.sleep(wait).await;
        };
        let until = Instant::now() + wait;
        while Instant::now() < until {
            let step = self.cfg.timing.reach_probe.min(until - Instant::now());
            if !self.sleep(step).await {
                return false;
            }
            if reachable(target).await {
                return true;
            }
        }
        true
    }
}

/// A TCP connect within half a second: the device (or at least its port) answers again.
pub(super) async fn reachable(target: &str) -> bool {
    let probe = tokio::time::timeout(
        Duration::from_millis(500),
        tokio::net::TcpStream::connect(target),
    );
    matches!(probe.await, Ok(Ok(_)))
}

/// The device's `host:port`, for reachability probes.
pub(super) fn host_port(client: &Client) -> Option<String> {
    whatwatt::host_port(client.base_url())
}
