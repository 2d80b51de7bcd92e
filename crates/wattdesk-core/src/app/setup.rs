//! Setting up a new meter (the room is `crate::setup`; these are its entry points).

use super::App;
use crate::error::Result;
use crate::setup::{run::Run, SetupDone, SetupPlan, SetupProgress, SetupTiming};
use std::sync::Arc;
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
