//! Live readings over a channel, and the transport inspector's figures.

use super::Out;
use tauri::ipc::Channel;
use tauri::State;
use wattdesk_core::ipc::{Comparison, LiveBatch, TransportFigures};
use wattdesk_core::App;

/// Streams a meter's readings over `on_batch` (numbered batches of at most 10 readings) until
/// `unsubscribe_live` or the window goes away. Resolves to the subscription id.
#[tauri::command]
pub async fn subscribe_live(
    app: State<'_, App>,
    device_id: String,
    on_batch: Channel<LiveBatch>,
) -> Out<u64> {
    // Async so it runs on the runtime the feed task is spawned on (sync commands run on the main
    // thread, outside it).
    Ok(app.open_feed(&device_id, move |batch| on_batch.send(batch).is_ok())?)
}

#[tauri::command]
pub fn unsubscribe_live(app: State<'_, App>, subscription: u64) {
    app.close_feed(subscription);
}

/// What the meter's session received per transport since it started (SSE, polling, MQTT).
#[tauri::command]
pub fn transport_figures(app: State<'_, App>, device_id: String) -> Out<Vec<TransportFigures>> {
    Ok(app.transport_figures(&device_id)?)
}

/// Measures all three transports side by side for `seconds` (10–300), then resolves.
#[tauri::command]
pub async fn compare_transports(
    app: State<'_, App>,
    device_id: String,
    seconds: u64,
) -> Out<Comparison> {
    Ok(app.compare_transports(&device_id, seconds).await?)
}
