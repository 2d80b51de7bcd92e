//! One broker connection: a task drives rumqttc's event loop, fans incoming publishes out to the
//! subscriptions, re-subscribes every topic after each ConnAck and reconnects with backoff.
//! The connection lives as long as a [`Subscription`] holds it; the last one dropped ends the task.

use super::options::{classify, options};
use super::{BrokerEndpoint, BrokerError};
use crate::live::session::Backoff;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use rumqttc::{AsyncClient, Event, Packet, QoS};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use tokio_util::sync::CancellationToken;

/// What the connection is doing, for the session and the inspector.
#[derive(Debug, Clone, PartialEq)]
pub enum BrokerStatus {
    Connecting,
    Connected,
    /// The last attempt failed; the next follows after `retry_in`.
    Failed {
        error: BrokerError,
        retry_in: Duration,
    },
}

#[derive(Debug)]
pub struct Message {
    pub topic: String,
    pub payload: Bytes,
    pub received: DateTime<Utc>,
}

#[derive(Debug, Clone)]
enum Incoming {
    Message(Arc<Message>),
    /// A packet too large to receive ended the connection (topic unknown).
    Oversized(usize),
}

/// What a subscription sees.
#[derive(Debug, Clone)]
pub enum SubEvent {
    Message(Arc<Message>),
    /// A message too large even to receive arrived on this broker (its topic is unknown).
    Oversized(usize),
    /// This many messages were dropped because the reader fell behind.
    Lagged(u64),
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

struct Connection {
    client: AsyncClient,
    incoming: broadcast::Sender<Incoming>,
    status: watch::Receiver<BrokerStatus>,
    /// Subscribed topics with how many subscriptions hold each.
    topics: Arc<Mutex<HashMap<String, usize>>>,
    cancel: CancellationToken,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Shares one connection per broker identity among all subscriptions.
#[derive(Clone)]
pub struct BrokerPool {
    conns: Arc<Mutex<HashMap<String, Weak<Connection>>>>,
    /// MQTT keep-alive: a broker that stops answering is noticed within about twice this.
    keep_alive: Duration,
}

impl Default for BrokerPool {
    fn default() -> Self {
        BrokerPool {
            conns: Arc::default(),
            keep_alive: Duration::from_secs(30),
        }
    }
}

impl BrokerPool {
    pub fn new() -> BrokerPool {
        BrokerPool::default()
    }

    /// A pool whose connections ping the broker every `keep_alive` (tests shorten it).
    pub fn with_keep_alive(keep_alive: Duration) -> BrokerPool {
        BrokerPool {
            keep_alive,
            ..BrokerPool::default()
        }
    }

    /// Subscribes to `topic` on the broker, connecting if no one else is connected to it yet.
    /// Errors only for a bad topic or configuration; connection trouble shows in [`Subscription::status`].
    pub fn subscribe(
        &self,
        endpoint: &BrokerEndpoint,
        topic: &str,
    ) -> Result<Subscription, BrokerError> {
        super::check_topic(topic)?;
        let conn = {
            let mut conns = lock(&self.conns);
            conns.retain(|_, w| w.strong_count() > 0);
            let key = endpoint.identity();
            match conns.get(&key).and_then(Weak::upgrade) {
                Some(c) => c,
                None => {
                    let c = Arc::new(connect(endpoint, self.keep_alive)?);
                    conns.insert(key, Arc::downgrade(&c));
                    c
                }
            }
        };
        let rx = conn.incoming.subscribe();
        let first = {
            let mut topics = lock(&conn.topics);
            let n = topics.entry(topic.to_owned()).or_insert(0);
            *n += 1;
            *n == 1
        };
        if first {
            // Queued for the event loop; sent now if connected, and again after every ConnAck.
            let _ = conn.client.try_subscribe(topic, QoS::AtMostOnce);
        }
        Ok(Subscription {
            conn,
            topic: topic.to_owned(),
            rx,
        })
    }

    /// Live broker connections (for tests and the inspector).
    pub fn connections(&self) -> usize {
        lock(&self.conns)
            .values()
            .filter(|w| w.strong_count() > 0)
            .count()
    }
}

pub struct Subscription {
    conn: Arc<Connection>,
    topic: String,
    rx: broadcast::Receiver<Incoming>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("topic", &self.topic)
            .finish()
    }
}

impl Subscription {
    pub fn topic(&self) -> &str {
        &self.topic
    }

