//! Every IPC command, grouped by feature. These `#[tauri::command]` functions are the one list of
//! commands: `build.rs` reads them and generates the handler list for `main.rs`, the permissions of
//! the app manifest, `capabilities/main.json` and the UI's typed `ui/src/lib/commands.gen.ts`.
//! A command takes and returns only `wattdesk_core::ipc` types and primitives, fails with
//! `AppError` (`{code, message}`) and does nothing but call the core.

pub mod app;
pub mod brokers;
pub mod desktop;
pub mod device_mqtt;
pub mod discovery;
pub mod history;
pub mod live;
pub mod meters;
pub mod settings;
pub mod setup;
pub mod sharing;

/// What a fallible command returns; `?` turns any core error into `{code, message}`.
pub type Out<T> = Result<T, wattdesk_core::AppError>;
