//! Who may talk to the gateway, checked before any route runs: a request rate per address, the Host
//! header (a web page that rebinds its own name to 127.0.0.1 is refused), the Origin header (a page
//! from another site is refused unless the user allowed it), and a token where one is required.
//!
//! A token comes as `Authorization: Bearer`, `?token=`, or a WebSocket subprotocol `token.<TOKEN>`
//! (browsers cannot set headers on a WebSocket); on a compatibility port also as the device-style
//! password (HTTP Digest MD5-sess or Basic, user name ignored), so whatwatt clients work unchanged.

use super::Limits;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use whatwatt::auth::digest::DigestCredentials;
use whatwatt::Secret;

/// A named token a client presents.
#[derive(Clone)]
pub struct GatewayToken {
    pub name: String,
    pub secret: Secret,
}

impl std::fmt::Debug for GatewayToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayToken")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Which token let a request in (`None`: none was needed); handlers find it in the extensions.
#[derive(Debug, Clone)]
pub struct Admitted {
    pub token: Option<String>,
}

const NONCE_LIFETIME: Duration = Duration::from_secs(300);
const MAX_NONCES: usize = 256;
const MAX_TRACKED_ADDRESSES: usize = 4096;
pub const REALM: &str = "wattdesk";

pub struct Access {
    /// Replaced whole when the user creates or revokes one (`Gateway::set_tokens`).
    tokens: std::sync::RwLock<Vec<GatewayToken>>,
    require_token: bool,
    allowed_origins: Vec<String>,
    allowed_hosts: Vec<String>,
    /// A compatibility port: Digest and Basic are accepted too, and a refusal challenges with Digest.
    compat: bool,
    limits: Limits,
    /// Issued Digest nonces: when, and the highest `nc` used with each (a repeat is a replay).
    nonces: Mutex<HashMap<String, (Instant, u32)>>,
    rates: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

fn refuse(status: StatusCode, error: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({"error": error, "message": message})),
    )
        .into_response()
}

