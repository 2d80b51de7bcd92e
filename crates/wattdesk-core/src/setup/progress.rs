//! A setup left half way, so closing the window or the app and coming back continues where it was:
//! which device, the last step it reached, and every address it was seen at. Never a password or a
//! key (those live in the secret store, or only in memory for the run).

use crate::error::Result;
use crate::ipc::{SavedSetup, SetupStep};
use std::path::{Path, PathBuf};

/// The file of a setup left half way; every write replaces it whole.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    path: PathBuf,
}

impl ProgressFile {
    pub fn new(path: PathBuf) -> ProgressFile {
        ProgressFile { path }
    }

    /// The setup left half way, if any. A damaged file counts as none (the setup starts again).
    pub fn load(&self) -> Option<SavedSetup> {
        let text = std::fs::read(&self.path).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Records that `device_id` reached `step` at `address`.
    pub fn record(&self, device_id: &str, step: SetupStep, address: &str) -> Result<()> {
        let mut saved = self
            .load()
            .filter(|s| s.device_id.eq_ignore_ascii_case(device_id))
            .unwrap_or_else(|| SavedSetup {
                device_id: device_id.to_owned(),
                step,
                address: address.to_owned(),
                addresses: Vec::new(),
                updated_ms: 0,
            });
        saved.step = step;
        saved.address = address.to_owned();
        if !saved.addresses.iter().any(|a| a == address) {
            saved.addresses.push(address.to_owned());
        }
        saved.updated_ms = chrono::Utc::now().timestamp_millis();
        crate::files::write_json(&self.path, &saved, false)
    }

    /// The setup finished: nothing left to continue.
    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(crate::error::CoreError::Storage {
                    path: self.path.display().to_string(),
                    source: e,
                })
            }
            _ => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn progress_follows_one_device_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let f = ProgressFile::new(dir.path().join("setup.json"));
        assert_eq!(f.load(), None);
        f.record("A842E3000001", SetupStep::Network, "192.168.4.1")
            .unwrap();
        f.record("a842e3000001", SetupStep::Meter, "192.168.1.20:80")
            .unwrap();
        let s = f.load().unwrap();
        assert_eq!(
            (s.step, s.address.as_str()),
            (SetupStep::Meter, "192.168.1.20:80")
        );
        assert_eq!(s.addresses, ["192.168.4.1", "192.168.1.20:80"]);
        // Another device starts afresh.
        f.record("A842E3000002", SetupStep::Device, "10.0.0.5")
            .unwrap();
        assert_eq!(f.load().unwrap().addresses, ["10.0.0.5"]);
        f.clear().unwrap();
        f.clear().unwrap();
        assert_eq!(f.load(), None);
        // A damaged file is no progress, not an error.
        std::fs::write(f.path(), b"{not json").unwrap();
        assert_eq!(f.load(), None);
    }
}
