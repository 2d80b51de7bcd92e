//! Saved meters, keyed by device id, persisted as a versioned JSON file. Writes are atomic (temp file +
//! rename); a file that cannot be read is moved aside and reported, never silently dropped.

use crate::error::{CoreError, Result};
use crate::ipc::{MappingChoice, MeterMqtt, TransportChoice};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use whatwatt::mqtt::Mapping;
use whatwatt::AuthScheme;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedMeter {
    pub device_id: String,
    pub name: String,
    #[serde(default)]
    pub host_name: Option<String>,
    /// `host:port` last known to work.
    pub address: String,
    /// The device asked for a password when it was added (the password itself is in the secret store).
    #[serde(default)]
    pub has_password: bool,
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub last_seen: Option<String>,
    /// Which transport the session uses (files from before MQTT have none: auto).
    #[serde(default)]
    pub transport: TransportChoice,
    /// Where the meter publishes over MQTT, once set up.
    #[serde(default)]
    pub mqtt: Option<MeterMqtt>,
    /// How the meter checked its password when WattDesk last logged in. After Digest, a Basic
    /// challenge is refused: the password is never sent in clear to something that may not be it.
    #[serde(default)]
    pub auth: Option<AuthScheme>,
}

impl SavedMeter {
    /// Device ids are compared without regard to case (devices and their mDNS records print them
    /// either way).
    pub fn is(&self, device_id: &str) -> bool {
        self.device_id.eq_ignore_ascii_case(device_id)
    }
}

impl MappingChoice {
    /// `None`: recognise the format from each payload's keys.
    pub fn mapping(&self) -> Option<Mapping> {
        match self {
            MappingChoice::Auto => None,
            MappingChoice::Wattdesk => Some(Mapping::wattdesk()),
            MappingChoice::HomeAssistant => Some(Mapping::home_assistant()),
            MappingChoice::Custom { fields } => Some(Mapping(fields.clone())),
        }
    }
}

/// A broker WattDesk listens to. The password and client key live in the secret store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BrokerProfile {
    pub id: String,
    pub name: String,
    /// `mqtt://host:port` or `mqtts://host:port`.
    pub url: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub has_password: bool,
    #[serde(default)]
    pub ca_pem: Option<String>,
    #[serde(default)]
    pub client_cert_pem: Option<String>,
    #[serde(default)]
    pub has_client_key: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    meters: Vec<SavedMeter>,
    #[serde(default)]
    brokers: Vec<BrokerProfile>,
}

/// The saved meters and brokers in a registry file's text, or why it cannot be used (damaged, or
/// written by a newer WattDesk). Never panics, whatever the bytes.
pub fn decode(text: &[u8]) -> std::result::Result<(Vec<SavedMeter>, Vec<BrokerProfile>), String> {
    match serde_json::from_slice::<File>(text) {
        Ok(f) if f.version == VERSION => Ok((f.meters, f.brokers)),
        Ok(f) => Err(format!("unsupported version {}", f.version)),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Debug)]
pub struct Registry {
    path: PathBuf,
    meters: Vec<SavedMeter>,
    brokers: Vec<BrokerProfile>,
    /// The file did not exist when loaded: WattDesk's first run.
    pub first_run: bool,
    /// Where a damaged file was moved.
    pub recovered_from: Option<PathBuf>,
}

