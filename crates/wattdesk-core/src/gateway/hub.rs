//! One fan-out per shared meter: the supervisor's events turned into gateway messages once, then
//! broadcast to every client. A client that falls behind loses its oldest messages (it is told how
//! many) and never holds up the others or the session.

use super::messages::{fields_text, health_message, state_message, Out};
use super::source::Source;
use crate::live::session::SessionEvent;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

/// Messages a client may be behind before it lags (about 25 s at 10 readings a second).
pub const HUB_CAPACITY: usize = 256;

pub struct Hubs {
    source: Arc<dyn Source>,
    map: Arc<Mutex<HashMap<String, broadcast::Sender<Arc<Out>>>>>,
    cancel: CancellationToken,
}

impl Hubs {
    pub fn new(source: Arc<dyn Source>, cancel: CancellationToken) -> Hubs {
        Hubs {
            source,
            map: Arc::default(),
            cancel,
        }
    }

    pub fn source(&self) -> &Arc<dyn Source> {
        &self.source
    }

    /// The id as the source knows it (device ids are accepted in either case).
    pub fn resolve(&self, id: &str) -> Option<String> {
        self.source
            .meters()
            .into_iter()
            .find(|m| m.id.eq_ignore_ascii_case(id))
            .map(|m| m.id)
    }

    /// The meter's messages from now on; `None` if it is not shared.
    pub fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<Arc<Out>>> {
        let mut map = super::lock(&self.map);
        if let Some(tx) = map.get(id) {
            return Some(tx.subscribe());
        }
        let mut events = self.source.subscribe(id)?;
        let (tx, rx) = broadcast::channel(HUB_CAPACITY);
        map.insert(id.to_owned(), tx.clone());
        let (map, cancel, id, source) = (
            self.map.clone(),
            self.cancel.clone(),
            id.to_owned(),
            self.source.clone(),
        );
        tokio::spawn(async move {
            loop {
                let ev = tokio::select! {
                    _ = cancel.cancelled() => break,
                    ev = events.recv() => ev,
                };
                let out = match ev {
                    Ok(SessionEvent::Reading(r)) => {
                        let offset = source
                            .presence(&id)
                            .utc_offset_s
                            .and_then(chrono::FixedOffset::east_opt);
                        let live = whatwatt::encode::live_event(&r.reading, offset);
                        Out::Reading {
                            fields: fields_text(&r),
                            live: serde_json::to_string(&live).unwrap_or_default(),
                        }
                    }
                    Ok(SessionEvent::State(s)) => Out::Message(state_message(&id, &s)),
                    Ok(SessionEvent::Health(h)) => Out::Message(health_message(&id, &h)),
                    Ok(_) => continue,
                    // The hub only reformats; should it ever fall behind, clients see a gap in `seq`.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => break,
                };
                // No receiver right now is fine: the next subscriber starts from the presence.
                let _ = tx.send(Arc::new(out));
            }
            super::lock(&map).remove(&id);
        });
        Some(rx)
    }
}
