//! Configuration documents: GET shows them (secrets hidden), PUT merges, POST replaces, each answered
//! with the stored result; out-of-range values get a 400 naming the field.

use super::error::ApiError;
use crate::device::{Ctl, Shared, WifiLink};
use crate::meter::{Key, MeterFault};
use crate::state::{self, apply};
use crate::validate;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::Json;
use std::sync::Arc;
use whatwatt::models::{
    eth::EthSettings, meter_settings::MeterSettings, mqtt_settings::MqttSettings, scalers::Scaler,
    settings::Settings, wifi::WifiStaSettings,
};

fn replace(method: &Method) -> bool {
    method == Method::POST
}

pub async fn get_settings(State(sh): State<Arc<Shared>>) -> Json<Settings> {
    Json(state::settings_view(&sh.state().settings))
}

pub async fn write_settings(
    State(sh): State<Arc<Shared>>,
    method: Method,
    body: Bytes,
) -> Result<Json<Settings>, ApiError> {
    let (view, broadcast_changed) = {
        let mut st = sh.state();
        // POST: the docs conflict. settings.md says unspecified fields reset to zero/empty/false;
        // rest-conventions.md says missing required fields are a 400. Both hold here: the omitted
        // fields become zero/empty/false, and where zero is not allowed (report_interval 1..3600,
        // sd.frequency 1..1440, ...) the validation below answers 400 naming the field.
        let mut new = apply(
            &st.settings,
            &state::zeroed(&state::default_settings(&sh.id)),
            &body,
            replace(&method),
        )?;
        let ethernet_up = sh.cfg.ethernet && st.eth.enable != Some(false);
        validate::settings(&new, ethernet_up)?;
        // An invalid custom NTP server is not an error (docs: settings): it is discarded and its
        // use switched off.
        if let Some(sys) = new.system.as_mut() {
            let server = sys.custom_ntp_server.clone().unwrap_or_default();
            if !server.is_empty() && !validate::valid_host(&server) {
                sys.custom_ntp_server = Some(String::new());
                sys.use_custom_ntp_server = Some(false);
            }
        }
        let before = st.broadcast();
        st.settings = new;
        (state::settings_view(&st.settings), before != st.broadcast())
    };
    sh.config_changed();
    if broadcast_changed {
        let _ = sh.ctl.send(Ctl::BroadcastChanged);
    }
    Ok(Json(view))
}

pub async fn get_meter(State(sh): State<Arc<Shared>>) -> Json<MeterSettings> {
    Json(state::meter_view(&sh.state().meter))
}

pub async fn write_meter(
    State(sh): State<Arc<Shared>>,
    method: Method,
    body: Bytes,
) -> Result<Json<MeterSettings>, ApiError> {
    let (view, key, chosen) = {
        let mut st = sh.state();
        let mut new = apply(&st.meter, &state::default_meter(), &body, replace(&method))?;
        validate::meter(&new)?;
        // 32 zeros clear a key (docs: meter-comm).
        for key in [&mut new.encryption_key, &mut new.authentication_key] {
            if key
                .as_ref()
                .is_some_and(|k| k.expose().chars().all(|c| c == '0'))
            {
                *key = None;
            }
        }
        let key = match (&new.encryption_key, &sh.cfg.meter_key) {
            _ if new.encryption != Some(true) => Key::Missing,
            (None, _) => Key::Missing,
            (Some(k), Some(right)) if !k.expose().eq_ignore_ascii_case(right) => Key::Wrong,
            (Some(_), _) => Key::Right,
        };
        let chosen = (new.if_type.clone(), new.protocol.clone());
        st.meter = new;
        (state::meter_view(&st.meter), key, chosen)
    };
    let chosen_is_right = sh
        .cfg
        .meter
        .accepts(chosen.0.as_deref(), chosen.1.as_deref());
    sh.change_meter(|meter| {
        meter.set_key(key);
        // Choosing the meter's own interface and protocol by hand gets past a failed recognition.
        if meter.fault() == Some(MeterFault::Unrecognized) && chosen_is_right {
            meter.set_fault(None);
        }
    });
    sh.config_changed();
    Ok(Json(view))
}

pub async fn get_mqtt(State(sh): State<Arc<Shared>>) -> Json<MqttSettings> {
    Json(state::mqtt_view(&sh.state().mqtt))
}

pub async fn write_mqtt(
    State(sh): State<Arc<Shared>>,
    method: Method,
    body: Bytes,
) -> Result<Json<MqttSettings>, ApiError> {
    let view = {
        let mut st = sh.state();
        let new = apply(&st.mqtt, &state::default_mqtt(), &body, replace(&method))?;
        validate::mqtt(&new)?;
        st.mqtt = new;
        state::mqtt_view(&st.mqtt)
    };
    sh.config_changed();
    Ok(Json(view))
}

