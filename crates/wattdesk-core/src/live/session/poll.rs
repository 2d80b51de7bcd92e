//! Report polling (`/api/v1/report`, PLUS): never faster than the meter reports nor than
//! `Timing::min_poll`; a repeated report (same id and time) is not a new reading.

use super::context::Ctx;
use super::policy::{poll_period, Outcome, GENTLE_HEALTH, GENTLE_POLL};
use crate::ipc::Transport;
use std::time::Instant;
use whatwatt::{Client, Reading};

/// Polls until the readings go stale, a request fails, `window` passes or the session is cancelled.
pub(super) async fn run(
    cx: &mut Ctx,
    client: &Client,
    interval: f64,
    window: Option<Instant>,
) -> Outcome {
    let (min_poll, health_every) = (cx.cfg.timing.min_poll, cx.cfg.timing.health_every);
    let pace = move |gentle: bool| {
        let normal = poll_period(interval, min_poll);
        let health = health_every;
        if gentle {
            (normal.max(GENTLE_POLL), health.max(GENTLE_HEALTH))
        } else {
            (normal, health)
        }
    };
    let mut gentle = cx.gentle();
    let (period, every) = pace(gentle);
    let mut stale = cx.stale_after(interval.max(period.as_secs_f64()));
    let mut ticker = tokio::time::interval(period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut health = tokio::time::interval(every);
    health.tick().await;
    let mut live = false;
    let mut last_new = Instant::now();
    loop {
        if window.is_some_and(|w| Instant::now() >= w) {
            return Outcome::WindowOver;
        }
        tokio::select! {
            _ = cx.cancel.cancelled() => return Outcome::Cancelled,
            _ = health.tick() => {
                cx.refresh_health(client).await;
                // The supply changed (USB plugged in or out, reserve low): the pace follows.
                if cx.gentle() != gentle {
                    gentle = cx.gentle();
                    let (period, every) = pace(gentle);
                    stale = cx.stale_after(interval.max(period.as_secs_f64()));
                    ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
                    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                    health = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
                }
            }
            _ = ticker.tick() => {
                let (env, bytes) = match cx.io(client.report_sized()).await {
                    None => return Outcome::Cancelled,
                    Some(Ok(r)) => r,
                    Some(Err(e)) => return Outcome::Failed(e),
                };
                let reading = Reading::from_report(&env);
                if reading.report_id.is_some() && cx.emit(reading, Transport::Poll, !live, bytes as u64) {
                    last_new = Instant::now();
                    if !live {
                        live = true;
                        cx.live(Transport::Poll);
                        cx.refresh_health(client).await;
                    }
                }
                if last_new.elapsed() > stale {
                    return Outcome::Stale { transport: Transport::Poll, silent: last_new.elapsed() };
                }
            }
        }
    }
}
