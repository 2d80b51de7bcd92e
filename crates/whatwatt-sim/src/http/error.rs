//! Error answers in the device's shape: `{"error": key, "message": text}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug)]
pub enum ApiError {
    BadRequest(String),
    NotFound,
    /// `404 License required` on PLUS routes of a FREE device.
    LicenseRequired,
    Unavailable(String),
    /// `413`: more than the device takes (a firmware image larger than its flash slot).
    TooLarge(String),
    /// `415`: not the media type the route takes (`/load` takes multipart/form-data only).
    UnsupportedMediaType(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, key, message) = match self {
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found".into()),
            ApiError::LicenseRequired => (
                StatusCode::NOT_FOUND,
                "license_required",
                "License required".into(),
            ),
            ApiError::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", m),
            ApiError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", m),
            ApiError::UnsupportedMediaType(m) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                m,
            ),
        };
        (
            status,
            Json(serde_json::json!({ "error": key, "message": message })),
        )
            .into_response()
    }
}

impl From<String> for ApiError {
    fn from(m: String) -> Self {
        ApiError::BadRequest(m)
    }
}
