//! Who gets the password: the client answers Basic (the password in clear) only where allowed, never
//! goes back from Digest to Basic, and keeps every secret it sent out of the device's error texts.
//! The other side is an impostor that records every `Authorization` header it receives.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use std::time::Duration;
use whatwatt::models::mqtt_settings::MqttSettings;
use whatwatt::{AuthFailure, AuthScheme, Client, Error, ProbeOutcome, Secret};
use whatwatt_sim::testkit::{Ask, Impostor};
use whatwatt_sim::{AuthScheme as SimAuth, SimConfig};

const PW: &str = "Garden-Shed-7";

fn client(address: &str) -> whatwatt::rest::ClientBuilder {
    Client::builder(address)
        .password(Some(Secret::new(PW)))
        .timeout(Duration::from_secs(3))
}

fn refused(r: whatwatt::Result<impl std::fmt::Debug>) {
    match r {
        Err(Error::Unauthorized(AuthFailure::BasicRefused)) => {}
        other => panic!("expected the password to be withheld, got {other:?}"),
    }
}

#[tokio::test]
async fn after_digest_a_basic_challenge_gets_nothing() {
    let impostor = Impostor::start(vec![Ask::Basic]).await.unwrap();
    let c = client(&impostor.address())
        .expect_scheme(Some(AuthScheme::Digest))
        .build()
        .unwrap();
    refused(c.system().await);
    refused(c.system().await);
    assert_eq!(impostor.requests(), 2);
    assert_eq!(impostor.authorizations(), Vec::<String>::new());
}

#[tokio::test]
async fn an_unconfirmed_address_gets_no_basic_but_may_get_digest() {
    let impostor = Impostor::start(vec![Ask::Basic]).await.unwrap();
    let c = client(&impostor.address())
        .allow_basic(false)
        .build()
        .unwrap();
    refused(c.system().await);
    assert!(impostor.authorizations().is_empty());
    // A Digest challenge is answered (the password itself never travels).
    let digest = Impostor::start(vec![Ask::Digest]).await.unwrap();
    let c = client(&digest.address())
        .allow_basic(false)
        .build()
        .unwrap();
    assert!(c.system().await.is_err());
    // Answered, and answered once more to the fresh challenge that follows (what a device that
    // rebooted or changed its realm sends), then called wrong: never a third time.
    let sent = digest.authorizations();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(
        sent.iter()
            .all(|a| a.starts_with("Digest ") && !a.contains(PW)),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_client_that_spoke_digest_never_switches_to_basic() {
    // Digest first, then Basic: a downgrade in the middle of a session.
    let impostor = Impostor::start(vec![Ask::Digest, Ask::Basic])
        .await
        .unwrap();
    let c = client(&impostor.address()).build().unwrap();
    refused(c.system().await);
    let sent = impostor.authorizations();
    assert_eq!(sent.len(), 1, "only the Digest answer: {sent:?}");
    assert!(sent.iter().all(|a| a.starts_with("Digest ")), "{sent:?}");
    assert_eq!(c.scheme(), Some(AuthScheme::Digest));
}

#[tokio::test]
async fn old_firmware_keeps_working_with_basic_where_it_is_allowed() {
    let dev = spawn(SimConfig {
        password: Some(PW.into()),
        auth: SimAuth::Basic,
        ..config()
    })
    .await;
    let c = client(&dev.base_url()).build().unwrap();
    assert_eq!(c.system().await.unwrap().device.id, dev.id());
    assert_eq!(c.scheme(), Some(AuthScheme::Basic));
    // The same device behind an address nobody confirmed: the password stays here.
    let c = client(&dev.base_url()).allow_basic(false).build().unwrap();
    refused(c.system().await);
    assert_eq!(
        whatwatt::probe_with(&c).await.unwrap(),
        ProbeOutcome::BasicRefused
    );
}

#[tokio::test]
async fn the_device_learns_which_scheme_a_real_device_speaks() {
    let dev = spawn(SimConfig {
        password: Some(PW.into()),
        ..config()
    })
    .await;
    let c = client(&dev.base_url()).build().unwrap();
    assert_eq!(c.scheme(), None);
    c.system().await.unwrap();
    assert_eq!(c.scheme(), Some(AuthScheme::Digest));
    match whatwatt::probe_with(&c).await.unwrap() {
        ProbeOutcome::Device {
            scheme, protected, ..
        } => assert_eq!((scheme, protected), (Some(AuthScheme::Digest), true)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn secrets_sent_in_a_body_are_kept_out_of_the_device_error() {
    // A device that echoes the request in its 400 message: the broker password in the PUT body must
    // not come back in the error text (before, only the device password was redacted), even where
    // the text is cut short.
    let echo = Impostor::start(vec![Ask::EchoBody]).await.unwrap();
    let c = client(&echo.address()).build().unwrap();
    let body = MqttSettings {
        url: Some("mqtt://192.168.1.10:1883".into()),
        password: Some(Secret::new("broker-pass-9")),
        ..Default::default()
    };
    let err = c.update_mqtt_settings(&body).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::BadRequest(_)), "{text}");
    assert!(!text.contains("broker-pass-9"), "{text}");
    assert!(
        text.contains(r#""password":"***""#),
        "the echo is there, redacted: {text}"
    );
}
