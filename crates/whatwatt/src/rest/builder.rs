//! [`ClientBuilder`]: the options a [`Client`] is made with.

use super::{AuthState, Client, Inner};
use crate::error::{Error, Result};
use crate::resolve::{Adapter, HostResolver, SystemResolver};
use crate::AuthScheme;
use crate::Secret;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Options for [`Client`]. (Not `Debug`: it holds the password and a resolver.)
#[derive(Clone)]
pub struct ClientBuilder {
    address: String,
    password: Option<Secret>,
    timeout: Duration,
    connect_timeout: Duration,
    expected: Option<AuthScheme>,
    allow_basic: bool,
    resolver: Arc<dyn HostResolver>,
}

impl ClientBuilder {
    /// The Web UI password, if the device is protected. An empty password counts as none.
    pub fn password(mut self, password: Option<Secret>) -> Self {
        self.password = password.filter(|p| !p.is_empty());
        self
    }
    /// Time allowed for the answer (headers and, for ordinary requests, the body). Default 10 s.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    /// The scheme this device authenticated with before, if known. After Digest, a Basic challenge is
    /// refused without sending the password ([`crate::AuthFailure::BasicRefused`]): a genuine device
    /// does not go back, an impostor or a downgrade attack would.
    pub fn expect_scheme(mut self, scheme: Option<AuthScheme>) -> Self {
        self.expected = scheme;
        self
    }
    /// Whether the password may be sent in clear (HTTP Basic, firmware before 1.10). Default `true`;
    /// `false` for addresses the user has not confirmed (found by mDNS).
    pub fn allow_basic(mut self, allow: bool) -> Self {
        self.allow_basic = allow;
        self
    }
    /// How host names are resolved (default: the system's resolver). Tests answer names themselves.
    pub fn resolver(mut self, resolver: Arc<dyn HostResolver>) -> Self {
        self.resolver = resolver;
        self
    }
    /// Time allowed to open the TCP connection. Default 5 s.
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    pub fn build(self) -> Result<Client> {
        let base = crate::address::parse_address(&self.address)?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            // The device has few sockets; keep at most one idle connection and let it go soon.
            .pool_max_idle_per_host(1)
            .pool_idle_timeout(Duration::from_secs(15))
            .no_proxy()
            .dns_resolver(Arc::new(Adapter(self.resolver.clone())))
            .build()
            .map_err(|e| Error::InvalidAddress(e.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                password: self.password,
                timeout: self.timeout,
                auth: Mutex::new(AuthState::Unknown),
                refuse_basic: !self.allow_basic || self.expected == Some(AuthScheme::Digest),
                resolver: self.resolver,
            }),
        })
    }
}

impl Client {
    /// A builder for the device at `address` (IP, host name, `host:port` or URL).
    pub fn builder(address: &str) -> ClientBuilder {
        ClientBuilder {
            address: address.to_owned(),
            password: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            expected: None,
            allow_basic: true,
            resolver: Arc::new(SystemResolver),
        }
    }

    /// A client with default timeouts.
    pub fn new(address: &str, password: Option<Secret>) -> Result<Client> {
        Client::builder(address).password(password).build()
    }
}
