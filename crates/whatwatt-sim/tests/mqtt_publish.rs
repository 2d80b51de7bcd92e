//! The simulator's MQTT client publishing to a real mosquitto broker, received with rumqttc.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use std::time::Duration;
use whatwatt::Client;
use whatwatt_sim::testkit::{publish_via_rest, Mosquitto};
use whatwatt_sim::{License, SimConfig, SimDevice};

fn config(license: License) -> SimConfig {
    SimConfig {
        license,
        mdns: false,
        history_days: 0,
        interval_s: Some(0.2),
        ..SimConfig::default()
    }
}

async fn configure(dev: &SimDevice, broker: &Mosquitto, topic: &str) {
    let template = r#"{"id":"${sys.id}","p_in":${1_7_0},"p_out":${2_7_0},"e_in":${1_8_0},"v1":${32_7_0},"t":${timestamp},"x":"${unknown}"}"#;
    publish_via_rest(&dev.base_url(), &broker.url(), topic, template, None)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plus_device_publishes_rendered_template_free_device_stays_silent() {
    let broker = Mosquitto::start("").await.expect("mosquitto starts");
    let mut opts = MqttOptions::new("test-sub", "127.0.0.1", broker.addr.port());
    opts.set_keep_alive(Duration::from_secs(10));
    let (sub, mut events) = AsyncClient::new(opts, 32);
    sub.subscribe("wattdesk/#", QoS::AtMostOnce).await.unwrap();
    // Wait for the subscription to be active before the devices start publishing.
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Ok(Event::Incoming(Packet::SubAck(_))) = events.poll().await {
                return;
            }
        }
    })
    .await
    .expect("SUBACK");

    let plus = SimDevice::spawn(config(License::Plus)).await.unwrap();
    let free = SimDevice::spawn(SimConfig {
        seed: 2,
        ..config(License::Free)
    })
    .await
    .unwrap();
    let mut published = plus.subscribe();
    configure(&plus, &broker, &format!("wattdesk/{}", plus.id())).await;
    configure(&free, &broker, &format!("wattdesk/{}", free.id())).await;

    let mut messages = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), async {
        while messages.len() < 2 {
            if let Ok(Event::Incoming(Packet::Publish(p))) = events.poll().await {
                messages.push((
                    p.topic.clone(),
                    String::from_utf8_lossy(&p.payload).into_owned(),
                ));
            }
        }
    })
    .await
    .expect("two messages from the PLUS device");

    for (topic, payload) in &messages {
        assert_eq!(
            topic,
            &format!("wattdesk/{}", plus.id()),
            "only the PLUS device publishes"
        );
        assert!(
            payload.contains("\"x\":\"${unknown}\""),
            "unresolved stays literal: {payload}"
        );
        let v: serde_json::Value =
            serde_json::from_str(payload).expect("valid JSON after rendering");
        assert_eq!(v["id"], plus.id());
        assert!(v["e_in"].as_f64().unwrap() > 1000.0);
        assert!(v["v1"].as_f64().unwrap() > 200.0);
        assert!(v["p_in"].is_number() && v["p_out"].is_number());
    }
    // The published values are the meter's: find the report with the same timestamp and power.
    let (_, last) = messages.last().unwrap();
    let v: serde_json::Value = serde_json::from_str(last).unwrap();
    let mut seen = Vec::new();
    while let Ok(s) = published.try_recv() {
        seen.push(s);
    }
    assert!(
        seen.iter()
            .any(|s| s.time.timestamp() == v["t"].as_i64().unwrap()
                && (s.sample.import_total_kw - v["p_in"].as_f64().unwrap()).abs() < 1e-9),
        "payload {last} matches a meter report"
    );

    let sys = Client::new(&plus.base_url(), None)
        .unwrap()
        .system()
        .await
        .unwrap();
    let mqtc = sys.clouds.unwrap().mqtc.unwrap();
    assert_eq!((mqtc.enabled, mqtc.connected), (Some(true), Some(true)));
    assert_eq!(
        free.mqtt_status(),
        (false, 0),
        "FREE stores the config but never connects"
    );
    let free_sys = Client::new(&free.base_url(), None)
        .unwrap()
        .system()
        .await
        .unwrap();
    assert_eq!(
        free_sys.clouds.unwrap().mqtc.unwrap().connected,
        Some(false)
    );

    plus.shutdown().await;
    free.shutdown().await;
    broker.stop().await;
}
