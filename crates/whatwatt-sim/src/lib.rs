//! A simulated whatwatt Go: the device's REST API, SSE live stream, Digest/Basic auth, licence gating,
//! mDNS advertisement, MQTT publishing and SD-card log, driven by a seeded household-with-solar meter.
//!
//! It is a device, not a mock: it listens on real sockets. Spawn one per test on `127.0.0.1:0`.

mod config;
mod device;
mod http;
mod mdns;
pub mod meter;
mod mqtt;
mod power;
mod sdcard;
mod server;
mod state;
pub mod template;
#[cfg(feature = "testkit")]
pub mod testkit;
mod validate;
mod wifi;

pub use config::{AuthScheme, License, MeterPreset, SimConfig};
pub use http::ConfigWrite;
pub use meter::{Link, MeterFault, Snapshot};

use device::{Addrs, Ctl, Shared};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A running simulated device. Dropping it stops every task and closes every socket; prefer
/// [`SimDevice::shutdown`] to also wait for that.
pub struct SimDevice {
    shared: Arc<Shared>,
    addrs: watch::Receiver<Addrs>,
    cancel: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl SimDevice {
    /// Starts a device; mDNS follows `WATTDESK_MDNS` when `config.mdns` is set.
    pub async fn spawn(config: SimConfig) -> std::io::Result<SimDevice> {
        let daemon = if config.mdns {
            whatwatt::MdnsPolicy::from_env()
                .and_then(|p| p.daemon())
                .map_err(|e| std::io::Error::other(e.to_string()))?
        } else {
            None
        };
        SimDevice::spawn_with_mdns(config, daemon).await
    }

    /// Starts a device advertising on `daemon` (share one daemon between many devices).
    pub async fn spawn_with_mdns(
        config: SimConfig,
        daemon: Option<mdns_sd::ServiceDaemon>,
    ) -> std::io::Result<SimDevice> {
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let addrs = if config.setup_mode {
            Addrs {
                ap: Some(addr),
                station: None,
            }
        } else {
            Addrs {
                ap: None,
                station: Some(addr),
            }
        };
        let (ctl_tx, ctl_rx) = mpsc::unbounded_channel();
        let daemon = daemon.filter(|_| config.mdns);
        let shared = device::new_shared(config, ctl_tx, addrs);
        let cancel = CancellationToken::new();
        let router = http::router(shared.clone());
        let tasks = vec![
            tokio::spawn(device::run_meter(shared.clone(), cancel.clone())),
            tokio::spawn(power::run_power(
                shared.clone(),
                router,
                listener,
                ctl_rx,
                mdns::Advertiser::new(daemon),
                cancel.clone(),
            )),
            tokio::spawn(mqtt::run(shared.clone(), cancel.clone())),
        ];
        Ok(SimDevice {
            addrs: shared.addrs.subscribe(),
            shared,
            cancel,
            tasks,
        })
    }

    /// The 12-hex-digit device id (TXT `id`, `.device.id`).
    pub fn id(&self) -> &str {
        &self.shared.id
    }

    /// Where the device answers now: its station address, or the access point in setup mode.
    pub fn addr(&self) -> SocketAddr {
        let a = self.addrs.borrow().clone();
        a.primary().unwrap_or(self.shared.cfg.bind)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// The setup access point's address while the device has one.
    pub fn setup_addr(&self) -> Option<SocketAddr> {
        self.addrs.borrow().ap
    }

    /// Waits until the device has joined the home network and returns its station address.
    pub async fn station_addr(&self) -> SocketAddr {
        let mut rx = self.addrs.clone();
        loop {
            if let Some(a) = rx.borrow_and_update().station {
                return a;
            }
            if rx.changed().await.is_err() {
                return self.shared.cfg.bind;
            }
        }
    }

    /// The latest report the device published.
    pub fn latest(&self) -> Option<Arc<Snapshot>> {
        self.shared.rt().latest.clone()
    }

    /// Every report as the device publishes it.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Snapshot>> {
        self.shared.reports.subscribe()
    }

    /// Live streams (`/api/v1/live`) opened since the device started: each new one ended the one
    /// before (one client at a time).
    pub fn live_connections(&self) -> u64 {
        *self.shared.live_gen.borrow()
    }

    /// Power-cycles the device (like `/api/v1/reboot`).
    pub fn reboot(&self) {
        let _ = self.shared.ctl.send(Ctl::Reboot);
    }

    /// When the device last finished booting (it answers HTTP from then on).
    pub fn booted_at(&self) -> std::time::Instant {
        self.shared.rt().boot_at
    }

    /// Is the device serving HTTP right now (false while rebooting)?
    pub fn is_up(&self) -> bool {
        self.shared.rt().up
    }

    /// Changes the licence at run time (e.g. an upgrade to PLUS).
    pub fn set_license(&self, license: License) {
        self.shared.rt().license = license;
        self.shared.config_changed();
    }

    /// Presses the simulated router's WPS button: a device with an open pairing window joins the home
    /// network (as with `wps_router_pressed`, but when the test decides).
    pub fn press_router_wps(&self) {
        let _ = self.shared.ctl.send(Ctl::RouterWps);
    }

    /// Breaks the meter link (`Some`) or mends it (`None`: the cable plugged in, the customer
    /// interface opened); the device then recognises the meter again.
    pub fn set_meter_fault(&self, fault: Option<MeterFault>) {
        self.shared.change_meter(|meter| meter.set_fault(fault));
    }

    /// Freezes (`true`) or resumes the live stream without closing it.
    pub fn set_stalled(&self, stalled: bool) {
        self.shared.rt().stalled = stalled;
    }

    /// Whether the device's MQTT client is connected to its broker, and how many messages it sent.
    pub fn mqtt_status(&self) -> (bool, u64) {
        let s = *device::lock(&self.shared.mqtt);
        (s.connected, s.published)
    }

    /// The rendered value of a template variable right now (e.g. `1_7_0`).
    pub fn variable(&self, name: &str) -> Option<String> {
        let vars = http::read::variables_list(&self.shared);
        http::read::lookup(&vars, name)
    }

    /// `(requests, auth challenges, stale challenges)` the HTTP server has seen.
    pub fn auth_stats(&self) -> (u64, u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let s = &self.shared.stats;
        (
            s.requests.load(Relaxed),
            s.challenges.load(Relaxed),
            s.stale_challenges.load(Relaxed),
        )
    }

    /// Makes the super-capacitor sag below 4.5 V, or recover.
    pub fn set_scap_sag(&self, sag: bool) {
        self.shared
            .scap_sag
            .store(sag, std::sync::atomic::Ordering::Relaxed);
    }

    /// The configuration writes (PUT/POST to `/api/v1/...`) received so far, oldest first; clears them.
    pub fn take_config_writes(&self) -> Vec<http::ConfigWrite> {
        std::mem::take(&mut *device::lock(&self.shared.writes))
    }

    /// Makes every Digest nonce issued so far stale, as if its lifetime had passed.
    pub fn expire_nonces(&self) {
        device::lock(&self.shared.nonces).expire_all();
    }

    /// Stops the device and waits until all its tasks have ended.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        for t in self.tasks.drain(..) {
            let _ = t.await;
        }
    }
}

impl Drop for SimDevice {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
