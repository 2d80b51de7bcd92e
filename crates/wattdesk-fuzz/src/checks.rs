//! The checks themselves. Inputs are split where a target needs more than one value: the first
//! byte(s) choose cut points or a variant, the rest is the payload.

use bytes::Bytes;
use futures_util::{stream, StreamExt};
use whatwatt::models::{
    eth::EthSettings, live::LiveEvent, meter_settings::MeterSettings, mqtt_settings::MqttSettings,
    report::ReportEnvelope, scalers::Scaler, sdcard::DirectoryListing, settings::Settings,
    system::SystemInfo, variables::Variables, wifi::WifiNetwork, wifi::WifiStaSettings,
};
use whatwatt::mqtt::{Mapping, Quantity};
use whatwatt::{LiveStream, Reading};

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Every number a reading carries is finite (NaN or infinity would poison charts and sums).
fn sane(r: &Reading) {
    let v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object() {
        for (k, x) in o {
            if let Some(f) = x.as_f64() {
                assert!(f.is_finite(), "{k} = {f}");
            }
        }
    }
}

/// The live stream's bytes, cut into chunks where the first byte says.
pub fn sse_framing(data: &[u8]) {
    let Some((&cut, body)) = data.split_first() else {
        return;
    };
    let step = usize::from(cut).max(1);
    let chunks: Vec<Result<Bytes, String>> = body
        .chunks(step)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    // One runtime for every input (making one per input was most of the time spent).
    thread_local! {
        static RT: Option<tokio::runtime::Runtime> =
            tokio::runtime::Builder::new_current_thread().build().ok();
    }
    let out: Vec<_> = RT.with(|rt| match rt {
        Some(rt) => rt.block_on(LiveStream::from_bytes(stream::iter(chunks), None).collect()),
        None => Vec::new(),
    });
    for r in out.iter().flatten() {
        sane(r);
    }
}

/// Every device document model, from the same bytes.
pub fn device_json(data: &[u8]) {
    let _ = serde_json::from_slice::<SystemInfo>(data);
    let _ = serde_json::from_slice::<ReportEnvelope>(data);
    let _ = serde_json::from_slice::<LiveEvent>(data);
    let _ = serde_json::from_slice::<Settings>(data);
    let _ = serde_json::from_slice::<MeterSettings>(data);
    let _ = serde_json::from_slice::<MqttSettings>(data);
    let _ = serde_json::from_slice::<WifiStaSettings>(data);
    let _ = serde_json::from_slice::<Vec<WifiNetwork>>(data);
    let _ = serde_json::from_slice::<EthSettings>(data);
    let _ = serde_json::from_slice::<Vec<Scaler>>(data);
    let _ = serde_json::from_slice::<Variables>(data);
    let _ = serde_json::from_slice::<DirectoryListing>(data);
    if let Ok(s) = serde_json::from_slice::<SystemInfo>(data) {
        let _ = s.is_plus();
        let _ = s.meter_interval_s();
    }
}

/// A report or live event converted to a reading: numbers stay finite, phases add up sensibly.
pub fn reading(data: &[u8]) {
    if let Ok(env) = serde_json::from_slice::<ReportEnvelope>(data) {
        let r = Reading::from_report(&env);
        sane(&r);
        let _ = r.net_power_kw();
        let _ = r.repeats(&r);
    }
    if let Ok(ev) = serde_json::from_slice::<LiveEvent>(data) {
        let r = Reading::from_live(&ev, None);
        sane(&r);
    }
}

/// A published payload, with every built-in mapping, the recognised one and a custom mapping made
/// from the payload's own keys.
pub fn mqtt_decode(data: &[u8]) {
    for mapping in [Mapping::wattdesk(), Mapping::home_assistant()] {
        if let Ok(d) = whatwatt::mqtt::decode(data, &mapping) {
            sane(&d.reading);
        }
    }
    if let Some(m) = Mapping::detect(data) {
        let _ = whatwatt::mqtt::decode(data, &m);
    }
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_slice::<serde_json::Value>(data) {
        let quantities = [
            Quantity::PowerImportKw,
            Quantity::UnixTime,
            Quantity::IsoTime,
        ];
        let custom = Mapping(
            o.keys()
                .zip(quantities.iter().cycle())
                .map(|(k, q)| (k.clone(), *q))
                .collect(),
        );
        if let Ok(d) = whatwatt::mqtt::decode(data, &custom) {
            sane(&d.reading);
        }
    }
}

