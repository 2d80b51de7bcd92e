//! MQTT as a session transport beside the live stream: Auto standing in for a device out of reach or
//! a stream taken by another client, a broker restart mid-stream, the three-transport comparison.

use super::common::mqtt::*;
use super::common::*;
use std::time::Duration;
use wattdesk_core::ipc::*;
use wattdesk_core::live::broker::BrokerEndpoint;
use wattdesk_core::DemoMode;
use whatwatt::mqtt::Mapping;
use whatwatt::Client;
use whatwatt_sim::License;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_uses_mqtt_while_the_device_is_out_of_reach() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = spawn(sim(License::Plus, 0.2)).await;
    publish_to(&dev, &broker.url(), "meters/home", None).await;
    // The app knows the device at an address that does not answer (another VLAN).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_addr = dead.local_addr().unwrap().to_string();
    drop(dead);
    let session = auto_session(dead_addr, &broker, "meters/home");
    let mut rx = session.subscribe();
    state_where(&mut rx, 20, "live over MQTT", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    readings(&mut rx, Some(Transport::Mqtt), 2, 10).await;
    session.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_falls_back_to_mqtt_when_another_client_takes_the_stream() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = spawn(sim(License::Plus, 0.2)).await;
    publish_to(&dev, &broker.url(), "pre/meter", None).await;
    let session = auto_session(dev.addr().to_string(), &broker, "pre/meter");
    let mut rx = session.subscribe();
    state_where(&mut rx, 10, "live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    // Another app opens the device's single live stream.
    let other = Client::new(&dev.base_url(), None).unwrap();
    let mut other_stream = other.live(None).await.unwrap();
    let p = state_where(&mut rx, 10, "Preempted", |s| {
        matches!(s, SessionState::Preempted { .. })
    })
    .await;
    assert!(
        matches!(
            p,
            SessionState::Preempted {
                fallback: Some(Transport::Mqtt),
                ..
            }
        ),
        "{p:?}"
    );
    state_where(&mut rx, 10, "live over MQTT", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    readings(&mut rx, Some(Transport::Mqtt), 2, 10).await;
    // The other client still has its stream.
    use futures_util::StreamExt;
    let item = tokio::time::timeout(Duration::from_secs(5), other_stream.next())
        .await
        .unwrap();
    assert!(matches!(item, Some(Ok(_))), "{item:?}");
    session.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_restart_mid_stream_resubscribes() {
    let mut broker = Mosquitto::start("").await.unwrap();
    let dev = spawn(sim(License::Plus, 0.2)).await;
    publish_to(&dev, &broker.url(), "restart/meter", None).await;
    let session = mqtt_session(
        BrokerEndpoint::parse(&broker.url()).unwrap(),
        "restart/meter",
        Some(Mapping::wattdesk()),
    );
    let mut rx = session.subscribe();
    readings(&mut rx, Some(Transport::Mqtt), 2, 20).await;
    broker.kill().await;
    let down = state_where(&mut rx, 10, "the broker loss", |s| {
        matches!(s, SessionState::Offline { .. })
    })
    .await;
    assert!(format!("{down:?}").contains("MQTT broker"), "{down:?}");
    broker.restart().await.unwrap();
    state_where(&mut rx, 20, "live over MQTT again", |s| {
        *s == SessionState::Live {
            transport: Transport::Mqtt,
        }
    })
    .await;
    // Readings flow again: the subscription was restored on the new connection.
    readings(&mut rx, Some(Transport::Mqtt), 2, 10).await;
    session.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comparison_measures_the_three_transports_side_by_side() {
    let broker = Mosquitto::start("").await.unwrap();
    let dev = spawn(sim(License::Plus, 1.0)).await;
    let id = dev.id().to_owned();
    publish_to(&dev, &broker.url(), "cmp/meter", None).await;
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    let profile = local_profile(&app, &broker);
    app.set_meter_link(
        &id,
        MeterLinkRequest {
            transport: TransportChoice::Auto,
            mqtt: Some(MeterMqtt {
                broker_id: profile.id,
                topic: "cmp/meter".into(),
                mapping: MappingChoice::Wattdesk,
            }),
        },
    )
    .unwrap();
    let mut rx = app.subscribe_meter(&id).unwrap();
    state_where(&mut rx, 20, "live over SSE", |s| {
        *s == SessionState::Live {
            transport: Transport::Sse,
        }
    })
    .await;
    let c = app.compare_transports(&id, 10).await.unwrap();
    for r in &c.rows {
        eprintln!(
            "{:?}: {} readings, interval {:?} s, {:?} B/reading, latency p50 {:?} ms, {} errors, note {:?}",
            r.transport, r.readings, r.mean_interval_s, r.bytes_per_reading, r.latency_ms_p50, r.errors, r.note
        );
        assert!(r.readings >= 5, "{r:?}");
        assert_eq!(r.errors, 0, "{r:?}");
        let interval = r.mean_interval_s.unwrap();
        assert!((0.5..2.0).contains(&interval), "{r:?}");
    }
    let [sse, poll, mqtt] = [&c.rows[0], &c.rows[1], &c.rows[2]];
    assert_eq!(
        (sse.transport, poll.transport, mqtt.transport),
        (Transport::Sse, Transport::Poll, Transport::Mqtt)
    );
    assert!(
        poll.bytes_per_reading > mqtt.bytes_per_reading,
        "a full report is larger than WattDesk's compact template"
    );
    app.shutdown().await;
}
