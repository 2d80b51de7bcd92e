//! Setting up a new meter (the room is `crate::setup`; these are its entry points).

use super::App;
use crate::error::Result;
use crate::setup::{
    run::Run, ProgressFile, SavedSetup, SetupDone, SetupPlan, SetupProgress, SetupTiming,
};
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

    /// A setup left half way (by closing the window or the app), to continue from its step at its
    /// last address.
    pub fn setup_progress(&self) -> Option<SavedSetup> {
        self.setup_progress_file().load()
    }

    pub(crate) fn setup_progress_file(&self) -> ProgressFile {
        ProgressFile::new(self.inner.paths.setup_progress())
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
