//! Every type that crosses to the webview, one file per feature. ts-rs exports each `#[ts(export)]`
//! type to `ui/src/lib/bindings/` when `cargo test` runs; CI fails when the committed copies are stale.
//! Commands (src-tauri/src/commands/) take and return only these types, primitives and `AppError`.

pub mod app;
pub mod discovery;
pub mod errors;
pub mod events;
pub mod history;
pub mod live;
pub mod meters;
pub mod mqtt;
pub mod said;
pub mod settings;
pub mod setup;
pub mod sharing;
pub mod transports;

pub use app::*;
pub use discovery::*;
pub use errors::*;
pub use events::*;
pub use history::*;
pub use live::*;
pub use meters::*;
pub use mqtt::*;
pub use said::*;
pub use settings::*;
pub use setup::*;
pub use sharing::*;
pub use transports::*;
