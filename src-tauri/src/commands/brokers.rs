//! Brokers WattDesk listens to, and how each meter's readings arrive (transport, MQTT source).

use super::Out;
use std::time::Duration;
use tauri::State;
use wattdesk_core::ipc::{BrokerRequest, BrokerView, MeterLinkRequest, MeterLinkView};
use wattdesk_core::App;

#[tauri::command]
pub fn list_brokers(app: State<'_, App>) -> Vec<BrokerView> {
    app.brokers()
}

#[tauri::command]
pub fn save_broker(app: State<'_, App>, request: BrokerRequest) -> Out<BrokerView> {
    Ok(app.save_broker(request)?)
}

#[tauri::command]
pub fn delete_broker(app: State<'_, App>, id: String) -> Out<()> {
    Ok(app.delete_broker(&id)?)
}

/// Connects to a saved broker (within 8 s); fails with `broker_auth`, `broker_tls`,
/// `broker_unreachable`…
#[tauri::command]
pub async fn test_broker(app: State<'_, App>, id: String) -> Out<()> {
    Ok(app.test_broker(&id, Duration::from_secs(8)).await?)
}

#[tauri::command]
pub fn meter_link(app: State<'_, App>, device_id: String) -> Out<MeterLinkView> {
    Ok(app.meter_link(&device_id)?)
}

/// Saves how the meter's readings arrive; the meter's session restarts.
#[tauri::command]
pub fn set_meter_link(
    app: State<'_, App>,
    device_id: String,
    request: MeterLinkRequest,
) -> Out<MeterLinkView> {
    Ok(app.set_meter_link(&device_id, request)?)
}

/// One step: the meter publishes WattDesk's template to the saved broker on `wattdesk/<id>`, and
/// its session listens there (transport unchanged). Resolves to the new link.
#[tauri::command]
pub async fn quick_mqtt_setup(
    app: State<'_, App>,
    device_id: String,
    broker_id: String,
) -> Out<MeterLinkView> {
    Ok(app.quick_mqtt_setup(&device_id, &broker_id).await?)
}
