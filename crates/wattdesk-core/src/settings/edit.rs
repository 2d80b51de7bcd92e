//! Read → edit → review → save → read back. The device's POST replaces a whole group and resets what
//! it omits, so WattDesk only ever PUTs the fields that differ from the device's values now. Before
//! writing, the group is read again: values that changed since the user read them (another app, the
//! device's own web page) stop the save until the user reloads or insists. After writing, the group is
//! read back and every field that is not as sent, or that the device changed by itself, is reported.

use super::catalogue::{find, group_name, of_group, Field, Kind, Secret as SecretKind, FIELDS};
use super::document::{self, same};
use super::rules::{self, Facts};
use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::*;
use serde_json::Value;
use std::collections::BTreeMap;
use whatwatt::models::system::SystemInfo;
use whatwatt::Client;

/// The device takes request bodies of at most 8 kB (docs: rest-conventions).
pub const MAX_BODY: usize = whatwatt::rest::MAX_BODY_BYTES;

/// What a save of `req` would send, worked out against the device's values `now`.
struct Plan {
    changes: Vec<FieldChange>,
    values: BTreeMap<String, FieldValue>,
    problems: Vec<FieldProblem>,
    conflicts: Vec<FieldChange>,
    notes: Vec<FieldNote>,
    body: Value,
}

pub fn facts(sys: &SystemInfo) -> Facts {
    Facts {
        ethernet_up: crate::setup::run::wired(sys),
        meter_powered: crate::setup::run::meter_powered(sys),
        plus: sys.is_plus(),
    }
}

fn change(f: &Field, before: FieldValue, after: FieldValue) -> FieldChange {
    let secret_action = f.is_secret().then(|| {
        let clear = after.as_str().is_some_and(|s| {
            s.is_empty()
                || (f.kind == Kind::Secret(SecretKind::MeterKey) && s.chars().all(|c| c == '0'))
        });
        if clear { "clear" } else { "set" }.to_owned()
    });
    let (before, after) = if f.is_secret() {
        (Value::Null, Value::Null)
    } else {
        (before, after)
    };
    FieldChange {
        key: f.key(),
        label: f.label.to_owned(),
        before,
        after,
        secret_action,
    }
}

fn plan(req: &SettingsEditRequest, now: &SettingsSnapshot, facts: Facts) -> Plan {
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let mut values = BTreeMap::new();
    let mut merged = now.values.clone();
    let mut edited = BTreeMap::new();
    for (key, raw) in &req.edits {
        let Some(f) = find(key).filter(|f| f.group == req.group) else {
            problems.push(FieldProblem {
                key: Some(key.clone()),
                message: format!(
                    "{key} is not a setting of the {} group WattDesk edits",
                    group_name(req.group)
                ),
                // Only a script sends an unknown key; the window lists the fields it may send.
                said: None,
            });
            continue;
        };
        let value = match rules::check(f, raw) {
            Ok(v) => v,
            Err(said) => {
                problems.push(FieldProblem {
                    key: Some(key.clone()),
                    message: format!("{}: {said}", f.label),
                    said: Some(said),
                });
                continue;
            }
        };
        let before = now.values.get(key).cloned().unwrap_or(Value::Null);
        if f.is_secret() || !same(&before, &value) {
            changes.push(change(f, before, value.clone()));
            values.insert(key.clone(), value.clone());
            edited.insert(key.clone(), value.clone());
        }
        merged.insert(key.clone(), value);
    }
    let (more, notes) = rules::across(req.group, &merged, &edited, facts);
    // A field already wrong by its own rule gets that message only.
    let own: Vec<Option<String>> = problems.iter().map(|p| p.key.clone()).collect();
    problems.extend(
        more.into_iter()
            .filter(|p| p.key.is_none() || !own.contains(&p.key)),
    );
    let conflicts = req
        .base
        .iter()
        .filter_map(|(key, read)| {
            let f = find(key).filter(|f| f.group == req.group && !f.is_secret())?;
            let current = now.values.get(key).cloned().unwrap_or(Value::Null);
            (!same(read, &current)).then(|| change(f, read.clone(), current))
        })
        .collect();
    let body = document::partial_body(req.group, &values);
    let len = whatwatt::reveal(|| document::body_len(&body)).0;
    if len > MAX_BODY {
        let said = Said::new(
            "ds_rule_too_large",
            &[("bytes", &len.to_string()), ("max", &MAX_BODY.to_string())],
        );
        problems.push(FieldProblem {
            key: None,
            message: said.to_string(),
            said: Some(said),
        });
    }
    Plan {
        changes,
        values,
        problems,
        conflicts,
        notes,
        body,
    }
}

