//! WattDesk without a window: saved meters (registry), their passwords (keychain or private file),
//! discovery, presence checks and the built-in demo meter. `src-tauri` only translates this to IPC.

pub mod app;
pub mod broker;
pub mod demo;
pub mod error;
pub mod feed;
pub mod inspector;
pub mod mapping_guess;
pub mod paths;
pub mod registry;
pub mod secrets;
pub mod session;
pub mod supervisor;
pub mod views;
pub mod views_mqtt;

pub use app::{App, AppOptions, CoreEvent, DemoMode};
pub use error::{AppError, CoreError};
