//! `/api/v1/reboot`, `/api/v1/restore`, `/load`: answer first, then go down.

use super::error::ApiError;
use crate::device::{Ctl, Shared};
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Gives the answer time to leave before the sockets close.
/// `hold` is kept until the request is sent (an update slot stays taken until the device goes down).
fn after_answer(sh: &Arc<Shared>, ctl: Ctl, hold: impl Send + 'static) {
    let tx = sh.ctl.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = tx.send(ctl);
        drop(hold);
    });
}

pub async fn reboot(State(sh): State<Arc<Shared>>) -> StatusCode {
    after_answer(&sh, Ctl::Reboot, ());
    StatusCode::NO_CONTENT
}

pub async fn restore(State(sh): State<Arc<Shared>>) -> StatusCode {
    after_answer(&sh, Ctl::Restore, ());
    StatusCode::NO_CONTENT
}

/// The first byte of an ESP32 application image (ESP-IDF's `ESP_IMAGE_HEADER_MAGIC`). The docs only
/// say "invalid firmware" is refused with 400; the whatwatt Go is an ESP32 device, so anything not
/// starting like an ESP32 image stands in for "not firmware for this device".
pub const IMAGE_MAGIC: u8 = 0xE9;

/// Holds the device's one update slot while an upload streams (docs: 503 while busy), until the
/// device goes down to install it.
struct Updating(Arc<Shared>);

impl Updating {
    fn take(sh: &Arc<Shared>) -> Option<Updating> {
        let was = sh.updating.swap(true, Ordering::SeqCst);
        (!was).then(|| Updating(sh.clone()))
    }
}

impl Drop for Updating {
    fn drop(&mut self) {
        self.0.updating.store(false, Ordering::SeqCst);
    }
}

pub async fn load(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, &'static str), ApiError> {
    let multipart = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        return Err(ApiError::UnsupportedMediaType(
            "upload the firmware as multipart/form-data, field \"file\"".into(),
        ));
    }
    let mut form =
        form.map_err(|e| ApiError::BadRequest(format!("invalid multipart body: {e}")))?;
    let Some(slot) = Updating::take(&sh) else {
        return Err(ApiError::Unavailable(
            "an update is already in progress".into(),
        ));
    };
    let mut image = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("invalid multipart body: {e}")))?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::TooLarge(format!(
                        "the firmware image is larger than {} bytes",
                        super::MAX_FIRMWARE
                    ))
                } else {
                    ApiError::BadRequest(format!("upload failed: {e}"))
                }
            })?;
            image = Some(bytes);
        }
    }
    match image {
        None => Err(ApiError::BadRequest("missing form field \"file\"".into())),
        Some(b) if b.is_empty() => Err(ApiError::BadRequest("empty firmware file".into())),
        Some(b) if b[0] != IMAGE_MAGIC => Err(ApiError::BadRequest(
            "invalid firmware: this is not a firmware image for this device".into(),
        )),
        Some(_) => {
            // Busy until it is down: an upload arriving in between is told so.
            after_answer(&sh, Ctl::Reboot, slot);
            Ok((StatusCode::OK, "Update successful, rebooting"))
        }
    }
}
