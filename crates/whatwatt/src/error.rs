//! The one error type of the protocol crate. Every variant has a stable [`Error::code`] the UI can branch on.

use std::time::Duration;

/// Why the device refused our credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthFailure {
    /// The device is password protected and no password was given.
    PasswordRequired,
    /// A password was sent and the device rejected it.
    WrongPassword,
    /// The device asked for the password in clear (HTTP Basic) where WattDesk does not send it that
    /// way: the meter spoke Digest before, or its address is not confirmed. Nothing was sent.
    BasicRefused,
}

/// Everything that can go wrong talking to a whatwatt Go. Messages never contain a password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No TCP connection could be made (host down, wrong address, connection refused, DNS failure).
    #[error("device unreachable at {target}: {reason}")]
    Unreachable { target: String, reason: String },
    /// The device accepted the connection but did not answer in time.
    #[error("device did not answer within {0:?}")]
    Timeout(Duration),
    #[error("{}", match .0 {
        AuthFailure::PasswordRequired => "the device is password protected: a password is needed",
        AuthFailure::WrongPassword => "the device rejected the password",
        AuthFailure::BasicRefused => "the device asked for the password in clear text (HTTP Basic); WattDesk did not send it, because this meter used the safer Digest login before or its address is not confirmed: it may be another device pretending to be your meter",
    })]
    Unauthorized(AuthFailure),
    /// `404 License required`: the route needs a PLUS (or higher) licence.
    #[error("this function needs a PLUS licence on the device (404 License required)")]
    LicenseRequired,
    #[error("not found on the device: {0}")]
    NotFound(String),
    /// `400`: the device refused the values; the message is the device's own.
    #[error("the device refused the request: {0}")]
    BadRequest(String),
    /// The body is larger than the device accepts; refused before sending.
    #[error("request body of {size} bytes exceeds the device limit of {limit} bytes")]
    PayloadTooLarge { size: usize, limit: usize },
    /// `413` from the device itself: it would not take a body this large (a firmware image too big
    /// for its flash, for instance).
    #[error("the device refused {size} bytes as too large (413){}", if .message.is_empty() { String::new() } else { format!(": {}", .message) })]
    RefusedAsTooLarge { size: usize, message: String },
    /// `503`: e.g. no SD card mounted.
    #[error("the device service is unavailable: {0}")]
    ServiceUnavailable(String),
    /// Any other unexpected HTTP status.
    #[error("unexpected HTTP status {status} from the device: {snippet}")]
    Http { status: u16, snippet: String },
    /// The device answered something we cannot understand. `snippet` is short and redacted.
    #[error("invalid response from the device ({reason}): {snippet}")]
    InvalidResponse { reason: String, snippet: String },
    /// No device has that name (the name did not resolve).
    #[error("no device on the network has the name {host:?}")]
    UnknownHost { host: String },
    /// Something accepted the connection but did not answer in HTTP (an MQTT broker, another
    /// service on that port).
    #[error("something answers at {target}, but not like a web server (it may be an MQTT broker or another service): {reason}")]
    NotHttp { target: String, reason: String },
    /// The address given is not something we can connect to.
    #[error("invalid device address {0:?}")]
    InvalidAddress(String),
    /// A live event that could not be decoded; the stream goes on after it.
    #[error("malformed live event: {reason}: {snippet}")]
    MalformedEvent { reason: String, snippet: String },
    /// A live event larger than [`crate::live::MAX_EVENT_BYTES`]; the stream is ended.
    #[error("live event larger than {limit} bytes")]
    OversizedEvent { limit: usize },
    /// The live stream's connection broke.
    #[error("live stream interrupted: {0}")]
    StreamBroken(String),
    /// mDNS could not be started or used.
    #[error("mDNS discovery failed: {0}")]
    Mdns(String),
}

impl Error {
    /// A stable machine-readable code (snake_case) for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Unreachable { .. } => "unreachable",
            Error::Timeout(_) => "timeout",
            Error::Unauthorized(AuthFailure::PasswordRequired) => "password_required",
            Error::Unauthorized(AuthFailure::WrongPassword) => "wrong_password",
            Error::Unauthorized(AuthFailure::BasicRefused) => "basic_refused",
            Error::LicenseRequired => "license_required",
            Error::NotFound(_) => "not_found",
            Error::BadRequest(_) => "bad_request",
            Error::PayloadTooLarge { .. } | Error::RefusedAsTooLarge { .. } => "payload_too_large",
            Error::ServiceUnavailable(_) => "service_unavailable",
            Error::Http { .. } => "http_status",
            Error::InvalidResponse { .. } => "invalid_response",
            Error::InvalidAddress(_) => "invalid_address",
            Error::UnknownHost { .. } => "unknown_host",
            Error::NotHttp { .. } => "not_http",
            Error::MalformedEvent { .. } => "malformed_event",
            Error::OversizedEvent { .. } => "oversized_event",
            Error::StreamBroken(_) => "stream_broken",
            Error::Mdns(_) => "mdns",
        }
    }

    /// True when retrying later may help (network trouble, device busy or rebooting).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::Unreachable { .. }
                | Error::UnknownHost { .. }
                | Error::Timeout(_)
                | Error::ServiceUnavailable(_)
                | Error::StreamBroken(_)
        ) || matches!(self, Error::Http { status, .. } if *status >= 500)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
