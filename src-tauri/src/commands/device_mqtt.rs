//! The device's own MQTT publishing (`/api/v1/mqtt/settings`), previews of its template, and its
//! view of the broker connection.

use super::Out;
use tauri::State;
use wattdesk_core::ipc::{
    DeviceMqttRequest, DeviceMqttStatus, DeviceMqttView, MappingChoice, MappingGuess,
    TemplatePreview,
};
use wattdesk_core::App;

#[tauri::command]
pub async fn device_mqtt(app: State<'_, App>, device_id: String) -> Out<DeviceMqttView> {
    Ok(app.device_mqtt(&device_id).await?)
}

/// Writes the device's MQTT settings with PUT, so secrets the user did not touch are kept.
#[tauri::command]
pub async fn save_device_mqtt(
    app: State<'_, App>,
    device_id: String,
    request: DeviceMqttRequest,
) -> Out<()> {
    Ok(app.save_device_mqtt(&device_id, request).await?)
}

/// Renders `template` on the device and checks WattDesk can read the result with `mapping`.
#[tauri::command]
pub async fn preview_template(
    app: State<'_, App>,
    device_id: String,
    template: String,
    mapping: MappingChoice,
) -> Out<TemplatePreview> {
    Ok(app.preview_template(&device_id, &template, mapping).await?)
}

#[tauri::command]
pub async fn device_mqtt_status(app: State<'_, App>, device_id: String) -> Out<DeviceMqttStatus> {
    Ok(app.device_mqtt_status(&device_id).await?)
}

/// Reads the device's template and guesses which payload key carries which quantity.
#[tauri::command]
pub async fn suggest_mapping(app: State<'_, App>, device_id: String) -> Out<MappingGuess> {
    Ok(app.suggest_mapping(&device_id).await?)
}
