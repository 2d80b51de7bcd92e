//! `GET /api/v1/live`: SSE `live` events at the meter's report interval. One client at a time: a new
//! connection ends every older stream (the old client sees a clean end of stream).

use crate::device::Shared;
use axum::extract::State;
use axum::response::sse::{Event, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

pub async fn live(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut my_gen = 0;
    shared.live_gen.send_modify(|g| {
        *g += 1;
        my_gen = *g;
    });
    let gen_rx = shared.live_gen.subscribe();
    let reports = shared.reports.subscribe();
    let stream = stream::unfold(
        (reports, gen_rx, shared),
        move |(mut reports, mut gen_rx, shared)| async move {
            loop {
                tokio::select! {
                    changed = gen_rx.changed() => {
                        if changed.is_err() || *gen_rx.borrow_and_update() != my_gen {
                            return None;
                        }
                    }
                    r = reports.recv() => match r {
                        Ok(snap) => {
                            if shared.rt().stalled {
                                continue;
                            }
                            let ev = snap.live_event(shared.uptime_s());
                            let data = serde_json::to_string(&ev).unwrap_or_default();
                            let event = Event::default().event("live").data(data);
                            return Some((Ok(event), (reports, gen_rx, shared)));
                        }
                        Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    }
                }
            }
        },
    );
    Sse::new(stream)
}
