//! The device's own MQTT publishing (`/api/v1/mqtt/settings`, `/api/v1/template/test`,
//! `.clouds.mqtc`), the one-step setup from a saved broker, and the demo meter's broker.

use super::brokers::{client_key_key, password_key};
use super::{lock, App};
use crate::error::{CoreError, Result};
use crate::ipc::*;
use crate::live::broker::{check_topic, BrokerEndpoint};
use crate::live::payload::{PayloadReader, Read};
use crate::mapping_guess::guess_mapping;
use crate::registry::BrokerProfile;
use whatwatt::models::mqtt_settings::{MqttBroker, MqttClientCert, MqttPublish, MqttSettings};
use whatwatt::mqtt::WATTDESK_TEMPLATE;
use whatwatt::Secret;

/// The device refuses larger request bodies (docs: 30-mqtt).
pub const MAX_SETTINGS_BODY: usize = 8 * 1024;

pub fn default_topic(device_id: &str) -> String {
    format!("wattdesk/{}", device_id.to_ascii_lowercase())
}

impl App {
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
        // Measured as the device will receive it, secrets included (the bytes stay here).
        let (encoded, _) = whatwatt::reveal(|| serde_json::to_vec(&body));
        let encoded = encoded.map_err(|e| CoreError::Invalid(e.to_string()))?;
        if encoded.len() > MAX_SETTINGS_BODY {
            return Err(CoreError::rule(
                "err_mqtt_too_large",
                &[
                    ("bytes", &encoded.len().to_string()),
                    ("max", &MAX_SETTINGS_BODY.to_string()),
                ],
            ));
        }
        // The body may carry a broker password or client key: only to a meter that proves it is this one.
        self.verified_client(device_id)
            .await?
            .update_mqtt_settings(&body)
            .await?;
        Ok(())
    }

    fn device_mqtt_body(&self, req: &DeviceMqttRequest) -> Result<MqttSettings> {
        let url = req.url.trim();
        if url.len() > 127 {
            return Err(CoreError::rule(
                "err_mqtt_url_long",
                &[("count", &url.len().to_string())],
            ));
        }
        if req.enable || !url.is_empty() {
            BrokerEndpoint::parse(url)?;
            if !(url.starts_with("mqtt://") || url.starts_with("mqtts://")) {
                return Err(CoreError::rule("err_mqtt_url_scheme", &[]));
            }
        }
        if req.enable {
            check_topic(req.topic.trim())?;
        }
        if req.template.chars().count() > 1023 {
            return Err(CoreError::rule(
                "err_mqtt_template_long",
                &[("count", &req.template.chars().count().to_string())],
            ));
        }
        if req.client_id.len() > 63 {
            return Err(CoreError::rule("err_mqtt_client_id_long", &[]));
        }
        let pem = |c: &PemChange, label: &str, what: &str| -> Result<Option<Option<String>>> {
            Ok(match c {
                PemChange::Keep => None,
                PemChange::Clear => Some(None),
                PemChange::Set { pem } => {
                    crate::live::broker::check_pem(pem.expose(), label, what)?;
                    Some(Some(pem.expose().trim().to_owned() + "\n"))
                }
            })
        };
        let password = match (&req.password_from_broker, &req.password) {
            (Some(id), _) => {
                let has = lock(&self.inner.registry)
                    .broker(id)
                    .is_some_and(|b| b.has_password);
                let stored = if has {
                    self.inner.secrets.get(&password_key(id))?
                } else {
                    None
                };
                Some(stored.ok_or_else(|| {
                    CoreError::Invalid("that broker has no saved password".into())
                })?)
            }
            (None, Some(p)) => Some(p.clone()),
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
        let decoded = match PayloadReader::new(mapping.mapping()).read(rendered.as_bytes()) {
            Read::Reading { reading, problem } => Ok((reading, problem)),
            Read::Problem(p) => Err(p),
            Read::AgainUnknown => Err(crate::live::payload::UNKNOWN_FORMAT.to_owned()),
        };
        // The device leaves a variable it cannot fill as `${name}`: no meter reading yet, or a
        // name it does not know. Say that rather than show a JSON syntax error.
        let unresolved = rendered.find("${").map(|i| {
            let name: String = rendered[i + 2..].chars().take_while(|c| *c != '}').collect();
            format!("the device left ${{{name}}} unfilled: it has no meter reading yet, or does not know that variable")
        });
        Ok(TemplatePreview {
            template_chars: template.chars().count() as u64,
            decodes: decoded.is_ok(),
            problem: unresolved.or_else(|| match &decoded {
                Ok((_, problem)) => problem.clone(),
                Err(e) => Some(e.clone()),
            }),
            power_kw: decoded.ok().and_then(|(r, _)| r.net_power_kw()),
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
        let key = if profile.has_client_key {
            self.inner.secrets.get(&client_key_key(broker_id))?
        } else {
            None
        };
        let (client_cert, client_key) = match (&profile.client_cert_pem, key) {
            (Some(cert), Some(key)) => (
                PemChange::Set {
                    pem: Secret::new(cert.as_str()),
                },
                PemChange::Set { pem: key },
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
                    Some(pem) => PemChange::Set {
                        pem: Secret::new(pem.as_str()),
                    },
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
                mqtt: Some(MeterMqtt {
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
                    mqtt: Some(MeterMqtt {
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
