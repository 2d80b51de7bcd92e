//! Read-only documents: `/api/v1/system`, `/api/v1/report`, `/api/v1/variables`,
//! `/api/v1/template/test`, `/api/v1/meter/scalers/current`.

use super::error::ApiError;
use crate::config::{AuthScheme, License};
use crate::device::{lock, Shared, WifiLink};
use crate::template::{format_number, render};
use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use chrono::SecondsFormat;
use std::sync::Arc;
use whatwatt::models::report::{ReportEnvelope, ReportMeter, ReportSystem};
use whatwatt::models::scalers::Scaler;
use whatwatt::models::system::*;
use whatwatt::models::variables::Variables;

pub fn require_plus(shared: &Shared) -> Result<(), ApiError> {
    match shared.license() {
        License::Plus => Ok(()),
        License::Free => Err(ApiError::LicenseRequired),
    }
}

fn firmware(shared: &Shared) -> &'static str {
    // Basic auth means firmware before 1.10 (docs: auth note).
    match shared.cfg.auth {
        AuthScheme::Basic => "1.9.6",
        _ => "1.10.3",
    }
}

fn mac(id: &str, last_add: u8) -> String {
    let mut m = id.to_owned();
    if let Ok(last) = u8::from_str_radix(&id[id.len().saturating_sub(2)..], 16) {
        m.replace_range(
            id.len() - 2..,
            &format!("{:02X}", last.wrapping_add(last_add)),
        );
    }
    m
}

