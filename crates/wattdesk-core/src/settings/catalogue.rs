//! Every setting WattDesk edits, described once: where it lives on the device, its plain label, its
//! rule (docs: 50-settings settings, meter-comm, wifi-setup, ethernet; 30-mqtt). The panel, the
//! review, the CLI and the backup all read this list.
//!
//! Not here, on purpose: `system.protection`/`system.password` (the password has its own flow, so the
//! secret store follows the device), the MQTT certificates (the MQTT form checks PEM files), the
//! read-only lengths (`password_len`, ...), `meter.method` (one documented value).

use crate::ipc::{SettingsGroup, SettingsSection};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Text {
    Any,
    /// A host name: letters, digits, `-`, `_` per label, dots between labels (the device's own
    /// default `whatwatt_XXXXXX` has an underscore).
    HostName,
    /// A host name or an IPv4 address.
    HostOrIp,
    Ssid,
    MqttUrl,
    Topic,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Secret {
    /// A DLMS key: 32 hex digits; 32 zeros clear it.
    MeterKey,
    WifiPassword,
    MqttPassword,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Toggle,
    Text {
        max: usize,
        rule: Text,
    },
    Whole {
        min: i64,
        max: i64,
        unit: &'static str,
    },
    Decimal {
        min: f64,
        max: f64,
        step: f64,
        unit: &'static str,
    },
    Choice(&'static [(&'static str, &'static str)]),
    Address,
    Secret(Secret),
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub group: SettingsGroup,
    /// Dotted path inside the group's JSON document.
    pub path: &'static str,
    pub section: SettingsSection,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    pub plus_only: bool,
    pub advanced: bool,
}

impl Field {
    /// `group.path`.
    pub fn key(&self) -> String {
        format!("{}.{}", group_name(self.group), self.path)
    }
    /// The field's words in the UI's message catalogue: `field_<slug>` (label), `field_<slug>_help`,
    /// `field_<slug>_option_<value slug>`; the window shows those in the user's language
    /// (ui/src/features/devicesettings/fieldWords.ts makes the same slug).
    pub fn message_key(&self) -> String {
        format!("field_{}", slug(&self.key()))
    }
    pub fn is_secret(&self) -> bool {
        matches!(self.kind, Kind::Secret(_))
    }
}

/// Lower case, every run of other characters one `_`, none at the ends.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

pub fn group_name(g: SettingsGroup) -> &'static str {
    match g {
        SettingsGroup::Device => "device",
        SettingsGroup::Meter => "meter",
        SettingsGroup::Wifi => "wifi",
        SettingsGroup::Eth => "eth",
        SettingsGroup::Mqtt => "mqtt",
    }
}

pub fn parse_group(name: &str) -> Option<SettingsGroup> {
    GROUPS
        .iter()
        .copied()
        .find(|g| group_name(*g).eq_ignore_ascii_case(name))
}

pub const GROUPS: [SettingsGroup; 5] = [
    SettingsGroup::Device,
    SettingsGroup::Meter,
    SettingsGroup::Wifi,
    SettingsGroup::Eth,
    SettingsGroup::Mqtt,
];

pub fn find(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key() == key)
}

pub fn of_group(g: SettingsGroup) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |f| f.group == g)
}

use SettingsGroup as G;
use SettingsSection as S;

const fn f(
    group: SettingsGroup,
    path: &'static str,
    section: SettingsSection,
    label: &'static str,
    help: &'static str,
    kind: Kind,
) -> Field {
    Field {
        group,
        path,
        section,
        label,
        help,
        kind,
        plus_only: false,
        advanced: false,
    }
}

const fn plus(mut x: Field) -> Field {
    x.plus_only = true;
    x
}

const fn more(mut x: Field) -> Field {
    x.advanced = true;
    x
}

const TOGGLE: Kind = Kind::Toggle;

const IF_TYPES: &[(&str, &str)] = &[
    ("auto", "Find out by itself"),
    ("p1", "P1 port (DSMR)"),
    ("mbus", "M-Bus"),
    ("ttl", "TTL serial"),
    ("mep", "MEP"),
    ("irda", "Optical (infrared)"),
    ("uart", "Serial (UART)"),
    ("p1_adapter", "P1 adapter"),
    ("ttl_push", "TTL, meter sends by itself"),
];
const PROTOCOLS: &[(&str, &str)] = &[
    ("auto", "Find out by itself"),
    ("dsmr", "DSMR (P1)"),
    ("hdlc", "DLMS/COSEM (HDLC)"),
    ("kmp", "Kamstrup (KMP)"),
    ("mep", "MEP"),
    ("mbus", "M-Bus"),
    ("mbtr", "M-Bus, raw"),
];
const IF_MODES: &[(&str, &str)] = &[
    ("auto", "Find out by itself"),
    ("push", "The meter sends"),
    ("pull", "The reader asks"),
];
const PARITIES: &[(&str, &str)] = &[("none", "None"), ("odd", "Odd"), ("even", "Even")];
const STOP_BITS: &[(&str, &str)] = &[("1", "1"), ("1.5", "1.5"), ("2", "2")];
const SCALER_SETS: &[(&str, &str)] = &[
    ("default", "Automatic"),
    ("lge570", "Landis+Gyr E570"),
    ("custom", "My own (custom scalers)"),
];

