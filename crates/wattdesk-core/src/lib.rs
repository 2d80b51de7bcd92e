//! WattDesk without a window: saved meters (registry), their passwords (keychain or private file),
//! discovery, one live session per meter, the built-in demo meter. `src-tauri` and `wattdesk-cli`
//! only translate this to IPC or a terminal. `docs/ARCHITECTURE.md` maps the rooms.

pub mod alerts;
pub mod app;
pub mod demo;
pub mod error;
pub mod files;
pub mod gateway;
pub mod i18n;
pub mod ipc;
pub mod live;
pub mod mapping_guess;
pub mod paths;
pub mod preferences;
pub mod registry;
pub mod secrets;
pub mod settings;
pub mod setup;
pub mod store;

pub use app::{App, AppOptions, CoreEvent, DemoMode, TrayMeter, TraySummary, TrayValue};
pub use error::{AppError, CoreError, ErrorCode};
