//! The device's HTTP API (REST, SSE, SD card, firmware upload).

pub mod auth;
mod config;
mod error;
mod live;
mod maintenance;
pub mod read;
mod sdcard;

use crate::device::Shared;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// Request bodies above this are refused with 413 (docs: "POST/PUT JSON maximum size: 8 kB").
pub const MAX_BODY: usize = 8 * 1024;
/// Firmware images may be larger.
pub const MAX_FIRMWARE: usize = 16 * 1024 * 1024;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/v1/system", get(read::system))
        .route("/api/v1/report", get(read::report))
        .route("/api/v1/live", get(live::live))
        .route("/api/v1/variables", get(read::variables))
        .route("/api/v1/template/test", post(read::template_test))
        .route(
            "/api/v1/settings",
            get(config::get_settings)
                .put(config::write_settings)
                .post(config::write_settings),
        )
        .route(
            "/api/v1/meter/settings",
            get(config::get_meter)
                .put(config::write_meter)
                .post(config::write_meter),
        )
        .route("/api/v1/meter/scalers/current", get(read::scalers_current))
        .route(
            "/api/v1/meter/scalers/custom",
            get(config::get_scalers).post(config::set_scalers),
        )
        .route(
            "/api/v1/mqtt/settings",
            get(config::get_mqtt)
                .put(config::write_mqtt)
                .post(config::write_mqtt),
        )
        .route("/api/v1/wifi/scan", get(config::wifi_scan))
        .route(
            "/api/v1/wifi/sta/settings",
            get(config::get_wifi)
                .put(config::write_wifi)
                .post(config::write_wifi)
                .delete(config::delete_wifi),
        )
        .route("/api/v1/wifi/wps", post(config::wps))
        .route(
            "/api/v1/eth/settings",
            get(config::get_eth)
                .put(config::write_eth)
                .post(config::write_eth),
        )
        .route("/api/v1/reboot", post(maintenance::reboot))
        .route("/api/v1/restore", post(maintenance::restore))
        .route(
            "/load",
            post(maintenance::load).layer(DefaultBodyLimit::max(MAX_FIRMWARE)),
        )
        .route("/sdcard", get(sdcard::root).delete(sdcard::delete_root))
        .route("/sdcard/", get(sdcard::root).delete(sdcard::delete_root))
        .route("/sdcard/{*path}", get(sdcard::get).delete(sdcard::delete))
        .fallback(|| async { error::ApiError::NotFound })
        .layer(from_fn_with_state(shared.clone(), record_writes))
        .layer(from_fn_with_state(shared.clone(), auth::require_auth))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

/// A configuration write as the device received it, for tests that prove what a client sent (only
/// the changed fields, never a POST).
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigWrite {
    pub method: String,
    pub path: String,
    pub body: serde_json::Value,
}

/// Keeps every authenticated PUT/POST to a `/api/v1/...` JSON document (bodies are at most 8 kB).
async fn record_writes(
    axum::extract::State(sh): axum::extract::State<Arc<Shared>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    if !(method == axum::http::Method::PUT || method == axum::http::Method::POST)
        || !path.starts_with("/api/v1/")
    {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error::ApiError::TooLarge(format!("the body is larger than {MAX_BODY} bytes"))
            .into_response();
    };
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        crate::device::lock(&sh.writes).push(ConfigWrite {
            method: method.to_string(),
            path,
            body: v,
        });
    }
    next.run(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
    .await
}
