//! The running device: shared state, the meter clock and the network addresses the device is
//! reachable at (power and network changes: `power.rs`). Every task here is owned by [`crate::SimDevice`] and stops on its
//! cancellation token.

use crate::config::{License, SimConfig};
use crate::http::auth::NonceStore;
use crate::meter::{Link, Meter, Snapshot};
use crate::sdcard::{MeterIdent, SdCard};
use crate::state::DeviceState;
use chrono::{DateTime, Duration as ChronoDuration, FixedOffset, Utc};
use rand::Rng;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, watch};
use tokio_util::sync::CancellationToken;

/// Requests to the power/network task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctl {
    /// `/api/v1/reboot` or the end of a firmware upload.
    Reboot,
    /// `/api/v1/restore`: wipe, then reboot.
    Restore,
    /// Station Wi-Fi was configured (setup mode: move to the station address).
    WifiConfigured,
    /// The access point goes away after the move (the `n`-th join; a reboot makes older ones void).
    CloseAp(u64),
    /// `services.broadcast` changed.
    BroadcastChanged,
    /// `POST /api/v1/wifi/wps` opened a pairing window.
    WpsStarted,
    /// The router's WPS button was pressed.
    RouterWps,
    /// The pairing window opened `n`-th ended without a pairing.
    WpsTimeout(u64),
}

/// The station side of Wi-Fi, as `.wifi.status` and `.wifi.mode` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WifiLink {
    /// Not configured: the setup access point.
    Unconfigured,
    /// On the home network.
    Joined,
    /// The last join failed; the device stays on its access point.
    Failed(crate::wifi::JoinFailure),
    /// WPS started from the access point timed out: Wi-Fi is off until a power cycle (docs: wps).
    Off,
}

/// Where the device can be reached right now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Addrs {
    /// The setup access point (setup mode only, until the move).
    pub ap: Option<SocketAddr>,
    /// The address on the home network.
    pub station: Option<SocketAddr>,
}

impl Addrs {
    pub fn primary(&self) -> Option<SocketAddr> {
        self.station.or(self.ap)
    }
}

/// What changes at run time apart from the stored configuration.
#[derive(Debug)]
pub struct Runtime {
    pub up: bool,
    pub boot_at: Instant,
    pub boot_wall: DateTime<Utc>,
    pub boot_id: String,
    pub reports_since_boot: u64,
    pub latest: Option<Arc<Snapshot>>,
    pub link: Link,
    pub license: License,
    /// Tests can freeze the live stream (connection open, no events) to exercise stall detection.
    pub stalled: bool,
    pub wps_until: Option<Instant>,
    /// Pairing windows opened so far (a timeout only ends its own window).
    pub wps_windows: u64,
    /// Joins and power cycles so far (an access point's linger only ends for its own join).
    pub joins: u64,
    pub wifi: WifiLink,
}

impl Runtime {
    /// Whether the access point still lingers for the `join`-th join (no power cycle or new join
    /// since, and still joined).
    pub fn lingers_for(&self, join: u64) -> bool {
        self.joins == join && self.wifi == WifiLink::Joined
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct MqttStatus {
    pub enabled: bool,
    pub connected: bool,
    pub published: u64,
}

/// Counters tests use to prove protocol behaviour (e.g. that a Digest session is reused).
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: std::sync::atomic::AtomicU64,
    pub challenges: std::sync::atomic::AtomicU64,
    pub stale_challenges: std::sync::atomic::AtomicU64,
}

pub struct Shared {
    pub cfg: SimConfig,
    pub stats: Stats,
    pub id: String,
    pub state: Mutex<DeviceState>,
    pub rt: Mutex<Runtime>,
    pub meter: Mutex<Meter>,
    pub sd: Mutex<SdCard>,
    pub reports: broadcast::Sender<Arc<Snapshot>>,
    /// Bumped by every new live client: streams of older generations end (one SSE client at a time).
    pub live_gen: watch::Sender<u64>,
    pub nonces: Mutex<NonceStore>,
    pub mqtt: Mutex<MqttStatus>,
    /// Bumped on every configuration write, so background services re-read it.
    pub config_version: watch::Sender<u64>,
    pub ctl: mpsc::UnboundedSender<Ctl>,
    pub addrs: watch::Sender<Addrs>,
    /// A firmware upload holds the device's one update slot.
    pub updating: std::sync::atomic::AtomicBool,
    /// The super-capacitor is low (starts as `SimConfig::scap_sag`).
    pub scap_sag: std::sync::atomic::AtomicBool,
    /// Every configuration write received (tests read what a client sent).
    pub writes: Mutex<Vec<crate::http::ConfigWrite>>,
}

/// Locks ignoring poisoning: a panicking handler must not take the whole device down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    pub fn state(&self) -> MutexGuard<'_, DeviceState> {
        lock(&self.state)
    }
    pub fn rt(&self) -> MutexGuard<'_, Runtime> {
        lock(&self.rt)
    }
    pub fn license(&self) -> License {
        self.rt().license
    }
    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.cfg.utc_offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()))
    }
    /// The device's clock (simulated; starts at the configured start time).
    pub fn now(&self) -> DateTime<Utc> {
        lock(&self.meter).now()
    }
    pub fn uptime_s(&self) -> f64 {
        self.rt().boot_at.elapsed().as_secs_f64()
    }
    /// Digest realm: the host name as on the network (`whatwatt-XXXXXX.local`, docs: digest-cheatsheet).
    pub fn realm(&self) -> String {
        format!("{}.local", self.state().host_name().replace('_', "-"))
    }
    pub fn meter_ident(&self) -> String {
        format!(
            "{}{}",
            self.cfg.meter.prefix,
            1_030_000_000_000u64 + self.cfg.seed % 1_000_000
        )
    }
    /// Changes the meter (a key, a fault) and lets `.meter.status` follow at once rather than at the
    /// next report; the status is written under the meter lock, as the meter task writes it.
    pub fn change_meter(&self, f: impl FnOnce(&mut Meter)) {
        let mut meter = lock(&self.meter);
        f(&mut meter);
        self.rt().link = meter.link();
    }

    pub fn config_changed(&self) {
        self.config_version.send_modify(|v| *v += 1);
    }
}

