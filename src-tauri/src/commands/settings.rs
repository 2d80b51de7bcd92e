//! The meter's own settings panel: read, review and save a group, the device password, backup and
//! restore, reboot, firmware, factory reset and the SD card. Files are chosen in a native dialog the
//! backend opens (`pick`); the webview never passes a path.

use super::Out;
use crate::pick;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use wattdesk_core::ipc::{
    FactoryResetReport, FirmwareProgress, MeterView, PasswordChangeRequest, RestartReport,
    RestoreReport, RestoreRequest, ScalerRow, ScalersView, SdListing, SettingsBackup,
    SettingsEditRequest, SettingsFacts, SettingsGroup, SettingsPanel, SettingsReview,
    SettingsSaved, SettingsSnapshot, WifiChoice,
};
use wattdesk_core::App;

#[tauri::command]
pub async fn settings_panel(app: State<'_, App>, device_id: String) -> Out<SettingsPanel> {
    Ok(app.settings_panel(&device_id).await?)
}

/// The Wi-Fi networks the reader sees now, strongest first.
#[tauri::command]
pub async fn settings_wifi_networks(
    app: State<'_, App>,
    device_id: String,
) -> Out<Vec<WifiChoice>> {
    Ok(app.settings_wifi_networks(&device_id).await?)
}

#[tauri::command]
pub async fn settings_group(
    app: State<'_, App>,
    device_id: String,
    group: SettingsGroup,
) -> Out<SettingsSnapshot> {
    Ok(app.settings_group(&device_id, group).await?)
}

/// The rules as the user types, without asking the device.
#[tauri::command]
pub fn settings_check(request: SettingsEditRequest, facts: SettingsFacts) -> SettingsReview {
    wattdesk_core::settings::edit::check(&request, facts)
}

/// What saving would do, checked against the device's values now (conflicts); nothing is sent.
#[tauri::command]
pub async fn settings_review(
    app: State<'_, App>,
    device_id: String,
    request: SettingsEditRequest,
) -> Out<SettingsReview> {
    Ok(app.settings_review(&device_id, &request).await?)
}

#[tauri::command]
pub async fn settings_save(
    app: State<'_, App>,
    device_id: String,
    request: SettingsEditRequest,
) -> Out<SettingsSaved> {
    Ok(app.settings_save(&device_id, &request).await?)
}

#[tauri::command]
pub async fn set_device_password(
    app: State<'_, App>,
    device_id: String,
    request: PasswordChangeRequest,
) -> Out<MeterView> {
    Ok(app
        .set_device_password(&device_id, request.new_password)
        .await?)
}

#[tauri::command]
pub async fn reboot_meter(app: State<'_, App>, device_id: String) -> Out<RestartReport> {
    Ok(app.reboot_meter(&device_id).await?)
}

/// Asks for the firmware file, uploads it with progress and waits for the device. `null`: the user
/// closed the chooser.
#[tauri::command]
pub async fn update_firmware(
    handle: AppHandle,
    app: State<'_, App>,
    device_id: String,
    on_progress: Channel<FirmwareProgress>,
) -> Out<Option<RestartReport>> {
    let Some(file) = pick::open(&handle, "Choose the firmware file", "Firmware", &["bin"]).await
    else {
        return Ok(None);
    };
    Ok(Some(
        app.update_firmware(&device_id, &file, move |p| {
            let _ = on_progress.send(p);
        })
        .await?,
    ))
}

#[tauri::command]
pub async fn factory_reset_meter(
    app: State<'_, App>,
    device_id: String,
) -> Out<FactoryResetReport> {
    Ok(app.factory_reset_meter(&device_id).await?)
}

/// Reads the settings and writes them to a file the user chooses; returns its path (`null`:
/// cancelled).
#[tauri::command]
pub async fn save_settings_backup(
    handle: AppHandle,
    app: State<'_, App>,
    device_id: String,
) -> Out<Option<String>> {
    let backup = app.settings_backup(&device_id).await?;
    let name = format!("whatwatt-{}-settings.json", backup.device_id);
    let Some(path) = pick::save(&handle, "Save the settings backup", &name).await else {
        return Ok(None);
    };
    wattdesk_core::settings::backup::write_backup(&path, &backup)?;
    Ok(Some(path.display().to_string()))
}

/// Opens a backup file the user chooses, to show what it holds before restoring.
#[tauri::command]
pub async fn open_settings_backup(handle: AppHandle) -> Out<Option<SettingsBackup>> {
    let Some(path) = pick::open(
        &handle,
        "Choose a settings backup",
        "Settings backup",
        &["json"],
    )
    .await
    else {
        return Ok(None);
    };
    Ok(Some(wattdesk_core::settings::backup::read_backup(&path)?))
}

#[tauri::command]
pub async fn restore_settings(
    app: State<'_, App>,
    device_id: String,
    request: RestoreRequest,
) -> Out<RestoreReport> {
    Ok(app.settings_restore(&device_id, request).await?)
}

#[tauri::command]
pub async fn sd_list(app: State<'_, App>, device_id: String, dir: String) -> Out<SdListing> {
    Ok(app.sd_list(&device_id, &dir).await?)
}

/// Downloads a file from the card to where the user chooses; returns the path (`null`: cancelled).
#[tauri::command]
pub async fn sd_download(
    handle: AppHandle,
    app: State<'_, App>,
    device_id: String,
    file: String,
) -> Out<Option<String>> {
    let name = file.rsplit('/').next().unwrap_or("report.csv").to_owned();
    let Some(path) = pick::save(&handle, "Save the file from the SD card", &name).await else {
        return Ok(None);
    };
    app.sd_download(&device_id, &file, &path).await?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn sd_delete(app: State<'_, App>, device_id: String, path: String) -> Out<()> {
    Ok(app.sd_delete(&device_id, &path).await?)
}

/// The scalers in use and the custom list.
#[tauri::command]
pub async fn meter_scalers(app: State<'_, App>, device_id: String) -> Out<ScalersView> {
    Ok(app.meter_scalers(&device_id).await?)
}

/// Replaces the custom scalers (the device takes the list only whole).
#[tauri::command]
pub async fn set_custom_scalers(
    app: State<'_, App>,
    device_id: String,
    list: Vec<ScalerRow>,
) -> Out<ScalersView> {
    Ok(app.set_custom_scalers(&device_id, &list).await?)
}
