//! The live stream (`/api/v1/live`, Server-Sent Events): one client at a time; a clean end means
//! another client took it.

use super::context::Ctx;
use super::policy::Outcome;
use crate::ipc::Transport;
use chrono::{FixedOffset, NaiveDateTime, Utc};
use futures_util::StreamExt;
use std::time::Instant;
use whatwatt::models::system::SystemInfo;
use whatwatt::{Client, Error};

/// Runs the live stream until it goes stale, ends, fails or the session is cancelled.
pub(super) async fn run(
    cx: &mut Ctx,
    client: &Client,
    interval: f64,
    offset: Option<FixedOffset>,
) -> Outcome {
    let mut stream = tokio::select! {
        _ = cx.cancel.cancelled() => return Outcome::Cancelled,
        s = client.live(offset) => match s {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let stale = cx.stale_after(interval);
    let mut live = false;
    let mut health = tokio::time::interval(cx.health_every());
    health.tick().await;
    let mut last = Instant::now();
    let mut counted = 0u64;
    loop {
        tokio::select! {
            _ = cx.cancel.cancelled() => return Outcome::Cancelled,
            _ = health.tick() => cx.refresh_health(client).await,
            item = tokio::time::timeout(stale.saturating_sub(last.elapsed()), stream.next()) => match item {
                Err(_) => return Outcome::Stale { transport: Transport::Sse, silent: last.elapsed() },
                Ok(Some(Ok(reading))) => {
                    last = Instant::now();
                    let now = stream.bytes_received();
                    cx.emit(reading, Transport::Sse, !live, now - counted);
                    counted = now;
                    if !live {
                        live = true;
                        cx.live(Transport::Sse);
                        // Health was read before the first report; the meter link has changed since
                        // (e.g. NOT CONNECTED → OK right after a boot), so read it again now.
                        cx.refresh_health(client).await;
                    }
                }
                Ok(Some(Err(e @ Error::MalformedEvent { .. }))) => {
                    tracing::debug!("skipping a malformed live event: {e}");
                }
                Ok(Some(Err(e))) => return Outcome::Failed(e),
                Ok(None) => return Outcome::TakenOver,
            }
        }
    }
}

/// The device's offset from UTC, from its clock (local date and time in `/api/v1/system`) compared
/// with ours, rounded to 15 minutes (real zone offsets are multiples of it). The live events carry
/// local time only.
pub(super) fn utc_offset(sys: &SystemInfo) -> Option<FixedOffset> {
    let d = sys.device.date.as_deref()?;
    let t = sys.device.time.as_deref()?;
    let local = NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M:%S").ok()?;
    let diff = (local - Utc::now().naive_utc()).num_seconds();
    let quarter = ((diff as f64) / 900.0).round() as i32 * 900;
    FixedOffset::east_opt(quarter)
}
