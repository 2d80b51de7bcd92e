//! How a simulated device is set up: identity, licence, auth, meter preset, timings.

use crate::meter::household::Phases;
use crate::meter::MeterFault;
use std::net::SocketAddr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum License {
    Free,
    Plus,
}

impl License {
    pub fn as_str(self) -> &'static str {
        match self {
            License::Free => "FREE",
            License::Plus => "PLUS",
        }
    }
}

/// Which HTTP authentication the firmware speaks when a password is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// Firmware ≥ 1.10: Digest `MD5-sess`, `qop=auth`.
    Digest,
    /// Digest with plain `MD5` (for exercising clients; no real firmware is known to send it).
    DigestMd5,
    /// Firmware < 1.10.
    Basic,
}

/// A meter the device reads: physical interface, protocol, phases and report interval.
#[derive(Debug, Clone, PartialEq)]
pub struct MeterPreset {
    pub name: &'static str,
    pub interface: &'static str,
    pub protocol: &'static str,
    pub protocol_version: &'static str,
    pub vendor: &'static str,
    pub prefix: &'static str,
    pub phases: Phases,
    /// Seconds between reports.
    pub interval_s: f64,
}

impl MeterPreset {
    /// Whether meter settings chosen by hand (`if_type`, `protocol`; docs: meter-comm) describe this
    /// meter: its interface, and DSMR for P1 or a DLMS framing (HDLC, M-Bus) for M-Bus meters.
    pub fn accepts(&self, if_type: Option<&str>, protocol: Option<&str>) -> bool {
        let (Some(if_type), Some(protocol)) = (if_type, protocol) else {
            return false;
        };
        let protocols: &[&str] = match self.protocol {
            "DSMR" => &["dsmr"],
            _ => &["hdlc", "mbus"],
        };
        if_type.eq_ignore_ascii_case(self.interface)
            && protocols.iter().any(|p| p.eq_ignore_ascii_case(protocol))
    }

    pub const ALL: [&'static str; 4] = ["p1-3ph", "p1-1ph", "mbus-1ph", "mbus-3ph"];

    /// Looks a preset up by its CLI name.
    pub fn named(name: &str) -> Option<MeterPreset> {
        let p1 = |name, phases| MeterPreset {
            name,
            interface: "P1",
            protocol: "DSMR",
            protocol_version: "5.0",
            vendor: "Ensor",
            prefix: "ESR",
            phases,
            interval_s: 1.0,
        };
        let mbus = |name, phases| MeterPreset {
            name,
            interface: "MBUS",
            protocol: "DLMS",
            protocol_version: "",
            vendor: "Landis+Gyr",
            prefix: "LGZ",
            phases,
            interval_s: 6.794,
        };
        match name {
            "p1-3ph" => Some(p1("p1-3ph", Phases::Three)),
            "p1-1ph" => Some(p1("p1-1ph", Phases::One)),
            "mbus-1ph" => Some(mbus("mbus-1ph", Phases::One)),
            "mbus-3ph" => Some(mbus("mbus-3ph", Phases::Three)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Where the HTTP server listens (`127.0.0.1:0` picks a free port). In setup mode this is the
    /// device's access-point address.
    pub bind: SocketAddr,
    /// 12 upper-case hex digits; derived from the seed when `None`.
    pub device_id: Option<String>,
    pub license: License,
    /// Web UI password; `Some` turns protection on.
    pub password: Option<String>,
    pub auth: AuthScheme,
    pub meter: MeterPreset,
    /// Overrides the preset's report interval (seconds; e.g. 0.01 for a 100 Hz load test).
    pub interval_s: Option<f64>,
    pub seed: u64,
    /// Simulated wall clock at start (UTC); `None` = now.
    pub start: Option<chrono::DateTime<chrono::Utc>>,
    /// The device's local time zone offset in minutes (CET by default).
    pub utc_offset_minutes: i32,
    /// The meter needs a DLMS key: status stays `KEY REQUIRED` until one is set.
    pub key_required: bool,
    /// The meter's DLMS key (32 hex digits): a stored key that differs shows `ENCRYPTION KEY`.
    /// `None`: any well-formed key is right.
    pub meter_key: Option<String>,
    /// A meter that does not come up by itself (unplugged, interface closed, not recognised).
    pub meter_fault: Option<MeterFault>,
    /// How long the device is unreachable after `/api/v1/reboot`, `/api/v1/restore` or `/load`.
    pub reboot_downtime: Duration,
    /// How long a Digest nonce stays valid before the device answers `stale=true`.
    pub nonce_lifetime: Duration,
    /// Advertise over mDNS (`services.broadcast` can still switch it off at run time).
    pub mdns: bool,
    /// Start unconfigured, reachable at `bind` as its own access point; after Wi-Fi is configured it
    /// moves to a new station address.
    pub setup_mode: bool,
    /// In setup mode: how long the access point stays up after the move.
    pub ap_linger: Duration,
    /// A network cable is plugged in: with Ethernet enabled (the factory default) the device is on the
    /// home network from boot, beside its access point in setup mode.
    pub ethernet: bool,
    /// The password of the simulated home networks (`HomeNet` and the hidden `Attic`); joining with
    /// another fails and a device in setup mode stays on its access point.
    pub wifi_password: String,
    /// How long a WPS pairing window stays open (the docs: 2 minutes).
    pub wps_window: Duration,
    /// The router's WPS button is pressed whenever the device opens a pairing window (demos and
    /// end-to-end runs; tests press it with `SimDevice::press_router_wps`).
    pub wps_router_pressed: bool,
    pub sd_card: bool,
    /// The super-capacitor sags below the docs' 4.5 V (a meter port that cannot keep up), so
    /// low-supply warnings can be seen and tested; `SimDevice::set_scap_sag` changes it later.
    pub scap_sag: bool,
    /// Days of SD-card history generated at start (15-minute rows).
    pub history_days: u32,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            device_id: None,
            license: License::Plus,
            password: None,
            auth: AuthScheme::Digest,
            meter: MeterPreset::named("p1-3ph").unwrap_or_else(|| unreachable!()),
            interval_s: None,
            seed: 1,
            start: None,
            utc_offset_minutes: 60,
            key_required: false,
            meter_key: None,
            meter_fault: None,
            // docs: restart: "30-60 seconds typical"; tests set it short (testkit::config).
            reboot_downtime: Duration::from_secs(35),
            nonce_lifetime: Duration::from_secs(300),
            mdns: true,
            setup_mode: false,
            ap_linger: Duration::from_secs(2),
            ethernet: false,
            wifi_password: "homenet-wifi-pass".into(),
            wps_window: Duration::from_secs(120),
            wps_router_pressed: false,
            sd_card: true,
            scap_sag: false,
            history_days: 2,
        }
    }
}

impl SimConfig {
    /// The effective report interval in seconds (never below 1 ms).
    pub fn interval(&self) -> f64 {
        self.interval_s.unwrap_or(self.meter.interval_s).max(0.001)
    }

    /// The device id: configured, or 12 hex digits derived from the seed (stable across runs).
    pub fn id(&self) -> String {
        match &self.device_id {
            Some(id) => id.to_ascii_uppercase(),
            None => {
                let x = self
                    .seed
                    .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .rotate_left(17)
                    ^ 0xA842_E300_0000;
                format!("A842E3{:06X}", x & 0xFF_FFFF)
            }
        }
    }
}
