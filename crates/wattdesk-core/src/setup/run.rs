//! One setup run, step by step, telling what the device is doing as it goes. Every value was checked
//! before the first request (`SetupPlan::checked`); each step either finishes or fails with the likely
//! causes in order, and never leaves the device worse than it found it (settings are only added).

use super::advice::advice;
use super::find::{self, Candidates, Found, Source};
use super::plan::{NetworkChoice, SetupPlan, SetupTiming};
use super::rules::StaticIp;
use crate::app::App;
use crate::error::{CoreError, Result};
use crate::ipc::AddMeterRequest;
use crate::ipc::{SetupDone, SetupProgress, SetupStep};
use futures_util::StreamExt;
use std::time::Duration;
use tokio::time::Instant;
use whatwatt::models::eth::EthSettings;
use whatwatt::models::meter_settings::MeterSettings;
use whatwatt::models::settings::{ServicesSettings, Settings, SystemSettings};
use whatwatt::models::system::SystemInfo;
use whatwatt::models::wifi::WifiStaSettings;
use whatwatt::{AuthScheme, Client, MeterStatus};

/// A meter-powered device below this report interval is told it may run short of power (docs:
/// power-and-wifi: "do not call the HTTP API too often", reduce the report frequency).
const POWER_SAFE_INTERVAL_S: u32 = 30;

pub(crate) struct Run<'a> {
    app: &'a App,
    timing: SetupTiming,
    progress: &'a mut (dyn FnMut(SetupProgress) + Send),
}

