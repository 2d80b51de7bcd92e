//! The device's stored configuration (what survives a reboot and what a factory reset wipes), with the
//! documented defaults and the GET views that hide write-only secrets.

use crate::config::SimConfig;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use whatwatt::models::{
    eth::EthSettings,
    meter_settings::MeterSettings,
    mqtt_settings::{MqttBroker, MqttClientCert, MqttPublish, MqttSettings},
    scalers::Scaler,
    settings::*,
    wifi::WifiStaSettings,
};
use whatwatt::Secret;

#[derive(Debug, Clone)]
pub struct DeviceState {
    pub settings: Settings,
    pub meter: MeterSettings,
    pub mqtt: MqttSettings,
    pub wifi_sta: WifiStaSettings,
    pub eth: EthSettings,
    pub scalers_custom: Vec<Scaler>,
    /// `whatwatt_XXXXXX`: what the device goes by while its stored host name is empty.
    pub default_host_name: String,
}

fn default_host_name(id: &str) -> String {
    format!("whatwatt_{}", &id[id.len().saturating_sub(6)..])
}

pub fn default_settings(id: &str) -> Settings {
    Settings {
        system: Some(SystemSettings {
            name: Some(String::new()),
            host_name: Some(default_host_name(id)),
            protection: Some(false),
            password: None,
            power_save: Some(false),
            p1_wifi_boost: Some(true),
            use_dhcp_ntp_server: Some(false),
            custom_ntp_server: Some(String::new()),
            use_custom_ntp_server: Some(false),
        }),
        services: Some(ServicesSettings {
            cloud: Some(CloudServices {
                what_watt: Some(true),
                solar_manager: Some(false),
                mystrom: Some(true),
                stromkonto: Some(false),
            }),
            local: Some(LocalServices {
                solar_manager: Some(false),
            }),
            broadcast: Some(true),
            other_energy_provider: Some(false),
            report_interval: Some(30),
            low_power_report: Some(false),
            log: Some(false),
            meter_proxy: Some(false),
            sd: Some(SdService {
                enable: Some(false),
                frequency: Some(15),
                recorder_mode: Some(false),
            }),
            modbus: Some(ModbusService {
                enable: Some(false),
                port: Some(502),
            }),
            berry: Some(BerryService {
                auto_run: Some(false),
                run_delay: Some(300),
            }),
        }),
    }
}

pub fn default_meter() -> MeterSettings {
    MeterSettings {
        baudrate: Some(115200),
        parity: Some("none".into()),
        stop_bits: Some("1".into()),
        buffer_size: Some(64),
        method: Some("Passive Push".into()),
        encryption: Some(false),
        encryption_key: None,
        authentication_key: None,
        rx_invert: Some(false),
        tx_invert: Some(false),
        auto_baudrate: Some(true),
        if_type: Some("auto".into()),
        protocol: Some("auto".into()),
        if_mode: Some("auto".into()),
        conv_factor: Some(1.0),
        time_offset: Some(0),
        sync_time_offset_with_ntp: Some(false),
        scalers_set: Some("default".into()),
    }
}

pub fn default_mqtt() -> MqttSettings {
    MqttSettings {
        enable: Some(false),
        url: Some(String::new()),
        username: Some(String::new()),
        password: None,
        client_id: Some(String::new()),
        skip_cn_check: Some(false),
        publish: Some(MqttPublish {
            topic: Some(String::new()),
            template: Some(String::new()),
        }),
        broker: Some(MqttBroker {
            certificate: Some(None),
        }),
        client: Some(MqttClientCert {
            certificate: Some(None),
            key: None,
            key_password: None,
        }),
        password_len: None,
        key_len: None,
        key_password_len: None,
    }
}

pub fn default_wifi_sta() -> WifiStaSettings {
    WifiStaSettings {
        enable: Some(false),
        name: Some(String::new()),
        password: None,
        static_ip: Some(false),
        ip: Some("0.0.0.0".into()),
        netmask: Some("0.0.0.0".into()),
        gateway: Some("0.0.0.0".into()),
        dns: Some("0.0.0.0".into()),
        max_tx_power: Some(17.0),
    }
}

pub fn default_eth() -> EthSettings {
    EthSettings {
        enable: Some(true),
        static_ip: Some(false),
        ip: Some("0.0.0.0".into()),
        netmask: Some("0.0.0.0".into()),
        gateway: Some("0.0.0.0".into()),
        dns: Some("0.0.0.0".into()),
    }
}

impl DeviceState {
    /// Factory state; the configured password and Wi-Fi (unless in setup mode) are then applied.
    pub fn factory(id: &str) -> DeviceState {
        DeviceState {
            settings: default_settings(id),
            meter: default_meter(),
            mqtt: default_mqtt(),
            wifi_sta: default_wifi_sta(),
            eth: default_eth(),
            scalers_custom: Vec::new(),
            default_host_name: default_host_name(id),
        }
    }

    pub fn initial(id: &str, cfg: &SimConfig) -> DeviceState {
        let mut s = DeviceState::factory(id);
        if let (Some(pw), Some(sys)) = (&cfg.password, s.settings.system.as_mut()) {
            sys.protection = Some(true);
            sys.password = Some(Secret::new(pw.clone()));
        }
        if !cfg.setup_mode {
            s.wifi_sta.enable = Some(true);
            s.wifi_sta.name = Some("HomeNet".into());
            s.wifi_sta.password = Some(Secret::new("homenet-wifi-pass"));
        }
        s
    }

    /// The password HTTP auth enforces, if protection is on and a password is set.
    pub fn enforced_password(&self) -> Option<String> {
        let sys = self.settings.system.as_ref()?;
        let pw = sys.password.as_ref().filter(|p| !p.is_empty())?;
        sys.protection
            .unwrap_or(false)
            .then(|| pw.expose().to_owned())
    }