/// A template as the device stores it, mapped key by key: a key never holds a quote, and a
/// suggested quantity is the one the variable carries. (An empty key is valid JSON; the first
/// campaign's only finding was this check demanding otherwise, kept as a regression input.)
pub fn mapping_guess(data: &[u8]) {
    let guess = wattdesk_core::mapping_guess::guess_mapping(&text(data));
    for f in &guess.fields {
        assert!(!f.key.contains('"'), "{f:?}");
        let of = Quantity::of_variable(&f.variable)
            .and_then(|q| serde_json::to_value(q).ok())
            .and_then(|v| v.as_str().map(str::to_owned));
        assert_eq!(f.quantity, of, "{f:?}");
    }
}

/// `WWW-Authenticate` header values; a Digest challenge is answered as the client would.
pub fn auth_challenge(data: &[u8]) {
    let t = text(data);
    let values: Vec<&str> = t.split('\n').collect();
    if let Some(whatwatt::auth::Challenge::Digest(d)) =
        whatwatt::auth::Challenge::pick(values.iter().copied())
    {
        let mut s = whatwatt::auth::DigestSession::new(d);
        let h = s.authorize("GET", "/api/v1/system", "pw");
        assert!(h.starts_with("Digest "), "{h}");
    }
}

/// A TXT record's raw bytes on a resolved `_http._tcp` service: a device is reported only with
/// `type=100` and a well-formed id.
pub fn mdns_txt(data: &[u8]) {
    // The record decoded as mdns-sd decodes it off the wire, then carried by a service as it is
    // when resolved.
    let props: Vec<mdns_sd::TxtProperty> =
        mdns_sd::TxtProperties::from(data).iter().cloned().collect();
    let Ok(service) = mdns_sd::ServiceInfo::new(
        whatwatt::discovery::SERVICE_TYPE,
        "x",
        "x.local.",
        "127.0.0.1",
        80,
        props,
    ) else {
        return;
    };
    let info = service.as_resolved_service();
    if let Some(d) = whatwatt::DiscoveredDevice::from_service(&info) {
        assert_eq!(d.device_id.len(), 12);
        assert!(d
            .device_id
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    }
}

/// A day's CSV file from the SD card.
pub fn sdcard_csv(data: &[u8]) {
    if let Ok(rows) = whatwatt::models::sdcard::parse_csv(&text(data)) {
        for r in rows {
            let _ = serde_json::to_string(&r);
        }
    }
}

/// A broker address as a user types it, and a topic.
pub fn broker_url(data: &[u8]) {
    let t = text(data);
    let (url, topic) = t.split_once('\n').unwrap_or((&t, ""));
    if let Ok(e) = wattdesk_core::live::broker::BrokerEndpoint::parse(url) {
        let again = wattdesk_core::live::broker::BrokerEndpoint::parse(&e.url());
        assert!(again.is_ok(), "{} does not parse again", e.url());
        let _ = e.is_loopback();
    }
    let _ = wattdesk_core::live::broker::BrokerEndpoint::plain_login_warning(url, Some("u"), true);
    let _ = wattdesk_core::live::broker::check_topic(topic);
}

/// The saved-meters file.
pub fn registry_file(data: &[u8]) {
    if let Ok((meters, brokers)) = wattdesk_core::registry::decode(data) {
        for m in &meters {
            let _ = m.is(&m.device_id);
            let _ = m.mqtt.as_ref().map(|q| q.mapping.mapping());
        }
        let _ = brokers.len();
    }
}

/// A settings document from the device, or a backup file the user opens: every catalogue field is
/// read out and checked against its rule, and the partial body built from what passes. A backup
/// that parses keeps its shape.
pub fn settings_doc(data: &[u8]) {
    use wattdesk_core::settings::{catalogue, document, rules};
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        for g in catalogue::GROUPS {
            let snap = document::snapshot(g, &v);
            let mut ok = std::collections::BTreeMap::new();
            for (key, value) in &snap.values {
                let field = catalogue::find(key).expect("snapshot keys come from the catalogue");
                if let Ok(checked) = rules::check(field, value) {
                    assert!(
                        !checked.is_null() || matches!(field.kind, catalogue::Kind::Decimal { .. })
                    );
                    ok.insert(key.clone(), checked);
                }
                if let Some(text) = value.as_str() {
                    let _ = rules::parse_text(field, text);
                }
            }
            let body = document::partial_body(g, &ok);
            assert!(body.is_object());
        }
    }
    if let Ok(b) = serde_json::from_slice::<wattdesk_core::ipc::SettingsBackup>(data) {
        let _ = wattdesk_core::settings::scalers::check_custom(
            &b.custom_scalers
                .iter()
                .map(|s| wattdesk_core::ipc::ScalerRow {
                    obis: s.obis.clone(),
                    scaler: s.scaler.unwrap_or(0),
                })
                .collect::<Vec<_>>(),
        );
    }
}
