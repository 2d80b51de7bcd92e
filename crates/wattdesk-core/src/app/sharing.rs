//! Settings › Sharing: the gateway (`crate::gateway`) over the app's own sessions. The choices live in
//! `sharing.json` (never a token's value: those are in the secret store, `sharing-token/<id>`); the
//! gateway runs while sharing is on and restarts when the choices change. Tokens change without a
//! restart, and revoking one ends the connections that used it.

use super::{lock, App};
use crate::error::{CoreError, Result};
use crate::gateway::{Gateway, GatewayConfig, GatewayError, GatewayToken, SharedMeter, Source};
use crate::ipc::*;
use crate::live::session::SessionEvent;
use crate::live::supervisor::Presence;
use base64::Engine as _;
use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::broadcast;
use whatwatt::Secret;

/// What `sharing.json` holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct Saved {
    version: u32,
    settings: SharingSettings,
    tokens: Vec<SharingToken>,
}

pub(crate) struct SharingRoom {
    path: PathBuf,
    saved: Mutex<Saved>,
    gateway: tokio::sync::Mutex<Option<Gateway>>,
    problem: Mutex<Option<String>>,
}

fn secret_key(id: &str) -> String {
    format!("sharing-token/{id}")
}

impl SharingRoom {
    pub fn open(path: PathBuf) -> SharingRoom {
        // A damaged file starts from "off" rather than failing the app; the user sees sharing off.
        let saved = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Saved>(&b).ok())
            .unwrap_or_default();
        SharingRoom {
            path,
            saved: Mutex::new(saved),
            gateway: tokio::sync::Mutex::new(None),
            problem: Mutex::new(None),
        }
    }

    fn save(&self, saved: &Saved) -> Result<()> {
        crate::files::write_json(&self.path, saved, false)
    }
}

/// The app's meters as the gateway sees them. Weak: a running gateway does not keep the app alive.
struct AppSource(Weak<super::Inner>);

impl AppSource {
    fn app(&self) -> Option<App> {
        self.0.upgrade().map(|inner| App { inner })
    }
}

impl Source for AppSource {
    fn meters(&self) -> Vec<SharedMeter> {
        self.app().map_or_else(Vec::new, |app| {
            lock(&app.inner.registry)
                .meters()
                .iter()
                .map(|m| SharedMeter {
                    id: m.device_id.to_ascii_uppercase(),
                    name: m.name.clone(),
                })
                .collect()
        })
    }

    fn presence(&self, id: &str) -> Presence {
        self.app()
            .map(|app| app.inner.supervisor.presence(&app.saved_id(id)))
            .unwrap_or_default()
    }

    fn subscribe(&self, id: &str) -> Option<broadcast::Receiver<SessionEvent>> {
        let app = self.app()?;
        app.inner.supervisor.subscribe(&app.saved_id(id))
    }

    fn history(
        &self,
        mut req: HistoryRequest,
    ) -> Option<BoxFuture<'static, Result<HistoryAnswer>>> {
        let app = self.app()?;
        req.meter = req.meter.map(|m| app.saved_id(&m));
        Some(Box::pin(async move { app.history_query(req).await }))
    }
}

fn validate(s: &SharingSettings, meters: &[String], tokens: usize) -> Result<()> {
    if s.port == 0 {
        return Err(CoreError::rule("err_sharing_port", &[]));
    }
    let mut ports = vec![s.port];
    for c in &s.compat {
        if !meters.iter().any(|m| m.eq_ignore_ascii_case(&c.meter)) {
            return Err(CoreError::UnknownMeter(c.meter.clone()));
        }
        if c.port != 0 && ports.contains(&c.port) {
            return Err(CoreError::rule(
                "err_sharing_port_twice",
                &[("port", &c.port.to_string())],
            ));
        }
        ports.push(c.port);
    }
    for o in &s.allowed_origins {
        let ok = url::Url::parse(o).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some() && u.path() == "/"
        });
        if !ok {
            return Err(CoreError::rule("err_sharing_origin", &[("origin", o)]));
        }
    }
    if s.enabled && (s.allow_lan || s.require_token) && tokens == 0 {
        return Err(CoreError::Gateway(GatewayError::TokenRequired));
    }
    Ok(())
}

/// The listeners of meters that are still saved (ids in either case).
fn only_saved(mut compat: Vec<CompatPort>, saved: &[String]) -> Vec<CompatPort> {
    compat.retain(|c| saved.iter().any(|m| m.eq_ignore_ascii_case(&c.meter)));
    compat
}

/// An address other devices can use for this computer (the default interface's IPv4).
fn lan_ip() -> Option<IpAddr> {
    netdev::get_default_interface()
        .ok()
        .and_then(|i| i.ipv4.first().map(|n| IpAddr::V4(n.addr())))
}

