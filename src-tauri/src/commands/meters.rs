//! Saved meters: list, add (after a check), rename, remove, and the built-in demo meter.

use super::Out;
use tauri::State;
use wattdesk_core::ipc::{AddMeterRequest, MeterView};
use wattdesk_core::App;

#[tauri::command]
pub fn list_meters(app: State<'_, App>) -> Vec<MeterView> {
    app.meters()
}

/// Checks the device at `request.address` and saves it; the password goes to the secret store.
#[tauri::command]
pub async fn add_meter(app: State<'_, App>, request: AddMeterRequest) -> Out<MeterView> {
    Ok(app.add_meter(request).await?)
}

#[tauri::command]
pub async fn remove_meter(app: State<'_, App>, device_id: String) -> Out<()> {
    Ok(app.remove_meter(&device_id).await?)
}

#[tauri::command]
pub fn rename_meter(app: State<'_, App>, device_id: String, name: String) -> Out<MeterView> {
    Ok(app.rename_meter(&device_id, &name)?)
}

/// Starts the built-in demo meter (if not running) and saves it.
#[tauri::command]
pub async fn start_demo(app: State<'_, App>) -> Out<MeterView> {
    Ok(app.start_demo().await?)
}

/// The user confirmed the meter now answers at `address` ("Your meter seems to have moved … Use
/// it?"): checked with the meter's own password and login, then saved.
#[tauri::command]
pub async fn accept_meter_address(
    app: State<'_, App>,
    device_id: String,
    address: String,
) -> Out<MeterView> {
    Ok(app.accept_meter_address(&device_id, &address).await?)
}

/// The user does not want the meter moved to the address WattDesk found.
#[tauri::command]
pub fn dismiss_meter_move(app: State<'_, App>, device_id: String) -> Out<()> {
    Ok(app.dismiss_meter_move(&device_id)?)
}

/// The user lets the meter log in with its password in clear text (HTTP Basic) from now on, after
/// WattDesk refused that because the meter used Digest before.
#[tauri::command]
pub fn allow_basic_login(app: State<'_, App>, device_id: String) -> Out<MeterView> {
    Ok(app.allow_basic_login(&device_id)?)
}
