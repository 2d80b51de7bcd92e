//! `/sdcard/...`: directory listings, CSV downloads and deletes; 503 without a card. A path lists a
//! directory when it ends in `/` or its last part has no file extension (docs: sdcard/listing);
//! `/sdcard` lists the root too, and deleting the root is a 400 (docs: sdcard/troubleshooting).

use super::error::ApiError;
use crate::device::{lock, Shared};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

fn mounted(sh: &Shared) -> Result<(), ApiError> {
    if sh.cfg.sd_card {
        Ok(())
    } else {
        Err(ApiError::Unavailable("SD card not mounted".into()))
    }
}

pub async fn root(State(sh): State<Arc<Shared>>) -> Result<Response, ApiError> {
    get_path(&sh, "")
}

pub async fn get(
    State(sh): State<Arc<Shared>>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    get_path(&sh, &path)
}

fn get_path(sh: &Shared, path: &str) -> Result<Response, ApiError> {
    mounted(sh)?;
    let card = lock(&sh.sd);
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path.ends_with('/') || !last.contains('.') {
        return card
            .list(path)
            .map(|l| Json(l).into_response())
            .ok_or(ApiError::NotFound);
    }
    let text = card.read(path).ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "text/csv")], text).into_response())
}

pub async fn delete_root(State(sh): State<Arc<Shared>>) -> Result<StatusCode, ApiError> {
    mounted(&sh)?;
    Err(ApiError::BadRequest(
        "the card's root cannot be deleted: name a file or a directory".into(),
    ))
}

pub async fn delete(
    State(sh): State<Arc<Shared>>,
    Path(path): Path<String>,
) -> Result<StatusCode, ApiError> {
    mounted(&sh)?;
    if lock(&sh.sd).delete(&path) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
