//! Saved meters: identify, add, rename, remove; the demo meter; each meter's live session.

use super::{lock, now, App, CoreEvent};
use crate::demo::DemoMeter;
use crate::error::{CoreError, Result};
use crate::ipc::*;
use crate::live::session::{SessionEvent, SessionState};
use crate::registry::SavedMeter;
use tokio::sync::broadcast;
use whatwatt::{AuthFailure, ProbeOutcome, Secret};

/// How long a probe may take before a device counts as unreachable.
pub(super) const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4);

/// Why a probe that found no usable device failed, as an error.
pub(super) fn probe_error(address: &str, outcome: ProbeOutcome) -> CoreError {
    match outcome {
        ProbeOutcome::Device { .. } => CoreError::Invalid("a device answered".into()),
        ProbeOutcome::NeedsPassword => {
            whatwatt::Error::Unauthorized(AuthFailure::PasswordRequired).into()
        }
        ProbeOutcome::WrongPassword => {
            whatwatt::Error::Unauthorized(AuthFailure::WrongPassword).into()
        }
        ProbeOutcome::BasicRefused => {
            whatwatt::Error::Unauthorized(AuthFailure::BasicRefused).into()
        }
        ProbeOutcome::NotWhatwatt { detail } => CoreError::NotWhatwatt(detail),
        ProbeOutcome::UnknownHost { host } => whatwatt::Error::UnknownHost { host }.into(),
        ProbeOutcome::Unreachable { detail } => whatwatt::Error::Unreachable {
            target: address.to_owned(),
            reason: detail,
        }
        .into(),
    }
}

impl App {
    /// Identifies the device at `address` (typed by the user, so the password may go there),
    /// explaining precisely what is wrong if it is not usable.
    pub async fn probe(&self, address: &str, password: Option<Secret>) -> Result<ProbeView> {
        let password = password.filter(|p| !p.is_empty());
        let outcome = self.probe_at(address, password).await?;
        Ok(match outcome {
            ProbeOutcome::Device {
                device_id,
                system,
                protected,
                ..
            } => ProbeView::Device {
                device: self.view_of(&device_id, address, &system, protected),
            },
            ProbeOutcome::NeedsPassword => ProbeView::NeedsPassword,
            ProbeOutcome::WrongPassword => ProbeView::WrongPassword,
            ProbeOutcome::BasicRefused => ProbeView::BasicRefused,
            ProbeOutcome::NotWhatwatt { detail } => ProbeView::NotWhatwatt { detail },
            ProbeOutcome::UnknownHost { host } => ProbeView::UnknownHost { host },
            ProbeOutcome::Unreachable { detail } => ProbeView::Unreachable { detail },
        })
    }

