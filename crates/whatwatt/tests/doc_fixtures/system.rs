//! `/api/v1/system`.

use crate::helpers::*;
use whatwatt::models::system::{Plug, SystemInfo};
use whatwatt::MeterStatus;

#[test]
fn system_info_doc_example() {
    let s: SystemInfo = parse("system.json", SYSTEM);

    let d = &s.device;
    assert_eq!(d.id, "ECC9FF5C7F14");
    assert_eq!(d.name.as_deref(), Some(""));
    assert_eq!(d.model.as_deref(), Some("WW_Go_1.2"));
    assert_eq!(d.firmware.as_deref(), Some("1.10.0"));
    assert_eq!(d.build.as_deref(), Some("11b8102-68dfd692"));
    assert_eq!(d.upgrade_capable, Some(true));
    assert_eq!(d.date.as_deref(), Some("2025-10-07"));
    assert_eq!(d.time.as_deref(), Some("14:20:52"));
    // The example sends `time_since_boot`; the field table calls it `time_since_reboot`.
    assert_eq!(d.time_since_boot, Some(337837));
    let reboot = d.last_reboot.as_ref().expect("last_reboot");
    assert_eq!(reboot.date.as_deref(), Some("2025-10-03"));
    assert_eq!(reboot.time.as_deref(), Some("16:30:29"));
    let plug = d.plug.as_ref().expect("plug");
    assert_eq!(plug.v_usb, Some(5.16));
    assert_eq!(plug.v_mbus, Some(13.94));
    assert_eq!(plug.v_p1, Some(2.83));
    assert_eq!(plug.v_scap, Some(4.87));
    assert!(plug.v_scap.expect("v_scap") > Plug::MIN_SCAP_V);
    let license = d.license.as_ref().expect("license");
    assert_eq!(license.kind.as_deref(), Some("PLUS"));
    assert_eq!(
        license.activation_date.as_deref(),
        Some("2025-09-24T11:05:41Z")
    );
    assert!(license.is_plus_or_higher());

    let clouds = s.clouds.as_ref().expect("clouds");
    let ww = clouds.whatwatt.as_ref().expect("clouds.whatwatt");
    assert_eq!(
        (
            ww.enabled,
            ww.connected,
            ww.registered,
            ww.status.as_deref()
        ),
        (Some(true), Some(true), Some(true), None)
    );
    let mystrom = clouds.mystrom.as_ref().expect("clouds.mystrom");
    assert_eq!(mystrom.enabled, Some(false));
    assert_eq!(mystrom.status.as_deref(), Some("DISABLED"));
    assert_eq!(mystrom.connected, None);
    let sm = clouds.solar_manager.as_ref().expect("clouds.solar_manager");
    assert_eq!(
        (sm.enabled, sm.connected, sm.registered),
        (Some(false), Some(false), None)
    );
    let mqtc = clouds.mqtc.as_ref().expect("clouds.mqtc");
    assert_eq!((mqtc.enabled, mqtc.connected), (Some(false), Some(false)));
    let sk = clouds.stromkonto.as_ref().expect("clouds.stromkonto");
    assert_eq!((sk.enabled, sk.connected), (Some(false), Some(false)));

    let services = s.services.as_ref().expect("services");
    assert_eq!(services["berry"]["execution_status"]["state"], "IDLE");

    let m = s.meter.as_ref().expect("meter");
    assert_eq!(m.status.as_deref(), Some("OK"));
    assert_eq!(
        MeterStatus::parse(m.status.as_deref().expect("status")),
        MeterStatus::Ok
    );
    assert_eq!(m.interface.as_deref(), Some("MBUS"));
    assert_eq!(m.id.as_deref(), Some(""));
    assert_eq!(m.manufacturer.as_deref(), Some("Landis+Gyr"));
    assert_eq!(m.kind.as_deref(), Some("LGZ1030784855204"));
    assert_eq!(m.model.as_deref(), Some(""));
    assert_eq!(m.protocol.as_deref(), Some("DLMS"));
    assert_eq!(m.protocol_version.as_deref(), Some(""));
    assert_eq!(m.report_interval, Some(6.794));
    assert_eq!((m.enc_en, m.auth_en), (Some(false), Some(false)));
    assert_eq!(m.tariff, Some(1));
    assert_eq!(m.date.as_deref(), Some("2025-10-07"));
    assert_eq!(m.time.as_deref(), Some("14:20:52"));

    let w = s.wifi.as_ref().expect("wifi");
    assert_eq!(w.ssid.as_deref(), Some("sjj"));
    assert_eq!(w.bssid.as_deref(), Some("DC15C84FBAB6"));
    assert_eq!(w.channel, Some(13));
    assert_eq!(w.ht.as_deref(), Some("20"));
    assert_eq!(w.rssi, Some(-29));
    assert_eq!(w.signal, Some(100));
    assert_eq!(w.auth_mode.as_deref(), Some("WPA2-WPA3"));
    assert_eq!(w.pairwise_cipher.as_deref(), Some("CCMP"));
    assert_eq!(w.group_cipher.as_deref(), Some("CCMP"));
    assert_eq!(w.phy.as_deref(), Some("bgn"));
    assert_eq!(w.wps, Some(false));
    assert_eq!(w.country.as_deref(), Some("CH"));
    assert_eq!(w.mac.as_deref(), Some("ECC9FF5C7F14"));
    assert_eq!(w.ip.as_deref(), Some("192.168.99.114"));
    assert_eq!(w.mask.as_deref(), Some("255.255.255.0"));
    assert_eq!(w.gateway.as_deref(), Some("192.168.99.1"));
    assert_eq!(w.dns.as_deref(), Some("192.168.0.1"));
    assert_eq!(w.status.as_deref(), Some("OK"));
    assert_eq!(w.mode.as_deref(), Some("STA"));

    let e = s.ethernet.as_ref().expect("ethernet");
    assert_eq!(e.mac.as_deref(), Some("ECC9FF5C7F17"));
    assert_eq!(e.status.as_deref(), Some("Up"));
    assert_eq!(e.ip.as_deref(), Some("192.168.0.40"));
    assert_eq!(e.mask.as_deref(), Some("255.255.255.0"));
    assert_eq!(e.gateway.as_deref(), Some("192.168.0.1"));
    assert_eq!(e.dns.as_deref(), Some("192.168.0.1"));

    let sd = s.sd_card.as_ref().expect("sd_card");
    assert_eq!(sd.installed, Some(true));
    assert_eq!(sd.kind.as_deref(), Some("SDHC/SDXC"));
    assert_eq!(sd.size, Some(7618));
    assert_eq!(sd.speed, Some(20));
}

