//! The REST client against the simulator: every endpoint, PUT/POST semantics, licence gating, size
//! limits, reboot and factory reset.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use futures_util::StreamExt;
use reqwest::Method;
use whatwatt::models::{
    eth::EthSettings, meter_settings::MeterSettings, mqtt_settings::*, scalers::Scaler,
    settings::*, wifi::WifiStaSettings,
};
use whatwatt::{Client, Error, Secret};
use whatwatt_sim::{License, MeterPreset, SimConfig};

#[tokio::test]
async fn system_report_and_reading_agree_with_the_meter() {
    let dev = spawn(config()).await;
    let client = Client::new(&dev.base_url(), None).unwrap();
    let sys = client.system().await.unwrap();
    assert_eq!(sys.device.id, dev.id());
    assert!(sys.device.license.as_ref().unwrap().is_plus_or_higher());
    assert_eq!(sys.meter.as_ref().unwrap().interface.as_deref(), Some("P1"));

    first_report(&dev).await;
    let mut history = dev.subscribe();
    let env = client.report().await.unwrap();
    let reading = whatwatt::Reading::from_report(&env);
    let id = reading.report_id.expect("report id");
    // The report we got is the device's latest at that moment, or the one before it.
    let snap = match dev.latest() {
        Some(s) if s.report_id == id => s,
        _ => loop {
            let s = within(5, "matching snapshot", history.recv())
                .await
                .unwrap();
            if s.report_id >= id {
                break s;
            }
        },
    };
    let snap = if snap.report_id == id {
        snap
    } else {
        panic!("report {id} not seen")
    };
    assert_eq!(reading.power_import_kw, Some(snap.sample.import_total_kw));
    assert_eq!(reading.power_export_kw, Some(snap.sample.export_total_kw));
    assert_eq!(reading.voltage_l1_v, Some(snap.sample.voltage_v[0]));
    // The report carries whole seconds of the meter's time.
    assert_eq!(
        reading.timestamp.unwrap().timestamp(),
        snap.time.timestamp()
    );
    let e = reading.energy_import_kwh.unwrap();
    let t = reading.energy_import_t1_kwh.unwrap() + reading.energy_import_t2_kwh.unwrap();
    assert!((e - t).abs() < 0.002, "total {e} = T1 + T2 {t}");
    assert_eq!(reading.tariff, Some(snap.tariff));
    dev.shutdown().await;
}

#[tokio::test]
async fn single_phase_meter_omits_l2_l3() {
    let dev = spawn(SimConfig {
        meter: MeterPreset::named("mbus-1ph").unwrap(),
        ..config()
    })
    .await;
    first_report(&dev).await;
    let client = Client::new(&dev.base_url(), None).unwrap();
    let r = whatwatt::Reading::from_report(&client.report().await.unwrap());
    assert!(r.voltage_l1_v.is_some());
    assert_eq!(
        (r.voltage_l2_v, r.voltage_l3_v, r.power_import_l2_kw),
        (None, None, None)
    );
    let scalers = client.scalers_current().await.unwrap();
    assert!(scalers
        .iter()
        .any(|s| s.obis == "31.7.0" && s.scaler == Some(-2)));
    dev.shutdown().await;
}

