//! The meter's own settings as the UI sees them: every editable field described once (the catalogue
//! in `settings/catalogue.rs`), a group's current values, a review of edits, what a save did, and the
//! maintenance actions (reboot, firmware, factory reset, backup, SD card).

use super::Said;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// One of the device's settings documents; the name is also the CLI's `GROUP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SettingsGroup {
    /// `/api/v1/settings`
    Device,
    /// `/api/v1/meter/settings`
    Meter,
    /// `/api/v1/wifi/sta/settings`
    Wifi,
    /// `/api/v1/eth/settings`
    Eth,
    /// `/api/v1/mqtt/settings`
    Mqtt,
}

/// Where a field shows in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SettingsSection {
    General,
    Services,
    Meter,
    Wifi,
    Ethernet,
    Mqtt,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// The kind of value a field holds and the device's limits for it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldKind {
    Toggle,
    Text {
        max_len: u32,
        placeholder: String,
    },
    Whole {
        min: f64,
        max: f64,
        unit: String,
    },
    Decimal {
        min: f64,
        max: f64,
        step: f64,
        unit: String,
    },
    Choice {
        options: Vec<ChoiceOption>,
    },
    /// An IPv4 address.
    Address,
    /// Write-only: the device never shows it. An edit sets it; `clear_value` (when present) clears it.
    Secret {
        max_len: u32,
        clear_value: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldSpec {
    /// `group.path`, e.g. `device.services.report_interval` (the CLI's `GROUP.PATH`).
    pub key: String,
    pub group: SettingsGroup,
    pub section: SettingsSection,
    /// Plain words first.
    pub label: String,
    /// What it does, the technical name and the device's rule.
    pub help: String,
    pub kind: FieldKind,
    /// Stored on every licence, active only with PLUS.
    pub plus_only: bool,
    /// Shown under "More settings".
    pub advanced: bool,
}

/// A field's value: `boolean | number | string`, `null` when the device did not send it.
pub type FieldValue = serde_json::Value;

/// Whether a write-only value is stored on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SecretState {
    Set,
    NotSet,
    /// The device does not say (the meter keys).
    Hidden,
}

/// A group as read from the device.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettingsSnapshot {
    pub group: SettingsGroup,
    /// By field key; write-only fields are absent.
    #[ts(type = "Record<string, boolean | number | string | null>")]
    pub values: BTreeMap<String, FieldValue>,
    pub secrets: BTreeMap<String, SecretState>,
}

/// The whole panel: the catalogue and the facts that shape it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettingsPanel {
    pub fields: Vec<FieldSpec>,
    pub groups: Vec<SettingsSnapshot>,
    /// Groups the device would not show, with the reason (`eth` on a unit without Ethernet).
    pub unavailable: Vec<GroupUnavailable>,
    pub plus: bool,
    pub license: Option<String>,
    /// The device password is set and enforced.
    pub protected: bool,
    /// Powered by the meter (no USB): shorter intervals, Wi-Fi boost and Ethernet cost power.
    pub meter_powered: bool,
    /// The Ethernet link is up (power saving is refused meanwhile).
    pub ethernet_up: bool,
    pub upgrade_capable: bool,
    pub firmware: String,
    /// The Wi-Fi link as the device reports it now (`null` when it says nothing about Wi-Fi).
    pub wifi_link: Option<WifiLink>,
}

/// The network the reader is on, from `/api/v1/system` `.wifi`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct WifiLink {
    pub ssid: Option<String>,
    /// 0 (none) to 4 bars.
    pub bars: u8,
    pub rssi_dbm: Option<i32>,
    pub ip: Option<String>,
    /// `STA` on a network, `AP` on its own.
    pub mode: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GroupUnavailable {
    pub group: SettingsGroup,
    pub reason: String,
}

/// Edits to one group. `base` is what the UI read (for conflict detection), `edits` the new values
/// by field key. Secrets travel only in `edits`.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SettingsEditRequest {
    pub group: SettingsGroup,
    #[ts(type = "Record<string, boolean | number | string | null>")]
    pub base: BTreeMap<String, FieldValue>,
    #[ts(type = "Record<string, boolean | number | string | null>")]
    pub edits: BTreeMap<String, FieldValue>,
    /// Write even though the device's values changed since `base` was read.
    #[serde(default)]
    pub force: bool,
}

/// What the device said about itself when the panel was read (for checks without asking it again).
#[derive(Debug, Clone, Copy, Default, Deserialize, TS)]
#[ts(export)]
pub struct SettingsFacts {
    pub plus: bool,
    pub meter_powered: bool,
    pub ethernet_up: bool,
}

/// One field that differs. Write-only fields carry no values, only `secret_action`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub key: String,
    pub label: String,
    #[ts(type = "boolean | number | string | null")]
    pub before: FieldValue,
    #[ts(type = "boolean | number | string | null")]
    pub after: FieldValue,
    /// `set` or `clear` for a write-only field.
    pub secret_action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    /// The field key, or `null` for a problem of the whole group.
    pub key: Option<String>,
    /// In English, with the field's name in front where it is the field's own rule (for the CLI).
    pub message: String,
    /// The sentence without the field's name, for the window to say in the user's language (it
    /// shows it beside the field, or puts the field's name in front); `null` for a message the
    /// backend has only in English (the device's own).
    pub said: Option<Said>,
}

