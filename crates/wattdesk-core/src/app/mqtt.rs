//! MQTT in the app: saved broker profiles (secrets in the secret store), each meter's choice of
//! transport and MQTT source, and the device's own MQTT publishing settings.

use super::{lock, App};
use crate::broker::{check_topic, BrokerEndpoint, BrokerStatus};
use crate::error::{CoreError, Result};
use crate::registry::{BrokerProfile, MappingChoice, SavedMeter};
use crate::session::MqttSource;
use crate::supervisor::MeterLink;
use crate::views_mqtt::*;
use std::time::Duration;
use whatwatt::models::mqtt_settings::{MqttBroker, MqttClientCert, MqttPublish, MqttSettings};
use whatwatt::mqtt::{Mapping, Quantity, WATTDESK_TEMPLATE};
use whatwatt::{Client, Secret};

/// The device refuses larger request bodies (docs: 30-mqtt).
pub const MAX_SETTINGS_BODY: usize = 8 * 1024;

fn password_key(broker_id: &str) -> String {
    format!("broker:{broker_id}")
}
fn client_key_key(broker_id: &str) -> String {
    format!("broker-key:{broker_id}")
}

pub fn default_topic(device_id: &str) -> String {
    format!("wattdesk/{}", device_id.to_ascii_lowercase())
}

