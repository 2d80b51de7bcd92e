//! The app's brain without a window: saved meters, their passwords, discovery, one live session per
//! meter and the demo meter. One [`App`] per process; cheap to clone; [`App::shutdown`] stops every task.

use crate::demo::DemoMeter;
use crate::error::{CoreError, Result};
use crate::ipc::*;
use crate::live::session::Timing;
use crate::live::supervisor::Supervisor;
use crate::paths::Paths;
use crate::registry::{Registry, SavedMeter};
use crate::secrets::SecretStore;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use whatwatt::{MdnsPolicy, Secret};

mod alerts;
mod brokers;
mod desktop;
mod device_mqtt;
mod discovery;
mod feeds;
mod history;
mod inspect;
mod meters;
mod setup;
mod sharing;
mod trust;

pub use alerts::QUIET as ALERT_QUIET;
pub use desktop::{TrayMeter, TraySummary, TrayValue};
pub use device_mqtt::{default_topic, ENV_DEMO_BROKER, MAX_SETTINGS_BODY};

/// Whether to run the demo meter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoMode {
    /// On first run with no saved meters, or when a demo meter is saved.
    Auto,
    /// Always (`wattdesk --demo`).
    On,
    Off,
}

#[derive(Clone)]
pub struct AppOptions {
    /// `None`: `WATTDESK_CONFIG_DIR`, else the OS config directory.
    pub config_dir: Option<PathBuf>,
    pub demo: DemoMode,
    pub mdns: MdnsPolicy,
    /// Session timings (defaults suit real devices).
    pub timing: Timing,
    /// Keep secrets in the private file even when a keychain answers.
    pub secrets_in_file: bool,
    /// A broker the demo meter publishes to (`scripts/demo.sh` starts one).
    pub demo_broker: Option<String>,
    /// How host names are resolved (`None`: the system's resolver; tests answer names themselves).
    pub resolver: Option<std::sync::Arc<dyn whatwatt::resolve::HostResolver>>,
    /// Where the setup wizard looks for a device on its own Wi-Fi (the default gateway).
    pub gateway: crate::setup::GatewayPolicy,
}

impl std::fmt::Debug for AppOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppOptions")
            .field("config_dir", &self.config_dir)
            .field("demo", &self.demo)
            .field("mdns", &self.mdns)
            .field("secrets_in_file", &self.secrets_in_file)
            .field("demo_broker", &self.demo_broker)
            .field("gateway", &self.gateway)
            .finish_non_exhaustive()
    }
}

impl AppOptions {
    /// What the environment asks for: `WATTDESK_MDNS`, `WATTDESK_SECRETS=file`,
    /// `WATTDESK_DEMO_BROKER`, `WATTDESK_SETUP_GATEWAY` (read once here, never by tasks later).
    pub fn from_env(demo: DemoMode) -> std::result::Result<AppOptions, whatwatt::Error> {
        let mdns = MdnsPolicy::from_env()?;
        Ok(AppOptions {
            config_dir: None,
            demo,
            mdns,
            gateway: crate::setup::GatewayPolicy::from_env(mdns),
            timing: Timing::default(),
            secrets_in_file: std::env::var(crate::secrets::ENV_SECRETS)
                .is_ok_and(|v| v.eq_ignore_ascii_case("file")),
            demo_broker: std::env::var(ENV_DEMO_BROKER)
                .ok()
                .filter(|v| !v.is_empty()),
            resolver: None,
        })
    }
}

/// Something the UI should hear about.
#[derive(Debug, Clone)]
pub enum CoreEvent {
    Discovery(DiscoveryEvent),
    MetersChanged(Vec<MeterView>),
    /// Rows from the meter's SD card were added to its history (device id).
    HistoryFilled(String),
    /// Internal: a session changed something the Meters view shows (relayed as `MetersChanged`).
    Refresh,
}