pub static FIELDS: &[Field] = &[
    // General (/api/v1/settings .system)
    f(G::Device, "system.name", S::General, "Device name", "The name the device shows in its own web page and its reports (system.name, up to 31 characters).", Kind::Text { max: 31, rule: Text::Any }),
    f(G::Device, "system.host_name", S::General, "Network name", "The name the device has on your network and in its mDNS announcement (system.host_name, up to 31 letters, digits, - or _). It is also the login realm: WattDesk logs in again by itself after a change.", Kind::Text { max: 31, rule: Text::HostName }),
    f(G::Device, "system.use_dhcp_ntp_server", S::General, "Take the clock from the router's time server", "Adds the time server your router announces (DHCP) to the device's list (system.use_dhcp_ntp_server).", TOGGLE),
    f(G::Device, "system.use_custom_ntp_server", S::General, "Use my own time server", "Uses the time server below (system.use_custom_ntp_server). The device switches this off by itself when the server name is not valid.", TOGGLE),
    f(G::Device, "system.custom_ntp_server", S::General, "Time server", "A host name or address, e.g. pool.ntp.org (system.custom_ntp_server, up to 127 characters).", Kind::Text { max: 127, rule: Text::HostOrIp }),
    f(G::Device, "system.power_save", S::General, "Save power", "Wi-Fi sleeps between messages and Ethernet is off (system.power_save). Refused while a network cable is connected.", TOGGLE),
    f(G::Device, "system.p1_wifi_boost", S::General, "Faster Wi-Fi on a P1 meter", "Keeps Wi-Fi awake while a P1 meter is connected, for quicker answers (system.p1_wifi_boost). Draws more power from the meter.", TOGGLE),
    // Services (/api/v1/settings .services)
    f(G::Device, "services.report_interval", S::Services, "Report every", "How often the device sends a report to its services and MQTT (services.report_interval, 1 to 3600 s). Shorter intervals draw more power on a unit powered by the meter.", Kind::Whole { min: 1, max: 3600, unit: "s" }),
    f(G::Device, "services.broadcast", S::Services, "Let apps find it on the network", "Announces the device by mDNS so apps like WattDesk find it by themselves (services.broadcast).", TOGGLE),
    f(G::Device, "services.cloud.what_watt", S::Services, "whatwatt cloud", "Sends readings to the whatwatt cloud (services.cloud.what_watt).", TOGGLE),
    f(G::Device, "services.cloud.solar_manager", S::Services, "Solar Manager cloud", "services.cloud.solar_manager", TOGGLE),
    plus(f(G::Device, "services.cloud.mystrom", S::Services, "myStrom cloud", "services.cloud.mystrom", TOGGLE)),
    f(G::Device, "services.cloud.stromkonto", S::Services, "Stromkonto cloud", "services.cloud.stromkonto", TOGGLE),
    plus(f(G::Device, "services.local.solar_manager", S::Services, "Solar Manager on this network", "Lets a Solar Manager on your network read the device (services.local.solar_manager).", TOGGLE)),
    more(f(G::Device, "services.other_energy_provider", S::Services, "Other energy provider features", "services.other_energy_provider", TOGGLE)),
    more(f(G::Device, "services.low_power_report", S::Services, "Low-power reporting", "Wakes, reports and sleeps again; needs a meter interface chosen by hand (services.low_power_report).", TOGGLE)),
    more(f(G::Device, "services.log", S::Services, "Device log", "The device's internal log service (services.log).", TOGGLE)),
    f(G::Device, "services.sd.enable", S::Services, "Write readings to the SD card", "A CSV file per day on the card (services.sd.enable).", TOGGLE),
    f(G::Device, "services.sd.frequency", S::Services, "SD card: a row every", "services.sd.frequency, 1 to 1440 s.", Kind::Whole { min: 1, max: 1440, unit: "s" }),
    more(f(G::Device, "services.sd.recorder_mode", S::Services, "SD card recorder mode", "The device records to the card on its own, without the network (services.sd.recorder_mode, firmware 2.0.1 and later).", TOGGLE)),
    plus(f(G::Device, "services.meter_proxy", S::Services, "Meter proxy", "Passes the meter's raw data on to another system (services.meter_proxy).", TOGGLE)),
    plus(f(G::Device, "services.modbus.enable", S::Services, "Modbus TCP server", "Lets energy managers read the meter over Modbus TCP (services.modbus.enable).", TOGGLE)),
    plus(f(G::Device, "services.modbus.port", S::Services, "Modbus TCP port", "services.modbus.port, 1 to 65535; 502 is the usual one.", Kind::Whole { min: 1, max: 65535, unit: "" })),
    more(plus(f(G::Device, "services.berry.auto_run", S::Services, "Run the Berry script at start", "services.berry.auto_run", TOGGLE))),
    more(plus(f(G::Device, "services.berry.run_delay", S::Services, "Berry script: wait before running", "services.berry.run_delay, 60 to 86400 s.", Kind::Whole { min: 60, max: 86400, unit: "s" }))),
    // Meter (/api/v1/meter/settings)
    f(G::Meter, "if_type", S::Meter, "Meter connection", "The port the reader uses at the meter (if_type).", Kind::Choice(IF_TYPES)),
    f(G::Meter, "protocol", S::Meter, "Meter language", "The protocol the meter speaks (protocol).", Kind::Choice(PROTOCOLS)),
    more(f(G::Meter, "if_mode", S::Meter, "Who starts the exchange", "if_mode: the meter pushes its data, or the reader polls it.", Kind::Choice(IF_MODES))),
    f(G::Meter, "encryption", S::Meter, "The meter's data is encrypted", "DLMS encryption (encryption). Your grid operator gives the key.", TOGGLE),
    f(G::Meter, "encryption_key", S::Meter, "Encryption key", "32 hexadecimal digits from your grid operator (encryption_key). The device never shows it; clearing sends 32 zeros.", Kind::Secret(Secret::MeterKey)),
    f(G::Meter, "authentication_key", S::Meter, "Authentication key", "Only if your grid operator gave one (authentication_key, 32 hexadecimal digits). The device never shows it; clearing sends 32 zeros.", Kind::Secret(Secret::MeterKey)),
    more(f(G::Meter, "auto_baudrate", S::Meter, "Find the serial speed by itself", "auto_baudrate", TOGGLE)),
    more(f(G::Meter, "baudrate", S::Meter, "Serial speed", "baudrate, 300 to 115200 baud.", Kind::Whole { min: 300, max: 115200, unit: "baud" })),
    more(f(G::Meter, "parity", S::Meter, "Parity", "parity", Kind::Choice(PARITIES))),
    more(f(G::Meter, "stop_bits", S::Meter, "Stop bits", "stop_bits", Kind::Choice(STOP_BITS))),
    more(f(G::Meter, "buffer_size", S::Meter, "Receive buffer", "buffer_size, 1 to 128 bytes.", Kind::Whole { min: 1, max: 128, unit: "bytes" })),
    more(f(G::Meter, "rx_invert", S::Meter, "Invert the receive line", "rx_invert", TOGGLE)),
    more(f(G::Meter, "tx_invert", S::Meter, "Invert the send line", "tx_invert", TOGGLE)),
    f(G::Meter, "conv_factor", S::Meter, "Conversion factor", "Multiplies power, energy and current (conv_factor, 0.001 to 1000), e.g. for a meter behind current transformers.", Kind::Decimal { min: 0.001, max: 1000.0, step: 0.001, unit: "" }),
    more(f(G::Meter, "time_offset", S::Meter, "Meter clock correction", "Seconds added to the meter's time (time_offset).", Kind::Whole { min: -2_147_483_648, max: 2_147_483_647, unit: "s" })),
    more(f(G::Meter, "sync_time_offset_with_ntp", S::Meter, "Correct the meter clock from the internet time", "sync_time_offset_with_ntp", TOGGLE)),
    f(G::Meter, "scalers_set", S::Meter, "Scaling of the meter's values", "scalers_set: automatic, a known meter, or your own scalers below.", Kind::Choice(SCALER_SETS)),
    // Wi-Fi (/api/v1/wifi/sta/settings)
    f(G::Wifi, "name", S::Wifi, "Wi-Fi network", "The network's name (SSID, up to 32 bytes). Changing it moves the device to that network: give its password too.", Kind::Text { max: 32, rule: Text::Ssid }),
    f(G::Wifi, "password", S::Wifi, "Wi-Fi password", "8 to 63 characters, or the 64-digit key; empty for an open network. The device never shows it.", Kind::Secret(Secret::WifiPassword)),
    f(G::Wifi, "static_ip", S::Wifi, "Fixed address", "Use the address below instead of one from the router (static_ip).", TOGGLE),
    f(G::Wifi, "ip", S::Wifi, "Address", "ip", Kind::Address),
    f(G::Wifi, "netmask", S::Wifi, "Subnet mask", "netmask, e.g. 255.255.255.0", Kind::Address),
    f(G::Wifi, "gateway", S::Wifi, "Gateway (router)", "gateway", Kind::Address),
    f(G::Wifi, "dns", S::Wifi, "DNS server", "dns", Kind::Address),
    more(f(G::Wifi, "max_tx_power", S::Wifi, "Transmit power", "max_tx_power, 0 to 21 dBm in steps of 0.5 (the device starts at 17). On a unit powered by the meter, 10 to 13 dBm keeps its supply steady.", Kind::Decimal { min: 0.0, max: 21.0, step: 0.5, unit: "dBm" })),
    // Ethernet (/api/v1/eth/settings)
    f(G::Eth, "enable", S::Ethernet, "Use the network cable", "enable. Ethernet works only with USB power and power saving off.", TOGGLE),
    f(G::Eth, "static_ip", S::Ethernet, "Fixed address", "static_ip", TOGGLE),
    f(G::Eth, "ip", S::Ethernet, "Address", "ip", Kind::Address),
    f(G::Eth, "netmask", S::Ethernet, "Subnet mask", "netmask", Kind::Address),
    f(G::Eth, "gateway", S::Ethernet, "Gateway (router)", "gateway", Kind::Address),
    f(G::Eth, "dns", S::Ethernet, "DNS server", "dns", Kind::Address),
    // MQTT publishing (/api/v1/mqtt/settings); certificates are edited in the MQTT form.
    f(G::Mqtt, "enable", S::Mqtt, "Publish to my MQTT broker", "enable", TOGGLE),
    f(G::Mqtt, "url", S::Mqtt, "Broker address", "mqtt://host:port or mqtts://host:port (url, up to 127 characters).", Kind::Text { max: 127, rule: Text::MqttUrl }),
    f(G::Mqtt, "username", S::Mqtt, "Broker user name", "username", Kind::Text { max: 63, rule: Text::Any }),
    f(G::Mqtt, "password", S::Mqtt, "Broker password", "password; the device never shows it.", Kind::Secret(Secret::MqttPassword)),
    f(G::Mqtt, "client_id", S::Mqtt, "Client id", "client_id, up to 63 characters, unique per broker.", Kind::Text { max: 63, rule: Text::Any }),
    f(G::Mqtt, "publish.topic", S::Mqtt, "Topic", "publish.topic, up to 127 characters.", Kind::Text { max: 127, rule: Text::Topic }),
    more(f(G::Mqtt, "publish.template", S::Mqtt, "Message template", "publish.template, up to 1023 characters with ${variable} placeholders.", Kind::Text { max: 1023, rule: Text::Any })),
    more(f(G::Mqtt, "skip_cn_check", S::Mqtt, "Skip the certificate name check", "skip_cn_check", TOGGLE)),
];

