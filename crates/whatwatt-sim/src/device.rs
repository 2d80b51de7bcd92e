//! The running device: shared state, the meter clock, power (boot/reboot) and the network addresses
//! the device is reachable at. Every task here is owned by [`crate::SimDevice`] and stops on its
//! cancellation token.

use crate::config::{License, SimConfig};
use crate::http::auth::NonceStore;
use crate::mdns::Advertiser;
use crate::meter::{Link, Meter, Snapshot};
use crate::sdcard::{MeterIdent, SdCard};
use crate::server::Server;
use crate::state::DeviceState;
use chrono::{DateTime, Duration as ChronoDuration, FixedOffset, Utc};
use rand::Rng;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, watch};
use tokio_util::sync::CancellationToken;
use whatwatt::Secret;

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

fn boot(shared: &Shared) {
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

/// Power and network: serves HTTP on the current addresses, reboots on request, moves from the setup
/// access point to the station address, and keeps the mDNS advertisement in step.
pub async fn run_power(
    shared: Arc<Shared>,
    router: axum::Router,
    first: TcpListener,
    mut ctl: mpsc::UnboundedReceiver<Ctl>,
    mut advertiser: Advertiser,
    cancel: CancellationToken,
) {
    let mut ap: Option<Server> = None;
    let mut station: Option<Server> = None;
    let first = Server::start(first, router.clone(), &cancel);
    // Where the access point comes back after a power cycle while the device has no station.
    let ap_home = shared.cfg.setup_mode.then_some(first.addr);
    if shared.cfg.setup_mode {
        ap = Some(first);
    } else {
        station = Some(first);
    }
    boot(&shared);
    if ap.is_some() && shared.cfg.ethernet && shared.state().eth.enable != Some(false) {
        // Wired: on the home network at once; the access point stays while Wi-Fi is unconfigured.
        station = open_station(&shared, &router, &cancel).await;
    }
    advertise(&shared, &mut advertiser, station.as_ref());
    loop {
        let cmd = tokio::select! {
            _ = cancel.cancelled() => break,
            c = ctl.recv() => match c { Some(c) => c, None => break },
        };
        match cmd {
            Ctl::Reboot | Ctl::Restore => {
                if cmd == Ctl::Restore {
                    let mut st = shared.state();
                    *st = DeviceState::factory(&shared.id);
                }
                shared.rt().up = false;
                advertiser.withdraw();
                let unjoined = {
                    let mut rt = shared.rt();
                    // Timers from before the power cycle (a WPS window, an access point's linger)
                    // end nothing after it.
                    rt.wps_until = None;
                    rt.wps_windows += 1;
                    rt.joins += 1;
                    // A power cycle turns Wi-Fi back on; a factory reset forgets the network, and a
                    // device that was set up from its access point opens it again.
                    if rt.wifi == WifiLink::Off || (cmd == Ctl::Restore && ap_home.is_some()) {
                        rt.wifi = WifiLink::Unconfigured;
                    }
                    rt.wifi != WifiLink::Joined
                };
                let mut st_addr = stop(station.take()).await;
                if unjoined && !shared.cfg.ethernet {
                    st_addr = None;
                    shared.addrs.send_modify(|a| a.station = None);
                }
                let ap_addr = stop(ap.take()).await.or(ap_home.filter(|_| unjoined));
                shared.live_gen.send_modify(|g| *g += 1);
                tokio::select! {
                    _ = cancel.cancelled() => break,
                    _ = tokio::time::sleep(shared.cfg.reboot_downtime) => {}
                }
                ap = rebind(ap_addr, &router, &cancel).await;
                station = rebind(st_addr, &router, &cancel).await;
                shared.addrs.send_replace(Addrs {
                    ap: ap.as_ref().map(|s| s.addr),
                    station: station.as_ref().map(|s| s.addr),
                });
                boot(&shared);
                shared.config_changed();
                advertise(&shared, &mut advertiser, station.as_ref());
            }
            Ctl::WifiConfigured if shared.rt().wifi != WifiLink::Joined => {
                let joined = {
                    let st = shared.state();
                    let w = &st.wifi_sta;
                    crate::wifi::join(
                        &shared.cfg.wifi_password,
                        w.name.as_deref().unwrap_or_default(),
                        w.password.as_ref().map(|p| p.expose()),
                    )
                };
                match joined {
                    Ok(_) => {
                        joined_wifi(&shared, &mut station, &router, &cancel).await;
                        advertise(&shared, &mut advertiser, station.as_ref());
                    }
                    Err(why) => shared.rt().wifi = WifiLink::Failed(why),
                }
            }
            // Already on the home network: the docs do not say what a new configuration does to a
            // joined device; it stays where it is.
            Ctl::WifiConfigured => {}
            // Only while joined: a factory reset during the linger keeps the access point it reopened.
            Ctl::CloseAp(n) if shared.rt().lingers_for(n) => {
                stop(ap.take()).await;
                shared.addrs.send_modify(|a| a.ap = None);
            }
            Ctl::CloseAp(_) => {}
            Ctl::WpsStarted => {
                let n = {
                    let mut rt = shared.rt();
                    rt.wps_windows += 1;
                    rt.wps_windows
                };
                let (tx, window) = (shared.ctl.clone(), shared.cfg.wps_window);
                let press = shared.cfg.wps_router_pressed;
                let c = cancel.clone();
                tokio::spawn(async move {
                    if press {
                        // Someone walks to the router and presses its button.
                        tokio::select! {
                            _ = c.cancelled() => return,
                            _ = tokio::time::sleep(window.min(Duration::from_secs(1)) / 2) => {}
                        }
                        let _ = tx.send(Ctl::RouterWps);
                    }
                    tokio::select! {
                        _ = c.cancelled() => {}
                        _ = tokio::time::sleep(window) => { let _ = tx.send(Ctl::WpsTimeout(n)); }
                    }
                });
            }
            Ctl::RouterWps => {
                if shared.rt().wps_until.take().is_none() {
                    continue;
                }
                let home = crate::wifi::wps_network();
                {
                    let mut st = shared.state();
                    st.wifi_sta.enable = Some(true);
                    st.wifi_sta.name = Some(home.ssid.into());
                    st.wifi_sta.password = Some(Secret::new(shared.cfg.wifi_password.clone()));
                }
                shared.config_changed();
                if shared.rt().wifi != WifiLink::Joined {
                    joined_wifi(&shared, &mut station, &router, &cancel).await;
                    advertise(&shared, &mut advertiser, station.as_ref());
                }
            }
            Ctl::WpsTimeout(n) => {
                {
                    let mut rt = shared.rt();
                    if rt.wps_windows != n || rt.wps_until.take().is_none() {
                        continue;
                    }
                }
                // Paired before: it keeps its old settings. From the access point: Wi-Fi turns off.
                if shared.rt().wifi != WifiLink::Joined {
                    shared.rt().wifi = WifiLink::Off;
                    stop(ap.take()).await;
                    shared.addrs.send_modify(|a| a.ap = None);
                }
            }
            Ctl::BroadcastChanged => advertise(&shared, &mut advertiser, station.as_ref()),
        }
    }
    advertiser.withdraw();
    stop(ap).await;
    stop(station).await;
}

/// Opens the station address (a new port on the same IP on this machine).
async fn open_station(
    shared: &Shared,
    router: &axum::Router,
    cancel: &CancellationToken,
) -> Option<Server> {
    let ip = shared.cfg.bind.ip();
    match TcpListener::bind(SocketAddr::new(ip, 0)).await {
        Ok(l) => {
            let s = Server::start(l, router.clone(), cancel);
            shared.addrs.send_modify(|a| a.station = Some(s.addr));
            Some(s)
        }
        Err(e) => {
            tracing::warn!("cannot open the station address: {e}");
            None
        }
    }
}

/// Wi-Fi joined the home network: the device is reachable there (a wired device already was), and
/// the access point lingers for `ap_linger`, then closes.
async fn joined_wifi(
    shared: &Shared,
    station: &mut Option<Server>,
    router: &axum::Router,
    cancel: &CancellationToken,
) {
    let join = {
        let mut rt = shared.rt();
        rt.wifi = WifiLink::Joined;
        rt.joins += 1;
        rt.joins
    };
    if station.is_none() {
        *station = open_station(shared, router, cancel).await;
    }
    let (tx, linger) = (shared.ctl.clone(), shared.cfg.ap_linger);
    let c = cancel.clone();
    tokio::spawn(async move {
        tokio::select! {
            _ = c.cancelled() => {}
            _ = tokio::time::sleep(linger) => { let _ = tx.send(Ctl::CloseAp(join)); }
        }
    });
}

async fn stop(server: Option<Server>) -> Option<SocketAddr> {
    match server {
        Some(s) => Some(s.stop().await),
        None => None,
    }
}

async fn rebind(
    addr: Option<SocketAddr>,
    router: &axum::Router,
    cancel: &CancellationToken,
) -> Option<Server> {
    let addr = addr?;
    // The port was ours a moment ago; retry briefly in case the OS has not released it yet.
    for _ in 0..50 {
        match TcpListener::bind(addr).await {
            Ok(l) => return Some(Server::start(l, router.clone(), cancel)),
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    tracing::warn!("could not re-open {addr} after reboot");
    None
}

fn advertise(shared: &Shared, adv: &mut Advertiser, station: Option<&Server>) {
    let wanted = shared.cfg.mdns && shared.state().broadcast();
    match station {
        Some(s) if wanted => adv.publish(&shared.id, s.addr),
        _ => adv.withdraw(),
    }
}
