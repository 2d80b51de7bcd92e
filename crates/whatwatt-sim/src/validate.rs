//! The documented field ranges. A violation is a 400 with a message naming the field.

use std::net::Ipv4Addr;
use whatwatt::models::meter_settings::{IF_TYPES, PROTOCOLS};
use whatwatt::models::{
    eth::EthSettings, meter_settings::MeterSettings, mqtt_settings::MqttSettings, scalers::Scaler,
    settings::Settings, wifi::WifiStaSettings,
};

type Check = Result<(), String>;

fn len(field: &str, v: Option<&str>, min: usize, max: usize) -> Check {
    match v {
        Some(s) if s.chars().count() < min || s.chars().count() > max => Err(format!(
            "{field}: length must be {min}..{max} characters, got {}",
            s.chars().count()
        )),
        _ => Ok(()),
    }
}

fn range<T: PartialOrd + std::fmt::Display + Copy>(
    field: &str,
    v: Option<T>,
    lo: T,
    hi: T,
) -> Check {
    match v {
        Some(x) if x < lo || x > hi => Err(format!("{field}: {x} is outside {lo}..{hi}")),
        _ => Ok(()),
    }
}

fn one_of(field: &str, v: Option<&str>, allowed: &[&str]) -> Check {
    match v {
        Some(x) if !allowed.contains(&x) => Err(format!(
            "{field}: {x:?} is not one of {}",
            allowed.join(", ")
        )),
        _ => Ok(()),
    }
}

/// RFC 1123 host name label(s): letters, digits, hyphens (underscore tolerated, as in the
/// firmware's own default `whatwatt_XXXXXX`).
pub fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn ipv4(field: &str, v: Option<&str>) -> Result<Ipv4Addr, String> {
    v.unwrap_or("0.0.0.0")
        .parse::<Ipv4Addr>()
        .map_err(|_| format!("{field}: not an IPv4 address"))
}

pub fn settings(s: &Settings, ethernet_up: bool) -> Check {
    if let Some(sys) = &s.system {
        len("system.name", sys.name.as_deref(), 0, 31)?;
        // Empty is allowed (docs: length 0..31): the device then goes by its default name.
        len("system.host_name", sys.host_name.as_deref(), 0, 31)?;
        if let Some(h) = sys.host_name.as_deref().filter(|h| !h.is_empty()) {
            if !valid_host(h) {
                return Err("system.host_name: not a valid host name".into());
            }
        }
        len(
            "system.password",
            sys.password.as_ref().map(|p| p.expose()),
            0,
            31,
        )?;
        len(
            "system.custom_ntp_server",
            sys.custom_ntp_server.as_deref(),
            0,
            127,
        )?;
        if sys.power_save == Some(true) && ethernet_up {
            return Err(
                "system.power_save: cannot be enabled while the Ethernet link is up".into(),
            );
        }
    }
    if let Some(svc) = &s.services {
        range("services.report_interval", svc.report_interval, 1, 3600)?;
        if let Some(sd) = &svc.sd {
            range("services.sd.frequency", sd.frequency, 1, 1440)?;
        }
        if let Some(m) = &svc.modbus {
            range("services.modbus.port", m.port, 1, 65535)?;
        }
        if let Some(b) = &svc.berry {
            range("services.berry.run_delay", b.run_delay, 60, 86400)?;
        }
    }
    Ok(())
}

/// 32 hex digits. Returns whether it is a usable key (all zeros clears it).
pub fn dlms_key(field: &str, key: &str) -> Result<bool, String> {
    if key.len() != 32 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{field}: must be 32 hexadecimal characters"));
    }
    Ok(key.chars().any(|c| c != '0'))
}

pub fn meter(m: &MeterSettings) -> Check {
    range("baudrate", m.baudrate, 300, 115200)?;
    one_of("parity", m.parity.as_deref(), &["none", "odd", "even"])?;
    one_of("stop_bits", m.stop_bits.as_deref(), &["1", "1.5", "2"])?;
    range("buffer_size", m.buffer_size, 1, 128)?;
    one_of("method", m.method.as_deref(), &["Passive Push"])?;
    one_of("if_type", m.if_type.as_deref(), &IF_TYPES)?;
    one_of("protocol", m.protocol.as_deref(), &PROTOCOLS)?;
    one_of("if_mode", m.if_mode.as_deref(), &["auto", "push", "pull"])?;
    range("conv_factor", m.conv_factor, 0.001, 1000.0)?;
    one_of(
        "scalers_set",
        m.scalers_set.as_deref(),
        &["default", "custom", "lge570"],
    )?;
    if let Some(k) = &m.encryption_key {
        dlms_key("encryption_key", k.expose())?;
    }
    if let Some(k) = &m.authentication_key {
        dlms_key("authentication_key", k.expose())?;
    }
    Ok(())
}