/// The field a device's 400 message names (`"report_interval out of range"`), if it names one.
fn named_field(g: SettingsGroup, message: &str) -> Option<String> {
    let m = message.to_ascii_lowercase();
    of_group(g)
        .filter(|f| {
            let last = f.path.rsplit('.').next().unwrap_or(f.path);
            m.contains(&f.path.to_ascii_lowercase()) || m.contains(last)
        })
        .max_by_key(|f| f.path.len())
        .map(Field::key)
}

/// The fields of `after` that are not as `wanted` (sent) or that moved from `before` by themselves.
fn differences(
    before: &SettingsSnapshot,
    wanted: &BTreeMap<String, FieldValue>,
    after: &SettingsSnapshot,
) -> Vec<FieldChange> {
    after
        .values
        .iter()
        .filter_map(|(key, got)| {
            let f = find(key)?;
            let expected = wanted
                .get(key)
                .or_else(|| before.values.get(key))
                .cloned()
                .unwrap_or(Value::Null);
            (!same(&expected, got)).then(|| change(f, expected, got.clone()))
        })
        .collect()
}

async fn group_now(client: &Client, g: SettingsGroup) -> Result<SettingsSnapshot> {
    Ok(document::snapshot(g, &document::read(client, g).await?))
}

/// Everything the settings panel shows: the catalogue, each group's values, and the device facts
/// that shape the advice.
pub async fn panel(client: &Client) -> Result<SettingsPanel> {
    let sys = client.system().await?;
    let mut groups = Vec::new();
    let mut unavailable = Vec::new();
    let mut protected = false;
    for g in super::catalogue::GROUPS {
        match document::read(client, g).await {
            Ok(doc) => {
                if g == SettingsGroup::Device {
                    protected = document::get_path(&doc, "system.protection")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                }
                groups.push(document::snapshot(g, &doc));
            }
            Err(e @ (whatwatt::Error::NotFound(_) | whatwatt::Error::LicenseRequired)) => {
                unavailable.push(GroupUnavailable {
                    group: g,
                    reason: format!("the device does not offer these settings ({e})"),
                })
            }
            Err(e) => return Err(e.into()),
        }
    }
    let f = facts(&sys);
    Ok(SettingsPanel {
        fields: FIELDS.iter().map(spec).collect(),
        groups,
        unavailable,
        plus: f.plus,
        license: sys.device.license.as_ref().and_then(|l| l.kind.clone()),
        protected,
        meter_powered: f.meter_powered,
        ethernet_up: f.ethernet_up,
        upgrade_capable: sys.device.upgrade_capable.unwrap_or(false),
        firmware: sys.device.firmware.clone().unwrap_or_default(),
        wifi_link: sys.wifi.as_ref().map(|w| WifiLink {
            ssid: w.ssid.clone().filter(|s| !s.is_empty()),
            bars: crate::setup::scan::bars(w.rssi),
            rssi_dbm: w.rssi,
            ip: w.ip.clone(),
            mode: w.mode.clone(),
            status: w.status.clone(),
        }),
    })
}

/// The networks the reader sees, as the setup wizard lists them (strongest first, one per name).
pub async fn wifi_networks(client: &Client) -> Result<Vec<WifiChoice>> {
    Ok(crate::setup::scan::choices(&client.wifi_scan().await?))
}

/// One group's values as the device has them now.
pub async fn group(client: &Client, g: SettingsGroup) -> Result<SettingsSnapshot> {
    group_now(client, g).await
}