    /// The host name in use: the stored one, or (stored empty, which the docs allow) the default
    /// `whatwatt_XXXXXX`, so the mDNS name and the Digest realm never go blank.
    pub fn host_name(&self) -> String {
        self.settings
            .system
            .as_ref()
            .and_then(|s| s.host_name.clone())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| self.default_host_name.clone())
    }

    pub fn broadcast(&self) -> bool {
        self.settings
            .services
            .as_ref()
            .and_then(|s| s.broadcast)
            .unwrap_or(true)
    }

    pub fn wifi_configured(&self) -> bool {
        self.wifi_sta.enable.unwrap_or(false)
            && self.wifi_sta.name.as_deref().is_some_and(|n| !n.is_empty())
    }
}

/// GET view of `/api/v1/settings`: the password is write-only.
pub fn settings_view(s: &Settings) -> Settings {
    let mut v = s.clone();
    if let Some(sys) = v.system.as_mut() {
        sys.password = None;
    }
    v
}

pub fn meter_view(m: &MeterSettings) -> MeterSettings {
    MeterSettings {
        encryption_key: None,
        authentication_key: None,
        ..m.clone()
    }
}

fn secret_len(s: Option<&Secret>) -> Option<u32> {
    Some(s.map_or(0, |s| s.len() as u32))
}

/// GET view of `/api/v1/mqtt/settings`: secrets replaced by their lengths.
pub fn mqtt_view(m: &MqttSettings) -> MqttSettings {
    let mut v = m.clone();
    v.password_len = secret_len(m.password.as_ref());
    v.password = None;
    let client = m.client.clone().unwrap_or_default();
    v.key_len = secret_len(client.key.as_ref().and_then(|k| k.as_ref()));
    v.key_password_len = secret_len(client.key_password.as_ref().and_then(|k| k.as_ref()));
    v.client = Some(MqttClientCert {
        certificate: Some(client.certificate.flatten()),
        key: None,
        key_password: None,
    });
    v
}

pub fn wifi_view(w: &WifiStaSettings) -> WifiStaSettings {
    WifiStaSettings {
        password: None,
        ..w.clone()
    }
}

/// `v` with every leaf zero, empty or false (objects kept, so a partial body still has its shape):
/// what a POST to `/api/v1/settings` resets omitted fields to (docs: settings).
pub fn zeroed<T: Serialize + DeserializeOwned + Clone>(v: &T) -> T {
    fn zero(v: &mut Value) {
        match v {
            Value::Object(m) => m.values_mut().for_each(zero),
            Value::Bool(b) => *b = false,
            Value::Number(_) => *v = Value::from(0),
            Value::String(s) => s.clear(),
            Value::Array(a) => a.clear(),
            Value::Null => {}
        }
    }
    let (value, _) = whatwatt::reveal(|| serde_json::to_value(v));
    let Ok(mut value) = value else {
        return v.clone();
    };
    zero(&mut value);
    serde_json::from_value(value).unwrap_or_else(|_| v.clone())
}

/// Applies a request body the documented way: PUT merges into `current` (untouched fields and secrets
/// stay), POST merges into `defaults` (a full replace; absent fields reset). `null` stores null, which
/// is how certificates and keys are deleted. Type errors become the 400 message.
pub fn apply<T: Serialize + DeserializeOwned>(
    current: &T,
    defaults: &T,
    body: &[u8],
    replace: bool,
) -> Result<T, String> {
    let patch: Value = serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    if !patch.is_object() {
        return Err("the body must be a JSON object".into());
    }
    // The device merging its own stored settings: its secrets stay inside it.
    let (base, _) =
        whatwatt::reveal(|| serde_json::to_value(if replace { defaults } else { current }));
    let mut base = base.map_err(|e| format!("internal: {e}"))?;
    merge(&mut base, patch);
    serde_json::from_value(base).map_err(|e| e.to_string())
}

fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, p) => *b = p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_merges_keeps_secrets_post_replaces() {
        let mut cur = default_mqtt();
        cur.password = Some(Secret::new("brokerpw"));
        cur.url = Some("mqtt://a".into());
        let put = apply(
            &cur,
            &default_mqtt(),
            br#"{"publish":{"topic":"t"}}"#,
            false,
        )
        .unwrap();
        assert_eq!(put.password, Some(Secret::new("brokerpw")));
        assert_eq!(put.url.as_deref(), Some("mqtt://a"));
        assert_eq!(put.publish.as_ref().unwrap().topic.as_deref(), Some("t"));
        let post = apply(&cur, &default_mqtt(), br#"{"url":"mqtt://b"}"#, true).unwrap();
        assert_eq!(post.password, None);
        assert_eq!(post.url.as_deref(), Some("mqtt://b"));
        let view = mqtt_view(&put);
        assert_eq!(view.password_len, Some(8));
        assert!(!serde_json::to_string(&view).unwrap().contains("brokerpw"));
    }

    #[test]
    fn null_deletes_certificates_and_type_errors_are_reported() {
        let mut cur = default_mqtt();
        cur.broker = Some(MqttBroker {
            certificate: Some(Some("PEM".into())),
        });
        let out = apply(
            &cur,
            &default_mqtt(),
            br#"{"broker":{"certificate":null}}"#,
            false,
        )
        .unwrap();
        assert_eq!(out.broker.unwrap().certificate, Some(None));
        assert!(apply(&cur, &default_mqtt(), br#"{"enable":"maybe"}"#, false).is_err());
        assert!(apply(&cur, &default_mqtt(), br#"[1]"#, false).is_err());
    }
}
