//! The app itself: version, where secrets live, mDNS mode, a damaged settings file found at start.

use super::Out;
use tauri::State;
use wattdesk_core::ipc::{AppInfo, LocaleInfo, Preferences};
use wattdesk_core::App;

#[tauri::command]
pub fn app_info(app: State<'_, App>) -> AppInfo {
    app.info()
}

#[tauri::command]
pub fn preferences(app: State<'_, App>) -> Preferences {
    app.preferences()
}

/// Saves the user's choices; a new time zone restarts "today so far" in that zone.
#[tauri::command]
pub fn set_preferences(app: State<'_, App>, preferences: Preferences) -> Out<Preferences> {
    Ok(app.set_preferences(preferences)?)
}

/// The language to speak and how to write numbers: the user's choice, else the computer's locale as
/// the OS reports it (the webview's `navigator.language` is unreliable, "C" under a bare X session).
#[tauri::command]
pub fn app_locale(app: State<'_, App>) -> LocaleInfo {
    app.locale(tauri_plugin_os::locale().as_deref())
}
