//! `/api/v1/reboot`, `/api/v1/restore`, `/load`: answer first, then go down.

use super::error::ApiError;
use crate::device::{Ctl, Shared};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;

/// Gives the answer time to leave before the sockets close.
fn after_answer(sh: &Arc<Shared>, ctl: Ctl) {
    let tx = sh.ctl.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = tx.send(ctl);
    });
}

pub async fn reboot(State(sh): State<Arc<Shared>>) -> StatusCode {
    after_answer(&sh, Ctl::Reboot);
    StatusCode::NO_CONTENT
}

pub async fn restore(State(sh): State<Arc<Shared>>) -> StatusCode {
    after_answer(&sh, Ctl::Restore);
    StatusCode::NO_CONTENT
}

pub async fn load(
    State(sh): State<Arc<Shared>>,
    mut form: Multipart,
) -> Result<(StatusCode, &'static str), ApiError> {
    let mut size = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("invalid multipart body: {e}")))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| ApiError::BadRequest(format!("upload failed: {e}")))?;
            size = Some(bytes.len());
        }
    }
    match size {
        None => Err(ApiError::BadRequest("missing form field \"file\"".into())),
        Some(0) => Err(ApiError::BadRequest("empty firmware file".into())),
        Some(_) => {
            after_answer(&sh, Ctl::Reboot);
            Ok((StatusCode::OK, "Update successful, rebooting"))
        }
    }
}
