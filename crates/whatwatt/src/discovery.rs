//! Finding devices: mDNS browsing of `_http._tcp.local.` for services whose TXT says `type=100`, and
//! [`probe`] to identify whatever is at an address the user typed.

use crate::error::{AuthFailure, Error};
use crate::models::system::SystemInfo;
use crate::rest::Client;
use crate::{AuthScheme, Secret};
use mdns_sd::{ServiceDaemon, ServiceEvent};
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

/// The DNS-SD service type devices advertise.
pub const SERVICE_TYPE: &str = "_http._tcp.local.";
/// TXT `type` of a whatwatt Go.
pub const DEVICE_TYPE: &str = "100";

/// A device seen on the network.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiscoveredDevice {
    /// TXT `id`: 12 upper-case hex digits.
    pub device_id: String,
    /// e.g. `whatwatt Go 9F8124 WebUI`.
    pub instance_name: String,
    /// e.g. `whatwatt-9F8124.local.`.
    pub host_name: String,
    pub addresses: Vec<IpAddr>,
    pub port: u16,
}

impl DiscoveredDevice {
    /// The device a resolved `_http._tcp` service describes, if it is a whatwatt Go: TXT `type=100`
    /// and an `id` of 12 hex digits (normalized to upper case). Anything else is `None`.
    pub fn from_service(info: &mdns_sd::ResolvedService) -> Option<DiscoveredDevice> {
        if info.get_property_val_str("type") != Some(DEVICE_TYPE) {
            return None;
        }
        let device_id = info.get_property_val_str("id")?.trim().to_ascii_uppercase();
        if device_id.len() != 12 || !device_id.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let instance_name = info
            .get_fullname()
            .strip_suffix(&format!(".{SERVICE_TYPE}"))
            .unwrap_or(info.get_fullname())
            .to_owned();
        let mut addresses: Vec<IpAddr> = info
            .get_addresses()
            .iter()
            .map(|a| a.to_ip_addr())
            .collect();
        addresses.sort();
        Some(DiscoveredDevice {
            device_id,
            instance_name,
            host_name: info.get_hostname().to_owned(),
            addresses,
            port: info.get_port(),
        })
    }