/// The host name of a `Host` header (`[::1]:80` → `::1`, `Example.local:8080` → `example.local`).
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn eq_ct(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Access {
    pub fn new(
        tokens: Vec<GatewayToken>,
        require_token: bool,
        allowed_origins: Vec<String>,
        allowed_hosts: Vec<String>,
        compat: bool,
        limits: Limits,
    ) -> Access {
        Access {
            tokens: std::sync::RwLock::new(tokens),
            require_token,
            allowed_origins: allowed_origins
                .into_iter()
                .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
                .collect(),
            allowed_hosts: allowed_hosts
                .into_iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
            compat,
            limits,
            nonces: Mutex::new(HashMap::new()),
            rates: Mutex::new(HashMap::new()),
        }
    }

    /// IP literals and `localhost` always; other names only when the user listed them. A DNS
    /// rebinding attack needs a name of its own, so it never passes.
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(HOST) else {
            // HTTP/1.0 without Host: no browser sends that.
            return true;
        };
        let Ok(host) = host.to_str() else {
            return false;
        };
        let name = host_name(host);
        name == "localhost" || name.parse::<IpAddr>().is_ok() || self.allowed_hosts.contains(&name)
    }

    /// No Origin (not a browser) or one the user allowed.
    fn origin_allowed(&self, headers: &HeaderMap) -> bool {
        match headers.get(ORIGIN).map(|o| o.to_str()) {
            None => true,
            Some(Ok(o)) => {
                let o = o.trim_end_matches('/').to_ascii_lowercase();
                self.allowed_origins.contains(&o)
            }
            Some(Err(_)) => false,
        }
    }

    /// A token bucket per address: `burst` requests at once, `per_second` after that.
    fn rate_ok(&self, ip: IpAddr) -> bool {
        let mut rates = super::lock(&self.rates);
        let now = Instant::now();
        if rates.len() >= MAX_TRACKED_ADDRESSES {
            let burst = self.limits.burst as f64;
            let per_s = self.limits.requests_per_s;
            rates.retain(|_, (level, at)| {
                *level + now.duration_since(*at).as_secs_f64() * per_s < burst
            });
            // Still full: so many addresses are busy at once that a new one waits its turn.
            if rates.len() >= MAX_TRACKED_ADDRESSES && !rates.contains_key(&ip) {
                return false;
            }
        }
        let (level, at) = rates.entry(ip).or_insert((self.limits.burst as f64, now));
        *level = (*level + now.duration_since(*at).as_secs_f64() * self.limits.requests_per_s)
            .min(self.limits.burst as f64);
        *at = now;
        if *level >= 1.0 {
            *level -= 1.0;
            true
        } else {
            false
        }
    }

    pub fn set_tokens(&self, tokens: Vec<GatewayToken>) {
        *self.tokens.write().unwrap_or_else(|p| p.into_inner()) = tokens;
    }

    /// Stops accepting the token named `name` (no secret store involved, so it cannot fail).
    pub fn revoke(&self, name: &str) {
        self.tokens
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|t| t.name != name);
    }

    fn tokens(&self) -> std::sync::RwLockReadGuard<'_, Vec<GatewayToken>> {
        self.tokens.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The name of the token whose value was presented.
    fn token_named(&self, presented: &str) -> Option<String> {
        self.tokens()
            .iter()
            .find(|t| eq_ct(t.secret.expose().trim(), presented.trim()))
            .map(|t| t.name.clone())
    }

    /// The name of the token the request carries, if it is one of ours.
    fn presented(
        &self,
        method: &Method,
        uri: &axum::http::Uri,
        headers: &HeaderMap,
    ) -> Option<String> {
        let auth = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if let Some(t) = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
        {
            return self.token_named(t);
        }
        if let Some(t) = uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        }) {
            return self.token_named(&t);
        }
        if let Some(protocols) = headers
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok())
        {
            if let Some(t) = protocols
                .split(',')
                .find_map(|p| p.trim().strip_prefix("token."))
            {
                return self.token_named(t);
            }
        }
        if !self.compat {
            return None;
        }
        if let Some(b) = auth.strip_prefix("Basic ") {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()?;
            let text = String::from_utf8(raw).ok()?;
            let (_, password) = text.split_once(':')?;
            return self.token_named(password);
        }
        let creds = DigestCredentials::parse(auth)?;
        // Only qop=auth, for this very request, with a fresh nonce and a counter that went up: a
        // header sniffed from one request opens neither another path nor the same one again.
        let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        if !creds.qop_auth || creds.realm != REALM || creds.uri != path {
            return None;
        }
        let name = self
            .tokens()
            .iter()
            .find(|t| creds.verify(method.as_str(), t.secret.expose()))
            .map(|t| t.name.clone())?;
        let mut nonces = super::lock(&self.nonces);
        let (issued, last_nc) = nonces.get_mut(&creds.nonce)?;
        if issued.elapsed() > NONCE_LIFETIME || creds.nc <= *last_nc {
            return None;
        }
        *last_nc = creds.nc;
        Some(name)
    }

    fn challenge(&self) -> String {
        if !self.compat {
            return format!("Bearer realm=\"{REALM}\"");
        }
        let mut nonces = super::lock(&self.nonces);
        if nonces.len() >= MAX_NONCES {
            nonces.retain(|_, (t, _)| t.elapsed() <= NONCE_LIFETIME);
            if nonces.len() >= MAX_NONCES {
                if let Some(oldest) = nonces
                    .iter()
                    .min_by_key(|(_, (t, _))| *t)
                    .map(|(n, _)| n.clone())
                {
                    nonces.remove(&oldest);
                }
            }
        }
        let nonce = format!("{:032x}", rand::random::<u128>());
        nonces.insert(nonce.clone(), (Instant::now(), 0));
        format!("Digest realm=\"{REALM}\", qop=\"auth\", algorithm=MD5-sess, nonce=\"{nonce}\", opaque=\"{REALM}\"")
    }
}

