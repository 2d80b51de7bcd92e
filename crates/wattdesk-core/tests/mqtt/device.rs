//! The device's MQTT publishing set up through the app (read, preview, PUT, status), one-step setup
//! from a broker profile, and the demo meter publishing to the demo broker.

use super::common::mqtt::*;
use super::common::*;
use std::time::Duration;
use wattdesk_core::ipc::*;
use wattdesk_core::DemoMode;
use whatwatt::mqtt::WATTDESK_TEMPLATE;
use whatwatt_sim::License;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_setup_round_trip_then_session_reads_the_meter_over_mqtt() {
    let broker = Mosquitto::start("").await.expect("mosquitto starts");
    let dev = spawn(sim(License::Plus, 0.2)).await;
    let id = dev.id().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    publish_every_second(&dev, None).await;

    // The meter has reported (templates render only from a reading).
    let mut live = app.subscribe_meter(&id).unwrap();
    readings(&mut live, Some(Transport::Sse), 1, 20).await;

    // Device side: read, preview WattDesk's template, save with PUT, read back.
    let before = app.device_mqtt(&id).await.unwrap();
    assert!(!before.enable && before.plus && !before.password_set);
    assert_eq!(
        before.default_topic,
        format!("wattdesk/{}", id.to_lowercase())
    );
    let preview = app
        .preview_template(&id, &before.wattdesk_template, MappingChoice::Wattdesk)
        .await
        .unwrap();
    assert!(preview.decodes, "{preview:?}");
    assert!(preview.template_chars <= 1023);
    assert!(preview.power_kw.is_some());

    let request = |password: Option<&str>, ca: PemChange| DeviceMqttRequest {
        enable: true,
        url: broker.url(),
        username: "meter".into(),
        password: password.map(whatwatt::Secret::new),
        password_from_broker: None,
        client_id: before.default_client_id.clone(),
        topic: before.default_topic.clone(),
        template: before.wattdesk_template.clone(),
        ca,
        client_cert: PemChange::Keep,
        client_key: PemChange::Keep,
        skip_cn_check: false,
    };
    app.save_device_mqtt(&id, request(Some("device-secret"), PemChange::Keep))
        .await
        .unwrap();
    // A second save without a password keeps the stored one (PUT merges).
    app.save_device_mqtt(&id, request(None, PemChange::Keep))
        .await
        .unwrap();
    let after = app.device_mqtt(&id).await.unwrap();
    assert!(after.enable && after.password_set, "{after:?}");
    assert_eq!(
        (
            after.url.as_str(),
            after.topic.as_str(),
            after.template.as_str()
        ),
        (
            broker.url().as_str(),
            before.default_topic.as_str(),
            WATTDESK_TEMPLATE
        )
    );

    // Over 8 kB is refused before anything is sent; so is a file that is not a certificate.
    let huge = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        "A".repeat(9000)
    );
    let err = app
        .save_device_mqtt(&id, request(None, PemChange::Set { pem: huge.into() }))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("8 kB"), "{err}");
    let err = app
        .save_device_mqtt(
            &id,
            request(
                None,
                PemChange::Set {
                    pem: "hello".into(),
                },
            ),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("PEM"), "{err}");

    // The device's own view: connected (the anonymous broker accepts any login).
    within(15, "the device's MQTT connection", async {
        loop {
            let s = app.device_mqtt_status(&id).await.unwrap();
            if s.connected {
                assert!(s.enabled && s.plus && s.hints.is_empty());
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let guess = app.suggest_mapping(&id).await.unwrap();
    assert_eq!(guess.builtin, Some(MappingChoice::Wattdesk));

    // App side: a broker profile and the meter on MQTT only.
    let profile = local_profile(&app, &broker);
    app.test_broker(&profile.id, Duration::from_secs(5))
        .await
        .unwrap();
    let mut reports = dev.subscribe();
    app.set_meter_link(
        &id,
        MeterLinkRequest {
            transport: TransportChoice::Mqtt,
            mqtt: Some(MeterMqtt {
                broker_id: profile.id.clone(),
                topic: before.default_topic.clone(),
                mapping: MappingChoice::Wattdesk,
            }),
        },
    )
    .unwrap();
    // The subscription made before the session restarted on MQTT keeps receiving (open live views).
    let mut rx = live;
    let got = readings(&mut rx, Some(Transport::Mqtt), 3, 20).await;
    let mut seen = Vec::new();
    while let Ok(s) = reports.try_recv() {
        seen.push(s);
    }
    for r in &got {
        assert_matches_meter(r, &seen);
        assert!(r.bytes > 100 && r.bytes < 1500, "payload size {}", r.bytes);
    }
    assert_eq!(
        app.meter_state(&id),
        Some(SessionState::Live {
            transport: Transport::Mqtt
        })
    );
    // The broker profile is in use now; the inspector counts what arrived.
    assert!(matches!(
        app.delete_broker(&profile.id),
        Err(wattdesk_core::error::CoreError::BrokerInUse(_))
    ));
    // The supervisor's ledger runs beside this receiver; one more reading lets it catch up.
    readings(&mut rx, Some(Transport::Mqtt), 1, 10).await;
    let figures = app.transport_figures(&id).unwrap();
    assert!(figures[2].readings >= 3, "{figures:?}");
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_meter_publishes_to_the_demo_broker() {
    let broker = Mosquitto::start("").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = wattdesk_core::App::start(wattdesk_core::AppOptions {
        demo_broker: Some(broker.url()),
        ..options(dir.path(), DemoMode::Auto, whatwatt::MdnsPolicy::Off)
    })
    .await
    .unwrap();
    let demo = app
        .meters()
        .into_iter()
        .find(|m| m.demo)
        .expect("demo meter");
    let link = app.meter_link(&demo.device_id).unwrap();
    assert_eq!(link.transport, TransportChoice::Auto);
    assert_eq!(link.mqtt.as_ref().unwrap().broker_id, "demo-broker");
    let brokers = app.brokers();
    assert_eq!(brokers[0].used_by, vec!["Demo meter".to_owned()]);
    let c = app.compare_transports(&demo.device_id, 12).await.unwrap();
    assert!(c.rows[2].readings >= 1, "{:?}", c.rows[2]);
    assert!(c.rows[0].readings >= 5, "{:?}", c.rows[0]);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_step_setup_with_a_password_protected_broker() {
    let dir = tempfile::tempdir().unwrap();
    let broker = password_broker(dir.path(), "home", "broker-pass-9").await;
    let dev = spawn(sim(License::Plus, 0.2)).await;
    let id = dev.id().to_owned();
    let app = start_app(dir.path(), DemoMode::Off).await;
    add(&app, &dev).await;
    let mut rx = app.subscribe_meter(&id).unwrap();
    readings(&mut rx, Some(Transport::Sse), 1, 20).await;
    let profile = app
        .save_broker(BrokerRequest {
            id: None,
            name: "Home Assistant".into(),
            url: broker.url(),
            username: Some("home".into()),
            password: Some("broker-pass-9".into()),
            ca_pem: None,
            client_cert_pem: None,
            client_key_pem: None,
        })
        .unwrap();
    assert!(profile.has_password);
    publish_every_second(&dev, None).await;
    let link = app.quick_mqtt_setup(&id, &profile.id).await.unwrap();
    assert_eq!(link.transport, TransportChoice::Auto);
    let device = app.device_mqtt(&id).await.unwrap();
    assert!(device.enable && device.password_set && device.username == "home");
    assert_eq!(device.template, WATTDESK_TEMPLATE);
    // The device logs in with the broker password it was given; nothing shows the password.
    within(15, "the device's MQTT connection", async {
        while !app.device_mqtt_status(&id).await.unwrap().connected {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let c = app.compare_transports(&id, 10).await.unwrap();
    assert!(c.rows[2].readings >= 1, "{:?}", c.rows[2]);
    app.shutdown().await;
}
