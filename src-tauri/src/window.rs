//! The main window's life in a tray app: closing hides it (sessions, history and sharing go on) unless
//! the user chose to quit on close; the first time, a notification says where WattDesk went. A second
//! launch, the tray and `--hidden` (start at login) all come through here.

use tauri::{AppHandle, Manager, WebviewWindow, WindowEvent};
use tauri_plugin_notification::NotificationExt;
use wattdesk_core::i18n::t;
use wattdesk_core::ipc::CloseAction;
use wattdesk_core::App;

/// Set once at start: a tray exists, so a hidden window can be found again.
pub struct TrayPresent(pub bool);

fn main_window(app: &AppHandle) -> Option<WebviewWindow> {
    app.get_webview_window("main")
}

/// Shows, unminimizes and focuses the main window.
pub fn show(app: &AppHandle) {
    if let Some(w) = main_window(app) {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// `CloseRequested` of the main window: hide instead of closing while WattDesk lives in the tray.
pub fn on_event(window: &tauri::Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let app = window.app_handle();
    let tray = app.try_state::<TrayPresent>().is_some_and(|t| t.0);
    let Some(core) = app.try_state::<App>() else {
        return;
    };
    let prefs = core.preferences();
    if !tray || prefs.on_close == CloseAction::Quit {
        // Closing the last window ends the app (and `RunEvent::Exit` shuts the core down).
        return;
    }
    api.prevent_close();
    let _ = window.hide();
    if !prefs.close_explained {
        let locale = core.locale(tauri_plugin_os::locale().as_deref());
        let shown = app
            .notification()
            .builder()
            .title(t(locale.language, "notify_close_title", &[]))
            .body(t(locale.language, "notify_close_body", &[]))
            .show();
        if let Err(e) = shown {
            tracing::warn!("could not explain the tray: {e}");
        }
        let mut next = prefs;
        next.close_explained = true;
        if let Err(e) = core.set_preferences(next) {
            tracing::warn!("could not remember the tray explanation: {e}");
        }
    }
}