impl App {
    pub(crate) fn saved(&self, device_id: &str) -> Result<SavedMeter> {
        lock(&self.inner.registry)
            .get(device_id)
            .cloned()
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))
    }

    pub(crate) fn device_client(&self, device_id: &str) -> Result<Client> {
        let saved = self.saved(device_id)?;
        Ok(Client::builder(&saved.address)
            .password(self.password(device_id))
            .timeout(Duration::from_secs(10))
            .build()?)
    }

    /// The broker as a connection target, with its secrets.
    pub(crate) fn endpoint(&self, profile: &BrokerProfile) -> Result<BrokerEndpoint> {
        let mut e = BrokerEndpoint::parse(&profile.url)?;
        e.username = profile.username.clone().filter(|u| !u.is_empty());
        e.password = profile
            .has_password
            .then(|| self.inner.secrets.get(&password_key(&profile.id)))
            .flatten();
        e.ca_pem = profile.ca_pem.clone();
        if let (Some(cert), true) = (&profile.client_cert_pem, profile.has_client_key) {
            if let Some(key) = self.inner.secrets.get(&client_key_key(&profile.id)) {
                e.client_auth = Some((cert.clone(), key));
            }
        }
        Ok(e)
    }

    /// How the supervisor should reach a saved meter.
    pub(crate) fn link(&self, saved: &SavedMeter) -> MeterLink {
        let mqtt = saved.mqtt.as_ref().and_then(|m| {
            let profile = lock(&self.inner.registry).broker(&m.broker_id).cloned()?;
            match self.endpoint(&profile) {
                Ok(endpoint) => Some(MqttSource {
                    pool: self.inner.brokers.clone(),
                    endpoint,
                    topic: m.topic.clone(),
                    mapping: m.mapping.mapping(),
                }),
                Err(e) => {
                    tracing::warn!("broker {}: {e}", profile.name);
                    None
                }
            }
        });
        MeterLink {
            address: saved.address.clone(),
            password: self.password(&saved.device_id),
            transport: saved.transport,
            mqtt,
        }
    }

    pub fn brokers(&self) -> Vec<BrokerView> {
        let reg = lock(&self.inner.registry);
        reg.brokers()
            .iter()
            .map(|b| BrokerView {
                id: b.id.clone(),
                name: b.name.clone(),
                url: b.url.clone(),
                username: b.username.clone(),
                has_password: b.has_password,
                has_ca: b.ca_pem.is_some(),
                has_client_cert: b.client_cert_pem.is_some() && b.has_client_key,
                used_by: reg
                    .meters()
                    .iter()
                    .filter(|m| m.mqtt.as_ref().is_some_and(|q| q.broker_id == b.id))
                    .map(|m| m.name.clone())
                    .collect(),
            })
            .collect()
    }

    /// Creates or edits a broker profile; meters using it reconnect with the new settings.
    pub fn save_broker(&self, req: BrokerRequest) -> Result<BrokerView> {
        let url = BrokerEndpoint::parse(&req.url)?.url();
        let pem = |v: &Option<String>, label: &str, what: &str| -> Result<()> {
            match v.as_deref() {
                Some(p) if !p.trim().is_empty() => {
                    crate::broker::check_pem(p, label, what).map_err(CoreError::from)
                }
                _ => Ok(()),
            }
        };
        pem(&req.ca_pem, "CERTIFICATE", "CA certificate")?;
        pem(&req.client_cert_pem, "CERTIFICATE", "client certificate")?;
        pem(&req.client_key_pem, "PRIVATE KEY", "client key")?;
        let name = req.name.trim();
        if name.is_empty() {
            return Err(CoreError::Invalid("give the broker a name".into()));
        }
        let id = req
            .id
            .clone()
            .unwrap_or_else(|| format!("b{:012x}", rand::random::<u64>() & 0xffff_ffff_ffff));
        let existing = lock(&self.inner.registry).broker(&id).cloned();
        if req.id.is_some() && existing.is_none() {
            return Err(CoreError::UnknownBroker(id));
        }
        let secret = |key: String, v: &Option<String>, had: bool| -> Result<bool> {
            match v.as_deref() {
                None => Ok(had),
                Some("") => {
                    self.inner.secrets.delete(&key)?;
                    Ok(false)
                }
                Some(s) => {
                    self.inner.secrets.set(&key, &Secret::new(s))?;
                    Ok(true)
                }
            }
        };
        let has_password = secret(
            password_key(&id),
            &req.password,
            existing.as_ref().is_some_and(|e| e.has_password),
        )?;
        let has_client_key = secret(
            client_key_key(&id),
            &req.client_key_pem,
            existing.as_ref().is_some_and(|e| e.has_client_key),
        )?;
        let keep_or = |new: &Option<String>, old: Option<String>| match new.as_deref() {
            None => old,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.to_owned()),
        };
        let profile = BrokerProfile {
            id: id.clone(),
            name: name.to_owned(),
            url,
            username: req.username.clone().filter(|u| !u.is_empty()),
            has_password,
            ca_pem: keep_or(
                &req.ca_pem,
                existing.as_ref().and_then(|e| e.ca_pem.clone()),
            ),
            client_cert_pem: keep_or(
                &req.client_cert_pem,
                existing.as_ref().and_then(|e| e.client_cert_pem.clone()),
            ),
            has_client_key,
        };
        lock(&self.inner.registry).update_brokers(|all| {
            all.retain(|b| b.id != id);
            all.push(profile);
        })?;
        self.rewatch_broker_users(&id);
        self.brokers()
            .into_iter()
            .find(|b| b.id == id)
            .ok_or(CoreError::UnknownBroker(id))
    }

    fn rewatch_broker_users(&self, broker_id: &str) {
        let users: Vec<SavedMeter> = lock(&self.inner.registry)
            .meters()
            .iter()
            .filter(|m| m.mqtt.as_ref().is_some_and(|q| q.broker_id == broker_id))
            .cloned()
            .collect();
        for m in users {
            self.watch(&m.device_id, &m.address);
        }
    }

    pub fn delete_broker(&self, id: &str) -> Result<()> {
        let users = self
            .brokers()
            .into_iter()
            .find(|b| b.id == id)
            .ok_or_else(|| CoreError::UnknownBroker(id.to_owned()))?
            .used_by;
        if !users.is_empty() {
            return Err(CoreError::BrokerInUse(users.join(", ")));
        }
        lock(&self.inner.registry).update_brokers(|all| all.retain(|b| b.id != id))?;
        let _ = self.inner.secrets.delete(&password_key(id));
        let _ = self.inner.secrets.delete(&client_key_key(id));
        Ok(())
    }

    /// Connects to a saved broker and reports whether it accepts WattDesk (within `timeout`).
    pub async fn test_broker(&self, id: &str, timeout: Duration) -> Result<()> {
        let profile = lock(&self.inner.registry)
            .broker(id)
            .cloned()
            .ok_or_else(|| CoreError::UnknownBroker(id.to_owned()))?;
        let endpoint = self.endpoint(&profile)?;
        // A topic no meter uses, so the test subscription does not disturb anything.
        let sub = self
            .inner
            .brokers
            .subscribe(&endpoint, "wattdesk/connection-test")?;
        match tokio::time::timeout(timeout, sub.settled()).await {
            Ok(BrokerStatus::Failed { error, .. }) => Err(CoreError::Broker(error)),
            Ok(_) => Ok(()),
            Err(_) => Err(CoreError::Broker(crate::broker::BrokerError::Unreachable {
                address: endpoint.url(),
                detail: format!("no answer within {} s", timeout.as_secs()),
            })),
        }
    }

    pub fn meter_link(&self, device_id: &str) -> Result<MeterLinkView> {
        let saved = self.saved(device_id)?;
        Ok(MeterLinkView {
            transport: saved.transport,
            mqtt: saved.mqtt.clone(),
            default_topic: default_topic(device_id),
            last_problem: self.inner.supervisor.presence(device_id).problem,
        })
    }

    /// Chooses the meter's transport and MQTT source; its session restarts with them.
    pub fn set_meter_link(&self, device_id: &str, req: MeterLinkRequest) -> Result<MeterLinkView> {
        if let Some(m) = &req.mqtt {
            check_topic(&m.topic)?;
            if lock(&self.inner.registry).broker(&m.broker_id).is_none() {
                return Err(CoreError::UnknownBroker(m.broker_id.clone()));
            }
            if let MappingChoice::Custom { fields } = &m.mapping {
                if fields.is_empty() {
                    return Err(CoreError::Invalid(
                        "a custom mapping needs at least one field".into(),
                    ));
                }
            }
        }
        if req.transport == crate::session::TransportChoice::Mqtt && req.mqtt.is_none() {
            return Err(CoreError::Invalid(
                "choose a broker and topic before using MQTT only".into(),
            ));
        }
        let saved = lock(&self.inner.registry).update(|all| {
            all.iter_mut().find(|m| m.device_id == device_id).map(|m| {
                m.transport = req.transport;
                m.mqtt = req.mqtt.clone();
                m.clone()
            })
        })?;
        let saved = saved.ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?;
        self.watch(&saved.device_id, &saved.address);
        self.meter_link(device_id)
    }

    /// The device's MQTT publishing settings.
    pub async fn device_mqtt(&self, device_id: &str) -> Result<DeviceMqttView> {
        let client = self.device_client(device_id)?;
        let s = client.mqtt_settings().await?;
        let sys = client.system().await?;
        let license = sys.device.license.as_ref().and_then(|l| l.kind.clone());
        let plus = sys.is_plus();
        let publish = s.publish.clone().unwrap_or_default();
        let cert_set = |c: &Option<Option<String>>| {
            c.as_ref()
                .is_some_and(|c| c.as_ref().is_some_and(|c| !c.is_empty()))
        };
        Ok(DeviceMqttView {
            enable: s.enable.unwrap_or(false),
            url: s.url.clone().unwrap_or_default(),
            username: s.username.clone().unwrap_or_default(),
            password_set: s.password_len.unwrap_or(0) > 0,
            client_id: s.client_id.clone().unwrap_or_default(),
            topic: publish.topic.unwrap_or_default(),
            template: publish.template.unwrap_or_default(),
            ca_set: s.broker.as_ref().is_some_and(|b| cert_set(&b.certificate)),
            client_cert_set: s.client.as_ref().is_some_and(|c| cert_set(&c.certificate)),
            client_key_set: s.key_len.unwrap_or(0) > 0,
            skip_cn_check: s.skip_cn_check.unwrap_or(false),
            plus,
            license,
            default_topic: default_topic(device_id),
            default_client_id: format!("wattdesk-{}", device_id.to_ascii_lowercase()),
            wattdesk_template: WATTDESK_TEMPLATE.to_owned(),
        })
    }

    /// Writes the device's MQTT settings with PUT, so secrets the user did not touch are kept.
    pub async fn save_device_mqtt(&self, device_id: &str, req: DeviceMqttRequest) -> Result<()> {
        let body = self.device_mqtt_body(&req)?;
        let encoded = serde_json::to_vec(&body).map_err(|e| CoreError::Invalid(e.to_string()))?;
        if encoded.len() > MAX_SETTINGS_BODY {
            return Err(CoreError::Invalid(format!(
                "these settings take {} bytes but the device accepts at most {} (8 kB): shorten the template or the certificates",
                encoded.len(),
                MAX_SETTINGS_BODY
            )));
        }
        self.device_client(device_id)?
            .update_mqtt_settings(&body)
            .await?;
        Ok(())
    }

    fn device_mqtt_body(&self, req: &DeviceMqttRequest) -> Result<MqttSettings> {
        let url = req.url.trim();
        if url.len() > 127 {
            return Err(CoreError::Invalid(format!(
                "the broker URL has {} characters; the device takes at most 127",
                url.len()
            )));
        }
        if req.enable || !url.is_empty() {
            BrokerEndpoint::parse(url)?;
            if !(url.starts_with("mqtt://") || url.starts_with("mqtts://")) {
                return Err(CoreError::Invalid(
                    "the device needs the broker URL to start with mqtt:// or mqtts://".into(),
                ));
            }
        }
        if req.enable {
            check_topic(req.topic.trim())?;
        }
        if req.template.chars().count() > 1023 {
            return Err(CoreError::Invalid(format!(
                "the template has {} characters; the device takes at most 1023",
                req.template.chars().count()
            )));
        }
        if req.client_id.len() > 63 {
            return Err(CoreError::Invalid(
                "the client id is longer than the device's 63 characters".into(),
            ));
        }
        let pem = |c: &PemChange, label: &str, what: &str| -> Result<Option<Option<String>>> {
            Ok(match c {
                PemChange::Keep => None,
                PemChange::Clear => Some(None),
                PemChange::Set { pem } => {
                    crate::broker::check_pem(pem, label, what)?;
                    Some(Some(pem.trim().to_owned() + "\n"))
                }
            })
        };
        let password = match (&req.password_from_broker, &req.password) {
            (Some(id), _) => Some(
                lock(&self.inner.registry)
                    .broker(id)
                    .filter(|b| b.has_password)
                    .and_then(|b| self.inner.secrets.get(&password_key(&b.id)))
                    .ok_or_else(|| {
                        CoreError::Invalid("that broker has no saved password".into())
                    })?,
            ),
            (None, Some(p)) => Some(Secret::new(p.as_str())),
            (None, None) => None,
        };
        let ca = pem(&req.ca, "CERTIFICATE", "broker CA certificate")?;
        let cert = pem(&req.client_cert, "CERTIFICATE", "client certificate")?;
        let key = pem(&req.client_key, "PRIVATE KEY", "client key")?.map(|k| k.map(Secret::new));
        Ok(MqttSettings {
            enable: Some(req.enable),
            url: Some(url.to_owned()),
            username: Some(req.username.clone()),
            password,
            client_id: Some(req.client_id.trim().to_owned()),
            skip_cn_check: Some(req.skip_cn_check),
            publish: Some(MqttPublish {
                topic: Some(req.topic.trim().to_owned()),
                template: Some(req.template.clone()),
            }),
            broker: ca.map(|c| MqttBroker {
                certificate: Some(c),
            }),
            client: (cert.is_some() || key.is_some()).then_some(MqttClientCert {
                certificate: cert,
                key,
                key_password: None,
            }),
            ..Default::default()
        })
    }

    /// Renders `template` on the device and checks WattDesk can read the result with `mapping`.
    pub async fn preview_template(
        &self,
        device_id: &str,
        template: &str,
        mapping: MappingChoice,
    ) -> Result<TemplatePreview> {
        let rendered = self
            .device_client(device_id)?
            .template_test(template)
            .await?;
        let decoded = whatwatt::mqtt::decode(rendered.as_bytes(), &mapping.mapping());
        // The device leaves a variable it cannot fill as `${name}`: no meter reading yet, or a
        // name it does not know. Say that rather than show a JSON syntax error.
        let unresolved = rendered.find("${").map(|i| {
            let name: String = rendered[i + 2..].chars().take_while(|c| *c != '}').collect();
            format!("the device left ${{{name}}} unfilled: it has no meter reading yet, or does not know that variable")
        });
        Ok(TemplatePreview {
            template_chars: template.chars().count() as u64,
            decodes: decoded.is_ok(),
            problem: unresolved.or_else(|| decoded.as_ref().err().map(|e| e.to_string())),
            power_kw: decoded.ok().and_then(|r| r.net_power_kw()),
            rendered,
        })
    }

    /// The device's own view of its MQTT connection (`.clouds.mqtc`), with likely causes when it is
    /// enabled but not connected.
    pub async fn device_mqtt_status(&self, device_id: &str) -> Result<DeviceMqttStatus> {
        let client = self.device_client(device_id)?;
        let sys = client.system().await?;
        let m = sys
            .clouds
            .as_ref()
            .and_then(|c| c.mqtc.clone())
            .unwrap_or_default();
        let plus = sys.is_plus();
        let enabled = m.enabled.unwrap_or(false);
        let connected = m.connected.unwrap_or(false);
        let mut hints = Vec::new();
        if !connected {
            if !plus {
                hints.push("The device has a FREE licence: it keeps the MQTT settings but publishes only with PLUS.".into());
            }
            if enabled && plus {
                let settings = client.mqtt_settings().await.ok();
                let url = settings
                    .as_ref()
                    .and_then(|s| s.url.clone())
                    .unwrap_or_default();
                hints.push(format!("The broker address {url} must be reachable from the device (its own network), not only from this computer."));
                if settings.as_ref().and_then(|s| s.password_len).unwrap_or(0) > 0
                    || settings
                        .as_ref()
                        .and_then(|s| s.username.clone())
                        .is_some_and(|u| !u.is_empty())
                {
                    hints.push("The broker may refuse the username or password.".into());
                }
                if url.starts_with("mqtts://") {
                    hints.push("With mqtts:// the device needs the broker's CA certificate, and the certificate must name the host in the URL (or turn on skip CN check).".into());
                }
            }
            if !enabled {
                hints.push("MQTT publishing is switched off on the device.".into());
            }
        }
        Ok(DeviceMqttStatus {
            enabled,
            connected,
            plus,
            hints,
        })
    }

    /// Reads the device's template and guesses which payload key carries which quantity.
    pub async fn suggest_mapping(&self, device_id: &str) -> Result<MappingGuess> {
        let s = self.device_client(device_id)?.mqtt_settings().await?;
        let template = s.publish.and_then(|p| p.template).unwrap_or_default();
        Ok(guess_mapping(&template))
    }
}

