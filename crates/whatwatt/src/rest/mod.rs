//! The REST client: one per device, cheap to clone, authentication handled inside.

use crate::auth::{basic_header, AuthScheme, Challenge, DigestSession};
use crate::error::{AuthFailure, Error, Result};
use crate::redact::snippet_without;
use crate::Secret;
use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use url::Url;

/// The device refuses JSON bodies above 8 kB; we refuse them before sending.
pub const MAX_BODY_BYTES: usize = 8 * 1024;
/// JSON answers larger than this are treated as invalid (a real device sends a few kB).
pub const MAX_JSON_RESPONSE_BYTES: usize = 1024 * 1024;
/// Downloads (SD-card files) larger than this are refused.
pub const MAX_DOWNLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Firmware images larger than this are refused before upload.
pub const MAX_FIRMWARE_BYTES: usize = 16 * 1024 * 1024;

/// How the client currently authenticates, learned from the device's challenges.
#[derive(Debug)]
enum AuthState {
    /// No challenge seen yet: send no credentials.
    Unknown,
    Basic,
    Digest(DigestSession),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Nothing,
    Basic,
    Digest,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    password: Option<Secret>,
    timeout: Duration,
    auth: Mutex<AuthState>,
    /// Never answer a Basic challenge (the password would go out in clear): the device spoke Digest
    /// before, or the address is not one the user confirmed.
    refuse_basic: bool,
    resolver: Arc<dyn crate::resolve::HostResolver>,
}

