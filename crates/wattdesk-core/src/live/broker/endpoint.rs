//! Where a broker is and how to log in: parsed from the `mqtt://` / `mqtts://` URL the user (or the
//! device's own MQTT settings) gives, plus credentials and certificates.

use super::BrokerError;
use whatwatt::Secret;

#[derive(Clone, PartialEq)]
pub struct BrokerEndpoint {
    pub host: String,
    pub port: u16,
    pub tls: bool,
    /// PEM of the CA that signed the broker's certificate; `None` = the system's trusted roots.
    pub ca_pem: Option<String>,
    /// PEM client certificate and key, for brokers that require mutual TLS.
    pub client_auth: Option<(String, Secret)>,
    pub username: Option<String>,
    pub password: Option<Secret>,
}

// Never prints secrets (the key and password are `Secret`s, and the CA is noise in a log).
impl std::fmt::Debug for BrokerEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerEndpoint")
            .field("url", &self.url())
            .field("ca", &self.ca_pem.is_some())
            .field("client_auth", &self.client_auth.is_some())
            .field("username", &self.username)
            .field("password", &self.password.is_some())
            .finish()
    }
}

impl BrokerEndpoint {
    /// True when the broker is this computer (its traffic never crosses the network).
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// A warning when a login would cross the network unencrypted: `mqtt://` to another host with a
    /// username or password (anyone on the way can read them, and the readings).
    pub fn plain_login_warning(
        url: &str,
        username: Option<&str>,
        has_password: bool,
    ) -> Option<String> {
        let e = BrokerEndpoint::parse(url).ok()?;
        let login = has_password || username.is_some_and(|u| !u.is_empty());
        (login && !e.tls && !e.is_loopback()).then(|| {
            format!(
                "The login to {} goes over the network unencrypted (mqtt://): anyone on the way can read the username and password. Use mqtts:// if the broker offers it.",
                e.host
            )
        })
    }

    /// `mqtt://host[:port]` (1883) or `mqtts://host[:port]` (8883). A bare `host[:port]` means `mqtt://`.
    pub fn parse(url: &str) -> Result<BrokerEndpoint, BrokerError> {
        let text = url.trim();
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("mqtt://{text}")
        };
        // The URL itself stays out of the error: it may hold a password typed in the wrong place.
        let bad = |why: &str| BrokerError::InvalidUrl {
            reason: why.to_owned(),
        };
        let parsed = url::Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
        let tls = match parsed.scheme() {
            "mqtt" | "tcp" => false,
            "mqtts" | "ssl" => true,
            other => {
                return Err(bad(&format!(
                    "scheme {other}:// is not MQTT (use mqtt:// or mqtts://)"
                )))
            }
        };
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(bad(
                "put the username and password in their own fields, not in the URL",
            ));
        }
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = parsed.port().unwrap_or(if tls { 8883 } else { 1883 });
        Ok(BrokerEndpoint {
            host,
            port,
            tls,
            ca_pem: None,
            client_auth: None,
            username: None,
            password: None,
        })
    }

    pub fn url(&self) -> String {
        let scheme = if self.tls { "mqtts" } else { "mqtt" };
        if self.host.contains(':') {
            format!("{scheme}://[{}]:{}", self.host, self.port)
        } else {
            format!("{scheme}://{}:{}", self.host, self.port)
        }
    }

    /// Meters on the same broker with the same login share one connection.
    pub(crate) fn identity(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.ca_pem.hash(&mut h);
        if let Some((c, k)) = &self.client_auth {
            c.hash(&mut h);
            k.expose().hash(&mut h);
        }
        self.password
            .as_ref()
            .map(|p| p.expose().to_owned())
            .hash(&mut h);
        format!(
            "{} {} {:x}",
            self.url(),
            self.username.as_deref().unwrap_or(""),
            h.finish()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schemes_and_default_ports() {
        let e = BrokerEndpoint::parse("mqtt://broker.local").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.tls),
            ("broker.local", 1883, false)
        );
        let e = BrokerEndpoint::parse("mqtts://10.0.0.2").unwrap();
        assert_eq!((e.port, e.tls), (8883, true));
        let e = BrokerEndpoint::parse("192.168.1.5:1884").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("192.168.1.5", 1884));
        assert_eq!(e.url(), "mqtt://192.168.1.5:1884");
    }

    #[test]
    fn refuses_other_schemes_and_inline_credentials() {
        assert!(BrokerEndpoint::parse("http://x").is_err());
        let err = BrokerEndpoint::parse("mqtt://user:hunter2@x").unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
        assert!(BrokerEndpoint::parse("mqtt://").is_err());
    }

    #[test]
    fn a_plain_login_to_another_host_is_warned_about() {
        let w = |url, user: Option<&str>, pw| BrokerEndpoint::plain_login_warning(url, user, pw);
        assert!(w("mqtt://192.168.1.10", Some("ha"), true).is_some());
        assert!(w("mqtt://broker.lan:1883", None, true).is_some());
        assert!(w("mqtt://broker.lan", Some("ha"), false).is_some());
        assert_eq!(w("mqtts://192.168.1.10", Some("ha"), true), None);
        assert_eq!(w("mqtt://127.0.0.1:1883", Some("ha"), true), None);
        assert_eq!(w("mqtt://localhost", Some("ha"), true), None);
        assert_eq!(w("mqtt://[::1]:1883", Some("ha"), true), None);
        assert_eq!(
            w("mqtt://192.168.1.10", None, false),
            None,
            "no login, nothing to read"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let mut e = BrokerEndpoint::parse("mqtt://x").unwrap();
        e.password = Some(Secret::new("hunter2"));
        assert!(!format!("{e:?}").contains("hunter2"));
    }
}
