//! Who is connected right now (Settings › Sharing lists them): one entry per WebSocket or live-stream
//! client, removed when its connection ends (the entry's guard is dropped with the connection).

use crate::ipc::{SharingClient, SharingClientKind};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

struct Entry {
    addr: SocketAddr,
    kind: SharingClientKind,
    meter: Option<String>,
    token: Option<String>,
    since: chrono::DateTime<chrono::Utc>,
    counters: Arc<Counters>,
    /// Ends this client's connection (its token was revoked, or sharing stops).
    cancel: tokio_util::sync::CancellationToken,
    /// The last sample for messages/s: (when, messages then).
    sample: (Instant, u64),
}

/// What a connection counts as it goes.
#[derive(Default)]
pub struct Counters {
    pub messages: AtomicU64,
    pub lagged: AtomicU64,
}

#[derive(Clone, Default)]
pub struct Clients {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    next: u64,
    entries: BTreeMap<u64, Entry>,
}

/// A client asking to stay connected.
pub struct Visitor {
    pub addr: SocketAddr,
    pub kind: SharingClientKind,
    /// The meter of a live stream.
    pub meter: Option<String>,
    /// The name of the token it came with.
    pub token: Option<String>,
}

/// Why a client was not let in.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    TooMany,
    TooManyFromHere,
}

/// Keeps a client on the list while it is held.
pub struct ClientGuard {
    id: u64,
    clients: Clients,
    pub counters: Arc<Counters>,
    /// Cancelled when this client must go.
    pub cancel: tokio_util::sync::CancellationToken,
}

impl Drop for ClientGuard {
    fn drop(&mut self) {
        super::lock(&self.clients.inner).entries.remove(&self.id);
    }
}

impl Clients {
    /// Adds a client unless that would pass the limits in all or from its address.
    pub fn admit(
        &self,
        who: Visitor,
        limits: &super::Limits,
        parent: &tokio_util::sync::CancellationToken,
    ) -> Result<ClientGuard, Refused> {
        let Visitor {
            addr,
            kind,
            meter,
            token,
        } = who;
        let mut inner = super::lock(&self.inner);
        if inner.entries.len() >= limits.max_clients {
            return Err(Refused::TooMany);
        }
        let ip: IpAddr = addr.ip();
        if inner.entries.values().filter(|e| e.addr.ip() == ip).count() >= limits.max_clients_per_ip
        {
            return Err(Refused::TooManyFromHere);
        }
        inner.next += 1;
        let id = inner.next;
        let counters = Arc::new(Counters::default());
        let cancel = parent.child_token();
        inner.entries.insert(
            id,
            Entry {
                addr,
                kind,
                meter,
                token,
                since: chrono::Utc::now(),
                counters: counters.clone(),
                cancel: cancel.clone(),
                sample: (Instant::now(), 0),
            },
        );
        Ok(ClientGuard {
            id,
            clients: self.clone(),
            counters,
            cancel,
        })
    }

    /// Ends the connections that came in with the token `name` (it was revoked).
    pub fn disconnect_token(&self, name: &str) {
        for e in super::lock(&self.inner).entries.values() {
            if e.token.as_deref() == Some(name) {
                e.cancel.cancel();
            }
        }
    }

    pub fn len(&self) -> usize {
        super::lock(&self.inner).entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The list with each client's messages per second since the previous call.
    pub fn snapshot(&self) -> Vec<SharingClient> {
        let mut inner = super::lock(&self.inner);
        let now = Instant::now();
        inner
            .entries
            .iter_mut()
            .map(|(id, e)| {
                let messages = e.counters.messages.load(Ordering::Relaxed);
                let dt = now.duration_since(e.sample.0).as_secs_f64();
                let rate = if dt > 0.0 {
                    (messages - e.sample.1) as f64 / dt
                } else {
                    0.0
                };
                e.sample = (now, messages);
                SharingClient {
                    id: *id as f64,
                    address: e.addr.to_string(),
                    kind: e.kind,
                    meter: e.meter.clone(),
                    token: e.token.clone(),
                    since: e.since.to_rfc3339(),
                    messages: messages as f64,
                    messages_per_s: (rate * 10.0).round() / 10.0,
                    lagged: e.counters.lagged.load(Ordering::Relaxed) as f64,
                }
            })
            .collect()
    }
}
