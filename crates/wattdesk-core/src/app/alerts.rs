//! Feeds the alert rules (`crate::alerts`) with every meter's session events and a tick, and hands
//! the alerts to whoever listens (the window's notifications, `wattdesk-cli alerts`).

use super::{lock, App};
use crate::alerts::{Alert, Watch};
use crate::live::session::SessionEvent;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

/// The same kind is not said again for the same meter within this time.
pub const QUIET: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// How often outages are measured against the user's limit (minutes).
const TICK: Duration = Duration::from_secs(20);

pub(crate) enum AlertInput {
    /// Boxed: a session event is large and the queue holds many of them.
    Event(String, Box<SessionEvent>),
    /// Preferences or the electricity plan changed; a removed meter is forgotten.
    Settings,
    Forget(String),
}

/// Only what the rules read crosses to the alert task (no health or inspector traffic).
pub(crate) fn wanted(ev: &SessionEvent) -> bool {
    matches!(ev, SessionEvent::Reading(_) | SessionEvent::State(_))
}

impl App {
    /// Alerts as they happen, for every meter (whether or not notifications are shown is the
    /// listener's business; which kinds fire follows the user's preferences).
    pub fn subscribe_alerts(&self) -> broadcast::Receiver<Alert> {
        self.inner.alerts.subscribe()
    }

    pub(crate) fn alerts_changed(&self) {
        let _ = self.inner.alert_input.try_send(AlertInput::Settings);
    }

    pub(crate) fn alerts_forget(&self, device_id: &str) {
        let _ = self
            .inner
            .alert_input
            .try_send(AlertInput::Forget(device_id.to_owned()));
    }

    fn alert_limit(&self) -> Option<f64> {
        self.tariffs().quarter_limit_kw
    }

    /// Runs until the app shuts down.
    pub(crate) async fn run_alerts(self, mut input: mpsc::Receiver<AlertInput>) {
        let mut watch = Watch::new(lock(&self.inner.preferences).notifications.clone(), QUIET);
        watch.set_limit(self.alert_limit());
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let said = tokio::select! {
                _ = self.inner.cancel.cancelled() => return,
                _ = tick.tick() => watch.tick(chrono::Utc::now()),
                msg = input.recv() => match msg {
                    None => return,
                    Some(AlertInput::Event(id, ev)) => watch.event(&id, &ev, chrono::Utc::now()),
                    Some(AlertInput::Settings) => {
                        watch.set_prefs(lock(&self.inner.preferences).notifications.clone());
                        watch.set_limit(self.alert_limit());
                        Vec::new()
                    }
                    Some(AlertInput::Forget(id)) => {
                        watch.forget(&id);
                        Vec::new()
                    }
                },
            };
            for a in said {
                tracing::info!(device = %a.device_id, kind = ?a.kind, "alert");
                let _ = self.inner.alerts.send(a);
            }
        }
    }
}
