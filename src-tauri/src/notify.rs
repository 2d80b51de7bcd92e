//! Turns the core's alerts into desktop notifications in the user's language. Which kinds fire, and
//! how often, is decided in `wattdesk_core::alerts`; this only speaks them.

use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;
use wattdesk_core::App;

pub fn forward(app: AppHandle) {
    let core = app.state::<App>().inner().clone();
    let mut rx = core.subscribe_alerts();
    tauri::async_runtime::spawn(async move {
        loop {
            let alert = match rx.recv().await {
                Ok(a) => a,
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!("{n} alerts were not shown");
                    continue;
                }
                Err(RecvError::Closed) => return,
            };
            let locale = core.locale(tauri_plugin_os::locale().as_deref());
            let name = core
                .meter_name(&alert.device_id)
                .unwrap_or_else(|| alert.device_id.clone());
            let (title, body) = alert.text(&name, locale.language, &locale.format_tag);
            if let Err(e) = app.notification().builder().title(title).body(body).show() {
                tracing::warn!("notification not shown: {e}");
            }
        }
    });
}
