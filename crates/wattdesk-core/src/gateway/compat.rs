//! A compatibility listener: one shared meter answering like the device itself for read-only use, so
//! an existing whatwatt client changes only host:port. `/api/v1/live` streams `live` events in the
//! device's format to any number of clients (the device serves one), `/api/v1/report` and
//! `/api/v1/system` answer from WattDesk's latest data. No request reaches the device. A FREE device
//! has no `/api/v1/report`, and neither has its stand-in (`404 License required`, as the firmware).
//!
//! Choice where the docs and devices differ: the report is rebuilt from the normalized reading
//! (`whatwatt::encode`), so values the reading does not keep (maximum demand, quadrant energies,
//! sub-meter volumes) are absent, as on a meter that does not send them.

use super::access::{guard, Access, Admitted};
use super::api::error;
use super::api::refused;
use super::clients::Visitor;
use super::messages::Out;
use super::Ctx;
use crate::ipc::SharingClientKind;
use axum::extract::{ConnectInfo, State};
use axum::http::{Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use futures_util::stream;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

#[derive(Clone)]
struct Meter {
    ctx: Ctx,
    id: String,
}

pub fn router(ctx: Ctx, id: String, access: Arc<Access>, origins: &[String]) -> Router {
    let mut r = Router::new()
        .route("/api/v1/live", get(live))
        .route("/api/v1/report", get(report))
        .route("/api/v1/system", get(system))
        .fallback(other)
        .with_state(Meter { ctx, id });
    if let Some(cors) = super::cors(origins) {
        r = r.layer(cors);
    }
    r.layer(axum::middleware::from_fn_with_state(access, guard))
}

async fn other(method: Method) -> Response {
    if method == Method::GET {
        error(
            StatusCode::NOT_FOUND,
            "not_found",
            "WattDesk shares /api/v1/live, /api/v1/report and /api/v1/system of this meter",
        )
    } else {
        error(
            StatusCode::METHOD_NOT_ALLOWED,
            "read_only",
            "WattDesk shares this meter read-only; change its settings in WattDesk or on the device",
        )
    }
}

fn not_yet() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "WattDesk has no data from this meter yet",
    )
}

fn free(m: &Meter) -> bool {
    m.ctx
        .hubs
        .source()
        .presence(&m.id)
        .health
        .and_then(|h| h.license)
        .is_some_and(|l| l.eq_ignore_ascii_case("free"))
}

async fn report(State(m): State<Meter>) -> Response {
    if free(&m) {
        // The firmware's answer on a FREE device.
        return error(
            StatusCode::NOT_FOUND,
            "license_required",
            "License required",
        );
    }
    let p = m.ctx.hubs.source().presence(&m.id);
    let Some(latest) = &p.latest else {
        return not_yet();
    };
    let offset = p.utc_offset_s.and_then(chrono::FixedOffset::east_opt);
    let meter = p.system.as_ref().and_then(|s| s.meter.as_ref()).map(|sm| {
        whatwatt::models::report::ReportMeter {
            status: sm.status.clone(),
            interface: sm.interface.clone(),
            protocol: sm.protocol.clone(),
            protocol_version: sm.protocol_version.clone(),
            id: sm.id.clone(),
            model: sm.model.clone(),
            vendor: sm.manufacturer.clone(),
            ..Default::default()
        }
    });
    let system = Some(whatwatt::models::report::ReportSystem {
        id: Some(m.id.clone()),
        time_since_boot: latest.reading.uptime_s,
        ..Default::default()
    });
    Json(whatwatt::encode::report(
        &latest.reading,
        offset,
        meter,
        system,
    ))
    .into_response()
}

async fn system(State(m): State<Meter>) -> Response {
    match m.ctx.hubs.source().presence(&m.id).system {
        Some(s) => Json(&*s).into_response(),
        None => not_yet(),
    }
}

async fn live(
    State(m): State<Meter>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    admitted: Option<Extension<Admitted>>,
) -> Response {
    let token = admitted.and_then(|Extension(a)| a.token);
    let who = Visitor {
        addr: peer,
        kind: SharingClientKind::LiveStream,
        meter: Some(m.id.clone()),
        token,
    };
    let guard = match m.ctx.clients.admit(who, &m.ctx.limits, &m.ctx.cancel) {
        Ok(g) => g,
        Err(r) => return refused(r),
    };
    let Some(rx) = m.ctx.hubs.subscribe(&m.id) else {
        return error(
            StatusCode::NOT_FOUND,
            "unknown_meter",
            "this meter is no longer shared",
        );
    };
    let cancel = guard.cancel.clone();
    // The guard lives in the stream's state: the client leaves the list when its stream is dropped.
    let events = stream::unfold((rx, guard, cancel), |(mut rx, guard, cancel)| async move {
        loop {
            let next = tokio::select! {
                _ = cancel.cancelled() => return None,
                n = rx.recv() => n,
            };
            match next {
                Ok(out) => {
                    if let Out::Reading { live, .. } = &*out {
                        guard.counters.messages.fetch_add(1, Ordering::Relaxed);
                        let ev = Event::default().event("live").data(live.as_str());
                        return Some((Ok::<_, Infallible>(ev), (rx, guard, cancel)));
                    }
                }
                // The device's stream has no way to say "you missed some"; count it for Settings.
                Err(RecvError::Lagged(n)) => {
                    guard.counters.lagged.fetch_add(n, Ordering::Relaxed);
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}
