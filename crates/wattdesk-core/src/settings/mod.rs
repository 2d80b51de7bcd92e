//! The meter's own settings (docs: 50-settings): one catalogue of every field WattDesk edits, the
//! rules checked before sending, read → review → PUT of the changed fields → read back, the device
//! password, backup and restore, reboot, firmware, factory reset and the SD card.
//!
//! Doc conflicts settled here:
//! - POST replaces a group and resets what it omits (settings.md) while rest-conventions.md calls a
//!   missing field a 400: WattDesk never POSTs a settings group; it PUTs the changed fields only.
//! - `system.host_name` is "length 0..31" in the table and "1..31 valid host name" elsewhere: the
//!   device takes an empty one (it then uses its default), so empty is allowed.
//! - Wi-Fi transmit power: `max_tx_power` (docs, device) is written; `max_power` (OpenAPI) is read.

pub mod backup;
pub mod catalogue;
pub mod document;
pub mod edit;
pub mod maintenance;
pub mod password;
pub mod rules;
pub mod scalers;
pub mod sdcard;
