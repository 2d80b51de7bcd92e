//! Saved MQTT brokers (secrets in the secret store) and each meter's choice of transport and MQTT
//! source: how the supervisor reaches a meter.

use super::device_mqtt::default_topic;
use super::{lock, App};
use crate::error::{CoreError, Result};
use crate::ipc::*;
use crate::live::broker::{check_topic, BrokerEndpoint, BrokerStatus};
use crate::live::session::MqttSource;
use crate::live::supervisor::MeterLink;
use crate::registry::{BrokerProfile, SavedMeter};
use std::time::Duration;
use whatwatt::Secret;

pub(super) fn password_key(broker_id: &str) -> String {
    format!("broker:{broker_id}")
}
pub(super) fn client_key_key(broker_id: &str) -> String {
    format!("broker-key:{broker_id}")
}

impl App {
    /// The broker as a connection target, with its secrets.
    pub(crate) fn endpoint(&self, profile: &BrokerProfile) -> Result<BrokerEndpoint> {
        let mut e = BrokerEndpoint::parse(&profile.url)?;
        e.username = profile.username.clone().filter(|u| !u.is_empty());
        if profile.has_password {
            e.password = self.inner.secrets.get(&password_key(&profile.id))?;
        }
        e.ca_pem = profile.ca_pem.clone();
        if let (Some(cert), true) = (&profile.client_cert_pem, profile.has_client_key) {
            if let Some(key) = self.inner.secrets.get(&client_key_key(&profile.id))? {
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
        let password = self.password(&saved.device_id).unwrap_or_else(|e| {
            // The session then shows that a password is needed; Settings says why.
            self.secret_problem(&e);
            None
        });
        MeterLink {
            address: saved.address.clone(),
            password,
            auth: saved.auth,
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
                warning: BrokerEndpoint::plain_login_warning(
                    &b.url,
                    b.username.as_deref(),
                    b.has_password,
                ),
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
        let pem = |v: Option<&str>, label: &str, what: &str| -> Result<()> {
            match v {
                Some(p) if !p.trim().is_empty() => {
                    crate::live::broker::check_pem(p, label, what).map_err(CoreError::from)
                }
                _ => Ok(()),
            }
        };
        pem(req.ca_pem.as_deref(), "CERTIFICATE", "CA certificate")?;
        pem(
            req.client_cert_pem.as_deref(),
            "CERTIFICATE",
            "client certificate",
        )?;
        pem(
            req.client_key_pem.as_ref().map(Secret::expose),
            "PRIVATE KEY",
            "client key",
        )?;
        let name = req.name.trim();
        if name.is_empty() {
            return Err(CoreError::rule("err_broker_name", &[]));
        }
        let id = req
            .id
            .clone()
            .unwrap_or_else(|| format!("b{:012x}", rand::random::<u64>() & 0xffff_ffff_ffff));
        let existing = lock(&self.inner.registry).broker(&id).cloned();
        if req.id.is_some() && existing.is_none() {
            return Err(CoreError::UnknownBroker(id));
        }
        let secret = |key: String, v: &Option<Secret>, had: bool| -> Result<bool> {
            match v {
                None => Ok(had),
                Some(s) if s.is_empty() => {
                    self.inner.secrets.delete(&key)?;
                    Ok(false)
                }
                Some(s) => {
                    self.inner.secrets.set(&key, s)?;
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

    pub(super) fn rewatch_broker_users(&self, broker_id: &str) {
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
            Err(_) => Err(CoreError::Broker(
                crate::live::broker::BrokerError::Unreachable {
                    address: endpoint.url(),
                    detail: format!("no answer within {} s", timeout.as_secs()),
                },
            )),
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
                    return Err(CoreError::rule("err_mapping_empty", &[]));
                }
            }
        }
        if req.transport == crate::live::session::TransportChoice::Mqtt && req.mqtt.is_none() {
            return Err(CoreError::rule("err_mqtt_only_needs_broker", &[]));
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
}
