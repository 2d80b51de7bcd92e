//! Setting up a new meter (the room is `crate::setup`; these are its entry points).

use super::{lock, App};
use crate::error::CoreError;
use crate::error::Result;
use crate::ipc::{SetupCandidate, SetupDevice, SetupRequest, SetupScan};
use crate::setup::{
    run::Run, ProgressFile, SavedSetup, SetupDone, SetupPlan, SetupProgress, SetupTiming,
};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use whatwatt::resolve::HostResolver;
use whatwatt::{MdnsPolicy, Secret};

impl App {
    /// Runs a setup from `plan.address` to a saved, streaming meter, telling `progress` what the
    /// device is doing at every step. Bad input is refused before anything is sent.
    pub async fn set_up(
        &self,
        plan: SetupPlan,
        timing: SetupTiming,
        mut progress: impl FnMut(SetupProgress) + Send,
    ) -> Result<SetupDone> {
        Run::new(self, timing, &mut progress).run(plan).await
    }

    /// A setup left half way (by closing the window or the app), to continue from its step at its
    /// last address.
    pub fn setup_progress(&self) -> Option<SavedSetup> {
        self.setup_progress_file().load()
    }

    pub(crate) fn setup_progress_file(&self) -> ProgressFile {
        ProgressFile::new(self.inner.paths.setup_progress())
    }

    /// Runs the wizard's setup (see [`App::set_up`]); [`App::cancel_setup`] stops it where it is,
    /// which leaves the device as the finished steps made it and the progress to continue from.
    pub async fn run_setup(
        &self,
        request: SetupRequest,
        progress: impl FnMut(SetupProgress) + Send,
    ) -> Result<SetupDone> {
        let plan = SetupPlan::from_request(request)?;
        let cancel = CancellationToken::new();
        if let Some(old) = lock(&self.inner.setup).replace(cancel.clone()) {
            old.cancel();
        }
        let result = tokio::select! {
            r = self.set_up(plan, SetupTiming::default(), progress) => r,
            _ = cancel.cancelled() => Err(CoreError::Cancelled),
        };
        // Not cancelled: the slot still holds this run's token (a newer run would have cancelled it).
        if !cancel.is_cancelled() {
            lock(&self.inner.setup).take();
        }
        result
    }

    /// Stops the setup running now, if any.
    pub fn cancel_setup(&self) {
        if let Some(c) = lock(&self.inner.setup).take() {
            c.cancel();
        }
    }

    /// The device at `address` as it answers, and the Wi-Fi networks it sees, strongest first
    /// (asked without a password: a device being set up is not protected yet; a protected one is
    /// reported as such, with no networks, and gets its password in the run itself).
    pub async fn setup_scan(&self, address: &str) -> Result<SetupScan> {
        // A saved meter being finished logs in as its session does; anything else is asked openly.
        let saved = self.saved_at(address);
        let client = match &saved {
            Some(m) => self.client_at(m, address)?,
            None => self
                .client_builder(address)
                .timeout(std::time::Duration::from_secs(15))
                .build()?,
        };
        let sys = match client.system().await {
            Ok(sys) if saved.as_ref().is_some_and(|m| !m.is(&sys.device.id)) => {
                return Err(CoreError::NotThisMeter {
                    address: address.to_owned(),
                    found: sys.device.id,
                })
            }
            Ok(sys) => sys,
            Err(whatwatt::Error::Unauthorized(whatwatt::AuthFailure::PasswordRequired)) => {
                return Ok(SetupScan {
                    device: SetupDevice {
                        protected: true,
                        ..SetupDevice::default()
                    },
                    networks: Vec::new(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let mut device = crate::setup::run::facts(&sys);
        device.password_saved = saved.is_some();
        device.protected = saved.is_some();
        // A device on a network cable may have no Wi-Fi scan to give: the choice is still offered.
        let networks = match client.wifi_scan().await {
            Ok(scan) => crate::setup::scan::choices(&scan),
            Err(e) if device.on_access_point => return Err(e.into()),
            Err(e) => {
                tracing::info!("no Wi-Fi scan from {address}: {e}");
                Vec::new()
            }
        };
        Ok(SetupScan { device, networks })
    }

    /// Every whatwatt Go found without an address (this computer's default gateway, mDNS), those
    /// saved already marked.
    pub async fn setup_locate(&self) -> Vec<SetupCandidate> {
        let mut found = crate::setup::locate::locate(
            &self.inner.gateway,
            self.inner.mdns,
            &self.inner.resolver,
            std::time::Duration::from_secs(2),
        )
        .await;
        let registry = lock(&self.inner.registry);
        for c in &mut found {
            c.saved = !c.device_id.is_empty() && registry.get(&c.device_id).is_some();
        }
        drop(registry);
        found
    }

    pub(crate) fn mdns_policy(&self) -> MdnsPolicy {
        self.inner.mdns
    }

    pub(crate) fn resolver(&self) -> Arc<dyn HostResolver> {
        self.inner.resolver.clone()
    }

    /// Keeps the password a setup is about to give the device, under the device's id (where the
    /// saved meter will find it).
    pub(crate) fn store_setup_password(&self, device_id: &str, password: &Secret) -> Result<()> {
        self.inner.secrets.set(device_id, password)
    }
}