pub fn new_shared(cfg: SimConfig, ctl: mpsc::UnboundedSender<Ctl>, addrs: Addrs) -> Arc<Shared> {
    let id = cfg.id();
    let start = cfg.start.unwrap_or_else(Utc::now);
    let offset = FixedOffset::east_opt(cfg.utc_offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()));
    let mut meter = Meter::new(
        cfg.seed,
        cfg.meter.phases,
        cfg.interval(),
        start,
        offset,
        cfg.key_required,
        cfg.meter_fault,
    );
    let mut sd = SdCard::new();
    if cfg.sd_card && cfg.history_days > 0 {
        let ident = format!(
            "{}{}",
            cfg.meter.prefix,
            1_030_000_000_000u64 + cfg.seed % 1_000_000
        );
        let m = MeterIdent {
            ident: &ident,
            interface: cfg.meter.interface,
            protocol: cfg.meter.protocol,
        };
        meter.backfill(
            ChronoDuration::days(i64::from(cfg.history_days)),
            60.0,
            900.0,
            |s| sd.append(s, &m),
        );
    }
    let (reports, _) = broadcast::channel(256);
    Arc::new(Shared {
        state: Mutex::new(DeviceState::initial(&id, &cfg)),
        rt: Mutex::new(Runtime {
            up: false,
            boot_at: Instant::now(),
            boot_wall: start,
            boot_id: String::new(),
            reports_since_boot: 0,
            latest: None,
            link: Link::NotConnected,
            license: cfg.license,
            stalled: false,
            wps_until: None,
            wps_windows: 0,
            joins: 0,
            wifi: if cfg.setup_mode {
                WifiLink::Unconfigured
            } else {
                WifiLink::Joined
            },
        }),
        meter: Mutex::new(meter),
        sd: Mutex::new(sd),
        reports,
        live_gen: watch::channel(0).0,
        nonces: Mutex::new(NonceStore::new(cfg.nonce_lifetime)),
        mqtt: Mutex::new(MqttStatus::default()),
        config_version: watch::channel(0).0,
        ctl,
        addrs: watch::channel(addrs).0,
        updating: std::sync::atomic::AtomicBool::new(false),
        scap_sag: std::sync::atomic::AtomicBool::new(cfg.scap_sag),
        writes: Mutex::new(Vec::new()),
        stats: Stats::default(),
        id,
        cfg,
    })
}

/// The meter clock: one tick per report interval, for the device's whole life (the meter keeps
/// measuring while the device reboots; reports are only published while it is up).
pub async fn run_meter(shared: Arc<Shared>, cancel: CancellationToken) {
    let period = Duration::from_secs_f64(shared.cfg.interval());
    let mut ticker = tokio::time::interval(period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut since_sd_row = f64::MAX;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = ticker.tick() => {}
        }
        let next_id = {
            let rt = shared.rt();
            rt.reports_since_boot + 1
        };
        let mut m = lock(&shared.meter);
        let snap = m.tick(next_id);
        let mut rt = shared.rt();
        // Written under the meter lock: a key stored meanwhile cannot be overwritten by an older status.
        rt.link = m.link();
        drop(m);
        let Some(mut snap) = snap.filter(|_| rt.up) else {
            continue;
        };
        snap.published = Some(std::time::Instant::now());
        let snap = Arc::new(snap);
        rt.reports_since_boot = next_id;
        rt.latest = Some(snap.clone());
        drop(rt);
        let _ = shared.reports.send(snap.clone());
        let (sd_on, freq) = {
            let st = shared.state();
            let sd = st
                .settings
                .services
                .as_ref()
                .and_then(|s| s.sd.clone())
                .unwrap_or_default();
            (
                sd.enable.unwrap_or(false),
                f64::from(sd.frequency.unwrap_or(15)),
            )
        };
        if shared.cfg.sd_card && sd_on {
            since_sd_row = if since_sd_row == f64::MAX {
                freq
            } else {
                since_sd_row + snap.interval_s
            };
            if since_sd_row >= freq {
                since_sd_row = 0.0;
                let ident = shared.meter_ident();
                lock(&shared.sd).append(
                    &snap,
                    &MeterIdent {
                        ident: &ident,
                        interface: shared.cfg.meter.interface,
                        protocol: shared.cfg.meter.protocol,
                    },
                );
            }
        } else {
            since_sd_row = f64::MAX;
        }
    }
}

/// The device (re)starts: a new boot id, uptime from now.
pub(crate) fn boot(shared: &Shared) {
    // Like real firmware, a (re)started device knows none of the nonces it issued before: a client's
    // next request gets a plain 401 with a fresh challenge (not `stale=true`).
    *lock(&shared.nonces) = NonceStore::new(shared.cfg.nonce_lifetime);
    // Locks are taken meter first, then runtime, everywhere (the meter task holds both).
    let wall = lock(&shared.meter).now();
    let mut rt = shared.rt();
    rt.up = true;
    rt.boot_at = Instant::now();
    rt.boot_wall = wall;
    rt.boot_id = format!("{:08X}", rand::rng().random::<u32>());
    rt.reports_since_boot = 0;
    rt.latest = None;
}
