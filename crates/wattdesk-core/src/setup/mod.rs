//! Setting up a new meter: from a device fresh out of the box (answering on its own Wi-Fi access
//! point) or one on the home network whose meter side is not done, to a protected, named, saved
//! meter streaming readings (docs 50-settings and 10-general). The steps, in the order they run:
//!
//! 1. Device: who answers at the address the user gave (id, model, firmware, licence, network).
//! 2. Meter (meter_step.rs): the DLMS key if given, then `.meter.status` every 2 s with advice per
//!    status, until `OK` and a first live reading.
//! 3. Protect: the password stored, set, and proven by a Digest login; or a warning when skipped.
//! 4. Name and report interval (`system.name`, `services.report_interval`), with the power advice.
//! 5. Licence: what FREE and PLUS allow.
//! 6. Network: Wi-Fi (`PUT /api/v1/wifi/sta/settings`), WPS (`POST /api/v1/wifi/wps`) or Ethernet
//!    (`PUT /api/v1/eth/settings`); skipped for a device on the network already.
//! 7. Join (join.rs): the access point says how the join went while it lingers; the device is then
//!    found again by its id (the station address it reported, its mDNS advertisement).
//! 8. Done: the meter saved; its session starts streaming.
//!
//! Why this order (the docs list the settings, not an order): every secret (the meter key, the new
//! password) goes to the address the user gave before the device moves. The address it is found at
//! afterwards may come from mDNS, which anyone on the network can send: it gets the password only
//! for a Digest login, never in clear. The docs give neither the access point's name nor its
//! address, so nothing here depends on them: the user gives the address the device answers at.
//!
//! Before step 1, [`locate`] finds the device without an address where it can: this computer's
//! default gateway (on the device's own Wi-Fi the device is the gateway) and mDNS; the user types an
//! address only when neither answers.
//!
//! `wattdesk-cli setup` and the app's wizard run the same code ([`crate::app::App::set_up`]).

mod advice;
mod find;
mod join;
pub mod locate;
mod meter_step;
mod plan;
mod progress;
pub mod rules;
pub(crate) mod run;
pub mod scan;

pub use crate::ipc::{SavedSetup, SetupDone, SetupProgress, SetupStep};
pub use advice::advice;
pub use locate::GatewayPolicy;
pub use plan::{NetworkChoice, SetupPlan, SetupTiming};
pub use progress::ProgressFile;
pub use rules::StaticIp;
