//! The mDNS interface policy shared by every WattDesk binary, from the `WATTDESK_MDNS` variable:
//! `all` (default, real homes), `loopback` (only `lo`: tests, CI, demos — no packet leaves the machine)
//! or `off`.

use crate::Error;
use mdns_sd::{IfKind, ServiceDaemon};

pub const ENV_VAR: &str = "WATTDESK_MDNS";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdnsPolicy {
    All,
    Loopback,
    Off,
}

impl MdnsPolicy {
    /// Reads [`ENV_VAR`]. Unknown values are an error rather than a silent fallback to `all`, because
    /// a typo on a build machine must not send packets onto the network.
    pub fn from_env() -> Result<MdnsPolicy, Error> {
        match std::env::var(ENV_VAR) {
            Err(_) => Ok(MdnsPolicy::All),
            Ok(v) => MdnsPolicy::parse(&v),
        }
    }

    pub fn parse(v: &str) -> Result<MdnsPolicy, Error> {
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "all" => Ok(MdnsPolicy::All),
            "loopback" | "lo" => Ok(MdnsPolicy::Loopback),
            "off" | "none" | "0" => Ok(MdnsPolicy::Off),
            other => Err(Error::Mdns(format!(
                "{ENV_VAR}={other:?} is not one of all, loopback, off"
            ))),
        }
    }

    /// Starts an mDNS daemon restricted by the policy; `None` when mDNS is off.
    pub fn daemon(self) -> Result<Option<ServiceDaemon>, Error> {
        if self == MdnsPolicy::Off {
            return Ok(None);
        }
        let d = ServiceDaemon::new().map_err(|e| Error::Mdns(e.to_string()))?;
        if self == MdnsPolicy::Loopback {
            d.disable_interface(IfKind::All)
                .and_then(|_| d.enable_interface(IfKind::LoopbackV4))
                .map_err(|e| Error::Mdns(e.to_string()))?;
        }
        Ok(Some(d))
    }
}

#[cfg(test)]
mod tests {
    use super::MdnsPolicy;

    #[test]
    fn parses_policy() {
        assert_eq!(MdnsPolicy::parse("LOOPBACK").unwrap(), MdnsPolicy::Loopback);
        assert_eq!(MdnsPolicy::parse("").unwrap(), MdnsPolicy::All);
        assert_eq!(MdnsPolicy::parse("off").unwrap(), MdnsPolicy::Off);
        assert!(MdnsPolicy::parse("lan").is_err());
    }
}
