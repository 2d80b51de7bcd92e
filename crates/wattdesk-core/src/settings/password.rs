//! Setting, changing or removing the device password. The old one is used to send the new one; the
//! secret store takes the new one only after the device has accepted it, then a Digest login with it
//! proves it, and the meter's session starts again with it (no app restart).

use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::MeterView;
use std::time::Duration;
use whatwatt::models::settings::{Settings, SystemSettings};
use whatwatt::{AuthScheme, Secret};

impl App {
    /// `None` removes the password (and with it the login).
    pub async fn set_device_password(
        &self,
        device_id: &str,
        new: Option<Secret>,
    ) -> Result<MeterView> {
        let new = new
            .filter(|p| !p.is_empty())
            .map(|p| crate::setup::rules::device_password(&p))
            .transpose()?;
        let saved = self.saved(device_id)?;
        let client = self.verified_client(device_id).await?;
        client
            .update_settings(&Settings {
                system: Some(SystemSettings {
                    protection: Some(new.is_some()),
                    password: Some(new.clone().unwrap_or_default()),
                    ..Default::default()
                }),
                services: None,
            })
            .await?;
        // The device took it: from here on only the new password opens it.
        match &new {
            Some(p) => self.secrets().set(&saved.device_id, p)?,
            None => self.secrets().delete(&saved.device_id)?,
        }
        self.update_meter(&saved.device_id, |m| {
            m.has_password = new.is_some();
            if new.is_none() {
                m.auth = None;
            }
        })?;
        let proof = self
            .client_builder(&saved.address)
            .password(new.clone())
            .expect_scheme(new.as_ref().map(|_| AuthScheme::Digest))
            .timeout(Duration::from_secs(10))
            .build()?;
        let sys = proof.system().await?;
        if !sys.device.id.trim().eq_ignore_ascii_case(&saved.device_id) {
            return Err(CoreError::NotThisMeter {
                address: saved.address,
                found: sys.device.id,
            });
        }
        if let Some(s) = proof.scheme() {
            self.update_meter(&saved.device_id, |m| m.auth = Some(s))?;
        }
        tracing::info!(
            "{device_id}: device password {}",
            if new.is_some() { "set" } else { "removed" }
        );
        self.watch(&saved.device_id, &saved.address);
        self.meters_changed();
        self.meter_view(&saved.device_id)
    }
}
