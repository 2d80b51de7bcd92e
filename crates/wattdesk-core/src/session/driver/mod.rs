//! The session loop: learn the device, pick a transport, run it until it ends, decide what the end
//! means (stale, taken by another client, offline, refused), wait as appropriate, repeat.

use super::{
    Backoff, Health, PayloadProblem, SessionConfig, SessionEvent, SessionState, TimedReading,
    Transport, TransportChoice,
};
use crate::broker::{BrokerError, Subscription};
use chrono::{FixedOffset, NaiveDateTime, Utc};
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;
use whatwatt::{AuthFailure, Client, Error, Reading};

mod mqtt;
use mqtt::{broker_down, run_mqtt, settle};

struct Ctx {
    cfg: SessionConfig,
    events: broadcast::Sender<SessionEvent>,
    state: watch::Sender<SessionState>,
    cancel: CancellationToken,
    backoff: Backoff,
    health: Option<Health>,
    last: Option<Reading>,
    /// Held from the first MQTT use to the end of the session, so the broker connection stays up
    /// while other transports run.
    mqtt: Option<Subscription>,
    malformed: u64,
    /// Last known MQTT publish interval (s) and licence, for when the device cannot be asked.
    mqtt_interval: Option<f64>,
    plus: Option<bool>,
}

enum Outcome {
    Cancelled,
    Stale {
        transport: Transport,
        silent: Duration,
    },
    /// The device ended the live stream cleanly: another client took it.
    TakenOver,
    /// The polling window after a take-over is over: try the live stream again.
    WindowOver,
    Failed(Error),
    /// MQTT stayed silent while the broker connection was failing.
    Broker(BrokerError),
}

impl Ctx {
    fn set(&self, s: SessionState) {
        if *self.state.borrow() != s {
            self.state.send_replace(s.clone());
            let _ = self.events.send(SessionEvent::State(s));
        }
    }

    fn health(&mut self, sys: &whatwatt::models::system::SystemInfo) {
        let h = Health::from_system(sys, self.health.as_ref());
        self.health = Some(h.clone());
        let _ = self.events.send(SessionEvent::Health(h));
    }

    /// Emits a reading unless it repeats the previous report. Polling repeats a report whenever the
    /// meter has not produced a new one (same report id and time). The live stream sends each report
    /// once; only the first event after a reconnect may repeat the last one seen, so only that one is
    /// compared, in full (consecutive reports of a fast meter can share a timestamp).
    fn emit(
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

    fn malformed(&mut self, transport: Transport, reason: String, payload: &[u8], bytes: usize) {
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

    /// Sleeps `d` unless cancelled; false when cancelled.
    async fn sleep(&self, d: Duration) -> bool {
        tokio::select! {
            _ = self.cancel.cancelled() => false,
            _ = tokio::time::sleep(d) => true,
        }
    }

    /// Waits out a backoff delay while Offline; a device that accepts TCP again ends the wait early
    /// (so a device that comes back is live again within about `reach_probe`).
    async fn offline(&mut self, client: &Client, reason: &Error) -> bool {
        let delay = self.backoff.next_delay();
        self.set(SessionState::Offline {
            retry_in_s: delay.as_secs_f64().ceil() as u64,
            reason: reason.to_string(),
        });
        let connection_level = matches!(reason, Error::Unreachable { .. } | Error::Timeout(_));
        let until = Instant::now() + delay;
        let target = host_port(client);
        while Instant::now() < until {
            let step = self.cfg.timing.reach_probe.min(until - Instant::now());
            if !self.sleep(step).await {
                return false;
            }
            if connection_level {
                if let Some(t) = &target {
                    let probe = tokio::time::timeout(
                        Duration::from_millis(500),
                        tokio::net::TcpStream::connect(t.as_str()),
                    );
                    if matches!(probe.await, Ok(Ok(_))) {
                        return true;
                    }
                }
            }
        }
        true
    }
}

fn host_port(client: &Client) -> Option<String> {
    let u = client.base_url();
    Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?))
}

/// The device's offset from UTC, from its clock (local date and time in `/api/v1/system`) compared
/// with ours, rounded to 15 minutes (real zone offsets are multiples of it).
fn utc_offset(sys: &whatwatt::models::system::SystemInfo) -> Option<FixedOffset> {
    let d = sys.device.date.as_deref()?;
    let t = sys.device.time.as_deref()?;
    let local = NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M:%S").ok()?;
    let diff = (local - Utc::now().naive_utc()).num_seconds();
    let quarter = ((diff as f64) / 900.0).round() as i32 * 900;
    FixedOffset::east_opt(quarter)
}

