//! The device's MQTT client: with MQTT enabled and a PLUS licence it connects to the configured broker
//! and publishes the rendered template to the topic every `services.report_interval` seconds
//! (stretched to the meter's report interval), and only while the meter delivers reports.

use crate::config::License;
use crate::device::{lock, Shared};
use crate::http::read::{lookup, variables_list};
use crate::template::render;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS, TlsConfiguration, Transport};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use url::Url;

/// What the publisher needs from the settings; a change restarts it.
#[derive(Debug, Clone, PartialEq)]
struct Plan {
    host: String,
    port: u16,
    tls: bool,
    ca: Option<String>,
    client_cert: Option<(String, String)>,
    username: String,
    password: String,
    client_id: String,
    topic: String,
    template: String,
    period: Duration,
}

fn plan(shared: &Shared) -> Option<Plan> {
    if shared.license() != License::Plus {
        return None;
    }
    let st = shared.state();
    let m = &st.mqtt;
    if m.enable != Some(true) {
        return None;
    }
    let url = Url::parse(m.url.as_deref()?).ok()?;
    let tls = url.scheme() == "mqtts";
    let publish = m.publish.clone().unwrap_or_default();
    let client = m.client.clone().unwrap_or_default();
    let interval = st
        .settings
        .services
        .as_ref()
        .and_then(|s| s.report_interval)
        .unwrap_or(30);
    Some(Plan {
        host: url.host_str()?.to_owned(),
        port: url.port().unwrap_or(if tls { 8883 } else { 1883 }),
        tls,
        ca: m
            .broker
            .as_ref()
            .and_then(|b| b.certificate.clone().flatten()),
        client_cert: client
            .certificate
            .flatten()
            .zip(client.key.flatten().map(|k| k.expose().to_owned())),
        username: m.username.clone().unwrap_or_default(),
        password: m
            .password
            .as_ref()
            .map(|p| p.expose().to_owned())
            .unwrap_or_default(),
        client_id: m
            .client_id
            .clone()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| format!("whatwatt-{}", shared.id)),
        topic: publish.topic.unwrap_or_default(),
        template: publish.template.unwrap_or_default(),
        // The publish period never beats the meter: it stretches to the report interval.
        period: Duration::from_secs_f64(f64::from(interval).max(shared.cfg.interval())),
    })
}

/// Supervises the publisher: (re)starts it whenever the configuration or licence changes.
pub async fn run(shared: Arc<Shared>, cancel: CancellationToken) {
    let mut version = shared.config_version.subscribe();
    loop {
        let current = plan(&shared);
        {
            let mut s = lock(&shared.mqtt);
            s.enabled = shared.state().mqtt.enable == Some(true);
            s.connected = false;
        }
        let session = cancel.child_token();
        let task = current
            .clone()
            .map(|p| tokio::spawn(publish(shared.clone(), p, session.clone())));
        // Wait for a change that alters the plan.
        loop {
            tokio::select! {
                _ = cancel.cancelled() => {
                    session.cancel();
                    if let Some(t) = task { let _ = t.await; }
                    return;
                }
                r = version.changed() => {
                    if r.is_err() { session.cancel(); return; }
                }
            }
            if plan(&shared) != current {
                break;
            }
            lock(&shared.mqtt).enabled = shared.state().mqtt.enable == Some(true);
        }
        session.cancel();
        if let Some(t) = task {
            let _ = t.await;
        }
    }
}

async fn publish(shared: Arc<Shared>, plan: Plan, cancel: CancellationToken) {
    let mut opts = MqttOptions::new(plan.client_id.clone(), plan.host.clone(), plan.port);
    opts.set_keep_alive(Duration::from_secs(30));
    if !plan.username.is_empty() || !plan.password.is_empty() {
        opts.set_credentials(plan.username.clone(), plan.password.clone());
    }
    if plan.tls {
        let ca = plan.ca.clone().unwrap_or_default().into_bytes();
        opts.set_transport(Transport::tls_with_config(TlsConfiguration::Simple {
            ca,
            alpn: None,
            client_auth: plan
                .client_cert
                .clone()
                .map(|(c, k)| (c.into_bytes(), k.into_bytes())),
        }));
    }
    let (client, mut eventloop) = AsyncClient::new(opts, 16);
    let status = shared.clone();
    let c2 = cancel.clone();
    let driver = tokio::spawn(async move {
        loop {
            let ev = tokio::select! {
                _ = c2.cancelled() => return,
                ev = eventloop.poll() => ev,
            };
            match ev {
                Ok(Event::Incoming(Packet::ConnAck(_))) => lock(&status.mqtt).connected = true,
                Ok(_) => {}
                Err(e) => {
                    lock(&status.mqtt).connected = false;
                    tracing::debug!("sim MQTT connection: {e}");
                    tokio::select! {
                        _ = c2.cancelled() => return,
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
            }
        }
    });
    let mut ticker = tokio::time::interval(plan.period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = cancel.cancelled() => break,
            _ = ticker.tick() => {}
        }
        // "whatwatt Go will only publish values if a meter is connected."
        let has_report = shared.rt().latest.is_some();
        if !has_report || !lock(&shared.mqtt).connected || plan.topic.is_empty() {
            continue;
        }
        let vars = variables_list(&shared);
        let payload = render(&plan.template, |n| lookup(&vars, n));
        if client
            .publish(
                plan.topic.clone(),
                QoS::AtMostOnce,
                false,
                payload.into_bytes(),
            )
            .await
            .is_ok()
        {
            lock(&shared.mqtt).published += 1;
        }
    }
    let _ = client.disconnect().await;
    cancel.cancel();
    let _ = driver.await;
    lock(&shared.mqtt).connected = false;
}
