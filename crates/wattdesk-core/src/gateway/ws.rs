//! `/api/v1/ws`: JSON over a WebSocket. The client says `{"type":"subscribe","meters":["ID",…]}`
//! (no `meters`: all) or `unsubscribe`; the server answers `subscribed`, sends each meter's latest
//! reading and state at once, then `reading` (numbered per meter: `seq`), `state` and `health` as
//! they happen, `lagged` with the count a slow client missed, and WebSocket pings. A client message
//! above the limit closes the connection with 1009; one that is not JSON gets an `error`.

use super::access::Admitted;
use super::api::refused;
use super::clients::Visitor;
use super::messages::{
    error_message, fields_text, lagged_message, reading_message, state_message, Out,
};
use super::Ctx;
use crate::ipc::SharingClientKind;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use axum::Extension;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamMap;

/// The subprotocol a browser client offers beside `token.<TOKEN>` (the server must choose one).
pub const SUBPROTOCOL: &str = "wattdesk.v1";
const PING_EVERY: Duration = Duration::from_secs(20);
/// A client whose socket takes no data for this long is dropped (its queue lags meanwhile).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// A goodbye (a close frame) gets this long to go out.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn upgrade(
    State(ctx): State<Ctx>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    admitted: Option<Extension<Admitted>>,
    ws: WebSocketUpgrade,
) -> Response {
    let token = admitted.and_then(|Extension(a)| a.token);
    let who = Visitor {
        addr: peer,
        kind: SharingClientKind::WebSocket,
        meter: None,
        token,
    };
    let guard = match ctx.clients.admit(who, &ctx.limits, &ctx.cancel) {
        Ok(g) => g,
        Err(r) => return refused(r),
    };
    let max = ctx.limits.max_message_bytes;
    ws.protocols([SUBPROTOCOL])
        .max_message_size(max)
        .max_frame_size(max)
        .on_upgrade(move |socket| async move {
            run(socket, ctx, guard).await;
        })
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Command {
    Subscribe { meters: Option<Vec<String>> },
    Unsubscribe { meters: Option<Vec<String>> },
    Ping,
}

/// Whether a read failed because the client's message was too big.
fn too_big(e: &axum::Error) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    // tungstenite's capacity errors ("Space limit exceeded: Message too long: …").
    text.contains("message too long") || text.contains("space limit exceeded")
}

struct Conn {
    ctx: Ctx,
    subs: StreamMap<String, BroadcastStream<Arc<Out>>>,
    seq: HashMap<String, u64>,
}

impl Conn {
    fn next_seq(&mut self, meter: &str, by: u64) -> u64 {
        let s = self.seq.entry(meter.to_owned()).or_insert(0);
        *s += by;
        *s
    }