pub fn system_info(shared: &Shared) -> SystemInfo {
    let st = shared.state().clone();
    let (link, boot_wall, uptime, license, latest, wps, wifi) = {
        let rt = shared.rt();
        (
            rt.link,
            rt.boot_wall,
            rt.boot_at.elapsed().as_secs(),
            rt.license,
            rt.latest.clone(),
            rt.wps_until.is_some_and(|t| t > std::time::Instant::now()),
            rt.wifi,
        )
    };
    let mqtt = *lock(&shared.mqtt);
    let addrs = shared.addrs.borrow().clone();
    let offset = shared.offset();
    let now = shared.now().with_timezone(&offset);
    let boot_local = boot_wall.with_timezone(&offset);
    let services = st.settings.services.clone().unwrap_or_default();
    let cloud = services.cloud.clone().unwrap_or_default();
    let cfg = &shared.cfg;
    let mbus = cfg.meter.interface == "MBUS";
    // Supply voltages wobble a little, like the real ADC readings.
    let wobble = ((uptime % 17) as f64 - 8.0) / 400.0;
    let ap_mode = wifi != WifiLink::Joined;
    let wired = cfg.ethernet && st.eth.enable != Some(false) && addrs.station.is_some();
    SystemInfo {
        device: Device {
            name: st.settings.system.as_ref().and_then(|s| s.name.clone()),
            id: shared.id.clone(),
            model: Some("WW_Go_1.2".into()),
            firmware: Some(firmware(shared).into()),
            build: Some("11b8102-68dfd692".into()),
            upgrade_capable: Some(true),
            date: Some(now.format("%Y-%m-%d").to_string()),
            time: Some(now.format("%H:%M:%S").to_string()),
            time_since_boot: Some(uptime),
            last_reboot: Some(DateAndTime {
                date: Some(boot_local.format("%Y-%m-%d").to_string()),
                time: Some(boot_local.format("%H:%M:%S").to_string()),
            }),
            plug: Some(Plug {
                v_usb: Some(if mbus { 0.0 } else { 5.16 }),
                v_mbus: Some(if mbus { 13.94 + wobble } else { 0.0 }),
                v_p1: Some(if mbus { 0.0 } else { 5.02 + wobble }),
                // A sagging reserve sits around 4.2 V (docs: keep it above 4.5 V).
                v_scap: Some(
                    if shared.scap_sag.load(std::sync::atomic::Ordering::Relaxed) {
                        4.21
                    } else {
                        4.87
                    } + wobble,
                ),
            }),
            license: Some(whatwatt::models::system::License {
                kind: Some(license.as_str().into()),
                activation_date: (license == License::Plus)
                    .then(|| "2025-09-24T11:05:41Z".to_owned()),
            }),
        },
        clouds: Some(Clouds {
            whatwatt: Some(CloudState {
                enabled: cloud.what_watt,
                // No internet for the simulator: the cloud never connects.
                connected: Some(false),
                registered: Some(true),
                status: None,
            }),
            mystrom: Some(CloudState {
                enabled: cloud.mystrom,
                status: Some(
                    if cloud.mystrom == Some(true) && license == License::Plus {
                        "DISCONNECTED"
                    } else {
                        "DISABLED"
                    }
                    .into(),
                ),
                ..CloudState::default()
            }),
            solar_manager: Some(CloudState {
                enabled: cloud.solar_manager,
                connected: Some(false),
                ..CloudState::default()
            }),
            mqtc: Some(CloudState {
                enabled: Some(mqtt.enabled),
                connected: Some(mqtt.connected),
                ..CloudState::default()
            }),
            stromkonto: Some(CloudState {
                enabled: cloud.stromkonto,
                connected: Some(false),
                ..CloudState::default()
            }),
        }),
        services: Some(serde_json::json!({"berry": {"execution_status": {"state": "IDLE"}}})),
        meter: Some(SystemMeter {
            status: Some(link.as_str().into()),
            interface: Some(cfg.meter.interface.into()),
            id: Some(String::new()),
            manufacturer: Some(cfg.meter.vendor.into()),
            kind: Some(shared.meter_ident()),
            model: Some(String::new()),
            protocol: Some(cfg.meter.protocol.into()),
            protocol_version: Some(cfg.meter.protocol_version.into()),
            report_interval: Some(cfg.interval()),
            enc_en: Some(cfg.key_required),
            auth_en: Some(false),
            tariff: latest.as_ref().map(|s| s.tariff),
            date: Some(now.format("%Y-%m-%d").to_string()),
            time: Some(now.format("%H:%M:%S").to_string()),
        }),
        wifi: Some(SystemWifi {
            ssid: if ap_mode {
                Some(format!("whatwatt_{}", &shared.id[6..]))
            } else {
                st.wifi_sta.name.clone()
            },
            bssid: Some("DC15C84FBAB6".into()),
            channel: Some(6),
            ht: Some("20".into()),
            rssi: Some(-58 + (uptime % 5) as i32),
            signal: Some(84),
            auth_mode: Some("WPA2-WPA3".into()),
            pairwise_cipher: Some("CCMP".into()),
            group_cipher: Some("CCMP".into()),
            phy: Some("bgn".into()),
            wps: Some(wps),
            country: Some("CH".into()),
            mac: Some(shared.id.clone()),
            ip: if ap_mode { addrs.ap } else { addrs.station }.map(|a| a.ip().to_string()),
            mask: Some("255.0.0.0".into()),
            gateway: Some("127.0.0.1".into()),
            dns: Some("127.0.0.1".into()),
            status: Some(
                match wifi {
                    WifiLink::Off => "Disabled",
                    WifiLink::Failed(_) => "Error",
                    WifiLink::Unconfigured => "Disconnected",
                    WifiLink::Joined => "OK",
                }
                .into(),
            ),
            mode: Some(if ap_mode { "AP" } else { "STA" }.into()),
        }),
        ethernet: Some(SystemEthernet {
            mac: Some(mac(&shared.id, 3)),
            status: Some(if wired { "Up" } else { "Down" }.into()),
            ip: Some(match addrs.station.filter(|_| wired) {
                Some(a) => a.ip().to_string(),
                None => "0.0.0.0".into(),
            }),
            mask: Some(if wired { "255.0.0.0" } else { "0.0.0.0" }.into()),
            gateway: Some(if wired { "127.0.0.1" } else { "0.0.0.0" }.into()),
            dns: Some(if wired { "127.0.0.1" } else { "0.0.0.0" }.into()),
        }),
        sd_card: Some(SdCardInfo {
            installed: Some(cfg.sd_card),
            kind: cfg.sd_card.then(|| "SDHC/SDXC".to_owned()),
            size: cfg.sd_card.then_some(7618),
            speed: cfg.sd_card.then_some(20),
        }),
    }
}

