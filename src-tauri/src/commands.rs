//! IPC commands: each one calls the core and returns `Result<T, AppError>` (`{code, message}` in JS).

use tauri::ipc::Channel;
use tauri::State;
use wattdesk_core::app::ipc;
use wattdesk_core::feed::LiveBatch;
use wattdesk_core::views::*;
use wattdesk_core::{App, AppError};

type Out<T> = Result<T, AppError>;

#[tauri::command]
pub fn app_info(app: State<'_, App>) -> AppInfo {
    app.info()
}

#[tauri::command]
pub fn list_meters(app: State<'_, App>) -> Vec<MeterView> {
    app.meters()
}

#[tauri::command]
pub async fn add_meter(app: State<'_, App>, request: AddMeterRequest) -> Out<MeterView> {
    ipc(app.add_meter(request).await)
}

#[tauri::command]
pub async fn remove_meter(app: State<'_, App>, device_id: String) -> Out<()> {
    ipc(app.remove_meter(&device_id).await)
}

#[tauri::command]
pub fn rename_meter(app: State<'_, App>, device_id: String, name: String) -> Out<MeterView> {
    ipc(app.rename_meter(&device_id, &name))
}

#[tauri::command]
pub async fn probe_address(
    app: State<'_, App>,
    address: String,
    password: Option<String>,
) -> Out<ProbeView> {
    ipc(app.probe(&address, password).await)
}

#[tauri::command]
pub fn discovery_snapshot(app: State<'_, App>) -> Vec<DiscoveredView> {
    app.discovery_snapshot()
}

#[tauri::command]
pub async fn set_discovery_active(app: State<'_, App>, active: bool) -> Out<()> {
    ipc(app.set_discovery_active(active).await)
}

#[tauri::command]
pub async fn start_demo(app: State<'_, App>) -> Out<MeterView> {
    ipc(app.start_demo().await)
}

/// Streams a meter's readings over `on_batch` (batched, numbered) until `unsubscribe_live` or the
/// window goes away. Returns the subscription id. Async so it runs on the runtime the feed task is
/// spawned on (sync commands run on the main thread, outside it).
#[tauri::command]
pub async fn subscribe_live(
    app: State<'_, App>,
    device_id: String,
    on_batch: Channel<LiveBatch>,
) -> Out<u64> {
    ipc(app.open_feed(&device_id, move |batch| on_batch.send(batch).is_ok()))
}

#[tauri::command]
pub fn unsubscribe_live(app: State<'_, App>, subscription: u64) {
    app.close_feed(subscription);
}
