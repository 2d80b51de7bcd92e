//! Discovery: mDNS browsing while the Discovery view is open (and shortly after start-up), each found
//! meter enriched by a probe, saved meters followed to new addresses by id.

use super::{lock, App, CoreEvent, Discovery};
use crate::error::Result;
use crate::ipc::*;
use tokio_util::sync::CancellationToken;
use whatwatt::{DiscoveredDevice, ProbeOutcome};

/// Discovery runs this long after start-up to refresh the addresses of saved meters.
pub(super) const STARTUP_DISCOVERY: std::time::Duration = std::time::Duration::from_secs(60);

impl App {
    pub(crate) fn is_demo_id(&self, device_id: &str) -> bool {
        self.inner
            .demo
            .try_lock()
            .ok()
            .and_then(|d| d.as_ref().map(|d| d.id() == device_id))
            .unwrap_or(false)
    }

    pub(crate) fn mark_saved(&self, device_id: &str, saved: bool) {
        let updated = {
            let mut d = lock(&self.inner.discovered);
            d.get_mut(device_id).map(|v| {
                v.saved = saved;
                v.clone()
            })
        };
        if let Some(device) = updated {
            let _ = self
                .inner
                .events
                .send(CoreEvent::Discovery(DiscoveryEvent::Found { device }));
        }
    }

    pub fn discovery_snapshot(&self) -> Vec<DiscoveredView> {
        lock(&self.inner.discovered).values().cloned().collect()
    }

    /// The Discovery view is open (`true`) or closed.
    pub async fn set_discovery_active(&self, active: bool) -> Result<()> {
        let mut d = self.inner.discovery.lock().await;
        d.view_open = active;
        self.apply_discovery(&mut d).await
    }

    pub(crate) async fn begin_startup_discovery(&self) {
        {
            let mut d = self.inner.discovery.lock().await;
            d.startup = true;
            if let Err(e) = self.apply_discovery(&mut d).await {
                tracing::warn!("discovery could not start: {e}");
            }
        }
        let app = self.clone();
        let t = tokio::spawn(async move {
            tokio::select! {
                _ = app.inner.cancel.cancelled() => return,
                _ = tokio::time::sleep(STARTUP_DISCOVERY) => {}
            }
            let mut d = app.inner.discovery.lock().await;
            d.startup = false;
            let _ = app.apply_discovery(&mut d).await;
        });
        lock(&self.inner.tasks).push(t);
    }

    async fn apply_discovery(&self, d: &mut Discovery) -> Result<()> {
        let want = d.view_open || d.startup;
        match (&d.task, want) {
            (None, true) => {
                if d.daemon.is_none() {
                    d.daemon = self.inner.mdns.daemon()?;
                }
                let Some(daemon) = d.daemon.clone() else {
                    return Ok(()); // mDNS off
                };
                let browser = whatwatt::Browser::start(&daemon)?;
                let cancel = self.inner.cancel.child_token();
                let task = tokio::spawn(self.clone().browse(browser, cancel.clone()));
                d.task = Some((cancel, task));
            }
            (Some(_), false) => {
                if let Some((cancel, task)) = d.task.take() {
                    cancel.cancel();
                    let _ = task.await;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn browse(self, mut browser: whatwatt::Browser, cancel: CancellationToken) {
        loop {
            let ev = tokio::select! {
                _ = cancel.cancelled() => return,
                ev = browser.next() => match ev { Some(ev) => ev, None => return },
            };
            match ev {
                whatwatt::DiscoveryEvent::Found(dev) => {
                    let app = self.clone();
                    // Enrich with a probe; do not hold up the browser.
                    tokio::spawn(async move { app.found(dev).await });
                }
                whatwatt::DiscoveryEvent::Lost { device_id, .. } => {
                    if lock(&self.inner.discovered).remove(&device_id).is_some() {
                        let _ = self
                            .inner
                            .events
                            .send(CoreEvent::Discovery(DiscoveryEvent::Lost { device_id }));
                    }
                }
            }
        }
    }

    /// A meter advertised itself. Its address is learned from mDNS, so it is probed without
    /// credentials; a saved meter is followed there only as [`App::follow`] allows.
    async fn found(&self, dev: DiscoveredDevice) {
        let Some(address) = dev.address() else { return };
        let probe = self.probe_at(&address, None).await;
        let saved = lock(&self.inner.registry).get(&dev.device_id).cloned();
        let mut view = DiscoveredView {
            device_id: dev.device_id.clone(),
            instance_name: dev.instance_name.clone(),
            host_name: dev.host_name.clone(),
            address: address.clone(),
            addresses: dev.addresses.iter().map(|a| a.to_string()).collect(),
            port: dev.port,
            firmware: None,
            license: None,
            meter_status: None,
            model: None,
            needs_password: false,
            saved: saved.is_some(),
            demo: saved.as_ref().is_some_and(|m| m.demo) || self.is_demo_id(&dev.device_id),
        };
        match &probe {
            Ok(ProbeOutcome::Device { system, .. }) => {
                view.firmware = system.device.firmware.clone();
                view.license = system.device.license.as_ref().and_then(|l| l.kind.clone());
                view.meter_status = system.meter.as_ref().and_then(|m| m.status.clone());
                view.model = system.device.model.clone();
            }
            Ok(ProbeOutcome::NeedsPassword | ProbeOutcome::WrongPassword) => {
                view.needs_password = true
            }
            _ => {}
        }
        if let (Some(m), Ok(outcome)) = (saved, &probe) {
            if !same_address(&m.address, &address) {
                self.follow(&m, &address, &dev.host_name, outcome).await;
            }
        }
        lock(&self.inner.discovered).insert(view.device_id.clone(), view.clone());
        let _ = self
            .inner
            .events
            .send(CoreEvent::Discovery(DiscoveryEvent::Found { device: view }));
    }
}

/// `host:port` written either way (`http://10.0.0.5/`, `10.0.0.5:80`) is the same place.
fn same_address(a: &str, b: &str) -> bool {
    match (whatwatt::parse_address(a), whatwatt::parse_address(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
