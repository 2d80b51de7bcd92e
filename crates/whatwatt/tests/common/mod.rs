//! Shared test helpers: the simulator's test kit, with a day of SD-card history on every device.
#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub use whatwatt_sim::testkit::{first_report, spawn, until, within};

use whatwatt_sim::SimConfig;

/// A quiet device (mDNS off, fast reports) with one day of SD-card history; tests that need
/// discovery turn mDNS on themselves.
pub fn config() -> SimConfig {
    SimConfig {
        history_days: 1,
        ..whatwatt_sim::testkit::config()
    }
}
