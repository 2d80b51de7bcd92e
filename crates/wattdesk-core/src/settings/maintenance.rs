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
/// How often a restarting device is asked whether it is back (a short request each time).
const RESTART_POLL: Duration = Duration::from_millis(250);
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

impl App {
    /// A short-timeout client for asking a restarting device whether it is back.
    fn restart_client(&self, device_id: &str) -> Result<Client> {
        let saved = self.saved(device_id)?;
        Ok(self
            .client_builder(&saved.address)
            .password(self.password(device_id)?)
            .expect_scheme(saved.auth)
            .timeout(Duration::from_secs(2))
            .connect_timeout(Duration::from_secs(2))
            .build()?)
    }

    /// Waits until the device answers as a new boot (it was away, or its boot changed).
    async fn wait_back(
        &self,
        device_id: &str,
        before: &Boot,
        since: Instant,
    ) -> Result<(Boot, f64)> {
        let client = self.restart_client(device_id)?;
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
            match boot_of(&client).await {
                Ok(now) => {
                    let new_boot = was_away
                        || (now.id.is_some() && now.id != before.id)
                        || matches!((now.uptime, before.uptime), (Some(n), Some(b)) if n < b);
                    if new_boot {
                        return Ok((now, since.elapsed().as_secs_f64()));
                    }
                }
                Err(e) if e.is_transient() => was_away = true,
                Err(e) => return Err(e.into()),
            }
            tokio::time::sleep(RESTART_POLL).await;
        }
    }

    /// Restarts the device and waits until it answers again.
    pub async fn reboot_meter(&self, device_id: &str) -> Result<RestartReport> {
        let client = self.device_client(device_id)?;
        let before = boot_of(&client).await?;
        let since = Instant::now();
        client.reboot().await?;
        let (after, downtime_s) = self.wait_back(device_id, &before, since).await?;
        Ok(RestartReport {
            downtime_s,
            boot_id_before: before.id,
            boot_id_after: after.id,
            firmware_before: before.firmware,
            firmware_after: after.firmware,
            message: None,
        })
    }

    /// Uploads a firmware image from `file` and waits for the device to come back with it. Checked
    /// first: the file's size, that it looks like firmware (an ESP32 image starts with 0xE9), and that
    /// the device says it can be updated (`upgrade_capable`).
    pub async fn update_firmware(
        &self,
        device_id: &str,
        file: &Path,
        progress: impl Fn(FirmwareProgress) + Send + Sync + 'static,
    ) -> Result<RestartReport> {
        let image = std::fs::read(file).map_err(|source| CoreError::Storage {
            path: file.display().to_string(),
            source,
        })?;
        if image.is_empty() || image.len() > MAX_FIRMWARE_BYTES {
            return Err(CoreError::Invalid(format!(
                "{} has {} bytes; a firmware image has more than none and at most {} MB",
                file.display(),
                image.len(),
                MAX_FIRMWARE_BYTES / (1024 * 1024)
            )));
        }
        if image[0] != 0xE9 {
            return Err(CoreError::Invalid(format!(
                "{} does not look like whatwatt Go firmware (it does not start like an ESP32 image): use the .bin file from whatwatt",
                file.display()
            )));
        }
        let client = self.device_client(device_id)?;
        let sys = client.system().await?;
        if sys.device.upgrade_capable != Some(true) {
            return Err(CoreError::Invalid(
                "the device says it cannot take a firmware update now (upgrade_capable is false)"
                    .into(),
            ));
        }
        let before = boot_of(&client).await?;
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
        let (after, downtime_s) = self.wait_back(device_id, &before, since).await?;
        tracing::info!(
            "{device_id}: firmware {} -> {}",
            before.firmware,
            after.firmware
        );
        Ok(RestartReport {
            downtime_s,
            boot_id_before: before.id,
            boot_id_after: after.id,
            firmware_before: before.firmware,
            firmware_after: after.firmware,
            message: Some(message.trim().to_owned()).filter(|m| !m.is_empty()),
        })
    }

    /// Writes a settings backup, then resets the device to factory settings and waits for it. The
    /// meter stays saved; its password is gone from the device, so WattDesk forgets it too.
    pub async fn factory_reset_meter(&self, device_id: &str) -> Result<FactoryResetReport> {
        let backup = self.settings_backup(device_id).await?;
        let path = self.write_automatic_backup(&backup, "before-factory-reset")?;
        let client = self.device_client(device_id)?;
        let before = boot_of(&client).await?;
        let since = Instant::now();
        client.factory_reset().await?;
        let saved = self.saved(device_id)?;
        if saved.has_password {
            self.secrets().delete(&saved.device_id)?;
            self.update_meter(&saved.device_id, |m| {
                m.has_password = false;
                m.auth = None;
            })?;
        }
        self.wait_back(device_id, &before, since).await?;
        self.watch(&saved.device_id, &saved.address);
        self.meters_changed();
        Ok(FactoryResetReport {
            backup_path: path.display().to_string(),
        })
    }
}
