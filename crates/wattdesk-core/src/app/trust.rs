//! Who gets a saved secret. A password goes only to an address WattDesk has reason to believe is
//! that meter: its saved address (typed or confirmed by the user), or a new one that proved to be it.
//! The auth scheme a meter spoke is remembered: after Digest, a Basic challenge (the password in
//! clear) is refused and shown. A meter seen at a new address over mDNS is probed without
//! credentials; it is moved only when its saved address no longer answers as it and the new one
//! proves to be it (unprotected: its id; protected: Digest login and its id), otherwise the user is
//! asked. Secrets of brokers go only to a meter that just proved its identity.

use super::meters::PROBE_TIMEOUT;
use super::{lock, App};
use crate::error::{CoreError, Result};
use crate::ipc::MeterView;
use crate::registry::SavedMeter;
use whatwatt::{AuthScheme, Client, ProbeOutcome, Secret};

impl App {
    /// The password stored for a saved meter.
    pub fn password(&self, device_id: &str) -> Result<Option<Secret>> {
        self.inner.secrets.get(device_id)
    }

    /// A REST client for a saved meter at `address` (normally its saved one), with its stored
    /// password and the scheme it spoke before.
    pub(crate) fn client_at(&self, saved: &SavedMeter, address: &str) -> Result<Client> {
        Ok(self
            .client_builder(address)
            .password(self.password(&saved.device_id)?)
            .expect_scheme(saved.auth)
            .timeout(std::time::Duration::from_secs(10))
            .build()?)
    }

    /// A REST client for a saved meter at its saved address.
    pub(crate) fn device_client(&self, device_id: &str) -> Result<Client> {
        let saved = self.saved(device_id)?;
        self.client_at(&saved, &saved.address)
    }

    /// A client for a saved meter that has just shown it is that meter (`/api/v1/system` carries its
    /// id). Anything that pushes a saved secret to a device (a broker password, a client key) uses
    /// this.
    pub(crate) async fn verified_client(&self, device_id: &str) -> Result<Client> {
        let saved = self.saved(device_id)?;
        let client = self.client_at(&saved, &saved.address)?;
        let sys = client.system().await?;
        if !sys.device.id.trim().eq_ignore_ascii_case(&saved.device_id) {
            return Err(CoreError::NotThisMeter {
                address: saved.address,
                found: sys.device.id,
            });
        }
        Ok(client)
    }

    /// True when `address` answers as the saved meter (with its credentials: for the saved address,
    /// or one that proved itself).
    async fn answers_as(&self, saved: &SavedMeter, client: &Client) -> bool {
        match whatwatt::probe_with(client).await {
            Ok(ProbeOutcome::Device { device_id, .. }) => saved.is(&device_id),
            _ => false,
        }
    }

    /// The saved meter `m` was seen at `address` (mDNS; `unauthenticated` is what that address said
    /// to a request without credentials). Moves the meter there when that is safe, or asks.
    pub(crate) async fn follow(
        &self,
        m: &SavedMeter,
        address: &str,
        host_name: &str,
        unauthenticated: &ProbeOutcome,
    ) {
        let Ok(at_saved) = self.client_at(m, &m.address) else {
            return;
        };
        if self.answers_as(m, &at_saved).await {
            // The meter is where it was: whatever advertises its id elsewhere is not moved to.
            self.clear_move(&m.device_id);
            tracing::info!(
                "{} is also advertised at {address}; its saved address still answers as it",
                m.device_id
            );
            return;
        }
        if self.proves(m, address, unauthenticated).await {
            if let Err(e) = self.move_meter(&m.device_id, address, Some(host_name)) {
                tracing::warn!("could not save the new address: {e}");
            }
            return;
        }
        let changed = lock(&self.inner.moves)
            .insert(m.device_id.clone(), address.to_owned())
            .as_deref()
            != Some(address);
        if changed {
            self.meters_changed();
        }
    }

    /// Whether `address` proved to be `m` without a secret reaching anything else: an unprotected
    /// meter by its id; a protected one by a Digest login (never Basic) and its id.
    async fn proves(&self, m: &SavedMeter, address: &str, unauthenticated: &ProbeOutcome) -> bool {
        if let ProbeOutcome::Device { device_id, .. } = unauthenticated {
            return m.is(device_id) && !m.has_password;
        }
        if !(m.has_password && m.auth == Some(AuthScheme::Digest)) {
            return false;
        }
        let Ok(Some(password)) = self.password(&m.device_id) else {
            return false;
        };
        let Ok(client) = self
            .client_builder(address)
            .password(Some(password))
            .expect_scheme(Some(AuthScheme::Digest))
            .allow_basic(false)
            .timeout(PROBE_TIMEOUT)
            .connect_timeout(PROBE_TIMEOUT)
            .build()
        else {
            return false;
        };
        self.answers_as(m, &client).await
    }

