//! What the gateway says, as JSON text built once per event and shared by every client: a reading
//! carries the same unit-named fields as `wattdesk-cli watch --json` (see [`reading_fields`]).

use crate::live::session::{Health, SessionState, TimedReading};
use serde_json::{Map, Value};

/// A reading's fields as `wattdesk-cli watch --json` prints them (without `type`): the normalized
/// reading (units in the names, absent quantities left out), `transport`, `received`, `bytes`.
pub fn reading_fields(r: &TimedReading) -> Map<String, Value> {
    let mut o = match serde_json::to_value(&r.reading) {
        Ok(Value::Object(o)) => o,
        _ => Map::new(),
    };
    o.insert(
        "transport".into(),
        serde_json::to_value(r.transport).unwrap_or_default(),
    );
    o.insert("received".into(), r.received.to_rfc3339().into());
    o.insert("bytes".into(), r.bytes.into());
    o
}

/// One event of one meter, ready to send.
#[derive(Debug)]
pub enum Out {
    /// `fields`: the inside of the reading's JSON object (no braces), so each client adds its own
    /// `seq` without parsing again. `live`: the device's SSE `live` payload for compatibility ports.
    Reading { fields: String, live: String },
    /// A whole message (`state` or `health`).
    Message(String),
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `{"type":"reading","meter":ID,"seq":N,...fields}`.
pub fn reading_message(meter: &str, seq: u64, fields: &str) -> String {
    let sep = if fields.is_empty() { "" } else { "," };
    format!(
        "{{\"type\":\"reading\",\"meter\":{},\"seq\":{seq}{sep}{fields}}}",
        quoted(meter)
    )
}

pub fn fields_text(r: &TimedReading) -> String {
    let text = Value::Object(reading_fields(r)).to_string();
    // "{...}" → "..."
    text.get(1..text.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

pub fn state_message(meter: &str, state: &SessionState) -> String {
    serde_json::json!({"type": "state", "meter": meter, "state": state}).to_string()
}

pub fn health_message(meter: &str, health: &Health) -> String {
    serde_json::json!({"type": "health", "meter": meter, "health": health}).to_string()
}

pub fn lagged_message(meter: &str, missed: u64) -> String {
    serde_json::json!({"type": "lagged", "meter": meter, "missed": missed}).to_string()
}

pub fn error_message(code: &str, message: &str) -> String {
    serde_json::json!({"type": "error", "code": code, "message": message}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::Transport;
    use whatwatt::Reading;

    #[test]
    fn a_reading_message_is_one_json_object_with_the_watch_fields() {
        let r = TimedReading {
            reading: Reading {
                power_import_kw: Some(1.5),
                energy_import_kwh: Some(10.25),
                ..Reading::default()
            },
            transport: Transport::Sse,
            received: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            bytes: 321,
        };
        let m = reading_message("A842E39F8124", 7, &fields_text(&r));
        let v: Value = serde_json::from_str(&m).unwrap();
        assert_eq!(v["type"], "reading");
        assert_eq!(v["meter"], "A842E39F8124");
        assert_eq!(v["seq"], 7);
        assert_eq!(v["power_import_kw"], 1.5);
        assert_eq!(v["energy_import_kwh"], 10.25);
        assert_eq!(v["transport"], "sse");
        assert_eq!(v["bytes"], 321);
        let empty: Value = serde_json::from_str(&reading_message("X", 1, "")).unwrap();
        assert_eq!(empty["seq"], 1);
    }
}
