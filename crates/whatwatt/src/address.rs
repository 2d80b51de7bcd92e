//! Turning what a user types (IP, host name, `host:port`, URL) into the device's base URL.

use crate::Error;
use url::Url;

/// Parses `192.168.1.20`, `whatwatt-9F8124.local`, `host:8080`, `[::1]:80` or `http://host[:port][/...]`
/// into a base URL `http://host[:port]/`. Only `http` and `https` are accepted; any path is dropped.
pub fn parse_address(input: &str) -> Result<Url, Error> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
        return Err(Error::InvalidAddress(crate::redact::snippet(input)));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme)
        .map_err(|_| Error::InvalidAddress(crate::redact::snippet(input)))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(Error::InvalidAddress(crate::redact::snippet(input)));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Never keep credentials in a URL: they would end up in logs and error messages.
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    url.set_path("/");
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// `host:port` of a base URL (the port spelled out even when it is the scheme's default): the form
/// saved addresses and connection probes use.
pub fn host_port(url: &Url) -> Option<String> {
    Some(format!(
        "{}:{}",
        url.host_str()?,
        url.port_or_known_default()?
    ))
}

#[cfg(test)]
mod tests {
    use super::{host_port, parse_address};

    #[test]
    fn host_port_spells_out_the_default_port() {
        let hp = |s: &str| host_port(&parse_address(s).unwrap());
        assert_eq!(hp("192.168.1.20").as_deref(), Some("192.168.1.20:80"));
        assert_eq!(hp("http://10.0.0.5:81/x").as_deref(), Some("10.0.0.5:81"));
        assert_eq!(
            hp("https://meter.example").as_deref(),
            Some("meter.example:443")
        );
    }

    #[test]
    fn accepts_what_users_type() {
        let cases = [
            ("192.168.1.20", "http://192.168.1.20/"),
            ("whatwatt-9F8124.local", "http://whatwatt-9f8124.local/"),
            ("127.0.0.1:8080", "http://127.0.0.1:8080/"),
            ("[::1]:80", "http://[::1]/"),
            (
                "http://10.0.0.5:81/api/v1/system?x=1",
                "http://10.0.0.5:81/",
            ),
            (" https://meter.example ", "https://meter.example/"),
            ("http://user:pw@host/", "http://host/"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_address(input).unwrap().as_str(), want, "{input}");
        }
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "  ", "ftp://host", "http://", "a b", "http://:80"] {
            assert!(parse_address(bad).is_err(), "{bad:?}");
        }
    }
}
