//! Device and broker secrets: in the OS keychain when there is one, else in a file only the user can
//! read (headless Linux without a Secret Service). The UI is told which (see
//! [`crate::ipc::SecretBackend`]). Values never appear in logs, events or error strings.
//!
//! The file is kept honest: its folder is made private (0700), a file others can read is refused with
//! an explanation rather than used, a damaged file is moved aside and reported (never silently
//! replaced by an empty one), and a keychain that fails says so instead of looking like "no secret".

use crate::error::{CoreError, Result};
use crate::ipc::SecretBackend;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use whatwatt::Secret;

const SERVICE: &str = "WattDesk";
/// `WATTDESK_SECRETS=file` forces the file store (portable installs; read by `AppOptions::from_env`).
pub const ENV_SECRETS: &str = "WATTDESK_SECRETS";

pub enum SecretStore {
    Keychain,
    File {
        path: PathBuf,
        lock: Mutex<()>,
        /// Where a damaged file was moved, once found.
        recovered: Mutex<Option<PathBuf>>,
    },
}

impl SecretStore {
    /// Uses the keychain if it answers (within 2 s) and `file_only` is not set, else the file next
    /// to the other settings.
    pub fn open(file: PathBuf, file_only: bool) -> SecretStore {
        if !file_only && keychain_works() {
            return SecretStore::Keychain;
        }
        SecretStore::file(file)
    }

    pub fn file(path: PathBuf) -> SecretStore {
        SecretStore::File {
            path,
            lock: Mutex::new(()),
            recovered: Mutex::new(None),
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

    /// Where a damaged secrets file was moved aside, if that happened.
    pub fn recovered(&self) -> Option<PathBuf> {
        match self {
            SecretStore::Keychain => None,
            SecretStore::File { recovered, .. } => {
                recovered.lock().unwrap_or_else(|p| p.into_inner()).clone()
            }
        }
    }

    pub fn set(&self, key: &str, value: &Secret) -> Result<()> {
        match self {
            SecretStore::Keychain => entry(key)
                .and_then(|e| e.set_password(value.expose()))
                .map_err(keychain_error),
            SecretStore::File { .. } => self.edit(|m| {
                m.insert(stored(key), value.expose().to_owned());
            }),
        }
    }

    /// The secret under `key`; `Ok(None)` only when there is none. A keychain or file that cannot be
    /// read is an error.
    pub fn get(&self, key: &str) -> Result<Option<Secret>> {
        match self {
            SecretStore::Keychain => match entry(key).and_then(|e| e.get_password()) {
                Ok(v) => Ok(Some(Secret::new(v))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(keychain_error(e)),
            },
            SecretStore::File { .. } => Ok(self.read()?.remove(&stored(key)).map(Secret::new)),
        }
    }

    pub fn delete(&self, key: &str) -> Result<()> {
        match self {
            SecretStore::Keychain => match entry(key).and_then(|e| e.delete_credential()) {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(keychain_error(e)),
            },
            SecretStore::File { .. } => self.edit(|m| {
                m.remove(&stored(key));
            }),
        }
    }

    /// The whole file store; a damaged file is moved aside (and reported) first.
    fn read(&self) -> Result<BTreeMap<String, String>> {
        let SecretStore::File {
            path, recovered, ..
        } = self
        else {
            return Ok(BTreeMap::new());
        };
        match read_file(path)? {
            Read::Missing => Ok(BTreeMap::new()),
            Read::Map(m) => Ok(m),
            Read::Damaged(why) => {
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
                let aside = path.with_extension(format!("json.corrupt-{stamp}"));
                std::fs::rename(path, &aside).map_err(|e| storage(path, e))?;
                tracing::warn!(
                    "the saved passwords file was damaged ({why}); kept at {}",
                    aside.display()
                );
                *recovered.lock().unwrap_or_else(|p| p.into_inner()) = Some(aside);
                Ok(BTreeMap::new())
            }
        }
    }

    fn edit(&self, change: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<()> {
        let SecretStore::File { path, lock, .. } = self else {
            return Ok(());
        };
        let _guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut map = self.read()?;
        change(&mut map);
        crate::files::write_json(path, &map, true)
    }
}

/// Every entry is stored under `meter:<key>` (broker keys included: `meter:broker:<id>`), as since
/// the first release, so saved secrets stay readable.
fn stored(key: &str) -> String {
    format!("meter:{key}")
}

fn entry(key: &str) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &stored(key))
}

fn keychain_error(e: keyring::Error) -> CoreError {
    CoreError::Secret(format!("the system keychain failed: {e}"))
}

fn storage(path: &Path, source: std::io::Error) -> CoreError {
    CoreError::Storage {
        path: path.display().to_string(),
        source,
    }
}

enum Read {
    Missing,
    Map(BTreeMap<String, String>),
    Damaged(String),
}

fn read_file(path: &Path) -> Result<Read> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Read::Missing),
        Err(e) => return Err(storage(path, e)),
    };
    check_private(path)?;
    Ok(match serde_json::from_slice(&text) {
        Ok(m) => Read::Map(m),
        Err(e) => Read::Damaged(e.to_string()),
    })
}

/// Refuses a secrets file that others may read: its passwords may already be known to them, and
/// WattDesk should not keep using it as if it were private.
#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| storage(path, e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(CoreError::SecretsExposed {
            path: path.display().to_string(),
            mode: mode & 0o777,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
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
#[path = "secrets_tests.rs"]
mod tests;
