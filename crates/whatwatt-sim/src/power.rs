//! Power and network: serves HTTP on the current addresses, reboots on request, moves from the setup
//! access point to the station address (Wi-Fi, WPS, a cable), and keeps the mDNS advertisement in
//! step. One task, owned by [`crate::SimDevice`], stopped by its cancellation token.

use crate::device::{boot, Ctl, Shared, WifiLink};
use crate::mdns::Advertiser;
use crate::server::Server;
use crate::state::DeviceState;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use whatwatt::Secret;

struct Power {
    shared: Arc<Shared>,
    router: axum::Router,
    cancel: CancellationToken,
    advertiser: Advertiser,
    ap: Option<Server>,
    station: Option<Server>,
    /// Where the access point comes back after a power cycle while the device has no station.
    ap_home: Option<SocketAddr>,
}

pub async fn run_power(
    shared: Arc<Shared>,
    router: axum::Router,
    first: TcpListener,
    mut ctl: mpsc::UnboundedReceiver<Ctl>,
    advertiser: Advertiser,
    cancel: CancellationToken,
) {
    let first = Server::start(first, router.clone(), &cancel);
    let setup_mode = shared.cfg.setup_mode;
    let mut p = Power {
        ap_home: setup_mode.then_some(first.addr),
        ap: None,
        station: None,
        shared,
        router,
        cancel,
        advertiser,
    };
    if setup_mode {
        p.ap = Some(first);
    } else {
        p.station = Some(first);
    }
    boot(&p.shared);
    if p.ap.is_some() && p.shared.cfg.ethernet && p.shared.state().eth.enable != Some(false) {
        // Wired: on the home network at once; the access point stays while Wi-Fi is unconfigured.
        p.station = p.open_station().await;
    }
    p.advertise();
    loop {
        let cmd = tokio::select! {
            _ = p.cancel.cancelled() => break,
            c = ctl.recv() => match c { Some(c) => c, None => break },
        };
        match cmd {
            Ctl::Reboot | Ctl::Restore => {
                if !p.power_cycle(cmd == Ctl::Restore).await {
                    break;
                }
            }
            Ctl::WifiConfigured => p.wifi_configured().await,
            // Only while joined: a factory reset during the linger keeps the access point it reopened.
            Ctl::CloseAp(n) if p.shared.rt().lingers_for(n) => p.close_ap().await,
            Ctl::CloseAp(_) => {}
            Ctl::WpsStarted => p.wps_started(),
            Ctl::RouterWps => p.router_wps().await,
            Ctl::WpsTimeout(n) => p.wps_timeout(n).await,
            Ctl::BroadcastChanged => p.advertise(),
        }
    }
    p.advertiser.withdraw();
    stop(p.ap).await;
    stop(p.station).await;
}

impl Power {
    /// A reboot, or with `restore` a factory reset first. `false`: the device was stopped meanwhile.
    async fn power_cycle(&mut self, restore: bool) -> bool {
        let shared = self.shared.clone();
        if restore {
            *shared.state() = DeviceState::factory(&shared.id);
        }
        shared.rt().up = false;
        self.advertiser.withdraw();
        let unjoined = {
            let mut rt = shared.rt();
            // Timers from before the power cycle (a WPS window, an access point's linger) end
            // nothing after it.
            rt.wps_until = None;
            rt.wps_windows += 1;
            rt.joins += 1;
            // A power cycle turns Wi-Fi back on; a factory reset forgets the network, and a device
            // that was set up from its access point opens it again.
            if rt.wifi == WifiLink::Off || (restore && self.ap_home.is_some()) {
                rt.wifi = WifiLink::Unconfigured;
            }
            rt.wifi != WifiLink::Joined
        };
        let mut st_addr = stop(self.station.take()).await;
        if unjoined && !shared.cfg.ethernet {
            st_addr = None;
            shared.addrs.send_modify(|a| a.station = None);
        }
        let ap_addr = stop(self.ap.take())
            .await
            .or(self.ap_home.filter(|_| unjoined));
        shared.live_gen.send_modify(|g| *g += 1);
        tokio::select! {
            _ = self.cancel.cancelled() => return false,
            _ = tokio::time::sleep(shared.cfg.reboot_downtime) => {}
        }
        self.ap = rebind(ap_addr, &self.router, &self.cancel).await;
        self.station = rebind(st_addr, &self.router, &self.cancel).await;
        shared.addrs.send_replace(crate::device::Addrs {
            ap: self.ap.as_ref().map(|s| s.addr),
            station: self.station.as_ref().map(|s| s.addr),
        });
        boot(&shared);
        shared.config_changed();
        self.advertise();
        true
    }

