//! Decoding what a device publishes over MQTT into a [`Reading`](crate::Reading). The payload is
//! whatever the device's template renders (docs: 30-mqtt/template.md), so decoding is driven by a field
//! mapping: [`Mapping::wattdesk`] for WattDesk's own template ([`WATTDESK_TEMPLATE`]),
//! [`Mapping::home_assistant`] for the vendor Home Assistant integration's flat, all-strings template
//! ([`HOME_ASSISTANT_TEMPLATE`]), or a mapping the user confirmed for any other JSON template.
//! [`PayloadFormat::detect`] (or [`Mapping::detect`]) recognises the two built-in layouts from a payload's
//! keys, for when nobody said which one a topic carries.
//!
//! Values may be numbers or numeric strings; missing, empty or `"null"` values are absent; times are
//! Unix seconds or ISO-8601 text. [`decode`] keeps what it can read: a field it cannot read is listed in
//! [`Decoded::bad_fields`] and the reading goes on without it. Bad payloads are errors, never panics.

mod decode;
mod format;
mod mapping;

pub use decode::{decode, BadField, Decoded};
pub use format::PayloadFormat;
pub use mapping::{Mapping, Quantity, HOME_ASSISTANT_TEMPLATE, WATTDESK_TEMPLATE};

/// Payloads larger than this are refused (a rendered template is at most a few kB).
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024;

#[cfg(test)]
mod tests;