pub async fn run(
    cfg: SessionConfig,
    events: broadcast::Sender<SessionEvent>,
    state: watch::Sender<SessionState>,
    cancel: CancellationToken,
) {
    let backoff = Backoff::new(cfg.timing.backoff_base, cfg.timing.backoff_cap);
    let mut cx = Ctx {
        cfg,
        events,
        state,
        cancel,
        backoff,
        health: None,
        last: None,
        mqtt: None,
        malformed: 0,
        mqtt_interval: None,
        plus: None,
    };
    let mut attempt = 0u32;
    let mut taken_until: Option<Instant> = None;
    let mut taken_backoff =
        Backoff::new(cx.cfg.timing.preempt_retry, cx.cfg.timing.preempt_retry * 5);
    let choice = cx.cfg.transport;
    let built = Client::builder(&cx.cfg.address)
        .password(cx.cfg.password.clone())
        .timeout(cx.cfg.timing.request_timeout)
        .build();
    let client = match built {
        Ok(c) => Some(c),
        // MQTT alone needs no device address (`wattdesk-cli watch --transport mqtt`).
        Err(_) if choice == TransportChoice::Mqtt && cx.cfg.address.trim().is_empty() => None,
        Err(e) => {
            cx.set(SessionState::Offline {
                retry_in_s: 0,
                reason: e.to_string(),
            });
            cx.cancel.cancelled().await;
            cx.set(SessionState::Stopped);
            return;
        }
    };
    loop {
        if cx.cancel.is_cancelled() {
            break;
        }
        attempt += 1;
        cx.set(SessionState::Connecting { attempt });
        if choice == TransportChoice::Mqtt {
            // MQTT alone: readings come from the broker; the device is only asked (when it answers)
            // for its publish interval and health.
            if cx.cfg.mqtt.is_none() {
                cx.set(SessionState::Offline {
                    retry_in_s: 0,
                    reason: "MQTT is not set up for this meter: choose a broker and topic".into(),
                });
                cx.cancel.cancelled().await;
                break;
            }
            if let Some(c) = &client {
                if let Ok(sys) = c.system().await {
                    cx.learn(c, &sys).await;
                }
            }
            let outcome = run_mqtt(&mut cx, client.as_ref(), None, None).await;
            if !settle(&mut cx, outcome).await {
                break;
            }
            continue;
        }
        let Some(client) = client.as_ref() else {
            break;
        };
        let sys = match client.system().await {
            Ok(s) => s,
            Err(Error::Unauthorized(f)) => {
                cx.set(match f {
                    AuthFailure::PasswordRequired => SessionState::NeedsPassword,
                    AuthFailure::WrongPassword => SessionState::WrongPassword,
                });
                if !cx.sleep(cx.cfg.timing.auth_retry).await {
                    break;
                }
                continue;
            }
            Err(e) => {
                // Out of reach from here (another VLAN, a firewall) while the broker may still carry
                // its readings: listen there until the device answers again.
                if choice == TransportChoice::Auto
                    && cx.cfg.mqtt.is_some()
                    && cx.plus != Some(false)
                    && e.is_transient()
                {
                    let outcome = run_mqtt(&mut cx, Some(client), host_port(client), None).await;
                    if !settle(&mut cx, outcome).await {
                        break;
                    }
                    continue;
                }
                if !cx.offline(client, &e).await {
                    break;
                }
                continue;
            }
        };
        cx.health(&sys);
        let interval = meter_interval(&sys);
        let plus = sys.is_plus();
        cx.plus = Some(plus);
        let taken = taken_until.is_some_and(|t| Instant::now() < t);
        let transport = match choice {
            TransportChoice::Sse => Transport::Sse,
            TransportChoice::Poll => Transport::Poll,
            // MQTT publishing needs PLUS too, so FREE never gets here with a fallback.
            TransportChoice::Auto if taken && plus && cx.cfg.mqtt.is_some() => Transport::Mqtt,
            TransportChoice::Auto if taken && plus => Transport::Poll,
            TransportChoice::Auto | TransportChoice::Mqtt => Transport::Sse,
        };
        if transport == Transport::Poll && !plus {
            cx.set(SessionState::LicenseRequired {
                detail:
                    "polling /api/v1/report needs a PLUS licence; the live stream works on FREE"
                        .into(),
            });
            if !cx.sleep(cx.cfg.timing.auth_retry).await {
                break;
            }
            continue;
        }
        let window = (choice == TransportChoice::Auto)
            .then_some(taken_until)
            .flatten();
        let outcome = match transport {
            Transport::Poll => run_poll(&mut cx, client, interval, window).await,
            Transport::Mqtt => {
                cx.learn(client, &sys).await;
                match run_mqtt(&mut cx, Some(client), None, window).await {
                    // MQTT silent after the stream was taken: polling is the last resort.
                    Outcome::Stale { .. } | Outcome::Broker(_) => {
                        run_poll(&mut cx, client, interval, window).await
                    }
                    other => other,
                }
            }
            Transport::Sse => run_sse(&mut cx, client, interval, utc_offset(&sys)).await,
        };
        match outcome {
            Outcome::Cancelled => break,
            Outcome::Stale { transport, silent } => {
                cx.set(SessionState::Stale {
                    transport,
                    silent_s: silent.as_secs_f64(),
                });
            }
            Outcome::WindowOver => taken_until = None,
            Outcome::TakenOver => {
                // Do not fight for the single stream: fall back (PLUS) or wait, growing slowly (FREE).
                let fallback = match (plus && choice == TransportChoice::Auto, &cx.cfg.mqtt) {
                    (true, Some(_)) => Some(Transport::Mqtt),
                    (true, None) => Some(Transport::Poll),
                    (false, _) => None,
                };
                let wait = if fallback.is_some() {
                    cx.cfg.timing.preempt_hold
                } else {
                    taken_backoff.next_delay()
                };
                taken_until = Some(Instant::now() + wait);
                cx.set(SessionState::Preempted {
                    fallback,
                    retry_in_s: wait.as_secs_f64().ceil() as u64,
                });
                if fallback.is_none() && !cx.sleep(wait).await {
                    break;
                }
            }
            Outcome::Failed(Error::Unauthorized(_)) => {}
            Outcome::Failed(Error::LicenseRequired) => {
                cx.set(SessionState::LicenseRequired {
                    detail: "the device refused /api/v1/report: PLUS licence required".into(),
                });
                if !cx.sleep(cx.cfg.timing.auth_retry).await {
                    break;
                }
            }
            Outcome::Failed(e) => {
                if !cx.offline(client, &e).await {
                    break;
                }
            }
            Outcome::Broker(e) => {
                if !broker_down(&mut cx, &e).await {
                    break;
                }
            }
        }
    }
    cx.set(SessionState::Stopped);
}