pub async fn system(State(shared): State<Arc<Shared>>) -> Json<SystemInfo> {
    Json(system_info(&shared))
}

pub async fn report(State(shared): State<Arc<Shared>>) -> Result<Json<ReportEnvelope>, ApiError> {
    require_plus(&shared)?;
    let (latest, link, boot_id) = {
        let rt = shared.rt();
        (rt.latest.clone(), rt.link, rt.boot_id.clone())
    };
    let cfg = &shared.cfg;
    let now = shared.now();
    let offset = shared.offset();
    let local = now.with_timezone(&offset);
    Ok(Json(ReportEnvelope {
        report: latest.as_ref().map(|s| s.report()),
        meter: Some(ReportMeter {
            status: Some(link.as_str().into()),
            interface: Some(cfg.meter.interface.into()),
            protocol: Some(cfg.meter.protocol.into()),
            protocol_version: (!cfg.meter.protocol_version.is_empty())
                .then(|| cfg.meter.protocol_version.to_owned()),
            logical_name: Some(shared.meter_ident()),
            id: None,
            model: None,
            vendor: Some(cfg.meter.vendor.into()),
            prefix: Some(cfg.meter.prefix.into()),
        }),
        system: Some(ReportSystem {
            id: Some(shared.id.clone()),
            date_time: Some(format!("{}Z", local.format("%Y-%m-%dT%H:%M:%S"))),
            date_time_local: Some(local.to_rfc3339_opts(SecondsFormat::Secs, false)),
            date_time_utc: Some(now.to_rfc3339_opts(SecondsFormat::Secs, true)),
            boot_id: Some(boot_id),
            time_since_boot: Some(shared.uptime_s().floor()),
        }),
    }))
}

/// Every template variable, in the device's order; `None` = "null".
pub fn variables_list(shared: &Shared) -> Vec<(String, Option<String>)> {
    let sys = system_info(shared);
    let latest = shared.rt().latest.clone();
    let offset = shared.offset();
    let now = shared.now();
    let local = now.with_timezone(&offset);
    let mut v: Vec<(String, Option<String>)> = vec![
        ("sys.name".into(), sys.device.name.clone()),
        ("sys.id".into(), Some(shared.id.clone())),
        ("sys.firmware".into(), sys.device.firmware.clone()),
        (
            "sys.date_time".into(),
            Some(format!("{}Z", local.format("%Y-%m-%dT%H:%M:%S"))),
        ),
        (
            "sys.date_time_local".into(),
            Some(local.to_rfc3339_opts(SecondsFormat::Secs, false)),
        ),
        (
            "sys.date_time_utc".into(),
            Some(now.to_rfc3339_opts(SecondsFormat::Secs, true)),
        ),
    ];
    if let Some(s) = &latest {
        v.extend(s.variables().into_iter().map(|(n, x)| (n.to_owned(), x)));
    }
    let m = sys.meter.clone().unwrap_or_default();
    let w = sys.wifi.clone().unwrap_or_default();
    let p = sys.device.plug.clone().unwrap_or_default();
    let num = |x: Option<f64>| x.map(format_number);
    v.extend([
        ("meter.id".into(), m.id.clone()),
        ("meter.type".into(), m.kind.clone()),
        ("meter.vendor".into(), m.manufacturer.clone()),
        ("meter.model".into(), m.model.clone()),
        ("meter.interface".into(), m.interface.clone()),
        ("meter.protocol".into(), m.protocol.clone()),
        ("meter.protocol_ver".into(), m.protocol_version.clone()),
        ("meter.status".into(), m.status.clone()),
        ("plug.interface".into(), m.interface.clone()),
        ("plug.voltage.usb".into(), num(p.v_usb)),
        ("plug.voltage.p1".into(), num(p.v_p1)),
        ("plug.voltage.mbus".into(), num(p.v_mbus)),
        (
            "wifi.mode".into(),
            w.mode.as_deref().map(str::to_ascii_lowercase),
        ),
        (
            "wifi.sta.status".into(),
            w.status.as_deref().map(str::to_ascii_lowercase),
        ),
        ("wifi.sta.ssid".into(), w.ssid.clone()),
        ("wifi.sta.bssid".into(), w.bssid.clone()),
        ("wifi.sta.rssi".into(), w.rssi.map(|r| r.to_string())),
        ("wifi.sta.channel".into(), w.channel.map(|c| c.to_string())),
        ("wifi.sta.mac".into(), w.mac.clone()),
        ("wifi.sta.ip".into(), w.ip.clone()),
        ("wifi.sta.mask".into(), w.mask.clone()),
        ("wifi.sta.gw".into(), w.gateway.clone()),
        ("wifi.sta.dns".into(), w.dns.clone()),
    ]);
    v
}

