//! One [`Session`] per saved meter, started when a meter is added or the app starts, restarted when
//! its address changes, stopped when it is removed. Keeps what the Meters view shows (online state,
//! health, last reading) and tells the app when it changed.

use crate::ipc::{DayStart, TimeZoneChoice};
use crate::live::day::{meter_offset, roll_day};
use crate::live::inspector::Ledger;
use crate::live::session::{
    Health, MqttSource, PayloadProblem, Session, SessionConfig, SessionEvent, SessionState, Timing,
    TransportChoice,
};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use whatwatt::{AuthScheme, Secret};

/// A session restarts when its password changes; the fingerprint keeps a hash, never the password.
fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

#[derive(Debug, Clone, Default)]
pub struct Presence {
    pub state: Option<SessionState>,
    /// Reachable right now (`None` until the first attempt finished).
    pub online: Option<bool>,
    pub health: Option<Health>,
    pub last_reading: Option<DateTime<Utc>>,
    /// The latest reading itself, so a view that opens shows it at once (M-Bus reports every ~7 s).
    pub latest: Option<std::sync::Arc<crate::live::session::TimedReading>>,
    pub today: Option<DayStart>,
    /// The last payload that did not decode (with the running count).
    pub problem: Option<PayloadProblem>,
    /// What each transport delivered since the session started.
    pub ledger: Ledger,
    /// How the session logged in (the app remembers it for the meter).
    pub auth: Option<AuthScheme>,
    /// The meter's clock offset from UTC (s), from its readings.
    pub utc_offset_s: Option<i32>,
    /// The device's latest `/api/v1/system` answer (the sharing gateway serves it).
    pub system: Option<Arc<whatwatt::models::system::SystemInfo>>,
}

/// How to reach a meter; a change restarts its session.
#[derive(Debug, Clone)]
pub struct MeterLink {
    pub address: String,
    pub password: Option<Secret>,
    /// The scheme the meter logged in with before (Basic is refused after Digest).
    pub auth: Option<AuthScheme>,
    pub transport: TransportChoice,
    pub mqtt: Option<MqttSource>,
}

impl MeterLink {
    fn fingerprint(&self) -> String {
        format!(
            "{} {:?} {:?} {:016x} {:?}",
            self.address,
            self.transport,
            self.auth,
            self.password.as_ref().map_or(0, |p| hash(p.expose())),
            self.mqtt
                .as_ref()
                .map(|m| (m.endpoint.identity(), &m.topic, &m.mapping))
        )
    }
}

struct Slot {
    fingerprint: String,
    session: Session,
    forward: JoinHandle<()>,
}

type Notify = Arc<dyn Fn() + Send + Sync>;
/// Sees every session event of every meter (the history store); must not block.
pub type Tap = Arc<dyn Fn(&str, &SessionEvent) + Send + Sync>;
/// The stored counters (import, export kWh) and their instant that "today so far" starts from,
/// given the meter and the instant of its local midnight (the history store).
pub type DayBase = Arc<dyn Fn(&str, i64) -> Option<(f64, f64, i64)> + Send + Sync>;

/// What other rooms hook into every session.
#[derive(Clone, Default)]
pub struct Hooks {
    pub tap: Option<Tap>,
    pub day_base: Option<DayBase>,
}

