//! The app's error: a stable `code` the UI branches on and a message a homeowner can read. Crosses the
//! IPC boundary as `{code, message}`. Messages never contain a password.

use serde::Serialize;
use ts_rs::TS;

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
    #[error("could not start the demo meter: {0}")]
    Demo(String),
    #[error(transparent)]
    Broker(#[from] crate::broker::BrokerError),
    #[error("no saved broker has the id {0}")]
    UnknownBroker(String),
    #[error("this broker is used by {0}; choose another broker for it first")]
    BrokerInUse(String),
    #[error("{0}")]
    Invalid(String),
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Device(e) => e.code(),
            CoreError::NotWhatwatt(_) => "not_whatwatt",
            CoreError::AlreadyAdded => "already_added",
            CoreError::UnknownMeter(_) => "not_found",
            CoreError::Storage { .. } | CoreError::Secret(_) | CoreError::Demo(_) => "internal",
            CoreError::Broker(e) => e.code(),
            CoreError::UnknownBroker(_) => "not_found",
            CoreError::BrokerInUse(_) => "broker_in_use",
            CoreError::Invalid(_) => "invalid_input",
        }
    }
}

/// What the UI receives for any failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        AppError {
            code: e.code().to_owned(),
            message: e.to_string(),
        }
    }
}

impl From<whatwatt::Error> for AppError {
    fn from(e: whatwatt::Error) -> Self {
        CoreError::from(e).into()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AppError {}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