    /// Answers a command with the messages to send.
    fn command(&mut self, text: &str) -> Vec<String> {
        let cmd = match serde_json::from_str::<Command>(text) {
            Ok(c) => c,
            Err(e) => {
                return vec![error_message(
                    "bad_message",
                    &format!("expected {{\"type\":\"subscribe\",\"meters\":[\"ID\"]}}, unsubscribe or ping: {e}"),
                )]
            }
        };
        let all = || -> Vec<String> {
            self.ctx
                .hubs
                .source()
                .meters()
                .into_iter()
                .map(|m| m.id)
                .collect()
        };
        match cmd {
            Command::Ping => vec![r#"{"type":"pong"}"#.to_owned()],
            Command::Subscribe { meters } => {
                let wanted = meters.unwrap_or_else(all);
                let mut out = Vec::new();
                let mut added = Vec::new();
                for asked in wanted {
                    let Some(id) = self.ctx.hubs.resolve(&asked) else {
                        out.push(error_message(
                            "unknown_meter",
                            &format!("no shared meter has the id {asked}"),
                        ));
                        continue;
                    };
                    if self.subs.contains_key(&id) {
                        // Already followed: nothing is sent again.
                        continue;
                    }
                    let Some(rx) = self.ctx.hubs.subscribe(&id) else {
                        out.push(error_message(
                            "unknown_meter",
                            &format!("no shared meter has the id {asked}"),
                        ));
                        continue;
                    };
                    self.subs.insert(id.clone(), BroadcastStream::new(rx));
                    added.push(id);
                }
                out.insert(
                    0,
                    serde_json::json!({"type": "subscribed", "meters": added}).to_string(),
                );
                // What each meter is at now, so a client starts with a value.
                for id in &added {
                    let p = self.ctx.hubs.source().presence(id);
                    if let Some(s) = &p.state {
                        out.push(state_message(id, s));
                    }
                    if let Some(l) = &p.latest {
                        let seq = self.next_seq(id, 1);
                        out.push(reading_message(id, seq, &fields_text(l)));
                    }
                }
                out
            }
            Command::Unsubscribe { meters } => {
                let gone: Vec<String> = match meters {
                    None => self.subs.keys().cloned().collect(),
                    Some(list) => list
                        .iter()
                        .filter_map(|m| self.ctx.hubs.resolve(m))
                        .collect(),
                };
                for id in &gone {
                    self.subs.remove(id);
                }
                vec![serde_json::json!({"type": "unsubscribed", "meters": gone}).to_string()]
            }
        }
    }
}

async fn run(socket: WebSocket, ctx: Ctx, guard: super::clients::ClientGuard) {
    let (mut tx, mut rx) = socket.split();
    let counters = guard.counters.clone();
    let cancel = guard.cancel.clone();
    let mut conn = Conn {
        ctx,
        subs: StreamMap::new(),
        seq: HashMap::new(),
    };
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    let mut awaiting_pong = false;
    let close = |code: u16, reason: &str| {
        Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        }))
    };
    loop {
        let outgoing: Vec<Message> = tokio::select! {
            _ = cancel.cancelled() => {
                let _ = tokio::time::timeout(CLOSE_TIMEOUT, tx.send(close(1001, "WattDesk stopped sharing (or this program's token was revoked)"))).await;
                break;
            }
            incoming = rx.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Err(e)) => {
                    if too_big(&e) {
                        let _ = tokio::time::timeout(CLOSE_TIMEOUT, tx.send(close(1009, "message too big"))).await;
                    }
                    break;
                }
                Some(Ok(Message::Text(t))) => conn.command(t.as_str()).into_iter().map(|m| Message::Text(m.into())).collect(),
                Some(Ok(Message::Binary(_))) => vec![Message::Text(error_message("bad_message", "send JSON text messages").into())],
                Some(Ok(Message::Pong(_))) => { awaiting_pong = false; continue; }
                Some(Ok(Message::Ping(_))) => continue,
            },
            Some((meter, item)) = conn.subs.next(), if !conn.subs.is_empty() => match item {
                Ok(out) => match &*out {
                    Out::Reading { fields, .. } => {
                        let seq = conn.next_seq(&meter, 1);
                        counters.messages.fetch_add(1, Ordering::Relaxed);
                        vec![Message::Text(reading_message(&meter, seq, fields).into())]
                    }
                    Out::Message(m) => vec![Message::Text(m.clone().into())],
                },
                Err(BroadcastStreamRecvError::Lagged(n)) => {
                    // `seq` jumps by what was missed, so the numbers still count readings.
                    conn.next_seq(&meter, n);
                    counters.lagged.fetch_add(n, Ordering::Relaxed);
                    vec![Message::Text(lagged_message(&meter, n).into())]
                }
            },
            _ = ping.tick() => {
                if awaiting_pong {
                    let _ = tokio::time::timeout(CLOSE_TIMEOUT, tx.send(close(1011, "no answer to ping"))).await;
                    break;
                }
                awaiting_pong = true;
                vec![Message::Ping(Default::default())]
            }
        };
        for m in outgoing {
            // A blocked send still notices a stop or a revoked token.
            let sent = tokio::select! {
                _ = cancel.cancelled() => return,
                r = tokio::time::timeout(SEND_TIMEOUT, tx.send(m)) => r,
            };
            if !matches!(sent, Ok(Ok(()))) {
                return;
            }
        }
    }
    drop(guard);
}
