//! Between the HTTP body and the SSE parser: ends the stream once one event grows past
//! [`MAX_EVENT_BYTES`], and hands the parser one whole line per item.
//!
//! Why whole lines: eventsource-stream parses its buffer from the start again each time a chunk arrives,
//! and copies the rest of its buffer after every line it takes off. Fed a long line in small chunks (a
//! device, or an impostor, writing a byte per TCP segment) that work is quadratic: a 60 kB line in
//! 1-byte chunks cost 70 s of CPU (found by the `sse_framing` fuzz target's slow inputs). Given lines,
//! it sees every byte once. The bytes it sees are the same, only cut at line ends.

use super::MAX_EVENT_BYTES;
use bytes::{Bytes, BytesMut};
use futures_util::stream::Stream;
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, String>> + Send>>;

#[derive(Debug)]
pub(super) enum GuardError {
    Oversized,
    Transport(String),
}

impl std::fmt::Display for GuardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GuardError::Oversized => write!(f, "event larger than {MAX_EVENT_BYTES} bytes"),
            GuardError::Transport(m) => f.write_str(m),
        }
    }
}

/// Counts bytes since the last blank line (the event boundary, for LF, CRLF and CR line ends) and cuts
/// the body into lines, each with its line end.
pub(super) struct LineFramer {
    inner: ByteStream,
    received: Arc<AtomicU64>,
    /// The start of a line whose end has not arrived yet.
    partial: BytesMut,
    /// Whole lines not handed on yet (a chunk may hold many).
    lines: VecDeque<Bytes>,
    line_len: usize,
    event_len: usize,
    last_cr: bool,
    /// One event grew too large: the lines before it go out, then the error, then the end.
    oversized: bool,
    ended: bool,
}

impl LineFramer {
    pub(super) fn new(inner: ByteStream, received: Arc<AtomicU64>) -> LineFramer {
        LineFramer {
            inner,
            received,
            partial: BytesMut::new(),
            lines: VecDeque::new(),
            line_len: 0,
            event_len: 0,
            last_cr: false,
            oversized: false,
            ended: false,
        }
    }

    /// Cuts `chunk` at its line ends; false once the event being read is too large.
    fn take(&mut self, chunk: &Bytes) -> bool {
        let mut start = 0;
        for (i, &b) in chunk.iter().enumerate() {
            let line_end = match b {
                // The LF of a CR LF whose CR ended the line already.
                b'\n' if self.last_cr => {
                    self.last_cr = false;
                    true
                }
                b'\n' | b'\r' => {
                    if self.line_len == 0 {
                        self.event_len = 0;
                    }
                    self.line_len = 0;
                    self.last_cr = b == b'\r';
                    // A CR LF in this chunk is cut after its LF (one item per line).
                    !(self.last_cr && chunk.get(i + 1) == Some(&b'\n'))
                }
                _ => {
                    self.last_cr = false;
                    self.line_len += 1;
                    self.event_len += 1;
                    false
                }
            };
            if line_end {
                self.push_line(chunk, start, i + 1);
                start = i + 1;
            }
            if self.event_len > MAX_EVENT_BYTES {
                return false;
            }
        }
        self.partial.extend_from_slice(&chunk[start..]);
        true
    }

    fn push_line(&mut self, chunk: &Bytes, start: usize, end: usize) {
        let line = if self.partial.is_empty() {
            chunk.slice(start..end)
        } else {
            self.partial.extend_from_slice(&chunk[start..end]);
            self.partial.split().freeze()
        };
        self.lines.push_back(valid_utf8(line));
    }
}

/// A line as valid UTF-8. The parser's UTF-8 stage keeps an invalid byte at the front of its buffer
/// for ever (every later line then comes out empty: the stream stalls while the buffer grows), so a
/// bad byte is replaced here; the event it was in then fails to parse and the stream goes on. Lines
/// end in ASCII bytes, so no character is split between two lines.
fn valid_utf8(line: Bytes) -> Bytes {
    match std::str::from_utf8(&line) {
        Ok(_) => line,
        Err(_) => Bytes::from(String::from_utf8_lossy(&line).into_owned()),
    }
}

