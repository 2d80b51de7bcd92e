//! The transport inspector: what each transport delivers from the same meter, side by side.

use super::{lock, App};
use crate::error::{CoreError, Result};
use crate::ipc::Comparison;
use crate::ipc::TransportFigures;
use crate::live::inspector::Ledger;
use crate::live::payload::{PayloadReader, Read};
use crate::live::session::{SessionEvent, SessionState, TimedReading, Transport};
use chrono::Utc;
use std::time::Duration;
use tokio::sync::broadcast;
use whatwatt::Reading;

impl App {
    /// What each transport delivered to the meter's session since it started.
    pub fn transport_figures(&self, device_id: &str) -> Result<Vec<TransportFigures>> {
        if lock(&self.inner.registry).get(device_id).is_none() {
            return Err(CoreError::UnknownMeter(device_id.to_owned()));
        }
        Ok(self.inner.supervisor.presence(device_id).ledger.table())
    }

    /// Measures all three transports of one meter at the same time for `seconds` (10–300): the
    /// session's own transport as it runs, plus a polling probe and an MQTT listener for the ones
    /// the session is not using. Only one client can hold the live stream, so SSE is measured only
    /// when the session has it.
    pub async fn compare_transports(&self, device_id: &str, seconds: u64) -> Result<Comparison> {
        let saved = self.saved(device_id)?;
        let seconds = seconds.clamp(10, 300);
        let mut rx = self
            .inner
            .supervisor
            .subscribe(device_id)
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?;
        let session_on = match self.inner.supervisor.state(device_id) {
            Some(SessionState::Live { transport }) => Some(transport),
            _ => None,
        };
        let link = self.link(&saved);
        let client = self.device_client(device_id)?;
        let mut ledger = Ledger::default();
        let (plus, meter_interval) = match client.system().await {
            Ok(sys) => (sys.is_plus(), sys.meter_interval_s().unwrap_or(1.0)),
            Err(e) => {
                ledger.note(Transport::Poll, format!("the device did not answer: {e}"));
                (false, 1.0)
            }
        };
        if session_on != Some(Transport::Sse) {
            ledger.note(
                Transport::Sse,
                match self.inner.supervisor.state(device_id) {
                    Some(SessionState::Preempted { .. }) => {
                        "another app holds the device's single live stream".to_owned()
                    }
                    _ => "the session is not on the live stream right now".to_owned(),
                },
            );
        }
        let poll_probe = session_on != Some(Transport::Poll) && plus;
        if !plus {
            ledger.note(Transport::Poll, "polling needs a PLUS licence");
        }
        let mut mqtt = None;
        match &link.mqtt {
            None => ledger.note(
                Transport::Mqtt,
                "not set up: choose a broker in the meter's MQTT settings",
            ),
            Some(src) if session_on != Some(Transport::Mqtt) => {
                match src.pool.subscribe(&src.endpoint, &src.topic) {
                    Ok(s) => mqtt = Some((s, PayloadReader::new(src.mapping.clone()))),
                    Err(e) => ledger.error(Transport::Mqtt, e.to_string()),
                }
            }
            Some(_) => {}
        }
        let until = tokio::time::Instant::now() + Duration::from_secs(seconds);
        let period = Duration::from_secs_f64(meter_interval.max(1.0));
        let mut poll = tokio::time::interval(period);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_poll: Option<Reading> = None;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => break,
                ev = rx.recv() => match ev {
                    Ok(SessionEvent::Reading(r)) => ledger.record(&r),
                    Ok(SessionEvent::Malformed(m)) => ledger.error(m.transport, m.reason),
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => {
                        return Err(CoreError::UnknownMeter(device_id.to_owned()))
                    }
                },
                _ = poll.tick(), if poll_probe => match client.report_sized().await {
                    Ok((env, bytes)) => {
                        let reading = Reading::from_report(&env);
                        let repeat = last_poll.as_ref().is_some_and(|l| reading.repeats(l));
                        if !repeat {
                            last_poll = Some(reading.clone());
                            ledger.record(&TimedReading {
                                reading,
                                transport: Transport::Poll,
                                received: Utc::now(),
                                bytes: bytes as u64,
                            });
                        }
                    }
                    Err(e) => ledger.error(Transport::Poll, e.to_string()),
                },
                m = async {
                    match mqtt.as_mut() {
                        Some((s, _)) => s.next().await,
                        None => std::future::pending().await,
                    }
                } => match m {
                    Some(crate::live::broker::SubEvent::Message(msg)) => {
                        let read = match mqtt.as_mut() {
                            Some((_, reader)) => reader.read(&msg.payload),
                            None => Read::AgainUnknown,
                        };
                        match read {
                            Read::Reading { reading, problem } => {
                                if let Some(p) = problem {
                                    ledger.error(Transport::Mqtt, p);
                                }
                                ledger.record(&TimedReading {
                                    reading: *reading,
                                    transport: Transport::Mqtt,
                                    received: msg.received,
                                    bytes: msg.payload.len() as u64,
                                });
                            }
                            Read::Problem(reason) => ledger.error(Transport::Mqtt, reason),
                            Read::AgainUnknown => {}
                        }
                    }
                    Some(crate::live::broker::SubEvent::Oversized(n)) => {
                        ledger.error(Transport::Mqtt, format!("a {n}-byte message was too large"))
                    }
                    Some(crate::live::broker::SubEvent::Lagged(_)) => {}
                    None => mqtt = None,
                },
            }
        }
        if let Some((s, _)) = &mqtt {
            if let crate::live::broker::BrokerStatus::Failed { error, .. } =
                s.status().borrow().clone()
            {
                ledger.error(Transport::Mqtt, error.to_string());
            }
        }
        let mut rows = ledger.table();
        for r in &mut rows {
            if r.readings == 0 && r.note.is_none() && r.last_error.is_none() {
                r.note = Some(match r.transport {
                    Transport::Mqtt => "nothing arrived: is publishing enabled on the device, and is the interval shorter than the comparison?".into(),
                    _ => "nothing arrived".into(),
                });
            }
        }
        let conclusion = crate::live::inspector::conclusion(&rows, seconds);
        Ok(Comparison {
            seconds,
            rows,
            conclusion,
        })
    }
}