impl Run<'_> {
    pub(crate) fn new<'a>(
        app: &'a App,
        timing: SetupTiming,
        progress: &'a mut (dyn FnMut(SetupProgress) + Send),
    ) -> Run<'a> {
        Run {
            app,
            timing,
            progress,
        }
    }

    fn step(&mut self, step: SetupStep, message: impl Into<String>) {
        (self.progress)(SetupProgress::Step {
            step,
            message: message.into(),
        });
    }

    fn waiting(&mut self, step: SetupStep, message: &str, elapsed: Duration, limit: Duration) {
        (self.progress)(SetupProgress::Waiting {
            step,
            message: message.to_owned(),
            elapsed_s: elapsed.as_secs(),
            limit_s: limit.as_secs(),
        });
    }

    /// Remembers how far the setup got, so it can continue after the window or the app closed. A
    /// failure to write it costs only that convenience: it is told, not fatal.
    fn mark(&mut self, device_id: &str, step: SetupStep, address: &str) {
        if let Err(e) = self
            .app
            .setup_progress_file()
            .record(device_id, step, address)
        {
            self.warn(format!("WattDesk could not note how far this setup got ({e}); if it is interrupted, start it again."));
        }
    }

    fn warn(&mut self, message: impl Into<String>) {
        (self.progress)(SetupProgress::Warning {
            message: message.into(),
        });
    }

    /// The steps run in this order so that every secret (the meter key, the new password) goes to
    /// the address the user gave (the device's access point, or its address at home) before the device
    /// moves: the address it is found at afterwards was learned from the network (mDNS) and gets the
    /// password only for a Digest login, never in clear.
    pub(crate) async fn run(mut self, plan: SetupPlan) -> Result<SetupDone> {
        let plan = plan.checked()?;
        self.step(SetupStep::Device, "Asking the device who it is");
        let (client, sys) = self.identify(&plan).await?;
        let device_id = sys.device.id.to_ascii_uppercase();
        let typed = plan.address.clone();
        if matches!(plan.network, NetworkChoice::Keep) && on_access_point(&sys) && !wired(&sys) {
            return Err(CoreError::Invalid(
                "the device is still on its own Wi-Fi: choose how it joins your home network (Wi-Fi, WPS or a network cable)".into(),
            ));
        }
        self.mark(&device_id, SetupStep::Meter, &typed);
        self.meter(&plan, &client).await?;
        self.mark(&device_id, SetupStep::Protect, &typed);
        let client = self.protect(&plan, client, &typed, &device_id).await?;
        self.mark(&device_id, SetupStep::Name, &typed);
        self.name(&plan, &client, &sys).await?;
        self.licence(&sys);
        self.mark(&device_id, SetupStep::Network, &typed);
        let (address, allow_basic) = match self.network(&plan, &client, &sys, &device_id).await? {
            Some(found) => (found.address, found.source != Source::Mdns),
            None => (typed, true),
        };
        self.mark(&device_id, SetupStep::Done, &address);
        self.step(SetupStep::Done, "Saving the meter");
        let done = self.save(&plan, &address, &device_id, allow_basic).await?;
        if let Err(e) = self.app.setup_progress_file().clear() {
            self.warn(format!("WattDesk could not tidy up after this setup: {e}"));
        }
        Ok(done)
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

    async fn identify(&mut self, plan: &SetupPlan) -> Result<(Client, SystemInfo)> {
        // The address was typed or picked by the user: the password may go there.
        let client = self
            .app
            .client_builder(&plan.address)
            .password(plan.password.clone())
            .timeout(Duration::from_secs(10))
            .build()?;
        let sys = client.system().await?;
        (self.progress)(SetupProgress::Device {
            device_id: sys.device.id.to_ascii_uppercase(),
            model: sys.device.model.clone(),
            firmware: sys.device.firmware.clone(),
            license: sys.device.license.as_ref().and_then(|l| l.kind.clone()),
            network: network_of(&sys),
            meter_status: sys.meter.as_ref().and_then(|m| m.status.clone()),
        });
        Ok((client, sys))
    }

    /// The network settings, then the device found again on the home network. `None` when it stays
    /// where it is.
    async fn network(
        &mut self,
        plan: &SetupPlan,
        client: &Client,
        sys: &SystemInfo,
        device_id: &str,
    ) -> Result<Option<Found>> {
        let on_ap = on_access_point(sys);
        let wps = matches!(plan.network, NetworkChoice::Wps);
        match &plan.network {
            NetworkChoice::Keep => {
                self.step(SetupStep::Network, "The device is on your network already");
                return Ok(None);
            }
            NetworkChoice::Wifi {
                ssid,
                password,
                static_ip,
            } => {
                self.step(
                    SetupStep::Network,
                    format!("Sending the Wi-Fi settings for {ssid}"),
                );
                let mut w = WifiStaSettings {
                    enable: Some(true),
                    name: Some(ssid.clone()),
                    password: password.clone(),
                    static_ip: Some(static_ip.is_some()),
                    ..Default::default()
                };
                if let Some(s) = static_ip {
                    (w.ip, w.netmask, w.gateway, w.dns) = fixed(s);
                }
                client.update_wifi_sta_settings(&w).await?;
            }
            NetworkChoice::Wps => {
                self.step(
                    SetupStep::Network,
                    "WPS started: press the WPS button on your router within 2 minutes",
                );
                client.start_wps().await?;
            }
            NetworkChoice::Ethernet { static_ip } => {
                self.step(SetupStep::Network, "Sending the network-cable settings");
                let mut e = EthSettings {
                    enable: Some(true),
                    static_ip: Some(static_ip.is_some()),
                    ..Default::default()
                };
                if let Some(s) = static_ip {
                    (e.ip, e.netmask, e.gateway, e.dns) = fixed(s);
                }
                client.update_eth_settings(&e).await?;
            }
        }
        if !on_ap {
            // Already on the home network: the device applies the settings where it is.
            return Ok(None);
        }
        self.step(
            SetupStep::Join,
            "Waiting for the device to join your home network. Bring this computer back to your home network now if it is still on the device's Wi-Fi.",
        );
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
                        detail: likely_causes(false).into(),
                    }
                });
            };
            match self.verify(plan, &found, device_id).await {
                Ok(()) => return Ok(Some(found)),
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

    /// Step 4: the meter link, with the key if one was given, until `OK` and a first reading.
    async fn meter(&mut self, plan: &SetupPlan, client: &Client) -> Result<()> {
        self.step(SetupStep::Meter, "Checking the connection to the meter");
        if let Some(key) = &plan.meter_key {
            client
                .update_meter_settings(&MeterSettings {
                    encryption: Some(true),
                    encryption_key: Some(key.clone()),
                    authentication_key: plan.auth_key.clone(),
                    ..Default::default()
                })
                .await?;
        }
        let started = Instant::now();
        let deadline = started + self.timing.meter;
        let mut last: Option<MeterStatus> = None;
        let mut wrong_key = 0;
        loop {
            let status = client
                .system()
                .await?
                .meter
                .and_then(|m| m.status)
                .map(|s| MeterStatus::parse(&s))
                .unwrap_or(MeterStatus::NotConnected);
            if last.as_ref() != Some(&status) {
                // With a key sent, "key required" only means the device has not tried it yet.
                let said = match &status {
                    MeterStatus::KeyRequired if plan.meter_key.is_some() => {
                        "The device is trying the key."
                    }
                    other => advice(other),
                };
                (self.progress)(SetupProgress::MeterStatus {
                    status: status.as_str().to_owned(),
                    advice: said.to_owned(),
                });
                last = Some(status.clone());
            }
            let stuck = |status: &MeterStatus| CoreError::MeterNotReady {
                status: status.as_str().to_owned(),
                advice: advice(status).to_owned(),
            };
            match &status {
                MeterStatus::Ok => break,
                MeterStatus::KeyRequired if plan.meter_key.is_none() => return Err(stuck(&status)),
                MeterStatus::NotRecognized => return Err(stuck(&status)),
                // Seen twice in a row, so a status from before the key arrived does not count.
                MeterStatus::EncryptionKey if plan.meter_key.is_some() => {
                    wrong_key += 1;
                    if wrong_key >= 2 {
                        return Err(CoreError::MeterKeyWrong);
                    }
                }
                _ => wrong_key = 0,
            }
            if Instant::now() >= deadline {
                return Err(stuck(&status));
            }
            self.waiting(
                SetupStep::Meter,
                status.as_str(),
                started.elapsed(),
                self.timing.meter,
            );
            tokio::time::sleep(self.timing.poll.min(deadline - Instant::now())).await;
        }
        // The first reading, from the live stream (which a FREE licence allows too).
        let remaining = deadline.saturating_duration_since(Instant::now()) + self.timing.poll;
        let mut live = client.live(None).await?;
        match tokio::time::timeout(remaining, live.next()).await {
            Ok(Some(Ok(_))) => Ok(()),
            Ok(Some(Err(e))) => Err(e.into()),
            _ => Err(CoreError::MeterNotReady {
                status: "OK".into(),
                advice: "The meter is connected but no reading arrived yet; wait a minute and try again.".into(),
            }),
        }
    }

    /// Step 5: the device password, stored before it is set (so a crash in between cannot lock the
    /// user out), then proven by a Digest login.
    async fn protect(
        &mut self,
        plan: &SetupPlan,
        client: Client,
        address: &str,
        device_id: &str,
    ) -> Result<Client> {
        let Some(password) = plan.password.clone() else {
            self.warn("The device has no password: anyone on your network can read it and change its settings. You can set one later in the meter's settings.");
            return Ok(client);
        };
        if client.authenticated() {
            self.step(
                SetupStep::Protect,
                "The device is protected with this password already",
            );
            return Ok(client);
        }
        self.step(SetupStep::Protect, "Setting the device password");
        self.app.store_setup_password(device_id, &password)?;
        client
            .update_settings(&Settings {
                system: Some(SystemSettings {
                    protection: Some(true),
                    password: Some(password.clone()),
                    ..Default::default()
                }),
                services: None,
            })
            .await?;
        let proof = self
            .app
            .client_builder(address)
            .password(Some(password))
            .expect_scheme(Some(AuthScheme::Digest))
            .timeout(Duration::from_secs(10))
            .build()?;
        proof.system().await?;
        if proof.scheme() != Some(AuthScheme::Digest) {
            self.warn("This device's firmware asks for the password in a form others on your network could read; update its firmware.");
        }
        Ok(proof)
    }

    /// Step 6: the device's name and report interval, with the power advice for meter-powered units.
    async fn name(&mut self, plan: &SetupPlan, client: &Client, sys: &SystemInfo) -> Result<()> {
        if plan.name.is_none() && plan.report_interval_s.is_none() {
            return Ok(());
        }
        self.step(SetupStep::Name, "Naming the device");
        let meter_powered = sys
            .device
            .plug
            .as_ref()
            .and_then(|p| p.v_usb)
            .is_some_and(|v| v < 4.0);
        if let Some(s) = plan.report_interval_s {
            if meter_powered && s < POWER_SAFE_INTERVAL_S {
                self.warn(format!("This device runs on the meter's power: reporting every {s} s may drain it (the maker advises reporting less often, {POWER_SAFE_INTERVAL_S} s or more)."));
            }
        }
        client
            .update_settings(&Settings {
                system: plan.name.clone().map(|n| SystemSettings {
                    name: Some(n),
                    ..Default::default()
                }),
                services: plan.report_interval_s.map(|s| ServicesSettings {
                    report_interval: Some(s),
                    ..Default::default()
                }),
            })
            .await?;
        Ok(())
    }

    /// Step 7: what the licence allows.
    fn licence(&mut self, sys: &SystemInfo) {
        let message = if sys.is_plus() {
            "PLUS licence: live readings, history from reports and MQTT publishing all work."
        } else {
            "FREE licence: live readings work; reading reports (history) and publishing to MQTT need PLUS."
        };
        self.step(SetupStep::Licence, message);
    }

    /// Step 8: the meter saved (or, when it was saved before, renamed), its live session started.
    async fn save(
        &mut self,
        plan: &SetupPlan,
        address: &str,
        device_id: &str,
        allow_basic: bool,
    ) -> Result<SetupDone> {
        let request = AddMeterRequest {
            address: address.to_owned(),
            password: plan.password.clone(),
            name: plan.name.clone(),
        };
        let view = match self.app.add_meter_at(request, allow_basic).await {
            Ok(v) => v,
            Err(CoreError::AlreadyAdded) => match &plan.name {
                Some(n) => self.app.rename_meter(device_id, n)?,
                None => self
                    .app
                    .meters()
                    .into_iter()
                    .find(|m| m.device_id.eq_ignore_ascii_case(device_id))
                    .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?,
            },
            Err(e) => return Err(e),
        };
        Ok(SetupDone {
            device_id: device_id.to_owned(),
            address: format!("http://{}", view.address),
            meter_status: "OK".into(),
            name: view.name,
        })
    }
}