/// The rules as the user types, without asking the device (a reader on the meter's power must not be
/// asked at every key press): changes against `base`, problems and advice. Conflicts need the device:
/// [`review`].
pub fn check(req: &SettingsEditRequest, f: SettingsFacts) -> SettingsReview {
    let base = SettingsSnapshot {
        group: req.group,
        values: req.base.clone(),
        secrets: BTreeMap::new(),
    };
    let p = plan(
        req,
        &base,
        Facts {
            ethernet_up: f.ethernet_up,
            meter_powered: f.meter_powered,
            plus: f.plus,
        },
    );
    let len = whatwatt::reveal(|| document::body_len(&p.body)).0;
    SettingsReview {
        changes: p.changes,
        problems: p.problems,
        conflicts: Vec::new(),
        notes: p.notes,
        body_bytes: u32::try_from(len).unwrap_or(u32::MAX),
    }
}

/// What saving `req` would do, without sending anything: the changes, broken rules, values that
/// changed on the device since `base`, advice, and the body's size.
pub async fn review(client: &Client, req: &SettingsEditRequest) -> Result<SettingsReview> {
    let sys = client.system().await?;
    let now = group_now(client, req.group).await?;
    let p = plan(req, &now, facts(&sys));
    let len = whatwatt::reveal(|| document::body_len(&p.body)).0;
    Ok(SettingsReview {
        changes: p.changes,
        problems: p.problems,
        conflicts: p.conflicts,
        notes: p.notes,
        body_bytes: u32::try_from(len).unwrap_or(u32::MAX),
    })
}

/// Saves the edits of one group: checks, conflict detection, PUT of the changed fields only, read
/// back. The caller hands a client for the device that proved to be the one meant (the body may
/// carry a key or password).
pub async fn save(client: &Client, req: &SettingsEditRequest) -> Result<SettingsSaved> {
    let sys = client.system().await?;
    let now = group_now(client, req.group).await?;
    let p = plan(req, &now, facts(&sys));
    if !p.problems.is_empty() {
        return Ok(SettingsSaved::Invalid {
            problems: p.problems,
        });
    }
    if !p.conflicts.is_empty() && !req.force {
        return Ok(SettingsSaved::Conflict {
            conflicts: p.conflicts,
        });
    }
    if p.changes.is_empty() {
        return Ok(SettingsSaved::NothingToSave);
    }
    match document::write(client, req.group, p.body).await {
        Ok(()) => {}
        Err(CoreError::Device(whatwatt::Error::BadRequest(message))) => {
            return Ok(SettingsSaved::Refused {
                key: named_field(req.group, &message),
                message,
            });
        }
        Err(e) => return Err(e),
    }
    let secret_keys: Vec<&str> = p
        .changes
        .iter()
        .filter(|c| c.secret_action.is_some())
        .map(|c| c.key.as_str())
        .collect();
    tracing::info!(
        "saved {} ({} fields{})",
        group_name(req.group),
        p.changes.len(),
        if secret_keys.is_empty() {
            String::new()
        } else {
            format!(", write-only: {}", secret_keys.join(", "))
        }
    );
    let read_back = group_now(client, req.group).await?;
    let different = differences(&now, &p.values, &read_back);
    Ok(SettingsSaved::Saved {
        sent: p.changes,
        read_back,
        different,
    })
}

impl App {
    pub async fn settings_panel(&self, device_id: &str) -> Result<SettingsPanel> {
        panel(&self.device_client(device_id)?).await
    }

    pub async fn settings_wifi_networks(&self, device_id: &str) -> Result<Vec<WifiChoice>> {
        wifi_networks(&self.device_client(device_id)?).await
    }

    pub async fn settings_group(
        &self,
        device_id: &str,
        g: SettingsGroup,
    ) -> Result<SettingsSnapshot> {
        group(&self.device_client(device_id)?, g).await
    }

    pub async fn settings_review(
        &self,
        device_id: &str,
        req: &SettingsEditRequest,
    ) -> Result<SettingsReview> {
        review(&self.device_client(device_id)?, req).await
    }