    pub(crate) fn view_of(
        &self,
        device_id: &str,
        address: &str,
        system: &whatwatt::models::system::SystemInfo,
        protected: bool,
    ) -> DiscoveredView {
        let short = &device_id[device_id.len().saturating_sub(6)..];
        let url = whatwatt::parse_address(address).ok();
        let port = url
            .as_ref()
            .and_then(|u| u.port_or_known_default())
            .unwrap_or(80);
        let host = url
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| address.to_owned());
        let saved = lock(&self.inner.registry).get(device_id).cloned();
        DiscoveredView {
            device_id: device_id.to_owned(),
            instance_name: format!("whatwatt Go {short} WebUI"),
            host_name: format!("whatwatt-{short}.local."),
            address: format!("{host}:{port}"),
            addresses: vec![host],
            port,
            firmware: system.device.firmware.clone(),
            license: system.device.license.as_ref().and_then(|l| l.kind.clone()),
            meter_status: system.meter.as_ref().and_then(|m| m.status.clone()),
            model: system.device.model.clone(),
            needs_password: protected,
            saved: saved.is_some(),
            demo: saved.is_some_and(|m| m.demo) || self.is_demo_id(device_id),
        }
    }

    /// Adds the meter at `request.address` (typed or picked by the user) after checking it; the
    /// password goes to the secret store. Adding the same meter twice at once saves it once.
    pub async fn add_meter(&self, request: AddMeterRequest) -> Result<MeterView> {
        self.add_meter_at(request, true).await
    }

    /// [`App::add_meter`]; with `allow_basic` false the password never goes in clear (an address a
    /// setup found by mDNS: Digest only).
    pub(crate) async fn add_meter_at(
        &self,
        request: AddMeterRequest,
        allow_basic: bool,
    ) -> Result<MeterView> {
        let password = request.password.clone().filter(|p| !p.is_empty());
        let outcome = self
            .probe_with_login(&request.address, password.clone(), allow_basic)
            .await?;
        let ProbeOutcome::Device {
            device_id,
            system,
            protected,
            scheme,
        } = outcome
        else {
            return Err(probe_error(&request.address, outcome));
        };
        let view = self.view_of(&device_id, &request.address, &system, protected);
        let name = request
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| system.device.name.clone().filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| {
                if view.demo {
                    "Demo meter".to_owned()
                } else {
                    format!(
                        "whatwatt Go {}",
                        &device_id[device_id.len().saturating_sub(6)..]
                    )
                }
            });
        let saved = SavedMeter {
            device_id: device_id.clone(),
            name,
            host_name: Some(view.host_name.clone()),
            address: view.address.clone(),
            has_password: protected,
            demo: view.demo,
            last_seen: Some(now()),
            transport: crate::live::session::TransportChoice::Auto,
            mqtt: None,
            auth: scheme,
        };
        let address = saved.address.clone();
        let demo = saved.demo;
        // Checked and saved under one lock: two adds of the same meter cannot both pass.
        let added = lock(&self.inner.registry).update(|m| {
            let fresh = !m.iter().any(|x| x.is(&device_id));
            if fresh {
                m.push(saved);
            }
            fresh
        })?;
        if !added {
            return Err(CoreError::AlreadyAdded);
        }
        if let (true, Some(pw)) = (protected, &password) {
            if let Err(e) = self.inner.secrets.set(&device_id, pw) {
                let _ = lock(&self.inner.registry).update(|m| m.retain(|x| !x.is(&device_id)));
                return Err(e);
            }
        }
        self.watch(&device_id, &address);
        if demo {
            self.demo_broker(&device_id).await;
        }
        self.mark_saved(&device_id, true);
        self.meters_changed();
        self.meter_view(&device_id)
    }

    pub async fn remove_meter(&self, device_id: &str) -> Result<()> {
        let device_id = self.saved(device_id)?.device_id;
        let device_id = device_id.as_str();
        let removed = lock(&self.inner.registry).update(|m| {
            let before = m.len();
            let demo = m.iter().any(|x| x.is(device_id) && x.demo);
            m.retain(|x| !x.is(device_id));
            (m.len() != before, demo)
        })?;
        if !removed.0 {
            return Err(CoreError::UnknownMeter(device_id.to_owned()));
        }
        self.inner.supervisor.stop(device_id).await;
        self.alerts_forget(device_id);
        lock(&self.inner.moves).remove(device_id);
        self.inner.secrets.delete(device_id)?;
        if removed.1 {
            if let Some(demo) = self.inner.demo.lock().await.take() {
                demo.stop().await;
            }
            let gone = lock(&self.inner.discovered).remove(device_id).is_some();
            if gone {
                let _ = self
                    .inner
                    .events
                    .send(CoreEvent::Discovery(DiscoveryEvent::Lost {
                        device_id: device_id.to_owned(),
                    }));
            }
        } else {
            self.mark_saved(device_id, false);
        }
        self.meters_changed();
        Ok(())
    }

    pub fn rename_meter(&self, device_id: &str, name: &str) -> Result<MeterView> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(
                whatwatt::Error::BadRequest("a name needs 1 to 64 characters".into()).into(),
            );
        }
        self.update_meter(device_id, |m| name.clone_into(&mut m.name))?;
        self.meters_changed();
        self.meter_view(device_id)
    }

    /// Starts the demo device if it is not running; returns its id and address.
    pub(crate) async fn start_demo_device(&self) -> Result<(String, String)> {
        let mut slot = self.inner.demo.lock().await;
        if slot.is_none() {
            *slot = Some(DemoMeter::start(self.inner.mdns).await?);
        }
        let d = slot
            .as_ref()
            .ok_or_else(|| CoreError::Demo("not running".into()))?;
        Ok((d.id().to_owned(), d.address()))
    }

    /// Starts the demo meter (if not running) and saves it.
    pub async fn start_demo(&self) -> Result<MeterView> {
        let (id, address) = self.start_demo_device().await?;
        let existing = lock(&self.inner.registry).get(&id).cloned();
        match existing {
            Some(m) => {
                if m.address != address {
                    lock(&self.inner.registry).update(|all| {
                        if let Some(x) = all.iter_mut().find(|x| x.device_id == id) {
                            x.address = address.clone();
                        }
                    })?;
                }
                self.watch(&id, &address);
                self.demo_broker(&id).await;
                self.meters_changed();
                self.meters()
                    .into_iter()
                    .find(|m| m.device_id == id)
                    .ok_or(CoreError::UnknownMeter(id))
            }
            None => {
                self.add_meter(AddMeterRequest {
                    address,
                    password: None,
                    name: Some("Demo meter".into()),
                })
                .await
            }
        }
    }

    /// With a demo broker (`WATTDESK_DEMO_BROKER`), the demo meter publishes there and WattDesk listens.
    async fn demo_broker(&self, device_id: &str) {
        if let Some(url) = self.inner.demo_broker.clone() {
            if let Err(e) = self.demo_mqtt(device_id, &url).await {
                tracing::warn!("demo MQTT through {url}: {e}");
            }
        }
    }

    /// A saved meter as stored.
    pub(crate) fn saved(&self, device_id: &str) -> Result<SavedMeter> {
        lock(&self.inner.registry)
            .get(device_id)
            .cloned()
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))
    }

    /// Changes a saved meter and writes the registry.
    pub(crate) fn update_meter(
        &self,
        device_id: &str,
        f: impl FnOnce(&mut SavedMeter),
    ) -> Result<()> {
        let found = lock(&self.inner.registry)
            .update(|all| all.iter_mut().find(|m| m.is(device_id)).map(f).is_some())?;
        if found {
            Ok(())
        } else {
            Err(CoreError::UnknownMeter(device_id.to_owned()))
        }
    }

    /// One saved meter as the Meters view shows it.
    pub(crate) fn meter_view(&self, device_id: &str) -> Result<MeterView> {
        self.meters()
            .into_iter()
            .find(|m| m.device_id.eq_ignore_ascii_case(device_id))
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))
    }

    /// (Re)starts the live session of a saved meter at `address`.
    pub(crate) fn watch(&self, device_id: &str, address: &str) {
        // Paused from the tray: an edited or added meter starts with the others on resume.
        if self.live_paused() {
            return;
        }
        let Some(saved) = lock(&self.inner.registry).get(device_id).cloned() else {
            return;
        };
        let mut link = self.link(&saved);
        // The caller knows the newest address (a meter that moved, the demo meter's new port).
        address.clone_into(&mut link.address);
        self.inner.supervisor.ensure(&saved.device_id, link);
    }

    /// The live events of a saved meter's session.
    pub fn subscribe_meter(&self, device_id: &str) -> Option<broadcast::Receiver<SessionEvent>> {
        self.inner.supervisor.subscribe(device_id)
    }

    /// The connection state of a saved meter's session.
    pub fn meter_state(&self, device_id: &str) -> Option<SessionState> {
        self.inner.supervisor.state(device_id)
    }
}
