//! The desktop around the window: start at login, pausing live readings (also in the tray menu),
//! and whether a tray exists to keep WattDesk running after the window closes.

use super::Out;
use crate::window::TrayPresent;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_autostart::ManagerExt;
use wattdesk_core::ipc::{ErrorCode, StartAtLogin};
use wattdesk_core::{App, AppError};

fn login_error(e: tauri_plugin_autostart::Error) -> AppError {
    AppError {
        code: ErrorCode::Internal,
        message: format!("start at login could not be changed: {e}"),
        said: None,
    }
}

/// Whether WattDesk starts (in the tray) when the user logs in.
#[tauri::command]
pub fn start_at_login(app: AppHandle) -> Out<StartAtLogin> {
    let enabled = app.autolaunch().is_enabled().map_err(login_error)?;
    Ok(StartAtLogin { enabled })
}

#[tauri::command]
pub fn set_start_at_login(app: AppHandle, enabled: bool) -> Out<StartAtLogin> {
    let launcher = app.autolaunch();
    if enabled {
        launcher.enable().map_err(login_error)?;
    } else {
        launcher.disable().map_err(login_error)?;
    }
    Ok(StartAtLogin {
        enabled: launcher.is_enabled().map_err(login_error)?,
    })
}

/// True when a tray icon is up (closing the window keeps WattDesk running only then).
#[tauri::command]
pub fn tray_available(app: AppHandle) -> bool {
    app.try_state::<TrayPresent>().is_some_and(|t| t.0)
}

#[tauri::command]
pub fn live_paused(app: State<'_, App>) -> bool {
    app.live_paused()
}

/// Pauses or resumes every meter's live session (the tray menu does the same).
#[tauri::command]
pub async fn set_live_paused(app: State<'_, App>, paused: bool) -> Out<bool> {
    app.set_live_paused(paused).await;
    Ok(app.live_paused())
}
