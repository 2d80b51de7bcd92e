//! Host names to addresses. The client resolves through [`HostResolver`], so a name nobody answers
//! for becomes [`crate::Error::UnknownHost`] (not "nothing answered"), and tests can answer names
//! themselves: a DNS query must never leave a test machine.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

/// The addresses of a host name, or an error when there are none.
pub type Lookup = Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>;

/// Resolves host names for [`crate::Client`] (see [`crate::rest::ClientBuilder::resolver`]).
pub trait HostResolver: Send + Sync + 'static {
    fn lookup(&self, host: &str) -> Lookup;
}

/// The operating system's resolver (DNS, mDNS via nss, `/etc/hosts`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl HostResolver for SystemResolver {
    fn lookup(&self, host: &str) -> Lookup {
        let host = host.to_owned();
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addrs.map(|a| a.ip()).collect())
        })
    }
}

/// Answers a fixed set of names and nothing else (tests, or a hosts-file style override).
#[derive(Debug, Clone, Default)]
pub struct FixedResolver {
    names: HashMap<String, Vec<IpAddr>>,
}

impl FixedResolver {
    pub fn new() -> FixedResolver {
        FixedResolver::default()
    }

    /// `name` resolves to `addr`.
    pub fn with(mut self, name: &str, addr: IpAddr) -> FixedResolver {
        self.names
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(addr);
        self
    }
}

impl HostResolver for FixedResolver {
    fn lookup(&self, host: &str) -> Lookup {
        let found = self.names.get(&host.to_ascii_lowercase()).cloned();
        Box::pin(async move {
            found.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such name"))
        })
    }
}

/// The marker in an error's source chain that a name did not resolve.
#[derive(Debug)]
pub struct HostNotFound {
    pub host: String,
}

impl std::fmt::Display for HostNotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no device has the name {:?}", self.host)
    }
}

impl std::error::Error for HostNotFound {}

/// reqwest's side of the seam.
pub(crate) struct Adapter(pub Arc<dyn HostResolver>);

impl reqwest::dns::Resolve for Adapter {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let lookup = self.0.lookup(&host);
        Box::pin(async move {
            match lookup.await {
                Ok(ips) if !ips.is_empty() => {
                    let addrs: reqwest::dns::Addrs =
                        Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
                    Ok(addrs)
                }
                _ => Err(Box::new(HostNotFound { host }) as Box<_>),
            }
        })
    }
}