impl App {
    /// The registry's spelling of a device id given in either case.
    fn saved_id(&self, id: &str) -> String {
        lock(&self.inner.registry)
            .meters()
            .iter()
            .find(|m| m.device_id.eq_ignore_ascii_case(id))
            .map_or_else(|| id.to_owned(), |m| m.device_id.clone())
    }

    /// The ids of the meters the gateway shares (every saved meter).
    fn shared_ids(&self) -> Vec<String> {
        self.sharing_source()
            .meters()
            .into_iter()
            .map(|m| m.id)
            .collect()
    }

    /// The gateway over this app's meters (also used by `wattdesk-cli serve --saved`).
    pub fn sharing_source(&self) -> Arc<dyn Source> {
        Arc::new(AppSource(Arc::downgrade(&self.inner)))
    }

    fn sharing_tokens(&self) -> Result<Vec<GatewayToken>> {
        let list = lock(&self.inner.sharing.saved).tokens.clone();
        let mut out = Vec::new();
        for t in list {
            match self.inner.secrets.get(&secret_key(&t.id))? {
                Some(secret) => out.push(GatewayToken {
                    name: t.name,
                    secret,
                }),
                None => tracing::warn!(
                    "sharing token {:?} has no stored value; it is ignored",
                    t.name
                ),
            }
        }
        Ok(out)
    }

