//! What the device accepts, checked before anything is sent (docs: wifi-setup, settings, meter-comm),
//! with messages that say what to change, in the user's language (`CoreError::Rule`, keys `rule_*`).

use crate::error::{CoreError, Result};
use std::net::Ipv4Addr;
use whatwatt::models::meter_settings::{IF_TYPES, PROTOCOLS};
use whatwatt::Secret;

fn rule(key: &str, args: &[(&str, &str)]) -> CoreError {
    CoreError::rule(key, args)
}

/// A Wi-Fi network name: 1 to 32 bytes (the docs' `name`, the SSID).
pub fn ssid(name: &str) -> Result<String> {
    match name.len() {
        0 => Err(rule("rule_ssid_empty", &[])),
        1..=32 => Ok(name.to_owned()),
        n => Err(rule("rule_ssid_long", &[("count", &n.to_string())])),
    }
}

/// A WPA passphrase: 8 to 63 printable ASCII characters, or the 64-hex-digit key itself. `None` or
/// empty: an open network.
pub fn wifi_password(password: Option<&Secret>) -> Result<Option<Secret>> {
    let Some(p) = password.filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let text = p.expose();
    let printable = text.chars().all(|c| (' '..='~').contains(&c));
    let hex_key = text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit());
    match text.chars().count() {
        _ if hex_key => Ok(Some(p.clone())),
        8..=63 if printable => Ok(Some(p.clone())),
        8..=63 => Err(rule("rule_wifi_password_letters", &[])),
        64 => Err(rule("rule_wifi_key_hex", &[])),
        n if n < 8 => Err(rule(
            "rule_wifi_password_short",
            &[("count", &n.to_string())],
        )),
        n => Err(rule(
            "rule_wifi_password_long",
            &[("count", &n.to_string())],
        )),
    }
}

/// A fixed address: all four fields, each a dotted IPv4 address; address, mask and gateway not
/// 0.0.0.0 (docs: static IP needs all four non-zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticIp {
    pub ip: Ipv4Addr,
    pub netmask: Ipv4Addr,
    pub gateway: Ipv4Addr,
    pub dns: Ipv4Addr,
}

impl StaticIp {
    pub fn parse(ip: &str, netmask: &str, gateway: &str, dns: &str) -> Result<StaticIp> {
        // One key per field (`rule_static_<field>_bad`, `_zero`): the field's name is part of the
        // sentence, and each language words it in its own place.
        let field = |name: &str, v: &str| -> Result<Ipv4Addr> {
            let a: Ipv4Addr = v
                .trim()
                .parse()
                .map_err(|_| rule(&format!("rule_static_{name}_bad"), &[("value", v.trim())]))?;
            if a.is_unspecified() {
                return Err(rule(&format!("rule_static_{name}_zero"), &[]));
            }
            Ok(a)
        };
        let s = StaticIp {
            ip: field("address", ip)?,
            netmask: field("mask", netmask)?,
            gateway: field("gateway", gateway)?,
            dns: field("dns", dns)?,
        };
        let mask = u32::from(s.netmask);
        if mask.leading_ones() + mask.trailing_zeros() != 32 {
            return Err(rule(
                "rule_static_mask_shape",
                &[("mask", &s.netmask.to_string())],
            ));
        }
        if u32::from(s.ip) & mask != u32::from(s.gateway) & mask {
            return Err(rule(
                "rule_static_gateway_outside",
                &[
                    ("gateway", &s.gateway.to_string()),
                    ("address", &s.ip.to_string()),
                    ("mask", &s.netmask.to_string()),
                ],
            ));
        }
        Ok(s)
    }
}

/// Which key a message names: the wizard asks for both on one page; a settings field has its label
/// right beside the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyName {
    Encryption,
    Authentication,
    Field,
}

/// A DLMS key from the grid operator's letter: 32 hex digits once the spaces, dashes and colons it
/// is often printed with are taken out. Returned upper-case.
pub fn meter_key(text: &Secret, name: KeyName) -> Result<Secret> {
    let key: String = text
        .expose()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | ':'))
        .collect();
    if key.len() != 32 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        let count = key.chars().count().to_string();
        let prefix = match name {
            KeyName::Encryption => "rule_encryption_key",
            KeyName::Authentication => "rule_authentication_key",
            KeyName::Field => "rule_key",
        };
        let why = if key.chars().all(|c| c.is_ascii_hexdigit()) {
            "digits"
        } else {
            "letters"
        };
        return Err(rule(&format!("{prefix}_{why}"), &[("count", &count)]));
    }
    Ok(Secret::new(key.to_ascii_uppercase()))
}

/// The device's Web UI password: 1 to 31 characters (docs: settings `system.password`).
pub fn device_password(p: &Secret) -> Result<Secret> {
    match p.expose().chars().count() {
        0 => Err(rule("rule_password_empty", &[])),
        1..=31 => Ok(p.clone()),
        n => Err(rule("rule_password_long", &[("count", &n.to_string())])),
    }
}

/// The device's own name (`system.name`): at most 31 characters.
pub fn device_name(name: &str) -> Result<String> {
    let name = name.trim();
    match name.chars().count() {
        0..=31 => Ok(name.to_owned()),
        n => Err(rule("rule_device_name_long", &[("count", &n.to_string())])),
    }
}