impl App {
    /// One step: the device publishes WattDesk's template to `broker_id` (its URL, login and
    /// certificates), on the meter's default topic, and the meter's session listens there.
    /// The broker must be reachable under the same URL from the device.
    pub async fn quick_mqtt_setup(
        &self,
        device_id: &str,
        broker_id: &str,
    ) -> Result<MeterLinkView> {
        let profile = lock(&self.inner.registry)
            .broker(broker_id)
            .cloned()
            .ok_or_else(|| CoreError::UnknownBroker(broker_id.to_owned()))?;
        let saved = self.saved(device_id)?;
        let topic = default_topic(device_id);
        let key = profile
            .has_client_key
            .then(|| self.inner.secrets.get(&client_key_key(broker_id)))
            .flatten();
        let (client_cert, client_key) = match (&profile.client_cert_pem, key) {
            (Some(cert), Some(key)) => (
                PemChange::Set { pem: cert.clone() },
                PemChange::Set {
                    pem: key.expose().to_owned(),
                },
            ),
            _ => (PemChange::Keep, PemChange::Keep),
        };
        self.save_device_mqtt(
            device_id,
            DeviceMqttRequest {
                enable: true,
                url: profile.url.clone(),
                username: profile.username.clone().unwrap_or_default(),
                password: None,
                password_from_broker: profile.has_password.then(|| broker_id.to_owned()),
                client_id: format!("wattdesk-{}", device_id.to_ascii_lowercase()),
                topic: topic.clone(),
                template: WATTDESK_TEMPLATE.into(),
                ca: match &profile.ca_pem {
                    Some(pem) => PemChange::Set { pem: pem.clone() },
                    None => PemChange::Keep,
                },
                client_cert,
                client_key,
                skip_cn_check: false,
            },
        )
        .await?;
        self.set_meter_link(
            device_id,
            MeterLinkRequest {
                transport: saved.transport,
                mqtt: Some(crate::registry::MeterMqtt {
                    broker_id: broker_id.to_owned(),
                    topic,
                    mapping: MappingChoice::Wattdesk,
                }),
            },
        )
    }
}

