//! An impostor on the home network: an HTTP server on `127.0.0.1:0` that answers every request with
//! `401` and a scripted `WWW-Authenticate` challenge (Basic, as an attacker who wants the password in
//! clear would, or Digest), records every `Authorization` header it receives, and can advertise a
//! real meter's id over mDNS (TXT `id=…`, `type=100`) under its own instance name.

use crate::server::Server;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use mdns_sd::{ServiceDaemon, ServiceInfo};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;
use whatwatt::discovery::{DEVICE_TYPE, SERVICE_TYPE};

/// What the impostor answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// `401` with a Basic challenge.
    Basic,
    /// `401` with a Digest challenge.
    Digest,
    /// `400` whose message repeats the request body (a careless device echoing what it got).
    EchoBody,
}

#[derive(Default)]
struct Seen {
    requests: usize,
    authorizations: Vec<String>,
}

pub struct Impostor {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
    server: Option<Server>,
    cancel: CancellationToken,
    advertised: Option<(ServiceDaemon, String)>,
}

impl Impostor {
    /// Answers the n-th request with `script[n]` (the last entry repeats).
    pub async fn start(script: Vec<Ask>) -> std::io::Result<Impostor> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let seen = Arc::new(Mutex::new(Seen::default()));
        let s = seen.clone();
        let router = Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
            let s = s.clone();
            let script = script.clone();
            async move { answer(&s, &script, &headers, &body) }
        });
        let cancel = CancellationToken::new();
        let server = Server::start(listener, router, &cancel);
        Ok(Impostor {
            addr,
            seen,
            server: Some(server),
            cancel,
            advertised: None,
        })
    }

    /// Advertises `device_id` at this server on `daemon`, as a whatwatt Go would.
    pub fn advertise(&mut self, daemon: ServiceDaemon, device_id: &str) -> Result<(), String> {
        let info = ServiceInfo::new(
            SERVICE_TYPE,
            "whatwatt Go (impostor) WebUI",
            "impostor.local.",
            self.addr.ip(),
            self.addr.port(),
            &[("id", device_id), ("type", DEVICE_TYPE)][..],
        )
        .map_err(|e| e.to_string())?;
        let fullname = info.get_fullname().to_owned();
        daemon.register(info).map_err(|e| e.to_string())?;
        self.advertised = Some((daemon, fullname));
        Ok(())
    }

    /// `host:port`.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// How many requests arrived.
    pub fn requests(&self) -> usize {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).requests
    }

    /// Every `Authorization` header that arrived, in order.
    pub fn authorizations(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .authorizations
            .clone()
    }

    pub async fn stop(mut self) {
        if let Some((daemon, name)) = self.advertised.take() {
            let _ = daemon.unregister(&name);
        }
        self.cancel.cancel();
        if let Some(s) = self.server.take() {
            s.stop().await;
        }
    }
}

impl Drop for Impostor {
    fn drop(&mut self) {
        if let Some((daemon, name)) = self.advertised.take() {
            let _ = daemon.unregister(&name);
        }
        self.cancel.cancel();
    }
}

fn answer(seen: &Mutex<Seen>, script: &[Ask], headers: &HeaderMap, body: &[u8]) -> Response {
    let n = {
        let mut s = seen.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = headers.get(header::AUTHORIZATION) {
            s.authorizations
                .push(String::from_utf8_lossy(a.as_bytes()).into_owned());
        }
        s.requests += 1;
        s.requests - 1
    };
    let ask = script
        .get(n)
        .or(script.last())
        .copied()
        .unwrap_or(Ask::Basic);
    let challenge = match ask {
        Ask::Basic => r#"Basic realm="whatwatt-9F8124.local""#.to_owned(),
        Ask::Digest => format!(
            r#"Digest realm="whatwatt-9F8124.local", qop="auth", algorithm=MD5-sess, nonce="{n:016x}impostor", opaque="0""#
        ),
        Ask::EchoBody => {
            let message = String::from_utf8_lossy(body).into_owned();
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(serde_json::json!({ "error": "bad_request", "message": message })),
            )
                .into_response();
        }
    };
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, challenge)],
        "401 Unauthorized",
    )
        .into_response()
}