struct Inner {
    alerts: broadcast::Sender<crate::alerts::Alert>,
    alert_input: tokio::sync::mpsc::Sender<alerts::AlertInput>,
    live_paused: std::sync::atomic::AtomicBool,
    paths: Paths,
    mdns: MdnsPolicy,
    gateway: crate::setup::GatewayPolicy,
    demo_broker: Option<String>,
    resolver: std::sync::Arc<dyn whatwatt::resolve::HostResolver>,
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
    brokers: crate::live::broker::BrokerPool,
    next_feed: std::sync::atomic::AtomicU64,
    /// Meters seen at a new address that did not prove to be them: device id → the address the
    /// user is asked about.
    moves: Mutex<BTreeMap<String, String>>,
    /// The last failure to read saved secrets, for Settings.
    secret_problem: Mutex<Option<String>>,
    /// Cancels the setup running now (one at a time).
    setup: Mutex<Option<CancellationToken>>,
    preference_store: crate::preferences::PreferenceStore,
    preferences: Mutex<Preferences>,
    history: Arc<history::HistoryRoom>,
    sharing: sharing::SharingRoom,
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

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl App {
    pub async fn start(opts: AppOptions) -> Result<App> {
        let paths = Paths::resolve(opts.config_dir);
        let paths_sharing = paths.sharing();
        let registry = Registry::load(&paths.registry())?;
        let secrets = SecretStore::open(paths.secrets_file(), opts.secrets_in_file);
        let preference_store = crate::preferences::PreferenceStore::new(paths.preferences());
        let preferences = preference_store.load();
        let first_run = registry.first_run;
        let demo_saved = registry.meters().iter().any(|m| m.demo);
        let empty = registry.meters().is_empty();
        let (events, _) = broadcast::channel(256);
        let notify_events = events.clone();
        let notify: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            // Receivers rebuild the list themselves (see `App::meters`); a marker is enough here.
            let _ = notify_events.send(CoreEvent::Refresh);
        });
        let history = Arc::new(history::HistoryRoom::open(
            paths.history(),
            preferences
                .history_raw_days
                .unwrap_or(crate::store::DEFAULT_RAW_DAYS),
        ));
        // Meters that went live: their SD-card log is read once per run (see `backfill_on_connect`).
        let (went_live, mut live_rx) = tokio::sync::mpsc::channel::<String>(64);
        // The alert rules see readings and states of every meter; a full queue drops (never blocks a
        // session): an alert is a courtesy, the history below is the record.
        let (alert_input, alert_rx) = tokio::sync::mpsc::channel::<alerts::AlertInput>(1024);
        let alert_tx = alert_input.clone();
        let history_tap = history.tap();
        let tap: crate::live::supervisor::Tap =
            Arc::new(move |id: &str, ev: &crate::live::session::SessionEvent| {
                if let crate::live::session::SessionEvent::State(SessionState::Live { .. }) = ev {
                    let _ = went_live.try_send(id.to_owned());
                }
                if alerts::wanted(ev) {
                    let _ = alert_tx.try_send(alerts::AlertInput::Event(
                        id.to_owned(),
                        Box::new(ev.clone()),
                    ));
                }
                if let Some(tap) = &history_tap {
                    tap(id, ev)
                }
            });
        let tap = Some(tap);
        let base_room = history.clone();
        let hooks = crate::live::supervisor::Hooks {
            tap,
            day_base: Some(Arc::new(move |id: &str, midnight: i64| {
                base_room.day_base(id, midnight)
            })),
        };
        let app = App {
            inner: Arc::new(Inner {
                alerts: broadcast::channel(64).0,
                alert_input,
                live_paused: std::sync::atomic::AtomicBool::new(false),
                paths,
                mdns: opts.mdns,
                gateway: opts.gateway,
                demo_broker: opts.demo_broker,
                resolver: opts
                    .resolver
                    .unwrap_or_else(|| std::sync::Arc::new(whatwatt::resolve::SystemResolver)),
                registry: Mutex::new(registry),
                secrets,
                supervisor: Supervisor::new(opts.timing, preferences.time_zone, notify, hooks),
                history,
                sharing: sharing::SharingRoom::open(paths_sharing),
                preference_store,
                preferences: Mutex::new(preferences),
                discovered: Mutex::new(BTreeMap::new()),
                discovery: tokio::sync::Mutex::new(Discovery::default()),
                demo: tokio::sync::Mutex::new(None),
                events,
                cancel: CancellationToken::new(),
                tasks: Mutex::new(Vec::new()),
                feeds: Arc::new(Mutex::new(BTreeMap::new())),
                brokers: crate::live::broker::BrokerPool::new(),
                next_feed: std::sync::atomic::AtomicU64::new(0),
                moves: Mutex::new(BTreeMap::new()),
                secret_problem: Mutex::new(None),
                setup: Mutex::new(None),
            }),
        };
        {
            let app2 = app.clone();
            let cancel = app.inner.cancel.clone();
            let task = tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = cancel.cancelled() => return,
                        id = live_rx.recv() => match id {
                            Some(id) => app2.backfill_on_connect(&id),
                            None => return,
                        },
                    }
                }
            });
            lock(&app.inner.tasks).push(task);
        }
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
        app.sharing_apply().await;
        let relay = tokio::spawn(app.clone().relay_refreshes());
        lock(&app.inner.tasks).push(relay);
        let alerts = tokio::spawn(app.clone().run_alerts(alert_rx));
        lock(&app.inner.tasks).push(alerts);
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
            secrets_recovered: self
                .inner
                .secrets
                .recovered()
                .map(|p| p.display().to_string()),
            secrets_problem: lock(&self.inner.secret_problem).clone(),
            demo_running: self
                .inner
                .demo
                .try_lock()
                .map(|d| d.is_some())
                .unwrap_or(true),
        }
    }

    pub fn meters(&self) -> Vec<MeterView> {
        let moves = lock(&self.inner.moves).clone();
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
                    moved_to: moves.get(&m.device_id).cloned(),
                    utc_offset_s: p.utc_offset_s,
                }
            })
            .collect()
    }

    /// The language and number format, from the saved choice and the computer's locale (`system`,
    /// as the OS reports it; the CLI reads it from the environment).
    pub fn locale(&self, system: Option<&str>) -> crate::ipc::LocaleInfo {
        crate::i18n::resolve(lock(&self.inner.preferences).language, system)
    }

    pub fn preferences(&self) -> Preferences {
        lock(&self.inner.preferences).clone()
    }

    /// Saves the user's preferences and applies them (a new time zone restarts "today so far").
    pub fn set_preferences(&self, preferences: Preferences) -> Result<Preferences> {
        if let Some(days) = preferences.history_raw_days {
            if !(1..=3650).contains(&days) {
                return Err(CoreError::rule("err_history_raw_days", &[]));
            }
        }
        self.inner.preference_store.save(&preferences)?;
        if let Some(w) = &self.inner.history.writer {
            w.set_raw_days(
                preferences
                    .history_raw_days
                    .unwrap_or(crate::store::DEFAULT_RAW_DAYS),
            );
        }
        self.inner.supervisor.set_zone(preferences.time_zone);
        *lock(&self.inner.preferences) = preferences.clone();
        self.alerts_changed();
        self.meters_changed();
        Ok(preferences)
    }

    /// Saved secrets could not be read: remembered for Settings (the message names no secret).
    pub(crate) fn secret_problem(&self, e: &crate::error::CoreError) {
        tracing::warn!("saved passwords: {e}");
        *lock(&self.inner.secret_problem) = Some(e.to_string());
    }

    /// The saved passwords, for the rooms that change them with the device (settings).
    pub(crate) fn secrets(&self) -> &crate::secrets::SecretStore {
        &self.inner.secrets
    }

    pub(crate) fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// A REST client builder for `address`, resolving names the app's way.
    pub(crate) fn client_builder(&self, address: &str) -> whatwatt::rest::ClientBuilder {
        whatwatt::Client::builder(address).resolver(self.inner.resolver.clone())
    }

    /// Probes `address` (typed or confirmed by the user, so `password` may go there).
    pub(crate) async fn probe_at(
        &self,
        address: &str,
        password: Option<Secret>,
    ) -> Result<whatwatt::ProbeOutcome> {
        self.probe_with_login(address, password, true).await
    }

    /// [`App::probe_at`]; with `allow_basic` false a Basic challenge is refused unanswered.
    pub(crate) async fn probe_with_login(
        &self,
        address: &str,
        password: Option<Secret>,
        allow_basic: bool,
    ) -> Result<whatwatt::ProbeOutcome> {
        let t = meters::PROBE_TIMEOUT;
        let client = self
            .client_builder(address)
            .password(password)
            .allow_basic(allow_basic)
            .timeout(t)
            .connect_timeout(t)
            .build()?;
        Ok(whatwatt::probe_with(&client).await?)
    }

    pub(crate) fn meters_changed(&self) {
        let _ = self
            .inner
            .events
            .send(CoreEvent::MetersChanged(self.meters()));
    }

    /// Stops discovery, the sessions and the demo meter; remembers when each meter was last seen.
    pub async fn shutdown(&self) {
        self.inner.cancel.cancel();
        self.sharing_stop().await;
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
        // Sessions are stopped: commit the readings still queued.
        if let Err(e) = self.history_flush().await {
            tracing::warn!("history: the last readings could not be written: {e}");
        }
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
