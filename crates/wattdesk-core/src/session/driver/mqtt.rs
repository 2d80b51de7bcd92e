//! MQTT as a session transport: readings from the user's broker, broker trouble shown as the
//! session's state, and what the device says about its publish interval.

use super::{meter_interval, stale_after, Ctx, Outcome};
use crate::broker::{BrokerError, BrokerStatus, SubEvent, Subscription};
use crate::session::{SessionState, Transport};
use std::time::{Duration, Instant};
use whatwatt::{Client, Error};

/// After an MQTT-only run: shows why it ended. False when cancelled.
pub(super) async fn settle(cx: &mut Ctx, outcome: Outcome) -> bool {
    match outcome {
        Outcome::Cancelled => false,
        Outcome::Stale { transport, silent } => {
            cx.set(SessionState::Stale {
                transport,
                silent_s: silent.as_secs_f64(),
            });
            true
        }
        Outcome::Broker(e) => broker_down(cx, &e).await,
        _ => true,
    }
}

/// The broker connection keeps retrying on its own; the session shows why and waits a little.
pub(super) async fn broker_down(cx: &mut Ctx, e: &BrokerError) -> bool {
    let delay = cx.backoff.next_delay();
    cx.set(SessionState::Offline {
        retry_in_s: delay.as_secs_f64().ceil() as u64,
        reason: format!("MQTT broker: {e}"),
    });
    cx.sleep(delay).await
}

impl Ctx {
    /// Reads what MQTT needs from a device that answers: its licence and publish interval
    /// (`services.report_interval`, stretched to the meter's own interval).
    pub(super) async fn learn(
        &mut self,
        client: &Client,
        sys: &whatwatt::models::system::SystemInfo,
    ) {
        self.plus = Some(sys.is_plus());
        let configured = match client.settings().await {
            Ok(s) => s.services.and_then(|sv| sv.report_interval).map(f64::from),
            Err(_) => None,
        };
        let publish = configured
            .filter(|i| *i > 0.0)
            .unwrap_or(self.cfg.timing.mqtt_interval.as_secs_f64());
        self.mqtt_interval = Some(publish.max(meter_interval(sys)));
    }

    /// Makes the subscription on first use. Errors only for a bad topic or certificate.
    fn subscription(&mut self) -> Result<(), BrokerError> {
        if self.mqtt.is_none() {
            let src = self.cfg.mqtt.as_ref().ok_or(BrokerError::InvalidTopic {
                topic: String::new(),
                reason: "MQTT is not set up for this meter".into(),
            })?;
            self.mqtt = Some(src.pool.subscribe(&src.endpoint, &src.topic)?);
        }
        Ok(())
    }
}

/// Readings from the broker. `device_back`: the device's `host:port` when MQTT runs because the
/// device did not answer; it ends the run (WindowOver) once the device accepts connections again.
/// `window`: when the run should give the live stream another try.
pub(super) async fn run_mqtt(
    cx: &mut Ctx,
    client: Option<&Client>,
    device_back: Option<String>,
    window: Option<Instant>,
) -> Outcome {
    let mut sub = match cx.subscription() {
        Ok(()) => match cx.mqtt.take() {
            Some(s) => s,
            None => return Outcome::Cancelled,
        },
        Err(e) => return Outcome::Broker(e),
    };
    let outcome = mqtt_loop(cx, client, &mut sub, device_back, window).await;
    cx.mqtt = Some(sub);
    outcome
}

async fn mqtt_loop(
    cx: &mut Ctx,
    client: Option<&Client>,
    sub: &mut Subscription,
    device_back: Option<String>,
    window: Option<Instant>,
) -> Outcome {
    let Some(mapping) = cx.cfg.mqtt.as_ref().map(|m| m.mapping.clone()) else {
        return Outcome::Cancelled;
    };
    let interval = cx
        .mqtt_interval
        .unwrap_or(cx.cfg.timing.mqtt_interval.as_secs_f64());
    let stale = stale_after(cx, interval);
    sub.skip_backlog();
    let mut status = sub.status();
    status.mark_changed();
    let mut health = tokio::time::interval(cx.cfg.timing.health_every);
    health.tick().await;
    let mut recheck = tokio::time::interval(cx.cfg.timing.device_recheck);
    recheck.tick().await;
    let window_at = window.map(tokio::time::Instant::from_std);
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
            // Not while the device is known to be out of reach: the request would only time out.
            _ = health.tick(), if client.is_some() && device_back.is_none() => {
                if let Some(Ok(sys)) = match client { Some(c) => Some(c.system().await), None => None } {
                    cx.health(&sys);
                }
            }
            _ = recheck.tick(), if device_back.is_some() => {
                if let Some(t) = &device_back {
                    let probe = tokio::time::timeout(
                        Duration::from_millis(500),
                        tokio::net::TcpStream::connect(t.as_str()),
                    );
                    if matches!(probe.await, Ok(Ok(_))) {
                        return Outcome::WindowOver;
                    }
                }
            }
            ev = sub.next() => match ev {
                None => return Outcome::Broker(BrokerError::Lost { detail: "connection task ended".into() }),
                Some(SubEvent::Message(m)) => match whatwatt::mqtt::decode(&m.payload, &mapping) {
                    Ok(reading) => {
                        last = Instant::now();
                        cx.emit(reading, Transport::Mqtt, !live, m.payload.len() as u64);
                        if !live {
                            live = true;
                            cx.backoff.reset();
                            cx.set(SessionState::Live { transport: Transport::Mqtt });
                        }
                    }
                    Err(e) => {
                        let reason = match e {
                            Error::MalformedEvent { reason, .. } => reason,
                            other => other.to_string(),
                        };
                        cx.malformed(Transport::Mqtt, reason, &m.payload, m.payload.len());
                    }
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
