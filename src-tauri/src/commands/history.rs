//! History: what a range used and cost, the peaks, tariff plans, filling from the reader's SD card,
//! CSV export to a file the user chooses (the backend opens the dialog), and the recent past a live
//! chart starts from.

use super::Out;
use crate::pick;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use wattdesk_core::ipc::{
    BackfillSummary, ExportProgress, HistoryAnswer, HistoryRequest, HistoryStatus, PeakSummary,
    PowerPoint, TariffPlan, TariffSettings,
};
use wattdesk_core::App;

#[tauri::command]
pub async fn history_query(app: State<'_, App>, request: HistoryRequest) -> Out<HistoryAnswer> {
    Ok(app.history_query(request).await?)
}

#[tauri::command]
pub fn history_status(app: State<'_, App>) -> HistoryStatus {
    app.history_status()
}

/// Monthly 15-minute peaks of one meter (`null`: the household) and the current quarter hour.
#[tauri::command]
pub async fn history_peaks(app: State<'_, App>, meter: Option<String>) -> Out<PeakSummary> {
    Ok(app.history_peaks(meter).await?)
}

/// Reads the reader's SD-card log of the last 31 days into the history.
#[tauri::command]
pub async fn history_backfill(app: State<'_, App>, device_id: String) -> Out<BackfillSummary> {
    Ok(app
        .history_backfill(&device_id, wattdesk_core::store::backfill::DEFAULT_DAYS)
        .await?)
}

/// The meter's net power over the last `seconds`, for a live chart that opens.
#[tauri::command]
pub async fn history_recent(
    app: State<'_, App>,
    device_id: String,
    seconds: u32,
) -> Out<Vec<PowerPoint>> {
    Ok(app.history_recent(&device_id, seconds).await?)
}

#[tauri::command]
pub fn tariffs(app: State<'_, App>) -> TariffSettings {
    app.tariffs()
}

#[tauri::command]
pub fn set_tariffs(app: State<'_, App>, settings: TariffSettings) -> Out<TariffSettings> {
    Ok(app.set_tariffs(settings)?)
}

/// A plan to start from (high/low hours on weekdays and Saturday morning).
#[tauri::command]
pub fn example_tariff_plan() -> TariffPlan {
    wattdesk_core::store::tariff::example_plan_now()
}

/// Exports the range as CSV (buckets, or `raw` readings) to a file the user chooses, with
/// progress; returns the path (`null`: cancelled).
#[tauri::command]
pub async fn history_export(
    handle: AppHandle,
    app: State<'_, App>,
    request: HistoryRequest,
    raw: bool,
    on_progress: Channel<ExportProgress>,
) -> Out<Option<String>> {
    let name = format!(
        "wattdesk-{}-{}.csv",
        request.meter.as_deref().unwrap_or("meter").to_lowercase(),
        if raw { "readings" } else { "history" }
    );
    let Some(path) = pick::save(&handle, "Export history as CSV", &name).await else {
        return Ok(None);
    };
    app.history_export(request, raw, &path, move |p| {
        let _ = on_progress.send(p);
    })
    .await?;
    Ok(Some(path.display().to_string()))
}
