//! Sharing: a local REST + WebSocket gateway so other programs use WattDesk's one live stream per
//! meter instead of fighting over the device's single SSE client (or draining a meter-powered unit
//! with polls). Read-only: nothing reaches a device through it, and no device password leaves.
//!
//! Two kinds of listener, both axum (WebSocket via tokio-tungstenite):
//! - WattDesk's own API on one port (`api.rs`): `/api/v1/meters`, `/api/v1/meters/{id}`,
//!   `/api/v1/meters/{id}/history`, and the WebSocket `/api/v1/ws` (`ws.rs`).
//! - A compatibility listener per shared meter (`compat.rs`) that answers like the device for
//!   read-only use: `/api/v1/live` (any number of clients), `/api/v1/report`, `/api/v1/system`.
//!
//! Every request passes `access.rs` (rate, Host, Origin, token). Events reach clients through one
//! fan-out per meter (`hub.rs`); `clients.rs` keeps who is connected. The [`Gateway`] handle owns the
//! listeners; [`Gateway::stop`] (or dropping it) ends them and every client connection.

mod access;
mod api;
mod clients;
mod compat;
mod hub;
pub mod messages;
mod source;
mod ws;

pub use access::{GatewayToken, REALM};
pub use clients::Clients;
pub use source::{SharedMeter, Source, SupervisorSource};

use crate::ipc::SharingClient;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How long [`Gateway::stop`] waits for connections to close before dropping them.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Bounds that keep one client (or a flood of them) from hurting the rest.
#[derive(Debug, Clone)]
pub struct Limits {
    /// WebSocket and live-stream clients at once, in all.
    pub max_clients: usize,
    /// … from one address.
    pub max_clients_per_ip: usize,
    /// A WebSocket message from a client above this closes it with 1009.
    pub max_message_bytes: usize,
    /// Requests one address may make at once, then `requests_per_s`.
    pub burst: u32,
    pub requests_per_s: f64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_clients: 256,
            max_clients_per_ip: 128,
            max_message_bytes: 16 * 1024,
            burst: 200,
            requests_per_s: 50.0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// WattDesk's own API (port 0: any free port).
    pub listen: SocketAddr,
    /// Compatibility listeners: device id and port (0: any free port on the listen host).
    pub compat: Vec<(String, u16)>,
    pub tokens: Vec<GatewayToken>,
    /// Ask for a token even on loopback. Always on when `listen` is not a loopback address.
    pub require_token: bool,
    /// Web origins (`http://host:port`) whose pages may call the gateway (CORS on for them only).
    pub allowed_origins: Vec<String>,
    /// Host names besides IP literals and `localhost` that requests may address (`pi.local`).
    pub allowed_hosts: Vec<String>,
    pub limits: Limits,
}

impl GatewayConfig {
    pub fn loopback(port: u16) -> GatewayConfig {
        GatewayConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], port)),
            compat: Vec::new(),
            tokens: Vec::new(),
            require_token: false,
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            limits: Limits::default(),
        }
    }

    fn token_required(&self) -> bool {
        self.require_token || !self.listen.ip().is_loopback()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("sharing with other devices needs a token: create one first")]
    TokenRequired,
    #[error("no shared meter has the id {0}")]
    UnknownMeter(String),
}

/// A running gateway. Dropping it stops it (without waiting; [`Gateway::stop`] waits).
pub struct Gateway {
    cancel: CancellationToken,
    /// Every listener's checks, so tokens change without a restart.
    access: Vec<Arc<access::Access>>,
    tasks: Vec<JoinHandle<()>>,
    api: SocketAddr,
    compat: Vec<(String, SocketAddr)>,
    clients: Clients,
}

/// What every route of one listener shares.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub hubs: Arc<hub::Hubs>,
    pub clients: Clients,
    pub limits: Limits,
    pub cancel: CancellationToken,
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, GatewayError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| GatewayError::Bind { addr, source })
}

fn serve(listener: TcpListener, router: axum::Router, cancel: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service)
            .with_graceful_shutdown(cancel.cancelled_owned())
            .await
        {
            tracing::warn!("sharing listener stopped: {e}");
        }
    })
}

