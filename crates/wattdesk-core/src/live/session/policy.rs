//! The session's decisions, without sockets: which transport to run next, what the end of a run
//! means (stale, taken by another client, offline, refused), how long to wait and what the user sees
//! meanwhile. The transports (`sse.rs`, `poll.rs`, `mqtt.rs`) only do I/O and report an [`Outcome`];
//! the driver applies what [`Policy`] answers. Time comes in as an argument, so every rule is unit
//! tested below without a device.

use super::{Backoff, Timing};
use crate::i18n::catalog::said;
use crate::ipc::{Said, SessionState, Transport, TransportChoice};
use crate::live::broker::BrokerError;
use std::time::{Duration, Instant};
use whatwatt::{AuthFailure, Error};

/// How a transport run ended.
#[derive(Debug)]
pub enum Outcome {
    Cancelled,
    /// No reading for longer than [`stale_after`].
    Stale {
        transport: Transport,
        silent: Duration,
    },
    /// The device ended the live stream cleanly: another client took it.
    TakenOver,
    /// The run's window is over (see [`Run::window`]), or the device answers again while MQTT stood
    /// in for it: try the preferred transport again.
    WindowOver,
    Failed(Error),
    /// MQTT stayed silent while the broker connection was failing.
    Broker(BrokerError),
}

/// One transport run the driver should start.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub transport: Transport,
    /// When to give the live stream another try (after it was taken by another client).
    pub window: Option<Instant>,
    /// MQTT stands in for a device that does not answer: end the run once it does again.
    pub device_back: bool,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Run(Run),
    /// Show `state` (if any) and start the next round at once.
    Again(Option<SessionState>),
    /// Show `state`, wait `wait` (ended early when `until_reachable` and the device accepts
    /// connections again), then start the next round.
    Wait {
        state: SessionState,
        wait: Duration,
        until_reachable: bool,
    },
    /// Show `state` and do nothing more until the session is stopped (nothing can change by itself).
    Park(SessionState),
    Stop,
}

/// A stream is stale after 3 report intervals without a reading, never sooner than `floor`.
pub fn stale_after(interval_s: f64, floor: Duration) -> Duration {
    Duration::from_secs_f64(interval_s.max(0.0) * 3.0).max(floor)
}

/// Polling never runs faster than the meter reports, nor than `min_poll`: frequent HTTP can brown
/// out an M-Bus-powered device (docs: power-and-wifi).
pub fn poll_period(interval_s: f64, min_poll: Duration) -> Duration {
    Duration::from_secs_f64(interval_s.max(0.0)).max(min_poll)
}

/// Polling pace for a reader that must be spared (docs: power-and-wifi: on meter power, or with the
/// super-capacitor below 4.5 V, frequent HTTP can brown it out): a report at most every 10 s.
pub const GENTLE_POLL: Duration = Duration::from_secs(10);
/// Health reads for such a reader: every 5 minutes instead of every minute.
pub const GENTLE_HEALTH: Duration = Duration::from_secs(300);

/// Why a reader is asked less often, from its supply (`None`: it is not): in English and for the window.
pub fn gentle_reason(sys: &whatwatt::models::system::SystemInfo) -> Option<(String, Said)> {
    let plug = sys.device.plug.as_ref()?;
    let scap_low = plug
        .v_scap
        .is_some_and(|v| v > 0.0 && v < whatwatt::models::system::Plug::MIN_SCAP_V);
    let meter_powered = plug.v_usb.is_some_and(|v| v < 4.0);
    let key = match (scap_low, meter_powered) {
        (true, _) => "meters_gentle_low_reserve",
        (false, true) => "meters_gentle_meter_power",
        (false, false) => return None,
    };
    let (poll, health) = (
        GENTLE_POLL.as_secs().to_string(),
        (GENTLE_HEALTH.as_secs() / 60).to_string(),
    );
    Some(said(key, &[("poll", &poll), ("health", &health)]))
}

pub struct Policy {
    choice: TransportChoice,
    mqtt_set_up: bool,
    timing: Timing,
    backoff: Backoff,
    /// After a take-over: the stream is left to the other client until then.
    taken_until: Option<Instant>,
    /// FREE has no fallback: retry the stream after a wait that grows slowly.
    taken_backoff: Backoff,
    /// The licence, once the device said (MQTT publishing and polling need PLUS).
    plus: Option<bool>,
}

impl Policy {
    pub fn new(choice: TransportChoice, mqtt_set_up: bool, timing: &Timing) -> Policy {
        Policy {
            choice,
            mqtt_set_up,
            timing: timing.clone(),
            backoff: Backoff::new(timing.backoff_base, timing.backoff_cap),
            taken_until: None,
            taken_backoff: Backoff::new(timing.preempt_retry, timing.preempt_retry * 5),
            plus: None,
        }
    }

    /// The first step of a round when the user chose MQTT alone: readings come from the broker, the
    /// device is only asked (when it answers) for its publish interval and health.
    pub fn mqtt_alone(&self) -> Option<Next> {
        if self.choice != TransportChoice::Mqtt {
            return None;
        }
        Some(if self.mqtt_set_up {
            Next::Run(Run {
                transport: Transport::Mqtt,
                window: None,
                device_back: false,
            })
        } else {
            Next::Park(SessionState::Offline {
                retry_in_s: 0,
                reason: "MQTT is not set up for this meter: choose a broker and topic".into(),
            })
        })
    }