/// The checks, in order: rate, Host, Origin, token. Preflight requests (CORS) need no token.
pub async fn guard(
    State(access): State<std::sync::Arc<Access>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut req: Request,
    next: Next,
) -> Response {
    if !access.rate_ok(peer.ip()) {
        let mut r = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "too many requests from this address; slow down",
        );
        r.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    }
    if !access.host_allowed(req.headers()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "host_not_allowed",
            "this address is not one WattDesk answers to; use its IP address",
        );
    }
    if !access.origin_allowed(req.headers()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "web pages from this site may not read your meters; allow the site in WattDesk's Sharing settings",
        );
    }
    let token = access.presented(req.method(), req.uri(), req.headers());
    if access.require_token && token.is_none() && req.method() != Method::OPTIONS {
        let mut r = refuse(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a sharing token is required (Authorization: Bearer TOKEN)",
        );
        if let Ok(v) = HeaderValue::from_str(&access.challenge()) {
            r.headers_mut().insert(WWW_AUTHENTICATE, v);
        }
        return r;
    }
    req.extensions_mut().insert(Admitted { token });
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(compat: bool) -> Access {
        Access::new(
            vec![GatewayToken {
                name: "ha".into(),
                secret: Secret::new("s3cret-token"),
            }],
            true,
            vec!["http://dash.example:8123/".into()],
            vec!["pi.local".into()],
            compat,
            Limits::default(),
        )
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn hosts_are_ip_literals_localhost_or_listed_names() {
        let a = access(false);
        for ok in [
            "127.0.0.1:8080",
            "[::1]:9",
            "localhost:1",
            "192.168.1.20",
            "PI.local:80",
        ] {
            assert!(a.host_allowed(&headers(&[("host", ok)])), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1.nip.io",
            "localhost.evil.com",
        ] {
            assert!(!a.host_allowed(&headers(&[("host", bad)])), "{bad}");
        }
    }

    #[test]
    fn origins_only_when_allowed() {
        let a = access(false);
        assert!(a.origin_allowed(&HeaderMap::new()));
        assert!(a.origin_allowed(&headers(&[("origin", "http://DASH.example:8123")])));
        assert!(!a.origin_allowed(&headers(&[("origin", "http://evil.example")])));
        assert!(!a.origin_allowed(&headers(&[("origin", "null")])));
    }

    #[test]
    fn tokens_by_bearer_query_subprotocol_and_on_compat_ports_basic() {
        let a = access(true);
        let uri: axum::http::Uri = "/api/v1/live".parse().unwrap();
        let m = Method::GET;
        let found = |h: HeaderMap, uri: &axum::http::Uri| a.presented(&m, uri, &h);
        assert_eq!(
            found(headers(&[("authorization", "Bearer s3cret-token")]), &uri).as_deref(),
            Some("ha")
        );
        assert_eq!(
            found(headers(&[("authorization", "Bearer wrong")]), &uri),
            None
        );
        assert_eq!(
            found(HeaderMap::new(), &"/x?token=s3cret-token".parse().unwrap()).as_deref(),
            Some("ha")
        );
        assert_eq!(
            found(
                headers(&[("sec-websocket-protocol", "wattdesk.v1, token.s3cret-token")]),
                &uri
            )
            .as_deref(),
            Some("ha")
        );
        let basic = base64::engine::general_purpose::STANDARD.encode(":s3cret-token");
        assert_eq!(
            found(
                headers(&[("authorization", &format!("Basic {basic}"))]),
                &uri
            )
            .as_deref(),
            Some("ha")
        );
        // Not on WattDesk's own port.
        let b = access(false);
        assert!(b
            .presented(
                &m,
                &uri,
                &headers(&[("authorization", &format!("Basic {basic}"))])
            )
            .is_none());
    }

    #[test]
    fn digest_with_the_token_as_password() {
        let a = access(true);
        let challenge = a.challenge();
        let params =
            whatwatt::auth::DigestChallenge::parse(challenge.strip_prefix("Digest ").unwrap())
                .unwrap();
        let mut session = whatwatt::auth::DigestSession::new(params);
        let header = session.authorize("GET", "/api/v1/report", "s3cret-token");
        let uri: axum::http::Uri = "/api/v1/report".parse().unwrap();
        let h = headers(&[("authorization", &header)]);
        assert_eq!(a.presented(&Method::GET, &uri, &h).as_deref(), Some("ha"));
        let wrong = session.authorize("GET", "/api/v1/report", "nope");
        assert!(a
            .presented(&Method::GET, &uri, &headers(&[("authorization", &wrong)]))
            .is_none());
    }

    #[test]
    fn the_rate_is_a_bucket_per_address() {
        let a = Access::new(
            vec![],
            false,
            vec![],
            vec![],
            false,
            Limits {
                burst: 3,
                requests_per_s: 0.001,
                ..Limits::default()
            },
        );
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert!((0..3).all(|_| a.rate_ok(ip)));
        assert!(!a.rate_ok(ip));
        assert!(a.rate_ok("127.0.0.2".parse().unwrap()));
    }
}