    /// Station Wi-Fi was configured: joined with the right password, else back on the access point
    /// with the failure in `.wifi.status`.
    async fn wifi_configured(&mut self) {
        // Already on the home network: the docs do not say what a new configuration does to a
        // joined device; it stays where it is.
        if self.shared.rt().wifi == WifiLink::Joined {
            return;
        }
        let joined = {
            let st = self.shared.state();
            let w = &st.wifi_sta;
            crate::wifi::join(
                &self.shared.cfg.wifi_password,
                w.name.as_deref().unwrap_or_default(),
                w.password.as_ref().map(|p| p.expose()),
            )
        };
        match joined {
            Ok(_) => {
                self.joined_wifi().await;
                self.advertise();
            }
            Err(why) => self.shared.rt().wifi = WifiLink::Failed(why),
        }
    }

    async fn close_ap(&mut self) {
        stop(self.ap.take()).await;
        self.shared.addrs.send_modify(|a| a.ap = None);
    }

    /// A pairing window opened: with `wps_router_pressed` someone presses the router's button half
    /// way in (at most half a second); the window times out after `wps_window` either way.
    fn wps_started(&mut self) {
        let n = {
            let mut rt = self.shared.rt();
            rt.wps_windows += 1;
            rt.wps_windows
        };
        let window = self.shared.cfg.wps_window;
        if self.shared.cfg.wps_router_pressed {
            self.send_after(window.min(Duration::from_secs(1)) / 2, Ctl::RouterWps);
        }
        self.send_after(window, Ctl::WpsTimeout(n));
    }

    /// The router's button pressed while the window is open: paired with the simulated home network.
    async fn router_wps(&mut self) {
        if self.shared.rt().wps_until.take().is_none() {
            return;
        }
        let home = crate::wifi::wps_network();
        {
            let mut st = self.shared.state();
            st.wifi_sta.enable = Some(true);
            st.wifi_sta.name = Some(home.ssid.into());
            st.wifi_sta.password = Some(Secret::new(self.shared.cfg.wifi_password.clone()));
        }
        self.shared.config_changed();
        if self.shared.rt().wifi != WifiLink::Joined {
            self.joined_wifi().await;
            self.advertise();
        }
    }

    /// The `n`-th window ended unpaired (docs: wps): paired before, the device keeps its old
    /// settings; from the access point, Wi-Fi turns off until a power cycle.
    async fn wps_timeout(&mut self, n: u64) {
        {
            let mut rt = self.shared.rt();
            if rt.wps_windows != n || rt.wps_until.take().is_none() {
                return;
            }
        }
        if self.shared.rt().wifi != WifiLink::Joined {
            self.shared.rt().wifi = WifiLink::Off;
            self.close_ap().await;
        }
    }

    /// Wi-Fi joined the home network: the device is reachable there (a wired device already was),
    /// and the access point lingers for `ap_linger`, then closes.
    async fn joined_wifi(&mut self) {
        let join = {
            let mut rt = self.shared.rt();
            rt.wifi = WifiLink::Joined;
            rt.joins += 1;
            rt.joins
        };
        if self.station.is_none() {
            self.station = self.open_station().await;
        }
        self.send_after(self.shared.cfg.ap_linger, Ctl::CloseAp(join));
    }

    /// Opens the station address (a new port on the same IP on this machine).
    async fn open_station(&self) -> Option<Server> {
        let ip = self.shared.cfg.bind.ip();
        match TcpListener::bind(SocketAddr::new(ip, 0)).await {
            Ok(l) => {
                let s = Server::start(l, self.router.clone(), &self.cancel);
                self.shared.addrs.send_modify(|a| a.station = Some(s.addr));
                Some(s)
            }
            Err(e) => {
                tracing::warn!("cannot open the station address: {e}");
                None
            }
        }
    }

    fn advertise(&mut self) {
        let wanted = self.shared.cfg.mdns && self.shared.state().broadcast();
        match &self.station {
            Some(s) if wanted => self.advertiser.publish(&self.shared.id, s.addr),
            _ => self.advertiser.withdraw(),
        }
    }

    /// A timer: `msg` to this task after `after`, unless the device stops first. What it ends is
    /// checked when it arrives (a power cycle in between makes it void).
    fn send_after(&self, after: Duration, msg: Ctl) {
        let (tx, cancel) = (self.shared.ctl.clone(), self.cancel.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = cancel.cancelled() => {}
                _ = tokio::time::sleep(after) => { let _ = tx.send(msg); }
            }
        });
    }
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
