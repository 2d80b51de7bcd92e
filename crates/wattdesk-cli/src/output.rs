//! How session events look on a terminal: one line of text each, or NDJSON with a `type` field
//! (`reading` with unit-named fields, `state`, `health`, `malformed`).

use wattdesk_core::ipc::SessionState;
use wattdesk_core::live::session::SessionEvent;

/// `value` as a JSON object with `"type": kind` added.
fn tagged(kind: &str, value: impl serde::Serialize) -> serde_json::Value {
    let mut v = serde_json::to_value(value).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("type".into(), kind.into());
    }
    v
}

pub fn print_event(ev: &SessionEvent, json: bool) {
    match ev {
        SessionEvent::Reading(r) if json => {
            let mut v = tagged("reading", &r.reading);
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "transport".into(),
                    serde_json::to_value(r.transport).unwrap_or_default(),
                );
                o.insert("received".into(), r.received.to_rfc3339().into());
                o.insert("bytes".into(), r.bytes.into());
            }
            println!("{v}");
        }
        SessionEvent::Reading(r) => {
            let x = &r.reading;
            let net = x.net_power_kw().unwrap_or(0.0);
            println!(
                "{}  {:>+8.3} kW {}  import {:.3} kWh  export {:.3} kWh  {:?}",
                x.local_time
                    .or_else(|| x
                        .timestamp
                        .map(|t| t.with_timezone(&chrono::Local).naive_local()))
                    .map(|t| t.format("%H:%M:%S").to_string())
                    .unwrap_or_else(|| "--:--:--".into()),
                net,
                if net < 0.0 { "exporting" } else { "importing" },
                x.energy_import_kwh.unwrap_or(f64::NAN),
                x.energy_export_kwh.unwrap_or(f64::NAN),
                r.transport
            );
        }
        SessionEvent::State(s) if json => println!("{}", tagged("state", s)),
        SessionEvent::State(s) => eprintln!("state: {}", describe(s)),
        SessionEvent::Health(h) if json => println!("{}", tagged("health", h)),
        SessionEvent::Health(_) => {}
        SessionEvent::Malformed(m) if json => println!("{}", tagged("malformed", m)),
        SessionEvent::Scheme(_) | SessionEvent::System(_) => {}
        SessionEvent::Malformed(m) => eprintln!(
            "malformed {:?} payload #{} ({} bytes): {}",
            m.transport, m.count, m.bytes, m.reason
        ),
    }
}

fn describe(s: &SessionState) -> String {
    match s {
        SessionState::Connecting { attempt } => format!("connecting (attempt {attempt})"),
        SessionState::Live { transport } => format!("live via {transport:?}").to_lowercase(),
        SessionState::Stale { silent_s, .. } => {
            format!("stale: no reading for {silent_s:.1} s, reconnecting")
        }
        SessionState::Preempted {
            fallback: Some(t), ..
        } => format!("another app is using the live stream; using {t:?} meanwhile").to_lowercase(),
        SessionState::Preempted { retry_in_s, .. } => {
            format!("another app is using the live stream; retrying in {retry_in_s} s")
        }
        SessionState::NeedsPassword => "the device needs a password (--password-env VAR)".into(),
        SessionState::WrongPassword => "the device rejected the password".into(),
        SessionState::BasicRefused => "the device asked for the password in clear text (HTTP Basic) after using Digest; it was not sent".into(),
        SessionState::LicenseRequired { detail } => format!("licence: {detail}"),
        SessionState::Offline { retry_in_s, reason } => {
            format!("offline ({reason}); retrying in {retry_in_s} s")
        }
        SessionState::Stopped => "stopped".into(),
    }
}
