//! Where WattDesk keeps its files: the OS config dir (`directories`), or `WATTDESK_CONFIG_DIR` (tests,
//! portable installs).

use std::path::PathBuf;

pub const ENV_CONFIG_DIR: &str = "WATTDESK_CONFIG_DIR";

#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
}

impl Paths {
    /// `dir` wins, then `WATTDESK_CONFIG_DIR`, then the OS location (e.g. `~/.config/wattdesk`).
    pub fn resolve(dir: Option<PathBuf>) -> Paths {
        let config_dir = dir
            .or_else(|| std::env::var_os(ENV_CONFIG_DIR).map(PathBuf::from))
            .or_else(|| {
                directories::ProjectDirs::from("ch", "WattDesk", "WattDesk")
                    .map(|d| d.config_dir().to_path_buf())
            })
            .unwrap_or_else(|| PathBuf::from(".wattdesk"));
        Paths { config_dir }
    }

    pub fn registry(&self) -> PathBuf {
        self.config_dir.join("meters.json")
    }

    pub fn preferences(&self) -> PathBuf {
        self.config_dir.join("preferences.json")
    }

    /// A setup left half way (never a password: those are in the secret store).
    pub fn setup_progress(&self) -> PathBuf {
        self.config_dir.join("setup.json")
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.config_dir.join("secrets.json")
    }
}
