//! Where WattDesk keeps its files: settings in the OS config dir, history in the OS data dir
//! (`directories`). `WATTDESK_CONFIG_DIR` / `WATTDESK_DATA_DIR` move them (tests, portable installs);
//! a config dir given explicitly keeps its data beside it (`<config>/data`) so a test never writes
//! into the user's real history.

use std::path::PathBuf;

pub const ENV_CONFIG_DIR: &str = "WATTDESK_CONFIG_DIR";
pub const ENV_DATA_DIR: &str = "WATTDESK_DATA_DIR";

#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// `dir` wins, then `WATTDESK_CONFIG_DIR`, then the OS location (e.g. `~/.config/wattdesk`).
    pub fn resolve(dir: Option<PathBuf>) -> Paths {
        let explicit = dir.or_else(|| std::env::var_os(ENV_CONFIG_DIR).map(PathBuf::from));
        let project = directories::ProjectDirs::from("ch", "WattDesk", "WattDesk");
        let data_dir = std::env::var_os(ENV_DATA_DIR)
            .map(PathBuf::from)
            .or_else(|| explicit.as_ref().map(|c| c.join("data")))
            .or_else(|| project.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".wattdesk/data"));
        let config_dir = explicit
            .or_else(|| project.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".wattdesk"));
        Paths {
            config_dir,
            data_dir,
        }
    }

    /// The history store (SQLite).
    pub fn history(&self) -> PathBuf {
        crate::store::file_in(&self.data_dir)
    }

    /// Tariff plans and the capacity rule.
    pub fn tariffs(&self) -> PathBuf {
        self.config_dir.join("tariffs.json")
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

    /// Sharing choices and token names (token values are in the secret store).
    pub fn sharing(&self) -> PathBuf {
        self.config_dir.join("sharing.json")
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.config_dir.join("secrets.json")
    }
}
