//! Finding a whatwatt Go without an address, for the wizard's first screen: this computer's default
//! gateway (while the computer is on the device's own Wi-Fi, the device is the gateway) and the
//! devices advertising over mDNS. Only `/api/v1/system` is asked, without credentials: an impostor
//! learns nothing, and a protected device answers 401 (it is listed by its advertised id).

use super::find::{open_client, Daemon};
use crate::ipc::{FoundBy, SetupCandidate};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use whatwatt::discovery::{Browser, DiscoveryEvent};
use whatwatt::resolve::HostResolver;
use whatwatt::{AuthFailure, Error, MdnsPolicy};

/// Where the default gateway comes from. Tests and build machines must not knock on the real
/// gateway (that packet would leave the machine), so it is a choice of the app's options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum GatewayPolicy {
    /// The system's routing table (netdev).
    #[default]
    System,
    /// A given address (tests: the simulator's).
    Fixed(String),
    Off,
}

/// `WATTDESK_SETUP_GATEWAY`: `off`, or an address to use as the gateway.
pub const ENV_GATEWAY: &str = "WATTDESK_SETUP_GATEWAY";

impl GatewayPolicy {
    /// The environment's choice; unset, `WATTDESK_MDNS=loopback` (the rule that keeps every probe on
    /// this machine) switches the gateway off too.
    pub fn from_env(mdns: MdnsPolicy) -> GatewayPolicy {
        match std::env::var(ENV_GATEWAY) {
            Ok(v) if v.trim().eq_ignore_ascii_case("off") => GatewayPolicy::Off,
            Ok(v) if !v.trim().is_empty() => GatewayPolicy::Fixed(v.trim().to_owned()),
            _ if mdns == MdnsPolicy::Loopback => GatewayPolicy::Off,
            _ => GatewayPolicy::System,
        }
    }

    fn address(&self) -> Option<String> {
        match self {
            GatewayPolicy::Fixed(a) => Some(a.clone()),
            GatewayPolicy::Off => None,
            GatewayPolicy::System => netdev::get_default_gateway()
                .ok()
                .and_then(|g| g.ipv4.first().map(|ip| ip.to_string())),
        }
    }
}

/// What answered at an address, asked without credentials.
async fn ask(
    address: &str,
    resolver: &Arc<dyn HostResolver>,
    timeout: Duration,
) -> Option<(String, bool, Option<String>)> {
    let client = open_client(address, resolver, timeout)?;
    match client.system().await {
        Ok(sys) if !sys.device.id.is_empty() => Some((
            sys.device.id.to_ascii_uppercase(),
            sys.wifi.as_ref().and_then(|w| w.mode.as_deref()) == Some("AP"),
            sys.meter.and_then(|m| m.status),
        )),
        Err(Error::Unauthorized(AuthFailure::PasswordRequired)) => {
            Some((String::new(), false, None))
        }
        _ => None,
    }
}

/// Every whatwatt Go answering at the gateway or advertising within `window`, gateway first.
pub async fn locate(
    gateway: &GatewayPolicy,
    mdns: MdnsPolicy,
    resolver: &Arc<dyn HostResolver>,
    window: Duration,
) -> Vec<SetupCandidate> {
    let mut addresses: Vec<(String, FoundBy, String)> = Vec::new();
    let gateway_address = tokio::task::spawn_blocking({
        let g = gateway.clone();
        move || g.address()
    });
    let daemon = Daemon(mdns.daemon().ok().flatten());
    if let Some(mut browser) = daemon.0.as_ref().and_then(|d| Browser::start(d).ok()) {
        let until = Instant::now() + window;
        while let Ok(Some(ev)) = tokio::time::timeout_at(until, browser.next()).await {
            if let DiscoveryEvent::Found(d) = ev {
                if let Some(a) = d.address() {
                    addresses.retain(|(_, _, id)| !id.eq_ignore_ascii_case(&d.device_id));
                    addresses.push((a, FoundBy::Mdns, d.device_id.to_ascii_uppercase()));
                }
            }
        }
    }
    drop(daemon);
    if let Ok(Some(g)) = gateway_address.await {
        addresses.insert(0, (g, FoundBy::Gateway, String::new()));
    }
    let per_try = Duration::from_secs(3);
    let asked =
        futures_util::future::join_all(addresses.iter().map(|(a, _, _)| ask(a, resolver, per_try)))
            .await;
    let mut out: Vec<SetupCandidate> = Vec::new();
    for ((address, found_by, advertised), answer) in addresses.into_iter().zip(asked) {
        let Some((id, on_access_point, meter_status)) = answer else {
            continue;
        };
        let device_id = if id.is_empty() { advertised } else { id };
        // The same device by the gateway and by mDNS: listed once, as the gateway.
        if !device_id.is_empty() && out.iter().any(|c| c.device_id == device_id) {
            continue;
        }
        out.push(SetupCandidate {
            address,
            device_id,
            found_by,
            on_access_point,
            meter_status,
            saved: false,
        });
    }
    out
}
