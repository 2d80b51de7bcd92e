//! Finding a device again by its id after it moved to the home network: its mDNS advertisement
//! (TXT `id`), the station address it reported while its access point lingered, and any address the
//! user gave. No password goes to any of them: a device being set up is not protected yet, and only
//! `/api/v1/system` (which carries the id) is asked.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use whatwatt::discovery::{Browser, DiscoveryEvent};
use whatwatt::resolve::HostResolver;
use whatwatt::{Client, MdnsPolicy};

/// Addresses to try, in the order they were learned.
#[derive(Debug, Default)]
pub struct Candidates {
    list: Vec<String>,
    seen: BTreeSet<String>,
}

impl Candidates {
    pub fn add(&mut self, address: impl Into<String>) {
        let a = address.into();
        if !a.is_empty() && self.seen.insert(a.clone()) {
            self.list.push(a);
        }
    }
    pub fn all(&self) -> &[String] {
        &self.list
    }
}

/// Whether the device at `address` answers with `device_id` (ids compare case-insensitively: devices
/// and their mDNS records print them in either case).
pub async fn answers_as(
    address: &str,
    device_id: &str,
    timeout: Duration,
    resolver: &Arc<dyn HostResolver>,
) -> Option<Client> {
    let client = Client::builder(address)
        .resolver(resolver.clone())
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .ok()?;
    let sys = client.system().await.ok()?;
    sys.device
        .id
        .eq_ignore_ascii_case(device_id)
        .then_some(client)
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
) -> Option<(String, Client)> {
    let started = Instant::now();
    // mDNS is a help, not a must: without it (switched off, no interface) the addresses still work.
    let daemon = mdns.daemon().ok().flatten();
    let mut browser = daemon.as_ref().and_then(|d| Browser::start(d).ok());
    let per_try = poll.clamp(Duration::from_millis(200), Duration::from_secs(3));
    let found = loop {
        let mut hit = None;
        for address in candidates.all().to_vec() {
            if let Some(c) = answers_as(&address, device_id, per_try, resolver).await {
                hit = Some((address, c));
                break;
            }
        }
        if hit.is_some() {
            break hit;
        }
        if Instant::now() >= deadline {
            break None;
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
                            candidates.add(a);
                        }
                        break;
                    }
                    Some(_) => {}
                    None => browser = None,
                }
            }
        }
    };
    if let Some(d) = daemon {
        let _ = d.shutdown();
    }
    found
}
