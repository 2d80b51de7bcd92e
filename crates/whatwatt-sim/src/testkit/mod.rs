//! Test bed helpers shared by every crate's tests (feature `testkit`): simulated devices on
//! `127.0.0.1:0`, bounded waits on real events, a real mosquitto broker, configuring a device's MQTT
//! publishing over REST as a user would, an impostor that advertises a meter's id and records what it
//! is sent, and peers that misbehave on purpose. Waits fail the test with what they waited for; none of them
//! sleeps where an event can be awaited (only [`until`] polls, for a device that refuses connections
//! while it reboots).

pub mod faults;
pub mod impostor;
pub mod mosquitto;

pub use faults::{BrokerFault, Faulty, HttpFault};
pub use impostor::{Ask, Impostor};
pub use mosquitto::{publish_via_rest, Mosquitto};

use crate::{SimConfig, SimDevice};
use std::future::Future;
use std::time::Duration;

/// A quiet, fast device: no mDNS, no SD history, a report every 50 ms, reboots in 300 ms.
pub fn config() -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 0,
        interval_s: Some(0.05),
        reboot_downtime: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

/// Starts a device, or fails the test.
pub async fn spawn(cfg: SimConfig) -> SimDevice {
    SimDevice::spawn(cfg).await.expect("the simulator starts")
}

/// Fails the test if `fut` does not finish within `secs` (a hang must not stall CI).
pub async fn within<T>(secs: u64, what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("timed out after {secs}s waiting for {what}"))
}

/// Waits until the device has published a report (its meter link is up).
pub async fn first_report(dev: &SimDevice) {
    let mut rx = dev.subscribe();
    if dev.latest().is_some() {
        return;
    }
    within(10, "the first meter report", async {
        let _ = rx.recv().await;
    })
    .await;
}

/// Retries `f` every 50 ms until it returns `Some` (a rebooting device refuses connections and
/// sends no event to wait for).
pub async fn until<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    within(secs, what, async {
        loop {
            if let Some(v) = f().await {
                return v;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
}
