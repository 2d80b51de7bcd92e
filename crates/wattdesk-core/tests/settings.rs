//! The meter's settings against the simulator: each group round-trips with only the changed field
//! sent, rules refuse bad values before anything is sent, a change made elsewhere is caught, the
//! password changes under a live session, backup → factory reset → restore, reboot, firmware with
//! progress, and the SD card.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use wattdesk_core::ipc::*;
use wattdesk_core::{App, DemoMode, ErrorCode};
use whatwatt::Secret;
use whatwatt_sim::{License, SimConfig, SimDevice};

async fn app_with(cfg: SimConfig) -> (tempfile::TempDir, App, SimDevice) {
    let dev = spawn(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    dev.take_config_writes();
    (dir, app, dev)
}

fn edit(
    group: SettingsGroup,
    base: &SettingsSnapshot,
    edits: &[(&str, Value)],
) -> SettingsEditRequest {
    SettingsEditRequest {
        group,
        base: base.values.clone(),
        edits: edits
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        force: false,
    }
}

async fn save_one(
    app: &App,
    dev: &SimDevice,
    group: SettingsGroup,
    key: &str,
    value: Value,
) -> SettingsSnapshot {
    let id = dev.id();
    let base = app.settings_group(id, group).await.unwrap();
    assert_ne!(base.values[key], value, "{key} starts at another value");
    let saved = app
        .settings_save(id, &edit(group, &base, &[(key, value.clone())]))
        .await
        .unwrap();
    let SettingsSaved::Saved {
        sent,
        read_back,
        different,
    } = saved
    else {
        panic!("{key}: not saved: {saved:?}");
    };
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].key, key);
    assert!(different.is_empty(), "{key}: {different:?}");
    assert_eq!(read_back.values[key], value, "{key} reads back");
    read_back
}

