//! The app's error: a stable `code` the UI branches on and a message a homeowner can read. Crosses the
//! IPC boundary as `{code, message}`. Messages never contain a password.

pub use crate::ipc::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Device(#[from] whatwatt::Error),
    #[error("{0}")]
    NotWhatwatt(String),
    #[error("this meter is already in your list")]
    AlreadyAdded,
    #[error("no saved meter has the id {0}")]
    UnknownMeter(String),
    #[error("could not read or write {path}: {source}")]
    Storage {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not store the password: {0}")]
    Secret(String),
    #[error("the saved passwords in {path} can be read by other users of this computer (mode {mode:o}); WattDesk does not use them until only you can read the file: run chmod 600 {path}, then consider changing those passwords")]
    SecretsExposed { path: String, mode: u32 },
    #[error("could not start the demo meter: {0}")]
    Demo(String),
    #[error(transparent)]
    Broker(#[from] crate::live::broker::BrokerError),
    #[error("no saved broker has the id {0}")]
    UnknownBroker(String),
    #[error("this broker is used by {0}; choose another broker for it first")]
    BrokerInUse(String),
    #[error("{0}")]
    Invalid(String),
    /// A refusal the window words in the user's language (a value's rule, a file that is not what
    /// it should be); the English is the catalogue's.
    #[error("{0}")]
    Rule(crate::ipc::Said),
    #[error("the device at {address} is not this meter (it reports the id {found:?})")]
    NotThisMeter { address: String, found: String },
    #[error("the device could not join the Wi-Fi network {ssid:?}: check the password (the device is back on its own Wi-Fi), or choose a 2.4 GHz network in range")]
    WifiJoinFailed { ssid: String },
    #[error("the device did not show up on your home network in time: {detail}")]
    DeviceLost { detail: String },
    #[error("WPS did not pair the device with your router: press the router's WPS button within 2 minutes of starting it. After a failed WPS started from its own Wi-Fi the device turns Wi-Fi off: unplug it and plug it back in to start again")]
    WpsFailed,
    #[error("the meter is not ready ({status}): {advice}")]
    MeterNotReady { status: String, advice: String },
    #[error("the setup was cancelled; it can continue from where it stopped")]
    Cancelled,
    #[error(transparent)]
    History(#[from] crate::store::StoreError),
    #[error(transparent)]
    Gateway(#[from] crate::gateway::GatewayError),
    #[error("the meter does not accept this key: check the encryption key (and the authentication key, if your grid operator gave one) against their letter")]
    MeterKeyWrong,
}

impl CoreError {
    /// A refusal by its catalogue key (listed in `i18n::catalog::RUST_KEYS`) and values.
    pub fn rule(key: &str, args: &[(&str, &str)]) -> CoreError {
        CoreError::Rule(crate::ipc::Said::new(key, args))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Device(e) => ErrorCode::parse(e.code()),
            CoreError::NotWhatwatt(_) => ErrorCode::NotWhatwatt,
            CoreError::AlreadyAdded => ErrorCode::AlreadyAdded,
            CoreError::UnknownMeter(_) => ErrorCode::NotFound,
            CoreError::Storage { .. } | CoreError::Secret(_) | CoreError::Demo(_) => {
                ErrorCode::Internal
            }
            CoreError::SecretsExposed { .. } => ErrorCode::SecretsExposed,
            CoreError::Broker(e) => e.code(),
            CoreError::UnknownBroker(_) => ErrorCode::NotFound,
            CoreError::BrokerInUse(_) => ErrorCode::BrokerInUse,
            CoreError::Invalid(_) | CoreError::Rule(_) => ErrorCode::InvalidInput,
            CoreError::NotThisMeter { .. } => ErrorCode::NotThisMeter,
            CoreError::WifiJoinFailed { .. } => ErrorCode::WifiJoinFailed,
            CoreError::DeviceLost { .. } => ErrorCode::DeviceLost,
            CoreError::WpsFailed => ErrorCode::WpsFailed,
            CoreError::MeterNotReady { .. } => ErrorCode::MeterNotReady,
            CoreError::MeterKeyWrong => ErrorCode::MeterKeyWrong,
            CoreError::Cancelled => ErrorCode::Cancelled,
            CoreError::Gateway(e) => match e {
                crate::gateway::GatewayError::Bind { .. } => ErrorCode::PortInUse,
                crate::gateway::GatewayError::TokenRequired => ErrorCode::TokenRequired,
                crate::gateway::GatewayError::UnknownMeter(_) => ErrorCode::NotFound,
            },
            CoreError::History(e) => {
                use crate::store::StoreError as S;
                match e {
                    S::Device(d) => ErrorCode::parse(d.code()),
                    S::BadRequest(_) => ErrorCode::InvalidInput,
                    S::DiskFull(_) | S::ReadOnly(_) | S::TooNew { .. } | S::Io { .. } => {
                        ErrorCode::HistoryUnavailable
                    }
                    S::Sqlite(_) | S::Internal(_) => ErrorCode::Internal,
                }
            }
        }
    }
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        AppError {
            code: e.code(),
            message: e.to_string(),
            said: match &e {
                CoreError::Rule(said) => Some(said.clone()),
                _ => None,
            },
        }
    }
}

impl From<whatwatt::Error> for AppError {
    fn from(e: whatwatt::Error) -> Self {
        CoreError::from(e).into()
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use whatwatt::{AuthFailure, Error};

    #[test]
    fn every_protocol_code_is_an_error_code() {
        let s = || String::from("x");
        let all = [
            Error::Unreachable {
                target: s(),
                reason: s(),
            },
            Error::Timeout(Duration::from_secs(1)),
            Error::Unauthorized(AuthFailure::PasswordRequired),
            Error::Unauthorized(AuthFailure::WrongPassword),
            Error::Unauthorized(AuthFailure::BasicRefused),
            Error::LicenseRequired,
            Error::NotFound(s()),
            Error::BadRequest(s()),
            Error::PayloadTooLarge { size: 1, limit: 0 },
            Error::RefusedAsTooLarge {
                size: 1,
                message: s(),
            },
            Error::ServiceUnavailable(s()),
            Error::Http {
                status: 418,
                snippet: s(),
            },
            Error::InvalidResponse {
                reason: s(),
                snippet: s(),
            },
            Error::InvalidAddress(s()),
            Error::UnknownHost { host: s() },
            Error::NotHttp {
                target: s(),
                reason: s(),
            },
            Error::MalformedEvent {
                reason: s(),
                snippet: s(),
            },
            Error::OversizedEvent { limit: 1 },
            Error::StreamBroken(s()),
            Error::Mdns(s()),
        ];
        for e in all {
            let text = e.code();
            let code = CoreError::from(e).code();
            assert_eq!(
                code.to_string(),
                text,
                "{text} is spelled the same in ErrorCode"
            );
        }
        assert_eq!(ErrorCode::parse("no_such_code"), ErrorCode::Internal);
    }

    #[test]
    fn app_error_serializes_as_code_and_message() {
        let e = AppError::from(CoreError::AlreadyAdded);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "already_added");
        assert_eq!(v["message"], "this meter is already in your list");
    }
}