/// How often the device reports to its services (`services.report_interval`): 1 to 3600 s.
pub fn report_interval(seconds: u32) -> Result<u32> {
    if (1..=3600).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(rule(
            "rule_report_interval",
            &[("value", &seconds.to_string())],
        ))
    }
}

/// Wi-Fi transmit power (`max_tx_power`): 0 to 21 dBm in 0.5 dBm steps (docs: wifi-setup).
pub fn tx_power(dbm: f64) -> Result<f64> {
    if (0.0..=21.0).contains(&dbm) && (dbm * 2.0).fract() == 0.0 {
        Ok(dbm)
    } else {
        Err(rule("rule_tx_power", &[("value", &dbm.to_string())]))
    }
}

/// An interface and protocol chosen by hand, in the device's spelling (lower-case).
pub fn meter_interface(if_type: &str, protocol: &str) -> Result<(String, String)> {
    let pick = |key: &str, v: &str, list: &[&str]| -> Result<String> {
        let v = v.trim().to_ascii_lowercase();
        if list.contains(&v.as_str()) {
            Ok(v)
        } else {
            Err(rule(key, &[("value", &v), ("choices", &list.join(", "))]))
        }
    };
    Ok((
        pick("rule_meter_interface", if_type, &IF_TYPES)?,
        pick("rule_meter_protocol", protocol, &PROTOCOLS)?,
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    fn refused<T: std::fmt::Debug>(r: Result<T>) -> String {
        match r {
            Err(CoreError::Rule(said)) => said.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn wifi_names_and_passwords() {
        assert!(ssid("HomeNet").is_ok());
        assert!(refused(ssid("")).contains("name"));
        assert!(refused(ssid(&"x".repeat(33))).contains("32"));
        // Multi-byte characters count as the bytes the device stores.
        assert!(ssid(&"é".repeat(17)).is_err());
        let pw = |s: &str| wifi_password(Some(&Secret::new(s)));
        assert!(pw("12345678").unwrap().is_some());
        assert!(wifi_password(None).unwrap().is_none());
        assert!(refused(pw("short")).contains("at least 8"));
        assert!(refused(pw(&"x".repeat(64))).contains("hexadecimal"));
        assert!(pw(&"aB".repeat(32)).unwrap().is_some());
        assert!(refused(pw("pässword-1")).contains("letters"));
        assert!(refused(pw(&"x".repeat(65))).contains("at most 63"));
    }

    #[test]
    fn static_addresses_need_all_four_fields() {
        let ok = StaticIp::parse("192.168.1.20", "255.255.255.0", "192.168.1.1", "1.1.1.1");
        assert_eq!(ok.unwrap().ip, Ipv4Addr::new(192, 168, 1, 20));
        let no = |a, m, g, d| refused(StaticIp::parse(a, m, g, d));
        assert!(no("192.168.1", "255.255.255.0", "192.168.1.1", "1.1.1.1").contains("address"));
        assert!(no("192.168.1.20", "255.0.255.0", "192.168.1.1", "1.1.1.1").contains("mask"));
        assert!(no("192.168.1.20", "255.255.255.0", "10.0.0.1", "1.1.1.1").contains("gateway"));
        assert!(no("192.168.1.20", "255.255.255.0", "192.168.1.1", "").contains("DNS"));
        assert!(no("0.0.0.0", "255.255.255.0", "192.168.1.1", "1.1.1.1").contains("0.0.0.0"));
    }

    #[test]
    fn meter_keys_lose_their_letter_formatting() {
        let k = meter_key(
            &Secret::new("0011 2233-4455:6677 8899 aabb ccdd eeff"),
            KeyName::Encryption,
        );
        assert_eq!(k.unwrap().expose(), "00112233445566778899AABBCCDDEEFF");
        let bad = |s: &str| refused(meter_key(&Secret::new(s), KeyName::Encryption));
        assert!(bad("0011").contains("32 hexadecimal"));
        assert!(bad(&"G".repeat(32)).contains("other letters"));
    }

    #[test]
    fn passwords_names_and_intervals() {
        assert!(device_password(&Secret::new("x".repeat(31))).is_ok());
        assert!(refused(device_password(&Secret::new("x".repeat(32)))).contains("31"));
        assert!(refused(device_password(&Secret::new(""))).contains("skip"));
        assert_eq!(device_name("  Hall meter ").unwrap(), "Hall meter");
        assert!(device_name(&"n".repeat(32)).is_err());
        assert!(report_interval(30).is_ok());
        assert!(refused(report_interval(0)).contains("1 to 3600"));
        assert!(report_interval(3601).is_err());
    }

    #[test]
    fn transmit_power_and_meter_interface() {
        assert_eq!(tx_power(10.5).unwrap(), 10.5);
        assert!(tx_power(0.0).is_ok() && tx_power(21.0).is_ok());
        assert!(refused(tx_power(10.3)).contains("0.5"));
        assert!(tx_power(21.5).is_err() && tx_power(-1.0).is_err() && tx_power(f64::NAN).is_err());
        assert_eq!(
            meter_interface(" P1 ", "DSMR").unwrap(),
            ("p1".to_owned(), "dsmr".to_owned())
        );
        assert!(refused(meter_interface("usb", "dsmr")).contains("interface"));
        assert!(refused(meter_interface("p1", "modbus")).contains("protocol"));
    }
}