fn fixed(
    s: &StaticIp,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    (
        Some(s.ip.to_string()),
        Some(s.netmask.to_string()),
        Some(s.gateway.to_string()),
        Some(s.dns.to_string()),
    )
}

fn wifi_status(sys: &SystemInfo) -> Option<&str> {
    sys.wifi.as_ref().and_then(|w| w.status.as_deref())
}

/// The device is answering from its own access point (the docs do not name this mode; real devices
/// and the simulator report `.wifi.mode` `AP`).
fn on_access_point(sys: &SystemInfo) -> bool {
    sys.wifi.as_ref().and_then(|w| w.mode.as_deref()) == Some("AP")
}

/// A network cable is in and up: the device is on the home network whatever its Wi-Fi does.
fn wired(sys: &SystemInfo) -> bool {
    sys.ethernet
        .as_ref()
        .is_some_and(|e| e.status.as_deref() == Some("Up"))
}

fn network_of(sys: &SystemInfo) -> String {
    let wifi = sys.wifi.clone().unwrap_or_default();
    match (on_access_point(sys), wired(sys)) {
        (_, true) => "network cable".into(),
        (true, false) => "its own Wi-Fi (setup)".into(),
        (false, false) => format!("Wi-Fi {}", wifi.ssid.unwrap_or_default()),
    }
}

fn likely_causes(wps: bool) -> &'static str {
    if wps {
        "the router's WPS button was not pressed in time. After a failed WPS started from its own Wi-Fi the device turns Wi-Fi off: unplug it and plug it back in to start again"
    } else {
        "likely causes, most likely first: a wrong Wi-Fi password (the device went back to its own Wi-Fi: join it again and check the password); a network that is 5 GHz only (the device needs 2.4 GHz); the device is out of the router's range"
    }
}
