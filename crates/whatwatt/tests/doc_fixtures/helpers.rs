//! The fixtures (verbatim copies of the documentation's examples) and the helpers every module shares:
//! parsing with a readable panic, and the JSON transforms the leniency tests apply to every fixture.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fmt::Debug;
use whatwatt::models::eth::EthSettings;
use whatwatt::models::live::LiveEvent;
use whatwatt::models::meter_settings::MeterSettings;
use whatwatt::models::mqtt_settings::MqttSettings;
use whatwatt::models::report::ReportEnvelope;
use whatwatt::models::scalers::Scaler;
use whatwatt::models::sdcard::DirectoryListing;
use whatwatt::models::settings::Settings;
use whatwatt::models::system::SystemInfo;
use whatwatt::models::variables::Variables;
use whatwatt::models::wifi::{WifiNetwork, WifiStaSettings};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../fixtures/docs/", $name))
    };
}

pub(crate) const SYSTEM: &str = fixture!("system.json");
pub(crate) const REPORT_LGZ: &str = fixture!("report_lgz_mbus.json");
pub(crate) const REPORT_ENSOR: &str = fixture!("report_ensor_p1.json");
pub(crate) const REPORT_LOXONE: &str = fixture!("report_loxone.json");
pub(crate) const LIVE: &str = fixture!("live_event.json");
pub(crate) const SETTINGS: &str = fixture!("settings.json");
pub(crate) const SETTINGS_BERRY: &str = fixture!("settings_berry.json");
pub(crate) const METER_SETTINGS: &str = fixture!("meter_settings.json");
pub(crate) const MQTT_CLIENT: &str = fixture!("mqtt_settings_client.json");
pub(crate) const MQTT_PROVISION: &str = fixture!("mqtt_settings_provision_verify.json");
pub(crate) const MQTT_SETUP_SCRIPT: &str = fixture!("mqtt_settings_setup_script.json");
pub(crate) const WIFI_SCAN: &str = fixture!("wifi_scan.json");
pub(crate) const WIFI_STA: &str = fixture!("wifi_sta_settings.json");
pub(crate) const ETH: &str = fixture!("eth_settings.json");
pub(crate) const VARIABLES: &str = fixture!("variables.json");
pub(crate) const SCALERS_CURRENT: &str = fixture!("scalers_current.json");
pub(crate) const SCALERS_CUSTOM: &str = fixture!("scalers_custom.json");
pub(crate) const SD_LISTING: &str = fixture!("sdcard_listing.json");
pub(crate) const SD_LISTING_USAGE: &str = fixture!("sdcard_listing_usage_examples.json");
pub(crate) const SD_CSV: &str = fixture!("sdcard_report.csv");

pub(crate) const OAS_SYSTEM: &str = fixture!("openapi_system.json");
pub(crate) const OAS_REPORT: &str = fixture!("openapi_report.json");
pub(crate) const OAS_SETTINGS_GET: &str = fixture!("openapi_settings_get.json");
pub(crate) const OAS_SETTINGS_PUT: &str = fixture!("openapi_settings_put.json");
pub(crate) const OAS_SETTINGS_POST: &str = fixture!("openapi_settings_post.json");
pub(crate) const OAS_WIFI_SCAN: &str = fixture!("openapi_wifi_scan.json");
pub(crate) const OAS_WIFI_STA: &str = fixture!("openapi_wifi_sta_settings.json");
pub(crate) const OAS_ETH: &str = fixture!("openapi_eth_settings.json");
pub(crate) const OAS_SD_LISTING: &str = fixture!("openapi_sdcard_listing.json");

pub(crate) fn parse<T: DeserializeOwned>(what: &str, text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} does not parse: {e}"))
}

pub(crate) fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("valid RFC 3339 test timestamp")
}

