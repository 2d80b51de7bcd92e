//! Shared test helpers: simulated devices on 127.0.0.1:0, bounded waits on real events.
#![allow(dead_code, clippy::unwrap_used)]

use std::future::Future;
use std::time::Duration;
use whatwatt_sim::{SimConfig, SimDevice};

/// A device with mDNS off (tests that need discovery turn it on themselves).
pub fn config() -> SimConfig {
    SimConfig {
        mdns: false,
        history_days: 1,
        interval_s: Some(0.05),
        reboot_downtime: Duration::from_millis(300),
        ..SimConfig::default()
    }
}

pub async fn spawn(cfg: SimConfig) -> SimDevice {
    SimDevice::spawn(cfg).await.expect("simulator starts")
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

/// Retries `f` until it returns `Some` (the device is rebooting and refuses connections meanwhile).
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