/// Set to an `mqtt://` URL (scripts/demo.sh starts a local mosquitto and sets it), the demo meter
/// publishes there with WattDesk's template and listens through it, so MQTT can be tried without a
/// real meter.
pub const ENV_DEMO_BROKER: &str = "WATTDESK_DEMO_BROKER";
const DEMO_BROKER_ID: &str = "demo-broker";

impl App {
    /// Points the demo meter's MQTT publishing at the demo broker and listens there (auto transport).
    pub(crate) async fn demo_mqtt(&self, device_id: &str, url: &str) -> Result<()> {
        let url = BrokerEndpoint::parse(url)?.url();
        lock(&self.inner.registry).update_brokers(|all| {
            all.retain(|b| b.id != DEMO_BROKER_ID);
            all.push(BrokerProfile {
                id: DEMO_BROKER_ID.into(),
                name: "Demo broker (local mosquitto)".into(),
                url: url.clone(),
                username: None,
                has_password: false,
                ca_pem: None,
                client_cert_pem: None,
                has_client_key: false,
            });
        })?;
        let client = self.device_client(device_id)?;
        // Every 5 s instead of the device's default 30 s, so a short comparison shows MQTT too.
        client
            .update_settings(&whatwatt::models::settings::Settings {
                services: Some(whatwatt::models::settings::ServicesSettings {
                    report_interval: Some(5),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await?;
        let topic = default_topic(device_id);
        self.save_device_mqtt(
            device_id,
            DeviceMqttRequest {
                enable: true,
                url,
                username: String::new(),
                password: None,
                password_from_broker: None,
                client_id: format!("wattdesk-{}", device_id.to_ascii_lowercase()),
                topic: topic.clone(),
                template: WATTDESK_TEMPLATE.into(),
                ca: PemChange::Keep,
                client_cert: PemChange::Keep,
                client_key: PemChange::Keep,
                skip_cn_check: false,
            },
        )
        .await?;
        let saved = self.saved(device_id)?;
        if saved.mqtt.is_none() {
            self.set_meter_link(
                device_id,
                MeterLinkRequest {
                    transport: saved.transport,
                    mqtt: Some(crate::registry::MeterMqtt {
                        broker_id: DEMO_BROKER_ID.into(),
                        topic,
                        mapping: MappingChoice::Wattdesk,
                    }),
                },
            )?;
        } else {
            self.rewatch_broker_users(DEMO_BROKER_ID);
        }
        Ok(())
    }
}

/// `"key": ${var}` / `"key":"${var}"` pairs of a flat JSON template, with the quantity each variable is.
pub fn guess_mapping(template: &str) -> MappingGuess {
    let mut fields = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let before = &rest[..start];
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let variable = rest[start + 2..start + end].to_owned();
        rest = &rest[start + end + 1..];
        // The key is the last quoted string before the colon that precedes the placeholder.
        let Some(colon) = before.rfind(':') else {
            continue;
        };
        let head = &before[..colon];
        let Some(close) = head.rfind('"') else {
            continue;
        };
        let Some(open) = head[..close].rfind('"') else {
            continue;
        };
        let key = head[open + 1..close].to_owned();
        let quantity = quantity_of(&variable).map(|q| {
            serde_json::to_value(q)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        });
        fields.push(MappingSuggestion {
            key,
            variable,
            quantity,
        });
    }
    let builtin = if template.trim() == WATTDESK_TEMPLATE {
        Some(MappingChoice::Wattdesk)
    } else if fits(&fields, &Mapping::home_assistant()) {
        Some(MappingChoice::HomeAssistant)
    } else {
        None
    };
    MappingGuess { builtin, fields }
}

fn fits(fields: &[MappingSuggestion], m: &Mapping) -> bool {
    !fields.is_empty()
        && fields.iter().filter(|f| f.quantity.is_some()).all(|f| {
            m.0.iter().any(|(k, q)| {
                *k == f.key
                    && serde_json::to_value(q)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        == f.quantity
            })
        })
}

/// The quantity a device variable carries (docs: 30-mqtt/variables.md).
pub fn quantity_of(variable: &str) -> Option<Quantity> {
    use Quantity::*;
    Some(match variable {
        "timestamp" => UnixTime,
        "tariff" => Tariff,
        "1_7_0" => PowerImportKw,
        "2_7_0" => PowerExportKw,
        "21_7_0" => PowerImportL1Kw,
        "41_7_0" => PowerImportL2Kw,
        "61_7_0" => PowerImportL3Kw,
        "22_7_0" => PowerExportL1Kw,
        "42_7_0" => PowerExportL2Kw,
        "62_7_0" => PowerExportL3Kw,
        "3_7_0" => ReactiveImportKvar,
        "4_7_0" => ReactiveExportKvar,
        "9_7_0" => ApparentPowerKva,
        "32_7_0" => VoltageL1V,
        "52_7_0" => VoltageL2V,
        "72_7_0" => VoltageL3V,
        "31_7_0" => CurrentL1A,
        "51_7_0" => CurrentL2A,
        "71_7_0" => CurrentL3A,
        "13_7_0" => PowerFactor,
        "1_8_0" => EnergyImportKwh,
        "1_8_1" => EnergyImportT1Kwh,
        "1_8_2" => EnergyImportT2Kwh,
        "2_8_0" => EnergyExportKwh,
        "2_8_1" => EnergyExportT1Kwh,
        "2_8_2" => EnergyExportT2Kwh,
        "3_8_0" => ReactiveEnergyImportKvarh,
        "4_8_0" => ReactiveEnergyExportKvarh,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_the_builtin_templates() {
        assert_eq!(
            guess_mapping(WATTDESK_TEMPLATE).builtin,
            Some(MappingChoice::Wattdesk)
        );
        let ha = r#"{"sys_id":"${sys.id}","meter_id":"${meter.id}","time":"${timestamp}","power_in":"${1_7_0}","power_out":"${2_7_0}","energy_in":"${1_8_0}","tariff":"${tariff}"}"#;
        let g = guess_mapping(ha);
        assert_eq!(g.builtin, Some(MappingChoice::HomeAssistant));
        assert_eq!(g.fields[3].key, "power_in");
        assert_eq!(g.fields[3].quantity.as_deref(), Some("power_import_kw"));
        assert_eq!(g.fields[0].quantity, None);
    }

    #[test]
    fn custom_templates_get_field_suggestions() {
        let g = guess_mapping(r#"{"watts_now": ${1_7_0}, "volts": {"a": ${32_7_0}}}"#);
        assert_eq!(g.builtin, None);
        let keys: Vec<_> = g.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["watts_now", "a"]);
    }
}
