//! HTTP authentication as the device does it: Digest (firmware ≥ 1.10, `MD5-sess`, `qop=auth`) or Basic
//! (older firmware), chosen from the server's challenge. The username is always empty.

pub mod digest;
pub mod params;

use base64::Engine as _;
pub use digest::{Algorithm, DigestChallenge, DigestSession};

/// How a device checks the password. Digest (firmware ≥ 1.10) never sends it; Basic sends it in clear,
/// readable by anyone on the path, so a client answers Basic only where that is known to be right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthScheme {
    Basic,
    Digest,
}

/// What a `WWW-Authenticate` header asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Basic { realm: Option<String> },
    Digest(DigestChallenge),
}

impl Challenge {
    pub fn scheme(&self) -> AuthScheme {
        match self {
            Challenge::Basic { .. } => AuthScheme::Basic,
            Challenge::Digest(_) => AuthScheme::Digest,
        }
    }

    /// Picks the strongest challenge among the `WWW-Authenticate` header values (Digest over Basic).
    /// Unknown schemes are ignored; `None` if nothing usable was offered.
    pub fn pick<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Challenge> {
        let mut basic = None;
        for v in values {
            let v = v.trim();
            let (scheme, rest) = v.split_once(char::is_whitespace).unwrap_or((v, ""));
            if scheme.eq_ignore_ascii_case("digest") {
                if let Some(d) = DigestChallenge::parse(rest) {
                    return Some(Challenge::Digest(d));
                }
            } else if scheme.eq_ignore_ascii_case("basic") {
                let realm = params::parse(rest).remove("realm");
                basic = Some(Challenge::Basic { realm });
            }
        }
        basic
    }
}

/// `Authorization: Basic` value for the empty user and `password`.
pub fn basic_header(password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!(":{password}"));
    format!("Basic {token}")
}
