//! Which payload key of a device's own template carries which quantity: the suggestion the custom
//! mapping editor starts from.

use crate::ipc::{MappingChoice, MappingGuess, MappingSuggestion};
use whatwatt::mqtt::{Mapping, Quantity, WATTDESK_TEMPLATE};

/// `"key": ${var}` / `"key":"${var}"` pairs of a flat JSON template, with the quantity each variable is.
pub fn guess_mapping(template: &str) -> MappingGuess {
    let mut fields = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let before = &rest[..start];
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let variable = rest[start + 2..start + end].to_owned();
        rest = &rest[start + end + 1..];
        // The key is the last quoted string before the colon that precedes the placeholder.
        let Some(colon) = before.rfind(':') else {
            continue;
        };
        let head = &before[..colon];
        let Some(close) = head.rfind('"') else {
            continue;
        };
        let Some(open) = head[..close].rfind('"') else {
            continue;
        };
        let key = head[open + 1..close].to_owned();
        let quantity = Quantity::of_variable(&variable).map(|q| {
            serde_json::to_value(q)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        fields.push(MappingSuggestion {
            key,
            variable,
            quantity,
        });
    }
    let builtin = if template.trim() == WATTDESK_TEMPLATE {
        Some(MappingChoice::Wattdesk)
    } else if fits(&fields, &Mapping::home_assistant()) {
        Some(MappingChoice::HomeAssistant)
    } else {
        None
    };
    MappingGuess { builtin, fields }
}

fn fits(fields: &[MappingSuggestion], m: &Mapping) -> bool {
    !fields.is_empty()
        && fields.iter().filter(|f| f.quantity.is_some()).all(|f| {
            m.0.iter().any(|(k, q)| {
                *k == f.key
                    && serde_json::to_value(q)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        == f.quantity
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_the_builtin_templates() {
        assert_eq!(
            guess_mapping(WATTDESK_TEMPLATE).builtin,
            Some(MappingChoice::Wattdesk)
        );
        let ha = r#"{"sys_id":"${sys.id}","meter_id":"${meter.id}","time":"${timestamp}","power_in":"${1_7_0}","power_out":"${2_7_0}","energy_in":"${1_8_0}","tariff":"${tariff}"}"#;
        let g = guess_mapping(ha);
        assert_eq!(g.builtin, Some(MappingChoice::HomeAssistant));
        assert_eq!(g.fields[3].key, "power_in");
        assert_eq!(g.fields[3].quantity.as_deref(), Some("power_import_kw"));
        assert_eq!(g.fields[0].quantity, None);
    }

    #[test]
    fn custom_templates_get_field_suggestions() {
        let g = guess_mapping(r#"{"watts_now": ${1_7_0}, "volts": {"a": ${32_7_0}}}"#);
        assert_eq!(g.builtin, None);
        let keys: Vec<_> = g.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["watts_now", "a"]);
    }
}