pub fn mqtt(m: &MqttSettings) -> Check {
    len("url", m.url.as_deref(), 0, 127)?;
    if let Some(u) = m.url.as_deref().filter(|u| !u.is_empty()) {
        if !(u.starts_with("mqtt://") || u.starts_with("mqtts://")) {
            return Err("url: must start with mqtt:// or mqtts://".into());
        }
    }
    len("username", m.username.as_deref(), 0, 127)?;
    len("password", m.password.as_ref().map(|p| p.expose()), 0, 127)?;
    len("client_id", m.client_id.as_deref(), 0, 63)?;
    if let Some(p) = &m.publish {
        len("publish.topic", p.topic.as_deref(), 0, 127)?;
        len("publish.template", p.template.as_deref(), 0, 1023)?;
    }
    if let Some(c) = &m.client {
        if let Some(Some(kp)) = &c.key_password {
            len("client.key_password", Some(kp.expose()), 0, 255)?;
        }
    }
    for (field, pem) in [
        (
            "broker.certificate",
            m.broker
                .as_ref()
                .and_then(|b| b.certificate.clone().flatten()),
        ),
        (
            "client.certificate",
            m.client
                .as_ref()
                .and_then(|c| c.certificate.clone().flatten()),
        ),
    ] {
        if let Some(p) = pem {
            if !p.contains("-----BEGIN CERTIFICATE-----") {
                return Err(format!("{field}: not a PEM certificate"));
            }
        }
    }
    Ok(())
}

/// IPv4 addressing shared by Wi-Fi station and Ethernet: every address must parse, and with
/// `static_ip` all four must be set (non-zero).
fn addressing(static_ip: Option<bool>, ip: [Option<&str>; 4]) -> Check {
    let names = ["ip", "netmask", "gateway", "dns"];
    for (name, v) in names.iter().zip(ip) {
        let addr = ipv4(name, v)?;
        if static_ip == Some(true) && addr.is_unspecified() {
            return Err(format!("{name}: required when static_ip is true"));
        }
    }
    Ok(())
}

pub fn wifi_sta(w: &WifiStaSettings) -> Check {
    len("name", w.name.as_deref(), 0, 32)?;
    if w.enable == Some(true) {
        len("name", w.name.as_deref().or(Some("")), 1, 32)?;
    }
    if let Some(p) = w
        .password
        .as_ref()
        .map(|p| p.expose())
        .filter(|p| !p.is_empty())
    {
        len("password", Some(p), 8, 64)?;
    }
    range("max_tx_power", w.max_tx_power, 0.0, 21.0)?;
    if let Some(p) = w.max_tx_power {
        if (p * 2.0).fract() != 0.0 {
            return Err("max_tx_power: resolution is 0.5 dBm".into());
        }
    }
    addressing(
        w.static_ip,
        [
            w.ip.as_deref(),
            w.netmask.as_deref(),
            w.gateway.as_deref(),
            w.dns.as_deref(),
        ],
    )
}

pub fn eth(e: &EthSettings) -> Check {
    addressing(
        e.static_ip,
        [
            e.ip.as_deref(),
            e.netmask.as_deref(),
            e.gateway.as_deref(),
            e.dns.as_deref(),
        ],
    )
}

/// Custom scalers: `C.D.E` with C, D in 0..=254 and E in 0..=255 (255 = wildcard), scaler -6..=6.
pub fn scalers(list: &[Scaler]) -> Check {
    for s in list {
        let parts: Vec<&str> = s.obis.split('.').collect();
        let ok = parts.len() == 3
            && parts.iter().enumerate().all(|(i, p)| {
                p.parse::<u16>()
                    .is_ok_and(|n| n <= if i == 2 { 255 } else { 254 })
            });
        if !ok {
            return Err(format!("obis {:?}: expected C.D.E", s.obis));
        }
        match s.scaler {
            Some(x) if (-6..=6).contains(&x) => {}
            other => return Err(format!("scaler {other:?} for {}: must be -6..6", s.obis)),
        }
    }
    Ok(())
}
