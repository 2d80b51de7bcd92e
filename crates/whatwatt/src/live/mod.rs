//! The SSE live stream `/api/v1/live`: one `live` event per meter report.
//!
//! The device allows ONE stream at a time and closes the previous one when a new client connects, so a
//! stream that ends cleanly is normal life, not an error: the stream simply ends (`None`). A broken
//! connection yields one `Err(Error::StreamBroken)` and then ends. A malformed event yields
//! `Err(Error::MalformedEvent)` and the stream goes on. An event above [`MAX_EVENT_BYTES`] yields
//! `Err(Error::OversizedEvent)` and ends the stream (we cannot trust where the next event starts).

use crate::error::{Error, Result};
use crate::models::live::LiveEvent;
use crate::reading::Reading;
use crate::rest::Client;
use bytes::Bytes;
use chrono::FixedOffset;
use eventsource_stream::{EventStreamError, Eventsource};
use framing::{GuardError, LineFramer};
use futures_util::stream::{BoxStream, Stream, StreamExt};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

mod framing;

/// Largest accepted event (the device's are ~1 kB).
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// A running live stream. Yields normalized [`Reading`]s (source `Live`).
pub struct LiveStream {
    events: BoxStream<'static, Result<Reading>>,
    done: bool,
    received: Arc<AtomicU64>,
}

impl std::fmt::Debug for LiveStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveStream")
            .field("done", &self.done)
            .finish()
    }
}

impl Client {
    /// Opens `/api/v1/live`. Opening it closes any other client's stream on the device.
    /// `utc_offset` (the device's, from a report's `date_time_local`) lets readings carry a UTC time.
    pub async fn live(&self, utc_offset: Option<FixedOffset>) -> Result<LiveStream> {
        let resp = self.send(Method::GET, "/api/v1/live", None).await?;
        let ct = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !ct.contains("text/event-stream") {
            return Err(Error::InvalidResponse {
                reason: format!("expected text/event-stream, got {ct:?}"),
                snippet: String::new(),
            });
        }
        let bytes = resp
            .bytes_stream()
            .map(|r| r.map_err(|e| crate::redact::snippet(&e.to_string())));
        Ok(LiveStream::from_bytes(bytes, utc_offset))
    }
}

impl LiveStream {
    /// Builds a live stream over any byte stream (used by the client and by tests/fuzzing).
    pub fn from_bytes<S>(bytes: S, utc_offset: Option<FixedOffset>) -> LiveStream
    where
        S: Stream<Item = std::result::Result<Bytes, String>> + Send + 'static,
    {
        let received = Arc::new(AtomicU64::new(0));
        let events = LineFramer::new(Box::pin(bytes), received.clone())
            .eventsource()
            .filter_map(move |item| async move {
                match item {
                    Ok(ev) => {
                        // Only `live` carries readings; the unnamed default is accepted for leniency,
                        // other event names (future firmware) are skipped.
                        if ev.event != "live" && ev.event != "message" {
                            return None;
                        }
                        if ev.data.trim().is_empty() {
                            return None;
                        }
                        Some(
                            serde_json::from_str::<LiveEvent>(&ev.data)
                                .map(|e| Reading::from_live(&e, utc_offset))
                                .map_err(|e| Error::MalformedEvent {
                                    reason: e.to_string(),
                                    snippet: crate::redact::snippet(&ev.data),
                                }),
                        )
                    }
                    Err(EventStreamError::Transport(GuardError::Oversized)) => {
                        Some(Err(Error::OversizedEvent {
                            limit: MAX_EVENT_BYTES,
                        }))
                    }
                    Err(EventStreamError::Transport(GuardError::Transport(m))) => {
                        Some(Err(Error::StreamBroken(m)))
                    }
                    Err(EventStreamError::Utf8(e)) => Some(Err(Error::MalformedEvent {
                        reason: "event is not UTF-8".into(),
                        snippet: crate::redact::snippet(&e.to_string()),
                    })),
                    Err(EventStreamError::Parser(e)) => Some(Err(Error::MalformedEvent {
                        reason: "SSE syntax error".into(),
                        snippet: crate::redact::snippet(&e.to_string()),
                    })),
                }
            })
            .boxed();
        LiveStream {
            events,
            done: false,
            received,
        }
    }

    /// Bytes of the response body received so far (events, their framing and keep-alives), so the
    /// transport inspector can show bytes per reading.
    pub fn bytes_received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}

impl Stream for LiveStream {
    type Item = Result<Reading>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.events.poll_next_unpin(cx) {
            Poll::Ready(Some(Err(e)))
                if matches!(e, Error::StreamBroken(_) | Error::OversizedEvent { .. }) =>
            {
                self.done = true;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            other => other,
        }
    }
}
