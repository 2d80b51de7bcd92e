//! The messages Rust shows, read from the UI's catalogue (built into the binary, parsed once).

use crate::ipc::{Language, Said};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Every key Rust looks up; the catalogue test fails when one is missing in any language.
pub const RUST_KEYS: &[&str] = &[
    "tray_open",
    "tray_pause",
    "tray_resume",
    "tray_quit",
    "tray_no_meters",
    "tray_paused",
    "tray_household",
    "tray_from_grid",
    "tray_to_grid",
    "tray_offline",
    "tray_waiting",
    "notify_offline_title",
    "notify_offline_body",
    "notify_voltage_title",
    "notify_voltage_body",
    "notify_stream_title",
    "notify_stream_body",
    "notify_peak_title",
    "notify_peak_body",
    "notify_close_title",
    "notify_close_body",
    "setup_say_asking_device",
    "setup_say_on_network",
    "setup_say_sending_wifi",
    "setup_say_wps_started",
    "setup_say_sending_cable",
    "setup_say_joining",
    "setup_say_checking_meter",
    "setup_say_protected_already",
    "setup_say_setting_password",
    "setup_say_naming",
    "setup_say_licence_plus",
    "setup_say_licence_free",
    "setup_say_saving",
    "setup_warn_not_noted",
    "setup_warn_not_tidied",
    "setup_warn_no_password",
    "setup_warn_password_in_clear",
    "setup_warn_report_interval",
    "setup_advice_ok",
    "setup_advice_no_meter",
    "setup_advice_no_data",
    "setup_advice_recognition",
    "setup_advice_key_required",
    "setup_advice_wrong_key",
    "setup_advice_not_recognized",
    "setup_advice_unknown",
    "setup_advice_trying_key",
    "meters_gentle_low_reserve",
    "meters_gentle_meter_power",
    "history_cost_line_energy",
    "history_cost_line_energy_unsplit",
    "history_cost_line_energy_t1",
    "history_cost_line_energy_t2",
    "history_cost_line_energy_high",
    "history_cost_line_energy_low",
    "rule_ssid_empty",
    "rule_ssid_long",
    "rule_wifi_password_letters",
    "rule_wifi_key_hex",
    "rule_wifi_password_short",
    "rule_wifi_password_long",
    "rule_static_address_bad",
    "rule_static_address_zero",
    "rule_static_mask_bad",
    "rule_static_mask_zero",
    "rule_static_gateway_bad",
    "rule_static_gateway_zero",
    "rule_static_dns_bad",
    "rule_static_dns_zero",
    "rule_static_mask_shape",
    "rule_static_gateway_outside",
    "rule_encryption_key_digits",
    "rule_encryption_key_letters",
    "rule_authentication_key_digits",
    "rule_authentication_key_letters",
    "rule_key_digits",
    "rule_key_letters",
    "rule_password_empty",
    "rule_password_long",
    "rule_device_name_long",
    "rule_report_interval",
    "rule_tx_power",
    "rule_meter_interface",
    "rule_meter_protocol",
    "rule_not_on_off",
    "rule_not_number",
    "rule_expected_number",
    "rule_expected_text",
    "rule_expected_on_off",
    "rule_unusable",
    "rule_whole_number",
    "rule_range",
    "rule_range_unit",
    "rule_steps",
    "rule_steps_unit",
    "rule_not_choice",
    "rule_not_address",
    "rule_too_long",
    "rule_too_long_bytes",
    "rule_at_most",
    "rule_not_network_name",
    "rule_not_host",
    "rule_broker_scheme",
    "rule_broker_credentials",
    "rule_broker_url",
    "rule_topic_wildcards",
    "rule_topic_unusable",
    "ds_rule_power_save_cable",
    "ds_rule_time_server_empty",
    "ds_rule_wifi_password_needed",
    "ds_rule_broker_empty",
    "ds_rule_too_large",
    "ds_note_report_drain",
    "ds_note_wifi_boost",
    "ds_note_ethernet_usb",
    "ds_note_meter_key",
    "ds_note_plus_idle",
    "err_mqtt_too_large",
    "err_mqtt_url_long",
    "err_mqtt_url_scheme",
    "err_mqtt_template_long",
    "err_mqtt_client_id_long",
    "err_history_choose_meter",
    "err_history_raw_days",
    "err_broker_name",
    "err_mapping_empty",
    "err_mqtt_only_needs_broker",
    "err_sharing_port",
    "err_sharing_port_twice",
    "err_sharing_origin",
    "err_sharing_token_name",
    "err_sharing_token_taken",
    "err_backup_other_format",
    "err_backup_unreadable",
    "err_firmware_size",
    "err_firmware_not_image",
    "err_firmware_not_now",
    "err_sd_path",
    "err_sd_choose_file",
    "err_sd_whole_card",
    "err_setup_still_on_own_wifi",
];