#[tokio::test]
async fn every_group_round_trips_sending_only_the_changed_field() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let cases = [
        (
            SettingsGroup::Device,
            "device.services.report_interval",
            json!(12),
            "/api/v1/settings",
            json!({"services": {"report_interval": 12}}),
        ),
        (
            SettingsGroup::Device,
            "device.system.name",
            json!("Kitchen"),
            "/api/v1/settings",
            json!({"system": {"name": "Kitchen"}}),
        ),
        (
            SettingsGroup::Meter,
            "meter.scalers_set",
            json!("lge570"),
            "/api/v1/meter/settings",
            json!({"scalers_set": "lge570"}),
        ),
        (
            SettingsGroup::Wifi,
            "wifi.max_tx_power",
            json!(15.0),
            "/api/v1/wifi/sta/settings",
            json!({"max_tx_power": 15.0}),
        ),
        (
            SettingsGroup::Eth,
            "eth.enable",
            json!(false),
            "/api/v1/eth/settings",
            json!({"enable": false}),
        ),
        (
            SettingsGroup::Mqtt,
            "mqtt.client_id",
            json!("kitchen-meter"),
            "/api/v1/mqtt/settings",
            json!({"client_id": "kitchen-meter"}),
        ),
    ];
    for (group, key, value, path, body) in cases {
        save_one(&app, &dev, group, key, value).await;
        let writes = dev.take_config_writes();
        assert_eq!(writes.len(), 1, "{key}: {writes:?}");
        assert_eq!(
            writes[0].method, "PUT",
            "{key}: never a POST, which resets the rest"
        );
        assert_eq!(writes[0].path, path);
        assert_eq!(writes[0].body, body, "{key}: only the changed field");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn documented_ranges_and_formats_are_refused_before_sending() {
    let (_d, app, dev) = app_with(SimConfig {
        ethernet: true,
        ..sim(License::Plus, 0.2)
    })
    .await;
    let id = dev.id();
    let cases: &[(SettingsGroup, &str, Value, &str)] = &[
        (
            SettingsGroup::Device,
            "device.services.report_interval",
            json!(0),
            "1 to 3600",
        ),
        (
            SettingsGroup::Device,
            "device.services.report_interval",
            json!(3601),
            "1 to 3600",
        ),
        (
            SettingsGroup::Device,
            "device.services.report_interval",
            json!(2.5),
            "whole number",
        ),
        (
            SettingsGroup::Device,
            "device.services.sd.frequency",
            json!(1441),
            "1 to 1440",
        ),
        (
            SettingsGroup::Device,
            "device.services.modbus.port",
            json!(70000),
            "1 to 65535",
        ),
        (
            SettingsGroup::Device,
            "device.system.name",
            json!("x".repeat(32)),
            "at most 31",
        ),
        (
            SettingsGroup::Device,
            "device.system.host_name",
            json!("my meter!"),
            "not a network name",
        ),
        (
            SettingsGroup::Device,
            "device.system.custom_ntp_server",
            json!("time server"),
            "not a host name",
        ),
        (
            SettingsGroup::Device,
            "device.system.power_save",
            json!(true),
            "network cable",
        ),
        (
            SettingsGroup::Meter,
            "meter.conv_factor",
            json!(0),
            "0.001 to 1000",
        ),
        (
            SettingsGroup::Meter,
            "meter.baudrate",
            json!(200),
            "300 to 115200",
        ),
        (
            SettingsGroup::Meter,
            "meter.parity",
            json!("mark"),
            "not one of",
        ),
        (
            SettingsGroup::Meter,
            "meter.encryption_key",
            json!("1234"),
            "32 hexadecimal",
        ),
        (
            SettingsGroup::Wifi,
            "wifi.max_tx_power",
            json!(21.5),
            "0 to 21",
        ),
        (
            SettingsGroup::Wifi,
            "wifi.max_tx_power",
            json!(10.3),
            "steps of 0.5",
        ),
        (
            SettingsGroup::Wifi,
            "wifi.name",
            json!("Neighbours"),
            "password",
        ),
        (
            SettingsGroup::Eth,
            "eth.ip",
            json!("192.168.1.300"),
            "not an address",
        ),
        (
            SettingsGroup::Mqtt,
            "mqtt.url",
            json!("http://broker"),
            "mqtt://",
        ),
        (
            SettingsGroup::Device,
            "meter.if_type",
            json!("p1"),
            "not a setting of the device group",
        ),
    ];
    for (group, key, value, says) in cases {
        let base = app.settings_group(id, *group).await.unwrap();
        let req = edit(*group, &base, &[(key, value.clone())]);
        let review = app.settings_review(id, &req).await.unwrap();
        let p = review
            .problems
            .iter()
            .find(|p| p.key.as_deref() == Some(*key) || p.key.as_deref() == Some("wifi.password"))
            .unwrap_or_else(|| panic!("{key}={value}: no problem in {review:?}"));
        assert!(p.message.contains(says), "{key}={value}: {:?}", p.message);
        let saved = app.settings_save(id, &req).await.unwrap();
        assert!(
            matches!(saved, SettingsSaved::Invalid { .. }),
            "{key}: {saved:?}"
        );
    }
    // A static address needs all four fields, and the gateway in its network.
    let base = app.settings_group(id, SettingsGroup::Eth).await.unwrap();
    let req = edit(
        SettingsGroup::Eth,
        &base,
        &[
            ("eth.static_ip", json!(true)),
            ("eth.ip", json!("192.168.1.20")),
            ("eth.netmask", json!("255.255.255.0")),
            ("eth.gateway", json!("10.0.0.1")),
            ("eth.dns", json!("10.0.0.1")),
        ],
    );
    let review = app.settings_review(id, &req).await.unwrap();
    assert!(
        review
            .problems
            .iter()
            .any(|p| p.message.contains("not in the network")),
        "{review:?}"
    );
    assert!(dev.take_config_writes().is_empty(), "nothing was sent");
    app.shutdown().await;
}

#[tokio::test]
async fn a_change_made_elsewhere_stops_the_save_until_reloaded_or_forced() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let id = dev.id();
    let base = app.settings_group(id, SettingsGroup::Device).await.unwrap();
    // Another app renames the device meanwhile.
    let other = whatwatt::Client::builder(&dev.base_url()).build().unwrap();
    other
        .update_settings(&serde_json::from_value(json!({"system": {"name": "Garage"}})).unwrap())
        .await
        .unwrap();
    dev.take_config_writes();
    let req = edit(
        SettingsGroup::Device,
        &base,
        &[("device.services.report_interval", json!(20))],
    );
    let review = app.settings_review(id, &req).await.unwrap();
    assert_eq!(review.conflicts.len(), 1, "{review:?}");
    assert_eq!(review.conflicts[0].key, "device.system.name");
    assert_eq!(review.conflicts[0].after, json!("Garage"));
    let saved = app.settings_save(id, &req).await.unwrap();
    assert!(
        matches!(&saved, SettingsSaved::Conflict { conflicts } if conflicts[0].key == "device.system.name"),
        "{saved:?}"
    );
    assert!(dev.take_config_writes().is_empty(), "nothing was sent");
    let forced = SettingsEditRequest { force: true, ..req };
    let SettingsSaved::Saved { read_back, .. } = app.settings_save(id, &forced).await.unwrap()
    else {
        panic!("forced save");
    };
    assert_eq!(
        read_back.values["device.system.name"],
        json!("Garage"),
        "the other change is kept"
    );
    assert_eq!(
        read_back.values["device.services.report_interval"],
        json!(20)
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_password_changes_while_the_session_keeps_streaming() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.1)).await;
    let id = dev.id().to_owned();
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, None, 2, 10).await;
    let view = app
        .set_device_password(&id, Some(Secret::new("kitchen-pass-1")))
        .await
        .unwrap();
    assert!(view.has_password, "{view:?}");
    assert_eq!(
        app.password(&id).unwrap().unwrap().expose(),
        "kitchen-pass-1"
    );
    // The device now asks everyone else for it.
    let stranger = whatwatt::Client::builder(&dev.base_url()).build().unwrap();
    assert_eq!(
        stranger.settings().await.unwrap_err().code(),
        "password_required"
    );
    // The session came back with the new password and streams on.
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, None, 3, 15).await;
    // Changed again, then removed.
    app.set_device_password(&id, Some(Secret::new("kitchen-pass-2")))
        .await
        .unwrap();
    let stale = whatwatt::Client::builder(&dev.base_url())
        .password(Some(Secret::new("kitchen-pass-1")))
        .build()
        .unwrap();
    assert_eq!(stale.settings().await.unwrap_err().code(), "wrong_password");
    let view = app.set_device_password(&id, None).await.unwrap();
    assert!(!view.has_password);
    assert!(app.password(&id).unwrap().is_none());
    stranger.settings().await.unwrap();
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, None, 2, 15).await;
    // Too long: refused before sending.
    let e = app
        .set_device_password(&id, Some(Secret::new("x".repeat(32))))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    app.shutdown().await;
}

