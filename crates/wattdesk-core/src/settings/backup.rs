//! Settings backup to a JSON file and restore from one. The device never shows write-only values
//! (passwords, keys), so a backup cannot hold them: it lists them, and a restore sets those the user
//! gives again and leaves the others as the device has them. Wi-Fi is restored only with its password:
//! without it the device would stay on (or fall off) the network WattDesk reaches it by.

use super::catalogue::{group_name, of_group, parse_group, GROUPS};
use super::document::{self, get_path, same};
use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use whatwatt::Client;

pub const FORMAT: &str = "wattdesk-settings";
pub const VERSION: u32 = 1;

/// Write-only values no backup holds: the catalogue's secrets, the device password, the MQTT key.
fn secret_keys() -> Vec<String> {
    let mut keys: Vec<String> = GROUPS
        .iter()
        .flat_map(|g| of_group(*g))
        .filter(|f| f.is_secret())
        .map(|f| f.key())
        .collect();
    keys.push("device.system.password".into());
    keys.push("mqtt.client.key".into());
    keys
}

/// MQTT certificates are public and restored with their group, but outside the catalogue.
const MQTT_CERTS: [&str; 2] = ["broker.certificate", "client.certificate"];

/// Every group the device shows, as it shows it, and the custom scalers.
pub async fn backup(client: &Client) -> Result<SettingsBackup> {
    let sys = client.system().await?;
    let mut groups = BTreeMap::new();
    for g in GROUPS {
        match document::read(client, g).await {
            Ok(doc) => {
                groups.insert(group_name(g).to_owned(), doc);
            }
            Err(whatwatt::Error::NotFound(_) | whatwatt::Error::LicenseRequired) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let custom_scalers = match client.scalers_custom().await {
        Ok(s) => s,
        Err(whatwatt::Error::NotFound(_) | whatwatt::Error::LicenseRequired) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    Ok(SettingsBackup {
        format: FORMAT.into(),
        version: VERSION,
        device_id: sys.device.id.trim().to_owned(),
        model: sys.device.model.clone().unwrap_or_default(),
        firmware: sys.device.firmware.clone().unwrap_or_default(),
        taken_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        groups,
        custom_scalers,
        secrets_not_included: secret_keys(),
    })
}

impl App {
    pub async fn settings_backup(&self, device_id: &str) -> Result<SettingsBackup> {
        backup(&self.device_client(device_id)?).await
    }

    pub async fn settings_restore(
        &self,
        device_id: &str,
        req: RestoreRequest,
    ) -> Result<RestoreReport> {
        restore(&self.verified_client(device_id).await?, req).await
    }

    /// Saves `backup` in WattDesk's backup folder (`<config>/backups/`), e.g. before a factory reset.
    pub(crate) fn write_automatic_backup(
        &self,
        backup: &SettingsBackup,
        why: &str,
    ) -> Result<PathBuf> {
        let dir = self.paths().config_dir.join("backups");
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let path = dir.join(format!("{}-{stamp}-{why}.json", backup.device_id));
        write_backup(&path, backup)?;
        Ok(path)
    }
}

/// Writes the backup's settings to the device (PUT per group, only the fields WattDesk knows) and
/// reads them back. The caller hands a client for the device that proved to be the one meant.
pub async fn restore(client: &Client, req: RestoreRequest) -> Result<RestoreReport> {
    let b = &req.backup;
    if b.format != FORMAT || b.version != VERSION {
        return Err(CoreError::rule(
            "err_backup_other_format",
            &[("format", &b.format), ("version", &b.version.to_string())],
        ));
    }
    for key in req.secrets.keys() {
        if !secret_keys().contains(key)
            || key == "device.system.password"
            || key == "mqtt.client.key"
        {
            return Err(CoreError::Invalid(format!(
                    "{key} is not a write-only setting a restore can set (the device password is changed under Protection)"
                )));
        }
    }
    let mut report = RestoreReport {
        restored: Vec::new(),
        skipped: Vec::new(),
        secrets_set: Vec::new(),
        secrets_unchanged: Vec::new(),
        different: Vec::new(),
    };
    // First every group is checked and the device asked whether it has it; only then is anything
    // written, so a backup that does not fit leaves the device as it was.
    let sys = client.system().await?;
    let mut plan = Vec::new();
    for (name, doc) in &b.groups {
        let Some(g) = parse_group(name) else {
            continue;
        };
        if g == SettingsGroup::Wifi && !req.secrets.contains_key("wifi.password") {
            report.skipped.push(GroupUnavailable {
                group: g,
                reason: "Wi-Fi is restored only with the network's password; the device stays on the network it is on".into(),
            });
            report.secrets_unchanged.push("wifi.password".into());
            continue;
        }
        match document::read(client, g).await {
            Ok(_) => {}
            Err(e @ (whatwatt::Error::NotFound(_) | whatwatt::Error::LicenseRequired)) => {
                report.skipped.push(GroupUnavailable {
                    group: g,
                    reason: format!("this device does not offer these settings ({e})"),
                });
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        let mut values = BTreeMap::new();
        for f in of_group(g) {
            if f.is_secret() {
                match req.secrets.get(&f.key()) {
                    Some(s) => {
                        let v = super::rules::check(f, &Value::String(s.expose().to_owned()))
                            .map_err(|m| CoreError::Invalid(format!("{}: {m}", f.label)))?;
                        values.insert(f.key(), v);
                        report.secrets_set.push(f.key());
                    }
                    None => report.secrets_unchanged.push(f.key()),
                }
                continue;
            }
            let Some(v) = get_path(doc, f.path).filter(|v| !v.is_null()) else {
                continue;
            };
            // A value the device itself gave is written back as it was, only shaped to the
            // field's type (a backup edited by hand still meets the rules).
            let v = super::rules::check(f, v)
                .map_err(|m| CoreError::Invalid(format!("the backup's {}: {m}", f.key())))?;
            values.insert(f.key(), v);
        }
        let mut body = document::partial_body(g, &values);
        // Power saving is refused while a cable is connected; the rest still goes in.
        if g == SettingsGroup::Device
            && get_path(&body, "system.power_save") == Some(&Value::Bool(true))
            && crate::setup::run::wired(&sys)
        {
            document::set_path(&mut body, "system.power_save", Value::Bool(false));
        }
        let mut certs = Value::Object(Default::default());
        if g == SettingsGroup::Mqtt {
            for path in MQTT_CERTS {
                if let Some(c) =
                    get_path(doc, path).filter(|c| c.as_str().is_some_and(|s| !s.is_empty()))
                {
                    document::set_path(&mut certs, path, c.clone());
                }
            }
            report.secrets_unchanged.push("mqtt.client.key".into());
        }
        plan.push((g, values, body, certs));
    }
    let scalers: Vec<ScalerRow> = b
        .custom_scalers
        .iter()
        .map(|s| ScalerRow {
            obis: s.obis.clone(),
            scaler: s.scaler.unwrap_or(0),
        })
        .collect();
    super::scalers::check_custom(&scalers)?;
    for (g, values, body, certs) in plan {
        document::write(client, g, body).await?;
        if certs.as_object().is_some_and(|m| !m.is_empty()) {
            document::write(client, g, certs).await?;
        }
        let back = document::snapshot(g, &document::read(client, g).await?);
        for (key, got) in &back.values {
            if let Some(want) = values.get(key) {
                if !same(want, got) {
                    if let Some(f) = super::catalogue::find(key) {
                        report.different.push(FieldChange {
                            key: key.clone(),
                            label: f.label.to_owned(),
                            before: want.clone(),
                            after: got.clone(),
                            secret_action: None,
                        });
                    }
                }
            }
        }
        report.restored.push(g);
    }
    if !scalers.is_empty() {
        super::scalers::set_custom(client, &scalers).await?;
    }
    report
        .secrets_unchanged
        .push("device.system.password".into());
    report.secrets_unchanged.sort();
    report.secrets_unchanged.dedup();
    tracing::info!(
        "restored {} groups from a backup of {}",
        report.restored.len(),
        b.device_id
    );
    Ok(report)
}

pub fn write_backup(path: &std::path::Path, backup: &SettingsBackup) -> Result<()> {
    crate::files::write_json(path, backup, false)
}

pub fn read_backup(path: &std::path::Path) -> Result<SettingsBackup> {
    let text = std::fs::read(path).map_err(|source| CoreError::Storage {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_slice(&text).map_err(|e| {
        CoreError::rule(
            "err_backup_unreadable",
            &[
                ("file", &path.display().to_string()),
                ("detail", &e.to_string()),
            ],
        )
    })
}