pub struct Supervisor {
    timing: Timing,
    slots: Mutex<HashMap<String, Slot>>,
    /// One channel per meter that outlives session restarts (a new transport or address), so open
    /// live views keep receiving; closed when the meter is removed.
    channels: Mutex<HashMap<String, broadcast::Sender<SessionEvent>>>,
    shared: Shared,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Supervisor {
    /// `notify` is called (from a task) whenever something the Meters view shows changed.
    pub fn new(timing: Timing, zone: TimeZoneChoice, notify: Notify, hooks: Hooks) -> Supervisor {
        Supervisor {
            timing,
            slots: Mutex::new(HashMap::new()),
            channels: Mutex::new(HashMap::new()),
            shared: Shared {
                presence: Arc::new(Mutex::new(BTreeMap::new())),
                zone: Arc::new(Mutex::new(zone)),
                notify,
                hooks,
            },
        }
    }

    /// The zone days are cut in from now on ("today so far" starts again in it).
    pub fn set_zone(&self, zone: TimeZoneChoice) {
        *lock(&self.shared.zone) = zone;
    }

    /// Starts the meter's session, or restarts it if how to reach it changed.
    pub fn ensure(&self, device_id: &str, link: MeterLink) {
        let fingerprint = link.fingerprint();
        let mut slots = lock(&self.slots);
        if slots
            .get(device_id)
            .is_some_and(|s| s.fingerprint == fingerprint)
        {
            return;
        }
        if let Some(old) = slots.remove(device_id) {
            old.forward.abort();
            drop(old.session); // cancels its task
        }
        let session = Session::spawn(SessionConfig {
            address: link.address,
            password: link.password,
            expect_scheme: link.auth,
            transport: link.transport,
            mqtt: link.mqtt,
            timing: self.timing.clone(),
        });
        let out = lock(&self.channels)
            .entry(device_id.to_owned())
            .or_insert_with(|| broadcast::channel(1024).0)
            .clone();
        let forward = tokio::spawn(forward(
            device_id.to_owned(),
            session.subscribe(),
            out,
            self.shared.clone(),
        ));
        slots.insert(
            device_id.to_owned(),
            Slot {
                fingerprint,
                session,
                forward,
            },
        );
    }

    pub async fn stop(&self, device_id: &str) {
        let slot = lock(&self.slots).remove(device_id);
        lock(&self.channels).remove(device_id);
        lock(&self.shared.presence).remove(device_id);
        if let Some(s) = slot {
            s.forward.abort();
            s.session.stop().await;
        }
    }

    pub async fn stop_all(&self) {
        let slots: Vec<Slot> = lock(&self.slots).drain().map(|(_, s)| s).collect();
        lock(&self.channels).clear();
        for s in slots {
            s.forward.abort();
            s.session.stop().await;
        }
    }

    /// Stops every session but keeps each meter's channel and last values, so open views stay
    /// subscribed and see `Stopped`; `ensure` starts them again (pausing from the tray).
    pub async fn pause_all(&self) {
        let slots: Vec<(String, Slot)> = lock(&self.slots).drain().collect();
        for (id, s) in slots {
            s.forward.abort();
            s.session.stop().await;
            if let Some(p) = lock(&self.shared.presence).get_mut(&id) {
                p.state = Some(SessionState::Stopped);
                p.online = None;
            }
            if let Some(c) = lock(&self.channels).get(&id) {
                let _ = c.send(SessionEvent::State(SessionState::Stopped));
            }
        }
        (self.shared.notify)();
    }

    pub fn presence(&self, device_id: &str) -> Presence {
        lock(&self.shared.presence)
            .get(device_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The meter's session events (readings, states, health), for live views; the subscription
    /// survives the session restarting.
    pub fn subscribe(&self, device_id: &str) -> Option<broadcast::Receiver<SessionEvent>> {
        lock(&self.channels).get(device_id).map(|c| c.subscribe())
    }

    /// The meter's current session state.
    pub fn state(&self, device_id: &str) -> Option<SessionState> {
        lock(&self.slots)
            .get(device_id)
            .map(|s| s.session.state().borrow().clone())
    }

    pub fn running(&self) -> usize {
        lock(&self.slots).len()
    }
}

fn online(s: &SessionState) -> Option<bool> {
    match s {
        SessionState::Connecting { .. } => None,
        SessionState::Offline { .. } => Some(false),
        SessionState::Stopped => None,
        _ => Some(true),
    }
}

/// What a meter's forward task shares with the supervisor.
#[derive(Clone)]
struct Shared {
    presence: Arc<Mutex<BTreeMap<String, Presence>>>,
    zone: Arc<Mutex<TimeZoneChoice>>,
    notify: Notify,
    hooks: Hooks,
}

/// "Today so far" from the history store: after a restart the day starts at midnight's counters
/// (or the day's first stored reading), not at the first reading since the app started.
/// True when the store moved the baseline.
fn from_store(
    today: &mut DayStart,
    device_id: &str,
    offset_s: Option<i32>,
    base: &DayBase,
) -> bool {
    let Ok(date) = chrono::NaiveDate::parse_from_str(&today.date, "%Y-%m-%d") else {
        return false;
    };
    let midnight = match today.zone {
        TimeZoneChoice::Computer => {
            crate::store::zone::day_start_ms(crate::store::zone::user_zone(), date)
        }
        TimeZoneChoice::Meter => match offset_s {
            Some(o) => {
                date.and_time(chrono::NaiveTime::MIN)
                    .and_utc()
                    .timestamp_millis()
                    - i64::from(o) * 1000
            }
            None => return false,
        },
    };
    let Some((import, export, at)) = base(device_id, midnight) else {
        return false;
    };
    // A stored base above the live counters is another meter's (replaced meanwhile): ignore it.
    if at >= today.since_ms || import > today.import_kwh || export > today.export_kwh {
        return false;
    }
    let at_local = chrono::DateTime::from_timestamp_millis(at).unwrap_or_default();
    let since = match today.zone {
        TimeZoneChoice::Computer => at_local
            .with_timezone(&crate::store::zone::user_zone())
            .format("%H:%M:%S")
            .to_string(),
        TimeZoneChoice::Meter => (at_local
            + chrono::Duration::seconds(i64::from(offset_s.unwrap_or(0))))
        .format("%H:%M:%S")
        .to_string(),
    };
    today.import_kwh = import;
    today.export_kwh = export;
    today.since_ms = at;
    today.since = since;
    today.partial = at - midnight > 5 * 60_000;
    true
}

async fn forward(
    device_id: String,
    mut rx: broadcast::Receiver<SessionEvent>,
    out: broadcast::Sender<SessionEvent>,
    shared: Shared,
) {
    loop {
        let ev = match rx.recv().await {
            Ok(ev) => ev,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        if let Some(tap) = &shared.hooks.tap {
            tap(&device_id, &ev);
        }
        let _ = out.send(ev.clone());
        let zone = *lock(&shared.zone);
        // A new day's baseline asked of the history store after the presence lock is released
        // (other meters' events and the Meters view do not wait for a database read).
        let mut new_day_base: Option<(DayStart, Option<i32>)> = None;
        let mut changed = {
            let mut all = lock(&shared.presence);
            let p = all.entry(device_id.clone()).or_default();
            match ev {
                SessionEvent::Reading(r) => {
                    p.ledger.record(&r);
                    p.last_reading = Some(r.received);
                    let new_day = roll_day(&mut p.today, &r.reading, r.received, zone);
                    let offset = meter_offset(&r.reading).map(|o| o.local_minus_utc());
                    if new_day && shared.hooks.day_base.is_some() {
                        new_day_base = p.today.clone().map(|t| (t, offset.or(p.utc_offset_s)));
                    }
                    let new_offset = offset.is_some() && offset != p.utc_offset_s;
                    if offset.is_some() {
                        p.utc_offset_s = offset;
                    }
                    p.latest = Some(r);
                    new_day || new_offset
                }
                SessionEvent::State(s) => {
                    let before = (p.online, p.state.clone());
                    if let Some(o) = online(&s) {
                        p.online = Some(o);
                    }
                    p.state = Some(s);
                    before != (p.online, p.state.clone())
                }
                // Every re-read (once a minute) is shown: uptime, Wi-Fi and supply move.
                SessionEvent::Health(h) => {
                    let changed = p.health.as_ref() != Some(&h);
                    p.health = Some(h);
                    p.online = Some(true);
                    changed
                }
                SessionEvent::System(sys) => {
                    p.system = Some(sys);
                    false
                }
                SessionEvent::Scheme(s) => {
                    let changed = p.auth != Some(s);
                    p.auth = Some(s);
                    changed
                }
                SessionEvent::Malformed(m) => {
                    p.ledger.error(m.transport, m.reason.clone());
                    p.problem = Some(m);
                    true
                }
            }
        };
        if let (Some((mut today, offset)), Some(base)) = (new_day_base, &shared.hooks.day_base) {
            if from_store(&mut today, &device_id, offset, base) {
                if let Some(p) = lock(&shared.presence).get_mut(&device_id) {
                    // Only if no later reading started yet another day meanwhile.
                    if p.today
                        .as_ref()
                        .is_some_and(|t| t.date == today.date && t.zone == today.zone)
                    {
                        p.today = Some(today);
                        changed = true;
                    }
                }
            }
        }
        if changed {
            (shared.notify)();
        }
    }
}
