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

/// A list field that may also arrive as `null`: read as empty, like every other absent value (an absent
/// list is already empty through the containers' `#[serde(default)]`).
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<Vec<T>> as serde::Deserialize>::deserialize(d).map(Option::unwrap_or_default)
}
