//! IPC commands for MQTT: broker profiles, each meter's transport, the device's MQTT publishing
//! settings and the transport inspector.

use std::time::Duration;
use tauri::State;
use wattdesk_core::app::ipc;
use wattdesk_core::inspector::TransportFigures;
use wattdesk_core::registry::MappingChoice;
use wattdesk_core::views_mqtt::*;
use wattdesk_core::{App, AppError};

type Out<T> = Result<T, AppError>;

#[tauri::command]
pub fn list_brokers(app: State<'_, App>) -> Vec<BrokerView> {
    app.brokers()
}

#[tauri::command]
pub fn save_broker(app: State<'_, App>, request: BrokerRequest) -> Out<BrokerView> {
    ipc(app.save_broker(request))
}

#[tauri::command]
pub fn delete_broker(app: State<'_, App>, id: String) -> Out<()> {
    ipc(app.delete_broker(&id))
}

#[tauri::command]
pub async fn test_broker(app: State<'_, App>, id: String) -> Out<()> {
    ipc(app.test_broker(&id, Duration::from_secs(8)).await)
}

#[tauri::command]
pub fn meter_link(app: State<'_, App>, device_id: String) -> Out<MeterLinkView> {
    ipc(app.meter_link(&device_id))
}

#[tauri::command]
pub fn set_meter_link(
    app: State<'_, App>,
    device_id: String,
    request: MeterLinkRequest,
) -> Out<MeterLinkView> {
    ipc(app.set_meter_link(&device_id, request))
}

#[tauri::command]
pub async fn device_mqtt(app: State<'_, App>, device_id: String) -> Out<DeviceMqttView> {
    ipc(app.device_mqtt(&device_id).await)
}

#[tauri::command]
pub async fn save_device_mqtt(
    app: State<'_, App>,
    device_id: String,
    request: DeviceMqttRequest,
) -> Out<()> {
    ipc(app.save_device_mqtt(&device_id, request).await)
}

#[tauri::command]
pub async fn preview_template(
    app: State<'_, App>,
    device_id: String,
    template: String,
    mapping: MappingChoice,
) -> Out<TemplatePreview> {
    ipc(app.preview_template(&device_id, &template, mapping).await)
}

#[tauri::command]
pub async fn device_mqtt_status(app: State<'_, App>, device_id: String) -> Out<DeviceMqttStatus> {
    ipc(app.device_mqtt_status(&device_id).await)
}

#[tauri::command]
pub async fn suggest_mapping(app: State<'_, App>, device_id: String) -> Out<MappingGuess> {
    ipc(app.suggest_mapping(&device_id).await)
}

#[tauri::command]
pub fn transport_figures(app: State<'_, App>, device_id: String) -> Out<Vec<TransportFigures>> {
    ipc(app.transport_figures(&device_id))
}

#[tauri::command]
pub async fn compare_transports(
    app: State<'_, App>,
    device_id: String,
    seconds: u64,
) -> Out<Comparison> {
    ipc(app.compare_transports(&device_id, seconds).await)
}

#[tauri::command]
pub async fn quick_mqtt_setup(
    app: State<'_, App>,
    device_id: String,
    broker_id: String,
) -> Out<MeterLinkView> {
    ipc(app.quick_mqtt_setup(&device_id, &broker_id).await)
}
