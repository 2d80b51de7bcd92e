//! HTTP authentication as the firmware enforces it when protection is on: Digest with expiring nonces
//! (`stale=true` once a nonce is too old but the credentials are right) or, for firmware < 1.10, Basic.

use crate::config::AuthScheme;
use crate::device::{lock, Shared};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use rand::Rng;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use whatwatt::auth::digest::{Algorithm, DigestCredentials};

/// Nonces the device issued, with their age. Bounded: the oldest are forgotten first.
pub struct NonceStore {
    lifetime: Duration,
    issued: HashMap<String, Instant>,
}

pub enum NonceState {
    Fresh,
    Stale,
    Unknown,
}

const MAX_NONCES: usize = 64;

impl NonceStore {
    pub fn new(lifetime: Duration) -> NonceStore {
        NonceStore {
            lifetime,
            issued: HashMap::new(),
        }
    }

    pub fn issue(&mut self) -> String {
        let nonce = format!("{:032x}", rand::rng().random::<u128>());
        if self.issued.len() >= MAX_NONCES {
            if let Some(oldest) = self
                .issued
                .iter()
                .min_by_key(|(_, t)| **t)
                .map(|(n, _)| n.clone())
            {
                self.issued.remove(&oldest);
            }
        }
        self.issued.insert(nonce.clone(), Instant::now());
        nonce
    }

    /// Ages every issued nonce past its lifetime (tests: provoke `stale=true` without waiting).
    pub fn expire_all(&mut self) {
        let old = Instant::now().checked_sub(self.lifetime + Duration::from_secs(1));
        for t in self.issued.values_mut() {
            if let Some(o) = old {
                *t = o;
            }
        }
    }

    pub fn check(&self, nonce: &str) -> NonceState {
        match self.issued.get(nonce) {
            Some(t) if t.elapsed() <= self.lifetime => NonceState::Fresh,
            Some(_) => NonceState::Stale,
            None => NonceState::Unknown,
        }
    }
}

fn unauthorized(challenge: String) -> Response {
    let mut resp = (
        StatusCode::UNAUTHORIZED,
        Json(serde_json::json!({"error": "unauthorized", "message": "Authentication required"})),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        resp.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    resp
}

fn digest_challenge(shared: &Shared, stale: bool) -> String {
    count(&shared.stats.challenges);
    if stale {
        count(&shared.stats.stale_challenges);
    }
    let nonce = lock(&shared.nonces).issue();
    let algorithm = match shared.cfg.auth {
        AuthScheme::DigestMd5 => Algorithm::Md5,
        _ => Algorithm::Md5Sess,
    };
    format!(
        "Digest realm=\"{}\", qop=\"auth\", algorithm={}, nonce=\"{nonce}\", opaque=\"{}\"{}",
        shared.realm(),
        algorithm.as_str(),
        shared.id.to_ascii_lowercase(),
        if stale { ", stale=true" } else { "" }
    )
}

fn count(c: &std::sync::atomic::AtomicU64) {
    c.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

pub async fn require_auth(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    count(&shared.stats.requests);
    let Some(password) = shared.state().enforced_password() else {
        return next.run(req).await;
    };
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if shared.cfg.auth == AuthScheme::Basic {
        let ok = header
            .strip_prefix("Basic ")
            .and_then(|t| {
                base64::engine::general_purpose::STANDARD
                    .decode(t.trim())
                    .ok()
            })
            .and_then(|raw| String::from_utf8(raw).ok())
            .is_some_and(|userpass| {
                userpass
                    .split_once(':')
                    .is_some_and(|(_, pw)| pw == password)
            });
        return if ok {
            next.run(req).await
        } else {
            count(&shared.stats.challenges);
            unauthorized(format!("Basic realm=\"{}\"", shared.realm()))
        };
    }
    let expected_alg = match shared.cfg.auth {
        AuthScheme::DigestMd5 => Algorithm::Md5,
        _ => Algorithm::Md5Sess,
    };
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let Some(creds) = DigestCredentials::parse(&header) else {
        return unauthorized(digest_challenge(&shared, false));
    };
    let uri_ok = creds.uri == path || creds.uri.ends_with(&path);
    // The device issues an opaque value; a client must echo it unchanged.
    let opaque_ok = creds.opaque.as_deref() == Some(shared.id.to_ascii_lowercase().as_str());
    let valid = uri_ok
        && opaque_ok
        && creds.algorithm == expected_alg
        && creds.qop_auth
        && creds.realm == shared.realm()
        && creds.verify(req.method().as_str(), &password);
    if !valid {
        return unauthorized(digest_challenge(&shared, false));
    }
    let state = lock(&shared.nonces).check(&creds.nonce);
    match state {
        NonceState::Fresh => next.run(req).await,
        // Right password, old nonce: tell the client to retry with a new one.
        NonceState::Stale => unauthorized(digest_challenge(&shared, true)),
        NonceState::Unknown => unauthorized(digest_challenge(&shared, false)),
    }
}