    /// `host:port` of the first address (IPv4 preferred), for [`Client::new`].
    pub fn address(&self) -> Option<String> {
        let ip = self
            .addresses
            .iter()
            .find(|a| a.is_ipv4())
            .or_else(|| self.addresses.first())?;
        Some(match ip {
            IpAddr::V4(v4) => format!("{v4}:{}", self.port),
            IpAddr::V6(v6) => format!("[{v6}]:{}", self.port),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscoveryEvent {
    /// A device appeared, or its addresses/port changed (same `device_id`).
    Found(DiscoveredDevice),
    /// A device stopped advertising.
    Lost {
        device_id: String,
        instance_name: String,
    },
}

/// Browses for devices on a daemon made by [`crate::MdnsPolicy::daemon`]. Dropping it stops browsing.
pub struct Browser {
    daemon: ServiceDaemon,
    rx: mdns_sd::Receiver<ServiceEvent>,
    known: HashMap<String, String>,
}

impl Browser {
    pub fn start(daemon: &ServiceDaemon) -> Result<Browser, Error> {
        let rx = daemon
            .browse(SERVICE_TYPE)
            .map_err(|e| Error::Mdns(e.to_string()))?;
        Ok(Browser {
            daemon: daemon.clone(),
            rx,
            known: HashMap::new(),
        })
    }

    /// The next whatwatt event; other `_http._tcp` services are skipped. `None` when the daemon stopped.
    pub async fn next(&mut self) -> Option<DiscoveryEvent> {
        loop {
            match self.rx.recv_async().await.ok()? {
                ServiceEvent::ServiceResolved(info) => {
                    let Some(device) = DiscoveredDevice::from_service(&info) else {
                        continue;
                    };
                    self.known
                        .insert(info.get_fullname().to_owned(), device.device_id.clone());
                    return Some(DiscoveryEvent::Found(device));
                }
                ServiceEvent::ServiceRemoved(_, fullname) => {
                    if let Some(device_id) = self.known.remove(&fullname) {
                        let instance_name = fullname
                            .strip_suffix(&format!(".{SERVICE_TYPE}"))
                            .unwrap_or(&fullname)
                            .to_owned();
                        return Some(DiscoveryEvent::Lost {
                            device_id,
                            instance_name,
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.daemon.stop_browse(SERVICE_TYPE);
    }
}

/// What is at an address.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProbeOutcome {
    /// A whatwatt Go answered (with the password, if one was needed and given).
    Device {
        device_id: String,
        system: Box<SystemInfo>,
        /// True when the device asked for a password.
        protected: bool,
        /// How it checked the password, when it asked for one.
        scheme: Option<AuthScheme>,
    },
    /// A whatwatt Go (or something) that wants a password we do not have.
    NeedsPassword,
    /// The password was rejected.
    WrongPassword,
    /// It asked for the password in clear text (HTTP Basic) where the client refuses to send it
    /// that way (see [`crate::rest::ClientBuilder::allow_basic`]).
    BasicRefused,
    /// Something answered, but not like a whatwatt Go (another web server, a broker…).
    NotWhatwatt { detail: String },
    /// No device has that name.
    UnknownHost { host: String },
    /// Nothing answered.
    Unreachable { detail: String },
}

/// Identifies the device at `address` with `GET /api/v1/system`. Never fails on device trouble: every
/// outcome is described; only an unusable address is an error. `password` goes to the address as the
/// device asks (Digest, or Basic for old firmware): give one only for an address the user typed or
/// confirmed, or use [`probe_with`] with a client that refuses Basic.
pub async fn probe(
    address: &str,
    password: Option<Secret>,
    timeout: Duration,
) -> Result<ProbeOutcome, Error> {
    let client = Client::builder(address)
        .password(password)
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()?;
    probe_with(&client).await
}

/// The web request failed without an HTTP answer: look at what is there (nothing, an MQTT broker,
/// something else) so the user hears what was found.
async fn what_answered(client: &Client, e: Error) -> ProbeOutcome {
    let target = client
        .base_url()
        .host_str()
        .map(|h| {
            format!(
                "{h}:{}",
                client.base_url().port_or_known_default().unwrap_or(80)
            )
        })
        .unwrap_or_default();
    let mut found = crate::sniff::Found::Nothing;
    for addr in client.socket_addrs().await {
        found = crate::sniff::sniff(addr, Duration::from_secs(1)).await;
        if found != crate::sniff::Found::Nothing {
            break;
        }
    }
    match found {
        crate::sniff::Found::Nothing => ProbeOutcome::Unreachable {
            detail: e.to_string(),
        },
        crate::sniff::Found::MqttBroker => ProbeOutcome::NotWhatwatt {
            detail: format!(
                "an MQTT broker answers at {target}, not a whatwatt Go (its web interface is on another port, usually 80)"
            ),
        },
        crate::sniff::Found::Other => ProbeOutcome::NotWhatwatt {
            detail: format!(
                "something answers at {target}, but not like a web server (another service on that port?): {e}"
            ),
        },
    }
}

/// [`probe`] with a client the caller configured (password, expected scheme, Basic refused…).
pub async fn probe_with(client: &Client) -> Result<ProbeOutcome, Error> {
    let had_password = client.has_password();
    match client.system().await {
        Ok(system) => {
            let id = system.device.id.trim().to_ascii_uppercase();
            if id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()) {
                Ok(ProbeOutcome::Device {
                    device_id: id,
                    system: Box::new(system),
                    protected: had_password && client.authenticated(),
                    scheme: client.scheme(),
                })
            } else {
                Ok(ProbeOutcome::NotWhatwatt {
                    detail: "the answer has no whatwatt device id".into(),
                })
            }
        }
        Err(Error::Unauthorized(AuthFailure::PasswordRequired)) => Ok(ProbeOutcome::NeedsPassword),
        Err(Error::Unauthorized(AuthFailure::WrongPassword)) => Ok(ProbeOutcome::WrongPassword),
        Err(Error::Unauthorized(AuthFailure::BasicRefused)) => Ok(ProbeOutcome::BasicRefused),
        Err(e @ (Error::Unreachable { .. } | Error::NotHttp { .. })) => {
            Ok(what_answered(client, e).await)
        }
        Err(e @ Error::Timeout(_)) => Ok(ProbeOutcome::Unreachable {
            detail: e.to_string(),
        }),
        Err(Error::UnknownHost { host }) => Ok(ProbeOutcome::UnknownHost { host }),
        Err(e @ Error::InvalidAddress(_)) => Err(e),
        Err(e @ (Error::NotFound(_) | Error::Http { .. } | Error::LicenseRequired)) => {
            Ok(ProbeOutcome::NotWhatwatt {
                detail: format!("a web server answered, but it has no whatwatt Go API ({e})"),
            })
        }
        Err(e) => Ok(ProbeOutcome::NotWhatwatt {
            detail: e.to_string(),
        }),
    }
}
