//! History: every reading of every saved meter in an embedded SQLite file (WAL) in the OS data
//! directory, rolled up into minutes, quarter hours, hours and local days (kept for good) beside a
//! window of full-rate readings; gaps recorded with their reason and filled from the device's own
//! SD-card log; queries that never answer with more than ~2,000 buckets; tariffs, costs and
//! 15-minute peaks worked out from the quarter hours.
//!
//! `writer` owns the only writing connection on its own thread; queries open their own reading
//! connection (WAL lets them run beside the writer).

pub mod backfill;
pub mod bucket;
pub mod costs;
mod days;
pub mod db;
pub mod export;
pub mod ingest;
pub mod peaks;
pub mod query;
pub mod reading_point;
mod schema;
pub mod tariff;
pub mod writer;
pub mod zone;

pub use bucket::Width;
pub use query::{Bucket, Grouping};
pub use reading_point::Point;

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(String),
    #[error(
        "the history disk is full: live readings go on, history waits until space is free ({0})"
    )]
    DiskFull(String),
    #[error(
        "the history file cannot be written (read-only): live readings go on without history ({0})"
    )]
    ReadOnly(String),
    #[error("cannot use {path}: {message}")]
    Io { path: String, message: String },
    #[error(
        "the history file was written by a newer WattDesk (schema {found}, this one knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Device(#[from] whatwatt::Error),
    #[error("{0}")]
    Internal(String),
}

impl StoreError {
    pub fn io(path: &Path, e: &std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode as C;
        let text = e.to_string();
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::DiskFull(text),
            Some(C::ReadOnly | C::CannotOpen | C::PermissionDenied) => StoreError::ReadOnly(text),
            _ => StoreError::Sqlite(text),
        }
    }
}

/// Default window of full-rate readings (rollups stay for good).
pub const DEFAULT_RAW_DAYS: u32 = 10;

/// The history file in a data directory.
pub fn file_in(data_dir: &Path) -> PathBuf {
    data_dir.join("history.sqlite3")
}
