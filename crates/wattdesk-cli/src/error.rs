//! The CLI's one error: what went wrong, with the same codes the app's UI receives
//! (`wattdesk_core::ErrorCode`), so `--json` output and scripts can branch on them.

use wattdesk_core::live::broker::BrokerError;
use wattdesk_core::{CoreError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line itself is wrong (exit status 2).
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error(transparent)]
    Device(#[from] whatwatt::Error),
    #[error(transparent)]
    Broker(#[from] BrokerError),
    #[error("cannot read {path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl CliError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CliError::Usage(_) => ErrorCode::InvalidInput,
            CliError::Core(e) => e.code(),
            CliError::Device(e) => ErrorCode::parse(e.code()),
            CliError::Broker(e) => e.code(),
            CliError::File { .. } => ErrorCode::Internal,
        }
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;
