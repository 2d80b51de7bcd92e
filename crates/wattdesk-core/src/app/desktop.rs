//! What a tray or menu-bar icon shows and does: each meter's net power now, the household's, and
//! pausing every live session (and with it history recording and sharing) until resumed.

use super::{lock, App};
use crate::ipc::SessionState;
use std::sync::atomic::Ordering;

/// One meter as the tray lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrayMeter {
    pub device_id: String,
    pub name: String,
    pub now: TrayValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TrayValue {
    /// Import minus export (W): positive from the grid, negative to it.
    NetW(f64),
    Offline,
    Waiting,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TraySummary {
    pub paused: bool,
    pub meters: Vec<TrayMeter>,
    /// The sum over meters with a value, when more than one has one.
    pub household_w: Option<f64>,
}

impl App {
    /// The saved meters with their latest net power, in the order of the Meters view.
    pub fn tray_summary(&self) -> TraySummary {
        let saved: Vec<(String, String)> = lock(&self.inner.registry)
            .meters()
            .iter()
            .map(|m| (m.device_id.clone(), m.name.clone()))
            .collect();
        let meters: Vec<TrayMeter> = saved
            .into_iter()
            .map(|(device_id, name)| {
                let p = self.inner.supervisor.presence(&device_id);
                let net = p.latest.as_ref().and_then(|r| {
                    let i = r.reading.power_import_kw?;
                    Some((i - r.reading.power_export_kw.unwrap_or(0.0)) * 1000.0)
                });
                let now = match (&p.state, net) {
                    (Some(SessionState::Live { .. }), Some(w)) => TrayValue::NetW(w),
                    (Some(SessionState::Offline { .. }), _) => TrayValue::Offline,
                    (_, Some(w)) if p.online == Some(true) => TrayValue::NetW(w),
                    _ => TrayValue::Waiting,
                };
                TrayMeter {
                    device_id,
                    name,
                    now,
                }
            })
            .collect();
        let values: Vec<f64> = meters
            .iter()
            .filter_map(|m| match m.now {
                TrayValue::NetW(w) => Some(w),
                _ => None,
            })
            .collect();
        TraySummary {
            paused: self.live_paused(),
            household_w: (values.len() > 1).then(|| values.iter().sum()),
            meters,
        }
    }

    /// A saved meter's name (alerts and the tray name meters by it).
    pub fn meter_name(&self, device_id: &str) -> Option<String> {
        lock(&self.inner.registry)
            .get(device_id)
            .map(|m| m.name.clone())
    }

    pub fn live_paused(&self) -> bool {
        self.inner.live_paused.load(Ordering::SeqCst)
    }

    /// Pauses (stops) every meter's live session, or starts them again. While paused nothing is read,
    /// recorded or shared; the Meters view shows them stopped. Not remembered across restarts.
    pub async fn set_live_paused(&self, paused: bool) {
        let was = self.inner.live_paused.swap(paused, Ordering::SeqCst);
        if was == paused {
            return;
        }
        if paused {
            self.inner.supervisor.pause_all().await;
        } else {
            let saved: Vec<(String, String)> = lock(&self.inner.registry)
                .meters()
                .iter()
                .map(|m| (m.device_id.clone(), m.address.clone()))
                .collect();
            for (id, address) in saved {
                self.watch(&id, &address);
            }
        }
        self.meters_changed();
    }
}
