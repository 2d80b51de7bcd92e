//! One setup run, step by step, telling what the device is doing as it goes. Every value was checked
//! before the first request (`SetupPlan::checked`); each step either finishes or fails with the likely
//! causes in order, and never leaves the device worse than it found it (settings are only added).

use super::find::{Found, Source};
use super::plan::{NetworkChoice, SetupPlan, SetupTiming};
use super::rules::StaticIp;
use crate::app::App;
use crate::error::{CoreError, Result};
use crate::i18n::catalog::said;
use crate::ipc::AddMeterRequest;
use crate::ipc::{SetupDevice, SetupDone, SetupProgress, SetupStep};
use std::time::Duration;
use whatwatt::models::eth::EthSettings;
use whatwatt::models::settings::{ServicesSettings, Settings, SystemSettings};
use whatwatt::models::system::SystemInfo;
use whatwatt::models::wifi::WifiStaSettings;
use whatwatt::{AuthScheme, Client};

/// A meter-powered device below this report interval is told it may run short of power (docs:
/// power-and-wifi: "do not call the HTTP API too often", reduce the report frequency).
pub(crate) const POWER_SAFE_INTERVAL_S: u32 = 30;

pub(crate) struct Run<'a> {
    pub(super) app: &'a App,
    pub(super) timing: SetupTiming,
    pub(super) progress: &'a mut (dyn FnMut(SetupProgress) + Send),
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

    /// A step begins; the sentence is catalogue `key` with `args` (English here, any language in
    /// the window).
    pub(super) fn step(&mut self, step: SetupStep, key: &str, args: &[(&str, &str)]) {
        let (message, said) = said(key, args);
        (self.progress)(SetupProgress::Step {
            step,
            message,
            said,
        });
    }

    pub(super) fn waiting(
        &mut self,
        step: SetupStep,
        message: &str,
        elapsed: Duration,
        limit: Duration,
    ) {
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
            self.warn("setup_warn_not_noted", &[("detail", &e.to_string())]);
        }
    }

    fn warn(&mut self, key: &str, args: &[(&str, &str)]) {
        let (message, said) = said(key, args);
        (self.progress)(SetupProgress::Warning { message, said });
    }

    /// The steps run in this order so that every secret (the meter key, the new password) goes to
    /// the address the user gave (the device's access point, or its address at home) before the device
    /// moves: the address it is found at afterwards was learned from the network (mDNS) and gets the
    /// password only for a Digest login, never in clear.
    pub(crate) async fn run(mut self, plan: SetupPlan) -> Result<SetupDone> {
        let mut plan = plan.checked()?;
        // A saved meter finished without a new password: the one WattDesk keeps for it, sent only
        // to the address the meter is saved at (where it was proven).
        let saved = match plan.password {
            None => self.app.saved_at(&plan.address),
            Some(_) => None,
        };
        if let Some(m) = &saved {
            plan.password = self.app.password(&m.device_id).ok().flatten();
        }
        self.step(SetupStep::Device, "setup_say_asking_device", &[]);
        let (client, sys) = self.identify(&plan, saved.as_ref()).await?;
        let device_id = sys.device.id.to_ascii_uppercase();
        if let Some(m) = saved.as_ref().filter(|m| !m.is(&device_id)) {
            return Err(CoreError::NotThisMeter {
                address: m.address.clone(),
                found: device_id,
            });
        }
        let typed = plan.address.clone();
        if matches!(plan.network, NetworkChoice::Keep) && on_access_point(&sys) && !wired(&sys) {
            return Err(CoreError::rule("err_setup_still_on_own_wifi", &[]));
        }
        self.mark(&device_id, SetupStep::Meter, &typed);
        self.meter(&plan, &client, &device_id).await?;
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
        self.step(SetupStep::Done, "setup_say_saving", &[]);
        let done = self.save(&plan, &address, &device_id, allow_basic).await?;
        if let Err(e) = self.app.setup_progress_file().clear() {
            self.warn("setup_warn_not_tidied", &[("detail", &e.to_string())]);
        }
        Ok(done)
    }

    async fn identify(
        &mut self,
        plan: &SetupPlan,
        saved: Option<&crate::registry::SavedMeter>,
    ) -> Result<(Client, SystemInfo)> {
        // The address was typed or picked by the user: the password may go there. A saved password
        // goes with the login scheme its meter used before (a downgrade to Basic is refused).
        let client = match saved {
            Some(m) => self.app.client_at(m, &plan.address)?,
            None => self
                .app
                .client_builder(&plan.address)
                .password(plan.password.clone())
                .timeout(Duration::from_secs(10))
                .build()?,
        };
        let sys = client.system().await?;
        let f = facts(&sys);
        (self.progress)(SetupProgress::Device {
            device_id: f.device_id,
            model: f.model,
            firmware: f.firmware,
            license: f.license,
            network: f.network,
            meter_status: f.meter_status,
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
        match &plan.network {
            NetworkChoice::Keep => {
                self.step(SetupStep::Network, "setup_say_on_network", &[]);
                return Ok(None);
            }
            NetworkChoice::Wifi {
                ssid,
                password,
                static_ip,
                max_tx_power,
            } => {
                self.step(
                    SetupStep::Network,
                    "setup_say_sending_wifi",
                    &[("ssid", ssid)],
                );
                let mut w = WifiStaSettings {
                    enable: Some(true),
                    name: Some(ssid.clone()),
                    password: password.clone(),
                    static_ip: Some(static_ip.is_some()),
                    max_tx_power: *max_tx_power,
                    ..Default::default()
                };
                if let Some(s) = static_ip {
                    (w.ip, w.netmask, w.gateway, w.dns) = fixed(s);
                }
                client.update_wifi_sta_settings(&w).await?;
            }
            NetworkChoice::Wps => {
                self.step(SetupStep::Network, "setup_say_wps_started", &[]);
                client.start_wps().await?;
            }
            NetworkChoice::Ethernet { static_ip } => {
                self.step(SetupStep::Network, "setup_say_sending_cable", &[]);
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
        self.join(plan, client, sys, device_id).await.map(Some)
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
            self.warn("setup_warn_no_password", &[]);
            return Ok(client);
        };
        if client.authenticated() {
            self.step(SetupStep::Protect, "setup_say_protected_already", &[]);
            return Ok(client);
        }
        self.step(SetupStep::Protect, "setup_say_setting_password", &[]);
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
            self.warn("setup_warn_password_in_clear", &[]);
        }
        Ok(proof)
    }

    /// Step 6: the device's name and report interval, with the power advice for meter-powered units.
    async fn name(&mut self, plan: &SetupPlan, client: &Client, sys: &SystemInfo) -> Result<()> {
        if plan.name.is_none() && plan.report_interval_s.is_none() {
            return Ok(());
        }
        self.step(SetupStep::Name, "setup_say_naming", &[]);
        let meter_powered = meter_powered(sys);
        if let Some(s) = plan.report_interval_s {
            if meter_powered && s < POWER_SAFE_INTERVAL_S {
                self.warn(
                    "setup_warn_report_interval",
                    &[
                        ("seconds", &s.to_string()),
                        ("safe", &POWER_SAFE_INTERVAL_S.to_string()),
                    ],
                );
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
        let key = if sys.is_plus() {
            "setup_say_licence_plus"
        } else {
            "setup_say_licence_free"
        };
        self.step(SetupStep::Licence, key, &[]);
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
            // Set up again (a factory reset, a new network): the saved meter follows the device to
            // where this run found it, and takes the new name.
            Err(CoreError::AlreadyAdded) => {
                self.app.resettle_meter(device_id, address)?;
                match &plan.name {
                    Some(n) => self.app.rename_meter(device_id, n)?,
                    None => self
                        .app
                        .meters()
                        .into_iter()
                        .find(|m| m.device_id.eq_ignore_ascii_case(device_id))
                        .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?,
                }
            }
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

/// The device as the wizard's first screen shows it.
pub(crate) fn facts(sys: &SystemInfo) -> SetupDevice {
    SetupDevice {
        device_id: sys.device.id.to_ascii_uppercase(),
        model: sys.device.model.clone(),
        firmware: sys.device.firmware.clone(),
        license: sys.device.license.as_ref().and_then(|l| l.kind.clone()),
        network: network_of(sys),
        on_access_point: on_access_point(sys),
        meter_status: sys.meter.as_ref().and_then(|m| m.status.clone()),
        meter_powered: meter_powered(sys),
        protected: false,
        password_saved: false,
    }
}

/// No USB supply (below 4 V): the device lives on what the meter's port gives (docs:
/// power-and-wifi).
pub(crate) fn meter_powered(sys: &SystemInfo) -> bool {
    sys.device
        .plug
        .as_ref()
        .and_then(|p| p.v_usb)
        .is_some_and(|v| v < 4.0)
}

/// The device is answering from its own access point (the docs do not name this mode; real devices
/// and the simulator report `.wifi.mode` `AP`).
pub(super) fn on_access_point(sys: &SystemInfo) -> bool {
    sys.wifi.as_ref().and_then(|w| w.mode.as_deref()) == Some("AP")
}

/// A network cable is in and up: the device is on the home network whatever its Wi-Fi does.
pub(crate) fn wired(sys: &SystemInfo) -> bool {
    sys.ethernet
        .as_ref()
        .is_some_and(|e| e.status.as_deref() == Some("Up"))
}

fn network_of(sys: &SystemInfo) -> String {
    let wifi = sys.wifi.clone().unwrap_or_default();
    match (on_access_point(sys), wired(sys)) {
        (_, true) => "network cable".into(),
        (true, false) => "its own Wi-Fi".into(),
        (false, false) => format!("Wi-Fi {}", wifi.ssid.unwrap_or_default()),
    }
}
