//! MQTT brokers the app listens to: one rumqttc connection per broker (and login), shared by every
//! meter that publishes there, reconnecting with backoff and re-subscribing after every reconnect
//! (with a clean session the broker forgets subscriptions when the connection drops).

mod connection;
mod endpoint;
mod options;

use crate::ipc::ErrorCode;

pub use connection::{BrokerPool, BrokerStatus, Message, SubEvent, Subscription};
pub use endpoint::BrokerEndpoint;
pub use options::check_pem;

/// Payloads larger than this make rumqttc drop the connection; anything above
/// [`whatwatt::mqtt::MAX_PAYLOAD_BYTES`] is refused by the decoder anyway, but up to this size the
/// payload is received, counted as malformed and shown, without a reconnect.
pub const MAX_INCOMING_PACKET: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BrokerError {
    #[error("invalid broker address: {reason}")]
    InvalidUrl { reason: String },
    #[error("invalid topic {topic:?}: {reason}")]
    InvalidTopic { topic: String, reason: String },
    #[error("the broker refused the username or password")]
    NotAuthorized,
    #[error("the broker refused the connection: {reason}")]
    Refused { reason: String },
    #[error("TLS with the broker failed: {detail}")]
    Tls { detail: String },
    #[error("the broker at {address} does not answer: {detail}")]
    Unreachable { address: String, detail: String },
    #[error("a message of {bytes} bytes was larger than the {limit} bytes accepted")]
    Oversized { bytes: usize, limit: usize },
    #[error("MQTT connection lost: {detail}")]
    Lost { detail: String },
}

impl BrokerError {
    pub fn code(&self) -> ErrorCode {
        match self {
            BrokerError::InvalidUrl { .. } => ErrorCode::BrokerUrl,
            BrokerError::InvalidTopic { .. } => ErrorCode::BrokerTopic,
            BrokerError::NotAuthorized => ErrorCode::BrokerAuth,
            BrokerError::Refused { .. } => ErrorCode::BrokerRefused,
            BrokerError::Tls { .. } => ErrorCode::BrokerTls,
            BrokerError::Unreachable { .. } => ErrorCode::BrokerUnreachable,
            BrokerError::Oversized { .. } => ErrorCode::BrokerOversized,
            BrokerError::Lost { .. } => ErrorCode::BrokerLost,
        }
    }
}

/// Topics WattDesk subscribes to are exact names: no wildcards, no empty levels at the ends.
pub fn check_topic(topic: &str) -> Result<(), BrokerError> {
    let bad = |why: &str| BrokerError::InvalidTopic {
        topic: topic.to_owned(),
        reason: why.to_owned(),
    };
    if topic.is_empty() {
        return Err(bad("empty"));
    }
    if topic.len() > 127 {
        return Err(bad("longer than the device's 127 characters"));
    }
    if topic.contains(['#', '+']) {
        return Err(bad(
            "wildcards (# +) are not allowed: give the exact topic the meter publishes to",
        ));
    }
    if topic.contains('\0') {
        return Err(bad("contains a NUL character"));
    }
    Ok(())
}