fn meter_interval(sys: &whatwatt::models::system::SystemInfo) -> f64 {
    sys.meter_interval_s().unwrap_or(1.0)
}

fn stale_after(cx: &Ctx, interval: f64) -> Duration {
    Duration::from_secs_f64(interval * 3.0).max(cx.cfg.timing.stale_floor)
}

async fn run_sse(
    cx: &mut Ctx,
    client: &Client,
    interval: f64,
    offset: Option<FixedOffset>,
) -> Outcome {
    let mut stream = tokio::select! {
        _ = cx.cancel.cancelled() => return Outcome::Cancelled,
        s = client.live(offset) => match s {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let stale = stale_after(cx, interval);
    let mut live = false;
    let mut health = tokio::time::interval(cx.cfg.timing.health_every);
    health.tick().await;
    let mut last = Instant::now();
    let mut counted = 0u64;
    loop {
        tokio::select! {
            _ = cx.cancel.cancelled() => return Outcome::Cancelled,
            _ = health.tick() => {
                if let Ok(sys) = client.system().await {
                    cx.health(&sys);
                }
            }
            item = tokio::time::timeout(stale.saturating_sub(last.elapsed()), stream.next()) => match item {
                Err(_) => return Outcome::Stale { transport: Transport::Sse, silent: last.elapsed() },
                Ok(Some(Ok(reading))) => {
                    last = Instant::now();
                    let now = stream.bytes_received();
                    cx.emit(reading, Transport::Sse, !live, now - counted);
                    counted = now;
                    if !live {
                        live = true;
                        cx.backoff.reset();
                        cx.set(SessionState::Live { transport: Transport::Sse });
                        // Health was read before the first report; the meter link has changed since
                        // (e.g. NOT CONNECTED → OK right after a boot), so read it again now.
                        if let Ok(sys) = client.system().await {
                            cx.health(&sys);
                        }
                    }
                }
                Ok(Some(Err(e @ Error::MalformedEvent { .. }))) => {
                    tracing::debug!("skipping a malformed live event: {e}");
                }
                Ok(Some(Err(e))) => return Outcome::Failed(e),
                Ok(None) => return Outcome::TakenOver,
            }
        }
    }
}

async fn run_poll(
    cx: &mut Ctx,
    client: &Client,
    interval: f64,
    window: Option<Instant>,
) -> Outcome {
    // Never faster than the meter, never faster than min_poll: frequent HTTP can brown out an
    // M-Bus-powered device (docs: power-and-wifi).
    let period = Duration::from_secs_f64(interval).max(cx.cfg.timing.min_poll);
    let stale = stale_after(cx, interval.max(period.as_secs_f64()));
    let mut ticker = tokio::time::interval(period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut health = tokio::time::interval(cx.cfg.timing.health_every);
    health.tick().await;
    let mut live = false;
    let mut last_new = Instant::now();
    loop {
        if window.is_some_and(|w| Instant::now() >= w) {
            return Outcome::WindowOver;
        }
        tokio::select! {
            _ = cx.cancel.cancelled() => return Outcome::Cancelled,
            _ = health.tick() => {
                if let Ok(sys) = client.system().await {
                    cx.health(&sys);
                }
            }
            _ = ticker.tick() => {
                match client.report_sized().await {
                    Ok((env, bytes)) => {
                        let reading = Reading::from_report(&env);
                        if reading.report_id.is_some() && cx.emit(reading, Transport::Poll, !live, bytes as u64) {
                            last_new = Instant::now();
                            if !live {
                                live = true;
                                cx.backoff.reset();
                                cx.set(SessionState::Live { transport: Transport::Poll });
                                if let Ok(sys) = client.system().await {
                                    cx.health(&sys);
                                }
                            }
                        }
                        if last_new.elapsed() > stale {
                            return Outcome::Stale { transport: Transport::Poll, silent: last_new.elapsed() };
                        }
                    }
                    Err(e) => return Outcome::Failed(e),
                }
            }
        }
    }
}