/// What `${name}` expands to: measurements without a value become `null` (valid JSON when unquoted),
/// text without a value the empty string (docs: template.md).
pub fn lookup(vars: &[(String, Option<String>)], name: &str) -> Option<String> {
    let (_, value) = vars.iter().find(|(n, _)| n == name)?;
    let numeric = name.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || name.starts_with("power.")
        || name.starts_with("energy.");
    Some(match value {
        Some(v) => v.clone(),
        None if numeric => "null".into(),
        None => String::new(),
    })
}

pub async fn variables(State(shared): State<Arc<Shared>>) -> Result<Json<Variables>, ApiError> {
    require_plus(&shared)?;
    Ok(Json(Variables(
        variables_list(&shared)
            .into_iter()
            .map(|(n, v)| (n, v.unwrap_or_else(|| "null".into())))
            .collect(),
    )))
}

/// The docs name this endpoint but not its body: we accept `{"template": "..."}` or the raw template
/// text, and answer the rendered text.
pub async fn template_test(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Result<String, ApiError> {
    require_plus(&shared)?;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::BadRequest("template is not UTF-8".into()))?;
    let template = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(o)) => o
            .get("template")
            .and_then(|t| t.as_str())
            .map(str::to_owned)
            .ok_or_else(|| ApiError::BadRequest("missing \"template\"".into()))?,
        _ => text,
    };
    if template.chars().count() > 1023 {
        return Err(ApiError::BadRequest(
            "template: length must be 0..1023 characters".into(),
        ));
    }
    let vars = variables_list(&shared);
    Ok(render(&template, |n| lookup(&vars, n)))
}

pub async fn scalers_current(State(shared): State<Arc<Shared>>) -> Json<Vec<Scaler>> {
    // Only DLMS meters expose scalers (docs: scalers-current).
    if shared.cfg.meter.protocol != "DLMS" {
        return Json(Vec::new());
    }
    let custom = shared.state().scalers_custom.clone();
    let mut list: Vec<Scaler> = [
        ("1.8.0", 0),
        ("2.8.0", 0),
        ("3.8.0", 0),
        ("4.8.0", 0),
        ("1.7.0", 0),
        ("2.7.0", 0),
        ("32.7.0", 0),
        ("52.7.0", 0),
        ("72.7.0", 0),
        ("31.7.0", -2),
        ("51.7.0", -2),
        ("71.7.0", -2),
    ]
    .into_iter()
    .map(|(o, s)| Scaler {
        obis: o.into(),
        scaler: Some(s),
    })
    .collect();
    for s in &mut list {
        let (c, d) = {
            let mut p = s.obis.split('.');
            (
                p.next().unwrap_or_default().to_owned(),
                p.next().unwrap_or_default().to_owned(),
            )
        };
        if let Some(o) = custom
            .iter()
            .find(|x| x.obis == s.obis || x.obis == format!("{c}.{d}.255"))
        {
            s.scaler = o.scaler;
        }
    }
    Json(list)
}
