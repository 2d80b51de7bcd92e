//! Finding meters: mDNS while the Discovery view is open, and probing an address the user typed.

use super::Out;
use tauri::State;
use wattdesk_core::ipc::{DiscoveredView, ProbeView};
use wattdesk_core::App;
use whatwatt::Secret;

/// Identifies the device at `address`, saying precisely what is wrong when it is not usable.
#[tauri::command]
pub async fn probe_address(
    app: State<'_, App>,
    address: String,
    password: Option<Secret>,
) -> Out<ProbeView> {
    Ok(app.probe(&address, password).await?)
}

#[tauri::command]
pub fn discovery_snapshot(app: State<'_, App>) -> Vec<DiscoveredView> {
    app.discovery_snapshot()
}

/// The Discovery view opened (`true`) or closed: mDNS browsing runs only while someone looks.
#[tauri::command]
pub async fn set_discovery_active(app: State<'_, App>, active: bool) -> Out<()> {
    Ok(app.set_discovery_active(active).await?)
}
