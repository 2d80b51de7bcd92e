//! WattDesk's own API: the shared meters with their state and latest reading, their history, and
//! the WebSocket. Answers JSON; errors as `{"error": code, "message": text}` with a fitting status.

use super::access::{guard, Access};
use super::messages::reading_fields;
use super::{ws, Ctx};
use crate::ipc::HistoryRequest;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

pub fn router(ctx: Ctx, access: Arc<Access>, origins: &[String]) -> Router {
    let mut r = Router::new()
        .route("/api/v1/meters", get(meters))
        .route("/api/v1/meters/{id}", get(meter))
        .route("/api/v1/meters/{id}/history", get(history))
        .route("/api/v1/ws", get(ws::upgrade))
        .fallback(not_found)
        .with_state(ctx);
    if let Some(cors) = super::cors(origins) {
        r = r.layer(cors);
    }
    r.layer(axum::middleware::from_fn_with_state(access, guard))
}

pub fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"error": code, "message": message.into()})),
    )
        .into_response()
}

/// A client the limits keep out.
pub fn refused(r: super::clients::Refused) -> Response {
    match r {
        super::clients::Refused::TooMany => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "too_many_clients",
            "the gateway serves as many clients as it may; try again later",
        ),
        super::clients::Refused::TooManyFromHere => error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_clients",
            "too many connections from this address",
        ),
    }
}

async fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such endpoint; see /api/v1/meters and /api/v1/ws",
    )
}

/// A meter as the API shows it.
pub fn meter_json(ctx: &Ctx, id: &str, name: &str) -> Value {
    let p = ctx.hubs.source().presence(id);
    let transport = match &p.state {
        Some(crate::ipc::SessionState::Live { transport }) => serde_json::to_value(transport).ok(),
        _ => p
            .latest
            .as_ref()
            .and_then(|l| serde_json::to_value(l.transport).ok()),
    };
    json!({
        "id": id,
        "name": name,
        "state": p.state,
        "online": p.online,
        "transport": transport,
        "last_reading_at": p.last_reading.map(|t| t.to_rfc3339()),
        "latest": p.latest.as_ref().map(|l| Value::Object(reading_fields(l))),
        "health": p.health,
    })
}

async fn meters(State(ctx): State<Ctx>) -> Json<Value> {
    let list: Vec<Value> = ctx
        .hubs
        .source()
        .meters()
        .iter()
        .map(|m| meter_json(&ctx, &m.id, &m.name))
        .collect();
    Json(Value::Array(list))
}

fn unknown(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "unknown_meter",
        format!("no shared meter has the id {id}"),
    )
}

async fn meter(State(ctx): State<Ctx>, Path(id): Path<String>) -> Response {
    let meters = ctx.hubs.source().meters();
    match meters.iter().find(|m| m.id.eq_ignore_ascii_case(&id)) {
        Some(m) => Json(meter_json(&ctx, &m.id, &m.name)).into_response(),
        None => unknown(&id),
    }
}

#[derive(Deserialize)]
struct HistoryParams {
    from: Option<String>,
    to: Option<String>,
    bucket: Option<String>,
}

/// Milliseconds since 1970 or an RFC 3339 time.
fn instant(s: &str) -> Option<f64> {
    s.trim()
        .parse::<i64>()
        .ok()
        .map(|ms| ms as f64)
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(s.trim())
                .ok()
                .map(|t| t.timestamp_millis() as f64)
        })
}

async fn history(
    State(ctx): State<Ctx>,
    Path(id): Path<String>,
    Query(q): Query<HistoryParams>,
) -> Response {
    let Some(id) = ctx.hubs.resolve(&id) else {
        return unknown(&id);
    };
    let now = chrono::Utc::now().timestamp_millis() as f64;
    let parse = |v: &Option<String>, default: f64, name: &str| -> Result<f64, String> {
        match v {
            None => Ok(default),
            Some(s) => instant(s).ok_or_else(|| {
                format!("{name}: give milliseconds since 1970 or an RFC 3339 time such as 2026-12-01T00:00:00Z")
            }),
        }
    };
    let range =
        parse(&q.to, now, "to").and_then(|to| Ok((parse(&q.from, to - 86_400_000.0, "from")?, to)));
    let (from, to) = match range {
        Ok(r) => r,
        Err(message) => return error(StatusCode::BAD_REQUEST, "invalid_input", message),
    };
    let req = HistoryRequest {
        meter: Some(id),
        from_ms: from,
        to_ms: to,
        bucket: q.bucket,
    };
    let Some(answer) = ctx.hubs.source().history(req) else {
        return error(
            StatusCode::NOT_FOUND,
            "no_history",
            "this gateway keeps no history (wattdesk-cli serve --meter); the app's gateway does",
        );
    };
    match answer.await {
        Ok(a) => Json(a).into_response(),
        Err(e) => {
            let status = match e.code() {
                crate::ipc::ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
                crate::ipc::ErrorCode::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            let code = serde_json::to_value(e.code())
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_else(|| "internal".into());
            error(status, &code, e.to_string())
        }
    }
}
