//! Setting up a new meter: from a device fresh out of the box (answering on its own Wi-Fi access
//! point) or one on the home network whose meter side is not done, to a protected, named, saved
//! meter streaming readings. The steps (docs 50-settings and 10-general):
//!
//! 1. Device: who answers (id, model, firmware, licence, network, meter status).
//! 2. Network: Wi-Fi (`PUT /api/v1/wifi/sta/settings`), WPS (`POST /api/v1/wifi/wps`) or Ethernet
//!    (`PUT /api/v1/eth/settings`); skipped for a device on the network already.
//! 3. Join: the access point says how the join went while it lingers; the device is then found again
//!    by its id (mDNS, the station address it reported, the address given). The docs give neither
//!    the access point's name nor its address, so nothing here depends on them: the user gives the
//!    address the device answers at (the wizard offers the computer's default gateway).
//! 4. Meter: `.meter.status` every 2 s with advice per status, the DLMS key if given, until `OK` and a
//!    first live reading.
//! 5. Protect: the password stored, set, and proven by a Digest login; or a warning when skipped.
//! 6. Name and report interval (`system.name`, `services.report_interval`), with the power advice.
//! 7. Licence: what FREE and PLUS allow. 8. Done: the meter saved; its session starts streaming.
//!
//! `wattdesk-cli setup` and the app's wizard run the same code ([`crate::app::App::set_up`]).

mod advice;
mod find;
mod plan;
mod progress;
pub mod rules;
pub(crate) mod run;
pub mod scan;

pub use crate::ipc::{SavedSetup, SetupDone, SetupProgress, SetupStep};
pub use advice::advice;
pub use plan::{NetworkChoice, SetupPlan, SetupTiming};
pub use progress::ProgressFile;
pub use rules::StaticIp;