    /// The device did not answer `/api/v1/system`.
    pub fn device_silent(&mut self, e: &Error) -> Next {
        if let Error::Unauthorized(f) = e {
            return Next::Wait {
                state: match f {
                    AuthFailure::PasswordRequired => SessionState::NeedsPassword,
                    AuthFailure::WrongPassword => SessionState::WrongPassword,
                    AuthFailure::BasicRefused => SessionState::BasicRefused,
                },
                wait: self.timing.auth_retry,
                until_reachable: false,
            };
        }
        // Out of reach from here (another VLAN, a firewall) while the broker may still carry its
        // readings: listen there until the device answers again.
        if self.choice == TransportChoice::Auto
            && self.mqtt_set_up
            && self.plus != Some(false)
            && e.is_transient()
        {
            return Next::Run(Run {
                transport: Transport::Mqtt,
                window: None,
                device_back: true,
            });
        }
        self.offline(e)
    }

    /// The device answered with its licence: which transport to run.
    pub fn plan(&mut self, plus: bool, now: Instant) -> Next {
        self.plus = Some(plus);
        let taken = self.taken_until.is_some_and(|t| now < t);
        let auto = self.choice == TransportChoice::Auto;
        let transport = match self.choice {
            TransportChoice::Sse => Transport::Sse,
            TransportChoice::Poll => Transport::Poll,
            // MQTT publishing needs PLUS too, so FREE never gets a fallback.
            TransportChoice::Auto if taken && plus && self.mqtt_set_up => Transport::Mqtt,
            TransportChoice::Auto if taken && plus => Transport::Poll,
            TransportChoice::Auto | TransportChoice::Mqtt => Transport::Sse,
        };
        if transport == Transport::Poll && !plus {
            return Next::Wait {
                state: SessionState::LicenseRequired {
                    detail:
                        "polling /api/v1/report needs a PLUS licence; the live stream works on FREE"
                            .into(),
                },
                wait: self.timing.auth_retry,
                until_reachable: false,
            };
        }
        Next::Run(Run {
            transport,
            window: if auto { self.taken_until } else { None },
            device_back: false,
        })
    }

    /// A run of `run` ended with `outcome`: the transport to try at once in its place, if any.
    /// MQTT silent after the stream was taken: polling is the last resort.
    pub fn instead(&self, run: &Run, outcome: &Outcome) -> Option<Run> {
        let stood_in = run.transport == Transport::Mqtt && run.window.is_some();
        (stood_in && matches!(outcome, Outcome::Stale { .. } | Outcome::Broker(_))).then(|| Run {
            transport: Transport::Poll,
            ..run.clone()
        })
    }

    /// Readings flow again: the next trouble starts the backoff from its first step.
    pub fn live(&mut self) {
        self.backoff.reset();
    }

    /// What the end of a run means.
    pub fn after(&mut self, outcome: &Outcome, now: Instant) -> Next {
        match outcome {
            Outcome::Cancelled => Next::Stop,
            Outcome::Stale { transport, silent } => Next::Again(Some(SessionState::Stale {
                transport: *transport,
                silent_s: silent.as_secs_f64(),
            })),
            Outcome::WindowOver => {
                self.taken_until = None;
                Next::Again(None)
            }
            Outcome::TakenOver => self.taken_over(now),
            // The next round's `/api/v1/system` shows whether a password is needed or wrong.
            Outcome::Failed(Error::Unauthorized(_)) => Next::Again(None),
            Outcome::Failed(Error::LicenseRequired) => Next::Wait {
                state: SessionState::LicenseRequired {
                    detail: "the device refused /api/v1/report: PLUS licence required".into(),
                },
                wait: self.timing.auth_retry,
                until_reachable: false,
            },
            Outcome::Failed(e) => self.offline(e),
            // The broker connection retries on its own; show why and wait a little.
            Outcome::Broker(e) => {
                let wait = self.backoff.next_delay();
                Next::Wait {
                    state: SessionState::Offline {
                        retry_in_s: secs(wait),
                        reason: format!("MQTT broker: {e}"),
                    },
                    wait,
                    until_reachable: false,
                }
            }
        }
    }

    /// Another client took the single live stream. Do not fight for it: fall back (PLUS) or wait,
    /// longer each time (FREE).
    fn taken_over(&mut self, now: Instant) -> Next {
        let plus = self.plus == Some(true) && self.choice == TransportChoice::Auto;
        let fallback = match (plus, self.mqtt_set_up) {
            (true, true) => Some(Transport::Mqtt),
            (true, false) => Some(Transport::Poll),
            (false, _) => None,
        };
        let wait = match fallback {
            Some(_) => self.timing.preempt_hold,
            None => self.taken_backoff.next_delay(),
        };
        self.taken_until = Some(now + wait);
        let state = SessionState::Preempted {
            fallback,
            retry_in_s: secs(wait),
        };
        match fallback {
            Some(_) => Next::Again(Some(state)),
            None => Next::Wait {
                state,
                wait,
                until_reachable: false,
            },
        }
    }

    fn offline(&mut self, e: &Error) -> Next {
        let wait = self.backoff.next_delay();
        Next::Wait {
            state: SessionState::Offline {
                retry_in_s: secs(wait),
                reason: e.to_string(),
            },
            wait,
            // A device that accepts TCP again ends the wait early (back within about a second).
            until_reachable: matches!(e, Error::Unreachable { .. } | Error::Timeout(_)),
        }
    }
}

fn secs(d: Duration) -> u64 {
    d.as_secs_f64().ceil() as u64
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
