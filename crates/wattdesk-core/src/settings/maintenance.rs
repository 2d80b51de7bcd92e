//! Reboot, firmware update and factory reset: each waits until the device answers again and says how
//! long it was away (docs: restart 30–60 s; a firmware update ends with a reboot).

use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::{FactoryResetReport, FirmwareProgress, RestartReport};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use whatwatt::rest::{Upload, MAX_FIRMWARE_BYTES};
use whatwatt::Client;

/// How long a restart may take before WattDesk gives up waiting (the docs' 60 s, three times).
pub const RESTART_WAIT: Duration = Duration::from_secs(180);
/// How often a restarting device is asked whether it is back, and how long each question may take.
const RESTART_POLL: Duration = Duration::from_millis(250);
const RESTART_ASK: Duration = Duration::from_secs(3);
/// An upload's own time limit: a minute plus the time a slow 4 kB/s link needs for the image.
fn upload_timeout(len: usize) -> Duration {
    Duration::from_secs(60 + (len / 4096) as u64)
}

/// What tells one boot from the next: the report's `boot_id` (PLUS), else the time since boot.
struct Boot {
    id: Option<String>,
    uptime: Option<u64>,
    firmware: String,
}

async fn boot_of(client: &Client) -> whatwatt::Result<Boot> {
    let sys = client.system().await?;
    let id = if sys.is_plus() {
        client
            .report()
            .await
            .ok()
            .and_then(|r| r.system.and_then(|s| s.boot_id))
    } else {
        None
    };
    Ok(Boot {
        id,
        uptime: sys.device.time_since_boot,
        firmware: sys.device.firmware.unwrap_or_default(),
    })
}

/// Waits until the device answers as a new boot (it was away, or its boot changed). Each question
/// gets a short limit of its own, so a device that is gone costs seconds, not the client's timeout.
async fn wait_back(client: &Client, before: &Boot, since: Instant) -> Result<(Boot, f64)> {
    let mut was_away = false;
    loop {
        if since.elapsed() > RESTART_WAIT {
            return Err(CoreError::DeviceLost {
                detail: format!(
                    "it did not answer again within {} s of the restart",
                    RESTART_WAIT.as_secs()
                ),
            });
        }
        match tokio::time::timeout(RESTART_ASK, boot_of(client)).await {
            Ok(Ok(now)) => {
                let new_boot = was_away
                    || (now.id.is_some() && now.id != before.id)
                    || matches!((now.uptime, before.uptime), (Some(n), Some(b)) if n < b);
                if new_boot {
                    return Ok((now, since.elapsed().as_secs_f64()));
                }
            }
            Ok(Err(e)) if e.is_transient() => was_away = true,
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => was_away = true,
        }
        tokio::time::sleep(RESTART_POLL).await;
    }
}

/// Restarts the device and waits until it answers again.
pub async fn reboot(client: &Client) -> Result<RestartReport> {
    let before = boot_of(client).await?;
    let since = Instant::now();
    client.reboot().await?;
    let (after, downtime_s) = wait_back(client, &before, since).await?;
    Ok(restarted(before, after, downtime_s, None))
}

fn restarted(before: Boot, after: Boot, downtime_s: f64, message: Option<String>) -> RestartReport {
    RestartReport {
        downtime_s,
        boot_id_before: before.id,
        boot_id_after: after.id,
        firmware_before: before.firmware,
        firmware_after: after.firmware,
        message,
    }
}

/// Uploads a firmware image from `file` and waits for the device to come back with it. Checked
/// first: the file's size, that it looks like firmware (an ESP32 image starts with 0xE9), and that
/// the device says it can be updated (`upgrade_capable`).
pub async fn update_firmware(
    client: &Client,
    file: &Path,
    progress: impl Fn(FirmwareProgress) + Send + Sync + 'static,
) -> Result<RestartReport> {
    let image = std::fs::read(file).map_err(|source| CoreError::Storage {
        path: file.display().to_string(),
        source,
    })?;
    if image.is_empty() || image.len() > MAX_FIRMWARE_BYTES {
        return Err(CoreError::rule(
            "err_firmware_size",
            &[
                ("file", &file.display().to_string()),
                ("bytes", &image.len().to_string()),
                ("max", &(MAX_FIRMWARE_BYTES / (1024 * 1024)).to_string()),
            ],
        ));
    }
    if image[0] != 0xE9 {
        return Err(CoreError::rule(
            "err_firmware_not_image",
            &[("file", &file.display().to_string())],
        ));
    }
    let sys = client.system().await?;
    if sys.device.upgrade_capable != Some(true) {
        return Err(CoreError::rule("err_firmware_not_now", &[]));
    }
    let before = boot_of(client).await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "firmware.bin".into());
    let progress = Arc::new(progress);
    let on_bytes = progress.clone();
    let upload = Upload {
        timeout: Some(upload_timeout(image.len())),
        progress: Some(Arc::new(move |sent, total| {
            on_bytes(FirmwareProgress::Uploading {
                sent: sent as f64,
                total: total as f64,
            })
        })),
    };
    let since = Instant::now();
    let message = client.upload_firmware_with(image, &name, &upload).await?;
    progress(FirmwareProgress::Restarting);
    let (after, downtime_s) = wait_back(client, &before, since).await?;
    tracing::info!("firmware {} -> {}", before.firmware, after.firmware);
    let message = Some(message.trim().to_owned()).filter(|m| !m.is_empty());
    Ok(restarted(before, after, downtime_s, message))
}

impl App {
    pub async fn reboot_meter(&self, device_id: &str) -> Result<RestartReport> {
        reboot(&self.device_client(device_id)?).await
    }

    pub async fn update_firmware(
        &self,
        device_id: &str,
        file: &Path,
        progress: impl Fn(FirmwareProgress) + Send + Sync + 'static,
    ) -> Result<RestartReport> {
        update_firmware(&self.device_client(device_id)?, file, progress).await
    }

    /// Writes a settings backup to WattDesk's backup folder, then resets the device. The meter stays
    /// saved; its password is gone from the device, so WattDesk forgets it too.
    pub async fn factory_reset_meter(&self, device_id: &str) -> Result<FactoryResetReport> {
        let client = self.device_client(device_id)?;
        let backup = super::backup::backup(&client).await?;
        let path = self.write_automatic_backup(&backup, "before-factory-reset")?;
        let saved = self.saved(device_id)?;
        let before = boot_of(&client).await?;
        let since = Instant::now();
        client.factory_reset().await?;
        // The device has accepted the reset and forgets its password; so does WattDesk, before it
        // waits (a password kept after a refused reset would be lost for nothing).
        if saved.has_password {
            self.secrets().delete(&saved.device_id)?;
            self.update_meter(&saved.device_id, |m| {
                m.has_password = false;
                m.auth = None;
            })?;
        }
        wait_back(&client, &before, since).await?;
        self.watch(&saved.device_id, &saved.address);
        self.meters_changed();
        Ok(FactoryResetReport {
            backup_path: path.display().to_string(),
        })
    }
}