#[test]
fn system_info_accepts_the_field_table_spelling_time_since_reboot() {
    let renamed = SYSTEM.replace("\"time_since_boot\"", "\"time_since_reboot\"");
    assert_ne!(renamed, SYSTEM);
    let s: SystemInfo = parse("system.json with time_since_reboot", &renamed);
    assert_eq!(s.device.time_since_boot, Some(337837));
    assert_eq!(s, parse::<SystemInfo>("system.json", SYSTEM));
}

#[test]
fn system_info_with_both_spellings_takes_time_since_boot() {
    let docs = [
        // Both keys with different values: the device's spelling wins, in either order...
        (
            r#"{"device": {"id": "A", "time_since_boot": 5, "time_since_reboot": 9}}"#,
            5,
        ),
        (
            r#"{"device": {"id": "A", "time_since_reboot": 9, "time_since_boot": 5}}"#,
            5,
        ),
        // ...and the field table's fills in only when the device's has no value.
        (
            r#"{"device": {"id": "A", "time_since_boot": null, "time_since_reboot": "9"}}"#,
            9,
        ),
    ];
    for (doc, want) in docs {
        let s: SystemInfo = parse(doc, doc);
        assert_eq!(s.device.time_since_boot, Some(want), "{doc}");
    }
    // A wrong-typed value is still an error under either spelling.
    for doc in [
        r#"{"device": {"id": "A", "time_since_reboot": "abc"}}"#,
        r#"{"device": {"id": "A", "time_since_boot": "abc", "time_since_reboot": 9}}"#,
    ] {
        assert!(serde_json::from_str::<SystemInfo>(doc).is_err(), "{doc}");
    }
    // What we write back uses the device's spelling only.
    let s: SystemInfo = parse("both spellings", docs[2].0);
    let out = serde_json::to_value(&s).expect("serializes");
    assert_eq!(out["device"]["time_since_boot"], 9);
    assert!(out["device"].get("time_since_reboot").is_none());
}

#[test]
fn system_info_openapi_example() {
    let s: SystemInfo = parse("openapi_system.json", OAS_SYSTEM);
    assert_eq!(s.device.id, "ECC9FF5C7F14");
    assert_eq!(s.device.firmware.as_deref(), Some("1.10.0"));
    assert_eq!(s.device.name, None);
    assert_eq!(s.device.time_since_boot, None);
    assert_eq!(s.device.plug, None);
    assert_eq!(s.device.license, None);
    let m = s.meter.as_ref().expect("meter");
    assert_eq!(m.status.as_deref(), Some("OK"));
    assert_eq!(m.interface.as_deref(), Some("MBUS"));
    assert_eq!(m.protocol.as_deref(), Some("DLMS"));
    assert_eq!(m.report_interval, None);
    let w = s.wifi.as_ref().expect("wifi");
    assert_eq!(w.ssid.as_deref(), Some("sjj"));
    assert_eq!(w.ip.as_deref(), Some("192.168.99.114"));
    assert_eq!(w.rssi, None);
    assert_eq!(s.clouds, None);
    assert_eq!(s.services, None);
    assert_eq!(s.ethernet, None);
    assert_eq!(s.sd_card, None);
}
