//! What a setup run is asked to do, and what it reports while it works.

use super::rules::{self, StaticIp};
use crate::error::Result;
use std::time::Duration;
use whatwatt::Secret;

/// How the device reaches the home network.
#[derive(Debug, Clone)]
pub enum NetworkChoice {
    /// It is on it already (Ethernet, or Wi-Fi set up before): setup starts at the meter.
    Keep,
    /// Join a Wi-Fi network (from the device's scan, or a hidden one by name).
    Wifi {
        ssid: String,
        /// `None`: an open network.
        password: Option<Secret>,
        static_ip: Option<StaticIp>,
        /// dBm; `None` keeps the device's.
        max_tx_power: Option<f64>,
    },
    /// Pair with the router by WPS (the router's button pressed within two minutes).
    Wps,
    /// A network cable: DHCP, or a fixed address.
    Ethernet { static_ip: Option<StaticIp> },
}

/// Everything a setup run needs, checked by [`SetupPlan::checked`] before anything is sent.
#[derive(Debug, Clone)]
pub struct SetupPlan {
    /// Where the device answers now: its access point, or its address on the home network.
    pub address: String,
    pub network: NetworkChoice,
    /// The meter's DLMS encryption key and, if the grid operator gave one, its authentication key.
    pub meter_key: Option<Secret>,
    pub auth_key: Option<Secret>,
    /// The device password to set (or, on a device protected already, to log in with). `None`
    /// leaves the device open to anyone on the network (the run warns).
    pub password: Option<Secret>,
    /// The device's own name (`system.name`) and the saved meter's name.
    pub name: Option<String>,
    /// How often the device reports to its services, in seconds.
    pub report_interval_s: Option<u32>,
    /// Interface and protocol set by hand (`if_type`, `protocol`) for a meter the device does not
    /// recognise; `None` keeps automatic detection.
    pub meter_interface: Option<(String, String)>,
}

impl SetupPlan {
    /// The plan with every value the device would refuse refused first, keys in the form the device
    /// takes (spaces and dashes from a letter removed).
    pub fn checked(mut self) -> Result<SetupPlan> {
        if let NetworkChoice::Wifi {
            ssid,
            password,
            max_tx_power,
            ..
        } = &mut self.network
        {
            *ssid = rules::ssid(ssid)?;
            *password = rules::wifi_password(password.as_ref())?;
            if let Some(p) = max_tx_power {
                rules::tx_power(*p)?;
            }
        }
        if let Some((i, p)) = &self.meter_interface {
            self.meter_interface = Some(rules::meter_interface(i, p)?);
        }
        self.meter_key = match &self.meter_key {
            Some(k) => Some(rules::meter_key(k, rules::KeyName::Encryption)?),
            None => None,
        };
        self.auth_key = match &self.auth_key {
            Some(k) => Some(rules::meter_key(k, rules::KeyName::Authentication)?),
            None => None,
        };
        self.password = match self.password.as_ref().filter(|p| !p.is_empty()) {
            Some(p) => Some(rules::device_password(p)?),
            None => None,
        };
        self.name = match &self.name {
            Some(n) => Some(rules::device_name(n)?).filter(|n| !n.is_empty()),
            None => None,
        };
        if let Some(s) = self.report_interval_s {
            rules::report_interval(s)?;
        }
        Ok(self)
    }
}

/// How long each wait may take and how often the device is asked (defaults suit a real device:
/// `.meter.status` no faster than every 2 s, which a meter-powered unit can afford).
#[derive(Debug, Clone, Copy)]
pub struct SetupTiming {
    pub poll: Duration,
    /// From sending the Wi-Fi or Ethernet settings to finding the device on the home network.
    pub join: Duration,
    /// The WPS window (2 minutes, docs: wps) plus the time to find the device afterwards.
    pub wps: Duration,
    /// From the meter step's start to `OK` and a first reading.
    pub meter: Duration,
}

impl Default for SetupTiming {
    fn default() -> Self {
        SetupTiming {
            poll: Duration::from_secs(2),
            join: Duration::from_secs(90),
            wps: Duration::from_secs(150),
            meter: Duration::from_secs(180),
        }
    }
}

impl SetupPlan {
    /// The wizard's request as a plan (fixed addresses parsed; the rest is checked by
    /// [`SetupPlan::checked`] when the run begins).
    pub fn from_request(r: crate::ipc::SetupRequest) -> Result<SetupPlan> {
        use crate::ipc::{SetupNetwork, StaticIpRequest};
        let fixed = |s: Option<StaticIpRequest>| -> Result<Option<StaticIp>> {
            s.map(|s| StaticIp::parse(&s.ip, &s.netmask, &s.gateway, &s.dns))
                .transpose()
        };
        let network = match r.network {
            SetupNetwork::Keep => NetworkChoice::Keep,
            SetupNetwork::Wps => NetworkChoice::Wps,
            SetupNetwork::Wifi {
                ssid,
                password,
                static_ip,
                max_tx_power,
            } => NetworkChoice::Wifi {
                ssid,
                password,
                static_ip: fixed(static_ip)?,
                max_tx_power,
            },
            SetupNetwork::Ethernet { static_ip } => NetworkChoice::Ethernet {
                static_ip: fixed(static_ip)?,
            },
        };
        Ok(SetupPlan {
            address: r.address.trim().to_owned(),
            network,
            meter_key: r.meter_key,
            auth_key: r.auth_key,
            password: r.password,
            name: r.name,
            report_interval_s: r.report_interval_s,
            meter_interface: r.meter_interface.map(|m| (m.if_type, m.protocol)),
        })
    }
}