    /// [`save`] to the saved meter, once it proved to be it; what WattDesk keeps about the meter
    /// follows (its network name).
    pub async fn settings_save(
        &self,
        device_id: &str,
        req: &SettingsEditRequest,
    ) -> Result<SettingsSaved> {
        let saved = save(&self.verified_client(device_id).await?, req).await?;
        if let SettingsSaved::Saved { sent, .. } = &saved {
            let host = sent
                .iter()
                .find(|c| c.key == "device.system.host_name")
                .and_then(|c| c.after.as_str());
            if let Some(h) = host {
                let h = h.to_owned();
                if let Err(e) = self.update_meter(device_id, |m| m.host_name = Some(h.clone())) {
                    tracing::warn!("could not save the new network name: {e}");
                }
                self.meters_changed();
            }
        }
        Ok(saved)
    }
}

/// The catalogue entry as the UI reads it.
pub fn spec(f: &Field) -> FieldSpec {
    let kind = match f.kind {
        Kind::Toggle => FieldKind::Toggle,
        Kind::Text { max, rule } => FieldKind::Text {
            max_len: max as u32,
            placeholder: match rule {
                super::catalogue::Text::HostOrIp => "pool.ntp.org",
                super::catalogue::Text::MqttUrl => "mqtt://192.168.1.10:1883",
                super::catalogue::Text::HostName => "whatwatt_9F8124",
                _ => "",
            }
            .to_owned(),
        },
        Kind::Whole { min, max, unit } => FieldKind::Whole {
            min: min as f64,
            max: max as f64,
            unit: unit.to_owned(),
        },
        Kind::Decimal {
            min,
            max,
            step,
            unit,
        } => FieldKind::Decimal {
            min,
            max,
            step,
            unit: unit.to_owned(),
        },
        Kind::Choice(options) => FieldKind::Choice {
            options: options
                .iter()
                .map(|(v, l)| ChoiceOption {
                    value: (*v).to_owned(),
                    label: (*l).to_owned(),
                })
                .collect(),
        },
        Kind::Address => FieldKind::Address,
        Kind::Secret(s) => FieldKind::Secret {
            max_len: match s {
                SecretKind::MeterKey => 47,
                SecretKind::WifiPassword => 64,
                SecretKind::MqttPassword => 63,
            },
            clear_value: match s {
                SecretKind::MeterKey => Some("0".repeat(32)),
                SecretKind::MqttPassword => Some(String::new()),
                SecretKind::WifiPassword => None,
            },
        },
    };
    FieldSpec {
        key: f.key(),
        group: f.group,
        section: f.section,
        label: f.label.to_owned(),
        help: f.help.to_owned(),
        kind,
        plus_only: f.plus_only,
        advanced: f.advanced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_message_names_its_field() {
        assert_eq!(
            named_field(
                SettingsGroup::Device,
                "services.report_interval must be 1..3600"
            )
            .as_deref(),
            Some("device.services.report_interval")
        );
        assert_eq!(
            named_field(SettingsGroup::Device, "invalid host_name").as_deref(),
            Some("device.system.host_name")
        );
        assert_eq!(named_field(SettingsGroup::Device, "something else"), None);
    }

    fn snap(values: &[(&str, Value)]) -> SettingsSnapshot {
        SettingsSnapshot {
            group: SettingsGroup::Device,
            values: values
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            secrets: BTreeMap::new(),
        }
    }

    #[test]
    fn what_did_not_read_back_as_sent_or_moved_by_itself_is_reported() {
        use serde_json::json;
        let before = snap(&[
            ("device.system.use_custom_ntp_server", json!(false)),
            ("device.system.custom_ntp_server", json!("")),
            ("device.system.name", json!("A")),
        ]);
        let sent: BTreeMap<String, Value> = [
            (
                "device.system.use_custom_ntp_server".to_owned(),
                json!(true),
            ),
            (
                "device.system.custom_ntp_server".to_owned(),
                json!("ntp.lan"),
            ),
        ]
        .into();
        // The device dropped the server and switched its use off; someone renamed it meanwhile.
        let after = snap(&[
            ("device.system.use_custom_ntp_server", json!(false)),
            ("device.system.custom_ntp_server", json!("")),
            ("device.system.name", json!("B")),
        ]);
        let d = differences(&before, &sent, &after);
        let keys: Vec<&str> = d.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "device.system.custom_ntp_server",
                "device.system.name",
                "device.system.use_custom_ntp_server"
            ]
        );
        assert_eq!(d[0].before, json!("ntp.lan"));
        assert_eq!(d[0].after, json!(""));
        assert!(differences(&after, &BTreeMap::new(), &after).is_empty());
    }

    /// A PLUS reader on the meter's power with a network cable in.
    const POWERED_BY_THE_METER_WITH_A_CABLE: SettingsFacts = SettingsFacts {
        plus: true,
        meter_powered: true,
        ethernet_up: true,
    };

    fn device_edits(
        base: &BTreeMap<String, FieldValue>,
        edits: &[(&str, serde_json::Value)],
    ) -> SettingsEditRequest {
        SettingsEditRequest {
            group: SettingsGroup::Device,
            base: base.clone(),
            edits: edits
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            force: false,
        }
    }

    #[test]
    fn the_check_as_you_type_needs_no_device() {
        use serde_json::json;
        let base = snap(&[
            ("device.services.report_interval", json!(30)),
            ("device.system.power_save", json!(false)),
        ]);
        let req = device_edits(
            &base.values,
            &[
                ("device.services.report_interval", json!(5)),
                ("device.system.power_save", json!(true)),
            ],
        );
        let r = check(&req, POWERED_BY_THE_METER_WITH_A_CABLE);
        assert_eq!(r.changes.len(), 2);
        assert_eq!(r.problems.len(), 1, "{r:?}");
        assert_eq!(
            r.problems[0].key.as_deref(),
            Some("device.system.power_save")
        );
        assert!(
            r.notes.iter().any(|n| n.message.contains("30 s or more")),
            "{r:?}"
        );
        let calm = check(&req, SettingsFacts::default());
        assert!(
            calm.problems.is_empty() && calm.notes.is_empty(),
            "{calm:?}"
        );
    }

    #[test]
    fn problems_and_notes_travel_by_key_for_the_window_to_word() {
        use crate::i18n::t;
        use serde_json::json;
        let req = device_edits(
            &BTreeMap::new(),
            &[
                ("device.services.report_interval", json!(0)),
                ("device.system.power_save", json!(true)),
                ("device.system.p1_wifi_boost", json!(true)),
            ],
        );
        let r = check(&req, POWERED_BY_THE_METER_WITH_A_CABLE);
        let own = r
            .problems
            .iter()
            .find(|p| p.key.as_deref() == Some("device.services.report_interval"))
            .expect("the interval's own rule");
        let said = own.said.as_ref().expect("a rule has its sentence by key");
        assert_eq!(said.key, "rule_range_unit");
        // The English message is the field's label and the same sentence (the CLI prints it).
        assert_eq!(own.message, format!("Report every: {said}"));
        assert_eq!(said.to_string(), "1 to 3600 s, not 0");
        let args: Vec<(&str, &str)> = said
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(t(Language::De, &said.key, &args), "1 bis 3600 s, nicht 0");
        let across = r
            .problems
            .iter()
            .find(|p| p.key.as_deref() == Some("device.system.power_save"))
            .and_then(|p| p.said.as_ref())
            .expect("a rule between fields has its sentence by key");
        assert_eq!(across.key, "ds_rule_power_save_cable");
        let notes: Vec<&str> = r
            .notes
            .iter()
            .filter_map(|n| n.said.as_ref().map(|s| s.key.as_str()))
            .collect();
        assert_eq!(notes, ["ds_note_wifi_boost"], "{r:?}");
        // A value the setup rules refuse reaches the window as an error with its sentence.
        let e: AppError = crate::setup::rules::device_name(&"n".repeat(40))
            .expect_err("too long")
            .into();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let said = e.said.expect("the rule's sentence");
        assert_eq!(said.key, "rule_device_name_long");
        assert_eq!(e.message, said.to_string());
        assert!(e.message.contains("this one has 40"), "{}", e.message);
    }

    #[test]
    fn every_key_is_unique_and_found() {
        let mut keys: Vec<String> = FIELDS.iter().map(Field::key).collect();
        for k in &keys {
            assert!(find(k).is_some(), "{k}");
        }
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
    }
}
