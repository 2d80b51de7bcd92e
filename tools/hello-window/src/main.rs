//! A window showing one static page, nothing else: the baseline of what a Tauri window costs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("hello-window: {e}");
        std::process::exit(1);
    }
}