#[tokio::test]
async fn backup_then_factory_reset_then_restore_gives_the_same_settings() {
    let (dir, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let id = dev.id().to_owned();
    save_one(
        &app,
        &dev,
        SettingsGroup::Device,
        "device.services.report_interval",
        json!(45),
    )
    .await;
    save_one(
        &app,
        &dev,
        SettingsGroup::Device,
        "device.system.name",
        json!("Kitchen"),
    )
    .await;
    save_one(
        &app,
        &dev,
        SettingsGroup::Meter,
        "meter.conv_factor",
        json!(2.5),
    )
    .await;
    save_one(
        &app,
        &dev,
        SettingsGroup::Mqtt,
        "mqtt.client_id",
        json!("kitchen-meter"),
    )
    .await;
    let panel_before = app.settings_panel(&id).await.unwrap();
    let backup = app.settings_backup(&id).await.unwrap();
    assert!(backup
        .secrets_not_included
        .contains(&"meter.encryption_key".to_owned()));
    let text = serde_json::to_string(&backup).unwrap();
    assert!(!text.contains("password\":\""), "no secret in a backup");

    let reset = app.factory_reset_meter(&id).await.unwrap();
    assert!(
        reset
            .backup_path
            .starts_with(&dir.path().display().to_string()),
        "{reset:?}"
    );
    let auto: SettingsBackup =
        serde_json::from_slice(&std::fs::read(&reset.backup_path).unwrap()).unwrap();
    assert_eq!(
        auto.groups, backup.groups,
        "the automatic backup holds the same settings"
    );
    let after_reset = app
        .settings_group(&id, SettingsGroup::Device)
        .await
        .unwrap();
    assert_eq!(
        after_reset.values["device.services.report_interval"],
        json!(30),
        "factory default"
    );
    assert!(
        app.meters().iter().any(|m| m.device_id == id),
        "the meter stays saved"
    );

    let report = app
        .settings_restore(
            &id,
            RestoreRequest {
                backup,
                secrets: BTreeMap::new(),
            },
        )
        .await
        .unwrap();
    assert!(report.different.is_empty(), "{report:?}");
    assert!(report
        .skipped
        .iter()
        .any(|s| s.group == SettingsGroup::Wifi));
    assert!(report
        .secrets_unchanged
        .contains(&"meter.encryption_key".to_owned()));
    let panel_after = app.settings_panel(&id).await.unwrap();
    for before in &panel_before.groups {
        if before.group == SettingsGroup::Wifi {
            continue;
        }
        let after = panel_after
            .groups
            .iter()
            .find(|g| g.group == before.group)
            .unwrap();
        assert_eq!(after.values, before.values, "{:?}", before.group);
    }
    app.shutdown().await;
}

#[tokio::test]
async fn reboot_waits_for_the_device_and_reports_the_new_boot() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let r = app.reboot_meter(dev.id()).await.unwrap();
    assert!(r.downtime_s >= 0.3, "{r:?}");
    assert!(
        r.boot_id_before.is_some() && r.boot_id_after.is_some(),
        "{r:?}"
    );
    assert_ne!(r.boot_id_before, r.boot_id_after);
    assert_eq!(r.firmware_before, r.firmware_after);
    app.shutdown().await;
}

