//! The app's brain without a window: saved meters, their passwords, discovery, one live session per
//! meter and the demo meter. One [`App`] per process; cheap to clone; [`App::shutdown`] stops every task.

use crate::demo::DemoMeter;
use crate::error::{AppError, CoreError, Result};
use crate::paths::Paths;
use crate::registry::{Registry, SavedMeter};
use crate::secrets::SecretStore;
use crate::session::{SessionEvent, SessionState, Timing};
use crate::supervisor::Supervisor;
use crate::views::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use whatwatt::{DiscoveredDevice, MdnsPolicy, ProbeOutcome, Secret};

/// How long a probe may take before a device counts as unreachable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(4);
/// Discovery runs this long after start-up to refresh the addresses of saved meters.
const STARTUP_DISCOVERY: Duration = Duration::from_secs(60);

/// Whether to run the demo meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoMode {
    /// On first run with no saved meters, or when a demo meter is saved.
    Auto,
    /// Always (`wattdesk --demo`).
    On,
    Off,
}

#[derive(Debug, Clone)]
pub struct AppOptions {
    pub config_dir: Option<PathBuf>,
    pub demo: DemoMode,
    pub mdns: MdnsPolicy,
    /// Session timings (defaults suit real devices).
    pub timing: Timing,
}

/// Something the UI should hear about.
#[derive(Debug, Clone)]
pub enum CoreEvent {
    Discovery(DiscoveryEvent),
    MetersChanged(Vec<MeterView>),
    /// Internal: a session changed something the Meters view shows (relayed as `MetersChanged`).
    Refresh,
}

struct Inner {
    paths: Paths,
    mdns: MdnsPolicy,
    registry: Mutex<Registry>,
    secrets: SecretStore,
    supervisor: Supervisor,
    discovered: Mutex<BTreeMap<String, DiscoveredView>>,
    discovery: tokio::sync::Mutex<Discovery>,
    demo: tokio::sync::Mutex<Option<DemoMeter>>,
    events: broadcast::Sender<CoreEvent>,
    cancel: CancellationToken,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    feeds: Feeds,
    next_feed: std::sync::atomic::AtomicU64,
}

/// Running live feeds by id: how to stop each and its task.
type Feeds = Arc<Mutex<BTreeMap<u64, (CancellationToken, JoinHandle<()>)>>>;

#[derive(Default)]
struct Discovery {
    daemon: Option<mdns_sd::ServiceDaemon>,
    task: Option<(CancellationToken, JoinHandle<()>)>,
    view_open: bool,
    startup: bool,
}