impl Gateway {
    /// Binds every listener (all or none), then serves until stopped.
    pub async fn start(
        cfg: GatewayConfig,
        source: Arc<dyn Source>,
    ) -> Result<Gateway, GatewayError> {
        let required = cfg.token_required();
        if required && cfg.tokens.is_empty() {
            return Err(GatewayError::TokenRequired);
        }
        let cancel = CancellationToken::new();
        let hubs = Arc::new(hub::Hubs::new(source.clone(), cancel.clone()));
        let ctx = Ctx {
            hubs: hubs.clone(),
            clients: Clients::default(),
            limits: cfg.limits.clone(),
            cancel: cancel.clone(),
        };
        let access = |compat| {
            Arc::new(access::Access::new(
                cfg.tokens.clone(),
                required,
                cfg.allowed_origins.clone(),
                cfg.allowed_hosts.clone(),
                compat,
                cfg.limits.clone(),
            ))
        };
        let mut checks = Vec::new();
        let api_listener = bind(cfg.listen).await?;
        let mut compat_listeners = Vec::new();
        for (id, port) in &cfg.compat {
            let id = hubs
                .resolve(id)
                .ok_or_else(|| GatewayError::UnknownMeter(id.clone()))?;
            let listener = bind(SocketAddr::new(cfg.listen.ip(), *port)).await?;
            compat_listeners.push((id, listener));
        }
        let api = api_listener
            .local_addr()
            .map_err(|source| GatewayError::Bind {
                addr: cfg.listen,
                source,
            })?;
        let api_access = access(false);
        checks.push(api_access.clone());
        let mut tasks = vec![serve(
            api_listener,
            api::router(ctx.clone(), api_access, &cfg.allowed_origins),
            cancel.clone(),
        )];
        let mut compat = Vec::new();
        for (id, listener) in compat_listeners {
            let addr = listener.local_addr().map_err(|source| GatewayError::Bind {
                addr: cfg.listen,
                source,
            })?;
            let compat_access = access(true);
            checks.push(compat_access.clone());
            tasks.push(serve(
                listener,
                compat::router(ctx.clone(), id.clone(), compat_access, &cfg.allowed_origins),
                cancel.clone(),
            ));
            compat.push((id, addr));
        }
        Ok(Gateway {
            cancel,
            access: checks,
            tasks,
            api,
            compat,
            clients: ctx.clients,
        })
    }

    /// Where WattDesk's own API answers.
    pub fn api_addr(&self) -> SocketAddr {
        self.api
    }

    /// Each compatibility listener: device id and address.
    pub fn compat_addrs(&self) -> &[(String, SocketAddr)] {
        &self.compat
    }

    pub fn clients(&self) -> Vec<SharingClient> {
        self.clients.snapshot()
    }

    /// New tokens from now on; connections made with a token no longer listed are ended.
    /// The tokens accepted from now on (a token was created).
    pub fn set_tokens(&self, tokens: Vec<GatewayToken>) {
        for a in &self.access {
            a.set_tokens(tokens.clone());
        }
    }

    pub fn client_count(&self) -> usize {
        self.clients.len()
    }

    /// Ends every listener and client connection, and waits for them a little: a client that stopped
    /// reading (a zero TCP window) must not keep the gateway, or whoever stops it, waiting forever.
    pub async fn stop(mut self) {
        self.cancel.cancel();
        let tasks: Vec<JoinHandle<()>> = self.tasks.drain(..).collect();
        let aborts: Vec<_> = tasks.iter().map(|t| t.abort_handle()).collect();
        let all = futures_util::future::join_all(tasks);
        if tokio::time::timeout(STOP_GRACE, all).await.is_err() {
            tracing::warn!("sharing: connections did not close in time; they are dropped");
            for a in aborts {
                a.abort();
            }
        }
    }

    /// Stops accepting the token named `name` and ends the connections that came with it.
    pub fn revoke(&self, name: &str) {
        for a in &self.access {
            a.revoke(name);
        }
        self.clients.disconnect_token(name);
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// CORS for the origins the user allowed (none: no CORS headers at all).
pub(crate) fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::{header, HeaderValue, Method};
    let list: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    (!list.is_empty()).then(|| {
        tower_http::cors::CorsLayer::new()
            .allow_origin(list)
            .allow_methods([Method::GET])
            .allow_headers([header::AUTHORIZATION])
    })
}
