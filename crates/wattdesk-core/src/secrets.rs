//! Device passwords: in the OS keychain when there is one, else in a file only the user can read
//! (headless Linux without a Secret Service). The UI is told which (see [`crate::ipc::SecretBackend`]).
//! Values never appear in logs, events or error strings.

use crate::error::{CoreError, Result};
use crate::ipc::SecretBackend;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use whatwatt::Secret;

const SERVICE: &str = "WattDesk";
/// `WATTDESK_SECRETS=file` forces the file store (portable installs; read by `AppOptions::from_env`).
pub const ENV_SECRETS: &str = "WATTDESK_SECRETS";

pub enum SecretStore {
    Keychain,
    File { path: PathBuf, lock: Mutex<()> },
}

fn key(device_id: &str) -> String {
    format!("meter:{device_id}")
}

impl SecretStore {
    /// Uses the keychain if it answers (within 2 s) and `file_only` is not set, else the file next
    /// to the other settings.
    pub fn open(file: PathBuf, file_only: bool) -> SecretStore {
        if !file_only && keychain_works() {
            return SecretStore::Keychain;
        }
        SecretStore::File {
            path: file,
            lock: Mutex::new(()),
        }
    }

    pub fn backend(&self) -> SecretBackend {
        match self {
            SecretStore::Keychain => SecretBackend::Keychain,
            SecretStore::File { path, .. } => SecretBackend::File {
                path: path.display().to_string(),
            },
        }
    }

    pub fn set(&self, device_id: &str, password: &Secret) -> Result<()> {
        match self {
            SecretStore::Keychain => keyring::Entry::new(SERVICE, &key(device_id))
                .and_then(|e| e.set_password(password.expose()))
                .map_err(|e| CoreError::Secret(e.to_string())),
            SecretStore::File { .. } => self.edit(|m| {
                m.insert(key(device_id), password.expose().to_owned());
            }),
        }
    }

    pub fn get(&self, device_id: &str) -> Option<Secret> {
        match self {
            SecretStore::Keychain => keyring::Entry::new(SERVICE, &key(device_id))
                .and_then(|e| e.get_password())
                .ok()
                .map(Secret::new),
            SecretStore::File { path, .. } => read_file(path)
                .ok()
                .and_then(|m| m.get(&key(device_id)).cloned())
                .map(Secret::new),
        }
    }

    pub fn delete(&self, device_id: &str) -> Result<()> {
        match self {
            SecretStore::Keychain => match keyring::Entry::new(SERVICE, &key(device_id))
                .and_then(|e| e.delete_credential())
            {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(CoreError::Secret(e.to_string())),
            },
            SecretStore::File { .. } => self.edit(|m| {
                m.remove(&key(device_id));
            }),
        }
    }

    fn edit(&self, change: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<()> {
        let SecretStore::File { path, lock } = self else {
            return Ok(());
        };
        let _guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map = read_file(path).unwrap_or_default();
        change(&mut map);
        write_private(path, &serde_json::to_vec_pretty(&map).unwrap_or_default())
    }
}

fn read_file(path: &PathBuf) -> std::io::Result<BTreeMap<String, String>> {
    let text = std::fs::read(path)?;
    serde_json::from_slice(&text).map_err(std::io::Error::other)
}

/// Writes atomically with mode 0600 from the start (never briefly world-readable).
fn write_private(path: &PathBuf, body: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let err = |source| CoreError::Storage {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).map_err(err)?;
    // NamedTempFile is created with mode 0600 on Unix.
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(err)?;
    tmp.write_all(body).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Asks the keychain for an entry that does not exist: `NoEntry` means it works. Runs on a thread with
/// a deadline because a missing D-Bus session can make the first call slow.
fn keychain_works() -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ok = matches!(
            keyring::Entry::new(SERVICE, "__wattdesk_probe__").and_then(|e| e.get_password()),
            Err(keyring::Error::NoEntry) | Ok(_)
        );
        let _ = tx.send(ok);
    });
    rx.recv_timeout(Duration::from_secs(2)).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_store_round_trip_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        let store = SecretStore::File {
            path: path.clone(),
            lock: Mutex::new(()),
        };
        assert!(store.get("A").is_none());
        store.set("A", &Secret::new("pw-a")).unwrap();
        store.set("B", &Secret::new("pw-b")).unwrap();
        assert_eq!(store.get("A").unwrap().expose(), "pw-a");
        store.delete("A").unwrap();
        assert!(store.get("A").is_none());
        assert_eq!(store.get("B").unwrap().expose(), "pw-b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(matches!(store.backend(), SecretBackend::File { .. }));
    }

    #[test]
    fn headless_machine_falls_back_to_the_file() {
        // CI and this build machine have no Secret Service session: the store must still work.
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::open(dir.path().join("secrets.json"), false);
        store.set("C", &Secret::new("pw-c")).unwrap();
        assert_eq!(store.get("C").unwrap().expose(), "pw-c");
        store.delete("C").unwrap();
    }
}
