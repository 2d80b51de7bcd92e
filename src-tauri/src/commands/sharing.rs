//! Sharing (Settings › Sharing): the gateway's choices, its addresses and clients, and its tokens.

use super::Out;
use tauri::State;
use wattdesk_core::ipc::{NewSharingToken, SharingClient, SharingSettings, SharingStatus};
use wattdesk_core::App;

#[tauri::command]
pub async fn sharing_status(app: State<'_, App>) -> Out<SharingStatus> {
    Ok(app.sharing_status().await)
}

/// Saves the choices and starts, restarts or stops the gateway accordingly.
#[tauri::command]
pub async fn sharing_save(app: State<'_, App>, settings: SharingSettings) -> Out<SharingStatus> {
    Ok(app.sharing_save(settings).await?)
}

/// A new named token; its value is in this answer only.
#[tauri::command]
pub async fn sharing_create_token(app: State<'_, App>, name: String) -> Out<NewSharingToken> {
    Ok(app.sharing_create_token(&name).await?)
}

/// Revokes a token: programs using it are disconnected.
#[tauri::command]
pub async fn sharing_revoke_token(app: State<'_, App>, id: String) -> Out<SharingStatus> {
    Ok(app.sharing_revoke_token(&id).await?)
}

/// Who is connected now (the panel asks every few seconds while it is open).
#[tauri::command]
pub async fn sharing_clients(app: State<'_, App>) -> Out<Vec<SharingClient>> {
    Ok(app.sharing_clients().await)
}