#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    pub async fn start(opts: AppOptions) -> Result<App> {
        let paths = Paths::resolve(opts.config_dir);
        let registry = Registry::load(&paths.registry())?;
        let secrets = SecretStore::open(paths.secrets_file());
        let first_run = registry.first_run;
        let demo_saved = registry.meters().iter().any(|m| m.demo);
        let empty = registry.meters().is_empty();
        let (events, _) = broadcast::channel(256);
        let notify_events = events.clone();
        let notify: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            // Receivers rebuild the list themselves (see `App::meters`); a marker is enough here.
            let _ = notify_events.send(CoreEvent::Refresh);
        });
        let app = App {
            inner: Arc::new(Inner {
                paths,
                mdns: opts.mdns,
                registry: Mutex::new(registry),
                secrets,
                supervisor: Supervisor::new(opts.timing, notify),
                discovered: Mutex::new(BTreeMap::new()),
                discovery: tokio::sync::Mutex::new(Discovery::default()),
                demo: tokio::sync::Mutex::new(None),
                events,
                cancel: CancellationToken::new(),
                tasks: Mutex::new(Vec::new()),
                feeds: Arc::new(Mutex::new(BTreeMap::new())),
                next_feed: std::sync::atomic::AtomicU64::new(0),
            }),
        };
        match opts.demo {
            // `--demo`: the demo device runs so Discovery can find it; the user adds it.
            DemoMode::On if !demo_saved => {
                app.start_demo_device().await?;
            }
            DemoMode::Off => {}
            // First run with nothing saved: start and save it, so the app is never an empty window.
            _ if demo_saved || (first_run && empty) => {
                app.start_demo().await?;
            }
            _ => {}
        }
        let saved: Vec<SavedMeter> = lock(&app.inner.registry).meters().to_vec();
        for m in saved {
            app.watch(&m.device_id, &m.address);
        }
        let relay = tokio::spawn(app.clone().relay_refreshes());
        lock(&app.inner.tasks).push(relay);
        app.begin_startup_discovery().await;
        Ok(app)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.inner.events.subscribe()
    }

    pub fn info(&self) -> AppInfo {
        let reg = lock(&self.inner.registry);
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            secret_backend: self.inner.secrets.backend(),
            config_dir: self.inner.paths.config_dir.display().to_string(),
            mdns: match self.inner.mdns {
                MdnsPolicy::All => MdnsMode::All,
                MdnsPolicy::Loopback => MdnsMode::Loopback,
                MdnsPolicy::Off => MdnsMode::Off,
            },
            registry_recovered: reg.recovered_from.as_ref().map(|p| p.display().to_string()),
            demo_running: self
                .inner
                .demo
                .try_lock()
                .map(|d| d.is_some())
                .unwrap_or(true),
        }
    }

    pub fn meters(&self) -> Vec<MeterView> {
        let reg = lock(&self.inner.registry);
        reg.meters()
            .iter()
            .map(|m| {
                let p = self.inner.supervisor.presence(&m.device_id);
                let h = p.health.clone().unwrap_or_default();
                MeterView {
                    device_id: m.device_id.clone(),
                    name: m.name.clone(),
                    host_name: m.host_name.clone(),
                    address: m.address.clone(),
                    demo: m.demo,
                    has_password: m.has_password,
                    online: p.online,
                    connection: p.state.clone(),
                    health: p.health.clone(),
                    today: p.today.clone(),
                    firmware: h.firmware,
                    license: h.license,
                    meter_status: h.meter_status,
                    last_seen: p
                        .last_reading
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                        .or_else(|| m.last_seen.clone()),
                }
            })
            .collect()
    }

    fn meters_changed(&self) {
        let _ = self
            .inner
            .events
            .send(CoreEvent::MetersChanged(self.meters()));
    }

    /// Identifies the device at `address`, explaining precisely what is wrong if it is not usable.
    pub async fn probe(&self, address: &str, password: Option<String>) -> Result<ProbeView> {
        let password = password.filter(|p| !p.is_empty()).map(Secret::new);
        let outcome = whatwatt::probe(address, password, PROBE_TIMEOUT).await?;
        Ok(match outcome {
            ProbeOutcome::Device {
                device_id,
                system,
                protected,
            } => ProbeView::Device {
                device: self.view_of(&device_id, address, &system, protected),
            },
            ProbeOutcome::NeedsPassword => ProbeView::NeedsPassword,
            ProbeOutcome::WrongPassword => ProbeView::WrongPassword,
            ProbeOutcome::NotWhatwatt { detail } => ProbeView::NotWhatwatt { detail },
            ProbeOutcome::Unreachable { detail } => ProbeView::Unreachable { detail },
        })
    }

    fn view_of(
        &self,
        device_id: &str,
        address: &str,
        system: &whatwatt::models::system::SystemInfo,
        protected: bool,
    ) -> DiscoveredView {
        let short = &device_id[device_id.len().saturating_sub(6)..];
        let url = whatwatt::parse_address(address).ok();
        let port = url
            .as_ref()
            .and_then(|u| u.port_or_known_default())
            .unwrap_or(80);
        let host = url
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| address.to_owned());
        let saved = lock(&self.inner.registry).get(device_id).cloned();
        DiscoveredView {
            device_id: device_id.to_owned(),
            instance_name: format!("whatwatt Go {short} WebUI"),
            host_name: format!("whatwatt-{short}.local."),
            address: format!("{host}:{port}"),
            addresses: vec![host],
            port,
            firmware: system.device.firmware.clone(),
            license: system.device.license.as_ref().and_then(|l| l.kind.clone()),
            meter_status: system.meter.as_ref().and_then(|m| m.status.clone()),
            model: system.device.model.clone(),
            needs_password: protected,
            saved: saved.is_some(),
            demo: saved.is_some_and(|m| m.demo) || self.is_demo_id(device_id),
        }
    }

    fn is_demo_id(&self, device_id: &str) -> bool {
        self.inner
            .demo
            .try_lock()
            .ok()
            .and_then(|d| d.as_ref().map(|d| d.id() == device_id))
            .unwrap_or(false)
    }

    /// Adds the meter at `request.address` after checking it; the password goes to the secret store.
    pub async fn add_meter(&self, request: AddMeterRequest) -> Result<MeterView> {
        let password = request.password.clone().filter(|p| !p.is_empty());
        let outcome = whatwatt::probe(
            &request.address,
            password.clone().map(Secret::new),
            PROBE_TIMEOUT,
        )
        .await?;
        let (device_id, system, protected) = match outcome {
            ProbeOutcome::Device {
                device_id,
                system,
                protected,
            } => (device_id, system, protected),
            ProbeOutcome::NeedsPassword => {
                return Err(
                    whatwatt::Error::Unauthorized(whatwatt::AuthFailure::PasswordRequired).into(),
                )
            }
            ProbeOutcome::WrongPassword => {
                return Err(
                    whatwatt::Error::Unauthorized(whatwatt::AuthFailure::WrongPassword).into(),
                )
            }
            ProbeOutcome::NotWhatwatt { detail } => return Err(CoreError::NotWhatwatt(detail)),
            ProbeOutcome::Unreachable { detail } => {
                return Err(whatwatt::Error::Unreachable {
                    target: request.address.clone(),
                    reason: detail,
                }
                .into())
            }
        };
        if lock(&self.inner.registry).get(&device_id).is_some() {
            return Err(CoreError::AlreadyAdded);
        }
        let view = self.view_of(&device_id, &request.address, &system, protected);
        if let (true, Some(pw)) = (protected, &password) {
            self.inner
                .secrets
                .set(&device_id, &Secret::new(pw.clone()))?;
        }
        let name = request
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| system.device.name.clone().filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| {
                if view.demo {
                    "Demo meter".to_owned()
                } else {
                    format!(
                        "whatwatt Go {}",
                        &device_id[device_id.len().saturating_sub(6)..]
                    )
                }
            });
        let saved = SavedMeter {
            device_id: device_id.clone(),
            name,
            host_name: Some(view.host_name.clone()),
            address: view.address.clone(),
            has_password: protected,
            demo: view.demo,
            last_seen: Some(now()),
        };
        let address = saved.address.clone();
        lock(&self.inner.registry).update(|m| m.push(saved))?;
        self.watch(&device_id, &address);
        self.mark_saved(&device_id, true);
        self.meters_changed();
        self.meters()
            .into_iter()
            .find(|m| m.device_id == device_id)
            .ok_or(CoreError::UnknownMeter(device_id))
    }

    fn mark_saved(&self, device_id: &str, saved: bool) {
        let updated = {
            let mut d = lock(&self.inner.discovered);
            d.get_mut(device_id).map(|v| {
                v.saved = saved;
                v.clone()
            })
        };
        if let Some(device) = updated {
            let _ = self
                .inner
                .events
                .send(CoreEvent::Discovery(DiscoveryEvent::Found { device }));
        }
    }

    pub async fn remove_meter(&self, device_id: &str) -> Result<()> {
        let removed = lock(&self.inner.registry).update(|m| {
            let before = m.len();
            let demo = m.iter().any(|x| x.device_id == device_id && x.demo);
            m.retain(|x| x.device_id != device_id);
            (m.len() != before, demo)
        })?;
        if !removed.0 {
            return Err(CoreError::UnknownMeter(device_id.to_owned()));
        }
        self.inner.supervisor.stop(device_id).await;
        self.inner.secrets.delete(device_id)?;
        if removed.1 {
            if let Some(demo) = self.inner.demo.lock().await.take() {
                demo.stop().await;
            }
            let gone = lock(&self.inner.discovered).remove(device_id).is_some();
            if gone {
                let _ = self
                    .inner
                    .events
                    .send(CoreEvent::Discovery(DiscoveryEvent::Lost {
                        device_id: device_id.to_owned(),
                    }));
            }
        } else {
            self.mark_saved(device_id, false);
        }
        self.meters_changed();
        Ok(())
    }

    pub fn rename_meter(&self, device_id: &str, name: &str) -> Result<MeterView> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(
                whatwatt::Error::BadRequest("a name needs 1 to 64 characters".into()).into(),
            );
        }
        let found = lock(&self.inner.registry).update(|m| {
            m.iter_mut()
                .find(|x| x.device_id == device_id)
                .map(|x| x.name = name.to_owned())
                .is_some()
        })?;
        if !found {
            return Err(CoreError::UnknownMeter(device_id.to_owned()));
        }
        self.meters_changed();
        self.meters()
            .into_iter()
            .find(|m| m.device_id == device_id)
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))
    }

    /// Starts the demo device if it is not running; returns its id and address.
    async fn start_demo_device(&self) -> Result<(String, String)> {
        let mut slot = self.inner.demo.lock().await;
        if slot.is_none() {
            *slot = Some(DemoMeter::start(self.inner.mdns).await?);
        }
        let d = slot
            .as_ref()
            .ok_or_else(|| CoreError::Demo("not running".into()))?;
        Ok((d.id().to_owned(), d.address()))
    }

    /// Starts the demo meter (if not running) and saves it.
    pub async fn start_demo(&self) -> Result<MeterView> {
        let (id, address) = self.start_demo_device().await?;
        let existing = lock(&self.inner.registry).get(&id).cloned();
        match existing {
            Some(m) => {
                if m.address != address {
                    lock(&self.inner.registry).update(|all| {
                        if let Some(x) = all.iter_mut().find(|x| x.device_id == id) {
                            x.address = address.clone();
                        }
                    })?;
                }
                self.watch(&id, &address);
                self.meters_changed();
                self.meters()
                    .into_iter()
                    .find(|m| m.device_id == id)
                    .ok_or(CoreError::UnknownMeter(id))
            }
            None => {
                self.add_meter(AddMeterRequest {
                    address,
                    password: None,
                    name: Some("Demo meter".into()),
                })
                .await
            }
        }
    }

    /// The password stored for a saved meter.
    pub fn password(&self, device_id: &str) -> Option<Secret> {
        self.inner.secrets.get(device_id)
    }

    pub fn discovery_snapshot(&self) -> Vec<DiscoveredView> {
        lock(&self.inner.discovered).values().cloned().collect()
    }

    /// The Discovery view is open (`true`) or closed.
    pub async fn set_discovery_active(&self, active: bool) -> Result<()> {
        let mut d = self.inner.discovery.lock().await;
        d.view_open = active;
        self.apply_discovery(&mut d).await
    }

    async fn begin_startup_discovery(&self) {
        {
            let mut d = self.inner.discovery.lock().await;
            d.startup = true;
            if let Err(e) = self.apply_discovery(&mut d).await {
                tracing::warn!("discovery could not start: {e}");
            }
        }
        let app = self.clone();
        let t = tokio::spawn(async move {
            tokio::select! {
                _ = app.inner.cancel.cancelled() => return,
                _ = tokio::time::sleep(STARTUP_DISCOVERY) => {}
            }
            let mut d = app.inner.discovery.lock().await;
            d.startup = false;
            let _ = app.apply_discovery(&mut d).await;
        });
        lock(&self.inner.tasks).push(t);
    }

    async fn apply_discovery(&self, d: &mut Discovery) -> Result<()> {
        let want = d.view_open || d.startup;
        match (&d.task, want) {
            (None, true) => {
                if d.daemon.is_none() {
                    d.daemon = self.inner.mdns.daemon()?;
                }
                let Some(daemon) = d.daemon.clone() else {
                    return Ok(()); // mDNS off
                };
                let browser = whatwatt::Browser::start(&daemon)?;
                let cancel = self.inner.cancel.child_token();
                let task = tokio::spawn(self.clone().browse(browser, cancel.clone()));
                d.task = Some((cancel, task));
            }
            (Some(_), false) => {
                if let Some((cancel, task)) = d.task.take() {
                    cancel.cancel();
                    let _ = task.await;
                }
            }
            _ => {}
        }
        Ok(())
    }

    async fn browse(self, mut browser: whatwatt::Browser, cancel: CancellationToken) {
        loop {
            let ev = tokio::select! {
                _ = cancel.cancelled() => return,
                ev = browser.next() => match ev { Some(ev) => ev, None => return },
            };
            match ev {
                whatwatt::DiscoveryEvent::Found(dev) => {
                    let app = self.clone();
                    // Enrich with a probe; do not hold up the browser.
                    tokio::spawn(async move { app.found(dev).await });
                }
                whatwatt::DiscoveryEvent::Lost { device_id, .. } => {
                    if lock(&self.inner.discovered).remove(&device_id).is_some() {
                        let _ = self
                            .inner
                            .events
                            .send(CoreEvent::Discovery(DiscoveryEvent::Lost { device_id }));
                    }
                }
            }
        }
    }

    async fn found(&self, dev: DiscoveredDevice) {
        let Some(address) = dev.address() else { return };
        let password = self.inner.secrets.get(&dev.device_id);
        let probe = whatwatt::probe(&address, password, PROBE_TIMEOUT).await;
        let saved = lock(&self.inner.registry).get(&dev.device_id).cloned();
        let mut view = DiscoveredView {
            device_id: dev.device_id.clone(),
            instance_name: dev.instance_name.clone(),
            host_name: dev.host_name.clone(),
            address: address.clone(),
            addresses: dev.addresses.iter().map(|a| a.to_string()).collect(),
            port: dev.port,
            firmware: None,
            license: None,
            meter_status: None,
            model: None,
            needs_password: false,
            saved: saved.is_some(),
            demo: saved.as_ref().is_some_and(|m| m.demo) || self.is_demo_id(&dev.device_id),
        };
        match probe {
            Ok(ProbeOutcome::Device {
                system, protected, ..
            }) => {
                view.firmware = system.device.firmware.clone();
                view.license = system.device.license.as_ref().and_then(|l| l.kind.clone());
                view.meter_status = system.meter.as_ref().and_then(|m| m.status.clone());
                view.model = system.device.model.clone();
                view.needs_password = protected;
            }
            Ok(ProbeOutcome::NeedsPassword | ProbeOutcome::WrongPassword) => {
                view.needs_password = true
            }
            _ => {}
        }
        // A saved meter that moved (new DHCP lease): follow it by id.
        if let Some(m) = saved.filter(|m| m.address != address) {
            let moved = lock(&self.inner.registry).update(|all| {
                if let Some(x) = all.iter_mut().find(|x| x.device_id == m.device_id) {
                    x.address = address.clone();
                    x.host_name = Some(dev.host_name.clone());
                }
            });
            match moved {
                Ok(()) => {
                    self.watch(&m.device_id, &address);
                    self.meters_changed();
                }
                Err(e) => tracing::warn!("could not save the new address: {e}"),
            }
        }
        lock(&self.inner.discovered).insert(view.device_id.clone(), view.clone());
        let _ = self
            .inner
            .events
            .send(CoreEvent::Discovery(DiscoveryEvent::Found { device: view }));
    }

    /// (Re)starts the live session of a saved meter at `address`.
    fn watch(&self, device_id: &str, address: &str) {
        self.inner
            .supervisor
            .ensure(device_id, address, self.inner.secrets.get(device_id));
    }

    /// The live events of a saved meter's session.
    pub fn subscribe_meter(&self, device_id: &str) -> Option<broadcast::Receiver<SessionEvent>> {
        self.inner.supervisor.subscribe(device_id)
    }

    /// Starts feeding a meter's readings, batched (see [`crate::feed`]), into `sink` until
    /// [`App::close_feed`], the sink refuses a batch, or the app stops. Returns the feed's id.
    pub fn open_feed(
        &self,
        device_id: &str,
        sink: impl FnMut(crate::feed::LiveBatch) -> bool + Send + 'static,
    ) -> Result<u64> {
        let rx = self
            .inner
            .supervisor
            .subscribe(device_id)
            .ok_or_else(|| CoreError::UnknownMeter(device_id.to_owned()))?;
        let cancel = self.inner.cancel.child_token();
        let id = self
            .inner
            .next_feed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let feeds = self.inner.feeds.clone();
        let c = cancel.clone();
        let task = tokio::spawn(async move {
            crate::feed::run(rx, c, sink).await;
            lock(&feeds).remove(&id);
        });
        lock(&self.inner.feeds).insert(id, (cancel, task));
        Ok(id)
    }

    /// Stops a feed (the view closed). Unknown ids are ignored: the feed may have ended by itself.
    pub fn close_feed(&self, feed_id: u64) {
        if let Some((cancel, _)) = lock(&self.inner.feeds).remove(&feed_id) {
            cancel.cancel();
        }
    }

    /// Feeds currently running.
    pub fn open_feeds(&self) -> usize {
        lock(&self.inner.feeds).len()
    }

    /// The connection state of a saved meter's session.
    pub fn meter_state(&self, device_id: &str) -> Option<SessionState> {
        self.inner.supervisor.state(device_id)
    }

    /// Turns the supervisor's change markers into full `MetersChanged` lists, at most one per change.
    async fn relay_refreshes(self) {
        let mut rx = self.inner.events.subscribe();
        loop {
            let ev = tokio::select! {
                _ = self.inner.cancel.cancelled() => return,
                ev = rx.recv() => ev,
            };
            match ev {
                Ok(CoreEvent::Refresh) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    self.meters_changed()
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }

    /// Stops discovery, the sessions and the demo meter; remembers when each meter was last seen.
    pub async fn shutdown(&self) {
        self.inner.cancel.cancel();
        let seen: Vec<(String, String)> = lock(&self.inner.registry)
            .meters()
            .iter()
            .filter_map(|m| {
                let p = self.inner.supervisor.presence(&m.device_id);
                p.last_reading.map(|t| {
                    (
                        m.device_id.clone(),
                        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    )
                })
            })
            .collect();
        if !seen.is_empty() {
            let _ = lock(&self.inner.registry).update(|all| {
                for m in all.iter_mut() {
                    if let Some((_, t)) = seen.iter().find(|(id, _)| *id == m.device_id) {
                        m.last_seen = Some(t.clone());
                    }
                }
            });
        }
        let feeds: Vec<_> = lock(&self.inner.feeds)
            .values()
            .map(|(c, _)| c.clone())
            .collect();
        for c in feeds {
            c.cancel();
        }
        self.inner.supervisor.stop_all().await;
        let tasks: Vec<_> = lock(&self.inner.tasks).drain(..).collect();
        for t in tasks {
            let _ = t.await;
        }
        let mut d = self.inner.discovery.lock().await;
        if let Some((c, t)) = d.task.take() {
            c.cancel();
            let _ = t.await;
        }
        if let Some(daemon) = d.daemon.take() {
            let _ = daemon.shutdown();
        }
        if let Some(demo) = self.inner.demo.lock().await.take() {
            demo.stop().await;
        }
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Convenience for IPC layers: any core result as `Result<T, AppError>`.
pub fn ipc<T>(r: Result<T>) -> std::result::Result<T, AppError> {
    r.map_err(AppError::from)
}
