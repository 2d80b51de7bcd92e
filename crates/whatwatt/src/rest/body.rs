//! Reading a response body within a size and time limit, and the device's own words from an error body.

use bytes::Bytes;
use reqwest::Response;
use std::time::Duration;

pub(super) enum ReadError {
    TooLarge,
    Timeout,
    Broken(String),
}

pub(super) async fn read_limited(
    mut resp: Response,
    limit: usize,
    timeout: Duration,
) -> std::result::Result<Bytes, ReadError> {
    let read = async {
        let mut buf = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| ReadError::Broken(crate::redact::snippet(&e.to_string())))?
        {
            if buf.len() + chunk.len() > limit {
                return Err(ReadError::TooLarge);
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buf))
    };
    tokio::time::timeout(timeout, read)
        .await
        .map_err(|_| ReadError::Timeout)?
}

/// The device's own words from an error body: `{"message": ...}` or `{"error": ...}`.
pub(super) fn device_message(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("message")
        .or_else(|| v.get("error"))
        .and_then(|m| m.as_str())
        .map(str::to_owned)
}