/// Advice about a field (`key`) or the whole group that does not stop the save.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldNote {
    /// The field whose name goes in front of the sentence ("Topic: stored, but idle …"); `null`
    /// for a note that reads on its own.
    pub key: Option<String>,
    /// In English, for the CLI.
    pub message: String,
    /// As in [`FieldProblem::said`].
    pub said: Option<Said>,
}

/// What a save would do, checked against the device's values now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettingsReview {
    pub changes: Vec<FieldChange>,
    pub problems: Vec<FieldProblem>,
    /// Fields the device changed since they were read (`before`: read, `after`: now).
    pub conflicts: Vec<FieldChange>,
    /// Advice that is not an error (power on a meter-powered unit, PLUS-only services).
    pub notes: Vec<FieldNote>,
    /// The request body's size; the device takes at most 8 kB.
    pub body_bytes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum SettingsSaved {
    /// Sent and read back. `different`: fields that did not read back as sent, or that the device
    /// changed on its own (`before`: what was sent or read, `after`: what the device now says).
    Saved {
        sent: Vec<FieldChange>,
        read_back: SettingsSnapshot,
        different: Vec<FieldChange>,
    },
    /// Nothing was sent: a value breaks a rule.
    Invalid { problems: Vec<FieldProblem> },
    /// Nothing was sent: the device's values changed since they were read.
    Conflict { conflicts: Vec<FieldChange> },
    /// The device refused the values (400); `key` is the field its message names, when it names one.
    Refused {
        key: Option<String>,
        message: String,
    },
    /// No field differs from the device's values.
    NothingToSave,
}

/// Set, change or remove the device password. `None` removes it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PasswordChangeRequest {
    #[ts(type = "string | null")]
    pub new_password: Option<whatwatt::Secret>,
}

/// After a reboot or firmware update: how long the device was away and how it came back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RestartReport {
    /// Seconds from the request until the device answered again.
    pub downtime_s: f64,
    /// The report's `boot_id` before and after (PLUS), else `null`.
    pub boot_id_before: Option<String>,
    pub boot_id_after: Option<String>,
    pub firmware_before: String,
    pub firmware_after: String,
    /// The device's answer to the upload, if any.
    pub message: Option<String>,
}

/// Progress of a firmware upload, pushed on the command's channel.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "stage", rename_all = "snake_case")]
#[ts(export)]
pub enum FirmwareProgress {
    Uploading { sent: f64, total: f64 },
    Restarting,
}

/// Every setting that can be read back, as a file (`wattdesk-settings` v1). Write-only values are not
/// in it: `secrets_not_included` lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingsBackup {
    pub format: String,
    pub version: u32,
    pub device_id: String,
    pub model: String,
    pub firmware: String,
    pub taken_at: String,
    /// By group name: the device's documents as it sent them.
    #[ts(type = "Record<string, unknown>")]
    pub groups: BTreeMap<String, serde_json::Value>,
    /// Custom scalers (`/api/v1/meter/scalers/custom`).
    #[ts(type = "Array<{ obis: string, scaler: number | null }>")]
    pub custom_scalers: Vec<whatwatt::models::scalers::Scaler>,
    pub secrets_not_included: Vec<String>,
}

/// Restore a backup. `secrets`: write-only values to set too (by field key); the others stay as the
/// device has them.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RestoreRequest {
    pub backup: SettingsBackup,
    #[ts(type = "Record<string, string>")]
    #[serde(default)]
    pub secrets: BTreeMap<String, whatwatt::Secret>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    /// Groups written.
    pub restored: Vec<SettingsGroup>,
    /// Groups left alone, with why.
    pub skipped: Vec<GroupUnavailable>,
    /// Write-only fields set from the request.
    pub secrets_set: Vec<String>,
    /// Write-only fields left as the device has them.
    pub secrets_unchanged: Vec<String>,
    /// Fields that did not read back as in the backup.
    pub different: Vec<FieldChange>,
}

/// A factory reset done: where the automatic backup went.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FactoryResetReport {
    pub backup_path: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SdEntry {
    pub name: String,
    /// Path from the card's root; directories end with `/`.
    pub path: String,
    pub is_dir: bool,
    pub size: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SdListing {
    pub path: String,
    pub entries: Vec<SdEntry>,
}

/// One power-of-ten scaler for an OBIS register in short `C.D.E` form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScalerRow {
    pub obis: String,
    pub scaler: i32,
}

/// The meter's scalers: those in use (DLMS meters, firmware 1.2.15+) and the custom list used when
/// `scalers_set` is `custom`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScalersView {
    pub current: Vec<ScalerRow>,
    /// Why `current` is empty when the device does not list them (not a DLMS meter, older firmware).
    pub current_note: Option<String>,
    pub custom: Vec<ScalerRow>,
    /// The meter settings' `scalers_set` (`default`, `custom`, `lge570`).
    pub scalers_set: Option<String>,
}
