//! Finding a device again by its id after it moved to the home network: the station address it
//! reported over the link the user chose (its access point), and its mDNS advertisement (TXT `id`).
//! Nothing is sent with credentials here: only `/api/v1/system` is asked, which carries the id, or
//! answers 401 once the device is protected (then the id is the one the device itself reported, or
//! the one its advertisement carries).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use whatwatt::discovery::{Browser, DiscoveryEvent};
use whatwatt::resolve::HostResolver;
use whatwatt::{AuthFailure, Client, Error, MdnsPolicy};

/// Where an address came from, which decides what may be sent there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The device reported it over the address the user gave.
    Reported,
    /// An mDNS advertisement carrying the device's id: anyone on the network could send one.
    Mdns,
}

/// Addresses to try, in the order they were learned.
#[derive(Debug, Default)]
pub struct Candidates {
    list: Vec<(String, Source)>,
    seen: BTreeSet<String>,
}

impl Candidates {
    pub fn add(&mut self, address: impl Into<String>, source: Source) {
        let a = address.into();
        if !a.is_empty() && self.seen.insert(a.clone()) {
            self.list.push((a, source));
        }
    }

    /// Not the device after all (it failed the login check): never tried again.
    pub fn reject(&mut self, address: &str) {
        self.list.retain(|(a, _)| a != address);
    }
}

/// A device answering for the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub address: String,
    pub source: Source,
}

/// A client that sends no credentials, waiting at most `timeout` for anything.
pub(super) fn open_client(
    address: &str,
    resolver: &Arc<dyn HostResolver>,
    timeout: Duration,
) -> Option<Client> {
    Client::builder(address)
        .resolver(resolver.clone())
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .ok()
}

/// Whether the device at `address` answers as `device_id`: its id in `/api/v1/system` (ids compare
/// case-insensitively: devices and their mDNS records print them in either case), or a password
/// request, which a device set up a moment ago with a password gives.
async fn answers_as(
    address: &str,
    device_id: &str,
    timeout: Duration,
    resolver: &Arc<dyn HostResolver>,
) -> bool {
    let Some(client) = open_client(address, resolver, timeout) else {
        return false;
    };
    match client.system().await {
        Ok(sys) => sys.device.id.eq_ignore_ascii_case(device_id),
        Err(Error::Unauthorized(AuthFailure::PasswordRequired)) => true,
        Err(_) => false,
    }
}

/// Shuts the mDNS daemon down however `find` ends (a cancelled setup drops it half way).
pub(super) struct Daemon(pub(super) Option<mdns_sd::ServiceDaemon>);

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(d) = self.0.take() {
            let _ = d.shutdown();
        }
    }
}

/// Looks for `device_id` until `deadline`: every `poll`, each candidate address in turn; at once, any
/// address mDNS announces for the id. `on_wait` is told the time spent so far.
pub async fn find(
    device_id: &str,
    resolver: &Arc<dyn HostResolver>,
    candidates: &mut Candidates,
    mdns: MdnsPolicy,
    poll: Duration,
    deadline: Instant,
    mut on_wait: impl FnMut(Duration),
) -> Option<Found> {
    let started = Instant::now();
    // mDNS is a help, not a must: without it (switched off, no interface) the addresses still work.
    let daemon = Daemon(mdns.daemon().ok().flatten());
    let mut browser = daemon.0.as_ref().and_then(|d| Browser::start(d).ok());
    let per_try = poll.clamp(Duration::from_millis(500), Duration::from_secs(3));
    loop {
        for (address, source) in candidates.list.clone() {
            if answers_as(&address, device_id, per_try, resolver).await {
                return Some(Found { address, source });
            }
        }
        if Instant::now() >= deadline {
            return None;
        }
        on_wait(started.elapsed());
        let next_round = (Instant::now() + poll).min(deadline);
        // Until the next round, take mDNS announcements as they come.
        loop {
            let event = async {
                match browser.as_mut() {
                    Some(b) => b.next().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = tokio::time::sleep_until(next_round) => break,
                ev = event => match ev {
                    Some(DiscoveryEvent::Found(d)) if d.device_id.eq_ignore_ascii_case(device_id) => {
                        if let Some(a) = d.address() {
                            candidates.add(a, Source::Mdns);
                        }
                        break;
                    }
                    Some(_) => {}
                    None => browser = None,
                }
            }
        }
    }
}