#[tokio::test]
async fn settings_put_merges_post_replaces_and_secrets_stay_hidden() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let before = c.settings().await.unwrap();
    assert_eq!(
        before.system.as_ref().unwrap().host_name.as_deref(),
        Some(format!("whatwatt_{}", &dev.id()[6..]).as_str())
    );
    c.update_settings(&Settings {
        system: Some(SystemSettings {
            name: Some("Kitchen".into()),
            ..Default::default()
        }),
        services: Some(ServicesSettings {
            sd: Some(SdService {
                frequency: Some(60),
                ..Default::default()
            }),
            ..Default::default()
        }),
    })
    .await
    .unwrap();
    let after = c.settings().await.unwrap();
    let sys = after.system.as_ref().unwrap();
    assert_eq!(sys.name.as_deref(), Some("Kitchen"));
    assert_eq!(sys.p1_wifi_boost, Some(true), "PUT keeps untouched fields");
    let sd = after.services.as_ref().unwrap().sd.as_ref().unwrap();
    assert_eq!((sd.frequency, sd.enable), (Some(60), Some(false)));

    // POST replaces: everything not given is zero/empty/false (docs: settings); where zero is not
    // allowed (the report interval) the device refuses the POST and names the field.
    let err = c
        .replace_settings(&Settings {
            system: Some(SystemSettings {
                host_name: Some("meter-cellar".into()),
                ..Default::default()
            }),
            services: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BadRequest(m) if m.contains("report_interval")),
        "{err}"
    );
    c.replace_settings(&Settings {
        system: Some(SystemSettings {
            host_name: Some("meter-cellar".into()),
            ..Default::default()
        }),
        services: after.services.clone(),
    })
    .await
    .unwrap();
    let replaced = c.settings().await.unwrap();
    let sys = replaced.system.as_ref().unwrap();
    assert_eq!(sys.name.as_deref(), Some(""));
    assert_eq!(sys.p1_wifi_boost, Some(false), "omitted by the POST");
    assert_eq!(sys.host_name.as_deref(), Some("meter-cellar"));
    assert_eq!(replaced.services.unwrap().sd.unwrap().frequency, Some(60));

    // Out-of-range values are refused with the device's message.
    let err = c
        .update_settings(&Settings {
            services: Some(ServicesSettings {
                report_interval: Some(0),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BadRequest(m) if m.contains("report_interval")),
        "{err}"
    );
    let err = c
        .send_json(
            Method::PUT,
            "/api/v1/settings",
            &serde_json::json!({"system": {"host_name": "bad host!"}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "bad_request");
    dev.shutdown().await;
}

#[tokio::test]
async fn meter_mqtt_wifi_eth_and_scaler_settings_round_trip() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();

    let m = c.meter_settings().await.unwrap();
    assert_eq!(
        (m.baudrate, m.if_type.as_deref()),
        (Some(115200), Some("auto"))
    );
    c.update_meter_settings(&MeterSettings {
        if_type: Some("p1".into()),
        encryption: Some(true),
        encryption_key: Some(Secret::new("0123456789ABCDEF0123456789ABCDEF")),
        ..Default::default()
    })
    .await
    .unwrap();
    let m = c.meter_settings().await.unwrap();
    assert_eq!(
        (m.if_type.as_deref(), m.protocol.as_deref()),
        (Some("p1"), Some("auto"))
    );
    assert_eq!(m.encryption_key, None, "keys are write-only");
    for bad in [
        serde_json::json!({"encryption_key": "XYZ"}),
        serde_json::json!({"baudrate": 1}),
        serde_json::json!({"parity": "mark"}),
        serde_json::json!({"baudrate": "fast"}),
    ] {
        let e = c
            .send_json(Method::PUT, "/api/v1/meter/settings", &bad)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "bad_request", "{bad}");
    }

    c.update_mqtt_settings(&MqttSettings {
        url: Some("mqtt://127.0.0.1:1883".into()),
        password: Some(Secret::new("brokerpw")),
        publish: Some(MqttPublish {
            topic: Some("home/meter".into()),
            ..Default::default()
        }),
        broker: Some(MqttBroker {
            certificate: Some(Some(
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into(),
            )),
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    c.update_mqtt_settings(&MqttSettings {
        client_id: Some("wattdesk-1".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let q = c.mqtt_settings().await.unwrap();
    assert_eq!(
        q.password_len,
        Some(8),
        "PUT kept the password it did not mention"
    );
    assert_eq!(q.password, None);
    assert_eq!(q.client_id.as_deref(), Some("wattdesk-1"));
    assert!(q
        .broker
        .as_ref()
        .unwrap()
        .certificate
        .clone()
        .flatten()
        .is_some());
    // `null` deletes a certificate.
    c.update_mqtt_settings(&MqttSettings {
        broker: Some(MqttBroker {
            certificate: Some(None),
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    let q = c.mqtt_settings().await.unwrap();
    assert_eq!(q.broker.unwrap().certificate, Some(None));
    let e = c
        .send_json(
            Method::PUT,
            "/api/v1/mqtt/settings",
            &serde_json::json!({"url": "http://x"}),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_request");

    let nets = c.wifi_scan().await.unwrap();
    assert!(nets.len() >= 3 && nets.iter().all(|n| n.ssid.is_some() && n.rssi.is_some()));
    assert!(nets.iter().any(|n| n.wps == Some(true)));
    c.update_wifi_sta_settings(&WifiStaSettings {
        static_ip: Some(true),
        ip: Some("192.168.1.201".into()),
        netmask: Some("255.255.255.0".into()),
        gateway: Some("192.168.1.1".into()),
        dns: Some("192.168.1.1".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let w = c.wifi_sta_settings().await.unwrap();
    assert_eq!(
        (w.name.as_deref(), w.ip.as_deref()),
        (Some("HomeNet"), Some("192.168.1.201"))
    );
    assert_eq!(w.password, None);
    let e = c
        .update_wifi_sta_settings(&WifiStaSettings {
            password: Some(Secret::new("short")),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_request");
    c.delete_wifi_sta_settings().await.unwrap();
    let w = c.wifi_sta_settings().await.unwrap();
    assert_eq!((w.enable, w.name.as_deref()), (Some(false), Some("")));
    c.start_wps().await.unwrap();

    let e = c
        .update_eth_settings(&EthSettings {
            static_ip: Some(true),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::BadRequest(m) if m.contains("required")),
        "{e}"
    );
    c.update_eth_settings(&EthSettings {
        enable: Some(false),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(c.eth_settings().await.unwrap().enable, Some(false));

    let custom = vec![Scaler {
        obis: "1.8.255".into(),
        scaler: Some(3),
    }];
    c.set_scalers_custom(&custom).await.unwrap();
    assert_eq!(c.scalers_custom().await.unwrap(), custom);
    let e = c
        .set_scalers_custom(&[Scaler {
            obis: "1.8".into(),
            scaler: Some(9),
        }])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_request");
    dev.shutdown().await;
}

#[tokio::test]
async fn variables_and_template_test_resolve_and_keep_unknowns() {
    let dev = spawn(config()).await;
    first_report(&dev).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let vars = c.variables().await.unwrap();
    assert_eq!(vars.raw("sys.id"), Some(dev.id()));
    assert!(vars.number("1_8_0").unwrap() > 1000.0);
    assert_eq!(vars.raw("meter.interface"), Some("P1"));
    let out = c
        .template_test(r#"{"id":"${sys.id}","p":${1_7_0},"x":"${no.such}"}"#)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&out.replace("${no.such}", "literal")).unwrap();
    assert_eq!(v["id"], dev.id());
    assert!(v["p"].is_number());
    assert!(
        out.contains("${no.such}"),
        "unresolved variables stay literal: {out}"
    );
    dev.shutdown().await;
}

#[tokio::test]
async fn free_licence_gates_plus_routes_but_not_the_live_stream() {
    let dev = spawn(SimConfig {
        license: License::Free,
        ..config()
    })
    .await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let sys = c.system().await.unwrap();
    assert_eq!(sys.device.license.unwrap().kind.as_deref(), Some("FREE"));
    for e in [
        c.report().await.unwrap_err(),
        c.variables().await.unwrap_err(),
        c.template_test("x").await.unwrap_err(),
    ] {
        assert!(matches!(e, Error::LicenseRequired), "{e}");
        assert_eq!(e.code(), "license_required");
    }
    // Configuration stays available on FREE.
    assert!(c.mqtt_settings().await.is_ok());
    let mut live = c.live(None).await.unwrap();
    let r = within(10, "a live reading", live.next())
        .await
        .unwrap()
        .unwrap();
    assert!(r.power_import_kw.is_some());
    dev.shutdown().await;
}

#[tokio::test]
async fn bodies_over_8_kb_are_refused_on_both_sides() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let big = Settings {
        system: Some(SystemSettings {
            name: Some("x".repeat(9000)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let (before, _, _) = dev.auth_stats();
    let e = c.update_settings(&big).await.unwrap_err();
    assert!(
        matches!(e, Error::PayloadTooLarge { limit: 8192, .. }),
        "{e}"
    );
    assert_eq!(dev.auth_stats().0, before, "refused before sending");
    // A client without that guard gets 413 from the device.
    let resp = reqwest::Client::new()
        .put(format!("{}/api/v1/settings", dev.base_url()))
        .body(vec![b' '; 9000])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 413);
    dev.shutdown().await;
}

#[tokio::test]
async fn sd_card_lists_serves_parses_and_deletes_csv() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let listing = c.sdcard_list("").await.unwrap();
    assert_eq!(listing.path, "/sdcard/");
    let file = listing
        .files
        .iter()
        .find(|f| f.name.ends_with(".CSV"))
        .expect("a history file");
    let text = c.sdcard_download(&file.name).await.unwrap();
    assert_eq!(text.len() as u64, file.size.unwrap());
    let rows = whatwatt::models::sdcard::parse_csv(std::str::from_utf8(&text).unwrap()).unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.windows(2).all(|w| w[1].EAP_T >= w[0].EAP_T),
        "counters never decrease"
    );
    assert!(rows
        .iter()
        .all(|r| r.MSTAT.as_deref() == Some("OK")
            && r.TIME.as_deref().is_some_and(|t| t.ends_with('Z'))));
    assert!(listing.files.iter().any(|f| f.is_dir()));
    c.sdcard_delete(&file.name).await.unwrap();
    assert!(matches!(
        c.sdcard_download(&file.name).await.unwrap_err(),
        Error::NotFound(_)
    ));
    dev.shutdown().await;

    let nocard = spawn(SimConfig {
        sd_card: false,
        ..config()
    })
    .await;
    let c = Client::new(&nocard.base_url(), None).unwrap();
    assert_eq!(
        c.sdcard_list("").await.unwrap_err().code(),
        "service_unavailable"
    );
    nocard.shutdown().await;
}

#[tokio::test]
async fn reboot_makes_the_device_unreachable_then_it_returns_fresh() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    first_report(&dev).await;
    let boot_before = c.report().await.unwrap().system.unwrap().boot_id;
    c.reboot().await.unwrap();
    let e = until(5, "the device to go down", || async {
        c.system().await.err()
    })
    .await;
    assert_eq!(e.code(), "unreachable", "{e}");
    assert!(e.is_transient());
    let sys = until(10, "the device to come back", || async {
        c.system().await.ok()
    })
    .await;
    assert!(sys.device.time_since_boot.unwrap() <= 2);
    first_report(&dev).await;
    let boot_after = c.report().await.unwrap().system.unwrap().boot_id;
    assert_ne!(boot_before, boot_after);
    dev.shutdown().await;
}

#[tokio::test]
async fn factory_reset_wipes_password_wifi_and_mqtt() {
    let dev = spawn(SimConfig {
        password: Some("hunter22".into()),
        ..config()
    })
    .await;
    let c = Client::new(&dev.base_url(), Some(Secret::new("hunter22"))).unwrap();
    c.update_mqtt_settings(&MqttSettings {
        enable: Some(true),
        url: Some("mqtt://127.0.0.1:1".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    c.factory_reset().await.unwrap();
    let open = Client::new(&dev.base_url(), None).unwrap();
    let sta = until(10, "the device after reset", || async {
        open.wifi_sta_settings().await.ok()
    })
    .await;
    assert_eq!(sta.enable, Some(false), "Wi-Fi wiped");
    assert_eq!(
        open.mqtt_settings().await.unwrap().enable,
        Some(false),
        "MQTT wiped"
    );
    assert_eq!(
        open.settings().await.unwrap().system.unwrap().protection,
        Some(false)
    );
    dev.shutdown().await;
}

#[tokio::test]
async fn firmware_upload_answers_then_reboots() {
    let dev = spawn(config()).await;
    let c = Client::new(&dev.base_url(), None).unwrap();
    let e = c
        .upload_firmware(Vec::new(), "empty.bin")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_request");
    // Something that is not firmware for this device: the device's own words come through.
    let e = c
        .upload_firmware(b"<html>a web page</html>".to_vec(), "page.bin")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_request");
    assert!(e.to_string().contains("invalid firmware"), "{e}");
    let msg = c
        .upload_firmware(vec![0xE9; 20_000], "fw.bin")
        .await
        .unwrap();
    assert!(msg.to_lowercase().contains("reboot"), "{msg}");
    until(5, "the reboot", || async { c.system().await.err() }).await;
    until(10, "the device to return", || async {
        c.system().await.ok()
    })
    .await;
    dev.shutdown().await;
}
