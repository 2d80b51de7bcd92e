//! `wattdesk-cli discover`: meters advertising on the network (mDNS, `WATTDESK_MDNS`).

use crate::error::{CliError, Result};
use std::process::ExitCode;
use std::time::Duration;
use whatwatt::MdnsPolicy;

pub async fn discover(seconds: u64, json: bool) -> Result<ExitCode> {
    let policy = MdnsPolicy::from_env()?;
    let Some(daemon) = policy.daemon()? else {
        return Err(CliError::Usage("mDNS is off (WATTDESK_MDNS=off)".into()));
    };
    let mut browser = whatwatt::Browser::start(&daemon)?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let mut seen = std::collections::BTreeSet::new();
    while let Ok(Some(ev)) = tokio::time::timeout_at(deadline, browser.next()).await {
        if let whatwatt::DiscoveryEvent::Found(d) = ev {
            if !seen.insert((d.device_id.clone(), d.address())) {
                continue;
            }
            if json {
                println!("{}", serde_json::json!({"type": "found", "device": d}));
            } else {
                println!(
                    "{}  {}  {}  {}",
                    d.device_id,
                    d.address().unwrap_or_default(),
                    d.host_name,
                    d.instance_name
                );
            }
        }
    }
    drop(browser);
    let _ = daemon.shutdown();
    if seen.is_empty() && !json {
        eprintln!("no whatwatt Go found in {seconds} s");
    }
    Ok(ExitCode::SUCCESS)
}