#[cfg(test)]
mod words {
    use super::*;
    use crate::i18n::catalog::{keys, raw};
    use crate::ipc::Language;
    use std::collections::BTreeMap;

    /// The message-format escapes (`\{`, `\}`, `\\`) undone.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Every catalogue entry the fields need, with its English text.
    fn expected() -> BTreeMap<String, String> {
        let mut want = BTreeMap::new();
        for f in FIELDS {
            let k = f.message_key();
            want.insert(format!("{k}_help"), f.help.to_owned());
            if let Kind::Choice(options) = f.kind {
                for (value, label) in options {
                    want.insert(format!("{k}_option_{}", slug(value)), (*label).to_owned());
                }
            }
            want.insert(k, f.label.to_owned());
        }
        want
    }

    #[test]
    fn slugs_match_the_window() {
        assert_eq!(
            slug("device.services.report_interval"),
            "device_services_report_interval"
        );
        assert_eq!(slug("1.5"), "1_5");
        assert_eq!(slug("__A-b__"), "a_b");
    }

    #[test]
    fn every_field_is_worded_in_every_language_and_english_matches_this_list() {
        let want = expected();
        for (key, english) in &want {
            let en = raw(Language::En, key).unwrap_or_else(|| panic!("{key} missing in en.json"));
            assert_eq!(
                &unescape(en),
                english,
                "{key}: en.json differs from catalogue.rs"
            );
            for lang in [Language::De, Language::Fr, Language::It] {
                let text = raw(lang, key)
                    .unwrap_or_else(|| panic!("{key} missing in {}.json", lang.code()));
                assert!(!text.trim().is_empty(), "{key} empty in {}", lang.code());
            }
        }
        let orphans: Vec<&str> = keys(Language::En)
            .into_iter()
            .filter(|k| k.starts_with("field_") && !want.contains_key(*k))
            .collect();
        assert!(
            orphans.is_empty(),
            "en.json words fields that no longer exist: {orphans:?}"
        );
    }
}
