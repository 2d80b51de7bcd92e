//! Step 7, joining the home network: while the device's access point lingers it says how the join
//! went (`.wifi.status`); then the device is found again by its id (the station address it reported,
//! its mDNS advertisement) and proven with a login before anything is saved.

use super::find::{self, Candidates, Found, Source};
use super::plan::{NetworkChoice, SetupPlan};
use super::run::Run;
use crate::error::{CoreError, Result};
use crate::ipc::{SetupProgress, SetupStep};
use std::time::Duration;
use tokio::time::Instant;
use whatwatt::models::system::SystemInfo;
use whatwatt::Client;

impl Run<'_> {
    /// Waits for the device to leave its access point for the home network and finds it there.
    pub(super) async fn join(
        &mut self,
        plan: &SetupPlan,
        client: &Client,
        sys: &SystemInfo,
        device_id: &str,
    ) -> Result<Found> {
        let wps = matches!(plan.network, NetworkChoice::Wps);
        self.step(SetupStep::Join, "setup_say_joining", &[]);
        let limit = if wps {
            self.timing.wps
        } else {
            self.timing.join
        };
        let started = Instant::now();
        let deadline = started + limit;
        let mut candidates = Candidates::default();
        // A failure reported before these settings went out may still show for a moment (the
        // device has not begun the new attempt): it counts once another status came, or after a
        // few polls.
        let mut stale_error = wifi_status(sys) == Some("Error");
        let stale_until = started + (self.timing.poll * 3).max(Duration::from_secs(6));
        let wifi_chosen = matches!(plan.network, NetworkChoice::Wifi { .. });
        let mut misses = 0;
        // While the device's access point lingers it says how the join went.
        while Instant::now() < deadline {
            let Ok(now) = client.system().await else {
                // Twice in a row: the access point has closed (or this computer left it).
                misses += 1;
                if misses >= 2 {
                    break;
                }
                tokio::time::sleep(self.timing.poll.min(deadline - Instant::now())).await;
                continue;
            };
            misses = 0;
            let wifi = now.wifi.clone().unwrap_or_default();
            if wifi.status.as_deref() != Some("Error") || Instant::now() >= stale_until {
                stale_error = false;
            }
            match (wifi.status.as_deref(), wifi.mode.as_deref()) {
                (Some("Error"), _) if wifi_chosen && !stale_error => {
                    let ssid = match &plan.network {
                        NetworkChoice::Wifi { ssid, .. } => ssid.clone(),
                        _ => String::new(),
                    };
                    return Err(CoreError::WifiJoinFailed { ssid });
                }
                (Some("Disabled"), _) if wps => return Err(CoreError::WpsFailed),
                (Some("OK"), Some("STA")) => {
                    candidates.add(wifi.ip.clone().unwrap_or_default(), Source::Reported);
                    break;
                }
                _ => {}
            }
            if let Some(eth) = now
                .ethernet
                .as_ref()
                .filter(|e| e.status.as_deref() == Some("Up"))
            {
                if matches!(plan.network, NetworkChoice::Ethernet { .. }) {
                    candidates.add(eth.ip.clone().unwrap_or_default(), Source::Reported);
                    break;
                }
            }
            self.waiting(SetupStep::Join, "Joining", started.elapsed(), limit);
            tokio::time::sleep(self.timing.poll.min(deadline - Instant::now())).await;
        }
        // Not the access point's address: it answers for a moment longer, but not on the home
        // network.
        let (mdns, resolver) = (self.app.mdns_policy(), self.app.resolver());
        let poll = self.timing.poll;
        loop {
            let progress = &mut *self.progress;
            let found = find::find(
                device_id,
                &resolver,
                &mut candidates,
                mdns,
                poll,
                deadline,
                |e| {
                    progress(SetupProgress::Waiting {
                        step: SetupStep::Join,
                        message: "Looking for the device on your home network".into(),
                        elapsed_s: (started.elapsed().max(e)).as_secs(),
                        limit_s: limit.as_secs(),
                    })
                },
            )
            .await;
            let Some(found) = found else {
                return Err(if wps {
                    CoreError::WpsFailed
                } else {
                    CoreError::DeviceLost {
                        detail: LIKELY_CAUSES.into(),
                    }
                });
            };
            match self.verify(plan, &found, device_id).await {
                Ok(()) => return Ok(found),
                // Something advertising the id that is not the device (it failed the login, or
                // asked for the password in clear): passed over, the search goes on.
                Err(_) if found.source == Source::Mdns => {
                    tracing::warn!(address = %found.address, "an mDNS answer for the device being set up failed the login check");
                    candidates.reject(&found.address);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The device found on the home network, asked with the new password (Digest only when the
    /// address came from mDNS) and checked to carry the id.
    async fn verify(&mut self, plan: &SetupPlan, found: &Found, device_id: &str) -> Result<()> {
        let client = self
            .app
            .client_builder(&found.address)
            .password(plan.password.clone())
            .allow_basic(found.source != Source::Mdns)
            .timeout(Duration::from_secs(10))
            .build()?;
        let sys = client.system().await?;
        if !sys.device.id.eq_ignore_ascii_case(device_id) {
            return Err(CoreError::NotThisMeter {
                address: found.address.clone(),
                found: sys.device.id,
            });
        }
        Ok(())
    }
}

fn wifi_status(sys: &SystemInfo) -> Option<&str> {
    sys.wifi.as_ref().and_then(|w| w.status.as_deref())
}

/// Why a device that left its access point did not appear on the home network, most likely first.
const LIKELY_CAUSES: &str = "likely causes, most likely first: a wrong Wi-Fi password (the device went back to its own Wi-Fi: join it again and check the password); a network that is 5 GHz only (the device needs 2.4 GHz); the device is out of the router's range";