    pub fn status(&self) -> watch::Receiver<BrokerStatus> {
        self.conn.status.clone()
    }

    /// Waits for the outcome of the current connection attempt: connected, or why not.
    pub async fn settled(&self) -> BrokerStatus {
        let mut status = self.status();
        loop {
            let now = status.borrow_and_update().clone();
            if now != BrokerStatus::Connecting {
                return now;
            }
            if status.changed().await.is_err() {
                return BrokerStatus::Failed {
                    error: BrokerError::Lost {
                        detail: "connection task ended".into(),
                    },
                    retry_in: Duration::ZERO,
                };
            }
        }
    }

    /// Forgets messages that arrived while no one was reading.
    pub fn skip_backlog(&mut self) {
        self.rx = self.rx.resubscribe();
    }

    /// The next message on this topic (or an oversized-message notice). `None` when the connection
    /// task ended (never while this subscription holds it, short of a panic).
    pub async fn next(&mut self) -> Option<SubEvent> {
        loop {
            match self.rx.recv().await {
                Ok(Incoming::Message(m)) if m.topic == self.topic => {
                    return Some(SubEvent::Message(m))
                }
                Ok(Incoming::Message(_)) => {}
                Ok(Incoming::Oversized(n)) => return Some(SubEvent::Oversized(n)),
                Err(broadcast::error::RecvError::Lagged(n)) => return Some(SubEvent::Lagged(n)),
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut topics = lock(&self.conn.topics);
        if let Some(n) = topics.get_mut(&self.topic) {
            *n -= 1;
            if *n == 0 {
                topics.remove(&self.topic);
                let _ = self.conn.client.try_unsubscribe(self.topic.clone());
            }
        }
    }
}

fn connect(endpoint: &BrokerEndpoint, keep_alive: Duration) -> Result<Connection, BrokerError> {
    let opts = options(endpoint, keep_alive)?;
    let (client, eventloop) = AsyncClient::new(opts, 64);
    let (incoming, _) = broadcast::channel(256);
    let (status_tx, status) = watch::channel(BrokerStatus::Connecting);
    let topics = Arc::new(Mutex::new(HashMap::new()));
    let cancel = CancellationToken::new();
    tokio::spawn(drive(
        eventloop,
        client.clone(),
        incoming.clone(),
        status_tx,
        topics.clone(),
        cancel.clone(),
        endpoint.url(),
    ));
    Ok(Connection {
        client,
        incoming,
        status,
        topics,
        cancel,
    })
}

async fn drive(
    mut eventloop: rumqttc::EventLoop,
    client: AsyncClient,
    incoming: broadcast::Sender<Incoming>,
    status: watch::Sender<BrokerStatus>,
    topics: Arc<Mutex<HashMap<String, usize>>>,
    cancel: CancellationToken,
    address: String,
) {
    let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
    loop {
        let event = tokio::select! {
            _ = cancel.cancelled() => break,
            e = eventloop.poll() => e,
        };
        match event {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                backoff.reset();
                status.send_replace(BrokerStatus::Connected);
                let wanted: Vec<String> = lock(&topics).keys().cloned().collect();
                for t in wanted {
                    let _ = client.try_subscribe(t, QoS::AtMostOnce);
                }
            }
            Ok(Event::Incoming(Packet::Publish(p))) => {
                let _ = incoming.send(Incoming::Message(Arc::new(Message {
                    topic: p.topic,
                    payload: p.payload,
                    received: Utc::now(),
                })));
            }
            Ok(_) => {}
            Err(e) => {
                let error = classify(&e, &address);
                let retry_in = match error {
                    // The broker is fine; only that message was too big. Reconnect at once.
                    BrokerError::Oversized { bytes, .. } => {
                        let _ = incoming.send(Incoming::Oversized(bytes));
                        Duration::from_millis(50)
                    }
                    _ => backoff.next_delay(),
                };
                tracing::debug!("MQTT {address}: {error}; retry in {retry_in:?}");
                status.send_replace(BrokerStatus::Failed { error, retry_in });
                tokio::select! {
                    _ = cancel.cancelled() => break,
                    _ = tokio::time::sleep(retry_in) => {}
                }
                status.send_replace(BrokerStatus::Connecting);
            }
        }
    }
    let _ = client.try_disconnect();
}
