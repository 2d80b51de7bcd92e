//! MQTT as a session transport: readings from the user's broker, broker trouble shown as the
//! session's state, and what the device says about its publish interval.

use super::context::{reachable, Ctx};
use super::policy::Outcome;
use crate::ipc::{SessionState, Transport};
use crate::live::broker::{BrokerError, BrokerStatus, SubEvent, Subscription};
use crate::live::payload::{PayloadReader, Read};
use std::time::Instant;
use whatwatt::models::system::SystemInfo;
use whatwatt::Client;

impl Ctx {
    /// Reads what MQTT needs from a device that answers: its publish interval
    /// (`services.report_interval`, stretched to the meter's own interval).
    pub(super) async fn learn(&mut self, client: &Client, sys: &SystemInfo) {
        let configured = match self.io(client.settings()).await {
            Some(Ok(s)) => s.services.and_then(|sv| sv.report_interval).map(f64::from),
            _ => None,
        };
        let publish = configured
            .filter(|i| *i > 0.0)
            .unwrap_or(self.cfg.timing.mqtt_interval.as_secs_f64());
        self.mqtt_interval = Some(publish.max(sys.meter_interval_s().unwrap_or(1.0)));
    }

    /// Makes the subscription on first use. Errors only for a bad topic or certificate.
    fn subscription(&mut self) -> Result<Subscription, BrokerError> {
        if let Some(s) = self.mqtt.take() {
            return Ok(s);
        }
        let src = self.cfg.mqtt.as_ref().ok_or(BrokerError::InvalidTopic {
            topic: String::new(),
            reason: "MQTT is not set up for this meter".into(),
        })?;
        src.pool.subscribe(&src.endpoint, &src.topic)
    }
}

/// Readings from the broker. `device_back`: the device's `host:port` when MQTT runs because the
/// device did not answer; the run ends (WindowOver) once the device accepts connections again.
/// `window`: when the run should give the live stream another try.
pub(super) async fn run(
    cx: &mut Ctx,
    client: Option<&Client>,
    device_back: Option<String>,
    window: Option<Instant>,
) -> Outcome {
    let mut sub = match cx.subscription() {
        Ok(s) => s,
        Err(e) => return Outcome::Broker(e),
    };
    let outcome = listen(cx, client, &mut sub, device_back, window).await;
    cx.mqtt = Some(sub);
    outcome
}

async fn listen(
    cx: &mut Ctx,
    client: Option<&Client>,
    sub: &mut Subscription,
    device_back: Option<String>,
    window: Option<Instant>,
) -> Outcome {
    let Some(mut reader) = cx
        .cfg
        .mqtt
        .as_ref()
        .map(|m| PayloadReader::new(m.mapping.clone()))
    else {
        return Outcome::Cancelled;
    };
    let interval = cx
        .mqtt_interval
        .unwrap_or(cx.cfg.timing.mqtt_interval.as_secs_f64());
    let stale = cx.stale_after(interval);
    sub.skip_backlog();
    let mut status = sub.status();
    status.mark_changed();
    let mut health = tokio::time::interval(cx.health_every());
    health.tick().await;
    let mut recheck = tokio::time::interval(cx.cfg.timing.device_recheck);
    recheck.tick().await;
    let window_at = window.map(tokio::time::Instant::from_std);
    // Not while the device is known to be out of reach: the request would only time out.
    let ask_device = client.filter(|_| device_back.is_none());
    let mut live = false;
    let mut broker_lost = false;
    let mut last = Instant::now();
    loop {
        tokio::select! {
            _ = cx.cancel.cancelled() => return Outcome::Cancelled,
            _ = tokio::time::sleep(stale.saturating_sub(last.elapsed())) => {
                if let BrokerStatus::Failed { error, .. } = status.borrow().clone() {
                    return Outcome::Broker(error);
                }
                return Outcome::Stale { transport: Transport::Mqtt, silent: last.elapsed() };
            }
            _ = async { if let Some(w) = window_at { tokio::time::sleep_until(w).await } }, if window_at.is_some() => {
                return Outcome::WindowOver;
            }
            changed = status.changed() => {
                if changed.is_err() {
                    return Outcome::Broker(BrokerError::Lost { detail: "connection task ended".into() });
                }
                match status.borrow_and_update().clone() {
                    BrokerStatus::Failed { error, retry_in } => {
                        // Nothing can arrive until the broker is back: say so rather than look live.
                        live = false;
                        broker_lost = true;
                        cx.set(SessionState::Offline {
                            retry_in_s: retry_in.as_secs_f64().ceil() as u64,
                            reason: format!("MQTT broker: {error}"),
                        });
                    }
                    // Back on the broker: waiting for the meter's next publish (up to its interval).
                    BrokerStatus::Connected if broker_lost && !live => {
                        broker_lost = false;
                        cx.set(SessionState::Connecting { attempt: 1 });
                    }
                    _ => {}
                }
            }
            _ = health.tick(), if ask_device.is_some() => {
                if let Some(c) = ask_device {
                    cx.refresh_health(c).await;
                }
            }
            _ = recheck.tick(), if device_back.is_some() => {
                if let Some(t) = &device_back {
                    if reachable(t).await {
                        return Outcome::WindowOver;
                    }
                }
            }
            ev = sub.next() => match ev {
                None => return Outcome::Broker(BrokerError::Lost { detail: "connection task ended".into() }),
                Some(SubEvent::Message(m)) => match reader.read(&m.payload) {
                    Read::Reading { reading, problem } => {
                        last = Instant::now();
                        if let Some(p) = problem {
                            cx.malformed(Transport::Mqtt, p, &m.payload, m.payload.len());
                        }
                        cx.emit(*reading, Transport::Mqtt, !live, m.payload.len() as u64);
                        if !live {
                            live = true;
                            cx.live(Transport::Mqtt);
                        }
                    }
                    Read::Problem(reason) => {
                        cx.malformed(Transport::Mqtt, reason, &m.payload, m.payload.len());
                    }
                    Read::AgainUnknown => {}
                },
                Some(SubEvent::Oversized(n)) => {
                    let reason = format!("a {n}-byte message is too large to read; the broker connection was renewed");
                    cx.malformed(Transport::Mqtt, reason, &[], n);
                }
                Some(SubEvent::Lagged(n)) => tracing::debug!("MQTT reader fell behind by {n} messages"),
            }
        }
    }
}
