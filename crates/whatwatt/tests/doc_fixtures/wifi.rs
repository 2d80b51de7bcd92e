//! `/api/v1/wifi/scan` and `/api/v1/wifi/sta/settings`.

use crate::helpers::*;
use whatwatt::models::wifi::{WifiNetwork, WifiStaSettings};

#[test]
fn wifi_scan_doc_example() {
    let nets: Vec<WifiNetwork> = parse("wifi_scan.json", WIFI_SCAN);
    assert_eq!(nets.len(), 2);
    let home = &nets[0];
    assert_eq!(home.ssid.as_deref(), Some("HomeNetwork"));
    assert_eq!(home.bssid.as_deref(), Some("AABBCCDDEEFF"));
    assert_eq!(home.channel, Some(6));
    assert_eq!(home.ht.as_deref(), Some("40+"));
    assert_eq!(home.rssi, Some(-45));
    assert_eq!(home.signal, Some(85));
    assert_eq!(home.auth_mode.as_deref(), Some("WPA2-WPA3"));
    assert_eq!(home.pairwise_cipher.as_deref(), Some("CCMP"));
    assert_eq!(home.group_cipher.as_deref(), Some("CCMP"));
    assert_eq!(home.phy.as_deref(), Some("bgn"));
    assert_eq!(home.wps, Some(true), "\"true\" as a string");
    assert_eq!(home.country.as_deref(), Some("US"));
    let guest = &nets[1];
    assert_eq!(guest.ssid.as_deref(), Some("GuestWiFi"));
    assert_eq!(guest.bssid.as_deref(), Some("112233445566"));
    assert_eq!(guest.channel, Some(11));
    assert_eq!(guest.ht.as_deref(), Some("20"));
    assert_eq!(guest.rssi, Some(-67));
    assert_eq!(guest.signal, Some(45));
    assert_eq!(guest.auth_mode.as_deref(), Some("open"));
    assert_eq!(guest.pairwise_cipher.as_deref(), Some("none"));
    assert_eq!(guest.wps, Some(false), "\"false\" as a string");
}

#[test]
fn wifi_scan_openapi_example() {
    let nets: Vec<WifiNetwork> = parse("openapi_wifi_scan.json", OAS_WIFI_SCAN);
    assert_eq!(nets.len(), 2);
    let n = &nets[0];
    assert_eq!(
        (
            n.ssid.as_deref(),
            n.rssi,
            n.signal,
            n.channel,
            n.auth_mode.as_deref()
        ),
        (Some("home"), Some(-51), Some(86), Some(1), Some("WPA2"))
    );
    assert_eq!((n.bssid.as_deref(), n.wps), (None, None));
    let n = &nets[1];
    assert_eq!(
        (
            n.ssid.as_deref(),
            n.rssi,
            n.signal,
            n.channel,
            n.auth_mode.as_deref()
        ),
        (Some("guest"), Some(-71), Some(56), Some(11), Some("open"))
    );
}

#[test]
fn wifi_sta_settings_doc_example() {
    let s: WifiStaSettings = parse("wifi_sta_settings.json", WIFI_STA);
    assert_eq!(s.enable, Some(true));
    assert_eq!(s.name.as_deref(), Some("sjj"));
    assert!(s.password.is_none());
    assert_eq!(s.static_ip, Some(false));
    assert_eq!(s.ip.as_deref(), Some("0.0.0.0"));
    assert_eq!(s.netmask.as_deref(), Some("0.0.0.0"));
    assert_eq!(s.gateway.as_deref(), Some("0.0.0.0"));
    assert_eq!(s.dns.as_deref(), Some("0.0.0.0"));
    assert_eq!(s.max_tx_power, Some(17.0));
}

#[test]
fn wifi_sta_settings_openapi_example() {
    let s: WifiStaSettings = parse("openapi_wifi_sta_settings.json", OAS_WIFI_STA);
    assert_eq!(s.enable, Some(true));
    assert_eq!(s.name.as_deref(), Some("home"));
    assert_eq!(s.static_ip, Some(false));
    assert_eq!(s.max_tx_power, Some(21.0));
    assert_eq!((s.ip.as_deref(), s.dns.as_deref()), (None, None));
}

#[test]
fn wifi_sta_settings_accepts_the_openapi_spelling_max_power() {
    let s: WifiStaSettings = parse("max_power", r#"{"max_power": 10.5}"#);
    assert_eq!(s.max_tx_power, Some(10.5));
}

#[test]
fn wifi_sta_settings_with_both_spellings_takes_max_tx_power() {
    for (doc, want) in [
        // Both keys with different values: the documented `max_tx_power` wins, in either order...
        (r#"{"max_tx_power": 17, "max_power": 10.5}"#, 17.0),
        (r#"{"max_power": 10.5, "max_tx_power": 17}"#, 17.0),
        // ...and `max_power` fills in only when `max_tx_power` has no value.
        (r#"{"max_tx_power": null, "max_power": "10.5"}"#, 10.5),
        (r#"{"max_tx_power": "", "max_power": 10.5}"#, 10.5),
    ] {
        let s: WifiStaSettings = parse(doc, doc);
        assert_eq!(s.max_tx_power, Some(want), "{doc}");
    }
    assert!(serde_json::from_str::<WifiStaSettings>(r#"{"max_power": "max"}"#).is_err());
    // The rest of the document is read as usual, and we write `max_tx_power` only.
    let s: WifiStaSettings = parse(
        "full document with both",
        r#"{"enable": "true", "name": "sjj", "static_ip": false, "ip": "0.0.0.0",
            "max_power": 21, "max_tx_power": 17, "future_field": [1]}"#,
    );
    assert_eq!((s.enable, s.name.as_deref()), (Some(true), Some("sjj")));
    assert_eq!(
        (s.static_ip, s.ip.as_deref()),
        (Some(false), Some("0.0.0.0"))
    );
    assert_eq!(
        serde_json::to_string(&s).expect("serializes"),
        r#"{"enable":true,"name":"sjj","max_tx_power":17.0,"static_ip":false,"ip":"0.0.0.0"}"#
    );
}
