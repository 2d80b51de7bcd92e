//! Typed payloads of every documented endpoint. Decoding is lenient about spelling (see [`crate::lenient`])
//! and about absence (every measurement is optional), and ignores unknown fields added by newer firmware.

pub mod eth;
pub mod live;
pub mod meter_settings;
pub mod mqtt_settings;
pub mod report;
pub mod scalers;
pub mod sdcard;
pub mod settings;
pub mod system;
pub mod variables;
pub mod wifi;
