//! The app itself: version, where secrets live, mDNS mode, a damaged settings file found at start.

use tauri::State;
use wattdesk_core::ipc::AppInfo;
use wattdesk_core::App;

#[tauri::command]
pub fn app_info(app: State<'_, App>) -> AppInfo {
    app.info()
}