impl Registry {
    /// Loads `path`. Missing: empty, first run. Unreadable or of an unknown version: moved to
    /// `<path>.corrupt-<timestamp>`, and an empty registry is returned with `recovered_from` set.
    pub fn load(path: &Path) -> Result<Registry> {
        let storage = |source| CoreError::Storage {
            path: path.display().to_string(),
            source,
        };
        let text = match std::fs::read(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Registry {
                    path: path.to_owned(),
                    meters: Vec::new(),
                    brokers: Vec::new(),
                    first_run: true,
                    recovered_from: None,
                })
            }
            Err(e) => return Err(storage(e)),
        };
        match decode(&text) {
            Ok((meters, brokers)) => Ok(Registry {
                path: path.to_owned(),
                meters,
                brokers,
                first_run: false,
                recovered_from: None,
            }),
            Err(why) => {
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
                let aside = path.with_extension(format!("json.corrupt-{stamp}"));
                std::fs::rename(path, &aside).map_err(storage)?;
                tracing::warn!(
                    "saved meters file unreadable ({why}); kept at {}",
                    aside.display()
                );
                Ok(Registry {
                    path: path.to_owned(),
                    meters: Vec::new(),
                    brokers: Vec::new(),
                    first_run: false,
                    recovered_from: Some(aside),
                })
            }
        }
    }

    pub fn meters(&self) -> &[SavedMeter] {
        &self.meters
    }

    pub fn get(&self, device_id: &str) -> Option<&SavedMeter> {
        self.meters.iter().find(|m| m.is(device_id))
    }

    /// Applies `change` and writes the file; on a write error the change is rolled back.
    pub fn update<T>(&mut self, change: impl FnOnce(&mut Vec<SavedMeter>) -> T) -> Result<T> {
        let before = self.meters.clone();
        let out = change(&mut self.meters);
        if let Err(e) = self.save() {
            self.meters = before;
            return Err(e);
        }
        Ok(out)
    }

    pub fn brokers(&self) -> &[BrokerProfile] {
        &self.brokers
    }

    pub fn broker(&self, id: &str) -> Option<&BrokerProfile> {
        self.brokers.iter().find(|b| b.id == id)
    }

    /// Like [`Registry::update`], for broker profiles.
    pub fn update_brokers<T>(
        &mut self,
        change: impl FnOnce(&mut Vec<BrokerProfile>) -> T,
    ) -> Result<T> {
        let before = self.brokers.clone();
        let out = change(&mut self.brokers);
        if let Err(e) = self.save() {
            self.brokers = before;
            return Err(e);
        }
        Ok(out)
    }

    fn save(&self) -> Result<()> {
        let file = File {
            version: VERSION,
            meters: self.meters.clone(),
            brokers: self.brokers.clone(),
        };
        crate::files::write_json(&self.path, &file, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meter(id: &str) -> SavedMeter {
        SavedMeter {
            device_id: id.into(),
            name: "Home".into(),
            host_name: None,
            address: "127.0.0.1:80".into(),
            has_password: false,
            demo: false,
            last_seen: None,
            transport: TransportChoice::Auto,
            mqtt: None,
            auth: None,
        }
    }

    #[test]
    fn first_run_then_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/meters.json");
        let mut r = Registry::load(&path).unwrap();
        assert!(r.first_run);
        r.update(|m| m.push(meter("A842E39F8124"))).unwrap();
        let again = Registry::load(&path).unwrap();
        assert!(!again.first_run);
        assert_eq!(again.meters(), &[meter("A842E39F8124")]);
        // No temp files are left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("meters.json")]);
    }

    #[test]
    fn corrupt_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meters.json");
        std::fs::write(&path, b"{\"version\": 1, \"meters\": [tru").unwrap();
        let r = Registry::load(&path).unwrap();
        let aside = r.recovered_from.clone().expect("reported");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            b"{\"version\": 1, \"meters\": [tru"
        );
        assert!(r.meters().is_empty() && !r.first_run);
        assert!(!path.exists());

        std::fs::write(&path, br#"{"version": 99, "meters": []}"#).unwrap();
        assert!(
            Registry::load(&path).unwrap().recovered_from.is_some(),
            "future versions are not overwritten"
        );
    }

    /// A directory writes fail in, for root too (CI runs as root, which ignores permission bits):
    /// a read-only tmpfs mounted over it, or, for other users, mode 0500.
    #[cfg(target_os = "linux")]
    struct ReadOnlyDir {
        dir: tempfile::TempDir,
        mounted: bool,
    }

    #[cfg(target_os = "linux")]
    impl ReadOnlyDir {
        fn new() -> ReadOnlyDir {
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            let root = std::fs::metadata("/proc/self")
                .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
                .unwrap_or(false);
            if root {
                let ok = std::process::Command::new("mount")
                    .args(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"])
                    .arg(dir.path())
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(
                    ok,
                    "as root this test needs `mount` (a read-only tmpfs) to prove anything"
                );
                return ReadOnlyDir { dir, mounted: true };
            }
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
            ReadOnlyDir {
                dir,
                mounted: false,
            }
        }
    }

    #[cfg(target_os = "linux")]
    impl Drop for ReadOnlyDir {
        fn drop(&mut self) {
            use std::os::unix::fs::PermissionsExt;
            if self.mounted {
                let _ = std::process::Command::new("umount")
                    .arg(self.dir.path())
                    .status();
            } else {
                let _ = std::fs::set_permissions(
                    self.dir.path(),
                    std::fs::Permissions::from_mode(0o700),
                );
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_failed_write_rolls_back_and_says_where() {
        let ro = ReadOnlyDir::new();
        let path = ro.dir.path().join("meters.json");
        let mut r = Registry::load(&path).unwrap();
        let err = r.update(|m| m.push(meter("A"))).unwrap_err();
        assert!(matches!(err, CoreError::Storage { .. }), "{err}");
        assert!(err.to_string().contains("meters.json"), "{err}");
        assert!(r.meters().is_empty(), "the change was rolled back");
    }

    #[test]
    fn a_parent_path_that_is_a_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("wattdesk");
        std::fs::write(&blocker, b"a file where the folder should be").unwrap();
        let err = Registry::load(&blocker.join("meters.json")).unwrap_err();
        assert!(matches!(err, CoreError::Storage { .. }), "{err}");
        assert!(err.to_string().contains("wattdesk/meters.json"), "{err}");
        // A registry whose folder is replaced by a file later cannot write, and keeps its state.
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("conf");
        let mut r = Registry::load(&folder.join("meters.json")).unwrap();
        std::fs::write(&folder, b"now a file").unwrap();
        let err = r.update(|m| m.push(meter("A"))).unwrap_err();
        assert!(matches!(err, CoreError::Storage { .. }), "{err}");
        assert!(r.meters().is_empty());
    }

    #[test]
    fn a_temp_file_left_by_a_crash_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meters.json");
        let mut r = Registry::load(&path).unwrap();
        r.update(|m| m.push(meter("A"))).unwrap();
        // A crash between writing the temp file and renaming it leaves a half-written temp file.
        let full = std::fs::read(&path).unwrap();
        std::fs::write(dir.path().join(".tmpX1Y2Z3"), &full[..full.len() / 3]).unwrap();
        let again = Registry::load(&path).unwrap();
        assert_eq!(again.meters(), &[meter("A")]);
        assert!(again.recovered_from.is_none());
        // A truncated meters.json itself (no atomic rename on that filesystem) is kept aside.
        std::fs::write(&path, &full[..full.len() / 3]).unwrap();
        let r = Registry::load(&path).unwrap();
        assert!(r.recovered_from.is_some() && r.meters().is_empty());
    }
}