#[tokio::test]
async fn firmware_uploads_with_progress_and_is_checked_first() {
    let (dir, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let file = dir.path().join("upgrade.bin");
    let mut image = vec![0xE9u8];
    image.extend((0..300_000u32).map(|i| (i % 251) as u8));
    std::fs::write(&file, &image).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let r = app
        .update_firmware(dev.id(), &file, move |p| log.lock().unwrap().push(p))
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    let sent: Vec<f64> = seen
        .iter()
        .filter_map(|p| match p {
            FirmwareProgress::Uploading { sent, .. } => Some(*sent),
            FirmwareProgress::Restarting => None,
        })
        .collect();
    assert!(sent.len() > 10, "progress in steps: {sent:?}");
    assert!(sent.windows(2).all(|w| w[0] <= w[1]));
    assert!(
        *sent.last().unwrap() > image.len() as f64,
        "the whole multipart body went"
    );
    assert_eq!(seen.last(), Some(&FirmwareProgress::Restarting));
    assert_ne!(r.boot_id_before, r.boot_id_after, "{r:?}");
    // Not firmware, or empty: refused before anything is sent.
    let text = dir.path().join("notes.bin");
    std::fs::write(&text, b"hello").unwrap();
    let e = app
        .update_firmware(dev.id(), &text, |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("does not look like"), "{e}");
    // The window words it in the user's language: it travels by key, the file named.
    let said = wattdesk_core::AppError::from(e)
        .said
        .expect("a refusal the window can word");
    assert_eq!(said.key, "err_firmware_not_image");
    assert_eq!(said.args["file"], text.display().to_string());
    std::fs::write(&text, b"").unwrap();
    assert_eq!(
        app.update_firmware(dev.id(), &text, |_| {})
            .await
            .unwrap_err()
            .code(),
        ErrorCode::InvalidInput
    );
    app.shutdown().await;
}

#[tokio::test]
async fn the_sd_card_can_be_browsed_downloaded_and_cleaned() {
    let (dir, app, dev) = app_with(SimConfig {
        history_days: 2,
        ..sim(License::Plus, 0.2)
    })
    .await;
    let id = dev.id();
    let root = app.sd_list(id, "").await.unwrap();
    let dirs: Vec<&SdEntry> = root.entries.iter().filter(|e| e.is_dir).collect();
    let files: Vec<&SdEntry> = root.entries.iter().filter(|e| !e.is_dir).collect();
    assert!(!dirs.is_empty() && files.len() >= 2, "{root:?}");
    assert!(root.entries.first().unwrap().is_dir, "folders first");
    assert!(files
        .iter()
        .all(|f| f.size > 0.0 && f.name.ends_with(".CSV")));
    let day = files[files.len() - 1];
    let dest = dir.path().join("day.csv");
    let n = app.sd_download(id, &day.path, &dest).await.unwrap();
    let text = std::fs::read_to_string(&dest).unwrap();
    assert_eq!(n as usize, text.len());
    assert!(text.starts_with("RID"), "{}", &text[..text.len().min(40)]);
    app.sd_delete(id, &day.path).await.unwrap();
    let again = app.sd_list(id, "").await.unwrap();
    assert!(!again.entries.iter().any(|e| e.path == day.path));
    assert_eq!(
        app.sd_delete(id, "/").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        app.sd_list(id, "../x").await.unwrap_err().code(),
        ErrorCode::InvalidInput
    );
    app.shutdown().await;

    let (_d, app, dev) = app_with(SimConfig {
        sd_card: false,
        ..sim(License::Plus, 0.2)
    })
    .await;
    let e = app.sd_list(dev.id(), "").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::ServiceUnavailable, "{e}");
    app.shutdown().await;
}

