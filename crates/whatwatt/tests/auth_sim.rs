//! Authentication against the simulator: none, Basic (firmware < 1.10), Digest MD5-sess and MD5,
//! stale nonces, session reuse, wrong and missing passwords, and secrets kept out of every message.
#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::*;
use futures_util::StreamExt;
use whatwatt::{AuthFailure, Client, Error, Secret};
use whatwatt_sim::{AuthScheme, SimConfig};

const PW: &str = "s3cret-Pa55";

fn protected(auth: AuthScheme) -> SimConfig {
    SimConfig {
        password: Some(PW.into()),
        auth,
        ..config()
    }
}

#[tokio::test]
async fn no_auth_device_needs_no_password_and_ignores_one() {
    let dev = spawn(config()).await;
    for pw in [None, Some(Secret::new("unused"))] {
        let c = Client::new(&dev.base_url(), pw).unwrap();
        assert_eq!(c.system().await.unwrap().device.id, dev.id());
    }
    assert_eq!(dev.auth_stats().1, 0, "no challenge issued");
    dev.shutdown().await;
}

#[tokio::test]
async fn every_scheme_authenticates_and_rejects_bad_passwords() {
    for scheme in [AuthScheme::Digest, AuthScheme::DigestMd5, AuthScheme::Basic] {
        let dev = spawn(protected(scheme)).await;
        let good = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
        assert_eq!(
            good.system().await.unwrap().device.id,
            dev.id(),
            "{scheme:?}"
        );
        assert!(good.settings().await.is_ok());

        let none = Client::new(&dev.base_url(), None).unwrap();
        let e = none.system().await.unwrap_err();
        assert!(
            matches!(e, Error::Unauthorized(AuthFailure::PasswordRequired)),
            "{scheme:?}: {e}"
        );
        assert_eq!(e.code(), "password_required");

        let bad = Client::new(&dev.base_url(), Some(Secret::new("wrong-password"))).unwrap();
        let e = bad.system().await.unwrap_err();
        assert!(
            matches!(e, Error::Unauthorized(AuthFailure::WrongPassword)),
            "{scheme:?}: {e}"
        );
        assert_eq!(e.code(), "wrong_password");
        let text = format!("{e} {e:?} {bad:?} {good:?}");
        assert!(
            !text.contains(PW) && !text.contains("wrong-password"),
            "{text}"
        );
        dev.shutdown().await;
    }
}

#[tokio::test]
async fn digest_session_is_reused_without_extra_round_trips() {
    let dev = spawn(protected(AuthScheme::Digest)).await;
    let c = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
    c.system().await.unwrap();
    let (req0, ch0, _) = dev.auth_stats();
    assert_eq!(ch0, 1, "one challenge to learn the nonce");
    for _ in 0..10 {
        c.system().await.unwrap();
        c.settings().await.unwrap();
    }
    let (req1, ch1, _) = dev.auth_stats();
    assert_eq!(
        ch1, 1,
        "no further challenges: nc increments on the same nonce"
    );
    assert_eq!(req1 - req0, 20, "exactly one HTTP request per call");
    // Clones share the session.
    let c2 = c.clone();
    c2.system().await.unwrap();
    assert_eq!(dev.auth_stats().1, 1);
    dev.shutdown().await;
}

#[tokio::test]
async fn stale_nonce_is_retried_once_with_a_new_session() {
    let dev = spawn(protected(AuthScheme::Digest)).await;
    let c = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
    c.system().await.unwrap();
    dev.expire_nonces();
    let (req0, _, stale0) = dev.auth_stats();
    assert_eq!(stale0, 0);
    // The request succeeds after exactly one stale answer and one retry.
    c.system().await.unwrap();
    let (req1, _, stale1) = dev.auth_stats();
    assert_eq!(stale1, 1);
    assert_eq!(req1 - req0, 2);
    // The new session keeps working without further challenges.
    c.system().await.unwrap();
    assert_eq!(dev.auth_stats().2, 1);
    dev.shutdown().await;
}

#[tokio::test]
async fn live_stream_uses_the_same_auth() {
    let dev = spawn(protected(AuthScheme::Digest)).await;
    let c = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
    let mut live = c.live(None).await.unwrap();
    let r = within(10, "a live reading", live.next())
        .await
        .unwrap()
        .unwrap();
    assert!(r.energy_import_kwh.unwrap() > 0.0);
    let bad = Client::new(&dev.base_url(), Some(Secret::new("nope"))).unwrap();
    assert_eq!(bad.live(None).await.unwrap_err().code(), "wrong_password");
    dev.shutdown().await;
}

#[tokio::test]
async fn password_set_at_runtime_takes_effect_immediately() {
    let dev = spawn(config()).await;
    let open = Client::new(&dev.base_url(), None).unwrap();
    open.update_settings(&whatwatt::models::settings::Settings {
        system: Some(whatwatt::models::settings::SystemSettings {
            protection: Some(true),
            password: Some(Secret::new(PW)),
            ..Default::default()
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(open.system().await.unwrap_err().code(), "password_required");
    let c = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
    let s = c.settings().await.unwrap();
    assert_eq!(
        s.system.unwrap().password,
        None,
        "GET never returns the password"
    );
    dev.shutdown().await;
}

/// A session survives what makes the device answer a plain 401 to a right password: a new realm
/// (its host name changed) and a reboot (it forgot its nonces). A wrong password is still wrong.
#[tokio::test]
async fn a_new_realm_or_a_rebooted_device_is_followed_once() {
    use whatwatt::models::settings::{Settings, SystemSettings};
    let dev = spawn(protected(AuthScheme::Digest)).await;
    let c = Client::new(&dev.base_url(), Some(Secret::new(PW))).unwrap();
    c.system().await.unwrap();
    c.update_settings(&Settings {
        system: Some(SystemSettings {
            host_name: Some("kitchen-meter".into()),
            ..Default::default()
        }),
        services: None,
    })
    .await
    .unwrap();
    assert_eq!(c.system().await.unwrap().device.id, dev.id(), "new realm");

    c.reboot().await.unwrap();
    // Down (it refuses connections), then up again (it challenges an anonymous request); then the
    // old session's next request goes through.
    let url = format!("{}/api/v1/system", dev.base_url());
    until(20, "the device going down", || async {
        reqwest::get(&url).await.is_err().then_some(())
    })
    .await;
    until(20, "the device back up", || async {
        let r = reqwest::get(&url).await.ok()?;
        (r.status() == 401).then_some(())
    })
    .await;
    assert_eq!(
        c.system().await.unwrap().device.id,
        dev.id(),
        "after a reboot"
    );

    let wrong = Client::new(&dev.base_url(), Some(Secret::new("not-it"))).unwrap();
    let r = wrong.system().await;
    assert!(
        matches!(r, Err(Error::Unauthorized(AuthFailure::WrongPassword))),
        "{r:?}"
    );
    dev.shutdown().await;
}