    /// Starts, restarts or stops the gateway to match the saved choices.
    pub(crate) async fn sharing_apply(&self) {
        let room = &self.inner.sharing;
        let mut running = room.gateway.lock().await;
        if let Some(g) = running.take() {
            g.stop().await;
        }
        *lock(&room.problem) = None;
        let settings = lock(&room.saved).settings.clone();
        if !settings.enabled {
            return;
        }
        let tokens = match self.sharing_tokens() {
            Ok(t) => t,
            Err(e) => {
                *lock(&room.problem) = Some(e.to_string());
                return;
            }
        };
        let ip = if settings.allow_lan {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let cfg = GatewayConfig {
            listen: SocketAddr::new(ip, settings.port),
            // A meter removed since keeps no listener (and does not stop the others from starting).
            compat: only_saved(settings.compat.clone(), &self.shared_ids())
                .into_iter()
                .map(|c| (c.meter, c.port))
                .collect(),
            tokens,
            require_token: settings.require_token,
            allowed_origins: settings.allowed_origins.clone(),
            allowed_hosts: Vec::new(),
            limits: Default::default(),
        };
        match Gateway::start(cfg, self.sharing_source()).await {
            Ok(g) => {
                // A compatibility port chosen by the system is kept, so its address stays the same.
                let mut saved = lock(&room.saved);
                let mut changed = false;
                for c in saved.settings.compat.iter_mut().filter(|c| c.port == 0) {
                    if let Some((_, a)) = g
                        .compat_addrs()
                        .iter()
                        .find(|(id, _)| id.eq_ignore_ascii_case(&c.meter))
                    {
                        c.port = a.port();
                        changed = true;
                    }
                }
                if changed {
                    if let Err(e) = room.save(&saved) {
                        tracing::warn!("could not keep the sharing ports: {e}");
                    }
                }
                *running = Some(g);
            }
            Err(e) => *lock(&room.problem) = Some(e.to_string()),
        }
    }

    pub async fn sharing_status(&self) -> SharingStatus {
        let room = &self.inner.sharing;
        let saved = lock(&room.saved).clone();
        let names: Vec<SharedMeter> = self.sharing_source().meters();
        let gateway = room.gateway.lock().await;
        let host = |addr: SocketAddr| -> String {
            let ip = if addr.ip().is_unspecified() {
                lan_ip().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
            } else {
                addr.ip()
            };
            format!("http://{}", SocketAddr::new(ip, addr.port()))
        };
        SharingStatus {
            running: gateway.is_some(),
            api_url: gateway.as_ref().map(|g| host(g.api_addr())),
            compat: gateway
                .as_ref()
                .map(|g| {
                    g.compat_addrs()
                        .iter()
                        .map(|(id, a)| CompatAddress {
                            meter: id.clone(),
                            name: names
                                .iter()
                                .find(|m| m.id == *id)
                                .map_or_else(|| id.clone(), |m| m.name.clone()),
                            url: host(*a),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            clients: gateway.as_ref().map(|g| g.clients()).unwrap_or_default(),
            problem: lock(&room.problem).clone(),
            settings: saved.settings,
            tokens: saved.tokens,
        }
    }

    /// Saves the user's choices and runs the gateway accordingly.
    pub async fn sharing_save(&self, mut settings: SharingSettings) -> Result<SharingStatus> {
        let meters = self.shared_ids();
        // Entries of meters removed meanwhile are dropped, not refused (the panel may predate it).
        settings.compat = only_saved(settings.compat, &meters);
        {
            let room = &self.inner.sharing;
            let mut saved = lock(&room.saved);
            validate(&settings, &meters, saved.tokens.len())?;
            let mut next = saved.clone();
            next.version = 1;
            next.settings = settings;
            room.save(&next)?;
            *saved = next;
        }
        self.sharing_apply().await;
        Ok(self.sharing_status().await)
    }

    /// A new token; its value is returned this once (the list shows only its name).
    pub async fn sharing_create_token(&self, name: &str) -> Result<NewSharingToken> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(CoreError::rule("err_sharing_token_name", &[]));
        }
        let room = &self.inner.sharing;
        if lock(&room.saved).tokens.iter().any(|t| t.name == name) {
            return Err(CoreError::rule(
                "err_sharing_token_taken",
                &[("name", name)],
            ));
        }
        let bytes: [u8; 32] = rand::random();
        let value = format!(
            "wdt_{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        );
        let token = SharingToken {
            id: format!("{:016x}", rand::random::<u64>()),
            name: name.to_owned(),
            created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        self.inner
            .secrets
            .set(&secret_key(&token.id), &Secret::new(value.clone()))?;
        {
            let mut saved = lock(&room.saved);
            let mut next = saved.clone();
            next.tokens.push(token.clone());
            if let Err(e) = room.save(&next) {
                let _ = self.inner.secrets.delete(&secret_key(&token.id));
                return Err(e);
            }
            *saved = next;
        }
        self.sharing_refresh_tokens().await?;
        Ok(NewSharingToken { token, value })
    }

    /// Removes a token; programs using it are disconnected and refused from now on.
    pub async fn sharing_revoke_token(&self, id: &str) -> Result<SharingStatus> {
        let room = &self.inner.sharing;
        let removed = {
            let mut saved = lock(&room.saved);
            let Some(t) = saved.tokens.iter().find(|t| t.id == id).cloned() else {
                return Err(CoreError::Invalid(
                    "no such token (already revoked?)".into(),
                ));
            };
            let mut next = saved.clone();
            next.tokens.retain(|t| t.id != id);
            room.save(&next)?;
            *saved = next;
            t
        };
        // The gateway first: it stops taking the token even if the secret store fails below.
        if let Some(g) = self.inner.sharing.gateway.lock().await.as_ref() {
            g.revoke(&removed.name);
        }
        if let Err(e) = self.inner.secrets.delete(&secret_key(&removed.id)) {
            tracing::warn!(
                "the revoked token's value could not be removed from the secret store: {e}"
            );
        }
        Ok(self.sharing_status().await)
    }

    async fn sharing_refresh_tokens(&self) -> Result<()> {
        let tokens = self.sharing_tokens()?;
        if let Some(g) = self.inner.sharing.gateway.lock().await.as_ref() {
            g.set_tokens(tokens);
        }
        Ok(())
    }

    pub async fn sharing_clients(&self) -> Vec<SharingClient> {
        self.inner
            .sharing
            .gateway
            .lock()
            .await
            .as_ref()
            .map(|g| g.clients())
            .unwrap_or_default()
    }

    /// Stops the gateway without changing the choices (`wattdesk-cli serve --saved` runs its own).
    pub async fn sharing_stop(&self) {
        if let Some(g) = self.inner.sharing.gateway.lock().await.take() {
            g.stop().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_checked_before_saving() {
        let meters = vec!["A842E39F8124".to_owned()];
        let ok = SharingSettings {
            enabled: true,
            compat: vec![CompatPort {
                meter: "a842e39f8124".into(),
                port: 0,
            }],
            allowed_origins: vec!["http://homeassistant.local:8123".into()],
            ..SharingSettings::default()
        };
        assert!(validate(&ok, &meters, 0).is_ok());
        let lan = SharingSettings {
            allow_lan: true,
            ..ok.clone()
        };
        assert!(matches!(
            validate(&lan, &meters, 0),
            Err(CoreError::Gateway(GatewayError::TokenRequired))
        ));
        assert!(validate(&lan, &meters, 1).is_ok());
        let twice = SharingSettings {
            compat: vec![CompatPort {
                meter: "A842E39F8124".into(),
                port: ok.port,
            }],
            ..ok.clone()
        };
        assert!(validate(&twice, &meters, 0).is_err());
        let stranger = SharingSettings {
            compat: vec![CompatPort {
                meter: "FFFF".into(),
                port: 0,
            }],
            ..ok.clone()
        };
        assert!(validate(&stranger, &meters, 0).is_err());
        let page = SharingSettings {
            allowed_origins: vec!["http://x.example/page".into()],
            ..ok
        };
        assert!(validate(&page, &meters, 0).is_err());
    }
}
