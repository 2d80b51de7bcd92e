//! Recognising which built-in template a payload was rendered from, by its top-level keys.

use super::{Mapping, MAX_PAYLOAD_BYTES};
use serde_json::{Map, Value};
use std::fmt;

/// A payload layout WattDesk decodes without being told: its own template or the vendor Home Assistant
/// integration's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadFormat {
    /// [`super::WATTDESK_TEMPLATE`], decoded by [`Mapping::wattdesk`].
    Wattdesk,
    /// [`super::HOME_ASSISTANT_TEMPLATE`], decoded by [`Mapping::home_assistant`].
    HomeAssistant,
}

impl PayloadFormat {
    pub const ALL: [PayloadFormat; 2] = [PayloadFormat::Wattdesk, PayloadFormat::HomeAssistant];

    /// The mapping that decodes this format.
    pub fn mapping(self) -> Mapping {
        match self {
            PayloadFormat::Wattdesk => Mapping::wattdesk(),
            PayloadFormat::HomeAssistant => Mapping::home_assistant(),
        }
    }

    /// Recognises the format of one published payload from the top-level keys present (not their
    /// values). A format is recognised when the payload has at least one of its measurement keys that
    /// the other format does not use (`p_in`, `v1`, ... for WattDesk; `power_in`, `voltage_l1`, ... for
    /// Home Assistant), and none of the other format's. So a partial template (a single-phase meter,
    /// a template trimmed to a few quantities) is still recognised, while a payload carrying only keys
    /// both share (`tariff`), only ids and times, keys of both formats, or neither, is `None`: an unknown
    /// format whose mapping the user has to pick or confirm. `None` too for anything that is not a JSON
    /// object of at most [`MAX_PAYLOAD_BYTES`].
    pub fn detect(payload: &[u8]) -> Option<PayloadFormat> {
        if payload.len() > MAX_PAYLOAD_BYTES {
            return None;
        }
        match serde_json::from_slice(payload).ok()? {
            Value::Object(obj) => Self::detect_keys(&obj),
            _ => None,
        }
    }

    /// [`PayloadFormat::detect`] for an already parsed object.
    pub(crate) fn detect_keys(obj: &Map<String, Value>) -> Option<PayloadFormat> {
        let mappings = Self::ALL.map(PayloadFormat::mapping);
        let distinctive = |i: usize| {
            let (own, other) = (&mappings[i], &mappings[1 - i]);
            obj.keys()
                .filter(|k| {
                    own.0.iter().any(|(o, q)| o == *k && q.is_measurement())
                        && !other.0.iter().any(|(o, _)| o == *k)
                })
                .count()
        };
        match (distinctive(0), distinctive(1)) {
            (w, 0) if w > 0 => Some(PayloadFormat::Wattdesk),
            (0, h) if h > 0 => Some(PayloadFormat::HomeAssistant),
            _ => None,
        }
    }
}

impl fmt::Display for PayloadFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PayloadFormat::Wattdesk => "WattDesk's template",
            PayloadFormat::HomeAssistant => "the vendor Home Assistant integration's template",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::tests::{ha_rendered, wattdesk_rendered, HA_README_MESSAGE};

    fn detect(s: &str) -> Option<PayloadFormat> {
        PayloadFormat::detect(s.as_bytes())
    }

    #[test]
    fn recognises_the_rendered_templates() {
        assert_eq!(detect(&wattdesk_rendered()), Some(PayloadFormat::Wattdesk));
        assert_eq!(detect(&ha_rendered()), Some(PayloadFormat::HomeAssistant));
        assert_eq!(
            detect(HA_README_MESSAGE),
            Some(PayloadFormat::HomeAssistant)
        );
        assert_eq!(
            Mapping::detect(HA_README_MESSAGE.as_bytes()),
            Some(Mapping::home_assistant())
        );
        assert_eq!(
            Mapping::detect(wattdesk_rendered().as_bytes()),
            Some(Mapping::wattdesk())
        );
    }

    #[test]
    fn recognises_partial_payloads() {
        // A single-phase meter, a template trimmed to what one user wants, the values all `null`.
        assert_eq!(
            detect(r#"{"t":1735542122,"p_in":0.2,"v1":231,"i1":0.9,"e_in":12.5}"#),
            Some(PayloadFormat::Wattdesk)
        );
        assert_eq!(detect(r#"{"pf":null}"#), Some(PayloadFormat::Wattdesk));
        assert_eq!(
            detect(
                r#"{"sys_id":"A842E39F8124","time":"1700000000","power_in":"1.234","tariff":"1"}"#
            ),
            Some(PayloadFormat::HomeAssistant)
        );
        assert_eq!(
            detect(r#"{"voltage_l1":"231.4","current_l1":"null"}"#),
            Some(PayloadFormat::HomeAssistant)
        );
    }

    #[test]
    fn anything_else_is_unknown() {
        for other in [
            "{}",
            "[]",
            r#"[{"p_in":1}]"#,
            "42",
            r#""p_in""#,
            "not json",
            "",
            // Another template: the live stream's names, a temperature sensor.
            r#"{"P_In":0.036,"P_Out":0,"V_P1":230.1,"E_In":47.251}"#,
            r#"{"temperature":21.5,"humidity":40,"battery":"98"}"#,
            // Only keys both formats use, or none of their measurements.
            r#"{"tariff":1}"#,
            r#"{"sys_id":"A842E39F8124","meter_id":"","time":"2025-03-27T22:00:00Z"}"#,
            r#"{"id":"ECC9FF5C7F14","t":1735542122}"#,
            // Keys of both formats: which one is meant is a question for the user.
            r#"{"p_in":1.2,"power_out":"0"}"#,
            // Keys nested one level down are not the template's.
            r#"{"data":{"p_in":1.2,"v1":230}}"#,
        ] {
            assert_eq!(detect(other), None, "{other}");
        }
        let huge = format!(r#"{{"p_in":1,"pad":"{}"}}"#, "x".repeat(MAX_PAYLOAD_BYTES));
        assert_eq!(detect(&huge), None);
    }
}