const SOURCES: [(Language, &str); 4] = [
    (
        Language::En,
        include_str!("../../../../ui/messages/en.json"),
    ),
    (
        Language::De,
        include_str!("../../../../ui/messages/de.json"),
    ),
    (
        Language::Fr,
        include_str!("../../../../ui/messages/fr.json"),
    ),
    (
        Language::It,
        include_str!("../../../../ui/messages/it.json"),
    ),
];

type Catalog = HashMap<String, String>;

fn catalogs() -> &'static HashMap<Language, Catalog> {
    static ALL: OnceLock<HashMap<Language, Catalog>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, text)| {
                // Only string values are messages ("$schema" is one too, harmlessly); a damaged file
                // leaves that language empty and every lookup falls back to English, then the key.
                let map: HashMap<String, serde_json::Value> =
                    serde_json::from_str(text).unwrap_or_default();
                let strings = map
                    .into_iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                    .collect();
                (*lang, strings)
            })
            .collect()
    })
}

/// The message `key` in `lang` with `{name}` placeholders filled from `args`. Falls back to English,
/// then to the key itself, so a missing word never hides a notification.
pub fn t(lang: Language, key: &str, args: &[(&str, &str)]) -> String {
    let all = catalogs();
    let text = all
        .get(&lang)
        .and_then(|c| c.get(key))
        .or_else(|| all.get(&Language::En).and_then(|c| c.get(key)));
    let Some(text) = text else {
        return key.to_owned();
    };
    let mut out = text.clone();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The `{name}` placeholders of a message (not `\{` escapes).
fn placeholder_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let escaped = open > 0 && rest.as_bytes()[open - 1] == b'\\';
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            if !escaped {
                names.push(&rest[..close]);
            }
            rest = &rest[close + 1..];
        }
    }
    names
}

/// The message `key` in `lang` exactly as the catalogue file has it (no fallback, placeholders and
/// `\{` escapes as written): for tests that keep other word lists in step with the catalogue.
pub fn raw(lang: Language, key: &str) -> Option<&'static str> {
    catalogs()
        .get(&lang)
        .and_then(|c| c.get(key))
        .map(String::as_str)
}

/// Every key of `lang`'s catalogue.
pub fn keys(lang: Language) -> Vec<&'static str> {
    catalogs()
        .get(&lang)
        .map(|c| c.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// `key` with `args` as a [`Said`] for the window, and its English text.
pub fn said(key: &str, args: &[(&str, &str)]) -> (String, Said) {
    let said = Said::new(key, args);
    (said.to_string(), said)
}

impl Said {
    /// `key` with `args`; its English text is its `Display`.
    pub fn new(key: &str, args: &[(&str, &str)]) -> Said {
        // A value for every placeholder, or the window would show "undefined" where one is missing.
        debug_assert!(
            raw(Language::En, key).is_some_and(|text| placeholder_names(text)
                .iter()
                .all(|p| args.iter().any(|(name, _)| name == p))),
            "said({key}): the English text has placeholders without a value in {args:?}"
        );
        Said {
            key: key.to_owned(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }
}

/// The English sentence: for the CLI, logs and the `message` beside a `Said`.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let args: Vec<(&str, &str)> = self
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        f.write_str(&t(Language::En, &self.key, &args))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut v: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name))
            .collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn every_rust_key_in_every_language_with_the_same_placeholders() {
        let all = catalogs();
        for lang in Language::ALL {
            let c = &all[&lang];
            assert!(c.len() > 10, "{} catalogue did not parse", lang.code());
            for key in RUST_KEYS {
                let text = c
                    .get(*key)
                    .unwrap_or_else(|| panic!("{key} missing in {}.json", lang.code()));
                assert!(!text.trim().is_empty(), "{key} empty in {}", lang.code());
                assert_eq!(
                    placeholders(text),
                    placeholders(&all[&Language::En][*key]),
                    "{key} in {} has other placeholders than in English",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn finds_placeholders_but_not_escaped_braces() {
        assert_eq!(placeholder_names(r"a {x} $\{y\} {z}."), ["x", "z"]);
        let (english, said) = said("setup_say_sending_wifi", &[("ssid", "Home")]);
        assert_eq!(english, "Sending the Wi-Fi settings for Home");
        assert_eq!(said.args["ssid"], "Home");
        assert_eq!(
            crate::ipc::CostLineKind::EnergyHigh.label(),
            "Energy at high tariff"
        );
    }

    #[test]
    #[should_panic(expected = "placeholders without a value")]
    #[cfg(debug_assertions)]
    fn a_missing_value_is_caught_in_debug_builds() {
        let _ = said("setup_say_sending_wifi", &[]);
    }

    #[test]
    fn fills_placeholders_and_falls_back() {
        let s = t(
            Language::De,
            "notify_offline_body",
            &[("name", "Küche"), ("minutes", "12")],
        );
        assert!(
            s.contains("Küche") && s.contains("12") && !s.contains('{'),
            "{s}"
        );
        assert_eq!(t(Language::Fr, "no_such_key", &[]), "no_such_key");
    }
}