#[tokio::test]
async fn plus_only_services_say_they_are_idle_on_free() {
    let (_d, app, dev) = app_with(sim(License::Free, 0.2)).await;
    let id = dev.id();
    let panel = app.settings_panel(id).await.unwrap();
    assert!(!panel.plus);
    assert!(panel
        .fields
        .iter()
        .any(|f| f.key == "device.services.modbus.enable" && f.plus_only));
    let base = app.settings_group(id, SettingsGroup::Device).await.unwrap();
    let req = edit(
        SettingsGroup::Device,
        &base,
        &[("device.services.modbus.enable", json!(true))],
    );
    let review = app.settings_review(id, &req).await.unwrap();
    assert!(
        review
            .notes
            .iter()
            .any(|n| n.message.contains("idle until")),
        "{review:?}"
    );
    assert!(matches!(
        app.settings_save(id, &req).await.unwrap(),
        SettingsSaved::Saved { .. }
    ));
    app.shutdown().await;
}

#[tokio::test]
async fn a_sagging_reserve_slows_the_session_down_and_says_why() {
    let (_d, app, dev) = app_with(SimConfig {
        scap_sag: true,
        ..sim(License::Plus, 0.2)
    })
    .await;
    let mut rx = app.subscribe_meter(dev.id()).unwrap();
    let health = within(10, "a health report", async {
        loop {
            if let Ok(wattdesk_core::live::session::SessionEvent::Health(h)) = rx.recv().await {
                return h;
            }
        }
    })
    .await;
    assert!(health.scap_low);
    let why = health.gentle.unwrap();
    assert!(why.contains("every 10 s") && why.contains("4.5 V"), "{why}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_new_network_name_changes_the_login_realm_and_the_session_follows() {
    let dev = spawn(SimConfig {
        password: Some("realm-pass-1".into()),
        ..sim(License::Plus, 0.1)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    app.add_meter(AddMeterRequest {
        address: dev.addr().to_string(),
        password: Some(Secret::new("realm-pass-1")),
        name: None,
    })
    .await
    .unwrap();
    let id = dev.id().to_owned();
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, None, 2, 10).await;
    save_one(
        &app,
        &dev,
        SettingsGroup::Device,
        "device.system.host_name",
        json!("kitchen_meter"),
    )
    .await;
    let view = app
        .meters()
        .into_iter()
        .find(|m| m.device_id == id)
        .unwrap();
    assert_eq!(view.host_name.as_deref(), Some("kitchen_meter"));
    // The device's login realm is its host name now; the session's next requests meet it.
    app.reboot_meter(&id).await.unwrap();
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, None, 3, 20).await;
    app.shutdown().await;
}

#[tokio::test]
async fn custom_scalers_are_checked_replaced_whole_and_read_back() {
    let (_d, app, dev) = app_with(SimConfig {
        meter: whatwatt_sim::MeterPreset::named("mbus-3ph").unwrap(),
        ..sim(License::Plus, 0.2)
    })
    .await;
    let id = dev.id();
    let view = app.meter_scalers(id).await.unwrap();
    assert!(
        view.current
            .iter()
            .any(|s| s.obis == "31.7.0" && s.scaler == -2),
        "{view:?}"
    );
    let list = vec![
        ScalerRow {
            obis: "1.8.255".into(),
            scaler: 3,
        },
        ScalerRow {
            obis: "2.8.255".into(),
            scaler: 3,
        },
    ];
    let view = app.set_custom_scalers(id, &list).await.unwrap();
    assert_eq!(view.custom, list);
    let writes = dev.take_config_writes();
    assert_eq!(
        writes.last().unwrap().method,
        "POST",
        "the list is only taken whole"
    );
    let e = app
        .set_custom_scalers(
            id,
            &[ScalerRow {
                obis: "1.8".into(),
                scaler: 9,
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(dev.take_config_writes().is_empty());
    assert_eq!(
        app.meter_scalers(id).await.unwrap().custom,
        list,
        "unchanged"
    );
    app.shutdown().await;
}

#[tokio::test]
async fn a_backup_that_does_not_fit_writes_nothing() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let id = dev.id();
    let mut backup = app.settings_backup(id).await.unwrap();
    backup.groups.insert(
        "device".into(),
        json!({"services": {"report_interval": 45}}),
    );
    backup
        .groups
        .insert("mqtt".into(), json!({"client_id": "x".repeat(64)}));
    dev.take_config_writes();
    let e = app
        .settings_restore(
            id,
            RestoreRequest {
                backup: backup.clone(),
                secrets: BTreeMap::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("mqtt.client_id"), "{e}");
    assert!(dev.take_config_writes().is_empty(), "nothing was written");
    // A secret that is not one a restore sets is refused too.
    backup.groups.remove("mqtt");
    let e = app
        .settings_restore(
            id,
            RestoreRequest {
                backup,
                secrets: [("device.system.password".to_owned(), Secret::new("x"))].into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(dev.take_config_writes().is_empty());
    app.shutdown().await;
}

#[tokio::test]
async fn the_panel_shows_the_wifi_link_and_the_networks_the_reader_sees() {
    let (_d, app, dev) = app_with(sim(License::Plus, 0.2)).await;
    let id = dev.id();
    let panel = app.settings_panel(id).await.unwrap();
    let link = panel.wifi_link.unwrap();
    assert_eq!(link.mode.as_deref(), Some("STA"), "{link:?}");
    assert!(link.ssid.is_some() && link.bars > 0, "{link:?}");
    let networks = app.settings_wifi_networks(id).await.unwrap();
    assert!(networks.iter().any(|n| n.ssid == "HomeNet"), "{networks:?}");
    assert!(
        networks.iter().any(|n| n.hidden),
        "a hidden network is kept"
    );
    let rssi: Vec<i32> = networks.iter().filter_map(|n| n.rssi_dbm).collect();
    assert!(
        rssi.windows(2).all(|w| w[0] >= w[1]),
        "strongest first: {rssi:?}"
    );
    app.shutdown().await;
}