pub async fn get_wifi(State(sh): State<Arc<Shared>>) -> Json<WifiStaSettings> {
    Json(state::wifi_view(&sh.state().wifi_sta))
}

pub async fn write_wifi(
    State(sh): State<Arc<Shared>>,
    method: Method,
    body: Bytes,
) -> Result<Json<WifiStaSettings>, ApiError> {
    let body = wifi_spelling(&body)?;
    let (view, configured) = {
        let mut st = sh.state();
        let new = apply(
            &st.wifi_sta,
            &state::default_wifi_sta(),
            &body,
            replace(&method),
        )?;
        validate::wifi_sta(&new)?;
        st.wifi_sta = new;
        (state::wifi_view(&st.wifi_sta), st.wifi_configured())
    };
    sh.config_changed();
    if configured {
        // A new attempt begins: the last one's failure is no longer the news.
        let mut rt = sh.rt();
        if matches!(rt.wifi, WifiLink::Failed(_)) {
            rt.wifi = WifiLink::Unconfigured;
        }
        drop(rt);
        let _ = sh.ctl.send(Ctl::WifiConfigured);
    }
    Ok(Json(view))
}

/// The OpenAPI's writable name for the transmit power is `max_power`, the docs' `max_tx_power`: a
/// request may use either (with both, `max_tx_power` wins). Renamed in the request itself, before it
/// meets the stored settings, so it changes the value instead of losing to the stored spelling.
fn wifi_spelling(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let mut v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("invalid JSON: {e}")))?;
    if let Some(m) = v.as_object_mut() {
        if let Some(p) = m.remove("max_power") {
            m.entry("max_tx_power").or_insert(p);
        }
    }
    Ok(serde_json::to_vec(&v).unwrap_or_default())
}

pub async fn delete_wifi(State(sh): State<Arc<Shared>>) -> StatusCode {
    sh.state().wifi_sta = state::default_wifi_sta();
    sh.config_changed();
    StatusCode::NO_CONTENT
}

pub async fn wps(State(sh): State<Arc<Shared>>) -> StatusCode {
    sh.rt().wps_until = Some(std::time::Instant::now() + sh.cfg.wps_window);
    let _ = sh.ctl.send(Ctl::WpsStarted);
    StatusCode::NO_CONTENT
}

pub async fn get_eth(State(sh): State<Arc<Shared>>) -> Json<EthSettings> {
    Json(sh.state().eth.clone())
}

pub async fn write_eth(
    State(sh): State<Arc<Shared>>,
    method: Method,
    body: Bytes,
) -> Result<Json<EthSettings>, ApiError> {
    let view = {
        let mut st = sh.state();
        let new = apply(&st.eth, &state::default_eth(), &body, replace(&method))?;
        validate::eth(&new)?;
        st.eth = new;
        st.eth.clone()
    };
    sh.config_changed();
    Ok(Json(view))
}

pub async fn get_scalers(State(sh): State<Arc<Shared>>) -> Json<Vec<Scaler>> {
    Json(sh.state().scalers_custom.clone())
}

pub async fn set_scalers(
    State(sh): State<Arc<Shared>>,
    body: Bytes,
) -> Result<Json<Vec<Scaler>>, ApiError> {
    let list: Vec<Scaler> = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("expected an array of {{obis, scaler}}: {e}")))?;
    validate::scalers(&list)?;
    sh.state().scalers_custom = list.clone();
    sh.config_changed();
    Ok(Json(list))
}

pub async fn wifi_scan(State(sh): State<Arc<Shared>>) -> Json<serde_json::Value> {
    let t = sh.uptime_s() as i64;
    let list: Vec<serde_json::Value> = crate::wifi::NETWORKS
        .iter()
        .enumerate()
        .map(|(i, n)| {
            // Signal levels drift a little between scans.
            let rssi = n.rssi + ((t + i as i64 * 3) % 5 - 2) as i32;
            let signal = (2 * (rssi + 100)).clamp(0, 100);
            serde_json::json!({
                "ssid": if n.hidden { "" } else { n.ssid }, "bssid": n.bssid,
                "channel": n.channel, "ht": n.ht, "rssi": rssi, "signal": signal,
                "auth_mode": n.auth, "pairwise_cipher": n.cipher, "group_cipher": n.cipher,
                "phy": "bgn",
                // The real scan quotes this boolean (docs: wifi-scan example).
                "wps": if n.wps { "true" } else { "false" }, "country": "CH",
            })
        })
        .collect();
    Json(serde_json::Value::Array(list))
}
