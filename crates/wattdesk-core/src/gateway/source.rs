//! What the gateway shares: the meters and their session events, from whoever runs the sessions (the
//! app's supervisor, or `wattdesk-cli serve`'s own). The gateway never opens a connection to a device.

use crate::error::Result;
use crate::ipc::{HistoryAnswer, HistoryRequest};
use crate::live::session::SessionEvent;
use crate::live::supervisor::{Presence, Supervisor};
use futures_util::future::BoxFuture;
use std::sync::Arc;
use tokio::sync::broadcast;

/// A shared meter as the gateway lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedMeter {
    /// The device id in upper case (requests may use either case).
    pub id: String,
    pub name: String,
}

pub trait Source: Send + Sync + 'static {
    fn meters(&self) -> Vec<SharedMeter>;
    fn presence(&self, id: &str) -> Presence;
    /// The meter's session events; `None` when it is not (or no longer) shared.
    fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<SessionEvent>>;
    /// History from the store, when this source has one (`None`: no history here).
    fn history(&self, req: HistoryRequest) -> Option<BoxFuture<'static, Result<HistoryAnswer>>>;
}

/// Meters watched by a bare [`Supervisor`] (no history): `wattdesk-cli serve --meter ADDRESS`.
pub struct SupervisorSource {
    pub supervisor: Arc<Supervisor>,
    pub meters: Vec<SharedMeter>,
}

impl Source for SupervisorSource {
    fn meters(&self) -> Vec<SharedMeter> {
        self.meters.clone()
    }

    fn presence(&self, id: &str) -> Presence {
        self.supervisor.presence(id)
    }

    fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<SessionEvent>> {
        self.supervisor.subscribe(id)
    }

    fn history(&self, _req: HistoryRequest) -> Option<BoxFuture<'static, Result<HistoryAnswer>>> {
        None
    }
}
