//! The user's preferences (`preferences.json` next to the saved meters): read once at start, written
//! atomically on change. A damaged or newer file is ignored with a warning (it holds no data worth
//! more than the defaults), never a reason not to start.

use crate::error::Result;
use crate::ipc::Preferences;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    #[serde(flatten)]
    preferences: Preferences,
}

pub struct PreferenceStore {
    path: PathBuf,
}

impl PreferenceStore {
    pub fn new(path: PathBuf) -> PreferenceStore {
        PreferenceStore { path }
    }

    pub fn load(&self) -> Preferences {
        let Ok(text) = std::fs::read(&self.path) else {
            return Preferences::default();
        };
        match serde_json::from_slice::<File>(&text) {
            Ok(f) if f.version == VERSION => f.preferences,
            Ok(f) => {
                tracing::warn!(
                    "preferences from a newer WattDesk (version {}); using the defaults",
                    f.version
                );
                Preferences::default()
            }
            Err(e) => {
                tracing::warn!(
                    "{} is damaged ({e}); using the defaults",
                    self.path.display()
                );
                Preferences::default()
            }
        }
    }

    pub fn save(&self, preferences: &Preferences) -> Result<()> {
        let file = File {
            version: VERSION,
            preferences: preferences.clone(),
        };
        crate::files::write_json(&self.path, &file, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::TimeZoneChoice;

    #[test]
    fn round_trip_defaults_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        let store = PreferenceStore::new(dir.path().join("preferences.json"));
        assert_eq!(store.load(), Preferences::default());
        let p = Preferences {
            time_zone: TimeZoneChoice::Meter,
            history_raw_days: Some(30),
            ..Preferences::default()
        };
        store.save(&p).unwrap();
        assert_eq!(store.load(), p);
        std::fs::write(dir.path().join("preferences.json"), b"{oops").unwrap();
        assert_eq!(store.load(), Preferences::default());
    }
}
