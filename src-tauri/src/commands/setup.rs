//! Setting up a new meter: the device's Wi-Fi scan, a setup run streaming its progress, cancel, and
//! the setup left half way.

use super::Out;
use tauri::ipc::Channel;
use tauri::State;
use wattdesk_core::ipc::{
    SavedSetup, SetupCandidate, SetupDone, SetupProgress, SetupRequest, SetupScan,
};
use wattdesk_core::App;

/// The device at `address` as it answers, and the Wi-Fi networks it sees, strongest first.
#[tauri::command]
pub async fn setup_scan(app: State<'_, App>, address: String) -> Out<SetupScan> {
    Ok(app.setup_scan(&address).await?)
}

/// Devices found without an address: this computer's default gateway, then mDNS.
#[tauri::command]
pub async fn setup_locate(app: State<'_, App>) -> Out<Vec<SetupCandidate>> {
    Ok(app.setup_locate().await)
}

/// Runs a setup, telling `on_progress` what the device is doing; resolves when the meter is saved.
#[tauri::command]
pub async fn run_setup(
    app: State<'_, App>,
    request: SetupRequest,
    on_progress: Channel<SetupProgress>,
) -> Out<SetupDone> {
    Ok(app
        .run_setup(request, move |p| {
            let _ = on_progress.send(p);
        })
        .await?)
}

/// Stops the running setup where it is (it can continue later).
#[tauri::command]
pub fn cancel_setup(app: State<'_, App>) {
    app.cancel_setup();
}

/// A setup left half way, to continue.
#[tauri::command]
pub fn setup_progress(app: State<'_, App>) -> Option<SavedSetup> {
    app.setup_progress()
}
