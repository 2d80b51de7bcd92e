//! A window showing one static page, nothing else: the baseline of what a Tauri window costs.
//!
//! With `HELLO_STREAM_HZ` set it also receives, through a Tauri channel, a message the size of
//! WattDesk's live batches at that rate and shows a number from it: the baseline for how a webview's
//! memory behaves under channel traffic alone (`quiet.mjs --hello-minutes`), apart from the app's code.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Duration;
use tauri::ipc::Channel;

/// Sends one batch-sized message every 1/`HELLO_STREAM_HZ` s for as long as the window lives;
/// without the variable, nothing.
#[tauri::command]
fn stream(on: Channel<serde_json::Value>) {
    let Some(hz) = std::env::var("HELLO_STREAM_HZ")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|hz| *hz > 0.0)
    else {
        return;
    };
    std::thread::spawn(move || {
        let mut seq: u64 = 0;
        loop {
            seq += 1;
            // The shape and size of one LiveBatch with one sample (about 500 bytes of JSON).
            let value = serde_json::json!({
                "seq": seq,
                "dropped": 0,
                "samples": [{
                    "received_ms": 1_764_650_000_000u64 + seq * 1000,
                    "meter_time": "2026-12-02T08:00:00Z",
                    "power_import_kw": (seq % 97) as f64 / 10.0,
                    "power_export_kw": 0.0,
                    "energy_import_kwh": 12345.678 + seq as f64 / 1000.0,
                    "energy_export_kwh": 2345.678,
                    "energy_import_t1_kwh": 6000.1, "energy_import_t2_kwh": 6345.5,
                    "energy_export_t1_kwh": 1000.2, "energy_export_t2_kwh": 1345.4,
                    "voltage_l1_v": 230.1, "voltage_l2_v": 231.2, "voltage_l3_v": 229.8,
                    "current_l1_a": 1.5, "current_l2_a": 0.7, "current_l3_a": 2.1,
                    "power_l1_kw": 0.3, "power_l2_kw": 0.1, "power_l3_kw": 0.5,
                    "tariff": 1, "boot_id": "3f2a9c1e"
                }]
            });
            if on.send(value).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs_f64(1.0 / hz));
        }
    });
}

fn main() {
    if let Err(e) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![stream])
        .run(tauri::generate_context!())
    {
        eprintln!("hello-window: {e}");
        std::process::exit(1);
    }
}
