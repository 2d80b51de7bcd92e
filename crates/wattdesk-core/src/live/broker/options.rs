//! How WattDesk connects to a broker (client id, keep-alive, packet limits, login, TLS) and how
//! rumqttc's errors become ones a user can act on.

use super::{BrokerEndpoint, BrokerError, MAX_INCOMING_PACKET};
use rumqttc::{
    ConnectReturnCode, ConnectionError, MqttOptions, StateError, TlsConfiguration, Transport,
};
use std::time::Duration;

fn client_id() -> String {
    format!("wattdesk-{:016x}", rand::random::<u64>())
}

pub(super) fn options(
    endpoint: &BrokerEndpoint,
    keep_alive: Duration,
) -> Result<MqttOptions, BrokerError> {
    let mut opts = MqttOptions::new(client_id(), endpoint.host.clone(), endpoint.port);
    opts.set_keep_alive(keep_alive);
    opts.set_max_packet_size(MAX_INCOMING_PACKET, 64 * 1024);
    if endpoint.username.is_some() || endpoint.password.is_some() {
        opts.set_credentials(
            endpoint.username.clone().unwrap_or_default(),
            endpoint
                .password
                .as_ref()
                .map(|p| p.expose().to_owned())
                .unwrap_or_default(),
        );
    }
    if endpoint.tls {
        let transport = match &endpoint.ca_pem {
            Some(ca) => {
                check_pem(ca, "CERTIFICATE", "CA certificate")?;
                let client_auth = match &endpoint.client_auth {
                    Some((cert, key)) => {
                        check_pem(cert, "CERTIFICATE", "client certificate")?;
                        check_pem(key.expose(), "PRIVATE KEY", "client key")?;
                        Some((cert.as_bytes().to_vec(), key.expose().as_bytes().to_vec()))
                    }
                    None => None,
                };
                Transport::tls_with_config(TlsConfiguration::Simple {
                    ca: ca.as_bytes().to_vec(),
                    alpn: None,
                    client_auth,
                })
            }
            // The system's trusted roots (a broker with a public certificate).
            None => Transport::tls_with_default_config(),
        };
        opts.set_transport(transport);
    }
    Ok(opts)
}

/// A quick shape check so a pasted file of the wrong kind gets a clear message before any connect
/// or upload.
pub fn check_pem(pem: &str, label: &str, what: &str) -> Result<(), BrokerError> {
    if pem.contains("-----BEGIN ") && pem.contains(label) && pem.contains("-----END ") {
        Ok(())
    } else {
        Err(BrokerError::Tls {
            detail: format!("the {what} is not a PEM file with a {label} block"),
        })
    }
}

/// Turns rumqttc's error into one a user can act on. Never includes credentials (rumqttc's errors
/// carry none).
pub(super) fn classify(e: &ConnectionError, address: &str) -> BrokerError {
    use rumqttc::tokio_rustls::rustls;
    match e {
        ConnectionError::ConnectionRefused(
            ConnectReturnCode::BadUserNamePassword | ConnectReturnCode::NotAuthorized,
        ) => BrokerError::NotAuthorized,
        ConnectionError::ConnectionRefused(code) => BrokerError::Refused {
            reason: format!("{code:?}"),
        },
        ConnectionError::Tls(t) => BrokerError::Tls {
            detail: tls_hint(&t.to_string()),
        },
        ConnectionError::MqttState(StateError::Deserialization(
            rumqttc::Error::PayloadSizeLimitExceeded(n),
        )) => BrokerError::Oversized {
            bytes: *n,
            limit: MAX_INCOMING_PACKET,
        },
        ConnectionError::Io(io) | ConnectionError::MqttState(StateError::Io(io)) => {
            if let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                return BrokerError::Tls {
                    detail: tls_hint(&r.to_string()),
                };
            }
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::TimedOut
                | std::io::ErrorKind::NotFound
                | std::io::ErrorKind::HostUnreachable
                | std::io::ErrorKind::NetworkUnreachable => BrokerError::Unreachable {
                    address: address.to_owned(),
                    detail: io.to_string(),
                },
                _ => BrokerError::Lost {
                    detail: io.to_string(),
                },
            }
        }
        ConnectionError::NetworkTimeout => BrokerError::Unreachable {
            address: address.to_owned(),
            detail: "timed out".into(),
        },
        // A TLS alert during the handshake can surface wrapped in a state or decoding error.
        other if is_tls_alert(&other.to_string()) => BrokerError::Tls {
            detail: tls_hint(&other.to_string()),
        },
        other => BrokerError::Lost {
            detail: other.to_string(),
        },
    }
}

fn is_tls_alert(text: &str) -> bool {
    text.contains("fatal alert") || text.contains("InvalidCertificate")
}

fn tls_hint(detail: &str) -> String {
    if detail.contains("UnknownIssuer") || detail.contains("BadSignature") {
        format!("{detail} — the broker's certificate is not signed by the CA certificate given")
    } else if detail.contains("NotValidForName") {
        format!("{detail} — the broker's certificate does not name this host")
    } else if detail.contains("CertificateRequired") {
        format!(
            "{detail} — the broker asks for a client certificate: add one to this broker profile"
        )
    } else {
        detail.to_owned()
    }
}
