//! Live feeds to views, and the relay that turns session changes into `MetersChanged` lists.

use super::{lock, App, CoreEvent};
use crate::error::{CoreError, Result};
use tokio::sync::broadcast;

impl App {
    /// Starts feeding a meter's readings, batched (see [`crate::live::feed`]), into `sink` until
    /// [`App::close_feed`], the sink refuses a batch, or the app stops. Returns the feed's id.
    pub fn open_feed(
        &self,
        device_id: &str,
        sink: impl FnMut(crate::ipc::LiveBatch) -> bool + Send + 'static,
    ) -> Result<u64> {
        let rx = self
            .inner
            .supervisor
            .subscribe(device_id)
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?;
        let latest = self.inner.supervisor.presence(device_id).latest;
        let cancel = self.inner.cancel.child_token();
        let id = self
            .inner
            .next_feed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let feeds = self.inner.feeds.clone();
        let c = cancel.clone();
        let task = tokio::spawn(async move {
            crate::live::feed::run(rx, c, latest, sink).await;
            lock(&feeds).remove(&id);
        });
        lock(&self.inner.feeds).insert(id, (cancel, task));
        Ok(id)
    }

    /// Stops a feed (the view closed). Unknown ids are ignored: the feed may have ended by itself.
    pub fn close_feed(&self, feed_id: u64) {
        if let Some((cancel, _)) = lock(&self.inner.feeds).remove(&feed_id) {
            cancel.cancel();
        }
    }

    /// Feeds currently running.
    pub fn open_feeds(&self) -> usize {
        lock(&self.inner.feeds).len()
    }

    /// Turns the supervisor's change markers into full `MetersChanged` lists, at most one per change.
    pub(crate) async fn relay_refreshes(self) {
        let mut rx = self.inner.events.subscribe();
        loop {
            let ev = tokio::select! {
                _ = self.inner.cancel.cancelled() => return,
                ev = rx.recv() => ev,
            };
            match ev {
                Ok(CoreEvent::Refresh) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    self.remember_schemes();
                    self.meters_changed()
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
}
