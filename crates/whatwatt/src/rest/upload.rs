//! Large uploads (firmware): the body is handed to the connection in chunks so the caller sees how
//! far it got, and the request gets its own time limit instead of the client's short one.

use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;

/// Called with (bytes handed to the connection, total) as the body streams.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// How one request differs from the client's defaults.
#[derive(Clone, Default)]
pub struct Upload {
    /// Replaces the client's per-request timeout.
    pub timeout: Option<Duration>,
    pub progress: Option<Progress>,
}

/// Slices small enough for a smooth progress bar, large enough to cost nothing.
const CHUNK: usize = 16 * 1024;

pub(super) fn counted(body: Bytes, progress: Progress) -> reqwest::Body {
    let total = body.len() as u64;
    let chunks: Vec<Bytes> = (0..body.len())
        .step_by(CHUNK)
        .map(|at| body.slice(at..(at + CHUNK).min(body.len())))
        .collect();
    let mut sent = 0u64;
    progress(0, total);
    let stream = futures_util::stream::iter(chunks.into_iter().map(move |c| {
        sent += c.len() as u64;
        progress(sent, total);
        Ok::<_, std::io::Error>(c)
    }));
    reqwest::Body::wrap_stream(stream)
}