/// A client for one whatwatt Go. Clones share the HTTP connection pool and the Digest session.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("password", &self.inner.password.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Client {
    /// `http://host:port/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The device's socket addresses, resolved the way the client resolves them.
    pub async fn socket_addrs(&self) -> Vec<std::net::SocketAddr> {
        let b = &self.inner.base;
        let (Some(host), Some(port)) = (b.host_str(), b.port_or_known_default()) else {
            return Vec::new();
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = host.parse::<std::net::IpAddr>() {
            return vec![std::net::SocketAddr::new(ip, port)];
        }
        match self.inner.resolver.lookup(host).await {
            Ok(ips) => ips
                .into_iter()
                .map(|ip| std::net::SocketAddr::new(ip, port))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// True once the client holds a password.
    pub fn has_password(&self) -> bool {
        self.inner.password.is_some()
    }

    fn target(&self) -> String {
        let b = &self.inner.base;
        match b.port() {
            Some(p) => format!("{}:{p}", b.host_str().unwrap_or_default()),
            None => b.host_str().unwrap_or_default().to_owned(),
        }
    }

    fn authorization(&self, method: &Method, uri: &str) -> (Sent, Option<String>) {
        let Some(pw) = &self.inner.password else {
            return (Sent::Nothing, None);
        };
        let mut state = self.inner.auth.lock().unwrap_or_else(|p| p.into_inner());
        match &mut *state {
            AuthState::Unknown => (Sent::Nothing, None),
            AuthState::Basic => (Sent::Basic, Some(basic_header(pw.expose()))),
            AuthState::Digest(s) => (
                Sent::Digest,
                Some(s.authorize(method.as_str(), uri, pw.expose())),
            ),
        }
    }

    /// The scheme this client authenticates with, once a challenge was answered.
    pub fn scheme(&self) -> Option<AuthScheme> {
        match *self.inner.auth.lock().unwrap_or_else(|p| p.into_inner()) {
            AuthState::Unknown => None,
            AuthState::Basic => Some(AuthScheme::Basic),
            AuthState::Digest(_) => Some(AuthScheme::Digest),
        }
    }

    /// Whether `d` comes from other server state than the session in use (another realm, another
    /// nonce).
    fn is_new_challenge(&self, d: &crate::auth::digest::DigestChallenge) -> bool {
        let state = self.inner.auth.lock().unwrap_or_else(|p| p.into_inner());
        match &*state {
            AuthState::Digest(s) => {
                s.challenge().realm != d.realm || s.challenge().nonce != d.nonce
            }
            _ => true,
        }
    }

    fn adopt(&self, challenge: Challenge) {
        let mut state = self.inner.auth.lock().unwrap_or_else(|p| p.into_inner());
        *state = match challenge {
            Challenge::Basic { .. } => AuthState::Basic,
            Challenge::Digest(d) => AuthState::Digest(DigestSession::new(d)),
        };
    }

    /// What went wrong on the way: no such name, nothing listening, a network failure, or something
    /// that answered but not in HTTP (a broker, another service). The whole cause chain is kept.
    fn classify(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            return Error::Timeout(self.inner.timeout);
        }
        // reqwest's Display names the URL (never a password: we keep none in URLs) and the cause.
        let mut reason = e.to_string();
        let mut not_found = None;
        let mut not_http = false;
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            reason = format!("{reason}: {s}");
            if let Some(h) = s.downcast_ref::<crate::resolve::HostNotFound>() {
                not_found = Some(h.host.clone());
            }
            if let Some(h) = s.downcast_ref::<hyper::Error>() {
                not_http |= h.is_incomplete_message() || h.is_parse() || h.is_parse_status();
            }
            src = s.source();
        }
        if let Some(host) = not_found {
            return Error::UnknownHost { host };
        }
        if not_http && !e.is_connect() {
            return Error::NotHttp {
                target: self.target(),
                reason,
            };
        }
        Error::Unreachable {
            target: self.target(),
            reason,
        }
    }

    /// Sends one request, answering auth challenges: the first challenge picks the scheme, a
    /// `stale=true` Digest challenge is retried once with a new session (new cnonce, nc = 1), a
    /// device that moved from Basic to Digest (firmware update) is followed once. Digest is never
    /// given up for Basic, and Basic is refused where the builder says so
    /// ([`AuthFailure::BasicRefused`], nothing sent). Returns the response with a success status;
    /// other statuses become typed errors.
    pub async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<(Bytes, &str)>,
    ) -> Result<Response> {
        self.send_with(
            method,
            path_and_query,
            body,
            MAX_BODY_BYTES,
            &[],
            &Upload::default(),
        )
        .await
    }

    /// `body_secrets`: secrets in the body, redacted from the device's answer if it echoes them;
    /// `upload`: a large body's own time limit and progress.
    async fn send_with(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<(Bytes, &str)>,
        max_body: usize,
        body_secrets: &[Secret],
        upload: &Upload,
    ) -> Result<Response> {
        let timeout = upload.timeout.unwrap_or(self.inner.timeout);
        if let Some((b, _)) = &body {
            if b.len() > max_body {
                return Err(Error::PayloadTooLarge {
                    size: b.len(),
                    limit: max_body,
                });
            }
        }
        let url = self
            .inner
            .base
            .join(path_and_query.trim_start_matches('/'))
            .map_err(|_| Error::InvalidAddress(path_and_query.to_owned()))?;
        let uri = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let mut renewed_stale = false;
        let mut renewed_fresh = false;
        let mut switched = false;
        loop {
            let (sent, header) = self.authorization(&method, &uri);
            let mut req = self.inner.http.request(method.clone(), url.clone());
            if let Some(h) = header {
                let mut v = HeaderValue::from_str(&h)
                    .map_err(|_| Error::InvalidAddress("unusable auth header".into()))?;
                v.set_sensitive(true);
                req = req.header(AUTHORIZATION, v);
            }
            if let Some((b, ct)) = &body {
                req = req.header(CONTENT_TYPE, *ct);
                req = match &upload.progress {
                    None => req.body(b.clone()),
                    Some(p) => req
                        .header(reqwest::header::CONTENT_LENGTH, b.len())
                        .body(upload::counted(b.clone(), p.clone())),
                };
            }
            let resp = tokio::time::timeout(timeout, req.send())
                .await
                .map_err(|_| Error::Timeout(timeout))?
                .map_err(|e| self.classify(e))?;
            if resp.status() != StatusCode::UNAUTHORIZED {
                let sent = body.as_ref().map_or(0, |(b, _)| b.len());
                return self.check(resp, path_and_query, body_secrets, sent).await;
            }
            if self.inner.password.is_none() {
                return Err(Error::Unauthorized(AuthFailure::PasswordRequired));
            }
            let challenge = Challenge::pick(
                resp.headers()
                    .get_all(WWW_AUTHENTICATE)
                    .iter()
                    .filter_map(|v| v.to_str().ok()),
            );
            if matches!(challenge, Some(Challenge::Basic { .. }))
                && (self.inner.refuse_basic || sent == Sent::Digest)
            {
                // A device that spoke Digest does not go back to Basic; something else may be
                // answering in its place. The password stays here.
                return Err(Error::Unauthorized(AuthFailure::BasicRefused));
            }
            match (sent, challenge) {
                (Sent::Nothing, Some(ch)) => self.adopt(ch),
                (Sent::Digest, Some(Challenge::Digest(d))) if d.stale && !renewed_stale => {
                    renewed_stale = true;
                    self.adopt(Challenge::Digest(d));
                }
                // A new realm (the host name changed) or a device that forgot our nonce (it
                // rebooted) answers a plain 401: the new challenge is taken once before the
                // password is called wrong.
                (Sent::Digest, Some(Challenge::Digest(d)))
                    if !renewed_fresh && self.is_new_challenge(&d) =>
                {
                    renewed_fresh = true;
                    self.adopt(Challenge::Digest(d));
                }
                // Firmware updated (Basic → Digest): follow the device once.
                (Sent::Basic, Some(ch @ Challenge::Digest(_))) if !switched => {
                    switched = true;
                    self.adopt(ch);
                }
                _ => return Err(Error::Unauthorized(AuthFailure::WrongPassword)),
            }
        }
    }

    /// A success passes; anything else becomes the typed error, the device's own words redacted.
    /// `size`: the bytes of the body sent, for a device that calls it too large.
    async fn check(
        &self,
        resp: Response,
        path: &str,
        sent: &[Secret],
        size: usize,
    ) -> Result<Response> {
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let body = read_limited(resp, 4096, self.inner.timeout)
            .await
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&body);
        let message = device_message(&text).unwrap_or_else(|| text.trim().to_owned());
        // The device password and every secret this request carried (a broker password in a PUT).
        let secrets = self.inner.password.iter().chain(sent).map(Secret::expose);
        let message = crate::redact::snippet_without_any(&message, secrets);
        Err(match status {
            StatusCode::NOT_FOUND if text.to_ascii_lowercase().contains("license required") => {
                Error::LicenseRequired
            }
            StatusCode::NOT_FOUND => Error::NotFound(path.to_owned()),
            StatusCode::BAD_REQUEST => Error::BadRequest(message),
            // The device's own limit (our own is checked before sending).
            StatusCode::PAYLOAD_TOO_LARGE => Error::RefusedAsTooLarge { size, message },
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::BadRequest(format!(
                "the device does not take this kind of upload (415 Unsupported Media Type){}",
                if message.is_empty() {
                    String::new()
                } else {
                    format!(": {message}")
                }
            )),
            StatusCode::SERVICE_UNAVAILABLE => Error::ServiceUnavailable(message),
            s => Error::Http {
                status: s.as_u16(),
                snippet: message,
            },
        })
    }

    async fn body(&self, resp: Response, limit: usize) -> Result<Bytes> {
        read_limited(resp, limit, self.inner.timeout)
            .await
            .map_err(|e| match e {
                ReadError::TooLarge => Error::InvalidResponse {
                    reason: format!("answer larger than {limit} bytes"),
                    snippet: String::new(),
                },
                ReadError::Timeout => Error::Timeout(self.inner.timeout),
                ReadError::Broken(m) => Error::Unreachable {
                    target: self.target(),
                    reason: m,
                },
            })
    }

    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T> {
        serde_json::from_slice(bytes).map_err(|e| Error::InvalidResponse {
            reason: e.to_string(),
            snippet: snippet_without(
                &String::from_utf8_lossy(bytes),
                self.inner.password.as_ref().map(|p| p.expose()),
            ),
        })
    }

    /// GET a JSON document.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        let resp = self.send(Method::GET, path, None).await?;
        let bytes = self.body(resp, MAX_JSON_RESPONSE_BYTES).await?;
        self.decode(&bytes)
    }

    /// Sends a JSON body with `method`; an empty (204) answer is fine.
    pub async fn send_json<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<()> {
        let (bytes, sent) = crate::secret::reveal(|| serde_json::to_vec(body));
        let bytes = bytes.map_err(|e| Error::InvalidResponse {
            reason: format!("cannot encode request: {e}"),
            snippet: String::new(),
        })?;
        let resp = self
            .send_with(
                method,
                path,
                Some((Bytes::from(bytes), "application/json")),
                MAX_BODY_BYTES,
                &sent,
                &Upload::default(),
            )
            .await?;
        self.body(resp, MAX_JSON_RESPONSE_BYTES).await?;
        Ok(())
    }

    async fn empty(&self, method: Method, path: &str) -> Result<()> {
        let resp = self.send(method, path, None).await?;
        self.body(resp, MAX_JSON_RESPONSE_BYTES).await?;
        Ok(())
    }
}

mod body;
mod builder;
mod endpoints;
mod upload;

use body::{device_message, read_limited, ReadError};
pub use builder::ClientBuilder;
pub use upload::{Progress, Upload};

impl Client {
    /// True once the device has challenged us and we answer with credentials.
    pub fn authenticated(&self) -> bool {
        !matches!(
            *self.inner.auth.lock().unwrap_or_else(|p| p.into_inner()),
            AuthState::Unknown
        )
    }
}