    /// The user confirmed that the meter now answers at `address` (after "Your meter seems to have
    /// moved … Use it?", or typing it): it is checked with the meter's credentials and moved there.
    pub async fn accept_meter_address(&self, device_id: &str, address: &str) -> Result<MeterView> {
        let saved = self.saved(device_id)?;
        let client = self.client_at(&saved, address)?;
        match whatwatt::probe_with(&client).await? {
            ProbeOutcome::Device { device_id: id, .. } if saved.is(&id) => {
                self.move_meter(&saved.device_id, address, None)?;
                self.meter_view(&saved.device_id)
            }
            ProbeOutcome::Device { device_id: id, .. } => Err(CoreError::NotThisMeter {
                address: address.to_owned(),
                found: id,
            }),
            other => Err(super::meters::probe_error(address, other)),
        }
    }

    /// The saved meter whose saved address is `address` (in any spelling), for a setup that finishes
    /// it: its saved password goes only to the address it was proven at, with the scheme it used.
    pub(crate) fn saved_at(&self, address: &str) -> Option<SavedMeter> {
        let address = host_port(address);
        lock(&self.inner.registry)
            .meters()
            .iter()
            .find(|m| m.has_password && m.address == address)
            .cloned()
    }

    /// A setup found the saved meter's device at `address` and proved it there (its id, with the
    /// saved password by Digest, or from the address the user gave): the meter moves there.
    pub(crate) fn resettle_meter(&self, device_id: &str, address: &str) -> Result<()> {
        let saved = self.saved(device_id)?;
        let address = host_port(address);
        if saved.address == address {
            return Ok(());
        }
        self.move_meter(&saved.device_id, &address, None)
    }

    /// The user does not want the meter moved to the address WattDesk found.
    pub fn dismiss_meter_move(&self, device_id: &str) -> Result<()> {
        self.saved(device_id)?;
        self.clear_move(device_id);
        self.meters_changed();
        Ok(())
    }

    /// The user decides the meter may log in with HTTP Basic (the password in clear) from now on,
    /// after WattDesk refused it because the meter spoke Digest before.
    pub fn allow_basic_login(&self, device_id: &str) -> Result<MeterView> {
        self.update_meter(device_id, |m| m.auth = Some(AuthScheme::Basic))?;
        let saved = self.saved(device_id)?;
        self.watch(&saved.device_id, &saved.address);
        self.meter_view(&saved.device_id)
    }

    /// Remembers the scheme a meter's session logged in with.
    pub(crate) fn remember_schemes(&self) {
        let seen: Vec<(String, AuthScheme)> = lock(&self.inner.registry)
            .meters()
            .iter()
            .filter_map(|m| {
                let s = self.inner.supervisor.presence(&m.device_id).auth?;
                (m.auth != Some(s)).then(|| (m.device_id.clone(), s))
            })
            .collect();
        for (id, scheme) in seen {
            if let Err(e) = self.update_meter(&id, |m| m.auth = Some(scheme)) {
                tracing::warn!("could not save how {id} logs in: {e}");
            }
        }
    }

    fn clear_move(&self, device_id: &str) {
        lock(&self.inner.moves).retain(|id, _| !id.eq_ignore_ascii_case(device_id));
    }

    /// Saves the meter's new address and restarts its session there.
    fn move_meter(&self, device_id: &str, address: &str, host_name: Option<&str>) -> Result<()> {
        self.update_meter(device_id, |m| {
            address.clone_into(&mut m.address);
            if let Some(h) = host_name {
                m.host_name = Some(h.to_owned());
            }
        })?;
        self.clear_move(device_id);
        self.watch(device_id, address);
        self.meters_changed();
        Ok(())
    }
}

/// An address as meters are saved: `host:port`.
fn host_port(address: &str) -> String {
    whatwatt::parse_address(address)
        .ok()
        .and_then(|u| whatwatt::host_port(&u))
        .unwrap_or_else(|| address.to_owned())
}