impl Stream for LineFramer {
    type Item = Result<Bytes, GuardError>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(line) = self.lines.pop_front() {
                return Poll::Ready(Some(Ok(line)));
            }
            if self.oversized {
                self.oversized = false;
                self.ended = true;
                return Poll::Ready(Some(Err(GuardError::Oversized)));
            }
            if self.ended {
                return Poll::Ready(None);
            }
            match self.inner.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    self.received
                        .fetch_add(chunk.len() as u64, Ordering::Relaxed);
                    if !self.take(&chunk) {
                        self.oversized = true;
                        self.partial.clear();
                    }
                }
                Poll::Ready(Some(Err(m))) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(GuardError::Transport(m))));
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    // A last line without its end goes on as it is (the parser keeps it unfinished,
                    // as it would have unframed). A stream ending in a bare CR: the parser cannot know
                    // the line ended until it sees the next byte, so the last event would be lost; one
                    // LF completes it (CR LF = one line end).
                    if !self.partial.is_empty() {
                        let rest = self.partial.split().freeze();
                        self.lines.push_back(rest);
                    }
                    if self.last_cr {
                        self.lines.push_back(Bytes::from_static(b"\n"));
                    }
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use futures_util::{stream, StreamExt};

    /// What the parser is handed for `chunks`: each item's text, an error as "!" and its message.
    fn framed(chunks: Vec<Result<&'static [u8], &str>>) -> Vec<String> {
        let owned: Vec<Result<Bytes, String>> = chunks
            .into_iter()
            .map(|c| c.map(Bytes::from_static).map_err(str::to_owned))
            .collect();
        let framer = LineFramer::new(Box::pin(stream::iter(owned)), Arc::default());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(framer.collect::<Vec<_>>())
            .into_iter()
            .map(|item| match item {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => format!("!{e}"),
            })
            .collect()
    }

    #[test]
    fn a_line_trickled_byte_by_byte_is_handed_on_once_whole() {
        let line: &'static str = format!("data: {}\n", "x".repeat(60_000)).leak();
        let bytes: Vec<Result<&'static [u8], &str>> = line
            .as_bytes()
            .chunks(1)
            .chain([&b"\n"[..]])
            .map(Ok)
            .collect();
        assert_eq!(framed(bytes), [line, "\n"]);
    }

    #[test]
    fn a_chunk_of_many_lines_is_handed_on_line_by_line() {
        let items = framed(vec![
            Ok(b"event: live\r\ndata: {}\r\n\r\nda"),
            Ok(b"ta: 1\r"),
            Ok(b"\n\r\n"),
        ]);
        assert_eq!(
            items,
            [
                "event: live\r\n",
                "data: {}\r\n",
                "\r\n",
                "data: 1\r",
                "\n",
                "\r\n"
            ]
        );
    }

    #[test]
    fn the_end_of_the_body_hands_on_an_unfinished_line_and_completes_a_bare_cr() {
        assert_eq!(
            framed(vec![Ok(b"data: 1\n"), Ok(b"data: 2")]),
            ["data: 1\n", "data: 2"]
        );
        assert_eq!(framed(vec![Ok(b"data: 1\r")]), ["data: 1\r", "\n"]);
    }

    #[test]
    fn lines_before_an_oversized_event_go_out_then_the_error_then_the_end() {
        let big: &'static [u8] = vec![b'x'; MAX_EVENT_BYTES + 1].leak();
        let items = framed(vec![Ok(b"data: 1\n\ndata: "), Ok(big), Ok(b"\n\n")]);
        assert_eq!(items, ["data: 1\n", "\n", "!event larger than 65536 bytes"]);
    }

    #[test]
    fn a_line_that_is_not_utf8_is_mended_and_the_lines_after_it_come_through() {
        let items = framed(vec![Ok(b"data: \xff\xfe\n\n"), Ok(b"data: 2\n\n")]);
        assert_eq!(items, ["data: \u{fffd}\u{fffd}\n", "\n", "data: 2\n", "\n"]);
    }

    #[test]
    fn a_transport_error_keeps_whole_lines_and_ends_the_stream() {
        let items = framed(vec![Ok(b"data: 1\n\ndata: 2"), Err("reset"), Ok(b"\n\n")]);
        assert_eq!(items, ["data: 1\n", "\n", "!reset"]);
    }
}
