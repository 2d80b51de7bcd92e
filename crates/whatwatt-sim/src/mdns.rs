//! The device's mDNS advertisement, exactly as docs/10-general/discovery.md shows it: host
//! `whatwatt-XXXXXX.local`, instance `whatwatt Go XXXXXX WebUI` on `_http._tcp`, TXT `id` and `type=100`.

use mdns_sd::{ServiceDaemon, ServiceInfo};
use std::net::SocketAddr;
use whatwatt::discovery::{DEVICE_TYPE, SERVICE_TYPE};

pub struct Advertiser {
    daemon: Option<ServiceDaemon>,
    registered: Option<(String, SocketAddr)>,
}

impl Advertiser {
    /// `None`: advertising is off (mDNS disabled by policy or configuration).
    pub fn new(daemon: Option<ServiceDaemon>) -> Advertiser {
        Advertiser {
            daemon,
            registered: None,
        }
    }

    /// Advertises the device at `addr` (re-registers if the address changed).
    pub fn publish(&mut self, id: &str, addr: SocketAddr) {
        if self.registered.as_ref().is_some_and(|(_, a)| *a == addr) {
            return;
        }
        self.withdraw();
        let Some(daemon) = &self.daemon else { return };
        let short = &id[id.len().saturating_sub(6)..];
        let host = format!("whatwatt-{short}.local.");
        let instance = format!("whatwatt Go {short} WebUI");
        let props = [("id", id), ("type", DEVICE_TYPE)];
        let info = if addr.ip().is_unspecified() {
            ServiceInfo::new(SERVICE_TYPE, &instance, &host, "", addr.port(), &props[..])
                .map(ServiceInfo::enable_addr_auto)
        } else {
            ServiceInfo::new(
                SERVICE_TYPE,
                &instance,
                &host,
                addr.ip(),
                addr.port(),
                &props[..],
            )
        };
        match info {
            Ok(info) => {
                let fullname = info.get_fullname().to_owned();
                match daemon.register(info) {
                    Ok(()) => self.registered = Some((fullname, addr)),
                    Err(e) => tracing::warn!("mDNS register failed: {e}"),
                }
            }
            Err(e) => tracing::warn!("mDNS service info rejected: {e}"),
        }
    }

    /// Stops advertising (sends goodbye packets).
    pub fn withdraw(&mut self) {
        if let (Some(daemon), Some((fullname, _))) = (&self.daemon, self.registered.take()) {
            let _ = daemon.unregister(&fullname);
        }
    }
}

impl Drop for Advertiser {
    fn drop(&mut self) {
        self.withdraw();
    }
}