pub(crate) fn assert_close(actual: Option<f64>, expected: f64, what: &str) {
    let a = actual.unwrap_or_else(|| panic!("{what}: expected {expected}, got None"));
    let tol = 1e-9 * expected.abs().max(1.0);
    assert!(
        (a - expected).abs() <= tol,
        "{what}: expected {expected}, got {a}"
    );
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Kind {
    System,
    Report,
    Live,
    Settings,
    MeterSettings,
    Mqtt,
    WifiScan,
    WifiSta,
    Eth,
    Variables,
    Scalers,
    Listing,
}

pub(crate) const JSON_FIXTURES: &[(&str, &str, Kind)] = &[
    ("system.json", SYSTEM, Kind::System),
    ("openapi_system.json", OAS_SYSTEM, Kind::System),
    ("report_lgz_mbus.json", REPORT_LGZ, Kind::Report),
    ("report_ensor_p1.json", REPORT_ENSOR, Kind::Report),
    ("report_loxone.json", REPORT_LOXONE, Kind::Report),
    ("openapi_report.json", OAS_REPORT, Kind::Report),
    ("live_event.json", LIVE, Kind::Live),
    ("settings.json", SETTINGS, Kind::Settings),
    ("settings_berry.json", SETTINGS_BERRY, Kind::Settings),
    (
        "openapi_settings_get.json",
        OAS_SETTINGS_GET,
        Kind::Settings,
    ),
    (
        "openapi_settings_put.json",
        OAS_SETTINGS_PUT,
        Kind::Settings,
    ),
    (
        "openapi_settings_post.json",
        OAS_SETTINGS_POST,
        Kind::Settings,
    ),
    ("meter_settings.json", METER_SETTINGS, Kind::MeterSettings),
    ("mqtt_settings_client.json", MQTT_CLIENT, Kind::Mqtt),
    (
        "mqtt_settings_provision_verify.json",
        MQTT_PROVISION,
        Kind::Mqtt,
    ),
    (
        "mqtt_settings_setup_script.json",
        MQTT_SETUP_SCRIPT,
        Kind::Mqtt,
    ),
    ("wifi_scan.json", WIFI_SCAN, Kind::WifiScan),
    ("openapi_wifi_scan.json", OAS_WIFI_SCAN, Kind::WifiScan),
    ("wifi_sta_settings.json", WIFI_STA, Kind::WifiSta),
    (
        "openapi_wifi_sta_settings.json",
        OAS_WIFI_STA,
        Kind::WifiSta,
    ),
    ("eth_settings.json", ETH, Kind::Eth),
    ("openapi_eth_settings.json", OAS_ETH, Kind::Eth),
    ("variables.json", VARIABLES, Kind::Variables),
    ("scalers_current.json", SCALERS_CURRENT, Kind::Scalers),
    ("scalers_custom.json", SCALERS_CUSTOM, Kind::Scalers),
    ("sdcard_listing.json", SD_LISTING, Kind::Listing),
    (
        "sdcard_listing_usage_examples.json",
        SD_LISTING_USAGE,
        Kind::Listing,
    ),
    ("openapi_sdcard_listing.json", OAS_SD_LISTING, Kind::Listing),
];

pub(crate) fn same_as<T: DeserializeOwned + PartialEq + Debug>(
    name: &str,
    expected: &Value,
    variant: &Value,
) {
    let want: T = serde_json::from_value(expected.clone())
        .unwrap_or_else(|e| panic!("{name}: expected document does not parse: {e}"));
    let got: T = serde_json::from_value(variant.clone())
        .unwrap_or_else(|e| panic!("{name}: variant does not parse: {e}\n{variant:#}"));
    assert_eq!(got, want, "{name}: variant decodes differently");
}

/// Asserts that `variant` decodes to the same model value as `expected`.
pub(crate) fn assert_same(kind: Kind, name: &str, expected: &Value, variant: &Value) {
    match kind {
        Kind::System => same_as::<SystemInfo>(name, expected, variant),
        Kind::Report => same_as::<ReportEnvelope>(name, expected, variant),
        Kind::Live => same_as::<LiveEvent>(name, expected, variant),
        Kind::Settings => same_as::<Settings>(name, expected, variant),
        Kind::MeterSettings => same_as::<MeterSettings>(name, expected, variant),
        Kind::Mqtt => same_as::<MqttSettings>(name, expected, variant),
        Kind::WifiScan => same_as::<Vec<WifiNetwork>>(name, expected, variant),
        Kind::WifiSta => same_as::<WifiStaSettings>(name, expected, variant),
        Kind::Eth => same_as::<EthSettings>(name, expected, variant),
        Kind::Variables => same_as::<Variables>(name, expected, variant),
        Kind::Scalers => same_as::<Vec<Scaler>>(name, expected, variant),
        Kind::Listing => same_as::<DirectoryListing>(name, expected, variant),
    }
}

pub(crate) fn value_of(name: &str, text: &str) -> Value {
    parse::<Value>(name, text)
}

/// Top-level members whose content the model keeps as raw JSON (`SystemInfo::services`): editing inside
/// them changes the decoded value by design, so the transforms leave them alone.
pub(crate) fn raw_members(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::System => &["services"],
        _ => &[],
    }
}

/// Calls `f` on every JSON object in `v` (innermost first), not descending into the top-level members
/// named in `skip`.
pub(crate) fn map_objects(v: &mut Value, skip: &[&str], f: &dyn Fn(&mut Map<String, Value>)) {
    fn walk(v: &mut Value, skip: &[&str], f: &dyn Fn(&mut Map<String, Value>)) {
        match v {
            Value::Object(m) => {
                for (k, child) in m.iter_mut() {
                    if !skip.contains(&k.as_str()) {
                        walk(child, &[], f);
                    }
                }
                f(m);
            }
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, &[], f)),
            _ => {}
        }
    }
    walk(v, skip, f)
}

pub(crate) fn map_scalars(v: &mut Value, f: &dyn Fn(&mut Value)) {
    match v {
        Value::Object(m) => m.values_mut().for_each(|c| map_scalars(c, f)),
        Value::Array(a) => a.iter_mut().for_each(|c| map_scalars(c, f)),
        scalar => f(scalar),
    }
}

pub(crate) fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, c| !c.is_null());
            m.values_mut().for_each(drop_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

pub(crate) fn rejects<T: DeserializeOwned + Debug>(what: &str, text: &str) {
    let r = serde_json::from_str::<T>(text);
    assert!(r.is_err(), "{what} must not parse, got {r:?}");
}
