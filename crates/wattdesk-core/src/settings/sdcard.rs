//! The SD card: browse, download a file, delete (docs: sdcard/listing, download, delete). Without a
//! card, or with one the device did not mount, the device answers 503; the UI explains it.

use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::{SdEntry, SdListing};
use std::path::Path;

/// A path on the card as the device spells it: no `..`, no leading slash.
fn card_path(path: &str) -> Result<String> {
    let p = path.trim().trim_start_matches('/');
    if p.split('/').any(|part| part == ".." || part == ".") || p.contains('\\') {
        return Err(CoreError::rule("err_sd_path", &[("path", path)]));
    }
    Ok(p.to_owned())
}

impl App {
    pub async fn sd_list(&self, device_id: &str, dir: &str) -> Result<SdListing> {
        let dir = card_path(dir)?;
        let listing = self.device_client(device_id)?.sdcard_list(&dir).await?;
        let prefix = if dir.trim_matches('/').is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_matches('/'))
        };
        let mut entries: Vec<SdEntry> = listing
            .files
            .iter()
            .filter(|e| !e.name.is_empty() && e.name != "." && e.name != "..")
            .map(|e| SdEntry {
                name: e.name.clone(),
                path: format!("{prefix}{}{}", e.name, if e.is_dir() { "/" } else { "" }),
                is_dir: e.is_dir(),
                size: e.size.unwrap_or(0) as f64,
            })
            .collect();
        // Folders first, then the newest day's file first (names are YYYYMMDD.CSV).
        entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then(b.name.cmp(&a.name)));
        Ok(SdListing {
            path: prefix,
            entries,
        })
    }

    /// Downloads `file` from the card into `dest`; returns the bytes written.
    pub async fn sd_download(&self, device_id: &str, file: &str, dest: &Path) -> Result<u64> {
        let file = card_path(file)?;
        if file.is_empty() || file.ends_with('/') {
            return Err(CoreError::rule("err_sd_choose_file", &[]));
        }
        let bytes = self
            .device_client(device_id)?
            .sdcard_download(&file)
            .await?;
        crate::files::write_atomic(dest, &bytes, false)?;
        Ok(bytes.len() as u64)
    }

    /// Deletes a file, or a folder with everything in it when `path` ends with `/`. The card's root
    /// cannot be deleted.
    pub async fn sd_delete(&self, device_id: &str, path: &str) -> Result<()> {
        let path = card_path(path)?;
        if path.trim_matches('/').is_empty() {
            return Err(CoreError::rule("err_sd_whole_card", &[]));
        }
        self.device_client(device_id)?.sdcard_delete(&path).await?;
        tracing::info!("{device_id}: deleted {path} on the SD card");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::card_path;

    #[test]
    fn paths_stay_on_the_card() {
        assert_eq!(
            card_path("/2025/20251007.CSV").unwrap(),
            "2025/20251007.CSV"
        );
        assert!(card_path("../etc/passwd").is_err());
        assert!(card_path("a/./b").is_err());
    }
}
