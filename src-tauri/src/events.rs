//! Forwards the core's rare state changes to the webview as events, named as in
//! `wattdesk_core::ipc::EventPayloads` (the UI's `on(name, handler)` is typed from it).

use tauri::{AppHandle, Emitter};
use tokio::sync::broadcast::error::RecvError;
use wattdesk_core::ipc::EventPayloads;
use wattdesk_core::{App, CoreEvent};

pub fn forward(core: &App, handle: AppHandle) {
    let mut rx = core.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(CoreEvent::Discovery(e)) => {
                    let _ = handle.emit(EventPayloads::DISCOVERY, e);
                }
                Ok(CoreEvent::MetersChanged(m)) => {
                    let _ = handle.emit(EventPayloads::METERS_CHANGED, m);
                }
                Ok(CoreEvent::HistoryFilled(id)) => {
                    let _ = handle.emit(EventPayloads::HISTORY_FILLED, id);
                }
                Ok(CoreEvent::Refresh) => {}
                // Missed events: the UI re-reads lists on its next interaction; keep going.
                Err(RecvError::Lagged(n)) => tracing::warn!("UI missed {n} core events"),
                Err(RecvError::Closed) => return,
            }
        }
    });
}
