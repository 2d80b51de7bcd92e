//! Broker security: TLS with a CA generated here (and a wrong CA refused), mutual TLS with a client
//! certificate, broker usernames and passwords.

use super::common::mqtt::*;
use super::common::pki::{ca, Pki};
use super::common::*;
use wattdesk_core::ipc::*;
use wattdesk_core::live::broker::{
    BrokerEndpoint, BrokerError, BrokerPool, BrokerStatus, Subscription,
};
use whatwatt::mqtt::Mapping;
use whatwatt::Secret;
use whatwatt_sim::License;

async fn status_settles(sub: &Subscription, secs: u64) -> BrokerStatus {
    within(secs, "the broker connection to settle", sub.settled()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_generated_ca_and_wrong_ca_refused() {
    let pki = Pki::new();
    let ca_pem = pki.ca_pem.clone();
    let broker = Mosquitto::start(&pki.listener("")).await.unwrap();
    let url = format!("mqtts://{}", broker.addr);
    let dev = spawn(sim(License::Plus, 0.2)).await;
    publish_to(&dev, &url, "tls/meter", Some(&ca_pem)).await;

    // Wrong CA: refused with a clear TLS error.
    let (other, _) = ca("Someone else's CA");
    let mut wrong = BrokerEndpoint::parse(&url).unwrap();
    wrong.ca_pem = Some(other.cert.pem());
    let pool = BrokerPool::new();
    let sub = pool.subscribe(&wrong, "tls/meter").unwrap();
    match status_settles(&sub, 15).await {
        BrokerStatus::Failed {
            error: e @ BrokerError::Tls { .. },
            ..
        } => {
            assert!(e.to_string().contains("CA certificate"), "{e}");
            assert_eq!(e.code(), ErrorCode::BrokerTls);
        }
        other => panic!("expected a TLS refusal, got {other:?}"),
    }
    drop(sub);

    // Right CA: the session reads the meter over TLS.
    let mut right = BrokerEndpoint::parse(&url).unwrap();
    right.ca_pem = Some(ca_pem);
    let mut reports = dev.subscribe();
    let session = mqtt_session(right, "tls/meter", Some(Mapping::wattdesk()));
    let mut rx = session.subscribe();
    let got = readings(&mut rx, Some(Transport::Mqtt), 2, 20).await;
    let mut seen = Vec::new();
    while let Ok(s) = reports.try_recv() {
        seen.push(s);
    }
    for r in &got {
        assert_matches_meter(r, &seen);
    }
    session.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_username_and_password() {
    let dir = tempfile::tempdir().unwrap();
    let broker = password_broker(dir.path(), "alice", "correct horse").await;
    let pool = BrokerPool::new();
    let mut endpoint = BrokerEndpoint::parse(&broker.url()).unwrap();
    endpoint.username = Some("alice".into());
    endpoint.password = Some(Secret::new("wrong horse"));
    let sub = pool.subscribe(&endpoint, "t").unwrap();
    match status_settles(&sub, 10).await {
        BrokerStatus::Failed { error, .. } => {
            assert_eq!(error, BrokerError::NotAuthorized);
            assert!(!error.to_string().contains("horse"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(sub);
    endpoint.password = Some(Secret::new("correct horse"));
    let sub = pool.subscribe(&endpoint, "t").unwrap();
    assert_eq!(status_settles(&sub, 10).await, BrokerStatus::Connected);
    assert_eq!(pool.connections(), 1, "the refused connection is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutual_tls_with_a_client_certificate() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki.listener("require_certificate true\n"))
        .await
        .unwrap();
    let mut endpoint = BrokerEndpoint::parse(&format!("mqtts://{}", broker.addr)).unwrap();
    endpoint.ca_pem = Some(pki.ca_pem.clone());
    let pool = BrokerPool::new();
    // Without a client certificate the broker hangs up during the handshake.
    let sub = pool.subscribe(&endpoint, "mtls/meter").unwrap();
    match status_settles(&sub, 15).await {
        BrokerStatus::Failed {
            error: BrokerError::Tls { detail },
            ..
        } => assert!(detail.contains("CertificateRequired"), "{detail}"),
        other => panic!("expected the broker to ask for a client certificate, got {other:?}"),
    }
    drop(sub);
    let (cert, key) = pki.client.clone();
    endpoint.client_auth = Some((cert, Secret::new(key)));
    let sub = pool.subscribe(&endpoint, "mtls/meter").unwrap();
    assert_eq!(status_settles(&sub, 15).await, BrokerStatus::Connected);
}
